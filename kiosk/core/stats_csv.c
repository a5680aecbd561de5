/* stats_csv.c - the counts as CSV for Excel, read back for merging; the
 * sums for people. See stats_csv.h. Pure C: no SDL, no SQLite. */
#include "stats_csv.h"

#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "utf8.h"

/* ---- Writing ---- */

static int compare_page_rows(const void *a, const void *b) {
    const counts_page_row *x = *(const counts_page_row *const *)a;
    const counts_page_row *y = *(const counts_page_row *const *)b;
    int c = strcmp(x->day, y->day);
    if (!c) c = strcmp(x->page, y->page);
    if (!c) c = strcmp(x->lang, y->lang);
    return c;
}

static int compare_visit_rows(const void *a, const void *b) {
    const counts_visit_row *x = *(const counts_visit_row *const *)a;
    const counts_visit_row *y = *(const counts_visit_row *const *)b;
    return strcmp(x->day, y->day);
}

/* One text field, quoted when RFC 4180 needs it, guarded against being
 * taken for a formula. */
static void write_text(FILE *out, const char *s) {
    bool guard = s[0] && strchr("=+-@'\t\r", s[0]);
    bool quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote) fputc('"', out);
    if (guard) fputc('\'', out);
    for (; *s; s++) {
        if (*s == '"') fputc('"', out);
        fputc(*s, out);
    }
    if (quote) fputc('"', out);
}

int64_t stats_public_count(int64_t n) {
    if (n <= 0) return 0;
    if (n < STATS_SMALL) return STATS_PUBLIC_HIDDEN;
    return (n + 2) / 5 * 5;
}

int64_t stats_public_seconds(int64_t seconds, int64_t views) {
    if (seconds <= 0) return 0;
    if (views < STATS_SMALL) return STATS_PUBLIC_HIDDEN;
    return (seconds + 30) / 60 * 60;
}

bool stats_few_visits(int64_t visits) { return visits < STATS_SMALL; }

void stats_format_public(int64_t public_count, char *out, size_t size) {
    if (public_count == STATS_PUBLIC_HIDDEN) snprintf(out, size, "%s", STATS_HIDDEN);
    else stats_format_count(public_count, out, size);
}

/* ",N" or ",<5" for a published cell (hide: hidden whatever its value). */
static void write_cell(FILE *out, int64_t public_value, bool hide) {
    if (hide || public_value == STATS_PUBLIC_HIDDEN) fputs("," STATS_HIDDEN, out);
    else fprintf(out, ",%" PRId64, public_value);
}

int stats_csv_write(FILE *out, const char *kiosk_name, const counts_batch *b) {
    const char *name = kiosk_name ? kiosk_name : "";
    const counts_page_row **pages = malloc(((size_t)b->page_count + 1) * sizeof *pages);
    const counts_visit_row **visits = malloc(((size_t)b->visit_count + 1) * sizeof *visits);
    int rc = -1;
    if (!pages || !visits) goto out;
    for (int i = 0; i < b->page_count; i++) pages[i] = &b->pages[i];
    for (int i = 0; i < b->visit_count; i++) visits[i] = &b->visits[i];
    if (b->page_count) qsort(pages, (size_t)b->page_count, sizeof *pages, compare_page_rows);
    if (b->visit_count) qsort(visits, (size_t)b->visit_count, sizeof *visits, compare_visit_rows);

    fputs("\xEF\xBB\xBF" STATS_CSV_HEADER "\r\n", out);
    int i = 0, j = 0;
    while (i < b->page_count || j < b->visit_count) {
        /* A date's page rows, then its visits row. */
        if (j == b->visit_count ||
            (i < b->page_count && strcmp(pages[i]->day, visits[j]->day) <= 0)) {
            const counts_page_row *r = pages[i++];
            /* Its date's visits row, if any, is the next one. */
            bool few = j == b->visit_count || strcmp(visits[j]->day, r->day) != 0 ||
                       stats_few_visits(visits[j]->visits);
            fputs("page,", out);
            write_text(out, name);
            fprintf(out, ",%s,", r->day);
            write_text(out, r->page);
            fputc(',', out);
            write_text(out, r->lang);
            write_cell(out, stats_public_count(r->shown), false);
            write_cell(out, stats_public_count(r->opened), few);
            write_cell(out, stats_public_seconds(r->read_seconds, r->opened), few);
            fputs(",,,,,\r\n", out);
        } else {
            const counts_visit_row *r = visits[j++];
            bool few = stats_few_visits(r->visits);
            fputs("visits,", out);
            write_text(out, name);
            fprintf(out, ",%s,,,,,", r->day);
            write_cell(out, stats_public_count(r->visits), false);
            for (int k = 0; k < COUNTS_HIST_COUNT; k++)
                write_cell(out, stats_public_count(r->opened[k]), few);
            fputs("\r\n", out);
        }
    }
    rc = ferror(out) ? -1 : 0;
out:
    free(pages);
    free(visits);
    return rc;
}

/* ---- Reading ---- */

#define FIELD_MAX 256 /* bytes kept of one field; longer ones are measured, then refused */

enum {
    COL_RECORD, COL_KIOSK, COL_DATE, COL_PAGE, COL_LANGUAGE, COL_SHOWN, COL_OPENED,
    COL_READ_SECONDS, COL_VISITS, COL_OPENED_1, COL_OPENED_2, COL_OPENED_3_5, COL_OPENED_6_PLUS
};

static const char *const column_names[STATS_CSV_COLUMNS] = {
    "record", "kiosk", "date", "page", "language", "shown", "opened", "read_seconds",
    "visits", "opened_1", "opened_2", "opened_3_5", "opened_6_plus"};

typedef struct {
    char text[STATS_CSV_COLUMNS][FIELD_MAX];
    size_t length[STATS_CSV_COLUMNS]; /* real length; may be FIELD_MAX or more */
    bool nul[STATS_CSV_COLUMNS];      /* held a NUL byte */
    int count;                        /* fields in the record, however many */
    int line;                         /* where the record starts */
    bool text_after_quote;            /* "ab"c */
    bool unclosed;                    /* a quote runs to the end of the file */
    bool semicolon;                   /* a ';' outside quotes */
} record;

typedef struct {
    const char *bytes;
    size_t len, pos;
    int line;
} scanner;

static void field_put(record *r, int field, char c) {
    if (field >= STATS_CSV_COLUMNS) return;
    if (r->length[field] < FIELD_MAX - 1) r->text[field][r->length[field]] = c;
    r->length[field]++;
    if (c == '\0') r->nul[field] = true;
}

/* A line end (CRLF, LF or CR) at s->pos? */
static bool at_line_end(const scanner *s) {
    return s->pos < s->len && (s->bytes[s->pos] == '\n' || s->bytes[s->pos] == '\r');
}

/* Steps over the line end at s->pos and counts it. */
static void skip_line_end(scanner *s) {
    if (s->bytes[s->pos] == '\r' && s->pos + 1 < s->len && s->bytes[s->pos + 1] == '\n') s->pos++;
    s->pos++;
    s->line++;
}

/* Reads the next record (RFC 4180). Returns false at the end of the text. */
static bool next_record(scanner *s, record *r) {
    if (s->pos >= s->len) return false;
    memset(r->length, 0, sizeof r->length);
    memset(r->nul, 0, sizeof r->nul);
    for (int f = 0; f < STATS_CSV_COLUMNS; f++) r->text[f][0] = '\0';
    r->count = 0;
    r->line = s->line;
    r->text_after_quote = r->unclosed = r->semicolon = false;
    for (;;) {
        int f = r->count;
        if (s->pos < s->len && s->bytes[s->pos] == '"') {
            s->pos++;
            for (;;) {
                if (s->pos >= s->len) {
                    r->unclosed = true;
                    break;
                }
                char c = s->bytes[s->pos];
                if (c == '"') {
                    if (s->pos + 1 < s->len && s->bytes[s->pos + 1] == '"') {
                        field_put(r, f, '"');
                        s->pos += 2;
                        continue;
                    }
                    s->pos++;
                    break;
                }
                if (c == '\n' ||
                    (c == '\r' && !(s->pos + 1 < s->len && s->bytes[s->pos + 1] == '\n')))
                    s->line++;
                field_put(r, f, c);
                s->pos++;
            }
            if (s->pos < s->len && s->bytes[s->pos] != ',' && !at_line_end(s))
                r->text_after_quote = true;
        }
        /* Unquoted text, or what follows a closing quote (kept, but noted). */
        while (s->pos < s->len && s->bytes[s->pos] != ',' && !at_line_end(s)) {
            char c = s->bytes[s->pos];
            if (c == ';') r->semicolon = true;
            field_put(r, f, c);
            s->pos++;
        }
        r->count++;
        if (f < STATS_CSV_COLUMNS)
            r->text[f][r->length[f] < FIELD_MAX ? r->length[f] : FIELD_MAX - 1] = '\0';
        if (s->pos < s->len && s->bytes[s->pos] == ',') {
            s->pos++;
            continue;
        }
        if (at_line_end(s)) skip_line_end(s);
        return true;
    }
}

/* A blank line, or a row of empty cells (Excel writes those). */
static bool record_blank(const record *r) {
    if (r->unclosed) return false;
    for (int i = 0; i < r->count && i < STATS_CSV_COLUMNS; i++)
        if (r->length[i] != 0) return false;
    return r->count <= STATS_CSV_COLUMNS;
}

typedef struct {
    const char *file;
    diag_list *diags;
    int problems;
    bool stop;
} reader;

static void problem(reader *rd, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void problem(reader *rd, int line, const char *fmt, ...) {
    if (rd->stop) return;
    char message[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    diag_add(rd->diags, DIAG_ERROR, rd->file, line, "%s", message);
    if (++rd->problems >= STATS_CSV_MAX_PROBLEMS) {
        diag_add(rd->diags, DIAG_ERROR, rd->file, line,
                 "%d problems so far; the rest of the file was not read", rd->problems);
        rd->stop = true;
    }
}

/* A field's text for a message: at most 40 bytes, cut on a character. */
static void shown_text(const record *r, int f, char *out, size_t size) {
    size_t n = r->length[f] < FIELD_MAX - 1 ? r->length[f] : FIELD_MAX - 1;
    size_t keep = 0;
    while (keep < n && keep < 40) {
        size_t step = utf8_char_len(r->text[f] + keep, n - keep);
        if (keep + step > 40) break;
        keep += step;
    }
    snprintf(out, size, "%.*s%s", (int)keep, r->text[f], keep < r->length[f] ? "..." : "");
}

/* A whole number 0..STATS_CSV_MAX_NUMBER, or "<5" (a hidden count, read
 * as 0 and counted in *hidden); spaces around it are allowed. */
static bool read_number(reader *rd, const record *r, int f, int64_t *value, long *hidden) {
    char text[64];
    shown_text(r, f, text, sizeof text);
    if (r->length[f] >= FIELD_MAX || r->nul[f]) {
        problem(rd, r->line, "%s is \"%s\", not a whole number", column_names[f], text);
        return false;
    }
    size_t a, z;
    utf8_trim(r->text[f], r->length[f], &a, &z);
    if (z - a == strlen(STATS_HIDDEN) && memcmp(r->text[f] + a, STATS_HIDDEN, z - a) == 0) {
        *value = 0;
        (*hidden)++;
        return true;
    }
    if (a == z) {
        problem(rd, r->line, "%s is empty; it needs a number (0 if none)", column_names[f]);
        return false;
    }
    const char *s = r->text[f];
    bool negative = s[a] == '-' && z - a > 1;
    int64_t v = 0;
    for (size_t k = negative ? a + 1 : a; k < z; k++) {
        if (s[k] < '0' || s[k] > '9') {
            problem(rd, r->line, "%s is \"%s\", not a whole number", column_names[f], text);
            return false;
        }
        if (v <= STATS_CSV_MAX_NUMBER) v = v * 10 + (s[k] - '0');
    }
    if (negative) {
        problem(rd, r->line, "%s is %s; a count cannot be negative", column_names[f], text);
        return false;
    }
    if (v > STATS_CSV_MAX_NUMBER) {
        problem(rd, r->line, "%s is %s, more than the largest allowed (1,000,000,000)",
                column_names[f], text);
        return false;
    }
    *value = v;
    return true;
}

/* A text field: UTF-8, no NUL, 1..max-1 bytes (after the formula guard). */
static bool read_text(reader *rd, const record *r, int f, size_t max, bool may_be_empty,
                      char *out, const char *what) {
    if (r->nul[f]) {
        problem(rd, r->line, "the %s holds a NUL byte; this is not a text file", what);
        return false;
    }
    size_t len = r->length[f];
    const char *s = r->text[f];
    if (len >= FIELD_MAX) {
        problem(rd, r->line, "the %s is %zu bytes long; the longest allowed is %zu", what, len,
                max - 1);
        return false;
    }
    size_t bad;
    if (!utf8_valid(s, len, &bad)) {
        problem(rd, r->line, "the %s is not UTF-8 text; Excel's plain \"CSV\" format changes "
                             "letters like \xC5\x82 and \xC3\xA9: save as \"CSV UTF-8\"",
                what);
        return false;
    }
    if (len && (f == COL_KIOSK || f == COL_PAGE) && s[0] == '\'') {
        s++; /* the formula guard stats_csv_write adds */
        len--;
    }
    if (len == 0 && !may_be_empty) {
        problem(rd, r->line, "the %s is empty", what);
        return false;
    }
    if (len >= max) {
        problem(rd, r->line, "the %s is %zu bytes long; the longest allowed is %zu", what, len,
                max - 1);
        return false;
    }
    memcpy(out, s, len);
    out[len] = '\0';
    return true;
}

static bool read_date(reader *rd, const record *r, char out[COUNTS_DAY_LEN]) {
    char text[64];
    shown_text(r, COL_DATE, text, sizeof text);
    int32_t day;
    if (r->length[COL_DATE] < FIELD_MAX && stats_date_parse(r->text[COL_DATE], &day)) {
        memcpy(out, r->text[COL_DATE], COUNTS_DAY_LEN);
        return true;
    }
    const char *s = r->text[COL_DATE];
    bool shaped = r->length[COL_DATE] == 10 && s[4] == '-' && s[7] == '-';
    if (shaped)
        problem(rd, r->line, "the date %s does not exist", text);
    else if (strchr(s, '/') || strchr(s, '.'))
        problem(rd, r->line, "the date \"%s\" must be written year-month-day, like 2026-11-23; "
                             "Excel may have changed it when the file was saved again",
                text);
    else
        problem(rd, r->line, "the date \"%s\" must be written year-month-day, like 2026-11-23",
                text);
    return false;
}

static bool read_language(reader *rd, const record *r, char out[COUNTS_LANG_MAX]) {
    if (!read_text(rd, r, COL_LANGUAGE, COUNTS_LANG_MAX, false, out, "language")) return false;
    for (const char *p = out; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              (p > out && (*p == '-' || *p == '_')))) {
            char text[64];
            shown_text(r, COL_LANGUAGE, text, sizeof text);
            problem(rd, r->line, "the language \"%s\" must be a code like en or pt-BR", text);
            return false;
        }
    return true;
}

/* Columns that belong to the other kind of row must be empty. */
static bool others_empty(reader *rd, const record *r, int first, int last, const char *kind) {
    for (int f = first; f <= last; f++) {
        size_t a, z;
        utf8_trim(r->text[f], r->length[f] < FIELD_MAX ? r->length[f] : FIELD_MAX - 1, &a, &z);
        if (a != z || r->length[f] >= FIELD_MAX) {
            char text[64];
            shown_text(r, f, text, sizeof text);
            problem(rd, r->line, "%s must be empty on a %s row (it has \"%s\")", column_names[f],
                    kind, text);
            return false;
        }
    }
    return true;
}

static void note_name(stats_csv_info *info, const char *name) {
    for (int i = 0; i < info->name_count; i++)
        if (strcmp(info->names[i], name) == 0) return;
    if (info->name_count == STATS_CSV_NAMES_MAX) {
        info->more_names = true;
        return;
    }
    snprintf(info->names[info->name_count++], STATS_CSV_NAME_MAX, "%s", name);
}

static void note_day(stats_csv_info *info, const char *day) {
    if (!info->first_day[0] || strcmp(day, info->first_day) < 0)
        snprintf(info->first_day, sizeof info->first_day, "%s", day);
    if (!info->last_day[0] || strcmp(day, info->last_day) > 0)
        snprintf(info->last_day, sizeof info->last_day, "%s", day);
}

static bool header_ok(const record *r) {
    if (r->count != STATS_CSV_COLUMNS) return false;
    for (int f = 0; f < STATS_CSV_COLUMNS; f++) {
        size_t a, z;
        utf8_trim(r->text[f], r->length[f] < FIELD_MAX ? r->length[f] : FIELD_MAX - 1, &a, &z);
        if (f == 0 && z - a >= 3 && memcmp(r->text[0] + a, "\xEF\xBB\xBF", 3) == 0) a += 3;
        if (z - a != strlen(column_names[f]) ||
            strncasecmp(r->text[f] + a, column_names[f], z - a) != 0)
            return false;
    }
    return true;
}

/* One data row into x; false when it has a problem (already told). */
static bool read_row(reader *rd, const record *r, counts_batch *x, stats_csv_info *info,
                     bool *out_of_memory) {
    if (r->count != STATS_CSV_COLUMNS) {
        if (r->semicolon && r->count < STATS_CSV_COLUMNS)
            problem(rd, r->line, "the columns are separated by \";\", not \",\" (Excel does "
                                 "this where numbers are written with a decimal comma); merge "
                                 "the files as the kiosk exported them");
        else
            problem(rd, r->line, "%d column%s, expected %d (%s); a comma too many or too few?",
                    r->count, r->count == 1 ? "" : "s", STATS_CSV_COLUMNS, STATS_CSV_HEADER);
        return false;
    }
    if (r->text_after_quote) {
        problem(rd, r->line, "text after a closing quote (\"); a quoted field must end with "
                             "the quote");
        return false;
    }
    char kind[16];
    bool page;
    if (r->length[COL_RECORD] < sizeof kind && !r->nul[COL_RECORD] &&
        (strcasecmp(r->text[COL_RECORD], "page") == 0 ||
         strcasecmp(r->text[COL_RECORD], "visits") == 0)) {
        page = strcasecmp(r->text[COL_RECORD], "page") == 0;
        snprintf(kind, sizeof kind, "%s", page ? "page" : "visits");
    } else {
        char text[64];
        shown_text(r, COL_RECORD, text, sizeof text);
        problem(rd, r->line, "the record \"%s\" is unknown; each row is \"page\" or \"visits\"",
                text);
        return false;
    }
    char name[STATS_CSV_NAME_MAX], day[COUNTS_DAY_LEN];
    long hidden = 0;
    if (!read_text(rd, r, COL_KIOSK, sizeof name, true, name, "kiosk name")) return false;
    if (!read_date(rd, r, day)) return false;
    int rc;
    if (page) {
        char id[COUNTS_ID_MAX], lang[COUNTS_LANG_MAX];
        int64_t shown, opened, read_seconds;
        if (!read_text(rd, r, COL_PAGE, sizeof id, false, id, "page id") ||
            !read_language(rd, r, lang) || !read_number(rd, r, COL_SHOWN, &shown, &hidden) ||
            !read_number(rd, r, COL_OPENED, &opened, &hidden) ||
            !read_number(rd, r, COL_READ_SECONDS, &read_seconds, &hidden) ||
            !others_empty(rd, r, COL_VISITS, COL_OPENED_6_PLUS, kind))
            return false;
        rc = counts_add_page(x, day, id, lang, shown, opened, read_seconds);
    } else {
        int64_t visits, hist[COUNTS_HIST_COUNT];
        if (!others_empty(rd, r, COL_PAGE, COL_READ_SECONDS, kind) ||
            !read_number(rd, r, COL_VISITS, &visits, &hidden))
            return false;
        for (int k = 0; k < COUNTS_HIST_COUNT; k++)
            if (!read_number(rd, r, COL_OPENED_1 + k, &hist[k], &hidden)) return false;
        rc = counts_add_visit(x, day, visits, hist);
    }
    if (rc != 0) {
        *out_of_memory = true;
        return false;
    }
    note_name(info, name);
    note_day(info, day);
    info->hidden += hidden;
    return true;
}

int stats_csv_read(const char *file, const char *bytes, size_t len, counts_batch *out,
                   stats_csv_info *info, diag_list *diags) {
    stats_csv_info local_info;
    if (!info) info = &local_info;
    memset(info, 0, sizeof *info);
    reader rd = {.file = file, .diags = diags};
    if (len > (size_t)STATS_CSV_MAX_BYTES) {
        problem(&rd, 0, "the file is %.1f MB; the largest allowed is %ld MB (export a shorter "
                        "period)",
                (double)len / (1024 * 1024), STATS_CSV_MAX_BYTES / (1024 * 1024));
        return -1;
    }
    if (len >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') ||
                     (bytes[0] == '\xFE' && bytes[1] == '\xFF'))) {
        problem(&rd, 1, "the file is UTF-16 text (Excel's \"Unicode Text\"); save it as "
                        "\"CSV UTF-8 (Comma delimited)\"");
        return -1;
    }
    if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) {
        bytes += 3;
        len -= 3;
    }
    record *r = malloc(sizeof *r);
    counts_batch got;
    counts_batch_init(&got);
    if (!r) {
        problem(&rd, 0, "out of memory");
        return -1;
    }
    scanner s = {.bytes = bytes, .len = len, .line = 1};
    bool header = false, out_of_memory = false;
    while (!rd.stop && !out_of_memory && next_record(&s, r)) {
        if (r->unclosed) {
            problem(&rd, r->line, "a quote (\") opened on this line is never closed");
            break;
        }
        if (record_blank(r)) continue;
        if (header && header_ok(r)) continue; /* two exports pasted into one file */
        if (!header) {
            header = true;
            if (header_ok(r)) continue;
            if (r->semicolon && r->count < STATS_CSV_COLUMNS)
                problem(&rd, r->line, "the columns are separated by \";\", not \",\" (Excel "
                                      "does this where numbers are written with a decimal "
                                      "comma); merge the files as the kiosk exported them");
            else
                problem(&rd, r->line, "the first line must be the column names %s; this is "
                                      "not a kiosk statistics file, or its columns were changed",
                        STATS_CSV_HEADER);
            break;
        }
        if (info->rows + 1 > STATS_CSV_MAX_ROWS) {
            problem(&rd, r->line, "more than %ld rows; export a shorter period",
                    STATS_CSV_MAX_ROWS);
            break;
        }
        info->rows++;
        read_row(&rd, r, &got, info, &out_of_memory);
    }
    if (!header && rd.problems == 0) problem(&rd, 0, "the file is empty; it has no column names");
    if (out_of_memory) problem(&rd, 0, "out of memory");
    free(r);
    int rc = -1;
    if (rd.problems == 0) {
        rc = counts_batch_merge(out, &got);
        if (rc != 0) problem(&rd, 0, "out of memory");
    }
    counts_batch_release(&got);
    return rc;
}

int stats_csv_read_fd(int fd, const char *path, counts_batch *out, stats_csv_info *info,
                      diag_list *diags) {
    if (info) memset(info, 0, sizeof *info);
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        diag_add(diags, DIAG_ERROR, path, 0, "not a file");
        return -1;
    }
    if (st.st_size > STATS_CSV_MAX_BYTES) {
        diag_add(diags, DIAG_ERROR, path, 0,
                 "the file is %.1f MB; the largest allowed is %ld MB (export a shorter period)",
                 (double)st.st_size / (1024 * 1024), STATS_CSV_MAX_BYTES / (1024 * 1024));
        return -1;
    }
    size_t size = (size_t)st.st_size, got = 0;
    char *bytes = malloc(size ? size : 1);
    bool read_error = false;
    while (bytes && got < size) {
        ssize_t n = read(fd, bytes + got, size - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            read_error = true;
            break;
        }
        got += (size_t)n;
    }
    if (!bytes || read_error) {
        diag_add(diags, DIAG_ERROR, path, 0, "%s", bytes ? "cannot read it" : "out of memory");
        free(bytes);
        return -1;
    }
    int rc = stats_csv_read(path, bytes, size, out, info, diags);
    free(bytes);
    return rc;
}

int stats_csv_read_file(const char *path, counts_batch *out, stats_csv_info *info,
                        diag_list *diags) {
    if (info) memset(info, 0, sizeof *info);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        diag_add(diags, DIAG_ERROR, path, 0, "cannot open it: %s", strerror(errno));
        return -1;
    }
    int rc = stats_csv_read_fd(fd, path, out, info, diags);
    close(fd);
    return rc;
}

/* ---- Dates (proleptic Gregorian; H. Hinnant's days_from_civil) ---- */

static int days_in_month(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

static int32_t days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    int era = y / 400; /* y >= 1899 here */
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int32_t z, int *y, int *m, int *d) {
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

bool stats_date_parse(const char *text, int32_t *day) {
    if (!text) return false;
    for (int i = 0; i < 10; i++) {
        bool dash = i == 4 || i == 7;
        if (dash ? text[i] != '-' : (text[i] < '0' || text[i] > '9')) return false;
    }
    if (text[10] != '\0') return false;
    int y = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
    int m = (text[5] - '0') * 10 + (text[6] - '0');
    int d = (text[8] - '0') * 10 + (text[9] - '0');
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return false;
    *day = days_from_civil(y, m, d);
    return true;
}

void stats_date_format(int32_t day, char out[COUNTS_DAY_LEN]) {
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    if (y < 0 || y > 9999) y = y < 0 ? 0 : 9999;
    snprintf(out, COUNTS_DAY_LEN, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u);
}

void stats_date_words(int32_t day, bool long_form, char *out, size_t size) {
    static const char *const months[] = {"January", "February", "March",     "April",
                                         "May",     "June",     "July",      "August",
                                         "September", "October", "November", "December"};
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    if (long_form) snprintf(out, size, "%d %s %d", d, months[m - 1], y);
    else snprintf(out, size, "%d %.3s", d, months[m - 1]);
}

/* ---- The sums people read ---- */

void stats_format_count(int64_t n, char *out, size_t size) {
    char digits[32];
    uint64_t v = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;
    snprintf(digits, sizeof digits, "%" PRIu64, v);
    char text[48];
    size_t len = strlen(digits), k = 0;
    if (n < 0) text[k++] = '-';
    for (size_t i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0) text[k++] = ',';
        text[k++] = digits[i];
    }
    text[k] = '\0';
    snprintf(out, size, "%s", text);
}

void stats_format_duration(int64_t seconds, char *out, size_t size) {
    if (seconds < 0) seconds = 0;
    int64_t h = seconds / 3600, m = seconds / 60 % 60, s = seconds % 60;
    if (h) snprintf(out, size, "%" PRId64 ":%02d:%02d", h, (int)m, (int)s);
    else snprintf(out, size, "%d:%02d", (int)m, (int)s);
}

static int compare_by_page(const void *a, const void *b) {
    const counts_page_row *x = *(const counts_page_row *const *)a;
    const counts_page_row *y = *(const counts_page_row *const *)b;
    return strcmp(x->page, y->page);
}

static int compare_by_lang(const void *a, const void *b) {
    const counts_page_row *x = *(const counts_page_row *const *)a;
    const counts_page_row *y = *(const counts_page_row *const *)b;
    return strcmp(x->lang, y->lang);
}

/* Order by the published numbers only ("<5" between 0 and 5): the order
 * of two pages both shown "about 10" times must not tell 9 from 11. */
static int64_t public_rank(int64_t n) {
    int64_t p = stats_public_count(n);
    return p == STATS_PUBLIC_HIDDEN ? 1 : p;
}

static int compare_public(int64_t shown_x, int64_t opened_x, int64_t shown_y, int64_t opened_y) {
    int64_t a = public_rank(shown_x), b = public_rank(shown_y);
    if (a != b) return a > b ? -1 : 1;
    a = public_rank(opened_x), b = public_rank(opened_y);
    if (a != b) return a > b ? -1 : 1;
    return 0;
}

static int compare_totals(const void *a, const void *b) {
    const stats_page_total *x = a, *y = b;
    int c = compare_public(x->shown, x->opened, y->shown, y->opened);
    return c ? c : strcmp(x->page, y->page);
}

static int compare_langs(const void *a, const void *b) {
    const stats_lang_total *x = a, *y = b;
    int c = compare_public(x->shown, x->opened, y->shown, y->opened);
    return c ? c : strcmp(x->lang, y->lang);
}

void stats_summary_release(stats_summary *s) {
    free(s->pages);
    free(s->langs);
    free(s->days);
    free(s->day_has_data);
    memset(s, 0, sizeof *s);
}

bool stats_summary_empty(const stats_summary *s) {
    return s->shown == 0 && s->opened == 0 && s->read_seconds == 0 && s->visits == 0;
}

int stats_summary_init(stats_summary *s, const counts_batch *b, const char *from, const char *to,
                       const char *today, char *err, size_t errsize) {
    memset(s, 0, sizeof *s);
    int32_t lo = 0, hi = 0, now = 0;
    if (from && !stats_date_parse(from, &lo)) {
        snprintf(err, errsize, "\"%s\" is not a date; write it as YYYY-MM-DD, like 2026-11-23",
                 from);
        return -1;
    }
    if (to && !stats_date_parse(to, &hi)) {
        snprintf(err, errsize, "\"%s\" is not a date; write it as YYYY-MM-DD, like 2026-11-23", to);
        return -1;
    }
    if (from && to && lo > hi) {
        snprintf(err, errsize, "the period starts (%s) after it ends (%s)", from, to);
        return -1;
    }
    if (!today || !stats_date_parse(today, &now)) now = days_from_civil(2000, 1, 1);
    /* Open ends: the first and last day with counts inside the given end. */
    bool any = false;
    int32_t data_lo = 0, data_hi = 0;
    for (int pass = 0; pass < 2; pass++) {
        int n = pass == 0 ? b->page_count : b->visit_count;
        for (int i = 0; i < n; i++) {
            int32_t d;
            if (!stats_date_parse(pass == 0 ? b->pages[i].day : b->visits[i].day, &d)) continue;
            if ((from && d < lo) || (to && d > hi)) continue;
            if (!any || d < data_lo) data_lo = d;
            if (!any || d > data_hi) data_hi = d;
            any = true;
        }
    }
    if (!from) lo = any ? data_lo : (to ? hi : now);
    if (!to) hi = any ? data_hi : (now >= lo ? now : lo);
    if (hi - lo + 1 > STATS_MAX_DAYS) {
        char a[COUNTS_DAY_LEN], z[COUNTS_DAY_LEN];
        stats_date_format(lo, a);
        stats_date_format(hi, z);
        snprintf(err, errsize, "the period %s to %s is %ld days; the longest is %d days (about "
                               "10 years)",
                 a, z, (long)hi - lo + 1, STATS_MAX_DAYS);
        return -1;
    }
    s->first_day = lo;
    s->day_count = hi - lo + 1;
    stats_date_format(lo, s->from);
    stats_date_format(hi, s->to);

    const counts_page_row **rows = malloc(((size_t)b->page_count + 1) * sizeof *rows);
    s->days = calloc((size_t)s->day_count, sizeof *s->days);
    s->day_has_data = calloc((size_t)s->day_count, sizeof *s->day_has_data);
    if (!rows || !s->days || !s->day_has_data) goto oom;
    for (int i = 0; i < s->day_count; i++) stats_date_format(lo + i, s->days[i].day);

    int n = 0;
    for (int i = 0; i < b->page_count; i++) {
        int32_t d;
        if (!stats_date_parse(b->pages[i].day, &d) || d < lo || d > hi) continue;
        rows[n++] = &b->pages[i];
        s->day_has_data[d - lo] = true;
        s->shown += b->pages[i].shown;
        s->opened += b->pages[i].opened;
        s->read_seconds += b->pages[i].read_seconds;
    }
    for (int i = 0; i < b->visit_count; i++) {
        int32_t d;
        const counts_visit_row *v = &b->visits[i];
        if (!stats_date_parse(v->day, &d) || d < lo || d > hi) continue;
        counts_visit_row *day = &s->days[d - lo];
        s->day_has_data[d - lo] = true;
        day->visits += v->visits;
        s->visits += v->visits;
        for (int k = 0; k < COUNTS_HIST_COUNT; k++) {
            day->opened[k] += v->opened[k];
            s->visit_opened[k] += v->opened[k];
        }
    }
    /* Per page, then per language: sort the rows by key and sum runs. */
    if (n) qsort(rows, (size_t)n, sizeof *rows, compare_by_page);
    s->pages = calloc((size_t)n + 1, sizeof *s->pages);
    if (!s->pages) goto oom;
    for (int i = 0; i < n; i++) {
        if (i == 0 || strcmp(rows[i]->page, rows[i - 1]->page) != 0)
            snprintf(s->pages[s->page_count++].page, COUNTS_ID_MAX, "%s", rows[i]->page);
        stats_page_total *t = &s->pages[s->page_count - 1];
        t->shown += rows[i]->shown;
        t->opened += rows[i]->opened;
        t->read_seconds += rows[i]->read_seconds;
    }
    if (s->page_count) qsort(s->pages, (size_t)s->page_count, sizeof *s->pages, compare_totals);
    if (n) qsort(rows, (size_t)n, sizeof *rows, compare_by_lang);
    s->langs = calloc((size_t)n + 1, sizeof *s->langs);
    if (!s->langs) goto oom;
    for (int i = 0; i < n; i++) {
        if (i == 0 || strcmp(rows[i]->lang, rows[i - 1]->lang) != 0)
            snprintf(s->langs[s->lang_count++].lang, COUNTS_LANG_MAX, "%s", rows[i]->lang);
        s->langs[s->lang_count - 1].shown += rows[i]->shown;
        s->langs[s->lang_count - 1].opened += rows[i]->opened;
    }
    if (s->lang_count) qsort(s->langs, (size_t)s->lang_count, sizeof *s->langs, compare_langs);
    free(rows);
    return 0;
oom:
    free(rows);
    stats_summary_release(s);
    snprintf(err, errsize, "out of memory");
    return -1;
}

/* See stats_csv.h. */
void stats_name_for_files(const char *name, char *out, size_t size) {
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)(name ? name : ""); *p; p++) {
        bool keep = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                    (*p >= '0' && *p <= '9') || *p >= 0x80 || *p == '_' || *p == '.';
        char c = keep ? (char)*p : '-';
        if (c == '-' && (n == 0 || out[n - 1] == '-')) continue;
        if (n + 1 >= size || n >= STATS_NAME_IN_FILE_MAX) break;
        out[n++] = c;
    }
    /* Not cut inside a character; no '-' or '.' at the end. */
    while (n > 0 && ((unsigned char)out[n - 1] & 0xC0) == 0x80) {
        size_t start = n - 1;
        while (start > 0 && ((unsigned char)out[start] & 0xC0) == 0x80) start--;
        size_t want = (unsigned char)out[start] >= 0xF0   ? 4
                      : (unsigned char)out[start] >= 0xE0 ? 3
                                                          : 2;
        if (n - start == want) break;
        n = start;
    }
    while (n > 0 && (out[n - 1] == '-' || out[n - 1] == '.')) n--;
    out[n] = '\0';
}
