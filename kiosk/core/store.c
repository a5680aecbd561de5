/* store.c - page-view counts in SQLite. See store.h. */
#include "store.h"

#include <errno.h>
#include <stdarg.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct store {
    sqlite3 *db;          /* NULL: counts stay in memory, retried at commit */
    char path[PATH_MAX];
    store_log log;
    void *log_ctx;
    bool failing;         /* the last commit failed (log once, not every 5 s) */
};

/* Schema versions, in order: migrations[i] takes user_version i to i+1.
 * Never edit one that has shipped; add the next. */
static const char *const migrations[] = {
    /* 1: the first schema */
    "CREATE TABLE page_day("
    "  day TEXT NOT NULL, page TEXT NOT NULL, lang TEXT NOT NULL,"
    "  shown INTEGER NOT NULL DEFAULT 0, opened INTEGER NOT NULL DEFAULT 0,"
    "  read_seconds INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY(day, page, lang)) WITHOUT ROWID;"
    "CREATE TABLE visit_day("
    "  day TEXT PRIMARY KEY NOT NULL, visits INTEGER NOT NULL DEFAULT 0,"
    "  opened_1 INTEGER NOT NULL DEFAULT 0, opened_2 INTEGER NOT NULL DEFAULT 0,"
    "  opened_3_5 INTEGER NOT NULL DEFAULT 0, opened_6_plus INTEGER NOT NULL DEFAULT 0)"
    "  WITHOUT ROWID;",
};
#define SCHEMA_VERSION ((int)(sizeof migrations / sizeof migrations[0]))

static void say(store *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(store *s, const char *fmt, ...) {
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (s->log) s->log(s->log_ctx, msg);
}

static int exec(sqlite3 *db, const char *sql) { return sqlite3_exec(db, sql, NULL, NULL, NULL); }

/* Runs a PRAGMA that answers with one text, e.g. the journal mode. */
static int pragma_text(sqlite3 *db, const char *sql, char *out, size_t size) {
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(db, sql, -1, &q, NULL);
    if (rc != SQLITE_OK) return rc;
    rc = sqlite3_step(q);
    const unsigned char *text = rc == SQLITE_ROW ? sqlite3_column_text(q, 0) : NULL;
    snprintf(out, size, "%s", text ? (const char *)text : "");
    rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
    sqlite3_finalize(q);
    return rc;
}

/* Moves a database that cannot be used to counts.db.broken-DATE[-N],
 * DATE the day it was last written (the core never reads the clock), with
 * its -journal (and an older kiosk's -wal and -shm), so nothing is lost
 * and a fresh one can start. */
static int move_aside(store *s, const char *why) {
    char day[COUNTS_DAY_LEN], aside[PATH_MAX + 64];
    struct stat written;
    counts_day(lstat(s->path, &written) == 0 ? written.st_mtime : 0, day);
    for (int n = 1; n < 1000; n++) {
        if (n == 1) snprintf(aside, sizeof aside, "%s.broken-%s", s->path, day);
        else snprintf(aside, sizeof aside, "%s.broken-%s-%d", s->path, day, n);
        struct stat st;
        if (lstat(aside, &st) != 0) break;
    }
    if (rename(s->path, aside) != 0) {
        say(s, "%s: %s, and it cannot be moved aside (%s); counting in memory only", s->path,
            why, strerror(errno));
        return -1;
    }
    static const char *const extra[] = {"-journal", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        char from[PATH_MAX + 8], to[PATH_MAX + 80];
        snprintf(from, sizeof from, "%s%s", s->path, extra[i]);
        snprintf(to, sizeof to, "%s%s", aside, extra[i]);
        rename(from, to); /* may not exist */
    }
    say(s, "%s: %s; moved it to %s and started a new one", s->path, why, aside);
    return 0;
}

static int migrate(store *s) {
    sqlite3_stmt *st;
    int version = -1;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK) return -1;
    if (sqlite3_step(st) == SQLITE_ROW) version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (version < 0) return -1;
    if (version > SCHEMA_VERSION) {
        say(s, "%s was written by a newer kiosk (schema %d, this one knows %d)", s->path, version,
            SCHEMA_VERSION);
        return -1;
    }
    for (int v = version; v < SCHEMA_VERSION; v++) {
        char bump[64];
        snprintf(bump, sizeof bump, "PRAGMA user_version = %d;", v + 1);
        if (exec(s->db, "BEGIN IMMEDIATE") != SQLITE_OK) return -1;
        if (exec(s->db, migrations[v]) != SQLITE_OK || exec(s->db, bump) != SQLITE_OK) {
            say(s, "%s: cannot update the schema to version %d: %s", s->path, v + 1,
                sqlite3_errmsg(s->db));
            exec(s->db, "ROLLBACK");
            return -1;
        }
        if (exec(s->db, "COMMIT") != SQLITE_OK) return -1;
    }
    return 0;
}

/* Opens s->path and checks it. Returns 0, 1 when the file is bad (move it
 * aside and try again), -1 when it cannot be opened for another reason. */
static int try_open(store *s) {
    struct stat st;
    if (lstat(s->path, &st) == 0 && !S_ISREG(st.st_mode)) return 1; /* a folder in its place */
    if (sqlite3_open_v2(s->path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        int code = s->db ? sqlite3_errcode(s->db) : SQLITE_NOMEM;
        say(s, "%s: cannot open: %s", s->path, s->db ? sqlite3_errmsg(s->db) : "out of memory");
        sqlite3_close(s->db);
        s->db = NULL;
        return code == SQLITE_CANTOPEN && access(s->path, F_OK) == 0 ? 1 : -1;
    }
    sqlite3_busy_timeout(s->db, 2000);
    if (sqlite3_db_readonly(s->db, "main") == 1) { /* a read-only file: move it aside */
        sqlite3_close(s->db);
        s->db = NULL;
        return 1;
    }
    /* A bad file shows itself at the first read. */
    char was[16] = "";
    int rc = pragma_text(s->db, "PRAGMA journal_mode", was, sizeof was);
    if (rc == SQLITE_OK) rc = exec(s->db, "PRAGMA secure_delete=ON");
    if (rc == SQLITE_OK) rc = exec(s->db, "PRAGMA synchronous=FULL");
    if (rc == SQLITE_OK && strcmp(was, "delete") != 0) {
        /* A file from an older kiosk (WAL): its -wal holds one commit after
         * another. Back to one file, then rewritten once so that nothing
         * freed before secure_delete was on stays in it. */
        char now[16] = "";
        rc = pragma_text(s->db, "PRAGMA journal_mode=DELETE", now, sizeof now);
        if (rc == SQLITE_OK && strcmp(now, "delete") != 0)
            say(s, "%s: still in %s mode (another program has it open); the next start "
                   "tries again", s->path, now);
        else if (rc == SQLITE_OK && strcmp(was, "wal") == 0)
            rc = exec(s->db, "VACUUM");
    }
    if (rc == SQLITE_OK) {
        sqlite3_stmt *q;
        rc = sqlite3_prepare_v2(s->db, "PRAGMA quick_check", -1, &q, NULL);
        if (rc == SQLITE_OK) {
            int step = sqlite3_step(q);
            const unsigned char *r = step == SQLITE_ROW ? sqlite3_column_text(q, 0) : NULL;
            if (!r || strcmp((const char *)r, "ok") != 0) rc = SQLITE_CORRUPT;
            sqlite3_finalize(q);
        }
    }
    if (rc == SQLITE_OK && migrate(s) != 0) rc = SQLITE_CORRUPT;
    if (rc == SQLITE_OK) return 0;
    int code = sqlite3_errcode(s->db);
    sqlite3_close(s->db);
    s->db = NULL;
    if (code == SQLITE_FULL || code == SQLITE_IOERR) {
        say(s, "%s: cannot use it now (%s); counting in memory, trying again later", s->path,
            sqlite3_errstr(code));
        return -1;
    }
    return 1;
}

static void open_db(store *s) {
    int rc = try_open(s);
    if (rc == 1 && move_aside(s, "the file is damaged or cannot be written") == 0)
        rc = try_open(s);
    if (rc != 0) {
        if (s->db) sqlite3_close(s->db);
        s->db = NULL;
    }
}

store *store_open(const char *data_dir, store_log log, void *log_ctx) {
    store *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->log = log;
    s->log_ctx = log_ctx;
    snprintf(s->path, sizeof s->path, "%s/%s", data_dir, STORE_FILE);
    open_db(s);
    return s;
}

void store_close(store *s) {
    if (!s) return;
    if (s->db) sqlite3_close(s->db);
    free(s);
}

bool store_ok(const store *s) { return s && s->db; }
const char *store_path(const store *s) { return s->path; }

void store_settings(store *s, char *out, size_t size) {
    char mode[16] = "", sync[16] = "", secure[16] = "";
    snprintf(out, size, "%s", "");
    if (!s->db || pragma_text(s->db, "PRAGMA journal_mode", mode, sizeof mode) != SQLITE_OK ||
        pragma_text(s->db, "PRAGMA synchronous", sync, sizeof sync) != SQLITE_OK ||
        pragma_text(s->db, "PRAGMA secure_delete", secure, sizeof secure) != SQLITE_OK)
        return;
    static const char *const syncs[] = {"off", "normal", "full", "extra"};
    int level = atoi(sync);
    snprintf(out, size, "journal %s, synchronous %s, secure_delete %s", mode,
             level >= 0 && level < 4 ? syncs[level] : sync, atoi(secure) == 1 ? "on" : "off");
}

static int write_batch(store *s, const counts_batch *b) {
    static const char *const page_sql =
        "INSERT INTO page_day(day, page, lang, shown, opened, read_seconds) VALUES(?,?,?,?,?,?) "
        "ON CONFLICT(day, page, lang) DO UPDATE SET shown = shown + excluded.shown, "
        "opened = opened + excluded.opened, read_seconds = read_seconds + excluded.read_seconds";
    static const char *const visit_sql =
        "INSERT INTO visit_day(day, visits, opened_1, opened_2, opened_3_5, opened_6_plus) "
        "VALUES(?,?,?,?,?,?) ON CONFLICT(day) DO UPDATE SET visits = visits + excluded.visits, "
        "opened_1 = opened_1 + excluded.opened_1, opened_2 = opened_2 + excluded.opened_2, "
        "opened_3_5 = opened_3_5 + excluded.opened_3_5, "
        "opened_6_plus = opened_6_plus + excluded.opened_6_plus";
    sqlite3_stmt *p = NULL, *v = NULL;
    int rc = exec(s->db, "BEGIN IMMEDIATE");
    if (rc == SQLITE_OK) rc = sqlite3_prepare_v2(s->db, page_sql, -1, &p, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_prepare_v2(s->db, visit_sql, -1, &v, NULL);
    for (int i = 0; rc == SQLITE_OK && i < b->page_count; i++) {
        const counts_page_row *r = &b->pages[i];
        sqlite3_bind_text(p, 1, r->day, -1, SQLITE_STATIC);
        sqlite3_bind_text(p, 2, r->page, -1, SQLITE_STATIC);
        sqlite3_bind_text(p, 3, r->lang, -1, SQLITE_STATIC);
        sqlite3_bind_int64(p, 4, r->shown);
        sqlite3_bind_int64(p, 5, r->opened);
        sqlite3_bind_int64(p, 6, r->read_seconds);
        rc = sqlite3_step(p) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(s->db);
        sqlite3_reset(p);
    }
    for (int i = 0; rc == SQLITE_OK && i < b->visit_count; i++) {
        const counts_visit_row *r = &b->visits[i];
        sqlite3_bind_text(v, 1, r->day, -1, SQLITE_STATIC);
        sqlite3_bind_int64(v, 2, r->visits);
        for (int k = 0; k < COUNTS_HIST_COUNT; k++) sqlite3_bind_int64(v, 3 + k, r->opened[k]);
        rc = sqlite3_step(v) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(s->db);
        sqlite3_reset(v);
    }
    sqlite3_finalize(p);
    sqlite3_finalize(v);
    if (rc == SQLITE_OK) rc = exec(s->db, "COMMIT");
    if (rc != SQLITE_OK) {
        const char *why = sqlite3_errmsg(s->db);
        if (!s->failing)
            say(s, "%s: cannot save the counts (%s); keeping them in memory and trying again",
                s->path, why);
        s->failing = true;
        exec(s->db, "ROLLBACK");
        return -1;
    }
    if (s->failing) say(s, "%s: saving the counts again", s->path);
    s->failing = false;
    return 0;
}

int store_commit(store *s, counts_batch *batch) {
    if (counts_batch_empty(batch)) return 0;
    if (!s->db) open_db(s); /* the disk may have room again */
    if (!s->db) return -1;
    if (write_batch(s, batch) != 0) return -1;
    counts_batch_clear(batch);
    return 0;
}

int store_read(store *s, const char *from, const char *to, counts_batch *out) {
    if (!s->db) return -1;
    const char *lo = from ? from : "0000-00-00", *hi = to ? to : "9999-99-99";
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(s->db,
                                "SELECT day, page, lang, shown, opened, read_seconds FROM page_day "
                                "WHERE day BETWEEN ?1 AND ?2 ORDER BY day, page, lang",
                                -1, &q, NULL);
    if (rc != SQLITE_OK) return -1;
    sqlite3_bind_text(q, 1, lo, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, hi, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        if (counts_add_page(out, (const char *)sqlite3_column_text(q, 0),
                            (const char *)sqlite3_column_text(q, 1),
                            (const char *)sqlite3_column_text(q, 2), sqlite3_column_int64(q, 3),
                            sqlite3_column_int64(q, 4), sqlite3_column_int64(q, 5)) != 0)
            break;
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) return -1;
    rc = sqlite3_prepare_v2(s->db,
                            "SELECT day, visits, opened_1, opened_2, opened_3_5, opened_6_plus "
                            "FROM visit_day WHERE day BETWEEN ?1 AND ?2 ORDER BY day",
                            -1, &q, NULL);
    if (rc != SQLITE_OK) return -1;
    sqlite3_bind_text(q, 1, lo, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, hi, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        int64_t hist[COUNTS_HIST_COUNT];
        for (int k = 0; k < COUNTS_HIST_COUNT; k++) hist[k] = sqlite3_column_int64(q, 2 + k);
        if (counts_add_visit(out, (const char *)sqlite3_column_text(q, 0),
                             sqlite3_column_int64(q, 1), hist) != 0)
            break;
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? 0 : -1;
}
