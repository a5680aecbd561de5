/* shell_staff.h - the shell's side of the staff screen (staff.h): it
 * watches the media folder for a USB stick (usbwatch.c), judges the
 * stick's content on a worker thread (media.c), and does what the staff
 * screen asks: checks the PIN, installs (import.c, on the worker thread
 * with a progress bar), saves the visit report onto the stick, rolls
 * back, restarts. After an install or a roll back it loads the new
 * content and the pages start again from the first.
 *
 * The preview: the stick's content is copied, checked and its pictures
 * scaled into a copy that is not active (import_stage, on the worker
 * thread with a progress bar), loaded from there and shown under the
 * banner (host preview_content); Install makes exactly that copy active
 * (import_activate, the PIN and signed-content rules as for an install);
 * Cancel, or the staff screen closing, removes it (import_discard) and
 * the visitors' content is shown again (host end_preview). */
#ifndef KIOSK_SHELL_STAFF_H
#define KIOSK_SHELL_STAFF_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "content.h"
#include "counts.h"
#include "staff.h"
#include "theme.h"

typedef struct shell_staff shell_staff;

/* What the staff work needs from the kiosk around it (shell.c fills it
 * in): the clocks, showing content, the page-view counts, a redraw. It
 * never sees the window, the app or the store themselves. Every function
 * gets ctx. Called on the main thread only. */
typedef struct {
    void *ctx;
    uint64_t (*now)(void *ctx);        /* monotonic ms */
    time_t (*wall)(void *ctx);         /* the wall clock */
    /* Shows c from its first page, taking it over (the content shown
     * before is released); 0, or -1 when out of memory. */
    int (*show_content)(void *ctx, content *c);
    /* Shows c (the preview's copy) below the staff preview's banner, taking
     * it over; what families see is kept aside, untouched, for
     * end_preview (or replaced by show_content after an install). 0, or -1
     * when out of memory. */
    int (*preview_content)(void *ctx, content *c);
    void (*end_preview)(void *ctx);    /* the content kept aside again, as it was */
    int (*pages_shown)(void *ctx);     /* pages of what is on screen */
    /* Pages with dates: "2 pages wait for their date." or "" (showdates.h). */
    void (*pages_dated)(void *ctx, char *words, size_t size);
    /* Saves the page views counted so far. False when the kiosk cannot
     * count (no store, or it cannot be written): nothing was done. */
    bool (*commit_counts)(void *ctx);
    /* The saved page views from day `from` to day `to` ("2026-11-23";
     * NULL: no limit) into b; 0, or -1 when they cannot be read. */
    int (*counts_for_report)(void *ctx, const char *from, const char *to, counts_batch *b);
    void (*redraw)(void *ctx);         /* something on screen changed */
    void (*quit)(void *ctx);           /* end the loop (a restart follows) */
} shell_staff_host;

typedef struct {
    const char *data_dir;          /* NULL: no staff screen work (no PIN, no installs) */
    const char *media_dir;         /* watched for sticks; NULL or "": not watched */
    const char *trusted_keys;      /* signed content from these installs without the PIN */
    const char *own_content;       /* what the kiosk shows with nothing installed */
    const char *kiosk_name;        /* on reports */
    const theme *theme;            /* for the report's picture */
    int max_side;                  /* pictures are scaled to fit this on install */
} shell_staff_options;

/* Starts the watcher, for the staff screen `model` (staff.h: the work
 * only goes through its API) and the kiosk `host` (both must outlive the
 * result). Never fails the kiosk: a watcher that cannot start is logged,
 * and the corner still opens the staff menu; with no data folder the
 * staff screen only says there is nothing to check. NULL: out of memory. */
shell_staff *shell_staff_open(const shell_staff_options *o, staff *model,
                              const shell_staff_host *host);
void shell_staff_close(shell_staff *w);

/* An SDL event that belongs to the staff work (a stick, a task of the
 * worker thread): handled, returns true. */
bool shell_staff_event(shell_staff *w, const SDL_Event *e);
/* Does what the staff screen asked. Slow steps (the PIN check, writing
 * the report) are done after the next frame, so "Checking..." shows
 * first: call shell_staff_after_present() after each present. */
void shell_staff_actions(shell_staff *w);
void shell_staff_after_present(shell_staff *w);
/* Shows what is installed now from its first page, as after an install
 * from a stick: for content installed another way (the inbox,
 * shell_sync.h). Call it while the staff screen is closed. 0, or -1 when
 * out of memory (logged). */
int shell_staff_show_installed(shell_staff *w);
/* The staff screen asked for a restart (cli/kiosk_cmd.c restarts the program). */
bool shell_staff_restart(const shell_staff *w);

#endif
