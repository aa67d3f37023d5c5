/* sportello-keyfile-lines.c: line numbers and syntax checks for key files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sportello-keyfile-lines-private.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sportello-catalog.h"
#include "sportello-error.h"

struct _SportelloKeyfileLines
{
  char       *file;
  GString    *clean;
  GHashTable *groups;  /* group -> line */
  GHashTable *keys;    /* "group\x1fkey" -> line */
};

void
sportello_problems_add (GPtrArray  *problems,
                        const char *file,
                        int         line,
                        const char *format,
                        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (problems == NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (problems, sportello_problem_new (file, line, "%s", message));
}

GPtrArray *
sportello_problems_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) sportello_problem_free);
}

void
sportello_problems_move (GPtrArray *from,
                         GPtrArray *to)
{
  if (from == NULL)
    return;
  if (to != NULL)
    {
      for (unsigned i = 0; i < from->len; i++)
        g_ptr_array_add (to, g_ptr_array_index (from, i));
      g_ptr_array_set_free_func (from, NULL);
      g_ptr_array_set_size (from, 0);
      g_ptr_array_set_free_func (from, (GDestroyNotify) sportello_problem_free);
    }
}

int
sportello_utf8_find_bad_line (const char *data,
                              gsize       length)
{
  const char *end = NULL;
  int line = 1;

  if (g_utf8_validate_len (data, length, &end))
    return 0;

  for (const char *p = data; p < end; p++)
    if (*p == '\n')
      line++;
  return line;
}

static char *
key_id (const char *group,
        const char *key)
{
  return g_strconcat (group, "\x1f", key, NULL);
}

/* A group name GKeyFile accepts: not empty, no brackets, no control chars. */
static gboolean
is_group_name (const char *name)
{
  if (*name == '\0')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (*p == '[' || *p == ']' || (unsigned char) *p < 0x20)
      return FALSE;
  return TRUE;
}

static gboolean
is_key_name (const char *name)
{
  if (*name == '\0')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if ((unsigned char) *p < 0x20 || *p == '=' || *p == '[' || *p == ']')
      return FALSE;
  return TRUE;
}

SportelloKeyfileLines *
sportello_keyfile_lines_scan (const char *file,
                              const char *data,
                              gsize       length,
                              GPtrArray  *problems)
{
  SportelloKeyfileLines *self = g_new0 (SportelloKeyfileLines, 1);
  g_autofree char *group = NULL;
  gboolean skipping = FALSE;  /* inside a group that was refused */
  const char *p = data;
  const char *end = data + length;
  int line = 0;

  self->file = g_strdup (file);
  self->clean = g_string_sized_new (length + 1);
  self->groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  while (p < end)
    {
      const char *nl = memchr (p, '\n', (gsize) (end - p));
      const char *line_end = nl != NULL ? nl : end;
      gsize len = (gsize) (line_end - p);
      g_autofree char *text = NULL;
      char *stripped;

      line++;
      if (len > 0 && p[len - 1] == '\r')
        len--;

      if (!g_utf8_validate_len (p, len, NULL))
        {
          sportello_problems_add (problems, file, line,
                                  "not valid UTF-8 text (or a NUL byte); line ignored");
          goto next;
        }

      text = g_strndup (p, len);
      stripped = g_strstrip (text);

      if (*stripped == '\0' || *stripped == '#')
        {
          g_string_append (self->clean, stripped);
          g_string_append_c (self->clean, '\n');
          goto next;
        }

      if (*stripped == '[')
        {
          size_t slen = strlen (stripped);
          g_autofree char *name = NULL;

          if (slen < 2 || stripped[slen - 1] != ']')
            {
              sportello_problems_add (problems, file, line,
                                      "invalid group header \"%s\": write [Name]", stripped);
              skipping = TRUE;
              goto next;
            }
          name = g_strndup (stripped + 1, slen - 2);
          if (!is_group_name (name))
            {
              sportello_problems_add (problems, file, line,
                                      "invalid group name \"%s\"", name);
              skipping = TRUE;
              goto next;
            }
          if (g_hash_table_contains (self->groups, name))
            {
              sportello_problems_add (problems, file, line,
                                      "group [%s] appears twice (first on line %d); this one is ignored",
                                      name,
                                      GPOINTER_TO_INT (g_hash_table_lookup (self->groups, name)));
              skipping = TRUE;
              goto next;
            }
          g_hash_table_insert (self->groups, g_strdup (name), GINT_TO_POINTER (line));
          g_free (group);
          group = g_steal_pointer (&name);
          skipping = FALSE;
          g_string_append_printf (self->clean, "[%s]\n", group);
          goto next;
        }

      {
        char *eq = strchr (stripped, '=');
        g_autofree char *key = NULL;
        g_autofree char *id = NULL;

        if (eq == NULL || eq == stripped)
          {
            sportello_problems_add (problems, file, line,
                                    "invalid line \"%s\": expected Key=Value, [Group] or # comment",
                                    stripped);
            goto next;
          }
        key = g_strndup (stripped, (gsize) (eq - stripped));
        g_strstrip (key);
        if (!is_key_name (key))
          {
            sportello_problems_add (problems, file, line, "invalid key name \"%s\"", key);
            goto next;
          }
        if (skipping)
          goto next;
        if (group == NULL)
          {
            sportello_problems_add (problems, file, line,
                                    "key \"%s\" comes before any [Group]", key);
            goto next;
          }
        id = key_id (group, key);
        if (g_hash_table_contains (self->keys, id))
          {
            sportello_problems_add (problems, file, line,
                                    "key \"%s\" appears twice in [%s] (first on line %d); this one is ignored",
                                    key, group,
                                    GPOINTER_TO_INT (g_hash_table_lookup (self->keys, id)));
            goto next;
          }
        g_hash_table_insert (self->keys, g_steal_pointer (&id), GINT_TO_POINTER (line));
        g_string_append (self->clean, stripped);
        g_string_append_c (self->clean, '\n');
      }

    next:
      if (nl == NULL)
        break;
      p = nl + 1;
    }

  return self;
}

const char *
sportello_keyfile_lines_get_clean_data (SportelloKeyfileLines *self,
                                        gsize                 *out_length)
{
  if (out_length != NULL)
    *out_length = self->clean->len;
  return self->clean->str;
}

const char *
sportello_keyfile_lines_get_file (SportelloKeyfileLines *self)
{
  return self->file;
}

int
sportello_keyfile_lines_get_group_line (SportelloKeyfileLines *self,
                                        const char            *group)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (self->groups, group));
}

int
sportello_keyfile_lines_get_key_line (SportelloKeyfileLines *self,
                                      const char            *group,
                                      const char            *key)
{
  g_autofree char *id = key_id (group, key);

  return GPOINTER_TO_INT (g_hash_table_lookup (self->keys, id));
}

void
sportello_keyfile_lines_free (SportelloKeyfileLines *self)
{
  if (self == NULL)
    return;
  g_free (self->file);
  g_string_free (self->clean, TRUE);
  g_hash_table_unref (self->groups);
  g_hash_table_unref (self->keys);
  g_free (self);
}

GKeyFile *
sportello_keyfile_lines_load (const char             *path,
                              SportelloKeyfileLines **out_lines,
                              GPtrArray              *problems,
                              GError                **error)
{
  g_autoptr(SportelloKeyfileLines) lines = NULL;
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  const char *clean;
  gsize length = 0;
  gsize clean_length = 0;
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, SPORTELLO_CATALOG_ERROR,
                   saved_errno == ENOENT ? SPORTELLO_CATALOG_ERROR_NOT_FOUND : SPORTELLO_CATALOG_ERROR_FAILED,
                   "%s: cannot read the file: %s", path, g_strerror (saved_errno));
      return NULL;
    }
  if (st.st_size > SPORTELLO_MAX_DATA_FILE_SIZE)
    {
      g_set_error (error, SPORTELLO_CATALOG_ERROR, SPORTELLO_CATALOG_ERROR_INVALID,
                   "%s: the file is larger than 1 MiB", path);
      return NULL;
    }
  if (!g_file_get_contents (path, &data, &length, &local_error))
    {
      g_set_error (error, SPORTELLO_CATALOG_ERROR, SPORTELLO_CATALOG_ERROR_FAILED,
                   "%s: cannot read the file: %s", path, local_error->message);
      return NULL;
    }
  if (length > SPORTELLO_MAX_DATA_FILE_SIZE)
    {
      g_set_error (error, SPORTELLO_CATALOG_ERROR, SPORTELLO_CATALOG_ERROR_INVALID,
                   "%s: the file is larger than 1 MiB", path);
      return NULL;
    }

  {
    gboolean blank = TRUE;

    for (gsize i = 0; i < length && blank; i++)
      if (!g_ascii_isspace (data[i]))
        blank = FALSE;
    if (blank)
      {
        g_set_error (error, SPORTELLO_CATALOG_ERROR, SPORTELLO_CATALOG_ERROR_INVALID,
                     "%s: the file is empty", path);
        return NULL;
      }
  }

  lines = sportello_keyfile_lines_scan (path, data, length, problems);
  clean = sportello_keyfile_lines_get_clean_data (lines, &clean_length);
  keyfile = g_key_file_new ();
  if (!g_key_file_load_from_data (keyfile, clean, clean_length, G_KEY_FILE_NONE, &local_error))
    {
      /* The scan should have caught every syntax error; be safe anyway. */
      g_set_error (error, SPORTELLO_CATALOG_ERROR, SPORTELLO_CATALOG_ERROR_INVALID,
                   "%s: %s", path, local_error->message);
      return NULL;
    }

  if (out_lines != NULL)
    *out_lines = g_steal_pointer (&lines);
  return g_steal_pointer (&keyfile);
}
