/* test_picture.c - phone photos come out upright: a JPEG stored sideways
 * with an EXIF orientation is reported at its upright size and drawn
 * turned the right way, for all eight orientations; CMYK JPEGs keep their
 * colours; and a decoder that a picture has taken over, in the picture
 * gate's worker, can read files but not write one, connect, start a
 * program or make memory executable (its seccomp filter); its time limit
 * ends a slow decoder, and KIOSK_PICTURE_TIME_SCALE stretches that limit. */
#include <SDL.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "fixture.h"
#include "imageinfo.h"
#include "picture.h"
#include "picture_gate.h"

/* A "decoder" that does what a taken-over one would try, and says which
 * calls went through: "read" only, when the worker is confined. path is a
 * readable file; path.escape must not come into being. */
static SDL_Surface *try_escape(const char *path, int w, int h, char *why, size_t whysize) {
    (void)w, (void)h;
    char escape[600];
    snprintf(escape, sizeof escape, "%s.escape", path);
    char done[200] = "";
    int fd = open(path, O_RDONLY);
    if (fd >= 0) { strcat(done, " read"); close(fd); }
    fd = open(escape, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd >= 0) { strcat(done, " write"); close(fd); }
    fd = open(path, O_RDWR);
    if (fd >= 0) { strcat(done, " read-write"); close(fd); }
    int sock = socket(AF_INET, SOCK_STREAM, 0);
    if (sock >= 0) { strcat(done, " socket"); close(sock); }
    pid_t pid = fork();
    if (pid == 0) _exit(0);
    if (pid > 0) strcat(done, " fork");
    char *const argv[] = {"/bin/true", NULL};
    if (execve("/bin/true", argv, NULL) == 0) strcat(done, " exec");
    void *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code != MAP_FAILED) { strcat(done, " exec-memory"); munmap(code, 4096); }
    void *data = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (data != MAP_FAILED) {
        strcat(done, " memory");
        if (mprotect(data, 4096, PROT_READ | PROT_EXEC) == 0) strcat(done, " make-executable");
        munmap(data, 4096);
    }
    snprintf(why, whysize, "went through:%s", done);
    return NULL;
}

/* A decoder that works for 300 ms (on the CPU: no call the worker's
 * filter might refuse), then gives a w x h picture. */
static SDL_Surface *slow(const char *path, int w, int h, char *why, size_t whysize) {
    (void)path, (void)why, (void)whysize;
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    do clock_gettime(CLOCK_MONOTONIC, &t);
    while ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 < 300);
    return SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
}

/* 'R' or 'B' for the pixel's dominant colour. */
static char colour_at(SDL_Surface *s, int x, int y) {
    Uint32 p = ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x];
    Uint8 r, g, b;
    SDL_GetRGB(p, s->format, &r, &g, &b);
    return r > b ? 'R' : 'B';
}

int main(void) {
    /* Read once, at the gate's first picture: every limit below is x10. */
    setenv("KIOSK_PICTURE_TIME_SCALE", "10", 1);
    char path[] = "/tmp/kiosk-picture-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    /* Stored 80x40 (red left, blue right). Where the red half must end up
     * once upright: for each orientation, the colour at the upright
     * picture's top-left and bottom-right corners. */
    static const struct { int o, w, h; char top_left, bottom_right; } cases[] = {
        {1, 80, 40, 'R', 'B'}, {2, 80, 40, 'B', 'R'}, {3, 80, 40, 'B', 'R'},
        {4, 80, 40, 'R', 'B'}, {5, 40, 80, 'R', 'B'}, {6, 40, 80, 'R', 'B'},
        {7, 40, 80, 'B', 'R'}, {8, 40, 80, 'B', 'R'},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len;
        unsigned char *jpg = make_jpeg_oriented(80, 40, cases[i].o, &len);
        FILE *f = fopen(path, "wb");
        fwrite(jpg, 1, len, f);
        fclose(f);
        free(jpg);
        image_info info;
        char err[256];
        CHECK_INT(imageinfo_read(path, &info, err, sizeof err), 0);
        CHECK_INT(info.orientation, cases[i].o);
        CHECK_INT(info.width, cases[i].w);            /* the upright size */
        CHECK_INT(info.height, cases[i].h);
        SDL_Surface *s = picture_load(path, cases[i].w, cases[i].h);
        CHECK(s != NULL);
        if (!s) continue;
        CHECK_INT(s->w, cases[i].w);
        char tl = colour_at(s, 2, 2), br = colour_at(s, s->w - 3, s->h - 3);
        if (tl != cases[i].top_left || br != cases[i].bottom_right)
            fprintf(stderr, "orientation %d: corners %c %c, expected %c %c\n", cases[i].o, tl, br,
                    cases[i].top_left, cases[i].bottom_right);
        CHECK(tl == cases[i].top_left && br == cases[i].bottom_right);
        SDL_FreeSurface(s);
    }
    /* A CMYK JPEG from a print designer: the right colours, not inverted
     * (SDL_image draws it as a negative). */
    size_t len;
    unsigned char *jpg = make_jpeg_cmyk(80, 40, &len);
    FILE *f = fopen(path, "wb");
    fwrite(jpg, 1, len, f);
    fclose(f);
    free(jpg);
    SDL_Surface *s = picture_load(path, 80, 40);
    CHECK(s != NULL);
    if (s) {
        Uint8 r, g, b;
        SDL_GetRGB(((Uint32 *)s->pixels)[20 * s->pitch / 4 + 10], s->format, &r, &g, &b);
        if (!(r > 200 && g < 60 && b < 60)) fprintf(stderr, "CMYK red drawn as %d,%d,%d\n", r, g, b);
        CHECK(r > 200 && g < 60 && b < 60);
        SDL_GetRGB(((Uint32 *)s->pixels)[20 * s->pitch / 4 + 70], s->format, &r, &g, &b);
        if (!(b > 200 && r < 60 && g < 60)) fprintf(stderr, "CMYK blue drawn as %d,%d,%d\n", r, g, b);
        CHECK(b > 200 && r < 60 && g < 60);
        SDL_FreeSurface(s);
    }
    /* The worker's filter (not with KIOSK_PICTURES_IN_PROCESS: no worker). */
    if (!SDL_getenv("KIOSK_PICTURES_IN_PROCESS")) {
        char why[300] = "";
        CHECK(picture_gate_decode(try_escape, path, 8, 8, 2000, why, sizeof why) == NULL);
        if (strcmp(why, "went through: read memory") != 0) fprintf(stderr, "worker: %s\n", why);
        CHECK_STR(why, "went through: read memory");
        char escape[600];
        snprintf(escape, sizeof escape, "%s.escape", path);
        struct stat st;
        CHECK(stat(escape, &st) != 0 && errno == ENOENT);
        unlink(escape);
        /* And the worker still draws pictures after it. */
        jpg = make_jpeg(64, 32, &len);
        f = fopen(path, "wb");
        fwrite(jpg, 1, len, f);
        fclose(f);
        free(jpg);
        s = picture_load(path, 64, 32);
        CHECK(s != NULL);
        SDL_FreeSurface(s);
        /* 300 ms of work: within 50 ms x 10, not within 20 ms x 10, and
         * the message gives the limit that was applied. */
        s = picture_gate_decode(slow, path, 8, 8, 50, why, sizeof why);
        CHECK(s != NULL);
        SDL_FreeSurface(s);
        s = picture_gate_decode(slow, path, 8, 8, 20, why, sizeof why);
        CHECK(s == NULL);
        CHECK(strstr(why, "longer than 0.2 s") != NULL);
        if (!strstr(why, "longer than 0.2 s")) fprintf(stderr, "slow: %s\n", why);
        s = picture_load(path, 64, 32);   /* a new worker after the killed one */
        CHECK(s != NULL);
        SDL_FreeSurface(s);
    }
    unlink(path);
    return check_summary();
}
