/* svg_render.c - draws an SVG in a child process with a time limit. See
 * svg_render.h.
 *
 * The child gets a shared anonymous mapping of w x h ARGB pixels, renders
 * into it with SDL_image (nanosvg) and exits; the parent waits at most
 * the time limit, then kills it. A hang or a crash in nanosvg costs the
 * kiosk that one picture, never the screen. */
#include "svg_render.h"

#include <SDL_image.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* In the child: render, copy, exit. Exit codes: 0 drawn, 1 failed. */
static void child(const char *path, int w, int h, uint32_t *pixels, int done_fd) {
    SDL_RWops *rw = SDL_RWFromFile(path, "rb");
    SDL_Surface *raw = rw ? IMG_LoadSizedSVG_RW(rw, w, h) : NULL;
    if (rw) SDL_RWclose(rw);
    SDL_Surface *argb = raw ? SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0) : NULL;
    if (!argb) _exit(1);
    if (argb->w != w || argb->h != h) {
        /* nanosvg keeps the picture's shape: stretch the last pixels. */
        SDL_Surface *sized = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
        if (!sized || SDL_SoftStretchLinear(argb, NULL, sized, NULL) != 0) _exit(1);
        SDL_FreeSurface(argb);
        argb = sized;
    }
    for (int y = 0; y < h; y++)
        memcpy(pixels + (size_t)y * (size_t)w, (const uint8_t *)argb->pixels + (size_t)y * (size_t)argb->pitch,
               (size_t)w * 4);
    /* Freed, though the process ends: memcheck looks at a child's leaks too. */
    SDL_FreeSurface(argb);
    SDL_FreeSurface(raw);
    char ok = 1;
    if (write(done_fd, &ok, 1) != 1) _exit(1);
    _exit(0);
}

SDL_Surface *svg_render(const char *path, int w, int h, int limit_ms, char *err, size_t errsize) {
    if (w <= 0 || h <= 0 || w > 16384 || h > 16384) {
        snprintf(err, errsize, "cannot draw it at %dx%d", w, h);
        return NULL;
    }
    if (SDL_getenv("KIOSK_SVG_IN_PROCESS")) {
        /* For valgrind runs only (tests/reliability.sh): memcheck checks
         * every forked child's heap at its exit, which makes a scenario
         * with a few hundred pictures take an hour. No time limit here. */
        SDL_RWops *rw = SDL_RWFromFile(path, "rb");
        SDL_Surface *raw = rw ? IMG_LoadSizedSVG_RW(rw, w, h) : NULL;
        if (rw) SDL_RWclose(rw);
        SDL_Surface *argb = raw ? SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0) : NULL;
        SDL_FreeSurface(raw);
        SDL_Surface *sized = argb && (argb->w != w || argb->h != h)
                                 ? SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888)
                                 : NULL;
        if (sized && SDL_SoftStretchLinear(argb, NULL, sized, NULL) == 0) {
            SDL_FreeSurface(argb);
            argb = sized;
        } else if (sized) {
            SDL_FreeSurface(sized);
        }
        if (!argb || argb->w != w || argb->h != h) {
            SDL_FreeSurface(argb);
            snprintf(err, errsize, "it cannot be drawn: it is not a picture SDL_image can read");
            return NULL;
        }
        return argb;
    }
    size_t bytes = (size_t)w * (size_t)h * 4;
    uint32_t *pixels = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (pixels == MAP_FAILED) {
        snprintf(err, errsize, "out of memory for a %dx%d picture", w, h);
        return NULL;
    }
    /* The child writes a byte when it is done; the pipe also wakes the
     * parent at once if the child dies (its end closes). */
    int done_pipe[2];
    if (pipe(done_pipe) != 0) {
        snprintf(err, errsize, "cannot start a process to draw it: %s", strerror(errno));
        munmap(pixels, bytes);
        return NULL;
    }
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(err, errsize, "cannot start a process to draw it: %s", strerror(errno));
        close(done_pipe[0]);
        close(done_pipe[1]);
        munmap(pixels, bytes);
        return NULL;
    }
    if (pid == 0) {
        close(done_pipe[0]);
        child(path, w, h, pixels, done_pipe[1]);
    }
    close(done_pipe[1]);
    uint64_t end = now_ms() + (uint64_t)(limit_ms > 0 ? limit_ms : 1);
    struct pollfd pfd = {.fd = done_pipe[0], .events = POLLIN};
    int ready;
    for (;;) {
        uint64_t t = now_ms();
        int left = t >= end ? 0 : (int)(end - t);
        ready = poll(&pfd, 1, left);
        if (ready >= 0 || errno != EINTR) break;
    }
    close(done_pipe[0]);
    int status = 0;
    if (ready <= 0) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        snprintf(err, errsize, "it takes longer than %.1f s to draw (too many shapes): make it "
                               "simpler, or save it as PNG",
                 limit_ms / 1000.0);
        munmap(pixels, bytes);
        return NULL;
    }
    pid_t done = waitpid(pid, &status, 0);
    SDL_Surface *out = NULL;
    if (done == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        out = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
        if (out) {
            for (int y = 0; y < h; y++)
                memcpy((uint8_t *)out->pixels + (size_t)y * (size_t)out->pitch,
                       pixels + (size_t)y * (size_t)w, (size_t)w * 4);
        } else {
            snprintf(err, errsize, "out of memory: %s", SDL_GetError());
        }
    } else if (done == pid && WIFSIGNALED(status)) {
        snprintf(err, errsize, "drawing it crashed (signal %d): the file is damaged or too complex",
                 WTERMSIG(status));
    } else {
        snprintf(err, errsize, "it cannot be drawn: it is not a picture SDL_image can read");
    }
    munmap(pixels, bytes);
    return out;
}
