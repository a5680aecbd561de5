/* test_rastercache.c - an SVG is drawn once for a size and kept in the
 * data folder (rastercache.h, picture_use_cache): the second load of the
 * same picture at the same size comes from the cache (a planted entry is
 * what is shown), pixel for pixel what a fresh drawing gives; another
 * size or changed bytes make a new entry; a cut, garbage or wrongly
 * headed entry is ignored, drawn afresh and written again; the folder
 * stays within its bound, least recently used first; and without a data
 * folder nothing is written. */
#define _GNU_SOURCE
#include <SDL.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "files.h"
#include "picture.h"
#include "rastercache.h"

static const char *SVG_RED =
    "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 100 60'>"
    "<rect width='100' height='60' fill='#fff'/>"
    "<circle cx='30' cy='30' r='25' fill='#c03020'/>"
    "<path d='M60 10 L95 50 L60 50 Z' fill='#2050c0' opacity='0.7'/></svg>";
static const char *SVG_GREEN =
    "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 100 60'>"
    "<rect width='100' height='60' fill='#fff'/>"
    "<circle cx='30' cy='30' r='25' fill='#20c030'/></svg>";

static void write_file(const char *path, const void *data, size_t len) {
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f) return;
    fwrite(data, 1, len, f);
    fclose(f);
}

static bool same_pixels(const SDL_Surface *a, const SDL_Surface *b) {
    if (!a || !b || a->w != b->w || a->h != b->h) return false;
    for (int y = 0; y < a->h; y++)
        if (memcmp((const char *)a->pixels + (size_t)y * (size_t)a->pitch,
                   (const char *)b->pixels + (size_t)y * (size_t)b->pitch, (size_t)a->w * 4) != 0)
            return false;
    return true;
}

/* Regular files in dir. */
static int count_files(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) return 0;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        if (de->d_name[0] != '.') n++;
    closedir(d);
    return n;
}

static off_t file_size(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 ? st.st_size : -1;
}

/* The cache entry of the picture at path drawn at w x h. */
static void entry_of(const char *cache, const char *path, int w, int h, char *out, size_t size) {
    rastercache_key key;
    char err[600];
    CHECK_INT(rastercache_key_of_file(path, &key, err, sizeof err), 0);
    CHECK(rastercache_entry_path(out, size, cache, &key, w, h));
}

static void set_used(const char *path, time_t when) {
    struct timespec t[2] = {{when, 0}, {when, 0}};
    CHECK_INT(utimensat(AT_FDCWD, path, t, 0), 0);
}

/* The bound, on the store alone: entries of 10x10 (440 bytes each). */
static void test_bound(const char *dir) {
    uint32_t px[100];
    for (int i = 0; i < 100; i++) px[i] = 0xFF000000u | (uint32_t)i;
    size_t one = RASTERCACHE_HEADER_BYTES + sizeof px;
    char err[600], paths[5][4096];
    rastercache_key keys[5];
    for (int i = 0; i < 5; i++) {
        memset(&keys[i], i + 1, sizeof keys[i]);
        CHECK_INT(rastercache_store(dir, &keys[i], 10, 10, px, 40, 100 * one, err, sizeof err), 0);
        CHECK(rastercache_entry_path(paths[i], sizeof paths[i], dir, &keys[i], 10, 10));
        set_used(paths[i], 1000000 + i * 10); /* 0 the oldest */
    }
    CHECK_INT(count_files(dir), 5);
    /* Entry 0 used now: 1 and 2 are then the least recently used. */
    uint32_t back[100];
    CHECK_INT(rastercache_load(dir, &keys[0], 10, 10, back, 40, err, sizeof err), 0);
    CHECK(memcmp(back, px, sizeof px) == 0);
    /* A temporary file left by a power cut goes too. */
    char temp[4300];
    snprintf(temp, sizeof temp, "%s/.x.argb.AbC123", dir);
    write_file(temp, "half", 4);
    CHECK_INT(rastercache_trim(dir, 3 * one), 3);
    CHECK_INT(count_files(dir), 3);
    CHECK(file_size(temp) < 0);
    CHECK(file_size(paths[0]) == (off_t)one);
    CHECK(file_size(paths[1]) < 0 && file_size(paths[2]) < 0);
    CHECK(file_size(paths[3]) == (off_t)one && file_size(paths[4]) == (off_t)one);
    /* A store keeps the bound: one more entry, 4 would not fit in 3. */
    rastercache_key k6;
    memset(&k6, 9, sizeof k6);
    CHECK_INT(rastercache_store(dir, &k6, 10, 10, px, 40, 3 * one, err, sizeof err), 0);
    CHECK_INT(count_files(dir), 3);
    CHECK(file_size(paths[3]) < 0); /* the oldest of those left */
    /* An entry larger than the bound is not written. */
    CHECK_INT(rastercache_store(dir, &k6, 10, 10, px, 40, one - 1, err, sizeof err), -1);
    CHECK(strstr(err, "bound") != NULL);
    /* The wrong key or size in a header: removed, reported as damaged. */
    char moved[4096];
    CHECK(rastercache_entry_path(moved, sizeof moved, dir, &keys[1], 10, 10));
    CHECK_INT(rename(paths[0], moved), 0);
    CHECK_INT(rastercache_load(dir, &keys[1], 10, 10, back, 40, err, sizeof err), -1);
    CHECK(strstr(err, "header") != NULL);
    CHECK(file_size(moved) < 0);
    CHECK_INT(rastercache_load(dir, &keys[1], 10, 10, back, 40, err, sizeof err), 1);
}

int main(void) {
    char root[] = "/tmp/kiosk-rastercache-XXXXXX";
    CHECK(mkdtemp(root) != NULL);
    char svg[100], data[100], cache[200], bound_dir[100];
    snprintf(svg, sizeof svg, "%s/picture.svg", root);
    snprintf(data, sizeof data, "%s/data", root);
    snprintf(cache, sizeof cache, "%s/data/%s", root, PICTURE_CACHE_FOLDER);
    snprintf(bound_dir, sizeof bound_dir, "%s/bound", root);
    write_file(svg, SVG_RED, strlen(SVG_RED));
    const int W = 317, H = 190;

    /* Without a data folder: drawn, nothing kept. */
    picture_use_cache(NULL);
    SDL_Surface *fresh = picture_load(svg, W, H);
    CHECK(fresh != NULL);
    struct stat st;
    CHECK(stat(data, &st) != 0);

    picture_use_cache(data);
    char entry[4096];
    entry_of(cache, svg, W, H, entry, sizeof entry);
    /* First use: drawn and kept, the same pixels. */
    SDL_Surface *first = picture_load(svg, W, H);
    CHECK(same_pixels(first, fresh));
    off_t whole = RASTERCACHE_HEADER_BYTES + (off_t)W * H * 4;
    CHECK(file_size(entry) == whole);
    /* The entry holds exactly a fresh drawing's pixels. */
    SDL_Surface *kept = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    rastercache_key key;
    char err[600];
    CHECK_INT(rastercache_key_of_file(svg, &key, err, sizeof err), 0);
    CHECK_INT(rastercache_load(cache, &key, W, H, kept->pixels, (size_t)kept->pitch, err,
                               sizeof err), 0);
    CHECK(same_pixels(kept, fresh));
    /* The second load comes from the cache: a planted entry is shown. */
    SDL_Surface *planted = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_FillRect(planted, NULL, 0xFF11AA33u);
    CHECK_INT(rastercache_store(cache, &key, W, H, planted->pixels, (size_t)planted->pitch,
                                RASTERCACHE_BOUND_BYTES, err, sizeof err), 0);
    SDL_Surface *second = picture_load(svg, W, H);
    CHECK(same_pixels(second, planted));
    SDL_FreeSurface(second);
    char why[300];
    second = picture_open(svg, W, H, why, sizeof why); /* the running kiosk's way too */
    CHECK(same_pixels(second, planted));
    SDL_FreeSurface(second);
    unlink(entry);
    second = picture_load(svg, W, H); /* gone: drawn again */
    CHECK(same_pixels(second, fresh));
    SDL_FreeSurface(second);
    second = picture_load(svg, W, H); /* and now from the cache: the same */
    CHECK(same_pixels(second, fresh));
    SDL_FreeSurface(second);
    CHECK_INT(count_files(cache), 1);

    /* Another size: another entry. */
    SDL_Surface *small = picture_load(svg, 100, 60);
    CHECK(small != NULL && small->w == 100);
    char small_entry[4096];
    entry_of(cache, svg, 100, 60, small_entry, sizeof small_entry);
    CHECK(file_size(small_entry) == RASTERCACHE_HEADER_BYTES + 100 * 60 * 4);
    CHECK_INT(count_files(cache), 2);
    SDL_FreeSurface(small);

    /* A cut entry: ignored, drawn afresh, written again whole. */
    CHECK_INT(truncate(entry, whole / 2), 0);
    second = picture_load(svg, W, H);
    CHECK(same_pixels(second, fresh));
    SDL_FreeSurface(second);
    CHECK(file_size(entry) == whole);
    /* Garbage of the right length: the same. */
    unsigned char *junk = malloc((size_t)whole);
    for (off_t i = 0; i < whole; i++) junk[i] = (unsigned char)(i * 7919 >> 3);
    write_file(entry, junk, (size_t)whole);
    second = picture_load(svg, W, H);
    CHECK(same_pixels(second, fresh));
    SDL_FreeSurface(second);
    /* Only the pixels damaged (a flipped byte): the checksum finds it. */
    FILE *f = fopen(entry, "r+b");
    CHECK(f != NULL);
    if (f) {
        fseek(f, RASTERCACHE_HEADER_BYTES + 4 * (W * 50 + 40), SEEK_SET);
        fputc(0x5A, f);
        fclose(f);
    }
    second = picture_load(svg, W, H);
    CHECK(same_pixels(second, fresh));
    SDL_FreeSurface(second);
    CHECK_INT(rastercache_load(cache, &key, W, H, kept->pixels, (size_t)kept->pitch, err,
                               sizeof err), 0);
    CHECK(same_pixels(kept, fresh));
    free(junk);

    /* The picture changed: a new entry, the new picture shown. */
    write_file(svg, SVG_GREEN, strlen(SVG_GREEN));
    picture_use_cache(NULL);
    SDL_Surface *green_fresh = picture_load(svg, W, H);
    picture_use_cache(data);
    SDL_Surface *green = picture_load(svg, W, H);
    CHECK(green_fresh != NULL && same_pixels(green, green_fresh));
    CHECK(!same_pixels(green, fresh));
    CHECK_INT(count_files(cache), 3);
    char green_entry[4096];
    entry_of(cache, svg, W, H, green_entry, sizeof green_entry);
    CHECK(strcmp(green_entry, entry) != 0 && file_size(green_entry) == whole);
    SDL_FreeSurface(green);
    SDL_FreeSurface(green_fresh);

    picture_use_cache(NULL);
    test_bound(bound_dir);

    SDL_FreeSurface(first);
    SDL_FreeSurface(fresh);
    SDL_FreeSurface(kept);
    SDL_FreeSurface(planted);
    fixture_sh("rm -rf %s", root);
    return check_summary();
}
