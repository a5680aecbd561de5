/* rastercache.c - rasterised pictures kept on disk. See rastercache.h.
 *
 * The header: "KIOSKRC1", w and h (uint32), the key (16 bytes), then a
 * checksum of the pixels (uint64), all in this machine's byte order (the
 * cache never leaves the machine). The checksum is a multiply-xor over
 * 64-bit words: it is there to catch a damaged card, not an attacker (the
 * cache folder is the kiosk's own), and costs a few ms for a full screen
 * where a cryptographic hash would cost tens on a Pi 3. */
#define _GNU_SOURCE
#include "rastercache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"
#include "safe_open.h"

static const char MAGIC[8] = {'K', 'I', 'O', 'S', 'K', 'R', 'C', '1'};

typedef struct {
    char magic[8];
    uint32_t w, h;
    unsigned char key[RASTERCACHE_KEY_BYTES];
    uint64_t sum;
} header;
_Static_assert(sizeof(header) == RASTERCACHE_HEADER_BYTES, "header layout");

/* The pixels' checksum: rows of w * 4 bytes, pitch apart. */
static uint64_t checksum(const uint32_t *pixels, int w, int h, size_t pitch) {
    uint64_t s = 0x9E3779B97F4A7C15ull ^ ((uint64_t)(uint32_t)w << 32 | (uint32_t)h);
    for (int y = 0; y < h; y++) {
        const uint32_t *row = (const uint32_t *)(const void *)((const char *)pixels + (size_t)y * pitch);
        int x = 0;
        for (; x + 1 < w; x += 2) {
            uint64_t v = (uint64_t)row[x] | (uint64_t)row[x + 1] << 32;
            s = (s ^ v) * 0x100000001B3ull;
            s ^= s >> 29;
        }
        if (x < w) s = ((s ^ row[x]) * 0x100000001B3ull) ^ (s >> 29);
    }
    return s;
}

int rastercache_key_of_file(const char *path, rastercache_key *key, char *err, size_t errsize) {
    char why[256];
    struct stat st;
    int fd = safe_open_at(AT_FDCWD, path, SAFE_FILE, &st, why, sizeof why);
    if (fd < 0) {
        snprintf(err, errsize, "%s: %s", path, why);
        return -1;
    }
    if ((unsigned long long)st.st_size > RASTERCACHE_MAX_SOURCE_BYTES) {
        close(fd);
        snprintf(err, errsize, "%s: too large to keep drawn (%lld bytes)", path,
                 (long long)st.st_size);
        return -1;
    }
    crypto_generichash_state hs;
    crypto_generichash_init(&hs, NULL, 0, RASTERCACHE_KEY_BYTES);
    unsigned char buf[65536];
    unsigned long long total = 0;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            snprintf(err, errsize, "%s: cannot read it: %s", path, strerror(errno));
            close(fd);
            return -1;
        }
        if (n == 0) break;
        total += (unsigned long long)n;
        if (total > RASTERCACHE_MAX_SOURCE_BYTES) {
            snprintf(err, errsize, "%s: too large to keep drawn", path);
            close(fd);
            return -1;
        }
        crypto_generichash_update(&hs, buf, (unsigned long long)n);
    }
    close(fd);
    crypto_generichash_final(&hs, key->bytes, RASTERCACHE_KEY_BYTES);
    return 0;
}

bool rastercache_entry_path(char *out, size_t size, const char *dir, const rastercache_key *key,
                            int w, int h) {
    char name[RASTERCACHE_KEY_BYTES * 2 + 32];
    sodium_bin2hex(name, RASTERCACHE_KEY_BYTES * 2 + 1, key->bytes, RASTERCACHE_KEY_BYTES);
    size_t n = strlen(name);
    snprintf(name + n, sizeof name - n, "-%dx%d.argb", w, h);
    return files_join(out, size, dir, name);
}

static bool size_ok(int w, int h) { return w > 0 && h > 0 && w <= 16384 && h <= 16384; }

int rastercache_load(const char *dir, const rastercache_key *key, int w, int h, uint32_t *pixels,
                     size_t pitch, char *err, size_t errsize) {
    char path[4096];
    if (!size_ok(w, h) || pitch < (size_t)w * 4 ||
        !rastercache_entry_path(path, sizeof path, dir, key, w, h))
        return 1;
    char why[256];
    struct stat st;
    int fd = safe_open_at(AT_FDCWD, path, SAFE_FILE, &st, why, sizeof why);
    if (fd < 0 && errno == ENOENT) return 1;
    const char *wrong = NULL;
    header hd;
    size_t row = (size_t)w * 4;
    if (fd < 0) {
        wrong = why;
    } else if ((unsigned long long)st.st_size !=
               RASTERCACHE_HEADER_BYTES + (unsigned long long)row * (unsigned long long)h) {
        wrong = "its length is wrong (cut short, or not an entry)";
    } else if (pread(fd, &hd, sizeof hd, 0) != (ssize_t)sizeof hd ||
               memcmp(hd.magic, MAGIC, sizeof MAGIC) != 0 || hd.w != (uint32_t)w ||
               hd.h != (uint32_t)h || memcmp(hd.key, key->bytes, RASTERCACHE_KEY_BYTES) != 0) {
        wrong = "its header is not this entry's";
    } else {
        for (int y = 0; y < h && !wrong; y++) {
            char *dst = (char *)pixels + (size_t)y * pitch;
            off_t at = (off_t)(RASTERCACHE_HEADER_BYTES + (size_t)y * row);
            if (pitch == row && y == 0) { /* one read for the whole picture */
                size_t all = row * (size_t)h, got = 0;
                while (got < all) {
                    ssize_t r = pread(fd, dst + got, all - got, at + (off_t)got);
                    if (r < 0 && errno == EINTR) continue;
                    if (r <= 0) break;
                    got += (size_t)r;
                }
                if (got != all) wrong = "it cannot be read in full";
                break;
            }
            if (pread(fd, dst, row, at) != (ssize_t)row) wrong = "it cannot be read in full";
        }
        if (!wrong && checksum(pixels, w, h, pitch) != hd.sum)
            wrong = "its pixels do not match their checksum (damaged)";
    }
    if (wrong) {
        if (fd >= 0) close(fd);
        snprintf(err, errsize, "%s: %s: removed, to be drawn again", path, wrong);
        unlink(path);
        return -1;
    }
    futimens(fd, NULL); /* used now: the last to go when the folder is trimmed */
    close(fd);
    return 0;
}

int rastercache_store(const char *dir, const rastercache_key *key, int w, int h,
                      const uint32_t *pixels, size_t pitch, size_t bound, char *err,
                      size_t errsize) {
    char path[4096];
    if (!size_ok(w, h) || pitch < (size_t)w * 4 ||
        !rastercache_entry_path(path, sizeof path, dir, key, w, h)) {
        snprintf(err, errsize, "%s: no entry for a %dx%d picture", dir, w, h);
        return -1;
    }
    size_t row = (size_t)w * 4, len = RASTERCACHE_HEADER_BYTES + row * (size_t)h;
    if (len > bound) {
        snprintf(err, errsize, "%s: a %dx%d picture is larger than the cache's bound", path, w, h);
        return -1;
    }
    if (files_make_folders(dir, err, errsize) != 0) return -1;
    unsigned char *data = malloc(len);
    if (!data) {
        snprintf(err, errsize, "%s: out of memory", path);
        return -1;
    }
    header hd;
    memset(&hd, 0, sizeof hd);
    memcpy(hd.magic, MAGIC, sizeof MAGIC);
    hd.w = (uint32_t)w;
    hd.h = (uint32_t)h;
    memcpy(hd.key, key->bytes, RASTERCACHE_KEY_BYTES);
    hd.sum = checksum(pixels, w, h, pitch);
    memcpy(data, &hd, sizeof hd);
    for (int y = 0; y < h; y++)
        memcpy(data + RASTERCACHE_HEADER_BYTES + (size_t)y * row,
               (const char *)pixels + (size_t)y * pitch, row);
    int rc = files_write_atomic(path, data, len, 0644, FILES_GIVE_TO_FOLDER_OWNER, err, errsize);
    free(data);
    if (rc == 0) rastercache_trim(dir, bound);
    return rc;
}

typedef struct {
    char name[256];
    off_t size;
    struct timespec used;
} entry;

static int older_first(const void *a, const void *b) {
    const entry *x = a, *y = b;
    if (x->used.tv_sec != y->used.tv_sec) return x->used.tv_sec < y->used.tv_sec ? -1 : 1;
    if (x->used.tv_nsec != y->used.tv_nsec) return x->used.tv_nsec < y->used.tv_nsec ? -1 : 1;
    return strcmp(x->name, y->name);
}

static bool is_entry_name(const char *name) {
    size_t n = strlen(name);
    return name[0] != '.' && n > 5 && strcmp(name + n - 5, ".argb") == 0;
}

int rastercache_trim(const char *dir, size_t bound) {
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dfd < 0) return 0;
    DIR *d = fdopendir(dfd);
    if (!d) {
        close(dfd);
        return 0;
    }
    entry *list = NULL;
    size_t count = 0, cap = 0;
    unsigned long long total = 0;
    int removed = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
        struct stat st;
        if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
        if (!S_ISREG(st.st_mode) || !is_entry_name(de->d_name) ||
            strlen(de->d_name) >= sizeof list->name) {
            if (!S_ISDIR(st.st_mode) && unlinkat(dfd, de->d_name, 0) == 0) removed++;
            continue;
        }
        if (count == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            entry *grown = realloc(list, ncap * sizeof *list);
            if (!grown) break;
            list = grown;
            cap = ncap;
        }
        snprintf(list[count].name, sizeof list[count].name, "%s", de->d_name);
        list[count].size = st.st_size;
        list[count].used = st.st_mtim;
        total += (unsigned long long)st.st_size;
        count++;
    }
    if (count > 1) qsort(list, count, sizeof *list, older_first);
    for (size_t i = 0; i < count && total > bound; i++) {
        if (unlinkat(dfd, list[i].name, 0) == 0) removed++;
        total -= (unsigned long long)list[i].size;
    }
    free(list);
    closedir(d);
    return removed;
}
