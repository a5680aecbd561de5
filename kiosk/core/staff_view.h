/* staff_view.h - the staff screen (staff.h) laid out as a layout_view:
 * the keypad, the menu, progress and results over the dimmed page, and
 * the screen test. Pure C, no SDL. */
#ifndef KIOSK_STAFF_VIEW_H
#define KIOSK_STAFF_VIEW_H

#include "layout.h"
#include "staff.h"

/* Builds the view of s's screen (empty when closed). Returns 0, or -1
 * when out of memory. */
int staff_view_layout(layout_view *v, const staff *s, const layout_metrics *m, const theme *t,
                 const text_measure *tm);

/* The staff control at (x, y), or STAFF_NOWHERE. */
int staff_view_control_at(const layout_view *v, float x, float y);

#endif
