/* picture_queue.c - pictures prepared on a thread of ours, through the
 * picture gate. See picture_queue.h.
 *
 * One mutex guards the slots; the thread holds it only to pick a slot and
 * to put its result, never while a picture is decoded, so the loop's
 * picture_queue_get never waits longer than a few copies. */
#include "picture_queue.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "picture.h"

#define QUEUE_PATH_MAX PATH_MAX
#define QUEUE_WHY_MAX 300

typedef enum { SLOT_FREE, SLOT_QUEUED, SLOT_WORKING, SLOT_DONE } slot_state;

typedef struct {
    slot_state state;
    char path[QUEUE_PATH_MAX];
    int w, h;
    uint64_t asked;           /* order of asking: the newest is decoded first */
    SDL_Surface *surface;     /* SLOT_DONE: the picture, or NULL when it failed */
    char why[QUEUE_WHY_MAX];
} slot;

struct picture_queue {
    SDL_mutex *lock;
    SDL_cond *work;           /* a slot was queued, or stop */
    SDL_Thread *thread;
    bool stop;
    Uint32 ready_event;
    uint64_t asked;
    slot slots[PICTURE_QUEUE_SLOTS];
};

static void clear(slot *s) {
    SDL_FreeSurface(s->surface);
    s->surface = NULL;
    s->state = SLOT_FREE;
    s->path[0] = '\0';
}

/* The newest queued slot, or NULL. Under the lock. */
static slot *next_queued(picture_queue *q) {
    slot *best = NULL;
    for (int i = 0; i < PICTURE_QUEUE_SLOTS; i++) {
        slot *s = &q->slots[i];
        if (s->state == SLOT_QUEUED && (!best || s->asked > best->asked)) best = s;
    }
    return best;
}

static int run(void *data) {
    picture_queue *q = data;
    SDL_LockMutex(q->lock);
    for (;;) {
        slot *s;
        while (!q->stop && !(s = next_queued(q))) SDL_CondWait(q->work, q->lock);
        if (q->stop) break;
        s->state = SLOT_WORKING;
        char path[QUEUE_PATH_MAX];
        memcpy(path, s->path, sizeof path);
        int w = s->w, h = s->h;
        SDL_UnlockMutex(q->lock);

        char why[QUEUE_WHY_MAX] = "";
        SDL_Surface *surface = picture_open(path, w, h, why, sizeof why);
        if (!surface)
            SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "Couldn't load picture %s: %s", path, why);

        SDL_LockMutex(q->lock);
        /* The slot is ours while it is SLOT_WORKING: get never reuses it. */
        s->surface = surface;
        memcpy(s->why, why, sizeof s->why);
        s->state = SLOT_DONE;
        if (q->ready_event) {
            SDL_Event e;
            SDL_zero(e);
            e.type = q->ready_event;
            SDL_PushEvent(&e);
        }
    }
    SDL_UnlockMutex(q->lock);
    return 0;
}

picture_queue *picture_queue_new(Uint32 ready_event) {
    picture_queue *q = SDL_calloc(1, sizeof *q);
    if (!q) return NULL;
    q->ready_event = ready_event;
    q->lock = SDL_CreateMutex();
    q->work = SDL_CreateCond();
    if (q->lock && q->work) q->thread = SDL_CreateThread(run, "kiosk-pictures", q);
    if (!q->thread) {
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "Cannot start the picture thread: %s",
                     SDL_GetError());
        if (q->work) SDL_DestroyCond(q->work);
        if (q->lock) SDL_DestroyMutex(q->lock);
        SDL_free(q);
        return NULL;
    }
    return q;
}

void picture_queue_free(picture_queue *q) {
    if (!q) return;
    SDL_LockMutex(q->lock);
    q->stop = true;
    SDL_CondSignal(q->work);
    SDL_UnlockMutex(q->lock);
    SDL_WaitThread(q->thread, NULL);
    for (int i = 0; i < PICTURE_QUEUE_SLOTS; i++) clear(&q->slots[i]);
    SDL_DestroyCond(q->work);
    SDL_DestroyMutex(q->lock);
    SDL_free(q);
}

/* A slot for a new picture: a free one, else the oldest result not taken,
 * else the oldest still queued (asked for long ago, and not on screen now
 * or it would have been asked for again). NULL when all are working. */
static slot *room(picture_queue *q) {
    slot *done = NULL, *queued = NULL;
    for (int i = 0; i < PICTURE_QUEUE_SLOTS; i++) {
        slot *s = &q->slots[i];
        if (s->state == SLOT_FREE) return s;
        if (s->state == SLOT_DONE && (!done || s->asked < done->asked)) done = s;
        if (s->state == SLOT_QUEUED && (!queued || s->asked < queued->asked)) queued = s;
    }
    slot *s = done ? done : queued;
    if (s) clear(s);
    return s;
}

picture_status picture_queue_get(picture_queue *q, const char *path, int w, int h,
                                 SDL_Surface **out, char *why, size_t whysize) {
    *out = NULL;
    if (!path || strlen(path) >= QUEUE_PATH_MAX) {
        snprintf(why, whysize, "its name is too long (at most %d bytes)", QUEUE_PATH_MAX - 1);
        return PICTURE_FAILED;
    }
    SDL_LockMutex(q->lock);
    picture_status status = PICTURE_WAITING;
    slot *s = NULL;
    for (int i = 0; i < PICTURE_QUEUE_SLOTS && !s; i++)
        if (q->slots[i].state != SLOT_FREE && q->slots[i].w == w && q->slots[i].h == h &&
            strcmp(q->slots[i].path, path) == 0)
            s = &q->slots[i];
    if (s && s->state == SLOT_DONE) {
        *out = s->surface;
        s->surface = NULL;
        status = *out ? PICTURE_READY : PICTURE_FAILED;
        if (!*out) snprintf(why, whysize, "%s", s->why);
        clear(s);
    } else if (s) {
        s->asked = ++q->asked; /* asked again: wanted now */
    } else if ((s = room(q))) {
        snprintf(s->path, sizeof s->path, "%s", path);
        s->w = w;
        s->h = h;
        s->asked = ++q->asked;
        s->state = SLOT_QUEUED;
        SDL_CondSignal(q->work);
    }
    SDL_UnlockMutex(q->lock);
    return status;
}

int picture_queue_pending(picture_queue *q) {
    int n = 0;
    SDL_LockMutex(q->lock);
    for (int i = 0; i < PICTURE_QUEUE_SLOTS; i++)
        n += q->slots[i].state == SLOT_QUEUED || q->slots[i].state == SLOT_WORKING;
    SDL_UnlockMutex(q->lock);
    return n;
}

static bool in_folder(const slot *s, const char *folder, size_t len) {
    return strncmp(s->path, folder, len) == 0 && s->path[len] == '/';
}

void picture_queue_forget(picture_queue *q, const char *folder) {
    if (!q || !folder || !folder[0]) return;
    size_t len = strlen(folder);
    for (;;) {
        bool working = false;
        SDL_LockMutex(q->lock);
        for (int i = 0; i < PICTURE_QUEUE_SLOTS; i++) {
            slot *s = &q->slots[i];
            if (s->state == SLOT_FREE || !in_folder(s, folder, len)) continue;
            if (s->state == SLOT_WORKING) working = true;
            else clear(s);
        }
        SDL_UnlockMutex(q->lock);
        if (!working) return;
        SDL_Delay(2);   /* its result comes as SLOT_DONE, then goes above */
    }
}
