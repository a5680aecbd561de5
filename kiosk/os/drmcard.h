/* drmcard.h - which /dev/dri/cardN drives the screen. On a Pi 5 the
 * numbers change between boots: one card is v3d (3D only, no outputs),
 * one is vc4 (HDMI), and a DSI panel has a card of its own. SDL 2.26's
 * KMSDRM takes the number from the hint SDL_KMSDRM_DEVICE_INDEX.
 *
 * Pure C on two folders (no ioctl, no SDL), so a test can build a fake
 * tree: dri_dir (/dev/dri) lists the cards and by-path/ names them;
 * sysfs_dir (/sys/class/drm) has cardN-CONNECTOR/status for each output. */
#ifndef KIOSK_DRMCARD_H
#define KIOSK_DRMCARD_H

#include <stdbool.h>
#include <stddef.h>

#define DRMCARD_DRI_DIR "/dev/dri"
#define DRMCARD_SYSFS_DIR "/sys/class/drm"
#define DRMCARD_MAX_CARDS 64          /* cards looked at; DRM numbers them below 64 */

typedef struct {
    int index;                        /* N of cardN; -1 when none was chosen */
    char path[300];                   /* dri_dir/cardN */
    bool connected;                   /* a display on it says "connected" */
    char reason[600];                 /* for the log: what was chosen and why, or why none */
} drmcard_choice;

/* Chooses the card: among cards that have display outputs (cardN-* in
 * sysfs; render-only cards such as v3d have none, and writeback outputs
 * do not count), the one with a connected display; if several, one with
 * a connected built-in panel (DSI or DPI, where the touch screen is)
 * before HDMI; then the lowest number. A card whose outputs are all
 * disconnected is chosen only when no card has a connected one.
 * NULL folders mean the defaults above. Returns 0 with out filled, or -1
 * when no card has outputs (out->reason says what was found). */
int drmcard_choose(const char *dri_dir, const char *sysfs_dir, drmcard_choice *out);

#endif
