/* main.c: sportello, the citizens' touch kiosk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gst/gst.h>

#include "sportello-kiosk-application.h"
#include "sportello-locale.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SportelloKioskApplication) app = NULL;
  int status;

  sportello_locale_init ();

  app = sportello_kiosk_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);
  g_clear_object (&app);

  /* Streaming threads wait idle in GStreamer's pool after the last
   * pipeline stops: join them, so that nothing runs while the process
   * exits (and leak checkers see a quiet process). */
  if (gst_is_initialized ())
    gst_task_cleanup_all ();
  return status;
}
