/* test-store.c: tickets, queue, undo, day close, purge and PINs on a real
 * SQLite file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "store-test-common.h"

typedef struct
{
  TestDir         td;
  SportelloStore *store;
  GDate           date;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  test_dir_init (&f->td);
  f->store = open_store (f->td.db_path);
  g_date_clear (&f->date, 1);
  g_date_set_dmy (&f->date, 4, G_DATE_MARCH, 2030);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  test_dir_clear (&f->td);
}

static GDateTime *
at_time (const GDate *date,
         int          hour,
         int          minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();

  return g_date_time_new (tz, g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date), hour, minute, 0);
}

static void
test_open_creates_folder (void)
{
  TestDir td;
  g_autofree char *nested = NULL;
  g_autoptr(SportelloStore) store = NULL;
  sqlite3 *db;
  g_autofree char *mode = NULL;

  test_dir_init (&td);
  nested = g_build_filename (td.dir, "a", "b", "store.db", NULL);
  store = open_store (nested);
  g_assert_true (g_file_test (nested, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (sportello_sqlite_store_get_path (SPORTELLO_SQLITE_STORE (store)), ==, nested);
  g_assert_true (sportello_store_is_writable (store, NULL));

  db = open_raw (nested);
  mode = raw_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, SPORTELLO_SQLITE_SCHEMA_VERSION);
  g_assert_cmpint (SPORTELLO_SQLITE_SCHEMA_VERSION, >=, 3);
  sqlite3_close (db);

  g_clear_object (&store);
  test_dir_clear (&td);
}

static void
test_open_bad_file (void)
{
  TestDir td;
  g_autoptr(GError) error = NULL;
  g_autoptr(SportelloStore) store = NULL;

  test_dir_init (&td);
  g_assert_true (g_file_set_contents (td.db_path, "this is not a database, just some text that is long enough", -1, NULL));
  store = sportello_sqlite_store_new (td.db_path, &error);
  g_assert_null (store);
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_FAILED);
  g_test_message ("%s", error->message);
  test_dir_clear (&td);
}

static void
test_newer_schema (void)
{
  TestDir td;
  g_autoptr(GError) error = NULL;
  g_autoptr(SportelloStore) store = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *db;

  test_dir_init (&td);
  g_clear_object (&store);
  store = open_store (td.db_path);
  g_clear_object (&store);
  db = open_raw (td.db_path);
  sql = g_strdup_printf ("PRAGMA user_version = %d", SPORTELLO_SQLITE_SCHEMA_VERSION + 1);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = sportello_sqlite_store_new (td.db_path, &error);
  g_assert_null (store);
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_SCHEMA);
  test_dir_clear (&td);
}

static gboolean
code_is_well_formed (const char *code,
                     char        letter)
{
  char parsed_letter;
  int number;
  g_autofree char *again = NULL;

  if (!sportello_code_parse (code, &parsed_letter, &number) || parsed_letter != letter)
    return FALSE;
  again = sportello_code_format (letter, number);
  return g_strcmp0 (again, code) == 0;
}

static void
test_book_capacity (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SportelloTicket) refused = NULL;
  g_autoptr(SportelloTicket) cancelled = NULL;
  g_autoptr(SportelloTicket) again = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autofree char *first_code = NULL;
  const int capacity = 3;

  for (int i = 0; i < capacity; i++)
    {
      g_autoptr(SportelloTicket) t = book_ticket (f->store, "permit", 'A', &f->date, 560, capacity,
                                                  "+39123456", &error);
      g_assert_no_error (error);
      g_assert_cmpint (t->state, ==, SPORTELLO_STATE_BOOKED);
      g_assert_cmpint (t->minute, ==, 560);
      g_assert_cmpint (t->number, ==, i + 1);
      g_assert_cmpstr (t->service_id, ==, "permit");
      g_assert_cmpstr (t->language, ==, "ar");
      g_assert_true (t->needs_mediator);
      g_assert_cmpstr (t->phone, ==, "+39123456");
      g_assert_cmpstr (t->kiosk_id, ==, "kiosk-test");
      g_assert_true (g_date_compare (&t->date, &f->date) == 0);
      g_assert_cmpint (t->created_at, >, 0);
      g_assert_true (code_is_well_formed (t->code, 'A'));
      g_assert_false (g_hash_table_contains (codes, t->code));
      g_hash_table_add (codes, g_strdup (t->code));
      if (first_code == NULL)
        first_code = g_strdup (t->code);
    }

  refused = book_ticket (f->store, "permit", 'A', &f->date, 560, capacity, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_NO_PLACE);
  g_assert_nonnull (strstr (error->message, "09:20"));
  g_clear_error (&error);

  /* Another slot and another service are not affected. */
  {
    g_autoptr(SportelloTicket) other = book_ticket (f->store, "permit", 'A', &f->date, 580, capacity, NULL, &error);
    g_autoptr(SportelloTicket) other_service = book_ticket (f->store, "health", 'S', &f->date, 560, 1, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (other->code, ==, "A-4");
    g_assert_cmpstr (other_service->code, ==, "S-1");
  }

  counts = sportello_store_count_booked (f->store, "permit", &f->date, &error);
  g_assert_no_error (error);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (counts, GINT_TO_POINTER (560))), ==, 3);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (counts, GINT_TO_POINTER (580))), ==, 1);

  /* A cancelled ticket frees its place. */
  cancelled = sportello_store_transition (f->store, &f->date, first_code, SPORTELLO_STATE_CANCELLED,
                                          "op1", NULL, SPORTELLO_PROFESSIONAL_NONE, NULL, &error);
  g_assert_no_error (error);
  again = book_ticket (f->store, "permit", 'A', &f->date, 560, capacity, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_hash_table_contains (codes, again->code));
  g_assert_cmpstr (again->code, ==, "A-5");

  /* The same day of another date restarts numbering. */
  {
    GDate next = f->date;
    g_autoptr(SportelloTicket) t = NULL;

    g_date_add_days (&next, 1);
    t = book_ticket (f->store, "permit", 'A', &next, 560, capacity, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (t->code, ==, "A-1");
  }

  /* Bad requests are refused with a message, not a crash. */
  {
    g_autoptr(SportelloTicket) t = book_ticket (f->store, "permit", 'O', &f->date, 560, 3, NULL, &error);
    g_assert_null (t);
    g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID);
    g_clear_error (&error);
    t = book_ticket (f->store, "permit", 'A', &f->date, 24 * 60, 3, NULL, &error);
    g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID);
    g_clear_error (&error);
    /* Two services sharing a letter collide on the code: a clear error. */
    t = book_ticket (f->store, "other-permit", 'A', &f->date, 560, 3, NULL, &error);
    g_assert_null (t);
    g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID);
  }
}

static void
test_walk_in_limit (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SportelloTicket) booked = NULL;
  g_autoptr(SportelloTicket) refused = NULL;

  /* Booked and walk-in tickets share the day's numbers. */
  booked = book_ticket (f->store, "work", 'B', &f->date, 600, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (booked->code, ==, "B-1");

  for (int i = 0; i < 4; i++)
    {
      g_autoptr(SportelloTicket) t = book_ticket (f->store, "work", 'B', &f->date, -1, 4, NULL, &error);
      g_autofree char *expected = g_strdup_printf ("B-%d", i + 2);

      g_assert_no_error (error);
      g_assert_cmpint (t->state, ==, SPORTELLO_STATE_WAITING);
      g_assert_true (sportello_ticket_is_walk_in (t));
      g_assert_cmpstr (t->code, ==, expected);
    }
  refused = book_ticket (f->store, "work", 'B', &f->date, -1, 4, NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_NO_PLACE);
  g_clear_error (&error);
  g_assert_cmpint (sportello_store_count_waiting (f->store, "work", &f->date, &error), ==, 4);

  /* 0 = no limit */
  for (int i = 0; i < 10; i++)
    {
      g_autoptr(SportelloTicket) t = book_ticket (f->store, "work", 'B', &f->date, -1, 0, NULL, &error);
      g_assert_no_error (error);
    }
  g_assert_cmpint (sportello_store_count_waiting (f->store, "work", &f->date, &error), ==, 14);
}

/* Every (from, to) pair through the store: legal ones succeed and leave a
 * timestamped, attributed history row; illegal ones are refused and leave
 * nothing. */
static void
test_transitions (Fixture       *f,
                  gconstpointer  data)
{
  /* A path from the initial state to each state. */
  static const SportelloState paths[SPORTELLO_N_STATES][4] = {
    [SPORTELLO_STATE_BOOKED] = { -1 },
    [SPORTELLO_STATE_ARRIVED] = { SPORTELLO_STATE_ARRIVED, -1 },
    [SPORTELLO_STATE_WAITING] = { -1 },
    [SPORTELLO_STATE_CALLED] = { SPORTELLO_STATE_CALLED, -1 },
    [SPORTELLO_STATE_SERVING] = { SPORTELLO_STATE_CALLED, SPORTELLO_STATE_SERVING, -1 },
    [SPORTELLO_STATE_DONE] = { SPORTELLO_STATE_CALLED, SPORTELLO_STATE_SERVING, SPORTELLO_STATE_DONE, -1 },
    [SPORTELLO_STATE_NO_SHOW] = { SPORTELLO_STATE_NO_SHOW, -1 },
    [SPORTELLO_STATE_CANCELLED] = { SPORTELLO_STATE_CANCELLED, -1 },
    [SPORTELLO_STATE_REFERRED] = { SPORTELLO_STATE_CALLED, SPORTELLO_STATE_SERVING, SPORTELLO_STATE_REFERRED, -1 },
    [SPORTELLO_STATE_NOT_SERVED] = { SPORTELLO_STATE_NOT_SERVED, -1 },
  };
  int minute = 0;
  int legal = 0, illegal = 0;

  for (int from = 0; from < SPORTELLO_N_STATES; from++)
    for (int to = 0; to < SPORTELLO_N_STATES; to++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(SportelloTicket) t = NULL;
        g_autoptr(SportelloTicket) moved = NULL;
        g_autoptr(GPtrArray) before = NULL;
        g_autoptr(GPtrArray) after = NULL;
        g_autofree char *code = NULL;
        int walk_in = from == SPORTELLO_STATE_WAITING;
        SportelloProfessional prof = to == SPORTELLO_STATE_REFERRED
                                     ? SPORTELLO_PROFESSIONAL_SOCIAL_WORKER
                                     : SPORTELLO_PROFESSIONAL_NONE;

        t = book_ticket (f->store, "svc", 'C', &f->date, walk_in ? -1 : minute++, walk_in ? 0 : 1, NULL, &error);
        g_assert_no_error (error);
        code = g_strdup (t->code);
        for (int i = 0; paths[from][i] != (SportelloState) -1 && i < 4; i++)
          {
            g_autoptr(SportelloTicket) step = NULL;
            SportelloProfessional p = paths[from][i] == SPORTELLO_STATE_REFERRED
                                      ? SPORTELLO_PROFESSIONAL_MEDIATOR : SPORTELLO_PROFESSIONAL_NONE;

            step = sportello_store_transition (f->store, &f->date, code, paths[from][i], "setup",
                                               "1", p, NULL, &error);
            g_assert_no_error (error);
          }
        before = sportello_store_list_history (f->store, &f->date, code, &error);
        g_assert_no_error (error);

        moved = sportello_store_transition (f->store, &f->date, code, to, "op-7", "3",
                                            prof, to == SPORTELLO_STATE_REFERRED ? "housing" : NULL,
                                            &error);
        after = sportello_store_list_history (f->store, &f->date, code, NULL);
        if (sportello_state_can_transition (from, to))
          {
            SportelloTransition *last;

            g_assert_no_error (error);
            g_assert_nonnull (moved);
            g_assert_cmpint (moved->state, ==, to);
            g_assert_cmpstr (moved->operator_id, ==, "op-7");
            g_assert_cmpuint (after->len, ==, before->len + 1);
            last = g_ptr_array_index (after, after->len - 1);
            g_assert_cmpint (last->from, ==, from);
            g_assert_cmpint (last->to, ==, to);
            g_assert_cmpstr (last->operator_id, ==, "op-7");
            g_assert_cmpint (last->at, >=, moved->created_at);
            g_assert_cmpint (last->at, >, 1700000000);
            if (to == SPORTELLO_STATE_CALLED)
              g_assert_cmpstr (moved->counter, ==, "3");
            if (to == SPORTELLO_STATE_REFERRED)
              {
                g_assert_cmpint (moved->professional, ==, SPORTELLO_PROFESSIONAL_SOCIAL_WORKER);
                g_assert_cmpstr (moved->note, ==, "housing");
              }
            legal++;
          }
        else
          {
            g_autoptr(SportelloTicket) unchanged = NULL;

            g_assert_null (moved);
            g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_TRANSITION);
            g_assert_nonnull (strstr (error->message, sportello_state_to_string (from)));
            g_assert_nonnull (strstr (error->message, sportello_state_to_string (to)));
            g_clear_error (&error);
            g_assert_cmpuint (after->len, ==, before->len);
            unchanged = sportello_store_lookup_ticket (f->store, &f->date, code, &error);
            g_assert_no_error (error);
            g_assert_cmpint (unchanged->state, ==, from);
            illegal++;
          }

        /* Every history row has a time; every row after creation an operator. */
        for (guint i = 0; i < after->len; i++)
          {
            SportelloTransition *row = g_ptr_array_index (after, i);

            g_assert_cmpint (row->at, >, 1700000000);
            if (i > 0)
              g_assert_nonnull (row->operator_id);
          }
      }
  g_assert_cmpint (legal, >, 15);
  g_assert_cmpint (illegal, >, 50);
}

static void
test_transition_checks (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SportelloTicket) t = NULL;
  g_autoptr(SportelloTicket) r = NULL;
  g_autofree char *long_note = NULL;
  GString *s = g_string_new (NULL);

  t = book_ticket (f->store, "svc", 'D', &f->date, 600, 1, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&t, sportello_ticket_free);
  t = sportello_store_transition (f->store, &f->date, "D-1", SPORTELLO_STATE_CALLED, "op", "2",
                                  SPORTELLO_PROFESSIONAL_NONE, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&t, sportello_ticket_free);
  /* Lenient code lookup. */
  t = sportello_store_transition (f->store, &f->date, "d1", SPORTELLO_STATE_SERVING, "op", NULL,
                                  SPORTELLO_PROFESSIONAL_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (t->counter, ==, "2");

  r = sportello_store_transition (f->store, &f->date, "D-1", SPORTELLO_STATE_REFERRED, "op", NULL,
                                  SPORTELLO_PROFESSIONAL_NONE, "x", &error);
  g_assert_null (r);
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID);
  g_clear_error (&error);

  for (int i = 0; i < 501; i++)
    g_string_append (s, "è");
  long_note = g_string_free (s, FALSE);
  r = sportello_store_transition (f->store, &f->date, "D-1", SPORTELLO_STATE_REFERRED, "op", NULL,
                                  SPORTELLO_PROFESSIONAL_MEDIATOR, long_note, &error);
  g_assert_null (r);
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID);
  g_clear_error (&error);

  r = sportello_store_transition (f->store, &f->date, "Z-99", SPORTELLO_STATE_CALLED, "op", NULL,
                                  SPORTELLO_PROFESSIONAL_NONE, NULL, &error);
  g_assert_null (r);
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  long_note[500 * 2] = '\0';  /* exactly 500 characters */
  r = sportello_store_transition (f->store, &f->date, "D-1", SPORTELLO_STATE_REFERRED, "op", NULL,
                                  SPORTELLO_PROFESSIONAL_MEDIATOR, long_note, &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->state, ==, SPORTELLO_STATE_REFERRED);
}

static void
test_call_next_order (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) ten = at_time (&f->date, 10, 0);
  g_autoptr(GDateTime) noon = at_time (&f->date, 12, 0);
  const char *services[] = { "permit", NULL };
  const char *other_services[] = { "health", NULL };
  const char *expected_at_ten[] = { "A-3", "A-2", "A-5", "A-1", "A-6" };
  g_autoptr(SportelloTicket) none = NULL;

  /* A-1 walk-in (earliest number), A-2 booked 09:40, A-3 booked 09:00,
   * A-4 booked 11:00 (not yet), A-5 walk-in, A-6 walk-in taken later. */
  {
    int minutes[] = { -1, 580, 540, 660, -1, -1 };

    for (guint i = 0; i < G_N_ELEMENTS (minutes); i++)
      {
        g_autoptr(SportelloTicket) t = book_ticket (f->store, "permit", 'A', &f->date, minutes[i], 5, NULL, &error);
        g_assert_no_error (error);
      }
  }
  /* A-5 is removed from the queue before being called; A-1 wins back. */
  {
    g_autoptr(SportelloTicket) t = book_ticket (f->store, "health", 'S', &f->date, -1, 0, NULL, &error);
    g_assert_no_error (error);
  }

  /* A checked-in person with the same slot time as a booked one keeps number order. */
  {
    g_autoptr(SportelloTicket) t = sportello_store_transition (f->store, &f->date, "A-2", SPORTELLO_STATE_ARRIVED,
                                                              NULL, NULL, SPORTELLO_PROFESSIONAL_NONE, NULL, &error);
    g_assert_no_error (error);
  }

  /* At 10:00: booked ones whose time has come (09:00 then 09:40), then
   * walk-ins by number; the 11:00 appointment is not called yet.  A-5 is
   * cancelled so order is ... */
  {
    g_autoptr(SportelloTicket) t = sportello_store_transition (f->store, &f->date, "A-5", SPORTELLO_STATE_CANCELLED,
                                                              "op", NULL, SPORTELLO_PROFESSIONAL_NONE, NULL, &error);
    g_assert_no_error (error);
  }
  expected_at_ten[2] = "A-1";
  expected_at_ten[3] = "A-6";
  for (int i = 0; i < 4; i++)
    {
      g_autoptr(SportelloTicket) t = sportello_store_call_next (f->store, ten, services, "op1", "2", &error);

      g_assert_no_error (error);
      g_assert_cmpstr (t->code, ==, expected_at_ten[i]);
      g_assert_cmpint (t->state, ==, SPORTELLO_STATE_CALLED);
      g_assert_cmpstr (t->counter, ==, "2");
      g_assert_cmpstr (t->operator_id, ==, "op1");
    }
  none = sportello_store_call_next (f->store, ten, services, "op1", "2", &error);
  g_assert_null (none);
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* At noon the 11:00 appointment has come. */
  {
    g_autoptr(SportelloTicket) t = sportello_store_call_next (f->store, noon, services, "op1", "2", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (t->code, ==, "A-4");
  }
  /* Other services' queues are separate; NULL means every service. */
  {
    g_autoptr(SportelloTicket) t = sportello_store_call_next (f->store, noon, other_services, "op1", "2", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (t->code, ==, "S-1");
  }
  {
    g_autoptr(SportelloTicket) t = sportello_store_call_next (f->store, noon, NULL, "op1", "2", &error);
    g_assert_null (t);
    g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_NOT_FOUND);
  }
}

static void
test_call_next_other_day (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GDate tomorrow = f->date;
  g_autoptr(GDateTime) ten = at_time (&f->date, 10, 0);
  g_autoptr(SportelloTicket) t = NULL;
  g_autoptr(SportelloTicket) none = NULL;

  g_date_add_days (&tomorrow, 1);
  t = book_ticket (f->store, "permit", 'A', &tomorrow, 540, 5, NULL, &error);
  g_assert_no_error (error);
  none = sportello_store_call_next (f->store, ten, NULL, "op1", "1", &error);
  g_assert_null (none);
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_NOT_FOUND);
}

static void
test_list_tickets (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) some = NULL;
  const char *only[] = { "health", NULL };
  const char *expected[] = { "A-3", "S-1", "A-2", "A-1", "A-4" };
  struct { const char *service; char letter; int minute; } bookings[] = {
    { "permit", 'A', -1 }, { "permit", 'A', 600 }, { "permit", 'A', 540 }, { "health", 'S', 570 }, { "permit", 'A', -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bookings); i++)
    {
      g_autoptr(SportelloTicket) t = book_ticket (f->store, bookings[i].service, bookings[i].letter,
                                                  &f->date, bookings[i].minute, 5, NULL, &error);
      g_assert_no_error (error);
    }
  all = sportello_store_list_tickets (f->store, &f->date, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < all->len; i++)
    g_assert_cmpstr (((SportelloTicket *) g_ptr_array_index (all, i))->code, ==, expected[i]);
  some = sportello_store_list_tickets (f->store, &f->date, only, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (some->len, ==, 1);
}

static void
test_undo (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) ten = at_time (&f->date, 10, 0);
  g_autoptr(SportelloTicket) called = NULL;
  g_autoptr(SportelloTicket) undone = NULL;
  g_autoptr(SportelloTicket) denied = NULL;
  g_autoptr(GPtrArray) history = NULL;

  for (int i = 0; i < 3; i++)
    {
      g_autoptr(SportelloTicket) t = book_ticket (f->store, "permit", 'A', &f->date, -1, 0, NULL, &error);
      g_assert_no_error (error);
    }

  /* Nothing done yet: nothing to undo. */
  denied = sportello_store_undo_last (f->store, "op1", 30, &error);
  g_assert_null (denied);
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_DENIED);
  g_clear_error (&error);

  /* Own last action within the window: reverted, with an audit row. */
  called = sportello_store_call_next (f->store, ten, NULL, "op1", "4", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (called->code, ==, "A-1");
  undone = sportello_store_undo_last (f->store, "op1", 30, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (undone->code, ==, "A-1");
  g_assert_cmpint (undone->state, ==, SPORTELLO_STATE_WAITING);
  g_assert_null (undone->counter);
  history = sportello_store_list_history (f->store, &f->date, "A-1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 3);
  g_assert_cmpint (((SportelloTransition *) g_ptr_array_index (history, 2))->from, ==, SPORTELLO_STATE_CALLED);
  g_assert_cmpint (((SportelloTransition *) g_ptr_array_index (history, 2))->to, ==, SPORTELLO_STATE_WAITING);
  g_assert_cmpstr (((SportelloTransition *) g_ptr_array_index (history, 2))->operator_id, ==, "op1");
  g_clear_pointer (&undone, sportello_ticket_free);

  /* The same ticket is first in the queue again; an undo is not undone. */
  g_clear_pointer (&called, sportello_ticket_free);
  called = sportello_store_call_next (f->store, ten, NULL, "op1", "4", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (called->code, ==, "A-1");

  /* Someone else's action cannot be undone by op2 (op2 has none), and
   * once op2 acts on the ticket op1 cannot undo theirs either. */
  denied = sportello_store_undo_last (f->store, "op2", 30, &error);
  g_assert_null (denied);
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_DENIED);
  g_clear_error (&error);
  {
    g_autoptr(SportelloTicket) t = sportello_store_transition (f->store, &f->date, "A-1", SPORTELLO_STATE_SERVING,
                                                              "op2", "4", SPORTELLO_PROFESSIONAL_NONE, NULL, &error);
    g_assert_no_error (error);
  }
  denied = sportello_store_undo_last (f->store, "op1", 30, &error);
  g_assert_null (denied);
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_DENIED);
  g_clear_error (&error);
  {
    g_autoptr(SportelloTicket) t = sportello_store_lookup_ticket (f->store, &f->date, "A-1", &error);
    g_assert_cmpint (t->state, ==, SPORTELLO_STATE_SERVING);
  }

  /* Too old: max_age 0 and a second gone by. */
  g_clear_pointer (&called, sportello_ticket_free);
  called = sportello_store_call_next (f->store, ten, NULL, "op3", "5", &error);
  g_assert_no_error (error);
  g_usleep (1100 * 1000);
  denied = sportello_store_undo_last (f->store, "op3", 0, &error);
  g_assert_null (denied);
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_DENIED);
  g_clear_error (&error);
  {
    g_autoptr(SportelloTicket) t = sportello_store_lookup_ticket (f->store, &f->date, called->code, &error);
    g_assert_cmpint (t->state, ==, SPORTELLO_STATE_CALLED);
  }
  /* ... but within a larger window it works. */
  undone = sportello_store_undo_last (f->store, "op3", 30, &error);
  g_assert_no_error (error);
  g_assert_cmpint (undone->state, ==, SPORTELLO_STATE_WAITING);
}

static void
test_close_day (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SportelloDayCounts counts;
  struct { const char *code; SportelloState path[3]; } plan[] = {
    { "A-1", { SPORTELLO_STATE_CALLED, SPORTELLO_STATE_SERVING, SPORTELLO_STATE_DONE } },
    { "A-2", { SPORTELLO_STATE_CALLED, SPORTELLO_STATE_SERVING, SPORTELLO_STATE_DONE } },
    { "A-3", { SPORTELLO_STATE_CALLED, SPORTELLO_STATE_SERVING, SPORTELLO_STATE_REFERRED } },
    { "A-4", { SPORTELLO_STATE_NO_SHOW, -1, -1 } },
    { "A-5", { SPORTELLO_STATE_CANCELLED, -1, -1 } },
    { "A-6", { SPORTELLO_STATE_CALLED, -1, -1 } },
    { "A-7", { SPORTELLO_STATE_ARRIVED, -1, -1 } },
    { "A-8", { -1, -1, -1 } },
    { "A-9", { SPORTELLO_STATE_CALLED, SPORTELLO_STATE_SERVING, -1 } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (plan); i++)
    {
      g_autoptr(SportelloTicket) t = book_ticket (f->store, "permit", 'A', &f->date, 540 + (int) i, 1, "+3900000", &error);
      g_assert_no_error (error);
      for (int j = 0; j < 3 && plan[i].path[j] != (SportelloState) -1; j++)
        {
          g_autoptr(SportelloTicket) m = sportello_store_transition (f->store, &f->date, plan[i].code, plan[i].path[j], "op", "1",
                                                                    SPORTELLO_PROFESSIONAL_EMPLOYMENT_OPERATOR, NULL, &error);
          g_assert_no_error (error);
        }
    }
  {
    g_autoptr(SportelloTicket) t = book_ticket (f->store, "permit", 'A', &f->date, -1, 0, NULL, &error);
    g_assert_no_error (error);
  }

  g_assert_true (sportello_store_count_day (f->store, &f->date, &counts, &error));
  g_assert_cmpint (counts.served, ==, 2);
  g_assert_cmpint (counts.referred, ==, 1);
  g_assert_cmpint (counts.no_show, ==, 1);
  g_assert_cmpint (counts.cancelled, ==, 1);
  g_assert_cmpint (counts.not_served, ==, 0);
  g_assert_cmpint (counts.open, ==, 5);

  memset (&counts, 0xff, sizeof counts);
  g_assert_true (sportello_store_close_day (f->store, &f->date, "boss", &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpint (counts.served, ==, 2);
  g_assert_cmpint (counts.referred, ==, 1);
  g_assert_cmpint (counts.no_show, ==, 1);
  g_assert_cmpint (counts.cancelled, ==, 1);
  /* called, arrived, booked and the walk-in; the one being served stays open */
  g_assert_cmpint (counts.not_served, ==, 4);
  g_assert_cmpint (counts.open, ==, 1);
  {
    g_autoptr(GPtrArray) history = sportello_store_list_history (f->store, &f->date, "A-8", &error);
    SportelloTransition *last = g_ptr_array_index (history, history->len - 1);

    g_assert_cmpint (last->to, ==, SPORTELLO_STATE_NOT_SERVED);
    g_assert_cmpstr (last->operator_id, ==, "boss");
  }
  /* Closing is not an action one can undo. */
  {
    g_autoptr(SportelloTicket) t = sportello_store_undo_last (f->store, "boss", 30, &error);
    g_assert_null (t);
    g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_DENIED);
    g_clear_error (&error);
  }
  /* Closing again changes nothing. */
  g_assert_true (sportello_store_close_day (f->store, &f->date, "boss", &counts, &error));
  g_assert_cmpint (counts.not_served, ==, 4);
}

static void
test_purge (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GDate days[3];
  GDate cut;
  sqlite3 *db;
  int purged;

  for (int i = 0; i < 3; i++)
    {
      g_autoptr(SportelloTicket) t = NULL;
      g_autoptr(SportelloTicket) m = NULL;

      days[i] = f->date;
      g_date_add_days (&days[i], i);
      t = book_ticket (f->store, "permit", 'A', &days[i], 540, 1, "+39333000", &error);
      g_assert_no_error (error);
      for (SportelloState s = SPORTELLO_STATE_CALLED; s <= SPORTELLO_STATE_SERVING; s++)
        {
          g_autoptr(SportelloTicket) step = sportello_store_transition (f->store, &days[i], "A-1", s, "op", "1",
                                                                       SPORTELLO_PROFESSIONAL_NONE,
                                                                       s == SPORTELLO_STATE_SERVING ? "first contact" : NULL,
                                                                       &error);
          g_assert_no_error (error);
        }
      m = sportello_store_transition (f->store, &days[i], "A-1", SPORTELLO_STATE_REFERRED, "op", NULL,
                                      SPORTELLO_PROFESSIONAL_SOCIAL_WORKER, "needs housing help", &error);
      g_assert_no_error (error);
    }

  cut = days[2];  /* purge the first two days */
  purged = sportello_store_purge (f->store, &cut, &error);
  g_assert_no_error (error);
  g_assert_cmpint (purged, ==, 2);
  for (int i = 0; i < 3; i++)
    {
      g_autoptr(SportelloTicket) t = sportello_store_lookup_ticket (f->store, &days[i], "A-1", &error);

      g_assert_no_error (error);
      g_assert_cmpint (t->state, ==, SPORTELLO_STATE_REFERRED);
      g_assert_cmpint (t->professional, ==, SPORTELLO_PROFESSIONAL_SOCIAL_WORKER);
      if (i < 2)
        {
          g_assert_null (t->phone);
          g_assert_null (t->note);
        }
      else
        {
          g_assert_cmpstr (t->phone, ==, "+39333000");
          g_assert_cmpstr (t->note, ==, "needs housing help");
        }
    }
  /* Nothing of it is left anywhere in the database for those days. */
  db = open_raw (f->td.db_path);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM tickets WHERE phone IS NOT NULL OR note IS NOT NULL"), ==, 1);
  /* the note kept for undo survives only on the day not purged */
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM transitions WHERE prev_note IS NOT NULL"), ==, 1);
  sqlite3_close (db);
  g_assert_cmpint (sportello_store_purge (f->store, &cut, &error), ==, 0);
}

static void
test_operators_and_pin (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = sportello_pin_hash ("4821", &error);
  g_autofree char *name = NULL;
  g_autofree char *stored = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  sqlite3 *db;

  g_assert_no_error (error);
  g_assert_true (sportello_store_add_operator (f->store, "maria", "Maria R.", hash, &error));
  g_assert_no_error (error);
  g_assert_false (sportello_store_add_operator (f->store, "maria", "Again", hash, &error));
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID);
  g_clear_error (&error);
  /* A clear PIN is refused as a hash. */
  g_assert_false (sportello_store_add_operator (f->store, "luca", "Luca", "4821", &error));
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID);
  g_clear_error (&error);

  ids = sportello_store_list_operators (f->store, &error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, "maria");

  /* The stored hash is not the PIN and does not contain it. */
  db = open_raw (f->td.db_path);
  stored = raw_text (db, "SELECT pin_hash FROM operators WHERE id = 'maria'");
  g_assert_nonnull (stored);
  g_assert_cmpstr (stored, !=, "4821");
  g_assert_null (strstr (stored, "4821"));
  g_assert_true (g_str_has_prefix (stored, "$argon2id$"));

  g_assert_true (sportello_store_check_pin (f->store, "maria", "4821", &name, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "Maria R.");

  /* Wrong PINs: DENIED, counted; unknown ids answer the same. */
  g_assert_false (sportello_store_check_pin (f->store, "nobody", "4821", NULL, &error));
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_DENIED);
  g_clear_error (&error);
  for (int i = 1; i <= 4; i++)
    {
      g_assert_false (sportello_store_check_pin (f->store, "maria", "0000", NULL, &error));
      g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_DENIED);
      g_clear_error (&error);
      g_assert_cmpint (raw_int (db, "SELECT failed_attempts FROM operators WHERE id = 'maria'"), ==, i);
    }
  /* A success resets the count. */
  g_assert_true (sportello_store_check_pin (f->store, "maria", "4821", NULL, &error));
  g_assert_cmpint (raw_int (db, "SELECT failed_attempts FROM operators WHERE id = 'maria'"), ==, 0);

  for (int i = 1; i <= 5; i++)
    {
      g_assert_false (sportello_store_check_pin (f->store, "maria", "1111", NULL, &error));
      g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_DENIED);
      g_clear_error (&error);
    }
  /* Locked now, in the database: the right PIN is refused too, and a
   * second store (another process would do the same) sees the lock. */
  g_assert_cmpint (raw_int (db, "SELECT locked_until - strftime('%s','now') FROM operators WHERE id = 'maria'"), >, 240);
  g_assert_false (sportello_store_check_pin (f->store, "maria", "4821", NULL, &error));
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_LOCKED_OUT);
  g_clear_error (&error);
  {
    g_autoptr(SportelloStore) other = open_store (f->td.db_path);

    g_assert_false (sportello_store_check_pin (other, "maria", "4821", NULL, &error));
    g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_LOCKED_OUT);
    g_clear_error (&error);
  }

  /* A new PIN unlocks; removal works once. */
  {
    g_autofree char *hash2 = sportello_pin_hash ("99887766", &error);

    g_assert_true (sportello_store_set_pin_hash (f->store, "maria", hash2, &error));
    g_assert_true (sportello_store_check_pin (f->store, "maria", "99887766", NULL, &error));
    g_assert_no_error (error);
    g_assert_false (sportello_store_set_pin_hash (f->store, "ghost", hash2, &error));
    g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  g_assert_true (sportello_store_remove_operator (f->store, "maria", &error));
  g_assert_false (sportello_store_remove_operator (f->store, "maria", &error));
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_NOT_FOUND);
  sqlite3_close (db);
}

static void
test_change_stamp (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SportelloStore) other = open_store (f->td.db_path);
  gint64 mine = sportello_store_get_change_stamp (f->store);
  gint64 theirs = sportello_store_get_change_stamp (other);
  g_autoptr(SportelloTicket) t = NULL;

  g_assert_cmpint (sportello_store_get_change_stamp (f->store), ==, mine);
  t = book_ticket (other, "permit", 'A', &f->date, -1, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sportello_store_get_change_stamp (other), !=, theirs);
  g_assert_cmpint (sportello_store_get_change_stamp (f->store), !=, mine);
  mine = sportello_store_get_change_stamp (f->store);
  g_clear_pointer (&t, sportello_ticket_free);
  t = book_ticket (f->store, "permit", 'A', &f->date, -1, 0, NULL, &error);
  g_assert_cmpint (sportello_store_get_change_stamp (f->store), !=, mine);
  /* A refused write is no change. */
  mine = sportello_store_get_change_stamp (f->store);
  g_assert_null (book_ticket (f->store, "permit", 'A', &f->date, -1, 1, NULL, &error));
  g_clear_error (&error);
  g_assert_cmpint (sportello_store_get_change_stamp (f->store), ==, mine);
}

/* sportello_store_run_async: the function runs on another thread and the
 * callback comes back on the caller's main context. */
typedef struct
{
  GMainLoop *loop;
  GThread   *main_thread;
  GThread   *worker_thread;
  gboolean   done;
  SportelloTicket *ticket;
  GError    *error;
} AsyncData;

static gpointer
book_in_thread (SportelloStore *store,
                gpointer        user_data,
                GCancellable   *cancellable,
                GError        **error)
{
  AsyncData *data = user_data;
  GDate date;

  data->worker_thread = g_thread_self ();
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 4, G_DATE_MARCH, 2030);
  return book_ticket (store, "permit", 'A', &date, -1, 0, NULL, error);
}

static gpointer
fail_in_thread (SportelloStore *store,
                gpointer        user_data,
                GCancellable   *cancellable,
                GError        **error)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 4, G_DATE_MARCH, 2030);
  return sportello_store_lookup_ticket (store, &date, "Z-1", error);
}

static void
on_run_finished_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  AsyncData *data = user_data;

  g_assert_true (g_thread_self () == data->main_thread);
  data->ticket = sportello_store_run_finish (SPORTELLO_STORE (source), result, &data->error);
  data->done = TRUE;
  g_main_loop_quit (data->loop);
}

static void
test_run_async (Fixture       *f,
                gconstpointer  data_)
{
  AsyncData data = { 0 };

  data.loop = g_main_loop_new (NULL, FALSE);
  data.main_thread = g_thread_self ();
  sportello_store_run_async (f->store, book_in_thread, &data, NULL,
                             (GDestroyNotify) sportello_ticket_free, NULL,
                             on_run_finished_cb, &data);
  g_assert_false (data.done);
  g_main_loop_run (data.loop);
  g_assert_no_error (data.error);
  g_assert_nonnull (data.ticket);
  g_assert_cmpstr (data.ticket->code, ==, "A-1");
  g_assert_true (data.worker_thread != data.main_thread);
  g_clear_pointer (&data.ticket, sportello_ticket_free);

  data.done = FALSE;
  sportello_store_run_async (f->store, fail_in_thread, &data, NULL,
                             (GDestroyNotify) sportello_ticket_free, NULL,
                             on_run_finished_cb, &data);
  g_main_loop_run (data.loop);
  g_assert_null (data.ticket);
  g_assert_error (data.error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_NOT_FOUND);
  g_clear_error (&data.error);
  g_main_loop_unref (data.loop);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/store/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/store/open/creates-folder", test_open_creates_folder);
  g_test_add_func ("/store/open/not-a-database", test_open_bad_file);
  g_test_add_func ("/store/open/newer-schema", test_newer_schema);
  ADD ("book/capacity", test_book_capacity);
  ADD ("book/walk-in-limit", test_walk_in_limit);
  ADD ("transition/every-pair", test_transitions);
  ADD ("transition/checks", test_transition_checks);
  ADD ("queue/call-next-order", test_call_next_order);
  ADD ("queue/call-next-other-day", test_call_next_other_day);
  ADD ("queue/list-tickets", test_list_tickets);
  ADD ("queue/undo", test_undo);
  ADD ("day/close", test_close_day);
  ADD ("day/purge", test_purge);
  ADD ("operators/pin", test_operators_and_pin);
  ADD ("change-stamp", test_change_stamp);
  ADD ("run-async", test_run_async);

  return g_test_run ();
}
