/* test-ticket.c: ticket codes and the state machine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sportello.h"

static void
test_code_alphabet (void)
{
  /* No letter that reads as a digit or as another letter. */
  g_assert_null (strchr (SPORTELLO_CODE_LETTERS, 'I'));
  g_assert_null (strchr (SPORTELLO_CODE_LETTERS, 'O'));
  g_assert_null (strchr (SPORTELLO_CODE_LETTERS, 'Q'));
  for (const char *p = SPORTELLO_CODE_LETTERS; *p; p++)
    {
      g_assert_true (g_ascii_isupper (*p));
      g_assert_null (strchr (p + 1, *p));
    }
}

static void
test_code_format_parse (void)
{
  struct { const char *text; const char *normal; } cases[] = {
    { "A-12", "A-12" },
    { "a12", "A-12" },
    { " b - 7 ", "B-7" },
    { "C 1O", "C-10" },     /* a typed O in the number is a zero */
    { "D-l2", "D-12" },     /* a lower-case l is a one */
    { "Z-999999", "Z-999999" },
    { "O-12", NULL },       /* O is not a code letter */
    { "I-3", NULL },
    { "A-", NULL },
    { "A-0", NULL },
    { "A-1234567", NULL },
    { "A-12x", NULL },
    { "12", NULL },
    { "", NULL },
    { "Ä-1", NULL },
  };

  for (unsigned i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *normal = sportello_code_normalize (cases[i].text);
      g_assert_cmpstr (normal, ==, cases[i].normal);
    }

  for (const char *p = SPORTELLO_CODE_LETTERS; *p; p++)
    for (int n = 1; n < 200; n += 7)
      {
        g_autofree char *code = sportello_code_format (*p, n);
        char letter;
        int number;

        g_assert_true (sportello_code_parse (code, &letter, &number));
        g_assert_cmpint (letter, ==, *p);
        g_assert_cmpint (number, ==, n);
      }
}

static void
test_code_spell (void)
{
  g_autofree char *spelled = sportello_code_spell ("A-12");
  g_autofree char *spelled2 = sportello_code_spell ("K-305");

  g_assert_cmpstr (spelled, ==, "A, 1, 2");
  g_assert_cmpstr (spelled2, ==, "K, 3, 0, 5");
}

static void
test_state_names (void)
{
  for (int s = 0; s < SPORTELLO_N_STATES; s++)
    {
      SportelloState back;

      g_assert_true (sportello_state_from_string (sportello_state_to_string (s), &back));
      g_assert_cmpint (back, ==, s);
      g_assert_nonnull (sportello_state_get_label (s));
    }
}

static void
test_state_machine (void)
{
  /* Every allowed move, spelled out; everything else must be refused. */
  static const SportelloState allowed[][2] = {
    { SPORTELLO_STATE_BOOKED, SPORTELLO_STATE_ARRIVED },
    { SPORTELLO_STATE_BOOKED, SPORTELLO_STATE_CALLED },
    { SPORTELLO_STATE_BOOKED, SPORTELLO_STATE_NO_SHOW },
    { SPORTELLO_STATE_BOOKED, SPORTELLO_STATE_CANCELLED },
    { SPORTELLO_STATE_BOOKED, SPORTELLO_STATE_NOT_SERVED },
    { SPORTELLO_STATE_ARRIVED, SPORTELLO_STATE_CALLED },
    { SPORTELLO_STATE_ARRIVED, SPORTELLO_STATE_NO_SHOW },
    { SPORTELLO_STATE_ARRIVED, SPORTELLO_STATE_CANCELLED },
    { SPORTELLO_STATE_ARRIVED, SPORTELLO_STATE_NOT_SERVED },
    { SPORTELLO_STATE_WAITING, SPORTELLO_STATE_CALLED },
    { SPORTELLO_STATE_WAITING, SPORTELLO_STATE_NO_SHOW },
    { SPORTELLO_STATE_WAITING, SPORTELLO_STATE_CANCELLED },
    { SPORTELLO_STATE_WAITING, SPORTELLO_STATE_NOT_SERVED },
    { SPORTELLO_STATE_CALLED, SPORTELLO_STATE_CALLED },
    { SPORTELLO_STATE_CALLED, SPORTELLO_STATE_SERVING },
    { SPORTELLO_STATE_CALLED, SPORTELLO_STATE_NO_SHOW },
    { SPORTELLO_STATE_CALLED, SPORTELLO_STATE_CANCELLED },
    { SPORTELLO_STATE_CALLED, SPORTELLO_STATE_NOT_SERVED },
    { SPORTELLO_STATE_SERVING, SPORTELLO_STATE_DONE },
    { SPORTELLO_STATE_SERVING, SPORTELLO_STATE_REFERRED },
    { SPORTELLO_STATE_SERVING, SPORTELLO_STATE_CANCELLED },
  };

  for (int from = 0; from < SPORTELLO_N_STATES; from++)
    for (int to = 0; to < SPORTELLO_N_STATES; to++)
      {
        gboolean expected = FALSE;

        for (unsigned i = 0; i < G_N_ELEMENTS (allowed); i++)
          if (allowed[i][0] == (SportelloState) from && allowed[i][1] == (SportelloState) to)
            expected = TRUE;

        if (sportello_state_can_transition (from, to) != expected)
          g_error ("%s -> %s should be %s",
                   sportello_state_to_string (from), sportello_state_to_string (to),
                   expected ? "allowed" : "refused");
      }

  /* Finished states are final; open states are exactly the unfinished. */
  g_assert_false (sportello_state_is_open (SPORTELLO_STATE_DONE));
  g_assert_false (sportello_state_is_open (SPORTELLO_STATE_REFERRED));
  g_assert_true (sportello_state_is_open (SPORTELLO_STATE_ARRIVED));
  g_assert_false (sportello_state_can_transition (SPORTELLO_N_STATES, SPORTELLO_STATE_DONE));
}

static void
test_professionals (void)
{
  SportelloProfessional p;

  g_assert_true (sportello_professional_from_string ("social-worker", &p));
  g_assert_cmpint (p, ==, SPORTELLO_PROFESSIONAL_SOCIAL_WORKER);
  g_assert_true (sportello_professional_from_string ("labour-policy-expert", &p));
  g_assert_cmpint (p, ==, SPORTELLO_PROFESSIONAL_LABOUR_POLICY_EXPERT);
  g_assert_false (sportello_professional_from_string ("doctor", &p));
}

static void
test_ticket_copy (void)
{
  g_autoptr(SportelloTicket) ticket = sportello_ticket_new ();
  g_autoptr(SportelloTicket) copy = NULL;

  ticket->code = g_strdup ("A-1");
  ticket->phone = g_strdup ("+39333");
  g_date_set_dmy (&ticket->date, 2, G_DATE_MARCH, 2026);
  copy = sportello_ticket_copy (ticket);
  g_assert_cmpstr (copy->code, ==, "A-1");
  g_assert_true (copy->code != ticket->code);
  g_assert_cmpint (g_date_compare (&copy->date, &ticket->date), ==, 0);
  g_assert_true (sportello_ticket_is_walk_in (copy));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ticket/code-alphabet", test_code_alphabet);
  g_test_add_func ("/ticket/code-format-parse", test_code_format_parse);
  g_test_add_func ("/ticket/code-spell", test_code_spell);
  g_test_add_func ("/ticket/state-names", test_state_names);
  g_test_add_func ("/ticket/state-machine", test_state_machine);
  g_test_add_func ("/ticket/professionals", test_professionals);
  g_test_add_func ("/ticket/copy", test_ticket_copy);

  return g_test_run ();
}
