/* offscreen.c - views drawn with no display. See offscreen.h. */
#include "offscreen.h"

#include <string.h>

#include "config.h"

int offscreen_open(offscreen *o, const content *c, const theme *t, const char *assets_dir, int w,
                   int h, double inches, char *err, size_t errsize) {
    memset(o, 0, sizeof *o);
    o->surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    o->renderer = o->surface ? SDL_CreateSoftwareRenderer(o->surface) : NULL;
    if (!o->renderer) {
        snprintf(err, errsize, "cannot draw offscreen: %s", SDL_GetError());
        offscreen_close(o);
        return -1;
    }
    if (fonts_init(&o->fonts, t, err, errsize) != 0) {
        offscreen_close(o);
        return -1;
    }
    drawer_init(&o->drawer, o->renderer, &o->fonts, t, assets_dir);
    app_settings s = {.width = w, .height = h, .px_per_mm = config_px_per_mm(w, h, inches),
                      .page_ms = 12000, .idle_ms = 60000, .anim_ms = 350};
    if (app_init(&o->app, c, t, fonts_measure(&o->fonts), &s, 0) != 0) {
        snprintf(err, errsize, "out of memory");
        offscreen_close(o);
        return -1;
    }
    o->app_ready = true;
    return 0;
}

void offscreen_close(offscreen *o) {
    if (o->app_ready) app_release(&o->app);
    drawer_release(&o->drawer);
    fonts_release(&o->fonts);
    if (o->renderer) SDL_DestroyRenderer(o->renderer);
    if (o->surface) SDL_FreeSurface(o->surface);
    memset(o, 0, sizeof *o);
}

SDL_Surface *offscreen_draw(offscreen *o, int page, bool detail, float scroll) {
    state_frame f = {.count = 1};
    f.views[0] = (state_view){page, detail, 0, 0, scroll};
    drawer_frame(&o->drawer, &o->app, &f);
    SDL_RenderPresent(o->renderer);
    return o->surface;
}

/* The views were laid out again where they were: new textures. */
static void forget_textures(offscreen *o, unsigned views_before) {
    if (o->app.views_version != views_before) drawer_release(&o->drawer);
}

void offscreen_set_language(offscreen *o, int index) {
    unsigned before = o->app.views_version;
    app_set_language(&o->app, index);
    forget_textures(o, before);
}

void offscreen_set_large_text(offscreen *o, bool on) {
    unsigned before = o->app.views_version;
    app_set_large_text(&o->app, on);
    forget_textures(o, before);
}
