/* cli.c - the command table and its runner. See cli.h.
 * Adding a command: write its handler (int f(const cli_options *, int,
 * char **)) in its own file, add a row below, and its line in the
 * README's "Commands". The runner does the rest: shared options,
 * refusing the ones the command does not take, `kiosk --help`. */
#include "cli.h"

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "files.h"
#include "import_cmd.h"
#include "kiosk_cmd.h"
#include "paths.h"
#include "pin_cmd.h"
#include "runas.h"
#include "sign.h"
#include "sign_cmd.h"
#include "stats_cmd.h"

#ifndef KIOSK_VERSION
#define KIOSK_VERSION "0.1.0"
#endif

static int command_help(const cli_options *o, int argc, char **argv);
static int command_version(const cli_options *o, int argc, char **argv);
static int command_settings(const cli_options *o, int argc, char **argv);

#define ALL_SHARED (CLI_CONFIG | CLI_DATA | CLI_NAME | CLI_TRUSTED_KEYS)

/* The one table. The kiosk itself ("") comes first; --help lists the
 * rows in this order. */
const cli_command cli_commands[] = {
    {"", command_kiosk, ALL_SHARED,
     CLI_NEEDS_DISPLAY | CLI_NEEDS_THEME | CLI_NEEDS_DATA | CLI_NEEDS_SAFE_KEYS,
     "kiosk [--SETTING VALUE]...      run the kiosk (every setting below may be given)"},
    {"render", command_render, 0, CLI_NEEDS_THEME | CLI_NEEDS_FONTS,
     "kiosk render CONTENT_DIR --out DIR [--size WxH] [--screen-inches N] [--large-text]\n"
     "                                write a PNG of every page and detail view"},
    {"check", command_check, CLI_TRUSTED_KEYS, CLI_NEEDS_THEME | CLI_NEEDS_FONTS,
     "kiosk check CONTENT_DIR [--today YYYY-MM-DD]\n"
     "                                check a content folder and say what to fix; with\n"
     "                                --trusted-keys, also whether its signature is trusted;\n"
     "                                pages with dates as on that day (default: today)"},
    {"import", command_import, CLI_CONFIG | CLI_DATA | CLI_TRUSTED_KEYS,
     CLI_NEEDS_DATA | CLI_NEEDS_SAFE_KEYS,
     "kiosk import CONTENT_DIR        install new content, all or nothing\n"
     "kiosk import --rollback         go back to the content before"},
    {"keygen", command_keygen, 0, 0,
     "kiosk keygen NAME               a key pair for signing content"},
    {"sign", command_sign, 0, 0,
     "kiosk sign CONTENT_DIR --key NAME.secret\n"
     "                                sign a content folder for IT-managed kiosks"},
    {"pin", command_pin, CLI_CONFIG | CLI_DATA, CLI_NEEDS_DATA,
     "kiosk pin set | status | clear  the staff PIN for the keypad (set asks twice,\n"
     "                                or reads one line from a pipe)"},
    {"stats", command_stats, CLI_CONFIG | CLI_DATA | CLI_NAME, CLI_NEEDS_THEME | CLI_NEEDS_DATA,
     "kiosk stats [--from D] [--to D] [--csv] | export DIR | merge PATH...\n"
     "                                page-view counts"},
    {"settings", command_settings, 0, 0,
     "kiosk settings --markdown       the settings as a Markdown table"},
    {"--help", command_help, 0, 0, "kiosk --help | --version"},
    {"-h", command_help, 0, 0, NULL},
    {"--version", command_version, 0, 0, NULL},
};
const int cli_command_count = (int)(sizeof cli_commands / sizeof cli_commands[0]);

/* ---- the shared options ---- */

typedef struct {
    unsigned bit;
    const char *option;  /* as written after "--" */
    const char *value;   /* in --help */
    const char *setting; /* config.c's setting it sets; NULL: --config */
    const char *what;    /* for --help and for a refusal */
} shared_option;

static const shared_option shared_options[] = {
    {CLI_CONFIG, "config", "FILE", NULL,
     "the settings file (default " CONFIG_DEFAULT_FILE ", if it exists)"},
    {CLI_DATA, "data", "DIR", "data",
     "the data folder: installed content, the staff PIN, the page-view counts"},
    {CLI_NAME, "name", "TEXT", "name", "the kiosk's name on page-view reports"},
    {CLI_TRUSTED_KEYS, "trusted-keys", "FILE", "trusted_keys",
     "public keys whose signed content installs without the PIN"},
};
#define SHARED_COUNT ((int)(sizeof shared_options / sizeof shared_options[0]))

/* The shared option arg names ("--data", "--data=DIR", "--trusted_keys"),
 * or -1. *inline_value is what follows '=', or NULL. */
static int find_shared(const char *arg, const char **inline_value) {
    *inline_value = NULL;
    if (strncmp(arg, "--", 2) != 0) return -1;
    const char *eq = strchr(arg, '=');
    size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
    char name[32];
    if (len == 0 || len >= sizeof name) return -1;
    memcpy(name, arg + 2, len);
    name[len] = '\0';
    for (int k = 0; k < SHARED_COUNT; k++) {
        const shared_option *s = &shared_options[k];
        bool same = s->setting ? config_find(name) >= 0 && config_find(name) == config_find(s->setting)
                               : strcmp(name, s->option) == 0;
        if (!same) continue;
        if (eq) *inline_value = eq + 1;
        return k;
    }
    return -1;
}

/* Takes the shared options out of argv[1..argc): their values go to
 * values[], the other words to rest (in order, *rest_count of them).
 * Returns 0, or 2 with the message printed. */
static int take_shared(int argc, char **argv, const char **values, unsigned *given, char **rest,
                       int *rest_count) {
    *given = 0;
    *rest_count = 0;
    for (int i = 1; i < argc; i++) {
        const char *value;
        int k = find_shared(argv[i], &value);
        if (k < 0) {
            rest[(*rest_count)++] = argv[i];
            continue;
        }
        if (!value && i + 1 < argc) value = argv[++i];
        if (!value) {
            fprintf(stderr, "kiosk: --%s needs a value: --%s %s (see kiosk --help)\n",
                    shared_options[k].option, shared_options[k].option, shared_options[k].value);
            return 2;
        }
        values[k] = value;
        *given |= shared_options[k].bit;
    }
    rest[*rest_count] = NULL;
    return 0;
}

/* "kiosk", or "kiosk pin". */
static void command_title(const cli_command *c, char *out, size_t size) {
    snprintf(out, size, "kiosk%s%s", c->name[0] ? " " : "", c->name);
}

/* The commands that take the shared option bit, as "kiosk, kiosk stats". */
static void takers(unsigned bit, char *out, size_t size) {
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < cli_command_count && used < size; i++) {
        if (!(cli_commands[i].options & bit)) continue;
        char title[64];
        command_title(&cli_commands[i], title, sizeof title);
        used += (size_t)snprintf(out + used, size - used, "%s%s", used ? ", " : "", title);
    }
}

/* A shared option the command has no use for is accepted (every command
 * takes every shared option, in both forms), with a note naming the
 * commands it is for, so nobody thinks it did something. Returns 0. */
static int note_unused(const cli_command *c, unsigned given) {
    for (int k = 0; k < SHARED_COUNT; k++) {
        const shared_option *s = &shared_options[k];
        if (!(given & s->bit) || (c->options & s->bit)) continue;
        char title[64], who[256];
        command_title(c, title, sizeof title);
        takers(s->bit, who, sizeof who);
        fprintf(stderr, "%s: note: --%s (%s) does nothing for %s; it is for: %s\n", title,
                s->option, s->what, title, who);
    }
    return 0;
}

/* ---- settings, theme, data folder ---- */

/* Defaults, then the config file (if the command takes --config: the
 * given one, else the default file if it exists), then the shared options
 * given that the command takes (the others only get a note). Returns 0,
 * or 2 with the message printed. */
static int load_settings(cli_options *o, const cli_command *c, const char *const *values) {
    config_defaults(&o->cfg, o->content_dir);
    /* shared_options[0] is --config */
    const char *file = (c->options & CLI_CONFIG) ? values[0] : NULL;
    if (!file && (c->options & CLI_CONFIG) && access(CONFIG_DEFAULT_FILE, R_OK) == 0)
        file = CONFIG_DEFAULT_FILE;
    if (file) {
        diag_list d;
        diag_list_init(&d);
        int rc = config_load_file(&o->cfg, file, &d);
        diag_list_print(&d, stderr, "kiosk: ");
        diag_list_release(&d);
        if (rc != 0) return 2;
    }
    for (int k = 0; k < SHARED_COUNT; k++) {
        if (!values[k] || !shared_options[k].setting || !(c->options & shared_options[k].bit))
            continue;
        char err[256];
        if (config_set(&o->cfg, shared_options[k].setting, values[k], err, sizeof err) != 0) {
            fprintf(stderr, "kiosk: %s (see kiosk --help)\n", err);
            return 2;
        }
    }
    if (o->cfg.name[0]) snprintf(o->kiosk_name, sizeof o->kiosk_name, "%s", o->cfg.name);
    else if (gethostname(o->kiosk_name, sizeof o->kiosk_name) != 0) o->kiosk_name[0] = '\0';
    o->kiosk_name[sizeof o->kiosk_name - 1] = '\0';
    return 0;
}

static int load_theme(theme *t, const char *assets_dir) {
    theme_defaults(t);
    char path[PATH_MAX];
    if (!files_join(path, sizeof path, assets_dir, "theme.ini")) {
        fprintf(stderr, "kiosk: the assets folder's name is too long: %s\n", assets_dir);
        return 2;
    }
    diag_list d;
    diag_list_init(&d);
    int rc = access(path, R_OK) == 0 ? theme_load(t, path, &d) : 0;
    diag_list_print(&d, stderr, "kiosk: ");
    diag_list_release(&d);
    return rc == 0 ? 0 : 2;
}

/* A trusted-keys file that others may change would let them install
 * content without the PIN: the kiosk and kiosk import refuse to start.
 * Returns 0, or 2 with the message printed. */
static int check_trusted_keys(const config *cfg) {
    char err[CONFIG_PATH_MAX * 2 + 400];
    if (sign_trusted_keys_check(cfg->trusted_keys, err, sizeof err) == 0) return 0;
    fprintf(stderr, "kiosk: %s. Nothing was started.\n", err);
    return 2;
}

/* The data folder, made; run as root, from here on act as its owner, so
 * later installs and Roll back by the service work. Returns 0, or 2 with
 * the message printed. */
static int prepare_data(cli_options *o) {
    char err[600];
    int found = paths_data_dir(o->cfg.data, "/var/lib/kiosk", o->data_dir, sizeof o->data_dir, err,
                               sizeof err);
    if (found != 0) fprintf(stderr, "kiosk: %s\n", err);
    if (found < 0) return 2; /* read-only (1): go on, showing what is there */
    bool switched;
    char user[64];
    if (runas_data_owner(o->data_dir, &switched, user, sizeof user, err, sizeof err) != 0) {
        fprintf(stderr, "kiosk: %s\n", err);
        return 2;
    }
    if (switched)
        fprintf(stderr, "kiosk: run as root: acting as %s, the owner of %s\n", user, o->data_dir);
    return 0;
}

/* ---- the runner ---- */

/* The row for the first word of rest, or the kiosk itself when there is
 * no word or it is an option. NULL for an unknown command. */
static const cli_command *find_command(char **rest, int rest_count, int *skip) {
    *skip = 0;
    for (int i = 1; rest_count > 0 && i < cli_command_count; i++)
        if (strcmp(rest[0], cli_commands[i].name) == 0) {
            *skip = 1;
            return &cli_commands[i];
        }
    if (rest_count == 0 || rest[0][0] == '-') return &cli_commands[0];
    return NULL;
}

int cli_run(int argc, char **argv) {
    static cli_options o; /* large (config, theme): not on the stack */
    memset(&o, 0, sizeof o);
    char assets_dir[PATH_MAX], content_dir[PATH_MAX];
    paths_find(assets_dir, sizeof assets_dir, content_dir, sizeof content_dir);
    o.assets_dir = assets_dir;
    o.content_dir = content_dir;
    o.argv = argv;

    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    if (!rest) {
        fprintf(stderr, "kiosk: out of memory\n");
        return 1;
    }
    const char *values[SHARED_COUNT] = {NULL};
    int rest_count, skip, rc = take_shared(argc, argv, values, &o.given, rest, &rest_count);
    const cli_command *c = rc == 0 ? find_command(rest, rest_count, &skip) : NULL;
    if (rc == 0 && !c) {
        fprintf(stderr, "kiosk: there is no command \"%s\" (kiosk --help lists them)\n", rest[0]);
        rc = 2;
    }
    if (rc == 0) rc = note_unused(c, o.given);
    if (rc == 0) rc = load_settings(&o, c, values);
    if (rc == 0 && (c->needs & CLI_NEEDS_SAFE_KEYS)) rc = check_trusted_keys(&o.cfg);
    if (rc == 0 && (c->needs & CLI_NEEDS_THEME)) rc = load_theme(&o.th, assets_dir);
    if (rc == 0 && (c->needs & CLI_NEEDS_DATA)) rc = prepare_data(&o);
    bool fonts = rc == 0 && (c->needs & CLI_NEEDS_FONTS);
    if (fonts && TTF_Init() != 0) {
        fprintf(stderr, "kiosk: cannot start SDL_ttf: %s\n", TTF_GetError());
        rc = 1;
        fonts = false;
    }
    if (rc == 0) rc = c->run(&o, rest_count - skip, rest + skip);
    if (fonts) TTF_Quit();
    free(rest);
    return rc;
}

/* ---- help, version, settings ---- */

static int command_help(const cli_options *o, int argc, char **argv) {
    (void)o, (void)argv;
    FILE *out = argc == 0 ? stdout : stderr;
    if (argc > 0) fprintf(stderr, "kiosk --help: unexpected \"%s\"\n", argv[0]);
    fprintf(out, "kiosk %s - touch-screen pages for clinic waiting rooms\n\nusage:\n",
            KIOSK_VERSION);
    for (int i = 0; i < cli_command_count; i++) {
        const cli_command *c = &cli_commands[i];
        if (!c->usage) continue;
        for (const char *line = c->usage; *line;) {
            size_t n = strcspn(line, "\n");
            fprintf(out, "  %.*s\n", (int)n, line);
            line += n + (line[n] == '\n');
        }
        if (!c->options && !(c->needs & CLI_NEEDS_DISPLAY)) continue;
        fprintf(out, "%34s", "");
        if (c->needs & CLI_NEEDS_DISPLAY) fprintf(out, "needs a screen; ");
        fprintf(out, "takes");
        for (int k = 0, n = 0; k < SHARED_COUNT; k++)
            if (c->options & shared_options[k].bit)
                fprintf(out, "%s --%s", n++ ? "," : "", shared_options[k].option);
        fprintf(out, "\n");
    }
    fprintf(out, "\nshared options, as --opt VALUE or --opt=VALUE, before or after the "
                 "command's words;\na command that does not use one says so in a note, and goes on:\n");
    for (int k = 0; k < SHARED_COUNT; k++) {
        char option[48];
        snprintf(option, sizeof option, "--%s %s", shared_options[k].option,
                 shared_options[k].value);
        fprintf(out, "  %-22s %s\n", option, shared_options[k].what);
    }
    fprintf(out, "\nsettings, for the kiosk (--SETTING VALUE), or in the settings file:\n");
    config_print_help(out);
    fprintf(out, "\nkeys: arrows turn pages and scroll, Enter opens, Escape goes back, "
                 "Ctrl+Q quits.\n");
    return argc == 0 ? 0 : 2;
}

static int command_version(const cli_options *o, int argc, char **argv) {
    (void)o;
    if (argc > 0) {
        fprintf(stderr, "kiosk --version: unexpected \"%s\"\n", argv[0]);
        return 2;
    }
    SDL_version sdl;
    SDL_GetVersion(&sdl);
    const SDL_version *ttf = TTF_Linked_Version(), *img = IMG_Linked_Version();
    printf("kiosk %s (SDL %d.%d.%d, SDL_ttf %d.%d.%d, SDL_image %d.%d.%d)\n", KIOSK_VERSION,
           sdl.major, sdl.minor, sdl.patch, ttf->major, ttf->minor, ttf->patch, img->major,
           img->minor, img->patch);
    return 0;
}

static int command_settings(const cli_options *o, int argc, char **argv) {
    (void)o;
    if (argc > 1 || (argc == 1 && strcmp(argv[0], "--markdown") != 0)) {
        fprintf(stderr, "usage: kiosk settings --markdown\n"
                        "  prints the settings as the Markdown table in README.md\n");
        return 2;
    }
    config_print_markdown(stdout);
    return 0;
}
