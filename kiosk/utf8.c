/* utf8.c - UTF-8 validation (RFC 3629) and stepping. See utf8.h. */
#include "utf8.h"

bool utf8_valid(const char *str, size_t len, size_t *bad_offset) {
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        size_t n;
        unsigned lo = 0x80, hi = 0xBF; /* allowed range of the 2nd byte */
        if (c < 0x80) { i++; continue; }
        else if (c >= 0xC2 && c <= 0xDF) n = 2;
        else if (c == 0xE0) { n = 3; lo = 0xA0; }
        else if (c >= 0xE1 && c <= 0xEC) n = 3;
        else if (c == 0xED) { n = 3; hi = 0x9F; }          /* no surrogates */
        else if (c >= 0xEE && c <= 0xEF) n = 3;
        else if (c == 0xF0) { n = 4; lo = 0x90; }
        else if (c >= 0xF1 && c <= 0xF3) n = 4;
        else if (c == 0xF4) { n = 4; hi = 0x8F; }          /* <= U+10FFFF */
        else goto bad;
        if (i + n > len) goto bad;
        if (s[i + 1] < lo || s[i + 1] > hi) goto bad;
        for (size_t k = 2; k < n; k++)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF) goto bad;
        i += n;
    }
    return true;
bad:
    if (bad_offset) *bad_offset = i;
    return false;
}

size_t utf8_char_len(const char *str, size_t len) {
    const unsigned char *s = (const unsigned char *)str;
    if (len == 0) return 0;
    size_t n = 1;
    if (s[0] >= 0xF0) n = 4;
    else if (s[0] >= 0xE0) n = 3;
    else if (s[0] >= 0xC0) n = 2;
    if (n > len) return 1;
    for (size_t k = 1; k < n; k++)
        if ((s[k] & 0xC0) != 0x80) return 1;
    return n;
}
