/* bench_launch.c - starts a program and times process start -> its first
 * page on screen, by watching the X screen (benchmark helper, not a test).
 *
 * The same for every program, so a kiosk and a browser are timed alike:
 * the clock starts just before fork(); the root window is grabbed every
 * ~2 ms through MIT-SHM; the first page is on screen at the first grab
 * from which the screen stays the same as its settled picture (a blank or
 * single-colour window does not count as a page). Needs only Xlib and
 * XShm, never SDL.
 *
 *   bench_launch [--cgroup DIR] [--log FILE] [--settle MS] [--timeout MS] -- PROGRAM ARGS...
 *
 * Prints one line "start_ms=... first_change_ms=... distinct=N grabs=N
 * status=ok|timeout|exited", then stays as the program's parent (and
 * subreaper of everything it starts) until they have all exited, so the
 * caller can measure the running program and end it. With --cgroup, the
 * program is put into that cgroup v2 folder before it is executed. */
#define _GNU_SOURCE
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XShm.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_DISTINCT 32        /* pictures kept; past that the last slot is reused */
#define STEP 2                 /* sample every 2nd pixel of every 2nd row */
#define CHANNEL_TOLERANCE 16   /* per colour channel, for "the same pixel" */
#define SAME_FRACTION 0.001    /* at most 0.1% of samples differ: the same picture */
#define CONTENT_LUMA_SD 8.0    /* below this spread of brightness: blank, not a page */

typedef struct {
    uint32_t *pixels;          /* sampled, 0xRRGGBB */
    double seen_ms;            /* since the clock started */
} picture;

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int usage(void) {
    fprintf(stderr, "usage: bench_launch [--cgroup DIR] [--log FILE] [--settle MS] "
                    "[--timeout MS] -- PROGRAM ARGS...\n");
    return 2;
}

/* Counts samples that differ in any channel by more than the tolerance. */
static size_t differing(const uint32_t *a, const uint32_t *b, size_t n) {
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t x = a[i], y = b[i];
        if (x == y) continue;
        for (int shift = 0; shift < 24; shift += 8) {
            int d = (int)((x >> shift) & 255) - (int)((y >> shift) & 255);
            if (d > CHANNEL_TOLERANCE || d < -CHANNEL_TOLERANCE) {
                count++;
                break;
            }
        }
    }
    return count;
}

static bool same(const uint32_t *a, const uint32_t *b, size_t n) {
    return (double)differing(a, b, n) <= SAME_FRACTION * (double)n;
}

/* A page has text and pictures: its brightness varies. */
static bool has_content(const uint32_t *p, size_t n) {
    double sum = 0, sum2 = 0;
    for (size_t i = 0; i < n; i++) {
        double luma = 0.299 * ((p[i] >> 16) & 255) + 0.587 * ((p[i] >> 8) & 255) +
                      0.114 * (p[i] & 255);
        sum += luma;
        sum2 += luma * luma;
    }
    double mean = sum / (double)n;
    double var = sum2 / (double)n - mean * mean;
    return sqrt(var > 0 ? var : 0) > CONTENT_LUMA_SD;
}

static void sample(const XImage *img, uint32_t *out, int w, int h) {
    size_t k = 0;
    for (int y = 0; y < h; y += STEP) {
        const uint32_t *row = (const uint32_t *)(const void *)(img->data + (size_t)y * (size_t)img->bytes_per_line);
        for (int x = 0; x < w; x += STEP) out[k++] = row[x] & 0xFFFFFFu;
    }
}

/* Moves the calling process into a cgroup v2 folder. */
static int join_cgroup(const char *dir) {
    char path[1024];
    snprintf(path, sizeof path, "%s/cgroup.procs", dir);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    int ok = write(fd, "0\n", 2) == 2;
    close(fd);
    return ok ? 0 : -1;
}

int main(int argc, char **argv) {
    const char *cgroup = NULL, *log = "/dev/null";
    double settle_ms = 1500, timeout_ms = 20000;
    int i = 1;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) { i++; break; }
        if (i + 1 >= argc) return usage();
        if (strcmp(argv[i], "--cgroup") == 0) cgroup = argv[++i];
        else if (strcmp(argv[i], "--log") == 0) log = argv[++i];
        else if (strcmp(argv[i], "--settle") == 0) settle_ms = atof(argv[++i]);
        else if (strcmp(argv[i], "--timeout") == 0) timeout_ms = atof(argv[++i]);
        else return usage();
    }
    if (i >= argc || settle_ms <= 0 || timeout_ms <= settle_ms) return usage();
    char **program = argv + i;

    Display *d = XOpenDisplay(NULL);
    if (!d) {
        fprintf(stderr, "bench_launch: cannot open the X display \"%s\"\n",
                getenv("DISPLAY") ? getenv("DISPLAY") : "");
        return 1;
    }
    fcntl(ConnectionNumber(d), F_SETFD, FD_CLOEXEC);
    int screen = DefaultScreen(d);
    int w = DisplayWidth(d, screen), h = DisplayHeight(d, screen);
    if (!XShmQueryExtension(d)) {
        fprintf(stderr, "bench_launch: the X server has no MIT-SHM\n");
        return 1;
    }
    XShmSegmentInfo shm = {0};
    XImage *img = XShmCreateImage(d, DefaultVisual(d, screen), (unsigned)DefaultDepth(d, screen),
                                  ZPixmap, NULL, &shm, (unsigned)w, (unsigned)h);
    if (!img || img->bits_per_pixel != 32) {
        fprintf(stderr, "bench_launch: needs a 24-bit screen with 32 bits per pixel\n");
        return 1;
    }
    shm.shmid = shmget(IPC_PRIVATE, (size_t)img->bytes_per_line * (size_t)h, IPC_CREAT | 0600);
    if (shm.shmid < 0) {
        fprintf(stderr, "bench_launch: shmget: %s\n", strerror(errno));
        return 1;
    }
    shm.shmaddr = img->data = shmat(shm.shmid, NULL, 0);
    shmctl(shm.shmid, IPC_RMID, NULL); /* freed when the last user detaches */
    shm.readOnly = False;
    if (shm.shmaddr == (void *)-1 || !XShmAttach(d, &shm)) {
        fprintf(stderr, "bench_launch: cannot share memory with the X server\n");
        return 1;
    }
    XSync(d, False);

    size_t n = (size_t)((w + STEP - 1) / STEP) * (size_t)((h + STEP - 1) / STEP);
    uint32_t *blank = malloc(n * sizeof *blank), *grab = malloc(n * sizeof *grab);
    picture pics[MAX_DISTINCT];
    for (int k = 0; k < MAX_DISTINCT; k++) {
        pics[k].pixels = malloc(n * sizeof *pics[k].pixels);
        if (!pics[k].pixels) return 1;
    }
    if (!blank || !grab) return 1;
    XShmGetImage(d, DefaultRootWindow(d), img, 0, 0, AllPlanes);
    sample(img, blank, w, h);

    prctl(PR_SET_CHILD_SUBREAPER, 1);
    fflush(NULL);
    double t0 = now_ms();
    pid_t child = fork();
    if (child < 0) {
        fprintf(stderr, "bench_launch: fork: %s\n", strerror(errno));
        return 1;
    }
    if (child == 0) {
        if (cgroup && join_cgroup(cgroup) != 0) {
            fprintf(stderr, "bench_launch: cannot join %s: %s\n", cgroup, strerror(errno));
            _exit(127);
        }
        setpgid(0, 0);
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
            close(fd);
        }
        execvp(program[0], program);
        fprintf(stderr, "bench_launch: cannot run %s: %s\n", program[0], strerror(errno));
        _exit(127);
    }

    int count = 0, grabs = 0;
    double first_change = -1;
    const char *status = "timeout";
    for (;;) {
        double t = now_ms() - t0;
        if (t > timeout_ms) break;
        int wstatus;
        if (waitpid(child, &wstatus, WNOHANG) == child) {
            status = "exited";
            child = -1;
            break;
        }
        XShmGetImage(d, DefaultRootWindow(d), img, 0, 0, AllPlanes);
        grabs++;
        sample(img, grab, w, h);
        if (first_change < 0 && !same(grab, blank, n)) first_change = t;
        if (count == 0 ? !same(grab, blank, n) : !same(grab, pics[count - 1].pixels, n)) {
            if (count == MAX_DISTINCT) count--; /* keep the first ones and the latest */
            memcpy(pics[count].pixels, grab, n * sizeof *grab);
            pics[count].seen_ms = t;
            count++;
        } else if (count > 0 && t - pics[count - 1].seen_ms >= settle_ms &&
                   has_content(pics[count - 1].pixels, n)) {
            status = "ok";
            break;
        }
        usleep(2000);
    }

    double start = NAN;
    if (strcmp(status, "ok") == 0) {
        /* The earliest picture from which all later ones look like the settled one. */
        int first = count - 1;
        while (first > 0 && same(pics[first - 1].pixels, pics[count - 1].pixels, n)) first--;
        start = pics[first].seen_ms;
    }
    printf("start_ms=%.1f first_change_ms=%.1f distinct=%d grabs=%d status=%s\n", start,
           first_change, count, grabs, status);
    fflush(stdout);

    XShmDetach(d, &shm);
    XDestroyImage(img); /* an XShm image: frees the struct, not the shared pixels */
    shmdt(shm.shmaddr);
    XCloseDisplay(d);
    free(blank);
    free(grab);
    for (int k = 0; k < MAX_DISTINCT; k++) free(pics[k].pixels);
    /* Stay until the program and everything it started have exited. */
    for (;;) {
        pid_t p = waitpid(-1, NULL, 0);
        if (p < 0 && errno == EINTR) continue;
        if (p < 0) break;
    }
    return 0;
}
