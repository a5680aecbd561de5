/* outbox.c - day files and the status file for a sync engine. See
 * outbox.h. */
#define _GNU_SOURCE
#include "outbox.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "stats_csv.h"

#define OUTBOX_MODE 0644   /* the sync engine runs as its own user */

void outbox_day_name(const char *kiosk_name, const char *day, char *out, size_t size) {
    char safe[STATS_NAME_IN_FILE_MAX + 8];
    stats_name_for_files(kiosk_name, safe, sizeof safe);
    snprintf(out, size, "kiosk-stats-%s%s%s.csv", safe, safe[0] ? "-" : "", day);
}

/* Writes path with bytes unless it holds exactly them already: 1 written,
 * 0 the same, -1 with err. */
static int write_if_changed(const char *path, const char *bytes, size_t len, char *err,
                            size_t errsize) {
    char *old = NULL, why[PATH_MAX + 100];
    size_t old_len = 0;
    bool same = files_read_small(path, len + 1, &old, &old_len, why, sizeof why) == 0 &&
                old_len == len && memcmp(old, bytes, len) == 0;
    free(old);
    if (same) return 0;
    return files_write_atomic(path, bytes, len, OUTBOX_MODE, 0, err, errsize) == 0 ? 1 : -1;
}

static bool is_day(const char *day, void *ctx) { return strcmp(day, (const char *)ctx) == 0; }

/* The rows of b on day, into out (cleared first). -1 when out of memory. */
static int one_day(const counts_batch *b, const char *day, counts_batch *out) {
    counts_batch_clear(out);
    return counts_batch_merge_if(out, b, is_day, (void *)day);
}

/* Has day come before (in pages[0..page) or visits[0..visit))? */
static bool seen_before(const counts_batch *b, const char *day, int page, int visit) {
    for (int i = 0; i < page; i++)
        if (strcmp(b->pages[i].day, day) == 0) return true;
    for (int i = 0; i < visit; i++)
        if (strcmp(b->visits[i].day, day) == 0) return true;
    return false;
}

static int write_day(const char *outbox, const char *kiosk_name, const counts_batch *b,
                     const char *day, counts_batch *scratch, int *written, char *err,
                     size_t errsize) {
    char name[STATS_NAME_IN_FILE_MAX + 40], path[PATH_MAX];
    outbox_day_name(kiosk_name, day, name, sizeof name);
    if (!files_join(path, sizeof path, outbox, name)) {
        snprintf(err, errsize, "%s: the outbox folder's name is too long", outbox);
        return -1;
    }
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    int rc = -1;
    if (mem && one_day(b, day, scratch) == 0 && stats_csv_write(mem, kiosk_name, scratch) == 0 &&
        fclose(mem) == 0) {
        mem = NULL;
        rc = write_if_changed(path, text, len, err, errsize);
        if (rc == 1 && written) (*written)++;
        rc = rc < 0 ? -1 : 0;
    } else {
        snprintf(err, errsize, "%s: out of memory", path);
    }
    if (mem) fclose(mem);
    free(text);
    return rc;
}

int outbox_write_days(const char *outbox, const char *kiosk_name, const counts_batch *b,
                      int *written, char *err, size_t errsize) {
    if (written) *written = 0;
    if (files_make_folders(outbox, err, errsize) != 0) return -1;
    counts_batch scratch;
    counts_batch_init(&scratch);
    int rc = 0;
    /* Each day once, in the order the batch holds them (a fortnight: a
     * handful of rows a day, so the look back costs nothing). */
    for (int i = 0; i < b->page_count && rc == 0; i++)
        if (!seen_before(b, b->pages[i].day, i, 0))
            rc = write_day(outbox, kiosk_name, b, b->pages[i].day, &scratch, written, err, errsize);
    for (int i = 0; i < b->visit_count && rc == 0; i++)
        if (!seen_before(b, b->visits[i].day, b->page_count, i))
            rc = write_day(outbox, kiosk_name, b, b->visits[i].day, &scratch, written, err, errsize);
    counts_batch_release(&scratch);
    return rc;
}

/* "2026-12-03T05:10:00Z", or "never" for 0. */
static void utc(time_t t, char out[32]) {
    struct tm tm;
    if (t == 0 || !gmtime_r(&t, &tm)) {
        snprintf(out, 32, "never");
        return;
    }
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* A value on one line: line ends become spaces. */
static void one_line(FILE *f, const char *text) {
    for (const char *p = text ? text : ""; *p; p++) fputc(*p == '\n' || *p == '\r' ? ' ' : *p, f);
}

/* "\nKEY: TEXT (TIME)", or "\nKEY: none" when there was none. */
static void event_line(FILE *f, const char *key, const char *text, time_t at) {
    fprintf(f, "\n%s: ", key);
    if (!text || !text[0]) {
        fprintf(f, "none");
        return;
    }
    char when[32];
    utc(at, when);
    one_line(f, text);
    fprintf(f, " (%s)", when);
}

char *outbox_status_text(const outbox_status *s) {
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) return NULL;
    char now[32], started[32], at[32];
    utc(s->now, now);
    utc(s->started, started);
    long long up = s->now > s->started ? (long long)(s->now - s->started) : 0;
    fprintf(f, "kiosk: ");
    one_line(f, s->kiosk_name);
    fprintf(f, "\nwritten: %s\nrunning since: %s (up %lld h %02lld min)\non screen: ", now,
            started, up / 3600, up / 60 % 60);
    one_line(f, s->on_screen);
    if (s->inbox && s->inbox[0]) {
        utc(s->inbox_at, at);
        fprintf(f, "\ninbox: ");
        one_line(f, s->inbox);
        fprintf(f, "\ninbox looked at: %s", at);
    }
    event_line(f, "last install from the inbox", s->install, s->install_at);
    event_line(f, "last error", s->last_error, s->error_at);
    fprintf(f, "\n");
    if (fclose(f) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

int outbox_write_status(const char *outbox, const outbox_status *s, char *err, size_t errsize) {
    char safe[STATS_NAME_IN_FILE_MAX + 8], name[STATS_NAME_IN_FILE_MAX + 40], path[PATH_MAX];
    stats_name_for_files(s->kiosk_name, safe, sizeof safe);
    snprintf(name, sizeof name, "kiosk-status%s%s.txt", safe[0] ? "-" : "", safe);
    if (!files_join(path, sizeof path, outbox, name)) {
        snprintf(err, errsize, "%s: the outbox folder's name is too long", outbox);
        return -1;
    }
    if (files_make_folders(outbox, err, errsize) != 0) return -1;
    char *text = outbox_status_text(s);
    if (!text) {
        snprintf(err, errsize, "%s: out of memory", path);
        return -1;
    }
    int rc = write_if_changed(path, text, strlen(text), err, errsize);
    free(text);
    return rc < 0 ? -1 : 0;
}
