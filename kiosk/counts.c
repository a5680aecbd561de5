/* counts.c - the counting rules. See counts.h. */
#include "counts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void counts_batch_init(counts_batch *b) { memset(b, 0, sizeof *b); }

void counts_batch_release(counts_batch *b) {
    free(b->pages);
    free(b->visits);
    memset(b, 0, sizeof *b);
}

void counts_batch_clear(counts_batch *b) {
    b->page_count = 0;
    b->visit_count = 0;
}

bool counts_batch_empty(const counts_batch *b) { return b->page_count == 0 && b->visit_count == 0; }

int counts_add_page(counts_batch *b, const char *day, const char *page, const char *lang,
                    int64_t shown, int64_t opened, int64_t read_seconds) {
    if (strlen(day) >= COUNTS_DAY_LEN || strlen(page) >= COUNTS_ID_MAX ||
        strlen(lang) >= COUNTS_LANG_MAX)
        return -1;
    for (int i = 0; i < b->page_count; i++) {
        counts_page_row *r = &b->pages[i];
        if (strcmp(r->day, day) == 0 && strcmp(r->page, page) == 0 && strcmp(r->lang, lang) == 0) {
            r->shown += shown;
            r->opened += opened;
            r->read_seconds += read_seconds;
            return 0;
        }
    }
    if (b->page_count == b->page_capacity) {
        int cap = b->page_capacity ? b->page_capacity * 2 : 16;
        counts_page_row *rows = realloc(b->pages, (size_t)cap * sizeof *rows);
        if (!rows) return -1;
        b->pages = rows;
        b->page_capacity = cap;
    }
    counts_page_row *r = &b->pages[b->page_count++];
    memset(r, 0, sizeof *r);
    snprintf(r->day, sizeof r->day, "%s", day);
    snprintf(r->page, sizeof r->page, "%s", page);
    snprintf(r->lang, sizeof r->lang, "%s", lang);
    r->shown = shown;
    r->opened = opened;
    r->read_seconds = read_seconds;
    return 0;
}

int counts_add_visit(counts_batch *b, const char *day, int64_t visits,
                     const int64_t opened[HIST_COUNT]) {
    if (strlen(day) >= COUNTS_DAY_LEN) return -1;
    counts_visit_row *r = NULL;
    for (int i = 0; i < b->visit_count && !r; i++)
        if (strcmp(b->visits[i].day, day) == 0) r = &b->visits[i];
    if (!r) {
        if (b->visit_count == b->visit_capacity) {
            int cap = b->visit_capacity ? b->visit_capacity * 2 : 8;
            counts_visit_row *rows = realloc(b->visits, (size_t)cap * sizeof *rows);
            if (!rows) return -1;
            b->visits = rows;
            b->visit_capacity = cap;
        }
        r = &b->visits[b->visit_count++];
        memset(r, 0, sizeof *r);
        snprintf(r->day, sizeof r->day, "%s", day);
    }
    r->visits += visits;
    for (int k = 0; k < HIST_COUNT; k++) r->opened[k] += opened ? opened[k] : 0;
    return 0;
}

int counts_batch_merge(counts_batch *dst, const counts_batch *src) {
    for (int i = 0; i < src->page_count; i++) {
        const counts_page_row *r = &src->pages[i];
        if (counts_add_page(dst, r->day, r->page, r->lang, r->shown, r->opened, r->read_seconds))
            return -1;
    }
    for (int i = 0; i < src->visit_count; i++)
        if (counts_add_visit(dst, src->visits[i].day, src->visits[i].visits, src->visits[i].opened))
            return -1;
    return 0;
}

void counts_day(time_t wall, char out[COUNTS_DAY_LEN]) {
    struct tm tm;
    if (!localtime_r(&wall, &tm) || strftime(out, COUNTS_DAY_LEN, "%Y-%m-%d", &tm) == 0)
        snprintf(out, COUNTS_DAY_LEN, "1970-01-01");
}

void counts_init(counts *c) {
    memset(c, 0, sizeof *c);
    counts_batch_init(&c->batch);
}

void counts_release(counts *c) {
    counts_batch_release(&c->batch);
    memset(c, 0, sizeof *c);
}

static void count_shown_if_due(counts *c, uint64_t now, const char *day) {
    if (c->has_page && !c->shown_counted && now - c->page_since_ms >= COUNTS_SHOWN_MS) {
        counts_add_page(&c->batch, day, c->page, c->lang, 1, 0, 0);
        c->shown_counted = true;
    }
}

static void close_detail(counts *c, uint64_t now, const char *day) {
    if (!c->detail) return;
    uint64_t seconds = (now - c->detail_since_ms + 500) / 1000;
    if (seconds > COUNTS_READ_CAP_S) seconds = COUNTS_READ_CAP_S;
    counts_add_page(&c->batch, day, c->page, c->lang, 0, 0, (int64_t)seconds);
    c->detail = false;
}

static void end_visit(counts *c) {
    if (!c->in_visit) return;
    int64_t hist[HIST_COUNT] = {0};
    int n = c->visit_opened;
    if (n == 1) hist[HIST_1] = 1;
    else if (n == 2) hist[HIST_2] = 1;
    else if (n >= 3 && n <= 5) hist[HIST_3_5] = 1;
    else if (n >= 6) hist[HIST_6_PLUS] = 1;
    counts_add_visit(&c->batch, c->visit_day, 1, hist);
    c->in_visit = false;
}

void counts_observe(counts *c, const counts_screen *s, uint64_t now, time_t wall) {
    char day[COUNTS_DAY_LEN];
    counts_day(wall, day);
    if (!c->started) {
        c->started = true;
        c->attract = true;
    }
    /* A visit: from the first touch after attract mode until it returns. */
    if (!s->attract && !c->in_visit) {
        c->in_visit = true;
        c->visit_opened = 0;
        snprintf(c->visit_day, sizeof c->visit_day, "%s", day);
    }
    /* The page on screen changed: finish the old one. */
    bool same = c->has_page && s->page && strcmp(c->page, s->page) == 0 && s->lang &&
                strcmp(c->lang, s->lang) == 0;
    if (!same) {
        close_detail(c, now, day);
        count_shown_if_due(c, now, day);
        c->has_page = s->page && strlen(s->page) < COUNTS_ID_MAX && s->lang &&
                      strlen(s->lang) < COUNTS_LANG_MAX;
        if (c->has_page) {
            snprintf(c->page, sizeof c->page, "%s", s->page);
            snprintf(c->lang, sizeof c->lang, "%s", s->lang);
        }
        c->page_since_ms = now;
        c->shown_counted = false;
    }
    count_shown_if_due(c, now, day);
    if (c->has_page && s->detail && !c->detail) {
        c->detail = true;
        c->detail_since_ms = now;
        counts_add_page(&c->batch, day, c->page, c->lang, 0, 1, 0);
        if (c->in_visit) c->visit_opened++;
    } else if (!s->detail && c->detail) {
        close_detail(c, now, day);
    }
    if (s->attract && c->in_visit) end_visit(c);
    c->attract = s->attract;
}

void counts_finish(counts *c, uint64_t now, time_t wall) {
    char day[COUNTS_DAY_LEN];
    counts_day(wall, day);
    close_detail(c, now, day);
    count_shown_if_due(c, now, day);
    end_visit(c);
    c->has_page = false;
}
