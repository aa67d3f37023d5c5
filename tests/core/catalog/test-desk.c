/* test-desk.c: malformed desk.ini files and slot arithmetic
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "test-common.h"

typedef struct
{
  const char *file;
  int         line;
  const char *pattern;
} Expected;

static const Expected expected_desk[] = {
  { "bad-date.ini", 20, "\"2026-02-30\" is not a date that exists" },
  { "bad-minute.ini", 14, "\"09:75-12:00\" has a time that does not exist" },
  { "bad-utf8.ini", 3, "not valid UTF-8" },
  { "bool.ini", 27, "WalkIn=yes: expected true or false" },
  { "closing-before.ini", 15, "closes before it opens" },
  { "duplicate-group.ini", 40, "group [Hours] appears twice" },
  { "duplicate-key.ini", 4, "key \"Name\" appears twice" },
  { "duplicate-letter.ini", 31, "Letter=A is already used" },
  { "hours-25.ini", 12, "\"25:00-26:00\" has a time that does not exist" },
  { "invalid-line.ini", 9, "invalid line" },
  { "key-before-group.ini", 1, "comes before any [Group]" },
  { "letter-o.ini", 23, "Letter=O" },
  { "missing-places.ini", 22, "no PlacesPerSlot" },
  { "mode-mismatch.ini", 42, "not a booked service" },
  { "outside-hours.ini", 38, "outside the desk's opening hours" },
  { "overlap.ini", 11, "overlaps" },
  { "slot-abc.ini", 25, "SlotMinutes=abc" },
  { "timezone.ini", 4, "unknown time zone" },
  { "truncated-group.ini", 40, "invalid group header" },
  { "unknown-group.ini", 19, "unknown group [Hour]" },
  { "unknown-key.ini", 6, "unknown key \"Nmae\"" },
  { "unknown-language.ini", 41, "unknown language \"xx\"" },
  { "unknown-service.ini", 40, "unknown service \"nope\"" },
};

static SportelloCatalog *
fixture_catalog (void)
{
  g_autofree char *dir = g_build_filename (FIXTURES_DIR, "data", NULL);
  g_autoptr(GError) error = NULL;
  SportelloCatalog *catalog = sportello_catalog_load (dir, NULL, &error);

  g_assert_no_error (error);
  return catalog;
}

static SportelloDesk *
load_fixture_desk (SportelloCatalog *catalog,
                   const char       *name,
                   GPtrArray        *problems)
{
  g_autofree char *path = g_build_filename (FIXTURES_DIR, "desk", name, NULL);
  g_autoptr(GError) error = NULL;
  SportelloDesk *desk = sportello_desk_load (path, catalog, problems, &error);

  g_assert_no_error (error);
  g_assert_nonnull (desk);
  return desk;
}

static void
test_malformed (void)
{
  g_autoptr(SportelloCatalog) catalog = fixture_catalog ();

  for (unsigned i = 0; i < G_N_ELEMENTS (expected_desk); i++)
    {
      g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) sportello_problem_free);
      g_autoptr(SportelloDesk) desk = load_fixture_desk (catalog, expected_desk[i].file, problems);

      assert_problem (problems, expected_desk[i].file, expected_desk[i].line, expected_desk[i].pattern);
      /* What is valid still loads. */
      g_assert_nonnull (sportello_desk_get_name (desk));
    }
}

static void
test_fixture_specifics (void)
{
  g_autoptr(SportelloCatalog) catalog = fixture_catalog ();
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) sportello_problem_free);
  g_autoptr(SportelloDesk) good = load_fixture_desk (catalog, "good.ini", problems);
  g_autoptr(SportelloDesk) dup = NULL;
  g_autoptr(SportelloDesk) letter = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *empty = g_build_filename (FIXTURES_DIR, "desk", "empty.ini", NULL);
  g_autofree char *missing = g_build_filename (FIXTURES_DIR, "desk", "missing.ini", NULL);
  SportelloDesk *none;

  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpstr (sportello_desk_get_name (good), ==, "Fixture desk");
  g_assert_cmpstr (sportello_desk_get_kiosk_id (good), ==, "kiosk-9");
  g_assert_cmpint (sportello_desk_get_retention_days (good), ==, 14);
  g_assert_cmpuint (g_strv_length ((char **) sportello_desk_get_counters (good)), ==, 2);
  g_assert_cmpint (sportello_desk_get_rules (good, "ok-first")->letter, ==, 'A');
  g_assert_cmpint (sportello_desk_get_rules (good, "ok-second")->walk_in_limit, ==, 3);
  g_assert_cmpstr (sportello_desk_get_rules (good, "ok-second")->where, ==, "Room 2");
  g_assert_null (sportello_desk_get_rules (good, "ok-third"));

  /* The first of a duplicated key or group wins; a faulty service is out. */
  dup = load_fixture_desk (catalog, "duplicate-key.ini", problems);
  g_assert_cmpstr (sportello_desk_get_name (dup), ==, "Fixture desk");
  letter = load_fixture_desk (catalog, "letter-o.ini", problems);
  g_assert_null (sportello_desk_get_rules (letter, "ok-first"));
  g_assert_nonnull (sportello_desk_get_rules (letter, "ok-second"));

  none = sportello_desk_load (empty, catalog, problems, &error);
  g_assert_null (none);
  g_assert_error (error, SPORTELLO_CATALOG_ERROR, SPORTELLO_CATALOG_ERROR_INVALID);
  g_clear_error (&error);
  none = sportello_desk_load (missing, catalog, problems, &error);
  g_assert_null (none);
  g_assert_error (error, SPORTELLO_CATALOG_ERROR, SPORTELLO_CATALOG_ERROR_NOT_FOUND);
}

static int
count_slots (SportelloDesk *desk,
             const char    *service,
             int y, int m, int d,
             int           *first,
             int           *last)
{
  g_autoptr(GDate) date = make_date (y, m, d);
  g_autoptr(GArray) slots = sportello_desk_list_slots (desk, service, date);

  if (slots->len > 0)
    {
      if (first != NULL)
        *first = g_array_index (slots, SportelloSlot, 0).minute;
      if (last != NULL)
        *last = g_array_index (slots, SportelloSlot, slots->len - 1).minute;
    }
  return (int) slots->len;
}

static void
test_slots (void)
{
  g_autoptr(SportelloCatalog) catalog = fixture_catalog ();
  g_autoptr(SportelloDesk) desk = load_fixture_desk (catalog, "good.ini", NULL);
  g_autofree char *monday = NULL;
  g_autoptr(GDate) thursday = make_date (2026, 11, 26);
  int first = -1, last = -1;

  /* Monday 2026-11-23, two ranges: 09:00-12:30 (7 of 30 min) + 14:00-16:00 (4). */
  g_assert_cmpint (count_slots (desk, "ok-first", 2026, 11, 23, &first, &last), ==, 11);
  g_assert_cmpint (first, ==, 9 * 60);
  g_assert_cmpint (last, ==, 15 * 60 + 30);
  /* Tuesday: one range. */
  g_assert_cmpint (count_slots (desk, "ok-first", 2026, 11, 24, NULL, NULL), ==, 6);
  /* Closed weekday (Wednesday, Saturday, Sunday) and closed date (Christmas, a Friday). */
  g_assert_cmpint (count_slots (desk, "ok-first", 2026, 11, 25, NULL, NULL), ==, 0);
  g_assert_cmpint (count_slots (desk, "ok-first", 2026, 11, 28, NULL, NULL), ==, 0);
  g_assert_cmpint (count_slots (desk, "ok-first", 2026, 11, 29, NULL, NULL), ==, 0);
  g_assert_cmpint (count_slots (desk, "ok-first", 2026, 12, 25, NULL, NULL), ==, 0);
  g_assert_cmpint (count_slots (desk, "ok-first", 2026, 12, 18, NULL, NULL), ==, 6);
  /* Per-service hours, 45 minutes: 14:00, 14:45 (15:30 would end at 16:15,
   * past closing); Thursday 09:00-10:30 holds exactly two. */
  g_assert_cmpint (count_slots (desk, "ok-second", 2026, 11, 23, &first, &last), ==, 2);
  g_assert_cmpint (first, ==, 14 * 60);
  g_assert_cmpint (last, ==, 14 * 60 + 45);
  g_assert_cmpint (count_slots (desk, "ok-second", 2026, 11, 26, &first, &last), ==, 2);
  g_assert_cmpint (last, ==, 9 * 60 + 45);
  g_assert_cmpint (count_slots (desk, "ok-second", 2026, 11, 24, NULL, NULL), ==, 0);
  /* Information only and unknown services have no slots. */
  g_assert_cmpint (count_slots (desk, "ok-third", 2026, 11, 23, NULL, NULL), ==, 0);
  g_assert_cmpint (count_slots (desk, "nope", 2026, 11, 23, NULL, NULL), ==, 0);

  g_assert_cmpint (sportello_desk_get_closing_minute (desk, "ok-first", thursday), ==, 12 * 60);
  g_assert_cmpint (sportello_desk_get_closing_minute (desk, "ok-second", thursday), ==, 10 * 60 + 30);

  monday = sportello_desk_format_hours (desk, G_DATE_MONDAY);
  g_assert_cmpstr (monday, ==, "09:00–12:30, 14:00–16:00");
  g_assert_null (sportello_desk_format_hours (desk, G_DATE_WEDNESDAY));

  g_assert_true (sportello_desk_has_mediator (desk, thursday, "it"));
  g_assert_false (sportello_desk_has_mediator (desk, thursday, "fr"));
  g_assert_cmpstr (sportello_desk_get_mediators (desk, G_DATE_MONDAY)[0], ==, "ar");
  g_assert_null (sportello_desk_get_mediators (desk, G_DATE_SUNDAY)[0]);
}

static gint64
slot_utc (SportelloDesk *desk,
          int y, int m, int d,
          int            minute)
{
  g_autoptr(GDate) date = make_date (y, m, d);
  g_autoptr(GDateTime) time = sportello_desk_slot_time (desk, date, minute);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  g_assert_cmpint (g_date_time_get_hour (time) * 60 + g_date_time_get_minute (time), ==, minute);
  return g_date_time_get_hour (utc) * 60 + g_date_time_get_minute (utc);
}

static void
test_dst (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sportello-desk-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "desk.ini", NULL);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) sportello_problem_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(SportelloDesk) desk = NULL;
  const char *ini =
    "[Desk]\nName=Sunday desk\nAddress=Nowhere\nTimeZone=Europe/Rome\n"
    "[Hours]\nSaturday=09:00-12:00;\nSunday=09:00-12:00;\n"
    "[Service s]\nLetter=S\nBooking=true\nSlotMinutes=20\nPlacesPerSlot=1\n";

  g_assert_true (g_file_set_contents (path, ini, -1, NULL));
  desk = sportello_desk_load (path, NULL, problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);

  /* Clocks go forward on Sunday 2026-03-29 and back on 2026-10-25: slots
   * stay on the wall clock, the instants move by an hour. */
  g_assert_cmpint (count_slots (desk, "s", 2026, 3, 28, NULL, NULL), ==, 9);
  g_assert_cmpint (count_slots (desk, "s", 2026, 3, 29, NULL, NULL), ==, 9);
  g_assert_cmpint (count_slots (desk, "s", 2026, 10, 25, NULL, NULL), ==, 9);
  g_assert_cmpint (slot_utc (desk, 2026, 3, 28, 9 * 60), ==, 8 * 60);
  g_assert_cmpint (slot_utc (desk, 2026, 3, 29, 9 * 60), ==, 7 * 60);
  g_assert_cmpint (slot_utc (desk, 2026, 10, 24, 9 * 60), ==, 7 * 60);
  g_assert_cmpint (slot_utc (desk, 2026, 10, 25, 9 * 60), ==, 8 * 60);
  g_assert_cmpint (slot_utc (desk, 2026, 10, 25, 11 * 60 + 40), ==, 10 * 60 + 40);

  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/desk/malformed", test_malformed);
  g_test_add_func ("/desk/fixture", test_fixture_specifics);
  g_test_add_func ("/desk/slots", test_slots);
  g_test_add_func ("/desk/dst", test_dst);
  return g_test_run ();
}
