/* test_stats_merge.c - stats_merge: each kiosk-day counted from one file
 * only (the most complete, then the newest, then the first path), other
 * kiosks and multi-kiosk files added whole. No files: batches in memory. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "stats_merge.h"

static const int64_t NO_HIST[COUNTS_HIST_COUNT] = {0, 0, 0, 0};

static int64_t shown_on(const counts_batch *b, const char *day) {
    int64_t n = 0;
    for (int i = 0; i < b->page_count; i++)
        if (strcmp(b->pages[i].day, day) == 0) n += b->pages[i].shown;
    return n;
}

static int64_t opened_on(const counts_batch *b, const char *day) {
    int64_t n = 0;
    for (int i = 0; i < b->page_count; i++)
        if (strcmp(b->pages[i].day, day) == 0) n += b->pages[i].opened;
    return n;
}

static int64_t visits_on(const counts_batch *b, const char *day) {
    int64_t n = 0;
    for (int i = 0; i < b->visit_count; i++)
        if (strcmp(b->visits[i].day, day) == 0) n += b->visits[i].visits;
    return n;
}

/* One day of one kiosk: page "a" shown, opened; visits. */
static void day(counts_batch *b, const char *d, int64_t shown, int64_t opened, int64_t visits) {
    CHECK_INT(counts_add_page(b, d, "a", "en", shown, opened, 0), 0);
    CHECK_INT(counts_add_visit(b, d, visits, NO_HIST), 0);
}

static void test_bigger_wins(void) {
    counts_batch a, b, out;
    counts_batch_init(&a), counts_batch_init(&b), counts_batch_init(&out);
    day(&a, "2026-12-01", 120, 10, 30);  /* the day's last export */
    day(&b, "2026-12-01", 80, 6, 20);    /* an earlier copy, newer on disk */
    CHECK_INT(counts_add_page(&b, "2026-12-01", "b", "en", 30, 0, 0), 0); /* 110 in all */
    stats_merge_file files[] = {{&a, "Reception", 100, "x/a.csv"}, {&b, "Reception", 200, "x/b.csv"}};
    stats_merge_result res;
    CHECK_INT(stats_merge(files, 2, &out, &res), 0);
    CHECK_INT(shown_on(&out, "2026-12-01"), 120);
    CHECK_INT(visits_on(&out, "2026-12-01"), 30);
    CHECK_INT(out.page_count, 1);  /* b's page "b" of that day is left out too */
    CHECK_INT(res.kiosk_days, 1);
    CHECK_INT(res.dropped, 1);
    CHECK_INT(res.drop_count, 1);
    if (res.drop_count == 1) {
        CHECK_INT(res.drops[0].file, 1);
        CHECK_INT(res.drops[0].kept, 0);
        CHECK_STR(res.drops[0].day, "2026-12-01");
        CHECK_INT(res.drops[0].shown, 110);
        CHECK_INT(res.drops[0].kept_shown, 120);
    }
    stats_merge_result_release(&res);
    counts_batch_release(&a), counts_batch_release(&b), counts_batch_release(&out);
}

static void test_tie_newer_then_path(void) {
    counts_batch a, b, c, out;
    counts_batch_init(&a), counts_batch_init(&b), counts_batch_init(&c), counts_batch_init(&out);
    day(&a, "2026-12-01", 50, 1, 10);
    day(&b, "2026-12-01", 50, 2, 11);
    day(&c, "2026-12-01", 50, 3, 12);
    /* Same shown: the newest (b) wins. */
    stats_merge_file files[] = {{&a, "K", 100, "a.csv"}, {&b, "K", 300, "b.csv"}, {&c, "K", 200, "c.csv"}};
    stats_merge_result res;
    CHECK_INT(stats_merge(files, 3, &out, &res), 0);
    CHECK_INT(shown_on(&out, "2026-12-01"), 50);
    CHECK_INT(opened_on(&out, "2026-12-01"), 2);
    CHECK_INT(visits_on(&out, "2026-12-01"), 11);
    CHECK_INT(res.kiosk_days, 1);
    CHECK_INT(res.dropped, 2);
    stats_merge_result_release(&res);
    /* Same shown, same time: the first path (c.csv before d.csv), whatever the order given. */
    counts_batch_clear(&out);
    stats_merge_file same_time[] = {{&a, "K", 100, "d.csv"}, {&c, "K", 100, "c.csv"}};
    CHECK_INT(stats_merge(same_time, 2, &out, &res), 0);
    CHECK_INT(opened_on(&out, "2026-12-01"), 3);
    CHECK_INT(res.dropped, 1);
    stats_merge_result_release(&res);
    counts_batch_release(&a), counts_batch_release(&b), counts_batch_release(&c);
    counts_batch_release(&out);
}

static void test_kiosks_and_whole_files(void) {
    counts_batch a, b, m, e, out;
    counts_batch_init(&a), counts_batch_init(&b), counts_batch_init(&m), counts_batch_init(&e);
    counts_batch_init(&out);
    day(&a, "2026-12-01", 100, 5, 20);   /* Reception */
    day(&b, "2026-12-01", 40, 5, 10);    /* Library, same date: both count */
    day(&m, "2026-12-01", 7, 0, 5);      /* an earlier merge (no one kiosk): whole */
    /* Reception's export of two days: 12-01 is smaller than a's, 12-02 only here. */
    day(&e, "2026-12-01", 90, 5, 18);
    day(&e, "2026-12-02", 60, 5, 15);
    stats_merge_file files[] = {{&a, "Reception", 100, "a.csv"},
                                {&b, "Library", 100, "b.csv"},
                                {&m, NULL, 100, "m.csv"},
                                {&e, "Reception", 500, "e.csv"}};
    stats_merge_result res;
    CHECK_INT(stats_merge(files, 4, &out, &res), 0);
    CHECK_INT(shown_on(&out, "2026-12-01"), 100 + 40 + 7);
    CHECK_INT(visits_on(&out, "2026-12-01"), 20 + 10 + 5);
    CHECK_INT(shown_on(&out, "2026-12-02"), 60);
    CHECK_INT(visits_on(&out, "2026-12-02"), 15);
    CHECK_INT(res.kiosk_days, 1);
    CHECK_INT(res.dropped, 1);
    if (res.drop_count == 1) {
        CHECK_INT(res.drops[0].file, 3);
        CHECK_INT(res.drops[0].kept, 0);
    }
    stats_merge_result_release(&res);
    /* A multi-kiosk file ("" counts as no name too) is never left out, even given twice. */
    counts_batch_clear(&out);
    stats_merge_file twice[] = {{&m, "", 100, "m.csv"}, {&m, NULL, 100, "m2.csv"}};
    CHECK_INT(stats_merge(twice, 2, &out, &res), 0);
    CHECK_INT(shown_on(&out, "2026-12-01"), 14);
    CHECK_INT(res.dropped, 0);
    stats_merge_result_release(&res);
    counts_batch_release(&a), counts_batch_release(&b), counts_batch_release(&m);
    counts_batch_release(&e), counts_batch_release(&out);
}

/* Many copies of many days: each day once, and its largest copy. */
static void test_many(void) {
    enum { FILES = 40, DAYS = 30 };
    counts_batch in[FILES], out;
    stats_merge_file files[FILES];
    counts_batch_init(&out);
    for (int f = 0; f < FILES; f++) {
        counts_batch_init(&in[f]);
        for (int d = 0; d < DAYS; d++) {
            char text[COUNTS_DAY_LEN];
            snprintf(text, sizeof text, "2026-01-%02d", d + 1);
            day(&in[f], text, (f * 7 + d * 13) % FILES, 0, 1);
        }
        files[f] = (stats_merge_file){&in[f], "K", f, "k.csv"};
    }
    stats_merge_result res;
    CHECK_INT(stats_merge(files, FILES, &out, &res), 0);
    CHECK_INT(res.kiosk_days, DAYS);
    CHECK_INT(res.dropped, (long)DAYS * (FILES - 1));
    for (int d = 0; d < DAYS; d++) {
        char text[COUNTS_DAY_LEN];
        snprintf(text, sizeof text, "2026-01-%02d", d + 1);
        CHECK_INT(shown_on(&out, text), FILES - 1);
        CHECK_INT(visits_on(&out, text), 1);
    }
    stats_merge_result_release(&res);
    for (int f = 0; f < FILES; f++) counts_batch_release(&in[f]);
    counts_batch_release(&out);
}

int main(void) {
    test_bigger_wins();
    test_tie_newer_then_path();
    test_kiosks_and_whole_files();
    test_many();
    return check_summary();
}
