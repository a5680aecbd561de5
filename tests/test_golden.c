/* test_golden.c - renders the bundled pages with SDL's software renderer
 * on a surface (no display) and compares them with the PNGs in tests/golden/.
 *
 * A pixel differs when a channel is off by more than 40; a view fails when
 * more than 0.3% of its pixels differ (font rasterising differs a little
 * between FreeType builds). On failure the actual image and a diff go to
 * golden-out/ in the build folder. KIOSK_UPDATE_GOLDEN=1 rewrites the
 * references: look at them before committing. */
#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "check.h"
#include "commands.h"
#include "content.h"
#include "theme.h"

#define TOLERANCE 40
#define MAX_DIFF_FRACTION 0.003

static const struct {
    int w, h;
    const char *page;   /* page id */
    bool detail;
} cases[] = {
    {800, 480, "welcome", false},
    {800, 480, "infant-mental-health", false},
    {800, 480, "infant-mental-health", true},
    {800, 480, "positive-touch", false},
    {800, 480, "attunement", false},
    {800, 480, "bonding", false},
    {800, 480, "hormones", false},
    {800, 480, "brain-development", false},
    {800, 480, "brain-development", true},
    {720, 1280, "welcome", false},
    {720, 1280, "infant-mental-health", true},
    {720, 1280, "attunement", false},
    {720, 1280, "attunement", true},
    {1280, 800, "positive-touch", false},
    {1280, 800, "positive-touch", true},
    {1920, 1080, "bonding", false},
    {1024, 600, "hormones", false},
    {1080, 1920, "brain-development", false},
};

static int compare(SDL_Surface *actual, const char *name, bool update) {
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

int main(void) {
    bool update = getenv("KIOSK_UPDATE_GOLDEN") && getenv("KIOSK_UPDATE_GOLDEN")[0] == '1';
    CHECK_INT(TTF_Init(), 0);
    theme t;
    theme_defaults(&t);
    diag_list d;
    diag_list_init(&d);
    CHECK_INT(theme_load(&t, KIOSK_SOURCE_DIR "/assets/theme.ini", &d), 0);
    content c;
    CHECK_INT(content_load(&c, KIOSK_SOURCE_DIR "/content", &d), 0);
    CHECK_INT(d.errors, 0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int page = -1;
        for (int p = 0; p < c.page_count; p++)
            if (strcmp(c.pages[p].id, cases[i].page) == 0) page = p;
        CHECK(page >= 0);
        if (page < 0) continue;
        offscreen o;
        char err[512];
        int rc = offscreen_open(&o, &c, &t, KIOSK_SOURCE_DIR "/assets", cases[i].w, cases[i].h, 0,
                                err, sizeof err);
        CHECK_INT(rc, 0);
        if (rc != 0) { fprintf(stderr, "%s\n", err); continue; }
        char name[200];
        snprintf(name, sizeof name, "%dx%d-%s%s", cases[i].w, cases[i].h, cases[i].page,
                 cases[i].detail ? "-detail" : "");
        CHECK_INT(compare(offscreen_draw(&o, page, cases[i].detail, 0), name, update), 0);
        offscreen_close(&o);
    }
    /* No pages at all: the calm "Back soon" screen, never black. */
    content empty = {0};
    offscreen o;
    char err[512];
    CHECK_INT(offscreen_open(&o, &empty, &t, KIOSK_SOURCE_DIR "/assets", 800, 480, 0, err,
                             sizeof err), 0);
    CHECK_INT(compare(offscreen_draw(&o, 0, false, 0), "800x480-back-soon", update), 0);
    offscreen_close(&o);
    content_release(&c);
    diag_list_release(&d);
    TTF_Quit();
    return check_summary();
}
