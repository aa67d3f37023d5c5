/* sportello-desk-window.h: the operators' console
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sportello-desk-application.h"

G_BEGIN_DECLS

#define SPORTELLO_TYPE_DESK_WINDOW (sportello_desk_window_get_type ())
G_DECLARE_FINAL_TYPE (SportelloDeskWindow, sportello_desk_window, SPORTELLO, DESK_WINDOW, AdwApplicationWindow)

/* operator_id (may be NULL) prefills the sign-in page. */
SportelloDeskWindow *sportello_desk_window_new (SportelloDeskApplication *app,
                                                const char               *operator_id);

G_END_DECLS
