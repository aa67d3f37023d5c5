/* sportello-catalog.c: topics, services and languages loaded from data/
 *
 * Catalogue files are parsed with GMarkup so that every problem, syntax
 * errors included, has a line.  Text is normalised exactly as xgettext does
 * with the ITS rules of po/its/ (whitespace runs become one space, the ends
 * are trimmed), so what the loader returns is the translators' msgid.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sportello-catalog.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sportello-error.h"
#include "sportello-keyfile-lines-private.h"

struct _SportelloTopic
{
  char *id;
  char *title;
  char *summary;
  char *pictogram;
  int   order;
  char *file;
  int   line;
};

struct _SportelloService
{
  char                 *id;
  char                 *topic_id;
  char                 *title;
  char                 *summary;
  char                 *pictogram;       /* own, or NULL */
  SportelloServiceMode  mode;
  GStrv                 who;
  GStrv                 bring;
  GStrv                 how;
  GStrv                 keywords;
  const SportelloTopic *topic;           /* resolved after loading */
  char                 *file;
  int                   line;
};

struct _SportelloLanguage
{
  char     *code;
  char     *endonym;
  char     *greeting;
  char     *locale;
  char     *voice;
  gboolean  rtl;
};

struct _SportelloCatalog
{
  GObject     parent_instance;

  char       *data_dir;
  GPtrArray  *topics;        /* SportelloTopic, display order */
  GHashTable *topics_by_id;
  GPtrArray  *services;      /* SportelloService, by title */
  GHashTable *services_by_id;
  GPtrArray  *languages;     /* SportelloLanguage, file order */
  GHashTable *languages_by_code;
};

G_DEFINE_FINAL_TYPE (SportelloCatalog, sportello_catalog, G_TYPE_OBJECT)

/* Problems */

SportelloProblem *
sportello_problem_new (const char *file,
                       int         line,
                       const char *format,
                       ...)
{
  SportelloProblem *problem = g_new0 (SportelloProblem, 1);
  va_list args;

  problem->file = g_strdup (file != NULL ? file : "");
  problem->line = MAX (line, 0);
  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);

  /* One line, always. */
  g_strdelimit (problem->message, "\r\n", ' ');
  return problem;
}

void
sportello_problem_free (SportelloProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->file);
  g_free (problem->message);
  g_free (problem);
}

char *
sportello_problem_format (const SportelloProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);

  if (problem->line > 0)
    return g_strdup_printf ("%s:%d: %s", problem->file, problem->line, problem->message);
  return g_strdup_printf ("%s: %s", problem->file, problem->message);
}

/* Items */

static void
topic_free (SportelloTopic *topic)
{
  if (topic == NULL)
    return;
  g_free (topic->id);
  g_free (topic->title);
  g_free (topic->summary);
  g_free (topic->pictogram);
  g_free (topic->file);
  g_free (topic);
}

static void
service_free (SportelloService *service)
{
  if (service == NULL)
    return;
  g_free (service->id);
  g_free (service->topic_id);
  g_free (service->title);
  g_free (service->summary);
  g_free (service->pictogram);
  g_strfreev (service->who);
  g_strfreev (service->bring);
  g_strfreev (service->how);
  g_strfreev (service->keywords);
  g_free (service->file);
  g_free (service);
}

static void
language_free (SportelloLanguage *language)
{
  if (language == NULL)
    return;
  g_free (language->code);
  g_free (language->endonym);
  g_free (language->greeting);
  g_free (language->locale);
  g_free (language->voice);
  g_free (language);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SportelloTopic, topic_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SportelloService, service_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SportelloLanguage, language_free)

/* Helpers */

/* Ids: lower-case ASCII letters, digits and single hyphens, starting with a
 * letter: they become file names, database values and CSS-safe names. */
static gboolean
is_valid_id (const char *id)
{
  size_t len = strlen (id);

  if (len == 0 || len > 64 || !g_ascii_islower (id[0]) || id[len - 1] == '-')
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    {
      if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-'))
        return FALSE;
      if (p[0] == '-' && p[1] == '-')
        return FALSE;
    }
  return TRUE;
}

/* What xgettext does to text under ITS whitespace normalisation. */
static char *
normalize_text (const char *text,
                gsize       length)
{
  GString *out = g_string_sized_new (length);
  gboolean space = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > 0)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
parse_mode (const char           *text,
            SportelloServiceMode *out_mode)
{
  static const struct { const char *name; SportelloServiceMode mode; } modes[] = {
    { "info", SPORTELLO_SERVICE_MODE_INFO },
    { "booked", SPORTELLO_SERVICE_MODE_BOOKED },
    { "walk-in", SPORTELLO_SERVICE_MODE_WALK_IN },
    { "both", SPORTELLO_SERVICE_MODE_BOTH },
  };

  for (unsigned i = 0; i < G_N_ELEMENTS (modes); i++)
    if (g_strcmp0 (text, modes[i].name) == 0)
      {
        *out_mode = modes[i].mode;
        return TRUE;
      }
  return FALSE;
}

/* Reads a data file: NULL (and a problem) when missing, too large, empty or
 * not UTF-8. */
static char *
read_data_file (const char *path,
                gsize      *out_length,
                GPtrArray  *problems)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;
  GStatBuf st;
  int bad_line;

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      sportello_problems_add (problems, path, 0, "cannot read the file: %s", g_strerror (saved_errno));
      return NULL;
    }
  if (st.st_size > SPORTELLO_MAX_DATA_FILE_SIZE)
    {
      sportello_problems_add (problems, path, 0, "the file is larger than 1 MiB");
      return NULL;
    }
  if (!g_file_get_contents (path, &data, &length, &error))
    {
      sportello_problems_add (problems, path, 0, "cannot read the file: %s", error->message);
      return NULL;
    }
  if (length > SPORTELLO_MAX_DATA_FILE_SIZE)
    {
      sportello_problems_add (problems, path, 0, "the file is larger than 1 MiB");
      return NULL;
    }
  {
    gboolean blank = TRUE;

    for (gsize i = 0; i < length && blank; i++)
      if (!g_ascii_isspace (data[i]))
        blank = FALSE;
    if (blank)
      {
        sportello_problems_add (problems, path, 0, "the file is empty");
        return NULL;
      }
  }
  bad_line = sportello_utf8_find_bad_line (data, length);
  if (bad_line > 0)
    {
      sportello_problems_add (problems, path, bad_line,
                              "not valid UTF-8 text (or a NUL byte); the file is left out");
      return NULL;
    }

  *out_length = length;
  return g_steal_pointer (&data);
}

/* Markup parsing */

typedef enum
{
  KIND_TOPICS,
  KIND_SERVICES,
} FileKind;

typedef struct
{
  const char          *file;
  FileKind             kind;
  GPtrArray           *problems;
  GPtrArray           *out_items;     /* SportelloTopic or SportelloService */
  GMarkupParseContext *context;
  const char          *data;
  gsize                length;

  GPtrArray           *stack;         /* element names */
  int                  ignore_depth;  /* > 0: inside a refused subtree */
  int                  n_items;       /* <topic>/<service> seen */
  int                  root_line;

  /* The item being read */
  SportelloTopic      *topic;
  SportelloService    *service;
  gboolean             item_bad;
  int                  item_line;
  GPtrArray           *who;
  GPtrArray           *bring;
  GPtrArray           *how;
  gboolean             seen_keywords;
  unsigned             seen_lists;    /* bits: who, bring, how */

  /* The text element being read */
  GString             *text;
  int                  text_line;
} ParseState;

static int
current_line (ParseState *state)
{
  int line = 0;

  g_markup_parse_context_get_position (state->context, &line, NULL);
  return line;
}

/* GMarkup may report a start tag only once it has read what follows it,
 * lines later; find the tag itself, searching back from the position. */
static int
tag_line (ParseState *state,
          const char *element)
{
  int line = 0, column = 0;
  const char *p = state->data;
  const char *end = state->data + state->length;
  const char *here;
  size_t name_len = strlen (element);

  g_markup_parse_context_get_position (state->context, &line, &column);
  for (int l = 1; l < line && p < end; p++)
    if (*p == '\n')
      l++;
  for (int c = 1; c < column && p < end && *p != '\n'; c++)
    p = g_utf8_next_char (p);
  here = MIN (p, end);

  for (const char *q = here; q >= state->data; q--)
    {
      if (*q == '<' && (size_t) (end - q) > name_len
          && strncmp (q + 1, element, name_len) == 0
          && (q[1 + name_len] == '>' || q[1 + name_len] == '/' || g_ascii_isspace (q[1 + name_len])))
        {
          int found = 1;

          for (const char *r = state->data; r < q; r++)
            if (*r == '\n')
              found++;
          return found;
        }
    }
  return line;
}

static void
state_clear_item (ParseState *state)
{
  g_clear_pointer (&state->topic, topic_free);
  g_clear_pointer (&state->service, service_free);
  g_clear_pointer (&state->who, g_ptr_array_unref);
  g_clear_pointer (&state->bring, g_ptr_array_unref);
  g_clear_pointer (&state->how, g_ptr_array_unref);
  state->item_bad = FALSE;
  state->seen_keywords = FALSE;
  state->seen_lists = 0;
}

static const char *
parent_element (ParseState *state)
{
  if (state->stack->len == 0)
    return NULL;
  return g_ptr_array_index (state->stack, state->stack->len - 1);
}

static gboolean
is_text_element (const char *name)
{
  return g_strcmp0 (name, "title") == 0 || g_strcmp0 (name, "summary") == 0
         || g_strcmp0 (name, "p") == 0 || g_strcmp0 (name, "item") == 0
         || g_strcmp0 (name, "keywords") == 0;
}

/* Which attributes an element takes; required ones first. */
static gboolean
check_attributes (ParseState  *state,
                  const char  *element,
                  const char **names,
                  const char **values,
                  const char **known,
                  unsigned     n_required,
                  const char **out_values)
{
  gboolean ok = TRUE;
  int line = tag_line (state, element);
  unsigned n_known = g_strv_length ((char **) known);

  for (unsigned k = 0; k < n_known; k++)
    out_values[k] = NULL;

  for (unsigned i = 0; names[i] != NULL; i++)
    {
      gboolean found = FALSE;

      for (unsigned k = 0; k < n_known; k++)
        if (strcmp (names[i], known[k]) == 0)
          {
            out_values[k] = values[i];
            found = TRUE;
          }
      if (!found)
        {
          sportello_problems_add (state->problems, state->file, line,
                                  "unknown attribute \"%s\" on <%s>", names[i], element);
          ok = FALSE;
        }
    }
  for (unsigned k = 0; k < n_required; k++)
    if (out_values[k] == NULL)
      {
        sportello_problems_add (state->problems, state->file, line,
                                "<%s> needs the attribute \"%s\"", element, known[k]);
        ok = FALSE;
      }
  return ok;
}

static void
start_topic (ParseState  *state,
             const char **names,
             const char **values)
{
  static const char *known[] = { "id", "pictogram", "order", NULL };
  const char *v[3];
  guint64 order = 0;
  int line = tag_line (state, "topic");

  state->topic = g_new0 (SportelloTopic, 1);
  state->topic->file = g_strdup (state->file);
  state->topic->line = line;
  state->item_line = line;

  if (!check_attributes (state, "topic", names, values, known, 3, v))
    state->item_bad = TRUE;
  if (v[0] != NULL && !is_valid_id (v[0]))
    {
      sportello_problems_add (state->problems, state->file, line,
                              "invalid topic id \"%s\": use lower-case letters, digits and hyphens", v[0]);
      state->item_bad = TRUE;
    }
  if (v[1] != NULL && !is_valid_id (v[1]))
    {
      sportello_problems_add (state->problems, state->file, line,
                              "invalid pictogram name \"%s\": use lower-case letters, digits and hyphens", v[1]);
      state->item_bad = TRUE;
    }
  if (v[2] != NULL && (!g_ascii_string_to_unsigned (v[2], 10, 1, 1000, &order, NULL)))
    {
      sportello_problems_add (state->problems, state->file, line,
                              "invalid order \"%s\": expected a whole number from 1 to 1000", v[2]);
      state->item_bad = TRUE;
    }
  state->topic->id = g_strdup (v[0]);
  state->topic->pictogram = g_strdup (v[1]);
  state->topic->order = (int) order;
}

static void
start_service (ParseState  *state,
               const char **names,
               const char **values)
{
  static const char *known[] = { "id", "topic", "mode", "pictogram", NULL };
  const char *v[4];
  int line = tag_line (state, "service");

  state->service = g_new0 (SportelloService, 1);
  state->service->file = g_strdup (state->file);
  state->service->line = line;
  state->item_line = line;
  state->who = g_ptr_array_new_with_free_func (g_free);
  state->bring = g_ptr_array_new_with_free_func (g_free);
  state->how = g_ptr_array_new_with_free_func (g_free);

  if (!check_attributes (state, "service", names, values, known, 3, v))
    state->item_bad = TRUE;
  if (v[0] != NULL && !is_valid_id (v[0]))
    {
      sportello_problems_add (state->problems, state->file, line,
                              "invalid service id \"%s\": use lower-case letters, digits and hyphens", v[0]);
      state->item_bad = TRUE;
    }
  if (v[1] != NULL && !is_valid_id (v[1]))
    {
      sportello_problems_add (state->problems, state->file, line,
                              "invalid topic id \"%s\"", v[1]);
      state->item_bad = TRUE;
    }
  if (v[2] != NULL && !parse_mode (v[2], &state->service->mode))
    {
      sportello_problems_add (state->problems, state->file, line,
                              "invalid mode \"%s\": expected booked, walk-in, both or info", v[2]);
      state->item_bad = TRUE;
    }
  if (v[3] != NULL && !is_valid_id (v[3]))
    {
      sportello_problems_add (state->problems, state->file, line,
                              "invalid pictogram name \"%s\": use lower-case letters, digits and hyphens", v[3]);
      state->item_bad = TRUE;
    }
  state->service->id = g_strdup (v[0]);
  state->service->topic_id = g_strdup (v[1]);
  state->service->pictogram = g_strdup (v[3]);
}

static void
on_start_element (GMarkupParseContext  *context,
                  const char           *element,
                  const char          **names,
                  const char          **values,
                  gpointer              user_data,
                  GError              **error)
{
  ParseState *state = user_data;
  const char *parent = parent_element (state);
  int line = tag_line (state, element);
  int depth = (int) state->stack->len;
  gboolean allowed = FALSE;

  if (state->ignore_depth > 0)
    goto push;

  if (depth == 0)
    allowed = strcmp (element, "catalog") == 0;
  else if (depth == 1)
    allowed = strcmp (element, state->kind == KIND_TOPICS ? "topic" : "service") == 0;
  else if (g_strcmp0 (parent, "topic") == 0)
    allowed = strcmp (element, "title") == 0 || strcmp (element, "summary") == 0;
  else if (g_strcmp0 (parent, "service") == 0)
    allowed = strcmp (element, "title") == 0 || strcmp (element, "summary") == 0
              || strcmp (element, "who") == 0 || strcmp (element, "bring") == 0
              || strcmp (element, "how") == 0 || strcmp (element, "keywords") == 0;
  else if (g_strcmp0 (parent, "who") == 0)
    allowed = strcmp (element, "p") == 0;
  else if (g_strcmp0 (parent, "bring") == 0 || g_strcmp0 (parent, "how") == 0)
    allowed = strcmp (element, "item") == 0;

  if (!allowed)
    {
      if (depth == 0)
        sportello_problems_add (state->problems, state->file, line,
                                "the root element must be <catalog>, not <%s>", element);
      else if (is_text_element (parent))
        sportello_problems_add (state->problems, state->file, line,
                                "<%s> is not allowed inside <%s>: write plain text", element, parent);
      else
        sportello_problems_add (state->problems, state->file, line,
                                "unknown element <%s> inside <%s>", element, parent);
      if (state->topic != NULL || state->service != NULL)
        state->item_bad = TRUE;
      state->ignore_depth = depth + 1;
      goto push;
    }

  if (depth == 0)
    {
      state->root_line = line;
      if (names[0] != NULL)
        sportello_problems_add (state->problems, state->file, line,
                                "unknown attribute \"%s\" on <catalog>", names[0]);
    }
  else if (depth == 1)
    {
      state->n_items++;
      if (state->kind == KIND_TOPICS)
        start_topic (state, names, values);
      else
        start_service (state, names, values);
    }
  else
    {
      if (names[0] != NULL)
        {
          sportello_problems_add (state->problems, state->file, line,
                                  "unknown attribute \"%s\" on <%s>", names[0], element);
          state->item_bad = TRUE;
        }
      if (is_text_element (element))
        {
          g_string_truncate (state->text, 0);
          state->text_line = line;
        }
      if (strcmp (element, "who") == 0 || strcmp (element, "bring") == 0
          || strcmp (element, "how") == 0)
        {
          unsigned bit = strcmp (element, "who") == 0 ? 1 : strcmp (element, "bring") == 0 ? 2 : 4;

          if (state->seen_lists & bit)
            {
              sportello_problems_add (state->problems, state->file, line,
                                      "<%s> appears twice", element);
              state->item_bad = TRUE;
            }
          state->seen_lists |= bit;
        }
    }

push:
  g_ptr_array_add (state->stack, g_strdup (element));
}

static char **
strv_from_array (GPtrArray *array)
{
  char **strv = g_new0 (char *, array->len + 1);

  for (unsigned i = 0; i < array->len; i++)
    strv[i] = g_strdup (g_ptr_array_index (array, i));
  return strv;
}

static void
end_text_element (ParseState *state,
                  const char *element,
                  const char *parent)
{
  g_autofree char *text = normalize_text (state->text->str, state->text->len);
  char **slot = NULL;

  if (strcmp (element, "keywords") == 0)
    {
      g_auto(GStrv) parts = NULL;
      g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);

      if (state->seen_keywords)
        {
          sportello_problems_add (state->problems, state->file, state->text_line,
                                  "<keywords> appears twice");
          state->item_bad = TRUE;
          return;
        }
      state->seen_keywords = TRUE;
      parts = g_strsplit (text, ",", -1);
      for (unsigned i = 0; parts[i] != NULL; i++)
        {
          g_strstrip (parts[i]);
          if (parts[i][0] != '\0')
            g_ptr_array_add (words, g_strdup (parts[i]));
        }
      g_ptr_array_add (words, NULL);
      state->service->keywords = (GStrv) g_ptr_array_free (g_steal_pointer (&words), FALSE);
      return;
    }

  if (text[0] == '\0')
    {
      sportello_problems_add (state->problems, state->file, state->text_line,
                              "<%s> is empty", element);
      state->item_bad = TRUE;
      return;
    }
  if (strpbrk (text, "&<>") != NULL)
    {
      sportello_problems_add (state->problems, state->file, state->text_line,
                              "<%s> contains &, < or >: write the words instead (\"and\")", element);
      state->item_bad = TRUE;
      return;
    }

  if (strcmp (element, "p") == 0)
    {
      g_ptr_array_add (state->who, g_steal_pointer (&text));
      return;
    }
  if (strcmp (element, "item") == 0)
    {
      g_ptr_array_add (strcmp (parent, "bring") == 0 ? state->bring : state->how,
                       g_steal_pointer (&text));
      return;
    }

  if (state->topic != NULL)
    slot = strcmp (element, "title") == 0 ? &state->topic->title : &state->topic->summary;
  else if (state->service != NULL)
    slot = strcmp (element, "title") == 0 ? &state->service->title : &state->service->summary;
  if (slot == NULL)
    return;
  if (*slot != NULL)
    {
      sportello_problems_add (state->problems, state->file, state->text_line,
                              "<%s> appears twice", element);
      state->item_bad = TRUE;
      return;
    }
  *slot = g_steal_pointer (&text);
}

static void
end_topic (ParseState *state)
{
  g_autoptr(SportelloTopic) topic = g_steal_pointer (&state->topic);

  if (topic->title == NULL && !state->item_bad)
    {
      sportello_problems_add (state->problems, state->file, state->item_line,
                              "topic \"%s\" has no <title>", topic->id);
      state->item_bad = TRUE;
    }
  if (topic->summary == NULL && !state->item_bad)
    {
      sportello_problems_add (state->problems, state->file, state->item_line,
                              "topic \"%s\" has no <summary>", topic->id);
      state->item_bad = TRUE;
    }
  if (state->item_bad)
    {
      sportello_problems_add (state->problems, state->file, state->item_line,
                              "topic \"%s\" is left out", topic->id != NULL ? topic->id : "?");
      return;
    }
  g_ptr_array_add (state->out_items, g_steal_pointer (&topic));
}

static void
end_service (ParseState *state)
{
  SportelloService *service = state->service;
  static const char *required[] = { "title", "summary", "who", "bring", "how" };
  gboolean present[5];

  present[0] = service->title != NULL;
  present[1] = service->summary != NULL;
  present[2] = state->who->len > 0;
  present[3] = state->bring->len > 0;
  present[4] = state->how->len > 0;
  if (!state->item_bad)
    for (unsigned i = 0; i < G_N_ELEMENTS (required); i++)
      if (!present[i])
        {
          sportello_problems_add (state->problems, state->file, state->item_line,
                                  i < 2 ? "service \"%s\" has no <%s>"
                                        : "service \"%s\" has no <%s> or it has no entry",
                                  service->id, required[i]);
          state->item_bad = TRUE;
        }
  if (state->item_bad)
    {
      sportello_problems_add (state->problems, state->file, state->item_line,
                              "service \"%s\" is left out", service->id != NULL ? service->id : "?");
      state_clear_item (state);
      return;
    }

  service->who = strv_from_array (state->who);
  service->bring = strv_from_array (state->bring);
  service->how = strv_from_array (state->how);
  if (service->keywords == NULL)
    service->keywords = g_new0 (char *, 1);
  g_ptr_array_add (state->out_items, g_steal_pointer (&state->service));
  state_clear_item (state);
}

static void
on_end_element (GMarkupParseContext  *context,
                const char           *element,
                gpointer              user_data,
                GError              **error)
{
  ParseState *state = user_data;
  int depth;
  const char *parent;

  g_ptr_array_remove_index (state->stack, state->stack->len - 1);
  depth = (int) state->stack->len;
  parent = parent_element (state);

  if (state->ignore_depth > 0)
    {
      if (depth + 1 == state->ignore_depth)
        state->ignore_depth = 0;
      return;
    }

  if (depth == 1)
    {
      if (state->kind == KIND_TOPICS)
        end_topic (state);
      else
        end_service (state);
      state_clear_item (state);
    }
  else if (depth >= 2 && is_text_element (element))
    end_text_element (state, element, parent);
}

static void
on_text (GMarkupParseContext  *context,
         const char           *text,
         gsize                 length,
         gpointer              user_data,
         GError              **error)
{
  ParseState *state = user_data;
  const char *element = parent_element (state);

  if (state->ignore_depth > 0 || element == NULL)
    return;

  if (is_text_element (element) && state->stack->len >= 3)
    {
      g_string_append_len (state->text, text, (gssize) length);
      return;
    }

  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (text[i]))
      {
        sportello_problems_add (state->problems, state->file, current_line (state),
                                "text is not allowed directly inside <%s>", element);
        if (state->topic != NULL || state->service != NULL)
          state->item_bad = TRUE;
        return;
      }
}

static void
on_passthrough (GMarkupParseContext  *context,
                const char           *text,
                gsize                 length,
                gpointer              user_data,
                GError              **error)
{
  ParseState *state = user_data;

  if (length >= 9 && strncmp (text, "<![CDATA[", 9) == 0 && state->ignore_depth == 0)
    {
      sportello_problems_add (state->problems, state->file, current_line (state),
                              "CDATA sections are not allowed: write plain text");
      if (state->topic != NULL || state->service != NULL)
        state->item_bad = TRUE;
    }
}

static const GMarkupParser catalog_parser = {
  on_start_element,
  on_end_element,
  on_text,
  on_passthrough,
  NULL,
};

/* GMarkup's messages start with "Error on line N char M: ". */
static void
add_markup_error (ParseState *state,
                  GError     *error)
{
  const char *message = error->message;
  int line = current_line (state);
  const char *colon;

  if (g_str_has_prefix (message, "Error on line "))
    {
      line = (int) g_ascii_strtoll (message + strlen ("Error on line "), NULL, 10);
      colon = strstr (message, ": ");
      if (colon != NULL)
        message = colon + 2;
    }
  sportello_problems_add (state->problems, state->file, line,
                          "XML error: %s", message);
}

/* Parses one catalogue file; the valid items go to out_items. */
static void
parse_catalog_file (const char *path,
                    FileKind    kind,
                    GPtrArray  *out_items,
                    GPtrArray  *problems)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  ParseState state = { 0 };
  gsize length = 0;
  gboolean ok;

  data = read_data_file (path, &length, problems);
  if (data == NULL)
    return;

  state.file = path;
  state.data = data;
  state.length = length;
  state.kind = kind;
  state.problems = problems;
  state.out_items = out_items;
  state.stack = g_ptr_array_new_with_free_func (g_free);
  state.text = g_string_new (NULL);
  state.context = g_markup_parse_context_new (&catalog_parser, 0, &state, NULL);

  ok = g_markup_parse_context_parse (state.context, data, (gssize) length, &error)
       && g_markup_parse_context_end_parse (state.context, &error);
  if (!ok)
    {
      add_markup_error (&state, error);
      if (state.topic != NULL || state.service != NULL)
        sportello_problems_add (problems, path, state.item_line,
                                "%s \"%s\" is left out", kind == KIND_TOPICS ? "topic" : "service",
                                state.topic != NULL ? (state.topic->id ? state.topic->id : "?")
                                                    : (state.service->id ? state.service->id : "?"));
    }
  else if (state.n_items == 0 && state.root_line > 0)
    sportello_problems_add (problems, path, state.root_line,
                            "no <%s> in this file", kind == KIND_TOPICS ? "topic" : "service");

  state_clear_item (&state);
  g_markup_parse_context_free (state.context);
  g_ptr_array_unref (state.stack);
  g_string_free (state.text, TRUE);
}

/* Languages */

static gboolean
is_language_code (const char *code)
{
  g_autoptr(GRegex) regex = g_regex_new ("^[a-z]{2,3}(_[A-Z]{2})?(@[a-z]+)?$", 0, 0, NULL);

  return g_regex_match (regex, code, 0, NULL);
}

static gboolean
is_locale_name (const char *locale)
{
  g_autoptr(GRegex) regex = g_regex_new ("^[a-z]{2,3}_[A-Z]{2}(\\.(UTF-8|utf8))?(@[a-z]+)?$", 0, 0, NULL);

  return g_regex_match (regex, locale, 0, NULL);
}

static gboolean
is_plain_text (const char *text)
{
  if (text[0] == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if ((unsigned char) *p < 0x20)
      return FALSE;
  return TRUE;
}

static void
load_languages (SportelloCatalog *self,
                GPtrArray        *problems)
{
  static const char *known[] = { "Endonym", "Greeting", "Locale", "Voice", "Direction", NULL };
  g_autofree char *path = g_build_filename (self->data_dir, "languages.ini", NULL);
  g_autoptr(SportelloKeyfileLines) lines = NULL;
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) groups = NULL;

  keyfile = sportello_keyfile_lines_load (path, &lines, problems, &error);
  if (keyfile == NULL)
    {
      /* The message already starts with the path. */
      const char *message = error->message;

      if (g_str_has_prefix (message, path) && message[strlen (path)] == ':')
        message += strlen (path) + 2;
      sportello_problems_add (problems, path, 0, "%s", message);
      return;
    }

  groups = g_key_file_get_groups (keyfile, NULL);
  for (unsigned g = 0; groups[g] != NULL; g++)
    {
      const char *code = groups[g];
      int group_line = sportello_keyfile_lines_get_group_line (lines, code);
      g_autoptr(SportelloLanguage) language = g_new0 (SportelloLanguage, 1);
      g_auto(GStrv) keys = g_key_file_get_keys (keyfile, code, NULL, NULL);
      gboolean bad = FALSE;

      if (!is_language_code (code))
        {
          sportello_problems_add (problems, path, group_line,
                                  "invalid language code [%s]: expected a code such as [ar] or [zh_CN]", code);
          continue;
        }
      language->code = g_strdup (code);

      for (unsigned k = 0; keys != NULL && keys[k] != NULL; k++)
        if (!g_strv_contains (known, keys[k]))
          {
            sportello_problems_add (problems, path,
                                    sportello_keyfile_lines_get_key_line (lines, code, keys[k]),
                                    "unknown key \"%s\" in [%s]", keys[k], code);
            bad = TRUE;
          }

      for (unsigned k = 0; known[k] != NULL; k++)
        {
          g_autoptr(GError) key_error = NULL;
          g_autofree char *value = NULL;
          int line = sportello_keyfile_lines_get_key_line (lines, code, known[k]);

          if (!g_key_file_has_key (keyfile, code, known[k], NULL))
            {
              if (k < 3)
                {
                  sportello_problems_add (problems, path, group_line,
                                          "[%s] has no %s", code, known[k]);
                  bad = TRUE;
                }
              continue;
            }
          value = g_key_file_get_string (keyfile, code, known[k], &key_error);
          if (value == NULL)
            {
              sportello_problems_add (problems, path, line, "%s: %s", known[k], key_error->message);
              bad = TRUE;
              continue;
            }
          g_strstrip (value);
          if (!is_plain_text (value))
            {
              sportello_problems_add (problems, path, line, "%s is empty", known[k]);
              bad = TRUE;
              continue;
            }
          switch (k)
            {
            case 0:
              language->endonym = g_steal_pointer (&value);
              break;
            case 1:
              language->greeting = g_steal_pointer (&value);
              break;
            case 2:
              if (!is_locale_name (value))
                {
                  sportello_problems_add (problems, path, line,
                                          "invalid Locale \"%s\": expected a name such as ar_EG.UTF-8", value);
                  bad = TRUE;
                }
              language->locale = g_steal_pointer (&value);
              break;
            case 3:
              if (!is_valid_id (value))
                {
                  sportello_problems_add (problems, path, line,
                                          "invalid Voice \"%s\": expected an espeak-ng voice such as en-gb", value);
                  bad = TRUE;
                }
              language->voice = g_steal_pointer (&value);
              break;
            default:
              if (strcmp (value, "rtl") == 0)
                language->rtl = TRUE;
              else if (strcmp (value, "ltr") != 0)
                {
                  sportello_problems_add (problems, path, line,
                                          "invalid Direction \"%s\": expected ltr or rtl", value);
                  bad = TRUE;
                }
              break;
            }
        }

      if (bad)
        {
          sportello_problems_add (problems, path, group_line,
                                  "language [%s] is left out", code);
          continue;
        }
      g_hash_table_insert (self->languages_by_code, language->code, language);
      g_ptr_array_add (self->languages, g_steal_pointer (&language));
    }
}

/* Loading */

static int
compare_topics (gconstpointer a,
                gconstpointer b)
{
  const SportelloTopic *ta = *(SportelloTopic * const *) a;
  const SportelloTopic *tb = *(SportelloTopic * const *) b;

  if (ta->order != tb->order)
    return ta->order < tb->order ? -1 : 1;
  return strcmp (ta->id, tb->id);
}

static int
compare_services (gconstpointer a,
                  gconstpointer b)
{
  const SportelloService *sa = *(SportelloService * const *) a;
  const SportelloService *sb = *(SportelloService * const *) b;
  int cmp = strcmp (sa->title, sb->title);

  return cmp != 0 ? cmp : strcmp (sa->id, sb->id);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static void
load_topics (SportelloCatalog *self,
             GPtrArray        *problems)
{
  g_autofree char *path = g_build_filename (self->data_dir, "topics.xml", NULL);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) topic_free);

  parse_catalog_file (path, KIND_TOPICS, items, problems);
  for (unsigned i = 0; i < items->len; i++)
    {
      SportelloTopic *topic = g_ptr_array_index (items, i);
      const SportelloTopic *first = g_hash_table_lookup (self->topics_by_id, topic->id);

      if (first != NULL)
        {
          sportello_problems_add (problems, topic->file, topic->line,
                                  "topic id \"%s\" is already used on line %d; this one is left out",
                                  topic->id, first->line);
          continue;
        }
      g_ptr_array_index (items, i) = NULL;
      g_hash_table_insert (self->topics_by_id, topic->id, topic);
      g_ptr_array_add (self->topics, topic);
    }
  g_ptr_array_sort (self->topics, compare_topics);
}

static void
load_services (SportelloCatalog *self,
               GPtrArray        *problems)
{
  g_autofree char *dir_path = g_build_filename (self->data_dir, "services", NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) service_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  dir = g_dir_open (dir_path, 0, &error);
  if (dir == NULL)
    {
      sportello_problems_add (problems, dir_path, 0, "cannot read the folder: %s", error->message);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.' && g_str_has_suffix (name, ".xml"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);

  for (unsigned i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir_path, g_ptr_array_index (names, i), NULL);

      parse_catalog_file (path, KIND_SERVICES, items, problems);
    }

  for (unsigned i = 0; i < items->len; i++)
    {
      SportelloService *service = g_ptr_array_index (items, i);
      const SportelloService *first = g_hash_table_lookup (self->services_by_id, service->id);

      if (first != NULL)
        {
          sportello_problems_add (problems, service->file, service->line,
                                  "service id \"%s\" is already used in %s:%d; this one is left out",
                                  service->id, first->file, first->line);
          continue;
        }
      service->topic = g_hash_table_lookup (self->topics_by_id, service->topic_id);
      if (service->topic == NULL)
        {
          sportello_problems_add (problems, service->file, service->line,
                                  "unknown topic \"%s\" (not in topics.xml); service \"%s\" is left out",
                                  service->topic_id, service->id);
          continue;
        }
      g_ptr_array_index (items, i) = NULL;
      g_hash_table_insert (self->services_by_id, service->id, service);
      g_ptr_array_add (self->services, service);
    }
  g_ptr_array_sort (self->services, compare_services);
}

/* GObject */

static void
sportello_catalog_finalize (GObject *object)
{
  SportelloCatalog *self = (SportelloCatalog *) object;

  g_clear_pointer (&self->topics_by_id, g_hash_table_unref);
  g_clear_pointer (&self->topics, g_ptr_array_unref);
  g_clear_pointer (&self->services_by_id, g_hash_table_unref);
  g_clear_pointer (&self->services, g_ptr_array_unref);
  g_clear_pointer (&self->languages_by_code, g_hash_table_unref);
  g_clear_pointer (&self->languages, g_ptr_array_unref);
  g_free (self->data_dir);

  G_OBJECT_CLASS (sportello_catalog_parent_class)->finalize (object);
}

static void
sportello_catalog_class_init (SportelloCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sportello_catalog_finalize;
}

static void
sportello_catalog_init (SportelloCatalog *self)
{
  self->topics = g_ptr_array_new_with_free_func ((GDestroyNotify) topic_free);
  self->topics_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->services = g_ptr_array_new_with_free_func ((GDestroyNotify) service_free);
  self->services_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->languages = g_ptr_array_new_with_free_func ((GDestroyNotify) language_free);
  self->languages_by_code = g_hash_table_new (g_str_hash, g_str_equal);
}

/* Public API */

SportelloCatalog *
sportello_catalog_load (const char  *data_dir,
                        GPtrArray   *problems,
                        GError     **error)
{
  g_autoptr(SportelloCatalog) self = NULL;
  g_autoptr(GPtrArray) found = sportello_problems_new ();
  g_autofree char *services_dir = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_test (data_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, SPORTELLO_CATALOG_ERROR, SPORTELLO_CATALOG_ERROR_NOT_FOUND,
                   "%s: no such data folder", data_dir);
      return NULL;
    }

  self = g_object_new (SPORTELLO_TYPE_CATALOG, NULL);
  self->data_dir = g_strdup (data_dir);

  load_languages (self, found);
  load_topics (self, found);
  load_services (self, found);

  if (self->services->len == 0)
    {
      services_dir = g_build_filename (data_dir, "services", NULL);
      g_set_error (error, SPORTELLO_CATALOG_ERROR,
                   g_file_test (services_dir, G_FILE_TEST_IS_DIR)
                   ? SPORTELLO_CATALOG_ERROR_INVALID : SPORTELLO_CATALOG_ERROR_NOT_FOUND,
                   "%s: no valid service could be loaded (%u problem%s found)",
                   services_dir, found->len, found->len == 1 ? "" : "s");
      sportello_problems_move (found, problems);
      return NULL;
    }

  sportello_problems_move (found, problems);
  return g_steal_pointer (&self);
}

const char *
sportello_catalog_get_data_dir (SportelloCatalog *self)
{
  g_return_val_if_fail (SPORTELLO_IS_CATALOG (self), NULL);
  return self->data_dir;
}

GPtrArray *
sportello_catalog_get_topics (SportelloCatalog *self)
{
  g_return_val_if_fail (SPORTELLO_IS_CATALOG (self), NULL);
  return self->topics;
}

const SportelloTopic *
sportello_catalog_lookup_topic (SportelloCatalog *self,
                                const char       *topic_id)
{
  g_return_val_if_fail (SPORTELLO_IS_CATALOG (self), NULL);
  if (topic_id == NULL)
    return NULL;
  return g_hash_table_lookup (self->topics_by_id, topic_id);
}

GPtrArray *
sportello_catalog_get_services (SportelloCatalog *self)
{
  g_return_val_if_fail (SPORTELLO_IS_CATALOG (self), NULL);
  return self->services;
}

GPtrArray *
sportello_catalog_list_services_for_topic (SportelloCatalog *self,
                                           const char       *topic_id)
{
  GPtrArray *result;

  g_return_val_if_fail (SPORTELLO_IS_CATALOG (self), NULL);

  result = g_ptr_array_new ();
  for (unsigned i = 0; i < self->services->len; i++)
    {
      SportelloService *service = g_ptr_array_index (self->services, i);

      if (g_strcmp0 (service->topic_id, topic_id) == 0)
        g_ptr_array_add (result, service);
    }
  return result;
}

const SportelloService *
sportello_catalog_lookup_service (SportelloCatalog *self,
                                  const char       *service_id)
{
  g_return_val_if_fail (SPORTELLO_IS_CATALOG (self), NULL);
  if (service_id == NULL)
    return NULL;
  return g_hash_table_lookup (self->services_by_id, service_id);
}

GPtrArray *
sportello_catalog_get_languages (SportelloCatalog *self)
{
  g_return_val_if_fail (SPORTELLO_IS_CATALOG (self), NULL);
  return self->languages;
}

const SportelloLanguage *
sportello_catalog_lookup_language (SportelloCatalog *self,
                                   const char       *code)
{
  g_return_val_if_fail (SPORTELLO_IS_CATALOG (self), NULL);
  if (code == NULL)
    return NULL;
  return g_hash_table_lookup (self->languages_by_code, code);
}

const SportelloLanguage *
sportello_catalog_get_default_language (SportelloCatalog *self)
{
  g_return_val_if_fail (SPORTELLO_IS_CATALOG (self), NULL);
  if (self->languages->len == 0)
    return NULL;
  return g_ptr_array_index (self->languages, 0);
}

/* Item getters */

const char *
sportello_topic_get_id (const SportelloTopic *topic)
{
  g_return_val_if_fail (topic != NULL, NULL);
  return topic->id;
}

const char *
sportello_topic_get_title (const SportelloTopic *topic)
{
  g_return_val_if_fail (topic != NULL, NULL);
  return topic->title;
}

const char *
sportello_topic_get_summary (const SportelloTopic *topic)
{
  g_return_val_if_fail (topic != NULL, NULL);
  return topic->summary;
}

const char *
sportello_topic_get_pictogram (const SportelloTopic *topic)
{
  g_return_val_if_fail (topic != NULL, NULL);
  return topic->pictogram;
}

const char *
sportello_service_get_id (const SportelloService *service)
{
  g_return_val_if_fail (service != NULL, NULL);
  return service->id;
}

const char *
sportello_service_get_topic_id (const SportelloService *service)
{
  g_return_val_if_fail (service != NULL, NULL);
  return service->topic_id;
}

const char *
sportello_service_get_title (const SportelloService *service)
{
  g_return_val_if_fail (service != NULL, NULL);
  return service->title;
}

const char *
sportello_service_get_summary (const SportelloService *service)
{
  g_return_val_if_fail (service != NULL, NULL);
  return service->summary;
}

const char *
sportello_service_get_pictogram (const SportelloService *service)
{
  g_return_val_if_fail (service != NULL, NULL);
  if (service->pictogram != NULL)
    return service->pictogram;
  return service->topic != NULL ? service->topic->pictogram : NULL;
}

SportelloServiceMode
sportello_service_get_mode (const SportelloService *service)
{
  g_return_val_if_fail (service != NULL, SPORTELLO_SERVICE_MODE_INFO);
  return service->mode;
}

const char * const *
sportello_service_get_who (const SportelloService *service)
{
  g_return_val_if_fail (service != NULL, NULL);
  return (const char * const *) service->who;
}

const char * const *
sportello_service_get_bring (const SportelloService *service)
{
  g_return_val_if_fail (service != NULL, NULL);
  return (const char * const *) service->bring;
}

const char * const *
sportello_service_get_how (const SportelloService *service)
{
  g_return_val_if_fail (service != NULL, NULL);
  return (const char * const *) service->how;
}

const char * const *
sportello_service_get_keywords (const SportelloService *service)
{
  g_return_val_if_fail (service != NULL, NULL);
  return (const char * const *) service->keywords;
}

const char *
sportello_language_get_code (const SportelloLanguage *language)
{
  g_return_val_if_fail (language != NULL, NULL);
  return language->code;
}

const char *
sportello_language_get_endonym (const SportelloLanguage *language)
{
  g_return_val_if_fail (language != NULL, NULL);
  return language->endonym;
}

const char *
sportello_language_get_greeting (const SportelloLanguage *language)
{
  g_return_val_if_fail (language != NULL, NULL);
  return language->greeting;
}

const char *
sportello_language_get_locale (const SportelloLanguage *language)
{
  g_return_val_if_fail (language != NULL, NULL);
  return language->locale;
}

const char *
sportello_language_get_voice (const SportelloLanguage *language)
{
  g_return_val_if_fail (language != NULL, NULL);
  return language->voice;
}

gboolean
sportello_language_is_rtl (const SportelloLanguage *language)
{
  g_return_val_if_fail (language != NULL, FALSE);
  return language->rtl;
}
