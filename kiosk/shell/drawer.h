/* drawer.h - draws layout views with SDL_Renderer. Textures for a view's
 * text, picture and icons are made the first time the view is drawn and
 * kept for the next frames, so a frame is only texture copies. Textures
 * are kept only for what is on screen and what comes next: the views of
 * the last frame, the view made ready for the next page, and the view
 * before (so a swipe back starts at once), least recently used first out;
 * in a scrolling text, only the lines on screen and half a screen around.
 * Shell side. */
#ifndef KIOSK_DRAWER_H
#define KIOSK_DRAWER_H

#include <limits.h>
#include <SDL.h>
#include <stdbool.h>

#include "app.h"
#include "fonts.h"
#include "layout.h"
#include "picture_queue.h"
#include "state.h"

#define DRAW_CACHE_VIEWS 4
#define DRAW_ICON_CACHE 8

typedef struct {
    const layout_view *view;   /* key (views live in the app) */
    SDL_Texture **textures;    /* one per item; NULL where none (yet) */
    bool *tried;               /* made, or tried and failed: not tried again */
    int count;
    uint64_t used;
} view_textures;

typedef struct {
    SDL_Renderer *renderer;
    fonts *fonts;
    const theme *theme;
    char icon_dir[PATH_MAX];
    view_textures cache[DRAW_CACHE_VIEWS];
    struct { icon_id icon; int size; SDL_Texture *texture; } icons[DRAW_ICON_CACHE];
    int icon_count;
    uint64_t stamp;
    picture_queue *queue;      /* pictures prepared in the background; NULL: decoded
                                  when drawn (kiosk render, tests) */
    int waiting;               /* pictures drawn as placeholders in the last frame
                                  because they were not ready yet */
    int live_textures;         /* for tests: textures alive right now */
    double live_bytes;         /* for tests: their pixels, 4 bytes each */
} drawer;

void drawer_init(drawer *d, SDL_Renderer *r, fonts *f, const theme *t, const char *assets_dir);
void drawer_release(drawer *d);
/* Drops one view's textures (it was laid out anew). */
void drawer_forget(drawer *d, const layout_view *v);

/* Draws one view with its top-left at (x, y); scroll for detail views. */
void drawer_view(drawer *d, const layout_view *v, int x, int y, float scroll);
/* Makes a view's textures now (text and pictures), so that drawing it
 * later costs only copies. For the next page, while nothing moves. With a
 * picture queue, its pictures are only asked for: returns how many are
 * not ready yet. */
int drawer_prepare(drawer *d, const layout_view *v);
/* Draws what the state machine says is on screen now. */
void drawer_frame(drawer *d, app *a, const state_frame *f);

#endif
