/* paths.h - where the program's assets and bundled content are: beside
 * the installed binary (../share/kiosk), else in the source tree it was
 * built from. Pure C. */
#ifndef KIOSK_PATHS_H
#define KIOSK_PATHS_H

#include <stddef.h>

/* Fills assets and content with folder paths. */
void paths_find(char *assets, size_t assets_size, char *content, size_t content_size);

#endif
