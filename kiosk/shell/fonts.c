/* fonts.c - TTF fonts, measuring and rendering lines in any script. See
 * fonts.h.
 *
 * A line is drawn as pieces: textrun.c gives its bidi and script runs in
 * visual order; each run is cut again where the font changes (the first
 * font, in the theme's face and then the fallbacks in order, that has the
 * character; a mark, a joiner or a variation selector stays with the
 * character before it); each piece is shaped by HarfBuzz inside SDL_ttf
 * with its script and direction (TTF_SetFontScriptName,
 * TTF_SetFontDirection), and the pieces are laid on one baseline. Colour
 * emoji come as bitmaps of one fixed size and are scaled to the line.
 * A line of plain ASCII, the common case, is one piece in the theme's
 * font, measured and drawn as before. */
#include "fonts.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "textrun.h"
#include "utf8.h"

#define NOTO_TTF "/usr/share/fonts/truetype/noto/"
#define NOTO_OTF "/usr/share/fonts/opentype/noto/"

/* Debian's fallbacks, in the order they are asked, regular then bold
 * (NULL: none, the regular one serves). Those not installed are skipped. */
static const struct { const char *regular, *bold; bool color; } fallbacks[] = {
    {NOTO_TTF "NotoSansArabic-Regular.ttf", NOTO_TTF "NotoSansArabic-Bold.ttf", false},
    {NOTO_TTF "NotoSansHebrew-Regular.ttf", NOTO_TTF "NotoSansHebrew-Bold.ttf", false},
    {NOTO_TTF "NotoSansBengali-Regular.ttf", NOTO_TTF "NotoSansBengali-Bold.ttf", false},
    {NOTO_TTF "NotoSansDevanagari-Regular.ttf", NOTO_TTF "NotoSansDevanagari-Bold.ttf", false},
    {NOTO_TTF "NotoSansGurmukhi-Regular.ttf", NOTO_TTF "NotoSansGurmukhi-Bold.ttf", false},
    {NOTO_TTF "NotoSansGujarati-Regular.ttf", NOTO_TTF "NotoSansGujarati-Bold.ttf", false},
    {NOTO_TTF "NotoSansTamil-Regular.ttf", NOTO_TTF "NotoSansTamil-Bold.ttf", false},
    {NOTO_TTF "NotoSansTelugu-Regular.ttf", NOTO_TTF "NotoSansTelugu-Bold.ttf", false},
    {NOTO_TTF "NotoSansKannada-Regular.ttf", NOTO_TTF "NotoSansKannada-Bold.ttf", false},
    {NOTO_TTF "NotoSansMalayalam-Regular.ttf", NOTO_TTF "NotoSansMalayalam-Bold.ttf", false},
    {NOTO_TTF "NotoSansOriya-Regular.ttf", NOTO_TTF "NotoSansOriya-Bold.ttf", false},
    {NOTO_TTF "NotoSansSinhala-Regular.ttf", NOTO_TTF "NotoSansSinhala-Bold.ttf", false},
    {NOTO_TTF "NotoSansThai-Regular.ttf", NOTO_TTF "NotoSansThai-Bold.ttf", false},
    {NOTO_TTF "NotoSansLao-Regular.ttf", NOTO_TTF "NotoSansLao-Bold.ttf", false},
    {NOTO_TTF "NotoSansKhmer-Regular.ttf", NOTO_TTF "NotoSansKhmer-Bold.ttf", false},
    {NOTO_TTF "NotoSansMyanmar-Regular.ttf", NOTO_TTF "NotoSansMyanmar-Bold.ttf", false},
    {NOTO_TTF "NotoSansArmenian-Regular.ttf", NOTO_TTF "NotoSansArmenian-Bold.ttf", false},
    {NOTO_TTF "NotoSansGeorgian-Regular.ttf", NOTO_TTF "NotoSansGeorgian-Bold.ttf", false},
    {NOTO_TTF "NotoSansEthiopic-Regular.ttf", NOTO_TTF "NotoSansEthiopic-Bold.ttf", false},
    {NOTO_OTF "NotoSansCJK-Regular.ttc", NOTO_OTF "NotoSansCJK-Bold.ttc", false},
    {NOTO_TTF "NotoSansSymbols-Regular.ttf", NOTO_TTF "NotoSansSymbols-Bold.ttf", false},
    {NOTO_TTF "NotoSansSymbols2-Regular.ttf", NULL, false},
    {NOTO_TTF "NotoSansMath-Regular.ttf", NULL, false},
    {NOTO_TTF "NotoColorEmoji.ttf", NULL, true},
};

/* Maps a font file read-only: its pages are shared with the page cache,
 * and every size opened later reads from them. */
static void map_file(font_file *ff) {
    int fd = open(ff->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        st.st_size <= 64 * 1024 * 1024) {
        void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p != MAP_FAILED) {
            ff->data = p;
            ff->size = (size_t)st.st_size;
        }
    }
    close(fd);
}

static void add_file(fonts *f, const char *path, bool bold, bool color) {
    if (f->file_count == FONTS_FILES_MAX || !path) return;
    font_file *ff = &f->files[f->file_count++];
    memset(ff, 0, sizeof *ff);
    snprintf(ff->path, sizeof ff->path, "%s", path);
    ff->bold = bold;
    ff->color = color;
}

/* The font of file at size, opened and kept; NULL when it cannot be. */
static TTF_Font *file_font(fonts *f, int file, int size) {
    for (int i = 0; i < f->count; i++)
        if (f->cache[i].file == file && f->cache[i].size == size) return f->cache[i].font;
    font_file *ff = &f->files[file];
    if (ff->missing) return NULL;
    if (!ff->data) map_file(ff);
    SDL_RWops *rw = ff->data ? SDL_RWFromConstMem(ff->data, (int)ff->size) : NULL;
    TTF_Font *font = rw ? TTF_OpenFontRW(rw, 1, size) : TTF_OpenFont(ff->path, size);
    if (!font) {
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "Couldn't open font %s at %d px: %s", ff->path,
                     size, TTF_GetError());
        if (file >= THEME_FACE_COUNT) ff->missing = true; /* a fallback: do without it */
        return NULL;
    }
    TTF_SetFontHinting(font, TTF_HINTING_LIGHT);
    if (f->count == FONTS_CACHE_MAX) {
        /* Sizes come from a few screen-derived steps; drop the oldest. */
        TTF_CloseFont(f->cache[0].font);
        memmove(f->cache, f->cache + 1, (FONTS_CACHE_MAX - 1) * sizeof f->cache[0]);
        f->count--;
    }
    f->cache[f->count].file = file;
    f->cache[f->count].size = size;
    f->cache[f->count].font = font;
    f->count++;
    return font;
}

int fonts_init(fonts *f, const theme *t, char *err, size_t errsize) {
    memset(f, 0, sizeof *f);
    if (!TTF_WasInit() && TTF_Init() != 0) {
        snprintf(err, errsize, "cannot start SDL_ttf: %s", TTF_GetError());
        return -1;
    }
    for (int i = 0; i < THEME_FACE_COUNT; i++)
        add_file(f, t->font[i], i == THEME_FACE_BOLD || i == THEME_FACE_BOLD_ITALIC, false);
    for (int i = 0; i < THEME_FACE_COUNT; i++)
        if (!fonts_get(f, (font_face)i, 24)) {
            snprintf(err, errsize, "cannot open the font %s: %s (install fonts-noto-core, or "
                                   "set the font in assets/theme.ini)",
                     f->files[i].path, TTF_GetError());
            fonts_release(f);
            return -1;
        }
    for (size_t i = 0; i < sizeof fallbacks / sizeof fallbacks[0]; i++) {
        if (access(fallbacks[i].regular, R_OK) != 0) continue;
        add_file(f, fallbacks[i].regular, false, fallbacks[i].color);
        if (fallbacks[i].bold && access(fallbacks[i].bold, R_OK) == 0)
            add_file(f, fallbacks[i].bold, true, fallbacks[i].color);
    }
    return 0;
}

void fonts_release(fonts *f) {
    for (int i = 0; i < f->count; i++) TTF_CloseFont(f->cache[i].font);
    f->count = 0;
    for (int i = 0; i < f->file_count; i++) {
        if (f->files[i].data) munmap(f->files[i].data, f->files[i].size);
        f->files[i].data = NULL;
    }
}

TTF_Font *fonts_get(fonts *f, font_face face, int size) { return file_font(f, (int)face, size); }

/* Characters that draw nothing or hang on the one before: they never
 * change the font. */
static bool rides_along(uint32_t cp) {
    return cp < 0x20 || cp == 0x200C || cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F) ||
           (cp >= 0x1F3FB && cp <= 0x1F3FF) || (cp >= 0xE0020 && cp <= 0xE007F) ||
           (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200E && cp <= 0x200F) ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* The file that draws cp in face: the face's own when it has it, else
 * the first fallback that has it (a bold one first for a bold face), else
 * -1. */
static int file_for(fonts *f, font_face face, int size, uint32_t cp) {
    TTF_Font *own = fonts_get(f, face, size);
    if (own && TTF_GlyphIsProvided32(own, cp)) return (int)face;
    bool bold = face == THEME_FACE_BOLD || face == THEME_FACE_BOLD_ITALIC;
    for (int pass = 0; pass < 2; pass++)
        for (int i = THEME_FACE_COUNT; i < f->file_count; i++) {
            if ((pass == 0) != (f->files[i].bold == bold)) continue;
            TTF_Font *font = file_font(f, i, size);
            if (font && TTF_GlyphIsProvided32(font, cp)) return i;
        }
    return -1;
}

static bool plain_ascii(const char *text, size_t len) {
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)text[i] >= 0x80) return false;
    return true;
}

/* One piece of a line: bytes of one font, script and direction. */
typedef struct {
    size_t start, len;
    int file;
    bool rtl;
    char script[5];
} piece;

#define PIECES_MAX (TEXTRUN_MAX * 2)

/* The pieces of text[0..len), left to right on the screen. Returns their
 * number (at most PIECES_MAX: the rest of the line joins the last). */
static int pieces_of(fonts *f, font_face face, int size, const char *text, size_t len,
                     bool rtl_paragraph, piece *out) {
    if (!rtl_paragraph && plain_ascii(text, len)) {
        out[0] = (piece){0, len, (int)face, false, "Latn"};
        return len ? 1 : 0;
    }
    textrun runs[TEXTRUN_MAX];
    int nr = textrun_split(text, len, rtl_paragraph ? TEXT_DIR_RTL : TEXT_DIR_LTR, runs,
                           TEXTRUN_MAX, NULL);
    if (nr < 0) {
        out[0] = (piece){0, len, (int)face, false, "Latn"};
        return 1;
    }
    int n = 0;
    for (int r = 0; r < nr; r++) {
        bool rtl = runs[r].level & 1;
        int first = n; /* this run's pieces, in logical order */
        for (size_t i = runs[r].start, end = runs[r].start + runs[r].len; i < end;) {
            uint32_t cp;
            size_t step = utf8_decode(text + i, end - i, &cp);
            int file = -1;
            if (n > first) { /* the piece goes on while its font has the character */
                TTF_Font *cur = file_font(f, out[n - 1].file, size);
                bool color = f->files[out[n - 1].file].color; /* its spaces are emoji-wide */
                if (rides_along(cp) || (!color && cur && TTF_GlyphIsProvided32(cur, cp)))
                    file = out[n - 1].file;
            }
            if (file < 0) file = file_for(f, face, size, cp);
            if (file < 0) file = n > first ? out[n - 1].file : (int)face;
            if (n > first && out[n - 1].file == file) {
                out[n - 1].len += step;
            } else if (n == PIECES_MAX) {
                out[n - 1].len = end - out[n - 1].start; /* no room: the rest goes with it */
                break;
            } else {
                out[n] = (piece){i, step, file, rtl, ""};
                memcpy(out[n].script, runs[r].script, 5);
                n++;
            }
            i += step;
        }
        /* Right to left: the run's pieces are shown last first. */
        for (int a = first, b = n - 1; rtl && a < b; a++, b--) {
            piece t = out[a];
            out[a] = out[b];
            out[b] = t;
        }
    }
    return n;
}

/* The piece's font at size, set for its script and direction. */
static TTF_Font *piece_font(fonts *f, const piece *p, int size) {
    TTF_Font *font = file_font(f, p->file, size);
    if (!font) return NULL;
    TTF_SetFontScriptName(font, p->script);
    TTF_SetFontDirection(font, p->rtl ? TTF_DIRECTION_RTL : TTF_DIRECTION_LTR);
    return font;
}

/* A colour bitmap font's pieces are drawn scaled to this height. */
static int color_height(fonts *f, font_face face, int size) {
    TTF_Font *own = fonts_get(f, face, size);
    return own ? (TTF_FontAscent(own) * 9 + 5) / 10 : size;
}

static int piece_width(fonts *f, font_face face, int size, const char *text, const piece *p) {
    TTF_Font *font = piece_font(f, p, size);
    if (!font) return (int)p->len * size / 2;
    char stack[512];
    char *buf = p->len < sizeof stack ? stack : SDL_malloc(p->len + 1);
    if (!buf) return (int)p->len * size / 2;
    memcpy(buf, text + p->start, p->len);
    buf[p->len] = '\0';
    int w = 0, h = 0;
    if (TTF_SizeUTF8(font, buf, &w, &h) != 0) w = (int)p->len * size / 2;
    if (buf != stack) SDL_free(buf);
    if (f->files[p->file].color && h > 0) w = w * color_height(f, face, size) / h;
    return w;
}

int fonts_width(fonts *f, font_face face, int size, const char *text, size_t len) {
    if (!text || len == 0) return 0;
    piece pieces[PIECES_MAX];
    int n = pieces_of(f, face, size, text, len, textrun_is_rtl(text, len), pieces);
    int w = 0;
    for (int i = 0; i < n; i++) w += piece_width(f, face, size, text, &pieces[i]);
    return w;
}

static int measure(void *ctx, font_face face, int size, const char *text, size_t len) {
    return fonts_width(ctx, face, size, text, len);
}

text_measure fonts_measure(fonts *f) { return (text_measure){measure, f}; }

/* One piece drawn: its surface, and where its baseline is. */
typedef struct {
    SDL_Surface *s;
    int ascent;
} drawn;

static drawn draw_piece(fonts *f, font_face face, int size, const char *text, const piece *p,
                        SDL_Color c) {
    drawn d = {NULL, 0};
    TTF_Font *font = piece_font(f, p, size);
    if (!font) return d;
    char *buf = SDL_malloc(p->len + 1);
    if (!buf) return d;
    memcpy(buf, text + p->start, p->len);
    buf[p->len] = '\0';
    d.s = TTF_RenderUTF8_Blended(font, buf, c);
    SDL_free(buf);
    if (!d.s) return d;
    d.ascent = TTF_FontAscent(font);
    if (f->files[p->file].color && d.s->h > 0) {
        /* Emoji: one bitmap size; scaled to sit on the line. */
        int h = color_height(f, face, size), w = d.s->w * h / d.s->h;
        SDL_Surface *scaled = w > 0 && h > 0
                                  ? SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, d.s->format->format)
                                  : NULL;
        if (scaled && SDL_SoftStretchLinear(d.s, NULL, scaled, NULL) != 0) {
            SDL_FreeSurface(scaled);
            scaled = NULL;
        }
        SDL_FreeSurface(d.s);
        d.s = scaled;
        d.ascent = h * 9 / 10;
    }
    return d;
}

SDL_Surface *fonts_render(fonts *f, font_face face, int size, const char *text, bool rtl,
                          uint32_t rgb) {
    TTF_Font *own = fonts_get(f, face, size);
    if (!own || !text || !text[0]) return NULL;
    SDL_Color c = {(Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, 255};
    size_t len = strlen(text);
    if (!rtl && plain_ascii(text, len)) {
        TTF_SetFontScriptName(own, "Latn");
        TTF_SetFontDirection(own, TTF_DIRECTION_LTR);
        SDL_Surface *s = TTF_RenderUTF8_Blended(own, text, c);
        if (!s) SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "Couldn't render text: %s", TTF_GetError());
        return s;
    }
    piece pieces[PIECES_MAX];
    drawn parts[PIECES_MAX];
    int n = pieces_of(f, face, size, text, len, rtl, pieces);
    /* One baseline: as low as the tallest piece needs, and room below it
     * for the deepest. */
    int base = TTF_FontAscent(own), below = TTF_FontHeight(own) - TTF_FontAscent(own), w = 0;
    for (int i = 0; i < n; i++) {
        parts[i] = draw_piece(f, face, size, text, &pieces[i], c);
        if (!parts[i].s) continue;
        if (parts[i].ascent > base) base = parts[i].ascent;
        if (parts[i].s->h - parts[i].ascent > below) below = parts[i].s->h - parts[i].ascent;
        w += parts[i].s->w;
    }
    SDL_Surface *out = w > 0 ? SDL_CreateRGBSurfaceWithFormat(0, w, base + below, 32,
                                                              SDL_PIXELFORMAT_ARGB8888)
                             : NULL;
    if (out) SDL_FillRect(out, NULL, SDL_MapRGBA(out->format, c.r, c.g, c.b, 0));
    for (int i = 0, x = 0; i < n; i++) {
        if (!parts[i].s) continue;
        if (out) {
            SDL_SetSurfaceBlendMode(parts[i].s, SDL_BLENDMODE_NONE);
            SDL_Rect dst = {x, base - parts[i].ascent, parts[i].s->w, parts[i].s->h};
            SDL_BlitSurface(parts[i].s, NULL, out, &dst);
        }
        x += parts[i].s->w;
        SDL_FreeSurface(parts[i].s);
    }
    if (!out) SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "Couldn't render text: %s", SDL_GetError());
    return out;
}

uint32_t fonts_missing(fonts *f, font_face face, const char *text, size_t len) {
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += utf8_decode(text + i, len - i, &cp);
        if (rides_along(cp) || cp == ' ' || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) ||
            cp == 0xFEFF)
            continue;
        if (file_for(f, face, 24, cp) < 0) return cp;
    }
    return 0;
}
