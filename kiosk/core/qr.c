/* qr.c - web addresses as QR codes (libqrencode). See qr.h. */
#include "qr.h"

#include <math.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int qr_module_px(double px_per_mm) {
    int px = (int)lround(QR_MODULE_MM * (px_per_mm > 0 ? px_per_mm : 5.0));
    return px < 2 ? 2 : px;
}

const char *qr_link_problem(const char *link, char *why, size_t whysize) {
    size_t n = strlen(link);
    size_t scheme = strncasecmp(link, "https://", 8) == 0 ? 8
                    : strncasecmp(link, "http://", 7) == 0 ? 7 : 0;
    if (scheme == 0) {
        snprintf(why, whysize,
                 "\"%.60s\" is not a web address: a phone opens a QR code's address only when it "
                 "starts with https:// (or http://), so write it in full, as the browser shows it",
                 link);
        return why;
    }
    if (n == scheme || link[scheme] == '/') {
        snprintf(why, whysize, "\"%.60s\" has no site after %.*s; write the whole address", link,
                 (int)scheme, link);
        return why;
    }
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)link[i] <= ' ' || link[i] == 0x7F) {
            snprintf(why, whysize,
                     "the address has a space in it, and a phone would open only the part before "
                     "it; write a space as %%20, or copy the address from the browser");
            return why;
        }
    qr_code code;
    if (n > QR_MAX_LINK_BYTES || qr_encode(link, &code) != 0) {
        snprintf(why, whysize,
                 "the address is %zu characters long: its QR code would need modules too small to "
                 "scan from a chair, so the kiosk shows only the text; use an address of at most "
                 "%d characters (a shorter page address, or the site's short link)",
                 n, QR_MAX_LINK_BYTES);
        return why;
    }
    qr_release(&code);
    return NULL;
}

int qr_encode(const char *link, qr_code *code) {
    memset(code, 0, sizeof *code);
    if (strlen(link) > QR_MAX_LINK_BYTES) return -1;
    /* 8-bit data (libqrencode still packs runs of digits tighter), case kept. */
    QRcode *q = QRcode_encodeString(link, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!q) return -1;
    if (q->version > QR_MAX_VERSION || q->width <= 0) {
        QRcode_free(q);
        return -1;
    }
    size_t cells = (size_t)q->width * (size_t)q->width;
    code->dark = malloc(cells);
    if (!code->dark) {
        QRcode_free(q);
        return -1;
    }
    for (size_t i = 0; i < cells; i++) code->dark[i] = q->data[i] & 1; /* bit 0: dark */
    code->size = q->width;
    QRcode_free(q);
    return 0;
}

void qr_release(qr_code *code) {
    free(code->dark);
    memset(code, 0, sizeof *code);
}
