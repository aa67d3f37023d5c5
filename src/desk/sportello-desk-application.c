/* sportello-desk-application.c
 *
 * Opens the store, the catalogue and the desk configuration once, before
 * any window, so that a wrong --db or --data gets a clear message and a
 * non-zero exit instead of an empty window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sportello-desk-application.h"

#include <glib/gi18n.h>

#include "sportello-desk-board.h"
#include "sportello-desk-resources.h"
#include "sportello-desk-window.h"

struct _SportelloDeskApplication
{
  AdwApplication    parent_instance;

  SportelloStore   *store;
  SportelloCatalog *catalog;
  SportelloDesk    *desk;

  gboolean          board;
  gboolean          windowed;
  char             *operator_id;
  char             *audio_file;
};

G_DEFINE_FINAL_TYPE (SportelloDeskApplication, sportello_desk_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "data", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Folder of the catalogue and desk.ini"), N_("DIR") },
  { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Database file"), N_("FILE") },
  { "board", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the waiting-room display board"), NULL },
  { "windowed", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Do not go full screen (for development)"), NULL },
  { "operator", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Operator id to fill in at sign-in"), N_("ID") },
  { "audio-file", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Board: write the chime and announcements to a WAV file instead of the sound card"), N_("FILE") },
  { NULL }
};

static void
print_problems (GPtrArray *problems)
{
  for (unsigned i = 0; i < problems->len; i++)
    {
      g_autofree char *line = sportello_problem_format (g_ptr_array_index (problems, i));

      g_printerr ("%s\n", line);
    }
  g_ptr_array_set_size (problems, 0);
}

static int
sportello_desk_application_handle_local_options (GApplication *app,
                                                 GVariantDict *options)
{
  SportelloDeskApplication *self = SPORTELLO_DESK_APPLICATION (app);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) sportello_problem_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *data_option = NULL;
  g_autofree char *db_option = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *desk_path = NULL;

  g_variant_dict_lookup (options, "data", "^ay", &data_option);
  g_variant_dict_lookup (options, "db", "^ay", &db_option);
  g_variant_dict_lookup (options, "board", "b", &self->board);
  g_variant_dict_lookup (options, "windowed", "b", &self->windowed);
  g_variant_dict_lookup (options, "operator", "s", &self->operator_id);
  g_variant_dict_lookup (options, "audio-file", "^ay", &self->audio_file);

  data_dir = sportello_paths_data_dir (data_option);
  db_path = sportello_paths_db (db_option);

  self->catalog = sportello_catalog_load (data_dir, problems, &error);
  print_problems (problems);
  if (self->catalog == NULL)
    {
      g_printerr (_("Cannot load the catalogue from %s: %s\n"), data_dir, error->message);
      return 1;
    }

  desk_path = g_build_filename (data_dir, "desk.ini", NULL);
  self->desk = sportello_desk_load (desk_path, self->catalog, problems, &error);
  print_problems (problems);
  if (self->desk == NULL)
    {
      g_printerr (_("Cannot load the desk configuration %s: %s\n"), desk_path, error->message);
      return 1;
    }

  self->store = sportello_sqlite_store_new (db_path, &error);
  if (self->store == NULL)
    {
      g_printerr (_("Cannot open the database %s: %s\n"), db_path, error->message);
      return 1;
    }

  return -1;
}

static void
sportello_desk_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (sportello_desk_application_parent_class)->startup (app);

  /* A board runs as a service: systemd stops it with SIGTERM. */
  sportello_quit_on_signals (app);

  {
    static const char *quit[] = { "<Control>q", NULL };

    gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit);
  }
}

static void
on_quit_activated_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
sportello_desk_application_activate (GApplication *app)
{
  SportelloDeskApplication *self = SPORTELLO_DESK_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    {
      if (self->board)
        {
          window = GTK_WINDOW (sportello_desk_board_new (self));
          if (!self->windowed)
            {
              /* A wall screen: no frame, no shadow, whatever the WM says. */
              gtk_window_set_decorated (window, FALSE);
              gtk_window_fullscreen (window);
            }
        }
      else
        window = GTK_WINDOW (sportello_desk_window_new (self, self->operator_id));
    }
  gtk_window_present (window);
}

static void
sportello_desk_application_dispose (GObject *object)
{
  SportelloDeskApplication *self = SPORTELLO_DESK_APPLICATION (object);

  g_clear_object (&self->store);
  g_clear_object (&self->catalog);
  g_clear_object (&self->desk);

  G_OBJECT_CLASS (sportello_desk_application_parent_class)->dispose (object);
}

static void
sportello_desk_application_finalize (GObject *object)
{
  SportelloDeskApplication *self = SPORTELLO_DESK_APPLICATION (object);

  g_free (self->operator_id);
  g_free (self->audio_file);

  G_OBJECT_CLASS (sportello_desk_application_parent_class)->finalize (object);
}

static void
sportello_desk_application_class_init (SportelloDeskApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = sportello_desk_application_dispose;
  object_class->finalize = sportello_desk_application_finalize;
  app_class->handle_local_options = sportello_desk_application_handle_local_options;
  app_class->startup = sportello_desk_application_startup;
  app_class->activate = sportello_desk_application_activate;
}

static void
sportello_desk_application_init (SportelloDeskApplication *self)
{
  static const GActionEntry actions[] = {
    { "quit", on_quit_activated_cb, NULL, NULL, NULL, { 0 } },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("The operators' desk console, or with --board the waiting-room display."));
}

SportelloDeskApplication *
sportello_desk_application_new (void)
{
  sportello_desk_register_resource ();

  /* Non-unique: the console and the board are separate processes on the
   * same session, and several consoles may run side by side. */
  return g_object_new (SPORTELLO_TYPE_DESK_APPLICATION,
                       "application-id", "org.sportello.Desk",
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/org/sportello/Desk",
                       NULL);
}

SportelloStore *
sportello_desk_application_get_store (SportelloDeskApplication *self)
{
  g_return_val_if_fail (SPORTELLO_IS_DESK_APPLICATION (self), NULL);
  return self->store;
}

SportelloCatalog *
sportello_desk_application_get_catalog (SportelloDeskApplication *self)
{
  g_return_val_if_fail (SPORTELLO_IS_DESK_APPLICATION (self), NULL);
  return self->catalog;
}

SportelloDesk *
sportello_desk_application_get_desk (SportelloDeskApplication *self)
{
  g_return_val_if_fail (SPORTELLO_IS_DESK_APPLICATION (self), NULL);
  return self->desk;
}

const char *
sportello_desk_application_get_audio_file (SportelloDeskApplication *self)
{
  g_return_val_if_fail (SPORTELLO_IS_DESK_APPLICATION (self), NULL);
  return self->audio_file;
}
