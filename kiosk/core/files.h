/* files.h - small helpers for files and folders that several parts of
 * the kiosk need, one copy each: joining a path, reading a small file
 * without being led astray, replacing a file so that a power cut leaves
 * the old one or the new one, flushing to the disk, making folders.
 * Plain POSIX (files are opened through safe_open.c): no SDL, no clock.
 * Functions that can fail fill a caller's message naming the file. */
#ifndef KIOSK_FILES_H
#define KIOSK_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <dirent.h>
#include <stdio.h>
#include <sys/types.h>

/* out = dir/name (a '/' that ends dir is not doubled). false when it does
 * not fit in size: out is then "" (never a cut-off path). */
bool files_join(char *out, size_t size, const char *dir, const char *name);

/* dir/name as files_join makes it, in a new string the caller frees;
 * NULL when out of memory or longer than PATH_MAX. */
char *files_joined(const char *dir, const char *name);

/* The names in the open folder d, those starting with "." left out (".",
 * "..", hidden files: .stversions), sorted byte by byte (strcmp), as new
 * strings in a new array: free them with files_free_names. Returns 0, or
 * -1 when out of memory (nothing to free then). */
int files_list_names(DIR *d, char ***names, size_t *count);
void files_free_names(char **names, size_t count);

/* Reads the whole of path, a plain file of at most max bytes, into a new
 * NUL-terminated buffer (the caller frees *out). It is opened with
 * safe_open_at: a link, a named pipe, a device, a folder or a second name
 * of another file is refused unread, so nothing in its place can hang the
 * kiosk. Returns 0; 1 when there is no such file (err says so); -1 with
 * err "PATH: the reason". */
int files_read_small(const char *path, size_t max, char **out, size_t *len, char *err,
                     size_t errsize);

enum {
    /* files_write_atomic: when root writes into a folder someone else
     * owns (the kiosk service's user), the file is given to that owner. */
    FILES_GIVE_TO_FOLDER_OWNER = 1,
};

/* Replaces path with data (mode exactly mode, whatever the umask): a new
 * temporary file of a name of its own (mkstemp) in the same folder,
 * written, flushed to the disk, renamed over path, then the folder
 * flushed. A power cut leaves the old file or the new one, never half of
 * one, and two writers never share a temporary file. Returns 0, or -1
 * with err "PATH: cannot save it (step): reason" and errno set to the
 * cause (ENOSPC: the storage is full); no temporary file is left. */
int files_write_atomic(const char *path, const void *data, size_t len, mode_t mode, int flags,
                       char *err, size_t errsize);

/* fsync of a file or folder by name: a folder's makes a rename or unlink
 * in it survive a power cut (a file system that cannot flush a folder
 * counts as done). Returns 0, or -1 with errno. */
int files_fsync_path(const char *path);

/* fflush then fsync of a file written with stdio (a stick may be pulled
 * the moment the screen says it can be). Returns 0, or -1 with errno. */
int files_flush(FILE *f);

/* Makes dir and the folders above it that are missing (as mkdir -p).
 * Returns 0, or -1 with a message naming the folder in err and errno
 * set to the cause. */
int files_make_folders(const char *dir, char *err, size_t errsize);

/* Removes path and everything below it (links are removed, never
 * followed). Returns 0 (also when there was nothing), or -1. */
int files_remove_tree(const char *path);

#endif
