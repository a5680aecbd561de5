/* touch.h - a finger on the screen, for tests and benchmarks that drive
 * the real loop: SDL_FINGERDOWN, MOTION or UP pushed as a touchscreen
 * sends it (coordinates from 0 to 1, window 0, a touch id that is not
 * SDL's mouse). One copy for test_scenario, test_soak, test_picture_queue
 * and bench_frames. */
#ifndef KIOSK_TESTS_TOUCH_H
#define KIOSK_TESTS_TOUCH_H

#include <SDL.h>
#include <stdint.h>

static inline void touch_push(Uint32 type, int64_t touch, int64_t finger, float x, float y) {
    SDL_Event e;
    SDL_zero(e);
    e.type = type;
    e.tfinger.touchId = touch;
    e.tfinger.fingerId = finger;
    e.tfinger.x = x;
    e.tfinger.y = y;
    e.tfinger.pressure = 1;
    e.tfinger.windowID = 0;
    SDL_PushEvent(&e);
}

#endif
