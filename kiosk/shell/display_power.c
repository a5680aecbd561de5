/* display_power.c - the screen off and on: DPMS, backlight, or black.
 * See display_power.h. Shell side: SDL (for the window's DRM fd) and
 * libdrm (the connector's DPMS property). */
#include "display_power.h"

#include <SDL_syswm.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

static const char *method_name(display_power_method m) {
    return m == DISPLAY_POWER_DPMS ? "DPMS" : m == DISPLAY_POWER_BACKLIGHT ? "backlight" : "black";
}

/* The window's DRM fd, or -1 when the video driver is not KMSDRM. */
static int window_drm_fd(SDL_Window *window) {
    const char *driver = SDL_GetCurrentVideoDriver();
    if (!window || !driver || strcmp(driver, "KMSDRM") != 0) return -1;
    SDL_SysWMinfo info;
    SDL_VERSION(&info.version);
    if (!SDL_GetWindowWMInfo(window, &info)) {
        SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION, "Display power: SDL_GetWindowWMInfo: %s",
                    SDL_GetError());
        return -1;
    }
    if (info.subsystem != SDL_SYSWM_KMSDRM) return -1;
    return info.info.kmsdrm.drm_fd;
}

/* Connected connectors on fd that have a DPMS property. */
static void find_dpms(display_power *dp) {
    drmModeRes *res = drmModeGetResources(dp->drm_fd);
    if (!res) {
        SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION, "Display power: drmModeGetResources: %s",
                    strerror(errno));
        return;
    }
    for (int i = 0; i < res->count_connectors && dp->connectors < DISPLAY_POWER_MAX_CONNECTORS;
         i++) {
        /* Current: no new probe of the outputs (that can take a while). */
        drmModeConnector *c = drmModeGetConnectorCurrent(dp->drm_fd, res->connectors[i]);
        if (!c) continue;
        if (c->connection == DRM_MODE_CONNECTED) {
            drmModeObjectProperties *props =
                drmModeObjectGetProperties(dp->drm_fd, c->connector_id, DRM_MODE_OBJECT_CONNECTOR);
            for (uint32_t p = 0; props && p < props->count_props; p++) {
                drmModePropertyRes *prop = drmModeGetProperty(dp->drm_fd, props->props[p]);
                if (prop && strcmp(prop->name, "DPMS") == 0) {
                    dp->connector_id[dp->connectors] = c->connector_id;
                    dp->dpms_property[dp->connectors] = prop->prop_id;
                    dp->connectors++;
                    const char *type = drmModeGetConnectorTypeName(c->connector_type);
                    size_t used = strlen(dp->connector_name);
                    snprintf(dp->connector_name + used, sizeof dp->connector_name - used,
                             "%s%s-%u", used ? ", " : "", type ? type : "connector",
                             c->connector_type_id);
                }
                drmModeFreeProperty(prop);
                if (dp->connectors == DISPLAY_POWER_MAX_CONNECTORS) break;
            }
            drmModeFreeObjectProperties(props);
        }
        drmModeFreeConnector(c);
    }
    drmModeFreeResources(res);
}

/* The first backlight (by name) whose bl_power we may write. */
static void find_backlight(display_power *dp, const char *dir_path) {
    DIR *dir = opendir(dir_path);
    if (!dir) return;
    char best[256] = "";
    struct dirent *e;
    while ((e = readdir(dir))) {
        if (e->d_name[0] == '.' || strlen(e->d_name) >= sizeof best) continue;
        char path[sizeof dp->bl_power];
        int n = snprintf(path, sizeof path, "%s/%s/bl_power", dir_path, e->d_name);
        if (n < 0 || (size_t)n >= sizeof path || access(path, F_OK) != 0) continue;
        if (access(path, W_OK) != 0) {
            SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION,
                        "Display power: cannot write %s (%s); a udev rule must give the "
                        "kiosk's group write access",
                        path, strerror(errno));
            continue;
        }
        if (!best[0] || strcmp(e->d_name, best) < 0) {
            snprintf(best, sizeof best, "%s", e->d_name);
            snprintf(dp->bl_power, sizeof dp->bl_power, "%s", path);
        }
    }
    closedir(dir);
}

void display_power_open(display_power *dp, SDL_Window *window, const char *backlight_dir) {
    memset(dp, 0, sizeof *dp);
    dp->on = true;
    dp->drm_fd = window_drm_fd(window);
    if (dp->drm_fd >= 0) find_dpms(dp);
    find_backlight(dp, backlight_dir ? backlight_dir : DISPLAY_POWER_BACKLIGHT_DIR);
    dp->used = display_power_best(dp);
    if (dp->used == DISPLAY_POWER_DPMS)
        SDL_Log("Display power: DPMS on %s%s%s", dp->connector_name,
                dp->bl_power[0] ? ", else " : "", dp->bl_power);
    else if (dp->used == DISPLAY_POWER_BACKLIGHT)
        SDL_Log("Display power: backlight %s%s", dp->bl_power,
                dp->drm_fd >= 0 ? " (no connected output with DPMS)" : "");
    else
        SDL_Log("Display power: no DPMS (%s) and no writable backlight: a black screen when "
                "closed",
                dp->drm_fd >= 0 ? "no connected output with the property" : "not KMSDRM");
}

display_power_method display_power_best(const display_power *dp) {
    if (dp->connectors > 0 && !dp->dpms_failed) return DISPLAY_POWER_DPMS;
    if (dp->bl_power[0] && !dp->backlight_failed) return DISPLAY_POWER_BACKLIGHT;
    return DISPLAY_POWER_BLACK;
}

static bool set_dpms(display_power *dp, bool on) {
    for (int i = 0; i < dp->connectors; i++) {
        int rc = drmModeConnectorSetProperty(dp->drm_fd, dp->connector_id[i],
                                             dp->dpms_property[i],
                                             on ? DRM_MODE_DPMS_ON : DRM_MODE_DPMS_OFF);
        if (rc != 0) {
            SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION,
                        "Display power: DPMS %s on connector %u failed: %s", on ? "on" : "off",
                        dp->connector_id[i], strerror(rc < 0 ? -rc : errno));
            return false;
        }
    }
    return true;
}

static bool set_backlight(display_power *dp, bool on) {
    /* 0 = FB_BLANK_UNBLANK, 4 = FB_BLANK_POWERDOWN. */
    const char *value = on ? "0\n" : "4\n";
    int fd = open(dp->bl_power, O_WRONLY | O_CLOEXEC);
    bool ok = fd >= 0 && write(fd, value, 2) == 2;
    int saved = errno;
    if (fd >= 0 && close(fd) != 0) ok = false;
    if (!ok)
        SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION, "Display power: writing %s failed: %s",
                    dp->bl_power, strerror(saved));
    return ok;
}

display_power_method display_power_set(display_power *dp, bool on) {
    if (on) {
        /* Undo whatever may have been switched off. */
        if (dp->connectors > 0 && !dp->dpms_failed && !set_dpms(dp, true)) dp->dpms_failed = true;
        if (dp->bl_power[0] && !dp->backlight_failed && !set_backlight(dp, true))
            dp->backlight_failed = true;
        dp->on = true;
        return dp->used;
    }
    display_power_method before = dp->used;
    for (;;) {
        display_power_method m = display_power_best(dp);
        if (m == DISPLAY_POWER_DPMS && !set_dpms(dp, false)) {
            dp->dpms_failed = true;
            continue;
        }
        if (m == DISPLAY_POWER_BACKLIGHT && !set_backlight(dp, false)) {
            dp->backlight_failed = true;
            continue;
        }
        dp->used = m;
        break;
    }
    if (dp->used != before)
        SDL_Log("Display power: %s failed, switching the screen off by %s from now on",
                method_name(before), method_name(dp->used));
    dp->on = false;
    return dp->used;
}

void display_power_close(display_power *dp) {
    if (!dp->on) display_power_set(dp, true);
    dp->drm_fd = -1;
}
