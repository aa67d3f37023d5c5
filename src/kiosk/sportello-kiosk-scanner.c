/* sportello-kiosk-scanner.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sportello-kiosk-scanner.h"

#include <gio/gio.h>
#include <gst/gst.h>

struct _SportelloKioskScanner
{
  GObject     parent_instance;

  char       *source;
  GstElement *pipeline;
  guint       bus_watch;
  char       *last_text;
};

G_DEFINE_FINAL_TYPE (SportelloKioskScanner, sportello_kiosk_scanner, G_TYPE_OBJECT)

enum {
  CODE_READ,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
on_bus_message_cb (GstBus     *bus,
                   GstMessage *message,
                   gpointer    user_data)
{
  SportelloKioskScanner *self = user_data;
  const GstStructure *structure;
  const char *symbol;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) error = NULL;
      gst_message_parse_error (message, &error, NULL);
      g_printerr ("sportello: camera: %s\n", error->message);
      self->bus_watch = 0;  /* removed by returning G_SOURCE_REMOVE */
      sportello_kiosk_scanner_stop (self);
      return G_SOURCE_REMOVE;
    }

  if (GST_MESSAGE_TYPE (message) != GST_MESSAGE_ELEMENT)
    return G_SOURCE_CONTINUE;

  structure = gst_message_get_structure (message);
  if (!gst_structure_has_name (structure, "barcode"))
    return G_SOURCE_CONTINUE;

  symbol = gst_structure_get_string (structure, "symbol");
  if (symbol == NULL || g_strcmp0 (symbol, self->last_text) == 0)
    return G_SOURCE_CONTINUE;

  g_free (self->last_text);
  self->last_text = g_strdup (symbol);
  g_signal_emit (self, signals[CODE_READ], 0, symbol);
  return G_SOURCE_CONTINUE;
}

static void
sportello_kiosk_scanner_dispose (GObject *object)
{
  SportelloKioskScanner *self = SPORTELLO_KIOSK_SCANNER (object);

  sportello_kiosk_scanner_stop (self);

  G_OBJECT_CLASS (sportello_kiosk_scanner_parent_class)->dispose (object);
}

static void
sportello_kiosk_scanner_finalize (GObject *object)
{
  SportelloKioskScanner *self = SPORTELLO_KIOSK_SCANNER (object);

  g_free (self->source);
  g_free (self->last_text);

  G_OBJECT_CLASS (sportello_kiosk_scanner_parent_class)->finalize (object);
}

static void
sportello_kiosk_scanner_class_init (SportelloKioskScannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sportello_kiosk_scanner_dispose;
  object_class->finalize = sportello_kiosk_scanner_finalize;

  signals[CODE_READ] = g_signal_new ("code-read",
                                     G_TYPE_FROM_CLASS (klass),
                                     G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
sportello_kiosk_scanner_init (SportelloKioskScanner *self)
{
}

char *
sportello_kiosk_scanner_find_source (void)
{
  g_autoptr(GstElementFactory) zbar = NULL;
  const char *configured;

  if (!gst_is_initialized ())
    gst_init (NULL, NULL);

  zbar = gst_element_factory_find ("zbar");
  if (zbar == NULL)
    return NULL;

  configured = g_getenv ("SPORTELLO_KIOSK_CAMERA");
  if (configured != NULL && *configured != '\0')
    return g_strdup (configured);

  if (g_file_test ("/dev/video0", G_FILE_TEST_EXISTS))
    {
      g_autoptr(GstElementFactory) v4l2 = gst_element_factory_find ("v4l2src");
      if (v4l2 != NULL)
        return g_strdup ("v4l2src");
    }

  return NULL;
}

SportelloKioskScanner *
sportello_kiosk_scanner_new (const char *source)
{
  SportelloKioskScanner *self = g_object_new (SPORTELLO_TYPE_KIOSK_SCANNER, NULL);

  self->source = g_strdup (source);
  return self;
}

gboolean
sportello_kiosk_scanner_start (SportelloKioskScanner  *self,
                               GError                **error)
{
  g_autofree char *description = NULL;
  g_autoptr(GstBus) bus = NULL;

  g_return_val_if_fail (SPORTELLO_IS_KIOSK_SCANNER (self), FALSE);

  if (self->pipeline != NULL)
    return TRUE;

  g_clear_pointer (&self->last_text, g_free);
  description = g_strdup_printf ("%s ! videoconvert ! zbar ! fakesink sync=false",
                                 self->source);
  self->pipeline = gst_parse_launch (description, error);
  if (self->pipeline == NULL)
    return FALSE;

  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, on_bus_message_cb, self);

  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The camera does not start");
      sportello_kiosk_scanner_stop (self);
      return FALSE;
    }
  return TRUE;
}

void
sportello_kiosk_scanner_stop (SportelloKioskScanner *self)
{
  g_return_if_fail (SPORTELLO_IS_KIOSK_SCANNER (self));

  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->pipeline != NULL)
    {
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      g_clear_object (&self->pipeline);
    }
}
