/* staff_taps.c - where a finger must land on the staff screen, for the
 * whole-system test (tests/system/run.sh), which taps the real kiosk in a
 * virtual machine through a touchscreen and so needs screen coordinates.
 * They come from the layout code itself (staff_view.c), so a change to the
 * layout moves the taps with it instead of leaving them on guessed pixels.
 *
 * usage: kiosk-staff-taps WIDTH HEIGHT SCREEN_INCHES
 * prints one line per control: SCREEN CONTROL X Y (the control's centre, in
 * pixels), for the keypad (pin), the menu for a stick that can be installed
 * before any install (menu) and after one (menu-rollback), for the stick
 * just installed, whose content is on screen and is not offered again
 * (menu-installed), with no stick after one (menu-nostick), a result (result),
 * and the corner held to open the screen without a stick (corner).
 * Pure C on kiosk_core; no SDL, no clock. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "staff.h"
#include "staff_view.h"
#include "theme.h"

/* Label widths do not move any control; any measure will do. */
static int any_width(void *ctx, font_face face, int size, const char *text, size_t len) {
    (void)ctx, (void)face, (void)text;
    return (int)len * size / 2;
}

static const char *const names[STAFF_CONTROL_COUNT] = {
    "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "delete", "ok", "close", "install",
    "report", "rollback", "screen-test", "restart", "result-ok", "test-done"};

static int print_screen(const char *screen, const staff *s, const layout_metrics *m,
                        const theme *t) {
    static const text_measure tm = {any_width, NULL};
    layout_view v;
    memset(&v, 0, sizeof v);
    if (staff_view_layout(&v, s, m, t, &tm) != 0) {
        fprintf(stderr, "kiosk-staff-taps: out of memory\n");
        return -1;
    }
    for (int i = 0; i < v.target_count; i++) {
        const layout_target *g = &v.targets[i];
        if (g->kind != LAYOUT_TARGET_STAFF || g->index < 0 || g->index >= STAFF_CONTROL_COUNT) continue;
        printf("%s %s %d %d\n", screen, names[g->index], g->x + g->w / 2, g->y + g->h / 2);
    }
    layout_release(&v);
    return 0;
}

int main(int argc, char **argv) {
    int w = argc == 4 ? atoi(argv[1]) : 0, h = argc == 4 ? atoi(argv[2]) : 0;
    if (w < 64 || h < 64 || w > 16384 || h > 16384) {
        fprintf(stderr, "usage: kiosk-staff-taps WIDTH HEIGHT SCREEN_INCHES\n");
        return 2;
    }
    double ppm = config_px_per_mm(w, h, atof(argv[3]));
    layout_metrics m = layout_metrics_for(w, h, ppm);
    theme t;
    theme_defaults(&t);
    static staff s;
    staff_init(&s, w, h, ppm);
    int cx, cy, cw, ch;
    staff_corner(&s, &cx, &cy, &cw, &ch);
    printf("corner hold %d %d\n", cx + cw / 2, cy + ch / 2);
    s.pin_state = PIN_READY;
    s.screen = STAFF_PIN;
    s.stick = (staff_stick){.present = true, .judged = true, .has_content = true,
                            .has_reports = true, .can_install = true, .pages = 1};
    if (print_screen("pin", &s, &m, &t) != 0) return 1;
    s.screen = STAFF_MENU;
    s.unlocked = true;
    if (print_screen("menu", &s, &m, &t) != 0) return 1;
    s.kiosk.can_roll_back = true;
    if (print_screen("menu-rollback", &s, &m, &t) != 0) return 1;
    s.stick.on_screen = true;
    s.stick.can_install = false;
    if (print_screen("menu-installed", &s, &m, &t) != 0) return 1;
    s.stick = (staff_stick){.present = false};
    if (print_screen("menu-nostick", &s, &m, &t) != 0) return 1;
    s.screen = STAFF_RESULT;
    s.result_ok = true;
    if (print_screen("result", &s, &m, &t) != 0) return 1;
    return 0;
}
