/* test-store-readonly.c: a database that cannot be written still reads,
 * and every write is refused with UNAVAILABLE, leaving the file intact
 *
 * The check runs in a worker process.  root ignores file permissions, so
 * when the suite runs as root the worker drops to user nobody first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <grp.h>
#include <string.h>
#include <unistd.h>

#include "store-test-common.h"

#define NOBODY 65534

static void
drop_to_nobody (gpointer user_data)
{
  if (setgroups (0, NULL) != 0
      || setgid (NOBODY) != 0
      || setuid (NOBODY) != 0)
    _exit (99);
}

static void
prepare (TestDir *td,
         GDate   *date)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SportelloStore) store = open_store (td->db_path);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(SportelloSessionSummary) summary = sportello_session_summary_new ("k1", now);
  g_autofree char *hash = sportello_pin_hash ("1234", &error);

  g_date_clear (date, 1);
  g_date_set_dmy (date, 6, G_DATE_MARCH, 2030);
  for (int i = 0; i < 3; i++)
    {
      g_autoptr(SportelloTicket) t = book_ticket (store, "permit", 'A', date, -1, 0, "+39000111", &error);
      g_assert_no_error (error);
    }
  summary->language = g_strdup ("ar");
  g_assert_true (sportello_store_record_session (store, summary, &error));
  g_assert_true (sportello_store_add_operator (store, "op", "Op", hash, &error));
  g_assert_no_error (error);
  /* Closing the last connection checkpoints and removes -wal and -shm. */
}

static void
run_worker (TestDir    *td,
            int         dir_mode,
            const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                                       | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *worker = g_test_build_filename (G_TEST_BUILT, "store-worker", NULL);
  g_autofree char *out = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  sqlite3 *db;

  g_assert_true (g_file_get_contents (td->db_path, &before, &before_len, NULL));
  g_assert_cmpint (g_chmod (td->db_path, 0444), ==, 0);
  g_assert_cmpint (g_chmod (td->dir, dir_mode), ==, 0);
  if (geteuid () == 0)
    {
      g_test_message ("%s: running the worker as user nobody", what);
      g_subprocess_launcher_set_child_setup (launcher, drop_to_nobody, NULL, NULL);
    }
  proc = g_subprocess_launcher_spawn (launcher, &error, worker, "read-only", td->db_path, "2030-03-06", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("%s:\n%s", what, out);
  g_assert_true (g_subprocess_get_if_exited (proc));
  if (g_subprocess_get_exit_status (proc) != 0)
    g_error ("%s: the worker failed (%d):\n%s", what, g_subprocess_get_exit_status (proc), out);
  g_assert_nonnull (strstr (out, "ok booking refused: The database is read-only"));

  g_assert_cmpint (g_chmod (td->dir, 0700), ==, 0);
  g_assert_cmpint (g_chmod (td->db_path, 0644), ==, 0);

  /* Not a byte of the database changed, and it is sound. */
  g_assert_true (g_file_get_contents (td->db_path, &after, &after_len, NULL));
  g_assert_cmpuint (after_len, ==, before_len);
  g_assert_true (memcmp (before, after, after_len) == 0);
  db = open_raw (td->db_path);
  {
    g_autofree char *check = raw_text (db, "PRAGMA integrity_check");
    g_assert_cmpstr (check, ==, "ok");
  }
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM tickets"), ==, 3);
  sqlite3_close (db);
}

/* A read-only file in a folder that cannot be written either (a read-only
 * disk): no -wal or -shm can be made. */
static void
test_read_only_folder (void)
{
  TestDir td;
  GDate date;

  test_dir_init (&td);
  prepare (&td, &date);
  run_worker (&td, 0555, "read-only folder");
  test_dir_clear (&td);
}

/* A read-only file in a folder anyone may write. */
static void
test_read_only_file (void)
{
  TestDir td;
  GDate date;

  test_dir_init (&td);
  prepare (&td, &date);
  run_worker (&td, 0777, "read-only file");
  test_dir_clear (&td);
}

/* Missing and unreachable: a clear UNAVAILABLE, no crash. */
static void
test_cannot_create (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SportelloStore) store = sportello_sqlite_store_new ("/proc/sportello/store.db", &error);

  g_assert_null (store);
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_UNAVAILABLE);
  g_test_message ("%s", error->message);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/read-only/folder", test_read_only_folder);
  g_test_add_func ("/store/read-only/file", test_read_only_file);
  g_test_add_func ("/store/read-only/cannot-create", test_cannot_create);
  return g_test_run ();
}
