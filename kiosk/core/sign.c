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
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "content.h"
#include "files.h"
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

/* What a file that holds a private key starts with: a kiosk keygen
 * secret, or a PEM / OpenSSH private key. NULL when it is none. */
static const char *secret_kind(const unsigned char *head, size_t n) {
    static const char kiosk[] = "kiosk-ed25519-secret";
    if (n >= sizeof kiosk - 1 && memcmp(head, kiosk, sizeof kiosk - 1) == 0)
        return "it is a kiosk keygen secret key";
    char first[128];
    size_t len = n < sizeof first - 1 ? n : sizeof first - 1;
    memcpy(first, head, len);
    first[len] = '\0';
    first[strcspn(first, "\r\n")] = '\0';
    if (strncmp(first, "-----BEGIN ", 11) == 0 && strstr(first, "PRIVATE KEY-----"))
        return "it holds a private key";
    return NULL;
}

/* Walking options: hash every file; refuse secret keys (kiosk sign). */
enum { WALK_HASH = 1, WALK_NO_SECRETS = 2 };

/* SHA-256 of a file into out (WALK_HASH), and *secret set to what kind of
 * secret key its first bytes are (WALK_NO_SECRETS), else NULL. The file is
 * opened with safe_open_at: a link, pipe or second name of a file is
 * refused. Returns 0, or -1 with err. */
static int read_file(const char *path, int flags, unsigned char out[SIGN_HASH_BYTES],
                     const char **secret, char *err, size_t errsize) {
    *secret = NULL;
    int fd = safe_open_at(AT_FDCWD, path, SAFE_FILE, NULL, err, errsize);
    if (fd < 0) return -1;
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    unsigned char buf[64 * 1024];
    ssize_t n;
    bool first = true;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        if (first && (flags & WALK_NO_SECRETS)) *secret = secret_kind(buf, (size_t)n);
        first = false;
        if (!(flags & WALK_HASH)) break;
        crypto_hash_sha256_update(&st, buf, (unsigned long long)n);
    }
    if (n < 0) snprintf(err, errsize, "cannot read it: %s", strerror(errno));
    close(fd);
    if (n < 0) return -1;
    crypto_hash_sha256_final(&st, out);
    return 0;
}

static bool ends_with(const char *s, const char *tail) {
    size_t ls = strlen(s), lt = strlen(tail);
    return ls >= lt && strcasecmp(s + ls - lt, tail) == 0;
}

/* Every file below dir (rel is the path so far), hashed with WALK_HASH. A
 * symbolic link or too many files is an error: nothing unchecked gets in. */
static int walk(const char *dir, const char *rel, int depth, int flags, file_list *list,
                diag_list *diags) {
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
            !files_join(full, sizeof full, dir, sub)) {
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
                rc = walk(dir, sub, depth + 1, flags, list, diags);
            }
        } else if (S_ISREG(st.st_mode)) {
            if (list->count >= SIGN_FILES_MAX) {
                diag_add(diags, DIAG_ERROR, dir, 0, "more than %d files", SIGN_FILES_MAX);
                rc = -1;
                break;
            }
            sign_entry *fe = &list->items[list->count];
            snprintf(fe->path, sizeof fe->path, "%s", sub);
            const char *secret = NULL;
            if ((flags & (WALK_HASH | WALK_NO_SECRETS)) &&
                read_file(full, flags, fe->hash, &secret, why, sizeof why) != 0) {
                diag_add(diags, DIAG_ERROR, full, 0, "%s", why);
                rc = -1;
            } else if ((flags & WALK_NO_SECRETS) && (secret || ends_with(e->d_name, ".secret"))) {
                /* Signed, it would go onto every stick and every kiosk. */
                diag_add(diags, DIAG_ERROR, full, 0,
                         "this is a secret key (%s), so it is not signed: anyone who has it can "
                         "sign content that kiosks install without the PIN. Move it out of the "
                         "content folder to a place only you can read, and sign again",
                         secret ? secret : "its name ends in .secret");
                rc = -1;
            } else {
                list->count++;
            }
        }
    }
    closedir(d);
    return rc;
}

static int list_files(const char *dir, int flags, file_list *list, diag_list *diags) {
    list->count = 0;
    list->items = calloc(SIGN_FILES_MAX, sizeof *list->items);
    if (!list->items) {
        diag_add(diags, DIAG_ERROR, dir, 0, "out of memory");
        return -1;
    }
    if (walk(dir, "", 0, flags, list, diags) != 0) return -1;
    qsort(list->items, (size_t)list->count, sizeof *list->items, cmp_entries);
    return 0;
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
    } else if (files_write_atomic(path, line, strlen(line), 0600, 0, err, errsize) != 0) {
        rc = -1;
    }
    if (rc == 0) {
        snprintf(path, sizeof path, "%s.public", name);
        snprintf(line, sizeof line, "kiosk-ed25519 %s\n", pub_hex);
        if (files_write_atomic(path, line, strlen(line), 0644, 0, err, errsize) != 0) rc = -1;
    }
    sodium_memzero(sk, sizeof sk);
    sodium_memzero(sec_hex, sizeof sec_hex);
    sodium_memzero(line, sizeof line);
    return rc;
}

/* A secret key file only its owner may read: anyone else who can read it
 * can sign content. Returns 0, or -1 with the chmod that fixes it. */
static int secret_private(const char *secret_path, diag_list *diags) {
    struct stat st;
    if (stat(secret_path, &st) != 0) {
        diag_add(diags, DIAG_ERROR, secret_path, 0, "cannot read the secret key: %s",
                 strerror(errno));
        return -1;
    }
    if (st.st_mode & 077) {
        diag_add(diags, DIAG_ERROR, secret_path, 0,
                 "other users of this computer can read the secret key (its mode is %04o), and "
                 "with it they could sign content that kiosks install without the PIN. Nothing "
                 "was signed. Fix it with: chmod 600 %s (if others may have copied it, make a "
                 "new key with kiosk keygen and put its .public on the kiosks instead)",
                 (unsigned)(st.st_mode & 07777), secret_path);
        return -1;
    }
    return 0;
}

unsigned long long sign_version_at(long long unix_seconds) {
    time_t t = (time_t)unix_seconds;
    struct tm tm;
    if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 < 1000 || tm.tm_year + 1900 > 9999) return 0;
    return (unsigned long long)(tm.tm_year + 1900) * 10000000000ULL +
           (unsigned long long)(tm.tm_mon + 1) * 100000000ULL +
           (unsigned long long)tm.tm_mday * 1000000ULL + (unsigned long long)tm.tm_hour * 10000ULL +
           (unsigned long long)tm.tm_min * 100ULL + (unsigned long long)tm.tm_sec;
}

void sign_version_words(unsigned long long v, char *out, size_t size) {
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    unsigned y = (unsigned)(v / 10000000000ULL), mo = (unsigned)(v / 100000000ULL % 100),
             d = (unsigned)(v / 1000000ULL % 100), h = (unsigned)(v / 10000ULL % 100),
             mi = (unsigned)(v / 100ULL % 100);
    if (v == 0)
        snprintf(out, size, "no date (signed by an older kiosk sign)");
    else if (mo >= 1 && mo <= 12)
        snprintf(out, size, "%u %s %u at %02u:%02u UTC", d, months[mo - 1], y, h, mi);
    else
        snprintf(out, size, "version %llu", v);
}

int sign_folder(const char *dir, const char *secret_path, unsigned long long version,
                diag_list *diags) {
    if (sodium_init() < 0) {
        diag_add(diags, DIAG_ERROR, dir, 0, "libsodium cannot start");
        return -1;
    }
    if (version >= 100000000000000ULL) {
        diag_add(diags, DIAG_ERROR, dir, 0, "the version has more than %d digits",
                 SIGN_VERSION_DIGITS);
        return -1;
    }
    size_t len;
    char *key = NULL, why[PATH_MAX + 400];
    if (files_read_small(secret_path, 1024, &key, &len, why, sizeof why) != 0) {
        diag_add(diags, DIAG_ERROR, secret_path, 0, "cannot read the secret key: %s", why);
        return -1;
    }
    unsigned char sk[crypto_sign_SECRETKEYBYTES], pk[crypto_sign_PUBLICKEYBYTES];
    if (parse_hex_line(key, "kiosk-ed25519-secret", sk, sizeof sk) != 0) {
        diag_add(diags, DIAG_ERROR, secret_path, 1,
                 "not a secret key made by kiosk keygen (it starts \"kiosk-ed25519-secret\")");
        if (key) sodium_memzero(key, len);
        free(key);
        return -1;
    }
    sodium_memzero(key, len);
    free(key);
    if (secret_private(secret_path, diags) != 0) {
        sodium_memzero(sk, sizeof sk);
        return -1;
    }
    crypto_sign_ed25519_sk_to_pk(pk, sk);
    file_list files;
    int rc = list_files(dir, WALK_HASH | WALK_NO_SECRETS, &files, diags);
    char *body = NULL;
    if (rc == 0) {
        size_t cap = 64 + 128 + 32 + (size_t)files.count * (8 + 65 + 512 + 2) + 200;
        body = malloc(cap);
        if (!body) rc = -1;
        size_t n = 0;
        char hex[crypto_sign_PUBLICKEYBYTES * 2 + 1];
        sodium_bin2hex(hex, sizeof hex, pk, sizeof pk);
        if (body)
            n += (size_t)snprintf(body + n, cap - n, "kiosk-manifest 2\nkey %s\nversion %0*llu\n",
                                  hex, SIGN_VERSION_DIGITS, version);
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
            char path[PATH_MAX], err[PATH_MAX + 200];
            if (!files_join(path, sizeof path, dir, SIGN_MANIFEST)) {
                diag_add(diags, DIAG_ERROR, dir, 0, "the folder's name is too long");
                rc = -1;
            } else if (files_write_atomic(path, body, n, 0644, 0, err, sizeof err) != 0) {
                diag_add(diags, DIAG_ERROR, dir, 0, "%s", err);
                rc = -1;
            }
        }
    }
    sodium_memzero(sk, sizeof sk);
    free(body);
    free(files.items);
    return rc;
}

int sign_trusted_keys_check(const char *trusted_keys, char *err, size_t errsize) {
    struct stat st;
    if (!trusted_keys || !trusted_keys[0]) return 0;
    /* Opened as files_read_small reads it: a link, a named pipe (which
     * would hang the kiosk), a device or a second name is refused. */
    char why[300];
    int fd = safe_open_at(AT_FDCWD, trusted_keys, SAFE_FILE, &st, why, sizeof why);
    if (fd < 0) {
        if (errno == ENOENT) return 0; /* no key trusted: signed content needs the PIN */
        snprintf(err, errsize, "the trusted keys file %s cannot be used: %s", trusted_keys, why);
        return -1;
    }
    close(fd);
    if (st.st_mode & 022) {
        snprintf(err, errsize,
                 "the trusted keys file %s can be changed by other users (its mode is %04o): "
                 "whoever adds a key to it can install content on this kiosk without the PIN, "
                 "so no key in it is trusted. Fix it with: sudo chmod go-w %s",
                 trusted_keys, (unsigned)(st.st_mode & 07777), trusted_keys);
        return -1;
    }
    return 0;
}

/* Is pk one of the keys in the trusted-keys file? Never when others may
 * change the file (said in diags). */
static bool trusted(const char *trusted_keys, const unsigned char *pk, diag_list *diags) {
    char err[PATH_MAX * 2 + 400];
    if (sign_trusted_keys_check(trusted_keys, err, sizeof err) != 0) {
        diag_add(diags, DIAG_ERROR, trusted_keys, 0, "%s", err);
        return false;
    }
    size_t len;
    char *text = NULL;
    if (trusted_keys && files_read_small(trusted_keys, 64 * 1024, &text, &len, err,
                                         sizeof err) < 0) {
        diag_add(diags, DIAG_ERROR, trusted_keys, 0, "the trusted keys file cannot be used: %s",
                 err);
        return false;
    }
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
    /* The frame: "kiosk-manifest 1" or "2", "key HEX", in format 2 "version
     * DIGITS", and last "signature HEX". */
    static const char head[] = "kiosk-manifest 1\nkey ";
    const size_t hl = sizeof head - 1, key_end = hl + 2 * SIGN_KEY_BYTES;
    static const char version_prefix[] = "version ";
    const size_t vl = sizeof version_prefix - 1;
    int format = len >= hl && memcmp(text, head, 15) == 0 && memcmp(text + 16, head + 16, hl - 16) == 0
                     ? text[15] - '0' : 0;
    /* The first file line: after "version " and its digits in format 2. */
    size_t entries = key_end + 1 + (format == 2 ? vl + SIGN_VERSION_DIGITS + 1 : 0);
    static const char sig_prefix[] = "signature ";
    const size_t sl = sizeof sig_prefix - 1;
    size_t body = len > 0 && text[len - 1] == '\n' ? len - 1 : len; /* the last line's end */
    const char *nl = body > 0 ? memrchr(text, '\n', body) : NULL;
    size_t sig = nl ? (size_t)(nl - text) + 1 : 0;                   /* the last line's start */
    if (len < key_end + 1 || (format != 1 && format != 2) ||
        !hex_exact(text + hl, len - hl, m->key, SIGN_KEY_BYTES) || text[key_end] != '\n' ||
        sig < entries || body - sig != sl + 2 * SIGN_SIGNATURE_BYTES ||
        memcmp(text + sig, sig_prefix, sl) != 0 ||
        !hex_exact(text + sig + sl, body - sig - sl, m->signature, SIGN_SIGNATURE_BYTES)) {
        diag_add(diags, DIAG_ERROR, file, 1, "this is not a manifest made by kiosk sign");
        return -1;
    }
    m->framed = true;
    m->signed_len = sig;
    m->format = format;
    if (format == 2) {
        /* Inside the signed bytes: a changed version line is told by the
         * signature check first. */
        bool ok = memcmp(text + key_end + 1, version_prefix, vl) == 0 && text[entries - 1] == '\n';
        for (size_t i = key_end + 1 + vl; ok && i < entries - 1; i++) {
            ok = text[i] >= '0' && text[i] <= '9';
            if (ok) m->version = m->version * 10 + (unsigned long long)(text[i] - '0');
        }
        if (!ok) {
            m->version = 0;
            diag_add(diags, DIAG_ERROR, file, 3, "line 3 is not \"version\" and %d digits",
                     SIGN_VERSION_DIGITS);
            return -1;
        }
    }
    /* The lines between: one a file. */
    int first_line = format == 2 ? 4 : 3;
    int rc = 0, line_no = first_line, capacity = 0;
    for (size_t p = entries; p < sig; line_no++) {
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
        diag_add(diags, DIAG_ERROR, file, first_line, "the manifest lists no files");
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

/* Reads dir's manifest, checks its signature and key, then the folder
 * against it: the names always, the bytes with WALK_HASH. m is left
 * filled (entries sorted by path) for the caller to release. */
static sign_status load(const char *dir, const char *trusted_keys, int flags, sign_manifest *m,
                        diag_list *diags) {
    memset(m, 0, sizeof *m);
    char path[PATH_MAX], why[PATH_MAX + 300];
    if (!files_join(path, sizeof path, dir, SIGN_MANIFEST)) return SIGN_NONE;
    struct stat st;
    if (lstat(path, &st) != 0) return SIGN_NONE;
    if (sodium_init() < 0) {
        diag_add(diags, DIAG_ERROR, path, 0, "libsodium cannot start");
        return SIGN_BAD;
    }
    size_t len;
    char *text = NULL;
    if (!S_ISREG(st.st_mode) ||
        files_read_small(path, SIGN_MANIFEST_MAX, &text, &len, why, sizeof why) != 0) {
        diag_add(diags, DIAG_ERROR, path, 0, "the manifest cannot be read, or is too big");
        return SIGN_BAD;
    }
    sign_status result = SIGN_BAD;
    file_list files = {0};
    diag_list problems;
    diag_list_init(&problems);
    int parsed = sign_manifest_parse(text, len, path, m, &problems);
    if (!m->framed) {
        copy_diags(diags, &problems);
        goto out;
    }
    /* A manifest changed after signing is told as such, whatever the
     * change did to its lines. */
    if (crypto_sign_verify_detached(m->signature, (const unsigned char *)text, m->signed_len,
                                    m->key) != 0) {
        diag_add(diags, DIAG_ERROR, path, 0,
                 "the signature does not verify: the manifest was changed after it was signed");
        goto out;
    }
    if (parsed != 0) {
        copy_diags(diags, &problems);
        goto out;
    }
    if (!trusted(trusted_keys, m->key, diags)) {
        diag_add(diags, DIAG_ERROR, path, 0,
                 "the content is signed with a key this kiosk does not trust (add its .public "
                 "key to %s)",
                 trusted_keys ? trusted_keys : "the trusted keys");
        goto out;
    }
    /* The signature is good: now every file must be exactly as listed. */
    if (list_files(dir, flags, &files, diags) != 0) goto out;
    int errors_before = diags->errors;
    for (int i = 0; i < m->entry_count; i++) {
        const sign_entry *e = &m->entries[i];
        const sign_entry *f =
            bsearch(e, files.items, (size_t)files.count, sizeof *files.items, cmp_entries);
        if (!f)
            diag_add(diags, DIAG_ERROR, path, e->line, "%s is signed but missing from the folder",
                     e->path);
        else if ((flags & WALK_HASH) && sodium_memcmp(f->hash, e->hash, sizeof e->hash) != 0)
            diag_add(diags, DIAG_ERROR, path, e->line,
                     "%s was changed after the content was signed", e->path);
    }
    /* Anything in the folder that the manifest does not list. */
    qsort(m->entries, (size_t)m->entry_count, sizeof *m->entries, cmp_entries);
    for (int i = 0; i < files.count; i++)
        if (!bsearch(&files.items[i], m->entries, (size_t)m->entry_count, sizeof *m->entries,
                     cmp_entries))
            diag_add(diags, DIAG_ERROR, path, 0, "%s was added after the content was signed",
                     files.items[i].path);
    if (diags->errors == errors_before) result = SIGN_VALID;
out:
    diag_list_release(&problems);
    free(files.items);
    free(text);
    return result;
}

sign_status sign_verify(const char *dir, const char *trusted_keys, diag_list *diags) {
    sign_manifest m;
    sign_status result = load(dir, trusted_keys, WALK_HASH, &m, diags);
    sign_manifest_release(&m);
    return result;
}

sign_status sign_load(const char *dir, const char *trusted_keys, sign_manifest *m,
                      diag_list *diags) {
    return load(dir, trusted_keys, 0, m, diags);
}

int sign_check_copy(const sign_manifest *m, const char *rel,
                    const unsigned char hash[SIGN_HASH_BYTES], const char *file,
                    diag_list *diags) {
    sign_entry key;
    if (snprintf(key.path, sizeof key.path, "%s", rel) >= (int)sizeof key.path) {
        diag_add(diags, DIAG_ERROR, file, 0, "the name is too long to be signed");
        return -1;
    }
    const sign_entry *e =
        bsearch(&key, m->entries, (size_t)m->entry_count, sizeof *m->entries, cmp_entries);
    if (!e) {
        diag_add(diags, DIAG_ERROR, file, 0, "%s was added after the content was signed", rel);
        return -1;
    }
    if (sodium_memcmp(e->hash, hash, SIGN_HASH_BYTES) != 0) {
        diag_add(diags, DIAG_ERROR, file, 0,
                 "%s was changed after the content was signed (the bytes copied from the stick "
                 "are not the signed ones)",
                 rel);
        return -1;
    }
    return 0;
}
