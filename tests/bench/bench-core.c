/* bench-core.c: timings of the core on this machine's disk
 *
 *  - the reference: fdatasync() of a 4 KiB write (p50), since a durable
 *    booking cannot be cheaper than the disk's flush (rewriting a block in
 *    place; appending, which also journals the file's size, is shown too);
 *  - booking commit latency with one process (p50, p99), through the store;
 *  - throughput with several processes booking into one database at once;
 *  - aggregate statistics queries over 1,000,000 session summaries, through
 *    sportello_store_query_stats().
 *
 * Run by `meson test --benchmark`.  Figures are measured, never assumed;
 * the database folder is $SPORTELLO_BENCH_DIR, else the build folder (a
 * real disk, not /tmp, which may be memory).  The store keeps running
 * totals (triggers on insert), so the statistics timings are of those;
 * the benchmark checks that they add up to the sessions generated.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "sportello.h"

static int opt_bookings = 2000;
static int opt_runs = 5;
static int opt_processes = 8;
static int opt_sessions = 1000000;
static int opt_query_runs = 5;
static gboolean opt_worker = FALSE;

static const GOptionEntry entries[] = {
  { "bookings", 0, 0, G_OPTION_ARG_INT, &opt_bookings, "Bookings per latency run (2000)", "N" },
  { "runs", 0, 0, G_OPTION_ARG_INT, &opt_runs, "Runs of each booking measurement (5)", "N" },
  { "processes", 0, 0, G_OPTION_ARG_INT, &opt_processes, "Concurrent booking processes (8)", "N" },
  { "sessions", 0, 0, G_OPTION_ARG_INT, &opt_sessions, "Session summaries for the statistics (1000000)", "N" },
  { "query-runs", 0, 0, G_OPTION_ARG_INT, &opt_query_runs, "Runs of each statistics query (5)", "N" },
  { "worker", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &opt_worker, "Internal: one booking process", NULL },
  G_OPTION_ENTRY_NULL
};

/* Helpers */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Nearest-rank percentile of n values, sorted in place. */
static double
percentile (double *values,
            int     n,
            double  q)
{
  int rank;

  qsort (values, (size_t) n, sizeof (double), compare_doubles);
  rank = (int) ceil (q * n);
  return values[CLAMP (rank, 1, n) - 1];
}

static double
median (double *values,
        int     n)
{
  qsort (values, (size_t) n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static void
remove_database (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}

static void
fill_request (SportelloBookingRequest *request,
              const GDate             *date,
              int                      i)
{
  memset (request, 0, sizeof *request);
  request->service_id = "bench";
  request->letter = 'B';
  request->date = *date;
  request->minute = 540 + (i % 24) * 20;
  request->capacity = 1000000;
  request->language = "ar";
  request->needs_mediator = i % 3 == 0;
  request->kiosk_id = "kiosk-1";
}

static void
bench_date (GDate *date)
{
  g_date_clear (date, 1);
  g_date_set_time_t (date, time (NULL));
  g_date_add_days (date, 30);
}

/* The reference: p50 of write(4 KiB) + fdatasync().  Appending also makes
 * the file system journal the new size; rewriting blocks already there is
 * what SQLite's WAL does once it has grown, so that is the reference. */
static gboolean
bench_fdatasync (const char  *dir,
                 int          n,
                 gboolean     append,
                 double      *out_p50,
                 GError     **error)
{
  g_autofree char *path = g_build_filename (dir, "fdatasync.bin", NULL);
  g_autofree double *times = g_new (double, n);
  char block[4096];
  int fd;

  memset (block, 'x', sizeof block);
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "%s: %s", path, g_strerror (errno));
      return FALSE;
    }
  if (!append)
    {
      /* Allocate and flush the blocks first: later writes rewrite them. */
      for (int i = 0; i < 64; i++)
        if (pwrite (fd, block, sizeof block, (off_t) i * (off_t) sizeof block) != sizeof block)
          break;
      fsync (fd);
    }
  for (int i = 0; i < n; i++)
    {
      off_t offset = (off_t) (append ? i : i % 64) * (off_t) sizeof block;
      double start = now_ms ();

      if (pwrite (fd, block, sizeof block, offset) != sizeof block
          || fdatasync (fd) != 0)
        {
          int saved = errno;

          close (fd);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "%s: %s", path, g_strerror (saved));
          return FALSE;
        }
      times[i] = now_ms () - start;
    }
  close (fd);
  g_unlink (path);
  *out_p50 = percentile (times, n, 0.50);
  return TRUE;
}

/* One process, a fresh database: latency of each durable booking. */
static gboolean
bench_booking_latency (const char  *dir,
                       int          run,
                       double      *out_p50,
                       double      *out_p99,
                       GError     **error)
{
  g_autofree char *name = g_strdup_printf ("latency-%d.db", run);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree double *times = g_new (double, opt_bookings);
  g_autoptr(SportelloStore) store = NULL;
  GDate date;

  remove_database (path);
  store = sportello_sqlite_store_new (path, error);
  if (store == NULL)
    return FALSE;
  bench_date (&date);

  for (int i = 0; i < opt_bookings; i++)
    {
      SportelloBookingRequest request;
      g_autoptr(SportelloTicket) ticket = NULL;
      double start;

      fill_request (&request, &date, i);
      start = now_ms ();
      ticket = sportello_store_book (store, &request, error);
      times[i] = now_ms () - start;
      if (ticket == NULL)
        return FALSE;
    }
  g_clear_object (&store);
  remove_database (path);

  *out_p50 = percentile (times, opt_bookings, 0.50);
  *out_p99 = percentile (times, opt_bookings, 0.99);
  return TRUE;
}

/* A worker process: opens the store, waits for the common start instant,
 * books n places, prints the instant it finished (real-time µs). */
static int
run_worker (char **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SportelloStore) store = NULL;
  gint64 start_us, n, index;
  int booked = 0;
  GDate date;

  if (g_strv_length (args) != 5
      || !g_ascii_string_to_signed (args[2], 10, 1, G_MAXINT, &n, NULL)
      || !g_ascii_string_to_signed (args[3], 10, 0, G_MAXINT64, &start_us, NULL)
      || !g_ascii_string_to_signed (args[4], 10, 0, G_MAXINT, &index, NULL))
    {
      g_printerr ("bench-core: bad worker arguments\n");
      return 2;
    }
  store = sportello_sqlite_store_new (args[1], &error);
  if (store == NULL)
    {
      g_printerr ("bench-core: worker: %s\n", error->message);
      return 1;
    }
  bench_date (&date);

  while (g_get_real_time () < start_us)
    g_usleep (200);

  for (int i = 0; i < n; i++)
    {
      SportelloBookingRequest request;
      g_autoptr(SportelloTicket) ticket = NULL;

      fill_request (&request, &date, (int) (i + index * n));
      ticket = sportello_store_book (store, &request, &error);
      if (ticket != NULL)
        booked++;
      else if (g_error_matches (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_UNAVAILABLE))
        g_clear_error (&error);  /* waited longer than the busy timeout: counted */
      else
        {
          g_printerr ("bench-core: worker %d: %s\n", (int) index, error->message);
          return 1;
        }
    }
  g_print ("%" G_GINT64_FORMAT " %d %d\n", g_get_real_time (), booked, (int) n - booked);
  return 0;
}

/* opt_processes processes book opt_bookings places in all, together.
 * Bookings refused because the lock was held past the store's busy timeout
 * are counted, not fatal: how often that happens is part of the result. */
static gboolean
bench_throughput (const char  *dir,
                  const char  *self_exe,
                  int          run,
                  double      *out_per_second,
                  int         *out_busy,
                  GError     **error)
{
  g_autofree char *name = g_strdup_printf ("throughput-%d.db", run);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GPtrArray) workers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SportelloStore) store = NULL;
  int per_worker = MAX (1, opt_bookings / opt_processes);
  g_autofree char *n_text = g_strdup_printf ("%d", per_worker);
  /* Time for every worker to start and open the database first. */
  gint64 start_us = g_get_real_time () + 1500 * G_TIME_SPAN_MILLISECOND;
  g_autofree char *start_text = g_strdup_printf ("%" G_GINT64_FORMAT, start_us);
  gint64 last_end = start_us;
  gint64 total_ok = 0, total_busy = 0;

  remove_database (path);
  store = sportello_sqlite_store_new (path, error);  /* creates the schema once */
  if (store == NULL)
    return FALSE;
  g_clear_object (&store);

  for (int i = 0; i < opt_processes; i++)
    {
      g_autofree char *index = g_strdup_printf ("%d", i);
      GSubprocess *worker = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, error,
                                              self_exe, "--worker", path, n_text,
                                              start_text, index, NULL);

      if (worker == NULL)
        return FALSE;
      g_ptr_array_add (workers, worker);
    }
  for (guint i = 0; i < workers->len; i++)
    {
      GSubprocess *worker = g_ptr_array_index (workers, i);
      g_autofree char *out = NULL;
      g_auto(GStrv) fields = NULL;
      gint64 end, ok, busy;

      if (!g_subprocess_communicate_utf8 (worker, NULL, NULL, &out, NULL, error))
        return FALSE;
      if (out != NULL)
        fields = g_strsplit (g_strstrip (out), " ", 0);
      if (!g_subprocess_get_successful (worker) || fields == NULL || g_strv_length (fields) != 3
          || !g_ascii_string_to_signed (fields[0], 10, 0, G_MAXINT64, &end, NULL)
          || !g_ascii_string_to_signed (fields[1], 10, 0, G_MAXINT, &ok, NULL)
          || !g_ascii_string_to_signed (fields[2], 10, 0, G_MAXINT, &busy, NULL))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "booking worker %u failed", i);
          return FALSE;
        }
      last_end = MAX (last_end, end);
      total_ok += ok;
      total_busy += busy;
    }
  remove_database (path);
  *out_per_second = (double) total_ok / ((double) (last_end - start_us) / G_USEC_PER_SEC);
  *out_busy = (int) total_busy;
  return TRUE;
}

/* Statistics */

static const char * const languages[] = {
  "it", "en", "fr", "ar", "es", "pt", "ro", "sq", "uk", "ru", "zh_CN", "bn", "ur", "pa", "ti", "wo",
};
static const char * const kiosks[] = { "kiosk-1", "kiosk-2", "kiosk-3", "kiosk-4" };

/* Records `base` summaries through the store, then copies them with random
 * day shifts in one transaction on the same schema until there are n: one
 * store call per summary would be one durable commit each. */
static gboolean
generate_sessions (const char        *path,
                   SportelloStore    *store,
                   SportelloCatalog  *catalog,
                   int                n,
                   GError           **error)
{
  g_autoptr(GPtrArray) topic_ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) service_ids = g_ptr_array_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260501);
  g_autoptr(GDateTime) first_day = g_date_time_new_local (2025, 6, 1, 0, 0, 0);
  int base = MIN (n, 2000);
  sqlite3 *db = NULL;
  int copied;
  int rc;

  if (catalog != NULL)
    {
      GPtrArray *topics = sportello_catalog_get_topics (catalog);
      GPtrArray *services = sportello_catalog_get_services (catalog);

      for (guint i = 0; i < topics->len; i++)
        g_ptr_array_add (topic_ids, (gpointer) sportello_topic_get_id (g_ptr_array_index (topics, i)));
      for (guint i = 0; i < services->len; i++)
        g_ptr_array_add (service_ids, (gpointer) sportello_service_get_id (g_ptr_array_index (services, i)));
    }
  if (topic_ids->len == 0 || service_ids->len == 0)
    {
      static const char * const topics[] = { "documents", "work", "school", "health", "housing", "family", "legal", "mediator" };
      static const char * const services[] = { "residence-permit", "employment-centre", "italian-courses", "health-registration" };

      for (guint i = 0; i < G_N_ELEMENTS (topics); i++)
        g_ptr_array_add (topic_ids, (gpointer) topics[i]);
      for (guint i = 0; i < G_N_ELEMENTS (services); i++)
        g_ptr_array_add (service_ids, (gpointer) services[i]);
    }

  for (int i = 0; i < base; i++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (first_day, g_rand_int_range (rand, 0, 365));
      g_autoptr(GDateTime) started = g_date_time_add_hours (day, g_rand_int_range (rand, 8, 18));
      g_autoptr(SportelloSessionSummary) summary =
        sportello_session_summary_new (kiosks[g_rand_int_range (rand, 0, G_N_ELEMENTS (kiosks))], started);
      int n_topics = g_rand_int_range (rand, 1, 4);
      int n_services = g_rand_int_range (rand, 0, 4);

      g_free (summary->language);
      summary->language = g_strdup (languages[g_rand_int_range (rand, 0, G_N_ELEMENTS (languages))]);
      for (int t = 0; t < n_topics; t++)
        sportello_session_summary_add_topic (summary, g_ptr_array_index (topic_ids, g_rand_int_range (rand, 0, (int) topic_ids->len)));
      for (int s = 0; s < n_services; s++)
        sportello_session_summary_add_service (summary, g_ptr_array_index (service_ids, g_rand_int_range (rand, 0, (int) service_ids->len)));
      summary->booked = n_services > 0 && g_rand_int_range (rand, 0, 100) < 25;
      summary->walk_in = !summary->booked && g_rand_int_range (rand, 0, 100) < 10;
      summary->checked_in = g_rand_int_range (rand, 0, 100) < 5;
      summary->end_reason = (SportelloEndReason) g_rand_int_range (rand, 0, 3);
      summary->campaign = (SportelloCampaign) g_rand_int_range (rand, 0, SPORTELLO_N_CAMPAIGNS);
      if (!sportello_store_record_session (store, summary, error))
        return FALSE;
    }

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    goto sql_error;
  sqlite3_busy_timeout (db, 10000);
  /* Random 16-byte keys scatter the inserts over the whole tree: a large
   * page cache and commits of ~100,000 rows keep the WAL small. */
  rc = sqlite3_exec (db,
                     "PRAGMA synchronous = OFF;"
                     "PRAGMA cache_size = -524288;"
                     "PRAGMA temp_store = MEMORY;"
                     "CREATE TEMP TABLE base AS SELECT * FROM sessions;"
                     "CREATE TEMP TABLE base_items AS SELECT * FROM session_items;"
                     "CREATE INDEX temp.base_items_by_session ON base_items (session);"
                     "CREATE TEMP TABLE copy (old BLOB PRIMARY KEY, new BLOB, shift INTEGER);"
                     "BEGIN IMMEDIATE;",
                     NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    goto sql_error;

  for (copied = base; copied < n; copied += base)
    {
      g_autofree char *sql = g_strdup_printf (
        "DELETE FROM copy;"
        "INSERT INTO copy SELECT id, randomblob (16), abs (random ()) %% 365 FROM base LIMIT %d;"
        "INSERT INTO sessions (id, kiosk_id, day, hour, weekday, language, booked, walk_in,"
        "                      checked_in, viewed_service, end_reason, campaign)"
        " SELECT c.new, s.kiosk_id, date (s.day, '+' || c.shift || ' days'), s.hour,"
        "        (CAST (strftime ('%%w', date (s.day, '+' || c.shift || ' days')) AS INTEGER) + 6) %% 7 + 1,"
        "        s.language, s.booked, s.walk_in, s.checked_in, s.viewed_service, s.end_reason, s.campaign"
        " FROM copy c JOIN base s ON s.id = c.old;"
        "INSERT INTO session_items (kind, item, day, kiosk_id, session)"
        " SELECT i.kind, i.item, date (i.day, '+' || c.shift || ' days'), i.kiosk_id, c.new"
        " FROM copy c JOIN base_items i ON i.session = c.old;",
        MIN (base, n - copied));

      if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
        goto sql_error;
      if ((copied / base) % 50 == 0
          && sqlite3_exec (db, "COMMIT; PRAGMA wal_checkpoint (TRUNCATE); BEGIN IMMEDIATE;",
                           NULL, NULL, NULL) != SQLITE_OK)
        goto sql_error;
    }
  if (sqlite3_exec (db, "COMMIT; PRAGMA wal_checkpoint (TRUNCATE);", NULL, NULL, NULL) != SQLITE_OK)
    goto sql_error;
  sqlite3_close (db);
  return TRUE;

sql_error:
  g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_FAILED,
               "generating sessions: %s", db != NULL ? sqlite3_errmsg (db) : "cannot open");
  sqlite3_close (db);
  return FALSE;
}

static gint64
count_sessions (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 count = -1;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK
      && sqlite3_prepare_v2 (db, "SELECT count(*) FROM sessions", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

static int
run_benchmark (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  const char *root = g_getenv ("SPORTELLO_BENCH_DIR");
  g_autofree char *template = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *stats_path = NULL;
  g_autofree double *sync_p50 = g_new0 (double, opt_runs);
  g_autofree double *append_p50 = g_new0 (double, opt_runs);
  g_autofree double *book_p50 = g_new0 (double, opt_runs);
  g_autofree double *book_p99 = g_new0 (double, opt_runs);
  g_autofree double *throughput = g_new0 (double, opt_runs);
  g_autofree int *busy = g_new0 (int, opt_runs);
  int total_busy = 0;
  g_autoptr(SportelloStore) store = NULL;
  g_autoptr(SportelloCatalog) catalog = NULL;
  g_autofree char *data_dir = NULL;
  double generation_ms;
  gint64 sessions;
  struct statfs fs;

  if (root == NULL)
    root = g_getenv ("SPORTELLO_BUILD_ROOT");
  if (root == NULL)
    root = ".";
  template = g_build_filename (root, "bench-core-XXXXXX", NULL);
  dir = g_mkdtemp (g_strdup (template));
  if (dir == NULL)
    {
      g_printerr ("bench-core: cannot make a folder under %s: %s\n", root, g_strerror (errno));
      return 1;
    }

  g_print ("Sportello core benchmark\n");
  g_print ("database folder: %s (filesystem type 0x%lx)\n", dir,
           statfs (dir, &fs) == 0 ? (unsigned long) fs.f_type : 0UL);
  g_print ("SQLite %s, WAL, synchronous=FULL; %d runs of %d bookings, %d processes\n\n",
           sqlite3_libversion (), opt_runs, opt_bookings, opt_processes);

  for (int run = 0; run < opt_runs; run++)
    {
      if (!bench_fdatasync (dir, opt_bookings / 2, FALSE, &sync_p50[run], &error)
          || !bench_fdatasync (dir, opt_bookings / 2, TRUE, &append_p50[run], &error)
          || !bench_booking_latency (dir, run, &book_p50[run], &book_p99[run], &error)
          || !bench_throughput (dir, self_exe, run, &throughput[run], &busy[run], &error))
        goto failed;
      total_busy += busy[run];
      g_print ("run %d: fdatasync p50 %.3f ms (append %.3f ms), booking p50 %.3f ms p99 %.3f ms, "
               "%d processes %.0f bookings/s (%d refused: lock wait over the busy timeout)\n",
               run + 1, sync_p50[run], append_p50[run], book_p50[run], book_p99[run], opt_processes, throughput[run],
               busy[run]);
    }

  {
    double sync = median (sync_p50, opt_runs);
    double p50 = median (book_p50, opt_runs);
    double p99 = median (book_p99, opt_runs);

    g_print ("\n%-52s %12s\n", "measure (median of runs)", "value");
    g_print ("%-52s %9.3f ms\n", "fdatasync of a 4 KiB rewrite, p50 (reference)", sync);
    g_print ("%-52s %9.3f ms\n", "fdatasync of a 4 KiB append, p50",
             median (append_p50, opt_runs));
    g_print ("%-52s %9.3f ms\n", "booking commit, 1 process, p50", p50);
    g_print ("%-52s %9.3f ms\n", "booking commit, 1 process, p99", p99);
    g_print ("%-52s %9.2f x\n", "booking p50 / fdatasync p50", sync > 0 ? p50 / sync : 0);
    g_autofree char *label = g_strdup_printf ("throughput, %d processes", opt_processes);
    g_print ("%-52s %9.0f bookings/s\n", label, median (throughput, opt_runs));
    g_print ("%-52s %9d of %d\n", "  refused, lock held past the busy timeout (all runs)",
             total_busy, opt_runs * MAX (1, opt_bookings / opt_processes) * opt_processes);
  }

  /* Statistics over opt_sessions summaries. */
  stats_path = g_build_filename (dir, "stats.db", NULL);
  store = sportello_sqlite_store_new (stats_path, &error);
  if (store == NULL)
    goto failed;
  data_dir = sportello_paths_data_dir (NULL);
  catalog = sportello_catalog_load (data_dir, NULL, NULL);
  generation_ms = now_ms ();
  if (!generate_sessions (stats_path, store, catalog, opt_sessions, &error))
    goto failed;
  generation_ms = now_ms () - generation_ms;
  sessions = count_sessions (stats_path);

  g_print ("\nstatistics over %" G_GINT64_FORMAT " session summaries (generated in %.1f s), "
           "median of %d runs\n", sessions, generation_ms / 1000.0, opt_query_runs);
  g_print ("%-20s %12s %8s\n", "dimension", "time", "rows");
  for (int by = SPORTELLO_STATS_BY_DAY; by <= SPORTELLO_STATS_BY_FUNNEL; by++)
    {
      g_autofree double *times = g_new (double, opt_query_runs);
      guint n_rows = 0;

      for (int run = 0; run < opt_query_runs; run++)
        {
          SportelloStatsQuery query = { .by = (SportelloStatsDimension) by };
          g_autoptr(GPtrArray) rows = NULL;
          double start;

          g_date_clear (&query.from, 1);
          g_date_clear (&query.to, 1);
          start = now_ms ();
          rows = sportello_store_query_stats (store, &query, &error);
          times[run] = now_ms () - start;
          if (rows == NULL)
            goto failed;
          n_rows = rows->len;
          if (by == SPORTELLO_STATS_BY_DAY)
            {
              gint64 total = 0;

              /* The figures must describe what was generated. */
              for (guint i = 0; i < rows->len; i++)
                total += ((SportelloStatsRow *) g_ptr_array_index (rows, i))->count;
              if (total != sessions)
                {
                  g_set_error (&error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_FAILED,
                               "sessions by day add up to %" G_GINT64_FORMAT ", not %" G_GINT64_FORMAT,
                               total, sessions);
                  goto failed;
                }
            }
        }
      g_print ("%-20s %9.1f ms %8u\n",
               sportello_stats_dimension_to_string ((SportelloStatsDimension) by),
               median (times, opt_query_runs), n_rows);
    }

  g_clear_object (&store);
  remove_database (stats_path);
  g_rmdir (dir);
  return 0;

failed:
  g_printerr ("bench-core: %s\n", error != NULL ? error->message : "failed");
  g_clear_object (&store);
  for (int run = 0; run < opt_runs; run++)
    {
      const char *kinds[] = { "latency", "throughput" };

      for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
        {
          g_autofree char *name = g_strdup_printf ("%s-%d.db", kinds[k], run);
          g_autofree char *path = g_build_filename (dir, name, NULL);

          remove_database (path);
        }
    }
  if (stats_path != NULL)
    remove_database (stats_path);
  {
    g_autofree char *sync_path = g_build_filename (dir, "fdatasync.bin", NULL);

    g_unlink (sync_path);
  }
  g_rmdir (dir);
  return 1;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- time the core on this disk");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = g_strdupv (argv);

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      g_printerr ("bench-core: %s\n", error->message);
      return 2;
    }
  if (opt_worker)
    return run_worker (args);
  if (opt_bookings < 100 || opt_runs < 1 || opt_processes < 1 || opt_sessions < 1
      || opt_query_runs < 1)
    {
      g_printerr ("bench-core: --bookings needs 100 or more, the other counts 1 or more\n");
      return 2;
    }
  return run_benchmark ();
}
