/* sportello-kiosk-keypad.h: an on-screen keypad with its own display, for
 * phone numbers, ticket codes and the staff PIN (no keyboard needed)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  SPORTELLO_KIOSK_KEYPAD_PHONE,  /* digits and "+" */
  SPORTELLO_KIOSK_KEYPAD_CODE,   /* ticket code letters and digits */
  SPORTELLO_KIOSK_KEYPAD_PIN,    /* digits, shown as dots */
} SportelloKioskKeypadMode;

#define SPORTELLO_TYPE_KIOSK_KEYPAD (sportello_kiosk_keypad_get_type ())
G_DECLARE_FINAL_TYPE (SportelloKioskKeypad, sportello_kiosk_keypad, SPORTELLO, KIOSK_KEYPAD, GtkWidget)

/* accessible_name names the display ("Phone number"); max_length in characters. */
GtkWidget  *sportello_kiosk_keypad_new      (SportelloKioskKeypadMode  mode,
                                             const char               *accessible_name,
                                             int                       max_length);
const char *sportello_kiosk_keypad_get_text (SportelloKioskKeypad     *self);
void        sportello_kiosk_keypad_set_text (SportelloKioskKeypad     *self,
                                             const char               *text);

G_END_DECLS
