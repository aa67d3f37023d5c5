/* test-booking.c: booking rules against a real SQLite store file
 *
 * The desk here is open around the clock every day, so the tests do not
 * depend on the time they run at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "test-common.h"

typedef struct
{
  char             *dir;
  SportelloCatalog *catalog;
  SportelloDesk    *desk;
  SportelloStore   *store;
  GDate             today;
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *catalog_dir = g_build_filename (FIXTURES_DIR, "data", NULL);
  g_autofree char *ini_path = NULL;
  g_autofree char *db_path = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) sportello_problem_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) ini = g_string_new ("[Desk]\nName=All day\nAddress=Nowhere\nTimeZone=Europe/Rome\n[Hours]\n");
  const char *days[] = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" };

  for (unsigned i = 0; i < G_N_ELEMENTS (days); i++)
    g_string_append_printf (ini, "%s=00:00-24:00;\n", days[i]);
  g_string_append (ini,
                   "[Service ok-first]\nLetter=A\nBooking=true\nSlotMinutes=30\nPlacesPerSlot=2\n"
                   "[Service ok-second]\nLetter=B\nBooking=false\nWalkIn=true\nWalkInLimit=3\n");

  fx->dir = g_dir_make_tmp ("sportello-booking-XXXXXX", NULL);
  ini_path = g_build_filename (fx->dir, "desk.ini", NULL);
  db_path = g_build_filename (fx->dir, "test.db", NULL);
  g_assert_true (g_file_set_contents (ini_path, ini->str, -1, NULL));

  fx->catalog = sportello_catalog_load (catalog_dir, NULL, &error);
  g_assert_no_error (error);
  fx->desk = sportello_desk_load (ini_path, fx->catalog, problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  fx->store = sportello_sqlite_store_new (db_path, &error);
  g_assert_no_error (error);
  sportello_desk_get_today (fx->desk, &fx->today);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_object (&fx->store);
  g_clear_object (&fx->desk);
  g_clear_object (&fx->catalog);
  remove_tree (fx->dir);
  g_free (fx->dir);
}

static void
test_refusals (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GDate yesterday = fx->today, tomorrow = fx->today;
  SportelloTicket *ticket;

  g_date_subtract_days (&yesterday, 1);
  g_date_add_days (&tomorrow, 1);

  ticket = sportello_booking_book (fx->desk, fx->store, "ok-first", &yesterday, 600, "ar", FALSE, NULL, NULL, &error);
  g_assert_null (ticket);
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "past"));
  g_clear_error (&error);

  ticket = sportello_booking_book (fx->desk, fx->store, "ok-first", &tomorrow, 607, "ar", FALSE, NULL, NULL, &error);
  g_assert_null (ticket);
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "10:07 is not a time slot"));
  g_clear_error (&error);

  /* Information only, walk-in only, unknown. */
  for (const char *const *s = (const char *const[]) { "ok-third", "ok-second", "nope", NULL }; *s; s++)
    {
      ticket = sportello_booking_book (fx->desk, fx->store, *s, &tomorrow, 600, "ar", FALSE, NULL, NULL, &error);
      g_assert_null (ticket);
      g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID);
      g_clear_error (&error);
    }

  ticket = sportello_booking_book (fx->desk, fx->store, "ok-first", &tomorrow, 600, "ar", FALSE, "call me", NULL, &error);
  g_assert_null (ticket);
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID);
  g_clear_error (&error);

  ticket = sportello_booking_take_number (fx->desk, fx->store, "ok-first", "ar", FALSE, NULL, &error);
  g_assert_null (ticket);
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID);
}

static void
test_full_slot (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SportelloTicket) a = NULL;
  g_autoptr(SportelloTicket) b = NULL;
  g_autoptr(SportelloTicket) c = NULL;
  g_autoptr(SportelloTicket) any = NULL;
  g_autoptr(GArray) slots = NULL;
  g_autoptr(GArray) days = NULL;
  GDate tomorrow = fx->today;

  g_date_add_days (&tomorrow, 1);

  a = sportello_booking_book (fx->desk, fx->store, "ok-first", &tomorrow, 600, "ar", TRUE, "+39 333 000 0000", "kiosk-1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (a->code[0], ==, 'A');
  g_assert_cmpint (a->minute, ==, 600);
  g_assert_cmpstr (a->phone, ==, "+393330000000");
  b = sportello_booking_book (fx->desk, fx->store, "ok-first", &tomorrow, 600, "fr", FALSE, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a->code, !=, b->code);
  c = sportello_booking_book (fx->desk, fx->store, "ok-first", &tomorrow, 600, "fr", FALSE, NULL, NULL, &error);
  g_assert_null (c);
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_NO_PLACE);
  g_clear_error (&error);

  slots = sportello_booking_list_slots (fx->desk, fx->store, "ok-first", &tomorrow, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (slots->len, ==, 48);
  g_assert_cmpint (g_array_index (slots, SportelloSlot, 20).minute, ==, 600);
  g_assert_cmpint (g_array_index (slots, SportelloSlot, 20).booked, ==, 2);
  g_assert_cmpint (g_array_index (slots, SportelloSlot, 21).booked, ==, 0);

  /* -1: the first slot with a place. */
  any = sportello_booking_book (fx->desk, fx->store, "ok-first", &tomorrow, -1, "ar", FALSE, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (any->minute, ==, 0);

  days = sportello_booking_list_free_days (fx->desk, fx->store, "ok-first", &tomorrow, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (days->len, ==, 5);
}

static void
test_take_number (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  SportelloTicket *ticket;

  for (int i = 0; i < 3; i++)
    {
      ticket = sportello_booking_take_number (fx->desk, fx->store, "ok-second", "so", i == 0, "kiosk-1", &error);
      g_assert_no_error (error);
      g_assert_cmpint (ticket->code[0], ==, 'B');
      g_assert_cmpint (ticket->minute, ==, -1);
      g_assert_cmpint (ticket->state, ==, SPORTELLO_STATE_WAITING);
      g_assert_false (g_ptr_array_find_with_equal_func (codes, ticket->code, g_str_equal, NULL));
      g_ptr_array_add (codes, g_strdup (ticket->code));
      sportello_ticket_free (ticket);
    }
  ticket = sportello_booking_take_number (fx->desk, fx->store, "ok-second", "so", FALSE, NULL, &error);
  g_assert_null (ticket);
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_NO_PLACE);
  g_clear_error (&error);

  /* A walk-in number does not check in. */
  ticket = sportello_booking_check_in (fx->desk, fx->store, g_ptr_array_index (codes, 0), &error);
  g_assert_null (ticket);
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_TRANSITION);
}

static void
test_check_in (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SportelloTicket) booked = NULL;
  g_autoptr(SportelloTicket) arrived = NULL;
  g_autofree char *typed = NULL;
  SportelloBookingRequest request = { 0 };
  SportelloTicket *again;

  /* Straight through the store: a slot earlier today may already have started. */
  request.service_id = "ok-first";
  request.letter = 'A';
  request.date = fx->today;
  request.minute = 0;
  request.capacity = 2;
  request.language = "ar";
  booked = sportello_store_book (fx->store, &request, &error);
  g_assert_no_error (error);

  /* Lenient: lower case, no hyphen. */
  typed = g_ascii_strdown (booked->code, -1);
  typed[1] = ' ';
  arrived = sportello_booking_check_in (fx->desk, fx->store, typed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (arrived->code, ==, booked->code);
  g_assert_cmpint (arrived->state, ==, SPORTELLO_STATE_ARRIVED);

  again = sportello_booking_check_in (fx->desk, fx->store, booked->code, &error);
  g_assert_null (again);
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_TRANSITION);
  g_clear_error (&error);

  again = sportello_booking_check_in (fx->desk, fx->store, "Z-999", &error);
  g_assert_null (again);
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  again = sportello_booking_check_in (fx->desk, fx->store, "not a code", &error);
  g_assert_null (again);
  g_assert_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID);
}

static void
test_phone (void)
{
  struct { const char *in; const char *out; } cases[] = {
    { "+39 333 123 4567", "+393331234567" },
    { "(06) 1234-5678", "0612345678" },
    { "333.123.456", "333123456" },
    { "12345", NULL },
    { "1234567890123456", NULL },
    { "333 12a 4567", NULL },
    { "39+333123456", NULL },
    { "", NULL },
  };
  g_autofree char *spelled = sportello_phone_spell ("+39333");

  for (unsigned i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = sportello_phone_normalize (cases[i].in);
      g_assert_cmpstr (got, ==, cases[i].out);
    }
  g_assert_cmpstr (spelled, ==, "+, 3, 9, 3, 3, 3");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/booking/refusals", Fixture, NULL, fixture_set_up, test_refusals, fixture_tear_down);
  g_test_add ("/booking/full-slot", Fixture, NULL, fixture_set_up, test_full_slot, fixture_tear_down);
  g_test_add ("/booking/take-number", Fixture, NULL, fixture_set_up, test_take_number, fixture_tear_down);
  g_test_add ("/booking/check-in", Fixture, NULL, fixture_set_up, test_check_in, fixture_tear_down);
  g_test_add_func ("/booking/phone", test_phone);
  return g_test_run ();
}
