/* import_cmd.h - `kiosk import DIR` and `kiosk import --rollback`: the
 * staff install path without a screen, for scripts and tests. Pictures
 * are scaled by import_scale.c, as on the staff screen. */
#ifndef KIOSK_IMPORT_CMD_H
#define KIOSK_IMPORT_CMD_H

#include <stddef.h>


/* trusted_keys: the file of public keys for signed content (may be NULL). */
int command_import(int argc, char **argv, const char *data_dir, const char *trusted_keys);

#endif
