/* media.h - finding a kiosk USB stick under the media folder, and judging
 * the content on it in words staff understand. Pure C (libc, and the
 * same content.c and sign.c code that `kiosk check` and `kiosk import`
 * use); no SDL. The watcher that calls media_find when something is
 * mounted is usbwatch.c, in the shell.
 *
 * Where sticks are looked for (media = /media by default):
 *   media/kiosk-content          media itself is a stick (media = /media/usb)
 *   media/usb/kiosk-content      level 1: the udev rule's mount point
 *   media/alice/STICK/...        level 2: a desktop's /media/<user>/<LABEL>
 * A level-1 folder that is a mount point (another device) is a stick and
 * is never looked inside further: a stick with kiosk-content/ only in a
 * subfolder is ignored. Hidden folders, clutter (System Volume
 * Information, $RECYCLE.BIN, ...) and links that lead outside the media
 * folder are skipped.
 *
 * Names: kiosk-content/ and kiosk-reports/ are matched without regard to
 * case (some Windows tools write KIOSK-CONTENT), and the name as it is on
 * the stick is used. A file with that name, or a link, does not count. */
#ifndef KIOSK_MEDIA_H
#define KIOSK_MEDIA_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "content.h"
#include "diag.h"
#include "sign.h"

#define MEDIA_PATH_MAX PATH_MAX
#define MEDIA_LABEL_MAX 64
#define MEDIA_MAX_ENTRIES 256      /* entries looked at in any one folder */
#define MEDIA_MAX_DESCENT 32       /* level-1 folders looked inside for level 2 */
#define MEDIA_CONTENT_NAME "kiosk-content"
#define MEDIA_REPORTS_NAME "kiosk-reports"

typedef struct {
    char root[MEDIA_PATH_MAX];        /* the stick's folder, e.g. /media/usb */
    char label[MEDIA_LABEL_MAX];      /* its last name ("usb", "KINGSTON"), valid UTF-8 for
                                         the screen (bad bytes shown as '?') */
    char content_dir[MEDIA_PATH_MAX]; /* root/kiosk-content as spelled on the stick, or "" */
    char reports_dir[MEDIA_PATH_MAX]; /* root/kiosk-reports: where it is, or where report saving
                                         would create it when it is not there yet */
    bool reports_exists;              /* reports_dir is there now */
    bool read_only;                   /* the stick is mounted read-only (reports cannot be saved) */
    /* Identity: device and inode of root. The same stick stays the same;
     * a new mount gives a new one. Two FAT sticks put in one after the
     * other on the same port can have the same pair (the root of FAT is
     * always inode 1 and the port's device number is reused); between
     * them the watcher always sees the first one go. */
    unsigned long long device;
    unsigned long long inode;
} media_stick;

/* Looks for a stick under media_dir: media_dir itself, then level 1,
 * then level 2, each level in name order; the first stick found wins.
 * At most MEDIA_MAX_ENTRIES entries are looked at in each folder.
 * Returns 1 and fills out, 0 when there is no stick with a kiosk folder
 * (out is cleared), or -1 when media_dir itself cannot be read (err says
 * which folder and why; out is cleared). */
int media_find(const char *media_dir, media_stick *out, char *err, size_t errsize);

/* The same stick (device, inode and root), though its folders may differ. */
bool media_same_stick(const media_stick *a, const media_stick *b);

/* Every field the same: nothing to tell anyone. */
bool media_equal(const media_stick *a, const media_stick *b);

/* ---- Judging a stick's kiosk-content/ before installing it ---- */

#define MEDIA_VERDICT_LINES 8
#define MEDIA_LINE_MAX 400

typedef struct {
    bool error;                 /* true: it stops the install; false: a warning */
    char text[MEDIA_LINE_MAX];  /* "kiosk-content/pages/020-a.md, line 3: what is wrong and
                                   what to do" (valid UTF-8) */
} media_line;

typedef struct {
    int pages;            /* pages that can be shown (not counting translations) */
    int pictures;         /* distinct picture files those pages use */
    int errors, warnings; /* all problems found, including any left out of lines[] */
    long long bytes;      /* bytes the install would copy (content.ini, pages, pictures) */
    /* Problems, errors first, each naming the file relative to the stick;
     * at most MEDIA_VERDICT_LINES. more counts the ones left out, and
     * more_text says so ("... and 5 more problems"; "" when none). */
    media_line lines[MEDIA_VERDICT_LINES];
    int line_count;
    int more;
    char more_text[64];
    sign_status signature;      /* SIGN_NONE, SIGN_VALID (no PIN needed), SIGN_BAD */
    char signature_text[MEDIA_LINE_MAX]; /* that in words: "Signed with a key this kiosk
                                           trusts: it installs without the PIN", ... */
    bool installable;           /* what kiosk import's checks will say (with
                                   check_pictures: every picture decoded too) */
    char summary[160];          /* "7 pages, 5 pictures, ready to install" or
                                   "Cannot install: 2 problems" */
} media_verdict;

/* Decodes every picture of c in full and adds an error to d for each
 * that cannot be (the shell's picture gate, with its time and memory
 * limits: picture_check_content). Returns the pages with a picture. */
typedef int (*media_picture_check)(const content *c, diag_list *d);

/* Loads content_dir with content_load (as `kiosk check` and `kiosk
 * import` do), has check_pictures decode every picture (NULL: headers
 * only), and checks its signature with sign_verify against trusted_keys
 * (a file; NULL: none). Fills v. Returns 0 when it can be installed, -1
 * when not (v says why). Takes as long as reading the folder's pages,
 * decoding its pictures, and hashing every file when it is signed. */
int media_judge(const char *content_dir, const char *trusted_keys,
                media_picture_check check_pictures, media_verdict *v);

#endif
