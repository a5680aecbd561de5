/* import_cmd.c - `kiosk import`. See import_cmd.h. */
#include "import_cmd.h"

#include <limits.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "import.h"
#include "import_scale.h"
#include "sound.h"

static void progress(void *ctx, long long done, long long total) {
    (void)ctx;
    if (total > 0) fprintf(stderr, "\rkiosk import: %3lld%%", done * 100 / total);
}

int command_import(const cli_options *opt, int argc, char **argv) {
    const char *data_dir = opt->data_dir;
    const char *src = NULL;
    bool rollback = false;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--rollback") == 0) rollback = true;
        else if (argv[i][0] != '-' && !src) src = argv[i];
        else {
            src = NULL;
            rollback = false;
            break;
        }
    }
    if (!src == !rollback) {
        fprintf(stderr, "usage: kiosk import CONTENT_DIR   install new content\n"
                        "       kiosk import --rollback    go back to the content before\n"
                        "  also takes --config FILE, --data DIR and --trusted-keys FILE\n");
        return 2;
    }
    diag_list d;
    diag_list_init(&d);
    int rc;
    if (rollback) {
        rc = import_rollback(data_dir, &d);
    } else {
        sign_status signature = SIGN_NONE;
        import_options o = {.max_side = IMPORT_MAX_SIDE, .picture = import_scale_picture,
                            .recording = sound_check_file,
                            .now = time(NULL),
                            .progress = isatty(2) ? progress : NULL,
                            .trusted_keys = opt->cfg.trusted_keys, .signature = &signature};
        rc = import_install(src, data_dir, &o, &d);
        if (o.progress) fputc('\n', stderr);
        unsigned long long version;
        if (rc == 0 && signature == SIGN_VALID && import_signed_version(data_dir, &version)) {
            char words[64];
            sign_version_words(version, words, sizeof words);
            printf("kiosk import: the content is signed with a trusted key (the newest signed "
                   "content installed here was signed %s)\n", words);
        }
    }
    diag_list_print(&d, stderr, "");
    char current[PATH_MAX];
    if (rc == 0 && import_current(data_dir, current, sizeof current))
        printf("kiosk import: %s; the kiosk now shows %s\n",
               rollback ? "rolled back" : "installed", current);
    else if (rc != 0)
        printf("kiosk import: nothing was changed%s\n",
               rollback ? "" : "; fix the problems above and try again");
    diag_list_release(&d);
    return rc == 0 ? 0 : 1;
}
