/* notify.c - sd_notify for Type=notify and WatchdogSec=. See notify.h.
 * libsystemd only (sd_notify, sd_watchdog_enabled). */
#include "notify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-daemon.h>

void notify_init(notify *n) {
    memset(n, 0, sizeof *n);
    const char *socket = getenv("NOTIFY_SOCKET");
    n->under_systemd = socket && socket[0];
    uint64_t usec = 0;
    /* > 0 when WATCHDOG_USEC is set (and WATCHDOG_PID, if set, is us). */
    if (n->under_systemd && sd_watchdog_enabled(0, &usec) > 0 && usec > 0)
        n->interval_ms = usec / 1000 ? usec / 1000 : 1;
    if (!n->under_systemd)
        snprintf(n->summary, sizeof n->summary, "not started by systemd: no notifications");
    else if (!n->interval_ms)
        snprintf(n->summary, sizeof n->summary, "systemd notifications on, no watchdog");
    else
        snprintf(n->summary, sizeof n->summary,
                 "systemd watchdog every %llu ms: pinging every %llu ms",
                 (unsigned long long)n->interval_ms, (unsigned long long)(n->interval_ms / 2));
}

static int tell(const notify *n, const char *message) {
    if (!n->under_systemd) return 0;
    return sd_notify(0, message) > 0 ? 0 : -1;
}

/* "FIELD=status": status is one line (systemd takes the rest of the
 * datagram's line), and at most 200 bytes of it. */
static int send_status(const notify *n, const char *head, const char *status) {
    char message[256];
    int len = snprintf(message, sizeof message, "%s%s%.200s", head, status ? "STATUS=" : "",
                       status ? status : "");
    if (len < 0) return -1;
    for (char *p = message + strlen(head); *p; p++)
        if (*p == '\n' || *p == '\r') *p = ' ';
    return tell(n, message);
}

int notify_ready(notify *n, const char *status) {
    n->ready = true;
    return send_status(n, status ? "READY=1\n" : "READY=1", status);
}

int notify_status(notify *n, const char *status) {
    return send_status(n, "", status ? status : "");
}

int notify_stopping(notify *n) {
    return tell(n, "STOPPING=1");
}

uint32_t notify_due_ms(const notify *n, uint64_t now_ms) {
    if (!n->interval_ms || !n->ready) return UINT32_MAX;
    if (!n->pinged) return 0;
    uint64_t due = n->last_ping_ms + n->interval_ms / 2;
    if (due <= now_ms) return 0;
    uint64_t wait = due - now_ms;
    return wait >= UINT32_MAX ? UINT32_MAX - 1 : (uint32_t)wait;
}

bool notify_tick(notify *n, uint64_t now_ms) {
    if (!n->interval_ms || notify_due_ms(n, now_ms) > 0) return false;
    tell(n, "WATCHDOG=1");
    n->pinged = true;
    n->last_ping_ms = now_ms;
    return true;
}
