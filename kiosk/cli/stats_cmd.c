/* stats_cmd.c - `kiosk stats`, `kiosk stats export` and `kiosk stats
 * merge`. See stats_cmd.h. */
#include "stats_cmd.h"

#include <limits.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <inttypes.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "counts.h"
#include "files.h"
#include "report_export.h"
#include "safe_open.h"
#include "stats_csv.h"
#include "stats_merge.h"
#include "store.h"

#define MERGE_ARGS_MAX 200     /* files and folders given */
#define MERGE_FILES_MAX 2000   /* CSV files in all, found in the folders too */
#define MERGE_DEPTH_MAX 4      /* folders below a folder given */
#define MERGE_DROPS_TOLD 3     /* left-out copies named one by one */

static void usage(FILE *out) {
    fprintf(out,
            "usage:\n"
            "  kiosk stats [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--csv]\n"
            "      the page views as a table: per page, per day, in all (--csv: as CSV)\n"
            "  kiosk stats export DIR [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
            "      writes DIR/kiosk-stats-NAME-FROM-to-TO.csv (opens in Excel) and .png\n"
            "  kiosk stats merge PATH... [--out DIR]\n"
            "      adds up exports from several kiosks into one CSV and PNG (in DIR,\n"
            "      default the current folder). A PATH is a CSV file or a folder: every\n"
            "      *.csv in it and its folders (not those starting with \".\", such as\n"
            "      .stversions). A kiosk's day found in several files counts once, from\n"
            "      the file with the most pages shown that day (then the newest)\n"
            "Without --from and --to: from the first to the last day with counts.\n"
            "--data DIR reads the counts of another data folder (as for the kiosk).\n");
}

typedef enum { STATS_MODE_TABLE, STATS_MODE_EXPORT, STATS_MODE_MERGE } stats_mode;

typedef struct {
    stats_mode mode;
    const char *from, *to;
    bool csv;
    const char *dir;       /* export: the folder; merge: --out */
    const char **files;    /* merge: the CSV files and folders */
    int file_count;
} stats_options;

/* Reads the command line; files has room for MERGE_ARGS_MAX. Returns
 * 0, 1 for --help, or 2 with a message. */
static int parse(int argc, char **argv, stats_options *o, const char **files) {
    memset(o, 0, sizeof *o);
    o->files = files;
    int i = 0;
    if (argc > 0 && strcmp(argv[0], "export") == 0) o->mode = STATS_MODE_EXPORT, i = 1;
    else if (argc > 0 && strcmp(argv[0], "merge") == 0) o->mode = STATS_MODE_MERGE, i = 1;
    for (; i < argc; i++) {
        const char *arg = argv[i];
        const char **value = NULL;
        size_t n = 0;
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) return 1;
        if (strcmp(arg, "--csv") == 0 && o->mode == STATS_MODE_TABLE) {
            o->csv = true;
            continue;
        }
        if (strncmp(arg, "--from", n = 6) == 0 && o->mode != STATS_MODE_MERGE) value = &o->from;
        else if (strncmp(arg, "--to", n = 4) == 0 && o->mode != STATS_MODE_MERGE) value = &o->to;
        else if (strncmp(arg, "--out", n = 5) == 0 && o->mode == STATS_MODE_MERGE) value = &o->dir;
        if (value && (arg[n] == '\0' || arg[n] == '=')) {
            if (arg[n] == '=') *value = arg + n + 1;
            else if (i + 1 < argc) *value = argv[++i];
            else {
                fprintf(stderr, "kiosk stats: %s needs a value\n", arg);
                return 2;
            }
            continue;
        }
        if (arg[0] == '-' && arg[1] != '\0') {
            fprintf(stderr, "kiosk stats: unexpected \"%s\"\n", arg);
            return 2;
        }
        if (o->mode == STATS_MODE_EXPORT && !o->dir) {
            o->dir = arg;
        } else if (o->mode == STATS_MODE_MERGE) {
            if (o->file_count == MERGE_ARGS_MAX) {
                fprintf(stderr, "kiosk stats merge: more than %d files and folders; give "
                                "their folder instead\n", MERGE_ARGS_MAX);
                return 2;
            }
            o->files[o->file_count++] = arg;
        } else {
            fprintf(stderr, "kiosk stats: unexpected \"%s\"\n", arg);
            return 2;
        }
    }
    if (o->mode == STATS_MODE_EXPORT && !o->dir) {
        fprintf(stderr, "kiosk stats export: which folder? (kiosk stats export DIR)\n");
        return 2;
    }
    if (o->mode == STATS_MODE_MERGE && o->file_count == 0) {
        fprintf(stderr, "kiosk stats merge: which files or folders? (kiosk stats merge "
                        "PATH...)\n");
        return 2;
    }
    int32_t from = 0, to = 0;
    const char *bad = o->from && !stats_date_parse(o->from, &from) ? o->from
                      : o->to && !stats_date_parse(o->to, &to)     ? o->to
                                                                   : NULL;
    if (bad) {
        fprintf(stderr, "kiosk stats: \"%s\" is not a date; write it as YYYY-MM-DD, like "
                        "2026-11-23\n",
                bad);
        return 2;
    }
    if (o->from && o->to && from > to) {
        fprintf(stderr, "kiosk stats: --from %s is after --to %s\n", o->from, o->to);
        return 2;
    }
    return 0;
}

/* Writes the CSV and the PNG of b for s's period; prints their paths. */
static int write_both(const char *dir, const char *name, const counts_batch *b,
                      const stats_summary *s, const theme *t) {
    char csv[PATH_MAX], png[PATH_MAX], err[PATH_MAX + 200];
    if (report_export_files(dir, name, b, s, t, csv, png, sizeof csv, err, sizeof err) != 0) {
        fprintf(stderr, "kiosk stats: %s\n", err);
        return 1;
    }
    printf("%s\n%s\n", csv, png);
    return 0;
}

/* ---- the store ---- */

static void log_store(void *ctx, const char *message) {
    (void)ctx;
    fprintf(stderr, "kiosk stats: %s\n", message);
}

static int read_store(const char *data_dir, const stats_options *o, counts_batch *b) {
    store *s = store_open(data_dir, log_store, NULL);
    if (!s) {
        fprintf(stderr, "kiosk stats: out of memory\n");
        return -1;
    }
    int rc = 0;
    if (!store_ok(s)) {
        fprintf(stderr, "kiosk stats: cannot read the counts in %s\n", store_path(s));
        rc = -1;
    } else if (store_read(s, o->from, o->to, b) != 0) {
        fprintf(stderr, "kiosk stats: cannot read the counts in %s\n", store_path(s));
        rc = -1;
    }
    store_close(s);
    return rc;
}

/* ---- the table ---- */

/* Prints s padded with spaces to `width` characters (UTF-8 counted as
 * characters); longer text is cut with "...". */
static void print_cell(const char *s, int width) {
    int chars = 0;
    size_t i = 0, cut = 0;
    for (; s[i]; i++) {
        if (((unsigned char)s[i] & 0xC0) == 0x80) continue;
        if (chars == width - 3) cut = i;
        chars++;
    }
    if (chars > width) {
        printf("%.*s...", (int)cut, s);
        return;
    }
    printf("%s%*s", s, width - chars, "");
}

static int text_chars(const char *s) {
    int n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* A read time as published: "<5 views" when fewer than 5 views add up
 * to it, else to the minute. */
static void format_read(int64_t seconds, int64_t views, char *out, size_t size) {
    int64_t shown = stats_public_seconds(seconds, views);
    if (shown == STATS_PUBLIC_HIDDEN) snprintf(out, size, "%s views", STATS_HIDDEN);
    else stats_format_duration(shown, out, size);
}

static void print_table(const char *name, const stats_summary *s) {
    char a[64], z[64], n1[32], n2[32], n3[32], n4[32];
    stats_date_words(s->first_day, true, a, sizeof a);
    stats_date_words(s->first_day + s->day_count - 1, true, z, sizeof z);
    printf("Page views: %s\n", name && name[0] ? name : "this kiosk");
    if (s->day_count == 1) printf("%s (1 day)\n\n", a);
    else printf("%s to %s (%d days)\n\n", a, z, s->day_count);
    if (stats_summary_empty(s)) {
        printf("No page views in this period.\n");
        return;
    }
    int id_width = 4;
    for (int i = 0; i < s->page_count; i++) {
        int w = text_chars(s->pages[i].page);
        if (w > id_width) id_width = w;
    }
    if (id_width > 48) id_width = 48;
    print_cell("Page", id_width);
    printf("  %10s  %10s  %11s\n", "Shown", "Opened", "Read time");
    /* A period with fewer than 5 visits hides what they opened and read. */
    bool few = stats_few_visits(s->visits);
    for (int i = 0; i < s->page_count; i++) {
        const stats_page_total *p = &s->pages[i];
        stats_format_public(stats_public_count(p->shown), n1, sizeof n1);
        stats_format_public(few ? STATS_PUBLIC_HIDDEN : stats_public_count(p->opened), n2,
                            sizeof n2);
        format_read(p->read_seconds, few ? 0 : p->opened, n3, sizeof n3);
        print_cell(p->page, id_width);
        printf("  %10s  %10s  %11s\n", n1, n2, n3);
    }
    if (s->lang_count > 1) {
        printf("\nBy language:");
        for (int i = 0; i < s->lang_count; i++) {
            stats_format_public(stats_public_count(s->langs[i].shown), n1, sizeof n1);
            stats_format_public(few ? STATS_PUBLIC_HIDDEN : stats_public_count(s->langs[i].opened),
                                n2, sizeof n2);
            printf("%s %s %s shown, %s opened", i ? ";" : "", s->langs[i].lang, n1, n2);
        }
        printf("\n");
    }

    static const char *const weekdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    printf("\n%-14s  %8s   Visits that opened this many pages:\n", "Day", "Visits");
    printf("%-14s  %8s  %7s %7s %7s %7s %7s\n", "", "", "none", "1", "2", "3-5", "6+");
    for (int i = 0; i < s->day_count; i++) {
        if (!s->day_has_data[i]) continue;
        const counts_visit_row *d = &s->days[i];
        int64_t some = 0;
        for (int k = 0; k < COUNTS_HIST_COUNT; k++) some += d->opened[k];
        int32_t day = s->first_day + i;
        /* As in the CSV: a day with fewer than 5 visits hides how many
         * pages they opened. */
        bool few_day = stats_few_visits(d->visits);
        int64_t values[5] = {d->visits - some > 0 ? d->visits - some : 0, d->opened[COUNTS_HIST_1],
                             d->opened[COUNTS_HIST_2], d->opened[COUNTS_HIST_3_5], d->opened[COUNTS_HIST_6_PLUS]};
        char cells[5][32];
        for (int k = 0; k < 5; k++)
            stats_format_public(few_day ? STATS_PUBLIC_HIDDEN : stats_public_count(values[k]),
                                cells[k], sizeof cells[k]);
        stats_format_public(stats_public_count(d->visits), n1, sizeof n1);
        printf("%s %s  %8s  %7s %7s %7s %7s %7s\n", weekdays[((day + 3) % 7 + 7) % 7], d->day, n1,
               cells[0], cells[1], cells[2], cells[3], cells[4]);
    }
    stats_format_public(stats_public_count(s->shown), n1, sizeof n1);
    stats_format_public(few ? STATS_PUBLIC_HIDDEN : stats_public_count(s->opened), n2, sizeof n2);
    format_read(s->read_seconds, few ? 0 : s->opened, n3, sizeof n3);
    stats_format_public(stats_public_count(s->visits), n4, sizeof n4);
    printf("\nTotal: %s pages shown, %s opened, %s reading, %s visits\n", n1, n2, n3, n4);
    printf("\n%s: fewer than 5 (hidden, as are the pages opened on a day with fewer than 5 "
           "visits).\nOther numbers are rounded to the nearest 5, read times to the minute.\n",
           STATS_HIDDEN);
}

/* ---- merge ---- */

static bool overlap(const stats_csv_info *x, const stats_csv_info *y) {
    return x->first_day[0] && y->first_day[0] && strcmp(x->first_day, y->last_day) <= 0 &&
           strcmp(y->first_day, x->last_day) <= 0;
}

/* "All kiosks", or the names when there are at most three. */
static void merged_name(const stats_csv_info *infos, int count, char *out, size_t size) {
    const char *names[3];
    int n = 0;
    bool many = false;
    for (int i = 0; i < count && !many; i++) {
        many = infos[i].more_names;
        for (int k = 0; k < infos[i].name_count && !many; k++) {
            const char *name = infos[i].names[k];
            bool known = name[0] == '\0';
            for (int j = 0; j < n && !known; j++) known = strcmp(names[j], name) == 0;
            if (known) continue;
            if (n == 3) many = true;
            else names[n++] = name;
        }
    }
    if (many || n == 0) {
        snprintf(out, size, "All kiosks");
        return;
    }
    size_t used = 0;
    out[0] = '\0';
    for (int j = 0; j < n && used < size; j++)
        used += (size_t)snprintf(out + used, size - used, "%s%s", j ? ", " : "", names[j]);
}

/* The CSV files to merge: those given, and those found in the folders given. */
typedef struct {
    char *path;
    const char *base;      /* the folder given it was found in; NULL: given itself */
} merge_input;

typedef struct {
    merge_input *items;
    int count, capacity;
    diag_list *diags;
} merge_inputs;

static bool is_csv_name(const char *name) {
    size_t n = strlen(name);
    return n > 4 && strcasecmp(name + n - 4, ".csv") == 0;
}

static int add_input(merge_inputs *in, char *path, const char *base) {
    if (in->count == MERGE_FILES_MAX) {
        diag_add(in->diags, DIAG_ERROR, base ? base : path, 0,
                 "more than %d CSV files to merge; merge fewer folders at a time, or remove "
                 "old files",
                 MERGE_FILES_MAX);
        free(path);
        return -1;
    }
    if (in->count == in->capacity) {
        int more = in->capacity ? in->capacity * 2 : 64;
        merge_input *grown = realloc(in->items, (size_t)more * sizeof *grown);
        if (!grown) {
            diag_add(in->diags, DIAG_ERROR, path, 0, "out of memory");
            free(path);
            return -1;
        }
        in->items = grown;
        in->capacity = more;
    }
    in->items[in->count++] = (merge_input){path, base};
    return 0;
}

/* Every *.csv below the folder dir (depth 0: base as given, followed if
 * a link; below it, no link is followed), names starting with "." left
 * out (.stversions, .stfolder, Syncthing's temporary files), in sorted
 * order. -1 when a folder cannot be read, is too deep, or there are too
 * many files (said in diags). */
static int walk(merge_inputs *in, const char *base, const char *dir, int depth) {
    char why[300];
    int fd = depth ? safe_open_below(base, dir, SAFE_FOLDER, NULL, why, sizeof why)
                   : open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 && !depth) snprintf(why, sizeof why, "%s", strerror(errno));
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0) {
            snprintf(why, sizeof why, "%s", strerror(errno));
            close(fd);
        }
        diag_add(in->diags, DIAG_ERROR, dir, 0, "cannot read the folder: %s", why);
        return -1;
    }
    char **names;
    size_t count;
    int rc = files_list_names(d, &names, &count);
    if (rc) diag_add(in->diags, DIAG_ERROR, dir, 0, "out of memory");
    for (size_t i = 0; i < count && rc == 0; i++) {
        struct stat st;
        char *path = files_joined(dir, names[i]);
        if (!path) {
            diag_add(in->diags, DIAG_ERROR, dir, 0, "the name %s is too long", names[i]);
            rc = -1;
        } else if (fstatat(dirfd(d), names[i], &st, AT_SYMLINK_NOFOLLOW) != 0) {
            diag_add(in->diags, DIAG_ERROR, path, 0, "cannot read it: %s", strerror(errno));
            rc = -1;
        } else if (S_ISDIR(st.st_mode) && depth == MERGE_DEPTH_MAX) {
            diag_add(in->diags, DIAG_ERROR, path, 0,
                     "folders are read at most %d deep below %s; give this folder itself",
                     MERGE_DEPTH_MAX, base);
            rc = -1;
        } else if (S_ISDIR(st.st_mode)) {
            rc = walk(in, base, path, depth + 1);
        } else if (S_ISREG(st.st_mode) && is_csv_name(names[i])) {
            rc = add_input(in, path, base);
            path = NULL;
        } else if (S_ISLNK(st.st_mode)) {
            diag_add(in->diags, DIAG_WARNING, path, 0,
                     "a link (a shortcut) is not followed; left out");
        }
        free(path);
    }
    files_free_names(names, count);
    closedir(d);
    return rc;
}

/* Opens and reads one input into b. */
static int read_input(const merge_input *m, struct stat *st, counts_batch *b,
                      stats_csv_info *info, diag_list *diags) {
    if (!m->base) {
        if (stat(m->path, st) != 0) memset(st, 0, sizeof *st);
        return stats_csv_read_file(m->path, b, info, diags);
    }
    char why[300];
    int fd = safe_open_below(m->base, m->path, SAFE_FILE, st, why, sizeof why);
    if (fd < 0) {
        memset(info, 0, sizeof *info);
        diag_add(diags, DIAG_ERROR, m->path, 0, "%s", why);
        return -1;
    }
    int rc = stats_csv_read_fd(fd, m->path, b, info, diags);
    close(fd);
    return rc;
}

/* The file's one kiosk name, or NULL (several, or none: an earlier merge). */
static const char *one_kiosk(const stats_csv_info *info) {
    return info->name_count == 1 && !info->more_names && info->names[0][0] ? info->names[0]
                                                                           : NULL;
}

/* One line that says which kiosk-days were in more than one file, and the
 * first few of them. */
static void tell_drops(const stats_merge_result *res, const stats_merge_file *files) {
    if (!res->kiosk_days) return;
    fprintf(stderr, "kiosk stats merge: %ld kiosk-day%s %s in more than one file; each is "
                    "counted once, from its most complete file (%ld cop%s left out)\n",
            res->kiosk_days, res->kiosk_days == 1 ? "" : "s",
            res->kiosk_days == 1 ? "was" : "were", res->dropped,
            res->dropped == 1 ? "y" : "ies");
    for (int i = 0; i < res->drop_count && i < MERGE_DROPS_TOLD; i++) {
        const stats_merge_drop *d = &res->drops[i];
        fprintf(stderr, "  %s %s: counted from %s (%" PRId64 " shown), not from %s (%" PRId64
                        " shown)\n",
                files[d->file].kiosk, d->day, files[d->kept].path, d->kept_shown,
                files[d->file].path, d->shown);
    }
    if (res->drop_count > MERGE_DROPS_TOLD)
        fprintf(stderr, "  and %d more\n", res->drop_count - MERGE_DROPS_TOLD);
}

static int merge(const stats_options *o, const theme *t) {
    counts_batch b;
    counts_batch_init(&b);
    diag_list diags;
    diag_list_init(&diags);
    merge_inputs in = {.diags = &diags};
    stats_csv_info *infos = NULL;
    struct stat *files = NULL;
    counts_batch *batches = NULL;
    stats_merge_file *chosen = NULL;
    stats_merge_result res;
    memset(&res, 0, sizeof res);
    stats_summary s;
    memset(&s, 0, sizeof s);
    int rc = 1;
    for (int i = 0; i < o->file_count; i++) {
        struct stat st;
        const char *path = o->files[i];
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            if (walk(&in, path, path, 0) != 0) break;
            continue;
        }
        char *copy = strdup(path);
        if (!copy) {
            diag_add(&diags, DIAG_ERROR, path, 0, "out of memory");
            break;
        }
        if (add_input(&in, copy, NULL) != 0) break;
    }
    if (diags.errors) goto told;
    if (in.count == 0) {
        diag_add(&diags, DIAG_ERROR, o->files[0], 0,
                 "no .csv file found in %s to merge", o->file_count == 1 ? "it" : "them");
        goto told;
    }
    infos = calloc((size_t)in.count, sizeof *infos);
    files = calloc((size_t)in.count, sizeof *files);
    batches = calloc((size_t)in.count, sizeof *batches);
    chosen = calloc((size_t)in.count, sizeof *chosen);
    if (!infos || !files || !batches || !chosen) {
        fprintf(stderr, "kiosk stats merge: out of memory\n");
        goto out;
    }
    for (int i = 0; i < in.count; i++) {
        const char *path = in.items[i].path;
        counts_batch_init(&batches[i]);
        int read = read_input(&in.items[i], &files[i], &batches[i], &infos[i], &diags);
        bool twice = false;
        for (int k = 0; k < i && !twice && files[i].st_ino; k++)
            if (files[k].st_dev == files[i].st_dev && files[k].st_ino == files[i].st_ino) {
                twice = true;
                if (strcmp(path, in.items[k].path) == 0)
                    diag_add(&diags, DIAG_ERROR, path, 0, "this file is given twice");
                else
                    diag_add(&diags, DIAG_ERROR, path, 0, "this file is given twice (also as %s)",
                             in.items[k].path);
            }
        if (read != 0 || twice) continue;
        chosen[i] = (stats_merge_file){&batches[i], one_kiosk(&infos[i]),
                                       (int64_t)files[i].st_mtim.tv_sec * 1000000000 +
                                           files[i].st_mtim.tv_nsec,
                                       path};
        /* Days of one kiosk in two files count once (stats_merge); a file of
         * several kiosks, or none, is added whole, and may repeat days. */
        for (int k = 0; k < i; k++) {
            if (chosen[i].kiosk && chosen[k].kiosk) continue;
            for (int x = 0; x < infos[i].name_count; x++)
                for (int y = 0; y < infos[k].name_count; y++)
                    if (strcmp(infos[i].names[x], infos[k].names[y]) == 0 &&
                        overlap(&infos[i], &infos[k]))
                        diag_add(&diags, DIAG_WARNING, path, 0,
                                 "the kiosk \"%s\" is also in %s, with days in common; if both "
                                 "files come from the same kiosk, those days are counted twice",
                                 infos[i].names[x], in.items[k].path);
        }
    }
told:
    diag_list_print(&diags, stderr, "");
    if (diags.errors) {
        fprintf(stderr, "kiosk stats merge: nothing written; %d problem%s to fix first\n",
                diags.errors, diags.errors == 1 ? "" : "s");
        goto out;
    }
    if (stats_merge(chosen, in.count, &b, &res) != 0) {
        fprintf(stderr, "kiosk stats merge: out of memory\n");
        goto out;
    }
    tell_drops(&res, chosen);
    long hidden = 0;
    for (int i = 0; i < in.count; i++) hidden += infos[i].hidden;
    if (hidden)
        fprintf(stderr, "kiosk stats merge: %ld number%s in the files %s \"%s\" (hidden, from 1 "
                        "to 4) and count%s as 0: the merged numbers add up what the files show\n",
                hidden, hidden == 1 ? "" : "s", hidden == 1 ? "is" : "are", STATS_HIDDEN,
                hidden == 1 ? "s" : "");
    char name[STATS_CSV_NAME_MAX];
    merged_name(infos, in.count, name, sizeof name);
    char today[COUNTS_DAY_LEN], err[600];
    counts_day(time(NULL), today);
    if (stats_summary_init(&s, &b, NULL, NULL, today, err, sizeof err) != 0) {
        fprintf(stderr, "kiosk stats merge: %s\n", err);
        goto out;
    }
    const char *dir = o->dir ? o->dir : ".";
    if (files_make_folders(dir, err, sizeof err) != 0) {
        fprintf(stderr, "kiosk stats merge: %s\n", err);
        goto out;
    }
    /* The merged files never replace one being merged: report_export_files
     * makes new files, never writing over one. */
    rc = write_both(dir, name, &b, &s, t);
out:
    stats_summary_release(&s);
    stats_merge_result_release(&res);
    for (int i = 0; batches && i < in.count; i++) counts_batch_release(&batches[i]);
    for (int i = 0; i < in.count; i++) free(in.items[i].path);
    free(in.items);
    free(batches);
    free(chosen);
    free(infos);
    free(files);
    diag_list_release(&diags);
    counts_batch_release(&b);
    return rc;
}

/* ---- the command ---- */

int command_stats(const cli_options *opt, int argc, char **argv) {
    const char *data_dir = opt->data_dir, *kiosk_name = opt->kiosk_name;
    const theme *t = &opt->th;
    const char *files[MERGE_ARGS_MAX];
    stats_options o;
    int rc = parse(argc, argv, &o, files);
    if (rc == 1) {
        usage(stdout);
        return 0;
    }
    if (rc != 0) {
        fprintf(stderr, "(kiosk stats --help shows how to use it)\n");
        return 2;
    }
    if (o.mode == STATS_MODE_MERGE) return merge(&o, t);

    counts_batch b;
    counts_batch_init(&b);
    stats_summary s;
    memset(&s, 0, sizeof s);
    rc = 1;
    char today[COUNTS_DAY_LEN], err[600];
    counts_day(time(NULL), today);
    if (read_store(data_dir, &o, &b) != 0) goto out;
    if (stats_summary_init(&s, &b, o.from, o.to, today, err, sizeof err) != 0) {
        fprintf(stderr, "kiosk stats: %s\n", err);
        goto out;
    }
    if (o.mode == STATS_MODE_EXPORT) {
        rc = write_both(o.dir, kiosk_name, &b, &s, t);
    } else if (o.csv) {
        rc = stats_csv_write(stdout, kiosk_name, &b) == 0 && fflush(stdout) == 0 ? 0 : 1;
        if (rc) fprintf(stderr, "kiosk stats: cannot write the CSV: %s\n", strerror(errno));
    } else {
        print_table(kiosk_name, &s);
        rc = fflush(stdout) == 0 ? 0 : 1;
    }
out:
    stats_summary_release(&s);
    counts_batch_release(&b);
    return rc;
}
