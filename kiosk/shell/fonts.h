/* fonts.h - SDL_ttf fonts by face and pixel size, opened on first use and
 * kept; measuring for the layout and rendering of text runs. Shell side. */
#ifndef KIOSK_FONTS_H
#define KIOSK_FONTS_H

#include <SDL.h>
#include <SDL_ttf.h>

#include "layout.h"
#include "theme.h"

#define FONTS_CACHE_MAX 48

typedef struct {
    char paths[FACE_COUNT][512];
    /* Each font file mapped once, so a new size opens from memory
     * (NULL: could not map; opened by path instead). */
    void *data[FACE_COUNT];
    size_t size[FACE_COUNT];
    struct { font_face face; int size; TTF_Font *font; } cache[FONTS_CACHE_MAX];
    int count;
} fonts;

/* Checks that every face opens. Returns 0, or -1 with a message in err
 * (start-up may abort on this: no font, no kiosk). */
int fonts_init(fonts *f, const theme *t, char *err, size_t errsize);
void fonts_release(fonts *f);

TTF_Font *fonts_get(fonts *f, font_face face, int size);
/* A text_measure that measures with these fonts. */
text_measure fonts_measure(fonts *f);
/* Renders text in colour; NULL on failure (logged). */
SDL_Surface *fonts_render(fonts *f, font_face face, int size, const char *text, uint32_t rgb);

#endif
