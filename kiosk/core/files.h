/* files.h - small helpers for files and folders that several parts of
 * the kiosk need, one copy each. Plain POSIX: no SDL, no clock. */
#ifndef KIOSK_FILES_H
#define KIOSK_FILES_H

#include <stddef.h>

/* Makes dir and the folders above it that are missing (as mkdir -p).
 * Returns 0, or -1 with a message naming the folder in err. */
int files_make_folders(const char *dir, char *err, size_t errsize);

#endif
