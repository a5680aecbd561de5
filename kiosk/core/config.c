/* config.c - the settings table and the code that reads it. See config.h. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "ini_reader.h"

/* The one table. Keep docs to one line: they appear in --help and README. */
const setting_info config_settings[] = {
    {"kiosk", "content", SETTING_TEXT, "", 0, 0, NULL,
     "Content folder to show (pages/, images/, content.ini); default: the bundled pages"},
    {"kiosk", "data", SETTING_TEXT, "", 0, 0, NULL,
     "The kiosk's own data folder; default /var/lib/kiosk if writable, else $XDG_DATA_HOME/kiosk"},
    {"kiosk", "name", SETTING_TEXT, "", 0, 0, NULL,
     "The kiosk's name on page-view reports, e.g. Reception; default: the computer's name"},
    {"kiosk", "trusted_keys", SETTING_TEXT, "/etc/kiosk/trusted-keys", 0, 0, NULL,
     "File of public keys (kiosk keygen) whose signed content installs without the PIN"},
    {"kiosk", "media", SETTING_TEXT, "/media", 0, 0, NULL,
     "Folder where USB sticks are mounted; a stick with kiosk-content/ or kiosk-reports/ opens the staff screen"},
    {"sync", "inbox", SETTING_TEXT, "", 0, 0, NULL,
     "Folder a sync engine (Syncthing) fills: its kiosk-content/, signed by a trusted key, installs without the PIN once whole; empty = none"},
    {"sync", "outbox", SETTING_TEXT, "", 0, 0, NULL,
     "Folder the kiosk writes for a sync engine: a CSV of page views a day and a status file; empty = none"},
    {"attract", "seconds_per_page", SETTING_INT, "12", 3, 600, NULL,
     "Seconds each page stays on screen while nobody is touching (content.ini may set it too)"},
    {"attract", "idle_seconds", SETTING_INT, "60", 10, 3600, NULL,
     "Seconds without a touch before the kiosk goes back to cycling pages"},
    {"attract", "transition_ms", SETTING_INT, "350", 0, 400, NULL,
     "Length of the slide between pages, in milliseconds (0 = cut)"},
    {"display", "window", SETTING_TEXT, "", 0, 0, NULL,
     "Window size as WxH (for previews on a desktop); empty = fullscreen"},
    {"display", "rotation", SETTING_CHOICE, "0", 0, 0, "0|90|180|270",
     "Turn picture and touch clockwise by this many degrees"},
    {"display", "screen_inches", SETTING_NUMBER, "0", 0, 100, NULL,
     "Screen diagonal in inches, for touch sizes; 0 = ask the display, else guess from the resolution"},
    {"display", "renderer", SETTING_CHOICE, "auto", 0, 0, "auto|software|accelerated",
     "auto picks the GPU when there is one and SDL's software renderer when not"},
    {"display", "motion", SETTING_CHOICE, "full", 0, 0, "full|none",
     "none: pages and the longer text change at once (cuts), nothing slides by itself; for reduced motion"},
    {"hours", "monday", SETTING_HOURS, "", 0, 0, NULL,
     "Opening hours on Mondays, e.g. 08:00-18:00 or 08:00-12:30, 13:30-18:00, or closed; the "
     "screen is off outside them once the clock is synchronised; empty = on all day"},
    {"hours", "tuesday", SETTING_HOURS, "", 0, 0, NULL, "Opening hours on Tuesdays (as monday)"},
    {"hours", "wednesday", SETTING_HOURS, "", 0, 0, NULL,
     "Opening hours on Wednesdays (as monday)"},
    {"hours", "thursday", SETTING_HOURS, "", 0, 0, NULL,
     "Opening hours on Thursdays (as monday)"},
    {"hours", "friday", SETTING_HOURS, "", 0, 0, NULL, "Opening hours on Fridays (as monday)"},
    {"hours", "saturday", SETTING_HOURS, "", 0, 0, NULL,
     "Opening hours on Saturdays (as monday)"},
    {"hours", "sunday", SETTING_HOURS, "", 0, 0, NULL, "Opening hours on Sundays (as monday)"},
    {"hours", "wake_minutes", SETTING_INT, "5", 1, 60, NULL,
     "Minutes a touch keeps the screen on outside opening hours"},
    {"audio", "read_aloud", SETTING_CHOICE, "on", 0, 0, "on|off",
     "A speaker button reads each page aloud (espeak-ng, in the page's language); off hides it"},
    {"audio", "volume", SETTING_INT, "80", 10, 100, NULL,
     "Loudness of read-aloud, in percent; each family starts at it again"},
    {"audio", "device", SETTING_TEXT, "", 0, 0, NULL,
     "Audio output by SDL's name for it (the kiosk's log lists them); empty = the system's default"},
};
const int config_setting_count = (int)(sizeof config_settings / sizeof config_settings[0]);

/* Where each setting lives in the struct, in table order. */
static const size_t setting_offset[] = {
    offsetof(config, content),        offsetof(config, data),
    offsetof(config, name),           offsetof(config, trusted_keys),
    offsetof(config, media),          offsetof(config, inbox),
    offsetof(config, outbox),
    offsetof(config, seconds_per_page), offsetof(config, idle_seconds),
    offsetof(config, transition_ms),  offsetof(config, window),
    offsetof(config, rotation),       offsetof(config, screen_inches),
    offsetof(config, renderer),       offsetof(config, motion),
    offsetof(config, hours[0]),       offsetof(config, hours[1]),
    offsetof(config, hours[2]),       offsetof(config, hours[3]),
    offsetof(config, hours[4]),       offsetof(config, hours[5]),
    offsetof(config, hours[6]),       offsetof(config, wake_minutes),
    offsetof(config, read_aloud),     offsetof(config, volume),
    offsetof(config, audio_device),
};
static const size_t setting_size[] = {
    sizeof(((config *)0)->content), sizeof(((config *)0)->data),
    sizeof(((config *)0)->name), sizeof(((config *)0)->trusted_keys),
    sizeof(((config *)0)->media), sizeof(((config *)0)->inbox),
    sizeof(((config *)0)->outbox),
    sizeof(int), sizeof(int), sizeof(int),
    sizeof(((config *)0)->window), sizeof(int), sizeof(double),
    sizeof(((config *)0)->renderer), sizeof(((config *)0)->motion),
    SCHEDULE_TEXT_MAX, SCHEDULE_TEXT_MAX, SCHEDULE_TEXT_MAX, SCHEDULE_TEXT_MAX,
    SCHEDULE_TEXT_MAX, SCHEDULE_TEXT_MAX, SCHEDULE_TEXT_MAX, sizeof(int),
    sizeof(((config *)0)->read_aloud), sizeof(int), sizeof(((config *)0)->audio_device),
};
_Static_assert(sizeof setting_offset / sizeof setting_offset[0] ==
               sizeof config_settings / sizeof config_settings[0],
               "one offset per setting");
_Static_assert(sizeof setting_size / sizeof setting_size[0] ==
               sizeof config_settings / sizeof config_settings[0],
               "one size per setting");

int config_transition_ms(const config *c) {
    return strcmp(c->motion, "none") == 0 ? 0 : c->transition_ms;
}

int config_find(const char *name) {
    for (int i = 0; i < config_setting_count; i++) {
        const char *a = config_settings[i].name, *b = name;
        while (*a && (*a == *b || (*a == '_' && *b == '-'))) a++, b++;
        if (*a == '\0' && *b == '\0') return i;
    }
    return -1;
}

bool config_is_set(const config *c, const char *name) {
    int i = config_find(name);
    return i >= 0 && (c->set_mask & (1u << i));
}

static bool choice_allowed(const char *choices, const char *value) {
    size_t n = strlen(value);
    for (const char *p = choices; *p;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == n && strncmp(p, value, n) == 0) return true;
        if (!bar) break;
        p = bar + 1;
    }
    return false;
}

static int set_index(config *c, int i, const char *value, char *err, size_t errsize) {
    const setting_info *s = &config_settings[i];
    char *field = (char *)c + setting_offset[i];
    switch (s->type) {
    case SETTING_HOURS:
    case SETTING_TEXT:
        if (strlen(value) >= setting_size[i]) {
            snprintf(err, errsize, "%s is too long (at most %zu characters)", s->name,
                     setting_size[i] - 1);
            return -1;
        }
        if (s->type == SETTING_HOURS) {
            /* The table's weekdays are schedule.c's, in the same order. */
            int day = 0;
            while (day < 7 && strcmp(schedule_day_names[day], s->name) != 0) day++;
            if (schedule_parse_day(NULL, day, value, err, errsize) != 0) return -1;
        }
        strcpy(field, value);
        return 0;
    case SETTING_CHOICE:
        if (!choice_allowed(s->choices, value)) {
            snprintf(err, errsize, "%s must be one of %s, not \"%s\"", s->name, s->choices, value);
            return -1;
        }
        if (setting_size[i] == sizeof(int) && s->choices[0] >= '0' && s->choices[0] <= '9')
            *(int *)field = atoi(value);
        else
            snprintf(field, setting_size[i], "%s", value);
        return 0;
    case SETTING_INT:
    case SETTING_NUMBER: {
        /* Plain decimal only: strtod would also take "0x10" and "1e1". */
        if (value[strspn(value, "0123456789.+- \t")] != '\0') {
            snprintf(err, errsize, "%s must be a %s, not \"%s\"", s->name,
                     s->type == SETTING_INT ? "whole number" : "number", value);
            return -1;
        }
        char *end;
        errno = 0;
        double v = strtod(value, &end);
        while (*end == ' ' || *end == '\t') end++;
        if (end == value || *end || errno || !isfinite(v) ||
            (s->type == SETTING_INT && v != floor(v))) {
            snprintf(err, errsize, "%s must be a %s, not \"%s\"", s->name,
                     s->type == SETTING_INT ? "whole number" : "number", value);
            return -1;
        }
        if (v < s->min || v > s->max) {
            snprintf(err, errsize, "%s must be between %g and %g, not %s", s->name, s->min,
                     s->max, value);
            return -1;
        }
        if (s->type == SETTING_INT) *(int *)field = (int)v;
        else *(double *)field = v;
        return 0;
    }
    }
    return -1;
}

int config_set(config *c, const char *name, const char *value, char *err, size_t errsize) {
    int i = config_find(name);
    if (i < 0) {
        snprintf(err, errsize, "unknown setting \"%s\"", name);
        return -1;
    }
    if (set_index(c, i, value, err, errsize) != 0) return -1;
    c->set_mask |= 1u << i;
    return 0;
}

void config_defaults(config *c, const char *content_default) {
    char err[256];
    memset(c, 0, sizeof *c);
    for (int i = 0; i < config_setting_count; i++)
        set_index(c, i, config_settings[i].default_value, err, sizeof err);
    snprintf(c->content, sizeof c->content, "%s", content_default ? content_default : "");
}

typedef struct {
    ini_reader_state reader;
    config *config;
    diag_list *diags;
    const char *path;
} load_ctx;

static int on_entry(void *user, const char *section, const char *name, const char *value) {
    load_ctx *ctx = user;
    int line = ctx->reader.line;
    int i = config_find(name);
    if (i < 0 || strchr(name, '-')) {
        diag_add(ctx->diags, DIAG_ERROR, ctx->path, line,
                 "unknown setting \"%s\" (see kiosk --help for the list)", name);
        return 1;
    }
    if (strcmp(section, config_settings[i].section) != 0) {
        if (section[0])
            diag_add(ctx->diags, DIAG_WARNING, ctx->path, line,
                     "\"%s\" belongs in section [%s], not [%s]", name,
                     config_settings[i].section, section);
        else
            diag_add(ctx->diags, DIAG_WARNING, ctx->path, line,
                     "\"%s\" belongs under a line [%s]", name, config_settings[i].section);
    }
    char err[256];
    if (config_set(ctx->config, name, value, err, sizeof err) != 0)
        diag_add(ctx->diags, DIAG_ERROR, ctx->path, line, "%s", err);
    return 1;
}

int config_load_file(config *c, const char *path, diag_list *diags) {
    int errors_before = diags->errors;
    FILE *f = fopen(path, "rb");
    if (!f) {
        diag_add(diags, DIAG_ERROR, path, 0, "cannot open the config file: %s", strerror(errno));
        return -1;
    }
    enum { MAX_CONFIG_BYTES = 64 * 1024 };
    char *text = malloc(MAX_CONFIG_BYTES + 1);
    size_t len = text ? fread(text, 1, MAX_CONFIG_BYTES + 1, f) : 0;
    fclose(f);
    if (!text) {
        diag_add(diags, DIAG_ERROR, path, 0, "out of memory");
        return -1;
    }
    if (len > MAX_CONFIG_BYTES) {
        diag_add(diags, DIAG_ERROR, path, 0, "the config file is larger than %d KB",
                 MAX_CONFIG_BYTES / 1024);
        free(text);
        return -1;
    }
    load_ctx ctx = {.config = c, .diags = diags, .path = path};
    int bad_line = ini_reader_parse(&ctx.reader, text, len, on_entry, &ctx);
    if (bad_line > 0)
        diag_add(diags, DIAG_ERROR, path, bad_line,
                 "this line is not a [section] or a name = value setting");
    if (ctx.reader.too_long_line)
        diag_add(diags, DIAG_ERROR, path, ctx.reader.too_long_line, "this line is too long");
    free(text);
    return diags->errors > errors_before ? -1 : 0;
}

void config_print_help(FILE *out) {
    for (int i = 0; i < config_setting_count; i++) {
        const setting_info *s = &config_settings[i];
        char option[64];
        snprintf(option, sizeof option, "--%s %s", s->name,
                 s->type == SETTING_INT || s->type == SETTING_NUMBER ? "N"
                 : strcmp(s->name, "window") == 0                   ? "WxH"
                 : strcmp(s->name, "name") == 0                     ? "TEXT"
                 : strcmp(s->name, "trusted_keys") == 0             ? "FILE"
                 : s->type == SETTING_HOURS                         ? "HOURS"
                 : s->type == SETTING_TEXT                          ? "DIR"
                                                                    : "X");
        for (char *p = option + 2; *p && *p != ' '; p++)
            if (*p == '_') *p = '-';
        fprintf(out, "  %-22s %s", option, s->doc);
        if (s->type == SETTING_CHOICE) fprintf(out, " [%s]", s->choices);
        else if (s->type == SETTING_INT || s->type == SETTING_NUMBER)
            fprintf(out, " [%g..%g]", s->min, s->max);
        if (s->default_value[0]) fprintf(out, " (default %s)", s->default_value);
        fputc('\n', out);
    }
}

void config_print_markdown(FILE *out) {
    fprintf(out, "| Section | Setting | Default | Allowed | What it does |\n");
    fprintf(out, "|---|---|---|---|---|\n");
    for (int i = 0; i < config_setting_count; i++) {
        const setting_info *s = &config_settings[i];
        char allowed[64] = "text";
        if (s->type == SETTING_CHOICE) {
            snprintf(allowed, sizeof allowed, "%s", s->choices);
            for (char *p = allowed; *p; p++)
                if (*p == '|') *p = '/';
        } else if (s->type == SETTING_HOURS) {
            snprintf(allowed, sizeof allowed, "HH:MM-HH:MM, several, or closed");
        } else if (s->type != SETTING_TEXT) {
            snprintf(allowed, sizeof allowed, "%g to %g", s->min, s->max);
        }
        fprintf(out, "| `[%s]` | `%s` | %s | %s | %s |\n", s->section, s->name,
                s->default_value[0] ? s->default_value : "(empty)", allowed, s->doc);
    }
}

int config_parse_size(const char *text, int *w, int *h) {
    char *end;
    long a = strtol(text, &end, 10);
    if (end == text || (*end != 'x' && *end != 'X')) return -1;
    const char *rest = end + 1;
    long b = strtol(rest, &end, 10);
    if (end == rest || *end) return -1;
    if (a < 64 || b < 64 || a > 16384 || b > 16384) return -1;
    *w = (int)a;
    *h = (int)b;
    return 0;
}

double config_px_per_mm(int w, int h, double inches) {
    if (inches <= 0) {
        int long_side = w > h ? w : h, short_side = w < h ? w : h;
        inches = long_side <= 1280 && short_side <= 800 ? 7.0 : 21.5;
    }
    return hypot(w, h) / (inches * 25.4);
}
