/* sportello-sqlite-store.h: the embedded SQLite backend
 *
 * WAL journal, foreign keys, a busy timeout, synchronous=FULL, write
 * transactions begun IMMEDIATE, schema versioned by PRAGMA user_version with
 * a migration from every earlier version.  Several processes (kiosks, desks,
 * the CLI) may open one file at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sportello-store.h"

G_BEGIN_DECLS

/* The schema version this build writes. */
#define SPORTELLO_SQLITE_SCHEMA_VERSION (sportello_sqlite_store_schema_version ())

#define SPORTELLO_TYPE_SQLITE_STORE (sportello_sqlite_store_get_type ())
G_DECLARE_FINAL_TYPE (SportelloSqliteStore, sportello_sqlite_store, SPORTELLO, SQLITE_STORE, GObject)

/* Opens (creating it and its folder when missing) and migrates the database.
 * A read-only file opens for reading: writes then fail with UNAVAILABLE. */
SportelloStore *sportello_sqlite_store_new   (const char  *path,
                                              GError     **error);
const char     *sportello_sqlite_store_get_path (SportelloSqliteStore *self);
int             sportello_sqlite_store_schema_version (void);

G_END_DECLS
