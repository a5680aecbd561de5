/* state.c - the kiosk's state machine. See state.h. */
#include "state.h"

#include <math.h>
#include <string.h>

#define FLING_TAU_S 0.325      /* momentum decays like iOS scrolling */
#define FLING_MIN_V 40.0f      /* px/s below which a fling stops */
#define SWIPE_FRACTION 0.22f   /* of the width: a slow drag this far turns the page */
#define SWIPE_FLICK_MM_S 90.0  /* a flick this fast turns the page */

void state_init(state *s, int page_count, uint32_t page_ms, uint32_t idle_ms, uint32_t anim_ms,
                int width, int height, double px_per_mm, state_pages pages, uint64_t now) {
    memset(s, 0, sizeof *s);
    s->page_count = page_count;
    s->page_ms = page_ms;
    s->idle_ms = idle_ms;
    s->anim_ms = anim_ms;
    s->width = width;
    s->height = height;
    s->px_per_mm = px_per_mm;
    s->pages = pages;
    s->mode = STATE_ATTRACT;
    s->page_since = now;
    s->last_input = now;
}

static int wrap(const state *s, int page) {
    if (s->page_count <= 0) return 0;
    return ((page % s->page_count) + s->page_count) % s->page_count;
}

static bool has_detail(const state *s, int page) {
    return s->pages.has_detail ? s->pages.has_detail(s->pages.ctx, page) : true;
}

static int scroll_max(const state *s, int page) {
    return s->pages.scroll_max ? s->pages.scroll_max(s->pages.ctx, page) : 0;
}

static float ease_out(float p) {
    if (p <= 0) return 0;
    if (p >= 1) return 1;
    float q = 1 - p;
    return 1 - q * q * q;
}

/* Ends the running animation at once, in its final state. */
static void finish_anim(state *s, uint64_t now) {
    switch (s->anim) {
    case STATE_ANIM_SLIDE:
        if (s->anim_to != s->page) {
            s->page = s->anim_to;
            s->page_since = now;
            s->scroll = 0;
            if (s->mode == STATE_DETAIL && !has_detail(s, s->page)) s->mode = STATE_BROWSE;
            s->scroll_max = s->mode == STATE_DETAIL ? scroll_max(s, s->page) : 0;
        }
        break;
    case STATE_ANIM_OPEN:
    case STATE_ANIM_CLOSE:
        s->mode = s->anim_after;
        if (s->mode != STATE_DETAIL) s->scroll = 0;
        if (s->anim_after == STATE_ATTRACT) s->page_since = now;
        break;
    case STATE_ANIM_NONE: break;
    }
    s->anim = STATE_ANIM_NONE;
}

/* The side of the screen the next page lies on: +1 right, -1 left. */
static int ahead(const state *s) { return s->rtl ? -1 : 1; }

void state_set_rtl(state *s, bool rtl) { s->rtl = rtl; }

/* side: the screen side (+1 right) of the page that slides in beside. */
static void start_slide(state *s, int to, int side, float x0, float x1, uint64_t now) {
    s->anim_to = to;
    s->anim_neighbour = side * ahead(s) > 0 ? wrap(s, s->page + 1) : wrap(s, s->page - 1);
    if (to != s->page) s->anim_neighbour = to;
    s->anim_side = side;
    s->anim_x0 = x0;
    s->anim_x1 = x1;
    s->anim_start = now;
    s->anim = STATE_ANIM_SLIDE;
    s->fling = false;
    if (s->anim_ms == 0) finish_anim(s, now);
}

/* Slide to page `to` (dir +1: a later page, which comes in from the
 * right, or from the left when pages read right to left). */
static void go_to(state *s, int to, int dir, float from_x, uint64_t now) {
    to = wrap(s, to);
    if (s->page_count < 2 || to == s->page) {
        if (from_x != 0) start_slide(s, s->page, from_x < 0 ? 1 : -1, from_x, 0, now);
        return;
    }
    int side = dir * ahead(s);
    start_slide(s, to, side, from_x, side > 0 ? -(float)s->width : (float)s->width, now);
}

static void open_detail(state *s, uint64_t now) {
    if (s->mode == STATE_DETAIL || !has_detail(s, s->page)) return;
    s->anim_after = STATE_DETAIL;
    s->mode = STATE_DETAIL;
    s->scroll = 0;
    s->scroll_max = scroll_max(s, s->page);
    s->fling = false;
    s->anim = STATE_ANIM_OPEN;
    s->anim_start = now;
    if (s->anim_ms == 0) finish_anim(s, now);
}

static void close_detail(state *s, state_mode to, uint64_t now) {
    if (s->mode != STATE_DETAIL) { s->mode = to; return; }
    s->fling = false;
    s->anim = STATE_ANIM_CLOSE;
    s->anim_after = to;
    s->anim_start = now;
    if (s->anim_ms == 0) finish_anim(s, now);
}

static void clamp_scroll(state *s) {
    if (s->scroll > (float)s->scroll_max) { s->scroll = (float)s->scroll_max; s->fling = false; }
    if (s->scroll < 0) { s->scroll = 0; s->fling = false; }
}

static void release_drag(state *s, float dx, float v, uint64_t now) {
    s->hdrag = false;
    float flick = (float)(SWIPE_FLICK_MM_S * s->px_per_mm);
    bool far = fabsf(dx) > s->width * SWIPE_FRACTION;
    bool fast = fabsf(v) > flick && (v < 0) == (dx < 0) && fabsf(dx) > 2 * s->px_per_mm;
    if (s->page_count > 1 && (far || fast)) {
        /* Pushed to the left: the page on the right comes in. */
        int dir = (dx < 0 ? 1 : -1) * ahead(s);
        go_to(s, s->page + dir, dir, dx, now);
    } else if (dx != 0) {
        start_slide(s, s->page, dx < 0 ? 1 : -1, dx, 0, now);
    }
    s->drag_dx = 0;
}

void state_input_event(state *s, const state_input *in, uint64_t now) {
    if (s->page_count <= 0) return;
    s->last_input = now;
    if (in->kind == INPUT_PRESS) {
        /* A touch stops whatever moves, so the finger takes hold of it. */
        if (s->anim != STATE_ANIM_NONE) finish_anim(s, now);
        s->fling = false;
        if (s->mode == STATE_ATTRACT) s->mode = STATE_BROWSE;
        return;
    }
    if (s->anim != STATE_ANIM_NONE) finish_anim(s, now);
    if (s->mode == STATE_ATTRACT && in->kind != INPUT_OPEN) s->mode = STATE_BROWSE;
    switch (in->kind) {
    case INPUT_OPEN:
        if (s->mode == STATE_ATTRACT) s->mode = STATE_BROWSE;
        open_detail(s, now);
        break;
    case INPUT_BACK: close_detail(s, STATE_BROWSE, now); break;
    case INPUT_GOTO:
        if (in->index >= 0 && in->index < s->page_count && in->index != s->page)
            go_to(s, in->index, in->index > s->page ? 1 : -1, 0, now);
        break;
    case INPUT_NEXT: go_to(s, s->page + 1, 1, 0, now); break;
    case INPUT_PREV: go_to(s, s->page - 1, -1, 0, now); break;
    case INPUT_HDRAG:
        s->hdrag = true;
        s->fling = false;
        /* With one page there is nowhere to go: resist the finger. */
        s->drag_dx = s->page_count > 1 ? in->d : in->d * 0.25f;
        if (s->drag_dx > s->width) s->drag_dx = (float)s->width;
        if (s->drag_dx < -s->width) s->drag_dx = -(float)s->width;
        break;
    case INPUT_HRELEASE: release_drag(s, s->drag_dx, in->v, now); break;
    case INPUT_CANCEL:
        /* Always back to where it was, whatever the drag's distance. */
        if (s->hdrag && s->drag_dx != 0)
            start_slide(s, s->page, s->drag_dx < 0 ? 1 : -1, s->drag_dx, 0, now);
        s->hdrag = false;
        s->drag_dx = 0;
        s->fling = false;
        break;
    case INPUT_VDRAG:
        if (s->mode == STATE_DETAIL) {
            s->scroll -= in->d;
            clamp_scroll(s);
        }
        break;
    case INPUT_VRELEASE:
        if (s->mode == STATE_DETAIL && fabsf(in->v) > FLING_MIN_V && s->scroll_max > 0) {
            s->fling = true;
            s->fling_v = -in->v;
            s->fling_from = s->scroll;
            s->fling_start = now;
        }
        break;
    case INPUT_SCROLL:
        if (s->mode == STATE_DETAIL) {
            s->scroll += in->d;
            clamp_scroll(s);
        }
        break;
    case INPUT_PRESS: break;
    }
}

void state_keep_alive(state *s, uint64_t now) {
    if (s->mode != STATE_ATTRACT) s->last_input = now;
}

bool state_moving(const state *s) { return s->anim != STATE_ANIM_NONE || s->fling || s->hdrag; }

bool state_tick(state *s, uint64_t now) {
    bool changed = false;
    if (s->page_count <= 0) return false;
    if (s->anim != STATE_ANIM_NONE) {
        changed = true;
        if (now >= s->anim_start + s->anim_ms) finish_anim(s, now);
    }
    if (s->fling) {
        double t = (double)(now - s->fling_start) / 1000.0;
        double decay = exp(-t / FLING_TAU_S);
        s->scroll = s->fling_from + (float)(s->fling_v * FLING_TAU_S * (1 - decay));
        clamp_scroll(s);
        if (fabs(s->fling_v * decay) < FLING_MIN_V) s->fling = false;
        changed = true;
    }
    if (s->hdrag) changed = true;
    if (s->anim != STATE_ANIM_NONE || s->hdrag) return changed;

    if (s->mode != STATE_ATTRACT && now - s->last_input >= s->idle_ms) {
        /* Nobody is here any more: back to cycling pages. */
        s->fling = false;
        if (s->mode == STATE_DETAIL) close_detail(s, STATE_ATTRACT, now);
        else { s->mode = STATE_ATTRACT; s->page_since = now; }
        return true;
    }
    if (s->mode == STATE_ATTRACT && s->page_count > 1 && now - s->page_since >= s->page_ms) {
        go_to(s, s->page + 1, 1, 0, now);
        return true;
    }
    return changed;
}

static uint32_t prompt_ms(const state *s) {
    return s->idle_ms / 2 < STATE_PROMPT_MS ? s->idle_ms / 2 : STATE_PROMPT_MS;
}

bool state_prompting(const state *s, uint64_t now) {
    return s->page_count > 0 && s->mode == STATE_DETAIL && s->anim == STATE_ANIM_NONE &&
           !state_moving(s) && now >= s->last_input + (s->idle_ms - prompt_ms(s));
}

uint32_t state_wait_ms(const state *s, uint64_t now) {
    if (s->page_count <= 0) return UINT32_MAX;
    if (state_moving(s)) return 0;
    uint64_t deadline;
    if (s->mode == STATE_ATTRACT)
        deadline = s->page_count > 1 ? s->page_since + s->page_ms : UINT64_MAX;
    else if (s->mode == STATE_DETAIL && now < s->last_input + (s->idle_ms - prompt_ms(s)))
        deadline = s->last_input + (s->idle_ms - prompt_ms(s)); /* the prompt comes */
    else
        deadline = s->last_input + s->idle_ms;
    if (deadline == UINT64_MAX) return UINT32_MAX;
    if (deadline <= now) return 0;
    uint64_t wait = deadline - now;
    return wait > UINT32_MAX ? UINT32_MAX : (uint32_t)wait;
}

void state_frame_at(const state *s, uint64_t now, state_frame *f) {
    memset(f, 0, sizeof *f);
    bool detail = s->mode == STATE_DETAIL;
    float w = (float)s->width, h = (float)s->height;
    float p = s->anim_ms ? ease_out((float)(now - s->anim_start) / (float)s->anim_ms) : 1;
    switch (s->anim) {
    case STATE_ANIM_SLIDE: {
        float x = s->anim_x0 + (s->anim_x1 - s->anim_x0) * p;
        f->views[0] = (state_view){s->page, detail, x, 0, detail ? s->scroll : 0};
        f->views[1] = (state_view){s->anim_neighbour, detail && has_detail(s, s->anim_neighbour),
                                   x + s->anim_side * w, 0, 0};
        f->count = s->page_count > 1 ? 2 : 1;
        return;
    }
    case STATE_ANIM_OPEN:
    case STATE_ANIM_CLOSE: {
        float y = s->anim == STATE_ANIM_OPEN ? h * (1 - p) : h * p;
        f->views[0] = (state_view){s->page, false, 0, 0, 0};
        f->views[1] = (state_view){s->page, true, 0, y, s->scroll};
        f->count = 2;
        return;
    }
    case STATE_ANIM_NONE: break;
    }
    f->views[0] = (state_view){s->page, detail, s->hdrag ? s->drag_dx : 0, 0, s->scroll};
    f->count = 1;
    if (s->hdrag && s->drag_dx != 0 && s->page_count > 1) {
        int side = s->drag_dx < 0 ? 1 : -1;
        int other = wrap(s, s->page + side * ahead(s));
        f->views[1] = (state_view){other, detail && has_detail(s, other), s->drag_dx + side * w, 0, 0};
        f->count = 2;
    }
}

bool state_frame_same(const state_frame *a, const state_frame *b) {
    if (a->count != b->count) return false;
    for (int i = 0; i < a->count; i++) {
        const state_view *x = &a->views[i], *y = &b->views[i];
        if (x->page != y->page || x->detail != y->detail || x->x != y->x || x->y != y->y ||
            x->scroll != y->scroll)
            return false;
    }
    return true;
}

const char *state_check(const state *s) {
    if (s->page_count <= 0) return NULL;
    if (s->page < 0 || s->page >= s->page_count) return "page out of range";
    if (s->scroll < 0 || s->scroll > (float)s->scroll_max + 0.5f) return "scroll out of range";
    if (s->mode == STATE_DETAIL && !has_detail(s, s->page) && s->anim == STATE_ANIM_NONE)
        return "detail view of a page without detail";
    if (s->anim == STATE_ANIM_SLIDE && (s->anim_to < 0 || s->anim_to >= s->page_count))
        return "slide to a page out of range";
    if (s->hdrag && fabsf(s->drag_dx) > (float)s->width) return "drag beyond the screen";
    if (s->mode != STATE_DETAIL && s->scroll != 0 && s->anim == STATE_ANIM_NONE)
        return "scroll left over outside the detail view";
    return NULL;
}
