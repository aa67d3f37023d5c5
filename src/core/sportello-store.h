/* sportello-store.h: the backend-neutral store of tickets, operators and
 * anonymous statistics
 *
 * Front ends speak to this interface only, never SQL.  SQLite is the
 * embedded backend (sportello-sqlite-store.h); a PostgreSQL backend for many
 * kiosks, desks and sites implements the same vfuncs.
 *
 * Every method is safe to call from a worker thread (the SQLite backend
 * serialises on its own connection), and GUI code must do so for anything
 * but trivial reads: see sportello_store_run_async().  Each write is one
 * transaction, durable when the call returns.
 *
 * Errors: SPORTELLO_STORE_ERROR; UNAVAILABLE means the database cannot be
 * written now (read-only, disk full, locked too long) and is worth retrying
 * later; information must keep working.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sportello-ticket.h"
#include "sportello-stats.h"

G_BEGIN_DECLS

typedef struct
{
  const char *service_id;
  char        letter;          /* code letter of the service */
  GDate       date;
  int         minute;          /* slot start; -1 takes a walk-in number */
  int         capacity;        /* places in the slot, or the walk-in limit (0 = none) */
  const char *language;
  gboolean    needs_mediator;
  const char *phone;           /* NULL or normalised digits */
  const char *kiosk_id;        /* NULL for desk or CLI */
} SportelloBookingRequest;

typedef struct
{
  int served;       /* done */
  int referred;     /* to the second level: count toward the take-charge target */
  int no_show;
  int cancelled;
  int not_served;   /* closed while still open */
  int open;         /* still booked/arrived/waiting/called/serving */
} SportelloDayCounts;

#define SPORTELLO_TYPE_STORE (sportello_store_get_type ())
G_DECLARE_INTERFACE (SportelloStore, sportello_store, SPORTELLO, STORE, GObject)

struct _SportelloStoreInterface
{
  GTypeInterface parent_iface;

  SportelloTicket *(*book)            (SportelloStore                *self,
                                       const SportelloBookingRequest *request,
                                       GError                       **error);
  GHashTable      *(*count_booked)    (SportelloStore *self,
                                       const char     *service_id,
                                       const GDate    *date,
                                       GError        **error);
  int              (*count_waiting)   (SportelloStore *self,
                                       const char     *service_id,
                                       const GDate    *date,
                                       GError        **error);
  GPtrArray       *(*list_tickets)    (SportelloStore     *self,
                                       const GDate        *date,
                                       const char * const *service_ids,
                                       GError            **error);
  SportelloTicket *(*lookup_ticket)   (SportelloStore *self,
                                       const GDate    *date,
                                       const char     *code,
                                       GError        **error);
  GPtrArray       *(*list_history)    (SportelloStore *self,
                                       const GDate    *date,
                                       const char     *code,
                                       GError        **error);
  SportelloTicket *(*transition)      (SportelloStore        *self,
                                       const GDate           *date,
                                       const char            *code,
                                       SportelloState         to,
                                       const char            *operator_id,
                                       const char            *counter,
                                       SportelloProfessional  professional,
                                       const char            *note,
                                       GError               **error);
  SportelloTicket *(*call_next)       (SportelloStore     *self,
                                       GDateTime          *now,
                                       const char * const *service_ids,
                                       const char         *operator_id,
                                       const char         *counter,
                                       GError            **error);
  SportelloTicket *(*undo_last)       (SportelloStore *self,
                                       const char     *operator_id,
                                       int             max_age_seconds,
                                       GError        **error);
  gboolean         (*close_day)       (SportelloStore     *self,
                                       const GDate        *date,
                                       const char         *operator_id,
                                       SportelloDayCounts *out_counts,
                                       GError            **error);
  gboolean         (*count_day)       (SportelloStore     *self,
                                       const GDate        *date,
                                       SportelloDayCounts *out_counts,
                                       GError            **error);
  int              (*purge)           (SportelloStore *self,
                                       const GDate    *before,
                                       GError        **error);
  gboolean         (*record_session)  (SportelloStore                *self,
                                       const SportelloSessionSummary *summary,
                                       GError                       **error);
  GPtrArray       *(*query_stats)     (SportelloStore            *self,
                                       const SportelloStatsQuery *query,
                                       GError                   **error);
  gboolean         (*add_operator)    (SportelloStore *self,
                                       const char     *operator_id,
                                       const char     *display_name,
                                       const char     *pin_hash,
                                       GError        **error);
  gboolean         (*remove_operator) (SportelloStore *self,
                                       const char     *operator_id,
                                       GError        **error);
  gboolean         (*set_pin_hash)    (SportelloStore *self,
                                       const char     *operator_id,
                                       const char     *pin_hash,
                                       GError        **error);
  gboolean         (*check_pin)       (SportelloStore *self,
                                       const char     *operator_id,
                                       const char     *pin,
                                       char          **out_display_name,
                                       GError        **error);
  GPtrArray       *(*list_operators)  (SportelloStore *self,
                                       GError        **error);
  gint64           (*get_change_stamp)(SportelloStore *self);
  gboolean         (*is_writable)     (SportelloStore *self,
                                       GError        **error);
};

/* Books one place (minute >= 0) or takes a walk-in number (minute = -1).
 * Refuses with NO_PLACE when the slot already holds capacity open or
 * finished tickets (cancelled ones free their place).  The ticket is
 * committed durably before this returns, whatever other processes do. */
SportelloTicket *sportello_store_book           (SportelloStore                *self,
                                                 const SportelloBookingRequest *request,
                                                 GError                       **error);
/* minute (GINT_TO_POINTER) -> places taken (GINT_TO_POINTER), for one day. */
GHashTable      *sportello_store_count_booked   (SportelloStore *self,
                                                 const char     *service_id,
                                                 const GDate    *date,
                                                 GError        **error);
/* Walk-in tickets still waiting (not yet called) for a service on a day. */
int              sportello_store_count_waiting  (SportelloStore *self,
                                                 const char     *service_id,
                                                 const GDate    *date,
                                                 GError        **error);
/* Tickets of a day, booked by time then walk-ins by number; service_ids NULL = all.
 * Element type SportelloTicket, owned by the array. */
GPtrArray       *sportello_store_list_tickets   (SportelloStore     *self,
                                                 const GDate        *date,
                                                 const char * const *service_ids,
                                                 GError            **error);
SportelloTicket *sportello_store_lookup_ticket  (SportelloStore *self,
                                                 const GDate    *date,
                                                 const char     *code,
                                                 GError        **error);
/* SportelloTransition rows, oldest first. */
GPtrArray       *sportello_store_list_history   (SportelloStore *self,
                                                 const GDate    *date,
                                                 const char     *code,
                                                 GError        **error);
/* Moves a ticket to a new state, refusing illegal moves with TRANSITION.
 * counter is recorded when calling; professional and note when referring. */
SportelloTicket *sportello_store_transition     (SportelloStore        *self,
                                                 const GDate           *date,
                                                 const char            *code,
                                                 SportelloState         to,
                                                 const char            *operator_id,
                                                 const char            *counter,
                                                 SportelloProfessional  professional,
                                                 const char            *note,
                                                 GError               **error);
/* Atomically picks and calls the next ticket of today for these services:
 * booked or arrived tickets whose slot has started, by slot time, then
 * walk-ins by number.  NOT_FOUND when nobody is waiting.  Two callers in any
 * processes never get the same ticket. */
SportelloTicket *sportello_store_call_next      (SportelloStore     *self,
                                                 GDateTime          *now,
                                                 const char * const *service_ids,
                                                 const char         *operator_id,
                                                 const char         *counter,
                                                 GError            **error);
/* Reverts the operator's own last transition if it is at most
 * max_age_seconds old and nothing happened to the ticket since. */
SportelloTicket *sportello_store_undo_last      (SportelloStore *self,
                                                 const char     *operator_id,
                                                 int             max_age_seconds,
                                                 GError        **error);
/* Marks every open ticket of the day NOT_SERVED; out_counts gets the totals. */
gboolean         sportello_store_close_day      (SportelloStore     *self,
                                                 const GDate        *date,
                                                 const char         *operator_id,
                                                 SportelloDayCounts *out_counts,
                                                 GError            **error);
gboolean         sportello_store_count_day      (SportelloStore     *self,
                                                 const GDate        *date,
                                                 SportelloDayCounts *out_counts,
                                                 GError            **error);
/* Clears phone numbers and notes of tickets dated before `before`;
 * returns how many tickets were purged, -1 on error. */
int              sportello_store_purge          (SportelloStore *self,
                                                 const GDate    *before,
                                                 GError        **error);
gboolean         sportello_store_record_session (SportelloStore                *self,
                                                 const SportelloSessionSummary *summary,
                                                 GError                       **error);
/* SportelloStatsRow, unsuppressed; apply sportello_stats_suppress() before showing. */
GPtrArray       *sportello_store_query_stats    (SportelloStore            *self,
                                                 const SportelloStatsQuery *query,
                                                 GError                   **error);
/* Operators: the PIN is hashed by the caller with sportello_pin_hash(). */
gboolean         sportello_store_add_operator   (SportelloStore *self,
                                                 const char     *operator_id,
                                                 const char     *display_name,
                                                 const char     *pin_hash,
                                                 GError        **error);
gboolean         sportello_store_remove_operator (SportelloStore *self,
                                                  const char     *operator_id,
                                                  GError        **error);
gboolean         sportello_store_set_pin_hash   (SportelloStore *self,
                                                 const char     *operator_id,
                                                 const char     *pin_hash,
                                                 GError        **error);
/* TRUE when the PIN matches.  DENIED on a wrong PIN; after 5 failures in a
 * row LOCKED_OUT for 5 minutes, even for the right PIN. */
gboolean         sportello_store_check_pin      (SportelloStore *self,
                                                 const char     *operator_id,
                                                 const char     *pin,
                                                 char          **out_display_name,
                                                 GError        **error);
/* Operator ids (char *). */
GPtrArray       *sportello_store_list_operators (SportelloStore *self,
                                                 GError        **error);
/* A number that changes whenever any process committed a change. Cheap. */
gint64           sportello_store_get_change_stamp (SportelloStore *self);
/* FALSE with UNAVAILABLE when a write would fail now (read-only, full). */
gboolean         sportello_store_is_writable    (SportelloStore *self,
                                                 GError        **error);

/* Runs func (store, user_data, cancellable, error) -> gpointer on a worker
 * thread and completes task on the caller's main context.  The GUI's way to
 * keep database work off the frame clock. */
typedef gpointer (*SportelloStoreFunc) (SportelloStore *store,
                                        gpointer        user_data,
                                        GCancellable   *cancellable,
                                        GError        **error);
void     sportello_store_run_async  (SportelloStore      *self,
                                     SportelloStoreFunc   func,
                                     gpointer             user_data,
                                     GDestroyNotify       user_data_free,
                                     GDestroyNotify       result_free,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             callback_data);
gpointer sportello_store_run_finish (SportelloStore  *self,
                                     GAsyncResult    *result,
                                     GError         **error);

G_END_DECLS
