/* drawer.c - views to pixels. See drawer.h.
 *
 * Cheap frames on SDL's software renderer, where every pixel costs: the
 * screen is not cleared when the views' own backgrounds cover it; round
 * shapes are rectangles and four small corner fans, not one fan whose
 * every triangle spans the shape; a picture or a line of text that sits on
 * a plain colour is laid on it once, then copied in each frame instead of
 * blended (the pixels come out the same). */
#include "drawer.h"

#include <limits.h>
#include <SDL_image.h>
#include <math.h>
#include <string.h>

#include "files.h"
#include "picture.h"
#include "picture_queue.h"

static const char *const icon_files[LAYOUT_ICON_COUNT] = {"arrow-left.svg", "arrow-right.svg", "tap.svg",
                                                           "globe.svg", "speaker.svg", "pause.svg",
                                                           "play.svg", "volume-1.svg", "volume-2.svg",
                                                           "volume-3.svg"};

void drawer_init(drawer *d, SDL_Renderer *r, fonts *f, const theme *t, const char *assets_dir) {
    memset(d, 0, sizeof *d);
    d->renderer = r;
    d->fonts = f;
    d->theme = t;
    files_join(d->icon_dir, sizeof d->icon_dir, assets_dir, "icons");
}

static double texture_bytes(SDL_Texture *t) {
    int w = 0, h = 0;
    SDL_QueryTexture(t, NULL, NULL, &w, &h);
    return 4.0 * w * h;
}

static void destroy(drawer *d, SDL_Texture *t) {
    if (!t) return;
    d->live_bytes -= texture_bytes(t);
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

static SDL_Texture *to_texture(drawer *d, SDL_Surface *s, bool opaque) {
    if (!s) return NULL;
    SDL_Texture *t = SDL_CreateTextureFromSurface(d->renderer, s);
    SDL_FreeSurface(s);
    if (!t) {
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "Couldn't create texture: %s", SDL_GetError());
        return NULL;
    }
    if (opaque) SDL_SetTextureBlendMode(t, SDL_BLENDMODE_NONE);
    d->live_textures++;
    d->live_bytes += texture_bytes(t);
    return t;
}

static SDL_Texture *icon(drawer *d, icon_id id, int size) {
    for (int i = 0; i < d->icon_count; i++)
        if (d->icons[i].icon == id && d->icons[i].size == size) return d->icons[i].texture;
    char path[PATH_MAX];
    if (!files_join(path, sizeof path, d->icon_dir, icon_files[id])) return NULL;
    SDL_Texture *t = to_texture(d, picture_load_own(path, size, size), false);
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

static bool overlap(const SDL_Rect *a, const SDL_Rect *b) {
    return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

static bool inside(const SDL_Rect *a, int x, int y, int w, int h) {
    return a->x >= x && a->y >= y && a->x + a->w <= x + w && a->y + a->h <= y + h;
}

/* Where item k of a view draws, as far as is known: its box, or for text
 * its texture (a little taller than its line box where a letter reaches
 * past it). Text not made yet may reach further: half a line around. */
static SDL_Rect drawn_area(const view_textures *vt, int k) {
    const layout_item *b = &vt->view->items[k];
    SDL_Rect r = {b->x, b->y, b->w, b->h};
    if (b->kind != LAYOUT_ITEM_TEXT) return r;
    int tw = 0, th = 0;
    if (vt->tried[k]) {
        if (vt->textures[k]) SDL_QueryTexture(vt->textures[k], NULL, NULL, &tw, &th);
        return (SDL_Rect){b->x, b->y + (b->h - th) / 2, tw, th};
    }
    return (SDL_Rect){b->x - b->h / 2, b->y - b->h / 2, b->w + b->h, b->h * 2};
}

/* The colour of the plain rectangle beneath `area` of item i (in the
 * item's coordinates: the body's for scrolling items), when one covers all
 * of it and nothing drawn between them overlaps it. Then what item i draws
 * there can be laid on that colour once and copied, not blended, in every
 * frame; the pixels come out the same. */
static bool backdrop(const view_textures *vt, int i, const SDL_Rect *area, uint32_t *rgb) {
    const layout_view *v = vt->view;
    const layout_item *it = &v->items[i];
    SDL_Rect body = {v->body_x, v->body_y, v->body_w, v->body_h};
    for (int k = i - 1; k >= 0; k--) {
        const layout_item *b = &v->items[k];
        /* One of the two scrolls, the other not: the scrolling one may be
         * anywhere in the body box (it is clipped to it). */
        bool same = b->scrolls == it->scrolls;
        SDL_Rect mine = same || !it->scrolls ? *area : body;
        SDL_Rect theirs = same || !b->scrolls ? drawn_area(vt, k) : body;
        if (!overlap(&mine, &theirs)) continue;
        if (b->kind != LAYOUT_ITEM_RECT || b->veil || (b->scrolls && !same)) return false;
        /* A round rectangle: inside its full-height or full-width band. */
        int r = b->radius;
        if (!inside(&mine, b->x + r, b->y, b->w - 2 * r, b->h) &&
            !inside(&mine, b->x, b->y + r, b->w, b->h - 2 * r))
            return false;
        *rgb = b->color;
        return true;
    }
    return false;
}

/* The picture as an opaque RGB888 surface (freeing s), when all of its
 * pixels are opaque or it can be laid on a plain backdrop colour; else s
 * as it is. Copying an opaque picture is a memcpy; blending one costs a
 * multiply per channel and pixel, every frame. */
static SDL_Surface *opaque_copy(SDL_Surface *s, const uint32_t *backdrop_rgb) {
    SDL_Surface *out = SDL_CreateRGBSurfaceWithFormat(0, s->w, s->h, 32, SDL_PIXELFORMAT_RGB888);
    if (!out || SDL_LockSurface(s) != 0) {
        SDL_FreeSurface(out);
        return s;
    }
    Uint32 back = backdrop_rgb ? *backdrop_rgb & 0xFFFFFFu : 0;
    Uint32 br = back >> 16, bg = (back >> 8) & 255, bb = back & 255;
    bool ok = true;
    for (int y = 0; y < s->h && ok; y++) {
        const Uint32 *in = (const Uint32 *)(const void *)((const Uint8 *)s->pixels + y * s->pitch);
        Uint32 *row = (Uint32 *)(void *)((Uint8 *)out->pixels + y * out->pitch);
        for (int x = 0; x < s->w; x++) {
            Uint32 p = in[x], a = p >> 24;
            if (a == 255) {
                row[x] = p & 0xFFFFFFu;
            } else if (!backdrop_rgb) {
                ok = false;
                break;
            } else if (a == 0) {
                row[x] = back;
            } else {
                /* As the renderer blends: src * a + dst * (1 - a). */
                Uint32 r = ((p >> 16) & 255) * a + br * (255 - a) + 127;
                Uint32 g = ((p >> 8) & 255) * a + bg * (255 - a) + 127;
                Uint32 b = (p & 255) * a + bb * (255 - a) + 127;
                row[x] = (r / 255) << 16 | (g / 255) << 8 | b / 255;
            }
        }
    }
    SDL_UnlockSurface(s);
    if (!ok) {
        SDL_FreeSurface(out);
        return s;
    }
    SDL_FreeSurface(s);
    return out;
}

/* A line of text cut to its line box, when the rows cut off are empty
 * (the font's height is a little more than the line spacing): then lines
 * never overlap, and each can be laid on its backdrop. s itself when not. */
static SDL_Surface *cut_to_box(SDL_Surface *s, int box_h) {
    if (s->h <= box_h || box_h <= 0 || SDL_ISPIXELFORMAT_ALPHA(s->format->format) == SDL_FALSE ||
        s->format->BytesPerPixel != 4)
        return s;
    int top = (s->h - box_h) / 2;
    for (int y = 0; y < s->h; y++) {
        if (y == top) y += box_h;
        if (y >= s->h) break;
        const Uint32 *row = (const Uint32 *)(const void *)((const Uint8 *)s->pixels + y * s->pitch);
        for (int x = 0; x < s->w; x++)
            if (row[x] & s->format->Amask) return s;
    }
    SDL_Surface *cut = SDL_CreateRGBSurfaceWithFormat(0, s->w, box_h, 32, s->format->format);
    if (!cut) return s;
    for (int y = 0; y < box_h; y++)
        memcpy((Uint8 *)cut->pixels + y * cut->pitch, (const Uint8 *)s->pixels + (top + y) * s->pitch,
               (size_t)s->w * 4);
    SDL_FreeSurface(s);
    return cut;
}

static SDL_Texture *text_texture(drawer *d, view_textures *vt, int i) {
    if (!vt->tried[i]) {
        const layout_item *it = &vt->view->items[i];
        vt->tried[i] = true;
        SDL_Surface *s = fonts_render(d->fonts, it->face, it->size, it->text, it->rtl, it->color);
        if (s) s = cut_to_box(s, it->h);
        uint32_t rgb;
        SDL_Rect area = {it->x, it->y + (it->h - (s ? s->h : 0)) / 2, s ? s->w : 0, s ? s->h : 0};
        if (s && s->h <= it->h && backdrop(vt, i, &area, &rgb)) s = opaque_copy(s, &rgb);
        vt->textures[i] = to_texture(d, s, s && !SDL_ISPIXELFORMAT_ALPHA(s->format->format));
    }
    return vt->textures[i];
}

/* The textures of a view, made on first use: its fixed text at once; its
 * picture and scrolling lines when they are needed. */
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
        for (int i = 0; i < v->item_count; i++)
            if (v->items[i].kind == LAYOUT_ITEM_TEXT && !v->items[i].scrolls) text_texture(d, slot, i);
    }
    slot->used = ++d->stamp;
    return slot;
}

/* Makes the scrolling lines that are on screen, or within half a screen
 * of it, at this scroll; drops those more than a screen and a half away. */
static void keep_lines(drawer *d, view_textures *vt, float scroll) {
    const layout_view *v = vt->view;
    if (v->body_h <= 0) return;
    int sy = (int)lroundf(scroll), near = v->body_h / 2, far = v->body_h * 3 / 2;
    for (int i = 0; i < v->item_count; i++) {
        const layout_item *it = &v->items[i];
        if (it->kind != LAYOUT_ITEM_TEXT || !it->scrolls) continue;
        int top = it->y - sy; /* from the top of the body box */
        if (top + it->h >= -near && top <= v->body_h + near) {
            text_texture(d, vt, i);
        } else if (vt->tried[i] && (top + it->h < -far || top > v->body_h + far)) {
            destroy(d, vt->textures[i]);
            vt->textures[i] = NULL;
            vt->tried[i] = false;
        }
    }
}

static void set_color(SDL_Renderer *r, uint32_t rgb) {
    SDL_SetRenderDrawColor(r, (Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, 255);
}

/* A filled rectangle with round corners (a circle when radius = w/2). The
 * software renderer tests every pixel of a triangle's bounding box, and a
 * fan from the middle of a wide button tests ten times its area: on whole
 * pixels, the straight parts are filled as rectangles (which meet the
 * corners exactly) and each corner is a small fan of its own. */
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
    bool whole = x == floorf(x) && y == floorf(y) && w == floorf(w) && h == floorf(h) &&
                 radius == floorf(radius);
    enum { SEG = 10, N = 4 * (SEG + 2) };
    SDL_Vertex v[N];
    int idx[4 * (SEG + 1) * 3];
    SDL_Color c = {(Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, 255};
    /* Corners anticlockwise from the top-right; arc q from 90q to 90(q+1) degrees. */
    const float cx[4] = {x + w - radius, x + radius, x + radius, x + w - radius};
    const float cy[4] = {y + radius, y + radius, y + h - radius, y + h - radius};
    int n = 0, k = 0;
    if (!whole) v[n++] = (SDL_Vertex){{x + w / 2, y + h / 2}, c, {0, 0}}; /* one fan */
    for (int q = 0; q < 4; q++) {
        int centre = 0;
        if (whole) {
            centre = n;
            v[n++] = (SDL_Vertex){{cx[q], cy[q]}, c, {0, 0}};
        }
        int first = n;
        for (int s = 0; s <= SEG; s++) {
            double a = (q * 90.0 + 90.0 * s / SEG) * M_PI / 180.0;
            v[n++] = (SDL_Vertex){{cx[q] + radius * (float)cos(a), cy[q] - radius * (float)sin(a)},
                                  c, {0, 0}};
        }
        for (int s = first; s + 1 < n; s++) {
            idx[k++] = centre;
            idx[k++] = s;
            idx[k++] = s + 1;
        }
        if (!whole) { /* on to the next corner's arc (the straight side) */
            idx[k++] = 0;
            idx[k++] = n - 1;
            idx[k++] = q < 3 ? n : 1;
        }
    }
    if (whole) {
        set_color(r, rgb);
        SDL_FRect rects[3] = {{x + radius, y, w - 2 * radius, radius},
                              {x, y + radius, w, h - 2 * radius},
                              {x + radius, y + h - radius, w - 2 * radius, radius}};
        for (int q = 0; q < 3; q++)
            if (rects[q].w > 0 && rects[q].h > 0) SDL_RenderFillRectF(r, &rects[q]);
    }
    SDL_RenderGeometry(r, NULL, v, n, idx, k);
}

/* The picture's texture, decoded at exactly the size it is shown, once.
 * With a picture queue, asked for there and taken when it is ready (NULL
 * until then: a placeholder is drawn, and the loop is woken when it
 * comes); without one (kiosk render, tests), decoded here. A picture that
 * fails is logged and keeps its placeholder; the text still shows. */
static SDL_Texture *image_texture(drawer *d, view_textures *vt, int i) {
    if (!vt->tried[i]) {
        const layout_item *it = &vt->view->items[i];
        SDL_Surface *s = NULL;
        if (d->queue) {
            char why[300];
            if (picture_queue_get(d->queue, it->image, it->w, it->h, &s, why, sizeof why) ==
                PICTURE_WAITING)
                return NULL;
        } else {
            s = picture_load(it->image, it->w, it->h);
        }
        vt->tried[i] = true;
        uint32_t rgb;
        SDL_Rect area = {it->x, it->y, it->w, it->h};
        if (s) s = opaque_copy(s, backdrop(vt, i, &area, &rgb) ? &rgb : NULL);
        vt->textures[i] = to_texture(d, s, s && !SDL_ISPIXELFORMAT_ALPHA(s->format->format));
    }
    return vt->textures[i];
}

/* A QR code's texture: the light square, each dark module a block of
 * module_px whole pixels inside the quiet zone, drawn 1:1 (never scaled,
 * so never blurred). Opaque. Made once per view, as pictures are. */
static SDL_Texture *qr_texture(drawer *d, view_textures *vt, int i) {
    if (!vt->tried[i]) {
        const layout_item *it = &vt->view->items[i];
        vt->tried[i] = true;
        SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, it->w, it->h, 32, SDL_PIXELFORMAT_RGB888);
        if (!s) return NULL;
        Uint32 light = SDL_MapRGB(s->format, QR_LIGHT >> 16, (QR_LIGHT >> 8) & 255, QR_LIGHT & 255);
        Uint32 dark = SDL_MapRGB(s->format, QR_DARK >> 16, (QR_DARK >> 8) & 255, QR_DARK & 255);
        SDL_FillRect(s, NULL, light);
        int px = it->module_px, edge = QR_QUIET_MODULES * px;
        for (int row = 0; row < it->qr.size; row++)
            for (int col = 0; col < it->qr.size; col++)
                if (it->qr.dark[row * it->qr.size + col]) {
                    SDL_Rect r = {edge + col * px, edge + row * px, px, px};
                    SDL_FillRect(s, &r, dark);
                }
        vt->textures[i] = to_texture(d, s, true);
    }
    return vt->textures[i];
}

/* Where a picture is not ready yet, or could not be read: a calm, plain
 * shape of its size, a little darker than the page, so the page keeps its
 * shape and nothing flashes. */
static void placeholder(drawer *d, int x, int y, int w, int h) {
    uint32_t rgb = theme_mix(d->theme->background, d->theme->dot, 0.25);
    int radius = (w < h ? w : h) / 24;
    fill_round(d->renderer, (float)x, (float)y, (float)w, (float)h, (float)radius, rgb);
}

int drawer_prepare(drawer *d, const layout_view *v) {
    view_textures *vt = v ? textures_for(d, v) : NULL;
    if (!vt) return 0;
    int waiting = 0;
    for (int i = 0; i < v->item_count; i++)
        if (v->items[i].kind == LAYOUT_ITEM_IMAGE && !image_texture(d, vt, i) && !vt->tried[i])
            waiting++;
    keep_lines(d, vt, 0);
    return waiting;
}

static void output_size(SDL_Renderer *r, int *w, int *h) {
    *w = *h = 0;
    SDL_GetRendererOutputSize(r, w, h);
    SDL_Texture *target = SDL_GetRenderTarget(r);
    if (target) SDL_QueryTexture(target, NULL, NULL, w, h);
}

void drawer_view(drawer *d, const layout_view *v, int x, int y, float scroll) {
    SDL_Renderer *r = d->renderer;
    view_textures *vt = textures_for(d, v);
    if (!vt) return;
    int out_w, out_h;
    output_size(r, &out_w, &out_h);
    keep_lines(d, vt, scroll);
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
        case LAYOUT_ITEM_RECT:
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
        case LAYOUT_ITEM_CIRCLE: fill_round(r, (float)ix, (float)iy, (float)it->w, (float)it->h, it->w / 2.0f, it->color); break;
        case LAYOUT_ITEM_TEXT: {
            SDL_Texture *t = text_texture(d, vt, i);
            if (!t) break;
            int tw, th;
            SDL_QueryTexture(t, NULL, NULL, &tw, &th);
            SDL_Rect dst = {ix, iy + (it->h - th) / 2, tw, th};
            SDL_RenderCopy(r, t, NULL, &dst);
            break;
        }
        case LAYOUT_ITEM_IMAGE: {
            SDL_Texture *t = image_texture(d, vt, i);
            if (t) {
                SDL_Rect dst = {ix, iy, it->w, it->h};
                SDL_RenderCopy(r, t, NULL, &dst);
            } else {
                if (!vt->tried[i]) d->waiting++;
                if (d->queue) placeholder(d, ix, iy, it->w, it->h);
            }
            break;
        }
        case LAYOUT_ITEM_QR: {
            SDL_Texture *t = qr_texture(d, vt, i);
            SDL_Rect dst = {ix, iy, it->w, it->h};
            if (t) SDL_RenderCopy(r, t, NULL, &dst);
            break;
        }
        case LAYOUT_ITEM_ICON: {
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

/* Whether a view starts with a plain rectangle over all of it. */
static bool has_background(const layout_view *v) {
    if (v->item_count == 0) return false;
    const layout_item *b = &v->items[0];
    return b->kind == LAYOUT_ITEM_RECT && !b->veil && !b->scrolls && b->radius == 0 && b->x <= 0 &&
           b->y <= 0 && b->x + b->w >= v->w && b->y + b->h >= v->h;
}

/* Whether the rectangles cover all of [0, w) x [0, h). */
static bool covered(const SDL_Rect *rects, int n, int w, int h) {
    enum { MAX = 8 };
    if (n > MAX) return false;
    int xs[2 * MAX + 2], nx = 0;
    xs[nx++] = 0;
    xs[nx++] = w;
    for (int i = 0; i < n; i++) {
        if (rects[i].x > 0 && rects[i].x < w) xs[nx++] = rects[i].x;
        if (rects[i].x + rects[i].w > 0 && rects[i].x + rects[i].w < w)
            xs[nx++] = rects[i].x + rects[i].w;
    }
    for (int i = 1; i < nx; i++) /* a few values: insertion sort */
        for (int j = i; j > 0 && xs[j - 1] > xs[j]; j--) {
            int t = xs[j];
            xs[j] = xs[j - 1];
            xs[j - 1] = t;
        }
    for (int c = 0; c + 1 < nx; c++) {
        if (xs[c] == xs[c + 1]) continue;
        /* The column [xs[c], xs[c+1]): rows covered from the top down. */
        int reach = 0;
        for (bool grew = true; grew && reach < h;) {
            grew = false;
            for (int i = 0; i < n; i++) {
                const SDL_Rect *q = &rects[i];
                if (q->x <= xs[c] && q->x + q->w >= xs[c + 1] && q->y <= reach &&
                    q->y + q->h > reach) {
                    reach = q->y + q->h;
                    grew = true;
                }
            }
        }
        if (reach < h) return false;
    }
    return true;
}

void drawer_frame(drawer *d, app *a, const state_frame *f) {
    SDL_Renderer *r = d->renderer;
    d->waiting = 0;
    if (!app_has_pages(a)) {
        set_color(r, d->theme->background);
        SDL_RenderClear(r);
        drawer_view(d, app_view(a, 0, false), 0, 0, 0);
        return;
    }
    /* The views' own backgrounds usually cover the screen: then clearing
     * it first would only paint every pixel twice. */
    enum { MAX_VIEWS = sizeof f->views / sizeof f->views[0] };
    const layout_view *views[MAX_VIEWS];
    SDL_Rect rects[MAX_VIEWS];
    int n = 0;
    bool all_backgrounds = true;
    for (int i = 0; i < f->count && i < MAX_VIEWS; i++) {
        const state_view *sv = &f->views[i];
        views[i] = app_view(a, sv->page, sv->detail);
        if (!views[i]) continue;
        if (!has_background(views[i])) all_backgrounds = false;
        rects[n++] = (SDL_Rect){(int)lroundf(sv->x), (int)lroundf(sv->y), views[i]->w, views[i]->h};
    }
    int out_w, out_h;
    output_size(r, &out_w, &out_h);
    if (!all_backgrounds || !covered(rects, n, out_w, out_h)) {
        set_color(r, d->theme->background);
        SDL_RenderClear(r);
    }
    for (int i = 0; i < f->count && i < MAX_VIEWS; i++) {
        const state_view *sv = &f->views[i];
        if (!views[i]) continue;
        drawer_view(d, views[i], (int)lroundf(sv->x), (int)lroundf(sv->y), sv->scroll);
    }
}
