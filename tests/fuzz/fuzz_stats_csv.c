/* fuzz_stats_csv.c - libFuzzer target: bytes through stats_csv_read (a
 * statistics export to merge). A file it accepts must go through
 * stats_csv_write and a second read with the same rows, and, once
 * published (small numbers hidden, the rest rounded), come back the same
 * through a second write and read; one it refuses must say why; the sums
 * (stats_summary) must not mind whatever got in. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool same_rows(const counts_batch *a, const counts_batch *b) {
    if (a->page_count != b->page_count || a->visit_count != b->visit_count) return false;
    for (int i = 0; i < a->page_count; i++) {
        const counts_page_row *x = &a->pages[i];
        bool found = false;
        for (int k = 0; k < b->page_count && !found; k++) {
            const counts_page_row *y = &b->pages[k];
            found = strcmp(x->day, y->day) == 0 && strcmp(x->page, y->page) == 0 &&
                    strcmp(x->lang, y->lang) == 0 && x->shown == y->shown &&
                    x->opened == y->opened && x->read_seconds == y->read_seconds;
        }
        if (!found) return false;
    }
    for (int i = 0; i < a->visit_count; i++) {
        bool found = false;
        for (int k = 0; k < b->visit_count && !found; k++)
            found =
                strcmp(a->visits[i].day, b->visits[k].day) == 0 &&
                a->visits[i].visits == b->visits[k].visits &&
                memcmp(a->visits[i].opened, b->visits[k].opened, sizeof a->visits[i].opened) == 0;
        if (!found) return false;
    }
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    counts_batch b;
    counts_batch_init(&b);
    diag_list diags;
    diag_list_init(&diags);
    stats_csv_info info;
    int rc = stats_csv_read("fuzz.csv", (const char *)data, size, &b, &info, &diags);
    for (int i = 0; i < diags.count; i++) {
        char line[1400];
        diag_format(&diags.items[i], line, sizeof line);
    }
    if (rc != 0 && diags.errors == 0) abort();     /* refused without a reason */
    if (rc == 0 && diags.errors != 0) abort();     /* used despite a problem */
    if (rc != 0 && !counts_batch_empty(&b)) abort(); /* a refused file left rows */
    if (rc == 0) {
        /* What got in is within the limits... */
        for (int i = 0; i < b.page_count; i++) {
            int32_t day;
            const counts_page_row *r = &b.pages[i];
            if (!stats_date_parse(r->day, &day) || !r->page[0] || !r->lang[0] || r->shown < 0 ||
                r->opened < 0 || r->read_seconds < 0 ||
                r->shown > STATS_CSV_MAX_NUMBER * STATS_CSV_MAX_ROWS)
                abort();
        }
        for (int i = 0; i < b.visit_count; i++) {
            int32_t day;
            if (!stats_date_parse(b.visits[i].day, &day) || b.visits[i].visits < 0) abort();
        }
        /* ...goes through the writer with the same rows, and once
         * published stays as it is. */
        const char *name = info.name_count ? info.names[0] : NULL;
        counts_batch back[2];
        for (int round = 0; round < 2; round++) {
            char *text = NULL;
            size_t len = 0;
            FILE *f = open_memstream(&text, &len);
            if (!f) abort();
            if (stats_csv_write(f, name, round == 0 ? &b : &back[0]) != 0) abort();
            fclose(f);
            counts_batch_init(&back[round]);
            diag_list again;
            diag_list_init(&again);
            stats_csv_info info2;
            if (stats_csv_read("again.csv", text, len, &back[round], &info2, &again) != 0) abort();
            if (name && (info2.name_count != 1 || strcmp(info2.names[0], name) != 0)) abort();
            if (info2.rows != b.page_count + b.visit_count) abort();
            diag_list_release(&again);
            free(text);
        }
        if (!same_rows(&back[0], &back[1])) abort();
        counts_batch_release(&back[0]);
        counts_batch_release(&back[1]);
        /* The sums take whatever period the file spans (or say it is too long). */
        stats_summary s;
        char err[256];
        if (stats_summary_init(&s, &b, NULL, NULL, "2026-11-23", err, sizeof err) == 0) {
            int64_t shown = 0;
            for (int i = 0; i < s.page_count; i++) shown += s.pages[i].shown;
            if (shown != s.shown) abort();
            stats_summary_release(&s);
        }
    }
    counts_batch_release(&b);
    diag_list_release(&diags);
    return 0;
}
