/* textrun.h - one line of text split into runs that can each be shaped
 * on their own: one bidi embedding level (fribidi, the Unicode
 * Bidirectional Algorithm) and one script, in visual order, so that an
 * English name or a number inside Arabic keeps its place. The shell
 * shapes each run with HarfBuzz through SDL_ttf (script and direction)
 * and lays them side by side (fonts.c). Pure C, no SDL, no clock. */
#ifndef KIOSK_TEXTRUN_H
#define KIOSK_TEXTRUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TEXTRUN_MAX 128        /* runs in one line; the rest joins the last */
#define TEXTRUN_CHARS_MAX 4096 /* characters in one line that get their own levels */

typedef enum { TEXT_DIR_AUTO, TEXT_DIR_LTR, TEXT_DIR_RTL } text_dir;

typedef struct {
    size_t start, len;  /* bytes of the line, in logical order within the run */
    uint8_t level;      /* bidi embedding level: odd is right to left */
    char script[5];     /* ISO 15924, as HarfBuzz takes it: "Latn", "Arab", "Beng" */
} textrun;

/* Splits text[0..len) into runs, left to right as they appear on the
 * screen. dir: the paragraph's direction (TEXT_DIR_AUTO: from its first
 * strong letter). Returns the number of runs (0 for an empty line), or -1
 * when out of memory; *rtl (may be NULL) is whether the paragraph reads
 * right to left. */
int textrun_split(const char *text, size_t len, text_dir dir, textrun *runs, int max, bool *rtl);

/* The direction of text[0..len)'s first strong letter: TEXT_DIR_RTL
 * (Arabic, Hebrew, ...), TEXT_DIR_LTR, or TEXT_DIR_AUTO when it has none
 * (digits and punctuation only). */
text_dir textrun_first_strong(const char *text, size_t len);

/* The paragraph direction text[0..len) takes by itself: true when its
 * first strong letter is right to left. */
bool textrun_is_rtl(const char *text, size_t len);

/* The ISO 15924 script of a code point: "Zyyy" for common characters
 * (spaces, digits, punctuation), "Zinh" for marks that take the script of
 * the letter before them. */
const char *textrun_script(uint32_t cp);

#endif
