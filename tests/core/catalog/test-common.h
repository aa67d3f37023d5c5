/* test-common.h: helpers shared by the catalogue, desk and booking tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sportello.h"

/* Asserts that problems hold one for a file ending in suffix, at line, whose
 * message contains pattern. */
static inline void
assert_problem (GPtrArray  *problems,
                const char *suffix,
                int         line,
                const char *pattern)
{
  for (unsigned i = 0; i < problems->len; i++)
    {
      SportelloProblem *p = g_ptr_array_index (problems, i);

      if (g_str_has_suffix (p->file, suffix) && p->line == line && strstr (p->message, pattern) != NULL)
        {
          g_autofree char *text = sportello_problem_format (p);

          /* FILE:LINE: message, as the tools print it */
          if (line > 0)
            {
              g_autofree char *prefix = g_strdup_printf ("%s:%d: ", p->file, line);
              g_assert_true (g_str_has_prefix (text, prefix));
            }
          return;
        }
    }

  for (unsigned i = 0; i < problems->len; i++)
    {
      g_autofree char *text = sportello_problem_format (g_ptr_array_index (problems, i));
      g_printerr ("  %s\n", text);
    }
  g_error ("no problem %s:%d: *%s*", suffix, line, pattern);
}

static inline void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (from, &data, &length, NULL));
  g_assert_true (g_file_set_contents (to, data, (gssize) length, NULL));
}

/* A fresh copy of fixtures/data in a temporary folder. */
static inline char *
make_fixture_data (void)
{
  g_autofree char *src = g_build_filename (FIXTURES_DIR, "data", NULL);
  g_autofree char *src_services = g_build_filename (src, "services", NULL);
  char *dir = g_dir_make_tmp ("sportello-catalog-XXXXXX", NULL);
  g_autofree char *services = g_build_filename (dir, "services", NULL);
  g_autoptr(GDir) d = NULL;
  const char *name;

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir (services, 0700), ==, 0);
  for (const char *const *f = (const char *const[]) { "languages.ini", "topics.xml", NULL }; *f; f++)
    {
      g_autofree char *a = g_build_filename (src, *f, NULL);
      g_autofree char *b = g_build_filename (dir, *f, NULL);
      copy_file (a, b);
    }
  d = g_dir_open (src_services, 0, NULL);
  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *a = g_build_filename (src_services, name, NULL);
      g_autofree char *b = g_build_filename (services, name, NULL);
      copy_file (a, b);
    }
  return dir;
}

static inline void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
      const char *name;

      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static inline GDate *
make_date (int y, int m, int d)
{
  return g_date_new_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}
