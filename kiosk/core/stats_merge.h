/* stats_merge.h - which file's rows count for each kiosk-day when the
 * exports of many kiosks are merged (`kiosk stats merge` on a synced
 * outbox folder), so that no day is counted twice.
 *
 * Pure C (libc and counts.h): no SDL, no files, no clock; the caller
 * reads the files and gives each one's rows, kiosk name, time and path.
 *
 * The unit is (kiosk name, date). A file whose rows all carry one kiosk
 * name offers each of its dates for that kiosk. When several files offer
 * the same (kiosk, date), only one file's rows of that date are used: the
 * most complete, that is the largest sum of `shown` that day (a kiosk's
 * export of a day only grows during the day), then the newest file
 * (mtime), then the first path in byte order. A file with rows of
 * several kiosks or with no kiosk name (an earlier merge) is added whole. */
#ifndef KIOSK_STATS_MERGE_H
#define KIOSK_STATS_MERGE_H

#include <stdint.h>

#include "counts.h"

typedef struct {
    const counts_batch *rows;  /* the file's rows */
    const char *kiosk;         /* the one kiosk name of all its rows; NULL or "" otherwise */
    int64_t mtime_ns;          /* modification time, ns since 1970 */
    const char *path;          /* for ties, and for messages */
} stats_merge_file;

/* One copy of a kiosk-day left out. */
typedef struct {
    int file;                  /* the file whose rows of that day were left out */
    int kept;                  /* the file whose rows of that day count */
    char day[COUNTS_DAY_LEN];
    int64_t shown, kept_shown; /* the day's shown in each */
} stats_merge_drop;

typedef struct {
    long kiosk_days;           /* (kiosk, date) offered by more than one file */
    long dropped;              /* copies left out (drop_count) */
    stats_merge_drop *drops;   /* sorted by kiosk, date, then the files' order of preference */
    int drop_count;
} stats_merge_result;

/* Adds the rows of files[0..count) into out, each kiosk-day from one
 * file only (see above), and says in res what was left out (res->drops
 * is malloc'd: stats_merge_result_release). Returns 0, or -1 when out of
 * memory (out may then hold part of the rows). */
int stats_merge(const stats_merge_file *files, int count, counts_batch *out,
                stats_merge_result *res);
void stats_merge_result_release(stats_merge_result *res);

#endif
