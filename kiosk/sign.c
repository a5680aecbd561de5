/* sign.c - Ed25519-signed manifests of content folders. See sign.h.
 *
 * The manifest comes from a USB stick, so it is read as outside input:
 * sign_manifest_parse takes bytes only (the fuzzer calls it too), accepts
 * exactly what sign_folder writes, and bounds every line and count. */
#define _GNU_SOURCE
#include "sign.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content.h"
#include "safe_open.h"

_Static_assert(SIGN_KEY_BYTES == crypto_sign_PUBLICKEYBYTES, "Ed25519 public key size");
_Static_assert(SIGN_SIGNATURE_BYTES == crypto_sign_BYTES, "Ed25519 signature size");
_Static_assert(SIGN_HASH_BYTES == crypto_hash_sha256_BYTES, "SHA-256 size");

/* The files found in a folder (line unused). */
typedef struct {
    sign_entry *items;
    int count;
} file_list;

static int cmp_entries(const void *a, const void *b) {
    return strcmp(((const sign_entry *)a)->path, ((const sign_entry *)b)->path);
}

/* Hashes the file at path (opened with safe_open_at: a link, pipe or
 * second name of a file is refused). Returns 0, or -1 with err. */
static int hash_file(const char *path, unsigned char out[SIGN_HASH_BYTES], char *err,
                     size_t errsize) {
    int fd = safe_open_at(AT_FDCWD, path, SAFE_FILE, NULL, err, errsize);
    if (fd < 0) return -1;
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    unsigned char buf[64 * 1024];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) crypto_hash_sha256_update(&st, buf, (unsigned long long)n);
    if (n < 0) snprintf(err, errsize, "cannot read it: %s", strerror(errno));
    close(fd);
    if (n < 0) return -1;
    crypto_hash_sha256_final(&st, out);
    return 0;
}

/* Every file below dir (rel is the path so far), hashed. A symbolic link
 * or too many files is an error: nothing unchecked gets in. */
static int walk(const char *dir, const char *rel, int depth, file_list *list, diag_list *diags) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s%s%s", dir, rel[0] ? "/" : "", rel);
    /* The folder itself as given; a folder inside it never through a link. */
    char why[300];
    int fd = rel[0] ? safe_open_at(AT_FDCWD, path, SAFE_FOLDER, NULL, why, sizeof why)
                    : open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 && !rel[0]) snprintf(why, sizeof why, "%s", strerror(errno));
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0) {
            snprintf(why, sizeof why, "%s", strerror(errno));
            close(fd);
        }
        diag_add(diags, DIAG_ERROR, path, 0, "cannot read the folder: %s", why);
        return -1;
    }
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        if (content_is_clutter(e->d_name)) continue;
        if (!rel[0] && strcmp(e->d_name, SIGN_MANIFEST) == 0) continue;
        if (strchr(e->d_name, '\n')) {
            /* It could not be listed on a manifest line of its own. */
            diag_add(diags, DIAG_ERROR, path, 0, "a file name has a line break in it: %s",
                     e->d_name);
            rc = -1;
            break;
        }
        char sub[SIGN_PATH_MAX], full[PATH_MAX];
        if (snprintf(sub, sizeof sub, "%s%s%s", rel, rel[0] ? "/" : "", e->d_name) >= (int)sizeof sub ||
            snprintf(full, sizeof full, "%s/%s", dir, sub) >= (int)sizeof full) {
            diag_add(diags, DIAG_ERROR, path, 0, "a name is too long: %s", e->d_name);
            rc = -1;
            break;
        }
        struct stat st;
        if (lstat(full, &st) != 0) continue;
        if (S_ISLNK(st.st_mode)) {
            diag_add(diags, DIAG_ERROR, full, 0, "a signed folder may not hold links");
            rc = -1;
        } else if (S_ISDIR(st.st_mode)) {
            if (depth >= 4) {
                diag_add(diags, DIAG_ERROR, full, 0, "folders are nested too deep");
                rc = -1;
            } else {
                rc = walk(dir, sub, depth + 1, list, diags);
            }
        } else if (S_ISREG(st.st_mode)) {
            if (list->count >= SIGN_FILES_MAX) {
                diag_add(diags, DIAG_ERROR, dir, 0, "more than %d files", SIGN_FILES_MAX);
                rc = -1;
                break;
            }
            sign_entry *fe = &list->items[list->count];
            snprintf(fe->path, sizeof fe->path, "%s", sub);
            if (hash_file(full, fe->hash, why, sizeof why) != 0) {
                diag_add(diags, DIAG_ERROR, full, 0, "%s", why);
                rc = -1;
            } else {
                list->count++;
            }
        }
    }
    closedir(d);
    return rc;
}

static int list_files(const char *dir, file_list *list, diag_list *diags) {
    list->count = 0;
    list->items = calloc(SIGN_FILES_MAX, sizeof *list->items);
    if (!list->items) {
        diag_add(diags, DIAG_ERROR, dir, 0, "out of memory");
        return -1;
    }
    if (walk(dir, "", 0, list, diags) != 0) return -1;
    qsort(list->items, (size_t)list->count, sizeof *list->items, cmp_entries);
    return 0;
}

/* Reads a small text file whole (at most max bytes). Caller frees. */
static char *read_small(const char *path, size_t max, size_t *len, bool outside) {
    char err[300];
    /* The manifest comes from a stick: safe_open_at. The keys are the
     * kiosk's own files, which may be links the administrator made. */
    int fd = outside ? safe_open_at(AT_FDCWD, path, SAFE_FILE, NULL, err, sizeof err)
                     : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    char *buf = NULL;
    if (safe_read_all(fd, max, &buf, len, err, sizeof err) != 0) buf = NULL;
    close(fd);
    return buf;
}

/* "<prefix> <hex>" on one line -> bytes. */
static int parse_hex_line(const char *line, const char *prefix, unsigned char *out, size_t outlen) {
    size_t pl = strlen(prefix);
    if (strncmp(line, prefix, pl) != 0 || line[pl] != ' ') return -1;
    const char *hex = line + pl + 1;
    size_t hexlen = strcspn(hex, "\r\n");
    size_t got = 0;
    if (hexlen != outlen * 2 ||
        sodium_hex2bin(out, outlen, hex, hexlen, NULL, &got, NULL) != 0 || got != outlen)
        return -1;
    return 0;
}

static int write_atomic(const char *path, const char *data, size_t len, mode_t mode) {
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) return -1;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) return -1;
    bool ok = write(fd, data, len) == (ssize_t)len && fsync(fd) == 0;
    close(fd);
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        return -1;
    }
    return 0;
}

int sign_keygen(const char *name, char *err, size_t errsize) {
    if (sodium_init() < 0) { snprintf(err, errsize, "libsodium cannot start"); return -1; }
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_keypair(pk, sk);
    char pub_hex[crypto_sign_PUBLICKEYBYTES * 2 + 1], sec_hex[crypto_sign_SECRETKEYBYTES * 2 + 1];
    sodium_bin2hex(pub_hex, sizeof pub_hex, pk, sizeof pk);
    sodium_bin2hex(sec_hex, sizeof sec_hex, sk, sizeof sk);
    char path[PATH_MAX], line[300];
    int rc = 0;
    snprintf(path, sizeof path, "%s.secret", name);
    snprintf(line, sizeof line, "kiosk-ed25519-secret %s\n", sec_hex);
    struct stat st;
    if (lstat(path, &st) == 0) {
        snprintf(err, errsize, "%s exists already; it is not overwritten", path);
        rc = -1;
    } else if (write_atomic(path, line, strlen(line), 0600) != 0) {
        snprintf(err, errsize, "cannot write %s: %s", path, strerror(errno));
        rc = -1;
    }
    if (rc == 0) {
        snprintf(path, sizeof path, "%s.public", name);
        snprintf(line, sizeof line, "kiosk-ed25519 %s\n", pub_hex);
        if (write_atomic(path, line, strlen(line), 0644) != 0) {
            snprintf(err, errsize, "cannot write %s: %s", path, strerror(errno));
            rc = -1;
        }
    }
    sodium_memzero(sk, sizeof sk);
    sodium_memzero(sec_hex, sizeof sec_hex);
    sodium_memzero(line, sizeof line);
    return rc;
}

int sign_folder(const char *dir, const char *secret_path, diag_list *diags) {
    if (sodium_init() < 0) {
        diag_add(diags, DIAG_ERROR, dir, 0, "libsodium cannot start");
        return -1;
    }
    size_t len;
    char *key = read_small(secret_path, 1024, &len, false);
    unsigned char sk[crypto_sign_SECRETKEYBYTES], pk[crypto_sign_PUBLICKEYBYTES];
    if (!key || parse_hex_line(key, "kiosk-ed25519-secret", sk, sizeof sk) != 0) {
        diag_add(diags, DIAG_ERROR, secret_path, 1,
                 "not a secret key made by kiosk keygen (it starts \"kiosk-ed25519-secret\")");
        if (key) sodium_memzero(key, len);
        free(key);
        return -1;
    }
    sodium_memzero(key, len);
    free(key);
    crypto_sign_ed25519_sk_to_pk(pk, sk);
    file_list files;
    int rc = list_files(dir, &files, diags);
    char *body = NULL;
    if (rc == 0) {
        size_t cap = 64 + 128 + (size_t)files.count * (8 + 65 + 512 + 2) + 200;
        body = malloc(cap);
        if (!body) rc = -1;
        size_t n = 0;
        char hex[crypto_sign_PUBLICKEYBYTES * 2 + 1];
        sodium_bin2hex(hex, sizeof hex, pk, sizeof pk);
        if (body) n += (size_t)snprintf(body + n, cap - n, "kiosk-manifest 1\nkey %s\n", hex);
        for (int i = 0; body && i < files.count; i++) {
            char h[crypto_hash_sha256_BYTES * 2 + 1];
            sodium_bin2hex(h, sizeof h, files.items[i].hash, sizeof files.items[i].hash);
            n += (size_t)snprintf(body + n, cap - n, "sha256 %s %s\n", h, files.items[i].path);
        }
        unsigned char sig[crypto_sign_BYTES];
        if (body) {
            crypto_sign_detached(sig, NULL, (const unsigned char *)body, n, sk);
            char sig_hex[crypto_sign_BYTES * 2 + 1];
            sodium_bin2hex(sig_hex, sizeof sig_hex, sig, sizeof sig);
            n += (size_t)snprintf(body + n, cap - n, "signature %s\n", sig_hex);
            char path[PATH_MAX];
            snprintf(path, sizeof path, "%s/%s", dir, SIGN_MANIFEST);
            if (write_atomic(path, body, n, 0644) != 0) {
                diag_add(diags, DIAG_ERROR, path, 0, "cannot write it: %s", strerror(errno));
                rc = -1;
            }
        }
    }
    sodium_memzero(sk, sizeof sk);
    free(body);
    free(files.items);
    return rc;
}

/* Is pk one of the keys in the trusted-keys file? */
static bool trusted(const char *trusted_keys, const unsigned char *pk) {
    size_t len;
    char *text = trusted_keys ? read_small(trusted_keys, 64 * 1024, &len, false) : NULL;
    bool found = false;
    for (char *line = text; line && *line && !found;) {
        unsigned char k[crypto_sign_PUBLICKEYBYTES];
        if (parse_hex_line(line, "kiosk-ed25519", k, sizeof k) == 0 &&
            sodium_memcmp(k, pk, sizeof k) == 0)
            found = true;
        char *nl = strchr(line, '\n');
        line = nl ? nl + 1 : NULL;
    }
    free(text);
    return found;
}

/* ---- reading a manifest ---- */

/* Exactly 2 * n hex digits at s (of avail bytes) into out. */
static bool hex_exact(const char *s, size_t avail, unsigned char *out, size_t n) {
    size_t got = 0;
    const char *end = NULL;
    return avail >= 2 * n && sodium_hex2bin(out, n, s, 2 * n, NULL, &got, &end) == 0 &&
           got == n && end == s + 2 * n;
}

/* One "sha256 HASH PATH" line, [line, line + n), into e. Returns 0, or -1
 * with the reason in diags. */
static int parse_entry(const char *line, size_t n, int line_no, const char *file, sign_entry *e,
                       diag_list *diags) {
    static const char prefix[] = "sha256 ";
    const size_t pl = sizeof prefix - 1, hl = 2 * SIGN_HASH_BYTES;
    if (n < pl + hl + 2 || memcmp(line, prefix, pl) != 0 ||
        !hex_exact(line + pl, n - pl, e->hash, SIGN_HASH_BYTES) || line[pl + hl] != ' ') {
        diag_add(diags, DIAG_ERROR, file, line_no, "this line is not \"sha256 HASH FILE\"");
        return -1;
    }
    size_t path_len = n - pl - hl - 1;
    if (path_len >= SIGN_PATH_MAX) {
        diag_add(diags, DIAG_ERROR, file, line_no, "the file name is too long (at most %d bytes)",
                 SIGN_PATH_MAX - 1);
        return -1;
    }
    memcpy(e->path, line + pl + hl + 1, path_len);
    e->path[path_len] = '\0';
    e->line = line_no;
    return 0;
}

int sign_manifest_parse(const char *text, size_t len, const char *file, sign_manifest *m,
                        diag_list *diags) {
    memset(m, 0, sizeof *m);
    if (len > SIGN_MANIFEST_MAX) {
        diag_add(diags, DIAG_ERROR, file, 0, "the manifest is too big (more than %d KB)",
                 SIGN_MANIFEST_MAX / 1024);
        return -1;
    }
    if (memchr(text, '\0', len)) {
        diag_add(diags, DIAG_ERROR, file, 0,
                 "the manifest has a NUL byte; it is not a manifest made by kiosk sign");
        return -1;
    }
    /* The frame: "kiosk-manifest 1", "key HEX", and last "signature HEX". */
    static const char head[] = "kiosk-manifest 1\nkey ";
    const size_t hl = sizeof head - 1, key_end = hl + 2 * SIGN_KEY_BYTES;
    static const char sig_prefix[] = "signature ";
    const size_t sl = sizeof sig_prefix - 1;
    size_t body = len > 0 && text[len - 1] == '\n' ? len - 1 : len; /* the last line's end */
    const char *nl = body > 0 ? memrchr(text, '\n', body) : NULL;
    size_t sig = nl ? (size_t)(nl - text) + 1 : 0;                   /* the last line's start */
    if (len < key_end + 1 || memcmp(text, head, hl) != 0 ||
        !hex_exact(text + hl, len - hl, m->key, SIGN_KEY_BYTES) || text[key_end] != '\n' ||
        sig < key_end + 1 || body - sig != sl + 2 * SIGN_SIGNATURE_BYTES ||
        memcmp(text + sig, sig_prefix, sl) != 0 ||
        !hex_exact(text + sig + sl, body - sig - sl, m->signature, SIGN_SIGNATURE_BYTES)) {
        diag_add(diags, DIAG_ERROR, file, 1, "this is not a manifest made by kiosk sign");
        return -1;
    }
    m->framed = true;
    m->signed_len = sig;
    /* The lines between: one a file. */
    int rc = 0, line_no = 3, capacity = 0;
    for (size_t p = key_end + 1; p < sig; line_no++) {
        const char *eol = memchr(text + p, '\n', sig - p); /* found: text[sig - 1] is '\n' */
        size_t n = (size_t)(eol - (text + p));
        if (m->entry_count == SIGN_FILES_MAX) {
            diag_add(diags, DIAG_ERROR, file, line_no, "the manifest lists more than %d files",
                     SIGN_FILES_MAX);
            rc = -1;
            break;
        }
        if (m->entry_count == capacity) {
            int grown_capacity = capacity ? capacity * 2 : 64;
            if (grown_capacity > SIGN_FILES_MAX) grown_capacity = SIGN_FILES_MAX;
            sign_entry *grown = realloc(m->entries, (size_t)grown_capacity * sizeof *grown);
            if (!grown) {
                diag_add(diags, DIAG_ERROR, file, 0, "out of memory");
                rc = -1;
                break;
            }
            m->entries = grown;
            capacity = grown_capacity;
        }
        if (parse_entry(text + p, n, line_no, file, &m->entries[m->entry_count], diags) == 0)
            m->entry_count++;
        else
            rc = -1;
        p += n + 1;
    }
    if (rc == 0 && m->entry_count == 0) {
        diag_add(diags, DIAG_ERROR, file, 3, "the manifest lists no files");
        rc = -1;
    }
    return rc;
}

void sign_manifest_release(sign_manifest *m) {
    free(m->entries);
    memset(m, 0, sizeof *m);
}

static void copy_diags(diag_list *to, const diag_list *from) {
    for (int i = 0; i < from->count; i++)
        diag_add(to, from->items[i].severity, from->items[i].file, from->items[i].line, "%s",
                 from->items[i].message);
}

sign_status sign_verify(const char *dir, const char *trusted_keys, diag_list *diags) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, SIGN_MANIFEST);
    struct stat st;
    if (lstat(path, &st) != 0) return SIGN_NONE;
    if (sodium_init() < 0) {
        diag_add(diags, DIAG_ERROR, path, 0, "libsodium cannot start");
        return SIGN_BAD;
    }
    size_t len;
    char *text = S_ISREG(st.st_mode) ? read_small(path, SIGN_MANIFEST_MAX, &len, true) : NULL;
    if (!text) {
        diag_add(diags, DIAG_ERROR, path, 0, "the manifest cannot be read, or is too big");
        return SIGN_BAD;
    }
    sign_status result = SIGN_BAD;
    file_list files = {0};
    sign_manifest m;
    diag_list problems;
    diag_list_init(&problems);
    int parsed = sign_manifest_parse(text, len, path, &m, &problems);
    if (!m.framed) {
        copy_diags(diags, &problems);
        goto out;
    }
    /* A manifest changed after signing is told as such, whatever the
     * change did to its lines. */
    if (crypto_sign_verify_detached(m.signature, (const unsigned char *)text, m.signed_len,
                                    m.key) != 0) {
        diag_add(diags, DIAG_ERROR, path, 0,
                 "the signature does not verify: the manifest was changed after it was signed");
        goto out;
    }
    if (parsed != 0) {
        copy_diags(diags, &problems);
        goto out;
    }
    if (!trusted(trusted_keys, m.key)) {
        diag_add(diags, DIAG_ERROR, path, 0,
                 "the content is signed with a key this kiosk does not trust (add its .public "
                 "key to %s)",
                 trusted_keys ? trusted_keys : "the trusted keys");
        goto out;
    }
    /* The signature is good: now every file must be exactly as listed. */
    if (list_files(dir, &files, diags) != 0) goto out;
    int errors_before = diags->errors;
    for (int i = 0; i < m.entry_count; i++) {
        const sign_entry *e = &m.entries[i];
        const sign_entry *f =
            bsearch(e, files.items, (size_t)files.count, sizeof *files.items, cmp_entries);
        if (!f)
            diag_add(diags, DIAG_ERROR, path, e->line, "%s is signed but missing from the folder",
                     e->path);
        else if (sodium_memcmp(f->hash, e->hash, sizeof e->hash) != 0)
            diag_add(diags, DIAG_ERROR, path, e->line,
                     "%s was changed after the content was signed", e->path);
    }
    /* Anything in the folder that the manifest does not list. */
    qsort(m.entries, (size_t)m.entry_count, sizeof *m.entries, cmp_entries);
    for (int i = 0; i < files.count; i++)
        if (!bsearch(&files.items[i], m.entries, (size_t)m.entry_count, sizeof *m.entries,
                     cmp_entries))
            diag_add(diags, DIAG_ERROR, path, 0, "%s was added after the content was signed",
                     files.items[i].path);
    if (diags->errors == errors_before) result = SIGN_VALID;
out:
    diag_list_release(&problems);
    sign_manifest_release(&m);
    free(files.items);
    free(text);
    return result;
}
