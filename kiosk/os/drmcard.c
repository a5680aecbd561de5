/* drmcard.c - choose the DRM card with the display. See drmcard.h.
 * Reads folder listings, symlinks and small status files only. */
#include "drmcard.h"

#include <limits.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    bool present;
    char by_path[96];      /* e.g. platform-axi:gpu-card, or "" */
    char driver[48];       /* e.g. vc4-drm, v3d, or "" */
    int outputs;           /* connectors, writeback ones left out */
    int connected;
    int unknown;
    bool panel;            /* a connected DSI or DPI output */
    char names[160];       /* the connected outputs, for the log */
} card_info;

/* Appends to buf without ever overflowing it (a cut message is fine). */
__attribute__((format(printf, 3, 4))) static void append(char *buf, size_t size,
                                                          const char *fmt, ...) {
    size_t used = strlen(buf);
    if (used + 1 >= size) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + used, size - used, fmt, ap);
    va_end(ap);
}

/* "card12" -> 12, "card12-HDMI-A-1" -> 12 with *rest at "HDMI-A-1";
 * -1 if name is not like that or the number is too big. */
static int card_number(const char *name, const char **rest) {
    if (strncmp(name, "card", 4) != 0) return -1;
    const char *p = name + 4;
    int n = 0, digits = 0;
    while (*p >= '0' && *p <= '9') {
        n = n * 10 + (*p++ - '0');
        if (++digits > 2) return -1;
    }
    if (digits == 0 || n >= DRMCARD_MAX_CARDS) return -1;
    if (rest) {
        if (*p != '-' || p[1] == '\0') return -1;
        *rest = p + 1;
    } else if (*p != '\0') {
        return -1;
    }
    return n;
}

/* The last part of a symlink's target, into out ("" if it is none). */
static void link_name(const char *path, char *out, size_t size) {
    char target[PATH_MAX];
    out[0] = '\0';
    ssize_t n = readlink(path, target, sizeof target - 1);
    if (n <= 0) return;
    target[n] = '\0';
    const char *slash = strrchr(target, '/');
    const char *name = slash ? slash + 1 : target;
    size_t len = strlen(name);
    if (len >= size) return; /* no card or driver has a name that long */
    memcpy(out, name, len + 1);
}

/* First word of a small sysfs file ("connected"), into out. */
static void read_word(const char *path, char *out, size_t size) {
    out[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f) return;
    char line[64];
    if (fgets(line, sizeof line, f)) {
        size_t len = strcspn(line, " \t\r\n");
        if (len < size) {
            memcpy(out, line, len);
            out[len] = '\0';
        }
    }
    fclose(f);
}

static void describe(char *buf, size_t size, int n, const card_info *c) {
    append(buf, size, "card%d", n);
    if (c->by_path[0] || c->driver[0])
        append(buf, size, " (%s%s%s)", c->by_path, c->by_path[0] && c->driver[0] ? ", " : "",
               c->driver);
}

int drmcard_choose(const char *dri_dir, const char *sysfs_dir, drmcard_choice *out) {
    if (!dri_dir) dri_dir = DRMCARD_DRI_DIR;
    if (!sysfs_dir) sysfs_dir = DRMCARD_SYSFS_DIR;
    memset(out, 0, sizeof *out);
    out->index = -1;
    card_info *cards = calloc(DRMCARD_MAX_CARDS, sizeof *cards);
    if (!cards) {
        snprintf(out->reason, sizeof out->reason, "out of memory");
        return -1;
    }
    char path[PATH_MAX];
    int found = 0;

    DIR *dir = opendir(dri_dir);
    if (dir) {
        struct dirent *e;
        while ((e = readdir(dir))) {
            int n = card_number(e->d_name, NULL);
            if (n >= 0 && !cards[n].present) cards[n].present = true, found++;
        }
        closedir(dir);
    }
    if (found == 0) {
        snprintf(out->reason, sizeof out->reason,
                 "no display cards in %s (no KMS display driver is loaded)", dri_dir);
        free(cards);
        return -1;
    }

    /* Stable names: by-path/platform-axi:gpu-card -> ../card1. */
    snprintf(path, sizeof path, "%s/by-path", dri_dir);
    if ((dir = opendir(path))) {
        struct dirent *e;
        while ((e = readdir(dir))) {
            if (e->d_name[0] == '.') continue;
            char target[64];
            snprintf(path, sizeof path, "%s/by-path/%s", dri_dir, e->d_name);
            link_name(path, target, sizeof target);
            int n = card_number(target, NULL);
            size_t len = strlen(e->d_name);
            if (n >= 0 && cards[n].present && len < sizeof cards[n].by_path)
                memcpy(cards[n].by_path, e->d_name, len + 1);
        }
        closedir(dir);
    }

    /* Outputs: sysfs_dir/cardN-HDMI-A-1/status. */
    if ((dir = opendir(sysfs_dir))) {
        struct dirent *e;
        while ((e = readdir(dir))) {
            const char *connector;
            int n = card_number(e->d_name, &connector);
            if (n < 0 || !cards[n].present || strncmp(connector, "Writeback", 9) == 0) continue;
            card_info *c = &cards[n];
            char status[32];
            snprintf(path, sizeof path, "%s/%s/status", sysfs_dir, e->d_name);
            read_word(path, status, sizeof status);
            c->outputs++;
            if (strcmp(status, "connected") == 0) {
                c->connected++;
                if (strncmp(connector, "DSI", 3) == 0 || strncmp(connector, "DPI", 3) == 0)
                    c->panel = true;
                append(c->names, sizeof c->names, "%s%s", c->names[0] ? ", " : "", connector);
            } else if (strcmp(status, "unknown") == 0) {
                c->unknown++;
            }
        }
        closedir(dir);
    }
    for (int n = 0; n < DRMCARD_MAX_CARDS; n++) {
        if (!cards[n].present) continue;
        snprintf(path, sizeof path, "%s/card%d/device/driver", sysfs_dir, n);
        link_name(path, cards[n].driver, sizeof cards[n].driver);
    }

    /* Best: a connected panel, then any connected output, then an
     * output of unknown state, then outputs that are all disconnected. */
    int best = -1, best_score = -1;
    for (int n = 0; n < DRMCARD_MAX_CARDS; n++) {
        const card_info *c = &cards[n];
        if (!c->present || c->outputs == 0) continue;
        int score = c->panel ? 3 : c->connected ? 2 : c->unknown ? 1 : 0;
        if (score > best_score) best = n, best_score = score;
    }

    char *r = out->reason;
    size_t rs = sizeof out->reason;
    if (best >= 0) {
        const card_info *c = &cards[best];
        out->index = best;
        out->connected = c->connected > 0;
        snprintf(out->path, sizeof out->path, "%s/card%d", dri_dir, best);
        append(r, rs, "chose ");
        describe(r, rs, best, c);
        if (c->connected)
            append(r, rs, ": %s connected", c->names);
        else
            append(r, rs, ": %d output%s, none says connected", c->outputs,
                   c->outputs == 1 ? "" : "s");
    } else {
        append(r, rs, "no display card in %s has outputs", dri_dir);
    }
    for (int n = 0; n < DRMCARD_MAX_CARDS; n++) {
        const card_info *c = &cards[n];
        if (!c->present || n == best) continue;
        append(r, rs, "; ");
        describe(r, rs, n, c);
        if (c->outputs == 0) append(r, rs, ": no outputs (render only)");
        else if (c->connected) append(r, rs, ": %s connected", c->names);
        else append(r, rs, ": nothing connected");
    }
    free(cards);
    return best >= 0 ? 0 : -1;
}
