/* fuzz_markdown.c - libFuzzer target: page text through markdown_parse
 * (md4c and our block builder), then markdown_plain_text. The text is
 * copied with a NUL after it, as content_parse_page's buffer has: md4c
 * 0.4.8 reads one byte past the end of what it is given. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "markdown.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    diag_list diags;
    diag_list_init(&diags);
    md_doc doc;
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    if (markdown_parse(text, size, "pages/010-fuzz.md", 5, &doc, &diags) == 0) {
        for (int b = 0; b < doc.block_count; b++) {
            const md_block *blk = &doc.blocks[b];
            if (blk->depth < 0 || blk->depth > 15 || blk->quote < 0) abort();
            for (int s = 0; s < blk->span_count; s++)
                if (!blk->spans[s].text || (blk->spans[s].style & ~(SPAN_BOLD | SPAN_ITALIC)))
                    abort();
        }
        free(markdown_plain_text(&doc));
    }
    markdown_release(&doc);
    diag_list_release(&diags);
    free(text);
    return 0;
}
