/* paths.h - where the program's assets and bundled content are: beside
 * the installed binary (../share/kiosk), else in the source tree it was
 * built from. Pure C. */
#ifndef KIOSK_PATHS_H
#define KIOSK_PATHS_H

#include <stddef.h>

/* Fills assets and content with folder paths. */
void paths_find(char *assets, size_t assets_size, char *content, size_t content_size);

/* The data folder: `wanted` if not empty; else /var/lib/kiosk when it
 * is (or can be made) writable, as for the service; else
 * $XDG_DATA_HOME/kiosk, or ~/.local/share/kiosk. system_dir is
 * "/var/lib/kiosk" except in tests. The folder is created. Returns 0, or
 * -1 with a reason in err. Returns 1, with a notice in err, for a folder
 * that is there but on a read-only file system (ext4 remounts an SD card
 * read-only when it fails): what is in it can still be shown. */
int paths_data_dir(const char *wanted, const char *system_dir, char *out, size_t size, char *err,
                   size_t errsize);

#endif
