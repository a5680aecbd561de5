/* paths.c - finding assets/ and content/. See paths.h. */
#include "paths.h"

#include <errno.h>
#include <stdbool.h>
#include <libgen.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "files.h"

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

/* mkdir -p (files_make_folders), for folders we own, that we can write
 * into. Returns 0, or -1 with errno. */
static int make_dirs(const char *path) {
    char why[PATH_MAX + 100];
    if (files_make_folders(path, why, sizeof why) != 0) return -1;
    return access(path, W_OK) == 0 ? 0 : -1;
}

/* A folder that is there, on a read-only file system. */
static bool read_only_dir(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode) && access(path, R_OK | X_OK) == 0 &&
           access(path, W_OK) != 0 && errno == EROFS;
}

static int read_only_notice(const char *path, char *err, size_t errsize) {
    snprintf(err, errsize,
             "the data folder %s is on a read-only file system (a failing SD card?): showing "
             "what is installed, counting in memory only, nothing can be installed",
             path);
    return 1;
}

int paths_data_dir(const char *wanted, const char *system_dir, char *out, size_t size, char *err,
                   size_t errsize) {
    if (wanted && wanted[0]) {
        snprintf(out, size, "%s", wanted);
        if (make_dirs(out) != 0) {
            if (read_only_dir(out)) return read_only_notice(out, err, errsize);
            snprintf(err, errsize, "cannot use the data folder %s: %s", out, strerror(errno));
            return -1;
        }
        return 0;
    }
    if (make_dirs(system_dir) == 0) {
        snprintf(out, size, "%s", system_dir);
        return 0;
    }
    if (read_only_dir(system_dir)) {
        snprintf(out, size, "%s", system_dir);
        return read_only_notice(system_dir, err, errsize);
    }
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    if (xdg && xdg[0] == '/') snprintf(out, size, "%s/kiosk", xdg);
    else if (home && home[0]) snprintf(out, size, "%s/.local/share/kiosk", home);
    else {
        snprintf(err, errsize, "%s is not writable and there is no $HOME; give --data DIR",
                 system_dir);
        return -1;
    }
    if (make_dirs(out) != 0) {
        snprintf(err, errsize, "cannot use the data folder %s: %s", out, strerror(errno));
        return -1;
    }
    return 0;
}
