/* store.h - the page-view counts on disk: SQLite in the data folder, a
 * rollback journal (journal_mode=DELETE) with synchronous=FULL (a power
 * cut may lose what was not yet committed, never the file), and
 * secure_delete=ON; a schema version with migrations from the first one.
 *
 * Nothing at rest keeps one commit after another: while the kiosk runs
 * and after a power cut the folder holds counts.db and, only during a
 * commit, its -journal (the totals as they were before that commit; it
 * is deleted, or rolled back at the next start). A WAL would keep every
 * commit since the last checkpoint, so a file from an older kiosk in WAL
 * mode is switched back and rewritten once (VACUUM) at open. Old row
 * versions freed inside the file are zeroed (secure_delete). How often
 * the kiosk commits, and what one commit may hold, is counts_save_at().
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

typedef void (*store_log)(void *ctx, const char *message);

typedef struct store store;

/* Opens (or creates) data_dir/counts.db. Never fails for a bad database:
 * it is moved aside. Returns NULL only when out of memory; check
 * store_ok() to know whether it writes to disk. */
store *store_open(const char *data_dir, store_log log, void *log_ctx);
void store_close(store *s);
bool store_ok(const store *s);
const char *store_path(const store *s);
/* How the file is kept, asked of SQLite, for the log: e.g. "journal
 * delete, synchronous full, secure_delete on". "" when not open. */
void store_settings(store *s, char *out, size_t size);

/* Writes the batch in one transaction. On success the batch is cleared;
 * on failure (disk full, read-only) it is kept for the next try and -1 is
 * returned. */
int store_commit(store *s, counts_batch *batch);

/* Reads the totals for days from..to (inclusive, "YYYY-MM-DD"; NULL for
 * open ends) into out, summed per day/page/lang and per day. */
int store_read(store *s, const char *from, const char *to, counts_batch *out);

#endif
