/* readaloud.c - what is read aloud, and the speaker's state. See readaloud.h. */
#include "readaloud.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    char *s;
    size_t n, cap;
    bool failed;
} script;

static void put(script *o, const char *s, size_t n) {
    if (o->failed || o->n + n + 1 > READALOUD_MAX_BYTES) return;
    if (o->n + n + 1 > o->cap) {
        size_t cap = o->cap ? o->cap : 256;
        while (cap < o->n + n + 1) cap *= 2;
        char *p = realloc(o->s, cap);
        if (!p) { o->failed = true; return; }
        o->s = p;
        o->cap = cap;
    }
    memcpy(o->s + o->n, s, n);
    o->n += n;
    o->s[o->n] = '\0';
}

/* Does the text end as a sentence does ("." "!" "?" ":" ";" or the
 * Urdu, Arabic and Bengali marks)? */
static bool ends_sentence(const char *s, size_t n) {
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '"' || s[n - 1] == ')'))
        n--;
    if (n == 0) return true;
    if (strchr(".!?:;", s[n - 1])) return true;
    static const char *const marks[] = {"\xDB\x94" /* ۔ */, "\xD8\x9F" /* ؟ */,
                                        "\xE0\xA5\xA4" /* । */, "\xE2\x80\xA6" /* … */};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
        size_t l = strlen(marks[i]);
        if (n >= l && memcmp(s + n - l, marks[i], l) == 0) return true;
    }
    return false;
}

/* One block of speech: its text, ended as a sentence, then a new line. */
static void block(script *o, const char *text) {
    size_t n = strlen(text);
    if (n == 0) return;
    put(o, text, n);
    put(o, ends_sentence(text, n) ? "\n" : ".\n", ends_sentence(text, n) ? 1 : 2);
}

static void doc(script *o, const md_doc *d) {
    for (int b = 0; b < d->block_count; b++) {
        const md_block *blk = &d->blocks[b];
        size_t start = o->n;
        for (int i = 0; i < blk->span_count; i++) put(o, blk->spans[i].text, strlen(blk->spans[i].text));
        if (o->failed || o->n == start) continue;
        /* A hard line break reads as a space; the block ends as a sentence. */
        for (size_t i = start; i < o->n; i++)
            if (o->s[i] == '\n') o->s[i] = ' ';
        bool ended = ends_sentence(o->s + start, o->n - start);
        put(o, ended ? "\n" : ".\n", ended ? 1 : 2);
    }
}

char *readaloud_script(const content_page *page, int text_index, bool detail) {
    if (text_index < 0 || text_index >= page->text_count) text_index = 0;
    const content_text *t = &page->texts[text_index];
    script o = {0};
    put(&o, "", 0);
    block(&o, t->title);
    if (detail) {
        doc(&o, &t->detail);
    } else {
        doc(&o, &t->summary);
        if (page->image.path && t->alt) block(&o, t->alt);
    }
    if (o.failed) {
        free(o.s);
        return NULL;
    }
    return o.s;
}

void readaloud_tap(readaloud *r, int page, bool detail) {
    bool same = r->page == page && r->detail == detail;
    if (r->state == READALOUD_SPEAKING && same) {
        r->state = READALOUD_PAUSED;
    } else if (r->state == READALOUD_PAUSED && same) {
        r->state = READALOUD_SPEAKING;
    } else {              /* from the start: ended, or another view */
        r->state = READALOUD_SPEAKING;
        r->serial++;
        r->page = page;
        r->detail = detail;
    }
}

bool readaloud_stop(readaloud *r) {
    bool was = r->state != READALOUD_IDLE;
    r->state = READALOUD_IDLE;
    return was;
}

bool readaloud_ended(readaloud *r, unsigned serial) {
    if (serial != r->serial || r->state == READALOUD_IDLE) return false;
    r->state = READALOUD_IDLE;
    return true;
}

bool readaloud_active(const readaloud *r) { return r->state != READALOUD_IDLE; }
