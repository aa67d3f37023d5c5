/* sportello-sqlite-store-private.h: test entry points of the SQLite backend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sportello-sqlite-store.h"

G_BEGIN_DECLS

/* Creates a database at path with only the first `version` migration steps
 * applied (0 = an empty file), so that tests can upgrade it from every
 * earlier version. */
gboolean sportello_sqlite_store_create_at_version (const char  *path,
                                                   int          version,
                                                   GError     **error);

G_END_DECLS
