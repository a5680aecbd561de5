/* fuzz_manifest.c - libFuzzer target: a signed content manifest
 * (kiosk-manifest.txt, from a USB stick) through sign_manifest_parse, the
 * parser sign_verify uses. What it accepts must be exactly what kiosk sign
 * writes (written back here and compared); what it refuses must say why;
 * the signed part must lie inside the bytes (the signature is checked over
 * it, as sign_verify does). Both formats: 1 (no version line) and 2. */
#include <sodium.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sign.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile int signatures_ok; /* the result is not used; the reads are */

/* Appends "prefix HEX" + '\n' of n bytes to out at *at (out is big enough). */
static void put_hex(char *out, size_t *at, const char *prefix, const unsigned char *bytes,
                    size_t n) {
    size_t pl = strlen(prefix);
    memcpy(out + *at, prefix, pl);
    *at += pl;
    sodium_bin2hex(out + *at, 2 * n + 1, bytes, n);
    *at += 2 * n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static bool ready;
    if (!ready) {
        if (sodium_init() < 0) abort();
        ready = true;
    }
    if (size > SIGN_MANIFEST_MAX) return 0; /* sign_verify refuses these unread */
    diag_list diags;
    diag_list_init(&diags);
    sign_manifest m;
    int rc = sign_manifest_parse((const char *)data, size, "kiosk-manifest.txt", &m, &diags);
    for (int i = 0; i < diags.count; i++) {
        char line[1400];
        diag_format(&diags.items[i], line, sizeof line);
    }
    if (rc != 0 && diags.errors == 0) abort(); /* refused without a reason */
    if (rc == 0 && diags.errors != 0) abort(); /* accepted despite a problem */
    if (rc == 0 && !m.framed) abort();
    if (m.framed && m.format != 1 && m.format != 2) abort();
    if (m.format == 1 && m.version != 0) abort();
    if (m.framed) {
        if (m.signed_len == 0 || m.signed_len >= size || data[m.signed_len - 1] != '\n') abort();
        /* As sign_verify does: ASan sees any read past the bytes. */
        signatures_ok += crypto_sign_verify_detached(m.signature, data, m.signed_len, m.key) == 0;
    }
    if (rc == 0) {
        if (m.entry_count < 1 || m.entry_count > SIGN_FILES_MAX) abort();
        /* Written back as kiosk sign writes it, it is the same text (hex
         * digits may differ in case). */
        size_t cap = 128 + 32 + 2 * SIGN_SIGNATURE_BYTES +
                     (size_t)m.entry_count * (8 + 2 * SIGN_HASH_BYTES + SIGN_PATH_MAX + 2);
        char *back = malloc(cap);
        if (!back) abort();
        size_t at = 0;
        memcpy(back, m.format == 2 ? "kiosk-manifest 2\n" : "kiosk-manifest 1\n", 17);
        at = 17;
        put_hex(back, &at, "key ", m.key, sizeof m.key);
        back[at++] = '\n';
        if (m.format == 2)
            at += (size_t)snprintf(back + at, cap - at, "version %0*llu\n", SIGN_VERSION_DIGITS,
                                   m.version);
        for (int i = 0; i < m.entry_count; i++) {
            const sign_entry *e = &m.entries[i];
            size_t pl = strnlen(e->path, SIGN_PATH_MAX);
            if (pl == 0 || pl == SIGN_PATH_MAX || memchr(e->path, '\n', pl)) abort();
            if (i > 0 && e->line <= m.entries[i - 1].line) abort();
            put_hex(back, &at, "sha256 ", e->hash, sizeof e->hash);
            back[at++] = ' ';
            memcpy(back + at, e->path, pl);
            at += pl;
            back[at++] = '\n';
        }
        if (at != m.signed_len) abort();
        put_hex(back, &at, "signature ", m.signature, sizeof m.signature);
        back[at++] = '\n';
        bool final_newline = data[size - 1] == '\n';
        if (at - (final_newline ? 0 : 1) != size ||
            strncasecmp(back, (const char *)data, size) != 0)
            abort();
        free(back);
    }
    sign_manifest_release(&m);
    diag_list_release(&diags);
    return 0;
}
