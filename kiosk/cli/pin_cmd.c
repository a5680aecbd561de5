/* pin_cmd.c - `kiosk pin set`, `kiosk pin status` and `kiosk pin clear`.
 * See pin_cmd.h. The PIN is read with read(2) into buffers that are wiped
 * with sodium_memzero, never through stdio, whose buffers we cannot wipe. */
#include "pin_cmd.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "pin.h"

#define LINE_BYTES 64 /* longest line read; a PIN has at most 8 digits */

static void usage(FILE *out) {
    fprintf(out,
            "usage:\n"
            "  kiosk pin set      set the staff PIN (%d to %d digits): asks twice, without\n"
            "                     showing it; from a pipe, reads it from the first line\n"
            "  kiosk pin status   whether a PIN is set and whether the keypad is locked\n"
            "  kiosk pin clear    remove the PIN (then nobody can open the staff screen\n"
            "                     until IT sets a new one)\n"
            "--data DIR works on another data folder (as for the kiosk); --config FILE\n"
            "takes it from that settings file.\n",
            PIN_DIGITS_MIN, PIN_DIGITS_MAX);
}

/* ---- reading the PIN ---- */

/* The terminal's settings from before echo was turned off, for the signal
 * handler to put back if Ctrl+C ends the program at the prompt. A handler
 * can reach nothing else, hence the only file-level state here. */
static struct termios saved_terminal;
static volatile sig_atomic_t echo_is_off;

static const int restore_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
#define RESTORE_SIGNAL_COUNT ((int)(sizeof restore_signals / sizeof restore_signals[0]))

static void restore_and_die(int sig) {
    if (echo_is_off) tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_terminal);
    signal(sig, SIG_DFL);
    raise(sig); /* delivered when the handler returns */
}

/* Reads one line from standard input into buf, without its line end ("\n"
 * or "\r\n"). Returns its length; -1 at the end of input with nothing
 * read; -2 when the line is longer than size - 1 (the rest of it is read
 * and dropped); -3 on a read error. */
static int read_line(char *buf, size_t size) {
    size_t n = 0;
    bool any = false, too_long = false;
    char c = 0;
    for (;;) {
        ssize_t got = read(STDIN_FILENO, &c, 1);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            sodium_memzero(&c, sizeof c);
            return -3;
        }
        if (got == 0) break;
        any = true;
        if (c == '\n') break;
        if (n + 1 < size) buf[n++] = c;
        else too_long = true;
    }
    sodium_memzero(&c, sizeof c);
    if (n > 0 && buf[n - 1] == '\r') n--;
    buf[n] = '\0';
    if (!any) return -1;
    return too_long ? -2 : (int)n;
}

/* On a terminal: shows prompt, reads a line with echo off, and puts the
 * terminal back (also on Ctrl+C). Elsewhere: reads a line. Returns as
 * read_line, or -4 when echo cannot be turned off. */
static int ask(const char *prompt, char *buf, size_t size, bool terminal) {
    if (!terminal) return read_line(buf, size);
    struct sigaction handler, old[RESTORE_SIGNAL_COUNT];
    memset(&handler, 0, sizeof handler);
    handler.sa_handler = restore_and_die;
    sigemptyset(&handler.sa_mask);
    if (tcgetattr(STDIN_FILENO, &saved_terminal) != 0) return -4;
    for (int i = 0; i < RESTORE_SIGNAL_COUNT; i++) sigaction(restore_signals[i], &handler, &old[i]);
    struct termios quiet = saved_terminal;
    quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL); /* keep ICANON: backspace still works */
    fputs(prompt, stderr);
    fflush(stderr);
    int n = -4;
    if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0) {
        echo_is_off = 1;
        n = read_line(buf, size);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_terminal);
        echo_is_off = 0;
        fputc('\n', stderr); /* the Enter that was not echoed */
    }
    for (int i = 0; i < RESTORE_SIGNAL_COUNT; i++) sigaction(restore_signals[i], &old[i], NULL);
    return n;
}

/* Explains a failed ask() for `kiosk pin set`. */
static void say_ask_failed(int n) {
    if (n == -1) fprintf(stderr, "kiosk pin set: no PIN was given; nothing was changed\n");
    else if (n == -2)
        fprintf(stderr, "kiosk pin set: a staff PIN has %d to %d digits; that line is far longer. "
                        "Nothing was changed\n",
                PIN_DIGITS_MIN, PIN_DIGITS_MAX);
    else if (n == -3)
        fprintf(stderr, "kiosk pin set: cannot read the PIN: %s\n", strerror(errno));
    else
        fprintf(stderr, "kiosk pin set: cannot hide the PIN as it is typed: %s\n",
                strerror(errno));
}

/* ---- the commands ---- */

static int set(const char *data_dir) {
    bool terminal = isatty(STDIN_FILENO) == 1;
    char first[LINE_BYTES], second[LINE_BYTES], err[PATH_MAX + 300];
    int rc = 1;
    if (terminal)
        fprintf(stderr, "The staff PIN opens the kiosk's staff screen. Type %d to %d digits; "
                        "they are not shown.\n",
                PIN_DIGITS_MIN, PIN_DIGITS_MAX);
    int n = ask("New staff PIN: ", first, sizeof first, terminal);
    if (n < 0) {
        say_ask_failed(n);
        goto out;
    }
    if (pin_check_digits(first, err, sizeof err) != 0) {
        fprintf(stderr, "kiosk pin set: %s. Nothing was changed\n", err);
        goto out;
    }
    if (terminal) {
        int again = ask("Type it again: ", second, sizeof second, terminal);
        if (again < 0) {
            say_ask_failed(again);
            goto out;
        }
        if (again != n || sodium_memcmp(first, second, (size_t)n) != 0) {
            fprintf(stderr, "kiosk pin set: the two PINs are not the same. Nothing was changed\n");
            goto out;
        }
    }
    if (pin_set(data_dir, first, err, sizeof err) != 0) {
        fprintf(stderr, "kiosk pin set: %s\n", err);
        goto out;
    }
    printf("Staff PIN saved in %s/%s. The count of wrong tries starts again from zero.\n",
           data_dir, PIN_FILE);
    rc = 0;
out:
    sodium_memzero(first, sizeof first);
    sodium_memzero(second, sizeof second);
    return rc;
}

static uint64_t monotonic_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int status(const char *data_dir) {
    char err[PATH_MAX + 300];
    int set = pin_file_check(data_dir, err, sizeof err);
    if (set < 0) printf("The staff PIN cannot be used: %s\n", err);
    else if (set == 0)
        printf("No staff PIN is set (%s/%s). IT sets one with: kiosk pin set\n", data_dir,
               PIN_FILE);
    else printf("A staff PIN is set (%s/%s).\n", data_dir, PIN_FILE);

    /* As a kiosk started now would see it: a running kiosk times its
     * lock-out on its own clock, which may differ by a little. */
    pin_guard g;
    pin_guard_init(&g);
    pin_result r = pin_guard_status(&g, data_dir, monotonic_ms(), time(NULL));
    char wait[64];
    if (r.code == PIN_LOCKED) {
        pin_wait_words(r.wait_ms, wait, sizeof wait);
        if (r.message[0]) printf("%s.\n", r.message); /* a damaged guard file */
        else
            printf("The staff keypad is locked for another %s (lock-out %d in a row, each after "
                   "%d wrong PINs).\n",
                   wait, g.lockouts, PIN_TRIES);
    } else if (g.failures > 0 || g.lockouts > 0) {
        int more = PIN_TRIES - g.failures;
        pin_wait_words(pin_lock_ms(g.lockouts + 1), wait, sizeof wait);
        printf("The staff keypad is not locked. %d more wrong PIN%s lock%s it for %s", more,
               more == 1 ? "" : "s", more == 1 ? "s" : "", wait);
        if (g.lockouts > 0)
            printf(" (it was locked %d time%s in a row; the right PIN starts again from %d "
                   "minutes)",
                   g.lockouts, g.lockouts == 1 ? "" : "s", PIN_LOCK_SECONDS / 60);
        printf(".\n");
    } else {
        printf("The staff keypad is not locked.\n");
    }
    return set < 0 ? 1 : 0;
}

static int clear(const char *data_dir) {
    char err[PATH_MAX + 300];
    int rc = pin_clear(data_dir, err, sizeof err);
    if (rc < 0) {
        fprintf(stderr, "kiosk pin clear: %s\n", err);
        return 1;
    }
    if (rc == 0) printf("No staff PIN was set (%s/%s); nothing to clear.\n", data_dir, PIN_FILE);
    else
        printf("Staff PIN removed. Nobody can open the staff screen until IT sets a new PIN "
               "with: kiosk pin set\n");
    return 0;
}

int command_pin(const cli_options *o, int argc, char **argv) {
    const char *data_dir = o->data_dir;
    const char *verb = NULL;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            usage(stdout);
            return 0;
        }
        if (!verb && (strcmp(arg, "set") == 0 || strcmp(arg, "status") == 0 ||
                      strcmp(arg, "clear") == 0)) {
            verb = arg;
            continue;
        }
        fprintf(stderr, "kiosk pin: unexpected \"%s\"\n", arg);
        usage(stderr);
        return 2;
    }
    if (!verb) {
        fprintf(stderr, "kiosk pin: set, status or clear?\n");
        usage(stderr);
        return 2;
    }
    if (strcmp(verb, "set") == 0) return set(data_dir);
    if (strcmp(verb, "status") == 0) return status(data_dir);
    return clear(data_dir);
}
