/* stick_copy.c - the content on screen, copied to a USB stick for staff
 * to edit. See stick_copy.h. Pure C (libc, files through import.c's
 * import_copy_file and safe_open.c): no SDL, no clock. */
#define _GNU_SOURCE
#include "stick_copy.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"
#include "import.h"
#include "safe_open.h"

/* The help file, with "\n" line ends (made CRLF as it is written out) and
 * %s for the folder's name. */
static const char HOWTO_START[] =
    "HOW TO EDIT THE KIOSK PAGES\n"
    "\n"
    "This stick has a copy of the pages the kiosk showed, in the folder %s.\n"
    "Edit them on a computer with Notepad, then bring the stick back to the kiosk.\n"
    "\n";
static const char HOWTO_RENAME[] =
    "IMPORTANT: THE FOLDER NAME\n"
    "The kiosk only reads a folder called kiosk-content. This stick had one already, so\n"
    "the copy is called %s, and nothing in the old folder was changed.\n"
    "When you have finished, move the old kiosk-content folder off the stick (or delete\n"
    "it), then rename %s to kiosk-content.\n"
    "\n";
static const char HOWTO_REST[] =
    "CHANGE A TEXT\n"
    "1. Open the folder pages. Each page is one file, for example 010-welcome.md.\n"
    "2. Right-click the file, choose Open with, then Notepad.\n"
    "3. At the top, between the two --- lines, are the title and the picture:\n"
    "   title: ... and image: ... Keep the word before the colon as it is.\n"
    "4. Under them is the short text. The text after <!--more--> is shown when\n"
    "   someone taps the page.\n"
    "5. Save with Ctrl+S.\n"
    "\n"
    "ADD A PHOTO FROM A PHONE\n"
    "1. Copy the photo (a JPEG or PNG file) into the folder images.\n"
    "2. In the page, write its name after image: for example   image: baby-bath.jpg\n"
    "3. After alt: write a few words on what the photo shows, for families who\n"
    "   cannot see it.\n"
    "A big phone photo is fine: the kiosk makes it smaller for its screen.\n"
    "An iPhone HEIC photo is not: on the iPhone, choose Settings > Camera >\n"
    "Formats > Most Compatible, and take the photo again.\n"
    "\n"
    "CHANGE THE ORDER OF THE PAGES\n"
    "Pages are shown in the order of their file names. To show 030-sleep.md\n"
    "second, rename it 015-sleep.md.\n"
    "\n"
    "ADD A TRANSLATION\n"
    "Copy the page's file and put the language code before .md:\n"
    "010-welcome.pl.md is the Polish page of 010-welcome.md. Translate the title\n"
    "and the texts. Keep the words before the colons (title:, image:) in English.\n"
    "\n"
    "WHAT THE KIOSK FORGIVES\n"
    "- Notepad's way of saving (UTF-8, Windows line ends).\n"
    "- Title: or TITLE: in capitals.\n"
    "- A picture name in other capitals than the file (Photo.JPG for photo.jpg).\n"
    "- Spaces pasted from Word around a title or a picture name.\n"
    "- Files Windows leaves on a stick (Thumbs.db, desktop.ini).\n"
    "It does not forgive a page file whose name does not end in .md: if Notepad\n"
    "adds .txt, choose \"All files\" under the name when you save.\n"
    "\n"
    "BRING THE STICK BACK\n"
    "1. Remove the stick safely from the computer.\n"
    "2. Plug it into the kiosk. The staff screen opens: type the PIN.\n"
    "3. The menu says whether the pages can be installed. If not, it names each\n"
    "   file and line to fix: fix them on the computer and try again.\n"
    "4. Tap Preview to see the new pages, then Install to put them on screen\n"
    "   (or Cancel).\n"
    "If the new pages are wrong, Roll back in the same menu brings the old ones back.\n";

/* Appends fmt (with at most two %s, both folder) to out at *n, every "\n"
 * made "\r\n". False when it does not fit. */
static bool put_crlf(char *out, size_t size, size_t *n, const char *fmt, const char *folder) {
    char text[4096];
    int len = snprintf(text, sizeof text, fmt, folder, folder);
    if (len < 0 || (size_t)len >= sizeof text) return false;
    for (int i = 0; i < len; i++) {
        if (text[i] == '\n') {
            if (*n + 1 >= size) return false;
            out[(*n)++] = '\r';
        }
        if (*n + 1 >= size) return false;
        out[(*n)++] = text[i];
    }
    out[*n] = '\0';
    return true;
}

size_t stick_copy_howto(const char *folder, char *out, size_t size) {
    size_t n = 0;
    if (size == 0) return 0;
    out[0] = '\0';
    bool ok = put_crlf(out, size, &n, HOWTO_START, folder);
    if (ok && strcmp(folder, "kiosk-content") != 0) ok = put_crlf(out, size, &n, HOWTO_RENAME, folder);
    if (ok) ok = put_crlf(out, size, &n, HOWTO_REST, folder);
    if (!ok) {
        out[0] = '\0';
        return 0;
    }
    return n;
}

/* What went wrong with the stick, in words for staff. */
static const char *stick_words(int e) {
    switch (e) {
    case ENOSPC: return "The USB stick is full. Make room on it (or use another stick) and try again.";
    case EROFS:
    case EACCES:
    case EPERM:
        return "The USB stick cannot be written to (it is read-only, or its lock switch is on).";
    case EIO:
    case ENODEV:
    case ENXIO:
    case ENOENT:
        return "The USB stick was taken out, or cannot be read. Put it back in and try again.";
    default: return "The pages could not be written to the USB stick.";
    }
}

/* Is a name like `name` (in any capitals: FAT ignores them) in the folder? */
static bool name_taken(const char *root, const char *name) {
    DIR *d = opendir(root);
    if (!d) return false;
    struct dirent *e;
    bool taken = false;
    while (!taken && (e = readdir(d))) taken = strcasecmp(e->d_name, name) == 0;
    closedir(d);
    return taken;
}

/* Copies the folder src_dir/rel (rel "" for the top) into dst, which
 * exists. */
static int copy_tree(const char *src_dir, const char *rel, const char *dst, stick_copy_result *r,
                     char *err, size_t errsize) {
    char src[PATH_MAX];
    if (!files_join(src, sizeof src, src_dir, rel)) {
        snprintf(err, errsize, "%s/%s: the name is too long", src_dir, rel);
        errno = ENAMETOOLONG;
        return -1;
    }
    char why[300];
    int fd = rel[0] ? safe_open_below(src_dir, src, SAFE_FOLDER, NULL, why, sizeof why)
                    : safe_open_at(AT_FDCWD, src, SAFE_FOLDER, NULL, why, sizeof why);
    if (rel[0] == '\0' && fd < 0 && errno == ELOOP)   /* the top may be `current`, a link */
        fd = open(src, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        int e = errno;
        snprintf(err, errsize, "cannot read %s: %s", src, fd < 0 ? why : strerror(e));
        if (fd >= 0) close(fd);
        errno = e;
        return -1;
    }
    int rc = 0;
    struct dirent *ent;
    while (rc == 0 && (ent = readdir(d))) {
        if (ent->d_name[0] == '.') continue;   /* ., .., and the kiosk's .kiosk-source */
        /* A signature would refuse the pages once staff edit them. */
        if (rel[0] == '\0' && strcasecmp(ent->d_name, SIGN_MANIFEST) == 0) continue;
        struct stat st;
        if (fstatat(dirfd(d), ent->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
        char sub[PATH_MAX], from[PATH_MAX], to[PATH_MAX];
        if (!files_join(sub, sizeof sub, rel, ent->d_name) || !files_join(from, sizeof from, src, ent->d_name) ||
            !files_join(to, sizeof to, dst, ent->d_name)) {
            snprintf(err, errsize, "%s/%s: the name is too long", src, ent->d_name);
            errno = ENAMETOOLONG;
            rc = -1;
        } else if (S_ISDIR(st.st_mode)) {
            if (mkdir(to, 0755) != 0) {
                snprintf(err, errsize, "cannot make %s: %s", to, strerror(errno));
                rc = -1;
            } else {
                rc = copy_tree(src_dir, sub, to, r, err, errsize);
                if (rc == 0 && files_fsync_path(to) != 0) {
                    snprintf(err, errsize, "cannot save %s: %s", to, strerror(errno));
                    rc = -1;
                }
            }
        } else if (S_ISREG(st.st_mode)) {
            unsigned char hash[SIGN_HASH_BYTES];
            rc = import_copy_file(src_dir, from, to, &r->bytes, hash, err, errsize);
            if (rc == 0) r->files++;
        }
    }
    int e = errno;
    closedir(d);
    errno = e;
    return rc;
}

/* Gives the finished copy tmp (in root) the first free name of
 * kiosk-content, kiosk-content-2, ..., never replacing anything. */
static int name_copy(const char *root, const char *tmp, stick_copy_result *r, char *err,
                     size_t errsize) {
    for (int n = 1; n <= STICK_COPY_TRIES; n++) {
        if (n == 1) snprintf(r->folder, sizeof r->folder, "kiosk-content");
        else snprintf(r->folder, sizeof r->folder, "kiosk-content-%d", n);
        if (name_taken(root, r->folder)) continue;
        char to[PATH_MAX];
        if (!files_join(to, sizeof to, root, r->folder)) break;
        if (renameat2(AT_FDCWD, tmp, AT_FDCWD, to, RENAME_NOREPLACE) == 0) return 0;
        if (errno == EEXIST || errno == ENOTEMPTY) continue;
        if (errno == EINVAL && !name_taken(root, r->folder) && access(to, F_OK) != 0 &&
            rename(tmp, to) == 0)   /* a file system without RENAME_NOREPLACE */
            return 0;
        snprintf(err, errsize, "cannot name the copy %s on the USB stick: %s", to, strerror(errno));
        return -1;
    }
    snprintf(err, errsize,
             "The USB stick has %d kiosk-content folders already. Move some off it and try again.",
             STICK_COPY_TRIES);
    errno = EEXIST;
    return -1;
}

/* Writes the help file beside the copy: HOW-TO-EDIT.txt, or -2, -3, ...
 * when taken. */
static int write_howto(const char *root, stick_copy_result *r, char *err, size_t errsize) {
    char text[8192];
    size_t len = stick_copy_howto(r->folder, text, sizeof text);
    char why[300];
    int dir = safe_open_at(AT_FDCWD, root, SAFE_FOLDER, NULL, why, sizeof why);
    if (dir < 0) {
        snprintf(err, errsize, "cannot write into %s: %s", root, why);
        return -1;
    }
    int fd = -1;
    for (int n = 1; n <= STICK_COPY_TRIES && fd < 0; n++) {
        if (n == 1) snprintf(r->howto, sizeof r->howto, "HOW-TO-EDIT.txt");
        else snprintf(r->howto, sizeof r->howto, "HOW-TO-EDIT-%d.txt", n);
        if (name_taken(root, r->howto)) continue;
        fd = safe_create_at(dir, r->howto, why, sizeof why);
        if (fd < 0 && errno != EEXIST) break;
    }
    int rc = -1;
    if (fd < 0) {
        snprintf(err, errsize, "cannot write %s/%s: %s", root, r->howto, why);
    } else {
        size_t off = 0;
        while (off < len) {
            ssize_t w = write(fd, text + off, len - off);
            if (w < 0) break;
            off += (size_t)w;
        }
        rc = off == len && fsync(fd) == 0 ? 0 : -1;
        int e = errno;
        if (close(fd) != 0 && rc == 0) {
            e = errno;
            rc = -1;
        }
        if (rc != 0) {
            unlinkat(dir, r->howto, 0);
            snprintf(err, errsize, "cannot write %s/%s: %s", root, r->howto, strerror(e));
            errno = e;
        }
    }
    int e = errno;
    close(dir);
    if (rc == 0) files_fsync_path(root);
    errno = e;
    return rc;
}

int stick_copy_content(const char *src_dir, const char *stick_root, stick_copy_result *r,
                       char *err, size_t errsize) {
    memset(r, 0, sizeof *r);
    char tmp[PATH_MAX], detail[3 * PATH_MAX] = "";
    if (!files_join(tmp, sizeof tmp, stick_root, STICK_COPY_UNFINISHED "XXXXXX")) {
        snprintf(err, errsize, "%s: the name is too long", stick_root);
        return -1;
    }
    if (!mkdtemp(tmp)) {
        int e = errno;
        snprintf(err, errsize, "%s (%s: %s)", stick_words(e), stick_root, strerror(e));
        return -1;
    }
    int rc = copy_tree(src_dir, "", tmp, r, detail, sizeof detail);
    if (rc == 0 && files_fsync_path(tmp) != 0) {
        snprintf(detail, sizeof detail, "cannot save %s: %s", tmp, strerror(errno));
        rc = -1;
    }
    if (rc == 0 && files_fsync_path(stick_root) != 0) {
        snprintf(detail, sizeof detail, "cannot save %s: %s", stick_root, strerror(errno));
        rc = -1;
    }
    if (rc == 0) rc = name_copy(stick_root, tmp, r, detail, sizeof detail);
    if (rc != 0) {
        int e = errno;
        const char *left = strrchr(tmp, '/');
        struct stat st;
        if (lstat(tmp, &st) != 0) {
            /* The copy went with the stick: it was pulled out. What it
             * held of the copy is in a folder that says it is unfinished. */
            snprintf(err, errsize,
                     "The USB stick was taken out before the copy finished. If it has a folder "
                     "%s, delete it on a computer: it is not complete. Put the stick back in to "
                     "try again. (%s)",
                     left ? left + 1 : tmp, detail);
        } else if (files_remove_tree(tmp) == 0) {
            files_fsync_path(stick_root);
            snprintf(err, errsize, "%s Nothing else on the stick was changed. (%s)",
                     e == EEXIST ? detail : stick_words(e), detail);
        } else {
            snprintf(err, errsize,
                     "%s The unfinished copy, %s, could not be removed: delete it on a computer. (%s)",
                     e == EEXIST ? detail : stick_words(e), left ? left + 1 : tmp, detail);
        }
        memset(r, 0, sizeof *r);
        return -1;
    }
    files_fsync_path(stick_root);
    if (write_howto(stick_root, r, detail, sizeof detail) != 0) {
        /* The pages are there, complete: only the help is missing. */
        snprintf(err, errsize, "The pages are on the stick in %s, but %s", r->folder, detail);
        r->howto[0] = '\0';
        return -1;
    }
    return 0;
}
