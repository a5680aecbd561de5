/* pin_cmd.h - `kiosk pin`: IT sets, checks and clears the staff PIN.
 *   kiosk pin set      asks for the PIN twice without echo; from a pipe
 *                      (not a terminal) it reads one line instead
 *   kiosk pin status   whether a PIN is set and whether the keypad is locked
 *   kiosk pin clear    removes the PIN (staff then need IT to set a new one)
 * Never prints the PIN. Uses pin.c; libc and libsodium only, no SDL. */
#ifndef KIOSK_PIN_CMD_H
#define KIOSK_PIN_CMD_H

#include "cli.h"

/* A handler of the command table (cli.h): argv holds what follows
 * "pin", o->data_dir the data folder (from --data, --config or the
 * default; cli.c has made it).
 * Returns the exit code: 0 done, 1 a problem while doing it (a weak PIN,
 * two different PINs, a file that cannot be written), 2 a command line
 * that is wrong (the usage is printed). */
int command_pin(const cli_options *o, int argc, char **argv);

#endif
