/* gesture.h - turns pointer events (fingers, the mouse) into gestures:
 * tap, horizontal drag and swipe, vertical drag with fling velocity.
 *
 * Pure C, no SDL; time is a parameter. Distances are physical (mm), so
 * a tap on a 7" panel and on a 24" monitor are told apart the same way.
 * A second finger (or a palm, which touches as several) cancels what the
 * first one was doing, and nothing happens until every finger is up. */
#ifndef KIOSK_GESTURE_H
#define KIOSK_GESTURE_H

#include <stdbool.h>
#include <stdint.h>

#define GESTURE_MAX_FINGERS 10

typedef enum {
    GESTURE_NONE,
    GESTURE_PRESS,     /* a finger went down (resets the idle timer) */
    GESTURE_TAP,       /* x, y: where */
    GESTURE_HDRAG,     /* dx: total horizontal travel so far */
    GESTURE_HRELEASE,  /* dx, vx (px/s): the horizontal drag ended */
    GESTURE_VDRAG,     /* dy: movement since the last VDRAG */
    GESTURE_VRELEASE,  /* vy (px/s): the vertical drag ended */
    GESTURE_CANCEL,    /* a drag was cancelled (second finger) */
} gesture_kind;

typedef struct {
    gesture_kind kind;
    float x, y;
    float dx, dy;
    float vx, vy;
} gesture_event;

typedef struct {
    double px_per_mm;
    /* state */
    int64_t ids[GESTURE_MAX_FINGERS];
    int down_count;
    bool tracking;      /* the primary finger's gesture is live */
    int64_t primary;
    float x0, y0, x, y, last_vdrag_y;
    uint64_t t0;
    int axis;           /* 0 undecided, 1 horizontal, 2 vertical */
    /* recent samples for velocity */
    float sx[8], sy[8];
    uint64_t st[8];
    int samples;
} gesture_state;

void gesture_init(gesture_state *g, double px_per_mm);

/* Feed one pointer event; x, y in logical pixels. Writes at most two
 * gestures into out and returns how many. */
int gesture_down(gesture_state *g, int64_t id, float x, float y, uint64_t now_ms,
                 gesture_event out[2]);
int gesture_move(gesture_state *g, int64_t id, float x, float y, uint64_t now_ms,
                 gesture_event out[2]);
int gesture_up(gesture_state *g, int64_t id, float x, float y, uint64_t now_ms,
               gesture_event out[2]);

/* Thresholds, in mm and ms. */
#define GESTURE_SLOP_MM 4.0        /* more travel than this is not a tap */
#define GESTURE_TAP_MAX_MS 1200    /* a longer press is not a tap */

#endif
