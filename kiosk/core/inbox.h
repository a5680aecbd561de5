/* inbox.h - content that a sync engine (Syncthing, rsync, a device
 * manager) brings into a folder the kiosk watches: INBOX/kiosk-content/,
 * signed with `kiosk sign` by a key in the trusted-keys file. Nobody is
 * there to type the PIN, so only signed content goes in, and only once it
 * is whole: a bundle still being copied (files missing, a file half
 * written, the manifest of the next version beside the files of this one)
 * does not verify, and is left until it does.
 *
 * inbox_look() says what the folder holds now and whether to install it;
 * the install itself is import_install() with without_pin (import.h),
 * which checks every byte it copies against the manifest again.
 *
 * Pure C (sign.h, import.h: libc and libsodium), no SDL, no clock. */
#ifndef KIOSK_INBOX_H
#define KIOSK_INBOX_H

#include <stdbool.h>
#include <stddef.h>

#define INBOX_CONTENT "kiosk-content"  /* the folder in the inbox */
#define INBOX_REASON_MAX 1024

typedef enum {
    INBOX_EMPTY,      /* no kiosk-content/ */
    INBOX_UNSIGNED,   /* no manifest: refused (no PIN without a person) */
    INBOX_UNVERIFIED, /* the manifest does not verify against the files, or its key is not
                         trusted: still arriving, or damaged; never installed like this */
    INBOX_OLDER,      /* signed before the signed content installed here: refused (a
                         bundle played back again never goes in) */
    INBOX_INSTALLED,  /* exactly this version is installed already */
    INBOX_READY,      /* whole, signed by a trusted key, newer: install it */
} inbox_state;

typedef struct {
    inbox_state state;
    unsigned long long version;    /* the manifest's (sign.h), when it verified */
    char bundle[4096];             /* INBOX/kiosk-content */
    char reason[INBOX_REASON_MAX]; /* for the status file: what is wrong, what to do;
                                      for READY and INSTALLED what it is */
} inbox_verdict;

/* Looks at inbox_dir/kiosk-content as it is now: its manifest, every
 * file's SHA-256 against it, its key against trusted_keys (NULL: none is
 * trusted), its version against data_dir's signed-version. Fills v;
 * never changes anything. */
void inbox_look(const char *inbox_dir, const char *data_dir, const char *trusted_keys,
                inbox_verdict *v);

/* "ready", "refused", "waiting", ... : the verdict's first word. */
const char *inbox_state_word(inbox_state s);

#endif
