/* test_counts.c - the counting rules with synthetic time: shown after
 * 2 s, opened, read seconds capped at 10 minutes, visits and how many
 * pages each opened, days in local time. */
#include <stdlib.h>

#include "check.h"
#include "counts.h"

#define DAY1 1795392000 /* 2026-11-23 00:00:00 UTC */

static const counts_page_row *row(const counts_batch *b, const char *day, const char *page) {
    for (int i = 0; i < b->page_count; i++)
        if (strcmp(b->pages[i].day, day) == 0 && strcmp(b->pages[i].page, page) == 0)
            return &b->pages[i];
    return NULL;
}

static const counts_visit_row *visits(const counts_batch *b, const char *day) {
    for (int i = 0; i < b->visit_count; i++)
        if (strcmp(b->visits[i].day, day) == 0) return &b->visits[i];
    return NULL;
}

/* The screen for 'ms' milliseconds, observed every 100 ms. */
static void show(counts *c, uint64_t *now, const char *page, bool detail, bool attract, uint64_t ms) {
    counts_screen s = {page, "en", detail, attract};
    for (uint64_t end = *now + ms; *now < end; *now += 100)
        counts_observe(c, &s, *now, DAY1 + 9 * 3600 + (time_t)(*now / 1000));
    counts_observe(c, &s, *now, DAY1 + 9 * 3600 + (time_t)(*now / 1000));
}

static void test_shown(void) {
    counts c;
    counts_init(&c);
    uint64_t now = 0;
    show(&c, &now, "welcome", false, true, 12000);
    show(&c, &now, "touch", false, true, 1500);      /* a glimpse: not shown */
    show(&c, &now, "bonding", false, true, 12000);
    show(&c, &now, "welcome", false, true, 12000);   /* again: shown twice */
    counts_finish(&c, now, DAY1 + 9 * 3600);
    const counts_page_row *r = row(&c.batch, "2026-11-23", "welcome");
    CHECK(r && r->shown == 2 && r->opened == 0 && r->read_seconds == 0);
    CHECK(row(&c.batch, "2026-11-23", "touch") == NULL);
    r = row(&c.batch, "2026-11-23", "bonding");
    CHECK(r && r->shown == 1);
    CHECK_INT(c.batch.visit_count, 0);               /* nobody touched: no visit */
    counts_release(&c);
}

static void test_visit(void) {
    counts c;
    counts_init(&c);
    uint64_t now = 0;
    show(&c, &now, "welcome", false, true, 5000);
    /* A family taps: a visit starts; they read two pages. */
    show(&c, &now, "welcome", true, false, 30000);   /* detail for 30 s */
    show(&c, &now, "welcome", false, false, 3000);
    show(&c, &now, "touch", false, false, 4000);
    show(&c, &now, "touch", true, false, 45400);     /* 45.4 s rounds to 45 */
    show(&c, &now, "touch", false, false, 60000);    /* idle minute */
    show(&c, &now, "touch", false, true, 12000);     /* attract again: visit ends */
    const counts_page_row *w = row(&c.batch, "2026-11-23", "welcome");
    const counts_page_row *t = row(&c.batch, "2026-11-23", "touch");
    CHECK(w && w->shown == 1 && w->opened == 1 && w->read_seconds == 30);
    CHECK(t && t->shown == 1 && t->opened == 1 && t->read_seconds == 45);
    const counts_visit_row *v = visits(&c.batch, "2026-11-23");
    CHECK(v && v->visits == 1 && v->opened[COUNTS_HIST_2] == 1 && v->opened[COUNTS_HIST_1] == 0);
    /* A second visit that opens nothing, a third that opens seven. */
    show(&c, &now, "touch", false, false, 3000);
    show(&c, &now, "touch", false, true, 3000);
    for (int i = 0; i < 7; i++) {
        show(&c, &now, "touch", true, false, 1000);
        show(&c, &now, "touch", false, false, 1000);
    }
    counts_finish(&c, now, DAY1 + 10 * 3600);        /* shutdown ends the visit */
    v = visits(&c.batch, "2026-11-23");
    CHECK(v && v->visits == 3 && v->opened[COUNTS_HIST_6_PLUS] == 1 && v->opened[COUNTS_HIST_2] == 1);
    counts_release(&c);
}

static void test_read_cap(void) {
    counts c;
    counts_init(&c);
    uint64_t now = 0;
    show(&c, &now, "welcome", true, false, 3 * 3600 * 1000); /* a forgotten screen */
    show(&c, &now, "welcome", false, true, 1000);
    const counts_page_row *r = row(&c.batch, "2026-11-23", "welcome");
    CHECK(r && r->read_seconds == COUNTS_READ_CAP_S);
    counts_release(&c);
}

static void test_days_and_batches(void) {
    char day[COUNTS_DAY_LEN];
    counts_day(DAY1 + 86399, day);
    CHECK_STR(day, "2026-11-23");
    counts_day(DAY1 + 86400, day);
    CHECK_STR(day, "2026-11-24");
    counts_batch a, b;
    counts_batch_init(&a);
    counts_batch_init(&b);
    CHECK(counts_batch_empty(&a));
    counts_add_page(&a, "2026-11-23", "x", "en", 1, 2, 3);
    counts_add_page(&b, "2026-11-23", "x", "en", 10, 20, 30);
    counts_add_page(&b, "2026-11-23", "x", "pl", 1, 0, 0);
    int64_t h[COUNTS_HIST_COUNT] = {1, 0, 0, 0};
    counts_add_visit(&b, "2026-11-24", 2, h);
    CHECK_INT(counts_batch_merge(&a, &b), 0);
    CHECK_INT(a.page_count, 2);
    CHECK(a.pages[0].shown == 11 && a.pages[0].opened == 22 && a.pages[0].read_seconds == 33);
    CHECK(a.visit_count == 1 && a.visits[0].visits == 2 && a.visits[0].opened[COUNTS_HIST_1] == 1);
    char long_id[300];
    memset(long_id, 'x', sizeof long_id - 1);
    long_id[sizeof long_id - 1] = '\0';
    CHECK_INT(counts_add_page(&a, "2026-11-23", long_id, "en", 1, 0, 0), -1);
    counts_batch_clear(&a);
    CHECK(counts_batch_empty(&a));
    counts_batch_release(&a);
    counts_batch_release(&b);
}

static void test_midnight(void) {
    /* A page shown across midnight counts on the day it is counted. */
    counts c;
    counts_init(&c);
    counts_screen s = {"late", "en", false, true};
    counts_observe(&c, &s, 0, DAY1 + 86399);
    counts_observe(&c, &s, 3000, DAY1 + 86402);
    CHECK(row(&c.batch, "2026-11-24", "late") != NULL);
    counts_release(&c);
}

static void test_save_at(void) {
    /* A commit never holds part of a visit, and at most one every
     * COUNTS_SAVE_MS: the kiosk asks counts_save_at() when to commit. */
    counts c;
    counts_init(&c);
    uint64_t now = 0;
    CHECK(counts_save_at(&c, 0) == UINT64_MAX);                   /* nothing to save */
    show(&c, &now, "welcome", false, true, 3000);                  /* attract: shown */
    CHECK(counts_save_at(&c, 0) == COUNTS_SAVE_MS);
    show(&c, &now, "welcome", true, false, 20000);                 /* a visit reads it */
    CHECK(counts_save_at(&c, 0) == COUNTS_SAVE_MAX_MS);            /* waits for its end */
    show(&c, &now, "welcome", false, true, 1000);                  /* the visit ended */
    CHECK(counts_save_at(&c, 1000) == 1000 + COUNTS_SAVE_MS);
    CHECK(COUNTS_SAVE_MS >= 15 * 60 * 1000);                       /* not every few seconds */
    counts_batch_clear(&c.batch);
    CHECK(counts_save_at(&c, 0) == UINT64_MAX);
    counts_release(&c);
}

static void observe(counts *c, const char *page, uint64_t now) {
    counts_screen s = {page, "en", false, true};
    counts_observe(c, &s, now, DAY1 + 9 * 3600 + (time_t)(now / 1000));
}

static void test_wait_ms(void) {
    /* The loop sleeps until counts need it: the 2 s mark of the page on
     * screen, or the next save; never past either. */
    counts c;
    counts_init(&c);
    CHECK(counts_wait_ms(&c, 0, 0) == UINT32_MAX);                 /* nothing at all */
    observe(&c, NULL, 1000);                                       /* no page on screen */
    CHECK(counts_wait_ms(&c, 1500, 0) == UINT32_MAX);
    observe(&c, "welcome", 10000);                                 /* on screen since 10 s */
    CHECK_INT((int)counts_wait_ms(&c, 10500, 0), COUNTS_SHOWN_MS - 500);
    CHECK_INT((int)counts_wait_ms(&c, 12000, 0), 0);               /* the mark is now */
    CHECK_INT((int)counts_wait_ms(&c, 13000, 0), 0);               /* ... and past: at once */
    observe(&c, "welcome", 12000);                                 /* counted as shown */
    CHECK(c.shown_counted);
    CHECK_INT((int)counts_wait_ms(&c, 12000, 0), COUNTS_SAVE_MS - 12000); /* the save next */
    CHECK_INT((int)counts_wait_ms(&c, COUNTS_SAVE_MS, 0), 0);      /* the save is due */
    CHECK_INT((int)counts_wait_ms(&c, COUNTS_SAVE_MS + 5000, 0), 0);
    /* A new page 0.5 s ago, and a save due in 1 s: the page's mark first;
     * a save due sooner than the mark: the save first. */
    uint64_t now = 20000;
    observe(&c, "touch", now - 500);
    CHECK_INT((int)counts_wait_ms(&c, now, now + 2000 - COUNTS_SAVE_MS), COUNTS_SHOWN_MS - 500);
    CHECK_INT((int)counts_wait_ms(&c, now, now + 1000 - COUNTS_SAVE_MS), 1000);
    /* Saved, and the page counted: nothing until something changes. */
    observe(&c, "touch", now + 1500);
    counts_batch_clear(&c.batch);
    CHECK(counts_wait_ms(&c, now + 1500, now + 1500) == UINT32_MAX);
    counts_release(&c);
}

int main(void) {
    setenv("TZ", "UTC", 1);
    tzset();
    test_shown();
    test_visit();
    test_read_cap();
    test_days_and_batches();
    test_midnight();
    test_save_at();
    test_wait_ms();
    return check_summary();
}
