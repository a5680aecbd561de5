/* staff_view.c - lays out the staff screen (staff.h) with the same items
 * as the pages (layout.h), for any screen size: a card over the dimmed
 * page with the keypad, the menu, a progress bar or a result; and the
 * screen test's colour bars. Text is large enough to read at arm's
 * length and every control is at least one touch target (9 mm) tall.
 *
 * Pure C, no SDL: text is measured through the callback. */
#include "staff_view.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    layout_view *v;
    const staff *s;
    const layout_metrics *m;
    const theme *t;
    const text_measure *tm;
    bool failed;
    /* the card */
    int x, y, w, h, pad;
    bool wide;              /* landscape: two columns */
} ctx;

static void check(ctx *c, const void *p) {
    if (!p) c->failed = true;
}

static int text_w(ctx *c, font_face face, int size, const char *text) {
    return c->tm->width(c->tm->ctx, face, size, text, strlen(text));
}

/* The largest size up to `size` (and not under `min`) at which text fits. */
static int fit_size(ctx *c, font_face face, int size, int min, const char *text, int max_w) {
    while (size > min && text_w(c, face, size, text) > max_w) size--;
    return size;
}

static void label(ctx *c, font_face face, int size, uint32_t color, int x, int y, int max_w,
                  const char *text) {
    if (!text[0]) return;
    check(c, layout_add_label(c->v, c->tm, face, size, color, x, y, max_w, text));
}

/* Wrapped text; returns the height used. */
static int para(ctx *c, font_face face, int size, uint32_t color, int x, int y, int w,
                int max_lines, const char *text) {
    if (!text[0]) return 0;
    int h = layout_add_text(c->v, c->tm, face, size, color, x, y, w, max_lines, text);
    if (h < 0) {
        c->failed = true;
        return 0;
    }
    return h;
}

static int body(const ctx *c) { return c->m->body_px; }
static int small(const ctx *c) {
    int s = (int)lround(c->m->body_px * 0.8);
    return s < 18 ? 18 : s;
}

/* A button with a centred label, shrunk to fit, and under it an optional
 * smaller line (sub may be NULL); a target for `control`. */
static void button2(ctx *c, int control, int x, int y, int w, int h, const char *text,
                    const char *sub, bool primary) {
    bool pressed = c->s->pressed == control;
    uint32_t back = pressed ? c->t->text : primary ? c->t->accent : c->t->bar;
    uint32_t fore = pressed || primary ? c->t->on_accent : c->t->text;
    if (!primary && !pressed) {
        /* An outline, so a light button reads as a button. */
        check(c, layout_add_outlined(c->v, x, y, w, h, back, c->t->accent, 2, h / 4));
    } else {
        check(c, layout_add_rect(c->v, x, y, w, h, back, h / 4));
    }
    int room = w - h / 2;
    int size = fit_size(c, THEME_FACE_BOLD, small(c), 14, text, room);
    int sub_size = sub && sub[0] ? fit_size(c, THEME_FACE_REGULAR, size * 4 / 5, 13, sub, room) : 0;
    int lh = layout_line_height(size), sub_lh = sub_size ? layout_line_height(sub_size) : 0;
    if (lh + sub_lh > h - 4) sub_size = 0, sub_lh = 0;     /* no room: the label alone */
    int ty = y + (h - lh - sub_lh) / 2;
    int tw = text_w(c, THEME_FACE_BOLD, size, text);
    if (tw > room) tw = room;
    label(c, THEME_FACE_BOLD, size, fore, x + (w - tw) / 2, ty, room, text);
    if (sub_size) {
        int sw = text_w(c, THEME_FACE_REGULAR, sub_size, sub);
        if (sw > room) sw = room;
        label(c, THEME_FACE_REGULAR, sub_size, fore, x + (w - sw) / 2, ty + lh, room, sub);
    }
    if (!layout_add_target(c->v, LAYOUT_TARGET_STAFF, control, x, y, w, h)) c->failed = true;
}

static void button(ctx *c, int control, int x, int y, int w, int h, const char *text,
                   bool primary) {
    button2(c, control, x, y, w, h, text, NULL, primary);
}

/* The dimmed page and the card. */
static void card(ctx *c) {
    const layout_metrics *m = c->m;
    layout_item *veil = layout_add_rect(c->v, 0, 0, m->w, m->h, c->t->text, 0);
    check(c, veil);
    if (veil) veil->veil = true;
    int inset = m->margin / 2;
    c->x = inset;
    c->y = inset;
    c->w = m->w - 2 * inset;
    c->h = m->h - 2 * inset;
    c->pad = m->margin;
    c->wide = m->w > m->h;
    check(c, layout_add_rect(c->v, c->x, c->y, c->w, c->h, c->t->background, m->margin / 2));
    /* Taps on the card's empty parts do nothing; the veil is no way out
     * (a child's hand should not close it half-way). */
}

static int title(ctx *c, int x, int y, int w, const char *text) {
    int size = (int)lround(body(c) * 1.15);
    size = fit_size(c, THEME_FACE_BOLD, size, small(c), text, w);
    label(c, THEME_FACE_BOLD, size, c->t->text, x, y, w, text);
    return layout_line_height(size);
}

/* ---- the keypad ---- */

/* One filled dot per digit typed, centred; none before the first. The
 * row is never drawn as N empty places: that would tell anyone watching
 * how many digits the PIN has. The caller keeps the row's height, so the
 * keypad does not move as digits come. */
static void digit_dots(ctx *c, int x, int y, int w) {
    int n = c->s->digit_count;
    if (n <= 0) return;
    int d = body(c);
    int gap = d / 2;
    int total = n * d + (n - 1) * gap;
    int x0 = x + (w - total) / 2;
    for (int i = 0; i < n; i++) {
        layout_item *dot = layout_add_rect(c->v, x0 + i * (d + gap), y, d, d, c->t->accent, d / 2);
        check(c, dot);
        if (dot) dot->kind = LAYOUT_ITEM_CIRCLE;
    }
}

static void keypad(ctx *c, int x, int y, int w, int h) {
    int gap = c->m->margin / 3 > 6 ? c->m->margin / 3 : 6;
    int key_h = (h - 3 * gap) / 4;
    int key_w = (w - 2 * gap) / 3;
    if (key_w > key_h * 2) key_w = key_h * 2;
    int x0 = x + (w - (3 * key_w + 2 * gap)) / 2;
    static const int order[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, STAFF_KEY_DELETE, 0, STAFF_KEY_OK};
    for (int i = 0; i < 12; i++) {
        int control = order[i] <= 9 ? STAFF_KEY_0 + order[i] : order[i];
        int kx = x0 + (i % 3) * (key_w + gap), ky = y + (i / 3) * (key_h + gap);
        bool pressed = c->s->pressed == control;
        bool digit = control <= STAFF_KEY_0 + 9;
        uint32_t back = pressed ? c->t->text : digit ? c->t->bar : c->t->accent;
        uint32_t fore = pressed || !digit ? c->t->on_accent : c->t->text;
        /* A light digit key has an outline, as a light button (button2). */
        if (digit && !pressed)
            check(c, layout_add_outlined(c->v, kx, ky, key_w, key_h, back, c->t->accent, 2, key_h / 5));
        else
            check(c, layout_add_rect(c->v, kx, ky, key_w, key_h, back, key_h / 5));
        char text[16];
        if (digit) snprintf(text, sizeof text, "%d", control - STAFF_KEY_0);
        else snprintf(text, sizeof text, "%s", control == STAFF_KEY_OK ? "OK" : "Delete");
        int size = digit ? (int)lround(key_h * 0.5) : (int)lround(key_h * 0.32);
        size = fit_size(c, THEME_FACE_BOLD, size, 12, text, key_w * 3 / 4);
        int tw = text_w(c, THEME_FACE_BOLD, size, text);
        int lh = layout_line_height(size);
        label(c, THEME_FACE_BOLD, size, fore, kx + (key_w - tw) / 2, ky + (key_h - lh) / 2, key_w, text);
        if (!layout_add_target(c->v, LAYOUT_TARGET_STAFF, control, kx, ky, key_w, key_h)) c->failed = true;
    }
}

static void stick_line(ctx *c, char *out, size_t size) {
    const staff_stick *k = &c->s->stick;
    if (!k->present) {
        out[0] = '\0';
    } else if (!k->judged) {
        snprintf(out, size, "USB stick %s: reading it...", k->label);
    } else if (k->on_screen) {
        snprintf(out, size, "This is already on screen: the content on USB stick %s (%d page%s, "
                 "%d picture%s).", k->label, k->pages, k->pages == 1 ? "" : "s", k->pictures,
                 k->pictures == 1 ? "" : "s");
    } else {
        snprintf(out, size, "USB stick %s: %s", k->label, k->summary);
    }
}

static void pin_screen(ctx *c) {
    const staff *s = c->s;
    bool usable = s->pin_state == PIN_READY;
    int col_w = c->wide ? (c->w - 3 * c->pad) / 2 : c->w - 2 * c->pad;
    int x = c->x + c->pad, y = c->y + c->pad;
    int close_h = c->m->target_px;
    y += title(c, x, y, col_w, s->screen == STAFF_CHECKING ? "Checking the PIN..." : "Staff: enter PIN");
    char line[300];
    stick_line(c, line, sizeof line);
    y += para(c, THEME_FACE_REGULAR, small(c), c->t->muted, x, y + body(c) / 4, col_w, 2, line) +
         body(c) / 4;
    if (s->notice[0])
        y += para(c, THEME_FACE_BOLD, small(c), c->t->text, x, y + body(c) / 4, col_w, usable ? 4 : 5,
                  s->notice) + body(c) / 4;
    if (usable && s->screen == STAFF_PIN) {
        digit_dots(c, x, y + body(c) / 2, col_w);
        y += body(c) * 2;
    }
    int close_w = col_w < 6 * close_h ? col_w : 6 * close_h;
    int close_y = c->y + c->h - c->pad - close_h;
    if (usable && s->screen == STAFF_PIN) {
        if (c->wide) {
            keypad(c, c->x + c->pad * 2 + col_w, c->y + c->pad, col_w, c->h - 2 * c->pad);
        } else {
            int top = y + c->pad / 2, bottom = close_y - c->pad;
            int kh = bottom - top;
            if (kh > col_w * 4 / 3) {
                top += (kh - col_w * 4 / 3) / 2;
                kh = col_w * 4 / 3;
            }
            keypad(c, x, top, col_w, kh);
        }
    }
    if (s->screen != STAFF_CHECKING) button(c, STAFF_BTN_CLOSE, x, close_y, close_w, close_h, "Close", false);
}

/* ---- the menu ---- */

static void menu_screen(ctx *c) {
    const staff *s = c->s;
    const staff_stick *k = &s->stick;
    int buttons[8], n = 0;
    char install[120], back[140];
    snprintf(install, sizeof install, "%d page%s, %d picture%s", k->pages,
             k->pages == 1 ? "" : "s", k->pictures, k->pictures == 1 ? "" : "s");
    snprintf(back, sizeof back, "to %s", s->kiosk.previous[0] ? s->kiosk.previous : "the content before");
    if (k->present && k->judged && k->has_content && k->can_install && !k->on_screen) {
        buttons[n++] = STAFF_BTN_INSTALL;
        buttons[n++] = STAFF_BTN_PREVIEW;
    }
    if (k->present) buttons[n++] = STAFF_BTN_REPORT;
    if (k->present) buttons[n++] = STAFF_BTN_COPY;
    if (s->kiosk.can_roll_back) buttons[n++] = STAFF_BTN_ROLLBACK;
    buttons[n++] = STAFF_BTN_SCREEN_TEST;
    buttons[n++] = STAFF_BTN_RESTART;
    buttons[n++] = STAFF_BTN_CLOSE;

    int gap = c->pad / 3 > 6 ? c->pad / 3 : 6;
    int btn_h = c->m->target_px;
    int info_w, info_x = c->x + c->pad, y = c->y + c->pad, bx, bw, by;
    if (c->wide) {
        /* Problems to read: the words get more room than the buttons. */
        info_w = (c->w - 3 * c->pad) * (k->present && k->line_count > 0 ? 3 : 11) /
                 (k->present && k->line_count > 0 ? 5 : 20);
        bx = info_x + info_w + c->pad;
        bw = c->x + c->w - c->pad - bx;
        int room = c->h - 2 * c->pad;
        int want = (room - (n - 1) * gap) / n;
        if (want > btn_h * 3 / 2) want = btn_h * 3 / 2;
        if (want > btn_h) btn_h = want;
        by = c->y + c->pad + (room - (n * btn_h + (n - 1) * gap)) / 2;
    } else {
        btn_h = btn_h * 4 / 3;     /* tall screens have the room */
        info_w = c->w - 2 * c->pad;
        bx = info_x;
        bw = info_w;
        by = c->y + c->h - c->pad - n * btn_h - (n - 1) * gap;
    }
    int bottom = c->wide ? c->y + c->h - c->pad : by - c->pad;
    y += title(c, info_x, y, info_w, "Staff menu");
    int sz = small(c), lh = layout_line_height(sz);
    char line[480];
    y += lh / 3;
    /* Up to 5 lines: with pages with dates, what waits or has ended. */
    y += para(c, THEME_FACE_REGULAR, sz, c->t->text, info_x, y, info_w, 5, s->kiosk.content);
    if (s->kiosk.counting) {
        char today[32], week[32];
        snprintf(today, sizeof today, "%lld", (long long)s->kiosk.views_today);
        snprintf(week, sizeof week, "%lld", (long long)s->kiosk.views_week);
        snprintf(line, sizeof line, "Page views: %s today, %s in the last 7 days.", today, week);
        y += lh / 3 + para(c, THEME_FACE_REGULAR, sz, c->t->text, info_x, y + lh / 3, info_w, 2, line);
        if (s->kiosk.by_language[0]) {
            snprintf(line, sizeof line, "By language: %s.", s->kiosk.by_language);
            y += para(c, THEME_FACE_REGULAR, sz, c->t->text, info_x, y, info_w, 2, line);
        }
    }
    stick_line(c, line, sizeof line);
    if (line[0]) {
        y += lh / 3 + para(c, THEME_FACE_BOLD, sz, c->t->text, info_x, y + lh / 3, info_w, 3, line);
        /* The problems, as many as fit. */
        int psz = (int)lround(sz * 0.9) < 16 ? 16 : (int)lround(sz * 0.9);
        int plh = layout_line_height(psz);
        for (int i = 0; i < k->line_count; i++) {
            int lines_left = (bottom - y) / plh;
            bool last_room = lines_left < 2 || (i < k->line_count - 1 && lines_left < 3);
            if (lines_left < 1) break;
            if (last_room && i < k->line_count - 1) {
                snprintf(line, sizeof line, "... and %d more problem%s: run kiosk check on a computer",
                         k->line_count - i + k->more_lines,
                         k->line_count - i + k->more_lines == 1 ? "" : "s");
                y += para(c, THEME_FACE_ITALIC, psz, c->t->muted, info_x, y, info_w, 1, line);
                break;
            }
            snprintf(line, sizeof line, "\u2022\u00a0%s", k->lines[i]);   /* "• " kept together */
            y += para(c, THEME_FACE_REGULAR, psz, c->t->text, info_x, y, info_w,
                      lines_left < 4 ? lines_left : 4, line);
            if (i == k->line_count - 1 && k->more_lines > 0 && (bottom - y) / plh >= 1) {
                snprintf(line, sizeof line, "... and %d more", k->more_lines);
                y += para(c, THEME_FACE_ITALIC, psz, c->t->muted, info_x, y, info_w, 1, line);
            }
        }
    }
    for (int i = 0; i < n; i++) {
        const char *text = "", *sub = NULL;
        switch (buttons[i]) {
        case STAFF_BTN_INSTALL: text = "Install new content"; sub = install; break;
        case STAFF_BTN_PREVIEW: text = "Preview the pages on the stick"; break;
        case STAFF_BTN_REPORT: text = "Save visit report to USB"; break;
        case STAFF_BTN_COPY: text = "Copy the pages to this stick"; break;
        case STAFF_BTN_ROLLBACK: text = "Roll back"; sub = back; break;
        case STAFF_BTN_SCREEN_TEST: text = "Screen test"; break;
        case STAFF_BTN_RESTART: text = "Restart the kiosk"; break;
        case STAFF_BTN_CLOSE: text = "Close"; break;
        }
        button2(c, buttons[i], bx, by + i * (btn_h + gap), bw, btn_h, text, sub,
                buttons[i] == STAFF_BTN_INSTALL || buttons[i] == STAFF_BTN_REPORT);
    }
}

/* ---- work and results ---- */

static void working_screen(ctx *c) {
    const staff *s = c->s;
    int x = c->x + c->pad, w = c->w - 2 * c->pad;
    int bar_h = c->m->target_px / 2;
    int sz = small(c), lh = layout_line_height(sz);
    int th = layout_line_height((int)lround(body(c) * 1.15));
    int block = th + lh + bar_h + 2 * lh;
    int y = c->y + (c->h - block) / 2;
    y += title(c, x, y, w, s->work_title);
    y += para(c, THEME_FACE_REGULAR, sz, c->t->text, x, y, w, 1, s->work_label) + lh / 2;
    if (!s->work_label[0]) y += lh;
    check(c, layout_add_rect(c->v, x, y, w, bar_h, c->t->bar, bar_h / 2));
    int filled = (int)lround(w * (double)s->progress);
    if (filled >= bar_h) check(c, layout_add_rect(c->v, x, y, filled, bar_h, c->t->accent, bar_h / 2));
    char pct[16];
    snprintf(pct, sizeof pct, "%d%%", (int)(s->progress * 100));
    label(c, THEME_FACE_BOLD, sz, c->t->text, x, y + bar_h + lh / 3, w, pct);
}

static void result_screen(ctx *c) {
    const staff *s = c->s;
    int x = c->x + c->pad, w = c->w - 2 * c->pad;
    int btn_h = c->m->target_px;
    int y = c->y + c->pad;
    y += title(c, x, y, w, s->result_title);
    int sz = body(c);
    int btn_y = c->y + c->h - c->pad - btn_h;
    int lines = (btn_y - y - c->pad) / layout_line_height(sz);
    if (lines < 6 && sz > small(c)) {
        sz = small(c);
        lines = (btn_y - y - c->pad) / layout_line_height(sz);
    }
    para(c, THEME_FACE_REGULAR, sz, c->t->text, x, y + sz / 2, w, lines > 1 ? lines : 1, s->result_text);
    int bw = w < 5 * btn_h ? w : 5 * btn_h;
    button(c, STAFF_BTN_OK, x, btn_y, bw, btn_h, "OK", true);
}

/* Colour bars, a grid to judge the edges, and the touches so far. */
static void screen_test(ctx *c) {
    const layout_metrics *m = c->m;
    static const uint32_t bars[] = {0xFFFFFF, 0xFFFF00, 0x00FFFF, 0x00FF00,
                                    0xFF00FF, 0xFF0000, 0x0000FF, 0x000000};
    int n = (int)(sizeof bars / sizeof bars[0]);
    for (int i = 0; i < n; i++) {
        int x0 = m->w * i / n, x1 = m->w * (i + 1) / n;
        check(c, layout_add_rect(c->v, x0, 0, x1 - x0, m->h * 2 / 3, bars[i], 0));
    }
    /* A grey ramp below the bars: banding shows there. */
    for (int i = 0; i < 16; i++) {
        uint32_t g = (uint32_t)(i * 17);
        int x0 = m->w * i / 16, x1 = m->w * (i + 1) / 16;
        check(c, layout_add_rect(c->v, x0, m->h * 2 / 3, x1 - x0, m->h - m->h * 2 / 3,
                                 g << 16 | g << 8 | g, 0));
    }
    /* A one-pixel frame: every edge of the panel must show it. */
    check(c, layout_add_rect(c->v, 0, 0, m->w, 2, 0xFF0000, 0));
    check(c, layout_add_rect(c->v, 0, m->h - 2, m->w, 2, 0xFF0000, 0));
    check(c, layout_add_rect(c->v, 0, 0, 2, m->h, 0xFF0000, 0));
    check(c, layout_add_rect(c->v, m->w - 2, 0, 2, m->h, 0xFF0000, 0));
    int d = m->target_px / 2;
    for (int i = 0; i < c->s->touch_count; i++) {
        int tx = (int)lround(c->s->touch_x[i]), ty = (int)lround(c->s->touch_y[i]);
        layout_item *ring = layout_add_rect(c->v, tx - d, ty - d, 2 * d, 2 * d, 0x000000, d);
        layout_item *dot = layout_add_rect(c->v, tx - d + 4, ty - d + 4, 2 * d - 8, 2 * d - 8,
                                           0xFFFFFF, d - 4);
        check(c, ring);
        check(c, dot);
        if (ring) ring->kind = LAYOUT_ITEM_CIRCLE;
        if (dot) dot->kind = LAYOUT_ITEM_CIRCLE;
    }
    /* What to do, and the way out, in a box in the middle. */
    int sz = small(c), lh = layout_line_height(sz), btn_h = m->target_px, gap = m->margin / 3;
    int bw = m->w > m->h ? m->w * 3 / 5 : m->w * 4 / 5;
    int bh = gap + 3 * lh + gap + btn_h + gap;
    int bx = (m->w - bw) / 2, by = (m->h - bh) / 2;
    check(c, layout_add_rect(c->v, bx, by, bw, bh, c->t->background, m->margin / 2));
    para(c, THEME_FACE_REGULAR, sz, c->t->text, bx + m->margin / 2, by + gap, bw - m->margin, 3,
         "Touch anywhere: each touch leaves a mark where the screen felt it.");
    button(c, STAFF_BTN_TEST_DONE, bx + bw / 4, by + bh - btn_h - gap, bw / 2, btn_h, "Done", true);
}

/* ---- the preview's banner ---- */

static int banner_gap(const layout_metrics *m) { return m->margin / 4 > 6 ? m->margin / 4 : 6; }

int staff_view_banner_height(const layout_metrics *m) { return m->target_px + 2 * banner_gap(m); }

/* A button on the dark banner: Install light, Cancel outlined in white;
 * pressed, either is filled with the accent. */
static void banner_button(ctx *c, int control, int x, int y, int w, int h, const char *text,
                          bool main) {
    const theme *t = c->t;
    bool pressed = c->s->pressed == control;
    uint32_t fore;
    if (pressed) {
        check(c, layout_add_outlined(c->v, x, y, w, h, t->accent, t->on_accent, layout_edge_px(c->m), h / 4));
        fore = t->on_accent;
    } else if (main) {
        check(c, layout_add_rect(c->v, x, y, w, h, t->background, h / 4));
        fore = t->text;
    } else {
        check(c, layout_add_outlined(c->v, x, y, w, h, t->text, t->on_accent, layout_edge_px(c->m), h / 4));
        fore = t->on_accent;
    }
    int room = w - h / 3;
    int size = fit_size(c, THEME_FACE_BOLD, small(c), 12, text, room);
    int tw = text_w(c, THEME_FACE_BOLD, size, text);
    if (tw > room) tw = room;
    label(c, THEME_FACE_BOLD, size, fore, x + (w - tw) / 2, y + (h - layout_line_height(size)) / 2,
          room, text);
    if (!layout_add_target(c->v, LAYOUT_TARGET_STAFF, control, x, y, w, h)) c->failed = true;
}

/* A dark band across the top: what this is, and Install and Cancel, a
 * finger's size. The pages are laid out below it (app.c). */
static void banner(ctx *c) {
    const layout_metrics *m = c->m;
    const staff *s = c->s;
    int h = staff_view_banner_height(m), gap = banner_gap(m), btn_h = m->target_px;
    check(c, layout_add_rect(c->v, 0, 0, m->w, h, c->t->text, 0));
    int sz = small(c);
    int install_w = text_w(c, THEME_FACE_BOLD, sz, "Install") + btn_h;
    int cancel_w = text_w(c, THEME_FACE_BOLD, sz, "Cancel") + btn_h;
    int bw = install_w > cancel_w ? install_w : cancel_w;
    if (bw < btn_h * 2) bw = btn_h * 2;
    if (bw > m->w / 5) bw = m->w / 5 > btn_h * 3 / 2 ? m->w / 5 : btn_h * 3 / 2;
    int install_x = m->w - gap - bw, cancel_x = install_x - gap - bw;
    banner_button(c, STAFF_BTN_PREVIEW_CANCEL, cancel_x, gap, bw, btn_h, "Cancel", false);
    banner_button(c, STAFF_BTN_PREVIEW_INSTALL, install_x, gap, bw, btn_h, "Install", true);
    /* The words: on one line if they fit, else on two, smaller. */
    const char *what = "Preview: families do not see this yet";
    int x = m->margin / 2, w = cancel_x - gap - x;
    int size = fit_size(c, THEME_FACE_BOLD, sz, 15, what, w);
    char more[160];
    snprintf(more, sizeof more, "%d page%s from USB stick %s. Swipe and tap as families do.",
             s->preview_pages, s->preview_pages == 1 ? "" : "s", s->preview_label);
    if (text_w(c, THEME_FACE_BOLD, size, what) <= w) {
        int lh = layout_line_height(size);
        int more_size = fit_size(c, THEME_FACE_REGULAR, size * 4 / 5, 12, more, w);
        bool sub = lh + layout_line_height(more_size) <= h - 2 &&
                   text_w(c, THEME_FACE_REGULAR, more_size, more) <= w;
        int block = lh + (sub ? layout_line_height(more_size) : 0);
        int y = (h - block) / 2;
        label(c, THEME_FACE_BOLD, size, c->t->on_accent, x, y, w, what);
        if (sub) label(c, THEME_FACE_REGULAR, more_size, c->t->on_accent, x, y + lh, w, more);
    } else {
        /* A narrow screen: the title on two lines. */
        size = sz;
        while (size > 12 && 2 * layout_line_height(size) > h - 2) size--;
        para(c, THEME_FACE_BOLD, size, c->t->on_accent, x, (h - 2 * layout_line_height(size)) / 2,
             w, 2, what);
    }
}

int staff_view_layout(layout_view *v, const staff *s, const layout_metrics *m, const theme *t,
                 const text_measure *tm) {
    layout_clear(v);
    v->w = m->w;
    v->h = m->h;
    v->text_scale = 1.0f;
    v->scroll_max = 0;
    ctx c = {.v = v, .s = s, .m = m, .t = t, .tm = tm};
    switch (s->screen) {
    case STAFF_CLOSED: return 0;
    case STAFF_SCREEN_TEST: screen_test(&c); break;
    case STAFF_PREVIEW: banner(&c); break;
    default:
        card(&c);
        if (s->screen == STAFF_PIN || s->screen == STAFF_CHECKING) pin_screen(&c);
        else if (s->screen == STAFF_MENU) menu_screen(&c);
        else if (s->screen == STAFF_WORKING) working_screen(&c);
        else result_screen(&c);
        break;
    }
    return c.failed ? -1 : 0;
}

int staff_view_control_at(const layout_view *v, float x, float y) {
    const layout_target *t = layout_hit(v, (int)x, (int)y);
    return t && t->kind == LAYOUT_TARGET_STAFF ? t->index : STAFF_NOWHERE;
}
