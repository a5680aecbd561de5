/* stats_cmd.h - `kiosk stats`: the page-view counts for clinic staff.
 *   kiosk stats [--from DAY] [--to DAY] [--csv]   a table (or the CSV) on stdout
 *   kiosk stats export DIR [--from DAY] [--to DAY] CSV and PNG report into DIR
 *   kiosk stats merge FILE.csv... [--out DIR]      several kiosks' exports summed
 * DAY is YYYY-MM-DD; without --from/--to, from the first to the last day
 * with counts. Shell side: reads the store (store.c), writes CSV with
 * stats_csv.c and the PNG with report.c. */
#ifndef KIOSK_STATS_CMD_H
#define KIOSK_STATS_CMD_H

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
int stats_export_files(const char *dir, const char *name, const counts_batch *b,
                       const stats_summary *s, const theme *t, char *csv, char *png,
                       size_t pathsize, char *err, size_t errsize);

/* argv holds what follows "stats". data_dir is the kiosk's data folder
 * (already resolved); kiosk_name names this kiosk in titles, CSV rows and
 * file names (may be "" or NULL). "--data DIR", "--config FILE" and
 * "--name NAME" in argv are skipped: main.c has used them for data_dir
 * and kiosk_name.
 * Returns the exit code: 0 done, 1 a problem while doing it (unreadable
 * counts, a bad file to merge, a file that cannot be written), 2 a
 * command line that is wrong (the usage is printed). */
int command_stats(int argc, char **argv, const char *data_dir, const char *kiosk_name,
                  const theme *t, const char *assets_dir);

#endif
