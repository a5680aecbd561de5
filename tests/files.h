/* files.h - making files and folders for tests: run a shell command that
 * must succeed, write a small file, and name a path under a scratch
 * folder. Shared by test_media.c, test_usbwatch.c, test_drmcard.c and
 * test_display_power.c. Include check.h first. */
#ifndef KIOSK_TESTS_FILES_H
#define KIOSK_TESTS_FILES_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* Runs printf(fmt, ...) with system(); a check fails unless it exits 0. */
static inline void fixture_sh(const char *fmt, ...) {
    char cmd[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    CHECK_INT(system(cmd), 0);
}

/* Writes text to path (a check fails if it cannot be opened). */
static inline void fixture_write(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f) return;
    fputs(text, f);
    fclose(f);
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
