/* sign_cmd.h - `kiosk keygen NAME` and `kiosk sign DIR --key NAME.secret`,
 * for IT staff who prepare signed content (sign.h). */
#ifndef KIOSK_SIGN_CMD_H
#define KIOSK_SIGN_CMD_H

#include "cli.h"

/* Handlers of the command table (cli.h); they take no shared option. */
int command_keygen(const cli_options *o, int argc, char **argv);
int command_sign(const cli_options *o, int argc, char **argv);

#endif
