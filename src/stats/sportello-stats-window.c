/* sportello-stats-window.c: the statistics window for communication staff
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sportello-stats-window.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "sportello-stats-pdf.h"

struct _SportelloStatsWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwWindowTitle       *window_title;
  GtkDropDown          *period_dropdown;
  GtkLabel             *period_label;
  GtkWidget            *custom_box;
  GtkEntry             *from_entry;
  GtkEntry             *to_entry;
  GtkDropDown          *kiosk_dropdown;
  GtkStringList        *kiosk_list;
  GtkSpinButton        *threshold_spin;
  GtkLabel             *total_label;
  GtkLabel             *status_label;
  GtkFlowBox           *chart_box;

  GtkWidget            *areas[SPORTELLO_REPORT_N_TABLES];

  SportelloStore       *store;
  SportelloStatsNames  *names;
  SportelloStatsReport *report;
  GCancellable         *cancellable;
  GtkNativeDialog      *chooser;

  SportelloPeriodKind   kind;
  GDate                 from;
  GDate                 to;
  char                 *kiosk_id;
  int                   threshold;
  guint                 filling_kiosks : 1;
};

G_DEFINE_FINAL_TYPE (SportelloStatsWindow, sportello_stats_window, ADW_TYPE_APPLICATION_WINDOW)

typedef enum
{
  EXPORT_CSV,
  EXPORT_JSON,
  EXPORT_PDF,
} ExportKind;

/* One request to the store, run on a worker thread. */
typedef struct
{
  GDate                from;
  GDate                to;
  char                *kiosk_id;
  int                  threshold;
  char                *pdf_path;   /* set for a PDF export */
  SportelloStatsNames *names;      /* borrowed: the window outlives the job */
} Job;

static void
job_free (Job *job)
{
  g_free (job->kiosk_id);
  g_free (job->pdf_path);
  g_free (job);
}

static Job *
job_new (SportelloStatsWindow *self)
{
  Job *job = g_new0 (Job, 1);

  job->from = self->from;
  job->to = self->to;
  job->kiosk_id = g_strdup (self->kiosk_id);
  job->threshold = self->threshold;
  job->names = self->names;
  return job;
}

void
sportello_period_around (SportelloPeriodKind  kind,
                         const GDate         *date,
                         GDate               *out_from,
                         GDate               *out_to)
{
  *out_from = *date;
  *out_to = *date;

  switch (kind)
    {
    case SPORTELLO_PERIOD_WEEK:
      g_date_subtract_days (out_from, g_date_get_weekday (date) - G_DATE_MONDAY);
      *out_to = *out_from;
      g_date_add_days (out_to, 6);
      break;
    case SPORTELLO_PERIOD_MONTH:
      g_date_set_day (out_from, 1);
      g_date_set_day (out_to, g_date_get_days_in_month (g_date_get_month (date),
                                                         g_date_get_year (date)));
      break;
    case SPORTELLO_PERIOD_DAY:
    case SPORTELLO_PERIOD_CUSTOM:
    default:
      break;
    }
}

void
sportello_period_step (SportelloPeriodKind  kind,
                       int                  direction,
                       GDate               *from,
                       GDate               *to)
{
  GDate day = *from;
  int length = g_date_days_between (from, to) + 1;

  switch (kind)
    {
    case SPORTELLO_PERIOD_MONTH:
      if (direction < 0)
        g_date_subtract_months (&day, 1);
      else
        g_date_add_months (&day, 1);
      sportello_period_around (kind, &day, from, to);
      break;
    case SPORTELLO_PERIOD_DAY:
    case SPORTELLO_PERIOD_WEEK:
    case SPORTELLO_PERIOD_CUSTOM:
    default:
      if (direction < 0)
        {
          g_date_subtract_days (from, length);
          g_date_subtract_days (to, length);
        }
      else
        {
          g_date_add_days (from, length);
          g_date_add_days (to, length);
        }
      break;
    }
}

static gboolean
parse_iso_date (const char *text,
                GDate      *out)
{
  int y, m, d;
  char tail;

  if (text == NULL || sscanf (text, "%d-%d-%d%c", &y, &m, &d, &tail) != 3
      || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_clear (out, 1);
  g_date_set_dmy (out, d, m, y);
  return TRUE;
}

static char *
iso_date (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date),
                          g_date_get_month (date), g_date_get_day (date));
}

static void
set_status (SportelloStatsWindow *self,
            const char           *text)
{
  gtk_label_set_text (self->status_label, text != NULL ? text : "");
}

static gpointer
query_report (SportelloStore  *store,
              gpointer         user_data,
              GCancellable    *cancellable,
              GError         **error)
{
  Job *job = user_data;

  return sportello_stats_report_query (store, &job->from, &job->to, job->kiosk_id,
                                       job->threshold, error);
}

static gpointer
write_pdf (SportelloStore  *store,
           gpointer         user_data,
           GCancellable    *cancellable,
           GError         **error)
{
  Job *job = user_data;
  g_autoptr(SportelloStatsReport) report = NULL;

  report = sportello_stats_report_query (store, &job->from, &job->to, job->kiosk_id,
                                         job->threshold, error);
  if (report == NULL)
    return NULL;
  if (!sportello_stats_pdf_write (report, job->names, NULL, job->pdf_path, error))
    return NULL;
  return g_strdup (job->pdf_path);
}

static gpointer
list_kiosks (SportelloStore  *store,
             gpointer         user_data,
             GCancellable    *cancellable,
             GError         **error)
{
  return sportello_stats_report_list_kiosks (store, error);
}

static void
update_period_label (SportelloStatsWindow *self)
{
  g_autofree char *period = sportello_stats_format_period (&self->from, &self->to);
  g_autofree char *from = iso_date (&self->from);
  g_autofree char *to = iso_date (&self->to);

  gtk_label_set_text (self->period_label, period);
  adw_window_title_set_subtitle (self->window_title, period);
  if (self->kind != SPORTELLO_PERIOD_CUSTOM)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from);
      gtk_editable_set_text (GTK_EDITABLE (self->to_entry), to);
    }
}

static void
show_report (SportelloStatsWindow *self)
{
  g_autofree char *total = NULL;
  g_autofree char *text = NULL;

  total = sportello_stats_report_format_total (self->report);
  /* Translators: %s is a number of sessions, or "< 5" */
  text = g_strdup_printf (_("Sessions: %s"), total);
  gtk_label_set_text (self->total_label, text);

  for (guint t = 0; t < SPORTELLO_REPORT_N_TABLES; t++)
    {
      g_autofree char *description = sportello_stats_chart_describe (self->report, self->names, t);

      gtk_accessible_update_property (GTK_ACCESSIBLE (self->areas[t]),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                      -1);
      gtk_widget_queue_draw (self->areas[t]);
    }
}

static void
on_report_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(SportelloStatsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  SportelloStatsReport *report;

  report = sportello_store_run_finish (SPORTELLO_STORE (source), result, &error);
  if (report == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_status (self, error->message);
      return;
    }
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      sportello_stats_report_free (report);
      return;
    }

  g_clear_pointer (&self->report, sportello_stats_report_free);
  self->report = report;
  set_status (self, NULL);
  show_report (self);
}

static void
reload (SportelloStatsWindow *self)
{
  update_period_label (self);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  set_status (self, _("Loading…"));
  sportello_store_run_async (self->store, query_report, job_new (self),
                             (GDestroyNotify) job_free,
                             (GDestroyNotify) sportello_stats_report_free,
                             self->cancellable, on_report_loaded_cb,
                             g_object_ref (self));
}

static void
on_kiosks_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(SportelloStatsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) kiosks = NULL;

  kiosks = sportello_store_run_finish (SPORTELLO_STORE (source), result, &error);
  if (kiosks == NULL)
    {
      set_status (self, error->message);
      return;
    }

  self->filling_kiosks = TRUE;
  for (guint i = 0; i < kiosks->len; i++)
    gtk_string_list_append (self->kiosk_list, g_ptr_array_index (kiosks, i));
  self->filling_kiosks = FALSE;
}

static void
draw_chart (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  SportelloStatsWindow *self = user_data;
  SportelloReportTable table = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (area), "table"));

  if (self->report == NULL)
    return;
  sportello_stats_chart_draw (cr, self->report, self->names, table, width, height);
}

static void
on_period_dropdown_selected_cb (SportelloStatsWindow *self)
{
  SportelloPeriodKind kind = gtk_drop_down_get_selected (self->period_dropdown);
  GDate day = self->from;

  if (kind > SPORTELLO_PERIOD_CUSTOM)
    return;
  self->kind = kind;
  gtk_widget_set_visible (self->custom_box, kind == SPORTELLO_PERIOD_CUSTOM);
  if (kind == SPORTELLO_PERIOD_CUSTOM)
    return;
  sportello_period_around (kind, &day, &self->from, &self->to);
  reload (self);
}

static void
on_apply_button_clicked_cb (SportelloStatsWindow *self)
{
  GDate from, to;

  if (!parse_iso_date (gtk_editable_get_text (GTK_EDITABLE (self->from_entry)), &from)
      || !parse_iso_date (gtk_editable_get_text (GTK_EDITABLE (self->to_entry)), &to))
    {
      set_status (self, _("Write both days as YYYY-MM-DD, for example 2026-03-02."));
      return;
    }
  if (g_date_compare (&from, &to) > 0)
    {
      set_status (self, _("The first day comes after the last day."));
      return;
    }
  self->from = from;
  self->to = to;
  reload (self);
}

static void
on_kiosk_dropdown_selected_cb (SportelloStatsWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->kiosk_dropdown);

  if (self->filling_kiosks)
    return;
  g_clear_pointer (&self->kiosk_id, g_free);
  if (selected > 0 && selected != GTK_INVALID_LIST_POSITION)
    self->kiosk_id = g_strdup (gtk_string_list_get_string (self->kiosk_list, selected));
  reload (self);
}

static void
on_threshold_changed_cb (SportelloStatsWindow *self)
{
  int threshold = gtk_spin_button_get_value_as_int (self->threshold_spin);

  if (threshold == self->threshold)
    return;
  self->threshold = threshold;
  reload (self);
}

static void
on_pdf_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SportelloStatsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  path = sportello_store_run_finish (SPORTELLO_STORE (source), result, &error);
  if (path == NULL)
    {
      set_status (self, error->message);
      return;
    }
  text = g_strdup_printf (_("Report saved to %s"), path);
  set_status (self, text);
}

static void
export_to (SportelloStatsWindow *self,
           ExportKind            kind,
           const char           *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  Job *job;

  if (kind == EXPORT_PDF)
    {
      set_status (self, _("Writing the report…"));
      job = job_new (self);
      job->pdf_path = g_strdup (path);
      sportello_store_run_async (self->store, write_pdf, job, (GDestroyNotify) job_free,
                                 g_free, NULL, on_pdf_written_cb, g_object_ref (self));
      return;
    }

  if (self->report == NULL)
    {
      set_status (self, _("The figures are still loading; try again in a moment."));
      return;
    }
  contents = kind == EXPORT_CSV ? sportello_stats_report_to_csv (self->report)
                                : sportello_stats_report_to_json (self->report);
  if (!g_file_set_contents (path, contents, -1, &error))
    {
      set_status (self, error->message);
      return;
    }
  text = g_strdup_printf (_("Figures saved to %s"), path);
  set_status (self, text);
}

static void
on_chooser_response_cb (GtkNativeDialog *dialog,
                        int              response,
                        gpointer         user_data)
{
  SportelloStatsWindow *self = user_data;
  ExportKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "kind"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        export_to (self, kind, path);
      else
        set_status (self, _("Choose a local file to save to."));
    }
  g_clear_object (&self->chooser);
}

static void
export_activated (SportelloStatsWindow *self,
                  ExportKind            kind)
{
  GtkFileChooserNative *chooser;
  g_autofree char *from = iso_date (&self->from);
  g_autofree char *to = iso_date (&self->to);
  g_autofree char *name = NULL;
  g_autoptr(GFile) folder = NULL;
  const char *extension = kind == EXPORT_CSV ? "csv" : kind == EXPORT_JSON ? "json" : "pdf";
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  if (self->chooser != NULL)
    return;

  chooser = gtk_file_chooser_native_new (kind == EXPORT_PDF ? _("Save Report") : _("Export Figures"),
                                         GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  name = g_date_compare (&self->from, &self->to) == 0
           ? g_strdup_printf ("sportello-%s.%s", from, extension)
           : g_strdup_printf ("sportello-%s-%s.%s", from, to, extension);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  folder = g_file_new_for_path (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR)
                                  ? documents : g_get_home_dir ());
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "kind", GINT_TO_POINTER (kind));
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  export_activated (SPORTELLO_STATS_WINDOW (widget), EXPORT_CSV);
}

static void
export_json_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  export_activated (SPORTELLO_STATS_WINDOW (widget), EXPORT_JSON);
}

static void
export_pdf_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  export_activated (SPORTELLO_STATS_WINDOW (widget), EXPORT_PDF);
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SportelloStatsWindow *self = SPORTELLO_STATS_WINDOW (widget);

  sportello_period_step (self->kind, g_str_equal (action_name, "win.previous") ? -1 : 1,
                         &self->from, &self->to);
  reload (self);
}

static void
sportello_stats_window_dispose (GObject *object)
{
  SportelloStatsWindow *self = SPORTELLO_STATS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), SPORTELLO_TYPE_STATS_WINDOW);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (sportello_stats_window_parent_class)->dispose (object);
}

static void
sportello_stats_window_finalize (GObject *object)
{
  SportelloStatsWindow *self = SPORTELLO_STATS_WINDOW (object);

  g_clear_pointer (&self->report, sportello_stats_report_free);
  g_clear_pointer (&self->names, sportello_stats_names_free);
  g_free (self->kiosk_id);

  G_OBJECT_CLASS (sportello_stats_window_parent_class)->finalize (object);
}

static void
sportello_stats_window_class_init (SportelloStatsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sportello_stats_window_dispose;
  object_class->finalize = sportello_stats_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sportello/Stats/sportello-stats-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SportelloStatsWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SportelloStatsWindow, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SportelloStatsWindow, period_label);
  gtk_widget_class_bind_template_child (widget_class, SportelloStatsWindow, custom_box);
  gtk_widget_class_bind_template_child (widget_class, SportelloStatsWindow, from_entry);
  gtk_widget_class_bind_template_child (widget_class, SportelloStatsWindow, to_entry);
  gtk_widget_class_bind_template_child (widget_class, SportelloStatsWindow, kiosk_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SportelloStatsWindow, kiosk_list);
  gtk_widget_class_bind_template_child (widget_class, SportelloStatsWindow, threshold_spin);
  gtk_widget_class_bind_template_child (widget_class, SportelloStatsWindow, total_label);
  gtk_widget_class_bind_template_child (widget_class, SportelloStatsWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, SportelloStatsWindow, chart_box);
  gtk_widget_class_bind_template_callback (widget_class, on_apply_button_clicked_cb);

  gtk_widget_class_install_action (widget_class, "win.previous", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "win.next", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "win.export-csv", NULL, export_csv_action);
  gtk_widget_class_install_action (widget_class, "win.export-json", NULL, export_json_action);
  gtk_widget_class_install_action (widget_class, "win.export-pdf", NULL, export_pdf_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "win.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "win.next", NULL);
}

static void
sportello_stats_window_init (SportelloStatsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (self->kiosk_list, _("All kiosks"));

  for (guint t = 0; t < SPORTELLO_REPORT_N_TABLES; t++)
    {
      GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
      GtkWidget *title = gtk_label_new (sportello_stats_chart_get_title (t));
      GtkWidget *area = gtk_drawing_area_new ();

      gtk_widget_add_css_class (card, "chart-card");
      gtk_widget_add_css_class (title, "chart-title");
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 520);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area),
                                           t == SPORTELLO_REPORT_SERVICE ? 360 : 300);
      gtk_widget_set_vexpand (area, TRUE);
      g_object_set_data (G_OBJECT (area), "table", GINT_TO_POINTER (t));
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_chart, self, NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (area),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      sportello_stats_chart_get_title (t), -1);
      gtk_box_append (GTK_BOX (card), title);
      gtk_box_append (GTK_BOX (card), area);
      gtk_flow_box_append (self->chart_box, card);
      self->areas[t] = area;
    }
}

SportelloStatsWindow *
sportello_stats_window_new (AdwApplication      *application,
                            SportelloStore      *store,
                            SportelloStatsNames *names,
                            SportelloPeriodKind  kind,
                            const GDate         *day,
                            int                  threshold)
{
  SportelloStatsWindow *self;

  g_return_val_if_fail (SPORTELLO_IS_STORE (store), NULL);
  g_return_val_if_fail (day != NULL && g_date_valid (day), NULL);

  self = g_object_new (SPORTELLO_TYPE_STATS_WINDOW, "application", application, NULL);
  self->store = g_object_ref (store);
  self->names = names;
  self->kind = kind;
  self->threshold = threshold;
  sportello_period_around (kind, day, &self->from, &self->to);

  gtk_drop_down_set_selected (self->period_dropdown, kind);
  gtk_widget_set_visible (self->custom_box, kind == SPORTELLO_PERIOD_CUSTOM);
  gtk_spin_button_set_value (self->threshold_spin, threshold);

  /* Connected only now, so setting the initial values loads nothing. */
  g_signal_connect_swapped (self->period_dropdown, "notify::selected",
                            G_CALLBACK (on_period_dropdown_selected_cb), self);
  g_signal_connect_swapped (self->kiosk_dropdown, "notify::selected",
                            G_CALLBACK (on_kiosk_dropdown_selected_cb), self);
  g_signal_connect_swapped (self->threshold_spin, "value-changed",
                            G_CALLBACK (on_threshold_changed_cb), self);

  sportello_store_run_async (self->store, list_kiosks, NULL, NULL,
                             (GDestroyNotify) g_ptr_array_unref, NULL,
                             on_kiosks_loaded_cb, g_object_ref (self));
  reload (self);

  return self;
}
