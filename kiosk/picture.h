/* picture.h - decodes a page's picture at exactly the size it is drawn:
 * SVG rendered at that size by nanosvg (SDL_image); JPEG decoded by
 * libjpeg at the smallest of its scales that is large enough, PNG decoded
 * whole (SDL_image); then scaled down once, smoothly, and turned upright
 * as a photo's EXIF orientation says. Shell side. */
#ifndef KIOSK_PICTURE_H
#define KIOSK_PICTURE_H

#include <SDL.h>

/* Returns a w x h ARGB surface, or NULL with the reason logged. */
SDL_Surface *picture_load(const char *path, int w, int h);
/* The same for the kiosk's own pictures (its icons, installed with it, never
 * from a stick): an SVG is drawn here, without svg_render's child process
 * and time limit, which cost about 2 ms for each small icon. */
SDL_Surface *picture_load_own(const char *path, int w, int h);

#endif
