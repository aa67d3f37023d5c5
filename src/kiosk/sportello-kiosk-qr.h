/* sportello-kiosk-qr.h: QR codes of ticket codes, drawn from libqrencode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A black-on-white texture of text with a 4-module quiet zone, each module
 * module_px pixels wide, so it is shown unscaled and crisp. */
GdkTexture *sportello_kiosk_qr_texture_new (const char  *text,
                                            int          module_px,
                                            GError     **error);
/* Draws the same code into a square of side `size` at (x, y), e.g. on paper. */
gboolean    sportello_kiosk_qr_draw        (cairo_t     *cr,
                                            const char  *text,
                                            double       x,
                                            double       y,
                                            double       size,
                                            GError     **error);

G_END_DECLS
