/* test_golden.c - renders the bundled pages with SDL's software renderer
 * on a surface (no display) and compares them with the PNGs in tests/golden/.
 *
 * A pixel differs when a channel is off by more than 40; a view fails when
 * more than 0.3% of its pixels differ (font rasterising differs a little
 * between FreeType builds). On failure the actual image and a diff go to
 * golden-out/ in the build folder. KIOSK_UPDATE_GOLDEN=1 rewrites the
 * references: look at them before committing. */
#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "check.h"
#include "golden.h"
#include "offscreen.h"
#include "content.h"
#include "theme.h"


typedef struct {
    int w, h;
    const char *page;   /* page id */
    bool detail;
} golden_case;

static const golden_case cases[] = {
    {800, 480, "welcome", false},
    {800, 480, "infant-mental-health", false},
    {800, 480, "infant-mental-health", true},
    {800, 480, "positive-touch", false},
    {800, 480, "attunement", false},
    {800, 480, "bonding", false},
    {800, 480, "hormones", false},
    {800, 480, "brain-development", false},
    {800, 480, "brain-development", true},
    {720, 1280, "welcome", false},
    {720, 1280, "infant-mental-health", true},
    {720, 1280, "attunement", false},
    {720, 1280, "attunement", true},
    {1280, 800, "positive-touch", false},
    {1280, 800, "positive-touch", true},
    {1920, 1080, "bonding", false},
    {1024, 600, "hormones", false},
    {1080, 1920, "brain-development", false},
};

/* Large text (the "Aa" button), a page view and a detail view at each
 * size above: "-large" ends their names. */
static const golden_case large_cases[] = {
    {800, 480, "welcome", false}, {800, 480, "welcome", true},
    {1024, 600, "hormones", false}, {1024, 600, "hormones", true},
    {1280, 800, "positive-touch", false}, {1280, 800, "positive-touch", true},
    {720, 1280, "attunement", false}, {720, 1280, "attunement", true},
    {1920, 1080, "bonding", false}, {1920, 1080, "bonding", true},
    {1080, 1920, "brain-development", false}, {1080, 1920, "brain-development", true},
};

/* Draws one case and compares it with its golden image. */
static void check_case(const content *c, const theme *t, const golden_case *gc, bool large,
                       bool update) {
    int page = -1;
    for (int p = 0; p < c->page_count; p++)
        if (strcmp(c->pages[p].id, gc->page) == 0) page = p;
    CHECK(page >= 0);
    if (page < 0) return;
    offscreen o;
    char err[512];
    int rc = offscreen_open(&o, c, t, KIOSK_SOURCE_DIR "/assets", gc->w, gc->h, 0, err, sizeof err);
    CHECK_INT(rc, 0);
    if (rc != 0) { fprintf(stderr, "%s\n", err); return; }
    offscreen_set_large_text(&o, large);
    char name[200];
    snprintf(name, sizeof name, "%dx%d-%s%s%s", gc->w, gc->h, gc->page, gc->detail ? "-detail" : "",
             large ? "-large" : "");
    CHECK_INT(golden_compare(offscreen_draw(&o, page, gc->detail, 0), name, update), 0);
    offscreen_close(&o);
}

int main(void) {
    bool update = getenv("KIOSK_UPDATE_GOLDEN") && getenv("KIOSK_UPDATE_GOLDEN")[0] == '1';
    CHECK_INT(TTF_Init(), 0);
    theme t;
    theme_defaults(&t);
    diag_list d;
    diag_list_init(&d);
    CHECK_INT(theme_load(&t, KIOSK_SOURCE_DIR "/assets/theme.ini", &d), 0);
    content c;
    CHECK_INT(content_load(&c, KIOSK_SOURCE_DIR "/content", &d), 0);
    CHECK_INT(d.errors, 0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) check_case(&c, &t, &cases[i], false, update);
    for (size_t i = 0; i < sizeof large_cases / sizeof large_cases[0]; i++)
        check_case(&c, &t, &large_cases[i], true, update);
    /* Every character of the bundled pages, in every language, is drawn by
     * a font: none is a box. And a private-use character is found. */
    {
        offscreen o;
        char err[512];
        CHECK_INT(offscreen_open(&o, &c, &t, KIOSK_SOURCE_DIR "/assets", 800, 480, 0, err,
                                 sizeof err), 0);
        for (int p = 0; p < c.page_count; p++)
            for (int k = 0; k < c.pages[p].text_count; k++) {
                FILE *f = fopen(c.pages[p].texts[k].file, "rb");
                CHECK(f != NULL);
                if (!f) continue;
                static char bytes[70000];
                size_t len = fread(bytes, 1, sizeof bytes, f);
                fclose(f);
                for (int face = 0; face < THEME_FACE_COUNT; face++) {
                    uint32_t cp = fonts_missing(&o.fonts, (font_face)face, bytes, len);
                    if (cp) fprintf(stderr, "%s: no font has U+%04X\n", c.pages[p].texts[k].file, cp);
                    CHECK_INT((int)cp, 0);
                }
            }
        const char *mixed = "Hello 👶 مرحبا শিশু שלום Zdrowie";
        CHECK_INT((int)fonts_missing(&o.fonts, THEME_FACE_REGULAR, mixed, strlen(mixed)), 0);
        const char *private_use = "ok \xee\x80\x80 ok";
        CHECK_INT((int)fonts_missing(&o.fonts, THEME_FACE_REGULAR, private_use, strlen(private_use)), 0xE000);
        offscreen_close(&o);
    }
    /* A line mixing scripts and directions, with an emoji: Arabic joined
     * and right to left with "(DorPIP 2024)" in place, Bengali conjuncts,
     * the emoji in colour (tests/fixtures/scripts). */
    {
        content sc;
        CHECK_INT(content_load(&sc, KIOSK_SOURCE_DIR "/tests/fixtures/scripts", &d), 0);
        CHECK_INT(d.errors, 0);
        offscreen o;
        char err[512];
        CHECK_INT(offscreen_open(&o, &sc, &t, KIOSK_SOURCE_DIR "/assets", 800, 480, 0, err,
                                 sizeof err), 0);
        CHECK_INT(golden_compare(offscreen_draw(&o, 0, false, 0), "800x480-scripts", update), 0);
        CHECK_INT(golden_compare(offscreen_draw(&o, 0, true, 0), "800x480-scripts-detail", update), 0);
        offscreen_close(&o);
        content_release(&sc);
    }
    /* Take it home: a page's link as a QR code at the end of its detail
     * view, scrolled there; in Arabic the view turned over, the code not
     * (tests/fixtures/take-home). */
    {
        content th;
        CHECK_INT(content_load(&th, KIOSK_SOURCE_DIR "/tests/fixtures/take-home", &d), 0);
        CHECK_INT(d.errors, 0);
        static const struct { int w, h, lang; const char *name; } shots[] = {
            {800, 480, 0, "800x480-take-home-detail"},
            {800, 480, 1, "800x480-take-home-detail-ar"},
            {720, 1280, 0, "720x1280-take-home-detail"},
        };
        for (size_t i = 0; i < sizeof shots / sizeof shots[0]; i++) {
            offscreen o;
            char err[512];
            CHECK_INT(offscreen_open(&o, &th, &t, KIOSK_SOURCE_DIR "/assets", shots[i].w, shots[i].h,
                                     0, err, sizeof err), 0);
            offscreen_set_language(&o, shots[i].lang);
            const layout_view *v = app_view(&o.app, 0, true);
            CHECK(v != NULL);
            float end = v ? (float)v->scroll_max : 0;
            CHECK_INT(golden_compare(offscreen_draw(&o, 0, true, end), shots[i].name, update), 0);
            offscreen_close(&o);
        }
        content_release(&th);
    }
    /* Long titles (tests/fixtures/long-title): a title set smaller and
     * on more lines, its one-word short text always shown, at every size
     * above; with large text; right to left; and one that even smaller
     * cannot fit, cut with an ellipsis above its whole short text. */
    {
        content lt;
        CHECK_INT(content_load(&lt, KIOSK_SOURCE_DIR "/tests/fixtures/long-title", &d), 0);
        CHECK_INT(d.errors, 0);
        static const struct { int w, h, page, lang; bool large; const char *name; } shots[] = {
            {800, 480, 0, 0, false, "800x480-long-title"},
            {1024, 600, 0, 0, false, "1024x600-long-title"},
            {1280, 800, 0, 0, false, "1280x800-long-title"},
            {1920, 1080, 0, 0, false, "1920x1080-long-title"},
            {720, 1280, 0, 0, false, "720x1280-long-title"},
            {1080, 1920, 0, 0, false, "1080x1920-long-title"},
            {800, 480, 0, 0, true, "800x480-long-title-large"},
            {720, 1280, 0, 0, true, "720x1280-long-title-large"},
            {720, 1280, 0, 1, false, "720x1280-long-title-ar"},
            {800, 480, 1, 0, false, "800x480-long-title-cut"},
        };
        for (size_t i = 0; i < sizeof shots / sizeof shots[0]; i++) {
            offscreen o;
            char err[512];
            CHECK_INT(offscreen_open(&o, &lt, &t, KIOSK_SOURCE_DIR "/assets", shots[i].w, shots[i].h,
                                     0, err, sizeof err), 0);
            offscreen_set_language(&o, shots[i].lang);
            offscreen_set_large_text(&o, shots[i].large);
            CHECK_INT(golden_compare(offscreen_draw(&o, shots[i].page, false, 0), shots[i].name,
                                     update), 0);
            offscreen_close(&o);
        }
        content_release(&lt);
    }
    /* No pages at all: the calm "Back soon" screen, never black. */
    content empty = {0};
    offscreen o;
    char err[512];
    CHECK_INT(offscreen_open(&o, &empty, &t, KIOSK_SOURCE_DIR "/assets", 800, 480, 0, err,
                             sizeof err), 0);
    CHECK_INT(golden_compare(offscreen_draw(&o, 0, false, 0), "800x480-back-soon", update), 0);
    offscreen_close(&o);
    content_release(&c);
    diag_list_release(&d);
    TTF_Quit();
    return check_summary();
}
