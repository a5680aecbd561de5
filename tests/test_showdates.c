/* test_showdates.c - pages with dates (showdates.h): dates read and
 * written, the local day of a moment in several time zones (TZ), the
 * live pages of a day, the staff menu's words and `kiosk check`'s notes,
 * and the app given fewer or more pages (app_set_pages): the page on
 * screen stays, or the one after it comes, or "Back soon". */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "check.h"
#include "content.h"
#include "showdates.h"
#include "theme.h"

static int32_t day_of(const char *text) {
    int32_t d = 0;
    char why[160];
    CHECK_INT(showdates_parse(text, &d, why, sizeof why), 0);
    return d;
}

static void test_parse(void) {
    int32_t d = -1;
    char why[160], out[16];
    CHECK_INT(showdates_parse("1970-01-02", &d, why, sizeof why), -1); /* before 2000 */
    CHECK_STR(why, "1970-01-02 is too long ago: write a date from 2000 on, e.g. 2026-12-24");
    CHECK_INT(day_of("2000-01-01"), 10957);
    CHECK_INT(day_of("2026-11-23"), 20780); /* 1795392000 / 86400 */
    CHECK_INT(day_of("2024-02-29"), 19782);
    CHECK_INT(day_of("2026-12-24") - day_of("2026-11-23"), 31);
    CHECK_INT(day_of("2027-01-01") - day_of("2026-12-31"), 1);
    const char *round[] = {"2000-01-01", "2024-02-29", "2026-12-24", "2100-03-01", "9999-12-31"};
    for (size_t i = 0; i < sizeof round / sizeof round[0]; i++) {
        showdates_format(day_of(round[i]), out, sizeof out);
        CHECK_STR(out, round[i]);
    }
    const char *bad[] = {"2026-13-01", "2026-00-10", "2026-12-00", "24/12/2026", "2026-1-5",
                         "2026-12-24x", "", "next week", "2026/12/24", "+026-12-24"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        d = 12345;
        CHECK_INT(showdates_parse(bad[i], &d, why, sizeof why), -1);
        CHECK_INT(d, 12345);
        CHECK(strstr(why, "is not a date: write YYYY-MM-DD, e.g. 2026-12-24") != NULL);
    }
    CHECK_INT(showdates_parse("2026-13-01", &d, why, sizeof why), -1);
    CHECK_STR(why, "2026-13-01 is not a date: write YYYY-MM-DD, e.g. 2026-12-24");
    CHECK_INT(showdates_parse("2026-02-29", &d, why, sizeof why), -1);
    CHECK_STR(why, "2026-02-29 is not a date: February 2026 has 28 days; write YYYY-MM-DD, "
                   "e.g. 2026-12-24");
    CHECK_INT(showdates_parse("2026-04-31", &d, why, sizeof why), -1);
    CHECK(strstr(why, "April 2026 has 30 days") != NULL);
    /* A long line is shown cut, never past the message. */
    char long_text[300];
    memset(long_text, '9', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    CHECK_INT(showdates_parse(long_text, &d, why, sizeof why), -1);
    CHECK(strlen(why) < 120);
}

/* The local day, in the time zone tz. */
static void use_tz(const char *tz) {
    setenv("TZ", tz, 1);
    tzset();
}

static time_t utc(int y, int mo, int d, int h, int mi) {
    struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi};
    return timegm(&tm);
}

static void test_local_day(void) {
    use_tz("UTC");
    CHECK_INT(showdates_today(utc(2026, 11, 23, 23, 59)), day_of("2026-11-23"));
    CHECK_INT(showdates_today(utc(2026, 11, 24, 0, 0)), day_of("2026-11-24"));
    CHECK(showdates_next_day(utc(2026, 11, 23, 9, 0)) == utc(2026, 11, 24, 0, 0));
    CHECK(showdates_next_day(utc(2026, 11, 23, 23, 59) + 59) == utc(2026, 11, 24, 0, 0));
    CHECK(showdates_next_day(utc(2026, 11, 24, 0, 0)) == utc(2026, 11, 25, 0, 0));
    /* New Zealand is 13 hours ahead in its summer: 12:00 UTC is already
     * the next day there, and its midnight is 11:00 UTC. */
    use_tz("Pacific/Auckland");
    CHECK_INT(showdates_today(utc(2026, 11, 23, 12, 0)), day_of("2026-11-24"));
    CHECK_INT(showdates_today(utc(2026, 11, 23, 10, 59)), day_of("2026-11-23"));
    CHECK(showdates_next_day(utc(2026, 11, 23, 9, 0)) == utc(2026, 11, 23, 11, 0));
    /* London: the clocks go back at 02:00 on 2026-10-25 (a day of 25 hours). */
    use_tz("Europe/London");
    CHECK(showdates_next_day(utc(2026, 10, 24, 23, 30)) == utc(2026, 10, 26, 0, 0));
    CHECK_INT(showdates_today(utc(2026, 10, 24, 23, 30)), day_of("2026-10-25")); /* 00:30 BST */
    CHECK(showdates_next_day(utc(2026, 6, 1, 12, 0)) == utc(2026, 6, 1, 23, 0)); /* BST */
    /* Chile's clocks skip midnight (00:00 is 01:00 on 2026-09-06): the
     * next day starts at the first moment after the gap. */
    use_tz("America/Santiago");
    time_t next = showdates_next_day(utc(2026, 9, 5, 12, 0));
    CHECK(next > utc(2026, 9, 5, 12, 0));
    CHECK_INT(showdates_today(next), day_of("2026-09-06"));
    CHECK_INT(showdates_today(next - 1), day_of("2026-09-05"));
    use_tz("UTC");
}

/* A content of pages a (no dates), b (from 2026-12-10), c (until
 * 2026-12-01), d (2026-12-05..2026-12-06), with a Polish text on b only. */
static content_page pages[4];
static content_text texts[5];
static content folder;

static void make_folder(void) {
    memset(pages, 0, sizeof pages);
    memset(texts, 0, sizeof texts);
    memset(&folder, 0, sizeof folder);
    static char ids[4][2] = {"a", "b", "c", "d"};
    static char titles[5][8] = {"A", "B", "C", "D", "B pl"};
    static char files[5][32] = {"pages/010-a.md", "pages/020-b.md", "pages/030-c.md",
                                "pages/040-d.md", "pages/020-b.pl.md"};
    for (int i = 0; i < 5; i++) {
        snprintf(texts[i].lang, sizeof texts[i].lang, "%s", i == 4 ? "pl" : "en");
        texts[i].title = titles[i];
        texts[i].file = files[i];
        texts[i].has_detail = true;
    }
    for (int i = 0; i < 4; i++) {
        pages[i].id = ids[i];
        pages[i].texts = &texts[i];
        pages[i].text_count = 1;
    }
    static content_text b_texts[2];
    b_texts[0] = texts[1];
    b_texts[1] = texts[4];
    pages[1].texts = b_texts;
    pages[1].text_count = 2;
    pages[1].show_from = day_of("2026-12-10");
    pages[1].show_from_line = 3;
    pages[2].show_until = day_of("2026-12-01");
    pages[2].show_until_line = 4;
    pages[3].show_from = day_of("2026-12-05");
    pages[3].show_from_line = 3;
    pages[3].show_until = day_of("2026-12-06");
    pages[3].show_until_line = 5;
    folder.pages = pages;
    folder.page_count = 4;
    folder.dir = "content";
    snprintf(folder.lang, sizeof folder.lang, "en");
    snprintf(folder.languages[0], sizeof folder.languages[0], "en");
    snprintf(folder.languages[1], sizeof folder.languages[1], "pl");
    folder.language_count = 2;
}

/* The ids of live's pages, joined: "a,c". */
static const char *ids_of(const content *live) {
    static char out[64];
    out[0] = '\0';
    for (int i = 0; i < live->page_count; i++)
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s", i ? "," : "", live->pages[i].id);
    return out;
}

static void test_select(void) {
    make_folder();
    CHECK(!showdates_dated(&pages[0]));
    CHECK(showdates_dated(&pages[1]) && showdates_dated(&pages[2]) && showdates_dated(&pages[3]));
    content live;
    struct { const char *day, *ids; int waiting, ended, languages; } days[] = {
        {"2026-11-30", "a,c", 2, 0, 1},
        {"2026-12-01", "a,c", 2, 0, 1},     /* show_until's day is included */
        {"2026-12-02", "a", 2, 1, 1},
        {"2026-12-05", "a,d", 1, 1, 1},     /* show_from's day is included */
        {"2026-12-06", "a,d", 1, 1, 1},
        {"2026-12-07", "a", 1, 2, 1},
        {"2026-12-10", "a,b", 0, 2, 2},     /* b's Polish text: pl is offered again */
    };
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
        int32_t day = day_of(days[i].day);
        CHECK_INT(showdates_select(&folder, true, day, &live), 0);
        CHECK_STR(ids_of(&live), days[i].ids);
        CHECK_INT(live.language_count, days[i].languages);
        CHECK_STR(live.languages[0], "en");
        CHECK(live.dir == folder.dir);
        showdates_count n = showdates_counted(&folder, day);
        CHECK_INT(n.dated, 3);
        CHECK_INT(n.live, live.page_count);
        CHECK_INT(n.waiting, days[i].waiting);
        CHECK_INT(n.ended, days[i].ended);
        /* The view shares the pages: they are the folder's own. */
        for (int p = 0; p < live.page_count; p++)
            CHECK(live.pages[p].texts == folder.pages[(live.pages[p].id[0] - 'a')].texts);
        showdates_release(&live);
        CHECK(live.pages == NULL && live.page_count == 0);
        /* The clock not synchronised: every page, whatever the day. */
        CHECK_INT(showdates_select(&folder, false, day, &live), 0);
        CHECK_STR(ids_of(&live), "a,b,c,d");
        CHECK_INT(live.language_count, 2);
        showdates_release(&live);
    }
    /* No page live: an empty view, not a failure ("Back soon"). */
    pages[0].show_until = day_of("2026-11-01");
    pages[0].show_until_line = 3;
    CHECK_INT(showdates_select(&folder, true, day_of("2026-12-02"), &live), 0);
    CHECK_INT(live.page_count, 0);
    CHECK_INT(live.language_count, 1);
    showdates_release(&live);
}

static void test_words(void) {
    make_folder();
    char out[200];
    showdates_count n = showdates_counted(&folder, day_of("2026-11-30"));
    showdates_staff_words(&n, true, out, sizeof out);
    CHECK_STR(out, "2 pages wait for their date.");
    n = showdates_counted(&folder, day_of("2026-12-02"));
    showdates_staff_words(&n, true, out, sizeof out);
    CHECK_STR(out, "2 pages wait for their date; 1 page has ended.");
    n = showdates_counted(&folder, day_of("2026-12-07"));
    showdates_staff_words(&n, true, out, sizeof out);
    CHECK_STR(out, "1 page waits for its date; 2 pages have ended.");
    n = showdates_counted(&folder, day_of("2026-12-10"));
    showdates_staff_words(&n, true, out, sizeof out);
    CHECK_STR(out, "2 pages have ended.");
    showdates_staff_words(&n, false, out, sizeof out);
    CHECK_STR(out, "3 pages have dates, but the clock is not set yet: all pages show.");
    showdates_count none = {.live = 4};
    showdates_staff_words(&none, true, out, sizeof out);
    CHECK_STR(out, "");
    showdates_count live = {.live = 2, .dated = 1};
    showdates_staff_words(&live, true, out, sizeof out);
    CHECK_STR(out, "1 page with dates, all shown today.");

    diag_list d;
    diag_list_init(&d);
    CHECK_INT(showdates_notes(&folder, day_of("2026-12-02"), &d), 3);
    CHECK_INT(d.notes, 3);
    char line[400];
    diag_format(&d.items[0], line, sizeof line);
    CHECK_STR(line, "pages/020-b.md:3: note: shown from 2026-12-10 (waiting: 8 days)");
    diag_format(&d.items[1], line, sizeof line);
    CHECK_STR(line, "pages/030-c.md:4: note: shown until 2026-12-01 (ended 1 day ago: take it "
                    "out, or change the date)");
    diag_format(&d.items[2], line, sizeof line);
    CHECK_STR(line, "pages/040-d.md:3: note: shown from 2026-12-05 to 2026-12-06 (waiting: 3 days)");
    diag_list_release(&d);
    diag_list_init(&d);
    showdates_notes(&folder, day_of("2026-12-05"), &d);
    diag_format(&d.items[2], line, sizeof line);
    CHECK_STR(line, "pages/040-d.md:3: note: shown from 2026-12-05 to 2026-12-06 (live today, 1 day left)");
    diag_list_release(&d);
    diag_list_init(&d);
    showdates_notes(&folder, day_of("2026-12-06"), &d);
    diag_format(&d.items[2], line, sizeof line);
    CHECK_STR(line, "pages/040-d.md:3: note: shown from 2026-12-05 to 2026-12-06 (live today, its last day)");
    diag_format(&d.items[1], line, sizeof line);
    CHECK_STR(line, "pages/030-c.md:4: note: shown until 2026-12-01 (ended 5 days ago: take it "
                    "out, or change the date)");
    diag_list_release(&d);
}

/* ---- the app given the live pages ---- */

static int fake_width(void *ctx, font_face face, int size, const char *text, size_t len) {
    (void)ctx;
    (void)face;
    return (int)len * size / 2;
}

static void test_app(void) {
    make_folder();
    theme t;
    theme_defaults(&t);
    app_settings s = {.width = 800, .height = 480, .px_per_mm = 5.2, .page_ms = 12000,
                      .idle_ms = 60000, .anim_ms = 300};
    content day1, day2, day3;
    /* 2026-12-05: a, d. */
    CHECK_INT(showdates_select(&folder, true, day_of("2026-12-05"), &day1), 0);
    app a;
    CHECK_INT(app_init(&a, &day1, &t, (text_measure){fake_width, NULL}, &s, 0), 0);
    CHECK_INT(a.st.page_count, 2);
    /* A visitor on d, reading its detail. */
    app_key_press(&a, APP_KEY_NEXT, 1000);
    app_tick(&a, 2000);
    app_key_press(&a, APP_KEY_OPEN, 2100);
    app_tick(&a, 3000);
    CHECK_INT(a.st.mode, STATE_DETAIL);
    CHECK_INT(a.st.page, 1);
    /* 2026-12-06: the same pages: d stays, still in its detail. */
    CHECK_INT(showdates_select(&folder, true, day_of("2026-12-06"), &day2), 0);
    CHECK_INT(app_set_pages(&a, &day2, 4000), 0);
    showdates_release(&day1);
    CHECK_INT(a.st.mode, STATE_DETAIL);
    CHECK_INT(a.st.page, 1);
    CHECK_STR(app_screen(&a).page, "d");
    CHECK(state_check(&a.st) == NULL);
    CHECK(a.st.last_input == 2100); /* the idle return keeps its time */
    /* 2026-12-07: d ended under the visitor: the page after it (a, the
     * first again) comes, in browse mode, without a slide. */
    CHECK_INT(showdates_select(&folder, true, day_of("2026-12-07"), &day3), 0);
    CHECK_INT(app_set_pages(&a, &day3, 5000), 0);
    showdates_release(&day2);
    CHECK_INT(a.st.page_count, 1);
    CHECK_INT(a.st.mode, STATE_BROWSE);
    CHECK_INT(a.st.page, 0);
    CHECK_INT(a.st.anim, STATE_ANIM_NONE);
    CHECK_STR(app_screen(&a).page, "a");
    CHECK(state_check(&a.st) == NULL);
    app_tick(&a, 70000);               /* nobody: attract mode, as ever */
    CHECK_INT(a.st.mode, STATE_ATTRACT);
    /* 2026-12-10: b comes after a; attract mode stays on a, keeping its
     * time; the visit's language is kept when it is still offered. */
    content day4, day5;
    CHECK_INT(showdates_select(&folder, true, day_of("2026-12-10"), &day4), 0);
    uint64_t since = a.st.page_since;
    CHECK_INT(app_set_pages(&a, &day4, 71000), 0);
    showdates_release(&day3);
    CHECK_INT(a.st.page_count, 2);
    CHECK_INT(a.st.mode, STATE_ATTRACT);
    CHECK_INT(a.st.page, 0);
    CHECK(a.st.page_since == since);
    app_set_language(&a, 1);
    CHECK_STR(app_language(&a), "pl");
    app_key_press(&a, APP_KEY_NEXT, 72000);
    app_tick(&a, 73000);
    CHECK_INT(a.st.page, 1);
    CHECK_STR(app_screen(&a).lang, "pl");
    /* Every page ended: "Back soon", and the app answers as ever. */
    for (int i = 0; i < 4; i++) {
        pages[i].show_until = day_of("2026-12-20");
        pages[i].show_until_line = 9;
    }
    CHECK_INT(showdates_select(&folder, true, day_of("2026-12-21"), &day5), 0);
    CHECK_INT(app_set_pages(&a, &day5, 74000), 0);
    showdates_release(&day4);
    CHECK(!app_has_pages(&a));
    CHECK(app_view(&a, 0, false) == &a.back_soon);
    CHECK(app_screen(&a).page == NULL);
    app_pointer_down(&a, 1, 400, 240, 75000);
    app_pointer_up(&a, 1, 400, 240, 75080);
    app_tick(&a, 76000);
    CHECK(state_check(&a.st) == NULL);
    /* And back: a page comes again. */
    pages[0].show_until_line = 0;
    content day6;
    CHECK_INT(showdates_select(&folder, true, day_of("2026-12-21"), &day6), 0);
    CHECK_INT(app_set_pages(&a, &day6, 77000), 0);
    showdates_release(&day5);
    CHECK(app_has_pages(&a));
    CHECK_STR(app_screen(&a).page, "a");
    CHECK(app_view(&a, 0, false) != &a.back_soon);
    app_release(&a);
    showdates_release(&day6);
}

int main(void) {
    test_parse();
    test_local_day();
    test_select();
    test_words();
    test_app();
    return check_summary();
}
