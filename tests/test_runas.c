/* test_runas.c - `sudo kiosk import` and friends act as the data folder's
 * owner (runas.c): what they write there belongs to the kiosk user, so the
 * service can later install over it and roll it back. Each case runs in a
 * forked child, since giving up root cannot be undone. The switch itself
 * needs root (CI runs as root); otherwise only the no-op is checked. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "runas.h"

#define NOBODY 65534 /* Debian's user and group "nobody"/"nogroup" */
#define NAMELESS 54321

/* In a child: runas_data_owner(dir), then writes dir/file. Exit codes:
 * 0 switched and wrote, 1 refused, 2 no switch, 3 wrong ids, 4 no write. */
static int child(const char *dir, char *err, size_t errsize) {
    int fds[2];
    if (pipe(fds) != 0) return -1;
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        bool switched;
        char user[64], why[512] = "";
        int rc = runas_data_owner(dir, &switched, user, sizeof user, why, sizeof why);
        if (write(fds[1], why, strlen(why)) < 0) _exit(9);
        if (rc != 0) _exit(1);
        char path[512];
        snprintf(path, sizeof path, "%s/file", dir);
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0640);
        if (fd < 0) _exit(4);
        close(fd);
        if (!switched) _exit(2);
        _exit(geteuid() == NOBODY && getuid() == NOBODY && setuid(0) != 0 ? 0 : 3);
    }
    close(fds[1]);
    ssize_t n = read(fds[0], err, errsize - 1);
    err[n > 0 ? n : 0] = '\0';
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(void) {
    char dir[] = "/tmp/test_runas_XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[512], err[512];
    snprintf(path, sizeof path, "%s/file", dir);
    struct stat st;

    if (geteuid() != 0) {
        /* Not root: nothing changes. */
        CHECK_INT(child(dir, err, sizeof err), 2);
        printf("test_runas: not root, so only the no-op was checked\n");
    } else {
        /* A folder root owns: root stays root. */
        CHECK_INT(child(dir, err, sizeof err), 2);
        CHECK(stat(path, &st) == 0 && st.st_uid == 0);
        unlink(path);
        /* The kiosk's folder (here nobody's): what is written is nobody's. */
        CHECK(chown(dir, NOBODY, NOBODY) == 0);
        CHECK(chmod(dir, 0750) == 0);
        CHECK_INT(child(dir, err, sizeof err), 0);
        CHECK(stat(path, &st) == 0 && st.st_uid == NOBODY && st.st_gid == NOBODY);
        unlink(path);
        /* Owned by a user id with no name: refused, saying what to do. */
        CHECK(chown(dir, NAMELESS, NAMELESS) == 0);
        CHECK_INT(child(dir, err, sizeof err), 1);
        CHECK(strstr(err, "belongs to user id 54321, which has no name here") != NULL);
        CHECK(stat(path, &st) != 0);
    }
    /* No folder at all. */
    char gone[600];
    snprintf(gone, sizeof gone, "%s/none", dir);
    if (geteuid() == 0) {
        CHECK_INT(child(gone, err, sizeof err), 1);
        CHECK(strstr(err, "cannot use the data folder") != NULL);
    }
    unlink(path);
    rmdir(dir);
    return check_summary();
}
