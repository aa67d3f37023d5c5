/* main.c: sportello-admin, the command line for staff, scripts and tests
 *
 * Every command parses its own options with a GOptionContext (so each has
 * --help) and ends with one of the exit codes below.  Errors are one line on
 * stderr; the only thing a booking prints on stdout is the ticket code, and
 * only once the store has committed it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <json-glib/json-glib.h>
#include <libintl.h>

#include "sportello.h"

typedef enum
{
  ADMIN_EXIT_OK = 0,
  ADMIN_EXIT_REFUSED = 1,      /* bad input, or the store refused */
  ADMIN_EXIT_USAGE = 2,
  ADMIN_EXIT_NO_PLACE = 3,
  ADMIN_EXIT_UNAVAILABLE = 4,  /* read-only, full, locked too long */
} AdminExit;

typedef struct
{
  char             *data_dir;
  char             *db_path;
  SportelloCatalog *catalog;
  SportelloDesk    *desk;
  SportelloStore   *store;
} Admin;

typedef int (*AdminCommandFunc) (Admin  *admin,
                                 char  **args);

typedef struct
{
  const char       *name;
  AdminCommandFunc  run;
  const char       *synopsis;
} AdminCommand;

static char *opt_db = NULL;
static char *opt_data = NULL;

static const GOptionEntry global_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db,
    "Database file (default: $SPORTELLO_DB, else the user's data folder)", "PATH" },
  { "data", 0, 0, G_OPTION_ARG_FILENAME, &opt_data,
    "Catalogue and desk folder (default: $SPORTELLO_DATA, else the bundled demo data)", "DIR" },
  G_OPTION_ENTRY_NULL
};

/* Helpers */

static void
print_error_line (const char *message)
{
  g_autofree char *line = g_strdup (message != NULL ? message : "unknown error");

  /* One line, whatever the message holds. */
  g_strdelimit (line, "\r\n", ' ');
  g_strchomp (line);
  g_printerr ("sportello-admin: %s\n", line);
}

static int
exit_code_for (const GError *error)
{
  if (error->domain == G_OPTION_ERROR)
    return ADMIN_EXIT_USAGE;
  if (g_error_matches (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_NO_PLACE))
    return ADMIN_EXIT_NO_PLACE;
  if (g_error_matches (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_UNAVAILABLE))
    return ADMIN_EXIT_UNAVAILABLE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED)
      || g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC)
      || g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_ROFS)
      || g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_ACCES))
    return ADMIN_EXIT_UNAVAILABLE;
  return ADMIN_EXIT_REFUSED;
}

static int
fail (const GError *error)
{
  print_error_line (error->message);
  return exit_code_for (error);
}

static int G_GNUC_PRINTF (1, 2)
fail_usage (const char *format,
            ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  print_error_line (message);
  return ADMIN_EXIT_USAGE;
}

static gboolean G_GNUC_PRINTF (2, 3)
set_invalid (GError     **error,
             const char  *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (SPORTELLO_STORE_ERROR,
                                                SPORTELLO_STORE_ERROR_INVALID,
                                                format, args));
  va_end (args);
  return FALSE;
}

/* Catalogue text is an English msgid: show it in the environment's language. */
static const char *
content_text (const char *msgid)
{
  return msgid != NULL ? dgettext (GETTEXT_PACKAGE, msgid) : "";
}

static const char *
mode_to_string (SportelloServiceMode mode)
{
  switch (mode)
    {
    case SPORTELLO_SERVICE_MODE_INFO:
      return "info";
    case SPORTELLO_SERVICE_MODE_BOOKED:
      return "booked";
    case SPORTELLO_SERVICE_MODE_WALK_IN:
      return "walk-in";
    case SPORTELLO_SERVICE_MODE_BOTH:
      return "both";
    default:
      return "unknown";
    }
}

static char *
format_minute (int minute)
{
  return g_strdup_printf ("%02d:%02d", minute / 60, minute % 60);
}

static char *
format_date (const GDate *date)
{
  char buffer[16];

  g_date_strftime (buffer, sizeof buffer, "%Y-%m-%d", date);
  return g_strdup (buffer);
}

/* Loading */

static gboolean
admin_load_data (Admin   *admin,
                 GError **error)
{
  g_autofree char *desk_path = NULL;

  if (admin->desk != NULL)
    return TRUE;

  /* Problems are reported by "catalog validate"; here the valid part serves. */
  admin->catalog = sportello_catalog_load (admin->data_dir, NULL, error);
  if (admin->catalog == NULL)
    return FALSE;

  desk_path = g_build_filename (admin->data_dir, "desk.ini", NULL);
  admin->desk = sportello_desk_load (desk_path, admin->catalog, NULL, error);
  return admin->desk != NULL;
}

static gboolean
admin_open_store (Admin   *admin,
                  GError **error)
{
  if (admin->store != NULL)
    return TRUE;
  admin->store = sportello_sqlite_store_new (admin->db_path, error);
  return admin->store != NULL;
}

static void
admin_get_today (Admin *admin,
                 GDate *out_date)
{
  g_autoptr(GDateTime) now = NULL;

  if (admin->desk != NULL)
    {
      sportello_desk_get_today (admin->desk, out_date);
      return;
    }
  now = g_date_time_new_now_local ();
  g_date_clear (out_date, 1);
  g_date_set_dmy (out_date,
                  g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

/* YYYY-MM-DD (checked by formatting the parsed date back), today or tomorrow. */
static gboolean
parse_date (Admin       *admin,
            const char  *text,
            GDate       *out_date,
            GError     **error)
{
  g_autofree char *iso = NULL;
  g_autofree char *back = NULL;
  g_autoptr(GDateTime) parsed = NULL;

  if (g_strcmp0 (text, "today") == 0 || g_strcmp0 (text, "tomorrow") == 0)
    {
      admin_get_today (admin, out_date);
      if (g_strcmp0 (text, "tomorrow") == 0)
        g_date_add_days (out_date, 1);
      return TRUE;
    }

  iso = g_strconcat (text, "T00:00:00Z", NULL);
  parsed = g_date_time_new_from_iso8601 (iso, NULL);
  if (parsed != NULL)
    back = g_date_time_format (parsed, "%Y-%m-%d");
  if (back == NULL || strcmp (back, text) != 0)
    return set_invalid (error, "'%s' is not a date: use YYYY-MM-DD, today or tomorrow", text);

  g_date_clear (out_date, 1);
  g_date_set_dmy (out_date,
                  g_date_time_get_day_of_month (parsed),
                  g_date_time_get_month (parsed),
                  g_date_time_get_year (parsed));
  return TRUE;
}

/* HH:MM to minutes since midnight. */
static gboolean
parse_time (const char  *text,
            int         *out_minute,
            GError     **error)
{
  g_autofree char *iso = g_strconcat ("2000-01-01T", text, ":00Z", NULL);
  g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (iso, NULL);
  g_autofree char *back = NULL;

  if (parsed != NULL)
    back = g_date_time_format (parsed, "%H:%M");
  if (back == NULL || strcmp (back, text) != 0)
    return set_invalid (error, "'%s' is not a time: use HH:MM", text);

  *out_minute = g_date_time_get_hour (parsed) * 60 + g_date_time_get_minute (parsed);
  return TRUE;
}

static const SportelloService *
lookup_service (Admin       *admin,
                const char  *service_id,
                GError     **error)
{
  const SportelloService *service;

  service = sportello_catalog_lookup_service (admin->catalog, service_id);
  if (service == NULL)
    set_invalid (error, "unknown service '%s' (see 'sportello-admin services')", service_id);
  return service;
}

static gboolean
check_language (Admin       *admin,
                const char  *code,
                GError     **error)
{
  if (sportello_catalog_lookup_language (admin->catalog, code) != NULL)
    return TRUE;
  return set_invalid (error, "unknown language '%s'", code);
}

static const char *
default_language (Admin *admin)
{
  const SportelloLanguage *language = sportello_catalog_get_default_language (admin->catalog);

  return language != NULL ? sportello_language_get_code (language) : "it";
}

static gboolean
check_counter (Admin       *admin,
               const char  *counter,
               GError     **error)
{
  const char * const *counters = sportello_desk_get_counters (admin->desk);
  g_autofree char *known = NULL;

  if (counters == NULL || counters[0] == NULL || g_strv_contains (counters, counter))
    return TRUE;
  known = g_strjoinv (", ", (char **) counters);
  return set_invalid (error, "unknown counter '%s' (counters: %s)", counter, known);
}

static gboolean
check_operator_id (const char  *operator_id,
                   GError     **error)
{
  if (operator_id == NULL || *operator_id == '\0')
    return set_invalid (error, "an operator id is needed");
  if (!g_utf8_validate (operator_id, -1, NULL) || g_utf8_strlen (operator_id, -1) > 64
      || strpbrk (operator_id, " \t\r\n") != NULL)
    return set_invalid (error, "'%s' is not an operator id (no spaces, at most 64 characters)",
                        operator_id);
  return TRUE;
}

/* Reads one line from stdin, never from argv where ps would show it; the
 * terminal does not echo it. */
static char *
read_pin (GError **error)
{
  char buffer[64] = { 0 };
  struct termios saved;
  gboolean quiet = FALSE;
  char *pin = NULL;

  if (isatty (STDIN_FILENO) && tcgetattr (STDIN_FILENO, &saved) == 0)
    {
      struct termios silent = saved;

      silent.c_lflag &= ~(tcflag_t) ECHO;
      quiet = tcsetattr (STDIN_FILENO, TCSAFLUSH, &silent) == 0;
      g_printerr ("PIN (4 to 12 digits): ");
    }

  if (fgets (buffer, sizeof buffer, stdin) == NULL)
    buffer[0] = '\0';

  if (quiet)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      g_printerr ("\n");
    }

  buffer[strcspn (buffer, "\r\n")] = '\0';
  if (!sportello_pin_is_valid (buffer))
    set_invalid (error, "the PIN (one line on standard input) must be 4 to 12 digits");
  else
    pin = g_strdup (buffer);
  explicit_bzero (buffer, sizeof buffer);
  return pin;
}

static void
free_pin (char *pin)
{
  if (pin != NULL)
    {
      explicit_bzero (pin, strlen (pin));
      g_free (pin);
    }
}

/* Parses a command's options; (*args)[0] is the command's name.  On success
 * *args holds the name followed by the positional arguments, and the data
 * folder and database path are resolved. */
static gboolean
parse_command (Admin               *admin,
               char              ***args,
               const char          *parameter_string,
               const char          *summary,
               const GOptionEntry  *entries,
               GError             **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter_string);
  g_autofree char *outer_db = g_steal_pointer (&opt_db);
  g_autofree char *outer_data = g_steal_pointer (&opt_data);
  gboolean ok;

  g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_main_entries (context, global_entries, NULL);

  ok = g_option_context_parse_strv (context, args, error);

  /* --db/--data may come before or after the command; after wins. */
  if (opt_db == NULL)
    opt_db = g_steal_pointer (&outer_db);
  if (opt_data == NULL)
    opt_data = g_steal_pointer (&outer_data);

  g_free (admin->data_dir);
  admin->data_dir = sportello_paths_data_dir (opt_data);
  g_free (admin->db_path);
  {
    g_autofree char *db_path = sportello_paths_db (opt_db);

    /* Absolute, so that messages and SQLite URIs name one file. */
    admin->db_path = g_canonicalize_filename (db_path, NULL);
  }
  return ok;
}

static gboolean
check_arg_count (char       **args,
                 guint        wanted,
                 const char  *usage,
                 GError     **error)
{
  guint n = g_strv_length (args) - 1;

  if (n == wanted)
    return TRUE;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
               "usage: %s: %s (see '%s --help')",
               usage, n < wanted ? "missing argument" : "too many arguments", args[0]);
  return FALSE;
}

static gboolean
require_option (const char  *value,
                const char  *command,
                const char  *option,
                GError     **error)
{
  if (value != NULL)
    return TRUE;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
               "%s needs %s (see '%s --help')", command, option, command);
  return FALSE;
}

/* Every service with a booking or walk-in rule at this desk, NULL-terminated. */
static GPtrArray *
list_served_ids (Admin *admin)
{
  GPtrArray *services = sportello_catalog_get_services (admin->catalog);
  GPtrArray *ids = g_ptr_array_new ();

  for (guint i = 0; i < services->len; i++)
    {
      const char *id = sportello_service_get_id (g_ptr_array_index (services, i));
      const SportelloServiceRules *rules = sportello_desk_get_rules (admin->desk, id);

      if (rules != NULL && (rules->booking || rules->walk_in))
        g_ptr_array_add (ids, (gpointer) id);
    }
  g_ptr_array_add (ids, NULL);
  return ids;
}

/* Commands */

static int
cmd_catalog (Admin  *admin,
             char  **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) desk_error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(SportelloCatalog) catalog = NULL;
  g_autoptr(SportelloDesk) desk = NULL;
  g_autofree char *desk_path = NULL;

  if (!parse_command (admin, &args, "catalog validate",
                      "Loads the catalogue and the desk configuration and reports every problem\n"
                      "as FILE:LINE: message on stderr; exits 1 when there is any.",
                      NULL, &error))
    return fail (error);
  if (g_strv_length (args) != 2 || g_strcmp0 (args[1], "validate") != 0)
    return fail_usage ("usage: catalog validate (see 'catalog --help')");

  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) sportello_problem_free);
  catalog = sportello_catalog_load (admin->data_dir, problems, &error);
  if (catalog != NULL)
    {
      desk_path = g_build_filename (admin->data_dir, "desk.ini", NULL);
      desk = sportello_desk_load (desk_path, catalog, problems, &desk_error);
    }

  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *line = sportello_problem_format (g_ptr_array_index (problems, i));

      g_strdelimit (line, "\r\n", ' ');
      g_printerr ("%s\n", line);
    }
  if (catalog == NULL)
    {
      print_error_line (error->message);
      return ADMIN_EXIT_REFUSED;
    }
  if (desk == NULL)
    {
      print_error_line (desk_error->message);
      return ADMIN_EXIT_REFUSED;
    }
  if (problems->len > 0)
    return ADMIN_EXIT_REFUSED;

  g_print ("%s: %u topics, %u services, %u languages: valid\n",
           admin->data_dir,
           sportello_catalog_get_topics (catalog)->len,
           sportello_catalog_get_services (catalog)->len,
           sportello_catalog_get_languages (catalog)->len);
  return ADMIN_EXIT_OK;
}

static int
cmd_services (Admin  *admin,
              char  **args)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *services;

  if (!parse_command (admin, &args, "services",
                      "Lists the services: id, mode, ticket letter, title (tab-separated).",
                      NULL, &error)
      || !check_arg_count (args, 0, "services", &error)
      || !admin_load_data (admin, &error))
    return fail (error);

  services = sportello_catalog_get_services (admin->catalog);
  for (guint i = 0; i < services->len; i++)
    {
      const SportelloService *service = g_ptr_array_index (services, i);
      const char *id = sportello_service_get_id (service);
      const SportelloServiceRules *rules = sportello_desk_get_rules (admin->desk, id);
      char letter[2] = { rules != NULL && rules->letter != '\0' ? rules->letter : '-', '\0' };

      g_print ("%s\t%s\t%s\t%s\n", id,
               mode_to_string (sportello_service_get_mode (service)),
               letter,
               content_text (sportello_service_get_title (service)));
    }
  return ADMIN_EXIT_OK;
}

static int
cmd_today (Admin  *admin,
           char  **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *date_text = NULL;
  g_autofree char *weekday = NULL;
  GDate today;

  if (!parse_command (admin, &args, "today",
                      "Shows the desk, today's date and, for each service that can be booked\n"
                      "or queued for, today's free slots and the walk-in queue.",
                      NULL, &error)
      || !check_arg_count (args, 0, "today", &error)
      || !admin_load_data (admin, &error)
      || !admin_open_store (admin, &error))
    return fail (error);

  admin_get_today (admin, &today);
  date_text = format_date (&today);
  {
    char buffer[32];

    g_date_strftime (buffer, sizeof buffer, "%A", &today);
    weekday = g_strdup (buffer);
  }

  g_print ("%s%s\n", sportello_desk_get_name (admin->desk),
           sportello_desk_is_demo (admin->desk) ? " (demo data)" : "");
  if (sportello_desk_get_address (admin->desk) != NULL)
    g_print ("%s\n", sportello_desk_get_address (admin->desk));
  g_print ("Today: %s %s%s\n\n", weekday, date_text,
           sportello_desk_is_open_on (admin->desk, &today) ? "" : " (closed)");

  ids = list_served_ids (admin);
  for (guint i = 0; i + 1 < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      const SportelloService *service = sportello_catalog_lookup_service (admin->catalog, id);
      const SportelloServiceRules *rules = sportello_desk_get_rules (admin->desk, id);
      g_autoptr(GString) line = g_string_new (NULL);

      g_print ("%c  %s (%s)\n", rules->letter,
               content_text (sportello_service_get_title (service)), id);
      if (rules->booking)
        {
          g_autoptr(GArray) slots = sportello_booking_list_slots (admin->desk, admin->store,
                                                                   id, &today, &error);
          g_autoptr(GDateTime) now = g_date_time_new_now (sportello_desk_get_timezone (admin->desk));
          int free_slots = 0;

          if (slots == NULL)
            return fail (error);
          for (guint j = 0; j < slots->len; j++)
            {
              const SportelloSlot *slot = &g_array_index (slots, SportelloSlot, j);
              g_autofree char *time = NULL;

              g_autoptr(GDateTime) starts = sportello_desk_slot_time (admin->desk, &today,
                                                                      slot->minute);

              /* A slot that has begun can no longer be booked. */
              if (slot->booked >= slot->capacity
                  || (starts != NULL && g_date_time_compare (starts, now) <= 0))
                continue;
              time = format_minute (slot->minute);
              g_string_append_printf (line, " %s (%d)", time, slot->capacity - slot->booked);
              free_slots++;
            }
          if (slots->len == 0)
            g_print ("   free slots: none today\n");
          else if (free_slots == 0)
            g_print ("   free slots: none left today\n");
          else
            g_print ("   free slots:%s\n", line->str);
        }
      if (rules->walk_in)
        {
          int waiting = sportello_store_count_waiting (admin->store, id, &today, &error);

          if (waiting < 0 || error != NULL)
            return fail (error);
          g_print ("   walk-in queue: %d waiting\n", waiting);
        }
    }
  return ADMIN_EXIT_OK;
}

static int
cmd_slots (Admin  *admin,
           char  **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) slots = NULL;
  GDate date;

  if (!parse_command (admin, &args, "slots SERVICE DATE",
                      "One line per slot of a service on a day: HH:MM<TAB>booked/capacity.\n"
                      "DATE is YYYY-MM-DD, today or tomorrow.",
                      NULL, &error)
      || !check_arg_count (args, 2, "slots SERVICE DATE", &error)
      || !admin_load_data (admin, &error)
      || lookup_service (admin, args[1], &error) == NULL
      || !parse_date (admin, args[2], &date, &error)
      || !admin_open_store (admin, &error))
    return fail (error);

  slots = sportello_booking_list_slots (admin->desk, admin->store, args[1], &date, &error);
  if (slots == NULL)
    return fail (error);
  for (guint i = 0; i < slots->len; i++)
    {
      const SportelloSlot *slot = &g_array_index (slots, SportelloSlot, i);
      g_autofree char *time = format_minute (slot->minute);

      g_print ("%s\t%d/%d\n", time, slot->booked, slot->capacity);
    }
  return ADMIN_EXIT_OK;
}

static int
cmd_book (Admin  *admin,
          char  **args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *time_text = NULL;
  g_autofree char *language = NULL;
  g_autofree char *phone_text = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *kiosk = NULL;
  gboolean mediator = FALSE;
  g_autoptr(SportelloTicket) ticket = NULL;
  int minute = -1;
  GDate date;
  const GOptionEntry entries[] = {
    { "time", 0, 0, G_OPTION_ARG_STRING, &time_text, "Slot time (default: the first free slot)", "HH:MM" },
    { "language", 0, 0, G_OPTION_ARG_STRING, &language, "Language of the person (default: the first of languages.ini)", "CODE" },
    { "mediator", 0, 0, G_OPTION_ARG_NONE, &mediator, "An intercultural mediator is needed", NULL },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &phone_text, "Phone number for a reminder (purged after the retention period)", "NUMBER" },
    { "kiosk", 0, 0, G_OPTION_ARG_STRING, &kiosk, "Kiosk id the booking is attributed to", "ID" },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_command (admin, &args, "book SERVICE DATE",
                      "Books a place and prints only the ticket code, once it is committed.\n"
                      "Exits 3 when no place is left.  DATE is YYYY-MM-DD, today or tomorrow.",
                      entries, &error)
      || !check_arg_count (args, 2, "book SERVICE DATE", &error)
      || !admin_load_data (admin, &error)
      || lookup_service (admin, args[1], &error) == NULL
      || !parse_date (admin, args[2], &date, &error)
      || (time_text != NULL && !parse_time (time_text, &minute, &error))
      || (language != NULL && !check_language (admin, language, &error)))
    return fail (error);

  if (phone_text != NULL)
    {
      phone = sportello_phone_normalize (phone_text);
      if (phone == NULL)
        {
          set_invalid (&error, "'%s' is not a phone number (6 to 15 digits)", phone_text);
          return fail (error);
        }
    }
  if (kiosk != NULL && !check_operator_id (kiosk, &error))
    return fail (error);

  if (!admin_open_store (admin, &error))
    return fail (error);
  ticket = sportello_booking_book (admin->desk, admin->store, args[1], &date, minute,
                                   language != NULL ? language : default_language (admin),
                                   mediator, phone, kiosk, &error);
  if (ticket == NULL)
    return fail (error);
  g_print ("%s\n", ticket->code);
  return ADMIN_EXIT_OK;
}

static int
cmd_walk_in (Admin  *admin,
             char  **args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *language = NULL;
  g_autofree char *kiosk = NULL;
  gboolean mediator = FALSE;
  g_autoptr(SportelloTicket) ticket = NULL;
  const GOptionEntry entries[] = {
    { "language", 0, 0, G_OPTION_ARG_STRING, &language, "Language of the person (default: the first of languages.ini)", "CODE" },
    { "mediator", 0, 0, G_OPTION_ARG_NONE, &mediator, "An intercultural mediator is needed", NULL },
    { "kiosk", 0, 0, G_OPTION_ARG_STRING, &kiosk, "Kiosk id the number is attributed to", "ID" },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_command (admin, &args, "walk-in SERVICE",
                      "Takes a walk-in number for today and prints its ticket code.\n"
                      "Exits 3 when the day's queue is full.",
                      entries, &error)
      || !check_arg_count (args, 1, "walk-in SERVICE", &error)
      || !admin_load_data (admin, &error)
      || lookup_service (admin, args[1], &error) == NULL
      || (language != NULL && !check_language (admin, language, &error))
      || (kiosk != NULL && !check_operator_id (kiosk, &error))
      || !admin_open_store (admin, &error))
    return fail (error);

  ticket = sportello_booking_take_number (admin->desk, admin->store, args[1],
                                          language != NULL ? language : default_language (admin),
                                          mediator, kiosk, &error);
  if (ticket == NULL)
    return fail (error);
  g_print ("%s\n", ticket->code);
  return ADMIN_EXIT_OK;
}

static gboolean
normalize_code (const char  *text,
                char       **out_code,
                GError     **error)
{
  *out_code = sportello_code_normalize (text);
  if (*out_code != NULL)
    return TRUE;
  return set_invalid (error, "'%s' is not a ticket code (like A-12)", text);
}

static int
cmd_check_in (Admin  *admin,
              char  **args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autoptr(SportelloTicket) ticket = NULL;

  if (!parse_command (admin, &args, "check-in CODE",
                      "Marks today's booking with this code as arrived.",
                      NULL, &error)
      || !check_arg_count (args, 1, "check-in CODE", &error)
      || !normalize_code (args[1], &code, &error)
      || !admin_load_data (admin, &error)
      || !admin_open_store (admin, &error))
    return fail (error);

  ticket = sportello_booking_check_in (admin->desk, admin->store, code, &error);
  if (ticket == NULL)
    return fail (error);
  g_print ("%s\t%s\n", ticket->code, sportello_state_to_string (ticket->state));
  return ADMIN_EXIT_OK;
}

static void
csv_append (GString    *line,
            const char *value,
            gboolean    last)
{
  if (value == NULL)
    value = "";
  if (strpbrk (value, ",\"\r\n") != NULL)
    {
      g_autoptr(GString) quoted = g_string_new (value);

      g_string_replace (quoted, "\"", "\"\"", 0);
      g_string_append_printf (line, "\"%s\"", quoted->str);
    }
  else
    g_string_append (line, value);
  g_string_append_c (line, last ? '\n' : ',');
}

static void
print_queue_text (GPtrArray *tickets)
{
  for (guint i = 0; i < tickets->len; i++)
    {
      const SportelloTicket *ticket = g_ptr_array_index (tickets, i);
      g_autofree char *time = ticket->minute >= 0 ? format_minute (ticket->minute) : g_strdup ("walk-in");

      g_print ("%-7s %-7s %-10s %-24s %-6s%s%s%s\n",
               ticket->code, time, sportello_state_to_string (ticket->state),
               ticket->service_id, ticket->language != NULL ? ticket->language : "-",
               ticket->needs_mediator ? " mediator" : "",
               ticket->counter != NULL ? " counter " : "",
               ticket->counter != NULL ? ticket->counter : "");
    }
}

static void
print_queue_csv (GPtrArray *tickets)
{
  g_autoptr(GString) out = g_string_new ("code,service,time,number,state,language,mediator,counter,operator\n");

  for (guint i = 0; i < tickets->len; i++)
    {
      const SportelloTicket *ticket = g_ptr_array_index (tickets, i);
      g_autofree char *time = ticket->minute >= 0 ? format_minute (ticket->minute) : g_strdup ("walk-in");
      g_autofree char *number = g_strdup_printf ("%d", ticket->number);

      csv_append (out, ticket->code, FALSE);
      csv_append (out, ticket->service_id, FALSE);
      csv_append (out, time, FALSE);
      csv_append (out, number, FALSE);
      csv_append (out, sportello_state_to_string (ticket->state), FALSE);
      csv_append (out, ticket->language, FALSE);
      csv_append (out, ticket->needs_mediator ? "yes" : "no", FALSE);
      csv_append (out, ticket->counter, FALSE);
      csv_append (out, ticket->operator_id, TRUE);
    }
  g_print ("%s", out->str);
}

static void
builder_add_nullable (JsonBuilder *builder,
                      const char  *member,
                      const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
print_queue_json (GPtrArray   *tickets,
                  const GDate *date)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *date_text = format_date (date);
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "date");
  json_builder_add_string_value (builder, date_text);
  json_builder_set_member_name (builder, "tickets");
  json_builder_begin_array (builder);
  for (guint i = 0; i < tickets->len; i++)
    {
      const SportelloTicket *ticket = g_ptr_array_index (tickets, i);
      g_autofree char *time = ticket->minute >= 0 ? format_minute (ticket->minute) : NULL;

      json_builder_begin_object (builder);
      builder_add_nullable (builder, "code", ticket->code);
      builder_add_nullable (builder, "service", ticket->service_id);
      builder_add_nullable (builder, "time", time);
      json_builder_set_member_name (builder, "walk_in");
      json_builder_add_boolean_value (builder, sportello_ticket_is_walk_in (ticket));
      json_builder_set_member_name (builder, "number");
      json_builder_add_int_value (builder, ticket->number);
      builder_add_nullable (builder, "state", sportello_state_to_string (ticket->state));
      builder_add_nullable (builder, "language", ticket->language);
      json_builder_set_member_name (builder, "needs_mediator");
      json_builder_add_boolean_value (builder, ticket->needs_mediator);
      builder_add_nullable (builder, "counter", ticket->counter);
      builder_add_nullable (builder, "operator", ticket->operator_id);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static int
cmd_queue (Admin  *admin,
           char  **args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *date_text = NULL;
  g_autofree char *service = NULL;
  g_autofree char *format = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  const char *one_service[2] = { NULL, NULL };
  GDate date;
  const GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date_text, "Day (default: today)", "DATE" },
    { "service", 0, 0, G_OPTION_ARG_STRING, &service, "Only this service", "ID" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "text (default), csv or json", "FORMAT" },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_command (admin, &args, "queue",
                      "Lists the tickets of a day with their states: booked by time, then walk-ins.",
                      entries, &error)
      || !check_arg_count (args, 0, "queue", &error)
      || !admin_load_data (admin, &error)
      || (service != NULL && lookup_service (admin, service, &error) == NULL)
      || !parse_date (admin, date_text != NULL ? date_text : "today", &date, &error))
    return fail (error);
  if (format != NULL && !g_str_equal (format, "text") && !g_str_equal (format, "csv")
      && !g_str_equal (format, "json"))
    return fail_usage ("queue: unknown format '%s' (text, csv or json)", format);
  if (!admin_open_store (admin, &error))
    return fail (error);

  one_service[0] = service;
  tickets = sportello_store_list_tickets (admin->store, &date,
                                         service != NULL ? one_service : NULL, &error);
  if (tickets == NULL)
    return fail (error);

  if (format == NULL || g_str_equal (format, "text"))
    print_queue_text (tickets);
  else if (g_str_equal (format, "csv"))
    print_queue_csv (tickets);
  else
    print_queue_json (tickets, &date);
  return ADMIN_EXIT_OK;
}

static int
cmd_set_state (Admin  *admin,
               char  **args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *date_text = NULL;
  g_autofree char *operator_id = NULL;
  g_autofree char *counter = NULL;
  g_autofree char *professional_text = NULL;
  g_autofree char *note = NULL;
  g_autofree char *code = NULL;
  g_autoptr(SportelloTicket) ticket = NULL;
  SportelloProfessional professional = SPORTELLO_PROFESSIONAL_NONE;
  SportelloState state;
  GDate date;
  const GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date_text, "Day of the ticket (default: today)", "DATE" },
    { "operator", 0, 0, G_OPTION_ARG_STRING, &operator_id, "Operator making the change (required)", "ID" },
    { "counter", 0, 0, G_OPTION_ARG_STRING, &counter, "Counter, when calling", "N" },
    { "professional", 0, 0, G_OPTION_ARG_STRING, &professional_text,
      "When referring: social-worker, employment-operator, mediator or labour-policy-expert", "P" },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, "Short referral note", "TEXT" },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_command (admin, &args, "set-state CODE STATE",
                      "Moves a ticket to another state: arrived, called, serving, done, no-show,\n"
                      "cancelled, referred (with --professional).  Illegal moves are refused.",
                      entries, &error)
      || !check_arg_count (args, 2, "set-state CODE STATE", &error)
      || !require_option (operator_id, "set-state", "--operator ID", &error)
      || !check_operator_id (operator_id, &error)
      || !normalize_code (args[1], &code, &error))
    return fail (error);
  if (!sportello_state_from_string (args[2], &state))
    {
      set_invalid (&error, "unknown state '%s' (arrived, called, serving, done, no-show, cancelled, referred)",
                   args[2]);
      return fail (error);
    }
  if (professional_text != NULL
      && !sportello_professional_from_string (professional_text, &professional))
    {
      set_invalid (&error, "unknown professional '%s' (social-worker, employment-operator, mediator, labour-policy-expert)",
                   professional_text);
      return fail (error);
    }
  if (state == SPORTELLO_STATE_REFERRED && professional == SPORTELLO_PROFESSIONAL_NONE)
    {
      set_invalid (&error, "a referral needs --professional");
      return fail (error);
    }
  if (state != SPORTELLO_STATE_REFERRED && (professional_text != NULL || note != NULL))
    {
      set_invalid (&error, "--professional and --note go with the state 'referred' only");
      return fail (error);
    }
  if (!admin_load_data (admin, &error)
      || (counter != NULL && !check_counter (admin, counter, &error))
      || !parse_date (admin, date_text != NULL ? date_text : "today", &date, &error)
      || !admin_open_store (admin, &error))
    return fail (error);

  ticket = sportello_store_transition (admin->store, &date, code, state, operator_id,
                                       counter, professional, note, &error);
  if (ticket == NULL)
    return fail (error);
  g_print ("%s\t%s\n", ticket->code, sportello_state_to_string (ticket->state));
  return ADMIN_EXIT_OK;
}

static int
cmd_call_next (Admin  *admin,
               char  **args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *operator_id = NULL;
  g_autofree char *counter = NULL;
  g_auto(GStrv) services = NULL;
  g_autoptr(GPtrArray) served = NULL;
  g_autoptr(SportelloTicket) ticket = NULL;
  g_autoptr(GDateTime) now = NULL;
  const GOptionEntry entries[] = {
    { "operator", 0, 0, G_OPTION_ARG_STRING, &operator_id, "Operator calling (required)", "ID" },
    { "counter", 0, 0, G_OPTION_ARG_STRING, &counter, "Counter the person is called to (required)", "N" },
    { "service", 0, 0, G_OPTION_ARG_STRING_ARRAY, &services, "Only these services (repeat; default: all)", "ID" },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_command (admin, &args, "call-next",
                      "Calls the next person of today (booked people whose time has come, then\n"
                      "walk-ins) and prints the ticket code; exits 1 when nobody is waiting.",
                      entries, &error)
      || !check_arg_count (args, 0, "call-next", &error)
      || !require_option (operator_id, "call-next", "--operator ID", &error)
      || !require_option (counter, "call-next", "--counter N", &error)
      || !check_operator_id (operator_id, &error)
      || !admin_load_data (admin, &error)
      || !check_counter (admin, counter, &error))
    return fail (error);
  for (guint i = 0; services != NULL && services[i] != NULL; i++)
    if (lookup_service (admin, services[i], &error) == NULL)
      return fail (error);
  if (!admin_open_store (admin, &error))
    return fail (error);

  served = list_served_ids (admin);
  now = g_date_time_new_now (sportello_desk_get_timezone (admin->desk));
  ticket = sportello_store_call_next (admin->store, now,
                                      services != NULL ? (const char * const *) services
                                                       : (const char * const *) served->pdata,
                                      operator_id, counter, &error);
  if (ticket == NULL)
    {
      if (g_error_matches (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_NOT_FOUND))
        {
          print_error_line ("nobody is waiting");
          return ADMIN_EXIT_REFUSED;
        }
      return fail (error);
    }
  g_print ("%s\n", ticket->code);
  return ADMIN_EXIT_OK;
}

static int
cmd_close_day (Admin  *admin,
               char  **args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *date_text = NULL;
  g_autofree char *operator_id = NULL;
  SportelloDayCounts counts = { 0 };
  GDate date;
  const GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date_text, "Day to close (default: today)", "DATE" },
    { "operator", 0, 0, G_OPTION_ARG_STRING, &operator_id, "Operator closing the day (required)", "ID" },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_command (admin, &args, "close-day",
                      "Marks the tickets still open as not served and prints the day's counts.",
                      entries, &error)
      || !check_arg_count (args, 0, "close-day", &error)
      || !require_option (operator_id, "close-day", "--operator ID", &error)
      || !check_operator_id (operator_id, &error)
      || !admin_load_data (admin, &error)
      || !parse_date (admin, date_text != NULL ? date_text : "today", &date, &error)
      || !admin_open_store (admin, &error)
      || !sportello_store_close_day (admin->store, &date, operator_id, &counts, &error))
    return fail (error);

  g_print ("served\t%d\nreferred\t%d\nno-show\t%d\ncancelled\t%d\nnot-served\t%d\nopen\t%d\n",
           counts.served, counts.referred, counts.no_show, counts.cancelled,
           counts.not_served, counts.open);
  return ADMIN_EXIT_OK;
}

static int
cmd_stats (Admin  *admin,
           char  **args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *kiosk = NULL;
  g_autofree char *by_text = NULL;
  g_autofree char *format = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  int threshold = SPORTELLO_STATS_DEFAULT_THRESHOLD;
  SportelloStatsQuery query = { 0 };
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, "First day (inclusive)", "DATE" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, "Last day (inclusive)", "DATE" },
    { "kiosk", 0, 0, G_OPTION_ARG_STRING, &kiosk, "Only this kiosk", "ID" },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by_text,
      "day (default), hour, weekday, hour-of-week, kiosk, language, topic, service, campaign, end-reason or funnel",
      "DIMENSION" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "csv (default) or json", "FORMAT" },
    { "threshold", 0, 0, G_OPTION_ARG_INT, &threshold, "Counts below this are suppressed (default 5)", "N" },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_command (admin, &args, "stats",
                      "Anonymous kiosk statistics, counts below the threshold suppressed.",
                      entries, &error)
      || !check_arg_count (args, 0, "stats", &error))
    return fail (error);

  query.by = SPORTELLO_STATS_BY_DAY;
  if (by_text != NULL && !sportello_stats_dimension_from_string (by_text, &query.by))
    return fail_usage ("stats: unknown dimension '%s' (see 'stats --help')", by_text);
  if (format != NULL && !g_str_equal (format, "csv") && !g_str_equal (format, "json"))
    return fail_usage ("stats: unknown format '%s' (csv or json)", format);
  if (threshold < 1)
    {
      set_invalid (&error, "the threshold must be 1 or more");
      return fail (error);
    }

  /* today/tomorrow use the desk's time zone when the desk loads. */
  if ((from_text != NULL || to_text != NULL) && !admin_load_data (admin, NULL))
    g_clear_object (&admin->catalog);
  g_date_clear (&query.from, 1);
  g_date_clear (&query.to, 1);
  if ((from_text != NULL && !parse_date (admin, from_text, &query.from, &error))
      || (to_text != NULL && !parse_date (admin, to_text, &query.to, &error)))
    return fail (error);
  if (from_text != NULL && to_text != NULL && g_date_compare (&query.from, &query.to) > 0)
    {
      set_invalid (&error, "--from is after --to");
      return fail (error);
    }
  query.kiosk_id = kiosk;

  if (!admin_open_store (admin, &error))
    return fail (error);
  rows = sportello_store_query_stats (admin->store, &query, &error);
  if (rows == NULL)
    return fail (error);
  sportello_stats_suppress (rows, threshold);

  if (format != NULL && g_str_equal (format, "json"))
    out = sportello_stats_to_json (rows, query.by, threshold);
  else
    out = sportello_stats_to_csv (rows, query.by, threshold);
  g_print ("%s%s", out, g_str_has_suffix (out, "\n") ? "" : "\n");
  return ADMIN_EXIT_OK;
}

static int
cmd_purge (Admin  *admin,
           char  **args)
{
  g_autoptr(GError) error = NULL;
  int days = G_MININT;
  int purged;
  GDate before;
  const GOptionEntry entries[] = {
    { "older-than", 0, 0, G_OPTION_ARG_INT, &days,
      "Purge tickets dated more than DAYS days ago (default: RetentionDays of the desk)", "DAYS" },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_command (admin, &args, "purge",
                      "Clears the phone numbers and notes of old tickets; prints how many.",
                      entries, &error)
      || !check_arg_count (args, 0, "purge", &error)
      || !admin_load_data (admin, &error))
    return fail (error);
  if (days == G_MININT)
    days = sportello_desk_get_retention_days (admin->desk);
  if (days < 0)
    {
      set_invalid (&error, "--older-than needs 0 or more days");
      return fail (error);
    }
  if (!admin_open_store (admin, &error))
    return fail (error);

  admin_get_today (admin, &before);
  g_date_subtract_days (&before, (guint) days);
  purged = sportello_store_purge (admin->store, &before, &error);
  if (purged < 0)
    return fail (error);
  g_print ("%d\n", purged);
  return ADMIN_EXIT_OK;
}

static int
cmd_operator (Admin  *admin,
              char  **args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  const char *sub;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "Display name (operator add)", "NAME" },
    G_OPTION_ENTRY_NULL
  };

  if (!parse_command (admin, &args, "operator add|remove|reset-pin|list [ID]",
                      "Manages operators.  add and reset-pin read the PIN (4 to 12 digits) as one\n"
                      "line from standard input, never from the command line.",
                      entries, &error))
    return fail (error);

  sub = args[1];
  if (g_strcmp0 (sub, "list") == 0)
    {
      g_autoptr(GPtrArray) ids = NULL;

      if (g_strv_length (args) != 2)
        return fail_usage ("usage: operator list (see 'operator --help')");
      if (!admin_open_store (admin, &error))
        return fail (error);
      ids = sportello_store_list_operators (admin->store, &error);
      if (ids == NULL)
        return fail (error);
      for (guint i = 0; i < ids->len; i++)
        g_print ("%s\n", (const char *) g_ptr_array_index (ids, i));
      return ADMIN_EXIT_OK;
    }

  if (g_strcmp0 (sub, "add") != 0 && g_strcmp0 (sub, "remove") != 0
      && g_strcmp0 (sub, "reset-pin") != 0)
    return fail_usage ("usage: operator add|remove|reset-pin|list [ID] (see 'operator --help')");
  if (g_strv_length (args) != 3)
    return fail_usage ("usage: operator %s ID (see 'operator --help')", sub);
  if (name != NULL && !g_str_equal (sub, "add"))
    return fail_usage ("operator: --name goes with 'operator add' only");
  if (!check_operator_id (args[2], &error))
    return fail (error);

  if (g_str_equal (sub, "remove"))
    {
      if (!admin_open_store (admin, &error)
          || !sportello_store_remove_operator (admin->store, args[2], &error))
        return fail (error);
      g_print ("operator %s removed\n", args[2]);
    }
  else
    {
      g_autoptr(GError) local_error = NULL;
      char *pin = read_pin (&local_error);
      g_autofree char *hash = NULL;
      gboolean ok;

      if (pin == NULL)
        return fail (local_error);
      hash = sportello_pin_hash (pin, &local_error);
      free_pin (pin);
      if (hash == NULL || !admin_open_store (admin, &local_error))
        return fail (local_error);
      if (g_str_equal (sub, "add"))
        ok = sportello_store_add_operator (admin->store, args[2], name != NULL ? name : args[2],
                                           hash, &local_error);
      else
        ok = sportello_store_set_pin_hash (admin->store, args[2], hash, &local_error);
      if (!ok)
        return fail (local_error);
      g_print ("operator %s %s\n", args[2], g_str_equal (sub, "add") ? "added" : "has a new PIN");
    }
  return ADMIN_EXIT_OK;
}

static const AdminCommand commands[] = {
  { "catalog", cmd_catalog, "catalog validate" },
  { "services", cmd_services, "services" },
  { "today", cmd_today, "today" },
  { "slots", cmd_slots, "slots SERVICE DATE" },
  { "book", cmd_book, "book SERVICE DATE [--time HH:MM] [--language CODE] [--mediator] [--phone NUMBER] [--kiosk ID]" },
  { "walk-in", cmd_walk_in, "walk-in SERVICE [--language CODE] [--mediator]" },
  { "check-in", cmd_check_in, "check-in CODE" },
  { "queue", cmd_queue, "queue [--date DATE] [--service ID] [--format text|csv|json]" },
  { "set-state", cmd_set_state, "set-state CODE STATE [--date DATE] --operator ID [--counter N] [--professional P] [--note TEXT]" },
  { "call-next", cmd_call_next, "call-next --operator ID --counter N [--service ID ...]" },
  { "close-day", cmd_close_day, "close-day [--date DATE] --operator ID" },
  { "stats", cmd_stats, "stats [--from DATE] [--to DATE] [--kiosk ID] [--by DIMENSION] [--format csv|json] [--threshold N]" },
  { "purge", cmd_purge, "purge [--older-than DAYS]" },
  { "operator", cmd_operator, "operator add ID [--name NAME] | remove ID | reset-pin ID | list" },
};

static char *
describe_commands (void)
{
  GString *text = g_string_new ("Commands (each has --help):\n");

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "  %s\n", commands[i].synopsis);
  g_string_append (text,
                   "\nExit status: 0 ok, 1 bad input or refused, 2 usage, 3 no place left,\n"
                   "4 database unavailable (read-only, full, locked too long).");
  return g_string_free (text, FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;
  g_autofree char *description = NULL;
  Admin admin = { 0 };
  const AdminCommand *command = NULL;
  int status;

  /* A file-size limit becomes an error the store reports, not a kill. */
  signal (SIGXFSZ, SIG_IGN);
  sportello_locale_init ();
  g_set_prgname ("sportello-admin");

  context = g_option_context_new ("COMMAND [ARGUMENT…]");
  g_option_context_set_summary (context,
                                "Staff tool of Sportello: catalogue, bookings, queue, statistics, operators.");
  description = describe_commands ();
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, global_entries, NULL);
  /* Options after the command belong to the command. */
  g_option_context_set_strict_posix (context, TRUE);

  args = g_strdupv (argv);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      status = fail (error);
      goto out;
    }
  if (args[1] == NULL)
    {
      status = fail_usage ("no command given (see 'sportello-admin --help')");
      goto out;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (args[1], commands[i].name))
      command = &commands[i];
  if (command == NULL)
    {
      status = fail_usage ("unknown command '%s' (see 'sportello-admin --help')", args[1]);
      goto out;
    }

  {
    /* The command parses its own copy, starting at its name. */
    g_auto(GStrv) command_args = g_strdupv (args + 1);

    status = command->run (&admin, command_args);
  }

  if (fflush (stdout) != 0 || ferror (stdout))
    {
      print_error_line ("cannot write to standard output");
      if (status == ADMIN_EXIT_OK)
        status = ADMIN_EXIT_REFUSED;
    }

out:
  g_clear_object (&admin.store);
  g_clear_object (&admin.desk);
  g_clear_object (&admin.catalog);
  g_free (admin.data_dir);
  g_free (admin.db_path);
  g_clear_pointer (&opt_db, g_free);
  g_clear_pointer (&opt_data, g_free);
  return status;
}
