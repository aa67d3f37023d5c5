/* test-pin.c: Argon2id PIN hashes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sportello.h"

static void
test_pin_hash_verify (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = sportello_pin_hash ("482913", &error);
  g_autofree char *again = sportello_pin_hash ("482913", NULL);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_null (strstr (hash, "482913"));
  /* Salted: the same PIN never hashes the same way twice. */
  g_assert_cmpstr (hash, !=, again);

  g_assert_true (sportello_pin_verify (hash, "482913"));
  g_assert_true (sportello_pin_verify (again, "482913"));
  g_assert_false (sportello_pin_verify (hash, "482914"));
  g_assert_false (sportello_pin_verify (hash, ""));
  g_assert_false (sportello_pin_verify ("not a hash", "482913"));
  g_assert_false (sportello_pin_verify (NULL, "482913"));
}

static void
test_pin_rules (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;

  g_assert_true (sportello_pin_is_valid ("1234"));
  g_assert_true (sportello_pin_is_valid ("123456789012"));
  g_assert_false (sportello_pin_is_valid ("123"));
  g_assert_false (sportello_pin_is_valid ("1234567890123"));
  g_assert_false (sportello_pin_is_valid ("12a4"));
  g_assert_false (sportello_pin_is_valid (NULL));

  hash = sportello_pin_hash ("12", &error);
  g_assert_null (hash);
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID);
}

static void
test_paths (void)
{
  g_autofree char *db = NULL;
  g_autofree char *data = NULL;

  g_setenv ("SPORTELLO_DB", "/tmp/from-env.db", TRUE);
  g_setenv ("SPORTELLO_DATA", "/tmp/data-from-env", TRUE);

  db = sportello_paths_db (NULL);
  g_assert_cmpstr (db, ==, "/tmp/from-env.db");
  g_clear_pointer (&db, g_free);
  db = sportello_paths_db ("/tmp/option.db");
  g_assert_cmpstr (db, ==, "/tmp/option.db");
  g_clear_pointer (&db, g_free);

  data = sportello_paths_data_dir (NULL);
  g_assert_cmpstr (data, ==, "/tmp/data-from-env");
  g_clear_pointer (&data, g_free);

  /* Without either, the database goes under the XDG data folder. */
  g_unsetenv ("SPORTELLO_DB");
  g_unsetenv ("SPORTELLO_DATA");
  db = sportello_paths_db (NULL);
  g_assert_true (g_str_has_prefix (db, g_getenv ("XDG_DATA_HOME")));
  g_assert_true (g_str_has_suffix (db, "/sportello/sportello.db"));
  data = sportello_paths_data_dir (NULL);
  g_assert_true (g_file_test (data, G_FILE_TEST_IS_DIR));
}

int
main (int argc, char *argv[])
{
  g_autofree char *home = g_dir_make_tmp ("sportello-paths-XXXXXX", NULL);
  g_autofree char *data_home = g_build_filename (home, "data", NULL);

  /* The default database goes under XDG_DATA_HOME: point it somewhere
   * of the test's own before GLib reads it. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pin/hash-verify", test_pin_hash_verify);
  g_test_add_func ("/pin/rules", test_pin_rules);
  g_test_add_func ("/paths/resolution", test_paths);

  {
    int status = g_test_run ();

    g_rmdir (home);
    return status;
  }
}
