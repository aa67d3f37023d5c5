/* sportello-store.c: the backend-neutral store interface
 *
 * The public functions check their arguments and dispatch to the backend's
 * vfuncs; sportello_store_run_async() moves a call onto a worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sportello-store.h"

#include "sportello-error.h"

G_DEFINE_INTERFACE (SportelloStore, sportello_store, G_TYPE_OBJECT)

static void
sportello_store_default_init (SportelloStoreInterface *iface)
{
}

/* A backend that leaves a vfunc unset reports it instead of crashing. */
static gboolean
check_vfunc (SportelloStore  *self,
             gconstpointer    vfunc,
             const char      *name,
             GError         **error)
{
  if (vfunc != NULL)
    return TRUE;
  g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_FAILED,
               "The %s store does not support %s",
               G_OBJECT_TYPE_NAME (self), name);
  return FALSE;
}

#define GET_IFACE(self) SPORTELLO_STORE_GET_IFACE (self)

SportelloTicket *
sportello_store_book (SportelloStore                *self,
                      const SportelloBookingRequest *request,
                      GError                       **error)
{
  g_return_val_if_fail (SPORTELLO_IS_STORE (self), NULL);
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_vfunc (self, GET_IFACE (self)->book, "booking", error))
    return NULL;
  return GET_IFACE (self)->book (self, request, error);
}

GHashTable *
sportello_store_count_booked (SportelloStore *self,
                              const char     *service_id,
                              const GDate    *date,
                              GError        **error)
{
  g_return_val_if_fail (SPORTELLO_IS_STORE (self), NULL);
  g_return_val_if_fail (service_id != NULL, NULL);
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_vfunc (self, GET_IFACE (self)->count_booked, "counting bookings", error))
    return NULL;
  return GET_IFACE (self)->count_booked (self, service_id, date, error);
}

int
sportello_store_count_waiting (SportelloStore *self,
                               const char     *service_id,
                               const GDate    *date,
                               GError        **error)
{
  g_return_val_if_fail (SPORTELLO_IS_STORE (self), -1);
  g_return_val_if_fail (service_id != NULL, -1);
  g_return_val_if_fail (date != NULL && g_date_valid (date), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!check_vfunc (self, GET_IFACE (self)->count_waiting, "counting the queue", error))
    return -1;
  return GET_IFACE (self)->count_waiting (self, service_id, date, error);
}

GPtrArray *
sportello_store_list_tickets (SportelloStore     *self,
                              const GDate        *date,
                              const char * const *service_ids,
                              GError            **error)
{
  g_return_val_if_fail (SPORTELLO_IS_STORE (self), NULL);
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_vfunc (self, GET_IFACE (self)->list_tickets, "listing tickets", error))
    return NULL;
  return GET_IFACE (self)->list_tickets (self, date, service_ids, error);
}

SportelloTicket *
sportello_store_lookup_ticket (SportelloStore *self,
                               const GDate    *date,
                               const char     *code,
                               GError        **error)
{
  g_return_val_if_fail (SPORTELLO_IS_STORE (self), NULL);
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_vfunc (self, GET_IFACE (self)->lookup_ticket, "looking up tickets", error))
    return NULL;
  return GET_IFACE (self)->lookup_ticket (self, date, code, error);
}

GPtrArray *
sportello_store_list_history (SportelloStore *self,
                              const GDate    *date,
                              const char     *code,
                              GError        **error)
{
  g_return_val_if_fail (SPORTELLO_IS_STORE (self), NULL);
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_vfunc (self, GET_IFACE (self)->list_history, "ticket history", error))
    return NULL;
  return GET_IFACE (self)->list_history (self, date, code, error);
}

SportelloTicket *
sportello_store_transition (SportelloStore        *self,
                            const GDate           *date,
                            const char            *code,
                            SportelloState         to,
                            const char            *operator_id,
                            const char            *counter,
                            SportelloProfessional  professional,
                            const char            *note,
                            GError               **error)
{
  g_return_val_if_fail (SPORTELLO_IS_STORE (self), NULL);
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_vfunc (self, GET_IFACE (self)->transition, "state changes", error))
    return NULL;
  return GET_IFACE (self)->transition (self, date, code, to, operator_id,
                                       counter, professional, note, error);
}

SportelloTicket *
sportello_store_call_next (SportelloStore     *self,
                           GDateTime          *now,
                           const char * const *service_ids,
                           const char         *operator_id,
                           const char         *counter,
                           GError            **error)
{
  g_return_val_if_fail (SPORTELLO_IS_STORE (self), NULL);
  g_return_val_if_fail (now != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_vfunc (self, GET_IFACE (self)->call_next, "calling the next ticket", error))
    return NULL;
  return GET_IFACE (self)->call_next (self, now, service_ids, operator_id, counter, error);
}

SportelloTicket *
sportello_store_undo_last (SportelloStore *self,
                           const char     *operator_id,
                           int             max_age_seconds,
                           GError        **error)
{
  g_return_val_if_fail (SPORTELLO_IS_STORE (self), NULL);
  g_return_val_if_fail (operator_id != NULL, NULL);
  g_return_val_if_fail (max_age_seconds >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_vfunc (self, GET_IFACE (self)->undo_last, "undo", error))
    return NULL;
  return GET_IFACE (self)->undo_last (self, operator_id, max_age_seconds, error);
}

gboolean
sportello_store_close_day (SportelloStore     *self,
                           const GDate        *date,
                           const char         *operator_id,
                           SportelloDayCounts *out_counts,
                           GError            **error)
{
  g_return_val_if_fail (SPORTELLO_IS_STORE (self), FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_vfunc (self, GET_IFACE (self)->close_day, "closing the day", error))
    return FALSE;
  return GET_IFACE (self)->close_day (self, date, operator_id, out_counts, error);
}

gboolean
sportello_store_count_day (SportelloStore     *self,
                           const GDate        *date,
                           SportelloDayCounts *out_counts,
                           GError            **error)
{
  g_return_val_if_fail (SPORTELLO_IS_STORE (self), FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);
  g_return_val_if_fail (out_counts != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_vfunc (self, GET_IFACE (self)->count_day, "the day's counts", error))
    return FALSE;
  return GET_IFACE (self)->count_day (self, date, out_counts, error);
}

int
sportello_store_purge (SportelloStore *self,
                       const GDate    *before,
                       GError        **error)
{
  g_return_val_if_fail (SPORTELLO_IS_STORE (self), -1);
  g_return_val_if_fail (before != NULL && g_date_valid (before), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!check_vfunc (self, GET_IFACE (self)->purge, "purging", error))
    return -1;
  return GET_IFACE (self)->purge (self, before, error);
}

gboolean
sportello_store_record_session (SportelloStore                *self,
                                const SportelloSessionSummary *summary,
                                GError                       **error)
{
  g_return_val_if_fail (SPORTELLO_IS_STORE (self), FALSE);
  g_return_val_if_fail (summary != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_vfunc (self, GET_IFACE (self)->record_session, "statistics", error))
    return FALSE;
  return GET_IFACE (self)->record_session (self, summary, error);
}

GPtrArray *
sportello_store_query_stats (SportelloStore            *self,
                             const SportelloStatsQuery *query,
                             GError                   **error)
{
  g_return_val_if_fail (SPORTELLO_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_vfunc (self, GET_IFACE (self)->query_stats, "statistics", error))
    return NULL;
  return GET_IFACE (self)->query_stats (self, query, error);
}

gboolean
sportello_store_add_operator (SportelloStore *self,
                              const char     *operator_id,
                              const char     *display_name,
                              const char     *pin_hash,
                              GError        **error)
{
  g_return_val_if_fail (SPORTELLO_IS_STORE (self), FALSE);
  g_return_val_if_fail (operator_id != NULL, FALSE);
  g_return_val_if_fail (pin_hash != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_vfunc (self, GET_IFACE (self)->add_operator, "operators", error))
    return FALSE;
  return GET_IFACE (self)->add_operator (self, operator_id, display_name, pin_hash, error);
}

gboolean
sportello_store_remove_operator (SportelloStore *self,
                                 const char     *operator_id,
                                 GError        **error)
{
  g_return_val_if_fail (SPORTELLO_IS_STORE (self), FALSE);
  g_return_val_if_fail (operator_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_vfunc (self, GET_IFACE (self)->remove_operator, "operators", error))
    return FALSE;
  return GET_IFACE (self)->remove_operator (self, operator_id, error);
}

gboolean
sportello_store_set_pin_hash (SportelloStore *self,
                              const char     *operator_id,
                              const char     *pin_hash,
                              GError        **error)
{
  g_return_val_if_fail (SPORTELLO_IS_STORE (self), FALSE);
  g_return_val_if_fail (operator_id != NULL, FALSE);
  g_return_val_if_fail (pin_hash != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_vfunc (self, GET_IFACE (self)->set_pin_hash, "operators", error))
    return FALSE;
  return GET_IFACE (self)->set_pin_hash (self, operator_id, pin_hash, error);
}

gboolean
sportello_store_check_pin (SportelloStore *self,
                           const char     *operator_id,
                           const char     *pin,
                           char          **out_display_name,
                           GError        **error)
{
  g_return_val_if_fail (SPORTELLO_IS_STORE (self), FALSE);
  g_return_val_if_fail (operator_id != NULL, FALSE);
  g_return_val_if_fail (pin != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_display_name != NULL)
    *out_display_name = NULL;
  if (!check_vfunc (self, GET_IFACE (self)->check_pin, "sign-in", error))
    return FALSE;
  return GET_IFACE (self)->check_pin (self, operator_id, pin, out_display_name, error);
}

GPtrArray *
sportello_store_list_operators (SportelloStore *self,
                                GError        **error)
{
  g_return_val_if_fail (SPORTELLO_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_vfunc (self, GET_IFACE (self)->list_operators, "operators", error))
    return NULL;
  return GET_IFACE (self)->list_operators (self, error);
}

gint64
sportello_store_get_change_stamp (SportelloStore *self)
{
  g_return_val_if_fail (SPORTELLO_IS_STORE (self), 0);

  if (GET_IFACE (self)->get_change_stamp == NULL)
    return 0;
  return GET_IFACE (self)->get_change_stamp (self);
}

gboolean
sportello_store_is_writable (SportelloStore *self,
                             GError        **error)
{
  g_return_val_if_fail (SPORTELLO_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_vfunc (self, GET_IFACE (self)->is_writable, "writing", error))
    return FALSE;
  return GET_IFACE (self)->is_writable (self, error);
}

/* Running store calls on a worker thread */

typedef struct
{
  SportelloStoreFunc func;
  gpointer           user_data;
  GDestroyNotify     user_data_free;
  GDestroyNotify     result_free;
} RunData;

static void
run_data_free (RunData *data)
{
  if (data->user_data_free != NULL && data->user_data != NULL)
    data->user_data_free (data->user_data);
  g_free (data);
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RunData *data = task_data;
  GError *error = NULL;
  gpointer result;

  if (g_task_return_error_if_cancelled (task))
    return;

  result = data->func (SPORTELLO_STORE (source_object), data->user_data,
                       cancellable, &error);
  if (error != NULL)
    {
      if (result != NULL && data->result_free != NULL)
        data->result_free (result);
      g_task_return_error (task, error);
    }
  else
    g_task_return_pointer (task, result, data->result_free);
}

void
sportello_store_run_async (SportelloStore      *self,
                           SportelloStoreFunc   func,
                           gpointer             user_data,
                           GDestroyNotify       user_data_free,
                           GDestroyNotify       result_free,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             callback_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *data;

  g_return_if_fail (SPORTELLO_IS_STORE (self));
  g_return_if_fail (func != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (RunData, 1);
  data->func = func;
  data->user_data = user_data;
  data->user_data_free = user_data_free;
  data->result_free = result_free;

  task = g_task_new (self, cancellable, callback, callback_data);
  g_task_set_source_tag (task, sportello_store_run_async);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
  g_task_run_in_thread (task, run_in_thread);
}

gpointer
sportello_store_run_finish (SportelloStore  *self,
                            GAsyncResult    *result,
                            GError         **error)
{
  g_return_val_if_fail (SPORTELLO_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sportello_store_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
