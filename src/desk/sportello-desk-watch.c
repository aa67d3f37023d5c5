/* sportello-desk-watch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sportello-desk-watch.h"

struct _SportelloDeskWatch
{
  GObject         parent_instance;

  SportelloStore *store;
  GCancellable   *cancellable;
  unsigned        timeout_id;
  gint64          last_stamp;
  gboolean        have_stamp;
  gboolean        in_flight;
  gboolean        check_again;
};

G_DEFINE_FINAL_TYPE (SportelloDeskWatch, sportello_desk_watch, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_check (SportelloDeskWatch *self);

static gpointer
read_stamp (SportelloStore *store,
            gpointer        user_data,
            GCancellable   *cancellable,
            GError        **error)
{
  gint64 *stamp = g_new (gint64, 1);

  *stamp = sportello_store_get_change_stamp (store);
  return stamp;
}

static void
on_stamp_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *stamp = NULL;
  SportelloDeskWatch *self;

  stamp = sportello_store_run_finish (SPORTELLO_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;  /* the watch is gone */

  self = SPORTELLO_DESK_WATCH (user_data);
  self->in_flight = FALSE;

  if (stamp != NULL && (!self->have_stamp || *stamp != self->last_stamp))
    {
      self->last_stamp = *stamp;
      self->have_stamp = TRUE;
      g_signal_emit (self, signals[CHANGED], 0);
    }

  if (self->check_again)
    {
      self->check_again = FALSE;
      start_check (self);
    }
}

static void
start_check (SportelloDeskWatch *self)
{
  if (self->in_flight)
    {
      self->check_again = TRUE;
      return;
    }
  self->in_flight = TRUE;
  sportello_store_run_async (self->store, read_stamp, NULL, NULL, g_free,
                             self->cancellable, on_stamp_read_cb, self);
}

static gboolean
on_tick_cb (gpointer user_data)
{
  SportelloDeskWatch *self = user_data;

  if (!self->in_flight)
    start_check (self);
  return G_SOURCE_CONTINUE;
}

static void
sportello_desk_watch_dispose (GObject *object)
{
  SportelloDeskWatch *self = SPORTELLO_DESK_WATCH (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (sportello_desk_watch_parent_class)->dispose (object);
}

static void
sportello_desk_watch_class_init (SportelloDeskWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sportello_desk_watch_dispose;

  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
sportello_desk_watch_init (SportelloDeskWatch *self)
{
  self->cancellable = g_cancellable_new ();
}

SportelloDeskWatch *
sportello_desk_watch_new (SportelloStore *store,
                          unsigned        interval_ms)
{
  SportelloDeskWatch *self;

  g_return_val_if_fail (SPORTELLO_IS_STORE (store), NULL);
  g_return_val_if_fail (interval_ms > 0, NULL);

  self = g_object_new (SPORTELLO_TYPE_DESK_WATCH, NULL);
  self->store = g_object_ref (store);
  self->timeout_id = g_timeout_add (interval_ms, on_tick_cb, self);
  start_check (self);

  return self;
}

void
sportello_desk_watch_check (SportelloDeskWatch *self)
{
  g_return_if_fail (SPORTELLO_IS_DESK_WATCH (self));

  start_check (self);
}

void
sportello_desk_watch_force (SportelloDeskWatch *self)
{
  g_return_if_fail (SPORTELLO_IS_DESK_WATCH (self));

  self->have_stamp = FALSE;
  start_check (self);
}
