/* stats_merge.c - each kiosk-day from one file only. See stats_merge.h.
 * Pure C: no SDL, no files, no clock. */
#include "stats_merge.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* One file's offer of one kiosk-day. */
typedef struct {
    const stats_merge_file *f;
    int file;
    char day[COUNTS_DAY_LEN];
    int64_t shown;
} offer;

static bool one_kiosk(const stats_merge_file *f) { return f->kiosk && f->kiosk[0]; }

static int compare_offer_days(const void *a, const void *b) {
    return strcmp(((const offer *)a)->day, ((const offer *)b)->day);
}

/* Kiosk, date, then the preferred copy first: most shown, newest, path. */
static int compare_offers(const void *a, const void *b) {
    const offer *x = a, *y = b;
    int c = strcmp(x->f->kiosk, y->f->kiosk);
    if (!c) c = strcmp(x->day, y->day);
    if (c) return c;
    if (x->shown != y->shown) return x->shown > y->shown ? -1 : 1;
    if (x->f->mtime_ns != y->f->mtime_ns) return x->f->mtime_ns > y->f->mtime_ns ? -1 : 1;
    c = strcmp(x->f->path ? x->f->path : "", y->f->path ? y->f->path : "");
    return c ? c : (x->file > y->file) - (x->file < y->file);
}

static int compare_drops_by_file(const void *a, const void *b) {
    const stats_merge_drop *x = *(const stats_merge_drop *const *)a;
    const stats_merge_drop *y = *(const stats_merge_drop *const *)b;
    if (x->file != y->file) return x->file < y->file ? -1 : 1;
    return strcmp(x->day, y->day);
}

/* Appends file's days (and each day's shown) to *offers. -1 on OOM. */
static int add_offers(const stats_merge_file *f, int file, offer **offers, size_t *n,
                      size_t *cap) {
    const counts_batch *b = f->rows;
    size_t rows = (size_t)b->page_count + (size_t)b->visit_count;
    offer *mine = malloc((rows ? rows : 1) * sizeof *mine);
    if (!mine) return -1;
    size_t k = 0;
    for (int i = 0; i < b->page_count; i++, k++) {
        memcpy(mine[k].day, b->pages[i].day, COUNTS_DAY_LEN);
        mine[k].shown = b->pages[i].shown;
    }
    for (int i = 0; i < b->visit_count; i++, k++) {
        memcpy(mine[k].day, b->visits[i].day, COUNTS_DAY_LEN);
        mine[k].shown = 0;
    }
    if (rows) qsort(mine, rows, sizeof *mine, compare_offer_days);
    for (size_t i = 0; i < rows; i++) {
        if (i > 0 && strcmp(mine[i].day, mine[i - 1].day) == 0) {
            (*offers)[*n - 1].shown += mine[i].shown;
            continue;
        }
        if (*n == *cap) {
            size_t more = *cap ? *cap * 2 : 64;
            offer *grown = realloc(*offers, more * sizeof *grown);
            if (!grown) {
                free(mine);
                return -1;
            }
            *offers = grown;
            *cap = more;
        }
        offer *o = &(*offers)[(*n)++];
        *o = mine[i];
        o->f = f;
        o->file = file;
    }
    free(mine);
    return 0;
}

/* The days of one file to leave out, sorted. */
typedef struct {
    const stats_merge_drop *const *drops;
    size_t count;
} left_out;

static bool kept_day(const char *day, void *ctx) {
    const left_out *l = ctx;
    size_t lo = 0, hi = l->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(day, l->drops[mid]->day);
        if (c == 0) return false;
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return true;
}

int stats_merge(const stats_merge_file *files, int count, counts_batch *out,
                stats_merge_result *res) {
    memset(res, 0, sizeof *res);
    offer *offers = NULL;
    size_t n = 0, cap = 0;
    const stats_merge_drop **by_file = NULL;
    int rc = -1;
    for (int i = 0; i < count; i++)
        if (one_kiosk(&files[i]) && add_offers(&files[i], i, &offers, &n, &cap) != 0) goto out;
    if (n) qsort(offers, n, sizeof *offers, compare_offers);
    /* The first offer of each (kiosk, date) is kept; the rest are dropped. */
    res->drops = malloc((n ? n : 1) * sizeof *res->drops);
    if (!res->drops) goto out;
    for (size_t i = 0, first = 0; i < n; i++) {
        bool same = i > 0 && strcmp(offers[i].f->kiosk, offers[first].f->kiosk) == 0 &&
                    strcmp(offers[i].day, offers[first].day) == 0;
        if (!same) {
            first = i;
            continue;
        }
        if (i == first + 1) res->kiosk_days++;
        stats_merge_drop *d = &res->drops[res->drop_count++];
        d->file = offers[i].file;
        d->kept = offers[first].file;
        memcpy(d->day, offers[i].day, COUNTS_DAY_LEN);
        d->shown = offers[i].shown;
        d->kept_shown = offers[first].shown;
    }
    res->dropped = res->drop_count;
    by_file = malloc(((size_t)res->drop_count + 1) * sizeof *by_file);
    if (!by_file) goto out;
    for (int i = 0; i < res->drop_count; i++) by_file[i] = &res->drops[i];
    if (res->drop_count)
        qsort(by_file, (size_t)res->drop_count, sizeof *by_file, compare_drops_by_file);
    size_t next = 0;
    for (int i = 0; i < count; i++) {
        left_out l = {.drops = by_file + next, .count = 0};
        while (next < (size_t)res->drop_count && by_file[next]->file == i) next++, l.count++;
        if (counts_batch_merge_if(out, files[i].rows, l.count ? kept_day : NULL, &l) != 0)
            goto out;
    }
    rc = 0;
out:
    free(offers);
    free(by_file);
    return rc;
}

void stats_merge_result_release(stats_merge_result *res) {
    free(res->drops);
    memset(res, 0, sizeof *res);
}
