/* markdown.c - md4c callbacks that build md_doc. See markdown.h. */
#define _GNU_SOURCE /* memmem */
#include "markdown.h"

#include <md4c.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    md_doc *doc;
    diag_list *diags;
    const char *file;
    const char *text;      /* start of the parsed text, for line numbers */
    size_t len;
    int first_line;
    int style_depth[3];    /* nesting counts: [1] bold, [2] italic */
    int quote;
    int list_depth;
    int list_ordered[16];
    int list_next_number[16];
    bool item_open;        /* a list item's first paragraph is still to come */
    bool in_block;         /* a block is collecting spans */
    const char *warn_pending; /* warning text waiting for a position */
    bool oom;
    bool in_comment;       /* inside <!-- ... --> */
    bool warned_html;
    int line_guess;        /* last line we saw text on */
} builder;

static int line_of(builder *b, const char *p) {
    if (p < b->text || p > b->text + b->len) return b->line_guess;
    int line = b->first_line;
    for (const char *q = b->text; q < p; q++)
        if (*q == '\n') line++;
    b->line_guess = line;
    return line;
}

static md_block *current(builder *b) {
    return b->in_block ? &b->doc->blocks[b->doc->block_count - 1] : NULL;
}

static void open_block(builder *b, md_block_kind kind) {
    md_doc *d = b->doc;
    md_block *blocks = realloc(d->blocks, (size_t)(d->block_count + 1) * sizeof *blocks);
    if (!blocks) { b->oom = true; return; }
    d->blocks = blocks;
    md_block *blk = &blocks[d->block_count++];
    memset(blk, 0, sizeof *blk);
    blk->kind = kind;
    blk->quote = b->quote;
    blk->depth = b->list_depth;
    b->in_block = true;
}

static int current_style(builder *b) {
    return (b->style_depth[1] ? SPAN_BOLD : 0) | (b->style_depth[2] ? SPAN_ITALIC : 0);
}

static void add_text(builder *b, const char *text, size_t size) {
    md_block *blk = current(b);
    if (!blk) {
        /* Text outside a block (inside a list item with no paragraph). */
        open_block(b, BLOCK_PARAGRAPH);
        blk = current(b);
        if (!blk) return;
    }
    int style = current_style(b);
    md_span *last = blk->span_count ? &blk->spans[blk->span_count - 1] : NULL;
    if (last && last->style == style) {
        size_t old = strlen(last->text);
        char *t = realloc(last->text, old + size + 1);
        if (!t) { b->oom = true; return; }
        memcpy(t + old, text, size);
        t[old + size] = '\0';
        last->text = t;
        return;
    }
    md_span *spans = realloc(blk->spans, (size_t)(blk->span_count + 1) * sizeof *spans);
    if (!spans) { b->oom = true; return; }
    blk->spans = spans;
    char *t = malloc(size + 1);
    if (!t) { b->oom = true; return; }
    memcpy(t, text, size);
    t[size] = '\0';
    spans[blk->span_count].text = t;
    spans[blk->span_count].style = style;
    blk->span_count++;
}

static void warn(builder *b, const char *what) {
    if (!b->warn_pending) b->warn_pending = what;
}

static void flush_warning(builder *b, const char *where) {
    if (!b->warn_pending) return;
    diag_add(b->diags, DIAG_WARNING, b->file, line_of(b, where),
             "%s is not supported on the kiosk; it is shown as plain text", b->warn_pending);
    b->warn_pending = NULL;
}

static int enter_block(MD_BLOCKTYPE type, void *detail, void *user) {
    builder *b = user;
    switch (type) {
    case MD_BLOCK_DOC: break;
    case MD_BLOCK_QUOTE: b->quote++; break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        if (b->list_depth < 15) {
            b->list_depth++;
            b->list_ordered[b->list_depth] = type == MD_BLOCK_OL;
            b->list_next_number[b->list_depth] =
                type == MD_BLOCK_OL ? (int)((MD_BLOCK_OL_DETAIL *)detail)->start : 0;
        }
        b->in_block = false;
        break;
    case MD_BLOCK_LI:
        b->item_open = true;
        b->in_block = false;
        break;
    case MD_BLOCK_H: {
        unsigned level = ((MD_BLOCK_H_DETAIL *)detail)->level;
        if (level != 2) warn(b, level == 1 ? "a # heading (use ## for headings)"
                                           : "a heading deeper than ##");
        open_block(b, BLOCK_HEADING);
        break;
    }
    case MD_BLOCK_P:
        if (b->item_open) {
            bool ordered = b->list_ordered[b->list_depth];
            open_block(b, ordered ? BLOCK_NUMBERED : BLOCK_BULLET);
            if (current(b)) current(b)->number = b->list_next_number[b->list_depth]++;
            b->item_open = false;
        } else {
            open_block(b, b->list_depth ? BLOCK_ITEM_MORE : BLOCK_PARAGRAPH);
        }
        break;
    case MD_BLOCK_CODE: warn(b, "a code block"); open_block(b, BLOCK_PARAGRAPH); break;
    case MD_BLOCK_HTML: open_block(b, BLOCK_PARAGRAPH); break;
    case MD_BLOCK_HR: warn(b, "a horizontal rule (---)"); break;
    case MD_BLOCK_TABLE: warn(b, "a table"); break;
    case MD_BLOCK_TR: open_block(b, BLOCK_PARAGRAPH); break;
    default: break;
    }
    /* A tight list item has no MD_BLOCK_P: its text opens the item block. */
    return b->oom ? -1 : 0;
}

static int leave_block(MD_BLOCKTYPE type, void *detail, void *user) {
    (void)detail;
    builder *b = user;
    switch (type) {
    case MD_BLOCK_QUOTE: b->quote--; b->in_block = false; break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        if (b->list_depth > 0) b->list_depth--;
        b->in_block = false;
        break;
    case MD_BLOCK_LI: b->item_open = false; b->in_block = false; break;
    case MD_BLOCK_H:
    case MD_BLOCK_P:
    case MD_BLOCK_CODE:
    case MD_BLOCK_HTML:
    case MD_BLOCK_TR: b->in_block = false; break;
    case MD_BLOCK_TD:
    case MD_BLOCK_TH: add_text(b, "  ", 2); break;
    default: break;
    }
    if (b->warn_pending) flush_warning(b, NULL);
    return b->oom ? -1 : 0;
}

static int enter_span(MD_SPANTYPE type, void *detail, void *user) {
    (void)detail;
    builder *b = user;
    switch (type) {
    case MD_SPAN_STRONG: b->style_depth[1]++; break;
    case MD_SPAN_EM: b->style_depth[2]++; break;
    case MD_SPAN_A: warn(b, "a link"); break;
    case MD_SPAN_IMG: warn(b, "an image in the text (use image: at the top)"); break;
    case MD_SPAN_CODE: warn(b, "`code`"); break;
    default: warn(b, "this formatting"); break;
    }
    return 0;
}

static int leave_span(MD_SPANTYPE type, void *detail, void *user) {
    (void)detail;
    builder *b = user;
    if (type == MD_SPAN_STRONG && b->style_depth[1]) b->style_depth[1]--;
    if (type == MD_SPAN_EM && b->style_depth[2]) b->style_depth[2]--;
    return 0;
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *user) {
    builder *b = user;
    /* md4c 0.4.8 can report a text longer than the whole input ("[](c"
     * with ")" just past the end gives ~4 GB). Never copy that. */
    if (size > b->len) { b->oom = true; return -1; }
    flush_warning(b, text);
    if (current(b) == NULL && b->item_open) {
        bool ordered = b->list_ordered[b->list_depth];
        open_block(b, ordered ? BLOCK_NUMBERED : BLOCK_BULLET);
        if (current(b)) current(b)->number = b->list_next_number[b->list_depth]++;
        b->item_open = false;
    }
    if (type == MD_TEXT_HTML) {
        /* <!-- comments --> are notes for staff: never shown. Other HTML
         * is shown as it is written, with a warning. */
        bool opens = size >= 4 && memcmp(text, "<!--", 4) == 0;
        if (opens || b->in_comment) {
            bool closes = size >= 3 && memmem(text, size, "-->", 3) != NULL;
            b->in_comment = !closes;
            return 0;
        }
        bool blank = true;
        for (MD_SIZE i = 0; i < size && blank; i++) blank = text[i] == ' ' || text[i] == '\n';
        if (blank) return 0;
        if (!b->warned_html) warn(b, "HTML"); /* once a text is enough */
        b->warned_html = true;
        flush_warning(b, text);
    }
    switch (type) {
    case MD_TEXT_SOFTBR: add_text(b, " ", 1); break;
    case MD_TEXT_BR: add_text(b, "\n", 1); break;
    case MD_TEXT_NULLCHAR: add_text(b, "\xEF\xBF\xBD", 3); break;
    case MD_TEXT_ENTITY: {
        /* The common named entities; others are shown as written. */
        static const struct { const char *name, *utf8; } entities[] = {
            {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
            {"&nbsp;", "\xC2\xA0"}, {"&ndash;", "\xE2\x80\x93"}, {"&mdash;", "\xE2\x80\x94"},
            {"&rsquo;", "\xE2\x80\x99"}, {"&lsquo;", "\xE2\x80\x98"},
            {"&ldquo;", "\xE2\x80\x9C"}, {"&rdquo;", "\xE2\x80\x9D"}, {"&hellip;", "\xE2\x80\xA6"},
        };
        for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++)
            if (strlen(entities[i].name) == size && memcmp(entities[i].name, text, size) == 0) {
                add_text(b, entities[i].utf8, strlen(entities[i].utf8));
                return b->oom ? -1 : 0;
            }
        add_text(b, text, size);
        break;
    }
    default: add_text(b, text, size); break;
    }
    return b->oom ? -1 : 0;
}

int markdown_parse(const char *text, size_t len, const char *file, int first_line,
                   md_doc *doc, diag_list *diags) {
    memset(doc, 0, sizeof *doc);
    /* md4c 0.4.8 reads one byte past the end of its input: give it a NUL
     * there, whatever the caller's buffer holds after len. */
    char *copy = malloc(len + 1);
    if (!copy) {
        diag_add(diags, DIAG_ERROR, file, first_line, "out of memory while reading the text");
        return -1;
    }
    memcpy(copy, text, len);
    copy[len] = '\0';
    text = copy;
    builder b = {.doc = doc, .diags = diags, .file = file, .text = text, .len = len,
                 .first_line = first_line, .line_guess = first_line};
    MD_PARSER parser = {
        .abi_version = 0,
        .flags = MD_FLAG_NOINDENTEDCODEBLOCKS | MD_FLAG_TABLES,
        .enter_block = enter_block,
        .leave_block = leave_block,
        .enter_span = enter_span,
        .leave_span = leave_span,
        .text = on_text,
    };
    int rc = md_parse(text, (MD_SIZE)len, &parser, &b);
    free(copy);
    if (rc != 0 || b.oom) {
        diag_add(diags, DIAG_ERROR, file, first_line, "out of memory while reading the text");
        markdown_release(doc);
        return -1;
    }
    /* Drop blocks that hold only white space (e.g. an empty table row). */
    int kept = 0;
    for (int i = 0; i < doc->block_count; i++) {
        md_block *blk = &doc->blocks[i];
        bool empty = true;
        for (int s = 0; s < blk->span_count && empty; s++)
            for (const char *p = blk->spans[s].text; *p; p++)
                if (*p != ' ' && *p != '\n') { empty = false; break; }
        if (empty) {
            for (int s = 0; s < blk->span_count; s++) free(blk->spans[s].text);
            free(blk->spans);
        } else {
            doc->blocks[kept++] = *blk;
        }
    }
    doc->block_count = kept;
    return 0;
}

void markdown_release(md_doc *doc) {
    for (int i = 0; i < doc->block_count; i++) {
        for (int s = 0; s < doc->blocks[i].span_count; s++) free(doc->blocks[i].spans[s].text);
        free(doc->blocks[i].spans);
    }
    free(doc->blocks);
    memset(doc, 0, sizeof *doc);
}

char *markdown_plain_text(const md_doc *doc) {
    size_t total = 1;
    for (int i = 0; i < doc->block_count; i++)
        for (int s = 0; s < doc->blocks[i].span_count; s++)
            total += strlen(doc->blocks[i].spans[s].text) + 1;
    char *out = malloc(total);
    if (!out) return NULL;
    size_t n = 0;
    for (int i = 0; i < doc->block_count; i++) {
        if (i) out[n++] = '\n';
        for (int s = 0; s < doc->blocks[i].span_count; s++) {
            size_t l = strlen(doc->blocks[i].spans[s].text);
            memcpy(out + n, doc->blocks[i].spans[s].text, l);
            n += l;
        }
    }
    out[n] = '\0';
    return out;
}
