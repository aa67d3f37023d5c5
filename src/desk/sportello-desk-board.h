/* sportello-desk-board.h: the waiting-room display board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sportello-desk-application.h"

G_BEGIN_DECLS

#define SPORTELLO_TYPE_DESK_BOARD (sportello_desk_board_get_type ())
G_DECLARE_FINAL_TYPE (SportelloDeskBoard, sportello_desk_board, SPORTELLO, DESK_BOARD, AdwApplicationWindow)

SportelloDeskBoard *sportello_desk_board_new (SportelloDeskApplication *app);

G_END_DECLS
