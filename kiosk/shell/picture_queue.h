/* picture_queue.h - pictures prepared in the background for the running
 * kiosk, so that its loop never waits on one: the loop asks for a picture
 * at a size; a thread of ours has the picture gate's worker decode it
 * (picture_open, with its time limit), keeps the result, and pushes an SDL
 * event; the loop asks again, takes the surface and makes its texture.
 * The picture asked for last is decoded first: what is on screen now
 * before what was prepared for later. Shell side (SDL threads and
 * events); the drawing itself is picture.c's, behind the gate. */
#ifndef KIOSK_PICTURE_QUEUE_H
#define KIOSK_PICTURE_QUEUE_H

#include <SDL.h>
#include <stddef.h>

/* Pictures asked for and not yet taken, at most: a few pages' worth. A
 * result not taken (its page was left before it came) is dropped, oldest
 * first, when room is needed, so at most this many surfaces wait. */
#define PICTURE_QUEUE_SLOTS 6

typedef enum {
    PICTURE_WAITING, /* being prepared: draw a placeholder, ask again later */
    PICTURE_READY,   /* *out is the w x h ARGB surface, now the caller's */
    PICTURE_FAILED   /* why says why (logged here too); do not ask again */
} picture_status;

typedef struct picture_queue picture_queue;

/* Starts the thread. ready_event: the SDL event type pushed when a picture
 * is ready or has failed (0: none). NULL when the thread cannot start. */
picture_queue *picture_queue_new(Uint32 ready_event);
/* Stops the thread (after the picture it is decoding, at most the gate's
 * time limit) and frees what was not taken. NULL is fine. */
void picture_queue_free(picture_queue *q);

/* The picture path at w x h: ready, failed, or waiting (then asked for,
 * if it was not already). */
picture_status picture_queue_get(picture_queue *q, const char *path, int w, int h,
                                 SDL_Surface **out, char *why, size_t whysize);

/* Forgets every picture asked for from folder (content that is no longer
 * shown, and whose files are about to go: the staff preview's copy), and
 * waits for one being prepared from it now (a second at most, the gate's
 * limit for the kiosk's own pictures): none of its files is opened after. */
void picture_queue_forget(picture_queue *q, const char *folder);

/* Pictures asked for and not yet ready (for tests and the first frame). */
int picture_queue_pending(picture_queue *q);

#endif
