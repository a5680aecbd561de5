/* files.c - small helpers for files and folders. See files.h. */
#include "files.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int files_make_folders(const char *dir, char *err, size_t errsize) {
    char path[1024];
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path) {
        snprintf(err, errsize, "the folder name is too long: %s", dir);
        return -1;
    }
    for (char *p = path + 1;; p++) {
        if (*p != '/' && *p != '\0') continue;
        char was = *p;
        *p = '\0';
        if (mkdir(path, 0755) != 0 && errno != EEXIST) {
            snprintf(err, errsize, "cannot create %s: %s", path, strerror(errno));
            return -1;
        }
        *p = was;
        if (was == '\0') break;
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errsize, "%s is not a folder", dir);
        return -1;
    }
    return 0;
}
