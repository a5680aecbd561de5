/* test_stick_copy.c - the content on screen copied to a stick
 * (stick_copy.c): the copy, installed again, is the same content (by
 * import_fingerprint, and byte for byte); the kiosk's bookkeeping stays
 * behind; nothing on the stick is replaced (kiosk-content-2,
 * HOW-TO-EDIT-2.txt, in any capitals); a copy that fails leaves no
 * kiosk-content folder and no unfinished one; the help file has CRLF
 * line ends and names the folder. */
#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "fixture.h"
#include "files.h"
#include "content_fixture.h"
#include "import.h"
#include "stick_copy.h"

static char root[64];

static void make_content(const char *dir, int n) {
    content_fixture_folder(dir);
    fixture_put_text(dir, "content.ini", "title = Test\nlanguage = en\n");
    for (int i = 0; i < n; i++) {
        char rel[128], title[64], image[64];
        snprintf(rel, sizeof rel, "pages/%03d-page-%d.md", i * 10, i);
        snprintf(title, sizeof title, "Page %d", i);
        snprintf(image, sizeof image, "photo-%d.jpg", i);
        content_fixture_page(dir, rel + 6, title, image, "Short.", "Long.");
        size_t len;
        unsigned char *jpg = make_jpeg(64 + i, 48, &len);
        snprintf(rel, sizeof rel, "images/photo-%d.jpg", i);
        fixture_put(dir, rel, jpg, len);
        free(jpg);
    }
}

/* A digest of a folder (names and bytes, name order); names starting
 * with '.' left out when skip_dot. */
static uint64_t digest(const char *dir, uint64_t h, bool skip_dot) {
    struct dirent **list;
    int n = scandir(dir, &list, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        const char *name = list[i]->d_name;
        if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0 && !(skip_dot && name[0] == '.')) {
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", dir, name);
            for (const char *p = name; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ULL;
            struct stat st;
            if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
                h = digest(path, h, skip_dot);
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
#define DIGEST(dir) digest(dir, 14695981039346656037ULL, false)

static int entries(const char *dir) {
    struct dirent **list;
    int n = scandir(dir, &list, NULL, alphasort);
    for (int i = 0; i < n; i++) free(list[i]);
    if (n >= 0) free(list);
    return n - 2;
}

static bool unfinished_left(const char *dir) {
    DIR *d = opendir(dir);
    struct dirent *e;
    bool found = false;
    while (d && (e = readdir(d)))
        if (strncmp(e->d_name, STICK_COPY_UNFINISHED, strlen(STICK_COPY_UNFINISHED)) == 0) found = true;
    if (d) closedir(d);
    return found;
}

static char *read_text(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *out = calloc(1, 1 << 16);
    size_t len = out ? fread(out, 1, (1 << 16) - 1, f) : 0;
    (void)len;
    fclose(f);
    return out;
}

static bool crlf_only(const char *t) {
    for (const char *p = t; *p; p++) {
        if (*p == '\n' && (p == t || p[-1] != '\r')) return false;
        if (*p == '\r' && p[1] != '\n') return false;
    }
    return true;
}

/* Installed content, copied to an empty stick, installed again from the
 * stick: the same content. */
static void test_round_trip(void) {
    char src[128], data[128], stick[128], current[1024], path[1200];
    snprintf(src, sizeof src, "%s/src", root);
    snprintf(data, sizeof data, "%s/data", root);
    snprintf(stick, sizeof stick, "%s/stick-empty", root);
    make_content(src, 3);
    mkdir(data, 0755);
    mkdir(stick, 0755);
    diag_list d;
    diag_list_init(&d);
    CHECK_INT(import_install(src, data, NULL, &d), 0);
    CHECK(import_current(data, current, sizeof current));
    snprintf(path, sizeof path, "%s/%s", current, IMPORT_SOURCE_FILE);
    CHECK(access(path, F_OK) == 0);
    char before[IMPORT_FINGERPRINT_LEN], copied[IMPORT_FINGERPRINT_LEN], after[IMPORT_FINGERPRINT_LEN];
    CHECK_INT(import_fingerprint(current, before, &d), 0);
    uint64_t shown = digest(current, 14695981039346656037ULL, true);

    stick_copy_result r;
    char err[1200];
    CHECK_INT(stick_copy_content(current, stick, &r, err, sizeof err), 0);
    CHECK_STR(r.folder, "kiosk-content");
    CHECK_STR(r.howto, "HOW-TO-EDIT.txt");
    CHECK_INT(r.files, 1 + 3 + 3);          /* content.ini, 3 pages, 3 pictures */
    CHECK_INT(entries(stick), 2);
    CHECK(!unfinished_left(stick));
    char copy[256];
    snprintf(copy, sizeof copy, "%s/kiosk-content", stick);
    snprintf(path, sizeof path, "%s/%s", copy, IMPORT_SOURCE_FILE);
    CHECK(access(path, F_OK) != 0);         /* the kiosk's bookkeeping stays behind */
    CHECK(DIGEST(copy) == shown);
    CHECK_INT(import_fingerprint(copy, copied, &d), 0);
    CHECK_STR(copied, before);

    /* The copy, installed: identical content, and it is what is on screen. */
    sleep(1);                                /* versions are named by the second */
    CHECK_INT(import_install(copy, data, NULL, &d), 0);
    CHECK(import_current(data, current, sizeof current));
    CHECK_INT(import_fingerprint(current, after, &d), 0);
    CHECK_STR(after, before);
    CHECK(import_is_current(data, copied));
    CHECK(digest(current, 14695981039346656037ULL, true) == shown);

    /* The help names the folder, says how to bring the stick back, in CRLF. */
    snprintf(path, sizeof path, "%s/HOW-TO-EDIT.txt", stick);
    char *t = read_text(path);
    CHECK(t != NULL);
    if (t) {
        CHECK(crlf_only(t));
        CHECK(strstr(t, "\r\n") != NULL);
        CHECK(strstr(t, "in the folder kiosk-content.") != NULL);
        CHECK(strstr(t, "rename") == NULL || strstr(t, "IMPORTANT") == NULL);
        CHECK(strstr(t, "PIN") && strstr(t, "Preview") && strstr(t, "Install"));
        free(t);
    }
    diag_list_release(&d);
}

/* A stick with kiosk-content/ (and -2 in other capitals) and
 * HOW-TO-EDIT.txt: none of it changes; the copy goes beside them. */
static void test_never_overwrites(void) {
    char src[128], stick[128], path[300];
    snprintf(src, sizeof src, "%s/src", root);
    snprintf(stick, sizeof stick, "%s/stick-full", root);
    mkdir(stick, 0755);
    fixture_put_text(stick, "kiosk-content/content.ini", "title = Mine\n");
    fixture_put_text(stick, "kiosk-content/pages/010-mine.md", "---\ntitle: Mine\n---\nx\n");
    fixture_put_text(stick, "Kiosk-Content-2/notes.txt", "my notes\n");
    fixture_put_text(stick, "HOW-TO-EDIT.txt", "my own help\n");
    uint64_t mine = DIGEST(stick);
    /* Neither a signature (the edits would not match it) nor hidden files go. */
    fixture_put_text(src, "kiosk-manifest.txt", "kiosk-manifest 2\n");
    fixture_put_text(src, "images/.DS_Store", "x");
    stick_copy_result r;
    char err[1200];
    CHECK_INT(stick_copy_content(src, stick, &r, err, sizeof err), 0);
    CHECK_STR(r.folder, "kiosk-content-3");
    CHECK_STR(r.howto, "HOW-TO-EDIT-2.txt");
    /* Remove what was added: the rest is byte for byte as it was. */
    snprintf(path, sizeof path, "%s/kiosk-content-3", stick);
    char src_fp[IMPORT_FINGERPRINT_LEN], copy_fp[IMPORT_FINGERPRINT_LEN];
    diag_list d;
    diag_list_init(&d);
    CHECK_INT(import_fingerprint(src, src_fp, &d), 0);
    CHECK_INT(import_fingerprint(path, copy_fp, &d), 0);
    CHECK_STR(copy_fp, src_fp);
    diag_list_release(&d);
    char gone[400];
    snprintf(gone, sizeof gone, "%s/kiosk-manifest.txt", path);
    CHECK(access(gone, F_OK) != 0);
    snprintf(gone, sizeof gone, "%s/images/.DS_Store", path);
    CHECK(access(gone, F_OK) != 0);
    snprintf(gone, sizeof gone, "%s/images/photo-2.jpg", path);
    CHECK(access(gone, F_OK) == 0);
    fixture_sh("rm -rf '%s'", path);
    snprintf(path, sizeof path, "%s/HOW-TO-EDIT-2.txt", stick);
    char *t = read_text(path);
    CHECK(t != NULL);
    if (t) {
        CHECK(crlf_only(t));
        CHECK(strstr(t, "rename kiosk-content-3 to kiosk-content") != NULL);
        free(t);
    }
    unlink(path);
    CHECK(DIGEST(stick) == mine);
    CHECK(!unfinished_left(stick));
}

/* A copy that fails midway (a file the kiosk refuses to read) leaves no
 * kiosk-content folder, and no unfinished one. */
static void test_failure_leaves_nothing(void) {
    char src[128], stick[128], a[300], b[300];
    snprintf(src, sizeof src, "%s/src-bad", root);
    snprintf(stick, sizeof stick, "%s/stick-bad", root);
    make_content(src, 2);
    mkdir(stick, 0755);
    snprintf(a, sizeof a, "%s/images/photo-0.jpg", src);
    snprintf(b, sizeof b, "%s/images/zz-second-name.jpg", src);
    CHECK_INT(link(a, b), 0);               /* a second name: refused unread */
    stick_copy_result r;
    char err[1200];
    CHECK_INT(stick_copy_content(src, stick, &r, err, sizeof err), -1);
    CHECK(strstr(err, "Nothing else on the stick was changed") != NULL);
    CHECK_INT(entries(stick), 0);
    /* A stick gone before the copy starts: said in plain words, nothing made. */
    snprintf(stick, sizeof stick, "%s/stick-gone", root);
    CHECK_INT(stick_copy_content(src, stick, &r, err, sizeof err), -1);
    CHECK(strstr(err, "The USB stick was taken out") != NULL);
    CHECK(access(stick, F_OK) != 0);
    /* A stick that cannot be written to (as a user: root writes anyway). */
    if (geteuid() != 0) {
        snprintf(stick, sizeof stick, "%s/stick-ro", root);
        mkdir(stick, 0555);
        CHECK_INT(stick_copy_content(src, stick, &r, err, sizeof err), -1);
        CHECK(strstr(err, "read-only") != NULL);
        CHECK_INT(entries(stick), 0);
    }
}

/* The help file: CRLF only, and too small a buffer gives nothing. */
static void test_howto_text(void) {
    char t[8192], small[64];
    size_t n = stick_copy_howto("kiosk-content", t, sizeof t);
    CHECK(n > 1000 && n == strlen(t));
    CHECK(crlf_only(t));
    CHECK(strstr(t, "images") && strstr(t, ".md") && strstr(t, "Roll back"));
    CHECK_INT((int)stick_copy_howto("kiosk-content", small, sizeof small), 0);
    CHECK_STR(small, "");
}

int main(void) {
    snprintf(root, sizeof root, "/tmp/kiosk-stick-copy-XXXXXX");
    CHECK(mkdtemp(root) != NULL);
    test_howto_text();
    test_round_trip();
    test_never_overwrites();
    test_failure_leaves_nothing();
    char cmd[256];
    snprintf(cmd, sizeof cmd, "chmod -R u+w '%s'; rm -rf '%s'", root, root);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", root);
    return check_summary();
}
