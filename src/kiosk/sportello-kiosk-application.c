/* sportello-kiosk-application.c
 *
 * Reads the options, loads the catalogue and the desk configuration and
 * opens the one fullscreen window.  The store is opened by the window, off
 * the main thread, so a slow or missing database never delays the first frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sportello-kiosk-application.h"

#include <glib/gi18n.h>

#include "sportello.h"
#include "sportello-kiosk-window.h"

struct _SportelloKioskApplication
{
  GtkApplication    parent_instance;

  gboolean          windowed;
  char             *kiosk_id;
  char             *data_dir;
  char             *db_path;
  int               idle_timeout;
  int               idle_countdown;

  SportelloCatalog *catalog;
  SportelloDesk    *desk;
};

G_DEFINE_FINAL_TYPE (SportelloKioskApplication, sportello_kiosk_application, GTK_TYPE_APPLICATION)

#define DEFAULT_IDLE_TIMEOUT 60
#define DEFAULT_IDLE_COUNTDOWN 20

GResource *sportello_kiosk_get_resource (void);

static int
seconds_from_env (const char *variable,
                  int         fallback)
{
  const char *value = g_getenv (variable);
  gint64 seconds;

  if (value == NULL || *value == '\0')
    return fallback;
  if (!g_ascii_string_to_signed (value, 10, 1, 24 * 3600, &seconds, NULL))
    {
      g_printerr ("sportello: ignoring %s=%s: not a number of seconds\n", variable, value);
      return fallback;
    }
  return (int) seconds;
}

static void
print_problems (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *text = sportello_problem_format (g_ptr_array_index (problems, i));
      g_printerr ("sportello: %s\n", text);
    }
  g_ptr_array_set_size (problems, 0);
}

static gboolean
load (SportelloKioskApplication  *self,
      GError                    **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) sportello_problem_free);
  g_autofree char *data_dir = sportello_paths_data_dir (self->data_dir);
  g_autofree char *desk_path = g_build_filename (data_dir, "desk.ini", NULL);

  self->catalog = sportello_catalog_load (data_dir, problems, error);
  print_problems (problems);
  if (self->catalog == NULL)
    return FALSE;

  self->desk = sportello_desk_load (desk_path, self->catalog, problems, error);
  print_problems (problems);
  if (self->desk == NULL)
    return FALSE;

  if (sportello_catalog_get_default_language (self->catalog) == NULL)
    {
      g_set_error (error, SPORTELLO_CATALOG_ERROR, SPORTELLO_CATALOG_ERROR_INVALID,
                   "%s/languages.ini: no language", data_dir);
      return FALSE;
    }
  return TRUE;
}

static int
sportello_kiosk_application_handle_local_options (GApplication *app,
                                                  GVariantDict *options)
{
  SportelloKioskApplication *self = SPORTELLO_KIOSK_APPLICATION (app);
  int seconds;

  self->windowed = g_variant_dict_contains (options, "windowed");
  g_variant_dict_lookup (options, "kiosk", "s", &self->kiosk_id);
  g_variant_dict_lookup (options, "data", "^ay", &self->data_dir);
  g_variant_dict_lookup (options, "db", "^ay", &self->db_path);

  self->idle_timeout = seconds_from_env ("SPORTELLO_IDLE_TIMEOUT", DEFAULT_IDLE_TIMEOUT);
  self->idle_countdown = seconds_from_env ("SPORTELLO_IDLE_COUNTDOWN", DEFAULT_IDLE_COUNTDOWN);
  if (g_variant_dict_lookup (options, "idle-timeout", "i", &seconds))
    {
      if (seconds < 1)
        {
          g_printerr ("sportello: --idle-timeout must be at least 1 second\n");
          return 1;
        }
      self->idle_timeout = seconds;
    }
  if (g_variant_dict_lookup (options, "idle-countdown", "i", &seconds))
    {
      if (seconds < 1)
        {
          g_printerr ("sportello: --idle-countdown must be at least 1 second\n");
          return 1;
        }
      self->idle_countdown = seconds;
    }

  return -1;
}

static void
load_css (const char *resource,
          int         priority)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (provider, resource);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              priority);
}

static void
sportello_kiosk_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (sportello_kiosk_application_parent_class)->startup (app);

  /* Referencing the resource keeps it in the static library's link. */
  g_resources_register (sportello_kiosk_get_resource ());

  load_css ("/org/sportello/Kiosk/style.css", GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  load_css ("/org/sportello/Kiosk/high-contrast.css", GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/org/sportello/Kiosk/icons");
  sportello_quit_on_signals (app);
}

static void
sportello_kiosk_application_activate (GApplication *app)
{
  SportelloKioskApplication *self = SPORTELLO_KIOSK_APPLICATION (app);
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  GtkWindow *window;
  const char *kiosk_id;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  if (!load (self, &error))
    {
      g_printerr ("sportello: %s\n", error->message);
      g_application_quit (app);
      return;
    }

  db_path = sportello_paths_db (self->db_path);
  kiosk_id = self->kiosk_id;
  if (kiosk_id == NULL)
    kiosk_id = sportello_desk_get_kiosk_id (self->desk);
  if (kiosk_id == NULL)
    kiosk_id = "kiosk";

  window = sportello_kiosk_window_new (GTK_APPLICATION (app),
                                       self->catalog,
                                       self->desk,
                                       db_path,
                                       kiosk_id,
                                       self->idle_timeout,
                                       self->idle_countdown,
                                       self->windowed);
  gtk_window_present (window);
}

static void
sportello_kiosk_application_finalize (GObject *object)
{
  SportelloKioskApplication *self = SPORTELLO_KIOSK_APPLICATION (object);

  g_clear_object (&self->catalog);
  g_clear_object (&self->desk);
  g_free (self->kiosk_id);
  g_free (self->data_dir);
  g_free (self->db_path);

  G_OBJECT_CLASS (sportello_kiosk_application_parent_class)->finalize (object);
}

static void
sportello_kiosk_application_class_init (SportelloKioskApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = sportello_kiosk_application_finalize;
  app_class->handle_local_options = sportello_kiosk_application_handle_local_options;
  app_class->startup = sportello_kiosk_application_startup;
  app_class->activate = sportello_kiosk_application_activate;
}

static void
sportello_kiosk_application_init (SportelloKioskApplication *self)
{
  static const GOptionEntry entries[] = {
    { "windowed", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Run in a window instead of fullscreen (development)"), NULL },
    { "kiosk", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Kiosk id recorded with bookings and statistics (default: Kiosk= of desk.ini)"), N_("ID") },
    { "data", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Folder of the catalogue and desk.ini"), N_("DIR") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Database file"), N_("PATH") },
    { "idle-timeout", 0, 0, G_OPTION_ARG_INT, NULL,
      N_("Seconds without input before the “Still there?” countdown (default 60)"), N_("SECONDS") },
    { "idle-countdown", 0, 0, G_OPTION_ARG_INT, NULL,
      N_("Seconds of the countdown before the kiosk starts again (default 20)"), N_("SECONDS") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

SportelloKioskApplication *
sportello_kiosk_application_new (void)
{
  return g_object_new (SPORTELLO_TYPE_KIOSK_APPLICATION,
                       "application-id", "org.sportello.Kiosk",
                       "flags", G_APPLICATION_NON_UNIQUE,
                       NULL);
}
