/* bench-stats.c: the statistics window's queries and the monthly PDF on
 * 1,000,000 session summaries
 *
 * The summaries are bulk-loaded with SQLite directly into the store's own
 * schema (record_session commits each one durably, far too slow for a
 * million); every timed query goes through the store.  Prints the median
 * of several runs; targets: 100 ms per chart query, 2 s per monthly PDF.
 *
 *   bench-stats [N_SESSIONS]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "sportello.h"
#include "sportello-stats-pdf.h"
#include "sportello-stats-report.h"

#define RUNS 7

static const char * const languages[] = {
  "ar", "ar", "ar", "fr", "fr", "en", "ur", "bn", "zh_CN", "uk", "ti", "so", "sq", "ru", "pa", "fa",
};
static const struct { const char *service; const char *topic; } services[] = {
  { "residence-permit", "documents" }, { "registry-residence", "documents" },
  { "eu-long-term-permit", "documents" }, { "asylum-reception", "documents" },
  { "employment-centre", "work" }, { "qualification-recognition", "work" },
  { "italian-courses", "school" }, { "school-enrolment", "school" },
  { "health-registration", "health" }, { "housing-help", "housing" },
  { "family-reunification", "family" }, { "social-services", "family" },
  { "legal-advice", "legal" }, { "intercultural-mediation", "mediator" },
};

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static void
bulk_load (const char *path,
           int         n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1000000);
  g_autoptr(GPtrArray) indexes = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db;
  sqlite3_stmt *list, *session, *item;
  GDate start;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  /* A bulk load, alone on the file: no journal, a large cache (random
   * 16-byte keys land all over the tree); WAL is restored at the end. */
  exec_or_die (db, "PRAGMA journal_mode = DELETE");
  exec_or_die (db, "PRAGMA journal_mode = OFF");
  exec_or_die (db, "PRAGMA synchronous = OFF");
  exec_or_die (db, "PRAGMA cache_size = -524288");

  /* Indexes are rebuilt once at the end, from their own definitions. */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                                       " AND tbl_name IN ('sessions', 'session_items') AND sql IS NOT NULL",
                                       -1, &list, NULL), ==, SQLITE_OK);
  while (sqlite3_step (list) == SQLITE_ROW)
    {
      g_autofree char *drop = g_strdup_printf ("DROP INDEX \"%s\"", sqlite3_column_text (list, 0));

      g_ptr_array_add (indexes, g_strdup ((const char *) sqlite3_column_text (list, 1)));
      exec_or_die (db, drop);
    }
  sqlite3_finalize (list);

  exec_or_die (db, "BEGIN");
  g_assert_cmpint (sqlite3_prepare_v2 (db,
    "INSERT INTO sessions (id, kiosk_id, day, hour, weekday, language, booked, walk_in,"
    " checked_in, viewed_service, end_reason, campaign)"
    " VALUES (randomblob (16), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id",
    -1, &session, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
    "INSERT OR IGNORE INTO session_items (kind, item, day, kiosk_id, session) VALUES (?1, ?2, ?3, ?4, ?5)",
    -1, &item, NULL), ==, SQLITE_OK);

  g_date_clear (&start, 1);
  g_date_set_dmy (&start, 1, 1, 2026);
  for (int i = 0; i < n; i++)
    {
      GDate day = start;
      char iso[16];
      const char *kiosk = g_rand_int_range (rand, 0, 3) == 0 ? "kiosk-2" : "kiosk-1";
      int k = g_rand_int_range (rand, 0, G_N_ELEMENTS (services));
      int r = g_rand_int_range (rand, 0, 100);
      gboolean viewed = r < 85;
      const void *id;
      int id_len;

      g_date_add_days (&day, g_rand_int_range (rand, 0, 365));
      g_snprintf (iso, sizeof iso, "%04d-%02d-%02d", g_date_get_year (&day),
                  g_date_get_month (&day), g_date_get_day (&day));
      sqlite3_bind_text (session, 1, kiosk, -1, SQLITE_STATIC);
      sqlite3_bind_text (session, 2, iso, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (session, 3, 9 + g_rand_int_range (rand, 0, 8));
      sqlite3_bind_int (session, 4, g_date_get_weekday (&day));
      sqlite3_bind_text (session, 5, languages[g_rand_int_range (rand, 0, G_N_ELEMENTS (languages))],
                         -1, SQLITE_STATIC);
      sqlite3_bind_int (session, 6, r < 35);
      sqlite3_bind_int (session, 7, r >= 35 && r < 50);
      sqlite3_bind_int (session, 8, r < 20);
      sqlite3_bind_int (session, 9, viewed);
      sqlite3_bind_int (session, 10, r < 70 ? 0 : r < 90 ? 1 : 2);
      sqlite3_bind_int (session, 11, g_rand_int_range (rand, 0, SPORTELLO_N_CAMPAIGNS));
      g_assert_cmpint (sqlite3_step (session), ==, SQLITE_ROW);
      id = sqlite3_column_blob (session, 0);
      id_len = sqlite3_column_bytes (session, 0);

      for (int kind = 0; kind <= (viewed ? 1 : 0); kind++)
        {
          sqlite3_bind_int (item, 1, kind);
          sqlite3_bind_text (item, 2, kind == 0 ? services[k].topic : services[k].service, -1,
                             SQLITE_STATIC);
          sqlite3_bind_text (item, 3, iso, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (item, 4, kiosk, -1, SQLITE_STATIC);
          sqlite3_bind_blob (item, 5, id, id_len, SQLITE_TRANSIENT);
          g_assert_cmpint (sqlite3_step (item), ==, SQLITE_DONE);
          sqlite3_reset (item);
        }
      g_assert_cmpint (sqlite3_step (session), ==, SQLITE_DONE);
      sqlite3_reset (session);
    }
  sqlite3_finalize (session);
  sqlite3_finalize (item);
  for (guint i = 0; i < indexes->len; i++)
    exec_or_die (db, g_ptr_array_index (indexes, i));
  exec_or_die (db, "COMMIT");
  exec_or_die (db, "ANALYZE");
  exec_or_die (db, "PRAGMA journal_mode = WAL");
  sqlite3_close (db);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        int     n)
{
  qsort (values, n, sizeof (double), (int (*) (const void *, const void *)) compare_doubles);
  return values[n / 2];
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-stats-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "bench.db", NULL);
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *data_dir = sportello_paths_data_dir (NULL);
  g_autoptr(SportelloStore) store = NULL;
  g_autoptr(SportelloCatalog) catalog = NULL;
  g_autoptr(SportelloStatsNames) names = NULL;
  int n = argc > 1 ? atoi (argv[1]) : 1000000;
  const struct { const char *name; int m1, d1, m2, d2; } periods[] = {
    { "month", 3, 1, 3, 31 },
    { "year", 1, 1, 12, 31 },
  };
  gint64 t0;
  gboolean over = FALSE;

  g_assert_no_error (error);
  sportello_locale_init ();

  /* The store creates the schema; then the bulk load fills it. */
  store = sportello_sqlite_store_new (path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  t0 = g_get_monotonic_time ();
  bulk_load (path, n);
  printf ("loaded %d session summaries in %.1f s\n", n, (g_get_monotonic_time () - t0) / 1e6);

  store = sportello_sqlite_store_new (path, &error);
  g_assert_no_error (error);
  catalog = sportello_catalog_load (data_dir, NULL, NULL);
  names = sportello_stats_names_new (catalog, NULL);

  for (guint p = 0; p < G_N_ELEMENTS (periods); p++)
    {
      double report_ms[RUNS];

      printf ("\nchart queries over a %s, median of %d runs (target 100 ms each):\n",
              periods[p].name, RUNS);
      for (guint t = 0; t < SPORTELLO_REPORT_N_TABLES; t++)
        {
          double ms[RUNS];
          double first;
          gint64 rows = 0, counted = 0;

          for (int run = 0; run < RUNS; run++)
            {
              SportelloStatsQuery q = { 0, };
              g_autoptr(GPtrArray) result = NULL;

              g_date_clear (&q.from, 1);
              g_date_clear (&q.to, 1);
              g_date_set_dmy (&q.from, periods[p].d1, periods[p].m1, 2026);
              g_date_set_dmy (&q.to, periods[p].d2, periods[p].m2, 2026);
              q.by = sportello_report_table_get_dimension (t);
              t0 = g_get_monotonic_time ();
              result = sportello_store_query_stats (store, &q, &error);
              ms[run] = (g_get_monotonic_time () - t0) / 1000.0;
              g_assert_no_error (error);
              rows = result->len;
              counted = 0;
              for (guint i = 0; i < result->len; i++)
                counted += ((SportelloStatsRow *) g_ptr_array_index (result, i))->count;
            }
          first = ms[0];
          {
            double m = median (ms, RUNS);

            printf ("  %-14s %8.1f ms  (first run %.1f ms; %" G_GINT64_FORMAT " rows, counts add to %"
                    G_GINT64_FORMAT ")%s\n",
                    sportello_report_table_to_string (t), m, first, rows, counted,
                    m > 100 ? "  OVER TARGET" : "");
            over |= m > 100;
          }
        }

      for (int run = 0; run < RUNS; run++)
        {
          g_autoptr(SportelloStatsReport) report = NULL;
          GDate from, to;

          g_date_clear (&from, 1);
          g_date_clear (&to, 1);
          g_date_set_dmy (&from, periods[p].d1, periods[p].m1, 2026);
          g_date_set_dmy (&to, periods[p].d2, periods[p].m2, 2026);
          t0 = g_get_monotonic_time ();
          report = sportello_stats_report_query (store, &from, &to, NULL, 5, &error);
          report_ms[run] = (g_get_monotonic_time () - t0) / 1000.0;
          g_assert_no_error (error);
        }
      printf ("  whole report (8 queries + suppression): %.1f ms\n", median (report_ms, RUNS));
    }

  {
    double ms[5];

    for (int run = 0; run < 5; run++)
      {
        g_autoptr(SportelloStatsReport) report = NULL;
        GDate from, to;

        g_date_clear (&from, 1);
        g_date_clear (&to, 1);
        g_date_set_dmy (&from, 1, 3, 2026);
        g_date_set_dmy (&to, 31, 3, 2026);
        t0 = g_get_monotonic_time ();
        report = sportello_stats_report_query (store, &from, &to, NULL, 5, &error);
        g_assert_no_error (error);
        g_assert_true (sportello_stats_pdf_write (report, names, NULL, pdf, &error));
        ms[run] = (g_get_monotonic_time () - t0) / 1000.0;
        g_assert_no_error (error);
      }
    {
      double m = median (ms, 5);

      printf ("\nmonthly PDF (queries + 13 pages), median of 5 runs: %.0f ms (target 2000 ms)%s\n",
              m, m > 2000 ? "  OVER TARGET" : "");
      over |= m > 2000;
    }
  }

  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
    g_unlink (pdf);
    g_rmdir (dir);
  }
  printf ("%s\n", over ? "some figures are over their target" : "all figures within target");
  return 0;
}
