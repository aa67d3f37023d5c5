/* store-test-common.h: helpers shared by the store tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "sportello.h"
#include "sportello-sqlite-store-private.h"

/* A fresh folder under the system's temporary folder, removed at the end. */
typedef struct
{
  char *dir;
  char *db_path;
} TestDir;

static inline void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

static inline void
test_dir_init (TestDir *td)
{
  g_autoptr(GError) error = NULL;

  td->dir = g_dir_make_tmp ("sportello-store-XXXXXX", &error);
  g_assert_no_error (error);
  td->db_path = g_build_filename (td->dir, "store.db", NULL);
}

static inline void
test_dir_clear (TestDir *td)
{
  g_chmod (td->dir, 0700);
  remove_tree (td->dir);
  g_clear_pointer (&td->dir, g_free);
  g_clear_pointer (&td->db_path, g_free);
}

static inline SportelloStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  SportelloStore *store = sportello_sqlite_store_new (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static inline SportelloTicket *
book_ticket (SportelloStore  *store,
             const char      *service,
             char             letter,
             const GDate     *date,
             int              minute,
             int              capacity,
             const char      *phone,
             GError         **error)
{
  SportelloBookingRequest request = {
    .service_id = service,
    .letter = letter,
    .date = *date,
    .minute = minute,
    .capacity = capacity,
    .language = "ar",
    .needs_mediator = TRUE,
    .phone = phone,
    .kiosk_id = "kiosk-test",
  };

  return sportello_store_book (store, &request, error);
}

/* A raw connection for looking at what the store wrote. */
static inline sqlite3 *
open_raw (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

static inline gint64
raw_int (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static inline char *
raw_text (sqlite3    *db,
          const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}
