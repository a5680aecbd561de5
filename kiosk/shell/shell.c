/* shell.c - SDL window, events and frames. See shell.h.
 *
 * Platform rules: touch under KMSDRM comes only as SDL_FINGER* (no mouse
 * is synthesised: libsdl-org/SDL #6650); vsync stays on; rotation is done
 * here by drawing into a texture and turning it, with touchmap.c mapping
 * the touches the same way (KMSDRM has no orientation hint, and the
 * kernel's rotate= turns only the text console: libsdl-org/SDL #9682);
 * with no GPU the software renderer is leaner than Mesa's llvmpipe. */
#include "shell.h"

#include <SDL_image.h>
#include <glob.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clocksync.h"
#include "drmcard.h"
#include "picture.h"
#include "picture_gate.h"
#include "import.h"
#include "outbox.h"
#include "sign.h"
#include "touchmap.h"

static uint64_t sdl_clock(void *ctx) {
    (void)ctx;
    return SDL_GetTicks64();
}

static time_t system_wall(void *ctx) {
    (void)ctx;
    return time(NULL);
}

static void log_store(void *ctx, const char *message) {
    (void)ctx;
    SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION, "Counts: %s", message);
}

static bool have_gpu(void) {
    glob_t g;
    bool found = glob("/dev/dri/renderD*", 0, NULL, &g) == 0 && g.gl_pathc > 0;
    globfree(&g);
    return found;
}

/* SDL draws every pixel; the frame is then shown by plain X11 (not through
 * a llvmpipe-backed surface), or, under KMSDRM, which has no framebuffer
 * of its own in SDL 2, copied at each present into one GLES2 texture
 * (SDL_CreateWindowTexture). With the hint "0" there, SDL_GetWindowSurface
 * failed and the renderer with it ("Couldn't find matching render
 * driver"), and the service restarted the kiosk for ever on a black
 * screen. */
static SDL_Renderer *software_renderer(shell *sh, bool kmsdrm) {
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, kmsdrm ? "opengles2" : "0");
    if (kmsdrm) SDL_SetHint(SDL_HINT_RENDER_VSYNC, "1");
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software"); /* it outranks the flags */
    return SDL_CreateRenderer(sh->window, -1, SDL_RENDERER_SOFTWARE);
}

static SDL_Renderer *gpu_renderer(shell *sh, bool kmsdrm) {
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, kmsdrm ? "opengles2" : NULL);
    return SDL_CreateRenderer(sh->window, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
}

/* Mesa's software rasterisers stand in where there is no GPU (no KMS
 * driver for it, a virtual machine). The renderer's name, as GL gives
 * it, or "" (not GL, or it cannot be asked). */
static void gl_renderer_name(SDL_Renderer *r, char *out, size_t size) {
    out[0] = '\0';
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(r, &info) != 0 || strncmp(info.name, "opengl", 6) != 0) return;
    typedef const unsigned char *(*get_string_fn)(unsigned int);
    get_string_fn get_string = (get_string_fn)SDL_GL_GetProcAddress("glGetString");
    const unsigned char *name = get_string ? get_string(0x1F01 /* GL_RENDERER */) : NULL;
    if (name) snprintf(out, size, "%s", (const char *)name);
}

/* The renderer asked for, or, where it cannot be made, the other one:
 * a setting never leaves the screen black. "auto" takes the GPU, and SDL's
 * software renderer where GL would only be Mesa's llvmpipe or softpipe:
 * the kiosk draws for a CPU, and there it is leaner (under KMSDRM the
 * frame is then one texture for GL to show). */
static int create_renderer(shell *sh, const char *choice) {
    const char *driver = SDL_GetCurrentVideoDriver();
    bool kmsdrm = driver && strcmp(driver, "KMSDRM") == 0;
    bool software = strcmp(choice, "software") == 0 ||
                    (strcmp(choice, "auto") == 0 && !kmsdrm && !have_gpu());
    sh->renderer = software ? software_renderer(sh, kmsdrm) : gpu_renderer(sh, kmsdrm);
    if (!sh->renderer) {
        SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION, "Couldn't create the %s renderer (%s); using the %s one",
                    software ? "software" : "accelerated", SDL_GetError(),
                    software ? "accelerated" : "software");
        software = !software;
        sh->renderer = software ? software_renderer(sh, kmsdrm) : gpu_renderer(sh, kmsdrm);
    }
    if (!sh->renderer) return -1;
    char gl[128];
    gl_renderer_name(sh->renderer, gl, sizeof gl);
    bool cpu_gl = strstr(gl, "llvmpipe") || strstr(gl, "softpipe");
    if (!software && cpu_gl && strcmp(choice, "auto") == 0) {
        SDL_DestroyRenderer(sh->renderer);
        sh->renderer = software_renderer(sh, kmsdrm);
        if (sh->renderer) {
            software = true;
        } else {
            SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION,
                        "Couldn't create the software renderer (%s); using %s", SDL_GetError(), gl);
            sh->renderer = gpu_renderer(sh, kmsdrm);
            if (!sh->renderer) return -1;
        }
    }
    SDL_RendererInfo info;
    SDL_GetRendererInfo(sh->renderer, &info);
    snprintf(sh->renderer_name, sizeof sh->renderer_name, "%s%s", info.name,
             (info.flags & SDL_RENDERER_PRESENTVSYNC) ? " (vsync)" : "");
    SDL_Log("Video driver %s, renderer %s%s%s%s", driver ? driver : "?", sh->renderer_name,
            gl[0] && !software ? " on " : "", gl[0] && !software ? gl : "",
            !software || strcmp(choice, "auto") != 0 ? ""
            : cpu_gl ? ", chosen because GL would draw on the CPU (Mesa's software rasteriser)"
                     : ", chosen because there is no GPU");
    return 0;
}

static double px_per_mm(shell *sh, const config *c) {
    double inches = c->screen_inches;
    if (inches <= 0) {
        float ddpi = 0;
        int display = SDL_GetWindowDisplayIndex(sh->window);
        /* Displays that do not know their size report nonsense; then we
         * take the official 7" panel. */
        if (SDL_GetDisplayDPI(display, &ddpi, NULL, NULL) == 0 && ddpi > 50 && ddpi < 400)
            return ddpi / 25.4;
    }
    return config_px_per_mm(sh->win_w, sh->win_h, inches);
}

static void no_display(char *err, size_t errsize, const char *content_dir) {
    snprintf(err, errsize,
             "no display found (no X11 or Wayland session, and no screen at /dev/dri). "
             "To see the pages without a display, run: kiosk render %s --out /tmp/pages",
             content_dir);
}

/* ---- the staff work's view of the kiosk (shell_staff_host) ---- */

static uint64_t host_now(void *ctx) {
    shell *sh = ctx;
    return sh->clock(sh->clock_ctx);
}

static time_t host_wall(void *ctx) {
    shell *sh = ctx;
    return sh->wall(sh->clock_ctx);
}

/* Can the wall clock be trusted (clocksync.h)? Tests say so themselves. */
static bool clock_synced(shell *sh, char *why, size_t whysize) {
    if (sh->clock_trusted || sh->clock_untrusted) {
        snprintf(why, whysize, "a test says the clock is %ssynchronised",
                 sh->clock_trusted ? "" : "not ");
        return sh->clock_trusted;
    }
    return clocksync_check(CLOCKSYNC_TIMESYNC_FLAG, why, whysize);
}

/* ---- pages with dates (showdates.h) ---- */

/* Dated pages: the clock's sync and an NTP step are noticed this soon. */
#define SHELL_DATES_RECHECK_MS 60000

typedef enum { PAGES_START, PAGES_NEW_CONTENT, PAGES_TICK } pages_why;

/* Do the two show the same pages? */
static bool same_pages(const content *a, const content *b) {
    if (a->page_count != b->page_count || a->language_count != b->language_count) return false;
    for (int i = 0; i < a->page_count; i++)
        if (a->pages[i].id != b->pages[i].id) return false;
    return true;
}

/* Chooses the pages of sh->all that visitors see now: the live ones on
 * today's local day while the clock is synchronised, every page while it
 * is not. Logs what changed; at PAGES_START the app is not made yet (the
 * caller gives it app_content(sh)). Returns the app's answer, or 0. */
static int update_pages(shell *sh, uint64_t now, pages_why why) {
    if (why == PAGES_TICK && sh->preview) {
        /* Staff are looking at a stick's pages: the visitors' come back
         * as they were (host_end_preview), then change. */
        sh->dates_due = now + SHELL_DATES_RECHECK_MS;
        return 0;
    }
    time_t wall = sh->wall(sh->clock_ctx);
    int32_t day = showdates_today(wall);
    showdates_count n = showdates_counted(sh->all, day);
    char clock_why[160] = "";
    bool trusted = n.dated > 0 && clock_synced(sh, clock_why, sizeof clock_why);
    int was_trusted = sh->dates_trusted;
    bool new_day = day != sh->day;
    sh->dated = n;
    sh->day = day;
    sh->dates_trusted = n.dated > 0 ? trusted : -1;
    if (n.dated == 0) {
        sh->dates_due = UINT64_MAX;     /* nothing comes or goes by itself */
    } else {
        long long ms = ((long long)showdates_next_day(wall) - (long long)wall) * 1000;
        sh->dates_due = now + (ms < SHELL_DATES_RECHECK_MS ? (uint64_t)(ms > 0 ? ms : 0)
                                                           : SHELL_DATES_RECHECK_MS);
    }
    int slot = sh->live_shown == 0 ? 1 : 0;
    content *fresh = &sh->live[slot];
    bool made = showdates_select(sh->all, trusted, day, fresh) == 0;
    if (!made) SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION, "Pages with dates: out of memory; every page shows");
    const content *shown = why == PAGES_START ? NULL : sh->app.content;
    if (why == PAGES_TICK && shown && made && same_pages(fresh, shown) &&
        was_trusted == sh->dates_trusted) {
        showdates_release(fresh);
        return 0;
    }
    if (n.dated > 0 && !trusted && (was_trusted != 0 || why != PAGES_TICK))
        SDL_Log("Pages with dates: %d page%s %s show_from or show_until, but the clock is not "
                "synchronised, so every page shows until it is; %s",
                n.dated, n.dated == 1 ? "" : "s", n.dated == 1 ? "has" : "have", clock_why);
    else if (n.dated > 0 && trusted && (why != PAGES_TICK || new_day || was_trusted != 1)) {
        char today[SHOWDATES_TEXT_MAX + 4];
        showdates_format(day, today, sizeof today);
        SDL_Log("Pages with dates: on %s, %d of %d pages are shown (%d waiting for their date, "
                "%d ended)", today, n.live, sh->all->page_count, n.waiting, n.ended);
    }
    if (why == PAGES_START) {
        sh->live_shown = made ? slot : -1;
        return 0;
    }
    const content *next = made ? fresh : sh->all;
    if (why == PAGES_TICK && same_pages(next, shown)) {
        /* Only the log changed (the clock was synchronised, the pages are the same). */
        if (made) showdates_release(fresh);
        return 0;
    }
    drawer_release(&sh->drawer);        /* the old pages' textures */
    int rc = why == PAGES_TICK ? app_set_pages(&sh->app, next, now)
                               : app_set_content(&sh->app, next, now);
    if (sh->live_shown >= 0) showdates_release(&sh->live[sh->live_shown]);
    sh->live_shown = made ? slot : -1;
    sh->redraw = true;
    return rc;
}

/* What the app shows: the live pages (or all, when they could not be chosen). */
static const content *app_content(shell *sh) {
    return sh->live_shown >= 0 ? &sh->live[sh->live_shown] : sh->all;
}

/* The preview's content goes (its files go next, or were moved in by an
 * install): no picture of it is opened after. */
static void free_preview(shell *sh) {
    if (!sh->preview) return;
    picture_queue_forget(sh->drawer.queue, sh->preview->dir);
    content_release(sh->preview);
    free(sh->preview);
    sh->preview = NULL;
}

/* No page on screen (the staff screen is up): a visit going on goes on,
 * and none starts (an observation with attract false would start one, and
 * the staff screen would count as a family's visit). */
static counts_screen no_page(const shell *sh) {
    return (counts_screen){.attract = !sh->counts.in_visit};
}

static int host_show_content(void *ctx, content *c) {
    shell *sh = ctx;
    uint64_t now = sh->clock(sh->clock_ctx);
    counts_screen none = no_page(sh);
    counts_observe(&sh->counts, &none, now, sh->wall(sh->clock_ctx));
    sh->all = c;
    int rc = update_pages(sh, now, PAGES_NEW_CONTENT);
    if (sh->own) {
        content_release(sh->own);
        free(sh->own);
    }
    sh->own = c;
    free_preview(sh);        /* an install of what was previewed ends the preview */
    sh->visitors = NULL;
    sh->redraw = true;
    return rc;
}

/* The staff preview (shell_staff.h): nothing is counted meanwhile (the
 * staff screen is open: app_screen shows no page), and what families see
 * is kept as it is. */
static int host_preview_content(void *ctx, content *c) {
    shell *sh = ctx;
    if (!sh->preview) sh->visitors = sh->app.content;
    drawer_release(&sh->drawer);
    int rc = app_preview_content(&sh->app, c, sh->clock(sh->clock_ctx));
    free_preview(sh);
    sh->preview = c;
    sh->redraw = true;
    return rc;
}

static void host_end_preview(void *ctx) {
    shell *sh = ctx;
    if (!sh->preview) return;
    drawer_release(&sh->drawer);
    app_set_content(&sh->app, sh->visitors, sh->clock(sh->clock_ctx));
    free_preview(sh);
    sh->visitors = NULL;
    sh->redraw = true;
}

static int host_pages_shown(void *ctx) {
    shell *sh = ctx;
    return sh->app.st.page_count;
}

static void host_pages_dated(void *ctx, char *words, size_t size) {
    shell *sh = ctx;
    showdates_staff_words(&sh->dated, sh->dates_trusted == 1, words, size);
}

static bool host_commit_counts(void *ctx) {
    shell *sh = ctx;
    if (!sh->store || !store_ok(sh->store)) return false;
    counts_screen none = no_page(sh);
    counts_observe(&sh->counts, &none, sh->clock(sh->clock_ctx), sh->wall(sh->clock_ctx));
    store_commit(sh->store, &sh->counts.batch);
    return true;
}

static int host_counts_for_report(void *ctx, const char *from, const char *to, counts_batch *b) {
    shell *sh = ctx;
    return sh->store ? store_read(sh->store, from, to, b) : -1;
}

/* ---- the outbox (shell_sync.h) ---- */

/* Hands the sync thread the saved counts of the last OUTBOX_DAYS days and
 * what is on screen, for the outbox. */
static void sync_outbox(shell *sh) {
    if (!sh->sync) return;
    char dir[PATH_MAX], installed[96], version[64] = "", on_screen[300];
    bool have = sh->data_dir[0] && import_current(sh->data_dir, dir, sizeof dir);
    import_describe(have ? dir : NULL, installed, sizeof installed);
    unsigned long long v;
    if (have && import_signed_version(sh->data_dir, &v)) {
        char words[48];
        sign_version_words(v, words, sizeof words);
        snprintf(version, sizeof version, ", signed on %s", words);
    }
    snprintf(on_screen, sizeof on_screen, "%s%s, %d page%s", installed, version,
             sh->app.st.page_count, sh->app.st.page_count == 1 ? "" : "s");
    counts_batch b;
    counts_batch_init(&b);
    if (sh->store && store_ok(sh->store)) {
        time_t wall = sh->wall(sh->clock_ctx);
        char from[COUNTS_DAY_LEN], to[COUNTS_DAY_LEN];
        counts_day(wall - (OUTBOX_DAYS - 1) * 86400, from);
        counts_day(wall, to);
        if (store_read(sh->store, from, to, &b) != 0) {
            SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION, "Outbox: cannot read the counts");
            shell_sync_error(sh->sync, "the counts could not be read for the outbox");
        }
    }
    shell_sync_counts(sh->sync, &b, on_screen);
    counts_batch_release(&b);
}

static void host_redraw(void *ctx) {
    shell *sh = ctx;
    sh->redraw = true;
}

static void host_quit(void *ctx) {
    shell *sh = ctx;
    sh->quit = true;
}

int shell_open(shell *sh, const shell_options *o, char *err, size_t errsize) {
    memset(sh, 0, sizeof *sh);
    sh->clock = o->clock ? o->clock : sdl_clock;
    sh->wall = o->wall ? o->wall : system_wall;
    sh->clock_ctx = o->clock_ctx;
    sh->rotation = o->config->rotation;
    sh->theme = o->theme;
    sh->clock_trusted = o->clock_trusted;
    sh->clock_untrusted = o->clock_untrusted;
    sh->live_shown = -1;
    sh->dates_trusted = -1;
    sh->service = o->service;
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0"); /* we handle fingers ourselves */
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
    /* Without a Wayland session, probing Wayland only prints noise. */
    if (!SDL_getenv("SDL_VIDEODRIVER") && !SDL_getenv("WAYLAND_DISPLAY"))
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "x11,kmsdrm");
    /* KMSDRM: the card with the display (on a Pi 5 the numbers change
     * between boots, and card0 is often v3d, which has no outputs). An
     * SDL_KMSDRM_DEVICE_INDEX in the environment wins over the hint. */
    const char *video = SDL_getenv("SDL_VIDEODRIVER");
    if (video ? SDL_strcasecmp(video, "kmsdrm") == 0
              : !SDL_getenv("DISPLAY") && !SDL_getenv("WAYLAND_DISPLAY")) {
        drmcard_choice card;
        if (drmcard_choose(NULL, NULL, &card) == 0) {
            char index[16];
            snprintf(index, sizeof index, "%d", card.index);
            SDL_SetHint(SDL_HINT_KMSDRM_DEVICE_INDEX, index);
        }
        SDL_Log("DRM: %s%s", card.reason,
                SDL_getenv("SDL_KMSDRM_DEVICE_INDEX") ? " (SDL_KMSDRM_DEVICE_INDEX is set: it wins)"
                                                      : "");
    }
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        SDL_Log("SDL_Init: %s", SDL_GetError());
        no_display(err, errsize, o->config->content);
        return -1;
    }
    /* SDL falls back to drivers that show nothing; unless asked for
     * (tests set SDL_VIDEODRIVER=dummy), that means there is no display. */
    const char *driver = SDL_GetCurrentVideoDriver();
    const char *wanted = SDL_getenv("SDL_VIDEODRIVER");
    if (driver && (strcmp(driver, "offscreen") == 0 || strcmp(driver, "dummy") == 0) &&
        !(wanted && strcmp(wanted, driver) == 0)) {
        no_display(err, errsize, o->config->content);
        SDL_Quit();
        return -1;
    }
    int w = 0, h = 0;
    Uint32 flags = SDL_WINDOW_SHOWN;
    if (o->config->window[0]) {
        if (config_parse_size(o->config->window, &w, &h) != 0) {
            snprintf(err, errsize, "window must be WxH, like 1280x800, not \"%s\"", o->config->window);
            SDL_Quit();
            return -1;
        }
    } else {
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    }
    sh->window = SDL_CreateWindow("Kiosk", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                  w ? w : 800, h ? h : 480, flags);
    if (!sh->window) {
        snprintf(err, errsize, "cannot open a window: %s. To see the pages without a display, "
                               "run: kiosk render %s --out /tmp/pages",
                 SDL_GetError(), o->config->content);
        SDL_Quit();
        return -1;
    }
    if (create_renderer(sh, o->config->renderer) != 0) {
        snprintf(err, errsize, "cannot draw on this display: %s", SDL_GetError());
        shell_close(sh);
        return -1;
    }
    SDL_ShowCursor(o->config->window[0] ? SDL_ENABLE : SDL_DISABLE);
    SDL_GetRendererOutputSize(sh->renderer, &sh->win_w, &sh->win_h);
    touchmap_logical_size(sh->rotation, sh->win_w, sh->win_h, &sh->logical_w, &sh->logical_h);
    if (sh->rotation) {
        sh->target = SDL_CreateTexture(sh->renderer, SDL_PIXELFORMAT_ARGB8888,
                                       SDL_TEXTUREACCESS_TARGET, sh->logical_w, sh->logical_h);
        if (!sh->target) {
            snprintf(err, errsize, "cannot rotate the picture: %s", SDL_GetError());
            shell_close(sh);
            return -1;
        }
    }
    SDL_DisplayMode mode;
    int hz = SDL_GetCurrentDisplayMode(SDL_GetWindowDisplayIndex(sh->window), &mode) == 0
                 ? mode.refresh_rate : 0;
    sh->frame_ms = hz >= 20 && hz <= 240 ? (uint32_t)(1000 / hz) : 16;

    if (fonts_init(&sh->fonts, o->theme, err, errsize) != 0) {
        shell_close(sh);
        return -1;
    }
    drawer_init(&sh->drawer, sh->renderer, &sh->fonts, o->theme, o->assets_dir);
    /* Pictures are prepared on a thread, never on this loop; without it
     * (it could not start) they are decoded when drawn. */
    picture_use_cache(o->data_dir); /* SVGs drawn once for this screen */
    sh->picture_event = SDL_RegisterEvents(1);
    if (sh->picture_event != (Uint32)-1) sh->drawer.queue = picture_queue_new(sh->picture_event);
    else sh->picture_event = 0;
    sh->first_frame_by = sh->clock(sh->clock_ctx) + SHELL_FIRST_FRAME_HOLD_MS;
    int seconds = o->config->seconds_per_page;
    if (!config_is_set(o->config, "seconds_per_page") && o->content->seconds_per_page)
        seconds = o->content->seconds_per_page;
    if (strcmp(o->config->read_aloud, "on") == 0) {
        char why[256];
        sh->speech = speech_open(o->config->audio_device, o->config->volume, why, sizeof why);
        sh->speech_volume = sh->volume_setting = o->config->volume;
        if (!sh->speech) SDL_Log("Read aloud: off, no speaker button: %s", why);
    } else {
        SDL_Log("Read aloud: off (read_aloud = off)");
    }
    app_settings s = {
        .width = sh->logical_w, .height = sh->logical_h, .px_per_mm = px_per_mm(sh, o->config),
        .page_ms = (uint32_t)seconds * 1000, .idle_ms = (uint32_t)o->config->idle_seconds * 1000,
        .anim_ms = (uint32_t)config_transition_ms(o->config), .speech = sh->speech != NULL,
    };
    sh->all = o->content;
    update_pages(sh, sh->clock(sh->clock_ctx), PAGES_START);
    if (app_init(&sh->app, app_content(sh), o->theme, fonts_measure(&sh->fonts), &s,
                 sh->clock(sh->clock_ctx)) != 0) {
        snprintf(err, errsize, "out of memory");
        shell_close(sh);
        return -1;
    }
    SDL_Log("Screen %dx%d, rotation %d, %.1f px/mm, %d pages, %d s a page", sh->win_w, sh->win_h,
            sh->rotation, s.px_per_mm, o->content->page_count, seconds);
    counts_init(&sh->counts);
    if (o->data_dir) {
        sh->store = store_open(o->data_dir, log_store, NULL);
        if (sh->store) {
            char how[120];
            store_settings(sh->store, how, sizeof how);
            SDL_Log("Counting page views in %s (%s)", store_path(sh->store),
                    store_ok(sh->store) ? how : "in memory until it can be written");
        }
    }
    sh->last_commit = sh->clock(sh->clock_ctx);
    /* Opening hours (already checked when the settings were read). */
    const char *days[7];
    for (int d = 0; d < 7; d++) days[d] = o->config->hours[d];
    if (schedule_parse_week(&sh->hours, days, err, errsize) != 0) {
        shell_close(sh);
        return -1;
    }
    sh->wake_ms = (uint32_t)o->config->wake_minutes * 60 * 1000;
    display_power_open(&sh->power, sh->window, o->backlight_dir);
    sh->screen_on = true;
    sh->screen_why = -1;
    sh->screen_now = -1;
    sh->screen_due = 0;
    notify_init(&sh->notify);
    SDL_Log("Service: %s", sh->notify.summary);
    /* Pictures are scaled on install to what this screen can show. */
    int long_side = sh->win_w > sh->win_h ? sh->win_w : sh->win_h;
    shell_staff_options so = {
        .data_dir = o->data_dir, .media_dir = o->no_usb_watch ? NULL : o->config->media,
        .trusted_keys = o->config->trusted_keys,
        .own_content = o->own_content ? o->own_content : o->config->content,
        .kiosk_name = o->kiosk_name, .theme = o->theme,
        .max_side = long_side < 800 ? 800 : long_side > IMPORT_MAX_SIDE ? IMPORT_MAX_SIDE : long_side,
    };
    shell_staff_host host = {
        .ctx = sh, .now = host_now, .wall = host_wall, .show_content = host_show_content,
        .preview_content = host_preview_content, .end_preview = host_end_preview,
        .pages_shown = host_pages_shown, .pages_dated = host_pages_dated, .commit_counts = host_commit_counts,
        .counts_for_report = host_counts_for_report, .redraw = host_redraw, .quit = host_quit,
    };
    sh->staff = shell_staff_open(&so, &sh->app.staff, &host);
    snprintf(sh->data_dir, sizeof sh->data_dir, "%s", o->data_dir ? o->data_dir : "");
    shell_sync_options sync = {
        .inbox = o->config->inbox, .outbox = o->config->outbox, .data_dir = o->data_dir,
        .trusted_keys = o->config->trusted_keys, .kiosk_name = o->kiosk_name,
        .max_side = so.max_side, .started = sh->wall(sh->clock_ctx),
    };
    sh->sync = shell_sync_open(&sync);
    sync_outbox(sh);
    sh->redraw = true;
    return 0;
}

/* Saves what was counted, and gives it to the outbox. */
static void commit(shell *sh, uint64_t now) {
    if (sh->store) store_commit(sh->store, &sh->counts.batch);
    else counts_batch_clear(&sh->counts.batch);
    sh->last_commit = now;
    sync_outbox(sh);
}

void shell_close(shell *sh) {
    notify_stopping(&sh->notify);
    if (sh->sync) {
        /* The day's last counts go out too; the thread's install (it uses
         * the picture gate) ends before the gate does. */
        uint64_t now = sh->clock(sh->clock_ctx);
        if (sh->store) counts_finish(&sh->counts, now, sh->wall(sh->clock_ctx));
        commit(sh, now);
        shell_sync_close(sh->sync);
        sh->sync = NULL;
    }
    display_power_close(&sh->power);
    shell_staff_close(sh->staff);
    picture_queue_free(sh->drawer.queue);
    sh->drawer.queue = NULL;
    picture_gate_stop(); /* after the threads that decode: the staff's and the pictures' */
    picture_use_cache(NULL);
    sh->staff = NULL;
    if (sh->store) {
        uint64_t now = sh->clock(sh->clock_ctx);
        counts_finish(&sh->counts, now, sh->wall(sh->clock_ctx));
        commit(sh, now);
        store_close(sh->store);
    }
    counts_release(&sh->counts);
    speech_close(sh->speech);
    if (sh->app.content) app_release(&sh->app);
    if (sh->live_shown >= 0) showdates_release(&sh->live[sh->live_shown]);
    if (sh->own) {
        content_release(sh->own);
        free(sh->own);
    }
    free_preview(sh);
    drawer_release(&sh->drawer);
    fonts_release(&sh->fonts);
    if (sh->target) SDL_DestroyTexture(sh->target);
    if (sh->renderer) SDL_DestroyRenderer(sh->renderer);
    if (sh->window) SDL_DestroyWindow(sh->window);
    TTF_Quit();
    SDL_Quit();
    memset(sh, 0, sizeof *sh);
}

/* What a finger or the mouse did. */
typedef enum { POINTER_DOWN, POINTER_MOVE, POINTER_UP } pointer_kind;

/* A finger's event; a frame only where the picture changes. A finger
 * going down on a still page changes nothing, and a frame drawn then
 * delays the loop's reading of the finger's up: where a frame is slow (an
 * emulated CPU, 1.1 s), the tap became a press too long to count. */
static void pointer(shell *sh, pointer_kind kind, int64_t id, float nx, float ny, uint64_t now) {
    float x, y;
    touchmap_to_logical(sh->rotation, nx, ny, sh->logical_w, sh->logical_h, &x, &y);
    state_frame before, after;
    state_frame_at(&sh->app.st, now, &before);
    bool staff_before = staff_is_open(&sh->app.staff);
    bool picker_before = sh->app.picker_open;
    unsigned views_before = sh->app.views_version;
    unsigned speech_before;
    readaloud_state reading_before = app_speech(&sh->app, &speech_before);
    if (kind == POINTER_DOWN) app_pointer_down(&sh->app, id, x, y, now);
    else if (kind == POINTER_MOVE) app_pointer_move(&sh->app, id, x, y, now);
    else app_pointer_up(&sh->app, id, x, y, now);
    state_frame_at(&sh->app.st, now, &after);
    if (staff_before || staff_is_open(&sh->app.staff) || app_moving(&sh->app) ||
        picker_before != sh->app.picker_open || views_before != sh->app.views_version ||
        !state_frame_same(&before, &after))
        sh->redraw = true;
    unsigned speech_after;
    if (app_speech(&sh->app, &speech_after) != reading_before || speech_after != speech_before)
        sh->redraw = true; /* the speaker shows pause, go on, or itself again */
}

#define MOUSE_POINTER_ID (-1000)

/* A touch, a click or a key: wakes the screen, and keeps it on for
 * wake_ms outside opening hours. */
static bool is_touch(const SDL_Event *e) {
    return e->type == SDL_FINGERDOWN || e->type == SDL_KEYDOWN ||
           (e->type == SDL_MOUSEBUTTONDOWN && e->button.which != SDL_TOUCH_MOUSEID);
}

/* The pages were laid out again (another language): their textures go
 * (the views keep their addresses, which the drawer's cache is keyed on). */
static void forget_old_views(shell *sh) {
    if (sh->app.views_version == sh->views_seen) return;
    drawer_release(&sh->drawer);
    sh->views_seen = sh->app.views_version;
}

/* While nothing moves: what may come next is made ready, so that it
 * starts at once: the next page, and this page's detail. Its pictures are
 * only asked for (picture_queue.h); a later call takes them. */
/* Never while a finger is down: SDL stamps a touch when the loop reads
 * it, so work between a finger's down and its up makes the press longer
 * than it was. On a slow CPU (a Pi 3 just after start, an emulator),
 * preparing a page of text took longer than a tap may last, and the tap
 * was lost. The next frame, or the next picture, prepares it. */
static void prepare_ahead(shell *sh) {
    forget_old_views(sh);
    if (!app_has_pages(&sh->app) || staff_covers_pages(&sh->app.staff) || app_touching(&sh->app))
        return;
    const state *st = &sh->app.st;
    bool detail = st->mode == STATE_DETAIL;
    if (!detail) drawer_prepare(&sh->drawer, app_view(&sh->app, st->page, true));
    drawer_prepare(&sh->drawer, app_view(&sh->app, (st->page + 1) % st->page_count, detail));
}

/* Before the first frame: are the pictures of what it shows still being
 * prepared? Then it waits for them, a little, so the first page is
 * whole; the loop goes on meanwhile. */
static bool first_frame_waits(shell *sh, uint64_t now) {
    if (sh->frames > 0 || !sh->drawer.queue || now >= sh->first_frame_by) return false;
    state_frame f;
    state_frame_at(&sh->app.st, now, &f);
    int waiting = 0;
    for (int i = 0; i < f.count; i++)
        waiting += drawer_prepare(&sh->drawer, app_view(&sh->app, f.views[i].page, f.views[i].detail));
    return waiting > 0;
}

static void handle(shell *sh, const SDL_Event *e, uint64_t now) {
    if (is_touch(e)) {
        sh->touched = true;
        sh->last_touch = now;
    }
    if (shell_sync_installed(sh->sync, e)) {
        sh->sync_installed = true;   /* shown in shell_step, the staff screen closed */
        return;
    }
    if (!sh->screen_on && e->type != SDL_QUIT && e->type != SDL_RENDER_TARGETS_RESET &&
        e->type != SDL_RENDER_DEVICE_RESET) {
        /* Off: a touch only wakes the screen (the policy is asked at
         * once); the pages never see it, nor the rest of that finger's
         * moves (the gestures ignore an up they saw no down for). */
        if (is_touch(e)) sh->screen_due = 0;
        return;
    }
    if (shell_staff_event(sh->staff, e)) return;
    if (sh->picture_event && e->type == sh->picture_event) {
        /* A picture is ready: on screen as a placeholder, or for later. */
        if (sh->drawer.waiting > 0 || sh->frames == 0) sh->redraw = true;
        else if (!app_moving(&sh->app)) prepare_ahead(sh);
        return;
    }
    int ww = 1, wh = 1;
    SDL_GetWindowSize(sh->window, &ww, &wh);
    switch (e->type) {
    case SDL_QUIT: sh->quit = true; break;
    case SDL_FINGERDOWN:
    case SDL_FINGERMOTION:
    case SDL_FINGERUP: {
        /* Finger ids are per device; fold the device in. */
        int64_t id = (int64_t)e->tfinger.fingerId * 31 + (int64_t)e->tfinger.touchId;
        pointer_kind kind = e->type == SDL_FINGERDOWN     ? POINTER_DOWN
                            : e->type == SDL_FINGERMOTION ? POINTER_MOVE
                                                          : POINTER_UP;
        pointer(sh, kind, id, e->tfinger.x, e->tfinger.y, now);
        break;
    }
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (e->button.which == SDL_TOUCH_MOUSEID || e->button.button != SDL_BUTTON_LEFT) break;
        pointer(sh, e->type == SDL_MOUSEBUTTONDOWN ? POINTER_DOWN : POINTER_UP, MOUSE_POINTER_ID,
                (float)e->button.x / ww, (float)e->button.y / wh, now);
        break;
    case SDL_MOUSEMOTION:
        if (e->motion.which == SDL_TOUCH_MOUSEID || !(e->motion.state & SDL_BUTTON_LMASK)) break;
        pointer(sh, POINTER_MOVE, MOUSE_POINTER_ID, (float)e->motion.x / ww, (float)e->motion.y / wh, now);
        break;
    case SDL_MOUSEWHEEL:
        if (e->wheel.which == SDL_TOUCH_MOUSEID) break;
        app_wheel(&sh->app, (float)-e->wheel.y, now);
        sh->redraw = true;
        break;
    case SDL_KEYDOWN: {
        SDL_Keycode k = e->key.keysym.sym;
        if (k == SDLK_q && (e->key.keysym.mod & KMOD_CTRL)) {
            if (!sh->service) sh->quit = true;
            break;
        }
        int key = -1;
        switch (k) {
        case SDLK_RIGHT: key = APP_KEY_NEXT; break;
        case SDLK_LEFT: key = APP_KEY_PREV; break;
        case SDLK_RETURN: case SDLK_KP_ENTER: case SDLK_SPACE: key = APP_KEY_OPEN; break;
        case SDLK_ESCAPE: case SDLK_BACKSPACE: key = APP_KEY_BACK; break;
        case SDLK_UP: case SDLK_PAGEUP: key = APP_KEY_UP; break;
        case SDLK_DOWN: case SDLK_PAGEDOWN: key = APP_KEY_DOWN; break;
        default: break;
        }
        if (key >= 0) {
            app_key_press(&sh->app, (app_key)key, now);
            sh->redraw = true;
        }
        break;
    }
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_EXPOSED ||
            e->window.event == SDL_WINDOWEVENT_SHOWN ||
            e->window.event == SDL_WINDOWEVENT_RESTORED)
            sh->redraw = true;
        break;
    case SDL_RENDER_TARGETS_RESET:
    case SDL_RENDER_DEVICE_RESET:
        /* The GPU lost our textures: make them again. */
        drawer_release(&sh->drawer);
        sh->redraw = true;
        break;
    default: break;
    }
}

static void present(shell *sh, uint64_t now) {
    /* While something moves, draw the picture as it should look when this
     * frame reaches the glass, one refresh from now: the first frame after
     * a tap then already shows the detail coming in. */
    uint64_t at = app_moving(&sh->app) ? now + sh->frame_ms : now;
    state_frame f;
    state_frame_at(&sh->app.st, at, &f);
    forget_old_views(sh);
    if (sh->target) SDL_SetRenderTarget(sh->renderer, sh->target);
    /* The pages' area: below the staff preview's banner, or all of it. */
    int top = app_pages_top(&sh->app);
    if (top > 0)
        SDL_RenderSetViewport(sh->renderer, &(SDL_Rect){0, top, sh->logical_w, sh->logical_h - top});
    drawer_frame(&sh->drawer, &sh->app, &f);
    bool rebuilt;
    const layout_view *overlay = app_overlay_view(&sh->app, at, &rebuilt);
    if (overlay) {
        if (rebuilt) drawer_forget(&sh->drawer, overlay);
        drawer_view(&sh->drawer, overlay, 0, 0, 0);
    }
    if (top > 0) SDL_RenderSetViewport(sh->renderer, NULL);
    const layout_view *staff_view = app_staff_view(&sh->app, &rebuilt);
    if (staff_view) {
        if (rebuilt) drawer_forget(&sh->drawer, staff_view);
        drawer_view(&sh->drawer, staff_view, 0, 0, 0);
    }
    if (sh->target) {
        SDL_SetRenderTarget(sh->renderer, NULL);
        SDL_SetRenderDrawColor(sh->renderer, 0, 0, 0, 255);
        SDL_RenderClear(sh->renderer);
        SDL_Rect dst = {(sh->win_w - sh->logical_w) / 2, (sh->win_h - sh->logical_h) / 2,
                        sh->logical_w, sh->logical_h};
        SDL_RenderCopyEx(sh->renderer, sh->target, NULL, &dst, sh->rotation, NULL, SDL_FLIP_NONE);
    }
    SDL_RenderPresent(sh->renderer);
    if (sh->frames == 0) {
        SDL_Log("First frame at %llu ms", (unsigned long long)SDL_GetTicks64());
        if (notify_ready(&sh->notify, "showing the pages") != 0)
            SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION, "Could not tell systemd we are ready");
    }
    sh->frames++;
    sh->last_present = now;
    sh->shown_at = at;
    /* The first frame is drawn twice: under KMSDRM on virtio-gpu (the
     * whole-system test, tests/system) the first page flip set the mode
     * but left the screen black until a second frame came, which on an
     * idle kiosk could be a whole page-turn later. */
    sh->redraw = sh->frames == 1;
}

/* Read aloud: the player does what the app says (readaloud.h), and tells
 * it when a reading has been heard to its end. */
static void sync_speech(shell *sh) {
    if (!sh->speech) return;
    if (!sh->screen_on) app_speech_stop(&sh->app);
    unsigned serial;
    readaloud_state st = app_speech(&sh->app, &serial);
    int volume = app_speech_volume(&sh->app, sh->volume_setting);
    if (volume != sh->speech_volume) {
        SDL_Log("Read aloud: loudness %d%%", volume);
        speech_set_volume(sh->speech, volume);
        sh->speech_volume = volume;
        sh->redraw = true;   /* the loudness button shows it */
    }
    if (st == READALOUD_IDLE) {
        if (sh->speech_state != READALOUD_IDLE) speech_stop(sh->speech);
    } else if (serial != sh->speech_serial || sh->speech_state == READALOUD_IDLE) {
        const char *lang = "en";
        char *text = app_speech_text(&sh->app, &lang);
        if (text) {
            const char *recording = app_speech_recording(&sh->app);
            const char *name = recording ? strrchr(recording, '/') : NULL;
            char what[300];
            if (recording) SDL_snprintf(what, sizeof what, "the recording %s", name ? name + 1 : recording);
            else SDL_snprintf(what, sizeof what, "%zu bytes of text", strlen(text));
            SDL_Log("Read aloud: page %d%s in %s, %s", sh->app.speech.page + 1,
                    sh->app.speech.detail ? ", longer text" : "", lang, what);
            speech_play(sh->speech, text, lang, recording);
            if (st == READALOUD_PAUSED) speech_pause(sh->speech, true);
        }
    } else if (st != sh->speech_state) {
        speech_pause(sh->speech, st == READALOUD_PAUSED);
    }
    sh->speech_serial = serial;
    sh->speech_state = st;
    if (st == READALOUD_SPEAKING && speech_done(sh->speech) && app_speech_ended(&sh->app, serial)) {
        char voice[64];
        speech_voice(sh->speech, voice, sizeof voice);
        SDL_Log("Read aloud: heard to the end (voice %s)", voice[0] ? voice : "none");
        sh->speech_state = READALOUD_IDLE;
        sh->redraw = true;
    }
}

/* Opening hours: asks the screen policy when it is due, logs a new
 * reason, and switches the screen. */
static void update_screen(shell *sh, uint64_t now) {
    if (now < sh->screen_due) return;
    char clock_why[160] = "";
    bool synced = sh->hours.set && clock_synced(sh, clock_why, sizeof clock_why);
    schedule_screen_input in = {.wall = sh->wall(sh->clock_ctx), .clock_synchronised = synced,
                                .now_ms = now, .touched = sh->touched,
                                .last_touch_ms = sh->last_touch, .wake_ms = sh->wake_ms};
    schedule_screen out;
    schedule_screen_policy(&sh->hours, &in, &out);
    if ((int)out.why != sh->screen_now) {
        if (out.why == SCREEN_WOKEN) sh->wakes++;
        sh->screen_now = (int)out.why;
        notify_status(&sh->notify, out.reason); /* systemd keeps only the latest, in memory */
    }
    /* The log never dates a touch: a wake outside opening hours is not
     * logged as it starts or ends, only counted, and the count logged
     * once when the closed time is over. */
    int logged = out.why == SCREEN_WOKEN ? SCREEN_CLOSED : (int)out.why;
    if (logged != sh->screen_why) {
        char wakes[96] = "";
        if (sh->screen_why == SCREEN_CLOSED && sh->wakes > 0)
            snprintf(wakes, sizeof wakes, " (while closed, touches woke it %d time%s)", sh->wakes,
                     sh->wakes == 1 ? "" : "s");
        if (sh->screen_why == SCREEN_CLOSED || logged == SCREEN_CLOSED) sh->wakes = 0;
        sh->screen_why = logged;
        if (out.why == SCREEN_WOKEN) /* closing time came while it was in use */
            SDL_Log("Screen: outside opening hours now; on only for a while after a touch");
        else
            SDL_Log("Screen %s: %s%s%s%s", out.on ? "on" : "off", out.reason,
                    out.why == SCREEN_CLOCK_UNSYNCED ? "; " : "",
                    out.why == SCREEN_CLOCK_UNSYNCED ? clock_why : "", wakes);
    }
    if (out.on != sh->screen_on) {
        display_power_method m = display_power_set(&sh->power, out.on);
        sh->screen_on = out.on;
        if (out.on) {
            sh->redraw = true; /* a fresh picture at once */
        } else if (m == DISPLAY_POWER_BLACK) {
            /* Nothing could switch it off: one black frame, then no more. */
            SDL_SetRenderTarget(sh->renderer, NULL);
            SDL_SetRenderDrawColor(sh->renderer, 0, 0, 0, 255);
            SDL_RenderClear(sh->renderer);
            SDL_RenderPresent(sh->renderer);
        }
    }
    sh->screen_due = out.ms_until_change == UINT32_MAX ? UINT64_MAX : now + out.ms_until_change;
}

void shell_step(shell *sh, uint32_t max_wait_ms) {
    uint64_t now = sh->clock(sh->clock_ctx);
    uint32_t wait = app_wait_ms(&sh->app, now);
    if (sh->redraw || app_moving(&sh->app)) {
        /* Something moves: the next frame is due one refresh after the last. */
        uint64_t due = sh->last_present + sh->frame_ms;
        wait = due > now ? (uint32_t)(due - now) : 0;
    }
    if (sh->store) {
        /* Wake to save counts, and to see a page through its first 2 s. */
        uint32_t until = counts_wait_ms(&sh->counts, now, sh->last_commit);
        if (until < wait) wait = until;
    }
    if (!sh->screen_on) wait = UINT32_MAX; /* off: sleep until a touch or the policy */
    uint64_t due = sh->screen_due < sh->dates_due ? sh->screen_due : sh->dates_due;
    if (due != UINT64_MAX) {
        uint64_t until = due > now ? due - now : 0;
        if (until < wait) wait = (uint32_t)until;
    }
    uint32_t watchdog = notify_due_ms(&sh->notify, now);
    if (watchdog < wait) wait = watchdog;
    if (sh->holding && wait > SHELL_FIRST_FRAME_POLL_MS) wait = SHELL_FIRST_FRAME_POLL_MS;
    if (sh->speech_state == READALOUD_SPEAKING && wait > SHELL_SPEECH_POLL_MS)
        wait = SHELL_SPEECH_POLL_MS;
    if (wait > max_wait_ms) wait = max_wait_ms;
    SDL_Event e;
    if (SDL_WaitEventTimeout(&e, (int)(wait > INT32_MAX ? INT32_MAX : wait))) {
        now = sh->clock(sh->clock_ctx);
        handle(sh, &e, now);
        while (SDL_PollEvent(&e)) handle(sh, &e, now);
    }
    now = sh->clock(sh->clock_ctx);
    notify_tick(&sh->notify, now);
    if (now >= sh->dates_due) update_pages(sh, now, PAGES_TICK);
    if (sh->screen_on && app_tick(&sh->app, now)) sh->redraw = true;
    shell_staff_actions(sh->staff);
    if (sh->sync_installed && !staff_is_open(&sh->app.staff)) {
        /* From the inbox: the new content from its first page, as after a
         * stick; while staff are at the screen, once they close it. */
        sh->sync_installed = false;
        shell_staff_show_installed(sh->staff);
        sync_outbox(sh);
    }
    sync_speech(sh);
    if (sh->store) {
        /* While the screen is off, no page is on screen. */
        counts_screen screen = sh->screen_on ? app_screen(&sh->app)
                                             : (counts_screen){.page = NULL, .attract = true};
        counts_observe(&sh->counts, &screen, now, sh->wall(sh->clock_ctx));
        if (now >= counts_save_at(&sh->counts, sh->last_commit)) commit(sh, now);
    }
    sh->holding = sh->screen_on && sh->redraw && first_frame_waits(sh, now);
    if (sh->screen_on && sh->redraw && !sh->holding &&
        (app_moving(&sh->app) ? now >= sh->last_present + sh->frame_ms ||
                                                  sh->frames == 0
                                            : true)) {
        present(sh, now);
        shell_staff_after_present(sh->staff);
        if (!app_moving(&sh->app)) prepare_ahead(sh); /* so a slide starts at once */
    }
    /* After the first frame, so the service is READY even at night. */
    if (sh->frames > 0) update_screen(sh, now);
}

void shell_run(shell *sh) {
    while (!sh->quit) shell_step(sh, 60 * 1000);
}
