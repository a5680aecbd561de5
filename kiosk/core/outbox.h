/* outbox.h - what the kiosk sends back through a sync engine (Syncthing,
 * rsync): a folder the kiosk writes and the engine carries to a hub.
 *
 *   OUTBOX/kiosk-stats-NAME-2026-12-03.csv   one file a day: that day's
 *       page views, published as `kiosk stats export` writes them
 *       (stats_csv.h: small numbers hidden). Today's is written again as
 *       the day goes on; its counts only grow, and `kiosk stats merge`
 *       counts each kiosk-day once, from its most complete file.
 *   OUTBOX/kiosk-status-NAME.txt             what the kiosk shows, the
 *       inbox's last verdict and install, uptime, the last error.
 *
 * Every file is written whole or not at all (files_write_atomic: a
 * temporary ".NAME.XXXXXX" renamed over it), and only when its bytes
 * change, so the engine sends nothing when nothing happened. Pure C
 * (stats_csv.h, files.h), no SDL, no clock: time is a parameter. */
#ifndef KIOSK_OUTBOX_H
#define KIOSK_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "counts.h"

#define OUTBOX_DAYS 14   /* days written back each time: a hub offline for two weeks
                            still gets every day once it is back (older days were sent) */
#define OUTBOX_TEXT_MAX 1200

/* Writes one CSV a day for every day in b (the caller passes the last
 * OUTBOX_DAYS days). *written (may be NULL) gets how many files changed.
 * Returns 0, or -1 with "PATH: reason" in err (the files before it were
 * written). */
int outbox_write_days(const char *outbox, const char *kiosk_name, const counts_batch *b,
                      int *written, char *err, size_t errsize);

/* The file name of kiosk_name's day: "kiosk-stats-Reception-2026-12-03.csv". */
void outbox_day_name(const char *kiosk_name, const char *day, char *out, size_t size);

typedef struct {
    const char *kiosk_name;
    time_t now;             /* the wall clock */
    time_t started;         /* when the kiosk started */
    const char *on_screen;  /* "the content signed on 2 Dec 2026 at 10:00 UTC, 12 pages" */
    const char *inbox;      /* the inbox's verdict: "waiting: ..." ("" when no inbox) */
    time_t inbox_at;        /* when it was looked at (0: never) */
    const char *install;    /* the last install from the inbox, and its result ("" none) */
    time_t install_at;
    const char *last_error; /* the last problem the kiosk had ("" none) */
    time_t error_at;
} outbox_status;

/* Writes OUTBOX/kiosk-status-NAME.txt: "key: value" lines in UTF-8,
 * times in UTC (ISO 8601). Returns 0 (also when nothing changed), or -1
 * with "PATH: reason" in err. */
int outbox_write_status(const char *outbox, const outbox_status *s, char *err, size_t errsize);

/* The status file's text, as written (for tests). The caller frees it. */
char *outbox_status_text(const outbox_status *s);

#endif
