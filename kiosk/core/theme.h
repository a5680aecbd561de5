/* theme.h - colours and font files, read from assets/theme.ini (inih).
 * Pure C, no SDL. Every text colour must reach 7:1 contrast against the
 * background it is drawn on (WCAG AAA), and the edge of every control 3:1
 * against what is behind it (WCAG 1.4.11); tests check the shipped theme. */
#ifndef KIOSK_THEME_H
#define KIOSK_THEME_H

#include <limits.h>
#include <stdint.h>

#include "diag.h"

typedef enum { THEME_FACE_REGULAR, THEME_FACE_BOLD, THEME_FACE_ITALIC, THEME_FACE_BOLD_ITALIC, THEME_FACE_COUNT } font_face;

/* Colours are 0xRRGGBB. */
typedef struct {
    uint32_t background;   /* page */
    uint32_t text;         /* body text and titles on background */
    uint32_t muted;        /* captions and credits on background */
    uint32_t accent;       /* buttons, active dot, quote bar */
    uint32_t on_accent;    /* text on buttons */
    uint32_t dot;          /* inactive page dots, the outline of light buttons:
                              3:1 against background and bar (WCAG 1.4.11) */
    uint32_t bar;          /* the detail view's top bar */
    uint32_t image_back;   /* behind pictures with transparency */
    char font[THEME_FACE_COUNT][PATH_MAX];
} theme;

/* Built-in defaults (the same as assets/theme.ini). */
void theme_defaults(theme *t);
/* Reads a theme file over the defaults. Returns 0, or -1 (diags say why). */
int theme_load(theme *t, const char *path, diag_list *diags);

/* WCAG 2 contrast ratio of two 0xRRGGBB colours, 1..21. */
double theme_contrast(uint32_t a, uint32_t b);

/* The colour t of the way from a to b (0xRRGGBB; t from 0 to 1). */
uint32_t theme_mix(uint32_t a, uint32_t b, double t);

#endif
