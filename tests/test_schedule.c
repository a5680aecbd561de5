/* test_schedule.c - opening hours (schedule.c): the day texts staff write
 * and the messages for the wrong ones; open or closed at exact minutes on
 * every weekday in Europe/London, Asia/Kolkata (+05:30) and
 * America/New_York; the days the clocks change; the next change, checked
 * against a minute-by-minute walk; and the screen policy (clock not
 * synchronised, a touch waking the screen for wake_ms, then off again);
 * and clocksync.c's answer from systemd-timesyncd's flag file.
 * Expected instants are written in UTC with timegm(), independently of
 * the time-zone code under test. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "clocksync.h"
#include "schedule.h"

static void use_zone(const char *zone) {
    setenv("TZ", zone, 1);
    tzset();
}

/* An instant given in UTC. */
static time_t utc(int year, int month, int day, int hour, int minute) {
    struct tm tm = {.tm_year = year - 1900, .tm_mon = month - 1, .tm_mday = day,
                    .tm_hour = hour, .tm_min = minute};
    return timegm(&tm);
}

static void expect_day(int day, const char *text, int count, const int *minutes) {
    schedule s;
    schedule_init(&s);
    char err[256] = "";
    int rc = schedule_parse_day(&s, day, text, err, sizeof err);
    if (rc != 0) fprintf(stderr, "  \"%s\" refused: %s\n", text, err);
    CHECK_INT(rc, 0);
    CHECK_INT(s.count[day], count);
    for (int i = 0; i < count && i < s.count[day]; i++) {
        CHECK_INT(s.range[day][i].start, minutes[2 * i]);
        CHECK_INT(s.range[day][i].end, minutes[2 * i + 1]);
    }
}

static void expect_refused(int day, const char *text, const char *message) {
    schedule s, before;
    schedule_init(&s);
    CHECK_INT(schedule_parse_day(&s, day, "09:00-17:00", NULL, 0), 0);
    before = s;
    char err[256] = "";
    int rc = schedule_parse_day(&s, day, text, err, sizeof err);
    if (rc != -1 || !strstr(err, message))
        fprintf(stderr, "  \"%s\": rc %d, \"%s\" (wanted \"%s\")\n", text, rc, err, message);
    CHECK_INT(rc, -1);
    CHECK(strstr(err, message) != NULL);
    CHECK(memcmp(&s, &before, sizeof s) == 0); /* unchanged */
    /* Checking only (NULL schedule) says the same. */
    char again[256] = "";
    CHECK_INT(schedule_parse_day(NULL, day, text, again, sizeof again), -1);
    CHECK_STR(again, err);
}

static void test_parse(void) {
    expect_day(0, "08:00-18:00", 1, (int[]){480, 1080});
    expect_day(0, "8:00-18:00", 1, (int[]){480, 1080});
    expect_day(1, "  08:00 - 12:30 ,13:30-18:00  ", 2, (int[]){480, 750, 810, 1080});
    expect_day(2, "13:30-18:00, 08:00-12:30", 2, (int[]){480, 750, 810, 1080}); /* sorted */
    expect_day(3, "08:00\xE2\x80\x93" "18:00", 1, (int[]){480, 1080});          /* en dash */
    expect_day(4, "00:00-24:00", 1, (int[]){0, 1440});
    expect_day(5, "08:00-12:00, 12:00-18:00", 2, (int[]){480, 720, 720, 1080}); /* touching */
    expect_day(6, "closed", 0, NULL);
    expect_day(6, " Closed ", 0, NULL);
    expect_day(6, "CLOSED", 0, NULL);
    expect_day(0, "", 1, (int[]){0, 1440});
    expect_day(0, "  \t ", 1, (int[]){0, 1440});
    expect_day(0, "0:00-0:01, 23:59-24:00", 2, (int[]){0, 1, 1439, 1440});
    expect_day(0, "1:00-2:00,3:00-4:00,5:00-6:00,7:00-8:00,9:00-10:00,11:00-12:00,"
                  "13:00-14:00,15:00-16:00",
               8, (int[]){60, 120, 180, 240, 300, 360, 420, 480, 540, 600, 660, 720, 780, 840,
                          900, 960});

    /* The messages staff see (config.c puts file:line in front). */
    expect_refused(0, "8-18", "monday: 8-18 is not HH:MM-HH:MM, e.g. 08:00-18:00");
    expect_refused(1, "0800-1800", "tuesday: 0800-1800 is not HH:MM-HH:MM");
    expect_refused(2, "8:0-18:00", "is not HH:MM-HH:MM");
    expect_refused(2, "008:00-18:00", "is not HH:MM-HH:MM");
    expect_refused(2, "08:000-18:00", "is not HH:MM-HH:MM");
    expect_refused(2, "08:00 18:00", "is not HH:MM-HH:MM");
    expect_refused(2, "08:00-18:00-19:00", "is not HH:MM-HH:MM");
    expect_refused(2, "08:00-18:00x", "is not HH:MM-HH:MM");
    expect_refused(2, "08:00-", "is not HH:MM-HH:MM");
    expect_refused(2, "open", "wednesday: open is not HH:MM-HH:MM");
    expect_refused(2, "closed today", "is not HH:MM-HH:MM");
    expect_refused(3, "25:00-26:00", "thursday: 25:00-26:00 has a time that does not exist");
    expect_refused(3, "12:60-13:00", "has a time that does not exist (use 00:00 to 24:00)");
    expect_refused(3, "08:00-24:30", "has a time that does not exist");
    expect_refused(4, "22:00-02:00",
                   "friday: 22:00-02:00 goes past midnight; end it at 24:00 and start the next "
                   "day at 00:00");
    expect_refused(4, "24:00-24:00", "starts and ends at the same time");
    expect_refused(5, "08:00-08:00",
                   "saturday: 08:00-08:00 starts and ends at the same time; for a day the "
                   "clinic is closed, write closed");
    expect_refused(6, "08:00-12:30, 12:00-18:00", "sunday: 12:00-18:00 overlaps 08:00-12:30");
    expect_refused(6, "12:00-18:00, 08:00-12:30", "sunday: 12:00-18:00 overlaps 08:00-12:30");
    expect_refused(6, "08:00-18:00, 09:00-10:00", "09:00-10:00 overlaps 08:00-18:00");
    expect_refused(0, "08:00-12:00,", "monday: a time range is missing between commas");
    expect_refused(0, "08:00-12:00,,13:00-14:00", "a time range is missing between commas");
    expect_refused(0, ", 08:00-12:00", "a time range is missing between commas");
    expect_refused(0, "1:00-2:00,3:00-4:00,5:00-6:00,7:00-8:00,9:00-10:00,11:00-12:00,"
                      "13:00-14:00,15:00-16:00,17:00-18:00",
                   "monday: more than 8 time ranges");
    char long_text[200];
    memset(long_text, ' ', sizeof long_text);
    memcpy(long_text, "08:00-18:00", 11);
    long_text[SCHEDULE_TEXT_MAX] = '\0'; /* 128 characters: one too many */
    expect_refused(0, long_text, "monday: the hours are too long (at most 127 characters)");
    long_text[SCHEDULE_TEXT_MAX - 1] = '\0';
    CHECK_INT(schedule_parse_day(NULL, 0, long_text, NULL, 0), 0);
    char err[64];
    CHECK_INT(schedule_parse_day(NULL, 7, "08:00-18:00", err, sizeof err), -1);
    CHECK_INT(schedule_parse_day(NULL, -1, "08:00-18:00", err, sizeof err), -1);

    /* A week: any bad day refuses it all, and the message names the day. */
    schedule s, before;
    schedule_init(&s);
    before = s;
    CHECK(!s.set);
    const char *bad[7] = {"08:00-18:00", "", "", "", "", "", "9-5"};
    char message[256] = "";
    CHECK_INT(schedule_parse_week(&s, bad, message, sizeof message), -1);
    CHECK_STR(message, "sunday: 9-5 is not HH:MM-HH:MM, e.g. 08:00-18:00");
    CHECK(memcmp(&s, &before, sizeof s) == 0);
    const char *empty[7] = {"", "", "", "", "", "", NULL};
    CHECK_INT(schedule_parse_week(&s, empty, message, sizeof message), 0);
    CHECK(!s.set); /* no hours: the screen stays on */
    const char *one[7] = {"", "", "", "", "", "", "closed"};
    CHECK_INT(schedule_parse_week(&s, one, message, sizeof message), 0);
    CHECK(s.set);
}

/* The clinic used below: weekdays 08:00-18:00 with lunch closed on
 * Wednesdays, Saturday mornings, closed on Sundays. */
static void clinic(schedule *s) {
    const char *week[7] = {"08:00-18:00", "08:00-18:00", "08:00-12:30, 13:30-18:00",
                           "08:00-18:00", "08:00-18:00", "09:00-12:00", "closed"};
    char err[256];
    CHECK_INT(schedule_parse_week(s, week, err, sizeof err), 0);
}

/* Open at the given UTC instant (and one second before it, the other way)? */
static void expect_edge(const schedule *s, time_t t, bool open_from_t) {
    bool at = schedule_is_open(s, t), before = schedule_is_open(s, t - 1);
    if (at != open_from_t || before == open_from_t) {
        char when[64];
        struct tm tm;
        localtime_r(&t, &tm);
        strftime(when, sizeof when, "%a %Y-%m-%d %H:%M:%S %Z", &tm);
        fprintf(stderr, "  at %s: open %d, a second before %d (wanted %d then %d)\n", when, at,
                before, open_from_t, !open_from_t);
    }
    CHECK(at == open_from_t);
    CHECK(before != open_from_t);
}

/* Every weekday of one week, starting on a Monday given as a UTC date,
 * where local time is UTC + offset_minutes. */
static void check_week(const schedule *s, int year, int month, int monday, int offset_minutes) {
    for (int d = 0; d < 5; d++) {
        time_t midnight = utc(year, month, monday + d, 0, 0) - offset_minutes * 60;
        expect_edge(s, midnight + 8 * 3600, true);   /* opens at 08:00 */
        expect_edge(s, midnight + 18 * 3600, false); /* closes at 18:00 */
        CHECK(schedule_is_open(s, midnight + 17 * 3600 + 59 * 60 + 59));
        CHECK(!schedule_is_open(s, midnight + 7 * 3600 + 59 * 60 + 59));
        CHECK(!schedule_is_open(s, midnight));
        if (d == 2) {
            expect_edge(s, midnight + 12 * 3600 + 30 * 60, false); /* lunch */
            expect_edge(s, midnight + 13 * 3600 + 30 * 60, true);
            CHECK(!schedule_is_open(s, midnight + 13 * 3600));
        } else {
            CHECK(schedule_is_open(s, midnight + 13 * 3600));
        }
    }
    time_t saturday = utc(year, month, monday + 5, 0, 0) - offset_minutes * 60;
    expect_edge(s, saturday + 9 * 3600, true);
    expect_edge(s, saturday + 12 * 3600, false);
    time_t sunday = utc(year, month, monday + 6, 0, 0) - offset_minutes * 60;
    for (int h = 0; h < 24; h++) CHECK(!schedule_is_open(s, sunday + h * 3600));
}

static void test_weekdays(void) {
    schedule s;
    clinic(&s);
    use_zone("Europe/London");
    check_week(&s, 2026, 1, 5, 0);    /* GMT */
    check_week(&s, 2026, 7, 6, 60);   /* BST: 08:00 is 07:00 UTC */
    use_zone("Asia/Kolkata");
    check_week(&s, 2026, 1, 5, 330);  /* +05:30: 08:00 is 02:30 UTC */
    use_zone("America/New_York");
    check_week(&s, 2026, 1, 5, -300); /* EST */
    check_week(&s, 2026, 7, 6, -240); /* EDT */
    /* The same instant is Monday 08:00 in London and Monday 13:30 in
     * Kolkata: open in both; at 18:00 London it is 23:30 in Kolkata. */
    time_t t = utc(2026, 1, 5, 18, 0);
    use_zone("Europe/London");
    CHECK(!schedule_is_open(&s, t));
    CHECK(schedule_is_open(&s, t - 1));
    use_zone("Asia/Kolkata");
    CHECK(!schedule_is_open(&s, t));
    CHECK(!schedule_is_open(&s, t - 1));
    CHECK(schedule_is_open(&s, utc(2026, 1, 5, 8, 0)));

    /* Days without text are open all day. */
    schedule open_days;
    schedule_init(&open_days);
    CHECK_INT(schedule_parse_day(&open_days, 6, "closed", NULL, 0), 0);
    use_zone("Europe/London");
    CHECK(schedule_is_open(&open_days, utc(2026, 1, 10, 23, 59))); /* Saturday */
    CHECK(!schedule_is_open(&open_days, utc(2026, 1, 11, 0, 0)));  /* Sunday */
    CHECK(schedule_is_open(&open_days, utc(2026, 1, 12, 0, 0)));   /* Monday */
}

static void expect_change(const schedule *s, time_t from, time_t want) {
    time_t when = 0;
    bool found = schedule_next_change(s, from, &when);
    if (!found || when != want)
        fprintf(stderr, "  next change after %lld: %s %lld, wanted %lld (%+lld s)\n",
                (long long)from, found ? "found" : "none", (long long)when, (long long)want,
                (long long)(when - want));
    CHECK(found);
    CHECK_INT(when, want);
}

/* The next change by brute force: every whole minute after t. */
static bool walk_to_change(const schedule *s, time_t t, time_t *when) {
    bool state = schedule_is_open(s, t);
    time_t m = (t / 60 + 1) * 60;
    for (int i = 0; i < 8 * 24 * 60 + 1; i++, m += 60)
        if (schedule_is_open(s, m) != state) {
            *when = m;
            return true;
        }
    return false;
}

static void compare_with_walk(const schedule *s, time_t from, time_t to, int step) {
    int mismatches = 0;
    for (time_t t = from; t < to; t += step) {
        time_t fast = 0, slow = 0;
        bool a = schedule_next_change(s, t, &fast), b = walk_to_change(s, t, &slow);
        if (a != b || (a && fast != slow)) {
            if (mismatches++ < 5)
                fprintf(stderr, "  from %lld: next_change %d %lld, walk %d %lld\n", (long long)t,
                        a, (long long)fast, b, (long long)slow);
        }
        CHECK(a == b && (!a || fast == slow));
        if (a) CHECK(fast > t);
    }
}

static void test_next_change(void) {
    schedule s;
    clinic(&s);
    use_zone("Europe/London");
    /* Monday 5 January 2026, GMT. */
    expect_change(&s, utc(2026, 1, 5, 12, 0), utc(2026, 1, 5, 18, 0));
    expect_change(&s, utc(2026, 1, 5, 7, 59) + 59, utc(2026, 1, 5, 8, 0));
    expect_change(&s, utc(2026, 1, 5, 8, 0), utc(2026, 1, 5, 18, 0));   /* not itself */
    expect_change(&s, utc(2026, 1, 7, 9, 0), utc(2026, 1, 7, 12, 30));  /* lunch */
    expect_change(&s, utc(2026, 1, 7, 12, 30), utc(2026, 1, 7, 13, 30));
    expect_change(&s, utc(2026, 1, 9, 18, 0), utc(2026, 1, 10, 9, 0));  /* Friday to Saturday */
    expect_change(&s, utc(2026, 1, 10, 12, 0), utc(2026, 1, 12, 8, 0)); /* over closed Sunday */
    /* BST: 08:00 is 07:00 UTC. */
    expect_change(&s, utc(2026, 7, 4, 11, 0), utc(2026, 7, 6, 7, 0));

    /* Touching ranges and days are one opening: no change at 12:00 or at
     * midnight. */
    schedule joined;
    schedule_init(&joined);
    const char *week[7] = {"08:00-12:00, 12:00-24:00", "00:00-10:00", "closed", "closed",
                           "closed", "closed", "closed"};
    char err[256];
    CHECK_INT(schedule_parse_week(&joined, week, err, sizeof err), 0);
    expect_change(&joined, utc(2026, 1, 5, 9, 0), utc(2026, 1, 6, 10, 0));
    expect_change(&joined, utc(2026, 1, 6, 10, 0), utc(2026, 1, 12, 8, 0)); /* six days on */

    /* Nothing changes within the week. */
    schedule always;
    schedule_init(&always);
    const char *all_day[7] = {"00:00-24:00", "00:00-24:00", "00:00-24:00", "00:00-24:00",
                              "00:00-24:00", "00:00-24:00", "00:00-24:00"};
    CHECK_INT(schedule_parse_week(&always, all_day, err, sizeof err), 0);
    time_t when;
    CHECK(!schedule_next_change(&always, utc(2026, 3, 28, 12, 0), &when)); /* over a DST day */
    const char *never[7] = {"closed", "closed", "closed", "closed", "closed", "closed", "closed"};
    CHECK_INT(schedule_parse_week(&always, never, err, sizeof err), 0);
    CHECK(!schedule_next_change(&always, utc(2026, 10, 24, 12, 0), &when));
}

/* Europe/London changes at 01:00 UTC: on 29 March 2026 01:00 GMT becomes
 * 02:00 BST; on 25 October 2026 02:00 BST becomes 01:00 GMT. */
static void test_dst(void) {
    use_zone("Europe/London");
    schedule s;
    schedule_init(&s);
    const char *week[7] = {"", "", "", "", "", "09:00-12:00", "00:30-01:30, 09:00-17:00"};
    char err[256];
    CHECK_INT(schedule_parse_week(&s, week, err, sizeof err), 0);

    /* Spring: 01:00-01:30 never happens, so the night range ends at the
     * jump; the day opens at 09:00 BST = 08:00 UTC. */
    CHECK(schedule_is_open(&s, utc(2026, 3, 29, 0, 59)));
    CHECK(!schedule_is_open(&s, utc(2026, 3, 29, 1, 0)));
    expect_change(&s, utc(2026, 3, 29, 0, 45), utc(2026, 3, 29, 1, 0));
    expect_change(&s, utc(2026, 3, 29, 1, 0), utc(2026, 3, 29, 8, 0));
    expect_change(&s, utc(2026, 3, 29, 8, 0), utc(2026, 3, 29, 16, 0));
    expect_change(&s, utc(2026, 3, 28, 12, 0), utc(2026, 3, 29, 0, 30)); /* GMT still */
    expect_edge(&s, utc(2026, 3, 29, 8, 0), true);
    expect_edge(&s, utc(2026, 3, 29, 16, 0), false);

    /* Autumn: 01:00-02:00 local happens twice; 00:30-01:30 is open twice. */
    expect_change(&s, utc(2026, 10, 24, 12, 0), utc(2026, 10, 24, 23, 30)); /* 00:30 BST */
    expect_change(&s, utc(2026, 10, 24, 23, 30), utc(2026, 10, 25, 0, 30)); /* 01:30 BST */
    expect_change(&s, utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 0));   /* 01:00 GMT */
    expect_change(&s, utc(2026, 10, 25, 1, 0), utc(2026, 10, 25, 1, 30));   /* 01:30 GMT */
    expect_change(&s, utc(2026, 10, 25, 1, 30), utc(2026, 10, 25, 9, 0));   /* 09:00 GMT */
    expect_change(&s, utc(2026, 10, 25, 9, 0), utc(2026, 10, 25, 17, 0));

    /* The clinic's normal week across both changes, and the zones'
     * offsets around them, against a minute-by-minute walk. */
    schedule c;
    clinic(&c);
    compare_with_walk(&c, utc(2026, 3, 22, 0, 7), utc(2026, 4, 5, 0, 0), 97 * 60 + 13);
    compare_with_walk(&c, utc(2026, 10, 18, 0, 7), utc(2026, 11, 1, 0, 0), 97 * 60 + 13);
    compare_with_walk(&s, utc(2026, 3, 28, 0, 0), utc(2026, 3, 30, 0, 0), 17 * 60 + 1);
    compare_with_walk(&s, utc(2026, 10, 24, 0, 0), utc(2026, 10, 26, 0, 0), 17 * 60 + 1);
    use_zone("America/New_York"); /* 8 March and 1 November 2026, at 02:00 local */
    compare_with_walk(&c, utc(2026, 3, 1, 0, 7), utc(2026, 3, 15, 0, 0), 97 * 60 + 13);
    compare_with_walk(&s, utc(2026, 10, 31, 0, 0), utc(2026, 11, 2, 0, 0), 17 * 60 + 1);
    use_zone("Asia/Kolkata");
    compare_with_walk(&c, utc(2026, 1, 1, 0, 7), utc(2026, 1, 15, 0, 0), 97 * 60 + 13);
}

static schedule_screen policy(const schedule *s, time_t wall, bool synced, uint64_t now_ms,
                              bool touched, uint64_t touch_ms) {
    schedule_screen_input in = {.wall = wall, .clock_synchronised = synced, .now_ms = now_ms,
                                .touched = touched, .last_touch_ms = touch_ms,
                                .wake_ms = 5 * 60 * 1000};
    schedule_screen out;
    memset(&out, 0x5A, sizeof out);
    schedule_screen_policy(s, &in, &out);
    return out;
}

static void test_policy(void) {
    use_zone("Europe/London");
    schedule s;
    clinic(&s);
    time_t monday_noon = utc(2026, 1, 5, 12, 0), monday_night = utc(2026, 1, 5, 22, 0);

    schedule_screen r = policy(&s, monday_noon, true, 1000, false, 0);
    CHECK(r.on);
    CHECK_INT(r.why, SCREEN_OPEN);
    CHECK_STR(r.reason, "opening hours: on until 18:00 on Monday");
    CHECK_INT(r.ms_until_change, SCHEDULE_RECHECK_MS);
    r = policy(&s, utc(2026, 1, 5, 17, 59) + 30, true, 1000, false, 0);
    CHECK(r.on);
    CHECK_INT(r.ms_until_change, 30000);

    r = policy(&s, monday_night, true, 1000, false, 0);
    CHECK(!r.on);
    CHECK_INT(r.why, SCREEN_CLOSED);
    CHECK_STR(r.reason, "outside opening hours: off until 08:00 on Tuesday");
    CHECK_INT(r.ms_until_change, SCHEDULE_RECHECK_MS);
    r = policy(&s, utc(2026, 1, 6, 7, 59) + 59, true, 1000, false, 0);
    CHECK(!r.on);
    CHECK_INT(r.ms_until_change, 1000);
    r = policy(&s, utc(2026, 1, 10, 12, 0), true, 1000, false, 0);
    CHECK_STR(r.reason, "outside opening hours: off until 08:00 on Monday");

    /* The clock not synchronised: on, whatever the hours say. */
    r = policy(&s, monday_night, false, 1000, false, 0);
    CHECK(r.on);
    CHECK_INT(r.why, SCREEN_CLOCK_UNSYNCED);
    CHECK(strncmp(r.reason, "clock not synchronised: keeping the screen on", 45) == 0);
    CHECK_INT(r.ms_until_change, SCHEDULE_RECHECK_MS);
    r = policy(&s, monday_noon, false, 1000, false, 0);
    CHECK_INT(r.why, SCREEN_CLOCK_UNSYNCED);

    /* A touch at 10 000 ms while off: on for 5 minutes, then off again. */
    uint64_t touch = 10000, wake = 5 * 60 * 1000;
    r = policy(&s, monday_night, true, touch, true, touch);
    CHECK(r.on);
    CHECK_INT(r.why, SCREEN_WOKEN);
    CHECK_STR(r.reason, "touched outside opening hours: on for 5 min after the last touch");
    CHECK_INT(r.ms_until_change, SCHEDULE_RECHECK_MS);
    r = policy(&s, monday_night + 280, true, touch + 280000, true, touch);
    CHECK(r.on);
    CHECK_INT(r.ms_until_change, 20000);
    r = policy(&s, monday_night + 299, true, touch + wake - 1, true, touch);
    CHECK(r.on);
    CHECK_INT(r.ms_until_change, 1);
    r = policy(&s, monday_night + 300, true, touch + wake, true, touch);
    CHECK(!r.on);
    CHECK_INT(r.why, SCREEN_CLOSED);
    /* A second touch starts the five minutes again. */
    r = policy(&s, monday_night + 400, true, touch + 400000, true, touch + 390000);
    CHECK(r.on);
    CHECK_INT(r.why, SCREEN_WOKEN);
    CHECK_INT(r.ms_until_change, SCHEDULE_RECHECK_MS);
    /* Someone using it at closing time is not cut off: on until 5
     * minutes after their last touch. */
    r = policy(&s, utc(2026, 1, 5, 18, 0), true, 500000, true, 400000);
    CHECK(r.on);
    CHECK_INT(r.why, SCREEN_WOKEN);
    CHECK_INT(r.ms_until_change, 200000 < SCHEDULE_RECHECK_MS ? 200000 : SCHEDULE_RECHECK_MS);
    r = policy(&s, utc(2026, 1, 5, 18, 0), true, 700000, true, 400000);
    CHECK(!r.on);
    /* A touch during opening hours long ago does not wake it at night. */
    r = policy(&s, monday_night, true, 40000000, true, 1000);
    CHECK(!r.on);
    /* A wake shorter than the recheck: the exact end. */
    schedule_screen_input in = {.wall = monday_night, .clock_synchronised = true,
                                .now_ms = 5000, .touched = true, .last_touch_ms = 4000,
                                .wake_ms = 30000};
    schedule_screen_policy(&s, &in, &r);
    CHECK(r.on);
    CHECK_INT(r.ms_until_change, 29000);
    CHECK_STR(r.reason, "touched outside opening hours: on for 30 s after the last touch");

    /* No hours set: always on, nothing to wait for. */
    schedule none;
    schedule_init(&none);
    r = policy(&none, monday_night, false, 1000, false, 0);
    CHECK(r.on);
    CHECK_INT(r.why, SCREEN_NO_HOURS);
    CHECK_INT(r.ms_until_change, UINT32_MAX);
    CHECK_STR(r.reason, "no opening hours set: the screen stays on");

    /* Closed every day: off, and a touch still wakes it. */
    const char *never[7] = {"closed", "closed", "closed", "closed", "closed", "closed", "closed"};
    char err[256];
    CHECK_INT(schedule_parse_week(&none, never, err, sizeof err), 0);
    r = policy(&none, monday_noon, true, 1000, false, 0);
    CHECK(!r.on);
    CHECK_STR(r.reason, "closed all week: the screen stays off until touched");
    r = policy(&none, monday_noon, true, 1000, true, 900);
    CHECK(r.on);
}

static void test_clocksync(void) {
    char flag[64];
    strcpy(flag, "/tmp/test_schedule_synchronized_XXXXXX");
    int fd = mkstemp(flag);
    CHECK(fd >= 0);
    if (fd >= 0) close(fd);
    char why[256] = "";
    CHECK(clocksync_check(flag, why, sizeof why));
    CHECK(strstr(why, "systemd-timesyncd has synchronised the clock") != NULL);
    CHECK(strstr(why, flag) != NULL);
    unlink(flag);
    /* Without the file the kernel answers; this machine's answer cannot
     * be known here, but it always comes with a reason. */
    why[0] = '\0';
    bool synced = clocksync_check(flag, why, sizeof why);
    CHECK(strstr(why, "kernel") != NULL);
    printf("  this machine's clock: %s (%s)\n", synced ? "synchronised" : "not synchronised", why);
    why[0] = '\0';
    CHECK(clocksync_check(NULL, why, sizeof why) == synced);
    CHECK(strstr(why, "kernel") != NULL);
}

int main(void) {
    test_clocksync();
    test_parse();
    test_weekdays();
    test_next_change();
    test_dst();
    test_policy();
    return check_summary();
}
