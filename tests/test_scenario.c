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
 *   wheel N | key NAME         mouse wheel; Right Left Return Escape Down Up
 *   wait MS                    time passes (the loop runs every 16 ms)
 *   expect mode M [page P]     M: attract, browse or detail
 *   expect scrolled | expect top | expect textures-below N | expect idle
 *   counting                   count page views into a fresh data folder
 *   expect counted PAGE shown N opened N [read-at-least S]
 *   expect visits N [opened1 N] [opened2 N]   (saved, as kiosk stats reads them) */
#include <SDL.h>
#include <stdlib.h>

#include "check.h"
#include "config.h"
#include "content.h"
#include "shell.h"
#include "theme.h"

static uint64_t fake_now;
static uint64_t fake_clock(void *ctx) { (void)ctx; return fake_now; }
/* Wall time runs with the fake clock, from 09:00 on 2026-11-23 (UTC). */
static time_t fake_wall(void *ctx) { (void)ctx; return 1795392000 + 9 * 3600 + (time_t)(fake_now / 1000); }

typedef struct {
    shell sh;
    bool open;
    config cfg;
    content c;
    theme t;
    const char *file;
    int line;
    char data_dir[64];
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

static void push_finger(Uint32 type, int64_t id, float x, float y) {
    SDL_Event e = {0};
    e.type = type;
    e.tfinger.touchId = 1;
    e.tfinger.fingerId = id;
    e.tfinger.x = x;
    e.tfinger.y = y;
    e.tfinger.pressure = 1;
    e.tfinger.windowID = 0;
    SDL_PushEvent(&e);
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
                       .wall = fake_wall, .data_dir = s->data_dir[0] ? s->data_dir : NULL};
    if (shell_open(&s->sh, &o, err, sizeof err) != 0) {
        fprintf(stderr, "%s: %s\n", s->file, err);
        return -1;
    }
    s->open = true;
    step_for(s, 0);
    return 0;
}

static const char *mode_name(state_mode m) {
    return m == MODE_ATTRACT ? "attract" : m == MODE_BROWSE ? "browse" : "detail";
}

static void fail(scenario *s, const char *what) {
    fprintf(stderr, "%s:%d: %s (mode %s, page %d, scroll %.0f)\n", s->file, s->line, what,
            mode_name(s->sh.app.st.mode), s->sh.app.st.page, s->sh.app.st.scroll);
    check_failed++;
}

static void run_file(const char *path) {
    scenario s = {0};
    s.file = path;
    fake_now = 1000;
    config_defaults(&s.cfg, KIOSK_SOURCE_DIR "/content");
    char err[256];
    config_set(&s.cfg, "window", "800x480", err, sizeof err);
    config_set(&s.cfg, "renderer", "software", err, sizeof err);
    theme_defaults(&s.t);
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    if (!f) return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        s.line++;
        char *hash = strchr(line, '#');
        if (hash) *hash = '\0';
        char cmd[32] = "", a[64] = "", b[64] = "";
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
        if (strcmp(cmd, "counting") == 0) {
            snprintf(s.data_dir, sizeof s.data_dir, "/tmp/kiosk-scenario-XXXXXX");
            if (!mkdtemp(s.data_dir)) fail(&s, "cannot make a data folder");
            continue;
        }
        if (strcmp(cmd, "content") == 0 && sscanf(line, "%*s %63s", a) == 1) {
            snprintf(s.cfg.content, sizeof s.cfg.content, "%s/%s", KIOSK_SOURCE_DIR, a);
            continue;
        }
        if (ensure_open(&s) != 0) { check_failed++; break; }
        if (strcmp(cmd, "tap") == 0 && sscanf(line, "%*s %f %f", &x, &y) == 2) {
            push_finger(SDL_FINGERDOWN, 1, x, y);
            step_for(&s, 80);
            push_finger(SDL_FINGERUP, 1, x, y);
            step_for(&s, 16);
        } else if (strcmp(cmd, "swipe") == 0 &&
                   sscanf(line, "%*s %f %f %f %f %f", &x, &y, &x2, &y2, &ms) == 5) {
            push_finger(SDL_FINGERDOWN, 2, x, y);
            step_for(&s, 16);
            int steps = (int)(ms / 16) > 1 ? (int)(ms / 16) : 1;
            for (int i = 1; i <= steps; i++) {
                push_finger(SDL_FINGERMOTION, 2, x + (x2 - x) * i / steps, y + (y2 - y) * i / steps);
                step_for(&s, 16);
            }
            push_finger(SDL_FINGERUP, 2, x2, y2);
            step_for(&s, 16);
        } else if ((strcmp(cmd, "down") == 0 || strcmp(cmd, "move") == 0 || strcmp(cmd, "up") == 0) &&
                   sscanf(line, "%*s %d %f %f", &id, &x, &y) == 3) {
            push_finger(cmd[0] == 'd' ? SDL_FINGERDOWN : cmd[0] == 'm' ? SDL_FINGERMOTION : SDL_FINGERUP,
                        id, x, y);
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
            e.key.keysym.sym = SDL_GetKeyFromName(a);
            if (e.key.keysym.sym == SDLK_UNKNOWN) fail(&s, "unknown key name");
            SDL_PushEvent(&e);
            step_for(&s, 16);
        } else if (strcmp(cmd, "wait") == 0 && sscanf(line, "%*s %f", &ms) == 1) {
            step_for(&s, (uint64_t)ms);
        } else if (strcmp(cmd, "expect") == 0 && sscanf(line, "%*s %63s", a) == 1) {
            state *st = &s.sh.app.st;
            if (strcmp(a, "mode") == 0) {
                int page = -1;
                n = sscanf(line, "%*s %*s %63s page %d", b, &page);
                if (strcmp(b, mode_name(st->mode)) != 0) fail(&s, "wrong mode");
                else if (n == 2 && st->page != page) fail(&s, "wrong page");
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
                    h1 += r.visits[i].opened[HIST_1];
                    h2 += r.visits[i].opened[HIST_2];
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
    if (s.data_dir[0]) {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", s.data_dir);
        if (system(cmd) != 0) fail(&s, "cannot remove the data folder");
    }
}

int main(int argc, char **argv) {
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    setenv("TZ", "UTC", 1);
    for (int i = 1; i < argc; i++) run_file(argv[i]);
    return check_summary();
}
