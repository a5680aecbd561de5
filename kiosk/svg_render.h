/* svg_render.h - draws an SVG (SDL_image's nanosvg) at w x h in a worker
 * process (forked once, kept), with a time limit. nanosvg has no limit of its own: an SVG of
 * under 1 MB with 100,000 random lines or dashed strokes takes minutes,
 * and the kiosk's loop must never stop that long. Shell side (fork, SDL). */
#ifndef KIOSK_SVG_RENDER_H
#define KIOSK_SVG_RENDER_H

#include <SDL.h>
#include <stddef.h>

#define SVG_RENDER_LIMIT_MS 4000   /* an illustration takes a few ms; a Pi 3 a few times that */

/* Returns a w x h ARGB8888 surface, or NULL with a reason for staff in
 * err: too slow (killed after limit_ms), crashed, or not readable. */
SDL_Surface *svg_render(const char *path, int w, int h, int limit_ms, char *err, size_t errsize);

/* Ends the worker (it also ends by itself when this process ends). */
void svg_render_stop(void);

#endif
