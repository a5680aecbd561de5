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
 * The layers below (CMakeLists.txt; README "Layout of the source" names
 * every file):
 *   kiosk/core   pure C, no SDL, never the clock: content.c, layout.c,
 *                textrun.c, gesture.c, state.c, app.c, counts.c, store.c,
 *                import.c, media.c, sign.c, pin.c, staff.c, staff_view.c, ...
 *   kiosk/os     Linux: notify.c, drmcard.c, clocksync.c, paths.c, runas.c
 *   kiosk/shell  SDL: shell.c (the loop), drawer.c, fonts.c, picture*.c,
 *                shell_staff.c, usbwatch.c, display_power.c, report*.c
 *   kiosk/cli    this table's commands
 * A touch: SDL_FINGERDOWN in shell.c -> app.c -> gesture.c -> state.c; a
 * page shown 2 s is counted by counts.c and saved by store.c. */
#include "cli.h"

int main(int argc, char **argv) { return cli_run(argc, argv); }
