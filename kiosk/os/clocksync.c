/* clocksync.c - is the system clock synchronised? See clocksync.h.
 * libc only: access() and ntp_adjtime(). */
#include "clocksync.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/timex.h>
#include <unistd.h>

bool clocksync_check(const char *timesync_flag, char *why, size_t whysize) {
    if (timesync_flag && access(timesync_flag, F_OK) == 0) {
        snprintf(why, whysize, "systemd-timesyncd has synchronised the clock (%s)",
                 timesync_flag);
        return true;
    }
    struct timex tx;
    memset(&tx, 0, sizeof tx); /* modes 0: only read */
    int state = ntp_adjtime(&tx);
    if (state == -1) {
        int e = errno;
        snprintf(why, whysize, "cannot ask the kernel whether the clock is synchronised: %s%s",
                 strerror(e),
                 e == EPERM ? " (a systemd SystemCallFilter= or ProtectClock= blocks adjtimex), "
                              "and systemd-timesyncd has not said it is"
                            : "");
        return false;
    }
    if ((tx.status & STA_UNSYNC) || state == TIME_ERROR) {
        snprintf(why, whysize,
                 "the kernel says the clock is not synchronised (no time from the network yet)");
        return false;
    }
    snprintf(why, whysize, "the kernel says the clock is synchronised");
    return true;
}
