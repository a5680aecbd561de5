/* schedule.h - opening hours: a few time ranges for each weekday, and the
 * questions the shell asks of them: is the clinic open at this moment,
 * when does that next change, and should the screen be on now.
 *
 * Pure C (libc only), no SDL, no clock reads: every time is a parameter.
 * Days and times are local: localtime_r(), so TZ and the system's time
 * zone apply, daylight saving included. Whether the system clock can be
 * trusted is asked elsewhere (clocksync.h) and passed in as a bool. */
#ifndef KIOSK_SCHEDULE_H
#define KIOSK_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define SCHEDULE_MAX_RANGES 8     /* time ranges on one day */
#define SCHEDULE_TEXT_MAX 128     /* longest day text, with its '\0' */
#define SCHEDULE_RECHECK_MS 60000 /* the policy looks again at least this often */

/* Text of each day, as in the settings:
 *   ""                            open all day (no hours set for that day)
 *   "closed"                      closed all day (any case)
 *   "08:00-18:00"                 one range; 8:00 is read as 08:00; 24:00 ends the day
 *   "08:00-12:30, 13:30-18:00"    several, in any order, not overlapping
 * A range ends before it starts never: one that goes past midnight is
 * refused, with a message that says to split it at 24:00 across the two
 * days ("22:00-24:00" and "00:00-02:00" the next day). */

typedef struct {
    int16_t start, end;           /* minutes after local midnight; start < end <= 1440 */
} schedule_range;

typedef struct {
    /* Index 0 is Monday, 6 is Sunday (as in the settings). Ranges sorted. */
    schedule_range range[7][SCHEDULE_MAX_RANGES];
    int count[7];
    bool set;                     /* some day had text: hours apply */
} schedule;

/* Weekday names, "monday".."sunday"; day 0 is Monday. */
extern const char *const schedule_day_names[7];

/* Every day open all day; set is false. */
void schedule_init(schedule *s);

/* Parses one day's text into s's day (0 = Monday). Returns 0, or -1 with
 * a message for staff that starts with the day's name, e.g.
 * "monday: 8-18 is not HH:MM-HH:MM, e.g. 08:00-18:00"; s is then unchanged.
 * s may be NULL to only check the text. */
int schedule_parse_day(schedule *s, int day, const char *text, char *err, size_t errsize);

/* Parses seven texts, Monday first (the config's hours[]). Returns 0, or
 * -1 with the first day's message. */
int schedule_parse_week(schedule *s, const char *const text[7], char *err, size_t errsize);

/* Open at local time of t? A day without text is open all day. */
bool schedule_is_open(const schedule *s, time_t t);

/* The first moment after t at which schedule_is_open() gives the other
 * answer, looking 8 days ahead. Returns true and fills *when, or false
 * when nothing changes in that time (open all week, or closed all week).
 * Daylight-saving changes are followed: a closing time at 01:30 on the
 * night the clocks go back is met twice. */
bool schedule_next_change(const schedule *s, time_t t, time_t *when);

/* Why the screen is on or off. */
typedef enum {
    SCREEN_NO_HOURS,        /* no hours set: always on */
    SCREEN_CLOCK_UNSYNCED,  /* the time cannot be trusted: on */
    SCREEN_OPEN,            /* inside opening hours: on */
    SCREEN_WOKEN,           /* outside them, but touched in the last wake_ms: on */
    SCREEN_CLOSED,          /* outside them: off */
} schedule_screen_why;

typedef struct {
    time_t wall;                 /* now, from the system clock */
    bool clock_synchronised;     /* clocksync_check() */
    uint64_t now_ms;             /* now, monotonic */
    bool touched;                /* there was a touch (then last_touch_ms is set) */
    uint64_t last_touch_ms;      /* monotonic time of the latest touch, on or off */
    uint32_t wake_ms;            /* a touch keeps the screen on this long */
} schedule_screen_input;

typedef struct {
    bool on;
    schedule_screen_why why;
    /* Ask again after at most this long: the time to the next change in
     * the hours or the end of a wake, capped at SCHEDULE_RECHECK_MS so a
     * clock set by NTP is noticed within a minute; UINT32_MAX when nothing
     * can change (no hours set). A touch can change it sooner. */
    uint32_t ms_until_change;
    /* For the log, e.g. "outside opening hours: off until 08:00 on Tuesday". */
    char reason[160];
} schedule_screen;

/* The screen policy: on when no hours are set, when the clock is not
 * synchronised, inside opening hours, and for wake_ms after the latest
 * touch (so a touch just before closing also keeps it on); off otherwise. */
void schedule_screen_policy(const schedule *s, const schedule_screen_input *in,
                            schedule_screen *out);

#endif
