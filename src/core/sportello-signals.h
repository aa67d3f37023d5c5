/* sportello-signals.h: leaving cleanly when the system asks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* SIGTERM (systemd, a test) and SIGINT (Ctrl+C) end @app's main loop, so
 * that windows, players and the store are released in order rather than
 * cut off. The handlers go away when @app shuts down. */
void sportello_quit_on_signals (GApplication *app);

G_END_DECLS
