/* diag.c - the list of problems found in outside input. See diag.h. */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void diag_list_init(diag_list *list) { memset(list, 0, sizeof *list); }

void diag_list_release(diag_list *list) {
    for (int i = 0; i < list->count; i++) {
        free(list->items[i].file);
        free(list->items[i].message);
    }
    free(list->items);
    memset(list, 0, sizeof *list);
}

void diag_add(diag_list *list, diag_severity severity, const char *file,
              int line, const char *fmt, ...) {
    if (severity == DIAG_ERROR) list->errors++;
    else if (severity == DIAG_NOTE) list->notes++;
    else list->warnings++;

    if (list->count == list->capacity) {
        int capacity = list->capacity ? list->capacity * 2 : 16;
        diag *items = realloc(list->items, (size_t)capacity * sizeof *items);
        if (!items) return;
        list->items = items;
        list->capacity = capacity;
    }
    char message[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);

    diag *d = &list->items[list->count];
    d->severity = severity;
    d->file = strdup(file ? file : "?");
    d->line = line;
    d->message = strdup(message);
    if (!d->file || !d->message) {
        free(d->file);
        free(d->message);
        return;
    }
    list->count++;
}

void diag_format(const diag *d, char *buf, size_t size) {
    const char *kind = d->severity == DIAG_ERROR  ? "error"
                       : d->severity == DIAG_NOTE ? "note"
                                                  : "warning";
    if (d->line > 0)
        snprintf(buf, size, "%s:%d: %s: %s", d->file, d->line, kind, d->message);
    else
        snprintf(buf, size, "%s: %s: %s", d->file, kind, d->message);
}

void diag_list_print(const diag_list *list, FILE *out, const char *prefix) {
    char line[1400];
    for (int i = 0; i < list->count; i++) {
        diag_format(&list->items[i], line, sizeof line);
        fprintf(out, "%s%s\n", prefix, line);
    }
}
