/* test_import.c - installing content, all or nothing: a good folder goes
 * in; every kind of bad folder is refused and leaves the active content
 * byte for byte as it was; roll back; and the import process killed at
 * random points at least 100 times, after which the active content is always the
 * complete old one or the complete new one. Signed content: a file swapped
 * on the stick while it is copied is refused (the copy is what is
 * checked); with no PIN given, only signed content newer than what was
 * installed goes in (a vanished manifest, an old or the same bundle again
 * stop before the switch and ask for the PIN). */
#include <dirent.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "fixture.h"
#include "files.h"
#include "content_fixture.h"
#include "import.h"
#include "sign.h"

static char root[64];

static const char svg[] = CONTENT_FIXTURE_SVG;

/* A content folder with n pages, each with its own JPEG. */
static void make_content(const char *dir, int n, const char *tag) {
    content_fixture_folder(dir);
    fixture_put_text(dir, "content.ini", "title = Test\nlanguage = en\n");
    for (int i = 0; i < n; i++) {
        char rel[128], title[128], image[64], short_text[128], long_text[64];
        snprintf(rel, sizeof rel, "%03d-page-%d.md", i * 10, i);
        snprintf(title, sizeof title, "%s page %d", tag, i);
        snprintf(image, sizeof image, "photo-%d.jpg", i);
        snprintf(short_text, sizeof short_text, "Short %s.", tag);
        snprintf(long_text, sizeof long_text, "Detail %d.", i);
        content_fixture_page(dir, rel, title, image, short_text, long_text);
        size_t len;
        unsigned char *jpg = make_jpeg(64 + i, 48, &len);
        snprintf(rel, sizeof rel, "images/photo-%d.jpg", i);
        fixture_put(dir, rel, jpg, len);
        free(jpg);
    }
    fixture_put_text(dir, "images/spare.svg", svg);
}

/* A digest of a folder: names and bytes, in name order. */
static uint64_t digest(const char *dir, uint64_t h) {
    struct dirent **list;
    int n = scandir(dir, &list, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        const char *name = list[i]->d_name;
        if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0) {
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", dir, name);
            for (const char *p = name; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ULL;
            struct stat st;
            if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
                h = digest(path, h);
            } else {
                FILE *f = fopen(path, "rb");
                int c;
                while (f && (c = fgetc(f)) != EOF) h = (h ^ (unsigned char)c) * 1099511628211ULL;
                if (f) fclose(f);
            }
        }
        free(list[i]);
    }
    if (n >= 0) free(list);
    return h;
}

static uint64_t active_digest(const char *data) {
    char current[1024];
    if (!import_current(data, current, sizeof current)) return 0;
    return digest(current, 14695981039346656037ULL);
}

/* An error whose line ("file:line: error: message") holds part. */
static bool has_error(const diag_list *d, const char *part) {
    for (int i = 0; i < d->count; i++) {
        char line[1200];
        diag_format(&d->items[i], line, sizeof line);
        if (d->items[i].severity == DIAG_ERROR && strstr(line, part)) return true;
    }
    return false;
}

static void test_good_and_rollback(void) {
    char a[128], b[128], data[128];
    snprintf(a, sizeof a, "%s/a", root);
    snprintf(b, sizeof b, "%s/b", root);
    snprintf(data, sizeof data, "%s/data-good", root);
    mkdir(data, 0755);
    make_content(a, 3, "A");
    make_content(b, 4, "B");
    diag_list d;
    diag_list_init(&d);
    CHECK_INT(import_install(a, data, NULL, &d), 0);
    uint64_t da = active_digest(data);
    CHECK(da != 0);
    char current[1024], path[1200];
    CHECK(import_current(data, current, sizeof current));
    /* Only what the pages use is installed: not spare.svg. */
    snprintf(path, sizeof path, "%s/images/spare.svg", current);
    CHECK(access(path, F_OK) != 0);
    snprintf(path, sizeof path, "%s/pages/020-page-2.md", current);
    CHECK(access(path, F_OK) == 0);
    /* Nothing installed before it: back to the kiosk's own pages, and forward. */
    CHECK(import_can_roll_back(data));
    CHECK(!import_previous(data, path, sizeof path));
    CHECK_INT(import_rollback(data, &d), 0);
    CHECK(!import_current(data, path, sizeof path));
    CHECK(import_can_roll_back(data));
    CHECK_INT(import_rollback(data, &d), 0);
    CHECK(active_digest(data) == da);
    CHECK(!import_previous(data, path, sizeof path));
    char words[64];
    import_describe(current, words, sizeof words);
    CHECK(strncmp(words, "the content installed ", 22) == 0);
    import_describe(NULL, words, sizeof words);
    CHECK_STR(words, "the kiosk's own pages");
    sleep(1);                                       /* versions are named by the second */
    CHECK_INT(import_install(b, data, NULL, &d), 0);
    uint64_t db = active_digest(data);
    CHECK(db != 0 && db != da);
    /* What a power cut mid-copy left (here 4 MB in a staging folder): on a
     * full disk, Roll back frees it, and goes back. */
    char staging[1200], big[1300];
    snprintf(staging, sizeof staging, "%s/content/staging-cut123", data);
    CHECK_INT(mkdir(staging, 0755), 0);
    snprintf(big, sizeof big, "%s/photo.jpg", staging);
    FILE *f = fopen(big, "wb");
    CHECK(f != NULL);
    if (f) {
        static char block[1024 * 1024];
        for (int i = 0; i < 4; i++) fwrite(block, 1, sizeof block, f);
        fclose(f);
    }
    CHECK_INT(import_rollback(data, &d), 0);
    CHECK(active_digest(data) == da);
    CHECK(access(staging, F_OK) != 0);
    CHECK_INT(import_rollback(data, &d), 0);        /* and forward again */
    CHECK(active_digest(data) == db);
    diag_list_release(&d);
    /* A data folder with nothing installed has nothing to go back to. */
    snprintf(path, sizeof path, "%s/data-empty", root);
    mkdir(path, 0755);
    diag_list_init(&d);
    CHECK(!import_can_roll_back(path));
    CHECK_INT(import_rollback(path, &d), -1);
    CHECK(has_error(&d, "no earlier content"));
    diag_list_release(&d);
}

typedef void (*breaker)(const char *dir);
static void missing_picture(const char *dir) {
    char p[512];
    snprintf(p, sizeof p, "%s/images/photo-1.jpg", dir);
    unlink(p);
}
static void bad_utf8(const char *dir) {
    fixture_put_text(dir, "pages/005-bad.md", "---\ntitle: Caf\xe9\n---\nx\n<!--more-->\ny\n");
}
static void traversal(const char *dir) {
    fixture_put_text(dir, "pages/005-bad.md", "---\ntitle: X\nimage: ../../../etc/passwd\n---\nx\n");
}
static void link_out(const char *dir) {
    char p[512];
    snprintf(p, sizeof p, "%s/images/photo-1.jpg", dir);
    unlink(p);
    symlink("/etc/hostname", p);
}
static void oversized(const char *dir) {
    char *big = malloc(70 * 1024);
    memset(big, 'a', 70 * 1024);
    memcpy(big, "---\ntitle: Big\n---\n", 19);
    fixture_put(dir, "pages/005-big.md", big, 70 * 1024);
    free(big);
}
static void truncated(const char *dir) {
    size_t len;
    unsigned char *jpg = make_jpeg(400, 300, &len);
    fixture_put(dir, "images/photo-1.jpg", jpg, len / 2);
    free(jpg);
}
static void bomb(const char *dir) {
    unsigned char png[128];
    size_t n = make_png(png, 30000, 30000); /* 3.6 GB of pixels in 80 bytes */
    fixture_put(dir, "images/bomb.png", png, n);
    fixture_put_text(dir, "pages/005-bomb.md", "---\ntitle: Bomb\nimage: bomb.png\n---\nx\n");
}
static void no_pages(const char *dir) {
    char p[512];
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/pages/%03d-page-%d.md", dir, i * 10, i);
        unlink(p);
    }
}

static void fifo_ini(const char *dir) {
    char p[512];
    snprintf(p, sizeof p, "%s/content.ini", dir);
    unlink(p);
    CHECK_INT(mkfifo(p, 0644), 0);
}
/* pages/ is a link to a folder of good pages outside the content folder. */
static void pages_link_out(const char *dir) {
    char p[512], elsewhere[512];
    snprintf(p, sizeof p, "%s/pages", dir);
    snprintf(elsewhere, sizeof elsewhere, "%s-pages-elsewhere", dir);
    CHECK_INT(rename(p, elsewhere), 0);
    CHECK_INT(symlink(elsewhere, p), 0);
}
/* A page that is a second name of a file outside (a hard link). */
static void hard_link_page(const char *dir) {
    char p[512], elsewhere[512];
    snprintf(p, sizeof p, "%s/pages/000-page-0.md", dir);
    snprintf(elsewhere, sizeof elsewhere, "%s-page-elsewhere.md", dir);
    CHECK_INT(link(p, elsewhere), 0);
}

/* A case that blocks (a named pipe opened for reading waits for a
 * writer) is ended by the alarm, naming it. */
static const char *running_case;
static void on_hang(int sig) {
    (void)sig;
    static const char msg[] = "test_import: an install hung (killed by the alarm): ";
    ssize_t ignored = write(2, msg, sizeof msg - 1);
    ignored = write(2, running_case, strlen(running_case));
    ignored = write(2, "\n", 1);
    (void)ignored;
    _exit(1);
}

/* Is a stick the content on screen? The fingerprint of what install
 * would copy, kept with the installed version, says it exactly. */
static void test_same_content(void) {
    char a[128], b[128], empty[128], data[128];
    snprintf(a, sizeof a, "%s/same-a", root);
    snprintf(b, sizeof b, "%s/same-b", root);
    snprintf(empty, sizeof empty, "%s/same-empty", root);
    snprintf(data, sizeof data, "%s/data-same", root);
    mkdir(data, 0755);
    mkdir(empty, 0755);
    make_content(a, 3, "S");
    make_content(b, 3, "S");                 /* another stick with the same files */
    diag_list d;
    diag_list_init(&d);
    char fa[IMPORT_FINGERPRINT_LEN], fb[IMPORT_FINGERPRINT_LEN], fe[IMPORT_FINGERPRINT_LEN];
    CHECK_INT(import_fingerprint(a, fa, &d), 0);
    CHECK_INT((int)strlen(fa), 64);
    CHECK_INT(import_fingerprint(b, fb, &d), 0);
    CHECK_STR(fa, fb);
    CHECK_INT(d.errors, 0);
    CHECK(!import_is_current(data, fa));     /* nothing installed */
    CHECK_INT(import_install(a, data, NULL, &d), 0);
    CHECK(import_is_current(data, fa));
    CHECK(import_is_current(data, fb));
    CHECK(!import_is_current(data, ""));
    CHECK(!import_is_current(data, NULL));
    /* A file the pages do not use is not installed: still the same. */
    fixture_put(a, "images/unused.svg", svg, strlen(svg));
    CHECK_INT(import_fingerprint(a, fa, &d), 0);
    CHECK_STR(fa, fb);
    /* The clutter computers leave on sticks (content_is_clutter) is not
     * content: still the same. */
    fixture_put(a, "pages/._010-page-1.md", "\0\5\26\7", 4);
    fixture_put(a, ".DS_Store", "Bud1", 4);
    fixture_put(a, "images/Thumbs.db", "thumbs", 6);
    CHECK_INT(import_fingerprint(a, fa, &d), 0);
    CHECK_STR(fa, fb);
    /* One byte of one page changed: not the same. */
    fixture_put_text(b, "pages/010-page-1.md",
             "---\ntitle: S page 1\nimage: photo-1.jpg\n---\nShort T.\n\n<!--more-->\n\n"
             "Detail 1.\n");
    CHECK_INT(import_fingerprint(b, fb, &d), 0);
    CHECK(strcmp(fa, fb) != 0);
    CHECK(!import_is_current(data, fb));
    /* Roll back to the kiosk's own pages: the stick is not on screen now. */
    CHECK_INT(import_rollback(data, &d), 0);
    CHECK(!import_is_current(data, fa));
    /* No pages: no fingerprint. */
    CHECK_INT(import_fingerprint(empty, fe, &d), -1);
    CHECK_STR(fe, "");
    diag_list_release(&d);
}

static void test_bad_folders(void) {
    static const struct { const char *name; breaker make; const char *says; } cases[] = {
        {"missing-picture", missing_picture, "not in the images folder"},
        {"bad-utf8", bad_utf8, "not UTF-8"},
        {"traversal", traversal, "must be just a file name"},
        {"link-out", link_out, "it is a link (a shortcut)"},
        {"oversized", oversized, "too big"},
        {"truncated", truncated, "damaged or cut short"},
        {"bomb", bomb, "too big to show"},
        {"no-pages", no_pages, "no page"},
        {"pages-link-out", pages_link_out, "/pages: error: it is a link (a shortcut) to another folder"},
        {"hard-linked-page", hard_link_page, "000-page-0.md: error: it is a second name (a hard link)"},
        {"fifo-content-ini", fifo_ini, "content.ini: error: it is a named pipe"},
    };
    signal(SIGALRM, on_hang);
    char data[128], good[128];
    snprintf(data, sizeof data, "%s/data-bad", root);
    snprintf(good, sizeof good, "%s/good", root);
    mkdir(data, 0755);
    make_content(good, 3, "G");
    diag_list d;
    diag_list_init(&d);
    CHECK_INT(import_install(good, data, NULL, &d), 0);
    uint64_t before = active_digest(data);
    diag_list_release(&d);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char dir[256];
        snprintf(dir, sizeof dir, "%s/bad-%s", root, cases[i].name);
        make_content(dir, 3, "X");
        cases[i].make(dir);
        diag_list_init(&d);
        running_case = cases[i].name;
        alarm(60);
        int rc = import_install(dir, data, NULL, &d);
        alarm(0);
        bool said = has_error(&d, cases[i].says);
        if (rc != -1 || !said) {
            fprintf(stderr, "%s: rc %d; messages:\n", cases[i].name, rc);
            diag_list_print(&d, stderr, "  ");
        }
        CHECK_INT(rc, -1);
        CHECK(said);
        CHECK(active_digest(data) == before);      /* byte for byte as it was */
        diag_list_release(&d);
    }
    /* Nothing is left behind by the refusals. */
    char croot[256];
    snprintf(croot, sizeof croot, "%s/content", data);
    int entries = fixture_count_names(croot, "") - fixture_count_names(croot, ".");
    CHECK_INT(entries, 2); /* current and its version */
}

/* ---- signed content ---- */

static void sign_it(const char *dir, const char *secret, unsigned long long version) {
    diag_list d;
    diag_list_init(&d);
    CHECK_INT(sign_folder(dir, secret, version, &d), 0);
    diag_list_print(&d, stderr, "  ");
    diag_list_release(&d);
}

/* The "stick" changes while the install copies: after the first page is
 * copied (the first progress report), one file is replaced. */
typedef struct {
    const char *dir, *rel;
    const void *bytes;
    size_t len;
    int calls;
} swapper;

static void swap_on_progress(void *ctx, long long done, long long total) {
    (void)done, (void)total;
    swapper *s = ctx;
    if (s->calls++ == 0) fixture_put(s->dir, s->rel, s->bytes, s->len);
}

static int install(const char *src, const char *data, const char *keys, bool without_pin,
                   sign_status *got, diag_list *d) {
    import_options o = {.trusted_keys = keys, .signature = got, .without_pin = without_pin};
    return import_install(src, data, &o, d);
}

static void show_if(bool bad, const diag_list *d) {
    if (bad) diag_list_print(d, stderr, "  ");
}

static void test_signed(void) {
    char name[128], secret[160], keys[160], data[128], dir[160], path[300];
    char err[256];
    snprintf(name, sizeof name, "%s/it", root);
    snprintf(secret, sizeof secret, "%s.secret", name);
    snprintf(keys, sizeof keys, "%s.public", name);
    snprintf(data, sizeof data, "%s/data-signed", root);
    mkdir(data, 0755);
    CHECK_INT(sign_keygen(name, err, sizeof err), 0);
    diag_list d;
    diag_list_init(&d);
    snprintf(dir, sizeof dir, "%s/signed-base", root);
    make_content(dir, 2, "Base");
    CHECK_INT(import_install(dir, data, NULL, &d), 0);
    diag_list_release(&d);
    uint64_t before = active_digest(data);
    unsigned long long version = 0;
    sign_status got;
    int rc;

    /* A. A page, then a picture, swapped on the stick during the copy:
     * refused, with or without the PIN, and the active content is byte for
     * byte as it was. */
    static const char swapped_page[] = "---\ntitle: Swapped\n---\nNot what IT signed.\n";
    size_t jpeg_len;
    unsigned char *other_jpeg = make_jpeg(80, 60, &jpeg_len);
    const struct { const char *rel; const void *bytes; size_t len; } swaps[] = {
        {"pages/020-page-2.md", swapped_page, sizeof swapped_page - 1},
        {"images/photo-2.jpg", other_jpeg, jpeg_len},
    };
    for (size_t i = 0; i < 2 * sizeof swaps / sizeof swaps[0]; i++) {
        snprintf(dir, sizeof dir, "%s/signed-swap-%zu", root, i);
        make_content(dir, 3, "Swap");
        sign_it(dir, secret, 20261202100000ULL);
        swapper sw = {dir, swaps[i / 2].rel, swaps[i / 2].bytes, swaps[i / 2].len, 0};
        got = SIGN_NONE;
        import_options o = {.trusted_keys = keys, .signature = &got, .without_pin = i % 2 == 0,
                            .progress = swap_on_progress, .ctx = &sw};
        diag_list_init(&d);
        rc = import_install(dir, data, &o, &d);
        char says[200];
        snprintf(says, sizeof says, "%s was changed after the content was signed (the bytes "
                 "copied from the stick are not the signed ones)", swaps[i / 2].rel);
        show_if(rc != -1 || !has_error(&d, says), &d);
        CHECK(sw.calls > 0);
        CHECK_INT(rc, -1);
        CHECK_INT(got, SIGN_BAD);
        CHECK(has_error(&d, says));
        CHECK(active_digest(data) == before);
        CHECK(!import_signed_version(data, &version));
        diag_list_release(&d);
    }
    free(other_jpeg);

    /* B. Signed when the stick was first looked at, but the manifest is
     * gone by the install: with no PIN it stops before the switch and asks
     * for the PIN; with the PIN it installs as unsigned content. */
    snprintf(dir, sizeof dir, "%s/signed-vanish", root);
    make_content(dir, 2, "Vanish");
    sign_it(dir, secret, 20261202100000ULL);
    diag_list_init(&d);
    CHECK_INT(sign_verify(dir, keys, &d), SIGN_VALID);      /* the first look */
    snprintf(path, sizeof path, "%s/%s", dir, SIGN_MANIFEST);
    CHECK_INT(unlink(path), 0);
    rc = install(dir, data, keys, true, &got, &d);
    show_if(rc != IMPORT_NEEDS_PIN, &d);
    CHECK_INT(rc, IMPORT_NEEDS_PIN);
    CHECK_INT(got, SIGN_NONE);
    CHECK(has_error(&d, "this content is not signed (it has no kiosk-manifest.txt now), so the "
                        "staff PIN is needed"));
    CHECK(active_digest(data) == before);
    rc = install(dir, data, keys, false, &got, &d);
    CHECK_INT(rc, 0);
    CHECK(!import_signed_version(data, &version));
    before = active_digest(data);
    diag_list_release(&d);

    /* C. Versions: a newer bundle goes in without the PIN and is kept as
     * the version; an older one, or the same one again, needs the PIN. */
    char newer[160], older[160];
    snprintf(newer, sizeof newer, "%s/signed-newer", root);
    snprintf(older, sizeof older, "%s/signed-older", root);
    make_content(newer, 2, "Newer");
    sign_it(newer, secret, 20261202100000ULL);
    make_content(older, 3, "Older");
    sign_it(older, secret, 20261201090000ULL);
    diag_list_init(&d);
    CHECK_INT(install(newer, data, keys, true, &got, &d), 0);
    CHECK_INT(got, SIGN_VALID);
    CHECK(import_signed_version(data, &version) && version == 20261202100000ULL);
    uint64_t at_newer = active_digest(data);
    CHECK(at_newer != before);
    rc = install(older, data, keys, true, &got, &d);
    show_if(rc != IMPORT_NEEDS_PIN, &d);
    CHECK_INT(rc, IMPORT_NEEDS_PIN);
    CHECK(has_error(&d, "this content was signed on 1 Dec 2026 at 09:00 UTC, not after the "
                        "signed content installed here (2 Dec 2026 at 10:00 UTC), so the staff "
                        "PIN is needed"));
    CHECK(active_digest(data) == at_newer);
    rc = install(newer, data, keys, true, &got, &d);         /* the same stick again */
    CHECK_INT(rc, IMPORT_NEEDS_PIN);
    CHECK(active_digest(data) == at_newer);
    diag_list_release(&d);
    /* With the PIN the older one installs; the version kept does not go
     * down, by the install or by roll back. */
    diag_list_init(&d);
    CHECK_INT(install(older, data, keys, false, &got, &d), 0);
    CHECK_INT(got, SIGN_VALID);
    CHECK(d.warnings > 0 && strstr(d.items[d.count - 1].message,
                                   "it is installed anyway (the staff PIN was given"));
    CHECK(import_signed_version(data, &version) && version == 20261202100000ULL);
    CHECK_INT(import_rollback(data, &d), 0);
    CHECK(active_digest(data) == at_newer);
    CHECK(import_signed_version(data, &version) && version == 20261202100000ULL);
    CHECK_INT(install(older, data, keys, true, &got, &d), IMPORT_NEEDS_PIN);
    diag_list_release(&d);
    /* A damaged record of the version: the PIN, until an install rewrites it. */
    fixture_put_text(data, IMPORT_SIGNED_VERSION_FILE, "yesterday\n");
    diag_list_init(&d);
    make_content(newer, 2, "Newest");
    sign_it(newer, secret, 20261203080000ULL);
    CHECK_INT(install(newer, data, keys, true, &got, &d), IMPORT_NEEDS_PIN);
    CHECK(has_error(&d, "cannot tell whether this signed content is newer"));
    CHECK(active_digest(data) == at_newer);
    CHECK_INT(install(newer, data, keys, false, &got, &d), 0);
    CHECK(import_signed_version(data, &version) && version == 20261203080000ULL);
    diag_list_release(&d);
    /* Nothing left behind by the refusals. */
    snprintf(path, sizeof path, "%s/content", data);
    DIR *dd = opendir(path);
    struct dirent *e;
    int staging = 0;
    while (dd && (e = readdir(dd)))
        if (strncmp(e->d_name, "staging-", 8) == 0) staging++;
    if (dd) closedir(dd);
    CHECK_INT(staging, 0);
}

static int staging_folders(const char *data) {
    char path[300];
    snprintf(path, sizeof path, "%s/content", data);
    DIR *dd = opendir(path);
    struct dirent *e;
    int n = 0;
    while (dd && (e = readdir(dd)))
        if (strncmp(e->d_name, "staging-", 8) == 0) n++;
    if (dd) closedir(dd);
    return n;
}

/* The preview's two steps (import_stage, import_activate): the staged copy
 * changes nothing active; activating it installs exactly its bytes, even
 * when the stick changed meanwhile; a discarded or left-over copy goes;
 * the PIN and signed-version rules hold for the activation too. */
static void test_stage_then_activate(void) {
    char data[128], a[128], b[128], c[128], path[PATH_MAX], name[128], secret[160], keys[160];
    char err[256];
    snprintf(data, sizeof data, "%s/data-stage", root);
    snprintf(a, sizeof a, "%s/stage-a", root);
    snprintf(b, sizeof b, "%s/stage-b", root);
    snprintf(c, sizeof c, "%s/stage-c", root);
    mkdir(data, 0755);
    make_content(a, 2, "Alpha");
    make_content(b, 3, "Beta");
    make_content(c, 2, "Gamma");
    diag_list d;
    diag_list_init(&d);
    CHECK_INT(import_install(a, data, NULL, &d), 0);
    uint64_t before = active_digest(data);

    /* Staged: the copy is there, whole; nothing active changed. */
    import_staged st;
    CHECK_INT(import_stage(b, data, NULL, &st, &d), 0);
    show_if(d.errors > 0, &d);
    CHECK(strstr(st.dir, "/content/staging-") != NULL);
    CHECK_INT(staging_folders(data), 1);
    CHECK(active_digest(data) == before);
    uint64_t staged = digest(st.dir, 14695981039346656037ULL);
    CHECK(staged != before);
    /* The stick changes after the preview was made: what goes in is what
     * was previewed, not the stick's new bytes. */
    fixture_put_text(b, "pages/010-page-1.md", "---\ntitle: Changed later\n---\nNew words.\n");
    import_options o = {.now = 1795400000};
    CHECK_INT(import_activate(&st, data, &o, &d), 0);
    CHECK(st.dir[0] == '\0');
    CHECK(active_digest(data) == staged);
    CHECK_INT(staging_folders(data), 0);
    CHECK(import_can_roll_back(data));
    uint64_t at_b = active_digest(data);

    /* Discarded: gone, and nothing changed. */
    CHECK_INT(import_stage(c, data, NULL, &st, &d), 0);
    CHECK_INT(staging_folders(data), 1);
    snprintf(path, sizeof path, "%s", st.dir);
    import_discard(&st);
    CHECK(access(path, F_OK) != 0);
    CHECK_INT(staging_folders(data), 0);
    CHECK(active_digest(data) == at_b);
    /* Activating what was discarded changes nothing and says so. */
    snprintf(st.dir, sizeof st.dir, "%s", path);
    CHECK_INT(import_activate(&st, data, &o, &d), -1);
    CHECK(has_error(&d, "the checked copy is no longer there"));
    CHECK(active_digest(data) == at_b);
    /* Never anything but a staging folder of this data folder. */
    char current[PATH_MAX];
    CHECK(import_current(data, current, sizeof current));
    snprintf(st.dir, sizeof st.dir, "%s", current);
    CHECK_INT(import_activate(&st, data, &o, &d), -1);
    import_discard(&st);
    CHECK(active_digest(data) == at_b);
    diag_list_release(&d);

    /* Two at once (the staff screen's preview, and the inbox installing
     * meanwhile): the other install's tidying leaves the held copy, and
     * that copy can still be activated after it, whole. */
    diag_list_init(&d);
    CHECK_INT(import_stage(c, data, NULL, &st, &d), 0);
    CHECK(st.lock >= 0);
    uint64_t at_c = digest(st.dir, 14695981039346656037ULL);
    CHECK_INT(import_install(a, data, NULL, &d), 0);
    show_if(d.errors > 0, &d);
    CHECK(access(st.dir, F_OK) == 0);
    CHECK_INT(staging_folders(data), 1);
    CHECK_INT(import_activate(&st, data, &o, &d), 0);
    CHECK(st.lock == -1);
    CHECK(active_digest(data) == at_c);
    CHECK_INT(staging_folders(data), 0);
    diag_list_release(&d);

    /* Left over (the power went during a preview, which ends the process
     * and so its hold): the active content is the old one, and the next
     * install removes the copy. */
    diag_list_init(&d);
    CHECK_INT(import_stage(c, data, NULL, &st, &d), 0);
    CHECK(active_digest(data) == at_c);
    close(st.lock);
    st.lock = -1;
    CHECK_INT(import_install(a, data, NULL, &d), 0);
    CHECK(access(st.dir, F_OK) != 0);
    CHECK_INT(staging_folders(data), 0);
    diag_list_release(&d);

    /* Without the PIN: unsigned content is never staged... */
    diag_list_init(&d);
    o = (import_options){.without_pin = true};
    CHECK_INT(import_stage(c, data, &o, &st, &d), IMPORT_NEEDS_PIN);
    CHECK_INT(staging_folders(data), 0);
    /* ... nor activated, when it was staged with the PIN. */
    CHECK_INT(import_stage(c, data, NULL, &st, &d), 0);
    uint64_t at_a = active_digest(data);
    o = (import_options){.without_pin = true, .now = 1795400000};
    CHECK_INT(import_activate(&st, data, &o, &d), IMPORT_NEEDS_PIN);
    CHECK(active_digest(data) == at_a);
    CHECK_INT(staging_folders(data), 0);
    diag_list_release(&d);

    /* Signed: the staged copy carries its version, which the activation
     * keeps; an older bundle activated without the PIN is refused. */
    snprintf(name, sizeof name, "%s/stage-it", root);
    snprintf(secret, sizeof secret, "%s.secret", name);
    snprintf(keys, sizeof keys, "%s.public", name);
    CHECK_INT(sign_keygen(name, err, sizeof err), 0);
    sign_it(b, secret, 20261202100000ULL);
    sign_it(c, secret, 20261201090000ULL);
    diag_list_init(&d);
    o = (import_options){.trusted_keys = keys, .now = 1795400000};
    CHECK_INT(import_stage(b, data, &o, &st, &d), 0);
    CHECK_INT(st.signature, SIGN_VALID);
    CHECK(st.version == 20261202100000ULL);
    unsigned long long version = 0;
    CHECK(!import_signed_version(data, &version));
    CHECK_INT(import_activate(&st, data, &o, &d), 0);
    CHECK(import_signed_version(data, &version) && version == 20261202100000ULL);
    uint64_t signed_b = active_digest(data);
    CHECK_INT(import_stage(c, data, &o, &st, &d), 0);
    o.without_pin = true;
    CHECK_INT(import_activate(&st, data, &o, &d), IMPORT_NEEDS_PIN);
    CHECK(has_error(&d, "so the staff PIN is needed"));
    CHECK(active_digest(data) == signed_b);
    CHECK_INT(staging_folders(data), 0);
    diag_list_release(&d);
}

static void test_killed_mid_import(void) {
    char a[128], b[128], data[128], ref[128];
    snprintf(a, sizeof a, "%s/kill-a", root);
    snprintf(b, sizeof b, "%s/kill-b", root);
    snprintf(data, sizeof data, "%s/data-kill", root);
    mkdir(data, 0755);
    make_content(a, 5, "old");
    make_content(b, 60, "new");
    /* What complete old and complete new look like once installed. */
    diag_list d;
    diag_list_init(&d);
    snprintf(ref, sizeof ref, "%s/data-ref-a", root);
    mkdir(ref, 0755);
    import_install(a, ref, NULL, &d);
    uint64_t da = active_digest(ref);
    snprintf(ref, sizeof ref, "%s/data-ref-b", root);
    mkdir(ref, 0755);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    import_install(b, ref, NULL, &d);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    uint64_t db = active_digest(ref);
    /* Kill anywhere from the start to a bit after an import would end,
     * so kills land in every phase: copying, fsyncing, renaming, tidying. */
    long import_us = (t1.tv_sec - t0.tv_sec) * 1000000L + (t1.tv_nsec - t0.tv_nsec) / 1000;
    long window_us = import_us * 3 / 2 + 2000;
    CHECK_INT(import_install(a, data, NULL, &d), 0);
    diag_list_release(&d);
    CHECK(active_digest(data) == da);

    srand((unsigned)time(NULL));
    int mixed = 0, none = 0, saw_new = 0, saw_old = 0, kills = 0;
    /* At least 100 kills, and on until some came after the switch: on a
     * busy machine (other tests, ASan) a forked import can take far longer
     * than the one timed above, so the window doubles every 20 kills that
     * saw no new content (up to 400 kills). */
    for (int k = 0; (k < 100 || saw_new == 0) && k < 400; k++, kills++) {
        if (k > 0 && k % 20 == 0 && saw_new == 0) window_us *= 2;
        const char *src = k % 2 ? a : b;       /* switch back and forth */
        pid_t pid = fork();
        if (pid == 0) {
            diag_list dl;
            diag_list_init(&dl);
            _exit(import_install(src, data, NULL, &dl) == 0 ? 0 : 1);
        }
        long us = rand() % window_us;
        struct timespec ts = {us / 1000000, (us % 1000000) * 1000L};
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        uint64_t now = active_digest(data);
        if (now == 0) none++;
        else if (now == da) saw_old++;
        else if (now == db) saw_new++;
        else mixed++;
    }
    printf("%d kills within %ld us (an import takes %ld us): %d old, %d new, %d mixed, %d none\n",
           kills, window_us, import_us, saw_old, saw_new, mixed, none);
    CHECK_INT(mixed, 0);
    CHECK_INT(none, 0);
    CHECK_INT(saw_old + saw_new, kills);
    CHECK(saw_new > 0); /* some kills came after the switch: every phase was hit */
    /* The next import cleans up what the killed ones left, and works. */
    diag_list_init(&d);
    CHECK_INT(import_install(b, data, NULL, &d), 0);
    CHECK(active_digest(data) == db);
    diag_list_release(&d);
    char croot[256];
    snprintf(croot, sizeof croot, "%s/content", data);
    CHECK_INT(fixture_count_names(croot, "staging-"), 0);
}

/* Progress: never past the total, and the last call reports it all, also
 * when two pages share a picture (copied once, counted once). */
typedef struct { long long done, total; int calls; bool over; } progress_seen;

static void on_progress(void *ctx, long long done, long long total) {
    progress_seen *p = ctx;
    if (done > total || done < p->done) p->over = true;
    p->done = done;
    p->total = total;
    p->calls++;
}

static void test_progress_and_size(void) {
    char src[128], data[128];
    snprintf(src, sizeof src, "%s/shared", root);
    snprintf(data, sizeof data, "%s/data-progress", root);
    mkdir(data, 0755);
    make_content(src, 3, "S");
    fixture_put_text(src, "pages/040-again.md", "---\ntitle: Again\nimage: photo-0.jpg\n---\nOnce more.\n");

    diag_list d;
    diag_list_init(&d);
    content c;
    content_load(&c, src, &d);
    CHECK_INT(d.errors, 0);
    CHECK_INT(c.page_count, 4);
    int pictures = -1;
    long long bytes = import_measure(&c, src, 0, &pictures);
    CHECK_INT(pictures, 3);
    /* Scaled to a side of half theirs, the three photos count a quarter of
     * their bytes (the originals' bytes per pixel): the cap is for what is
     * installed, not for what a phone took. */
    long long photos = 0;
    for (int p = 0; p < c.page_count; p++)
        if (c.pages[p].image.path && (p == 0 || strcmp(c.pages[p].image.path, c.pages[p - 1].image.path) != 0)) {
            struct stat st;
            if (stat(c.pages[p].image.path, &st) == 0) photos += st.st_size;
        }
    int side = c.pages[0].image.info.width > c.pages[0].image.info.height ? c.pages[0].image.info.width
                                                                            : c.pages[0].image.info.height;
    long long scaled = import_measure(&c, src, side / 2, NULL);
    CHECK(scaled < bytes - photos / 2);
    CHECK(scaled > bytes - photos);
    long long expect = 0;
    const char *files[] = {"content.ini", "pages/000-page-0.md", "pages/010-page-1.md",
                           "pages/020-page-2.md", "pages/040-again.md", "images/photo-0.jpg",
                           "images/photo-1.jpg", "images/photo-2.jpg"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[256];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", src, files[i]);
        CHECK(stat(path, &st) == 0);
        expect += st.st_size;
    }
    CHECK_INT(bytes, expect);
    content_release(&c);

    progress_seen seen = {0};
    import_options o = {.progress = on_progress, .ctx = &seen};
    CHECK_INT(import_install(src, data, &o, &d), 0);
    CHECK(seen.calls >= 3);
    CHECK(!seen.over);
    CHECK_INT(seen.total, expect);
    CHECK_INT(seen.done, seen.total);

    /* Too big for the kiosk: refused, with the size and what to do. */
    CHECK(import_fits(IMPORT_MAX_BYTES, src, &d));
    CHECK_INT(d.errors, 0);
    CHECK(!import_fits(IMPORT_MAX_BYTES + 1, src, &d));
    CHECK_INT(d.errors, 1);
    CHECK(has_error(&d, "at most 512 MB can be installed, so use smaller pictures"));
    diag_list_release(&d);
}

/* import_recording_fn for the test: refuses a recording whose copy holds
 * "bad", and counts what it was shown. */
static int recordings_checked;
static int check_recording(void *ctx, const char *path, char *err, size_t errsize) {
    (void)ctx;
    recordings_checked++;
    char text[256] = "";
    FILE *f = fopen(path, "rb");
    size_t len = f ? fread(text, 1, sizeof text - 1, f) : 0;
    if (f) fclose(f);
    text[len] = '\0';
    if (!f || strstr(text + 12, "bad")) {   /* after RIFF, its size and WAVE */
        snprintf(err, errsize, "it cannot be played");
        return -1;
    }
    return 0;
}

/* Recordings (sounds/) are installed with the pages that play them, once
 * each, through the recording check, and are part of the fingerprint. */
static void test_recordings(void) {
    char src[128], data[128], path[600];
    snprintf(src, sizeof src, "%s/rec", root);
    snprintf(data, sizeof data, "%s/data-rec", root);
    mkdir(data, 0755);
    make_content(src, 2, "R");
    static const char wav[] = "RIFF\x24\0\0\0" "WAVEfmt  a recording";
    fixture_put(src, "sounds/hello.wav", wav, sizeof wav - 1);
    fixture_put(src, "sounds/unused.wav", wav, sizeof wav - 1);
    const char *page = "---\ntitle: R page 0\nimage: photo-0.jpg\nalt: A photo.\n"
                       "recording: hello.wav\n---\nShort.\n\n<!--more-->\n\nMore.\n";
    fixture_put_text(src, "pages/000-page-0.md", page);
    const char *pl = "---\ntitle: Strona\nrecording: hello.wav\n---\nKrótko.\n\n<!--more-->\n\nWięcej.\n";
    fixture_put_text(src, "pages/000-page-0.pl.md", pl);
    diag_list d;
    diag_list_init(&d);
    char before[IMPORT_FINGERPRINT_LEN], after[IMPORT_FINGERPRINT_LEN];
    CHECK_INT(import_fingerprint(src, before, &d), 0);
    import_options o = {.recording = check_recording};
    recordings_checked = 0;
    CHECK_INT(import_install(src, data, &o, &d), 0);
    CHECK_INT(d.errors, 0);
    CHECK_INT(recordings_checked, 1);        /* two texts, one file */
    char current[256];
    CHECK(import_current(data, current, sizeof current));
    snprintf(path, sizeof path, "%s/sounds/hello.wav", current);
    struct stat st;
    CHECK(stat(path, &st) == 0 && st.st_size == (off_t)(sizeof wav - 1));
    snprintf(path, sizeof path, "%s/sounds/unused.wav", current);
    CHECK(stat(path, &st) != 0);             /* only what the pages play */
    CHECK(import_is_current(data, before));
    /* Another recording, same pages: another fingerprint. */
    static const char other[] = "RIFF\x24\0\0\0" "WAVEfmt  other", bad[] = "RIFF\x24\0\0\0" "WAVEfmt  bad";
    fixture_put(src, "sounds/hello.wav", other, sizeof other - 1);
    CHECK_INT(import_fingerprint(src, after, &d), 0);
    CHECK(strcmp(before, after) != 0);
    /* One the shell cannot play: refused, naming the page, nothing changed. */
    uint64_t was = active_digest(data);
    fixture_put(src, "sounds/hello.wav", bad, sizeof bad - 1);
    CHECK_INT(import_install(src, data, &o, &d), -1);
    CHECK(has_error(&d, "pages/000-page-0.md:5: error: sounds/hello.wav: it cannot be played"));
    CHECK(active_digest(data) == was);
    diag_list_release(&d);
}

int main(void) {
    snprintf(root, sizeof root, "/tmp/kiosk-import-XXXXXX");
    CHECK(mkdtemp(root) != NULL);
    test_good_and_rollback();
    test_same_content();
    test_bad_folders();
    test_signed();
    test_stage_then_activate();
    test_killed_mid_import();
    test_progress_and_size();
    test_recordings();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    CHECK_INT(system(cmd), 0);
    return check_summary();
}
