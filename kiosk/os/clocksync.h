/* clocksync.h - can the system clock be trusted? A Raspberry Pi has no
 * real-time clock: until NTP has answered, the time may be hours or days
 * off (fake-hwclock restores the time of the last shutdown), and opening
 * hours must not switch the screen off on a wrong guess.
 *
 * Reads the system (a file and one syscall); kept apart from schedule.c,
 * which takes the answer as a bool so tests need no real clock. */
#ifndef KIOSK_CLOCKSYNC_H
#define KIOSK_CLOCKSYNC_H

#include <stdbool.h>
#include <stddef.h>

/* systemd-timesyncd creates this file once it has synchronised the clock. */
#define CLOCKSYNC_TIMESYNC_FLAG "/run/systemd/timesync/synchronized"

/* True when the clock is synchronised: timesync_flag exists (NULL: do not
 * look), or else the kernel's NTP status (ntp_adjtime) does not carry
 * STA_UNSYNC, which timesyncd and chrony clear when they set the time.
 * why gets one line for the log saying which it was. */
bool clocksync_check(const char *timesync_flag, char *why, size_t whysize);

#endif
