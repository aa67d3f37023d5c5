/* sportello-kiosk-qr.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sportello-kiosk-qr.h"

#include <errno.h>
#include <qrencode.h>

#include "sportello-error.h"

#define QUIET_ZONE 4

static QRcode *
encode (const char  *text,
        GError     **error)
{
  QRcode *qr;

  g_return_val_if_fail (text != NULL, NULL);

  qr = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (qr == NULL)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Cannot make a QR code of “%s”: %s", text, g_strerror (saved));
    }
  return qr;
}

GdkTexture *
sportello_kiosk_qr_texture_new (const char  *text,
                                int          module_px,
                                GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  QRcode *qr;
  guint8 *pixels;
  int side;
  int stride;

  g_return_val_if_fail (module_px > 0, NULL);

  qr = encode (text, error);
  if (qr == NULL)
    return NULL;

  side = (qr->width + 2 * QUIET_ZONE) * module_px;
  stride = side * 3;
  pixels = g_malloc (stride * side);
  memset (pixels, 0xff, stride * side);

  for (int y = 0; y < qr->width; y++)
    for (int x = 0; x < qr->width; x++)
      {
        if ((qr->data[y * qr->width + x] & 1) == 0)
          continue;
        for (int dy = 0; dy < module_px; dy++)
          {
            guint8 *row = pixels + ((y + QUIET_ZONE) * module_px + dy) * stride;
            memset (row + (x + QUIET_ZONE) * module_px * 3, 0, module_px * 3);
          }
      }
  QRcode_free (qr);

  bytes = g_bytes_new_take (pixels, stride * side);
  return gdk_memory_texture_new (side, side, GDK_MEMORY_R8G8B8, bytes, stride);
}

gboolean
sportello_kiosk_qr_draw (cairo_t     *cr,
                         const char  *text,
                         double       x,
                         double       y,
                         double       size,
                         GError     **error)
{
  QRcode *qr;
  double module;

  qr = encode (text, error);
  if (qr == NULL)
    return FALSE;

  module = size / (qr->width + 2 * QUIET_ZONE);
  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x, y, size, size);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int j = 0; j < qr->width; j++)
    for (int i = 0; i < qr->width; i++)
      if (qr->data[j * qr->width + i] & 1)
        cairo_rectangle (cr,
                         x + (i + QUIET_ZONE) * module,
                         y + (j + QUIET_ZONE) * module,
                         module, module);
  cairo_fill (cr);
  cairo_restore (cr);
  QRcode_free (qr);
  return TRUE;
}
