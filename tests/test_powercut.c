/* test_powercut.c - the cleaner switches the kiosk off mid-write. A child
 * process counts page views at full speed (synthetic time, a commit every
 * 5 synthetic seconds: far more often than the kiosk commits, see
 * counts_save_at, so that most kills land in or near a commit) and is
 * killed with SIGKILL at a random moment, 200 times. After every kill the database passes
 * PRAGMA integrity_check, and no total is lower than the last one read:
 * a kill loses at most what was not yet committed, never what was. */
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "counts.h"
#include "store.h"

#define KILLS 200
#define COMMIT_EVERY_MS 5000

static const char *const pages[] = {"welcome", "infant-mental-health", "positive-touch",
                                    "attunement", "bonding"};

static void child(const char *dir) {
    store *s = store_open(dir, NULL, NULL);
    if (!store_ok(s)) _exit(3);
    counts c;
    counts_init(&c);
    uint64_t now = 0, last_commit = 0;
    time_t wall = 1795392000 + 9 * 3600;
    for (unsigned i = 0;; i++) {
        /* A page every 2.5 s; every third one opened for 10 s. */
        counts_screen screen = {pages[(i / 25) % 5], "en", (i / 25) % 3 == 0 && i % 25 > 10,
                                (i / 50) % 2 == 0};
        counts_observe(&c, &screen, now, wall + (time_t)(now / 1000));
        now += 100;
        if (now - last_commit >= COMMIT_EVERY_MS) {
            store_commit(s, &c.batch);
            last_commit = now;
        }
    }
}

typedef struct { long long shown, opened, read, visits; } totals;

static int read_totals(const char *path, totals *t) {
    sqlite3 *db;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) return -1;
    int rc = -1;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(q, 0), "ok") == 0)
        rc = 0;
    sqlite3_finalize(q);
    memset(t, 0, sizeof *t);
    if (rc == 0 &&
        sqlite3_prepare_v2(db, "SELECT TOTAL(shown), TOTAL(opened), TOTAL(read_seconds) FROM page_day",
                           -1, &q, NULL) == SQLITE_OK) {
        if (sqlite3_step(q) == SQLITE_ROW) {
            t->shown = sqlite3_column_int64(q, 0);
            t->opened = sqlite3_column_int64(q, 1);
            t->read = sqlite3_column_int64(q, 2);
        }
        sqlite3_finalize(q);
        if (sqlite3_prepare_v2(db, "SELECT TOTAL(visits) FROM visit_day", -1, &q, NULL) == SQLITE_OK &&
            sqlite3_step(q) == SQLITE_ROW)
            t->visits = sqlite3_column_int64(q, 0);
        sqlite3_finalize(q);
    }
    sqlite3_close(db);
    return rc;
}

int main(void) {
    char dir[] = "/tmp/kiosk-powercut-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, STORE_FILE);
    srand((unsigned)time(NULL));
    totals last = {0}, now_t;
    int bad_integrity = 0, backwards = 0, grew = 0, no_db = 0;
    for (int k = 0; k < KILLS; k++) {
        pid_t pid = fork();
        if (pid == 0) child(dir);
        /* Let it run from 1 to 100 ms: sometimes mid-open, mostly mid-commit
         * (one commit takes a few ms to some tens: synchronous=FULL waits
         * for the disk twice). */
        struct timespec ts = {0, (long)(1 + rand() % 100) * 1000000L};
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        int status;
        waitpid(pid, &status, 0);
        if (access(path, F_OK) != 0) { no_db++; continue; }
        if (read_totals(path, &now_t) != 0) { bad_integrity++; continue; }
        if (now_t.shown < last.shown || now_t.opened < last.opened || now_t.read < last.read ||
            now_t.visits < last.visits) {
            fprintf(stderr, "kill %d: totals went back: shown %lld -> %lld, opened %lld -> %lld\n",
                    k, last.shown, now_t.shown, last.opened, now_t.opened);
            backwards++;
        }
        if (now_t.shown > last.shown) grew++;
        last = now_t;
    }
    printf("%d kills: shown %lld, opened %lld, read %lld s, visits %lld; grew %d times\n", KILLS,
           last.shown, last.opened, last.read, last.visits, grew);
    CHECK_INT(bad_integrity, 0);
    CHECK_INT(backwards, 0);
    CHECK(no_db < KILLS / 4);          /* the database exists nearly every time */
    CHECK(grew > KILLS / 4);           /* and counting really went on */
    CHECK(last.shown > 0 && last.opened > 0 && last.visits > 0);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK_INT(system(cmd), 0);
    return check_summary();
}
