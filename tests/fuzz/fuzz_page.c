/* fuzz_page.c - libFuzzer target: one page file (front matter and
 * Markdown) through content_parse_page, everything freed after. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "content.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    diag_list diags;
    diag_list_init(&diags);
    content_page page;
    if (content_parse_page("pages/010-fuzz.md", (const char *)data, size, "en", &page, &diags) ==
        0) {
        /* What layout will do with it. */
        for (int i = 0; i < page.text_count; i++) {
            free(markdown_plain_text(&page.texts[i].summary));
            free(markdown_plain_text(&page.texts[i].detail));
        }
        content_page_release(&page);
    }
    for (int i = 0; i < diags.count; i++) {
        char line[1400];
        diag_format(&diags.items[i], line, sizeof line);
    }
    diag_list_release(&diags);
    return 0;
}
