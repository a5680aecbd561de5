/* usbwatch.c - the USB stick watcher thread. See usbwatch.h.
 *
 * The thread sleeps in poll() until inotify, /proc/self/mountinfo or the
 * wake-up eventfd says something; no timer runs while nothing changes.
 * After a change it re-arms its inotify watches (folders come and go),
 * throws away the events that arming made, and only then looks with
 * media_find, so nothing that happens after the look is missed. */
#define _GNU_SOURCE
#include "usbwatch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

#include "content.h"
#include "files.h"

#define QUIET_MS 300        /* a change is looked at after this long without another */
#define SETTLE_MAX_MS 2000  /* ... but never later than this after the first */
#define FALLBACK_MS 2000    /* when not even the media folder's parent exists */
#define MAX_WATCHES (MEDIA_MAX_ENTRIES + 1)

struct usbwatch {
    char media_dir[MEDIA_PATH_MAX];
    char parent_dir[MEDIA_PATH_MAX];
    Uint32 event_type;
    int inotify_fd;
    int mount_fd;             /* /proc/self/mountinfo, or -1 */
    int wake_fd;              /* eventfd: rescan or stop */
    atomic_bool stop;
    pthread_t thread;
    /* Owned by the thread once it runs: */
    int wds[MAX_WATCHES];
    int wd_count;
    bool polling;             /* the 2 s fallback is on */
    char last_error[256];     /* media_find's last complaint, said once */
    media_stick last;
    bool have_last;
};

static const uint32_t watch_mask = IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_MOVED_FROM | IN_ATTRIB |
                                   IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;

static long long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void drain_inotify(int fd) {
    char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
    while (read(fd, buf, sizeof buf) > 0) {
    }
}

static void drain(usbwatch *w) {
    drain_inotify(w->inotify_fd);
    uint64_t count;
    while (read(w->wake_fd, &count, sizeof count) > 0) {
    }
    /* mountinfo: the poll itself took note of the change; nothing to read. */
}

/* Watches the media folder and its direct subfolders (or, while it is
 * missing, its parent), drops watches on what is gone, and discards the
 * events that all this made. */
static void arm(usbwatch *w) {
    int wds[MAX_WATCHES];
    int count = 0;
    bool polling = false;
    int wd = inotify_add_watch(w->inotify_fd, w->media_dir, watch_mask);
    if (wd >= 0) {
        wds[count++] = wd;
        DIR *d = opendir(w->media_dir);
        struct dirent *e;
        for (int seen = 0; d && seen < MEDIA_MAX_ENTRIES + 2 && count < MAX_WATCHES && (e = readdir(d));
             seen++) {
            char path[MEDIA_PATH_MAX];
            if (content_is_clutter(e->d_name) ||
                !files_join(path, sizeof path, w->media_dir, e->d_name))
                continue;
            wd = inotify_add_watch(w->inotify_fd, path, watch_mask | IN_DONT_FOLLOW);
            if (wd >= 0) wds[count++] = wd;
        }
        if (d) closedir(d);
    } else if (errno == ENOENT || errno == ENOTDIR) {
        wd = inotify_add_watch(w->inotify_fd, w->parent_dir,
                               IN_CREATE | IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF |
                                   IN_ONLYDIR);
        if (wd >= 0) wds[count++] = wd;
        else polling = true;
    } else {
        if (!w->polling)
            SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION, "usbwatch: cannot watch %s: %s",
                        w->media_dir, strerror(errno));
        polling = true;
    }
    for (int i = 0; i < w->wd_count; i++) {
        bool kept = false;
        for (int k = 0; k < count && !kept; k++) kept = wds[k] == w->wds[i];
        if (!kept) inotify_rm_watch(w->inotify_fd, w->wds[i]); /* EINVAL if already gone */
    }
    memcpy(w->wds, wds, sizeof wds[0] * (size_t)count);
    w->wd_count = count;
    if (polling && !w->polling)
        SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION,
                    "usbwatch: neither %s nor %s can be watched; looking for USB sticks every %d s",
                    w->media_dir, w->parent_dir, FALLBACK_MS / 1000);
    else if (!polling && w->polling)
        SDL_LogInfo(SDL_LOG_CATEGORY_APPLICATION, "usbwatch: now watching %s", w->media_dir);
    w->polling = polling;
    drain_inotify(w->inotify_fd);
}

static bool push(usbwatch *w, int code, const media_stick *stick) {
    media_stick *copy = NULL;
    if (stick) {
        copy = malloc(sizeof *copy);
        if (!copy) {
            SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "usbwatch: out of memory");
            return false;
        }
        *copy = *stick;
    }
    SDL_Event e;
    SDL_zero(e);
    e.type = w->event_type;
    e.user.code = code;
    e.user.data1 = copy;
    int rc = SDL_PushEvent(&e);
    if (rc != 1) {
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "usbwatch: cannot tell the kiosk about the stick: %s",
                     rc < 0 ? SDL_GetError() : "the event was filtered out");
        free(copy);
        return false;
    }
    return true;
}

/* Looks, and tells when the answer differs from the last one. */
static void look(usbwatch *w) {
    media_stick now;
    char err[256];
    int rc = media_find(w->media_dir, &now, err, sizeof err);
    if (rc < 0) {
        if (strcmp(err, w->last_error) != 0)
            SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION, "usbwatch: %s", err);
        snprintf(w->last_error, sizeof w->last_error, "%s", err);
    } else {
        w->last_error[0] = '\0';
    }
    bool found = rc == 1;
    if (!found && !w->have_last) return;
    if (found && w->have_last && media_equal(&now, &w->last)) return;
    int code = !found                                          ? USBWATCH_REMOVED
               : w->have_last && media_same_stick(&now, &w->last) ? USBWATCH_CHANGED
                                                               : USBWATCH_ARRIVED;
    if (found)
        SDL_LogInfo(SDL_LOG_CATEGORY_APPLICATION, "usbwatch: %s at %s: %s %s, %s %s",
                    code == USBWATCH_ARRIVED ? "a stick" : "the stick changed", now.root,
                    MEDIA_CONTENT_NAME, now.content_dir[0] ? "yes" : "no", MEDIA_REPORTS_NAME,
                    now.reports_exists ? "yes" : "no");
    else
        SDL_LogInfo(SDL_LOG_CATEGORY_APPLICATION, "usbwatch: the stick at %s is gone", w->last.root);
    if (!push(w, code, found ? &now : NULL)) return; /* a rescan tries again */
    w->have_last = found;
    if (found) w->last = now;
}

static void *run(void *arg) {
    usbwatch *w = arg;
    struct pollfd fds[3];
    nfds_t nfds = 0;
    fds[nfds++] = (struct pollfd){.fd = w->wake_fd, .events = POLLIN};
    fds[nfds++] = (struct pollfd){.fd = w->inotify_fd, .events = POLLIN};
    /* mountinfo is always readable; only POLLPRI (and POLLERR) mean a change. */
    if (w->mount_fd >= 0) fds[nfds++] = (struct pollfd){.fd = w->mount_fd, .events = POLLPRI};
    arm(w);
    look(w);
    while (!atomic_load(&w->stop)) {
        int n = poll(fds, nfds, w->polling ? FALLBACK_MS : -1);
        if (atomic_load(&w->stop)) break;
        if (n < 0) {
            if (errno != EINTR)
                SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "usbwatch: poll: %s", strerror(errno));
            continue;
        }
        if (n > 0) {
            drain(w);
            /* Let a burst of changes (a mount makes several) settle. */
            long long first = now_ms();
            while (!atomic_load(&w->stop) && now_ms() - first < SETTLE_MAX_MS) {
                int more = poll(fds, nfds, QUIET_MS);
                if (more == 0) break;
                if (more > 0) drain(w);
            }
            if (atomic_load(&w->stop)) break;
        }
        arm(w);
        look(w);
    }
    return NULL;
}

static void wake(usbwatch *w) {
    uint64_t one = 1;
    if (write(w->wake_fd, &one, sizeof one) < 0 && errno != EAGAIN)
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "usbwatch: cannot wake the watcher: %s",
                     strerror(errno));
}

static void close_fds(usbwatch *w) {
    if (w->inotify_fd >= 0) close(w->inotify_fd);
    if (w->mount_fd >= 0) close(w->mount_fd);
    if (w->wake_fd >= 0) close(w->wake_fd);
}

usbwatch *usbwatch_start(const char *media_dir, Uint32 event_type, char *err, size_t errsize) {
    if (!media_dir || !media_dir[0] || strlen(media_dir) >= MEDIA_PATH_MAX) {
        snprintf(err, errsize, "usbwatch: the media folder setting is empty or too long");
        return NULL;
    }
    usbwatch *w = calloc(1, sizeof *w);
    if (!w) {
        snprintf(err, errsize, "usbwatch: out of memory");
        return NULL;
    }
    snprintf(w->media_dir, sizeof w->media_dir, "%s", media_dir);
    size_t n = strlen(w->media_dir);
    while (n > 1 && w->media_dir[n - 1] == '/') w->media_dir[--n] = '\0';
    snprintf(w->parent_dir, sizeof w->parent_dir, "%s", w->media_dir);
    char *slash = strrchr(w->parent_dir, '/');
    if (!slash) snprintf(w->parent_dir, sizeof w->parent_dir, ".");
    else if (slash == w->parent_dir) slash[1] = '\0';
    else *slash = '\0';
    w->event_type = event_type;
    atomic_init(&w->stop, false);
    w->inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    w->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    w->mount_fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
    if (w->inotify_fd < 0 || w->wake_fd < 0) {
        snprintf(err, errsize, "usbwatch: cannot watch for USB sticks: %s", strerror(errno));
        close_fds(w);
        free(w);
        return NULL;
    }
    if (w->mount_fd < 0)
        SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION,
                    "usbwatch: cannot open /proc/self/mountinfo (%s); watching folders only",
                    strerror(errno));
    /* Signals go to the main thread, not to the watcher. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(&w->thread, NULL, run, w);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        snprintf(err, errsize, "usbwatch: cannot start the watcher thread: %s", strerror(rc));
        close_fds(w);
        free(w);
        return NULL;
    }
    return w;
}

void usbwatch_rescan(usbwatch *w) {
    if (w) wake(w);
}

void usbwatch_stop(usbwatch *w) {
    if (!w) return;
    atomic_store(&w->stop, true);
    wake(w);
    pthread_join(w->thread, NULL);
    close_fds(w);
    free(w);
}
