/* picture.c - pictures decoded at the size they are shown. See picture.h. */
#include "picture.h"

#include <SDL_image.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "imageinfo.h"

/* Turns a decoded ARGB picture upright as EXIF orientation o (2..8) says:
 * mirrored, turned 180, or turned a quarter (then width and height swap). */
static SDL_Surface *upright(SDL_Surface *src, int o) {
    int sw = src->w, sh = src->h;
    bool quarter = o >= 5;
    SDL_Surface *dst = SDL_CreateRGBSurfaceWithFormat(0, quarter ? sh : sw, quarter ? sw : sh, 32,
                                                      SDL_PIXELFORMAT_ARGB8888);
    if (!dst) return NULL;
    for (int y = 0; y < dst->h; y++) {
        Uint32 *out = (Uint32 *)((Uint8 *)dst->pixels + y * dst->pitch);
        for (int x = 0; x < dst->w; x++) {
            int sx, sy;
            switch (o) {
            case 2: sx = sw - 1 - x; sy = y; break;
            case 3: sx = sw - 1 - x; sy = sh - 1 - y; break;
            case 4: sx = x; sy = sh - 1 - y; break;
            case 5: sx = y; sy = x; break;
            case 6: sx = y; sy = sh - 1 - x; break;
            case 7: sx = sw - 1 - y; sy = sh - 1 - x; break;
            case 8: sx = sw - 1 - y; sy = x; break;
            default: sx = x; sy = y; break;
            }
            out[x] = ((const Uint32 *)((const Uint8 *)src->pixels + sy * src->pitch))[sx];
        }
    }
    return dst;
}

SDL_Surface *picture_load(const char *path, int w, int h) {
    if (w <= 0 || h <= 0) return NULL;
    const char *dot = strrchr(path, '.');
    bool svg = dot && strcasecmp(dot, ".svg") == 0;
    SDL_RWops *rw = SDL_RWFromFile(path, "rb");
    if (!rw) {
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "Couldn't open %s: %s", path, SDL_GetError());
        return NULL;
    }
    SDL_Surface *raw = svg ? IMG_LoadSizedSVG_RW(rw, w, h) : IMG_Load_RW(rw, 0);
    SDL_RWclose(rw);
    if (!raw) {
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "Couldn't load picture %s: %s", path,
                     IMG_GetError());
        return NULL;
    }
    SDL_Surface *argb = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(raw);
    if (!argb) {
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "Couldn't convert %s: %s", path, SDL_GetError());
        return NULL;
    }
    image_info info;
    char why[128];
    if (!svg && imageinfo_read(path, &info, why, sizeof why) == 0 && info.orientation > 1) {
        SDL_Surface *turned = upright(argb, info.orientation);
        SDL_FreeSurface(argb);
        if (!turned) {
            SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "Couldn't turn %s upright: %s", path,
                         SDL_GetError());
            return NULL;
        }
        argb = turned;
    }
    if (argb->w == w && argb->h == h) return argb;
    /* Scale down in halves first (a box filter), then linearly: smooth
     * even from a 12-megapixel photo. */
    while (argb->w >= 2 * w && argb->h >= 2 * h) {
        SDL_Surface *half = SDL_CreateRGBSurfaceWithFormat(0, argb->w / 2, argb->h / 2, 32,
                                                           SDL_PIXELFORMAT_ARGB8888);
        if (!half || SDL_SoftStretchLinear(argb, NULL, half, NULL) != 0) {
            SDL_FreeSurface(half);
            break;
        }
        SDL_FreeSurface(argb);
        argb = half;
    }
    SDL_Surface *out = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!out || SDL_SoftStretchLinear(argb, NULL, out, NULL) != 0) {
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "Couldn't scale %s: %s", path, SDL_GetError());
        SDL_FreeSurface(out);
        SDL_FreeSurface(argb);
        return NULL;
    }
    SDL_FreeSurface(argb);
    return out;
}
