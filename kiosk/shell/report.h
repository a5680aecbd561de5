/* report.h - the page-view report as one PNG, for a clinic manager to
 * read at a glance or print: A4 landscape at 200 dpi, white, the totals,
 * a bar chart of each page's views and a line chart of visits per day.
 *
 * Shell side: drawn with SDL's software renderer on a surface (no window,
 * no display, as `kiosk render` draws), text with fonts.c, saved with
 * SDL_image. The sums come from stats_csv.c (stats_summary). Needs no
 * SDL_Init; starts and stops SDL_ttf itself (TTF_Init counts its users). */
#ifndef KIOSK_REPORT_H
#define KIOSK_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "counts.h"
#include "theme.h"

#define REPORT_WIDTH 2339   /* A4 landscape, 297 x 210 mm at 200 dpi */
#define REPORT_HEIGHT 1654

/* Writes the report of b for the days from..to (inclusive, "YYYY-MM-DD";
 * NULL for an open end: the first or last day with counts) to path.
 * kiosk_name goes in the title ("Page views: Reception"). Colours: white
 * paper, t's text colours, t's accent for the bars and the line. With
 * nothing counted in the period it says so instead of drawing empty
 * charts. Returns 0, or -1 with a message in err. */
int report_write_png(const char *path, const char *kiosk_name, const char *from, const char *to,
                     const counts_batch *b, const theme *t, char *err, size_t errsize);

/* The same into out, a stream open for writing (left open, not flushed
 * to the disk); shown names it in messages. report_export_files uses it
 * for a file it made with safe_create_at (never one a link led to). */
int report_write_png_file(FILE *out, const char *shown, const char *kiosk_name, const char *from,
                          const char *to, const counts_batch *b, const theme *t, char *err,
                          size_t errsize);

#endif
