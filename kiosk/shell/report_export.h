/* report_export.h - a period's counts as a pair of new files in a folder:
 * "kiosk-stats-NAME-FROM-to-TO.csv" and ".png", " (2)" and on when taken.
 * Used by the staff screen's "Save the report" and `kiosk stats export`.
 * Shell side (the PNG is drawn with SDL by report.c). */
#ifndef KIOSK_REPORT_EXPORT_H
#define KIOSK_REPORT_EXPORT_H

#include <stddef.h>

#include "counts.h"
#include "stats_csv.h"
#include "theme.h"

/* Writes the CSV and the PNG report of b for s's period into dir (made if
 * missing), named after the kiosk and the period, and flushes both and
 * the folder to the disk (a USB stick may be pulled at once). Nothing in
 * dir is replaced or followed: dir may not be a link, the files are new
 * (O_EXCL, through dir's fd), and when the names are taken the pair is
 * called "... (2).csv" and "... (2).png", and so on. Fills csv and png
 * with their paths. Returns 0, or -1 with a message in err. */
int report_export_files(const char *dir, const char *name, const counts_batch *b,
                        const stats_summary *s, const theme *t, char *csv, char *png,
                        size_t pathsize, char *err, size_t errsize);

#endif
