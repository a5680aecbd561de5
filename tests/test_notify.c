/* test_notify.c - notify.c as systemd sees it: the test binds the
 * datagram socket that NOTIFY_SOCKET names, sets WATCHDOG_USEC as
 * systemd would for WatchdogSec=, and reads what arrives: READY=1 with
 * STATUS=, no WATCHDOG=1 before READY=1, then WATCHDOG=1 at the first
 * tick and every half interval,
 * nothing in between, and nothing at all without a watchdog or outside
 * systemd. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "check.h"
#include "notify.h"

static char folder[64], socket_path[96];
static int listener = -1;

static void bind_socket(void) {
    strcpy(folder, "/tmp/test_notify_XXXXXX");
    CHECK(mkdtemp(folder) != NULL);
    snprintf(socket_path, sizeof socket_path, "%s/notify", folder);
    listener = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    CHECK(listener >= 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    snprintf(addr.sun_path, sizeof addr.sun_path, "%s", socket_path);
    CHECK_INT(bind(listener, (struct sockaddr *)&addr, sizeof addr), 0);
    /* A lost datagram must fail the test, not hang it. */
    struct timeval timeout = {.tv_sec = 5};
    CHECK_INT(setsockopt(listener, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout), 0);
}

/* The next datagram, or "" after the timeout. */
static const char *receive(void) {
    static char buf[512];
    ssize_t n = recv(listener, buf, sizeof buf - 1, 0);
    buf[n > 0 ? n : 0] = '\0';
    return buf;
}

/* True when no datagram is waiting. */
static bool nothing_waiting(void) {
    char buf[64];
    ssize_t n = recv(listener, buf, sizeof buf, MSG_DONTWAIT);
    if (n >= 0) fprintf(stderr, "  unexpected datagram: %.*s\n", (int)n, buf);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

static void test_watchdog(void) {
    setenv("NOTIFY_SOCKET", socket_path, 1);
    setenv("WATCHDOG_USEC", "2000000", 1); /* WatchdogSec=2 */
    char pid[32];
    snprintf(pid, sizeof pid, "%ld", (long)getpid());
    setenv("WATCHDOG_PID", pid, 1);

    notify n;
    notify_init(&n);
    printf("  %s\n", n.summary);
    CHECK(n.under_systemd);
    CHECK_INT(n.interval_ms, 2000);
    CHECK(strstr(n.summary, "every 2000 ms") != NULL);

    /* No ping before READY=1: a slow first frame is TimeoutStartSec='s. */
    CHECK_INT(notify_due_ms(&n, 0), UINT32_MAX);
    CHECK(!notify_tick(&n, 0));
    CHECK(!notify_tick(&n, 60000));
    CHECK(nothing_waiting());

    CHECK_INT(notify_ready(&n, "showing 5 pages"), 0);
    CHECK_STR(receive(), "READY=1\nSTATUS=showing 5 pages");
    CHECK_INT(notify_status(&n, "screen off: outside opening hours\nsecond line"), 0);
    CHECK_STR(receive(), "STATUS=screen off: outside opening hours second line");

    /* The first tick pings at once, then every half interval. */
    uint64_t start = 123456;
    CHECK_INT(notify_due_ms(&n, start), 0);
    CHECK(notify_tick(&n, start));
    CHECK_STR(receive(), "WATCHDOG=1");
    CHECK_INT(notify_due_ms(&n, start), 1000);
    CHECK_INT(notify_due_ms(&n, start + 400), 600);
    CHECK(!notify_tick(&n, start + 999));
    CHECK(nothing_waiting());
    CHECK_INT(notify_due_ms(&n, start + 999), 1);
    CHECK(notify_tick(&n, start + 1000));
    CHECK_STR(receive(), "WATCHDOG=1");
    /* A late loop pings at once, and counts from then. */
    CHECK_INT(notify_due_ms(&n, start + 5000), 0);
    CHECK(notify_tick(&n, start + 5000));
    CHECK_STR(receive(), "WATCHDOG=1");
    CHECK_INT(notify_due_ms(&n, start + 5000), 1000);
    CHECK(nothing_waiting());

    CHECK_INT(notify_stopping(&n), 0);
    CHECK_STR(receive(), "STOPPING=1");
}

static void test_no_watchdog(void) {
    /* WatchdogSec= not set: READY and STATUS still go, no pings. */
    setenv("NOTIFY_SOCKET", socket_path, 1);
    unsetenv("WATCHDOG_USEC");
    unsetenv("WATCHDOG_PID");
    notify n;
    notify_init(&n);
    printf("  %s\n", n.summary);
    CHECK(n.under_systemd);
    CHECK_INT(n.interval_ms, 0);
    CHECK_INT(notify_due_ms(&n, 0), UINT32_MAX);
    CHECK(!notify_tick(&n, 0));
    CHECK(!notify_tick(&n, 1000000));
    CHECK_INT(notify_ready(&n, NULL), 0);
    CHECK_STR(receive(), "READY=1");
    CHECK(nothing_waiting());

    /* A watchdog meant for another process (WATCHDOG_PID) is not ours. */
    setenv("WATCHDOG_USEC", "2000000", 1);
    setenv("WATCHDOG_PID", "1", 1);
    notify_init(&n);
    CHECK_INT(n.interval_ms, 0);
    CHECK(!notify_tick(&n, 0));
    CHECK(nothing_waiting());
}

static void test_outside_systemd(void) {
    unsetenv("NOTIFY_SOCKET");
    setenv("WATCHDOG_USEC", "2000000", 1);
    unsetenv("WATCHDOG_PID");
    notify n;
    notify_init(&n);
    printf("  %s\n", n.summary);
    CHECK(!n.under_systemd);
    CHECK_INT(n.interval_ms, 0);
    CHECK_INT(notify_due_ms(&n, 0), UINT32_MAX);
    CHECK(!notify_tick(&n, 0));
    CHECK_INT(notify_ready(&n, "ready"), 0);
    CHECK_INT(notify_status(&n, "status"), 0);
    CHECK(nothing_waiting());
}

int main(void) {
    bind_socket();
    test_watchdog();
    test_no_watchdog();
    test_outside_systemd();
    close(listener);
    unlink(socket_path);
    rmdir(folder);
    return check_summary();
}
