/* sportello-desk.h: the desk configuration (desk.ini, a GKeyFile)
 *
 * Local facts of one access point: name, address, time zone, opening hours
 * per weekday, closed dates, counters, per-service booking rules and the
 * mediator rota.  Slots are computed from it in the desk's wall-clock time.
 *
 *   [Desk]        Name= Address= TimeZone=Europe/Rome Kiosk=kiosk-1
 *                 Counters=1;2;3;  RetentionDays=30  StaffPinHash=$argon2id$...
 *                 DemoNotice=true
 *   [Hours]       Monday=09:00-12:30;14:00-16:00;  ... Sunday=
 *   [Closed]      Dates=2026-12-25;2026-12-26;
 *   [Service residence-permit]
 *                 Letter=A  SlotMinutes=20  PlacesPerSlot=2  Booking=true
 *                 WalkIn=true  WalkInLimit=40  Where=Counter 1  Hours=Monday=...(optional override)
 *   [Mediators]   Monday=ar;fr;  Tuesday=zh_CN;  ...
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sportello-catalog.h"

G_BEGIN_DECLS

/* A bookable slot of one service on one day. */
typedef struct
{
  int minute;    /* minutes since local midnight: 9:20 is 560 */
  int capacity;  /* places per slot */
  int booked;    /* filled in by sportello_booking_list_slots(), else 0 */
} SportelloSlot;

/* Per-service rules from [Service ID]; absent groups mean information only. */
typedef struct
{
  char     *service_id;
  char      letter;          /* ticket code letter, from SPORTELLO_CODE_LETTERS */
  int       slot_minutes;    /* 0 when not booked */
  int       places_per_slot;
  gboolean  booking;
  gboolean  walk_in;
  int       walk_in_limit;   /* numbers per day, 0 = unlimited */
  char     *where;           /* "Counter 2", "Room B" — a local fact, not translated */
} SportelloServiceRules;

#define SPORTELLO_TYPE_DESK (sportello_desk_get_type ())
G_DECLARE_FINAL_TYPE (SportelloDesk, sportello_desk, SPORTELLO, DESK, GObject)

/* Loads desk.ini.  Problems are appended as FILE:LINE: message and the faulty
 * entry is skipped; catalog (may be NULL) lets unknown service ids be
 * reported.  NULL with error only when the file cannot be read or parsed. */
SportelloDesk *sportello_desk_load (const char        *path,
                                    SportelloCatalog  *catalog,
                                    GPtrArray         *problems,
                                    GError           **error);

const char   *sportello_desk_get_name          (SportelloDesk *self);
const char   *sportello_desk_get_address       (SportelloDesk *self);
const char   *sportello_desk_get_kiosk_id      (SportelloDesk *self);  /* default kiosk id */
GTimeZone    *sportello_desk_get_timezone      (SportelloDesk *self);
int           sportello_desk_get_retention_days (SportelloDesk *self); /* default 30 */
const char   *sportello_desk_get_staff_pin_hash (SportelloDesk *self); /* NULL when unset */
gboolean      sportello_desk_is_demo           (SportelloDesk *self);
/* Counter names, NULL-terminated. */
const char * const *sportello_desk_get_counters (SportelloDesk *self);

/* NULL when the service has no rules here (information only). */
const SportelloServiceRules *sportello_desk_get_rules (SportelloDesk *self,
                                                       const char    *service_id);

/* Opening hours of a weekday (G_DATE_MONDAY..G_DATE_SUNDAY) as
 * "09:00–12:30, 14:00–16:00"; NULL when closed. Newly allocated. */
char       *sportello_desk_format_hours (SportelloDesk *self,
                                         GDateWeekday   weekday);
gboolean    sportello_desk_is_open_on   (SportelloDesk *self,
                                         const GDate   *date);
/* Slots of a service on a day (SportelloSlot, booked = 0), in time order;
 * empty when closed, not bookable, or the service's hours leave no room. */
GArray     *sportello_desk_list_slots   (SportelloDesk *self,
                                         const char    *service_id,
                                         const GDate   *date);
/* Languages (codes) with a mediator on that day, NULL-terminated, owned by desk. */
const char * const *sportello_desk_get_mediators (SportelloDesk *self,
                                                  GDateWeekday   weekday);
gboolean    sportello_desk_has_mediator (SportelloDesk *self,
                                         const GDate   *date,
                                         const char    *language);
/* Today in the desk's time zone. */
void        sportello_desk_get_today    (SportelloDesk *self,
                                         GDate         *out_date);
/* The local instant of a slot on a date (DST-correct), full reference. */
GDateTime  *sportello_desk_slot_time    (SportelloDesk *self,
                                         const GDate   *date,
                                         int            minute);
/* Minutes since midnight when the service's last opening range of that day
 * ends (its own Hours, else the desk's); -1 when closed that day. */
int         sportello_desk_get_closing_minute (SportelloDesk *self,
                                               const char    *service_id,
                                               const GDate   *date);

G_END_DECLS
