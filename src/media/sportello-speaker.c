/* sportello-speaker.c: read-aloud and chimes through GStreamer
 *
 * Playback is organised in runs of parts.  A part is a recorded clip
 * (through uridecodebin) or a text for the espeak element; each plays in a
 * pipeline of its own, converted to one fixed format, through a volume
 * element to the sink.  Speech runs wait behind a playing chime run; a new
 * speech replaces the old one.  Everything happens on the main loop through
 * a bus watch.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sportello-speaker.h"

#include <string.h>

#include <gst/gst.h>

typedef struct
{
  char *uri;       /* a recorded clip or a chime, or NULL */
  char *voice;     /* espeak-ng voice when uri is NULL */
  char *text;
} Part;

typedef struct
{
  GPtrArray *parts; /* of Part */
  unsigned   index; /* the part playing */
  gboolean   is_chime;
} Run;

typedef enum
{
  DEVICE_UNKNOWN,
  DEVICE_NONE,
  DEVICE_WORKS,
} DeviceState;

struct _SportelloSpeaker
{
  GObject      parent_instance;

  char        *assets_dir;
  char        *output_file;
  double       volume;

  Run         *current;
  GQueue       queue;          /* of Run, waiting behind current */
  GstElement  *pipeline;
  GstElement  *volume_element;
  GstElement  *sink;
  guint        bus_watch_id;
  gboolean     using_device;
  gboolean     output_raw;     /* raw samples written, header missing */
  DeviceState  device;

  gboolean     playing;
};

G_DEFINE_FINAL_TYPE (SportelloSpeaker, sportello_speaker, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PLAYING,
  PROP_VOLUME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Every source is brought to this format, so that the parts of a run make
 * one WAV stream whatever the clips were recorded in. */
#define SPEAKER_RATE 44100
#define SPEAKER_CHANNELS 1
#define SPEAKER_CAPS "audio/x-raw,format=S16LE,layout=interleaved,rate=44100,channels=1"

static const char *const clip_extensions[] = { "ogg", "oga", "wav", NULL };

/* Macrolanguages whose espeak-ng voices carry the individual language's
 * code: the language of the interface, then the voice languages it may use. */
static const struct
{
  const char *language;
  const char *voice_languages[4];
} macrolanguages[] = {
  { "zh", { "cmn", "yue", "hak", NULL } },
  { "ms", { "zsm", NULL } },
  { "fa", { "pes", NULL } },
};

static void
part_free (Part *part)
{
  g_free (part->uri);
  g_free (part->voice);
  g_free (part->text);
  g_free (part);
}

static Run *
run_new (gboolean is_chime)
{
  Run *run = g_new0 (Run, 1);

  run->parts = g_ptr_array_new_with_free_func ((GDestroyNotify) part_free);
  run->is_chime = is_chime;
  return run;
}

static void
run_free (Run *run)
{
  if (run == NULL)
    return;
  g_ptr_array_unref (run->parts);
  g_free (run);
}

static void
run_add (Run        *run,
         const char *uri,
         const char *voice,
         const char *text)
{
  Part *part = g_new0 (Part, 1);

  part->uri = g_strdup (uri);
  part->voice = g_strdup (voice);
  part->text = g_strdup (text);
  g_ptr_array_add (run->parts, part);
}

/* "zh_CN" -> "zh", "en-gb" -> "en" */
static char *
primary_subtag (const char *code)
{
  size_t len = strcspn (code, "_-.@");

  return g_ascii_strdown (code, (gssize) len);
}

static void
add_voice_files (GPtrArray  *list,
                 const char *folder,
                 int         depth)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  if (dir == NULL || depth > 3)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        add_voice_files (list, path, depth + 1);
      else
        g_ptr_array_add (list, g_ascii_strdown (name, -1));
    }
}

/* The voice names the espeak element really selects, read once per
 * process.  espeak-ng selects a voice by its file's name ("it", "cmn",
 * "en-us", "es-419"); a name it does not know silently gives the default
 * English voice, so a guess like "fr-fr" would read French in English.
 * The element's own list only gives languages, so it is the fallback when
 * espeak-ng's data folder is not where Debian puts it. */
static GPtrArray *
installed_voices (void)
{
  static GPtrArray *voices;

  if (g_once_init_enter (&voices))
    {
      GPtrArray *list = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GstElement) espeak = gst_element_factory_make ("espeak", NULL);
      const char *env = g_getenv ("ESPEAK_DATA_PATH");
      g_autoptr(GPtrArray) folders = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GDir) lib = g_dir_open ("/usr/lib", 0, NULL);
      const char *name;

      if (env != NULL && *env != '\0')
        g_ptr_array_add (folders, g_build_filename (env, "espeak-ng-data", "lang", NULL));
      while (lib != NULL && (name = g_dir_read_name (lib)) != NULL)
        g_ptr_array_add (folders, g_build_filename ("/usr/lib", name, "espeak-ng-data", "lang", NULL));
      g_ptr_array_add (folders, g_strdup ("/usr/lib/espeak-ng-data/lang"));
      g_ptr_array_add (folders, g_strdup ("/usr/share/espeak-ng-data/lang"));
      g_ptr_array_add (folders, g_strdup ("/usr/local/share/espeak-ng-data/lang"));

      if (espeak != NULL)
        {
          g_object_ref_sink (espeak);
          for (unsigned int i = 0; i < folders->len && list->len == 0; i++)
            add_voice_files (list, g_ptr_array_index (folders, i), 0);
        }

      if (espeak != NULL && list->len == 0)
        {
          GValueArray *array = NULL;

          g_object_get (espeak, "voices", &array, NULL);
          G_GNUC_BEGIN_IGNORE_DEPRECATIONS
          for (unsigned int i = 0; array != NULL && i < array->n_values; i++)
            {
              GValue *entry = g_value_array_get_nth (array, i);
              GValueArray *fields;
              const char *language;

              if (!G_VALUE_HOLDS (entry, g_value_array_get_type ()))
                continue;
              fields = g_value_get_boxed (entry);
              if (fields == NULL || fields->n_values < 2
                  || !G_VALUE_HOLDS_STRING (g_value_array_get_nth (fields, 1)))
                continue;
              language = g_value_get_string (g_value_array_get_nth (fields, 1));
              if (language != NULL && *language != '\0')
                g_ptr_array_add (list, g_ascii_strdown (language, -1));
            }
          if (array != NULL)
            g_value_array_free (array);
          G_GNUC_END_IGNORE_DEPRECATIONS
        }
      g_once_init_leave (&voices, list);
    }
  return voices;
}

/* Whether voice is an installed espeak-ng voice that speaks language
 * itself, not a neighbour's. */
static gboolean
voice_speaks_language (const char *voice,
                       const char *language)
{
  GPtrArray *voices;
  g_autofree char *lower = NULL;
  g_autofree char *want = NULL;
  g_autofree char *have = NULL;
  gboolean found = FALSE;

  if (voice == NULL || *voice == '\0' || language == NULL || *language == '\0')
    return FALSE;

  lower = g_ascii_strdown (voice, -1);
  voices = installed_voices ();
  for (unsigned int i = 0; i < voices->len && !found; i++)
    found = strcmp (g_ptr_array_index (voices, i), lower) == 0;
  if (!found)
    return FALSE;

  want = primary_subtag (language);
  have = primary_subtag (lower);
  if (strcmp (want, have) == 0)
    return TRUE;
  for (size_t i = 0; i < G_N_ELEMENTS (macrolanguages); i++)
    {
      if (strcmp (macrolanguages[i].language, want) != 0)
        continue;
      for (size_t j = 0; macrolanguages[i].voice_languages[j] != NULL; j++)
        if (strcmp (macrolanguages[i].voice_languages[j], have) == 0)
          return TRUE;
    }
  return FALSE;
}

/* Language codes name folders: refuse anything that could leave them. */
static gboolean
is_safe_name (const char *name)
{
  if (name == NULL || *name == '\0' || strcmp (name, ".") == 0 || strcmp (name, "..") == 0)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-' && *p != '@' && *p != '.')
      return FALSE;
  return TRUE;
}

static gboolean
has_clip_extension (const char *name)
{
  for (size_t i = 0; clip_extensions[i] != NULL; i++)
    {
      g_autofree char *suffix = g_strconcat (".", clip_extensions[i], NULL);

      if (g_str_has_suffix (name, suffix) && strlen (name) > strlen (suffix))
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_clip_folder (SportelloSpeaker *self,
                 const char       *language)
{
  g_autofree char *folder = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (self->assets_dir == NULL || !is_safe_name (language))
    return FALSE;
  folder = g_build_filename (self->assets_dir, "audio", language, NULL);
  dir = g_dir_open (folder, 0, NULL);
  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (has_clip_extension (name))
      return TRUE;
  return FALSE;
}

/* The file URI of assets/SUBDIR/NAME.{ogg,oga,wav}, or NULL. */
static char *
find_sound (SportelloSpeaker *self,
            const char       *subdir,
            const char       *name)
{
  if (self->assets_dir == NULL || !is_safe_name (name))
    return NULL;
  for (size_t i = 0; clip_extensions[i] != NULL; i++)
    {
      g_autofree char *file = g_strconcat (name, ".", clip_extensions[i], NULL);
      g_autofree char *path = g_build_filename (self->assets_dir, subdir, file, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return gst_filename_to_uri (path, NULL);
    }
  return NULL;
}

static void
set_playing (SportelloSpeaker *self,
             gboolean          playing)
{
  if (self->playing == playing)
    return;
  self->playing = playing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

/* Whether the default audio sink reaches a real device.  autoaudiosink
 * falls back to a fake sink itself when nothing opens; treat that, and a
 * failure to open, as "no device". */
static DeviceState
probe_device (void)
{
  g_autoptr(GstElement) sink = gst_element_factory_make ("autoaudiosink", NULL);
  DeviceState state = DEVICE_NONE;

  if (sink == NULL)
    return DEVICE_NONE;
  g_object_ref_sink (sink);
  if (gst_element_set_state (sink, GST_STATE_READY) != GST_STATE_CHANGE_FAILURE)
    {
      GstIterator *it = gst_bin_iterate_sinks (GST_BIN (sink));
      GValue item = G_VALUE_INIT;

      if (gst_iterator_next (it, &item) == GST_ITERATOR_OK)
        {
          GstElement *actual = g_value_get_object (&item);
          GstElementFactory *factory = gst_element_get_factory (actual);

          if (factory != NULL
              && g_strcmp0 (gst_plugin_feature_get_name (GST_PLUGIN_FEATURE (factory)), "fakesink") != 0)
            state = DEVICE_WORKS;
          g_value_unset (&item);
        }
      gst_iterator_free (it);
    }
  gst_element_set_state (sink, GST_STATE_NULL);
  return state;
}

static GstElement *
make_sink (SportelloSpeaker *self)
{
  GstElement *sink;

  self->using_device = FALSE;
  if (self->output_file != NULL)
    {
      /* Raw samples; finish_output_file() adds the header. */
      sink = gst_element_factory_make ("filesink", NULL);
      if (sink != NULL)
        g_object_set (sink,
                      "location", self->output_file,
                      "append", self->current != NULL && self->current->index > 0,
                      "sync", FALSE,
                      NULL);
      return sink;
    }

  if (self->device == DEVICE_UNKNOWN)
    self->device = probe_device ();
  if (self->device == DEVICE_WORKS)
    {
      sink = gst_element_factory_make ("autoaudiosink", NULL);
      if (sink != NULL)
        {
          self->using_device = TRUE;
          return sink;
        }
    }
  /* No device: stay silent but keep real time, so "playing" lasts as
   * long as the speech would. */
  sink = gst_element_factory_make ("fakesink", NULL);
  if (sink != NULL)
    g_object_set (sink, "sync", TRUE, NULL);
  return sink;
}

static void
on_decodebin_pad_added_cb (GstElement *decodebin,
                           GstPad     *pad,
                           GstElement *convert)
{
  g_autoptr(GstPad) sinkpad = gst_element_get_static_pad (convert, "sink");
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  const GstStructure *structure;

  if (gst_pad_is_linked (sinkpad))
    return;
  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  structure = gst_caps_get_structure (caps, 0);
  if (structure != NULL && g_str_has_prefix (gst_structure_get_name (structure), "audio/"))
    gst_pad_link (pad, sinkpad);
}

/* source ! audioconvert ! audioresample ! capsfilter ! volume ! sink */
static gboolean
build_part (SportelloSpeaker *self,
            GstBin           *bin,
            Part             *part)
{
  GstElement *source;
  GstElement *convert = gst_element_factory_make ("audioconvert", NULL);
  GstElement *resample = gst_element_factory_make ("audioresample", NULL);
  GstElement *filter = gst_element_factory_make ("capsfilter", NULL);
  GstElement *volume = gst_element_factory_make ("volume", NULL);
  GstElement *sink = make_sink (self);
  g_autoptr(GstCaps) caps = gst_caps_from_string (SPEAKER_CAPS);

  if (part->uri != NULL)
    {
      source = gst_element_factory_make ("uridecodebin", NULL);
      if (source != NULL)
        {
          g_object_set (source, "uri", part->uri, NULL);
          g_signal_connect_object (source, "pad-added",
                                   G_CALLBACK (on_decodebin_pad_added_cb),
                                   convert, 0);
        }
    }
  else
    {
      source = gst_element_factory_make ("espeak", NULL);
      if (source != NULL)
        g_object_set (source, "voice", part->voice, "text", part->text, NULL);
    }

  if (source == NULL || convert == NULL || resample == NULL || filter == NULL
      || volume == NULL || sink == NULL)
    {
      g_message ("Speech needs GStreamer's base plugins and the espeak element");
      g_clear_pointer (&source, gst_object_unref);
      g_clear_pointer (&convert, gst_object_unref);
      g_clear_pointer (&resample, gst_object_unref);
      g_clear_pointer (&filter, gst_object_unref);
      g_clear_pointer (&volume, gst_object_unref);
      g_clear_pointer (&sink, gst_object_unref);
      return FALSE;
    }

  g_object_set (filter, "caps", caps, NULL);
  g_object_set (volume, "volume", self->volume, NULL);
  gst_bin_add_many (bin, source, convert, resample, filter, volume, sink, NULL);
  self->volume_element = volume;
  self->sink = sink;
  if ((part->uri == NULL && !gst_element_link (source, convert))
      || !gst_element_link_many (convert, resample, filter, volume, sink, NULL))
    {
      g_message ("Cannot link the speech pipeline");
      return FALSE;
    }
  return TRUE;
}

static void
put_le32 (guint8  *p,
          guint32  v)
{
  p[0] = v & 0xff;
  p[1] = (v >> 8) & 0xff;
  p[2] = (v >> 16) & 0xff;
  p[3] = (v >> 24) & 0xff;
}

static void
put_le16 (guint8  *p,
          guint16  v)
{
  p[0] = v & 0xff;
  p[1] = (v >> 8) & 0xff;
}

/* The parts of a run are appended to the output file as raw samples in
 * SPEAKER_CAPS; once the run ends the file gets its WAV header. */
static void
finish_output_file (SportelloSpeaker *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *raw = NULL;
  g_autofree guint8 *wav = NULL;
  size_t length = 0;
  guint32 data_len;

  if (self->output_file == NULL || !self->output_raw)
    return;
  self->output_raw = FALSE;
  if (!g_file_get_contents (self->output_file, &raw, &length, &error))
    {
      g_message ("Cannot finish %s: %s", self->output_file, error->message);
      return;
    }
  data_len = (guint32) MIN (length & ~(size_t) 1, G_MAXUINT32 - 44);
  wav = g_malloc (44 + (size_t) data_len);
  memcpy (wav, "RIFF", 4);
  put_le32 (wav + 4, 36 + data_len);
  memcpy (wav + 8, "WAVEfmt ", 8);
  put_le32 (wav + 16, 16);
  put_le16 (wav + 20, 1);                          /* PCM */
  put_le16 (wav + 22, SPEAKER_CHANNELS);
  put_le32 (wav + 24, SPEAKER_RATE);
  put_le32 (wav + 28, SPEAKER_RATE * SPEAKER_CHANNELS * 2);
  put_le16 (wav + 32, SPEAKER_CHANNELS * 2);
  put_le16 (wav + 34, 16);
  memcpy (wav + 36, "data", 4);
  put_le32 (wav + 40, data_len);
  memcpy (wav + 44, raw, data_len);
  if (!g_file_set_contents (self->output_file, (const char *) wav,
                            (gssize) (44 + (size_t) data_len), &error))
    g_message ("Cannot finish %s: %s", self->output_file, error->message);
}

static void
teardown_pipeline (SportelloSpeaker *self)
{
  g_clear_handle_id (&self->bus_watch_id, g_source_remove);
  if (self->pipeline != NULL)
    {
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      g_clear_object (&self->pipeline);
    }
  self->volume_element = NULL;
  self->sink = NULL;
}

/* Stops the current run for good. */
static void
end_run (SportelloSpeaker *self)
{
  teardown_pipeline (self);
  finish_output_file (self);
  g_clear_pointer (&self->current, run_free);
}

static gboolean start_part (SportelloSpeaker *self);
static void start_next_run (SportelloSpeaker *self);

/* The next part of the current run, or the next run. */
static void
advance (SportelloSpeaker *self)
{
  teardown_pipeline (self);
  while (self->current != NULL)
    {
      self->current->index++;
      if (self->current->index >= self->current->parts->len)
        break;
      if (start_part (self))
        return;
    }
  end_run (self);
  start_next_run (self);
}

static gboolean
on_bus_message_cb (GstBus     *bus,
                   GstMessage *message,
                   gpointer    user_data)
{
  SportelloSpeaker *self = SPORTELLO_SPEAKER (user_data);

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_EOS:
      /* This watch goes with the pipeline. */
      self->bus_watch_id = 0;
      advance (self);
      return G_SOURCE_REMOVE;

    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *debug = NULL;
        gboolean from_sink = self->sink != NULL
          && (GST_MESSAGE_SRC (message) == GST_OBJECT (self->sink)
              || gst_object_has_as_ancestor (GST_MESSAGE_SRC (message),
                                             GST_OBJECT (self->sink)));

        gst_message_parse_error (message, &error, &debug);
        self->bus_watch_id = 0;
        teardown_pipeline (self);
        if (from_sink && self->using_device)
          {
            /* The device went away: the same part again, silently. */
            g_debug ("Audio device failed (%s); using a fake sink", error->message);
            self->device = DEVICE_NONE;
            if (start_part (self))
              return G_SOURCE_REMOVE;
          }
        else
          g_message ("Cannot play speech: %s", error->message);
        advance (self);
        return G_SOURCE_REMOVE;
      }

    case GST_MESSAGE_WARNING:
      {
        g_autoptr(GError) error = NULL;

        gst_message_parse_warning (message, &error, NULL);
        g_debug ("GStreamer: %s", error->message);
      }
      break;

    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

/* Builds and starts the pipeline of the current part of self->current.
 * espeak-ng is one engine per process and two espeak elements alive at
 * once wait for each other forever, so each part has its own pipeline,
 * started only when the one before is gone. */
static gboolean
start_part (SportelloSpeaker *self)
{
  g_autoptr(GstBus) bus = NULL;
  Part *part;

  g_assert (self->pipeline == NULL);
  g_assert (self->current != NULL && self->current->index < self->current->parts->len);

  part = g_ptr_array_index (self->current->parts, self->current->index);
  self->pipeline = gst_object_ref_sink (gst_pipeline_new ("sportello-speaker"));
  if (!build_part (self, GST_BIN (self->pipeline), part))
    {
      teardown_pipeline (self);
      return FALSE;
    }

  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch_id = gst_bus_add_watch (bus, on_bus_message_cb, self);

  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      gboolean retry = self->using_device;

      teardown_pipeline (self);
      if (retry)
        {
          g_debug ("Audio device does not start; using a fake sink");
          self->device = DEVICE_NONE;
          return start_part (self);
        }
      g_message ("Cannot start speech playback");
      return FALSE;
    }
  if (self->output_file != NULL)
    self->output_raw = TRUE;
  return TRUE;
}

static void
start_next_run (SportelloSpeaker *self)
{
  while (self->current == NULL)
    {
      self->current = g_queue_pop_head (&self->queue);
      if (self->current == NULL)
        break;
      /* The first part that starts; parts that cannot are skipped. */
      for (self->current->index = 0;
           self->current->index < self->current->parts->len;
           self->current->index++)
        if (start_part (self))
          break;
      if (self->current->index >= self->current->parts->len)
        end_run (self);
    }
  set_playing (self, self->current != NULL);
}

static void
clear_queue (SportelloSpeaker *self)
{
  Run *run;

  while ((run = g_queue_pop_head (&self->queue)) != NULL)
    run_free (run);
}

/* Drops queued speech, keeping chimes. */
static void
drop_queued_speech (SportelloSpeaker *self)
{
  GList *l = self->queue.head;

  while (l != NULL)
    {
      GList *next = l->next;
      Run *run = l->data;

      if (!run->is_chime)
        {
          run_free (run);
          g_queue_delete_link (&self->queue, l);
        }
      l = next;
    }
}

/* A new speech run: it replaces any speech, and waits behind a chime. */
static void
play_speech (SportelloSpeaker *self,
             Run              *run)
{
  if (self->current != NULL && !self->current->is_chime)
    end_run (self);
  drop_queued_speech (self);
  if (run != NULL && run->parts->len > 0)
    g_queue_push_tail (&self->queue, run);
  else
    run_free (run);
  if (self->current == NULL)
    start_next_run (self);
}

static void
sportello_speaker_dispose (GObject *object)
{
  SportelloSpeaker *self = SPORTELLO_SPEAKER (object);

  end_run (self);
  clear_queue (self);

  G_OBJECT_CLASS (sportello_speaker_parent_class)->dispose (object);
}

static void
sportello_speaker_finalize (GObject *object)
{
  SportelloSpeaker *self = SPORTELLO_SPEAKER (object);

  g_free (self->assets_dir);
  g_free (self->output_file);

  G_OBJECT_CLASS (sportello_speaker_parent_class)->finalize (object);
}

static void
sportello_speaker_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SportelloSpeaker *self = SPORTELLO_SPEAKER (object);

  switch (prop_id)
    {
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    case PROP_VOLUME:
      g_value_set_double (value, self->volume);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sportello_speaker_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SportelloSpeaker *self = SPORTELLO_SPEAKER (object);

  switch (prop_id)
    {
    case PROP_VOLUME:
      sportello_speaker_set_volume (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sportello_speaker_class_init (SportelloSpeakerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sportello_speaker_dispose;
  object_class->finalize = sportello_speaker_finalize;
  object_class->get_property = sportello_speaker_get_property;
  object_class->set_property = sportello_speaker_set_property;

  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VOLUME] =
    g_param_spec_double ("volume", NULL, NULL, 0.0, 1.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sportello_speaker_init (SportelloSpeaker *self)
{
  self->volume = 1.0;
  g_queue_init (&self->queue);
}

SportelloSpeaker *
sportello_speaker_new (const char *assets_dir)
{
  SportelloSpeaker *self;

  if (!gst_is_initialized ())
    gst_init (NULL, NULL);
  self = g_object_new (SPORTELLO_TYPE_SPEAKER, NULL);
  self->assets_dir = g_strdup (assets_dir);
  return self;
}

gboolean
sportello_speaker_can_speak (SportelloSpeaker *self,
                             const char       *language,
                             const char       *voice)
{
  g_return_val_if_fail (SPORTELLO_IS_SPEAKER (self), FALSE);

  if (language == NULL || *language == '\0')
    return FALSE;
  return has_clip_folder (self, language) || voice_speaks_language (voice, language);
}

void
sportello_speaker_speak (SportelloSpeaker *self,
                         const char       *language,
                         const char       *voice,
                         const char       *clip_id,
                         const char       *text)
{
  g_autofree char *uri = NULL;
  Run *run;

  g_return_if_fail (SPORTELLO_IS_SPEAKER (self));

  sportello_speaker_stop (self);
  if (language == NULL || !is_safe_name (language))
    return;

  if (clip_id != NULL)
    {
      g_autofree char *subdir = g_build_filename ("audio", language, NULL);

      uri = find_sound (self, subdir, clip_id);
    }
  run = run_new (FALSE);
  if (uri != NULL)
    run_add (run, uri, NULL, NULL);
  else if (text != NULL && *text != '\0' && voice_speaks_language (voice, language))
    run_add (run, NULL, voice, text);
  play_speech (self, run);
}

void
sportello_speaker_speak_sequence (SportelloSpeaker  *self,
                                  const char *const *parts)
{
  Run *run;

  g_return_if_fail (SPORTELLO_IS_SPEAKER (self));
  g_return_if_fail (parts != NULL);

  run = run_new (FALSE);
  for (size_t i = 0; parts[i] != NULL && parts[i + 1] != NULL && parts[i + 2] != NULL; i += 3)
    {
      const char *language = parts[i];
      const char *voice = parts[i + 1];
      const char *text = parts[i + 2];

      if (*text != '\0' && voice_speaks_language (voice, language))
        run_add (run, NULL, voice, text);
    }
  play_speech (self, run);
}

void
sportello_speaker_chime (SportelloSpeaker *self,
                         const char       *name)
{
  g_autofree char *uri = NULL;
  Run *run;

  g_return_if_fail (SPORTELLO_IS_SPEAKER (self));

  uri = find_sound (self, "sounds", name);
  if (uri == NULL)
    {
      g_message ("No sound named “%s” in %s/sounds", name ? name : "(null)",
                 self->assets_dir ? self->assets_dir : "(no assets)");
      return;
    }

  /* Speech under way starts again after the chime; a chime under way
   * starts again. */
  if (self->current != NULL)
    {
      if (self->current->is_chime)
        end_run (self);
      else
        {
          teardown_pipeline (self);
          finish_output_file (self);
          g_queue_push_head (&self->queue, g_steal_pointer (&self->current));
        }
    }
  run = run_new (TRUE);
  run_add (run, uri, NULL, NULL);
  g_queue_push_head (&self->queue, run);
  start_next_run (self);
}

void
sportello_speaker_stop (SportelloSpeaker *self)
{
  g_return_if_fail (SPORTELLO_IS_SPEAKER (self));

  end_run (self);
  clear_queue (self);
  set_playing (self, FALSE);
}

gboolean
sportello_speaker_get_playing (SportelloSpeaker *self)
{
  g_return_val_if_fail (SPORTELLO_IS_SPEAKER (self), FALSE);

  return self->playing;
}

double
sportello_speaker_get_volume (SportelloSpeaker *self)
{
  g_return_val_if_fail (SPORTELLO_IS_SPEAKER (self), 0.0);

  return self->volume;
}

void
sportello_speaker_set_volume (SportelloSpeaker *self,
                              double            volume)
{
  g_return_if_fail (SPORTELLO_IS_SPEAKER (self));

  volume = CLAMP (volume, 0.0, 1.0);
  if (volume == self->volume)
    return;
  self->volume = volume;
  if (self->volume_element != NULL)
    g_object_set (self->volume_element, "volume", volume, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VOLUME]);
}

void
sportello_speaker_set_output_file (SportelloSpeaker *self,
                                   const char       *path)
{
  g_return_if_fail (SPORTELLO_IS_SPEAKER (self));

  sportello_speaker_stop (self);
  g_free (self->output_file);
  self->output_file = g_strdup (path);
  if (path == NULL)
    self->device = DEVICE_UNKNOWN;
}

char *
sportello_speaker_spell_out (const char *code)
{
  GString *spoken;

  g_return_val_if_fail (code != NULL, NULL);

  spoken = g_string_new (NULL);
  for (const char *p = code; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      if (!g_unichar_isalnum (c))
        continue;
      if (spoken->len > 0)
        g_string_append (spoken, ", ");
      g_string_append_unichar (spoken, c);
    }
  return g_string_free (spoken, FALSE);
}
