/* shell_staff.c - the staff screen's work: sticks, PIN, install, report,
 * copying the pages to a stick, roll back. See shell_staff.h.
 *
 * Threads: one worker at a time (judging a stick, or an install) gets a
 * copy of what it needs and reports through SDL events; everything that
 * touches the staff screen or the kiosk (through shell_staff_host) stays
 * on the main thread.
 *
 * It knows the kiosk only through shell_staff_host, and the staff screen
 * only through staff.h's functions: never shell.h. */
#include "shell_staff.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "content.h"
#include "import.h"
#include "import_scale.h"
#include "lang.h"
#include "media.h"
#include "picture.h"
#include "sound.h"
#include "pin.h"
#include "report_export.h"
#include "stats_csv.h"
#include "stick_copy.h"
#include "usbwatch.h"

/* A task of the worker thread: judging a stick, or installing it. (A
 * "job" is the staff screen's own word for what staff asked: staff.h.) */
enum { TASK_JUDGE = 1, TASK_INSTALL, TASK_PREVIEW, TASK_ACTIVATE, TASK_COPY };
enum { EV_PROGRESS = 1, EV_DONE };

typedef struct {
    int kind;
    char src[MEDIA_PATH_MAX];
    char data_dir[PATH_MAX];
    char trusted_keys[PATH_MAX];
    int max_side;
    time_t now;              /* the wall clock when it started: names the version */
    bool without_pin;        /* the install started with no PIN given (signed content) */
    Uint32 event_type;
    SDL_atomic_t permille;
    int last_pushed;
    /* results */
    int rc;
    media_verdict verdict;
    char fingerprint[IMPORT_FINGERPRINT_LEN]; /* of the content judged: "" when not installable */
    diag_list diags;
    sign_status signature;
    import_staged staged;    /* TASK_PREVIEW: the copy made; TASK_ACTIVATE: the copy to activate */
    char stick_root[MEDIA_PATH_MAX]; /* TASK_COPY: src (the content on screen) goes there */
    stick_copy_result copied;
    char copy_err[1200];
} task;

struct shell_staff {
    staff *s;                    /* the staff screen it works for */
    shell_staff_host h;
    bool has_data;               /* a data folder: PIN, installs, reports */
    const theme *theme;
    char data_dir[PATH_MAX];
    char trusted_keys[PATH_MAX];
    char own_content[PATH_MAX];
    char kiosk_name[128];
    int max_side;
    usbwatch *watch;
    Uint32 usb_event, task_event;
    media_stick stick;
    bool have_stick;
    char stick_fingerprint[IMPORT_FINGERPRINT_LEN]; /* its kiosk-content/ (import.h), or "" */
    bool judge_pending;          /* judge the stick when the worker is free */
    pin_guard guard;
    SDL_Thread *thread;
    task *running;
    staff_action deferred;       /* done after the next present */
    bool restart;
    import_staged staged;        /* the previewed copy, not active; dir "" when none */
};

static uint64_t now_ms(const shell_staff *w) { return w->h.now(w->h.ctx); }
static time_t wall_now(const shell_staff *w) { return w->h.wall(w->h.ctx); }
static void redraw(const shell_staff *w) { w->h.redraw(w->h.ctx); }

/* ---- the worker ---- */

static void push_task_event(task *j, int code) {
    SDL_Event e;
    SDL_zero(e);
    e.type = j->event_type;
    e.user.code = code;
    e.user.data1 = j;
    SDL_PushEvent(&e);
}

static void install_progress(void *ctx, long long done, long long total) {
    task *j = ctx;
    int permille = total > 0 ? (int)(done * 1000 / total) : 0;
    if (permille > 1000) permille = 1000;
    SDL_AtomicSet(&j->permille, permille);
    /* An event per 1%: enough to move the bar, few enough to cost nothing. */
    if (permille - j->last_pushed >= 10 || (permille == 1000 && j->last_pushed != 1000)) {
        j->last_pushed = permille;
        push_task_event(j, EV_PROGRESS);
    }
}

/* media_picture_check: every picture decoded, every recording read. */
static int check_files(const content *c, diag_list *d) {
    int pictures = picture_check_content(c, d);
    sound_check_content(c, d);
    return pictures;
}

static int worker(void *data) {
    task *j = data;
    if (j->kind == TASK_JUDGE) {
        /* Every picture decoded through the gate and every recording
         * read, as kiosk check and kiosk import do: what they refuse is
         * never offered. */
        j->rc = media_judge(j->src, j->trusted_keys[0] ? j->trusted_keys : NULL, check_files,
                            &j->verdict);
        /* Is it what is on screen already? Only content that could be
         * installed is asked (it reads every file once more). */
        if (j->verdict.installable && import_fingerprint(j->src, j->fingerprint, &j->diags) != 0)
            j->fingerprint[0] = '\0';
    } else if (j->kind == TASK_COPY) {
        j->rc = stick_copy_content(j->src, j->stick_root, &j->copied, j->copy_err,
                                   sizeof j->copy_err);
    } else if (j->kind == TASK_ACTIVATE) {
        /* The previewed copy, the same bytes: only the switch is left. */
        j->signature = j->staged.signature;
        import_options o = {.now = j->now, .without_pin = j->without_pin,
                            .trusted_keys = j->trusted_keys[0] ? j->trusted_keys : NULL};
        j->rc = import_activate(&j->staged, j->data_dir, &o, &j->diags);
    } else {
        j->signature = SIGN_NONE;
        import_options o = {.max_side = j->max_side, .picture = import_scale_picture,
                            .recording = sound_check_file, .now = j->now,
                            .progress = install_progress, .ctx = j,
                            .trusted_keys = j->trusted_keys[0] ? j->trusted_keys : NULL,
                            .signature = &j->signature, .without_pin = j->without_pin};
        if (j->kind == TASK_PREVIEW)
            j->rc = import_stage(j->src, j->data_dir, &o, &j->staged, &j->diags);
        else
            j->rc = import_install(j->src, j->data_dir, &o, &j->diags);
    }
    push_task_event(j, EV_DONE);
    return 0;
}

static bool start_task(shell_staff *w, int kind) {
    if (w->running) return false;
    task *j = calloc(1, sizeof *j);
    if (!j) return false;
    j->kind = kind;
    snprintf(j->src, sizeof j->src, "%s", w->stick.content_dir);
    snprintf(j->data_dir, sizeof j->data_dir, "%s", w->data_dir);
    snprintf(j->trusted_keys, sizeof j->trusted_keys, "%s", w->trusted_keys);
    j->max_side = w->max_side;
    j->now = wall_now(w);
    /* No PIN given: only signed content newer than what is installed
     * goes in, checked on the copy itself (import.h). */
    j->without_pin = !w->s->unlocked;
    j->event_type = w->task_event;
    if (kind == TASK_ACTIVATE) j->staged = w->staged;
    if (kind == TASK_COPY) {
        /* What is on screen: as reload() chooses it. */
        if (!import_current(w->data_dir, j->src, sizeof j->src))
            snprintf(j->src, sizeof j->src, "%s", w->own_content);
        snprintf(j->stick_root, sizeof j->stick_root, "%s", w->stick.root);
    }
    diag_list_init(&j->diags);
    w->running = j;
    w->thread = SDL_CreateThread(worker, kind == TASK_JUDGE ? "kiosk-judge" : "kiosk-install", j);
    if (!w->thread) {
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "Cannot start a worker: %s", SDL_GetError());
        w->running = NULL;
        diag_list_release(&j->diags);
        free(j);
        return false;
    }
    return true;
}

static void free_task(task *j) {
    diag_list_release(&j->diags);
    free(j);
}

/* ---- the kiosk's state, for the menu ---- */

static int64_t views_between(shell_staff *w, time_t from, time_t to) {
    char a[COUNTS_DAY_LEN], b[COUNTS_DAY_LEN];
    counts_day(from, a);
    counts_day(to, b);
    counts_batch batch;
    counts_batch_init(&batch);
    int64_t n = 0;
    if (w->h.counts_for_report(w->h.ctx, a, b, &batch) == 0)
        for (int i = 0; i < batch.page_count; i++) n += batch.pages[i].shown;
    counts_batch_release(&batch);
    return n;
}

/* Pages shown from `from` to `to` per language, most first, each named in
 * its own words: "English 120, Polski 30"; "" when only one language. */
typedef struct {
    char lang[COUNTS_LANG_MAX];
    int64_t shown;
} lang_shown;

static void languages_between(shell_staff *w, time_t from, time_t to, char *out, size_t size) {
    enum { MAX = 12 };
    char a[COUNTS_DAY_LEN], b[COUNTS_DAY_LEN];
    counts_day(from, a);
    counts_day(to, b);
    counts_batch batch;
    counts_batch_init(&batch);
    lang_shown per[MAX];
    int n = 0;
    out[0] = '\0';
    if (w->h.counts_for_report(w->h.ctx, a, b, &batch) == 0)
        for (int i = 0; i < batch.page_count; i++) {
            int k = 0;
            while (k < n && strcmp(per[k].lang, batch.pages[i].lang) != 0) k++;
            if (k == n) {
                if (n == MAX) continue;
                snprintf(per[n].lang, sizeof per[n].lang, "%s", batch.pages[i].lang);
                per[n++].shown = 0;
            }
            per[k].shown += batch.pages[i].shown;
        }
    counts_batch_release(&batch);
    if (n < 2) return;
    for (int i = 1; i < n; i++)   /* most shown first: a handful, insertion sort */
        for (int j = i; j > 0 && per[j].shown > per[j - 1].shown; j--) {
            lang_shown t = per[j];
            per[j] = per[j - 1];
            per[j - 1] = t;
        }
    size_t used = 0;
    for (int i = 0; i < n; i++) {
        int len = snprintf(out + used, size - used, "%s%s %lld", i ? ", " : "",
                           lang_name(per[i].lang), (long long)per[i].shown);
        if (len < 0 || (size_t)len >= size - used) {
            out[used] = '\0';   /* no half a name: the rarest are left out */
            break;
        }
        used += (size_t)len;
    }
}

/* Tells the staff screen whether the stick is the content on screen now
 * (after it was judged, an install, a roll back). */
static void stick_on_screen(shell_staff *w) {
    staff_stick_on_screen(w->s, w->have_stick && import_is_current(w->data_dir, w->stick_fingerprint));
}

static void refresh(shell_staff *w) {
    staff_kiosk k;
    memset(&k, 0, sizeof k);
    char dir[PATH_MAX], words[96];
    bool installed = import_current(w->data_dir, dir, sizeof dir);
    import_describe(installed ? dir : NULL, words, sizeof words);
    int pages = w->h.pages_shown(w->h.ctx);
    char dated[120] = "";
    if (w->h.pages_dated) w->h.pages_dated(w->h.ctx, dated, sizeof dated);
    snprintf(k.content, sizeof k.content, "On screen: %s, %d page%s.%s%s", words, pages,
             pages == 1 ? "" : "s", dated[0] ? " " : "", dated);
    k.can_roll_back = import_can_roll_back(w->data_dir);
    bool previous = import_previous(w->data_dir, dir, sizeof dir);
    import_describe(previous ? dir : NULL, words, sizeof words);
    snprintf(k.previous, sizeof k.previous, "%s", words);
    /* What was counted so far goes in first. */
    if (w->h.commit_counts(w->h.ctx)) {
        time_t wall = wall_now(w);
        k.counting = true;
        k.views_today = views_between(w, wall, wall);
        k.views_week = views_between(w, wall - 6 * 86400, wall);
        languages_between(w, wall - 6 * 86400, wall, k.by_language, sizeof k.by_language);
    }
    staff_set_kiosk(w->s, &k);
    stick_on_screen(w);
}

/* Shows what is installed now (or the kiosk's own pages). */
static int reload(shell_staff *w, char *err, size_t errsize) {
    char dir[PATH_MAX];
    if (!import_current(w->data_dir, dir, sizeof dir)) snprintf(dir, sizeof dir, "%s", w->own_content);
    content *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errsize, "out of memory");
        return -1;
    }
    diag_list d;
    diag_list_init(&d);
    content_load(c, dir, &d);
    diag_list_print(&d, stderr, "kiosk: ");
    SDL_Log("Content %s: %d pages shown, %d errors, %d warnings", dir, c->page_count, d.errors,
            d.warnings);
    diag_list_release(&d);
    int rc = w->h.show_content(w->h.ctx, c);
    if (rc != 0) snprintf(err, errsize, "out of memory");
    return rc;
}

int shell_staff_show_installed(shell_staff *w) {
    if (!w) return 0;
    char err[64];
    int rc = reload(w, err, sizeof err);
    if (rc != 0) SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "Cannot show the new content: %s", err);
    if (staff_is_open(w->s)) refresh(w);
    return rc;
}

/* ---- sticks ---- */

static void stick_to_staff(const shell_staff *w, const media_verdict *v, staff_stick *out) {
    memset(out, 0, sizeof *out);
    out->present = w->have_stick;
    if (!w->have_stick) return;
    snprintf(out->label, sizeof out->label, "%s", w->stick.label);
    out->has_content = w->stick.content_dir[0] != '\0';
    out->has_reports = !w->stick.read_only;
    if (!out->has_content) {
        out->judged = true;
        snprintf(out->summary, sizeof out->summary, "kiosk-reports folder found");
        return;
    }
    if (!v) return;
    out->judged = true;
    out->pages = v->pages;
    out->pictures = v->pictures;
    out->can_install = v->installable;
    out->on_screen = v->installable && import_is_current(w->data_dir, w->stick_fingerprint);
    out->signature = v->signature;
    snprintf(out->summary, sizeof out->summary, "%s", v->summary);
    if (v->signature == SIGN_BAD)
        snprintf(out->lines[out->line_count++], sizeof out->lines[0], "%s", v->signature_text);
    for (int i = 0; i < v->line_count && out->line_count < STAFF_LINES; i++) {
        snprintf(out->lines[out->line_count++], sizeof out->lines[0], "%s", v->lines[i].text);
    }
    out->more_lines = v->more;
}

static void stick_event(shell_staff *w, const SDL_Event *e) {
    uint64_t now = now_ms(w);
    media_stick *m = e->user.data1;
    if (e->user.code == USBWATCH_REMOVED || !m) {
        SDL_Log("USB stick removed");
        w->have_stick = false;
        w->judge_pending = false;
        w->stick_fingerprint[0] = '\0';
        staff_stick_update(w->s, NULL, now);
        free(m);
        redraw(w);
        return;
    }
    SDL_Log("USB stick %s: %s%s%s", m->root, m->content_dir[0] ? "kiosk-content " : "",
            m->reports_exists ? "kiosk-reports" : "", m->read_only ? " (read-only)" : "");
    bool same_content = e->user.code == USBWATCH_CHANGED && w->have_stick &&
                        strcmp(m->content_dir, w->stick.content_dir) == 0;
    w->stick = *m;
    w->have_stick = true;
    free(m);
    if (same_content) {
        /* kiosk-reports/ came or went (the kiosk makes it when saving a
         * report): the verdict on kiosk-content/ still holds. */
        staff_stick_reports(w->s, !w->stick.read_only);
        redraw(w);
        return;
    }
    w->stick_fingerprint[0] = '\0';   /* new content: not judged yet */
    staff_stick info;
    stick_to_staff(w, NULL, &info);
    staff_stick_update(w->s, &info, now);
    if (w->stick.content_dir[0]) {
        if (!start_task(w, TASK_JUDGE)) w->judge_pending = true;
    }
    redraw(w);
}

/* ---- results ---- */

/* The first errors of a job, with the files named from the stick's top
 * folder, after `first`. */
static void errors_text(const shell_staff *w, const diag_list *d, const char *first, char *text,
                        size_t size) {
    size_t n = (size_t)snprintf(text, size, "%s", first);
    size_t root = strlen(w->stick.root);
    int shown = 0;
    for (int i = 0; i < d->count && shown < 3; i++) {
        const diag *g = &d->items[i];
        if (g->severity != DIAG_ERROR) continue;
        char line[600];
        diag_format(g, line, sizeof line);
        const char *l = line;
        if (root && strncmp(l, w->stick.root, root) == 0 && l[root] == '/') l += root + 1;
        if (n < size) n += (size_t)snprintf(text + n, size - n, "\n%s", l);
        shown++;
    }
}

static void install_done(shell_staff *w, task *j) {
    uint64_t now = now_ms(w);
    char text[600];
    if (j->rc == 0) {
        char err[200];
        int rc = reload(w, err, sizeof err);
        int pages = w->h.pages_shown(w->h.ctx);
        snprintf(text, sizeof text, "%d page%s from the stick %s on screen now%s.%s",
                 pages, pages == 1 ? "" : "s", pages == 1 ? "is" : "are",
                 j->signature == SIGN_VALID ? " (signed by a trusted key)" : "",
                 w->have_stick ? " You can remove the stick now." : "");
        if (rc != 0) snprintf(text, sizeof text, "Installed, but cannot show it: %s", err);
        SDL_Log("Installed new content from %s", j->src);
        stick_on_screen(w);   /* also when no PIN was given (no refresh follows) */
        staff_done(w->s, rc == 0, "New content is on screen", text, now);
        return;
    }
    diag_list_print(&j->diags, stderr, "kiosk: install: ");
    if (j->rc == IMPORT_NEEDS_PIN) {
        /* Started without the PIN, but the copy was not signed content
         * newer than what is installed: the keypad again, saying why. */
        char why[400] = "The staff PIN is needed to install this content.";
        for (int i = 0; i < j->diags.count; i++)
            if (j->diags.items[i].severity == DIAG_ERROR) {
                snprintf(why, sizeof why, "%s.", j->diags.items[i].message);
                why[0] = (char)toupper((unsigned char)why[0]);
                break;
            }
        SDL_Log("The install needs the staff PIN: %s", why);
        staff_needs_pin(w->s, why, now);
        return;
    }
    /* The stick's going may not have been seen yet: look. */
    if (!w->have_stick || access(w->stick.content_dir, F_OK) != 0) {
        staff_done(w->s, false, "The new content was not installed",
                   "The USB stick was taken out before the copy finished. Nothing was changed: "
                   "the screen shows what it showed before. Put the stick back in to try again.",
                   now);
        return;
    }
    /* Nothing changed: say why, in the words `kiosk check` uses, with the
     * files named from the stick's top folder. */
    errors_text(w, &j->diags, "Nothing was changed: the screen shows what it showed before.", text,
                sizeof text);
    staff_done(w->s, false, "The new content was not installed", text, now);
}

/* The previewed copy goes, and what families see is on screen again. */
static void end_preview(shell_staff *w) {
    if (!w->staged.dir[0]) return;
    w->h.end_preview(w->h.ctx);
    import_discard(&w->staged);
    SDL_Log("Preview ended: the copy is removed, the pages before are on screen again");
    redraw(w);
}

static void preview_done(shell_staff *w, task *j) {
    uint64_t now = now_ms(w);
    char text[600];
    if (j->rc != 0) {
        diag_list_print(&j->diags, stderr, "kiosk: preview: ");
        bool gone = !w->have_stick || access(w->stick.content_dir, F_OK) != 0;
        errors_text(w, &j->diags,
                    gone ? "The USB stick was taken out before the copy finished. Nothing was "
                           "changed. Put the stick back in to try again."
                         : "Nothing was changed: the screen shows what it showed before.",
                    text, sizeof text);
        staff_done(w->s, false, "The preview could not be made", text, now);
        return;
    }
    w->staged = j->staged;
    j->staged.dir[0] = '\0';
    content *c = calloc(1, sizeof *c);
    diag_list d;
    diag_list_init(&d);
    if (c) content_load(c, w->staged.dir, &d);
    bool loaded = c && d.errors == 0 && c->page_count > 0;
    diag_list_release(&d);
    if (!loaded || !staff_preview_ready(w->s, c->page_count, w->stick.label, now)) {
        /* Nobody waits for it (or it cannot be shown): it goes. */
        if (c) content_release(c);
        free(c);
        import_discard(&w->staged);
        if (!loaded)
            staff_done(w->s, false, "The preview could not be made",
                       "The copy could not be read back. Nothing was changed.", now);
        return;
    }
    int pages = c->page_count;
    if (w->h.preview_content(w->h.ctx, c) != 0) {
        end_preview(w);
        staff_done(w->s, false, "The preview could not be made",
                   "The kiosk ran out of memory. Nothing was changed.", now);
        return;
    }
    SDL_Log("Preview: %d pages from %s, copied to %s (not installed)", pages, j->src,
            w->staged.dir);
}

static void activate_done(shell_staff *w, task *j) {
    uint64_t now = now_ms(w);
    w->staged.dir[0] = '\0';   /* activated, or removed by import_activate */
    char text[600];
    if (j->rc == 0) {
        char err[200];
        int rc = reload(w, err, sizeof err);   /* the preview ends with it */
        int pages = w->h.pages_shown(w->h.ctx);
        snprintf(text, sizeof text, "The %d page%s you saw %s on screen now%s.%s", pages,
                 pages == 1 ? "" : "s", pages == 1 ? "is" : "are",
                 j->signature == SIGN_VALID ? " (signed by a trusted key)" : "",
                 w->have_stick ? " You can remove the stick now." : "");
        if (rc != 0) snprintf(text, sizeof text, "Installed, but cannot show it: %s", err);
        SDL_Log("Installed the previewed content");
        stick_on_screen(w);
        staff_done(w->s, rc == 0, "New content is on screen", text, now);
        return;
    }
    diag_list_print(&j->diags, stderr, "kiosk: install: ");
    w->h.end_preview(w->h.ctx);
    errors_text(w, &j->diags, "Nothing was changed: the screen shows what it showed before.", text,
                sizeof text);
    staff_done(w->s, false, "The new content was not installed", text, now);
}

static void copy_done(shell_staff *w, task *j) {
    uint64_t now = now_ms(w);
    char text[600];
    if (j->rc != 0) {
        SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION, "Copy to the stick: %s", j->copy_err);
        snprintf(text, sizeof text, "%.590s", j->copy_err);
        staff_done(w->s, false, "The pages were not copied", text, now);
        return;
    }
    int pages = w->h.pages_shown(w->h.ctx);
    bool beside = strcmp(j->copied.folder, "kiosk-content") != 0;
    snprintf(text, sizeof text,
             "The %d page%s %s on the stick in %s. Edit %s on a computer, then bring the "
             "stick back. %s on the stick says how.%s",
             pages, pages == 1 ? "" : "s", pages == 1 ? "is" : "are", j->copied.folder,
             pages == 1 ? "it" : "them", j->copied.howto,
             beside ? "\nThe stick had a kiosk-content folder already: it was not changed. The "
                      "kiosk reads only kiosk-content, so rename the new folder to that when "
                      "you are done."
                    : "");
    SDL_Log("Copied %s to %s/%s (%d files, %lld bytes), with %s", j->src, j->stick_root,
            j->copied.folder, j->copied.files, j->copied.bytes, j->copied.howto);
    staff_done(w->s, true, "The pages are on the stick", text, now);
}

static void task_event(shell_staff *w, const SDL_Event *e) {
    task *j = e->user.data1;
    if (j != w->running) return;
    if (e->user.code == EV_PROGRESS) {
        staff_progress(w->s, (float)SDL_AtomicGet(&j->permille) / 1000.0f, NULL);
        redraw(w);
        return;
    }
    SDL_WaitThread(w->thread, NULL);
    w->thread = NULL;
    w->running = NULL;
    uint64_t now = now_ms(w);
    if (j->kind == TASK_JUDGE) {
        /* The stick may have gone, or changed, while it was read. */
        if (w->have_stick && strcmp(j->src, w->stick.content_dir) == 0) {
            snprintf(w->stick_fingerprint, sizeof w->stick_fingerprint, "%s", j->fingerprint);
            staff_stick info;
            stick_to_staff(w, &j->verdict, &info);
            staff_stick_update(w->s, &info, now);
            SDL_Log("USB stick content: %s", j->verdict.summary);
            for (int i = 0; i < j->verdict.line_count; i++)
                SDL_Log("  %s", j->verdict.lines[i].text);
        }
    } else if (j->kind == TASK_PREVIEW) {
        preview_done(w, j);
    } else if (j->kind == TASK_ACTIVATE) {
        activate_done(w, j);
    } else if (j->kind == TASK_COPY) {
        copy_done(w, j);
    } else {
        install_done(w, j);
    }
    free_task(j);
    if (w->judge_pending && w->have_stick && w->stick.content_dir[0]) {
        w->judge_pending = false;
        start_task(w, TASK_JUDGE);
    }
    redraw(w);
}

bool shell_staff_event(shell_staff *w, const SDL_Event *e) {
    if (!w || e->type < SDL_USEREVENT) return false;
    if (w->usb_event && e->type == w->usb_event) {
        stick_event(w, e);
        return true;
    }
    if (w->task_event && e->type == w->task_event) {
        task_event(w, e);
        return true;
    }
    return false;
}

/* ---- what staff asked for ---- */

static void check_pin(shell_staff *w) {
    uint64_t now = now_ms(w);
    char digits[PIN_DIGITS_MAX + 1];
    snprintf(digits, sizeof digits, "%s", staff_digits(w->s));
    staff_wipe_digits(w->s);
    pin_result r = pin_try(&w->guard, w->data_dir, digits, now, wall_now(w));
    sodium_memzero(digits, sizeof digits);
    if (r.message[0]) SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION, "Staff PIN: %s", r.message);
    SDL_Log("Staff PIN: %s", r.code == PIN_OK ? "accepted" : r.code == PIN_WRONG ? "wrong"
                             : r.code == PIN_LOCKED ? "locked out" : r.code == PIN_NOT_SET ? "not set"
                                                                                           : "error");
    staff_pin_result(w->s, &r, now_ms(w));
}

static void save_report(shell_staff *w) {
    uint64_t now = now_ms(w);
    time_t wall = wall_now(w);
    char err[PATH_MAX + 200], csv[PATH_MAX], png[PATH_MAX], text[3000];
    counts_batch b;
    counts_batch_init(&b);
    stats_summary s;
    memset(&s, 0, sizeof s);
    int rc = -1;
    if (!w->have_stick) {
        snprintf(err, sizeof err, "the USB stick was taken out");
    } else if (w->stick.read_only) {
        snprintf(err, sizeof err, "the USB stick cannot be written to (it is read-only)");
    } else if (!w->h.commit_counts(w->h.ctx)) {  /* what was counted so far goes in first */
        snprintf(err, sizeof err, "this kiosk cannot read its page-view counts");
    } else {
        char today[COUNTS_DAY_LEN];
        counts_day(wall, today);
        staff_progress(w->s, 0.3f, NULL);
        if (w->h.counts_for_report(w->h.ctx, NULL, NULL, &b) != 0) {
            snprintf(err, sizeof err, "cannot read the page-view counts");
        } else if (stats_summary_init(&s, &b, NULL, NULL, today, err, sizeof err) == 0) {
            rc = report_export_files(w->stick.reports_dir, w->kiosk_name, &b, &s, w->theme, csv,
                                    png, sizeof csv, err, sizeof err);
        }
    }
    if (rc == 0) {
        const char *c = strrchr(csv, '/'), *p = strrchr(png, '/');
        char from[48] = "", to[48] = "";
        int32_t day;
        if (stats_date_parse(s.from, &day)) stats_date_words(day, true, from, sizeof from);
        if (stats_date_parse(s.to, &day)) stats_date_words(day, true, to, sizeof to);
        snprintf(text, sizeof text,
                 "The page views from %s to %s are on the stick, in kiosk-reports: %.300s (for "
                 "Excel) and %.300s (a picture to print).\nYou can remove the stick now.",
                 from[0] ? from : s.from, to[0] ? to : s.to, c ? c + 1 : csv, p ? p + 1 : png);
        SDL_Log("Visit report saved: %s, %s", csv, png);
        staff_done(w->s, true, "Report saved", text, now);
    } else {
        snprintf(text, sizeof text, "The report was not saved: %.1000s.", err);
        SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION, "Visit report: %s", err);
        staff_done(w->s, false, "The report was not saved", text, now);
    }
    stats_summary_release(&s);
    counts_batch_release(&b);
}

static void roll_back(shell_staff *w) {
    uint64_t now = now_ms(w);
    diag_list d;
    diag_list_init(&d);
    char text[600], err[200], words[96], dir[PATH_MAX];
    if (import_rollback(w->data_dir, &d) == 0) {
        int rc = reload(w, err, sizeof err);
        bool installed = import_current(w->data_dir, dir, sizeof dir);
        import_describe(installed ? dir : NULL, words, sizeof words);
        snprintf(text, sizeof text, "The screen shows %s again: %d pages.%s", words,
                 w->h.pages_shown(w->h.ctx),
                 rc == 0 ? "" : " (It could not be loaded fully: see the log.)");
        SDL_Log("Rolled back to %s", installed ? dir : w->own_content);
        staff_done(w->s, rc == 0, "Rolled back", text, now);
    } else {
        char line[300] = "";
        if (d.count > 0) diag_format(&d.items[0], line, sizeof line);
        snprintf(text, sizeof text, "Nothing was changed. %s", line);
        staff_done(w->s, false, "Cannot roll back", text, now);
    }
    diag_list_release(&d);
}

void shell_staff_actions(shell_staff *w) {
    if (!w) return;
    staff_action a;
    while ((a = staff_take(w->s)) != STAFF_DO_NONE) {
        redraw(w);
        if (!w->has_data) {
            /* No data folder: nothing can be checked or installed. */
            pin_result r = {.code = PIN_ERROR};
            snprintf(r.message, sizeof r.message, "this kiosk has no data folder");
            if (a == STAFF_DO_PIN_STATUS)
                staff_pin_status(w->s, &r, now_ms(w));
            continue;
        }
        switch (a) {
        case STAFF_DO_PIN_STATUS: {
            pin_result r = pin_guard_status(&w->guard, w->data_dir, now_ms(w), wall_now(w));
            staff_pin_status(w->s, &r, now_ms(w));
            break;
        }
        case STAFF_DO_REFRESH: refresh(w); break;
        case STAFF_DO_INSTALL:
            if (!start_task(w, TASK_INSTALL))
                staff_done(w->s, false, "The new content was not installed",
                           "The kiosk is still reading the stick. Try again in a moment.",
                           now_ms(w));
            else
                SDL_Log("Installing new content from %s", w->stick.content_dir);
            break;
        case STAFF_DO_PREVIEW:
            if (!start_task(w, TASK_PREVIEW))
                staff_done(w->s, false, "The preview could not be made",
                           "The kiosk is still reading the stick. Try again in a moment.",
                           now_ms(w));
            else
                SDL_Log("Preparing a preview of %s", w->stick.content_dir);
            break;
        case STAFF_DO_PREVIEW_INSTALL:
            if (!w->staged.dir[0] || !start_task(w, TASK_ACTIVATE)) {
                end_preview(w);
                staff_done(w->s, false, "The new content was not installed",
                           "The kiosk was busy. Nothing was changed: put the stick in again and "
                           "preview it once more.", now_ms(w));
            } else {
                SDL_Log("Installing the previewed content from %s", w->staged.dir);
            }
            break;
        case STAFF_DO_PREVIEW_END: end_preview(w); break;
        case STAFF_DO_COPY:
            if (!w->have_stick)
                staff_done(w->s, false, "The pages were not copied",
                           "The USB stick was taken out. Put it back in to try again.", now_ms(w));
            else if (w->stick.read_only)   /* as mounted: nothing to try */
                staff_done(w->s, false, "The pages were not copied",
                           "The USB stick cannot be written to (it is read-only, or its lock "
                           "switch is on). Nothing was written to it.", now_ms(w));
            else if (!start_task(w, TASK_COPY))
                staff_done(w->s, false, "The pages were not copied",
                           "The kiosk is still reading the stick. Try again in a moment.",
                           now_ms(w));
            else
                SDL_Log("Copying the pages on screen to %s", w->stick.root);
            break;
        case STAFF_DO_CHECK_PIN:
        case STAFF_DO_REPORT:
        case STAFF_DO_ROLLBACK:
            w->deferred = a;        /* after "Checking..." / "Saving..." is on screen */
            break;
        case STAFF_DO_RESTART:
            SDL_Log("Restart asked for on the staff screen");
            w->restart = true;
            w->h.quit(w->h.ctx);
            break;
        default: break;
        }
    }
}

void shell_staff_after_present(shell_staff *w) {
    if (!w || w->deferred == STAFF_DO_NONE) return;
    staff_action a = w->deferred;
    w->deferred = STAFF_DO_NONE;
    if (a == STAFF_DO_CHECK_PIN) check_pin(w);
    else if (a == STAFF_DO_REPORT) save_report(w);
    else if (a == STAFF_DO_ROLLBACK) roll_back(w);
    shell_staff_actions(w);
    redraw(w);
}

bool shell_staff_restart(const shell_staff *w) { return w && w->restart; }

/* ---- start and stop ---- */

shell_staff *shell_staff_open(const shell_staff_options *o, staff *model,
                              const shell_staff_host *host) {
    shell_staff *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->s = model;
    w->h = *host;
    w->theme = o->theme;
    w->has_data = o->data_dir != NULL;
    if (!w->has_data) return w;   /* the staff screen says there is nothing to check */
    snprintf(w->data_dir, sizeof w->data_dir, "%s", o->data_dir);
    snprintf(w->trusted_keys, sizeof w->trusted_keys, "%s", o->trusted_keys ? o->trusted_keys : "");
    snprintf(w->own_content, sizeof w->own_content, "%s", o->own_content ? o->own_content : "");
    snprintf(w->kiosk_name, sizeof w->kiosk_name, "%s", o->kiosk_name ? o->kiosk_name : "");
    w->max_side = o->max_side > 0 ? o->max_side : IMPORT_MAX_SIDE;
    pin_guard_init(&w->guard);
    Uint32 first = SDL_RegisterEvents(2);
    if (first != (Uint32)-1) {
        w->usb_event = first;
        w->task_event = first + 1;
    }
    if (o->media_dir && o->media_dir[0] && w->usb_event) {
        char err[600];
        w->watch = usbwatch_start(o->media_dir, w->usb_event, err, sizeof err);
        if (w->watch) SDL_Log("Watching %s for USB sticks", o->media_dir);
        else SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION, "Not watching for USB sticks: %s", err);
    }
    return w;
}

void shell_staff_close(shell_staff *w) {
    if (!w) return;
    if (w->watch) usbwatch_stop(w->watch);
    if (w->thread) {
        /* An install finishes or fails on its own; it is all-or-nothing. */
        SDL_WaitThread(w->thread, NULL);
        w->thread = NULL;
    }
    /* A preview's copy never outlives the kiosk (nor one being made). */
    import_discard(&w->staged);
    if (w->running && w->running->kind == TASK_PREVIEW) import_discard(&w->running->staged);
    /* Drain our events: they carry memory. */
    SDL_Event e;
    if (w->usb_event)
        while (SDL_PeepEvents(&e, 1, SDL_GETEVENT, w->usb_event, w->usb_event) == 1)
            free(e.user.data1);
    if (w->task_event) SDL_FlushEvent(w->task_event);
    if (w->running) free_task(w->running);
    free(w);
}
