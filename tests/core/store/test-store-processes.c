/* test-store-processes.c: several processes call the next ticket of one
 * queue at once; each ticket is called exactly once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "store-test-common.h"

#define N_WORKERS 4
#define N_TICKETS 200

static void
test_call_next_processes (void)
{
  TestDir td;
  g_autoptr(GError) error = NULL;
  g_autoptr(SportelloStore) store = NULL;
  g_autoptr(GHashTable) called = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *worker = g_test_build_filename (G_TEST_BUILT, "store-worker", NULL);
  GSubprocess *procs[N_WORKERS];
  int per_worker[N_WORKERS];
  GDate date;
  sqlite3 *db;

  test_dir_init (&td);
  store = open_store (td.db_path);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 5, G_DATE_MARCH, 2030);
  for (int i = 0; i < N_TICKETS; i++)
    {
      g_autoptr(SportelloTicket) t = book_ticket (store, i % 2 ? "permit" : "work", i % 2 ? 'A' : 'B',
                                                  &date, -1, 0, NULL, &error);
      g_assert_no_error (error);
    }

  /* All started before any is waited for. */
  for (int w = 0; w < N_WORKERS; w++)
    {
      g_autofree char *op = g_strdup_printf ("op%d", w);

      procs[w] = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                   worker, "call-next", td.db_path, "2030-03-05", op, NULL);
      g_assert_no_error (error);
    }
  for (int w = 0; w < N_WORKERS; w++)
    {
      g_autofree char *out = NULL;
      g_auto(GStrv) lines = NULL;

      g_assert_true (g_subprocess_communicate_utf8 (procs[w], NULL, NULL, &out, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_exited (procs[w]));
      g_assert_cmpint (g_subprocess_get_exit_status (procs[w]), ==, 0);
      lines = g_strsplit (g_strstrip (out), "\n", -1);
      per_worker[w] = 0;
      for (int i = 0; lines[i] != NULL; i++)
        {
          if (*lines[i] == '\0')
            continue;
          if (g_hash_table_contains (called, lines[i]))
            g_error ("ticket %s was called twice", lines[i]);
          g_hash_table_add (called, g_strdup (lines[i]));
          per_worker[w]++;
        }
      g_object_unref (procs[w]);
    }
  g_test_message ("calls per worker: %d %d %d %d", per_worker[0], per_worker[1], per_worker[2], per_worker[3]);
  g_assert_cmpuint (g_hash_table_size (called), ==, N_TICKETS);

  /* None missing, each CALLED exactly once in the history, by its worker. */
  {
    g_autoptr(GPtrArray) tickets = sportello_store_list_tickets (store, &date, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (tickets->len, ==, N_TICKETS);
    for (guint i = 0; i < tickets->len; i++)
      {
        SportelloTicket *t = g_ptr_array_index (tickets, i);

        g_assert_cmpint (t->state, ==, SPORTELLO_STATE_CALLED);
        g_assert_true (g_hash_table_contains (called, t->code));
        g_assert_nonnull (t->operator_id);
        g_assert_cmpstr (t->operator_id, ==, t->counter);
      }
  }
  db = open_raw (td.db_path);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM transitions WHERE to_state = 3"), ==, N_TICKETS);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM (SELECT ticket FROM transitions WHERE to_state = 3"
                                " GROUP BY ticket HAVING count(*) != 1)"), ==, 0);
  {
    g_autofree char *check = raw_text (db, "PRAGMA integrity_check");
    g_assert_cmpstr (check, ==, "ok");
  }
  sqlite3_close (db);

  g_clear_object (&store);
  test_dir_clear (&td);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/processes/call-next", test_call_next_processes);
  return g_test_run ();
}
