/* test_pin.c - the staff PIN: set and verify, wrong PINs (near misses,
 * junk) never open, the lock-out on synthetic time, lock-outs that grow
 * (15 minutes, 1 hour, 4 hours, 24 hours) across restarts, a restart that
 * keeps it, clocks that jump, damaged files (locked, to be safe), a full or
 * read-only disk (the right PIN still opens; wrong tries still lock, in
 * memory), file modes, and weak PINs refused. Each part works in its own
 * folder under a mkdtemp folder.
 *
 * A full disk is faked at link time (tests/CMakeLists.txt links this test
 * with --wrap=write,--wrap=mkstemp): while `fake_failure` is set, pin.c's
 * write() or mkstemp() fails with that errno, for root as for anyone. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "files.h"
#include "pin.h"

#define RIGHT "583920"
#define WRONG "271828" /* well formed, so it is hashed and checked */
#define WALL ((time_t)1800000000) /* 2027-01-15 */
#define LOCK PIN_LOCK_MS
#define JUNK "x" /* a wrong try that is counted but not hashed: quick */
#define MINUTE_MS ((uint64_t)60 * 1000)
#define HOUR_MS (60 * MINUTE_MS)

static char root[64];

/* ---- the fake full disk ---- */

enum { FAIL_NOTHING, FAIL_WRITE, FAIL_MKSTEMP };
static int fake_failure = FAIL_NOTHING, fake_errno;
static int fake_failures; /* how many calls were failed: proves the fake works */

ssize_t __real_write(int fd, const void *data, size_t n);
ssize_t __wrap_write(int fd, const void *data, size_t n);
ssize_t __wrap_write(int fd, const void *data, size_t n) {
    if (fake_failure == FAIL_WRITE) {
        fake_failures++;
        errno = fake_errno;
        return -1;
    }
    return __real_write(fd, data, n);
}

int __real_mkstemp(char *name);
int __wrap_mkstemp(char *name);
int __wrap_mkstemp(char *name) {
    if (fake_failure == FAIL_MKSTEMP) {
        fake_failures++;
        errno = fake_errno;
        return -1;
    }
    return __real_mkstemp(name);
}

static void fail_writes(int how, int error) {
    fake_failure = how;
    fake_errno = error;
}

static void folder(char *out, size_t size, const char *name) {
    snprintf(out, size, "%s/%s", root, name);
    mkdir(out, 0755);
}

static void file_path(char *out, size_t size, const char *dir, const char *name) {
    snprintf(out, size, "%s/%s", dir, name);
}

/* The file's text, "" when it cannot be read. */
static const char *read_text(const char *dir, const char *name) {
    static char text[4096];
    char path[256];
    file_path(path, sizeof path, dir, name);
    text[0] = '\0';
    FILE *f = fopen(path, "rb");
    if (!f) return text;
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    fclose(f);
    return text;
}

static bool exists(const char *dir, const char *name) {
    char path[256];
    file_path(path, sizeof path, dir, name);
    return access(path, F_OK) == 0;
}

static int mode_of(const char *dir, const char *name) {
    char path[256];
    struct stat st;
    file_path(path, sizeof path, dir, name);
    return stat(path, &st) == 0 ? (int)(st.st_mode & 07777) : -1;
}

static int files_in(const char *dir) {
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) n++;
    if (d) closedir(d);
    return d ? n : -1;
}

static void forget_tries(const char *dir) {
    char path[256];
    file_path(path, sizeof path, dir, PIN_GUARD_FILE);
    unlink(path);
}

static void test_digits(void) {
    static const char *const weak[] = {
        "0000", "1111", "99999999", "1234", "4321", "12345678", "87654321", "7890", "9012",
        "0987", "2468", "1357", "97531", "1212", "6969", "121212", "123123", "12341234",
        "1984", "2001", "2580", "1122", "112233", "11223344", "1004",
    };
    static const char *const malformed[] = {
        "", "123", "12", "123456789", "12a4", "1234 ", " 1234", "12-34", "abcd", "١٢٣٤٥",
        "\xef\xbc\x95\xef\xbc\x98\xef\xbc\x93\xef\xbc\x99", /* full-width 5839 */
    };
    char err[300];
    for (size_t i = 0; i < sizeof weak / sizeof weak[0]; i++) {
        err[0] = '\0';
        CHECK_INT(pin_check_digits(weak[i], err, sizeof err), -1);
        CHECK(strstr(err, "too easy to guess") != NULL);
        CHECK(strstr(err, weak[i]) == NULL); /* the message never repeats the PIN */
        if (pin_check_digits(weak[i], err, sizeof err) == 0)
            fprintf(stderr, "  weak PIN accepted: %s\n", weak[i]);
    }
    for (size_t i = 0; i < sizeof malformed / sizeof malformed[0]; i++) {
        err[0] = '\0';
        CHECK_INT(pin_check_digits(malformed[i], err, sizeof err), -1);
        CHECK(err[0] != '\0');
        CHECK(malformed[i][0] == '\0' || strstr(err, malformed[i]) == NULL);
    }
    CHECK_INT(pin_check_digits(NULL, err, sizeof err), -1);
    CHECK(strstr(err, "4 to 8 digits") != NULL);
    static const char *const good[] = {RIGHT, "2719", "90417263", "0583", "7302", "4815162"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        int rc = pin_check_digits(good[i], err, sizeof err);
        CHECK_INT(rc, 0);
        if (rc != 0) fprintf(stderr, "  refused %s: %s\n", good[i], err);
    }
    CHECK_INT(PIN_ERROR, 0); /* a zeroed result never reads as PIN_OK */
}

static void test_not_set(void) {
    char dir[128], err[300];
    folder(dir, sizeof dir, "not-set");
    pin_guard g;
    pin_guard_init(&g);
    CHECK(!pin_is_set(dir));
    CHECK_INT(pin_file_check(dir, err, sizeof err), 0);
    CHECK_INT(pin_try(&g, dir, RIGHT, 0, WALL).code, PIN_NOT_SET);
    CHECK_INT(pin_guard_status(&g, dir, 0, WALL).code, PIN_NOT_SET);
    CHECK(!exists(dir, PIN_GUARD_FILE)); /* not counted as a try */
    CHECK_INT(pin_clear(dir, err, sizeof err), 0);
    /* A weak PIN is refused and nothing is written. */
    CHECK_INT(pin_set(dir, "1234", err, sizeof err), -1);
    CHECK(!exists(dir, PIN_FILE));
}

static void test_set(void) {
    char dir[128], err[300];
    folder(dir, sizeof dir, "set");
    CHECK_INT(pin_set(dir, RIGHT, err, sizeof err), 0);
    CHECK(pin_is_set(dir));
    CHECK_INT(pin_file_check(dir, err, sizeof err), 1);
    CHECK_INT(mode_of(dir, PIN_FILE), 0600);
    CHECK_INT(files_in(dir), 1); /* no temporary file left behind */
    char hash[256];
    snprintf(hash, sizeof hash, "%s", read_text(dir, PIN_FILE));
    CHECK(strncmp(hash, "$argon2id$", 10) == 0);
    CHECK(strstr(hash, "$m=65536,t=2,p=1$") != NULL); /* the INTERACTIVE limits */
    CHECK(strstr(hash, RIGHT) == NULL);
    CHECK(strlen(hash) > 20 && hash[strlen(hash) - 1] == '\n');
    /* The same PIN again: a new salt, so a new hash. */
    CHECK_INT(pin_set(dir, RIGHT, err, sizeof err), 0);
    CHECK(strcmp(hash, read_text(dir, PIN_FILE)) != 0);
    /* A weak PIN leaves the old one in place. */
    snprintf(hash, sizeof hash, "%s", read_text(dir, PIN_FILE));
    CHECK_INT(pin_set(dir, "0000", err, sizeof err), -1);
    CHECK_STR(read_text(dir, PIN_FILE), hash);
}

static void test_right_and_wrong(void) {
    char dir[128], err[300];
    folder(dir, sizeof dir, "right-wrong");
    CHECK_INT(pin_set(dir, RIGHT, err, sizeof err), 0);
    pin_guard g;
    pin_guard_init(&g);
    pin_result r = pin_try(&g, dir, RIGHT, 1000, WALL);
    CHECK_INT(r.code, PIN_OK);
    CHECK_STR(r.message, "");
    CHECK_INT(mode_of(dir, PIN_GUARD_FILE), 0600);
    CHECK(strstr(read_text(dir, PIN_GUARD_FILE), "failures 0\n") != NULL);

    static const char *const wrong[] = {
        "5839", "58392", "83920", "3920", "920", "5839201", "0583920", "58392058", "583921",
        "483920", "583919", "385920", "583920583", "5839205839", "583920 ", " 583920",
        "583920\n", "583920\r", "58392O", "583 920", "-583920", "+583920", "", "abcdef",
        "\xef\xbc\x95\xef\xbc\x98\xef\xbc\x93\xef\xbc\x99\xef\xbc\x92\xef\xbc\x90", WRONG, NULL,
    };
    for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
        forget_tries(dir);
        pin_guard_init(&g);
        r = pin_try(&g, dir, wrong[i], 1000, WALL);
        CHECK_INT(r.code, PIN_WRONG);
        CHECK_INT(r.tries_left, PIN_TRIES - 1);
        if (r.code == PIN_OK) fprintf(stderr, "  opened with wrong PIN #%zu\n", i);
    }
    /* Many wrong tries in one run, with the right one between lock-outs:
     * PIN_OK only for the right one. */
    forget_tries(dir);
    pin_guard_init(&g);
    int opened = 0, locked = 0;
    for (int i = 0; i < 12; i++) {
        char guess[16];
        snprintf(guess, sizeof guess, "%06d", 583910 + i); /* 583920 is i = 10 */
        r = pin_try(&g, dir, guess, 1000 + (uint64_t)i, WALL);
        opened += r.code == PIN_OK;
        locked += r.code == PIN_LOCKED;
    }
    CHECK_INT(opened, 0); /* the right one came after 5 wrong: locked, not checked */
    CHECK_INT(locked, 7);
}

static void test_lockout(void) {
    char dir[128], err[300];
    folder(dir, sizeof dir, "lockout");
    CHECK_INT(pin_set(dir, RIGHT, err, sizeof err), 0);
    pin_guard g;
    pin_guard_init(&g);
    uint64_t t = 5000;
    pin_result r = pin_guard_status(&g, dir, t, WALL);
    CHECK_INT(r.code, PIN_READY);
    CHECK_INT(r.tries_left, PIN_TRIES);
    for (int i = 1; i < PIN_TRIES; i++) {
        r = pin_try(&g, dir, WRONG, t, WALL);
        CHECK_INT(r.code, PIN_WRONG);
        CHECK_INT(r.tries_left, PIN_TRIES - i);
        CHECK_INT(r.wait_ms, 0);
    }
    CHECK_INT(pin_guard_status(&g, dir, t, WALL).tries_left, 1);
    r = pin_try(&g, dir, WRONG, t, WALL); /* the fifth */
    CHECK_INT(r.code, PIN_WRONG);
    CHECK_INT(r.tries_left, 0);
    CHECK_INT(r.wait_ms, LOCK);
    r = pin_guard_status(&g, dir, t, WALL);
    CHECK_INT(r.code, PIN_LOCKED);
    CHECK_INT(r.wait_ms, LOCK);

    /* Locked: the right PIN is refused, and not even looked at (a damaged
     * PIN file would be PIN_ERROR if it were read). */
    r = pin_try(&g, dir, RIGHT, t + 1000, WALL + 1);
    CHECK_INT(r.code, PIN_LOCKED);
    CHECK_INT(r.wait_ms, LOCK - 1000);
    char hash[256];
    snprintf(hash, sizeof hash, "%s", read_text(dir, PIN_FILE));
    fixture_put(dir, PIN_FILE, "junk", 4);
    CHECK_INT(pin_try(&g, dir, RIGHT, t + 2000, WALL + 2).code, PIN_LOCKED);
    fixture_put(dir, PIN_FILE, hash, strlen(hash));
    r = pin_try(&g, dir, RIGHT, t + LOCK - 1, WALL + 899);
    CHECK_INT(r.code, PIN_LOCKED);
    CHECK_INT(r.wait_ms, 1);

    /* 15 minutes on: open again. */
    CHECK_INT(pin_try(&g, dir, RIGHT, t + LOCK, WALL + 900).code, PIN_OK);

    /* After a lock-out the count starts again. */
    for (int i = 0; i < PIN_TRIES; i++) pin_try(&g, dir, WRONG, t + LOCK + 10, WALL + 1000);
    CHECK_INT(pin_guard_status(&g, dir, t + LOCK + 10, WALL + 1000).code, PIN_LOCKED);
    r = pin_try(&g, dir, WRONG, t + 2 * LOCK + 10, WALL + 2000);
    CHECK_INT(r.code, PIN_WRONG);
    CHECK_INT(r.tries_left, PIN_TRIES - 1);

    /* A right PIN puts the count back to zero. */
    pin_try(&g, dir, WRONG, t + 2 * LOCK + 20, WALL + 2001);
    pin_try(&g, dir, WRONG, t + 2 * LOCK + 30, WALL + 2002);
    CHECK_INT(pin_try(&g, dir, RIGHT, t + 2 * LOCK + 40, WALL + 2003).code, PIN_OK);
    r = pin_try(&g, dir, WRONG, t + 2 * LOCK + 50, WALL + 2004);
    CHECK_INT(r.tries_left, PIN_TRIES - 1);
}

/* PIN_TRIES wrong tries at (now_ms, wall): all PIN_WRONG, the last one
 * starting a lock-out. Returns its length. */
static uint64_t wrong_tries(pin_guard *g, const char *dir, uint64_t now_ms, time_t wall) {
    pin_result r;
    memset(&r, 0, sizeof r);
    for (int i = 1; i <= PIN_TRIES; i++) {
        r = pin_try(g, dir, JUNK, now_ms, wall);
        CHECK_INT(r.code, PIN_WRONG);
        CHECK_INT(r.tries_left, PIN_TRIES - i);
    }
    return r.wait_ms;
}

static void test_growing(void) {
    char dir[128], err[300];
    folder(dir, sizeof dir, "growing");
    CHECK_INT(pin_set(dir, RIGHT, err, sizeof err), 0);
    /* Lock-outs 1 to 5 in a row: the 5th, 10th, 15th, 20th and 25th wrong
     * tries, each made as soon as the one before has ended. */
    static const uint64_t expect[] = {15 * MINUTE_MS, HOUR_MS, 4 * HOUR_MS, 24 * HOUR_MS,
                                      24 * HOUR_MS};
    pin_guard g;
    pin_guard_init(&g);
    uint64_t t = 1000;
    time_t w = WALL;
    CHECK_INT(pin_try(&g, dir, WRONG, t, w).tries_left, PIN_TRIES - 1); /* hashed */
    CHECK_INT(pin_try(&g, dir, RIGHT, t, w).code, PIN_OK);
    for (int k = 0; k < 5; k++) {
        uint64_t lock = wrong_tries(&g, dir, t, w);
        CHECK_INT(lock, expect[k]);
        if (lock != expect[k]) fprintf(stderr, "  lock-out %d: %llu ms\n", k + 1,
                                       (unsigned long long)lock);
        pin_result r = pin_guard_status(&g, dir, t, w);
        CHECK_INT(r.code, PIN_LOCKED);
        CHECK_INT(r.wait_ms, expect[k]);
        uint64_t end_t = t + expect[k];
        time_t end_w = w + (time_t)(expect[k] / 1000);
        if (k == 1) {
            /* A restart a minute into the hour: still the hour, less that minute. */
            pin_guard_init(&g);
            r = pin_try(&g, dir, RIGHT, 10, w + 60);
            CHECK_INT(r.code, PIN_LOCKED);
            CHECK_INT(r.wait_ms, expect[k] - MINUTE_MS);
            end_t = 10 + r.wait_ms;
        }
        if (k == 3) {
            /* A restart with the wall clock a year back (a Pi without a
             * real-time clock): locked for the whole 24 hours, no more. */
            pin_guard_init(&g);
            r = pin_try(&g, dir, RIGHT, 0, w - 365 * 86400);
            CHECK_INT(r.code, PIN_LOCKED);
            CHECK_INT(r.wait_ms, expect[k]);
            end_t = expect[k];
        }
        if (k == 4) {
            /* The monotonic clock goes backwards: 24 hours at most. */
            r = pin_guard_status(&g, dir, 0, w);
            CHECK_INT(r.code, PIN_LOCKED);
            CHECK_INT(r.wait_ms, expect[k]);
            end_t = expect[k];
        }
        CHECK_INT(pin_try(&g, dir, RIGHT, end_t - 1, end_w - 1).code, PIN_LOCKED);
        r = pin_guard_status(&g, dir, end_t, end_w);
        CHECK_INT(r.code, PIN_READY);
        CHECK_INT(r.tries_left, PIN_TRIES); /* tries start again; the lock-outs do not */
        t = end_t;
        w = end_w;
        if (k == 2) {
            /* A restart a day after the 4 hours ended: the next is 24 hours. */
            pin_guard_init(&g);
            t = 5;
            w += 86400;
        }
    }
    CHECK(strstr(read_text(dir, PIN_GUARD_FILE), "lockouts 5\n") != NULL);
    /* The right PIN: back to 15 minutes. */
    CHECK_INT(pin_try(&g, dir, RIGHT, t, w).code, PIN_OK);
    CHECK(strstr(read_text(dir, PIN_GUARD_FILE), "lockouts 0\n") != NULL);
    CHECK_INT(wrong_tries(&g, dir, t, w), 15 * MINUTE_MS);
    /* So is IT setting a new PIN (after a restart). */
    CHECK_INT(wrong_tries(&g, dir, t + 15 * MINUTE_MS, w + 900), HOUR_MS);
    CHECK_INT(pin_set(dir, RIGHT, err, sizeof err), 0);
    pin_guard_init(&g);
    CHECK_INT(wrong_tries(&g, dir, 0, w + 900), 15 * MINUTE_MS);

    /* A guard file from before lock-outs grew (version 1): a lock-out in
     * it is the first in a row, so the next is an hour. */
    char v1[120];
    snprintf(v1, sizeof v1, "kiosk-pin-guard 1\nfailures 5\nlocked_until %lld\n",
             (long long)WALL + 600);
    fixture_put(dir, PIN_GUARD_FILE, v1, strlen(v1));
    pin_guard_init(&g);
    pin_result r = pin_guard_status(&g, dir, 0, WALL);
    CHECK_INT(r.code, PIN_LOCKED);
    CHECK_INT(r.wait_ms, 600 * 1000);
    CHECK_INT(wrong_tries(&g, dir, 600 * 1000, WALL + 600), HOUR_MS);
}

/* Five wrong tries at (now_ms, wall) with a fresh guard. */
static void lock_out(const char *dir, uint64_t now_ms, time_t wall) {
    pin_guard g;
    pin_guard_init(&g);
    forget_tries(dir);
    for (int i = 0; i < PIN_TRIES; i++) pin_try(&g, dir, WRONG, now_ms, wall);
    CHECK_INT(pin_guard_status(&g, dir, now_ms, wall).code, PIN_LOCKED);
}

static void test_restart(void) {
    char dir[128], err[300];
    folder(dir, sizeof dir, "restart");
    CHECK_INT(pin_set(dir, RIGHT, err, sizeof err), 0);
    CHECK_INT(mode_of(dir, PIN_GUARD_FILE), -1); /* pin_set starts with no tries */

    /* Locked, then the plug is pulled: a new run (its own monotonic clock,
     * starting near 0) reads the lock-out from the file. */
    lock_out(dir, 500000, WALL);
    CHECK_INT(mode_of(dir, PIN_GUARD_FILE), 0600);
    pin_guard g;
    pin_guard_init(&g);
    pin_result r = pin_try(&g, dir, RIGHT, 10, WALL + 60);
    CHECK_INT(r.code, PIN_LOCKED);
    CHECK_INT(r.wait_ms, (uint64_t)(PIN_LOCK_SECONDS - 60) * 1000);
    CHECK_INT(pin_try(&g, dir, RIGHT, 10 + r.wait_ms - 1, WALL + 60).code, PIN_LOCKED);
    CHECK_INT(pin_try(&g, dir, RIGHT, 10 + r.wait_ms, WALL + 60).code, PIN_OK);

    lock_out(dir, 500000, WALL);
    pin_guard_init(&g);
    CHECK_INT(pin_try(&g, dir, RIGHT, 10, WALL + PIN_LOCK_SECONDS - 1).code, PIN_LOCKED);
    pin_guard_init(&g);
    CHECK_INT(pin_try(&g, dir, RIGHT, 10, WALL + PIN_LOCK_SECONDS).code, PIN_OK);

    /* Three wrong tries, restart: two left. */
    forget_tries(dir);
    pin_guard_init(&g);
    for (int i = 0; i < 3; i++) pin_try(&g, dir, WRONG, 100, WALL);
    pin_guard_init(&g);
    r = pin_guard_status(&g, dir, 0, WALL);
    CHECK_INT(r.code, PIN_READY);
    CHECK_INT(r.tries_left, 2);
    r = pin_try(&g, dir, WRONG, 0, WALL);
    CHECK_INT(r.tries_left, 1);
    /* An old, ended lock-out on restart: the count starts again. */
    lock_out(dir, 0, WALL);
    pin_guard_init(&g);
    r = pin_try(&g, dir, WRONG, 0, WALL + 86400);
    CHECK_INT(r.code, PIN_WRONG);
    CHECK_INT(r.tries_left, PIN_TRIES - 1);
}

static void test_clock_jumps(void) {
    char dir[128], err[300];
    folder(dir, sizeof dir, "clock");
    CHECK_INT(pin_set(dir, RIGHT, err, sizeof err), 0);
    pin_guard g;

    /* The wall clock went back an hour while the power was off (a Pi
     * with no real-time clock): still locked, for 15 minutes, not 75. */
    static const time_t back[] = {1, 60, 3600, 86400 * 365};
    for (size_t i = 0; i < sizeof back / sizeof back[0]; i++) {
        lock_out(dir, 7000, WALL);
        pin_guard_init(&g);
        pin_result r = pin_try(&g, dir, RIGHT, 0, WALL - back[i]);
        CHECK_INT(r.code, PIN_LOCKED);
        CHECK_INT(r.wait_ms, LOCK);
        CHECK_INT(pin_try(&g, dir, RIGHT, LOCK - 1, WALL - back[i]).code, PIN_LOCKED);
        CHECK_INT(pin_try(&g, dir, RIGHT, LOCK, WALL - back[i]).code, PIN_OK);
    }
    /* A clock at 1970 or before. */
    lock_out(dir, 7000, WALL);
    pin_guard_init(&g);
    CHECK_INT(pin_try(&g, dir, RIGHT, 0, 0).wait_ms, LOCK);
    pin_guard_init(&g);
    CHECK_INT(pin_try(&g, dir, RIGHT, 0, (time_t)-5).wait_ms, LOCK);
    lock_out(dir, 7000, 0);
    pin_guard_init(&g);
    CHECK_INT(pin_try(&g, dir, RIGHT, 0, 0).code, PIN_LOCKED);
    pin_guard_init(&g);
    CHECK_INT(pin_try(&g, dir, RIGHT, 0, PIN_LOCK_SECONDS).code, PIN_OK);

    /* While the kiosk runs, only the monotonic clock counts: a wall clock
     * set a day ahead does not end the lock-out. */
    pin_guard_init(&g);
    forget_tries(dir);
    for (int i = 0; i < PIN_TRIES; i++) pin_try(&g, dir, WRONG, 1000, WALL);
    pin_result r = pin_try(&g, dir, RIGHT, 61000, WALL + 86400);
    CHECK_INT(r.code, PIN_LOCKED);
    CHECK_INT(r.wait_ms, LOCK - 60000);
    /* A monotonic clock that goes backwards (a wrapped 32-bit tick count)
     * keeps it locked, for at most 15 minutes from then. */
    r = pin_try(&g, dir, RIGHT, 0, WALL);
    CHECK_INT(r.code, PIN_LOCKED);
    CHECK(r.wait_ms <= LOCK);
    CHECK_INT(pin_try(&g, dir, RIGHT, r.wait_ms - 1, WALL).code, PIN_LOCKED);
    CHECK_INT(pin_try(&g, dir, RIGHT, r.wait_ms, WALL).code, PIN_OK);
}

static void test_damaged_guard(void) {
    char dir[128], err[300];
    folder(dir, sizeof dir, "damaged-guard");
    CHECK_INT(pin_set(dir, RIGHT, err, sizeof err), 0);
    static const struct {
        const char *text;
        size_t n;
    } bad[] = {
#define T(s) {s, sizeof s - 1}
        T(""),
        T("garbage"),
        T("\x00\xff\xfe\x01 binary"),
        T("kiosk-pin-guard 1\nfailures 9\nlocked_until 0\n"),
        T("kiosk-pin-guard 1\nfailures 5\nlocked_until 0\n"),
        T("kiosk-pin-guard 1\nfailures 3\nlocked_until 1800000000\n"),
        T("kiosk-pin-guard 1\nfailures -1\nlocked_until 0\n"),
        T("kiosk-pin-guard 1\nfailures 2\nlocked_until 0"),
        T("kiosk-pin-guard 1\nfailures 2\nlocked_until 0\nmore\n"),
        T("kiosk-pin-guard 1\nfailures 2\r\nlocked_until 0\r\n"),
        T("kiosk-pin-guard 1\nfailures 2\0\nlocked_until 0\n"),
        T("kiosk-pin-guard 2\nfailures 0\nlocked_until 0\n"),
        T("kiosk-pin-guard 1\nfailures 99999999999999999999999\nlocked_until 0\n"),
        T("kiosk-pin-guard 1\nfailures 5\nlocked_until 99999999999999999999\n"),
        T("kiosk-pin-guard 1\nfailures  2\nlocked_until 0\n"),
        T("kiosk-pin-guard 2\nfailures 5\nlockouts 0\nlocked_until 1800000000\n"),
        T("kiosk-pin-guard 2\nfailures 2\nlockouts 100000\nlocked_until 0\n"),
        T("kiosk-pin-guard 2\nfailures 2\nlockouts -1\nlocked_until 0\n"),
        T("kiosk-pin-guard 2\nfailures 5\nlockouts 1\nlocked_until 0\n"),
        T("kiosk-pin-guard 1\nfailures 2\nlockouts 1\nlocked_until 0\n"),
        T("kiosk-pin-guard 2\nlockouts 1\nfailures 2\nlocked_until 0\n"),
#undef T
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        fixture_put(dir, PIN_GUARD_FILE, bad[i].text, bad[i].n);
        pin_guard g;
        pin_guard_init(&g);
        pin_result r = pin_try(&g, dir, RIGHT, 100, WALL);
        CHECK_INT(r.code, PIN_LOCKED);
        CHECK_INT(r.wait_ms, LOCK);
        CHECK(strstr(r.message, PIN_GUARD_FILE " is damaged") != NULL);
        CHECK(strstr(r.message, "locked for 15 minutes") != NULL);
        if (r.code != PIN_LOCKED) fprintf(stderr, "  not locked by bad guard file #%zu\n", i);
        /* After the 15 minutes, the right PIN opens and the file is good. */
        CHECK_INT(pin_try(&g, dir, RIGHT, 100 + LOCK, WALL + 900).code, PIN_OK);
        CHECK(strstr(read_text(dir, PIN_GUARD_FILE), "failures 0\n") != NULL);
    }
    /* Too big: a megabyte. */
    static char big[1 << 20];
    memset(big, '\n', sizeof big);
    fixture_put(dir, PIN_GUARD_FILE, big, sizeof big);
    pin_guard g;
    pin_guard_init(&g);
    pin_result r = pin_try(&g, dir, RIGHT, 100, WALL);
    CHECK_INT(r.code, PIN_LOCKED);
    CHECK(strstr(r.message, "too big") != NULL);

    /* A folder in its place: locked; after that, a try cannot be counted,
     * so it is not taken. */
    char path[256];
    file_path(path, sizeof path, dir, PIN_GUARD_FILE);
    unlink(path);
    mkdir(path, 0755);
    pin_guard_init(&g);
    r = pin_try(&g, dir, RIGHT, 100, WALL);
    CHECK_INT(r.code, PIN_LOCKED);
    CHECK(strstr(r.message, "it is a folder, not a file") != NULL);
    r = pin_try(&g, dir, RIGHT, 100 + LOCK, WALL + 900);
    CHECK_INT(r.code, PIN_ERROR);
    CHECK(strstr(r.message, "not checked") != NULL);
    rmdir(path);

    /* A symbolic link in its place, even to a good file. */
    static const char good[] = "kiosk-pin-guard 1\nfailures 0\nlocked_until 0\n";
    fixture_put(dir, "elsewhere", good, strlen(good));
    CHECK(symlink("elsewhere", path) == 0);
    pin_guard_init(&g);
    r = pin_try(&g, dir, RIGHT, 100, WALL);
    CHECK_INT(r.code, PIN_LOCKED);
    CHECK(strstr(r.message, "it is a link (a shortcut)") != NULL);
    unlink(path);

    /* A good file is read as it is, in either version. */
    static const char *const two[] = {
        "kiosk-pin-guard 2\nfailures 2\nlockouts 0\nlocked_until 0\n",
        "kiosk-pin-guard 1\nfailures 2\nlocked_until 0\n",
    };
    for (size_t i = 0; i < sizeof two / sizeof two[0]; i++) {
        fixture_put(dir, PIN_GUARD_FILE, two[i], strlen(two[i]));
        pin_guard_init(&g);
        r = pin_try(&g, dir, WRONG, 100, WALL);
        CHECK_INT(r.code, PIN_WRONG);
        CHECK_INT(r.tries_left, 2);
        CHECK_STR(r.message, "");
    }

    /* A data folder that cannot be written (not as root: root writes
     * anyway; the folder case above covers root). */
    if (geteuid() != 0) {
        forget_tries(dir);
        chmod(dir, 0555);
        pin_guard_init(&g);
        r = pin_try(&g, dir, RIGHT, 100, WALL);
        CHECK_INT(r.code, PIN_ERROR);
        CHECK(strstr(r.message, "not checked") != NULL);
        chmod(dir, 0755);
    }
}

/* The disk is full (or read-only): staff-pin-guard cannot be written.
 * The right PIN still opens the staff screen (so staff can reach Roll
 * back), and wrong tries still count and lock, in memory. */
static void test_full_disk(void) {
    char dir[128], err[300];
    folder(dir, sizeof dir, "full-disk");
    CHECK_INT(pin_set(dir, RIGHT, err, sizeof err), 0);
    pin_guard g;
    pin_guard_init(&g);
    CHECK_INT(pin_try(&g, dir, JUNK, 100, WALL).code, PIN_WRONG);
    char before[256];
    snprintf(before, sizeof before, "%s", read_text(dir, PIN_GUARD_FILE));
    CHECK(strstr(before, "failures 1\n") != NULL);

    /* Full: the right PIN opens. The log is told once, in one line; the
     * staff screen gets a short note without a path. */
    fail_writes(FAIL_WRITE, ENOSPC);
    fake_failures = 0;
    pin_result r = pin_try(&g, dir, RIGHT, 200, WALL);
    CHECK_INT(r.code, PIN_OK);
    CHECK(fake_failures > 0);
    CHECK(strstr(r.message, PIN_GUARD_FILE) != NULL);
    CHECK(strstr(r.message, strerror(ENOSPC)) != NULL);
    CHECK(strstr(r.message, "counted in memory") != NULL);
    CHECK(strchr(r.message, '\n') == NULL);
    CHECK(r.staff_note != NULL && strchr(r.staff_note, '/') == NULL);
    CHECK(r.staff_note != NULL && strlen(r.staff_note) < 60);
    CHECK_INT(files_in(dir), 2); /* no temporary file left behind */
    /* Wrong tries still count, and lock: never unlimited guesses. */
    for (int i = 1; i <= PIN_TRIES; i++) {
        r = pin_try(&g, dir, JUNK, 300, WALL);
        CHECK_INT(r.code, PIN_WRONG);
        CHECK_INT(r.tries_left, PIN_TRIES - i);
        CHECK_STR(r.message, ""); /* said once already */
    }
    CHECK_INT(r.wait_ms, LOCK);
    r = pin_try(&g, dir, RIGHT, 300 + LOCK - 1, WALL);
    CHECK_INT(r.code, PIN_LOCKED);
    r = pin_guard_status(&g, dir, 300 + LOCK - 1, WALL);
    CHECK_INT(r.code, PIN_LOCKED);
    CHECK(r.staff_note != NULL);
    /* ... and grow: the next lock-out is an hour. */
    CHECK_INT(wrong_tries(&g, dir, 300 + LOCK, WALL + 900), HOUR_MS);
    CHECK_STR(read_text(dir, PIN_GUARD_FILE), before); /* nothing reached the disk */
    uint64_t t = 300 + LOCK + HOUR_MS;
    CHECK_INT(pin_try(&g, dir, RIGHT, t, WALL + 4500).code, PIN_OK);

    /* Read-only (the folder cannot take a new file), and over quota. */
    static const struct {
        int how, error;
    } refusals[] = {{FAIL_MKSTEMP, EROFS}, {FAIL_WRITE, EDQUOT}, {FAIL_MKSTEMP, ENOSPC}};
    for (size_t i = 0; i < sizeof refusals / sizeof refusals[0]; i++) {
        fail_writes(refusals[i].how, refusals[i].error);
        pin_guard_init(&g);
        r = pin_try(&g, dir, RIGHT, 10, WALL);
        CHECK_INT(r.code, PIN_OK);
        CHECK(strstr(r.message, strerror(refusals[i].error)) != NULL);
        CHECK_INT(wrong_tries(&g, dir, 20, WALL), LOCK);
        CHECK_INT(pin_try(&g, dir, RIGHT, 30, WALL).code, PIN_LOCKED);
    }

    /* Space again (after a Roll back): saved, and the log is told. */
    fail_writes(FAIL_NOTHING, 0);
    r = pin_try(&g, dir, RIGHT, 20 + LOCK, WALL + 900);
    CHECK_INT(r.code, PIN_OK);
    CHECK(strstr(r.message, "saved again") != NULL);
    CHECK(r.staff_note == NULL);
    CHECK(strstr(read_text(dir, PIN_GUARD_FILE), "failures 0\n") != NULL);

    /* Any other failure to save (no permission: for root as for anyone)
     * still refuses to take a try it cannot count, and tells staff in a
     * sentence with no path in it. */
    fail_writes(FAIL_MKSTEMP, EACCES);
    pin_guard_init(&g);
    r = pin_try(&g, dir, RIGHT, 10, WALL);
    CHECK_INT(r.code, PIN_ERROR);
    CHECK(strstr(r.message, "not checked") != NULL);
    CHECK(r.staff_note != NULL && strchr(r.staff_note, '/') == NULL);
    fail_writes(FAIL_NOTHING, 0);
}

static void test_damaged_pin_file(void) {
    char dir[128], err[300];
    folder(dir, sizeof dir, "damaged-pin");
    static const char *const bad[] = {
        "", "583920\n", "junk\n",
        "$argon2i$v=19$m=32768,t=4,p=1$c29tZXNhbHQ$iWh06vD8Fy27wf9npn6FXWiCX4K6pW6Ue1Bnzz07Z8A\n",
        "$argon2id$v=19$m=65536,t=2,p=1$ with a space\n",
        "$argon2id$v=19$m=65536,t=2,p=1$AAAA$BBBB\n", /* salt and hash too short */
        "$argon2id$v=19$m=65536,t=2,p=1$\n",
        "$argon2id$\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        fixture_put(dir, PIN_FILE, bad[i], strlen(bad[i]));
        CHECK(!pin_is_set(dir));
        CHECK_INT(pin_file_check(dir, err, sizeof err), -1);
        CHECK(strstr(err, "is damaged") != NULL);
        pin_guard g;
        pin_guard_init(&g);
        pin_result r = pin_try(&g, dir, "583920", 0, WALL);
        CHECK_INT(r.code, PIN_ERROR);
        CHECK(strstr(r.message, PIN_FILE) != NULL);
        CHECK(strstr(r.message, "kiosk pin set") != NULL);
        CHECK_INT(pin_guard_status(&g, dir, 0, WALL).code, PIN_ERROR);
        CHECK(!exists(dir, PIN_GUARD_FILE)); /* not counted */
    }
    static char big[5000];
    memset(big, 'a', sizeof big);
    fixture_put(dir, PIN_FILE, big, sizeof big);
    CHECK_INT(pin_file_check(dir, err, sizeof err), -1);
    CHECK(strstr(err, "too big") != NULL);
    /* Setting the PIN again mends it. */
    CHECK_INT(pin_set(dir, RIGHT, err, sizeof err), 0);
    CHECK(pin_is_set(dir));
}

static void test_set_and_clear(void) {
    char dir[128], err[300];
    folder(dir, sizeof dir, "set-clear");
    CHECK_INT(pin_set(dir, RIGHT, err, sizeof err), 0);
    lock_out(dir, 0, WALL);
    /* IT sets a new PIN: the lock-out count is gone with the old PIN. */
    CHECK_INT(pin_set(dir, "730418", err, sizeof err), 0);
    CHECK(!exists(dir, PIN_GUARD_FILE));
    pin_guard g;
    pin_guard_init(&g);
    CHECK_INT(pin_try(&g, dir, RIGHT, 0, WALL).code, PIN_WRONG);
    CHECK_INT(pin_try(&g, dir, "730418", 0, WALL).code, PIN_OK);

    pin_try(&g, dir, WRONG, 0, WALL);
    CHECK(exists(dir, PIN_GUARD_FILE));
    CHECK_INT(pin_clear(dir, err, sizeof err), 1);
    CHECK(!exists(dir, PIN_FILE));
    CHECK(!exists(dir, PIN_GUARD_FILE));
    CHECK(!pin_is_set(dir));
    pin_guard_init(&g);
    CHECK_INT(pin_try(&g, dir, "730418", 0, WALL).code, PIN_NOT_SET);
    CHECK_INT(pin_clear(dir, err, sizeof err), 0);
    CHECK_INT(files_in(dir), 0);

    /* A data folder that is not there. */
    char missing[160];
    snprintf(missing, sizeof missing, "%s/no-such-folder", root);
    CHECK_INT(pin_set(missing, RIGHT, err, sizeof err), -1);
    CHECK(strstr(err, "no-such-folder") != NULL);
}

int main(void) {
    snprintf(root, sizeof root, "/tmp/test-pin-XXXXXX");
    if (!mkdtemp(root)) {
        perror("mkdtemp");
        return 1;
    }
    test_digits();
    test_not_set();
    test_set();
    test_right_and_wrong();
    test_lockout();
    test_growing();
    test_restart();
    test_clock_jumps();
    test_damaged_guard();
    test_full_disk();
    test_damaged_pin_file();
    test_set_and_clear();
    char cmd[200];
    snprintf(cmd, sizeof cmd, "chmod -R u+w '%s'; rm -rf '%s'", root, root);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", root);
    return check_summary();
}
