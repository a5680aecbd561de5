/* commands.h - the kiosk's subcommands that need no display:
 *   kiosk render CONTENT --out DIR [--size WxH]   PNG of every view
 *   kiosk check CONTENT                           is this folder right?
 * Both load content with the same code as the kiosk (content.c) and draw
 * with the same code (draw.c) on SDL's software renderer. */
#ifndef KIOSK_COMMANDS_H
#define KIOSK_COMMANDS_H

#include <SDL.h>
#include <stdio.h>

#include "app.h"
#include "content.h"
#include "draw.h"
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

int command_render(int argc, char **argv, const theme *t, const char *assets_dir);
int command_check(int argc, char **argv, const theme *t, const char *assets_dir);

#endif
