/* fuzz_page.c - libFuzzer target: one page file (front matter and
 * Markdown) through content_parse_page, then its title and texts through
 * the bidi and script runs the shell shapes (textrun.c), in both
 * paragraph directions; everything freed after. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "textrun.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    diag_list diags;
    diag_list_init(&diags);
    content_page page;
    if (content_parse_page("pages/010-fuzz.md", (const char *)data, size, "en", &page, &diags) ==
        0) {
        /* What layout will do with it. */
        for (int i = 0; i < page.text_count; i++) {
            char *texts[3] = {page.texts[i].title, markdown_plain_text(&page.texts[i].summary),
                              markdown_plain_text(&page.texts[i].detail)};
            for (int k = 0; k < 3; k++) {
                if (!texts[k]) continue;
                textrun runs[TEXTRUN_MAX];
                size_t len = strlen(texts[k]);
                bool rtl;
                textrun_split(texts[k], len, textrun_is_rtl(texts[k], len) ? TEXT_DIR_RTL
                                                                            : TEXT_DIR_LTR,
                              runs, TEXTRUN_MAX, &rtl);
                textrun_split(texts[k], len, TEXT_DIR_AUTO, runs, 4, NULL);
            }
            free(texts[1]);
            free(texts[2]);
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
