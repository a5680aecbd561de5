/* sign.h - signed content for IT-managed screens: a manifest in the
 * content folder lists the SHA-256 of every file, and is signed with
 * Ed25519 (libsodium). A kiosk that lists the signer's public key in its
 * trusted-keys file installs such a folder without a PIN; a signature
 * that does not verify is refused. Pure C + libsodium, no SDL.
 *
 *   kiosk-manifest.txt:
 *     kiosk-manifest 1
 *     key <public key, 64 hex>
 *     sha256 <64 hex> pages/010-welcome.md        (one line a file, sorted)
 *     signature <128 hex: Ed25519 over every byte above this line> */
#ifndef KIOSK_SIGN_H
#define KIOSK_SIGN_H

#include <stddef.h>

#include "diag.h"

#define SIGN_MANIFEST "kiosk-manifest.txt"
#define SIGN_MANIFEST_MAX (1024 * 1024)
#define SIGN_FILES_MAX 4096

typedef enum { SIGN_NONE, SIGN_VALID, SIGN_BAD } sign_status;

/* Makes a key pair: NAME.secret (0600) and NAME.public. */
int sign_keygen(const char *name, char *err, size_t errsize);

/* Writes dir/kiosk-manifest.txt for every file in dir (clutter such as
 * Thumbs.db left out), signed with the secret key file. */
int sign_folder(const char *dir, const char *secret_path, diag_list *diags);

/* Checks dir's manifest against the public keys in trusted_keys (one
 * "kiosk-ed25519 <hex>" line each; NULL or missing: none trusted).
 * SIGN_NONE: there is no manifest. SIGN_VALID: signed by a trusted key and
 * every file is listed with its hash, and nothing else is there.
 * SIGN_BAD: diags say exactly what is wrong. */
sign_status sign_verify(const char *dir, const char *trusted_keys, diag_list *diags);

#endif
