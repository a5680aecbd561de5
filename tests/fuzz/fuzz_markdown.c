/* fuzz_markdown.c - libFuzzer target: page text through markdown_parse
 * (md4c and our block builder), then markdown_plain_text. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "markdown.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    diag_list diags;
    diag_list_init(&diags);
    md_doc doc;
    if (markdown_parse((const char *)data, size, "pages/010-fuzz.md", 5, &doc, &diags) == 0) {
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
    return 0;
}
