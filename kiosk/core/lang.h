/* lang.h - what the kiosk knows of a language by its code: its name in
 * its own words and script (for the language picker: "Polski", "العربية"),
 * whether it is written right to left, and the kiosk's own few words in
 * it ("Tap to read more", "Back", "Scan to read this at home"). A code
 * it does not know is shown as the code, left to right, with the words in
 * English.
 *
 * The kiosk's words in languages other than English were written for the
 * kiosk, not by native speakers: LANG_WORDS_REVIEWED says which have been
 * checked (none yet), and the README lists them for review.
 *
 * Pure C, no SDL; a table and lookups. */
#ifndef KIOSK_LANG_H
#define KIOSK_LANG_H

#include <stdbool.h>

typedef enum {
    LANG_WORD_MORE,      /* the page's button: "Tap to read more" */
    LANG_WORD_BACK,      /* the detail view's button: "Back" */
    LANG_WORD_CHOOSE,    /* the picker's heading: "Choose your language" */
    LANG_WORD_SCAN,      /* over the detail's QR code: "Scan to read this at home" */
    LANG_WORD_STILL_READING, /* before the idle return closes a detail: "Still reading?" */
    LANG_WORD_STAY,      /* ... and its button: "Tap to stay" */
    LANG_WORD_COUNT
} lang_word_id;

/* The language's own name ("Polski"), or the code itself when unknown.
 * Codes are matched without case, and "pt-br" falls back to "pt". */
const char *lang_name(const char *code);
/* Written right to left (Arabic, Urdu, Persian, Hebrew, Pashto...). */
bool lang_rtl(const char *code);
/* The kiosk's word in that language, or in English. */
const char *lang_word(const char *code, lang_word_id w);

#endif
