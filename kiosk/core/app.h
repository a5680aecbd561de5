/* app.h - the kiosk's core, put together: content, layouts of every view,
 * the state machine and gestures. Pointer and key events go in (in
 * logical pixels, with the time); what to draw comes out.
 *
 * Pure C, no SDL: the shell (shell.c) feeds it SDL's events and draws
 * the views it returns; tests feed it directly. */
#ifndef KIOSK_APP_H
#define KIOSK_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "content.h"
#include "counts.h"
#include "gesture.h"
#include "layout.h"
#include "readaloud.h"
#include "staff.h"
#include "state.h"
#include "theme.h"

typedef enum { APP_KEY_NEXT, APP_KEY_PREV, APP_KEY_OPEN, APP_KEY_BACK, APP_KEY_UP, APP_KEY_DOWN } app_key;

typedef struct {
    int width, height;        /* logical */
    double px_per_mm;
    uint32_t page_ms, idle_ms, anim_ms;
    bool speech;              /* there is a voice and an audio device: a speaker button */
} app_settings;

typedef struct {
    const content *content;  /* not owned */
    const theme *theme;      /* not owned */
    text_measure measure;
    app_settings settings;
    layout_metrics metrics;
    layout_view *views;      /* [2 * page]: page view, [2 * page + 1]: detail */
    bool *built;
    layout_view back_soon;
    state st;
    gesture_state gestures;
    staff staff;             /* the staff screen, over the pages when open */
    layout_view staff_view;
    unsigned staff_built;    /* staff.version the view was built for */
    bool staff_view_ok;
    unsigned staff_builds, staff_seen; /* built anew since it was last drawn? */
    /* The pages' area: the whole screen, or below the staff preview's
       banner (from y = top). metrics are the pages', screen_metrics the
       whole screen's (the staff screen is laid out with them). */
    int top;
    layout_metrics screen_metrics;
    /* The visit's language: content->languages[lang]; back to the first
     * (the content's own) when attract mode returns. */
    int lang;
    bool picker_open;        /* the language picker is over the pages */
    layout_view picker_view;
    bool picker_built;
    unsigned picker_builds, picker_seen; /* built anew since it was last handed out? */
    layout_view hint_view;   /* attract mode: the language button with another name */
    int hint_built;          /* the language it shows, -1: none */
    int hint_shown;          /* the language named at the last tick, -1: none */
    int hint_hold;           /* named when the finger now down came down, -1: none */
    layout_view prompt_view; /* "Still reading? Tap to stay" (reading_prompt.h) */
    bool prompt_built;
    bool prompt_shown;       /* at the last tick */
    bool prompt_hold;        /* the finger now down came down on the prompt: its tap
                                only keeps the page */
    unsigned views_version;  /* changes when every page view is laid out again
                                (another language): their textures must go */
    readaloud speech;        /* the speaker button: what is read aloud (readaloud.h) */
    layout_view speech_view; /* over the view read aloud: its button as pause or go on */
    int speech_built;        /* the reading and state speech_view shows, -1: none */
    /* The visit's loudness (0 quiet, 1 the setting's, 2 loud): while a
       view is read, "Aa" becomes a loudness button that steps through
       them. Back to 1 with attract mode. */
    int volume_level;
    /* The visit asked for larger text (the "Aa" button): the pages and the
       picker are laid out with large_metrics. Off again with attract mode. */
    bool large_text;
    layout_metrics large_metrics;
} app;


int app_init(app *a, const content *c, const theme *t, text_measure measure,
             const app_settings *settings, uint64_t now);
void app_release(app *a);
/* Shows other content (after an install or a roll back): the pages start
 * again from the first; the staff screen stays as it is. c must outlive
 * the app or the next app_set_content. Returns 0, or -1 when out of
 * memory (the app then shows "Back soon"). */
int app_set_content(app *a, const content *c, uint64_t now);
/* The same content's pages, some more or fewer (a page's date came or
 * ended: showdates.h); c as for app_set_content, and the content before
 * must still be there during the call. Calmly: the visit goes on, in its
 * language and text size; the page on screen stays if it is still in c,
 * else the page that followed it comes, without a slide (a detail view
 * closes). With no page at all, "Back soon". Returns as app_set_content. */
int app_set_pages(app *a, const content *c, uint64_t now);
/* Shows c below the staff screen's preview banner (staff.h, STAFF_PREVIEW)
 * as families would see it, from its first page: the pages are laid out
 * in the screen less the banner, from y = app_pages_top(). Fingers and
 * keys on them work as for families; nothing of it is counted
 * (app_screen). app_set_content gives the whole screen back. Returns as
 * app_set_content. */
int app_preview_content(app *a, const content *c, uint64_t now);
/* Where the pages' area starts (0 but under the preview's banner); the
 * shell draws the pages and app_overlay_view there, app_staff_view at 0. */
int app_pages_top(const app *a);

/* Time passes: slides, attract mode, idle return, the staff screen's
 * timers. Returns true when the screen must be drawn again. */
bool app_tick(app *a, uint64_t now);
/* How long the shell may sleep; whether something moves (frames due). */
uint32_t app_wait_ms(const app *a, uint64_t now);
bool app_moving(const app *a);
/* Is a finger (or the mouse button) down now? */
bool app_touching(const app *a);
/* The staff screen's view (NULL when closed or out of memory), drawn
 * over everything at (0, 0): the card over the pages, or the preview's
 * banner. *rebuilt (may be NULL: hit tests) is set when it was laid out
 * anew since the last call that asked (its textures must be made again). */
const layout_view *app_staff_view(app *a, bool *rebuilt);
/* What is drawn over the pages at now, in their area: the language
 * picker, "Still reading?", the speaker, or, in attract mode, the
 * language button showing each language's name in turn (every
 * APP_LANGUAGE_HINT_MS); NULL when there is nothing, or the staff screen
 * covers the pages. *rebuilt as for app_staff_view. */
const layout_view *app_overlay_view(app *a, uint64_t now, bool *rebuilt);
#define APP_LANGUAGE_HINT_MS 2500
/* Whether "Still reading? Tap to stay" is over the detail view at now
 * (state_prompting; and while the finger that tapped it is down). */
bool app_prompting(const app *a, uint64_t now);

/* Read aloud (readaloud.h): what the shell should play now. Idle, or
 * speaking or paused with *serial naming the reading (a new one starts
 * when it changes). app_speech_text gives its words and their language
 * (caller frees; NULL when out of memory or idle). */
readaloud_state app_speech(const app *a, unsigned *serial);
char *app_speech_text(const app *a, const char **lang);
/* The recording staff made for what is read (content.h: a page view's
 * "recording:", in the language shown), played instead of the words;
 * NULL when there is none, or for a detail view. */
const char *app_speech_recording(const app *a);
/* The loudness to read at, in percent, from the [audio] volume setting:
 * half of it (quiet), it, or 100 (loud). */
int app_speech_volume(const app *a, int setting);
/* The shell has played reading serial to its end. Returns true when the
 * screen must be drawn again. */
bool app_speech_ended(app *a, unsigned serial);
/* Nobody can hear it any more (the screen went off): it stops. */
void app_speech_stop(app *a);

/* The languages families may choose (at least the content's own), and the
 * one shown now. */
int app_language_count(const app *a);
const char *app_language(const app *a);
/* Shows the pages in content->languages[index] (out of range: the first). */
void app_set_language(app *a, int index);
/* Larger text for this visit, or not: every page view is laid out again. */
void app_set_large_text(app *a, bool on);

void app_pointer_down(app *a, int64_t id, float x, float y, uint64_t now);
void app_pointer_move(app *a, int64_t id, float x, float y, uint64_t now);
void app_pointer_up(app *a, int64_t id, float x, float y, uint64_t now);
void app_key_press(app *a, app_key key, uint64_t now);
void app_wheel(app *a, float dy, uint64_t now);

/* What is on screen now, for the page-view counts. */
counts_screen app_screen(const app *a);

/* The layout of a page's page view or detail view (built on first use),
 * or the "Back soon" view when there are no pages. NULL when out of
 * memory. */
const layout_view *app_view(app *a, int page, bool detail);
bool app_has_pages(const app *a);

#endif
