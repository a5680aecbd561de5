/* textrun.c - a line of text in bidi and script runs. See textrun.h.
 * fribidi resolves the embedding levels (rules P2 to I1 of UAX #9); the
 * runs are then put in visual order by rule L2 (from the highest level
 * down to the lowest odd one, reverse every sequence of runs at that
 * level or above). Scripts come from a table of Unicode blocks: enough to
 * pick a shaping script, not a full Scripts.txt. */
#include "textrun.h"

#include <fribidi.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

static const struct { uint32_t first, last; const char *script; } blocks[] = {
    {0x0300, 0x036F, "Zinh"}, {0x0370, 0x03FF, "Grek"}, {0x0400, 0x052F, "Cyrl"},
    {0x0530, 0x058F, "Armn"}, {0x0590, 0x05FF, "Hebr"}, {0x0600, 0x06FF, "Arab"},
    {0x0700, 0x074F, "Syrc"}, {0x0750, 0x077F, "Arab"}, {0x0780, 0x07BF, "Thaa"},
    {0x08A0, 0x08FF, "Arab"}, {0x0900, 0x097F, "Deva"}, {0x0980, 0x09FF, "Beng"},
    {0x0A00, 0x0A7F, "Guru"}, {0x0A80, 0x0AFF, "Gujr"}, {0x0B00, 0x0B7F, "Orya"},
    {0x0B80, 0x0BFF, "Taml"}, {0x0C00, 0x0C7F, "Telu"}, {0x0C80, 0x0CFF, "Knda"},
    {0x0D00, 0x0D7F, "Mlym"}, {0x0D80, 0x0DFF, "Sinh"}, {0x0E00, 0x0E7F, "Thai"},
    {0x0E80, 0x0EFF, "Laoo"}, {0x1000, 0x109F, "Mymr"}, {0x10A0, 0x10FF, "Geor"},
    {0x1100, 0x11FF, "Hang"}, {0x1200, 0x139F, "Ethi"}, {0x1780, 0x17FF, "Khmr"},
    {0x1AB0, 0x1AFF, "Zinh"}, {0x1DC0, 0x1DFF, "Zinh"}, {0x1E00, 0x1EFF, "Latn"},
    {0x1F00, 0x1FFF, "Grek"}, {0x200C, 0x200D, "Zinh"}, {0x20D0, 0x20FF, "Zinh"},
    {0x2E80, 0x2FDF, "Hani"}, {0x3040, 0x309F, "Hira"}, {0x30A0, 0x30FF, "Kana"},
    {0x3400, 0x4DBF, "Hani"}, {0x4E00, 0x9FFF, "Hani"}, {0xAC00, 0xD7AF, "Hang"},
    {0xF900, 0xFAFF, "Hani"}, {0xFB1D, 0xFB4F, "Hebr"}, {0xFB50, 0xFDFF, "Arab"},
    {0xFE00, 0xFE0F, "Zinh"}, {0xFE20, 0xFE2F, "Zinh"}, {0xFE70, 0xFEFF, "Arab"},
    {0x20000, 0x2FA1F, "Hani"},
};

const char *textrun_script(uint32_t cp) {
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7))
        return "Latn";
    for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
        if (cp >= blocks[i].first && cp <= blocks[i].last) return blocks[i].script;
    return "Zyyy";
}

static bool is_common(const char *script) { return script[0] == 'Z'; }

text_dir textrun_first_strong(const char *text, size_t len) {
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += utf8_decode(text + i, len - i, &cp);
        FriBidiCharType t = fribidi_get_bidi_type(cp);
        if (t == FRIBIDI_TYPE_LTR) return TEXT_DIR_LTR;
        if (t == FRIBIDI_TYPE_RTL || t == FRIBIDI_TYPE_AL) return TEXT_DIR_RTL;
    }
    return TEXT_DIR_AUTO;
}

bool textrun_is_rtl(const char *text, size_t len) {
    return textrun_first_strong(text, len) == TEXT_DIR_RTL;
}

int textrun_split(const char *text, size_t len, text_dir dir, textrun *runs, int max, bool *rtl) {
    if (rtl) *rtl = dir == TEXT_DIR_RTL || (dir == TEXT_DIR_AUTO && textrun_is_rtl(text, len));
    if (len == 0 || max <= 0) return 0;
    /* Code points with their byte offsets; a longer line keeps its first
     * TEXTRUN_CHARS_MAX characters' levels and the rest joins the last run. */
    size_t cap = len < TEXTRUN_CHARS_MAX ? len : TEXTRUN_CHARS_MAX;
    FriBidiChar *cps = malloc(cap * sizeof *cps);
    size_t *at = malloc((cap + 1) * sizeof *at);
    FriBidiCharType *types = malloc(cap * sizeof *types);
    FriBidiBracketType *brackets = malloc(cap * sizeof *brackets);
    FriBidiLevel *levels = malloc(cap * sizeof *levels);
    int count = -1;
    if (!cps || !at || !types || !brackets || !levels) goto out;
    size_t n = 0, i = 0;
    while (i < len && n < cap) {
        at[n] = i;
        uint32_t cp;
        i += utf8_decode(text + i, len - i, &cp);
        cps[n++] = cp;
    }
    at[n] = len; /* what did not fit goes with the last character */
    fribidi_get_bidi_types(cps, (FriBidiStrIndex)n, types);
    fribidi_get_bracket_types(cps, (FriBidiStrIndex)n, types, brackets);
    FriBidiParType base = dir == TEXT_DIR_RTL ? FRIBIDI_PAR_RTL
                          : dir == TEXT_DIR_LTR ? FRIBIDI_PAR_LTR
                                                : FRIBIDI_PAR_ON;
    if (!fribidi_get_par_embedding_levels_ex(types, brackets, (FriBidiStrIndex)n, &base, levels))
        goto out;
    if (rtl) *rtl = FRIBIDI_IS_RTL(base);
    /* Logical runs: a new one where the level or the script changes.
     * Common characters take the script of the run they are in. */
    count = 0;
    for (size_t k = 0; k < n; k++) {
        const char *script = textrun_script(cps[k]);
        textrun *last = count > 0 ? &runs[count - 1] : NULL;
        bool same_level = last && last->level == levels[k];
        bool same_script = last && (is_common(script) || strcmp(last->script, script) == 0 ||
                                    is_common(last->script));
        if (last && same_level && same_script) {
            if (is_common(last->script) && !is_common(script)) memcpy(last->script, script, 5);
            last->len = at[k + 1] - last->start;
            continue;
        }
        if (count == max) { /* no room: the rest joins the last run */
            last->len = at[k + 1] - last->start;
            continue;
        }
        textrun *r = &runs[count++];
        r->start = at[k];
        r->len = at[k + 1] - at[k];
        r->level = levels[k];
        memcpy(r->script, script, 5);
    }
    for (int k = 0; k < count; k++)
        if (is_common(runs[k].script)) memcpy(runs[k].script, "Latn", 5);
    /* Rule L2: visual order. */
    uint8_t highest = 0, lowest_odd = 255;
    for (int k = 0; k < count; k++) {
        if (runs[k].level > highest) highest = runs[k].level;
        if ((runs[k].level & 1) && runs[k].level < lowest_odd) lowest_odd = runs[k].level;
    }
    for (int level = highest; level >= lowest_odd && level > 0; level--)
        for (int k = 0; k < count;) {
            if (runs[k].level < level) { k++; continue; }
            int end = k;
            while (end < count && runs[end].level >= level) end++;
            for (int a = k, b = end - 1; a < b; a++, b--) {
                textrun t = runs[a];
                runs[a] = runs[b];
                runs[b] = t;
            }
            k = end;
        }
out:
    free(cps);
    free(at);
    free(types);
    free(brackets);
    free(levels);
    return count;
}
