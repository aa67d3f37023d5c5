/* sportello.h: the core library, libsportello (GLib, GIO, SQLite; no GTK)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sportello-error.h"
#include "sportello-catalog.h"
#include "sportello-desk.h"
#include "sportello-ticket.h"
#include "sportello-stats.h"
#include "sportello-store.h"
#include "sportello-sqlite-store.h"
#include "sportello-booking.h"
#include "sportello-pin.h"
#include "sportello-paths.h"
#include "sportello-locale.h"
#include "sportello-signals.h"
