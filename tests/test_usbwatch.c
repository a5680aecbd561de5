/* test_usbwatch.c - the USB stick watcher, on a temporary media folder
 * with real inotify and a real thread: a stick folder renamed in (as a
 * mount appears) arrives, kiosk-reports/ made on it is a change, taking
 * it away is a removal; a folder without kiosk folders, and a rescan
 * with nothing new, give no event; a stick two levels down (a desktop's
 * /media/<user>/<LABEL>) arrives; a stick already there at start
 * arrives at once; a media folder made after the start is picked up
 * (its parent watched), and so is one whose parent is missing too (the
 * 2 s fallback); stop joins the thread. SDL_INIT_EVENTS only, no video.
 * Waits use real time with generous limits that only guard against a
 * hang; they are not speed targets. */
#include <SDL.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "files.h"
#include "usbwatch.h"

#define HANG_GUARD_MS 10000 /* an expected event later than this is a failure */
#define SILENCE_MS 1200     /* no event expected: four times the watcher's quiet time */

static char root[64];
static Uint32 event_type;

/* root/rel, in one of four rotating buffers. */
static const char *at(const char *rel) { return fixture_at(root, rel); }

/* Waits up to ms for the watcher's event. Returns its code (0: none)
 * and the stick it carries (caller frees), or NULL. */
static int wait_event(int ms, media_stick **stick) {
    *stick = NULL;
    Uint32 start = SDL_GetTicks();
    for (;;) {
        int left = ms - (int)(SDL_GetTicks() - start);
        if (left <= 0) return 0;
        SDL_Event e;
        if (!SDL_WaitEventTimeout(&e, left)) continue;
        if (e.type != event_type) continue;
        *stick = e.user.data1;
        return e.user.code;
    }
}

/* Expects the event code; checks the stick's root when root_rel is given. */
static void expect(int code, const char *root_rel, const char *content_rel) {
    media_stick *s;
    Uint32 start = SDL_GetTicks();
    int got = wait_event(HANG_GUARD_MS, &s);
    CHECK_INT(got, code);
    if (got == code)
        printf("  event %d after %u ms\n", code, (unsigned)(SDL_GetTicks() - start));
    if (code == USBWATCH_REMOVED) CHECK(s == NULL);
    else CHECK(s != NULL);
    if (s && root_rel) CHECK_STR(s->root, at(root_rel));
    if (s && content_rel) CHECK_STR(s->content_dir, content_rel[0] ? at(content_rel) : "");
    free(s);
}

static void expect_silence(void) {
    media_stick *s;
    int got = wait_event(SILENCE_MS, &s);
    CHECK_INT(got, 0);
    free(s);
}

/* Makes a stick folder outside the media folder, then renames it in:
 * it appears all at once, as a mount does. */
static void insert(const char *staging_rel, const char *kiosk_folder, const char *dest_rel) {
    fixture_sh("mkdir -p '%s/%s' '%s/DCIM'", at(staging_rel), kiosk_folder, at(staging_rel));
    CHECK_INT(rename(at(staging_rel), at(dest_rel)), 0);
}

static void test_main_flow(void) {
    char err[256];
    fixture_sh("mkdir -p '%s'", at("media"));
    usbwatch *w = usbwatch_start(at("media"), event_type, err, sizeof err);
    CHECK(w != NULL);
    if (!w) {
        fprintf(stderr, "usbwatch_start: %s\n", err);
        return;
    }
    expect_silence(); /* nothing there at start: nothing said */

    insert("staging", "kiosk-content", "media/usb");
    expect(USBWATCH_ARRIVED, "media/usb", "media/usb/kiosk-content");

    fixture_sh("mkdir '%s'", at("media/usb/kiosk-reports"));
    media_stick *s;
    CHECK_INT(wait_event(HANG_GUARD_MS, &s), USBWATCH_CHANGED);
    CHECK(s && s->reports_exists && strcmp(s->reports_dir, at("media/usb/kiosk-reports")) == 0);
    free(s);

    CHECK_INT(rename(at("media/usb"), at("pulled-out")), 0);
    expect(USBWATCH_REMOVED, NULL, NULL);

    /* Not a kiosk stick, and a hidden folder: nothing to say. */
    insert("staging", "Photos", "media/holiday");
    fixture_sh("mkdir -p '%s'", at("media/.Trash-1000/kiosk-content"));
    expect_silence();
    usbwatch_rescan(w);
    expect_silence();

    /* Two levels down: /media/<user>/<LABEL>, made just before. */
    fixture_sh("mkdir '%s'", at("media/alice"));
    insert("staging", "KIOSK-CONTENT", "media/alice/STICK");
    expect(USBWATCH_ARRIVED, "media/alice/STICK", "media/alice/STICK/KIOSK-CONTENT");
    fixture_sh("rm -rf '%s'", at("media/alice"));
    expect(USBWATCH_REMOVED, NULL, NULL);

    /* A stick swapped for another in one step: a different stick. */
    insert("staging", "kiosk-reports", "media/usb");
    expect(USBWATCH_ARRIVED, "media/usb", "");
    CHECK_INT(rename(at("media/usb"), at("first-stick")), 0);
    insert("staging", "kiosk-content", "media/usb");
    /* Either one event (a different stick) or a removal then an arrival,
     * depending on how the watcher's quiet time fell. */
    int code = wait_event(HANG_GUARD_MS, &s);
    if (code == USBWATCH_REMOVED) code = wait_event(HANG_GUARD_MS, &s);
    CHECK_INT(code, USBWATCH_ARRIVED);
    CHECK(s && strcmp(s->content_dir, at("media/usb/kiosk-content")) == 0);
    free(s);

    usbwatch_stop(w);
    fixture_sh("rm -rf '%s' '%s' '%s' '%s'", at("media"), at("pulled-out"), at("first-stick"), at("staging"));
}

static void test_already_there(void) {
    char err[256];
    fixture_sh("mkdir -p '%s'", at("media2/usb/kiosk-content"));
    usbwatch *w = usbwatch_start(at("media2"), event_type, err, sizeof err);
    CHECK(w != NULL);
    expect(USBWATCH_ARRIVED, "media2/usb", "media2/usb/kiosk-content");
    usbwatch_stop(w);
    fixture_sh("rm -rf '%s'", at("media2"));
}

static void test_missing_media(void) {
    char err[256];
    /* The media folder is made after the start: its parent is watched. */
    usbwatch *w = usbwatch_start(at("later"), event_type, err, sizeof err);
    CHECK(w != NULL);
    expect_silence();
    fixture_sh("mkdir '%s'", at("later"));
    insert("staging", "kiosk-content", "later/usb");
    expect(USBWATCH_ARRIVED, "later/usb", "later/usb/kiosk-content");
    usbwatch_stop(w);

    /* Neither it nor its parent: looked at every 2 s. */
    w = usbwatch_start(at("far/away/media"), event_type, err, sizeof err);
    CHECK(w != NULL);
    expect_silence();
    fixture_sh("mkdir -p '%s'", at("far/away/media/usb/kiosk-content"));
    expect(USBWATCH_ARRIVED, "far/away/media/usb", "far/away/media/usb/kiosk-content");
    fixture_sh("rm -rf '%s'", at("far"));
    expect(USBWATCH_REMOVED, NULL, NULL);
    usbwatch_stop(w);
    fixture_sh("rm -rf '%s'", at("later"));

    /* Stopping at once after starting, and stopping nothing. */
    w = usbwatch_start(at("later"), event_type, err, sizeof err);
    CHECK(w != NULL);
    usbwatch_stop(w);
    usbwatch_stop(NULL);
    CHECK(usbwatch_start("", event_type, err, sizeof err) == NULL);
    CHECK(strstr(err, "media folder") != NULL);
}

int main(void) {
    if (SDL_Init(SDL_INIT_EVENTS) != 0) {
        fprintf(stderr, "SDL_Init: %s\n", SDL_GetError());
        return 1;
    }
    event_type = SDL_RegisterEvents(1);
    CHECK(event_type != (Uint32)-1);
    snprintf(root, sizeof root, "/tmp/kiosk-usbwatch-XXXXXX");
    if (!mkdtemp(root)) {
        perror("mkdtemp");
        return 1;
    }
    test_main_flow();
    test_already_there();
    test_missing_media();
    /* Nothing left in the queue to leak. */
    media_stick *s;
    CHECK_INT(wait_event(100, &s), 0);
    fixture_sh("rm -rf '%s'", root);
    SDL_Quit();
    return check_summary();
}
