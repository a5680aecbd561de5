/* pin_cmd.h - `kiosk pin`: IT sets, checks and clears the staff PIN.
 *   kiosk pin set      asks for the PIN twice without echo; from a pipe
 *                      (not a terminal) it reads one line instead
 *   kiosk pin status   whether a PIN is set and whether the keypad is locked
 *   kiosk pin clear    removes the PIN (staff then need IT to set a new one)
 * Never prints the PIN. Uses pin.c; libc and libsodium only, no SDL. */
#ifndef KIOSK_PIN_CMD_H
#define KIOSK_PIN_CMD_H

/* argv holds what follows "pin". data_dir is the kiosk's data folder
 * (already resolved); "--data DIR" and "--config FILE" in argv are
 * skipped, as main.c has used them for data_dir.
 * Returns the exit code: 0 done, 1 a problem while doing it (a weak PIN,
 * two different PINs, a file that cannot be written), 2 a command line
 * that is wrong (the usage is printed). */
int command_pin(int argc, char **argv, const char *data_dir);

#endif
