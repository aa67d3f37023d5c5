/* test-glyphs.c: every translated string of every language in po/LINGUAS,
 * and every endonym and greeting of data/languages.ini, renders with the
 * kiosk's fonts without a single unknown glyph
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <pango/pangocairo.h>

/* The kiosk's font family; fontconfig falls back per script from it. */
#define KIOSK_FONT "Noto Sans, Noto Sans CJK SC, Abyssinica SIL, Sans 24"

typedef struct
{
  cairo_surface_t *surface;
  cairo_t         *cr;
  PangoLayout     *layout;
  GString         *failures;
  unsigned         checked;
} Renderer;

static const char *
source_root (void)
{
  const char *root = g_getenv ("SPORTELLO_SOURCE_ROOT");

  return root != NULL ? root : ".";
}

static void
renderer_init (Renderer *r)
{
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (KIOSK_FONT);

  r->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 16, 16);
  r->cr = cairo_create (r->surface);
  r->layout = pango_cairo_create_layout (r->cr);
  pango_layout_set_font_description (r->layout, font);
  pango_layout_set_width (r->layout, 800 * PANGO_SCALE);
  pango_layout_set_wrap (r->layout, PANGO_WRAP_WORD_CHAR);
  r->failures = g_string_new (NULL);
  r->checked = 0;
}

static void
renderer_clear (Renderer *r)
{
  g_object_unref (r->layout);
  cairo_destroy (r->cr);
  cairo_surface_destroy (r->surface);
  g_string_free (r->failures, TRUE);
}

/* Lays text out in language; records it when a glyph is missing. */
static void
check_string (Renderer   *r,
              const char *language,
              const char *where,
              const char *text)
{
  PangoContext *context = pango_layout_get_context (r->layout);
  int unknown;

  if (text == NULL || *text == '\0')
    return;
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_string_append_printf (r->failures, "%s: %s: not valid UTF-8\n", language, where);
      return;
    }
  pango_context_set_language (context, pango_language_from_string (language));
  pango_layout_context_changed (r->layout);
  pango_layout_set_text (r->layout, text, -1);
  unknown = pango_layout_get_unknown_glyphs_count (r->layout);
  r->checked++;
  if (unknown > 0)
    g_string_append_printf (r->failures, "%s: %s: %d unknown glyph(s) in “%s”\n",
                            language, where, unknown, text);
}

/* Appends the C-escaped contents of a quoted .po string to out. */
static gboolean
append_po_string (GString    *out,
                  const char *line)
{
  const char *start = strchr (line, '"');
  const char *end = strrchr (line, '"');
  g_autofree char *quoted = NULL;
  g_autofree char *plain = NULL;

  if (start == NULL || end == NULL || end <= start)
    return FALSE;
  quoted = g_strndup (start + 1, (size_t) (end - start - 1));
  plain = g_strcompress (quoted);
  g_string_append (out, plain);
  return TRUE;
}

/* Every msgstr (and msgstr[N]) of a .po file, skipping the header,
 * fuzzy and obsolete entries. */
static GPtrArray *
read_msgstrs (const char  *path,
              GError     **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  GString *current = NULL;
  gboolean fuzzy = FALSE;
  gboolean header = FALSE;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  lines = g_strsplit (contents, "\n", -1);
  for (size_t i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strstrip (lines[i]);

      if (current != NULL && line[0] == '"')
        {
          append_po_string (current, line);
          continue;
        }
      if (current != NULL)
        {
          if (!fuzzy && !header)
            g_ptr_array_add (strings, g_string_free (current, FALSE));
          else
            g_string_free (current, TRUE);
          current = NULL;
        }
      if (line[0] == '\0')
        {
          fuzzy = FALSE;
          header = FALSE;
        }
      else if (g_str_has_prefix (line, "#,") && strstr (line, "fuzzy") != NULL)
        fuzzy = TRUE;
      else if (g_str_has_prefix (line, "msgid ") && strcmp (line, "msgid \"\"") == 0)
        header = TRUE;   /* may be a multi-line msgid: cleared below */
      else if (line[0] == '"' && header)
        header = FALSE;  /* continuation of a non-empty msgid */
      else if (g_str_has_prefix (line, "msgstr"))
        {
          current = g_string_new (NULL);
          append_po_string (current, line);
        }
    }
  if (current != NULL)
    {
      if (!fuzzy && !header)
        g_ptr_array_add (strings, g_string_free (current, FALSE));
      else
        g_string_free (current, TRUE);
    }
  return g_steal_pointer (&strings);
}

static char **
read_linguas (void)
{
  g_autofree char *path = g_build_filename (source_root (), "po", "LINGUAS", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *languages = g_ptr_array_new ();

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (size_t i = 0; lines[i] != NULL; i++)
    {
      char *hash = strchr (lines[i], '#');
      g_auto(GStrv) words = NULL;

      if (hash != NULL)
        *hash = '\0';
      words = g_strsplit_set (lines[i], " \t\r", -1);
      for (size_t j = 0; words[j] != NULL; j++)
        if (*words[j] != '\0')
          g_ptr_array_add (languages, g_strdup (words[j]));
    }
  g_ptr_array_add (languages, NULL);
  return (char **) g_ptr_array_free (languages, FALSE);
}

static void
test_translations (void)
{
  g_auto(GStrv) languages = read_linguas ();
  Renderer r;

  if (languages[0] == NULL)
    {
      g_test_message ("po/LINGUAS lists no language yet: no translation to render");
      g_test_skip ("no language in po/LINGUAS");
      return;
    }
  renderer_init (&r);
  for (size_t i = 0; languages[i] != NULL; i++)
    {
      g_autofree char *file = g_strconcat (languages[i], ".po", NULL);
      g_autofree char *path = g_build_filename (source_root (), "po", file, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) strings = read_msgstrs (path, &error);

      if (strings == NULL)
        {
          g_string_append_printf (r.failures, "%s: %s\n", languages[i], error->message);
          continue;
        }
      for (unsigned int j = 0; j < strings->len; j++)
        check_string (&r, languages[i], file, g_ptr_array_index (strings, j));
    }
  g_test_message ("%u translated strings rendered", r.checked);
  if (r.failures->len > 0)
    g_test_fail_printf ("%s", r.failures->str);
  renderer_clear (&r);
}

static void
test_languages_ini (void)
{
  g_autofree char *path = g_build_filename (source_root (), "data", "languages.ini", NULL);
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) groups = NULL;
  Renderer r;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no data/languages.ini yet");
      return;
    }
  g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  groups = g_key_file_get_groups (file, NULL);
  g_assert_nonnull (groups[0]);

  renderer_init (&r);
  for (size_t i = 0; groups[i] != NULL; i++)
    {
      const char *keys[] = { "Endonym", "Greeting" };

      for (size_t k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          g_autofree char *value = g_key_file_get_string (file, groups[i], keys[k], NULL);
          g_autofree char *where = g_strdup_printf ("languages.ini [%s] %s", groups[i], keys[k]);

          if (value == NULL)
            g_string_append_printf (r.failures, "%s: %s missing\n", groups[i], where);
          check_string (&r, groups[i], where, value);
        }
    }
  g_test_message ("%u endonyms and greetings rendered", r.checked);
  if (r.failures->len > 0)
    g_test_fail_printf ("%s", r.failures->str);
  renderer_clear (&r);
}

/* The test can fail: a private-use character has no glyph in any font. */
static void
test_detects_missing (void)
{
  Renderer r;

  renderer_init (&r);
  check_string (&r, "it", "self-test", "Sportello \xef\x9c\x80");   /* U+F700 */
  g_assert_cmpuint (r.failures->len, >, 0);
  g_string_truncate (r.failures, 0);
  check_string (&r, "ti", "self-test", "ሰላም");
  check_string (&r, "zh-cn", "self-test", "你好");
  check_string (&r, "ar", "self-test", "مرحبا");
  g_assert_cmpstr (r.failures->str, ==, "");
  renderer_clear (&r);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/i18n/glyphs/self-test", test_detects_missing);
  g_test_add_func ("/i18n/glyphs/languages-ini", test_languages_ini);
  g_test_add_func ("/i18n/glyphs/translations", test_translations);

  return g_test_run ();
}
