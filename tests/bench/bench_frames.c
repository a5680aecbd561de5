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
#include <string.h>

#include "bench_shell.h"
#include "paths.h"
#include "../touch.h"

static uint64_t fake_now;
static uint64_t fake_clock(void *ctx) {
    (void)ctx;
    return fake_now;
}

static int open_shell(shell *sh, setup *su, bool synthetic_clock) {
    return bench_open(sh, su, synthetic_clock ? fake_clock : NULL, NULL);
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
        double t = bench_now_ms();
        shell_step(&sh, 0);
        double took = bench_now_ms() - t;
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



static int tapper(void *data) {
    int taps = *(int *)data;
    for (int i = 0; i < taps; i++) {
        SDL_Delay(250 + (Uint32)(i * 37 % 50)); /* the loop is asleep by now */
        touch_push(SDL_FINGERDOWN, 1, 1, 0.7f, 0.3f);
        SDL_Delay(60);
        atomic_store(&lift_ms, bench_now_ms());
        touch_push(SDL_FINGERUP, 1, 1, 0.7f, 0.3f);
        if (!bench_wait_for(&taps_seen, i + 1)) break;
        SDL_Delay(100);
        bench_push_key(SDLK_ESCAPE);
        if (!bench_wait_for(&closes_seen, i + 1)) break;
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
        double t = bench_now_ms(), lift = atomic_load(&lift_ms);
        const state *st = &sh.app.st;
        if (lift > 0) {
            if (!got_first) add(&first, t - lift), got_first = true;
            bool detail = st->mode == STATE_DETAIL;
            if (bench_detail_shown(&sh) && !got_visible) add(&visible, t - lift), got_visible = true;
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
    paths_find(su.assets, sizeof su.assets, su.content_dir, sizeof su.content_dir);
    int slides = 21, taps = 20;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (bench_option(&su, argv[i], argv[i + 1])) continue;
        if (strcmp(argv[i], "--slides") == 0) slides = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--taps") == 0) taps = atoi(argv[i + 1]);
        else {
            fprintf(stderr, "usage: bench_frames [--size WxH] [--content DIR] [--slides N] "
                            "[--taps N]\n");
            return 2;
        }
    }
    if (bench_setup(&su, "bench_frames") != 0) return 1;
    int rc = slides > 0 ? time_slides(&su, slides) : 0;
    if (rc == 0 && taps > 0) rc = time_taps(&su, taps);
    content_release(&su.content);
    return rc == 0 ? 0 : 1;
}
