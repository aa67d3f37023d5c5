/* sportello-signals.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sportello-signals.h"

#include <glib-unix.h>
#include <signal.h>

static gboolean
on_quit_signal_cb (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

static void
on_shutdown_cb (GApplication *app,
                gpointer      user_data)
{
  unsigned *ids = user_data;

  g_clear_handle_id (&ids[0], g_source_remove);
  g_clear_handle_id (&ids[1], g_source_remove);
  g_free (ids);
}

void
sportello_quit_on_signals (GApplication *app)
{
  unsigned *ids;

  g_return_if_fail (G_IS_APPLICATION (app));

  ids = g_new0 (unsigned, 2);
  ids[0] = g_unix_signal_add (SIGTERM, on_quit_signal_cb, app);
  ids[1] = g_unix_signal_add (SIGINT, on_quit_signal_cb, app);
  g_signal_connect (app, "shutdown", G_CALLBACK (on_shutdown_cb), ids);
}
