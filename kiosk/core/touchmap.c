/* touchmap.c - physical touch to logical picture. See touchmap.h. */
#include "touchmap.h"

void touchmap_to_logical(int rotation, float nx, float ny, int lw, int lh, float *x, float *y) {
    switch (rotation) {
    case 90: *x = ny * lw; *y = (1 - nx) * lh; break;
    case 180: *x = (1 - nx) * lw; *y = (1 - ny) * lh; break;
    case 270: *x = (1 - ny) * lw; *y = nx * lh; break;
    default: *x = nx * lw; *y = ny * lh; break;
    }
}

void touchmap_logical_size(int rotation, int w, int h, int *lw, int *lh) {
    if (rotation == 90 || rotation == 270) { *lw = h; *lh = w; }
    else { *lw = w; *lh = h; }
}
