/* usbwatch.h - notices a USB stick being mounted or removed under the
 * media folder, and tells the SDL event loop with one user event. Shell
 * side: a background thread (pthreads) sleeps in poll() on inotify (the
 * media folder and its direct subfolders) and /proc/self/mountinfo
 * (POLLPRI), so it wakes only when something changes. On a change it
 * waits for 300 ms of quiet, calls media_find (media.h), and pushes an
 * event only when the answer differs from the last one. SDL is used only
 * for SDL_PushEvent and SDL_Log.
 *
 * If the media folder does not exist, its parent is watched for it to
 * appear; if the parent is missing too, the folder is looked at every 2 s
 * (said once in the log). */
#ifndef KIOSK_USBWATCH_H
#define KIOSK_USBWATCH_H

#include <SDL.h>
#include <stddef.h>

#include "media.h"

/* event.user.code of the pushed event (event.type is the caller's). */
enum {
    USBWATCH_ARRIVED = 1, /* a stick with a kiosk folder is there (also at start, if one is
                             in already), or a different stick took the last one's place */
    USBWATCH_CHANGED = 2, /* the same stick, but its kiosk folders changed (e.g. kiosk-reports/
                             was made, or kiosk-content/ was copied onto it) */
    USBWATCH_REMOVED = 3, /* the stick went away, or no longer has a kiosk folder */
};

/* event.user.data1: ARRIVED and CHANGED: a media_stick* from malloc(); the
 * receiver owns it and must free() it. REMOVED: NULL. data2 is NULL.
 * (Events left in the queue at exit leak their copy: drain them.) */

typedef struct usbwatch usbwatch;

/* Starts watching media_dir. event_type comes from SDL_RegisterEvents(1)
 * (SDL must be initialised with at least SDL_INIT_EVENTS). Returns NULL
 * with the reason in err when the thread or the inotify instance cannot
 * be made. */
usbwatch *usbwatch_start(const char *media_dir, Uint32 event_type, char *err, size_t errsize);

/* Asks for a fresh look now (after the usual 300 ms of quiet); an event
 * follows only if the answer changed. Safe from any thread. */
void usbwatch_rescan(usbwatch *w);

/* Stops the thread, waits for it, and frees w. NULL is fine. Call it
 * before SDL_Quit(). */
void usbwatch_stop(usbwatch *w);

#endif
