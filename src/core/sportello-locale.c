/* sportello-locale.c: the locale and gettext set-up, and the live switch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "sportello-locale.h"

static char *current_language;

static const char *
catalogue_dir (const char *build_dir)
{
  /* Uninstalled builds read the catalogues meson just compiled. */
  if (g_file_test (build_dir, G_FILE_TEST_IS_DIR))
    return build_dir;
  return LOCALEDIR;
}

void
sportello_locale_init (void)
{
  const char * const *names;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, catalogue_dir (SPORTELLO_BUILD_LOCALEDIR));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  bindtextdomain (STAFF_GETTEXT_PACKAGE, catalogue_dir (SPORTELLO_BUILD_STAFF_LOCALEDIR));
  bind_textdomain_codeset (STAFF_GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  names = g_get_language_names ();
  g_free (current_language);
  current_language = g_strdup (names != NULL && names[0] != NULL ? names[0] : "C");
}

gboolean
sportello_locale_switch (const char *language,
                         const char *posix_locale)
{
  gboolean formatted = FALSE;

  g_return_val_if_fail (language != NULL, FALSE);

  /* LANGUAGE picks the message catalogue even when the POSIX locale is
   * missing; it is ignored only under the plain "C" locale, hence the
   * C.UTF-8 fallback. */
  g_setenv ("LANGUAGE", language, TRUE);

  if (posix_locale != NULL && setlocale (LC_ALL, posix_locale) != NULL)
    formatted = TRUE;
  else if (setlocale (LC_ALL, "C.UTF-8") == NULL)
    setlocale (LC_ALL, "");

  /* Setting the locale also flushes gettext's cache of translations, so
   * the next _() answers in the new language. */
  g_free (current_language);
  current_language = g_strdup (language);

  return formatted;
}

const char *
sportello_locale_get_language (void)
{
  return current_language != NULL ? current_language : "C";
}
