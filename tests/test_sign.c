/* test_sign.c - signed content: a folder signed with a trusted key
 * verifies; a changed, added or removed file, a manifest edited after
 * signing, an untrusted key, a link in the folder are each refused with a
 * message that says which; and kiosk import installs a valid one and
 * refuses a bad one, leaving the active content as it was. The keys: a
 * secret key others can read, or one inside the folder, is never signed
 * with or into it; keygen makes its secret 0600 whatever was there; a
 * trusted-keys file others can change trusts nothing. The version line:
 * written, read, and a format-1 manifest (no version) still verifies.
 * Keys and manifests are written durably (the folder is flushed after the
 * rename, a failed write leaves no temporary file and the old file whole),
 * and a trusted-keys file or secret key that is a link or a named pipe is
 * refused, saying so, without hanging. */
#include <dirent.h>
#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "files.h"
#include "content_fixture.h"
#include "import.h"
#include "sign.h"

static char root[64];

/* fsync goes through this wrapper (--wrap=fsync in CMakeLists.txt): it
 * counts the folders flushed, and fails a file's flush when asked. */
static int folder_fsyncs, fail_file_fsync;
int __real_fsync(int fd);
int __wrap_fsync(int fd);
int __wrap_fsync(int fd) {
    struct stat st;
    bool folder = fstat(fd, &st) == 0 && S_ISDIR(st.st_mode);
    if (folder) folder_fsyncs++;
    if (!folder && fail_file_fsync) {
        errno = EIO;
        return -1;
    }
    return __real_fsync(fd);
}

static void make_folder(const char *dir) {
    content_fixture_folder(dir);
    content_fixture_page(dir, "010-a.md", "A", "a.svg", "Short.", "Long.");
    content_fixture_page(dir, "020 two words.md", "B", NULL, "Short.", "Long.");
    fixture_put_text(dir, "images/a.svg", CONTENT_FIXTURE_SVG);
    fixture_put_text(dir, "Thumbs.db", "junk"); /* clutter is not signed, not checked */
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

/* kiosk sign of dir with the key secret is refused, saying says. */
static void sign_refused(const char *dir, const char *secret, const char *says) {
    diag_list d;
    diag_list_init(&d);
    CHECK_INT(sign_folder(dir, secret, 20261202043402ULL, &d), -1);
    bool ok = said(&d, says);
    if (!ok) diag_list_print(&d, stderr, "  ");
    CHECK(ok);
    diag_list_release(&d);
}

/* A fresh signed copy of the folder at dir. */
static void signed_copy(const char *dir, const char *secret) {
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK_INT(system(cmd), 0);
    make_folder(dir);
    diag_list d;
    diag_list_init(&d);
    CHECK_INT(sign_folder(dir, secret, 20261202043402ULL, &d), 0);
    diag_list_release(&d);
}

static bool exists(const char *path) { return access(path, F_OK) == 0; }

/* Secret keys: never signed with when others can read them, never signed
 * into a folder; keygen's secret is 0600 even over a leftover file. */
static void test_secret_keys(const char *secret) {
    char dir[160], p[512], manifest[512];
    diag_list d;
    snprintf(dir, sizeof dir, "%s/keys-content", root);
    snprintf(manifest, sizeof manifest, "%s/%s", dir, SIGN_MANIFEST);
    make_folder(dir);

    /* Readable by others: refused, with the command that fixes it. */
    CHECK_INT(chmod(secret, 0644), 0);
    diag_list_init(&d);
    CHECK_INT(sign_folder(dir, secret, 20261202043402ULL, &d), -1);
    char fix[300];
    snprintf(fix, sizeof fix, "chmod 600 %s", secret);
    CHECK(said(&d, fix));
    CHECK(said(&d, "other users of this computer can read the secret key"));
    CHECK(!exists(manifest));
    diag_list_release(&d);
    CHECK_INT(chmod(secret, 0640), 0);
    diag_list_init(&d);
    CHECK_INT(sign_folder(dir, secret, 20261202043402ULL, &d), -1);
    diag_list_release(&d);
    CHECK_INT(chmod(secret, 0600), 0);

    /* A secret key inside the folder: by name, by what it holds. */
    static const struct { const char *rel, *text, *says; } secrets[] = {
        {"it-dept.secret", "anything\n", "its name ends in .secret"},
        {"images/notes.txt", NULL, "it is a kiosk keygen secret key"},
        {"pages/id_ed25519", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n", "it holds a private key"},
    };
    for (size_t i = 0; i < sizeof secrets / sizeof secrets[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, secrets[i].rel);
        if (secrets[i].text) {
            fixture_write(p, secrets[i].text);
        } else {
            char cmd[1200];
            snprintf(cmd, sizeof cmd, "cp '%s' '%s'", secret, p);
            CHECK_INT(system(cmd), 0);
        }
        diag_list_init(&d);
        CHECK_INT(sign_folder(dir, secret, 20261202043402ULL, &d), -1);
        bool ok = said(&d, "this is a secret key") && said(&d, secrets[i].says) &&
                  said(&d, "Move it out of the content folder");
        if (!ok) diag_list_print(&d, stderr, "  ");
        CHECK(ok);
        CHECK(!exists(manifest));
        diag_list_release(&d);
        unlink(p);
    }
    /* The same folder without them signs. */
    diag_list_init(&d);
    CHECK_INT(sign_folder(dir, secret, 20261202043402ULL, &d), 0);
    CHECK(exists(manifest));
    diag_list_release(&d);

    /* keygen: 0600 even where a file of its temporary's old name was left
     * with mode 0644, and whatever the umask. */
    char name[160], leftover[200], made[200];
    snprintf(name, sizeof name, "%s/leftover", root);
    snprintf(leftover, sizeof leftover, "%s.secret.tmp", name);
    snprintf(made, sizeof made, "%s.secret", name);
    fixture_write(leftover, "old");
    CHECK_INT(chmod(leftover, 0644), 0);
    mode_t old_mask = umask(0);
    char err[256];
    CHECK_INT(sign_keygen(name, err, sizeof err), 0);
    umask(old_mask);
    struct stat st;
    CHECK(stat(made, &st) == 0 && (st.st_mode & 0777) == 0600);
}

/* The trusted-keys file: only its owner may change it. */
static void test_trusted_keys_file(const char *dir, const char *secret, const char *trusted) {
    char err[1200], keys[200];
    signed_copy(dir, secret);
    snprintf(keys, sizeof keys, "%s/keys-copy", root);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", trusted, keys);
    CHECK_INT(system(cmd), 0);
    CHECK_INT(chmod(keys, 0644), 0);
    CHECK_INT(sign_trusted_keys_check(keys, err, sizeof err), 0);
    CHECK_INT(verify(dir, keys, NULL), SIGN_VALID);
    CHECK_INT(sign_trusted_keys_check("/nonexistent/trusted-keys", err, sizeof err), 0);
    CHECK_INT(sign_trusted_keys_check(NULL, err, sizeof err), 0);
    static const mode_t unsafe[] = {0664, 0646, 0666};
    for (size_t i = 0; i < sizeof unsafe / sizeof unsafe[0]; i++) {
        CHECK_INT(chmod(keys, unsafe[i]), 0);
        err[0] = '\0';
        CHECK_INT(sign_trusted_keys_check(keys, err, sizeof err), -1);
        char fix[300];
        snprintf(fix, sizeof fix, "sudo chmod go-w %s", keys);
        CHECK(strstr(err, fix) != NULL);
        CHECK(strstr(err, "can be changed by other users") != NULL);
        /* And a kiosk that reads it anyway trusts nothing in it. */
        CHECK_INT(verify(dir, keys, "can be changed by other users"), SIGN_BAD);
    }
    CHECK_INT(sign_trusted_keys_check(root, err, sizeof err), -1);   /* a folder */
    CHECK(strstr(err, "it is a folder, not a file") != NULL);
}

/* The version line: written by sign_folder, read back; a format-1
 * manifest (before versions) still verifies, as version 0. */
static void test_versions(const char *dir, const char *secret, const char *trusted) {
    CHECK(sign_version_at(0) == 19700101000000ULL);
    CHECK(sign_version_at(1796186042LL) == 20261202043402ULL);
    char words[64];
    sign_version_words(20261202043402ULL, words, sizeof words);
    CHECK_STR(words, "2 Dec 2026 at 04:34 UTC");
    sign_version_words(0, words, sizeof words);
    CHECK_STR(words, "no date (signed by an older kiosk sign)");

    signed_copy(dir, secret);
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, SIGN_MANIFEST);
    FILE *f = fopen(p, "rb");
    char text[8192];
    size_t n = f ? fread(text, 1, sizeof text - 1, f) : 0;
    if (f) fclose(f);
    text[n] = '\0';
    CHECK(strncmp(text, "kiosk-manifest 2\nkey ", 21) == 0);
    CHECK(strstr(text, "\nversion 20261202043402\nsha256 ") != NULL);
    sign_manifest m;
    diag_list d;
    diag_list_init(&d);
    CHECK_INT(sign_load(dir, trusted, &m, &d), SIGN_VALID);
    CHECK_INT(m.format, 2);
    CHECK(m.version == 20261202043402ULL);
    sign_manifest_release(&m);

    /* The same files as format 1, signed with the same key by hand. */
    char body[8192], *sig = strstr(text, "signature ");
    char *version = strstr(text, "version ");
    CHECK(sig && version);
    if (!sig || !version) return;
    char *after_version = strchr(version, '\n') + 1;
    int len = snprintf(body, sizeof body, "kiosk-manifest 1\n%.*s%.*s", (int)(version - text - 17),
                       text + 17, (int)(sig - after_version), after_version);
    char sk_text[300];
    f = fopen(secret, "rb");
    size_t kn = f ? fread(sk_text, 1, sizeof sk_text - 1, f) : 0;
    if (f) fclose(f);
    sk_text[kn] = '\0';
    unsigned char sk[crypto_sign_SECRETKEYBYTES], signature[crypto_sign_BYTES];
    size_t got = 0;
    CHECK_INT(sodium_hex2bin(sk, sizeof sk, sk_text + 21, 2 * sizeof sk, NULL, &got, NULL), 0);
    crypto_sign_detached(signature, NULL, (const unsigned char *)body, (unsigned long long)len, sk);
    char hex[2 * crypto_sign_BYTES + 1];
    sodium_bin2hex(hex, sizeof hex, signature, sizeof signature);
    f = fopen(p, "wb");
    if (f) {
        fprintf(f, "%ssignature %s\n", body, hex);
        fclose(f);
    }
    sodium_memzero(sk, sizeof sk);
    CHECK_INT(verify(dir, trusted, NULL), SIGN_VALID);
    CHECK_INT(sign_load(dir, trusted, &m, &d), SIGN_VALID);
    CHECK_INT(m.format, 1);
    CHECK(m.version == 0);
    sign_manifest_release(&m);
    /* A changed version line is a changed manifest. */
    signed_copy(dir, secret);
    f = fopen(p, "r+b");
    if (f) {
        fseek(f, 21 + 64 + 1 + 8 + 3, SEEK_SET);   /* the year's last digit: 2026 -> 2027 */
        fputc('7', f);
        fclose(f);
    }
    CHECK_INT(verify(dir, trusted, "the signature does not verify"), SIGN_BAD);
    diag_list_release(&d);
}

/* Keys and manifests survive a power cut: each is renamed into place and
 * then its folder is flushed; a write that fails says which file and
 * why, leaves the old file as it was and no temporary file. */
static void test_durable_writes(const char *dir, const char *secret, const char *trusted) {
    char name[160], p[512];
    snprintf(name, sizeof name, "%s/durable", root);
    char err[600];
    int before = folder_fsyncs;
    CHECK_INT(sign_keygen(name, err, sizeof err), 0);
    CHECK(folder_fsyncs >= before + 2); /* .secret and .public */
    CHECK_INT(fixture_count_names(root, "."), 0);

    signed_copy(dir, secret);
    before = folder_fsyncs;
    diag_list d;
    diag_list_init(&d);
    CHECK_INT(sign_folder(dir, secret, 20261202043402ULL, &d), 0);
    CHECK(folder_fsyncs >= before + 1);
    diag_list_release(&d);
    CHECK_INT(fixture_count_names(dir, "."), 0);

    /* The disk fails while the new manifest is flushed: named, the old
     * manifest still verifies, nothing left beside it. */
    fail_file_fsync = 1;
    diag_list_init(&d);
    CHECK_INT(sign_folder(dir, secret, 20261202043403ULL, &d), -1);
    fail_file_fsync = 0;
    snprintf(p, sizeof p, "%s/%s: cannot save it (flushing it to disk)", dir, SIGN_MANIFEST);
    bool ok = said(&d, p);
    if (!ok) diag_list_print(&d, stderr, "  ");
    CHECK(ok);
    diag_list_release(&d);
    CHECK_INT(fixture_count_names(dir, "."), 0);
    CHECK_INT(verify(dir, trusted, NULL), SIGN_VALID);
}

/* A trusted-keys file or a secret key that is a link (even to a good
 * file) or a named pipe is refused with a message that says so; a pipe
 * never hangs the kiosk (the alarm would end the test). */
static void test_keys_not_links_or_pipes(const char *dir, const char *secret,
                                         const char *trusted) {
    char keys[200], pipe_path[200], err[1200];
    snprintf(keys, sizeof keys, "%s/linked-keys", root);
    snprintf(pipe_path, sizeof pipe_path, "%s/pipe", root);
    signed_copy(dir, secret);
    CHECK_INT(symlink(trusted, keys), 0);
    err[0] = '\0';
    CHECK_INT(sign_trusted_keys_check(keys, err, sizeof err), -1);
    CHECK(strstr(err, keys) != NULL);
    CHECK(strstr(err, "it is a link (a shortcut)") != NULL);
    CHECK_INT(verify(dir, keys, "it is a link (a shortcut)"), SIGN_BAD);

    CHECK_INT(mkfifo(pipe_path, 0644), 0);
    alarm(20);
    err[0] = '\0';
    CHECK_INT(sign_trusted_keys_check(pipe_path, err, sizeof err), -1);
    CHECK(strstr(err, "it is a named pipe") != NULL);
    CHECK_INT(verify(dir, pipe_path, "it is a named pipe"), SIGN_BAD);

    /* kiosk sign with a pipe or a link for its secret key. */
    sign_refused(dir, pipe_path, "it is a named pipe");
    alarm(0);
    char linked_secret[200];
    snprintf(linked_secret, sizeof linked_secret, "%s/linked.secret", root);
    CHECK_INT(symlink(secret, linked_secret), 0);
    sign_refused(dir, linked_secret, "it is a link (a shortcut)");
    unlink(linked_secret);
    unlink(pipe_path);
    unlink(keys);
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
    fixture_write(p, "---\ntitle: A, changed\nimage: a.svg\n---\nShort.\n");
    CHECK_INT(verify(dir, trusted, "pages/010-a.md was changed after the content was signed"), SIGN_BAD);

    /* An added file, even one whose name ends like a signed one's. */
    signed_copy(dir, secret);
    snprintf(p, sizeof p, "%s/words.md", dir);
    fixture_write(p, "added");
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
    fixture_write(p, "hello\n");
    CHECK_INT(verify(dir, trusted, "not a manifest made by kiosk sign"), SIGN_BAD);

    /* A link in a signed folder. */
    signed_copy(dir, secret);
    snprintf(p, sizeof p, "%s/images/link.svg", dir);
    CHECK_INT(symlink("/etc/hostname", p), 0);
    CHECK_INT(verify(dir, trusted, "may not hold links"), SIGN_BAD);

    /* Signing with something that is not a secret key. */
    sign_refused(dir, trusted, "not a secret key");
    diag_list d;

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
    fixture_write(p, "---\ntitle: B, changed by someone\n---\nShort.\n");
    sleep(1);
    CHECK_INT(import_install(dir, data, &o, &d), -1);
    CHECK_INT(got, SIGN_BAD);
    CHECK(said(&d, "pages/020 two words.md was changed"));
    CHECK(import_current(data, current, sizeof current) && strcmp(current, before) == 0);
    diag_list_release(&d);

    test_secret_keys(secret);
    test_trusted_keys_file(dir, secret, trusted);
    test_versions(dir, secret, trusted);
    test_durable_writes(dir, secret, trusted);
    test_keys_not_links_or_pipes(dir, secret, trusted);

    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    CHECK_INT(system(cmd), 0);
    return check_summary();
}
