/* sportello-locale.h: one place that sets the locale and the gettext domain,
 * for main(), the tests and the kiosk's live language switch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* setlocale (LC_ALL, ""), bindtextdomain (to the build tree's compiled
 * catalogues when running uninstalled), UTF-8 codeset, textdomain.
 * Two domains are bound: GETTEXT_PACKAGE for everything a citizen reads
 * (kiosk, service content, display board phrases) and
 * STAFF_GETTEXT_PACKAGE for the desk console and statistics window, whose
 * main() then calls textdomain (STAFF_GETTEXT_PACKAGE). */
void        sportello_locale_init    (void);
/* Switches messages and formatting to a language ("ar", "zh_CN") with its
 * POSIX locale ("ar_EG.UTF-8", may be NULL).  Messages switch even when the
 * locale is not installed; returns FALSE then (formatting stays as it was). */
gboolean    sportello_locale_switch  (const char *language,
                                      const char *posix_locale);
/* The language code last switched to, or the one of the environment. */
const char *sportello_locale_get_language (void);
G_END_DECLS
