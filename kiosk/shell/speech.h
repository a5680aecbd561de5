/* speech.h - reading aloud: text spoken by espeak-ng (libespeak-ng) in the
 * page's language, offline, into PCM that SDL's own audio plays (no
 * SDL_mixer). One thread synthesises, a little ahead of what is heard
 * (SPEECH_AHEAD_MS); the audio device plays, and is paused while nothing
 * is read, so an idle kiosk spends nothing on sound.
 *
 * What to read, and when, is the core's (readaloud.h); this only plays.
 * With no audio device or no espeak-ng data, speech_open says why and the
 * kiosk draws no speaker button. */
#ifndef KIOSK_SPEECH_H
#define KIOSK_SPEECH_H

#include <stdbool.h>
#include <stddef.h>

typedef struct speech speech;

/* Synthesis runs at most this far ahead of what has been heard: a new
 * loudness is heard this soon. (espeak-ng makes a second of speech in
 * tens of ms, so the queue never runs dry.) */
#define SPEECH_AHEAD_MS 1000

/* Opens the audio device (device: SDL's name; NULL or "": the system's
 * default) and espeak-ng. volume in percent. NULL with the reason in why
 * when there is no way to speak. */
speech *speech_open(const char *device, int volume, char *why, size_t whysize);
void speech_close(speech *s);

/* Reads text (UTF-8, taken over) in lang ("pl", "ur"...) from its start,
 * ending whatever was read before. With a recording (a WAV's path, copied;
 * may be NULL), plays that instead, and reads text only when the
 * recording cannot be read (logged). */
void speech_play(speech *s, char *text, const char *lang, const char *recording);
void speech_pause(speech *s, bool paused);
/* The loudness in percent, from what is made next: heard within
 * SPEECH_AHEAD_MS. */
void speech_set_volume(speech *s, int volume);
/* Ends the reading at once: nothing more is heard. */
void speech_stop(speech *s);
/* The reading has been heard to its end (or could not be read). */
bool speech_done(speech *s);
/* Samples a second of what is played (mono, signed 16-bit). */
int speech_rate(const speech *s);
/* The voice espeak-ng chose for the last reading ("Polish"), or
 * "recording welcome.wav", for the log and tests; "" before the first. */
void speech_voice(speech *s, char *out, size_t size);

#endif
