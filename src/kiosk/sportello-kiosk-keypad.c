/* sportello-kiosk-keypad.c
 *
 * The keys are made in code: which keys exist depends on the mode.  Numbers
 * and codes read left to right in every language, so the keypad keeps an
 * LTR direction inside right-to-left pages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sportello-kiosk-keypad.h"

#include <glib/gi18n.h>

#include "sportello-ticket.h"

struct _SportelloKioskKeypad
{
  GtkWidget                 parent_instance;

  SportelloKioskKeypadMode  mode;
  int                       max_length;
  GString                  *text;
  GtkWidget                *box;
  GtkLabel                 *display;
  char                     *accessible_name;
};

G_DEFINE_FINAL_TYPE (SportelloKioskKeypad, sportello_kiosk_keypad, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_display (SportelloKioskKeypad *self)
{
  g_autoptr(GString) shown = g_string_new (NULL);
  g_autofree char *name = NULL;

  if (self->mode == SPORTELLO_KIOSK_KEYPAD_PIN)
    for (gsize i = 0; i < self->text->len; i++)
      g_string_append (shown, "●");
  else
    g_string_append (shown, self->text->str);

  gtk_label_set_text (self->display, shown->str);

  /* The display's accessible name says what it holds and what is typed. */
  if (self->text->len > 0 && self->mode != SPORTELLO_KIOSK_KEYPAD_PIN)
    name = g_strdup_printf ("%s: %s", self->accessible_name, self->text->str);
  else
    name = g_strdup (self->accessible_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->display),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}

static void
on_key_clicked_cb (GtkButton            *button,
                   SportelloKioskKeypad *self)
{
  const char *key = g_object_get_data (G_OBJECT (button), "key");

  if (g_strcmp0 (key, "backspace") == 0)
    {
      if (self->text->len == 0)
        return;
      g_string_truncate (self->text, self->text->len - 1);
    }
  else
    {
      if ((int) self->text->len >= self->max_length)
        return;
      /* A phone number has at most one "+", at its start. */
      if (g_strcmp0 (key, "+") == 0 && self->text->len > 0)
        return;
      /* A code starts with its letter: a new letter replaces the old one. */
      if (self->mode == SPORTELLO_KIOSK_KEYPAD_CODE && g_ascii_isalpha (key[0]))
        {
          if (self->text->len > 0 && g_ascii_isalpha (self->text->str[0]))
            g_string_erase (self->text, 0, 1);
          g_string_prepend (self->text, key);
        }
      else
        g_string_append (self->text, key);
    }

  update_display (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static GtkWidget *
make_key (SportelloKioskKeypad *self,
          const char           *key,
          const char           *label,
          const char           *accessible_label,
          const char           *css_class)
{
  GtkWidget *button;

  if (g_strcmp0 (key, "backspace") == 0)
    {
      GtkWidget *image = gtk_image_new_from_icon_name ("sportello-backspace");
      gtk_image_set_pixel_size (GTK_IMAGE (image), 48);
      button = gtk_button_new ();
      gtk_button_set_child (GTK_BUTTON (button), image);
      gtk_widget_set_tooltip_text (button, accessible_label);
    }
  else
    button = gtk_button_new_with_label (label);

  gtk_widget_add_css_class (button, css_class);
  gtk_widget_set_hexpand (button, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "key", g_strdup (key), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_key_clicked_cb), self);
  return button;
}

static void
build (SportelloKioskKeypad *self)
{
  static const char *digits[] = { "1", "2", "3", "4", "5", "6", "7", "8", "9" };
  GtkWidget *grid;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_set_direction (self->box, GTK_TEXT_DIR_LTR);

  self->display = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->display), "keypad-display");
  gtk_label_set_xalign (self->display, 0.5);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->display));

  if (self->mode == SPORTELLO_KIOSK_KEYPAD_CODE)
    {
      GtkWidget *letters = gtk_grid_new ();
      const char *l = SPORTELLO_CODE_LETTERS;

      gtk_grid_set_row_spacing (GTK_GRID (letters), 8);
      gtk_grid_set_column_spacing (GTK_GRID (letters), 8);
      gtk_grid_set_column_homogeneous (GTK_GRID (letters), TRUE);
      for (int i = 0; l[i] != '\0'; i++)
        {
          char key[2] = { l[i], '\0' };
          gtk_grid_attach (GTK_GRID (letters),
                           make_key (self, key, key, key, "letter-key"),
                           i % 8, i / 8, 1, 1);
        }
      gtk_box_append (GTK_BOX (self->box), letters);
    }

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  for (int i = 0; i < 9; i++)
    gtk_grid_attach (GTK_GRID (grid),
                     make_key (self, digits[i], digits[i], digits[i], "key"),
                     i % 3, i / 3, 1, 1);
  if (self->mode == SPORTELLO_KIOSK_KEYPAD_PHONE)
    /* Translators: the accessible name of the "+" key of the phone keypad */
    gtk_grid_attach (GTK_GRID (grid), make_key (self, "+", "+", _("Plus"), "key"), 0, 3, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), make_key (self, "0", "0", "0", "key"), 1, 3, 1, 1);
  gtk_grid_attach (GTK_GRID (grid),
                   make_key (self, "backspace", NULL, _("Delete the last character"), "key"),
                   2, 3, 1, 1);
  gtk_box_append (GTK_BOX (self->box), grid);

  update_display (self);
}

static void
sportello_kiosk_keypad_dispose (GObject *object)
{
  SportelloKioskKeypad *self = SPORTELLO_KIOSK_KEYPAD (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (sportello_kiosk_keypad_parent_class)->dispose (object);
}

static void
sportello_kiosk_keypad_finalize (GObject *object)
{
  SportelloKioskKeypad *self = SPORTELLO_KIOSK_KEYPAD (object);

  g_string_free (self->text, TRUE);
  g_free (self->accessible_name);

  G_OBJECT_CLASS (sportello_kiosk_keypad_parent_class)->finalize (object);
}

static void
sportello_kiosk_keypad_class_init (SportelloKioskKeypadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sportello_kiosk_keypad_dispose;
  object_class->finalize = sportello_kiosk_keypad_finalize;

  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sportello_kiosk_keypad_init (SportelloKioskKeypad *self)
{
  self->text = g_string_new (NULL);
}

GtkWidget *
sportello_kiosk_keypad_new (SportelloKioskKeypadMode  mode,
                            const char               *accessible_name,
                            int                       max_length)
{
  SportelloKioskKeypad *self = g_object_new (SPORTELLO_TYPE_KIOSK_KEYPAD, NULL);

  self->mode = mode;
  self->max_length = max_length;
  self->accessible_name = g_strdup (accessible_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name,
                                  -1);
  build (self);
  return GTK_WIDGET (self);
}

const char *
sportello_kiosk_keypad_get_text (SportelloKioskKeypad *self)
{
  g_return_val_if_fail (SPORTELLO_IS_KIOSK_KEYPAD (self), NULL);
  return self->text->str;
}

void
sportello_kiosk_keypad_set_text (SportelloKioskKeypad *self,
                                 const char           *text)
{
  g_return_if_fail (SPORTELLO_IS_KIOSK_KEYPAD (self));

  g_string_assign (self->text, text != NULL ? text : "");
  update_display (self);
}
