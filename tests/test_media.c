/* test_media.c - finding a kiosk stick under the media folder (at the
 * folder itself, one and two levels down; nothing for sticks without
 * kiosk folders, clutter, hidden folders, files named like the folders,
 * links that leave, link loops, folders too deep), telling one stick
 * from another, and judging a stick's content in staff's words: the
 * bundled pages, a folder with problems (exact lines naming the files),
 * many problems ("and N more"), text that is not UTF-8, and signed
 * content that verifies, was changed, or has a key the kiosk does not
 * trust; a named pipe, a linked pages/ folder and a hard-linked page,
 * refused without blocking. Pure core, temporary folders only. */
#include <dirent.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "files.h"
#include "media.h"
#include "sign.h"
#include "utf8.h"

static char root[64];

/* Makes the folder root/fmt... and its parents. */
static void mk(const char *fmt, ...) {
    char rel[512], cmd[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rel, sizeof rel, fmt, ap);
    va_end(ap);
    snprintf(cmd, sizeof cmd, "mkdir -p '%s/%s'", root, rel);
    CHECK_INT(system(cmd), 0);
}


/* root/rel, in one of four rotating buffers. */
static const char *at(const char *rel) { return fixture_at(root, rel); }

/* media_find on root/media_rel: 1, 0 or -1, with out. */
static int find(const char *media_rel, media_stick *out) {
    char err[256];
    int rc = media_find(at(media_rel), out, err, sizeof err);
    if (rc < 0) fprintf(stderr, "  media_find: %s\n", err);
    return rc;
}

static void test_find(void) {
    media_stick s;
    mk("media");
    CHECK_INT(find("media", &s), 0);
    CHECK_STR(s.root, "");

    /* Level 1: the udev rule's /media/usb. */
    mk("media/usb/kiosk-content/pages");
    CHECK_INT(find("media", &s), 1);
    CHECK_STR(s.root, at("media/usb"));
    CHECK_STR(s.label, "usb");
    CHECK_STR(s.content_dir, at("media/usb/kiosk-content"));
    CHECK_STR(s.reports_dir, at("media/usb/kiosk-reports"));
    CHECK(!s.reports_exists);
    CHECK(!s.read_only);
    struct stat st;
    CHECK(stat(at("media/usb"), &st) == 0 && s.device == (unsigned long long)st.st_dev &&
          s.inode == (unsigned long long)st.st_ino);
    /* The same media folder written with a trailing slash. */
    char slash[600];
    snprintf(slash, sizeof slash, "%s/", at("media"));
    char err[256];
    media_stick t;
    CHECK_INT(media_find(slash, &t, err, sizeof err), 1);
    CHECK_STR(t.root, s.root);
    fixture_sh("rm -rf '%s'", at("media/usb"));

    /* Level 2: a desktop's /media/<user>/<LABEL>, names in capitals, and
     * only kiosk-reports/ on it. */
    mk("media/alice/KINGSTON/KIOSK-REPORTS");
    mk("media/alice/KINGSTON/DCIM");
    CHECK_INT(find("media", &s), 1);
    CHECK_STR(s.root, at("media/alice/KINGSTON"));
    CHECK_STR(s.label, "KINGSTON");
    CHECK_STR(s.content_dir, "");
    CHECK_STR(s.reports_dir, at("media/alice/KINGSTON/KIOSK-REPORTS"));
    CHECK(s.reports_exists);
    /* Level 1 wins over level 2; within a level, name order. */
    mk("media/zz-usb/Kiosk-Content");
    mk("media/bb-usb/kiosk-content");
    CHECK_INT(find("media", &s), 1);
    CHECK_STR(s.root, at("media/bb-usb"));
    CHECK_STR(s.content_dir, at("media/bb-usb/kiosk-content"));
    fixture_sh("rm -rf '%s' '%s'", at("media/bb-usb"), at("media/alice"));
    CHECK_INT(find("media", &s), 1);
    CHECK_STR(s.content_dir, at("media/zz-usb/Kiosk-Content"));
    fixture_sh("rm -rf '%s'", at("media/zz-usb"));

    /* The media folder itself as the stick (media = /media/usb). */
    mk("media-usb/kiosk-content");
    CHECK_INT(find("media-usb", &s), 1);
    CHECK_STR(s.root, at("media-usb"));
    CHECK_STR(s.content_dir, at("media-usb/kiosk-content"));

    /* Nothing to find, each for its own reason. */
    mk("media/photos/DCIM/100CANON");                   /* a stick with no kiosk folder */
    mk("media/filestick");                              /* a file named kiosk-content */
    fixture_put_text(root, "media/filestick/kiosk-content", "not a folder");
    mk("media/.hidden/kiosk-content");                  /* hidden */
    mk("media/System Volume Information/kiosk-content"); /* clutter */
    mk("media/$RECYCLE.BIN/kiosk-content");
    mk("media/user/STICK/sub/kiosk-content");           /* too deep (level 3) */
    mk("outside/kiosk-content");                        /* a link that leaves */
    fixture_sh("ln -s '%s' '%s'", at("outside"), at("media/out"));
    mk("media/linkstick");                              /* a kiosk folder that is a link */
    fixture_sh("ln -s '%s' '%s'", at("outside/kiosk-content"), at("media/linkstick/kiosk-content"));
    fixture_sh("ln -s '%s' '%s'", at("media"), at("media/loop")); /* links in a loop */
    fixture_sh("ln -s '%s' '%s'", at("media/loop-b"), at("media/loop-a"));
    fixture_sh("ln -s '%s' '%s'", at("media/loop-a"), at("media/loop-b"));
    fixture_sh("ln -s '%s' '%s'", at("media"), at("media/user/up"));
    fixture_sh("ln -s '/' '%s'", at("media/slash"));
    CHECK_INT(find("media", &s), 0);

    /* A link that stays inside the media folder is followed. */
    mk("media/store/stick/kiosk-content");
    fixture_sh("ln -s '%s' '%s'", at("media/store/stick"), at("media/aa-link"));
    CHECK_INT(find("media", &s), 1);
    CHECK_STR(s.root, at("media/aa-link"));
    fixture_sh("rm -rf '%s' '%s'", at("media/aa-link"), at("media/store"));
    CHECK_INT(find("media", &s), 0);

    /* A media folder that is not there, or not a folder. */
    CHECK_INT(find("no-such-media", &s), -1);
    CHECK_INT(media_find(at("no-such-media"), &s, err, sizeof err), -1);
    CHECK(strstr(err, "no-such-media") && strstr(err, "cannot be read"));
    CHECK_INT(media_find(at("media/filestick/kiosk-content"), &s, err, sizeof err), -1);
    CHECK(strstr(err, "not a folder") != NULL);
    CHECK_INT(media_find("", &s, err, sizeof err), -1);
}

static void test_identity(void) {
    fixture_sh("rm -rf '%s'", at("media"));
    media_stick a, b;
    mk("media/usb/kiosk-content");
    CHECK_INT(find("media", &a), 1);
    CHECK_INT(find("media", &b), 1);
    CHECK(media_equal(&a, &b));
    CHECK(media_same_stick(&a, &b));

    /* The same stick gets kiosk-reports/: the same stick, changed. */
    mk("media/usb/kiosk-reports");
    CHECK_INT(find("media", &b), 1);
    CHECK(media_same_stick(&a, &b));
    CHECK(!media_equal(&a, &b));
    CHECK(b.reports_exists);

    /* Another stick in its place (the old one still exists elsewhere, so
     * its inode cannot be reused). */
    fixture_sh("mv '%s' '%s'", at("media/usb"), at("old-stick"));
    mk("media/usb/kiosk-content");
    CHECK_INT(find("media", &b), 1);
    CHECK_STR(b.root, a.root);
    CHECK(!media_same_stick(&a, &b));
    CHECK(!media_equal(&a, &b));
    fixture_sh("rm -rf '%s' '%s'", at("old-stick"), at("media"));
}

/* ---- judging ---- */

static bool lines_valid(const media_verdict *v) {
    for (int i = 0; i < v->line_count; i++)
        if (!utf8_valid(v->lines[i].text, strlen(v->lines[i].text), NULL) ||
            strlen(v->lines[i].text) >= MEDIA_LINE_MAX)
            return false;
    return utf8_valid(v->signature_text, strlen(v->signature_text), NULL);
}

static void print_verdict(const media_verdict *v) {
    fprintf(stderr, "  summary: %s\n  signature: %s\n", v->summary, v->signature_text);
    for (int i = 0; i < v->line_count; i++)
        fprintf(stderr, "  %s %s\n", v->lines[i].error ? "E" : "W", v->lines[i].text);
}

static long long tree_bytes(const char *dir) {
    long long total = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(path, &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) total += tree_bytes(path);
        else if (S_ISREG(st.st_mode)) total += st.st_size;
    }
    if (d) closedir(d);
    return total;
}

static const char svg[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 4 3\">"
                          "<rect width=\"4\" height=\"3\"/></svg>\n";

static void test_judge_good(void) {
    media_verdict v;
    fixture_sh("mkdir -p '%s' && cp -r '%s/content' '%s'", at("good"), KIOSK_SOURCE_DIR,
       at("good/kiosk-content"));
    CHECK_INT(media_judge(at("good/kiosk-content"), NULL, NULL, &v), 0);
    CHECK(v.installable);
    CHECK_INT(v.pages, 7);
    CHECK_INT(v.pictures, 7);
    CHECK_INT(v.errors, 0);
    CHECK_INT(v.warnings, 0);
    CHECK_INT(v.line_count, 0);
    CHECK_INT(v.more, 0);
    CHECK_INT(v.bytes, tree_bytes(at("good/kiosk-content")));
    CHECK_STR(v.summary, "7 pages, 7 pictures, ready to install");
    CHECK_INT(v.signature, SIGN_NONE);
    CHECK_STR(v.signature_text, "Not signed: the staff PIN is needed to install it");

    /* A trailing slash names the files the same way. */
    char slash[600];
    snprintf(slash, sizeof slash, "%s/", at("good/kiosk-content"));
    CHECK_INT(media_judge(slash, NULL, NULL, &v), 0);

    /* No kiosk-content folder at all. */
    CHECK_INT(media_judge("", NULL, NULL, &v), -1);
    CHECK(!v.installable);
    CHECK_INT(v.line_count, 1);
    CHECK_STR(v.summary, "Cannot install: 1 problem");
    CHECK_INT(media_judge(at("no-stick/kiosk-content"), NULL, NULL, &v), -1);
    CHECK(v.line_count >= 1 && strstr(v.lines[0].text, "kiosk-content: this content folder does not exist"));
}

static void test_judge_problems(void) {
    media_verdict v;
    mk("bad/kiosk-content/pages");
    mk("bad/kiosk-content/images");
    fixture_put_text(root, "bad/kiosk-content/images/a.svg", svg);
    fixture_put_text(root, "bad/kiosk-content/images/spare.svg", svg);
    fixture_put_text(root, "bad/kiosk-content/pages/010-good.md", "---\ntitle: Good\nimage: a.svg\nalt: A test picture.\n---\nShort.\n<!--more-->\nLong.\n");
    fixture_put_text(root, "bad/kiosk-content/pages/015-also-good.md", "---\ntitle: Also\nimage: a.svg\nalt: A test picture.\n---\nShort.\n<!--more-->\nLong.\n");
    fixture_put_text(root, "bad/kiosk-content/pages/020-bad-text.md", "---\ntitle: Bad\n---\nShort \xff text.\n");
    fixture_put_text(root, "bad/kiosk-content/pages/030-no-picture.md", "---\ntitle: Missing\nimage: nope.png\nalt: A test picture.\n---\nShort.\n<!--more-->\nLong.\n");
    CHECK_INT(media_judge(at("bad/kiosk-content"), NULL, NULL, &v), -1);
    CHECK(!v.installable);
    CHECK_INT(v.pages, 2);
    CHECK_INT(v.pictures, 1);
    CHECK_INT(v.errors, 2);
    CHECK_INT(v.warnings, 1);
    CHECK_INT(v.line_count, 3);
    CHECK_INT(v.more, 0);
    CHECK_STR(v.more_text, "");
    CHECK_STR(v.summary, "Cannot install: 2 problems");
    CHECK(v.lines[0].error && v.lines[1].error && !v.lines[2].error);
    CHECK_STR(v.lines[0].text,
              "kiosk-content/pages/020-bad-text.md, line 4: this line has characters that are not "
              "UTF-8; save the file as UTF-8 (in Notepad: File, Save as, Encoding: UTF-8)");
    CHECK_STR(v.lines[1].text,
              "kiosk-content/pages/030-no-picture.md, line 3: image: \"nope.png\" is not in the "
              "images folder (check the spelling, or add the picture to images/)");
    CHECK_STR(v.lines[2].text, "kiosk-content/images/spare.svg: this picture is not used by any page");
    CHECK(lines_valid(&v));
    if (v.line_count != 3) print_verdict(&v);

    /* Only a warning left: it installs. */
    fixture_sh("rm '%s' '%s'", at("bad/kiosk-content/pages/020-bad-text.md"),
       at("bad/kiosk-content/pages/030-no-picture.md"));
    CHECK_INT(media_judge(at("bad/kiosk-content"), NULL, NULL, &v), 0);
    CHECK_STR(v.summary, "2 pages, 1 picture, ready to install");
    CHECK_INT(v.line_count, 1);

    /* Many problems: 8 lines kept, errors first, then "and N more". A file
     * name that is not UTF-8 is shown with '?'. */
    for (int i = 0; i < 12; i++) {
        char rel[128];
        snprintf(rel, sizeof rel, "bad/kiosk-content/pages/%03d-broken-%d.md", 100 + i, i);
        fixture_put_text(root, rel, "---\nnothing: here\n---\n");
    }
    fixture_put_text(root, "bad/kiosk-content/pages/200-caf\xe9.md", "---\ntitle: Latin-1 \xe9\n---\nShort.\n");
    CHECK_INT(media_judge(at("bad/kiosk-content"), NULL, NULL, &v), -1);
    CHECK(v.errors >= 13);
    CHECK_INT(v.line_count, MEDIA_VERDICT_LINES);
    CHECK_INT(v.more, v.errors + v.warnings - MEDIA_VERDICT_LINES);
    for (int i = 0; i < MEDIA_VERDICT_LINES; i++) CHECK(v.lines[i].error);
    char more[64];
    snprintf(more, sizeof more, "... and %d more problems", v.more);
    CHECK_STR(v.more_text, more);
    CHECK(lines_valid(&v));
    fixture_sh("rm '%s'/pages/1*.md", at("bad/kiosk-content"));
    CHECK_INT(media_judge(at("bad/kiosk-content"), NULL, NULL, &v), -1);
    CHECK(v.line_count >= 1);
    CHECK_STR(v.lines[0].text, "kiosk-content/pages/200-caf?.md: the file name is not valid UTF-8");
    CHECK(lines_valid(&v));
    fixture_sh("rm '%s'/pages/200-*.md", at("bad/kiosk-content"));

    /* A line too long for the screen is cut at a character boundary. */
    char page[1200] = "---\ntitle: Long\nimage: ";
    for (int i = 0; i < 180; i++) strcat(page, "\xc5\xbc"); /* z with a dot, 2 bytes */
    strcat(page, ".png\n---\nShort.\n");
    fixture_put_text(root, "bad/kiosk-content/pages/300-long.md", page);
    CHECK_INT(media_judge(at("bad/kiosk-content"), NULL, NULL, &v), -1);
    CHECK(v.line_count >= 1 && v.lines[0].error);
    size_t n = strlen(v.lines[0].text);
    CHECK(n > MEDIA_LINE_MAX - 8 && n < MEDIA_LINE_MAX);
    CHECK(n >= 3 && strcmp(v.lines[0].text + n - 3, "\xE2\x80\xA6") == 0);
    CHECK(lines_valid(&v));
}

/* A line of v that starts with want (the file) and holds says. */
static bool verdict_says(const media_verdict *v, const char *file, const char *says) {
    for (int i = 0; i < v->line_count; i++)
        if (v->lines[i].error && strncmp(v->lines[i].text, file, strlen(file)) == 0 &&
            strstr(v->lines[i].text, says))
            return true;
    print_verdict(v);
    return false;
}

/* Judging must never block: a named pipe opened for reading waits for a
 * writer for ever (the stick stayed at "reading it..." and the kiosk
 * ignored SIGTERM). The alarm ends a hang, naming it. */
static void on_hang(int sig) {
    (void)sig;
    static const char msg[] = "test_media: media_judge hung on a named pipe (killed by the alarm)\n";
    ssize_t ignored = write(2, msg, sizeof msg - 1);
    (void)ignored;
    _exit(1);
}

/* What a stick must not slip past the judge: a named pipe for
 * content.ini, a pages/ folder that is a link to a folder off the stick,
 * a page that is a second name (hard link) of a file elsewhere. Each is
 * refused, naming the file and what to do. */
static void test_judge_hostile(void) {
    media_verdict v;
    mk("hostile/kiosk-content/pages");
    fixture_put_text(root, "hostile/kiosk-content/pages/010-a.md", "---\ntitle: A\n---\nShort.\n<!--more-->\nLong.\n");
    CHECK_INT(media_judge(at("hostile/kiosk-content"), NULL, NULL, &v), 0);

    /* pages/ a link to good pages elsewhere. */
    mk("elsewhere");
    fixture_sh("mv '%s' '%s/pages' && ln -s '%s/pages' '%s'", at("hostile/kiosk-content/pages"),
               at("elsewhere"), at("elsewhere"), at("hostile/kiosk-content/pages"));
    CHECK_INT(media_judge(at("hostile/kiosk-content"), NULL, NULL, &v), -1);
    CHECK_INT(v.pages, 0);
    CHECK(verdict_says(&v, "kiosk-content/pages: ", "it is a link (a shortcut) to another folder"));
    fixture_sh("rm '%s' && mv '%s/pages' '%s'", at("hostile/kiosk-content/pages"),
               at("elsewhere"), at("hostile/kiosk-content/pages"));
    CHECK_INT(media_judge(at("hostile/kiosk-content"), NULL, NULL, &v), 0);

    /* A page with a second name outside the stick's folder. */
    CHECK_INT(link(at("hostile/kiosk-content/pages/010-a.md"), at("elsewhere/010-a.md")), 0);
    CHECK_INT(media_judge(at("hostile/kiosk-content"), NULL, NULL, &v), -1);
    CHECK(verdict_says(&v, "kiosk-content/pages/010-a.md: ", "a second name (a hard link)"));
    CHECK_INT(unlink(at("elsewhere/010-a.md")), 0);

    /* content.ini a named pipe. */
    CHECK_INT(mkfifo(at("hostile/kiosk-content/content.ini"), 0644), 0);
    signal(SIGALRM, on_hang);
    alarm(30);
    CHECK_INT(media_judge(at("hostile/kiosk-content"), NULL, NULL, &v), -1);
    alarm(0);
    CHECK(verdict_says(&v, "kiosk-content/content.ini: ", "it is a named pipe, not a file"));
    CHECK(lines_valid(&v));
    CHECK_INT(unlink(at("hostile/kiosk-content/content.ini")), 0);
}

static void test_judge_signed(void) {
    media_verdict v;
    char err[256];
    mk("keys");
    CHECK_INT(sign_keygen(at("keys/it"), err, sizeof err), 0);
    CHECK_INT(sign_keygen(at("keys/other"), err, sizeof err), 0);
    fixture_sh("mkdir -p '%s' && cp -r '%s/content' '%s'", at("signed"), KIOSK_SOURCE_DIR,
       at("signed/kiosk-content"));
    diag_list d;
    diag_list_init(&d);
    CHECK_INT(sign_folder(at("signed/kiosk-content"), at("keys/it.secret"), 20261202043402ULL, &d), 0);
    diag_list_release(&d);

    CHECK_INT(media_judge(at("signed/kiosk-content"), at("keys/it.public"), NULL, &v), 0);
    CHECK_INT(v.signature, SIGN_VALID);
    CHECK(v.installable);
    CHECK_STR(v.signature_text, "Signed with a key this kiosk trusts: it installs without the PIN");
    CHECK_STR(v.summary, "7 pages, 7 pictures, ready to install");

    /* Signed by a key this kiosk does not list. */
    CHECK_INT(media_judge(at("signed/kiosk-content"), at("keys/other.public"), NULL, &v), -1);
    CHECK_INT(v.signature, SIGN_BAD);
    CHECK(!v.installable);
    CHECK(strstr(v.signature_text, "refused") && strstr(v.signature_text, "does not trust"));
    CHECK_STR(v.summary, "Cannot install: 1 problem");

    /* A page changed after signing: refused, naming the page and its
     * line in the manifest (which moves as translations are added). */
    int entry = 0, n = 0;
    char row[512];
    FILE *mf = fopen(at("signed/kiosk-content/" SIGN_MANIFEST), "r");
    while (mf && fgets(row, sizeof row, mf)) {
        n++;
        size_t len = strlen(row);
        if (!entry && len > 21 && strcmp(row + len - 22, " pages/010-welcome.md\n") == 0) entry = n;
    }
    if (mf) fclose(mf);
    CHECK(entry > 0);
    char said[300], want[400];
    snprintf(said, sizeof said,
             "kiosk-content/kiosk-manifest.txt, line %d: pages/010-welcome.md was changed after "
             "the content was signed",
             entry);
    snprintf(want, sizeof want, "The signature does not check out, so this content is refused (%s)",
             said);
    fixture_put_text(root, "signed/kiosk-content/pages/010-welcome.md", "---\ntitle: Changed\n---\nShort.\n");
    CHECK_INT(media_judge(at("signed/kiosk-content"), at("keys/it.public"), NULL, &v), -1);
    CHECK_INT(v.signature, SIGN_BAD);
    CHECK(!v.installable);
    CHECK_STR(v.signature_text, want);
    bool named = false;
    for (int i = 0; i < v.line_count; i++)
        named |= v.lines[i].error && strcmp(v.lines[i].text, said) == 0;
    CHECK(named);
    if (!named) print_verdict(&v);
    CHECK(lines_valid(&v));
}

int main(void) {
    snprintf(root, sizeof root, "/tmp/kiosk-media-XXXXXX");
    if (!mkdtemp(root)) {
        perror("mkdtemp");
        return 1;
    }
    test_find();
    test_identity();
    test_judge_good();
    test_judge_problems();
    test_judge_hostile();
    test_judge_signed();
    fixture_sh("rm -rf '%s'", root);
    return check_summary();
}
