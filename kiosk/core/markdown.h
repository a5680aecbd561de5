/* markdown.h - page text (Markdown, parsed by md4c) as a list of blocks of
 * styled spans, ready for layout. Pure C, no SDL.
 *
 * Supported: paragraphs, ## headings, bullet and numbered lists, bold,
 * italic, block quotes, hard line breaks. Anything else (links, images,
 * code, HTML, tables) keeps its text, is shown plain, and gets a warning. */
#ifndef KIOSK_MARKDOWN_H
#define KIOSK_MARKDOWN_H

#include <stddef.h>

#include "diag.h"

enum { SPAN_BOLD = 1, SPAN_ITALIC = 2 };

typedef struct {
    char *text;   /* UTF-8, owned; may contain '\n' for a hard break */
    int style;    /* SPAN_BOLD | SPAN_ITALIC */
} md_span;

typedef enum {
    BLOCK_PARAGRAPH,
    BLOCK_HEADING,
    BLOCK_BULLET,     /* first paragraph of a bullet item */
    BLOCK_NUMBERED,   /* first paragraph of a numbered item; see number */
    BLOCK_ITEM_MORE,  /* a further paragraph inside a list item */
} md_block_kind;

typedef struct {
    md_block_kind kind;
    int depth;        /* list nesting, 1 for a top-level item; 0 otherwise */
    int quote;        /* block-quote nesting, 0 when not quoted */
    int number;       /* BLOCK_NUMBERED */
    md_span *spans;
    int span_count;
} md_block;

typedef struct {
    md_block *blocks;
    int block_count;
} md_doc;

/* Parses text[0..len). first_line is the line of text[0] in file, for
 * warnings. Returns 0, or -1 when out of memory (diags says so). */
int markdown_parse(const char *text, size_t len, const char *file, int first_line,
                   md_doc *doc, diag_list *diags);
void markdown_release(md_doc *doc);

/* The doc's text with styles dropped, blocks separated by "\n". For tests
 * and for the page's plain text. Caller frees. */
char *markdown_plain_text(const md_doc *doc);

#endif
