/* store-worker.c: a second process on the same database, for the tests
 *
 *   store-worker call-next DB DATE OPERATOR
 *       calls the next ticket of DATE (at noon) until nobody waits and
 *       prints each code on its own line
 *   store-worker read-only DB DATE
 *       checks that a database it cannot write still reads, and that every
 *       write fails with UNAVAILABLE; prints one line per check
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "sportello.h"

static gboolean
parse_date (const char *text,
            GDate      *out)
{
  unsigned int y, m, d;

  g_date_clear (out, 1);
  if (sscanf (text, "%4u-%2u-%2u", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (out, d, m, y);
  return TRUE;
}

static int
call_next (const char  *db,
           const GDate *date,
           const char  *operator_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SportelloStore) store = sportello_sqlite_store_new (db, &error);
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) noon = g_date_time_new (tz, g_date_get_year (date), g_date_get_month (date),
                                               g_date_get_day (date), 12, 0, 0);

  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  for (;;)
    {
      g_autoptr(SportelloTicket) ticket = sportello_store_call_next (store, noon, NULL, operator_id,
                                                                     operator_id, &error);

      if (ticket == NULL)
        {
          if (g_error_matches (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_NOT_FOUND))
            return 0;
          g_printerr ("%s\n", error->message);
          return 1;
        }
      printf ("%s\n", ticket->code);
      fflush (stdout);
    }
}

static int failures;

static void
expect_at (gboolean    ok,
           const char *what,
           GError    **errorp)
{
  GError *error = *errorp;

  printf ("%s %s%s%s\n", ok ? "ok" : "FAIL", what,
          error != NULL ? ": " : "", error != NULL ? error->message : "");
  if (!ok)
    failures++;
}

/* The error is read after the call, not when the arguments are evaluated. */
#define expect(ok, what, error) expect_at ((ok), (what), &(error))

static gboolean
is_unavailable (GError *error)
{
  return g_error_matches (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_UNAVAILABLE)
         && strstr (error->message, "read-only") != NULL;
}

static int
read_only (const char  *db,
           const GDate *date)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SportelloStore) store = sportello_sqlite_store_new (db, &error);
  SportelloBookingRequest request = {
    .service_id = "permit", .letter = 'A', .date = *date, .minute = -1, .capacity = 0, .language = "it",
  };
  SportelloDayCounts counts;

  expect (store != NULL, "open", error);
  if (store == NULL)
    return 1;

  {
    g_autoptr(SportelloTicket) t = sportello_store_lookup_ticket (store, date, "A-1", &error);
    expect (t != NULL, "read a ticket", error);
    g_clear_error (&error);
  }
  {
    g_autoptr(GPtrArray) all = sportello_store_list_tickets (store, date, NULL, &error);
    expect (all != NULL && all->len == 3, "list the day", error);
    g_clear_error (&error);
  }
  {
    SportelloStatsQuery query = { .by = SPORTELLO_STATS_BY_FUNNEL };
    g_autoptr(GPtrArray) rows = NULL;

    g_date_clear (&query.from, 1);
    g_date_clear (&query.to, 1);
    rows = sportello_store_query_stats (store, &query, &error);
    expect (rows != NULL && rows->len == 5
            && ((SportelloStatsRow *) g_ptr_array_index (rows, 0))->count == 1,
            "statistics", error);
    g_clear_error (&error);
  }
  expect (sportello_store_count_day (store, date, &counts, &error) && counts.open == 3,
          "count the day", error);
  g_clear_error (&error);
  {
    g_autoptr(GPtrArray) ids = sportello_store_list_operators (store, &error);
    expect (ids != NULL && ids->len == 1, "list operators", error);
    g_clear_error (&error);
  }

  expect (!sportello_store_is_writable (store, &error) && is_unavailable (error), "not writable", error);
  g_clear_error (&error);
  {
    g_autoptr(SportelloTicket) t = sportello_store_book (store, &request, &error);
    expect (t == NULL && is_unavailable (error), "booking refused", error);
    g_clear_error (&error);
  }
  {
    g_autoptr(SportelloTicket) t = sportello_store_transition (store, date, "A-1", SPORTELLO_STATE_CALLED, "op", "1",
                                                              SPORTELLO_PROFESSIONAL_NONE, NULL, &error);
    expect (t == NULL && is_unavailable (error), "transition refused", error);
    g_clear_error (&error);
  }
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(SportelloSessionSummary) summary = sportello_session_summary_new ("k1", now);

    expect (!sportello_store_record_session (store, summary, &error) && is_unavailable (error),
            "session refused", error);
    g_clear_error (&error);
  }
  expect (sportello_store_purge (store, date, &error) == -1 && is_unavailable (error), "purge refused", error);
  g_clear_error (&error);
  {
    g_autofree char *hash = sportello_pin_hash ("1234", NULL);

    expect (!sportello_store_add_operator (store, "x", "X", hash, &error) && is_unavailable (error),
            "operator refused", error);
    g_clear_error (&error);
  }
  /* Reads still work after the refused writes. */
  {
    g_autoptr(SportelloTicket) t = sportello_store_lookup_ticket (store, date, "A-2", &error);
    expect (t != NULL, "read after refusals", error);
    g_clear_error (&error);
  }
  return failures == 0 ? 0 : 1;
}

int
main (int   argc,
      char *argv[])
{
  GDate date;

  if (argc >= 5 && strcmp (argv[1], "call-next") == 0 && parse_date (argv[3], &date))
    return call_next (argv[2], &date, argv[4]);
  if (argc >= 4 && strcmp (argv[1], "read-only") == 0 && parse_date (argv[3], &date))
    return read_only (argv[2], &date);
  g_printerr ("usage: store-worker call-next DB DATE OPERATOR | read-only DB DATE\n");
  return 2;
}
