/* dirwatch.c - inotify on a folder tree. See dirwatch.h. */
#define _GNU_SOURCE
#include "dirwatch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#define WATCH_MASK                                                                            \
    (IN_CLOSE_WRITE | IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |       \
     IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW)

struct dirwatch {
    int fd;              /* inotify; made again at each arm() */
    int folders;         /* watches in place */
    bool stale;          /* arm() before the next wait */
    char root[PATH_MAX];
};

static void add_tree(dirwatch *w, const char *path, int depth) {
    if (w->folders >= DIRWATCH_MAX_FOLDERS) return;
    if (inotify_add_watch(w->fd, path, WATCH_MASK) < 0) return;
    w->folders++;
    if (depth >= DIRWATCH_DEPTH) return;
    DIR *d = opendir(path);
    struct dirent *e;
    while (d && (e = readdir(d)) && w->folders < DIRWATCH_MAX_FOLDERS) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        char sub[PATH_MAX];
        struct stat st;
        if (snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) >= (int)sizeof sub) continue;
        if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode)) add_tree(w, sub, depth + 1);
    }
    if (d) closedir(d);
}

/* A fresh inotify with a watch on every folder there now, or on the
 * nearest parent that exists while root does not. */
static int arm(dirwatch *w) {
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0) return -1;
    if (w->fd >= 0) close(w->fd);
    w->fd = fd;
    w->folders = 0;
    w->stale = false;
    add_tree(w, w->root, 0);
    char up[PATH_MAX];
    snprintf(up, sizeof up, "%s", w->root);
    while (w->folders == 0) {
        char *slash = strrchr(up, '/');
        if (!slash) break;
        if (slash == up) slash[1] = '\0';
        else *slash = '\0';
        if (inotify_add_watch(w->fd, up, WATCH_MASK) >= 0) w->folders++;
        if (slash == up) break;
    }
    return 0;
}

dirwatch *dirwatch_open(const char *root, char *err, size_t errsize) {
    dirwatch *w = calloc(1, sizeof *w);
    if (!w || snprintf(w->root, sizeof w->root, "%s", root) >= (int)sizeof w->root) {
        snprintf(err, errsize, "%s: %s", root, w ? "the folder's name is too long" : "out of memory");
        free(w);
        return NULL;
    }
    w->fd = -1;
    if (arm(w) != 0) {
        snprintf(err, errsize, "%s: cannot watch it (inotify): %s", root, strerror(errno));
        free(w);
        return NULL;
    }
    return w;
}

/* Reads every event waiting: true when there was one. */
static bool drain(dirwatch *w) {
    char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
    bool any = false;
    for (;;) {
        ssize_t n = read(w->fd, buf, sizeof buf);
        if (n <= 0) break;
        any = true;
    }
    return any;
}

int dirwatch_wait(dirwatch *w, int timeout_ms, int wake_fd) {
    if (w->stale && arm(w) != 0) return -1;
    struct pollfd fds[2] = {{.fd = w->fd, .events = POLLIN}, {.fd = wake_fd, .events = POLLIN}};
    int n = poll(fds, wake_fd >= 0 ? 2 : 1, timeout_ms);
    if (n < 0) return errno == EINTR ? 0 : -1;
    if (n == 0 || !(fds[0].revents & POLLIN)) return 0;
    if (!drain(w)) return 0;
    /* New folders, removed ones: watch what is there now, next time. */
    w->stale = true;
    return 1;
}

void dirwatch_close(dirwatch *w) {
    if (!w) return;
    if (w->fd >= 0) close(w->fd);
    free(w);
}
