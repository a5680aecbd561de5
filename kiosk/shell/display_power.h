/* display_power.h - switching the screen off at night and on again.
 * Three ways, best first: the DPMS property of the DRM connectors that
 * SDL's KMSDRM window drives (libdrm, on SDL's own DRM fd); the panel's
 * /sys/class/backlight/NAME/bl_power (DSI panels); or, when neither is
 * there (a desktop window, no permission), the caller draws black.
 *
 * Shell side: SDL and libdrm. Never aborts: a method that fails is
 * logged and the next one is used. While the screen is off the caller
 * must not present frames (a page flip on a switched-off CRTC fails). */
#ifndef KIOSK_DISPLAY_POWER_H
#define KIOSK_DISPLAY_POWER_H

#include <limits.h>
#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#define DISPLAY_POWER_BACKLIGHT_DIR "/sys/class/backlight"
#define DISPLAY_POWER_MAX_CONNECTORS 8

typedef enum {
    DISPLAY_POWER_DPMS,       /* the display itself is off */
    DISPLAY_POWER_BACKLIGHT,  /* the panel's backlight is off */
    DISPLAY_POWER_BLACK,      /* nothing could be switched: the caller shows black */
} display_power_method;

typedef struct {
    int drm_fd;               /* SDL's (never closed here); -1 when not KMSDRM */
    int connectors;           /* connected connectors with a DPMS property */
    uint32_t connector_id[DISPLAY_POWER_MAX_CONNECTORS];
    uint32_t dpms_property[DISPLAY_POWER_MAX_CONNECTORS];
    char connector_name[64];  /* for the log, e.g. "HDMI-A-1" */
    char bl_power[PATH_MAX];       /* path of a writable bl_power, or "" */
    bool dpms_failed;         /* DPMS failed once: not tried again */
    bool backlight_failed;
    bool on;
    display_power_method used; /* how the screen was last switched off */
} display_power;

/* Finds what can switch the screen: the DRM fd through
 * SDL_GetWindowWMInfo (only under the KMSDRM video driver) and a writable
 * bl_power in backlight_dir (NULL: DISPLAY_POWER_BACKLIGHT_DIR). window
 * may be NULL. Logs once which method will be used. */
void display_power_open(display_power *dp, SDL_Window *window, const char *backlight_dir);

/* The method that display_power_set(dp, false) will try first. */
display_power_method display_power_best(const display_power *dp);

/* Switches the screen off or on. Off: DPMS, else the backlight, else
 * DISPLAY_POWER_BLACK (the caller draws black and stops presenting).
 * On: undoes every method that is available. Returns the method used. */
display_power_method display_power_set(display_power *dp, bool on);

/* Switches the screen back on if it is off. SDL keeps the fd. */
void display_power_close(display_power *dp);

#endif
