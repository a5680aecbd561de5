/* rastercache.h - rasterised pictures kept on disk (DATA/cache/pictures),
 * so that an SVG is drawn once for this screen, not at every start and
 * page turn. An entry is keyed on a hash of the picture file's bytes
 * (BLAKE2b, 128 bits) and the size drawn; a changed picture or another
 * size is another entry. One entry is one file, "KEY-WxH.argb": a 40-byte
 * header (magic, w, h, key, a checksum of the pixels) then w x h ARGB8888
 * pixels, row after row, in this machine's byte order. Raw, not PNG: it
 * is loaded by one read and a checksum (no inflate, no decoder to trust),
 * and checked strictly: a file of the wrong length, magic, size, key or
 * checksum is removed and reported as missing, so that it is made again,
 * never shown. Written with files_write_atomic (a power cut leaves none or
 * all of it). The folder is kept under a bound in bytes: the entries used
 * least recently (their modification time, renewed at each use) go first.
 * Pure C (libc, libsodium); no SDL, no clock of its own. */
#ifndef KIOSK_RASTERCACHE_H
#define KIOSK_RASTERCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RASTERCACHE_KEY_BYTES 16
#define RASTERCACHE_HEADER_BYTES 40
/* The folder's bound: a 1920x1080 picture is 8.3 MB, so about seven
 * full-screen pictures, or dozens of the size pages show them at. */
#define RASTERCACHE_BOUND_BYTES (64u * 1024u * 1024u)
/* Pictures larger than this are not hashed (nor cached). */
#define RASTERCACHE_MAX_SOURCE_BYTES (32u * 1024u * 1024u)

typedef struct {
    unsigned char bytes[RASTERCACHE_KEY_BYTES];
} rastercache_key;

/* The key of the file at path: a hash of its bytes (read through
 * safe_open: a link, pipe or device is refused). 0, or -1 with err. */
int rastercache_key_of_file(const char *path, rastercache_key *key, char *err, size_t errsize);

/* out = dir/KEY-WxH.argb. false when it does not fit. */
bool rastercache_entry_path(char *out, size_t size, const char *dir, const rastercache_key *key,
                           int w, int h);

/* Fills pixels (w x h ARGB8888, pitch bytes a row) from the entry of key
 * at w x h in dir, and renews its time of use. Returns 0; 1 when there is
 * none; -1 when it was damaged (then it has been removed, and err says
 * what was wrong). */
int rastercache_load(const char *dir, const rastercache_key *key, int w, int h, uint32_t *pixels,
                     size_t pitch, char *err, size_t errsize);

/* Writes the entry of key at w x h (pixels as above) into dir (made if
 * missing), atomically, then keeps dir within bound bytes (rastercache_trim).
 * An entry larger than bound is not written. 0, or -1 with err. */
int rastercache_store(const char *dir, const rastercache_key *key, int w, int h,
                      const uint32_t *pixels, size_t pitch, size_t bound, char *err,
                      size_t errsize);

/* Removes the entries of dir used least recently until the rest take at
 * most bound bytes, and any file there that is not an entry (a temporary
 * file a power cut left). Returns how many files it removed. */
int rastercache_trim(const char *dir, size_t bound);

#endif
