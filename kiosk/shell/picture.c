/* picture.c - pictures decoded at the size they are shown. See picture.h.
 *
 * A JPEG is decoded by libjpeg at the smallest of its own scales (1/8 to
 * 8/8) that is not smaller than the size drawn: a 12-megapixel photo shown
 * at 700x525 is decoded at 1008x756, in a quarter of the time and with no
 * 48 MB buffer. The DCT scaling averages, so the picture stays smooth;
 * the last small step is linear. PNG goes through SDL_image whole. */
#include "picture.h"

#include <SDL_image.h>
#include <errno.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jpeglib.h> /* after stdio.h: it uses FILE and size_t */

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "content.h"
#include "files.h"
#include "imageinfo.h"
#include "layout.h"
#include "picture_gate.h"
#include "rastercache.h"

/* A decode larger than this (in bytes) gives its memory back to the
 * system at once; glibc would otherwise keep it in the heap. */
#define PICTURE_TRIM_BYTES (4 * 1024 * 1024)

/* Turns a decoded ARGB picture upright as EXIF orientation o (2..8) says:
 * mirrored, turned 180, or turned a quarter (then width and height swap). */
static SDL_Surface *upright(SDL_Surface *src, int o) {
    int sw = src->w, sh = src->h;
    bool quarter = o >= 5;
    SDL_Surface *dst = SDL_CreateRGBSurfaceWithFormat(0, quarter ? sh : sw, quarter ? sw : sh, 32,
                                                      SDL_PIXELFORMAT_ARGB8888);
    if (!dst) return NULL;
    for (int y = 0; y < dst->h; y++) {
        Uint32 *out = (Uint32 *)((Uint8 *)dst->pixels + y * dst->pitch);
        for (int x = 0; x < dst->w; x++) {
            int sx, sy;
            switch (o) {
            case 2: sx = sw - 1 - x; sy = y; break;
            case 3: sx = sw - 1 - x; sy = sh - 1 - y; break;
            case 4: sx = x; sy = sh - 1 - y; break;
            case 5: sx = y; sy = x; break;
            case 6: sx = y; sy = sh - 1 - x; break;
            case 7: sx = sw - 1 - y; sy = sh - 1 - x; break;
            case 8: sx = sw - 1 - y; sy = x; break;
            default: sx = x; sy = y; break;
            }
            out[x] = ((const Uint32 *)((const Uint8 *)src->pixels + sy * src->pitch))[sx];
        }
    }
    return dst;
}

/* libjpeg's errors come back here instead of ending the program. */
typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
} jpeg_errors;

static void jpeg_fail(j_common_ptr cinfo) {
    jpeg_errors *e = (jpeg_errors *)(void *)cinfo->err;
    (*cinfo->err->format_message)(cinfo, e->message);
    longjmp(e->jump, 1);
}

static void jpeg_quiet(j_common_ptr cinfo, int level) {
    (void)cinfo;
    (void)level; /* warnings (a file cut short shows grey): kiosk check reports those */
}

/* The smallest scale M/8 at which a side of n pixels is still at least
 * `need` pixels (libjpeg rounds up). */
static int jpeg_scale(long n, long need) {
    for (int m = 1; m < 8; m++)
        if ((n * m + 7) / 8 >= need) return m;
    return 8;
}

/* One row of CMYK (as libjpeg gives it, YCCK turned into CMYK) into
 * ARGB8888. Photoshop, and so nearly every CMYK JPEG (those with an Adobe
 * marker), stores the inks inverted: 255 is no ink. */
static void cmyk_row(const JSAMPLE *in, Uint32 *out, JDIMENSION width, bool inverted) {
    for (JDIMENSION x = 0; x < width; x++, in += 4) {
        unsigned c = in[0], m = in[1], y = in[2], k = in[3];
        if (!inverted) c = 255 - c, m = 255 - m, y = 255 - y, k = 255 - k;
        /* c, m, y, k are now the light left: 255 is white. */
        Uint32 r = (c * k + 127) / 255, g = (m * k + 127) / 255, b = (y * k + 127) / 255;
        out[x] = 0xFF000000u | r << 16 | g << 8 | b;
    }
}

/* Decodes the JPEG at path at the smallest libjpeg scale that is at least
 * w x h (as stored, before any EXIF turn), CMYK ones (from print
 * designers) too. Returns an ARGB surface, or NULL with the reason logged;
 * *unsupported is set when libjpeg cannot give RGB, so that SDL_image can
 * try. */
static SDL_Surface *load_jpeg(const char *path, int w, int h, bool *unsupported) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "Couldn't open %s: %s", path, strerror(errno));
        return NULL;
    }
    struct jpeg_decompress_struct cinfo;
    jpeg_errors jerr;
    /* Changed after setjmp, read after a longjmp: volatile. */
    SDL_Surface *volatile out = NULL;
    JSAMPLE *volatile cmyk = NULL;
    memset(&cinfo, 0, sizeof cinfo);
    cinfo.err = jpeg_std_error(&jerr.base);
    jerr.base.error_exit = jpeg_fail;
    jerr.base.emit_message = jpeg_quiet;
    if (setjmp(jerr.jump)) {
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "Couldn't load picture %s: %s", path,
                     jerr.message);
        jpeg_destroy_decompress(&cinfo);
        fclose(f);
        SDL_FreeSurface(out);
        free(cmyk);
        return NULL;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_stdio_src(&cinfo, f);
    jpeg_read_header(&cinfo, TRUE);
    bool four_inks = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
    if (!four_inks && cinfo.num_components != 1 && cinfo.num_components != 3) {
        *unsupported = true;
        jpeg_destroy_decompress(&cinfo);
        fclose(f);
        return NULL;
    }
    if (cinfo.image_width > CONTENT_MAX_IMAGE_SIDE || cinfo.image_height > CONTENT_MAX_IMAGE_SIDE) {
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "Couldn't load picture %s: %ux%u is too big",
                     path, cinfo.image_width, cinfo.image_height);
        jpeg_destroy_decompress(&cinfo);
        fclose(f);
        return NULL;
    }
    int mw = jpeg_scale((long)cinfo.image_width, w), mh = jpeg_scale((long)cinfo.image_height, h);
    cinfo.scale_num = (unsigned)(mw > mh ? mw : mh);
    cinfo.scale_denom = 8;
    /* ARGB8888 is one 32-bit value: bytes B, G, R, A in little-endian
     * memory. libjpeg-turbo fills the fourth byte with 0xFF. */
    cinfo.out_color_space = four_inks ? JCS_CMYK
                            : SDL_BYTEORDER == SDL_LIL_ENDIAN ? JCS_EXT_BGRA : JCS_EXT_ARGB;
    jpeg_start_decompress(&cinfo);
    out = SDL_CreateRGBSurfaceWithFormat(0, (int)cinfo.output_width, (int)cinfo.output_height, 32,
                                         SDL_PIXELFORMAT_ARGB8888);
    if (!out) {
        snprintf(jerr.message, sizeof jerr.message, "%s", SDL_GetError());
        longjmp(jerr.jump, 1);
    }
    if (four_inks && !(cmyk = malloc((size_t)cinfo.output_width * 4))) {
        snprintf(jerr.message, sizeof jerr.message, "out of memory");
        longjmp(jerr.jump, 1);
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = (JSAMPROW)out->pixels + (size_t)cinfo.output_scanline * (size_t)out->pitch;
        if (!four_inks) {
            jpeg_read_scanlines(&cinfo, &row, 1);
            continue;
        }
        JSAMPROW in = cmyk;
        jpeg_read_scanlines(&cinfo, &in, 1);
        cmyk_row(cmyk, (Uint32 *)(void *)row, cinfo.output_width, cinfo.saw_Adobe_marker);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    fclose(f);
    free(cmyk);
    return out;
}

/* Any picture SDL_image reads, whole, as ARGB. */
static SDL_Surface *load_whole(const char *path) {
    SDL_RWops *rw = SDL_RWFromFile(path, "rb");
    if (!rw) {
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "Couldn't open %s: %s", path, SDL_GetError());
        return NULL;
    }
    SDL_Surface *raw = IMG_Load_RW(rw, 0);
    SDL_RWclose(rw);
    if (!raw) {
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "Couldn't load picture %s: %s", path,
                     IMG_GetError());
        return NULL;
    }
    SDL_Surface *argb = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(raw);
    if (!argb)
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "Couldn't convert %s: %s", path, SDL_GetError());
    return argb;
}

/* Scales an ARGB picture to w x h (freeing it): in halves first (a box
 * filter), then linearly, so it stays smooth even from far larger. */
static SDL_Surface *scale_to(SDL_Surface *argb, int w, int h, const char *path) {
    if (argb->w == w && argb->h == h) return argb;
    while (argb->w >= 2 * w && argb->h >= 2 * h) {
        SDL_Surface *half = SDL_CreateRGBSurfaceWithFormat(0, argb->w / 2, argb->h / 2, 32,
                                                           SDL_PIXELFORMAT_ARGB8888);
        if (!half || SDL_SoftStretchLinear(argb, NULL, half, NULL) != 0) {
            SDL_FreeSurface(half);
            break;
        }
        SDL_FreeSurface(argb);
        argb = half;
    }
    SDL_Surface *out = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!out || SDL_SoftStretchLinear(argb, NULL, out, NULL) != 0) {
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "Couldn't scale %s: %s", path, SDL_GetError());
        SDL_FreeSurface(out);
        out = NULL;
    }
    SDL_FreeSurface(argb);
    return out;
}

/* The picture's kind and EXIF orientation, from the first 128 KB of the
 * file (a photo's EXIF block is at most 64 KB, near its start); the whole
 * header when those are not enough. */
static int read_info(const char *path, image_info *info) {
    enum { HEAD = 128 * 1024 };
    char why[128];
    unsigned char *buf = SDL_malloc(HEAD);
    FILE *f = buf ? fopen(path, "rb") : NULL;
    size_t len = f ? fread(buf, 1, HEAD, f) : 0;
    if (f) fclose(f);
    int rc = len > 0 ? imageinfo_read_memory(buf, len, info, why, sizeof why) : -1;
    SDL_free(buf);
    if (rc != 0 && len == HEAD) rc = imageinfo_read(path, info, why, sizeof why);
    return rc;
}

/* The SVG at path drawn by nanosvg at w x h (it keeps the picture's shape:
 * the last pixels are stretched to exactly that size), as ARGB. */
static SDL_Surface *draw_svg(const char *path, int w, int h, char *why, size_t whysize) {
    SDL_RWops *rw = SDL_RWFromFile(path, "rb");
    SDL_Surface *raw = rw ? IMG_LoadSizedSVG_RW(rw, w, h) : NULL;
    if (rw) SDL_RWclose(rw);
    SDL_Surface *argb = raw ? SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0) : NULL;
    SDL_FreeSurface(raw);
    if (argb && (argb->w != w || argb->h != h)) {
        SDL_Surface *sized = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
        if (sized && SDL_SoftStretchLinear(argb, NULL, sized, NULL) != 0) {
            SDL_FreeSurface(sized);
            sized = NULL;
        }
        SDL_FreeSurface(argb);
        argb = sized;
    }
    if (!argb) snprintf(why, whysize, "it cannot be drawn: %s", IMG_GetError());
    return argb;
}

SDL_Surface *picture_load_own(const char *path, int w, int h) {
    const char *dot = strrchr(path, '.');
    if (w > 0 && h > 0 && dot && strcasecmp(dot, ".svg") == 0) {
        char why[300];
        SDL_Surface *s = draw_svg(path, w, h, why, sizeof why);
        if (!s) SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "Couldn't draw %s: %s", path, why);
        return s;
    }
    return picture_load(path, w, h);
}

/* Any page picture at w x h: runs in the picture gate's worker. */
static SDL_Surface *decode_picture(const char *path, int w, int h, char *why, size_t whysize) {
    const char *dot = strrchr(path, '.');
    if (dot && strcasecmp(dot, ".svg") == 0) return draw_svg(path, w, h, why, whysize);
    image_info info;
    if (read_info(path, &info) != 0) {
        info.kind = IMAGE_UNKNOWN; /* SDL_image says what is wrong */
        info.orientation = 1;
    }
    bool quarter = info.orientation >= 5;
    SDL_Surface *argb = NULL;
    bool unsupported = false;
    if (info.kind == IMAGE_JPEG)
        argb = load_jpeg(path, quarter ? h : w, quarter ? w : h, &unsupported);
    if (info.kind != IMAGE_JPEG || unsupported) argb = load_whole(path);
    if (!argb) return NULL;
    bool big = (size_t)argb->pitch * (size_t)argb->h > PICTURE_TRIM_BYTES;
    if (info.orientation > 1) {
        SDL_Surface *turned = upright(argb, info.orientation);
        SDL_FreeSurface(argb);
        if (!turned) {
            SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "Couldn't turn %s upright: %s", path,
                         SDL_GetError());
            return NULL;
        }
        argb = turned;
    }
    SDL_Surface *out = scale_to(argb, w, h, path);
#ifdef __GLIBC__
    if (big) malloc_trim(0);
#else
    (void)big;
#endif
    return out;
}

/* The folder SVGs are kept drawn in (DATA/cache/pictures); "" for none.
 * Set before the threads that draw start, cleared after they end. */
static char cache_dir[4096];
static SDL_atomic_t cache_complained; /* a cache that cannot be written: said once */

void picture_use_cache(const char *data_dir) {
    if (!data_dir || !files_join(cache_dir, sizeof cache_dir, data_dir, PICTURE_CACHE_FOLDER))
        cache_dir[0] = '\0';
    SDL_AtomicSet(&cache_complained, 0);
}

/* decode_picture through the picture gate, for the kiosk's drawing: an
 * SVG comes from the raster cache when it has been drawn at w x h before
 * (the same bytes), and is kept there once drawn. A cache entry that is
 * missing, damaged or cannot be written only costs the drawing. */
static SDL_Surface *draw_cached(const char *path, int w, int h, int limit_ms, char *why,
                                size_t whysize) {
    const char *dot = strrchr(path, '.');
    rastercache_key key;
    char err[600];
    if (!cache_dir[0] || !(dot && strcasecmp(dot, ".svg") == 0) ||
        rastercache_key_of_file(path, &key, err, sizeof err) != 0) /* the gate says why */
        return picture_gate_decode(decode_picture, path, w, h, limit_ms, why, whysize);
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    int rc = s ? rastercache_load(cache_dir, &key, w, h, s->pixels, (size_t)s->pitch, err,
                                  sizeof err)
               : 1;
    if (rc == 0) return s;
    if (rc < 0) SDL_Log("Picture cache: %s", err);
    SDL_FreeSurface(s);
    s = picture_gate_decode(decode_picture, path, w, h, limit_ms, why, whysize);
    /* Kept only if the file is still what was hashed (not replaced while
     * it was drawn). */
    rastercache_key after;
    if (s && rastercache_key_of_file(path, &after, err, sizeof err) == 0 &&
        memcmp(after.bytes, key.bytes, sizeof key.bytes) == 0 &&
        rastercache_store(cache_dir, &key, w, h, s->pixels, (size_t)s->pitch,
                          RASTERCACHE_BOUND_BYTES, err, sizeof err) != 0 &&
        SDL_AtomicCAS(&cache_complained, 0, 1))
        SDL_Log("Picture cache: SVGs are drawn at each use: %s", err);
    return s;
}

SDL_Surface *picture_open(const char *path, int w, int h, char *why, size_t whysize) {
    if (w <= 0 || h <= 0 || w > 16384 || h > 16384) {
        snprintf(why, whysize, "it cannot be shown at %dx%d", w, h);
        return NULL;
    }
    return draw_cached(path, w, h, PICTURE_GATE_DRAW_LIMIT_MS, why, whysize);
}

/* decode_picture, after a full, strict decode of a PNG or JPEG (a cut or
 * damaged file is refused, not drawn with grey where it ends). */
static SDL_Surface *decode_checked(const char *path, int w, int h, char *why, size_t whysize) {
    const char *dot = strrchr(path, '.');
    if (!(dot && strcasecmp(dot, ".svg") == 0) && imageinfo_verify(path, why, whysize) != 0)
        return NULL;
    return decode_picture(path, w, h, why, whysize);
}

SDL_Surface *picture_check(const char *path, int w, int h, char *why, size_t whysize) {
    if (w <= 0 || h <= 0 || w > 16384 || h > 16384) {
        snprintf(why, whysize, "it cannot be shown at %dx%d", w, h);
        return NULL;
    }
    return picture_gate_decode(decode_checked, path, w, h, PICTURE_GATE_LIMIT_MS, why, whysize);
}

SDL_Surface *picture_load(const char *path, int w, int h) {
    char why[300];
    SDL_Surface *s = NULL;
    if (w <= 0 || h <= 0 || w > 16384 || h > 16384)
        snprintf(why, sizeof why, "it cannot be shown at %dx%d", w, h);
    else /* nothing waits on it but the picture: the longer limit */
        s = draw_cached(path, w, h, PICTURE_GATE_LIMIT_MS, why, sizeof why);
    if (!s) SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "Couldn't load picture %s: %s", path, why);
    return s;
}

int picture_check_content(const content *c, diag_list *d) {
    int pictures = 0;
    for (int p = 0; p < c->page_count; p++) {
        const content_image *img = &c->pages[p].image;
        if (!img->path) continue;
        pictures++;
        int w = 0, h = 0;
        layout_fit(img->info.width, img->info.height, 400, 400, &w, &h);
        char why[256];
        SDL_Surface *s = picture_check(img->path, w, h, why, sizeof why);
        if (!s)
            diag_add(d, DIAG_ERROR, c->pages[p].texts[0].file, img->line, "images/%s: %s",
                     img->name, why);
        SDL_FreeSurface(s);
    }
    return pictures;
}
