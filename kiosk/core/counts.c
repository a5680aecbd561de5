/* counts.c - the counting rules. See counts.h. */
#include "counts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void counts_batch_init(counts_batch *b) { memset(b, 0, sizeof *b); }

void counts_batch_release(counts_batch *b) {
    free(b->pages);
    free(b->visits);
    free(b->page_index.slots);
    free(b->visit_index.slots);
    memset(b, 0, sizeof *b);
}

void counts_batch_clear(counts_batch *b) {
    b->page_count = 0;
    b->visit_count = 0;
    if (b->page_index.slots) memset(b->page_index.slots, 0, (b->page_index.mask + 1) * sizeof(int32_t));
    if (b->visit_index.slots) memset(b->visit_index.slots, 0, (b->visit_index.mask + 1) * sizeof(int32_t));
}

bool counts_batch_empty(const counts_batch *b) { return b->page_count == 0 && b->visit_count == 0; }

/* FNV-1a over the key's parts, with a separator: ("ab","c") != ("a","bc"). */
static uint64_t hash_text(uint64_t h, const char *s) {
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return (h ^ 0xFF) * 1099511628211ULL;
}
#define HASH_START 14695981039346656037ULL

static uint64_t page_hash(const counts_page_row *r) {
    return hash_text(hash_text(hash_text(HASH_START, r->day), r->page), r->lang);
}
static uint64_t visit_hash(const counts_visit_row *r) { return hash_text(HASH_START, r->day); }

/* Keeps the index at most half full for `rows` rows, rebuilding it from
 * the rows when it grows. */
static int index_fit(counts_batch *b, bool pages, int rows) {
    counts_index *ix = pages ? &b->page_index : &b->visit_index;
    size_t need = 64;
    while (need < (size_t)rows * 2 + 2) need *= 2;
    if (ix->slots && need <= ix->mask + 1) return 0;
    int32_t *slots = calloc(need, sizeof *slots);
    if (!slots) return -1;
    free(ix->slots);
    ix->slots = slots;
    ix->mask = need - 1;
    int count = pages ? b->page_count : b->visit_count;
    for (int i = 0; i < count; i++) {
        size_t at = (size_t)(pages ? page_hash(&b->pages[i]) : visit_hash(&b->visits[i])) & ix->mask;
        while (ix->slots[at]) at = (at + 1) & ix->mask;
        ix->slots[at] = i + 1;
    }
    return 0;
}

static int grow(void **rows, int *capacity, int count, size_t row_size) {
    if (count < *capacity) return 0;
    if (*capacity > INT32_MAX / 4) return -1;
    int cap = *capacity ? *capacity * 2 : 16;
    void *grown = realloc(*rows, (size_t)cap * row_size);
    if (!grown) return -1;
    *rows = grown;
    *capacity = cap;
    return 0;
}

int counts_add_page(counts_batch *b, const char *day, const char *page, const char *lang,
                    int64_t shown, int64_t opened, int64_t read_seconds) {
    counts_page_row key;
    if (snprintf(key.day, sizeof key.day, "%s", day) >= (int)sizeof key.day ||
        snprintf(key.page, sizeof key.page, "%s", page) >= (int)sizeof key.page ||
        snprintf(key.lang, sizeof key.lang, "%s", lang) >= (int)sizeof key.lang)
        return -1;
    if (index_fit(b, true, b->page_count + 1) != 0) return -1;
    size_t at = (size_t)page_hash(&key) & b->page_index.mask;
    for (; b->page_index.slots[at]; at = (at + 1) & b->page_index.mask) {
        counts_page_row *r = &b->pages[b->page_index.slots[at] - 1];
        if (strcmp(r->day, day) == 0 && strcmp(r->page, page) == 0 && strcmp(r->lang, lang) == 0) {
            r->shown += shown;
            r->opened += opened;
            r->read_seconds += read_seconds;
            return 0;
        }
    }
    void *rows = b->pages;
    if (grow(&rows, &b->page_capacity, b->page_count, sizeof *b->pages) != 0) return -1;
    b->pages = rows;
    key.shown = shown;
    key.opened = opened;
    key.read_seconds = read_seconds;
    b->pages[b->page_count] = key;
    b->page_index.slots[at] = ++b->page_count;
    return 0;
}

int counts_add_visit(counts_batch *b, const char *day, int64_t visits,
                     const int64_t opened[COUNTS_HIST_COUNT]) {
    counts_visit_row key = {0};
    if (snprintf(key.day, sizeof key.day, "%s", day) >= (int)sizeof key.day) return -1;
    if (index_fit(b, false, b->visit_count + 1) != 0) return -1;
    size_t at = (size_t)visit_hash(&key) & b->visit_index.mask;
    counts_visit_row *r = NULL;
    for (; b->visit_index.slots[at] && !r; at = (at + 1) & b->visit_index.mask)
        if (strcmp(b->visits[b->visit_index.slots[at] - 1].day, day) == 0)
            r = &b->visits[b->visit_index.slots[at] - 1];
    if (!r) {
        void *rows = b->visits;
        if (grow(&rows, &b->visit_capacity, b->visit_count, sizeof *b->visits) != 0) return -1;
        b->visits = rows;
        r = &b->visits[b->visit_count];
        *r = key;
        b->visit_index.slots[at] = ++b->visit_count;
    }
    r->visits += visits;
    for (int k = 0; k < COUNTS_HIST_COUNT; k++) r->opened[k] += opened ? opened[k] : 0;
    return 0;
}

int counts_batch_merge_if(counts_batch *dst, const counts_batch *src,
                          bool (*keep)(const char *day, void *ctx), void *ctx) {
    for (int i = 0; i < src->page_count; i++) {
        const counts_page_row *r = &src->pages[i];
        if (keep && !keep(r->day, ctx)) continue;
        if (counts_add_page(dst, r->day, r->page, r->lang, r->shown, r->opened, r->read_seconds))
            return -1;
    }
    for (int i = 0; i < src->visit_count; i++) {
        const counts_visit_row *r = &src->visits[i];
        if (keep && !keep(r->day, ctx)) continue;
        if (counts_add_visit(dst, r->day, r->visits, r->opened)) return -1;
    }
    return 0;
}

int counts_batch_merge(counts_batch *dst, const counts_batch *src) {
    return counts_batch_merge_if(dst, src, NULL, NULL);
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
    int64_t hist[COUNTS_HIST_COUNT] = {0};
    int n = c->visit_opened;
    if (n == 1) hist[COUNTS_HIST_1] = 1;
    else if (n == 2) hist[COUNTS_HIST_2] = 1;
    else if (n >= 3 && n <= 5) hist[COUNTS_HIST_3_5] = 1;
    else if (n >= 6) hist[COUNTS_HIST_6_PLUS] = 1;
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

uint64_t counts_save_at(const counts *c, uint64_t last_save_ms) {
    if (counts_batch_empty(&c->batch)) return UINT64_MAX;
    return last_save_ms + (c->in_visit ? COUNTS_SAVE_MAX_MS : COUNTS_SAVE_MS);
}

uint32_t counts_wait_ms(const counts *c, uint64_t now, uint64_t last_save_ms) {
    uint64_t due = counts_save_at(c, last_save_ms);
    if (c->has_page && !c->shown_counted && c->page_since_ms + COUNTS_SHOWN_MS < due)
        due = c->page_since_ms + COUNTS_SHOWN_MS;
    if (due == UINT64_MAX) return UINT32_MAX;
    if (due <= now) return 0;
    return due - now > UINT32_MAX ? UINT32_MAX : (uint32_t)(due - now);
}
