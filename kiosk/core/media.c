/* media.c - finding a kiosk USB stick and judging its content. See media.h.
 *
 * Everything here reads folders that came from outside: each folder is
 * read at most MEDIA_MAX_ENTRIES entries deep, paths are bounded, links
 * are followed only when they stay inside the media folder, and the
 * content is judged by content.c and sign.c, never by a second parser. */
#define _GNU_SOURCE
#include "media.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "content.h"
#include "diag.h"
#include "files.h"
#include "import.h"
#include "utf8.h"

/* Copies in to out as valid UTF-8 for the screen: a byte that is not
 * UTF-8, or a control character, becomes '?'; text that does not fit is
 * cut at a character boundary and ends in "...". */
static void copy_utf8(char *out, size_t size, const char *in) {
    static const char ellipsis[] = "\xE2\x80\xA6"; /* U+2026 */
    const size_t el = sizeof ellipsis - 1;
    if (size == 0) return;
    size_t len = strlen(in), o = 0;
    for (size_t i = 0; i < len;) {
        size_t n = utf8_char_len(in + i, len - i);
        unsigned char c = (unsigned char)in[i];
        bool ok = n > 1 ? utf8_valid(in + i, n, NULL) : c >= 0x20 && c < 0x7F;
        if (!ok) n = 1;
        if (o + n > size - 1) {
            /* Cut at a character boundary, with room for the ellipsis. */
            while (o > 0 && o + el > size - 1) {
                o--;
                while (o > 0 && ((unsigned char)out[o] & 0xC0) == 0x80) o--;
            }
            if (o + el <= size - 1) {
                memcpy(out + o, ellipsis, el);
                o += el;
            }
            break;
        }
        if (ok) memcpy(out + o, in + i, n);
        else out[o] = '?';
        o += n;
        i += n;
    }
    out[o] = '\0';
}

/* A folder named `name` (any case) directly in dir, not a link: fills
 * out with its path as spelled on the disk. */
static bool find_folder(const char *dir, const char *name, char *out, size_t size) {
    struct stat st;
    char path[MEDIA_PATH_MAX];
    DIR *d = opendir(dir);
    if (!d) return false;
    bool found = false;
    struct dirent *e;
    for (int seen = 0; !found && seen < MEDIA_MAX_ENTRIES && (e = readdir(d)); seen++) {
        if (strcasecmp(e->d_name, name) != 0) continue;
        if (files_join(path, sizeof path, dir, e->d_name) && lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            snprintf(out, size, "%s", path);
            found = true;
        }
    }
    closedir(d);
    if (found) return true;
    /* Past the first entries of a crowded stick: FAT and exFAT look names
     * up without regard to case, so the exact name still finds it. */
    if (files_join(path, sizeof path, dir, name) && lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(out, size, "%s", path);
        return true;
    }
    return false;
}

/* Fills out when dir has kiosk-content/ or kiosk-reports/. */
static bool check_stick(const char *dir, media_stick *out) {
    media_stick s;
    memset(&s, 0, sizeof s);
    if (strlen(dir) >= sizeof s.root) return false;
    bool has_content = find_folder(dir, MEDIA_CONTENT_NAME, s.content_dir, sizeof s.content_dir);
    bool has_reports = find_folder(dir, MEDIA_REPORTS_NAME, s.reports_dir, sizeof s.reports_dir);
    if (!has_content && !has_reports) return false;
    struct stat st;
    if (stat(dir, &st) != 0) return false;
    if (!has_reports && !files_join(s.reports_dir, sizeof s.reports_dir, dir, MEDIA_REPORTS_NAME)) return false;
    snprintf(s.root, sizeof s.root, "%s", dir);
    size_t n = strlen(s.root);
    while (n > 1 && s.root[n - 1] == '/') s.root[--n] = '\0';
    const char *slash = strrchr(s.root, '/');
    copy_utf8(s.label, sizeof s.label, slash && slash[1] ? slash + 1 : s.root);
    s.reports_exists = has_reports;
    struct statvfs fs;
    s.read_only = statvfs(dir, &fs) == 0 && (fs.f_flag & ST_RDONLY);
    s.device = (unsigned long long)st.st_dev;
    s.inode = (unsigned long long)st.st_ino;
    *out = s;
    return true;
}

/* True when path is a folder (a link only when it leads strictly inside
 * top_real); st is then the folder's own. */
static bool usable_folder(const char *path, const char *top_real, struct stat *st) {
    if (lstat(path, st) != 0) return false;
    if (S_ISLNK(st->st_mode)) {
        char real[PATH_MAX];
        if (!realpath(path, real)) return false; /* dangling, or a loop */
        size_t n = strlen(top_real);
        bool inside = n == 1 ? real[1] != '\0'
                             : strncmp(real, top_real, n) == 0 && real[n] == '/';
        if (!inside || stat(path, st) != 0) return false;
    }
    return S_ISDIR(st->st_mode);
}

typedef char entry_name[NAME_MAX + 1];

static int cmp_names(const void *a, const void *b) {
    return strcmp((const char *)a, (const char *)b);
}

/* The names in dir worth a look (no clutter, no hidden ones), sorted,
 * at most MEDIA_MAX_ENTRIES looked at. Returns the count, or -1 when dir
 * cannot be read. */
static int list_names(const char *dir, entry_name *names) {
    DIR *d = opendir(dir);
    if (!d) return -1;
    int count = 0;
    struct dirent *e;
    for (int seen = 0; seen < MEDIA_MAX_ENTRIES + 2 && (e = readdir(d)); seen++) {
        if (content_is_clutter(e->d_name) || strlen(e->d_name) > NAME_MAX) continue;
        if (count >= MEDIA_MAX_ENTRIES) break;
        memcpy(names[count++], e->d_name, strlen(e->d_name) + 1);
    }
    closedir(d);
    qsort(names, (size_t)count, sizeof *names, cmp_names);
    return count;
}

int media_find(const char *media_dir, media_stick *out, char *err, size_t errsize) {
    memset(out, 0, sizeof *out);
    if (errsize) err[0] = '\0';
    struct stat top;
    char top_real[PATH_MAX];
    if (!media_dir || !media_dir[0] || strlen(media_dir) >= MEDIA_PATH_MAX) {
        snprintf(err, errsize, "the media folder setting is empty or too long");
        return -1;
    }
    if (stat(media_dir, &top) != 0 || !realpath(media_dir, top_real)) {
        snprintf(err, errsize, "%s: the media folder cannot be read: %s", media_dir, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(top.st_mode)) {
        snprintf(err, errsize, "%s: the media folder is not a folder", media_dir);
        return -1;
    }
    if (check_stick(media_dir, out)) return 1;

    entry_name *level1 = malloc(sizeof(entry_name) * MEDIA_MAX_ENTRIES);
    entry_name *level2 = malloc(sizeof(entry_name) * MEDIA_MAX_ENTRIES);
    int *descend = malloc(sizeof(int) * MEDIA_MAX_DESCENT);
    int rc = 0;
    if (!level1 || !level2 || !descend) {
        snprintf(err, errsize, "%s: out of memory", media_dir);
        rc = -1;
        goto out;
    }
    int count = list_names(media_dir, level1);
    if (count < 0) {
        snprintf(err, errsize, "%s: the media folder cannot be read: %s", media_dir, strerror(errno));
        rc = -1;
        goto out;
    }
    char path[MEDIA_PATH_MAX], sub[MEDIA_PATH_MAX];
    int descend_count = 0;
    for (int i = 0; i < count && rc == 0; i++) {
        struct stat st;
        if (!files_join(path, sizeof path, media_dir, level1[i]) || !usable_folder(path, top_real, &st))
            continue;
        if (check_stick(path, out)) rc = 1;
        /* A mount point is a stick's root: what is inside is the stick's. */
        else if (st.st_dev == top.st_dev && descend_count < MEDIA_MAX_DESCENT)
            descend[descend_count++] = i;
    }
    for (int k = 0; k < descend_count && rc == 0; k++) {
        if (!files_join(path, sizeof path, media_dir, level1[descend[k]])) continue;
        int n = list_names(path, level2); /* a folder we may not read: skipped */
        for (int i = 0; i < n && rc == 0; i++) {
            struct stat st;
            if (files_join(sub, sizeof sub, path, level2[i]) && usable_folder(sub, top_real, &st) &&
                check_stick(sub, out))
                rc = 1;
        }
    }
out:
    free(level1);
    free(level2);
    free(descend);
    if (rc != 1) memset(out, 0, sizeof *out);
    return rc;
}

bool media_same_stick(const media_stick *a, const media_stick *b) {
    return a->device == b->device && a->inode == b->inode && strcmp(a->root, b->root) == 0;
}

bool media_equal(const media_stick *a, const media_stick *b) {
    return media_same_stick(a, b) && strcmp(a->content_dir, b->content_dir) == 0 &&
           strcmp(a->reports_dir, b->reports_dir) == 0 && a->reports_exists == b->reports_exists &&
           a->read_only == b->read_only && strcmp(a->label, b->label) == 0;
}

/* ---- judging ---- */

/* The file as staff see it on the stick: relative to the folder that
 * holds content_dir ("kiosk-content/pages/010-a.md"). */
static const char *on_stick(const char *file, const char *stick, size_t stick_len) {
    if (stick_len > 0 && strncmp(file, stick, stick_len) == 0 && file[stick_len] == '/')
        return file + stick_len + 1;
    return file;
}

static void staff_line(const diag *d, const char *stick, size_t stick_len, char *out, size_t size) {
    char raw[MEDIA_LINE_MAX * 2];
    const char *file = on_stick(d->file, stick, stick_len);
    if (d->line > 0) snprintf(raw, sizeof raw, "%s, line %d: %s", file, d->line, d->message);
    else snprintf(raw, sizeof raw, "%s: %s", file, d->message);
    copy_utf8(out, size, raw);
}

int media_judge(const char *content_dir, const char *trusted_keys,
                media_picture_check check_pictures, media_verdict *v) {
    memset(v, 0, sizeof *v);
    if (!content_dir || !content_dir[0] || strlen(content_dir) >= MEDIA_PATH_MAX) {
        v->errors = 1;
        v->lines[0].error = true;
        snprintf(v->lines[0].text, sizeof v->lines[0].text,
                 "There is no %s folder on the stick; put the pages in one and try again",
                 MEDIA_CONTENT_NAME);
        v->line_count = 1;
        v->signature = SIGN_NONE;
        snprintf(v->signature_text, sizeof v->signature_text, "Not signed");
        snprintf(v->summary, sizeof v->summary, "Cannot install: 1 problem");
        return -1;
    }
    /* Messages name files from the stick's root: strip the folder above
     * kiosk-content/. */
    char stick[MEDIA_PATH_MAX];
    snprintf(stick, sizeof stick, "%s", content_dir);
    size_t n = strlen(stick);
    while (n > 1 && stick[n - 1] == '/') stick[--n] = '\0';
    char *slash = strrchr(stick, '/');
    if (slash) *slash = '\0';
    else stick[0] = '\0';
    size_t stick_len = strlen(stick);

    diag_list d;
    diag_list_init(&d);
    content c;
    content_load(&c, content_dir, &d);
    v->pages = c.page_count;
    if (check_pictures) check_pictures(&c, &d);

    v->bytes = import_measure(&c, content_dir, IMPORT_MAX_SIDE, &v->pictures);
    content_release(&c);
    import_fits(v->bytes, content_dir, &d);

    int before_sign = d.count;
    v->signature = sign_verify(content_dir, trusted_keys, &d);
    switch (v->signature) {
    case SIGN_NONE:
        snprintf(v->signature_text, sizeof v->signature_text,
                 "Not signed: the staff PIN is needed to install it");
        break;
    case SIGN_VALID:
        snprintf(v->signature_text, sizeof v->signature_text,
                 "Signed with a key this kiosk trusts: it installs without the PIN");
        break;
    case SIGN_BAD: {
        char why[MEDIA_LINE_MAX];
        if (d.count > before_sign) staff_line(&d.items[before_sign], stick, stick_len, why, sizeof why);
        else snprintf(why, sizeof why, "the signature cannot be checked");
        char raw[MEDIA_LINE_MAX * 2];
        snprintf(raw, sizeof raw, "The signature does not check out, so this content is refused (%s)",
                 why);
        copy_utf8(v->signature_text, sizeof v->signature_text, raw);
        break;
    }
    }

    v->errors = d.errors;
    v->warnings = d.warnings;
    /* Errors first, then warnings, in the order they were found. */
    int kept = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < d.count; i++) {
            bool error = d.items[i].severity == DIAG_ERROR;
            if (error != (pass == 0) || kept >= MEDIA_VERDICT_LINES) continue;
            v->lines[kept].error = error;
            staff_line(&d.items[i], stick, stick_len, v->lines[kept].text, sizeof v->lines[kept].text);
            kept++;
        }
    /* (Counted, so a problem whose text was lost to out-of-memory counts too.) */
    v->more = d.errors + d.warnings - kept;
    if (v->more > 0)
        snprintf(v->more_text, sizeof v->more_text, "... and %d more problem%s", v->more,
                 v->more == 1 ? "" : "s");
    v->line_count = kept;

    v->installable = d.errors == 0 && v->pages > 0 && v->signature != SIGN_BAD;
    if (v->installable)
        snprintf(v->summary, sizeof v->summary, "%d page%s, %d picture%s, ready to install",
                 v->pages, v->pages == 1 ? "" : "s", v->pictures, v->pictures == 1 ? "" : "s");
    else if (d.errors > 0)
        snprintf(v->summary, sizeof v->summary, "Cannot install: %d problem%s", d.errors,
                 d.errors == 1 ? "" : "s");
    else
        snprintf(v->summary, sizeof v->summary, "Cannot install: there are no pages");
    diag_list_release(&d);
    return v->installable ? 0 : -1;
}
