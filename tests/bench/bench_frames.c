/* bench_frames.c - times the kiosk's own frames through its real loop
 * (benchmark helper, not a test: it prints figures and asserts nothing).
 *
 * 1. Slides: attract mode at WxH with SDL's software renderer (what the
 *    kiosk uses without a GPU), stepped with shell_step() on a synthetic
 *    clock 16 ms at a time; every step that presents a frame is timed with
 *    CLOCK_MONOTONIC. A slide frame is one presented while the slide still
 *    runs; the frame that ends a slide also prepares the next page's
 *    textures, and is reported apart.
 * 2. Taps: on the real clock, a second thread pushes a finger down and,
 *    60 ms later, up, while the loop sleeps in SDL_WaitEventTimeout; timed
 *    from the push of the lift to the return of the loop step that
 *    presented (a) its first frame after the lift, (b) the first frame that
 *    shows any of the detail view, (c) the detail view fully open. Escape
 *    closes it between taps.
 *
 *   bench_frames [--size WxH] [--content DIR] [--slides N] [--taps N]
 *
 * Prints key=value lines. The video driver is SDL's choice (x11 under
 * Xvfb); SDL_VIDEODRIVER=dummy times the drawing alone. */
#include <SDL.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "content.h"
#include "paths.h"
#include "shell.h"
#include "theme.h"
#include "../touch.h"

#define MAX_SAMPLES 20000

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static uint64_t fake_now;
static uint64_t fake_clock(void *ctx) {
    (void)ctx;
    return fake_now;
}

typedef struct {
    double v[MAX_SAMPLES];
    int n;
} samples;

static void add(samples *s, double v) {
    if (s->n < MAX_SAMPLES) s->v[s->n++] = v;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The q-quantile (nearest rank) of the samples; sorts them. */
static double quantile(samples *s, double q) {
    if (s->n == 0) return NAN;
    qsort(s->v, (size_t)s->n, sizeof s->v[0], by_value);
    int rank = (int)ceil(q * s->n);
    return s->v[rank < 1 ? 0 : rank - 1];
}

static void print_samples(const char *name, samples *s) {
    printf("%s_n=%d\n%s_p50_ms=%.2f\n%s_p99_ms=%.2f\n%s_max_ms=%.2f\n", name, s->n, name,
           quantile(s, 0.5), name, quantile(s, 0.99), name, quantile(s, 1.0));
}

typedef struct {
    config cfg;
    content content;
    theme theme;
    char assets[1024];
} setup;

static int open_shell(shell *sh, setup *su, bool synthetic_clock) {
    shell_options o = {.config = &su->cfg, .content = &su->content, .theme = &su->theme,
                       .assets_dir = su->assets, .clock = synthetic_clock ? fake_clock : NULL};
    char err[600];
    if (shell_open(sh, &o, err, sizeof err) != 0) {
        fprintf(stderr, "bench_frames: %s\n", err);
        return -1;
    }
    return 0;
}

static int time_slides(setup *su, int slides) {
    static samples slide, last;
    char err[256];
    config_set(&su->cfg, "seconds_per_page", "3", err, sizeof err);
    fake_now = 1000;
    shell sh;
    if (open_shell(&sh, su, true) != 0) return -1;
    printf("renderer=%s\nvideo_driver=%s\nscreen=%dx%d\nframe_ms=%u\ntransition_ms=%u\n",
           sh.renderer_name, SDL_GetCurrentVideoDriver(), sh.win_w, sh.win_h, sh.frame_ms,
           sh.app.settings.anim_ms);
    int done = 0;
    bool was_moving = false;
    while (done < slides) {
        int frames = sh.frames;
        double t = now_ms();
        shell_step(&sh, 0);
        double took = now_ms() - t;
        bool moving = state_moving(&sh.app.st);
        if (sh.frames != frames && moving && sh.app.st.anim == STATE_ANIM_SLIDE) add(&slide, took);
        else if (sh.frames != frames && was_moving) {
            add(&last, took);
            done++;
        }
        was_moving = moving;
        fake_now += 16;
    }
    shell_close(&sh);
    print_samples("slide_frame", &slide);
    print_samples("slide_last_frame_and_prepare", &last);
    return 0;
}

/* Between the tap thread and the loop. */
static atomic_int taps_seen;      /* detail fully open, counted by the loop */
static atomic_int closes_seen;    /* back in browse mode, counted by the loop */
static _Atomic double lift_ms;    /* when the finger was lifted; 0: none pending */
static atomic_bool tap_thread_done;


static bool wait_for(atomic_int *counter, int value) {
    for (int i = 0; i < 1000 && atomic_load(counter) < value; i++) SDL_Delay(5);
    return atomic_load(counter) >= value;
}

static int tapper(void *data) {
    int taps = *(int *)data;
    for (int i = 0; i < taps; i++) {
        SDL_Delay(250 + (Uint32)(i * 37 % 50)); /* the loop is asleep by now */
        touch_push(SDL_FINGERDOWN, 1, 1, 0.7f, 0.3f);
        SDL_Delay(60);
        atomic_store(&lift_ms, now_ms());
        touch_push(SDL_FINGERUP, 1, 1, 0.7f, 0.3f);
        if (!wait_for(&taps_seen, i + 1)) break;
        SDL_Delay(100);
        SDL_Event e = {0};
        e.type = SDL_KEYDOWN;
        e.key.keysym.sym = SDLK_ESCAPE;
        SDL_PushEvent(&e);
        if (!wait_for(&closes_seen, i + 1)) break;
    }
    atomic_store(&tap_thread_done, true);
    SDL_Event quit = {.type = SDL_QUIT};
    SDL_PushEvent(&quit);
    return 0;
}

static int time_taps(setup *su, int taps) {
    static samples first, visible, full;
    char err[256];
    config_set(&su->cfg, "seconds_per_page", "600", err, sizeof err);
    shell sh;
    if (open_shell(&sh, su, false) != 0) return -1;
    SDL_Thread *thread = SDL_CreateThread(tapper, "tapper", &taps);
    if (!thread) {
        fprintf(stderr, "bench_frames: cannot start a thread: %s\n", SDL_GetError());
        shell_close(&sh);
        return -1;
    }
    bool got_first = false, got_visible = false;
    while (!sh.quit) {
        int frames = sh.frames;
        shell_step(&sh, 1000);
        if (sh.frames == frames) continue;
        double t = now_ms(), lift = atomic_load(&lift_ms);
        const state *st = &sh.app.st;
        if (lift > 0) {
            if (!got_first) add(&first, t - lift), got_first = true;
            /* On screen: the frame shows some of the detail view (the
             * opening slide's first frame has it just below the screen). */
            state_frame f;
            state_frame_at(st, sh.shown_at, &f);
            bool detail = st->mode == STATE_DETAIL;
            bool shown = st->anim == STATE_ANIM_NONE ||
                         (st->anim == STATE_ANIM_OPEN && lroundf(f.views[1].y) < sh.logical_h);
            if (detail && shown && !got_visible) add(&visible, t - lift), got_visible = true;
            if (detail && st->anim == STATE_ANIM_NONE) {
                add(&full, t - lift);
                got_first = got_visible = false;
                atomic_store(&lift_ms, 0);
                atomic_fetch_add(&taps_seen, 1);
            }
        } else if (st->mode != STATE_DETAIL && st->anim == STATE_ANIM_NONE &&
                   atomic_load(&closes_seen) < atomic_load(&taps_seen)) {
            atomic_fetch_add(&closes_seen, 1);
        }
    }
    SDL_WaitThread(thread, NULL);
    shell_close(&sh);
    if (full.n < taps) fprintf(stderr, "bench_frames: only %d of %d taps opened the detail\n",
                               full.n, taps);
    print_samples("tap_first_frame", &first);
    print_samples("tap_detail_visible", &visible);
    print_samples("tap_detail_open", &full);
    return full.n == taps ? 0 : -1;
}

int main(int argc, char **argv) {
    static setup su;
    char content_dir[1024];
    paths_find(su.assets, sizeof su.assets, content_dir, sizeof content_dir);
    const char *size = "1920x1080";
    int slides = 21, taps = 20;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--size") == 0) size = argv[i + 1];
        else if (strcmp(argv[i], "--content") == 0)
            snprintf(content_dir, sizeof content_dir, "%s", argv[i + 1]);
        else if (strcmp(argv[i], "--slides") == 0) slides = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--taps") == 0) taps = atoi(argv[i + 1]);
        else {
            fprintf(stderr, "usage: bench_frames [--size WxH] [--content DIR] [--slides N] "
                            "[--taps N]\n");
            return 2;
        }
    }
    char err[256];
    config_defaults(&su.cfg, content_dir);
    if (config_set(&su.cfg, "window", size, err, sizeof err) != 0 ||
        config_set(&su.cfg, "renderer", "software", err, sizeof err) != 0) {
        fprintf(stderr, "bench_frames: %s\n", err);
        return 2;
    }
    theme_defaults(&su.theme);
    char theme_path[1100];
    snprintf(theme_path, sizeof theme_path, "%s/theme.ini", su.assets);
    diag_list d;
    diag_list_init(&d);
    theme_load(&su.theme, theme_path, &d);
    content_load(&su.content, content_dir, &d);
    diag_list_print(&d, stderr, "bench_frames: ");
    diag_list_release(&d);
    if (su.content.page_count < 2) {
        fprintf(stderr, "bench_frames: %s needs two pages or more\n", content_dir);
        content_release(&su.content);
        return 1;
    }
    int rc = slides > 0 ? time_slides(&su, slides) : 0;
    if (rc == 0 && taps > 0) rc = time_taps(&su, taps);
    content_release(&su.content);
    return rc == 0 ? 0 : 1;
}
