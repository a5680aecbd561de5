/* main.c - the kiosk's command line. Start reading here.
 *
 * Every command is a row of one table, kiosk/cli/cli.c (cli_commands):
 * its name, its handler, what it needs (a display, the theme, fonts, the
 * data folder) and which shared options it takes (--config, --data,
 * --name, --trusted-keys). cli_run parses those once, prepares what the
 * row needs and calls the handler: `kiosk` with no command runs the kiosk
 * (kiosk/cli/kiosk_cmd.c), the others are in kiosk/cli/ (commands.c for
 * render and check, import_cmd.c, pin_cmd.c, sign_cmd.c, stats_cmd.c).
 *
 * The layers below (see CMakeLists.txt): kiosk/core (pure C: content,
 * layout, state, gestures, counts, import), kiosk/os (Linux services),
 * kiosk/shell (SDL: the window, drawing, pictures), kiosk/cli. */
#include "cli.h"

int main(int argc, char **argv) { return cli_run(argc, argv); }
