/* showdates.c - pages with dates. See showdates.h.
 *
 * Pure C: the only outside calls are localtime_r and mktime (the local
 * time zone); never the clock. Day numbers are civil days counted from
 * 1970-01-01 (H. Hinnant's days_from_civil), with no time zone in them. */
#include "showdates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const month_names[12] = {"January", "February", "March",     "April",
                                            "May",     "June",     "July",      "August",
                                            "September", "October", "November", "December"};

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m) {
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

static int32_t days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + doe - 719468);
}

static void civil_from_days(int32_t z, int *y, int *m, int *d) {
    z += 719468;
    int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = (int)(z - era * 146097);
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + (int)era * 400 + (*m <= 2);
}

static bool digits(const char *s, int n, int *value) {
    *value = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        *value = *value * 10 + (s[i] - '0');
    }
    return true;
}

int showdates_parse(const char *text, int32_t *day, char *why, size_t whysize) {
    int y, m, d;
    /* Shown back as written, but never more than a line's worth. */
    const int shown = (int)(strlen(text) > 40 ? 40 : strlen(text));
    if (strlen(text) != 10 || text[4] != '-' || text[7] != '-' || !digits(text, 4, &y) ||
        !digits(text + 5, 2, &m) || !digits(text + 8, 2, &d) || m < 1 || m > 12 || d < 1) {
        snprintf(why, whysize, "%.*s is not a date: write YYYY-MM-DD, e.g. 2026-12-24", shown,
                 text[0] ? text : "(nothing)");
        return -1;
    }
    if (d > days_in_month(y, m)) {
        snprintf(why, whysize, "%.*s is not a date: %s %d has %d days; write YYYY-MM-DD, "
                 "e.g. 2026-12-24", shown, text, month_names[m - 1], y, days_in_month(y, m));
        return -1;
    }
    if (y < 2000) {
        snprintf(why, whysize, "%.*s is too long ago: write a date from 2000 on, e.g. 2026-12-24",
                 shown, text);
        return -1;
    }
    *day = days_from_civil(y, m, d);
    return 0;
}

void showdates_format(int32_t day, char *out, size_t size) {
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    snprintf(out, size, "%04d-%02d-%02d", y, m, d);
}

int32_t showdates_today(time_t t) {
    struct tm tm;
    if (!localtime_r(&t, &tm)) return 0;
    return days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

time_t showdates_next_day(time_t t) {
    struct tm tm;
    if (!localtime_r(&t, &tm)) return t + 24 * 3600;
    tm.tm_mday += 1;
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_isdst = -1;
    time_t next = mktime(&tm);
    /* A time zone whose clocks skip midnight: mktime gives the moment
     * after the gap; a failure: an hour on, and ask again then. */
    return next > t ? next : t + 3600;
}

bool showdates_dated(const content_page *p) {
    return p->show_from_line > 0 || p->show_until_line > 0;
}

showdates_when showdates_on(const content_page *p, int32_t day) {
    if (p->show_from_line > 0 && day < p->show_from) return SHOWDATES_WAITING;
    if (p->show_until_line > 0 && day > p->show_until) return SHOWDATES_ENDED;
    return SHOWDATES_LIVE;
}

showdates_count showdates_counted(const content *all, int32_t day) {
    showdates_count n = {0};
    for (int i = 0; i < all->page_count; i++) {
        const content_page *p = &all->pages[i];
        if (showdates_dated(p)) n.dated++;
        switch (showdates_on(p, day)) {
        case SHOWDATES_LIVE: n.live++; break;
        case SHOWDATES_WAITING: n.waiting++; break;
        case SHOWDATES_ENDED: n.ended++; break;
        }
    }
    return n;
}

int showdates_select(const content *all, bool clock_trusted, int32_t day, content *live) {
    memset(live, 0, sizeof *live);
    content_page *pages = malloc(((size_t)all->page_count + 1) * sizeof *pages);
    if (!pages) return -1;
    /* What the visitors see of the folder: its settings, as they are. */
    live->dir = all->dir;
    live->title = all->title;
    live->link = all->link;
    memcpy(live->lang, all->lang, sizeof live->lang);
    live->seconds_per_page = all->seconds_per_page;
    memcpy(live->ini_languages, all->ini_languages, sizeof live->ini_languages);
    live->ini_language_count = all->ini_language_count;
    live->ini_languages_line = all->ini_languages_line;
    for (int i = 0; i < all->page_count; i++)
        if (!clock_trusted || showdates_on(&all->pages[i], day) == SHOWDATES_LIVE)
            pages[live->page_count++] = all->pages[i];
    live->pages = pages;
    /* A language only a page that is not live was in is not offered: a
     * family choosing it would see no page in it. The first (the
     * content's own) always is. */
    for (int i = 0; i < all->language_count; i++)
        if (i == 0 || content_pages_in(live, all->languages[i]) > 0)
            memcpy(live->languages[live->language_count++], all->languages[i],
                   sizeof live->languages[0]);
    return 0;
}

void showdates_release(content *live) {
    free(live->pages);
    memset(live, 0, sizeof *live);
}

void showdates_staff_words(const showdates_count *n, bool clock_trusted, char *out, size_t size) {
    out[0] = '\0';
    if (n->dated == 0) return;
    if (!clock_trusted) {
        snprintf(out, size, "%d page%s %s dates, but the clock is not set yet: all pages show.",
                 n->dated, n->dated == 1 ? "" : "s", n->dated == 1 ? "has" : "have");
        return;
    }
    char waiting[80] = "", ended[80] = "";
    if (n->waiting > 0)
        snprintf(waiting, sizeof waiting, "%d page%s for %s date", n->waiting,
                 n->waiting == 1 ? " waits" : "s wait", n->waiting == 1 ? "its" : "their");
    if (n->ended > 0)
        snprintf(ended, sizeof ended, "%d page%s ended", n->ended,
                 n->ended == 1 ? " has" : "s have");
    if (waiting[0] && ended[0])
        snprintf(out, size, "%s; %s.", waiting, ended);
    else if (waiting[0] || ended[0])
        snprintf(out, size, "%s.", waiting[0] ? waiting : ended);
    else
        snprintf(out, size, "%d page%s with dates, all shown today.", n->dated,
                 n->dated == 1 ? "" : "s");
}

static void in_days(int n, char *out, size_t size) {
    if (n == 0) snprintf(out, size, "today");
    else if (n == 1) snprintf(out, size, "1 day");
    else snprintf(out, size, "%d days", n);
}

int showdates_notes(const content *c, int32_t day, diag_list *diags) {
    int notes = 0;
    for (int i = 0; i < c->page_count; i++) {
        const content_page *p = &c->pages[i];
        if (!showdates_dated(p)) continue;
        char from[SHOWDATES_TEXT_MAX + 4], until[SHOWDATES_TEXT_MAX + 4], when[96], span[64];
        showdates_format(p->show_from, from, sizeof from);
        showdates_format(p->show_until, until, sizeof until);
        bool has_from = p->show_from_line > 0, has_until = p->show_until_line > 0;
        if (has_from && has_until)
            snprintf(span, sizeof span, "shown from %s to %s", from, until);
        else if (has_from)
            snprintf(span, sizeof span, "shown from %s", from);
        else
            snprintf(span, sizeof span, "shown until %s", until);
        int line = has_from ? p->show_from_line : p->show_until_line;
        switch (showdates_on(p, day)) {
        case SHOWDATES_WAITING:
            snprintf(when, sizeof when, "waiting: %d day%s", (int)(p->show_from - day),
                     p->show_from - day == 1 ? "" : "s");
            break;
        case SHOWDATES_ENDED:
            line = p->show_until_line;
            snprintf(when, sizeof when, "ended %d day%s ago: take it out, or change the date",
                     (int)(day - p->show_until), day - p->show_until == 1 ? "" : "s");
            break;
        case SHOWDATES_LIVE:
            if (!has_until) snprintf(when, sizeof when, "live today");
            else if (p->show_until == day) snprintf(when, sizeof when, "live today, its last day");
            else {
                char left[32];
                in_days((int)(p->show_until - day), left, sizeof left);
                snprintf(when, sizeof when, "live today, %s left", left);
            }
            break;
        }
        diag_add(diags, DIAG_NOTE, p->texts[0].file, line, "%s (%s)", span, when);
        notes++;
    }
    return notes;
}
