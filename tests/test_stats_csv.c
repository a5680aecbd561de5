/* test_stats_csv.c - the statistics CSV: written exactly as Excel wants
 * it, read back (also as Excel saves it again), every problem with its
 * file and line, the limits; the dates; and the sums `kiosk stats` and
 * the report show. Pure core: no SDL, no SQLite. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "stats_csv.h"

/* ---- helpers ---- */

/* stats_csv_write into a malloc'd string (*len bytes, NUL after). */
static char *write_csv(const char *name, const counts_batch *b, size_t *len) {
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    if (!f) return NULL;
    CHECK_INT(stats_csv_write(f, name, b), 0);
    fclose(f);
    *len = size;
    return text;
}

static int read_text(const char *text, counts_batch *out, stats_csv_info *info, diag_list *d) {
    return stats_csv_read("test.csv", text, strlen(text), out, info, d);
}

static const counts_page_row *find_page(const counts_batch *b, const char *day, const char *page,
                                        const char *lang) {
    for (int i = 0; i < b->page_count; i++)
        if (strcmp(b->pages[i].day, day) == 0 && strcmp(b->pages[i].page, page) == 0 &&
            strcmp(b->pages[i].lang, lang) == 0)
            return &b->pages[i];
    return NULL;
}

static const counts_visit_row *find_visit(const counts_batch *b, const char *day) {
    for (int i = 0; i < b->visit_count; i++)
        if (strcmp(b->visits[i].day, day) == 0) return &b->visits[i];
    return NULL;
}

/* Every row of a is in b with the same numbers, and the other way round. */
static bool same_batch(const counts_batch *a, const counts_batch *b) {
    if (a->page_count != b->page_count || a->visit_count != b->visit_count) return false;
    for (int i = 0; i < a->page_count; i++) {
        const counts_page_row *x = &a->pages[i];
        const counts_page_row *y = find_page(b, x->day, x->page, x->lang);
        if (!y || x->shown != y->shown || x->opened != y->opened ||
            x->read_seconds != y->read_seconds)
            return false;
    }
    for (int i = 0; i < a->visit_count; i++) {
        const counts_visit_row *x = &a->visits[i];
        const counts_visit_row *y = find_visit(b, x->day);
        if (!y || x->visits != y->visits || memcmp(x->opened, y->opened, sizeof x->opened) != 0)
            return false;
    }
    return true;
}

/* Reads text that must fail with exactly one problem, at `line`, whose
 * message contains `words`; checks that out was left alone. */
static void expect_problem(const char *what, const char *text, size_t len, int line,
                           const char *words) {
    counts_batch b;
    counts_batch_init(&b);
    int64_t none[COUNTS_HIST_COUNT] = {0};
    counts_add_visit(&b, "2026-01-01", 7, none);
    diag_list d;
    diag_list_init(&d);
    int rc = stats_csv_read("bad.csv", text, len, &b, NULL, &d);
    CHECK_INT(rc, -1);
    CHECK_INT(d.errors, 1);
    CHECK_INT(b.page_count, 0);
    CHECK_INT(b.visit_count, 1);
    CHECK_INT(b.visits[0].visits, 7);
    if (d.count >= 1) {
        char message[1400], where[64];
        diag_format(&d.items[0], message, sizeof message);
        if (line > 0) snprintf(where, sizeof where, "bad.csv:%d: error: ", line);
        else snprintf(where, sizeof where, "bad.csv: error: ");
        bool ok = strncmp(message, where, strlen(where)) == 0 && strstr(message, words);
        if (!ok) fprintf(stderr, "%s: expected \"%s...%s\", got \"%s\"\n", what, where, words,
                         message);
        CHECK(ok);
    } else {
        fprintf(stderr, "%s: no problem reported\n", what);
    }
    diag_list_release(&d);
    counts_batch_release(&b);
}

static void expect_problem_text(const char *what, const char *text, int line, const char *words) {
    expect_problem(what, text, strlen(text), line, words);
}

#define HEADER STATS_CSV_HEADER "\r\n"

/* ---- tests ---- */

static void test_write_exact(void) {
    counts_batch b;
    counts_batch_init(&b);
    int64_t h1[COUNTS_HIST_COUNT] = {5, 3, 1, 0}, h2[COUNTS_HIST_COUNT] = {1, 0, 0, 2},
            h3[COUNTS_HIST_COUNT] = {0, 1, 0, 0};
    /* Added out of order: the file is sorted by date, page, language. */
    counts_add_visit(&b, "2026-11-24", 4, h2);
    counts_add_page(&b, "2026-11-24", "welcome", "en", 2, 1, 30);
    counts_add_page(&b, "2026-11-24", "bonding", "en", 1234, 0, 0);
    counts_add_page(&b, "2026-11-23", "welcome", "pl", 1, 0, 0);
    counts_add_page(&b, "2026-11-23", "welcome", "en", 12, 7, 95);
    counts_add_page(&b, "2026-11-23", "bonding", "en", 4, 2, 61);
    counts_add_visit(&b, "2026-11-23", 14, h1);
    /* One family on the 25th: it opened attunement and read it for 40 s. */
    counts_add_page(&b, "2026-11-25", "attunement", "en", 300, 1, 40);
    counts_add_page(&b, "2026-11-25", "welcome", "en", 301, 0, 0);
    counts_add_visit(&b, "2026-11-25", 1, h3);
    size_t len = 0;
    char *text = write_csv("Reception", &b, &len);
    /* 1..4 hidden, others to the nearest 5 (read: the minute, from 5 views
     * up); a day with fewer than 5 visits hides all it opened. */
    const char *expected =
        "\xEF\xBB\xBF" STATS_CSV_HEADER "\r\n"
        "page,Reception,2026-11-23,bonding,en,<5,<5,<5,,,,,\r\n"
        "page,Reception,2026-11-23,welcome,en,10,5,120,,,,,\r\n"
        "page,Reception,2026-11-23,welcome,pl,<5,0,0,,,,,\r\n"
        "visits,Reception,2026-11-23,,,,,,15,5,<5,<5,0\r\n"
        "page,Reception,2026-11-24,bonding,en,1235,<5,<5,,,,,\r\n"
        "page,Reception,2026-11-24,welcome,en,<5,<5,<5,,,,,\r\n"
        "visits,Reception,2026-11-24,,,,,,<5,<5,<5,<5,<5\r\n"
        "page,Reception,2026-11-25,attunement,en,300,<5,<5,,,,,\r\n"
        "page,Reception,2026-11-25,welcome,en,300,<5,<5,,,,,\r\n"
        "visits,Reception,2026-11-25,,,,,,<5,<5,<5,<5,<5\r\n";
    CHECK_STR(text, expected);
    CHECK_INT(len, strlen(expected));
    /* The family's page reads exactly as the page it did not open. */
    CHECK(strstr(text, "attunement,en,300,<5,<5,") && strstr(text, "welcome,en,300,<5,<5,"));

    /* And back: "<5" is read as 0, and counted. */
    counts_batch back;
    counts_batch_init(&back);
    diag_list d;
    diag_list_init(&d);
    stats_csv_info info;
    CHECK_INT(stats_csv_read("r.csv", text, len, &back, &info, &d), 0);
    CHECK_INT(d.count, 0);
    const counts_page_row *p = find_page(&back, "2026-11-23", "welcome", "en");
    CHECK(p && p->shown == 10 && p->opened == 5 && p->read_seconds == 120);
    p = find_page(&back, "2026-11-24", "bonding", "en");
    CHECK(p && p->shown == 1235 && p->opened == 0 && p->read_seconds == 0);
    const counts_visit_row *v = find_visit(&back, "2026-11-24");
    CHECK(v && v->visits == 0 && v->opened[COUNTS_HIST_6_PLUS] == 0);
    CHECK_INT(info.hidden, 25);
    CHECK_INT(info.rows, 10);
    CHECK_INT(info.name_count, 1);
    CHECK_STR(info.names[0], "Reception");
    CHECK_STR(info.first_day, "2026-11-23");
    CHECK_STR(info.last_day, "2026-11-25");
    diag_list_release(&d);
    counts_batch_release(&back);
    free(text);

    /* An empty batch is the BOM and the header; a NULL name an empty column. */
    counts_batch_clear(&b);
    text = write_csv(NULL, &b, &len);
    CHECK_STR(text, "\xEF\xBB\xBF" STATS_CSV_HEADER "\r\n");
    counts_batch back2;
    counts_batch_init(&back2);
    diag_list_init(&d);
    CHECK_INT(stats_csv_read("empty.csv", text, len, &back2, &info, &d), 0);
    CHECK_INT(d.count, 0);
    CHECK(counts_batch_empty(&back2));
    CHECK_INT(info.rows, 0);
    CHECK_STR(info.first_day, "");
    free(text);
    counts_add_page(&b, "2026-11-23", "welcome", "en", 1, 0, 0);
    text = write_csv(NULL, &b, &len);
    CHECK(strstr(text, "\r\npage,,2026-11-23,welcome,en,<5,<5,<5,,,,,\r\n") != NULL);
    free(text);
    diag_list_release(&d);
    counts_batch_release(&back2);
    counts_batch_release(&b);
}

/* Page ids and names with commas, quotes, line ends, formulas. */
static void test_quoting(void) {
    static const char *const ids[] = {
        "a,b", "say \"hi\"", "two\nlines", "cr\r\nlf", "=1+1", "+44 clinic", "-dash", "@home",
        "'quoted", "''", "tab\there", "\xC5\x82\xC3\xB3\x64\xC5\xBA", " spaced ", "\"", ",",
    };
    counts_batch b;
    counts_batch_init(&b);
    int n = (int)(sizeof ids / sizeof ids[0]);
    /* Numbers that publish as they are: multiples of 5, minutes, a busy day. */
    for (int i = 0; i < n; i++)
        counts_add_page(&b, "2026-11-23", ids[i], "en", (i + 1) * 5, 5 * i, i * 60);
    counts_add_visit(&b, "2026-11-23", 10, (int64_t[COUNTS_HIST_COUNT]){5, 5, 0, 0});
    size_t len = 0;
    char *text = write_csv("Waiting room, \"blue\"", &b, &len);
    CHECK(strstr(text, ",\"Waiting room, \"\"blue\"\"\",") != NULL);
    CHECK(strstr(text, ",\"a,b\",") != NULL);
    CHECK(strstr(text, ",\"say \"\"hi\"\"\",") != NULL);
    CHECK(strstr(text, ",'=1+1,") != NULL);         /* not a formula in Excel */
    CHECK(strstr(text, ",'+44 clinic,") != NULL);
    CHECK(strstr(text, ",'@home,") != NULL);
    CHECK(strstr(text, ",''quoted,") != NULL);
    CHECK(strstr(text, ",\"two\nlines\",") != NULL);
    counts_batch back;
    counts_batch_init(&back);
    diag_list d;
    diag_list_init(&d);
    stats_csv_info info;
    CHECK_INT(stats_csv_read("q.csv", text, len, &back, &info, &d), 0);
    diag_list_print(&d, stderr, "quoting: ");
    CHECK_INT(d.count, 0);
    CHECK(same_batch(&b, &back));
    CHECK_STR(info.names[0], "Waiting room, \"blue\"");
    diag_list_release(&d);
    counts_batch_release(&back);
    counts_batch_release(&b);
    free(text);

    /* A line number after a quoted line end counts both lines. */
    expect_problem_text("line after quoted newline",
                        HEADER "page,K,2026-11-23,\"two\r\nlines\",en,1,0,0,,,,,\r\n"
                               "page,K,2026-11-23,x,en,-1,0,0,,,,,\r\n",
                        4, "negative");
}

/* The same file as Excel saves it again, and as other tools write it. */
static void test_excel_variants(void) {
    static const char *const variants[] = {
        /* no BOM, CRLF */
        STATS_CSV_HEADER "\r\npage,Reception,2026-11-23,welcome,en,12,3,95,,,,,\r\n"
        "visits,Reception,2026-11-23,,,,,,14,5,3,1,0\r\n",
        /* LF, no final line end */
        "\xEF\xBB\xBF" STATS_CSV_HEADER "\npage,Reception,2026-11-23,welcome,en,12,3,95,,,,,\n"
        "visits,Reception,2026-11-23,,,,,,14,5,3,1,0",
        /* CR only (old Mac Excel) */
        STATS_CSV_HEADER "\rpage,Reception,2026-11-23,welcome,en,12,3,95,,,,,\r"
        "visits,Reception,2026-11-23,,,,,,14,5,3,1,0\r",
        /* every field quoted, header in capitals, spaces around numbers */
        "\"RECORD\",\"Kiosk\",\"Date\",\"Page\",\"Language\",\"Shown\",\"Opened\","
        "\"Read_Seconds\",\"Visits\",\"Opened_1\",\"Opened_2\",\"Opened_3_5\",\"Opened_6_Plus\"\r\n"
        "\"page\",\"Reception\",\"2026-11-23\",\"welcome\",\"en\",\" 12\",\"3 \",\"95\",\"\","
        "\"\",\"\",\"\",\"\"\r\n"
        "\"visits\",\"Reception\",\"2026-11-23\",\"\",\"\",\"\",\"\",\"\",\"14\",\"5\",\"3\","
        "\"1\",\"0\"\r\n",
        /* blank lines and rows of empty cells, as Excel leaves them */
        "\xEF\xBB\xBF" STATS_CSV_HEADER "\r\n\r\n,,,,,,,,,,,,\r\n"
        "page,Reception,2026-11-23,welcome,en,12,3,95,,,,,\r\n"
        ",,,,,,,,,,,,\r\nvisits,Reception,2026-11-23,,,,,,14,5,3,1,0\r\n,,,,,,,,,,,,\r\n\r\n",
        /* two exports pasted one after the other: the second header is skipped */
        STATS_CSV_HEADER "\npage,Reception,2026-11-23,welcome,en,10,1,90,,,,,\n"
        "visits,Reception,2026-11-23,,,,,,10,5,0,1,0\n"
        "\xEF\xBB\xBF" STATS_CSV_HEADER "\npage,Reception,2026-11-23,welcome,en,2,2,5,,,,,\n"
        "visits,Reception,2026-11-23,,,,,,4,0,3,0,0\n",
        /* the same day's rows split in two (summed) */
        STATS_CSV_HEADER "\npage,Reception,2026-11-23,welcome,en,10,1,90,,,,,\n"
        "visits,Reception,2026-11-23,,,,,,10,5,0,1,0\n"
        "page,Reception,2026-11-23,welcome,en,2,2,5,,,,,\n"
        "visits,Reception,2026-11-23,,,,,,4,0,3,0,0\n",
    };
    for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++) {
        counts_batch b;
        counts_batch_init(&b);
        diag_list d;
        diag_list_init(&d);
        int rc = read_text(variants[v], &b, NULL, &d);
        if (rc != 0) {
            fprintf(stderr, "variant %zu:\n", v);
            diag_list_print(&d, stderr, "  ");
        }
        CHECK_INT(rc, 0);
        CHECK_INT(b.page_count, 1);
        CHECK_INT(b.visit_count, 1);
        const counts_page_row *p = find_page(&b, "2026-11-23", "welcome", "en");
        CHECK(p && p->shown == 12 && p->opened == 3 && p->read_seconds == 95);
        const counts_visit_row *w = find_visit(&b, "2026-11-23");
        CHECK(w && w->visits == 14 && w->opened[COUNTS_HIST_1] == 5 && w->opened[COUNTS_HIST_2] == 3 &&
              w->opened[COUNTS_HIST_3_5] == 1 && w->opened[COUNTS_HIST_6_PLUS] == 0);
        diag_list_release(&d);
        counts_batch_release(&b);
    }
}

static void test_problems(void) {
    expect_problem_text("empty file", "", 0, "empty");
    expect_problem_text("only a BOM", "\xEF\xBB\xBF", 0, "empty");
    expect_problem_text("wrong header", "date,page,shown\r\n2026-11-23,welcome,3\r\n", 1,
                        "first line must be the column names");
    expect_problem_text("header with a column too few",
                        "record,kiosk,date,page,language,shown,opened,read_seconds,visits,"
                        "opened_1,opened_2,opened_3_5\r\n",
                        1, "first line");
    expect_problem_text("semicolon header",
                        "\xEF\xBB\xBFrecord;kiosk;date;page;language;shown;opened;read_seconds;"
                        "visits;opened_1;opened_2;opened_3_5;opened_6_plus\r\n",
                        1, "separated by \";\"");
    expect_problem_text("semicolon row",
                        HEADER "page;K;2026-11-23;welcome;en;1;0;0;;;;;\r\n", 2,
                        "separated by \";\"");
    expect_problem("UTF-16", "\xFF\xFEr\0e\0c\0", 8, 1, "UTF-16");
    expect_problem_text("too few columns", HEADER "\r\npage,K,2026-11-23,welcome,en,1,0,0,,,,\r\n",
                        3, "12 columns, expected 13");
    expect_problem_text("too many columns",
                        HEADER "page,K,2026-11-23,welcome,en,1,0,0,,,,,,\r\n", 2,
                        "14 columns, expected 13");
    expect_problem_text("bad number", HEADER "page,K,2026-11-23,welcome,en,three,0,0,,,,,\r\n", 2,
                        "shown is \"three\", not a whole number");
    expect_problem_text("decimal", HEADER "page,K,2026-11-23,welcome,en,1,0,9.5,,,,,\r\n", 2,
                        "read_seconds is \"9.5\", not a whole number");
    expect_problem_text("negative", HEADER "visits,K,2026-11-23,,,,,,-4,0,0,0,0\r\n", 2,
                        "visits is -4; a count cannot be negative");
    expect_problem_text("too large", HEADER "page,K,2026-11-23,welcome,en,1000000001,0,0,,,,,\r\n",
                        2, "more than the largest allowed");
    expect_problem_text(
        "huge", HEADER "page,K,2026-11-23,welcome,en,99999999999999999999999999,0,0,,,,,\r\n", 2,
        "more than the largest allowed");
    expect_problem_text("missing number", HEADER "visits,K,2026-11-23,,,,,,4,0,,0,0\r\n", 2,
                        "opened_2 is empty");
    expect_problem_text("no such day", HEADER "page,K,2026-02-29,welcome,en,1,0,0,,,,,\r\n", 2,
                        "the date 2026-02-29 does not exist");
    expect_problem_text("month 13", HEADER "page,K,2026-13-01,welcome,en,1,0,0,,,,,\r\n", 2,
                        "does not exist");
    expect_problem_text("Excel's date", HEADER "page,K,23/11/2026,welcome,en,1,0,0,,,,,\r\n", 2,
                        "Excel may have changed it");
    expect_problem_text("not a date", HEADER "page,K,yesterday,welcome,en,1,0,0,,,,,\r\n", 2,
                        "the date \"yesterday\" must be written year-month-day");
    char line[1200];
    char long_id[300];
    memset(long_id, 'x', 200);
    long_id[200] = '\0';
    snprintf(line, sizeof line, HEADER "page,K,2026-11-23,%s,en,1,0,0,,,,,\r\n", long_id);
    expect_problem_text("long id (kept in full)", line, 2,
                        "the page id is 200 bytes long; the longest allowed is 127");
    long_id[128] = '\0';
    snprintf(line, sizeof line, HEADER "page,K,2026-11-23,%s,en,1,0,0,,,,,\r\n", long_id);
    expect_problem_text("id one byte too long", line, 2, "128 bytes long");
    memset(long_id, 'y', sizeof long_id - 1);
    long_id[sizeof long_id - 1] = '\0';
    snprintf(line, sizeof line, HEADER "page,K,2026-11-23,%s,en,1,0,0,,,,,\r\n", long_id);
    expect_problem_text("id longer than a field", line, 2, "299 bytes long");
    long_id[127] = '\0';
    snprintf(line, sizeof line, HEADER "page,K,2026-11-23,%s,en,1,0,0,,,,,\r\n", long_id);
    counts_batch ok;
    counts_batch_init(&ok);
    diag_list d;
    diag_list_init(&d);
    CHECK_INT(read_text(line, &ok, NULL, &d), 0); /* 127 bytes is fine */
    CHECK_INT(ok.page_count, 1);
    diag_list_release(&d);
    counts_batch_release(&ok);
    memset(long_id, 'n', 130);
    long_id[130] = '\0';
    snprintf(line, sizeof line, HEADER "visits,%s,2026-11-23,,,,,,1,1,0,0,0\r\n", long_id);
    expect_problem_text("long kiosk name", line, 2, "the kiosk name is 130 bytes long");
    expect_problem_text("long language",
                        HEADER "page,K,2026-11-23,welcome,abcdefghijkl,1,0,0,,,,,\r\n", 2,
                        "the language is 12 bytes long; the longest allowed is 11");
    expect_problem_text("bad language", HEADER "page,K,2026-11-23,welcome,e n,1,0,0,,,,,\r\n", 2,
                        "must be a code like en");
    expect_problem_text("language like a formula",
                        HEADER "page,K,2026-11-23,welcome,-en,1,0,0,,,,,\r\n", 2,
                        "the language \"-en\" must be a code like en");
    expect_problem_text("empty page", HEADER "page,K,2026-11-23,,en,1,0,0,,,,,\r\n", 2,
                        "the page id is empty");
    expect_problem_text("empty language", HEADER "page,K,2026-11-23,welcome,,1,0,0,,,,,\r\n", 2,
                        "the language is empty");
    expect_problem_text("unknown record", HEADER "pages,K,2026-11-23,welcome,en,1,0,0,,,,,\r\n", 2,
                        "the record \"pages\" is unknown");
    expect_problem_text("visits column on a page row",
                        HEADER "page,K,2026-11-23,welcome,en,1,0,0,5,,,,\r\n", 2,
                        "visits must be empty on a page row (it has \"5\")");
    expect_problem_text("page column on a visits row",
                        HEADER "visits,K,2026-11-23,welcome,,,,,5,1,0,0,0\r\n", 2,
                        "page must be empty on a visits row");
    expect_problem_text("unclosed quote",
                        HEADER "page,K,2026-11-23,\"welcome,en,1,0,0,,,,,\r\n"
                               "page,K,2026-11-23,welcome,en,1,0,0,,,,,\r\n",
                        2, "never closed");
    expect_problem_text("text after quote",
                        HEADER "page,K,2026-11-23,\"wel\"come,en,1,0,0,,,,,\r\n", 2,
                        "text after a closing quote");
    expect_problem_text("Windows-1252 text",
                        HEADER "page,Caf\xE9,2026-11-23,welcome,en,1,0,0,,,,,\r\n", 2,
                        "not UTF-8 text");
    static const char nul_row[] = HEADER "page,K,2026-11-23,wel\0come,en,1,0,0,,,,,\r\n";
    expect_problem("NUL byte", nul_row, sizeof nul_row - 1, 2, "NUL byte");

    /* Several problems: each with its own line; the file is not used. */
    counts_batch b;
    counts_batch_init(&b);
    diag_list_init(&d);
    const char *text = HEADER "page,K,2026-11-23,welcome,en,1,0,0,,,,,\r\n"
                              "page,K,2026-11-31,welcome,en,1,0,0,,,,,\r\n"
                              "page,K,2026-11-23,welcome,en,1,0,0,,,,,\r\n"
                              "visits,K,2026-11-23,,,,,,x,0,0,0,0\r\n";
    CHECK_INT(read_text(text, &b, NULL, &d), -1);
    CHECK_INT(d.errors, 2);
    CHECK(d.count == 2 && d.items[0].line == 3 && d.items[1].line == 5);
    CHECK(counts_batch_empty(&b));
    diag_list_release(&d);

    /* Many problems: the reader stops after STATS_CSV_MAX_PROBLEMS. */
    size_t cap = 200 * 60 + 200;
    char *many = malloc(cap);
    size_t n = (size_t)snprintf(many, cap, HEADER);
    for (int i = 0; i < 200; i++)
        n += (size_t)snprintf(many + n, cap - n, "page,K,2026-11-23,welcome,en,bad,0,0,,,,,\r\n");
    diag_list_init(&d);
    CHECK_INT(stats_csv_read("many.csv", many, n, &b, NULL, &d), -1);
    CHECK_INT(d.errors, STATS_CSV_MAX_PROBLEMS + 1);
    CHECK(d.count > 0 && strstr(d.items[d.count - 1].message, "not read") != NULL);
    free(many);
    diag_list_release(&d);
    counts_batch_release(&b);
}

static void test_limits(void) {
    /* One byte over 32 MB is refused unread (and the message says so). */
    size_t big = (size_t)STATS_CSV_MAX_BYTES + 1;
    char *bytes = malloc(big);
    memset(bytes, 'x', big);
    expect_problem("over 32 MB", bytes, big, 0, "the largest allowed is 32 MB");
    free(bytes);

    /* 1,000,000 rows are read (and quickly); one more is refused. */
    const char *row = "page,,2026-11-23,a,e,1,0,0,,,,,\n";
    size_t row_len = strlen(row), header_len = strlen(STATS_CSV_HEADER "\n");
    size_t size = header_len + row_len * ((size_t)STATS_CSV_MAX_ROWS + 1);
    CHECK(size <= (size_t)STATS_CSV_MAX_BYTES);
    bytes = malloc(size);
    memcpy(bytes, STATS_CSV_HEADER "\n", header_len);
    for (long i = 0; i <= STATS_CSV_MAX_ROWS; i++)
        memcpy(bytes + header_len + (size_t)i * row_len, row, row_len);
    counts_batch b;
    counts_batch_init(&b);
    diag_list d;
    diag_list_init(&d);
    clock_t start = clock();
    CHECK_INT(stats_csv_read("million.csv", bytes, size - row_len, &b, NULL, &d), 0);
    double seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
    printf("1,000,000 rows read in %.2f s\n", seconds);
    CHECK(b.page_count == 1 && b.pages[0].shown == STATS_CSV_MAX_ROWS);
    diag_list_release(&d);
    counts_batch_release(&b);
    expect_problem("1,000,001 rows", bytes, size, (int)STATS_CSV_MAX_ROWS + 2,
                   "more than 1000000 rows");
    free(bytes);

    /* Many different keys: adding stays fast (no walk through the rows). */
    counts_batch many;
    counts_batch_init(&many);
    size_t cap = 200000 * 48;
    char *text = malloc(cap);
    size_t n = (size_t)snprintf(text, cap, STATS_CSV_HEADER "\n");
    for (int i = 0; i < 200000; i++)
        n += (size_t)snprintf(text + n, cap - n, "page,,2026-%02d-%02d,p%d,en,1,1,1,,,,,\n",
                              i % 12 + 1, i % 28 + 1, i);
    diag_list_init(&d);
    start = clock();
    CHECK_INT(stats_csv_read("wide.csv", text, n, &many, NULL, &d), 0);
    /* And a second read of the same sums into the same rows. */
    CHECK_INT(stats_csv_read("wide.csv", text, n, &many, NULL, &d), 0);
    seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
    printf("200,000 different rows read twice in %.2f s\n", seconds);
    CHECK_INT(many.page_count, 200000);
    CHECK(many.page_count == 200000 && many.pages[12345].shown == 2);
    CHECK(seconds < 20);
    free(text);
    diag_list_release(&d);
    counts_batch_release(&many);
}

/* Two kiosks' exports summed into one batch, names collected. */
static void test_merge(void) {
    counts_batch a, b, sum;
    counts_batch_init(&a);
    counts_batch_init(&b);
    counts_batch_init(&sum);
    int64_t ha[COUNTS_HIST_COUNT] = {6, 5, 1, 0}, hb[COUNTS_HIST_COUNT] = {1, 1, 0, 0};
    counts_add_page(&a, "2026-11-23", "welcome", "en", 10, 2, 40);
    counts_add_page(&a, "2026-11-24", "welcome", "en", 1, 0, 0);
    counts_add_visit(&a, "2026-11-23", 12, ha);
    counts_add_page(&b, "2026-11-23", "welcome", "en", 5, 1, 20);
    counts_add_page(&b, "2026-11-23", "bonding", "pl", 2, 2, 200);
    counts_add_visit(&b, "2026-11-23", 8, hb);
    counts_add_visit(&b, "2026-11-22", 1, hb);
    size_t la, lb;
    char *ta = write_csv("Reception", &a, &la), *tb = write_csv("Corridor", &b, &lb);
    diag_list d;
    diag_list_init(&d);
    stats_csv_info ia, ib;
    CHECK_INT(stats_csv_read("a.csv", ta, la, &sum, &ia, &d), 0);
    CHECK_INT(stats_csv_read("b.csv", tb, lb, &sum, &ib, &d), 0);
    CHECK_INT(d.count, 0);
    CHECK_INT(sum.page_count, 3);
    CHECK_INT(sum.visit_count, 2);
    /* What the files show is summed; a "<5" adds nothing. */
    const counts_page_row *p = find_page(&sum, "2026-11-23", "welcome", "en");
    CHECK(p && p->shown == 15 && p->opened == 0 && p->read_seconds == 0);
    const counts_visit_row *v = find_visit(&sum, "2026-11-23");
    CHECK(v && v->visits == 20 && v->opened[COUNTS_HIST_1] == 5 && v->opened[COUNTS_HIST_2] == 5 &&
          v->opened[COUNTS_HIST_3_5] == 0);
    CHECK_INT(ia.hidden, 6);
    CHECK_INT(ib.hidden, 12);
    CHECK_STR(ia.names[0], "Reception");
    CHECK_STR(ib.names[0], "Corridor");
    CHECK_STR(ib.first_day, "2026-11-22");
    CHECK_STR(ib.last_day, "2026-11-23");
    free(ta);
    free(tb);

    /* A file with nine kiosk names remembers eight and says there were more. */
    char text[4000];
    size_t n = (size_t)snprintf(text, sizeof text, HEADER);
    for (int i = 0; i < 9; i++)
        n += (size_t)snprintf(text + n, sizeof text - n,
                              "visits,Kiosk %d,2026-11-23,,,,,,1,0,0,0,0\r\n", i % 9);
    stats_csv_info info;
    CHECK_INT(stats_csv_read("nine.csv", text, n, &sum, &info, &d), 0);
    CHECK_INT(info.name_count, STATS_CSV_NAMES_MAX);
    CHECK(info.more_names);
    CHECK_STR(info.names[7], "Kiosk 7");
    v = find_visit(&sum, "2026-11-23");
    CHECK(v && v->visits == 29);
    diag_list_release(&d);
    counts_batch_release(&a);
    counts_batch_release(&b);
    counts_batch_release(&sum);
}

static void test_read_file(void) {
    char path[] = "/tmp/test_stats_csv_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0) return;
    const char *text = HEADER "visits,K,2026-11-23,,,,,,4,1,0,0,0\r\n";
    CHECK_INT(write(fd, text, strlen(text)), (long long)strlen(text));
    close(fd);
    counts_batch b;
    counts_batch_init(&b);
    diag_list d;
    diag_list_init(&d);
    CHECK_INT(stats_csv_read_file(path, &b, NULL, &d), 0);
    CHECK_INT(b.visit_count, 1);
    /* Over 32 MB on disk: refused before reading (a sparse file). */
    CHECK_INT(truncate(path, STATS_CSV_MAX_BYTES + 1), 0);
    CHECK_INT(stats_csv_read_file(path, &b, NULL, &d), -1);
    CHECK(d.count == 1 && strstr(d.items[0].message, "largest allowed is 32 MB") &&
          strcmp(d.items[0].file, path) == 0);
    unlink(path);
    CHECK_INT(stats_csv_read_file(path, &b, NULL, &d), -1);
    CHECK(d.count == 2 && strstr(d.items[1].message, "cannot open"));
    CHECK_INT(b.visit_count, 1);
    CHECK_INT(b.visits[0].visits, 4);
    diag_list_release(&d);
    counts_batch_release(&b);
}

static void test_dates(void) {
    int32_t day = -1;
    CHECK(stats_date_parse("1970-01-01", &day) && day == 0);
    CHECK(stats_date_parse("2026-11-23", &day) && day == 20780);
    CHECK(stats_date_parse("2024-02-29", &day));
    CHECK(stats_date_parse("2000-02-29", &day));
    CHECK(!stats_date_parse("1900-02-29", &day));
    CHECK(!stats_date_parse("2026-02-29", &day));
    CHECK(!stats_date_parse("2026-04-31", &day));
    CHECK(!stats_date_parse("2026-00-10", &day));
    CHECK(!stats_date_parse("2026-1-1", &day));
    CHECK(!stats_date_parse("2026-01-01 ", &day));
    CHECK(!stats_date_parse("2026/01/01", &day));
    CHECK(!stats_date_parse("1899-12-31", &day));
    CHECK(!stats_date_parse("", &day));
    CHECK(!stats_date_parse(NULL, &day));
    CHECK(stats_date_parse("9999-12-31", &day));
    /* Every day from 1900 to 2100 goes round. */
    int32_t first, last;
    stats_date_parse("1900-01-01", &first);
    stats_date_parse("2100-12-31", &last);
    bool round = true;
    for (int32_t d = first; d <= last && round; d++) {
        char text[COUNTS_DAY_LEN];
        int32_t back;
        stats_date_format(d, text);
        round = stats_date_parse(text, &back) && back == d;
        if (!round) fprintf(stderr, "day %d -> %s\n", (int)d, text);
    }
    CHECK(round);
    char words[64];
    stats_date_parse("2026-11-03", &day);
    stats_date_words(day, true, words, sizeof words);
    CHECK_STR(words, "3 November 2026");
    stats_date_words(day, false, words, sizeof words);
    CHECK_STR(words, "3 Nov");
}

static void test_format(void) {
    char s[64];
    stats_format_count(0, s, sizeof s);
    CHECK_STR(s, "0");
    stats_format_count(999, s, sizeof s);
    CHECK_STR(s, "999");
    stats_format_count(1000, s, sizeof s);
    CHECK_STR(s, "1,000");
    stats_format_count(1234567, s, sizeof s);
    CHECK_STR(s, "1,234,567");
    stats_format_count(-45678, s, sizeof s);
    CHECK_STR(s, "-45,678");
    stats_format_count(INT64_MIN, s, sizeof s);
    CHECK_STR(s, "-9,223,372,036,854,775,808");
    stats_format_duration(0, s, sizeof s);
    CHECK_STR(s, "0:00");
    stats_format_duration(245, s, sizeof s);
    CHECK_STR(s, "4:05");
    stats_format_duration(3599, s, sizeof s);
    CHECK_STR(s, "59:59");
    stats_format_duration(3723, s, sizeof s);
    CHECK_STR(s, "1:02:03");
    stats_format_duration(100 * 3600, s, sizeof s);
    CHECK_STR(s, "100:00:00");
}

static void test_public(void) {
    /* Small numbers hidden, the rest rounded to the nearest 5. */
    CHECK_INT(stats_public_count(0), 0);
    for (int n = 1; n <= 4; n++) CHECK_INT(stats_public_count(n), STATS_PUBLIC_HIDDEN);
    CHECK_INT(stats_public_count(5), 5);
    CHECK_INT(stats_public_count(7), 5);
    CHECK_INT(stats_public_count(8), 10);
    CHECK_INT(stats_public_count(1234), 1235);
    /* Read time: from 5 views up, to the minute. */
    CHECK_INT(stats_public_seconds(0, 0), 0);
    CHECK_INT(stats_public_seconds(95, 4), STATS_PUBLIC_HIDDEN);
    CHECK_INT(stats_public_seconds(30, 0), STATS_PUBLIC_HIDDEN);  /* read past midnight */
    CHECK_INT(stats_public_seconds(95, 5), 120);
    CHECK_INT(stats_public_seconds(89, 5), 60);
    char s[32];
    stats_format_public(STATS_PUBLIC_HIDDEN, s, sizeof s);
    CHECK_STR(s, "<5");
    stats_format_public(stats_public_count(12345), s, sizeof s);
    CHECK_STR(s, "12,345");
    /* A published total minus the published cell beside it cannot pin
     * down a hidden one: whatever the numbers, at least two hidden values
     * from 1 to 4 fit the same published pair (all four, but at the
     * bottom, where the rest is 5 to 7). Exact totals would give it away:
     * 23 - 20 = 3. */
    int pinned = 0;
    for (int64_t rest = 5; rest < 500; rest++)
        for (int64_t h = 1; h <= 4; h++) {
            int64_t seen_rest = stats_public_count(rest), seen_total = stats_public_count(rest + h);
            int fit = 0;
            for (int64_t g = 1; g <= 4; g++) {
                bool fits = false;
                for (int64_t r = rest - 10; r <= rest + 10 && !fits; r++)
                    fits = r >= 5 && stats_public_count(r) == seen_rest &&
                           stats_public_count(r + g) == seen_total;
                fit += fits;
            }
            pinned += fit < (rest >= 8 ? 4 : 2);
        }
    CHECK_INT(pinned, 0);
}

static void test_summary(void) {
    counts_batch b;
    counts_batch_init(&b);
    int64_t h[COUNTS_HIST_COUNT] = {2, 1, 0, 1};
    counts_add_page(&b, "2026-11-20", "welcome", "en", 10, 2, 100);
    counts_add_page(&b, "2026-11-20", "welcome", "pl", 3, 1, 20);
    counts_add_page(&b, "2026-11-22", "bonding", "en", 20, 5, 600);
    counts_add_page(&b, "2026-11-22", "attunement", "en", 13, 1, 50);
    counts_add_page(&b, "2026-11-25", "hormones", "en", 1, 0, 0);
    counts_add_visit(&b, "2026-11-20", 5, h);
    counts_add_visit(&b, "2026-11-22", 7, h);
    counts_add_visit(&b, "2026-10-01", 9, h);

    stats_summary s;
    char err[256];
    /* Open ends: the first and last day with counts. */
    CHECK_INT(stats_summary_init(&s, &b, NULL, NULL, "2026-12-01", err, sizeof err), 0);
    CHECK_STR(s.from, "2026-10-01");
    CHECK_STR(s.to, "2026-11-25");
    CHECK_INT(s.day_count, 56);
    CHECK_INT(s.visits, 21);
    stats_summary_release(&s);

    CHECK_INT(stats_summary_init(&s, &b, "2026-11-19", "2026-11-23", "2026-12-01", err,
                                 sizeof err), 0);
    CHECK_INT(s.day_count, 5);
    CHECK_STR(s.days[0].day, "2026-11-19");
    CHECK_STR(s.days[4].day, "2026-11-23");
    CHECK_INT(s.days[0].visits, 0);
    CHECK(!s.day_has_data[0] && s.day_has_data[1] && !s.day_has_data[2] && s.day_has_data[3]);
    CHECK_INT(s.days[1].visits, 5);
    CHECK_INT(s.days[3].visits, 7);
    CHECK_INT(s.visits, 12); /* 2026-10-01 is outside */
    CHECK_INT(s.visit_opened[COUNTS_HIST_1], 4);
    CHECK_INT(s.shown, 46);  /* hormones (11-25) is outside */
    CHECK_INT(s.opened, 9);
    CHECK_INT(s.read_seconds, 770);
    CHECK_INT(s.page_count, 3);
    /* Most shown first, as published; languages summed. welcome (13
     * shown, 3 opened) and attunement (13, 1) both publish as 15 and "<5":
     * by id, so that the order does not tell them apart. */
    CHECK(s.page_count == 3 && strcmp(s.pages[0].page, "bonding") == 0 &&
          strcmp(s.pages[1].page, "attunement") == 0 && strcmp(s.pages[2].page, "welcome") == 0 &&
          s.pages[2].shown == 13 && s.pages[2].opened == 3 && s.pages[2].read_seconds == 120);
    CHECK(s.lang_count == 2 && strcmp(s.langs[0].lang, "en") == 0 && s.langs[0].shown == 43 &&
          strcmp(s.langs[1].lang, "pl") == 0 && s.langs[1].shown == 3);
    CHECK(!stats_summary_empty(&s));
    stats_summary_release(&s);

    /* Only a start: the end is the last day with counts after it. */
    CHECK_INT(stats_summary_init(&s, &b, "2026-11-21", NULL, "2026-12-01", err, sizeof err), 0);
    CHECK_STR(s.to, "2026-11-25");
    stats_summary_release(&s);
    /* Only an end, before any counts: one day. */
    CHECK_INT(stats_summary_init(&s, &b, NULL, "2026-01-05", "2026-12-01", err, sizeof err), 0);
    CHECK_STR(s.from, "2026-01-05");
    CHECK_INT(s.day_count, 1);
    CHECK(stats_summary_empty(&s));
    stats_summary_release(&s);

    /* Problems. */
    CHECK_INT(stats_summary_init(&s, &b, "2026-11-23", "2026-11-01", NULL, err, sizeof err), -1);
    CHECK(strstr(err, "starts (2026-11-23) after it ends (2026-11-01)") != NULL);
    CHECK_INT(stats_summary_init(&s, &b, "2026-11-31", NULL, NULL, err, sizeof err), -1);
    CHECK(strstr(err, "\"2026-11-31\" is not a date") != NULL);
    CHECK_INT(stats_summary_init(&s, &b, "2000-01-01", "2026-01-01", NULL, err, sizeof err), -1);
    CHECK(strstr(err, "the longest is 3700 days") != NULL);
    CHECK_INT(stats_summary_init(&s, &b, "2016-01-01", "2026-01-01", NULL, err, sizeof err), 0);
    stats_summary_release(&s);
    counts_batch_release(&b);

    /* No counts at all: today. */
    counts_batch empty;
    counts_batch_init(&empty);
    CHECK_INT(stats_summary_init(&s, &empty, NULL, NULL, "2026-12-01", err, sizeof err), 0);
    CHECK_STR(s.from, "2026-12-01");
    CHECK_STR(s.to, "2026-12-01");
    CHECK(stats_summary_empty(&s));
    CHECK_INT(s.page_count, 0);
    stats_summary_release(&s);
    CHECK_INT(stats_summary_init(&s, &empty, "2026-12-05", NULL, "2026-12-01", err, sizeof err), 0);
    CHECK_STR(s.to, "2026-12-05");
    stats_summary_release(&s);
}

int main(void) {
    test_write_exact();
    test_quoting();
    test_excel_variants();
    test_problems();
    test_limits();
    test_merge();
    test_read_file();
    test_dates();
    test_format();
    test_public();
    test_summary();
    return check_summary();
}
