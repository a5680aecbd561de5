/* test_gesture.c - taps, drags, swipes and second fingers, in mm. */
#include "check.h"
#include "gesture.h"

#define PPMM 5.25 /* the official 7" 800x480 panel */

static gesture_event last;
static int feed(int n, gesture_event *g) {
    for (int i = 0; i < n; i++)
        if (g[i].kind != GESTURE_PRESS) last = g[i];
    return n;
}

static void test_tap(void) {
    gesture_state g;
    gesture_event out[2];
    gesture_init(&g, PPMM);
    CHECK_INT(gesture_down(&g, 1, 100, 100, 0, out), 1);
    CHECK_INT(out[0].kind, GESTURE_PRESS);
    /* A finger wobbles 3 mm: still a tap. */
    CHECK_INT(gesture_move(&g, 1, 100 + 3 * PPMM, 100, 50, out), 0);
    CHECK_INT(feed(gesture_up(&g, 1, 100 + 3 * PPMM, 100, 120, out), out), 1);
    CHECK_INT(last.kind, GESTURE_TAP);
    CHECK_INT((int)last.x, 100);
    /* Held too long: no tap. */
    gesture_down(&g, 1, 100, 100, 1000, out);
    CHECK_INT(gesture_up(&g, 1, 100, 100, 1000 + GESTURE_TAP_MAX_MS + 1, out), 0);
}

static void test_drag_and_swipe(void) {
    gesture_state g;
    gesture_event out[2];
    gesture_init(&g, PPMM);
    gesture_down(&g, 7, 400, 200, 0, out);
    /* 5 mm sideways: past the slop, the axis locks horizontal. */
    CHECK_INT(feed(gesture_move(&g, 7, 400 - 5 * PPMM, 203, 16, out), out), 1);
    CHECK_INT(last.kind, GESTURE_HDRAG);
    /* Moving vertically now stays a horizontal drag. */
    gesture_move(&g, 7, 300, 260, 32, out);
    CHECK_INT(out[0].kind, GESTURE_HDRAG);
    CHECK_INT((int)out[0].dx, -100);
    gesture_move(&g, 7, 200, 260, 48, out);
    CHECK_INT(feed(gesture_up(&g, 7, 180, 260, 56, out), out), 1);
    CHECK_INT(last.kind, GESTURE_HRELEASE);
    CHECK_INT((int)last.dx, -220);
    CHECK(last.vx < -2000);                       /* fast leftwards */

    /* Vertical: deltas add up to the travel, release has a velocity. */
    gesture_down(&g, 8, 400, 300, 1000, out);
    float total = 0;
    for (int i = 1; i <= 10; i++) {
        if (gesture_move(&g, 8, 400, 300 - i * 10.0f, 1000 + (uint64_t)i * 16, out) == 1) {
            CHECK_INT(out[0].kind, GESTURE_VDRAG);
            total += out[0].dy;
        }
    }
    CHECK_INT((int)total, -100);
    feed(gesture_up(&g, 8, 400, 200, 1000 + 10 * 16, out), out);
    CHECK_INT(last.kind, GESTURE_VRELEASE);
    CHECK(last.vy < -500);
    /* A finger that stops before lifting gives no fling. */
    gesture_down(&g, 9, 400, 300, 5000, out);
    gesture_move(&g, 9, 400, 200, 5016, out);
    feed(gesture_up(&g, 9, 400, 200, 5400, out), out);
    CHECK_INT(last.kind, GESTURE_VRELEASE);
    CHECK(last.vy == 0);
}

static void test_second_finger(void) {
    gesture_state g;
    gesture_event out[2];
    gesture_init(&g, PPMM);
    gesture_down(&g, 1, 400, 200, 0, out);
    gesture_move(&g, 1, 300, 200, 16, out);
    /* A palm lands: the drag is cancelled. */
    CHECK_INT(feed(gesture_down(&g, 2, 500, 300, 20, out), out), 2);
    CHECK_INT(last.kind, GESTURE_CANCEL);
    /* Nothing more from either finger, no tap when they lift. */
    CHECK_INT(gesture_move(&g, 1, 100, 200, 30, out), 0);
    CHECK_INT(gesture_up(&g, 2, 500, 300, 40, out), 0);
    CHECK_INT(gesture_up(&g, 1, 100, 200, 50, out), 0);
    /* Two fingers tapping together: no tap at all. */
    gesture_down(&g, 3, 100, 100, 100, out);
    CHECK_INT(gesture_down(&g, 4, 120, 100, 110, out), 1); /* only PRESS, no drag to cancel */
    CHECK_INT(gesture_up(&g, 3, 100, 100, 150, out), 0);
    CHECK_INT(gesture_up(&g, 4, 120, 100, 160, out), 0);
    /* Afterwards a normal tap works again. */
    gesture_down(&g, 5, 10, 10, 1000, out);
    CHECK_INT(feed(gesture_up(&g, 5, 10, 10, 1100, out), out), 1);
    CHECK_INT(last.kind, GESTURE_TAP);
    /* An up for a finger never seen is ignored; more than ten fingers too. */
    CHECK_INT(gesture_up(&g, 99, 0, 0, 2000, out), 0);
    for (int i = 0; i < 15; i++) gesture_down(&g, 100 + i, 0, 0, 3000, out);
    CHECK(g.down_count <= GESTURE_MAX_FINGERS);
}

static void test_physical_units(void) {
    /* The same 10 px move is a tap on a dense screen, a drag on a coarse one. */
    gesture_state dense, coarse;
    gesture_event out[2];
    gesture_init(&dense, 12.0);   /* 12 px per mm: 10 px < 1 mm */
    gesture_init(&coarse, 2.0);   /* 2 px per mm: 10 px = 5 mm */
    gesture_down(&dense, 1, 0, 0, 0, out);
    CHECK_INT(gesture_move(&dense, 1, 10, 0, 16, out), 0);
    gesture_down(&coarse, 1, 0, 0, 0, out);
    CHECK_INT(gesture_move(&coarse, 1, 10, 0, 16, out), 1);
}

int main(void) {
    test_tap();
    test_drag_and_swipe();
    test_second_finger();
    test_physical_units();
    return check_summary();
}
