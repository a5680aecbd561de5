/* test_scenario.c - plays a scenario file through the real event loop
 * (shell.c, SDL's dummy video driver, synthetic time): SDL_FINGER*,
 * mouse and key events are pushed with SDL_PushEvent, and the file says
 * what the kiosk must show afterwards.
 *
 * A scenario is lines of:
 *   size WxH | rotation N | content DIR   (before the first event)
 *   tap X Y                    finger down and up 80 ms later (X, Y in 0..1)
 *   swipe X1 Y1 X2 Y2 MS       a finger moving from one point to another
 *   down ID X Y | move ID X Y | up ID X Y   single finger events
 *   click X Y                  a mouse click (window pixels from 0..1)
 *   wheel N | key NAME         mouse wheel; Right Left Return Escape Down Up, ctrl+q
 *   service                    run as systemd runs it (before the first event)
 *   expect running | expect quit   whether the loop has been told to end
 *   wait MS                    time passes (the loop runs every 16 ms)
 *   expect mode M [page P]     M: attract, browse or detail
 *   expect scrolled | expect top | expect textures-below N | expect idle
 *   expect still               nothing moves now (no slide, no detail coming in)
 *   expect drawn N             N frames were drawn since the last "expect drawn"
 *                              (any: once the pictures on screen are ready, the
 *                              clock stopped, start counting from here)
 *   language-button            a finger taps the language button of the view shown
 *   choose-language CODE       a finger taps that language in the open picker
 *   expect language CODE | expect picker open|closed
 *   expect prompt shown|hidden "Still reading? Tap to stay" over the detail view
 *   set NAME VALUE             a setting, as in the config file (before the first event)
 *   text-size-button           a finger taps the "Aa" button of the view shown
 *   volume-button              while reading: a finger taps "Aa", now the loudness button
 *   expect loudness-button N   it shows N waves (1 quiet, 2 the setting's, 3 loud), and
 *                              a frame was drawn since the last "expect drawn"
 *   expect peak MIN MAX        the loudest sample heard since mark-audio, after its
 *                              first SPEECH_AHEAD_MS + 200 ms, is MIN to MAX (of 32767)
 *   expect text large|normal   the visit's text size, and the view on screen is
 *                              laid out with it (its body text that size)
 *   counting                   count page views into a fresh data folder
 *   expect counted PAGE shown N opened N [read-at-least S]
 *   expect visits N [opened1 N] [opened2 N]   (saved, as kiosk stats reads them)
 * Opening hours (wall time starts at 09:00 on Monday 2026-11-23, UTC):
 *   hours DAY RANGE            as in the config file: hours monday 08:00-09:01
 *   clock-synced               the wall clock counts as synchronised (else the
 *                              hours are not applied, as on a Pi without network)
 *   expect screen on|off
 *   wall-clock YYYY-MM-DD HH:MM:SS   the wall clock is set to this time (UTC), as
 *                              NTP steps it; it runs on with the fake clock
 * Pages with dates (show_from, show_until: applied only with clock-synced):
 *   expect pages N             visitors see N pages (the page dots', the rotation's);
 *                              0: the "Back soon" view is the one on screen
 *   expect logged N TEXT       N lines of the log so far contain TEXT
 * The staff screen (a fake media folder stands in for /media):
 *   staff-pin DIGITS           a data folder with this staff PIN (kiosk pin set)
 *   media                      watch a fresh media folder for sticks (before events)
 *   stick NAME DIR             a stick NAME, a copy of DIR (in the source tree: a
 *                              folder with kiosk-content/), appears as a mount does;
 *                              waits (real time) until the kiosk has judged it
 *   stick NAME DIR changed FILE   ... with one byte of its kiosk-content/FILE
 *                              changed: the last (a space, or a newline if it was one)
 *   unplug NAME                the stick goes
 *   press CONTROL              a finger taps a control of the staff screen: 0-9,
 *                              delete, ok, close, install, report, rollback,
 *                              screen-test, restart, result-ok, done, preview, copy (in
 *                              the menu), preview-install, preview-cancel (on the banner)
 *   long-press X Y             a finger held still for 5.5 s
 *   wait-job                   waits (real time) for an install (or a preview's copy) to end
 *   expect staff SCREEN        closed, pin, checking, menu, working, result, screen-test,
 *                              preview (the stick's pages under the preview's banner)
 *   expect says TEXT           the staff screen's notice, result, or one of the
 *                              stick's problems contains TEXT, or its words on
 *                              screen do (their lines joined by spaces)
 *   expect control CONTROL     the staff screen offers CONTROL now (names as press)
 *   expect no-control CONTROL  ... does not
 *   expect title TEXT          the page on screen has this title
 *   expect report              the stick has a CSV and a PNG in kiosk-reports/
 *   expect stick-copy NAME FOLDER   the stick NAME's FOLDER is the content on screen:
 *                              the same import_fingerprint (names and SHA-256s), and
 *                              no UNFINISHED folder is left on the stick
 *   expect stick-has NAME PATH | expect stick-lacks NAME PATH   PATH on the stick or not
 *   expect stick-kept NAME DIR every file of DIR (what the stick was made from) is on
 *                              the stick NAME unchanged, byte for byte
 *   expect golden NAME         the frame on screen matches tests/golden/NAME.png
 *   mark-data                  remembers, by hash, the data folder's content/ (every
 *                              name, link and byte), the installed content (what
 *                              content/current points to) and counts.db
 *   expect content|installed|counts same|changed   ... compared with the mark
 *   expect staging N           N staging folders (copies not active) in content/
 *   expect staged-pictures-within N   every picture in them is at most N px on its
 *                              longer side (and there is one)
 * Read aloud (SDL's disk audio driver writes what is heard to a file):
 *   audio DELAY                read aloud on, into a file, DELAY ms for each
 *                              46 ms of sound (before the first event)
 *   no-audio                   read aloud on, but SDL has no audio driver
 *   speaker                    a finger taps the speaker of the view shown
 *   pump MS                    the loop runs MS of real time (the clock stopped)
 *   wait-speech                the loop runs (real time) until a reading ends
 *   mark-audio                 what is heard from now on is looked at next
 *   expect reading idle|speaking|paused
 *   expect speaker yes|no      the view shown has a speaker button, or not
 *   expect speech MIN MAX      the sound since the mark is speech from its first
 *                              word to its last lasting MIN..MAX s, voiced for at
 *                              least a third of that time
 *   expect silence             nothing voiced since the mark (after the sound
 *                              already in the device's buffer, 0.1 s)
 *   expect voice NAME          espeak-ng's voice for the last reading */
#include <SDL.h>
#include <math.h>
#include <stdlib.h>

#include <dirent.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "touch.h"
#include "config.h"
#include "content.h"
#include "golden.h"
#include "imageinfo.h"
#include "import.h"
#include "pin.h"
#include "shell.h"
#include "theme.h"

/* The log, kept to count lines in (and still printed). */
static char log_lines[1 << 16];
static SDL_LogOutputFunction default_log;
static void *default_log_ctx;
static void capture_log(void *ctx, int category, SDL_LogPriority priority, const char *message) {
    (void)ctx;
    size_t used = strlen(log_lines);
    snprintf(log_lines + used, sizeof log_lines - used, "%s\n", message);
    default_log(default_log_ctx, category, priority, message);
}

static int logged_lines(const char *text) {
    int n = 0;
    for (const char *line = log_lines; *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        const char *hit = strstr(line, text);
        if (hit && hit < line + len) n++;
        line += len + (end ? 1 : 0);
    }
    return n;
}

static uint64_t fake_now;
static uint64_t fake_clock(void *ctx) { (void)ctx; return fake_now; }
/* Wall time runs with the fake clock, from 09:00 on 2026-11-23 (UTC), or
 * from where "wall-clock" set it. */
static time_t wall_start = 1795392000 + 9 * 3600;
static time_t fake_wall(void *ctx) { (void)ctx; return wall_start + (time_t)(fake_now / 1000); }

typedef struct {
    shell sh;
    bool open;
    config cfg;
    content c;
    theme t;
    const char *file;
    int line;
    char data_dir[64];
    char media_dir[64];
    char stick_src[64];       /* sticks are made here, then moved into media */
    bool clock_synced;
    bool opts_service;        /* "service": run as systemd runs it */
    int frames_mark;          /* frames drawn before the last "expect drawn" */
    char audio_file[64];      /* "audio": SDL's disk driver writes here */
    long audio_mark;          /* bytes of it before the last "mark-audio" */
    uint64_t data_mark[3];    /* "mark-data": content/, the installed content, counts.db */
    bool data_marked;
} scenario;

static void step_for(scenario *s, uint64_t ms) {
    uint64_t end = fake_now + ms;
    do {
        shell_step(&s->sh, 0);
        if (fake_now >= end) break;
        fake_now += 16;
        if (fake_now > end) fake_now = end;
    } while (1);
}


/* Pictures are prepared on a thread (picture_queue.h), in real time: waits
 * (the fake clock stopped) until the frame on screen has all its pictures,
 * so what a scenario sees does not hang on how fast they came. */
static void settle(scenario *s) {
    /* 60 s: under valgrind on a loaded machine a picture took over 5 s, came
     * during the next "wait" and drew a frame a scenario did not expect. */
    for (int waited = 0; waited < 60000; waited += 5) {
        bool whole = s->sh.frames > 1 && !s->sh.redraw && !s->sh.holding &&
                     s->sh.drawer.waiting == 0;
        if (whole || !s->sh.screen_on) return;
        SDL_Delay(5);
        shell_step(&s->sh, 0);
    }
    fprintf(stderr, "%s:%d: the pictures were not ready after 60 s\n", s->file, s->line);
}

static int ensure_open(scenario *s) {
    if (s->open) return 0;
    char err[600];
    diag_list d;
    diag_list_init(&d);
    content_load(&s->c, s->cfg.content, &d);
    diag_list_release(&d);
    shell_options o = {.config = &s->cfg, .content = &s->c, .theme = &s->t,
                       .assets_dir = KIOSK_SOURCE_DIR "/assets", .clock = fake_clock,
                       .wall = fake_wall, .data_dir = s->data_dir[0] ? s->data_dir : NULL,
                       .no_usb_watch = s->media_dir[0] == '\0', .kiosk_name = "Scenario",
                       .clock_trusted = s->clock_synced, .clock_untrusted = !s->clock_synced,
                       .service = s->opts_service};
    if (shell_open(&s->sh, &o, err, sizeof err) != 0) {
        fprintf(stderr, "%s: %s\n", s->file, err);
        return -1;
    }
    s->open = true;
    step_for(s, 0);
    settle(s);
    return 0;
}

static const char *mode_name(state_mode m) {
    return m == STATE_ATTRACT ? "attract" : m == STATE_BROWSE ? "browse" : "detail";
}

static void fail(scenario *s, const char *what) {
    fprintf(stderr, "%s:%d: %s (mode %s, page %d, scroll %.0f)\n", s->file, s->line, what,
            mode_name(s->sh.app.st.mode), s->sh.app.st.page, s->sh.app.st.scroll);
    check_failed++;
}

static const char *const staff_screens[] = {"closed", "pin",    "checking",    "menu",
                                            "working", "result", "screen-test", "preview"};

static int control_named(const char *name) {
    static const struct { const char *name; int control; } names[] = {
        {"delete", STAFF_KEY_DELETE}, {"ok", STAFF_KEY_OK}, {"close", STAFF_BTN_CLOSE},
        {"install", STAFF_BTN_INSTALL}, {"report", STAFF_BTN_REPORT},
        {"rollback", STAFF_BTN_ROLLBACK}, {"screen-test", STAFF_BTN_SCREEN_TEST},
        {"restart", STAFF_BTN_RESTART}, {"result-ok", STAFF_BTN_OK},
        {"done", STAFF_BTN_TEST_DONE}, {"preview", STAFF_BTN_PREVIEW},
        {"preview-install", STAFF_BTN_PREVIEW_INSTALL}, {"preview-cancel", STAFF_BTN_PREVIEW_CANCEL},
        {"copy", STAFF_BTN_COPY},
    };
    if (name[0] >= '0' && name[0] <= '9' && name[1] == '\0') return STAFF_KEY_0 + name[0] - '0';
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i].name, name) == 0) return names[i].control;
    return STAFF_NOWHERE;
}

/* Runs the loop in real time (for the watcher thread and the worker)
 * until done(s) or the time is up. */
static bool pump_until(scenario *s, bool (*done)(scenario *), int max_ms) {
    for (int waited = 0; waited < max_ms; waited += 10) {
        shell_step(&s->sh, 10);
        if (done(s)) return true;
    }
    return false;
}

static bool stick_judged(scenario *s) { return s->sh.app.staff.stick.judged; }
static bool stick_gone(scenario *s) { return !s->sh.app.staff.stick.present; }
static bool job_over(scenario *s) {
    return s->sh.app.staff.screen != STAFF_WORKING && s->sh.app.staff.queued == 0;
}

static int run_shell(const char *cmd) { return system(cmd); }

/* Changes one byte of path, its last: to a space (a newline if it was a
 * space), so that a page stays a page. Returns 0, or -1. */
static int change_last_byte(const char *path) {
    FILE *f = fopen(path, "r+b");
    if (!f) return -1;
    int c = fseek(f, -1, SEEK_END) == 0 ? fgetc(f) : EOF;
    int rc = c != EOF && fseek(f, -1, SEEK_END) == 0 && fputc(c == ' ' ? '\n' : ' ', f) != EOF ? 0 : -1;
    return fclose(f) == 0 ? rc : -1;
}

static bool reading_over(scenario *s) { return s->sh.speech_state == READALOUD_IDLE; }
static bool forever(scenario *s) { (void)s; return false; }

/* The sound written since the mark: from the first voiced 50 ms to the
 * last (seconds), and how much of that was voiced. Mono 16-bit samples at
 * rate; a window is voiced when a sample in it passes 1/60 of full scale. */
typedef struct {
    double first, last, voiced;
    long samples;
    int peak;                 /* the largest sample, as a magnitude */
} heard;

static heard listen(scenario *s, long skip_samples) {
    heard h = {-1, -1, 0, 0, 0};
    FILE *f = fopen(s->audio_file, "rb");
    if (!f) return h;
    int rate = s->sh.speech ? speech_rate(s->sh.speech) : 22050;
    int window = rate / 20;
    fseek(f, s->audio_mark + skip_samples * 2, SEEK_SET);
    int16_t buf[4096];
    long at = 0, in_window = 0, window_start = 0;
    bool loud = false;
    size_t n;
    while ((n = fread(buf, 2, sizeof buf / 2, f)) > 0) {
        for (size_t i = 0; i < n; i++, at++) {
            if (buf[i] > 546 || buf[i] < -546) loud = true;
            int m = buf[i] < 0 ? -buf[i] : buf[i];
            if (m > h.peak) h.peak = m;
            if (++in_window == window) {
                if (loud) {
                    double t = (double)window_start / rate;
                    if (h.first < 0) h.first = t;
                    h.last = t + (double)window / rate;
                    h.voiced += (double)window / rate;
                }
                loud = false;
                in_window = 0;
                window_start = at + 1;
            }
        }
    }
    h.samples = at;
    fclose(f);
    return h;
}

static void mark_audio(scenario *s) {
    FILE *f = fopen(s->audio_file, "rb");
    s->audio_mark = 0;
    if (f && fseek(f, 0, SEEK_END) == 0) s->audio_mark = ftell(f) & ~1L;
    if (f) fclose(f);
}

/* The staff screen's control, where it is now; NULL when it is not there. */
/* The target of kind (and index, unless any) on a view, or NULL. */
static const layout_target *target_on(const layout_view *v, target_kind kind, int index, bool any) {
    for (int i = 0; v && i < v->target_count; i++)
        if (v->targets[i].kind == kind && (any || v->targets[i].index == index)) return &v->targets[i];
    return NULL;
}

/* A finger taps the middle of a target. */
static void tap_target(scenario *s, const layout_target *t) {
    float fx = (t->x + t->w / 2.0f) / s->sh.logical_w;
    float fy = (t->y + t->h / 2.0f) / s->sh.logical_h;
    touch_push(SDL_FINGERDOWN, 1, 5, fx, fy);
    step_for(s, 80);
    touch_push(SDL_FINGERUP, 1, 5, fx, fy);
    step_for(s, 16);
}

/* A finger taps the target of kind (and index, unless any) on the view
 * shown; the scenario fails with missing when there is none. */
static void tap_view_target(scenario *s, target_kind kind, int index, bool any,
                            const char *missing) {
    const state *st = &s->sh.app.st;
    const layout_target *t =
        target_on(app_view(&s->sh.app, st->page, st->mode == STATE_DETAIL), kind, index, any);
    if (!t) fail(s, missing);
    else tap_target(s, t);
}

static const layout_target *staff_control(scenario *s, int control) {
    const layout_view *v = app_staff_view(&s->sh.app, NULL);
    const layout_target *t = NULL;
    for (int i = 0; v && i < v->target_count; i++)
        if (v->targets[i].kind == LAYOUT_TARGET_STAFF && v->targets[i].index == control) t = &v->targets[i];
    return t;
}

/* The staff screen's words on screen contain text (lines joined by a space). */
static bool staff_shows(scenario *s, const char *text) {
    const layout_view *v = app_staff_view(&s->sh.app, NULL);
    static char words[1 << 14];
    size_t n = 0;
    words[0] = '\0';
    for (int i = 0; v && i < v->item_count; i++) {
        if (v->items[i].kind != LAYOUT_ITEM_TEXT || !v->items[i].text) continue;
        int w = snprintf(words + n, sizeof words - n, "%s%s", n ? " " : "", v->items[i].text);
        if (w < 0 || (size_t)w >= sizeof words - n) break;
        n += (size_t)w;
    }
    return strstr(words, text) != NULL;
}

/* The frame on screen, as an ARGB8888 surface. */
static SDL_Surface *screen_surface(scenario *s) {
    s->sh.redraw = true;
    step_for(s, 0);
    settle(s);
    SDL_Surface *out = SDL_CreateRGBSurfaceWithFormat(0, s->sh.win_w, s->sh.win_h, 32,
                                                      SDL_PIXELFORMAT_ARGB8888);
    if (out && SDL_RenderReadPixels(s->sh.renderer, NULL, SDL_PIXELFORMAT_ARGB8888, out->pixels,
                                    out->pitch) != 0) {
        SDL_FreeSurface(out);
        return NULL;
    }
    return out;
}

/* FNV-1a over bytes. */
static uint64_t fnv(uint64_t h, const void *p, size_t n) {
    for (size_t i = 0; i < n; i++) h = (h ^ ((const unsigned char *)p)[i]) * 1099511628211ULL;
    return h;
}

/* A folder's digest: every name (in order), a link's target (never
 * followed), a file's bytes, a folder's own digest. */
static uint64_t tree_digest(const char *path, uint64_t h) {
    struct stat st;
    if (lstat(path, &st) != 0) return fnv(h, "-", 1);
    if (S_ISLNK(st.st_mode)) {
        char target[512];
        ssize_t n = readlink(path, target, sizeof target);
        return fnv(fnv(h, "L", 1), target, n > 0 ? (size_t)n : 0);
    }
    if (S_ISDIR(st.st_mode)) {
        struct dirent **list;
        int n = scandir(path, &list, NULL, alphasort);
        h = fnv(h, "D", 1);
        for (int i = 0; i < n; i++) {
            const char *name = list[i]->d_name;
            if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0) {
                char sub[1024];
                snprintf(sub, sizeof sub, "%s/%s", path, name);
                h = tree_digest(sub, fnv(h, name, strlen(name) + 1));
            }
            free(list[i]);
        }
        if (n >= 0) free(list);
        return h;
    }
    FILE *f = fopen(path, "rb");
    char buf[8192];
    size_t n;
    h = fnv(h, "F", 1);
    while (f && (n = fread(buf, 1, sizeof buf, f)) > 0) h = fnv(h, buf, n);
    if (f) fclose(f);
    return h;
}

enum { DATA_CONTENT, DATA_INSTALLED, DATA_COUNTS };

static uint64_t data_digest(scenario *s, int which) {
    char path[512], current[PATH_MAX];
    uint64_t h = 14695981039346656037ULL;
    if (which == DATA_CONTENT) {
        snprintf(path, sizeof path, "%s/content", s->data_dir);
        return tree_digest(path, h);
    }
    if (which == DATA_INSTALLED) {
        snprintf(path, sizeof path, "%s/content/current", s->data_dir);
        h = tree_digest(path, h);                       /* the link */
        return realpath(path, current) ? tree_digest(current, h) : h;
    }
    if (!s->sh.store) return 0;
    snprintf(path, sizeof path, "%s", store_path(s->sh.store));
    h = tree_digest(path, h);
    snprintf(path, sizeof path, "%s-journal", store_path(s->sh.store));
    return tree_digest(path, h);
}

static int staging_count(scenario *s) {
    char path[512];
    snprintf(path, sizeof path, "%s/content", s->data_dir);
    DIR *d = opendir(path);
    struct dirent *e;
    int n = 0;
    while (d && (e = readdir(d))) n += strncmp(e->d_name, "staging-", 8) == 0;
    if (d) closedir(d);
    return n;
}

/* The longer side of the largest picture in the staging folders' images/
 * (-1: a picture cannot be read), and how many there are. */
static int staged_pictures_max(scenario *s, int *count) {
    char path[512];
    snprintf(path, sizeof path, "%s/content", s->data_dir);
    DIR *d = opendir(path);
    struct dirent *e;
    int most = 0;
    *count = 0;
    while (d && (e = readdir(d))) {
        if (strncmp(e->d_name, "staging-", 8) != 0) continue;
        char images[PATH_MAX];
        snprintf(images, sizeof images, "%s/%s/images", path, e->d_name);
        DIR *di = opendir(images);
        struct dirent *f;
        while (di && (f = readdir(di))) {
            if (f->d_name[0] == '.') continue;
            char file[PATH_MAX + 300], err[200];
            snprintf(file, sizeof file, "%s/%s", images, f->d_name);
            image_info info;
            if (imageinfo_read(file, &info, err, sizeof err) != 0) most = -1;
            else if (most >= 0 && (info.width > most || info.height > most))
                most = info.width > info.height ? info.width : info.height;
            (*count)++;
        }
        if (di) closedir(di);
    }
    if (d) closedir(d);
    return most;
}

static bool has_report(const char *dir) {
    DIR *d = opendir(dir);
    bool csv = false, png = false;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n > 4 && strcmp(e->d_name + n - 4, ".csv") == 0) csv = true;
        if (n > 4 && strcmp(e->d_name + n - 4, ".png") == 0) png = true;
    }
    if (d) closedir(d);
    return csv && png;
}

static void run_file(const char *path) {
    scenario s = {0};
    s.file = path;
    fake_now = 1000;
    config_defaults(&s.cfg, KIOSK_SOURCE_DIR "/content");
    char err[256];
    config_set(&s.cfg, "window", "800x480", err, sizeof err);
    config_set(&s.cfg, "renderer", "software", err, sizeof err);
    /* No speaker unless a scenario asks for one ("audio"): the machine's
     * own sound would otherwise decide what is on screen. */
    config_set(&s.cfg, "read_aloud", "off", err, sizeof err);
    unsetenv("SDL_AUDIODRIVER");
    theme_defaults(&s.t);
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    if (!f) return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        s.line++;
        char *hash = strchr(line, '#');
        if (hash) *hash = '\0';
        char cmd[32] = "", a[64] = "", b[64] = "", how[16] = "", file[128] = "";
        int fields;
        float x, y, x2, y2, ms;
        int id, n;
        if (sscanf(line, "%31s", cmd) != 1) continue;
        if (strcmp(cmd, "size") == 0 && sscanf(line, "%*s %63s", a) == 1) {
            config_set(&s.cfg, "window", a, err, sizeof err);
            continue;
        }
        if (strcmp(cmd, "rotation") == 0 && sscanf(line, "%*s %63s", a) == 1) {
            if (config_set(&s.cfg, "rotation", a, err, sizeof err) != 0) fail(&s, err);
            continue;
        }
        if (strcmp(cmd, "audio") == 0 && sscanf(line, "%*s %d", &n) == 1) {
            snprintf(s.audio_file, sizeof s.audio_file, "/tmp/kiosk-scn-audio-%d.raw", (int)getpid());
            setenv("SDL_AUDIODRIVER", "disk", 1);
            setenv("SDL_DISKAUDIOFILE", s.audio_file, 1);
            snprintf(a, sizeof a, "%d", n);
            setenv("SDL_DISKAUDIODELAY", a, 1);
            config_set(&s.cfg, "read_aloud", "on", err, sizeof err);
            continue;
        }
        if (strcmp(cmd, "no-audio") == 0) {
            setenv("SDL_AUDIODRIVER", "no-such-driver", 1);
            config_set(&s.cfg, "read_aloud", "on", err, sizeof err);
            continue;
        }
        if (strcmp(cmd, "counting") == 0) {
            snprintf(s.data_dir, sizeof s.data_dir, "/tmp/kiosk-scenario-XXXXXX");
            if (!mkdtemp(s.data_dir)) fail(&s, "cannot make a data folder");
            continue;
        }
        if (strcmp(cmd, "staff-pin") == 0 && sscanf(line, "%*s %63s", a) == 1) {
            if (!s.data_dir[0]) {
                snprintf(s.data_dir, sizeof s.data_dir, "/tmp/kiosk-scenario-XXXXXX");
                if (!mkdtemp(s.data_dir)) fail(&s, "cannot make a data folder");
            }
            if (pin_set(s.data_dir, a, err, sizeof err) != 0) fail(&s, err);
            continue;
        }
        if (strcmp(cmd, "hours") == 0 && sscanf(line, "%*s %63s %63s", a, b) == 2) {
            if (config_set(&s.cfg, a, b, err, sizeof err) != 0) fail(&s, err);
            continue;
        }
        if (strcmp(cmd, "set") == 0 && sscanf(line, "%*s %63s %63s", a, b) == 2) {
            if (config_set(&s.cfg, a, b, err, sizeof err) != 0) fail(&s, err);
            continue;
        }
        if (strcmp(cmd, "service") == 0) { /* as systemd runs it */
            s.opts_service = true;
            continue;
        }
        if (strcmp(cmd, "clock-synced") == 0) {
            s.clock_synced = true;
            continue;
        }
        if (strcmp(cmd, "wall-clock") == 0) {
            struct tm tm = {0};
            if (sscanf(line, "%*s %d-%d-%d %d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                       &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6) {
                fail(&s, "wall-clock YYYY-MM-DD HH:MM:SS");
                continue;
            }
            tm.tm_year -= 1900;
            tm.tm_mon -= 1;
            wall_start = timegm(&tm) - (time_t)(fake_now / 1000);
            continue;
        }
        if (strcmp(cmd, "media") == 0) {
            snprintf(s.media_dir, sizeof s.media_dir, "/tmp/kiosk-media-XXXXXX");
            snprintf(s.stick_src, sizeof s.stick_src, "/tmp/kiosk-sticks-XXXXXX");
            if (!mkdtemp(s.media_dir) || !mkdtemp(s.stick_src)) fail(&s, "cannot make a media folder");
            snprintf(s.cfg.media, sizeof s.cfg.media, "%s", s.media_dir);
            continue;
        }
        if (strcmp(cmd, "content") == 0 && sscanf(line, "%*s %63s", a) == 1) {
            snprintf(s.cfg.content, sizeof s.cfg.content, "%s/%s", KIOSK_SOURCE_DIR, a);
            continue;
        }
        if (ensure_open(&s) != 0) { check_failed++; break; }
        if (strcmp(cmd, "tap") == 0 && sscanf(line, "%*s %f %f", &x, &y) == 2) {
            touch_push(SDL_FINGERDOWN, 1, 1, x, y);
            step_for(&s, 80);
            touch_push(SDL_FINGERUP, 1, 1, x, y);
            step_for(&s, 16);
        } else if (strcmp(cmd, "swipe") == 0 &&
                   sscanf(line, "%*s %f %f %f %f %f", &x, &y, &x2, &y2, &ms) == 5) {
            touch_push(SDL_FINGERDOWN, 1, 2, x, y);
            step_for(&s, 16);
            int steps = (int)(ms / 16) > 1 ? (int)(ms / 16) : 1;
            for (int i = 1; i <= steps; i++) {
                touch_push(SDL_FINGERMOTION, 1, 2, x + (x2 - x) * i / steps, y + (y2 - y) * i / steps);
                step_for(&s, 16);
            }
            touch_push(SDL_FINGERUP, 1, 2, x2, y2);
            step_for(&s, 16);
        } else if ((strcmp(cmd, "down") == 0 || strcmp(cmd, "move") == 0 || strcmp(cmd, "up") == 0) &&
                   sscanf(line, "%*s %d %f %f", &id, &x, &y) == 3) {
            touch_push(cmd[0] == 'd' ? SDL_FINGERDOWN : cmd[0] == 'm' ? SDL_FINGERMOTION : SDL_FINGERUP,
                       1, id, x, y);
            step_for(&s, 16);
        } else if (strcmp(cmd, "click") == 0 && sscanf(line, "%*s %f %f", &x, &y) == 2) {
            int w, h;
            SDL_GetWindowSize(s.sh.window, &w, &h);
            SDL_Event e = {0};
            e.type = SDL_MOUSEBUTTONDOWN;
            e.button.button = SDL_BUTTON_LEFT;
            e.button.which = 0;
            e.button.x = (int)(x * w);
            e.button.y = (int)(y * h);
            SDL_PushEvent(&e);
            step_for(&s, 80);
            e.type = SDL_MOUSEBUTTONUP;
            SDL_PushEvent(&e);
            step_for(&s, 16);
        } else if (strcmp(cmd, "wheel") == 0 && sscanf(line, "%*s %d", &n) == 1) {
            SDL_Event e = {0};
            e.type = SDL_MOUSEWHEEL;
            e.wheel.y = n;
            SDL_PushEvent(&e);
            step_for(&s, 16);
        } else if (strcmp(cmd, "key") == 0 && sscanf(line, "%*s %63s", a) == 1) {
            SDL_Event e = {0};
            e.type = SDL_KEYDOWN;
            const char *name = a;
            if (strncasecmp(name, "ctrl+", 5) == 0) { e.key.keysym.mod = KMOD_LCTRL; name += 5; }
            e.key.keysym.sym = SDL_GetKeyFromName(name);
            if (e.key.keysym.sym == SDLK_UNKNOWN) fail(&s, "unknown key name");
            SDL_PushEvent(&e);
            step_for(&s, 16);
        } else if (strcmp(cmd, "wait") == 0 && sscanf(line, "%*s %f", &ms) == 1) {
            step_for(&s, (uint64_t)ms);
        } else if (strcmp(cmd, "stick") == 0 && s.media_dir[0] &&
                   (fields = sscanf(line, "%*s %63s %63s %15s %127s", a, b, how, file)) >= 2) {
            /* Made elsewhere, then moved in with one rename, as a mount appears. */
            char sh_cmd[800], changed[400];
            snprintf(sh_cmd, sizeof sh_cmd, "cp -r '%s/%s' '%s/%s'", KIOSK_SOURCE_DIR, b,
                     s.stick_src, a);
            snprintf(changed, sizeof changed, "%s/%s/kiosk-content/%s", s.stick_src, a, file);
            bool change = fields == 4 && strcmp(how, "changed") == 0;
            if (fields != 2 && !change) fail(&s, "stick NAME DIR [changed FILE]");
            else if (run_shell(sh_cmd) != 0) fail(&s, "cannot make the stick");
            else if (change && change_last_byte(changed) != 0) fail(&s, "cannot change the file");
            else if (snprintf(sh_cmd, sizeof sh_cmd, "mv '%s/%s' '%s/%s'", s.stick_src, a,
                              s.media_dir, a) < 0 || run_shell(sh_cmd) != 0)
                fail(&s, "cannot make the stick");
            else if (!pump_until(&s, stick_judged, 10000)) fail(&s, "the stick was not noticed");
            else check_passed++;
        } else if (strcmp(cmd, "unplug") == 0 && s.media_dir[0] && sscanf(line, "%*s %63s", a) == 1) {
            char sh_cmd[300];
            snprintf(sh_cmd, sizeof sh_cmd, "rm -rf '%s/%s'", s.media_dir, a);
            if (run_shell(sh_cmd) != 0) fail(&s, "cannot remove the stick");
            else if (!pump_until(&s, stick_gone, 10000)) fail(&s, "the stick's going was not noticed");
            else check_passed++;
        } else if (strcmp(cmd, "press") == 0 && sscanf(line, "%*s %63s", a) == 1) {
            const layout_target *t = staff_control(&s, control_named(a));
            if (!t) {
                fail(&s, "no such control on the staff screen now");
            } else {
                float fx = (t->x + t->w / 2.0f) / s.sh.logical_w;
                float fy = (t->y + t->h / 2.0f) / s.sh.logical_h;
                touch_push(SDL_FINGERDOWN, 1, 3, fx, fy);
                step_for(&s, 80);
                touch_push(SDL_FINGERUP, 1, 3, fx, fy);
                step_for(&s, 16);
                step_for(&s, 16);    /* "Checking..." drawn, then the PIN is checked */
            }
        } else if (strcmp(cmd, "language-button") == 0) {
            tap_view_target(&s, LAYOUT_TARGET_LANGUAGE, -1, false, "no language button on this view");
        } else if (strcmp(cmd, "speaker") == 0) {
            tap_view_target(&s, LAYOUT_TARGET_SPEAK, 0, true, "no speaker on this view");
        } else if (strcmp(cmd, "pump") == 0 && sscanf(line, "%*s %d", &n) == 1) {
            pump_until(&s, forever, n);
        } else if (strcmp(cmd, "wait-speech") == 0) {
            if (!pump_until(&s, reading_over, 60000)) fail(&s, "the reading did not end in 60 s");
        } else if (strcmp(cmd, "mark-audio") == 0) {
            mark_audio(&s);
        } else if (strcmp(cmd, "text-size-button") == 0) {
            tap_view_target(&s, LAYOUT_TARGET_TEXT_SIZE, 0, true, "no text size button on this view");
        } else if (strcmp(cmd, "volume-button") == 0) {
            if (!readaloud_active(&s.sh.app.speech)) fail(&s, "nothing is read: no loudness button");
            else tap_view_target(&s, LAYOUT_TARGET_TEXT_SIZE, 0, true, "no loudness button on this view");
        } else if (strcmp(cmd, "choose-language") == 0 && sscanf(line, "%*s %63s", a) == 1) {
            const content *c = s.sh.app.content;
            int k = 0;
            while (k < c->language_count && strcmp(c->languages[k], a) != 0) k++;
            const layout_target *t = s.sh.app.picker_open && s.sh.app.picker_built
                                         ? target_on(&s.sh.app.picker_view, LAYOUT_TARGET_LANGUAGE, k, false)
                                         : NULL;
            if (k == c->language_count) fail(&s, "the content offers no such language");
            else if (!t) fail(&s, "the language picker is not open");
            else tap_target(&s, t);
        } else if (strcmp(cmd, "long-press") == 0 && sscanf(line, "%*s %f %f", &x, &y) == 2) {
            touch_push(SDL_FINGERDOWN, 1, 4, x, y);
            step_for(&s, 5500);
            touch_push(SDL_FINGERUP, 1, 4, x, y);
            step_for(&s, 16);
        } else if (strcmp(cmd, "mark-data") == 0) {
            for (int k = 0; k < 3; k++) s.data_mark[k] = data_digest(&s, k);
            s.data_marked = s.data_dir[0] != '\0';
            if (!s.data_marked) fail(&s, "no data folder (staff-pin or counting first)");
            if (!s.sh.store) fail(&s, "the kiosk does not count: no counts.db to mark");
        } else if (strcmp(cmd, "wait-job") == 0) {
            if (!pump_until(&s, job_over, 60000)) fail(&s, "the job did not end");
            step_for(&s, 16);
        } else if (strcmp(cmd, "expect") == 0 && sscanf(line, "%*s %63s", a) == 1) {
            state *st = &s.sh.app.st;
            if (strcmp(a, "mode") == 0) {
                int page = -1;
                n = sscanf(line, "%*s %*s %63s page %d", b, &page);
                if (strcmp(b, mode_name(st->mode)) != 0) fail(&s, "wrong mode");
                else if (n == 2 && st->page != page) fail(&s, "wrong page");
                else check_passed++;
            } else if (strcmp(a, "running") == 0) {
                if (s.sh.quit) fail(&s, "the kiosk quit");
                else check_passed++;
            } else if (strcmp(a, "quit") == 0) {
                if (!s.sh.quit) fail(&s, "the kiosk is still running");
                else check_passed++;
            } else if (strcmp(a, "scrolled") == 0) {
                if (st->scroll > 0) check_passed++; else fail(&s, "not scrolled");
            } else if (strcmp(a, "top") == 0) {
                if (st->scroll == 0) check_passed++; else fail(&s, "not at the top");
            } else if (strcmp(a, "textures-below") == 0 && sscanf(line, "%*s %*s %d", &n) == 1) {
                if (s.sh.drawer.live_textures < n) check_passed++;
                else fail(&s, "too many live textures");
            } else if ((strcmp(a, "counted") == 0 || strcmp(a, "visits") == 0) && s.sh.store) {
                /* Save what is counted, then read it back as kiosk stats does. */
                if (strcmp(a, "counted") == 0) sscanf(line, "%*s %*s %63s", b);
                store_commit(s.sh.store, &s.sh.counts.batch);
                counts_batch r;
                counts_batch_init(&r);
                store_read(s.sh.store, NULL, NULL, &r);
                long long shown = 0, opened = 0, read = 0, visits = 0, h1 = 0, h2 = 0;
                for (int i = 0; i < r.page_count; i++)
                    if (strcmp(r.pages[i].page, b) == 0) {
                        shown += r.pages[i].shown;
                        opened += r.pages[i].opened;
                        read += r.pages[i].read_seconds;
                    }
                for (int i = 0; i < r.visit_count; i++) {
                    visits += r.visits[i].visits;
                    h1 += r.visits[i].opened[COUNTS_HIST_1];
                    h2 += r.visits[i].opened[COUNTS_HIST_2];
                }
                counts_batch_release(&r);
                char msg[200];
                const char *p;
                bool ok = true;
                if (strcmp(a, "counted") == 0) {
                    if ((p = strstr(line, " shown ")) && shown != atoll(p + 7)) ok = false;
                    if ((p = strstr(line, " opened ")) && opened != atoll(p + 8)) ok = false;
                    if ((p = strstr(line, " read-at-least ")) && read < atoll(p + 15)) ok = false;
                    snprintf(msg, sizeof msg, "counted %s: shown %lld opened %lld read %lld", b,
                             shown, opened, read);
                } else {
                    long long want = -1;
                    sscanf(line, "%*s %*s %lld", &want);
                    if (visits != want) ok = false;
                    if ((p = strstr(line, " opened1 ")) && h1 != atoll(p + 9)) ok = false;
                    if ((p = strstr(line, " opened2 ")) && h2 != atoll(p + 9)) ok = false;
                    snprintf(msg, sizeof msg, "visits %lld (1 page: %lld, 2 pages: %lld)", visits,
                             h1, h2);
                }
                if (ok) check_passed++;
                else fail(&s, msg);
            } else if (strcmp(a, "screen") == 0 && sscanf(line, "%*s %*s %63s", b) == 1) {
                bool want_on = strcmp(b, "on") == 0;
                if (s.sh.screen_on == want_on) check_passed++;
                else fail(&s, s.sh.screen_on ? "the screen is on" : "the screen is off");
            } else if (strcmp(a, "staff") == 0 && sscanf(line, "%*s %*s %63s", b) == 1) {
                const char *now_on = staff_screens[s.sh.app.staff.screen];
                char msg[1400];
                snprintf(msg, sizeof msg, "the staff screen is %s, not %s (%s%s)", now_on, b,
                         s.sh.app.staff.notice, s.sh.app.staff.result_text);
                if (strcmp(now_on, b) == 0) check_passed++;
                else fail(&s, msg);
            } else if ((strcmp(a, "says") == 0 || strcmp(a, "title") == 0) &&
                       (n = 0, sscanf(line, "%*s %*s %n", &n), n > 0)) {
                char *text = line + n;
                text[strcspn(text, "\r\n")] = '\0';
                const staff *sf = &s.sh.app.staff;
                bool ok;
                if (a[0] == 's') {
                    ok = strstr(sf->notice, text) || strstr(sf->result_text, text) ||
                         strstr(sf->result_title, text) || strstr(sf->stick.summary, text);
                    for (int k = 0; k < sf->stick.line_count && !ok; k++)
                        ok = strstr(sf->stick.lines[k], text) != NULL;
                    if (!ok) ok = staff_shows(&s, text);
                } else {
                    const content *c = s.sh.app.content;
                    const content_page *pg = app_has_pages(&s.sh.app) ? &c->pages[st->page] : NULL;
                    ok = pg && strcmp(pg->texts[content_text_index(pg, app_language(&s.sh.app))].title,
                                      text) == 0;
                }
                char msg[1800];
                snprintf(msg, sizeof msg, "does not say \"%s\" (notice \"%s\", result \"%s\")", text,
                         sf->notice, sf->result_text);
                if (ok) check_passed++;
                else fail(&s, msg);
            } else if ((strcmp(a, "control") == 0 || strcmp(a, "no-control") == 0) &&
                       sscanf(line, "%*s %*s %63s", b) == 1) {
                bool want = a[0] == 'c', there = staff_control(&s, control_named(b)) != NULL;
                char msg[160];
                snprintf(msg, sizeof msg, "the staff screen %s %s", there ? "offers" : "does not offer", b);
                if (there == want) check_passed++;
                else fail(&s, msg);
            } else if ((strcmp(a, "content") == 0 || strcmp(a, "installed") == 0 ||
                        strcmp(a, "counts") == 0) &&
                       sscanf(line, "%*s %*s %63s", b) == 1) {
                int k = a[0] == 'i' ? DATA_INSTALLED : a[1] == 'o' && a[2] == 'n' ? DATA_CONTENT
                                                                                    : DATA_COUNTS;
                bool same = data_digest(&s, k) == s.data_mark[k];
                bool want = strcmp(b, "same") == 0;
                char msg[120];
                snprintf(msg, sizeof msg, "the %s %s since mark-data", a,
                         same ? "did not change" : "changed");
                if (!s.data_marked) fail(&s, "no mark-data before");
                else if (same == want) check_passed++;
                else fail(&s, msg);
            } else if (strcmp(a, "staging") == 0 && sscanf(line, "%*s %*s %d", &id) == 1) {
                char msg[80];
                snprintf(msg, sizeof msg, "%d staging folders, not %d", staging_count(&s), id);
                if (staging_count(&s) == id) check_passed++;
                else fail(&s, msg);
            } else if (strcmp(a, "staged-pictures-within") == 0 &&
                       sscanf(line, "%*s %*s %d", &id) == 1) {
                int count, most = staged_pictures_max(&s, &count);
                char msg[120];
                snprintf(msg, sizeof msg, "%d staged pictures, the largest %d px on its longer side",
                         count, most);
                if (count > 0 && most > 0 && most <= id) check_passed++;
                else fail(&s, msg);
            } else if (strcmp(a, "stick-copy") == 0 &&
                       sscanf(line, "%*s %*s %63s %127s", b, file) == 2) {
                char copy[400], shown[PATH_MAX], want[IMPORT_FINGERPRINT_LEN], got[IMPORT_FINGERPRINT_LEN];
                snprintf(copy, sizeof copy, "%s/%s/%s", s.media_dir, b, file);
                if (!s.data_dir[0] || !import_current(s.data_dir, shown, sizeof shown))
                    snprintf(shown, sizeof shown, "%s", s.cfg.content);
                diag_list d;
                diag_list_init(&d);
                int rc = import_fingerprint(shown, want, &d) | import_fingerprint(copy, got, &d);
                diag_list_print(&d, stderr, "stick-copy: ");
                diag_list_release(&d);
                char sh_cmd[600];
                snprintf(sh_cmd, sizeof sh_cmd, "ls -d '%s/%s'/kiosk-content-UNFINISHED-* >/dev/null 2>&1",
                         s.media_dir, b);
                if (rc != 0) fail(&s, "cannot read the copy or the content on screen");
                else if (strcmp(want, got) != 0) fail(&s, "the copy is not the content on screen");
                else if (run_shell(sh_cmd) == 0) fail(&s, "an unfinished copy is left on the stick");
                else check_passed++;
            } else if ((strcmp(a, "stick-has") == 0 || strcmp(a, "stick-lacks") == 0) &&
                       sscanf(line, "%*s %*s %63s %127s", b, file) == 2) {
                char where[400];
                snprintf(where, sizeof where, "%s/%s/%s", s.media_dir, b, file);
                bool there = access(where, F_OK) == 0, want = a[6] == 'h';
                if (there == want) check_passed++;
                else fail(&s, there ? "it is on the stick" : "it is not on the stick");
            } else if (strcmp(a, "stick-kept") == 0 &&
                       sscanf(line, "%*s %*s %63s %127s", b, file) == 2) {
                char sh_cmd[900];
                snprintf(sh_cmd, sizeof sh_cmd,
                         "cd '%s/%s' && find . -type f | while read -r f; do "
                         "cmp -s \"$f\" '%s/%s/'\"$f\" || exit 1; done",
                         KIOSK_SOURCE_DIR, file, s.media_dir, b);
                if (run_shell(sh_cmd) == 0) check_passed++;
                else fail(&s, "a file the stick had was changed or removed");
            } else if (strcmp(a, "report") == 0) {
                char dir[400];
                bool found = false;
                DIR *d = opendir(s.media_dir);
                struct dirent *e;
                while (d && (e = readdir(d))) {
                    if (e->d_name[0] == '.') continue;
                    snprintf(dir, sizeof dir, "%s/%s/kiosk-reports", s.media_dir, e->d_name);
                    if (has_report(dir)) found = true;
                }
                if (d) closedir(d);
                if (found) check_passed++;
                else fail(&s, "no report on the stick");
            } else if (strcmp(a, "pages") == 0 && sscanf(line, "%*s %*s %d", &n) == 1) {
                const state *st_now = &s.sh.app.st;
                const layout_view *v = app_view(&s.sh.app, st_now->page, st_now->mode == STATE_DETAIL);
                char msg[160];
                snprintf(msg, sizeof msg, "visitors see %d pages, not %d%s", st_now->page_count, n,
                         n == 0 && v != &s.sh.app.back_soon ? " (and not \"Back soon\")" : "");
                if (st_now->page_count == n && app_has_pages(&s.sh.app) == (n > 0) &&
                    (n > 0 || v == &s.sh.app.back_soon))
                    check_passed++;
                else
                    fail(&s, msg);
            } else if (strcmp(a, "golden") == 0 && sscanf(line, "%*s %*s %63s", b) == 1) {
                SDL_Surface *frame = screen_surface(&s);
                if (!frame) fail(&s, "cannot read the screen");
                else if (golden_compare(frame, b, golden_update_asked()) != 0) fail(&s, "does not match its golden image");
                else check_passed++;
                SDL_FreeSurface(frame);
            } else if (strcmp(a, "logged") == 0 &&
                       (n = 0, sscanf(line, "%*s %*s %d %n", &id, &n), n > 0)) {
                char *text = line + n;
                text[strcspn(text, "\r\n")] = '\0';
                while (*text && text[strlen(text) - 1] == ' ') text[strlen(text) - 1] = '\0';
                char msg[300];
                snprintf(msg, sizeof msg, "%d log lines contain \"%.100s\", not %d",
                         logged_lines(text), text, id);
                if (logged_lines(text) == id) check_passed++;
                else fail(&s, msg);
            } else if (strcmp(a, "language") == 0 && sscanf(line, "%*s %*s %63s", b) == 1) {
                char msg[120];
                snprintf(msg, sizeof msg, "the language is %s, not %s", app_language(&s.sh.app), b);
                if (strcmp(app_language(&s.sh.app), b) == 0) check_passed++;
                else fail(&s, msg);
            } else if (strcmp(a, "text") == 0 && sscanf(line, "%*s %*s %63s", b) == 1) {
                bool want = strcmp(b, "large") == 0;
                const layout_view *v = app_view(&s.sh.app, st->page, st->mode == STATE_DETAIL);
                /* Body text at the size asked (a page view may have shrunk its own). */
                int body = want ? s.sh.app.large_metrics.body_px : s.sh.app.metrics.body_px;
                if (v) body = (int)lround(body * v->text_scale);
                int at_body = 0, text = 0;
                for (int i = 0; v && i < v->item_count; i++) {
                    if (v->items[i].kind != LAYOUT_ITEM_TEXT) continue;
                    text++;
                    at_body += v->items[i].size == body;
                }
                char msg[160];
                snprintf(msg, sizeof msg, "large text is %s, the view %s, %d of %d text runs at %d px",
                         s.sh.app.large_text ? "on" : "off", v && v->large_text ? "large" : "normal",
                         at_body, text, body);
                if (s.sh.app.large_text == want && v && v->large_text == want && at_body > 0)
                    check_passed++;
                else fail(&s, msg);
            } else if (strcmp(a, "picker") == 0 && sscanf(line, "%*s %*s %63s", b) == 1) {
                bool want = strcmp(b, "open") == 0;
                if (s.sh.app.picker_open == want) check_passed++;
                else fail(&s, want ? "the language picker is closed" : "the language picker is open");
            } else if (strcmp(a, "prompt") == 0 && sscanf(line, "%*s %*s %63s", b) == 1) {
                bool want = strcmp(b, "shown") == 0;
                bool shown = app_prompting(&s.sh.app, fake_now) && s.sh.app.prompt_shown;
                if (shown == want) check_passed++;
                else fail(&s, want ? "no \"Still reading?\" prompt" : "the \"Still reading?\" prompt shows");
            } else if (strcmp(a, "drawn") == 0 && sscanf(line, "%*s %*s %63s", b) == 1 &&
                       strcmp(b, "any") == 0) {
                settle(&s);   /* a picture still coming would draw a frame later */
                s.frames_mark = s.sh.frames;
                check_passed++;
            } else if (strcmp(a, "drawn") == 0 && sscanf(line, "%*s %*s %d", &id) == 1) {
                int drawn = s.sh.frames - s.frames_mark;
                s.frames_mark = s.sh.frames;
                char msg[100];
                snprintf(msg, sizeof msg, "%d frames drawn, not %d", drawn, id);
                if (drawn == id) check_passed++;
                else fail(&s, msg);
            } else if (strcmp(a, "reading") == 0 && sscanf(line, "%*s %*s %63s", b) == 1) {
                static const char *const names[] = {"idle", "speaking", "paused"};
                if (strcmp(names[app_speech(&s.sh.app, NULL)], b) != 0) fail(&s, "reading is not so");
                else check_passed++;
            } else if (strcmp(a, "speaker") == 0 && sscanf(line, "%*s %*s %63s", b) == 1) {
                const layout_view *v = app_view(&s.sh.app, st->page, st->mode == STATE_DETAIL);
                bool has = target_on(v, LAYOUT_TARGET_SPEAK, 0, true) != NULL;
                if (has != (strcmp(b, "yes") == 0)) fail(&s, has ? "a speaker is shown" : "no speaker is shown");
                else check_passed++;
            } else if (strcmp(a, "speech") == 0 && sscanf(line, "%*s %*s %f %f", &x, &y) == 2) {
                heard h = listen(&s, 0);
                double span = h.first < 0 ? 0 : h.last - h.first;
                printf("%s:%d: heard %.2f s of speech (voiced %.2f s) in %.2f s of sound\n", s.file,
                       s.line, span, h.voiced, h.samples / 22050.0);
                if (span < x || span > y) fail(&s, "the speech is not of that length");
                else if (h.voiced < span / 3) fail(&s, "that is mostly silence, not speech");
                else check_passed++;
            } else if (strcmp(a, "loudness-button") == 0 && sscanf(line, "%*s %*s %d", &id) == 1) {
                /* What the frame on screen shows: drawn again since the tap. */
                const layout_view *o = app_overlay_view(&s.sh.app, fake_now, NULL);
                int icon = -1;
                for (int i = 0; o && i < o->item_count; i++)
                    if (o->items[i].kind == LAYOUT_ITEM_ICON &&
                        o->items[i].icon >= LAYOUT_ICON_VOLUME_1 && o->items[i].icon <= LAYOUT_ICON_VOLUME_3)
                        icon = (int)o->items[i].icon - LAYOUT_ICON_VOLUME_1 + 1;
                if (icon != id) fail(&s, "the loudness button shows another loudness");
                else if (s.sh.redraw || s.sh.frames == s.frames_mark)
                    fail(&s, "no frame drawn since \"expect drawn\": the button on screen is old");
                else check_passed++;
            } else if (strcmp(a, "peak") == 0 && sscanf(line, "%*s %*s %f %f", &x, &y) == 2) {
                /* After SPEECH_AHEAD_MS and a recording's 100 ms chunk (and
                 * 100 ms more): what was made before a change of loudness
                 * has been heard. */
                int rate = s.sh.speech ? speech_rate(s.sh.speech) : 22050;
                int skip_ms = SPEECH_AHEAD_MS + 200;
                heard h = listen(&s, (long)rate * skip_ms / 1000);
                printf("%s:%d: the loudest sample %d ms after the mark: %d (%.2f s heard)\n",
                       s.file, s.line, skip_ms, h.peak, h.samples / (double)rate);
                if (h.peak < x || h.peak > y) fail(&s, "the sound is not that loud");
                else check_passed++;
            } else if (strcmp(a, "silence") == 0) {
                heard h = listen(&s, 2205);
                if (h.first >= 0) {
                    printf("%s:%d: voiced from %.2f s to %.2f s after the mark\n", s.file, s.line,
                           h.first + 0.1, h.last + 0.1);
                    fail(&s, "speech was heard after the mark");
                } else {
                    check_passed++;
                }
            } else if (strcmp(a, "voice") == 0 && sscanf(line, "%*s %*s %63s", b) == 1) {
                char voice[64] = "";
                if (s.sh.speech) speech_voice(s.sh.speech, voice, sizeof voice);
                if (strstr(voice, b) == NULL) {
                    printf("%s:%d: the voice was \"%s\"\n", s.file, s.line, voice);
                    fail(&s, "another voice");
                } else {
                    check_passed++;
                }
            } else if (strcmp(a, "still") == 0) {
                if (app_moving(&s.sh.app)) fail(&s, "something moves");
                else check_passed++;
            } else if (strcmp(a, "idle") == 0) {
                /* Nothing moves: the loop sleeps and draws nothing. */
                int before = s.sh.frames;
                step_for(&s, 2000);
                if (state_moving(st) || s.sh.frames != before) fail(&s, "drew while idle");
                else check_passed++;
            } else {
                fail(&s, "unknown expectation");
            }
        } else {
            fail(&s, "cannot read this line");
        }
        const char *bad = state_check(&s.sh.app.st);
        if (bad) fail(&s, bad);
    }
    fclose(f);
    if (s.open) shell_close(&s.sh);
    content_release(&s.c);
    if (s.audio_file[0]) remove(s.audio_file);
    const char *made[] = {s.data_dir, s.media_dir, s.stick_src};
    for (int i = 0; i < 3; i++) {
        if (!made[i][0]) continue;
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", made[i]);
        if (system(cmd) != 0) fail(&s, "cannot remove a temporary folder");
    }
}

int main(int argc, char **argv) {
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    setenv("TZ", "UTC", 1);
    SDL_LogGetOutputFunction(&default_log, &default_log_ctx);
    SDL_LogSetOutputFunction(capture_log, NULL);
    for (int i = 1; i < argc; i++) {
        log_lines[0] = '\0';
        run_file(argv[i]);
    }
    return check_summary();
}
