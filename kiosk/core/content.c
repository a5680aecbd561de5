/* content.c - loading and checking a content folder. See content.h.
 *
 * Staff write these files on Windows laptops and phones, so we accept a
 * UTF-8 BOM, CRLF line ends, capitalised keys and extensions, and the
 * clutter that Windows and macOS leave on sticks; we refuse what would
 * show wrong (bad UTF-8, a missing picture, an unknown key, no title). */
#define _GNU_SOURCE
#include "content.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"
#include "ini_reader.h"
#include "qr.h"
#include "safe_open.h"
#include "showdates.h"
#include "utf8.h"

/* Reads the whole file name in the folder dir (at most max bytes),
 * opened with safe_open_at: a pipe, a device, a link or a second name of
 * another file is refused unread. Returns 0, or -1 with err. */
static int read_file_at(int dir, const char *name, size_t max, char **out, size_t *len,
                        char *err, size_t errsize) {
    int fd = safe_open_at(dir, name, SAFE_FILE, NULL, err, errsize);
    if (fd < 0) return -1;
    int rc = safe_read_all(fd, max, out, len, err, errsize);
    close(fd);
    return rc;
}

static int line_at(const char *text, size_t offset) {
    int line = 1;
    for (size_t i = 0; i < offset; i++)
        if (text[i] == '\n') line++;
    return line;
}

/* Removes a BOM, turns CRLF and lone CR into LF, in place. Returns the
 * new length. Then checks UTF-8 and NUL bytes; -1 with a diag on error. */
static long clean_text(const char *file, char *text, size_t len, diag_list *diags) {
    size_t start = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) start = 3;
    size_t out = 0;
    for (size_t i = start; i < len; i++) {
        if (text[i] == '\r') {
            text[out++] = '\n';
            if (i + 1 < len && text[i + 1] == '\n') i++;
        } else {
            text[out++] = text[i];
        }
    }
    text[out] = '\0';
    size_t bad;
    if (!utf8_valid(text, out, &bad)) {
        diag_add(diags, DIAG_ERROR, file, line_at(text, bad),
                 "this line has characters that are not UTF-8; save the file as UTF-8 "
                 "(in Notepad: File, Save as, Encoding: UTF-8)");
        return -1;
    }
    if (memchr(text, '\0', out)) {
        diag_add(diags, DIAG_ERROR, file, line_at(text, (size_t)((char *)memchr(text, '\0', out) - text)),
                 "this file has a NUL byte; it is not a text file");
        return -1;
    }
    return (long)out;
}

/* Without blanks at either end, Unicode ones too: a no-break space pasted
 * from Word after "image:" is not part of the name. */
static char *trim(char *s) {
    size_t start, end;
    utf8_trim(s, strlen(s), &start, &end);
    s[end] = '\0';
    return s + start;
}

/* Characters, not bytes: a Bengali letter takes 3 bytes, but reads as
 * one on the screen. */
static size_t count_chars(const char *s) {
    size_t n = 0, len = strlen(s);
    for (size_t i = 0; i < len; i += utf8_char_len(s + i, len - i)) n++;
    return n;
}

static int edit_distance(const char *a, const char *b) {
    size_t la = strlen(a), lb = strlen(b);
    if (la > 30 || lb > 30) return 99;
    int d[31][31];
    for (size_t i = 0; i <= la; i++) d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++) d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            int cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
            int x = d[i - 1][j] + 1, y = d[i][j - 1] + 1, z = d[i - 1][j - 1] + cost;
            d[i][j] = x < y ? (x < z ? x : z) : (y < z ? y : z);
        }
    return d[la][lb];
}

static const char *const page_keys[] = {"title", "image", "caption", "credit", "link",
                                        "translation", "alt", "recording", "show_from",
                                        "show_until"};
enum { FIELD_TITLE, FIELD_IMAGE, FIELD_CAPTION, FIELD_CREDIT, FIELD_LINK, FIELD_TRANSLATION,
       FIELD_ALT, FIELD_RECORDING, FIELD_SHOW_FROM, FIELD_SHOW_UNTIL, FIELD_COUNT };

/* A language code as staff write it: two letters, and maybe a region
 * ("pl", "PT-br", "zh-Hant"). Three-letter words are not taken as codes,
 * so "010-dr.who.md" stays a page of its own. */
static bool lang_code_ok(const char *s, size_t n) {
    if (n < 2 || !isalpha((unsigned char)s[0]) || !isalpha((unsigned char)s[1])) return false;
    if (n == 2) return true;
    if (s[2] != '-') return false;
    size_t region = n - 3;
    if (region < 2 || region > 4) return false;
    for (size_t i = 3; i < n; i++)
        if (!isalnum((unsigned char)s[i])) return false;
    return true;
}

static void lower(char *s) {
    for (; *s; s++) *s = (char)tolower((unsigned char)*s);
}

int content_page_name(const char *filename, char *id, size_t idsize, char *lang, size_t langsize,
                      char *err, size_t errsize) {
    size_t n = strlen(filename);
    if (n < 4 || strcasecmp(filename + n - 3, ".md") != 0) {
        snprintf(err, errsize, "page files end in .md");
        return -1;
    }
    n -= 3;
    lang[0] = '\0';
    /* A language code before .md: "name.pl.md" */
    const char *dot = memrchr(filename, '.', n);
    if (dot && lang_code_ok(dot + 1, (size_t)(filename + n - dot - 1))) {
        size_t l = (size_t)(filename + n - dot - 1);
        if (l >= langsize) { snprintf(err, errsize, "the language code is too long"); return -1; }
        memcpy(lang, dot + 1, l);
        lang[l] = '\0';
        lower(lang);
        n = (size_t)(dot - filename);
    }
    /* The order number: leading digits, then '-', '_', '.' or ' '. */
    size_t start = 0;
    while (start < n && isdigit((unsigned char)filename[start])) start++;
    if (start > 0 && start < n && strchr("-_. ", filename[start])) start++;
    else if (start == n) start = 0; /* "010.md": the number is the id */
    else start = 0;
    size_t out = 0;
    for (size_t i = start; i < n; i++) {
        unsigned char ch = (unsigned char)filename[i];
        char c = (ch == ' ' || ch == '_') ? '-' : (char)tolower(ch);
        if (out + 1 >= idsize) { snprintf(err, errsize, "the file name is too long"); return -1; }
        id[out++] = c;
    }
    id[out] = '\0';
    if (out == 0) {
        snprintf(err, errsize, "the file name needs a name after the number, e.g. 030-touch.md");
        return -1;
    }
    size_t bad;
    if (!utf8_valid(id, out, &bad)) {
        snprintf(err, errsize, "the file name is not valid UTF-8");
        return -1;
    }
    return 0;
}

static void text_release(content_text *t) {
    free(t->file);
    free(t->title);
    free(t->caption);
    free(t->credit);
    free(t->alt);
    free(t->link);
    free(t->recording_name);
    free(t->recording);
    markdown_release(&t->summary);
    markdown_release(&t->detail);
    memset(t, 0, sizeof *t);
}

void content_page_release(content_page *page) {
    for (int i = 0; i < page->text_count; i++) text_release(&page->texts[i]);
    free(page->texts);
    free(page->id);
    free(page->image.path);
    free(page->image.name);
    memset(page, 0, sizeof *page);
}

static int count_words(const md_doc *doc) {
    int words = 0;
    for (int b = 0; b < doc->block_count; b++)
        for (int s = 0; s < doc->blocks[b].span_count; s++) {
            bool in_word = false;
            for (const char *p = doc->blocks[b].spans[s].text; *p; p++) {
                bool space = *p == ' ' || *p == '\n';
                if (!space && !in_word) words++;
                in_word = !space;
            }
        }
    return words;
}

static bool is_more_line(const char *line, size_t n) {
    char buf[32];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < sizeof buf; i++)
        if (line[i] != ' ' && line[i] != '\t') buf[k++] = (char)tolower((unsigned char)line[i]);
    buf[k] = '\0';
    return strcmp(buf, "<!--more-->") == 0;
}

/* show_from: and show_until: (showdates.h). A translation follows its
 * page's dates: its own are not read, and staff are told where to change
 * them. */
static void parse_dates(const char *file, const char *base, bool is_translation,
                        char *const values[FIELD_COUNT], const int key_lines[FIELD_COUNT],
                        content_page *page, diag_list *diags) {
    if (is_translation) {
        /* "050-flu.pl.md" -> "050-flu.md" */
        size_t n = strlen(base) > 3 ? strlen(base) - 3 : 0; /* without ".md" */
        const char *dot = memrchr(base, '.', n);
        int stem = dot ? (int)(dot - base) : (int)n;
        for (int k = FIELD_SHOW_FROM; k <= FIELD_SHOW_UNTIL; k++)
            if (values[k])
                diag_add(diags, DIAG_WARNING, file, key_lines[k],
                         "a translation is shown on its page's days: this %s: is ignored; "
                         "take it out, and give the dates in %.*s.md",
                         page_keys[k], stem, base);
        return;
    }
    char why[160];
    int32_t *day[2] = {&page->show_from, &page->show_until};
    int *line[2] = {&page->show_from_line, &page->show_until_line};
    for (int i = 0; i < 2; i++) {
        int k = FIELD_SHOW_FROM + i;
        if (!values[k]) continue;
        if (showdates_parse(values[k], day[i], why, sizeof why) != 0)
            diag_add(diags, DIAG_ERROR, file, key_lines[k], "%s: %s", page_keys[k], why);
        else
            *line[i] = key_lines[k];
    }
    if (page->show_from_line && page->show_until_line && page->show_until < page->show_from) {
        char from[SHOWDATES_TEXT_MAX + 4], until[SHOWDATES_TEXT_MAX + 4];
        showdates_format(page->show_from, from, sizeof from);
        showdates_format(page->show_until, until, sizeof until);
        diag_add(diags, DIAG_ERROR, file, page->show_until_line,
                 "show_until: %s is before show_from: %s (line %d): the page would never show; "
                 "write a show_until on or after %s",
                 until, from, page->show_from_line, from);
    }
}

int content_parse_page(const char *file, const char *bytes, size_t len, const char *lang_default,
                       content_page *page, diag_list *diags) {
    memset(page, 0, sizeof *page);
    int errors_before = diags->errors;
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;

    char id[256], lang[CONTENT_LANG_MAX], err[256];
    if (content_page_name(base, id, sizeof id, lang, sizeof lang, err, sizeof err) != 0) {
        diag_add(diags, DIAG_ERROR, file, 0, "%s", err);
        return -1;
    }
    if (len > CONTENT_MAX_PAGE_BYTES) {
        diag_add(diags, DIAG_ERROR, file, 0, "the page is too big (more than %d KB of text)",
                 CONTENT_MAX_PAGE_BYTES / 1024);
        return -1;
    }
    char *text = malloc(len + 1);
    content_text *t = calloc(1, sizeof *t);
    if (!text || !t) {
        free(text);
        free(t);
        diag_add(diags, DIAG_ERROR, file, 0, "out of memory");
        return -1;
    }
    memcpy(text, bytes, len);
    page->texts = t;
    page->text_count = 1;
    page->id = strdup(id);
    snprintf(t->lang, sizeof t->lang, "%s", lang[0] ? lang : lang_default);
    t->file = strdup(file);

    long n = clean_text(file, text, len, diags);
    if (n < 0) goto fail;

    /* Front matter: a first line "---", key: value lines, a line "---". */
    char *p = text;
    char *end = text + n;
    int line = 1;
    char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t first_len = nl ? (size_t)(nl - p) : (size_t)(end - p);
    while (first_len > 0 && (p[first_len - 1] == ' ' || p[first_len - 1] == '\t')) first_len--;
    if (first_len != 3 || strncmp(p, "---", 3) != 0) {
        diag_add(diags, DIAG_ERROR, file, 1,
                 "a page must start with a line ---, then lines like \"title: ...\", then ---");
        goto fail;
    }
    p = nl ? nl + 1 : end;
    line = 2;
    char *values[FIELD_COUNT] = {0};
    int key_lines[FIELD_COUNT] = {0};
    bool closed = false, title_too_long = false;
    while (p < end) {
        nl = memchr(p, '\n', (size_t)(end - p));
        char *eol = nl ? nl : end;
        *eol = '\0';
        char *l = trim(p);
        int this_line = line;
        p = nl ? nl + 1 : end;
        line++;
        if (strcmp(l, "---") == 0) { closed = true; break; }
        if (*l == '\0' || *l == '#') continue;
        char *colon = strchr(l, ':');
        if (!colon) {
            diag_add(diags, DIAG_ERROR, file, this_line,
                     "expected \"name: value\" (for example \"title: Welcome\"), or --- to end "
                     "the top part");
            continue;
        }
        *colon = '\0';
        char *key = trim(l);
        char *value = trim(colon + 1);
        size_t vl = strlen(value);
        if (vl >= 2 && ((value[0] == '"' && value[vl - 1] == '"') ||
                        (value[0] == '\'' && value[vl - 1] == '\''))) {
            value[vl - 1] = '\0';
            value++;
        }
        int k = -1;
        for (int i = 0; i < FIELD_COUNT; i++)
            if (strcasecmp(key, page_keys[i]) == 0) k = i;
        if (k < 0) {
            const char *best = NULL;
            int best_d = 3;
            for (int i = 0; i < FIELD_COUNT; i++) {
                int d = edit_distance(key, page_keys[i]);
                if (d < best_d) { best_d = d; best = page_keys[i]; }
            }
            if (best)
                diag_add(diags, DIAG_ERROR, file, this_line,
                         "unknown name \"%s\"; did you mean \"%s\"?", key, best);
            else
                diag_add(diags, DIAG_ERROR, file, this_line,
                         "unknown name \"%s\"; a page may have title, image, alt, caption, "
                         "credit, link, recording, show_from and show_until (and a "
                         "translation \"translation: " CONTENT_NEEDS_REVIEW "\")",
                         key);
            continue;
        }
        if (values[k]) {
            diag_add(diags, DIAG_ERROR, file, this_line, "\"%s\" is given twice (first on line %d)",
                     page_keys[k], key_lines[k]);
            continue;
        }
        size_t limit = k == FIELD_TITLE ? CONTENT_MAX_TITLE_BYTES : CONTENT_MAX_FIELD_BYTES;
        if (strlen(value) > limit) {
            diag_add(diags, DIAG_ERROR, file, this_line, "the %s is too long (at most %zu bytes)",
                     page_keys[k], limit);
            value[0] = '\0'; /* given, but unusable: no second error for it */
            title_too_long |= k == FIELD_TITLE;
        }
        values[k] = value;
        key_lines[k] = this_line;
    }
    if (!closed) {
        diag_add(diags, DIAG_ERROR, file, line - 1,
                 "the top part is not closed: add a line --- after the last \"name: value\" line");
        goto fail;
    }
    if (title_too_long) {
        /* already said */
    } else if (!values[FIELD_TITLE] || !values[FIELD_TITLE][0]) {
        diag_add(diags, DIAG_ERROR, file, values[FIELD_TITLE] ? key_lines[FIELD_TITLE] : 1,
                 "the page needs a title: add a line \"title: ...\" at the top");
    } else if (count_chars(values[FIELD_TITLE]) > 60) {
        /* How it is drawn depends on the screen: kiosk check says, for
         * the sizes it lays pages out at. */
        diag_add(diags, DIAG_WARNING, file, key_lines[FIELD_TITLE],
                 "the title is long (%zu characters); under 40 reads best from 1.5 m",
                 count_chars(values[FIELD_TITLE]));
    }
    if (values[FIELD_IMAGE] && !values[FIELD_IMAGE][0]) values[FIELD_IMAGE] = NULL;
    /* "translation: needs review" marks a translation not yet checked by
     * a native speaker; the content's own language has nothing to review. */
    bool is_translation = lang[0] && strcmp(lang, lang_default) != 0;
    if (values[FIELD_TRANSLATION] && !is_translation)
        diag_add(diags, DIAG_ERROR, file, key_lines[FIELD_TRANSLATION],
                 "\"translation:\" is only for a translated page (named like "
                 "010-welcome.pl.md); this page is in the content's own language (%s), so "
                 "take the line out",
                 lang_default);
    else if (values[FIELD_TRANSLATION] && strcasecmp(values[FIELD_TRANSLATION], CONTENT_NEEDS_REVIEW) != 0)
        diag_add(diags, DIAG_ERROR, file, key_lines[FIELD_TRANSLATION],
                 "translation: \"%s\" is not understood; write \"translation: "
                 CONTENT_NEEDS_REVIEW "\" until a native speaker has checked the page, then "
                 "take the line out",
                 values[FIELD_TRANSLATION]);
    t->needs_review = values[FIELD_TRANSLATION] != NULL;
    char why[400];
    parse_dates(file, base, is_translation, values, key_lines, page, diags);
    if (values[FIELD_LINK] && values[FIELD_LINK][0] && qr_link_problem(values[FIELD_LINK], why, sizeof why))
        diag_add(diags, DIAG_WARNING, file, key_lines[FIELD_LINK],
                 "link: %s (families take a page home by scanning its link as a QR code)", why);
    if (diags->errors > errors_before) goto fail;

    /* The body: short text, a line <!--more-->, the detail text. */
    int body_line = line;
    char *body = p;
    char *more = NULL, *after_more = NULL;
    int more_line = 0;
    for (char *q = body; q < end;) {
        char *e = memchr(q, '\n', (size_t)(end - q));
        size_t l = e ? (size_t)(e - q) : (size_t)(end - q);
        if (is_more_line(q, l)) {
            if (more) {
                diag_add(diags, DIAG_WARNING, file, body_line + line_at(body, (size_t)(q - body)) - 1,
                         "a second <!--more--> line; only the first one splits the page");
                memset(q, ' ', l); /* not shown as text */
            } else {
                more = q;
                after_more = e ? e + 1 : end;
                more_line = body_line + line_at(body, (size_t)(q - body)) - 1;
            }
        }
        q = e ? e + 1 : end;
    }
    size_t summary_len = more ? (size_t)(more - body) : (size_t)(end - body);
    if (markdown_parse(body, summary_len, file, body_line, &t->summary, diags) != 0) goto fail;
    if (more) {
        if (markdown_parse(after_more, (size_t)(end - after_more), file, more_line + 1, &t->detail,
                           diags) != 0)
            goto fail;
        t->has_detail = t->detail.block_count > 0;
        if (!t->has_detail)
            diag_add(diags, DIAG_WARNING, file, more_line,
                     "nothing after <!--more-->: the page will have no \"Tap to read more\"");
    } else {
        diag_add(diags, DIAG_WARNING, file, body_line,
                 "no <!--more--> line: the page has no detail view. Put the short text first, "
                 "then a line <!--more-->, then the longer text");
    }
    int words = count_words(&t->summary);
    if (words == 0)
        diag_add(diags, DIAG_WARNING, file, body_line,
                 "the page has no short text, only its title and picture");
    else if (words > 45)
        diag_add(diags, DIAG_WARNING, file, body_line,
                 "the short text has %d words; families read it from 1.5 m away, so keep it "
                 "under 45 and put the rest after <!--more-->",
                 words);

    if (values[FIELD_IMAGE] && !values[FIELD_ALT])
        diag_add(diags, DIAG_WARNING, file, key_lines[FIELD_IMAGE],
                 "the picture has no description: add a line \"alt: ...\" saying in a few words "
                 "what it shows (read aloud to families who cannot see it)");
    t->title = strdup(values[FIELD_TITLE]);
    t->title_line = key_lines[FIELD_TITLE];
    if (values[FIELD_CAPTION]) t->caption = strdup(values[FIELD_CAPTION]);
    if (values[FIELD_CREDIT]) t->credit = strdup(values[FIELD_CREDIT]);
    if (values[FIELD_LINK] && values[FIELD_LINK][0]) t->link = strdup(values[FIELD_LINK]);
    if (values[FIELD_ALT]) t->alt = strdup(values[FIELD_ALT]);
    if (values[FIELD_RECORDING] && values[FIELD_RECORDING][0])
        t->recording_name = strdup(values[FIELD_RECORDING]);
    t->recording_line = key_lines[FIELD_RECORDING];
    if (values[FIELD_IMAGE]) page->image.name = strdup(values[FIELD_IMAGE]);
    page->image.line = key_lines[FIELD_IMAGE];
    if (!t->title || !page->id || !t->file || (values[FIELD_CAPTION] && !t->caption) ||
        (values[FIELD_CREDIT] && !t->credit) || (values[FIELD_LINK] && values[FIELD_LINK][0] && !t->link) ||
        (values[FIELD_ALT] && !t->alt) ||
        (values[FIELD_RECORDING] && values[FIELD_RECORDING][0] && !t->recording_name) ||
        (values[FIELD_IMAGE] && !page->image.name)) {
        diag_add(diags, DIAG_ERROR, file, 0, "out of memory");
        goto fail;
    }
    free(text);
    return 0;
fail:
    free(text);
    content_page_release(page);
    return -1;
}

int content_note_reviews(const content *c, diag_list *diags) {
    /* Languages in the order first met; a content folder has few. */
    enum { MAX_LANGS = 64 };
    char langs[MAX_LANGS][CONTENT_LANG_MAX];
    int counts[MAX_LANGS] = {0}, n = 0;
    for (int p = 0; p < c->page_count; p++)
        for (int i = 0; i < c->pages[p].text_count; i++) {
            const content_text *t = &c->pages[p].texts[i];
            if (!t->needs_review) continue;
            int k = 0;
            while (k < n && strcmp(langs[k], t->lang) != 0) k++;
            if (k == n) {
                if (n == MAX_LANGS) continue;
                snprintf(langs[n++], sizeof langs[0], "%s", t->lang);
            }
            counts[k]++;
        }
    char *pages_dir = files_joined(c->dir ? c->dir : ".", "pages");
    for (int k = 0; k < n; k++)
        diag_add(diags, DIAG_NOTE, pages_dir ? pages_dir : "pages", 0,
                 "%d page%s in %s %s machine or non-native translation%s marked "
                 "\"translation: " CONTENT_NEEDS_REVIEW "\"; have a native speaker check %s, "
                 "then remove that line",
                 counts[k], counts[k] == 1 ? "" : "s", langs[k], counts[k] == 1 ? "is a" : "are",
                 counts[k] == 1 ? "" : "s", counts[k] == 1 ? "it" : "them");
    free(pages_dir);
    return n;
}

/* ---- content.ini ---- */
typedef struct {
    ini_reader_state reader;
    content *c;
    const char *file;
    diag_list *diags;
} ini_ctx;

static int on_ini(void *user, const char *section, const char *name, const char *value) {
    ini_ctx *x = user;
    int line = x->reader.line;
    (void)section;
    if (strcasecmp(name, "title") == 0) {
        if (strlen(value) > CONTENT_MAX_TITLE_BYTES) {
            diag_add(x->diags, DIAG_ERROR, x->file, line, "the title is too long");
        } else {
            free(x->c->title);
            x->c->title = value[0] ? strdup(value) : NULL;
        }
    } else if (strcasecmp(name, "language") == 0) {
        if (!lang_code_ok(value, strlen(value)) || strlen(value) >= CONTENT_LANG_MAX)
            diag_add(x->diags, DIAG_ERROR, x->file, line,
                     "language must be a code such as en, pl or pt-br, not \"%s\"", value);
        else {
            snprintf(x->c->lang, sizeof x->c->lang, "%s", value);
            lower(x->c->lang);
        }
    } else if (strcasecmp(name, "languages") == 0) {
        /* "en, pl, ro": the order families are offered them in. */
        x->c->ini_language_count = 0;
        x->c->ini_languages_line = line;
        const char *p = value;
        while (*p) {
            while (*p == ' ' || *p == ',' || *p == '\t') p++;
            size_t n = strcspn(p, ", \t");
            if (n == 0) break;
            if (!lang_code_ok(p, n) || n >= CONTENT_LANG_MAX) {
                diag_add(x->diags, DIAG_ERROR, x->file, line,
                         "languages must be codes such as en, pl, ar, separated by commas, not "
                         "\"%.*s\"", (int)(n > 40 ? 40 : n), p);
            } else if (x->c->ini_language_count == CONTENT_MAX_LANGS) {
                diag_add(x->diags, DIAG_ERROR, x->file, line,
                         "at most %d languages; \"%.*s\" and what follows are left out",
                         CONTENT_MAX_LANGS, (int)n, p);
                break;
            } else {
                char *l = x->c->ini_languages[x->c->ini_language_count++];
                memcpy(l, p, n);
                l[n] = '\0';
                lower(l);
            }
            p += n;
        }
    } else if (strcasecmp(name, "link") == 0) {
        /* The clinic's web address, for every page without a link: of its own. */
        char why[400];
        free(x->c->link);
        x->c->link = NULL;
        if (strlen(value) > CONTENT_MAX_FIELD_BYTES)
            diag_add(x->diags, DIAG_ERROR, x->file, line, "the link is too long (at most %d bytes)",
                     CONTENT_MAX_FIELD_BYTES);
        else if (value[0] && qr_link_problem(value, why, sizeof why))
            diag_add(x->diags, DIAG_WARNING, x->file, line,
                     "link: %s (families take a page home by scanning this link as a QR code)", why);
        if (value[0] && strlen(value) <= CONTENT_MAX_FIELD_BYTES) x->c->link = strdup(value);
    } else if (strcasecmp(name, "seconds_per_page") == 0) {
        char *endp;
        long v = strtol(value, &endp, 10);
        if (endp == value || *endp || v < 3 || v > 600)
            diag_add(x->diags, DIAG_ERROR, x->file, line,
                     "seconds_per_page must be a whole number from 3 to 600, not \"%s\"", value);
        else
            x->c->seconds_per_page = (int)v;
    } else {
        diag_add(x->diags, DIAG_ERROR, x->file, line,
                 "unknown setting \"%s\"; content.ini may have title, language, languages, "
                 "seconds_per_page and link",
                 name);
    }
    return 1;
}

void content_parse_ini(content *c, const char *file, const char *bytes, size_t len,
                       diag_list *diags) {
    char *text = malloc(len + 1);
    if (!text) { diag_add(diags, DIAG_ERROR, file, 0, "out of memory"); return; }
    memcpy(text, bytes, len);
    text[len] = '\0';
    long n = clean_text(file, text, len, diags);
    if (n >= 0) {
        ini_ctx x = {.c = c, .file = file, .diags = diags};
        int bad = ini_reader_parse(&x.reader, text, (size_t)n, on_ini, &x);
        if (bad > 0)
            diag_add(diags, DIAG_ERROR, file, bad, "this line is not a \"name = value\" setting");
        if (x.reader.too_long_line)
            diag_add(diags, DIAG_ERROR, file, x.reader.too_long_line, "this line is too long");
    }
    free(text);
}

/* ---- the folder ---- */
bool content_is_clutter(const char *name) {
    return name[0] == '.' || strcasecmp(name, "Thumbs.db") == 0 ||
           strcasecmp(name, "desktop.ini") == 0 || strcasecmp(name, "ehthumbs.db") == 0 ||
           strcasecmp(name, "System Volume Information") == 0 ||
           strcasecmp(name, "$RECYCLE.BIN") == 0;
}

static int cmp_names(const void *a, const void *b) {
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    int r = strcasecmp(x, y);
    return r ? r : strcmp(x, y);
}

/* Lists the entries of the open folder dir (clutter left out), sorted.
 * dir stays open and unmoved (the listing reads a second opening of it). */
static char **list_dir(int dir, int *count, int limit, bool *too_many) {
    *count = 0;
    *too_many = false;
    int fd = dir >= 0 ? openat(dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0) close(fd);
        return NULL;
    }
    char **names = NULL;
    int cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (content_is_clutter(e->d_name)) continue;
        if (*count >= limit) { *too_many = true; break; }
        if (*count == cap) {
            cap = cap ? cap * 2 : 32;
            char **grown = realloc(names, (size_t)cap * sizeof *names);
            if (!grown) break;
            names = grown;
        }
        names[*count] = strdup(e->d_name);
        if (names[*count]) (*count)++;
    }
    closedir(d);
    if (*count) qsort(names, (size_t)*count, sizeof *names, cmp_names);
    return names;
}

static void free_names(char **names, int count) {
    for (int i = 0; i < count; i++) free(names[i]);
    free(names);
}

static bool has_picture_extension(const char *name) {
    const char *dot = strrchr(name, '.');
    return dot && (strcasecmp(dot, ".svg") == 0 || strcasecmp(dot, ".png") == 0 ||
                   strcasecmp(dot, ".jpg") == 0 || strcasecmp(dot, ".jpeg") == 0);
}

/* A file name a page gives for "key:" (image, recording), as staff may
 * write it ("images/baby.jpg" or "baby.jpg"), without the folder. NULL,
 * said against the page's line, when it is a path rather than a name. */
static const char *name_in_folder(const char *written, const char *folder, const char *key,
                                  const char *example, const char *page_file, int line,
                                  diag_list *diags) {
    const char *name = written;
    size_t fl = strlen(folder);
    if (strncasecmp(name, folder, fl) == 0 && name[fl] == '/') name += fl + 1;
    if (name[0] == '/' || strchr(name, '/') || strchr(name, '\\') || strstr(name, "..") ||
        (isalpha((unsigned char)name[0]) && name[1] == ':')) {
        diag_add(diags, DIAG_ERROR, page_file, line,
                 "%s: \"%s\" must be just a file name from the %s folder, e.g. %s: %s", key,
                 written, folder, key, example);
        return NULL;
    }
    return name;
}

/* The index of name among a folder's names (exactly, or, with a warning,
 * but for upper and lower case), or -1, said against the page's line. */
static int find_in_folder(const char *name, char **names, int count, const char *folder,
                          const char *key, const char *what, const char *page_file, int line,
                          diag_list *diags) {
    for (int i = 0; i < count; i++)
        if (strcmp(names[i], name) == 0) return i;
    for (int i = 0; i < count; i++)
        if (strcasecmp(names[i], name) == 0) {
            diag_add(diags, DIAG_WARNING, page_file, line,
                     "%s: \"%s\" is called \"%s\" in the %s folder; write it exactly", key,
                     name, names[i], folder);
            return i;
        }
    diag_add(diags, DIAG_ERROR, page_file, line,
             "%s: \"%s\" is not in the %s folder (check the spelling, or add the %s to %s/)",
             key, name, folder, what, folder);
    return -1;
}

/* Finds and checks the page's picture. Returns 0 when it can be shown. */
static int check_image(content *c, content_page *page, const char *page_file, int images_fd,
                       char **image_names, int image_count, bool *used, diag_list *diags) {
    content_image *img = &page->image;
    const char *name = name_in_folder(img->name, "images", "image", "baby.jpg", page_file,
                                      img->line, diags);
    if (!name) return -1;
    const char *dot = strrchr(name, '.');
    if (dot && (strcasecmp(dot, ".heic") == 0 || strcasecmp(dot, ".heif") == 0)) {
        diag_add(diags, DIAG_ERROR, page_file, img->line, "image: \"%s\": %s", img->name,
                 IMAGEINFO_HEIC_ADVICE);
        return -1;
    }
    if (!has_picture_extension(name)) {
        diag_add(diags, DIAG_ERROR, page_file, img->line,
                 "image: \"%s\" is not a picture the kiosk can show; use .svg, .png or .jpg",
                 img->name);
        return -1;
    }
    int found = find_in_folder(name, image_names, image_count, "images", "image", "picture",
                               page_file, img->line, diags);
    if (found < 0) return -1;
    used[found] = true;
    char *images_dir = files_joined(c->dir, "images");
    char *path = images_dir ? files_joined(images_dir, image_names[found]) : NULL;
    free(images_dir);
    if (!path) { diag_add(diags, DIAG_ERROR, page_file, img->line, "out of memory"); return -1; }
    /* Problems with the picture are told against the page's image: line,
     * naming the picture, so staff see which page is left out. */
    const char *shown = image_names[found];

    struct stat st;
    char err[256];
    int fd = safe_open_at(images_fd, image_names[found], SAFE_FILE, &st, err, sizeof err);
    if (fd < 0) {
        diag_add(diags, DIAG_ERROR, page_file, img->line, "images/%s: %s", shown, err);
        goto fail;
    }
    bool svg = strcasecmp(strrchr(path, '.'), ".svg") == 0;
    long long limit = svg ? CONTENT_MAX_SVG_BYTES : CONTENT_MAX_IMAGE_BYTES;
    if (st.st_size > limit) {
        diag_add(diags, DIAG_ERROR, page_file, img->line,
                 "images/%s is too big a file (%lld MB; at most %lld MB)", shown,
                 (long long)st.st_size / (1024 * 1024), limit / (1024 * 1024));
        close(fd);
        goto fail;
    }
    int rc = imageinfo_read_fd(fd, &img->info, err, sizeof err);
    close(fd);
    if (rc != 0) {
        diag_add(diags, DIAG_ERROR, page_file, img->line, "images/%s: %s", shown, err);
        goto fail;
    }
    if ((svg && img->info.kind != IMAGE_SVG) || (!svg && img->info.kind == IMAGE_SVG))
        diag_add(diags, DIAG_WARNING, page_file, img->line,
                 "images/%s is really a %s picture; its name should end in .%s", shown,
                 imageinfo_kind_name(img->info.kind),
                 img->info.kind == IMAGE_SVG ? "svg" : img->info.kind == IMAGE_PNG ? "png" : "jpg");
    if (img->info.kind != IMAGE_SVG &&
        (img->info.width > CONTENT_MAX_IMAGE_SIDE || img->info.height > CONTENT_MAX_IMAGE_SIDE ||
         (long long)img->info.width * img->info.height > CONTENT_MAX_IMAGE_PIXELS)) {
        diag_add(diags, DIAG_ERROR, page_file, img->line,
                 "images/%s is %dx%d pixels, too big to show (at most %d on a side and "
                 "%d megapixels); make it smaller",
                 shown, img->info.width, img->info.height, CONTENT_MAX_IMAGE_SIDE,
                 CONTENT_MAX_IMAGE_PIXELS / 1000000);
        goto fail;
    }
    img->path = path;
    return 0;
fail:
    free(path);
    return -1;
}

/* Finds and checks a text's recording (sounds/NAME.wav): a WAV file (its
 * first bytes say RIFF...WAVE) of at most CONTENT_MAX_SOUND_BYTES. Whether
 * it plays is for the shell to find out (sound.h: kiosk check and the
 * staff screen play it through SDL's WAV reader). Returns 0 when found. */
static int check_recording(content *c, content_text *t, int sounds_fd, char **names, int count,
                           bool *used, diag_list *diags) {
    const char *name = name_in_folder(t->recording_name, "sounds", "recording", "welcome.wav",
                                      t->file, t->recording_line, diags);
    if (!name) return -1;
    const char *dot = strrchr(name, '.');
    if (!dot || strcasecmp(dot, ".wav") != 0) {
        diag_add(diags, DIAG_ERROR, t->file, t->recording_line,
                 "recording: \"%s\" is not a WAV file; save the recording as WAV (in Audacity: "
                 "File, Export, Export as WAV) and give its name here",
                 t->recording_name);
        return -1;
    }
    int found = find_in_folder(name, names, count, "sounds", "recording", "recording", t->file,
                               t->recording_line, diags);
    if (found < 0) return -1;
    used[found] = true;
    struct stat st;
    char err[256];
    int fd = safe_open_at(sounds_fd, names[found], SAFE_FILE, &st, err, sizeof err);
    if (fd < 0) {
        diag_add(diags, DIAG_ERROR, t->file, t->recording_line, "sounds/%s: %s", names[found], err);
        return -1;
    }
    unsigned char head[12];
    ssize_t got = st.st_size > CONTENT_MAX_SOUND_BYTES ? 0 : read(fd, head, sizeof head);
    close(fd);
    if (st.st_size > CONTENT_MAX_SOUND_BYTES) {
        diag_add(diags, DIAG_ERROR, t->file, t->recording_line,
                 "sounds/%s is too big a file (%lld MB; at most %d MB): save it as mono, "
                 "22050 Hz, or make it shorter",
                 names[found], (long long)st.st_size / (1024 * 1024),
                 CONTENT_MAX_SOUND_BYTES / (1024 * 1024));
        return -1;
    }
    if (got != (ssize_t)sizeof head || memcmp(head, "RIFF", 4) != 0 ||
        memcmp(head + 8, "WAVE", 4) != 0) {
        diag_add(diags, DIAG_ERROR, t->file, t->recording_line,
                 "sounds/%s is not really a WAV recording (a phone's .m4a or .mp3 renamed?); "
                 "save it again as WAV (in Audacity: File, Export, Export as WAV)",
                 names[found]);
        return -1;
    }
    char *dir = files_joined(c->dir, "sounds");
    t->recording = dir ? files_joined(dir, names[found]) : NULL;
    free(dir);
    if (!t->recording) {
        diag_add(diags, DIAG_ERROR, t->file, t->recording_line, "out of memory");
        return -1;
    }
    return 0;
}

/* Every text's recording, and a warning for each sound no page plays. */
static void check_recordings(content *c, int root, const char *dir, diag_list *diags) {
    bool any = false;
    for (int p = 0; p < c->page_count; p++)
        for (int i = 0; i < c->pages[p].text_count; i++) any |= c->pages[p].texts[i].recording_name != NULL;
    char err[256];
    int sounds_fd = safe_open_at(root, "sounds", SAFE_FOLDER, NULL, err, sizeof err);
    if (sounds_fd < 0 && !any) return;
    char *sounds_dir = files_joined(dir, "sounds");
    if (sounds_fd < 0 && errno != ENOENT)
        diag_add(diags, DIAG_ERROR, sounds_dir ? sounds_dir : dir, 0, "%s", err);
    int count = 0;
    bool too_many = false;
    char **names = sounds_fd >= 0 ? list_dir(sounds_fd, &count, 4096, &too_many) : NULL;
    bool *used = calloc((size_t)count + 1, sizeof *used);
    if (too_many) diag_add(diags, DIAG_ERROR, sounds_dir ? sounds_dir : dir, 0,
                           "too many files in the sounds folder");
    for (int p = 0; p < c->page_count && used; p++)
        for (int i = 0; i < c->pages[p].text_count; i++) {
            content_text *t = &c->pages[p].texts[i];
            if (t->recording_name)
                check_recording(c, t, sounds_fd, names, count, used, diags);
        }
    for (int i = 0; i < count && used; i++)
        if (!used[i] && !content_is_clutter(names[i])) {
            char *path = sounds_dir ? files_joined(sounds_dir, names[i]) : NULL;
            diag_add(diags, DIAG_WARNING, path ? path : names[i], 0,
                     "this recording is not played by any page (a page plays one with a line "
                     "\"recording: %s\")", names[i]);
            free(path);
        }
    free(used);
    free_names(names, count);
    free(sounds_dir);
    if (sounds_fd >= 0) close(sounds_fd);
}

static void add_translation(content_page *base, content_page *tr, diag_list *diags) {
    content_text *texts = realloc(base->texts, (size_t)(base->text_count + 1) * sizeof *texts);
    if (!texts) {
        diag_add(diags, DIAG_ERROR, tr->texts[0].file, 0, "out of memory");
        content_page_release(tr);
        return;
    }
    base->texts = texts;
    base->texts[base->text_count++] = tr->texts[0];
    tr->text_count = 0; /* moved */
    content_page_release(tr);
}

static void choose_languages(content *c, const char *pages_dir, diag_list *diags);

int content_load(content *c, const char *dir, diag_list *diags) {
    memset(c, 0, sizeof *c);
    snprintf(c->lang, sizeof c->lang, "en");
    c->dir = strdup(dir);
    /* The folder itself is opened as given (the kiosk's own content is
     * reached through the link DATA/content/current); everything in it is
     * opened through this fd with safe_open_at, so no link inside it is
     * followed and no pipe or device is read. */
    int root = c->dir ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    if (root < 0) {
        diag_add(diags, DIAG_ERROR, dir, 0, "this content folder does not exist or cannot be read");
        return -1;
    }
    struct stat st;
    char err[256];

    char *ini_path = files_joined(dir, "content.ini");
    char *bytes;
    size_t len;
    if (read_file_at(root, "content.ini", CONTENT_MAX_INI_BYTES, &bytes, &len, err, sizeof err) == 0) {
        content_parse_ini(c, ini_path ? ini_path : "content.ini", bytes, len, diags);
        free(bytes);
    } else if (errno != ENOENT) {
        diag_add(diags, DIAG_ERROR, ini_path ? ini_path : "content.ini", 0, "%s", err);
    }
    free(ini_path);

    char *pages_dir = files_joined(dir, "pages");
    char *images_dir = files_joined(dir, "images");
    int pages_fd = safe_open_at(root, "pages", SAFE_FOLDER, NULL, err, sizeof err);
    if (pages_fd < 0 && errno == ENOENT)
        diag_add(diags, DIAG_ERROR, dir, 0, "there is no pages folder in the content folder");
    else if (pages_fd < 0)
        diag_add(diags, DIAG_ERROR, pages_dir ? pages_dir : dir, 0, "%s", err);
    int images_fd = safe_open_at(root, "images", SAFE_FOLDER, NULL, err, sizeof err);
    if (images_fd < 0 && errno != ENOENT)
        diag_add(diags, DIAG_ERROR, images_dir ? images_dir : dir, 0, "%s", err);
    int page_count = 0, image_count = 0;
    bool too_many = false, too_many_images = false;
    char **page_names = pages_dir ? list_dir(pages_fd, &page_count, CONTENT_MAX_PAGES * 8, &too_many) : NULL;
    char **image_names = images_dir ? list_dir(images_fd, &image_count, 4096, &too_many_images) : NULL;
    bool *used = calloc((size_t)image_count + 1, sizeof *used);
    if (too_many)
        diag_add(diags, DIAG_ERROR, pages_dir, 0, "too many files in the pages folder");
    if (too_many_images)
        diag_add(diags, DIAG_ERROR, images_dir, 0, "too many files in the images folder");

    content_page *pages = calloc((size_t)CONTENT_MAX_PAGES, sizeof *pages);
    /* Translations wait until every base page is known. */
    content_page *pending = calloc((size_t)page_count + 1, sizeof *pending);
    int pending_count = 0;
    int left_out = 0, first_left_out = -1; /* pages past CONTENT_MAX_PAGES */
    if (!pages || !pending || !used) {
        diag_add(diags, DIAG_ERROR, dir, 0, "out of memory");
        goto done;
    }
    for (int i = 0; i < page_count; i++) {
        const char *name = page_names[i];
        char *path = files_joined(pages_dir, name);
        if (!path) continue;
        if (fstatat(pages_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) { free(path); continue; }
        if (S_ISDIR(st.st_mode)) {
            diag_add(diags, DIAG_WARNING, path, 0, "folders inside pages/ are ignored");
            free(path);
            continue;
        }
        size_t nl = strlen(name);
        if (nl < 4 || strcasecmp(name + nl - 3, ".md") != 0) {
            const char *hint = (nl > 4 && strcasecmp(name + nl - 4, ".txt") == 0)
                                   ? " (rename it to end in .md)"
                               : has_picture_extension(name) ? " (pictures go in images/)" : "";
            diag_add(diags, DIAG_WARNING, path, 0, "not a page, so it is ignored%s", hint);
            free(path);
            continue;
        }
        if (read_file_at(pages_fd, name, CONTENT_MAX_PAGE_BYTES, &bytes, &len, err, sizeof err) != 0) {
            diag_add(diags, DIAG_ERROR, path, 0, "%s", err);
            free(path);
            continue;
        }
        content_page page;
        int rc = content_parse_page(path, bytes, len, c->lang, &page, diags);
        free(bytes);
        if (rc == 0) {
            char id[256], lang[CONTENT_LANG_MAX];
            content_page_name(name, id, sizeof id, lang, sizeof lang, err, sizeof err);
            bool translation = lang[0] && strcmp(lang, c->lang) != 0;
            if (lang[0] && strcmp(lang, c->lang) == 0) {
                diag_add(diags, DIAG_ERROR, path, 0,
                         "this page is marked .%s.md, the content's own language; name it "
                         "without .%s",
                         lang, lang);
                content_page_release(&page);
            } else if (translation) {
                pending[pending_count++] = page;
            } else {
                int dup = -1;
                for (int k = 0; k < c->page_count; k++)
                    if (strcmp(pages[k].id, page.id) == 0) dup = k;
                if (dup >= 0) {
                    diag_add(diags, DIAG_ERROR, path, 0,
                             "this page has the same name (\"%s\") as %s; give one of them "
                             "another name, since the name counts the page's views",
                             page.id, pages[dup].texts[0].file);
                    content_page_release(&page);
                } else if (c->page_count >= CONTENT_MAX_PAGES) {
                    if (left_out++ == 0) first_left_out = i; /* said once, below */
                    content_page_release(&page);
                } else if (page.image.name &&
                           check_image(c, &page, path, images_fd, image_names, image_count,
                                       used, diags) != 0) {
                    content_page_release(&page);
                } else {
                    pages[c->page_count++] = page;
                }
            }
        }
        free(path);
    }
    if (left_out > 0)
        diag_add(diags, DIAG_ERROR, pages_dir, 0,
                 "too many pages: the kiosk shows at most %d, so %d page%s from %s on (in name "
                 "order) %s left out; take some pages out of the folder",
                 CONTENT_MAX_PAGES, left_out, left_out == 1 ? "" : "s",
                 page_names[first_left_out], left_out == 1 ? "is" : "are");
    for (int i = 0; i < pending_count; i++) {
        content_page *tr = &pending[i];
        int base = -1;
        for (int k = 0; k < c->page_count; k++)
            if (strcmp(pages[k].id, tr->id) == 0) base = k;
        if (base < 0) {
            diag_add(diags, DIAG_ERROR, tr->texts[0].file, 0,
                     "this translation has no page of its own beside it (a page named like "
                     "it, without .%s)",
                     tr->texts[0].lang);
            content_page_release(tr);
            continue;
        }
        bool dup = false;
        for (int t = 0; t < pages[base].text_count; t++)
            if (strcmp(pages[base].texts[t].lang, tr->texts[0].lang) == 0) dup = true;
        if (dup) {
            diag_add(diags, DIAG_ERROR, tr->texts[0].file, 0,
                     "a second %s translation of the page \"%s\"", tr->texts[0].lang, tr->id);
            content_page_release(tr);
            continue;
        }
        /* A translation may repeat its page's image: line (so it reads as a
         * whole page); another picture is not shown. */
        const char *tr_image = tr->image.name, *base_image = pages[base].image.name;
        if (tr_image && strncasecmp(tr_image, "images/", 7) == 0) tr_image += 7;
        if (base_image && strncasecmp(base_image, "images/", 7) == 0) base_image += 7;
        if (tr_image && (!base_image || strcasecmp(tr_image, base_image) != 0))
            diag_add(diags, DIAG_WARNING, tr->texts[0].file, tr->image.line,
                     "a translation uses its page's picture; its image: line is ignored");
        add_translation(&pages[base], tr, diags);
    }
    for (int i = 0; i < image_count; i++)
        if (!used[i] && !content_is_clutter(image_names[i])) {
            char *path = files_joined(images_dir, image_names[i]);
            diag_add(diags, DIAG_WARNING, path ? path : image_names[i], 0,
                     "this picture is not used by any page");
            free(path);
        }
    if (c->page_count == 0 && page_count >= 0)
        diag_add(diags, DIAG_ERROR, pages_dir ? pages_dir : dir, 0,
                 "no page can be shown: the kiosk will show \"Back soon\"");
    c->pages = pages;
    choose_languages(c, pages_dir ? pages_dir : dir, diags);
    check_recordings(c, root, dir, diags);
done:
    close(root);
    c->pages = pages;
    if (pages_fd >= 0) close(pages_fd);
    if (images_fd >= 0) close(images_fd);
    free(pending);
    free(used);
    free_names(page_names, page_count);
    free_names(image_names, image_count);
    free(pages_dir);
    free(images_dir);
    return 0;
}

const char *content_link(const content *c, const content_page *page, int text_index) {
    if (text_index >= 0 && text_index < page->text_count && page->texts[text_index].link)
        return page->texts[text_index].link;
    if (page->text_count > 0 && page->texts[0].link) return page->texts[0].link;
    return c ? c->link : NULL;
}

int content_text_index(const content_page *page, const char *lang) {
    for (int i = 0; lang && i < page->text_count; i++)
        if (strcmp(page->texts[i].lang, lang) == 0) return i;
    return 0;
}

int content_pages_in(const content *c, const char *lang) {
    int n = 0;
    for (int p = 0; p < c->page_count; p++)
        if (strcmp(c->pages[p].texts[content_text_index(&c->pages[p], lang)].lang, lang) == 0) n++;
    return n;
}

static bool offered(const content *c, const char *lang) {
    for (int i = 0; i < c->language_count; i++)
        if (strcmp(c->languages[i], lang) == 0) return true;
    return false;
}

static void offer(content *c, const char *lang) {
    if (c->language_count < CONTENT_MAX_LANGS && !offered(c, lang))
        snprintf(c->languages[c->language_count++], CONTENT_LANG_MAX, "%s", lang);
}

/* The languages offered (content.h), and what staff should know of them:
 * a language content.ini lists with no page, pages in a language it
 * leaves out, a language whose first page is missing (families who
 * choose it start in the content's own language), pages missing in one. */
static void choose_languages(content *c, const char *pages_dir, diag_list *diags) {
    c->language_count = 0;
    offer(c, c->lang);
    char ini_file[PATH_MAX];
    if (!files_join(ini_file, sizeof ini_file, c->dir ? c->dir : ".", "content.ini"))
        snprintf(ini_file, sizeof ini_file, "content.ini");
    for (int i = 0; i < c->ini_language_count; i++) {
        const char *l = c->ini_languages[i];
        if (content_pages_in(c, l) > 0) offer(c, l);
        else if (strcmp(l, c->lang) != 0)
            diag_add(diags, DIAG_WARNING, ini_file, c->ini_languages_line,
                     "languages lists %s, but no page is in %s (a page named like "
                     "010-welcome.%s.md): it is not offered",
                     l, l, l);
    }
    for (int p = 0; p < c->page_count; p++)
        for (int t = 1; t < c->pages[p].text_count; t++) {
            const char *l = c->pages[p].texts[t].lang;
            if (offered(c, l)) continue;
            if (c->ini_language_count > 0) {
                bool listed = false;
                for (int i = 0; i < c->ini_language_count; i++)
                    if (strcmp(c->ini_languages[i], l) == 0) listed = true;
                bool said = false;   /* once a language */
                for (int q = 0; q < p && !said; q++)
                    for (int u = 1; u < c->pages[q].text_count; u++)
                        if (strcmp(c->pages[q].texts[u].lang, l) == 0) said = true;
                for (int u = 1; u < t && !said; u++)
                    if (strcmp(c->pages[p].texts[u].lang, l) == 0) said = true;
                if (!listed && !said) {
                    diag_add(diags, DIAG_WARNING, ini_file, c->ini_languages_line,
                             "pages are translated into %s, but languages does not list it: "
                             "families are not offered %s; add it to the list",
                             l, l);
                  }
                if (!listed) continue;
            }
            if (c->language_count == CONTENT_MAX_LANGS) {
                diag_add(diags, DIAG_WARNING, pages_dir, 0,
                         "more than %d languages: %s is not offered", CONTENT_MAX_LANGS, l);
                continue;
            }
            offer(c, l);
        }
    if (c->page_count == 0) return;
    for (int i = 1; i < c->language_count; i++) {
        const char *l = c->languages[i];
        const content_page *first = &c->pages[0];
        if (strcmp(first->texts[content_text_index(first, l)].lang, l) != 0) {
            const char *file = first->texts[0].file, *slash = strrchr(file, '/');
            const char *base = slash ? slash + 1 : file;
            int stem = (int)strlen(base) - 3;   /* without ".md" */
            diag_add(diags, DIAG_WARNING, file, 0,
                     "the first page has no %s translation: families who choose %s see it in "
                     "%s; add %.*s.%s.md",
                     l, l, c->lang, stem > 0 ? stem : 0, base, l);
        }
        int have = content_pages_in(c, l);
        if (have < c->page_count)
            diag_add(diags, DIAG_NOTE, pages_dir, 0,
                     "%d of %d pages are in %s; the other %d show in %s to families who choose %s",
                     have, c->page_count, l, c->page_count - have, c->lang, l);
    }
}

void content_release(content *c) {
    for (int i = 0; i < c->page_count; i++) content_page_release(&c->pages[i]);
    free(c->pages);
    free(c->dir);
    free(c->title);
    free(c->link);
    memset(c, 0, sizeof *c);
}
