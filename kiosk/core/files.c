/* files.c - small helpers for files and folders. See files.h. Plain
 * POSIX; outside files are opened through safe_open.c. */
#define _GNU_SOURCE
#include "files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "safe_open.h"

bool files_join(char *out, size_t size, const char *dir, const char *name) {
    size_t ld = strlen(dir), ln = strlen(name);
    if (ld > 0 && dir[ld - 1] == '/') ld--;
    if (ld + 1 + ln + 1 > size) {
        if (size) out[0] = '\0';
        return false;
    }
    memmove(out, dir, ld);
    out[ld] = '/';
    memcpy(out + ld + 1, name, ln + 1);
    return true;
}

static int compare_names(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void files_free_names(char **names, size_t count) {
    for (size_t i = 0; i < count; i++) free(names[i]);
    free(names);
}

int files_list_names(DIR *d, char ***out, size_t *out_count) {
    char **names = NULL;
    size_t count = 0, capacity = 0;
    struct dirent *e;
    *out = NULL;
    *out_count = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        if (count == capacity) {
            capacity = capacity ? capacity * 2 : 32;
            char **grown = realloc(names, capacity * sizeof *grown);
            if (!grown) goto oom;
            names = grown;
        }
        if (!(names[count] = strdup(e->d_name))) goto oom;
        count++;
    }
    if (count) qsort(names, count, sizeof *names, compare_names);
    *out = names;
    *out_count = count;
    return 0;
oom:
    files_free_names(names, count);
    return -1;
}

char *files_joined(const char *dir, const char *name) {
    size_t size = strlen(dir) + strlen(name) + 2;
    if (size > PATH_MAX) return NULL;
    char *out = malloc(size);
    if (out && !files_join(out, size, dir, name)) {
        free(out);
        out = NULL;
    }
    return out;
}

int files_read_small(const char *path, size_t max, char **out, size_t *len, char *err,
                     size_t errsize) {
    char why[300];
    *out = NULL;
    *len = 0;
    int fd = safe_open_at(AT_FDCWD, path, SAFE_FILE, NULL, why, sizeof why);
    if (fd < 0) {
        int e = errno;
        if (e == ENOENT) snprintf(err, errsize, "%s: there is no such file", path);
        else snprintf(err, errsize, "%s: %s", path, why);
        errno = e;
        return e == ENOENT ? 1 : -1;
    }
    int rc = safe_read_all(fd, max, out, len, why, sizeof why);
    int e = errno;
    close(fd);
    if (rc != 0) {
        snprintf(err, errsize, "%s: %s", path, why);
        errno = e;
        return -1;
    }
    return 0;
}

/* Root writing into a folder someone else owns gives the file to that
 * owner, or the service running as that owner could not read it. */
static int give_to_folder_owner(int fd, const char *dir) {
    if (geteuid() != 0) return 0;
    struct stat st;
    if (stat(dir, &st) != 0) return -1;
    if (st.st_uid == 0 && st.st_gid == 0) return 0;
    return fchown(fd, st.st_uid, st.st_gid);
}

static int write_all(int fd, const char *data, size_t len) {
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

int files_write_atomic(const char *path, const void *data, size_t len, mode_t mode, int flags,
                       char *err, size_t errsize) {
    /* The folder and the temporary name, ".NAME.XXXXXX" beside path. */
    char dir[PATH_MAX], temp[PATH_MAX];
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    int n1 = !slash          ? snprintf(dir, sizeof dir, ".")
             : slash == path ? snprintf(dir, sizeof dir, "/")
                             : snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    int n2 = snprintf(temp, sizeof temp, "%s/.%s.XXXXXX", dir, name);
    if (name[0] == '\0' || n1 < 0 || (size_t)n1 >= sizeof dir || n2 < 0 ||
        (size_t)n2 >= sizeof temp) {
        snprintf(err, errsize, "%s: the name is too long or is not a file's", path);
        errno = ENAMETOOLONG;
        return -1;
    }
    int fd = mkstemp(temp);
    if (fd < 0) {
        int saved = errno;
        snprintf(err, errsize, "%s: cannot write a file in its folder: %s", path,
                 strerror(saved));
        errno = saved;
        return -1;
    }
    const char *step = NULL;
    int saved = 0;
    if (fchmod(fd, mode) != 0) step = "setting its mode";
    else if ((flags & FILES_GIVE_TO_FOLDER_OWNER) && give_to_folder_owner(fd, dir) != 0)
        step = "giving it to the folder's owner";
    else if (write_all(fd, data, len) != 0) step = "writing";
    else if (fsync(fd) != 0) step = "flushing it to disk";
    if (step) saved = errno;
    if (close(fd) != 0 && !step) step = "closing", saved = errno;
    if (!step && rename(temp, path) != 0) step = "renaming it into place", saved = errno;
    if (step) {
        unlink(temp);
        snprintf(err, errsize, "%s: cannot save it (%s): %s%s", path, step, strerror(saved),
                 saved == ENOSPC ? " (the storage is full)" : "");
        errno = saved;
        return -1;
    }
    if (files_fsync_path(dir) != 0) {
        saved = errno;
        snprintf(err, errsize, "%s: saved, but its folder could not be flushed to disk: %s",
                 path, strerror(saved));
        errno = saved;
        return -1;
    }
    return 0;
}

int files_fsync_path(const char *path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    if (rc != 0 && errno == EINVAL) rc = 0; /* a file system that cannot flush a folder */
    int saved = errno;
    close(fd);
    errno = saved;
    return rc;
}

int files_flush(FILE *f) {
    return fflush(f) == 0 && fsync(fileno(f)) == 0 ? 0 : -1;
}

int files_make_folders(const char *dir, char *err, size_t errsize) {
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path) {
        snprintf(err, errsize, "the folder name is too long: %s", dir);
        errno = ENAMETOOLONG;
        return -1;
    }
    for (char *p = path + 1;; p++) {
        if (*p != '/' && *p != '\0') continue;
        char was = *p;
        *p = '\0';
        if (mkdir(path, 0755) != 0 && errno != EEXIST) {
            int e = errno;
            snprintf(err, errsize, "cannot create %s: %s", path, strerror(e));
            errno = e;
            return -1;
        }
        *p = was;
        if (was == '\0') break;
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errsize, "%s is not a folder", dir);
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

int files_remove_tree(const char *path) {
    struct stat st;
    if (lstat(path, &st) != 0) return errno == ENOENT ? 0 : -1;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
            char child[PATH_MAX];
            if (files_join(child, sizeof child, path, e->d_name)) files_remove_tree(child);
        }
        if (d) closedir(d);
        return rmdir(path);
    }
    return unlink(path);
}
