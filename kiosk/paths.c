/* paths.c - finding assets/ and content/. See paths.h. */
#include "paths.h"

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifndef KIOSK_SOURCE_DIR
#define KIOSK_SOURCE_DIR "."
#endif

void paths_find(char *assets, size_t assets_size, char *content, size_t content_size) {
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char probe[PATH_MAX + 64];
        char *dir = dirname(exe);
        snprintf(probe, sizeof probe, "%s/../share/kiosk/assets/theme.ini", dir);
        if (access(probe, R_OK) == 0) {
            snprintf(assets, assets_size, "%s/../share/kiosk/assets", dir);
            snprintf(content, content_size, "%s/../share/kiosk/content", dir);
            return;
        }
    }
    snprintf(assets, assets_size, "%s/assets", KIOSK_SOURCE_DIR);
    snprintf(content, content_size, "%s/content", KIOSK_SOURCE_DIR);
}
