/* reading_prompt.c - the look of "Still reading? Tap to stay". See
 * reading_prompt.h. Depends on layout.h's pieces only: not on the state
 * machine, the app or the clock. */
#include "reading_prompt.h"

#include <math.h>
#include <string.h>

static int text_w(const text_measure *tm, font_face face, int size, const char *text) {
    return tm->width(tm->ctx, face, size, text, strlen(text));
}

/* The largest size up to `size`, down to `min`, at which text fits max_w. */
static int fit(const text_measure *tm, font_face face, int size, int min, const char *text, int max_w) {
    while (size > min && text_w(tm, face, size, text) > max_w) size--;
    return size;
}

int reading_prompt_layout(layout_view *v, const layout_metrics *m, const theme *t,
                          const text_measure *tm, const char *question, const char *stay, bool rtl) {
    layout_begin(v, m);
    int mg = m->margin;
    layout_item *veil = layout_add_rect(v, 0, 0, m->w, m->h, t->text, 0);
    if (!veil) return -1;
    veil->veil = true;
    /* The card: most of the width, as tall as its two lines need. */
    int card_w = m->w - 4 * mg;
    int inner = card_w - 2 * mg;
    int q_px = fit(tm, THEME_FACE_BOLD, (int)lround(m->body_px * 1.6), m->body_px, question, inner);
    int btn_h = m->target_px * 3 / 2;
    int icon_px = (int)lround(m->body_px * 1.3);
    int gap = m->body_px / 3;
    int b_px = fit(tm, THEME_FACE_BOLD, (int)lround(m->body_px * 1.2), (int)lround(m->body_px * 0.8),
                   stay, inner - btn_h - icon_px - gap);
    int q_h = layout_line_height(q_px);
    int card_h = mg + q_h + mg + btn_h + mg;
    int cx = (m->w - card_w) / 2, cy = (m->h - card_h) / 2;
    if (!layout_add_rect(v, cx, cy, card_w, card_h, t->background, mg / 2)) return -1;
    int qw = text_w(tm, THEME_FACE_BOLD, q_px, question);
    if (qw > inner) qw = inner;
    /* The column is the text's own width: a right-to-left line is set
     * against its column's right. */
    if (!layout_add_label(v, tm, THEME_FACE_BOLD, q_px, t->text, cx + (card_w - qw) / 2, cy + mg, qw,
                          question))
        return -1;
    /* The button: a hand and the words, centred. */
    int sw = text_w(tm, THEME_FACE_BOLD, b_px, stay);
    int bw = btn_h + icon_px + gap + sw;
    if (bw > inner) bw = inner;
    if (sw > bw - btn_h - icon_px - gap) sw = bw - btn_h - icon_px - gap;
    int bx = cx + (card_w - bw) / 2, by = cy + mg + q_h + mg;
    if (!layout_add_rect(v, bx, by, bw, btn_h, t->accent, btn_h / 2)) return -1;
    int content_x = bx + btn_h / 2;
    int ix = rtl ? content_x + sw + gap : content_x;
    int tx = rtl ? content_x : content_x + icon_px + gap;
    layout_item *icon = layout_add_rect(v, ix, by + (btn_h - icon_px) / 2, icon_px, icon_px,
                                        t->on_accent, 0);
    if (!icon) return -1;
    icon->kind = LAYOUT_ITEM_ICON;
    icon->icon = LAYOUT_ICON_TAP;
    if (!layout_add_label(v, tm, THEME_FACE_BOLD, b_px, t->on_accent, tx,
                          by + (btn_h - layout_line_height(b_px)) / 2, sw, stay))
        return -1;
    /* The button, then anywhere: both keep the page. */
    if (!layout_add_target(v, LAYOUT_TARGET_BACK, 0, bx, by, bw, btn_h) ||
        !layout_add_target(v, LAYOUT_TARGET_BACK, 0, 0, 0, m->w, m->h))
        return -1;
    return 0;
}
