/* layout.h - where everything on a page goes, for any screen size: the
 * page view (picture, title, short text, "Tap to read more", page dots),
 * the detail view (Back, title, scrolling text, the page's web address as
 * a QR code) and the "Back soon" view.
 *
 * Pure C, no SDL: text is measured through a callback, so tests can use
 * fake metrics and the shell uses SDL_ttf. The result is a list of items
 * (rectangles, text runs, pictures, icons) and touch targets; the shell
 * draws the items and the app hit-tests the targets. */
#ifndef KIOSK_LAYOUT_H
#define KIOSK_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "content.h"
#include "qr.h"
#include "theme.h"

/* Width in pixels of text[0..len) in the given face at size_px. */
typedef struct {
    int (*width)(void *ctx, font_face face, int size_px, const char *text, size_t len);
    void *ctx;
} text_measure;

typedef enum { LAYOUT_ITEM_RECT, LAYOUT_ITEM_TEXT, LAYOUT_ITEM_IMAGE, LAYOUT_ITEM_ICON, LAYOUT_ITEM_CIRCLE,
               LAYOUT_ITEM_QR } item_kind;
typedef enum { LAYOUT_ICON_ARROW_LEFT, LAYOUT_ICON_ARROW_RIGHT, LAYOUT_ICON_TAP, LAYOUT_ICON_GLOBE,
               LAYOUT_ICON_SPEAKER, LAYOUT_ICON_PAUSE, LAYOUT_ICON_PLAY,
               LAYOUT_ICON_VOLUME_1, LAYOUT_ICON_VOLUME_2, LAYOUT_ICON_VOLUME_3,
               LAYOUT_ICON_COUNT } icon_id;

typedef struct {
    item_kind kind;
    int x, y, w, h;      /* TEXT: the line box; the glyphs are centred in it */
    uint32_t color;      /* 0xRRGGBB */
    int radius;          /* RECT: corner radius */
    font_face face;      /* TEXT */
    int size;            /* TEXT: pixel size */
    char *text;          /* TEXT: owned UTF-8 */
    icon_id icon;        /* ICON */
    const char *image;   /* IMAGE: picture file (owned by the content) */
    qr_code qr;          /* QR: owned; x, y, w, h is the light square with its quiet
                            zone, w = (qr.size + 2 * QR_QUIET_MODULES) * module_px */
    int module_px;       /* QR: whole pixels a module, never scaled */
    bool scrolls;        /* part of the detail's scrolling body */
    bool veil;           /* RECT: drawn at 80% opacity over what is beneath */
    bool rtl;            /* TEXT: its paragraph reads right to left (textrun.h) */
} layout_item;

typedef enum { LAYOUT_TARGET_MORE, LAYOUT_TARGET_BACK, LAYOUT_TARGET_DOT, LAYOUT_TARGET_PAGE, LAYOUT_TARGET_STAFF,
               LAYOUT_TARGET_LANGUAGE, LAYOUT_TARGET_SPEAK, LAYOUT_TARGET_TEXT_SIZE } target_kind;

typedef struct {
    target_kind kind;
    int index;           /* LAYOUT_TARGET_DOT: the page; LAYOUT_TARGET_STAFF: the control (staff.h);
                            LAYOUT_TARGET_LANGUAGE: -1 the button that opens the picker, else
                            the language chosen (layout_picker) */
    int x, y, w, h;
} layout_target;

typedef struct {
    int w, h;
    layout_item *items;
    int item_count, item_capacity;
    layout_target *targets;
    int target_count, target_capacity;
    /* The scrolling body (detail view): items with scrolls=true are in
     * body coordinates, drawn at (x, y - scroll) clipped to this box. */
    int body_x, body_y, body_w, body_h;
    int body_content_h;
    int scroll_max;      /* body_content_h - body_h, at least 0 */
    float text_scale;    /* 1.0, or less when the text was shrunk to fit */
    bool overflow;       /* the text did not fit even when shrunk */
    bool large_text;     /* laid out with layout_metrics_large */
    /* The page view's title (layout_page; 0 and false in other views):
     * its size and lines, the size a title that fits is drawn at, and
     * whether it was cut short with an ellipsis. */
    int title_px, title_lines, title_full_px;
    bool title_cut;
} layout_view;

/* Sizes derived from the screen, shared by all views. */
typedef struct {
    int w, h;
    int margin;
    int body_px;         /* body text size */
    int target_px;       /* smallest touch target: 9 mm, and at least 48 px */
    int qr_module_px;    /* a QR code's module: QR_MODULE_MM in whole pixels (qr.h) */
    bool large_text;     /* the visit asked for larger text (the "Aa" button) */
} layout_metrics;

layout_metrics layout_metrics_for(int w, int h, double px_per_mm);

/* Large text: body text 1.5 times as large, and with it everything sized
 * from body_px (titles, headings, captions, buttons' words). Why 1.5: on
 * a 21" 1080p screen it brings every title and heading to 0.7 degrees at
 * 1.5 m (EN 301 549 5.1.4; README "Reading distance"), while the 7"
 * panel's detail view still sets some 30 characters a line. Margins,
 * touch targets and the dots' band stay as they are. */
#define LAYOUT_LARGE_TEXT_SCALE 1.5
layout_metrics layout_metrics_large(const layout_metrics *m);

/* The kiosk's own words on a view, in the language shown (lang.h). */
typedef struct {
    const char *more;     /* "Tap to read more" */
    const char *back;     /* "Back" */
    const char *scan;     /* "Scan to read this at home", over the QR code */
    const char *language; /* the language button's label, the language's own name;
                             NULL: no button (one language only) */
    bool rtl;             /* right to left: the arrows point the other way */
    bool speak;           /* a speaker button (read aloud): there is an audio device */
} layout_words;

/* The words in English, with no language button. */
layout_words layout_words_english(void);

/* Builds the views. page_index and page_count are for the dots. The
 * text is page->texts[text_index]. link (content_link; may be NULL) is
 * the web address the detail view shows as a QR code at the end of the
 * scrolling text, under words->scan and the address. An address that is
 * no code (qr_link_problem) or a code too big for the screen at
 * QR_MODULE_MM is shown as text only. Returns 0, or -1 when out of memory. */
int layout_page(layout_view *v, const layout_metrics *m, const theme *t, const text_measure *tm,
                const content_page *page, int text_index, int page_index, int page_count,
                const layout_words *words);
int layout_detail(layout_view *v, const layout_metrics *m, const theme *t, const text_measure *tm,
                  const content_page *page, int text_index, const char *link,
                  const layout_words *words);
/* While nobody is at the kiosk: the language button of the page view,
 * drawn over it with the name of another language (name, rtl), so that
 * families see theirs go by. names[0..count) are all the names, for the
 * room the button may take; rtl_view: the view is mirrored (the content's
 * own language reads right to left). No targets: a tap is the page's. */
int layout_language_hint(layout_view *v, const layout_metrics *m, const theme *t,
                         const text_measure *tm, const char *name, bool rtl,
                         const char *const *names, int count, bool rtl_view);
/* The language picker, over the pages: a heading (in the language shown)
 * and one large button a language, each named in its own words and script
 * (names[i]; rtl[i] for the direction), the one shown marked; tapping
 * outside the buttons closes it (LAYOUT_TARGET_BACK). */
int layout_picker(layout_view *v, const layout_metrics *m, const theme *t, const text_measure *tm,
                  const char *heading, const char *const *names, const bool *rtl, int count,
                  int current);
/* Over a page or detail view while it is read aloud: its speaker button
 * showing what a tap on it does now (pause, or go on: paused true), and,
 * in the place of the text size button ("Aa"), the loudness button
 * showing the loudness now (volume_level 0 quiet, 1 the setting's, 2
 * loud: one, two or three waves). No targets: the taps are the view's
 * own (app.c reads a tap on "Aa" while reading as one on loudness).
 * Empty when the view has no speaker button. */
int layout_speech_control(layout_view *v, const layout_view *under, const theme *t, bool paused,
                          int volume_level);
int layout_back_soon(layout_view *v, const layout_metrics *m, const theme *t,
                     const text_measure *tm);
void layout_release(layout_view *v);

/* Building other views (the staff screen, staff_view.c) from the same
 * pieces. Text is UTF-8; a NULL return or -1 means out of memory. */
void layout_clear(layout_view *v);
/* Empties v for a new view of the screen m: its size, no scrolling body,
 * text at full scale. */
void layout_begin(layout_view *v, const layout_metrics *m);
int layout_line_height(int size_px);
layout_item *layout_add_rect(layout_view *v, int x, int y, int w, int h, uint32_t color,
                             int radius);
/* A light button's shape: `fill` inside an edge edge_px wide in colour
 * `edge`, so that its boundary shows (WCAG 1.4.11: 3:1 against what is
 * behind it). Returns the fill, or NULL. */
layout_item *layout_add_outlined(layout_view *v, int x, int y, int w, int h, uint32_t fill,
                                 uint32_t edge, int edge_px, int radius);
/* The edge of light buttons for these metrics: 2 px, more on big screens. */
int layout_edge_px(const layout_metrics *m);
/* One line of text with its top-left at (x, y), cut with an ellipsis to
 * max_w (0: no limit). */
layout_item *layout_add_label(layout_view *v, const text_measure *tm, font_face face, int size,
                              uint32_t color, int x, int y, int max_w, const char *text);
/* Text wrapped into a column of `width` at (x, y), at most max_lines
 * lines (0: no limit; the last one ends with an ellipsis when cut).
 * Returns the height used, or -1. */
int layout_add_text(layout_view *v, const text_measure *tm, font_face face, int size,
                    uint32_t color, int x, int y, int width, int max_lines, const char *text);
bool layout_add_target(layout_view *v, target_kind kind, int index, int x, int y, int w, int h);

/* The topmost target at (x, y), or NULL. */
const layout_target *layout_hit(const layout_view *v, int x, int y);

/* Fits a w x h picture into a box, keeping its shape. */
void layout_fit(int w, int h, int box_w, int box_h, int *out_w, int *out_h);

#endif
