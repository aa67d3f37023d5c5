/* test-stats-privacy.c: try to re-identify a booking's session from the
 * statistics, and fail
 *
 * A citizen books legal advice in Tigrinya at 10:37 and their session is
 * summarised; other people use the kiosk the same day.  Knowing the
 * booking (day, time, language, service), no table of the statistics may
 * single out that session beyond the hour, nor give a hidden figure by
 * subtraction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "sportello.h"
#include "sportello-stats-report.h"

#define THRESHOLD 5

static void
record (SportelloStore *store,
        int             n,
        const char     *kiosk,
        const GDate    *day,
        int             hour,
        int             minute,
        const char     *language,
        const char     *service,
        gboolean        booked)
{
  for (int i = 0; i < n; i++)
    {
      g_autoptr(GDateTime) when = g_date_time_new_local (g_date_get_year (day), g_date_get_month (day),
                                                         g_date_get_day (day), hour, minute, 0);
      g_autoptr(SportelloSessionSummary) s = sportello_session_summary_new (kiosk, when);
      g_autoptr(GError) error = NULL;

      s->language = g_strdup (language);
      if (service != NULL)
        sportello_session_summary_add_service (s, service);
      s->booked = booked;
      s->end_reason = SPORTELLO_END_FINISHED;
      s->campaign = SPORTELLO_CAMPAIGN_SOCIAL;
      g_assert_true (sportello_store_record_session (store, s, &error));
      g_assert_no_error (error);
    }
}

/* Tables with at least one row, by name. */
static GPtrArray *
filled_tables (sqlite3 *db)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", name);
      sqlite3_stmt *count;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &count, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (count), ==, SQLITE_ROW);
      if (sqlite3_column_int64 (count, 0) > 0)
        g_ptr_array_add (names, g_strdup (name));
      sqlite3_finalize (count);
    }
  sqlite3_finalize (stmt);
  return names;
}

/* Every column of a summary table: no name that could hold a minute, a
 * code, a phone or a link to a ticket, and no value equal to one of the
 * booking's own. */
static void
check_summary_table (sqlite3    *db,
                     const char *table,
                     const char *code,
                     const char *phone,
                     gint64      created_at)
{
  static const char * const forbidden[] = {
    "minute", "time", "code", "phone", "ticket", "booking", "stamp", "created",
    "seq", "rowid", "number", "name",
  };
  g_autofree char *info = g_strdup_printf ("PRAGMA table_info (\"%s\")", table);
  g_autofree char *all = g_strdup_printf ("SELECT * FROM \"%s\"", table);
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_prepare_v2 (db, info, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *column = g_ascii_strdown ((const char *) sqlite3_column_text (stmt, 1), -1);

      for (guint i = 0; i < G_N_ELEMENTS (forbidden); i++)
        if (strstr (column, forbidden[i]) != NULL)
          g_error ("summary table %s has a column %s", table, column);
    }
  sqlite3_finalize (stmt);

  g_assert_cmpint (sqlite3_prepare_v2 (db, all, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    for (int c = 0; c < sqlite3_column_count (stmt); c++)
      switch (sqlite3_column_type (stmt, c))
        {
        case SQLITE_INTEGER:
          {
            gint64 v = sqlite3_column_int64 (stmt, c);

            /* 10:37 as minutes or as the minute; any timestamp near
             * the booking's. */
            g_assert_true (v != 637 && v != 37);
            g_assert_true (v < created_at - 86400 || v > created_at + 86400);
          }
          break;
        case SQLITE_TEXT:
          {
            const char *v = (const char *) sqlite3_column_text (stmt, c);

            g_assert_null (strstr (v, code));
            g_assert_null (strstr (v, phone));
            g_assert_null (strstr (v, ":37"));
            g_assert_null (strstr (v, "10:"));
          }
          break;
        default:
          break;
        }
  sqlite3_finalize (stmt);
}

static gint64
hidden_in (GPtrArray *group,
           guint     *n_cells)
{
  gint64 hidden = 0;

  *n_cells = group->len;
  for (guint i = 0; i < group->len; i++)
    if (((SportelloStatsRow *) g_ptr_array_index (group, i))->suppressed)
      hidden++;
  return hidden;
}

/* The attacker's view: every group whose sum is public (or derivable)
 * holds no hidden cell or at least two, and the sums agree with the total. */
static void
check_not_derivable (const SportelloStatsReport *r)
{
  const SportelloReportTable additive[] = {
    SPORTELLO_REPORT_DAY, SPORTELLO_REPORT_LANGUAGE, SPORTELLO_REPORT_END_REASON,
    SPORTELLO_REPORT_CAMPAIGN, SPORTELLO_REPORT_HOUR_OF_WEEK,
  };

  for (guint t = 0; t < SPORTELLO_REPORT_N_TABLES; t++)
    {
      guint n;
      gint64 hidden = hidden_in (r->tables[t], &n);

      /* Any small figure is hidden, in every table. */
      for (guint i = 0; i < r->tables[t]->len; i++)
        {
          SportelloStatsRow *row = g_ptr_array_index (r->tables[t], i);

          if (row->count > 0 && row->count < THRESHOLD)
            g_assert_true (row->suppressed);
        }
      if (n > 1)
        g_assert_cmpint (hidden, !=, 1);
    }

  for (guint a = 0; a < G_N_ELEMENTS (additive); a++)
    {
      GPtrArray *rows = r->tables[additive[a]];
      gint64 sum = 0;

      for (guint i = 0; i < rows->len; i++)
        sum += ((SportelloStatsRow *) g_ptr_array_index (rows, i))->count;
      g_assert_cmpint (sum, ==, r->total);
    }

  /* Rows and columns of the hour-of-week matrix. */
  for (int line = 0; line < 7 + 24; line++)
    {
      GPtrArray *rows = r->tables[SPORTELLO_REPORT_HOUR_OF_WEEK];
      guint cells = 0, hidden = 0;

      for (guint i = 0; i < rows->len; i++)
        {
          SportelloStatsRow *row = g_ptr_array_index (rows, i);
          gboolean in = line < 7 ? atoi (row->key) == line + 1 : atoi (row->key2) == line - 7;

          if (!in)
            continue;
          cells++;
          if (row->suppressed)
            hidden++;
        }
      if (cells > 1)
        g_assert_cmpuint (hidden, !=, 1);
    }

  if (r->total_suppressed)
    for (guint t = 0; t < SPORTELLO_REPORT_N_TABLES; t++)
      for (guint i = 0; i < r->tables[t]->len; i++)
        {
          SportelloStatsRow *row = g_ptr_array_index (r->tables[t], i);

          g_assert_true (row->count == 0 || row->suppressed);
        }
}

static void
assert_hidden (const SportelloStatsReport *r,
               SportelloReportTable        table,
               const char                 *key,
               const char                 *key2)
{
  const SportelloStatsRow *row = sportello_stats_report_lookup (r, table, key, key2);

  g_assert_nonnull (row);
  if (!row->suppressed)
    g_error ("%s %s %s shows %" G_GINT64_FORMAT, sportello_report_table_to_string (table),
             key, key2 ? key2 : "", row->count);
}

static void
test_reidentify (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("stats-privacy-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "p.db", NULL);
  g_autoptr(SportelloStore) store = NULL;
  g_autoptr(SportelloTicket) ticket = NULL;
  g_autoptr(GPtrArray) summary_tables = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  SportelloBookingRequest request = { 0, };
  sqlite3 *db;
  GDate day;
  char weekday[4];
  const char *code;

  g_assert_no_error (error);
  store = sportello_sqlite_store_new (path, &error);
  g_assert_no_error (error);

  /* A weekday three weeks ahead: bookings must be in the future. */
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  g_date_add_days (&day, 21);
  while (g_date_get_weekday (&day) > G_DATE_FRIDAY)
    g_date_add_days (&day, 1);
  g_snprintf (weekday, sizeof weekday, "%d", g_date_get_weekday (&day));

  /* The crowd: 20 in Arabic at 10h, 9 in French at 11h, 6 in English
   * at 14h for residence permits. */
  record (store, 20, "kiosk-1", &day, 10, 5, "ar", "residence-permit", FALSE);
  record (store, 9, "kiosk-1", &day, 11, 20, "fr", "employment-centre", FALSE);
  record (store, 6, "kiosk-2", &day, 14, 0, "en", "residence-permit", TRUE);

  /* Which tables do summaries fill?  Only those, before any booking. */
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  summary_tables = filled_tables (db);
  g_assert_cmpuint (summary_tables->len, >=, 1);

  /* The person: books legal advice in Tigrinya at 10:37, with a phone, and
   * the kiosk summarises their session (started 10:31). */
  request.service_id = "legal-advice";
  request.letter = 'L';
  request.date = day;
  request.minute = 10 * 60 + 37;
  request.capacity = 1;
  request.language = "ti";
  request.phone = "3331234567";
  request.kiosk_id = "kiosk-1";
  ticket = sportello_store_book (store, &request, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ticket);
  record (store, 1, "kiosk-1", &day, 10, 31, "ti", "legal-advice", TRUE);
  /* A second person, alone in their hour (16h), in Somali. */
  record (store, 1, "kiosk-2", &day, 16, 44, "so", "housing-help", TRUE);

  code = ticket->code;
  for (guint i = 0; i < summary_tables->len; i++)
    check_summary_table (db, g_ptr_array_index (summary_tables, i), code,
                         request.phone, ticket->created_at);
  sqlite3_close (db);

  /* Raw store queries keep the hour, never the minute. */
  {
    SportelloStatsQuery q = { 0, };
    g_autoptr(GPtrArray) rows = NULL;

    q.from = day;
    q.to = day;
    q.by = SPORTELLO_STATS_BY_HOUR;
    rows = sportello_store_query_stats (store, &q, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < rows->len; i++)
      {
        SportelloStatsRow *row = g_ptr_array_index (rows, i);

        g_assert_cmpuint (strlen (row->key), ==, 2);
        g_assert_null (strchr (row->key, ':'));
      }
    /* The admin's path: primary suppression hides the lone 16h. */
    sportello_stats_suppress (rows, THRESHOLD);
    for (guint i = 0; i < rows->len; i++)
      {
        SportelloStatsRow *row = g_ptr_array_index (rows, i);

        if (g_str_equal (row->key, "16"))
          g_assert_true (row->suppressed);
      }
  }

  /* Every view an attacker can ask for around that day. */
  for (int span = 0; span < 3; span++)
    for (int k = 0; k < 3; k++)
      {
        const char *kiosks[] = { NULL, "kiosk-1", "kiosk-2" };
        g_autoptr(SportelloStatsReport) r = NULL;
        GDate from = day, to = day;

        if (span == 1)
          {
            g_date_subtract_days (&from, g_date_get_weekday (&day) - 1);
            to = from;
            g_date_add_days (&to, 6);
          }
        else if (span == 2)
          {
            g_date_set_day (&from, 1);
            g_date_set_day (&to, g_date_get_days_in_month (g_date_get_month (&day),
                                                           g_date_get_year (&day)));
          }
        r = sportello_stats_report_query (store, &from, &to, kiosks[k], THRESHOLD, &error);
        g_assert_no_error (error);

        check_not_derivable (r);
        if (k != 2)
          {
            assert_hidden (r, SPORTELLO_REPORT_LANGUAGE, "ti", NULL);
            assert_hidden (r, SPORTELLO_REPORT_SERVICE, "legal-advice", NULL);
          }
        if (k != 1)
          {
            assert_hidden (r, SPORTELLO_REPORT_LANGUAGE, "so", NULL);
            assert_hidden (r, SPORTELLO_REPORT_SERVICE, "housing-help", NULL);
            assert_hidden (r, SPORTELLO_REPORT_HOUR_OF_WEEK, weekday, "16");
          }
      }

  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/stats-privacy/reidentify", test_reidentify);
  return g_test_run ();
}
