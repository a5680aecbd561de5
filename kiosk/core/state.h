/* state.h - what the kiosk shows and when: attract mode (pages cycle by
 * themselves), browsing, the detail view, slides between pages, finger
 * drags, scrolling with momentum, and the return to attract mode when
 * nobody has touched the screen for a while.
 *
 * Pure C, no SDL, no layout: time is a parameter of every call, so a test
 * drives hours of use in microseconds. The shell asks state_frame() what
 * to draw and state_wait_ms() how long it may sleep. */
#ifndef KIOSK_STATE_H
#define KIOSK_STATE_H

#include <stdbool.h>
#include <stdint.h>

typedef enum { STATE_ATTRACT, STATE_BROWSE, STATE_DETAIL } state_mode;

typedef enum {
    INPUT_PRESS,      /* a finger went down anywhere */
    INPUT_OPEN,       /* tap on the page or "Tap to read more", Enter */
    INPUT_BACK,       /* the Back button, Escape */
    INPUT_GOTO,       /* a page dot: index */
    INPUT_NEXT,       /* swipe left, right arrow */
    INPUT_PREV,       /* swipe right, left arrow */
    INPUT_HDRAG,      /* dx: the page follows the finger */
    INPUT_HRELEASE,   /* dx, v: the finger lifted after a horizontal drag */
    INPUT_VDRAG,      /* dy: scroll the detail text with the finger */
    INPUT_VRELEASE,   /* v: lifted after a vertical drag (momentum) */
    INPUT_CANCEL,     /* a second finger: undo the drag */
    INPUT_SCROLL,     /* dy: scroll by keys or the mouse wheel */
} state_input_kind;

typedef struct {
    state_input_kind kind;
    int index;
    float d;          /* dx or dy */
    float v;          /* velocity, px/s */
} state_input;

/* What the app tells the state machine about the pages. */
typedef struct {
    bool (*has_detail)(void *ctx, int page);
    int (*scroll_max)(void *ctx, int page); /* of the page's detail view */
    void *ctx;
} state_pages;

typedef enum { STATE_ANIM_NONE, STATE_ANIM_SLIDE, STATE_ANIM_OPEN, STATE_ANIM_CLOSE } state_anim;

typedef struct {
    /* settings */
    int page_count;
    uint32_t page_ms, idle_ms, anim_ms;
    int width, height;       /* logical screen, px */
    double px_per_mm;
    state_pages pages;
    /* where we are */
    state_mode mode;
    int page;
    uint64_t page_since;     /* the current page came on screen */
    uint64_t last_input;
    /* animation */
    state_anim anim;
    uint64_t anim_start;
    int anim_to;             /* STATE_ANIM_SLIDE: the page we go to (or stay on) */
    int anim_neighbour;      /* STATE_ANIM_SLIDE: the other page on screen */
    int anim_side;           /* +1: neighbour right of the page, -1: left */
    float anim_x0, anim_x1;  /* STATE_ANIM_SLIDE: the current page's x, from..to */
    state_mode anim_after;   /* mode once the animation ends */
    /* a finger dragging pages sideways */
    bool hdrag;
    float drag_dx;
    /* the detail's scroll */
    float scroll;
    int scroll_max;
    bool fling;
    float fling_v, fling_from;
    uint64_t fling_start;
    /* Right to left (Arabic, Urdu): the next page lies to the left, so a
     * finger swipes it in from there, and the slides go that way. */
    bool rtl;
} state;

typedef struct {
    int page;
    bool detail;
    float x, y;              /* where the view's top-left is drawn */
    float scroll;            /* detail views */
} state_view;

typedef struct {
    state_view views[2];     /* drawn in order */
    int count;
} state_frame;

void state_init(state *s, int page_count, uint32_t page_ms, uint32_t idle_ms, uint32_t anim_ms,
                int width, int height, double px_per_mm, state_pages pages, uint64_t now);

void state_input_event(state *s, const state_input *in, uint64_t now);
/* Pages read right to left from now on (or not). */
void state_set_rtl(state *s, bool rtl);
/* Moves animations and timers on to now. Returns true if the picture
 * changed since the last call (so the shell should draw). */
bool state_tick(state *s, uint64_t now);
/* Milliseconds the shell may sleep before the next tick; 0 while
 * something moves (draw the next frame at the display's rate). */
uint32_t state_wait_ms(const state *s, uint64_t now);
void state_frame_at(const state *s, uint64_t now, state_frame *f);
/* Do the two frames show the same picture? */
bool state_frame_same(const state_frame *a, const state_frame *b);
bool state_moving(const state *s);
/* Someone is using the kiosk without touching it (listening to a page
 * read aloud): the idle return counts from now. */
void state_keep_alive(state *s, uint64_t now);

/* Time to finish reading (WCAG 2.2.1): before the idle return closes a
 * detail view, "Still reading? Tap to stay" shows this long (at most half
 * the idle time); any touch keeps the page, as any touch does. */
#define STATE_PROMPT_MS 10000
/* Whether the prompt shows at now: a detail view standing still, with the
 * idle return due within the prompt's time. */
bool state_prompting(const state *s, uint64_t now);

/* Checks the invariants (page in range, scroll in range, ...). Returns
 * NULL when they hold, else what is wrong. For tests and the soak. */
const char *state_check(const state *s);

#endif
