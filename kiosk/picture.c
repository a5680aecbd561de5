/* picture.c - pictures decoded at the size they are shown. See picture.h. */
#include "picture.h"

#include <SDL_image.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

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
