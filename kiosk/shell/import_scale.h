/* import_scale.h - how import writes a picture again: decoded in full
 * through the picture gate (picture.c), scaled to fit the screen, turned
 * upright, and saved as a plain JPEG or PNG; an SVG that draws in time is
 * kept as it came. The import_options.picture of kiosk import and of the
 * staff screen's install. Shell side (SDL_image). */
#ifndef KIOSK_IMPORT_SCALE_H
#define KIOSK_IMPORT_SCALE_H

#include <stddef.h>

/* The import_picture_fn the kiosk uses: decodes src, scales it to fit
 * max_side, writes dst as JPEG or PNG (as src was). */
int import_scale_picture(void *ctx, const char *src, const char *dst, int max_side, char *err,
                         size_t errsize);

#endif
