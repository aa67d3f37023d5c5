/* sportello-booking.c: booking rules that join the desk configuration and
 * the store
 *
 * The desk says which slots exist; the store says how many places are
 * taken and refuses to over-fill a slot, whatever other processes do.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sportello-booking.h"

#include <string.h>

#include "sportello-error.h"

/* Rules of a service that can be booked here, or NULL with an INVALID error. */
static const SportelloServiceRules *
bookable_rules (SportelloDesk  *desk,
                const char     *service_id,
                GError        **error)
{
  const SportelloServiceRules *rules;

  if (service_id == NULL || service_id[0] == '\0')
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                   "No service given");
      return NULL;
    }
  rules = sportello_desk_get_rules (desk, service_id);
  if (rules == NULL || !rules->booking)
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                   "The service \"%s\" cannot be booked at this desk", service_id);
      return NULL;
    }
  return rules;
}

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date),
                          g_date_get_month (date), g_date_get_day (date));
}

/* Minutes since midnight now, in the desk's time zone. */
static int
now_minute (SportelloDesk *desk)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (sportello_desk_get_timezone (desk));

  return g_date_time_get_hour (now) * 60 + g_date_time_get_minute (now);
}

GArray *
sportello_booking_list_slots (SportelloDesk  *desk,
                              SportelloStore *store,
                              const char     *service_id,
                              const GDate    *date,
                              GError        **error)
{
  g_autoptr(GArray) slots = NULL;
  g_autoptr(GHashTable) taken = NULL;

  g_return_val_if_fail (SPORTELLO_IS_DESK (desk), NULL);
  g_return_val_if_fail (SPORTELLO_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (date == NULL || !g_date_valid (date))
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID, "Invalid date");
      return NULL;
    }
  if (bookable_rules (desk, service_id, error) == NULL)
    return NULL;

  slots = sportello_desk_list_slots (desk, service_id, date);
  if (slots->len == 0)
    return g_steal_pointer (&slots);

  taken = sportello_store_count_booked (store, service_id, date, error);
  if (taken == NULL)
    return NULL;
  for (unsigned i = 0; i < slots->len; i++)
    {
      SportelloSlot *slot = &g_array_index (slots, SportelloSlot, i);

      slot->booked = GPOINTER_TO_INT (g_hash_table_lookup (taken, GINT_TO_POINTER (slot->minute)));
    }
  return g_steal_pointer (&slots);
}

/* Whether a slot can still be booked: free, and not started when today. */
static gboolean
slot_is_free (const SportelloSlot *slot,
              gboolean             today,
              int                  now)
{
  if (slot->booked >= slot->capacity)
    return FALSE;
  return !today || slot->minute > now;
}

GArray *
sportello_booking_list_free_days (SportelloDesk  *desk,
                                  SportelloStore *store,
                                  const char     *service_id,
                                  const GDate    *from,
                                  int             n_days,
                                  GError        **error)
{
  g_autoptr(GArray) days = NULL;
  GDate today;
  int now;

  g_return_val_if_fail (SPORTELLO_IS_DESK (desk), NULL);
  g_return_val_if_fail (SPORTELLO_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (from == NULL || !g_date_valid (from) || n_days < 0 || n_days > 366)
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                   "Invalid range of days");
      return NULL;
    }
  if (bookable_rules (desk, service_id, error) == NULL)
    return NULL;

  sportello_desk_get_today (desk, &today);
  now = now_minute (desk);
  days = g_array_new (FALSE, FALSE, sizeof (GDate));
  for (int i = 0; i < n_days; i++)
    {
      g_autoptr(GArray) slots = NULL;
      GDate day = *from;

      g_date_add_days (&day, (guint) i);
      if (g_date_compare (&day, &today) < 0 || !sportello_desk_is_open_on (desk, &day))
        continue;
      slots = sportello_booking_list_slots (desk, store, service_id, &day, error);
      if (slots == NULL)
        return NULL;
      for (unsigned s = 0; s < slots->len; s++)
        if (slot_is_free (&g_array_index (slots, SportelloSlot, s),
                          g_date_compare (&day, &today) == 0, now))
          {
            g_array_append_val (days, day);
            break;
          }
    }
  return g_steal_pointer (&days);
}

/* The language to record: a known code, or the catalogue's first. */
static gboolean
check_language (const char  *language,
                GError     **error)
{
  if (language == NULL)
    return TRUE;
  for (const char *p = language; *p != '\0'; p++)
    if (!(g_ascii_isalnum (*p) || *p == '_' || *p == '@' || *p == '-'))
      {
        g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                     "\"%s\" is not a language code", language);
        return FALSE;
      }
  if (language[0] == '\0' || strlen (language) > 16)
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                   "\"%s\" is not a language code", language);
      return FALSE;
    }
  return TRUE;
}

SportelloTicket *
sportello_booking_book (SportelloDesk  *desk,
                        SportelloStore *store,
                        const char     *service_id,
                        const GDate    *date,
                        int             minute,
                        const char     *language,
                        gboolean        needs_mediator,
                        const char     *phone,
                        const char     *kiosk_id,
                        GError        **error)
{
  const SportelloServiceRules *rules;
  g_autoptr(GArray) slots = NULL;
  g_autofree char *normal_phone = NULL;
  g_autofree char *day_text = NULL;
  SportelloBookingRequest request = { 0 };
  gboolean today_is_day;
  GDate today;
  int now;
  gboolean any_candidate = FALSE;

  g_return_val_if_fail (SPORTELLO_IS_DESK (desk), NULL);
  g_return_val_if_fail (SPORTELLO_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  rules = bookable_rules (desk, service_id, error);
  if (rules == NULL)
    return NULL;
  if (date == NULL || !g_date_valid (date))
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID, "Invalid date");
      return NULL;
    }
  day_text = format_date (date);

  sportello_desk_get_today (desk, &today);
  if (g_date_compare (date, &today) < 0)
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                   "%s is in the past", day_text);
      return NULL;
    }
  if (!sportello_desk_is_open_on (desk, date))
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                   "The desk is closed on %s", day_text);
      return NULL;
    }
  if (!check_language (language, error))
    return NULL;
  if (phone != NULL && phone[0] != '\0')
    {
      normal_phone = sportello_phone_normalize (phone);
      if (normal_phone == NULL)
        {
          g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                       "\"%s\" is not a phone number (6 to 15 digits)", phone);
          return NULL;
        }
    }

  slots = sportello_booking_list_slots (desk, store, service_id, date, error);
  if (slots == NULL)
    return NULL;

  today_is_day = g_date_compare (date, &today) == 0;
  now = now_minute (desk);

  if (minute >= 0)
    {
      gboolean found = FALSE;

      for (unsigned i = 0; i < slots->len && !found; i++)
        found = g_array_index (slots, SportelloSlot, i).minute == minute;
      if (!found)
        {
          g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                       "%02d:%02d is not a time slot of \"%s\" on %s",
                       minute / 60, minute % 60, service_id, day_text);
          return NULL;
        }
      if (today_is_day && minute <= now)
        {
          g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                       "The %02d:%02d slot has already started", minute / 60, minute % 60);
          return NULL;
        }
    }
  else if (minute != -1)
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                   "Invalid time");
      return NULL;
    }

  request.service_id = service_id;
  request.letter = rules->letter;
  request.date = *date;
  request.capacity = rules->places_per_slot;
  request.language = language;
  request.needs_mediator = needs_mediator;
  request.phone = normal_phone;
  request.kiosk_id = kiosk_id;

  /* A given minute is tried once; otherwise every free slot in turn, as
   * another kiosk may take the last place between listing and booking. */
  for (unsigned i = 0; i < slots->len; i++)
    {
      const SportelloSlot *slot = &g_array_index (slots, SportelloSlot, i);
      g_autoptr(GError) local_error = NULL;
      SportelloTicket *ticket;

      if (minute >= 0 ? slot->minute != minute : !slot_is_free (slot, today_is_day, now))
        continue;
      any_candidate = TRUE;
      request.minute = slot->minute;
      ticket = sportello_store_book (store, &request, &local_error);
      if (ticket != NULL)
        return ticket;
      if (minute >= 0 || !g_error_matches (local_error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_NO_PLACE))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_NO_PLACE,
               any_candidate || slots->len > 0
               ? "No place left for \"%s\" on %s"
               : "\"%s\" has no time slots on %s",
               service_id, day_text);
  return NULL;
}

SportelloTicket *
sportello_booking_take_number (SportelloDesk  *desk,
                               SportelloStore *store,
                               const char     *service_id,
                               const char     *language,
                               gboolean        needs_mediator,
                               const char     *kiosk_id,
                               GError        **error)
{
  const SportelloServiceRules *rules;
  SportelloBookingRequest request = { 0 };
  GDate today;
  int closing;

  g_return_val_if_fail (SPORTELLO_IS_DESK (desk), NULL);
  g_return_val_if_fail (SPORTELLO_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  rules = service_id != NULL ? sportello_desk_get_rules (desk, service_id) : NULL;
  if (rules == NULL || !rules->walk_in)
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                   "The service \"%s\" has no walk-in queue at this desk",
                   service_id != NULL ? service_id : "");
      return NULL;
    }
  if (!check_language (language, error))
    return NULL;

  sportello_desk_get_today (desk, &today);
  closing = sportello_desk_get_closing_minute (desk, service_id, &today);
  if (closing < 0)
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                   "The desk is closed today");
      return NULL;
    }
  if (now_minute (desk) >= closing)
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                   "The queue for \"%s\" is closed for today", service_id);
      return NULL;
    }

  request.service_id = service_id;
  request.letter = rules->letter;
  request.date = today;
  request.minute = -1;
  request.capacity = rules->walk_in_limit;
  request.language = language;
  request.needs_mediator = needs_mediator;
  request.kiosk_id = kiosk_id;
  return sportello_store_book (store, &request, error);
}

SportelloTicket *
sportello_booking_check_in (SportelloDesk  *desk,
                            SportelloStore *store,
                            const char     *code,
                            GError        **error)
{
  g_autofree char *normal = NULL;
  g_autoptr(SportelloTicket) ticket = NULL;
  GDate today;

  g_return_val_if_fail (SPORTELLO_IS_DESK (desk), NULL);
  g_return_val_if_fail (SPORTELLO_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  normal = code != NULL ? sportello_code_normalize (code) : NULL;
  if (normal == NULL)
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_INVALID,
                   "\"%s\" is not a ticket code (a letter and a number, like A-12)",
                   code != NULL ? code : "");
      return NULL;
    }

  sportello_desk_get_today (desk, &today);
  ticket = sportello_store_lookup_ticket (store, &today, normal, error);
  if (ticket == NULL)
    return NULL;
  if (ticket->state == SPORTELLO_STATE_ARRIVED)
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_TRANSITION,
                   "%s has already checked in", normal);
      return NULL;
    }
  if (ticket->state != SPORTELLO_STATE_BOOKED)
    {
      g_set_error (error, SPORTELLO_STORE_ERROR, SPORTELLO_STORE_ERROR_TRANSITION,
                   "%s cannot check in: it is %s", normal,
                   sportello_state_to_string (ticket->state));
      return NULL;
    }
  return sportello_store_transition (store, &today, normal, SPORTELLO_STATE_ARRIVED,
                                     NULL, NULL, SPORTELLO_PROFESSIONAL_NONE, NULL, error);
}

char *
sportello_phone_normalize (const char *text)
{
  g_autoptr(GString) out = NULL;
  int digits = 0;

  if (text == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p++)
    {
      char c = *p;

      if (g_ascii_isdigit (c))
        {
          g_string_append_c (out, c);
          digits++;
        }
      else if (c == '+' && out->len == 0)
        g_string_append_c (out, c);
      else if (c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')' || c == '\t')
        continue;
      else
        return NULL;
    }
  if (digits < 6 || digits > 15)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
sportello_phone_spell (const char *phone)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (phone != NULL, NULL);

  for (const char *p = phone; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p) && *p != '+')
        continue;
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append_c (out, *p);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}
