/* sportello-pin.h: PIN hashing with Argon2id (libsodium crypto_pwhash)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* 4 to 12 digits. */
gboolean sportello_pin_is_valid (const char *pin);
/* An encoded "$argon2id$..." string; NULL with error when the PIN is not valid. */
char    *sportello_pin_hash     (const char  *pin,
                                 GError     **error);
gboolean sportello_pin_verify   (const char *hash,
                                 const char *pin);

G_END_DECLS
