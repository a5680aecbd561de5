/* test_touchmap.c - touches land on the right spot at every rotation. */
#include "check.h"
#include "touchmap.h"

/* Where a logical point appears on the physical screen (0..1) when the
 * picture is turned clockwise by rotation: the inverse of touchmap. */
static void forward(int rotation, float x, float y, int lw, int lh, float *nx, float *ny) {
    switch (rotation) {
    case 90: *nx = 1 - y / lh; *ny = x / lw; break;
    case 180: *nx = 1 - x / lw; *ny = 1 - y / lh; break;
    case 270: *nx = y / lh; *ny = 1 - x / lw; break;
    default: *nx = x / lw; *ny = y / lh; break;
    }
}

int main(void) {
    int lw, lh;
    touchmap_logical_size(90, 1280, 720, &lw, &lh); /* Touch Display 2 turned */
    CHECK_INT(lw, 720);
    CHECK_INT(lh, 1280);
    touchmap_logical_size(180, 800, 480, &lw, &lh);
    CHECK_INT(lw, 800);
    CHECK_INT(lh, 480);

    float x, y;
    /* 90 clockwise: the picture's top-left is at the screen's top-right. */
    touchmap_to_logical(90, 1.0f, 0.0f, 720, 1280, &x, &y);
    CHECK_INT((int)x, 0);
    CHECK_INT((int)y, 0);
    /* 180: top-left of the screen is the picture's bottom-right. */
    touchmap_to_logical(180, 0.0f, 0.0f, 800, 480, &x, &y);
    CHECK_INT((int)x, 800);
    CHECK_INT((int)y, 480);
    /* 270: the picture's top-left is at the screen's bottom-left. */
    touchmap_to_logical(270, 0.0f, 1.0f, 720, 1280, &x, &y);
    CHECK_INT((int)x, 0);
    CHECK_INT((int)y, 0);
    /* 0: plain scaling. */
    touchmap_to_logical(0, 0.5f, 0.25f, 800, 480, &x, &y);
    CHECK_INT((int)x, 400);
    CHECK_INT((int)y, 120);

    /* Every rotation: a grid of points goes there and back unchanged. */
    static const int rotations[] = {0, 90, 180, 270};
    int bad = 0;
    for (int r = 0; r < 4; r++) {
        int rot = rotations[r];
        touchmap_logical_size(rot, 800, 480, &lw, &lh);
        for (int gx = 0; gx <= 10; gx++)
            for (int gy = 0; gy <= 10; gy++) {
                float px = lw * gx / 10.0f, py = lh * gy / 10.0f, nx, ny;
                forward(rot, px, py, lw, lh, &nx, &ny);
                touchmap_to_logical(rot, nx, ny, lw, lh, &x, &y);
                if (x < px - 0.01f || x > px + 0.01f || y < py - 0.01f || y > py + 0.01f) bad++;
            }
    }
    CHECK_INT(bad, 0);
    return check_summary();
}
