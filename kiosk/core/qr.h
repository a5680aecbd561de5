/* qr.h - a page's web address as a QR code that families scan with a
 * phone to read the page at home: the address checked (http or https,
 * short enough to scan from the waiting room), then turned into a square
 * of dark and light modules with libqrencode. Also the module's size on
 * a screen, in whole pixels.
 *
 * Pure C, no SDL, no clock, no files: text in, a matrix out. Drawing it
 * is the shell's (drawer.c); placing it is the layout's (layout.c). */
#ifndef KIOSK_QR_H
#define KIOSK_QR_H

#include <stdbool.h>
#include <stddef.h>

/* A module (the code's square dot) about 1.5 mm wide. Families scan it
 * from about 40 cm. A phone's scanner works on the camera's preview, some
 * 1280 to 1920 pixels across; at 40 cm its main camera (about 70 degrees)
 * sees some 560 mm, so 2.3 to 3.4 preview pixels fall on a millimetre.
 * Decoders want 3 or more pixels a module, and more through glossy glass
 * and the screen's own pixel grid: 1.5 mm gives 3.4 to 5. It also keeps
 * the printers' rule that a code be at least a tenth of the distance wide
 * (a 25-module code is 37.5 mm). In whole pixels, the nearest (a code
 * drawn scaled would blur): 8 px (1.52 mm) on the official 7" panel
 * (800x480, 5.25 px/mm), 10 px (1.50 mm) at 1024x600 and 13 px (1.53 mm)
 * at 1280x800 on 7". */
#define QR_MODULE_MM 1.5
/* The light margin around the code, in modules (the standard's 4). */
#define QR_QUIET_MODULES 4
/* The largest code: version 5, 37 modules a side (45 with the margin,
 * 360 px on the 7" panel, where the detail's text box is 402 px tall), at
 * error correction level M (15% may be unreadable: glare on the glass). */
#define QR_MAX_VERSION 5
/* The longest address version 5-M holds (84 bytes as 8-bit data). */
#define QR_MAX_LINK_BYTES 84
/* Colours, whatever the theme: the darkest dark on white, as scanners
 * expect (never light on dark). */
#define QR_DARK 0x000000u
#define QR_LIGHT 0xFFFFFFu

typedef struct {
    int size;              /* modules a side, without the quiet zone; 0: none */
    unsigned char *dark;   /* size * size bytes, row by row: 1 dark, 0 light */
} qr_code;

/* Whole pixels a module on a screen of px_per_mm: QR_MODULE_MM rounded
 * to the nearest pixel, at least 2. */
int qr_module_px(double px_per_mm);

/* Why the address cannot be a code families can scan, for a person to
 * fix ("..., so ..."), or NULL when it can. */
const char *qr_link_problem(const char *link, char *why, size_t whysize);

/* Encodes the address (qr_link_problem must find none). Returns 0, or -1
 * (too long, out of memory) with *code empty. */
int qr_encode(const char *link, qr_code *code);
void qr_release(qr_code *code);

#endif
