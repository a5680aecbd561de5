/* replay.c - runs one fuzz target over saved inputs, without libFuzzer,
 * as SQLite's fuzzcheck does: `replay_page DIR_OR_FILE...`. Linked with
 * one fuzz_*.c; ctest runs it on the target's corpus on every build, with
 * and without sanitizers. A crash or a sanitizer report fails the test;
 * the last line is "N passed, 0 failed" for N inputs run. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* strdup, fileno */
#endif
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "files.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* libFuzzer's default -max_len is 4096; seeds may be longer, not huge. */
#define REPLAY_MAX_BYTES (1024 * 1024)

/* Runs the target on one file. Returns 0, or -1 if it cannot be read. */
static int run_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: cannot open %s: %s\n", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || st.st_size > REPLAY_MAX_BYTES) {
        fprintf(stderr, "replay: %s: cannot size it, or larger than 1 MB\n", path);
        fclose(f);
        return -1;
    }
    /* An exact-size heap copy, so that ASan sees any read past the end. */
    size_t size = (size_t)st.st_size;
    uint8_t *data = malloc(size ? size : 1);
    size_t n = data ? fread(data, 1, size, f) : 0;
    fclose(f);
    if (!data || n != size) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        free(data);
        return -1;
    }
    LLVMFuzzerTestOneInput(data, size);
    free(data);
    return 0;
}

/* Runs every regular file in dir (sorted, dot files skipped). */
static int run_dir(const char *dir, int *ran, int *failed) {
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "replay: cannot open %s: %s\n", dir, strerror(errno));
        return -1;
    }
    char **names;
    size_t count;
    if (files_list_names(d, &names, &count) != 0) {
        fprintf(stderr, "replay: %s: out of memory\n", dir);
        closedir(d);
        return -1;
    }
    closedir(d);
    int files = 0;
    for (size_t i = 0; i < count; i++) {
        size_t len = strlen(dir) + strlen(names[i]) + 2;
        char *path = malloc(len);
        if (path) {
            snprintf(path, len, "%s/%s", dir, names[i]);
            struct stat st;
            if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
                if (run_file(path) == 0) (*ran)++, files++;
                else (*failed)++;
            }
            free(path);
        }
    }
    files_free_names(names, count);
    printf("replay: %s: %d inputs\n", dir, files);
    if (files == 0) {
        fprintf(stderr, "replay: %s has no inputs; is the corpus path right?\n", dir);
        (*failed)++;
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s DIR_OR_FILE...\n"
                        "Runs this fuzz target on every file given or found in the folders.\n",
                argv[0]);
        return 2;
    }
    int ran = 0, failed = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
            failed++;
        } else if (S_ISDIR(st.st_mode)) {
            if (run_dir(argv[i], &ran, &failed) != 0) failed++;
        } else if (run_file(argv[i]) == 0) {
            ran++;
        } else {
            failed++;
        }
    }
    printf("%d passed, %d failed\n", ran, failed);
    return failed ? 1 : 0;
}
