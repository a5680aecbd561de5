/* test_qr.c - web addresses as QR codes (qr.c): the module's size in whole
 * pixels on the kiosk's screens, which addresses make a code and which
 * are told what to fix, the code's size for short and the longest
 * addresses, and the finder patterns in the matrix's corners. */
#include <string.h>

#include "check.h"
#include "config.h"
#include "qr.h"

/* A finder pattern (7x7: dark ring, light ring, dark 3x3) at (x, y). */
static bool finder_at(const qr_code *c, int x, int y) {
    for (int r = 0; r < 7; r++)
        for (int k = 0; k < 7; k++) {
            int ring = r < k ? (r < 6 - k ? r : 6 - k) : (k < 6 - r ? k : 6 - r);
            bool dark = ring != 1;
            if ((c->dark[(y + r) * c->size + x + k] != 0) != dark) return false;
        }
    return true;
}

int main(void) {
    /* 1.5 mm in whole pixels, the nearest. */
    CHECK_INT(qr_module_px(config_px_per_mm(800, 480, 0)), 8);    /* 1.52 mm */
    CHECK_INT(qr_module_px(config_px_per_mm(1024, 600, 0)), 10);  /* 1.50 mm */
    CHECK_INT(qr_module_px(config_px_per_mm(1280, 800, 0)), 13);  /* 1.53 mm */
    CHECK_INT(qr_module_px(config_px_per_mm(720, 1280, 0)), 12);  /* 1.45 mm */
    CHECK_INT(qr_module_px(config_px_per_mm(1920, 1080, 0)), 6);  /* 1.49 mm, 21.5" */
    CHECK_INT(qr_module_px(0.5), 2);

    char why[400];
    CHECK(qr_link_problem("https://www.dorsetpip.org/", why, sizeof why) == NULL);
    CHECK(qr_link_problem("HTTP://example.org", why, sizeof why) == NULL);
    CHECK(qr_link_problem("www.dorsetpip.org", why, sizeof why) != NULL);
    CHECK(strstr(why, "is not a web address") && strstr(why, "https://"));
    CHECK(qr_link_problem("mailto:someone@example.org", why, sizeof why) != NULL);
    CHECK(qr_link_problem("https://", why, sizeof why) != NULL);
    CHECK(strstr(why, "has no site after https://") != NULL);
    CHECK(qr_link_problem("https://example.org/a page", why, sizeof why) != NULL);
    CHECK(strstr(why, "has a space in it") != NULL);

    /* The longest address: 84 bytes, version 5 (37 modules). */
    char longest[QR_MAX_LINK_BYTES + 2];
    memset(longest, 'a', sizeof longest);
    memcpy(longest, "https://example.org/", 20);
    longest[QR_MAX_LINK_BYTES] = '\0';
    CHECK(qr_link_problem(longest, why, sizeof why) == NULL);
    qr_code c;
    CHECK_INT(qr_encode(longest, &c), 0);
    CHECK_INT(c.size, 37);
    qr_release(&c);
    longest[QR_MAX_LINK_BYTES] = 'a';
    longest[QR_MAX_LINK_BYTES + 1] = '\0';
    CHECK(qr_link_problem(longest, why, sizeof why) != NULL);
    CHECK(strstr(why, "85 characters long") && strstr(why, "at most 84"));
    CHECK_INT(qr_encode(longest, &c), -1);
    CHECK(c.size == 0 && c.dark == NULL);

    /* DorPIP's address: version 2, 25 modules, finders in three corners. */
    CHECK_INT(qr_encode("https://www.dorsetpip.org/", &c), 0);
    CHECK_INT(c.size, 25);
    if (c.size == 25) {
        CHECK(finder_at(&c, 0, 0));
        CHECK(finder_at(&c, 18, 0));
        CHECK(finder_at(&c, 0, 18));
        CHECK(!finder_at(&c, 18, 18));
    }
    qr_release(&c);
    qr_release(&c); /* twice is harmless */
    return check_summary();
}
