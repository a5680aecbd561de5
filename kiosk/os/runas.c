/* runas.c - root acts as the data folder's owner. See runas.h. */
#define _GNU_SOURCE
#include "runas.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int runas_data_owner(const char *data_dir, bool *switched, char *user, size_t user_size,
                     char *err, size_t errsize) {
    *switched = false;
    if (geteuid() != 0) return 0;
    struct stat st;
    if (stat(data_dir, &st) != 0) {
        snprintf(err, errsize, "cannot use the data folder %s: %s", data_dir, strerror(errno));
        return -1;
    }
    if (st.st_uid == 0) return 0;
    const struct passwd *pw = getpwuid(st.st_uid);
    if (!pw) {
        snprintf(err, errsize,
                 "the data folder %s belongs to user id %u, which has no name here; run this "
                 "command as that user, not as root",
                 data_dir, (unsigned)st.st_uid);
        return -1;
    }
    snprintf(user, user_size, "%s", pw->pw_name);
    uid_t uid = pw->pw_uid;
    gid_t gid = pw->pw_gid;
    /* Groups first, then the group, then the user: after setuid nothing
     * else may change. */
    if (initgroups(user, gid) != 0 || setgid(gid) != 0 || setuid(uid) != 0) {
        snprintf(err, errsize,
                 "running as root, and cannot act as %s, the owner of the data folder %s (%s); "
                 "run it as that user: sudo -u %s kiosk ...",
                 user, data_dir, strerror(errno), user);
        return -1;
    }
    if (setuid(0) == 0 || geteuid() != uid || getegid() != gid) {
        snprintf(err, errsize, "could not give up root to act as %s; run it as that user: "
                               "sudo -u %s kiosk ...", user, user);
        return -1;
    }
    *switched = true;
    return 0;
}
