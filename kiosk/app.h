/* app.h - the kiosk's core, put together: content, layouts of every view,
 * the state machine and gestures. Pointer and key events go in (in
 * logical pixels, with the time); what to draw comes out.
 *
 * Pure C, no SDL: the shell (shell.c) feeds it SDL's events and draws
 * the views it returns; tests feed it directly. */
#ifndef KIOSK_APP_H
#define KIOSK_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "content.h"
#include "counts.h"
#include "gesture.h"
#include "layout.h"
#include "state.h"
#include "theme.h"

typedef enum { KEY_NEXT, KEY_PREV, KEY_OPEN, KEY_BACK, KEY_UP, KEY_DOWN } app_key;

typedef struct {
    const content *content;  /* not owned */
    const theme *theme;      /* not owned */
    text_measure measure;
    layout_metrics metrics;
    layout_view *views;      /* [2 * page]: page view, [2 * page + 1]: detail */
    bool *built;
    layout_view back_soon;
    state st;
    gesture_state gestures;
} app;

typedef struct {
    int width, height;        /* logical */
    double px_per_mm;
    uint32_t page_ms, idle_ms, anim_ms;
} app_settings;

int app_init(app *a, const content *c, const theme *t, text_measure measure,
             const app_settings *settings, uint64_t now);
void app_release(app *a);

void app_pointer_down(app *a, int64_t id, float x, float y, uint64_t now);
void app_pointer_move(app *a, int64_t id, float x, float y, uint64_t now);
void app_pointer_up(app *a, int64_t id, float x, float y, uint64_t now);
void app_key_press(app *a, app_key key, uint64_t now);
void app_wheel(app *a, float dy, uint64_t now);

/* What is on screen now, for the page-view counts. */
counts_screen app_screen(const app *a);

/* The layout of a page's page view or detail view (built on first use),
 * or the "Back soon" view when there are no pages. NULL when out of
 * memory. */
const layout_view *app_view(app *a, int page, bool detail);
bool app_has_pages(const app *a);

#endif
