/* test-store-migration.c: a database of every earlier schema version,
 * holding data, upgrades to the current one without losing it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "store-test-common.h"

static void
exec_ok (sqlite3    *db,
         const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static char *
schema_of (const char *path)
{
  sqlite3 *db = open_raw (path);
  sqlite3_stmt *stmt = NULL;
  GString *out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT type, name, sql FROM sqlite_schema ORDER BY name", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%s %s %s\n", sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1),
                            sqlite3_column_text (stmt, 2));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

static void
check_upgrade_from (gconstpointer data)
{
  int version = GPOINTER_TO_INT (data);
  TestDir td, fresh;
  g_autoptr(GError) error = NULL;
  g_autoptr(SportelloStore) store = NULL;
  g_autoptr(SportelloStore) fresh_store = NULL;
  g_autofree char *hash = sportello_pin_hash ("2468", &error);
  g_autofree char *schema = NULL;
  g_autofree char *fresh_schema = NULL;
  GDate date;
  sqlite3 *db;

  test_dir_init (&td);
  g_assert_true (sportello_sqlite_store_create_at_version (td.db_path, version, &error));
  g_assert_no_error (error);

  /* Rows written the way that version wrote them. */
  db = open_raw (td.db_path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, version);
  if (version >= 1)
    exec_ok (db,
             "INSERT INTO tickets (date, code, service, minute, number, language, needs_mediator, phone,"
             " kiosk_id, state, created_at, changed_at) VALUES"
             " ('2030-03-04', 'A-1', 'permit', 540, 1, 'ar', 1, '+39111222', 'k1', 0, 1900000000, 1900000000);"
             "INSERT INTO transitions (ticket, kind, from_state, to_state, at) VALUES (1, 0, 0, 0, 1900000000);"
             "INSERT INTO day_sequences (date, service, last) VALUES ('2030-03-04', 'permit', 1);");
  if (version >= 2)
    {
      g_autofree char *sql = sqlite3_mprintf ("INSERT INTO operators (id, display_name, pin_hash)"
                                              " VALUES ('anna', 'Anna', %Q)", hash);
      exec_ok (db, sql);
      sqlite3_free (sql);
      sql = NULL;
    }
  if (version >= 3)
    exec_ok (db,
             "INSERT INTO sessions VALUES (x'00112233445566778899aabbccddeeff', 'k1', '2030-03-04', 9, 1, 'ar',"
             " 1, 0, 0, 1, 0, 1);"
             "INSERT INTO session_items VALUES (0, 'documents', '2030-03-04', 'k1', x'00112233445566778899aabbccddeeff');");
  sqlite3_close (db);

  store = open_store (td.db_path);
  db = open_raw (td.db_path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, SPORTELLO_SQLITE_SCHEMA_VERSION);
  {
    g_autofree char *check = raw_text (db, "PRAGMA integrity_check");
    g_assert_cmpstr (check, ==, "ok");
  }
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
  sqlite3_close (db);

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 4, G_DATE_MARCH, 2030);
  if (version >= 1)
    {
      g_autoptr(SportelloTicket) old = sportello_store_lookup_ticket (store, &date, "A-1", &error);
      g_autoptr(SportelloTicket) next = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (old->phone, ==, "+39111222");
      g_assert_cmpint (old->minute, ==, 540);
      /* The day's numbering continues where it was. */
      next = book_ticket (store, "permit", 'A', &date, 540, 2, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (next->code, ==, "A-2");
    }
  if (version >= 2)
    {
      g_assert_true (sportello_store_check_pin (store, "anna", "2468", NULL, &error));
      g_assert_no_error (error);
    }
  if (version >= 3)
    {
      SportelloStatsQuery query = { .by = SPORTELLO_STATS_BY_TOPIC };
      g_autoptr(GPtrArray) rows = NULL;

      g_date_clear (&query.from, 1);
      g_date_clear (&query.to, 1);
      rows = sportello_store_query_stats (store, &query, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (rows->len, ==, 1);
      g_assert_cmpstr (((SportelloStatsRow *) g_ptr_array_index (rows, 0))->key, ==, "documents");
    }

  /* The upgraded schema is the one a new database gets. */
  test_dir_init (&fresh);
  fresh_store = open_store (fresh.db_path);
  schema = schema_of (td.db_path);
  fresh_schema = schema_of (fresh.db_path);
  g_assert_cmpstr (schema, ==, fresh_schema);

  g_clear_object (&store);
  g_clear_object (&fresh_store);
  test_dir_clear (&td);
  test_dir_clear (&fresh);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  for (int v = 0; v < SPORTELLO_SQLITE_SCHEMA_VERSION; v++)
    {
      g_autofree char *path = g_strdup_printf ("/store/migration/from-version-%d", v);
      g_test_add_data_func (path, GINT_TO_POINTER (v), check_upgrade_from);
    }
  return g_test_run ();
}
