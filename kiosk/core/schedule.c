/* schedule.c - opening hours and the screen policy. See schedule.h.
 *
 * Pure C: the only outside call is localtime_r (the local time zone).
 * The next change is found without stepping minute by minute: the week
 * is cut where the UTC offset changes (daylight saving), and within each
 * piece local time is plain arithmetic on the offset. */
#include "schedule.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

const char *const schedule_day_names[7] = {"monday", "tuesday", "wednesday", "thursday",
                                           "friday", "saturday", "sunday"};

enum { DAY_MINUTES = 24 * 60, DAY_SECONDS = 24 * 60 * 60, LOOK_AHEAD_DAYS = 8 };

void schedule_init(schedule *s) {
    memset(s, 0, sizeof *s);
    for (int d = 0; d < 7; d++) {
        s->range[d][0] = (schedule_range){0, DAY_MINUTES};
        s->count[d] = 1;
    }
}

static bool is_space(char c) {
    return c == ' ' || c == '\t';
}

/* Reads H:MM or HH:MM at *p; fills *minutes (0..1440, 24:00 allowed).
 * Returns 1 on success, 0 when the text is not in that form, -1 when it
 * is but the time does not exist (25:00, 12:60, 24:30). */
static int read_time(const char **p, int *minutes) {
    const char *s = *p;
    int hour = 0, digits = 0;
    while (*s >= '0' && *s <= '9' && digits < 3) hour = hour * 10 + (*s++ - '0'), digits++;
    if (digits < 1 || digits > 2 || *s != ':') return 0;
    s++;
    if (!(s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9')) return 0;
    int minute = (s[0] - '0') * 10 + (s[1] - '0');
    s += 2;
    if (*s >= '0' && *s <= '9') return 0;
    *p = s;
    if (minute > 59 || hour > 24 || (hour == 24 && minute != 0)) return -1;
    *minutes = hour * 60 + minute;
    return 1;
}

/* The separator between two times: '-', or the en dash word processors
 * put in its place. */
static bool read_dash(const char **p) {
    if (**p == '-') {
        (*p)++;
        return true;
    }
    if (strncmp(*p, "\xE2\x80\x93", 3) == 0) {
        *p += 3;
        return true;
    }
    return false;
}

static void format_range(char *buf, size_t size, schedule_range r) {
    snprintf(buf, size, "%02d:%02d-%02d:%02d", r.start / 60, r.start % 60, r.end / 60,
             r.end % 60);
}

/* Parses one "HH:MM-HH:MM" item (already trimmed, item[0..len)). */
static int parse_range(const char *day, const char *item, size_t len, schedule_range *out,
                       char *err, size_t errsize) {
    char text[SCHEDULE_TEXT_MAX];
    snprintf(text, sizeof text, "%.*s", (int)len, item);
    const char *p = text;
    int start = 0, end = 0;
    int a = read_time(&p, &start);
    while (a != 0 && is_space(*p)) p++;
    bool dash = a != 0 && read_dash(&p);
    while (dash && is_space(*p)) p++;
    int b = dash ? read_time(&p, &end) : 0;
    if (a == 0 || !dash || b == 0 || *p != '\0') {
        snprintf(err, errsize, "%s: %s is not HH:MM-HH:MM, e.g. 08:00-18:00", day, text);
        return -1;
    }
    if (a < 0 || b < 0) {
        snprintf(err, errsize, "%s: %s has a time that does not exist (use 00:00 to 24:00)",
                 day, text);
        return -1;
    }
    if (start == end) {
        snprintf(err, errsize,
                 "%s: %s starts and ends at the same time; for a day the clinic is closed, "
                 "write closed",
                 day, text);
        return -1;
    }
    if (end < start) {
        snprintf(err, errsize,
                 "%s: %s goes past midnight; end it at 24:00 and start the next day at 00:00",
                 day, text);
        return -1;
    }
    out->start = (int16_t)start;
    out->end = (int16_t)end;
    return 0;
}

int schedule_parse_day(schedule *s, int day, const char *text, char *err, size_t errsize) {
    if (day < 0 || day > 6) {
        snprintf(err, errsize, "no weekday %d", day);
        return -1;
    }
    const char *name = schedule_day_names[day];
    size_t len = strlen(text);
    if (len >= SCHEDULE_TEXT_MAX) {
        snprintf(err, errsize, "%s: the hours are too long (at most %d characters)", name,
                 SCHEDULE_TEXT_MAX - 1);
        return -1;
    }
    while (len && is_space(text[len - 1])) len--;
    while (len && is_space(*text)) text++, len--;

    schedule_range ranges[SCHEDULE_MAX_RANGES];
    int count = 0;
    if (len == 0) {
        ranges[count++] = (schedule_range){0, DAY_MINUTES};
    } else if (len == 6 && strncasecmp(text, "closed", 6) == 0) {
        count = 0;
    } else {
        const char *p = text, *end = text + len;
        for (;;) {
            const char *comma = memchr(p, ',', (size_t)(end - p));
            const char *stop = comma ? comma : end;
            const char *a = p, *b = stop;
            while (a < b && is_space(*a)) a++;
            while (b > a && is_space(b[-1])) b--;
            if (a == b) {
                snprintf(err, errsize,
                         "%s: a time range is missing between commas in \"%.*s\"", name,
                         (int)len, text);
                return -1;
            }
            if (count == SCHEDULE_MAX_RANGES) {
                snprintf(err, errsize, "%s: more than %d time ranges", name,
                         SCHEDULE_MAX_RANGES);
                return -1;
            }
            schedule_range r;
            if (parse_range(name, a, (size_t)(b - a), &r, err, errsize) != 0) return -1;
            /* Keep them sorted by start: insert. */
            int at = count;
            while (at > 0 && ranges[at - 1].start > r.start) {
                ranges[at] = ranges[at - 1];
                at--;
            }
            ranges[at] = r;
            count++;
            if (!comma) break;
            p = comma + 1;
        }
        for (int i = 1; i < count; i++)
            if (ranges[i].start < ranges[i - 1].end) {
                char one[32], two[32];
                format_range(one, sizeof one, ranges[i - 1]);
                format_range(two, sizeof two, ranges[i]);
                snprintf(err, errsize, "%s: %s overlaps %s", name, two, one);
                return -1;
            }
    }
    if (s) {
        memcpy(s->range[day], ranges, sizeof ranges[0] * (size_t)count);
        s->count[day] = count;
        if (len) s->set = true;
    }
    return 0;
}

int schedule_parse_week(schedule *s, const char *const text[7], char *err, size_t errsize) {
    schedule parsed;
    schedule_init(&parsed);
    for (int d = 0; d < 7; d++)
        if (schedule_parse_day(&parsed, d, text[d] ? text[d] : "", err, errsize) != 0)
            return -1;
    *s = parsed;
    return 0;
}

/* Open on day (0 = Monday) at minute m after midnight? */
static bool open_at(const schedule *s, int day, int minute) {
    for (int i = 0; i < s->count[day]; i++)
        if (s->range[day][i].start <= minute && minute < s->range[day][i].end) return true;
    return false;
}

/* Local time as seconds since 1970-01-01 00:00 local ("wall seconds"). */
static long long floor_div(long long a, long long b) {
    long long q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int day_of(long long wall) {
    /* 1970-01-01 was a Thursday: day 3 counting from Monday. */
    long long d = floor_div(wall, DAY_SECONDS) + 3;
    return (int)(d - floor_div(d, 7) * 7);
}

static bool open_at_wall(const schedule *s, long long wall) {
    long long midnight = floor_div(wall, DAY_SECONDS) * DAY_SECONDS;
    return open_at(s, day_of(wall), (int)((wall - midnight) / 60));
}

/* The UTC offset at t, in seconds; false if t is out of range. */
static bool offset_at(time_t t, long *offset) {
    struct tm tm;
    if (!localtime_r(&t, &tm)) return false;
    *offset = tm.tm_gmtoff;
    return true;
}

bool schedule_is_open(const schedule *s, time_t t) {
    struct tm tm;
    if (!localtime_r(&t, &tm)) return true;
    return open_at(s, (tm.tm_wday + 6) % 7, tm.tm_hour * 60 + tm.tm_min);
}

/* The first instant in (from, to] whose UTC offset differs from from's,
 * or to + 1 if there is none. Checks once a day, then bisects: an offset
 * that changes and changes back within one day would be missed (no time
 * zone does that). */
static time_t next_offset_change(time_t from, time_t to) {
    long off_from, off;
    if (!offset_at(from, &off_from)) return to + 1;
    time_t a = from;
    while (a < to) {
        time_t b = a + DAY_SECONDS < to ? a + DAY_SECONDS : to;
        if (!offset_at(b, &off)) return to + 1;
        if (off != off_from) {
            /* offset(a) == off_from, offset(b) differs: bisect. */
            while (b - a > 1) {
                time_t mid = a + (b - a) / 2;
                long m;
                if (!offset_at(mid, &m)) return to + 1;
                if (m == off_from) a = mid;
                else b = mid;
            }
            return b;
        }
        a = b;
    }
    return to + 1;
}

bool schedule_next_change(const schedule *s, time_t t, time_t *when) {
    long offset;
    if (!offset_at(t, &offset)) return false;
    const time_t horizon = t + (time_t)LOOK_AHEAD_DAYS * DAY_SECONDS;
    const bool state = open_at_wall(s, (long long)t + offset);
    time_t cur = t;
    time_t piece_end = next_offset_change(t, horizon); /* the offset holds until here */
    while (cur < horizon) {
        /* The next boundary in local time after cur: a range's start or
         * end that day, or the next midnight. */
        long long wall = (long long)cur + offset;
        long long midnight = floor_div(wall, DAY_SECONDS) * DAY_SECONDS;
        int day = day_of(wall);
        long long next = midnight + DAY_SECONDS;
        for (int i = 0; i < s->count[day]; i++) {
            long long edges[2] = {midnight + s->range[day][i].start * 60LL,
                                  midnight + s->range[day][i].end * 60LL};
            for (int e = 0; e < 2; e++)
                if (edges[e] > wall && edges[e] < next) next = edges[e];
        }
        time_t at = (time_t)(next - offset);
        if (at >= piece_end) {
            /* The clocks change first: carry on in the new offset. */
            cur = piece_end;
            if (cur > horizon || !offset_at(cur, &offset)) return false;
            if (open_at_wall(s, (long long)cur + offset) != state) {
                *when = cur;
                return true;
            }
            piece_end = next_offset_change(cur, horizon);
            continue;
        }
        cur = at;
        if (open_at_wall(s, next) != state) {
            *when = cur;
            return true;
        }
    }
    return false;
}

static void describe_time(time_t t, char *buf, size_t size) {
    struct tm tm;
    if (!localtime_r(&t, &tm) || strftime(buf, size, "%H:%M on %A", &tm) == 0)
        snprintf(buf, size, "later");
}

void schedule_screen_policy(const schedule *s, const schedule_screen_input *in,
                            schedule_screen *out) {
    memset(out, 0, sizeof *out);
    out->ms_until_change = SCHEDULE_RECHECK_MS;
    if (!s->set) {
        out->on = true;
        out->why = SCREEN_NO_HOURS;
        out->ms_until_change = UINT32_MAX;
        snprintf(out->reason, sizeof out->reason, "no opening hours set: the screen stays on");
        return;
    }
    if (!in->clock_synchronised) {
        out->on = true;
        out->why = SCREEN_CLOCK_UNSYNCED;
        snprintf(out->reason, sizeof out->reason,
                 "clock not synchronised: keeping the screen on (opening hours need the "
                 "right time)");
        return;
    }
    bool open = schedule_is_open(s, in->wall);
    time_t change;
    bool changes = schedule_next_change(s, in->wall, &change);
    if (changes) {
        /* wall is whole seconds: this is never early, at most 1 s late. */
        long long ms = ((long long)change - (long long)in->wall) * 1000;
        if (ms < SCHEDULE_RECHECK_MS) out->ms_until_change = (uint32_t)ms;
    }
    char when[64] = "";
    if (changes) describe_time(change, when, sizeof when);
    if (open) {
        out->on = true;
        out->why = SCREEN_OPEN;
        if (changes)
            snprintf(out->reason, sizeof out->reason, "opening hours: on until %s", when);
        else
            snprintf(out->reason, sizeof out->reason, "open all week: the screen stays on");
        return;
    }
    uint64_t since = in->now_ms >= in->last_touch_ms ? in->now_ms - in->last_touch_ms : 0;
    if (in->touched && since < in->wake_ms) {
        out->on = true;
        out->why = SCREEN_WOKEN;
        uint64_t left = in->wake_ms - since;
        if (left < out->ms_until_change) out->ms_until_change = (uint32_t)left;
        bool minutes = in->wake_ms % 60000 == 0;
        snprintf(out->reason, sizeof out->reason,
                 "touched outside opening hours: on for %u %s after the last touch",
                 (unsigned)(in->wake_ms / (minutes ? 60000 : 1000)), minutes ? "min" : "s");
        return;
    }
    out->on = false;
    out->why = SCREEN_CLOSED;
    if (changes)
        snprintf(out->reason, sizeof out->reason, "outside opening hours: off until %s", when);
    else
        snprintf(out->reason, sizeof out->reason,
                 "closed all week: the screen stays off until touched");
}
