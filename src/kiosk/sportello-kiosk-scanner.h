/* sportello-kiosk-scanner.h: reads a ticket's QR code through GStreamer
 * (a camera, v4l2src, into the zbar element)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SPORTELLO_TYPE_KIOSK_SCANNER (sportello_kiosk_scanner_get_type ())
G_DECLARE_FINAL_TYPE (SportelloKioskScanner, sportello_kiosk_scanner, SPORTELLO, KIOSK_SCANNER, GObject)

/* The source part of the pipeline: $SPORTELLO_KIOSK_CAMERA (a gst-launch
 * description, e.g. "filesrc location=qr.png ! decodebin ! imagefreeze"
 * for tests), else "v4l2src" when /dev/video0 exists; NULL when there is
 * no camera or no zbar element, so the kiosk hides QR check-in. */
char                  *sportello_kiosk_scanner_find_source (void);

SportelloKioskScanner *sportello_kiosk_scanner_new   (const char             *source);
/* Emits "code-read" (const char *text) once per distinct text read. */
gboolean               sportello_kiosk_scanner_start (SportelloKioskScanner  *self,
                                                      GError                **error);
void                   sportello_kiosk_scanner_stop  (SportelloKioskScanner  *self);

G_END_DECLS
