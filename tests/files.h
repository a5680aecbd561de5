/* files.h - making files and folders for tests: run a shell command that
 * must succeed, write a small file (text or bytes, at a path or below a
 * folder, making the folders on the way), and name a path under a
 * scratch folder. The one file writer of the tests: test_content.c,
 * test_hostile.c, test_import.c, test_media.c, test_pin.c, test_report.c,
 * test_sign.c, test_stick_copy.c, test_store.c, test_picture_queue.c, test_usbwatch.c,
 * test_drmcard.c and test_display_power.c use it. Include check.h first. */
#ifndef KIOSK_TESTS_FILES_H
#define KIOSK_TESTS_FILES_H

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Runs printf(fmt, ...) with system(); a check fails unless it exits 0. */
static inline void fixture_sh(const char *fmt, ...) {
    char cmd[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    CHECK_INT(system(cmd), 0);
}

/* Writes len bytes to path, replacing it. Returns 0, or -1 (and a check
 * fails, naming the file) when it cannot be written whole. */
static inline int fixture_write_bytes(const char *path, const void *data, size_t len) {
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        CHECK(f != NULL);
        return -1;
    }
    bool ok = fwrite(data, 1, len, f) == len;
    ok &= fclose(f) == 0;
    if (!ok) perror(path);
    CHECK(ok);
    return ok ? 0 : -1;
}

/* Writes text to path (as fixture_write_bytes). */
static inline int fixture_write(const char *path, const char *text) {
    return fixture_write_bytes(path, text, strlen(text));
}

/* Writes len bytes to dir/rel, making the folders between them that are
 * missing ("pages/010-a.md"). Returns 0, or -1 and a check fails. */
static inline int fixture_put(const char *dir, const char *rel, const void *data, size_t len) {
    char path[PATH_MAX];
    size_t dl = strlen(dir);
    if (snprintf(path, sizeof path, "%s/%s", dir, rel) >= (int)sizeof path) {
        CHECK(!"fixture_put: the path is too long");
        return -1;
    }
    for (char *p = path + dl + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(path, 0755) != 0 && errno != EEXIST) perror(path);
            *p = '/';
        }
    return fixture_write_bytes(path, data, len);
}

/* Writes text to dir/rel (as fixture_put). */
static inline int fixture_put_text(const char *dir, const char *rel, const char *text) {
    return fixture_put(dir, rel, text, strlen(text));
}

/* How many names in the folder dir start with prefix ("" counts them
 * all), "." and ".." aside; 0 when dir cannot be read. */
static inline int fixture_count_names(const char *dir, const char *prefix) {
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
            strncmp(e->d_name, prefix, strlen(prefix)) == 0)
            n++;
    if (d) closedir(d);
    return n;
}

/* root/rel, in one of four rotating buffers (so a call can take four). */
static inline const char *fixture_at(const char *root, const char *rel) {
    static char path[4][700];
    static int next;
    char *p = path[next++ % 4];
    snprintf(p, sizeof path[0], "%s/%s", root, rel);
    return p;
}

#endif
