/* sign_cmd.h - `kiosk keygen NAME` and `kiosk sign DIR --key NAME.secret`,
 * for IT staff who prepare signed content (sign.h). */
#ifndef KIOSK_SIGN_CMD_H
#define KIOSK_SIGN_CMD_H

int command_keygen(int argc, char **argv);
int command_sign(int argc, char **argv);

#endif
