/* probe.c - one file, compiled with the include folders and flags of one
 * layer (tests/CMakeLists.txt), to prove that the layers are walls and not
 * only names: PROBE picks what it tries to include. Including what its
 * layer may use (PROBE_OK) must build; including SDL, or a header of a
 * layer above, must not. */
#if defined(PROBE_SDL)
#include <SDL.h>
#elif defined(PROBE_OS)
#include "notify.h"
#elif defined(PROBE_SHELL)
#include "shell.h"
#elif defined(PROBE_CLI)
#include "commands.h"
#endif
#include "content.h"

int layer_probe(void);
int layer_probe(void) { return (int)sizeof(content); }
