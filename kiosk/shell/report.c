/* report.c - the page-view report as a PNG. See report.h. Shell side:
 * SDL's software renderer on a surface, fonts.c for text. */
#include "report.h"

#include <SDL.h>
#include <SDL_image.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fonts.h"
#include "lang.h"
#include "stats_csv.h"

#define MARGIN 110

typedef struct {
    SDL_Renderer *r;
    fonts *f;
    uint32_t paper, ink, muted, grid, card, shown, opened;
} pen;

typedef enum { ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT } align;

/* ---- drawing ---- */


static SDL_Color color(uint32_t rgb) {
    return (SDL_Color){(Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, 255};
}

static void fill(pen *p, float x, float y, float w, float h, uint32_t rgb) {
    SDL_Color c = color(rgb);
    SDL_SetRenderDrawColor(p->r, c.r, c.g, c.b, 255);
    SDL_FRect rect = {x, y, w, h};
    SDL_RenderFillRectF(p->r, &rect);
}

/* A line w pixels wide, as two triangles. */
static void thick_line(pen *p, float x0, float y0, float x1, float y1, float w, uint32_t rgb) {
    float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
    if (len < 0.01f) return;
    float nx = -dy / len * w / 2, ny = dx / len * w / 2;
    SDL_Color c = color(rgb);
    SDL_Vertex v[4] = {{{x0 + nx, y0 + ny}, c, {0, 0}}, {{x1 + nx, y1 + ny}, c, {0, 0}},
                       {{x1 - nx, y1 - ny}, c, {0, 0}}, {{x0 - nx, y0 - ny}, c, {0, 0}}};
    int idx[6] = {0, 1, 2, 0, 2, 3};
    SDL_RenderGeometry(p->r, NULL, v, 4, idx, 6);
}

static void disc(pen *p, float cx, float cy, float radius, uint32_t rgb) {
    enum { SEGMENTS = 32 };
    SDL_Vertex v[SEGMENTS + 1];
    int idx[SEGMENTS * 3];
    SDL_Color c = color(rgb);
    v[0] = (SDL_Vertex){{cx, cy}, c, {0, 0}};
    for (int i = 0; i < SEGMENTS; i++) {
        double a = 2 * M_PI * i / SEGMENTS;
        v[i + 1] = (SDL_Vertex){{cx + radius * (float)cos(a), cy + radius * (float)sin(a)}, c,
                                {0, 0}};
        idx[i * 3] = 0;
        idx[i * 3 + 1] = i + 1;
        idx[i * 3 + 2] = i + 1 < SEGMENTS ? i + 2 : 1;
    }
    SDL_RenderGeometry(p->r, NULL, v, SEGMENTS + 1, idx, SEGMENTS * 3);
}

static int text_width(pen *p, font_face face, int size, const char *s) {
    TTF_Font *font = fonts_get(p->f, face, size);
    int w = 0, h = 0;
    if (!font || !s[0] || TTF_SizeUTF8(font, s, &w, &h) != 0) return 0;
    return w;
}

/* Draws s with its top at y; x is its left end, middle or right end.
 * Returns the width drawn. A failure is logged by fonts_render and the
 * text left out. */
static int draw_text(pen *p, font_face face, int size, const char *s, float x, float y, align a,
                     uint32_t rgb) {
    SDL_Surface *surface = fonts_render(p->f, face, size, s, false, rgb);
    if (!surface) return 0;
    SDL_Texture *texture = SDL_CreateTextureFromSurface(p->r, surface);
    int w = surface->w, h = surface->h;
    SDL_FreeSurface(surface);
    if (!texture) {
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "Couldn't make a texture of text: %s",
                     SDL_GetError());
        return 0;
    }
    float left = a == ALIGN_LEFT ? x : a == ALIGN_CENTER ? x - w / 2.0f : x - (float)w;
    SDL_FRect dst = {roundf(left), roundf(y), (float)w, (float)h};
    SDL_RenderCopyF(p->r, texture, NULL, &dst);
    SDL_DestroyTexture(texture);
    return w;
}

/* s cut to fit max_w pixels: its start and its end, with an ellipsis
 * between (page ids are file names; they often differ only at the end). */
static void fit_text(pen *p, font_face face, int size, const char *s, int max_w, char *out,
                     size_t size_out) {
    snprintf(out, size_out, "%s", s);
    if (text_width(p, face, size, out) <= max_w) return;
    size_t len = strlen(s);
    /* Drop characters from the middle, one at a time, alternating. */
    size_t head = len / 2, tail = len / 2; /* s[0..head) + ellipsis + s[tail..len) */
    while (head > 0 && ((unsigned char)s[head] & 0xC0) == 0x80) head--;
    tail = head;
    for (bool from_head = true;; from_head = !from_head) {
        if (head == 0 && tail >= len) break;
        if ((from_head && head > 0) || tail >= len) {
            do head--;
            while (head > 0 && ((unsigned char)s[head] & 0xC0) == 0x80);
        } else {
            do tail++;
            while (tail < len && ((unsigned char)s[tail] & 0xC0) == 0x80);
        }
        if (head + 3 + (len - tail) + 1 > size_out) continue;
        memcpy(out, s, head);
        memcpy(out + head, "\xE2\x80\xA6", 3); /* U+2026 */
        memcpy(out + head + 3, s + tail, len - tail + 1);
        if (text_width(p, face, size, out) <= max_w) return;
    }
    snprintf(out, size_out, "\xE2\x80\xA6");
}

/* "45 s", "12 min", "3 h 5 min", "1,234 hours": a time to read at a glance. */
static void duration_words(int64_t seconds, char *out, size_t size) {
    if (seconds < 60) snprintf(out, size, "%d s", (int)(seconds < 0 ? 0 : seconds));
    else if (seconds < 3600) snprintf(out, size, "%d min", (int)(seconds / 60));
    else if (seconds < 10 * 3600)
        snprintf(out, size, "%d h %d min", (int)(seconds / 3600), (int)(seconds / 60 % 60));
    else {
        char hours[32];
        stats_format_count((seconds + 1800) / 3600, hours, sizeof hours);
        snprintf(out, size, "%s hours", hours);
    }
}

/* A step of 1, 2 or 5 times a power of ten giving about `ticks` ticks. */
static int64_t nice_step(int64_t max, int ticks) {
    double raw = (double)max / ticks;
    if (raw <= 1) return 1;
    double magnitude = pow(10, floor(log10(raw)));
    double norm = raw / magnitude;
    double step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * magnitude;
    return (int64_t)step;
}

/* ---- the parts of the page ---- */

static void draw_header(pen *p, const char *kiosk_name, const stats_summary *s) {
    char title[400], line[300], a[64], z[64];
    snprintf(title, sizeof title, "Page views: %s", kiosk_name && kiosk_name[0] ? kiosk_name
                                                                                 : "kiosk");
    char fitted[400];
    fit_text(p, THEME_FACE_BOLD, 76, title, REPORT_WIDTH - 2 * MARGIN, fitted, sizeof fitted);
    draw_text(p, THEME_FACE_BOLD, 76, fitted, MARGIN, 70, ALIGN_LEFT, p->ink);
    int32_t last = s->first_day + s->day_count - 1;
    stats_date_words(s->first_day, true, a, sizeof a);
    stats_date_words(last, true, z, sizeof z);
    if (s->day_count == 1) snprintf(line, sizeof line, "%s (1 day)", a);
    else snprintf(line, sizeof line, "%s to %s (%d days)", a, z, s->day_count);
    draw_text(p, THEME_FACE_REGULAR, 40, line, MARGIN, 178, ALIGN_LEFT, p->muted);
}

static void draw_totals(pen *p, const stats_summary *s, float y) {
    bool few = stats_few_visits(s->visits); /* then what was opened and read is hidden */
    struct { int64_t value; bool time; const char *label; } cards[] = {
        {stats_public_count(s->shown), false, "pages shown"},
        {few ? STATS_PUBLIC_HIDDEN : stats_public_count(s->opened), false, "opened to read more"},
        {stats_public_count(s->visits), false, "visits"},
        {stats_public_seconds(s->read_seconds, few ? 0 : s->opened), true, "spent reading"},
    };
    int n = (int)(sizeof cards / sizeof cards[0]);
    float gap = 40, w = (REPORT_WIDTH - 2 * MARGIN - gap * (n - 1)) / n, h = 170;
    for (int i = 0; i < n; i++) {
        float x = MARGIN + i * (w + gap);
        fill(p, x, y, w, h, p->card);
        fill(p, x, y, 10, h, i == 1 ? p->opened : p->ink);
        char number[64];
        if (cards[i].value == STATS_PUBLIC_HIDDEN && cards[i].time)
            snprintf(number, sizeof number, "%s views", STATS_HIDDEN);
        else if (cards[i].time) duration_words(cards[i].value, number, sizeof number);
        else stats_format_public(cards[i].value, number, sizeof number);
        int size = 72; /* smaller for a number too wide for its card */
        while (size > 36 && text_width(p, THEME_FACE_BOLD, size, number) > w - 60) size -= 6;
        draw_text(p, THEME_FACE_BOLD, size, number, x + 44, y + 14 + (72 - size) * 0.8f, ALIGN_LEFT,
                  p->ink);
        draw_text(p, THEME_FACE_REGULAR, 32, cards[i].label, x + 44, y + 112, ALIGN_LEFT, p->muted);
    }
}

/* Where pages were read in more than one language: how often each was
 * shown, each language named in its own words. */
static void draw_languages(pen *p, const stats_summary *s, float y) {
    if (s->lang_count < 2) return;
    float x = MARGIN;
    x += draw_text(p, THEME_FACE_REGULAR, 32, "Pages shown, by language:", x, y, ALIGN_LEFT,
                   p->muted) + 24;
    for (int i = 0; i < s->lang_count; i++) {
        char number[64];
        stats_format_public(stats_public_count(s->langs[i].shown), number, sizeof number);
        const char *name = lang_name(s->langs[i].lang);
        float need = text_width(p, THEME_FACE_BOLD, 32, name) +
                     text_width(p, THEME_FACE_REGULAR, 32, number) + 60;
        if (x + need > REPORT_WIDTH - MARGIN) break;   /* the rarest ones last: left out */
        x += draw_text(p, THEME_FACE_BOLD, 32, name, x, y, ALIGN_LEFT, p->ink) + 12;
        x += draw_text(p, THEME_FACE_REGULAR, 32, number, x, y, ALIGN_LEFT, p->ink) + 44;
    }
}

static void legend_box(pen *p, float x, float y, float size, uint32_t rgb) {
    fill(p, x, y, size, size, p->opened);
    if (rgb != p->opened) fill(p, x + 3, y + 3, size - 6, size - 6, rgb);
}

/* Horizontal bars: per page, shown (light, outlined) and opened (dark). */
static void draw_pages(pen *p, const stats_summary *s, float x, float y, float w, float h) {
    draw_text(p, THEME_FACE_BOLD, 44, "Pages shown and opened", x, y, ALIGN_LEFT, p->ink);
    float ly = y + 76;
    legend_box(p, x, ly + 4, 34, p->shown);
    float lx = x + 48 + draw_text(p, THEME_FACE_REGULAR, 32, "shown on the screen", x + 48, ly,
                                  ALIGN_LEFT, p->ink);
    legend_box(p, lx + 50, ly + 4, 34, p->opened);
    draw_text(p, THEME_FACE_REGULAR, 32, "opened (tapped to read more)", lx + 98, ly, ALIGN_LEFT,
              p->ink);
    float top = y + 150, bottom = y + h;
    if (s->page_count == 0) {
        draw_text(p, THEME_FACE_REGULAR, 36, "No page was shown in this period.", x, top + 20,
                  ALIGN_LEFT, p->muted);
        return;
    }
    /* As many pages as fit with bars still easy to see; the rest summed
     * on one line. */
    const float min_row = 46, max_row = 100;
    int fit = (int)((bottom - top) / min_row);
    int rows = s->page_count <= fit ? s->page_count : fit;
    int drawn = rows < s->page_count ? rows - 1 : rows;
    float row = (bottom - top) / rows;
    if (row > max_row) row = max_row;
    /* Bars as long as the published numbers: "<5" is a stub. With fewer
     * than 5 visits in the period, every page's opened is "<5". */
    bool few = stats_few_visits(s->visits);
    int64_t max = 1;
    for (int i = 0; i < drawn; i++) {
        if (stats_public_count(s->pages[i].shown) > max) max = stats_public_count(s->pages[i].shown);
        if (!few && stats_public_count(s->pages[i].opened) > max)
            max = stats_public_count(s->pages[i].opened);
    }
    int label_size = row >= 80 ? 32 : row >= 60 ? 28 : 26;
    int number_size = label_size - 2;
    /* The labels take what they need, up to 40% of the width. */
    float label_w = 0;
    for (int i = 0; i < drawn; i++) {
        float tw = (float)text_width(p, THEME_FACE_REGULAR, label_size, s->pages[i].page);
        if (tw > label_w) label_w = tw;
    }
    if (label_w > w * 0.40f) label_w = w * 0.40f;
    float bars_x = x + label_w + 20;
    char widest[32];
    stats_format_count(max, widest, sizeof widest);
    float bars_w = x + w - bars_x - 14 - (float)text_width(p, THEME_FACE_BOLD, number_size, widest);
    float group_gap = row * 0.24f, bar_h = (row - group_gap - 3) / 2;
    for (int i = 0; i < drawn; i++) {
        const stats_page_total *t = &s->pages[i];
        float ry = top + i * row;
        char label[COUNTS_ID_MAX + 8], number[32];
        fit_text(p, THEME_FACE_REGULAR, label_size, t->page, (int)label_w, label, sizeof label);
        int line_h = TTF_FontHeight(fonts_get(p->f, THEME_FACE_REGULAR, label_size));
        draw_text(p, THEME_FACE_REGULAR, label_size, label, x + label_w,
                  ry + (2 * bar_h + 3 - line_h) / 2, ALIGN_RIGHT, p->ink);
        int64_t values[2] = {stats_public_count(t->shown),
                             few ? STATS_PUBLIC_HIDDEN : stats_public_count(t->opened)};
        for (int k = 0; k < 2; k++) {
            float by = ry + k * (bar_h + 3);
            float bw = (float)((double)(values[k] > 0 ? values[k] : 0) / (double)max * bars_w);
            if (values[k] != 0 && bw < 3) bw = 3;
            if (k == 0 && bw > 0) {
                fill(p, bars_x, by, bw, bar_h, p->opened); /* outlined, for paper */
                if (bw > 6 && bar_h > 6) fill(p, bars_x + 2, by + 2, bw - 4, bar_h - 4, p->shown);
            } else if (bw > 0) {
                fill(p, bars_x, by, bw, bar_h, p->opened);
            }
            font_face face = k ? THEME_FACE_BOLD : THEME_FACE_REGULAR;
            stats_format_public(values[k], number, sizeof number);
            int nh = TTF_FontHeight(fonts_get(p->f, face, number_size));
            draw_text(p, face, number_size, number, bars_x + bw + 10, by + (bar_h - nh) / 2,
                      ALIGN_LEFT, p->ink);
        }
    }
    fill(p, bars_x - 2, top - 6, 2, (drawn - 1) * row + 2 * bar_h + 15, p->ink); /* zero */
    if (drawn < s->page_count) {
        int64_t shown = 0, opened = 0;
        for (int i = drawn; i < s->page_count; i++) {
            shown += s->pages[i].shown;
            opened += s->pages[i].opened;
        }
        char a[32], b[32], line[200];
        stats_format_public(stats_public_count(shown), a, sizeof a);
        stats_format_public(few ? STATS_PUBLIC_HIDDEN : stats_public_count(opened), b, sizeof b);
        snprintf(line, sizeof line, "and %d more pages, shown %s times and opened %s times "
                                    "(each is in the CSV file)",
                 s->page_count - drawn, a, b);
        char fitted[220];
        fit_text(p, THEME_FACE_ITALIC, label_size, line, (int)w, fitted, sizeof fitted);
        draw_text(p, THEME_FACE_ITALIC, label_size, fitted, x, top + drawn * row + 4, ALIGN_LEFT,
                  p->ink);
    }
}

static int day_of_month(int32_t day) {
    char text[COUNTS_DAY_LEN];
    stats_date_format(day, text);
    return (text[8] - '0') * 10 + (text[9] - '0');
}

/* Date labels under the plot: days (every 1, 2, 3, 7 or 14) when they
 * fit, else the months, with a small tick at each month's first day. */
static void draw_date_labels(pen *p, const stats_summary *s, float plot_x, float plot_w,
                             float plot_bottom) {
    const int size = 28;
    float slot = plot_w / s->day_count;
    int max_labels = (int)(plot_w / (text_width(p, THEME_FACE_REGULAR, size, "30 Sep") + 40));
    if (max_labels < 1) max_labels = 1;
    static const int steps[] = {1, 2, 3, 7, 14};
    for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
        if ((s->day_count + steps[k] - 1) / steps[k] > max_labels) continue;
        for (int i = 0; i < s->day_count; i += steps[k]) {
            char label[32];
            float cx = plot_x + slot * (i + 0.5f);
            stats_date_words(s->first_day + i, false, label, sizeof label);
            fill(p, cx - 1, plot_bottom, 2, 12, p->muted);
            draw_text(p, THEME_FACE_REGULAR, size, label, cx, plot_bottom + 16, ALIGN_CENTER, p->muted);
        }
        return;
    }
    static const char *const names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int months = 0;
    for (int i = 0; i < s->day_count; i++) months += day_of_month(s->first_day + i) == 1;
    float label_w = (float)text_width(p, THEME_FACE_REGULAR, size, "Sep 2026") + 24;
    int step = 1;
    while ((months + step - 1) / step * label_w > plot_w && step < 12)
        step = step < 3 ? step + 1 : step < 6 ? 6 : 12;
    int index = 0;
    bool first = true;
    for (int i = 0; i < s->day_count; i++) {
        if (day_of_month(s->first_day + i) != 1) continue;
        float tx = plot_x + slot * i;
        fill(p, tx - 1, plot_bottom, 2, 10, p->muted);
        if (index++ % step != 0) continue;
        char day[COUNTS_DAY_LEN], label[32];
        stats_date_format(s->first_day + i, day);
        int m = (day[5] - '0') * 10 + (day[6] - '0');
        if (first || m == 1) snprintf(label, sizeof label, "%s %.4s", names[m - 1], day);
        else snprintf(label, sizeof label, "%s", names[m - 1]);
        first = false;
        fill(p, tx - 1, plot_bottom, 2, 18, p->muted);
        if (tx + label_w - 24 <= plot_x + plot_w + 20)
            draw_text(p, THEME_FACE_REGULAR, size, label, tx + 6, plot_bottom + 20, ALIGN_LEFT, p->muted);
    }
}

typedef struct {
    int first, count;  /* days of the period it covers */
    double value;      /* visits per day over those days */
} bucket;

/* Visits per day: one point a day up to 62 days; beyond, each point is
 * the average of 7 days (up to three years) or of 28, counted from the
 * first day, so that each holds the same weekdays and a year reads as a
 * trend instead of a comb of open and closed days. A short rest at the
 * end joins the point before it. */
static void draw_visits(pen *p, const stats_summary *s, float x, float y, float w, float h) {
    int per = s->day_count <= 62 ? 1 : s->day_count <= 3 * 366 ? 7 : 28;
    draw_text(p, THEME_FACE_BOLD, 44, "Visits per day", x, y, ALIGN_LEFT, p->ink);
    const char *note = per == 1 ? "a visit: from the first touch until the screen is left alone"
                       : per == 7 ? "each point: the average of 7 days"
                                  : "each point: the average of 4 weeks";
    draw_text(p, THEME_FACE_REGULAR, 32, note, x, y + 76, ALIGN_LEFT, p->muted);

    bucket *buckets = SDL_malloc((size_t)s->day_count * sizeof *buckets);
    if (!buckets) {
        SDL_LogError(SDL_LOG_CATEGORY_APPLICATION, "Couldn't draw the visits: out of memory");
        return;
    }
    int n = 0;
    for (int i = 0; i < s->day_count; i++) {
        bool rest = per > 1 && s->day_count - i < per && n > 0 && buckets[n - 1].count >= per;
        if (i % per == 0 && !rest) buckets[n++] = (bucket){i, 0, 0};
        buckets[n - 1].count++;
        int64_t visits = stats_public_count(s->days[i].visits); /* "<5": drawn as 0 */
        buckets[n - 1].value += visits > 0 ? (double)visits : 0;
    }
    double max = 0;
    for (int i = 0; i < n; i++) {
        buckets[i].value /= buckets[i].count;
        if (buckets[i].value > max) max = buckets[i].value;
    }
    int64_t top_value = (int64_t)ceil(max * 1.08); /* room for the values over the dots */
    if (top_value < 4) top_value = 4;
    int64_t step = nice_step(top_value, 5);
    top_value = (top_value + step - 1) / step * step;

    const int axis_size = 28;
    char widest[32];
    stats_format_count(top_value, widest, sizeof widest);
    float plot_x = x + text_width(p, THEME_FACE_REGULAR, axis_size, widest) + 20;
    float plot_top = y + 160, plot_bottom = y + h - 60;
    float plot_w = x + w - plot_x - 10, plot_h = plot_bottom - plot_top;
    int axis_h = TTF_FontHeight(fonts_get(p->f, THEME_FACE_REGULAR, axis_size));
    for (int64_t v = 0; v <= top_value; v += step) {
        float gy = plot_bottom - (float)((double)v / (double)top_value * plot_h);
        if (v > 0) fill(p, plot_x, gy - 1, plot_w, 2, p->grid);
        char label[32];
        stats_format_count(v, label, sizeof label);
        draw_text(p, THEME_FACE_REGULAR, axis_size, label, plot_x - 12, gy - axis_h / 2.0f, ALIGN_RIGHT,
                  p->muted);
    }
    draw_date_labels(p, s, plot_x, plot_w, plot_bottom);

    float slot = plot_w / s->day_count; /* pixels a day */
    float spacing = slot * s->day_count / n;
    float line_w = spacing >= 8 ? 5 : 3;
    float radius = spacing >= 40 ? 11 : spacing >= 14 ? 8 : spacing >= 7 ? 5 : 0;
    float px = 0, py = 0;
    for (int i = 0; i < n; i++) {
        float cx = plot_x + slot * (buckets[i].first + buckets[i].count / 2.0f);
        float cy = plot_bottom - (float)(buckets[i].value / (double)top_value * plot_h);
        if (i > 0) thick_line(p, px, py, cx, cy, line_w, p->opened);
        if (i > 0 && radius == 0) disc(p, px, py, line_w / 2, p->opened); /* round joints */
        px = cx;
        py = cy;
    }
    for (int i = 0; i < n && radius > 0; i++)
        disc(p, plot_x + slot * (buckets[i].first + buckets[i].count / 2.0f),
             plot_bottom - (float)(buckets[i].value / (double)top_value * plot_h), radius,
             p->opened);
    if (n == 1 || spacing >= 60) /* few points: each value over its dot */
        for (int i = 0; i < n; i++) {
            char number[32];
            if (per == 1) /* the day's published number, "<5" included */
                stats_format_public(stats_public_count(s->days[buckets[i].first].visits), number,
                                    sizeof number);
            else
                stats_format_count((int64_t)llround(buckets[i].value), number, sizeof number);
            draw_text(p, THEME_FACE_BOLD, 30, number,
                      plot_x + slot * (buckets[i].first + buckets[i].count / 2.0f),
                      plot_bottom - (float)(buckets[i].value / (double)top_value * plot_h) - 56,
                      ALIGN_CENTER, p->ink);
        }
    fill(p, plot_x, plot_bottom - 1, plot_w, 3, p->ink); /* zero */
    SDL_free(buckets);
}

/* How many pages a visit opened: a heading and five numbers, made
 * smaller if they would not fit in w. */
static void draw_visit_depth(pen *p, const stats_summary *s, float x, float y, float w) {
    if (s->visits <= 0) return;
    int64_t some = 0;
    for (int k = 0; k < COUNTS_HIST_COUNT; k++) some += s->visit_opened[k];
    const char *labels[5] = {"none:", "1:", "2:", "3 to 5:", "6 or more:"};
    int64_t values[5] = {s->visits - some > 0 ? s->visits - some : 0, s->visit_opened[COUNTS_HIST_1],
                         s->visit_opened[COUNTS_HIST_2], s->visit_opened[COUNTS_HIST_3_5],
                         s->visit_opened[COUNTS_HIST_6_PLUS]};
    char numbers[5][32];
    bool few = stats_few_visits(s->visits); /* then all five are hidden */
    for (int k = 0; k < 5; k++)
        stats_format_public(few ? STATS_PUBLIC_HIDDEN : stats_public_count(values[k]), numbers[k],
                            sizeof numbers[k]);
    int size = 30;
    for (;; size -= 2) {
        float total = 0;
        for (int k = 0; k < 5; k++)
            total += text_width(p, THEME_FACE_REGULAR, size, labels[k]) +
                     text_width(p, THEME_FACE_BOLD, size, numbers[k]) + 10 + size * 1.2f;
        if (total <= w || size <= 16) break;
    }
    draw_text(p, THEME_FACE_REGULAR, 30, "Visits by the number of pages they opened", x, y, ALIGN_LEFT,
              p->muted);
    float cx = x, cy = y + 44;
    for (int k = 0; k < 5; k++) {
        cx += draw_text(p, THEME_FACE_REGULAR, size, labels[k], cx, cy, ALIGN_LEFT, p->muted) + 10;
        cx += draw_text(p, THEME_FACE_BOLD, size, numbers[k], cx, cy, ALIGN_LEFT, p->ink) + size * 1.2f;
    }
}

static void draw_nothing(pen *p, const stats_summary *s) {
    char a[64], z[64], line[300];
    stats_date_words(s->first_day, true, a, sizeof a);
    stats_date_words(s->first_day + s->day_count - 1, true, z, sizeof z);
    draw_text(p, THEME_FACE_BOLD, 72, "No page views in this period", REPORT_WIDTH / 2.0f, 700,
              ALIGN_CENTER, p->ink);
    if (s->day_count == 1) snprintf(line, sizeof line, "The kiosk counted nothing on %s.", a);
    else snprintf(line, sizeof line, "The kiosk counted nothing from %s to %s.", a, z);
    draw_text(p, THEME_FACE_REGULAR, 40, line, REPORT_WIDTH / 2.0f, 820, ALIGN_CENTER, p->muted);
    draw_text(p, THEME_FACE_REGULAR, 40,
              "If the kiosk was in use then, check the dates and that this is the right kiosk.",
              REPORT_WIDTH / 2.0f, 880, ALIGN_CENTER, p->muted);
}

static void draw_report(pen *p, const char *kiosk_name, const stats_summary *s) {
    fill(p, 0, 0, REPORT_WIDTH, REPORT_HEIGHT, p->paper);
    draw_header(p, kiosk_name, s);
    if (stats_summary_empty(s)) {
        draw_nothing(p, s);
    } else {
        draw_totals(p, s, 270);
        draw_languages(p, s, 456);
        float top = 520, bottom = REPORT_HEIGHT - 120;
        float split = MARGIN + (REPORT_WIDTH - 2 * MARGIN) * 0.56f;
        draw_pages(p, s, MARGIN, top, split - MARGIN - 60, bottom - top);
        fill(p, split, top, 2, bottom - top, p->grid);
        draw_visits(p, s, split + 60, top, REPORT_WIDTH - MARGIN - split - 60,
                    bottom - top - 110);
        draw_visit_depth(p, s, split + 60, bottom - 78, REPORT_WIDTH - MARGIN - split - 60);
    }
    char today[COUNTS_DAY_LEN], made[300];
    counts_day(time(NULL), today);
    snprintf(made, sizeof made, "Counted by the kiosk without names or times: only how often each "
                                "page was seen per day. Made %s.",
             today);
    draw_text(p, THEME_FACE_REGULAR, 26, made, MARGIN, REPORT_HEIGHT - 76, ALIGN_LEFT, p->muted);
    snprintf(made, sizeof made, "%s: fewer than 5 (a day with fewer than 5 visits is drawn at 0). "
                                "Other numbers are rounded to the nearest 5, read times to the "
                                "minute.",
             STATS_HIDDEN);
    draw_text(p, THEME_FACE_REGULAR, 26, made, MARGIN, REPORT_HEIGHT - 42, ALIGN_LEFT, p->muted);
}

int report_write_png(const char *path, const char *kiosk_name, const char *from, const char *to,
                     const counts_batch *b, const theme *t, char *err, size_t errsize) {
    FILE *f = fopen(path, "wb");
    if (!f) {
        snprintf(err, errsize, "cannot write %s: %s", path, strerror(errno));
        return -1;
    }
    int rc = report_write_png_file(f, path, kiosk_name, from, to, b, t, err, errsize);
    if (fclose(f) != 0 && rc == 0) {
        snprintf(err, errsize, "cannot write %s: %s", path, strerror(errno));
        rc = -1;
    }
    if (rc != 0) remove(path);
    return rc;
}

int report_write_png_file(FILE *out, const char *shown, const char *kiosk_name, const char *from,
                          const char *to, const counts_batch *b, const theme *t, char *err,
                          size_t errsize) {
    char today[COUNTS_DAY_LEN];
    counts_day(time(NULL), today);
    stats_summary s;
    if (stats_summary_init(&s, b, from, to, today, err, errsize) != 0) return -1;
    int rc = -1;
    fonts f;
    bool fonts_ready = false, ttf_started = false;
    SDL_Renderer *renderer = NULL;
    SDL_Surface *surface = SDL_CreateRGBSurfaceWithFormat(0, REPORT_WIDTH, REPORT_HEIGHT, 32,
                                                          SDL_PIXELFORMAT_ARGB8888);
    if (surface) renderer = SDL_CreateSoftwareRenderer(surface);
    if (!renderer) {
        snprintf(err, errsize, "cannot draw the report: %s", SDL_GetError());
        goto out;
    }
    /* SDL_ttf counts its users: this pair works whether or not the
     * caller has started it too. */
    if (TTF_Init() != 0) {
        snprintf(err, errsize, "cannot start SDL_ttf: %s", TTF_GetError());
        goto out;
    }
    ttf_started = true;
    if (fonts_init(&f, t, err, errsize) != 0) goto out;
    fonts_ready = true;
    SDL_SetRenderDrawBlendMode(renderer, SDL_BLENDMODE_NONE);
    pen p = {
        .r = renderer,
        .f = &f,
        .paper = 0xFFFFFF,
        .ink = t->text,
        .muted = t->muted,
        .grid = theme_mix(t->text, 0xFFFFFF, 0.85),
        .card = theme_mix(t->accent, 0xFFFFFF, 0.92),
        .shown = theme_mix(t->accent, 0xFFFFFF, 0.62),
        .opened = t->accent,
    };
    draw_report(&p, kiosk_name, &s);
    SDL_RenderPresent(renderer);
    SDL_RWops *rw = SDL_RWFromFP(out, SDL_FALSE);
    if (!rw || IMG_SavePNG_RW(surface, rw, 1) != 0) {
        snprintf(err, errsize, "cannot write %s: %s", shown, rw ? IMG_GetError() : SDL_GetError());
        goto out;
    }
    rc = 0;
out:
    if (fonts_ready) fonts_release(&f);
    if (ttf_started) TTF_Quit();
    if (renderer) SDL_DestroyRenderer(renderer);
    if (surface) SDL_FreeSurface(surface);
    stats_summary_release(&s);
    return rc;
}
