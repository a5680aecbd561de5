/* commands.h - the kiosk's subcommands that need no display:
 *   kiosk render CONTENT --out DIR [--size WxH]   PNG of every view
 *   kiosk check CONTENT                           is this folder right?
 * Both load content with the same code as the kiosk (content.c) and draw
 * with the same code (draw.c) on SDL's software renderer. */
#ifndef KIOSK_COMMANDS_H
#define KIOSK_COMMANDS_H

#include "theme.h"

int command_render(int argc, char **argv, const theme *t, const char *assets_dir);
int command_check(int argc, char **argv, const theme *t, const char *assets_dir);

#endif
