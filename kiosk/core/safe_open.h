/* safe_open.h - opening files and folders that came from outside (a USB
 * stick, a content folder) so that what is opened is what it seems: a
 * named pipe cannot hang the reader, a link cannot lead it elsewhere, a
 * device or a second name (hard link) of another file is never read, and
 * a report written to a stick never replaces or follows anything there.
 * The one place that does this: content.c, import.c, imageinfo.c,
 * files.c (files_read_small, which pin.c and sign.c read through),
 * stats_cmd.c and the report export open outside files through it, and
 * so the stick's verdict (media.c) and kiosk check do too. Pure C (libc);
 * no SDL, no clock.
 *
 * Every open is O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, then fstat says what
 * it is; only then is anything read. Messages say what is wrong and what
 * to do, for clinic staff ("it is a link (a shortcut) ..."); the caller
 * names the file. */
#ifndef KIOSK_SAFE_OPEN_H
#define KIOSK_SAFE_OPEN_H

#include <stddef.h>
#include <sys/stat.h>

typedef enum {
    SAFE_FILE,   /* a regular file with one name (st_nlink == 1) */
    SAFE_FOLDER, /* a folder */
} safe_kind;

/* Opens name in the folder dirfd (AT_FDCWD: name is a path, and its last
 * part is what is checked) for reading, without following a link, and
 * checks that it is what kind says. A file's fd is blocking again when
 * returned. Returns the fd (st filled when not NULL), or -1 with errno
 * set (ENOENT: it is not there; ELOOP: a link; EINVAL: not the kind
 * wanted, a pipe, a device, or a file with a second name) and the reason
 * in err. */
int safe_open_at(int dirfd, const char *name, safe_kind kind, struct stat *st, char *err,
                 size_t errsize);

/* Opens path, which lies below the folder base ("base/pages/010-a.md"):
 * base itself is opened as given (it may be a link the kiosk chose, such
 * as DATA/content/current), then each part after it with safe_open_at,
 * so a folder on the way swapped for a link cannot redirect the open.
 * Returns the fd, or -1 with errno and err (EINVAL: path is not below
 * base). */
int safe_open_below(const char *base, const char *path, safe_kind kind, struct stat *st,
                    char *err, size_t errsize);

/* Reads the whole of fd (from where it is) into a new NUL-terminated
 * buffer of at most max bytes. Returns 0, or -1 with errno (EFBIG: more
 * than max) and err ("the file is too big (more than 16 KB)"). fd stays
 * open. */
int safe_read_all(int fd, size_t max, char **out, size_t *len, char *err, size_t errsize);

/* Creates name in the folder dirfd for writing (mode 0644), never
 * replacing or following anything already there (O_CREAT | O_EXCL |
 * O_NOFOLLOW). Returns the fd, or -1 with errno (EEXIST: the name is
 * taken: choose another) and err. */
int safe_create_at(int dirfd, const char *name, char *err, size_t errsize);

#endif
