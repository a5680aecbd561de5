/* test_picture_queue.c - the kiosk's loop never waits on a picture: they
 * are prepared on a thread (picture_queue.c) through the picture gate.
 * 1. The queue: a good picture comes back ready at its size; a picture
 *    that takes too long (a JPEG of 65,535 scans: tens of seconds in
 *    libjpeg) comes back failed, with the reason; the picture asked for
 *    last is prepared first.
 * 2. The real loop (shell.c, SDL's dummy driver, a fake clock) with a page
 *    whose picture is that slow JPEG: the first frame waits for it only a
 *    little, then the page is drawn with a placeholder while the picture
 *    is still being prepared; a tap opens the detail at once, still
 *    without it; when the picture fails, the reason is logged and the
 *    kiosk goes on drawing. Before the queue, each of those frames waited
 *    for the decoder (1 s per picture, then the time limit). */
#include <SDL.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "files.h"
#include "fixture.h"
#include "picture_queue.h"
#include "shell.h"
#include "touch.h"

static char logged[8192];

static void keep_log(void *ctx, int category, SDL_LogPriority priority, const char *message) {
    (void)ctx, (void)category, (void)priority;
    size_t n = strlen(logged);
    snprintf(logged + n, sizeof logged - n, "%s\n", message);
}

/* Asks until the picture is no longer waiting, for at most max_ms. */
static picture_status wait_for(picture_queue *q, const char *path, int w, int h, SDL_Surface **s,
                               char *why, size_t whysize, int max_ms) {
    picture_status st = PICTURE_WAITING;
    for (int waited = 0; waited < max_ms; waited += 10) {
        st = picture_queue_get(q, path, w, h, s, why, whysize);
        if (st != PICTURE_WAITING) break;
        SDL_Delay(10);
    }
    return st;
}

static void queue_alone(const char *dir) {
    const char *good = fixture_at(dir, "good.jpg"), *slow = fixture_at(dir, "slow.jpg");
    size_t len;
    unsigned char *jpg = make_jpeg(64, 32, &len);
    CHECK(jpg != NULL);
    if (jpg) fixture_write_bytes(good, jpg, len);
    free(jpg);
    jpg = make_jpeg_many_scans(&len);
    CHECK(jpg != NULL);
    if (jpg) fixture_write_bytes(slow, jpg, len);
    free(jpg);

    picture_queue *q = picture_queue_new(0);
    CHECK(q != NULL);
    if (!q) return;
    SDL_Surface *s = NULL;
    char why[300] = "";
    /* Asked: waiting at once, whatever the picture. */
    CHECK_INT(picture_queue_get(q, slow, 400, 400, &s, why, sizeof why), PICTURE_WAITING);
    SDL_Delay(50); /* the thread has taken the slow one */
    CHECK_INT(picture_queue_get(q, slow, 300, 300, &s, why, sizeof why), PICTURE_WAITING);
    CHECK_INT(picture_queue_get(q, good, 32, 16, &s, why, sizeof why), PICTURE_WAITING);
    CHECK_INT(picture_queue_pending(q), 3);
    /* The newest comes first: the good one is ready while the slow one
     * asked before it still waits its turn. */
    picture_status st = wait_for(q, good, 32, 16, &s, why, sizeof why, 10000);
    CHECK_INT(st, PICTURE_READY);
    CHECK(s && s->w == 32 && s->h == 16);
    SDL_FreeSurface(s);
    CHECK(picture_queue_pending(q) >= 1);
    /* The slow ones fail on their time limit, with a reason. */
    for (int size = 300; size <= 400; size += 100) {
        why[0] = '\0';
        st = wait_for(q, slow, size, size, &s, why, sizeof why, 10000);
        CHECK_INT(st, PICTURE_FAILED);
        CHECK(s == NULL);
        CHECK(strstr(why, "longer than") != NULL);
    }
    CHECK_INT(picture_queue_pending(q), 0);
    /* Results never taken are dropped for new ones: never more than
     * PICTURE_QUEUE_SLOTS wait. */
    for (int i = 0; i < 3 * PICTURE_QUEUE_SLOTS; i++)
        picture_queue_get(q, good, 10 + i, 10, &s, why, sizeof why);
    SDL_Delay(500);
    CHECK(picture_queue_pending(q) <= PICTURE_QUEUE_SLOTS);
    picture_queue_free(q);
}

static uint64_t fake_now = 1000;
static uint64_t fake_clock(void *ctx) { (void)ctx; return fake_now; }

static void tap(float x, float y) {
    touch_push(SDL_FINGERDOWN, 1, 1, x, y);
    touch_push(SDL_FINGERUP, 1, 1, x, y);
}

static void loop_goes_on(const char *dir) {
    const char *content_dir = fixture_at(dir, "content");
    fixture_sh("mkdir -p '%s/pages' '%s/images'", content_dir, content_dir);
    fixture_write(fixture_at(content_dir, "content.ini"), "title = Slow\nlanguage = en\n");
    fixture_write(fixture_at(content_dir, "pages/010-slow.md"),
                  "---\ntitle: A slow photo\nimage: slow.jpg\n---\nIts picture takes long to "
                  "open.\n\n<!--more-->\n\nThe rest of the page.\n");
    fixture_sh("cp '%s' '%s/images/slow.jpg'", fixture_at(dir, "slow.jpg"), content_dir);

    config cfg;
    config_defaults(&cfg, content_dir);
    char err[600];
    config_set(&cfg, "window", "800x480", err, sizeof err);
    config_set(&cfg, "renderer", "software", err, sizeof err);
    theme t;
    theme_defaults(&t);
    content c;
    diag_list d;
    diag_list_init(&d);
    content_load(&c, content_dir, &d);
    CHECK_INT(d.errors, 0);
    diag_list_release(&d);
    shell sh;
    shell_options o = {.config = &cfg, .content = &c, .theme = &t,
                       .assets_dir = KIOSK_SOURCE_DIR "/assets", .clock = fake_clock,
                       .no_usb_watch = true};
    if (shell_open(&sh, &o, err, sizeof err) != 0) {
        fprintf(stderr, "cannot open the kiosk: %s\n", err);
        CHECK(0);
        content_release(&c);
        return;
    }
    CHECK(sh.drawer.queue != NULL);
    /* The first frame waits for its picture SHELL_FIRST_FRAME_HOLD_MS of
     * the shell's clock at most, while the loop goes on. */
    int steps = 0;
    while (sh.frames == 0 && steps < 1000) {
        shell_step(&sh, 0);
        fake_now += 16;
        steps++;
    }
    CHECK_INT(sh.frames, 1);
    CHECK(steps <= SHELL_FIRST_FRAME_HOLD_MS / 16 + 2);
    CHECK_INT(sh.drawer.waiting, 1); /* a placeholder where the picture goes */
    CHECK(picture_queue_pending(sh.drawer.queue) > 0);
    /* A tap opens the detail while the picture is still being prepared. */
    tap(0.5f, 0.5f);
    for (int i = 0; i < 40; i++) {
        shell_step(&sh, 0);
        fake_now += 16;
    }
    CHECK_INT(sh.app.st.mode, STATE_DETAIL);
    CHECK(sh.frames > 1);
    CHECK(picture_queue_pending(sh.drawer.queue) > 0);
    /* Then the pictures fail (the gate's time limit, real time), are
     * logged, and the kiosk draws the page again, placeholder and all. */
    int frames = sh.frames;
    for (int waited = 0; waited < 15000 && (picture_queue_pending(sh.drawer.queue) > 0 ||
                                            sh.drawer.waiting > 0);
         waited += 10) {
        SDL_Delay(10);
        shell_step(&sh, 0);
    }
    CHECK_INT(picture_queue_pending(sh.drawer.queue), 0);
    CHECK_INT(sh.drawer.waiting, 0);
    CHECK(strstr(logged, "Couldn't load picture") != NULL);
    CHECK(strstr(logged, "longer than") != NULL);
    CHECK(!sh.quit);
    CHECK(sh.frames > frames);
    shell_close(&sh);
    content_release(&c);
}

int main(void) {
    SDL_setenv("SDL_VIDEODRIVER", "dummy", 1);
    SDL_LogSetOutputFunction(keep_log, NULL);
    char dir[] = "/tmp/kiosk-picture-queue-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    queue_alone(dir);
    loop_goes_on(dir);
    fixture_sh("rm -rf '%s'", dir);
    return check_summary();
}
