/* reading_prompt.h - "Still reading? Tap to stay": drawn over a detail
 * view in the last seconds before the idle return would close it (WCAG
 * 2.2.1, enough time to finish reading). When it shows is the state
 * machine's (state_prompting, state.h); this is only its look: a dimmed
 * page, a card with the question in large type, readable from 1.5 m, and
 * a large button; a tap anywhere keeps the page.
 *
 * Pure C, no SDL, no clock: a layout_view built from layout.h's pieces. */
#ifndef KIOSK_READING_PROMPT_H
#define KIOSK_READING_PROMPT_H

#include <stdbool.h>

#include "layout.h"

/* question: "Still reading?", stay: "Tap to stay", in the language shown;
 * rtl: it reads right to left (the icon goes to the other side). Targets:
 * the button (LAYOUT_TARGET_BACK), then the whole screen (the same).
 * Returns 0, or -1 when out of memory. */
int reading_prompt_layout(layout_view *v, const layout_metrics *m, const theme *t,
                          const text_measure *tm, const char *question, const char *stay, bool rtl);

#endif
