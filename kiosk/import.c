/* import.c - all-or-nothing content installs. See import.h.
 *
 * The order of operations is what makes it safe (see PLATFORM.md, "SD
 * card and power cuts"): write the new copy beside the old one, fsync
 * every file and folder, then one rename() switches `current`. Old
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
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "content.h"
#include "safe_open.h"

/* out = a/b; false when it does not fit (paths from outside are bounded). */
static bool join(char *out, size_t size, const char *a, const char *b) {
    size_t la = strlen(a), lb = strlen(b);
    if (la + 1 + lb + 1 > size) {
        if (size) out[0] = '\0';
        return false;
    }
    memcpy(out, a, la);
    out[la] = '/';
    memcpy(out + la + 1, b, lb + 1);
    return true;
}

static int fsync_path(const char *path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* Copies the regular file src, below src_dir, fsyncing the copy. src is
 * opened with safe_open_below: no link on the way is followed, and a
 * pipe, device or second name of a file is refused unread. */
static int copy_file(const char *src_dir, const char *src, const char *dst, long long *done,
                     char *err, size_t errsize) {
    char why[300];
    int in = safe_open_below(src_dir, src, SAFE_FILE, NULL, why, sizeof why);
    if (in < 0) {
        snprintf(err, errsize, "cannot read %s: %s", src, why);
        return -1;
    }
    int out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (out < 0) {
        snprintf(err, errsize, "cannot write %s: %s", dst, strerror(errno));
        close(in);
        return -1;
    }
    char buf[64 * 1024];
    ssize_t n;
    int rc = 0;
    while ((n = read(in, buf, sizeof buf)) > 0) {
        for (ssize_t off = 0; off < n;) {
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
    if (rc == 0 && fsync(out) != 0) {
        snprintf(err, errsize, "cannot save %s: %s", dst, strerror(errno));
        rc = -1;
    }
    close(in);
    close(out);
    return rc;
}

static int remove_tree(const char *path) {
    struct stat st;
    if (lstat(path, &st) != 0) return errno == ENOENT ? 0 : -1;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
            char child[PATH_MAX];
            if (join(child, sizeof child, path, e->d_name)) remove_tree(child);
        }
        if (d) closedir(d);
        return rmdir(path);
    }
    return unlink(path);
}

/* Points link (a symlink in root) at target, atomically: a new link
 * renamed over the old one. */
static int set_link(const char *root, const char *link, const char *target) {
    char tmp[PATH_MAX], final[PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s/%s.new", root, link);
    join(final, sizeof final, root, link);
    unlink(tmp);
    if (symlink(target, tmp) != 0) return -1;
    if (rename(tmp, final) != 0) {
        unlink(tmp);
        return -1;
    }
    return fsync_path(root);
}

/* The name a link in root points to ("v-..."), or "" when none. */
static void read_link(const char *root, const char *link, char *out, size_t size) {
    char path[PATH_MAX];
    join(path, sizeof path, root, link);
    ssize_t n = readlink(path, out, size - 1);
    out[n > 0 ? n : 0] = '\0';
    if (strchr(out, '/')) out[0] = '\0'; /* only our own relative names */
}

/* The folder data_dir/content/<link> points to, if it is there. */
static bool linked_version(const char *data_dir, const char *link, char *out, size_t size) {
    char root[PATH_MAX], name[256];
    join(root, sizeof root, data_dir, "content");
    read_link(root, link, name, sizeof name);
    if (!name[0]) return false;
    snprintf(out, size, "%s/%s", root, name);
    struct stat st;
    return stat(out, &st) == 0 && S_ISDIR(st.st_mode);
}

bool import_current(const char *data_dir, char *out, size_t size) {
    return linked_version(data_dir, "current", out, size);
}

/* Removes what an interrupted import left, and versions no link uses. */
static void tidy(const char *root) {
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
            join(path, sizeof path, root, e->d_name);
            remove_tree(path);
        }
    }
    if (d) closedir(d);
    fsync_path(root);
}

static const char *base_name(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static bool is_raster(const content_image *img) {
    return img->info.kind == IMAGE_PNG || img->info.kind == IMAGE_JPEG;
}

/* Decodes the picture at path (below src_dir) in full: imageinfo_verify
 * on the file as safe_open_below opens it. */
static int verify_picture(const char *src_dir, const char *path, char *err, size_t errsize) {
    int fd = safe_open_below(src_dir, path, SAFE_FILE, NULL, err, errsize);
    if (fd < 0) return -1;
    int rc = imageinfo_verify_fd(fd, err, errsize);
    close(fd);
    return rc;
}

static long long file_size(const char *path) {
    struct stat st;
    return path && lstat(path, &st) == 0 && S_ISREG(st.st_mode) ? (long long)st.st_size : 0;
}

long long import_measure(const content *c, const char *src_dir, int *pictures) {
    char ini[PATH_MAX];
    long long bytes = join(ini, sizeof ini, src_dir, "content.ini") ? file_size(ini) : 0;
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
            bytes += file_size(img);
        }
    }
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

int import_install(const char *src_dir, const char *data_dir, const import_options *o,
                   diag_list *diags) {
    int errors_before = diags->errors;
    /* 1. Is the folder right? The same code as kiosk check, all or nothing. */
    content c;
    content_load(&c, src_dir, diags);
    if (diags->errors > errors_before || c.page_count == 0) {
        if (diags->errors == errors_before)
            diag_add(diags, DIAG_ERROR, src_dir, 0, "there are no pages to install");
        content_release(&c);
        return -1;
    }
    /* 2. Signed? Then every file must be exactly as it was signed. */
    sign_status signature = sign_verify(src_dir, o ? o->trusted_keys : NULL, diags);
    if (o && o->signature) *o->signature = signature;
    if (signature == SIGN_BAD) {
        diag_add(diags, DIAG_ERROR, src_dir, 0, "the signed content does not verify; nothing was "
                                                "installed");
        content_release(&c);
        return -1;
    }
    long long total = import_measure(&c, src_dir, NULL);
    if (!import_fits(total, src_dir, diags)) {
        content_release(&c);
        return -1;
    }
    struct stat st;

    /* 3. A staging folder beside the installed versions. */
    char root[PATH_MAX], staging[PATH_MAX], path[PATH_MAX], err[512];
    join(root, sizeof root, data_dir, "content");
    if (mkdir(root, 0755) != 0 && errno != EEXIST) {
        diag_add(diags, DIAG_ERROR, root, 0, "cannot make the folder: %s", strerror(errno));
        content_release(&c);
        return -1;
    }
    tidy(root);
    struct statvfs fs;
    if (statvfs(root, &fs) == 0 && (long long)fs.f_bavail * (long long)fs.f_frsize < total + total / 5) {
        diag_add(diags, DIAG_ERROR, root, 0,
                 "not enough room on the kiosk: the content needs %lld MB, %lld MB are free",
                 total / (1024 * 1024), (long long)fs.f_bavail * (long long)fs.f_frsize / (1024 * 1024));
        content_release(&c);
        return -1;
    }
    join(staging, sizeof staging, root, "staging-XXXXXX");
    if (!mkdtemp(staging)) {
        diag_add(diags, DIAG_ERROR, root, 0, "cannot make a staging folder: %s", strerror(errno));
        content_release(&c);
        return -1;
    }
    chmod(staging, 0755);
    int rc = 0;
    long long done = 0;
    char pages_dir[PATH_MAX], images_dir[PATH_MAX];
    join(pages_dir, sizeof pages_dir, staging, "pages");
    join(images_dir, sizeof images_dir, staging, "images");
    if (mkdir(pages_dir, 0755) != 0 || mkdir(images_dir, 0755) != 0) {
        diag_add(diags, DIAG_ERROR, staging, 0, "cannot make folders: %s", strerror(errno));
        rc = -1;
    }

    /* 3. Copy what the pages use: content.ini, page files, pictures. */
    char ini[PATH_MAX];
    join(ini, sizeof ini, src_dir, "content.ini");
    if (rc == 0 && lstat(ini, &st) == 0) {
        join(path, sizeof path, staging, "content.ini");
        if (copy_file(src_dir, ini, path, &done, err, sizeof err) != 0) {
            diag_add(diags, DIAG_ERROR, ini, 0, "%s", err);
            rc = -1;
        }
    }
    for (int p = 0; p < c.page_count && rc == 0; p++) {
        const content_page *page = &c.pages[p];
        for (int t = 0; t < page->text_count && rc == 0; t++) {
            join(path, sizeof path, pages_dir, base_name(page->texts[t].file));
            if (copy_file(src_dir, page->texts[t].file, path, &done, err, sizeof err) != 0) {
                diag_add(diags, DIAG_ERROR, page->texts[t].file, 0, "%s", err);
                rc = -1;
            }
        }
        if (o && o->progress) o->progress(o->ctx, done, total);
        const content_image *img = &page->image;
        if (rc != 0 || !img->path) continue;
        join(path, sizeof path, images_dir, base_name(img->path));
        if (access(path, F_OK) == 0) continue; /* two pages, one picture */
        if (is_raster(img) && verify_picture(src_dir, img->path, err, sizeof err) != 0) {
            diag_add(diags, DIAG_ERROR, page->texts[0].file, img->line, "images/%s: %s",
                     base_name(img->path), err);
            rc = -1;
            continue;
        }
        /* Scaled when too big, and rewritten upright when a phone stored it
         * turned (the copy then has no EXIF to get wrong). */
        bool scale = o && o->picture && is_raster(img) && o->max_side > 0 &&
                     (img->info.width > o->max_side || img->info.height > o->max_side ||
                      img->info.orientation > 1);
        if (scale) {
            /* No 12-megapixel phone photo ever reaches the GPU. */
            if (o->picture(o->ctx, img->path, path, o->max_side, err, sizeof err) != 0 ||
                fsync_path(path) != 0) {
                diag_add(diags, DIAG_ERROR, page->texts[0].file, img->line, "images/%s: %s",
                         base_name(img->path), err);
                rc = -1;
            }
            if (stat(img->path, &st) == 0) done += st.st_size;
        } else if (copy_file(src_dir, img->path, path, &done, err, sizeof err) != 0) {
            diag_add(diags, DIAG_ERROR, img->path, 0, "%s", err);
            rc = -1;
        }
        if (o && o->progress) o->progress(o->ctx, done, total);
    }
    content_release(&c);
    if (rc == 0 && (fsync_path(pages_dir) != 0 || fsync_path(images_dir) != 0 ||
                    fsync_path(staging) != 0)) {
        diag_add(diags, DIAG_ERROR, staging, 0, "cannot save the copy: %s", strerror(errno));
        rc = -1;
    }

    /* 4. Check the copy itself, as the kiosk will load it. */
    if (rc == 0) {
        diag_list again;
        diag_list_init(&again);
        content check;
        content_load(&check, staging, &again);
        if (again.errors > 0 || check.page_count == 0) {
            diag_add(diags, DIAG_ERROR, src_dir, 0,
                     "the copy on the kiosk does not check out (%s); nothing was changed",
                     again.count ? again.items[0].message : "no pages");
            rc = -1;
        }
        content_release(&check);
        diag_list_release(&again);
    }

    /* 5. Name the version, then switch `current` with one rename. */
    char version[64];
    if (rc == 0) {
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        char stamp[32];
        strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
        for (int n = 0; n < 100; n++) {
            if (n == 0) snprintf(version, sizeof version, "v-%s", stamp);
            else snprintf(version, sizeof version, "v-%s-%d", stamp, n);
            join(path, sizeof path, root, version);
            if (lstat(path, &st) != 0) break;
        }
        if (rename(staging, path) != 0 || fsync_path(root) != 0) {
            diag_add(diags, DIAG_ERROR, root, 0, "cannot install: %s", strerror(errno));
            rc = -1;
        }
    }
    if (rc != 0) {
        remove_tree(staging);
        fsync_path(root);
        return -1;
    }
    char old[256];
    read_link(root, "current", old, sizeof old);
    if (set_link(root, "current", version) != 0) {
        diag_add(diags, DIAG_ERROR, root, 0, "cannot switch to the new content: %s", strerror(errno));
        join(path, sizeof path, root, version);
        remove_tree(path);
        return -1;
    }
    /* 6. Keep the old one for roll back; only then drop older ones. */
    if (old[0]) set_link(root, "previous", old);
    tidy(root);
    return 0;
}

int import_rollback(const char *data_dir, diag_list *diags) {
    char root[PATH_MAX], current[256], previous[256], path[PATH_MAX], link[PATH_MAX];
    join(root, sizeof root, data_dir, "content");
    read_link(root, "current", current, sizeof current);
    read_link(root, "previous", previous, sizeof previous);
    join(path, sizeof path, root, previous);
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
        join(from, sizeof from, root, "current");
        join(link, sizeof link, root, "previous");
        if (rename(from, link) != 0 || fsync_path(root) != 0) {
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
        join(link, sizeof link, root, "previous");
        unlink(link);
        fsync_path(root);
    }
    return 0;
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
