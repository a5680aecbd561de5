/* dirwatch.h - waits for something to change in a folder tree, with
 * inotify: the inbox, where a sync engine writes. Linux only; no SDL, no
 * threads of its own (the caller's thread waits in dirwatch_wait).
 *
 * The folder and the folders below it (at most DIRWATCH_DEPTH deep and
 * DIRWATCH_MAX_FOLDERS in all) are watched for files written, moved,
 * made or removed. The watches are made again after every change, so a
 * folder that appears (a bundle synced in) is watched too. A folder that
 * does not exist yet is waited for through its parent. */
#ifndef KIOSK_DIRWATCH_H
#define KIOSK_DIRWATCH_H

#include <stddef.h>

#define DIRWATCH_DEPTH 6
#define DIRWATCH_MAX_FOLDERS 512

typedef struct dirwatch dirwatch;

/* Starts watching root. NULL with the reason in err when inotify cannot
 * be had (the caller then looks now and then instead). */
dirwatch *dirwatch_open(const char *root, char *err, size_t errsize);

/* Waits until something changes below root, or timeout_ms pass (-1:
 * forever), or wake_fd (>= 0) becomes readable (it is not read). Returns
 * 1 when something changed (every event waiting is read), 0 when it
 * timed out or wake_fd woke it, -1 with errno on an error. */
int dirwatch_wait(dirwatch *w, int timeout_ms, int wake_fd);

void dirwatch_close(dirwatch *w);

#endif
