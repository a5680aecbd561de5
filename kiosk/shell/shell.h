/* shell.h - the thin SDL layer: opens the window (fullscreen through
 * KMSDRM on the Pi, a window on a desktop), turns SDL's finger, mouse and
 * key events into the core's, sleeps in SDL_WaitEventTimeout while
 * nothing moves, and draws a frame only when something changed. */
#ifndef KIOSK_SHELL_H
#define KIOSK_SHELL_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "config.h"
#include "content.h"
#include "counts.h"
#include "display_power.h"
#include "drawer.h"
#include "fonts.h"
#include "notify.h"
#include "schedule.h"
#include "showdates.h"
#include "shell_staff.h"
#include "shell_sync.h"
#include "speech.h"
#include "store.h"
#include "theme.h"

typedef uint64_t (*shell_clock)(void *ctx);
typedef time_t (*shell_wall_clock)(void *ctx);

typedef struct {
    const config *config;
    const content *content;
    const theme *theme;
    const char *assets_dir;
    shell_clock clock;        /* NULL: SDL_GetTicks64 */
    shell_wall_clock wall;    /* NULL: time() */
    void *clock_ctx;
    const char *data_dir;     /* page-view counts go here; NULL: not counted */
    /* the staff screen (shell_staff.h); with data_dir NULL there is none */
    const char *own_content;  /* shown with nothing installed; NULL: config->content */
    const char *kiosk_name;   /* on visit reports */
    bool no_usb_watch;        /* tests: do not watch config->media */
    bool clock_trusted;       /* tests: the wall clock counts as synchronised */
    bool clock_untrusted;     /* tests: it never does (the system is not asked) */
    const char *backlight_dir;/* tests: a fake /sys/class/backlight; NULL: the real one */
    bool service;             /* run by systemd: Ctrl+Q does nothing (a USB keyboard
                                 must not end the kiosk; systemd stops it) */
} shell_options;

typedef struct shell {
    SDL_Window *window;
    SDL_Renderer *renderer;
    SDL_Texture *target;      /* rotation != 0: the logical picture */
    int rotation;
    int win_w, win_h;         /* output pixels */
    int logical_w, logical_h;
    uint32_t frame_ms;        /* one display refresh */
    uint64_t last_present;
    uint64_t shown_at;        /* the time the last frame depicts (ahead while moving) */
    const theme *theme;
    fonts fonts;
    drawer drawer;
    app app;
    shell_clock clock;
    shell_wall_clock wall;
    void *clock_ctx;
    counts counts;            /* page views not yet saved */
    store *store;             /* NULL when not counting */
    uint64_t last_commit;
    bool redraw;
    unsigned views_seen;     /* app.views_version the drawer's textures are of */
    bool quit;
    bool service;             /* shell_options.service */
    int frames;               /* frames presented, for tests and benchmarks */
    /* Opening hours (schedule.h): the screen off outside them. */
    schedule hours;
    uint32_t wake_ms;         /* a touch keeps the screen on this long */
    display_power power;
    notify notify;            /* systemd: READY=1, STATUS=, WATCHDOG=1 */
    bool screen_on;           /* false: switched off, nothing is presented */
    bool touched;             /* there was a touch; last_touch is its time */
    uint64_t last_touch;
    uint64_t screen_due;      /* ask the screen policy again at this time */
    bool clock_trusted;
    bool clock_untrusted;
    /* Pages with dates (showdates.h): the app shows `live`, the pages of
     * `all` live on `day` (all of them while the clock is not synchronised). */
    const content *all;       /* what is installed, every page, dated or not */
    content live[2];          /* views of all (showdates_select): the app's, and the
                                 next one, made while the app still shows the first */
    int live_shown;           /* the one the app shows, -1: it shows all itself */
    showdates_count dated;    /* all's pages on day */
    int32_t day;              /* the local day live was chosen for */
    int dates_trusted;        /* the clock was synchronised then: 1, not: 0, not asked: -1 */
    uint64_t dates_due;       /* look again (the next day, the clock's sync) at this time */
    int screen_why;           /* the reason last logged (schedule_screen_why), -1: none;
                                 a wake is logged as closed: its start would date a touch */
    int screen_now;           /* the policy's last answer (schedule_screen_why), -1: none */
    int wakes;                /* touches that woke the screen since it was last logged closed */
    shell_staff *staff;       /* the staff screen's work (through shell_staff_host) */
    shell_sync *sync;         /* the inbox and outbox (shell_sync.h); NULL: neither */
    char data_dir[4096];      /* shell_options.data_dir, or "" */
    bool sync_installed;      /* the inbox installed content: shown once the staff
                                 screen is closed */
    content *own;             /* content loaded after an install or roll back */
    content *preview;         /* the staff preview's copy under its banner; NULL: none */
    const content *visitors;  /* what families see, kept aside during a preview */
    char renderer_name[64];
    Uint32 picture_event;     /* a picture is ready (picture_queue.h); 0: none */
    uint64_t first_frame_by;  /* the first frame waits for its pictures until
                                 then at most */
    bool holding;             /* the first frame is waiting for its pictures */
    speech *speech;           /* read aloud; NULL: no audio (no speaker button) */
    unsigned speech_serial;   /* the reading the player has, and its state */
    readaloud_state speech_state;
    int speech_volume;        /* the loudness the player has, in percent */
    int volume_setting;       /* [audio] volume */
} shell;

/* The first frame waits this long at most for its pictures, looking every
 * SHELL_FIRST_FRAME_POLL_MS. */
#define SHELL_FIRST_FRAME_HOLD_MS 1500
#define SHELL_FIRST_FRAME_POLL_MS 20
/* While reading aloud, the loop looks this often whether it has ended. */
#define SHELL_SPEECH_POLL_MS 100

/* Opens the display. On failure returns -1 with one clear line in err. */
int shell_open(shell *sh, const shell_options *opts, char *err, size_t errsize);
void shell_close(shell *sh);

/* One turn of the loop: waits up to max_wait_ms for events (less when
 * something moves or a timer is due), handles them, draws if needed. */
void shell_step(shell *sh, uint32_t max_wait_ms);
/* Runs until the window is closed, SIGTERM, or Ctrl+Q (not as a service). */
void shell_run(shell *sh);

#endif
