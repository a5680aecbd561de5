/* sound.c - recordings read by SDL_LoadWAV and converted with SDL's
 * audio stream. See sound.h. */
#include "sound.h"

#include <string.h>

int sound_load(const char *path, int rate, Sint16 **samples, size_t *count, char *why,
               size_t whysize) {
    *samples = NULL;
    *count = 0;
    SDL_AudioSpec spec;
    Uint8 *buf = NULL;
    Uint32 len = 0;
    if (!SDL_LoadWAV(path, &spec, &buf, &len)) {
        SDL_snprintf(why, whysize,
                     "it cannot be played (%s); save it again as WAV, 16-bit PCM (in Audacity: "
                     "File, Export, Export as WAV)",
                     SDL_GetError());
        return -1;
    }
    int frame = (int)(SDL_AUDIO_BITSIZE(spec.format) / 8) * spec.channels;
    double seconds = frame > 0 && spec.freq > 0 ? (double)len / frame / spec.freq : 0;
    if (seconds > SOUND_MAX_SECONDS) {
        SDL_snprintf(why, whysize, "it lasts %.0f minutes; a recording may last at most %d",
                     seconds / 60, SOUND_MAX_SECONDS / 60);
        SDL_FreeWAV(buf);
        return -1;
    }
    if (seconds < 0.1) {
        SDL_snprintf(why, whysize, "it holds no sound (%.2f s)", seconds);
        SDL_FreeWAV(buf);
        return -1;
    }
    SDL_AudioStream *st = SDL_NewAudioStream(spec.format, spec.channels, spec.freq,
                                             AUDIO_S16SYS, 1, rate);
    int avail = -1;
    if (st && SDL_AudioStreamPut(st, buf, (int)len) == 0 && SDL_AudioStreamFlush(st) == 0)
        avail = SDL_AudioStreamAvailable(st);
    SDL_FreeWAV(buf);
    Sint16 *out = avail > 0 ? SDL_malloc((size_t)avail) : NULL;
    int got = out ? SDL_AudioStreamGet(st, out, avail) : -1;
    if (st) SDL_FreeAudioStream(st);
    if (got <= 0) {
        SDL_snprintf(why, whysize, "its sound cannot be converted (%s)", SDL_GetError());
        SDL_free(out);
        return -1;
    }
    *samples = out;
    *count = (size_t)got / sizeof(Sint16);
    return 0;
}

/* What a recording is checked at: espeak-ng's rate, which the kiosk
 * plays at (speech.c). */
#define SOUND_CHECK_RATE 22050

int sound_check_file(void *ctx, const char *path, char *err, size_t errsize) {
    (void)ctx;
    Sint16 *samples;
    size_t count;
    if (sound_load(path, SOUND_CHECK_RATE, &samples, &count, err, errsize) != 0) return -1;
    SDL_free(samples);
    return 0;
}

int sound_check_content(const content *c, diag_list *d) {
    int read = 0;
    for (int p = 0; p < c->page_count; p++)
        for (int i = 0; i < c->pages[p].text_count; i++) {
            const content_text *t = &c->pages[p].texts[i];
            if (!t->recording) continue;
            char why[300];
            const char *name = strrchr(t->recording, '/');
            if (sound_check_file(NULL, t->recording, why, sizeof why) != 0)
                diag_add(d, DIAG_ERROR, t->file, t->recording_line, "sounds/%s: %s",
                         name ? name + 1 : t->recording, why);
            else
                read++;
        }
    return read;
}
