/* shell_staff.h - the shell's side of the staff screen (staff.h): it
 * watches the media folder for a USB stick (usbwatch.c), judges the
 * stick's content on a worker thread (media.c), and does what the staff
 * screen asks: checks the PIN, installs (import.c, on the worker thread
 * with a progress bar), saves the visit report onto the stick, rolls
 * back, restarts. After an install or a roll back it loads the new
 * content and the pages start again from the first. */
#ifndef KIOSK_SHELL_STAFF_H
#define KIOSK_SHELL_STAFF_H

#include <SDL.h>
#include <stdbool.h>

struct shell;
typedef struct shell_staff shell_staff;

typedef struct {
    const char *data_dir;          /* NULL: no staff screen work (no PIN, no installs) */
    const char *media_dir;         /* watched for sticks; NULL or "": not watched */
    const char *trusted_keys;      /* signed content from these installs without the PIN */
    const char *own_content;       /* what the kiosk shows with nothing installed */
    const char *kiosk_name;        /* on reports */
    int max_side;                  /* pictures are scaled to fit this on install */
} shell_staff_options;

/* Starts the watcher. Never fails the kiosk: a watcher that cannot start
 * is logged, and the corner still opens the staff menu. */
shell_staff *shell_staff_open(struct shell *sh, const shell_staff_options *o);
void shell_staff_close(shell_staff *w);

/* An SDL event that belongs to the staff work (a stick, a job): handled,
 * returns true. */
bool shell_staff_event(struct shell *sh, const SDL_Event *e);
/* Does what the staff screen asked. Slow steps (the PIN check, writing
 * the report) are done after the next frame, so "Checking..." shows
 * first: call shell_staff_after_present() after each present. */
void shell_staff_actions(struct shell *sh);
void shell_staff_after_present(struct shell *sh);
/* The staff screen asked for a restart (main.c restarts the program). */
bool shell_staff_restart(const shell_staff *w);

#endif
