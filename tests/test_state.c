/* test_state.c - the state machine driven with synthetic time: attract
 * mode cycles, a tap opens the detail, idle brings attract mode back,
 * swipes and drags turn pages, momentum scrolls and stops. */
#include <stdlib.h>

#include "check.h"
#include "state.h"

enum { W = 800, H = 480 };
static bool detail_of[8] = {true, true, false, true, true, true, true, true};
static int scroll_of[8] = {0, 900, 0, 0, 0, 0, 0, 0};

static bool has_detail(void *ctx, int page) { (void)ctx; return detail_of[page]; }
static int scroll_max(void *ctx, int page) { (void)ctx; return scroll_of[page]; }

static void setup(state *s, int pages, uint64_t now) {
    state_pages p = {has_detail, scroll_max, NULL};
    state_init(s, pages, 12000, 60000, 350, W, H, 5.25, p, now);
}

static void input(state *s, state_input_kind kind, float d, float v, int index, uint64_t now) {
    state_input in = {kind, index, d, v};
    state_input_event(s, &in, now);
}

/* Ticks every 16 ms from *now to until, checking invariants. */
static void run(state *s, uint64_t *now, uint64_t until) {
    for (; *now <= until; *now += 16) {
        state_tick(s, *now);
        const char *bad = state_check(s);
        if (bad) {
            fprintf(stderr, "invariant broken at %llu: %s\n", (unsigned long long)*now, bad);
            CHECK(bad == NULL);
            return;
        }
    }
}

static void test_attract_cycles(void) {
    state s;
    uint64_t now = 1000;
    setup(&s, 5, now);
    CHECK_INT(s.mode, STATE_ATTRACT);
    CHECK_INT(s.page, 0);
    CHECK_INT(state_wait_ms(&s, now), 12000);     /* sleeps until the next page */
    run(&s, &now, 1000 + 11900);
    CHECK_INT(s.page, 0);
    run(&s, &now, 1000 + 12000 + 400);            /* slide done */
    CHECK_INT(s.page, 1);
    CHECK_INT(s.anim, STATE_ANIM_NONE);
    /* Ten minutes of attract mode: 5 pages, 12.35 s each, wraps round. */
    run(&s, &now, now + 10 * 60 * 1000);
    CHECK(s.page >= 0 && s.page < 5);
    CHECK_INT(s.mode, STATE_ATTRACT);
}

static void test_slide_frames(void) {
    state s;
    uint64_t now = 0;
    setup(&s, 3, now);
    input(&s, INPUT_NEXT, 0, 0, 0, now);
    state_frame f;
    state_frame_at(&s, now, &f);
    CHECK_INT(f.count, 2);
    CHECK_INT(f.views[0].page, 0);
    CHECK_INT(f.views[1].page, 1);
    CHECK_INT((int)f.views[0].x, 0);
    CHECK_INT((int)f.views[1].x, W);
    state_frame_at(&s, now + 175, &f);            /* halfway in time, eased: past half */
    CHECK(f.views[0].x < -W / 2 && f.views[0].x > -W);
    CHECK_INT((int)(f.views[1].x - f.views[0].x), W);
    state_tick(&s, now + 350);
    CHECK_INT(s.page, 1);
    state_frame_at(&s, now + 350, &f);
    CHECK_INT(f.count, 1);
    CHECK_INT((int)f.views[0].x, 0);
    /* Previous from the first page wraps to the last. */
    input(&s, INPUT_PREV, 0, 0, 0, now + 400);
    input(&s, INPUT_PREV, 0, 0, 0, now + 401);     /* finishes the first slide at once */
    state_tick(&s, now + 1000);
    CHECK_INT(s.page, 2);
}

static void test_tap_detail_idle(void) {
    state s;
    uint64_t now = 0;
    setup(&s, 5, now);
    input(&s, INPUT_PRESS, 0, 0, 0, now);
    CHECK_INT(s.mode, STATE_BROWSE);
    input(&s, INPUT_OPEN, 0, 0, 0, now);
    CHECK_INT(s.mode, STATE_DETAIL);
    CHECK_INT(s.anim, STATE_ANIM_OPEN);
    state_frame f;
    state_frame_at(&s, now, &f);
    CHECK_INT(f.count, 2);
    CHECK(f.views[1].detail);
    CHECK_INT((int)f.views[1].y, H);              /* detail slides up from below */
    run(&s, &now, 400);
    CHECK_INT(s.anim, STATE_ANIM_NONE);
    CHECK_INT(state_wait_ms(&s, now), 50000 - now); /* sleeps until "Still reading?" is due */
    /* No page change in detail mode while someone reads. */
    run(&s, &now, 59000);
    CHECK_INT(s.mode, STATE_DETAIL);
    CHECK_INT(s.page, 0);
    run(&s, &now, 60000 + 400);
    CHECK_INT(s.mode, STATE_ATTRACT);
    CHECK_INT(s.page, 0);
    /* Attract counts from the moment the detail has closed (60.35 s). */
    run(&s, &now, 60350 + 11900);
    CHECK_INT(s.page, 0);
    run(&s, &now, 60350 + 12000 + 400);
    CHECK_INT(s.page, 1);
}

static void test_back_and_no_detail(void) {
    state s;
    uint64_t now = 0;
    setup(&s, 5, now);
    input(&s, INPUT_GOTO, 0, 0, 2, now);          /* page 2 has no detail */
    run(&s, &now, 400);
    CHECK_INT(s.page, 2);
    input(&s, INPUT_OPEN, 0, 0, 0, now);
    CHECK_INT(s.mode, STATE_BROWSE);               /* nothing to open */
    input(&s, INPUT_GOTO, 0, 0, 1, now);
    run(&s, &now, now + 400);
    input(&s, INPUT_OPEN, 0, 0, 0, now);
    run(&s, &now, now + 400);
    CHECK_INT(s.mode, STATE_DETAIL);
    /* Swipe in the detail view: the next page has no detail, so the
     * kiosk shows its page view rather than an empty detail. */
    input(&s, INPUT_NEXT, 0, 0, 0, now);
    run(&s, &now, now + 400);
    CHECK_INT(s.page, 2);
    CHECK_INT(s.mode, STATE_BROWSE);
    input(&s, INPUT_NEXT, 0, 0, 0, now);
    run(&s, &now, now + 400);
    input(&s, INPUT_OPEN, 0, 0, 0, now);
    run(&s, &now, now + 400);
    CHECK_INT(s.mode, STATE_DETAIL);
    input(&s, INPUT_BACK, 0, 0, 0, now);
    CHECK_INT(s.anim, STATE_ANIM_CLOSE);
    run(&s, &now, now + 400);
    CHECK_INT(s.mode, STATE_BROWSE);
    CHECK_INT(s.page, 3);
}

static void test_drag(void) {
    state s;
    uint64_t now = 0;
    setup(&s, 4, now);
    input(&s, INPUT_PRESS, 0, 0, 0, now);
    input(&s, INPUT_HDRAG, -100, 0, 0, now);
    state_frame f;
    state_frame_at(&s, now, &f);
    CHECK_INT(f.count, 2);
    CHECK_INT((int)f.views[0].x, -100);           /* the page follows the finger */
    CHECK_INT(f.views[1].page, 1);
    CHECK_INT((int)f.views[1].x, W - 100);
    /* A slow, short drag springs back. */
    input(&s, INPUT_HRELEASE, -100, -20, 0, now);
    run(&s, &now, 400);
    CHECK_INT(s.page, 0);
    /* A slow drag past a fifth of the screen turns the page. */
    input(&s, INPUT_HDRAG, -300, 0, 0, now);
    input(&s, INPUT_HRELEASE, -300, -10, 0, now);
    run(&s, &now, now + 400);
    CHECK_INT(s.page, 1);
    /* A short fast flick turns it too, rightwards to the previous page. */
    input(&s, INPUT_HDRAG, 40, 0, 0, now);
    input(&s, INPUT_HRELEASE, 40, 900, 0, now);
    run(&s, &now, now + 400);
    CHECK_INT(s.page, 0);
    /* A second finger cancels even a long drag. */
    input(&s, INPUT_HDRAG, -500, 0, 0, now);
    input(&s, INPUT_CANCEL, 0, 0, 0, now);
    run(&s, &now, now + 400);
    CHECK_INT(s.page, 0);
    CHECK(!s.hdrag);
}

static void test_one_page(void) {
    state s;
    uint64_t now = 0;
    setup(&s, 1, now);
    CHECK_INT(state_wait_ms(&s, now), UINT32_MAX); /* nothing to cycle: sleep */
    input(&s, INPUT_HDRAG, -400, 0, 0, now);
    state_frame f;
    state_frame_at(&s, now, &f);
    CHECK_INT(f.count, 1);
    CHECK_INT((int)f.views[0].x, -100);           /* resists: a quarter */
    input(&s, INPUT_HRELEASE, -400, -2000, 0, now);
    run(&s, &now, 500);
    CHECK_INT(s.page, 0);
}

static void test_scroll_momentum(void) {
    state s;
    uint64_t now = 0;
    setup(&s, 4, now);
    input(&s, INPUT_GOTO, 0, 0, 1, now);          /* page 1 scrolls 900 px */
    run(&s, &now, 400);
    input(&s, INPUT_OPEN, 0, 0, 0, now);
    run(&s, &now, now + 400);
    CHECK_INT(s.scroll_max, 900);
    input(&s, INPUT_VDRAG, -100, 0, 0, now);      /* finger up: text moves up */
    CHECK_INT((int)s.scroll, 100);
    input(&s, INPUT_VDRAG, 500, 0, 0, now);       /* can't scroll above the top */
    CHECK_INT((int)s.scroll, 0);
    input(&s, INPUT_VRELEASE, 0, -1000, 0, now);  /* fling upwards at 1000 px/s */
    CHECK(s.fling);
    uint64_t t0 = now;
    run(&s, &now, t0 + 100);
    float at100 = s.scroll;
    CHECK(at100 > 50 && at100 < 100);
    run(&s, &now, t0 + 3000);
    CHECK(!s.fling);                              /* it stops by itself */
    CHECK((int)s.scroll > 250 && (int)s.scroll < 330); /* ~ v * tau = 325 */
    /* A hard fling stops at the end, not past it. */
    input(&s, INPUT_VRELEASE, 0, -50000, 0, now);
    run(&s, &now, now + 3000);
    CHECK_INT((int)s.scroll, 900);
    CHECK(!s.fling);
    /* A touch stops a fling at once. */
    input(&s, INPUT_VRELEASE, 0, 3000, 0, now);
    run(&s, &now, now + 50);
    float held = s.scroll;
    input(&s, INPUT_PRESS, 0, 0, 0, now);
    run(&s, &now, now + 500);
    CHECK(s.scroll == held);
}

static void test_hours_of_random_input(void) {
    /* Hours of random use in a blink: invariants hold after every event. */
    state s;
    uint64_t now = 0;
    setup(&s, 7, now);
    srand(42);
    int broken = 0;
    for (int i = 0; i < 200000 && !broken; i++) {
        now += (uint64_t)(rand() % 4000);
        state_input in = {(state_input_kind)(rand() % 12), rand() % 9 - 1,
                          (float)(rand() % 2000 - 1000), (float)(rand() % 6000 - 3000)};
        state_input_event(&s, &in, now);
        if (state_check(&s)) broken++;
        state_tick(&s, now + (uint64_t)(rand() % 500));
        if (state_check(&s)) broken++;
    }
    CHECK_INT(broken, 0);
    CHECK(now > 3600 * 1000);
}

/* "Still reading?": 10 s before the idle return of a detail view, never
 * on a page view; the loop is woken for it; a touch puts it off. */
static void test_prompt(void) {
    state s;
    setup(&s, 4, 0);
    uint64_t now = 0;
    input(&s, INPUT_OPEN, 0, 0, 0, now);
    CHECK(!state_prompting(&s, now));              /* opening: it moves */
    run(&s, &now, 1000);
    CHECK(!state_prompting(&s, now));
    CHECK_INT(state_wait_ms(&s, now), 50000 - (int)now); /* woken when it is due */
    CHECK(!state_prompting(&s, 49999));
    CHECK(state_prompting(&s, 50000));
    CHECK(state_prompting(&s, 59999));
    now = 50000;
    CHECK_INT(state_wait_ms(&s, now), 10000);       /* then at the idle return */
    input(&s, INPUT_PRESS, 0, 0, 0, now);           /* a touch: 60 s again */
    CHECK(!state_prompting(&s, now));
    CHECK(!state_prompting(&s, now + 49999));
    CHECK(state_prompting(&s, now + 50000));
    run(&s, &now, 110000 + 400);                    /* nobody: attract mode */
    CHECK(s.mode == STATE_ATTRACT);
    CHECK(!state_prompting(&s, now));
    /* A page view (browse) goes back to attract mode without it. */
    input(&s, INPUT_PRESS, 0, 0, 0, now);
    CHECK(s.mode == STATE_BROWSE);
    CHECK(!state_prompting(&s, now + 55000));
    /* A short idle time: the prompt takes half of it. */
    state_init(&s, 4, 12000, 10000, 0, W, H, 5.25, (state_pages){has_detail, scroll_max, NULL}, 0);
    input(&s, INPUT_OPEN, 0, 0, 0, 0);
    CHECK(s.mode == STATE_DETAIL);
    CHECK(!state_prompting(&s, 4999));
    CHECK(state_prompting(&s, 5000));
}

int main(void) {
    test_prompt();
    test_attract_cycles();
    test_slide_frames();
    test_tap_detail_idle();
    test_back_and_no_detail();
    test_drag();
    test_one_page();
    test_scroll_momentum();
    test_hours_of_random_input();
    return check_summary();
}
