/* bench_html.c - writes the HTML version of a content folder that the
 * benchmark shows in Chromium (benchmark helper, not a test).
 *
 * The folder is read with the kiosk's own loader (content_load, md4c
 * through markdown.c), so the browser gets exactly the pages, pictures,
 * titles, captions, credits and text the kiosk shows; slideshow.html is
 * the template for the look and the slideshow. Pure core: no SDL.
 *
 *   bench_html CONTENT_DIR OUT.html --template slideshow.html --seconds N
 *              [--transition-ms N] */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "markdown.h"

#define TEMPLATE_MAX (256 * 1024)
#define LIST_DEPTH_MAX 16

static void put_escaped(FILE *f, const char *s) {
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\n': fputs("<br>", f); break;
        default: fputc(*s, f);
        }
    }
}

/* file:// URL of a path: every byte but unreserved ones and '/' escaped. */
static void put_url(FILE *f, const char *path) {
    fputs("file://", f);
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p))
            fputc(*p, f);
        else
            fprintf(f, "%%%02X", *p);
    }
}

static void put_spans(FILE *f, const md_block *b) {
    for (int i = 0; i < b->span_count; i++) {
        const md_span *s = &b->spans[i];
        if (s->style & SPAN_BOLD) fputs("<strong>", f);
        if (s->style & SPAN_ITALIC) fputs("<em>", f);
        put_escaped(f, s->text);
        if (s->style & SPAN_ITALIC) fputs("</em>", f);
        if (s->style & SPAN_BOLD) fputs("</strong>", f);
    }
}

/* Open lists while writing a document: their kinds, and whether an item
 * is open at each level. */
typedef struct {
    char kind[LIST_DEPTH_MAX];  /* 'u' or 'o' */
    bool item_open[LIST_DEPTH_MAX];
    int depth;
    int quote;
} html_lists;

static void close_list(FILE *f, html_lists *l) {
    l->depth--;
    if (l->item_open[l->depth]) fputs("</li>", f);
    fputs(l->kind[l->depth] == 'o' ? "</ol>\n" : "</ul>\n", f);
}

static void put_doc(FILE *f, const md_doc *doc) {
    html_lists l = {0};
    for (int i = 0; i < doc->block_count; i++) {
        const md_block *b = &doc->blocks[i];
        bool item = b->kind == BLOCK_BULLET || b->kind == BLOCK_NUMBERED;
        int depth = item || b->kind == BLOCK_ITEM_MORE ? b->depth : 0;
        if (depth > LIST_DEPTH_MAX) depth = LIST_DEPTH_MAX;
        if (b->quote != l.quote) {
            while (l.depth > 0) close_list(f, &l);
            for (; l.quote < b->quote; l.quote++) fputs("<blockquote>", f);
            for (; l.quote > b->quote; l.quote--) fputs("</blockquote>\n", f);
        }
        char kind = b->kind == BLOCK_NUMBERED ? 'o' : 'u';
        while (l.depth > depth || (item && l.depth == depth && l.depth > 0 &&
                                   l.kind[l.depth - 1] != kind))
            close_list(f, &l);
        if (item) {
            while (l.depth < depth) {
                l.kind[l.depth] = kind;
                l.item_open[l.depth] = false;
                if (kind == 'o') fprintf(f, "<ol start=\"%d\">", b->number > 0 ? b->number : 1);
                else fputs("<ul>", f);
                l.depth++;
            }
            if (l.item_open[l.depth - 1]) fputs("</li>\n", f);
            fputs("<li>", f);
            l.item_open[l.depth - 1] = true;
            put_spans(f, b);
        } else if (b->kind == BLOCK_HEADING) {
            fputs("<h2>", f);
            put_spans(f, b);
            fputs("</h2>\n", f);
        } else {
            fputs("<p>", f);
            put_spans(f, b);
            fputs("</p>\n", f);
        }
    }
    while (l.depth > 0) close_list(f, &l);
    for (; l.quote > 0; l.quote--) fputs("</blockquote>\n", f);
}

static void put_picture(FILE *f, const content_page *p) {
    if (!p->image.path) return;
    char full[PATH_MAX];
    fputs("<img src=\"", f);
    put_url(f, realpath(p->image.path, full) ? full : p->image.path);
    fputs("\" alt=\"\" loading=\"lazy\" decoding=\"async\">", f);
}

static void put_pages(FILE *f, const content *c) {
    for (int i = 0; i < c->page_count; i++) {
        const content_page *p = &c->pages[i];
        const content_text *t = &p->texts[0];
        fputs("<section class=\"page\" id=\"", f);
        put_escaped(f, p->id);
        fputs("\">\n<figure>", f);
        put_picture(f, p);
        if (t->caption) {
            fputs("<figcaption>", f);
            put_escaped(f, t->caption);
            fputs("</figcaption>", f);
        }
        fputs("</figure>\n<div class=\"text\"><h1>", f);
        put_escaped(f, t->title);
        fputs("</h1>\n<div class=\"summary\">", f);
        put_doc(f, &t->summary);
        fputs("</div>\n", f);
        if (t->credit) {
            fputs("<p class=\"credit\">", f);
            put_escaped(f, t->credit);
            fputs("</p>\n", f);
        }
        if (t->has_detail) fputs("<button class=\"more\">Tap to read more &rarr;</button>", f);
        fputs("</div>\n", f);
        if (t->has_detail) {
            fputs("<article class=\"detail\"><header><button class=\"back\">&larr; Back</button><h1>",
                  f);
            put_escaped(f, t->title);
            fputs("</h1></header>\n<div class=\"body\">", f);
            put_picture(f, p);
            put_doc(f, &t->detail);
            fputs("</div></article>\n", f);
        }
        fputs("</section>\n", f);
    }
}

static char *read_template(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *text = malloc(TEMPLATE_MAX + 1);
    size_t n = text ? fread(text, 1, TEMPLATE_MAX + 1, f) : 0;
    fclose(f);
    if (!text || n > TEMPLATE_MAX) {
        free(text);
        errno = EFBIG;
        return NULL;
    }
    text[n] = '\0';
    return text;
}

int main(int argc, char **argv) {
    if (argc < 3 || argv[1][0] == '-' || argv[2][0] == '-') {
        fprintf(stderr, "usage: bench_html CONTENT_DIR OUT.html --template FILE --seconds N "
                        "[--transition-ms N]\n");
        return 2;
    }
    const char *template_path = NULL;
    int seconds = 0, transition_ms = 350;
    for (int i = 3; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--template") == 0) template_path = argv[i + 1];
        else if (strcmp(argv[i], "--seconds") == 0) seconds = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--transition-ms") == 0) transition_ms = atoi(argv[i + 1]);
        else {
            fprintf(stderr, "bench_html: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    if (!template_path || seconds < 1 || transition_ms < 0) {
        fprintf(stderr, "bench_html: --template and --seconds (1 or more) are needed\n");
        return 2;
    }
    char *template_text = read_template(template_path);
    if (!template_text) {
        fprintf(stderr, "bench_html: %s: %s\n", template_path, strerror(errno));
        return 1;
    }
    content c;
    diag_list d;
    diag_list_init(&d);
    content_load(&c, argv[1], &d);
    diag_list_print(&d, stderr, "bench_html: ");
    diag_list_release(&d);
    int rc = 1;
    FILE *f = NULL;
    if (c.page_count == 0) {
        fprintf(stderr, "bench_html: %s has no page to show\n", argv[1]);
        goto out;
    }
    f = fopen(argv[2], "w");
    if (!f) {
        fprintf(stderr, "bench_html: %s: %s\n", argv[2], strerror(errno));
        goto out;
    }
    /* Copy the template, filling in {{NAME}}. */
    for (const char *p = template_text; *p;) {
        const char *open = strstr(p, "{{");
        const char *close = open ? strstr(open, "}}") : NULL;
        if (!close) {
            fputs(p, f);
            break;
        }
        fwrite(p, 1, (size_t)(open - p), f);
        size_t len = (size_t)(close - open - 2);
        const char *name = open + 2;
        if (len == 4 && strncmp(name, "LANG", 4) == 0) put_escaped(f, c.lang);
        else if (len == 5 && strncmp(name, "TITLE", 5) == 0) put_escaped(f, c.title ? c.title : "");
        else if (len == 5 && strncmp(name, "PAGES", 5) == 0) put_pages(f, &c);
        else if (len == 7 && strncmp(name, "SECONDS", 7) == 0) fprintf(f, "%d", seconds);
        else if (len == 13 && strncmp(name, "TRANSITION_MS", 13) == 0) fprintf(f, "%d", transition_ms);
        else {
            fprintf(stderr, "bench_html: %s: unknown {{%.*s}}\n", template_path, (int)len, name);
            goto out;
        }
        p = close + 2;
    }
    if (fclose(f) != 0) {
        f = NULL;
        fprintf(stderr, "bench_html: %s: %s\n", argv[2], strerror(errno));
        goto out;
    }
    f = NULL;
    printf("bench_html: %d pages from %s in %s\n", c.page_count, argv[1], argv[2]);
    rc = 0;
out:
    if (f) fclose(f);
    content_release(&c);
    free(template_text);
    return rc;
}
