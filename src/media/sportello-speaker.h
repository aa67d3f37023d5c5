/* sportello-speaker.h: read-aloud and chimes through GStreamer
 *
 * libsportello-media (GStreamer + GLib, no GTK), shared by the kiosk and the
 * desk's display board.  Speech plays a recorded clip from
 * assets/audio/LANG/CLIP.ogg when one exists, else speaks the text with the
 * GStreamer "espeak" element when espeak-ng has the language's own voice,
 * and otherwise cannot speak: never another language's voice.  With no audio
 * device it stays silent instead of failing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SPORTELLO_TYPE_SPEAKER (sportello_speaker_get_type ())
G_DECLARE_FINAL_TYPE (SportelloSpeaker, sportello_speaker, SPORTELLO, SPEAKER, GObject)

/* assets_dir: see sportello_paths_assets_dir(). Calls gst_init() if needed. */
SportelloSpeaker *sportello_speaker_new          (const char *assets_dir);

/* Whether speak() can say something in this language: a clip folder for
 * it exists, or voice (from languages.ini, may be NULL) is an installed
 * espeak-ng voice.  Front ends hide "Listen" when FALSE. */
gboolean          sportello_speaker_can_speak    (SportelloSpeaker *self,
                                                  const char       *language,
                                                  const char       *voice);
/* Stops whatever plays, then plays clip_id (may be NULL) of the language
 * if recorded, else speaks text with the voice.  Does nothing when
 * can_speak() is FALSE.  Returns at once; "playing" notifies. */
void              sportello_speaker_speak        (SportelloSpeaker *self,
                                                  const char       *language,
                                                  const char       *voice,
                                                  const char       *clip_id,
                                                  const char       *text);
/* Speaks several parts one after the other (e.g. in the ticket's language,
 * then in Italian); parts is a NULL-terminated array of
 * {language, voice, text} triples flattened: l1, v1, t1, l2, v2, t2, NULL. */
void              sportello_speaker_speak_sequence (SportelloSpeaker  *self,
                                                    const char *const *parts);
/* Plays assets/sounds/NAME.oga (the call chime), then whatever is queued. */
void              sportello_speaker_chime        (SportelloSpeaker *self,
                                                  const char       *name);
void              sportello_speaker_stop         (SportelloSpeaker *self);
gboolean          sportello_speaker_get_playing  (SportelloSpeaker *self);
double            sportello_speaker_get_volume   (SportelloSpeaker *self);   /* 0.0 .. 1.0 */
void              sportello_speaker_set_volume   (SportelloSpeaker *self,
                                                  double            volume);
/* Tests and headless machines: render to a WAV file instead of a device
 * (NULL: back to the default audio sink, or a fake sink when none works). */
void              sportello_speaker_set_output_file (SportelloSpeaker *self,
                                                     const char       *path);

/* A ticket code or phone number as separate characters for speech:
 * "A12" -> "A, 1, 2"; anything but letters and digits is left out. */
char             *sportello_speaker_spell_out    (const char       *code);

G_END_DECLS
