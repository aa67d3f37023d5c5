/* sportello-ticket.h: tickets, their states and ticket codes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Letters that cannot be mistaken for a digit or for each other when read
 * aloud or printed: no I (1), no O (0), no Q (O). */
#define SPORTELLO_CODE_LETTERS "ABCDEFGHJKLMNPRSTUVWXYZ"

/* Life of a ticket:
 *
 *   BOOKED ──arrive──▶ ARRIVED ─┐
 *     │                          ├─call─▶ CALLED ─serve─▶ SERVING ─▶ DONE | REFERRED | CANCELLED
 *   WAITING (walk-in) ───────────┘          │ (recall: CALLED again)
 *   BOOKED, ARRIVED, WAITING, CALLED ─▶ NO_SHOW | CANCELLED
 *   end of day: BOOKED, ARRIVED, WAITING, CALLED ─▶ NOT_SERVED
 *
 * Values are stored in the database: append only, never renumber. */
typedef enum
{
  SPORTELLO_STATE_BOOKED = 0,     /* appointment made, person not yet here */
  SPORTELLO_STATE_ARRIVED = 1,    /* checked in at the kiosk */
  SPORTELLO_STATE_WAITING = 2,    /* walk-in number taken */
  SPORTELLO_STATE_CALLED = 3,
  SPORTELLO_STATE_SERVING = 4,
  SPORTELLO_STATE_DONE = 5,
  SPORTELLO_STATE_NO_SHOW = 6,
  SPORTELLO_STATE_CANCELLED = 7,
  SPORTELLO_STATE_REFERRED = 8,   /* to the second-level integrated taking-charge */
  SPORTELLO_STATE_NOT_SERVED = 9, /* still open when the day was closed */
} SportelloState;

#define SPORTELLO_N_STATES 10

/* The professional of a second-level referral. Stored: append only. */
typedef enum
{
  SPORTELLO_PROFESSIONAL_NONE = 0,
  SPORTELLO_PROFESSIONAL_SOCIAL_WORKER = 1,
  SPORTELLO_PROFESSIONAL_EMPLOYMENT_OPERATOR = 2,  /* CPI operator */
  SPORTELLO_PROFESSIONAL_MEDIATOR = 3,             /* intercultural mediator */
  SPORTELLO_PROFESSIONAL_LABOUR_POLICY_EXPERT = 4,
} SportelloProfessional;

/* Stable machine names: "booked", "arrived", "waiting", "called", "serving",
 * "done", "no-show", "cancelled", "referred", "not-served". */
const char *sportello_state_to_string        (SportelloState state);
gboolean    sportello_state_from_string      (const char     *name,
                                              SportelloState *out_state);
/* Untranslated English label (msgid) for display through _(). */
const char *sportello_state_get_label        (SportelloState state);
gboolean    sportello_state_is_open          (SportelloState state); /* not yet finished */
/* Whether from -> to is a legal transition (CALLED -> CALLED is a recall). */
gboolean    sportello_state_can_transition   (SportelloState from,
                                              SportelloState to);

/* "social-worker", "employment-operator", "mediator", "labour-policy-expert" */
const char *sportello_professional_to_string   (SportelloProfessional professional);
gboolean    sportello_professional_from_string (const char            *name,
                                                SportelloProfessional *out_professional);
const char *sportello_professional_get_label   (SportelloProfessional professional);

/* Ticket codes: a letter from SPORTELLO_CODE_LETTERS, a hyphen and a
 * number without leading zeros: "A-12".  Parsing is lenient about case,
 * spaces and a missing hyphen ("a12", "A 12") and maps o/O to 0 and i/I/l to
 * 1 in the number, so a code typed or read from a QR code normalises. */
char       *sportello_code_format     (char  letter,
                                       int   number);
gboolean    sportello_code_parse      (const char *text,
                                       char       *out_letter,
                                       int        *out_number);
/* Normalised "A-12", or NULL when text is not a code. */
char       *sportello_code_normalize  (const char *text);
/* "A, 1, 2": the code spelled character by character for speech. */
char       *sportello_code_spell      (const char *code);

#define SPORTELLO_TYPE_TICKET (sportello_ticket_get_type ())

typedef struct
{
  char                 *code;            /* "A-12", unique per day */
  char                 *service_id;
  GDate                 date;            /* day of the appointment or walk-in */
  int                   minute;          /* slot start since local midnight; -1 for walk-in */
  int                   number;          /* per service per day, shared by booked and walk-in */
  char                 *language;        /* language code, "ar" */
  gboolean              needs_mediator;
  char                 *phone;           /* optional, NULL when none or purged */
  char                 *kiosk_id;        /* NULL when booked from the CLI or a desk */
  SportelloState        state;
  gint64                created_at;      /* unix seconds */
  gint64                changed_at;      /* unix seconds of the last transition */
  char                 *counter;         /* counter it was called to, NULL before */
  char                 *operator_id;     /* operator of the last transition */
  SportelloProfessional professional;    /* when REFERRED */
  char                 *note;            /* short referral note, purged like the phone */
} SportelloTicket;

GType            sportello_ticket_get_type (void) G_GNUC_CONST;
SportelloTicket *sportello_ticket_new      (void);
SportelloTicket *sportello_ticket_copy     (const SportelloTicket *ticket);
void             sportello_ticket_free     (SportelloTicket *ticket);
gboolean         sportello_ticket_is_walk_in (const SportelloTicket *ticket);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SportelloTicket, sportello_ticket_free)

/* One row of a ticket's history. */
typedef struct
{
  SportelloState from;
  SportelloState to;
  gint64         at;           /* unix seconds */
  char          *operator_id;  /* NULL for the kiosk or the system */
  char          *counter;
} SportelloTransition;

void sportello_transition_free (SportelloTransition *transition);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SportelloTransition, sportello_transition_free)

G_END_DECLS
