/* pin.h - the staff PIN that opens the kiosk's staff screen (update from a
 * USB stick): 4 to 8 digits, kept only as an Argon2id hash, with a
 * lock-out after PIN_TRIES wrong tries that survives a restart and grows
 * with each lock-out in a row (15 minutes, 1 hour, 4 hours, then 24 hours)
 * until the right PIN is given.
 *
 * Core: libc and libsodium, no SDL. Time comes in as parameters. The
 * digits are never stored, logged or put in a message.
 *
 * Files in the data folder (both mode 0600, both replaced atomically:
 * a temporary file in the same folder, fsync, rename, fsync the folder):
 *   staff-pin        one line: crypto_pwhash_str() with the INTERACTIVE limits
 *   staff-pin-guard  the lock-out: wrong tries so far, lock-outs in a row,
 *                    and when a lock-out ends as wall-clock seconds (see
 *                    pin_guard below)
 * When the kiosk runs as root, a file it writes is given to the owner of
 * the data folder, so `sudo kiosk pin set` works for a kiosk service that
 * runs as its own user. */
#ifndef KIOSK_PIN_H
#define KIOSK_PIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define PIN_FILE "staff-pin"
#define PIN_GUARD_FILE "staff-pin-guard"
#define PIN_DIGITS_MIN 4
#define PIN_DIGITS_MAX 8
#define PIN_TRIES 5                          /* wrong tries before a lock-out */
#define PIN_LOCK_SECONDS (15 * 60)           /* the first lock-out in a row */
#define PIN_LOCK_MS ((uint64_t)PIN_LOCK_SECONDS * 1000)
#define PIN_LOCK_MAX_SECONDS (24 * 60 * 60)  /* the 4th lock-out in a row, and later ones */
#define PIN_LOCKOUTS_MAX 99999               /* lock-outs in a row counted (then it stays) */

/* What a try (or a look at the guard) found. PIN_ERROR is 0 so that a
 * result nobody filled in never reads as PIN_OK. */
typedef enum {
    PIN_ERROR = 0, /* something failed (message says what); nothing is opened */
    PIN_OK,        /* the right PIN; the count of wrong tries is back to 0 */
    PIN_WRONG,     /* not the PIN: tries_left more before a lock-out; when
                      tries_left is 0, this try started one (wait_ms) */
    PIN_LOCKED,    /* locked out: the PIN was not checked; wait_ms to go */
    PIN_NOT_SET,   /* no staff PIN is set (IT sets one with `kiosk pin set`) */
    PIN_READY,     /* pin_guard_status only: a PIN is set, tries_left tries */
} pin_code;

typedef struct {
    pin_code code;
    int tries_left;      /* PIN_WRONG, PIN_READY */
    uint64_t wait_ms;    /* PIN_LOCKED; PIN_WRONG with tries_left 0 */
    char message[400];   /* not empty: something for the log (PIN_ERROR, a
                            damaged guard file, a guard file that cannot be
                            saved); never holds digits */
    const char *staff_note; /* NULL, or one short sentence for the staff
                               screen, without a path (the message is for the
                               log): why the PIN cannot be checked, or that
                               the kiosk's storage is full or read-only */
} pin_result;

/* The lock-out state of one running kiosk. Embed it, pin_guard_init() it,
 * and pass it to every pin_try(). It holds no memory to release.
 *
 * Which clock is used for what:
 *   now_ms (monotonic, e.g. SDL_GetTicks64) times a lock-out within this
 *     run of the program, so a wall clock that is set or jumps (NTP, a Pi
 *     without a real-time clock) changes nothing while the kiosk runs.
 *   wall (time(NULL)) is what staff-pin-guard stores: when the lock-out
 *     ends. The first call after start-up reads the file and turns the
 *     time left into now_ms terms. Time left is capped at the length of
 *     that lock-out (pin_lock_ms): a wall clock that went backwards (a Pi
 *     without a real-time clock after a power cut) never lengthens the
 *     lock-out past its length from start-up, and never shortens it. A
 *     wall clock set forwards while the power was off does end it early
 *     (the count of lock-outs in a row is kept); nothing on a Pi without a
 *     real-time clock can tell.
 *
 * Storage that is full or read-only (ENOSPC, EDQUOT, EROFS) must not lock
 * staff out, or they could not reach Roll back, which frees space. When
 * staff-pin-guard cannot be saved for one of those reasons, the guard
 * counts in memory for this run (`unsaved`): wrong tries still lock the
 * keypad, growing as usual, but a restart goes back to what the file last
 * held. Each try still tries to save; once it can, `unsaved` ends. */
typedef struct {
    bool loaded;          /* staff-pin-guard has been read */
    int failures;         /* wrong tries since the last right PIN or lock-out */
    int lockouts;         /* lock-outs in a row since the last right PIN (or pin set) */
    bool locked;
    uint64_t lock_end_ms; /* when `locked`: the end, in now_ms terms */
    uint64_t lock_ms;     /* when `locked`: the length of this lock-out */
    bool unsaved;         /* staff-pin-guard could not be saved (full or read-only
                             storage): the count is in memory only */
} pin_guard;

/* How long the n-th lock-out in a row lasts (n from 1): 15 minutes, 1 hour,
 * 4 hours, then 24 hours for the 4th and every later one. */
uint64_t pin_lock_ms(int lockout);

/* A wait for staff to read, in whole minutes rounded up: "15 minutes",
 * "1 hour", "23 hours 59 minutes". */
void pin_wait_words(uint64_t ms, char *out, size_t size);

/* 0 when digits is 4 to 8 ASCII digits and not one of the easiest to
 * guess (one digit repeated, a repeated pattern, digits in order up or
 * down, a year, a very common PIN); else -1 with a message for staff in
 * err that does not repeat the digits. */
int pin_check_digits(const char *digits, char *err, size_t errsize);

/* Checks the digits (pin_check_digits), hashes them and replaces
 * data_dir/staff-pin. Removes staff-pin-guard, so the new PIN can be used
 * at once (a kiosk already running keeps its own lock-out until it ends).
 * Returns 0, or -1 with a message in err. */
int pin_set(const char *data_dir, const char *digits, char *err, size_t errsize);

/* Removes staff-pin and staff-pin-guard. Returns 1 when a PIN was removed,
 * 0 when none was set, -1 with a message in err. */
int pin_clear(const char *data_dir, char *err, size_t errsize);

/* 1 when data_dir/staff-pin holds a PIN hash, 0 when there is no such
 * file, -1 when it is there but unreadable or damaged (reason in err). */
int pin_file_check(const char *data_dir, char *err, size_t errsize);
bool pin_is_set(const char *data_dir);

void pin_guard_init(pin_guard *g);

/* Tries digits against the stored PIN. In this order:
 *   - locked out: PIN_LOCKED, without looking at the PIN or the digits;
 *   - no PIN file: PIN_NOT_SET (not counted as a try);
 *   - the try is counted in staff-pin-guard first (with the lock-out it
 *     would start), so pulling the plug while it is checked does not undo
 *     it. If that file cannot be written because the storage is full or
 *     read-only, the try is counted in memory (g->unsaved; the message says
 *     so once) and the PIN is checked. For any other reason (a folder in
 *     its place, no permission): PIN_ERROR and the PIN is not checked;
 *   - crypto_pwhash_str_verify: PIN_OK (count and lock-outs back to 0) or
 *     PIN_WRONG. Anything that is not 4 to 8 digits is PIN_WRONG without
 *     hashing.
 * The PIN_TRIES-th wrong try starts a lock-out of pin_lock_ms(n), n being
 * the lock-outs in a row including this one; after it the count of tries
 * starts again. A damaged or unreadable staff-pin-guard locks for
 * PIN_LOCK_SECONDS from the moment it is read, as a first lock-out
 * (message says so).
 * digits belongs to the caller, who should sodium_memzero it after. */
pin_result pin_try(pin_guard *g, const char *data_dir, const char *digits, uint64_t now_ms,
                   time_t wall);

/* Where the keypad stands, without trying anything and without writing:
 * PIN_LOCKED (wait_ms), PIN_NOT_SET, PIN_READY (tries_left) or PIN_ERROR
 * (a damaged PIN file); staff_note is set while the guard is `unsaved`.
 * Reads staff-pin-guard on the first call, as pin_try does; `kiosk pin
 * status` uses a fresh guard. */
pin_result pin_guard_status(pin_guard *g, const char *data_dir, uint64_t now_ms, time_t wall);

#endif
