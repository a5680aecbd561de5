/* commands.c - `kiosk render` and `kiosk check`. See commands.h. */
#include "commands.h"

#include <limits.h>
#include <SDL_image.h>
#include <errno.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "config.h"
#include "files.h"
#include "layout.h"
#include "fonts.h"
#include "offscreen.h"
#include "picture.h"
#include "showdates.h"
#include "sound.h"
#include "sign.h"

/* ---- kiosk render ---- */
static int save(SDL_Surface *s, const char *dir, const char *name) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (IMG_SavePNG(s, path) != 0) {
        fprintf(stderr, "kiosk render: cannot write %s: %s\n", path, IMG_GetError());
        return -1;
    }
    printf("%s\n", path);
    return 0;
}

static int render_pages(offscreen *o, const content *c, const char *out);

int command_render(const cli_options *opt, int argc, char **argv) {
    const char *dir = NULL, *out = NULL, *size = "1280x800";
    double inches = 0;
    bool large_text = false;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--out") == 0 && i + 1 < argc) out = argv[++i];
        else if (strcmp(argv[i], "--large-text") == 0) large_text = true;
        else if (strcmp(argv[i], "--size") == 0 && i + 1 < argc) size = argv[++i];
        else if (strcmp(argv[i], "--screen-inches") == 0 && i + 1 < argc) inches = atof(argv[++i]);
        else if (argv[i][0] != '-' && !dir) dir = argv[i];
        else {
            fprintf(stderr, "kiosk render: unexpected \"%s\"\n", argv[i]);
            dir = NULL;
            break;
        }
    }
    int w, h;
    if (!dir || !out || config_parse_size(size, &w, &h) != 0) {
        fprintf(stderr, "usage: kiosk render CONTENT_DIR --out DIR [--size WxH] [--screen-inches N]\n"
                        "                    [--large-text]\n"
                        "  writes a PNG of every page and every detail view (default size 1280x800);\n"
                        "  the content's own language in DIR, each other language in DIR/CODE;\n"
                        "  --large-text: as after a tap on the \"Aa\" button\n");
        return 2;
    }
    if (mkdir(out, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "kiosk render: cannot create %s: %s\n", out, strerror(errno));
        return 1;
    }
    diag_list diags;
    diag_list_init(&diags);
    content c;
    content_load(&c, dir, &diags);
    diag_list_print(&diags, stderr, "");
    offscreen o;
    char err[512];
    int rc = 0;
    if (offscreen_open(&o, &c, &opt->th, opt->assets_dir, w, h, inches, err, sizeof err) != 0) {
        fprintf(stderr, "kiosk render: %s\n", err);
        rc = 1;
        goto out;
    }
    offscreen_set_large_text(&o, large_text);
    if (c.page_count == 0) rc |= save(offscreen_draw(&o, 0, false, 0), out, "back-soon.png");
    /* The content's own language in DIR, every other in DIR/CODE. */
    for (int lang = 0; lang < app_language_count(&o.app); lang++) {
        offscreen_set_language(&o, lang);
        char lang_out[PATH_MAX];
        if (lang == 0) {
            snprintf(lang_out, sizeof lang_out, "%s", out);
        } else if (!files_join(lang_out, sizeof lang_out, out, app_language(&o.app)) ||
                   (mkdir(lang_out, 0755) != 0 && errno != EEXIST)) {
            fprintf(stderr, "kiosk render: cannot create %s/%s: %s\n", out, app_language(&o.app),
                    strerror(errno));
            rc = 1;
            break;
        }
        rc |= render_pages(&o, &c, lang_out);
    }
    offscreen_close(&o);
out:
    content_release(&c);
    diag_list_release(&diags);
    return rc ? 1 : 0;
}

/* Every page and detail view of c, in the language o draws in, into dir. */
static int render_pages(offscreen *o, const content *c, const char *out) {
    int rc = 0;
    for (int p = 0; p < c->page_count; p++) {
        char name[400];
        const content_page *pg = &c->pages[p];
        snprintf(name, sizeof name, "%02d-%s.png", p + 1, pg->id);
        rc |= save(offscreen_draw(o, p, false, 0), out, name);
        if (!pg->texts[content_text_index(pg, app_language(&o->app))].has_detail) continue;
        const layout_view *v = app_view(&o->app, p, true);
        /* The detail, one screen at a time, so all of its text is seen. */
        int step = v->body_h * 4 / 5;
        for (int k = 0, scroll = 0;; k++, scroll += step) {
            if (scroll > v->scroll_max) scroll = v->scroll_max;
            if (k == 0) snprintf(name, sizeof name, "%02d-%s-detail.png", p + 1, pg->id);
            else snprintf(name, sizeof name, "%02d-%s-detail-%d.png", p + 1, pg->id, k + 1);
            rc |= save(offscreen_draw(o, p, true, (float)scroll), out, name);
            if (scroll >= v->scroll_max || k > 50) break;
        }
    }
    return rc;
}

/* ---- kiosk check ---- */

/* A warning for each line of a page file with a character that no font
 * on this kiosk draws (it would be a box), naming the character. */
static void check_characters(fonts *f, const content *c, diag_list *diags) {
    for (int p = 0; p < c->page_count; p++)
        for (int k = 0; k < c->pages[p].text_count; k++) {
            const char *file = c->pages[p].texts[k].file;
            FILE *in = fopen(file, "rb");
            if (!in) continue; /* content_load said what was wrong with it */
            char line[4096];
            int number = 0, told = 0;
            while (fgets(line, sizeof line, in) && told < 5) {
                number++;
                uint32_t code = 0;
                for (int face = 0; face < THEME_FACE_COUNT && !code; face++)
                    code = fonts_missing(f, (font_face)face, line, strlen(line));
                if (!code) continue;
                /* The character itself, as UTF-8, beside its number. */
                char shown[8];
                int n = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
                static const unsigned char lead[] = {0, 0, 0xC0, 0xE0, 0xF0};
                uint32_t rest = code;
                for (int b = n - 1; b > 0; b--, rest >>= 6) shown[b] = (char)(0x80 | (rest & 0x3F));
                shown[0] = (char)(n == 1 ? rest : (lead[n] | rest));
                shown[n] = '\0';
                diag_add(diags, DIAG_WARNING, file, number,
                         "no font on this kiosk draws \"%s\" (U+%04X): it would show as a box; "
                         "use another character, or install a font that has it",
                         shown, (unsigned)code);
                told++;
            }
            fclose(in);
        }
}

/* With --trusted-keys FILE: is dir signed with one of its keys, as kiosk
 * import and the staff screen will ask? Problems go to diags; returns
 * what it means for installing, or NULL when no file was given. */
static const char *check_signature(const cli_options *opt, const char *dir, diag_list *diags) {
    if (!(opt->given & CLI_TRUSTED_KEYS)) return NULL;
    const char *keys = opt->cfg.trusted_keys;
    char err[CONFIG_PATH_MAX * 2 + 400];
    if (sign_trusted_keys_check(keys, err, sizeof err) != 0) {
        diag_add(diags, DIAG_ERROR, keys, 0, "%s", err);
        return "the signature was not checked";
    }
    if (access(keys, F_OK) != 0)
        diag_add(diags, DIAG_WARNING, keys, 0, "there is no such file, so no key is trusted");
    switch (sign_verify(dir, keys, diags)) {
    case SIGN_VALID: return "signed with a trusted key: kiosk import installs it without the PIN";
    case SIGN_BAD: return "the signature does not check out: kiosk import refuses this folder";
    case SIGN_NONE: break;
    }
    return "not signed: the staff PIN is needed to install it";
}
/* The page view's title at one screen size (layout_view's title_*). */
typedef struct {
    int w, h;
    int px, full_px, lines;
    bool cut;
    bool seen;
} title_fit;

/* One warning on the title's line when the page view set it smaller or
 * cut it at any of the sizes kiosk check lays pages out at, saying what
 * it did at each: the words come from the layout, not a guess. */
static void check_title(diag_list *diags, const content_text *txt, const title_fit *fits, int n) {
    bool cut = false, smaller = false;
    for (int k = 0; k < n; k++) {
        if (!fits[k].seen) continue;
        cut |= fits[k].cut;
        smaller |= fits[k].px < fits[k].full_px;
    }
    if (!cut && !smaller) return;
    char words[600];
    size_t len = 0;
    for (int k = 0; k < n && len < sizeof words; k++) {
        const title_fit *f = &fits[k];
        if (!f->seen) continue;
        char size[80];
        if (f->px < f->full_px) snprintf(size, sizeof size, "%d px instead of %d", f->px, f->full_px);
        else snprintf(size, sizeof size, "its full size, %d px", f->px);
        int wrote = snprintf(words + len, sizeof words - len, "%sat %dx%d at %s, on %d line%s%s",
                             len ? "; " : "", f->w, f->h, size, f->lines, f->lines == 1 ? "" : "s",
                             f->cut ? ", and cut short with \"\xE2\x80\xA6\"" : "");
        if (wrote < 0) break;
        len += (size_t)wrote;
    }
    if (cut)
        diag_add(diags, DIAG_WARNING, txt->file, txt->title_line,
                 "the title does not fit on the page even when drawn smaller: %s; shorten it "
                 "(under 40 characters reads best)",
                 words);
    else
        diag_add(diags, DIAG_WARNING, txt->file, txt->title_line,
                 "the title is long, so the page draws it smaller to keep room for the short "
                 "text: %s",
                 words);
}

int command_check(const cli_options *opt, int argc, char **argv) {
    /* Pages with dates are judged on this computer's local day, or on
     * --today's ("what will the kiosk show on the 10th?"). */
    int32_t today = showdates_today(time(NULL));
    char why[160];
    if (argc == 3 && strcmp(argv[1], "--today") == 0 &&
        showdates_parse(argv[2], &today, why, sizeof why) != 0) {
        fprintf(stderr, "kiosk check: --today: %s\n", why);
        return 2;
    }
    if ((argc != 1 && !(argc == 3 && strcmp(argv[1], "--today") == 0)) || argv[0][0] == '-') {
        fprintf(stderr, "usage: kiosk check CONTENT_DIR [--today YYYY-MM-DD] [--trusted-keys FILE]\n"
                        "  checks a content folder and says what to fix; with --trusted-keys,\n"
                        "  also whether it is signed with one of those keys; pages with dates\n"
                        "  are judged as on --today's day (default: today, by this computer)\n");
        return 2;
    }
    const char *dir = argv[0];
    diag_list diags;
    diag_list_init(&diags);
    content c;
    content_load(&c, dir, &diags);

    /* Decode every picture in full, through the picture gate, as kiosk
     * import and the staff screen will. */
    int pictures = picture_check_content(&c, &diags);
    int recordings = sound_check_content(&c, &diags);
    /* Does each page's short text fit on the smallest screens? Is a
     * picture far smaller than the frame it fills (blown up, blurred)? */
    static const struct { int w, h; } sizes[] = {{800, 480}, {720, 1280}};
    enum { CHECK_SIZES = sizeof sizes / sizeof sizes[0] };
    bool *told_small = calloc((size_t)c.page_count + 1, sizeof *told_small);
    /* Each text's title (every language), numbered page by page: text
     * k of page p is titles[first_text[p] + k]. */
    int *first_text = calloc((size_t)c.page_count + 1, sizeof *first_text);
    int text_total = 0;
    for (int p = 0; first_text && p < c.page_count; p++) {
        first_text[p] = text_total;
        text_total += c.pages[p].text_count;
    }
    title_fit (*titles)[CHECK_SIZES] = first_text ? calloc((size_t)text_total + 1, sizeof *titles) : NULL;
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0] && c.page_count > 0; k++) {
        offscreen o;
        char err[512];
        if (offscreen_open(&o, &c, &opt->th, opt->assets_dir, sizes[k].w, sizes[k].h, 0, err, sizeof err) != 0) {
            diag_add(&diags, DIAG_ERROR, dir, 0, "%s", err);
            break;
        }
        if (k == 0) check_characters(&o.fonts, &c, &diags);
        for (int p = 0; p < c.page_count; p++) {
            const layout_view *v = app_view(&o.app, p, false);
            if (v && v->overflow)
                diag_add(&diags, DIAG_WARNING, c.pages[p].texts[0].file, 0,
                         "on a %dx%d screen the short text does not fit and is cut short; "
                         "shorten it",
                         sizes[k].w, sizes[k].h);
            else if (v && v->text_scale < 0.8f)
                diag_add(&diags, DIAG_WARNING, c.pages[p].texts[0].file, 0,
                         "on a %dx%d screen the short text is drawn at %d%% of its size to "
                         "fit; a shorter text is easier to read from a distance",
                         sizes[k].w, sizes[k].h, (int)(v->text_scale * 100 + 0.5f));
            const content_image *img = &c.pages[p].image;
            bool raster = img->path && img->info.kind != IMAGE_SVG; /* SVGs scale */
            for (int i = 0; v && raster && told_small && !told_small[p] && i < v->item_count; i++) {
                const layout_item *it = &v->items[i];
                if (it->kind != LAYOUT_ITEM_IMAGE) continue;
                /* Blown up more than 3 times in both directions. */
                if (img->info.width * 3 < it->w && img->info.height * 3 < it->h) {
                    told_small[p] = true;
                    diag_add(&diags, DIAG_WARNING, c.pages[p].texts[0].file, img->line,
                             "images/%s is only %dx%d pixels, but on a %dx%d screen it fills "
                             "%dx%d, so it will look blurred; use a picture at least %dx%d",
                             img->name, img->info.width, img->info.height, sizes[k].w,
                             sizes[k].h, it->w, it->h, it->w, it->h);
                }
            }
        }
        /* Every page's title in every language it is translated into:
         * a translated title may be longer than the original. */
        for (int l = 0; titles && l < c.language_count; l++) {
            offscreen_set_language(&o, l);
            for (int p = 0; p < c.page_count; p++) {
                int t = -1;
                for (int i = 0; i < c.pages[p].text_count; i++)
                    if (strcmp(c.pages[p].texts[i].lang, c.languages[l]) == 0) t = i;
                if (l == 0) t = 0;
                if (t < 0) continue; /* shown in the content's own language */
                const layout_view *v = app_view(&o.app, p, false);
                if (v)
                    titles[first_text[p] + t][k] =
                        (title_fit){sizes[k].w, sizes[k].h, v->title_px, v->title_full_px,
                                    v->title_lines, v->title_cut, true};
            }
        }
        offscreen_close(&o);
    }
    free(told_small);
    for (int p = 0; titles && p < c.page_count; p++)
        for (int t = 0; t < c.pages[p].text_count; t++)
            check_title(&diags, &c.pages[p].texts[t], titles[first_text[p] + t], CHECK_SIZES);
    free(titles);
    free(first_text);
    const char *signature = check_signature(opt, dir, &diags);
    /* Translations awaiting a native speaker: a note per language, not a
     * warning, since the folder is fine to show. */
    content_note_reviews(&c, &diags);
    /* Pages with dates: which are live today, which wait, which ended. */
    showdates_notes(&c, today, &diags);
    showdates_count dated = showdates_counted(&c, today);
    char today_text[SHOWDATES_TEXT_MAX + 4], shown[80] = "";
    showdates_format(today, today_text, sizeof today_text);
    if (dated.dated > 0)
        snprintf(shown, sizeof shown, " (%d shown on %s)", dated.live, today_text);
    if (dated.dated > 0 && dated.live == 0 && c.page_count > 0) {
        char *pages_dir = files_joined(dir, "pages");
        diag_add(&diags, DIAG_WARNING, pages_dir ? pages_dir : dir, 0,
                 "no page is shown on %s: each waits for its date or has ended, so the kiosk "
                 "shows \"Back soon\"; add a page without dates, or change the dates",
                 today_text);
        free(pages_dir);
    }
    diag_list_print(&diags, stdout, "");
    if (signature) printf("%s: %s\n", dir, signature);
    bool ok = diags.errors == 0 && c.page_count > 0;
    char notes[48] = "";
    if (diags.notes > 0)
        snprintf(notes, sizeof notes, ", %d note%s", diags.notes, diags.notes == 1 ? "" : "s");
    char sounds[48] = "";
    if (recordings > 0)
        snprintf(sounds, sizeof sounds, ", %d recording%s", recordings, recordings == 1 ? "" : "s");
    printf("%s: %d page%s%s, %d picture%s%s, %d error%s, %d warning%s%s: %s\n", dir, c.page_count,
           c.page_count == 1 ? "" : "s", shown, pictures, pictures == 1 ? "" : "s", sounds, diags.errors,
           diags.errors == 1 ? "" : "s", diags.warnings, diags.warnings == 1 ? "" : "s", notes,
           ok ? "OK, the kiosk can show this folder"
              : "NOT OK, fix the errors above (the kiosk would leave those pages out)");
    content_release(&c);
    diag_list_release(&diags);
    return ok ? 0 : 1;
}
