/* sportello-desk-watch.h: notices changes other processes commit to the store
 *
 * Every interval it reads the store's change stamp on a worker thread
 * (sportello_store_run_async) and emits "changed" only when the stamp moved,
 * so the console and the board reload their lists on real changes and never
 * query the database on the frame clock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sportello-store.h"

G_BEGIN_DECLS

#define SPORTELLO_TYPE_DESK_WATCH (sportello_desk_watch_get_type ())
G_DECLARE_FINAL_TYPE (SportelloDeskWatch, sportello_desk_watch, SPORTELLO, DESK_WATCH, GObject)

/* Starts watching at once; the first check always emits "changed". */
SportelloDeskWatch *sportello_desk_watch_new    (SportelloStore *store,
                                                 unsigned        interval_ms);
/* Checks now instead of at the next tick (after one's own action). */
void                sportello_desk_watch_check  (SportelloDeskWatch *self);
/* Makes the next check emit "changed" whatever the stamp. */
void                sportello_desk_watch_force  (SportelloDeskWatch *self);

G_END_DECLS
