/* cli.h - the command table: every `kiosk` command in one table (cli.c),
 * after git's git.c. A row holds the command's name, its handler, what
 * it needs prepared (a display, the theme, fonts, the data folder, a
 * safe trusted-keys file) and which shared options it takes. One runner,
 * cli_run, parses the shared options once, refuses those a command does
 * not take, prepares what the row needs and calls the handler.
 *
 * The shared options, in `--opt value` or `--opt=value` form, anywhere
 * on the command line (before or after the command's own words):
 *   --config FILE   --data DIR   --name TEXT   --trusted-keys FILE
 * Every other word is left for the handler, in order.
 *
 * Sits on top of the other layers: the handlers use the shell (render,
 * check, stats) and the os (data folder, run as its owner). */
#ifndef KIOSK_CLI_H
#define KIOSK_CLI_H

#include <stdbool.h>

#include "config.h"
#include "theme.h"

/* The shared options, as bits: which a command takes, which were given. */
enum {
    CLI_CONFIG = 1u << 0,       /* --config FILE: the settings file */
    CLI_DATA = 1u << 1,         /* --data DIR: the data folder */
    CLI_NAME = 1u << 2,         /* --name TEXT: the kiosk's name on reports */
    CLI_TRUSTED_KEYS = 1u << 3, /* --trusted-keys FILE: keys for signed content */
};

/* What the runner prepares before it calls a handler. */
enum {
    CLI_NEEDS_DISPLAY = 1u << 0, /* opens a window (SDL video): only the kiosk itself */
    CLI_NEEDS_THEME = 1u << 1,   /* assets/theme.ini loaded into cli_options.theme */
    CLI_NEEDS_FONTS = 1u << 2,   /* SDL_ttf started (and stopped after) */
    CLI_NEEDS_DATA = 1u << 3,    /* data_dir found and made; run as root: act as its owner */
    CLI_NEEDS_SAFE_KEYS = 1u << 4, /* refuse a trusted-keys file others may change */
};

#define CLI_NAME_MAX 256

/* What a handler receives besides its own words: the shared options,
 * parsed once, and what the runner prepared for it. */
typedef struct {
    config cfg;        /* defaults, then the config file (for commands that
                          take --config: the given one, or /etc/kiosk/kiosk.ini
                          if it exists), then the shared options given */
    unsigned given;    /* CLI_* bits of the shared options on the command line */
    char data_dir[CONFIG_PATH_MAX]; /* CLI_NEEDS_DATA: the data folder, made */
    char kiosk_name[CLI_NAME_MAX];  /* cfg.name, or the computer's name */
    theme th;          /* CLI_NEEDS_THEME: assets/theme.ini */
    const char *assets_dir, *content_dir; /* beside the program (paths.h) */
    char **argv;       /* the whole command line, as main got it (a restart) */
} cli_options;

/* A handler: argv holds the words after the command's name (for the kiosk
 * itself, all words), with the shared options taken out. Returns the exit
 * code: 0 done, 1 a problem while doing it, 2 a wrong command line. */
typedef int (*cli_handler)(const cli_options *o, int argc, char **argv);

typedef struct {
    const char *name;   /* "" is the kiosk itself (no command) */
    cli_handler run;
    unsigned options;   /* CLI_CONFIG | CLI_DATA | ... that it takes */
    unsigned needs;     /* CLI_NEEDS_* */
    const char *usage;  /* its lines in `kiosk --help`; NULL: not listed (-h) */
} cli_command;

extern const cli_command cli_commands[];
extern const int cli_command_count;

/* Runs the command line (main's argc and argv). Returns the exit code. */
int cli_run(int argc, char **argv);

#endif
