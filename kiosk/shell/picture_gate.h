/* picture_gate.h - every picture from outside (a page's SVG, PNG or JPEG)
 * is decoded in a worker process, with a time limit and a memory limit:
 * nanosvg has no limit of its own (an SVG of under 1 MB with 100,000
 * random lines takes minutes), nor has libjpeg (a 2 MB JPEG with 65,535
 * progressive scans takes tens of seconds), and the kiosk's loop, `kiosk
 * check` and `kiosk import` must never stop that long, nor crash with the
 * decoder. Shell side (fork, SDL). */
#ifndef KIOSK_PICTURE_GATE_H
#define KIOSK_PICTURE_GATE_H

#include <SDL.h>
#include <stddef.h>

/* kiosk check and kiosk import: a 12-megapixel phone photo decoded in full
 * takes about half a second on a Pi 3. */
#define PICTURE_GATE_LIMIT_MS 4000
/* The running kiosk, on its loop: it only ever sees pictures that import
 * wrote again at the screen's size (tens of ms on a Pi 3), so a second is
 * plenty, and the watchdog (8 s) is never near. */
#define PICTURE_GATE_DRAW_LIMIT_MS 1000
#define PICTURE_GATE_MEMORY_MB 768          /* the worker's address space (not under ASan) */

/* Decodes path at w x h into an ARGB8888 surface of exactly that size, or
 * returns NULL with the reason for staff in why. Runs in the worker. */
typedef SDL_Surface *(*picture_decoder)(const char *path, int w, int h, char *why,
                                        size_t whysize);

/* Runs decode(path, w, h) in the worker (forked on first use, then kept)
 * and returns its w x h ARGB surface, or NULL with a reason for staff in
 * err: the decoder's own, or too slow (the worker is killed after
 * limit_ms; the next picture starts a new one), or crashed. With
 * KIOSK_PICTURES_IN_PROCESS set (valgrind runs only: memcheck checks every
 * forked child's heap at its exit), decode runs here, with no limits.
 * KIOSK_PICTURE_TIME_SCALE=N (1-100) multiplies limit_ms: only for an
 * emulated CPU (the whole-system test's arm64 guest). */
SDL_Surface *picture_gate_decode(picture_decoder decode, const char *path, int w, int h,
                                 int limit_ms, char *err, size_t errsize);

/* Ends the worker (it also ends by itself when this process ends). */
void picture_gate_stop(void);

#endif
