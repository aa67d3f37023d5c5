/* sportello-desk-board.c: tickets being called, very large, in the ticket's
 * language and in Italian, with a chime and a spoken announcement
 *
 * The two phrases are citizen-facing: they live in GETTEXT_PACKAGE and are
 * looked up per language by switching the message catalogue on the main
 * thread for an instant, then switching back; the results are cached.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sportello-desk-board.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "sportello-desk-watch.h"

#define WATCH_INTERVAL_MS 500
#define MAX_NOW 3
#define MAX_RECENT 6
#define BOARD_LANGUAGE "it"

/* Codes and counter names stay left-to-right inside right-to-left text. */
#define LRI "\xe2\x81\xa6"
#define PDI "\xe2\x81\xa9"

struct _SportelloDeskBoard
{
  AdwApplicationWindow parent_instance;

  GtkLabel  *now_title;
  GtkBox    *now_box;
  GtkLabel  *recent_title;
  GtkBox    *recent_box;

  SportelloStore     *store;
  SportelloCatalog   *catalog;
  SportelloDesk      *desk;
  SportelloDeskWatch *watch;
  SportelloSpeaker   *speaker;
  GCancellable       *cancellable;

  GHashTable *phrases;      /* language -> Phrases */
  GHashTable *announced;    /* "code|changed_at" of the calls shown */
  gboolean    loaded_once;
  char       *own_language;
  char       *own_locale;
};

G_DEFINE_FINAL_TYPE (SportelloDeskBoard, sportello_desk_board, ADW_TYPE_APPLICATION_WINDOW)

typedef struct
{
  char     *ticket;      /* "Ticket %s" in that language */
  char     *counter;     /* "Counter %s" */
  gboolean  translated;  /* FALSE when the catalogue had no translation */
  gboolean  rtl;
} Phrases;

/* Translators: shown on the waiting-room board, %s is a ticket code such as A-12 */
static const char *ticket_phrase = N_("Ticket %s");
/* Translators: shown on the waiting-room board, %s is a counter number or name */
static const char *counter_phrase = N_("Counter %s");
static const char *now_phrase = N_("Now calling");
static const char *recent_phrase = N_("Recently called");
static const char *idle_phrase = N_("Please wait: your number will appear here");

static void
phrases_free (Phrases *phrases)
{
  g_free (phrases->ticket);
  g_free (phrases->counter);
  g_free (phrases);
}

static gpointer
list_today (SportelloStore *store,
            gpointer        user_data,
            GCancellable   *cancellable,
            GError        **error)
{
  return sportello_store_list_tickets (store, user_data, NULL, error);
}

/* Replaces the first %s of a translated phrase (never used as a format). */
static char *
fill (const char *phrase,
      const char *value)
{
  const char *at = strstr (phrase, "%s");

  if (at == NULL)
    return g_strconcat (phrase, " ", value, NULL);
  return g_strdup_printf ("%.*s%s%s", (int) (at - phrase), phrase, value, at + 2);
}

static const Phrases *
get_phrases (SportelloDeskBoard *self,
             const char         *language)
{
  const SportelloLanguage *lang;
  Phrases *phrases;
  const char *ticket;
  const char *counter;

  if (language == NULL)
    language = BOARD_LANGUAGE;
  phrases = g_hash_table_lookup (self->phrases, language);
  if (phrases != NULL)
    return phrases;

  lang = sportello_catalog_lookup_language (self->catalog, language);
  sportello_locale_switch (language, lang != NULL ? sportello_language_get_locale (lang) : NULL);
  ticket = dgettext (GETTEXT_PACKAGE, ticket_phrase);
  counter = dgettext (GETTEXT_PACKAGE, counter_phrase);

  phrases = g_new0 (Phrases, 1);
  phrases->ticket = g_strdup (ticket);
  phrases->counter = g_strdup (counter);
  phrases->translated = ticket != ticket_phrase || g_str_has_prefix (language, "en");
  phrases->rtl = lang != NULL && sportello_language_is_rtl (lang);

  sportello_locale_switch (self->own_language, self->own_locale);
  g_hash_table_insert (self->phrases, g_strdup (language), phrases);
  return phrases;
}

static char *
shown_sentence (const Phrases         *phrases,
                const SportelloTicket *ticket)
{
  g_autofree char *code = g_strconcat (LRI, ticket->code, PDI, NULL);
  g_autofree char *counter = g_strconcat (LRI, ticket->counter ? ticket->counter : "?", PDI, NULL);
  g_autofree char *first = fill (phrases->ticket, code);
  g_autofree char *second = fill (phrases->counter, counter);

  /* The arrow points the way the text reads. */
  return g_strconcat (first, phrases->rtl ? " ← " : " → ", second, NULL);
}

static char *
spoken_sentence (const Phrases         *phrases,
                 const SportelloTicket *ticket)
{
  g_autofree char *spelled = sportello_code_spell (ticket->code);
  g_autofree char *first = fill (phrases->ticket, spelled != NULL ? spelled : ticket->code);
  g_autofree char *second = fill (phrases->counter, ticket->counter ? ticket->counter : "");

  return g_strconcat (first, ". ", second, ".", NULL);
}

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
make_now_card (SportelloDeskBoard    *self,
               const SportelloTicket *ticket)
{
  const Phrases *own = get_phrases (self, ticket->language);
  const Phrases *italian = get_phrases (self, BOARD_LANGUAGE);
  const SportelloLanguage *language = NULL;
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 36);
  GtkWidget *label;

  gtk_widget_add_css_class (card, "board-card");

  /* Code and counter read left to right in every language. */
  gtk_widget_set_direction (line, GTK_TEXT_DIR_LTR);
  gtk_box_append (GTK_BOX (line), new_label (ticket->code, "board-code"));
  gtk_box_append (GTK_BOX (line), new_label ("→", "board-arrow"));
  gtk_box_append (GTK_BOX (line), new_label (ticket->counter ? ticket->counter : "?", "board-counter"));
  gtk_box_append (GTK_BOX (card), line);

  if (ticket->language != NULL)
    language = sportello_catalog_lookup_language (self->catalog, ticket->language);

  if (ticket->language != NULL && !g_str_equal (ticket->language, BOARD_LANGUAGE))
    {
      g_autofree char *sentence = shown_sentence (own, ticket);
      g_autofree char *with_name = NULL;
      const char *text = sentence;

      /* Untranslated phrases would repeat the Italian line in English:
       * show the language's own name then, so people still find their call. */
      if (!own->translated && language != NULL)
        text = sportello_language_get_endonym (language);
      else if (language != NULL)
        text = with_name = g_strconcat (sentence, "  ·  ", sportello_language_get_endonym (language), NULL);

      label = new_label (text, "board-phrase");
      /* xalign 0 is the start side: the right edge for right-to-left text. */
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_widget_set_direction (label, own->rtl ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR);
      gtk_box_append (GTK_BOX (card), label);
    }

  {
    g_autofree char *sentence = shown_sentence (italian, ticket);

    label = new_label (sentence, "board-phrase-it");
    gtk_label_set_xalign (GTK_LABEL (label), 0.0);
    gtk_widget_set_direction (label, GTK_TEXT_DIR_LTR);
    gtk_box_append (GTK_BOX (card), label);
  }

  return card;
}

static GtkWidget *
make_recent_row (const SportelloTicket *ticket)
{
  g_autofree char *text = g_strdup_printf ("%s → %s", ticket->code,
                                           ticket->counter ? ticket->counter : "?");
  GtkWidget *label = new_label (text, "board-recent-row");

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_set_direction (label, GTK_TEXT_DIR_LTR);
  return label;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const SportelloTicket *ta = *(SportelloTicket * const *) a;
  const SportelloTicket *tb = *(SportelloTicket * const *) b;

  if (ta->changed_at != tb->changed_at)
    return ta->changed_at < tb->changed_at ? 1 : -1;
  return g_strcmp0 (tb->code, ta->code);
}

static void
announce (SportelloDeskBoard *self,
          GPtrArray          *calls)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const SportelloLanguage *italian = sportello_catalog_lookup_language (self->catalog, BOARD_LANGUAGE);
  const char *italian_voice = italian != NULL ? sportello_language_get_voice (italian) : NULL;

  sportello_speaker_chime (self->speaker, "chime");

  /* Oldest call first, each in its own language then in Italian. */
  for (unsigned i = calls->len; i-- > 0;)
    {
      const SportelloTicket *ticket = g_ptr_array_index (calls, i);
      const SportelloLanguage *language = NULL;
      const char *voice = NULL;

      if (ticket->language != NULL)
        language = sportello_catalog_lookup_language (self->catalog, ticket->language);
      if (language != NULL)
        voice = sportello_language_get_voice (language);

      if (ticket->language != NULL && !g_str_equal (ticket->language, BOARD_LANGUAGE)
          && get_phrases (self, ticket->language)->translated
          && sportello_speaker_can_speak (self->speaker, ticket->language, voice))
        {
          g_ptr_array_add (parts, g_strdup (ticket->language));
          g_ptr_array_add (parts, g_strdup (voice != NULL ? voice : ""));
          g_ptr_array_add (parts, spoken_sentence (get_phrases (self, ticket->language), ticket));
        }
      if (sportello_speaker_can_speak (self->speaker, BOARD_LANGUAGE, italian_voice))
        {
          g_ptr_array_add (parts, g_strdup (BOARD_LANGUAGE));
          g_ptr_array_add (parts, g_strdup (italian_voice != NULL ? italian_voice : ""));
          g_ptr_array_add (parts, spoken_sentence (get_phrases (self, BOARD_LANGUAGE), ticket));
        }
    }

  if (parts->len > 0)
    {
      g_ptr_array_add (parts, NULL);
      sportello_speaker_speak_sequence (self->speaker, (const char * const *) parts->pdata);
    }
}

static void
render (SportelloDeskBoard *self,
        GPtrArray          *tickets)
{
  g_autoptr(GPtrArray) now = g_ptr_array_new ();
  g_autoptr(GPtrArray) recent = g_ptr_array_new ();
  g_autoptr(GPtrArray) fresh = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (unsigned i = 0; i < tickets->len; i++)
    {
      SportelloTicket *ticket = g_ptr_array_index (tickets, i);

      if (ticket->state == SPORTELLO_STATE_CALLED)
        g_ptr_array_add (now, ticket);
      else if (ticket->counter != NULL)
        g_ptr_array_add (recent, ticket);
    }
  g_ptr_array_sort (now, compare_newest_first);
  g_ptr_array_sort (recent, compare_newest_first);

  /* A recall moves changed_at, so it is announced again. */
  for (unsigned i = 0; i < now->len; i++)
    {
      SportelloTicket *ticket = g_ptr_array_index (now, i);
      char *key = g_strdup_printf ("%s|%" G_GINT64_FORMAT, ticket->code, ticket->changed_at);

      if (!g_hash_table_contains (self->announced, key))
        g_ptr_array_add (fresh, ticket);
      g_hash_table_add (seen, key);
    }
  g_clear_pointer (&self->announced, g_hash_table_unref);
  self->announced = g_steal_pointer (&seen);

  clear_box (self->now_box);
  for (unsigned i = 0; i < now->len && i < MAX_NOW; i++)
    gtk_box_append (self->now_box, make_now_card (self, g_ptr_array_index (now, i)));
  if (now->len == 0)
    {
      GtkWidget *idle = new_label (dgettext (GETTEXT_PACKAGE, idle_phrase), "board-idle");

      gtk_widget_set_vexpand (idle, TRUE);
      gtk_box_append (self->now_box, idle);
    }

  /* Calls that do not fit among the big ones move to the side. */
  clear_box (self->recent_box);
  for (unsigned i = MAX_NOW, shown = 0; i < now->len && shown < MAX_RECENT; i++, shown++)
    gtk_box_append (self->recent_box, make_recent_row (g_ptr_array_index (now, i)));
  for (unsigned i = 0; i < recent->len && i + (now->len > MAX_NOW ? now->len - MAX_NOW : 0) < MAX_RECENT; i++)
    gtk_box_append (self->recent_box, make_recent_row (g_ptr_array_index (recent, i)));

  if (self->loaded_once && fresh->len > 0)
    announce (self, fresh);
  self->loaded_once = TRUE;
}

static void
on_tickets_listed_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  SportelloDeskBoard *self;

  tickets = sportello_store_run_finish (SPORTELLO_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = SPORTELLO_DESK_BOARD (user_data);
  if (tickets == NULL)
    {
      /* Keep showing the last calls; the next change tries again. */
      g_printerr ("sportello-desk --board: %s\n", error->message);
      return;
    }
  render (self, tickets);
}

static void
on_store_changed_cb (SportelloDeskBoard *self)
{
  GDate *today = g_date_new ();

  sportello_desk_get_today (self->desk, today);
  sportello_store_run_async (self->store, list_today, today, (GDestroyNotify) g_date_free,
                             (GDestroyNotify) g_ptr_array_unref, self->cancellable,
                             on_tickets_listed_cb, self);
}

static void
sportello_desk_board_dispose (GObject *object)
{
  SportelloDeskBoard *self = SPORTELLO_DESK_BOARD (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->watch);
  if (self->speaker != NULL)
    sportello_speaker_stop (self->speaker);
  g_clear_object (&self->speaker);

  gtk_widget_dispose_template (GTK_WIDGET (self), SPORTELLO_TYPE_DESK_BOARD);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->catalog);
  g_clear_object (&self->desk);

  G_OBJECT_CLASS (sportello_desk_board_parent_class)->dispose (object);
}

static void
sportello_desk_board_finalize (GObject *object)
{
  SportelloDeskBoard *self = SPORTELLO_DESK_BOARD (object);

  g_clear_pointer (&self->phrases, g_hash_table_unref);
  g_clear_pointer (&self->announced, g_hash_table_unref);
  g_free (self->own_language);
  g_free (self->own_locale);

  G_OBJECT_CLASS (sportello_desk_board_parent_class)->finalize (object);
}

static void
sportello_desk_board_class_init (SportelloDeskBoardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sportello_desk_board_dispose;
  object_class->finalize = sportello_desk_board_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sportello/Desk/sportello-desk-board.ui");
  gtk_widget_class_bind_template_child (widget_class, SportelloDeskBoard, now_title);
  gtk_widget_class_bind_template_child (widget_class, SportelloDeskBoard, now_box);
  gtk_widget_class_bind_template_child (widget_class, SportelloDeskBoard, recent_title);
  gtk_widget_class_bind_template_child (widget_class, SportelloDeskBoard, recent_box);
}

static void
sportello_desk_board_init (SportelloDeskBoard *self)
{
  const char *locale = setlocale (LC_ALL, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->phrases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) phrases_free);
  self->announced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->own_language = g_strdup (sportello_locale_get_language ());
  self->own_locale = g_strdup (locale != NULL ? locale : "C.UTF-8");

  gtk_label_set_text (self->now_title, dgettext (GETTEXT_PACKAGE, now_phrase));
  gtk_label_set_text (self->recent_title, dgettext (GETTEXT_PACKAGE, recent_phrase));
}

SportelloDeskBoard *
sportello_desk_board_new (SportelloDeskApplication *app)
{
  SportelloDeskBoard *self;
  g_autofree char *assets = sportello_paths_assets_dir ();

  g_return_val_if_fail (SPORTELLO_IS_DESK_APPLICATION (app), NULL);

  self = g_object_new (SPORTELLO_TYPE_DESK_BOARD, "application", app, NULL);
  self->store = g_object_ref (sportello_desk_application_get_store (app));
  self->catalog = g_object_ref (sportello_desk_application_get_catalog (app));
  self->desk = g_object_ref (sportello_desk_application_get_desk (app));
  self->speaker = sportello_speaker_new (assets);
  if (sportello_desk_application_get_audio_file (app) != NULL)
    sportello_speaker_set_output_file (self->speaker, sportello_desk_application_get_audio_file (app));

  self->watch = sportello_desk_watch_new (self->store, WATCH_INTERVAL_MS);
  g_signal_connect_object (self->watch, "changed", G_CALLBACK (on_store_changed_cb),
                           self, G_CONNECT_SWAPPED);
  return self;
}
