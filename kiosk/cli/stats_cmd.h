/* stats_cmd.h - `kiosk stats`: the page-view counts for clinic staff.
 *   kiosk stats [--from DAY] [--to DAY] [--csv]   a table (or the CSV) on stdout
 *   kiosk stats export DIR [--from DAY] [--to DAY] CSV and PNG report into DIR
 *   kiosk stats merge PATH... [--out DIR]          several kiosks' exports summed
 *       (files, or folders walked; each kiosk-day once: stats_merge.c)
 * DAY is YYYY-MM-DD; without --from/--to, from the first to the last day
 * with counts. Shell side: reads the store (store.c), writes CSV with
 * stats_csv.c and the PNG with report.c. */
#ifndef KIOSK_STATS_CMD_H
#define KIOSK_STATS_CMD_H

#include <stddef.h>

#include "cli.h"
#include "counts.h"
#include "stats_csv.h"
#include "theme.h"

/* A handler of the command table (cli.h): argv holds what follows
 * "stats". o->data_dir is the kiosk's data folder; o->kiosk_name names
 * this kiosk in titles, CSV rows and file names (--name, the settings
 * file's name, else the computer's name).
 * Returns the exit code: 0 done, 1 a problem while doing it (unreadable
 * counts, a bad file to merge, a file that cannot be written), 2 a
 * command line that is wrong (the usage is printed). */
int command_stats(const cli_options *o, int argc, char **argv);

#endif
