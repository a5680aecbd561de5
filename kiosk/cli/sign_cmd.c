/* sign_cmd.c - `kiosk keygen` and `kiosk sign`. See sign_cmd.h. */
#include "sign_cmd.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sign.h"

int command_keygen(const cli_options *o, int argc, char **argv) {
    (void)o;
    if (argc != 1 || argv[0][0] == '-') {
        fprintf(stderr, "usage: kiosk keygen NAME\n"
                        "  writes NAME.secret (keep it safe) and NAME.public (copy it into each\n"
                        "  kiosk's trusted keys file, /etc/kiosk/trusted-keys)\n");
        return 2;
    }
    char err[512];
    if (sign_keygen(argv[0], err, sizeof err) != 0) {
        fprintf(stderr, "kiosk keygen: %s\n", err);
        return 1;
    }
    printf("wrote %s.secret and %s.public\n", argv[0], argv[0]);
    return 0;
}

int command_sign(const cli_options *o, int argc, char **argv) {
    (void)o;
    const char *dir = NULL, *key = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--key") == 0 && i + 1 < argc) key = argv[++i];
        else if (argv[i][0] != '-' && !dir) dir = argv[i];
        else { dir = NULL; break; }
    }
    if (!dir || !key) {
        fprintf(stderr, "usage: kiosk sign CONTENT_DIR --key NAME.secret\n"
                        "  writes CONTENT_DIR/%s: the SHA-256 of every file and the\n"
                        "  time of signing (a kiosk installs without the PIN only content signed\n"
                        "  later than what it installed last), signed\n",
                SIGN_MANIFEST);
        return 2;
    }
    diag_list d;
    diag_list_init(&d);
    /* The version is the time of signing (UTC): later bundles are newer. */
    unsigned long long version = sign_version_at((long long)time(NULL));
    int rc = sign_folder(dir, key, version, &d);
    diag_list_print(&d, stderr, "kiosk sign: ");
    diag_list_release(&d);
    char words[64];
    sign_version_words(version, words, sizeof words);
    if (rc == 0) printf("signed %s (%s, version %llu: %s)\n", dir, SIGN_MANIFEST, version, words);
    return rc == 0 ? 0 : 1;
}
