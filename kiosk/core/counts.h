/* counts.h - the page-view counting rules, anonymous by design: per day,
 * per page and language, how often a page was shown (on screen for 2 s),
 * opened (tapped through to its detail), and for how long its detail was
 * read (each view capped at 10 minutes); per day, how many visits (first
 * touch after attract mode until attract mode returns) and how many pages
 * each visit opened (1, 2, 3-5, 6+). No time finer than the day, no log of
 * touches, no identifiers.
 *
 * Pure C, no SDL, no SQLite: time is a parameter. The kiosk feeds it what
 * is on screen (counts_observe); the totals wait in memory, in a batch
 * that the store (store.c) commits when counts_save_at() says. */
#ifndef KIOSK_COUNTS_H
#define KIOSK_COUNTS_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#define COUNTS_SHOWN_MS 2000                 /* on screen this long = shown */
#define COUNTS_READ_CAP_S (10 * 60)          /* one detail view counts at most this */
#define COUNTS_ID_MAX 128
#define COUNTS_LANG_MAX 12
#define COUNTS_DAY_LEN 11                    /* "2026-11-23" */
#define COUNTS_SAVE_MS (30 * 60 * 1000)      /* commit at most this often ... */
#define COUNTS_SAVE_MAX_MS (2 * 60 * 60 * 1000) /* ... and at least this often */

enum { COUNTS_HIST_1, COUNTS_HIST_2, COUNTS_HIST_3_5, COUNTS_HIST_6_PLUS, COUNTS_HIST_COUNT };

typedef struct {
    char day[COUNTS_DAY_LEN];
    char page[COUNTS_ID_MAX];
    char lang[COUNTS_LANG_MAX];
    int64_t shown, opened, read_seconds;
} counts_page_row;

typedef struct {
    char day[COUNTS_DAY_LEN];
    int64_t visits;
    int64_t opened[COUNTS_HIST_COUNT];              /* visits that opened 1, 2, 3-5, 6+ pages */
} counts_visit_row;

/* Rows, summed in place by key, with a hash index so that adding stays
 * fast for a year of a big kiosk's rows (and a merged CSV of a million). */
typedef struct {
    int32_t *slots;        /* row + 1; 0 = empty; at most half full */
    size_t mask;           /* slot count - 1, or 0 before the first row */
} counts_index;

typedef struct {
    counts_page_row *pages;
    int page_count, page_capacity;
    counts_visit_row *visits;
    int visit_count, visit_capacity;
    counts_index page_index, visit_index;
} counts_batch;

void counts_batch_init(counts_batch *b);
void counts_batch_release(counts_batch *b);
void counts_batch_clear(counts_batch *b);
bool counts_batch_empty(const counts_batch *b);
/* Adds every row of src into dst (after a failed commit). -1 on OOM. */
int counts_batch_merge(counts_batch *dst, const counts_batch *src);
/* Adds into dst only the rows of src whose day keep(day, ctx) accepts
 * (one day of a batch; or all days but some). -1 on OOM. */
int counts_batch_merge_if(counts_batch *dst, const counts_batch *src,
                          bool (*keep)(const char *day, void *ctx), void *ctx);
int counts_add_page(counts_batch *b, const char *day, const char *page, const char *lang,
                    int64_t shown, int64_t opened, int64_t read_seconds);
int counts_add_visit(counts_batch *b, const char *day, int64_t visits, const int64_t opened[COUNTS_HIST_COUNT]);

/* What is on screen, as the kiosk's state machine sees it. */
typedef struct {
    const char *page;      /* page id; NULL when no page is shown */
    const char *lang;
    bool detail;           /* the page's detail view is open */
    bool attract;          /* attract mode: nobody is using the kiosk */
} counts_screen;

/* The rules, applied to what was on screen over time. */
typedef struct {
    counts_batch batch;
    /* the page on screen */
    char page[COUNTS_ID_MAX], lang[COUNTS_LANG_MAX];
    bool has_page, shown_counted, detail, attract;
    uint64_t page_since_ms, detail_since_ms;
    /* the visit in progress */
    bool in_visit;
    int visit_opened;
    char visit_day[COUNTS_DAY_LEN];
    bool started;
} counts;

void counts_init(counts *c);
void counts_release(counts *c);

/* Tells the rules what is on screen now. now_ms is a monotonic clock;
 * wall is the wall-clock time, for the day (local time). Call it after
 * every event and tick; it is cheap when nothing changed. */
void counts_observe(counts *c, const counts_screen *screen, uint64_t now_ms, time_t wall);
/* Ends what is open (a detail being read, a visit) as at shutdown. */
void counts_finish(counts *c, uint64_t now_ms, time_t wall);

/* When the batch is next due to be committed (monotonic ms), given the
 * last commit; UINT64_MAX when there is nothing to commit. A commit waits
 * until no visit is in progress and COUNTS_SAVE_MS have passed, so that
 * one commit never holds part of a visit, and at quiet times holds all
 * the visits of half an hour, summed: on disk, commit after commit, there
 * is no order of pages within a visit and no time finer than that. Only
 * a visit still going on after COUNTS_SAVE_MAX_MS (a busy room where the
 * screen never rests) is cut, so that a power cut loses at most that. */
uint64_t counts_save_at(const counts *c, uint64_t last_save_ms);

/* How long the kiosk may sleep before the rules need counts_observe
 * again: until the page on screen has been there COUNTS_SHOWN_MS (and
 * counts as shown), or until the next save (counts_save_at, given the
 * last save); whichever is first. 0 when one is due now; UINT32_MAX when
 * nothing is coming. Beside state_wait_ms (state.h) and staff_wait_ms
 * (staff.h). */
uint32_t counts_wait_ms(const counts *c, uint64_t now_ms, uint64_t last_save_ms);

/* "2026-11-23" for wall, in local time. */
void counts_day(time_t wall, char out[COUNTS_DAY_LEN]);

#endif
