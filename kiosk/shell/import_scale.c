/* import_scale.c - pictures written again for install. See import_scale.h. */
#include "import_scale.h"

#include <SDL.h>
#include <SDL_image.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "imageinfo.h"
#include "layout.h"
#include "picture.h"

int import_scale_picture(void *ctx, const char *src, const char *dst, int max_side, char *err,
                         size_t errsize) {
    (void)ctx;
    image_info info;
    if (imageinfo_read(src, &info, err, errsize) != 0) return -1;
    int w, h; /* the upright size, scaled to fit */
    layout_fit(info.width, info.height, max_side, max_side, &w, &h);
    if (info.kind != IMAGE_SVG && (w > info.width || h > info.height)) {
        w = info.width;
        h = info.height;
    }
    char why[300];
    SDL_Surface *s = picture_check(src, w, h, why, sizeof why);
    if (!s) {
        snprintf(err, errsize, "%s", why);
        return -1;
    }
    if (info.kind == IMAGE_SVG) { /* it can be drawn, in time: keep its bytes */
        SDL_FreeSurface(s);
        if (link(src, dst) == 0) return 0;
        snprintf(err, errsize, "cannot keep it: %s", strerror(errno));
        return -1;
    }
    const char *dot = strrchr(dst, '.');
    bool png = dot && strcasecmp(dot, ".png") == 0;
    int rc = png ? IMG_SavePNG(s, dst) : IMG_SaveJPG(s, dst, 90);
    SDL_FreeSurface(s);
    if (rc != 0) {
        snprintf(err, errsize, "cannot write the scaled picture: %s", IMG_GetError());
        return -1;
    }
    return 0;
}
