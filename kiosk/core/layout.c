/* layout.c - page, detail and "Back soon" layouts. See layout.h.
 *
 * Sizes come from the screen's short side, so a 7" 800x480 panel and a
 * 1920x1080 monitor get the same proportions. Text is wrapped here (not
 * by SDL_ttf, whose wrapping breaks only at ASCII spaces and measures
 * glyphs, not characters: libsdl-org/SDL_ttf #471 and #225) and shrunk
 * step by step when a page does not fit. */
#include "layout.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textrun.h"
#include "utf8.h"

#define ELLIPSIS "\xE2\x80\xA6"

layout_metrics layout_metrics_for(int w, int h, double px_per_mm) {
    layout_metrics m;
    int short_side = w < h ? w : h;
    m.w = w;
    m.h = h;
    m.margin = (int)lround(short_side * 0.05);
    m.body_px = (int)lround(short_side / 17.0);
    if (m.body_px < 20) m.body_px = 20;
    int nine_mm = (int)ceil(9.0 * px_per_mm);
    int relative = (int)lround(short_side * 0.085); /* big screens, big targets */
    m.target_px = 48;
    if (nine_mm > m.target_px) m.target_px = nine_mm;
    if (relative > m.target_px) m.target_px = relative;
    m.qr_module_px = qr_module_px(px_per_mm);
    m.large_text = false;
    return m;
}

layout_metrics layout_metrics_large(const layout_metrics *m) {
    layout_metrics l = *m;
    l.body_px = (int)lround(m->body_px * LAYOUT_LARGE_TEXT_SCALE);
    l.large_text = true;
    return l;
}

void layout_fit(int w, int h, int box_w, int box_h, int *out_w, int *out_h) {
    if (w <= 0 || h <= 0 || box_w <= 0 || box_h <= 0) { *out_w = *out_h = 0; return; }
    double s = fmin((double)box_w / w, (double)box_h / h);
    *out_w = (int)floor(w * s);
    *out_h = (int)floor(h * s);
    if (*out_w < 1) *out_w = 1;
    if (*out_h < 1) *out_h = 1;
}

/* ---- the item and target lists ---- */
static layout_item *add_item(layout_view *v, item_kind kind, int x, int y, int w, int h,
                             uint32_t color) {
    if (v->item_count == v->item_capacity) {
        int cap = v->item_capacity ? v->item_capacity * 2 : 64;
        layout_item *items = realloc(v->items, (size_t)cap * sizeof *items);
        if (!items) return NULL;
        v->items = items;
        v->item_capacity = cap;
    }
    layout_item *it = &v->items[v->item_count++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->x = x;
    it->y = y;
    it->w = w;
    it->h = h;
    it->color = color;
    return it;
}

static bool add_target(layout_view *v, target_kind kind, int index, int x, int y, int w, int h) {
    if (v->target_count == v->target_capacity) {
        int cap = v->target_capacity ? v->target_capacity * 2 : 16;
        layout_target *t = realloc(v->targets, (size_t)cap * sizeof *t);
        if (!t) return false;
        v->targets = t;
        v->target_capacity = cap;
    }
    v->targets[v->target_count++] = (layout_target){kind, index, x, y, w, h};
    return true;
}

/* Takes back the items from `first` on (and what they own) and the
 * targets from `first_target` on. */
static void drop_items(layout_view *v, int first, int first_target) {
    for (int i = first; i < v->item_count; i++) {
        free(v->items[i].text);
        qr_release(&v->items[i].qr);
    }
    v->item_count = first;
    v->target_count = first_target;
}

static void clear(layout_view *v) {
    drop_items(v, 0, 0);
    v->title_px = v->title_lines = v->title_full_px = 0;
    v->title_cut = false;
}

void layout_release(layout_view *v) {
    clear(v);
    free(v->items);
    free(v->targets);
    memset(v, 0, sizeof *v);
}

const layout_target *layout_hit(const layout_view *v, int x, int y) {
    for (int i = 0; i < v->target_count; i++) {
        const layout_target *t = &v->targets[i];
        if (x >= t->x && x < t->x + t->w && y >= t->y && y < t->y + t->h) return t;
    }
    return NULL;
}

/* ---- text flow ---- */
typedef struct {
    layout_view *v;
    const text_measure *tm;
    int x, y, width;      /* the column; y is the top of the next line */
    int size, line_h;
    uint32_t color;
    int force_style;      /* SPAN_ITALIC for quotes, SPAN_BOLD for headings */
    bool scrolls;
    bool rtl;             /* the paragraph reads right to left */
    bool mirrored;        /* the whole view will be mirrored (mirror_view): right to left */
    int max_lines;        /* 0 = no limit */
    /* state */
    int lines;
    int line_x;           /* pen position on the current line */
    int run;              /* index of the open run item, -1 if none */
    bool space;           /* white space came before the next word */
    bool truncated;
    bool failed;
} flow;

static font_face face_for(int style) {
    switch (style & (SPAN_BOLD | SPAN_ITALIC)) {
    case SPAN_BOLD: return THEME_FACE_BOLD;
    case SPAN_ITALIC: return THEME_FACE_ITALIC;
    case SPAN_BOLD | SPAN_ITALIC: return THEME_FACE_BOLD_ITALIC;
    default: return THEME_FACE_REGULAR;
    }
}

static int measure(const flow *f, font_face face, const char *s, size_t n) {
    return f->tm->width(f->tm->ctx, face, f->size, s, n);
}

static bool append_text(layout_item *it, const char *s, size_t n) {
    size_t old = it->text ? strlen(it->text) : 0;
    char *t = realloc(it->text, old + n + 1);
    if (!t) return false;
    memcpy(t + old, s, n);
    t[old + n] = '\0';
    it->text = t;
    return true;
}

static void new_line(flow *f) {
    if (f->lines > 0 || f->line_x > 0 || f->run >= 0) {
        f->y += f->line_h;
        f->lines++;
    }
    f->line_x = 0;
    f->run = -1;
}

/* Ends the flow's last line with an ellipsis that fits. */
static void add_ellipsis(flow *f) {
    if (f->run < 0) return;
    layout_item *it = &f->v->items[f->run];
    int ew = measure(f, it->face, ELLIPSIS, strlen(ELLIPSIS));
    while (it->text && it->x - f->x + measure(f, it->face, it->text, strlen(it->text)) + ew >
                           f->width) {
        char *sp = strrchr(it->text, ' ');
        if (!sp) break;
        *sp = '\0';
    }
    if (!append_text(it, ELLIPSIS, strlen(ELLIPSIS))) f->failed = true;
    it->w = measure(f, it->face, it->text, strlen(it->text));
}

static void place_word(flow *f, font_face face, const char *w, size_t n) {
    int ww = measure(f, face, w, n);
    /* "**bold**." has no space before the full stop: glue it on. */
    bool spaced = f->space && f->line_x > 0;
    f->space = false;
    int space = spaced ? measure(f, face, " ", 1) : 0;
    if (f->line_x > 0 && f->line_x + space + ww > f->width) {
        if (f->max_lines && f->lines + 1 >= f->max_lines) {
            f->truncated = true;
            return;
        }
        new_line(f);
        space = 0;
        spaced = false;
    }
    if (ww > f->width) {
        /* A word wider than the column: break it between characters. */
        size_t i = 0;
        while (i < n && !f->truncated) {
            size_t take = 0, k = 0;
            while (i + k < n) {
                size_t c = utf8_char_len(w + i + k, n - i - k);
                if (take > 0 && f->line_x + measure(f, face, w + i, k + c) > f->width) break;
                k += c;
                take = k;
            }
            layout_item *it = add_item(f->v, LAYOUT_ITEM_TEXT, f->x + f->line_x, f->y, 0, f->line_h,
                                       f->color);
            if (!it || !append_text(it, w + i, take)) { f->failed = true; return; }
            it->face = face;
            it->size = f->size;
            it->scrolls = f->scrolls;
            it->rtl = f->rtl;
            it->w = measure(f, face, w + i, take);
            f->run = f->v->item_count - 1;
            f->line_x += it->w;
            i += take;
            if (i < n) {
                if (f->max_lines && f->lines + 1 >= f->max_lines) { f->truncated = true; return; }
                new_line(f);
            }
        }
        return;
    }
    layout_item *run = f->run >= 0 ? &f->v->items[f->run] : NULL;
    if (run && run->face == face) {
        if ((spaced && !append_text(run, " ", 1)) || !append_text(run, w, n)) {
            f->failed = true;
            return;
        }
        run->w = measure(f, face, run->text, strlen(run->text));
        f->line_x = run->x - f->x + run->w;
        return;
    }
    layout_item *it = add_item(f->v, LAYOUT_ITEM_TEXT, f->x + f->line_x + space, f->y, ww, f->line_h,
                               f->color);
    if (!it || !append_text(it, w, n)) { f->failed = true; return; }
    it->face = face;
    it->size = f->size;
    it->scrolls = f->scrolls;
    it->rtl = f->rtl;
    f->run = f->v->item_count - 1;
    f->line_x += space + ww;
}

static void flow_spans(flow *f, const md_span *spans, int count) {
    for (int s = 0; s < count && !f->truncated && !f->failed; s++) {
        font_face face = face_for(spans[s].style | f->force_style);
        const char *p = spans[s].text;
        while (*p && !f->truncated && !f->failed) {
            if (*p == ' ') { f->space = true; p++; continue; }
            if (*p == '\n') {
                if (f->max_lines && f->lines + 1 >= f->max_lines) { f->truncated = true; break; }
                new_line(f);
                p++;
                continue;
            }
            size_t n = strcspn(p, " \n");
            place_word(f, face, p, n);
            p += n;
        }
    }
    if (f->truncated) add_ellipsis(f);
}

/* Whether the spans, read as one paragraph, run right to left: from its
 * first strong letter (Arabic, Urdu, Hebrew: yes). */
static bool spans_rtl(const md_span *spans, int count) {
    for (int s = 0; s < count; s++) {
        text_dir d = textrun_first_strong(spans[s].text, strlen(spans[s].text));
        if (d != TEXT_DIR_AUTO) return d == TEXT_DIR_RTL;
    }
    return false;
}

/* Flows spans into a column; returns the height used (whole lines). A
 * right-to-left paragraph is laid out as a left-to-right one and then
 * mirrored in its column: its lines start at the right, its first words
 * on the right. */
static int flow_text(flow *f, const md_span *spans, int count) {
    f->lines = 0;
    f->line_x = 0;
    f->run = -1;
    f->space = false;
    f->rtl = spans_rtl(spans, count);
    int top = f->y, first = f->v->item_count;
    flow_spans(f, spans, count);
    if (f->line_x > 0 || f->run >= 0) { f->y += f->line_h; f->lines++; }
    if (!f->mirrored) {
        for (int i = first; f->rtl && i < f->v->item_count; i++) {
            layout_item *it = &f->v->items[i];
            if (it->kind == LAYOUT_ITEM_TEXT) it->x = f->x + f->width - (it->x - f->x) - it->w;
        }
    } else if (!f->rtl) {
        /* A left-to-right paragraph in a view that will be mirrored: each
         * line's runs in reverse, from the same start, so that after the
         * mirror they read in order, set against the column's right. */
        for (int i = first; i < f->v->item_count;) {
            int end = i, left = f->v->items[i].x, right = left;
            while (end < f->v->item_count && f->v->items[end].y == f->v->items[i].y) {
                const layout_item *it = &f->v->items[end];
                if (it->x < left) left = it->x;
                if (it->x + it->w > right) right = it->x + it->w;
                end++;
            }
            for (int k = i; k < end; k++) {
                layout_item *it = &f->v->items[k];
                if (it->kind == LAYOUT_ITEM_TEXT) it->x = left + (right - (it->x + it->w));
            }
            i = end;
        }
    }
    return f->y - top;
}

/* Right to left: the whole view turned over left to right (the picture's
 * side, the buttons, the dots, bullets and quote bars). The text inside
 * each item is not turned; flows made with .mirrored read right after it. */
static void mirror_view(layout_view *v) {
    for (int i = 0; i < v->item_count; i++) v->items[i].x = v->w - v->items[i].x - v->items[i].w;
    for (int i = 0; i < v->target_count; i++)
        v->targets[i].x = v->w - v->targets[i].x - v->targets[i].w;
    if (v->body_w > 0) v->body_x = v->w - v->body_x - v->body_w;
}

static int flow_plain(flow *f, const char *text) {
    md_span span = {(char *)text, 0};
    return flow_text(f, &span, 1);
}

/* ---- building other views ---- */
void layout_clear(layout_view *v) { clear(v); }

void layout_begin(layout_view *v, const layout_metrics *m) {
    clear(v);
    v->w = m->w;
    v->h = m->h;
    v->text_scale = 1.0f;
    v->overflow = false;
    v->body_x = v->body_y = v->body_w = v->body_h = v->body_content_h = v->scroll_max = 0;
}

int layout_line_height(int size_px) { return (int)lround(size_px * 1.32); }

layout_item *layout_add_rect(layout_view *v, int x, int y, int w, int h, uint32_t color,
                             int radius) {
    layout_item *it = add_item(v, LAYOUT_ITEM_RECT, x, y, w, h, color);
    if (it) it->radius = radius;
    return it;
}

layout_item *layout_add_outlined(layout_view *v, int x, int y, int w, int h, uint32_t fill,
                                 uint32_t edge, int edge_px, int radius) {
    if (!layout_add_rect(v, x, y, w, h, edge, radius)) return NULL;
    int inner = radius > edge_px ? radius - edge_px : 0;
    return layout_add_rect(v, x + edge_px, y + edge_px, w - 2 * edge_px, h - 2 * edge_px, fill, inner);
}

int layout_edge_px(const layout_metrics *m) { return m->target_px / 24 > 2 ? m->target_px / 24 : 2; }

layout_item *layout_add_label(layout_view *v, const text_measure *tm, font_face face, int size,
                              uint32_t color, int x, int y, int max_w, const char *text) {
    int before = v->item_count;
    flow f = {.v = v, .tm = tm, .x = x, .y = y, .width = max_w > 0 ? max_w : 1 << 20,
              .size = size, .line_h = layout_line_height(size), .color = color,
              .force_style = face == THEME_FACE_BOLD ? SPAN_BOLD : face == THEME_FACE_ITALIC ? SPAN_ITALIC : 0,
              .max_lines = 1, .run = -1};
    flow_plain(&f, text);
    if (f.failed || v->item_count == before) return NULL;
    return &v->items[before];
}

int layout_add_text(layout_view *v, const text_measure *tm, font_face face, int size,
                    uint32_t color, int x, int y, int width, int max_lines, const char *text) {
    flow f = {.v = v, .tm = tm, .x = x, .y = y, .width = width, .size = size,
              .line_h = layout_line_height(size), .color = color,
              .force_style = face == THEME_FACE_BOLD ? SPAN_BOLD : face == THEME_FACE_ITALIC ? SPAN_ITALIC : 0,
              .max_lines = max_lines, .run = -1};
    int h = flow_plain(&f, text);
    return f.failed ? -1 : h;
}

bool layout_add_target(layout_view *v, target_kind kind, int index, int x, int y, int w, int h) {
    return add_target(v, kind, index, x, y, w, h);
}

/* ---- shared pieces ---- */
static int line_height(int size) { return (int)lround(size * 1.32); }

/* A pill-shaped button with an icon and a label; returns its width. */
static int button(layout_view *v, const theme *t, const text_measure *tm, int x, int y, int h,
                  int size, const char *label, icon_id icon, bool icon_first, int min_w,
                  target_kind target) {
    int tw = tm->width(tm->ctx, THEME_FACE_BOLD, size, label, strlen(label));
    int icon_px = (int)lround(size * 1.1);
    int pad = h / 2;
    int gap = size / 3;
    int w = pad + icon_px + gap + tw + pad;
    if (w < min_w) w = min_w;
    layout_item *bg = add_item(v, LAYOUT_ITEM_RECT, x, y, w, h, t->accent);
    if (bg) bg->radius = h / 2;
    int content_x = x + (w - (icon_px + gap + tw)) / 2;
    int ix = icon_first ? content_x : content_x + tw + gap;
    int tx = icon_first ? content_x + icon_px + gap : content_x;
    layout_item *ic = add_item(v, LAYOUT_ITEM_ICON, ix, y + (h - icon_px) / 2, icon_px, icon_px,
                               t->on_accent);
    if (ic) ic->icon = icon;
    layout_item *txt = add_item(v, LAYOUT_ITEM_TEXT, tx, y, tw, h, t->on_accent);
    if (txt) {
        txt->face = THEME_FACE_BOLD;
        txt->size = size;
        txt->text = strdup(label);
    }
    add_target(v, target, 0, x, y, w, h);
    return w;
}

/* The language button: a globe and the language's own name, quieter than
 * the page's own button. Returns its width (0: none). Right-aligned at
 * right_x, in a box of height h at y. */
static int language_button(layout_view *v, const layout_metrics *m, const theme *t,
                           const text_measure *tm, const layout_words *w, int right_x, int y,
                           int h, uint32_t bg_color, bool globe_only) {
    if (!w || !w->language) return 0;
    int size = (int)lround(m->body_px * 0.8);
    int tw = globe_only ? 0 : tm->width(tm->ctx, THEME_FACE_BOLD, size, w->language, strlen(w->language));
    int icon_px = (int)lround(size * 1.2);
    int pad = h / 3, gap = size / 3;
    int bw = globe_only ? h * 5 / 4 : pad + icon_px + gap + tw + pad;
    if (globe_only) pad = (bw - icon_px) / 2;
    int x = right_x - bw;
    if (!layout_add_outlined(v, x, y, bw, h, bg_color, t->dot, layout_edge_px(m), h / 2)) return -1;
    layout_item *ic = add_item(v, LAYOUT_ITEM_ICON, x + pad, y + (h - icon_px) / 2, icon_px, icon_px,
                               t->accent);
    if (ic) ic->icon = LAYOUT_ICON_GLOBE;
    layout_item *txt = globe_only ? NULL
                                  : add_item(v, LAYOUT_ITEM_TEXT, x + pad + icon_px + gap, y, tw, h, t->text);
    if (txt) {
        txt->face = THEME_FACE_BOLD;
        txt->size = size;
        txt->text = strdup(w->language);
        txt->rtl = w->rtl;
        if (!txt->text) return -1;
    }
    add_target(v, LAYOUT_TARGET_LANGUAGE, -1, x, y, bw, h);
    return bw;
}

/* The speaker button (read aloud): a filled circle of diameter d at (x, y)
 * with the icon in it. */
static void round_button(layout_view *v, const theme *t, int x, int y, int d, icon_id icon,
                         target_kind target) {
    add_item(v, LAYOUT_ITEM_CIRCLE, x, y, d, d, t->accent);
    int icon_px = d * 11 / 20;
    layout_item *ic = add_item(v, LAYOUT_ITEM_ICON, x + (d - icon_px) / 2, y + (d - icon_px) / 2,
                               icon_px, icon_px, t->on_accent);
    if (ic) ic->icon = icon;
    add_target(v, target, 0, x, y, d, d);
}

int layout_speech_control(layout_view *v, const layout_view *under, const theme *t, bool paused,
                          int volume_level) {
    static const icon_id volume_icons[3] = {LAYOUT_ICON_VOLUME_1, LAYOUT_ICON_VOLUME_2,
                                            LAYOUT_ICON_VOLUME_3};
    clear(v);
    v->w = under->w;
    v->h = under->h;
    v->body_w = v->body_h = v->body_content_h = v->scroll_max = 0;
    v->text_scale = 1.0f;
    v->overflow = false;
    const layout_target *speak = NULL, *size = NULL;
    for (int i = 0; i < under->target_count; i++) {
        const layout_target *g = &under->targets[i];
        if (g->kind == LAYOUT_TARGET_SPEAK && !speak) speak = g;
        if (g->kind == LAYOUT_TARGET_TEXT_SIZE && !size) size = g;
    }
    if (!speak) return 0;
    round_button(v, t, speak->x, speak->y, speak->w, paused ? LAYOUT_ICON_PLAY : LAYOUT_ICON_PAUSE,
                 LAYOUT_TARGET_SPEAK);
    if (size) {
        int level = volume_level < 0 ? 0 : volume_level > 2 ? 2 : volume_level;
        round_button(v, t, size->x, size->y, size->w, volume_icons[level],
                     LAYOUT_TARGET_TEXT_SIZE);
    }
    v->target_count = 0; /* the taps are the view's own */
    return 0;
}

/* ---- the text size button ("Aa") ---- */
/* The round buttons at the left end of the page view's dots band: the
 * text size button first, then the read-aloud button. The dots start
 * after all of them. */
#define BAND_BUTTONS 2
/* Where the band's round button number i starts; band_button_x(m,
 * BAND_BUTTONS) is where the dots may start. */
static int band_button_x(const layout_metrics *m, int i) {
    return m->margin + i * (m->target_px + m->margin / 2);
}

/* "Aa" in a round button of m->target_px at (x, y), over a ground of
 * colour `behind`: filled with the accent while large text is on, an
 * accent ring when it is off; either way its edge is the accent, which
 * keeps 3:1 against the page and the bar (WCAG 1.4.11). The button is the
 * same size in both modes. Returns 0, or -1 when out of memory. */
static int text_size_button(layout_view *v, const layout_metrics *m, const theme *t,
                            const text_measure *tm, int x, int y, uint32_t behind) {
    int d = m->target_px;
    layout_item *disc = add_item(v, LAYOUT_ITEM_RECT, x, y, d, d, t->accent);
    if (disc) disc->radius = d / 2;
    if (!m->large_text) {
        int ring = d / 16 > 2 ? d / 16 : 2;
        layout_item *hole = add_item(v, LAYOUT_ITEM_RECT, x + ring, y + ring, d - 2 * ring,
                                     d - 2 * ring, behind);
        if (hole) hole->radius = (d - 2 * ring) / 2;
    }
    int size = d * 9 / 20;
    int tw = tm->width(tm->ctx, THEME_FACE_BOLD, size, "Aa", 2);
    layout_item *label = add_item(v, LAYOUT_ITEM_TEXT, x + (d - tw) / 2, y, tw, d,
                                  m->large_text ? t->on_accent : t->accent);
    if (!label || !(label->text = strdup("Aa"))) return -1;
    label->face = THEME_FACE_BOLD;
    label->size = size;
    return add_target(v, LAYOUT_TARGET_TEXT_SIZE, m->large_text ? 1 : 0, x, y, d, d) ? 0 : -1;
}

layout_words layout_words_english(void) {
    return (layout_words){.more = "Tap to read more", .back = "Back",
                          .scan = "Scan to read this at home", .language = NULL, .rtl = false};
}

/* The page dots, centred in the band, between `left` (after the round
 * buttons) and `right` (where the language button starts; m->w - margin
 * when there is none). */
static void dots(layout_view *v, const layout_metrics *m, const theme *t, const text_measure *tm,
                 int page_index, int page_count, int y, int band_h, int left, int right) {
    if (page_count < 2) return;
    int target = m->target_px;
    int max_fit = (right - left) / target;
    if (page_count > max_fit) {
        /* Too many pages for dots: "3 / 40" instead. */
        char label[32];
        snprintf(label, sizeof label, "%d / %d", page_index + 1, page_count);
        int size = (int)lround(m->body_px * 0.8);
        int w = tm->width(tm->ctx, THEME_FACE_BOLD, size, label, strlen(label));
        int lx = (m->w - w) / 2;
        if (lx + w > right) lx = right - w;
        if (lx < left) lx = left;
        layout_item *it = add_item(v, LAYOUT_ITEM_TEXT, lx, y, w, band_h, t->muted);
        if (it) { it->face = THEME_FACE_BOLD; it->size = size; it->text = strdup(label); }
        return;
    }
    int row_w = page_count * target;
    int x0 = (m->w - row_w) / 2;
    if (x0 + row_w > right) x0 = right - row_w;
    if (x0 < left) x0 = left;
    int r = target / 7 > 5 ? target / 7 : 5;
    for (int i = 0; i < page_count; i++) {
        int cx = x0 + i * target + target / 2, cy = y + band_h / 2;
        int rr = i == page_index ? r * 3 / 2 : r;
        add_item(v, LAYOUT_ITEM_CIRCLE, cx - rr, cy - rr, 2 * rr, 2 * rr,
                 i == page_index ? t->accent : t->dot);
        add_target(v, LAYOUT_TARGET_DOT, i, x0 + i * target, y + (band_h - target) / 2, target, target);
    }
}

static void picture(layout_view *v, const content_page *page, int x, int y, int box_w, int box_h) {
    if (!page->image.path || box_w < 8 || box_h < 8) return;
    int w, h;
    layout_fit(page->image.info.width, page->image.info.height, box_w, box_h, &w, &h);
    layout_item *it = add_item(v, LAYOUT_ITEM_IMAGE, x + (box_w - w) / 2, y + (box_h - h) / 2, w, h, 0);
    if (it) it->image = page->image.path;
}

/* Centres each line of the items from `first` on in the box [x, x+w). */
static void centre_lines(layout_view *v, int first, int x, int w) {
    for (int i = first; i < v->item_count;) {
        /* A line set right to left starts at the column's right. */
        int y = v->items[i].y, end = i, left = v->items[i].x, right = left;
        while (end < v->item_count && v->items[end].y == y) {
            int l = v->items[end].x, r = l + v->items[end].w;
            if (l < left) left = l;
            if (r > right) right = r;
            end++;
        }
        int shift = x + (w - (right - left)) / 2 - left;
        for (int k = i; k < end; k++) v->items[k].x += shift;
        i = end;
    }
}

/* ---- the page view ---- */
/* The page title's sizes, in steps of the body size. The largest that
 * holds the whole title on at most TITLE_LINES lines is used; the last
 * step is the floor, the detail view's heading size (1.2x, README
 * "Reading distance"): bold and still a step above the short text. At the
 * floor the title may take more lines, as many as its room holds; only a
 * title that the room cannot hold even there ends with an ellipsis. */
static const float title_steps[] = {1.5f, 1.4f, 1.3f, 1.2f};
#define TITLE_LINES 3

/* A title set smaller and wrapped (page_title) flowed again in the
 * narrowest column that keeps its number of lines, so that its lines are
 * about as long as each other: no last line of one short word. The
 * column keeps its start (its right edge for a right-to-left title in a
 * left-to-right view). */
/* Flows title again at top, w wide, in at most lines lines (from the
 * column's right edge when shift), in place of what it drew before. */
static void reflow_title(flow *f, const char *title, int top, int first, int first_target,
                         int x, int width, int w, int lines, bool shift) {
    drop_items(f->v, first, first_target);
    f->x = shift ? x + width - w : x;
    f->width = w;
    f->max_lines = lines;
    f->y = top;
    f->truncated = false;
    flow_plain(f, title);
}

static void balance_title(flow *f, const char *title, int top, int first, int first_target) {
    int lines = f->lines, x = f->x, width = f->width;
    bool shift = !f->mirrored && f->rtl;
    int lo = width / 2, hi = width; /* hi holds the title in `lines` lines */
    while (hi - lo > 2) {
        int mid = (lo + hi) / 2;
        reflow_title(f, title, top, first, first_target, x, width, mid, lines, shift);
        if (f->failed) break;
        if (!f->truncated && f->lines == lines) hi = mid;
        else lo = mid;
    }
    if (!f->failed) reflow_title(f, title, top, first, first_target, x, width, hi, lines, shift);
    /* out of memory (f->failed): page_column counts it as overflow */
    f->x = x;
    f->width = width;
}

/* Flows the page's title at f->y (column, colour and direction set in f)
 * into at most room px, at the first step that holds it; records its
 * size, lines and whether it was cut in v->title_*. */
static void page_title(flow *f, const char *title, int body, int room) {
    layout_view *v = f->v;
    int first = v->item_count, first_target = v->target_count, top = f->y;
    size_t steps = sizeof title_steps / sizeof title_steps[0];
    for (size_t s = 0; s < steps; s++) {
        bool floor_step = s + 1 == steps;
        f->size = (int)lround(body * title_steps[s]);
        f->line_h = (int)lround(f->size * 1.18);
        int lines = room / f->line_h;
        if (!floor_step && lines > TITLE_LINES) lines = TITLE_LINES;
        if (lines < 1) {
            if (!floor_step) continue;
            lines = 1;
        }
        f->max_lines = lines;
        f->y = top;
        f->truncated = false;
        flow_plain(f, title);
        if (!f->truncated || floor_step || f->failed) break;
        drop_items(v, first, first_target);
    }
    if (!f->truncated && !f->failed && f->lines > 1 && f->size < (int)lround(body * title_steps[0]))
        balance_title(f, title, top, first, first_target);
    v->title_px = f->size;
    v->title_full_px = (int)lround(body * title_steps[0]);
    v->title_lines = f->lines;
    v->title_cut = f->truncated;
}

/* The height the short text takes in a column w wide at body px, every
 * line of it (nothing stays in v). */
static int summary_height(layout_view *v, const text_measure *tm, const md_doc *summary, int x,
                          int w, int body, bool mirrored) {
    int first = v->item_count, first_target = v->target_count;
    flow f = {.v = v, .tm = tm, .x = x, .y = 0, .width = w, .size = body,
              .line_h = line_height(body), .run = -1, .mirrored = mirrored};
    for (int b = 0; b < summary->block_count; b++) {
        if (b > 0) f.y += body / 2;
        flow_text(&f, summary->blocks[b].spans, summary->blocks[b].span_count);
    }
    drop_items(v, first, first_target);
    return f.y;
}

/* Title, short text and credit flowed at y in a column; returns the
 * height used. The title gives way first (page_title): its room leaves
 * the short text its first lines (two; one with large text), or all of
 * it when shorter. With cut, text that would pass max_h is cut short
 * with an ellipsis (and *overflow set); without, it all flows and the
 * caller compares the height. With large text, the credit gives its room
 * to the short text and comes after it only where it fits whole: the
 * detail view has both (layout_detail); a title cut there counts as
 * overflow, so that the detail view is a tap away. */
static int page_column(layout_view *v, const theme *t, const text_measure *tm,
                       const content_text *txt, int x, int y, int w, int body, bool cut,
                       bool *overflow, int max_h, bool mirrored, bool large) {
    int small = (int)lround(body * 0.78);
    int credit_h = txt->credit && !(large && cut) ? line_height(small) * 2 + body / 3 : 0;
    int keep = line_height(body) * (large ? 1 : 2);
    int summary_h = summary_height(v, tm, &txt->summary, x, w, body, mirrored);
    if (summary_h < keep) keep = summary_h;
    flow f = {.v = v, .tm = tm, .x = x, .y = y, .width = w, .color = t->text,
              .force_style = SPAN_BOLD, .run = -1, .mirrored = mirrored};
    page_title(&f, txt->title, body, max_h - body / 2 - keep - (large ? 0 : credit_h));
    if (large && v->title_cut) *overflow = true;
    f.truncated = false;
    f.y += body / 2;
    f.size = body;
    f.line_h = line_height(body);
    f.force_style = 0;
    f.max_lines = 0;
    int room_lines = (max_h - (f.y - y) - credit_h) / f.line_h;
    int summary_lines = 0;
    for (int b = 0; b < txt->summary.block_count; b++) {
        const md_block *blk = &txt->summary.blocks[b];
        if (b > 0) f.y += body / 2;
        if (cut) {
            f.max_lines = room_lines - summary_lines;
            if (f.max_lines < 1) { *overflow = true; break; }
        }
        flow_text(&f, blk->spans, blk->span_count);
        summary_lines += f.lines;
        if (f.truncated) { *overflow = true; break; }
    }
    int credit_lines = 3;
    if (large && cut) {
        int room = (max_h - (f.y + body / 3 - y)) / line_height(small);
        if (room < credit_lines) credit_lines = room;
        if (*overflow || credit_lines < 1) credit_lines = 0;
    }
    if (txt->credit && credit_lines > 0) {
        f.y += body / 3;
        f.size = small;
        f.line_h = line_height(small);
        f.color = t->muted;
        f.force_style = SPAN_ITALIC;
        f.max_lines = credit_lines;
        flow_plain(&f, txt->credit);
        if (large && f.truncated) *overflow = true;
    } else if (txt->credit) {
        *overflow = true;
    }
    if (f.failed) *overflow = true;
    if (f.y - y > max_h) *overflow = true;
    return f.y - y;
}

int layout_page(layout_view *v, const layout_metrics *m, const theme *t, const text_measure *tm,
                const content_page *page, int text_index, int page_index, int page_count,
                const layout_words *words) {
    const content_text *txt = &page->texts[text_index];
    layout_words english = layout_words_english();
    if (!words) words = &english;
    clear(v);
    v->w = m->w;
    v->h = m->h;
    v->body_w = v->body_h = v->body_content_h = v->scroll_max = 0;
    v->large_text = m->large_text;
    bool landscape = m->w >= m->h;
    int mg = m->margin;
    int band = m->target_px + mg / 2;        /* the dots row */
    int bottom = m->h - band;
    bool has_image = page->image.path != NULL;

    add_item(v, LAYOUT_ITEM_RECT, 0, 0, m->w, m->h, t->background);
    add_target(v, LAYOUT_TARGET_PAGE, 0, 0, 0, m->w, m->h);

    int cx, cy, cw, ch;   /* the text column */
    int img_x = mg, img_y = mg, img_w = 0, img_h = 0;
    int small = (int)lround(m->body_px * 0.78);
    /* Large text takes room from the picture: a narrower picture column
     * (landscape), a lower picture (portrait). */
    double picture_share = m->large_text ? 0.28 : 0.40;
    if (landscape) {
        img_w = has_image ? (int)lround(m->w * picture_share) - mg : 0;
        img_h = bottom - mg;
        cx = has_image ? img_x + img_w + mg : mg * 2;
        cy = mg;
        cw = m->w - cx - mg;
        ch = bottom - mg;
    } else {
        img_w = m->w - 2 * mg;
        img_h = has_image ? (int)lround(m->h * (m->large_text ? 0.26 : 0.40)) : 0;
        cx = mg;
        cy = img_y + img_h + (has_image ? mg / 2 : 0);
        cw = m->w - 2 * mg;
        ch = bottom - cy;
    }
    if (has_image) {
        /* The picture and its caption as one group: centred in the
         * picture column (landscape) or at the top (portrait). */
        int cap_lines = (landscape ? 2 : 1) + (m->large_text ? 1 : 0);
        int cap_h = txt->caption ? line_height(small) * cap_lines + mg / 4 : 0;
        int pw, ph;
        layout_fit(page->image.info.width, page->image.info.height, img_w, img_h - cap_h, &pw, &ph);
        int group_h = ph + cap_h;
        int gy = landscape ? img_y + (img_h - group_h) / 2 : img_y;
        picture(v, page, img_x, gy, img_w, ph);
        if (txt->caption) {
            flow f = {.v = v, .tm = tm, .x = img_x, .y = gy + ph + mg / 4, .width = img_w,
                      .size = small, .line_h = line_height(small), .color = t->muted,
                      .force_style = SPAN_ITALIC, .max_lines = cap_lines, .run = -1,
                      .mirrored = words->rtl};
            int first = v->item_count;
            flow_plain(&f, txt->caption);
            centre_lines(v, first, img_x, img_w);
        }
    }

    /* The button: "Tap to read more" at the foot of the column. */
    int btn_h = m->target_px > (int)lround(m->body_px * 1.9) ? m->target_px
                                                             : (int)lround(m->body_px * 1.9);
    bool more = txt->has_detail;
    int btn_gap = more ? btn_h + mg / 2 : 0;

    /* Shrink the text until it fits above the button. Large text is not
     * shrunk: what does not fit ends at a whole word with an ellipsis,
     * and the detail view (which then starts with the short text) has it
     * all; a page with no detail gets the button for it. */
    static const float scales[] = {1.0f, 0.92f, 0.85f, 0.78f, 0.72f};
    size_t steps = m->large_text ? 1 : sizeof scales / sizeof scales[0];
    int first_text = v->item_count;
    int targets_before = v->target_count;
    for (size_t s = 0; s < steps; s++) {
        bool overflow = false;
        bool last = s + 1 == steps;
        int body = (int)lround(m->body_px * scales[s]);
        if (m->large_text && !more) {
            page_column(v, t, tm, txt, cx, cy, cw, body, false, &overflow, ch, words->rtl, true);
            drop_items(v, first_text, targets_before);
            more = overflow;
            btn_gap = more ? btn_h + mg / 2 : 0;
            overflow = false;
        }
        int used = page_column(v, t, tm, txt, cx, cy, cw, body, last, &overflow, ch - btn_gap,
                               words->rtl, m->large_text);
        v->text_scale = scales[s];
        v->overflow = overflow;
        if (!overflow || last) {
            if (!landscape && used < ch - btn_gap) {
                /* portrait: centre the text between picture and button */
                int shift = (ch - btn_gap - used) / 3;
                for (int i = first_text; i < v->item_count; i++) v->items[i].y += shift;
            }
            break;
        }
        drop_items(v, first_text, targets_before);
    }
    if (more) {
        int size = (int)lround(m->body_px * 0.95);
        const char *label = words->more;
        /* A longer label (another language's) is set smaller, down to 3/4,
         * so the button stays in its column. */
        while (size > (int)lround(m->body_px * 0.7) &&
               btn_h + (int)lround(size * 1.1) + size / 3 +
                       tm->width(tm->ctx, THEME_FACE_BOLD, size, label, strlen(label)) > cw)
            size--;
        int by = cy + ch - btn_h;
        int bw_min = landscape ? 0 : cw * 2 / 3;
        int bx = cx;
        if (!landscape) {
            int tw = tm->width(tm->ctx, THEME_FACE_BOLD, size, label, strlen(label));
            int natural = btn_h + (int)lround(size * 1.1) + size / 3 + tw;
            int bw = natural > bw_min ? natural : bw_min;
            bx = cx + (cw - bw) / 2;
        }
        button(v, t, tm, bx, by, btn_h, size, label,
               words->rtl ? LAYOUT_ICON_ARROW_LEFT : LAYOUT_ICON_ARROW_RIGHT, false, bw_min,
               LAYOUT_TARGET_MORE);
    }
    /* The speaker (read aloud), the band's second round button. */
    if (words->speak)
        round_button(v, t, band_button_x(m, 1), bottom + (band - m->target_px) / 2, m->target_px,
                     LAYOUT_ICON_SPEAKER, LAYOUT_TARGET_SPEAK);
    /* The language button at the right of the dots' band. */
    int lang_h = m->target_px;
    int lang_w = language_button(v, m, t, tm, words, m->w - mg, bottom + (band - lang_h) / 2, lang_h,
                                 t->bar, false);
    if (lang_w < 0) return -1;
    /* The text size button at the band's other end. */
    if (text_size_button(v, m, t, tm, band_button_x(m, 0), bottom + (band - m->target_px) / 2,
                         t->background) != 0)
        return -1;
    dots(v, m, t, tm, page_index, page_count, bottom, band, band_button_x(m, BAND_BUTTONS),
         lang_w > 0 ? m->w - mg - lang_w - mg / 2 : m->w - mg);
    if (words->rtl) mirror_view(v);
    /* Targets are hit-tested first to last: dots and the button before
     * the whole page. */
    for (int i = 0, j = v->target_count - 1; i < j; i++, j--) {
        layout_target tmp = v->targets[i];
        v->targets[i] = v->targets[j];
        v->targets[j] = tmp;
    }
    return 0;
}

/* ---- the detail view ---- */
/* "Take it home", in the scrolling body: words->scan, the address and
 * the QR code of link, each centred in the column [x, x+w) from y. The
 * code is whole pixels a module (m->qr_module_px) and at most max_px a
 * side with its quiet zone. Returns the height used, 0 when there is no
 * code (a link that is none, or one too big here: nothing added), or -1
 * when out of memory. */
static int take_home(layout_view *v, const layout_metrics *m, const theme *t,
                     const text_measure *tm, const layout_words *words, const char *link, int x,
                     int y, int w, int max_px) {
    char why[400];
    qr_code code;
    if (!link || qr_link_problem(link, why, sizeof why) || qr_encode(link, &code) != 0) return 0;
    int px = (code.size + 2 * QR_QUIET_MODULES) * m->qr_module_px;
    if (px > w || px > max_px) {
        qr_release(&code);
        return 0;
    }
    int body = m->body_px, gap = body / 3;
    flow f = {.v = v, .tm = tm, .x = x, .y = y, .width = w, .size = body,
              .line_h = line_height(body), .color = t->text, .force_style = SPAN_BOLD,
              .scrolls = true, .run = -1, .mirrored = words->rtl};
    int first = v->item_count;
    flow_plain(&f, words->scan ? words->scan : layout_words_english().scan);
    centre_lines(v, first, x, w);
    f.size = (int)lround(body * 0.8);
    f.line_h = line_height(f.size);
    f.color = t->muted;
    f.force_style = 0;
    first = v->item_count;
    flow_plain(&f, link);
    centre_lines(v, first, x, w);
    /* The code last, so that the text scrolled to its end shows it whole. */
    layout_item *it = add_item(v, LAYOUT_ITEM_QR, x + (w - px) / 2, f.y + gap, px, px, QR_LIGHT);
    if (!it) {
        qr_release(&code);
        return -1;
    }
    it->qr = code;
    it->module_px = m->qr_module_px;
    it->scrolls = true;
    return f.failed ? -1 : f.y + gap + px - y;
}

/* A line of small italic words (a credit, a link) flowed in a column at f->y. */
static void flow_note(flow *f, int x, int width, int size, uint32_t color, const char *text) {
    f->x = x;
    f->width = width;
    f->size = size;
    f->line_h = line_height(size);
    f->color = color;
    f->force_style = SPAN_ITALIC;
    flow_plain(f, text);
}
/* The detail's title at the head of its scrolling body, in the body
 * column (col_x, col_w): what is there already moves down. */
static int title_in_body(layout_view *v, const layout_metrics *m, const theme *t,
                         const text_measure *tm, const char *title, int col_x, int col_w,
                         bool mirrored) {
    int first = v->item_count;
    int size = (int)lround(m->body_px * 1.3);
    flow f = {.v = v, .tm = tm, .x = col_x, .y = m->margin, .width = col_w, .size = size,
              .line_h = line_height(size), .color = t->text, .force_style = SPAN_BOLD,
              .scrolls = true, .run = -1, .mirrored = mirrored};
    int h = flow_plain(&f, title) + m->body_px / 2;
    if (f.failed) return -1;
    for (int i = 0; i < first; i++)
        if (v->items[i].scrolls) v->items[i].y += h;
    v->body_content_h += h;
    v->scroll_max = v->body_content_h > v->body_h ? v->body_content_h - v->body_h : 0;
    return 0;
}

int layout_detail(layout_view *v, const layout_metrics *m, const theme *t, const text_measure *tm,
                  const content_page *page, int text_index, const char *link,
                  const layout_words *words) {
    const content_text *txt = &page->texts[text_index];
    layout_words english = layout_words_english();
    if (!words) words = &english;
    clear(v);
    v->w = m->w;
    v->h = m->h;
    v->text_scale = 1.0f;
    v->overflow = false;
    v->large_text = m->large_text;
    int mg = m->margin;
    int body = m->body_px;
    int btn_h = m->target_px > (int)lround(body * 1.9) ? m->target_px : (int)lround(body * 1.9);
    int bar_h = btn_h + mg;
    /* With large text, the body takes the whole width: the picture is on
     * the page view. */
    bool side_picture = page->image.path && m->w >= m->h * 14 / 10 && !m->large_text;

    add_item(v, LAYOUT_ITEM_RECT, 0, 0, m->w, m->h, t->background);

    /* The body column, centred, at most about 60 characters wide. */
    int side_w = side_picture ? (int)lround(m->w * 0.30) : 0;
    int avail = m->w - 2 * mg - (side_picture ? side_w + mg : 0);
    int col_w = body * 30 < avail ? body * 30 : avail;
    int col_x = mg + (avail - col_w) / 2;
    v->body_x = 0;
    v->body_y = bar_h;
    v->body_w = m->w - (side_picture ? side_w + mg : 0);
    v->body_h = m->h - bar_h;

    flow f = {.v = v, .tm = tm, .x = col_x, .y = mg, .width = col_w, .size = body,
              .line_h = line_height(body), .color = t->text, .scrolls = true, .run = -1,
              .mirrored = words->rtl};
    /* With large text the page view may not hold all of the short text
     * and the credit: the detail starts with them, so that every word is
     * a tap away. */
    const md_doc *docs[2] = {m->large_text ? &txt->summary : NULL, &txt->detail};
    int heading_px = (int)lround(body * 1.2);
    const md_block *prev = NULL;
    for (int d = 0; d < 2; d++) {
        if (d == 1 && docs[0] && txt->credit) {
            f.y += body / 3;
            flow_note(&f, col_x, col_w, (int)lround(body * 0.78), t->muted, txt->credit);
        }
        for (int b = 0; docs[d] && b < docs[d]->block_count; b++) {
            const md_block *blk = &docs[d]->blocks[b];
            int indent = blk->quote ? body : 0;
            int list_indent = blk->depth > 0 ? (int)lround(body * 1.3) * blk->depth : 0;
            if (prev) f.y += blk->kind == BLOCK_HEADING ? body : (int)lround(body * 0.55);
            if ((blk->kind == BLOCK_BULLET || blk->kind == BLOCK_NUMBERED) && prev &&
                (prev->kind == BLOCK_BULLET || prev->kind == BLOCK_NUMBERED))
                f.y -= (int)lround(body * 0.3); /* list items sit closer together */
            prev = blk;
            f.x = col_x + indent + list_indent;
            f.width = col_w - indent - list_indent;
            f.size = blk->kind == BLOCK_HEADING ? heading_px : body;
            f.line_h = line_height(f.size);
            f.force_style = blk->kind == BLOCK_HEADING ? SPAN_BOLD : blk->quote ? SPAN_ITALIC : 0;
            f.color = t->text;
            int top = f.y;
            if (blk->kind == BLOCK_BULLET || blk->kind == BLOCK_NUMBERED) {
                char marker[16];
                if (blk->kind == BLOCK_BULLET) snprintf(marker, sizeof marker, "\xE2\x80\xA2");
                else snprintf(marker, sizeof marker, "%d.", blk->number);
                int mx = f.x - (int)lround(body * 1.1);
                int mw = tm->width(tm->ctx, THEME_FACE_BOLD, body, marker, strlen(marker));
                layout_item *it = add_item(v, LAYOUT_ITEM_TEXT, mx, f.y, mw, f.line_h, t->accent);
                if (it) {
                    it->face = THEME_FACE_BOLD;
                    it->size = body;
                    it->text = strdup(marker);
                    it->scrolls = true;
                    if (!it->text) return -1;
                }
            }
            flow_text(&f, blk->spans, blk->span_count);
            if (blk->quote) {
                layout_item *bar = add_item(v, LAYOUT_ITEM_RECT, col_x, top + f.line_h / 8,
                                            body / 6 > 3 ? body / 6 : 3, f.y - top - f.line_h / 4,
                                            t->accent);
                if (bar) { bar->scrolls = true; bar->radius = body / 12; }
            }
            if (f.failed) return -1;
        }
    }
    /* Take it home: after the text, where reading ends. (Not under the
     * picture: at QR_MODULE_MM even the smallest code is wider than the
     * side column on the 7" panel, 264 px to 240.) */
    int end_pad = mg * 2;
    if (link) {
        f.y += body;
        int h = take_home(v, m, t, tm, words, link, col_x, f.y, col_w, v->body_h - mg);
        if (h < 0) return -1;
        if (h > 0) {
            f.y += h;
            end_pad = mg; /* the code and its margin fit in the text box */
        } else {
            /* No code here: the address as text. */
            flow_note(&f, col_x, col_w, (int)lround(body * 0.8), t->muted, link);
        }
    }
    v->body_content_h = f.y + end_pad;
    v->scroll_max = v->body_content_h > v->body_h ? v->body_content_h - v->body_h : 0;

    if (side_picture) {
        int sx = m->w - side_w - mg, sy = bar_h + mg;
        int sh = m->h - sy - mg;
        int small = (int)lround(body * 0.78);
        if (txt->caption) sh -= line_height(small) * (m->large_text ? 3 : 2);
        picture(v, page, sx, sy, side_w, sh);
        if (txt->caption) {
            flow c = {.v = v, .tm = tm, .x = sx, .y = sy + sh + small / 3, .width = side_w,
                      .size = small, .line_h = line_height(small), .color = t->muted,
                      .force_style = SPAN_ITALIC, .max_lines = m->large_text ? 3 : 2, .run = -1,
                      .mirrored = words->rtl};
            flow_plain(&c, txt->caption);
        }
    }

    /* The top bar, drawn over the body: Back, then the title. */
    add_item(v, LAYOUT_ITEM_RECT, 0, 0, m->w, bar_h, t->bar);
    add_item(v, LAYOUT_ITEM_RECT, 0, bar_h - 2, m->w, 2, t->dot);
    int back_size = (int)lround(body * 0.95);
    int bw = button(v, t, tm, mg / 2, (bar_h - btn_h) / 2, btn_h, back_size, words->back,
                    words->rtl ? LAYOUT_ICON_ARROW_RIGHT : LAYOUT_ICON_ARROW_LEFT, true, btn_h * 2,
                    LAYOUT_TARGET_BACK);
    /* The Back target reaches to the top-left corner: easy to hit. */
    v->targets[v->target_count - 1] = (layout_target){LAYOUT_TARGET_BACK, 0, 0, 0, bw + mg, bar_h};
    /* The language button at the bar's other end: the globe alone, so
     * that the title keeps its room (the page view names the language).
     * It sits in the staff screen's corner, whose 5 s hold is no tap. */
    int lang_h = m->target_px;
    int lang_right = m->w - mg / 2;
    int lang_w = language_button(v, m, t, tm, words, lang_right, (bar_h - lang_h) / 2, lang_h,
                                 t->background, true);
    if (lang_w < 0) return -1;
    /* The text size button just before it. */
    int size_x = (lang_w > 0 ? lang_right - lang_w - mg / 2 : lang_right) - m->target_px;
    if (text_size_button(v, m, t, tm, size_x, (bar_h - m->target_px) / 2, t->bar) != 0) return -1;
    /* The speaker (read aloud) before that. */
    if (words->speak) {
        size_x -= m->target_px + mg / 2;
        round_button(v, t, size_x, (bar_h - m->target_px) / 2, m->target_px, LAYOUT_ICON_SPEAKER,
                     LAYOUT_TARGET_SPEAK);
    }
    /* The title between them, on one line. With large text, or when one
     * line cannot hold it, it heads the body instead, where it wraps. */
    bool in_bar = !m->large_text;
    if (in_bar) {
        int title_px = (int)lround(body * 1.15), title_x = mg / 2 + bw + mg / 2;
        int first = v->item_count, first_target = v->target_count;
        flow tf = {.v = v, .tm = tm, .x = title_x, .y = (bar_h - line_height(title_px)) / 2,
                   .width = size_x - mg / 2 - title_x, .size = title_px,
                   .line_h = line_height(title_px), .color = t->text, .force_style = SPAN_BOLD,
                   .max_lines = 1, .run = -1, .mirrored = words->rtl};
        flow_plain(&tf, txt->title);
        if (tf.failed) return -1;
        if (tf.truncated) {
            drop_items(v, first, first_target);
            in_bar = false;
        }
    }
    if (!in_bar && title_in_body(v, m, t, tm, txt->title, col_x, col_w, words->rtl) != 0)
        return -1;
    if (words->rtl) mirror_view(v);
    return 0;
}

int layout_back_soon(layout_view *v, const layout_metrics *m, const theme *t,
                     const text_measure *tm) {
    clear(v);
    v->w = m->w;
    v->h = m->h;
    v->text_scale = 1.0f;
    add_item(v, LAYOUT_ITEM_RECT, 0, 0, m->w, m->h, t->background);
    int title_px = m->body_px * 2;
    const char *title = "Back soon";
    const char *line = "These pages are being updated.";
    int tw = tm->width(tm->ctx, THEME_FACE_BOLD, title_px, title, strlen(title));
    int lw = tm->width(tm->ctx, THEME_FACE_REGULAR, m->body_px, line, strlen(line));
    int th = line_height(title_px), lh = line_height(m->body_px);
    int y = (m->h - th - lh) / 2;
    layout_item *a = add_item(v, LAYOUT_ITEM_TEXT, (m->w - tw) / 2, y, tw, th, t->text);
    layout_item *b = add_item(v, LAYOUT_ITEM_TEXT, (m->w - lw) / 2, y + th, lw, lh, t->muted);
    if (!a || !b) return -1;
    a->face = THEME_FACE_BOLD;
    a->size = title_px;
    a->text = strdup(title);
    b->face = THEME_FACE_REGULAR;
    b->size = m->body_px;
    b->text = strdup(line);
    return a->text && b->text ? 0 : -1;
}

/* ---- the language picker ---- */
int layout_picker(layout_view *v, const layout_metrics *m, const theme *t, const text_measure *tm,
                  const char *heading, const char *const *names, const bool *rtl, int count,
                  int current) {
    clear(v);
    v->w = m->w;
    v->h = m->h;
    v->text_scale = 1.0f;
    v->overflow = false;
    v->body_w = v->body_h = v->body_content_h = v->scroll_max = 0;
    int mg = m->margin;
    add_item(v, LAYOUT_ITEM_RECT, 0, 0, m->w, m->h, t->background);
    /* The heading, with the globe, in the language shown. */
    int head_px = (int)lround(m->body_px * 1.15);
    int icon_px = (int)lround(head_px * 1.2);
    int head_h = line_height(head_px) > icon_px ? line_height(head_px) : icon_px;
    int hw = tm->width(tm->ctx, THEME_FACE_BOLD, head_px, heading, strlen(heading));
    if (hw > m->w - 2 * mg - icon_px - mg / 2) hw = m->w - 2 * mg - icon_px - mg / 2;
    int hx = (m->w - (icon_px + mg / 2 + hw)) / 2;
    layout_item *ic = add_item(v, LAYOUT_ITEM_ICON, hx, mg + (head_h - icon_px) / 2, icon_px, icon_px,
                               t->accent);
    if (ic) ic->icon = LAYOUT_ICON_GLOBE;
    if (layout_add_label(v, tm, THEME_FACE_BOLD, head_px, t->text, hx + icon_px + mg / 2,
                         mg + (head_h - line_height(head_px)) / 2, hw, heading) == NULL)
        return -1;
    /* The buttons: as large as the screen allows, in 1 to 3 columns. */
    if (count < 1) count = 1;
    int top = mg + head_h + mg;
    int cols = m->w >= m->h ? (count > 6 ? 3 : count > 1 ? 2 : 1) : (count > 8 ? 2 : 1);
    int rows = (count + cols - 1) / cols;
    int gap = mg / 2;
    int bw = (m->w - 2 * mg - (cols - 1) * gap) / cols;
    int bh = (m->h - top - mg - (rows - 1) * gap) / rows;
    int max_h = m->target_px * 2;
    if (bh > max_h) bh = max_h;
    if (bh < m->target_px) bh = m->target_px;
    int size = (int)lround(m->body_px * 1.1);
    if (size > bh * 55 / 100) size = bh * 55 / 100;
    int grid_h = rows * bh + (rows - 1) * gap;
    int y0 = top + (m->h - top - mg - grid_h) / 2;
    if (y0 < top) y0 = top;
    for (int i = 0; i < count; i++) {
        int col = i % cols, row = i / cols;
        int x = mg + col * (bw + gap), y = y0 + row * (bh + gap);
        bool here = i == current;
        if (here) layout_add_rect(v, x, y, bw, bh, t->accent, bh / 4);
        else layout_add_outlined(v, x, y, bw, bh, t->bar, t->dot, layout_edge_px(m), bh / 4);
        const char *name = names[i] ? names[i] : "";
        int tw = tm->width(tm->ctx, THEME_FACE_BOLD, size, name, strlen(name));
        if (tw > bw - bh / 2) tw = bw - bh / 2;
        layout_item *it = add_item(v, LAYOUT_ITEM_TEXT, x + (bw - tw) / 2, y, tw, bh,
                                   here ? t->on_accent : t->text);
        if (it) {
            it->face = THEME_FACE_BOLD;
            it->size = size;
            it->text = strdup(name);
            it->rtl = rtl && rtl[i];
            if (!it->text) return -1;
        }
        add_target(v, LAYOUT_TARGET_LANGUAGE, i, x, y, bw, bh);
    }
    /* Anywhere else closes it, as the choice that was. */
    add_target(v, LAYOUT_TARGET_BACK, 0, 0, 0, m->w, m->h);
    return 0;
}

/* ---- the language button while nobody is there ---- */
int layout_language_hint(layout_view *v, const layout_metrics *m, const theme *t,
                         const text_measure *tm, const char *name, bool rtl,
                         const char *const *names, int count, bool rtl_view) {
    clear(v);
    v->w = m->w;
    v->h = m->h;
    v->text_scale = 1.0f;
    v->overflow = false;
    v->body_w = v->body_h = v->body_content_h = v->scroll_max = 0;
    int mg = m->margin;
    int band = m->target_px + mg / 2, bottom = m->h - band; /* as layout_page */
    int h = m->target_px, y = bottom + (band - h) / 2;
    /* The widest button any name makes: the page's own one is beneath. */
    int size = (int)lround(m->body_px * 0.8);
    int widest = 0;
    for (int i = 0; i < count; i++) {
        const char *n = names[i] ? names[i] : "";
        int w = tm->width(tm->ctx, THEME_FACE_BOLD, size, n, strlen(n));
        if (w > widest) widest = w;
    }
    int icon_px = (int)lround(size * 1.2);
    int room = h / 3 + icon_px + size / 3 + widest + h / 3;
    add_item(v, LAYOUT_ITEM_RECT, m->w - mg - room, y, room, h, t->background);
    layout_words w = {.language = name, .rtl = rtl};
    if (language_button(v, m, t, tm, &w, m->w - mg, y, h, t->bar, false) < 0) return -1;
    v->target_count = 0;
    if (rtl_view) mirror_view(v);
    return 0;
}
