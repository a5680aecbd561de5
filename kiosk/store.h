/* store.h - the page-view counts on disk: SQLite in the data folder, WAL,
 * synchronous=NORMAL (a power cut may lose the last commit, never the
 * file), a schema version with migrations from the first one.
 *
 * A database that is corrupt or unreadable at start-up is renamed aside
 * (counts.db.broken-2026-11-23) and a fresh one started. If the disk is
 * full or the file cannot be written, the counts stay in memory and the
 * next commit tries again. The kiosk keeps running either way; every such
 * event is logged through the log callback. Pure C + SQLite, no SDL. */
#ifndef KIOSK_STORE_H
#define KIOSK_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "counts.h"

#define STORE_FILE "counts.db"
#define STORE_COMMIT_MS 5000   /* the kiosk commits this often */

typedef void (*store_log)(void *ctx, const char *message);

typedef struct store store;

/* Opens (or creates) data_dir/counts.db. Never fails for a bad database:
 * it is moved aside. Returns NULL only when out of memory; check
 * store_ok() to know whether it writes to disk. */
store *store_open(const char *data_dir, store_log log, void *log_ctx);
void store_close(store *s);
bool store_ok(const store *s);
const char *store_path(const store *s);

/* Writes the batch in one transaction. On success the batch is cleared;
 * on failure (disk full, read-only) it is kept for the next try and -1 is
 * returned. */
int store_commit(store *s, counts_batch *batch);

/* Reads the totals for days from..to (inclusive, "YYYY-MM-DD"; NULL for
 * open ends) into out, summed per day/page/lang and per day. */
int store_read(store *s, const char *from, const char *to, counts_batch *out);

#endif
