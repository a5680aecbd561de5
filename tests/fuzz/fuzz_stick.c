/* fuzz_stick.c - libFuzzer target: a whole stick's content folder, made
 * from the input in a fresh temporary folder, judged by media_judge (the
 * staff screen's first look: content_load through safe_open, and the
 * manifest when there is one), then removed.
 *
 * The input is a list of entries, each:
 *   1 byte  kind: 0 file, 1 folder, 2 symbolic link, 3 named pipe,
 *           4 hard link (to an earlier entry's name), else skipped
 *   1 byte  name length N, then N bytes of name (a path below the folder;
 *           ".." parts and a leading "/" are dropped)
 *   2 bytes data length D (little-endian), then D bytes: the file's bytes,
 *           or the link's target
 * so the fuzzer can build content.ini, pages, pictures, manifests, links
 * out of the folder, pipes where files should be, and hard links. Nothing
 * may hang (a pipe must never be opened for reading), crash, or leak. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <ftw.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "media.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ENTRIES 64

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

/* The entry's name made safe: no "..", no leading "/", no empty parts. */
static void clean_name(const uint8_t *in, size_t n, char *out, size_t size) {
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < size; i++) {
        char ch = (char)in[i];
        if (ch == '\0') ch = '_';
        if (ch == '/' && (o == 0 || out[o - 1] == '/')) continue;
        if (ch == '.' && (o == 0 || out[o - 1] == '/') && i + 1 < n && in[i + 1] == '.') {
            i++;
            continue;
        }
        out[o++] = ch;
    }
    while (o > 0 && out[o - 1] == '/') o--;
    out[o] = '\0';
}

/* Makes the folders above path (below root). */
static void make_parents(const char *root, const char *rel) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    for (char *p = path + strlen(root) + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0755);
            *p = '/';
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char root[] = "/tmp/fuzz-stick-XXXXXX";
    if (!mkdtemp(root)) return 0;
    char names[MAX_ENTRIES][256];
    int count = 0;
    size_t at = 0;
    while (at + 4 <= size && count < MAX_ENTRIES) {
        uint8_t kind = data[at];
        size_t n = data[at + 1];
        if (at + 2 + n + 2 > size) break;
        const uint8_t *name = data + at + 2;
        size_t d = (size_t)data[at + 2 + n] | (size_t)data[at + 3 + n] << 8;
        const uint8_t *bytes = data + at + 4 + n;
        if (at + 4 + n + d > size) d = size - (at + 4 + n);
        at += 4 + n + d;
        char rel[256];
        clean_name(name, n, rel, sizeof rel);
        if (!rel[0]) continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", root, rel);
        make_parents(root, rel);
        int made = -1;
        switch (kind) {
        case 0: {
            int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_NONBLOCK, 0644);
            if (fd >= 0) {
                made = write(fd, bytes, d) == (ssize_t)d ? 0 : -1;
                close(fd);
            }
            break;
        }
        case 1: made = mkdir(path, 0755); break;
        case 2: {
            char target[4096];
            size_t t = d < sizeof target - 1 ? d : sizeof target - 1;
            memcpy(target, bytes, t);
            target[t] = '\0';
            for (size_t i = 0; i < t; i++)
                if (!target[i]) target[i] = '_';
            made = t ? symlink(target, path) : -1;
            break;
        }
        case 3: made = mkfifo(path, 0644); break;
        case 4:
            if (count > 0) {
                char from[4096];
                snprintf(from, sizeof from, "%s/%s", root, names[d % (size_t)count]);
                made = link(from, path);
            }
            break;
        default: break;
        }
        if (made == 0) snprintf(names[count++], sizeof names[0], "%s", rel);
    }
    media_verdict v;
    media_judge(root, NULL, NULL, &v);
    /* FUZZ_STICK_SAY=1: what the staff screen would say (to look at seeds). */
    if (getenv("FUZZ_STICK_SAY")) {
        printf("%d entries: %s\n", count, v.summary);
        for (int i = 0; i < v.line_count; i++) printf("  %s\n", v.lines[i].text);
    }
    nftw(root, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    return 0;
}
