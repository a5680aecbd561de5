/* pin.c - the staff PIN (an Argon2id hash in staff-pin) and its lock-out
 * (staff-pin-guard), which grows with each lock-out in a row and falls
 * back to counting in memory when the storage is full or read-only. See
 * pin.h. libc and libsodium only, no SDL. */
#include "pin.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"

/* Hard limits on what is read from disk. A hash is under
 * crypto_pwhash_STRBYTES (128); the guard file is four short lines. */
#define HASH_FILE_MAX 256
#define GUARD_FILE_MAX 128
#define GUARD_FIRST_LINE "kiosk-pin-guard 2\n"
#define GUARD_FIRST_LINE_V1 "kiosk-pin-guard 1\n" /* before lock-outs grew; still read */
#define WALL_MAX ((int64_t)1 << 40) /* seconds; far past any real clock */

static void say(char *err, size_t errsize, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void say(char *err, size_t errsize, const char *fmt, ...) {
    if (!err || errsize == 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errsize, fmt, ap);
    va_end(ap);
}

/* Adds a sentence to r->message ("; " between two). */
static void note(pin_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(pin_result *r, const char *fmt, ...) {
    size_t used = strlen(r->message);
    if (used && used + 2 < sizeof r->message) {
        memcpy(r->message + used, "; ", 3);
        used += 2;
    }
    if (used + 1 >= sizeof r->message) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->message + used, sizeof r->message - used, fmt, ap);
    va_end(ap);
}

/* out = dir/name, or -1 with a message when it does not fit. */
static int data_path(char *out, size_t size, const char *dir, const char *name, char *err,
                     size_t errsize) {
    if (files_join(out, size, dir, name)) return 0;
    say(err, errsize, "%s: the data folder's name is too long", dir);
    return -1;
}

/* ---- files ---- */

/* Reads the small file path into buf (at most size - 1 bytes, then a
 * '\0'), through files_read_small: a link, a pipe, a folder or a second
 * name (hard link) in its place is refused unread. Returns 0, 1 when there is no such file,
 * or -1 with a reason naming the file in err. */
static int read_data_file(const char *path, char *buf, size_t size, size_t *len, char *err,
                          size_t errsize) {
    char *text = NULL;
    int rc = files_read_small(path, size - 1, &text, len, err, errsize);
    if (rc == 0) memcpy(buf, text, *len + 1);
    free(text);
    return rc;
}

/* Replaces data_dir/name with data, mode 0600, given to the folder's
 * owner when root writes it (files_write_atomic). */
static int write_data_file(const char *dir, const char *name, const char *data, size_t len,
                           char *err, size_t errsize) {
    char path[PATH_MAX];
    if (data_path(path, sizeof path, dir, name, err, errsize) != 0) return -1;
    return files_write_atomic(path, data, len, 0600, FILES_GIVE_TO_FOLDER_OWNER, err, errsize);
}

/* Removes dir/name. Returns 1 when removed, 0 when it was not there, -1
 * with a reason. */
static int remove_file(const char *dir, const char *name, char *err, size_t errsize) {
    char path[PATH_MAX];
    if (data_path(path, sizeof path, dir, name, err, errsize) != 0) return -1;
    if (unlink(path) != 0) {
        if (errno == ENOENT) return 0;
        say(err, errsize, "%s: cannot remove it: %s", path, strerror(errno));
        return -1;
    }
    if (files_fsync_path(dir) != 0) {
        say(err, errsize, "%s: removed, but the data folder could not be flushed to disk: %s",
            path, strerror(errno));
        return -1;
    }
    return 1;
}

/* ---- the PIN ---- */

/* ASCII 0-9 only: not isdigit(), which depends on the locale. */
static bool only_digits(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

/* Why digits (n of them, all 0-9) is too easy to guess, or NULL. */
static const char *weakness(const char *d, size_t n) {
    for (size_t period = 1; period <= n / 2; period++) {
        size_t i = period;
        while (i < n && d[i] == d[i - period]) i++;
        if (i == n) return period == 1 ? "it is one digit repeated" : "it repeats a pattern";
    }
    /* In order counts round the dial (7890, 9012); other steps do not. */
    int step = d[1] - d[0], turn = (step + 10) % 10;
    bool in_order = turn == 1 || turn == 9, even_steps = true;
    for (size_t i = 2; i < n; i++) {
        in_order &= (d[i] - d[i - 1] + 10) % 10 == turn;
        even_steps &= d[i] - d[i - 1] == step;
    }
    if (in_order) return "its digits run in order";
    if (even_steps) return "its digits go up or down by the same step";
    if (n == 4 && (memcmp(d, "19", 2) == 0 || memcmp(d, "20", 2) == 0))
        return "it looks like a year";
    /* From published counts of the PINs people choose most. */
    static const char *const common[] = {
        "1004", "2580", "0852", "1122", "5683", "1123", "7410", "0147", "3698", "9630",
        "112233", "123321", "159753", "147258", "258369", "147852", "789456", "456123",
        "121314", "102030", "11223344", "12344321", "20202020",
    };
    for (size_t i = 0; i < sizeof common / sizeof common[0]; i++)
        if (strlen(common[i]) == n && memcmp(common[i], d, n) == 0)
            return "it is one of the PINs people choose most often";
    return NULL;
}

int pin_check_digits(const char *digits, char *err, size_t errsize) {
    size_t n = digits ? strnlen(digits, PIN_DIGITS_MAX + 1) : 0;
    if (n == 0) {
        say(err, errsize, "no PIN was given; type %d to %d digits", PIN_DIGITS_MIN, PIN_DIGITS_MAX);
        return -1;
    }
    if (!only_digits(digits, n)) {
        say(err, errsize, "a staff PIN is made of the digits 0 to 9 only (no letters, spaces or "
                          "other signs)");
        return -1;
    }
    if (n < PIN_DIGITS_MIN || n > PIN_DIGITS_MAX) {
        say(err, errsize, "a staff PIN has %d to %d digits; that one has %s", PIN_DIGITS_MIN,
            PIN_DIGITS_MAX, n < PIN_DIGITS_MIN ? "fewer" : "more");
        return -1;
    }
    const char *why = weakness(digits, n);
    if (why) {
        say(err, errsize, "that PIN is too easy to guess (%s); choose %d to %d digits without a "
                          "pattern", why, PIN_DIGITS_MIN, PIN_DIGITS_MAX);
        return -1;
    }
    return 0;
}

/* Reads data_dir/staff-pin into hash (HASH_FILE_MAX + 1 bytes). Returns
 * 1, 0 when there is no PIN file, -1 with a reason in err. */
static int read_hash(const char *data_dir, char *hash, size_t size, char *err, size_t errsize) {
    char path[PATH_MAX];
    size_t len = 0;
    if (data_path(path, sizeof path, data_dir, PIN_FILE, err, errsize) != 0) return -1;
    int rc = read_data_file(path, hash, size, &len, err, errsize);
    if (rc != 0) return rc == 1 ? 0 : -1;
    if (len > 0 && hash[len - 1] == '\n') hash[--len] = '\0';
    static const char prefix[] = crypto_pwhash_argon2id_STRPREFIX;
    bool good = len < crypto_pwhash_STRBYTES && strncmp(hash, prefix, sizeof prefix - 1) == 0;
    for (size_t i = 0; good && i < len; i++) good = hash[i] > ' ' && hash[i] <= '~';
    /* -1: libsodium cannot read its settings, salt or hash; 1 (other
     * limits than ours) is still a hash it can check. */
    if (good && sodium_init() >= 0)
        good = crypto_pwhash_str_needs_rehash(hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                              crypto_pwhash_MEMLIMIT_INTERACTIVE) != -1;
    if (!good) {
        say(err, errsize, "%s is damaged (it does not hold a PIN hash); set the PIN again with "
                          "kiosk pin set", path);
        return -1;
    }
    return 1;
}

int pin_file_check(const char *data_dir, char *err, size_t errsize) {
    char hash[HASH_FILE_MAX + 1];
    return read_hash(data_dir, hash, sizeof hash, err, errsize);
}

bool pin_is_set(const char *data_dir) {
    char err[PATH_MAX + 200];
    return pin_file_check(data_dir, err, sizeof err) == 1;
}

int pin_set(const char *data_dir, const char *digits, char *err, size_t errsize) {
    if (pin_check_digits(digits, err, errsize) != 0) return -1;
    if (sodium_init() < 0) {
        say(err, errsize, "cannot start libsodium");
        return -1;
    }
    char hash[crypto_pwhash_STRBYTES + 1];
    if (crypto_pwhash_str(hash, digits, strlen(digits), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        say(err, errsize, "cannot hash the PIN (out of memory?)");
        return -1;
    }
    size_t len = strlen(hash);
    hash[len++] = '\n';
    if (write_data_file(data_dir, PIN_FILE, hash, len, err, errsize) != 0) return -1;
    char why[PATH_MAX + 200];
    if (remove_file(data_dir, PIN_GUARD_FILE, why, sizeof why) < 0) {
        say(err, errsize, "the new PIN is saved, but the count of wrong tries was not reset (%s)",
            why);
        return -1;
    }
    return 0;
}

int pin_clear(const char *data_dir, char *err, size_t errsize) {
    int removed = remove_file(data_dir, PIN_FILE, err, errsize);
    if (removed < 0) return -1;
    if (remove_file(data_dir, PIN_GUARD_FILE, err, errsize) < 0) return -1;
    return removed;
}

/* ---- the lock-out ---- */

/* What the staff screen says (pin_result.staff_note): short, no path. */
#define NOTE_STORAGE "The kiosk's storage is full or read-only: tell IT."
#define NOTE_UNCOUNTED "The PIN cannot be checked: the kiosk cannot save its count of wrong " \
                       "tries. Tell IT."

static uint64_t add_ms(uint64_t a, uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }

static int64_t wall_seconds(time_t wall) {
    int64_t w = (int64_t)wall;
    return w < 0 ? 0 : w > WALL_MAX ? WALL_MAX : w;
}

static int64_t lock_seconds(int lockout) {
    static const int64_t seconds[] = {PIN_LOCK_SECONDS, 60 * 60, 4 * 60 * 60,
                                      PIN_LOCK_MAX_SECONDS};
    int n = (int)(sizeof seconds / sizeof seconds[0]);
    return seconds[lockout <= 1 ? 0 : lockout >= n ? n - 1 : lockout - 1];
}

uint64_t pin_lock_ms(int lockout) { return (uint64_t)lock_seconds(lockout) * 1000; }

void pin_wait_words(uint64_t ms, char *out, size_t size) {
    uint64_t minutes = ms / 60000 + (ms % 60000 != 0), hours = minutes / 60;
    minutes %= 60;
    if (hours == 0)
        say(out, size, "%llu minute%s", (unsigned long long)minutes, minutes == 1 ? "" : "s");
    else if (minutes == 0)
        say(out, size, "%llu hour%s", (unsigned long long)hours, hours == 1 ? "" : "s");
    else
        say(out, size, "%llu hour%s %llu minute%s", (unsigned long long)hours,
            hours == 1 ? "" : "s", (unsigned long long)minutes, minutes == 1 ? "" : "s");
}

/* Storage that is full or read-only: staff must still get in (see pin.h). */
static bool storage_refused(int e) {
#ifdef EDQUOT
    if (e == EDQUOT) return true;
#endif
    return e == ENOSPC || e == EROFS;
}

/* Reads a decimal number of 1 to 13 digits ending in '\n'. */
static bool parse_line_number(const char **p, const char *end, int64_t *out) {
    const char *q = *p;
    int64_t v = 0;
    while (q < end && *q >= '0' && *q <= '9' && q - *p < 14) v = v * 10 + (*q++ - '0');
    if (q == *p || q - *p > 13 || q >= end || *q != '\n') return false;
    *p = q + 1;
    *out = v;
    return true;
}

static bool parse_word(const char **p, const char *end, const char *word) {
    size_t n = strlen(word);
    if ((size_t)(end - *p) < n || memcmp(*p, word, n) != 0) return false;
    *p += n;
    return true;
}

/* staff-pin-guard, exactly:
 *   kiosk-pin-guard 2
 *   failures N              0..PIN_TRIES, tries counted so far
 *   lockouts L              0..PIN_LOCKOUTS_MAX, lock-outs in a row
 *   locked_until T          wall-clock seconds; 0 unless N is PIN_TRIES
 * A lock-out (T not 0) is one of the L, so L is at least 1. Version 1
 * (before lock-outs grew) has no lockouts line: L is 1 while it is locked,
 * else 0. Anything else is damaged. */
static bool parse_guard(const char *text, size_t len, int *failures, int *lockouts,
                        int64_t *locked_until) {
    const char *p = text, *end = text + len;
    int64_t n, l = 0, until;
    bool v1 = parse_word(&p, end, GUARD_FIRST_LINE_V1);
    if (!v1 && !parse_word(&p, end, GUARD_FIRST_LINE)) return false;
    if (!parse_word(&p, end, "failures ") || !parse_line_number(&p, end, &n)) return false;
    if (!v1 && (!parse_word(&p, end, "lockouts ") || !parse_line_number(&p, end, &l)))
        return false;
    if (!parse_word(&p, end, "locked_until ") || !parse_line_number(&p, end, &until) || p != end)
        return false;
    if (v1) l = until != 0;
    if (n > PIN_TRIES || l > PIN_LOCKOUTS_MAX || until > WALL_MAX + PIN_LOCK_MAX_SECONDS)
        return false;
    if ((n == PIN_TRIES) != (until != 0) || (until != 0 && l == 0)) return false;
    *failures = (int)n;
    *lockouts = (int)l;
    *locked_until = until;
    return true;
}

static int save_guard(const char *data_dir, int failures, int lockouts, int64_t locked_until,
                      char *err, size_t errsize) {
    char text[GUARD_FILE_MAX];
    int n = snprintf(text, sizeof text,
                     GUARD_FIRST_LINE "failures %d\nlockouts %d\nlocked_until %lld\n", failures,
                     lockouts, (long long)locked_until);
    return write_data_file(data_dir, PIN_GUARD_FILE, text, (size_t)n, err, errsize);
}

static void lock_for(pin_guard *g, uint64_t now_ms, uint64_t ms) {
    g->failures = PIN_TRIES;
    g->locked = true;
    g->lock_ms = ms;
    g->lock_end_ms = add_ms(now_ms, ms);
}

/* The first look after start-up: staff-pin-guard, turned into now_ms terms. */
static void load_guard(pin_guard *g, const char *data_dir, uint64_t now_ms, time_t wall,
                       pin_result *r) {
    g->loaded = true;
    g->failures = 0;
    g->lockouts = 0;
    g->locked = false;
    char path[PATH_MAX], text[GUARD_FILE_MAX + 1], why[PATH_MAX + 200];
    size_t len = 0;
    int rc = data_path(path, sizeof path, data_dir, PIN_GUARD_FILE, why, sizeof why);
    if (rc == 0) rc = read_data_file(path, text, sizeof text, &len, why, sizeof why);
    if (rc == 1) return; /* no file: no wrong tries yet */
    int failures = 0, lockouts = 0;
    int64_t until = 0;
    if (rc == 0 && !parse_guard(text, len, &failures, &lockouts, &until)) {
        say(why, sizeof why, "%s is damaged", path);
        rc = -1;
    }
    if (rc != 0) { /* fail safe: a first lock-out */
        g->lockouts = 1;
        lock_for(g, now_ms, PIN_LOCK_MS);
        note(r, "%s, so the staff keypad is locked for %d minutes to be safe", why,
             PIN_LOCK_SECONDS / 60);
        return;
    }
    g->failures = failures;
    g->lockouts = lockouts;
    if (until == 0) return;
    int64_t now = wall_seconds(wall), length = lock_seconds(lockouts), left;
    if (now >= until) left = 0;                         /* it has ended */
    else if (now < until - length) left = length;      /* clock went back */
    else left = until - now;
    if (left == 0) {
        g->failures = 0; /* after a lock-out the count starts again */
        return;
    }
    lock_for(g, now_ms, (uint64_t)left * 1000);
    g->lock_ms = (uint64_t)length * 1000; /* what update_lock caps it at */
}

/* Ends a lock-out whose time is up; keeps one from growing past its
 * length if now_ms went backwards. */
static void update_lock(pin_guard *g, uint64_t now_ms) {
    if (!g->locked) return;
    if (now_ms >= g->lock_end_ms) {
        g->locked = false;
        g->failures = 0;
    } else if (g->lock_end_ms - now_ms > g->lock_ms) {
        g->lock_end_ms = now_ms + g->lock_ms;
    }
}

void pin_guard_init(pin_guard *g) { memset(g, 0, sizeof *g); }

/* The steps pin_try and pin_guard_status share: the guard read and brought
 * up to now. Returns true when locked out (r filled in). */
static bool locked_out(pin_guard *g, const char *data_dir, uint64_t now_ms, time_t wall,
                       pin_result *r) {
    if (!g->loaded) load_guard(g, data_dir, now_ms, wall, r);
    update_lock(g, now_ms);
    if (g->unsaved) r->staff_note = NOTE_STORAGE;
    if (!g->locked) return false;
    r->code = PIN_LOCKED;
    r->wait_ms = g->lock_end_ms - now_ms;
    return true;
}

/* Saves the guard. Returns true when the try may go on: saved, or not
 * saved because the storage is full or read-only (then the guard counts in
 * memory, and the log is told once). */
static bool keep_count(pin_guard *g, const char *data_dir, int failures, int lockouts,
                       int64_t until, pin_result *r) {
    char why[PATH_MAX + 200];
    if (save_guard(data_dir, failures, lockouts, until, why, sizeof why) == 0) {
        if (g->unsaved)
            note(r, "%s can be saved again: wrong PIN tries are counted on disk again",
                 PIN_GUARD_FILE);
        g->unsaved = false;
        r->staff_note = NULL;
        return true;
    }
    if (!storage_refused(errno)) {
        note(r, "%s", why);
        return false;
    }
    if (!g->unsaved)
        note(r, "%s. The storage is full or read-only: the staff PIN still opens the staff "
                "screen, and wrong tries are counted in memory only, until the kiosk restarts",
             why);
    g->unsaved = true;
    r->staff_note = NOTE_STORAGE;
    return true;
}

pin_result pin_guard_status(pin_guard *g, const char *data_dir, uint64_t now_ms, time_t wall) {
    pin_result r;
    memset(&r, 0, sizeof r);
    if (locked_out(g, data_dir, now_ms, wall, &r)) return r;
    char why[PATH_MAX + 200];
    int set = pin_file_check(data_dir, why, sizeof why);
    if (set < 0) note(&r, "%s", why);
    r.code = set < 0 ? PIN_ERROR : set == 0 ? PIN_NOT_SET : PIN_READY;
    r.tries_left = PIN_TRIES - g->failures;
    return r;
}

pin_result pin_try(pin_guard *g, const char *data_dir, const char *digits, uint64_t now_ms,
                   time_t wall) {
    pin_result r;
    memset(&r, 0, sizeof r);
    if (locked_out(g, data_dir, now_ms, wall, &r)) return r;

    char hash[HASH_FILE_MAX + 1], why[PATH_MAX + 200];
    int set = read_hash(data_dir, hash, sizeof hash, why, sizeof why);
    if (set == 0) r.code = PIN_NOT_SET;
    if (set < 0) note(&r, "%s", why); /* r.code stays PIN_ERROR */
    if (set != 1) return r;
    if (sodium_init() < 0) {
        note(&r, "cannot start libsodium; the PIN was not checked");
        return r;
    }

    /* Count the try before checking it, with the lock-out it would start. */
    int tries = g->failures + 1, lockouts = g->lockouts;
    int64_t until = 0;
    if (tries >= PIN_TRIES) {
        if (lockouts < PIN_LOCKOUTS_MAX) lockouts++;
        until = wall_seconds(wall) + lock_seconds(lockouts);
    }
    if (!keep_count(g, data_dir, tries, lockouts, until, &r)) {
        note(&r, "the PIN was not checked, because a try that cannot be counted is not taken");
        r.staff_note = NOTE_UNCOUNTED;
        return r;
    }
    g->failures = tries;
    g->lockouts = lockouts;

    size_t n = digits ? strnlen(digits, PIN_DIGITS_MAX + 1) : 0;
    bool well_formed = n >= PIN_DIGITS_MIN && n <= PIN_DIGITS_MAX && only_digits(digits, n);
    errno = 0;
    int verified = well_formed ? crypto_pwhash_str_verify(hash, digits, n) : -1;
    int verify_errno = errno;

    if (verified == 0) {
        g->failures = 0;
        g->lockouts = 0;
        r.code = PIN_OK;
        if (!keep_count(g, data_dir, 0, 0, 0, &r))
            note(&r, "the count of wrong tries could not be reset");
        return r;
    }
    /* A mismatch sets EINVAL; anything else (out of memory) is an error,
     * and the try stays counted. */
    if (well_formed && verify_errno != EINVAL)
        note(&r, "cannot check the PIN: %s",
             verify_errno == ENOMEM ? "out of memory (it needs 64 MB)"
             : verify_errno         ? strerror(verify_errno)
                                    : "libsodium cannot read " PIN_FILE "; set the PIN again with "
                                      "kiosk pin set");
    else r.code = PIN_WRONG;
    r.tries_left = PIN_TRIES - tries;
    if (tries >= PIN_TRIES) {
        lock_for(g, now_ms, pin_lock_ms(lockouts));
        r.wait_ms = g->lock_ms;
    }
    return r;
}
