/* runas.h - a command run as root acts as the kiosk: as the owner of the
 * data folder, so nothing it writes there (installed content, the PIN,
 * counts) becomes root's and out of the service's reach. Talks to Linux
 * (setuid, initgroups); no SDL. */
#ifndef KIOSK_RUNAS_H
#define KIOSK_RUNAS_H

#include <stdbool.h>
#include <stddef.h>

/* Not root, or the data folder is root's: does nothing, returns 0. Else
 * takes the folder owner's user, primary group and groups for good (it
 * cannot be undone), sets *switched and fills user with its name. Returns
 * -1 with a reason in err (and the command to use instead) when it cannot. */
int runas_data_owner(const char *data_dir, bool *switched, char *user, size_t user_size,
                     char *err, size_t errsize);

#endif
