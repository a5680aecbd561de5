/* draw.c - views to pixels. See draw.h. */
#include "draw.h"

#include <SDL_image.h>
#include <math.h>
#include <string.h>

#include "picture.h"

static const char *const icon_files[ICON_COUNT] = {"arrow-left.svg", "arrow-right.svg", "tap.svg"};

void drawer_init(drawer *d, SDL_Renderer *r, fonts *f, const theme *t, const char *assets_dir) {
    memset(d, 0, sizeof *d);
    d->renderer = r;
    d->fonts = f;
    d->theme = t;
    snprintf(d->icon_dir, sizeof d->icon_dir, "%s/icons", assets_dir);
}

static void destroy(drawer *d, SDL_Texture *t) {
    if (!t) return;
    SDL_DestroyTexture(t);
    d->live_textures--;
}

static void forget_view(drawer *d, view_textures *vt) {
    for (int i = 0; i < vt->count; i++) destroy(d, vt->textures[i]);
    SDL_free(vt->textures);
    SDL_free(vt->tried);
    memset(vt, 0, sizeof *vt);
}

void drawer_forget(drawer *d, const layout_view *v) {
    for (int i = 0; i < DRAW_CACHE_VIEWS; i++)
        if (d->cache[i].view == v) forget_view(d, &d->cache[i]);
}

void drawer_release(drawer *d) {
    for (int i = 0; i < DRAW_CACHE_VIEWS; i++) forget_view(d, &d->cache[i]);
    for (int i = 0; i < d->icon_count; i++) destroy(d, d->icons[i].texture);
    d->icon_count = 0;
}

static SDL_Texture *to_texture(drawer *d, SDL_Surface *s) {
    if (!s) return NULL;
    SDL_Texture *t = SDL_CreateTextureFromSurface(d->renderer, s);
    SDL_FreeSurface(s);
    if (!t) {
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "Couldn't create texture: %s", SDL_GetError());
        return NULL;
    }
    d->live_textures++;
    return t;
}

static SDL_Texture *icon(drawer *d, icon_id id, int size) {
    for (int i = 0; i < d->icon_count; i++)
        if (d->icons[i].icon == id && d->icons[i].size == size) return d->icons[i].texture;
    char path[640];
    snprintf(path, sizeof path, "%s/%s", d->icon_dir, icon_files[id]);
    SDL_Texture *t = to_texture(d, picture_load(path, size, size));
    if (!t) return NULL;
    if (d->icon_count == DRAW_ICON_CACHE) {
        destroy(d, d->icons[0].texture);
        memmove(d->icons, d->icons + 1, (DRAW_ICON_CACHE - 1) * sizeof d->icons[0]);
        d->icon_count--;
    }
    d->icons[d->icon_count].icon = id;
    d->icons[d->icon_count].size = size;
    d->icons[d->icon_count].texture = t;
    d->icon_count++;
    return t;
}

/* The textures of a view, made on first use. */
static view_textures *textures_for(drawer *d, const layout_view *v) {
    view_textures *slot = NULL;
    for (int i = 0; i < DRAW_CACHE_VIEWS; i++)
        if (d->cache[i].view == v && d->cache[i].count == v->item_count) slot = &d->cache[i];
    if (!slot) {
        slot = &d->cache[0];
        for (int i = 1; i < DRAW_CACHE_VIEWS; i++)
            if (d->cache[i].used < slot->used) slot = &d->cache[i];
        forget_view(d, slot);
        slot->textures = SDL_calloc((size_t)v->item_count + 1, sizeof *slot->textures);
        slot->tried = SDL_calloc((size_t)v->item_count + 1, sizeof *slot->tried);
        if (!slot->textures || !slot->tried) { forget_view(d, slot); return NULL; }
        slot->view = v;
        slot->count = v->item_count;
        for (int i = 0; i < v->item_count; i++) {
            const layout_item *it = &v->items[i];
            if (it->kind == ITEM_TEXT)
                slot->textures[i] = to_texture(d, fonts_render(d->fonts, it->face, it->size, it->text,
                                                               it->color));
        }
    }
    slot->used = ++d->stamp;
    return slot;
}

static void set_color(SDL_Renderer *r, uint32_t rgb) {
    SDL_SetRenderDrawColor(r, (Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, 255);
}

/* A filled rectangle with round corners (a circle when radius = w/2). */
static void fill_round(SDL_Renderer *r, float x, float y, float w, float h, float radius,
                       uint32_t rgb) {
    if (radius <= 0.5f) {
        set_color(r, rgb);
        SDL_FRect rect = {x, y, w, h};
        SDL_RenderFillRectF(r, &rect);
        return;
    }
    if (radius > w / 2) radius = w / 2;
    if (radius > h / 2) radius = h / 2;
    enum { SEG = 10, N = 4 * (SEG + 1) };
    SDL_Vertex v[N + 1];
    int idx[N * 3];
    SDL_Color c = {(Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, 255};
    const float cx[4] = {x + w - radius, x + radius, x + radius, x + w - radius};
    const float cy[4] = {y + radius, y + radius, y + h - radius, y + h - radius};
    v[0] = (SDL_Vertex){{x + w / 2, y + h / 2}, c, {0, 0}};
    int n = 1;
    for (int corner = 0; corner < 4; corner++)
        for (int s = 0; s <= SEG; s++) {
            double a = (corner * 90.0 + 90.0 * s / SEG) * M_PI / 180.0;
            v[n++] = (SDL_Vertex){{cx[corner] + radius * (float)cos(a),
                                   cy[corner] - radius * (float)sin(a)}, c, {0, 0}};
        }
    int k = 0;
    for (int i = 1; i < n; i++) {
        idx[k++] = 0;
        idx[k++] = i;
        idx[k++] = i + 1 < n ? i + 1 : 1;
    }
    SDL_RenderGeometry(r, NULL, v, n, idx, k);
}

/* The picture's texture, decoded at exactly the size it is shown, once.
 * A picture that fails is logged and left out; the text still shows. */
static SDL_Texture *image_texture(drawer *d, view_textures *vt, int i) {
    if (!vt->tried[i]) {
        const layout_item *it = &vt->view->items[i];
        vt->tried[i] = true;
        vt->textures[i] = to_texture(d, picture_load(it->image, it->w, it->h));
    }
    return vt->textures[i];
}

void drawer_prepare(drawer *d, const layout_view *v) {
    view_textures *vt = v ? textures_for(d, v) : NULL;
    if (!vt) return;
    for (int i = 0; i < v->item_count; i++)
        if (v->items[i].kind == ITEM_IMAGE) image_texture(d, vt, i);
}

void drawer_view(drawer *d, const layout_view *v, int x, int y, float scroll) {
    SDL_Renderer *r = d->renderer;
    view_textures *vt = textures_for(d, v);
    if (!vt) return;
    int out_w = 0, out_h = 0;
    SDL_GetRendererOutputSize(r, &out_w, &out_h);
    SDL_Texture *target = SDL_GetRenderTarget(r);
    if (target) SDL_QueryTexture(target, NULL, NULL, &out_w, &out_h);
    SDL_Rect clip = {x + v->body_x, y + v->body_y, v->body_w, v->body_h};
    int sy = (int)lroundf(scroll);
    bool clipped = false;
    for (int i = 0; i < v->item_count; i++) {
        const layout_item *it = &v->items[i];
        int ix = x + it->x, iy = y + it->y;
        if (it->scrolls) {
            iy += v->body_y - sy;
            if (iy + it->h < clip.y || iy > clip.y + clip.h) continue;
            if (!clipped) { SDL_RenderSetClipRect(r, &clip); clipped = true; }
        } else if (clipped) {
            SDL_RenderSetClipRect(r, NULL);
            clipped = false;
        }
        if (ix >= out_w || iy >= out_h || ix + it->w <= 0 || iy + it->h <= 0) continue;
        switch (it->kind) {
        case ITEM_RECT:
            if (it->veil) {
                SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
                SDL_SetRenderDrawColor(r, (Uint8)(it->color >> 16), (Uint8)(it->color >> 8),
                                       (Uint8)it->color, 204);
                SDL_Rect rect = {ix, iy, it->w, it->h};
                SDL_RenderFillRect(r, &rect);
                SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_NONE);
                break;
            }
            fill_round(r, (float)ix, (float)iy, (float)it->w, (float)it->h, (float)it->radius, it->color);
            break;
        case ITEM_CIRCLE: fill_round(r, (float)ix, (float)iy, (float)it->w, (float)it->h, it->w / 2.0f, it->color); break;
        case ITEM_TEXT: {
            SDL_Texture *t = vt->textures[i];
            if (!t) break;
            int tw, th;
            SDL_QueryTexture(t, NULL, NULL, &tw, &th);
            SDL_Rect dst = {ix, iy + (it->h - th) / 2, tw, th};
            SDL_RenderCopy(r, t, NULL, &dst);
            break;
        }
        case ITEM_IMAGE: {
            SDL_Texture *t = image_texture(d, vt, i);
            if (t) {
                SDL_Rect dst = {ix, iy, it->w, it->h};
                SDL_RenderCopy(r, t, NULL, &dst);
            }
            break;
        }
        case ITEM_ICON: {
            SDL_Texture *t = icon(d, it->icon, it->w);
            if (!t) break;
            SDL_SetTextureColorMod(t, (Uint8)(it->color >> 16), (Uint8)(it->color >> 8), (Uint8)it->color);
            SDL_Rect dst = {ix, iy, it->w, it->h};
            SDL_RenderCopy(r, t, NULL, &dst);
            break;
        }
        }
    }
    if (clipped) SDL_RenderSetClipRect(r, NULL);
    if (v->scroll_max > 0) {
        /* A slim bar that says: there is more below. */
        float track = (float)v->body_h - v->body_h * 0.06f;
        float bar_h = fmaxf(track * v->body_h / (float)v->body_content_h, 24.0f);
        float bar_y = y + v->body_y + v->body_h * 0.03f + (track - bar_h) * scroll / v->scroll_max;
        float bar_w = fmaxf(6.0f, v->w / 160.0f);
        fill_round(r, x + v->body_x + v->body_w - bar_w * 2.2f, bar_y, bar_w, bar_h, bar_w / 2,
                   d->theme->dot);
    }
}

void drawer_frame(drawer *d, app *a, const state_frame *f) {
    SDL_Renderer *r = d->renderer;
    set_color(r, d->theme->background);
    SDL_RenderClear(r);
    if (!app_has_pages(a)) {
        drawer_view(d, app_view(a, 0, false), 0, 0, 0);
        return;
    }
    for (int i = 0; i < f->count; i++) {
        const state_view *sv = &f->views[i];
        const layout_view *v = app_view(a, sv->page, sv->detail);
        if (!v) continue;
        drawer_view(d, v, (int)lroundf(sv->x), (int)lroundf(sv->y), sv->scroll);
    }
}
