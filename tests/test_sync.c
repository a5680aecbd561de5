/* test_sync.c - the inbox and outbox (shell_sync.h, inbox.h, outbox.h)
 * with real inotify, the real thread and real installs into a temporary
 * data folder, SDL_INIT_EVENTS only:
 *   - a signed bundle copied into the inbox file by file, each file
 *     written in two halves, is never installed while it is incomplete
 *     (looked at after every step), and is installed once whole;
 *   - an older signed bundle is refused, and the status file says why;
 *   - an unsigned bundle is refused, and the status file says why;
 *   - a signed bundle with an error in a page is refused by the install,
 *     and the status file says so;
 *   - a bundle changed after signing is not installed;
 *   - a newer one goes in after all that;
 *   - the outbox gets one CSV a day that reads back to the same counts,
 *     and a file is not written again when nothing in it changed.
 * Waits use real time with limits that only guard against a hang. */
#include <SDL.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "files.h"
#include "content_fixture.h"
#include "fixture.h"
#include "counts.h"
#include "diag.h"
#include "import.h"
#include "inbox.h"
#include "outbox.h"
#include "shell_sync.h"
#include "sign.h"
#include "stats_csv.h"

#define QUIET_MS 300        /* the thread's quiet time in this test */
#define STEP_MS 900         /* after a step: three quiet times, so the thread has looked */
#define HANG_GUARD_MS 30000 /* an install or a status later than this is a failure */

static char root[64];
static const char *at(const char *rel) { return fixture_at(root, rel); }

/* A content folder with n pages, each with its own JPEG, titled by tag. */
static void make_bundle(const char *dir, int n, const char *tag) {
    content_fixture_folder(dir);
    fixture_put_text(dir, "content.ini", "title = Test\nlanguage = en\n");
    for (int i = 0; i < n; i++) {
        char rel[128], title[96], image[32];
        snprintf(rel, sizeof rel, "%03d-page-%d.md", i * 10, i);
        snprintf(title, sizeof title, "%s page %d", tag, i);
        snprintf(image, sizeof image, "photo-%d.jpg", i);
        content_fixture_page(dir, rel, title, image, "Short text.", "The longer text.");
        size_t len;
        unsigned char *jpg = make_jpeg(64 + i, 48, &len);
        snprintf(rel, sizeof rel, "images/%s", image);
        CHECK_INT(fixture_put(dir, rel, jpg, len), 0);
        free(jpg);
    }
}

static void sign_bundle(const char *dir, unsigned long long version) {
    diag_list d;
    diag_list_init(&d);
    CHECK_INT(sign_folder(dir, at("hub.secret"), version, &d), 0);
    diag_list_print(&d, stderr, "  ");
    diag_list_release(&d);
}

/* Did the thread say it installed something (its SDL event)? Waits up to ms. */
static shell_sync *watcher;
static bool installed_within(int ms) {
    SDL_Event e;
    Uint32 until = SDL_GetTicks() + (Uint32)ms;
    while (!SDL_TICKS_PASSED(SDL_GetTicks(), until)) {
        if (SDL_WaitEventTimeout(&e, 50) && shell_sync_installed(watcher, &e)) return true;
    }
    return false;
}

/* The whole of path, NUL-terminated (the caller frees it); NULL when unreadable. */
static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *bytes = malloc(1 << 24);
    size_t n = bytes ? fread(bytes, 1, (1 << 24) - 1, f) : 0;
    fclose(f);
    if (bytes) bytes[n] = '\0';
    if (len) *len = n;
    return bytes;
}

static char *status_text(void) { return slurp(at("outbox/kiosk-status-Test-kiosk.txt"), NULL); }

/* Waits until the status file's inbox line holds what. */
static bool status_says(const char *what) {
    Uint32 until = SDL_GetTicks() + HANG_GUARD_MS;
    char *text = NULL;
    while (!SDL_TICKS_PASSED(SDL_GetTicks(), until)) {
        free(text);
        text = status_text();
        if (text && strstr(text, what)) {
            free(text);
            return true;
        }
        SDL_Delay(50);
    }
    fprintf(stderr, "the status file does not say \"%s\"; it says:\n%s\n", what,
            text ? text : "(no file)");
    free(text);
    return false;
}

/* The title of the first page of what is installed, or "". */
static void active_title(char *out, size_t size) {
    char dir[PATH_MAX];
    out[0] = '\0';
    if (!import_current(at("data"), dir, sizeof dir)) return;
    content c;
    diag_list d;
    diag_list_init(&d);
    content_load(&c, dir, &d);
    if (c.page_count > 0) snprintf(out, size, "%s", c.pages[0].texts[0].title);
    content_release(&c);
    diag_list_release(&d);
}

/* The bundle's files, as a sync engine may bring them: in name order. */
static int bundle_files(const char *dir, char names[][64], int max) {
    int n = 0;
    const char *subs[] = {"", "images/", "pages/"};
    for (int s = 0; s < 3; s++) {
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", dir, subs[s]);
        DIR *d = opendir(path);
        struct dirent *e;
        while (d && (e = readdir(d)) && n < max) {
            char full[PATH_MAX + 300];
            struct stat st;
            snprintf(full, sizeof full, "%s%s", path, e->d_name);
            if (e->d_name[0] == '.' || stat(full, &st) != 0 || !S_ISREG(st.st_mode)) continue;
            snprintf(names[n++], 64, "%s%.40s", subs[s], e->d_name);
        }
        if (d) closedir(d);
    }
    return n;
}

/* Copies src/rel into the inbox's bundle in two halves, with a pause
 * between them long enough for the thread to look at the half file. */
static void copy_in_halves(const char *src, const char *rel) {
    char from[PATH_MAX + 100], to[PATH_MAX + 100];
    size_t len = 0;
    snprintf(from, sizeof from, "%s/%s", src, rel);
    snprintf(to, sizeof to, "%s/%s", at("inbox/kiosk-content"), rel);
    char *bytes = slurp(from, &len);
    CHECK(bytes != NULL);
    if (!bytes) return;
    char dir[sizeof to];
    snprintf(dir, sizeof dir, "%s", to);
    *strrchr(dir, '/') = '\0';
    fixture_sh("mkdir -p '%s'", dir);
    FILE *f = fopen(to, "wb");
    CHECK(f != NULL);
    if (!f) {
        free(bytes);
        return;
    }
    fwrite(bytes, 1, len / 2, f);
    fflush(f);
    CHECK(!installed_within(STEP_MS));
    fwrite(bytes + len / 2, 1, len - len / 2, f);
    fclose(f);
    free(bytes);
}

static void test_inbox(void) {
    char title[256];
    make_bundle(at("v1"), 3, "First");
    sign_bundle(at("v1"), 20261202100000ULL);
    make_bundle(at("old"), 2, "Older");
    sign_bundle(at("old"), 20261201100000ULL);
    make_bundle(at("plain"), 2, "Unsigned");
    make_bundle(at("broken"), 2, "Broken");
    fixture_put_text(at("broken"), "pages/010-page-1.md", "---\nimage: photo-1.jpg\n---\nNo title.\n");
    sign_bundle(at("broken"), 20261202120000ULL);
    make_bundle(at("v2"), 2, "Second");
    sign_bundle(at("v2"), 20261203100000ULL);

    /* Nothing yet: the status says so. */
    CHECK(status_says("inbox: empty"));

    /* File by file, each in two halves: never installed until whole. */
    char names[64][64];
    int n = bundle_files(at("v1"), names, 64);
    CHECK(n == 8);   /* content.ini, the manifest, 3 pictures, 3 pages */
    for (int i = 0; i < n; i++) {
        copy_in_halves(at("v1"), names[i]);
        if (i < n - 1) {
            CHECK(!installed_within(STEP_MS));
            CHECK(access(at("data/content/current"), F_OK) != 0);
        }
    }
    CHECK(status_says("does not verify") || access(at("data/content/current"), F_OK) == 0);
    CHECK(installed_within(HANG_GUARD_MS));
    active_title(title, sizeof title);
    CHECK_STR(title, "First page 0");
    CHECK(status_says("inbox: installed: the content signed on 2 Dec 2026 at 10:00 UTC"));
    CHECK(status_says("last install from the inbox: installed the content signed on 2 Dec 2026"));

    /* An older signed bundle (played back again): refused, and why. */
    fixture_sh("rm -rf '%s' && cp -r '%s' '%s'", at("inbox/kiosk-content"), at("old"),
               at("inbox/kiosk-content"));
    CHECK(status_says("inbox: refused: kiosk-content/ was signed on 1 Dec 2026 at 10:00 UTC "
                      "(version 20261201100000), before the signed content installed here"));
    CHECK(!installed_within(STEP_MS));
    active_title(title, sizeof title);
    CHECK_STR(title, "First page 0");

    /* Unsigned: refused, and why. */
    fixture_sh("rm -rf '%s' && cp -r '%s' '%s'", at("inbox/kiosk-content"), at("plain"),
               at("inbox/kiosk-content"));
    CHECK(status_says("inbox: refused: kiosk-content/ is not signed (it has no kiosk-manifest.txt)"));
    CHECK(!installed_within(STEP_MS));

    /* Signed and whole, but a page has an error: the install refuses it,
     * and the status file says so, as its last error too. */
    fixture_sh("rm -rf '%s' && cp -r '%s' '%s'", at("inbox/kiosk-content"), at("broken"),
               at("inbox/kiosk-content"));
    CHECK(status_says("inbox: refused: the content signed on 2 Dec 2026 at 12:00 UTC was not "
                      "installed: "));
    CHECK(status_says("last error: refused: the content signed on 2 Dec 2026 at 12:00 UTC"));
    CHECK(!installed_within(STEP_MS));
    active_title(title, sizeof title);
    CHECK_STR(title, "First page 0");

    /* Signed, then a page changed: never installed. */
    fixture_sh("rm -rf '%s' && cp -r '%s' '%s'", at("inbox/kiosk-content"), at("v2"),
               at("inbox/kiosk-content"));
    fixture_put_text(at("inbox/kiosk-content"), "pages/000-page-0.md",
                     "---\ntitle: Changed after signing\n---\nWords.\n");
    CHECK(status_says("waiting: kiosk-content/ does not verify"));
    CHECK(!installed_within(STEP_MS));
    active_title(title, sizeof title);
    CHECK_STR(title, "First page 0");

    /* The page put back as signed: the newer bundle goes in. */
    fixture_sh("cp '%s/pages/000-page-0.md' '%s/pages/'", at("v2"), at("inbox/kiosk-content"));
    CHECK(installed_within(HANG_GUARD_MS));
    active_title(title, sizeof title);
    CHECK_STR(title, "Second page 0");
    CHECK(status_says("inbox: installed: the content signed on 3 Dec 2026 at 10:00 UTC"));
}

/* Reads the day file back: its page views shown on day. */
static int64_t shown_in(const char *file) {
    counts_batch b;
    counts_batch_init(&b);
    diag_list d;
    diag_list_init(&d);
    CHECK_INT(stats_csv_read_file(file, &b, NULL, &d), 0);
    diag_list_print(&d, stderr, "  ");
    int64_t shown = 0;
    for (int i = 0; i < b.page_count; i++) shown += b.pages[i].shown;
    counts_batch_release(&b);
    diag_list_release(&d);
    return shown;
}

/* Two days of counts; extra more views of welcome on the first. */
static void sample(counts_batch *b, int64_t extra) {
    int64_t opened[COUNTS_HIST_COUNT] = {5, 5, 0, 0};
    counts_add_page(b, "2026-12-01", "welcome", "en", 120 + extra, 10, 600);
    counts_add_page(b, "2026-12-01", "massage", "en", 35, 5, 300);
    counts_add_visit(b, "2026-12-01", 10, opened);
    counts_add_page(b, "2026-12-02", "welcome", "pl", 40, 5, 300);
    counts_add_visit(b, "2026-12-02", 10, opened);
}

static void test_outbox(void) {
    shell_sync *s = watcher;
    counts_batch b, copy;
    counts_batch_init(&b);
    counts_batch_init(&copy);
    sample(&b, 0);
    shell_sync_counts(s, &b, "the test's pages, 3 pages");
    CHECK(b.page_count == 0);   /* taken over */
    char day1[PATH_MAX], day2[PATH_MAX];
    snprintf(day1, sizeof day1, "%s", at("outbox/kiosk-stats-Test-kiosk-2026-12-01.csv"));
    snprintf(day2, sizeof day2, "%s", at("outbox/kiosk-stats-Test-kiosk-2026-12-02.csv"));
    CHECK(status_says("on screen: the test's pages, 3 pages"));
    CHECK_INT(shown_in(day1), 155);
    CHECK_INT(shown_in(day2), 40);
    /* The same counts again: nothing is written (the sync engine sees no change). */
    struct stat before, after;
    CHECK_INT(stat(day1, &before), 0);
    SDL_Delay(20);
    sample(&copy, 0);
    shell_sync_counts(s, &copy, "the test's pages, 3 pages");
    SDL_Delay(STEP_MS);
    CHECK_INT(stat(day1, &after), 0);
    CHECK(before.st_ino == after.st_ino && before.st_mtim.tv_nsec == after.st_mtim.tv_nsec &&
          before.st_mtim.tv_sec == after.st_mtim.tv_sec);
    /* More views that day: the day's file is written again. */
    sample(&copy, 10);
    shell_sync_counts(s, &copy, "the test's pages, 3 pages");
    Uint32 until = SDL_GetTicks() + HANG_GUARD_MS;
    while (shown_in(day1) != 165 && !SDL_TICKS_PASSED(SDL_GetTicks(), until)) SDL_Delay(50);
    CHECK_INT(shown_in(day1), 165);
    counts_batch_release(&copy);
    counts_batch_release(&b);
    /* The outbox's file names, and no temporary file left. */
    CHECK_INT(fixture_count_names(at("outbox"), "."), 0);
    CHECK_INT(fixture_count_names(at("outbox"), "kiosk-stats-Test-kiosk-"), 2);
}

int main(void) {
    snprintf(root, sizeof root, "/tmp/kiosk-sync-XXXXXX");
    CHECK(mkdtemp(root) != NULL);
    CHECK_INT(SDL_Init(SDL_INIT_EVENTS), 0);
    char err[256];
    CHECK_INT(sign_keygen(at("hub"), err, sizeof err), 0);
    mkdir(at("inbox"), 0755);
    mkdir(at("data"), 0755);
    shell_sync_options o = {.inbox = at("inbox"), .outbox = at("outbox"), .data_dir = at("data"),
                            .trusted_keys = at("hub.public"), .kiosk_name = "Test kiosk",
                            .max_side = 800, .started = 1795400000, .quiet_ms = QUIET_MS};
    char inbox[PATH_MAX], outbox[PATH_MAX], data[PATH_MAX], keys[PATH_MAX];
    snprintf(inbox, sizeof inbox, "%s", o.inbox);
    snprintf(outbox, sizeof outbox, "%s", o.outbox);
    snprintf(data, sizeof data, "%s", o.data_dir);
    snprintf(keys, sizeof keys, "%s", o.trusted_keys);
    o.inbox = inbox, o.outbox = outbox, o.data_dir = data, o.trusted_keys = keys;
    watcher = shell_sync_open(&o);
    CHECK(watcher != NULL);
    if (watcher) {
        test_inbox();
        test_outbox();
        shell_sync_close(watcher);
    }
    SDL_Quit();
    fixture_sh("rm -rf '%s'", root);
    return check_summary();
}
