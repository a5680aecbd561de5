/* import.h - installs a content folder as the kiosk's content, all or
 * nothing, so that a stick pulled out, a full disk or a power cut at any
 * moment leaves either the complete old content or the complete new one:
 *
 *   DATA/content/staging-XXXXXX/   the copy being made (removed if left over)
 *   DATA/content/v-20261123-101500/ installed versions
 *   DATA/content/current -> v-...   what the kiosk shows (renamed over)
 *   DATA/content/previous -> v-...  what "roll back" goes back to
 *
 * The copy is checked with the same code as `kiosk check` (content.c),
 * every file and folder is fsynced, then a new symlink is renamed over
 * `current`. Only the files the pages use are copied. Pure C (libc,
 * libsodium for SHA-256); the picture scaler is a callback (the shell
 * uses SDL_image). */
#ifndef KIOSK_IMPORT_H
#define KIOSK_IMPORT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "content.h"
#include "diag.h"
#include "sign.h"

#define IMPORT_MAX_BYTES (512L * 1024 * 1024) /* installed content larger than this is refused */
#define IMPORT_MAX_SIDE 1920 /* pictures are scaled to fit this, the largest screen */
#define IMPORT_NEEDS_PIN (-2)  /* import_install: refused only because the staff PIN is needed */
/* DATA/signed-version: the highest manifest version (sign.h) installed,
 * one line of digits. It never goes down (not by roll back either). */
#define IMPORT_SIGNED_VERSION_FILE "signed-version"
/* In each installed version folder: the fingerprint of the source it was
 * copied from (import_fingerprint), one line of hex. */
#define IMPORT_SOURCE_FILE ".kiosk-source"
#define IMPORT_FINGERPRINT_LEN 65 /* 64 hex digits and the end of the string */

/* Writes the picture src to dst as the kiosk will show it, through the
 * picture gate (time- and memory-limited): a PNG or JPEG decoded and
 * written again (a plain PNG, or a baseline JPEG), scaled so that its
 * longer side is at most max_side and turned upright; an SVG drawn once to
 * prove it can be, then given dst's name too (a hard link: src is import's
 * own staged copy, beside dst, removed after). Returns 0, or -1 with a
 * reason for staff in err. */
typedef int (*import_picture_fn)(void *ctx, const char *src, const char *dst, int max_side,
                                 char *err, size_t errsize);
typedef void (*import_progress_fn)(void *ctx, long long done_bytes, long long total_bytes);
/* Plays the recording at path (import's own copy) to its end, silently,
 * to prove the kiosk can play it. Returns 0, or -1 with a reason for
 * staff in err. */
typedef int (*import_recording_fn)(void *ctx, const char *path, char *err, size_t errsize);

typedef struct {
    int max_side;                /* pictures larger than this are scaled down */
    import_picture_fn picture;   /* every picture is written through it; NULL: pictures are
                                    copied as they are (tests of the core only) */
    import_recording_fn recording; /* every recording is checked through it once copied;
                                    NULL: not checked (tests of the core only) */
    import_progress_fn progress; /* may be NULL */
    void *ctx;
    const char *trusted_keys;    /* public keys for signed content; NULL: none */
    sign_status *signature;      /* out, may be NULL: none, valid or bad */
    time_t now;                  /* the wall clock, for the version's name
                                    ("v-20261202-093000"); the core never reads it */
    bool without_pin;            /* no staff PIN was given: install only content signed by
                                    a trusted key whose copy verifies, and whose version is
                                    newer than IMPORT_SIGNED_VERSION_FILE's; anything else
                                    returns IMPORT_NEEDS_PIN before the switch */
} import_options;

/* What installing c (loaded from src_dir) writes: content.ini, every page
 * file, and each picture once, a PNG or JPEG as it will be once scaled to
 * max_side (at the original's bytes per pixel; 0: the originals' sizes).
 * Returns the bytes; *pictures (may be NULL) gets how many different
 * pictures. */
long long import_measure(const content *c, const char *src_dir, int max_side, int *pictures);
/* True when bytes can be installed; otherwise false, with an error on
 * src_dir in diags that says the size and what to do. */
bool import_fits(long long bytes, const char *src_dir, diag_list *diags);

/* Installs src_dir. A folder with a kiosk-manifest.txt must verify
 * (sign.h): a bad signature or key, an added or missing file, or a
 * changed file that is installed refuses it.
 * The stick is read once: each file is hashed as it is copied into the
 * staging folder, and the copy is what is compared with the manifest (a
 * file swapped on the stick after the manifest was read is refused).
 * Returns 0 when the new content is active; -1 when it was refused or
 * failed (diags say why, naming files and lines); IMPORT_NEEDS_PIN when
 * o->without_pin and the content is not signed, or its signed copy did
 * not verify, or it is not newer than the signed content installed
 * before. Unless 0, the active content is exactly as it was. */
int import_install(const char *src_dir, const char *data_dir, const import_options *o,
                   diag_list *diags);

/* An install in two steps, for a preview (the staff screen shows the
 * copy before it is active): import_stage does everything import_install
 * does before the switch (the checks, the signed copy, pictures written
 * again, the copy checked as the kiosk will load it) into
 * DATA/content/staging-XXXXXX, and stops. Nothing active changes; a
 * staging folder left by a power cut is removed as any staging folder is
 * (by the next install or roll back). import_activate then switches to
 * exactly that folder (the same bytes), after the same rules as
 * import_install (o->without_pin, the signed version), or import_discard
 * removes it. import_install is import_stage then import_activate. */
typedef struct {
    char dir[PATH_MAX];              /* the staging folder; "" when none (activated or removed) */
    sign_status signature;       /* SIGN_VALID: the copy is what a trusted key signed */
    unsigned long long version;  /* its manifest's version (signed content only) */
    int lock;                    /* holds dir (flock) while the copy lives, so that another
                                    install's tidying leaves it; -1: none. Closed by
                                    import_activate and import_discard: a copy of this struct
                                    whose dir is cleared by hand must not close it */
} import_staged;

/* Returns 0 and fills out; -1 or IMPORT_NEEDS_PIN as import_install (no
 * folder is left then). */
int import_stage(const char *src_dir, const char *data_dir, const import_options *o,
                 import_staged *out, diag_list *diags);
/* Makes st's copy the active content (o: now names the version;
 * without_pin and trusted keys as import_install; the picture and
 * progress callbacks are not used). Returns 0; -1 or IMPORT_NEEDS_PIN,
 * with the copy removed and the active content exactly as it was. */
int import_activate(import_staged *st, const char *data_dir, const import_options *o,
                    diag_list *diags);
/* Removes st's copy (nothing when it is gone or was activated). */
void import_discard(import_staged *st);

/* Copies the regular file src, below src_dir, to the new file dst (never
 * replaced: O_EXCL), fsyncing the copy; *done grows by the bytes copied
 * and hash gets the SHA-256 of exactly the bytes written. src is opened
 * with safe_open_below: no link on the way is followed, and a pipe,
 * device or second name of a file is refused unread. dst NULL: only
 * hashes src. Returns 0, or -1 with "cannot read/write FILE: reason" in
 * err and errno kept from the failing call (ENOSPC: the disk is full).
 * Used by install and by stick_copy.c. */
int import_copy_file(const char *src_dir, const char *src, const char *dst, long long *done,
                     unsigned char hash[SIGN_HASH_BYTES], char *err, size_t errsize);

/* The version in DATA/signed-version: true and *version when there is
 * one; false when no signed content was installed (or it is unreadable). */
bool import_signed_version(const char *data_dir, unsigned long long *version);

/* Makes the previous content active again (and the current one previous).
 * Before any install the kiosk shows its own pages (no `current`); they
 * count as a version here: after the first install, roll back goes back
 * to them, and forward again. Returns 0, or -1 when there is nothing to
 * go back to. */
int import_rollback(const char *data_dir, diag_list *diags);

/* The active installed content folder, if any: fills out and returns true. */
bool import_current(const char *data_dir, char *out, size_t size);

/* The fingerprint of the content folder src_dir as install would copy it:
 * the SHA-256 over the names and SHA-256s of the files it copies
 * (content.ini, the page files, each picture once), as they are on
 * src_dir, before any picture is scaled. import_install keeps the one of
 * what it read in the new version (IMPORT_SOURCE_FILE). Reads every one
 * of those files once. Returns 0 and fills out (64 hex digits), or -1
 * when the folder does not load or a file cannot be read (diags say). */
int import_fingerprint(const char *src_dir, char out[IMPORT_FINGERPRINT_LEN], diag_list *diags);
/* Is fingerprint that of the content installed and active now? False
 * when nothing is installed, or it was installed before fingerprints were
 * kept. Reads one small file. */
bool import_is_current(const char *data_dir, const char *fingerprint);
/* The installed folder roll back goes to, if any (else roll back goes to
 * the kiosk's own pages, when something is installed). */
bool import_previous(const char *data_dir, char *out, size_t size);
bool import_can_roll_back(const char *data_dir);
/* "the content installed 23 Nov 2026 at 10:15" for a version folder (v-20261123-101500),
 * "the kiosk's own pages" for NULL or anything else. */
void import_describe(const char *version_dir, char *out, size_t size);

#endif
