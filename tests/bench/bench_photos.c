/* bench_photos.c - writes a content folder of N pages, each with a
 * phone-sized photo (benchmark helper, not a test).
 *
 * The photos are made, not shipped: smooth colour fields and soft shapes
 * with fine texture and sensor-like noise, so JPEG sizes are those of real
 * phone photos (2-5 MB at 4032x3024). The same seed gives the same folder.
 * Only libjpeg and libc.
 *
 *   bench_photos OUT_DIR [--pages N] [--size WxH] [--seed S] [--quality Q] */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jpeglib.h> /* after stdio.h: it uses FILE and size_t */

#define MAX_PAGES 200
#define COARSE 16  /* colour field: one value per 16x16 pixels */
#define FINE 4     /* texture: one value per 4x4 pixels */

typedef struct { uint64_t s; } rng;

static uint64_t next(rng *r) {
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 2685821657736338717ull;
}
static double uniform(rng *r) { return (double)(next(r) >> 11) / 9007199254740992.0; }
static double between(rng *r, double a, double b) { return a + (b - a) * uniform(r); }

static float bilinear(const float *grid, int gw, int gh, double x, double y) {
    int x0 = (int)x, y0 = (int)y;
    if (x0 >= gw - 1) x0 = gw - 2;
    if (y0 >= gh - 1) y0 = gh - 2;
    double fx = x - x0, fy = y - y0;
    const float *a = grid + (size_t)y0 * (size_t)gw + x0, *b = a + gw;
    return (float)((a[0] * (1 - fx) + a[1] * fx) * (1 - fy) + (b[0] * (1 - fx) + b[1] * fx) * fy);
}

static unsigned char clamp255(double v) { return v < 0 ? 0 : v > 255 ? 255 : (unsigned char)(v + 0.5); }

/* One photo: returns 0, or -1 with errno. */
static int write_photo(const char *path, int w, int h, uint64_t seed, int quality) {
    rng r = {seed * 0x9E3779B97F4A7C15ull + 1};
    int cw = w / COARSE + 2, ch = h / COARSE + 2, fw = w / FINE + 2, fh = h / FINE + 2;
    float *field[3], *texture = malloc((size_t)fw * (size_t)fh * sizeof *texture);
    for (int c = 0; c < 3; c++) field[c] = malloc((size_t)cw * (size_t)ch * sizeof *field[c]);
    unsigned char *row = malloc((size_t)w * 3);
    if (!texture || !field[0] || !field[1] || !field[2] || !row) {
        errno = ENOMEM;
        return -1;
    }
    /* Sky, horizon and ground colours, then soft shapes in front. */
    double sky[3], horizon[3], ground[3], horizon_y = between(&r, 0.3, 0.7);
    for (int c = 0; c < 3; c++) {
        sky[c] = between(&r, 90, 230);
        horizon[c] = between(&r, 120, 250);
        ground[c] = between(&r, 30, 150);
    }
    for (int y = 0; y < ch; y++)
        for (int x = 0; x < cw; x++) {
            double v = (double)y / (ch - 1);
            for (int c = 0; c < 3; c++) {
                double base = v < horizon_y ? sky[c] + (horizon[c] - sky[c]) * v / horizon_y
                                            : horizon[c] + (ground[c] - horizon[c]) *
                                                               (v - horizon_y) / (1 - horizon_y);
                field[c][(size_t)y * cw + x] = (float)(base + between(&r, -6, 6));
            }
        }
    int shapes = 6 + (int)(next(&r) % 8);
    for (int s = 0; s < shapes; s++) {
        double cx = between(&r, 0, cw), cy = between(&r, 0, ch);
        double radius = between(&r, 0.05, 0.3) * cw, alpha = between(&r, 0.4, 0.95);
        double colour[3] = {between(&r, 10, 250), between(&r, 10, 250), between(&r, 10, 250)};
        for (int y = 0; y < ch; y++)
            for (int x = 0; x < cw; x++) {
                double d = hypot(x - cx, y - cy) / radius;
                if (d >= 1) continue;
                double a = alpha * (1 - d * d) * (1 - d * d);
                for (int c = 0; c < 3; c++) {
                    float *p = &field[c][(size_t)y * cw + x];
                    *p = (float)(*p * (1 - a) + colour[c] * a);
                }
            }
    }
    double texture_amp = between(&r, 6, 14), noise_amp = between(&r, 3, 6);
    for (size_t k = 0; k < (size_t)fw * (size_t)fh; k++)
        texture[k] = (float)between(&r, -texture_amp, texture_amp);

    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    struct jpeg_compress_struct cinfo;
    struct jpeg_error_mgr jerr;
    cinfo.err = jpeg_std_error(&jerr);
    jpeg_create_compress(&cinfo);
    jpeg_stdio_dest(&cinfo, f);
    cinfo.image_width = (JDIMENSION)w;
    cinfo.image_height = (JDIMENSION)h;
    cinfo.input_components = 3;
    cinfo.in_color_space = JCS_RGB;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    jpeg_start_compress(&cinfo, TRUE);
    for (int y = 0; y < h; y++) {
        double cy = (double)y / COARSE, fy = (double)y / FINE;
        for (int x = 0; x < w; x++) {
            double t = bilinear(texture, fw, fh, (double)x / FINE, fy);
            /* Sensor noise: a triangular distribution, cheap and photo-like. */
            double noise = (uniform(&r) - uniform(&r)) * noise_amp * 2;
            for (int c = 0; c < 3; c++)
                row[x * 3 + c] = clamp255(bilinear(field[c], cw, ch, (double)x / COARSE, cy) + t +
                                          noise);
        }
        JSAMPROW rows[1] = {row};
        jpeg_write_scanlines(&cinfo, rows, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    int rc = fclose(f) == 0 ? 0 : -1;
    free(row);
    free(texture);
    for (int c = 0; c < 3; c++) free(field[c]);
    return rc;
}

static const char *const titles[] = {
    "A calm start to the day", "Reading your baby's signals", "Skin to skin",
    "Songs and rhymes", "Tummy time", "Quiet moments together", "Bath time",
    "Sleep and settling", "Talking with your baby", "Outdoors together",
};
static const char *const sentences[] = {
    "Babies learn about the world through the people who care for them.",
    "A few quiet minutes of gentle touch can help your baby feel safe.",
    "Watch your baby's face and hands: they tell you what they need.",
    "It is fine to stop and try again later if your baby is not in the mood.",
    "Your voice is the sound your baby knows best.",
    "Small, everyday moments build a strong and secure bond.",
    "Looking after yourself helps you look after your baby.",
    "Every baby is different, and every day is different too.",
    "Ask your health visitor if you would like to know more.",
    "Slow, warm strokes are calming; light, quick ones can tickle.",
    "Follow your baby's lead and enjoy the time together.",
    "Crying is one of the ways your baby talks to you.",
};
#define COUNT(a) (int)(sizeof(a) / sizeof((a)[0]))

static void put_sentences(FILE *f, rng *r, int n) {
    for (int i = 0; i < n; i++)
        fprintf(f, "%s%s", i ? " " : "", sentences[next(r) % COUNT(sentences)]);
    fputc('\n', f);
}

/* The page file for photo i (1-based). */
static int write_page(const char *dir, int i, uint64_t seed) {
    rng r = {seed * 31 + (uint64_t)i * 0x9E3779B97F4A7C15ull + 7};
    char path[1200];
    snprintf(path, sizeof path, "%s/pages/%03d-photo-%02d.md", dir, i * 10, i);
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    fprintf(f, "---\ntitle: %s (%d)\nimage: photo-%02d.jpg\ncaption: Photo %d of the day\n"
               "credit: Made by tests/bench/bench_photos, seed %llu\n---\n",
            titles[(i - 1) % COUNT(titles)], i, i, i, (unsigned long long)seed);
    put_sentences(f, &r, 2);
    fprintf(f, "\n<!--more-->\n\n## What you can do\n\n");
    put_sentences(f, &r, 4);
    fprintf(f, "\n- %s\n- %s\n- %s\n\n## Why it helps\n\n", sentences[next(&r) % COUNT(sentences)],
            sentences[next(&r) % COUNT(sentences)], sentences[next(&r) % COUNT(sentences)]);
    put_sentences(f, &r, 5);
    fprintf(f, "\n> %s\n", sentences[next(&r) % COUNT(sentences)]);
    return fclose(f) == 0 ? 0 : -1;
}

static int make_dir(const char *path) {
    return mkdir(path, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

int main(int argc, char **argv) {
    if (argc < 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: bench_photos OUT_DIR [--pages N] [--size WxH] [--seed S] "
                        "[--quality Q]\n");
        return 2;
    }
    const char *dir = argv[1];
    int pages = 50, w = 4032, h = 3024, quality = 92;
    unsigned long long seed = 1;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--pages") == 0) pages = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--size") == 0 && sscanf(argv[i + 1], "%dx%d", &w, &h) == 2) {}
        else if (strcmp(argv[i], "--seed") == 0) seed = strtoull(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--quality") == 0) quality = atoi(argv[i + 1]);
        else {
            fprintf(stderr, "bench_photos: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    if (pages < 1 || pages > MAX_PAGES || w < 64 || h < 64 || w > 8192 || h > 8192 ||
        quality < 1 || quality > 100) {
        fprintf(stderr, "bench_photos: pages 1..%d, size 64..8192 a side, quality 1..100\n",
                MAX_PAGES);
        return 2;
    }
    char path[1200];
    snprintf(path, sizeof path, "%s/pages", dir);
    if (make_dir(dir) != 0 || make_dir(path) != 0) goto fail;
    snprintf(path, sizeof path, "%s/images", dir);
    if (make_dir(path) != 0) goto fail;
    snprintf(path, sizeof path, "%s/content.ini", dir);
    FILE *ini = fopen(path, "w");
    if (!ini) goto fail;
    fprintf(ini, "; %d pages with %dx%d photos, made by tests/bench/bench_photos (seed %llu).\n"
                 "title = Photos for the benchmark\nlanguage = en\n",
            pages, w, h, seed);
    if (fclose(ini) != 0) goto fail;
    long long bytes = 0;
    for (int i = 1; i <= pages; i++) {
        snprintf(path, sizeof path, "%s/images/photo-%02d.jpg", dir, i);
        if (write_photo(path, w, h, seed * 1000 + (uint64_t)i, quality) != 0) goto fail;
        struct stat st;
        if (stat(path, &st) == 0) bytes += st.st_size;
        if (write_page(dir, i, seed) != 0) {
            snprintf(path, sizeof path, "%s/pages", dir);
            goto fail;
        }
    }
    printf("bench_photos: %d pages, %dx%d photos, %.1f MB of JPEG (%.2f MB each) in %s\n", pages,
           w, h, (double)bytes / 1e6, (double)bytes / 1e6 / pages, dir);
    return 0;
fail:
    fprintf(stderr, "bench_photos: %s: %s\n", path, strerror(errno));
    return 1;
}
