/* sportello-desk-application.h: the desk console and display board program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sportello.h"
#include "sportello-speaker.h"

G_BEGIN_DECLS

#define SPORTELLO_TYPE_DESK_APPLICATION (sportello_desk_application_get_type ())
G_DECLARE_FINAL_TYPE (SportelloDeskApplication, sportello_desk_application, SPORTELLO, DESK_APPLICATION, AdwApplication)

SportelloDeskApplication *sportello_desk_application_new (void);

SportelloStore   *sportello_desk_application_get_store   (SportelloDeskApplication *self);
SportelloCatalog *sportello_desk_application_get_catalog (SportelloDeskApplication *self);
SportelloDesk    *sportello_desk_application_get_desk    (SportelloDeskApplication *self);
/* --audio-file: where the board renders its sound instead of a device, or NULL. */
const char       *sportello_desk_application_get_audio_file (SportelloDeskApplication *self);

G_END_DECLS
