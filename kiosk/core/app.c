/* app.c - gestures to state inputs, and the layout cache. See app.h. */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "reading_prompt.h"
#include "staff_view.h"

/* The text of a page in the language shown (or the content's own). */
static const content_text *shown_text(const app *a, const content_page *p) {
    return &p->texts[content_text_index(p, app_language(a))];
}

static bool page_has_detail(void *ctx, int page) {
    app *a = ctx;
    if (shown_text(a, &a->content->pages[page])->has_detail) return true;
    /* Large text that the page view cannot hold: its detail shows it all. */
    const layout_view *v = a->large_text ? app_view(a, page, false) : NULL;
    return v && v->overflow;
}

/* The sizes the pages are laid out with, as the visit asked. */
static const layout_metrics *view_metrics(const app *a) {
    return a->large_text ? &a->large_metrics : &a->metrics;
}

int app_language_count(const app *a) {
    return a->content && a->content->language_count > 0 ? a->content->language_count : 1;
}

const char *app_language(const app *a) {
    if (!a->content) return "en";
    if (a->content->language_count == 0) return a->content->lang;
    return a->content->languages[a->lang >= 0 && a->lang < a->content->language_count ? a->lang : 0];
}

/* Every page view is laid out again (another language). */
static void forget_views(app *a) {
    if (a->views)
        for (int i = 0; i < 2 * a->content->page_count; i++) {
            layout_release(&a->views[i]);
            a->built[i] = false;
        }
    a->picker_built = false;
    a->prompt_built = false;
    a->hint_built = -1;
    a->speech_built = -1;
    a->views_version++;
}

static int page_scroll_max(void *ctx, int page) {
    const layout_view *v = app_view(ctx, page, true);
    return v ? v->scroll_max : 0;
}

/* Every view is laid out again (another language, another text size):
 * the detail's length is another, so its scroll starts again from the
 * top, to the new end; a detail there is no more of closes. */
static void views_changed(app *a) {
    forget_views(a);
    if (a->st.mode != STATE_DETAIL) return;
    state_input in = {.kind = INPUT_SCROLL, .d = -1e9f};
    if (!page_has_detail(a, a->st.page)) in.kind = INPUT_BACK;
    /* At the time of the last input: at time 0, the idle time had passed
     * long ago, and attract mode took the page away at the next tick. */
    state_input_event(&a->st, &in, a->st.last_input);
    if (a->st.mode == STATE_DETAIL) a->st.scroll_max = page_scroll_max(a, a->st.page);
}

void app_set_language(app *a, int index) {
    if (index < 0 || index >= app_language_count(a)) index = 0;
    if (index == a->lang) return;
    a->lang = index;
    state_set_rtl(&a->st, lang_rtl(app_language(a)));
    views_changed(a);
}

void app_set_large_text(app *a, bool on) {
    if (on == a->large_text) return;
    a->large_text = on;
    views_changed(a);
}

static void release_views(app *a) {
    if (a->views)
        for (int i = 0; i < 2 * a->content->page_count; i++) layout_release(&a->views[i]);
    free(a->views);
    free(a->built);
    a->views = NULL;
    a->built = NULL;
    a->picker_built = false;
    a->prompt_built = false;
    a->hint_built = -1;
    a->speech_built = -1;
    a->views_version++;
}

/* The pages' area starts at top: their sizes, and "Back soon", for it. */
static int set_top(app *a, int top) {
    if (top < 0 || top > a->settings.height / 3) top = 0;   /* never most of the screen */
    if (top == a->top) return 0;
    a->top = top;
    a->metrics = layout_metrics_for(a->settings.width, a->settings.height - top, a->settings.px_per_mm);
    a->large_metrics = layout_metrics_large(&a->metrics);
    layout_release(&a->back_soon);
    return layout_back_soon(&a->back_soon, &a->metrics, a->theme, &a->measure);
}

/* The page views (built on first use) and the state machine for c, in
 * the area below top. */
static int use_content(app *a, const content *c, int top, uint64_t now) {
    release_views(a);
    int area = set_top(a, top);
    a->content = c;
    a->lang = 0;
    a->picker_open = false;
    readaloud_stop(&a->speech);
    int n = c->page_count;
    a->views = calloc((size_t)(2 * n + 1), sizeof *a->views);
    a->built = calloc((size_t)(2 * n + 1), sizeof *a->built);
    state_pages pages = {page_has_detail, page_scroll_max, a};
    if (!a->views || !a->built) n = 0;   /* "Back soon" rather than nothing */
    state_init(&a->st, n, a->settings.page_ms, a->settings.idle_ms, a->settings.anim_ms,
               a->settings.width, a->settings.height - a->top, a->settings.px_per_mm, pages, now);
    state_set_rtl(&a->st, lang_rtl(app_language(a)));
    return n == c->page_count && area == 0 ? 0 : -1;
}

int app_init(app *a, const content *c, const theme *t, text_measure measure,
             const app_settings *settings, uint64_t now) {
    memset(a, 0, sizeof *a);
    a->content = c;
    a->theme = t;
    a->measure = measure;
    a->settings = *settings;
    a->metrics = layout_metrics_for(settings->width, settings->height, settings->px_per_mm);
    a->screen_metrics = a->metrics;
    a->large_metrics = layout_metrics_large(&a->metrics);
    if (use_content(a, c, 0, now) != 0 ||
        layout_back_soon(&a->back_soon, &a->metrics, t, &a->measure) != 0) {
        app_release(a);
        return -1;
    }
    gesture_init(&a->gestures, settings->px_per_mm);
    staff_init(&a->staff, settings->width, settings->height, settings->px_per_mm);
    a->hint_built = -1;
    a->hint_shown = -1;
    a->hint_hold = -1;
    a->speech_built = -1;
    a->volume_level = 1;
    return 0;
}

int app_set_content(app *a, const content *c, uint64_t now) {
    gesture_init(&a->gestures, a->settings.px_per_mm);
    return use_content(a, c, 0, now);
}

/* The index in c of the page id, or -1. */
static int page_index(const content *c, const char *id) {
    for (int i = 0; i < c->page_count; i++)
        if (strcmp(c->pages[i].id, id) == 0) return i;
    return -1;
}

int app_set_pages(app *a, const content *c, uint64_t now) {
    const content *old = a->content;
    const state was = a->st;
    char lang[CONTENT_LANG_MAX];
    snprintf(lang, sizeof lang, "%s", app_language(a));
    bool large = a->large_text;
    /* The page on screen (or sliding in), and where it is in c. */
    int shown = was.anim == STATE_ANIM_SLIDE ? was.anim_to : was.page;
    bool had = app_has_pages(a) && shown >= 0 && shown < old->page_count;
    int to = had ? page_index(c, old->pages[shown].id) : -1;
    bool stays = to >= 0;
    /* It ended: the first of the pages after it that is in c, or c's
     * first when none of them is (only new pages are). */
    for (int k = 1; had && to < 0 && k < old->page_count; k++)
        to = page_index(c, old->pages[(shown + k) % old->page_count].id);
    if (had && to < 0 && c->page_count > 0) to = 0;
    gesture_init(&a->gestures, a->settings.px_per_mm);
    int rc = use_content(a, c, 0, now);
    for (int i = 0; i < app_language_count(a) && c->language_count > 0; i++)
        if (strcmp(c->languages[i], lang) == 0) a->lang = i;
    state_set_rtl(&a->st, lang_rtl(app_language(a)));
    a->large_text = large;
    if (!app_has_pages(a) || to < 0) return rc;
    state *s = &a->st;
    s->page = to;
    s->last_input = was.last_input;
    /* Attract mode keeps its rhythm on a page that stays; a page that
     * comes in its place has its whole time. */
    if (was.mode == STATE_ATTRACT) s->page_since = stays ? was.page_since : now;
    else s->mode = STATE_BROWSE;
    bool detail = was.mode == STATE_DETAIL && was.anim != STATE_ANIM_CLOSE;
    if (stays && detail && page_has_detail(a, to)) {
        s->mode = STATE_DETAIL;
        s->scroll_max = page_scroll_max(a, to);
        s->scroll = was.scroll < 0 ? 0 : was.scroll > s->scroll_max ? (float)s->scroll_max : was.scroll;
    }
    return rc;
}

int app_preview_content(app *a, const content *c, uint64_t now) {
    gesture_init(&a->gestures, a->settings.px_per_mm);
    return use_content(a, c, staff_view_banner_height(&a->screen_metrics), now);
}

int app_pages_top(const app *a) { return a->top; }

void app_release(app *a) {
    release_views(a);
    layout_release(&a->picker_view);
    layout_release(&a->hint_view);
    layout_release(&a->speech_view);
    layout_release(&a->prompt_view);
    layout_release(&a->back_soon);
    layout_release(&a->staff_view);
    staff_release(&a->staff);
    memset(a, 0, sizeof *a);
}

/* ---- the staff screen over the pages ---- */

const layout_view *app_staff_view(app *a, bool *rebuilt) {
    if (rebuilt) *rebuilt = false;
    if (!staff_is_open(&a->staff)) return NULL;
    if (!a->staff_view_ok || a->staff_built != a->staff.version) {
        a->staff_view_ok = staff_view_layout(&a->staff_view, &a->staff, &a->screen_metrics,
                                             a->theme, &a->measure) == 0;
        a->staff_built = a->staff.version;
        a->staff_builds++;
    }
    /* Laid out again by a hit test since it was last drawn: new too. */
    if (rebuilt) *rebuilt = a->staff_builds != a->staff_seen;
    if (rebuilt) a->staff_seen = a->staff_builds;
    return a->staff_view_ok ? &a->staff_view : NULL;
}

/* The language picker (open over the pages). */
static const layout_view *picker_view(app *a) {
    if (!a->picker_built) {
        int n = app_language_count(a);
        const char *names[CONTENT_MAX_LANGS];
        bool rtl[CONTENT_MAX_LANGS];
        for (int i = 0; i < n && i < CONTENT_MAX_LANGS; i++) {
            const char *code = a->content->language_count ? a->content->languages[i] : a->content->lang;
            names[i] = lang_name(code);
            rtl[i] = lang_rtl(code);
        }
        const char *shown = app_language(a);
        if (layout_picker(&a->picker_view, view_metrics(a), a->theme, &a->measure,
                          lang_word(shown, LANG_WORD_CHOOSE), names, rtl, n, a->lang) != 0) {
            layout_release(&a->picker_view);
            return NULL;
        }
        a->picker_built = true;
        a->picker_builds++;
    }
    return &a->picker_view;
}

/* Attract mode: which language's name the button shows at now, or -1
 * (one language, or something moves). */
static int hint_language(const app *a, uint64_t now) {
    /* A finger that came down in attract mode keeps the name as it was
     * until it lifts: no frame between a tap's down and its up. */
    if (a->hint_hold >= 0 && app_touching(a)) return a->hint_hold;
    if (a->st.mode != STATE_ATTRACT || app_language_count(a) < 2 || !app_has_pages(a) ||
        a->picker_open || state_moving(&a->st))
        return -1;
    return (int)((now / APP_LANGUAGE_HINT_MS) % (uint64_t)app_language_count(a));
}

static const layout_view *hint_view(app *a, int lang, bool *rebuilt) {
    if (lang == 0) return NULL;   /* the page's own button says it */
    if (a->hint_built != lang) {
        const content *c = a->content;
        const char *names[CONTENT_MAX_LANGS];
        for (int i = 0; i < c->language_count; i++) names[i] = lang_name(c->languages[i]);
        if (layout_language_hint(&a->hint_view, &a->metrics, a->theme, &a->measure,
                                 names[lang], lang_rtl(c->languages[lang]), names,
                                 c->language_count, lang_rtl(app_language(a))) != 0) {
            layout_release(&a->hint_view);
            a->hint_built = -1;
            return NULL;
        }
        a->hint_built = lang;
        if (rebuilt) *rebuilt = true;
    }
    return &a->hint_view;
}

/* Over the view read aloud: its speaker as pause, or as go on. */
static const layout_view *speech_view(app *a, bool *rebuilt) {
    /* Its place is the speaker's on the view read: built again for each
     * reading, and when the views are laid out again. */
    int st = ((int)(a->speech.serial % 1000000u) * 3 + (int)a->speech.state) * 3 + a->volume_level;
    if (a->speech_built != st) {
        const layout_view *under = app_view(a, a->speech.page, a->speech.detail);
        if (!under || layout_speech_control(&a->speech_view, under, a->theme,
                                            a->speech.state == READALOUD_PAUSED,
                                            a->volume_level) != 0) {
            layout_release(&a->speech_view);
            a->speech_built = -1;
            return NULL;
        }
        a->speech_built = st;
        if (rebuilt) *rebuilt = true;
    }
    return &a->speech_view;
}

bool app_prompting(const app *a, uint64_t now) {
    if (staff_covers_pages(&a->staff) || a->picker_open || !app_has_pages(a)) return false;
    return (a->prompt_hold && app_touching(a)) || state_prompting(&a->st, now);
}

static const layout_view *prompt_view(app *a, bool *rebuilt) {
    if (!a->prompt_built) {
        const char *code = app_language(a);
        if (reading_prompt_layout(&a->prompt_view, &a->metrics, a->theme, &a->measure,
                                  lang_word(code, LANG_WORD_STILL_READING),
                                  lang_word(code, LANG_WORD_STAY), lang_rtl(code)) != 0) {
            layout_release(&a->prompt_view);
            return NULL;
        }
        a->prompt_built = true;
        if (rebuilt) *rebuilt = true;
    }
    return &a->prompt_view;
}

const layout_view *app_overlay_view(app *a, uint64_t now, bool *rebuilt) {
    if (rebuilt) *rebuilt = false;
    if (staff_covers_pages(&a->staff)) return NULL;
    if (app_prompting(a, now)) return prompt_view(a, rebuilt);
    if (readaloud_active(&a->speech) && !a->picker_open && !state_moving(&a->st))
        return speech_view(a, rebuilt);
    int hint = hint_language(a, now);
    if (hint >= 0) return hint_view(a, hint, rebuilt);
    if (!a->picker_open || !app_has_pages(a)) return NULL;
    const layout_view *v = picker_view(a);
    if (rebuilt) *rebuilt = a->picker_builds != a->picker_seen;
    a->picker_seen = a->picker_builds;
    return v;
}

static int staff_control(app *a, float x, float y) {
    const layout_view *v = app_staff_view(a, NULL);
    return v ? staff_view_control_at(v, x, y) : STAFF_NOWHERE;
}

/* The staff screen opened over a finger that was on the pages: the pages
 * forget it, and count the time from now. */
static void staff_opened(app *a, uint64_t now) {
    gesture_init(&a->gestures, a->settings.px_per_mm);
    state_input cancel = {.kind = INPUT_CANCEL};
    state_input_event(&a->st, &cancel, now);
}

bool app_tick(app *a, uint64_t now) {
    bool was_open = staff_is_open(&a->staff);
    bool changed = staff_tick(&a->staff, now);
    bool open = staff_is_open(&a->staff);
    /* Under the preview's banner the pages go on as for families. */
    bool covered = staff_covers_pages(&a->staff);
    if (open && !was_open) staff_opened(a, now);
    /* Closed: the pages go on from where they stood (and go back to
     * attract mode at once if nobody has touched them for a while). */
    if (!open && was_open) changed = true;
    /* The pages stand still under the staff screen. */
    state_mode mode = a->st.mode;
    int hint = hint_language(a, now);
    if (!covered && hint != a->hint_shown) {
        a->hint_shown = hint;
        changed = true;
    }
    /* Someone listening is using the kiosk; what is read is the view on
     * screen, or nothing. */
    if (a->speech.state == READALOUD_SPEAKING) state_keep_alive(&a->st, now);
    if (!covered && state_tick(&a->st, now)) changed = true;
    if (readaloud_active(&a->speech) &&
        (covered || a->st.mode == STATE_ATTRACT || a->st.page != a->speech.page ||
         (a->st.mode == STATE_DETAIL) != a->speech.detail)) {
        readaloud_stop(&a->speech);
        changed = true;
    }
    bool prompt = app_prompting(a, now);
    if (prompt != a->prompt_shown) {
        a->prompt_shown = prompt;
        changed = true;
    }
    /* Nobody here any more: the next family starts in the content's own
     * language, with no picker open. */
    if (a->st.mode == STATE_ATTRACT && mode != STATE_ATTRACT) {
        if (a->picker_open) changed = true;
        a->picker_open = false;
        if (a->lang != 0) {
            app_set_language(a, 0);
            changed = true;
        }
        if (a->large_text) {
            app_set_large_text(a, false);
            changed = true;
        }
        a->volume_level = 1;
    }
    return changed;
}

uint32_t app_wait_ms(const app *a, uint64_t now) {
    uint32_t s = staff_wait_ms(&a->staff, now);
    if (staff_covers_pages(&a->staff)) return s;
    uint32_t p = state_wait_ms(&a->st, now);
    if (hint_language(a, now) >= 0) {   /* the next language's name */
        uint32_t h = (uint32_t)(APP_LANGUAGE_HINT_MS - now % APP_LANGUAGE_HINT_MS);
        if (h < p) p = h;
    }
    return p < s ? p : s;
}

bool app_moving(const app *a) { return !staff_covers_pages(&a->staff) && state_moving(&a->st); }

bool app_touching(const app *a) { return a->gestures.down_count > 0; }

bool app_has_pages(const app *a) { return a->views && a->st.page_count > 0; }

const layout_view *app_view(app *a, int page, bool detail) {
    if (!app_has_pages(a) || page < 0 || page >= a->content->page_count) return &a->back_soon;
    int i = 2 * page + (detail ? 1 : 0);
    if (!a->built[i]) {
        const content_page *p = &a->content->pages[page];
        const char *code = app_language(a);
        int text = content_text_index(p, code);
        layout_words w = {.more = lang_word(code, LANG_WORD_MORE),
                          .back = lang_word(code, LANG_WORD_BACK),
                          .scan = lang_word(code, LANG_WORD_SCAN),
                          .language = app_language_count(a) > 1 ? lang_name(code) : NULL,
                          .rtl = lang_rtl(code), .speak = a->settings.speech};
        const layout_metrics *m = view_metrics(a);
        int rc = detail ? layout_detail(&a->views[i], m, a->theme, &a->measure, p, text,
                                       content_link(a->content, p, text), &w)
                        : layout_page(&a->views[i], m, a->theme, &a->measure, p, text,
                                      page, a->content->page_count, &w);
        if (rc != 0) {
            layout_release(&a->views[i]);
            return NULL;
        }
        a->built[i] = true;
    }
    return &a->views[i];
}

/* A tap: what is under the finger in the view on screen? */
/* A tap on the language picker: a language, or anywhere else to close. */
static void picker_tap(app *a, float x, float y) {
    const layout_view *v = picker_view(a);
    const layout_target *t = v ? layout_hit(v, (int)x, (int)y) : NULL;
    if (t && t->kind == LAYOUT_TARGET_LANGUAGE) app_set_language(a, t->index);
    a->picker_open = false;
}

static void tap(app *a, float x, float y, uint64_t now) {
    if (a->prompt_hold) {   /* "Tap to stay": the finger's down kept the page */
        a->prompt_hold = false;
        return;
    }
    if (a->picker_open) {
        picker_tap(a, x, y);
        return;
    }
    state *s = &a->st;
    const layout_view *v = app_view(a, s->page, s->mode == STATE_DETAIL);
    const layout_target *t = v ? layout_hit(v, (int)x, (int)y) : NULL;
    if (!t) return;
    state_input in = {0};
    switch (t->kind) {
    case LAYOUT_TARGET_MORE:
    case LAYOUT_TARGET_PAGE: in.kind = INPUT_OPEN; break;
    case LAYOUT_TARGET_BACK: in.kind = INPUT_BACK; break;
    case LAYOUT_TARGET_DOT: in.kind = INPUT_GOTO; in.index = t->index; break;
    case LAYOUT_TARGET_STAFF: return;   /* only on the staff screen */
    case LAYOUT_TARGET_SPEAK:
        readaloud_tap(&a->speech, s->page, s->mode == STATE_DETAIL);
        in.kind = INPUT_PRESS;              /* out of attract mode, as a touch is */
        break;
    case LAYOUT_TARGET_LANGUAGE:
        a->picker_open = true;
        a->picker_built = false;
        in.kind = INPUT_PRESS;              /* out of attract mode, as a touch is */
        break;
    case LAYOUT_TARGET_TEXT_SIZE:
        if (readaloud_active(&a->speech)) {
            /* While reading, it is the loudness button: the setting's,
             * loud, quiet, and round again. */
            a->volume_level = (a->volume_level + 1) % 3;
        } else {
            app_set_large_text(a, !a->large_text);
        }
        in.kind = INPUT_PRESS;
        break;
    }
    state_input_event(s, &in, now);
}

static void feed(app *a, const gesture_event *g, int n, uint64_t now) {
    for (int i = 0; i < n; i++) {
        if (g[i].kind == GESTURE_TAP) {
            tap(a, g[i].x, g[i].y, now);
            continue;
        }
        /* Under the picker, the pages do not move. */
        if (a->picker_open && g[i].kind != GESTURE_PRESS) continue;
        state_input in = {0};
        switch (g[i].kind) {
        case GESTURE_PRESS: in.kind = INPUT_PRESS; break;
        case GESTURE_HDRAG: in.kind = INPUT_HDRAG; in.d = g[i].dx; break;
        case GESTURE_HRELEASE: in.kind = INPUT_HRELEASE; in.d = g[i].dx; in.v = g[i].vx; break;
        case GESTURE_VDRAG: in.kind = INPUT_VDRAG; in.d = g[i].dy; break;
        case GESTURE_VRELEASE: in.kind = INPUT_VRELEASE; in.v = g[i].vy; break;
        case GESTURE_CANCEL: in.kind = INPUT_CANCEL; break;
        default: continue;
        }
        state_input_event(&a->st, &in, now);
    }
}

void app_pointer_down(app *a, int64_t id, float x, float y, uint64_t now) {
    /* The staff screen, or the preview's banner, has the finger. */
    if (staff_covers_pages(&a->staff) || (staff_previewing(&a->staff) && y < a->top)) {
        staff_touch_down(&a->staff, id, staff_control(a, x, y), x, y, now);
        return;
    }
    if (staff_previewing(&a->staff)) staff_preview_touch(&a->staff, now);
    else staff_watch_down(&a->staff, id, x, y, now);
    y -= (float)a->top;
    /* A touch anywhere but on the speaker stops the reading. */
    if (readaloud_active(&a->speech)) {
        const layout_view *v = a->picker_open ? NULL : app_view(a, a->st.page, a->st.mode == STATE_DETAIL);
        const layout_target *t = v ? layout_hit(v, (int)x, (int)y) : NULL;
        if (!t || (t->kind != LAYOUT_TARGET_SPEAK && t->kind != LAYOUT_TARGET_TEXT_SIZE))
            readaloud_stop(&a->speech);
    }
    if (!app_touching(a)) {
        a->hint_hold = hint_language(a, now);
        a->prompt_hold = app_prompting(a, now);
    }
    gesture_event g[2];
    feed(a, g, gesture_down(&a->gestures, id, x, y, now, g), now);
}

/* The finger on a control of the preview's banner. */
static bool banner_finger(const app *a, int64_t id) {
    return staff_previewing(&a->staff) && a->staff.pressed != STAFF_NOWHERE && a->staff.press_id == id;
}

void app_pointer_move(app *a, int64_t id, float x, float y, uint64_t now) {
    if (staff_covers_pages(&a->staff) || banner_finger(a, id)) return;
    if (staff_previewing(&a->staff)) staff_preview_touch(&a->staff, now);
    else staff_watch_move(&a->staff, id, x, y, now);
    y -= (float)a->top;
    gesture_event g[2];
    feed(a, g, gesture_move(&a->gestures, id, x, y, now, g), now);
}

void app_pointer_up(app *a, int64_t id, float x, float y, uint64_t now) {
    if (staff_covers_pages(&a->staff) || banner_finger(a, id)) {
        staff_touch_up(&a->staff, id, staff_control(a, x, y), now);
        return;
    }
    if (staff_previewing(&a->staff)) staff_preview_touch(&a->staff, now);
    else staff_watch_up(&a->staff, id, now);
    y -= (float)a->top;
    gesture_event g[2];
    feed(a, g, gesture_up(&a->gestures, id, x, y, now, g), now);
}

void app_key_press(app *a, app_key key, uint64_t now) {
    if (staff_covers_pages(&a->staff)) {
        if (key == APP_KEY_BACK) staff_escape(&a->staff, now);
        return;
    }
    staff_preview_touch(&a->staff, now);   /* keys under the banner go to the pages */
    readaloud_stop(&a->speech);     /* a key is a touch elsewhere */
    state_input in = {0};
    int line = a->metrics.body_px * 3;
    switch (key) {
    /* The arrow keys go the way the pages lie (right to left: turned). */
    case APP_KEY_NEXT: in.kind = a->st.rtl ? INPUT_PREV : INPUT_NEXT; break;
    case APP_KEY_PREV: in.kind = a->st.rtl ? INPUT_NEXT : INPUT_PREV; break;
    case APP_KEY_OPEN: in.kind = INPUT_OPEN; break;
    case APP_KEY_BACK: in.kind = INPUT_BACK; break;
    case APP_KEY_UP: in.kind = INPUT_SCROLL; in.d = (float)-line; break;
    case APP_KEY_DOWN: in.kind = INPUT_SCROLL; in.d = (float)line; break;
    }
    state_input_event(&a->st, &in, now);
}

void app_wheel(app *a, float dy, uint64_t now) {
    if (staff_covers_pages(&a->staff)) return;
    staff_preview_touch(&a->staff, now);
    state_input in = {.kind = INPUT_SCROLL, .d = dy * a->metrics.body_px * 2};
    state_input_event(&a->st, &in, now);
}

readaloud_state app_speech(const app *a, unsigned *serial) {
    if (serial) *serial = a->speech.serial;
    return a->speech.state;
}

char *app_speech_text(const app *a, const char **lang) {
    if (!readaloud_active(&a->speech) || !app_has_pages(a) || a->speech.page >= a->content->page_count)
        return NULL;
    const content_page *p = &a->content->pages[a->speech.page];
    const content_text *t = shown_text(a, p);
    if (lang) *lang = t->lang;
    return readaloud_script(p, content_text_index(p, t->lang), a->speech.detail);
}

const char *app_speech_recording(const app *a) {
    if (!readaloud_active(&a->speech) || a->speech.detail || !app_has_pages(a) ||
        a->speech.page >= a->content->page_count)
        return NULL;
    const content_page *p = &a->content->pages[a->speech.page];
    return shown_text(a, p)->recording;
}

int app_speech_volume(const app *a, int setting) {
    return a->volume_level == 0 ? setting / 2 : a->volume_level == 2 ? 100 : setting;
}

bool app_speech_ended(app *a, unsigned serial) { return readaloud_ended(&a->speech, serial); }

void app_speech_stop(app *a) { readaloud_stop(&a->speech); }

counts_screen app_screen(const app *a) {
    counts_screen s = {0};
    /* A preview is no family's visit: nobody counts as here. */
    s.attract = a->st.mode == STATE_ATTRACT || staff_previewing(&a->staff);
    /* Under the staff screen, no page is being looked at. */
    if (app_has_pages(a) && !staff_is_open(&a->staff)) {
        const content_page *p = &a->content->pages[a->st.page];
        s.page = p->id;
        s.lang = shown_text(a, p)->lang;
        s.detail = a->st.mode == STATE_DETAIL;
    }
    return s;
}
