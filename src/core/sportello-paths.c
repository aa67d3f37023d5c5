/* sportello-paths.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "sportello-paths.h"

static char *
first_set (const char *option,
           const char *variable)
{
  const char *value;

  if (option != NULL && *option != '\0')
    return g_strdup (option);

  value = g_getenv (variable);
  if (value != NULL && *value != '\0')
    return g_strdup (value);

  return NULL;
}

char *
sportello_paths_data_dir (const char *option)
{
  char *dir = first_set (option, "SPORTELLO_DATA");

  if (dir != NULL)
    return dir;

  /* Running from the build tree: the sources' data/ is the demo. */
  if (g_file_test (SPORTELLO_SOURCE_DATADIR "/desk.ini", G_FILE_TEST_IS_REGULAR))
    return g_strdup (SPORTELLO_SOURCE_DATADIR);

  return g_strdup (PKGDATADIR);
}

char *
sportello_paths_db (const char *option)
{
  char *path = first_set (option, "SPORTELLO_DB");

  if (path != NULL)
    return path;

  return g_build_filename (g_get_user_data_dir (), "sportello", "sportello.db", NULL);
}

char *
sportello_paths_assets_dir (void)
{
  if (g_file_test (SPORTELLO_SOURCE_ASSETSDIR, G_FILE_TEST_IS_DIR))
    return g_strdup (SPORTELLO_SOURCE_ASSETSDIR);

  return g_build_filename (PKGDATADIR, "assets", NULL);
}
