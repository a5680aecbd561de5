/* picture_gate.c - pictures decoded in a worker process with a time and a
 * memory limit. See picture_gate.h.
 *
 * The worker is forked once, on the first picture, and then kept: forking
 * the whole kiosk for every picture made each fork mark every page of the
 * kiosk copy-on-write, and the page faults that followed cost more than the
 * drawing (a soak of 3,000 touches took 166 s against 28 s in process).
 * The kiosk sends the worker a decoder, a size and a path on a socket; the
 * worker decodes and answers with a status byte, then w x h ARGB pixels,
 * or the reason's length (2 bytes) and text.
 * The kiosk waits at most the time limit for the whole answer, then kills
 * the worker; the next picture starts a new one. A hang, a crash or a
 * memory blow-up in a decoder costs the kiosk that one picture, never the
 * screen. */
#define _GNU_SOURCE
#include "picture_gate.h"

#include <SDL_image.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <seccomp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PATH_BYTES_MAX 4096

/* The one worker of this process: -1 when there is none. One caller at a
 * time (the loop, and the staff screen's install thread, may both draw). */
static pthread_mutex_t worker_lock = PTHREAD_MUTEX_INITIALIZER;
static pid_t worker_pid = -1;
static int worker_fd = -1;
static pid_t worker_owner = -1; /* the process that started it (not a forked copy) */

static uint64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Reads or writes exactly n bytes, going on after EINTR. 0, or -1. */
static int read_all(int fd, void *buf, size_t n) {
    for (size_t got = 0; got < n;) {
        ssize_t r = read(fd, (char *)buf + got, n - got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return -1;
        got += (size_t)r;
    }
    return 0;
}

static int write_all(int fd, const void *buf, size_t n) {
    for (size_t put = 0; put < n;) {
        ssize_t r = write(fd, (const char *)buf + put, n - put);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return -1;
        put += (size_t)r;
    }
    return 0;
}

/* A request: the decoder (the same program, forked: the same address),
 * w, h, the path's length, then the path. */
typedef struct {
    picture_decoder decode;
    int32_t w, h;
    uint32_t path_len;
} request;

#define WHY_MAX 400

/* The worker may read files, use memory and talk on its socket, nothing
 * else: a decoder that a crafted picture takes over cannot write a file,
 * open a connection, start a program, or make memory executable. Every
 * other call fails with EPERM (a decoder that needs one fails its picture,
 * which the kiosk shows as a placeholder). libseccomp builds the filter
 * for this machine's architecture. 0, or -1 when it cannot be set. */
static int confine(void) {
    scmp_filter_ctx f = seccomp_init(SCMP_ACT_ERRNO(EPERM));
    if (!f) return -1;
    static const int plain[] = {
        SCMP_SYS(read), SCMP_SYS(readv), SCMP_SYS(pread64), SCMP_SYS(write),
        SCMP_SYS(writev), SCMP_SYS(lseek), SCMP_SYS(close), SCMP_SYS(fstat),
        SCMP_SYS(newfstatat), SCMP_SYS(statx), SCMP_SYS(fcntl), SCMP_SYS(brk),
        SCMP_SYS(munmap), SCMP_SYS(mremap), SCMP_SYS(madvise), SCMP_SYS(futex),
        SCMP_SYS(getpid), SCMP_SYS(gettid), SCMP_SYS(clock_gettime), SCMP_SYS(getrandom),
        SCMP_SYS(rt_sigreturn), SCMP_SYS(rt_sigprocmask), SCMP_SYS(restart_syscall),
        SCMP_SYS(sched_yield), SCMP_SYS(exit), SCMP_SYS(exit_group),
    };
    int rc = 0;
    for (size_t i = 0; i < sizeof plain / sizeof plain[0] && rc == 0; i++)
        rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, plain[i], 0);
    /* Files only for reading; memory never executable. */
    if (rc == 0)
        rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(openat), 1,
                              SCMP_A2(SCMP_CMP_MASKED_EQ, O_ACCMODE | O_CREAT | O_TRUNC,
                                      O_RDONLY));
    if (rc == 0)
        rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 1,
                              SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
    if (rc == 0)
        rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(mprotect), 1,
                              SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
    if (rc == 0) rc = seccomp_load(f);
    seccomp_release(f);
    return rc == 0 ? 0 : -1;
}

/* The worker's loop: one request, one answer (a status byte, 0 drawn or
 * 1 not readable, then the pixels row by row, or the reason). Ends when
 * the kiosk closes its end of the socket, or dies. */
static void worker_main(int fd) {
    /* Nothing of the kiosk's but the socket: not its DRM device, not its
     * data files. Ends with the kiosk. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    signal(SIGPIPE, SIG_IGN);
    if (fd != 3) {
        if (dup2(fd, 3) != 3) _exit(1);
        fd = 3;
    }
    close_range(4, ~0U, 0);
#if !defined(__SANITIZE_ADDRESS__) && !defined(KIOSK_UNDER_ASAN)
    /* A picture that makes a decoder allocate without end fails here,
     * not in the kiosk (ASan reserves terabytes of address space). */
    struct rlimit mem = {.rlim_cur = (rlim_t)PICTURE_GATE_MEMORY_MB << 20,
                         .rlim_max = (rlim_t)PICTURE_GATE_MEMORY_MB << 20};
    setrlimit(RLIMIT_AS, &mem);
#endif
    /* A kernel without seccomp (never Raspberry Pi OS's): said once, and
     * the time and memory limits still hold. */
    if (confine() != 0)
        fprintf(stderr, "kiosk: the picture worker cannot set its system-call filter: "
                        "pictures are decoded with time and memory limits only\n");
    char path[PATH_BYTES_MAX + 1];
    request rq;
    while (read_all(fd, &rq, sizeof rq) == 0) {
        if (rq.w <= 0 || rq.h <= 0 || rq.w > 16384 || rq.h > 16384 || rq.path_len == 0 ||
            rq.path_len > PATH_BYTES_MAX || read_all(fd, path, rq.path_len) != 0)
            _exit(1);
        path[rq.path_len] = '\0';
        char why[WHY_MAX] = "";
        SDL_Surface *s = rq.decode(path, rq.w, rq.h, why, sizeof why);
        if (s && (s->w != rq.w || s->h != rq.h || s->format->format != SDL_PIXELFORMAT_ARGB8888)) {
            SDL_FreeSurface(s);
            s = NULL;
            snprintf(why, sizeof why, "it came out at the wrong size");
        }
        unsigned char status = s ? 0 : 1;
        if (write_all(fd, &status, 1) != 0) _exit(1);
        if (!s) {
            if (!why[0]) snprintf(why, sizeof why, "it cannot be read: it is damaged, or not a picture");
            uint16_t n = (uint16_t)strnlen(why, sizeof why - 1);
            if (write_all(fd, &n, sizeof n) != 0 || write_all(fd, why, n) != 0) _exit(1);
        }
        for (int y = 0; s && y < s->h; y++)
            if (write_all(fd, (const uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch,
                          (size_t)s->w * 4) != 0)
                _exit(1);
        SDL_FreeSurface(s); /* memcheck looks at a child's leaks too */
    }
    _exit(0);
}

/* Ends the worker: closes its socket, kills it and waits for it. */
static void stop_worker(void) {
    if (worker_pid > 0 && worker_owner == getpid()) {
        kill(worker_pid, SIGKILL);
        waitpid(worker_pid, NULL, 0);
    }
    if (worker_fd >= 0) close(worker_fd);
    worker_pid = -1;
    worker_fd = -1;
}

/* A worker running for this process, started if need be. 0, or -1. */
static int ensure_worker(char *err, size_t errsize) {
    if (worker_pid > 0 && worker_owner != getpid()) {
        /* A forked copy of the kiosk: the worker is not its own. */
        if (worker_fd >= 0) close(worker_fd);
        worker_pid = -1;
        worker_fd = -1;
    }
    if (worker_pid > 0) return 0;
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        snprintf(err, errsize, "cannot start a process to draw it: %s", strerror(errno));
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(err, errsize, "cannot start a process to draw it: %s", strerror(errno));
        close(sv[0]);
        close(sv[1]);
        return -1;
    }
    if (pid == 0) {
        close(sv[0]);
        worker_main(sv[1]);
    }
    close(sv[1]);
    worker_pid = pid;
    worker_fd = sv[0];
    worker_owner = getpid();
    return 0;
}

/* Reads n bytes from the worker before the deadline. 0; -1 on its end
 * (crash); -2 when the time is up. */
static int read_until(void *buf, size_t n, uint64_t end) {
    size_t got = 0;
    while (got < n) {
        uint64_t t = now_ms();
        int left = t >= end ? 0 : (int)(end - t);
        struct pollfd pfd = {.fd = worker_fd, .events = POLLIN};
        int ready = poll(&pfd, 1, left);
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) return -2;
        ssize_t r = read(worker_fd, (char *)buf + got, n - got);
        if (r < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (r <= 0) return -1;
        got += (size_t)r;
    }
    return 0;
}

/* limit_ms times KIOSK_PICTURE_TIME_SCALE (1-100; anything else is 1):
 * the whole-system test's emulated arm64 CPU is 20 to 50 times slower than
 * a Pi's, as its kiosk.service drop-in says, as it does for the watchdog. */
static int scaled(int limit_ms) {
    static int scale;
    if (scale == 0) {
        const char *v = SDL_getenv("KIOSK_PICTURE_TIME_SCALE");
        char *end = NULL;
        long n = v ? strtol(v, &end, 10) : 1;
        scale = v && (end == v || *end != '\0' || n < 1 || n > 100) ? 1 : (int)n;
    }
    return limit_ms > INT_MAX / scale ? INT_MAX : limit_ms * scale;
}

static SDL_Surface *run(picture_decoder decode, const char *path, int w, int h, int limit_ms,
                        char *err, size_t errsize) {
    if (w <= 0 || h <= 0 || w > 16384 || h > 16384) {
        snprintf(err, errsize, "cannot draw it at %dx%d", w, h);
        return NULL;
    }
    size_t path_len = strlen(path);
    if (path_len == 0 || path_len > PATH_BYTES_MAX) {
        snprintf(err, errsize, "its name is too long (at most %d bytes)", PATH_BYTES_MAX);
        return NULL;
    }
    if (SDL_getenv("KIOSK_PICTURES_IN_PROCESS")) {
        err[0] = '\0';
        SDL_Surface *s = decode(path, w, h, err, errsize);
        if (!s && !err[0]) snprintf(err, errsize, "it cannot be read: it is damaged, or not a picture");
        return s;
    }
    SDL_Surface *out = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!out) {
        snprintf(err, errsize, "out of memory for a %dx%d picture: %s", w, h, SDL_GetError());
        return NULL;
    }
    /* A worker that died since the last picture fails its first write:
     * then one more try with a new one. */
    request rq = {.decode = decode, .w = w, .h = h, .path_len = (uint32_t)path_len};
    int sent = -1;
    for (int attempt = 0; attempt < 2 && sent != 0; attempt++) {
        if (ensure_worker(err, errsize) != 0) {
            SDL_FreeSurface(out);
            return NULL;
        }
        sent = send(worker_fd, &rq, sizeof rq, MSG_NOSIGNAL) == (ssize_t)sizeof rq &&
                       send(worker_fd, path, path_len, MSG_NOSIGNAL) == (ssize_t)path_len
                   ? 0
                   : -1;
        if (sent != 0) stop_worker();
    }
    if (sent != 0) {
        snprintf(err, errsize, "cannot reach the process that draws it: %s", strerror(errno));
        SDL_FreeSurface(out);
        return NULL;
    }
    limit_ms = scaled(limit_ms);
    uint64_t end = now_ms() + (uint64_t)(limit_ms > 0 ? limit_ms : 1);
    unsigned char status = 1;
    int rc = read_until(&status, 1, end);
    for (int y = 0; rc == 0 && status == 0 && y < h; y++)
        rc = read_until((uint8_t *)out->pixels + (size_t)y * (size_t)out->pitch, (size_t)w * 4,
                        end);
    if (rc == 0 && status == 0) return out;
    SDL_FreeSurface(out);
    uint16_t n = 0;
    char why[WHY_MAX];
    if (rc == 0 && read_until(&n, sizeof n, end) == 0 && n < sizeof why &&
        read_until(why, n, end) == 0) {
        why[n] = '\0';
        snprintf(err, errsize, "%s", why);
        return NULL;
    }
    if (rc == -2) {
        stop_worker();
        snprintf(err, errsize, "it takes longer than %.1f s to open (too many shapes or layers): "
                               "save it again as an ordinary PNG or JPEG",
                 limit_ms / 1000.0);
    } else if (rc == -1) {
        int status_code = 0;
        pid_t pid = worker_pid;
        if (worker_fd >= 0) close(worker_fd);
        worker_fd = -1;
        worker_pid = -1;
        if (pid > 0 && waitpid(pid, &status_code, 0) == pid && WIFSIGNALED(status_code))
            snprintf(err, errsize,
                     "opening it crashed (signal %d): the file is damaged, too big or too complex",
                     WTERMSIG(status_code));
        else
            snprintf(err, errsize, "opening it crashed: the file is damaged or too complex");
    } else {
        snprintf(err, errsize, "it cannot be read: it is damaged, or not a picture");
    }
    return NULL;
}

SDL_Surface *picture_gate_decode(picture_decoder decode, const char *path, int w, int h,
                                 int limit_ms, char *err, size_t errsize) {
    pthread_mutex_lock(&worker_lock);
    SDL_Surface *s = run(decode, path, w, h, limit_ms, err, errsize);
    pthread_mutex_unlock(&worker_lock);
    return s;
}

void picture_gate_stop(void) {
    pthread_mutex_lock(&worker_lock);
    stop_worker();
    pthread_mutex_unlock(&worker_lock);
}
