/* test-store-stats.c: anonymous session summaries — what the schema may
 * hold, aggregates on a known dataset, suppression and exports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "store-test-common.h"

/* The only columns the statistics tables may have.  Adding one must be a
 * deliberate privacy decision: update this list and say why. */
static const char * const session_columns[] = {
  "id", "kiosk_id", "day", "hour", "weekday", "language", "booked", "walk_in",
  "checked_in", "viewed_service", "end_reason", "campaign", NULL,
};
static const char * const item_columns[] = {
  "kind", "item", "day", "kiosk_id", "session", NULL,
};
static const char * const count_columns[] = {
  "dimension", "key", "key2", "day", "kiosk_id", "count", NULL,
};
/* Name fragments that would point at a person, a ticket or an exact time. */
static const char * const forbidden[] = {
  "name", "phone", "mail", "code", "ticket", "number", "minute", "second", "time",
  "_at", "created", "birth", "address", "ip", "user", "person", "operator", "note", NULL,
};

static void
check_columns (sqlite3            *db,
               const char         *table,
               const char * const *allowed)
{
  g_autofree char *sql = g_strdup_printf ("SELECT name FROM pragma_table_info ('%s')", table);
  sqlite3_stmt *stmt = NULL;
  guint seen = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);

      if (!g_strv_contains (allowed, name))
        g_error ("%s has a column %s that is not on the privacy allow-list", table, name);
      for (int i = 0; forbidden[i] != NULL; i++)
        if (strstr (name, forbidden[i]) != NULL && strcmp (name, "kiosk_id") != 0)
          g_error ("%s.%s looks like personal data or an exact time", table, name);
      seen++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (seen, ==, g_strv_length ((char **) allowed));
}

static void
test_privacy_schema (void)
{
  TestDir td;
  g_autoptr(SportelloStore) store = NULL;
  sqlite3 *db;
  const char *tables[] = { "sessions", "session_items", "session_counts" };

  test_dir_init (&td);
  store = open_store (td.db_path);
  db = open_raw (td.db_path);
  check_columns (db, "sessions", session_columns);
  check_columns (db, "session_items", item_columns);
  check_columns (db, "session_counts", count_columns);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *rowid = g_strdup_printf ("SELECT rowid FROM %s", tables[i]);
      g_autofree char *fks = g_strdup_printf ("SELECT count(*) FROM pragma_foreign_key_list ('%s')"
                                              " WHERE \"table\" != 'sessions'", tables[i]);
      sqlite3_stmt *stmt = NULL;

      /* WITHOUT ROWID: there is no insertion counter to read. */
      g_assert_cmpint (sqlite3_prepare_v2 (db, rowid, -1, &stmt, NULL), ==, SQLITE_ERROR);
      sqlite3_finalize (stmt);
      /* Nothing refers to tickets, transitions or operators. */
      g_assert_cmpint (raw_int (db, fks), ==, 0);
    }
  /* And nothing refers to the sessions from the ticket side. */
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_schema s, pragma_foreign_key_list (s.name) f"
                                " WHERE s.type = 'table' AND s.name NOT LIKE 'session%' AND f.\"table\" LIKE 'session%'"), ==, 0);
  sqlite3_close (db);
  g_clear_object (&store);
  test_dir_clear (&td);
}

/* The known dataset: session i of N, each property a simple function of i. */
#define N_SESSIONS 240

static const char * const languages[] = { "ar", "en", "fr", "zh_CN", "uk" };
static const char * const topics[] = { "documents", "work", "health" };
static const char * const services_[] = { "permit", "cpi", "tessera" };

typedef struct
{
  int day;          /* 1..3 March 2026 */
  int hour;
  const char *kiosk;
  const char *language;
  gboolean booked, walk_in, checked_in;
  SportelloEndReason end;
  SportelloCampaign campaign;
  int n_topics;     /* first n topics */
  int n_services;
} Session;

static Session
session_for (int i)
{
  Session s;

  s.day = 1 + i % 3;
  s.hour = 9 + (i / 3) % 5;
  s.kiosk = i % 4 == 0 ? "kiosk-b" : "kiosk-a";
  s.language = languages[(i * 7) % G_N_ELEMENTS (languages)];
  s.booked = i % 5 == 0;
  s.walk_in = i % 7 == 0;
  s.checked_in = i % 11 == 0;
  s.end = i % 3;
  s.campaign = i % SPORTELLO_N_CAMPAIGNS;
  s.n_topics = i % 4;
  s.n_services = i % 4 == 3 ? 0 : (i % 3) + (i % 2);
  return s;
}

static void
record_dataset (SportelloStore *store)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();

  for (int i = 0; i < N_SESSIONS; i++)
    {
      g_autoptr(GError) error = NULL;
      Session s = session_for (i);
      g_autoptr(GDateTime) start = g_date_time_new (tz, 2026, 3, s.day, s.hour, 17 + i % 40, 3);
      g_autoptr(SportelloSessionSummary) summary = sportello_session_summary_new (s.kiosk, start);

      summary->language = g_strdup (s.language);
      summary->booked = s.booked;
      summary->walk_in = s.walk_in;
      summary->checked_in = s.checked_in;
      summary->end_reason = s.end;
      summary->campaign = s.campaign;
      for (int t = 0; t < s.n_topics; t++)
        {
          sportello_session_summary_add_topic (summary, topics[t]);
          sportello_session_summary_add_topic (summary, topics[t]);  /* duplicates count once */
        }
      for (int k = 0; k < s.n_services; k++)
        sportello_session_summary_add_service (summary, services_[k]);
      g_assert_true (sportello_store_record_session (store, summary, &error));
      g_assert_no_error (error);
    }
}

/* What a query should return, counted here in C over the same dataset. */
static GHashTable *
expected_counts (SportelloStatsDimension  by,
                 const char              *kiosk,
                 int                      from_day,
                 int                      to_day)
{
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (int i = 0; i < N_SESSIONS; i++)
    {
      Session s = session_for (i);
      g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

      if (kiosk != NULL && strcmp (kiosk, s.kiosk) != 0)
        continue;
      if (s.day < from_day || s.day > to_day)
        continue;
      switch (by)
        {
        case SPORTELLO_STATS_BY_DAY:
          g_ptr_array_add (keys, g_strdup_printf ("2026-03-%02d", s.day));
          break;
        case SPORTELLO_STATS_BY_HOUR:
          g_ptr_array_add (keys, g_strdup_printf ("%02d", s.hour));
          break;
        case SPORTELLO_STATS_BY_WEEKDAY:
          {
            g_autoptr(GDateTime) dt = g_date_time_new_utc (2026, 3, s.day, 12, 0, 0);
            g_ptr_array_add (keys, g_strdup_printf ("%d", g_date_time_get_day_of_week (dt)));
          }
          break;
        case SPORTELLO_STATS_BY_HOUR_OF_WEEK:
          {
            g_autoptr(GDateTime) dt = g_date_time_new_utc (2026, 3, s.day, 12, 0, 0);
            g_ptr_array_add (keys, g_strdup_printf ("%d/%02d", g_date_time_get_day_of_week (dt), s.hour));
          }
          break;
        case SPORTELLO_STATS_BY_KIOSK:
          g_ptr_array_add (keys, g_strdup (s.kiosk));
          break;
        case SPORTELLO_STATS_BY_LANGUAGE:
          g_ptr_array_add (keys, g_strdup (s.language));
          break;
        case SPORTELLO_STATS_BY_TOPIC:
          for (int t = 0; t < s.n_topics; t++)
            g_ptr_array_add (keys, g_strdup (topics[t]));
          break;
        case SPORTELLO_STATS_BY_SERVICE:
          for (int k = 0; k < s.n_services; k++)
            g_ptr_array_add (keys, g_strdup (services_[k]));
          break;
        case SPORTELLO_STATS_BY_CAMPAIGN:
          g_ptr_array_add (keys, g_strdup (sportello_campaign_to_string (s.campaign)));
          break;
        case SPORTELLO_STATS_BY_END_REASON:
          g_ptr_array_add (keys, g_strdup (sportello_end_reason_to_string (s.end)));
          break;
        case SPORTELLO_STATS_BY_FUNNEL:
          g_ptr_array_add (keys, g_strdup ("sessions"));
          if (s.n_services > 0)
            g_ptr_array_add (keys, g_strdup ("service-viewed"));
          if (s.booked)
            g_ptr_array_add (keys, g_strdup ("booked"));
          if (s.walk_in)
            g_ptr_array_add (keys, g_strdup ("walk-in"));
          if (s.checked_in)
            g_ptr_array_add (keys, g_strdup ("checked-in"));
          break;
        default:
          g_assert_not_reached ();
        }
      for (guint k = 0; k < keys->len; k++)
        {
          const char *key = g_ptr_array_index (keys, k);
          gpointer old = g_hash_table_lookup (counts, key);

          g_hash_table_insert (counts, g_strdup (key), GINT_TO_POINTER (GPOINTER_TO_INT (old) + 1));
        }
    }
  return counts;
}

static void
check_query (SportelloStore          *store,
             SportelloStatsDimension  by,
             const char              *kiosk,
             int                      from_day,
             int                      to_day)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) expected = expected_counts (by, kiosk, from_day, to_day);
  g_autoptr(GPtrArray) rows = NULL;
  SportelloStatsQuery query = { .by = by, .kiosk_id = kiosk };

  g_date_clear (&query.from, 1);
  g_date_clear (&query.to, 1);
  if (from_day > 1)
    g_date_set_dmy (&query.from, from_day, G_DATE_MARCH, 2026);
  if (to_day < 3)
    g_date_set_dmy (&query.to, to_day, G_DATE_MARCH, 2026);

  rows = sportello_store_query_stats (store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, g_hash_table_size (expected));
  for (guint i = 0; i < rows->len; i++)
    {
      SportelloStatsRow *row = g_ptr_array_index (rows, i);
      g_autofree char *key = row->key2 != NULL ? g_strdup_printf ("%s/%s", row->key, row->key2)
                                               : g_strdup (row->key);

      g_assert_false (row->suppressed);
      if (!g_hash_table_contains (expected, key))
        g_error ("%s: unexpected key %s", sportello_stats_dimension_to_string (by), key);
      g_assert_cmpint (row->count, ==, GPOINTER_TO_INT (g_hash_table_lookup (expected, key)));
      if (by == SPORTELLO_STATS_BY_HOUR_OF_WEEK)
        g_assert_nonnull (row->key2);
      else
        g_assert_null (row->key2);
      /* sorted by key, except the funnel's fixed order */
      if (i > 0 && by != SPORTELLO_STATS_BY_FUNNEL)
        {
          SportelloStatsRow *prev = g_ptr_array_index (rows, i - 1);
          int cmp = strcmp (prev->key, row->key);
          g_assert_true (cmp < 0 || (cmp == 0 && g_strcmp0 (prev->key2, row->key2) < 0));
        }
    }
  if (by == SPORTELLO_STATS_BY_FUNNEL && rows->len > 0)
    {
      const char *order[] = { "sessions", "service-viewed", "booked", "walk-in", "checked-in" };

      for (guint i = 0; i < G_N_ELEMENTS (order); i++)
        g_assert_cmpstr (((SportelloStatsRow *) g_ptr_array_index (rows, i))->key, ==, order[i]);
    }
}

static void
test_known_dataset (void)
{
  TestDir td;
  g_autoptr(SportelloStore) store = NULL;
  sqlite3 *db;

  test_dir_init (&td);
  store = open_store (td.db_path);

  /* An empty database answers with no rows. */
  for (int by = SPORTELLO_STATS_BY_DAY; by <= SPORTELLO_STATS_BY_FUNNEL; by++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) rows = NULL;
      SportelloStatsQuery query = { .by = by };

      g_date_clear (&query.from, 1);
      g_date_clear (&query.to, 1);
      rows = sportello_store_query_stats (store, &query, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (rows->len, ==, 0);
    }

  record_dataset (store);
  for (int by = SPORTELLO_STATS_BY_DAY; by <= SPORTELLO_STATS_BY_FUNNEL; by++)
    {
      check_query (store, by, NULL, 1, 3);
      check_query (store, by, "kiosk-b", 1, 3);
      check_query (store, by, NULL, 2, 2);
      check_query (store, by, "kiosk-a", 2, 3);
      check_query (store, by, "no-such-kiosk", 1, 3);
    }

  db = open_raw (td.db_path);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sessions"), ==, N_SESSIONS);
  /* Only the hour is kept: no stored value carries the minutes (17..56). */
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sessions WHERE hour NOT BETWEEN 9 AND 13"), ==, 0);
  /* The physical order is not the order of writing: sessions were
   * written day 1, 2, 3, 1, 2, 3 ... */
  {
    sqlite3_stmt *stmt = NULL;
    int in_order = 0, n = 0, prev = 0;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT CAST (substr (day, 9, 2) AS INTEGER) FROM sessions", -1, &stmt, NULL), ==, SQLITE_OK);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        int day = sqlite3_column_int (stmt, 0);

        if (n > 0 && day == prev % 3 + 1)
          in_order++;
        prev = day;
        n++;
      }
    sqlite3_finalize (stmt);
    g_assert_cmpint (n, ==, N_SESSIONS);
    /* by chance about a third follow the writing pattern; all would mean order leaks */
    g_assert_cmpint (in_order, <, N_SESSIONS / 2);
  }
  sqlite3_close (db);

  g_clear_object (&store);
  test_dir_clear (&td);
}

static void
test_summary (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(SportelloSessionSummary) summary = sportello_session_summary_new ("k", now);
  g_autoptr(GError) error = NULL;
  TestDir td;
  g_autoptr(SportelloStore) store = NULL;
  g_autoptr(SportelloSessionSummary) bad = sportello_session_summary_new (NULL, now);

  sportello_session_summary_add_topic (summary, "a");
  sportello_session_summary_add_topic (summary, "b");
  sportello_session_summary_add_topic (summary, "a");
  sportello_session_summary_add_service (summary, "s");
  sportello_session_summary_add_service (summary, "s");
  g_assert_cmpuint (summary->topics->len, ==, 2);
  g_assert_cmpuint (summary->services->len, ==, 1);
  g_assert_cmpint (summary->end_reason, ==, SPORTELLO_END_FINISHED);
  g_assert_cmpint (summary->campaign, ==, SPORTELLO_CAMPAIGN_NOT_ASKED);

  test_dir_init (&td);
  store = open_store (td.db_path);
  g_assert_false (sportello_store_record_session (store, bad, &error));
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID);
  g_clear_object (&store);
  test_dir_clear (&td);
}

static void
test_names (void)
{
  for (int c = 0; c < SPORTELLO_N_CAMPAIGNS; c++)
    {
      SportelloCampaign back;

      g_assert_nonnull (sportello_campaign_get_label (c));
      g_assert_true (sportello_campaign_from_string (sportello_campaign_to_string (c), &back));
      g_assert_cmpint (back, ==, c);
    }
  for (int r = SPORTELLO_END_FINISHED; r <= SPORTELLO_END_BACK_TO_START; r++)
    {
      SportelloEndReason back;

      g_assert_nonnull (sportello_end_reason_get_label (r));
      g_assert_true (sportello_end_reason_from_string (sportello_end_reason_to_string (r), &back));
      g_assert_cmpint (back, ==, r);
    }
  for (int d = SPORTELLO_STATS_BY_DAY; d <= SPORTELLO_STATS_BY_FUNNEL; d++)
    {
      SportelloStatsDimension back;

      g_assert_true (sportello_stats_dimension_from_string (sportello_stats_dimension_to_string (d), &back));
      g_assert_cmpint (back, ==, d);
    }
  g_assert_cmpstr (sportello_stats_dimension_to_string (SPORTELLO_STATS_BY_HOUR_OF_WEEK), ==, "hour-of-week");
  g_assert_cmpstr (sportello_campaign_to_string (SPORTELLO_CAMPAIGN_FRIEND), ==, "friend");
  g_assert_cmpstr (sportello_end_reason_to_string (SPORTELLO_END_BACK_TO_START), ==, "back-to-start");
  g_assert_false (sportello_campaign_from_string ("billboard", NULL));
  g_assert_false (sportello_stats_dimension_from_string (NULL, NULL));
  g_assert_null (sportello_campaign_to_string (99));
}

static void
test_suppression (void)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) sportello_stats_row_free);
  /* distinctive counts: none of 1..4 as a digit appears elsewhere in the keys */
  const gint64 counts[] = { 0, 1, 2, 3, 4, 5, 6, 987 };
  g_autofree char *csv = NULL;
  g_autofree char *json = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *array;

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autofree char *key = g_strdup_printf ("key-%c", 'a' + i);
      g_ptr_array_add (rows, sportello_stats_row_new (key, NULL, counts[i]));
    }
  g_assert_cmpuint (sportello_stats_suppress (rows, 5), ==, 4);
  for (guint i = 0; i < rows->len; i++)
    {
      SportelloStatsRow *row = g_ptr_array_index (rows, i);
      g_assert_true (row->suppressed == (row->count >= 1 && row->count <= 4));
    }

  csv = sportello_stats_to_csv (rows, SPORTELLO_STATS_BY_LANGUAGE, 5);
  lines = g_strsplit (csv, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "dimension,key,count");
  g_assert_cmpstr (lines[1], ==, "language,key-a,0");
  for (int i = 2; i <= 5; i++)
    {
      g_autofree char *expected = g_strdup_printf ("language,key-%c,<5", 'a' + i - 1);
      g_assert_cmpstr (lines[i], ==, expected);
    }
  g_assert_cmpstr (lines[6], ==, "language,key-f,5");
  g_assert_cmpstr (lines[8], ==, "language,key-h,987");
  g_assert_null (strstr (csv, ",1\n"));
  g_assert_null (strstr (csv, ",4\n"));

  json = sportello_stats_to_json (rows, SPORTELLO_STATS_BY_LANGUAGE, 5);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "dimension"), ==, "language");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), "threshold"), ==, 5);
  array = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "rows");
  g_assert_cmpuint (json_array_get_length (array), ==, rows->len);
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      SportelloStatsRow *row = g_ptr_array_index (rows, i);

      g_assert_cmpint (json_object_get_boolean_member (o, "suppressed"), ==, row->suppressed);
      if (row->suppressed)
        g_assert_true (json_object_get_null_member (o, "count"));
      else
        g_assert_cmpint (json_object_get_int_member (o, "count"), ==, row->count);
    }
  /* The suppressed values appear nowhere as a number. */
  for (int v = 1; v <= 4; v++)
    {
      g_autofree char *needle = g_strdup_printf (": %d", v);
      g_autofree char *needle2 = g_strdup_printf (":%d", v);
      g_assert_null (strstr (json, needle));
      g_assert_null (strstr (json, needle2));
    }

  /* Two-key tables and quoting. */
  {
    g_autoptr(GPtrArray) two = g_ptr_array_new_with_free_func ((GDestroyNotify) sportello_stats_row_free);
    g_autofree char *out = NULL;

    g_ptr_array_add (two, sportello_stats_row_new ("1", "09", 12));
    g_ptr_array_add (two, sportello_stats_row_new ("kiosk, \"hall\"", "=cmd", 7));
    out = sportello_stats_to_csv (two, SPORTELLO_STATS_BY_HOUR_OF_WEEK, 5);
    g_assert_cmpstr (out, ==, "dimension,key,key2,count\n"
                              "hour-of-week,1,09,12\n"
                              "hour-of-week,\"kiosk, \"\"hall\"\"\",'=cmd,7\n");
  }
  /* Empty: header only. */
  {
    g_autoptr(GPtrArray) none = g_ptr_array_new ();
    g_autofree char *out = sportello_stats_to_csv (none, SPORTELLO_STATS_BY_DAY, 5);
    g_assert_cmpstr (out, ==, "dimension,key,count\n");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/stats/privacy-schema", test_privacy_schema);
  g_test_add_func ("/stats/known-dataset", test_known_dataset);
  g_test_add_func ("/stats/summary", test_summary);
  g_test_add_func ("/stats/names", test_names);
  g_test_add_func ("/stats/suppression-and-exports", test_suppression);
  return g_test_run ();
}
