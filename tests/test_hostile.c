/* test_hostile.c - hostile files, as a USB stick may bring them: each is
 * refused with a message that names it, or drawn, and never crashes or
 * hangs the kiosk.
 *
 * Each file runs in a child process of its own (a crash or a sanitizer
 * report fails that case alone, and names it), which the parent kills if
 * it takes longer than the hang limit (KIOSK_HOSTILE_SECONDS, default 60;
 * a hang detector, not a speed target: the time each case took is only
 * printed). The child does what the kiosk does with a content folder:
 * loads it (content.c), draws every page and detail view at 800x480 and
 * 720x1280 with the kiosk's drawing code, and runs kiosk check on it (a
 * full decode of every picture). In plain builds the child may use at
 * most 1 GB of address space, all the memory a Raspberry Pi 3 has.
 *
 * In-process, without children: every invalid UTF-8 form in a page body,
 * a title, content.ini and a page's file name, each refused at its line;
 * and hostile signed manifests (sign.c).
 *
 * Two bugs this found, now fixed (their cases name them if they come
 * back): 1. SDL_image's nanosvg rasterised some SVGs within the 1 MB
 * limit for minutes (200,000 path nodes in a small area: 54 s; strokes
 * dashed every 1/1000 unit: 9 minutes), blocking the loop: SVGs are now
 * drawn in a worker process killed after 4 s (picture_gate.c). 2. drawer.c
 * made a texture for every text line of a view at once: a 64 KB page's
 * detail view held 2,600 textures, 300 MB (the Pi's GPU has 256-512 MB):
 * now only the lines on screen and half a screen around have one.
 * KIOSK_HOSTILE_KEEP=1 keeps the files made, in /tmp/kiosk-hostile-*. */
#define _GNU_SOURCE
#include <SDL.h>
#include <SDL_ttf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "check.h"
#include "commands.h"
#include "content.h"
#include "fixture.h"
#include "files.h"
#include "content_fixture.h"
#include "import.h"
#include "import_scale.h"
#include "offscreen.h"
#include "sign.h"
#include "theme.h"

#define TEXTURE_BYTES_MAX (64 * 1024 * 1024)

static char root[64];

/* ---- writing files ---- */

/* A growing buffer for the files we make. */
typedef struct {
    unsigned char *data;
    size_t len, cap;
} buffer;

static void put(buffer *b, const void *data, size_t n) {
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n) cap *= 2;
        unsigned char *grown = realloc(b->data, cap);
        if (!grown) { fprintf(stderr, "out of memory\n"); exit(2); }
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, n);
    b->len += n;
}

static void put_str(buffer *b, const char *s) { put(b, s, strlen(s)); }

static void put_printf(buffer *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put_printf(buffer *b, const char *fmt, ...) {
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    put(b, tmp, (size_t)n);
}

static int write_buffer(const char *path, buffer *b) {
    int rc = fixture_write_bytes(path, b->data, b->len);
    free(b->data);
    memset(b, 0, sizeof *b);
    return rc;
}

static void put_png_chunk(buffer *b, const char *type, const unsigned char *data, uint32_t len) {
    unsigned char head[8];
    put32(head, len);
    memcpy(head + 4, type, 4);
    put(b, head, 8);
    if (len) put(b, data, len);
    uLong crc = crc32(0, (const Bytef *)type, 4);
    if (len) crc = crc32(crc, data, len);
    unsigned char c[4];
    put32(c, (uint32_t)crc);
    put(b, c, 4);
}

/* A PNG w x h, 8-bit RGBA, all zero pixels. With max_bytes, the
 * compressed rows stop (mid-stream, unfinished) once they reach that
 * size: a header that claims far more than the file holds. */
static int make_png_zeros(const char *path, uint32_t w, uint32_t h, size_t max_bytes) {
    buffer b = {0};
    put(&b, "\x89PNG\r\n\x1a\n", 8);
    unsigned char ihdr[13] = {0, 0, 0, 0, 0, 0, 0, 0, 8, 6, 0, 0, 0};
    put32(ihdr, w);
    put32(ihdr + 4, h);
    put_png_chunk(&b, "IHDR", ihdr, 13);
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit(&z, 9) != Z_OK) return -1;
    size_t row_len = (size_t)w * 4 + 1;
    unsigned char *row = calloc(1, row_len);
    buffer idat = {0};
    unsigned char out[64 * 1024];
    bool cut = false;
    for (uint32_t y = 0; y <= h && !cut; y++) {
        z.next_in = row;
        z.avail_in = y < h ? (uInt)row_len : 0;
        int flush = y < h ? Z_NO_FLUSH : Z_FINISH;
        do {
            z.next_out = out;
            z.avail_out = sizeof out;
            deflate(&z, flush);
            put(&idat, out, sizeof out - z.avail_out);
        } while (z.avail_out == 0);
        if (max_bytes && idat.len >= max_bytes) cut = true;
    }
    deflateEnd(&z);
    free(row);
    /* IDAT chunks of at most 1 MB, as encoders write them. */
    for (size_t at = 0; at < idat.len; at += 1 << 20) {
        size_t n = idat.len - at < (1 << 20) ? idat.len - at : (1 << 20);
        put_png_chunk(&b, "IDAT", idat.data + at, (uint32_t)n);
    }
    free(idat.data);
    put_png_chunk(&b, "IEND", NULL, 0);
    return write_buffer(path, &b);
}

static void le16(unsigned char *p, unsigned v) {
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}
static void le32(unsigned char *p, uint32_t v) {
    for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}

/* A JPEG (a 320x240 picture) after `copies` APP1 EXIF segments of the
 * largest size there is (64 KB), each an IFD0 of 5,459 entries: an EXIF
 * orientation, a description claiming 4 G characters at an offset past
 * the end, pointers to the EXIF and GPS IFDs that point back at IFD0,
 * entries of every type with counts past the end, and IFD0's "next IFD"
 * pointing at itself. */
static int make_jpeg_exif(const char *path, int copies) {
    size_t base_len;
    unsigned char *base = make_jpeg(320, 240, &base_len);
    enum { PAYLOAD = 65533 - 2, ENTRIES = (PAYLOAD - 6 - 8 - 2 - 4) / 12 };
    unsigned char *seg = calloc(1, PAYLOAD + 4);
    seg[0] = 0xFF;
    seg[1] = 0xE1;
    seg[2] = (unsigned char)((PAYLOAD + 2) >> 8);
    seg[3] = (unsigned char)(PAYLOAD + 2);
    unsigned char *p = seg + 4;
    memcpy(p, "Exif\0\0II*\0", 10);
    unsigned char *tiff = p + 6;
    le32(tiff + 4, 8);
    unsigned char *ifd = tiff + 8;
    le16(ifd, ENTRIES);
    for (int i = 0; i < ENTRIES; i++) {
        unsigned char *e = ifd + 2 + 12 * i;
        unsigned tag = 0x9000 + (unsigned)i, type = 1 + (unsigned)i % 12;
        uint32_t count = (uint32_t)i * 977u, value = 0xFFFF0000u + (uint32_t)i;
        if (i == 0) tag = 0x0112, type = 3, count = 1, value = 6;          /* orientation */
        if (i == 1) tag = 0x010E, type = 2, count = 0xFFFFFFFFu, value = 0xFFFFFFF0u;
        if (i == 2) tag = 0x8769, type = 4, count = 1, value = 8;          /* EXIF IFD: IFD0 */
        if (i == 3) tag = 0x8825, type = 4, count = 1, value = 8;          /* GPS IFD: IFD0 */
        if (i == 4) tag = 0xA005, type = 4, count = 1, value = 8;          /* interop: IFD0 */
        le16(e, tag);
        le16(e + 2, type);
        le32(e + 4, count);
        le32(e + 8, value);
    }
    le32(ifd + 2 + 12 * ENTRIES, 8); /* the next IFD is this one */
    buffer b = {0};
    put(&b, base, 2); /* SOI */
    for (int i = 0; i < copies; i++) put(&b, seg, PAYLOAD + 4);
    put(&b, base + 2, base_len - 2);
    free(seg);
    free(base);
    return write_buffer(path, &b);
}

/* The first half of a 1600x1200 JPEG: cut in the middle of its scan. */
static int make_jpeg_truncated(const char *path) {
    size_t len;
    unsigned char *j = make_jpeg(1600, 1200, &len);
    int rc = fixture_write_bytes(path, j, len / 2);
    free(j);
    return rc;
}

/* make_jpeg_many_scans (fixture.h): tens of seconds for libjpeg. */
static int make_jpeg_scans(const char *path) {
    size_t len;
    unsigned char *j = make_jpeg_many_scans(&len);
    int rc = j ? fixture_write_bytes(path, j, len) : -1;
    free(j);
    return rc;
}

/* An SVG of `nodes` path nodes ("l3 1" steps inside a 1000x1000 box),
 * or as many as fit in max_bytes. */
static int make_svg_nodes(const char *path, long nodes, size_t max_bytes) {
    buffer b = {0};
    put_str(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1000 1000\">"
                "<path fill=\"#4a7\" stroke=\"#235\" d=\"M0 0");
    static const char *const steps[] = {" l3 1", " l-1 3", " l1 -3", " l-3 -1"};
    for (long i = 0; i < nodes && (!max_bytes || b.len + 32 < max_bytes); i++)
        put_str(&b, steps[i % 4]);
    put_str(&b, "z\"/></svg>\n");
    return write_buffer(path, &b);
}

/* An SVG as large as the content rules allow (1 MB), all path nodes. */
static int make_svg_at_limit(const char *path) {
    return make_svg_nodes(path, 1000 * 1000, CONTENT_MAX_SVG_BYTES);
}

static int make_svg_million(const char *path) { return make_svg_nodes(path, 1000 * 1000, 0); }

/* An SVG of groups nested 10,000 deep, a shape in the middle. */
static int make_svg_nested(const char *path) {
    buffer b = {0};
    put_str(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 100\">");
    for (int i = 0; i < 10000; i++) put_str(&b, "<g transform=\"translate(0.001 0)\">");
    put_str(&b, "<circle cx=\"50\" cy=\"50\" r=\"40\" fill=\"#c63\"/>");
    for (int i = 0; i < 10000; i++) put_str(&b, "</g>");
    put_str(&b, "</svg>\n");
    return write_buffer(path, &b);
}

/* An SVG at the 1 MB limit of long strokes (about 9,000), each dashed
 * every 1/1000 of a unit: nanosvg makes every dash on its own. */
static int make_svg_dashes(const char *path) {
    buffer b = {0};
    put_str(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1000 1000\">");
    for (int i = 0; b.len + 200 < CONTENT_MAX_SVG_BYTES; i++)
        put_printf(&b, "<path d=\"M0 %d L1000 %d\" stroke=\"#000\" stroke-width=\"2\" "
                       "stroke-dasharray=\"0.001 0.001\"/>", i % 1000, 1000 - i % 1000);
    put_str(&b, "</svg>\n");
    return write_buffer(path, &b);
}

static int make_empty(const char *path) { return fixture_write_bytes(path, "", 0); }

static int make_fifo(const char *path) { return mkfifo(path, 0644); }

static int make_link_dev_zero(const char *path) { return symlink("/dev/zero", path); }

/* A page that is a second name (hard link) of a file outside the folder:
 * what it says can change without the page changing. */
static int make_hard_link(const char *path) {
    static int made;
    char elsewhere[200];
    snprintf(elsewhere, sizeof elsewhere, "%s/elsewhere-%d.md", root, made++);
    if (fixture_write(elsewhere, "---\ntitle: Hostile\n---\nShort.\n") != 0) return -1;
    return link(elsewhere, path);
}

/* A page file of 10 MB: words, as a pasted book would be. */
static int make_page_10mb(const char *path) {
    buffer b = {0};
    put_str(&b, "---\ntitle: Big\n---\nShort.\n\n<!--more-->\n\n");
    while (b.len < 10 * 1024 * 1024) put_str(&b, "The quick brown fox jumps over the lazy dog. ");
    return write_buffer(path, &b);
}

static int make_content_ini_10mb(const char *path) {
    buffer b = {0};
    put_str(&b, "title = Big\n");
    while (b.len < 10 * 1024 * 1024) put_str(&b, "; a comment line that goes on and on\n");
    return write_buffer(path, &b);
}

/* A page at the 64 KB limit: one paragraph of words. */
static int make_page_64k_words(const char *path) {
    buffer b = {0};
    put_str(&b, "---\ntitle: Words\n---\nShort.\n\n<!--more-->\n\n");
    while (b.len < CONTENT_MAX_PAGE_BYTES - 64) put_str(&b, "word ");
    return write_buffer(path, &b);
}

/* A page at the 64 KB limit: lists 15 deep and quotes 400 deep. */
static int make_page_deep(const char *path) {
    buffer b = {0};
    put_str(&b, "---\ntitle: Deep\n---\nShort.\n\n<!--more-->\n\n");
    while (b.len < CONTENT_MAX_PAGE_BYTES - 4096) {
        for (int d = 0; d < 15; d++) {
            for (int s = 0; s < d * 2; s++) put_str(&b, " ");
            put_str(&b, "- item\n");
        }
        put_str(&b, "\n");
        for (int d = 0; d < 400; d++) put_str(&b, ">");
        put_str(&b, " quoted\n\n");
    }
    return write_buffer(path, &b);
}

/* A page whose words are one 60,000-character word: no place to break. */
static int make_page_one_word(const char *path) {
    buffer b = {0};
    put_str(&b, "---\ntitle: One word\n---\nShort.\n\n<!--more-->\n\n");
    while (b.len < CONTENT_MAX_PAGE_BYTES - 64) put_str(&b, "abcdefghij");
    put_str(&b, "\n");
    return write_buffer(path, &b);
}

/* Valid UTF-8 that fonts do not have or that combines oddly: the highest
 * code point, noncharacters, a BOM mid-text, private use, emoji, 200
 * combining marks on one letter, right-to-left text, zero-width joiners. */
static int make_page_exotic(const char *path) {
    buffer b = {0};
    put_str(&b, "---\ntitle: \xF4\x8F\xBF\xBF\xEF\xBF\xBE\xEF\xBB\xBF\xEE\x80\x80 "
                "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7\n---\n"
                "a");
    for (int i = 0; i < 200; i++) put_str(&b, "\xCC\x81");
    put_str(&b, " \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xD8\xB3\xD9\x84\xD8\xA7\xD9\x85 "
                "\xE2\x80\xAE reversed \xE2\x80\xAC\n\n<!--more-->\n\n");
    for (int i = 0; i < 300; i++) put_str(&b, "\xEF\xBF\xBD\xE2\x80\x8B\xF0\x9F\x98\x80 ");
    put_str(&b, "\n");
    return write_buffer(path, &b);
}

/* ---- the cases ---- */

typedef enum { REFUSED, DRAWN, EITHER } outcome;

typedef struct {
    const char *what;
    const char *file;          /* where it goes in the content folder */
    int (*make)(const char *path);
    outcome expect;
    bool check_refuses;        /* kiosk check must name it in an error */
    const char *known_bug;     /* failing until the fix in the note is made */
} hostile_case;

/* Found by this test; each case fails until its fix is made. */
#define BUG_SVG_TIME "BUG 1 (fixed by picture_gate.c): nanosvg (in SDL_image) drew it for minutes"
#define BUG_TEXTURES "BUG 2 (fixed in drawer.c): a texture was made for every line of a detail view"

static const hostile_case cases[] = {
    {"a 30000x30000 PNG of 30 KB", "images/huge.png", NULL, REFUSED, true, NULL},
    {"an 8000x5000 PNG of 160 KB (a bomb within the limits)", "images/bomb.png", NULL, DRAWN,
     false, NULL},
    {"a truncated JPEG", "images/cut.jpg", make_jpeg_truncated, DRAWN, true, NULL},
    {"a progressive JPEG with 65,535 scans (2 MB)", "images/scans.jpg", make_jpeg_scans,
     EITHER, true, NULL},
    {"a JPEG with a 64 KB EXIF block that loops", "images/exif.jpg", NULL, DRAWN, false, NULL},
    {"a JPEG with 40 EXIF blocks (2.6 MB) before its picture", "images/exif40.jpg", NULL, EITHER,
     false, NULL},
    {"an SVG with a million path nodes", "images/million.svg", make_svg_million, REFUSED, true,
     NULL},
    {"an SVG at the 1 MB limit, all path nodes", "images/limit.svg", make_svg_at_limit, EITHER,
     false, BUG_SVG_TIME},
    {"an SVG nested 10,000 deep", "images/nested.svg", make_svg_nested, EITHER, false, NULL},
    {"an SVG of 1 MB of strokes dashed every 1/1000 px", "images/dashes.svg", make_svg_dashes,
     EITHER, false, BUG_SVG_TIME},
    {"a 0-byte image", "images/empty.png", make_empty, REFUSED, true, NULL},
    {"an image that is a named pipe", "images/pipe.png", make_fifo, REFUSED, true, NULL},
    {"an image that is a link to /dev/zero", "images/zero.png", make_link_dev_zero, REFUSED,
     true, NULL},
    {"a 10 MB page file", "pages/020-hostile.md", make_page_10mb, REFUSED, true, NULL},
    {"a 10 MB content.ini", "content.ini", make_content_ini_10mb, REFUSED, true, NULL},
    {"a page file that is a named pipe", "pages/020-hostile.md", make_fifo, REFUSED, true, NULL},
    {"a content.ini that is a named pipe", "content.ini", make_fifo, REFUSED, true, NULL},
    {"a page file that is a hard link to a file elsewhere", "pages/020-hostile.md",
     make_hard_link, REFUSED, true, NULL},
    {"a page of 64 KB of words", "pages/020-hostile.md", make_page_64k_words, DRAWN, false,
     BUG_TEXTURES},
    {"a page of 64 KB in one word", "pages/020-hostile.md", make_page_one_word, DRAWN, false,
     BUG_TEXTURES},
    {"a page of lists 15 deep and quotes 400 deep", "pages/020-hostile.md", make_page_deep,
     DRAWN, false, NULL},
    {"a page of valid but exotic UTF-8", "pages/020-hostile.md", make_page_exotic, DRAWN,
     false, NULL},
};

static int make_huge_png(const char *path) {
    return make_png_zeros(path, 30000, 30000, 30 * 1024);
}
static int make_bomb_png(const char *path) { return make_png_zeros(path, 8000, 5000, 0); }
static int make_exif_one(const char *path) { return make_jpeg_exif(path, 1); }
static int make_exif_forty(const char *path) { return make_jpeg_exif(path, 40); }

static int (*maker(const hostile_case *c))(const char *) {
    if (c->make) return c->make;
    if (strcmp(c->file, "images/huge.png") == 0) return make_huge_png;
    if (strcmp(c->file, "images/bomb.png") == 0) return make_bomb_png;
    if (strcmp(c->file, "images/exif.jpg") == 0) return make_exif_one;
    return make_exif_forty;
}

/* ---- in the child ---- */

/* What the kiosk logged, kept to check that a failure names the file. */
static char log_text[64 * 1024];
static size_t log_len;

static void capture_log(void *ctx, int category, SDL_LogPriority priority, const char *message) {
    (void)ctx, (void)category;
    if (priority < SDL_LOG_PRIORITY_WARN) return;
    int n = snprintf(log_text + log_len, sizeof log_text - log_len, "%s\n", message);
    size_t room = sizeof log_text - log_len;
    if (n > 0) log_len += (size_t)n < room ? (size_t)n : room - 1;
}

static const char *base_name(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static bool diags_name(const diag_list *d, const char *name, bool errors_only) {
    for (int i = 0; i < d->count; i++) {
        if (errors_only && d->items[i].severity != DIAG_ERROR) continue;
        if (strstr(d->items[i].file, name) || strstr(d->items[i].message, name)) return true;
    }
    return false;
}

static void child_fail(char *summary, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void child_fail(char *summary, size_t size, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(summary, size, fmt, ap);
    va_end(ap);
    check_failed++;
}

/* Draws every view of every page at w x h. Returns the textures still
 * alive after the drawer let go of them all (0, or a count went wrong);
 * most_textures: how many were alive before, texture_bytes: their pixels
 * (4 bytes each; the icons, a few KB, left out). */
static int draw_all(const content *c, const theme *t, int w, int h, const char *picture,
                    bool *picture_drawn, int *most_textures, double *texture_bytes,
                    char *summary, size_t size) {
    offscreen o;
    char err[512];
    if (offscreen_open(&o, c, t, KIOSK_SOURCE_DIR "/assets", w, h, 0, err, sizeof err) != 0) {
        child_fail(summary, size, "cannot draw: %s", err);
        return 0;
    }
    for (int p = 0; p < c->page_count; p++) {
        offscreen_draw(&o, p, false, 0);
        const layout_view *v = app_view(&o.app, p, false);
        for (int k = 0; v && k < DRAW_CACHE_VIEWS; k++) {
            const view_textures *vt = &o.drawer.cache[k];
            if (vt->view != v) continue;
            for (int i = 0; i < vt->count; i++)
                if (v->items[i].kind == LAYOUT_ITEM_IMAGE && picture &&
                    strcmp(v->items[i].image, picture) == 0)
                    *picture_drawn |= vt->textures[i] != NULL;
        }
        if (!c->pages[p].texts[0].has_detail) continue;
        const layout_view *d = app_view(&o.app, p, true);
        int max = d ? d->scroll_max : 0;
        for (int s = 0; s <= 4; s++) offscreen_draw(&o, p, true, (float)max * s / 4);
    }
    *most_textures = o.drawer.live_textures;
    for (int k = 0; k < DRAW_CACHE_VIEWS; k++)
        for (int i = 0; i < o.drawer.cache[k].count; i++) {
            int tw = 0, th = 0;
            if (o.drawer.cache[k].textures[i] &&
                SDL_QueryTexture(o.drawer.cache[k].textures[i], NULL, NULL, &tw, &th) == 0)
                *texture_bytes += (double)tw * th * 4;
        }
    drawer_release(&o.drawer);
    int live = o.drawer.live_textures;
    offscreen_close(&o);
    return live;
}

/* Loads, draws and checks one case's folder. Returns 0, or 1 on failure;
 * one line for the parent in summary. */
static int run_case(const hostile_case *hc, const char *dir, const char *hostile_path,
                    char *summary, size_t size) {
    SDL_LogSetOutputFunction(capture_log, NULL);
    theme t;
    theme_defaults(&t);
    const char *name = base_name(hostile_path);
    bool is_image = strncmp(hc->file, "images/", 7) == 0;
    diag_list d;
    diag_list_init(&d);
    content c;
    content_load(&c, dir, &d);
    bool present = false;
    for (int p = 0; p < c.page_count; p++)
        present |= strcmp(c.pages[p].id, "hostile") == 0 && (!is_image || c.pages[p].image.path);
    bool ini = strcmp(hc->file, "content.ini") == 0;
    bool refused = ini ? diags_name(&d, name, true) : !present;
    snprintf(summary, size, "%s", refused ? "refused" : "drawn");
    if (refused && !diags_name(&d, name, false))
        child_fail(summary, size, "refused, but no message names %s", name);
    else if (refused && hc->expect == DRAWN)
        child_fail(summary, size, "refused, but it should be drawn: %s",
                   d.count ? d.items[0].message : "(no message)");
    else if (!refused && hc->expect == REFUSED)
        child_fail(summary, size, "accepted, but it should be refused");
    if (refused && d.count) {
        for (int i = 0; i < d.count; i++)
            if (strstr(d.items[i].file, name) || strstr(d.items[i].message, name)) {
                char line[300];
                diag_format(&d.items[i], line, sizeof line);
                const char *shown = strstr(line, root) ? line + strlen(root) + 1 : line;
                if (!check_failed) snprintf(summary, size, "refused: %s", shown);
                break;
            }
    }
    /* Whatever loaded is drawn, at the two sizes kiosk check uses. */
    bool picture_drawn = false;
    int live = 0, most = 0, most_tall = 0;
    double bytes = 0, bytes_tall = 0;
    if (c.page_count > 0) {
        live = draw_all(&c, &t, 800, 480, hostile_path, &picture_drawn, &most, &bytes, summary,
                        size);
        live += draw_all(&c, &t, 720, 1280, hostile_path, &picture_drawn, &most_tall,
                         &bytes_tall, summary, size);
    }
    if (most_tall > most) most = most_tall;
    if (bytes_tall > bytes) bytes = bytes_tall;
    if (live != 0) child_fail(summary, size, "%d textures left after the drawer let go", live);
    /* GPU memory on a Pi is a CMA pool of 256-512 MB for everything the
     * screen shows: the views of one content folder get at most 64 MB. */
    if (bytes > TEXTURE_BYTES_MAX)
        child_fail(summary, size, "%d textures of %.0f MB alive at once (at most %d MB)", most,
                   bytes / 1048576, TEXTURE_BYTES_MAX / 1048576);
    if (!refused && is_image && !picture_drawn && !strstr(log_text, name))
        child_fail(summary, size, "the picture was not drawn, and nothing logged names it");
    if (!refused && !check_failed)
        snprintf(summary, size, "drawn%s (at most %d textures, %.1f MB)",
                 is_image && !picture_drawn ? " without the picture (logged)" : "", most,
                 bytes / 1048576);
    content_release(&c);
    diag_list_release(&d);

    /* kiosk check: full decodes; its report must name the file. */
    char out_path[200];
    snprintf(out_path, sizeof out_path, "%s/check.txt", root);
    fflush(stdout);
    int saved = dup(1);
    int fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 1);
    close(fd);
    char *argv[] = {(char *)dir};
    static cli_options check_opts; /* as cli.c prepares it for kiosk check */
    check_opts.th = t;
    check_opts.assets_dir = KIOSK_SOURCE_DIR "/assets";
    int rc = command_check(&check_opts, 1, argv);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    FILE *f = fopen(out_path, "r");
    char report[16 * 1024] = "";
    size_t n = f ? fread(report, 1, sizeof report - 1, f) : 0;
    report[n] = '\0';
    if (f) fclose(f);
    if (rc != 0 && rc != 1) child_fail(summary, size, "kiosk check returned %d", rc);
    if (hc->check_refuses) {
        char needle[300];
        snprintf(needle, sizeof needle, "%s", name);
        bool named = false;
        for (char *line = strtok(report, "\n"); line; line = strtok(NULL, "\n"))
            named |= strstr(line, needle) && strstr(line, "error");
        if (!named) child_fail(summary, size, "kiosk check does not name %s in an error", name);
    }
    /* One gate: a picture kiosk check refuses, kiosk import (and the staff
     * screen, with the same callback) refuses too, with the active content
     * unchanged. */
    if (rc == 1 && is_image) {
        char data[200];
        snprintf(data, sizeof data, "%s/import-data", root);
        mkdir(data, 0755);
        diag_list id;
        diag_list_init(&id);
        import_options io = {.max_side = IMPORT_MAX_SIDE, .picture = import_scale_picture};
        if (import_install(dir, data, &io, &id) == 0)
            child_fail(summary, size, "kiosk check refuses %s, but kiosk import installed it", name);
        diag_list_release(&id);
    }
    return check_failed ? 1 : 0;
}

/* ---- in the parent ---- */

static double seconds_since(const struct timespec *start) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static void make_folder(const char *dir, const hostile_case *hc, char *hostile_path,
                        size_t size) {
    content_fixture_folder(dir);
    content_fixture_page(dir, "010-good.md", "A good page", NULL, "It stays on screen.", "More.");
    if (strncmp(hc->file, "images/", 7) == 0)
        content_fixture_page(dir, "020-hostile.md", "Hostile", hc->file + 7, "Short.", "Longer.");
    snprintf(hostile_path, size, "%s/%s", dir, hc->file);
    if (maker(hc)(hostile_path) != 0) {
        fprintf(stderr, "cannot make %s: %s\n", hostile_path, strerror(errno));
        check_failed++;
    }
}

static void run_cases(int hang_seconds) {
    printf("%-58s %8s %8s  %s\n", "hostile file", "seconds", "peak MB", "what the kiosk did");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const hostile_case *hc = &cases[i];
        char dir[128], hostile_path[300];
        snprintf(dir, sizeof dir, "%s/case-%02zu", root, i);
        make_folder(dir, hc, hostile_path, sizeof hostile_path);
        int pipe_fd[2];
        if (pipe(pipe_fd) != 0) { check_failed++; continue; }
        fflush(stdout);
        fflush(stderr);
        struct timespec start;
        clock_gettime(CLOCK_MONOTONIC, &start);
        pid_t pid = fork();
        if (pid == 0) {
            close(pipe_fd[0]);
            if (!UNDER_ASAN) {
                struct rlimit lim = {1024L * 1024 * 1024, 1024L * 1024 * 1024};
                setrlimit(RLIMIT_AS, &lim);
            }
            check_passed = check_failed = 0; /* the parent's counts are not ours */
            char summary[400] = "";
            int rc = run_case(hc, dir, hostile_path, summary, sizeof summary);
            if (write(pipe_fd[1], summary, strlen(summary)) < 0) rc = 1;
            close(pipe_fd[1]);
            TTF_Quit();
            exit(rc); /* not _exit: LeakSanitizer checks the child at exit */
        }
        close(pipe_fd[1]);
        int status = 0;
        struct rusage usage;
        memset(&usage, 0, sizeof usage);
        bool hung = false;
        while (wait4(pid, &status, WNOHANG, &usage) == 0) {
            if (seconds_since(&start) > hang_seconds) {
                kill(pid, SIGKILL);
                wait4(pid, &status, 0, &usage);
                hung = true;
                break;
            }
            usleep(2000);
        }
        double took = seconds_since(&start);
        char summary[400] = "";
        ssize_t n = read(pipe_fd[0], summary, sizeof summary - 1);
        summary[n > 0 ? n : 0] = '\0';
        close(pipe_fd[0]);
        bool ok = !hung && WIFEXITED(status) && WEXITSTATUS(status) == 0;
        if (ok) check_passed++;
        else check_failed++;
        char verdict[500];
        if (hung)
            snprintf(verdict, sizeof verdict, "FAILED: still busy after %d s (a hang), killed",
                     hang_seconds);
        else if (WIFSIGNALED(status))
            snprintf(verdict, sizeof verdict, "FAILED: crashed (signal %d, %s)", WTERMSIG(status),
                     strsignal(WTERMSIG(status)));
        else if (!ok)
            snprintf(verdict, sizeof verdict, "FAILED: %s", summary[0] ? summary : "exit status");
        else
            snprintf(verdict, sizeof verdict, "%s", summary);
        if (!ok && hc->known_bug) {
            size_t vl = strlen(verdict);
            snprintf(verdict + vl, sizeof verdict - vl, " [%s]", hc->known_bug);
        }
        printf("%-58s %8.2f %8.1f  %s\n", hc->what, took, usage.ru_maxrss / 1024.0, verdict);
        fflush(stdout);
    }
}

/* ---- invalid UTF-8, in-process ---- */

static const struct {
    const char *what, *bytes;
} bad_utf8[] = {
    {"a lone continuation byte", "\x80"},
    {"another lone continuation byte", "\xBF"},
    {"an overlong 2-byte NUL", "\xC0\x80"},
    {"an overlong 2-byte form", "\xC1\xBF"},
    {"an overlong 3-byte form", "\xE0\x80\xAF"},
    {"an overlong 3-byte form, highest", "\xE0\x9F\xBF"},
    {"an overlong 4-byte form", "\xF0\x80\x80\xAF"},
    {"an overlong 4-byte form, highest", "\xF0\x8F\xBF\xBF"},
    {"a high surrogate", "\xED\xA0\x80"},
    {"a low surrogate", "\xED\xBF\xBF"},
    {"a surrogate pair (CESU-8)", "\xED\xA0\xBD\xED\xB8\x80"},
    {"U+110000", "\xF4\x90\x80\x80"},
    {"the largest 4-byte form", "\xF7\xBF\xBF\xBF"},
    {"a 5-byte form", "\xF8\x88\x80\x80\x80"},
    {"a 6-byte form", "\xFC\x84\x80\x80\x80\x80"},
    {"the byte FE", "\xFE"},
    {"the byte FF", "\xFF"},
    {"a UTF-16 BOM", "\xFF\xFE"},
    {"a 2-byte form cut short", "\xC3"},
    {"a 3-byte form cut short", "\xE2\x82"},
    {"a 4-byte form cut short", "\xF0\x9F\x98"},
    {"a 3-byte form with an ASCII byte inside", "\xE2\x28\xA1"},
    {"a 4-byte form with a lead byte inside", "\xF0\x9F\xC3\xA9"},
    {"Latin-1 (as Windows writes it)", "caf\xE9 cr\xE8me"},
};

static bool said_at(const diag_list *d, const char *file, int line, const char *part) {
    for (int i = 0; i < d->count; i++)
        if (d->items[i].severity == DIAG_ERROR && strcmp(d->items[i].file, file) == 0 &&
            d->items[i].line == line && strstr(d->items[i].message, part))
            return true;
    return false;
}

static void check_bad_utf8(void) {
    for (size_t i = 0; i < sizeof bad_utf8 / sizeof bad_utf8[0]; i++) {
        const char *b = bad_utf8[i].bytes;
        char text[400];
        /* In the body (line 6), mid-line and at the very end of the file,
         * and in the title (line 2). */
        const char *forms[3] = {"---\ntitle: T\n---\nShort.\n\nBefore %s after.\n",
                                "---\ntitle: T\n---\nShort.\n\nAt the end %s",
                                "---\ntitle: T %s\n---\nShort.\n"};
        const int lines[3] = {6, 6, 2};
        for (int k = 0; k < 3; k++) {
            snprintf(text, sizeof text, forms[k], b);
            diag_list d;
            diag_list_init(&d);
            content_page page;
            int rc = content_parse_page("pages/010-utf8.md", text, strlen(text), "en", &page, &d);
            bool ok = rc != 0 && said_at(&d, "pages/010-utf8.md", lines[k], "not UTF-8");
            if (!ok) {
                fprintf(stderr, "%s (form %d) not refused at line %d:\n", bad_utf8[i].what, k,
                        lines[k]);
                diag_list_print(&d, stderr, "  ");
            }
            CHECK(ok);
            if (rc == 0) content_page_release(&page);
            diag_list_release(&d);
        }
        /* In content.ini. */
        snprintf(text, sizeof text, "language = en\ntitle = Clinic %s\n", b);
        content c;
        memset(&c, 0, sizeof c);
        diag_list d;
        diag_list_init(&d);
        content_parse_ini(&c, "content.ini", text, strlen(text), &d);
        bool ok = said_at(&d, "content.ini", 2, "not UTF-8") && c.title == NULL;
        if (!ok) fprintf(stderr, "%s not refused in content.ini\n", bad_utf8[i].what);
        CHECK(ok);
        content_release(&c);
        diag_list_release(&d);
        /* In a page's file name. */
        char name[100], id[256], lang[CONTENT_LANG_MAX], err[256];
        snprintf(name, sizeof name, "010-bad%s.md", b);
        ok = content_page_name(name, id, sizeof id, lang, sizeof lang, err, sizeof err) != 0;
        if (!ok) fprintf(stderr, "%s accepted in a file name\n", bad_utf8[i].what);
        CHECK(ok);
    }
}

/* ---- hostile manifests, in-process ---- */

static sign_status verify_manifest(const char *dir, const char *keys, const char *part) {
    diag_list d;
    diag_list_init(&d);
    sign_status s = sign_verify(dir, keys, &d);
    bool named = false;
    for (int i = 0; i < d.count; i++)
        named |= strstr(d.items[i].file, SIGN_MANIFEST) && strstr(d.items[i].message, part);
    if (!named) {
        fprintf(stderr, "%s: expected a message on %s saying \"%s\"; got:\n", dir, SIGN_MANIFEST,
                part);
        diag_list_print(&d, stderr, "  ");
    }
    CHECK(named);
    diag_list_release(&d);
    return s;
}

static void check_manifests(void) {
    CHECK(sodium_init() >= 0);
    char dir[128], p[300], keys[200];
    snprintf(dir, sizeof dir, "%s/signed", root);
    mkdir(dir, 0755);
    snprintf(p, sizeof p, "%s/a.md", dir);
    fixture_write(p, "hello\n");
    snprintf(p, sizeof p, "%s/%s", dir, SIGN_MANIFEST);

    /* 10 MB of manifest. */
    buffer b = {0};
    put_str(&b, "kiosk-manifest 1\n");
    while (b.len < 10 * 1024 * 1024) put_str(&b, "sha256 00 x\n");
    CHECK(write_buffer(p, &b) == 0);
    CHECK_INT(verify_manifest(dir, NULL, "too big"), SIGN_BAD);

    /* Validly signed by a trusted key, but listing 5,000 files. */
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_keypair(pk, sk);
    char hex[crypto_sign_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, pk, sizeof pk);
    snprintf(keys, sizeof keys, "%s/trusted", root);
    char line[200];
    snprintf(line, sizeof line, "kiosk-ed25519 %s\n", hex);
    fixture_write(keys, line);
    put_printf(&b, "kiosk-manifest 1\nkey %s\n", hex);
    for (int i = 0; i < 5000; i++) put_printf(&b, "sha256 %064d f%d\n", i, i);
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, NULL, b.data, b.len, sk);
    sodium_bin2hex(hex, sizeof hex, sig, sizeof sig);
    put_printf(&b, "signature %s\n", hex);
    CHECK(write_buffer(p, &b) == 0);
    CHECK_INT(verify_manifest(dir, keys, "more than 4096 files"), SIGN_BAD);

    /* A NUL byte; a named pipe; a link to /dev/zero. */
    CHECK(fixture_write_bytes(p, "kiosk-manifest 1\nkey \0\n", 23) == 0);
    CHECK_INT(verify_manifest(dir, keys, "NUL"), SIGN_BAD);
    unlink(p);
    CHECK_INT(mkfifo(p, 0644), 0);
    CHECK_INT(verify_manifest(dir, keys, "cannot be read"), SIGN_BAD);
    unlink(p);
    CHECK_INT(symlink("/dev/zero", p), 0);
    CHECK_INT(verify_manifest(dir, keys, "cannot be read"), SIGN_BAD);
    unlink(p);
    /* A file whose name holds a line break cannot be signed. */
    snprintf(p, sizeof p, "%s/two\nlines.md", dir);
    fixture_write(p, "x");
    char secret[200];
    snprintf(secret, sizeof secret, "%s/it", root);
    char err[256];
    CHECK_INT(sign_keygen(secret, err, sizeof err), 0);
    snprintf(secret, sizeof secret, "%s/it.secret", root);
    diag_list d;
    diag_list_init(&d);
    CHECK_INT(sign_folder(dir, secret, 20261202043402ULL, &d), -1);
    CHECK(d.count > 0 && strstr(d.items[0].message, "line break"));
    diag_list_release(&d);
}

int main(void) {
    snprintf(root, sizeof root, "/tmp/kiosk-hostile-XXXXXX");
    if (!mkdtemp(root)) {
        perror("mkdtemp");
        return 1;
    }
    const char *limit = getenv("KIOSK_HOSTILE_SECONDS");
    int hang_seconds = limit && atoi(limit) > 0 ? atoi(limit) : 60;
    check_bad_utf8();
    check_manifests();
    run_cases(hang_seconds);
    const char *keep = getenv("KIOSK_HOSTILE_KEEP");
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (keep && keep[0] == '1') printf("the files are kept in %s\n", root);
    else if (system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", root);
    return check_summary();
}
