/* test_config.c - the settings table (defaults, ranges, choices, unknown
 * names, the --dash-form, opening hours), config files with their line
 * numbers, window sizes and pixel density; and the theme: the contrast
 * formula, and the shipped assets/theme.ini meeting 7:1 wherever text is
 * drawn. */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "config.h"
#include "theme.h"

#ifndef KIOSK_SOURCE_DIR
#define KIOSK_SOURCE_DIR "."
#endif

/* Counts diags of this severity on this line whose message has part. */
static int count_diags(const diag_list *d, diag_severity sev, int line, const char *part) {
    int n = 0;
    for (int i = 0; i < d->count; i++)
        if (d->items[i].severity == sev && d->items[i].line == line &&
            strstr(d->items[i].message, part))
            n++;
    return n;
}

static void dump_diags(const diag_list *d) {
    for (int i = 0; i < d->count; i++) {
        char buf[1200];
        diag_format(&d->items[i], buf, sizeof buf);
        fprintf(stderr, "    %s\n", buf);
    }
}

#define EXPECT_DIAG(d, sev, line, part)                                  \
    do {                                                                 \
        int found_ = count_diags(d, sev, line, part);                    \
        if (found_ != 1) {                                               \
            fprintf(stderr, "  wanted line %d: %s; have:\n", line, part); \
            dump_diags(d);                                               \
        }                                                                \
        CHECK_INT(found_, 1);                                            \
    } while (0)

/* Writes text to a new temporary file; path must hold 64 bytes. */
static void temp_file(char *path, const char *text, size_t len) {
    strcpy(path, "/tmp/test_config_XXXXXX");
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0) return;
    CHECK_INT(write(fd, text, len), (long long)len);
    close(fd);
}

static void test_defaults(void) {
    config c;
    memset(&c, 0x5A, sizeof c);
    config_defaults(&c, "/usr/share/kiosk/content");
    CHECK_STR(c.content, "/usr/share/kiosk/content");
    CHECK_INT(c.seconds_per_page, 12);
    CHECK_INT(c.idle_seconds, 60);
    CHECK_INT(c.transition_ms, 350);
    CHECK_STR(c.window, "");
    CHECK_INT(c.rotation, 0);
    CHECK(c.screen_inches == 0.0);
    CHECK_STR(c.renderer, "auto");
    for (int d = 0; d < 7; d++) CHECK_STR(c.hours[d], "");
    CHECK_INT(c.wake_minutes, 5);
    CHECK_INT(c.set_mask, 0);
    CHECK(!config_is_set(&c, "seconds_per_page"));
    config_defaults(&c, NULL);
    CHECK_STR(c.content, "");

    /* The table itself: unique names, each found by config_find, each
     * default accepted by config_set, a doc line for --help. */
    CHECK(config_setting_count >= 12);
    CHECK(config_setting_count <= 32); /* set_mask has one bit per setting */
    CHECK_STR(c.media, "/media");
    CHECK(config_find("data") >= 0);
    for (int i = 0; i < config_setting_count; i++) {
        const setting_info *s = &config_settings[i];
        CHECK_INT(config_find(s->name), i);
        CHECK(s->doc && s->doc[0] && !strchr(s->doc, '\n'));
        CHECK(s->section && s->section[0]);
        char err[256] = "";
        config scratch;
        config_defaults(&scratch, "x");
        int rc = config_set(&scratch, s->name, s->default_value, err, sizeof err);
        if (rc != 0) fprintf(stderr, "default of %s refused: %s\n", s->name, err);
        CHECK_INT(rc, 0);
        for (int j = 0; j < i; j++) CHECK(strcmp(config_settings[j].name, s->name) != 0);
    }
}

static void expect_refused(config *c, const char *name, const char *value, const char *part) {
    config before = *c;
    char err[256] = "";
    int rc = config_set(c, name, value, err, sizeof err);
    if (rc != -1 || !strstr(err, part))
        fprintf(stderr, "config_set(%s, \"%s\"): rc %d, \"%s\" (wanted \"%s\")\n", name, value,
                rc, err, part);
    CHECK_INT(rc, -1);
    CHECK(strstr(err, part) != NULL);
    CHECK(memcmp(&before, c, sizeof before) == 0); /* nothing changed */
}

static void test_set(void) {
    config c;
    char err[256];
    config_defaults(&c, "x");

    /* Reduced motion: page turns become cuts, whatever transition_ms says. */
    CHECK_STR(c.motion, "full");
    CHECK_INT(config_transition_ms(&c), 350);
    CHECK_INT(config_set(&c, "motion", "none", err, sizeof err), 0);
    CHECK_INT(config_transition_ms(&c), 0);
    CHECK_INT(config_set(&c, "motion", "slow", err, sizeof err), -1);
    CHECK_INT(config_set(&c, "motion", "full", err, sizeof err), 0);
    CHECK_INT(config_set(&c, "transition_ms", "200", err, sizeof err), 0);
    CHECK_INT(config_transition_ms(&c), 200);
    config_defaults(&c, "x");

    CHECK_INT(config_set(&c, "seconds_per_page", "30", err, sizeof err), 0);
    CHECK_INT(c.seconds_per_page, 30);
    CHECK(config_is_set(&c, "seconds_per_page"));
    CHECK(config_is_set(&c, "seconds-per-page"));
    CHECK(!config_is_set(&c, "idle_seconds"));
    CHECK(!config_is_set(&c, "nonsense"));
    CHECK_INT(config_set(&c, "seconds_per_page", "3", err, sizeof err), 0);
    CHECK_INT(config_set(&c, "seconds_per_page", "600", err, sizeof err), 0);
    CHECK_INT(c.seconds_per_page, 600);
    expect_refused(&c, "seconds_per_page", "2", "seconds_per_page must be between 3 and 600, not 2");
    expect_refused(&c, "seconds_per_page", "601", "between 3 and 600");
    expect_refused(&c, "seconds_per_page", "-5", "between 3 and 600");
    expect_refused(&c, "seconds_per_page", "12.5", "must be a whole number, not \"12.5\"");
    expect_refused(&c, "seconds_per_page", "twelve", "must be a whole number");
    expect_refused(&c, "seconds_per_page", "", "must be a whole number");
    expect_refused(&c, "seconds_per_page", "12s", "must be a whole number");
    expect_refused(&c, "seconds_per_page", "inf", "must be a whole number");
    expect_refused(&c, "seconds_per_page", "1e999", "must be a whole number");
    CHECK_INT(c.seconds_per_page, 600);

    CHECK_INT(config_set(&c, "idle_seconds", "10", err, sizeof err), 0);
    expect_refused(&c, "idle_seconds", "9", "between 10 and 3600");
    CHECK_INT(config_set(&c, "transition_ms", "0", err, sizeof err), 0);
    CHECK_INT(c.transition_ms, 0);
    expect_refused(&c, "transition_ms", "401", "between 0 and 400");

    CHECK_INT(config_set(&c, "rotation", "270", err, sizeof err), 0);
    CHECK_INT(c.rotation, 270);
    CHECK_INT(config_set(&c, "rotation", "0", err, sizeof err), 0);
    CHECK_INT(c.rotation, 0);
    expect_refused(&c, "rotation", "45", "rotation must be one of 0|90|180|270, not \"45\"");
    expect_refused(&c, "rotation", "9", "must be one of");     /* a prefix of 90 */
    expect_refused(&c, "rotation", "900", "must be one of");
    expect_refused(&c, "rotation", "", "must be one of");

    CHECK_INT(config_set(&c, "renderer", "software", err, sizeof err), 0);
    CHECK_STR(c.renderer, "software");
    CHECK_INT(config_set(&c, "renderer", "accelerated", err, sizeof err), 0);
    CHECK_STR(c.renderer, "accelerated");
    expect_refused(&c, "renderer", "gpu", "renderer must be one of auto|software|accelerated");
    expect_refused(&c, "renderer", "Auto", "must be one of");

    CHECK_INT(config_set(&c, "screen_inches", "10.1", err, sizeof err), 0);
    CHECK(fabs(c.screen_inches - 10.1) < 1e-9);
    CHECK_INT(config_set(&c, "screen_inches", "0", err, sizeof err), 0);
    expect_refused(&c, "screen_inches", "-1", "between 0 and 100");
    expect_refused(&c, "screen_inches", "101", "between 0 and 100");
    expect_refused(&c, "screen_inches", "seven", "screen_inches must be a number");
    expect_refused(&c, "screen_inches", "nan", "must be a number");

    CHECK_INT(config_set(&c, "window", "1280x800", err, sizeof err), 0);
    CHECK_STR(c.window, "1280x800");
    CHECK_INT(config_set(&c, "window", "", err, sizeof err), 0);
    CHECK_STR(c.window, "");
    expect_refused(&c, "window", "12345678901234567890123456789012",
                   "window is too long (at most 31 characters)");
    static char path[CONFIG_PATH_MAX + 100];
    memset(path, 'a', sizeof path - 1);
    path[sizeof path - 1] = '\0';
    char said[80];
    snprintf(said, sizeof said, "content is too long (at most %d characters)", CONFIG_PATH_MAX - 1);
    expect_refused(&c, "content", path, said);
    path[CONFIG_PATH_MAX - 1] = '\0';
    CHECK_INT(config_set(&c, "content", path, err, sizeof err), 0);
    CHECK_INT(strlen(c.content), CONFIG_PATH_MAX - 1);

    /* Opening hours: checked by schedule.c as they are set. */
    CHECK_INT(config_set(&c, "monday", "08:00-18:00", err, sizeof err), 0);
    CHECK_STR(c.hours[0], "08:00-18:00");
    CHECK_INT(config_set(&c, "sunday", "closed", err, sizeof err), 0);
    CHECK_STR(c.hours[6], "closed");
    CHECK_INT(config_set(&c, "wednesday", "08:00-12:30, 13:30-18:00", err, sizeof err), 0);
    CHECK_STR(c.hours[2], "08:00-12:30, 13:30-18:00");
    CHECK(config_is_set(&c, "wednesday"));
    CHECK(!config_is_set(&c, "tuesday"));
    expect_refused(&c, "monday", "8-18", "monday: 8-18 is not HH:MM-HH:MM, e.g. 08:00-18:00");
    expect_refused(&c, "friday", "22:00-02:00", "friday: 22:00-02:00 goes past midnight");
    expect_refused(&c, "saturday", "09:00-12:00, 11:00-13:00", "saturday: 11:00-13:00 overlaps");
    char hours[200];
    memset(hours, ' ', sizeof hours);
    memcpy(hours, "08:00-18:00", 11);
    hours[SCHEDULE_TEXT_MAX] = '\0';
    expect_refused(&c, "thursday", hours, "thursday is too long (at most 127 characters)");
    CHECK_STR(c.hours[0], "08:00-18:00");
    CHECK_INT(config_set(&c, "wake-minutes", "10", err, sizeof err), 0);
    CHECK_INT(c.wake_minutes, 10);
    expect_refused(&c, "wake_minutes", "0", "wake_minutes must be between 1 and 60, not 0");
    expect_refused(&c, "wake_minutes", "61", "between 1 and 60");
    /* Every day's text goes into a schedule as it is. */
    schedule week;
    const char *days[7];
    for (int d = 0; d < 7; d++) days[d] = c.hours[d];
    CHECK_INT(schedule_parse_week(&week, days, err, sizeof err), 0);
    CHECK_INT(week.count[0], 1);
    CHECK_INT(week.count[1], 1); /* empty: all day */
    CHECK_INT(week.range[1][0].end, 24 * 60);
    CHECK_INT(week.count[2], 2);
    CHECK_INT(week.count[6], 0);

    expect_refused(&c, "colour", "red", "unknown setting \"colour\"");
    expect_refused(&c, "", "1", "unknown setting");
    expect_refused(&c, "Seconds_Per_Page", "20", "unknown setting");

    /* The command line's form. */
    CHECK(config_find("seconds_per_page") >= 0);
    CHECK_INT(config_find("seconds-per-page"), config_find("seconds_per_page"));
    CHECK_INT(config_find("screen-inches"), config_find("screen_inches"));
    CHECK_INT(config_find("seconds"), -1);
    CHECK_INT(config_find("seconds_per_page_x"), -1);
    CHECK_INT(config_find("seconds_per-page-"), -1);
    CHECK_INT(config_find(""), -1);
    CHECK_INT(config_find("--seconds-per-page"), -1); /* the caller strips the -- */
    CHECK_INT(config_set(&c, "seconds-per-page", "20", err, sizeof err), 0);
    CHECK_INT(c.seconds_per_page, 20);
}

static void test_load_file(void) {
    config c;
    diag_list d;
    char path[64];

    /* A good file: comments, sections, CRLF, a BOM, an inline comment. */
    const char *good = "\xEF\xBB\xBF; kiosk settings\r\n"
                       "[kiosk]\r\n"
                       "content = /media/usb/kiosk-content\r\n"
                       "\r\n"
                       "[attract]\r\n"
                       "seconds_per_page = 20 ; twenty\r\n"
                       "idle_seconds=90\r\n"
                       "# another comment\r\n"
                       "[display]\r\n"
                       "rotation = 180\r\n"
                       "screen_inches = 10.1\r\n"
                       "renderer = software\r\n"
                       "window = 1024x600\r\n";
    temp_file(path, good, strlen(good));
    config_defaults(&c, "bundled");
    diag_list_init(&d);
    CHECK_INT(config_load_file(&c, path, &d), 0);
    CHECK_INT(d.errors, 0);
    CHECK_INT(d.warnings, 0);
    if (d.count) dump_diags(&d);
    CHECK_STR(c.content, "/media/usb/kiosk-content");
    CHECK_INT(c.seconds_per_page, 20);
    CHECK_INT(c.idle_seconds, 90);
    CHECK_INT(c.rotation, 180);
    CHECK(fabs(c.screen_inches - 10.1) < 1e-9);
    CHECK_STR(c.renderer, "software");
    CHECK_STR(c.window, "1024x600");
    CHECK_INT(c.transition_ms, 350); /* not in the file */
    CHECK(config_is_set(&c, "rotation"));
    CHECK(!config_is_set(&c, "transition_ms"));
    diag_list_release(&d);
    unlink(path);

    /* Every kind of mistake, each on its own line. */
    char long_line[400];
    snprintf(long_line, sizeof long_line, "content = /%0300d\n", 0);
    char bad[2048];
    snprintf(bad, sizeof bad,
             "[attract]\n"                  /* 1 */
             "seconds_per_page = 20\n"      /* 2 */
             "idle_seconds = 5\n"           /* 3: out of range */
             "[display]\n"                  /* 4 */
             "rotation = 45\n"              /* 5: not a choice */
             "colour = red\n"               /* 6: unknown */
             "transition_ms = 100\n"        /* 7: wrong section, still used */
             "seconds-per-page = 30\n"      /* 8: dash form is for the command line */
             "this line is not a setting\n" /* 9 */
             "renderer = software\n"        /* 10: still read after all that */
             "screen_inches = big\n"        /* 11 */
             "[kiosk]\n"                    /* 12 */
             "%s"                           /* 13: too long */
             "; the end\n",                 /* 14 */
             long_line);
    temp_file(path, bad, strlen(bad));
    config_defaults(&c, "bundled");
    diag_list_init(&d);
    CHECK_INT(config_load_file(&c, path, &d), -1);
    EXPECT_DIAG(&d, DIAG_ERROR, 3, "idle_seconds must be between 10 and 3600, not 5");
    EXPECT_DIAG(&d, DIAG_ERROR, 5, "rotation must be one of 0|90|180|270, not \"45\"");
    EXPECT_DIAG(&d, DIAG_ERROR, 6, "unknown setting \"colour\"");
    EXPECT_DIAG(&d, DIAG_WARNING, 7, "\"transition_ms\" belongs in section [attract], not [display]");
    EXPECT_DIAG(&d, DIAG_ERROR, 8, "unknown setting \"seconds-per-page\"");
    EXPECT_DIAG(&d, DIAG_ERROR, 9, "not a [section] or a name = value setting");
    EXPECT_DIAG(&d, DIAG_ERROR, 11, "screen_inches must be a number, not \"big\"");
    EXPECT_DIAG(&d, DIAG_ERROR, 13, "this line is too long");
    CHECK_INT(d.errors, 7);
    CHECK_INT(d.warnings, 1);
    for (int i = 0; i < d.count; i++) CHECK_STR(d.items[i].file, path);
    CHECK_INT(c.seconds_per_page, 20);
    CHECK_INT(c.idle_seconds, 60);
    CHECK_INT(c.rotation, 0);
    CHECK_INT(c.transition_ms, 100);
    CHECK_STR(c.renderer, "software");
    CHECK(c.screen_inches == 0.0);
    char line[1400];
    for (int i = 0; i < d.count; i++)
        if (d.items[i].line == 5) {
            diag_format(&d.items[i], line, sizeof line);
            char want[200];
            snprintf(want, sizeof want, "%s:5: error: rotation must be one of", path);
            CHECK(strncmp(line, want, strlen(want)) == 0);
        }
    diag_list_release(&d);
    unlink(path);

    /* Opening hours in a file: a bad day is reported on its line with
     * the fix, the good ones are kept. */
    const char *hours = "[hours]\n"                             /* 1 */
                        "monday = 08:00-18:00\n"                /* 2 */
                        "tuesday = 8-18\n"                      /* 3 */
                        "wednesday = 08:00-12:30, 13:30-18:00\n" /* 4 */
                        "friday = 22:00-02:00\n"                /* 5 */
                        "sunday = closed\n"                     /* 6 */
                        "wake_minutes = 3\n";                   /* 7 */
    temp_file(path, hours, strlen(hours));
    config_defaults(&c, "bundled");
    diag_list_init(&d);
    CHECK_INT(config_load_file(&c, path, &d), -1);
    EXPECT_DIAG(&d, DIAG_ERROR, 3, "tuesday: 8-18 is not HH:MM-HH:MM, e.g. 08:00-18:00");
    EXPECT_DIAG(&d, DIAG_ERROR, 5, "friday: 22:00-02:00 goes past midnight");
    CHECK_INT(d.errors, 2);
    CHECK_INT(d.warnings, 0);
    CHECK_STR(c.hours[0], "08:00-18:00");
    CHECK_STR(c.hours[1], "");
    CHECK_STR(c.hours[2], "08:00-12:30, 13:30-18:00");
    CHECK_STR(c.hours[4], "");
    CHECK_STR(c.hours[6], "closed");
    CHECK_INT(c.wake_minutes, 3);
    diag_list_release(&d);
    unlink(path);

    /* A line just under inih's 200-byte buffer is fine. */
    char edge[256];
    int n = snprintf(edge, sizeof edge, "[kiosk]\ncontent = /");
    while (n < 8 + 196) edge[n++] = 'b';
    edge[n++] = '\n';
    edge[n] = '\0';
    temp_file(path, edge, (size_t)n);
    config_defaults(&c, "bundled");
    diag_list_init(&d);
    CHECK_INT(config_load_file(&c, path, &d), 0);
    CHECK_INT(d.count, 0);
    CHECK_INT(strlen(c.content), 196 - 10);
    diag_list_release(&d);
    unlink(path);

    /* Missing, empty and too big. */
    diag_list_init(&d);
    CHECK_INT(config_load_file(&c, "/nonexistent/kiosk.ini", &d), -1);
    EXPECT_DIAG(&d, DIAG_ERROR, 0, "cannot open the config file");
    CHECK_STR(d.items[0].file, "/nonexistent/kiosk.ini");
    diag_list_release(&d);

    temp_file(path, "", 0);
    diag_list_init(&d);
    CHECK_INT(config_load_file(&c, path, &d), 0);
    CHECK_INT(d.count, 0);
    diag_list_release(&d);
    unlink(path);

    size_t big_len = 64 * 1024 + 1;
    char *big = malloc(big_len);
    memset(big, ';', big_len);
    for (size_t i = 50; i < big_len; i += 51) big[i] = '\n';
    temp_file(path, big, big_len);
    free(big);
    diag_list_init(&d);
    CHECK_INT(config_load_file(&c, path, &d), -1);
    EXPECT_DIAG(&d, DIAG_ERROR, 0, "larger than 64 KB");
    diag_list_release(&d);
    unlink(path);
}

static void test_size_and_density(void) {
    int w = -1, h = -1;
    CHECK_INT(config_parse_size("800x480", &w, &h), 0);
    CHECK_INT(w, 800);
    CHECK_INT(h, 480);
    CHECK_INT(config_parse_size("1280X800", &w, &h), 0);
    CHECK_INT(w, 1280);
    CHECK_INT(h, 800);
    CHECK_INT(config_parse_size("64x64", &w, &h), 0);
    CHECK_INT(config_parse_size("16384x16384", &w, &h), 0);
    CHECK_INT(w, 16384);
    static const char *const bad[] = {
        "", "x", "800", "800x", "x480", "800x480px", "800 x 480", "800*480", "63x480",
        "800x63", "16385x480", "-800x480", "800x-480", "0x0", "99999999999999999999x480",
        "800x480x2",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        w = h = -7;
        int rc = config_parse_size(bad[i], &w, &h);
        if (rc != -1) fprintf(stderr, "config_parse_size(\"%s\") accepted\n", bad[i]);
        CHECK_INT(rc, -1);
        CHECK_INT(w, -7); /* untouched */
        CHECK_INT(h, -7);
    }

    /* A 7" 800x480 panel: 932.95 px over 177.8 mm. */
    CHECK(fabs(config_px_per_mm(800, 480, 7.0) - 5.2472) < 0.001);
    /* With no size given, panels up to 1280x800 are guessed at 7". */
    CHECK(fabs(config_px_per_mm(800, 480, 0) - config_px_per_mm(800, 480, 7.0)) < 1e-9);
    CHECK(fabs(config_px_per_mm(480, 800, 0) - config_px_per_mm(800, 480, 7.0)) < 1e-9);
    CHECK(fabs(config_px_per_mm(1280, 800, 0) - 1509.43 / 177.8) < 0.001);
    /* Bigger ones as a 21.5" monitor: 1920x1080 is 4.03 px/mm. */
    CHECK(fabs(config_px_per_mm(1920, 1080, 0) - 4.0338) < 0.001);
    CHECK(fabs(config_px_per_mm(1920, 1080, 21.5) - config_px_per_mm(1920, 1080, 0)) < 1e-9);
    CHECK(fabs(config_px_per_mm(1281, 800, 0) - hypot(1281, 800) / (21.5 * 25.4)) < 1e-9);
    CHECK(fabs(config_px_per_mm(1024, 600, 10.1) - hypot(1024, 600) / (10.1 * 25.4)) < 1e-9);
}

static void test_help(void) {
    FILE *f = tmpfile();
    CHECK(f != NULL);
    if (!f) return;
    config_print_help(f);
    fputc('\0', f);
    long size = ftell(f);
    char *text = calloc(1, (size_t)size + 1);
    rewind(f);
    CHECK_INT(fread(text, 1, (size_t)size, f), size);
    CHECK(strstr(text, "--seconds-per-page") != NULL);
    CHECK(strstr(text, "[3..600] (default 12)") != NULL);
    CHECK(strstr(text, "[0|90|180|270]") != NULL);
    CHECK(strstr(text, "--monday HOURS") != NULL);
    CHECK(strstr(text, "--wake-minutes N") != NULL);
    CHECK(strstr(text, "--seconds_per_page") == NULL);
    int lines = 0;
    for (char *p = text; *p; p++) lines += *p == '\n';
    CHECK_INT(lines, config_setting_count);
    free(text);
    fclose(f);

    f = tmpfile();
    CHECK(f != NULL);
    if (!f) return;
    config_print_markdown(f);
    fputc('\0', f);
    size = ftell(f);
    text = calloc(1, (size_t)size + 1);
    rewind(f);
    CHECK_INT(fread(text, 1, (size_t)size, f), size);
    CHECK(strstr(text, "| `[attract]` | `seconds_per_page` | 12 | 3 to 600 |") != NULL);
    CHECK(strstr(text, "| `[display]` | `renderer` | auto | auto/software/accelerated |") != NULL);
    CHECK(strstr(text, "| `[kiosk]` | `content` | (empty) | text |") != NULL);
    CHECK(strstr(text, "| `[hours]` | `sunday` | (empty) | HH:MM-HH:MM, several, or closed |") !=
          NULL);
    free(text);
    fclose(f);
}

static void test_theme(void) {
    CHECK(fabs(theme_contrast(0x000000, 0xFFFFFF) - 21.0) < 1e-9);
    CHECK(fabs(theme_contrast(0xFFFFFF, 0x000000) - 21.0) < 1e-9);
    CHECK(fabs(theme_contrast(0x1F5A55, 0x1F5A55) - 1.0) < 1e-9);
    CHECK(fabs(theme_contrast(0xFFFFFF, 0xFFFFFF) - 1.0) < 1e-9);
    /* #767676 on white is the classic 4.54:1 (just AA). */
    CHECK(fabs(theme_contrast(0x767676, 0xFFFFFF) - 4.54) < 0.01);
    /* Pure red on white: 3.998. */
    CHECK(fabs(theme_contrast(0xFF0000, 0xFFFFFF) - 3.998) < 0.001);
    CHECK(fabs(theme_contrast(0x123456, 0xABCDEF) - theme_contrast(0xABCDEF, 0x123456)) < 1e-12);

    theme defaults, t;
    theme_defaults(&defaults);
    theme_defaults(&t);
    diag_list d;
    diag_list_init(&d);
    CHECK_INT(theme_load(&t, KIOSK_SOURCE_DIR "/assets/theme.ini", &d), 0);
    CHECK_INT(d.errors, 0);
    CHECK_INT(d.warnings, 0);
    dump_diags(&d);
    diag_list_release(&d);
    /* theme.h: the built-in defaults are the same as the shipped file. */
    CHECK_INT(t.background, defaults.background);
    CHECK_INT(t.text, defaults.text);
    CHECK_INT(t.muted, defaults.muted);
    CHECK_INT(t.accent, defaults.accent);
    CHECK_INT(t.on_accent, defaults.on_accent);
    CHECK_INT(t.dot, defaults.dot);
    CHECK_INT(t.bar, defaults.bar);
    CHECK_INT(t.image_back, defaults.image_back);
    for (int i = 0; i < THEME_FACE_COUNT; i++) CHECK_STR(t.font[i], defaults.font[i]);

    /* WCAG AAA: 7:1 wherever text is drawn. */
    struct { const char *what; uint32_t fg, bg; } pairs[] = {
        {"text on background", t.text, t.background},
        {"muted on background", t.muted, t.background},
        {"on_accent on accent", t.on_accent, t.accent},
        {"text on bar", t.text, t.bar},
        {"muted on bar", t.muted, t.bar},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        double ratio = theme_contrast(pairs[i].fg, pairs[i].bg);
        if (ratio < 7.0)
            fprintf(stderr, "%s: %06X on %06X is only %.2f:1\n", pairs[i].what, pairs[i].fg,
                    pairs[i].bg, ratio);
        CHECK(ratio >= 7.0);
    }

    /* A theme file with mistakes: each reported on its line. */
    char path[64];
    const char *bad = "background = #FFFFFF\n" /* 1 */
                      "text = #12345G\n"       /* 2 */
                      "muted = blue\n"         /* 3 */
                      "sparkle = #FFFFFF\n"    /* 4 */
                      "accent = #-12345\n"     /* 5: not six hex digits */
                      "dot = #0x1234\n"        /* 6: nor this */
                      "bar = 123456\n";        /* 7: fine without # */
    temp_file(path, bad, strlen(bad));
    theme_defaults(&t);
    diag_list_init(&d);
    CHECK_INT(theme_load(&t, path, &d), -1);
    EXPECT_DIAG(&d, DIAG_ERROR, 2, "text must be a colour like #1F5A55, not \"#12345G\"");
    EXPECT_DIAG(&d, DIAG_ERROR, 3, "muted must be a colour");
    EXPECT_DIAG(&d, DIAG_ERROR, 4, "unknown theme setting \"sparkle\"");
    /* The next two fail until theme.c checks for six hex digits (see the
     * report): strtoul takes a sign and a 0x prefix. */
    EXPECT_DIAG(&d, DIAG_ERROR, 5, "accent must be a colour");
    EXPECT_DIAG(&d, DIAG_ERROR, 6, "dot must be a colour");
    CHECK_INT(t.background, 0xFFFFFF);
    CHECK_INT(t.text, defaults.text);
    CHECK_INT(t.accent, defaults.accent);
    CHECK_INT(t.bar, 0x123456);
    diag_list_release(&d);
    unlink(path);

    /* A font path longer than inih's 200-byte line is not cut short
     * quietly. (Fails until theme_load reports reader.too_long_line.) */
    char long_font[400];
    int n = snprintf(long_font, sizeof long_font, "text = #000000\nfont_bold = /");
    while (n < 300) long_font[n++] = 'f';
    n += snprintf(long_font + n, sizeof long_font - (size_t)n, ".ttf\n");
    temp_file(path, long_font, (size_t)n);
    theme_defaults(&t);
    diag_list_init(&d);
    CHECK_INT(theme_load(&t, path, &d), -1);
    EXPECT_DIAG(&d, DIAG_ERROR, 2, "too long");
    CHECK_INT(t.text, 0x000000);
    diag_list_release(&d);
    unlink(path);

    diag_list_init(&d);
    CHECK_INT(theme_load(&t, "/nonexistent/theme.ini", &d), -1);
    EXPECT_DIAG(&d, DIAG_ERROR, 0, "cannot open the theme file");
    diag_list_release(&d);
}

int main(void) {
    test_defaults();
    test_set();
    test_load_file();
    test_size_and_density();
    test_help();
    test_theme();
    return check_summary();
}
