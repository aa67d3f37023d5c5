/* sportello-kiosk-window.c
 *
 * One window, a stack of screens.  Each screen is built from the model (the
 * catalogue, the desk and this session's state) whenever it is shown, so
 * the live language switch only has to rebuild the screen on display and
 * relabel the bars: every string passes through _() at build time.
 *
 * Store work goes through sportello_store_run_async(); each result checks
 * the session's cancellable, so answers that arrive after an idle reset are
 * dropped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sportello-kiosk-window.h"

#include <glib/gi18n.h>
#include <gtk/gtkunixprint.h>

#include "sportello.h"
#include "sportello-kiosk-keypad.h"
#include "sportello-kiosk-qr.h"
#include "sportello-kiosk-scanner.h"
#ifdef SPORTELLO_KIOSK_HAVE_SPEAKER
#include "sportello-speaker.h"
#endif

#define BOOKING_DAYS 21           /* how far ahead the day list looks */
#define STORE_RECHECK_SECONDS 3   /* how often an unavailable store is retried */
#define GREETING_SECONDS 2
#define CORNER_TAPS 5
#define CORNER_WINDOW_USEC (3 * G_USEC_PER_SEC)
#define LRI "\u2066"
#define PDI "\u2069"

struct _SportelloKioskWindow
{
  GtkApplicationWindow     parent_instance;

  /* template */
  GtkOverlay              *overlay;
  GtkWidget               *statusbar;
  GtkLabel                *desk_label;
  GtkLabel                *demo_label;
  GtkWidget               *topbar;
  GtkButton               *back_button;
  GtkButton               *home_button;
  GtkButton               *text_size_button;
  GtkToggleButton         *contrast_button;
  GtkStack                *stack;
  GtkWidget               *idle_overlay;
  GtkButton               *idle_button;
  GtkLabel                *idle_label;
  GtkLabel                *idle_count_label;

  /* configuration */
  SportelloCatalog        *catalog;
  SportelloDesk           *desk;
  char                    *db_path;
  char                    *kiosk_id;
  int                      idle_timeout;
  int                      idle_countdown;
  gboolean                 windowed;

  /* services */
  SportelloStore          *store;
  gboolean                 store_ok;
  gboolean                 store_checking;
  guint                    store_check_id;
  GCancellable            *cancellable;     /* the session's; reset cancels it */
  GCancellable            *life;            /* the window's */
  char                    *printer_name;
  char                    *camera_source;
  SportelloKioskScanner   *scanner;
#ifdef SPORTELLO_KIOSK_HAVE_SPEAKER
  SportelloSpeaker        *speaker;
#endif

  /* idle and lockdown */
  gint64                   last_input;
  int                      countdown_left;
  guint                    tick_id;
  gboolean                 allow_close;
  int                      corner_taps;
  gint64                   first_corner_tap;
  int                      text_size;

  /* screens */
  char                    *page;            /* logical name of the screen shown */
  GPtrArray               *history;         /* char *, screens to go back to */
  guint                    greeting_id;
  guint                    greeting_index;
  GtkLabel                *greeting_label;
  GtkWidget               *days_box;
  GtkWidget               *slots_box;
  GtkWidget               *confirm_button;
  GtkLabel                *booking_status;
  GtkLabel                *waiting_label;
  GtkLabel                *checkin_status;

  /* the session: everything here is forgotten at its end */
  SportelloSessionSummary *summary;
  const SportelloLanguage *language;
  char                    *topic_id;
  char                    *service_id;
  GArray                  *days;            /* GDate, NULL until loaded */
  gboolean                 days_failed;
  GDate                    date;            /* chosen day; invalid when none */
  GArray                  *slots;           /* SportelloSlot of date, NULL until loaded */
  int                      minute;          /* chosen slot, -1 when none */
  gboolean                 mediator;
  gboolean                 want_phone;
  char                    *phone;
  int                      waiting;         /* walk-in people waiting, -1 unknown */
  gboolean                 busy;
  char                    *booking_error;
  SportelloTicket         *ticket;
  gboolean                 checked_in;
  char                    *checkin_code;
  char                    *checkin_message;
  gboolean                 checkin_ok;
  char                    *pin;
  char                    *pin_message;
  GtkWidget               *listen_button;  /* of the page shown, or NULL */

  /* frame timing for tests/bench/kiosk, when $SPORTELLO_KIOSK_TRACE is set */
  gboolean                 trace;
  gboolean                 traced_first_frame;
  gint64                   trace_input;     /* last tap, monotonic µs */
  char                    *trace_page;      /* shown, not yet painted */
};

G_DEFINE_FINAL_TYPE (SportelloKioskWindow, sportello_kiosk_window, GTK_TYPE_APPLICATION_WINDOW)

static void show_page       (SportelloKioskWindow *self,
                             const char           *page,
                             gboolean              remember);
static void rebuild_page    (SportelloKioskWindow *self);
static void end_session     (SportelloKioskWindow *self,
                             SportelloEndReason    reason);
static void check_store     (SportelloKioskWindow *self);
static void fill_slots      (SportelloKioskWindow *self);

/* Helpers ---------------------------------------------------------------- */

static char *
ltr (const char *text)
{
  /* Codes, times, phone numbers, addresses and Italian office names keep
   * their left-to-right order inside right-to-left sentences. */
  return g_strconcat (LRI, text != NULL ? text : "", PDI, NULL);
}

static const char *
tr (const char *msgid)
{
  return msgid != NULL && *msgid != '\0' ? _(msgid) : "";
}

static char *
format_minute (int minute)
{
  return g_strdup_printf ("%02d:%02d", minute / 60, minute % 60);
}

static char *
format_date (const GDate *date)
{
  char buffer[128];

  if (g_date_strftime (buffer, sizeof buffer, "%A %-d %B", date) == 0)
    return g_strdup ("");
  return g_strdup (g_strstrip (buffer));
}

static char *
weekday_name (GDateWeekday weekday)
{
  char buffer[64];
  GDate date;

  /* 1 January 2024 was a Monday. */
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_JANUARY, 2024);
  g_date_add_days (&date, weekday - G_DATE_MONDAY);
  if (g_date_strftime (buffer, sizeof buffer, "%A", &date) == 0)
    return g_strdup ("");
  return g_strdup (buffer);
}

static void
set_name (GtkWidget  *widget,
          const char *name)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}

static GtkWidget *
label_new (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* The icon of a pictogram named in the catalogue; an unknown name falls
 * back to a neutral one instead of GTK's "missing image". */
static char *
pictogram_icon (const char *pictogram)
{
  g_autofree char *name = g_strconcat ("sportello-", pictogram != NULL ? pictogram : "", NULL);
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());

  if (pictogram == NULL || !gtk_icon_theme_has_icon (theme, name))
    return g_strdup ("sportello-documents");
  return g_steal_pointer (&name);
}

/* Gives a button an optional pictogram above or beside its text; its
 * accessible name is the text, so AT-SPI and screen readers find it. */
static GtkWidget *
button_fill (GtkWidget  *button,
             const char *text,
             const char *icon,
             int         icon_size,
             gboolean    vertical,
             const char *css_class)
{
  GtkWidget *box = gtk_box_new (vertical ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label;

  if (icon != NULL)
    {
      g_autofree char *name = pictogram_icon (icon);
      GtkWidget *image = gtk_image_new_from_icon_name (name);

      gtk_image_set_pixel_size (GTK_IMAGE (image), icon_size);
      gtk_widget_add_css_class (image, "pictogram");
      gtk_box_append (GTK_BOX (box), image);
    }
  if (text != NULL)
    {
      label = gtk_label_new (text);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_justify (GTK_LABEL (label), vertical ? GTK_JUSTIFY_CENTER : GTK_JUSTIFY_LEFT);
      gtk_label_set_xalign (GTK_LABEL (label), vertical ? 0.5 : 0);
      gtk_widget_set_hexpand (label, !vertical);
      gtk_box_append (GTK_BOX (box), label);
    }
  if (vertical)
    gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_button_set_child (GTK_BUTTON (button), box);
  if (css_class != NULL)
    gtk_widget_add_css_class (button, css_class);
  set_name (button, text);
  return button;
}

static GtkWidget *
button_new (const char *text,
            const char *icon,
            int         icon_size,
            gboolean    vertical,
            const char *css_class)
{
  return button_fill (gtk_button_new (), text, icon, icon_size, vertical, css_class);
}

static GtkWidget *
page_box_new (GtkWidget **out_box)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 20);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_add_css_class (box, "page");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  *out_box = box;
  return scrolled;
}

static GtkWidget *
flow_new (int columns)
{
  GtkWidget *flow = gtk_flow_box_new ();

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
  /* At most @columns; fewer when the screen is narrow or the text large,
   * so that no tile is ever pushed off the screen. */
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (flow), 1);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), columns);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 16);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 16);
  return flow;
}

static void
flow_append (GtkWidget *flow,
             GtkWidget *child)
{
  GtkWidget *wrapper;

  gtk_flow_box_append (GTK_FLOW_BOX (flow), child);
  /* The flow box child is only a holder: keep it out of the focus chain. */
  wrapper = gtk_widget_get_parent (child);
  gtk_widget_set_focusable (wrapper, FALSE);
}

static void
section_append (GtkWidget           *box,
                const char          *heading,
                const char * const  *items,
                gboolean             numbered)
{
  GtkWidget *section;
  int n = 0;

  if (items == NULL || items[0] == NULL)
    return;

  section = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_add_css_class (section, "section");
  gtk_box_append (GTK_BOX (section), label_new (heading, "subtitle"));
  for (; items[n] != NULL; n++)
    {
      /* A mark of the page's direction first: an item that opens with an
       * Italian name must not turn its line left-to-right in Arabic. */
      const char *mark = gtk_widget_get_default_direction () == GTK_TEXT_DIR_RTL
                         ? "\u200F" : "\u200E";
      g_autofree char *line = numbered
        ? g_strdup_printf ("%s%d. %s", mark, n + 1, tr (items[n]))
        : g_strdup_printf ("%s• %s", mark, tr (items[n]));
      gtk_box_append (GTK_BOX (section), label_new (line, NULL));
    }
  gtk_box_append (GTK_BOX (box), section);
}

static const SportelloService *
current_service (SportelloKioskWindow *self)
{
  if (self->service_id == NULL)
    return NULL;
  return sportello_catalog_lookup_service (self->catalog, self->service_id);
}

static const SportelloServiceRules *
current_rules (SportelloKioskWindow *self)
{
  if (self->service_id == NULL)
    return NULL;
  return sportello_desk_get_rules (self->desk, self->service_id);
}

static gboolean
service_bookable (SportelloKioskWindow *self)
{
  const SportelloService *service = current_service (self);
  const SportelloServiceRules *rules = current_rules (self);
  SportelloServiceMode mode;

  if (service == NULL || rules == NULL || !rules->booking)
    return FALSE;
  mode = sportello_service_get_mode (service);
  return mode == SPORTELLO_SERVICE_MODE_BOOKED || mode == SPORTELLO_SERVICE_MODE_BOTH;
}

static gboolean
service_walk_in (SportelloKioskWindow *self)
{
  const SportelloService *service = current_service (self);
  const SportelloServiceRules *rules = current_rules (self);
  SportelloServiceMode mode;

  if (service == NULL || rules == NULL || !rules->walk_in)
    return FALSE;
  mode = sportello_service_get_mode (service);
  return mode == SPORTELLO_SERVICE_MODE_WALK_IN || mode == SPORTELLO_SERVICE_MODE_BOTH;
}

static const char *
store_message (void)
{
  return _("Booking is not possible right now. The information on these screens is still "
           "correct. Please try again in a few minutes, or ask at the desk.");
}

static GtkWidget *
store_warning_new (void)
{
  GtkWidget *label = label_new (store_message (), "warning-box");

  gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, store_message (),
                                  -1);
  return label;
}

static void
note_input (SportelloKioskWindow *self)
{
  self->last_input = g_get_monotonic_time ();
}

static gboolean
in_session (SportelloKioskWindow *self)
{
  return self->summary != NULL;
}

/* A task's result belongs to the session that asked for it: once that
 * session is over (or the window gone) it is dropped unseen. */
static gboolean
was_cancelled (GAsyncResult *result,
               const GError *error)
{
  GCancellable *cancellable;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return TRUE;
  if (!G_IS_TASK (result))
    return FALSE;
  cancellable = g_task_get_cancellable (G_TASK (result));
  return cancellable != NULL && g_cancellable_is_cancelled (cancellable);
}

static void
mark_store_unavailable (SportelloKioskWindow *self)
{
  gboolean was_ok = self->store_ok;

  self->store_ok = FALSE;
  if (was_ok)
    rebuild_page (self);
}

/* Speech ----------------------------------------------------------------- */

static gboolean
can_speak (SportelloKioskWindow *self)
{
#ifdef SPORTELLO_KIOSK_HAVE_SPEAKER
  if (self->speaker == NULL || self->language == NULL)
    return FALSE;
  return sportello_speaker_can_speak (self->speaker,
                                      sportello_language_get_code (self->language),
                                      sportello_language_get_voice (self->language));
#else
  return FALSE;
#endif
}

static void
speak (SportelloKioskWindow *self,
       const char           *clip_id,
       const char           *text)
{
#ifdef SPORTELLO_KIOSK_HAVE_SPEAKER
  if (!can_speak (self))
    return;
  sportello_speaker_speak (self->speaker,
                           sportello_language_get_code (self->language),
                           sportello_language_get_voice (self->language),
                           clip_id, text);
#endif
}

static void
stop_speaking (SportelloKioskWindow *self)
{
#ifdef SPORTELLO_KIOSK_HAVE_SPEAKER
  if (self->speaker != NULL)
    sportello_speaker_stop (self->speaker);
#endif
}


/* Listen turns into Stop while speech plays, and back when it ends. */
static void
relabel_listen (SportelloKioskWindow *self)
{
  gboolean playing = FALSE;

  if (self->listen_button == NULL)
    return;
#ifdef SPORTELLO_KIOSK_HAVE_SPEAKER
  playing = self->speaker != NULL && sportello_speaker_get_playing (self->speaker);
#endif
  button_fill (self->listen_button, playing ? _("Stop") : _("Listen"), "listen", 48, FALSE, NULL);
}

#ifdef SPORTELLO_KIOSK_HAVE_SPEAKER
static void
on_speaker_playing_notified_cb (GObject              *speaker,
                                GParamSpec           *pspec,
                                SportelloKioskWindow *self)
{
  relabel_listen (self);
}
#endif

static void
on_volume_clicked_cb (GtkButton            *button,
                      SportelloKioskWindow *self)
{
#ifdef SPORTELLO_KIOSK_HAVE_SPEAKER
  double step = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "step")) / 100.0;

  note_input (self);
  if (self->speaker != NULL)
    sportello_speaker_set_volume (self->speaker,
                                  CLAMP (sportello_speaker_get_volume (self->speaker) + step, 0.1, 1.0));
#endif
}

/* The Listen button of a page, with Quieter and Louder beside it; a press
 * while speech plays stops it. */
static GtkWidget *
listen_row_new (SportelloKioskWindow *self,
                GCallback             on_listen)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *quieter = gtk_button_new_with_label ("\u2212");
  GtkWidget *louder = gtk_button_new_with_label ("+");

  self->listen_button = button_new (_("Listen"), "listen", 48, FALSE, "row-button");
  gtk_widget_set_hexpand (self->listen_button, TRUE);
  g_signal_connect (self->listen_button, "clicked", on_listen, self);
  relabel_listen (self);

  g_object_set_data (G_OBJECT (quieter), "step", GINT_TO_POINTER (-20));
  g_object_set_data (G_OBJECT (louder), "step", GINT_TO_POINTER (20));
  set_name (quieter, _("Quieter"));
  set_name (louder, _("Louder"));
  gtk_widget_set_tooltip_text (quieter, _("Quieter"));
  gtk_widget_set_tooltip_text (louder, _("Louder"));
  for (GtkWidget *b = quieter; b != NULL; b = (b == quieter ? louder : NULL))
    {
      gtk_widget_add_css_class (b, "row-button");
      gtk_widget_add_css_class (b, "volume-button");
      g_signal_connect (b, "clicked", G_CALLBACK (on_volume_clicked_cb), self);
    }

  gtk_box_append (GTK_BOX (row), self->listen_button);
  gtk_box_append (GTK_BOX (row), quieter);
  gtk_box_append (GTK_BOX (row), louder);
  return row;
}

/* True when the press was a Stop: speech ended, nothing new to say. */
static gboolean
listen_pressed_stops (SportelloKioskWindow *self)
{
#ifdef SPORTELLO_KIOSK_HAVE_SPEAKER
  if (self->speaker != NULL && sportello_speaker_get_playing (self->speaker))
    {
      sportello_speaker_stop (self->speaker);
      return TRUE;
    }
#endif
  return FALSE;
}

/* Language ----------------------------------------------------------------- */

static void
relabel_bars (SportelloKioskWindow *self)
{
  GtkWidget *box;
  GtkWidget *image;
  GtkWidget *label;

  /* Back */
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  image = gtk_image_new_from_icon_name ("sportello-back");
  gtk_image_set_pixel_size (GTK_IMAGE (image), 40);
  gtk_widget_add_css_class (image, "rtl-flip");
  label = gtk_label_new (_("Back"));
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);
  gtk_button_set_child (self->back_button, box);
  set_name (GTK_WIDGET (self->back_button), _("Back"));

  /* Start again */
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  image = gtk_image_new_from_icon_name ("sportello-home");
  gtk_image_set_pixel_size (GTK_IMAGE (image), 40);
  label = gtk_label_new (_("Start again"));
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);
  gtk_button_set_child (self->home_button, box);
  set_name (GTK_WIDGET (self->home_button), _("Start again"));

  image = gtk_image_new_from_icon_name ("sportello-text-size");
  gtk_image_set_pixel_size (GTK_IMAGE (image), 48);
  gtk_button_set_child (self->text_size_button, image);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->text_size_button), _("Text size"));
  set_name (GTK_WIDGET (self->text_size_button), _("Text size"));

  image = gtk_image_new_from_icon_name ("sportello-contrast");
  gtk_image_set_pixel_size (GTK_IMAGE (image), 48);
  gtk_button_set_child (GTK_BUTTON (self->contrast_button), image);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->contrast_button), _("High contrast"));
  set_name (GTK_WIDGET (self->contrast_button), _("High contrast"));

  gtk_label_set_text (self->idle_label, _("Still there? Touch to continue"));
  set_name (GTK_WIDGET (self->idle_button), _("Still there? Touch to continue"));

  {
    g_autofree char *desk = ltr (sportello_desk_get_name (self->desk));
    gtk_label_set_text (self->desk_label, desk);
  }
  gtk_label_set_text (self->demo_label, _("Demonstration: not a real office"));
  gtk_widget_set_visible (GTK_WIDGET (self->demo_label), sportello_desk_is_demo (self->desk));
}

static void
switch_language (SportelloKioskWindow    *self,
                 const SportelloLanguage *language)
{
  /* Speech in the old language must not go on in the new one. */
  stop_speaking (self);
  self->language = language;
  sportello_locale_switch (sportello_language_get_code (language),
                           sportello_language_get_locale (language));
  gtk_widget_set_default_direction (sportello_language_is_rtl (language)
                                    ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR);
  relabel_bars (self);
}

/* Session ----------------------------------------------------------------- */

static void
clear_booking (SportelloKioskWindow *self)
{
  g_clear_pointer (&self->days, g_array_unref);
  g_clear_pointer (&self->slots, g_array_unref);
  self->days_failed = FALSE;
  g_date_clear (&self->date, 1);
  self->minute = -1;
  self->mediator = FALSE;
  self->want_phone = FALSE;
  g_clear_pointer (&self->phone, g_free);
  g_clear_pointer (&self->booking_error, g_free);
  self->busy = FALSE;
}

static void
clear_session_state (SportelloKioskWindow *self)
{
  clear_booking (self);
  g_clear_pointer (&self->topic_id, g_free);
  g_clear_pointer (&self->service_id, g_free);
  g_clear_pointer (&self->ticket, sportello_ticket_free);
  g_clear_pointer (&self->checkin_code, g_free);
  g_clear_pointer (&self->checkin_message, g_free);
  g_clear_pointer (&self->pin, g_free);
  g_clear_pointer (&self->pin_message, g_free);
  self->checkin_ok = FALSE;
  self->checked_in = FALSE;
  self->waiting = -1;
  g_ptr_array_set_size (self->history, 0);
}

static void
begin_session (SportelloKioskWindow *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (sportello_desk_get_timezone (self->desk));

  if (self->summary == NULL)
    self->summary = sportello_session_summary_new (self->kiosk_id, now);
  note_input (self);
}

static gpointer
record_session_func (SportelloStore *store,
                     gpointer        user_data,
                     GCancellable   *cancellable,
                     GError        **error)
{
  if (!sportello_store_record_session (store, user_data, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static void
on_session_recorded_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (sportello_store_run_finish (SPORTELLO_STORE (source), result, &error) == NULL
      && error != NULL)
    g_printerr ("sportello: the session summary was not recorded: %s\n", error->message);
}

static void
end_session (SportelloKioskWindow *self,
             SportelloEndReason    reason)
{
  SportelloSessionSummary *summary = g_steal_pointer (&self->summary);

  if (summary != NULL)
    {
      summary->end_reason = reason;
      g_free (summary->language);
      summary->language = g_strdup (self->language != NULL
                                    ? sportello_language_get_code (self->language) : "");
      if (self->store != NULL)
        /* The summary is recorded once; the window's cancellable only stops
         * it when the kiosk itself goes away. */
        sportello_store_run_async (self->store, record_session_func,
                                   summary, (GDestroyNotify) sportello_session_summary_free,
                                   NULL, NULL,
                                   on_session_recorded_cb, NULL);
      else
        {
          g_printerr ("sportello: no database: session summary dropped\n");
          sportello_session_summary_free (summary);
        }
    }

  /* Nothing a citizen typed or chose survives. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->scanner != NULL)
    sportello_kiosk_scanner_stop (self->scanner);
  stop_speaking (self);
  clear_session_state (self);
  gtk_widget_set_visible (self->idle_overlay, FALSE);

  switch_language (self, sportello_catalog_get_default_language (self->catalog));
  show_page (self, "start", FALSE);
}

/* Store availability ------------------------------------------------------ */

static void
open_store_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  SportelloStore *store = sportello_sqlite_store_new (task_data, &error);

  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

static void
on_store_opened_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  SportelloKioskWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  SportelloStore *store = g_task_propagate_pointer (G_TASK (result), &error);

  if (was_cancelled (result, error))
    return;

  self->store_checking = FALSE;
  if (store == NULL)
    {
      g_printerr ("sportello: database %s: %s\n", self->db_path, error->message);
      mark_store_unavailable (self);
      return;
    }

  self->store = store;
  check_store (self);
}

static gpointer
is_writable_func (SportelloStore *store,
                  gpointer        user_data,
                  GCancellable   *cancellable,
                  GError        **error)
{
  if (!sportello_store_is_writable (store, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static void
on_store_checked_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  SportelloKioskWindow *self;
  g_autoptr(GError) error = NULL;
  gboolean ok;
  gpointer answer;

  answer = sportello_store_run_finish (SPORTELLO_STORE (source), result, &error);
  if (was_cancelled (result, error))
    return;

  self = user_data;
  self->store_checking = FALSE;
  ok = answer != NULL;
  if (ok != self->store_ok)
    {
      if (!ok)
        g_printerr ("sportello: booking disabled: %s\n", error != NULL ? error->message : "?");
      else
        g_printerr ("sportello: booking available again\n");
      self->store_ok = ok;
      rebuild_page (self);
    }
}

static void
check_store (SportelloKioskWindow *self)
{
  if (self->store_checking)
    return;
  self->store_checking = TRUE;

  if (self->store == NULL)
    {
      g_autoptr(GTask) task = g_task_new (NULL, self->life, on_store_opened_cb, self);
      g_task_set_task_data (task, g_strdup (self->db_path), g_free);
      g_task_run_in_thread (task, open_store_thread);
      return;
    }

  sportello_store_run_async (self->store, is_writable_func, NULL, NULL, NULL,
                             self->life, on_store_checked_cb, self);
}

static gboolean
on_store_check_timeout_cb (gpointer user_data)
{
  check_store (user_data);
  return G_SOURCE_CONTINUE;
}

/* Printer ------------------------------------------------------------------ */

static gboolean
on_printer_found_cb (GtkPrinter *printer,
                     gpointer    user_data)
{
  SportelloKioskWindow *self = user_data;

  if (gtk_printer_is_virtual (printer) || self->printer_name != NULL)
    return FALSE;
  self->printer_name = g_strdup (gtk_printer_get_name (printer));
  if (g_strcmp0 (self->page, "ticket") == 0)
    rebuild_page (self);
  return TRUE;
}

static void
on_print_draw_page_cb (GtkPrintOperation *operation,
                       GtkPrintContext   *context,
                       int                page_nr,
                       gpointer          user_data)
{
  SportelloKioskWindow *self = user_data;
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  g_autoptr(PangoLayout) layout = gtk_print_context_create_pango_layout (context);
  g_autoptr(GString) text = g_string_new (NULL);
  const SportelloService *service;
  const SportelloServiceRules *rules;
  int height;

  if (self->ticket == NULL)
    return;

  service = sportello_catalog_lookup_service (self->catalog, self->ticket->service_id);
  rules = sportello_desk_get_rules (self->desk, self->ticket->service_id);

  g_string_append_printf (text, "<span size='xx-large' weight='bold'>%s</span>\n",
                          self->ticket->code);
  if (service != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (tr (sportello_service_get_title (service)), -1);
      g_string_append_printf (text, "%s\n", escaped);
    }
  {
    g_autofree char *day = format_date (&self->ticket->date);
    g_autofree char *escaped = g_markup_escape_text (day, -1);
    g_string_append_printf (text, "%s", escaped);
  }
  if (self->ticket->minute >= 0)
    {
      g_autofree char *time = format_minute (self->ticket->minute);
      g_string_append_printf (text, " %s", time);
    }
  g_string_append (text, "\n");
  {
    g_autofree char *place = g_markup_printf_escaped ("%s\n%s%s%s\n",
                                                      sportello_desk_get_name (self->desk),
                                                      sportello_desk_get_address (self->desk),
                                                      rules != NULL && rules->where != NULL ? " — " : "",
                                                      rules != NULL && rules->where != NULL ? rules->where : "");
    g_string_append (text, place);
  }

  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_markup (layout, text->str, -1);
  cairo_move_to (cr, 0, 0);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_pixel_size (layout, NULL, &height);
  sportello_kiosk_qr_draw (cr, self->ticket->code, 0, height + 12, MIN (width, 160), NULL);
}

static void
print_ticket (SportelloKioskWindow *self)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();
  g_autoptr(GError) error = NULL;

  gtk_print_settings_set_printer (settings, self->printer_name);
  gtk_print_operation_set_print_settings (operation, settings);
  gtk_print_operation_set_n_pages (operation, 1);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_print_draw_page_cb), self);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT,
                               GTK_WINDOW (self), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    g_printerr ("sportello: printing failed: %s\n", error->message);
}

/* Store work on worker threads ------------------------------------------- */

typedef struct
{
  SportelloDesk *desk;
  char          *service_id;
  GDate          date;
  int            minute;
  char          *language;
  gboolean       needs_mediator;
  char          *phone;
  char          *kiosk_id;
  char          *code;
} Request;

static Request *
request_new (SportelloKioskWindow *self)
{
  Request *request = g_new0 (Request, 1);

  request->desk = g_object_ref (self->desk);
  request->service_id = g_strdup (self->service_id);
  request->date = self->date;
  request->minute = self->minute;
  request->language = g_strdup (self->language != NULL ? sportello_language_get_code (self->language) : NULL);
  request->needs_mediator = self->mediator;
  request->phone = self->want_phone && self->phone != NULL && *self->phone != '\0'
    ? sportello_phone_normalize (self->phone) : NULL;
  request->kiosk_id = g_strdup (self->kiosk_id);
  return request;
}

static void
request_free (Request *request)
{
  g_clear_object (&request->desk);
  g_free (request->service_id);
  g_free (request->language);
  g_free (request->phone);
  g_free (request->kiosk_id);
  g_free (request->code);
  g_free (request);
}

static gpointer
list_free_days_func (SportelloStore *store,
                     gpointer        user_data,
                     GCancellable   *cancellable,
                     GError        **error)
{
  Request *request = user_data;
  GDate today;

  sportello_desk_get_today (request->desk, &today);
  return sportello_booking_list_free_days (request->desk, store, request->service_id,
                                           &today, BOOKING_DAYS, error);
}

static gpointer
list_slots_func (SportelloStore *store,
                 gpointer        user_data,
                 GCancellable   *cancellable,
                 GError        **error)
{
  Request *request = user_data;

  return sportello_booking_list_slots (request->desk, store, request->service_id,
                                       &request->date, error);
}

static gpointer
count_waiting_func (SportelloStore *store,
                    gpointer        user_data,
                    GCancellable   *cancellable,
                    GError        **error)
{
  Request *request = user_data;
  GDate today;
  int n;

  sportello_desk_get_today (request->desk, &today);
  n = sportello_store_count_waiting (store, request->service_id, &today, error);
  if (n < 0)
    return NULL;
  /* +1 so that nobody waiting is not mistaken for a failure. */
  return GINT_TO_POINTER (n + 1);
}

static gpointer
book_func (SportelloStore *store,
           gpointer        user_data,
           GCancellable   *cancellable,
           GError        **error)
{
  Request *request = user_data;

  return sportello_booking_book (request->desk, store, request->service_id,
                                 &request->date, request->minute,
                                 request->language, request->needs_mediator,
                                 request->phone, request->kiosk_id, error);
}

static gpointer
take_number_func (SportelloStore *store,
                  gpointer        user_data,
                  GCancellable   *cancellable,
                  GError        **error)
{
  Request *request = user_data;

  return sportello_booking_take_number (request->desk, store, request->service_id,
                                        request->language, request->needs_mediator,
                                        request->kiosk_id, error);
}

static gpointer
check_in_func (SportelloStore *store,
               gpointer        user_data,
               GCancellable   *cancellable,
               GError        **error)
{
  Request *request = user_data;

  return sportello_booking_check_in (request->desk, store, request->code, error);
}

static void
on_free_days_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GArray *days = sportello_store_run_finish (SPORTELLO_STORE (source), result, &error);
  SportelloKioskWindow *self;

  if (was_cancelled (result, error))
    {
      g_clear_pointer (&days, g_array_unref);
      return;
    }
  self = user_data;

  g_clear_pointer (&self->days, g_array_unref);
  self->days = days;
  self->days_failed = days == NULL;
  if (error != NULL)
    {
      g_printerr ("sportello: free days: %s\n", error->message);
      if (g_error_matches (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_UNAVAILABLE))
        mark_store_unavailable (self);
    }
  if (g_strcmp0 (self->page, "booking") == 0)
    rebuild_page (self);
}

static void
on_slots_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GArray *slots = sportello_store_run_finish (SPORTELLO_STORE (source), result, &error);
  SportelloKioskWindow *self;

  if (was_cancelled (result, error))
    {
      g_clear_pointer (&slots, g_array_unref);
      return;
    }
  self = user_data;

  g_clear_pointer (&self->slots, g_array_unref);
  self->slots = slots;
  if (error != NULL)
    g_printerr ("sportello: slots: %s\n", error->message);
  if (g_strcmp0 (self->page, "booking") == 0)
    fill_slots (self);
}

static void
on_waiting_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gpointer answer = sportello_store_run_finish (SPORTELLO_STORE (source), result, &error);
  SportelloKioskWindow *self;

  if (was_cancelled (result, error))
    return;
  self = user_data;

  self->waiting = answer != NULL ? GPOINTER_TO_INT (answer) - 1 : -1;
  if (self->waiting_label != NULL && self->waiting >= 0)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%d person is waiting now",
                                                         "%d people are waiting now",
                                                         self->waiting),
                                               self->waiting);
      gtk_label_set_text (self->waiting_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->waiting_label), TRUE);
    }
}

static char *
booking_error_text (const GError *error)
{
  if (g_error_matches (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_NO_PLACE))
    return g_strdup (_("Sorry, this time has just been taken. Please choose another time."));
  if (g_error_matches (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_UNAVAILABLE))
    return g_strdup (store_message ());
  return g_strdup (_("Sorry, this could not be booked. Please ask at the desk."));
}

static void
on_ticket_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  SportelloTicket *ticket = sportello_store_run_finish (SPORTELLO_STORE (source), result, &error);
  SportelloKioskWindow *self;

  if (was_cancelled (result, error))
    {
      /* Booked, but the session was reset meanwhile: the ticket stays in the
       * store and the desk sees it; nobody here can be shown it. */
      g_clear_pointer (&ticket, sportello_ticket_free);
      return;
    }
  self = user_data;
  self->busy = FALSE;

  if (ticket == NULL)
    {
      g_printerr ("sportello: booking refused: %s\n", error->message);
      g_free (self->booking_error);
      self->booking_error = booking_error_text (error);
      if (g_error_matches (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_UNAVAILABLE))
        self->store_ok = FALSE;
      if (g_error_matches (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_NO_PLACE))
        {
          /* Reload what is still free. */
          self->minute = -1;
          g_clear_pointer (&self->slots, g_array_unref);
          g_clear_pointer (&self->days, g_array_unref);
        }
      rebuild_page (self);
      return;
    }

  g_clear_pointer (&self->ticket, sportello_ticket_free);
  self->ticket = ticket;
  if (self->summary != NULL)
    {
      if (sportello_ticket_is_walk_in (ticket))
        self->summary->walk_in = TRUE;
      else
        self->summary->booked = TRUE;
    }
  /* The phone number has done its job: it is in the store, not here. */
  g_clear_pointer (&self->phone, g_free);
  show_page (self, "ticket", FALSE);
}

static void
on_checked_in_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SportelloTicket) ticket = sportello_store_run_finish (SPORTELLO_STORE (source), result, &error);
  SportelloKioskWindow *self;

  if (was_cancelled (result, error))
    return;
  self = user_data;
  self->busy = FALSE;

  g_clear_pointer (&self->checkin_message, g_free);
  if (ticket != NULL)
    {
      const SportelloService *service = sportello_catalog_lookup_service (self->catalog, ticket->service_id);
      const SportelloServiceRules *rules = sportello_desk_get_rules (self->desk, ticket->service_id);
      g_autofree char *code = ltr (ticket->code);
      g_autofree char *time = ticket->minute >= 0 ? format_minute (ticket->minute) : NULL;
      g_autofree char *time_ltr = ltr (time);
      g_autofree char *where = ltr (rules != NULL ? rules->where : "");

      self->checkin_ok = TRUE;
      self->checked_in = TRUE;
      if (self->summary != NULL)
        self->summary->checked_in = TRUE;
      g_clear_pointer (&self->checkin_code, g_free);
      self->checkin_message =
        g_strdup_printf (_("Welcome. You are checked in with the code %s for “%s” at %s. "
                           "Please take a seat: you will be called to %s."),
                         code,
                         service != NULL ? tr (sportello_service_get_title (service)) : ticket->service_id,
                         time_ltr, where);
    }
  else
    {
      self->checkin_ok = FALSE;
      if (g_error_matches (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_NOT_FOUND))
        self->checkin_message = g_strdup (_("We cannot find this code for today. Please check it, or ask at the desk."));
      else if (g_error_matches (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_TRANSITION))
        self->checkin_message = g_strdup (_("This code is already checked in or has been used. Please ask at the desk."));
      else if (g_error_matches (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID))
        self->checkin_message = g_strdup (_("This is not a ticket code. A code is a letter and a number, like A-12."));
      else if (g_error_matches (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_UNAVAILABLE))
        {
          self->checkin_message = g_strdup (store_message ());
          self->store_ok = FALSE;
        }
      else
        self->checkin_message = g_strdup (_("Check-in did not work. Please ask at the desk."));
      g_printerr ("sportello: check-in refused: %s\n", error != NULL ? error->message : "?");
    }
  rebuild_page (self);
}

static void
start_booking_lookups (SportelloKioskWindow *self)
{
  if (self->store == NULL || self->service_id == NULL)
    return;

  if (self->days == NULL && !self->days_failed)
    sportello_store_run_async (self->store, list_free_days_func,
                               request_new (self), (GDestroyNotify) request_free,
                               (GDestroyNotify) g_array_unref,
                               self->cancellable, on_free_days_cb, self);
  if (g_date_valid (&self->date) && self->slots == NULL)
    sportello_store_run_async (self->store, list_slots_func,
                               request_new (self), (GDestroyNotify) request_free,
                               (GDestroyNotify) g_array_unref,
                               self->cancellable, on_slots_cb, self);
}

/* Screens ----------------------------------------------------------------- */

static gboolean
on_greeting_timeout_cb (gpointer user_data)
{
  SportelloKioskWindow *self = user_data;
  GPtrArray *languages = sportello_catalog_get_languages (self->catalog);
  const SportelloLanguage *language;

  if (self->greeting_label == NULL || languages->len == 0)
    return G_SOURCE_CONTINUE;

  self->greeting_index = (self->greeting_index + 1) % languages->len;
  language = g_ptr_array_index (languages, self->greeting_index);
  gtk_label_set_text (self->greeting_label, sportello_language_get_greeting (language));
  return G_SOURCE_CONTINUE;
}

static void
on_start_clicked_cb (GtkButton            *button,
                     SportelloKioskWindow *self)
{
  begin_session (self);
  show_page (self, "languages", TRUE);
}

static GtkWidget *
build_start (SportelloKioskWindow *self)
{
  GPtrArray *languages = sportello_catalog_get_languages (self->catalog);
  g_autofree char *assets = sportello_paths_assets_dir ();
  g_autofree char *video_path = g_build_filename (assets, "video", "loop.webm", NULL);
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 32);
  GtkWidget *greeting;
  GtkWidget *touch;
  GtkWidget *image;

  gtk_widget_add_css_class (button, "start-button");
  gtk_widget_set_vexpand (button, TRUE);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);

  if (g_file_test (video_path, G_FILE_TEST_IS_REGULAR))
    {
      GtkWidget *video = gtk_video_new_for_filename (video_path);
      gtk_video_set_loop (GTK_VIDEO (video), TRUE);
      gtk_video_set_autoplay (GTK_VIDEO (video), TRUE);
      gtk_video_set_autoplay (GTK_VIDEO (video), TRUE);
      gtk_widget_set_size_request (video, -1, 600);
      gtk_widget_set_can_target (video, FALSE);
      gtk_box_append (GTK_BOX (box), video);
    }
  else
    {
      image = gtk_image_new_from_icon_name ("sportello-mediator");
      gtk_image_set_pixel_size (GTK_IMAGE (image), 256);
      gtk_box_append (GTK_BOX (box), image);
    }

  self->greeting_index = 0;
  greeting = gtk_label_new (languages->len > 0
                            ? sportello_language_get_greeting (g_ptr_array_index (languages, 0))
                            : "");
  gtk_widget_add_css_class (greeting, "greeting");
  self->greeting_label = GTK_LABEL (greeting);
  gtk_box_append (GTK_BOX (box), greeting);

  touch = gtk_label_new (_("Touch the screen to start"));
  gtk_label_set_wrap (GTK_LABEL (touch), TRUE);
  gtk_label_set_justify (GTK_LABEL (touch), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (touch, "start-touch");
  gtk_box_append (GTK_BOX (box), touch);

  gtk_button_set_child (GTK_BUTTON (button), box);
  set_name (button, _("Touch the screen to start"));
  g_signal_connect (button, "clicked", G_CALLBACK (on_start_clicked_cb), self);
  return button;
}

static void
on_language_clicked_cb (GtkButton            *button,
                        SportelloKioskWindow *self)
{
  const SportelloLanguage *language = g_object_get_data (G_OBJECT (button), "language");

  note_input (self);
  switch_language (self, language);
  show_page (self, "topics", TRUE);
}

static GtkWidget *
build_languages (SportelloKioskWindow *self)
{
  GPtrArray *languages = sportello_catalog_get_languages (self->catalog);
  GtkWidget *box;
  GtkWidget *page = page_box_new (&box);
  GtkWidget *flow = flow_new (3);

  gtk_box_append (GTK_BOX (box), label_new (_("Choose your language"), "title"));
  for (guint i = 0; i < languages->len; i++)
    {
      const SportelloLanguage *language = g_ptr_array_index (languages, i);
      GtkWidget *button = button_new (sportello_language_get_endonym (language), NULL, 0, TRUE, "language-tile");
      GtkWidget *label = gtk_widget_get_first_child (gtk_button_get_child (GTK_BUTTON (button)));
      PangoAttrList *attrs = pango_attr_list_new ();

      /* The right glyph forms for the language (CJK, Urdu, Persian). */
      pango_attr_list_insert (attrs, pango_attr_language_new (pango_language_from_string (sportello_language_get_code (language))));
      gtk_label_set_attributes (GTK_LABEL (label), attrs);
      pango_attr_list_unref (attrs);

      g_object_set_data (G_OBJECT (button), "language", (gpointer) language);
      g_signal_connect (button, "clicked", G_CALLBACK (on_language_clicked_cb), self);
      flow_append (flow, button);
    }
  gtk_box_append (GTK_BOX (box), flow);
  return page;
}

static void
on_topic_clicked_cb (GtkButton            *button,
                     SportelloKioskWindow *self)
{
  note_input (self);
  g_free (self->topic_id);
  self->topic_id = g_strdup (g_object_get_data (G_OBJECT (button), "id"));
  if (self->summary != NULL)
    sportello_session_summary_add_topic (self->summary, self->topic_id);
  show_page (self, "services", TRUE);
}

static void
on_checkin_clicked_cb (GtkButton            *button,
                       SportelloKioskWindow *self)
{
  note_input (self);
  g_clear_pointer (&self->checkin_message, g_free);
  self->checkin_ok = FALSE;
  show_page (self, "checkin", TRUE);
}

static GtkWidget *
build_topics (SportelloKioskWindow *self)
{
  GPtrArray *topics = sportello_catalog_get_topics (self->catalog);
  GtkWidget *box;
  GtkWidget *page = page_box_new (&box);
  GtkWidget *flow = flow_new (2);
  GtkWidget *checkin;

  gtk_box_append (GTK_BOX (box), label_new (_("How can we help you?"), "title"));
  for (guint i = 0; i < topics->len; i++)
    {
      const SportelloTopic *topic = g_ptr_array_index (topics, i);
      GtkWidget *button = button_new (tr (sportello_topic_get_title (topic)),
                                      sportello_topic_get_pictogram (topic), 96, TRUE, "tile");

      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      tr (sportello_topic_get_summary (topic)),
                                      -1);
      g_object_set_data_full (G_OBJECT (button), "id", g_strdup (sportello_topic_get_id (topic)), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_topic_clicked_cb), self);
      flow_append (flow, button);
    }
  gtk_box_append (GTK_BOX (box), flow);

  checkin = button_new (_("I have an appointment"), "check-in", 64, FALSE, "row-button");
  g_signal_connect (checkin, "clicked", G_CALLBACK (on_checkin_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), checkin);
  return page;
}

static void
on_service_clicked_cb (GtkButton            *button,
                       SportelloKioskWindow *self)
{
  note_input (self);
  g_free (self->service_id);
  self->service_id = g_strdup (g_object_get_data (G_OBJECT (button), "id"));
  clear_booking (self);
  self->waiting = -1;
  if (self->summary != NULL)
    sportello_session_summary_add_service (self->summary, self->service_id);
  show_page (self, "service", TRUE);
}

static GtkWidget *
build_services (SportelloKioskWindow *self)
{
  const SportelloTopic *topic = sportello_catalog_lookup_topic (self->catalog, self->topic_id);
  g_autoptr(GPtrArray) services = sportello_catalog_list_services_for_topic (self->catalog, self->topic_id);
  GtkWidget *box;
  GtkWidget *page = page_box_new (&box);

  if (topic != NULL)
    gtk_box_append (GTK_BOX (box), label_new (tr (sportello_topic_get_title (topic)), "title"));
  gtk_box_append (GTK_BOX (box), label_new (_("Choose what you need:"), "lead"));

  for (guint i = 0; services != NULL && i < services->len; i++)
    {
      const SportelloService *service = g_ptr_array_index (services, i);
      GtkWidget *button = button_new (tr (sportello_service_get_title (service)),
                                      sportello_service_get_pictogram (service), 72, FALSE, "row-button");

      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      tr (sportello_service_get_summary (service)),
                                      -1);
      g_object_set_data_full (G_OBJECT (button), "id", g_strdup (sportello_service_get_id (service)), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_service_clicked_cb), self);
      gtk_box_append (GTK_BOX (box), button);
    }
  return page;
}

static char *
service_speech (SportelloKioskWindow *self)
{
  const SportelloService *service = current_service (self);
  g_autoptr(GString) text = g_string_new (NULL);
  const char * const *lists[3];

  if (service == NULL)
    return g_strdup ("");

  g_string_append_printf (text, "%s. %s", tr (sportello_service_get_title (service)),
                          tr (sportello_service_get_summary (service)));
  lists[0] = sportello_service_get_who (service);
  lists[1] = sportello_service_get_bring (service);
  lists[2] = sportello_service_get_how (service);
  for (int l = 0; l < 3; l++)
    for (int i = 0; lists[l] != NULL && lists[l][i] != NULL; i++)
      g_string_append_printf (text, " %s", tr (lists[l][i]));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
on_listen_service_clicked_cb (GtkButton            *button,
                              SportelloKioskWindow *self)
{
  g_autofree char *text = NULL;

  note_input (self);
  if (listen_pressed_stops (self))
    return;
  text = service_speech (self);
  speak (self, self->service_id, text);
}

static void
on_book_clicked_cb (GtkButton            *button,
                    SportelloKioskWindow *self)
{
  note_input (self);
  clear_booking (self);
  show_page (self, "booking", TRUE);
}

static void
on_take_number_clicked_cb (GtkButton            *button,
                           SportelloKioskWindow *self)
{
  note_input (self);
  if (self->store == NULL || self->busy)
    return;
  self->busy = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  clear_booking (self);
  sportello_store_run_async (self->store, take_number_func,
                             request_new (self), (GDestroyNotify) request_free,
                             (GDestroyNotify) sportello_ticket_free,
                             self->cancellable, on_ticket_cb, self);
}

static GtkWidget *
build_service (SportelloKioskWindow *self)
{
  const SportelloService *service = current_service (self);
  const SportelloServiceRules *rules = current_rules (self);
  GtkWidget *box;
  GtkWidget *page = page_box_new (&box);
  GtkWidget *section;
  GtkWidget *title_row;
  GtkWidget *image;
  g_autofree char *icon = NULL;

  self->waiting_label = NULL;
  if (service == NULL)
    return page;

  title_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
  icon = pictogram_icon (sportello_service_get_pictogram (service));
  image = gtk_image_new_from_icon_name (icon);
  gtk_image_set_pixel_size (GTK_IMAGE (image), 96);
  gtk_widget_add_css_class (image, "pictogram");
  gtk_box_append (GTK_BOX (title_row), image);
  gtk_box_append (GTK_BOX (title_row), label_new (tr (sportello_service_get_title (service)), "title"));
  gtk_box_append (GTK_BOX (box), title_row);
  gtk_box_append (GTK_BOX (box), label_new (tr (sportello_service_get_summary (service)), "lead"));

  if (can_speak (self))
    {
      gtk_box_append (GTK_BOX (box),
                      listen_row_new (self, G_CALLBACK (on_listen_service_clicked_cb)));
    }

  /* What the citizen can do here comes first: it is why they came. */
  if (service_bookable (self) || service_walk_in (self))
    {
      GtkWidget *actions = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

      if (!self->store_ok)
        gtk_box_append (GTK_BOX (actions), store_warning_new ());

      if (service_bookable (self))
        {
          GtkWidget *book = button_new (_("Book an appointment"), "calendar", 64, FALSE, "row-button");
          gtk_widget_add_css_class (book, "primary");
          gtk_widget_set_sensitive (book, self->store_ok);
          g_signal_connect (book, "clicked", G_CALLBACK (on_book_clicked_cb), self);
          gtk_box_append (GTK_BOX (actions), book);
        }
      if (service_walk_in (self))
        {
          GtkWidget *take = button_new (_("Take a number now"), "ticket", 64, FALSE, "row-button");
          GtkWidget *waiting = label_new (NULL, "note");

          gtk_widget_set_sensitive (take, self->store_ok && !self->busy);
          g_signal_connect (take, "clicked", G_CALLBACK (on_take_number_clicked_cb), self);
          gtk_box_append (GTK_BOX (actions), take);
          gtk_widget_set_visible (waiting, FALSE);
          self->waiting_label = GTK_LABEL (waiting);
          gtk_box_append (GTK_BOX (actions), waiting);
          if (self->store != NULL)
            sportello_store_run_async (self->store, count_waiting_func,
                                       request_new (self), (GDestroyNotify) request_free,
                                       NULL, self->cancellable, on_waiting_cb, self);
        }
      if (self->booking_error != NULL)
        gtk_box_append (GTK_BOX (actions), label_new (self->booking_error, "error-text"));
      gtk_box_append (GTK_BOX (box), actions);
    }

  section_append (box, _("Who can use it"), sportello_service_get_who (service), FALSE);
  section_append (box, _("What to bring"), sportello_service_get_bring (service), FALSE);
  section_append (box, _("How it works"), sportello_service_get_how (service), TRUE);

  /* Where and when: local facts of this desk. */
  section = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_add_css_class (section, "section");
  gtk_box_append (GTK_BOX (section), label_new (_("Where and when"), "subtitle"));
  {
    g_autofree char *name = ltr (sportello_desk_get_name (self->desk));
    g_autofree char *address = ltr (sportello_desk_get_address (self->desk));
    gtk_box_append (GTK_BOX (section), label_new (name, NULL));
    gtk_box_append (GTK_BOX (section), label_new (address, NULL));
  }
  if (rules != NULL && rules->where != NULL)
    {
      g_autofree char *where = ltr (rules->where);
      g_autofree char *line = g_strdup_printf (_("Go to: %s"), where);
      gtk_box_append (GTK_BOX (section), label_new (line, NULL));
    }
  for (GDateWeekday day = G_DATE_MONDAY; day <= G_DATE_SUNDAY; day++)
    {
      g_autofree char *name = weekday_name (day);
      g_autofree char *hours = sportello_desk_format_hours (self->desk, day);
      g_autofree char *hours_ltr = hours != NULL ? ltr (hours) : g_strdup (_("closed"));
      g_autofree char *line = g_strdup_printf ("%s: %s", name, hours_ltr);
      gtk_box_append (GTK_BOX (section), label_new (line, NULL));
    }
  gtk_box_append (GTK_BOX (box), section);
  return page;
}

static gboolean
phone_ok (SportelloKioskWindow *self)
{
  g_autofree char *normal = NULL;

  if (!self->want_phone || self->phone == NULL || *self->phone == '\0')
    return TRUE;
  normal = sportello_phone_normalize (self->phone);
  return normal != NULL;
}

static void
update_confirm (SportelloKioskWindow *self)
{
  gboolean ready = self->store_ok && !self->busy
                   && g_date_valid (&self->date) && self->minute >= 0
                   && phone_ok (self);

  if (self->confirm_button != NULL)
    gtk_widget_set_sensitive (self->confirm_button, ready);
  if (self->booking_status != NULL)
    {
      const char *text = NULL;

      if (self->busy)
        text = _("Booking…");
      else if (!g_date_valid (&self->date))
        text = _("Choose a day.");
      else if (self->minute < 0)
        text = _("Choose a time.");
      else if (!phone_ok (self))
        text = _("This phone number is not complete. Correct it, or remove it.");
      gtk_label_set_text (self->booking_status, text != NULL ? text : "");
      gtk_widget_set_visible (GTK_WIDGET (self->booking_status), text != NULL);
    }
}

static void
on_slot_toggled_cb (GtkToggleButton      *button,
                    SportelloKioskWindow *self)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  note_input (self);
  self->minute = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "minute"));
  update_confirm (self);
}

static void
fill_slots (SportelloKioskWindow *self)
{
  GtkWidget *child;
  GtkWidget *flow;
  GtkToggleButton *group = NULL;
  int shown = 0;

  if (self->slots_box == NULL)
    return;
  while ((child = gtk_widget_get_first_child (self->slots_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->slots_box), child);

  if (!g_date_valid (&self->date))
    return;

  gtk_box_append (GTK_BOX (self->slots_box), label_new (_("Time"), "subtitle"));
  if (self->slots == NULL)
    {
      gtk_box_append (GTK_BOX (self->slots_box), label_new (_("Looking for free times…"), "note"));
      return;
    }

  flow = flow_new (3);
  gtk_widget_set_direction (flow, GTK_TEXT_DIR_LTR);  /* times read left to right */
  for (guint i = 0; i < self->slots->len; i++)
    {
      const SportelloSlot *slot = &g_array_index (self->slots, SportelloSlot, i);
      int free_places = slot->capacity - slot->booked;
      g_autofree char *time = NULL;
      g_autofree char *places = NULL;
      g_autofree char *name = NULL;
      GtkWidget *button;
      GtkWidget *box;

      if (free_places <= 0)
        continue;
      time = format_minute (slot->minute);
      places = g_strdup_printf (ngettext ("%d place free", "%d places free", free_places), free_places);
      button = gtk_toggle_button_new ();
      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      gtk_box_append (GTK_BOX (box), gtk_label_new (time));
      gtk_widget_add_css_class (gtk_widget_get_first_child (box), "subtitle");
      gtk_box_append (GTK_BOX (box), gtk_label_new (places));
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_widget_add_css_class (button, "slot");
      name = g_strdup_printf ("%s, %s", time, places);
      set_name (button, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Time"),
                                      -1);
      g_object_set_data (G_OBJECT (button), "minute", GINT_TO_POINTER (slot->minute));
      if (group != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
      else
        group = GTK_TOGGLE_BUTTON (button);
      if (slot->minute == self->minute)
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
      g_signal_connect (button, "toggled", G_CALLBACK (on_slot_toggled_cb), self);
      flow_append (flow, button);
      shown++;
    }
  if (shown == 0)
    gtk_box_append (GTK_BOX (self->slots_box), label_new (_("No free time left on this day. Choose another day."), "note"));
  else
    gtk_box_append (GTK_BOX (self->slots_box), flow);
}

static void
on_day_toggled_cb (GtkToggleButton      *button,
                   SportelloKioskWindow *self)
{
  const GDate *date;

  if (!gtk_toggle_button_get_active (button))
    return;
  note_input (self);
  date = g_object_get_data (G_OBJECT (button), "date");
  if (g_date_valid (&self->date) && g_date_compare (&self->date, date) == 0)
    return;
  self->date = *date;
  self->minute = -1;
  g_clear_pointer (&self->slots, g_array_unref);
  g_clear_pointer (&self->booking_error, g_free);
  start_booking_lookups (self);
  fill_slots (self);
  update_confirm (self);
}

static void
on_mediator_toggled_cb (GtkToggleButton      *button,
                        SportelloKioskWindow *self)
{
  note_input (self);
  self->mediator = gtk_toggle_button_get_active (button);
}

static void
on_phone_toggled_cb (GtkToggleButton      *button,
                     SportelloKioskWindow *self)
{
  GtkWidget *keypad = g_object_get_data (G_OBJECT (button), "keypad");

  note_input (self);
  self->want_phone = gtk_toggle_button_get_active (button);
  gtk_widget_set_visible (keypad, self->want_phone);
  update_confirm (self);
}

static void
on_phone_changed_cb (SportelloKioskKeypad *keypad,
                     SportelloKioskWindow *self)
{
  note_input (self);
  g_free (self->phone);
  self->phone = g_strdup (sportello_kiosk_keypad_get_text (keypad));
  update_confirm (self);
}

static void
on_confirm_clicked_cb (GtkButton            *button,
                       SportelloKioskWindow *self)
{
  note_input (self);
  if (self->store == NULL || self->busy || !g_date_valid (&self->date) || self->minute < 0)
    return;
  self->busy = TRUE;
  g_clear_pointer (&self->booking_error, g_free);
  update_confirm (self);
  sportello_store_run_async (self->store, book_func,
                             request_new (self), (GDestroyNotify) request_free,
                             (GDestroyNotify) sportello_ticket_free,
                             self->cancellable, on_ticket_cb, self);
}

static char *
mediator_days_text (SportelloKioskWindow *self)
{
  const char *code = sportello_language_get_code (self->language);
  g_autoptr(GString) days = g_string_new (NULL);

  for (GDateWeekday day = G_DATE_MONDAY; day <= G_DATE_SUNDAY; day++)
    {
      const char * const *languages = sportello_desk_get_mediators (self->desk, day);

      if (languages != NULL && g_strv_contains (languages, code))
        {
          g_autofree char *name = weekday_name (day);
          if (days->len > 0)
            g_string_append (days, ", ");
          g_string_append (days, name);
        }
    }

  if (days->len == 0)
    return g_strdup (_("No mediator for your language is planned. We will try to find one for you."));
  /* Translators: %s is a list of weekdays */
  return g_strdup_printf (_("A mediator who speaks your language is here on: %s."), days->str);
}

static GtkWidget *
build_booking (SportelloKioskWindow *self)
{
  const SportelloService *service = current_service (self);
  GtkWidget *box;
  GtkWidget *page = page_box_new (&box);
  GtkWidget *section;
  GtkWidget *mediator;
  GtkWidget *phone_toggle;
  GtkWidget *keypad;
  GtkToggleButton *group = NULL;
  g_autofree char *mediator_days = NULL;
  g_autofree char *consent = NULL;

  self->days_box = NULL;
  self->slots_box = NULL;
  self->confirm_button = NULL;
  self->booking_status = NULL;

  if (service == NULL)
    return page;

  gtk_box_append (GTK_BOX (box), label_new (_("Book an appointment"), "title"));
  gtk_box_append (GTK_BOX (box), label_new (tr (sportello_service_get_title (service)), "lead"));

  if (!self->store_ok)
    {
      gtk_box_append (GTK_BOX (box), store_warning_new ());
      return page;
    }

  /* Day */
  self->days_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_box_append (GTK_BOX (self->days_box), label_new (_("Day"), "subtitle"));
  if (self->days == NULL && !self->days_failed)
    gtk_box_append (GTK_BOX (self->days_box), label_new (_("Looking for free days…"), "note"));
  else if (self->days == NULL || self->days->len == 0)
    gtk_box_append (GTK_BOX (self->days_box),
                    label_new (_("There are no free appointments in the next weeks. Please ask at the desk."), "note"));
  else
    {
      GtkWidget *flow = flow_new (2);

      for (guint i = 0; i < self->days->len; i++)
        {
          GDate *date = &g_array_index (self->days, GDate, i);
          g_autofree char *text = format_date (date);
          GtkWidget *button = gtk_toggle_button_new_with_label (text);

          gtk_widget_add_css_class (button, "day");
          set_name (button, text);
          gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                          GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Day"),
                                          -1);
          g_object_set_data_full (G_OBJECT (button), "date", g_memdup2 (date, sizeof *date), g_free);
          if (group != NULL)
            gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
          else
            group = GTK_TOGGLE_BUTTON (button);
          if (g_date_valid (&self->date) && g_date_compare (&self->date, date) == 0)
            gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
          g_signal_connect (button, "toggled", G_CALLBACK (on_day_toggled_cb), self);
          flow_append (flow, button);
        }
      gtk_box_append (GTK_BOX (self->days_box), flow);
    }
  gtk_box_append (GTK_BOX (box), self->days_box);

  /* Time */
  self->slots_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_box_append (GTK_BOX (box), self->slots_box);
  fill_slots (self);

  /* Mediator */
  section = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_add_css_class (section, "section");
  mediator = button_fill (gtk_toggle_button_new (), _("I need a mediator who speaks my language"),
                          "mediator", 56, FALSE, "row-button");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (mediator), self->mediator);
  g_signal_connect (mediator, "toggled", G_CALLBACK (on_mediator_toggled_cb), self);
  gtk_box_append (GTK_BOX (section), mediator);
  mediator_days = mediator_days_text (self);
  gtk_box_append (GTK_BOX (section), label_new (mediator_days, "note"));
  gtk_box_append (GTK_BOX (box), section);

  /* Phone, optional */
  section = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_add_css_class (section, "section");
  phone_toggle = gtk_toggle_button_new_with_label (_("Add a phone number for a reminder (optional)"));
  gtk_widget_add_css_class (phone_toggle, "row-button");
  gtk_label_set_wrap (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (phone_toggle))), TRUE);
  set_name (phone_toggle, _("Add a phone number for a reminder (optional)"));
  keypad = sportello_kiosk_keypad_new (SPORTELLO_KIOSK_KEYPAD_PHONE, _("Phone number"), 16);
  sportello_kiosk_keypad_set_text (SPORTELLO_KIOSK_KEYPAD (keypad), self->phone);
  gtk_widget_set_visible (keypad, self->want_phone);
  g_signal_connect (keypad, "changed", G_CALLBACK (on_phone_changed_cb), self);
  g_object_set_data (G_OBJECT (phone_toggle), "keypad", keypad);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (phone_toggle), self->want_phone);
  g_signal_connect (phone_toggle, "toggled", G_CALLBACK (on_phone_toggled_cb), self);
  gtk_box_append (GTK_BOX (section), phone_toggle);
  gtk_box_append (GTK_BOX (section), keypad);
  gtk_box_append (GTK_BOX (box), section);

  /* Consent, in plain words */
  consent = g_strdup_printf (_("No name is needed. We keep your appointment, and your phone number if you "
                               "give it, only to serve you at this desk. The phone number is deleted after "
                               "%d days. By pressing “Confirm” you agree to this."),
                             sportello_desk_get_retention_days (self->desk));
  gtk_box_append (GTK_BOX (box), label_new (consent, "note"));

  if (self->booking_error != NULL)
    gtk_box_append (GTK_BOX (box), label_new (self->booking_error, "error-text"));

  self->booking_status = GTK_LABEL (label_new (NULL, "note"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->booking_status));

  self->confirm_button = button_new (_("Confirm"), "check-in", 56, FALSE, "row-button");
  gtk_widget_add_css_class (self->confirm_button, "primary");
  g_signal_connect (self->confirm_button, "clicked", G_CALLBACK (on_confirm_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), self->confirm_button);
  update_confirm (self);

  start_booking_lookups (self);
  return page;
}

static void
on_listen_code_clicked_cb (GtkButton            *button,
                           SportelloKioskWindow *self)
{
  g_autofree char *spelled = NULL;
  g_autofree char *text = NULL;

  note_input (self);
  if (listen_pressed_stops (self) || self->ticket == NULL)
    return;
  spelled = sportello_code_spell (self->ticket->code);
  /* Translators: %s is the ticket code spelled character by character */
  text = g_strdup_printf (_("Your code is %s."), spelled);
  speak (self, NULL, text);
}

static void
on_print_clicked_cb (GtkButton            *button,
                     SportelloKioskWindow *self)
{
  note_input (self);
  print_ticket (self);
}

static void
on_ticket_done_clicked_cb (GtkButton            *button,
                           SportelloKioskWindow *self)
{
  note_input (self);
  show_page (self, "campaign", FALSE);
}

static void
add_fact (GtkWidget  *grid,
          int         row,
          const char *name,
          const char *value)
{
  GtkWidget *label = label_new (name, "note");
  GtkWidget *text = label_new (value, "subtitle");

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (text, 0);
  gtk_grid_attach (GTK_GRID (grid), label, 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), text, 1, row, 1, 1);
}

static GtkWidget *
build_ticket (SportelloKioskWindow *self)
{
  SportelloTicket *ticket = self->ticket;
  const SportelloService *service;
  const SportelloServiceRules *rules;
  GtkWidget *box;
  GtkWidget *page = page_box_new (&box);
  GtkWidget *card;
  GtkWidget *code;
  GtkWidget *grid;
  GtkWidget *done;
  int row = 0;

  if (ticket == NULL)
    return page;

  service = sportello_catalog_lookup_service (self->catalog, ticket->service_id);
  rules = sportello_desk_get_rules (self->desk, ticket->service_id);

  gtk_box_append (GTK_BOX (box),
                  label_new (sportello_ticket_is_walk_in (ticket)
                             ? _("Your number") : _("Your appointment is booked"),
                             "title"));

  card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 16);
  gtk_widget_add_css_class (card, "ticket-box");

  code = gtk_label_new (ticket->code);
  gtk_widget_add_css_class (code, "ticket-code");
  gtk_widget_set_direction (code, GTK_TEXT_DIR_LTR);
  gtk_widget_set_name (code, "ticket-code");
  gtk_box_append (GTK_BOX (card), code);

  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 24);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
  if (service != NULL)
    add_fact (grid, row++, _("Service"), tr (sportello_service_get_title (service)));
  {
    g_autofree char *day = format_date (&ticket->date);
    add_fact (grid, row++, _("Day"), day);
  }
  if (ticket->minute >= 0)
    {
      g_autofree char *time = format_minute (ticket->minute);
      g_autofree char *time_ltr = ltr (time);
      add_fact (grid, row++, _("Time"), time_ltr);
    }
  {
    g_autofree char *place = g_strdup_printf ("%s%s%s", LRI, sportello_desk_get_name (self->desk), PDI);
    g_autofree char *address = ltr (sportello_desk_get_address (self->desk));
    g_autofree char *both = g_strdup_printf ("%s\n%s", place, address);
    add_fact (grid, row++, _("Place"), both);
  }
  if (rules != NULL && rules->where != NULL)
    {
      g_autofree char *where = ltr (rules->where);
      add_fact (grid, row++, _("Counter"), where);
    }
  if (ticket->needs_mediator)
    add_fact (grid, row++, _("Mediator"), _("Yes, in your language"));
  gtk_box_append (GTK_BOX (card), grid);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GdkTexture) texture = sportello_kiosk_qr_texture_new (ticket->code, 8, &error);

    if (texture != NULL)
      {
        GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));

        gtk_picture_set_can_shrink (GTK_PICTURE (picture), FALSE);
        gtk_widget_set_halign (picture, GTK_ALIGN_CENTER);
        gtk_picture_set_alternative_text (GTK_PICTURE (picture), _("QR code of your ticket code"));
        gtk_box_append (GTK_BOX (card), picture);
      }
    else
      g_printerr ("sportello: %s\n", error->message);
  }
  gtk_box_append (GTK_BOX (box), card);

  gtk_box_append (GTK_BOX (box),
                  label_new (_("Show this code at the desk, or take a photo of this screen."), "lead"));

  if (can_speak (self))
    {
      gtk_box_append (GTK_BOX (box),
                      listen_row_new (self, G_CALLBACK (on_listen_code_clicked_cb)));
    }
  if (self->printer_name != NULL)
    {
      GtkWidget *print = button_new (_("Print"), "ticket", 48, FALSE, "row-button");
      g_signal_connect (print, "clicked", G_CALLBACK (on_print_clicked_cb), self);
      gtk_box_append (GTK_BOX (box), print);
    }

  done = button_new (_("Done"), "check-in", 48, FALSE, "row-button");
  gtk_widget_add_css_class (done, "primary");
  g_signal_connect (done, "clicked", G_CALLBACK (on_ticket_done_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), done);
  return page;
}

static void
on_campaign_clicked_cb (GtkButton            *button,
                        SportelloKioskWindow *self)
{
  if (self->summary != NULL)
    self->summary->campaign = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "campaign"));
  end_session (self, SPORTELLO_END_FINISHED);
}

static GtkWidget *
build_campaign (SportelloKioskWindow *self)
{
  static const SportelloCampaign answers[] = {
    SPORTELLO_CAMPAIGN_POSTER, SPORTELLO_CAMPAIGN_SOCIAL, SPORTELLO_CAMPAIGN_FRIEND,
    SPORTELLO_CAMPAIGN_OFFICE, SPORTELLO_CAMPAIGN_PRESS, SPORTELLO_CAMPAIGN_OTHER,
  };
  GtkWidget *box;
  GtkWidget *page = page_box_new (&box);
  GtkWidget *flow = flow_new (2);
  GtkWidget *skip;

  gtk_box_append (GTK_BOX (box), label_new (_("How did you hear about this desk?"), "title"));
  gtk_box_append (GTK_BOX (box), label_new (_("One question to help us reach more people. You can skip it."), "lead"));
  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      GtkWidget *button = button_new (tr (sportello_campaign_get_label (answers[i])), NULL, 0, TRUE, "tile");

      gtk_widget_set_size_request (button, -1, 140);
      g_object_set_data (G_OBJECT (button), "campaign", GINT_TO_POINTER (answers[i]));
      g_signal_connect (button, "clicked", G_CALLBACK (on_campaign_clicked_cb), self);
      flow_append (flow, button);
    }
  gtk_box_append (GTK_BOX (box), flow);

  skip = button_new (_("Skip"), NULL, 0, FALSE, "row-button");
  g_object_set_data (G_OBJECT (skip), "campaign", GINT_TO_POINTER (SPORTELLO_CAMPAIGN_SKIPPED));
  g_signal_connect (skip, "clicked", G_CALLBACK (on_campaign_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), skip);
  return page;
}

static void
on_checkin_code_changed_cb (SportelloKioskKeypad *keypad,
                            SportelloKioskWindow *self)
{
  note_input (self);
  g_free (self->checkin_code);
  self->checkin_code = g_strdup (sportello_kiosk_keypad_get_text (keypad));
}

static void
check_in (SportelloKioskWindow *self,
          const char           *text)
{
  Request *request;

  if (self->store == NULL || self->busy)
    return;
  self->busy = TRUE;
  request = request_new (self);
  request->code = g_strdup (text);
  if (self->checkin_status != NULL)
    gtk_label_set_text (self->checkin_status, _("Checking…"));
  sportello_store_run_async (self->store, check_in_func,
                             request, (GDestroyNotify) request_free,
                             (GDestroyNotify) sportello_ticket_free,
                             self->cancellable, on_checked_in_cb, self);
}

static void
on_checkin_confirm_clicked_cb (GtkButton            *button,
                               SportelloKioskWindow *self)
{
  note_input (self);
  if (self->checkin_code == NULL || *self->checkin_code == '\0')
    {
      g_free (self->checkin_message);
      self->checkin_message = g_strdup (_("Type the code of your ticket first: a letter and a number."));
      rebuild_page (self);
      return;
    }
  check_in (self, self->checkin_code);
}

static void
on_code_read_cb (SportelloKioskScanner *scanner,
                 const char            *text,
                 SportelloKioskWindow  *self)
{
  note_input (self);
  check_in (self, text);
}

static void
on_camera_clicked_cb (GtkButton            *button,
                      SportelloKioskWindow *self)
{
  g_autoptr(GError) error = NULL;

  note_input (self);
  if (self->scanner == NULL)
    {
      self->scanner = sportello_kiosk_scanner_new (self->camera_source);
      g_signal_connect (self->scanner, "code-read", G_CALLBACK (on_code_read_cb), self);
    }
  if (!sportello_kiosk_scanner_start (self->scanner, &error))
    {
      g_printerr ("sportello: camera: %s\n", error->message);
      g_free (self->checkin_message);
      self->checkin_message = g_strdup (_("The camera does not work. Please type your code."));
      rebuild_page (self);
      return;
    }
  if (self->checkin_status != NULL)
    gtk_label_set_text (self->checkin_status, _("Hold the QR code of your ticket in front of the camera."));
}

static void
on_checkin_done_clicked_cb (GtkButton            *button,
                            SportelloKioskWindow *self)
{
  note_input (self);
  show_page (self, "campaign", FALSE);
}

static GtkWidget *
build_checkin (SportelloKioskWindow *self)
{
  GtkWidget *box;
  GtkWidget *page = page_box_new (&box);
  GtkWidget *status;

  gtk_box_append (GTK_BOX (box), label_new (_("I have an appointment"), "title"));

  status = label_new (self->checkin_message, self->checkin_ok ? "ok-text" : "error-text");
  gtk_widget_set_visible (status, self->checkin_message != NULL);
  self->checkin_status = GTK_LABEL (status);

  if (self->checkin_ok)
    {
      GtkWidget *done = button_new (_("Done"), "check-in", 48, FALSE, "row-button");

      gtk_box_append (GTK_BOX (box), status);
      gtk_widget_add_css_class (done, "primary");
      g_signal_connect (done, "clicked", G_CALLBACK (on_checkin_done_clicked_cb), self);
      gtk_box_append (GTK_BOX (box), done);
      return page;
    }

  if (!self->store_ok)
    {
      gtk_box_append (GTK_BOX (box), store_warning_new ());
      return page;
    }

  gtk_box_append (GTK_BOX (box),
                  label_new (_("Type the code on your ticket (a letter and a number), then press “Check in”."), "lead"));
  {
    GtkWidget *keypad = sportello_kiosk_keypad_new (SPORTELLO_KIOSK_KEYPAD_CODE, _("Ticket code"), 6);
    sportello_kiosk_keypad_set_text (SPORTELLO_KIOSK_KEYPAD (keypad), self->checkin_code);
    g_signal_connect (keypad, "changed", G_CALLBACK (on_checkin_code_changed_cb), self);
    gtk_box_append (GTK_BOX (box), keypad);
  }
  gtk_box_append (GTK_BOX (box), status);
  {
    GtkWidget *confirm = button_new (_("Check in"), "check-in", 56, FALSE, "row-button");
    gtk_widget_add_css_class (confirm, "primary");
    g_signal_connect (confirm, "clicked", G_CALLBACK (on_checkin_confirm_clicked_cb), self);
    gtk_box_append (GTK_BOX (box), confirm);
  }
  if (self->camera_source != NULL)
    {
      GtkWidget *camera = button_new (_("Show the QR code to the camera"), "ticket", 56, FALSE, "row-button");
      g_signal_connect (camera, "clicked", G_CALLBACK (on_camera_clicked_cb), self);
      gtk_box_append (GTK_BOX (box), camera);
    }
  return page;
}

/* Staff exit: the hidden corner, then the desk's PIN. */

static void
verify_pin_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  char **pair = task_data;

  g_task_return_boolean (task, sportello_pin_verify (pair[0], pair[1]));
}

static void
on_pin_verified_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  SportelloKioskWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  if (ok)
    {
      g_printerr ("sportello: staff exit\n");
      self->allow_close = TRUE;
      end_session (self, SPORTELLO_END_BACK_TO_START);
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  g_clear_pointer (&self->pin, g_free);
  g_free (self->pin_message);
  self->pin_message = g_strdup (_("Wrong PIN."));
  rebuild_page (self);
}

static void
on_pin_changed_cb (SportelloKioskKeypad *keypad,
                   SportelloKioskWindow *self)
{
  g_free (self->pin);
  self->pin = g_strdup (sportello_kiosk_keypad_get_text (keypad));
}

static void
on_pin_confirm_clicked_cb (GtkButton            *button,
                           SportelloKioskWindow *self)
{
  const char *hash = sportello_desk_get_staff_pin_hash (self->desk);
  g_autoptr(GTask) task = NULL;
  char **pair;

  if (hash == NULL || self->pin == NULL || self->busy)
    return;
  self->busy = TRUE;
  pair = g_new0 (char *, 3);
  pair[0] = g_strdup (hash);
  pair[1] = g_strdup (self->pin);
  task = g_task_new (NULL, self->life, on_pin_verified_cb, self);
  g_task_set_task_data (task, pair, (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, verify_pin_thread);
}

static GtkWidget *
build_staff (SportelloKioskWindow *self)
{
  GtkWidget *box;
  GtkWidget *page = page_box_new (&box);
  GtkWidget *keypad;
  GtkWidget *confirm;

  gtk_box_append (GTK_BOX (box), label_new (_("Staff: close the kiosk"), "title"));
  if (sportello_desk_get_staff_pin_hash (self->desk) == NULL)
    {
      gtk_box_append (GTK_BOX (box),
                      label_new (_("No staff PIN is set in desk.ini (StaffPinHash), so the kiosk cannot be closed from here."),
                                 "warning-box"));
      return page;
    }
  keypad = sportello_kiosk_keypad_new (SPORTELLO_KIOSK_KEYPAD_PIN, _("Staff PIN"), 12);
  g_signal_connect (keypad, "changed", G_CALLBACK (on_pin_changed_cb), self);
  gtk_box_append (GTK_BOX (box), keypad);
  if (self->pin_message != NULL)
    gtk_box_append (GTK_BOX (box), label_new (self->pin_message, "error-text"));
  confirm = button_new (_("Close the kiosk"), NULL, 0, FALSE, "row-button");
  gtk_widget_add_css_class (confirm, "primary");
  g_signal_connect (confirm, "clicked", G_CALLBACK (on_pin_confirm_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), confirm);
  return page;
}

/* Navigation -------------------------------------------------------------- */

static GtkWidget *
build_page (SportelloKioskWindow *self,
            const char           *page)
{
  if (g_str_equal (page, "languages"))
    return build_languages (self);
  if (g_str_equal (page, "topics"))
    return build_topics (self);
  if (g_str_equal (page, "services"))
    return build_services (self);
  if (g_str_equal (page, "service"))
    return build_service (self);
  if (g_str_equal (page, "booking"))
    return build_booking (self);
  if (g_str_equal (page, "ticket"))
    return build_ticket (self);
  if (g_str_equal (page, "campaign"))
    return build_campaign (self);
  if (g_str_equal (page, "checkin"))
    return build_checkin (self);
  if (g_str_equal (page, "staff"))
    return build_staff (self);
  return build_start (self);
}

static void
show_page (SportelloKioskWindow *self,
           const char           *page,
           gboolean              remember)
{
  GtkWidget *old = gtk_stack_get_visible_child (self->stack);
  GtkWidget *child;
  gboolean start;

  if (remember && self->page != NULL && !g_str_equal (self->page, page))
    g_ptr_array_add (self->history, g_strdup (self->page));

  /* Speech belongs to the page it was asked on. */
  stop_speaking (self);

  /* Widgets of the old screen are about to go. */
  self->listen_button = NULL;
  self->greeting_label = NULL;
  self->days_box = NULL;
  self->slots_box = NULL;
  self->confirm_button = NULL;
  self->booking_status = NULL;
  self->waiting_label = NULL;
  self->checkin_status = NULL;
  if (self->scanner != NULL && !g_str_equal (page, "checkin"))
    sportello_kiosk_scanner_stop (self->scanner);

  g_free (self->page);
  self->page = g_strdup (page);
  if (self->trace)
    {
      g_free (self->trace_page);
      self->trace_page = g_strdup (page);
    }

  child = build_page (self, page);
  gtk_stack_add_child (self->stack, child);
  gtk_stack_set_visible_child (self->stack, child);
  if (old != NULL)
    gtk_stack_remove (self->stack, old);

  start = g_str_equal (page, "start");
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), !start);
  gtk_widget_set_visible (GTK_WIDGET (self->home_button), !start);
}

static void
rebuild_page (SportelloKioskWindow *self)
{
  g_autofree char *page = g_strdup (self->page != NULL ? self->page : "start");

  show_page (self, page, FALSE);
}

static void
on_back_button_clicked_cb (SportelloKioskWindow *self)
{
  g_autofree char *previous = NULL;

  note_input (self);
  if (self->history->len == 0)
    {
      end_session (self, SPORTELLO_END_BACK_TO_START);
      return;
    }
  previous = g_strdup (g_ptr_array_index (self->history, self->history->len - 1));
  g_ptr_array_remove_index (self->history, self->history->len - 1);
  if (g_str_equal (previous, "start"))
    {
      end_session (self, SPORTELLO_END_BACK_TO_START);
      return;
    }
  self->busy = FALSE;
  show_page (self, previous, FALSE);
}

static void
on_home_button_clicked_cb (SportelloKioskWindow *self)
{
  /* After a ticket, starting again is the natural end of the session. */
  end_session (self, self->ticket != NULL || self->checked_in
               ? SPORTELLO_END_FINISHED : SPORTELLO_END_BACK_TO_START);
}

static void
on_text_size_button_clicked_cb (SportelloKioskWindow *self)
{
  static const char *classes[] = { NULL, "text-large", "text-larger" };

  note_input (self);
  if (classes[self->text_size] != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self), classes[self->text_size]);
  self->text_size = (self->text_size + 1) % G_N_ELEMENTS (classes);
  if (classes[self->text_size] != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self), classes[self->text_size]);
}

static void
on_contrast_button_toggled_cb (SportelloKioskWindow *self)
{
  note_input (self);
  if (gtk_toggle_button_get_active (self->contrast_button))
    gtk_widget_add_css_class (GTK_WIDGET (self), "high-contrast");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "high-contrast");
}

/* Idle -------------------------------------------------------------------- */

static void
dismiss_idle (SportelloKioskWindow *self)
{
  note_input (self);
  gtk_widget_set_visible (self->idle_overlay, FALSE);
}

static void
on_idle_button_clicked_cb (SportelloKioskWindow *self)
{
  dismiss_idle (self);
}

static void
on_idle_overlay_pressed_cb (GtkGestureClick      *gesture,
                            int                   n_press,
                            double                x,
                            double                y,
                            SportelloKioskWindow *self)
{
  dismiss_idle (self);
}

static void
update_countdown (SportelloKioskWindow *self)
{
  g_autofree char *count = g_strdup_printf ("%d", self->countdown_left);
  g_autofree char *name = g_strdup_printf (ngettext ("Still there? Touch to continue. Starting again in %d second.",
                                                     "Still there? Touch to continue. Starting again in %d seconds.",
                                                     self->countdown_left),
                                           self->countdown_left);

  gtk_label_set_text (self->idle_count_label, count);
  set_name (GTK_WIDGET (self->idle_button), name);
}

static gboolean
on_tick_cb (gpointer user_data)
{
  SportelloKioskWindow *self = user_data;
  gint64 now = g_get_monotonic_time ();

  if (!in_session (self))
    return G_SOURCE_CONTINUE;

  if (gtk_widget_get_visible (self->idle_overlay))
    {
      self->countdown_left--;
      if (self->countdown_left <= 0)
        {
          g_printerr ("sportello: idle: starting again\n");
          end_session (self, SPORTELLO_END_IDLE);
          return G_SOURCE_CONTINUE;
        }
      update_countdown (self);
      return G_SOURCE_CONTINUE;
    }

  if (now - self->last_input >= (gint64) self->idle_timeout * G_USEC_PER_SEC)
    {
      self->countdown_left = self->idle_countdown;
      update_countdown (self);
      gtk_widget_set_visible (self->idle_overlay, TRUE);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
on_any_event_cb (GtkEventControllerLegacy *controller,
                 GdkEvent                 *event,
                 SportelloKioskWindow     *self)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_BUTTON_PRESS:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
    case GDK_MOTION_NOTIFY:
    case GDK_SCROLL:
      if (!gtk_widget_get_visible (self->idle_overlay))
        note_input (self);
      break;
    case GDK_KEY_PRESS:
      note_input (self);
      if (gtk_widget_get_visible (self->idle_overlay))
        gtk_widget_set_visible (self->idle_overlay, FALSE);
      break;
    case GDK_BUTTON_RELEASE:
    case GDK_TOUCH_END:
      /* A tap ends here: buttons act on release. */
      if (self->trace)
        self->trace_input = g_get_monotonic_time ();
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

/* Frame timing ------------------------------------------------------------ */

/* Lines on stderr for tests/bench/kiosk, in g_get_monotonic_time()
 * microseconds (CLOCK_MONOTONIC, so a driver process can compare them with
 * its own clock):
 *   sportello-trace first-frame T
 *   sportello-trace page NAME input T0 painted T1
 * T0 is the last tap's release, 0 when a timer changed the page. */
static void
on_after_paint_cb (GdkFrameClock        *clock,
                   SportelloKioskWindow *self)
{
  gint64 now = g_get_monotonic_time ();

  if (!self->traced_first_frame)
    {
      self->traced_first_frame = TRUE;
      g_printerr ("sportello-trace first-frame %" G_GINT64_FORMAT "\n", now);
    }
  if (self->trace_page != NULL)
    {
      g_printerr ("sportello-trace page %s input %" G_GINT64_FORMAT " painted %" G_GINT64_FORMAT "\n",
                  self->trace_page, self->trace_input, now);
      g_clear_pointer (&self->trace_page, g_free);
      self->trace_input = 0;
    }
}

static void
on_realize_trace_cb (GtkWidget            *widget,
                     SportelloKioskWindow *self)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                           G_CALLBACK (on_after_paint_cb), self, 0);
}

/* Lockdown ---------------------------------------------------------------- */

static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   SportelloKioskWindow  *self)
{
  /* No keyboard is needed; what a keyboard could do to leave or disturb
   * the kiosk (Alt+F4, Ctrl+Q/W, F11, Esc, Super, the inspector, menus)
   * does nothing. */
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK | GDK_META_MASK | GDK_HYPER_MASK))
    return GDK_EVENT_STOP;
  if ((keyval >= GDK_KEY_F1 && keyval <= GDK_KEY_F35) || keyval == GDK_KEY_Escape
      || keyval == GDK_KEY_Super_L || keyval == GDK_KEY_Super_R
      || keyval == GDK_KEY_Meta_L || keyval == GDK_KEY_Meta_R
      || keyval == GDK_KEY_Hyper_L || keyval == GDK_KEY_Hyper_R
      || keyval == GDK_KEY_Menu || keyval == GDK_KEY_Alt_L || keyval == GDK_KEY_Alt_R)
    return GDK_EVENT_STOP;
  return GDK_EVENT_PROPAGATE;
}

static void
on_secondary_pressed_cb (GtkGestureClick      *gesture,
                         int                   n_press,
                         double                x,
                         double                y,
                         SportelloKioskWindow *self)
{
  /* No context menus anywhere. */
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
on_corner_pressed_cb (GtkGestureClick      *gesture,
                      int                   n_press,
                      double                x,
                      double                y,
                      SportelloKioskWindow *self)
{
  gint64 now = g_get_monotonic_time ();

  /* The hidden staff gesture: 5 taps within 3 s on the top-left corner of
   * the status bar, which holds no control. */
  if (x > 120 || y > gtk_widget_get_height (self->statusbar))
    {
      self->corner_taps = 0;
      return;
    }
  if (self->corner_taps == 0 || now - self->first_corner_tap > CORNER_WINDOW_USEC)
    {
      self->corner_taps = 0;
      self->first_corner_tap = now;
    }
  if (++self->corner_taps >= CORNER_TAPS)
    {
      self->corner_taps = 0;
      g_clear_pointer (&self->pin, g_free);
      g_clear_pointer (&self->pin_message, g_free);
      self->busy = FALSE;
      begin_session (self);
      show_page (self, "staff", TRUE);
    }
}

static gboolean
sportello_kiosk_window_close_request (GtkWindow *window)
{
  SportelloKioskWindow *self = SPORTELLO_KIOSK_WINDOW (window);

  if (self->allow_close || self->windowed)
    return GTK_WINDOW_CLASS (sportello_kiosk_window_parent_class)->close_request (window);
  return TRUE;  /* refused: only staff close the kiosk */
}

/* Object ------------------------------------------------------------------- */

static void
sportello_kiosk_window_dispose (GObject *object)
{
  SportelloKioskWindow *self = SPORTELLO_KIOSK_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->life != NULL)
    g_cancellable_cancel (self->life);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->greeting_id, g_source_remove);
  g_clear_handle_id (&self->store_check_id, g_source_remove);
  if (self->scanner != NULL)
    sportello_kiosk_scanner_stop (self->scanner);
  g_clear_object (&self->scanner);
#ifdef SPORTELLO_KIOSK_HAVE_SPEAKER
  g_clear_object (&self->speaker);
#endif

  /* The template's overlay is the window's child: let the window drop it
   * first, or disposing the template leaves the window a stale pointer. */
  gtk_window_set_child (GTK_WINDOW (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SPORTELLO_TYPE_KIOSK_WINDOW);

  G_OBJECT_CLASS (sportello_kiosk_window_parent_class)->dispose (object);
}

static void
sportello_kiosk_window_finalize (GObject *object)
{
  SportelloKioskWindow *self = SPORTELLO_KIOSK_WINDOW (object);

  g_clear_pointer (&self->summary, sportello_session_summary_free);
  clear_session_state (self);
  g_ptr_array_unref (self->history);
  g_free (self->page);
  g_free (self->trace_page);
  g_free (self->db_path);
  g_free (self->kiosk_id);
  g_free (self->printer_name);
  g_free (self->camera_source);
  g_clear_object (&self->store);
  g_clear_object (&self->catalog);
  g_clear_object (&self->desk);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->life);

  G_OBJECT_CLASS (sportello_kiosk_window_parent_class)->finalize (object);
}

static void
sportello_kiosk_window_class_init (SportelloKioskWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sportello_kiosk_window_dispose;
  object_class->finalize = sportello_kiosk_window_finalize;
  window_class->close_request = sportello_kiosk_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sportello/Kiosk/sportello-kiosk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SportelloKioskWindow, overlay);
  gtk_widget_class_bind_template_child (widget_class, SportelloKioskWindow, statusbar);
  gtk_widget_class_bind_template_child (widget_class, SportelloKioskWindow, desk_label);
  gtk_widget_class_bind_template_child (widget_class, SportelloKioskWindow, demo_label);
  gtk_widget_class_bind_template_child (widget_class, SportelloKioskWindow, topbar);
  gtk_widget_class_bind_template_child (widget_class, SportelloKioskWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, SportelloKioskWindow, home_button);
  gtk_widget_class_bind_template_child (widget_class, SportelloKioskWindow, text_size_button);
  gtk_widget_class_bind_template_child (widget_class, SportelloKioskWindow, contrast_button);
  gtk_widget_class_bind_template_child (widget_class, SportelloKioskWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SportelloKioskWindow, idle_overlay);
  gtk_widget_class_bind_template_child (widget_class, SportelloKioskWindow, idle_button);
  gtk_widget_class_bind_template_child (widget_class, SportelloKioskWindow, idle_label);
  gtk_widget_class_bind_template_child (widget_class, SportelloKioskWindow, idle_count_label);
  gtk_widget_class_bind_template_callback (widget_class, on_back_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_home_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_text_size_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_contrast_button_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_idle_button_clicked_cb);
}

static void
sportello_kiosk_window_init (SportelloKioskWindow *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->trace = g_getenv ("SPORTELLO_KIOSK_TRACE") != NULL;
  if (self->trace)
    g_signal_connect (self, "realize", G_CALLBACK (on_realize_trace_cb), self);

  self->history = g_ptr_array_new_with_free_func (g_free);
  self->cancellable = g_cancellable_new ();
  self->life = g_cancellable_new ();
  self->minute = -1;
  self->waiting = -1;
  g_date_clear (&self->date, 1);

  /* Input of any kind keeps the session alive. */
  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "event", G_CALLBACK (on_any_event_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_secondary_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_corner_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_idle_overlay_pressed_cb), self);
  gtk_widget_add_controller (self->idle_overlay, GTK_EVENT_CONTROLLER (gesture));
}

GtkWindow *
sportello_kiosk_window_new (GtkApplication   *application,
                            SportelloCatalog *catalog,
                            SportelloDesk    *desk,
                            const char       *db_path,
                            const char       *kiosk_id,
                            int               idle_timeout,
                            int               idle_countdown,
                            gboolean          windowed)
{
  SportelloKioskWindow *self = g_object_new (SPORTELLO_TYPE_KIOSK_WINDOW,
                                             "application", application,
                                             NULL);

  self->catalog = g_object_ref (catalog);
  self->desk = g_object_ref (desk);
  self->db_path = g_strdup (db_path);
  self->kiosk_id = g_strdup (kiosk_id);
  self->idle_timeout = idle_timeout;
  self->idle_countdown = idle_countdown;
  self->windowed = windowed;
  self->store_ok = FALSE;  /* until the store says it can write */

#ifdef SPORTELLO_KIOSK_HAVE_SPEAKER
  {
    g_autofree char *assets = sportello_paths_assets_dir ();
    self->speaker = sportello_speaker_new (assets);
    g_signal_connect_object (self->speaker, "notify::playing",
                             G_CALLBACK (on_speaker_playing_notified_cb), self, 0);
  }
#endif
  self->camera_source = sportello_kiosk_scanner_find_source ();
  gtk_enumerate_printers (on_printer_found_cb, self, NULL, FALSE);

  switch_language (self, sportello_catalog_get_default_language (catalog));
  show_page (self, "start", FALSE);

  self->tick_id = g_timeout_add_seconds (1, on_tick_cb, self);
  self->greeting_id = g_timeout_add_seconds (GREETING_SECONDS, on_greeting_timeout_cb, self);
  check_store (self);
  self->store_check_id = g_timeout_add_seconds (STORE_RECHECK_SECONDS, on_store_check_timeout_cb, self);

  if (windowed)
    gtk_window_set_default_size (GTK_WINDOW (self), 720, 1280);
  else
    gtk_window_fullscreen (GTK_WINDOW (self));

  return GTK_WINDOW (self);
}
