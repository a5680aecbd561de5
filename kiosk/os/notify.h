/* notify.h - telling systemd how the kiosk is doing (Type=notify):
 * READY=1 once the first frame is on screen, STATUS= lines for
 * `systemctl status`, and WATCHDOG=1 from the render loop, so a hung
 * kiosk is restarted. Through libsystemd's sd_notify.
 *
 * No SDL; time is a parameter. Outside systemd (no NOTIFY_SOCKET) every
 * call does nothing. */
#ifndef KIOSK_NOTIFY_H
#define KIOSK_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    bool under_systemd;        /* NOTIFY_SOCKET was set */
    uint64_t interval_ms;      /* WatchdogSec=, 0 when there is no watchdog */
    bool ready;                /* READY=1 was sent: the watchdog pings may start */
    bool pinged;               /* a WATCHDOG=1 was sent */
    uint64_t last_ping_ms;
    char summary[128];         /* one line for the log, from notify_init */
} notify;

/* Learns from the environment whether systemd listens and how often it
 * wants a watchdog ping (sd_watchdog_enabled). Never fails. */
void notify_init(notify *n);

/* READY=1, with STATUS=status if status is not NULL. Returns 0, or -1 if
 * systemd could not be told (then it is only worth a log line). */
int notify_ready(notify *n, const char *status);

/* STATUS=status, e.g. "screen off: outside opening hours". */
int notify_status(notify *n, const char *status);

/* STOPPING=1, before the kiosk closes its window. */
int notify_stopping(notify *n);

/* Milliseconds until the next WATCHDOG=1 is due (0: now), or UINT32_MAX
 * when there is no watchdog or READY=1 was not sent yet. The loop should
 * not sleep longer. No ping before READY: systemd's watchdog starts with the
 * first ping, and until the first frame the start-up's own, longer limit
 * (TimeoutStartSec=) should hold; a ping and then a slow first frame (a slow
 * CPU, big pictures) had the kiosk killed and restarted forever. */
uint32_t notify_due_ms(const notify *n, uint64_t now_ms);

/* Sends WATCHDOG=1 when due: at once the first time after READY=1, then
 * every half interval. Returns true if it sent one. */
bool notify_tick(notify *n, uint64_t now_ms);

#endif
