/* sign.h - signed content for IT-managed screens: a manifest in the
 * content folder lists the SHA-256 of every file, and is signed with
 * Ed25519 (libsodium). A kiosk that lists the signer's public key in its
 * trusted-keys file installs such a folder without a PIN; a signature
 * that does not verify is refused. Pure C + libsodium, no SDL.
 *
 *   kiosk-manifest.txt:
 *     kiosk-manifest 2
 *     key <public key, 64 hex>
 *     version 20261202043402                      (UTC when signed, YYYYMMDDhhmmss)
 *     sha256 <64 hex> pages/010-welcome.md        (one line a file, sorted)
 *     signature <128 hex: Ed25519 over every byte above this line>
 *
 * A "kiosk-manifest 1" (kiosk sign before versions) has no version line;
 * it is read as version 0: its files are still checked, and it counts as
 * older than any versioned manifest (import.h: the replay rule). */
#ifndef KIOSK_SIGN_H
#define KIOSK_SIGN_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

#define SIGN_MANIFEST "kiosk-manifest.txt"
#define SIGN_MANIFEST_MAX (1024 * 1024)
#define SIGN_FILES_MAX 4096
#define SIGN_PATH_MAX 512        /* bytes of a listed path, with its NUL */
#define SIGN_KEY_BYTES 32        /* Ed25519 public key */
#define SIGN_SIGNATURE_BYTES 64  /* Ed25519 signature */
#define SIGN_HASH_BYTES 32       /* SHA-256 */
#define SIGN_VERSION_DIGITS 14   /* YYYYMMDDhhmmss */

typedef enum { SIGN_NONE, SIGN_VALID, SIGN_BAD } sign_status;

/* One "sha256 HASH PATH" line of a manifest. */
typedef struct {
    char path[SIGN_PATH_MAX];    /* relative, with '/', never empty */
    unsigned char hash[SIGN_HASH_BYTES];
    int line;                    /* in the manifest, for messages */
} sign_entry;

/* A manifest's text, read but not yet trusted: sign_verify checks the
 * signature over text[0..signed_len) with key, then the entries against
 * the folder. */
typedef struct {
    bool framed;                 /* the first two lines and the signature
                                    line were read: key, signature and
                                    signed_len are set */
    unsigned char key[SIGN_KEY_BYTES];
    unsigned char signature[SIGN_SIGNATURE_BYTES];
    size_t signed_len;           /* every byte before the signature line */
    int format;                  /* 1 or 2, from the first line */
    unsigned long long version;  /* the version line; 0 for format 1 */
    sign_entry *entries;         /* in the manifest's order; owned */
    int entry_count;
} sign_manifest;

/* Makes a key pair: NAME.secret (0600) and NAME.public. */
int sign_keygen(const char *name, char *err, size_t errsize);

/* Writes dir/kiosk-manifest.txt for every file in dir (clutter such as
 * Thumbs.db left out), signed with the secret key file, with version
 * (YYYYMMDDhhmmss, UTC: kiosk sign passes the time it signs). Refused,
 * with what to do: a secret key file that other users can read, and a
 * folder holding a secret key (a file named *.secret, or one that starts
 * like a kiosk or PEM private key). */
int sign_folder(const char *dir, const char *secret_path, unsigned long long version,
                diag_list *diags);

/* The version for a time, as kiosk sign writes it: 20261202043402. */
unsigned long long sign_version_at(long long unix_seconds);
/* "2 Dec 2026 at 04:34 UTC" for a version; "no date (an older kiosk sign)" for 0. */
void sign_version_words(unsigned long long version, char *out, size_t size);

/* Is the trusted-keys file safe to believe? 0 when it is missing (no key
 * trusted) or a plain file only its owner can change; -1 with what to do
 * in err when group or others may write it, or it is not a plain file
 * (anyone who can add a line to it can install content without the PIN). */
int sign_trusted_keys_check(const char *trusted_keys, char *err, size_t errsize);

/* Checks dir's manifest against the public keys in trusted_keys (one
 * "kiosk-ed25519 <hex>" line each; NULL or missing: none trusted).
 * SIGN_NONE: there is no manifest. SIGN_VALID: signed by a trusted key and
 * every file is listed with its hash, and nothing else is there.
 * SIGN_BAD: diags say exactly what is wrong. */
sign_status sign_verify(const char *dir, const char *trusted_keys, diag_list *diags);

/* The first half of sign_verify, for a copy that hashes as it goes
 * (import.c): reads dir's manifest once, checks its signature and key,
 * and that the folder holds exactly the files listed (names only, nothing
 * is hashed). SIGN_VALID: m holds the entries, sorted by path, for
 * sign_check_copy; release it with sign_manifest_release (also after
 * SIGN_NONE and SIGN_BAD). */
sign_status sign_load(const char *dir, const char *trusted_keys, sign_manifest *m,
                      diag_list *diags);
/* 0 when rel ("pages/010-a.md") is listed in m with this hash; else -1
 * with an error on file saying it was changed or added after signing. */
int sign_check_copy(const sign_manifest *m, const char *rel,
                    const unsigned char hash[SIGN_HASH_BYTES], const char *file,
                    diag_list *diags);

/* Parses manifest bytes (len at most SIGN_MANIFEST_MAX; they need no NUL
 * at the end) without the file system and without checking the
 * signature: for sign_verify and the fuzzer. file names the manifest in
 * messages. Returns 0 when every line is as kiosk sign writes it, else -1
 * with diags saying which line is wrong; either way m is filled as far as
 * it could be read (m->framed) and sign_manifest_release() frees it. */
int sign_manifest_parse(const char *text, size_t len, const char *file, sign_manifest *m,
                        diag_list *diags);
void sign_manifest_release(sign_manifest *m);

#endif
