/* fonts.c - TTF fonts, measuring and rendering. See fonts.h. */
#include "fonts.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Maps a font file read-only: its pages are shared with the page cache,
 * and every size opened later reads from them. */
static void map_file(const char *path, void **data, size_t *size) {
    *data = NULL;
    *size = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        st.st_size <= 64 * 1024 * 1024) {
        void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p != MAP_FAILED) {
            *data = p;
            *size = (size_t)st.st_size;
        }
    }
    close(fd);
}

int fonts_init(fonts *f, const theme *t, char *err, size_t errsize) {
    memset(f, 0, sizeof *f);
    if (!TTF_WasInit() && TTF_Init() != 0) {
        snprintf(err, errsize, "cannot start SDL_ttf: %s", TTF_GetError());
        return -1;
    }
    for (int i = 0; i < FACE_COUNT; i++) {
        snprintf(f->paths[i], sizeof f->paths[i], "%s", t->font[i]);
        map_file(f->paths[i], &f->data[i], &f->size[i]);
        if (!fonts_get(f, (font_face)i, 24)) {
            snprintf(err, errsize, "cannot open the font %s: %s (install fonts-noto-core, or "
                                   "set the font in assets/theme.ini)",
                     f->paths[i], TTF_GetError());
            fonts_release(f);
            return -1;
        }
    }
    return 0;
}

void fonts_release(fonts *f) {
    for (int i = 0; i < f->count; i++) TTF_CloseFont(f->cache[i].font);
    f->count = 0;
    for (int i = 0; i < FACE_COUNT; i++) {
        if (f->data[i]) munmap(f->data[i], f->size[i]);
        f->data[i] = NULL;
    }
}

TTF_Font *fonts_get(fonts *f, font_face face, int size) {
    for (int i = 0; i < f->count; i++)
        if (f->cache[i].face == face && f->cache[i].size == size) return f->cache[i].font;
    SDL_RWops *rw = f->data[face] ? SDL_RWFromConstMem(f->data[face], (int)f->size[face]) : NULL;
    TTF_Font *font = rw ? TTF_OpenFontRW(rw, 1, size) : TTF_OpenFont(f->paths[face], size);
    if (!font) {
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "Couldn't open font %s at %d px: %s",
                     f->paths[face], size, TTF_GetError());
        return NULL;
    }
    TTF_SetFontHinting(font, TTF_HINTING_LIGHT);
    if (f->count == FONTS_CACHE_MAX) {
        /* Sizes come from a few screen-derived steps; drop the oldest. */
        TTF_CloseFont(f->cache[0].font);
        memmove(f->cache, f->cache + 1, (FONTS_CACHE_MAX - 1) * sizeof f->cache[0]);
        f->count--;
    }
    f->cache[f->count].face = face;
    f->cache[f->count].size = size;
    f->cache[f->count].font = font;
    f->count++;
    return font;
}

static int measure(void *ctx, font_face face, int size, const char *text, size_t len) {
    fonts *f = ctx;
    TTF_Font *font = fonts_get(f, face, size);
    if (!font || len == 0) return 0;
    char stack[512];
    char *buf = len < sizeof stack ? stack : SDL_malloc(len + 1);
    if (!buf) return (int)len * size / 2;
    memcpy(buf, text, len);
    buf[len] = '\0';
    int w = 0, h = 0;
    if (TTF_SizeUTF8(font, buf, &w, &h) != 0) w = (int)len * size / 2;
    if (buf != stack) SDL_free(buf);
    return w;
}

text_measure fonts_measure(fonts *f) { return (text_measure){measure, f}; }

SDL_Surface *fonts_render(fonts *f, font_face face, int size, const char *text, uint32_t rgb) {
    TTF_Font *font = fonts_get(f, face, size);
    if (!font || !text || !text[0]) return NULL;
    SDL_Color c = {(Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, 255};
    SDL_Surface *s = TTF_RenderUTF8_Blended(font, text, c);
    if (!s) SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "Couldn't render text: %s", TTF_GetError());
    return s;
}
