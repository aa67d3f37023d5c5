/* sportello-booking.h: booking rules that join the desk configuration and
 * the store — what the kiosk, the desk and the CLI call to book
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sportello-desk.h"
#include "sportello-store.h"

G_BEGIN_DECLS

/* Slots of a service on a day with `booked` filled in from the store. */
GArray          *sportello_booking_list_slots    (SportelloDesk  *desk,
                                                  SportelloStore *store,
                                                  const char     *service_id,
                                                  const GDate    *date,
                                                  GError        **error);
/* Days from `from` (inclusive) over the next n_days that are open and have
 * at least one free place, as an array of GDate. */
GArray          *sportello_booking_list_free_days (SportelloDesk  *desk,
                                                   SportelloStore *store,
                                                   const char     *service_id,
                                                   const GDate    *from,
                                                   int             n_days,
                                                   GError        **error);
/* Books the slot at `minute` (-1: the first slot with a free place).
 * INVALID for an unknown or non-bookable service, a closed or past day, a
 * minute that is not a slot; NO_PLACE when full; UNAVAILABLE when the store
 * cannot write.  Durable before it returns. */
SportelloTicket *sportello_booking_book          (SportelloDesk  *desk,
                                                  SportelloStore *store,
                                                  const char     *service_id,
                                                  const GDate    *date,
                                                  int             minute,
                                                  const char     *language,
                                                  gboolean        needs_mediator,
                                                  const char     *phone,
                                                  const char     *kiosk_id,
                                                  GError        **error);
/* A walk-in number for today; INVALID when the service has no walk-in
 * queue or the desk is closed today, NO_PLACE past the day's limit. */
SportelloTicket *sportello_booking_take_number   (SportelloDesk  *desk,
                                                  SportelloStore *store,
                                                  const char     *service_id,
                                                  const char     *language,
                                                  gboolean        needs_mediator,
                                                  const char     *kiosk_id,
                                                  GError        **error);
/* Check-in on arrival: BOOKED -> ARRIVED for today's ticket with this code
 * (lenient parsing, see sportello_code_normalize()). */
SportelloTicket *sportello_booking_check_in      (SportelloDesk  *desk,
                                                  SportelloStore *store,
                                                  const char     *code,
                                                  GError        **error);
/* Keeps "+" and digits of a phone number typed or pasted; NULL when it does
 * not hold 6 to 15 digits. */
char            *sportello_phone_normalize       (const char     *text);
/* "+39 3 4 5 ...": spelled digit by digit for speech. */
char            *sportello_phone_spell           (const char     *phone);

G_END_DECLS
