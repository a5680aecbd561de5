/* shell_sync.c - the inbox and outbox thread. See shell_sync.h. */
#define _GNU_SOURCE
#include "shell_sync.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "diag.h"
#include "dirwatch.h"
#include "import.h"
#include "import_scale.h"
#include "inbox.h"
#include "outbox.h"
#include "sign.h"
#include "sound.h"

#define SYNC_POLL_MS 30000   /* without inotify: look this often */

struct shell_sync {
    pthread_t thread;
    pthread_mutex_t lock;
    int wake_fd;
    atomic_bool stop;
    Uint32 event_type;
    char inbox[PATH_MAX], outbox[PATH_MAX], data_dir[PATH_MAX], trusted_keys[PATH_MAX];
    char kiosk_name[128];
    int max_side, quiet_ms;
    time_t started;
    time_t (*wall)(void);
    /* Handed over by the main thread (under lock). */
    counts_batch days;
    bool days_pending, status_pending;
    char on_screen[OUTBOX_TEXT_MAX];
    char last_error[OUTBOX_TEXT_MAX];
    time_t error_at;
    /* The thread's own. */
    char verdict[INBOX_REASON_MAX + 32];
    time_t verdict_at;
    char install[INBOX_REASON_MAX + 32];
    time_t install_at;
    unsigned long long failed_version; /* a bundle that was refused on install; 0 none */
    bool failed;
};

static uint64_t mono_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static time_t wall_now(const shell_sync *s) { return s->wall ? s->wall() : time(NULL); }

static void wake(shell_sync *s) {
    uint64_t one = 1;
    if (write(s->wake_fd, &one, sizeof one) < 0 && errno != EAGAIN)
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "sync: cannot wake the thread: %s", strerror(errno));
}

/* The thread's own problems go in the status file's last error too. */
static void note_error(shell_sync *s, const char *text) {
    pthread_mutex_lock(&s->lock);
    snprintf(s->last_error, sizeof s->last_error, "%s", text);
    s->error_at = wall_now(s);
    s->status_pending = true;
    pthread_mutex_unlock(&s->lock);
}

/* "file:line: message" of the first error. */
static void first_error(const diag_list *d, char *out, size_t size) {
    for (int i = 0; i < d->count; i++)
        if (d->items[i].severity == DIAG_ERROR) {
            if (d->items[i].line > 0)
                snprintf(out, size, "%.300s:%d: %.380s", d->items[i].file, d->items[i].line,
                         d->items[i].message);
            else
                snprintf(out, size, "%.300s: %.380s", d->items[i].file, d->items[i].message);
            return;
        }
    snprintf(out, size, "it could not be installed");
}

static void set_verdict(shell_sync *s, const char *text) {
    if (strcmp(s->verdict, text) != 0)
        SDL_Log("Inbox %s: %s", s->inbox, text);
    snprintf(s->verdict, sizeof s->verdict, "%s", text);
    s->verdict_at = wall_now(s);
}

/* Looks at the inbox, and installs what is ready. */
static void look(shell_sync *s) {
    inbox_verdict v;
    inbox_look(s->inbox, s->data_dir, s->trusted_keys[0] ? s->trusted_keys : NULL, &v);
    char text[sizeof s->verdict];
    if (v.state != INBOX_READY) {
        snprintf(text, sizeof text, "%s: %s", inbox_state_word(v.state), v.reason);
        set_verdict(s, text);
        return;
    }
    if (s->failed && v.version == s->failed_version) return; /* said already; a new one is signed */
    char version[64];
    sign_version_words(v.version, version, sizeof version);
    SDL_Log("Installing new content from the inbox %s (signed on %s)", v.bundle, version);
    diag_list d;
    diag_list_init(&d);
    import_options o = {.max_side = s->max_side, .picture = import_scale_picture,
                        .recording = sound_check_file,
                        .trusted_keys = s->trusted_keys[0] ? s->trusted_keys : NULL,
                        .now = wall_now(s), .without_pin = true};
    int rc = import_install(v.bundle, s->data_dir, &o, &d);
    diag_list_print(&d, stderr, "kiosk: ");
    if (rc == 0) {
        s->failed = false;
        snprintf(s->install, sizeof s->install, "installed the content signed on %s", version);
        snprintf(text, sizeof text, "installed: the content signed on %s is installed", version);
        SDL_Event e;
        SDL_zero(e);
        e.type = s->event_type;
        if (SDL_PushEvent(&e) < 0)
            SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "sync: cannot tell the kiosk: %s", SDL_GetError());
    } else {
        char why[700];
        first_error(&d, why, sizeof why);
        s->failed = true;
        s->failed_version = v.version;
        snprintf(s->install, sizeof s->install, "refused the content signed on %s: %s", version, why);
        snprintf(text, sizeof text, "refused: the content signed on %s was not installed: %s",
                 version, why);
        note_error(s, text);
    }
    s->install_at = wall_now(s);
    SDL_Log("Inbox: %s", s->install);
    set_verdict(s, text);
    diag_list_release(&d);
}

/* Writes the day files and the status file, if there is anything new. */
static void write_outbox(shell_sync *s, bool status) {
    counts_batch days;
    counts_batch_init(&days);
    char on_screen[OUTBOX_TEXT_MAX], last_error[OUTBOX_TEXT_MAX];
    pthread_mutex_lock(&s->lock);
    bool have_days = s->days_pending;
    if (have_days) {
        days = s->days;                   /* taken over */
        counts_batch_init(&s->days);
    }
    s->days_pending = false;
    status = status || s->status_pending;
    s->status_pending = false;
    snprintf(on_screen, sizeof on_screen, "%s", s->on_screen);
    snprintf(last_error, sizeof last_error, "%s", s->last_error);
    time_t error_at = s->error_at;
    pthread_mutex_unlock(&s->lock);
    char err[PATH_MAX + 200];
    if (have_days) {
        int written = 0;
        if (outbox_write_days(s->outbox, s->kiosk_name, &days, &written, err, sizeof err) != 0) {
            SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION, "Outbox: %s", err);
            snprintf(last_error, sizeof last_error, "the day files could not be written: %.900s", err);
            note_error(s, last_error);
            error_at = wall_now(s);
        }
        else if (written > 0)
            SDL_Log("Outbox %s: %d day file%s written", s->outbox, written, written == 1 ? "" : "s");
    }
    counts_batch_release(&days);
    if (!status && !have_days) return;
    outbox_status st = {.kiosk_name = s->kiosk_name, .now = wall_now(s), .started = s->started,
                        .on_screen = on_screen, .inbox = s->inbox[0] ? s->verdict : "",
                        .inbox_at = s->verdict_at, .install = s->install,
                        .install_at = s->install_at, .last_error = last_error,
                        .error_at = error_at};
    if (outbox_write_status(s->outbox, &st, err, sizeof err) != 0)
        SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION, "Outbox: %s", err);
}

static void *run(void *arg) {
    shell_sync *s = arg;
    dirwatch *dw = NULL;
    if (s->inbox[0]) {
        char err[PATH_MAX + 200];
        dw = dirwatch_open(s->inbox, err, sizeof err);
        if (!dw)
            SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION, "Inbox: %s; looking every %d s instead", err,
                        SYNC_POLL_MS / 1000);
        else
            SDL_Log("Inbox: watching %s for %s/ signed by a trusted key", s->inbox, INBOX_CONTENT);
    }
    bool look_due = s->inbox[0] != '\0';
    uint64_t changed_at = 0, looked_at = mono_ms();
    while (!atomic_load(&s->stop)) {
        uint64_t now = mono_ms();
        bool looked = false;
        if (look_due && now >= changed_at + (uint64_t)s->quiet_ms) {
            look(s);
            look_due = false;
            looked = true;
            looked_at = mono_ms();
        }
        if (s->outbox[0]) write_outbox(s, looked);
        now = mono_ms();
        int timeout = -1;
        if (look_due) {
            uint64_t due = changed_at + (uint64_t)s->quiet_ms;
            timeout = due > now ? (int)(due - now) : 0;
        } else if (s->inbox[0]) {
            uint64_t due = looked_at + (dw ? SYNC_RELOOK_MS : SYNC_POLL_MS);
            timeout = due > now ? (int)(due - now) : 0;
        }
        int r;
        if (dw) {
            r = dirwatch_wait(dw, timeout, s->wake_fd);
        } else {
            struct pollfd p = {.fd = s->wake_fd, .events = POLLIN};
            r = poll(&p, 1, timeout) < 0 && errno != EINTR ? -1 : 0;
        }
        if (r < 0) {
            SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION, "Inbox: cannot watch %s: %s; looking every %d s",
                        s->inbox, strerror(errno), SYNC_POLL_MS / 1000);
            dirwatch_close(dw);
            dw = NULL;
        }
        uint64_t drained;
        if (read(s->wake_fd, &drained, sizeof drained) < 0 && errno != EAGAIN) break;
        now = mono_ms();
        if (r == 1) {
            look_due = true;           /* and wait for it to be quiet */
            changed_at = now;
        } else if (s->inbox[0] && !look_due &&
                   now >= looked_at + (dw ? SYNC_RELOOK_MS : SYNC_POLL_MS)) {
            look_due = true;
            changed_at = 0;
        }
    }
    if (s->outbox[0]) write_outbox(s, true);
    dirwatch_close(dw);
    return NULL;
}

shell_sync *shell_sync_open(const shell_sync_options *o) {
    bool inbox = o->inbox && o->inbox[0], outbox = o->outbox && o->outbox[0];
    if (!inbox && !outbox) return NULL;
    shell_sync *s = calloc(1, sizeof *s);
    if (!s) {
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "sync: out of memory");
        return NULL;
    }
    snprintf(s->inbox, sizeof s->inbox, "%s", inbox ? o->inbox : "");
    snprintf(s->outbox, sizeof s->outbox, "%s", outbox ? o->outbox : "");
    snprintf(s->data_dir, sizeof s->data_dir, "%s", o->data_dir ? o->data_dir : "");
    snprintf(s->trusted_keys, sizeof s->trusted_keys, "%s", o->trusted_keys ? o->trusted_keys : "");
    snprintf(s->kiosk_name, sizeof s->kiosk_name, "%s", o->kiosk_name ? o->kiosk_name : "");
    s->max_side = o->max_side;
    s->quiet_ms = o->quiet_ms > 0 ? o->quiet_ms : SYNC_QUIET_MS;
    s->started = o->started;
    s->wall = o->wall;
    counts_batch_init(&s->days);
    s->status_pending = true;
    s->event_type = SDL_RegisterEvents(1);
    s->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (s->event_type == (Uint32)-1 || s->wake_fd < 0 || pthread_mutex_init(&s->lock, NULL) != 0) {
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "sync: cannot start: %s",
                     s->wake_fd < 0 ? strerror(errno) : "no event or lock");
        if (s->wake_fd >= 0) close(s->wake_fd);
        free(s);
        return NULL;
    }
    if (inbox && !s->data_dir[0]) {
        SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION,
                    "Inbox %s: the kiosk has no data folder to install into; the inbox is not watched",
                    s->inbox);
        s->inbox[0] = '\0';
    }
    if (pthread_create(&s->thread, NULL, run, s) != 0) {
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "sync: cannot start the thread");
        pthread_mutex_destroy(&s->lock);
        close(s->wake_fd);
        free(s);
        return NULL;
    }
    return s;
}

bool shell_sync_installed(const shell_sync *s, const SDL_Event *e) {
    return s && e->type == s->event_type;
}

void shell_sync_counts(shell_sync *s, counts_batch *b, const char *on_screen) {
    if (!s) return;
    pthread_mutex_lock(&s->lock);
    counts_batch_release(&s->days);
    s->days = *b;
    counts_batch_init(b);
    s->days_pending = true;
    snprintf(s->on_screen, sizeof s->on_screen, "%s", on_screen ? on_screen : "");
    pthread_mutex_unlock(&s->lock);
    wake(s);
}

void shell_sync_error(shell_sync *s, const char *text) {
    if (!s) return;
    pthread_mutex_lock(&s->lock);
    snprintf(s->last_error, sizeof s->last_error, "%s", text ? text : "");
    s->error_at = wall_now(s);
    s->status_pending = true;
    pthread_mutex_unlock(&s->lock);
    wake(s);
}

void shell_sync_close(shell_sync *s) {
    if (!s) return;
    atomic_store(&s->stop, true);
    wake(s);
    pthread_join(s->thread, NULL);
    counts_batch_release(&s->days);
    pthread_mutex_destroy(&s->lock);
    close(s->wake_fd);
    free(s);
}
