/* staff_view.h - the staff screen (staff.h) laid out as a layout_view:
 * the keypad, the menu, progress and results over the dimmed page, the
 * screen test, and the preview's banner over the stick's pages. Pure C,
 * no SDL. */
#ifndef KIOSK_STAFF_VIEW_H
#define KIOSK_STAFF_VIEW_H

#include "layout.h"
#include "staff.h"

/* Builds the view of s's screen (empty when closed). Returns 0, or -1
 * when out of memory. */
int staff_view_layout(layout_view *v, const staff *s, const layout_metrics *m, const theme *t,
                 const text_measure *tm);

/* The height of the preview's banner (STAFF_PREVIEW) at the top of a
 * screen of metrics m: the pages are laid out below it. */
int staff_view_banner_height(const layout_metrics *m);

/* The staff control at (x, y), or STAFF_NOWHERE. */
int staff_view_control_at(const layout_view *v, float x, float y);

#endif
