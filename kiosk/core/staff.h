/* staff.h - the staff screen: what it shows and what it asks the shell to
 * do. It opens over the pages when a USB stick with kiosk-content/ or
 * kiosk-reports/ arrives, or after a 5 s press on the top-right corner:
 *
 *   PIN (keypad) -> Checking... -> menu -> Installing... / Saving... / Copying... -> result
 *                                     \-> Preparing the preview... -> preview
 *                                          (the stick's pages under a banner)
 *                                          -> Install -> Installing... -> result
 *                                          -> Cancel -> menu
 *
 * The menu offers what the moment allows: install the stick's content
 * (with the checker's verdict), save the visit report to the stick, copy
 * the pages on screen to the stick (for staff to edit: any stick, also
 * one with no kiosk folder), roll back, a screen test, restart, close. Signed content from a trusted key
 * starts installing without the PIN; the install itself has the last
 * word (import.h, without_pin): when the copy does not verify, or the
 * content is older than what is installed, it stops before the switch and
 * staff_needs_pin() brings the keypad back with the reason. The screen closes itself after a minute
 * without a touch (never while a job runs).
 *
 * The preview: the shell copies and checks the stick's content into a
 * copy that is not active (import_stage), shows it under a banner with
 * Install and Cancel, and the pages under the banner take the fingers as
 * for families (every touch there keeps the staff screen awake). Install
 * makes exactly that copy active; Cancel, or a minute with no touch,
 * drops it and the visitors' pages come back as they were (Cancel to the
 * menu, the minute closes the staff screen). Nothing is counted while it
 * shows.
 *
 * Pure C, no SDL, no files: time is a parameter, the shell does the work
 * (pin_try, import, the report) when staff_take() hands it an action and
 * reports back. staff_view.c lays the screens out. */
#ifndef KIOSK_STAFF_H
#define KIOSK_STAFF_H

#include <stdbool.h>
#include <stdint.h>

#include "pin.h"
#include "sign.h"

#define STAFF_LONG_PRESS_MS 5000    /* a press this long on the corner opens the staff screen */
#define STAFF_IDLE_MS 60000         /* untouched this long, the staff screen closes */
#define STAFF_LINES 8               /* problems listed for a stick (then "and N more") */
#define STAFF_TOUCHES 64            /* touches the screen test keeps on screen */

typedef enum {
    STAFF_CLOSED,
    STAFF_PIN,          /* keypad */
    STAFF_CHECKING,     /* the PIN is being checked (Argon2id: ~0.1 s) */
    STAFF_MENU,
    STAFF_WORKING,      /* install or report, with a progress bar */
    STAFF_RESULT,       /* what happened, and OK */
    STAFF_SCREEN_TEST,  /* colour bars and touches */
    STAFF_PREVIEW,      /* the stick's pages under a banner: Install, Cancel */
} staff_screen;

/* The controls (layout targets' index). */
enum {
    STAFF_KEY_0 = 0,     /* ... STAFF_KEY_0 + 9 */
    STAFF_KEY_DELETE = 10,
    STAFF_KEY_OK,
    STAFF_BTN_CLOSE,
    STAFF_BTN_INSTALL,
    STAFF_BTN_REPORT,
    STAFF_BTN_ROLLBACK,
    STAFF_BTN_SCREEN_TEST,
    STAFF_BTN_RESTART,
    STAFF_BTN_OK,        /* on a result */
    STAFF_BTN_TEST_DONE,
    STAFF_BTN_PREVIEW,         /* in the menu */
    STAFF_BTN_PREVIEW_INSTALL, /* on the preview's banner */
    STAFF_BTN_PREVIEW_CANCEL,
    STAFF_BTN_COPY,            /* in the menu: copy the pages on screen to the stick */
    STAFF_CONTROL_COUNT,
    STAFF_NOWHERE = -1,
};

typedef enum {
    STAFF_DO_NONE,
    STAFF_DO_PIN_STATUS,  /* call staff_pin_status() with pin_guard_status() */
    STAFF_DO_CHECK_PIN,   /* pin_try(staff_digits()), then staff_pin_result(); wipe the digits */
    STAFF_DO_REFRESH,     /* fill staff_set_kiosk(): content, views, roll back */
    STAFF_DO_INSTALL,     /* install the stick's kiosk-content/: staff_progress(), staff_done() */
    STAFF_DO_REPORT,      /* write the report into kiosk-reports/: staff_progress(), staff_done() */
    STAFF_DO_ROLLBACK,    /* import_rollback(), then staff_done() */
    STAFF_DO_RESTART,     /* restart the program */
    STAFF_DO_PREVIEW,     /* copy and check the stick's content, not active: staff_progress(),
                             then staff_preview_ready() (or staff_done() when it failed) */
    STAFF_DO_PREVIEW_INSTALL, /* make the previewed copy active: staff_done() */
    STAFF_DO_PREVIEW_END, /* drop the previewed copy, show the visitors' pages again */
    STAFF_DO_COPY,        /* copy the content on screen to the stick (stick_copy.h):
                             staff_done() */
} staff_action;

/* What the shell found on the stick. A stick whose content is already on
 * screen (on_screen) is not offered for install, and signed content that
 * is already on screen does not start an install without the PIN. */
typedef struct {
    bool present;
    bool judged;              /* the fields below are filled in */
    bool has_content;         /* kiosk-content/ at the stick's root */
    bool has_reports;         /* kiosk-reports/ (or room to make it) */
    char label[64];           /* the stick's folder name, for "USB stick SANDISK" */
    int pages, pictures;
    bool can_install;         /* the checker found no error */
    bool on_screen;           /* it is the content installed and on screen now: not
                                 offered for install (that would only make the
                                 content before it unreachable by roll back) */
    sign_status signature;
    char summary[160];        /* "7 pages, 5 pictures, ready to install" */
    char lines[STAFF_LINES][400]; /* problems: "pages/020-bonding.md, line 3: ..." */
    int line_count;
    int more_lines;           /* problems not listed */
} staff_stick;

/* What the kiosk shows now, for the menu. */
typedef struct {
    char content[240];        /* "Installed 23 Nov 2026 at 10:15, 7 pages", and pages
                                 with dates: "2 pages wait for their date." */
    bool can_roll_back;
    char previous[120];       /* what roll back goes back to */
    bool counting;
    int64_t views_today, views_week;
    char by_language[200];    /* "English 120, Polski 30" (7 days), or "" for one language */
} staff_kiosk;

typedef struct {
    int width, height;        /* logical screen */
    double px_per_mm;
    staff_screen screen;
    unsigned version;         /* changes whenever the screen must be drawn anew */
    uint64_t last_touch;
    bool unlocked;            /* the PIN was given since the screen opened */
    bool by_stick;            /* opened because a stick arrived */
    /* the keypad */
    char digits[PIN_DIGITS_MAX + 1];
    int digit_count;
    pin_code pin_state;       /* PIN_READY, PIN_LOCKED, PIN_NOT_SET, PIN_ERROR */
    int tries_left;
    uint64_t locked_until;
    int minutes_shown;        /* of a lock-out, as last drawn */
    char notice[480];         /* under the title: wrong PIN, locked, ... */
    /* the long press on the corner (while closed) */
    bool lp_active;
    int64_t lp_id;
    float lp_x, lp_y;
    uint64_t lp_since;
    /* the finger on a control */
    int pressed;
    int64_t press_id;
    /* what we know */
    staff_stick stick;
    staff_kiosk kiosk;
    /* a job */
    staff_action job;
    char work_title[80];
    char work_label[160];
    float progress;           /* 0..1 */
    /* a result */
    char result_title[96];
    char result_text[600];
    bool result_ok;
    /* the preview */
    bool preview;             /* a previewed copy is held (on screen, or being installed) */
    int preview_pages;
    char preview_label[64];   /* the stick it came from */
    /* the screen test */
    float touch_x[STAFF_TOUCHES], touch_y[STAFF_TOUCHES];
    int touch_count, touch_next;
    /* for the shell */
    staff_action queue[4];
    int queued;
} staff;

void staff_init(staff *s, int width, int height, double px_per_mm);
void staff_release(staff *s);         /* wipes the digits */
bool staff_is_open(const staff *s);
/* Open, and over the pages (not the preview's banner, under which the
 * pages are used as families use them). */
bool staff_covers_pages(const staff *s);
bool staff_previewing(const staff *s);   /* the preview's banner is up */

/* The corner that opens the staff screen with a long press. */
void staff_corner(const staff *s, int *x, int *y, int *w, int *h);

/* A finger while the screen is closed: a long press on the corner opens
 * it (staff_tick). Returns nothing: the pages get the finger too. */
void staff_watch_down(staff *s, int64_t id, float x, float y, uint64_t now);
void staff_watch_move(staff *s, int64_t id, float x, float y, uint64_t now);
void staff_watch_up(staff *s, int64_t id, uint64_t now);

/* A finger while the screen is open, on `control` (STAFF_NOWHERE when on
 * no control). A control acts when the finger lifts on it. */
void staff_touch_down(staff *s, int64_t id, int control, float x, float y, uint64_t now);
void staff_touch_up(staff *s, int64_t id, int control, uint64_t now);
/* Escape key: back, or close; on the preview's banner, Cancel (app.c
 * gives keys to the pages under the banner, so only Cancel does it there). */
void staff_escape(staff *s, uint64_t now);
/* A finger or a key on the pages under the preview's banner: staff are
 * still there (the idle time starts again). */
void staff_preview_touch(staff *s, uint64_t now);

/* Time passes: the long press opens, an idle screen closes, a lock-out
 * ends. Returns true when the screen changed (or opened). */
bool staff_tick(staff *s, uint64_t now);
/* How long the shell may sleep before staff_tick has something to do. */
uint32_t staff_wait_ms(const staff *s, uint64_t now);

/* Opens the keypad (the corner, or a stick). */
void staff_open(staff *s, bool by_stick, uint64_t now);
void staff_close(staff *s);

/* The next action for the shell, or STAFF_DO_NONE. */
staff_action staff_take(staff *s);
const char *staff_digits(const staff *s);   /* for STAFF_DO_CHECK_PIN */
void staff_wipe_digits(staff *s);

/* Answers from the shell. */
void staff_pin_status(staff *s, const pin_result *r, uint64_t now);
void staff_pin_result(staff *s, const pin_result *r, uint64_t now);
void staff_set_kiosk(staff *s, const staff_kiosk *k);
/* A stick arrived, was judged (info->judged), or left (NULL). */
void staff_stick_update(staff *s, const staff_stick *info, uint64_t now);
/* The stick's kiosk-reports/ came or went (or it became read-only): only
 * has_reports changes; the verdict on its content still holds. */
void staff_stick_reports(staff *s, bool has_reports);
/* What is on screen changed (an install, a roll back): is the stick's
 * content the content on screen now? */
void staff_stick_on_screen(staff *s, bool on_screen);
void staff_progress(staff *s, float fraction, const char *label);
/* A job ended: ok, a title ("New content is on screen") and what to say. */
void staff_done(staff *s, bool ok, const char *title, const char *text, uint64_t now);
/* An install started without the PIN stopped because it needs the PIN
 * (why: for staff, shown above the keypad). Nothing was changed; after
 * the PIN, the menu's install button installs it. With the PIN already
 * given, the same as a failed staff_done. */
void staff_needs_pin(staff *s, const char *why, uint64_t now);
/* The preview's copy is on screen (pages of it, from the stick label):
 * the banner. False when nobody waits for it any more (the shell then
 * drops it, as for STAFF_DO_PREVIEW_END). */
bool staff_preview_ready(staff *s, int pages, const char *label, uint64_t now);

#endif
