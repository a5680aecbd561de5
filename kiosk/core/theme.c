/* theme.c - colours and fonts from an INI file. See theme.h. */
#include "theme.h"

#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ini_reader.h"

void theme_defaults(theme *t) {
    memset(t, 0, sizeof *t);
    t->background = 0xFBF6EE;
    t->text = 0x2B211C;
    t->muted = 0x4A3C34;
    t->accent = 0x1F5A55;
    t->on_accent = 0xFFFFFF;
    t->dot = 0x8C7A6B;
    t->bar = 0xF2E8DA;
    t->image_back = 0xFBF6EE;
    static const char *const files[THEME_FACE_COUNT] = {
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Italic.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-BoldItalic.ttf",
    };
    for (int i = 0; i < THEME_FACE_COUNT; i++) snprintf(t->font[i], sizeof t->font[i], "%s", files[i]);
}

typedef struct {
    ini_reader_state reader;
    theme *t;
    const char *path;
    diag_list *diags;
} theme_ctx;

static int on_entry(void *user, const char *section, const char *name, const char *value) {
    theme_ctx *x = user;
    (void)section;
    static const struct { const char *name; size_t offset; } colours[] = {
        {"background", offsetof(theme, background)}, {"text", offsetof(theme, text)},
        {"muted", offsetof(theme, muted)},           {"accent", offsetof(theme, accent)},
        {"on_accent", offsetof(theme, on_accent)},   {"dot", offsetof(theme, dot)},
        {"bar", offsetof(theme, bar)},               {"image_back", offsetof(theme, image_back)},
    };
    static const char *const faces[THEME_FACE_COUNT] = {"font_regular", "font_bold", "font_italic",
                                                  "font_bold_italic"};
    for (size_t i = 0; i < sizeof colours / sizeof colours[0]; i++) {
        if (strcmp(name, colours[i].name) != 0) continue;
        const char *v = value[0] == '#' ? value + 1 : value;
        bool hex = strlen(v) == 6;
        for (int k = 0; hex && k < 6; k++) hex = isxdigit((unsigned char)v[k]);
        unsigned long c = hex ? strtoul(v, NULL, 16) : 0;
        if (!hex) {
            diag_add(x->diags, DIAG_ERROR, x->path, x->reader.line,
                     "%s must be a colour like #1F5A55, not \"%s\"", name, value);
        } else {
            *(uint32_t *)((char *)x->t + colours[i].offset) = (uint32_t)c;
        }
        return 1;
    }
    for (int i = 0; i < THEME_FACE_COUNT; i++) {
        if (strcmp(name, faces[i]) != 0) continue;
        if (strlen(value) >= sizeof x->t->font[i])
            diag_add(x->diags, DIAG_ERROR, x->path, x->reader.line, "the font path is too long");
        else
            snprintf(x->t->font[i], sizeof x->t->font[i], "%s", value);
        return 1;
    }
    diag_add(x->diags, DIAG_ERROR, x->path, x->reader.line, "unknown theme setting \"%s\"", name);
    return 1;
}

int theme_load(theme *t, const char *path, diag_list *diags) {
    int before = diags->errors;
    FILE *f = fopen(path, "rb");
    if (!f) {
        diag_add(diags, DIAG_ERROR, path, 0, "cannot open the theme file");
        return -1;
    }
    char buf[16 * 1024];
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    theme_ctx x = {.t = t, .path = path, .diags = diags};
    int bad = ini_reader_parse(&x.reader, buf, len, on_entry, &x);
    if (bad > 0) diag_add(diags, DIAG_ERROR, path, bad, "not a name = value line");
    if (x.reader.too_long_line)
        diag_add(diags, DIAG_ERROR, path, x.reader.too_long_line, "this line is too long");
    return diags->errors > before ? -1 : 0;
}

static double channel(uint32_t c, int shift) {
    double v = ((c >> shift) & 0xFF) / 255.0;
    return v <= 0.03928 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

static double luminance(uint32_t c) {
    return 0.2126 * channel(c, 16) + 0.7152 * channel(c, 8) + 0.0722 * channel(c, 0);
}

double theme_contrast(uint32_t a, uint32_t b) {
    double la = luminance(a), lb = luminance(b);
    if (la < lb) { double t = la; la = lb; lb = t; }
    return (la + 0.05) / (lb + 0.05);
}

uint32_t theme_mix(uint32_t a, uint32_t b, double t) {
    uint32_t out = 0;
    for (int shift = 0; shift < 24; shift += 8) {
        double x = (a >> shift & 0xFF) * (1 - t) + (b >> shift & 0xFF) * t;
        out |= (uint32_t)(x + 0.5) << shift;
    }
    return out;
}
