/* bench_svgcache.c - times the first page's pictures at start, as the
 * kiosk draws them (picture_load: the picture gate's worker, the raster
 * cache of picture_use_cache), at each screen size given: with no cache,
 * with an empty cache (drawn, then written), and with a warm one (read).
 * Then the same for every page's picture (a full round of page turns).
 * Benchmark helper, not a test: it prints figures, it checks nothing.
 * The picture sizes are the page view's (layout_page), at 5.2 px/mm for
 * 800x480 (a 7" panel) and 4.1 px/mm otherwise (a 21" one).
 *
 *   bench_svgcache [--content DIR] [--runs N] [WxH ...]   (default 800x480 1920x1080) */
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "content.h"
#include "fonts.h"
#include "layout.h"
#include "paths.h"
#include "picture.h"
#include "picture_gate.h"
#include "theme.h"

#define MAX_PICTURES 64

typedef struct {
    const char *path;
    int w, h;
} picture;

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

/* The pictures of page p's view at w x h, appended to out. */
static int page_pictures(const content *c, int p, const theme *t, fonts *f, int w, int h,
                         picture *out, int n) {
    layout_metrics m = layout_metrics_for(w, h, w <= 800 ? 5.2 : 4.1);
    layout_view v;
    memset(&v, 0, sizeof v);
    layout_words words = layout_words_english();
    text_measure tm = fonts_measure(f);
    if (layout_page(&v, &m, t, &tm, &c->pages[p], 0, p, c->page_count, &words) != 0) return n;
    for (int i = 0; i < v.item_count && n < MAX_PICTURES; i++)
        if (v.items[i].kind == LAYOUT_ITEM_IMAGE && v.items[i].w > 0 && v.items[i].h > 0)
            out[n++] = (picture){v.items[i].image, v.items[i].w, v.items[i].h};
    layout_release(&v);
    return n;
}

/* Draws every picture once: the time in ms, or -1 when one fails. */
static double draw_all(const picture *pics, int n) {
    double t0 = now_ms();
    for (int i = 0; i < n; i++) {
        SDL_Surface *s = picture_load(pics[i].path, pics[i].w, pics[i].h);
        if (!s) return -1;
        SDL_FreeSurface(s);
    }
    return now_ms() - t0;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* no cache, empty cache, warm cache: the median of runs each. */
static void measure(const char *label, const picture *pics, int n, const char *data, int runs) {
    double none[32], cold[32], warm[32];
    char rm[1200];
    snprintf(rm, sizeof rm, "rm -rf '%s/cache'", data);
    for (int r = 0; r < runs; r++) {
        picture_use_cache(NULL);
        none[r] = draw_all(pics, n);
        picture_use_cache(data);
        if (system(rm) != 0) fprintf(stderr, "bench_svgcache: %s failed\n", rm);
        cold[r] = draw_all(pics, n);
        warm[r] = draw_all(pics, n);
    }
    picture_use_cache(NULL);
    qsort(none, (size_t)runs, sizeof none[0], by_value);
    qsort(cold, (size_t)runs, sizeof cold[0], by_value);
    qsort(warm, (size_t)runs, sizeof warm[0], by_value);
    printf("%-34s %3d pictures  no cache %7.1f ms  empty cache %7.1f ms  warm cache %6.1f ms"
           "  (medians of %d; min-max warm %.1f-%.1f)\n",
           label, n, none[runs / 2], cold[runs / 2], warm[runs / 2], runs, warm[0],
           warm[runs - 1]);
}

int main(int argc, char **argv) {
    char assets[1024], content_dir[1024];
    paths_find(assets, sizeof assets, content_dir, sizeof content_dir);
    int runs = 5;
    const char *sizes[8];
    int nsizes = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--content") == 0 && i + 1 < argc)
            snprintf(content_dir, sizeof content_dir, "%s", argv[++i]);
        else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (strchr(argv[i], 'x') && nsizes < 8)
            sizes[nsizes++] = argv[i];
        else {
            fprintf(stderr, "usage: bench_svgcache [--content DIR] [--runs N] [WxH ...]\n");
            return 2;
        }
    }
    if (runs < 1 || runs > 32) runs = 5;
    if (nsizes == 0) sizes[nsizes++] = "800x480", sizes[nsizes++] = "1920x1080";
    if (SDL_Init(0) != 0) return 1;
    theme t;
    theme_defaults(&t);
    char theme_path[1100];
    snprintf(theme_path, sizeof theme_path, "%s/theme.ini", assets);
    diag_list d;
    diag_list_init(&d);
    theme_load(&t, theme_path, &d);
    content c;
    content_load(&c, content_dir, &d);
    diag_list_print(&d, stderr, "bench_svgcache: ");
    diag_list_release(&d);
    fonts f;
    char err[256];
    if (c.page_count < 1 || fonts_init(&f, &t, err, sizeof err) != 0) {
        fprintf(stderr, "bench_svgcache: no pages or fonts in %s\n", content_dir);
        return 1;
    }
    char data[] = "/tmp/bench-svgcache-XXXXXX";
    if (!mkdtemp(data)) return 1;
    printf("bench_svgcache: %s, %d runs\n", content_dir, runs);
    for (int s = 0; s < nsizes; s++) {
        int w = 0, h = 0;
        if (sscanf(sizes[s], "%dx%d", &w, &h) != 2 || w <= 0 || h <= 0) continue;
        picture pics[MAX_PICTURES];
        int n = page_pictures(&c, 0, &t, &f, w, h, pics, 0);
        char label[80];
        snprintf(label, sizeof label, "%s first page (%dx%d)", sizes[s], n ? pics[0].w : 0,
                 n ? pics[0].h : 0);
        measure(label, pics, n, data, runs);
        n = 0;
        for (int p = 0; p < c.page_count; p++) n = page_pictures(&c, p, &t, &f, w, h, pics, n);
        snprintf(label, sizeof label, "%s every page", sizes[s]);
        measure(label, pics, n, data, runs);
    }
    char rm[1200];
    snprintf(rm, sizeof rm, "rm -rf '%s'", data);
    if (system(rm) != 0) fprintf(stderr, "bench_svgcache: %s failed\n", rm);
    fonts_release(&f);
    content_release(&c);
    picture_gate_stop();
    SDL_Quit();
    return 0;
}
