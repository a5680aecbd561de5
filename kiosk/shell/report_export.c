/* report_export.c - a period's counts as a pair of new files in a folder
 * (a stick's kiosk-reports/, or kiosk stats export DIR): NAME.csv and its
 * PNG report. See report_export.h. Shell side: the PNG is drawn by
 * report.c with SDL. */
#include "report_export.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "files.h"
#include "report.h"
#include "safe_open.h"


/* "kiosk-stats-NAME-FROM-to-TO", with " (n)" after it from n = 2 on. */
static void output_stem(char *out, size_t size, const char *name, const stats_summary *s, int n) {
    char safe[STATS_NAME_IN_FILE_MAX + 8];
    stats_name_for_files(name, safe, sizeof safe);
    int len = snprintf(out, size, "kiosk-stats-%s%s%s-to-%s", safe, safe[0] ? "-" : "", s->from,
                       s->to);
    if (n > 1 && len > 0 && (size_t)len < size) snprintf(out + len, size - (size_t)len, " (%d)", n);
}

/* Makes a pair of new files NAME.csv and NAME.png in the folder dir_fd,
 * NAME from output_stem: " (2)", " (3)", ... when one of them is taken,
 * so nothing there is ever replaced, and a link planted there is never
 * followed (safe_create_at). Fills the names; returns 0 with both fds, or
 * -1 with err. */
#define EXPORT_TRIES 100
static int create_pair(int dir_fd, const char *dir, const char *name, const stats_summary *s,
                       char *csv_name, char *png_name, size_t namesize, int *csv_fd, int *png_fd,
                       char *err, size_t errsize) {
    char why[300];
    for (int n = 1; n <= EXPORT_TRIES; n++) {
        char stem[200];
        output_stem(stem, sizeof stem, name, s, n);
        snprintf(csv_name, namesize, "%s.csv", stem);
        snprintf(png_name, namesize, "%s.png", stem);
        *csv_fd = safe_create_at(dir_fd, csv_name, why, sizeof why);
        if (*csv_fd < 0 && errno == EEXIST) continue;
        if (*csv_fd < 0) {
            snprintf(err, errsize, "%s: %s", dir, why);
            return -1;
        }
        *png_fd = safe_create_at(dir_fd, png_name, why, sizeof why);
        if (*png_fd >= 0) return 0;
        int e = errno;
        close(*csv_fd);
        unlinkat(dir_fd, csv_name, 0);
        if (e != EEXIST) {
            snprintf(err, errsize, "%s: %s", dir, why);
            return -1;
        }
    }
    snprintf(err, errsize, "%s has %d reports for this period already; move some away", dir,
             EXPORT_TRIES);
    return -1;
}

int report_export_files(const char *dir, const char *name, const counts_batch *b,
                       const stats_summary *s, const theme *t, char *csv, char *png,
                       size_t pathsize, char *err, size_t errsize) {
    if (files_make_folders(dir, err, errsize) != 0) return -1;
    /* The folder itself is not followed if it is a link (on a stick, the
     * kiosk-reports folder); the files are made through its fd. */
    char why[300];
    int dir_fd = safe_open_at(AT_FDCWD, dir, SAFE_FOLDER, NULL, why, sizeof why);
    if (dir_fd < 0) {
        snprintf(err, errsize, "cannot write into %s: %s", dir, why);
        return -1;
    }
    char csv_name[256], png_name[256];
    int csv_fd = -1, png_fd = -1;
    if (create_pair(dir_fd, dir, name, s, csv_name, png_name, sizeof csv_name, &csv_fd, &png_fd,
                    err, errsize) != 0) {
        close(dir_fd);
        return -1;
    }
    snprintf(csv, pathsize, "%s/%s", dir, csv_name);
    snprintf(png, pathsize, "%s/%s", dir, png_name);
    FILE *cf = fdopen(csv_fd, "wb");
    FILE *pf = fdopen(png_fd, "wb");
    int rc = cf && pf ? 0 : -1;
    if (rc != 0) snprintf(err, errsize, "cannot write %s: %s", csv, strerror(errno));
    if (rc == 0) {
        errno = 0;
        rc = stats_csv_write(cf, name, b);
        if (rc == 0) rc = files_flush(cf);
        if (rc != 0)
            snprintf(err, errsize, "cannot write %s: %s", csv,
                     errno ? strerror(errno) : "out of memory");
    }
    if (rc == 0) rc = report_write_png_file(pf, png, name, s->from, s->to, b, t, err, errsize);
    if (rc == 0 && files_flush(pf) != 0) {
        snprintf(err, errsize, "cannot save %s to the disk: %s", png, strerror(errno));
        rc = -1;
    }
    bool closed = cf ? fclose(cf) == 0 : close(csv_fd) == 0;
    closed &= pf ? fclose(pf) == 0 : close(png_fd) == 0;
    if (rc == 0 && !closed) {
        snprintf(err, errsize, "cannot save %s to the disk: %s", dir, strerror(errno));
        rc = -1;
    }
    if (rc == 0 && fsync(dir_fd) != 0) {
        snprintf(err, errsize, "cannot save %s to the disk: %s", dir, strerror(errno));
        rc = -1;
    }
    if (rc != 0) {
        /* Only the files made here are removed. */
        unlinkat(dir_fd, csv_name, 0);
        unlinkat(dir_fd, png_name, 0);
    }
    close(dir_fd);
    return rc;
}
