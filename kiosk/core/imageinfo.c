/* imageinfo.c - picture headers without decoding pixels. See imageinfo.h.
 * Files are opened with safe_open.c: a pipe or a link is never read. */
#include "imageinfo.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <jpeglib.h>
#include <libexif/exif-loader.h>

#include "safe_open.h"

/* imageinfo_verify decodes nothing bigger than this a side (content.c
 * refuses more than 8192 before it gets here). */
#define CONTENT_SIDE_LIMIT 16384

/* We read at most this much of a file to learn its size: enough for a
 * JPEG with a large EXIF block before its frame header. Most headers fit
 * in the first HEADER_BYTES_FIRST, so that is read first. */
#define HEADER_BYTES_MAX (1024 * 1024)
#define HEADER_BYTES_FIRST (64 * 1024)

const char *imageinfo_kind_name(image_kind kind) {
    switch (kind) {
    case IMAGE_PNG: return "PNG";
    case IMAGE_JPEG: return "JPEG";
    case IMAGE_SVG: return "SVG";
    case IMAGE_HEIC: return "HEIC";
    case IMAGE_OTHER: return "other";
    default: return "unknown";
    }
}

/* ---- PNG: libpng reads the signature and IHDR (checked by CRC). ---- */
typedef struct { const unsigned char *data; size_t len, pos; } mem_reader;

static void png_read_mem(png_structp png, png_bytep out, png_size_t n) {
    mem_reader *r = png_get_io_ptr(png);
    if (r->len - r->pos < n) png_error(png, "the file is cut short");
    memcpy(out, r->data + r->pos, n);
    r->pos += n;
}

typedef struct { char *err; size_t errsize; } png_err_ctx;

static void png_on_error(png_structp png, png_const_charp msg) {
    png_err_ctx *e = png_get_error_ptr(png);
    snprintf(e->err, e->errsize, "not a valid PNG (%s)", msg);
    png_longjmp(png, 1);
}
static void png_on_warning(png_structp png, png_const_charp msg) { (void)png; (void)msg; }

/* libpng allocates what a chunk before IDAT claims to hold (up to 2 GB)
 * before it reads the chunk, so a 150-byte file could cost 2 GB. Reading
 * a header never needs a block bigger than the bytes we have. */
static png_voidp png_limited_malloc(png_structp png, png_alloc_size_t size) {
    (void)png;
    return size <= HEADER_BYTES_MAX ? malloc(size) : NULL;
}
static void png_limited_free(png_structp png, png_voidp p) { (void)png; free(p); }

/* Every libpng reader here goes through the bounded allocator: a chunk
 * claiming 2 GB is refused wherever in the file it stands. */
static png_structp png_new(png_err_ctx *ectx) {
    return png_create_read_struct_2(PNG_LIBPNG_VER_STRING, ectx, png_on_error, png_on_warning,
                                    NULL, png_limited_malloc, png_limited_free);
}

static int read_png(const unsigned char *data, size_t len, image_info *info, char *err,
                    size_t errsize) {
    png_err_ctx ectx = {err, errsize};
    png_structp png = png_new(&ectx);
    if (!png) { snprintf(err, errsize, "out of memory"); return -1; }
    png_infop pinfo = png_create_info_struct(png);
    mem_reader reader = {data, len, 0};
    volatile int rc = -1;
    if (!pinfo) { snprintf(err, errsize, "out of memory"); goto out; }
    if (setjmp(png_jmpbuf(png))) goto out;
    /* libpng's own limit is 1,000,000 a side; we check our limits after. */
    png_set_user_limits(png, 0x7fffffff, 0x7fffffff);
    png_set_read_fn(png, &reader, png_read_mem);
    png_read_info(png, pinfo);
    info->width = (int)png_get_image_width(png, pinfo);
    info->height = (int)png_get_image_height(png, pinfo);
    rc = 0;
out:
    png_destroy_read_struct(&png, pinfo ? &pinfo : NULL, NULL);
    return rc;
}

/* ---- JPEG: libjpeg's jpeg_read_header stops before any pixel data. ---- */
typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    char *err;
    size_t errsize;
} jpeg_err_ctx;

static void jpeg_on_error(j_common_ptr cinfo) {
    jpeg_err_ctx *e = (jpeg_err_ctx *)cinfo->err;
    char msg[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, msg);
    snprintf(e->err, e->errsize, "not a valid JPEG (%s)", msg);
    longjmp(e->jump, 1);
}
/* Quiet, but counting warnings (level -1) as libjpeg's own handler does:
 * corrupt or cut-short data shows up only as warnings. */
static void jpeg_on_message(j_common_ptr cinfo, int level) {
    if (level < 0) cinfo->err->num_warnings++;
}

/* Errors longjmp to the caller's setjmp(jerr->jump) with err filled in. */
static void jpeg_quiet_errors(struct jpeg_decompress_struct *cinfo, jpeg_err_ctx *jerr, char *err,
                              size_t errsize) {
    memset(cinfo, 0, sizeof *cinfo);
    cinfo->err = jpeg_std_error(&jerr->base);
    jerr->base.error_exit = jpeg_on_error;
    jerr->base.emit_message = jpeg_on_message;
    jerr->err = err;
    jerr->errsize = errsize;
}

/* The EXIF orientation (1..8) of JPEG bytes, read with libexif; 1 when
 * there is none or it makes no sense. */
static int jpeg_orientation(const unsigned char *data, size_t len) {
    ExifLoader *loader = exif_loader_new();
    if (!loader) return 1;
    exif_loader_write(loader, (unsigned char *)data, (unsigned int)(len > UINT32_MAX ? UINT32_MAX : len));
    ExifData *ed = exif_loader_get_data(loader);
    exif_loader_unref(loader);
    if (!ed) return 1;
    int orientation = 1;
    ExifEntry *e = exif_content_get_entry(ed->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
    if (e && e->format == EXIF_FORMAT_SHORT && e->components >= 1 && e->size >= 2)
        orientation = exif_get_short(e->data, exif_data_get_byte_order(ed));
    exif_data_unref(ed);
    return orientation >= 1 && orientation <= 8 ? orientation : 1;
}

static int read_jpeg(const unsigned char *data, size_t len, image_info *info, char *err,
                     size_t errsize) {
    struct jpeg_decompress_struct cinfo;
    jpeg_err_ctx jerr;
    jpeg_quiet_errors(&cinfo, &jerr, err, errsize);
    if (setjmp(jerr.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return -1;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, (unsigned long)len);
    jpeg_read_header(&cinfo, TRUE);
    info->width = (int)cinfo.image_width;
    info->height = (int)cinfo.image_height;
    jpeg_destroy_decompress(&cinfo);
    /* Phones store photos as the sensor saw them and say in EXIF how to
     * turn them; SDL_image 2.6's JPEG loader reads no EXIF, so it would
     * draw them on their side. */
    info->orientation = jpeg_orientation(data, len);
    if (info->orientation >= 5) {
        int w = info->width;
        info->width = info->height;
        info->height = w;
    }
    return 0;
}

/* ---- SVG: find the <svg> start tag and read its size attributes. ---- */
static const char *find_attr(const char *tag, size_t taglen, const char *name, size_t *vlen) {
    size_t n = strlen(name);
    for (size_t i = 0; i + n + 2 < taglen; i++) {
        if ((i == 0 || tag[i - 1] == ' ' || tag[i - 1] == '\n' || tag[i - 1] == '\t' ||
             tag[i - 1] == '\r') &&
            strncmp(tag + i, name, n) == 0) {
            size_t j = i + n;
            while (j < taglen && (tag[j] == ' ' || tag[j] == '\t')) j++;
            if (j >= taglen || tag[j] != '=') continue;
            j++;
            while (j < taglen && (tag[j] == ' ' || tag[j] == '\t')) j++;
            if (j >= taglen || (tag[j] != '"' && tag[j] != '\'')) continue;
            char quote = tag[j++];
            size_t start = j;
            while (j < taglen && tag[j] != quote) j++;
            if (j >= taglen) return NULL;
            *vlen = j - start;
            return tag + start;
        }
    }
    return NULL;
}

/* A length such as "400", "400px" or "10cm" in pixels (96 dpi), or -1
 * for a percentage or anything else we cannot use. */
static double svg_length(const char *v, size_t vlen) {
    char buf[64];
    if (vlen == 0 || vlen >= sizeof buf) return -1;
    memcpy(buf, v, vlen);
    buf[vlen] = '\0';
    char *end;
    double x = strtod(buf, &end);
    if (end == buf || !(x > 0) || !isfinite(x)) return -1; /* NaN, inf too */
    while (*end == ' ') end++;
    if (*end == '\0' || strcmp(end, "px") == 0) return x;
    if (strcmp(end, "pt") == 0) return x * 96.0 / 72.0;
    if (strcmp(end, "mm") == 0) return x * 96.0 / 25.4;
    if (strcmp(end, "cm") == 0) return x * 96.0 / 2.54;
    if (strcmp(end, "in") == 0) return x * 96.0;
    return -1;
}

static int read_svg(const unsigned char *data, size_t len, image_info *info, char *err,
                    size_t errsize) {
    const char *text = (const char *)data;
    const char *tag = NULL;
    for (size_t i = 0; i + 4 < len; i++) {
        if (text[i] == '<' && strncmp(text + i + 1, "svg", 3) == 0 &&
            (text[i + 4] == ' ' || text[i + 4] == '\n' || text[i + 4] == '\r' ||
             text[i + 4] == '\t' || text[i + 4] == '>')) {
            tag = text + i;
            break;
        }
    }
    if (!tag) { snprintf(err, errsize, "not a valid SVG (no <svg> element)"); return -1; }
    const char *close = memchr(tag, '>', len - (size_t)(tag - text));
    if (!close) { snprintf(err, errsize, "not a valid SVG (the <svg> tag is not closed)"); return -1; }
    size_t taglen = (size_t)(close - tag);

    double w = -1, h = -1;
    size_t vlen;
    const char *v;
    if ((v = find_attr(tag, taglen, "width", &vlen))) w = svg_length(v, vlen);
    if ((v = find_attr(tag, taglen, "height", &vlen))) h = svg_length(v, vlen);
    if ((v = find_attr(tag, taglen, "viewBox", &vlen)) && (w <= 0 || h <= 0)) {
        char buf[128];
        if (vlen < sizeof buf) {
            memcpy(buf, v, vlen);
            buf[vlen] = '\0';
            for (char *p = buf; *p; p++)
                if (*p == ',') *p = ' ';
            double x, y, vw, vh;
            if (sscanf(buf, "%lf %lf %lf %lf", &x, &y, &vw, &vh) == 4 && vw > 0 && vh > 0) {
                if (w > 0) h = w * vh / vw;          /* keep the aspect */
                else if (h > 0) w = h * vw / vh;
                else { w = vw; h = vh; }
            }
        }
    }
    if (w <= 0 || h <= 0) {
        snprintf(err, errsize, "the SVG has no size: give the <svg> tag a viewBox, "
                               "or width and height");
        return -1;
    }
    if (w > 1e6 || h > 1e6) { snprintf(err, errsize, "the SVG's size is absurd"); return -1; }
    info->width = (int)(w + 0.5);
    info->height = (int)(h + 0.5);
    if (info->width < 1) info->width = 1;
    if (info->height < 1) info->height = 1;
    return 0;
}

static image_kind sniff(const unsigned char *d, size_t len) {
    if (len >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0) return IMAGE_PNG;
    if (len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF) return IMAGE_JPEG;
    if (len >= 12 && memcmp(d + 4, "ftyp", 4) == 0 &&
        (memcmp(d + 8, "heic", 4) == 0 || memcmp(d + 8, "heix", 4) == 0 ||
         memcmp(d + 8, "mif1", 4) == 0 || memcmp(d + 8, "avif", 4) == 0))
        return IMAGE_HEIC;
    if ((len >= 6 && memcmp(d, "GIF8", 4) == 0) || (len >= 2 && memcmp(d, "BM", 2) == 0) ||
        (len >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0) ||
        (len >= 4 && (memcmp(d, "II*\0", 4) == 0 || memcmp(d, "MM\0*", 4) == 0)))
        return IMAGE_OTHER;
    /* Text that looks like XML or SVG (after an optional BOM and space). */
    size_t i = 0;
    if (len >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0) i = 3;
    while (i < len && (d[i] == ' ' || d[i] == '\n' || d[i] == '\r' || d[i] == '\t')) i++;
    if (i < len && d[i] == '<') return IMAGE_SVG;
    return IMAGE_UNKNOWN;
}

int imageinfo_read_memory(const unsigned char *data, size_t len, image_info *info, char *err,
                          size_t errsize) {
    memset(info, 0, sizeof *info);
    info->orientation = 1;
    if (len == 0) { snprintf(err, errsize, "the file is empty"); return -1; }
    info->kind = sniff(data, len);
    switch (info->kind) {
    case IMAGE_PNG: return read_png(data, len, info, err, errsize);
    case IMAGE_JPEG: return read_jpeg(data, len, info, err, errsize);
    case IMAGE_SVG: return read_svg(data, len, info, err, errsize);
    case IMAGE_HEIC:
        snprintf(err, errsize, "%s", IMAGEINFO_HEIC_ADVICE);
        return -1;
    case IMAGE_OTHER:
        snprintf(err, errsize, "this kind of picture cannot be shown; use SVG, PNG or JPEG");
        return -1;
    default:
        snprintf(err, errsize, "this is not a picture file (SVG, PNG or JPEG)");
        return -1;
    }
}

/* Reads up to n bytes from fd (fewer only at the end of the file). */
static size_t read_upto(int fd, unsigned char *buf, size_t n) {
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        got += (size_t)r;
    }
    return got;
}

int imageinfo_read_fd(int fd, image_info *info, char *err, size_t errsize) {
    memset(info, 0, sizeof *info);
    info->orientation = 1;
    unsigned char *buf = malloc(HEADER_BYTES_MAX);
    if (!buf) { snprintf(err, errsize, "out of memory"); return -1; }
    size_t len = read_upto(fd, buf, HEADER_BYTES_FIRST);
    int rc = imageinfo_read_memory(buf, len, info, err, errsize);
    if (rc != 0 && len == HEADER_BYTES_FIRST) {
        /* Perhaps the header lies further in (a big EXIF block): read on. */
        len += read_upto(fd, buf + len, HEADER_BYTES_MAX - len);
        rc = imageinfo_read_memory(buf, len, info, err, errsize);
    }
    free(buf);
    return rc;
}

int imageinfo_read(const char *path, image_info *info, char *err, size_t errsize) {
    memset(info, 0, sizeof *info);
    info->orientation = 1;
    int fd = safe_open_at(AT_FDCWD, path, SAFE_FILE, NULL, err, errsize);
    if (fd < 0) return -1;
    int rc = imageinfo_read_fd(fd, info, err, errsize);
    close(fd);
    return rc;
}

/* ---- full decodes, for imageinfo_verify ---- */
static int verify_png(FILE *f, char *err, size_t errsize) {
    png_err_ctx ectx = {err, errsize};
    png_structp png = png_new(&ectx);
    if (!png) { snprintf(err, errsize, "out of memory"); return -1; }
    png_infop info = png_create_info_struct(png);
    png_bytep row = NULL;
    volatile int rc = -1;
    if (!info) { snprintf(err, errsize, "out of memory"); goto out; }
    if (setjmp(png_jmpbuf(png))) goto out;
    png_init_io(png, f);
    png_read_info(png, info);
    png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);
    if (w > CONTENT_SIDE_LIMIT || h > CONTENT_SIDE_LIMIT) {
        snprintf(err, errsize, "the picture is %ux%u pixels, too big", (unsigned)w, (unsigned)h);
        goto out;
    }
    int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    row = malloc(png_get_rowbytes(png, info));
    if (!row) { snprintf(err, errsize, "out of memory"); goto out; }
    for (int p = 0; p < passes; p++)
        for (png_uint_32 y = 0; y < h; y++) png_read_row(png, row, NULL);
    png_read_end(png, NULL);
    rc = 0;
out:
    free(row);
    png_destroy_read_struct(&png, info ? &info : NULL, NULL);
    return rc;
}

static int verify_jpeg(FILE *f, char *err, size_t errsize) {
    struct jpeg_decompress_struct cinfo;
    jpeg_err_ctx jerr;
    jpeg_quiet_errors(&cinfo, &jerr, err, errsize);
    JSAMPARRAY row = NULL;
    if (setjmp(jerr.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return -1;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_stdio_src(&cinfo, f);
    jpeg_read_header(&cinfo, TRUE);
    if (cinfo.image_width > CONTENT_SIDE_LIMIT || cinfo.image_height > CONTENT_SIDE_LIMIT) {
        snprintf(err, errsize, "the picture is %ux%u pixels, too big", cinfo.image_width,
                 cinfo.image_height);
        jpeg_destroy_decompress(&cinfo);
        return -1;
    }
    jpeg_start_decompress(&cinfo);
    row = (*cinfo.mem->alloc_sarray)((j_common_ptr)&cinfo, JPOOL_IMAGE,
                                     cinfo.output_width * (JDIMENSION)cinfo.output_components, 1);
    while (cinfo.output_scanline < cinfo.output_height) jpeg_read_scanlines(&cinfo, row, 1);
    jpeg_finish_decompress(&cinfo);
    /* A file cut short or with corrupt data decodes "fine" with warnings. */
    long warnings = jerr.base.num_warnings;
    jpeg_destroy_decompress(&cinfo);
    if (warnings > 0) {
        snprintf(err, errsize, "the picture is damaged or cut short (was it copied completely?)");
        return -1;
    }
    return 0;
}

int imageinfo_verify_fd(int fd, char *err, size_t errsize) {
    image_info info;
    if (lseek(fd, 0, SEEK_SET) != 0) {
        snprintf(err, errsize, "cannot read it: %s", strerror(errno));
        return -1;
    }
    if (imageinfo_read_fd(fd, &info, err, errsize) != 0) return -1;
    if (info.kind != IMAGE_PNG && info.kind != IMAGE_JPEG) return 0;
    int copy = lseek(fd, 0, SEEK_SET) == 0 ? fcntl(fd, F_DUPFD_CLOEXEC, 0) : -1;
    FILE *f = copy >= 0 ? fdopen(copy, "rb") : NULL;
    if (!f) {
        snprintf(err, errsize, "cannot read it: %s", strerror(errno));
        if (copy >= 0) close(copy);
        return -1;
    }
    int rc = info.kind == IMAGE_PNG ? verify_png(f, err, errsize) : verify_jpeg(f, err, errsize);
    fclose(f);
    return rc;
}

int imageinfo_verify(const char *path, char *err, size_t errsize) {
    int fd = safe_open_at(AT_FDCWD, path, SAFE_FILE, NULL, err, errsize);
    if (fd < 0) return -1;
    int rc = imageinfo_verify_fd(fd, err, errsize);
    close(fd);
    return rc;
}
