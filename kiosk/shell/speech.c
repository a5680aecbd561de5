/* speech.c - espeak-ng into SDL's audio queue. See speech.h.
 *
 * espeak-ng is not thread-safe: after speech_open, only the synthesis
 * thread calls it. The loop's thread only hands over jobs (under the
 * mutex) and looks at the audio queue. */
#include "speech.h"

#include "sound.h"

#include <SDL.h>
#include <espeak-ng/speak_lib.h>
#include <stdlib.h>
#include <string.h>

struct speech {
    SDL_AudioDeviceID dev;
    int rate;               /* espeak-ng's samples per second */
    int volume;             /* percent; under lock */
    SDL_Thread *thread;
    SDL_mutex *lock;
    SDL_cond *wake;
    /* under lock */
    char *job;              /* text to read next, or NULL */
    char *job_recording;    /* with it, a recording to play instead; may be NULL */
    char job_lang[16];
    unsigned generation;    /* each play or stop: the reading before ends */
    bool synthesising;      /* the thread works on `generation` */
    bool quit;
    char voice[64];
    /* the thread's own */
    unsigned current;
};

static bool stale(speech *s) {
    SDL_LockMutex(s->lock);
    bool gone = s->generation != s->current || s->quit;
    SDL_UnlockMutex(s->lock);
    return gone;
}

/* Queues count samples at the volume (wav is changed), then waits until
 * at most SPEECH_AHEAD_MS are queued (a long text or recording would
 * otherwise be minutes of sound in memory at once). Returns 1 when the
 * reading was stopped or replaced meanwhile. */
static int queue_samples(speech *s, short *wav, int count) {
    SDL_LockMutex(s->lock);
    int volume = s->volume;
    SDL_UnlockMutex(s->lock);
    for (int i = 0; i < count; i++) wav[i] = (short)(wav[i] * volume / 100);
    SDL_LockMutex(s->lock);
    if (s->generation == s->current) SDL_QueueAudio(s->dev, wav, (Uint32)count * sizeof(short));
    SDL_UnlockMutex(s->lock);
    Uint32 ahead = (Uint32)((Uint64)s->rate * sizeof(short) * SPEECH_AHEAD_MS / 1000);
    while (SDL_GetQueuedAudioSize(s->dev) > ahead) {
        if (stale(s)) return 1;
        SDL_Delay(20);
    }
    return 0;
}

static int synth_cb(short *wav, int count, espeak_EVENT *events) {
    speech *s = events ? events->user_data : NULL;
    if (!s) return 0;
    if (stale(s)) return 1;   /* stopped, or something else to read: abort this one */
    if (!wav || count <= 0) return 0;
    return queue_samples(s, wav, count);
}

/* Plays the recording at path, 100 ms at a time (so at most
 * SPEECH_AHEAD_MS + 100 ms is queued at a loudness gone by). Returns 0 when it was
 * played (or stopped), -1 when it cannot be read (why says). */
static int play_recording(speech *s, const char *path, char *why, size_t whysize) {
    Sint16 *samples;
    size_t count;
    if (sound_load(path, s->rate, &samples, &count, why, whysize) != 0) return -1;
    for (size_t at = 0; at < count;) {
        int n = count - at > (size_t)(s->rate / 10) ? s->rate / 10 : (int)(count - at);
        if (queue_samples(s, samples + at, n)) break;
        at += (size_t)n;
    }
    SDL_free(samples);
    return 0;
}

static int synth_thread(void *arg) {
    speech *s = arg;
    espeak_SetSynthCallback(synth_cb);
    SDL_LockMutex(s->lock);
    for (;;) {
        while (!s->job && !s->quit) SDL_CondWait(s->wake, s->lock);
        if (s->quit) break;
        char *text = s->job, *recording = s->job_recording;
        char lang[16];
        memcpy(lang, s->job_lang, sizeof lang);
        s->job = NULL;
        s->job_recording = NULL;
        s->current = s->generation;
        s->synthesising = true;
        SDL_UnlockMutex(s->lock);

        char voice[64] = "", why[300];
        bool played = false;
        if (recording && play_recording(s, recording, why, sizeof why) == 0) {
            const char *name = strrchr(recording, '/');
            SDL_snprintf(voice, sizeof voice, "recording %s", name ? name + 1 : recording);
            played = true;
        } else if (recording) {
            SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION,
                        "Read aloud: the recording %s: %s; the words are read instead", recording,
                        why);
        }
        espeak_VOICE want = {0};
        want.languages = lang;
        if (played || stale(s)) {
            /* heard, or stopped meanwhile */
        } else if (espeak_SetVoiceByProperties(&want) == EE_OK) {
            espeak_VOICE *v = espeak_GetCurrentVoice();
            SDL_snprintf(voice, sizeof voice, "%s", v && v->name ? v->name : lang);
            espeak_ERROR e = espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0,
                                          espeakCHARS_UTF8, NULL, s);
            if (e != EE_OK)
                SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION, "Read aloud: espeak-ng could not read (%d)", e);
        } else {
            SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION,
                        "Read aloud: espeak-ng has no voice for \"%s\"; nothing is read", lang);
        }
        free(text);
        free(recording);

        SDL_LockMutex(s->lock);
        SDL_snprintf(s->voice, sizeof s->voice, "%s", voice);
        s->synthesising = false;
    }
    SDL_UnlockMutex(s->lock);
    return 0;
}

/* espeak-ng starts once a process and ends at its exit: started again
 * after espeak_Terminate, its own thread waited for ever in the next
 * espeak_Terminate (libespeak-ng 1.51, Debian 12). */
static int espeak_rate;

static void espeak_end(void) { espeak_Terminate(); }

static int espeak_start(void) {
    if (espeak_rate == 0) {
        espeak_rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, NULL,
                                        espeakINITIALIZE_DONT_EXIT);
        if (espeak_rate > 0) atexit(espeak_end);
        else espeak_rate = -1;
    }
    return espeak_rate;
}

speech *speech_open(const char *device, int volume, char *why, size_t whysize) {
    if (!SDL_WasInit(SDL_INIT_AUDIO) && SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        SDL_snprintf(why, whysize, "no audio: %s", SDL_GetError());
        return NULL;
    }
    int outputs = SDL_GetNumAudioDevices(0);
    for (int i = 0; i < outputs; i++) SDL_Log("Audio output %d: %s", i, SDL_GetAudioDeviceName(i, 0));
    int rate = espeak_start();
    if (rate <= 0) {
        SDL_snprintf(why, whysize, "espeak-ng could not start (is espeak-ng-data installed?)");
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return NULL;
    }
    speech *s = calloc(1, sizeof *s);
    if (!s) {
        SDL_snprintf(why, whysize, "out of memory");
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return NULL;
    }
    s->rate = rate;
    s->volume = volume < 0 ? 0 : volume > 100 ? 100 : volume;
    SDL_AudioSpec want = {.freq = rate, .format = AUDIO_S16SYS, .channels = 1, .samples = 1024};
    SDL_AudioSpec have;
    s->dev = SDL_OpenAudioDevice(device && device[0] ? device : NULL, 0, &want, &have, 0);
    if (s->dev == 0) {
        SDL_snprintf(why, whysize, "no audio device%s%s: %s", device && device[0] ? " named " : "",
                     device && device[0] ? device : "", SDL_GetError());
        free(s);
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return NULL;
    }
    s->lock = SDL_CreateMutex();
    s->wake = SDL_CreateCond();
    s->thread = s->lock && s->wake ? SDL_CreateThread(synth_thread, "speech", s) : NULL;
    if (!s->thread) {
        SDL_snprintf(why, whysize, "cannot start the speech thread: %s", SDL_GetError());
        if (s->wake) SDL_DestroyCond(s->wake);
        if (s->lock) SDL_DestroyMutex(s->lock);
        SDL_CloseAudioDevice(s->dev);
        free(s);
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return NULL;
    }
    SDL_Log("Read aloud: espeak-ng at %d Hz, through %s (%s), volume %d%%", rate,
            device && device[0] ? device : "the default audio output", SDL_GetCurrentAudioDriver(),
            s->volume);
    return s;
}

void speech_close(speech *s) {
    if (!s) return;
    SDL_LockMutex(s->lock);
    s->quit = true;
    s->generation++;
    SDL_CondSignal(s->wake);
    SDL_UnlockMutex(s->lock);
    SDL_WaitThread(s->thread, NULL);
    free(s->job);
    free(s->job_recording);
    SDL_CloseAudioDevice(s->dev);
    SDL_DestroyCond(s->wake);
    SDL_DestroyMutex(s->lock);
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
    free(s);
}

/* Ends the reading now: nothing queued is heard. Under the lock. */
static void end_reading(speech *s) {
    s->generation++;
    free(s->job);
    s->job = NULL;
    free(s->job_recording);
    s->job_recording = NULL;
    SDL_ClearQueuedAudio(s->dev);
    SDL_PauseAudioDevice(s->dev, 1);
}

void speech_play(speech *s, char *text, const char *lang, const char *recording) {
    SDL_LockMutex(s->lock);
    end_reading(s);
    s->job = text;
    s->job_recording = recording ? strdup(recording) : NULL;
    SDL_snprintf(s->job_lang, sizeof s->job_lang, "%s", lang ? lang : "en");
    SDL_PauseAudioDevice(s->dev, 0);
    SDL_CondSignal(s->wake);
    SDL_UnlockMutex(s->lock);
}

void speech_set_volume(speech *s, int volume) {
    SDL_LockMutex(s->lock);
    s->volume = volume < 0 ? 0 : volume > 100 ? 100 : volume;
    SDL_UnlockMutex(s->lock);
}

void speech_pause(speech *s, bool paused) { SDL_PauseAudioDevice(s->dev, paused ? 1 : 0); }

void speech_stop(speech *s) {
    SDL_LockMutex(s->lock);
    end_reading(s);
    SDL_UnlockMutex(s->lock);
}

bool speech_done(speech *s) {
    SDL_LockMutex(s->lock);
    bool busy = s->job || s->synthesising;
    SDL_UnlockMutex(s->lock);
    return !busy && SDL_GetQueuedAudioSize(s->dev) == 0;
}

int speech_rate(const speech *s) { return s->rate; }

void speech_voice(speech *s, char *out, size_t size) {
    SDL_LockMutex(s->lock);
    SDL_snprintf(out, size, "%s", s->voice);
    SDL_UnlockMutex(s->lock);
}
