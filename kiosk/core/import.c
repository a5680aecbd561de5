/* import.c - all-or-nothing content installs. See import.h.
 *
 * The order of operations is what makes it safe across a power cut, as
 * in SQLite's and git's own writes: write the new copy beside the old
 * one, fsync every file and folder, then one rename() switches `current`
 * (rename(2) is atomic: a reader sees the old link or the new one). Old
 * versions are removed only after `previous` points at the right one. */
#define _GNU_SOURCE
#include "import.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <sodium.h>
#include <unistd.h>

#include "content.h"
#include "files.h"
#include "safe_open.h"

/* See import.h. */
int import_copy_file(const char *src_dir, const char *src, const char *dst, long long *done,
                     unsigned char hash[SIGN_HASH_BYTES], char *err, size_t errsize) {
    char why[300];
    int in = safe_open_below(src_dir, src, SAFE_FILE, NULL, why, sizeof why);
    if (in < 0) {
        snprintf(err, errsize, "cannot read %s: %s", src, why);
        return -1;
    }
    int out = dst ? open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644) : -1;
    if (dst && out < 0) {
        int e = errno;
        snprintf(err, errsize, "cannot write %s: %s", dst, strerror(e));
        close(in);
        errno = e;
        return -1;
    }
    char buf[64 * 1024];
    ssize_t n;
    int rc = 0;
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    while ((n = read(in, buf, sizeof buf)) > 0) {
        crypto_hash_sha256_update(&h, (const unsigned char *)buf, (unsigned long long)n);
        for (ssize_t off = 0; dst && off < n;) {
            ssize_t w = write(out, buf + off, (size_t)(n - off));
            if (w < 0) {
                snprintf(err, errsize, "cannot write %s: %s%s", dst, strerror(errno),
                         errno == ENOSPC ? " (the kiosk's storage is full)" : "");
                rc = -1;
                break;
            }
            off += w;
        }
        if (rc) break;
        *done += n;
    }
    if (n < 0) {
        snprintf(err, errsize, "cannot read %s: %s (was the stick pulled out?)", src, strerror(errno));
        rc = -1;
    }
    if (rc == 0 && dst && fsync(out) != 0) {
        snprintf(err, errsize, "cannot save %s: %s", dst, strerror(errno));
        rc = -1;
    }
    crypto_hash_sha256_final(&h, hash);
    int e = errno;
    close(in);
    if (dst) close(out);
    errno = e;
    return rc;
}

/* Points link (a symlink in root) at target, atomically: a new link
 * renamed over the old one. */
static int set_link(const char *root, const char *link, const char *target) {
    char tmp[PATH_MAX], final[PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s/%s.new", root, link);
    files_join(final, sizeof final, root, link);
    unlink(tmp);
    if (symlink(target, tmp) != 0) return -1;
    if (rename(tmp, final) != 0) {
        unlink(tmp);
        return -1;
    }
    return files_fsync_path(root);
}

/* The name a link in root points to ("v-..."), or "" when none. */
static void read_link(const char *root, const char *link, char *out, size_t size) {
    char path[PATH_MAX];
    files_join(path, sizeof path, root, link);
    ssize_t n = readlink(path, out, size - 1);
    out[n > 0 ? n : 0] = '\0';
    if (strchr(out, '/')) out[0] = '\0'; /* only our own relative names */
}

/* The folder data_dir/content/<link> points to, if it is there. */
static bool linked_version(const char *data_dir, const char *link, char *out, size_t size) {
    char root[PATH_MAX], name[256];
    files_join(root, sizeof root, data_dir, "content");
    read_link(root, link, name, sizeof name);
    if (!name[0]) return false;
    struct stat st;
    return files_join(out, size, root, name) && stat(out, &st) == 0 && S_ISDIR(st.st_mode);
}

bool import_current(const char *data_dir, char *out, size_t size) {
    return linked_version(data_dir, "current", out, size);
}

/* ---- Two installs at once ----
 * The staff screen (a USB stick) and the inbox (sync) may install at the
 * same time, on two threads, and `kiosk import` may run beside the kiosk.
 * Each staging folder is held with flock() on the folder itself for as
 * long as its copy lives (import_staged.lock), so tidy() removes only
 * what nobody holds: what a power cut or a killed process left. The
 * switch (naming the version, `current`, `previous`, tidying) holds
 * DATA/content itself, so two switches, or a switch and a roll back,
 * take turns. The kernel drops the locks when the process ends. */

/* Opens folder and takes flock(how); the descriptor, or -1. */
static int lock_folder(const char *folder, int how) {
    int fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return -1;
    while (flock(fd, how) != 0) {
        if (errno == EINTR) continue;
        close(fd);
        return -1;
    }
    return fd;
}

static void unlock_folder(int fd) {
    if (fd >= 0) close(fd);
}

/* Removes what an interrupted import left, and versions no link uses.
 * The caller holds root (lock_folder): see tidy(). */
static void tidy_locked(const char *root) {
    char current[256], previous[256];
    read_link(root, "current", current, sizeof current);
    read_link(root, "previous", previous, sizeof previous);
    DIR *d = opendir(root);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        bool staging = strncmp(e->d_name, "staging-", 8) == 0;
        bool old = strncmp(e->d_name, "v-", 2) == 0 && strcmp(e->d_name, current) != 0 &&
                   strcmp(e->d_name, previous) != 0;
        bool stale_link = strstr(e->d_name, ".new") != NULL;
        if (staging || old || stale_link) {
            char path[PATH_MAX];
            files_join(path, sizeof path, root, e->d_name);
            /* A staging folder another install holds is its copy in the making. */
            int held = staging ? lock_folder(path, LOCK_EX | LOCK_NB) : -1;
            if (staging && held < 0 && errno == EWOULDBLOCK) continue;
            files_remove_tree(path);
            unlock_folder(held);
        }
    }
    if (d) closedir(d);
    files_fsync_path(root);
}

/* tidy_locked, holding root: never between another install's rename of
 * its copy to v-... and its switch of `current` to it. */
static void tidy(const char *root) {
    int held = lock_folder(root, LOCK_EX);
    tidy_locked(root);
    unlock_folder(held);
}

static const char *base_name(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static bool is_raster(const content_image *img) {
    return img->info.kind == IMAGE_PNG || img->info.kind == IMAGE_JPEG;
}


static long long file_size(const char *path) {
    struct stat st;
    return path && lstat(path, &st) == 0 && S_ISREG(st.st_mode) ? (long long)st.st_size : 0;
}

/* The bytes of a picture once it is written again at max_side: the
 * original's bytes per pixel, times the scaled size's pixels; never more
 * than the original. SVGs are copied as they are. */
static long long picture_bytes(const content_image *img, int max_side) {
    long long bytes = file_size(img->path);
    int w = img->info.width, h = img->info.height;
    if (max_side <= 0 || !is_raster(img) || w <= 0 || h <= 0 || (w <= max_side && h <= max_side))
        return bytes;
    double scale = w > h ? (double)max_side / w : (double)max_side / h;
    return (long long)((double)bytes * scale * scale) + 1;
}

long long import_measure(const content *c, const char *src_dir, int max_side, int *pictures) {
    char ini[PATH_MAX];
    long long bytes = files_join(ini, sizeof ini, src_dir, "content.ini") ? file_size(ini) : 0;
    int count = 0;
    for (int p = 0; p < c->page_count; p++) {
        for (int t = 0; t < c->pages[p].text_count; t++) bytes += file_size(c->pages[p].texts[t].file);
        const char *img = c->pages[p].image.path;
        if (!img) continue;
        bool seen = false;
        for (int q = 0; q < p && !seen; q++)
            seen = c->pages[q].image.path && strcmp(c->pages[q].image.path, img) == 0;
        if (!seen) {
            count++;
            bytes += picture_bytes(&c->pages[p].image, max_side);
        }
    }
    for (int p = 0; p < c->page_count; p++)   /* a file two texts play: counted twice */
        for (int t = 0; t < c->pages[p].text_count; t++)
            if (c->pages[p].texts[t].recording) bytes += file_size(c->pages[p].texts[t].recording);
    if (pictures) *pictures = count;
    return bytes;
}

bool import_fits(long long bytes, const char *src_dir, diag_list *diags) {
    if (bytes <= IMPORT_MAX_BYTES) return true;
    diag_add(diags, DIAG_ERROR, src_dir, 0,
             "the content is %lld MB; at most %ld MB can be installed, so use smaller pictures",
             bytes / (1024 * 1024), IMPORT_MAX_BYTES / (1024 * 1024));
    return false;
}

/* 1 and *version when DATA/signed-version holds one; 0 when there is no
 * such file; -1 when it is there but unreadable or damaged (err says). */
static int read_signed_version(const char *data_dir, unsigned long long *version, char *err,
                               size_t errsize) {
    char path[PATH_MAX], *text = NULL;
    size_t len = 0;
    *version = 0;
    if (!files_join(path, sizeof path, data_dir, IMPORT_SIGNED_VERSION_FILE)) {
        snprintf(err, errsize, "the data folder's name is too long");
        return -1;
    }
    int rc = files_read_small(path, 31, &text, &len, err, errsize);
    if (rc != 0) return rc > 0 ? 0 : -1;
    size_t digits = strspn(text, "0123456789");
    bool good = digits > 0 && digits <= SIGN_VERSION_DIGITS && strcmp(text + digits, "\n") == 0;
    if (good) *version = strtoull(text, NULL, 10);
    else snprintf(err, errsize, "%s is damaged", path);
    free(text);
    return good ? 1 : -1;
}

bool import_signed_version(const char *data_dir, unsigned long long *version) {
    char err[PATH_MAX + 100];
    return read_signed_version(data_dir, version, err, sizeof err) == 1;
}

/* The source's fingerprint (import.h): each file read, in the order
 * install copies them, as its name under the content folder, a 0 byte and
 * its SHA-256. */
static void fingerprint_add(crypto_hash_sha256_state *fp, const char *rel,
                            const unsigned char hash[SIGN_HASH_BYTES]) {
    crypto_hash_sha256_update(fp, (const unsigned char *)rel, strlen(rel) + 1);
    crypto_hash_sha256_update(fp, hash, SIGN_HASH_BYTES);
}

static void fingerprint_final(crypto_hash_sha256_state *fp, char out[IMPORT_FINGERPRINT_LEN]) {
    unsigned char digest[SIGN_HASH_BYTES];
    crypto_hash_sha256_final(fp, digest);
    sodium_bin2hex(out, IMPORT_FINGERPRINT_LEN, digest, sizeof digest);
}

/* Copies src (the stick's src_dir/rel) to dst, hashing the bytes as they
 * are written (dst NULL: only hashes them); signed content (m not NULL)
 * must hash as its manifest says. The stick is read once: what was hashed
 * is what was copied, and what goes into fp (may be NULL). Returns 0, -1
 * when the copy failed, -2 when it is not what was signed. */
static int copy_checked(const char *src_dir, const char *src, const char *rel, const char *dst,
                        const sign_manifest *m, crypto_hash_sha256_state *fp, long long *done,
                        diag_list *diags) {
    unsigned char hash[SIGN_HASH_BYTES];
    char err[PATH_MAX * 2 + 100];
    if (import_copy_file(src_dir, src, dst, done, hash, err, sizeof err) != 0) {
        diag_add(diags, DIAG_ERROR, src, 0, "%s", err);
        return -1;
    }
    if (fp) fingerprint_add(fp, rel, hash);
    return m && sign_check_copy(m, rel, hash, src, diags) != 0 ? -2 : 0;
}

/* Copies every recording the texts of c play into staging/sounds (NULL:
 * only hashes them, for import_fingerprint), after the pages and
 * pictures, in page and language order; one file played by two texts is
 * copied once. Copied as they are, then played from the copy by
 * o->recording (the shell's sound_load), as kiosk check and the staff
 * screen did. Returns as copy_checked does. */
static int copy_recordings(const content *c, const char *src_dir, const char *staging,
                           const import_options *o, const sign_manifest *m,
                           crypto_hash_sha256_state *fp, long long *done, long long *written,
                           diag_list *diags) {
    char dir[PATH_MAX], path[PATH_MAX], rel[PATH_MAX];
    bool made = false;
    if (staging && !files_join(dir, sizeof dir, staging, "sounds")) return -1;
    for (int p = 0; p < c->page_count; p++)
        for (int t = 0; t < c->pages[p].text_count; t++) {
            const char *rec = c->pages[p].texts[t].recording;
            if (!rec) continue;
            bool seen = false;
            for (int q = 0; q <= p && !seen; q++)
                for (int u = 0; u < (q == p ? t : c->pages[q].text_count) && !seen; u++)
                    seen = c->pages[q].texts[u].recording &&
                           strcmp(base_name(c->pages[q].texts[u].recording), base_name(rec)) == 0;
            if (seen) continue;
            if (!files_join(rel, sizeof rel, "sounds", base_name(rec))) return -1;
            if (staging) {
                if (!made && mkdir(dir, 0755) != 0) {
                    diag_add(diags, DIAG_ERROR, staging, 0, "cannot make folders: %s",
                             strerror(errno));
                    return -1;
                }
                made = true;
                if (!files_join(path, sizeof path, dir, base_name(rec))) return -1;
            }
            int rc = copy_checked(src_dir, rec, rel, staging ? path : NULL, m, fp, done, diags);
            if (rc != 0) return rc;
            char err[300];
            if (staging && o && o->recording && o->recording(o->ctx, path, err, sizeof err) != 0) {
                diag_add(diags, DIAG_ERROR, c->pages[p].texts[t].file,
                         c->pages[p].texts[t].recording_line, "%s: %s", rel, err);
                return -1;
            }
            if (written) *written += file_size(rec);
        }
    if (made && files_fsync_path(dir) != 0) {
        diag_add(diags, DIAG_ERROR, dir, 0, "cannot save the copy: %s", strerror(errno));
        return -1;
    }
    return 0;
}

/* Is version newer than DATA/signed-version? 1 when it is (or none is
 * kept); 0 when not, with what in words ("signed on ..., not after the
 * signed content installed here (...)"); -1 when the file cannot be
 * read, with why. */
static int newer_than_installed(const char *data_dir, unsigned long long version, char *what,
                                size_t size) {
    unsigned long long installed;
    int have = read_signed_version(data_dir, &installed, what, size);
    if (have <= 0) return have == 0 ? 1 : -1;
    if (version > installed) return 1;
    char signed_words[64], installed_words[64];
    sign_version_words(version, signed_words, sizeof signed_words);
    sign_version_words(installed, installed_words, sizeof installed_words);
    snprintf(what, size, "signed %s%s, not after the signed content installed here (%s)",
             version ? "on " : "with ", signed_words, installed_words);
    return 0;
}

/* Stops an install that has no PIN: signed content newer than what was
 * installed goes on; anything else needs the PIN (said in diags). */
static bool needs_pin(const char *src_dir, const char *data_dir, sign_status signature,
                      const sign_manifest *m, diag_list *diags) {
    if (signature != SIGN_VALID) {
        diag_add(diags, DIAG_ERROR, src_dir, 0,
                 "this content is not signed (it has no %s now), so the staff PIN is needed",
                 SIGN_MANIFEST);
        return true;
    }
    char what[PATH_MAX + 200];
    int newer = newer_than_installed(data_dir, m->version, what, sizeof what);
    if (newer < 0)
        diag_add(diags, DIAG_ERROR, src_dir, 0,
                 "the kiosk cannot tell whether this signed content is newer than what it "
                 "installed before (%s), so the staff PIN is needed",
                 what);
    else if (newer == 0)
        diag_add(diags, DIAG_ERROR, src_dir, 0, "this content was %s, so the staff PIN is needed",
                 what);
    return newer != 1;
}

int import_fingerprint(const char *src_dir, char out[IMPORT_FINGERPRINT_LEN], diag_list *diags) {
    int errors_before = diags->errors;
    out[0] = '\0';
    content c;
    content_load(&c, src_dir, diags);
    if (diags->errors > errors_before || c.page_count == 0) {
        content_release(&c);
        return -1;
    }
    /* The files install copies, in its order (import_install, step 3). */
    crypto_hash_sha256_state fp;
    crypto_hash_sha256_init(&fp);
    char ini[PATH_MAX], rel[PATH_MAX];
    long long done = 0;
    struct stat st;
    int rc = 0;
    if (files_join(ini, sizeof ini, src_dir, "content.ini") && lstat(ini, &st) == 0)
        rc = copy_checked(src_dir, ini, "content.ini", NULL, NULL, &fp, &done, diags);
    for (int p = 0; p < c.page_count && rc == 0; p++) {
        const content_page *page = &c.pages[p];
        for (int t = 0; t < page->text_count && rc == 0; t++) {
            files_join(rel, sizeof rel, "pages", base_name(page->texts[t].file));
            rc = copy_checked(src_dir, page->texts[t].file, rel, NULL, NULL, &fp, &done, diags);
        }
        const char *img = page->image.path;
        if (rc != 0 || !img) continue;
        bool seen = false;   /* two pages, one picture: copied once */
        for (int q = 0; q < p && !seen; q++)
            seen = c.pages[q].image.path &&
                   strcmp(base_name(c.pages[q].image.path), base_name(img)) == 0;
        if (seen) continue;
        files_join(rel, sizeof rel, "images", base_name(img));
        rc = copy_checked(src_dir, img, rel, NULL, NULL, &fp, &done, diags);
    }
    if (rc == 0) rc = copy_recordings(&c, src_dir, NULL, NULL, NULL, &fp, &done, NULL, diags);
    content_release(&c);
    if (rc != 0) return -1;
    char hex[IMPORT_FINGERPRINT_LEN];
    fingerprint_final(&fp, hex);
    memcpy(out, hex, IMPORT_FINGERPRINT_LEN);
    return 0;
}

bool import_is_current(const char *data_dir, const char *fingerprint) {
    char dir[PATH_MAX], path[PATH_MAX], err[PATH_MAX + 100];
    if (!fingerprint || !fingerprint[0] || !import_current(data_dir, dir, sizeof dir) ||
        !files_join(path, sizeof path, dir, IMPORT_SOURCE_FILE))
        return false;
    char *text = NULL;
    size_t len = 0;
    if (files_read_small(path, IMPORT_FINGERPRINT_LEN, &text, &len, err, sizeof err) != 0)
        return false;
    bool same = len == IMPORT_FINGERPRINT_LEN && text[len - 1] == '\n' &&
                strlen(fingerprint) == IMPORT_FINGERPRINT_LEN - 1 &&
                memcmp(text, fingerprint, IMPORT_FINGERPRINT_LEN - 1) == 0;
    free(text);
    return same;
}

/* Steps 1 to 4 of an install (import.h, import_stage): the checked copy in
 * DATA/content/staging-XXXXXX, not active. */
int import_stage(const char *src_dir, const char *data_dir, const import_options *o,
                 import_staged *out, diag_list *diags) {
    int errors_before = diags->errors;
    bool without_pin = o && o->without_pin;
    memset(out, 0, sizeof *out);
    out->signature = SIGN_NONE;
    out->lock = -1;
    /* 1. Is the folder right? The same code as kiosk check, all or nothing. */
    content c;
    content_load(&c, src_dir, diags);
    if (diags->errors > errors_before || c.page_count == 0) {
        if (diags->errors == errors_before)
            diag_add(diags, DIAG_ERROR, src_dir, 0, "there are no pages to install");
        content_release(&c);
        return -1;
    }
    /* 2. Signed? The manifest is read once, here; its signature, key and
     * file names are checked now, each file's bytes as they are copied. */
    sign_manifest m;
    sign_status signature = sign_load(src_dir, o ? o->trusted_keys : NULL, &m, diags);
    const sign_manifest *check = signature == SIGN_VALID ? &m : NULL;
    if (o && o->signature) *o->signature = signature;
    if (signature == SIGN_BAD) {
        diag_add(diags, DIAG_ERROR, src_dir, 0, "the signed content does not verify; nothing was "
                                                "installed");
        content_release(&c);
        sign_manifest_release(&m);
        return -1;
    }
    if (without_pin && needs_pin(src_dir, data_dir, signature, &m, diags)) {
        content_release(&c);
        sign_manifest_release(&m);
        return IMPORT_NEEDS_PIN;
    }
    /* The cap is for what will be written; the progress for what is read. */
    long long total = import_measure(&c, src_dir, 0, NULL);
    if (!import_fits(import_measure(&c, src_dir, o && o->picture ? o->max_side : 0, NULL),
                     src_dir, diags)) {
        content_release(&c);
        sign_manifest_release(&m);
        return -1;
    }
    struct stat st;

    /* 3. A staging folder beside the installed versions. */
    char root[PATH_MAX], staging[PATH_MAX], path[PATH_MAX], rel[PATH_MAX], err[512];
    files_join(root, sizeof root, data_dir, "content");
    if (mkdir(root, 0755) != 0 && errno != EEXIST) {
        diag_add(diags, DIAG_ERROR, root, 0, "cannot make the folder: %s", strerror(errno));
        content_release(&c);
        sign_manifest_release(&m);
        return -1;
    }
    tidy(root);
    struct statvfs fs;
    if (statvfs(root, &fs) == 0 && (long long)fs.f_bavail * (long long)fs.f_frsize < total + total / 5) {
        diag_add(diags, DIAG_ERROR, root, 0,
                 "not enough room on the kiosk: the content needs %lld MB, %lld MB are free",
                 total / (1024 * 1024), (long long)fs.f_bavail * (long long)fs.f_frsize / (1024 * 1024));
        content_release(&c);
        sign_manifest_release(&m);
        return -1;
    }
    if (!files_join(staging, sizeof staging, root, "staging-XXXXXX") ||
        strlen(staging) >= sizeof out->dir || !mkdtemp(staging)) {
        diag_add(diags, DIAG_ERROR, root, 0, "cannot make a staging folder: %s", strerror(errno));
        content_release(&c);
        sign_manifest_release(&m);
        return -1;
    }
    chmod(staging, 0755);
    /* Held until activated or discarded: tidy() leaves it alone. */
    out->lock = lock_folder(staging, LOCK_EX | LOCK_NB);
    int rc = 0;
    long long done = 0, written = 0; /* bytes read from the stick; pictures written */
    crypto_hash_sha256_state fp;     /* the source's fingerprint, kept with the copy */
    crypto_hash_sha256_init(&fp);
    char pages_dir[PATH_MAX], images_dir[PATH_MAX];
    files_join(pages_dir, sizeof pages_dir, staging, "pages");
    files_join(images_dir, sizeof images_dir, staging, "images");
    if (mkdir(pages_dir, 0755) != 0 || mkdir(images_dir, 0755) != 0) {
        diag_add(diags, DIAG_ERROR, staging, 0, "cannot make folders: %s", strerror(errno));
        rc = -1;
    }

    /* 3. Copy what the pages use: content.ini, page files, pictures. Each
     * is checked as it is copied (signed: against the manifest). */
    char ini[PATH_MAX];
    files_join(ini, sizeof ini, src_dir, "content.ini");
    if (rc == 0 && lstat(ini, &st) == 0) {
        files_join(path, sizeof path, staging, "content.ini");
        rc = copy_checked(src_dir, ini, "content.ini", path, check, &fp, &done, diags);
    }
    for (int p = 0; p < c.page_count && rc == 0; p++) {
        const content_page *page = &c.pages[p];
        for (int t = 0; t < page->text_count && rc == 0; t++) {
            const char *name = base_name(page->texts[t].file);
            files_join(path, sizeof path, pages_dir, name);
            files_join(rel, sizeof rel, "pages", name);
            rc = copy_checked(src_dir, page->texts[t].file, rel, path, check, &fp, &done, diags);
        }
        if (o && o->progress) o->progress(o->ctx, done, total);
        const content_image *img = &page->image;
        if (rc != 0 || !img->path) continue;
        const char *name = base_name(img->path);
        files_join(path, sizeof path, images_dir, name);
        if (access(path, F_OK) == 0) continue; /* two pages, one picture */
        /* Every picture is written again through the picture gate: a PNG or
         * JPEG decoded and encoded afresh (scaled when too big, upright), so
         * the kiosk never decodes an original from a stick; an SVG drawn
         * once. What kiosk check refuses cannot get in. */
        bool scale = o && o->picture && o->max_side > 0;
        /* The picture is copied (and checked) first; the checks and the
         * scaler read that copy, never the stick again. */
        char raw[PATH_MAX];
        if (snprintf(raw, sizeof raw, "%s/.raw-%s", images_dir, name) >= (int)sizeof raw) {
            diag_add(diags, DIAG_ERROR, img->path, 0, "the name is too long");
            rc = -1;
            continue;
        }
        const char *copy = scale ? raw : path;
        files_join(rel, sizeof rel, "images", name);
        if ((rc = copy_checked(src_dir, img->path, rel, copy, check, &fp, &done, diags)) != 0) {
            /* said */
        } else if (!scale && is_raster(img) && imageinfo_verify(copy, err, sizeof err) != 0) {
            diag_add(diags, DIAG_ERROR, page->texts[0].file, img->line, "images/%s: %s", name, err);
            rc = -1;
        } else if (scale) {
            /* No 12-megapixel phone photo ever reaches the GPU. */
            if (o->picture(o->ctx, copy, path, o->max_side, err, sizeof err) != 0 ||
                files_fsync_path(path) != 0) {
                diag_add(diags, DIAG_ERROR, page->texts[0].file, img->line, "images/%s: %s",
                         name, err);
                rc = -1;
            }
            unlink(raw);
        }
        /* The cap holds for what is written, not only for the estimate. */
        written += file_size(path);
        if (rc == 0 && written > IMPORT_MAX_BYTES) {
            diag_add(diags, DIAG_ERROR, src_dir, 0,
                     "the content takes more than %ld MB once its pictures are scaled; use "
                     "fewer or smaller pictures",
                     IMPORT_MAX_BYTES / (1024 * 1024));
            rc = -1;
        }
        if (o && o->progress) o->progress(o->ctx, done, total);
    }
    if (rc == 0) {
        rc = copy_recordings(&c, src_dir, staging, o, check, &fp, &done, &written, diags);
        if (rc == 0 && written > IMPORT_MAX_BYTES) {
            diag_add(diags, DIAG_ERROR, src_dir, 0,
                     "the content takes more than %ld MB with its recordings; use fewer or "
                     "shorter recordings",
                     IMPORT_MAX_BYTES / (1024 * 1024));
            rc = -1;
        }
        if (o && o->progress) o->progress(o->ctx, done, total);
    }
    content_release(&c);
    if (rc == -2) {
        /* Read once and found not to be what was signed: swapped or
         * changed on the stick. The copy is dropped below. */
        if (o && o->signature) *o->signature = SIGN_BAD;
        diag_add(diags, DIAG_ERROR, src_dir, 0,
                 "the signed content does not verify; nothing was installed");
        rc = -1;
    }
    if (rc == 0) {
        /* What was read, kept with the copy: "is this stick the content on
         * screen?" (import_is_current). */
        char line[IMPORT_FINGERPRINT_LEN + 1];
        fingerprint_final(&fp, line);
        line[IMPORT_FINGERPRINT_LEN - 1] = '\n';
        line[IMPORT_FINGERPRINT_LEN] = '\0';
        char source[PATH_MAX];
        if (!files_join(source, sizeof source, staging, IMPORT_SOURCE_FILE) ||
            files_write_atomic(source, line, IMPORT_FINGERPRINT_LEN, 0644, 0, err,
                               sizeof err) != 0) {
            diag_add(diags, DIAG_ERROR, staging, 0, "%s", err);
            rc = -1;
        }
    }
    if (rc == 0 && (files_fsync_path(pages_dir) != 0 || files_fsync_path(images_dir) != 0 ||
                    files_fsync_path(staging) != 0)) {
        diag_add(diags, DIAG_ERROR, staging, 0, "cannot save the copy: %s", strerror(errno));
        rc = -1;
    }

    /* 4. Check the copy itself, as the kiosk will load it. */
    if (rc == 0) {
        diag_list again;
        diag_list_init(&again);
        content staged;
        content_load(&staged, staging, &again);
        if (again.errors > 0 || staged.page_count == 0) {
            diag_add(diags, DIAG_ERROR, src_dir, 0,
                     "the copy on the kiosk does not check out (%s); nothing was changed",
                     again.count ? again.items[0].message : "no pages");
            rc = -1;
        }
        content_release(&staged);
        diag_list_release(&again);
    }
    if (rc == 0 && without_pin && !check) {
        /* Never reached (needs_pin said so above); the rule, where it counts. */
        diag_add(diags, DIAG_ERROR, src_dir, 0, "the staff PIN is needed to install it");
        rc = IMPORT_NEEDS_PIN;
    }
    if (rc != 0) {
        files_remove_tree(staging);
        files_fsync_path(root);
        unlock_folder(out->lock);
        out->lock = -1;
        sign_manifest_release(&m);
        return rc == IMPORT_NEEDS_PIN ? rc : -1;
    }
    snprintf(out->dir, sizeof out->dir, "%s", staging);
    out->signature = check ? SIGN_VALID : SIGN_NONE;
    out->version = check ? m.version : 0;
    sign_manifest_release(&m);
    return 0;
}

void import_discard(import_staged *st) {
    if (!st || !st->dir[0]) return;
    /* Only a staging folder: never an installed version. */
    const char *name = base_name(st->dir);
    if (strncmp(name, "staging-", 8) == 0) {
        files_remove_tree(st->dir);
        char root[PATH_MAX];
        snprintf(root, sizeof root, "%.*s", (int)(name - 1 - st->dir), st->dir);
        /* content/ made for this copy alone (nothing installed yet) goes too. */
        if (rmdir(root) != 0) files_fsync_path(root);
    }
    unlock_folder(st->lock);
    st->lock = -1;
    st->dir[0] = '\0';
}

/* Steps 5 to 7 (import.h, import_activate), holding DATA/content. */
static int activate_locked(import_staged *st, const char *data_dir, const import_options *o,
                           diag_list *diags) {
    char root[PATH_MAX], path[PATH_MAX], err[512], expected[PATH_MAX];
    struct stat st_buf;
    files_join(root, sizeof root, data_dir, "content");
    /* Only our own staging folder in this data folder, still whole. */
    bool ours = st && st->dir[0] && strncmp(base_name(st->dir), "staging-", 8) == 0 &&
                files_join(expected, sizeof expected, root, base_name(st->dir)) &&
                strcmp(expected, st->dir) == 0 && lstat(st->dir, &st_buf) == 0 &&
                S_ISDIR(st_buf.st_mode);
    if (!ours) {
        diag_add(diags, DIAG_ERROR, root, 0,
                 "the checked copy is no longer there (was the kiosk's content folder tidied "
                 "meanwhile?); nothing was changed: install from the stick again");
        if (st) st->dir[0] = '\0';
        return -1;
    }
    int rc = 0;
    bool without_pin = o && o->without_pin;
    if (without_pin) {
        /* The same rule as before the copy, on what was copied. */
        sign_manifest m = {0};
        m.version = st->version;
        if (needs_pin(st->dir, data_dir, st->signature, &m, diags)) rc = IMPORT_NEEDS_PIN;
    }

    /* 5. Signed and newer than any signed content installed before: keep
     * its version, first (a power cut after this but before the switch
     * makes the same stick ask for the PIN, never the reverse). */
    if (rc == 0 && st->signature == SIGN_VALID) {
        char what[PATH_MAX + 200];
        if (newer_than_installed(data_dir, st->version, what, sizeof what) == 0) {
            diag_add(diags, DIAG_WARNING, st->dir, 0,
                     "this content was %s; it is installed anyway (the staff PIN was given, or "
                     "kiosk import was run)", what);
        } else {
            char line[32];
            int n = snprintf(line, sizeof line, "%llu\n", st->version);
            char version_path[PATH_MAX];
            if (!files_join(version_path, sizeof version_path, data_dir,
                            IMPORT_SIGNED_VERSION_FILE)) {
                diag_add(diags, DIAG_ERROR, data_dir, 0, "the data folder's name is too long");
                rc = -1;
            } else if (files_write_atomic(version_path, line, (size_t)n, 0600,
                                          FILES_GIVE_TO_FOLDER_OWNER, err, sizeof err) != 0) {
                diag_add(diags, DIAG_ERROR, st->dir, 0, "%s; nothing was changed", err);
                rc = -1;
            }
        }
    }

    /* 6. Name the version, then switch `current` with one rename. */
    char version[64];
    if (rc == 0) {
        time_t now = o ? o->now : 0;
        struct tm tm;
        localtime_r(&now, &tm);
        char stamp[32];
        strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
        for (int n = 0; n < 100; n++) {
            if (n == 0) snprintf(version, sizeof version, "v-%s", stamp);
            else snprintf(version, sizeof version, "v-%s-%d", stamp, n);
            files_join(path, sizeof path, root, version);
            if (lstat(path, &st_buf) != 0) break;
        }
        if (rename(st->dir, path) != 0 || files_fsync_path(root) != 0) {
            diag_add(diags, DIAG_ERROR, root, 0, "cannot install: %s", strerror(errno));
            rc = -1;
        }
    }
    if (rc != 0) {
        import_discard(st);
        return rc == IMPORT_NEEDS_PIN ? rc : -1;
    }
    st->dir[0] = '\0';   /* it is a version now */
    char old[256];
    read_link(root, "current", old, sizeof old);
    if (set_link(root, "current", version) != 0) {
        diag_add(diags, DIAG_ERROR, root, 0, "cannot switch to the new content: %s", strerror(errno));
        files_join(path, sizeof path, root, version);
        files_remove_tree(path);
        return -1;
    }
    /* 7. Keep the old one for roll back; only then drop older ones. */
    if (old[0]) set_link(root, "previous", old);
    tidy_locked(root);
    return 0;
}

int import_activate(import_staged *st, const char *data_dir, const import_options *o,
                    diag_list *diags) {
    char root[PATH_MAX];
    bool had_copy = st && st->dir[0];
    int held = files_join(root, sizeof root, data_dir, "content") ? lock_folder(root, LOCK_EX) : -1;
    int rc = activate_locked(st, data_dir, o, diags);
    unlock_folder(held);
    /* Its copy is a version now, or gone: nothing to hold any more. */
    if (had_copy && !st->dir[0]) {
        unlock_folder(st->lock);
        st->lock = -1;
    }
    return rc;
}

int import_install(const char *src_dir, const char *data_dir, const import_options *o,
                   diag_list *diags) {
    import_staged st;
    int rc = import_stage(src_dir, data_dir, o, &st, diags);
    if (rc != 0) return rc;
    rc = import_activate(&st, data_dir, o, diags);
    if (rc != 0) import_discard(&st);
    return rc;
}

static int rollback_locked(const char *data_dir, diag_list *diags) {
    char root[PATH_MAX], current[256], previous[256], path[PATH_MAX], link[PATH_MAX];
    files_join(root, sizeof root, data_dir, "content");
    /* First what an interrupted import left (a power cut mid-copy can
     * leave hundreds of MB): on a full disk, Roll back frees it. */
    tidy_locked(root);
    read_link(root, "current", current, sizeof current);
    read_link(root, "previous", previous, sizeof previous);
    files_join(path, sizeof path, root, previous);
    struct stat st;
    bool have_previous = previous[0] && stat(path, &st) == 0;
    if (!have_previous && !current[0]) {
        diag_add(diags, DIAG_ERROR, root, 0, "there is no earlier content to go back to");
        return -1;
    }
    if (!have_previous) {
        /* Before the first install the kiosk showed its own pages: going
         * back to them is one rename, current -> previous. */
        char from[PATH_MAX];
        files_join(from, sizeof from, root, "current");
        files_join(link, sizeof link, root, "previous");
        if (rename(from, link) != 0 || files_fsync_path(root) != 0) {
            diag_add(diags, DIAG_ERROR, root, 0, "cannot switch back: %s", strerror(errno));
            return -1;
        }
        return 0;
    }
    if (set_link(root, "current", previous) != 0) {
        diag_add(diags, DIAG_ERROR, root, 0, "cannot switch back: %s", strerror(errno));
        return -1;
    }
    if (current[0]) {
        set_link(root, "previous", current);
    } else {
        /* Forward again from the kiosk's own pages: they become previous. */
        files_join(link, sizeof link, root, "previous");
        unlink(link);
        files_fsync_path(root);
    }
    return 0;
}

int import_rollback(const char *data_dir, diag_list *diags) {
    char root[PATH_MAX];
    int held = files_join(root, sizeof root, data_dir, "content") ? lock_folder(root, LOCK_EX) : -1;
    int rc = rollback_locked(data_dir, diags);
    unlock_folder(held);
    return rc;
}

bool import_previous(const char *data_dir, char *out, size_t size) {
    return linked_version(data_dir, "previous", out, size);
}

bool import_can_roll_back(const char *data_dir) {
    char path[PATH_MAX];
    return import_previous(data_dir, path, sizeof path) || import_current(data_dir, path, sizeof path);
}

void import_describe(const char *version_dir, char *out, size_t size) {
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const char *name = version_dir ? strrchr(version_dir, '/') : NULL;
    name = name ? name + 1 : version_dir;
    int y, mo, d, h, mi;
    if (name && sscanf(name, "v-%4d%2d%2d-%2d%2d", &y, &mo, &d, &h, &mi) == 5 && mo >= 1 &&
        mo <= 12)
        snprintf(out, size, "the content installed %d %s %d at %02d:%02d", d, months[mo - 1], y, h, mi);
    else
        snprintf(out, size, "the kiosk's own pages");
}
