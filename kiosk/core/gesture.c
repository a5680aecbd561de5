/* gesture.c - pointer events to gestures. See gesture.h. */
#include "gesture.h"

#include <math.h>
#include <string.h>

void gesture_init(gesture_state *g, double px_per_mm) {
    memset(g, 0, sizeof *g);
    g->px_per_mm = px_per_mm > 0 ? px_per_mm : 5.0;
}

static int find(const gesture_state *g, int64_t id) {
    for (int i = 0; i < g->down_count; i++)
        if (g->ids[i] == id) return i;
    return -1;
}

static void sample(gesture_state *g, float x, float y, uint64_t now) {
    if (g->samples == 8) {
        memmove(g->sx, g->sx + 1, 7 * sizeof g->sx[0]);
        memmove(g->sy, g->sy + 1, 7 * sizeof g->sy[0]);
        memmove(g->st, g->st + 1, 7 * sizeof g->st[0]);
        g->samples = 7;
    }
    g->sx[g->samples] = x;
    g->sy[g->samples] = y;
    g->st[g->samples] = now;
    g->samples++;
}

/* Velocity over the last ~100 ms of samples, in px/s. */
static void velocity(const gesture_state *g, uint64_t now, float *vx, float *vy) {
    *vx = *vy = 0;
    if (g->samples < 2) return;
    int last = g->samples - 1;
    int first = last;
    while (first > 0 && now - g->st[first - 1] <= 100) first--;
    if (first == last) first = last - 1;
    double dt = (double)(g->st[last] - g->st[first]) / 1000.0;
    if (now - g->st[last] > 80) return; /* the finger stopped before lifting */
    if (dt < 0.008) dt = 0.008;
    *vx = (float)((g->sx[last] - g->sx[first]) / dt);
    *vy = (float)((g->sy[last] - g->sy[first]) / dt);
}

int gesture_down(gesture_state *g, int64_t id, float x, float y, uint64_t now,
                 gesture_event out[2]) {
    int n = 0;
    if (find(g, id) >= 0) return 0;
    if (g->down_count < GESTURE_MAX_FINGERS) g->ids[g->down_count++] = id;
    out[n++] = (gesture_event){.kind = GESTURE_PRESS, .x = x, .y = y};
    if (g->down_count == 1) {
        g->tracking = true;
        g->primary = id;
        g->x0 = g->x = x;
        g->y0 = g->y = y;
        g->last_vdrag_y = y;
        g->t0 = now;
        g->axis = 0;
        g->samples = 0;
        sample(g, x, y, now);
    } else if (g->tracking) {
        /* A second finger or a palm: stop, and undo a drag in progress. */
        g->tracking = false;
        if (g->axis != 0) out[n++] = (gesture_event){.kind = GESTURE_CANCEL};
    }
    return n;
}

int gesture_move(gesture_state *g, int64_t id, float x, float y, uint64_t now,
                 gesture_event out[2]) {
    if (!g->tracking || id != g->primary) return 0;
    g->x = x;
    g->y = y;
    sample(g, x, y, now);
    float dx = x - g->x0, dy = y - g->y0;
    if (g->axis == 0) {
        double slop = GESTURE_SLOP_MM * g->px_per_mm;
        if (hypot(dx, dy) < slop) return 0;
        g->axis = fabsf(dx) >= fabsf(dy) ? 1 : 2;
        g->last_vdrag_y = g->y0;
    }
    if (g->axis == 1) {
        out[0] = (gesture_event){.kind = GESTURE_HDRAG, .x = x, .y = y, .dx = dx};
        return 1;
    }
    out[0] = (gesture_event){.kind = GESTURE_VDRAG, .x = x, .y = y, .dy = y - g->last_vdrag_y};
    g->last_vdrag_y = y;
    return 1;
}

int gesture_up(gesture_state *g, int64_t id, float x, float y, uint64_t now,
               gesture_event out[2]) {
    int i = find(g, id);
    if (i < 0) return 0;
    g->ids[i] = g->ids[--g->down_count];
    if (!g->tracking || id != g->primary) return 0;
    g->tracking = false;
    g->x = x;
    g->y = y;
    sample(g, x, y, now);
    float vx, vy;
    velocity(g, now, &vx, &vy);
    if (g->axis == 1) {
        out[0] = (gesture_event){.kind = GESTURE_HRELEASE, .x = x, .y = y, .dx = x - g->x0, .vx = vx};
        return 1;
    }
    if (g->axis == 2) {
        out[0] = (gesture_event){.kind = GESTURE_VRELEASE, .x = x, .y = y, .vy = vy};
        return 1;
    }
    if (now - g->t0 <= GESTURE_TAP_MAX_MS) {
        out[0] = (gesture_event){.kind = GESTURE_TAP, .x = g->x0, .y = g->y0};
        return 1;
    }
    return 0;
}
