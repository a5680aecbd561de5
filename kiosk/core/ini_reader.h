/* ini_reader.h - feeds a text buffer to inih line by line and keeps the
 * line number, so handlers can report "file:line". Pure C, no SDL.
 *
 * inih (Debian libinih) is built without INI_HANDLER_LINENO; its stream
 * reader interface gives us the line numbers instead. */
#ifndef KIOSK_INI_READER_H
#define KIOSK_INI_READER_H

#include <stddef.h>

typedef struct {
    const char *text; /* not owned */
    size_t len;
    size_t pos;
    int line;         /* line most recently handed to inih, 1-based */
    int too_long_line; /* first line longer than inih's buffer, or 0 */
} ini_reader_state;

/* Parses text (BOM and CRLF allowed) with inih. While the handler runs,
 * state->line is the line it is called for. Returns inih's result: 0, or
 * the first line that is not a section or name = value. */
typedef int (*ini_reader_handler)(void *user, const char *section,
                                  const char *name, const char *value);
int ini_reader_parse(ini_reader_state *state, const char *text, size_t len,
                     ini_reader_handler handler, void *user);

#endif
