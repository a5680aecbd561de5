/* shell_sync.h - the kiosk's side of a sync engine (Syncthing, rsync): a
 * background thread that watches the inbox (inbox.h) and installs signed
 * content from it without the PIN, and writes the outbox (outbox.h): a
 * CSV a day and a status file. The engine itself is another program with
 * its own user; the kiosk only reads one folder and writes another, and
 * keeps no network at all.
 *
 * The thread waits in inotify (dirwatch.h). After a change it waits for
 * SYNC_QUIET_MS without one, then looks: a bundle that is whole, signed
 * by a trusted key and newer than what is installed goes in
 * (import_install, all or nothing, every byte checked against the
 * manifest as it is copied); anything else is left, with the reason in
 * the status file. It looks again every SYNC_RELOOK_MS in case an event
 * was missed. After an install it pushes one SDL event; the main thread
 * then shows the new content (shell.c).
 *
 * The main thread hands it the days to write (shell_sync_counts) after
 * each commit of the counts; the thread writes them, so the loop never
 * waits for the disk. SDL is used for the event and the log only. */
#ifndef KIOSK_SHELL_SYNC_H
#define KIOSK_SHELL_SYNC_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "counts.h"

#define SYNC_QUIET_MS 2000          /* a bundle is looked at after this long without a change */
#define SYNC_RELOOK_MS (5 * 60 * 1000)

typedef struct shell_sync shell_sync;

typedef struct {
    const char *inbox;          /* "" or NULL: no inbox */
    const char *outbox;         /* "" or NULL: no outbox */
    const char *data_dir;       /* where content is installed */
    const char *trusted_keys;
    const char *kiosk_name;
    int max_side;               /* pictures are scaled to fit this on install */
    time_t started;             /* the wall clock at start, for the status file */
    time_t (*wall)(void);       /* the wall clock (NULL: time) */
    int quiet_ms;               /* tests: quiet time before a look (0: SYNC_QUIET_MS) */
} shell_sync_options;

/* Starts the thread when there is an inbox or an outbox; NULL when there
 * is neither, or it cannot start (logged: the kiosk goes on without). */
shell_sync *shell_sync_open(const shell_sync_options *o);

/* True when e is the thread's "installed" event: the main thread shows
 * what is installed now. */
bool shell_sync_installed(const shell_sync *s, const SDL_Event *e);

/* The counts of the last OUTBOX_DAYS days (taken over: b is left empty)
 * and what is on screen, for the outbox. Returns at once. */
void shell_sync_counts(shell_sync *s, counts_batch *b, const char *on_screen);

/* The last problem, for the status file ("" clears it). */
void shell_sync_error(shell_sync *s, const char *text);

/* Writes what it was handed, stops the thread and frees s. NULL is fine. */
void shell_sync_close(shell_sync *s);

#endif
