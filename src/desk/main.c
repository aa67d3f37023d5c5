/* main.c: sportello-desk, the operators' console and the display board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>

#include "sportello-desk-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SportelloDeskApplication) app = NULL;
  int status;

  /* The console speaks to staff: its strings live in the staff domain.
   * The board's citizen phrases are looked up in GETTEXT_PACKAGE. */
  sportello_locale_init ();
  textdomain (STAFF_GETTEXT_PACKAGE);

  app = sportello_desk_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);
  g_clear_object (&app);

  /* Streaming threads wait idle in GStreamer's pool after the last
   * pipeline stops: join them, so that nothing runs while the process
   * exits (and leak checkers see a quiet process). */
  if (gst_is_initialized ())
    gst_task_cleanup_all ();
  return status;
}
