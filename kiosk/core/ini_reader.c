/* ini_reader.c - inih over a memory buffer, counting lines. See ini_reader.h. */
#include "ini_reader.h"

#include <ini.h>
#include <stdbool.h>
#include <string.h>

static char *read_line(char *str, int num, void *stream) {
    ini_reader_state *s = stream;
    if (s->pos >= s->len || num < 2) return NULL;
    size_t n = 0;
    bool ended = false;
    while (s->pos < s->len && n + 1 < (size_t)num) {
        char c = s->text[s->pos++];
        if (c == '\0') c = ' '; /* a NUL would end the line early in inih */
        str[n++] = c;
        if (c == '\n') { ended = true; break; }
    }
    str[n] = '\0';
    s->line++;
    if (!ended && s->pos < s->len) {
        /* Longer than inih's line buffer: drop the rest and say so, rather
         * than let inih read the tail as a line of its own. */
        if (!s->too_long_line) s->too_long_line = s->line;
        while (s->pos < s->len && s->text[s->pos] != '\n') s->pos++;
        if (s->pos < s->len) s->pos++;
    }
    return str;
}

int ini_reader_parse(ini_reader_state *state, const char *text, size_t len,
                     ini_reader_handler handler, void *user) {
    state->text = text;
    state->len = len;
    state->pos = 0;
    state->line = 0;
    state->too_long_line = 0;
    return ini_parse_stream(read_line, state, handler, user);
}
