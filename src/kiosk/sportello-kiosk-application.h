/* sportello-kiosk-application.h: the kiosk's GtkApplication
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SPORTELLO_TYPE_KIOSK_APPLICATION (sportello_kiosk_application_get_type ())
G_DECLARE_FINAL_TYPE (SportelloKioskApplication, sportello_kiosk_application, SPORTELLO, KIOSK_APPLICATION, GtkApplication)

SportelloKioskApplication *sportello_kiosk_application_new (void);

G_END_DECLS
