/* kiosk_cmd.c - the kiosk itself (no command). See kiosk_cmd.h.
 * `kiosk` -> cli_run (cli.c) -> command_kiosk -> shell_open -> shell_run,
 * which sleeps until an event or a timer and draws only when the state
 * machine says the picture changed. */
#include "kiosk_cmd.h"

#include <SDL.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "content.h"
#include "import.h"
#include "shell.h"

/* The settings other than the shared options, "--name value" or
 * "--name=value", over cfg. Returns 0, or 2 with the message printed. */
static int set_from_command_line(config *cfg, int argc, char **argv) {
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (strncmp(arg, "--", 2) != 0) {
            fprintf(stderr, "kiosk: unexpected \"%s\" (see kiosk --help)\n", arg);
            return 2;
        }
        char name[64];
        const char *eq = strchr(arg, '=');
        snprintf(name, sizeof name, "%.*s", eq ? (int)(eq - arg - 2) : (int)strlen(arg + 2),
                 arg + 2);
        const char *value;
        if (eq) value = eq + 1;
        else if (i + 1 < argc) value = argv[++i];
        else {
            fprintf(stderr, "kiosk: %s needs a value (see kiosk --help)\n", arg);
            return 2;
        }
        char err[256];
        if (config_set(cfg, name, value, err, sizeof err) != 0) {
            fprintf(stderr, "kiosk: %s (see kiosk --help)\n", err);
            return 2;
        }
    }
    return 0;
}

int command_kiosk(const cli_options *o, int argc, char **argv) {
    config cfg = o->cfg;
    int rc = set_from_command_line(&cfg, argc, argv);
    if (rc != 0) return rc;
    SDL_Log("Data folder %s", o->data_dir);
    char own_content[CONFIG_PATH_MAX];
    snprintf(own_content, sizeof own_content, "%s", cfg.content);
    /* Content installed by staff (kiosk import, a USB stick) wins over the
     * bundled pages, unless a content folder was given. */
    if (!config_is_set(&cfg, "content") &&
        import_current(o->data_dir, cfg.content, sizeof cfg.content))
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
    shell_options opts = {.config = &cfg, .content = &c, .theme = &o->th,
                          .assets_dir = o->assets_dir, .data_dir = o->data_dir,
                          .own_content = own_content, .kiosk_name = o->kiosk_name,
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
        execv("/proc/self/exe", o->argv);
        fprintf(stderr, "kiosk: cannot restart: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}
