/* test_display_power.c - display_power.c without a real screen: SDL's
 * dummy video driver has no DRM fd, so the backlight is used, here a fake
 * /sys/class/backlight folder whose bl_power files the test reads back
 * (4 = off, 0 = on); a bl_power that cannot be written falls back to a
 * black screen; with no backlight at all, black from the start. DPMS
 * itself needs a KMSDRM display and is not covered here. */
#define _XOPEN_SOURCE 700
#include <SDL.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "files.h"
#include "display_power.h"

static char root[64];

static const char *read_file(const char *path) {
    static char buf[64];
    buf[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f) return "(missing)";
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

int main(void) {
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "SDL_Init: %s\n", SDL_GetError());
        return 1;
    }
    SDL_Window *window = SDL_CreateWindow("test", 0, 0, 320, 200, 0);
    CHECK(window != NULL);

    strcpy(root, "/tmp/test_display_power_XXXXXX");
    CHECK(mkdtemp(root) != NULL);
    char dir[128], path_a[192], path_b[192];
    snprintf(dir, sizeof dir, "%s/backlight", root);
    CHECK_INT(mkdir(dir, 0755), 0);

    /* No backlight and no DRM: the caller draws black. */
    display_power dp;
    display_power_open(&dp, window, dir);
    CHECK_INT(dp.drm_fd, -1);
    CHECK_INT(display_power_best(&dp), DISPLAY_POWER_BLACK);
    CHECK_INT(display_power_set(&dp, false), DISPLAY_POWER_BLACK);
    CHECK(!dp.on);
    CHECK_INT(display_power_set(&dp, true), DISPLAY_POWER_BLACK);
    CHECK(dp.on);
    display_power_close(&dp);
    /* Nor a folder, nor a window. */
    display_power_open(&dp, NULL, "/nonexistent/backlight");
    CHECK_INT(display_power_best(&dp), DISPLAY_POWER_BLACK);
    display_power_close(&dp);

    /* Two panels' backlights: the first by name is switched. */
    snprintf(path_a, sizeof path_a, "%s/10-0045", dir);
    snprintf(path_b, sizeof path_b, "%s/rpi_backlight", dir);
    CHECK_INT(mkdir(path_a, 0755), 0);
    CHECK_INT(mkdir(path_b, 0755), 0);
    snprintf(path_a, sizeof path_a, "%s/10-0045/bl_power", dir);
    snprintf(path_b, sizeof path_b, "%s/rpi_backlight/bl_power", dir);
    fixture_write(path_a, "0\n");
    fixture_write(path_b, "0\n");
    display_power_open(&dp, window, dir);
    CHECK_INT(display_power_best(&dp), DISPLAY_POWER_BACKLIGHT);
    CHECK_STR(dp.bl_power, path_a);
    CHECK_INT(display_power_set(&dp, false), DISPLAY_POWER_BACKLIGHT);
    CHECK_STR(read_file(path_a), "4\n");
    CHECK_STR(read_file(path_b), "0\n");
    CHECK_INT(display_power_set(&dp, true), DISPLAY_POWER_BACKLIGHT);
    CHECK_STR(read_file(path_a), "0\n");
    /* Closing while off switches it back on. */
    CHECK_INT(display_power_set(&dp, false), DISPLAY_POWER_BACKLIGHT);
    CHECK_STR(read_file(path_a), "4\n");
    display_power_close(&dp);
    CHECK_STR(read_file(path_a), "0\n");

    /* A bl_power that cannot be written (here a folder): black, once and
     * for all, never a crash. */
    CHECK_INT(remove(path_a), 0);
    CHECK_INT(remove(path_b), 0);
    CHECK_INT(mkdir(path_a, 0755), 0);
    display_power_open(&dp, window, dir);
    CHECK_INT(display_power_best(&dp), DISPLAY_POWER_BACKLIGHT);
    CHECK_INT(display_power_set(&dp, false), DISPLAY_POWER_BLACK);
    CHECK(dp.backlight_failed);
    CHECK_INT(display_power_best(&dp), DISPLAY_POWER_BLACK);
    CHECK_INT(display_power_set(&dp, true), DISPLAY_POWER_BLACK);
    CHECK_INT(display_power_set(&dp, false), DISPLAY_POWER_BLACK);
    display_power_close(&dp);

    nftw(root, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    SDL_DestroyWindow(window);
    SDL_Quit();
    return check_summary();
}
