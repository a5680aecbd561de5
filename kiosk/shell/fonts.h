/* fonts.h - SDL_ttf fonts by face and pixel size, opened on first use and
 * kept; measuring for the layout and rendering of lines of text in any
 * script. A line is split into bidi and script runs (textrun.h); each run
 * is cut again where the theme's font has no glyph and one of Debian's
 * Noto fonts has (Arabic, Hebrew, Bengali, Devanagari, Gurmukhi, Tamil,
 * Thai, ... then CJK and colour emoji when installed), shaped by HarfBuzz
 * through SDL_ttf with its script and direction, and the runs are laid
 * side by side on one baseline. Shell side. */
#ifndef KIOSK_FONTS_H
#define KIOSK_FONTS_H

#include <limits.h>
#include <SDL.h>
#include <SDL_ttf.h>
#include <stdbool.h>
#include <stdint.h>

#include "layout.h"
#include "theme.h"

#define FONTS_CACHE_MAX 64
#define FONTS_FILES_MAX 48   /* the theme's four faces and the fallbacks */

typedef struct {
    char path[PATH_MAX];
    bool bold;               /* a fallback's weight (the faces: by face) */
    bool color;              /* colour bitmaps at fixed sizes (emoji): scaled to fit */
    /* Mapped once, so a new size opens from memory (NULL: not yet, or
     * could not map: opened by path). */
    void *data;
    size_t size;
    bool missing;            /* could not be opened: never tried again */
} font_file;

typedef struct {
    font_file files[FONTS_FILES_MAX]; /* [0..THEME_FACE_COUNT): the theme's faces */
    int file_count;
    struct { int file; int size; TTF_Font *font; } cache[FONTS_CACHE_MAX];
    int count;
} fonts;

/* Checks that every face opens; finds the fallbacks that are installed.
 * Returns 0, or -1 with a message in err (start-up may abort on this: no
 * font, no kiosk). */
int fonts_init(fonts *f, const theme *t, char *err, size_t errsize);
void fonts_release(fonts *f);

/* The theme's font for face at size (its metrics set the line's). */
TTF_Font *fonts_get(fonts *f, font_face face, int size);
/* A text_measure that measures with these fonts. */
text_measure fonts_measure(fonts *f);
/* Width of text[0..len) as fonts_render draws it. */
int fonts_width(fonts *f, font_face face, int size, const char *text, size_t len);
/* Renders one line of text in colour, every script shaped and in visual
 * order; rtl: the line is part of a right-to-left paragraph (its neutral
 * characters, full stops and spaces, go with that). NULL on failure
 * (logged) or for an empty line. */
SDL_Surface *fonts_render(fonts *f, font_face face, int size, const char *text, bool rtl,
                          uint32_t rgb);
/* The first character of text[0..len) that no font has, or 0 when every
 * one can be drawn (spaces and marks that draw nothing are fine). */
uint32_t fonts_missing(fonts *f, font_face face, const char *text, size_t len);

#endif
