/* safe_open.c - opening outside files without being led astray. See
 * safe_open.h. Pure C (libc). */
#define _GNU_SOURCE
#include "safe_open.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *refusal(const struct stat *st, safe_kind kind) {
    if (S_ISFIFO(st->st_mode))
        return "it is a named pipe, not a file (reading it would wait for ever); delete it and "
               "copy the real file there";
    if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
        return "it is a device, not a file; delete it and copy the real file there";
    if (S_ISSOCK(st->st_mode)) return "it is a socket, not a file; delete it";
    if (kind == SAFE_FOLDER)
        return S_ISDIR(st->st_mode) ? NULL : "it is a file, not a folder; make it a folder";
    if (S_ISDIR(st->st_mode)) return "it is a folder, not a file";
    if (!S_ISREG(st->st_mode)) return "it is not a plain file; delete it and copy the real file";
    if (st->st_nlink > 1)
        return "it is a second name (a hard link) of another file, which can change without "
               "this name changing; copy the file itself there instead";
    return NULL;
}

int safe_open_at(int dirfd, const char *name, safe_kind kind, struct stat *st, char *err,
                 size_t errsize) {
    struct stat local;
    if (!st) st = &local;
    int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        int e = errno;
        if (e == ELOOP)
            snprintf(err, errsize, "%s",
                     kind == SAFE_FOLDER
                         ? "it is a link (a shortcut) to another folder, not a folder of its "
                           "own; put the real folder there instead"
                         : "it is a link (a shortcut), not the file itself; copy the file "
                           "itself there instead");
        else if (e == ENXIO) snprintf(err, errsize, "it is a socket or device, not a file; delete it");
        else snprintf(err, errsize, "cannot open it: %s", strerror(e));
        errno = e;
        return -1;
    }
    const char *why = NULL;
    if (fstat(fd, st) != 0) {
        int e = errno;
        snprintf(err, errsize, "cannot read it: %s", strerror(e));
        close(fd);
        errno = e;
        return -1;
    }
    why = refusal(st, kind);
    if (why) {
        snprintf(err, errsize, "%s", why);
        close(fd);
        errno = EINVAL;
        return -1;
    }
    /* A plain file reads as usual: blocking, so a slow stick is waited for. */
    if (kind == SAFE_FILE) {
        int flags = fcntl(fd, F_GETFL);
        if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
            int e = errno;
            snprintf(err, errsize, "cannot read it: %s", strerror(e));
            close(fd);
            errno = e;
            return -1;
        }
    }
    return fd;
}

int safe_open_below(const char *base, const char *path, safe_kind kind, struct stat *st,
                    char *err, size_t errsize) {
    size_t bl = strlen(base);
    while (bl > 1 && base[bl - 1] == '/') bl--;
    char rel[PATH_MAX];
    if (bl == 0 || strncmp(path, base, bl) != 0 || path[bl] != '/' ||
        snprintf(rel, sizeof rel, "%s", path + bl + 1) >= (int)sizeof rel) {
        snprintf(err, errsize, "it is not inside %.*s", (int)bl, base);
        errno = EINVAL;
        return -1;
    }
    int dir = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) {
        int e = errno;
        snprintf(err, errsize, "cannot open the folder %.*s: %s", (int)bl, base, strerror(e));
        errno = e;
        return -1;
    }
    char *part = rel;
    while (*part == '/') part++;
    for (;;) {
        char *next = strchr(part, '/');
        if (next) {
            *next++ = '\0';
            while (*next == '/') next++;
            if (*next == '\0') next = NULL; /* "pages/" */
        }
        bool last = next == NULL;
        if (part[0] == '\0' || strcmp(part, ".") == 0 || strcmp(part, "..") == 0) {
            snprintf(err, errsize, "its path has an empty, . or .. part");
            close(dir);
            errno = EINVAL;
            return -1;
        }
        char why[300];
        int fd = safe_open_at(dir, part, last ? kind : SAFE_FOLDER, last ? st : NULL, why,
                              sizeof why);
        int e = errno;
        close(dir);
        if (fd < 0) {
            if (last) snprintf(err, errsize, "%s", why);
            else snprintf(err, errsize, "the folder %s on its way: %s", part, why);
            errno = e;
            return -1;
        }
        if (last) return fd;
        dir = fd;
        part = next;
    }
}

int safe_read_all(int fd, size_t max, char **out, size_t *len, char *err, size_t errsize) {
    char *buf = malloc(max + 1);
    if (!buf) {
        snprintf(err, errsize, "out of memory");
        errno = ENOMEM;
        return -1;
    }
    size_t n = 0;
    for (;;) {
        ssize_t got = read(fd, buf + n, max + 1 - n);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            int e = errno;
            snprintf(err, errsize, "cannot read it: %s (was the stick pulled out?)", strerror(e));
            free(buf);
            errno = e;
            return -1;
        }
        if (got == 0) break;
        n += (size_t)got;
        if (n > max) {
            free(buf);
            if (max >= 1024) snprintf(err, errsize, "the file is too big (more than %zu KB)", max / 1024);
            else snprintf(err, errsize, "the file is too big (more than %zu bytes)", max);
            errno = EFBIG;
            return -1;
        }
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}

int safe_create_at(int dirfd, const char *name, char *err, size_t errsize) {
    int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY,
                    0644);
    if (fd < 0) {
        int e = errno;
        if (e == EEXIST) snprintf(err, errsize, "%s is there already", name);
        else snprintf(err, errsize, "cannot write %s: %s%s", name, strerror(e),
                      e == ENOSPC ? " (the stick is full)" : "");
        errno = e;
        return -1;
    }
    return fd;
}
