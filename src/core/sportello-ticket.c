/* sportello-ticket.c: ticket states, codes and the boxed ticket
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sportello-ticket.h"

G_DEFINE_BOXED_TYPE (SportelloTicket, sportello_ticket, sportello_ticket_copy, sportello_ticket_free)

static const struct
{
  const char *name;
  const char *label;
} states[SPORTELLO_N_STATES] = {
  [SPORTELLO_STATE_BOOKED] = { "booked", N_("Booked") },
  [SPORTELLO_STATE_ARRIVED] = { "arrived", N_("Arrived") },
  [SPORTELLO_STATE_WAITING] = { "waiting", N_("Waiting") },
  [SPORTELLO_STATE_CALLED] = { "called", N_("Called") },
  [SPORTELLO_STATE_SERVING] = { "serving", N_("Being served") },
  [SPORTELLO_STATE_DONE] = { "done", N_("Served") },
  [SPORTELLO_STATE_NO_SHOW] = { "no-show", N_("Did not come") },
  [SPORTELLO_STATE_CANCELLED] = { "cancelled", N_("Cancelled") },
  [SPORTELLO_STATE_REFERRED] = { "referred", N_("Referred to second level") },
  [SPORTELLO_STATE_NOT_SERVED] = { "not-served", N_("Not served") },
};

static const struct
{
  const char *name;
  const char *label;
} professionals[] = {
  [SPORTELLO_PROFESSIONAL_NONE] = { "none", N_("None") },
  [SPORTELLO_PROFESSIONAL_SOCIAL_WORKER] = { "social-worker", N_("Social worker") },
  [SPORTELLO_PROFESSIONAL_EMPLOYMENT_OPERATOR] = { "employment-operator", N_("Employment centre operator") },
  [SPORTELLO_PROFESSIONAL_MEDIATOR] = { "mediator", N_("Intercultural mediator") },
  [SPORTELLO_PROFESSIONAL_LABOUR_POLICY_EXPERT] = { "labour-policy-expert", N_("Labour policy expert") },
};

const char *
sportello_state_to_string (SportelloState state)
{
  g_return_val_if_fail ((unsigned) state < SPORTELLO_N_STATES, NULL);
  return states[state].name;
}

gboolean
sportello_state_from_string (const char     *name,
                             SportelloState *out_state)
{
  g_return_val_if_fail (out_state != NULL, FALSE);

  if (name == NULL)
    return FALSE;

  for (unsigned i = 0; i < SPORTELLO_N_STATES; i++)
    {
      if (g_ascii_strcasecmp (name, states[i].name) == 0)
        {
          *out_state = (SportelloState) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
sportello_state_get_label (SportelloState state)
{
  g_return_val_if_fail ((unsigned) state < SPORTELLO_N_STATES, NULL);
  return states[state].label;
}

gboolean
sportello_state_is_open (SportelloState state)
{
  switch (state)
    {
    case SPORTELLO_STATE_BOOKED:
    case SPORTELLO_STATE_ARRIVED:
    case SPORTELLO_STATE_WAITING:
    case SPORTELLO_STATE_CALLED:
    case SPORTELLO_STATE_SERVING:
      return TRUE;
    case SPORTELLO_STATE_DONE:
    case SPORTELLO_STATE_NO_SHOW:
    case SPORTELLO_STATE_CANCELLED:
    case SPORTELLO_STATE_REFERRED:
    case SPORTELLO_STATE_NOT_SERVED:
    default:
      return FALSE;
    }
}

gboolean
sportello_state_can_transition (SportelloState from,
                                SportelloState to)
{
  if ((unsigned) from >= SPORTELLO_N_STATES || (unsigned) to >= SPORTELLO_N_STATES)
    return FALSE;

  switch (from)
    {
    case SPORTELLO_STATE_BOOKED:
      return to == SPORTELLO_STATE_ARRIVED || to == SPORTELLO_STATE_CALLED ||
             to == SPORTELLO_STATE_NO_SHOW || to == SPORTELLO_STATE_CANCELLED ||
             to == SPORTELLO_STATE_NOT_SERVED;
    case SPORTELLO_STATE_ARRIVED:
    case SPORTELLO_STATE_WAITING:
      return to == SPORTELLO_STATE_CALLED || to == SPORTELLO_STATE_NO_SHOW ||
             to == SPORTELLO_STATE_CANCELLED || to == SPORTELLO_STATE_NOT_SERVED;
    case SPORTELLO_STATE_CALLED:
      /* CALLED -> CALLED is a recall to the counter. */
      return to == SPORTELLO_STATE_CALLED || to == SPORTELLO_STATE_SERVING ||
             to == SPORTELLO_STATE_NO_SHOW || to == SPORTELLO_STATE_CANCELLED ||
             to == SPORTELLO_STATE_NOT_SERVED;
    case SPORTELLO_STATE_SERVING:
      return to == SPORTELLO_STATE_DONE || to == SPORTELLO_STATE_REFERRED ||
             to == SPORTELLO_STATE_CANCELLED;
    case SPORTELLO_STATE_DONE:
    case SPORTELLO_STATE_NO_SHOW:
    case SPORTELLO_STATE_CANCELLED:
    case SPORTELLO_STATE_REFERRED:
    case SPORTELLO_STATE_NOT_SERVED:
    default:
      return FALSE;
    }
}

const char *
sportello_professional_to_string (SportelloProfessional professional)
{
  g_return_val_if_fail ((unsigned) professional < G_N_ELEMENTS (professionals), NULL);
  return professionals[professional].name;
}

gboolean
sportello_professional_from_string (const char            *name,
                                    SportelloProfessional *out_professional)
{
  g_return_val_if_fail (out_professional != NULL, FALSE);

  if (name == NULL)
    return FALSE;

  for (unsigned i = 0; i < G_N_ELEMENTS (professionals); i++)
    {
      if (g_ascii_strcasecmp (name, professionals[i].name) == 0)
        {
          *out_professional = (SportelloProfessional) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
sportello_professional_get_label (SportelloProfessional professional)
{
  g_return_val_if_fail ((unsigned) professional < G_N_ELEMENTS (professionals), NULL);
  return professionals[professional].label;
}

char *
sportello_code_format (char letter,
                       int  number)
{
  g_return_val_if_fail (letter != '\0' && strchr (SPORTELLO_CODE_LETTERS, letter) != NULL, NULL);
  g_return_val_if_fail (number > 0, NULL);

  return g_strdup_printf ("%c-%d", letter, number);
}

gboolean
sportello_code_parse (const char *text,
                      char       *out_letter,
                      int        *out_number)
{
  const char *p;
  char letter;
  gint64 number = 0;
  int digits = 0;

  if (text == NULL)
    return FALSE;

  p = text;
  while (g_ascii_isspace (*p))
    p++;

  letter = g_ascii_toupper (*p);
  if (letter == '\0' || strchr (SPORTELLO_CODE_LETTERS, letter) == NULL)
    return FALSE;
  p++;

  while (*p == ' ' || *p == '-')
    p++;

  /* Digits, forgiving the look-alike letters a person or a scanner may
   * produce in the number part. */
  for (; *p != '\0' && !g_ascii_isspace (*p); p++)
    {
      int d;

      if (g_ascii_isdigit (*p))
        d = *p - '0';
      else if (*p == 'o' || *p == 'O')
        d = 0;
      else if (*p == 'i' || *p == 'I' || *p == 'l')
        d = 1;
      else
        return FALSE;

      number = number * 10 + d;
      if (++digits > 6)
        return FALSE;
    }

  while (g_ascii_isspace (*p))
    p++;

  if (*p != '\0' || digits == 0 || number <= 0)
    return FALSE;

  if (out_letter != NULL)
    *out_letter = letter;
  if (out_number != NULL)
    *out_number = (int) number;
  return TRUE;
}

char *
sportello_code_normalize (const char *text)
{
  char letter;
  int number;

  if (!sportello_code_parse (text, &letter, &number))
    return NULL;
  return sportello_code_format (letter, number);
}

char *
sportello_code_spell (const char *code)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (code != NULL, NULL);

  for (const char *p = code; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isalnum (c))
        continue;
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append_unichar (out, c);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

SportelloTicket *
sportello_ticket_new (void)
{
  SportelloTicket *ticket = g_new0 (SportelloTicket, 1);

  g_date_clear (&ticket->date, 1);
  ticket->minute = -1;
  return ticket;
}

SportelloTicket *
sportello_ticket_copy (const SportelloTicket *ticket)
{
  SportelloTicket *copy;

  g_return_val_if_fail (ticket != NULL, NULL);

  copy = g_memdup2 (ticket, sizeof *ticket);
  copy->code = g_strdup (ticket->code);
  copy->service_id = g_strdup (ticket->service_id);
  copy->language = g_strdup (ticket->language);
  copy->phone = g_strdup (ticket->phone);
  copy->kiosk_id = g_strdup (ticket->kiosk_id);
  copy->counter = g_strdup (ticket->counter);
  copy->operator_id = g_strdup (ticket->operator_id);
  copy->note = g_strdup (ticket->note);
  return copy;
}

void
sportello_ticket_free (SportelloTicket *ticket)
{
  if (ticket == NULL)
    return;

  g_free (ticket->code);
  g_free (ticket->service_id);
  g_free (ticket->language);
  g_free (ticket->phone);
  g_free (ticket->kiosk_id);
  g_free (ticket->counter);
  g_free (ticket->operator_id);
  g_free (ticket->note);
  g_free (ticket);
}

gboolean
sportello_ticket_is_walk_in (const SportelloTicket *ticket)
{
  g_return_val_if_fail (ticket != NULL, FALSE);
  return ticket->minute < 0;
}

void
sportello_transition_free (SportelloTransition *transition)
{
  if (transition == NULL)
    return;

  g_free (transition->operator_id);
  g_free (transition->counter);
  g_free (transition);
}
