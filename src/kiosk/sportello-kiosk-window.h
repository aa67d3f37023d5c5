/* sportello-kiosk-window.h: the kiosk's one window and its screens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sportello-catalog.h"
#include "sportello-desk.h"

G_BEGIN_DECLS

#define SPORTELLO_TYPE_KIOSK_WINDOW (sportello_kiosk_window_get_type ())
G_DECLARE_FINAL_TYPE (SportelloKioskWindow, sportello_kiosk_window, SPORTELLO, KIOSK_WINDOW, GtkApplicationWindow)

GtkWindow *sportello_kiosk_window_new (GtkApplication   *application,
                                       SportelloCatalog *catalog,
                                       SportelloDesk    *desk,
                                       const char       *db_path,
                                       const char       *kiosk_id,
                                       int               idle_timeout,
                                       int               idle_countdown,
                                       gboolean          windowed);

G_END_DECLS
