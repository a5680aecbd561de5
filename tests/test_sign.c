/* test_sign.c - signed content: a folder signed with a trusted key
 * verifies; a changed, added or removed file, a manifest edited after
 * signing, an untrusted key, a link in the folder are each refused with a
 * message that says which; and kiosk import installs a valid one and
 * refuses a bad one, leaving the active content as it was. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "import.h"
#include "sign.h"

static char root[64];

static void put(const char *path, const char *text) {
    FILE *f = fopen(path, "wb");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void make_folder(const char *dir) {
    char p[512];
    mkdir(dir, 0755);
    snprintf(p, sizeof p, "%s/pages", dir);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/images", dir);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/pages/010-a.md", dir);
    put(p, "---\ntitle: A\nimage: a.svg\n---\nShort.\n<!--more-->\nLong.\n");
    snprintf(p, sizeof p, "%s/pages/020 two words.md", dir);
    put(p, "---\ntitle: B\n---\nShort.\n<!--more-->\nLong.\n");
    snprintf(p, sizeof p, "%s/images/a.svg", dir);
    put(p, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 4 3\"><rect width=\"4\" height=\"3\"/></svg>\n");
    snprintf(p, sizeof p, "%s/Thumbs.db", dir); /* clutter is not signed, not checked */
    put(p, "junk");
}

static bool said(const diag_list *d, const char *part) {
    for (int i = 0; i < d->count; i++)
        if (strstr(d->items[i].message, part)) return true;
    return false;
}

static sign_status verify(const char *dir, const char *keys, const char *expect_message) {
    diag_list d;
    diag_list_init(&d);
    sign_status s = sign_verify(dir, keys, &d);
    if (expect_message) {
        bool ok = said(&d, expect_message);
        if (!ok) {
            fprintf(stderr, "expected \"%s\"; got:\n", expect_message);
            diag_list_print(&d, stderr, "  ");
        }
        CHECK(ok);
    }
    diag_list_release(&d);
    return s;
}

/* A fresh signed copy of the folder at dir. */
static void signed_copy(const char *dir, const char *secret) {
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK_INT(system(cmd), 0);
    make_folder(dir);
    diag_list d;
    diag_list_init(&d);
    CHECK_INT(sign_folder(dir, secret, &d), 0);
    diag_list_release(&d);
}

int main(void) {
    snprintf(root, sizeof root, "/tmp/kiosk-sign-XXXXXX");
    CHECK(mkdtemp(root) != NULL);
    char name[128], other[128], secret[160], trusted[160], untrusted[160], dir[160], p[512];
    char err[256];
    snprintf(name, sizeof name, "%s/it", root);
    snprintf(other, sizeof other, "%s/other", root);
    CHECK_INT(sign_keygen(name, err, sizeof err), 0);
    CHECK_INT(sign_keygen(other, err, sizeof err), 0);
    CHECK_INT(sign_keygen(name, err, sizeof err), -1);     /* never overwrites a key */
    snprintf(secret, sizeof secret, "%s.secret", name);
    snprintf(trusted, sizeof trusted, "%s.public", name);
    snprintf(untrusted, sizeof untrusted, "%s.public", other);
    struct stat st;
    CHECK(stat(secret, &st) == 0 && (st.st_mode & 0777) == 0600);
    snprintf(dir, sizeof dir, "%s/content", root);

    /* No manifest: not signed (and not an error). */
    make_folder(dir);
    CHECK_INT(verify(dir, trusted, NULL), SIGN_NONE);

    signed_copy(dir, secret);
    CHECK_INT(verify(dir, trusted, NULL), SIGN_VALID);
    CHECK_INT(verify(dir, untrusted, "does not trust"), SIGN_BAD);
    CHECK_INT(verify(dir, NULL, "does not trust"), SIGN_BAD);

    /* A changed file. */
    snprintf(p, sizeof p, "%s/pages/010-a.md", dir);
    put(p, "---\ntitle: A, changed\nimage: a.svg\n---\nShort.\n");
    CHECK_INT(verify(dir, trusted, "pages/010-a.md was changed after the content was signed"), SIGN_BAD);

    /* An added file, even one whose name ends like a signed one's. */
    signed_copy(dir, secret);
    snprintf(p, sizeof p, "%s/words.md", dir);
    put(p, "added");
    CHECK_INT(verify(dir, trusted, "words.md was added after the content was signed"), SIGN_BAD);

    /* A removed file. */
    signed_copy(dir, secret);
    snprintf(p, sizeof p, "%s/images/a.svg", dir);
    unlink(p);
    CHECK_INT(verify(dir, trusted, "images/a.svg is signed but missing"), SIGN_BAD);

    /* The manifest edited after signing (a hash swapped to match a change). */
    signed_copy(dir, secret);
    snprintf(p, sizeof p, "%s/%s", dir, SIGN_MANIFEST);
    FILE *f = fopen(p, "r+b");
    CHECK(f != NULL);
    if (f) {
        fseek(f, 100, SEEK_SET);
        int c = fgetc(f);
        fseek(f, 100, SEEK_SET);
        fputc(c == 'a' ? 'b' : 'a', f);
        fclose(f);
    }
    CHECK_INT(verify(dir, trusted, "the signature does not verify"), SIGN_BAD);

    /* Not a manifest at all. */
    put(p, "hello\n");
    CHECK_INT(verify(dir, trusted, "not a manifest made by kiosk sign"), SIGN_BAD);

    /* A link in a signed folder. */
    signed_copy(dir, secret);
    snprintf(p, sizeof p, "%s/images/link.svg", dir);
    CHECK_INT(symlink("/etc/hostname", p), 0);
    CHECK_INT(verify(dir, trusted, "may not hold links"), SIGN_BAD);

    /* Signing with something that is not a secret key. */
    diag_list d;
    diag_list_init(&d);
    CHECK_INT(sign_folder(dir, trusted, &d), -1);
    CHECK(said(&d, "not a secret key"));
    diag_list_release(&d);

    /* kiosk import: a valid signed folder installs and says so; a changed
     * one is refused and the active content stays as it was. */
    char data[160], current[1024], before[1024];
    snprintf(data, sizeof data, "%s/data", root);
    mkdir(data, 0755);
    signed_copy(dir, secret);
    sign_status got = SIGN_NONE;
    import_options o = {.trusted_keys = trusted, .signature = &got};
    diag_list_init(&d);
    CHECK_INT(import_install(dir, data, &o, &d), 0);
    CHECK_INT(got, SIGN_VALID);
    CHECK(import_current(data, before, sizeof before));
    snprintf(p, sizeof p, "%s/pages/020 two words.md", dir);
    put(p, "---\ntitle: B, changed by someone\n---\nShort.\n");
    sleep(1);
    CHECK_INT(import_install(dir, data, &o, &d), -1);
    CHECK_INT(got, SIGN_BAD);
    CHECK(said(&d, "pages/020 two words.md was changed"));
    CHECK(import_current(data, current, sizeof current) && strcmp(current, before) == 0);
    diag_list_release(&d);

    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    CHECK_INT(system(cmd), 0);
    return check_summary();
}
