/* stats_csv.h - the page-view counts as a CSV file that Excel opens as it
 * is (UTF-8 BOM, CRLF, commas, RFC 4180 quotes), read back for merging
 * the exports of several kiosks; and the sums people read (per page, per
 * day, in all), shared by `kiosk stats` and the PNG report.
 *
 * Pure C (libc and counts.h), no SDL, no SQLite. One file, two kinds of
 * rows in the same columns (STATS_CSV_HEADER):
 *   record,kiosk,date,page,language,shown,opened,read_seconds,
 *       visits,opened_1,opened_2,opened_3_5,opened_6_plus      (one line)
 *   page,Reception,2026-11-23,welcome,en,1235,<5,<5,,,,,
 *   visits,Reception,2026-11-23,,,,,,15,5,<5,<5,0
 *
 * Small numbers are not published, as in NHS statistics (the same rule
 * in the CSV, the table and the PNG; the store keeps the real counts):
 *   - a count from 1 to 4 is written "<5" (STATS_HIDDEN); 0 stays 0; a
 *     count of 5 or more is rounded to the nearest 5, so that no total
 *     minus the counts beside it gives back a hidden one exactly;
 *   - on a day with fewer than 5 visits, the day's opened and
 *     read_seconds cells and its visits-by-pages-opened cells are all
 *     "<5", zeros too (otherwise "<5" against 0 would show which pages
 *     that family opened); its shown cells follow the rule above;
 *   - read_seconds is "<5" unless at least 5 opened views add up to it,
 *     and is then rounded to the nearest minute.
 * The table and the PNG sum over a period and publish the sums by the
 * same rules, with the period in place of the day (a report of a period
 * with fewer than 5 visits hides all that was opened and read).
 * So "<5" means: hidden, fewer than 5 (of the count, or of the views or
 * visits behind it). Reading takes "<5" as 0 and counts the cells. */
#ifndef KIOSK_STATS_CSV_H
#define KIOSK_STATS_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "counts.h"
#include "diag.h"

#define STATS_CSV_HEADER                                                                      \
    "record,kiosk,date,page,language,shown,opened,read_seconds,visits,opened_1,opened_2,"     \
    "opened_3_5,opened_6_plus"
#define STATS_CSV_COLUMNS 13
#define STATS_CSV_MAX_BYTES (32L * 1024 * 1024)  /* a bigger file is refused unread */
#define STATS_CSV_MAX_ROWS 1000000L              /* rows after the header */
#define STATS_CSV_MAX_NUMBER 1000000000LL        /* one cell (1M rows of it cannot overflow) */
#define STATS_CSV_NAME_MAX 128                   /* kiosk name, with its NUL */
#define STATS_CSV_NAMES_MAX 8                    /* distinct kiosk names remembered per read */
#define STATS_CSV_MAX_PROBLEMS 30                /* per file; then reading stops */

#define STATS_HIDDEN "<5"      /* a published cell that is hidden */
#define STATS_SMALL 5           /* counts below this (and above 0) are hidden */

/* A count as it may be published: 0, STATS_PUBLIC_HIDDEN for 1..4, else
 * rounded to the nearest 5. */
#define STATS_PUBLIC_HIDDEN (-1)
int64_t stats_public_count(int64_t n);
/* Read seconds as they may be published, given the opened views they
 * come from: 0 for 0, hidden when fewer than 5 views, else rounded to
 * the nearest minute. */
int64_t stats_public_seconds(int64_t seconds, int64_t views);
/* Fewer than 5 visits (that day, or in a report's whole period): what
 * they opened, how long they read and how many pages they opened are
 * all hidden, zeros too. */
bool stats_few_visits(int64_t visits);
/* A published count for people: "<5", or "1,235". */
void stats_format_public(int64_t public_count, char *out, size_t size);

/* Writes b as CSV, published as above: the BOM, the header, then for each date its page rows
 * (sorted by page, then language) and its visits row. kiosk_name may be
 * NULL (an empty column). A text that Excel would take for a formula
 * (starting with = + - @) or that starts with ' is written after a ', which
 * stats_csv_read takes off again. Returns 0, or -1 when out of memory or
 * the stream reports a write error. */
int stats_csv_write(FILE *out, const char *kiosk_name, const counts_batch *b);

/* What a read found besides the counts. */
typedef struct {
    char names[STATS_CSV_NAMES_MAX][STATS_CSV_NAME_MAX]; /* distinct kiosk names, in file order */
    int name_count;
    bool more_names;                                     /* there were more than NAMES_MAX */
    char first_day[COUNTS_DAY_LEN], last_day[COUNTS_DAY_LEN]; /* "" when no rows */
    long rows;                                           /* data rows read */
    long hidden;                                         /* "<5" cells, read as 0 */
} stats_csv_info;

/* Reads CSV text as stats_csv_write writes it, and as Excel saves it
 * again: with or without the BOM, CRLF, LF or CR line ends, quoted or
 * unquoted fields, blank lines and empty rows. Every problem goes to
 * diags as file:line ("<5" is read as 0 and counted in info->hidden; wrong header, wrong column count, semicolons, bad
 * or negative number, bad date, id too long, not UTF-8, too many rows,
 * too big). Only a file without errors is used: its rows are summed into
 * out (per date/page/language and per date) and 0 is returned; a file
 * with problems leaves out as it was and returns -1 (so does running out
 * of memory, which may leave part of the file in out). info (may be NULL)
 * is filled either way. A header row repeated further down (two exports
 * pasted together) is skipped. Adding to a large out stays fast (rows
 * are found through a hash index, not counts_add_page's walk); out keeps
 * one row per key, in no particular order. */
int stats_csv_read(const char *file, const char *bytes, size_t len, counts_batch *out,
                   stats_csv_info *info, diag_list *diags);

/* Reads the file at path (refusing one over STATS_CSV_MAX_BYTES unread),
 * then as stats_csv_read, with path as the file name in messages. */
int stats_csv_read_file(const char *path, counts_batch *out, stats_csv_info *info,
                        diag_list *diags);
/* The same for a file already open (fd stays open, read from where it
 * is); path names it in messages. */
int stats_csv_read_fd(int fd, const char *path, counts_batch *out, stats_csv_info *info,
                      diag_list *diags);

/* The kiosk name as it may go in a file name on any stick or share:
 * letters, digits (UTF-8 kept), '-', '_' and '.'; anything else becomes
 * one '-'; at most STATS_NAME_IN_FILE_MAX bytes, never cut inside a
 * character, no '-' or '.' at the end. "" for NULL or nothing left. */
#define STATS_NAME_IN_FILE_MAX 60
void stats_name_for_files(const char *name, char *out, size_t size);

/* ---- Dates ---- */

/* Parses a real calendar date written "YYYY-MM-DD" (years 1900 to 9999)
 * into a day number (days since 1970-01-01). Returns true on success. */
bool stats_date_parse(const char *text, int32_t *day);
void stats_date_format(int32_t day, char out[COUNTS_DAY_LEN]);
/* "23 November 2026" (long) or "23 Nov" (short, without the year). */
void stats_date_words(int32_t day, bool long_form, char *out, size_t size);

/* ---- The sums people read ---- */

#define STATS_MAX_DAYS 3700   /* about 10 years: longer periods are refused */

typedef struct {
    char page[COUNTS_ID_MAX];
    int64_t shown, opened, read_seconds;   /* summed over days and languages */
} stats_page_total;

typedef struct {
    char lang[COUNTS_LANG_MAX];
    int64_t shown, opened;
} stats_lang_total;

typedef struct {
    char from[COUNTS_DAY_LEN], to[COUNTS_DAY_LEN]; /* the period, inclusive */
    int32_t first_day;                             /* day number of from */
    int day_count;                                 /* days from..to, 0 when no period */
    stats_page_total *pages;                       /* most shown first (then opened, then id) */
    int page_count;
    stats_lang_total *langs;                       /* most shown first */
    int lang_count;
    counts_visit_row *days;                        /* day_count rows, one per day, zeros kept */
    bool *day_has_data;                            /* day i has a page row or a visits row */
    int64_t shown, opened, read_seconds, visits, visit_opened[COUNTS_HIST_COUNT];
} stats_summary;

/* Sums b over the period from..to ("YYYY-MM-DD", inclusive). With NULL
 * for either end, that end is the first or last day that has counts
 * (and with no counts at all, today, given as today). Rows outside the
 * period are left out. Returns 0; or -1 with a message in err: a bad
 * date, from after to, a period over STATS_MAX_DAYS, or out of memory. */
int stats_summary_init(stats_summary *s, const counts_batch *b, const char *from, const char *to,
                       const char *today, char *err, size_t errsize);
void stats_summary_release(stats_summary *s);
bool stats_summary_empty(const stats_summary *s);  /* no page views and no visits */

/* "1,234,567" (negative numbers keep their sign). */
void stats_format_count(int64_t n, char *out, size_t size);
/* Read time as m:ss below an hour, else h:mm:ss ("4:05", "1:02:03"). */
void stats_format_duration(int64_t seconds, char *out, size_t size);

#endif
