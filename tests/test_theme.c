/* test_theme.c - every control can be seen (WCAG 1.4.11): the views the
 * kiosk shows (page, detail, language picker, the staff screen with its
 * keypad and menu, the preview's banner) are built at several sizes, in every language of the
 * bundled pages, with "Still reading?" over the detail, and for each touch target the shape that draws its edge
 * (the largest plain RECT or CIRCLE inside it) must have 3:1 contrast
 * against what is drawn behind it. Generic over targets: a button added
 * later is measured too, and one with no visible edge fails. A target as
 * large as the whole view ("tap anywhere") has no edge to show.
 *
 * Text contrast (7:1) is checked in test_config.c. Fake font metrics, as
 * test_layout.c; no SDL. */
#include <stdlib.h>

#include "app.h"
#include "check.h"
#include "config.h"
#include "content.h"
#include "staff_view.h"
#include "theme.h"

#define MIN_CONTRAST 3.0

/* Each character (not byte: Bengali takes 3 a letter) half the size wide. */
static int fake_width(void *ctx, font_face face, int size, const char *text, size_t len) {
    (void)ctx;
    (void)face;
    int chars = 0;
    for (size_t i = 0; i < len; i++) chars += ((unsigned char)text[i] & 0xC0) != 0x80;
    return chars * size / 2;
}

static const struct { int w, h; } sizes[] = {{800, 480}, {1024, 600}, {1920, 1080}, {720, 1280}};

/* What was measured: each pair of colours once, with the lowest ratio. */
typedef struct {
    const char *view;
    target_kind kind;
    uint32_t edge, behind;
    double ratio;
    int count;
} pair_seen;

typedef struct {
    pair_seen pairs[256];
    int pair_count;
    int measured, exempt, bad;
    bool quiet;               /* failures expected: no messages */
} tally;

static const char *kind_name(target_kind k) {
    switch (k) {
    case LAYOUT_TARGET_MORE: return "more";
    case LAYOUT_TARGET_BACK: return "back";
    case LAYOUT_TARGET_DOT: return "dot";
    case LAYOUT_TARGET_PAGE: return "page";
    case LAYOUT_TARGET_STAFF: return "staff";
    case LAYOUT_TARGET_LANGUAGE: return "language";
    case LAYOUT_TARGET_SPEAK: return "speak";
    case LAYOUT_TARGET_TEXT_SIZE: return "text size";
    }
    return "?";
}

static bool box_in(int x, int y, int w, int h, int ox, int oy, int ow, int oh) {
    return x >= ox && y >= oy && x + w <= ox + ow && y + h <= oy + oh;
}

static bool overlaps(const layout_item *a, const layout_item *b) {
    return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

static bool plain_shape(const layout_item *it) {
    return (it->kind == LAYOUT_ITEM_RECT || it->kind == LAYOUT_ITEM_CIRCLE) && !it->scrolls;
}

/* The colour drawn behind `box` under item i: the topmost plain shape
 * before it that holds the box (a veil is 80% of its colour over what is
 * behind it). -1: a picture, or nothing of this view. */
static int64_t behind(const layout_view *v, int i, const layout_item *box) {
    for (int j = i - 1; j >= 0; j--) {
        const layout_item *b = &v->items[j];
        if (b->scrolls) continue;
        if (b->kind == LAYOUT_ITEM_IMAGE && overlaps(b, box)) return -1;
        if (!plain_shape(b) || !box_in(box->x, box->y, box->w, box->h, b->x, b->y, b->w, b->h))
            continue;
        if (!b->veil) return b->color;
        int64_t under = behind(v, j, box);
        return under < 0 ? -1 : (int64_t)theme_mix((uint32_t)under, b->color, 0.8);
    }
    return -1;
}

static void seen(tally *t, const char *view, target_kind kind, uint32_t edge, uint32_t back,
                 double ratio) {
    for (int i = 0; i < t->pair_count; i++) {
        pair_seen *p = &t->pairs[i];
        if (strcmp(p->view, view) == 0 && p->kind == kind && p->edge == edge && p->behind == back) {
            p->count++;
            if (ratio < p->ratio) p->ratio = ratio;
            return;
        }
    }
    if (t->pair_count < (int)(sizeof t->pairs / sizeof t->pairs[0]))
        t->pairs[t->pair_count++] = (pair_seen){view, kind, edge, back, ratio, 1};
}

/* Measures every target of v. */
static void measure_view(tally *t, const layout_view *v, const char *view, const char *where) {
    CHECK(v != NULL);
    if (!v) return;
    for (int k = 0; k < v->target_count; k++) {
        const layout_target *g = &v->targets[k];
        if (g->x <= 0 && g->y <= 0 && g->x + g->w >= v->w && g->y + g->h >= v->h) {
            t->exempt++;
            continue;
        }
        int edge = -1;
        long best = 0;
        for (int i = 0; i < v->item_count; i++) {
            const layout_item *it = &v->items[i];
            if (!plain_shape(it) || it->veil || !box_in(it->x, it->y, it->w, it->h, g->x, g->y, g->w, g->h))
                continue;
            long area = (long)it->w * it->h;
            if (area > best) best = area, edge = i;
        }
        t->measured++;
        if (edge < 0) {
            if (!t->quiet)
                fprintf(stderr, "%s %s: the %s target %d at %d,%d %dx%d has no visible edge\n", view,
                        where, kind_name(g->kind), g->index, g->x, g->y, g->w, g->h);
            t->bad++;
            continue;
        }
        const layout_item *it = &v->items[edge];
        int64_t back = behind(v, edge, it);
        if (back < 0) {
            if (!t->quiet)
                fprintf(stderr, "%s %s: the %s target %d: nothing plain behind its edge (%d,%d %dx%d) to measure\n",
                        view, where, kind_name(g->kind), g->index, it->x, it->y, it->w, it->h);
            t->bad++;
            continue;
        }
        double ratio = theme_contrast(it->color, (uint32_t)back);
        seen(t, view, g->kind, it->color, (uint32_t)back, ratio);
        if (ratio < MIN_CONTRAST) {
            if (!t->quiet)
                fprintf(stderr, "%s %s: the %s target %d: edge #%06X on #%06X is %.2f:1, under %.0f:1\n",
                        view, where, kind_name(g->kind), g->index, it->color, (unsigned)back, ratio,
                        MIN_CONTRAST);
            t->bad++;
        }
    }
}

/* The staff screens, each with no control pressed and with each pressed. */
static void measure_staff(tally *t, const layout_metrics *m, const theme *th, const text_measure *tm,
                          const char *where) {
    static const staff_screen screens[] = {STAFF_PIN, STAFF_MENU, STAFF_RESULT, STAFF_SCREEN_TEST,
                                           STAFF_PREVIEW};
    static const char *const names[] = {"staff keypad", "staff menu", "staff result",
                                        "staff screen test", "staff preview banner"};
    for (size_t k = 0; k < sizeof screens / sizeof screens[0]; k++) {
        for (int pressed = STAFF_NOWHERE; pressed < STAFF_CONTROL_COUNT; pressed++) {
            staff s;
            staff_init(&s, m->w, m->h, 6.0);
            s.screen = screens[k];
            s.pin_state = PIN_READY;
            s.pressed = pressed;
            s.stick = (staff_stick){.present = true, .judged = true, .has_content = true,
                                    .can_install = true, .pages = 4, .pictures = 2, .label = "STICK"};
            s.kiosk.can_roll_back = true;
            snprintf(s.result_title, sizeof s.result_title, "Installed");
            layout_view v = {0};
            CHECK_INT(staff_view_layout(&v, &s, m, th, tm), 0);
            measure_view(t, &v, names[k], where);
            layout_release(&v);
            staff_release(&s);
        }
    }
}

/* Every view of the bundled pages, in every language, at every size. */
static void measure_all(tally *t, const theme *th) {
    content c;
    diag_list d;
    diag_list_init(&d);
    CHECK_INT(content_load(&c, KIOSK_SOURCE_DIR "/content", &d), 0);
    diag_list_release(&d);
    CHECK(c.language_count > 1);   /* the language button is there */
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        char where[64];
        app_settings s = {.width = sizes[z].w, .height = sizes[z].h,
                          .px_per_mm = config_px_per_mm(sizes[z].w, sizes[z].h, 0),
                          .page_ms = 12000, .idle_ms = 60000, .anim_ms = 350,
                          .speech = true}; /* the speaker button is measured too */
        app a;
        uint64_t now = 0;
        CHECK_INT(app_init(&a, &c, th, (text_measure){fake_width, NULL}, &s, now), 0);
        for (int lang = 0; lang < app_language_count(&a); lang++) {
            app_set_language(&a, lang);
            snprintf(where, sizeof where, "%dx%d %s", sizes[z].w, sizes[z].h, app_language(&a));
            for (int p = 0; p < c.page_count; p++) {
                measure_view(t, app_view(&a, p, false), "page", where);
                measure_view(t, app_view(&a, p, true), "detail", where);
            }
            a.picker_open = true;
            a.picker_built = false;
            measure_view(t, app_overlay_view(&a, 0, NULL), "picker", where);
            a.picker_open = false;
            /* A detail view, its idle return 5 s away: "Still reading?" */
            now += 1000;
            app_key_press(&a, APP_KEY_OPEN, now);
            now += 1000;
            app_tick(&a, now);
            now += s.idle_ms - 6000;
            CHECK(app_prompting(&a, now));
            measure_view(t, app_overlay_view(&a, now, NULL), "still reading", where);
            app_key_press(&a, APP_KEY_BACK, now);
            app_tick(&a, now + 1000);
        }
        snprintf(where, sizeof where, "%dx%d", sizes[z].w, sizes[z].h);
        measure_staff(t, &a.metrics, th, &a.measure, where);
        app_release(&a);
    }
    content_release(&c);
}

static void test_shipped_theme(void) {
    theme th;
    theme_defaults(&th);
    diag_list d;
    diag_list_init(&d);
    CHECK_INT(theme_load(&th, KIOSK_SOURCE_DIR "/assets/theme.ini", &d), 0);
    diag_list_release(&d);
    static tally t;
    measure_all(&t, &th);
    CHECK_INT(t.bad, 0);
    CHECK(t.measured > 500);
    CHECK(t.exempt > 0);
    printf("%d targets measured (%d tap-anywhere targets have no edge to show):\n", t.measured,
           t.exempt);
    for (int i = 0; i < t.pair_count; i++)
        printf("  %-18s %-9s edge #%06X on #%06X  %5.2f:1  (%d times)\n", t.pairs[i].view,
               kind_name(t.pairs[i].kind), t.pairs[i].edge, t.pairs[i].behind, t.pairs[i].ratio,
               t.pairs[i].count);
}

/* The measure can fail: the old inactive dot (#C9B8A8, 1.8:1), and a
 * target with nothing drawn for it. */
static void test_fails(void) {
    theme th;
    theme_defaults(&th);
    th.dot = 0xC9B8A8;
    static tally t;
    t.quiet = true;
    measure_all(&t, &th);
    CHECK(t.bad > 0);
    theme_defaults(&th);

    static const int edges[] = {0, 1, 2};   /* none, a faint pill, an outlined one */
    for (int k = 0; k < 3; k++) {
        static tally u;
        u.quiet = true;
        u.bad = 0;
        layout_view v = {.w = 800, .h = 480};
        layout_add_rect(&v, 0, 0, 800, 480, th.background, 0);
        if (edges[k] == 1) layout_add_rect(&v, 10, 10, 100, 60, th.bar, 30);
        if (edges[k] == 2) layout_add_outlined(&v, 10, 10, 100, 60, th.bar, th.dot, 2, 30);
        layout_add_target(&v, LAYOUT_TARGET_MORE, 0, 10, 10, 100, 60);
        measure_view(&u, &v, "made up", "");
        CHECK_INT(u.bad, edges[k] == 2 ? 0 : 1);
        layout_release(&v);
    }
}

int main(void) {
    test_shipped_theme();
    test_fails();
    return check_summary();
}
