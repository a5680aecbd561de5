/* showdates.h - pages with dates: a page's "show_from: 2026-12-10" and
 * "show_until: 2027-01-31" (both days included) make it come and go by
 * itself. Reads and writes the dates, says on which local day a moment
 * falls, and picks the pages live on a day, for the kiosk (the visitors
 * see only those), the staff menu and `kiosk check`.
 *
 * Pure C (libc only), no SDL, no clock reads: the moment is a parameter.
 * Days are local, as opening hours are (schedule.h): localtime_r(), so TZ
 * and the system's time zone apply. Whether the clock can be trusted is
 * asked elsewhere (clocksync.h); without a trusted clock the dates are
 * not applied and every page shows. */
#ifndef KIOSK_SHOWDATES_H
#define KIOSK_SHOWDATES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "content.h"
#include "diag.h"

#define SHOWDATES_TEXT_MAX 11 /* "2026-12-24" and its '\0' */

/* Reads "YYYY-MM-DD" (years 2000 to 9999) into a day number (days since
 * 1970-01-01). Returns 0, or -1 with what to write instead in why, e.g.
 * "2026-13-01 is not a date: write YYYY-MM-DD, e.g. 2026-12-24". */
int showdates_parse(const char *text, int32_t *day, char *why, size_t whysize);
/* Writes a day number as "YYYY-MM-DD". */
void showdates_format(int32_t day, char *out, size_t size);

/* The local day t falls on. */
int32_t showdates_today(time_t t);
/* The first moment after t that falls on the next local day (its
 * midnight, or the first moment after it where a clock change skips it). */
time_t showdates_next_day(time_t t);

typedef enum { SHOWDATES_LIVE, SHOWDATES_WAITING, SHOWDATES_ENDED } showdates_when;

/* Whether the page has show_from: or show_until:. */
bool showdates_dated(const content_page *p);
/* Whether the page is shown on day: after its show_from, before its
 * show_until (days included); a page without dates is always live. */
showdates_when showdates_on(const content_page *p, int32_t day);

typedef struct {
    int live, waiting, ended; /* pages on the day */
    int dated;                /* pages with dates (live, waiting or ended) */
} showdates_count;

/* Counts all's pages on day. */
showdates_count showdates_counted(const content *all, int32_t day);

/* Fills live with the pages of all that are live on day, in their order
 * (every page when !clock_trusted): a view of all that owns only its
 * list of pages (release it with showdates_release, never with
 * content_release); all must outlive it. The languages offered are all's
 * with a live page in them. Returns 0, or -1 when out of memory (live is
 * then empty). */
int showdates_select(const content *all, bool clock_trusted, int32_t day, content *live);
void showdates_release(content *live);

/* For the staff menu: "2 pages wait for their date." (and those that
 * have ended), or, with the clock not synchronised, that the dates are
 * not applied; "" when no page has dates. */
void showdates_staff_words(const showdates_count *n, bool clock_trusted, char *out, size_t size);

/* For `kiosk check`: a note on each dated page, against its file and the
 * line of its date, e.g. "shown from 2026-12-10 (waiting: 8 days)".
 * Returns the number of notes added. */
int showdates_notes(const content *c, int32_t day, diag_list *diags);

#endif
