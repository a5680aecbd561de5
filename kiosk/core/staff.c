/* staff.c - the staff screen's state machine. See staff.h. */
#include "staff.h"

#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

void staff_init(staff *s, int width, int height, double px_per_mm) {
    memset(s, 0, sizeof *s);
    s->width = width;
    s->height = height;
    s->px_per_mm = px_per_mm > 0 ? px_per_mm : 4;
    s->pressed = STAFF_NOWHERE;
    s->pin_state = PIN_READY;
}

void staff_wipe_digits(staff *s) {
    sodium_memzero(s->digits, sizeof s->digits);
    s->digit_count = 0;
}

void staff_release(staff *s) { staff_wipe_digits(s); }

bool staff_is_open(const staff *s) { return s->screen != STAFF_CLOSED; }

bool staff_previewing(const staff *s) { return s->screen == STAFF_PREVIEW; }

bool staff_covers_pages(const staff *s) { return staff_is_open(s) && !staff_previewing(s); }

static void changed(staff *s) { s->version++; }

static void push(staff *s, staff_action a) {
    if (s->queued < (int)(sizeof s->queue / sizeof s->queue[0])) s->queue[s->queued++] = a;
}

/* The previewed copy goes, and the visitors' pages come back. */
static void end_preview(staff *s) {
    if (!s->preview) return;
    s->preview = false;
    push(s, STAFF_DO_PREVIEW_END);
}

staff_action staff_take(staff *s) {
    if (s->queued == 0) return STAFF_DO_NONE;
    staff_action a = s->queue[0];
    memmove(s->queue, s->queue + 1, (size_t)(s->queued - 1) * sizeof s->queue[0]);
    s->queued--;
    return a;
}

const char *staff_digits(const staff *s) { return s->digits; }

/* ---- the corner ---- */

void staff_corner(const staff *s, int *x, int *y, int *w, int *h) {
    int short_side = s->width < s->height ? s->width : s->height;
    int side = (int)lround(s->px_per_mm * 15);       /* 15 mm */
    if (side < short_side / 10) side = short_side / 10;
    *x = s->width - side;
    *y = 0;
    *w = side;
    *h = side;
}

static bool in_corner(const staff *s, float x, float y) {
    int cx, cy, cw, ch;
    staff_corner(s, &cx, &cy, &cw, &ch);
    return x >= cx && x <= cx + cw && y >= cy && y <= cy + ch;
}

void staff_watch_down(staff *s, int64_t id, float x, float y, uint64_t now) {
    if (staff_is_open(s)) return;
    if (s->lp_active) { s->lp_active = false; return; }  /* a second finger: not a long press */
    if (!in_corner(s, x, y)) return;
    s->lp_active = true;
    s->lp_id = id;
    s->lp_x = x;
    s->lp_y = y;
    s->lp_since = now;
}

void staff_watch_move(staff *s, int64_t id, float x, float y, uint64_t now) {
    (void)now;
    if (!s->lp_active || id != s->lp_id) return;
    float slop = (float)(s->px_per_mm * 4);          /* a resting finger wobbles */
    if (fabsf(x - s->lp_x) > slop || fabsf(y - s->lp_y) > slop || !in_corner(s, x, y))
        s->lp_active = false;
}

void staff_watch_up(staff *s, int64_t id, uint64_t now) {
    (void)now;
    if (s->lp_active && id == s->lp_id) s->lp_active = false;
}

/* ---- opening and closing ---- */

void staff_open(staff *s, bool by_stick, uint64_t now) {
    bool was_open = staff_is_open(s);
    s->lp_active = false;
    s->last_touch = now;
    if (was_open) {
        if (by_stick) s->by_stick = true;
        changed(s);
        return;
    }
    s->screen = STAFF_PIN;
    s->by_stick = by_stick;
    s->unlocked = false;
    s->pressed = STAFF_NOWHERE;
    s->notice[0] = '\0';
    staff_wipe_digits(s);
    push(s, STAFF_DO_PIN_STATUS);
    changed(s);
}

void staff_close(staff *s) {
    if (s->screen == STAFF_CLOSED) return;
    end_preview(s);
    staff_wipe_digits(s);
    s->screen = STAFF_CLOSED;
    s->unlocked = false;
    s->by_stick = false;
    s->pressed = STAFF_NOWHERE;
    s->touch_count = 0;
    changed(s);
}

/* ---- the keypad ---- */

static int minutes_left(const staff *s, uint64_t now) {
    uint64_t left = s->locked_until > now ? s->locked_until - now : 0;
    return (int)((left + 59999) / 60000);
}

static void lock_notice(staff *s, uint64_t now) {
    s->minutes_shown = minutes_left(s, now);
    char wait[64];
    pin_wait_words(s->locked_until > now ? s->locked_until - now : 0, wait, sizeof wait);
    snprintf(s->notice, sizeof s->notice,
             "Too many wrong tries. The keypad is locked: try again in %s.", wait);
}

static void apply_pin_state(staff *s, const pin_result *r, uint64_t now) {
    s->pin_state = r->code;
    switch (r->code) {
    case PIN_LOCKED:
        s->locked_until = now + r->wait_ms;
        lock_notice(s, now);
        break;
    case PIN_NOT_SET:
        snprintf(s->notice, sizeof s->notice,
                 "No staff PIN is set on this kiosk. IT can set one with: sudo kiosk pin set");
        break;
    case PIN_ERROR:
        if (r->staff_note) snprintf(s->notice, sizeof s->notice, "%s", r->staff_note);
        else
            snprintf(s->notice, sizeof s->notice, "The PIN cannot be checked: %s",
                     r->message[0] ? r->message : "unknown error");
        break;
    default: break;
    }
}

void staff_pin_status(staff *s, const pin_result *r, uint64_t now) {
    if (s->screen != STAFF_PIN) return;
    s->tries_left = r->tries_left;
    if (r->code == PIN_READY) {
        s->pin_state = PIN_READY;
        if (r->staff_note) snprintf(s->notice, sizeof s->notice, "%s", r->staff_note);
    } else {
        apply_pin_state(s, r, now);
    }
    changed(s);
}

static bool keypad_usable(const staff *s) {
    return s->screen == STAFF_PIN && s->pin_state == PIN_READY;
}

static void key(staff *s, int control) {
    if (!keypad_usable(s)) return;
    if (control >= STAFF_KEY_0 && control <= STAFF_KEY_0 + 9) {
        if (s->digit_count < PIN_DIGITS_MAX) {
            s->digits[s->digit_count++] = (char)('0' + control - STAFF_KEY_0);
            s->digits[s->digit_count] = '\0';
        }
    } else if (control == STAFF_KEY_DELETE) {
        if (s->digit_count > 0) s->digits[--s->digit_count] = '\0';
    } else if (control == STAFF_KEY_OK) {
        if (s->digit_count < PIN_DIGITS_MIN) {
            snprintf(s->notice, sizeof s->notice, "The PIN has %d to %d digits.", PIN_DIGITS_MIN,
                     PIN_DIGITS_MAX);
            return;
        }
        s->screen = STAFF_CHECKING;
        push(s, STAFF_DO_CHECK_PIN);
    }
}

void staff_pin_result(staff *s, const pin_result *r, uint64_t now) {
    staff_wipe_digits(s);
    if (s->screen != STAFF_CHECKING) return;
    s->last_touch = now;
    s->screen = STAFF_PIN;
    s->notice[0] = '\0';
    switch (r->code) {
    case PIN_OK:
        s->unlocked = true;
        s->pin_state = PIN_READY;
        s->screen = STAFF_MENU;
        push(s, STAFF_DO_REFRESH);
        break;
    case PIN_WRONG:
        if (r->tries_left > 0) {
            s->pin_state = PIN_READY;
            s->tries_left = r->tries_left;
            snprintf(s->notice, sizeof s->notice, "That PIN is not right. %d %s left.",
                     r->tries_left, r->tries_left == 1 ? "try" : "tries");
        } else {
            pin_result locked = *r;
            locked.code = PIN_LOCKED;
            apply_pin_state(s, &locked, now);
        }
        break;
    default: apply_pin_state(s, r, now); break;
    }
    changed(s);
}

/* ---- the menu and jobs ---- */

static void start_job(staff *s, staff_action job, const char *title, const char *label) {
    s->screen = STAFF_WORKING;
    s->job = job;
    s->progress = 0;
    snprintf(s->work_title, sizeof s->work_title, "%s", title);
    snprintf(s->work_label, sizeof s->work_label, "%s", label);
    push(s, job);
}

static void menu(staff *s, int control) {
    switch (control) {
    case STAFF_BTN_INSTALL:
        if (s->stick.present && s->stick.judged && s->stick.can_install && !s->stick.on_screen)
            start_job(s, STAFF_DO_INSTALL, "Installing the new content",
                      "Copying from the USB stick. Please leave it in.");
        break;
    case STAFF_BTN_PREVIEW:
        if (s->stick.present && s->stick.judged && s->stick.can_install && !s->stick.on_screen)
            start_job(s, STAFF_DO_PREVIEW, "Preparing the preview",
                      "Copying from the USB stick. Please leave it in.");
        break;
    case STAFF_BTN_REPORT:
        if (s->stick.present)
            start_job(s, STAFF_DO_REPORT, "Saving the visit report",
                      "Writing to the USB stick. Please leave it in.");
        break;
    case STAFF_BTN_COPY:
        if (s->stick.present)
            start_job(s, STAFF_DO_COPY, "Copying the pages to the stick",
                      "Writing to the USB stick. Please leave it in.");
        break;
    case STAFF_BTN_ROLLBACK:
        if (s->kiosk.can_roll_back)
            start_job(s, STAFF_DO_ROLLBACK, "Going back to the previous content", "");
        break;
    case STAFF_BTN_SCREEN_TEST:
        s->screen = STAFF_SCREEN_TEST;
        s->touch_count = 0;
        s->touch_next = 0;
        break;
    case STAFF_BTN_RESTART:
        push(s, STAFF_DO_RESTART);
        break;
    default: break;
    }
}

void staff_set_kiosk(staff *s, const staff_kiosk *k) {
    s->kiosk = *k;
    changed(s);
}

void staff_stick_update(staff *s, const staff_stick *info, uint64_t now) {
    bool was_judged = s->stick.present && s->stick.judged;
    if (!info || !info->present) {
        memset(&s->stick, 0, sizeof s->stick);
        /* The stick that opened the keypad went: nothing to do here. */
        if (s->screen == STAFF_PIN && s->by_stick) staff_close(s);
        changed(s);
        return;
    }
    bool arrived = !s->stick.present;
    s->stick = *info;
    /* A stick with kiosk-content/ opens the keypad while it is read; one
     * with only kiosk-reports/ has nothing to read (it comes judged), and
     * opens it as it arrives. */
    if (!info->judged || (arrived && !info->has_content)) {
        staff_open(s, true, now);
        changed(s);
        return;
    }
    changed(s);
    if (was_judged || !info->has_content) return;
    if (s->screen == STAFF_CLOSED || s->screen == STAFF_PIN) {
        if (info->signature == SIGN_VALID && info->can_install && !info->on_screen) {
            /* IT signed it with a key this kiosk trusts: no PIN needed. */
            if (s->screen == STAFF_CLOSED) staff_open(s, true, now);
            staff_wipe_digits(s);
            s->queued = 0;   /* no PIN status needed */
            start_job(s, STAFF_DO_INSTALL, "Installing signed content",
                      "Copying from the USB stick. Please leave it in.");
        } else if (info->signature == SIGN_BAD) {
            if (s->screen == STAFF_CLOSED) staff_open(s, true, now);
            staff_wipe_digits(s);
            s->queued = 0;
            s->screen = STAFF_RESULT;
            s->result_ok = false;
            snprintf(s->result_title, sizeof s->result_title, "This stick was not installed");
            snprintf(s->result_text, sizeof s->result_text,
                     "Its content is signed, but the signature does not match. %s "
                     "Nothing on the screen was changed.",
                     info->line_count > 0 ? info->lines[0] : "");
            s->last_touch = now;
        }
    }
}

void staff_stick_reports(staff *s, bool has_reports) {
    if (!s->stick.present || s->stick.has_reports == has_reports) return;
    s->stick.has_reports = has_reports;
    changed(s);
}

void staff_stick_on_screen(staff *s, bool on_screen) {
    if (!s->stick.present || s->stick.on_screen == on_screen) return;
    s->stick.on_screen = on_screen;
    changed(s);
}

void staff_progress(staff *s, float fraction, const char *label) {
    if (s->screen != STAFF_WORKING) return;
    if (fraction < 0) fraction = 0;
    if (fraction > 1) fraction = 1;
    /* Redraw in 1% steps, not on every byte. */
    int before = (int)(s->progress * 100), after = (int)(fraction * 100);
    s->progress = fraction;
    if (label && strcmp(label, s->work_label) != 0) {
        snprintf(s->work_label, sizeof s->work_label, "%s", label);
        changed(s);
    } else if (after != before) {
        changed(s);
    }
}

void staff_done(staff *s, bool ok, const char *title, const char *text, uint64_t now) {
    /* The preview ended with the job (installed, or it failed). */
    s->preview = false;
    s->job = STAFF_DO_NONE;
    s->screen = STAFF_RESULT;
    s->result_ok = ok;
    snprintf(s->result_title, sizeof s->result_title, "%s", title ? title : "");
    snprintf(s->result_text, sizeof s->result_text, "%s", text ? text : "");
    s->last_touch = now;
    if (s->unlocked) push(s, STAFF_DO_REFRESH);
    changed(s);
}

void staff_needs_pin(staff *s, const char *why, uint64_t now) {
    if (s->unlocked) {
        staff_done(s, false, "The new content was not installed", why, now);
        return;
    }
    s->job = STAFF_DO_NONE;
    s->screen = STAFF_PIN;
    s->pressed = STAFF_NOWHERE;
    staff_wipe_digits(s);
    snprintf(s->notice, sizeof s->notice, "Nothing was changed. %s", why ? why : "");
    s->last_touch = now;
    push(s, STAFF_DO_PIN_STATUS);
    changed(s);
}

/* ---- the preview ---- */

bool staff_preview_ready(staff *s, int pages, const char *label, uint64_t now) {
    if (s->screen != STAFF_WORKING || s->job != STAFF_DO_PREVIEW) return false;
    s->job = STAFF_DO_NONE;
    s->screen = STAFF_PREVIEW;
    s->preview = true;
    s->preview_pages = pages;
    snprintf(s->preview_label, sizeof s->preview_label, "%s", label ? label : "");
    s->pressed = STAFF_NOWHERE;
    s->last_touch = now;
    changed(s);
    return true;
}

void staff_preview_touch(staff *s, uint64_t now) {
    if (s->screen == STAFF_PREVIEW) s->last_touch = now;
}

static void preview_control(staff *s, int control) {
    if (control == STAFF_BTN_PREVIEW_INSTALL) {
        start_job(s, STAFF_DO_PREVIEW_INSTALL, "Installing the previewed content",
                  "Switching to the pages you saw.");
    } else if (control == STAFF_BTN_PREVIEW_CANCEL) {
        end_preview(s);
        s->screen = STAFF_MENU;
        push(s, STAFF_DO_REFRESH);
    }
}

/* ---- touches ---- */

void staff_touch_down(staff *s, int64_t id, int control, float x, float y, uint64_t now) {
    s->last_touch = now;
    if (s->screen == STAFF_SCREEN_TEST && control != STAFF_BTN_TEST_DONE) {
        /* Keep the newest touches: a ring, the oldest overwritten. */
        s->touch_x[s->touch_next] = x;
        s->touch_y[s->touch_next] = y;
        s->touch_next = (s->touch_next + 1) % STAFF_TOUCHES;
        if (s->touch_count < STAFF_TOUCHES) s->touch_count++;
        changed(s);
        return;
    }
    if (s->pressed != STAFF_NOWHERE) return;   /* one finger at a time */
    if (control == STAFF_NOWHERE) return;
    s->pressed = control;
    s->press_id = id;
    changed(s);
}

void staff_touch_up(staff *s, int64_t id, int control, uint64_t now) {
    if (s->pressed == STAFF_NOWHERE || id != s->press_id) return;
    int pressed = s->pressed;
    s->pressed = STAFF_NOWHERE;
    s->last_touch = now;
    changed(s);
    if (control != pressed) return;    /* slid off: nothing */
    if (pressed == STAFF_BTN_CLOSE) {
        staff_close(s);
        return;
    }
    switch (s->screen) {
    case STAFF_PIN: key(s, pressed); break;
    case STAFF_MENU: menu(s, pressed); break;
    case STAFF_PREVIEW: preview_control(s, pressed); break;
    case STAFF_RESULT:
        if (pressed == STAFF_BTN_OK) {
            if (s->unlocked) s->screen = STAFF_MENU;
            else staff_close(s);
        }
        break;
    case STAFF_SCREEN_TEST:
        if (pressed == STAFF_BTN_TEST_DONE) s->screen = STAFF_MENU;
        break;
    default: break;
    }
}

void staff_escape(staff *s, uint64_t now) {
    s->last_touch = now;
    if (s->screen == STAFF_PREVIEW) {
        preview_control(s, STAFF_BTN_PREVIEW_CANCEL);
        changed(s);
    } else if (s->screen == STAFF_SCREEN_TEST || (s->screen == STAFF_RESULT && s->unlocked)) {
        s->screen = STAFF_MENU;
        changed(s);
    } else if (s->screen == STAFF_PIN || s->screen == STAFF_MENU || s->screen == STAFF_RESULT) {
        staff_close(s);
    }
}

/* ---- time ---- */

static bool busy(const staff *s) {
    return s->screen == STAFF_CHECKING || s->screen == STAFF_WORKING;
}

bool staff_tick(staff *s, uint64_t now) {
    if (s->lp_active && now >= s->lp_since + STAFF_LONG_PRESS_MS) {
        staff_open(s, false, now);
        return true;
    }
    if (!staff_is_open(s)) return false;
    if (!busy(s) && now >= s->last_touch + STAFF_IDLE_MS) {
        staff_close(s);
        return true;
    }
    if (s->screen == STAFF_PIN && s->pin_state == PIN_LOCKED) {
        if (now >= s->locked_until) {
            s->pin_state = PIN_READY;
            s->notice[0] = '\0';
            push(s, STAFF_DO_PIN_STATUS);
            changed(s);
            return true;
        }
        if (minutes_left(s, now) != s->minutes_shown) {
            lock_notice(s, now);
            changed(s);
            return true;
        }
    }
    return false;
}

uint32_t staff_wait_ms(const staff *s, uint64_t now) {
    uint64_t due = UINT64_MAX;
    if (s->lp_active) due = s->lp_since + STAFF_LONG_PRESS_MS;
    if (staff_is_open(s) && !busy(s)) {
        uint64_t idle = s->last_touch + STAFF_IDLE_MS;
        if (idle < due) due = idle;
        if (s->screen == STAFF_PIN && s->pin_state == PIN_LOCKED) {
            /* The next change of the minutes shown, or the end. */
            uint64_t left = s->locked_until > now ? s->locked_until - now : 0;
            uint64_t step = left % 60000 ? left % 60000 : 60000;
            uint64_t next = now + (left < step ? left : step);
            if (next < due) due = next;
        }
    }
    if (due == UINT64_MAX) return UINT32_MAX;
    return due > now ? (uint32_t)(due - now > UINT32_MAX ? UINT32_MAX : due - now) : 0;
}
