/* test_report.c - the PNG report, drawn for several batches (one page,
 * seven, sixty with long ids; one day, a month, 90 days, a year; nothing
 * counted) into report-out/ in the build folder, to look at. Each must be
 * an A4-landscape PNG that is not blank where the charts are, with the
 * shown and opened bars far apart in grey (for black-and-white printers),
 * and the no-data report must say so instead of drawing charts. */
#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "files.h"
#include "report.h"
#include "report_export.h"
#include "stats_csv.h"
#include "theme.h"

#define OUT_DIR "report-out"

static const char *const bundled[] = {"welcome",  "infant-mental-health", "positive-touch",
                                      "attunement", "bonding", "hormones", "brain-development"};

/* A clinic: closed at weekends, busier on Wednesdays and in winter,
 * and never quite the same two days running. */
static int64_t busy(int32_t day, int64_t base) {
    int weekday = (int)((day % 7 + 7 + 3) % 7); /* 0 = Monday (1970-01-01 was a Thursday) */
    if (weekday >= 5) return 0;
    double season = 1 + 0.35 * cos(2 * M_PI * (day % 365) / 365.0);
    uint32_t noise = (uint32_t)day * 2654435761u;
    return (int64_t)(base * season) + (noise >> 28) % 6 + (weekday == 2 ? base / 2 : 0);
}

static void fill_days(counts_batch *b, const char *from, int days, const char *const *pages,
                      int page_count, bool long_ids) {
    int32_t first;
    stats_date_parse(from, &first);
    for (int d = 0; d < days; d++) {
        char day[COUNTS_DAY_LEN];
        stats_date_format(first + d, day);
        int64_t visits = busy(first + d, 12);
        int64_t hist[COUNTS_HIST_COUNT] = {visits / 2, visits / 4, visits / 8, visits / 16};
        if (visits) counts_add_visit(b, day, visits, hist);
        for (int p = 0; p < page_count; p++) {
            char id[COUNTS_ID_MAX];
            if (long_ids)
                snprintf(id, sizeof id, "%02d-what-to-expect-at-your-babys-%s-check-with-the-"
                                        "health-visitor",
                         p + 1, p % 2 ? "six-to-eight-week" : "one-year");
            else
                snprintf(id, sizeof id, "%s", pages[p]);
            int64_t shown = busy(first + d, 40 - p * 30 / page_count) * 3 / 2;
            if (shown == 0) continue;
            counts_add_page(b, day, id, p % 3 == 2 ? "pl" : "en", shown, shown / (p + 2),
                            shown * 7);
        }
    }
}

static double luminance(uint32_t rgb) {
    return 0.2126 * (rgb >> 16 & 0xFF) + 0.7152 * (rgb >> 8 & 0xFF) + 0.0722 * (rgb & 0xFF);
}


typedef struct {
    long non_white;     /* pixels that are not paper */
    long accent;        /* pixels of exactly the accent colour (opened bars, line) */
    long light;         /* pixels of the shown bars' colour */
    int colours;        /* distinct colours, up to 4096 counted */
} area_count;

static uint32_t pixel(const SDL_Surface *s, int x, int y) {
    return ((const Uint32 *)((const Uint8 *)s->pixels + y * s->pitch))[x] & 0xFFFFFF;
}

static area_count count_area(const SDL_Surface *s, int x0, int y0, int x1, int y1,
                             uint32_t accent, uint32_t light) {
    area_count c = {0};
    static uint32_t seen[4096];
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++) {
            uint32_t p = pixel(s, x, y);
            if (p != 0xFFFFFF) c.non_white++;
            if (p == accent) c.accent++;
            if (p == light) c.light++;
            bool known = false;
            for (int i = 0; i < c.colours && !known; i++) known = seen[i] == p;
            if (!known && c.colours < 4096) seen[c.colours++] = p;
        }
    return c;
}

/* Renders one report and loads it back as ARGB8888 (NULL on failure). */
static SDL_Surface *render(const char *name, const char *kiosk, const char *from, const char *to,
                           const counts_batch *b, const theme *t) {
    char path[300], err[512];
    snprintf(path, sizeof path, "%s/%s.png", OUT_DIR, name);
    remove(path);
    int rc = report_write_png(path, kiosk, from, to, b, t, err, sizeof err);
    if (rc != 0) fprintf(stderr, "%s: %s\n", name, err);
    CHECK_INT(rc, 0);
    SDL_Surface *loaded = IMG_Load(path);
    CHECK(loaded != NULL);
    if (!loaded) return NULL;
    SDL_Surface *s = SDL_ConvertSurfaceFormat(loaded, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(loaded);
    CHECK_INT(s->w, REPORT_WIDTH);
    CHECK_INT(s->h, REPORT_HEIGHT);
    printf("%s\n", path);
    return s;
}

/* The regions of the page (see report.c's draw_report). */
#define BARS_X0 110
#define BARS_X1 1250
#define CHART_Y0 600
#define CHART_Y1 1500
#define LINE_X0 1400
#define LINE_X1 2229

static void check_data_report(const char *name, const SDL_Surface *s, const theme *t, bool line) {
    if (!s) return;
    uint32_t light = theme_mix(t->accent, 0xFFFFFF, 0.62);
    area_count bars = count_area(s, BARS_X0, CHART_Y0, BARS_X1, CHART_Y1, t->accent, light);
    area_count visits = count_area(s, LINE_X0, CHART_Y0, LINE_X1, CHART_Y1, t->accent, light);
    area_count corner = count_area(s, 0, 0, 100, 60, t->accent, light);
    bool ok = bars.non_white > 20000 && bars.accent > 3000 && bars.light > 3000 &&
              bars.colours > 20 && visits.accent > 250 && visits.colours > 10 &&
              corner.non_white == 0;
    if (!ok || !line)
        fprintf(stderr, "%s: bars %ld non-white, %ld opened, %ld shown, %d colours; visits %ld "
                        "accent, %d colours; corner %ld\n",
                name, bars.non_white, bars.accent, bars.light, bars.colours, visits.accent,
                visits.colours, corner.non_white);
    CHECK(ok);
    /* Shown and opened bars are far apart in grey as well as in colour. */
    CHECK(luminance(light) - luminance(t->accent) > 0.35 * 255);
}

static bool text_is(const char *path, const char *want) {
    char got[64] = "";
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(got, 1, sizeof got - 1, f) : 0;
    if (f) fclose(f);
    got[n] = '\0';
    return strcmp(got, want) == 0;
}

/* The report saved to a stick's kiosk-reports/ never follows a link
 * planted there with its name (it could lead to counts.db or the staff
 * PIN), never replaces a file, and is not written into a kiosk-reports
 * that is itself a link. */
static void test_export_on_a_stick(const counts_batch *b, const theme *t) {
    const char *stick = OUT_DIR "/stick";
    CHECK_INT(system("rm -rf '" OUT_DIR "/stick'"), 0);
    CHECK_INT(mkdir(stick, 0755), 0);
    CHECK_INT(mkdir(OUT_DIR "/stick/kiosk-reports", 0755), 0);
    const char *precious = OUT_DIR "/stick/counts.db";
    fixture_write(precious, "precious");
    const char *planted_csv =
        OUT_DIR "/stick/kiosk-reports/kiosk-stats-Reception-2026-11-01-to-2026-11-03.csv";
    const char *planted_png =
        OUT_DIR "/stick/kiosk-reports/kiosk-stats-Reception-2026-11-01-to-2026-11-03.png";
    CHECK_INT(symlink("../counts.db", planted_csv), 0);
    CHECK_INT(symlink("../counts.db", planted_png), 0);
    stats_summary s;
    char err[1400], csv[1200], png[1200];
    CHECK_INT(stats_summary_init(&s, b, "2026-11-01", "2026-11-03", "2026-11-03", err, sizeof err),
              0);
    int rc = report_export_files(OUT_DIR "/stick/kiosk-reports", "Reception", b, &s, t, csv, png,
                                sizeof csv, err, sizeof err);
    if (rc != 0) fprintf(stderr, "report_export_files: %s\n", err);
    CHECK_INT(rc, 0);
    CHECK(text_is(precious, "precious"));
    struct stat st;
    CHECK(lstat(planted_csv, &st) == 0 && S_ISLNK(st.st_mode));
    CHECK(lstat(planted_png, &st) == 0 && S_ISLNK(st.st_mode));
    CHECK(strstr(csv, "kiosk-stats-Reception-2026-11-01-to-2026-11-03 (2).csv") != NULL);
    CHECK(strstr(png, "kiosk-stats-Reception-2026-11-01-to-2026-11-03 (2).png") != NULL);
    CHECK(stat(csv, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0);
    CHECK(stat(png, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 1000);
    /* Saved again: a third pair, the second kept as it was. */
    char csv2[1200], png2[1200];
    CHECK_INT(report_export_files(OUT_DIR "/stick/kiosk-reports", "Reception", b, &s, t, csv2,
                                 png2, sizeof csv2, err, sizeof err),
              0);
    CHECK(strstr(csv2, " (3).csv") != NULL && strstr(png2, " (3).png") != NULL);
    CHECK(stat(csv, &st) == 0 && st.st_size > 0);
    /* kiosk-reports itself a link to a folder elsewhere: refused, nothing written there. */
    CHECK_INT(mkdir(OUT_DIR "/stick/elsewhere", 0755), 0);
    CHECK_INT(system("rm -rf '" OUT_DIR "/stick/kiosk-reports'"), 0);
    CHECK_INT(symlink("elsewhere", OUT_DIR "/stick/kiosk-reports"), 0);
    CHECK_INT(report_export_files(OUT_DIR "/stick/kiosk-reports", "Reception", b, &s, t, csv, png,
                                 sizeof csv, err, sizeof err),
              -1);
    CHECK(strstr(err, "kiosk-reports") != NULL && strstr(err, "link") != NULL);
    CHECK(rmdir(OUT_DIR "/stick/elsewhere") == 0); /* still empty */
    stats_summary_release(&s);
}

int main(void) {
    /* No TTF_Init here: report_write_png starts and stops SDL_ttf itself. */
    if (mkdir(OUT_DIR, 0755) != 0 && errno != EEXIST) {
        perror(OUT_DIR);
        return 1;
    }
    theme t;
    theme_defaults(&t);
    counts_batch b;
    counts_batch_init(&b);

    /* One page, a month. */
    fill_days(&b, "2026-11-01", 30, bundled, 1, false);
    SDL_Surface *one_page =
        render("one-page-30-days", "Reception", "2026-11-01", "2026-11-30", &b, &t);
    check_data_report("one-page-30-days", one_page, &t, true);
    counts_batch_clear(&b);

    /* Seven pages, a month: the bundled pages. The 1st is a Sunday: a
     * day with a row (and no visits) makes it the first day with counts. */
    fill_days(&b, "2026-11-01", 30, bundled, 7, false);
    static const int64_t zero[COUNTS_HIST_COUNT] = {0};
    counts_add_visit(&b, "2026-11-01", 0, zero);
    SDL_Surface *seven =
        render("seven-pages-30-days", "Reception", "2026-11-01", "2026-11-30", &b, &t);
    check_data_report("seven-pages-30-days", seven, &t, true);

    /* The same with open ends: the same days, so the same picture. */
    SDL_Surface *open_ends = render("seven-pages-open-ends", "Reception", NULL, NULL, &b, &t);
    if (seven && open_ends) {
        long differ = 0;
        for (int y = 0; y < REPORT_HEIGHT - 100; y++) /* the footer has today's date */
            for (int x = 0; x < REPORT_WIDTH; x++)
                differ += pixel(seven, x, y) != pixel(open_ends, x, y);
        CHECK_INT(differ, 0);
    }
    SDL_FreeSurface(open_ends);
    counts_batch_clear(&b);

    /* Sixty pages with long ids, 90 days. */
    static const char *const none[1] = {""};
    fill_days(&b, "2026-09-01", 90, none, 60, true);
    SDL_Surface *sixty =
        render("sixty-long-pages-90-days", "Children's centre, first floor waiting area",
               "2026-09-01", "2026-11-29", &b, &t);
    check_data_report("sixty-long-pages-90-days", sixty, &t, true);
    SDL_FreeSurface(sixty);
    counts_batch_clear(&b);

    /* One day. */
    fill_days(&b, "2026-11-25", 1, bundled, 7, false);
    SDL_Surface *one_day =
        render("seven-pages-1-day", "Reception", "2026-11-25", "2026-11-25", &b, &t);
    check_data_report("seven-pages-1-day", one_day, &t, true);
    SDL_FreeSurface(one_day);
    counts_batch_clear(&b);

    /* A year. */
    fill_days(&b, "2026-01-01", 365, bundled, 7, false);
    SDL_Surface *year =
        render("seven-pages-365-days", "Reception", "2026-01-01", "2026-12-31", &b, &t);
    check_data_report("seven-pages-365-days", year, &t, true);
    SDL_FreeSurface(year);

    /* Numbers far beyond a clinic's (a merge of many years of many
     * kiosks): they still fit their places. */
    counts_batch huge;
    counts_batch_init(&huge);
    int64_t many[COUNTS_HIST_COUNT] = {400000000000LL, 300000000000LL, 200000000000LL, 99999999999LL};
    counts_add_visit(&huge, "2026-11-24", 999999999999LL, many);
    counts_add_page(&huge, "2026-11-24", "welcome", "en", 999999999999999LL, 123456789012345LL,
                    999999999999999LL);
    counts_add_page(&huge, "2026-11-25", "bonding", "en", 1, 0, 0);
    SDL_Surface *big = render("huge-numbers", "Reception", NULL, NULL, &huge, &t);
    check_data_report("huge-numbers", big, &t, true);
    SDL_FreeSurface(big);
    counts_batch_release(&huge);

    /* Nothing in the period: a sentence, no charts. */
    SDL_Surface *nothing = render("no-data", "Reception", "2027-03-01", "2027-03-31", &b, &t);
    if (nothing && seven) {
        uint32_t light = theme_mix(t.accent, 0xFFFFFF, 0.62);
        area_count bars =
            count_area(nothing, BARS_X0, CHART_Y0, BARS_X1, CHART_Y1, t.accent, light);
        area_count line =
            count_area(nothing, LINE_X0, CHART_Y0, LINE_X1, CHART_Y1, t.accent, light);
        area_count middle = count_area(nothing, 600, 680, 1740, 960, t.accent, light);
        CHECK_INT(bars.accent + bars.light + line.accent, 0); /* no chart */
        CHECK(middle.non_white > 5000);                       /* the sentence */
        long differ = 0;
        for (int y = 0; y < REPORT_HEIGHT; y += 2)
            for (int x = 0; x < REPORT_WIDTH; x += 2)
                differ += pixel(seven, x, y) != pixel(nothing, x, y);
        CHECK(differ > 50000);
    }
    SDL_FreeSurface(nothing);
    counts_batch_clear(&b);
    SDL_Surface *empty = render("no-data-empty-batch", "Reception", NULL, NULL, &b, &t);
    SDL_FreeSurface(empty);

    /* Small numbers: a day when one family opened one page 1 time, read
     * 20 s, and a day when it was 3 times and 200 s, print the same
     * report: the bars, numbers and line show only "<5". */
    {
        SDL_Surface *few[2];
        for (int k = 0; k < 2; k++) {
            counts_batch small;
            counts_batch_init(&small);
            int64_t h[COUNTS_HIST_COUNT] = {k == 0, 0, k == 1, 0};
            counts_add_page(&small, "2026-11-23", "welcome", "en", 400, 0, 0);
            counts_add_page(&small, "2026-11-23", "attunement", "en", 400, k == 0 ? 1 : 3,
                            k == 0 ? 20 : 200);
            counts_add_visit(&small, "2026-11-23", k == 0 ? 1 : 2, h);
            few[k] = render(k == 0 ? "small-1" : "small-3", "Reception", NULL, NULL, &small, &t);
            counts_batch_release(&small);
        }
        CHECK(few[0] && few[1]);
        long differ = 0;
        for (int y = 0; few[0] && few[1] && y < REPORT_HEIGHT; y++)
            for (int x = 0; x < REPORT_WIDTH; x++) differ += pixel(few[0], x, y) != pixel(few[1], x, y);
        CHECK_INT(differ, 0);
        SDL_FreeSurface(few[0]);
        SDL_FreeSurface(few[1]);
    }

    /* Problems come back as messages. */
    char err[512] = "";
    fill_days(&b, "2026-11-01", 3, bundled, 2, false);
    test_export_on_a_stick(&b, &t);
    CHECK_INT(report_write_png(OUT_DIR "/no-such-folder/r.png", "K", NULL, NULL, &b, &t, err,
                               sizeof err), -1);
    CHECK(strstr(err, "no-such-folder/r.png") != NULL);
    CHECK_INT(
        report_write_png(OUT_DIR "/bad.png", "K", "2026-11-31", NULL, &b, &t, err, sizeof err), -1);
    CHECK(strstr(err, "2026-11-31") != NULL);
    CHECK_INT(report_write_png(OUT_DIR "/bad.png", "K", "2026-11-30", "2026-11-01", &b, &t, err,
                               sizeof err), -1);
    CHECK(strstr(err, "after it ends") != NULL);
    theme broken = t;
    snprintf(broken.font[THEME_FACE_BOLD], sizeof broken.font[THEME_FACE_BOLD], "/nonexistent/font.ttf");
    CHECK_INT(report_write_png(OUT_DIR "/bad.png", "K", NULL, NULL, &b, &broken, err, sizeof err),
              -1);
    CHECK(strstr(err, "/nonexistent/font.ttf") != NULL);
    struct stat st;
    CHECK(stat(OUT_DIR "/bad.png", &st) != 0);

    SDL_FreeSurface(one_page);
    SDL_FreeSurface(seven);
    counts_batch_release(&b);
    CHECK(!TTF_WasInit());
    SDL_Quit();
    return check_summary();
}
