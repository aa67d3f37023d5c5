/* sportello-paths.h: where data and the database are found
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* option (--data), else $SPORTELLO_DATA, else the source tree's data/ when
 * running from the build tree, else the installed PKGDATADIR. */
char *sportello_paths_data_dir (const char *option);
/* option (--db), else $SPORTELLO_DB, else $XDG_DATA_HOME/sportello/sportello.db. */
char *sportello_paths_db       (const char *option);
/* assets/: the source tree's when running uninstalled, else PKGDATADIR/assets. */
char *sportello_paths_assets_dir (void);

G_END_DECLS
