/* fuzz_content_ini.c - libFuzzer target: content.ini bytes through
 * content_parse_ini (via ini_reader and inih), everything freed after. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "content.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > CONTENT_MAX_INI_BYTES) return 0; /* content_load refuses these unread */
    diag_list diags;
    diag_list_init(&diags);
    content c;
    memset(&c, 0, sizeof c);
    snprintf(c.lang, sizeof c.lang, "en");
    content_parse_ini(&c, "content.ini", (const char *)data, size, &diags);
    content_release(&c);
    diag_list_release(&diags);
    return 0;
}
