/* test_staff.c - the staff screen's state machine (staff.c) on synthetic
 * time, and its layouts (staff_view.c) at every screen size with fake
 * font metrics: the long press, the keypad, the lock-out, sticks (signed,
 * badly signed, pulled out, signed but the install needs the PIN after
 * all), the menu's jobs, closing when idle, and
 * targets big enough to hit that never show the digits. */
#include <stdlib.h>

#include "check.h"
#include "staff.h"
#include "staff_view.h"
#include "theme.h"

static int fake_width(void *ctx, font_face face, int size, const char *text, size_t len) {
    (void)ctx, (void)face, (void)text;
    return (int)len * size / 2;
}
static const text_measure fake = {fake_width, NULL};

static const double PX_PER_MM = 800.0 / 154.0;   /* the official 7" panel */

/* Taps a control: finger down and up on it. */
static void press(staff *s, int control, uint64_t *now) {
    staff_touch_down(s, 7, control, 10, 10, *now);
    *now += 80;
    staff_touch_up(s, 7, control, *now);
    *now += 200;
}

static void type_digits(staff *s, const char *digits, uint64_t *now) {
    for (const char *p = digits; *p; p++) press(s, STAFF_KEY_0 + (*p - '0'), now);
}

static void drain(staff *s) {
    while (staff_take(s) != STAFF_DO_NONE) {}
}

static void ready(staff *s, uint64_t now) {
    pin_result r = {.code = PIN_READY, .tries_left = 5};
    staff_pin_status(s, &r, now);
}

static void test_long_press(void) {
    staff s;
    staff_init(&s, 800, 480, PX_PER_MM);
    int cx, cy, cw, ch;
    staff_corner(&s, &cx, &cy, &cw, &ch);
    CHECK(cw >= 48 && ch >= 48);
    CHECK_INT(cx + cw, 800);
    CHECK_INT(cy, 0);
    uint64_t now = 1000;
    /* Outside the corner: nothing. */
    staff_watch_down(&s, 1, 400, 240, now);
    CHECK_INT(staff_wait_ms(&s, now), UINT32_MAX);
    CHECK(!staff_tick(&s, now + 10000));
    staff_watch_up(&s, 1, now + 10000);
    /* In the corner, 4.9 s: not yet; 5 s: open, and it asks for the PIN state. */
    now = 20000;
    staff_watch_down(&s, 2, 790, 10, now);
    CHECK_INT(staff_wait_ms(&s, now), STAFF_LONG_PRESS_MS);
    staff_watch_move(&s, 2, 788, 12, now + 1000);      /* a wobble is allowed */
    CHECK(!staff_tick(&s, now + 4900));
    CHECK(!staff_is_open(&s));
    CHECK(staff_tick(&s, now + 5000));
    CHECK(staff_is_open(&s));
    CHECK_INT(s.screen, STAFF_PIN);
    CHECK_INT(staff_take(&s), STAFF_DO_PIN_STATUS);
    CHECK_INT(staff_take(&s), STAFF_DO_NONE);
    staff_close(&s);
    /* Lifted early, slid away, or a second finger: no. */
    now = 40000;
    staff_watch_down(&s, 3, 790, 10, now);
    staff_watch_up(&s, 3, now + 3000);
    CHECK(!staff_tick(&s, now + 6000));
    staff_watch_down(&s, 4, 790, 10, now);
    staff_watch_move(&s, 4, 700, 200, now + 100);
    CHECK(!staff_tick(&s, now + 6000));
    staff_watch_down(&s, 5, 790, 10, now);
    staff_watch_down(&s, 6, 300, 300, now + 100);
    CHECK(!staff_tick(&s, now + 6000));
    CHECK(!staff_is_open(&s));
    staff_release(&s);
}

static void test_pin(void) {
    staff s;
    staff_init(&s, 800, 480, PX_PER_MM);
    uint64_t now = 1000;
    staff_open(&s, false, now);
    drain(&s);
    ready(&s, now);
    type_digits(&s, "12", &now);
    CHECK_INT(s.digit_count, 2);
    press(&s, STAFF_KEY_DELETE, &now);
    CHECK_INT(s.digit_count, 1);
    press(&s, STAFF_KEY_OK, &now);                  /* too short: said, not tried */
    CHECK_INT(s.screen, STAFF_PIN);
    CHECK(strstr(s.notice, "4 to 8 digits") != NULL);
    CHECK_INT(staff_take(&s), STAFF_DO_NONE);
    type_digits(&s, "9731", &now);
    /* Sliding off a key does not press it. */
    staff_touch_down(&s, 9, STAFF_KEY_0 + 5, 0, 0, now);
    staff_touch_up(&s, 9, STAFF_KEY_0 + 6, now + 50);
    CHECK_INT(s.digit_count, 5);
    /* No more than 8 digits. */
    type_digits(&s, "0000", &now);
    CHECK_INT(s.digit_count, PIN_DIGITS_MAX);
    press(&s, STAFF_KEY_DELETE, &now);
    press(&s, STAFF_KEY_OK, &now);
    CHECK_INT(s.screen, STAFF_CHECKING);
    CHECK_INT(staff_take(&s), STAFF_DO_CHECK_PIN);
    CHECK_STR(staff_digits(&s), "1973100");
    /* Wrong: cleared, told how many tries are left, no menu. */
    pin_result wrong = {.code = PIN_WRONG, .tries_left = 3};
    staff_pin_result(&s, &wrong, now);
    CHECK_INT(s.screen, STAFF_PIN);
    CHECK_INT(s.digit_count, 0);
    CHECK_STR(staff_digits(&s), "");
    CHECK(strstr(s.notice, "3 tries left") != NULL);
    CHECK(!s.unlocked);
    /* The fifth wrong try locks the keypad for 15 minutes. */
    type_digits(&s, "5555", &now);
    press(&s, STAFF_KEY_OK, &now);
    drain(&s);
    pin_result last = {.code = PIN_WRONG, .tries_left = 0, .wait_ms = PIN_LOCK_MS};
    staff_pin_result(&s, &last, now);
    CHECK_INT(s.pin_state, PIN_LOCKED);
    CHECK(strstr(s.notice, "15 minutes") != NULL);
    type_digits(&s, "1234", &now);                  /* keys do nothing while locked */
    CHECK_INT(s.digit_count, 0);
    press(&s, STAFF_KEY_OK, &now);
    CHECK_INT(staff_take(&s), STAFF_DO_NONE);
    /* The minutes count down on screen while someone keeps it open. */
    uint64_t lock_end = s.locked_until;
    for (uint64_t t = now; t < lock_end - 60000; t += 30000) {
        s.last_touch = t;                             /* someone is there */
        staff_tick(&s, t);
    }
    CHECK(strstr(s.notice, "1 minute.") != NULL || strstr(s.notice, "2 minutes") != NULL);
    s.last_touch = lock_end;
    CHECK(staff_tick(&s, lock_end));
    CHECK_INT(s.pin_state, PIN_READY);
    CHECK_INT(staff_take(&s), STAFF_DO_PIN_STATUS);
    /* The right PIN opens the menu, which asks for the kiosk's state. */
    now = lock_end + 1000;
    type_digits(&s, "2580", &now);
    press(&s, STAFF_KEY_OK, &now);
    CHECK_INT(staff_take(&s), STAFF_DO_CHECK_PIN);
    pin_result ok = {.code = PIN_OK};
    staff_pin_result(&s, &ok, now);
    CHECK_INT(s.screen, STAFF_MENU);
    CHECK(s.unlocked);
    CHECK_INT(staff_take(&s), STAFF_DO_REFRESH);
    CHECK_INT(s.digit_count, 0);
    /* Not set, or locked when opened: said, keypad unusable. */
    staff_close(&s);
    staff_open(&s, false, now);
    drain(&s);
    pin_result not_set = {.code = PIN_NOT_SET};
    staff_pin_status(&s, &not_set, now);
    CHECK(strstr(s.notice, "kiosk pin set") != NULL);
    type_digits(&s, "1234", &now);
    CHECK_INT(s.digit_count, 0);
    staff_release(&s);
}

/* Long lock-outs are said in hours and minutes, counting down; notes from
 * pin.c (a full disk, a try that cannot be counted) are shown as they are,
 * never the log's message with its path. */
static void test_pin_notes(void) {
    staff s;
    staff_init(&s, 800, 480, PX_PER_MM);
    uint64_t now = 1000;
    staff_open(&s, false, now);
    drain(&s);
    ready(&s, now);
    type_digits(&s, "5555", &now);
    press(&s, STAFF_KEY_OK, &now);
    drain(&s);
    pin_result day = {.code = PIN_WRONG, .tries_left = 0, .wait_ms = 24 * 3600 * 1000ULL};
    staff_pin_result(&s, &day, now);
    CHECK_INT(s.pin_state, PIN_LOCKED);
    CHECK(strstr(s.notice, "try again in 24 hours.") != NULL);
    s.last_touch = now + 60000;
    CHECK(staff_tick(&s, now + 60000));
    CHECK(strstr(s.notice, "try again in 23 hours 59 minutes.") != NULL);
    CHECK_INT(staff_wait_ms(&s, now + 60000), 60000);
    staff_close(&s);
    /* Opened while locked for an hour and a half (after a restart). */
    staff_open(&s, false, now);
    drain(&s);
    pin_result locked = {.code = PIN_LOCKED, .wait_ms = 90 * 60000ULL};
    staff_pin_status(&s, &locked, now);
    CHECK(strstr(s.notice, "try again in 1 hour 30 minutes.") != NULL);
    staff_close(&s);

    /* The storage is full: the keypad works and says so in one sentence. */
    staff_open(&s, false, now);
    drain(&s);
    pin_result full = {.code = PIN_READY, .tries_left = 5, .staff_note = "Storage full."};
    snprintf(full.message, sizeof full.message, "/var/lib/kiosk/staff-pin-guard: for the log");
    staff_pin_status(&s, &full, now);
    CHECK_INT(s.pin_state, PIN_READY);
    CHECK_STR(s.notice, "Storage full.");
    /* A try that cannot be counted: the note, not the path. */
    type_digits(&s, "2580", &now);
    press(&s, STAFF_KEY_OK, &now);
    CHECK_INT(staff_take(&s), STAFF_DO_CHECK_PIN);
    pin_result error = {.code = PIN_ERROR, .staff_note = "Tell IT."};
    snprintf(error.message, sizeof error.message, "/var/lib/kiosk/staff-pin-guard: for the log");
    staff_pin_result(&s, &error, now);
    CHECK_INT(s.pin_state, PIN_ERROR);
    CHECK_STR(s.notice, "Tell IT.");
    staff_release(&s);
}

static void test_idle(void) {
    staff s;
    staff_init(&s, 800, 480, PX_PER_MM);
    uint64_t now = 1000;
    staff_open(&s, false, now);
    drain(&s);
    ready(&s, now);
    CHECK_INT(staff_wait_ms(&s, now), STAFF_IDLE_MS);
    CHECK(!staff_tick(&s, now + STAFF_IDLE_MS - 1));
    CHECK(staff_tick(&s, now + STAFF_IDLE_MS));
    CHECK(!staff_is_open(&s));
    /* Never while a job runs: an install takes as long as it takes. */
    now = 100000;
    staff_open(&s, false, now);
    drain(&s);
    pin_result ok = {.code = PIN_OK};
    s.screen = STAFF_CHECKING;
    staff_pin_result(&s, &ok, now);
    drain(&s);
    staff_stick k = {.present = true, .judged = true, .has_content = true, .can_install = true,
                     .pages = 7, .pictures = 5};
    staff_stick_update(&s, &k, now);
    press(&s, STAFF_BTN_INSTALL, &now);
    CHECK_INT(s.screen, STAFF_WORKING);
    CHECK_INT(staff_take(&s), STAFF_DO_INSTALL);
    CHECK_INT(staff_wait_ms(&s, now), UINT32_MAX);
    CHECK(!staff_tick(&s, now + 10 * STAFF_IDLE_MS));
    CHECK_INT(s.screen, STAFF_WORKING);
    unsigned v = s.version;
    staff_progress(&s, 0.004f, NULL);
    CHECK_INT(s.version, v);                          /* under 1%: not drawn again */
    staff_progress(&s, 0.5f, NULL);
    CHECK(s.version != v);
    now += 10 * STAFF_IDLE_MS;
    staff_done(&s, true, "New content is on screen", "7 pages.", now);
    CHECK_INT(s.screen, STAFF_RESULT);
    CHECK_INT(staff_take(&s), STAFF_DO_REFRESH);
    press(&s, STAFF_BTN_OK, &now);
    CHECK_INT(s.screen, STAFF_MENU);
    CHECK(staff_tick(&s, now + STAFF_IDLE_MS));
    CHECK(!staff_is_open(&s));
    staff_release(&s);
}

static void test_sticks(void) {
    staff s;
    staff_init(&s, 800, 480, PX_PER_MM);
    uint64_t now = 1000;
    /* A stick arrives: the keypad opens at once, while the stick is read. */
    staff_stick k = {.present = true, .has_content = true};
    snprintf(k.label, sizeof k.label, "SANDISK");
    staff_stick_update(&s, &k, now);
    CHECK(staff_is_open(&s));
    CHECK_INT(s.screen, STAFF_PIN);
    CHECK(s.by_stick);
    CHECK_INT(staff_take(&s), STAFF_DO_PIN_STATUS);
    /* Pulled out before the PIN: the keypad goes too. */
    staff_stick_update(&s, NULL, now + 1000);
    CHECK(!staff_is_open(&s));
    /* Signed by a trusted key: installs with no PIN, and OK closes. */
    staff_stick_update(&s, &k, now);
    drain(&s);
    k.judged = true;
    k.can_install = true;
    k.signature = SIGN_VALID;
    staff_stick_update(&s, &k, now);
    CHECK_INT(s.screen, STAFF_WORKING);
    CHECK_INT(staff_take(&s), STAFF_DO_INSTALL);
    CHECK_INT(staff_take(&s), STAFF_DO_NONE);
    staff_done(&s, true, "New content is on screen", "", now);
    CHECK_INT(staff_take(&s), STAFF_DO_NONE);         /* no menu without the PIN */
    press(&s, STAFF_BTN_OK, &now);
    CHECK(!staff_is_open(&s));
    /* A signature that does not verify: refused, said, nothing to install. */
    staff_stick_update(&s, NULL, now);
    k.judged = false;
    k.signature = SIGN_NONE;
    staff_stick_update(&s, &k, now);
    drain(&s);
    k.judged = true;
    k.signature = SIGN_BAD;
    k.can_install = false;
    k.line_count = 1;
    snprintf(k.lines[0], sizeof k.lines[0], "pages/010-welcome.md was changed after signing");
    staff_stick_update(&s, &k, now);
    CHECK_INT(s.screen, STAFF_RESULT);
    CHECK(!s.result_ok);
    CHECK(strstr(s.result_text, "010-welcome.md") != NULL);
    CHECK_INT(staff_take(&s), STAFF_DO_NONE);
    press(&s, STAFF_BTN_OK, &now);
    CHECK(!staff_is_open(&s));
    /* Unsigned content with an error: the menu has no install button that works. */
    staff_stick_update(&s, NULL, now);
    k.judged = false;
    staff_stick_update(&s, &k, now);
    k.judged = true;
    k.signature = SIGN_NONE;
    staff_stick_update(&s, &k, now);
    CHECK_INT(s.screen, STAFF_PIN);
    drain(&s);
    s.screen = STAFF_CHECKING;
    pin_result ok = {.code = PIN_OK};
    staff_pin_result(&s, &ok, now);
    drain(&s);
    press(&s, STAFF_BTN_INSTALL, &now);
    CHECK_INT(s.screen, STAFF_MENU);
    CHECK_INT(staff_take(&s), STAFF_DO_NONE);
    /* Report and roll back. */
    press(&s, STAFF_BTN_REPORT, &now);
    CHECK_INT(s.screen, STAFF_WORKING);
    CHECK_INT(staff_take(&s), STAFF_DO_REPORT);
    staff_done(&s, true, "Report saved", "You can remove the stick now.", now);
    drain(&s);
    press(&s, STAFF_BTN_OK, &now);
    press(&s, STAFF_BTN_ROLLBACK, &now);
    CHECK_INT(staff_take(&s), STAFF_DO_NONE);         /* nothing to go back to */
    staff_kiosk info = {.can_roll_back = true};
    staff_set_kiosk(&s, &info);
    press(&s, STAFF_BTN_ROLLBACK, &now);
    CHECK_INT(staff_take(&s), STAFF_DO_ROLLBACK);
    staff_done(&s, true, "Rolled back", "", now);
    drain(&s);
    press(&s, STAFF_BTN_OK, &now);
    /* The stick going while the menu is open keeps the menu. */
    staff_stick_update(&s, NULL, now);
    CHECK_INT(s.screen, STAFF_MENU);
    press(&s, STAFF_BTN_RESTART, &now);
    CHECK_INT(staff_take(&s), STAFF_DO_RESTART);
    staff_release(&s);
}

/* A stick with only kiosk-reports/ (the README's way to take the report
 * home): nothing to judge, so it comes judged, and the keypad opens as it
 * arrives; after the PIN the menu saves the report to it. */
static void test_reports_only_stick(void) {
    staff s;
    staff_init(&s, 800, 480, PX_PER_MM);
    uint64_t now = 1000;
    staff_stick k = {.present = true, .judged = true, .has_reports = true};
    snprintf(k.label, sizeof k.label, "KINGSTON");
    snprintf(k.summary, sizeof k.summary, "kiosk-reports folder found");
    staff_stick_update(&s, &k, now);
    CHECK(staff_is_open(&s));
    CHECK_INT(s.screen, STAFF_PIN);
    CHECK(s.by_stick);
    CHECK_INT(staff_take(&s), STAFF_DO_PIN_STATUS);
    /* Pulled out before the PIN: the keypad goes too. */
    staff_stick_update(&s, NULL, now + 1000);
    CHECK(!staff_is_open(&s));
    /* Back in: the PIN, then the report. */
    staff_stick_update(&s, &k, now + 2000);
    CHECK_INT(s.screen, STAFF_PIN);
    drain(&s);
    s.screen = STAFF_CHECKING;
    pin_result ok = {.code = PIN_OK};
    staff_pin_result(&s, &ok, now + 3000);
    drain(&s);
    CHECK_INT(s.screen, STAFF_MENU);
    /* The same stick told again (kiosk-reports/ came or went): the menu stays. */
    staff_stick_update(&s, &k, now + 3500);
    CHECK_INT(s.screen, STAFF_MENU);
    now += 4000;
    press(&s, STAFF_BTN_REPORT, &now);
    CHECK_INT(s.screen, STAFF_WORKING);
    CHECK_INT(staff_take(&s), STAFF_DO_REPORT);
    staff_release(&s);
}

/* Signed at first look, but the install (which checks the copy itself)
 * says the PIN is needed: the keypad comes back with the reason, nothing
 * installs until the PIN is given, then the menu installs it. */
static void test_install_needs_pin(void) {
    staff s;
    staff_init(&s, 800, 480, PX_PER_MM);
    uint64_t now = 1000;
    staff_stick k = {.present = true, .has_content = true};
    staff_stick_update(&s, &k, now);
    drain(&s);
    k.judged = true;
    k.can_install = true;
    k.signature = SIGN_VALID;
    staff_stick_update(&s, &k, now);
    CHECK_INT(s.screen, STAFF_WORKING);
    CHECK_INT(staff_take(&s), STAFF_DO_INSTALL);
    CHECK(!s.unlocked);                       /* the shell installs with without_pin */
    now += 2000;
    staff_needs_pin(&s, "This content is not signed (it has no kiosk-manifest.txt now), so the "
                        "staff PIN is needed.", now);
    CHECK_INT(s.screen, STAFF_PIN);
    CHECK_INT(s.job, STAFF_DO_NONE);
    CHECK(strstr(s.notice, "Nothing was changed. This content is not signed") != NULL);
    CHECK_INT(staff_take(&s), STAFF_DO_PIN_STATUS);
    CHECK_INT(staff_take(&s), STAFF_DO_NONE);  /* no second install by itself */
    ready(&s, now);
    CHECK(strstr(s.notice, "not signed") != NULL);   /* still said over the keypad */
    type_digits(&s, "4821", &now);
    press(&s, STAFF_KEY_OK, &now);
    CHECK_INT(s.screen, STAFF_CHECKING);
    CHECK_INT(staff_take(&s), STAFF_DO_CHECK_PIN);
    pin_result ok = {.code = PIN_OK};
    staff_pin_result(&s, &ok, now);
    drain(&s);
    CHECK_INT(s.screen, STAFF_MENU);
    press(&s, STAFF_BTN_INSTALL, &now);
    CHECK_INT(s.screen, STAFF_WORKING);
    CHECK_INT(staff_take(&s), STAFF_DO_INSTALL);
    CHECK(s.unlocked);                        /* now the shell installs with the PIN given */
    /* With the PIN given, the same answer is a plain failure. */
    staff_needs_pin(&s, "Older.", now);
    CHECK_INT(s.screen, STAFF_RESULT);
    CHECK(!s.result_ok);
    CHECK_STR(s.result_text, "Older.");
    staff_release(&s);
}

/* Lays out the staff screen as it is now into v (zeroed first; the
 * caller releases it), with the default theme: 0, or -1. */
static int lay_out_now(const staff *s, layout_view *v) {
    theme t;
    theme_defaults(&t);
    layout_metrics m = layout_metrics_for(s->width, s->height, s->px_per_mm);
    memset(v, 0, sizeof *v);
    return staff_view_layout(v, s, &m, &t, &fake) == 0 ? 0 : -1;
}

/* How many Install buttons the staff screen shows now. */
static int install_buttons(const staff *s) {
    layout_view v;
    int n = lay_out_now(s, &v);
    for (int i = 0; n >= 0 && i < v.target_count; i++)
        n += v.targets[i].kind == LAYOUT_TARGET_STAFF && v.targets[i].index == STAFF_BTN_INSTALL;
    layout_release(&v);
    return n;
}

/* The stick whose content is on screen now: nothing to install. Signed,
 * it does not start an install by itself; the menu has no Install, and a
 * tap where it was does nothing. After a roll back (the shell says it is
 * not on screen any more) it is offered again. The stick's reports folder
 * coming changes only has_reports, through the API. */
static void test_stick_on_screen(void) {
    staff s;
    staff_init(&s, 800, 480, PX_PER_MM);
    uint64_t now = 1000;
    staff_stick k = {.present = true, .has_content = true};
    staff_stick_update(&s, &k, now);
    drain(&s);
    k.judged = true;
    k.can_install = true;
    k.signature = SIGN_VALID;
    k.on_screen = true;
    staff_stick_update(&s, &k, now);
    CHECK_INT(s.screen, STAFF_PIN);           /* no install without the PIN */
    CHECK_INT(staff_take(&s), STAFF_DO_NONE);
    ready(&s, now);
    type_digits(&s, "4821", &now);
    press(&s, STAFF_KEY_OK, &now);
    CHECK_INT(staff_take(&s), STAFF_DO_CHECK_PIN);
    pin_result ok = {.code = PIN_OK};
    staff_pin_result(&s, &ok, now);
    drain(&s);
    CHECK_INT(s.screen, STAFF_MENU);
    staff_touch_down(&s, 7, STAFF_BTN_INSTALL, 0, 0, now);
    staff_touch_up(&s, 7, STAFF_BTN_INSTALL, now);
    CHECK_INT(s.screen, STAFF_MENU);
    CHECK_INT(staff_take(&s), STAFF_DO_NONE);
    CHECK_INT(install_buttons(&s), 0);
    /* Rolled back: the stick is new content again. */
    unsigned version = s.version;
    staff_stick_on_screen(&s, false);
    CHECK(s.version != version);
    CHECK_INT(install_buttons(&s), 1);
    press(&s, STAFF_BTN_INSTALL, &now);
    CHECK_INT(staff_take(&s), STAFF_DO_INSTALL);
    /* kiosk-reports/ went (the stick turned read-only): only that changes. */
    version = s.version;
    CHECK(s.stick.has_reports == false);
    staff_stick_reports(&s, true);
    CHECK(s.stick.has_reports && s.stick.judged && s.stick.can_install);
    CHECK(s.version != version);
    staff_stick_update(&s, NULL, now);
    staff_stick_reports(&s, true);            /* no stick: nothing to say */
    CHECK(!s.stick.has_reports && !s.stick.present);
    staff_release(&s);
}

/* The dots over the keypad: one per digit typed, none before the first,
 * whatever the PIN's length, so the screen never tells how long it is.
 * Every circle on the keypad screen counts (a hollow ring is a circle
 * too); the dots sit centred in their column, on one row. */
static int pin_dots(const staff *s, int *left, int *right) {
    layout_view v;
    int n = lay_out_now(s, &v);
    *left = s->width;
    *right = 0;
    int row = -1;
    for (int i = 0; n >= 0 && i < v.item_count; i++) {
        const layout_item *it = &v.items[i];
        if (it->kind != LAYOUT_ITEM_CIRCLE) continue;
        n++;
        if (row < 0) row = it->y;
        CHECK_INT(it->y, row);
        if (it->x < *left) *left = it->x;
        if (it->x + it->w > *right) *right = it->x + it->w;
    }
    layout_release(&v);
    return n;
}

static void test_pin_dots(void) {
    static const int sizes[][2] = {{800, 480}, {720, 1280}};
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        staff s;
        staff_init(&s, sizes[z][0], sizes[z][1], PX_PER_MM);
        uint64_t now = 1000;
        staff_open(&s, false, now);
        drain(&s);
        ready(&s, now);
        int left, right;
        CHECK_INT(pin_dots(&s, &left, &right), 0);      /* nothing typed: no dots, no places */
        int centre = -1;
        for (int typed = 1; typed <= PIN_DIGITS_MAX; typed++) {
            press(&s, STAFF_KEY_0 + typed % 10, &now);
            CHECK_INT(s.digit_count, typed);
            CHECK_INT(pin_dots(&s, &left, &right), typed);
            if (centre < 0) centre = left + right;
            CHECK(abs(left + right - centre) <= 2);       /* centred: the middle stays put */
        }
        press(&s, STAFF_KEY_0 + 1, &now);                  /* one too many: not taken */
        CHECK_INT(pin_dots(&s, &left, &right), PIN_DIGITS_MAX);
        while (s.digit_count > 0) {
            int before = s.digit_count;
            press(&s, STAFF_KEY_DELETE, &now);
            CHECK_INT(pin_dots(&s, &left, &right), before - 1);
        }
        CHECK_INT(pin_dots(&s, &left, &right), 0);
        staff_release(&s);
    }
}

static void test_screen_test(void) {
    staff s;
    staff_init(&s, 800, 480, PX_PER_MM);
    uint64_t now = 1000;
    staff_open(&s, false, now);
    s.screen = STAFF_MENU;
    press(&s, STAFF_BTN_SCREEN_TEST, &now);
    CHECK_INT(s.screen, STAFF_SCREEN_TEST);
    for (int i = 0; i < STAFF_TOUCHES + 10; i++) {
        staff_touch_down(&s, i, STAFF_NOWHERE, (float)i, (float)(2 * i), now);
        staff_touch_up(&s, i, STAFF_NOWHERE, now);
    }
    CHECK_INT(s.touch_count, STAFF_TOUCHES);
    /* The newest touch is kept, the oldest ones went. */
    bool newest = false, oldest = false;
    for (int i = 0; i < s.touch_count; i++) {
        if (s.touch_x[i] == (float)(STAFF_TOUCHES + 9)) newest = true;
        if (s.touch_x[i] == 0.0f) oldest = true;
    }
    CHECK(newest && !oldest);
    press(&s, STAFF_BTN_TEST_DONE, &now);
    CHECK_INT(s.screen, STAFF_MENU);
    staff_escape(&s, now);
    CHECK(!staff_is_open(&s));
    staff_release(&s);
}

/* ---- layouts ---- */

/* The preview: from the menu, a copy is made (a job), then the banner over
 * the stick's pages; Install installs that copy, Cancel drops it and goes
 * back to the menu, a minute without a touch drops it and closes. Only
 * content that can be installed is offered. */
static staff unlocked_with_stick(uint64_t *now) {
    staff s;
    staff_init(&s, 800, 480, PX_PER_MM);
    staff_stick k = {.present = true, .has_content = true, .judged = true, .can_install = true,
                     .pages = 2, .pictures = 2};
    snprintf(k.label, sizeof k.label, "STICK");
    k.judged = false;                     /* it arrives: the keypad; then it is judged */
    staff_stick_update(&s, &k, *now);
    k.judged = true;
    staff_stick_update(&s, &k, *now);
    drain(&s);
    ready(&s, *now);
    type_digits(&s, "4917", now);
    press(&s, STAFF_KEY_OK, now);
    pin_result ok = {.code = PIN_OK};
    staff_pin_result(&s, &ok, *now);
    CHECK_INT(s.screen, STAFF_MENU);
    drain(&s);
    return s;
}

static void to_preview(staff *s, uint64_t *now) {
    press(s, STAFF_BTN_PREVIEW, now);
    CHECK_INT(s->screen, STAFF_WORKING);
    CHECK(staff_covers_pages(s));
    CHECK_INT(staff_take(s), STAFF_DO_PREVIEW);
    CHECK_INT(staff_take(s), STAFF_DO_NONE);
    staff_progress(s, 0.5f, NULL);
    CHECK(staff_preview_ready(s, 2, "STICK", *now));
    CHECK_INT(s->screen, STAFF_PREVIEW);
    CHECK(staff_is_open(s) && staff_previewing(s) && !staff_covers_pages(s));
    CHECK_INT(staff_take(s), STAFF_DO_NONE);
}

static void test_preview(void) {
    uint64_t now = 1000;
    staff s = unlocked_with_stick(&now);
    /* Ready when nobody waits for it: refused (the shell drops the copy). */
    CHECK(!staff_preview_ready(&s, 2, "STICK", now));
    CHECK_INT(s.screen, STAFF_MENU);

    /* Cancel: back to the menu; the copy goes, the menu is refreshed. */
    to_preview(&s, &now);
    press(&s, STAFF_BTN_PREVIEW_CANCEL, &now);
    CHECK_INT(s.screen, STAFF_MENU);
    CHECK_INT(staff_take(&s), STAFF_DO_PREVIEW_END);
    CHECK_INT(staff_take(&s), STAFF_DO_REFRESH);
    CHECK_INT(staff_take(&s), STAFF_DO_NONE);
    CHECK(!s.preview);

    /* Install: that copy is installed; the result, then the menu. */
    to_preview(&s, &now);
    press(&s, STAFF_BTN_PREVIEW_INSTALL, &now);
    CHECK_INT(s.screen, STAFF_WORKING);
    CHECK_INT(staff_take(&s), STAFF_DO_PREVIEW_INSTALL);
    CHECK_INT(staff_take(&s), STAFF_DO_NONE);
    /* Never closed while it installs, however long. */
    CHECK(!staff_tick(&s, now + 10 * STAFF_IDLE_MS));
    CHECK_INT(s.screen, STAFF_WORKING);
    staff_done(&s, true, "New content is on screen", "", now);
    CHECK_INT(s.screen, STAFF_RESULT);
    CHECK(!s.preview);
    CHECK_INT(staff_take(&s), STAFF_DO_REFRESH);
    CHECK_INT(staff_take(&s), STAFF_DO_NONE);   /* no END: the install took the copy */
    press(&s, STAFF_BTN_OK, &now);
    CHECK_INT(s.screen, STAFF_MENU);

    /* Staff use the pages (each touch keeps it open), then walk away: a
     * minute after the last touch the copy goes and the screen closes. */
    to_preview(&s, &now);
    uint64_t start = now;
    CHECK_INT(staff_wait_ms(&s, now), STAFF_IDLE_MS);
    staff_preview_touch(&s, start + 50000);
    CHECK(!staff_tick(&s, start + STAFF_IDLE_MS + 1000));
    CHECK_INT(s.screen, STAFF_PREVIEW);
    CHECK_INT(staff_wait_ms(&s, start + 60000), 50000);
    CHECK(staff_tick(&s, start + 50000 + STAFF_IDLE_MS));
    CHECK(!staff_is_open(&s));
    CHECK_INT(staff_take(&s), STAFF_DO_PREVIEW_END);
    CHECK_INT(staff_take(&s), STAFF_DO_NONE);
    staff_release(&s);

    /* The stick pulled out during the preview: the copy is on the kiosk,
     * the preview stays; closing (or Escape) drops it. */
    now = 1000;
    s = unlocked_with_stick(&now);
    to_preview(&s, &now);
    staff_stick_update(&s, NULL, now);
    CHECK_INT(s.screen, STAFF_PREVIEW);
    CHECK_INT(staff_take(&s), STAFF_DO_NONE);
    staff_escape(&s, now);
    CHECK_INT(s.screen, STAFF_MENU);
    CHECK_INT(staff_take(&s), STAFF_DO_PREVIEW_END);
    drain(&s);
    staff_release(&s);

    /* The copy could not be made: a result, and nothing to drop. */
    now = 1000;
    s = unlocked_with_stick(&now);
    press(&s, STAFF_BTN_PREVIEW, &now);
    drain(&s);
    staff_done(&s, false, "The preview could not be made", "Nothing was changed.", now);
    CHECK_INT(s.screen, STAFF_RESULT);
    CHECK_INT(staff_take(&s), STAFF_DO_REFRESH);
    CHECK_INT(staff_take(&s), STAFF_DO_NONE);
    press(&s, STAFF_BTN_OK, &now);
    /* Not offered for content that cannot be installed, or is on screen. */
    staff_stick k = s.stick;
    k.can_install = false;
    staff_stick_update(&s, &k, now);
    press(&s, STAFF_BTN_PREVIEW, &now);
    CHECK_INT(s.screen, STAFF_MENU);
    CHECK_INT(staff_take(&s), STAFF_DO_NONE);
    k.can_install = true;
    staff_stick_update(&s, &k, now);
    staff_stick_on_screen(&s, true);
    press(&s, STAFF_BTN_PREVIEW, &now);
    CHECK_INT(s.screen, STAFF_MENU);
    CHECK_INT(staff_take(&s), STAFF_DO_NONE);
    /* Closed by hand during a preview: the copy goes. */
    staff_stick_on_screen(&s, false);
    to_preview(&s, &now);
    staff_close(&s);
    CHECK_INT(staff_take(&s), STAFF_DO_PREVIEW_END);
    staff_release(&s);
}

static int count_targets(const layout_view *v, int control) {
    int n = 0;
    for (int i = 0; i < v->target_count; i++)
        if (v->targets[i].kind == LAYOUT_TARGET_STAFF && v->targets[i].index == control) n++;
    return n;
}

static void check_view(const layout_view *v, const layout_metrics *m, const char *what) {
    for (int i = 0; i < v->target_count; i++) {
        const layout_target *t = &v->targets[i];
        bool ok = t->w >= m->target_px && t->h >= m->target_px && t->x >= 0 && t->y >= 0 &&
                  t->x + t->w <= m->w && t->y + t->h <= m->h;
        if (!ok)
            fprintf(stderr, "%s %dx%d: control %d at %d,%d size %dx%d (target %d)\n", what, m->w,
                    m->h, t->index, t->x, t->y, t->w, t->h, m->target_px);
        CHECK(ok);
        for (int j = i + 1; j < v->target_count; j++) {
            const layout_target *u = &v->targets[j];
            bool apart = t->x + t->w <= u->x || u->x + u->w <= t->x || t->y + t->h <= u->y ||
                         u->y + u->h <= t->y;
            CHECK(apart);
        }
    }
    for (int i = 0; i < v->item_count; i++) {
        const layout_item *it = &v->items[i];
        bool inside = it->x >= 0 && it->y >= 0 && it->x + it->w <= m->w && it->y + it->h <= m->h;
        if (!inside && it->kind == LAYOUT_ITEM_TEXT)
            fprintf(stderr, "%s %dx%d: text \"%s\" at %d,%d size %dx%d\n", what, m->w, m->h,
                    it->text, it->x, it->y, it->w, it->h);
        if (it->kind == LAYOUT_ITEM_TEXT) CHECK(inside);
    }
}

static void test_layouts(void) {
    static const int sizes[][2] = {{800, 480}, {1024, 600}, {1280, 800},
                                   {1920, 1080}, {720, 1280}, {1080, 1920}};
    theme t;
    theme_defaults(&t);
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        int w = sizes[i][0], h = sizes[i][1];
        double ppm = w <= 1280 ? PX_PER_MM : 1920.0 / 476.0;
        layout_metrics m = layout_metrics_for(w, h, ppm);
        staff s;
        staff_init(&s, w, h, ppm);
        layout_view v;
        memset(&v, 0, sizeof v);
        uint64_t now = 1000;
        /* The keypad, with digits typed: dots, never the digits. */
        staff_stick k = {.present = true, .has_content = true};
        snprintf(k.label, sizeof k.label, "KINGSTON");
        staff_stick_update(&s, &k, now);
        /* The keypad, with the note pin.c gives when the storage is full:
         * all of it on screen, not cut off. */
        pin_result full = pin_guard_status(&(pin_guard){.loaded = true, .unsaved = true},
                                           "/nonexistent", 0, 0);
        CHECK(full.staff_note != NULL);
        full.code = PIN_READY;
        staff_pin_status(&s, &full, now);
        CHECK_STR(s.notice, full.staff_note);
        CHECK_INT(staff_view_layout(&v, &s, &m, &t, &fake), 0);
        check_view(&v, &m, "keypad, storage full");
        for (int j = 0; j < v.item_count; j++)
            if (v.items[j].kind == LAYOUT_ITEM_TEXT) CHECK(strstr(v.items[j].text, "\u2026") == NULL);
        s.notice[0] = '\0';
        ready(&s, now);
        type_digits(&s, "8642", &now);
        CHECK_INT(staff_view_layout(&v, &s, &m, &t, &fake), 0);
        check_view(&v, &m, "keypad");
        for (int key = 0; key < 12; key++) CHECK_INT(count_targets(&v, key), 1);
        CHECK_INT(count_targets(&v, STAFF_BTN_CLOSE), 1);
        int filled = 0;
        for (int j = 0; j < v.item_count; j++) {
            const layout_item *it = &v.items[j];
            if (it->kind == LAYOUT_ITEM_TEXT) CHECK(strstr(it->text, "8642") == NULL);
            if (it->kind == LAYOUT_ITEM_TEXT && strlen(it->text) > 1)   /* not a key's label */
                CHECK(strpbrk(it->text, "0123456789") == NULL);
            if (it->kind == LAYOUT_ITEM_CIRCLE && it->color == t.accent) filled++;
        }
        CHECK_INT(filled, 4);        /* four dots: four digits typed */
        CHECK(staff_view_control_at(&v, (float)v.targets[0].x + 1, (float)v.targets[0].y + 1) ==
              v.targets[0].index);
        /* The menu with a stick full of problems. */
        drain(&s);
        press(&s, STAFF_KEY_OK, &now);
        pin_result ok = {.code = PIN_OK};
        staff_pin_result(&s, &ok, now);
        k.judged = true;
        k.pages = 7;
        k.pictures = 5;
        k.line_count = STAFF_LINES;
        k.more_lines = 3;
        for (int j = 0; j < STAFF_LINES; j++)
            snprintf(k.lines[j], sizeof k.lines[j],
                     "kiosk-content/pages/0%d0-a-long-page-name.md, line %d: the text is not "
                     "UTF-8. Open it in Notepad, Save As, Encoding: UTF-8.", j, j + 2);
        snprintf(k.summary, sizeof k.summary, "Cannot install: 11 problems");
        staff_stick_update(&s, &k, now);
        staff_kiosk info = {.can_roll_back = true, .counting = true, .views_today = 12,
                            .views_week = 345};
        snprintf(info.content, sizeof info.content, "On screen: installed 23 Nov 2026 at 10:15, 7 pages.");
        staff_set_kiosk(&s, &info);
        CHECK_INT(staff_view_layout(&v, &s, &m, &t, &fake), 0);
        check_view(&v, &m, "menu");
        CHECK_INT(count_targets(&v, STAFF_BTN_INSTALL), 0);   /* cannot install */
        CHECK_INT(count_targets(&v, STAFF_BTN_REPORT), 1);
        CHECK_INT(count_targets(&v, STAFF_BTN_ROLLBACK), 1);
        CHECK_INT(count_targets(&v, STAFF_BTN_SCREEN_TEST), 1);
        CHECK_INT(count_targets(&v, STAFF_BTN_RESTART), 1);
        CHECK_INT(count_targets(&v, STAFF_BTN_CLOSE), 1);
        k.can_install = true;
        k.line_count = 0;
        k.more_lines = 0;
        staff_stick_update(&s, &k, now);
        CHECK_INT(staff_view_layout(&v, &s, &m, &t, &fake), 0);
        check_view(&v, &m, "menu");
        CHECK_INT(count_targets(&v, STAFF_BTN_INSTALL), 1);
        CHECK_INT(count_targets(&v, STAFF_BTN_PREVIEW), 1);
        /* The preview's banner: a band across the top, its words whole and
         * in it, Install and Cancel a finger's size, nothing else. */
        press(&s, STAFF_BTN_PREVIEW, &now);
        drain(&s);
        CHECK(staff_preview_ready(&s, 7, "KINGSTON", now));
        CHECK_INT(staff_view_layout(&v, &s, &m, &t, &fake), 0);
        check_view(&v, &m, "preview banner");
        int band = staff_view_banner_height(&m);
        CHECK(band >= m.target_px && band <= h / 5);
        CHECK_INT(v.target_count, 2);
        CHECK_INT(count_targets(&v, STAFF_BTN_PREVIEW_INSTALL), 1);
        CHECK_INT(count_targets(&v, STAFF_BTN_PREVIEW_CANCEL), 1);
        bool says_preview = false;
        for (int j = 0; j < v.item_count; j++) {
            const layout_item *it = &v.items[j];
            CHECK(it->y >= 0 && it->y + it->h <= band);
            if (it->kind != LAYOUT_ITEM_TEXT) continue;
            CHECK(strstr(it->text, "\u2026") == NULL);
            if (strstr(it->text, "Preview:")) says_preview = true;
        }
        CHECK(says_preview);
        press(&s, STAFF_BTN_PREVIEW_CANCEL, &now);
        drain(&s);
        /* Progress, a result, the screen test. */
        press(&s, STAFF_BTN_INSTALL, &now);
        staff_progress(&s, 0.43f, NULL);
        CHECK_INT(staff_view_layout(&v, &s, &m, &t, &fake), 0);
        check_view(&v, &m, "working");
        CHECK_INT(v.target_count, 0);
        bool pct = false;
        for (int j = 0; j < v.item_count; j++)
            if (v.items[j].kind == LAYOUT_ITEM_TEXT && strcmp(v.items[j].text, "43%") == 0) pct = true;
        CHECK(pct);
        staff_done(&s, false, "The new content was not installed",
                   "Nothing was changed: the screen shows what it showed before.\n"
                   "kiosk-content/pages/020-bonding.md:3: error: the picture baby.jpg is missing",
                   now);
        CHECK_INT(staff_view_layout(&v, &s, &m, &t, &fake), 0);
        check_view(&v, &m, "result");
        CHECK_INT(count_targets(&v, STAFF_BTN_OK), 1);
        press(&s, STAFF_BTN_OK, &now);
        press(&s, STAFF_BTN_SCREEN_TEST, &now);
        staff_touch_down(&s, 1, STAFF_NOWHERE, 5, 5, now);
        CHECK_INT(staff_view_layout(&v, &s, &m, &t, &fake), 0);
        check_view(&v, &m, "screen test");
        CHECK_INT(count_targets(&v, STAFF_BTN_TEST_DONE), 1);
        /* Closed: an empty view. */
        staff_close(&s);
        CHECK_INT(staff_view_layout(&v, &s, &m, &t, &fake), 0);
        CHECK_INT(v.item_count, 0);
        layout_release(&v);
        staff_release(&s);
    }
}

int main(void) {
    test_long_press();
    test_pin();
    test_pin_notes();
    test_idle();
    test_sticks();
    test_reports_only_stick();
    test_install_needs_pin();
    test_stick_on_screen();
    test_pin_dots();
    test_screen_test();
    test_preview();
    test_layouts();
    return check_summary();
}
