/* test_paths.c - where the data folder goes, as the service and as a
 * developer without root. */
#include <stdbool.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "paths.h"

static bool is_dir(const char *p) {
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int main(void) {
    char tmp[] = "/tmp/kiosk-paths-XXXXXX";
    CHECK(mkdtemp(tmp) != NULL);
    char out[512], err[512], sys[600], want[600], xdg[600];

    /* Writable system folder (as for the service): it is used, and made. */
    snprintf(sys, sizeof sys, "%s/var/lib/kiosk", tmp);
    CHECK_INT(paths_data_dir("", sys, out, sizeof out, err, sizeof err), 0);
    CHECK_STR(out, sys);
    CHECK(is_dir(sys));

    /* Not writable (a developer without root): $XDG_DATA_HOME/kiosk. */
    snprintf(xdg, sizeof xdg, "%s/xdg", tmp);
    setenv("XDG_DATA_HOME", xdg, 1);
    snprintf(want, sizeof want, "%s/xdg/kiosk", tmp);
    CHECK_INT(paths_data_dir(NULL, "/proc/kiosk-cannot-be-here", out, sizeof out, err, sizeof err), 0);
    CHECK_STR(out, want);
    CHECK(is_dir(want));

    /* No XDG_DATA_HOME: ~/.local/share/kiosk. */
    unsetenv("XDG_DATA_HOME");
    setenv("HOME", tmp, 1);
    snprintf(want, sizeof want, "%s/.local/share/kiosk", tmp);
    CHECK_INT(paths_data_dir("", "/proc/kiosk-cannot-be-here", out, sizeof out, err, sizeof err), 0);
    CHECK_STR(out, want);

    /* --data wins, and a folder that cannot be made is an error that says so. */
    snprintf(want, sizeof want, "%s/given/data", tmp);
    CHECK_INT(paths_data_dir(want, sys, out, sizeof out, err, sizeof err), 0);
    CHECK_STR(out, want);
    CHECK_INT(paths_data_dir("/proc/nope/data", sys, out, sizeof out, err, sizeof err), -1);
    CHECK(strstr(err, "/proc/nope/data") != NULL);

    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    CHECK_INT(system(cmd), 0);
    return check_summary();
}
