/* picture.h - decodes a page's picture at exactly the size it is drawn:
 * SVG rendered at that size by nanosvg (SDL_image); JPEG decoded by
 * libjpeg at the smallest of its scales that is large enough (CMYK ones
 * too), PNG decoded whole (SDL_image); then scaled down once, smoothly,
 * and turned upright as a photo's EXIF orientation says. All of it runs
 * in the picture gate's worker, with a time and a memory limit
 * (picture_gate.h). Shell side. */
#ifndef KIOSK_PICTURE_H
#define KIOSK_PICTURE_H

#include <SDL.h>

#include <stddef.h>

#include "content.h"
#include "diag.h"

/* Returns a w x h ARGB surface, or NULL with the reason for staff in why
 * (too slow, crashed, damaged: picture_gate.h). For the running kiosk: at
 * most PICTURE_GATE_DRAW_LIMIT_MS. */
SDL_Surface *picture_open(const char *path, int w, int h, char *why, size_t whysize);
/* picture_open after a full, strict decode (a cut or damaged file is
 * refused, where picture_open draws what it can), within
 * PICTURE_GATE_LIMIT_MS: kiosk check and kiosk import, so that what check
 * refuses is never installed. */
SDL_Surface *picture_check(const char *path, int w, int h, char *why, size_t whysize);
/* picture_check of every page's picture of c, at a small size (what is
 * checked is that it decodes, in full, within the limits): an error in d
 * for each that does not, naming the page and the picture. Returns how
 * many pages have a picture. kiosk check, and the staff screen before it
 * offers to install (media_judge). */
int picture_check_content(const content *c, diag_list *d);
/* picture_open, with the reason logged, and the time limit of check and
 * import (PICTURE_GATE_LIMIT_MS): for drawing with no loop to keep going
 * (kiosk render, golden images), where a busy machine must not lose a
 * picture. */
SDL_Surface *picture_load(const char *path, int w, int h);
/* The raster cache's folder below the data folder. */
#define PICTURE_CACHE_FOLDER "cache/pictures"
/* From now on, picture_open and picture_load keep each SVG they draw in
 * data_dir/PICTURE_CACHE_FOLDER (rastercache.h), keyed on its bytes and
 * the size, and draw it from there the next time; NULL: no cache (as
 * kiosk render and tests without a data folder). Call it before the
 * threads that draw pictures start (picture_queue_new), or after they end.
 * PNG and JPEG pictures are not cached: import has already written them
 * at the screen's size, and decoding them costs about what reading the
 * raster would. */
void picture_use_cache(const char *data_dir);
/* The kiosk's own pictures (its icons, installed with it, never from a
 * stick): an SVG is drawn here, without the worker and its time limit,
 * which cost about 2 ms for each small icon. */
SDL_Surface *picture_load_own(const char *path, int w, int h);

#endif
