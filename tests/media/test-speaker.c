/* test-speaker.c: read-aloud renders real audio, only in the language's own
 * voice, and stops when told
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "sportello-speaker.h"

/* Under AddressSanitizer: gst-plugins-espeak 0.5 leaks its "voice"
 * string on every element (set_property duplicates it over the old one).
 * Unwinding through GLib needs the slow unwinder for the suppression to
 * see the plugin's frame. */
const char *__lsan_default_suppressions (void);
const char *__asan_default_options (void);

const char *
__lsan_default_suppressions (void)
{
  return "leak:libgstespeak.so\n";
}

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

typedef struct
{
  char     *dir;      /* temporary assets dir */
  char     *wav;      /* output file inside it */
  int       notifies;
} Fixture;

typedef struct
{
  int     rate;
  int     channels;
  size_t  n_samples;  /* per channel */
  int     peak;
  double  rms;
  size_t  zero_crossings;
} WavInfo;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("sportello-speaker-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->wav = g_build_filename (fixture->dir, "out.wav", NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        remove_tree (child);
      }
  g_remove (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->wav);
}

static void
on_playing_notify_cb (GObject    *object,
                      GParamSpec *pspec,
                      Fixture    *fixture)
{
  fixture->notifies++;
}

static SportelloSpeaker *
new_speaker (Fixture    *fixture,
             const char *assets_dir)
{
  SportelloSpeaker *speaker = sportello_speaker_new (assets_dir);

  g_signal_connect (speaker, "notify::playing",
                    G_CALLBACK (on_playing_notify_cb), fixture);
  return speaker;
}

/* Runs the main loop until playback ends; fails after timeout_s. */
static void
wait_until_quiet (SportelloSpeaker *speaker,
                  double            timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);

  while (sportello_speaker_get_playing (speaker))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

static void
spin (double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

static guint32
le32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static guint16
le16 (const guint8 *p)
{
  return (guint16) (p[0] | (p[1] << 8));
}

/* Reads a 16-bit PCM WAV file and measures its first channel. */
static WavInfo
read_wav (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  size_t length = 0;
  const guint8 *p;
  size_t pos = 12;
  WavInfo info = { 0, };
  const guint8 *data = NULL;
  size_t data_len = 0;
  double sum = 0.0;
  int previous = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 44);
  p = (const guint8 *) contents;
  g_assert_cmpmem (p, 4, "RIFF", 4);
  g_assert_cmpmem (p + 8, 4, "WAVE", 4);

  while (pos + 8 <= length)
    {
      guint32 size = le32 (p + pos + 4);

      if (memcmp (p + pos, "fmt ", 4) == 0 && pos + 8 + 16 <= length)
        {
          g_assert_cmpuint (le16 (p + pos + 8), ==, 1);   /* PCM */
          info.channels = le16 (p + pos + 10);
          info.rate = (int) le32 (p + pos + 12);
          g_assert_cmpuint (le16 (p + pos + 22), ==, 16);
        }
      else if (memcmp (p + pos, "data", 4) == 0)
        {
          data = p + pos + 8;
          data_len = MIN ((size_t) size, length - pos - 8);
          break;
        }
      pos += 8 + size + (size & 1);
    }
  g_assert_nonnull (data);
  g_assert_cmpint (info.channels, >, 0);

  info.n_samples = data_len / (2 * (size_t) info.channels);
  for (size_t i = 0; i < info.n_samples; i++)
    {
      int s = (gint16) le16 (data + i * 2 * (size_t) info.channels);

      info.peak = MAX (info.peak, ABS (s));
      sum += (double) s * s;
      if (i > 0 && ((previous < 0 && s >= 0) || (previous >= 0 && s < 0)))
        info.zero_crossings++;
      previous = s;
    }
  if (info.n_samples > 0)
    info.rms = sqrt (sum / (double) info.n_samples);
  return info;
}

static double
duration (const WavInfo *info)
{
  return info->rate > 0 ? (double) info->n_samples / info->rate : 0.0;
}

/* A 16-bit mono sine WAV, as a recorded clip would be. */
static void
write_sine_wav (const char *path,
                int         rate,
                double      frequency,
                double      seconds)
{
  g_autoptr(GError) error = NULL;
  size_t n = (size_t) (rate * seconds);
  g_autofree guint8 *buffer = g_malloc (44 + n * 2);
  guint8 *p = buffer;
  guint32 data_len = (guint32) (n * 2);

#define PUT32(v) G_STMT_START { guint32 v_ = (v); *p++ = v_ & 0xff; *p++ = (v_ >> 8) & 0xff; *p++ = (v_ >> 16) & 0xff; *p++ = (v_ >> 24) & 0xff; } G_STMT_END
#define PUT16(v) G_STMT_START { guint16 v_ = (v); *p++ = v_ & 0xff; *p++ = (v_ >> 8) & 0xff; } G_STMT_END
  memcpy (p, "RIFF", 4); p += 4;
  PUT32 (36 + data_len);
  memcpy (p, "WAVEfmt ", 8); p += 8;
  PUT32 (16);
  PUT16 (1);
  PUT16 (1);
  PUT32 ((guint32) rate);
  PUT32 ((guint32) rate * 2);
  PUT16 (2);
  PUT16 (16);
  memcpy (p, "data", 4); p += 4;
  PUT32 (data_len);
  for (size_t i = 0; i < n; i++)
    PUT16 ((guint16) (gint16) (12000.0 * sin (2.0 * G_PI * frequency * (double) i / rate)));
#undef PUT32
#undef PUT16

  g_file_set_contents (path, (const char *) buffer, (gssize) (44 + n * 2), &error);
  g_assert_no_error (error);
}

static void
assert_speech (const WavInfo *info)
{
  /* A spoken phrase: longer than a blip, clearly not silence. */
  g_assert_cmpfloat (duration (info), >, 0.4);
  g_assert_cmpint (info->peak, >, 2000);
  g_assert_cmpfloat (info->rms, >, 200.0);
}

static WavInfo
render (Fixture    *fixture,
        const char *language,
        const char *voice,
        const char *text)
{
  g_autoptr(SportelloSpeaker) speaker = new_speaker (fixture, fixture->dir);

  sportello_speaker_set_output_file (speaker, fixture->wav);
  sportello_speaker_speak (speaker, language, voice, NULL, text);
  g_assert_true (sportello_speaker_get_playing (speaker));
  wait_until_quiet (speaker, 20);
  return read_wav (fixture->wav);
}

static void
test_voice_to_wav (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(SportelloSpeaker) speaker = new_speaker (fixture, fixture->dir);
  WavInfo info;

  g_assert_true (sportello_speaker_can_speak (speaker, "it", "it"));
  g_assert_true (sportello_speaker_can_speak (speaker, "en", "en"));
  sportello_speaker_set_output_file (speaker, fixture->wav);
  sportello_speaker_speak (speaker, "it", "it", NULL,
                           "Buongiorno. Il suo numero è A, 1, 2.");
  g_assert_true (sportello_speaker_get_playing (speaker));
  wait_until_quiet (speaker, 20);
  g_assert_cmpint (fixture->notifies, ==, 2);

  info = read_wav (fixture->wav);
  g_assert_cmpint (info.rate, ==, 44100);
  assert_speech (&info);
}

static void
test_no_voice (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(SportelloSpeaker) speaker = new_speaker (fixture, fixture->dir);
  const char *const without[] = { "ti", "so", "tl", "xx" };

  /* espeak-ng has no Tigrinya, Somali or Tagalog voice: nothing else may
   * stand in for them, not even a neighbour's voice. */
  for (size_t i = 0; i < G_N_ELEMENTS (without); i++)
    {
      g_assert_false (sportello_speaker_can_speak (speaker, without[i], without[i]));
      g_assert_false (sportello_speaker_can_speak (speaker, without[i], NULL));
    }
  g_assert_false (sportello_speaker_can_speak (speaker, "ti", "am"));
  g_assert_false (sportello_speaker_can_speak (speaker, "so", "en"));
  g_assert_false (sportello_speaker_can_speak (speaker, "it", NULL));
  g_assert_false (sportello_speaker_can_speak (speaker, "it", "fr"));
  g_assert_false (sportello_speaker_can_speak (speaker, "", "it"));
  g_assert_false (sportello_speaker_can_speak (speaker, "../it", "it"));
  /* Chinese is spoken by espeak-ng's Mandarin voice. */
  g_assert_true (sportello_speaker_can_speak (speaker, "zh_CN", "cmn"));
  g_assert_true (sportello_speaker_can_speak (speaker, "ar", "ar"));
  g_assert_true (sportello_speaker_can_speak (speaker, "fr", "fr"));
  g_assert_true (sportello_speaker_can_speak (speaker, "en", "en-us"));
  /* Not voice names: the element would fall back to its English voice. */
  g_assert_false (sportello_speaker_can_speak (speaker, "fr", "fr-fr"));
  g_assert_false (sportello_speaker_can_speak (speaker, "zh_CN", "zh"));

  sportello_speaker_set_output_file (speaker, fixture->wav);
  sportello_speaker_speak (speaker, "ti", "am", NULL, "ሰላም");
  sportello_speaker_speak (speaker, "xx", "xx", "greeting", "Hello");
  g_assert_false (sportello_speaker_get_playing (speaker));
  spin (0.2);
  g_assert_false (sportello_speaker_get_playing (speaker));
  g_assert_cmpint (fixture->notifies, ==, 0);
  g_assert_false (g_file_test (fixture->wav, G_FILE_TEST_EXISTS));
}

static void
test_stop (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(SportelloSpeaker) speaker = new_speaker (fixture, fixture->dir);
  gint64 start;

  /* The default sink, or its silent stand-in: both keep real time. */
  sportello_speaker_speak (speaker, "en", "en", NULL,
                           "This is a long sentence that takes several seconds "
                           "to say, so that there is time to interrupt it before "
                           "it reaches the end of what it has to say.");
  spin (0.4);
  g_assert_true (sportello_speaker_get_playing (speaker));
  g_assert_cmpint (fixture->notifies, ==, 1);

  start = g_get_monotonic_time ();
  sportello_speaker_stop (speaker);
  g_assert_false (sportello_speaker_get_playing (speaker));
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC / 2);
  g_assert_cmpint (fixture->notifies, ==, 2);

  spin (0.3);
  g_assert_false (sportello_speaker_get_playing (speaker));
  g_assert_cmpint (fixture->notifies, ==, 2);

  /* Stopping when nothing plays is harmless; speaking again works. */
  sportello_speaker_stop (speaker);
  g_assert_cmpint (fixture->notifies, ==, 2);
  sportello_speaker_set_output_file (speaker, fixture->wav);
  sportello_speaker_speak (speaker, "it", "it", NULL, "Ancora una volta, grazie.");
  wait_until_quiet (speaker, 20);
  {
    WavInfo info = read_wav (fixture->wav);

    assert_speech (&info);
  }
}

static void
test_sequence (Fixture       *fixture,
               gconstpointer  data)
{
  const char *italian = "Numero A, 1, 2, sportello 3.";
  const char *english = "Number A, 1, 2, desk 3.";
  WavInfo first = render (fixture, "it", "it", italian);
  WavInfo second = render (fixture, "en", "en", english);
  const char *const parts[] = {
    "en", "en", english,
    "ti", "am", "ቁጽሪ",          /* no voice: skipped, not read in Amharic */
    "it", "it", italian,
    NULL,
  };
  g_autoptr(SportelloSpeaker) speaker = new_speaker (fixture, fixture->dir);
  WavInfo both;

  fixture->notifies = 0;
  sportello_speaker_set_output_file (speaker, fixture->wav);
  sportello_speaker_speak_sequence (speaker, parts);
  g_assert_true (sportello_speaker_get_playing (speaker));
  wait_until_quiet (speaker, 30);
  g_assert_cmpint (fixture->notifies, ==, 2);

  both = read_wav (fixture->wav);
  assert_speech (&both);
  /* Both parts, one after the other, and nothing else. */
  g_assert_cmpfloat (fabs (duration (&both) - duration (&first) - duration (&second)), <, 0.1);
}

static void
test_fake_sink (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(SportelloSpeaker) speaker = new_speaker (fixture, fixture->dir);
  gint64 start = g_get_monotonic_time ();

  /* Under CI there is no audio device: the speech still "plays" for its
   * length, silently, with no warning (fatal here) and no hang. */
  sportello_speaker_speak (speaker, "it", "it", NULL, "Uno, due.");
  g_assert_true (sportello_speaker_get_playing (speaker));
  wait_until_quiet (speaker, 15);
  g_assert_cmpint (fixture->notifies, ==, 2);
  g_assert_cmpint (g_get_monotonic_time () - start, >, G_USEC_PER_SEC / 5);

  /* Back to the default sink after a file. */
  sportello_speaker_set_output_file (speaker, fixture->wav);
  sportello_speaker_set_output_file (speaker, NULL);
  sportello_speaker_speak (speaker, "en", "en", NULL, "Two.");
  wait_until_quiet (speaker, 15);
  g_assert_cmpint (fixture->notifies, ==, 4);
  g_assert_false (g_file_test (fixture->wav, G_FILE_TEST_EXISTS));
}

static void
test_clip_preferred (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (fixture->dir, "audio", "it", NULL);
  g_autofree char *clip = g_build_filename (folder, "greeting.wav", NULL);
  g_autofree char *other = g_build_filename (fixture->dir, "audio", "so", NULL);
  g_autofree char *other_clip = g_build_filename (other, "greeting.wav", NULL);
  g_autoptr(SportelloSpeaker) speaker = NULL;
  WavInfo info;
  double hz;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (other, 0700), ==, 0);
  write_sine_wav (clip, 22050, 1000.0, 0.5);

  speaker = new_speaker (fixture, fixture->dir);
  /* An empty folder is no clip folder. */
  g_assert_false (sportello_speaker_can_speak (speaker, "so", NULL));
  write_sine_wav (other_clip, 22050, 500.0, 0.25);
  g_assert_true (sportello_speaker_can_speak (speaker, "so", NULL));

  sportello_speaker_set_output_file (speaker, fixture->wav);
  sportello_speaker_speak (speaker, "it", "it", "greeting",
                           "Buongiorno e benvenuti allo sportello unico.");
  wait_until_quiet (speaker, 15);
  info = read_wav (fixture->wav);

  /* The recording, not the much longer synthetic sentence. */
  g_assert_cmpfloat (fabs (duration (&info) - 0.5), <, 0.05);
  hz = info.zero_crossings / 2.0 / duration (&info);
  g_assert_cmpfloat (fabs (hz - 1000.0), <, 20.0);

  /* Unknown clip: the voice speaks the text instead. */
  sportello_speaker_speak (speaker, "it", "it", "no-such-clip",
                           "Buongiorno e benvenuti allo sportello unico.");
  wait_until_quiet (speaker, 15);
  info = read_wav (fixture->wav);
  assert_speech (&info);
  g_assert_cmpfloat (duration (&info), >, 1.0);

  /* A language with clips but no voice plays its clips only. */
  sportello_speaker_speak (speaker, "so", NULL, "greeting", "Soo dhawoow");
  wait_until_quiet (speaker, 15);
  info = read_wav (fixture->wav);
  g_assert_cmpfloat (fabs (duration (&info) - 0.25), <, 0.05);
}

static void
test_chime (Fixture       *fixture,
            gconstpointer  data)
{
  const char *root = g_getenv ("SPORTELLO_SOURCE_ROOT");
  g_autofree char *assets = g_build_filename (root ? root : ".", "assets", NULL);
  g_autoptr(SportelloSpeaker) speaker = new_speaker (fixture, assets);
  const char *const parts[] = { "it", "it", "Numero B, 7.", NULL };
  WavInfo info;

  sportello_speaker_set_output_file (speaker, fixture->wav);
  sportello_speaker_chime (speaker, "chime");
  g_assert_true (sportello_speaker_get_playing (speaker));
  wait_until_quiet (speaker, 15);
  info = read_wav (fixture->wav);
  g_assert_cmpfloat (duration (&info), >, 0.5);
  g_assert_cmpfloat (duration (&info), <, 3.0);
  g_assert_cmpint (info.peak, >, 2000);
  g_assert_cmpint (fixture->notifies, ==, 2);

  /* The call: the chime, then the speech; "playing" stays TRUE between. */
  sportello_speaker_chime (speaker, "chime");
  sportello_speaker_speak_sequence (speaker, parts);
  wait_until_quiet (speaker, 20);
  g_assert_cmpint (fixture->notifies, ==, 4);
  info = read_wav (fixture->wav);
  assert_speech (&info);

  /* A missing sound is reported, nothing plays. */
  g_remove (fixture->wav);
  sportello_speaker_chime (speaker, "no-such-sound");
  sportello_speaker_chime (speaker, "../sounds/chime");
  g_assert_false (sportello_speaker_get_playing (speaker));
  g_assert_false (g_file_test (fixture->wav, G_FILE_TEST_EXISTS));
}

static void
on_volume_notify_cb (GObject    *object,
                     GParamSpec *pspec,
                     int        *count)
{
  (*count)++;
}

static void
test_volume (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(SportelloSpeaker) speaker = new_speaker (fixture, fixture->dir);
  int count = 0;
  WavInfo loud;
  WavInfo quiet;

  g_signal_connect (speaker, "notify::volume", G_CALLBACK (on_volume_notify_cb), &count);
  g_assert_cmpfloat (sportello_speaker_get_volume (speaker), ==, 1.0);
  sportello_speaker_set_volume (speaker, 2.0);
  g_assert_cmpfloat (sportello_speaker_get_volume (speaker), ==, 1.0);
  g_assert_cmpint (count, ==, 0);

  sportello_speaker_set_output_file (speaker, fixture->wav);
  sportello_speaker_speak (speaker, "it", "it", NULL, "Volume pieno.");
  wait_until_quiet (speaker, 15);
  loud = read_wav (fixture->wav);

  sportello_speaker_set_volume (speaker, 0.25);
  g_assert_cmpint (count, ==, 1);
  sportello_speaker_speak (speaker, "it", "it", NULL, "Volume pieno.");
  wait_until_quiet (speaker, 15);
  quiet = read_wav (fixture->wav);
  g_assert_cmpfloat (fabs (quiet.rms / loud.rms - 0.25), <, 0.03);

  sportello_speaker_set_volume (speaker, -1.0);
  g_assert_cmpfloat (sportello_speaker_get_volume (speaker), ==, 0.0);
  g_assert_cmpint (count, ==, 2);
}

static void
test_spell_out (void)
{
  const struct { const char *in; const char *out; } cases[] = {
    { "A12", "A, 1, 2" },
    { "B-007", "B, 0, 0, 7" },
    { "+39 055 123", "3, 9, 0, 5, 5, 1, 2, 3" },
    { "", "" },
    { "٣٤", "٣, ٤" },
  };

  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *spoken = sportello_speaker_spell_out (cases[i].in);

      g_assert_cmpstr (spoken, ==, cases[i].out);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/media/speaker/voice-to-wav", test_voice_to_wav);
  ADD ("/media/speaker/no-voice", test_no_voice);
  ADD ("/media/speaker/stop", test_stop);
  ADD ("/media/speaker/sequence", test_sequence);
  ADD ("/media/speaker/fake-sink", test_fake_sink);
  ADD ("/media/speaker/clip-preferred", test_clip_preferred);
  ADD ("/media/speaker/chime", test_chime);
  ADD ("/media/speaker/volume", test_volume);
#undef ADD
  g_test_add_func ("/media/speaker/spell-out", test_spell_out);

  return g_test_run ();
}
