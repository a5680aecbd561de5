/* sound.h - a page's recording (content.h: "recording:", sounds/NAME.wav)
 * read by SDL's own WAV reader (SDL_LoadWAV: PCM, float, IMA and MS
 * ADPCM, A-law, mu-law; no new library) and converted once to what the
 * speaker plays: mono, signed 16-bit, at the speech's rate. kiosk check
 * and the staff screen read every recording the same way before anything
 * is installed, so a recording that would not play is refused on the
 * stick, not found silent in front of a family. Shell side (SDL). */
#ifndef KIOSK_SOUND_H
#define KIOSK_SOUND_H

#include <SDL.h>
#include <stddef.h>

#include "content.h"
#include "diag.h"

/* The longest recording played. */
#define SOUND_MAX_SECONDS 600

/* Reads the WAV at path into *samples (mono S16, rate per second; the
 * caller SDL_free()s it) and *count samples. 0, or -1 with the reason for
 * staff in why. */
int sound_load(const char *path, int rate, Sint16 **samples, size_t *count, char *why,
               size_t whysize);

/* import_recording_fn (import.h): sound_load of path, for kiosk import
 * and the staff screen's install. ctx is unused. */
int sound_check_file(void *ctx, const char *path, char *err, size_t errsize);

/* sound_load of every text's recording in c: an error in d, against the
 * page's "recording:" line, for each that cannot be played. Returns how
 * many recordings were read. */
int sound_check_content(const content *c, diag_list *d);

#endif
