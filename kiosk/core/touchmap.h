/* touchmap.h - maps a touch on the physical screen to the kiosk's logical
 * (unrotated) picture, for rotation 0/90/180/270 clockwise. The shell
 * rotates the picture by the same angle (SDL_RenderCopyEx), so this one
 * pure function keeps touch and picture in step. Pure C, no SDL. */
#ifndef KIOSK_TOUCHMAP_H
#define KIOSK_TOUCHMAP_H

/* nx, ny: the touch in 0..1 of the physical screen. lw, lh: the logical
 * picture's size. Writes logical pixel coordinates. */
void touchmap_to_logical(int rotation, float nx, float ny, int lw, int lh, float *x, float *y);

/* The logical size for a physical screen w x h at this rotation. */
void touchmap_logical_size(int rotation, int w, int h, int *lw, int *lh);

#endif
