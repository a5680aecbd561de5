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

size_t utf8_space_len(const char *str, size_t len) {
    const unsigned char *s = (const unsigned char *)str;
    if (len >= 1 && (s[0] == ' ' || s[0] == '\t')) return 1;
    if (len >= 2 && s[0] == 0xC2 && s[1] == 0xA0) return 2;               /* U+00A0 */
    if (len < 3) return 0;
    if (s[0] == 0xE2 && s[1] == 0x80 && (s[2] <= 0x8B || s[2] == 0xAF)) return 3;
    if (s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F) return 3;           /* U+205F */
    if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) return 3;           /* U+3000 */
    if (s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) return 3;           /* U+FEFF */
    return 0;
}

void utf8_trim(const char *s, size_t len, size_t *start, size_t *end) {
    size_t a = 0, z = len, n;
    while (a < z && (n = utf8_space_len(s + a, z - a)) > 0) a += n;
    for (;;) { /* a blank of 1, 2 or 3 bytes that ends at z */
        size_t k = 1;
        while (k <= 3 && !(z >= a + k && utf8_space_len(s + z - k, k) == k)) k++;
        if (k > 3) break;
        z -= k;
    }
    *start = a;
    *end = z;
}

size_t utf8_decode(const char *s, size_t len, uint32_t *cp) {
    size_t n = utf8_char_len(s, len);
    const unsigned char *u = (const unsigned char *)s;
    if (n == 1) {
        *cp = u[0] < 0x80 ? u[0] : 0xFFFD;
        return 1;
    }
    uint32_t c = u[0] & (0x7F >> n);
    for (size_t i = 1; i < n; i++) c = (c << 6) | (u[i] & 0x3F);
    *cp = c;
    return n;
}
