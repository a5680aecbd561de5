/* main.c - the kiosk's command line. Start reading here.
 *
 * The program is a pure core and a thin SDL shell:
 *   core (no SDL): config.c (settings table), content.c + markdown.c +
 *     imageinfo.c (content folders), layout.c (where things go),
 *     gesture.c (touches to gestures), state.c (what is on screen when),
 *     app.c (those put together), touchmap.c (rotation).
 *   shell (SDL): shell.c (window, events, frames), draw.c, fonts.c,
 *     picture.c, commands.c (render and check, with no display).
 * `kiosk` with no command runs the kiosk: main() -> shell_open ->
 * shell_run, which sleeps until an event or a timer and draws only when
 * the state machine says the picture changed. */
#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "config.h"
#include "content.h"
#include "import.h"
#include "import_cmd.h"
#include "paths.h"
#include "runas.h"
#include "pin_cmd.h"
#include "shell.h"
#include "sign.h"
#include "sign_cmd.h"
#include "stats_cmd.h"
#include "theme.h"

#ifndef KIOSK_VERSION
#define KIOSK_VERSION "0.1.0"
#endif

static void usage(FILE *out) {
    fprintf(out,
            "kiosk %s - touch-screen pages for clinic waiting rooms\n\n"
            "usage:\n"
            "  kiosk [--config FILE] [--SETTING VALUE]...   run the kiosk\n"
            "  kiosk render CONTENT_DIR --out DIR [--size WxH]\n"
            "                                  write a PNG of every page and detail view\n"
            "  kiosk check CONTENT_DIR         check a content folder and say what to fix\n"
            "  kiosk import CONTENT_DIR        install new content, all or nothing\n"
            "  kiosk import --rollback         go back to the content before\n"
            "  kiosk keygen NAME               a key pair for signing content\n"
            "  kiosk sign CONTENT_DIR --key NAME.secret\n"
            "                                  sign a content folder for IT-managed kiosks\n"
            "  kiosk pin set | status | clear  the staff PIN for the keypad (set asks twice,\n"
            "                                  or reads one line from a pipe)\n"
            "  kiosk stats [--from D] [--to D] [--csv] | export DIR | merge FILE.csv...\n"
            "                                  page-view counts\n"
            "  kiosk settings --markdown       the settings as a Markdown table\n"
            "  kiosk --help | --version\n\n"
            "options:\n"
            "  --config FILE          settings file (default %s, if it exists)\n",
            KIOSK_VERSION, CONFIG_DEFAULT_FILE);
    config_print_help(out);
    fprintf(out, "\nkeys: arrows turn pages and scroll, Enter opens, Escape goes back, "
                 "Ctrl+Q quits.\n");
}

static int load_theme(theme *t, const char *assets_dir) {
    theme_defaults(t);
    char path[1100];
    snprintf(path, sizeof path, "%s/theme.ini", assets_dir);
    diag_list d;
    diag_list_init(&d);
    int rc = access(path, R_OK) == 0 ? theme_load(t, path, &d) : 0;
    diag_list_print(&d, stderr, "kiosk: ");
    diag_list_release(&d);
    return rc;
}

/* Settings, lowest first: defaults, the config file (--config FILE, or
 * the default file if it exists), then "--name value" options. With
 * `only`, just those settings are taken from the command line and other
 * words are left for the subcommand. Returns 0, or 2 with the message
 * printed. */
static int load_settings(config *cfg, int argc, char **argv, const char *content_dir,
                         const char *const *only) {
    config_defaults(cfg, content_dir);
    const char *config_file = NULL;
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) config_file = argv[i + 1];
        else if (strncmp(argv[i], "--config=", 9) == 0) config_file = argv[i] + 9;
    if (!config_file && access(CONFIG_DEFAULT_FILE, R_OK) == 0) config_file = CONFIG_DEFAULT_FILE;
    diag_list d;
    diag_list_init(&d);
    int rc = config_file ? config_load_file(cfg, config_file, &d) : 0;
    diag_list_print(&d, stderr, "kiosk: ");
    diag_list_release(&d);
    if (rc != 0) return 2;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        bool option = strncmp(arg, "--", 2) == 0;
        if (!option && !only) {
            fprintf(stderr, "kiosk: unexpected \"%s\" (see kiosk --help)\n", arg);
            return 2;
        }
        if (!option) continue;
        char name[64];
        const char *value = NULL;
        const char *eq = strchr(arg, '=');
        snprintf(name, sizeof name, "%.*s", eq ? (int)(eq - arg - 2) : (int)strlen(arg + 2), arg + 2);
        bool wanted = !only;
        for (const char *const *o = only; o && *o; o++)
            wanted |= strcmp(*o, name) == 0 ||
                      (config_find(name) >= 0 && config_find(name) == config_find(*o));
        if (!wanted) continue;
        if (eq) value = eq + 1;
        else if (i + 1 < argc) value = argv[++i];
        else {
            fprintf(stderr, "kiosk: %s needs a value (see kiosk --help)\n", arg);
            return 2;
        }
        if (strcmp(name, "config") == 0) continue;
        char err[256];
        if (config_set(cfg, name, value, err, sizeof err) != 0) {
            fprintf(stderr, "kiosk: %s (see kiosk --help)\n", err);
            return 2;
        }
    }
    return 0;
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

/* The theme and the data folder, for the kiosk and for kiosk stats. */
static int prepare(const config *cfg, const char *assets_dir, theme *th, char *data_dir,
                   size_t size) {
    if (load_theme(th, assets_dir) != 0) return 2;
    char err[600];
    int found = paths_data_dir(cfg->data, "/var/lib/kiosk", data_dir, size, err, sizeof err);
    if (found != 0) fprintf(stderr, "kiosk: %s\n", err);
    if (found < 0) return 2; /* read-only (1): go on, showing what is there */
    /* sudo kiosk import, pin, stats or the kiosk itself: act as the data
     * folder's owner, so later installs and Roll back by the service work. */
    bool switched;
    char user[64];
    if (runas_data_owner(data_dir, &switched, user, sizeof user, err, sizeof err) != 0) {
        fprintf(stderr, "kiosk: %s\n", err);
        return 2;
    }
    if (switched)
        fprintf(stderr, "kiosk: run as root: acting as %s, the owner of %s\n", user, data_dir);
    return 0;
}

static int run(int argc, char **argv, char **whole_argv, const char *assets_dir,
               const char *content_dir) {
    config cfg;
    theme th;
    char data_dir[CONFIG_PATH_MAX], own_content[CONFIG_PATH_MAX];
    int rc = load_settings(&cfg, argc, argv, content_dir, NULL);
    if (rc == 0) rc = check_trusted_keys(&cfg);
    if (rc == 0) rc = prepare(&cfg, assets_dir, &th, data_dir, sizeof data_dir);
    if (rc != 0) return rc;
    SDL_Log("Data folder %s", data_dir);
    snprintf(own_content, sizeof own_content, "%s", cfg.content);
    char name[256];
    if (cfg.name[0]) snprintf(name, sizeof name, "%s", cfg.name);
    else if (gethostname(name, sizeof name) != 0) name[0] = '\0';
    name[sizeof name - 1] = '\0';
    /* Content installed by staff (kiosk import, a USB stick) wins over the
     * bundled pages, unless a content folder was given. */
    if (!config_is_set(&cfg, "content") &&
        import_current(data_dir, cfg.content, sizeof cfg.content))
        SDL_Log("Showing installed content %s", cfg.content);

    diag_list d;
    diag_list_init(&d);
    content c;
    content_load(&c, cfg.content, &d);
    diag_list_print(&d, stderr, "kiosk: ");
    SDL_Log("Content %s: %d pages shown, %d errors, %d warnings", cfg.content, c.page_count,
            d.errors, d.warnings);
    diag_list_release(&d);

    shell sh;
    shell_options opts = {.config = &cfg, .content = &c, .theme = &th, .assets_dir = assets_dir,
                          .data_dir = data_dir, .own_content = own_content, .kiosk_name = name,
                          /* systemd gives each service an INVOCATION_ID */
                          .service = getenv("INVOCATION_ID") != NULL};
    char err[600];
    if (shell_open(&sh, &opts, err, sizeof err) != 0) {
        fprintf(stderr, "kiosk: %s\n", err);
        content_release(&c);
        return 1;
    }
    shell_run(&sh);
    bool restart = shell_staff_restart(sh.staff);
    shell_close(&sh);
    content_release(&c);
    if (restart) {
        /* Staff asked for a restart: the same program, the same options
         * (under systemd the service stays the same process). */
        execv("/proc/self/exe", whole_argv);
        fprintf(stderr, "kiosk: cannot restart: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}

/* The subcommands that work on the data folder: kiosk stats, import and
 * pin. --config, --data, --name and --trusted-keys may come anywhere
 * after the command's name; the command skips them. */
typedef int (*data_command)(int argc, char **argv, const char *data_dir, const config *cfg,
                            const theme *th, const char *assets_dir);

static int with_data(int argc, char **argv, const char *assets_dir, data_command run_command) {
    static const char *const only[] = {"config", "data", "name", "trusted_keys", NULL};
    config cfg;
    theme th;
    char data_dir[CONFIG_PATH_MAX];
    int rc = load_settings(&cfg, argc, argv, "", only);
    if (rc == 0) rc = prepare(&cfg, assets_dir, &th, data_dir, sizeof data_dir);
    return rc != 0 ? rc : run_command(argc, argv, data_dir, &cfg, &th, assets_dir);
}

static int stats(int argc, char **argv, const char *data_dir, const config *cfg, const theme *th,
                 const char *assets_dir) {
    char name[256];
    if (cfg->name[0]) snprintf(name, sizeof name, "%s", cfg->name);
    else if (gethostname(name, sizeof name) != 0) name[0] = '\0';
    name[sizeof name - 1] = '\0';
    return command_stats(argc, argv, data_dir, name, th, assets_dir);
}

static int import(int argc, char **argv, const char *data_dir, const config *cfg,
                  const theme *th, const char *assets_dir) {
    (void)th, (void)assets_dir;
    int rc = check_trusted_keys(cfg);
    return rc != 0 ? rc : command_import(argc, argv, data_dir, cfg->trusted_keys);
}

static int pin(int argc, char **argv, const char *data_dir, const config *cfg, const theme *th,
               const char *assets_dir) {
    (void)cfg, (void)th, (void)assets_dir;
    return command_pin(argc, argv, data_dir);
}

int main(int argc, char **argv) {
    char assets_dir[1024], content_dir[1024];
    paths_find(assets_dir, sizeof assets_dir, content_dir, sizeof content_dir);
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "--version") == 0) {
        SDL_version sdl;
        SDL_GetVersion(&sdl);
        const SDL_version *ttf = TTF_Linked_Version(), *img = IMG_Linked_Version();
        printf("kiosk %s (SDL %d.%d.%d, SDL_ttf %d.%d.%d, SDL_image %d.%d.%d)\n", KIOSK_VERSION,
               sdl.major, sdl.minor, sdl.patch, ttf->major, ttf->minor, ttf->patch, img->major,
               img->minor, img->patch);
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "keygen") == 0) return command_keygen(argc - 2, argv + 2);
    if (argc > 1 && strcmp(argv[1], "sign") == 0) return command_sign(argc - 2, argv + 2);
    if (argc > 1 && strcmp(argv[1], "settings") == 0) {
        config_print_markdown(stdout);
        return 0;
    }
    if (argc > 1 && (strcmp(argv[1], "render") == 0 || strcmp(argv[1], "check") == 0)) {
        theme th;
        if (load_theme(&th, assets_dir) != 0) return 2;
        if (TTF_Init() != 0) {
            fprintf(stderr, "kiosk: cannot start SDL_ttf: %s\n", TTF_GetError());
            return 1;
        }
        int rc = strcmp(argv[1], "render") == 0
                     ? command_render(argc - 2, argv + 2, &th, assets_dir)
                     : command_check(argc - 2, argv + 2, &th, assets_dir);
        TTF_Quit();
        return rc;
    }
    static const struct { const char *name; data_command run; } commands[] = {
        {"stats", stats}, {"import", import}, {"pin", pin}};
    for (size_t i = 0; argc > 1 && i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return with_data(argc - 2, argv + 2, assets_dir, commands[i].run);
    return run(argc - 1, argv + 1, argv, assets_dir, content_dir);
}
