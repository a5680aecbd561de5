/* bench_shell.h - what the helpers that drive the kiosk's real loop share
 * (bench_frames, bench_loop): samples and their percentiles, and the
 * kiosk's setup at WxH with SDL's software renderer, the bundled theme
 * and a content folder, opened on the real or a synthetic clock.
 * Benchmark helpers only: nothing here checks anything. */
#ifndef KIOSK_BENCH_SHELL_H
#define KIOSK_BENCH_SHELL_H

#include <SDL.h>
#include <math.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "content.h"
#include "shell.h"
#include "theme.h"

#define BENCH_MAX_SAMPLES 20000

static inline double bench_now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

typedef struct {
    double v[BENCH_MAX_SAMPLES];
    int n;
} samples;

static inline void add(samples *s, double v) {
    if (s->n < BENCH_MAX_SAMPLES) s->v[s->n++] = v;
}

static inline int bench_by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The q-quantile (nearest rank) of the samples; sorts them. */
static inline double quantile(samples *s, double q) {
    if (s->n == 0) return NAN;
    qsort(s->v, (size_t)s->n, sizeof s->v[0], bench_by_value);
    int rank = (int)ceil(q * s->n);
    return s->v[rank < 1 ? 0 : rank - 1];
}

static inline void print_samples(const char *name, samples *s) {
    printf("%s_n=%d\n%s_p50_ms=%.2f\n%s_p99_ms=%.2f\n%s_max_ms=%.2f\n", name, s->n, name,
           quantile(s, 0.5), name, quantile(s, 0.99), name, quantile(s, 1.0));
}

typedef struct {
    config cfg;
    content content;
    theme theme;
    char assets[1024];
    char content_dir[1024];   /* --content, else the bundled pages */
    const char *size;         /* --size, else 1920x1080 */
} setup;

/* The options every such helper takes: --size WxH and --content DIR.
 * true when name was one of them. */
static inline bool bench_option(setup *su, const char *name, const char *value) {
    if (strcmp(name, "--size") == 0) su->size = value;
    else if (strcmp(name, "--content") == 0)
        snprintf(su->content_dir, sizeof su->content_dir, "%s", value);
    else return false;
    return true;
}

/* A key pressed, from any thread. */
static inline void bench_push_key(SDL_Keycode key) {
    SDL_Event e;
    SDL_zero(e);
    e.type = SDL_KEYDOWN;
    e.key.keysym.sym = key;
    SDL_PushEvent(&e);
}

/* Waits (5 s at most, from another thread than the loop's) until the loop
 * has counted value. */
static inline bool bench_wait_for(atomic_int *counter, int value) {
    for (int i = 0; i < 2500 && atomic_load(counter) < value; i++) SDL_Delay(2);
    return atomic_load(counter) >= value;
}

/* The configuration (window size, software renderer), the bundled theme
 * and the content folder's pages; who prints its errors with its name. 0,
 * or -1 (said on stderr). */
static inline int bench_setup(setup *su, const char *who) {
    char err[256];
    const char *content_dir = su->content_dir;
    config_defaults(&su->cfg, content_dir);
    if (config_set(&su->cfg, "window", su->size ? su->size : "1920x1080", err, sizeof err) != 0 ||
        config_set(&su->cfg, "renderer", "software", err, sizeof err) != 0) {
        fprintf(stderr, "%s: %s\n", who, err);
        return -1;
    }
    theme_defaults(&su->theme);
    char theme_path[1100];
    snprintf(theme_path, sizeof theme_path, "%s/theme.ini", su->assets);
    diag_list d;
    diag_list_init(&d);
    theme_load(&su->theme, theme_path, &d);
    content_load(&su->content, content_dir, &d);
    char prefix[64];
    snprintf(prefix, sizeof prefix, "%s: ", who);
    diag_list_print(&d, stderr, prefix);
    diag_list_release(&d);
    if (su->content.page_count < 2) {
        fprintf(stderr, "%s: %s needs two pages or more\n", who, content_dir);
        content_release(&su->content);
        return -1;
    }
    return 0;
}

/* Opens the kiosk on clock (NULL: the real one), counting page views in
 * data_dir (NULL: none, and no raster cache). 0, or -1 (said on stderr). */
static inline int bench_open(shell *sh, setup *su, shell_clock clock, const char *data_dir) {
    shell_options o = {.config = &su->cfg, .content = &su->content, .theme = &su->theme,
                       .assets_dir = su->assets, .clock = clock, .data_dir = data_dir};
    char err[600];
    if (shell_open(sh, &o, err, sizeof err) != 0) {
        fprintf(stderr, "bench: %s\n", err);
        return -1;
    }
    return 0;
}

/* The last frame presented shows some of the detail view (the opening
 * slide's first frame has it just below the screen). */
static inline bool bench_detail_shown(const shell *sh) {
    const state *st = &sh->app.st;
    if (st->mode != STATE_DETAIL) return false;
    state_frame f;
    state_frame_at(st, sh->shown_at, &f);
    return st->anim == STATE_ANIM_NONE ||
           (st->anim == STATE_ANIM_OPEN && lroundf(f.views[1].y) < sh->logical_h);
}

#endif
