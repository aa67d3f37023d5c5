/* sportello-desk.c: the desk configuration and its slot arithmetic
 *
 * Slots are wall-clock times in the desk's time zone: 09:20 stays 09:20 on
 * the days the clocks change.  Every problem of desk.ini is reported with
 * its line (see sportello-keyfile-lines-private.h) and the faulty entry is
 * skipped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sportello-desk.h"

#include <string.h>

#include "sportello-error.h"
#include "sportello-keyfile-lines-private.h"
#include "sportello-ticket.h"

typedef struct
{
  int start;  /* minutes since midnight */
  int end;
} Range;

typedef struct
{
  SportelloServiceRules rules;     /* first: handed out as is */
  gboolean              has_hours;
  GArray               *hours[8];  /* Range, by GDateWeekday; with has_hours */
} RulesEntry;

struct _SportelloDesk
{
  GObject           parent_instance;

  char             *path;
  char             *name;
  char             *address;
  char             *kiosk_id;
  GTimeZone        *timezone;
  int               retention_days;
  char             *staff_pin_hash;
  gboolean          demo;
  GStrv             counters;
  GArray           *hours[8];      /* Range, by GDateWeekday (1..7) */
  GHashTable       *closed;        /* julian day -> TRUE */
  GHashTable       *rules;         /* service id -> RulesEntry */
  GStrv             mediators[8];
};

G_DEFINE_FINAL_TYPE (SportelloDesk, sportello_desk, G_TYPE_OBJECT)

static const char *weekday_names[8] = {
  NULL, "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
};

static void
rules_entry_free (RulesEntry *entry)
{
  g_free (entry->rules.service_id);
  g_free (entry->rules.where);
  for (int d = 1; d <= 7; d++)
    g_clear_pointer (&entry->hours[d], g_array_unref);
  g_free (entry);
}

/* Loading context */

typedef struct
{
  SportelloDesk         *self;
  GKeyFile              *keyfile;
  SportelloKeyfileLines *lines;
  const char            *file;
  GPtrArray             *problems;
  SportelloCatalog      *catalog;
} Loader;

static int
key_line (Loader     *loader,
          const char *group,
          const char *key)
{
  int line = sportello_keyfile_lines_get_key_line (loader->lines, group, key);

  return line > 0 ? line : sportello_keyfile_lines_get_group_line (loader->lines, group);
}

static void
check_keys (Loader             *loader,
            const char         *group,
            const char * const *known)
{
  g_auto(GStrv) keys = g_key_file_get_keys (loader->keyfile, group, NULL, NULL);

  for (unsigned k = 0; keys != NULL && keys[k] != NULL; k++)
    if (!g_strv_contains (known, keys[k]))
      sportello_problems_add (loader->problems, loader->file, key_line (loader, group, keys[k]),
                              "unknown key \"%s\" in [%s]", keys[k], group);
}

/* A string, or NULL (with a problem when it is there but unreadable). */
static char *
get_string (Loader     *loader,
            const char *group,
            const char *key)
{
  g_autoptr(GError) error = NULL;
  char *value;

  if (!g_key_file_has_key (loader->keyfile, group, key, NULL))
    return NULL;
  value = g_key_file_get_string (loader->keyfile, group, key, &error);
  if (value == NULL)
    sportello_problems_add (loader->problems, loader->file, key_line (loader, group, key),
                            "%s: %s", key, error->message);
  else
    g_strstrip (value);
  return value;
}

/* Whole number in [min, max]; FALSE (and a problem) when present and wrong. */
static gboolean
get_int (Loader     *loader,
         const char *group,
         const char *key,
         int         min,
         int         max,
         int        *out_value,
         gboolean   *out_present)
{
  g_autofree char *text = get_string (loader, group, key);
  gint64 value = 0;

  *out_present = text != NULL;
  if (text == NULL)
    return !g_key_file_has_key (loader->keyfile, group, key, NULL);
  if (!g_ascii_string_to_signed (text, 10, min, max, &value, NULL))
    {
      sportello_problems_add (loader->problems, loader->file, key_line (loader, group, key),
                              "%s=%s: expected a whole number from %d to %d", key, text, min, max);
      return FALSE;
    }
  *out_value = (int) value;
  return TRUE;
}

static gboolean
get_bool (Loader     *loader,
          const char *group,
          const char *key,
          gboolean   *out_value)
{
  g_autofree char *text = get_string (loader, group, key);

  if (text == NULL)
    return !g_key_file_has_key (loader->keyfile, group, key, NULL);
  if (strcmp (text, "true") == 0)
    *out_value = TRUE;
  else if (strcmp (text, "false") == 0)
    *out_value = FALSE;
  else
    {
      sportello_problems_add (loader->problems, loader->file, key_line (loader, group, key),
                              "%s=%s: expected true or false", key, text);
      return FALSE;
    }
  return TRUE;
}

/* Items of a ;-separated list, trimmed, empty ones dropped. */
static GStrv
get_list (Loader     *loader,
          const char *group,
          const char *key)
{
  g_autofree char *text = get_string (loader, group, key);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;

  if (text == NULL)
    return NULL;
  parts = g_strsplit (text, ";", -1);
  for (unsigned i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  return g_strv_builder_end (builder);
}

/* "HH:MM" -> minutes; 24:00 allowed as an end. */
static gboolean
parse_time (const char *text,
            gboolean    is_end,
            int        *out_minutes)
{
  if (strlen (text) != 5 || !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1])
      || text[2] != ':' || !g_ascii_isdigit (text[3]) || !g_ascii_isdigit (text[4]))
    return FALSE;
  {
    int h = (text[0] - '0') * 10 + (text[1] - '0');
    int m = (text[3] - '0') * 10 + (text[4] - '0');

    if (m > 59 || h > 24 || (h == 24 && (m != 0 || !is_end)))
      return FALSE;
    *out_minutes = h * 60 + m;
  }
  return TRUE;
}

/* "09:00-12:30" -> a Range; a problem when wrong. */
static gboolean
parse_range (Loader     *loader,
             int         line,
             const char *key,
             const char *text,
             Range      *out_range)
{
  g_auto(GStrv) ends = g_strsplit (text, "-", -1);
  Range range;

  if (g_strv_length (ends) != 2)
    {
      sportello_problems_add (loader->problems, loader->file, line,
                              "%s: \"%s\" is not a time range such as 09:00-12:30", key, text);
      return FALSE;
    }
  g_strstrip (ends[0]);
  g_strstrip (ends[1]);
  if (!parse_time (ends[0], FALSE, &range.start) || !parse_time (ends[1], TRUE, &range.end))
    {
      sportello_problems_add (loader->problems, loader->file, line,
                              "%s: \"%s\" has a time that does not exist (use HH:MM from 00:00 to 24:00)",
                              key, text);
      return FALSE;
    }
  if (range.end <= range.start)
    {
      sportello_problems_add (loader->problems, loader->file, line,
                              "%s: \"%s\" closes before it opens", key, text);
      return FALSE;
    }
  *out_range = range;
  return TRUE;
}

static int
compare_ranges (gconstpointer a,
                gconstpointer b)
{
  const Range *ra = a;
  const Range *rb = b;

  return ra->start < rb->start ? -1 : ra->start > rb->start ? 1 : 0;
}

/* Adds a range to a day's sorted list; a problem when it overlaps. */
static gboolean
add_range (Loader     *loader,
           int         line,
           const char *key,
           GArray     *day,
           Range       range)
{
  for (unsigned i = 0; i < day->len; i++)
    {
      Range *other = &g_array_index (day, Range, i);

      if (range.start < other->end && other->start < range.end)
        {
          sportello_problems_add (loader->problems, loader->file, line,
                                  "%s: %02d:%02d-%02d:%02d overlaps another range of the same day",
                                  key, range.start / 60, range.start % 60, range.end / 60, range.end % 60);
          return FALSE;
        }
    }
  g_array_append_val (day, range);
  g_array_sort (day, compare_ranges);
  return TRUE;
}

static int
weekday_from_name (const char *name)
{
  for (int d = 1; d <= 7; d++)
    if (g_ascii_strcasecmp (name, weekday_names[d]) == 0)
      return d;
  return 0;
}

static void
load_desk_group (Loader *loader)
{
  static const char * const known[] = {
    "Name", "Address", "TimeZone", "Kiosk", "Counters", "RetentionDays",
    "StaffPinHash", "DemoNotice", NULL,
  };
  SportelloDesk *self = loader->self;
  g_autofree char *tz_name = NULL;
  gboolean present;

  if (!g_key_file_has_group (loader->keyfile, "Desk"))
    {
      sportello_problems_add (loader->problems, loader->file, 0, "there is no [Desk] group");
      return;
    }
  check_keys (loader, "Desk", known);

  self->name = get_string (loader, "Desk", "Name");
  if (self->name == NULL || self->name[0] == '\0')
    {
      sportello_problems_add (loader->problems, loader->file, key_line (loader, "Desk", "Name"),
                              "[Desk] needs a Name");
      g_free (self->name);
      self->name = NULL;
    }
  self->address = get_string (loader, "Desk", "Address");
  if (self->address == NULL || self->address[0] == '\0')
    {
      sportello_problems_add (loader->problems, loader->file, key_line (loader, "Desk", "Address"),
                              "[Desk] needs an Address");
      g_free (self->address);
      self->address = NULL;
    }

  tz_name = get_string (loader, "Desk", "TimeZone");
  if (tz_name != NULL)
    {
      GTimeZone *tz = g_time_zone_new_identifier (tz_name);

      if (tz == NULL)
        sportello_problems_add (loader->problems, loader->file, key_line (loader, "Desk", "TimeZone"),
                                "TimeZone=%s: unknown time zone; using Europe/Rome", tz_name);
      else
        {
          g_time_zone_unref (self->timezone);
          self->timezone = tz;
        }
    }

  {
    g_autofree char *kiosk = get_string (loader, "Desk", "Kiosk");

    if (kiosk != NULL && kiosk[0] != '\0')
      {
        g_free (self->kiosk_id);
        self->kiosk_id = g_steal_pointer (&kiosk);
      }
  }

  {
    g_auto(GStrv) counters = get_list (loader, "Desk", "Counters");

    if (counters != NULL)
      {
        g_strfreev (self->counters);
        self->counters = g_steal_pointer (&counters);
      }
  }

  get_int (loader, "Desk", "RetentionDays", 1, 3650, &self->retention_days, &present);
  self->staff_pin_hash = get_string (loader, "Desk", "StaffPinHash");
  if (self->staff_pin_hash != NULL && !g_str_has_prefix (self->staff_pin_hash, "$argon2"))
    {
      sportello_problems_add (loader->problems, loader->file, key_line (loader, "Desk", "StaffPinHash"),
                              "StaffPinHash is not an Argon2 hash (make one with sportello-admin)");
      g_clear_pointer (&self->staff_pin_hash, g_free);
    }
  get_bool (loader, "Desk", "DemoNotice", &self->demo);
}

/* Reads "Monday=..;" style ranges of one weekday into day. */
static void
load_day_ranges (Loader     *loader,
                 const char *group,
                 const char *key,
                 GArray     *day)
{
  g_auto(GStrv) items = get_list (loader, group, key);
  int line = key_line (loader, group, key);

  for (unsigned i = 0; items != NULL && items[i] != NULL; i++)
    {
      Range range;

      if (parse_range (loader, line, key, items[i], &range))
        add_range (loader, line, key, day, range);
    }
}

static void
load_hours (Loader *loader)
{
  SportelloDesk *self = loader->self;

  if (!g_key_file_has_group (loader->keyfile, "Hours"))
    {
      sportello_problems_add (loader->problems, loader->file, 0,
                              "there is no [Hours] group: the desk is closed every day");
      return;
    }
  check_keys (loader, "Hours", weekday_names + 1);
  for (int d = 1; d <= 7; d++)
    load_day_ranges (loader, "Hours", weekday_names[d], self->hours[d]);
}

/* Strict YYYY-MM-DD. */
static gboolean
parse_iso_date (const char *text,
                unsigned   *y,
                unsigned   *m,
                unsigned   *d)
{
  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  *y = (unsigned) g_ascii_strtoull (text, NULL, 10);
  *m = (unsigned) g_ascii_strtoull (text + 5, NULL, 10);
  *d = (unsigned) g_ascii_strtoull (text + 8, NULL, 10);
  return *y >= 1 && *y <= 9999 && *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31;
}

static void
load_closed (Loader *loader)
{
  static const char * const known[] = { "Dates", NULL };
  g_auto(GStrv) dates = NULL;
  int line;

  if (!g_key_file_has_group (loader->keyfile, "Closed"))
    return;
  check_keys (loader, "Closed", known);
  dates = get_list (loader, "Closed", "Dates");
  line = key_line (loader, "Closed", "Dates");
  for (unsigned i = 0; dates != NULL && dates[i] != NULL; i++)
    {
      unsigned y = 0, m = 0, d = 0;

      if (!parse_iso_date (dates[i], &y, &m, &d)
          || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
        {
          sportello_problems_add (loader->problems, loader->file, line,
                                  "Dates: \"%s\" is not a date that exists (write YYYY-MM-DD)", dates[i]);
          continue;
        }
      {
        GDate date;

        g_date_clear (&date, 1);
        g_date_set_dmy (&date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
        g_hash_table_add (loader->self->closed, GUINT_TO_POINTER (g_date_get_julian (&date)));
      }
    }
}

/* "Tuesday=09:00-12:30;Thursday=14:30-17:00;" */
static gboolean
load_service_hours (Loader     *loader,
                    const char *group,
                    RulesEntry *entry)
{
  SportelloDesk *self = loader->self;
  g_auto(GStrv) items = get_list (loader, group, "Hours");
  int line = key_line (loader, group, "Hours");
  gboolean ok = TRUE;

  if (items == NULL)
    return TRUE;
  entry->has_hours = TRUE;
  for (unsigned i = 0; items[i] != NULL; i++)
    {
      const char *eq = strchr (items[i], '=');
      g_autofree char *day_name = NULL;
      Range range;
      int d;
      gboolean inside = FALSE;

      if (eq == NULL)
        {
          sportello_problems_add (loader->problems, loader->file, line,
                                  "Hours: \"%s\" should be Weekday=HH:MM-HH:MM", items[i]);
          ok = FALSE;
          continue;
        }
      day_name = g_strndup (items[i], (gsize) (eq - items[i]));
      g_strstrip (day_name);
      d = weekday_from_name (day_name);
      if (d == 0)
        {
          sportello_problems_add (loader->problems, loader->file, line,
                                  "Hours: \"%s\" is not a weekday (Monday to Sunday)", day_name);
          ok = FALSE;
          continue;
        }
      if (!parse_range (loader, line, "Hours", eq + 1, &range))
        {
          ok = FALSE;
          continue;
        }
      for (unsigned r = 0; r < self->hours[d]->len; r++)
        {
          Range *open = &g_array_index (self->hours[d], Range, r);

          if (range.start >= open->start && range.end <= open->end)
            inside = TRUE;
        }
      if (!inside)
        {
          sportello_problems_add (loader->problems, loader->file, line,
                                  "Hours: %s %s is outside the desk's opening hours of that day",
                                  weekday_names[d], eq + 1);
          ok = FALSE;
          continue;
        }
      if (!add_range (loader, line, "Hours", entry->hours[d], range))
        ok = FALSE;
    }
  return ok;
}

static void
load_service_group (Loader     *loader,
                    const char *group,
                    GHashTable *letters)
{
  static const char * const known[] = {
    "Letter", "Booking", "SlotMinutes", "PlacesPerSlot", "WalkIn", "WalkInLimit", "Where", "Hours", NULL,
  };
  SportelloDesk *self = loader->self;
  const char *service_id = group + strlen ("Service ");
  int group_line = sportello_keyfile_lines_get_group_line (loader->lines, group);
  RulesEntry *entry;
  g_autofree char *letter = NULL;
  const SportelloService *service = NULL;
  gboolean ok = TRUE;
  gboolean present_slot = FALSE, present_places = FALSE, present_limit = FALSE;

  check_keys (loader, group, known);

  if (service_id[0] == '\0')
    {
      sportello_problems_add (loader->problems, loader->file, group_line,
                              "[%s] needs a service id: [Service residence-permit]", group);
      return;
    }
  if (loader->catalog != NULL)
    {
      service = sportello_catalog_lookup_service (loader->catalog, service_id);
      if (service == NULL)
        {
          sportello_problems_add (loader->problems, loader->file, group_line,
                                  "unknown service \"%s\" (not in the catalogue); [%s] is ignored",
                                  service_id, group);
          return;
        }
    }

  entry = g_new0 (RulesEntry, 1);
  entry->rules.service_id = g_strdup (service_id);
  for (int d = 1; d <= 7; d++)
    entry->hours[d] = g_array_new (FALSE, FALSE, sizeof (Range));

  letter = get_string (loader, group, "Letter");
  if (letter == NULL)
    {
      sportello_problems_add (loader->problems, loader->file, group_line,
                              "[%s] needs a Letter for its ticket codes", group);
      ok = FALSE;
    }
  else if (strlen (letter) != 1 || strchr (SPORTELLO_CODE_LETTERS, letter[0]) == NULL)
    {
      sportello_problems_add (loader->problems, loader->file, key_line (loader, group, "Letter"),
                              "Letter=%s: expected one capital letter from %s (no I, O or Q)",
                              letter, SPORTELLO_CODE_LETTERS);
      ok = FALSE;
    }
  else if (g_hash_table_contains (letters, GINT_TO_POINTER (letter[0])))
    {
      sportello_problems_add (loader->problems, loader->file, key_line (loader, group, "Letter"),
                              "Letter=%s is already used by [Service %s]",
                              letter, (const char *) g_hash_table_lookup (letters, GINT_TO_POINTER (letter[0])));
      ok = FALSE;
    }
  else
    entry->rules.letter = letter[0];

  ok &= get_bool (loader, group, "Booking", &entry->rules.booking);
  ok &= get_bool (loader, group, "WalkIn", &entry->rules.walk_in);
  ok &= get_int (loader, group, "SlotMinutes", 5, 480, &entry->rules.slot_minutes, &present_slot);
  ok &= get_int (loader, group, "PlacesPerSlot", 1, 100, &entry->rules.places_per_slot, &present_places);
  ok &= get_int (loader, group, "WalkInLimit", 0, 10000, &entry->rules.walk_in_limit, &present_limit);
  entry->rules.where = get_string (loader, group, "Where");
  ok &= load_service_hours (loader, group, entry);

  if (ok && entry->rules.booking && (!present_slot || !present_places))
    {
      sportello_problems_add (loader->problems, loader->file, group_line,
                              "[%s] has Booking=true but no %s", group,
                              !present_slot ? "SlotMinutes" : "PlacesPerSlot");
      ok = FALSE;
    }
  if (ok && service != NULL)
    {
      SportelloServiceMode mode = sportello_service_get_mode (service);
      gboolean can_book = mode == SPORTELLO_SERVICE_MODE_BOOKED || mode == SPORTELLO_SERVICE_MODE_BOTH;
      gboolean can_walk_in = mode == SPORTELLO_SERVICE_MODE_WALK_IN || mode == SPORTELLO_SERVICE_MODE_BOTH;

      if (entry->rules.booking && !can_book)
        {
          sportello_problems_add (loader->problems, loader->file, key_line (loader, group, "Booking"),
                                  "Booking=true but \"%s\" is not a booked service in the catalogue", service_id);
          ok = FALSE;
        }
      if (entry->rules.walk_in && !can_walk_in)
        {
          sportello_problems_add (loader->problems, loader->file, key_line (loader, group, "WalkIn"),
                                  "WalkIn=true but \"%s\" is not a walk-in service in the catalogue", service_id);
          ok = FALSE;
        }
    }
  if (!entry->rules.booking)
    entry->rules.slot_minutes = 0;

  if (!ok)
    {
      sportello_problems_add (loader->problems, loader->file, group_line,
                              "[%s] is ignored: the service cannot be booked or queued here", group);
      rules_entry_free (entry);
      return;
    }
  g_hash_table_insert (letters, GINT_TO_POINTER (entry->rules.letter), entry->rules.service_id);
  g_hash_table_insert (self->rules, entry->rules.service_id, entry);
}

static void
load_mediators (Loader *loader)
{
  SportelloDesk *self = loader->self;

  if (!g_key_file_has_group (loader->keyfile, "Mediators"))
    return;
  check_keys (loader, "Mediators", weekday_names + 1);
  for (int d = 1; d <= 7; d++)
    {
      g_auto(GStrv) codes = get_list (loader, "Mediators", weekday_names[d]);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (unsigned i = 0; codes != NULL && codes[i] != NULL; i++)
        {
          if (loader->catalog != NULL
              && sportello_catalog_get_languages (loader->catalog)->len > 0
              && sportello_catalog_lookup_language (loader->catalog, codes[i]) == NULL)
            {
              sportello_problems_add (loader->problems, loader->file,
                                      key_line (loader, "Mediators", weekday_names[d]),
                                      "%s: unknown language \"%s\" (not in languages.ini)",
                                      weekday_names[d], codes[i]);
              continue;
            }
          g_strv_builder_add (builder, codes[i]);
        }
      g_strfreev (self->mediators[d]);
      self->mediators[d] = g_strv_builder_end (builder);
    }
}

/* Booked and walk-in services of the catalogue need rules here. */
static void
check_catalog_coverage (Loader *loader)
{
  GPtrArray *services;

  if (loader->catalog == NULL)
    return;
  services = sportello_catalog_get_services (loader->catalog);
  for (unsigned i = 0; i < services->len; i++)
    {
      const SportelloService *service = g_ptr_array_index (services, i);
      const char *id = sportello_service_get_id (service);
      g_autofree char *group = g_strconcat ("Service ", id, NULL);

      if (sportello_service_get_mode (service) == SPORTELLO_SERVICE_MODE_INFO)
        continue;
      if (!g_key_file_has_group (loader->keyfile, group))
        sportello_problems_add (loader->problems, loader->file, 0,
                                "service \"%s\" can be booked or queued in the catalogue but has no [Service %s] group",
                                id, id);
    }
}

/* GObject */

static void
sportello_desk_finalize (GObject *object)
{
  SportelloDesk *self = (SportelloDesk *) object;

  g_free (self->path);
  g_free (self->name);
  g_free (self->address);
  g_free (self->kiosk_id);
  g_clear_pointer (&self->timezone, g_time_zone_unref);
  g_free (self->staff_pin_hash);
  g_strfreev (self->counters);
  for (int d = 1; d <= 7; d++)
    {
      g_clear_pointer (&self->hours[d], g_array_unref);
      g_strfreev (self->mediators[d]);
    }
  g_clear_pointer (&self->closed, g_hash_table_unref);
  g_clear_pointer (&self->rules, g_hash_table_unref);

  G_OBJECT_CLASS (sportello_desk_parent_class)->finalize (object);
}

static void
sportello_desk_class_init (SportelloDeskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sportello_desk_finalize;
}

static void
sportello_desk_init (SportelloDesk *self)
{
  self->timezone = g_time_zone_new_identifier ("Europe/Rome");
  if (self->timezone == NULL)
    self->timezone = g_time_zone_new_local ();
  self->kiosk_id = g_strdup ("kiosk-1");
  self->retention_days = 30;
  self->counters = g_new0 (char *, 1);
  for (int d = 1; d <= 7; d++)
    {
      self->hours[d] = g_array_new (FALSE, FALSE, sizeof (Range));
      self->mediators[d] = g_new0 (char *, 1);
    }
  self->closed = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->rules = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) rules_entry_free);
}

/* Public API */

SportelloDesk *
sportello_desk_load (const char        *path,
                     SportelloCatalog  *catalog,
                     GPtrArray         *problems,
                     GError           **error)
{
  g_autoptr(SportelloDesk) self = NULL;
  g_autoptr(SportelloKeyfileLines) lines = NULL;
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autoptr(GHashTable) letters = NULL;
  g_auto(GStrv) groups = NULL;
  Loader loader = { 0 };

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (catalog == NULL || SPORTELLO_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  keyfile = sportello_keyfile_lines_load (path, &lines, problems, error);
  if (keyfile == NULL)
    return NULL;

  self = g_object_new (SPORTELLO_TYPE_DESK, NULL);
  self->path = g_strdup (path);

  loader.self = self;
  loader.keyfile = keyfile;
  loader.lines = lines;
  loader.file = path;
  loader.problems = problems;
  loader.catalog = catalog;

  load_desk_group (&loader);
  load_hours (&loader);
  load_closed (&loader);
  load_mediators (&loader);

  letters = g_hash_table_new (g_direct_hash, g_direct_equal);
  groups = g_key_file_get_groups (keyfile, NULL);
  for (unsigned g = 0; groups[g] != NULL; g++)
    {
      const char *group = groups[g];

      if (g_str_has_prefix (group, "Service "))
        load_service_group (&loader, group, letters);
      else if (strcmp (group, "Desk") != 0 && strcmp (group, "Hours") != 0
               && strcmp (group, "Closed") != 0 && strcmp (group, "Mediators") != 0)
        sportello_problems_add (problems, path, sportello_keyfile_lines_get_group_line (lines, group),
                                "unknown group [%s]", group);
    }
  check_catalog_coverage (&loader);

  if (self->name == NULL)
    self->name = g_strdup ("");
  if (self->address == NULL)
    self->address = g_strdup ("");

  return g_steal_pointer (&self);
}

const char *
sportello_desk_get_name (SportelloDesk *self)
{
  g_return_val_if_fail (SPORTELLO_IS_DESK (self), NULL);
  return self->name;
}

const char *
sportello_desk_get_address (SportelloDesk *self)
{
  g_return_val_if_fail (SPORTELLO_IS_DESK (self), NULL);
  return self->address;
}

const char *
sportello_desk_get_kiosk_id (SportelloDesk *self)
{
  g_return_val_if_fail (SPORTELLO_IS_DESK (self), NULL);
  return self->kiosk_id;
}

GTimeZone *
sportello_desk_get_timezone (SportelloDesk *self)
{
  g_return_val_if_fail (SPORTELLO_IS_DESK (self), NULL);
  return self->timezone;
}

int
sportello_desk_get_retention_days (SportelloDesk *self)
{
  g_return_val_if_fail (SPORTELLO_IS_DESK (self), 30);
  return self->retention_days;
}

const char *
sportello_desk_get_staff_pin_hash (SportelloDesk *self)
{
  g_return_val_if_fail (SPORTELLO_IS_DESK (self), NULL);
  return self->staff_pin_hash;
}

gboolean
sportello_desk_is_demo (SportelloDesk *self)
{
  g_return_val_if_fail (SPORTELLO_IS_DESK (self), FALSE);
  return self->demo;
}

const char * const *
sportello_desk_get_counters (SportelloDesk *self)
{
  g_return_val_if_fail (SPORTELLO_IS_DESK (self), NULL);
  return (const char * const *) self->counters;
}

const SportelloServiceRules *
sportello_desk_get_rules (SportelloDesk *self,
                          const char    *service_id)
{
  RulesEntry *entry;

  g_return_val_if_fail (SPORTELLO_IS_DESK (self), NULL);
  if (service_id == NULL)
    return NULL;
  entry = g_hash_table_lookup (self->rules, service_id);
  return entry != NULL ? &entry->rules : NULL;
}

char *
sportello_desk_format_hours (SportelloDesk *self,
                             GDateWeekday   weekday)
{
  GString *out;
  GArray *day;

  g_return_val_if_fail (SPORTELLO_IS_DESK (self), NULL);
  g_return_val_if_fail (g_date_valid_weekday (weekday), NULL);

  day = self->hours[weekday];
  if (day->len == 0)
    return NULL;
  out = g_string_new (NULL);
  for (unsigned i = 0; i < day->len; i++)
    {
      Range *range = &g_array_index (day, Range, i);

      g_string_append_printf (out, "%s%02d:%02d–%02d:%02d", i > 0 ? ", " : "",
                              range->start / 60, range->start % 60,
                              range->end / 60, range->end % 60);
    }
  return g_string_free (out, FALSE);
}

gboolean
sportello_desk_is_open_on (SportelloDesk *self,
                           const GDate   *date)
{
  g_return_val_if_fail (SPORTELLO_IS_DESK (self), FALSE);
  g_return_val_if_fail (date != NULL, FALSE);

  if (!g_date_valid (date))
    return FALSE;
  if (g_hash_table_contains (self->closed, GUINT_TO_POINTER (g_date_get_julian (date))))
    return FALSE;
  return self->hours[g_date_get_weekday (date)]->len > 0;
}

/* The ranges that apply to a service on a weekday. */
static GArray *
service_ranges (SportelloDesk *self,
                RulesEntry    *entry,
                GDateWeekday   weekday)
{
  if (entry != NULL && entry->has_hours)
    return entry->hours[weekday];
  return self->hours[weekday];
}

GArray *
sportello_desk_list_slots (SportelloDesk *self,
                           const char    *service_id,
                           const GDate   *date)
{
  GArray *slots;
  RulesEntry *entry;
  GArray *ranges;

  g_return_val_if_fail (SPORTELLO_IS_DESK (self), NULL);
  g_return_val_if_fail (date != NULL, NULL);

  slots = g_array_new (FALSE, TRUE, sizeof (SportelloSlot));
  entry = service_id != NULL ? g_hash_table_lookup (self->rules, service_id) : NULL;
  if (entry == NULL || !entry->rules.booking || entry->rules.slot_minutes <= 0)
    return slots;
  if (!sportello_desk_is_open_on (self, date))
    return slots;

  ranges = service_ranges (self, entry, g_date_get_weekday (date));
  for (unsigned i = 0; i < ranges->len; i++)
    {
      Range *range = &g_array_index (ranges, Range, i);

      /* A slot must end by closing time. */
      for (int m = range->start; m + entry->rules.slot_minutes <= range->end; m += entry->rules.slot_minutes)
        {
          SportelloSlot slot = { m, entry->rules.places_per_slot, 0 };

          g_array_append_val (slots, slot);
        }
    }
  return slots;
}

/* Minutes after midnight when a service's last range of the day ends, -1
 * when closed that day. */
int
sportello_desk_get_closing_minute (SportelloDesk *self,
                                   const char    *service_id,
                                   const GDate   *date)
{
  RulesEntry *entry;
  GArray *ranges;

  g_return_val_if_fail (SPORTELLO_IS_DESK (self), -1);
  g_return_val_if_fail (date != NULL, -1);

  if (!sportello_desk_is_open_on (self, date))
    return -1;
  entry = service_id != NULL ? g_hash_table_lookup (self->rules, service_id) : NULL;
  ranges = service_ranges (self, entry, g_date_get_weekday (date));
  if (ranges->len == 0)
    return -1;
  return g_array_index (ranges, Range, ranges->len - 1).end;
}

const char * const *
sportello_desk_get_mediators (SportelloDesk *self,
                              GDateWeekday   weekday)
{
  g_return_val_if_fail (SPORTELLO_IS_DESK (self), NULL);
  g_return_val_if_fail (g_date_valid_weekday (weekday), NULL);
  return (const char * const *) self->mediators[weekday];
}

gboolean
sportello_desk_has_mediator (SportelloDesk *self,
                             const GDate   *date,
                             const char    *language)
{
  g_return_val_if_fail (SPORTELLO_IS_DESK (self), FALSE);
  g_return_val_if_fail (date != NULL, FALSE);

  if (language == NULL || !sportello_desk_is_open_on (self, date))
    return FALSE;
  return g_strv_contains ((const char * const *) self->mediators[g_date_get_weekday (date)], language);
}

void
sportello_desk_get_today (SportelloDesk *self,
                          GDate         *out_date)
{
  g_autoptr(GDateTime) now = NULL;
  int y, m, d;

  g_return_if_fail (SPORTELLO_IS_DESK (self));
  g_return_if_fail (out_date != NULL);

  now = g_date_time_new_now (self->timezone);
  g_date_time_get_ymd (now, &y, &m, &d);
  g_date_clear (out_date, 1);
  g_date_set_dmy (out_date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

GDateTime *
sportello_desk_slot_time (SportelloDesk *self,
                          const GDate   *date,
                          int            minute)
{
  g_return_val_if_fail (SPORTELLO_IS_DESK (self), NULL);
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
  g_return_val_if_fail (minute >= 0 && minute <= 24 * 60, NULL);

  if (minute == 24 * 60)
    {
      g_autoptr(GDateTime) midnight = g_date_time_new (self->timezone,
                                                       g_date_get_year (date),
                                                       g_date_get_month (date),
                                                       g_date_get_day (date), 0, 0, 0);
      return g_date_time_add_days (midnight, 1);
    }
  return g_date_time_new (self->timezone,
                          g_date_get_year (date), g_date_get_month (date), g_date_get_day (date),
                          minute / 60, minute % 60, 0);
}
