/* sign.c - Ed25519-signed manifests of content folders. See sign.h. */
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

typedef struct {
    char path[512];                              /* relative, with '/' */
    unsigned char hash[crypto_hash_sha256_BYTES];
} file_entry;

typedef struct {
    file_entry *items;
    int count;
} file_list;

static int cmp_entries(const void *a, const void *b) {
    return strcmp(((const file_entry *)a)->path, ((const file_entry *)b)->path);
}

static int hash_file(const char *path, unsigned char out[crypto_hash_sha256_BYTES]) {
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return -1;
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    unsigned char buf[64 * 1024];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) crypto_hash_sha256_update(&st, buf, (unsigned long long)n);
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
    DIR *d = opendir(path);
    if (!d) {
        diag_add(diags, DIAG_ERROR, path, 0, "cannot read the folder: %s", strerror(errno));
        return -1;
    }
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        if (content_is_clutter(e->d_name)) continue;
        if (!rel[0] && strcmp(e->d_name, SIGN_MANIFEST) == 0) continue;
        char sub[512], full[PATH_MAX];
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
            file_entry *fe = &list->items[list->count];
            snprintf(fe->path, sizeof fe->path, "%s", sub);
            if (hash_file(full, fe->hash) != 0) {
                diag_add(diags, DIAG_ERROR, full, 0, "cannot read it: %s", strerror(errno));
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
static char *read_small(const char *path, size_t max, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = malloc(max + 1);
    size_t n = buf ? fread(buf, 1, max + 1, f) : 0;
    fclose(f);
    if (!buf || n > max) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
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
    char *key = read_small(secret_path, 1024, &len);
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
    char *text = trusted_keys ? read_small(trusted_keys, 64 * 1024, &len) : NULL;
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
    char *text = S_ISREG(st.st_mode) ? read_small(path, SIGN_MANIFEST_MAX, &len) : NULL;
    if (!text || strlen(text) != len) {
        diag_add(diags, DIAG_ERROR, path, 0, "the manifest cannot be read, or is too big");
        free(text);
        return SIGN_BAD;
    }
    sign_status result = SIGN_BAD;
    file_list files = {0};
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES];
    char *sig_line = strstr(text, "\nsignature ");
    char *key_line = strncmp(text, "kiosk-manifest 1\nkey ", 21) == 0 ? text + 17 : NULL;
    if (!key_line || !sig_line || parse_hex_line(key_line, "key", pk, sizeof pk) != 0 ||
        parse_hex_line(sig_line + 1, "signature", sig, sizeof sig) != 0) {
        diag_add(diags, DIAG_ERROR, path, 1, "this is not a manifest made by kiosk sign");
        goto out;
    }
    size_t signed_len = (size_t)(sig_line + 1 - text);
    if (crypto_sign_verify_detached(sig, (const unsigned char *)text, signed_len, pk) != 0) {
        diag_add(diags, DIAG_ERROR, path, 0,
                 "the signature does not verify: the manifest was changed after it was signed");
        goto out;
    }
    if (!trusted(trusted_keys, pk)) {
        diag_add(diags, DIAG_ERROR, path, 0,
                 "the content is signed with a key this kiosk does not trust (add its .public "
                 "key to %s)",
                 trusted_keys ? trusted_keys : "the trusted keys");
        goto out;
    }
    /* The signature is good: now every file must be exactly as listed. */
    if (list_files(dir, &files, diags) != 0) goto out;
    int errors_before = diags->errors;
    int listed = 0;
    file_entry *names = calloc(SIGN_FILES_MAX, sizeof *names); /* what the manifest lists */
    if (!names) {
        diag_add(diags, DIAG_ERROR, path, 0, "out of memory");
        goto out;
    }
    int line_no = 2;
    for (char *line = key_line; line < sig_line;) {
        char *nl = strchr(line, '\n');
        line = nl + 1;
        line_no++;
        if (line > sig_line) break;
        unsigned char hash[crypto_hash_sha256_BYTES];
        char *space = strchr(line + 7, ' ');
        if (strncmp(line, "sha256 ", 7) != 0 || !space ||
            sodium_hex2bin(hash, sizeof hash, line + 7, (size_t)(space - line - 7), NULL, NULL,
                           NULL) != 0) {
            if (line < sig_line + 1)
                diag_add(diags, DIAG_ERROR, path, line_no, "this line is not \"sha256 HASH FILE\"");
            continue;
        }
        char name[512];
        size_t nlen = strcspn(space + 1, "\n");
        if (nlen >= sizeof name) continue;
        memcpy(name, space + 1, nlen);
        name[nlen] = '\0';
        if (listed < SIGN_FILES_MAX) snprintf(names[listed].path, sizeof names[listed].path, "%s", name);
        listed++;
        file_entry key;
        snprintf(key.path, sizeof key.path, "%s", name);
        file_entry *f = bsearch(&key, files.items, (size_t)files.count, sizeof *files.items, cmp_entries);
        if (!f)
            diag_add(diags, DIAG_ERROR, path, line_no, "%s is signed but missing from the folder", name);
        else if (sodium_memcmp(f->hash, hash, sizeof hash) != 0)
            diag_add(diags, DIAG_ERROR, path, line_no,
                     "%s was changed after the content was signed", name);
    }
    /* Anything in the folder that the manifest does not list. */
    int named = listed < SIGN_FILES_MAX ? listed : SIGN_FILES_MAX;
    qsort(names, (size_t)named, sizeof *names, cmp_entries);
    for (int i = 0; i < files.count; i++)
        if (!bsearch(&files.items[i], names, (size_t)named, sizeof *names, cmp_entries))
            diag_add(diags, DIAG_ERROR, path, 0, "%s was added after the content was signed",
                     files.items[i].path);
    free(names);
    if (diags->errors == errors_before && listed > 0) result = SIGN_VALID;
out:
    free(files.items);
    free(text);
    return result;
}
