/* kiosk_cmd.h - `kiosk` with no command: runs the kiosk. The settings
 * come from the config file and the shared options (cli.c), then any
 * other `--SETTING VALUE` on the command line; then the content is
 * loaded and the shell (shell.c) opens its window and runs until it is
 * asked to stop. */
#ifndef KIOSK_KIOSK_CMD_H
#define KIOSK_KIOSK_CMD_H

#include "cli.h"

/* argv: every word of the command line but the shared options. */
int command_kiosk(const cli_options *o, int argc, char **argv);

#endif
