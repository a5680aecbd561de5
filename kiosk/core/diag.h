/* diag.h - a list of problems found in outside input (content, config).
 *
 * Each problem names a file, a line and what to fix, in the form that
 * `kiosk check` prints: "file:line: error: message". Pure C, no SDL.
 * A note is neither: something staff should know that needs no fix
 * before the folder is shown (e.g. translations awaiting review); it is
 * counted apart, so a folder with notes still checks clean.
 * The list owns its strings; diag_list_release() frees them. */
#ifndef KIOSK_DIAG_H
#define KIOSK_DIAG_H

#include <stddef.h>
#include <stdio.h>

typedef enum { DIAG_WARNING, DIAG_ERROR, DIAG_NOTE } diag_severity;

typedef struct {
    diag_severity severity;
    char *file;    /* path as the user should see it, never NULL */
    int line;      /* 1-based; 0 when the problem is about the whole file */
    char *message;
} diag;

typedef struct {
    diag *items;
    int count;
    int capacity;
    int errors;
    int warnings;
    int notes;     /* DIAG_NOTE: neither an error nor a warning */
} diag_list;

void diag_list_init(diag_list *list);
void diag_list_release(diag_list *list);

/* Adds a problem; printf-style message. Never fails: on out-of-memory
 * the problem is counted but its text is dropped. */
void diag_add(diag_list *list, diag_severity severity, const char *file,
              int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Formats one problem as "file:line: error: message" (or warning:,
 * note:) into buf. */
void diag_format(const diag *d, char *buf, size_t size);

/* Prints every problem, one a line, each after prefix (may be ""). */
void diag_list_print(const diag_list *list, FILE *out, const char *prefix);

#endif
