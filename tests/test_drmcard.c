/* test_drmcard.c - choosing the DRM card (drmcard.c) from fake /dev/dri and
 * /sys/class/drm trees built in a temporary folder: a Pi 5 (v3d render
 * only, vc4 for HDMI, a card of its own for a DSI panel, numbers that
 * change between boots), a Pi 4, no card, and outputs all disconnected. */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "files.h"
#include "drmcard.h"

static char root[64];
static char dri[128], sys[128];

/* A path from a format; four in turn, so two can be used in one call. */
__attribute__((format(printf, 1, 2))) static const char *at(const char *fmt, ...) {
    static char paths[4][512];
    static int next;
    char *path = paths[next++ % 4];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(path, sizeof paths[0], fmt, ap);
    va_end(ap);
    return path;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void fresh_tree(void) {
    if (root[0]) nftw(root, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    strcpy(root, "/tmp/test_drmcard_XXXXXX");
    CHECK(mkdtemp(root) != NULL);
    snprintf(dri, sizeof dri, "%s/dev-dri", root);
    snprintf(sys, sizeof sys, "%s/sys-class-drm", root);
    CHECK_INT(mkdir(dri, 0755), 0);
    CHECK_INT(mkdir(at("%s/by-path", dri), 0755), 0);
    CHECK_INT(mkdir(sys, 0755), 0);
}

/* /dev/dri/cardN with its by-path name, and /sys/class/drm/cardN with
 * the driver's symlink (dangling, as only its name is read). */
static void add_card(int n, const char *by_path, const char *driver) {
    fixture_write(at("%s/card%d", dri, n), "");
    CHECK_INT(symlink(at("../card%d", n), at("%s/by-path/%s", dri, by_path)), 0);
    CHECK_INT(mkdir(at("%s/card%d", sys, n), 0755), 0);
    CHECK_INT(mkdir(at("%s/card%d/device", sys, n), 0755), 0);
    CHECK_INT(symlink(at("../../../../bus/platform/drivers/%s", driver),
                      at("%s/card%d/device/driver", sys, n)),
              0);
}

static void add_output(int card, const char *name, const char *status) {
    CHECK_INT(mkdir(at("%s/card%d-%s", sys, card, name), 0755), 0);
    fixture_write(at("%s/card%d-%s/status", sys, card, name), status);
}

static void add_render_node(void) {
    fixture_write(at("%s/renderD128", dri), "");
    CHECK_INT(symlink("../renderD128", at("%s/by-path/platform-1002000000.v3d-render", dri)), 0);
    CHECK_INT(mkdir(at("%s/renderD128", sys), 0755), 0);
    fixture_write(at("%s/version", sys), "drm 1.1.0 20060810\n");
}

static void expect_choice(int index, bool connected, const char *part1, const char *part2) {
    drmcard_choice c;
    memset(&c, 0x5A, sizeof c);
    int rc = drmcard_choose(dri, sys, &c);
    printf("  %s\n", c.reason);
    CHECK_INT(rc, index >= 0 ? 0 : -1);
    CHECK_INT(c.index, index);
    if (index >= 0) {
        CHECK_STR(c.path, at("%s/card%d", dri, index));
        CHECK(c.connected == connected);
    }
    CHECK(memchr(c.reason, '\0', sizeof c.reason) != NULL);
    if (part1 && !strstr(c.reason, part1)) fprintf(stderr, "  wanted \"%s\"\n", part1);
    CHECK(!part1 || strstr(c.reason, part1));
    if (part2 && !strstr(c.reason, part2)) fprintf(stderr, "  wanted \"%s\"\n", part2);
    CHECK(!part2 || strstr(c.reason, part2));
}

/* Pi 5 with an HDMI monitor: card0 is v3d (no outputs), card1 is vc4. */
static void pi5_hdmi(int v3d, int vc4) {
    fresh_tree();
    add_card(v3d, "platform-1002000000.v3d-card", "v3d");
    add_card(vc4, "platform-axi:gpu-card", "vc4-drm");
    add_render_node();
    add_output(vc4, "HDMI-A-1", "connected\n");
    add_output(vc4, "HDMI-A-2", "disconnected\n");
    add_output(vc4, "Writeback-1", "unknown\n");
}

static void test_pi5(void) {
    pi5_hdmi(0, 1);
    expect_choice(1, true, "chose card1 (platform-axi:gpu-card, vc4-drm): HDMI-A-1 connected",
                  "card0 (platform-1002000000.v3d-card, v3d): no outputs (render only)");
    /* The next boot numbers them the other way round. */
    pi5_hdmi(1, 0);
    expect_choice(0, true, "chose card0 (platform-axi:gpu-card, vc4-drm): HDMI-A-1 connected",
                  "card1 (platform-1002000000.v3d-card, v3d): no outputs");

    /* A Touch Display on DSI and no monitor: the DSI panel's own card. */
    fresh_tree();
    add_card(0, "platform-1002000000.v3d-card", "v3d");
    add_card(1, "platform-axi:gpu-card", "vc4-drm");
    add_card(2, "platform-1f00130000.dsi-card", "drm-rp1-dsi");
    add_render_node();
    add_output(1, "HDMI-A-1", "disconnected\n");
    add_output(1, "HDMI-A-2", "disconnected\n");
    add_output(1, "Writeback-1", "unknown\n"); /* writeback is not a display */
    add_output(2, "DSI-1", "connected\n");
    expect_choice(2, true,
                  "chose card2 (platform-1f00130000.dsi-card, drm-rp1-dsi): DSI-1 connected",
                  "card1 (platform-axi:gpu-card, vc4-drm): nothing connected");

    /* The panel and a monitor for maintenance: the panel, where touch is. */
    add_output(1, "HDMI-A-3", "connected\n");
    expect_choice(2, true, "DSI-1 connected",
                  "card1 (platform-axi:gpu-card, vc4-drm): HDMI-A-3 connected");
}

static void test_pi4(void) {
    /* Pi 4: HDMI and the DSI panel share vc4's card; v3d is separate. */
    fresh_tree();
    add_card(0, "platform-fec00000.v3d-card", "v3d");
    add_card(1, "platform-gpu-card", "vc4-drm");
    add_output(1, "HDMI-A-1", "disconnected\n");
    add_output(1, "HDMI-A-2", "disconnected\n");
    add_output(1, "DSI-1", "connected\n");
    add_output(1, "Writeback-1", "unknown\n");
    expect_choice(1, true, "chose card1 (platform-gpu-card, vc4-drm): DSI-1 connected", NULL);

    /* Two monitors on one card: both named. */
    fresh_tree();
    add_card(0, "platform-gpu-card", "vc4-drm");
    add_card(1, "platform-fec00000.v3d-card", "v3d");
    add_output(0, "HDMI-A-1", "connected\n");
    add_output(0, "HDMI-A-2", "connected\n");
    expect_choice(0, true, "HDMI-A-1", "HDMI-A-2");

    /* Two cards with a monitor each and no panel: the lower number. */
    fresh_tree();
    add_card(3, "pci-0000:01:00.0-card", "amdgpu");
    add_card(1, "pci-0000:00:02.0-card", "i915");
    add_output(3, "DP-1", "connected\n");
    add_output(1, "eDP-1", "connected\n");
    expect_choice(1, true, "chose card1 (pci-0000:00:02.0-card, i915): eDP-1 connected",
                  "card3 (pci-0000:01:00.0-card, amdgpu): DP-1 connected");
}

static void test_none(void) {
    /* No card at all (a VM, a container): nothing chosen, and why. */
    fresh_tree();
    expect_choice(-1, false, "no display cards in", dri);
    /* Not even a /dev/dri. */
    drmcard_choice c;
    CHECK_INT(drmcard_choose(at("%s/missing", root), sys, &c), -1);
    CHECK_INT(c.index, -1);
    CHECK(strstr(c.reason, "no display cards in") != NULL);

    /* Only a render-only card. */
    fresh_tree();
    add_card(0, "platform-1002000000.v3d-card", "v3d");
    add_render_node();
    expect_choice(-1, false, "no display card in",
                  "card0 (platform-1002000000.v3d-card, v3d): no outputs");

    /* Outputs in sysfs for a card /dev/dri does not have, and names that
     * are not cards, are left alone. */
    fresh_tree();
    add_card(0, "platform-1002000000.v3d-card", "v3d");
    CHECK_INT(mkdir(at("%s/card5-HDMI-A-1", sys), 0755), 0);
    fixture_write(at("%s/card5-HDMI-A-1/status", sys), "connected\n");
    fixture_write(at("%s/card123", dri), "");
    fixture_write(at("%s/cardX", dri), "");
    fixture_write(at("%s/card", dri), "");
    expect_choice(-1, false, "no display card in", NULL);
}

static void test_disconnected(void) {
    /* Nothing connected anywhere: the card with outputs, saying so (a
     * monitor may be switched on later; SDL reports the rest). */
    fresh_tree();
    add_card(0, "platform-1002000000.v3d-card", "v3d");
    add_card(1, "platform-axi:gpu-card", "vc4-drm");
    add_output(1, "HDMI-A-1", "disconnected\n");
    add_output(1, "HDMI-A-2", "disconnected\n");
    expect_choice(1, false,
                  "chose card1 (platform-axi:gpu-card, vc4-drm): 2 outputs, none says connected",
                  NULL);

    /* A card whose output cannot tell (status unknown) beats one whose
     * outputs are all disconnected; a missing status file counts as
     * disconnected. No by-path entries: the reason has the driver only. */
    fresh_tree();
    add_card(0, "platform-axi:gpu-card", "vc4-drm");
    add_card(1, "platform-spi-card", "panel-mipi-dbi");
    CHECK_INT(unlink(at("%s/by-path/platform-axi:gpu-card", dri)), 0);
    CHECK_INT(unlink(at("%s/by-path/platform-spi-card", dri)), 0);
    add_output(0, "HDMI-A-1", "disconnected\n");
    CHECK_INT(mkdir(at("%s/card0-HDMI-A-2", sys), 0755), 0);
    add_output(1, "SPI-1", "unknown\n");
    expect_choice(1, false, "chose card1 (panel-mipi-dbi): 1 output, none says connected",
                  "card0 (vc4-drm): nothing connected");
}

int main(void) {
    test_pi5();
    test_pi4();
    test_none();
    test_disconnected();
    if (root[0]) nftw(root, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    return check_summary();
}
