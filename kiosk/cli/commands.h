/* commands.h - the kiosk's subcommands that need no display:
 *   kiosk render CONTENT --out DIR [--size WxH]   PNG of every view
 *   kiosk check CONTENT [--trusted-keys FILE]     is this folder right?
 * Both load content with the same code as the kiosk (content.c) and draw
 * with the same code (drawer.c) on SDL's software renderer. Handlers of the
 * command table (cli.h): the runner has loaded o->th and started SDL_ttf. */
#ifndef KIOSK_COMMANDS_H
#define KIOSK_COMMANDS_H

#include "cli.h"

int command_render(const cli_options *o, int argc, char **argv);
/* With --trusted-keys given (o->given), also checks the folder's
 * signature against that file, as kiosk import would. */
int command_check(const cli_options *o, int argc, char **argv);

#endif
