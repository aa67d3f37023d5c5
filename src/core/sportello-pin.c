/* sportello-pin.c: Argon2id PIN hashes through libsodium
 *
 * libsodium's crypto_pwhash_str() is a maintained, constant-time Argon2id
 * implementation with an encoded, self-describing output; hand-written
 * hashing would be neither.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sodium.h>
#include <string.h>

#include "sportello-error.h"
#include "sportello-pin.h"

static gboolean
ensure_sodium (void)
{
  static gsize state = 0;  /* 1: ready, 2: failed */

  if (g_once_init_enter (&state))
    g_once_init_leave (&state, sodium_init () >= 0 ? 1 : 2);

  return state == 1;
}

gboolean
sportello_pin_is_valid (const char *pin)
{
  size_t len;

  if (pin == NULL)
    return FALSE;

  len = strlen (pin);
  if (len < 4 || len > 12)
    return FALSE;

  for (size_t i = 0; i < len; i++)
    if (!g_ascii_isdigit (pin[i]))
      return FALSE;

  return TRUE;
}

char *
sportello_pin_hash (const char  *pin,
                    GError     **error)
{
  char out[crypto_pwhash_STRBYTES];

  if (!sportello_pin_is_valid (pin))
    {
      g_set_error_literal (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                           "A PIN is 4 to 12 digits");
      return NULL;
    }

  if (!ensure_sodium ())
    {
      g_set_error_literal (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_FAILED,
                           "The cryptography library could not start");
      return NULL;
    }

  /* Interactive limits: a sign-in stays well under a second on a kiosk PC. */
  if (crypto_pwhash_str_alg (out, pin, strlen (pin),
                             crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_FAILED,
                           "Not enough memory to hash the PIN");
      return NULL;
    }

  return g_strdup (out);
}

gboolean
sportello_pin_verify (const char *hash,
                      const char *pin)
{
  if (hash == NULL || pin == NULL || !ensure_sodium ())
    return FALSE;

  if (strlen (hash) >= crypto_pwhash_STRBYTES)
    return FALSE;

  return crypto_pwhash_str_verify (hash, pin, strlen (pin)) == 0;
}
