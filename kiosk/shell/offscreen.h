/* offscreen.h - draws the kiosk's views with no display: an ARGB surface
 * and SDL's software renderer, the same layout (app.c) and drawing
 * (drawer.c) as the running kiosk. For kiosk render, kiosk check and the
 * golden-image tests. Shell side. */
#ifndef KIOSK_OFFSCREEN_H
#define KIOSK_OFFSCREEN_H

#include <SDL.h>
#include <stdbool.h>

#include "app.h"
#include "content.h"
#include "drawer.h"
#include "fonts.h"
#include "theme.h"

/* Draws views with no display: a surface, a software renderer. */
typedef struct {
    SDL_Surface *surface;
    SDL_Renderer *renderer;
    fonts fonts;
    drawer drawer;
    app app;
    bool app_ready;
} offscreen;

int offscreen_open(offscreen *o, const content *c, const theme *t, const char *assets_dir, int w,
                   int h, double inches, char *err, size_t errsize);
void offscreen_close(offscreen *o);
/* Draws the view of page (page view, or detail scrolled by scroll) and
 * returns the surface (owned by o). */
SDL_Surface *offscreen_draw(offscreen *o, int page, bool detail, float scroll);
/* Draws from now on in the content's language number index (app.h). */
void offscreen_set_language(offscreen *o, int index);
/* Draws from now on with large text, or not (app_set_large_text). */
void offscreen_set_large_text(offscreen *o, bool on);

#endif
