/* bench_loop.c - the longest turns of the kiosk's real loop, and tap to
 * response while a picture is being prepared (benchmark helper, not a
 * test: it prints figures and asserts nothing).
 *
 * 1. attract: MINUTES of attract mode at WxH with SDL's software renderer,
 *    on a synthetic clock, with a fresh data folder (page-view counts, and
 *    a raster cache that starts cold). The clock moves 16 ms a turn while
 *    something moves, else as far as the loop would sleep (at most 1 s).
 * 2. bursts: then, on the same kiosk, BURSTS times at a page boundary
 *    (alternately the turn a slide starts and the one it ends), 5 taps
 *    100 ms apart (down, up 50 ms later); Escape 300 ms after the last.
 *    Each turn of shell_step in 1 and 2 is timed (CLOCK_MONOTONIC) and,
 *    under `valgrind --tool=callgrind --collect-atstart=no`, its
 *    instructions are collected (this thread only) and dumped with a name
 *    "PART N t=MS[ slide| frame]" (a frame mid-slide, another frame;
 *    tests/bench/loop.sh reads them back).
 * 3. prep: on the real clock, with no data folder (no raster cache, so
 *    every picture is drawn by the worker): Right (the next page slides
 *    in); at its first still frame the loop has asked for the next page's
 *    picture (pages whose next one needs none are passed); at once a tap
 *    (down, up 60 ms later), TAPS of them, each timed from the lift to the
 *    first frame that shows the detail view. Every tap comes down during a
 *    preparation; those lifted during one too (picture_queue_pending not 0
 *    at the lift) are also reported apart. Skipped under valgrind (real
 *    time).
 *
 * The picture worker is another process: its instructions are not the
 * loop's, and not counted. The picture thread's are not counted either.
 *
 *   bench_loop [--size WxH] [--content DIR] [--data DIR] [--minutes N]
 *              [--bursts N] [--taps N] [--hold MS]   (a tap's down to up, 60 ms)
 *
 * Prints key=value lines. Run it with SDL_VIDEODRIVER=dummy. Without
 * --data it makes a data folder in /tmp and leaves it (data= says where). */
#include <SDL.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/callgrind.h>

#include "bench_shell.h"
#include "paths.h"
#include "picture_queue.h"
#include "../touch.h"

static uint64_t fake_now;
static uint64_t fake_clock(void *ctx) {
    (void)ctx;
    return fake_now;
}

typedef struct {
    const char *name;
    samples all;          /* every turn (ms) */
    samples frames;       /* turns that presented a frame (ms) */
    samples slide;        /* of those, frames in the middle of a slide (ms) */
    int turns;
    double worst_ms;
    uint64_t worst_at;    /* the synthetic time of the worst turn */
    bool worst_frame;
} part;

/* One turn of the loop, timed and, under callgrind, counted and dumped. */
static void turn(shell *sh, part *p) {
    int frames = sh->frames;
    double t = bench_now_ms();
    CALLGRIND_TOGGLE_COLLECT;
    shell_step(sh, 0);
    CALLGRIND_TOGGLE_COLLECT;
    double took = bench_now_ms() - t;
    bool frame = sh->frames != frames;
    bool slide = frame && app_moving(&sh->app) && sh->app.st.anim == STATE_ANIM_SLIDE;
    if (RUNNING_ON_VALGRIND) {
        char name[96];
        snprintf(name, sizeof name, "%s %d t=%llu%s", p->name, p->turns,
                 (unsigned long long)fake_now, slide ? " slide" : frame ? " frame" : "");
        CALLGRIND_DUMP_STATS_AT(name);
    }
    p->turns++;
    add(&p->all, took);
    if (frame) add(&p->frames, took);
    if (slide) add(&p->slide, took);
    if (took > p->worst_ms) {
        p->worst_ms = took;
        p->worst_at = fake_now;
        p->worst_frame = frame;
    }
}

/* How far the synthetic clock moves after a turn: one refresh while
 * something moves or waits to be drawn, else what the app waits for. */
static uint64_t advance(const shell *sh) {
    if (app_moving(&sh->app) || sh->redraw || sh->holding) return 16;
    uint32_t wait = app_wait_ms(&sh->app, fake_now);
    return wait < 1 ? 1 : wait > 1000 ? 1000 : wait;
}

static void print_part(part *p) {
    printf("%s_turns=%d\n", p->name, p->turns);
    char name[64];
    snprintf(name, sizeof name, "%s_turn", p->name);
    print_samples(name, &p->all);
    snprintf(name, sizeof name, "%s_frame", p->name);
    print_samples(name, &p->frames);
    snprintf(name, sizeof name, "%s_slide_frame", p->name);
    print_samples(name, &p->slide);
    printf("%s_worst_at_ms=%llu\n%s_worst_was_frame=%d\n", p->name,
           (unsigned long long)p->worst_at, p->name, p->worst_frame);
}

static void attract(shell *sh, part *p, int minutes) {
    uint64_t end = fake_now + (uint64_t)minutes * 60000;
    while (fake_now < end) {
        turn(sh, p);
        fake_now += advance(sh);
    }
}

/* A finger at (0.7, 0.3), down or up. */
static void tap_event(Uint32 type) {
    touch_push(type, 1, 1, 0.7f, 0.3f);
}

static void bursts(shell *sh, part *p, int count) {
    for (int b = 0; b < count; b++) {
        /* Even bursts at the turn after a slide starts, odd ones after it ends. */
        bool want_moving = b % 2 == 0;
        bool was = app_moving(&sh->app);
        for (int guard = 0; guard < 100000; guard++) {
            turn(sh, p);
            bool now_moving = app_moving(&sh->app);
            bool boundary = now_moving != was && now_moving == want_moving &&
                            sh->app.st.anim != STATE_ANIM_OPEN &&
                            sh->app.st.anim != STATE_ANIM_CLOSE;
            was = now_moving;
            fake_now += advance(sh);
            if (boundary) break;
        }
        uint64_t t0 = fake_now;
        for (int k = 0; k < 5; k++) {
            /* Down at t0 + 100 k, up 50 ms later, on the 16 ms turns. */
            while (fake_now < t0 + 100u * (uint64_t)k) turn(sh, p), fake_now += 16;
            tap_event(SDL_FINGERDOWN);
            while (fake_now < t0 + 100u * (uint64_t)k + 50) turn(sh, p), fake_now += 16;
            tap_event(SDL_FINGERUP);
        }
        while (fake_now < t0 + 700) turn(sh, p), fake_now += 16;
        bench_push_key(SDLK_ESCAPE);
    }
    /* The last Escape and what it moves. */
    for (int i = 0; i < 60; i++) turn(sh, p), fake_now += advance(sh);
}

/* Between the tap thread and the loop, in part 3. */
static atomic_int pages_settled;  /* a page change ended, counted by the loop */
static atomic_int taps_seen;      /* the detail shown, counted by the loop */
static atomic_int closes_seen;    /* back in browse mode, counted by the loop */
static _Atomic double lift_ms;    /* when the finger was lifted; 0: none pending */
static atomic_int landed;         /* taps lifted while a picture was still being prepared */
static atomic_bool lift_in_prep;  /* the pending tap's lift was */
static picture_queue *queue;      /* the loop's (read only: picture_queue_pending) */
static samples preparing;         /* from a page's end until its next picture was ready (ms) */

typedef struct {
    int taps;
    int hold_ms;
} tap_plan;


static int tapper(void *data) {
    const tap_plan *plan = data;
    SDL_Delay(500);
    int tapped = 0;
    for (int page = 0; tapped < plan->taps && page < plan->taps * 8; page++) {
        bench_push_key(SDLK_RIGHT);
        if (!bench_wait_for(&pages_settled, page + 1)) break;
        double settled = bench_now_ms();
        if (!queue || picture_queue_pending(queue) == 0) {
            SDL_Delay(100); /* nothing asked for: the next page */
            continue;
        }
        tap_event(SDL_FINGERDOWN);
        SDL_Delay((Uint32)plan->hold_ms);
        bool prep = queue && picture_queue_pending(queue) > 0;
        atomic_store(&lift_in_prep, prep);
        if (prep) atomic_fetch_add(&landed, 1);
        atomic_store(&lift_ms, bench_now_ms());
        tap_event(SDL_FINGERUP);
        if (prep) {
            /* How long that preparation took from the page's end, at least. */
            while (queue && picture_queue_pending(queue) > 0) SDL_Delay(1);
            add(&preparing, bench_now_ms() - settled);
        }
        tapped++;
        if (!bench_wait_for(&taps_seen, tapped)) break;
        SDL_Delay(400); /* the detail fully open */
        bench_push_key(SDLK_ESCAPE);
        if (!bench_wait_for(&closes_seen, tapped)) break;
        SDL_Delay(300);
    }
    SDL_Event quit = {.type = SDL_QUIT};
    SDL_PushEvent(&quit);
    return 0;
}

static int prep_taps(setup *su, int taps, int hold_ms) {
    static samples all, lifted_during, first_frame;
    static tap_plan plan;
    plan = (tap_plan){taps, hold_ms};
    char err[256];
    config_set(&su->cfg, "seconds_per_page", "600", err, sizeof err);
    shell sh;
    if (bench_open(&sh, su, NULL, NULL) != 0) return -1;
    queue = sh.drawer.queue;
    SDL_Thread *thread = SDL_CreateThread(tapper, "tapper", &plan);
    if (!thread) {
        fprintf(stderr, "bench_loop: cannot start a thread: %s\n", SDL_GetError());
        shell_close(&sh);
        return -1;
    }
    bool was_moving = false, got_first = false, closing = false;
    while (!sh.quit) {
        int frames = sh.frames;
        shell_step(&sh, 1000);
        if (sh.frames == frames) continue;
        double t = bench_now_ms(), lift = atomic_load(&lift_ms);
        const state *st = &sh.app.st;
        bool moving = state_moving(st);
        if (lift > 0) {
            if (!got_first) add(&first_frame, t - lift), got_first = true;
            if (bench_detail_shown(&sh)) {
                add(&all, t - lift);
                if (atomic_load(&lift_in_prep)) add(&lifted_during, t - lift);
                got_first = false;
                atomic_store(&lift_ms, 0);
                atomic_fetch_add(&taps_seen, 1);
                closing = true;
            }
        } else if (closing && st->mode != STATE_DETAIL && !moving) {
            closing = false;
            atomic_fetch_add(&closes_seen, 1);
        } else if (!closing && was_moving && !moving && st->mode != STATE_DETAIL) {
            atomic_fetch_add(&pages_settled, 1); /* prepare_ahead has asked, in that step */
        }
        was_moving = moving;
    }
    SDL_WaitThread(thread, NULL);
    printf("prep_frame_ms=%u\nprep_taps=%d\nprep_hold_ms=%d\n"
           "prep_taps_lifted_during_preparation=%d\n",
           sh.frame_ms, taps, hold_ms, atomic_load(&landed));
    shell_close(&sh);
    print_samples("prep_tap_detail_visible", &all);
    print_samples("prep_tap_detail_visible_lift_during", &lifted_during);
    print_samples("prep_tap_first_frame", &first_frame);
    print_samples("prep_picture_ready_after_page_end", &preparing);
    return all.n == taps ? 0 : -1; /* every tap got its answer */
}

int main(int argc, char **argv) {
    static setup su;
    paths_find(su.assets, sizeof su.assets, su.content_dir, sizeof su.content_dir);
    const char *data = NULL;
    int minutes = 10, burst_count = 30, taps = 60, hold_ms = 60;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (bench_option(&su, argv[i], argv[i + 1])) continue;
        if (strcmp(argv[i], "--data") == 0) data = argv[i + 1];
        else if (strcmp(argv[i], "--minutes") == 0) minutes = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--bursts") == 0) burst_count = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--taps") == 0) taps = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--hold") == 0) hold_ms = atoi(argv[i + 1]);
        else {
            fprintf(stderr, "usage: bench_loop [--size WxH] [--content DIR] [--data DIR] "
                            "[--minutes N] [--bursts N] [--taps N] [--hold MS]\n");
            return 2;
        }
    }
    if (bench_setup(&su, "bench_loop") != 0) return 1;
    char tmp[] = "/tmp/bench_loop.XXXXXX";
    if (!data && !(data = mkdtemp(tmp))) {
        perror("bench_loop: mkdtemp");
        return 1;
    }
    int rc = 0;
    if (minutes > 0 || burst_count > 0) {
        static part a = {.name = "attract"}, b = {.name = "bursts"};
        fake_now = 1000;
        shell sh;
        if (bench_open(&sh, &su, fake_clock, data) != 0) return 1;
        printf("renderer=%s\nvideo_driver=%s\nscreen=%dx%d\ndata=%s\nunder_valgrind=%d\n",
               sh.renderer_name, SDL_GetCurrentVideoDriver(), sh.win_w, sh.win_h, data,
               (int)RUNNING_ON_VALGRIND);
        attract(&sh, &a, minutes);
        bursts(&sh, &b, burst_count);
        shell_close(&sh);
        print_part(&a);
        print_part(&b);
    }
    if (taps > 0 && !RUNNING_ON_VALGRIND) rc = prep_taps(&su, taps, hold_ms);
    content_release(&su.content);
    return rc == 0 ? 0 : 1;
}
