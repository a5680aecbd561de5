/* fixture.h - pictures made byte by byte for tests: PNGs with correct
 * CRCs whose header can claim any size, and JPEGs from libjpeg's
 * compressor. Shared by test_content.c and test_imageinfo.c. */
#ifndef KIOSK_TESTS_FIXTURE_H
#define KIOSK_TESTS_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <libexif/exif-data.h>

/* ---- PNG writing: signature, IHDR, IDAT (stored deflate), IEND ---- */
static uint32_t crc_table[256];

static inline uint32_t png_crc(const unsigned char *p, size_t n) {
    if (!crc_table[1])
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            crc_table[i] = c;
        }
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) c = crc_table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

static inline void put32(unsigned char *p, uint32_t v) {
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static inline size_t put_chunk(unsigned char *out, const char *type, const unsigned char *data,
                        uint32_t len) {
    put32(out, len);
    memcpy(out + 4, type, 4);
    if (len) memcpy(out + 8, data, len);
    put32(out + 8 + len, png_crc(out + 4, len + 4));
    return 12 + (size_t)len;
}

/* A PNG that says it is w x h (RGBA). Its IDAT holds a real 1x1 image,
 * so it is only a valid picture when w = h = 1; for any other size it is
 * a header that must never be decoded. out needs 128 bytes. */
static inline size_t make_png(unsigned char *out, uint32_t w, uint32_t h) {
    size_t n = 0;
    memcpy(out, "\x89PNG\r\n\x1a\n", 8);
    n = 8;
    unsigned char ihdr[13] = {0, 0, 0, 0, 0, 0, 0, 0, 8, 6, 0, 0, 0};
    put32(ihdr, w);
    put32(ihdr + 4, h);
    n += put_chunk(out + n, "IHDR", ihdr, 13);
    /* zlib: header, one stored block of filter byte + 4 bytes, adler32 */
    const unsigned char raw[5] = {0, 0x12, 0x34, 0x56, 0xFF};
    unsigned char z[2 + 5 + 5 + 4] = {0x78, 0x01, 0x01, 5, 0, 0xFA, 0xFF};
    memcpy(z + 7, raw, 5);
    uint32_t a = 1, b = 0;
    for (int i = 0; i < 5; i++) { a = (a + raw[i]) % 65521; b = (b + a) % 65521; }
    put32(z + 12, (b << 16) | a);
    n += put_chunk(out + n, "IDAT", z, sizeof z);
    n += put_chunk(out + n, "IEND", NULL, 0);
    return n;
}

/* ---- JPEG writing with libjpeg (quality default): h copies of one row
 * of w pixels of `components` bytes in colour space cs, baseline or
 * progressive. Caller frees. */
static inline unsigned char *write_jpeg_rows(int w, int h, int components, J_COLOR_SPACE cs,
                                             bool progressive, const unsigned char *row,
                                             size_t *len) {
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr e;
    c.err = jpeg_std_error(&e);
    jpeg_create_compress(&c);
    unsigned char *out = NULL;
    unsigned long size = 0;
    jpeg_mem_dest(&c, &out, &size);
    c.image_width = (JDIMENSION)w;
    c.image_height = (JDIMENSION)h;
    c.input_components = components;
    c.in_color_space = cs;
    jpeg_set_defaults(&c); /* CMYK: with the Adobe marker */
    if (progressive) jpeg_simple_progression(&c);
    jpeg_start_compress(&c, TRUE);
    while (c.next_scanline < c.image_height) {
        JSAMPROW rows[1] = {(JSAMPROW)row};
        jpeg_write_scanlines(&c, rows, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    *len = size;
    return out;
}

/* A progressive 1920x1920 JPEG whose last scan is repeated until the file
 * holds 65,535 scans (about 2 MB). libjpeg takes a repeated scan with a
 * warning, no error, and decodes every one: tens of seconds. Caller
 * frees; NULL when out of memory. */
static inline unsigned char *make_jpeg_many_scans(size_t *len) {
    unsigned char row[1920];
    memset(row, 128, sizeof row); /* flat: each refinement scan is a few bytes */
    size_t size;
    unsigned char *one = write_jpeg_rows(1920, 1920, 1, JCS_GRAYSCALE, true, row, &size);
    /* The last scan: from the last SOS marker to the EOI at the end. */
    size_t last = 0, scans = 0;
    for (size_t i = 2; i + 1 < size; i++)
        if (one[i] == 0xFF && one[i + 1] == 0xDA) last = i, scans++;
    if (!last || size < 2 || one[size - 2] != 0xFF || one[size - 1] != 0xD9 || scans > 65535) {
        free(one);
        return NULL;
    }
    size_t scan = size - 2 - last;
    size_t total = size - 2 + (65535 - scans) * scan + 2;
    unsigned char *out = malloc(total);
    if (out) {
        size_t at = size - 2;
        memcpy(out, one, at);
        for (size_t n = scans; n < 65535; n++, at += scan) memcpy(out + at, one + last, scan);
        memcpy(out + at, "\xFF\xD9", 2);
        *len = total;
    }
    free(one);
    return out;
}

/* A grey JPEG: a gradient across. Caller frees. */
static inline unsigned char *make_jpeg(int w, int h, size_t *len) {
    unsigned char *row = malloc((size_t)w);
    for (int x = 0; x < w; x++) row[x] = (unsigned char)(x * 7);
    unsigned char *out = write_jpeg_rows(w, h, 1, JCS_GRAYSCALE, false, row, len);
    free(row);
    return out;
}

/* A CMYK JPEG as Photoshop writes one (an Adobe marker, the inks stored
 * inverted: 255 is no ink): its left half red, its right half blue.
 * Caller frees. */
static inline unsigned char *make_jpeg_cmyk(int w, int h, size_t *len) {
    unsigned char *row = malloc((size_t)w * 4);
    for (int x = 0; x < w; x++) {
        /* red: magenta and yellow ink; blue: cyan and magenta; inverted */
        static const unsigned char red[4] = {255, 0, 0, 255}, blue[4] = {0, 0, 255, 255};
        memcpy(row + x * 4, x < w / 2 ? red : blue, 4);
    }
    unsigned char *out = write_jpeg_rows(w, h, 4, JCS_CMYK, false, row, len);
    free(row);
    return out;
}

/* A colour JPEG, w x h as stored: its left half red, its right half blue,
 * with an EXIF orientation tag (1..8) as a phone writes it. Caller frees. */
static inline unsigned char *make_jpeg_oriented(int w, int h, int orientation, size_t *len) {
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr e;
    c.err = jpeg_std_error(&e);
    jpeg_create_compress(&c);
    unsigned char *out = NULL;
    unsigned long size = 0;
    jpeg_mem_dest(&c, &out, &size);
    c.image_width = (JDIMENSION)w;
    c.image_height = (JDIMENSION)h;
    c.input_components = 3;
    c.in_color_space = JCS_RGB;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, 95, TRUE);
    jpeg_start_compress(&c, TRUE);
    ExifData *ed = exif_data_new();
    exif_data_set_byte_order(ed, EXIF_BYTE_ORDER_INTEL);
    ExifEntry *entry = exif_entry_new();
    exif_content_add_entry(ed->ifd[EXIF_IFD_0], entry);
    exif_entry_initialize(entry, EXIF_TAG_ORIENTATION);
    exif_set_short(entry->data, EXIF_BYTE_ORDER_INTEL, (ExifShort)orientation);
    exif_entry_unref(entry);
    unsigned char *exif = NULL;
    unsigned int exif_len = 0;
    exif_data_save_data(ed, &exif, &exif_len);
    jpeg_write_marker(&c, JPEG_APP0 + 1, exif, exif_len);
    free(exif);
    exif_data_unref(ed);
    unsigned char *row = malloc((size_t)w * 3);
    for (int x = 0; x < w; x++) {
        bool left = x < w / 2;
        row[x * 3] = left ? 220 : 20;
        row[x * 3 + 1] = 20;
        row[x * 3 + 2] = left ? 20 : 220;
    }
    while (c.next_scanline < c.image_height) {
        JSAMPROW rows[1] = {row};
        jpeg_write_scanlines(&c, rows, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    free(row);
    *len = size;
    return out;
}

#endif
