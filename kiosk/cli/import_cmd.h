/* import_cmd.h - `kiosk import DIR` and `kiosk import --rollback`: the
 * staff install path without a screen, for scripts and tests. Pictures
 * are scaled by import_scale.c, as on the staff screen. */
#ifndef KIOSK_IMPORT_CMD_H
#define KIOSK_IMPORT_CMD_H

#include "cli.h"

/* A handler of the command table (cli.h): installs into o->data_dir;
 * signed content is checked against o->cfg.trusted_keys. */
int command_import(const cli_options *o, int argc, char **argv);

#endif
