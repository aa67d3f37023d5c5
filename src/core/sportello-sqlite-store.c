/* sportello-sqlite-store.c: the embedded SQLite backend of SportelloStore
 *
 * One connection per store, serialised by a mutex so that a transaction
 * never interleaves with another thread's.  Every write is one
 * BEGIN IMMEDIATE ... COMMIT: the write lock is taken before anything is
 * read, so checks (capacity, current state) and the change they guard are
 * atomic across processes.  synchronous=FULL makes a returned COMMIT
 * durable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sportello-sqlite-store.h"
#include "sportello-sqlite-store-private.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "sportello-error.h"
#include "sportello-pin.h"

#define DEFAULT_BUSY_TIMEOUT_MS 5000
#define MAX_NOTE_CHARS 500
#define MAX_PIN_FAILURES 5
#define LOCK_OUT_SECONDS (5 * 60)
#define MIN_FREE_BYTES (256 * 1024)

/* Kinds of transition rows. */
enum
{
  KIND_CREATED = 0,
  KIND_CHANGE = 1,
  KIND_UNDO = 2,
  KIND_DAY_CLOSED = 3,
};

/* Kinds of session items. */
enum
{
  ITEM_TOPIC = 0,
  ITEM_SERVICE = 1,
};

struct _SportelloSqliteStore
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  gboolean    read_only;
  char       *unwritable_reason;  /* why the read-write open failed, if it did */
  GMutex      lock;         /* one transaction at a time on this connection */
  GHashTable *statements;   /* SQL text -> sqlite3_stmt, prepared once */
  gint64      own_commits;  /* data_version does not count our own */
};

static void sportello_sqlite_store_iface_init (SportelloStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SportelloSqliteStore, sportello_sqlite_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SPORTELLO_TYPE_STORE,
                                                      sportello_sqlite_store_iface_init))

/* Schema: each step brings version N-1 to N, in its own transaction.
 * Append steps; never edit one that shipped. */
static const char * const migrations[] = {
  /* 1: tickets, their history and per-day numbering */
  "CREATE TABLE tickets ("
  "  id INTEGER PRIMARY KEY,"
  "  date TEXT NOT NULL,"
  "  code TEXT NOT NULL,"
  "  service TEXT NOT NULL,"
  "  minute INTEGER NOT NULL CHECK (minute >= -1 AND minute < 1440),"
  "  number INTEGER NOT NULL CHECK (number > 0),"
  "  language TEXT,"
  "  needs_mediator INTEGER NOT NULL DEFAULT 0,"
  "  phone TEXT,"
  "  kiosk_id TEXT,"
  "  state INTEGER NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  changed_at INTEGER NOT NULL,"
  "  counter TEXT,"
  "  operator TEXT,"
  "  professional INTEGER NOT NULL DEFAULT 0,"
  "  note TEXT,"
  "  UNIQUE (date, code)"
  ");"
  "CREATE INDEX tickets_by_slot ON tickets (date, service, minute, state);"
  "CREATE TABLE transitions ("
  "  id INTEGER PRIMARY KEY,"
  "  ticket INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,"
  "  kind INTEGER NOT NULL,"
  "  from_state INTEGER NOT NULL,"
  "  to_state INTEGER NOT NULL,"
  "  at INTEGER NOT NULL,"
  "  operator_id TEXT,"
  "  counter TEXT,"
  /* what the ticket held before, so the change can be undone */
  "  undo_of INTEGER REFERENCES transitions (id),"
  "  undone INTEGER NOT NULL DEFAULT 0,"
  "  prev_counter TEXT,"
  "  prev_operator TEXT,"
  "  prev_professional INTEGER NOT NULL DEFAULT 0,"
  "  prev_note TEXT,"
  "  prev_changed_at INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX transitions_by_ticket ON transitions (ticket, id);"
  "CREATE INDEX transitions_by_operator ON transitions (operator_id, id);"
  "CREATE TABLE day_sequences ("
  "  date TEXT NOT NULL,"
  "  service TEXT NOT NULL,"
  "  last INTEGER NOT NULL,"
  "  PRIMARY KEY (date, service)"
  ") WITHOUT ROWID;",

  /* 2: operators of the desk console */
  "CREATE TABLE operators ("
  "  id TEXT NOT NULL PRIMARY KEY,"
  "  display_name TEXT NOT NULL,"
  "  pin_hash TEXT NOT NULL,"
  "  failed_attempts INTEGER NOT NULL DEFAULT 0,"
  "  locked_until INTEGER NOT NULL DEFAULT 0"
  ") WITHOUT ROWID;",

  /* 3: anonymous session summaries.  Keyed by a random id and WITHOUT
   * ROWID, so neither a key nor the physical order tells when a session
   * was written; nothing refers to tickets. */
  "CREATE TABLE sessions ("
  "  id BLOB NOT NULL PRIMARY KEY,"
  "  kiosk_id TEXT NOT NULL,"
  "  day TEXT NOT NULL,"
  "  hour INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),"
  "  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),"
  "  language TEXT NOT NULL,"
  "  booked INTEGER NOT NULL,"
  "  walk_in INTEGER NOT NULL,"
  "  checked_in INTEGER NOT NULL,"
  "  viewed_service INTEGER NOT NULL,"
  "  end_reason INTEGER NOT NULL,"
  "  campaign INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE session_items ("
  "  kind INTEGER NOT NULL,"
  "  item TEXT NOT NULL,"
  "  day TEXT NOT NULL,"
  "  kiosk_id TEXT NOT NULL,"
  "  session BLOB NOT NULL REFERENCES sessions (id),"
  "  PRIMARY KEY (kind, item, day, kiosk_id, session)"
  ") WITHOUT ROWID;",

  /* 4: running totals per day and kiosk, kept by triggers (so rows copied
   * in with plain SQL count too), so that an aggregate over a million
   * sessions reads a few thousand rows.  Totals hold no more than the
   * sessions table: day, kiosk, hour and the summary's fields. */
  "CREATE TABLE session_counts ("
  "  dimension TEXT NOT NULL,"
  "  key TEXT NOT NULL,"
  "  key2 TEXT NOT NULL,"
  "  day TEXT NOT NULL,"
  "  kiosk_id TEXT NOT NULL,"
  "  count INTEGER NOT NULL,"
  "  PRIMARY KEY (dimension, key, key2, day, kiosk_id)"
  ") WITHOUT ROWID;"
  "CREATE TRIGGER sessions_counted AFTER INSERT ON sessions BEGIN"
  "  INSERT INTO session_counts (dimension, key, key2, day, kiosk_id, count)"
  "  SELECT d, k, k2, NEW.day, NEW.kiosk_id, 1 FROM ("
  "    SELECT 'funnel' AS d, 'sessions' AS k, '' AS k2"
  "    UNION ALL SELECT 'funnel', 'service-viewed', '' WHERE NEW.viewed_service"
  "    UNION ALL SELECT 'funnel', 'booked', '' WHERE NEW.booked"
  "    UNION ALL SELECT 'funnel', 'walk-in', '' WHERE NEW.walk_in"
  "    UNION ALL SELECT 'funnel', 'checked-in', '' WHERE NEW.checked_in"
  "    UNION ALL SELECT 'hour-of-week', CAST (NEW.weekday AS TEXT), printf ('%02d', NEW.hour)"
  "    UNION ALL SELECT 'language', NEW.language, ''"
  "    UNION ALL SELECT 'campaign', CAST (NEW.campaign AS TEXT), ''"
  "    UNION ALL SELECT 'end-reason', CAST (NEW.end_reason AS TEXT), '')"
  "  WHERE true"
  "  ON CONFLICT (dimension, key, key2, day, kiosk_id) DO UPDATE SET count = count + 1;"
  "END;"
  "CREATE TRIGGER session_items_counted AFTER INSERT ON session_items BEGIN"
  "  INSERT INTO session_counts (dimension, key, key2, day, kiosk_id, count)"
  "  VALUES (CASE NEW.kind WHEN 0 THEN 'topic' ELSE 'service' END, NEW.item, '', NEW.day, NEW.kiosk_id, 1)"
  "  ON CONFLICT (dimension, key, key2, day, kiosk_id) DO UPDATE SET count = count + 1;"
  "END;"
  /* totals of the sessions already there */
  "INSERT INTO session_counts SELECT 'funnel', 'sessions', '', day, kiosk_id, count(*) FROM sessions GROUP BY day, kiosk_id;"
  "INSERT INTO session_counts SELECT 'funnel', 'service-viewed', '', day, kiosk_id, count(*) FROM sessions WHERE viewed_service GROUP BY day, kiosk_id;"
  "INSERT INTO session_counts SELECT 'funnel', 'booked', '', day, kiosk_id, count(*) FROM sessions WHERE booked GROUP BY day, kiosk_id;"
  "INSERT INTO session_counts SELECT 'funnel', 'walk-in', '', day, kiosk_id, count(*) FROM sessions WHERE walk_in GROUP BY day, kiosk_id;"
  "INSERT INTO session_counts SELECT 'funnel', 'checked-in', '', day, kiosk_id, count(*) FROM sessions WHERE checked_in GROUP BY day, kiosk_id;"
  "INSERT INTO session_counts SELECT 'hour-of-week', CAST (weekday AS TEXT), printf ('%02d', hour), day, kiosk_id, count(*) FROM sessions GROUP BY weekday, hour, day, kiosk_id;"
  "INSERT INTO session_counts SELECT 'language', language, '', day, kiosk_id, count(*) FROM sessions GROUP BY language, day, kiosk_id;"
  "INSERT INTO session_counts SELECT 'campaign', CAST (campaign AS TEXT), '', day, kiosk_id, count(*) FROM sessions GROUP BY campaign, day, kiosk_id;"
  "INSERT INTO session_counts SELECT 'end-reason', CAST (end_reason AS TEXT), '', day, kiosk_id, count(*) FROM sessions GROUP BY end_reason, day, kiosk_id;"
  "INSERT INTO session_counts SELECT CASE kind WHEN 0 THEN 'topic' ELSE 'service' END, item, '', day, kiosk_id, count(*) FROM session_items GROUP BY kind, item, day, kiosk_id;",
};

#define N_MIGRATIONS ((int) G_N_ELEMENTS (migrations))

#define TICKET_COLUMNS \
  "code, service, date, minute, number, language, needs_mediator, phone, " \
  "kiosk_id, state, created_at, changed_at, counter, operator, professional, note, id"

/* Cached statements are reset, not finalised, when they go out of scope. */
typedef sqlite3_stmt Stmt;

static void
stmt_release (Stmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Stmt, stmt_release)

/* Errors */

static void
set_sqlite_error (const char  *path,
                  sqlite3     *db,
                  int          rc,
                  GError     **error)
{
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_READONLY:
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_UNAVAILABLE,
                   "The database is read-only: %s", path);
      break;
    case SQLITE_FULL:
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_UNAVAILABLE,
                   "The disk is full: cannot write the database %s", path);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_UNAVAILABLE,
                   "The database is busy: another program kept it locked too long (%s)", path);
      break;
    case SQLITE_IOERR:
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_UNAVAILABLE,
                   "Cannot read or write the database %s (disk full or failing?): %s",
                   path, detail);
      break;
    case SQLITE_CANTOPEN:
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_UNAVAILABLE,
                   "Cannot open the database %s: %s", path, detail);
      break;
    case SQLITE_PERM:
    case SQLITE_AUTH:
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_UNAVAILABLE,
                   "Permission denied on the database %s", path);
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_FAILED,
                   "The database %s is damaged or not a Sportello database: %s",
                   path, detail);
      break;
    default:
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_FAILED,
                   "Database error on %s: %s", path, detail);
      break;
    }
}

static void
set_error (SportelloSqliteStore  *self,
           int                    rc,
           GError               **error)
{
  set_sqlite_error (self->path, self->db, rc, error);
}

/* Statements and transactions */

static Stmt *
get_stmt (SportelloSqliteStore  *self,
          const char            *sql,
          GError               **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    return stmt;
  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_error (self, rc, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *path,
          const char  *sql,
          GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (path, db, rc, error);
      return FALSE;
    }
  return TRUE;
}

static void
rollback (SportelloSqliteStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
begin_write (SportelloSqliteStore  *self,
             GError               **error)
{
  if (self->read_only)
    {
      if (self->unwritable_reason != NULL)
        g_set_error_literal (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_UNAVAILABLE,
                             self->unwritable_reason);
      else
        g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_UNAVAILABLE,
                     "The database is read-only: %s", self->path);
      return FALSE;
    }
  if (!exec_sql (self->db, self->path, "BEGIN IMMEDIATE", error))
    {
      rollback (self);
      return FALSE;
    }
  return TRUE;
}

static gboolean
commit (SportelloSqliteStore  *self,
        GError               **error)
{
  if (!exec_sql (self->db, self->path, "COMMIT", error))
    {
      rollback (self);
      return FALSE;
    }
  self->own_commits++;
  return TRUE;
}

/* Steps a statement that returns no row (or whose rows do not matter). */
static gboolean
step_done (SportelloSqliteStore  *self,
           Stmt                  *stmt,
           GError               **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  if (rc != SQLITE_DONE)
    {
      set_error (self, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* SQLITE_ROW or SQLITE_DONE; anything else sets error and returns it. */
static int
step_row (SportelloSqliteStore  *self,
          Stmt                  *stmt,
          GError               **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    set_error (self, rc, error);
  return rc;
}

static void
bind_text (Stmt       *stmt,
           int         index,
           const char *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static char *
column_text (Stmt *stmt,
             int   index)
{
  const unsigned char *text = sqlite3_column_text (stmt, index);
  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Dates are stored as ISO text, which sorts like the dates themselves. */
static void
date_to_iso (const GDate *date,
             char         out[16])
{
  g_snprintf (out, 16, "%04d-%02d-%02d",
              g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

static gboolean
date_from_iso (const char *text,
               GDate      *out)
{
  unsigned int y, m, d;

  g_date_clear (out, 1);
  if (text == NULL || sscanf (text, "%4u-%2u-%2u", &y, &m, &d) != 3)
    return FALSE;
  if (!g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (out, d, m, y);
  return TRUE;
}

static gboolean
valid_state (int state)
{
  return state >= 0 && state < SPORTELLO_N_STATES;
}

static const char *
state_name (SportelloState state)
{
  return valid_state (state) ? sportello_state_to_string (state) : "unknown";
}

/* Tickets */

static SportelloTicket *
ticket_from_row (Stmt *stmt)
{
  SportelloTicket *ticket = sportello_ticket_new ();
  const char *date = (const char *) sqlite3_column_text (stmt, 2);

  ticket->code = column_text (stmt, 0);
  ticket->service_id = column_text (stmt, 1);
  date_from_iso (date, &ticket->date);
  ticket->minute = sqlite3_column_int (stmt, 3);
  ticket->number = sqlite3_column_int (stmt, 4);
  ticket->language = column_text (stmt, 5);
  ticket->needs_mediator = sqlite3_column_int (stmt, 6) != 0;
  ticket->phone = column_text (stmt, 7);
  ticket->kiosk_id = column_text (stmt, 8);
  ticket->state = sqlite3_column_int (stmt, 9);
  ticket->created_at = sqlite3_column_int64 (stmt, 10);
  ticket->changed_at = sqlite3_column_int64 (stmt, 11);
  ticket->counter = column_text (stmt, 12);
  ticket->operator_id = column_text (stmt, 13);
  ticket->professional = sqlite3_column_int (stmt, 14);
  ticket->note = column_text (stmt, 15);
  return ticket;
}

static SportelloTicket *
ticket_by_id_locked (SportelloSqliteStore  *self,
                     gint64                 id,
                     GError               **error)
{
  g_autoptr(Stmt) stmt = get_stmt (self, "SELECT " TICKET_COLUMNS " FROM tickets WHERE id = ?1", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = step_row (self, stmt, error);
  if (rc == SQLITE_DONE)
    g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_NOT_FOUND,
                 "No ticket with id %" G_GINT64_FORMAT, id);
  if (rc != SQLITE_ROW)
    return NULL;
  return ticket_from_row (stmt);
}

/* Finds a ticket by day and code; codes are matched leniently ("a12"). */
static SportelloTicket *
ticket_by_code_locked (SportelloSqliteStore  *self,
                       const GDate           *date,
                       const char            *code,
                       gint64                *out_id,
                       GError               **error)
{
  g_autoptr(Stmt) stmt = get_stmt (self, "SELECT " TICKET_COLUMNS " FROM tickets WHERE date = ?1 AND code = ?2", error);
  g_autofree char *normal = sportello_code_normalize (code);
  char iso[16];
  int rc;

  if (stmt == NULL)
    return NULL;
  date_to_iso (date, iso);
  bind_text (stmt, 1, iso);
  bind_text (stmt, 2, normal != NULL ? normal : code);
  rc = step_row (self, stmt, error);
  if (rc == SQLITE_DONE)
    g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_NOT_FOUND,
                 "No ticket %s on %s", code, iso);
  if (rc != SQLITE_ROW)
    return NULL;
  if (out_id != NULL)
    *out_id = sqlite3_column_int64 (stmt, 16);
  return ticket_from_row (stmt);
}

static gboolean
insert_transition_locked (SportelloSqliteStore   *self,
                          gint64                  ticket_id,
                          int                     kind,
                          const SportelloTicket  *before,
                          SportelloState          to,
                          gint64                  at,
                          const char             *operator_id,
                          const char             *counter,
                          gint64                  undo_of,
                          GError                **error)
{
  g_autoptr(Stmt) stmt = get_stmt (self,
    "INSERT INTO transitions (ticket, kind, from_state, to_state, at, operator_id, counter,"
    " undo_of, prev_counter, prev_operator, prev_professional, prev_note, prev_changed_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  sqlite3_bind_int (stmt, 2, kind);
  sqlite3_bind_int (stmt, 3, before->state);
  sqlite3_bind_int (stmt, 4, to);
  sqlite3_bind_int64 (stmt, 5, at);
  bind_text (stmt, 6, operator_id);
  bind_text (stmt, 7, counter);
  if (undo_of > 0)
    sqlite3_bind_int64 (stmt, 8, undo_of);
  else
    sqlite3_bind_null (stmt, 8);
  bind_text (stmt, 9, before->counter);
  bind_text (stmt, 10, before->operator_id);
  sqlite3_bind_int (stmt, 11, before->professional);
  bind_text (stmt, 12, before->note);
  sqlite3_bind_int64 (stmt, 13, before->changed_at);
  return step_done (self, stmt, error);
}

static gboolean
check_note (const char  *note,
            GError     **error)
{
  if (note == NULL)
    return TRUE;
  if (!g_utf8_validate (note, -1, NULL))
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                   "The note is not valid UTF-8 text");
      return FALSE;
    }
  if (g_utf8_strlen (note, -1) > MAX_NOTE_CHARS)
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                   "The note is too long: at most %d characters", MAX_NOTE_CHARS);
      return FALSE;
    }
  return TRUE;
}

/* Moves ticket (as read inside this transaction) to `to`, recording who,
 * when and what it held before.  Returns the updated ticket. */
static SportelloTicket *
apply_transition_locked (SportelloSqliteStore   *self,
                         gint64                  ticket_id,
                         const SportelloTicket  *before,
                         SportelloState          to,
                         int                     kind,
                         const char             *operator_id,
                         const char             *counter,
                         SportelloProfessional   professional,
                         const char             *note,
                         GError                **error)
{
  g_autoptr(Stmt) stmt = NULL;
  gint64 now = now_seconds ();

  if (!sportello_state_can_transition (before->state, to))
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_TRANSITION,
                   "Ticket %s cannot go from “%s” to “%s”",
                   before->code, state_name (before->state), state_name (to));
      return NULL;
    }

  stmt = get_stmt (self,
    "UPDATE tickets SET state = ?2, changed_at = ?3, operator = ?4,"
    " counter = CASE WHEN ?2 = 3 THEN coalesce (?5, counter) ELSE counter END,"
    " professional = CASE WHEN ?2 = 8 THEN ?6 ELSE professional END,"
    " note = coalesce (?7, note)"
    " WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  sqlite3_bind_int (stmt, 2, to);
  sqlite3_bind_int64 (stmt, 3, now);
  bind_text (stmt, 4, operator_id);
  bind_text (stmt, 5, counter);
  sqlite3_bind_int (stmt, 6, professional);
  bind_text (stmt, 7, note);
  if (!step_done (self, stmt, error))
    return NULL;

  if (!insert_transition_locked (self, ticket_id, kind, before, to, now,
                                 operator_id, counter, 0, error))
    return NULL;

  return ticket_by_id_locked (self, ticket_id, error);
}

/* The backend's vfuncs */

#define SELF(store) SPORTELLO_SQLITE_STORE (store)

static SportelloTicket *
book_locked (SportelloSqliteStore           *self,
             const SportelloBookingRequest  *request,
             GError                        **error)
{
  g_autoptr(SportelloTicket) initial = NULL;
  g_autofree char *code = NULL;
  char iso[16];
  gint64 taken, number, now, ticket_id;
  SportelloState state;
  int rc;

  date_to_iso (&request->date, iso);

  /* Capacity: places taken by tickets that are not cancelled. */
  {
    g_autoptr(Stmt) stmt = get_stmt (self,
      "SELECT count(*) FROM tickets"
      " WHERE date = ?1 AND service = ?2 AND minute = ?3 AND state != 7", error);

    if (stmt == NULL)
      return NULL;
    bind_text (stmt, 1, iso);
    bind_text (stmt, 2, request->service_id);
    sqlite3_bind_int (stmt, 3, request->minute);
    if (step_row (self, stmt, error) != SQLITE_ROW)
      return NULL;
    taken = sqlite3_column_int64 (stmt, 0);
  }
  if (request->minute >= 0 && taken >= request->capacity)
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_NO_PLACE,
                   "No place left at %02d:%02d", request->minute / 60, request->minute % 60);
      return NULL;
    }
  if (request->minute < 0 && request->capacity > 0 && taken >= request->capacity)
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_NO_PLACE,
                   "No walk-in number left today: the limit is %d", request->capacity);
      return NULL;
    }

  /* The next number of the day, shared by booked and walk-in tickets. */
  {
    g_autoptr(Stmt) stmt = get_stmt (self,
      "INSERT INTO day_sequences (date, service, last) VALUES (?1, ?2, 1)"
      " ON CONFLICT (date, service) DO UPDATE SET last = last + 1"
      " RETURNING last", error);

    if (stmt == NULL)
      return NULL;
    bind_text (stmt, 1, iso);
    bind_text (stmt, 2, request->service_id);
    if (step_row (self, stmt, error) != SQLITE_ROW)
      return NULL;
    number = sqlite3_column_int64 (stmt, 0);
    if (!step_done (self, stmt, error))
      return NULL;
  }
  if (number > 9999)
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_NO_PLACE,
                   "No ticket number left today for this service");
      return NULL;
    }

  code = sportello_code_format (request->letter, (int) number);
  state = request->minute < 0 ? SPORTELLO_STATE_WAITING : SPORTELLO_STATE_BOOKED;
  now = now_seconds ();
  {
    g_autoptr(Stmt) stmt = get_stmt (self,
      "INSERT INTO tickets (date, code, service, minute, number, language, needs_mediator,"
      " phone, kiosk_id, state, created_at, changed_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)", error);

    if (stmt == NULL)
      return NULL;
    bind_text (stmt, 1, iso);
    bind_text (stmt, 2, code);
    bind_text (stmt, 3, request->service_id);
    sqlite3_bind_int (stmt, 4, request->minute);
    sqlite3_bind_int64 (stmt, 5, number);
    bind_text (stmt, 6, request->language);
    sqlite3_bind_int (stmt, 7, request->needs_mediator ? 1 : 0);
    bind_text (stmt, 8, request->phone != NULL && *request->phone != '\0' ? request->phone : NULL);
    bind_text (stmt, 9, request->kiosk_id);
    sqlite3_bind_int (stmt, 10, state);
    sqlite3_bind_int64 (stmt, 11, now);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_CONSTRAINT_UNIQUE)
      {
        g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                     "Ticket code %s is already used on %s by another service: "
                     "give each service its own letter", code, iso);
        return NULL;
      }
    if (rc != SQLITE_DONE)
      {
        set_error (self, rc, error);
        return NULL;
      }
    ticket_id = sqlite3_last_insert_rowid (self->db);
  }

  initial = sportello_ticket_new ();
  initial->state = state;
  initial->changed_at = now;
  if (!insert_transition_locked (self, ticket_id, KIND_CREATED, initial, state, now,
                                 NULL, NULL, 0, error))
    return NULL;

  return ticket_by_id_locked (self, ticket_id, error);
}

static SportelloTicket *
sqlite_store_book (SportelloStore                *store,
                   const SportelloBookingRequest *request,
                   GError                       **error)
{
  SportelloSqliteStore *self = SELF (store);
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(SportelloTicket) ticket = NULL;

  if (request->service_id == NULL || *request->service_id == '\0')
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                   "No service given");
      return NULL;
    }
  if (request->letter == '\0' || strchr (SPORTELLO_CODE_LETTERS, request->letter) == NULL)
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                   "Service %s has no valid code letter", request->service_id);
      return NULL;
    }
  if (!g_date_valid (&request->date))
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                   "No valid date given");
      return NULL;
    }
  if (request->minute < -1 || request->minute >= 24 * 60)
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                   "Not a time of day: minute %d", request->minute);
      return NULL;
    }
  if (request->capacity < 0 || (request->minute >= 0 && request->capacity == 0))
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                   "Slot %02d:%02d has no places", request->minute / 60, request->minute % 60);
      return NULL;
    }

  locker = g_mutex_locker_new (&self->lock);
  if (!begin_write (self, error))
    return NULL;
  ticket = book_locked (self, request, error);
  if (ticket == NULL)
    {
      rollback (self);
      return NULL;
    }
  if (!commit (self, error))
    return NULL;
  return g_steal_pointer (&ticket);
}

static GHashTable *
sqlite_store_count_booked (SportelloStore *store,
                           const char     *service_id,
                           const GDate    *date,
                           GError        **error)
{
  SportelloSqliteStore *self = SELF (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  g_autoptr(Stmt) stmt = get_stmt (self,
    "SELECT minute, count(*) FROM tickets"
    " WHERE date = ?1 AND service = ?2 AND minute >= 0 AND state != 7"
    " GROUP BY minute", error);
  char iso[16];
  int rc;

  if (stmt == NULL)
    return NULL;
  date_to_iso (date, iso);
  bind_text (stmt, 1, iso);
  bind_text (stmt, 2, service_id);
  while ((rc = step_row (self, stmt, error)) == SQLITE_ROW)
    g_hash_table_insert (counts,
                         GINT_TO_POINTER (sqlite3_column_int (stmt, 0)),
                         GINT_TO_POINTER (sqlite3_column_int (stmt, 1)));
  if (rc != SQLITE_DONE)
    return NULL;
  return g_steal_pointer (&counts);
}

static int
sqlite_store_count_waiting (SportelloStore *store,
                            const char     *service_id,
                            const GDate    *date,
                            GError        **error)
{
  SportelloSqliteStore *self = SELF (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(Stmt) stmt = get_stmt (self,
    "SELECT count(*) FROM tickets"
    " WHERE date = ?1 AND service = ?2 AND minute = -1 AND state = 2", error);
  char iso[16];

  if (stmt == NULL)
    return -1;
  date_to_iso (date, iso);
  bind_text (stmt, 1, iso);
  bind_text (stmt, 2, service_id);
  if (step_row (self, stmt, error) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int (stmt, 0);
}

static GPtrArray *
sqlite_store_list_tickets (SportelloStore     *store,
                           const GDate        *date,
                           const char * const *service_ids,
                           GError            **error)
{
  SportelloSqliteStore *self = SELF (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) sportello_ticket_free);
  g_autoptr(Stmt) stmt = get_stmt (self,
    "SELECT " TICKET_COLUMNS " FROM tickets WHERE date = ?1"
    " ORDER BY minute < 0, minute, number", error);
  char iso[16];
  int rc;

  if (stmt == NULL)
    return NULL;
  date_to_iso (date, iso);
  bind_text (stmt, 1, iso);
  while ((rc = step_row (self, stmt, error)) == SQLITE_ROW)
    {
      const char *service = (const char *) sqlite3_column_text (stmt, 1);

      if (service_ids != NULL && !g_strv_contains (service_ids, service))
        continue;
      g_ptr_array_add (tickets, ticket_from_row (stmt));
    }
  if (rc != SQLITE_DONE)
    return NULL;
  return g_steal_pointer (&tickets);
}

static SportelloTicket *
sqlite_store_lookup_ticket (SportelloStore *store,
                            const GDate    *date,
                            const char     *code,
                            GError        **error)
{
  SportelloSqliteStore *self = SELF (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return ticket_by_code_locked (self, date, code, NULL, error);
}

static GPtrArray *
sqlite_store_list_history (SportelloStore *store,
                           const GDate    *date,
                           const char     *code,
                           GError        **error)
{
  SportelloSqliteStore *self = SELF (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(SportelloTicket) ticket = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(Stmt) stmt = NULL;
  gint64 id;
  int rc;

  ticket = ticket_by_code_locked (self, date, code, &id, error);
  if (ticket == NULL)
    return NULL;
  stmt = get_stmt (self,
    "SELECT from_state, to_state, at, operator_id, counter FROM transitions"
    " WHERE ticket = ?1 ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  history = g_ptr_array_new_with_free_func ((GDestroyNotify) sportello_transition_free);
  while ((rc = step_row (self, stmt, error)) == SQLITE_ROW)
    {
      SportelloTransition *t = g_new0 (SportelloTransition, 1);

      t->from = sqlite3_column_int (stmt, 0);
      t->to = sqlite3_column_int (stmt, 1);
      t->at = sqlite3_column_int64 (stmt, 2);
      t->operator_id = column_text (stmt, 3);
      t->counter = column_text (stmt, 4);
      g_ptr_array_add (history, t);
    }
  if (rc != SQLITE_DONE)
    return NULL;
  return g_steal_pointer (&history);
}

static SportelloTicket *
sqlite_store_transition (SportelloStore        *store,
                         const GDate           *date,
                         const char            *code,
                         SportelloState         to,
                         const char            *operator_id,
                         const char            *counter,
                         SportelloProfessional  professional,
                         const char            *note,
                         GError               **error)
{
  SportelloSqliteStore *self = SELF (store);
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(SportelloTicket) before = NULL;
  g_autoptr(SportelloTicket) after = NULL;
  gint64 id;

  if (!valid_state (to))
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                   "Unknown ticket state %d", (int) to);
      return NULL;
    }
  if (to == SPORTELLO_STATE_REFERRED && professional == SPORTELLO_PROFESSIONAL_NONE)
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                   "A referral needs the professional it goes to");
      return NULL;
    }
  if ((int) professional < SPORTELLO_PROFESSIONAL_NONE
      || professional > SPORTELLO_PROFESSIONAL_LABOUR_POLICY_EXPERT)
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                   "Unknown professional %d", (int) professional);
      return NULL;
    }
  if (!check_note (note, error))
    return NULL;

  locker = g_mutex_locker_new (&self->lock);
  if (!begin_write (self, error))
    return NULL;
  before = ticket_by_code_locked (self, date, code, &id, error);
  if (before != NULL)
    after = apply_transition_locked (self, id, before, to, KIND_CHANGE, operator_id,
                                     counter, professional, note, error);
  if (after == NULL)
    {
      rollback (self);
      return NULL;
    }
  if (!commit (self, error))
    return NULL;
  return g_steal_pointer (&after);
}

/* The service ids as a JSON array, bound to one parameter and read back
 * with json_each(): one prepared statement for any number of services. */
static char *
services_to_json (const char * const *service_ids)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (service_ids == NULL)
    return NULL;
  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (int i = 0; service_ids[i] != NULL; i++)
    json_builder_add_string_value (builder, service_ids[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static SportelloTicket *
sqlite_store_call_next (SportelloStore     *store,
                        GDateTime          *now,
                        const char * const *service_ids,
                        const char         *operator_id,
                        const char         *counter,
                        GError            **error)
{
  SportelloSqliteStore *self = SELF (store);
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(SportelloTicket) before = NULL;
  g_autoptr(SportelloTicket) after = NULL;
  g_autofree char *services = services_to_json (service_ids);
  char iso[16];
  int y, m, d, minute;
  gint64 id = 0;

  g_date_time_get_ymd (now, &y, &m, &d);
  g_snprintf (iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
  minute = g_date_time_get_hour (now) * 60 + g_date_time_get_minute (now);

  locker = g_mutex_locker_new (&self->lock);
  if (!begin_write (self, error))
    return NULL;
  {
    g_autoptr(Stmt) stmt = get_stmt (self,
      "SELECT id FROM tickets"
      " WHERE date = ?1"
      "   AND (?2 IS NULL OR service IN (SELECT value FROM json_each (?2)))"
      "   AND ((state IN (0, 1) AND minute >= 0 AND minute <= ?3)"
      "        OR (state = 2 AND minute = -1))"
      " ORDER BY minute < 0, minute, number LIMIT 1", error);
    int rc;

    if (stmt != NULL)
      {
        bind_text (stmt, 1, iso);
        bind_text (stmt, 2, services);
        sqlite3_bind_int (stmt, 3, minute);
        rc = step_row (self, stmt, error);
        if (rc == SQLITE_ROW)
          id = sqlite3_column_int64 (stmt, 0);
        else if (rc == SQLITE_DONE)
          g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_NOT_FOUND,
                       "Nobody is waiting");
      }
  }
  if (id > 0)
    before = ticket_by_id_locked (self, id, error);
  if (before != NULL)
    after = apply_transition_locked (self, id, before, SPORTELLO_STATE_CALLED, KIND_CHANGE,
                                     operator_id, counter, SPORTELLO_PROFESSIONAL_NONE,
                                     NULL, error);
  if (after == NULL)
    {
      rollback (self);
      return NULL;
    }
  if (!commit (self, error))
    return NULL;
  return g_steal_pointer (&after);
}

static SportelloTicket *
undo_locked (SportelloSqliteStore  *self,
             const char            *operator_id,
             int                    max_age_seconds,
             GError               **error)
{
  g_autoptr(SportelloTicket) current = NULL;
  gint64 row_id, ticket_id, at, now = now_seconds (), latest;
  SportelloState from, to;
  g_autofree char *prev_counter = NULL;
  g_autofree char *prev_operator = NULL;
  g_autofree char *prev_note = NULL;
  int prev_professional;
  gint64 prev_changed_at;

  {
    g_autoptr(Stmt) stmt = get_stmt (self,
      "SELECT id, ticket, from_state, to_state, at, prev_counter, prev_operator,"
      " prev_professional, prev_note, prev_changed_at FROM transitions"
      " WHERE operator_id = ?1 AND kind = 1 AND undone = 0"
      " ORDER BY id DESC LIMIT 1", error);
    int rc;

    if (stmt == NULL)
      return NULL;
    bind_text (stmt, 1, operator_id);
    rc = step_row (self, stmt, error);
    if (rc == SQLITE_DONE)
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_DENIED,
                   "Nothing to undo for operator %s", operator_id);
    if (rc != SQLITE_ROW)
      return NULL;
    row_id = sqlite3_column_int64 (stmt, 0);
    ticket_id = sqlite3_column_int64 (stmt, 1);
    from = sqlite3_column_int (stmt, 2);
    to = sqlite3_column_int (stmt, 3);
    at = sqlite3_column_int64 (stmt, 4);
    prev_counter = column_text (stmt, 5);
    prev_operator = column_text (stmt, 6);
    prev_professional = sqlite3_column_int (stmt, 7);
    prev_note = column_text (stmt, 8);
    prev_changed_at = sqlite3_column_int64 (stmt, 9);
  }

  if (now - at > max_age_seconds)
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_DENIED,
                   "Too late to undo: the last action was %" G_GINT64_FORMAT
                   " seconds ago (at most %d)", now - at, max_age_seconds);
      return NULL;
    }

  {
    g_autoptr(Stmt) stmt = get_stmt (self,
      "SELECT max(id) FROM transitions WHERE ticket = ?1", error);

    if (stmt == NULL)
      return NULL;
    sqlite3_bind_int64 (stmt, 1, ticket_id);
    if (step_row (self, stmt, error) != SQLITE_ROW)
      return NULL;
    latest = sqlite3_column_int64 (stmt, 0);
  }
  current = ticket_by_id_locked (self, ticket_id, error);
  if (current == NULL)
    return NULL;
  if (latest != row_id || current->state != to)
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_DENIED,
                   "Cannot undo: ticket %s was changed by someone else since", current->code);
      return NULL;
    }

  {
    g_autoptr(Stmt) stmt = get_stmt (self,
      "UPDATE tickets SET state = ?2, counter = ?3, operator = ?4, professional = ?5,"
      " note = ?6, changed_at = ?7 WHERE id = ?1", error);

    if (stmt == NULL)
      return NULL;
    sqlite3_bind_int64 (stmt, 1, ticket_id);
    sqlite3_bind_int (stmt, 2, from);
    bind_text (stmt, 3, prev_counter);
    bind_text (stmt, 4, prev_operator);
    sqlite3_bind_int (stmt, 5, prev_professional);
    bind_text (stmt, 6, prev_note);
    sqlite3_bind_int64 (stmt, 7, prev_changed_at);
    if (!step_done (self, stmt, error))
      return NULL;
  }
  {
    g_autoptr(Stmt) stmt = get_stmt (self,
      "UPDATE transitions SET undone = 1 WHERE id = ?1", error);

    if (stmt == NULL)
      return NULL;
    sqlite3_bind_int64 (stmt, 1, row_id);
    if (!step_done (self, stmt, error))
      return NULL;
  }
  /* The audit row of the undo itself. */
  if (!insert_transition_locked (self, ticket_id, KIND_UNDO, current, from, now,
                                 operator_id, NULL, row_id, error))
    return NULL;

  return ticket_by_id_locked (self, ticket_id, error);
}

static SportelloTicket *
sqlite_store_undo_last (SportelloStore *store,
                        const char     *operator_id,
                        int             max_age_seconds,
                        GError        **error)
{
  SportelloSqliteStore *self = SELF (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(SportelloTicket) ticket = NULL;

  if (!begin_write (self, error))
    return NULL;
  ticket = undo_locked (self, operator_id, max_age_seconds, error);
  if (ticket == NULL)
    {
      rollback (self);
      return NULL;
    }
  if (!commit (self, error))
    return NULL;
  return g_steal_pointer (&ticket);
}

static gboolean
count_day_locked (SportelloSqliteStore  *self,
                  const GDate           *date,
                  SportelloDayCounts    *out,
                  GError               **error)
{
  g_autoptr(Stmt) stmt = get_stmt (self,
    "SELECT state, count(*) FROM tickets WHERE date = ?1 GROUP BY state", error);
  char iso[16];
  int rc;

  if (stmt == NULL)
    return FALSE;
  memset (out, 0, sizeof *out);
  date_to_iso (date, iso);
  bind_text (stmt, 1, iso);
  while ((rc = step_row (self, stmt, error)) == SQLITE_ROW)
    {
      int state = sqlite3_column_int (stmt, 0);
      int count = sqlite3_column_int (stmt, 1);

      switch (state)
        {
        case SPORTELLO_STATE_DONE:
          out->served += count;
          break;
        case SPORTELLO_STATE_REFERRED:
          out->referred += count;
          break;
        case SPORTELLO_STATE_NO_SHOW:
          out->no_show += count;
          break;
        case SPORTELLO_STATE_CANCELLED:
          out->cancelled += count;
          break;
        case SPORTELLO_STATE_NOT_SERVED:
          out->not_served += count;
          break;
        default:
          if (valid_state (state) && sportello_state_is_open (state))
            out->open += count;
          break;
        }
    }
  return rc == SQLITE_DONE;
}

static gboolean
close_day_locked (SportelloSqliteStore  *self,
                  const GDate           *date,
                  const char            *operator_id,
                  GError               **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  char iso[16];

  date_to_iso (date, iso);
  {
    g_autoptr(Stmt) stmt = get_stmt (self,
      "SELECT id, state FROM tickets WHERE date = ?1 AND state IN (0, 1, 2, 3, 4)", error);
    int rc;

    if (stmt == NULL)
      return FALSE;
    bind_text (stmt, 1, iso);
    while ((rc = step_row (self, stmt, error)) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);

        if (sportello_state_can_transition (sqlite3_column_int (stmt, 1),
                                            SPORTELLO_STATE_NOT_SERVED))
          g_array_append_val (ids, id);
      }
    if (rc != SQLITE_DONE)
      return FALSE;
  }

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(SportelloTicket) before = ticket_by_id_locked (self, id, error);
      g_autoptr(SportelloTicket) after = NULL;

      if (before == NULL)
        return FALSE;
      after = apply_transition_locked (self, id, before, SPORTELLO_STATE_NOT_SERVED,
                                       KIND_DAY_CLOSED, operator_id, NULL,
                                       SPORTELLO_PROFESSIONAL_NONE, NULL, error);
      if (after == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
sqlite_store_close_day (SportelloStore     *store,
                        const GDate        *date,
                        const char         *operator_id,
                        SportelloDayCounts *out_counts,
                        GError            **error)
{
  SportelloSqliteStore *self = SELF (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  SportelloDayCounts counts;

  if (!begin_write (self, error))
    return FALSE;
  if (!close_day_locked (self, date, operator_id, error)
      || !count_day_locked (self, date, &counts, error))
    {
      rollback (self);
      return FALSE;
    }
  if (!commit (self, error))
    return FALSE;
  if (out_counts != NULL)
    *out_counts = counts;
  return TRUE;
}

static gboolean
sqlite_store_count_day (SportelloStore     *store,
                        const GDate        *date,
                        SportelloDayCounts *out_counts,
                        GError            **error)
{
  SportelloSqliteStore *self = SELF (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return count_day_locked (self, date, out_counts, error);
}

static int
purge_locked (SportelloSqliteStore  *self,
              const char            *before,
              GError               **error)
{
  int purged;

  {
    g_autoptr(Stmt) stmt = get_stmt (self,
      "UPDATE tickets SET phone = NULL, note = NULL"
      " WHERE date < ?1 AND (phone IS NOT NULL OR note IS NOT NULL)", error);

    if (stmt == NULL)
      return -1;
    bind_text (stmt, 1, before);
    if (!step_done (self, stmt, error))
      return -1;
    purged = sqlite3_changes (self->db);
  }
  /* Notes also survive in the history kept for undo. */
  {
    g_autoptr(Stmt) stmt = get_stmt (self,
      "UPDATE transitions SET prev_note = NULL WHERE prev_note IS NOT NULL"
      " AND ticket IN (SELECT id FROM tickets WHERE date < ?1)", error);

    if (stmt == NULL)
      return -1;
    bind_text (stmt, 1, before);
    if (!step_done (self, stmt, error))
      return -1;
  }
  return purged;
}

static int
sqlite_store_purge (SportelloStore *store,
                    const GDate    *before,
                    GError        **error)
{
  SportelloSqliteStore *self = SELF (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  char iso[16];
  int purged;

  date_to_iso (before, iso);
  if (!begin_write (self, error))
    return -1;
  purged = purge_locked (self, iso, error);
  if (purged < 0)
    {
      rollback (self);
      return -1;
    }
  if (!commit (self, error))
    return -1;
  return purged;
}

/* Statistics */

static gboolean
record_session_locked (SportelloSqliteStore           *self,
                       const SportelloSessionSummary  *summary,
                       GError                        **error)
{
  g_autoptr(GBytes) id = NULL;
  char day[16];
  int y, m, d;

  g_date_time_get_ymd (summary->started_at, &y, &m, &d);
  g_snprintf (day, sizeof day, "%04d-%02d-%02d", y, m, d);

  {
    g_autoptr(Stmt) stmt = get_stmt (self,
      "INSERT INTO sessions (id, kiosk_id, day, hour, weekday, language, booked, walk_in,"
      " checked_in, viewed_service, end_reason, campaign)"
      " VALUES (randomblob (16), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
      " RETURNING id", error);

    if (stmt == NULL)
      return FALSE;
    bind_text (stmt, 1, summary->kiosk_id);
    bind_text (stmt, 2, day);
    sqlite3_bind_int (stmt, 3, g_date_time_get_hour (summary->started_at));
    sqlite3_bind_int (stmt, 4, g_date_time_get_day_of_week (summary->started_at));
    bind_text (stmt, 5, summary->language != NULL && *summary->language != '\0'
                        ? summary->language : "und");
    sqlite3_bind_int (stmt, 6, summary->booked ? 1 : 0);
    sqlite3_bind_int (stmt, 7, summary->walk_in ? 1 : 0);
    sqlite3_bind_int (stmt, 8, summary->checked_in ? 1 : 0);
    sqlite3_bind_int (stmt, 9, summary->services != NULL && summary->services->len > 0);
    sqlite3_bind_int (stmt, 10, summary->end_reason);
    sqlite3_bind_int (stmt, 11, summary->campaign);
    if (step_row (self, stmt, error) != SQLITE_ROW)
      return FALSE;
    id = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
    if (!step_done (self, stmt, error))
      return FALSE;
  }

  for (int kind = ITEM_TOPIC; kind <= ITEM_SERVICE; kind++)
    {
      GPtrArray *items = kind == ITEM_TOPIC ? summary->topics : summary->services;

      for (guint i = 0; items != NULL && i < items->len; i++)
        {
          g_autoptr(Stmt) stmt = get_stmt (self,
            "INSERT OR IGNORE INTO session_items (kind, item, day, kiosk_id, session)"
            " VALUES (?1, ?2, ?3, ?4, ?5)", error);
          gsize size;
          gconstpointer data = g_bytes_get_data (id, &size);

          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int (stmt, 1, kind);
          bind_text (stmt, 2, g_ptr_array_index (items, i));
          bind_text (stmt, 3, day);
          bind_text (stmt, 4, summary->kiosk_id);
          sqlite3_bind_blob (stmt, 5, data, (int) size, SQLITE_TRANSIENT);
          if (!step_done (self, stmt, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
sqlite_store_record_session (SportelloStore                *store,
                             const SportelloSessionSummary *summary,
                             GError                       **error)
{
  SportelloSqliteStore *self = SELF (store);
  g_autoptr(GMutexLocker) locker = NULL;

  if (summary->kiosk_id == NULL || *summary->kiosk_id == '\0' || summary->started_at == NULL)
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                   "A session summary needs a kiosk id and a start time");
      return FALSE;
    }

  locker = g_mutex_locker_new (&self->lock);
  if (!begin_write (self, error))
    return FALSE;
  if (!record_session_locked (self, summary, error))
    {
      rollback (self);
      return FALSE;
    }
  return commit (self, error);
}

/* Aggregates read the running totals: ?1..?2 the day range (ISO text, so
 * absent bounds are "" and "~"), ?3 the kiosk or NULL. */
#define COUNTS_WHERE(dimension) \
  " FROM session_counts WHERE dimension = '" dimension "'" \
  " AND day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR kiosk_id = ?3)"

static const char *
stats_sql (SportelloStatsDimension by)
{
  switch (by)
    {
    case SPORTELLO_STATS_BY_DAY:
      return "SELECT day, NULL, sum (count)" COUNTS_WHERE ("funnel")
             " AND key = 'sessions' GROUP BY day";
    case SPORTELLO_STATS_BY_HOUR:
      return "SELECT key2, NULL, sum (count)" COUNTS_WHERE ("hour-of-week") " GROUP BY key2";
    case SPORTELLO_STATS_BY_WEEKDAY:
      return "SELECT key, NULL, sum (count)" COUNTS_WHERE ("hour-of-week") " GROUP BY key";
    case SPORTELLO_STATS_BY_HOUR_OF_WEEK:
      return "SELECT key, key2, sum (count)" COUNTS_WHERE ("hour-of-week") " GROUP BY key, key2";
    case SPORTELLO_STATS_BY_KIOSK:
      return "SELECT kiosk_id, NULL, sum (count)" COUNTS_WHERE ("funnel")
             " AND key = 'sessions' GROUP BY kiosk_id";
    case SPORTELLO_STATS_BY_LANGUAGE:
      return "SELECT key, NULL, sum (count)" COUNTS_WHERE ("language") " GROUP BY key";
    case SPORTELLO_STATS_BY_TOPIC:
      return "SELECT key, NULL, sum (count)" COUNTS_WHERE ("topic") " GROUP BY key";
    case SPORTELLO_STATS_BY_SERVICE:
      return "SELECT key, NULL, sum (count)" COUNTS_WHERE ("service") " GROUP BY key";
    case SPORTELLO_STATS_BY_CAMPAIGN:
      return "SELECT key, NULL, sum (count)" COUNTS_WHERE ("campaign") " GROUP BY key";
    case SPORTELLO_STATS_BY_END_REASON:
      return "SELECT key, NULL, sum (count)" COUNTS_WHERE ("end-reason") " GROUP BY key";
    case SPORTELLO_STATS_BY_FUNNEL:
      return "SELECT key, NULL, sum (count)" COUNTS_WHERE ("funnel") " GROUP BY key";
    default:
      return NULL;
    }
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const SportelloStatsRow *ra = *(SportelloStatsRow * const *) a;
  const SportelloStatsRow *rb = *(SportelloStatsRow * const *) b;
  int cmp = g_strcmp0 (ra->key, rb->key);

  return cmp != 0 ? cmp : g_strcmp0 (ra->key2, rb->key2);
}

/* The funnel in its fixed order, every step present (0 when nobody got
 * there); nothing at all when there were no sessions. */
static GPtrArray *
funnel_rows (GPtrArray *found)
{
  static const char * const keys[] = {
    "sessions", "service-viewed", "booked", "walk-in", "checked-in",
  };
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) sportello_stats_row_free);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      gint64 count = 0;

      for (guint j = 0; j < found->len; j++)
        {
          SportelloStatsRow *row = g_ptr_array_index (found, j);
          if (g_strcmp0 (row->key, keys[i]) == 0)
            count = row->count;
        }
      if (i == 0 && count == 0)
        break;
      g_ptr_array_add (rows, sportello_stats_row_new (keys[i], NULL, count));
    }
  return rows;
}

static GPtrArray *
sqlite_store_query_stats (SportelloStore            *store,
                          const SportelloStatsQuery *query,
                          GError                   **error)
{
  SportelloSqliteStore *self = SELF (store);
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) sportello_stats_row_free);
  g_autoptr(Stmt) stmt = NULL;
  const char *sql = stats_sql (query->by);
  char from[16] = "", to[16] = "~";
  int rc;

  if (sql == NULL)
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                   "Unknown statistics dimension %d", (int) query->by);
      return NULL;
    }
  if (g_date_valid (&query->from))
    date_to_iso (&query->from, from);
  if (g_date_valid (&query->to))
    date_to_iso (&query->to, to);

  locker = g_mutex_locker_new (&self->lock);
  stmt = get_stmt (self, sql, error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, from);
  bind_text (stmt, 2, to);
  bind_text (stmt, 3, query->kiosk_id);

  while ((rc = step_row (self, stmt, error)) == SQLITE_ROW)
    {
      gint64 count = sqlite3_column_int64 (stmt, 2);
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      const char *key2 = (const char *) sqlite3_column_text (stmt, 1);
      g_autofree char *unknown = NULL;

      if (count <= 0)
        continue;
      if (query->by == SPORTELLO_STATS_BY_CAMPAIGN || query->by == SPORTELLO_STATS_BY_END_REASON)
        {
          int value = sqlite3_column_int (stmt, 0);

          key = query->by == SPORTELLO_STATS_BY_CAMPAIGN
                ? sportello_campaign_to_string (value)
                : sportello_end_reason_to_string (value);
          if (key == NULL)
            key = unknown = g_strdup_printf ("unknown-%d", value);
        }
      g_ptr_array_add (rows, sportello_stats_row_new (key, key2, count));
    }
  if (rc != SQLITE_DONE)
    return NULL;
  if (query->by == SPORTELLO_STATS_BY_FUNNEL)
    return funnel_rows (rows);
  g_ptr_array_sort (rows, compare_rows);
  return g_steal_pointer (&rows);
}

/* Operators */

static gboolean
check_operator_id (const char  *operator_id,
                   GError     **error)
{
  if (operator_id == NULL || *operator_id == '\0' || !g_utf8_validate (operator_id, -1, NULL)
      || strlen (operator_id) > 64)
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                   "Not a valid operator id");
      return FALSE;
    }
  return TRUE;
}

/* Refuses anything that is not an encoded Argon2 hash, so that a PIN can
 * never be stored in clear by mistake. */
static gboolean
check_pin_hash (const char  *pin_hash,
                GError     **error)
{
  if (pin_hash == NULL || !g_str_has_prefix (pin_hash, "$argon2"))
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                   "Not a PIN hash: use sportello_pin_hash()");
      return FALSE;
    }
  return TRUE;
}

static gboolean
sqlite_store_add_operator (SportelloStore *store,
                           const char     *operator_id,
                           const char     *display_name,
                           const char     *pin_hash,
                           GError        **error)
{
  SportelloSqliteStore *self = SELF (store);
  g_autoptr(GMutexLocker) locker = NULL;
  int rc;

  if (!check_operator_id (operator_id, error) || !check_pin_hash (pin_hash, error))
    return FALSE;
  if (display_name == NULL || *display_name == '\0')
    display_name = operator_id;

  locker = g_mutex_locker_new (&self->lock);
  if (!begin_write (self, error))
    return FALSE;
  {
    g_autoptr(Stmt) stmt = get_stmt (self,
      "INSERT INTO operators (id, display_name, pin_hash) VALUES (?1, ?2, ?3)", error);

    if (stmt == NULL)
      {
        rollback (self);
        return FALSE;
      }
    bind_text (stmt, 1, operator_id);
    bind_text (stmt, 2, display_name);
    bind_text (stmt, 3, pin_hash);
    rc = sqlite3_step (stmt);
    if (rc != SQLITE_DONE)
      {
        if ((rc & 0xff) == SQLITE_CONSTRAINT)
          g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                       "Operator %s already exists", operator_id);
        else
          set_error (self, rc, error);
      }
  }
  if (rc != SQLITE_DONE)
    {
      rollback (self);
      return FALSE;
    }
  return commit (self, error);
}

/* Runs one UPDATE/DELETE on an operator; NOT_FOUND when no row changed. */
static gboolean
operator_write (SportelloSqliteStore  *self,
                const char            *sql,
                const char            *operator_id,
                const char            *text,
                GError               **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  gboolean ok = FALSE;

  if (!begin_write (self, error))
    return FALSE;
  {
    g_autoptr(Stmt) stmt = get_stmt (self, sql, error);

    if (stmt != NULL)
      {
        bind_text (stmt, 1, operator_id);
        if (text != NULL)
          bind_text (stmt, 2, text);
        ok = step_done (self, stmt, error);
        if (ok && sqlite3_changes (self->db) == 0)
          {
            g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_NOT_FOUND,
                         "No operator %s", operator_id);
            ok = FALSE;
          }
      }
  }
  if (!ok)
    {
      rollback (self);
      return FALSE;
    }
  return commit (self, error);
}

static gboolean
sqlite_store_remove_operator (SportelloStore *store,
                              const char     *operator_id,
                              GError        **error)
{
  return operator_write (SELF (store), "DELETE FROM operators WHERE id = ?1",
                         operator_id, NULL, error);
}

static gboolean
sqlite_store_set_pin_hash (SportelloStore *store,
                           const char     *operator_id,
                           const char     *pin_hash,
                           GError        **error)
{
  if (!check_pin_hash (pin_hash, error))
    return FALSE;
  return operator_write (SELF (store),
                         "UPDATE operators SET pin_hash = ?2, failed_attempts = 0,"
                         " locked_until = 0 WHERE id = ?1",
                         operator_id, pin_hash, error);
}

static gboolean
set_locked_out (gint64   locked_until,
                gint64   now,
                GError **error)
{
  gint64 minutes = (locked_until - now + 59) / 60;

  g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_LOCKED_OUT,
               "Too many wrong PINs: sign-in is locked for %" G_GINT64_FORMAT " more minute%s",
               minutes, minutes == 1 ? "" : "s");
  return FALSE;
}

static gboolean
sqlite_store_check_pin (SportelloStore *store,
                        const char     *operator_id,
                        const char     *pin,
                        char          **out_display_name,
                        GError        **error)
{
  SportelloSqliteStore *self = SELF (store);
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;
  gint64 locked_until = 0, now;
  gboolean found = FALSE, match, locked_now = FALSE;
  GError *local_error = NULL;

  /* Read, then verify without holding the connection: Argon2 is slow on
   * purpose. */
  g_mutex_lock (&self->lock);
  {
    g_autoptr(Stmt) stmt = get_stmt (self,
      "SELECT pin_hash, display_name, locked_until FROM operators WHERE id = ?1", &local_error);

    if (stmt != NULL)
      {
        bind_text (stmt, 1, operator_id);
        switch (step_row (self, stmt, &local_error))
          {
          case SQLITE_ROW:
            found = TRUE;
            hash = column_text (stmt, 0);
            name = column_text (stmt, 1);
            locked_until = sqlite3_column_int64 (stmt, 2);
            break;
          default:
            break;
          }
      }
  }
  g_mutex_unlock (&self->lock);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (!found)
    {
      /* Same answer as a wrong PIN: sign-in does not tell which ids exist. */
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_DENIED,
                   "Wrong operator id or PIN");
      return FALSE;
    }
  now = now_seconds ();
  if (locked_until > now)
    return set_locked_out (locked_until, now, error);

  match = sportello_pin_verify (hash, pin);

  g_mutex_lock (&self->lock);
  if (begin_write (self, &local_error))
    {
      g_autoptr(Stmt) read = get_stmt (self,
        "SELECT locked_until, failed_attempts FROM operators WHERE id = ?1", &local_error);

      /* Another process may have locked the operator meanwhile. */
      if (read != NULL)
        {
          bind_text (read, 1, operator_id);
          if (step_row (self, read, &local_error) == SQLITE_ROW)
            {
              gint64 failed = sqlite3_column_int64 (read, 1) + 1;

              locked_until = sqlite3_column_int64 (read, 0);
              if (locked_until <= now)
                {
                  g_autoptr(Stmt) write = get_stmt (self,
                    "UPDATE operators SET failed_attempts = ?2, locked_until = ?3 WHERE id = ?1",
                    &local_error);

                  if (write != NULL)
                    {
                      locked_now = !match && failed >= MAX_PIN_FAILURES;
                      bind_text (write, 1, operator_id);
                      sqlite3_bind_int64 (write, 2, match || locked_now ? 0 : failed);
                      sqlite3_bind_int64 (write, 3, locked_now ? now + LOCK_OUT_SECONDS : 0);
                      step_done (self, write, &local_error);
                    }
                }
            }
          else if (local_error == NULL)
            g_set_error (&local_error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_DENIED,
                         "Wrong operator id or PIN");
        }
      if (local_error == NULL)
        commit (self, &local_error);
      else
        rollback (self);
    }
  g_mutex_unlock (&self->lock);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (locked_until > now)
    return set_locked_out (locked_until, now, error);
  if (!match)
    {
      if (locked_now)
        g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_DENIED,
                     "Wrong PIN. Too many attempts: sign-in is locked for %d minutes",
                     LOCK_OUT_SECONDS / 60);
      else
        g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_DENIED,
                     "Wrong operator id or PIN");
      return FALSE;
    }
  if (out_display_name != NULL)
    *out_display_name = g_steal_pointer (&name);
  return TRUE;
}

static GPtrArray *
sqlite_store_list_operators (SportelloStore *store,
                             GError        **error)
{
  SportelloSqliteStore *self = SELF (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(Stmt) stmt = get_stmt (self, "SELECT id FROM operators ORDER BY id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = step_row (self, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (ids, column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    return NULL;
  return g_steal_pointer (&ids);
}

static gint64
sqlite_store_get_change_stamp (SportelloStore *store)
{
  SportelloSqliteStore *self = SELF (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(Stmt) stmt = get_stmt (self, "PRAGMA data_version", NULL);
  gint64 version = 0;

  /* data_version moves when another connection commits; our own commits
   * are counted apart.  Both only grow, so their sum changes on any. */
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  return version + self->own_commits;
}

static gboolean
sqlite_store_is_writable (SportelloStore *store,
                          GError        **error)
{
  SportelloSqliteStore *self = SELF (store);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(GFile) file = g_file_new_for_path (self->path);
  g_autoptr(GFileInfo) info = NULL;

  if (!begin_write (self, error))
    return FALSE;
  rollback (self);

  info = g_file_query_filesystem_info (file, G_FILE_ATTRIBUTE_FILESYSTEM_FREE, NULL, NULL);
  if (info != NULL
      && g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE)
      && g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_FREE) < MIN_FREE_BYTES)
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_UNAVAILABLE,
                   "The disk is full: cannot write the database %s", self->path);
      return FALSE;
    }
  return TRUE;
}

/* Opening and migrating */

static int
busy_timeout_ms (void)
{
  const char *env = g_getenv ("SPORTELLO_BUSY_TIMEOUT_MS");
  gint64 value;

  if (env != NULL && g_ascii_string_to_signed (env, 10, 0, G_MAXINT, &value, NULL))
    return (int) value;
  return DEFAULT_BUSY_TIMEOUT_MS;
}

static gboolean
read_user_version (sqlite3     *db,
                   const char  *path,
                   int         *out_version,
                   GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *out_version = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  if (rc != SQLITE_OK)
    set_sqlite_error (path, db, rc, error);
  sqlite3_finalize (stmt);
  return rc == SQLITE_OK;
}

/* Applies steps until the database is at `target`, each step in its own
 * IMMEDIATE transaction that re-reads the version, so two processes
 * opening a new file at once do not both migrate it. */
static gboolean
migrate (sqlite3     *db,
         const char  *path,
         int          target,
         GError     **error)
{
  int version;

  if (!read_user_version (db, path, &version, error))
    return FALSE;
  while (version < target)
    {
      g_autofree char *set_version = NULL;

      if (!exec_sql (db, path, "BEGIN IMMEDIATE", error))
        goto fail;
      if (!read_user_version (db, path, &version, error))
        goto fail;
      if (version >= target)
        {
          exec_sql (db, path, "COMMIT", NULL);
          break;
        }
      if (!exec_sql (db, path, migrations[version], error))
        goto fail;
      set_version = g_strdup_printf ("PRAGMA user_version = %d", version + 1);
      if (!exec_sql (db, path, set_version, error))
        goto fail;
      if (!exec_sql (db, path, "COMMIT", error))
        goto fail;
      version++;
    }
  return TRUE;

fail:
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
check_version (sqlite3     *db,
               const char  *path,
               gboolean     read_only,
               GError     **error)
{
  int version;

  if (!read_user_version (db, path, &version, error))
    return FALSE;
  if (version > N_MIGRATIONS)
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_SCHEMA,
                   "The database %s was made by a newer version of Sportello "
                   "(schema %d; this version knows up to %d)", path, version, N_MIGRATIONS);
      return FALSE;
    }
  if (read_only && version < N_MIGRATIONS)
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_UNAVAILABLE,
                   "The database is read-only: %s cannot be %s", path,
                   version == 0 ? "created" : "upgraded to this version");
      return FALSE;
    }
  return TRUE;
}

/* Opens for writing: WAL, durable commits, foreign keys, busy timeout.
 * Returns NULL when the file can only be read (or not at all). */
static sqlite3 *
open_read_write (const char  *path,
                 GError     **error)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    goto fail;
  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, busy_timeout_ms ());
  if (sqlite3_db_readonly (db, "main") == 1)
    {
      rc = SQLITE_READONLY;
      goto fail;
    }

  rc = sqlite3_prepare_v2 (db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *mode = (const char *) sqlite3_column_text (stmt, 0);
      rc = g_ascii_strcasecmp (mode ? mode : "", "wal") == 0 ? SQLITE_OK : SQLITE_CANTOPEN;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    goto fail;
  rc = sqlite3_exec (db, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    goto fail;
  return db;

fail:
  set_sqlite_error (path, db, rc, error);
  sqlite3_close_v2 (db);
  return NULL;
}

static sqlite3 *
open_read_only (const char  *path,
                GError     **error)
{
  g_autofree char *file_uri = NULL;
  g_autofree char *uri = NULL;
  sqlite3 *db = NULL;
  int version, rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (db, 1);
      sqlite3_busy_timeout (db, busy_timeout_ms ());
      if (read_user_version (db, path, &version, NULL))
        return db;
    }
  sqlite3_close_v2 (db);
  db = NULL;

  /* A WAL database in a folder we cannot write has nowhere for its shared
   * index: nobody can be writing it there, so read it as immutable. */
  file_uri = g_filename_to_uri (path, NULL, error);
  if (file_uri == NULL)
    return NULL;
  uri = g_strconcat (file_uri, "?immutable=1", NULL);
  rc = sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (db, 1);
      if (read_user_version (db, path, &version, error))
        return db;
      sqlite3_close_v2 (db);
      return NULL;
    }
  set_sqlite_error (path, db, rc, error);
  sqlite3_close_v2 (db);
  return NULL;
}

static gboolean
make_parent (const char  *path,
             GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);

  if (g_file_test (folder, G_FILE_TEST_IS_DIR))
    return TRUE;
  if (g_mkdir_with_parents (folder, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_UNAVAILABLE,
                   "Cannot create the folder %s for the database: %s", folder, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* GObject */

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
sportello_sqlite_store_finalize (GObject *object)
{
  SportelloSqliteStore *self = SELF (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self->path);
  g_free (self->unwritable_reason);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (sportello_sqlite_store_parent_class)->finalize (object);
}

static void
sportello_sqlite_store_class_init (SportelloSqliteStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sportello_sqlite_store_finalize;
}

static void
sportello_sqlite_store_init (SportelloSqliteStore *self)
{
  g_mutex_init (&self->lock);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            finalize_stmt);
}

static void
sportello_sqlite_store_iface_init (SportelloStoreInterface *iface)
{
  iface->book = sqlite_store_book;
  iface->count_booked = sqlite_store_count_booked;
  iface->count_waiting = sqlite_store_count_waiting;
  iface->list_tickets = sqlite_store_list_tickets;
  iface->lookup_ticket = sqlite_store_lookup_ticket;
  iface->list_history = sqlite_store_list_history;
  iface->transition = sqlite_store_transition;
  iface->call_next = sqlite_store_call_next;
  iface->undo_last = sqlite_store_undo_last;
  iface->close_day = sqlite_store_close_day;
  iface->count_day = sqlite_store_count_day;
  iface->purge = sqlite_store_purge;
  iface->record_session = sqlite_store_record_session;
  iface->query_stats = sqlite_store_query_stats;
  iface->add_operator = sqlite_store_add_operator;
  iface->remove_operator = sqlite_store_remove_operator;
  iface->set_pin_hash = sqlite_store_set_pin_hash;
  iface->check_pin = sqlite_store_check_pin;
  iface->list_operators = sqlite_store_list_operators;
  iface->get_change_stamp = sqlite_store_get_change_stamp;
  iface->is_writable = sqlite_store_is_writable;
}

/* Public API */

int
sportello_sqlite_store_schema_version (void)
{
  return N_MIGRATIONS;
}

SportelloStore *
sportello_sqlite_store_new (const char  *path,
                            GError     **error)
{
  g_autoptr(SportelloSqliteStore) self = NULL;
  g_autoptr(GError) rw_error = NULL;
  g_autofree char *absolute = NULL;
  sqlite3 *db;
  gboolean read_only = FALSE;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (*path == '\0')
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                   "No database path given");
      return NULL;
    }

  /* The read-only fallback opens through a file: URI, which needs an
   * absolute path; messages name the same file either way. */
  absolute = g_canonicalize_filename (path, NULL);
  path = absolute;
  if (!g_file_test (path, G_FILE_TEST_EXISTS) && !make_parent (path, error))
    return NULL;

  db = open_read_write (path, &rw_error);
  if (db == NULL)
    {
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_propagate_error (error, g_steal_pointer (&rw_error));
          return NULL;
        }
      db = open_read_only (path, error);
      if (db == NULL)
        return NULL;
      read_only = TRUE;
    }

  self = g_object_new (SPORTELLO_TYPE_SQLITE_STORE, NULL);
  self->path = g_strdup (path);
  self->db = db;
  self->read_only = read_only;
  /* Say why writing is impossible (a full disk is not a read-only file). */
  if (read_only && rw_error != NULL)
    self->unwritable_reason = g_strdup (rw_error->message);

  if (!check_version (db, path, read_only, error))
    return NULL;
  if (!read_only && !migrate (db, path, N_MIGRATIONS, error))
    return NULL;

  return SPORTELLO_STORE (g_steal_pointer (&self));
}

const char *
sportello_sqlite_store_get_path (SportelloSqliteStore *self)
{
  g_return_val_if_fail (SPORTELLO_IS_SQLITE_STORE (self), NULL);
  return self->path;
}

gboolean
sportello_sqlite_store_create_at_version (const char  *path,
                                          int          version,
                                          GError     **error)
{
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (version >= 0 && version <= N_MIGRATIONS, FALSE);

  if (!make_parent (path, error))
    return FALSE;
  db = open_read_write (path, error);
  if (db == NULL)
    return FALSE;
  ok = migrate (db, path, version, error);
  sqlite3_close_v2 (db);
  return ok;
}
