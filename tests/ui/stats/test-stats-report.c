/* test-stats-report.c: the chart tables of the statistics window on a
 * generated dataset with known answers, without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "sportello.h"
#include "sportello-stats-report.h"

typedef struct
{
  char           *dir;
  SportelloStore *store;
} Fixture;

/* n sessions with the same answers. */
static void
record (SportelloStore *store,
        int             n,
        const char     *kiosk,
        int             y,
        int             m,
        int             d,
        int             hour,
        const char     *language,
        const char     *topic,
        const char     *service,
        int             booked,
        int             walk_in,
        int             checked_in,
        SportelloEndReason end,
        SportelloCampaign  campaign)
{
  for (int i = 0; i < n; i++)
    {
      g_autoptr(GDateTime) when = g_date_time_new_local (y, m, d, hour, (i * 7) % 60, 0);
      g_autoptr(SportelloSessionSummary) s = sportello_session_summary_new (kiosk, when);
      g_autoptr(GError) error = NULL;

      s->language = g_strdup (language);
      if (topic != NULL)
        sportello_session_summary_add_topic (s, topic);
      if (service != NULL)
        sportello_session_summary_add_service (s, service);
      s->booked = i < booked;
      s->walk_in = i < walk_in;
      s->checked_in = i < checked_in;
      s->end_reason = end;
      s->campaign = campaign;
      g_assert_true (sportello_store_record_session (store, s, &error));
      g_assert_no_error (error);
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("stats-report-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "s.db", NULL);
  fixture->store = sportello_sqlite_store_new (path, &error);
  g_assert_no_error (error);

  /* 2026-03-02 is a Monday. */
  record (fixture->store, 37, "kiosk-1", 2026, 3, 2, 10, "ar", "documents", "residence-permit",
          20, 0, 4, SPORTELLO_END_FINISHED, SPORTELLO_CAMPAIGN_SOCIAL);
  record (fixture->store, 12, "kiosk-2", 2026, 3, 3, 11, "fr", "work", "employment-centre",
          0, 5, 0, SPORTELLO_END_IDLE, SPORTELLO_CAMPAIGN_POSTER);
  record (fixture->store, 3, "kiosk-1", 2026, 3, 4, 15, "ti", "legal", "legal-advice",
          0, 0, 0, SPORTELLO_END_BACK_TO_START, SPORTELLO_CAMPAIGN_FRIEND);
  record (fixture->store, 8, "kiosk-2", 2026, 3, 4, 9, "en", NULL, NULL,
          0, 0, 0, SPORTELLO_END_IDLE, SPORTELLO_CAMPAIGN_NOT_ASKED);
  record (fixture->store, 2, "kiosk-1", 2026, 3, 5, 10, "zh_CN", "health", "health-registration",
          0, 0, 0, SPORTELLO_END_FINISHED, SPORTELLO_CAMPAIGN_PRESS);
  /* Outside March: must not count. */
  record (fixture->store, 9, "kiosk-1", 2026, 2, 27, 10, "ar", "documents", "residence-permit",
          0, 0, 0, SPORTELLO_END_FINISHED, SPORTELLO_CAMPAIGN_SOCIAL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "s.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_clear_object (&fixture->store);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static SportelloStatsReport *
query (Fixture    *fixture,
       int         d1,
       int         d2,
       const char *kiosk)
{
  g_autoptr(GError) error = NULL;
  SportelloStatsReport *report;
  GDate from, to;

  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  g_date_set_dmy (&from, d1, 3, 2026);
  g_date_set_dmy (&to, d2, 3, 2026);
  report = sportello_stats_report_query (fixture->store, &from, &to, kiosk, 5, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

/* count and hidden state of a cell; a missing cell is a visible zero. */
static void
assert_cell (const SportelloStatsReport *report,
             SportelloReportTable        table,
             const char                 *key,
             const char                 *key2,
             gint64                      count,
             gboolean                    suppressed)
{
  const SportelloStatsRow *row = sportello_stats_report_lookup (report, table, key, key2);

  if (row == NULL)
    {
      g_assert_cmpint (count, ==, 0);
      g_assert_false (suppressed);
      return;
    }
  if (row->count != count || row->suppressed != suppressed)
    g_error ("%s %s %s: %" G_GINT64_FORMAT " %s, expected %" G_GINT64_FORMAT " %s",
             sportello_report_table_to_string (table), key, key2 ? key2 : "",
             row->count, row->suppressed ? "hidden" : "shown",
             count, suppressed ? "hidden" : "shown");
}

static guint
n_hidden (const SportelloStatsReport *report,
          SportelloReportTable        table)
{
  GPtrArray *rows = report->tables[table];
  guint n = 0;

  for (guint i = 0; i < rows->len; i++)
    if (((SportelloStatsRow *) g_ptr_array_index (rows, i))->suppressed)
      n++;
  return n;
}

static void
test_month_tables (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(SportelloStatsReport) r = query (fixture, 1, 31, NULL);

  g_assert_cmpint (r->total, ==, 62);
  g_assert_false (r->total_suppressed);

  /* Sessions per day: 31 days; 5 March (2) hidden, so 4 March (11) too. */
  g_assert_cmpuint (r->tables[SPORTELLO_REPORT_DAY]->len, ==, 31);
  assert_cell (r, SPORTELLO_REPORT_DAY, "2026-03-01", NULL, 0, FALSE);
  assert_cell (r, SPORTELLO_REPORT_DAY, "2026-03-02", NULL, 37, FALSE);
  assert_cell (r, SPORTELLO_REPORT_DAY, "2026-03-03", NULL, 12, FALSE);
  assert_cell (r, SPORTELLO_REPORT_DAY, "2026-03-04", NULL, 11, TRUE);
  assert_cell (r, SPORTELLO_REPORT_DAY, "2026-03-05", NULL, 2, TRUE);
  g_assert_cmpuint (n_hidden (r, SPORTELLO_REPORT_DAY), ==, 2);

  /* Languages: two small ones hide each other. */
  assert_cell (r, SPORTELLO_REPORT_LANGUAGE, "ar", NULL, 37, FALSE);
  assert_cell (r, SPORTELLO_REPORT_LANGUAGE, "fr", NULL, 12, FALSE);
  assert_cell (r, SPORTELLO_REPORT_LANGUAGE, "en", NULL, 8, FALSE);
  assert_cell (r, SPORTELLO_REPORT_LANGUAGE, "ti", NULL, 3, TRUE);
  assert_cell (r, SPORTELLO_REPORT_LANGUAGE, "zh_CN", NULL, 2, TRUE);
  g_assert_cmpstr (((SportelloStatsRow *) g_ptr_array_index (r->tables[SPORTELLO_REPORT_LANGUAGE], 0))->key,
                   ==, "ar");

  assert_cell (r, SPORTELLO_REPORT_SERVICE, "residence-permit", NULL, 37, FALSE);
  assert_cell (r, SPORTELLO_REPORT_SERVICE, "employment-centre", NULL, 12, FALSE);
  assert_cell (r, SPORTELLO_REPORT_SERVICE, "legal-advice", NULL, 3, TRUE);
  assert_cell (r, SPORTELLO_REPORT_SERVICE, "health-registration", NULL, 2, TRUE);
  assert_cell (r, SPORTELLO_REPORT_TOPIC, "documents", NULL, 37, FALSE);
  assert_cell (r, SPORTELLO_REPORT_TOPIC, "work", NULL, 12, FALSE);
  assert_cell (r, SPORTELLO_REPORT_TOPIC, "legal", NULL, 3, TRUE);
  assert_cell (r, SPORTELLO_REPORT_TOPIC, "health", NULL, 2, TRUE);

  /* Funnel: checked-in (4) hidden, walk-in (5) hidden with it; never the
   * session total. */
  assert_cell (r, SPORTELLO_REPORT_FUNNEL, "sessions", NULL, 62, FALSE);
  assert_cell (r, SPORTELLO_REPORT_FUNNEL, "service-viewed", NULL, 54, FALSE);
  assert_cell (r, SPORTELLO_REPORT_FUNNEL, "booked", NULL, 20, FALSE);
  assert_cell (r, SPORTELLO_REPORT_FUNNEL, "walk-in", NULL, 5, TRUE);
  assert_cell (r, SPORTELLO_REPORT_FUNNEL, "checked-in", NULL, 4, TRUE);
  g_assert_cmpstr (((SportelloStatsRow *) g_ptr_array_index (r->tables[SPORTELLO_REPORT_FUNNEL], 0))->key,
                   ==, "sessions");

  assert_cell (r, SPORTELLO_REPORT_END_REASON, "finished", NULL, 39, FALSE);
  assert_cell (r, SPORTELLO_REPORT_END_REASON, "idle", NULL, 20, TRUE);
  assert_cell (r, SPORTELLO_REPORT_END_REASON, "back-to-start", NULL, 3, TRUE);

  assert_cell (r, SPORTELLO_REPORT_CAMPAIGN, "social", NULL, 37, FALSE);
  assert_cell (r, SPORTELLO_REPORT_CAMPAIGN, "poster", NULL, 12, FALSE);
  assert_cell (r, SPORTELLO_REPORT_CAMPAIGN, "not-asked", NULL, 8, FALSE);
  assert_cell (r, SPORTELLO_REPORT_CAMPAIGN, "friend", NULL, 3, TRUE);
  assert_cell (r, SPORTELLO_REPORT_CAMPAIGN, "press", NULL, 2, TRUE);

  /* Hour of week: 7 weekdays x hours 09..15. */
  g_assert_cmpuint (r->tables[SPORTELLO_REPORT_HOUR_OF_WEEK]->len, ==, 7 * 7);
  assert_cell (r, SPORTELLO_REPORT_HOUR_OF_WEEK, "2", "11", 12, FALSE);
  assert_cell (r, SPORTELLO_REPORT_HOUR_OF_WEEK, "3", "15", 3, TRUE);
  assert_cell (r, SPORTELLO_REPORT_HOUR_OF_WEEK, "4", "10", 2, TRUE);
  /* Wednesday's row: 9h hidden with 15h. */
  assert_cell (r, SPORTELLO_REPORT_HOUR_OF_WEEK, "3", "09", 8, TRUE);
  /* 10h's column: Monday hidden with Thursday. */
  assert_cell (r, SPORTELLO_REPORT_HOUR_OF_WEEK, "1", "10", 37, TRUE);
  /* Rows or columns with nothing else to hide: a zero, reading "< 5". */
  assert_cell (r, SPORTELLO_REPORT_HOUR_OF_WEEK, "4", "09", 0, TRUE);
  assert_cell (r, SPORTELLO_REPORT_HOUR_OF_WEEK, "1", "15", 0, TRUE);
  assert_cell (r, SPORTELLO_REPORT_HOUR_OF_WEEK, "5", "10", 0, FALSE);
  g_assert_cmpuint (n_hidden (r, SPORTELLO_REPORT_HOUR_OF_WEEK), ==, 6);

  {
    int first, last;

    g_assert_true (sportello_stats_report_get_hour_range (r, &first, &last));
    g_assert_cmpint (first, ==, 9);
    g_assert_cmpint (last, ==, 15);
  }
  g_assert_cmpint (sportello_stats_report_get_max (r, SPORTELLO_REPORT_LANGUAGE), ==, 37);
  g_assert_cmpint (sportello_stats_report_get_max (r, SPORTELLO_REPORT_HOUR_OF_WEEK), ==, 12);
}

static void
test_formatting (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(SportelloStatsReport) r = query (fixture, 1, 31, NULL);
  g_autofree char *small = NULL;
  g_autofree char *complement = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *total = NULL;

  small = sportello_stats_report_format_count (r, sportello_stats_report_lookup (r, SPORTELLO_REPORT_LANGUAGE, "ti", NULL));
  complement = sportello_stats_report_format_count (r, sportello_stats_report_lookup (r, SPORTELLO_REPORT_END_REASON, "idle", NULL));
  shown = sportello_stats_report_format_count (r, sportello_stats_report_lookup (r, SPORTELLO_REPORT_LANGUAGE, "ar", NULL));
  total = sportello_stats_report_format_total (r);
  g_assert_cmpstr (small, ==, "< 5");
  g_assert_cmpstr (complement, ==, "≥ 5");
  g_assert_cmpstr (shown, ==, "37");
  g_assert_cmpstr (total, ==, "62");
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(SportelloStatsReport) day = query (fixture, 4, 4, NULL);
  g_autoptr(SportelloStatsReport) kiosk = query (fixture, 1, 31, "kiosk-2");
  g_autoptr(SportelloStatsReport) tiny = query (fixture, 5, 5, NULL);
  g_autoptr(SportelloStatsReport) empty = query (fixture, 20, 22, NULL);

  g_assert_cmpint (day->total, ==, 11);
  g_assert_cmpuint (day->tables[SPORTELLO_REPORT_DAY]->len, ==, 1);
  assert_cell (day, SPORTELLO_REPORT_LANGUAGE, "en", NULL, 8, TRUE);
  assert_cell (day, SPORTELLO_REPORT_LANGUAGE, "ti", NULL, 3, TRUE);

  g_assert_cmpint (kiosk->total, ==, 20);
  assert_cell (kiosk, SPORTELLO_REPORT_LANGUAGE, "fr", NULL, 12, FALSE);
  assert_cell (kiosk, SPORTELLO_REPORT_LANGUAGE, "en", NULL, 8, FALSE);
  g_assert_null (sportello_stats_report_lookup (kiosk, SPORTELLO_REPORT_LANGUAGE, "ar", NULL));

  /* A total below the threshold hides everything. */
  g_assert_cmpint (tiny->total, ==, 2);
  g_assert_true (tiny->total_suppressed);
  for (guint t = 0; t < SPORTELLO_REPORT_N_TABLES; t++)
    for (guint i = 0; i < tiny->tables[t]->len; i++)
      {
        SportelloStatsRow *row = g_ptr_array_index (tiny->tables[t], i);

        g_assert_true (row->count == 0 || row->suppressed);
      }

  g_assert_cmpint (empty->total, ==, 0);
  g_assert_false (empty->total_suppressed);
  g_assert_cmpuint (empty->tables[SPORTELLO_REPORT_DAY]->len, ==, 3);
  g_assert_cmpuint (empty->tables[SPORTELLO_REPORT_HOUR_OF_WEEK]->len, ==, 0);
}

static void
test_exports (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(SportelloStatsReport) r = query (fixture, 1, 31, NULL);
  g_autofree char *csv = sportello_stats_report_to_csv (r);
  g_autofree char *json = sportello_stats_report_to_json (r);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);
  JsonObject *root;
  JsonArray *tables;
  guint n_suppressed = 0;

  g_assert_true (g_str_has_prefix (csv, "dimension,key,key2,count\ntotal,sessions,,62\n"));
  g_assert_nonnull (strstr (csv, "\nlanguage,ti,,<5\n"));
  g_assert_nonnull (strstr (csv, "\nlanguage,ar,,37\n"));
  g_assert_nonnull (strstr (csv, "\nend-reason,idle,,>=5\n"));
  g_assert_nonnull (strstr (csv, "\nhour-of-week,3,15,<5\n"));
  g_assert_nonnull (strstr (csv, "\nhour-of-week,1,10,>=5\n"));
  /* No figure between 1 and 4, and no hidden value, anywhere. */
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      const char *count = strrchr (lines[i], ',') + 1;

      if (g_ascii_isdigit (count[0]))
        {
          gint64 v = g_ascii_strtoll (count, NULL, 10);

          g_assert_true (v == 0 || v >= 5);
        }
    }
  g_assert_null (strstr (csv, ",11\n"));
  g_assert_null (strstr (csv, ",20\nend-reason"));

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "from"), ==, "2026-03-01");
  g_assert_cmpstr (json_object_get_string_member (root, "to"), ==, "2026-03-31");
  g_assert_cmpint (json_object_get_int_member (root, "threshold"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "total"), "count"), ==, 62);
  tables = json_object_get_array_member (root, "tables");
  g_assert_cmpuint (json_array_get_length (tables), ==, SPORTELLO_REPORT_N_TABLES);
  for (guint t = 0; t < json_array_get_length (tables); t++)
    {
      JsonArray *rows = json_object_get_array_member (json_array_get_object_element (tables, t), "rows");

      for (guint i = 0; i < json_array_get_length (rows); i++)
        {
          JsonObject *row = json_array_get_object_element (rows, i);

          if (json_object_get_boolean_member (row, "suppressed"))
            {
              g_assert_true (json_object_get_null_member (row, "count"));
              n_suppressed++;
            }
          else
            {
              gint64 v = json_object_get_int_member (row, "count");

              g_assert_true (v == 0 || v >= 5);
            }
        }
    }
  /* 2 days, 2 languages, 2 services, 2 topics, 2 funnel, 2 end reasons,
   * 2 campaigns, 6 hour cells. */
  g_assert_cmpuint (n_suppressed, ==, 20);
}

static void
test_invalid (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GDate from, to;

  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  g_date_set_dmy (&from, 10, 3, 2026);
  g_date_set_dmy (&to, 1, 3, 2026);
  g_assert_null (sportello_stats_report_query (fixture->store, &from, &to, NULL, 5, &error));
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_null (sportello_stats_report_query (fixture->store, &to, &from, NULL, 1, &error));
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_date_set_dmy (&from, 1, 1, 2020);
  g_assert_null (sportello_stats_report_query (fixture->store, &from, &to, NULL, 5, &error));
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID);
}

static void
test_kiosks (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) kiosks = sportello_stats_report_list_kiosks (fixture->store, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (kiosks->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (kiosks, 0), ==, "kiosk-1");
  g_assert_cmpstr (g_ptr_array_index (kiosks, 1), ==, "kiosk-2");
}

static GPtrArray *
rows_of (const gint64 *counts,
         guint         n,
         int           threshold)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) sportello_stats_row_free);

  for (guint i = 0; i < n; i++)
    {
      char key[8];

      g_snprintf (key, sizeof key, "k%u", i);
      g_ptr_array_add (rows, sportello_stats_row_new (key, NULL, counts[i]));
    }
  sportello_stats_suppress (rows, threshold);
  return rows;
}

static void
test_group_rule (void)
{
  const gint64 one[] = { 40, 3, 9, 7, 0 };
  const gint64 two[] = { 40, 3, 2, 7 };
  const gint64 none[] = { 40, 30, 9 };
  const gint64 zeros[] = { 0, 3, 0 };
  g_autoptr(GPtrArray) a = rows_of (one, G_N_ELEMENTS (one), 5);
  g_autoptr(GPtrArray) b = rows_of (two, G_N_ELEMENTS (two), 5);
  g_autoptr(GPtrArray) c = rows_of (none, G_N_ELEMENTS (none), 5);
  g_autoptr(GPtrArray) d = rows_of (zeros, G_N_ELEMENTS (zeros), 5);

  /* The smallest non-zero other is hidden: 7, not the zero. */
  g_assert_cmpuint (sportello_stats_suppress_group (a, NULL), ==, 1);
  g_assert_true (((SportelloStatsRow *) g_ptr_array_index (a, 3))->suppressed);
  g_assert_false (((SportelloStatsRow *) g_ptr_array_index (a, 2))->suppressed);
  g_assert_false (((SportelloStatsRow *) g_ptr_array_index (a, 4))->suppressed);
  /* Two hidden already, or none: nothing to add. */
  g_assert_cmpuint (sportello_stats_suppress_group (b, NULL), ==, 0);
  g_assert_cmpuint (sportello_stats_suppress_group (c, NULL), ==, 0);
  /* Only zeros left: one of them. */
  g_assert_cmpuint (sportello_stats_suppress_group (d, "k0"), ==, 1);
  g_assert_false (((SportelloStatsRow *) g_ptr_array_index (d, 0))->suppressed);
  g_assert_true (((SportelloStatsRow *) g_ptr_array_index (d, 2))->suppressed);
}

static void
test_two_way_rule (void)
{
  /* A 4 x 5 matrix with two isolated small cells. */
  const gint64 m[4][5] = {
    { 20, 3, 30, 12, 9 },
    { 14, 15, 16, 17, 18 },
    { 6, 25, 40, 2, 11 },
    { 8, 9, 10, 11, 12 },
  };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) sportello_stats_row_free);

  for (int r = 0; r < 4; r++)
    for (int c = 0; c < 5; c++)
      {
        char key[4], key2[4];

        g_snprintf (key, sizeof key, "%d", r);
        g_snprintf (key2, sizeof key2, "%02d", c);
        g_ptr_array_add (rows, sportello_stats_row_new (key, key2, m[r][c]));
      }
  g_assert_cmpuint (sportello_stats_suppress (rows, 5), ==, 2);
  g_assert_cmpuint (sportello_stats_suppress_two_way (rows), >=, 2);

  for (int line = 0; line < 9; line++)
    {
      guint hidden = 0;

      for (guint i = 0; i < rows->len; i++)
        {
          SportelloStatsRow *row = g_ptr_array_index (rows, i);
          gboolean in = line < 4 ? atoi (row->key) == line : atoi (row->key2) == line - 4;

          if (in && row->suppressed)
            hidden++;
        }
      g_assert_true (hidden != 1);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/stats-report/month-tables", Fixture, NULL,
              fixture_set_up, test_month_tables, fixture_tear_down);
  g_test_add ("/stats-report/formatting", Fixture, NULL,
              fixture_set_up, test_formatting, fixture_tear_down);
  g_test_add ("/stats-report/filters", Fixture, NULL,
              fixture_set_up, test_filters, fixture_tear_down);
  g_test_add ("/stats-report/exports", Fixture, NULL,
              fixture_set_up, test_exports, fixture_tear_down);
  g_test_add ("/stats-report/invalid", Fixture, NULL,
              fixture_set_up, test_invalid, fixture_tear_down);
  g_test_add ("/stats-report/kiosks", Fixture, NULL,
              fixture_set_up, test_kiosks, fixture_tear_down);
  g_test_add_func ("/stats-report/group-rule", test_group_rule);
  g_test_add_func ("/stats-report/two-way-rule", test_two_way_rule);

  return g_test_run ();
}
