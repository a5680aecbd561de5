/* golden.h - compares a rendered picture with a reference PNG in
 * tests/golden/, for test_golden.c and the scenario tests.
 *
 * A pixel differs when a channel is off by more than 40; a picture fails
 * when more than 0.3% of its pixels differ (font rasterising differs a
 * little between FreeType builds). On failure the actual image and a
 * diff go to golden-out/ in the build folder. update (from
 * KIOSK_UPDATE_GOLDEN=1) rewrites the reference instead: look at it
 * before committing. */
#ifndef KIOSK_TESTS_GOLDEN_H
#define KIOSK_TESTS_GOLDEN_H

#include <SDL.h>
#include <SDL_image.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#define TOLERANCE 40
#define MAX_DIFF_FRACTION 0.003

/* actual must be ARGB8888. Returns 0 when it matches. */
static int golden_compare(SDL_Surface *actual, const char *name, bool update) {
    char ref_path[600], out_path[600];
    snprintf(ref_path, sizeof ref_path, "%s/tests/golden/%s.png", KIOSK_SOURCE_DIR, name);
    if (update) {
        mkdir(KIOSK_SOURCE_DIR "/tests/golden", 0755);
        if (IMG_SavePNG(actual, ref_path) != 0) return -1;
        printf("updated %s\n", ref_path);
        return 0;
    }
    SDL_Surface *loaded = IMG_Load(ref_path);
    SDL_Surface *ref = loaded ? SDL_ConvertSurfaceFormat(loaded, SDL_PIXELFORMAT_ARGB8888, 0) : NULL;
    SDL_FreeSurface(loaded);
    if (!ref) {
        fprintf(stderr, "%s: no reference image (%s); run with KIOSK_UPDATE_GOLDEN=1\n", name,
                IMG_GetError());
        return -1;
    }
    int rc = 0;
    if (ref->w != actual->w || ref->h != actual->h) {
        fprintf(stderr, "%s: size %dx%d, expected %dx%d\n", name, actual->w, actual->h, ref->w,
                ref->h);
        rc = -1;
    } else {
        SDL_Surface *diff = SDL_CreateRGBSurfaceWithFormat(0, ref->w, ref->h, 32,
                                                           SDL_PIXELFORMAT_ARGB8888);
        long differing = 0;
        for (int y = 0; y < ref->h; y++) {
            const Uint32 *a = (const Uint32 *)((const Uint8 *)actual->pixels + y * actual->pitch);
            const Uint32 *b = (const Uint32 *)((const Uint8 *)ref->pixels + y * ref->pitch);
            Uint32 *d = (Uint32 *)((Uint8 *)diff->pixels + y * diff->pitch);
            for (int x = 0; x < ref->w; x++) {
                bool off = false;
                for (int sh = 0; sh < 24; sh += 8) {
                    int ca = (int)((a[x] >> sh) & 0xFF), cb = (int)((b[x] >> sh) & 0xFF);
                    if (abs(ca - cb) > TOLERANCE) off = true;
                }
                differing += off;
                Uint32 grey = ((a[x] >> 8) & 0xFF) / 3 + 160;
                d[x] = off ? 0xFFFF0000u : 0xFF000000u | grey << 16 | grey << 8 | grey;
            }
        }
        double fraction = (double)differing / ((double)ref->w * ref->h);
        if (fraction > MAX_DIFF_FRACTION) {
            mkdir("golden-out", 0755);
            snprintf(out_path, sizeof out_path, "golden-out/%s.actual.png", name);
            IMG_SavePNG(actual, out_path);
            snprintf(out_path, sizeof out_path, "golden-out/%s.diff.png", name);
            IMG_SavePNG(diff, out_path);
            fprintf(stderr, "%s: %.2f%% of pixels differ (limit %.2f%%); see golden-out/%s.*.png\n",
                    name, fraction * 100, MAX_DIFF_FRACTION * 100, name);
            rc = -1;
        }
        SDL_FreeSurface(diff);
    }
    SDL_FreeSurface(ref);
    return rc;
}


static inline bool golden_update_asked(void) {
    const char *u = getenv("KIOSK_UPDATE_GOLDEN");
    return u && u[0] == '1';
}

#endif
