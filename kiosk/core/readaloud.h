/* readaloud.h - what the kiosk reads aloud, and the speaker button's
 * state. A page view is read as its title, its short text and the
 * description of its picture (the page's "alt:"); a detail view as its
 * title and its longer text. Each block ends as a sentence does, so that
 * a heading or a list item is not run into the next.
 *
 * The state is the visitor's: a tap on the speaker starts the reading,
 * the next pauses it, the next goes on, and once it has ended a tap reads
 * it again. A touch anywhere else, another page, the staff screen or
 * attract mode stop it. The shell plays what this says (speech.h).
 *
 * Pure C, no SDL, no audio, no clock. */
#ifndef KIOSK_READALOUD_H
#define KIOSK_READALOUD_H

#include <stdbool.h>

#include "content.h"

/* The most text read aloud at once: a page's text is at most
 * CONTENT_MAX_PAGE_BYTES, with a title and a picture's description. */
#define READALOUD_MAX_BYTES (CONTENT_MAX_PAGE_BYTES + 2 * CONTENT_MAX_FIELD_BYTES)

typedef enum { READALOUD_IDLE, READALOUD_SPEAKING, READALOUD_PAUSED } readaloud_state;

typedef struct {
    readaloud_state state;
    unsigned serial;     /* a new reading each time one starts */
    int page;            /* what is read: the page, and its detail view or not */
    bool detail;
} readaloud;

/* The words read for page's text text_index, its detail view or its page
 * view: UTF-8, at most READALOUD_MAX_BYTES. Caller frees; NULL when out of
 * memory. */
char *readaloud_script(const content_page *page, int text_index, bool detail);

/* A tap on the speaker of the view showing (page, detail). */
void readaloud_tap(readaloud *r, int page, bool detail);
/* Stops it (a touch elsewhere, another page...). Returns true when it was
 * speaking or paused. */
bool readaloud_stop(readaloud *r);
/* The shell has played reading serial to its end. Returns true when that
 * ended what was on (the button shows the speaker again). */
bool readaloud_ended(readaloud *r, unsigned serial);
bool readaloud_active(const readaloud *r);

#endif
