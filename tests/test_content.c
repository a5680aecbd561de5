/* test_content.c - the content loader and the page parser, on content
 * folders built in a temporary folder: a good one, one written on
 * Windows, one with every error, one with every warning, empty ones; and
 * page file names. Every problem is checked with its file and line. */
#include <errno.h>
#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


#include "check.h"
#include "fixture.h"
#include "files.h"
#include "content.h"
#include "showdates.h"

static char tmp_root[512];

/* ---- building folders ---- */

static void make_dir(const char *dir, const char *rel) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    if (mkdir(path, 0755) != 0 && errno != EEXIST) perror(path);
}

/* tmp_root/name, made empty. */
static void new_folder(char *out, size_t size, const char *name) {
    snprintf(out, size, "%s/%s", tmp_root, name);
    CHECK_INT(mkdir(out, 0755), 0);
}


/* ---- pictures (made by fixture.h) ---- */
static void put_png(const char *dir, const char *rel, uint32_t w, uint32_t h) {
    unsigned char out[128];
    fixture_put(dir, rel, out, make_png(out, w, h));
}

static void put_jpeg(const char *dir, const char *rel, int w, int h) {
    size_t len;
    unsigned char *out = make_jpeg(w, h, &len);
    fixture_put(dir, rel, out, len);
    free(out);
}

static const char svg_400x300[] =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 400 300\">"
    "<rect width=\"400\" height=\"300\" fill=\"#1F5A55\"/></svg>\n";

/* ---- looking at results ---- */
static bool ends_with(const char *s, const char *end) {
    size_t a = strlen(s), b = strlen(end);
    return a >= b && strcmp(s + a - b, end) == 0;
}

/* Diags of severity sev whose file ends in file_end (NULL: any), on line
 * (-1: any), with part in the message. */
static int count_diags(const diag_list *d, diag_severity sev, const char *file_end, int line,
                       const char *part) {
    int n = 0;
    for (int i = 0; i < d->count; i++) {
        const diag *x = &d->items[i];
        if (x->severity == sev && (!file_end || ends_with(x->file, file_end)) &&
            (line < 0 || x->line == line) && strstr(x->message, part))
            n++;
    }
    return n;
}

static void dump_diags(const diag_list *d) {
    for (int i = 0; i < d->count; i++) {
        char buf[1400];
        diag_format(&d->items[i], buf, sizeof buf);
        fprintf(stderr, "    %s\n", buf);
    }
}

#define EXPECT_DIAG(d, sev, file_end, line, part)                                           \
    do {                                                                                    \
        int found_ = count_diags(d, sev, file_end, line, part);                             \
        if (found_ != 1) {                                                                  \
            fprintf(stderr, "  wanted one %s in %s line %d: %s; have:\n",                    \
                    (sev) == DIAG_ERROR ? "error" : (sev) == DIAG_NOTE ? "note" : "warning", file_end, line, part);       \
            dump_diags(d);                                                                  \
        }                                                                                   \
        CHECK_INT(found_, 1);                                                               \
    } while (0)

#define ERROR_AT(d, file_end, line, part) EXPECT_DIAG(d, DIAG_ERROR, file_end, line, part)
#define WARNING_AT(d, file_end, line, part) EXPECT_DIAG(d, DIAG_WARNING, file_end, line, part)

static const content_page *find_page(const content *c, const char *id) {
    for (int i = 0; i < c->page_count; i++)
        if (strcmp(c->pages[i].id, id) == 0) return &c->pages[i];
    return NULL;
}

static void check_span(const md_block *b, int i, int style, const char *text) {
    CHECK(i < b->span_count);
    if (i >= b->span_count) return;
    CHECK_INT(b->spans[i].style, style);
    CHECK_STR(b->spans[i].text, text);
}

static char *plain(const md_doc *doc) {
    static char buf[4096];
    char *t = markdown_plain_text(doc);
    snprintf(buf, sizeof buf, "%s", t ? t : "(null)");
    free(t);
    return buf;
}

/* ---- 1. a good folder ---- */
static void test_good(void) {
    char dir[1024];
    new_folder(dir, sizeof dir, "good");
    fixture_put_text(dir, "content.ini",
             "; The bundled pages\n"
             "title = Little minds\n"
             "language = en\n"
             "seconds_per_page = 15\n");
    fixture_put_text(dir, "pages/010-welcome.md",
             "---\n"                                 /* 1 */
             "title: Welcome\n"                      /* 2 */
             "image: welcome.svg\nalt: A test picture.\n"                  /* 3 */
             "caption: For you and your baby\n"      /* 4 */
             "credit: \"DorPIP\"\n"                  /* 5 */
             "---\n"                                 /* 6 */
             "Hello **bold** and *italic* words.\n"  /* 7 */
             "\n"
             "<!--more-->\n"
             "\n"
             "## What this covers\n"
             "\n"
             "- first point\n"
             "- second point\n"
             "  - nested point\n"
             "\n"
             "1. one\n"
             "2. two\n"
             "\n"
             "> a quote with **strong** text\n");
    fixture_put_text(dir, "pages/020-b.md",
             "---\ntitle: Bonding\n---\nShort text.\n\n<!--more-->\n\nLonger text.\n");
    fixture_put_text(dir, "pages/020-b.pl.md",
             "---\ntitle: Wi\xC4\x99\xC5\xBA\n---\nKr\xC3\xB3tki tekst.\n\n<!--more-->\n\n"
             "D\xC5\x82u\xC5\xBCszy tekst.\n");
    fixture_put_text(dir, "pages/030 Positive Touch.md",
             "---\ntitle: Positive touch\nimage: images/touch.png\nalt: A test picture.\n---\nGentle touch helps.\n\n"
             "<!--more-->\n\nMore about touch.\n");
    fixture_put_text(dir, "images/welcome.svg", svg_400x300);
    put_png(dir, "images/touch.png", 1, 1);

    content c;
    diag_list d;
    diag_list_init(&d);
    CHECK_INT(content_load(&c, dir, &d), 0);
    CHECK_INT(d.errors, 0);
    /* Polish has only the second page. */
    CHECK_INT(d.warnings, 1);
    WARNING_AT(&d, "pages/010-welcome.md", 0,
               "the first page has no pl translation: families who choose pl see it in en; "
               "add 010-welcome.pl.md");
    EXPECT_DIAG(&d, DIAG_NOTE, "pages", 0, "1 of 3 pages are in pl");
    CHECK_INT(c.language_count, 2);
    CHECK_STR(c.languages[0], "en");
    CHECK_STR(c.languages[1], "pl");
    CHECK_STR(c.dir, dir);
    CHECK_STR(c.title, "Little minds");
    CHECK_STR(c.lang, "en");
    CHECK_INT(c.seconds_per_page, 15);
    CHECK_INT(c.page_count, 3);
    if (c.page_count != 3) goto out;

    /* In file-name order, ids without number, language and .md. */
    CHECK_STR(c.pages[0].id, "welcome");
    CHECK_STR(c.pages[1].id, "b");
    CHECK_STR(c.pages[2].id, "positive-touch");

    const content_page *p = &c.pages[0];
    CHECK_INT(p->text_count, 1);
    const content_text *t = &p->texts[0];
    CHECK_STR(t->lang, "en");
    CHECK(ends_with(t->file, "/pages/010-welcome.md"));
    CHECK_STR(t->title, "Welcome");
    CHECK_STR(t->caption, "For you and your baby");
    CHECK_STR(t->credit, "DorPIP");
    CHECK(t->link == NULL);
    CHECK_STR(p->image.name, "welcome.svg");
    CHECK_INT(p->image.line, 3);
    CHECK(p->image.path && ends_with(p->image.path, "/images/welcome.svg"));
    CHECK_INT(p->image.info.kind, IMAGE_SVG);
    CHECK_INT(p->image.info.width, 400);
    CHECK_INT(p->image.info.height, 300);
    CHECK(t->has_detail);

    /* The short text: one paragraph, bold and italic spans. */
    CHECK_INT(t->summary.block_count, 1);
    if (t->summary.block_count == 1) {
        const md_block *b = &t->summary.blocks[0];
        CHECK_INT(b->kind, BLOCK_PARAGRAPH);
        CHECK_INT(b->span_count, 5);
        check_span(b, 0, 0, "Hello ");
        check_span(b, 1, SPAN_BOLD, "bold");
        check_span(b, 2, 0, " and ");
        check_span(b, 3, SPAN_ITALIC, "italic");
        check_span(b, 4, 0, " words.");
    }
    /* The detail: heading, bullets (one nested), numbers, a quote. */
    const md_doc *dt = &t->detail;
    CHECK_INT(dt->block_count, 7);
    if (dt->block_count == 7) {
        CHECK_INT(dt->blocks[0].kind, BLOCK_HEADING);
        check_span(&dt->blocks[0], 0, 0, "What this covers");
        CHECK_INT(dt->blocks[1].kind, BLOCK_BULLET);
        CHECK_INT(dt->blocks[1].depth, 1);
        check_span(&dt->blocks[1], 0, 0, "first point");
        CHECK_INT(dt->blocks[2].kind, BLOCK_BULLET);
        check_span(&dt->blocks[2], 0, 0, "second point");
        CHECK_INT(dt->blocks[3].kind, BLOCK_BULLET);
        CHECK_INT(dt->blocks[3].depth, 2);
        check_span(&dt->blocks[3], 0, 0, "nested point");
        CHECK_INT(dt->blocks[4].kind, BLOCK_NUMBERED);
        CHECK_INT(dt->blocks[4].number, 1);
        CHECK_INT(dt->blocks[4].depth, 1);
        check_span(&dt->blocks[4], 0, 0, "one");
        CHECK_INT(dt->blocks[5].kind, BLOCK_NUMBERED);
        CHECK_INT(dt->blocks[5].number, 2);
        check_span(&dt->blocks[5], 0, 0, "two");
        CHECK_INT(dt->blocks[6].kind, BLOCK_PARAGRAPH);
        CHECK_INT(dt->blocks[6].quote, 1);
        CHECK_INT(dt->blocks[6].depth, 0);
        CHECK_INT(dt->blocks[6].span_count, 3);
        check_span(&dt->blocks[6], 0, 0, "a quote with ");
        check_span(&dt->blocks[6], 1, SPAN_BOLD, "strong");
        check_span(&dt->blocks[6], 2, 0, " text");
    }

    /* The translation rides on its page as texts[1]. */
    p = &c.pages[1];
    CHECK(p->image.path == NULL);
    CHECK(p->image.name == NULL);
    CHECK_INT(p->text_count, 2);
    if (p->text_count == 2) {
        CHECK_STR(p->texts[0].lang, "en");
        CHECK_STR(p->texts[0].title, "Bonding");
        CHECK_STR(p->texts[1].lang, "pl");
        CHECK_STR(p->texts[1].title, "Wi\xC4\x99\xC5\xBA");
        CHECK(ends_with(p->texts[1].file, "/pages/020-b.pl.md"));
        CHECK(p->texts[1].has_detail);
        CHECK_STR(plain(&p->texts[1].summary), "Kr\xC3\xB3tki tekst.");
        CHECK_STR(plain(&p->texts[1].detail), "D\xC5\x82u\xC5\xBCszy tekst.");
    }

    p = &c.pages[2];
    CHECK(ends_with(p->texts[0].file, "/pages/030 Positive Touch.md"));
    CHECK_STR(p->image.name, "images/touch.png");
    CHECK(p->image.path && ends_with(p->image.path, "/images/touch.png"));
    CHECK_INT(p->image.info.kind, IMAGE_PNG);
    CHECK_INT(p->image.info.width, 1);
    CHECK_INT(p->image.info.height, 1);
    CHECK_STR(plain(&p->texts[0].summary), "Gentle touch helps.");
out:
    content_release(&c);
    CHECK(c.pages == NULL && c.page_count == 0 && c.dir == NULL && c.title == NULL);
    diag_list_release(&d);
}

/* ---- 2. written on Windows (and a Mac) ---- */
static void test_windows(void) {
    char dir[1024];
    new_folder(dir, sizeof dir, "windows");
    fixture_put_text(dir, "content.ini", "\xEF\xBB\xBFTitle = Windows stick\r\nLanguage = en\r\n");
    fixture_put_text(dir, "pages/010-a.md",
             "\xEF\xBB\xBF---\r\n"           /* 1 */
             "Title: Photo page\r\n"         /* 2 */
             "image: photo.jpg\r\nalt: A test picture.\r\n"          /* 3 */
             "---\r\n"                       /* 4 */
             "A short text.\r\n"             /* 5 */
             "\r\n"
             "<!--more-->\r\n"
             "\r\n"
             "The long text.\r\n");
    fixture_put_text(dir, "pages/020-b.md",
             "---\r\nTITLE: Second\r\nCaption: Said on Windows\r\n---\r\nTwo.\r\n\r\n"
             "<!--more-->\r\n\r\nMore two.\r\n");
    /* Classic Mac line ends: CR alone. */
    fixture_put_text(dir, "pages/030-c.md",
             "---\rtitle: Old Mac\r---\rThree.\r\r<!--more-->\r\rMore three.\r");
    put_jpeg(dir, "images/PHOTO.JPG", 8, 8);

    /* What Windows and macOS leave behind. None of it is a page. */
    static const unsigned char junk[] = {0x00, 0x05, 0x16, 0x07, 0xFF, 0xFE, 0x00, 0x01};
    fixture_put(dir, "pages/Thumbs.db", junk, sizeof junk);
    fixture_put(dir, "pages/.DS_Store", junk, sizeof junk);
    fixture_put(dir, "pages/._010-a.md", junk, sizeof junk);
    fixture_put_text(dir, "pages/desktop.ini", "[.ShellClassInfo]\r\nIconResource=x\r\n");
    fixture_put(dir, "pages/System Volume Information/IndexerVolumeGuid", junk, sizeof junk);
    make_dir(dir, "pages/$RECYCLE.BIN");
    fixture_put(dir, "images/Thumbs.db", junk, sizeof junk);
    fixture_put(dir, "images/.DS_Store", junk, sizeof junk);
    fixture_put(dir, "images/._PHOTO.JPG", junk, sizeof junk);
    fixture_put(dir, "System Volume Information/WPSettings.dat", junk, sizeof junk);
    fixture_put_text(dir, "desktop.ini", "[.ShellClassInfo]\r\n");

    content c;
    diag_list d;
    diag_list_init(&d);
    CHECK_INT(content_load(&c, dir, &d), 0);
    CHECK_INT(d.errors, 0);
    /* The one warning: the picture's name differs in case. */
    CHECK_INT(d.warnings, 1);
    WARNING_AT(&d, "/pages/010-a.md", 3,
               "image: \"photo.jpg\" is called \"PHOTO.JPG\" in the images folder; write it "
               "exactly");
    if (d.count != 1) dump_diags(&d);
    CHECK_STR(c.title, "Windows stick");
    CHECK_INT(c.page_count, 3);
    if (c.page_count == 3) {
        const content_page *p = &c.pages[0];
        CHECK_STR(p->id, "a");
        CHECK_STR(p->texts[0].title, "Photo page");
        CHECK(p->image.path && ends_with(p->image.path, "/images/PHOTO.JPG"));
        CHECK_INT(p->image.info.kind, IMAGE_JPEG);
        CHECK_INT(p->image.info.width, 8);
        CHECK_STR(plain(&p->texts[0].summary), "A short text.");
        CHECK_STR(plain(&p->texts[0].detail), "The long text.");
        CHECK_STR(c.pages[1].texts[0].title, "Second");
        CHECK_STR(c.pages[1].texts[0].caption, "Said on Windows");
        CHECK_STR(plain(&c.pages[1].texts[0].detail), "More two.");
        CHECK_STR(c.pages[2].texts[0].title, "Old Mac");
        CHECK_STR(plain(&c.pages[2].texts[0].summary), "Three.");
        CHECK_STR(plain(&c.pages[2].texts[0].detail), "More three.");
        CHECK(c.pages[2].texts[0].has_detail);
    }
    content_release(&c);
    diag_list_release(&d);
}

/* ---- 3. every error, each page left out, the good ones kept ---- */
static void test_errors(void) {
    char dir[1024], outside[PATH_MAX];
    new_folder(dir, sizeof dir, "errors");
    put_png(tmp_root, "outside.png", 1, 1);
    fixture_put_text(tmp_root, "outside.md", "---\ntitle: Outside\n---\nText.\n\n<!--more-->\n\nMore.\n");
    put_png(dir, "secret.png", 1, 1);
    fixture_put_text(dir, "images/good.svg", svg_400x300);

    const char *more = "\n<!--more-->\n\nMore.\n";
    char page[512];
#define PAGE(name, front, body)                                          \
    do {                                                                 \
        snprintf(page, sizeof page, "---\n%s---\n%s%s", front, body, more); \
        fixture_put_text(dir, "pages/" name, page);                              \
    } while (0)

    PAGE("010-good.md", "title: Good\nimage: good.svg\nalt: A test picture.\n", "Text.\n");
    fixture_put_text(dir, "pages/020-utf8.md",
             "---\ntitle: Bad bytes\n---\nA fine line.\nCaf\xE9 au lait.\n" /* line 5 */
             "\n<!--more-->\n\nMore.\n");
    PAGE("030-missing.md", "title: Missing\nimage: nothere.png\nalt: A test picture.\n", "Text.\n");
    PAGE("040-titel.md", "caption: A caption\ntitel: Hello\n", "Text.\n");
    PAGE("050-empty-title.md", "title:\n", "Text.\n");
    fixture_put_text(dir, "pages/060-no-dashes.md", "title: No dashes\n\nText.\n");
    fixture_put_text(dir, "pages/070-unclosed.md", "---\ntitle: Unclosed\nimage: good.svg\n");
    PAGE("080-twice.md", "title: One\ntitle: Two\n", "Text.\n");
    PAGE("090-dotdot.md", "title: Up\nimage: ../secret.png\nalt: A test picture.\n", "Text.\n");
    PAGE("100-absolute.md", "title: Absolute\nimage: /tmp/outside.png\nalt: A test picture.\n", "Text.\n");
    PAGE("101-drive.md", "title: Drive\nimage: C:\\pics\\a.png\nalt: A test picture.\n", "Text.\n");
    PAGE("110-symlink.md", "title: Symlink\nimage: link.png\nalt: A test picture.\n", "Text.\n");
    snprintf(outside, sizeof outside, "%s/outside.png", tmp_root);
    char link_path[PATH_MAX];
    snprintf(link_path, sizeof link_path, "%s/images/link.png", dir);
    CHECK_INT(symlink(outside, link_path), 0);
    snprintf(outside, sizeof outside, "%s/outside.md", tmp_root);
    snprintf(link_path, sizeof link_path, "%s/pages/115-page-link.md", dir);
    CHECK_INT(symlink(outside, link_path), 0);
    /* 70 KB of good text. */
    size_t big_len = 70 * 1024;
    char *big = malloc(big_len);
    memset(big, 'a', big_len);
    memcpy(big, "---\ntitle: Big\n---\n", 19);
    for (size_t i = 100; i < big_len; i += 80) big[i] = '\n';
    fixture_put(dir, "pages/120-big.md", big, big_len);
    free(big);
    PAGE("130-huge.md", "title: Huge\nimage: huge.png\nalt: A test picture.\n", "Text.\n");
    put_png(dir, "images/huge.png", 30000, 30000);
    PAGE("140-heic.md", "title: iPhone\nimage: iphone.jpg\nalt: A test picture.\n", "Text.\n");
    static const unsigned char heic[] = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c',
                                         0, 0, 0, 0, 'm', 'i', 'f', '1', 'h', 'e', 'i', 'c'};
    fixture_put(dir, "images/iphone.jpg", heic, sizeof heic);
    PAGE("150-same.md", "title: Same one\n", "Text.\n");
    PAGE("160-same.md", "title: Same two\n", "Text.\n");
    PAGE("170-orphan.fr.md", "title: Orpheline\n", "Texte.\n");
    PAGE("180-own.md", "title: Own\n", "Text.\n");
    PAGE("180-own.en.md", "title: Own again\n", "Text.\n");
    static const char nul_page[] = "---\ntitle: NUL\n---\nA\0B\n"; /* NUL on line 4 */
    fixture_put(dir, "pages/190-nul.md", nul_page, sizeof nul_page - 1);
    PAGE("200-not-picture.md", "title: Notes\nimage: notes.txt\nalt: A test picture.\n", "Text.\n");
    char long_title[200];
    memset(long_title, 'T', 170);
    snprintf(long_title + 170, sizeof long_title - 170, "\n");
    char front[256];
    snprintf(front, sizeof front, "title: %s", long_title);
    PAGE("210-long-title.md", front, "Text.\n");
    PAGE("220-no-colon.md", "title: Colon\nimage good.svg\n", "Text.\n");
#undef PAGE

    content c;
    diag_list d;
    diag_list_init(&d);
    CHECK_INT(content_load(&c, dir, &d), 0);

    ERROR_AT(&d, "/pages/020-utf8.md", 5, "this line has characters that are not UTF-8");
    ERROR_AT(&d, "/pages/030-missing.md", 3,
             "image: \"nothere.png\" is not in the images folder");
    ERROR_AT(&d, "/pages/040-titel.md", 3, "unknown name \"titel\"; did you mean \"title\"?");
    ERROR_AT(&d, "/pages/040-titel.md", 1, "the page needs a title");
    ERROR_AT(&d, "/pages/050-empty-title.md", 2, "the page needs a title");
    ERROR_AT(&d, "/pages/060-no-dashes.md", 1, "a page must start with a line ---");
    ERROR_AT(&d, "/pages/070-unclosed.md", 3, "the top part is not closed");
    ERROR_AT(&d, "/pages/080-twice.md", 3, "\"title\" is given twice (first on line 2)");
    ERROR_AT(&d, "/pages/090-dotdot.md", 3,
             "image: \"../secret.png\" must be just a file name from the images folder");
    ERROR_AT(&d, "/pages/100-absolute.md", 3, "must be just a file name");
    ERROR_AT(&d, "/pages/101-drive.md", 3, "must be just a file name");
    ERROR_AT(&d, "/pages/110-symlink.md", 3, "images/link.png: it is a link (a shortcut), not the file itself");
    ERROR_AT(&d, "/pages/115-page-link.md", 0, "it is a link (a shortcut), not the file itself");
    ERROR_AT(&d, "/pages/120-big.md", 0, "the file is too big (more than 64 KB)");
    /* Picture problems are told against the page and its image: line. */
    ERROR_AT(&d, "/pages/130-huge.md", 3, "images/huge.png is 30000x30000 pixels, too big to show");
    ERROR_AT(&d, "/pages/140-heic.md", 3, "images/iphone.jpg: it is an iPhone photo in HEIC");
    ERROR_AT(&d, "/pages/160-same.md", 0, "the same name (\"same\") as");
    CHECK_INT(count_diags(&d, DIAG_ERROR, "/pages/160-same.md", 0, "/pages/150-same.md"), 1);
    ERROR_AT(&d, "/pages/170-orphan.fr.md", 0, "this translation has no page of its own");
    ERROR_AT(&d, "/pages/180-own.en.md", 0, "marked .en.md, the content's own language");
    ERROR_AT(&d, "/pages/190-nul.md", 4, "NUL byte");
    ERROR_AT(&d, "/pages/200-not-picture.md", 3, "is not a picture the kiosk can show");
    ERROR_AT(&d, "/pages/210-long-title.md", 2, "the title is too long (at most 160 bytes)");
    /* One error for a title that is too long, not a second "needs a title". */
    CHECK_INT(count_diags(&d, DIAG_ERROR, "/pages/210-long-title.md", -1, "needs a title"), 0);
    ERROR_AT(&d, "/pages/220-no-colon.md", 3, "expected \"name: value\"");
    CHECK_INT(d.errors, 23);
    /* Nothing is said about the good pages. */
    CHECK_INT(count_diags(&d, DIAG_ERROR, "/pages/010-good.md", -1, ""), 0);
    CHECK_INT(count_diags(&d, DIAG_WARNING, NULL, -1, ""), 0);

    /* Each broken page is left out; the good ones load. */
    CHECK_INT(c.page_count, 3);
    if (c.page_count == 3) {
        CHECK_STR(c.pages[0].id, "good");
        CHECK_STR(c.pages[1].id, "same");
        CHECK_STR(c.pages[1].texts[0].title, "Same one");
        CHECK_STR(c.pages[2].id, "own");
        CHECK_INT(c.pages[2].text_count, 1);
        CHECK(c.pages[0].image.path != NULL);
    }
    content_release(&c);
    diag_list_release(&d);
}

/* What staff bring from Word and iPhones, and a folder with far too many
 * pages. */
static void test_staff_habits(void) {
    char dir[1024];
    new_folder(dir, sizeof dir, "habits");
    /* A no-break space (pasted from Word) after "image:" and after the
     * name, a thin space and a byte order mark around the title. */
    fixture_put_text(dir, "pages/010-word.md",
             "---\ntitle:\xE2\x80\x89\xEF\xBB\xBF" "From Word\xC2\xA0\n"
             "image:\xC2\xA0welcome.png\xC2\xA0\xE3\x80\x80\n---\nText.\n\n<!--more-->\n\nMore.\n");
    put_png(dir, "images/welcome.png", 400, 300);
    fixture_put_text(dir, "pages/020-iphone.md",
             "---\ntitle: iPhone\nimage: IMG_0001.HEIC\nalt: A test picture.\n---\nText.\n\n<!--more-->\n\nMore.\n");
    fixture_put(dir, "images/IMG_0001.HEIC", "x", 1);
    diag_list d;
    diag_list_init(&d);
    content c;
    content_load(&c, dir, &d);
    const content_page *p = find_page(&c, "word");
    CHECK(p != NULL);
    if (p) {
        CHECK_STR(p->texts[0].title, "From Word");
        CHECK(p->image.path != NULL && ends_with(p->image.path, "/images/welcome.png"));
    }
    ERROR_AT(&d, "/pages/020-iphone.md", 3, "Settings > Camera > Formats > Most Compatible");
    CHECK_INT(count_diags(&d, DIAG_ERROR, NULL, -1, "not a picture the kiosk can show"), 0);
    content_release(&c);
    diag_list_release(&d);

    /* 230 pages: one error that says how many are left out, not 30. */
    char many[1024];
    new_folder(many, sizeof many, "many");
    for (int i = 0; i < CONTENT_MAX_PAGES + 30; i++) {
        char name[64];
        snprintf(name, sizeof name, "pages/%03d-page%03d.md", i, i);
        fixture_put_text(many, name, "---\ntitle: A page\n---\nText.\n\n<!--more-->\n\nMore.\n");
    }
    diag_list_init(&d);
    content_load(&c, many, &d);
    CHECK_INT(c.page_count, CONTENT_MAX_PAGES);
    ERROR_AT(&d, "/pages", 0, "so 30 pages from 200-page200.md on (in name order) are left out");
    CHECK_INT(d.errors, 1);
    content_release(&c);
    diag_list_release(&d);
}

/* ---- 4. nothing to show ---- */
static void test_empty(void) {
    char dir[1024];
    content c;
    diag_list d;

    new_folder(dir, sizeof dir, "empty");
    make_dir(dir, "pages");
    diag_list_init(&d);
    CHECK_INT(content_load(&c, dir, &d), 0);
    CHECK_INT(c.page_count, 0);
    ERROR_AT(&d, "/empty/pages", 0, "no page can be shown: the kiosk will show \"Back soon\"");
    CHECK_INT(d.errors, 1);
    CHECK_STR(c.lang, "en");
    CHECK(c.title == NULL);
    CHECK_INT(c.seconds_per_page, 0);
    content_release(&c);
    diag_list_release(&d);

    new_folder(dir, sizeof dir, "nopages");
    fixture_put_text(dir, "content.ini", "title = Nothing here\n");
    diag_list_init(&d);
    CHECK_INT(content_load(&c, dir, &d), 0);
    CHECK_INT(c.page_count, 0);
    ERROR_AT(&d, "/nopages", 0, "there is no pages folder");
    CHECK_INT(count_diags(&d, DIAG_ERROR, NULL, 0, "Back soon"), 1);
    CHECK_STR(c.title, "Nothing here");
    content_release(&c);
    diag_list_release(&d);

    snprintf(dir, sizeof dir, "%s/no-such-folder", tmp_root);
    diag_list_init(&d);
    CHECK_INT(content_load(&c, dir, &d), -1);
    CHECK_INT(c.page_count, 0);
    ERROR_AT(&d, "/no-such-folder", 0, "does not exist");
    content_release(&c);
    diag_list_release(&d);

    /* A file where the folder should be. */
    fixture_put_text(tmp_root, "a-file", "x");
    snprintf(dir, sizeof dir, "%s/a-file", tmp_root);
    diag_list_init(&d);
    CHECK_INT(content_load(&c, dir, &d), -1);
    content_release(&c);
    diag_list_release(&d);
}

/* Files that are not what they seem are refused unread, naming the file
 * and what to do: a folder that is a link, a named pipe (reading it would
 * wait for ever), a second name (hard link) of a file elsewhere. The
 * folder itself may be reached through a link: the kiosk's installed
 * content is, through DATA/content/current. */
static void on_hang(int sig) {
    (void)sig;
    static const char msg[] = "test_content: content_load hung on a named pipe (killed by the alarm)\n";
    ssize_t ignored = write(2, msg, sizeof msg - 1);
    (void)ignored;
    _exit(1);
}

static void test_not_plain_files(void) {
    char dir[1024], elsewhere[1024], p[1200], q[1200];
    content c;
    diag_list d;
    new_folder(dir, sizeof dir, "odd");
    new_folder(elsewhere, sizeof elsewhere, "odd-elsewhere");
    make_dir(dir, "pages");
    fixture_put_text(dir, "pages/010-good.md", "---\ntitle: Good\nimage: a.svg\nalt: A test picture.\n---\nShort.\n");
    fixture_put_text(elsewhere, "a.svg", svg_400x300);
    snprintf(p, sizeof p, "%s/images", dir);
    CHECK_INT(symlink(elsewhere, p), 0);
    snprintf(p, sizeof p, "%s/pages/020-pipe.md", dir);
    CHECK_INT(mkfifo(p, 0644), 0);
    fixture_put_text(elsewhere, "030-twice.md", "---\ntitle: Twice\n---\nShort.\n");
    snprintf(p, sizeof p, "%s/030-twice.md", elsewhere);
    snprintf(q, sizeof q, "%s/pages/030-twice.md", dir);
    CHECK_INT(link(p, q), 0);
    make_dir(dir, "pages/040-folder.md");
    diag_list_init(&d);
    CHECK_INT(content_load(&c, dir, &d), 0);
    ERROR_AT(&d, "/odd/images", 0, "it is a link (a shortcut) to another folder");
    ERROR_AT(&d, "/odd/pages/010-good.md", 3, "image: \"a.svg\" is not in the images folder");
    ERROR_AT(&d, "/odd/pages/020-pipe.md", 0, "it is a named pipe, not a file");
    ERROR_AT(&d, "/odd/pages/030-twice.md", 0, "it is a second name (a hard link) of another file");
    WARNING_AT(&d, "/odd/pages/040-folder.md", 0, "folders inside pages/ are ignored");
    CHECK_INT(c.page_count, 0);
    content_release(&c);
    diag_list_release(&d);

    /* content.ini a named pipe; pages/ a link to good pages elsewhere. */
    new_folder(dir, sizeof dir, "odd2");
    snprintf(p, sizeof p, "%s/content.ini", dir);
    CHECK_INT(mkfifo(p, 0644), 0);
    make_dir(elsewhere, "pages");
    fixture_put_text(elsewhere, "pages/010-fine.md", "---\ntitle: Fine\n---\nShort.\n");
    snprintf(p, sizeof p, "%s/pages", dir);
    snprintf(q, sizeof q, "%s/pages", elsewhere);
    CHECK_INT(symlink(q, p), 0);
    diag_list_init(&d);
    signal(SIGALRM, on_hang);
    alarm(30);
    CHECK_INT(content_load(&c, dir, &d), 0);
    alarm(0);
    ERROR_AT(&d, "/odd2/content.ini", 0, "it is a named pipe, not a file");
    ERROR_AT(&d, "/odd2/pages", 0, "it is a link (a shortcut) to another folder");
    CHECK_INT(c.page_count, 0);
    content_release(&c);
    diag_list_release(&d);

    /* The folder itself through a link: read as usual. */
    snprintf(p, sizeof p, "%s/odd-current", tmp_root);
    CHECK_INT(symlink(elsewhere, p), 0);
    diag_list_init(&d);
    CHECK_INT(content_load(&c, p, &d), 0);
    CHECK_INT(c.page_count, 1);
    CHECK_INT(d.errors, 0);
    content_release(&c);
    diag_list_release(&d);
}

/* ---- 5. warnings: the page still shows ---- */
static void test_warnings(void) {
    char dir[1024];
    new_folder(dir, sizeof dir, "warnings");
    fixture_put_text(dir, "pages/010-nomore.md", "---\ntitle: No more\n---\nJust a short text.\n");
    fixture_put_text(dir, "pages/010-nomore.pl.md",
             "---\ntitle: Bez\nimage: a.svg\nalt: A test picture.\n---\nKr\xC3\xB3tko.\n\n<!--more-->\n\nWi\xC4\x99" "cej.\n");
    char wordy[1024] = "---\ntitle: Wordy\n---\n";
    for (int i = 0; i < 60; i++) strcat(wordy, i % 10 == 9 ? "word\n" : "word ");
    strcat(wordy, "\n<!--more-->\n\nMore.\n");
    fixture_put_text(dir, "pages/020-wordy.md", wordy);
    fixture_put_text(dir, "pages/030-markup.md",
             "---\n"                                                 /* 1 */
             "title: Markup\n"                                       /* 2 */
             "---\n"                                                 /* 3 */
             "Short text with a [link](https://example.org) in it.\n" /* 4 */
             "\n"                                                    /* 5 */
             "<!--more-->\n"                                         /* 6 */
             "\n"                                                    /* 7 */
             "# A big heading\n"                                     /* 8 */
             "\n"                                                    /* 9 */
             "Some `code` here.\n"                                   /* 10 */
             "\n"                                                    /* 11 */
             "| a | b |\n"                                           /* 12 */
             "|---|---|\n"                                           /* 13 */
             "| 1 | 2 |\n");                                         /* 14 */
    fixture_put_text(dir, "pages/040-extras.md",
             "---\n"                                                                  /* 1 */
             "title: A title that goes on and on, far longer than sixty characters\n" /* 2 */
             "link: www.example.org/more\n"                                           /* 3 */
             "---\n"                                                                  /* 4 */
             "Short.\n"                                                               /* 5 */
             "\n"                                                                     /* 6 */
             "<!--more-->\n"                                                          /* 7 */
             "\n"                                                                     /* 8 */
             "More.\n"                                                                /* 9 */
             "\n"                                                                     /* 10 */
             "<!-- more -->\n");                                                      /* 11 */
    fixture_put_text(dir, "pages/045-nothing.md", "---\ntitle: Nothing after\n---\nShort.\n\n<!--more-->\n\n");
    fixture_put_text(dir, "pages/050-empty.md", "---\ntitle: Only a title\n---\n\n<!--more-->\n\nDetail.\n");
    fixture_put_text(dir, "pages/060-fake.md",
             "---\ntitle: Fake\nimage: fake.svg\nalt: A test picture.\n---\nText.\n\n<!--more-->\n\nMore.\n");
    put_png(dir, "images/fake.svg", 1, 1);
    fixture_put_text(dir, "images/unused.svg", svg_400x300);
    fixture_put_text(dir, "pages/notes.txt", "---\ntitle: Notes\n---\n");
    put_png(dir, "pages/photo.png", 1, 1);
    fixture_put_text(dir, "pages/README", "read me\n");
    fixture_put_text(dir, "pages/drafts/070-draft.md", "---\ntitle: Draft\n---\n");

    content c;
    diag_list d;
    diag_list_init(&d);
    CHECK_INT(content_load(&c, dir, &d), 0);
    CHECK_INT(d.errors, 0);
    WARNING_AT(&d, "/pages/010-nomore.md", 4, "no <!--more--> line: the page has no detail view");
    WARNING_AT(&d, "/pages/010-nomore.pl.md", 3, "a translation uses its page's picture");
    WARNING_AT(&d, "/pages/020-wordy.md", 4, "the short text has 60 words");
    WARNING_AT(&d, "/pages/030-markup.md", 4, "a link is not supported on the kiosk");
    WARNING_AT(&d, "/pages/030-markup.md", 8, "a # heading (use ## for headings) is not supported");
    WARNING_AT(&d, "/pages/030-markup.md", 10, "`code` is not supported on the kiosk");
    /* Fails until markdown.c turns on MD_FLAG_TABLES (see the report). */
    WARNING_AT(&d, "/pages/030-markup.md", 12, "a table is not supported on the kiosk");
    WARNING_AT(&d, "/pages/040-extras.md", 2, "the title is long");
    WARNING_AT(&d, "/pages/040-extras.md", 3,
               "link: \"www.example.org/more\" is not a web address: a phone opens a QR code's "
               "address only when it starts with https://");
    WARNING_AT(&d, "/pages/040-extras.md", 11, "a second <!--more--> line");
    WARNING_AT(&d, "/pages/045-nothing.md", 6, "nothing after <!--more-->");
    WARNING_AT(&d, "/pages/050-empty.md", 4, "the page has no short text");
    WARNING_AT(&d, "/pages/060-fake.md", 3, "images/fake.svg is really a PNG picture; its name should end in .png");
    WARNING_AT(&d, "/images/unused.svg", 0, "this picture is not used by any page");
    WARNING_AT(&d, "/pages/notes.txt", 0, "not a page, so it is ignored (rename it to end in .md)");
    WARNING_AT(&d, "/pages/photo.png", 0, "not a page, so it is ignored (pictures go in images/)");
    WARNING_AT(&d, "/pages/README", 0, "not a page, so it is ignored");
    WARNING_AT(&d, "/pages/drafts", 0, "folders inside pages/ are ignored");
    CHECK_INT(d.warnings, 18); /* 17 until the table warning works */

    CHECK_INT(c.page_count, 7);
    const content_page *p = find_page(&c, "nomore");
    CHECK(p && !p->texts[0].has_detail && p->text_count == 2);
    p = find_page(&c, "markup");
    CHECK(p != NULL);
    if (p) {
        /* Unsupported markup keeps its text. */
        CHECK_STR(plain(&p->texts[0].summary), "Short text with a link in it.");
        const char *detail = plain(&p->texts[0].detail);
        CHECK(strstr(detail, "A big heading") != NULL);
        CHECK(strstr(detail, "Some code here.") != NULL);
    }
    p = find_page(&c, "extras");
    CHECK(p && p->texts[0].link && strcmp(p->texts[0].link, "www.example.org/more") == 0);
    /* The second <!--more--> line is not shown as text. */
    CHECK(p && !strstr(plain(&p->texts[0].detail), "more -->"));
    p = find_page(&c, "nothing");
    CHECK(p && !p->texts[0].has_detail);
    p = find_page(&c, "fake");
    CHECK(p && p->image.path && p->image.info.kind == IMAGE_PNG);
    content_release(&c);
    diag_list_release(&d);
}

/* ---- HTML: comments are staff notes (hidden), other HTML is shown and warned ---- */
static void test_html(void) {
    const char *text = "Before.\n\n<!-- a note for staff,\nover two lines -->\n\n"
                       "A <b>bold</b> word.\n";
    diag_list d;
    diag_list_init(&d);
    md_doc doc;
    CHECK_INT(markdown_parse(text, strlen(text), "pages/x.md", 5, &doc, &d), 0);
    char *p = markdown_plain_text(&doc);
    CHECK(p && !strstr(p, "note"));              /* the comment is not shown */
    CHECK(p && strstr(p, "A <b>bold</b> word.")); /* other HTML shows as written */
    CHECK_INT(d.warnings, 1);
    CHECK(d.count == 1 && strstr(d.items[0].message, "HTML is not supported") && d.items[0].line == 10);
    free(p);
    markdown_release(&doc);
    diag_list_release(&d);
}

/* ---- 6. page file names ---- */
static void check_name(int line, const char *file, int rc, const char *id, const char *lang,
                       const char *err_part) {
    char got_id[64] = "?", got_lang[CONTENT_LANG_MAX] = "?", err[256] = "";
    int got = content_page_name(file, got_id, sizeof got_id, got_lang, sizeof got_lang, err,
                                sizeof err);
    bool ok = got == rc && (rc != 0 || (strcmp(got_id, id) == 0 && strcmp(got_lang, lang) == 0)) &&
              (rc == 0 || strstr(err, err_part));
    if (!ok)
        fprintf(stderr, "line %d: content_page_name(\"%s\"): rc %d, id \"%s\", lang \"%s\", err \"%s\"\n",
                line, file, got, got_id, got_lang, err);
    CHECK(ok);
}

static void test_page_names(void) {
    check_name(__LINE__, "010-welcome.md", 0, "welcome", "", NULL);
    check_name(__LINE__, "020 Positive Touch.md", 0, "positive-touch", "", NULL);
    check_name(__LINE__, "020-positive-touch.pl.md", 0, "positive-touch", "pl", NULL);
    check_name(__LINE__, "030-touch.pt-br.md", 0, "touch", "pt-br", NULL);
    check_name(__LINE__, "040-x.zh-hant.md", 0, "x", "zh-hant", NULL);
    /* Language codes are two letters (and a region): three-letter words are
     * part of the name, so "dr.who" is a page, not a translation into "who". */
    check_name(__LINE__, "050-x.pol.md", 0, "x.pol", "", NULL);
    check_name(__LINE__, "050-dr.who.md", 0, "dr.who", "", NULL);
    check_name(__LINE__, "050-a.PL.md", 0, "a", "pl", NULL);
    check_name(__LINE__, "010_under_score.md", 0, "under-score", "", NULL);
    check_name(__LINE__, "010.Dots.md", 0, "dots", "", NULL);
    check_name(__LINE__, "010-Page.MD", 0, "page", "", NULL);
    check_name(__LINE__, "welcome.md", 0, "welcome", "", NULL);
    check_name(__LINE__, "a.md", 0, "a", "", NULL);
    /* Only a number: the number is the id. */
    check_name(__LINE__, "010.md", 0, "010", "", NULL);
    check_name(__LINE__, "010.pl.md", 0, "010", "pl", NULL);
    /* No separator after the number: the digits stay in the id. */
    check_name(__LINE__, "010welcome.md", 0, "010welcome", "", NULL);
    /* "world" is not a language code (2 or 3 letters), so it stays. */
    check_name(__LINE__, "hello.world.md", 0, "hello.world", "", NULL);
    check_name(__LINE__, "010-v1.2.md", 0, "v1.2", "", NULL);
    check_name(__LINE__, "010-a.pl.pl.md", 0, "a.pl", "pl", NULL);
    check_name(__LINE__, "010-\xC3\x9C" "ber.md", 0, "\xC3\x9C" "ber", "", NULL);

    check_name(__LINE__, "010-.md", -1, NULL, NULL, "needs a name after the number");
    check_name(__LINE__, "010-.pl.md", -1, NULL, NULL, "needs a name after the number");
    check_name(__LINE__, ".md", -1, NULL, NULL, "page files end in .md");
    check_name(__LINE__, "notes.txt", -1, NULL, NULL, "page files end in .md");
    check_name(__LINE__, "010-a.md.txt", -1, NULL, NULL, "end in .md");
    check_name(__LINE__, "", -1, NULL, NULL, "end in .md");
    check_name(__LINE__, "010-caf\xE9.md", -1, NULL, NULL, "not valid UTF-8");

    char id[4], lang[4], err[128];
    CHECK_INT(content_page_name("010-abcdef.md", id, sizeof id, lang, sizeof lang, err, sizeof err), -1);
    CHECK(strstr(err, "the file name is too long") != NULL);
    CHECK_INT(content_page_name("010-a.zh-hant.md", id, sizeof id, lang, sizeof lang, err, sizeof err), -1);
    CHECK(strstr(err, "the language code is too long") != NULL);
    CHECK_INT(content_page_name("010-abc.md", id, sizeof id, lang, sizeof lang, err, sizeof err), 0);
    CHECK_STR(id, "abc");
}

/* ---- the parsers on their own ---- */
static void test_parse_page(void) {
    diag_list d;
    content_page page;
    const char *text = "---\n"
                       "# a comment line\n"
                       "title: 'Quoted'\n"
                       "caption:   spaced out   \n"
                       "---   \n"
                       "Tom &amp; Jerry  \n"
                       "hop\n"
                       "\n"
                       "  <!-- MORE -->  \n"
                       "Detail.\n";
    size_t len = strlen(text);
    char *exact = malloc(len); /* not NUL-terminated: ASan sees overreads */
    memcpy(exact, text, len);
    diag_list_init(&d);
    CHECK_INT(content_parse_page("pages/010-fuzz.md", exact, len, "en", &page, &d), 0);
    CHECK_INT(d.errors, 0);
    CHECK_INT(d.warnings, 0);
    dump_diags(&d);
    CHECK_STR(page.id, "fuzz");
    CHECK_INT(page.text_count, 1);
    CHECK_STR(page.texts[0].lang, "en");
    CHECK_STR(page.texts[0].file, "pages/010-fuzz.md");
    CHECK_STR(page.texts[0].title, "Quoted");
    CHECK_STR(page.texts[0].caption, "spaced out");
    CHECK(page.image.name == NULL);
    CHECK(page.texts[0].has_detail);
    CHECK_STR(plain(&page.texts[0].summary), "Tom & Jerry\nhop");
    CHECK_STR(plain(&page.texts[0].detail), "Detail.");
    content_page_release(&page);
    CHECK(page.id == NULL && page.texts == NULL && page.text_count == 0);
    diag_list_release(&d);
    free(exact);

    /* The language comes from the name when it has one. */
    diag_list_init(&d);
    text = "---\ntitle: Cze\xC5\x9B\xC4\x87\n---\nTekst.\n\n<!--more-->\n\nWi\xC4\x99" "cej.\n";
    CHECK_INT(content_parse_page("pages/010-x.pl.md", text, strlen(text), "en", &page, &d), 0);
    CHECK_STR(page.texts[0].lang, "pl");
    CHECK_STR(page.id, "x");
    content_page_release(&page);
    diag_list_release(&d);

    /* Failures leave the page empty. */
    diag_list_init(&d);
    memset(&page, 0x5A, sizeof page);
    CHECK_INT(content_parse_page("pages/readme.txt", text, strlen(text), "en", &page, &d), -1);
    CHECK(page.id == NULL && page.texts == NULL && page.text_count == 0);
    ERROR_AT(&d, "pages/readme.txt", 0, "page files end in .md");
    diag_list_release(&d);

    diag_list_init(&d);
    CHECK_INT(content_parse_page("pages/010-x.md", "", 0, "en", &page, &d), -1);
    CHECK(page.id == NULL && page.texts == NULL);
    ERROR_AT(&d, "pages/010-x.md", 1, "a page must start with a line ---");
    diag_list_release(&d);

    size_t big_len = CONTENT_MAX_PAGE_BYTES + 1;
    char *big = malloc(big_len);
    memset(big, '\n', big_len);
    diag_list_init(&d);
    CHECK_INT(content_parse_page("pages/010-x.md", big, big_len, "en", &page, &d), -1);
    ERROR_AT(&d, "pages/010-x.md", 0, "the page is too big (more than 64 KB of text)");
    diag_list_release(&d);
    /* Exactly the limit is allowed in (then fails for its content). */
    diag_list_init(&d);
    CHECK_INT(content_parse_page("pages/010-x.md", big, big_len - 1, "en", &page, &d), -1);
    CHECK_INT(count_diags(&d, DIAG_ERROR, NULL, -1, "too big"), 0);
    diag_list_release(&d);
    free(big);

    /* A title of 160 bytes is fine, 161 is not. */
    char t160[300];
    memset(t160, 'x', sizeof t160);
    memcpy(t160, "---\ntitle: ", 11);
    memcpy(t160 + 11 + 160, "\n---\nText.\n<!--more-->\nMore.\n", 30);
    diag_list_init(&d);
    CHECK_INT(content_parse_page("pages/010-x.md", t160, strlen(t160), "en", &page, &d), 0);
    CHECK_INT(strlen(page.texts[0].title), 160);
    WARNING_AT(&d, "pages/010-x.md", 2, "the title is long");
    content_page_release(&page);
    diag_list_release(&d);
}

/* ---- translations awaiting a native speaker ---- */
static void test_needs_review(void) {
    char dir[1024];
    new_folder(dir, sizeof dir, "review");
    fixture_put_text(dir, "content.ini", "language = en\n");
    const char *body = "---\nShort.\n\n<!--more-->\n\nLonger.\n";
    char page[512];
    /* Accepted on a translation, in any capitals. */
    fixture_put_text(dir, "pages/010-a.md", "---\ntitle: A\n---\nShort.\n\n<!--more-->\n\nLonger.\n");
    fixture_put_text(dir, "pages/010-a.pl.md",
             "---\ntitle: A po polsku\ntranslation: needs review\nimage: b.svg\nalt: A test picture.\n---\nKr\xC3\xB3tko.\n\n"
             "<!--more-->\n\nD\xC5\x82u\xC5\xBC" "ej.\n");
    fixture_put_text(dir, "pages/010-a.ar.md",
             "---\ntitle: \xD8\xA3\nTranslation: Needs Review\n---\nShort.\n\n<!--more-->\n\n"
             "Longer.\n");
    fixture_put_text(dir, "pages/020-b.md",
             "---\ntitle: B\nimage: b.svg\nalt: A test picture.\n---\nShort.\n\n<!--more-->\n\nLonger.\n");
    snprintf(page, sizeof page, "---\ntitle: B pl\ntranslation: \"needs review\"\n%s", body);
    fixture_put_text(dir, "pages/020-b.pl.md", page);
    /* A translation already checked has no such line. Its title is 45
     * characters but 90 bytes of Arabic: not long. Its image: line names
     * its page's picture, so it is not ignored with a warning. */
    snprintf(page, sizeof page, "---\ntitle: %s\nimage: b.svg\nalt: A test picture.\n%s",
             "\xD8\xA8\xD8\xA8\xD8\xA8\xD8\xA8\xD8\xA8\xD8\xA8\xD8\xA8\xD8\xA8\xD8\xA8"
             "\xD8\xA8\xD8\xA8\xD8\xA8\xD8\xA8\xD8\xA8\xD8\xA8\xD8\xA8\xD8\xA8\xD8\xA8"
             "\xD8\xA8\xD8\xA8\xD8\xA8\xD8\xA8\xD8\xA8\xD8\xA8\xD8\xA8\xD8\xA8\xD8\xA8"
             "\xD8\xA8\xD8\xA8\xD8\xA8\xD8\xA8\xD8\xA8\xD8\xA8\xD8\xA8\xD8\xA8\xD8\xA8"
             "\xD8\xA8\xD8\xA8\xD8\xA8\xD8\xA8\xD8\xA8\xD8\xA8\xD8\xA8\xD8\xA8\xD8\xA8",
             body);
    fixture_put_text(dir, "pages/020-b.ar.md", page);
    fixture_put_text(dir, "images/b.svg", svg_400x300);
    /* Refused: on a page in the content's own language, or another value. */
    snprintf(page, sizeof page, "---\ntitle: C\ntranslation: needs review\n%s", body);
    fixture_put_text(dir, "pages/030-c.md", page);
    snprintf(page, sizeof page, "---\ntitle: B ro\ntranslation: done\n%s", body);
    fixture_put_text(dir, "pages/020-b.ro.md", page);
    snprintf(page, sizeof page, "---\ntitle: B bn\ntranslaton: needs review\n%s", body);
    fixture_put_text(dir, "pages/020-b.bn.md", page);

    content c;
    diag_list d;
    diag_list_init(&d);
    CHECK_INT(content_load(&c, dir, &d), 0);
    CHECK_INT(d.errors, 3);
    CHECK_INT(d.warnings, 1);
    CHECK_INT(d.notes, 0); /* loading says nothing about reviews */
    ERROR_AT(&d, "/pages/030-c.md", 3,
             "\"translation:\" is only for a translated page (named like 010-welcome.pl.md); "
             "this page is in the content's own language (en), so take the line out");
    ERROR_AT(&d, "/pages/020-b.ro.md", 3,
             "translation: \"done\" is not understood; write \"translation: needs review\"");
    ERROR_AT(&d, "/pages/020-b.bn.md", 3,
             "unknown name \"translaton\"; did you mean \"translation\"?");
    CHECK_INT(c.page_count, 2);
    WARNING_AT(&d, "/pages/010-a.pl.md", 4,
               "a translation uses its page's picture; its image: line is ignored");
    const content_page *a = find_page(&c, "a");
    const content_page *b = find_page(&c, "b");
    CHECK(a && a->text_count == 3);
    CHECK(b && b->text_count == 3);
    if (!a || a->text_count != 3 || !b || b->text_count != 3) goto out;
    CHECK_STR(a->texts[0].lang, "en");
    CHECK(!a->texts[0].needs_review);
    CHECK_STR(a->texts[1].lang, "ar");
    CHECK(a->texts[1].needs_review);
    CHECK_STR(a->texts[2].lang, "pl");
    CHECK(a->texts[2].needs_review);
    CHECK_STR(a->texts[2].title, "A po polsku");
    CHECK_STR(b->texts[1].lang, "ar");
    CHECK(!b->texts[1].needs_review);
    CHECK_STR(b->texts[2].lang, "pl");
    CHECK(b->texts[2].needs_review);

    /* What kiosk check adds: one note per language, counted apart. */
    CHECK_INT(content_note_reviews(&c, &d), 2);
    CHECK_INT(d.notes, 2);
    CHECK_INT(d.errors, 3);
    CHECK_INT(d.warnings, 1);
    EXPECT_DIAG(&d, DIAG_NOTE, "/review/pages", 0,
                "1 page in ar is a machine or non-native translation marked \"translation: "
                "needs review\"; have a native speaker check it, then remove that line");
    EXPECT_DIAG(&d, DIAG_NOTE, "/review/pages", 0,
                "2 pages in pl are machine or non-native translations marked \"translation: "
                "needs review\"; have a native speaker check them, then remove that line");
    char line[1400];
    diag_format(&d.items[d.count - 1], line, sizeof line);
    CHECK(strstr(line, "/review/pages: note: 2 pages in pl are") != NULL);
out:
    content_release(&c);
    diag_list_release(&d);

    /* A folder with nothing to review has no note. */
    new_folder(dir, sizeof dir, "reviewed");
    fixture_put_text(dir, "pages/010-a.md", "---\ntitle: A\n---\nShort.\n\n<!--more-->\n\nLonger.\n");
    fixture_put_text(dir, "pages/010-a.pl.md", "---\ntitle: A pl\n---\nShort.\n\n<!--more-->\n\nLonger.\n");
    diag_list_init(&d);
    CHECK_INT(content_load(&c, dir, &d), 0);
    CHECK_INT(content_note_reviews(&c, &d), 0);
    CHECK_INT(d.count, 0);
    content_release(&c);
    diag_list_release(&d);

    /* The parser alone: the file's language against the content's. */
    diag_list_init(&d);
    content_page pg;
    snprintf(page, sizeof page, "---\ntitle: X\ntranslation: needs review\n%s", body);
    CHECK_INT(content_parse_page("pages/010-x.ur.md", page, strlen(page), "en", &pg, &d), 0);
    CHECK_INT(d.errors, 0);
    CHECK(pg.text_count == 1 && pg.texts[0].needs_review);
    content_page_release(&pg);
    CHECK_INT(content_parse_page("pages/010-x.md", page, strlen(page), "ur", &pg, &d), -1);
    ERROR_AT(&d, "pages/010-x.md", 3, "this page is in the content's own language (ur)");
    diag_list_release(&d);
}

/* The languages families are offered: content.ini's order, and what
 * staff are told of a list that does not match the pages. */
static void test_languages(void) {
    char dir[PATH_MAX];
    new_folder(dir, sizeof dir, "languages");
    make_dir(dir, "pages");
    fixture_put_text(dir, "content.ini", "language = en\nlanguages = en, ar, de, pl\n");
    const char *langs[] = {"", ".pl", ".ar", ".ro"};
    for (int page = 1; page <= 2; page++)
        for (int i = 0; i < 4; i++) {
            if (page == 1 && strcmp(langs[i], ".ar") == 0) continue; /* no Arabic first page */
            char name[64], text[128];
            snprintf(name, sizeof name, "pages/0%d0-p%d%s.md", page, page, langs[i]);
            snprintf(text, sizeof text, "---\ntitle: Page %d%s\n---\nText.\n\n<!--more-->\n\nMore.\n",
                     page, langs[i]);
            fixture_put_text(dir, name, text);
        }
    content c;
    diag_list d;
    diag_list_init(&d);
    CHECK_INT(content_load(&c, dir, &d), 0);
    CHECK_INT(d.errors, 0);
    CHECK_INT(c.language_count, 3);
    CHECK_STR(c.languages[0], "en");
    CHECK_STR(c.languages[1], "ar");
    CHECK_STR(c.languages[2], "pl");
    WARNING_AT(&d, "content.ini", 2, "languages lists de, but no page is in de");
    WARNING_AT(&d, "content.ini", 2, "pages are translated into ro, but languages does not list it");
    WARNING_AT(&d, "pages/010-p1.md", 0, "the first page has no ar translation");
    EXPECT_DIAG(&d, DIAG_NOTE, "pages", 0, "1 of 2 pages are in ar");
    if (d.warnings != 3) dump_diags(&d);
    CHECK_INT(d.warnings, 3);
    /* The text in a language, or the content's own. */
    CHECK_STR(c.pages[0].texts[content_text_index(&c.pages[0], "pl")].title, "Page 1.pl");
    CHECK_STR(c.pages[0].texts[content_text_index(&c.pages[0], "ar")].title, "Page 1");
    CHECK_STR(c.pages[1].texts[content_text_index(&c.pages[1], "ar")].title, "Page 2.ar");
    content_release(&c);
    diag_list_release(&d);

    /* Without a list: the content's own first, then as first met. */
    fixture_put_text(dir, "content.ini", "language = en\n");
    diag_list_init(&d);
    CHECK_INT(content_load(&c, dir, &d), 0);
    CHECK_INT(c.language_count, 4);
    CHECK_STR(c.languages[0], "en");
    CHECK_INT(count_diags(&d, DIAG_WARNING, "content.ini", -1, "languages"), 0);
    content_release(&c);
    diag_list_release(&d);

    /* A bad code in the list names itself. */
    fixture_put_text(dir, "content.ini", "languages = en, polish!\n");
    diag_list_init(&d);
    CHECK_INT(content_load(&c, dir, &d), 0);
    ERROR_AT(&d, "content.ini", 1, "languages must be codes such as en, pl, ar");
    content_release(&c);
    diag_list_release(&d);
}

static void test_parse_ini(void) {
    content c;
    diag_list d;
    char ini[1024];
    char long_line[300];
    memset(long_line, 'x', sizeof long_line);
    memcpy(long_line, "title = ", 8);
    long_line[250] = '\0';
    snprintf(ini, sizeof ini,
             "title = T\n"               /* 1 */
             "language = English\n"      /* 2 */
             "seconds_per_page = 2\n"    /* 3 */
             "colour = red\n"            /* 4 */
             "not a setting\n"           /* 5 */
             "language = pt-br\n"        /* 6 */
             "%s\n"                      /* 7: too long */
             "seconds_per_page = 8s\n",  /* 8 */
             long_line);
    memset(&c, 0, sizeof c);
    snprintf(c.lang, sizeof c.lang, "en");
    diag_list_init(&d);
    content_parse_ini(&c, "content.ini", ini, strlen(ini), &d);
    ERROR_AT(&d, "content.ini", 2, "language must be a code such as en, pl or pt-br, not \"English\"");
    ERROR_AT(&d, "content.ini", 3, "seconds_per_page must be a whole number from 3 to 600, not \"2\"");
    ERROR_AT(&d, "content.ini", 4, "unknown setting \"colour\"");
    ERROR_AT(&d, "content.ini", 5, "this line is not a \"name = value\" setting");
    ERROR_AT(&d, "content.ini", 7, "this line is too long");
    ERROR_AT(&d, "content.ini", 7, "the title is too long"); /* inih saw 199 bytes of it */
    ERROR_AT(&d, "content.ini", 8, "not \"8s\"");
    CHECK_INT(d.errors, 7);
    CHECK_STR(c.title, "T");
    CHECK_STR(c.lang, "pt-br");
    CHECK_INT(c.seconds_per_page, 0);
    content_release(&c);
    diag_list_release(&d);

    /* A title over 160 bytes (but a line inih can hold). */
    char title[256];
    memset(title, 'y', sizeof title);
    memcpy(title, "title = ", 8);
    title[8 + 170] = '\0';
    memset(&c, 0, sizeof c);
    diag_list_init(&d);
    content_parse_ini(&c, "content.ini", title, strlen(title), &d);
    ERROR_AT(&d, "content.ini", 1, "the title is too long");
    CHECK(c.title == NULL);
    content_release(&c);
    diag_list_release(&d);

    /* Bad UTF-8 stops it all, with the line. */
    const char *bad = "title = Fine\nlanguage = en\ntitle = Caf\xE9\n";
    memset(&c, 0, sizeof c);
    diag_list_init(&d);
    content_parse_ini(&c, "content.ini", bad, strlen(bad), &d);
    ERROR_AT(&d, "content.ini", 3, "not UTF-8");
    CHECK(c.title == NULL);
    content_release(&c);
    diag_list_release(&d);

    /* An empty title means none. */
    memset(&c, 0, sizeof c);
    diag_list_init(&d);
    content_parse_ini(&c, "content.ini", "title =\n", 8, &d);
    CHECK_INT(d.count, 0);
    CHECK(c.title == NULL);
    content_release(&c);
    diag_list_release(&d);
}

/* link: in a page and in content.ini: checked for a QR code families can
 * scan, and which one a detail view shows (content_link). */
static void test_links(void) {
    content c;
    diag_list d;
    memset(&c, 0, sizeof c);
    diag_list_init(&d);
    const char *ini = "link = www.dorsetpip.org\n"          /* 1 */
                      "link = https://www.dorsetpip.org/\n"; /* 2: the last one counts */
    content_parse_ini(&c, "content.ini", ini, strlen(ini), &d);
    WARNING_AT(&d, "content.ini", 1, "link: \"www.dorsetpip.org\" is not a web address");
    CHECK_INT(d.warnings, 1);
    CHECK_INT(d.errors, 0);
    CHECK_STR(c.link, "https://www.dorsetpip.org/");

    char page[400];
    snprintf(page, sizeof page, "---\ntitle: T\nlink: https://example.org/%070d\n---\nShort.\n<!--more-->\nMore.\n", 0);
    content_page p, tr;
    CHECK_INT(content_parse_page("pages/010-a.md", page, strlen(page), "en", &p, &d), 0);
    WARNING_AT(&d, "pages/010-a.md", 3, "the address is 90 characters long");
    const char *spaced = "---\ntitle: T\nlink: https://example.org/a b\n---\nKrótko.\n<!--more-->\nWięcej.\n";
    CHECK_INT(content_parse_page("pages/010-a.pl.md", spaced, strlen(spaced), "en", &tr, &d), 0);
    WARNING_AT(&d, "pages/010-a.pl.md", 3, "the address has a space in it");
    CHECK_INT(d.warnings, 3);
    /* The text's own link, else its page's, else content.ini's. */
    CHECK_STR(content_link(&c, &tr, 0), "https://example.org/a b");
    CHECK_STR(content_link(&c, &p, 0), p.texts[0].link);
    free(tr.texts[0].link);
    tr.texts[0].link = NULL;
    content_text both[2] = {p.texts[0], tr.texts[0]};
    content_page two = p;
    two.texts = both;
    two.text_count = 2;
    CHECK_STR(content_link(&c, &two, 1), p.texts[0].link);
    free(p.texts[0].link);
    p.texts[0].link = NULL;
    CHECK_STR(content_link(&c, &p, 0), "https://www.dorsetpip.org/");
    content_release(&c);
    CHECK(content_link(&c, &p, 0) == NULL);
    content_page_release(&p);
    content_page_release(&tr);
    diag_list_release(&d);
}

/* show_from: and show_until: (showdates.h): read into the page, bad ones
 * refused with file, line and what to write; a translation's ignored. */
static void test_dates(void) {
    char dir[1024];
    new_folder(dir, sizeof dir, "dates");
    fixture_put_text(dir, "content.ini", "language = en\n");
    const char *body = "---\nShort.\n\n<!--more-->\n\nLonger.\n";
    char page[512];
    snprintf(page, sizeof page, "---\ntitle: Flu\nshow_from: 2026-12-10\nShow_Until: \"2027-01-31\"\n%s", body);
    fixture_put_text(dir, "pages/050-flu.md", page);
    snprintf(page, sizeof page, "---\ntitle: Grypa\nshow_from: 2026-12-01\nshow_until: 2026-13-01\n%s", body);
    fixture_put_text(dir, "pages/050-flu.pl.md", page);
    snprintf(page, sizeof page, "---\ntitle: Course\nshow_until: 2026-11-30\n%s", body);
    fixture_put_text(dir, "pages/060-course.md", page);
    snprintf(page, sizeof page, "---\ntitle: Always\n%s", body);
    fixture_put_text(dir, "pages/010-always.md", page);
    /* Refused: not dates, and an end before the start. */
    snprintf(page, sizeof page, "---\ntitle: Bad\nshow_from: 2026-13-01\n%s", body);
    fixture_put_text(dir, "pages/070-bad-month.md", page);
    snprintf(page, sizeof page, "---\ntitle: Bad\nshow_until: 31/12/2026\n%s", body);
    fixture_put_text(dir, "pages/080-bad-form.md", page);
    snprintf(page, sizeof page, "---\ntitle: Bad\n\nshow_from: 2026-12-10\nshow_until: 2026-12-01\n%s", body);
    fixture_put_text(dir, "pages/090-backwards.md", page);
    snprintf(page, sizeof page, "---\ntitle: Bad\nshow_from: 2026-02-29\n%s", body);
    fixture_put_text(dir, "pages/095-no-such-day.md", page);
    snprintf(page, sizeof page, "---\ntitle: Bad\nshow_form: 2026-12-01\n%s", body);
    fixture_put_text(dir, "pages/096-typo.md", page);

    content c;
    diag_list d;
    diag_list_init(&d);
    CHECK_INT(content_load(&c, dir, &d), 0);
    ERROR_AT(&d, "/pages/070-bad-month.md", 3,
             "show_from: 2026-13-01 is not a date: write YYYY-MM-DD, e.g. 2026-12-24");
    ERROR_AT(&d, "/pages/080-bad-form.md", 3,
             "show_until: 31/12/2026 is not a date: write YYYY-MM-DD, e.g. 2026-12-24");
    ERROR_AT(&d, "/pages/090-backwards.md", 5,
             "show_until: 2026-12-01 is before show_from: 2026-12-10 (line 4): the page would "
             "never show; write a show_until on or after 2026-12-10");
    ERROR_AT(&d, "/pages/095-no-such-day.md", 3,
             "show_from: 2026-02-29 is not a date: February 2026 has 28 days");
    ERROR_AT(&d, "/pages/096-typo.md", 3, "unknown name \"show_form\"; did you mean \"show_from\"?");
    /* The translation's own dates are not read (its bad one is no error). */
    WARNING_AT(&d, "/pages/050-flu.pl.md", 3,
               "a translation is shown on its page's days: this show_from: is ignored; take it "
               "out, and give the dates in 050-flu.md");
    WARNING_AT(&d, "/pages/050-flu.pl.md", 4,
               "a translation is shown on its page's days: this show_until: is ignored");
    CHECK_INT(d.errors, 5);
    WARNING_AT(&d, "/pages/010-always.md", 0, "the first page has no pl translation");
    CHECK_INT(d.warnings, 3);
    CHECK_INT(c.page_count, 3);
    const content_page *flu = find_page(&c, "flu"), *course = find_page(&c, "course"),
                       *always = find_page(&c, "always");
    CHECK(flu && course && always);
    if (flu && course && always) {
        char text[16];
        CHECK_INT(flu->text_count, 2);
        CHECK_INT(flu->show_from_line, 3);
        CHECK_INT(flu->show_until_line, 4);
        showdates_format(flu->show_from, text, sizeof text);
        CHECK_STR(text, "2026-12-10");
        showdates_format(flu->show_until, text, sizeof text);
        CHECK_STR(text, "2027-01-31");
        CHECK_INT(course->show_from_line, 0);
        CHECK_INT(course->show_until_line, 3);
        CHECK(!showdates_dated(always));
        int32_t dec1;
        char why[160];
        CHECK_INT(showdates_parse("2026-12-01", &dec1, why, sizeof why), 0);
        CHECK_INT(showdates_on(flu, dec1), SHOWDATES_WAITING);
        CHECK_INT(showdates_on(course, dec1), SHOWDATES_ENDED);
        CHECK_INT(showdates_on(always, dec1), SHOWDATES_LIVE);
        CHECK_INT(showdates_on(flu, dec1 + 9), SHOWDATES_LIVE);
    }
    content_release(&c);
    diag_list_release(&d);
}

/* Recordings staff made (sounds/NAME.wav): found, checked to be a WAV,
 * each text its own; what is wrong is said against the recording: line. */
static void test_recordings(void) {
    char dir[1024];
    new_folder(dir, sizeof dir, "recordings");
    /* The first bytes of a WAV: RIFF, a size, WAVE (that it plays is the
     * shell's to check: sound.h). */
    static const char wav[] = "RIFF\x24\0\0\0" "WAVEfmt ";
    fixture_put(dir, "sounds/hello.wav", wav, sizeof wav - 1);
    fixture_put(dir, "sounds/Witaj.wav", wav, sizeof wav - 1);
    fixture_put(dir, "sounds/memo.wav", "\0\0\0 ftypM4A ", 12);
    fixture_put(dir, "sounds/spare.wav", wav, sizeof wav - 1);
    fixture_put(dir, "sounds/.DS_Store", "x", 1);
    const char *more = "Text.\n\n<!--more-->\n\nMore.\n";
    char page[512];
#define PAGE(name, front)                                                      \
    do {                                                                       \
        snprintf(page, sizeof page, "---\n%s---\n%s", front, more);            \
        fixture_put_text(dir, "pages/" name, page);                           \
    } while (0)
    PAGE("010-hello.md", "title: Hello\nrecording: hello.wav\n");
    PAGE("010-hello.pl.md", "title: Witaj\nrecording: sounds/witaj.wav\n");
    PAGE("020-phone.md", "title: Phone\nrecording: memo.wav\n");
    PAGE("030-m4a.md", "title: M4A\nrecording: memo.m4a\n");
    PAGE("040-away.md", "title: Away\nrecording: ../hello.wav\n");
    PAGE("050-missing.md", "title: Missing\nrecording: bye.wav\n");
    PAGE("060-none.md", "title: None\n");
#undef PAGE
    content c;
    diag_list d;
    diag_list_init(&d);
    CHECK_INT(content_load(&c, dir, &d), 0);
    ERROR_AT(&d, "/pages/020-phone.md", 3, "sounds/memo.wav is not really a WAV recording");
    ERROR_AT(&d, "/pages/030-m4a.md", 3, "recording: \"memo.m4a\" is not a WAV file");
    ERROR_AT(&d, "/pages/040-away.md", 3, "must be just a file name from the sounds folder");
    ERROR_AT(&d, "/pages/050-missing.md", 3, "recording: \"bye.wav\" is not in the sounds folder");
    WARNING_AT(&d, "/pages/010-hello.pl.md", 3, "is called \"Witaj.wav\" in the sounds folder");
    WARNING_AT(&d, "/sounds/spare.wav", 0, "this recording is not played by any page");
    CHECK_INT(d.errors, 4);
    CHECK_INT(d.warnings, 2);   /* not .DS_Store */
    /* A bad recording is an error (nothing is installed), but the page
     * stays: it is read by espeak-ng instead. */
    CHECK_INT(c.page_count, 6);
    const content_page *hello = find_page(&c, "hello");
    CHECK(hello && hello->text_count == 2);
    if (hello && hello->text_count == 2) {
        CHECK(strstr(hello->texts[0].recording, "/sounds/hello.wav") != NULL);
        CHECK(strstr(hello->texts[1].recording, "/sounds/Witaj.wav") != NULL);
    }
    const content_page *phone = find_page(&c, "phone"), *none = find_page(&c, "none");
    CHECK(phone && phone->texts[0].recording_name && !phone->texts[0].recording);
    CHECK(none && !none->texts[0].recording && !none->texts[0].recording_name);
    content_release(&c);
    diag_list_release(&d);
}

int main(void) {
    test_html();
    test_links();
    const char *tmp = getenv("TMPDIR");
    snprintf(tmp_root, sizeof tmp_root, "%s/test_content_XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(tmp_root)) {
        perror("mkdtemp");
        return 1;
    }
    test_good();
    test_windows();
    test_errors();
    test_staff_habits();
    test_empty();
    test_not_plain_files();
    test_warnings();
    test_page_names();
    test_parse_page();
    test_parse_ini();
    test_languages();
    test_needs_review();
    test_dates();
    test_recordings();
    fixture_sh("rm -rf '%s'", tmp_root);
    struct stat st;
    CHECK(lstat(tmp_root, &st) != 0);
    return check_summary();
}
