/* main.c: sportello-stats, the statistics window, and its exports for scripts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <locale.h>
#include <pango/pangocairo.h>
#include <stdlib.h>

#include "sportello.h"
#include "sportello-stats-pdf.h"
#include "sportello-stats-window.h"

typedef struct
{
  SportelloStore      *store;
  SportelloCatalog    *catalog;
  SportelloDesk       *desk;
  SportelloPeriodKind  kind;
  GDate                day;
  int                  threshold;
} Options;

static gboolean
parse_day (const char *text,
           GDate      *out)
{
  int y, m, d;
  char tail;

  if (sscanf (text, "%d-%d-%d%c", &y, &m, &d, &tail) != 3 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_clear (out, 1);
  g_date_set_dmy (out, d, m, y);
  return TRUE;
}

static gboolean
parse_month (const char *text,
             GDate      *out)
{
  int y, m;
  char tail;

  if (sscanf (text, "%d-%d%c", &y, &m, &tail) != 2 || !g_date_valid_dmy (1, m, y))
    return FALSE;
  g_date_clear (out, 1);
  g_date_set_dmy (out, 1, m, y);
  return TRUE;
}

/* Catalog and desk make labels readable; without them keys are shown raw. */
static void
load_names (const char *data_option,
            Options    *options)
{
  g_autofree char *data_dir = sportello_paths_data_dir (data_option);
  g_autofree char *desk_path = g_build_filename (data_dir, "desk.ini", NULL);
  g_autoptr(GError) error = NULL;

  options->catalog = sportello_catalog_load (data_dir, NULL, &error);
  if (options->catalog == NULL)
    {
      g_printerr (_("sportello-stats: catalogue not loaded, showing raw ids: %s\n"),
                  error->message);
      g_clear_error (&error);
    }
  if (g_file_test (desk_path, G_FILE_TEST_EXISTS))
    {
      options->desk = sportello_desk_load (desk_path, options->catalog, NULL, &error);
      if (options->desk == NULL)
        g_printerr (_("sportello-stats: %s: %s\n"), desk_path, error->message);
    }
}

static gboolean
write_exports (Options     *options,
               const char  *kiosk_id,
               const char  *pdf_path,
               const char  *csv_path,
               const char  *json_path,
               GError     **error)
{
  g_autoptr(SportelloStatsReport) report = NULL;
  g_autoptr(SportelloStatsNames) names = NULL;
  GDate from, to;

  sportello_period_around (options->kind, &options->day, &from, &to);
  report = sportello_stats_report_query (options->store, &from, &to, kiosk_id,
                                         options->threshold, error);
  if (report == NULL)
    return FALSE;

  if (csv_path != NULL)
    {
      g_autofree char *csv = sportello_stats_report_to_csv (report);

      if (!g_file_set_contents (csv_path, csv, -1, error))
        return FALSE;
    }
  if (json_path != NULL)
    {
      g_autofree char *json = sportello_stats_report_to_json (report);

      if (!g_file_set_contents (json_path, json, -1, error))
        return FALSE;
    }
  if (pdf_path != NULL)
    {
      names = sportello_stats_names_new (options->catalog, options->desk);
      if (!sportello_stats_pdf_write (report, names, NULL, pdf_path, error))
        return FALSE;
    }
  return TRUE;
}

static void
on_activate_cb (GApplication *app,
                gpointer      user_data)
{
  Options *options = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (sportello_stats_window_new (ADW_APPLICATION (app), options->store,
                                                     sportello_stats_names_new (options->catalog,
                                                                                options->desk),
                                                     options->kind, &options->day,
                                                     options->threshold));
  gtk_window_present (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *db_option = NULL;
  g_autofree char *data_option = NULL;
  g_autofree char *month = NULL;
  g_autofree char *day = NULL;
  g_autofree char *period = NULL;
  g_autofree char *kiosk_id = NULL;
  g_autofree char *pdf_path = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *db_path = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdwApplication) app = NULL;
  Options options = { 0, };
  int threshold = SPORTELLO_STATS_DEFAULT_THRESHOLD;
  int status;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_option, N_("Database file"), N_("FILE") },
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_option, N_("Catalogue folder"), N_("DIR") },
    { "threshold", 0, 0, G_OPTION_ARG_INT, &threshold, N_("Hide figures below N (default 5)"), "N" },
    { "month", 0, 0, G_OPTION_ARG_STRING, &month, N_("Show or export a month"), "YYYY-MM" },
    { "day", 0, 0, G_OPTION_ARG_STRING, &day, N_("Show or export the period holding this day"), "YYYY-MM-DD" },
    { "period", 0, 0, G_OPTION_ARG_STRING, &period, N_("Length of the period: day, week or month"), N_("KIND") },
    { "kiosk", 0, 0, G_OPTION_ARG_STRING, &kiosk_id, N_("Only this kiosk (exports)"), N_("ID") },
    { "export-pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf_path, N_("Write the report as PDF and quit"), N_("FILE") },
    { "export-csv", 0, 0, G_OPTION_ARG_FILENAME, &csv_path, N_("Write the figures as CSV and quit"), N_("FILE") },
    { "export-json", 0, 0, G_OPTION_ARG_FILENAME, &json_path, N_("Write the figures as JSON and quit"), N_("FILE") },
    { NULL }
  };

  sportello_locale_init ();
  textdomain (STAFF_GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Anonymous usage figures of the kiosk."));
  g_option_context_add_main_entries (context, entries, STAFF_GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("sportello-stats: %s\n", error->message);
      return 2;
    }

  if (threshold < SPORTELLO_REPORT_MIN_THRESHOLD || threshold > SPORTELLO_REPORT_MAX_THRESHOLD)
    {
      g_printerr (_("sportello-stats: --threshold must be between %d and %d\n"),
                  SPORTELLO_REPORT_MIN_THRESHOLD, SPORTELLO_REPORT_MAX_THRESHOLD);
      return 2;
    }
  options.threshold = threshold;

  options.kind = SPORTELLO_PERIOD_MONTH;
  if (period != NULL)
    {
      if (g_str_equal (period, "day"))
        options.kind = SPORTELLO_PERIOD_DAY;
      else if (g_str_equal (period, "week"))
        options.kind = SPORTELLO_PERIOD_WEEK;
      else if (g_str_equal (period, "month"))
        options.kind = SPORTELLO_PERIOD_MONTH;
      else
        {
          g_printerr (_("sportello-stats: --period is day, week or month, not “%s”\n"), period);
          return 2;
        }
    }

  g_date_clear (&options.day, 1);
  if (month != NULL && day != NULL)
    {
      g_printerr (_("sportello-stats: give --month or --day, not both\n"));
      return 2;
    }
  if (month != NULL)
    {
      if (!parse_month (month, &options.day))
        {
          g_printerr (_("sportello-stats: --month wants YYYY-MM, for example 2026-03, not “%s”\n"),
                      month);
          return 2;
        }
      options.kind = SPORTELLO_PERIOD_MONTH;
    }
  else if (day != NULL)
    {
      if (!parse_day (day, &options.day))
        {
          g_printerr (_("sportello-stats: --day wants YYYY-MM-DD, not “%s”\n"), day);
          return 2;
        }
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      g_date_set_dmy (&options.day, g_date_time_get_day_of_month (now),
                      g_date_time_get_month (now), g_date_time_get_year (now));
    }

  db_path = sportello_paths_db (db_option);
  options.store = sportello_sqlite_store_new (db_path, &error);
  if (options.store == NULL)
    {
      g_printerr (_("sportello-stats: cannot open %s: %s\n"), db_path, error->message);
      return 1;
    }
  load_names (data_option, &options);

  if (pdf_path != NULL || csv_path != NULL || json_path != NULL)
    {
      status = 0;
      if (!write_exports (&options, kiosk_id, pdf_path, csv_path, json_path, &error))
        {
          g_printerr ("sportello-stats: %s\n", error->message);
          status = 1;
        }
      /* Hand back the fonts cairo and Pango keep for the process, so that
       * leak checkers see a clean exit of the command-line export. */
      pango_cairo_font_map_set_default (NULL);
      cairo_debug_reset_static_data ();
    }
  else
    {
      app = adw_application_new ("org.sportello.Stats", G_APPLICATION_NON_UNIQUE);
      g_signal_connect (app, "activate", G_CALLBACK (on_activate_cb), &options);
      sportello_quit_on_signals (G_APPLICATION (app));
      status = g_application_run (G_APPLICATION (app), 1, argv);
    }

  g_clear_object (&options.store);
  g_clear_object (&options.catalog);
  g_clear_object (&options.desk);
  return status;
}
