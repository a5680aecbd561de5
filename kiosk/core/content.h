/* content.h - a content folder: pages (Markdown with front matter),
 * pictures and content.ini, loaded and checked by one piece of code, so
 * that `kiosk check` and the kiosk agree on every page. Pure C, no SDL.
 *
 *   kiosk-content/
 *     content.ini              title, language, languages, seconds_per_page, link (optional)
 *     pages/010-welcome.md     one page per file, shown in file-name order
 *     pages/010-welcome.pl.md  a translation of that page
 *     images/welcome.svg       pictures: SVG, PNG, JPEG
 *     sounds/welcome.wav       recordings (WAV) that a page's speaker plays
 *
 * A translation may say "translation: needs review" in its top part: a
 * machine or non-native translation that a native speaker has not yet
 * checked. `kiosk check` lists those as notes (content_note_reviews).
 *
 * A page may say "show_from: 2026-12-10" and "show_until: 2027-01-31":
 * the kiosk shows it on those days only (showdates.h).
 *
 * A page with an error is left out (and reported); the other pages load.
 * The content struct owns everything in it; content_release() frees it. */
#ifndef KIOSK_CONTENT_H
#define KIOSK_CONTENT_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "imageinfo.h"
#include "markdown.h"

/* Hard limits on what a content folder may hold. */
#define CONTENT_MAX_PAGES 200
#define CONTENT_MAX_PAGE_BYTES (64 * 1024)
#define CONTENT_MAX_INI_BYTES (16 * 1024)
#define CONTENT_MAX_IMAGE_BYTES (25 * 1024 * 1024)
#define CONTENT_MAX_SVG_BYTES (1024 * 1024)
/* A recording: 16 MB is 6 minutes of 22 kHz mono WAV, 90 s of CD stereo. */
#define CONTENT_MAX_SOUND_BYTES (16 * 1024 * 1024)
#define CONTENT_MAX_IMAGE_SIDE 8192
#define CONTENT_MAX_IMAGE_PIXELS (40 * 1000 * 1000)
#define CONTENT_MAX_TITLE_BYTES 160
#define CONTENT_MAX_FIELD_BYTES 400
#define CONTENT_LANG_MAX 12
#define CONTENT_MAX_LANGS 24    /* languages offered to families */

typedef struct {
    char lang[CONTENT_LANG_MAX]; /* "en", "pl", ... */
    char *file;          /* path shown in messages, e.g. content/pages/010-a.md */
    char *title;         /* never empty */
    int title_line;      /* its line in the file */
    char *caption;       /* may be NULL */
    char *credit;        /* may be NULL */
    char *link;          /* may be NULL: the page's web address (content_link) */
    char *alt;           /* the picture described in words, read aloud; may be NULL */
    char *recording_name;   /* "recording:" as written, e.g. welcome.wav; may be NULL */
    char *recording;        /* full path of that WAV in sounds/, once found and checked;
                               the page view's speaker plays it instead of reading the
                               words (the longer text is still read); may be NULL */
    int recording_line;
    md_doc summary;      /* the short text on the page */
    md_doc detail;       /* the text after <!--more--> */
    bool has_detail;
    bool needs_review;   /* a translation marked "translation: needs review" */
} content_text;

typedef struct {
    char *path;          /* full path of the picture file */
    char *name;          /* as written in the page, e.g. baby-asleep.svg */
    int line;            /* line of the image: entry in the page file */
    image_info info;
} content_image;

typedef struct {
    char *id;            /* file name without order number, language, .md */
    content_image image; /* image.path NULL when the page has no picture */
    content_text *texts; /* [0] is the content's default language */
    int text_count;
    /* show_from: and show_until: (showdates.h), the first and the last day
     * the page is shown, as days since 1970-01-01; each only when its line
     * (in texts[0].file) is not 0. A translation follows its page's dates. */
    int32_t show_from, show_until;
    int show_from_line, show_until_line;
} content_page;

typedef struct {
    char *dir;
    char *title;         /* collection title; may be NULL */
    char lang[CONTENT_LANG_MAX];
    int seconds_per_page;   /* 0 when content.ini does not say */
    char *link;             /* content.ini's link: the clinic's web address, shown
                               on every detail view whose page has none; may be NULL */
    /* The languages families may choose, in the order offered: the
     * content's own first, then content.ini's "languages" list, or, when
     * it has none, every language a page is translated into, in the
     * order first met. Only languages with at least one page. */
    char languages[CONTENT_MAX_LANGS][CONTENT_LANG_MAX];
    int language_count;
    char ini_languages[CONTENT_MAX_LANGS][CONTENT_LANG_MAX]; /* as content.ini lists them */
    int ini_language_count;
    int ini_languages_line;
    content_page *pages;
    int page_count;
} content;

/* Loads the folder. Every problem goes to diags with file and line.
 * Returns 0 when it could read the folder at all (page_count may still be
 * 0), or -1 when the folder itself is missing or unreadable. */
int content_load(content *c, const char *dir, diag_list *diags);
void content_release(content *c);

/* Parses one page file's bytes (used by content_load and the fuzzer).
 * file is the name for messages and for the page id; lang_default the
 * content's language. On success fills page (with one text) and returns
 * 0; on an error returns -1 and page is empty. Pictures are not checked
 * here (see content_load). */
int content_parse_page(const char *file, const char *bytes, size_t len, const char *lang_default,
                       content_page *page, diag_list *diags);
void content_page_release(content_page *page);

/* The index in page->texts of the text in lang, or 0 (the content's own
 * language) when the page has no such translation. */
int content_text_index(const content_page *page, const char *lang);

/* How many of c's pages have a text in lang. */
int content_pages_in(const content *c, const char *lang);

/* The web address a detail view offers families to take home (a QR
 * code): the text's own link:, else its page's (the text in the
 * content's own language), else content.ini's; NULL when none. */
const char *content_link(const content *c, const content_page *page, int text_index);

/* The value of the top-part line "translation:" (the only one allowed). */
#define CONTENT_NEEDS_REVIEW "needs review"

/* Adds one DIAG_NOTE per language whose translations are marked
 * "translation: needs review", against the pages folder, saying how many
 * pages and what to do. Returns the number of notes added. */
int content_note_reviews(const content *c, diag_list *diags);

/* Parses content.ini bytes into c (title, lang, languages, seconds_per_page, link). */
void content_parse_ini(content *c, const char *file, const char *bytes, size_t len,
                       diag_list *diags);

/* True for what Windows and macOS leave on sticks (Thumbs.db, .DS_Store,
 * ._*, desktop.ini, System Volume Information, ...): never content. */
bool content_is_clutter(const char *name);

/* Splits a page file name: "020-positive-touch.pl.md" -> id
 * "positive-touch", lang "pl". Returns -1 (with a reason) when the name
 * is not a page name. */
int content_page_name(const char *filename, char *id, size_t idsize, char *lang, size_t langsize,
                      char *err, size_t errsize);

#endif
