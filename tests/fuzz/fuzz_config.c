/* fuzz_config.c - libFuzzer target: a kiosk config file through
 * config_load_file. The bytes go to a memfd (no files left on disk) that
 * config_load_file opens by its /proc/self/fd path; the same text, cut at
 * its first NUL, also goes to config_parse_size. */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int memory_file = -1;
static char memory_path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (memory_file < 0) {
        memory_file = memfd_create("fuzz_config.ini", 0);
        if (memory_file < 0) { perror("memfd_create"); abort(); }
        snprintf(memory_path, sizeof memory_path, "/proc/self/fd/%d", memory_file);
    }
    if (ftruncate(memory_file, 0) != 0) abort();
    if (size && pwrite(memory_file, data, size, 0) != (ssize_t)size) abort();

    config c;
    config_defaults(&c, "/usr/share/kiosk/content");
    diag_list diags;
    diag_list_init(&diags);
    config_load_file(&c, memory_path, &diags);
    for (int i = 0; i < diags.count; i++) {
        char line[1400];
        diag_format(&diags.items[i], line, sizeof line);
    }
    diag_list_release(&diags);
    /* Whatever got in must be within the table's limits. */
    if (c.seconds_per_page < 3 || c.seconds_per_page > 600) abort();
    if (c.rotation % 90 != 0 || c.rotation < 0 || c.rotation > 270) abort();
    if (memchr(c.content, '\0', sizeof c.content) == NULL) abort();

    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    int w = 0, h = 0;
    if (config_parse_size(text, &w, &h) == 0 && (w < 64 || h < 64 || w > 16384 || h > 16384))
        abort();
    char err[256];
    config_set(&c, "window", text, err, sizeof err);
    free(text);
    return 0;
}
