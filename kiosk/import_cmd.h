/* import_cmd.h - `kiosk import DIR` and `kiosk import --rollback`: the
 * staff install path without a screen, for scripts and tests. Shell side:
 * pictures are scaled with SDL_image. */
#ifndef KIOSK_IMPORT_CMD_H
#define KIOSK_IMPORT_CMD_H

#include <stddef.h>


/* The import_picture_fn the kiosk uses: decodes src, scales it to fit
 * max_side, writes dst as JPEG or PNG (as src was). */
int import_scale_picture(void *ctx, const char *src, const char *dst, int max_side, char *err,
                         size_t errsize);

/* trusted_keys: the file of public keys for signed content (may be NULL). */
int command_import(int argc, char **argv, const char *data_dir, const char *trusted_keys);

#endif
