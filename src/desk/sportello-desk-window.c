/* sportello-desk-window.c: sign in, choose counter and services, work the
 * queue, look at a day and close it
 *
 * Every store call runs on a worker thread (sportello_store_run_async); the
 * queue reloads when the store's change stamp moves (SportelloDeskWatch), so
 * a kiosk booking in another process shows up within a second.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sportello-desk-window.h"

#include <glib/gi18n.h>

#include "sportello-desk-watch.h"

#define UNDO_SECONDS 30
#define WATCH_INTERVAL_MS 500

struct _SportelloDeskWindow
{
  AdwApplicationWindow parent_instance;

  /* template */
  AdwToastOverlay  *toast_overlay;
  AdwWindowTitle   *window_title;
  GtkWidget        *work_switcher;
  GtkStack         *stack;
  GtkStack         *work_stack;
  GtkEntry         *operator_entry;
  GtkWidget        *pin_entry;
  GtkLabel         *sign_in_error;
  GtkDropDown      *counter_dropdown;
  GtkListBox       *services_list;
  GtkLabel         *selection_label;
  GtkListBox       *queue_list;
  GtkLabel         *day_label;
  GtkLabel         *counts_label;
  GtkLabel         *referrals_label;
  GtkListBox       *day_list;

  SportelloStore     *store;
  SportelloCatalog   *catalog;
  SportelloDesk      *desk;
  SportelloDeskWatch *watch;
  GCancellable       *cancellable;
  AdwToast           *toast;           /* the one shown last */

  char      *operator_id;
  char      *operator_name;
  char      *counter;
  GStrv      service_ids;
  GPtrArray *tickets;        /* SportelloTicket: the open ones of the queue */
  char      *selected_code;
  GDate      day;            /* of the day view */
  unsigned   minute_id;
  gboolean   busy;           /* an action is under way */
  gboolean   rebuilding;
};

G_DEFINE_FINAL_TYPE (SportelloDeskWindow, sportello_desk_window, ADW_TYPE_APPLICATION_WINDOW)

typedef enum
{
  OP_SIGN_IN,
  OP_CALL_NEXT,
  OP_TRANSITION,
  OP_UNDO,
  OP_CLOSE_DAY,
} OpKind;

/* One store call: its arguments for the worker and what the main thread
 * needs to report the outcome. Owned by the completion callback. */
typedef struct
{
  SportelloDeskWindow  *self;
  OpKind                kind;
  GDate                 date;
  char                 *code;
  SportelloState        from;
  SportelloState        to;
  SportelloProfessional professional;
  char                 *note;
  char                 *operator_id;
  char                 *pin;
  char                 *counter;
  GStrv                 service_ids;
  GTimeZone            *timezone;
} Op;

typedef struct
{
  GPtrArray          *tickets;
  SportelloDayCounts  counts;
} DayResult;

static void load_queue (SportelloDeskWindow *self);
static void load_day   (SportelloDeskWindow *self);
static void update_actions (SportelloDeskWindow *self);

static Op *
op_new (SportelloDeskWindow *self,
        OpKind               kind)
{
  Op *op = g_new0 (Op, 1);

  op->self = self;
  op->kind = kind;
  op->operator_id = g_strdup (self->operator_id);
  op->counter = g_strdup (self->counter);
  if (self->desk != NULL)
    sportello_desk_get_today (self->desk, &op->date);
  return op;
}

static void
op_free (Op *op)
{
  g_free (op->code);
  g_free (op->note);
  g_free (op->operator_id);
  if (op->pin != NULL)
    memset (op->pin, 0, strlen (op->pin));
  g_free (op->pin);
  g_free (op->counter);
  g_strfreev (op->service_ids);
  g_clear_pointer (&op->timezone, g_time_zone_unref);
  g_free (op);
}

static void
day_result_free (DayResult *result)
{
  g_clear_pointer (&result->tickets, g_ptr_array_unref);
  g_free (result);
}

/* Worker-thread functions: nothing here touches widgets. */

static gpointer
run_op (SportelloStore *store,
        gpointer        user_data,
        GCancellable   *cancellable,
        GError        **error)
{
  Op *op = user_data;

  switch (op->kind)
    {
    case OP_SIGN_IN:
      {
        char *name = NULL;

        if (!sportello_store_check_pin (store, op->operator_id, op->pin, &name, error))
          return NULL;
        return name != NULL ? name : g_strdup (op->operator_id);
      }
    case OP_CALL_NEXT:
      {
        g_autoptr(GDateTime) now = g_date_time_new_now (op->timezone);

        return sportello_store_call_next (store, now,
                                          (const char * const *) op->service_ids,
                                          op->operator_id, op->counter, error);
      }
    case OP_TRANSITION:
      return sportello_store_transition (store, &op->date, op->code, op->to,
                                         op->operator_id, op->counter,
                                         op->professional, op->note, error);
    case OP_UNDO:
      return sportello_store_undo_last (store, op->operator_id, UNDO_SECONDS, error);
    case OP_CLOSE_DAY:
      {
        SportelloDayCounts *counts = g_new0 (SportelloDayCounts, 1);

        if (!sportello_store_close_day (store, &op->date, op->operator_id, counts, error))
          {
            g_free (counts);
            return NULL;
          }
        return counts;
      }
    default:
      g_assert_not_reached ();
    }
}

static GDestroyNotify
op_result_free_func (OpKind kind)
{
  switch (kind)
    {
    case OP_CALL_NEXT:
    case OP_TRANSITION:
    case OP_UNDO:
      return (GDestroyNotify) sportello_ticket_free;
    case OP_SIGN_IN:
    case OP_CLOSE_DAY:
    default:
      return g_free;
    }
}

static gpointer
list_queue (SportelloStore *store,
            gpointer        user_data,
            GCancellable   *cancellable,
            GError        **error)
{
  Op *op = user_data;

  return sportello_store_list_tickets (store, &op->date,
                                       (const char * const *) op->service_ids, error);
}

static gpointer
list_day (SportelloStore *store,
          gpointer        user_data,
          GCancellable   *cancellable,
          GError        **error)
{
  Op *op = user_data;
  g_autoptr(GPtrArray) tickets = NULL;
  DayResult *result;

  tickets = sportello_store_list_tickets (store, &op->date, NULL, error);
  if (tickets == NULL)
    return NULL;

  result = g_new0 (DayResult, 1);
  if (!sportello_store_count_day (store, &op->date, &result->counts, error))
    {
      g_free (result);
      return NULL;
    }
  result->tickets = g_steal_pointer (&tickets);
  return result;
}

/* Helpers */

static const char *
state_label (SportelloState state)
{
  /* State names are msgids of the core, translated in the staff domain. */
  return _(sportello_state_get_label (state));
}

static const char *
professional_label (SportelloProfessional professional)
{
  return _(sportello_professional_get_label (professional));
}

/* One toast at a time: the previous one goes before the next is added, so
 * the overlay's queue stays empty and a new undo is never held back behind
 * an older toast (nor an older one brought back after it). */
static void
present_toast (SportelloDeskWindow *self,
               AdwToast            *toast)
{
  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);
  g_set_object (&self->toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_toast (SportelloDeskWindow *self,
            const char          *text,
            gboolean             can_undo)
{
  AdwToast *toast = adw_toast_new (text);

  if (can_undo)
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "desk.undo");
      adw_toast_set_timeout (toast, UNDO_SECONDS);
    }
  else
    adw_toast_set_timeout (toast, 6);

  present_toast (self, toast);
}

static void
show_error (SportelloDeskWindow *self,
            const char          *summary,
            const GError        *error)
{
  g_autofree char *text = g_strdup_printf ("%s: %s", summary, error->message);
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 8);
  present_toast (self, toast);
}

static void
remove_rows (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static SportelloTicket *
find_ticket (SportelloDeskWindow *self,
             const char          *code)
{
  if (self->tickets == NULL || code == NULL)
    return NULL;
  for (unsigned i = 0; i < self->tickets->len; i++)
    {
      SportelloTicket *ticket = g_ptr_array_index (self->tickets, i);

      if (g_strcmp0 (ticket->code, code) == 0)
        return ticket;
    }
  return NULL;
}

static SportelloTicket *
get_selected (SportelloDeskWindow *self)
{
  return find_ticket (self, self->selected_code);
}

static GtkWidget *
add_label (GtkBox     *box,
           const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (box, label);
  return label;
}

static char *
format_slot (const SportelloTicket *ticket)
{
  if (sportello_ticket_is_walk_in (ticket))
    return g_strdup (_("Walk-in"));
  return g_strdup_printf ("%02d:%02d", ticket->minute / 60, ticket->minute % 60);
}

static char *
format_state (const SportelloTicket *ticket)
{
  if (ticket->counter != NULL
      && (ticket->state == SPORTELLO_STATE_CALLED || ticket->state == SPORTELLO_STATE_SERVING))
    /* Translators: a ticket's state and the counter it was called to */
    return g_strdup_printf (_("%s · counter %s"), state_label (ticket->state), ticket->counter);
  if (ticket->state == SPORTELLO_STATE_REFERRED && ticket->professional != SPORTELLO_PROFESSIONAL_NONE)
    return g_strdup_printf ("%s · %s", state_label (ticket->state),
                            professional_label (ticket->professional));
  return g_strdup (state_label (ticket->state));
}

static GtkWidget *
make_ticket_row (SportelloDeskWindow   *self,
                 const SportelloTicket *ticket,
                 gint64                 now,
                 gboolean               in_queue)
{
  const SportelloLanguage *language = NULL;
  const SportelloService *service;
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *label;
  g_autofree char *slot = format_slot (ticket);
  g_autofree char *state = format_state (ticket);

  row = gtk_list_box_row_new ();
  g_object_set_data_full (G_OBJECT (row), "code", g_strdup (ticket->code), g_free);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  label = add_label (GTK_BOX (box), ticket->code, "ticket-code");
  gtk_label_set_width_chars (GTK_LABEL (label), 6);
  label = add_label (GTK_BOX (box), slot, "numeric");
  gtk_label_set_width_chars (GTK_LABEL (label), 7);

  if (in_queue)
    {
      int minutes = (int) MAX (0, (now - ticket->created_at) / 60);
      g_autofree char *waited = g_strdup_printf (g_dngettext (NULL, "waiting %d minute", "waiting %d minutes", minutes), minutes);

      label = add_label (GTK_BOX (box), waited, "dim-label");
      gtk_label_set_width_chars (GTK_LABEL (label), 18);
    }

  service = sportello_catalog_lookup_service (self->catalog, ticket->service_id);
  label = add_label (GTK_BOX (box),
                     service != NULL ? dgettext (GETTEXT_PACKAGE, sportello_service_get_title (service))
                                     : ticket->service_id,
                     NULL);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), 16);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);

  if (ticket->language != NULL)
    language = sportello_catalog_lookup_language (self->catalog, ticket->language);
  label = add_label (GTK_BOX (box),
                     language != NULL ? sportello_language_get_endonym (language)
                                      : (ticket->language != NULL ? ticket->language : "—"),
                     "language");
  gtk_label_set_width_chars (GTK_LABEL (label), 10);
  /* An endonym in its own script keeps its direction inside the row. */
  if (language != NULL && sportello_language_is_rtl (language))
    gtk_widget_set_direction (label, GTK_TEXT_DIR_RTL);

  if (ticket->needs_mediator)
    {
      gboolean on_rota = sportello_desk_has_mediator (self->desk, &ticket->date, ticket->language);

      add_label (GTK_BOX (box), _("Needs a mediator"), "mediator-needed");
      add_label (GTK_BOX (box),
                 on_rota ? _("mediator on the rota today") : _("no mediator on the rota today"),
                 on_rota ? "success" : "error");
    }

  label = add_label (GTK_BOX (box), state, "ticket-state");
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (row, sportello_state_to_string (ticket->state));

  return row;
}

static void
render_queue (SportelloDeskWindow *self)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GtkListBoxRow *to_select = NULL;
  /* Rows are rebuilt on every change: keep the keyboard where it was. */
  gboolean had_focus = gtk_widget_get_focus_child (GTK_WIDGET (self->queue_list)) != NULL;

  self->rebuilding = TRUE;
  remove_rows (self->queue_list);
  for (unsigned i = 0; self->tickets != NULL && i < self->tickets->len; i++)
    {
      SportelloTicket *ticket = g_ptr_array_index (self->tickets, i);
      GtkWidget *row = make_ticket_row (self, ticket, now, TRUE);

      gtk_list_box_append (self->queue_list, row);
      if (g_strcmp0 (ticket->code, self->selected_code) == 0)
        to_select = GTK_LIST_BOX_ROW (row);
    }
  if (to_select != NULL)
    {
      gtk_list_box_select_row (self->queue_list, to_select);
      if (had_focus)
        gtk_widget_grab_focus (GTK_WIDGET (to_select));
    }
  else if (had_focus)
    gtk_widget_grab_focus (GTK_WIDGET (self->queue_list));
  self->rebuilding = FALSE;

  update_actions (self);
}

static void
update_actions (SportelloDeskWindow *self)
{
  gboolean working = self->operator_id != NULL && self->service_ids != NULL;
  gboolean free_hands = working && !self->busy;
  SportelloTicket *selected = working ? get_selected (self) : NULL;
  SportelloState state = selected != NULL ? selected->state : SPORTELLO_STATE_DONE;
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "desk.call-next", free_hands);
  gtk_widget_action_set_enabled (widget, "desk.call-selected",
                                 free_hands && selected != NULL && state != SPORTELLO_STATE_CALLED
                                 && sportello_state_can_transition (state, SPORTELLO_STATE_CALLED));
  gtk_widget_action_set_enabled (widget, "desk.recall",
                                 free_hands && selected != NULL && state == SPORTELLO_STATE_CALLED);
  gtk_widget_action_set_enabled (widget, "desk.start",
                                 free_hands && selected != NULL
                                 && sportello_state_can_transition (state, SPORTELLO_STATE_SERVING));
  gtk_widget_action_set_enabled (widget, "desk.done",
                                 free_hands && selected != NULL
                                 && sportello_state_can_transition (state, SPORTELLO_STATE_DONE));
  gtk_widget_action_set_enabled (widget, "desk.refer",
                                 free_hands && selected != NULL
                                 && sportello_state_can_transition (state, SPORTELLO_STATE_REFERRED));
  gtk_widget_action_set_enabled (widget, "desk.no-show",
                                 free_hands && selected != NULL
                                 && sportello_state_can_transition (state, SPORTELLO_STATE_NO_SHOW));
  gtk_widget_action_set_enabled (widget, "desk.cancel",
                                 free_hands && selected != NULL
                                 && sportello_state_can_transition (state, SPORTELLO_STATE_CANCELLED));
  gtk_widget_action_set_enabled (widget, "desk.undo", free_hands);
  gtk_widget_action_set_enabled (widget, "desk.close-day", free_hands);
  gtk_widget_action_set_enabled (widget, "desk.sign-out", self->operator_id != NULL);

  if (selected != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Selected: %s, %s"), selected->code, state_label (state));

      gtk_label_set_text (self->selection_label, text);
    }
  else
    gtk_label_set_text (self->selection_label, _("Select a ticket to act on it, or call the next one."));
}

static void
render_day (SportelloDeskWindow *self,
            DayResult           *result)
{
  g_autofree char *counts = NULL;
  g_autofree char *referrals = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const SportelloDayCounts *c = &result->counts;

  remove_rows (self->day_list);
  for (unsigned i = 0; i < result->tickets->len; i++)
    gtk_list_box_append (self->day_list,
                         make_ticket_row (self, g_ptr_array_index (result->tickets, i), now, FALSE));

  counts = g_strdup_printf (_("Served %d · No-show %d · Cancelled %d · Referred %d · Not served %d · Still open %d"),
                            c->served, c->no_show, c->cancelled, c->referred, c->not_served, c->open);
  gtk_label_set_text (self->counts_label, counts);
  /* Referrals count toward the second-level take-charge target. */
  referrals = g_strdup_printf (g_dngettext (NULL, "%d referral this day", "%d referrals this day", c->referred),
                               c->referred);
  gtk_label_set_text (self->referrals_label, referrals);
}

static void
update_day_label (SportelloDeskWindow *self)
{
  char text[128];

  if (g_date_strftime (text, sizeof text, "%A %-d %B %Y", &self->day) == 0)
    g_snprintf (text, sizeof text, "%04d-%02d-%02d", g_date_get_year (&self->day),
                g_date_get_month (&self->day), g_date_get_day (&self->day));
  gtk_label_set_text (self->day_label, text);
}

/* Completion callbacks */

static void
on_queue_listed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  Op *op = user_data;
  SportelloDeskWindow *self = op->self;

  tickets = sportello_store_run_finish (SPORTELLO_STORE (object), result, &error);
  op_free (op);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (tickets == NULL)
    {
      show_error (self, _("Cannot read the queue"), error);
      return;
    }

  g_clear_pointer (&self->tickets, g_ptr_array_unref);
  self->tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) sportello_ticket_free);
  for (unsigned i = 0; i < tickets->len; i++)
    {
      SportelloTicket *ticket = g_ptr_array_index (tickets, i);

      if (sportello_state_is_open (ticket->state))
        g_ptr_array_add (self->tickets, sportello_ticket_copy (ticket));
    }
  render_queue (self);
}

static void
on_day_listed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  DayResult *day;
  Op *op = user_data;
  SportelloDeskWindow *self = op->self;
  gboolean same_day;

  day = sportello_store_run_finish (SPORTELLO_STORE (object), result, &error);
  same_day = g_date_compare (&op->date, &self->day) == 0;
  op_free (op);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (day == NULL)
    {
      show_error (self, _("Cannot read the day"), error);
      return;
    }
  if (same_day)
    render_day (self, day);
  day_result_free (day);
}

static void
load_queue (SportelloDeskWindow *self)
{
  Op *op;

  if (self->service_ids == NULL)
    return;
  op = op_new (self, OP_TRANSITION);
  op->service_ids = g_strdupv (self->service_ids);
  sportello_store_run_async (self->store, list_queue, op, NULL,
                             (GDestroyNotify) g_ptr_array_unref,
                             self->cancellable, on_queue_listed_cb, op);
}

static void
load_day (SportelloDeskWindow *self)
{
  Op *op;

  if (self->operator_id == NULL)
    return;
  op = op_new (self, OP_TRANSITION);
  op->date = self->day;
  sportello_store_run_async (self->store, list_day, op, NULL,
                             (GDestroyNotify) day_result_free,
                             self->cancellable, on_day_listed_cb, op);
}

static void
on_store_changed_cb (SportelloDeskWindow *self)
{
  load_queue (self);
  load_day (self);
}

static gboolean
on_minute_cb (gpointer user_data)
{
  SportelloDeskWindow *self = user_data;

  /* Waiting times move on without asking the database. */
  render_queue (self);
  return G_SOURCE_CONTINUE;
}

static char *
describe_success (const Op              *op,
                  const SportelloTicket *ticket)
{
  switch (op->kind)
    {
    case OP_CALL_NEXT:
      return g_strdup_printf (_("%s called to counter %s"), ticket->code, ticket->counter ? ticket->counter : op->counter);
    case OP_UNDO:
      return g_strdup_printf (_("Undone: %s is back to “%s”"), ticket->code, state_label (ticket->state));
    case OP_TRANSITION:
      switch (op->to)
        {
        case SPORTELLO_STATE_CALLED:
          if (op->from == SPORTELLO_STATE_CALLED)
            return g_strdup_printf (_("%s called again to counter %s"), ticket->code, op->counter);
          return g_strdup_printf (_("%s called to counter %s"), ticket->code, op->counter);
        case SPORTELLO_STATE_SERVING:
          return g_strdup_printf (_("Serving %s"), ticket->code);
        case SPORTELLO_STATE_DONE:
          return g_strdup_printf (_("%s served"), ticket->code);
        case SPORTELLO_STATE_NO_SHOW:
          return g_strdup_printf (_("%s did not come"), ticket->code);
        case SPORTELLO_STATE_CANCELLED:
          return g_strdup_printf (_("%s cancelled"), ticket->code);
        case SPORTELLO_STATE_REFERRED:
          return g_strdup_printf (_("%s referred to: %s"), ticket->code, professional_label (op->professional));
        case SPORTELLO_STATE_BOOKED:
        case SPORTELLO_STATE_ARRIVED:
        case SPORTELLO_STATE_WAITING:
        case SPORTELLO_STATE_NOT_SERVED:
        default:
          return g_strdup_printf ("%s: %s", ticket->code, state_label (ticket->state));
        }
    case OP_SIGN_IN:
    case OP_CLOSE_DAY:
    default:
      return g_strdup (ticket->code);
    }
}

static char *
describe_failure (const Op *op)
{
  switch (op->kind)
    {
    case OP_CALL_NEXT:
      return g_strdup (_("Cannot call the next person"));
    case OP_UNDO:
      return g_strdup (_("Nothing to undo"));
    case OP_CLOSE_DAY:
      return g_strdup (_("Cannot close the day"));
    case OP_TRANSITION:
      return g_strdup_printf (_("Cannot change %s"), op->code);
    case OP_SIGN_IN:
    default:
      return g_strdup (_("Cannot sign in"));
    }
}

static void
on_op_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SportelloTicket) ticket = NULL;
  Op *op = user_data;
  SportelloDeskWindow *self = op->self;

  ticket = sportello_store_run_finish (SPORTELLO_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      op_free (op);
      return;
    }

  self->busy = FALSE;
  if (ticket == NULL)
    {
      g_autofree char *summary = describe_failure (op);

      if (op->kind == OP_CALL_NEXT && g_error_matches (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_NOT_FOUND))
        show_toast (self, _("Nobody is waiting for your services"), FALSE);
      else
        show_error (self, summary, error);
    }
  else
    {
      g_autofree char *text = describe_success (op, ticket);

      show_toast (self, text, op->kind != OP_UNDO);
      if (sportello_state_is_open (ticket->state))
        {
          g_free (self->selected_code);
          self->selected_code = g_strdup (ticket->code);
        }
    }
  op_free (op);

  update_actions (self);
  /* Our own change moved the stamp: reload now rather than at the next tick. */
  if (self->watch != NULL)
    sportello_desk_watch_check (self->watch);
}

static void
start_op (SportelloDeskWindow *self,
          Op                  *op)
{
  self->busy = TRUE;
  update_actions (self);
  sportello_store_run_async (self->store, run_op, op, NULL, op_result_free_func (op->kind),
                             self->cancellable, on_op_done_cb, op);
}

static void
transition_selected (SportelloDeskWindow  *self,
                     SportelloState        to,
                     SportelloProfessional professional,
                     const char           *note)
{
  SportelloTicket *selected = get_selected (self);
  Op *op;

  if (selected == NULL || self->busy)
    return;

  op = op_new (self, OP_TRANSITION);
  op->date = selected->date;
  op->code = g_strdup (selected->code);
  op->from = selected->state;
  op->to = to;
  op->professional = professional;
  op->note = g_strdup (note);
  start_op (self, op);
}

/* Sign-in */

static void
on_signed_in_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  Op *op = user_data;
  SportelloDeskWindow *self = op->self;

  name = sportello_store_run_finish (SPORTELLO_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      op_free (op);
      return;
    }
  self->busy = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "desk.sign-in", TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->pin_entry), "");

  if (name == NULL)
    {
      const char *text;

      if (g_error_matches (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_DENIED)
          || g_error_matches (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_NOT_FOUND))
        /* An unknown id and a wrong PIN read the same: no hint for guessing. */
        text = _("Wrong operator id or PIN.");
      else
        /* LOCKED_OUT: the store's message says how long the lock lasts. */
        text = error->message;

      gtk_label_set_text (self->sign_in_error, text);
      gtk_widget_set_visible (GTK_WIDGET (self->sign_in_error), TRUE);
      gtk_widget_grab_focus (self->pin_entry);
      op_free (op);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_error), FALSE);
  g_free (self->operator_id);
  self->operator_id = g_strdup (op->operator_id);
  g_free (self->operator_name);
  self->operator_name = g_steal_pointer (&name);
  op_free (op);

  adw_window_title_set_subtitle (self->window_title, self->operator_name);
  gtk_stack_set_visible_child_name (self->stack, "setup");
  update_actions (self);
}

static void
on_sign_in_activated_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  SportelloDeskWindow *self = SPORTELLO_DESK_WINDOW (widget);
  g_autofree char *id = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->operator_entry))));
  const char *pin = gtk_editable_get_text (GTK_EDITABLE (self->pin_entry));
  Op *op;

  if (self->busy)
    return;
  if (*id == '\0' || *pin == '\0')
    {
      gtk_label_set_text (self->sign_in_error, _("Enter your operator id and PIN."));
      gtk_widget_set_visible (GTK_WIDGET (self->sign_in_error), TRUE);
      return;
    }

  op = op_new (self, OP_SIGN_IN);
  g_free (op->operator_id);
  op->operator_id = g_steal_pointer (&id);
  op->pin = g_strdup (pin);
  self->busy = TRUE;
  gtk_widget_action_set_enabled (widget, "desk.sign-in", FALSE);
  sportello_store_run_async (self->store, run_op, op, NULL, g_free,
                             self->cancellable, on_signed_in_cb, op);
}

static void
on_pin_activated_cb (SportelloDeskWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "desk.sign-in", NULL);
}

static void
on_operator_activated_cb (SportelloDeskWindow *self)
{
  gtk_widget_grab_focus (self->pin_entry);
}

static void
on_sign_out_activated_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  SportelloDeskWindow *self = SPORTELLO_DESK_WINDOW (widget);

  g_clear_object (&self->watch);
  g_clear_pointer (&self->operator_id, g_free);
  g_clear_pointer (&self->operator_name, g_free);
  g_clear_pointer (&self->service_ids, g_strfreev);
  g_clear_pointer (&self->selected_code, g_free);
  g_clear_pointer (&self->tickets, g_ptr_array_unref);
  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);
  g_clear_object (&self->toast);
  render_queue (self);

  adw_window_title_set_subtitle (self->window_title, NULL);
  gtk_widget_set_visible (self->work_switcher, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->pin_entry), "");
  gtk_stack_set_visible_child_name (self->stack, "sign-in");
  gtk_widget_grab_focus (self->pin_entry);
}

/* Counter and services */

static void
fill_setup (SportelloDeskWindow *self)
{
  const char * const *counters = sportello_desk_get_counters (self->desk);
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  GPtrArray *services = sportello_catalog_get_services (self->catalog);

  for (size_t i = 0; counters != NULL && counters[i] != NULL; i++)
    gtk_string_list_append (model, counters[i]);
  if (g_list_model_get_n_items (G_LIST_MODEL (model)) == 0)
    gtk_string_list_append (model, "1");
  gtk_drop_down_set_model (self->counter_dropdown, G_LIST_MODEL (model));

  for (unsigned i = 0; i < services->len; i++)
    {
      const SportelloService *service = g_ptr_array_index (services, i);
      const SportelloServiceRules *rules = sportello_desk_get_rules (self->desk, sportello_service_get_id (service));
      GtkWidget *row;
      GtkWidget *check;
      g_autofree char *letter = NULL;

      if (rules == NULL || (!rules->booking && !rules->walk_in))
        continue;

      letter = g_strdup_printf (_("Ticket letter %c"), rules->letter);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     dgettext (GETTEXT_PACKAGE, sportello_service_get_title (service)));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), letter);
      check = gtk_check_button_new ();
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      dgettext (GETTEXT_PACKAGE, sportello_service_get_title (service)),
                                      -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_object_set_data_full (G_OBJECT (check), "service-id",
                              g_strdup (sportello_service_get_id (service)), g_free);
      g_object_set_data (G_OBJECT (row), "check", check);
      gtk_list_box_append (self->services_list, row);
    }
}

static gboolean
open_queue (gpointer user_data)
{
  SportelloDeskWindow *self = SPORTELLO_DESK_WINDOW (user_data);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;
  GtkStringObject *counter;
  g_autofree char *subtitle = NULL;

  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->services_list, i);
      GtkCheckButton *check;

      if (row == NULL)
        break;
      check = g_object_get_data (G_OBJECT (row), "check");
      if (check != NULL && gtk_check_button_get_active (check))
        g_strv_builder_add (builder, g_object_get_data (G_OBJECT (check), "service-id"));
    }
  ids = g_strv_builder_end (builder);
  if (ids[0] == NULL)
    {
      show_toast (self, _("Choose at least one service"), FALSE);
      return G_SOURCE_REMOVE;
    }

  counter = gtk_drop_down_get_selected_item (self->counter_dropdown);
  g_free (self->counter);
  self->counter = g_strdup (counter != NULL ? gtk_string_object_get_string (counter) : "1");
  g_strfreev (self->service_ids);
  self->service_ids = g_steal_pointer (&ids);

  /* Translators: operator name and counter in the title bar */
  subtitle = g_strdup_printf (_("%s · counter %s"), self->operator_name, self->counter);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_widget_set_visible (self->work_switcher, TRUE);
  gtk_stack_set_visible_child_name (self->work_stack, "queue");
  gtk_stack_set_visible_child_name (self->stack, "work");

  g_clear_object (&self->watch);
  self->watch = sportello_desk_watch_new (self->store, WATCH_INTERVAL_MS);
  g_signal_connect_object (self->watch, "changed", G_CALLBACK (on_store_changed_cb),
                           self, G_CONNECT_SWAPPED);
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->queue_list));
  return G_SOURCE_REMOVE;
}

static void
on_open_queue_activated_cb (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  /* Switch pages once the click that got here has ended: GTK 4.8 loses
   * count of the pressed state when the pressed button goes away under it. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, open_queue, g_object_ref (widget), g_object_unref);
}

/* Queue actions */

static void
on_row_selected_cb (SportelloDeskWindow *self,
                    GtkListBoxRow       *row,
                    GtkListBox          *list)
{
  if (self->rebuilding)
    return;
  g_free (self->selected_code);
  self->selected_code = row != NULL ? g_strdup (g_object_get_data (G_OBJECT (row), "code")) : NULL;
  update_actions (self);
}

static void
on_call_next_activated_cb (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  SportelloDeskWindow *self = SPORTELLO_DESK_WINDOW (widget);
  Op *op;

  if (self->busy || self->service_ids == NULL)
    return;
  op = op_new (self, OP_CALL_NEXT);
  op->service_ids = g_strdupv (self->service_ids);
  op->timezone = g_time_zone_ref (sportello_desk_get_timezone (self->desk));
  start_op (self, op);
}

static void
on_transition_activated_cb (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  SportelloDeskWindow *self = SPORTELLO_DESK_WINDOW (widget);
  SportelloState to;

  if (g_str_equal (action_name, "desk.call-selected") || g_str_equal (action_name, "desk.recall"))
    to = SPORTELLO_STATE_CALLED;
  else if (g_str_equal (action_name, "desk.start"))
    to = SPORTELLO_STATE_SERVING;
  else if (g_str_equal (action_name, "desk.done"))
    to = SPORTELLO_STATE_DONE;
  else if (g_str_equal (action_name, "desk.no-show"))
    to = SPORTELLO_STATE_NO_SHOW;
  else if (g_str_equal (action_name, "desk.cancel"))
    to = SPORTELLO_STATE_CANCELLED;
  else
    g_return_if_reached ();

  transition_selected (self, to, SPORTELLO_PROFESSIONAL_NONE, NULL);
}

static void
on_undo_activated_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SportelloDeskWindow *self = SPORTELLO_DESK_WINDOW (widget);

  if (self->busy || self->operator_id == NULL)
    return;
  start_op (self, op_new (self, OP_UNDO));
}

static void
on_refer_response_cb (AdwMessageDialog    *dialog,
                      const char          *response,
                      SportelloDeskWindow *self)
{
  GtkDropDown *professionals;
  GtkEditable *note;

  if (!g_str_equal (response, "refer"))
    return;
  professionals = g_object_get_data (G_OBJECT (dialog), "professionals");
  note = g_object_get_data (G_OBJECT (dialog), "note");
  transition_selected (self, SPORTELLO_STATE_REFERRED,
                       (SportelloProfessional) (gtk_drop_down_get_selected (professionals) + 1),
                       gtk_editable_get_text (note));
}

static void
on_refer_activated_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SportelloDeskWindow *self = SPORTELLO_DESK_WINDOW (widget);
  SportelloTicket *selected = get_selected (self);
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  GtkWidget *dialog;
  GtkWidget *box;
  GtkWidget *dropdown;
  GtkWidget *note;
  g_autofree char *heading = NULL;

  if (selected == NULL)
    return;

  for (SportelloProfessional p = SPORTELLO_PROFESSIONAL_SOCIAL_WORKER;
       p <= SPORTELLO_PROFESSIONAL_LABOUR_POLICY_EXPERT; p++)
    gtk_string_list_append (model, professional_label (p));

  heading = g_strdup_printf (_("Refer %s"), selected->code);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("Refer to the second-level integrated taking-charge. Choose the professional and add a short note."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&model)), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Professional"), -1);
  note = gtk_entry_new ();
  gtk_entry_set_max_length (GTK_ENTRY (note), 200);
  gtk_entry_set_placeholder_text (GTK_ENTRY (note), _("Short note (optional)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (note), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Note"), -1);
  gtk_box_append (GTK_BOX (box), dropdown);
  gtk_box_append (GTK_BOX (box), note);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_object_set_data (G_OBJECT (dialog), "professionals", dropdown);
  g_object_set_data (G_OBJECT (dialog), "note", note);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "refer", _("_Refer"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "refer",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "refer");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_refer_response_cb), self, 0);
  /* Type the note and press Enter: the default response refers. */
  gtk_entry_set_activates_default (GTK_ENTRY (note), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (note);
}

/* Day view */

static void
on_day_activated_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SportelloDeskWindow *self = SPORTELLO_DESK_WINDOW (widget);

  if (g_str_equal (action_name, "desk.previous-day"))
    g_date_subtract_days (&self->day, 1);
  else if (g_str_equal (action_name, "desk.next-day"))
    g_date_add_days (&self->day, 1);
  else
    sportello_desk_get_today (self->desk, &self->day);

  update_day_label (self);
  remove_rows (self->day_list);
  gtk_label_set_text (self->counts_label, "");
  gtk_label_set_text (self->referrals_label, "");
  load_day (self);
}

static void
on_day_closed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree SportelloDayCounts *counts = NULL;
  Op *op = user_data;
  SportelloDeskWindow *self = op->self;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  counts = sportello_store_run_finish (SPORTELLO_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      op_free (op);
      return;
    }
  self->busy = FALSE;
  update_actions (self);
  if (counts == NULL)
    {
      g_autofree char *summary = describe_failure (op);

      show_error (self, summary, error);
      op_free (op);
      return;
    }
  op_free (op);

  body = g_strdup_printf (_("Served: %d\nNo-show: %d\nCancelled: %d\nReferred to the second level: %d\nNot served: %d"),
                          counts->served, counts->no_show, counts->cancelled,
                          counts->referred, counts->not_served);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Day Closed"), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
  load_day (self);
}

static void
on_close_day_response_cb (AdwMessageDialog    *dialog,
                          const char          *response,
                          SportelloDeskWindow *self)
{
  Op *op;

  if (!g_str_equal (response, "close-day") || self->busy)
    return;
  op = op_new (self, OP_CLOSE_DAY);
  op->date = self->day;
  self->busy = TRUE;
  update_actions (self);
  sportello_store_run_async (self->store, run_op, op, NULL, g_free,
                             self->cancellable, on_day_closed_cb, op);
}

static void
on_close_day_activated_cb (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  SportelloDeskWindow *self = SPORTELLO_DESK_WINDOW (widget);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  heading = g_strdup_printf (_("Close %s?"), gtk_label_get_text (self->day_label));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("Everyone still waiting or booked will be marked as not served."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "close-day", _("C_lose Day"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "close-day",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_close_day_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Overrides */

static void
sportello_desk_window_dispose (GObject *object)
{
  SportelloDeskWindow *self = SPORTELLO_DESK_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->minute_id, g_source_remove);
  g_clear_object (&self->watch);
  g_clear_object (&self->toast);

  gtk_widget_dispose_template (GTK_WIDGET (self), SPORTELLO_TYPE_DESK_WINDOW);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->catalog);
  g_clear_object (&self->desk);

  G_OBJECT_CLASS (sportello_desk_window_parent_class)->dispose (object);
}

static void
sportello_desk_window_finalize (GObject *object)
{
  SportelloDeskWindow *self = SPORTELLO_DESK_WINDOW (object);

  g_free (self->operator_id);
  g_free (self->operator_name);
  g_free (self->counter);
  g_strfreev (self->service_ids);
  g_clear_pointer (&self->tickets, g_ptr_array_unref);
  g_free (self->selected_code);

  G_OBJECT_CLASS (sportello_desk_window_parent_class)->finalize (object);
}

static void
sportello_desk_window_class_init (SportelloDeskWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sportello_desk_window_dispose;
  object_class->finalize = sportello_desk_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sportello/Desk/sportello-desk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SportelloDeskWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SportelloDeskWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SportelloDeskWindow, work_switcher);
  gtk_widget_class_bind_template_child (widget_class, SportelloDeskWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SportelloDeskWindow, work_stack);
  gtk_widget_class_bind_template_child (widget_class, SportelloDeskWindow, operator_entry);
  gtk_widget_class_bind_template_child (widget_class, SportelloDeskWindow, pin_entry);
  gtk_widget_class_bind_template_child (widget_class, SportelloDeskWindow, sign_in_error);
  gtk_widget_class_bind_template_child (widget_class, SportelloDeskWindow, counter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SportelloDeskWindow, services_list);
  gtk_widget_class_bind_template_child (widget_class, SportelloDeskWindow, selection_label);
  gtk_widget_class_bind_template_child (widget_class, SportelloDeskWindow, queue_list);
  gtk_widget_class_bind_template_child (widget_class, SportelloDeskWindow, day_label);
  gtk_widget_class_bind_template_child (widget_class, SportelloDeskWindow, counts_label);
  gtk_widget_class_bind_template_child (widget_class, SportelloDeskWindow, referrals_label);
  gtk_widget_class_bind_template_child (widget_class, SportelloDeskWindow, day_list);

  gtk_widget_class_install_action (widget_class, "desk.sign-in", NULL, on_sign_in_activated_cb);
  gtk_widget_class_install_action (widget_class, "desk.sign-out", NULL, on_sign_out_activated_cb);
  gtk_widget_class_install_action (widget_class, "desk.open-queue", NULL, on_open_queue_activated_cb);
  gtk_widget_class_install_action (widget_class, "desk.call-next", NULL, on_call_next_activated_cb);
  gtk_widget_class_install_action (widget_class, "desk.call-selected", NULL, on_transition_activated_cb);
  gtk_widget_class_install_action (widget_class, "desk.recall", NULL, on_transition_activated_cb);
  gtk_widget_class_install_action (widget_class, "desk.start", NULL, on_transition_activated_cb);
  gtk_widget_class_install_action (widget_class, "desk.done", NULL, on_transition_activated_cb);
  gtk_widget_class_install_action (widget_class, "desk.no-show", NULL, on_transition_activated_cb);
  gtk_widget_class_install_action (widget_class, "desk.cancel", NULL, on_transition_activated_cb);
  gtk_widget_class_install_action (widget_class, "desk.refer", NULL, on_refer_activated_cb);
  gtk_widget_class_install_action (widget_class, "desk.undo", NULL, on_undo_activated_cb);
  gtk_widget_class_install_action (widget_class, "desk.previous-day", NULL, on_day_activated_cb);
  gtk_widget_class_install_action (widget_class, "desk.next-day", NULL, on_day_activated_cb);
  gtk_widget_class_install_action (widget_class, "desk.today", NULL, on_day_activated_cb);
  gtk_widget_class_install_action (widget_class, "desk.close-day", NULL, on_close_day_activated_cb);

  /* GNOME conventions: Ctrl+letter for the main actions, Ctrl+Z undoes. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "desk.call-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "desk.call-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "desk.recall", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "desk.start", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "desk.done", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "desk.refer", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "desk.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK, "desk.previous-day", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK, "desk.next-day", NULL);
}

static void
sportello_desk_window_init (SportelloDeskWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->queue_list, "row-selected", G_CALLBACK (on_row_selected_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->pin_entry, "activate", G_CALLBACK (on_pin_activated_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->operator_entry, "activate", G_CALLBACK (on_operator_activated_cb),
                           self, G_CONNECT_SWAPPED);
  self->minute_id = g_timeout_add_seconds (60, on_minute_cb, self);
}

SportelloDeskWindow *
sportello_desk_window_new (SportelloDeskApplication *app,
                           const char               *operator_id)
{
  SportelloDeskWindow *self;
  GtkWidget *placeholder;

  g_return_val_if_fail (SPORTELLO_IS_DESK_APPLICATION (app), NULL);

  self = g_object_new (SPORTELLO_TYPE_DESK_WINDOW, "application", app, NULL);
  self->store = g_object_ref (sportello_desk_application_get_store (app));
  self->catalog = g_object_ref (sportello_desk_application_get_catalog (app));
  self->desk = g_object_ref (sportello_desk_application_get_desk (app));

  /* A status page would scroll inside the list; a plain label fits. */
  placeholder = gtk_label_new (_("Nobody is waiting. New tickets for your services appear here by themselves."));
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_set_margin_top (placeholder, 36);
  gtk_widget_set_margin_bottom (placeholder, 36);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_list_box_set_placeholder (self->queue_list, placeholder);

  sportello_desk_get_today (self->desk, &self->day);
  update_day_label (self);
  fill_setup (self);
  update_actions (self);

  if (operator_id != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->operator_entry), operator_id);
      gtk_widget_grab_focus (self->pin_entry);
    }
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->operator_entry));

  return self;
}
