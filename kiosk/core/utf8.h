/* utf8.h - UTF-8 checks and stepping, for text that came from outside.
 * Pure C, no SDL. */
#ifndef KIOSK_UTF8_H
#define KIOSK_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Returns true when s[0..len) is valid UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF). On failure *bad_offset is the first bad byte. */
bool utf8_valid(const char *s, size_t len, size_t *bad_offset);

/* Length in bytes of the character starting at s (1 for a bad byte),
 * never more than len. */
size_t utf8_char_len(const char *s, size_t len);

/* Decodes the character at s[0..len) into *cp and returns its length in
 * bytes (at least 1, at most len); a bad byte gives U+FFFD. */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Blank characters as Word, web pages and phones paste them: space, tab,
 * no-break space (U+00A0), U+2000-U+200B, U+202F, U+205F, U+3000 and the
 * byte order mark U+FEFF. utf8_space_len: the length in bytes of such a
 * character at the start of s[0..len), else 0. utf8_trim: the part of
 * s[0..len) without them at either end, as *start and *end offsets. */
size_t utf8_space_len(const char *s, size_t len);
void utf8_trim(const char *s, size_t len, size_t *start, size_t *end);

#endif
