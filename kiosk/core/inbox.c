/* inbox.c - is the inbox's bundle whole, signed, trusted and newer? See
 * inbox.h. */
#include "inbox.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "files.h"
#include "import.h"
#include "sign.h"

const char *inbox_state_word(inbox_state s) {
    switch (s) {
    case INBOX_EMPTY: return "empty";
    case INBOX_UNSIGNED: return "refused";
    case INBOX_UNVERIFIED: return "waiting";
    case INBOX_OLDER: return "refused";
    case INBOX_INSTALLED: return "installed";
    case INBOX_READY: return "ready";
    }
    return "?";
}

/* The first error of d, as "file:line: message" (file relative to the inbox). */
static void first_error(const diag_list *d, const char *inbox_dir, char *out, size_t size) {
    for (int i = 0; i < d->count; i++) {
        const diag *e = &d->items[i];
        if (e->severity != DIAG_ERROR) continue;
        const char *file = e->file;
        size_t n = strlen(inbox_dir);
        if (strncmp(file, inbox_dir, n) == 0 && file[n] == '/') file += n + 1;
        if (e->line > 0) snprintf(out, size, "%.300s:%d: %.380s", file, e->line, e->message);
        else snprintf(out, size, "%.300s: %.380s", file, e->message);
        return;
    }
    snprintf(out, size, "it does not verify");
}

void inbox_look(const char *inbox_dir, const char *data_dir, const char *trusted_keys,
                inbox_verdict *v) {
    memset(v, 0, sizeof *v);
    struct stat st;
    if (!files_join(v->bundle, sizeof v->bundle, inbox_dir, INBOX_CONTENT)) {
        v->state = INBOX_UNVERIFIED;
        snprintf(v->reason, sizeof v->reason, "%.900s: the inbox folder's name is too long",
                 inbox_dir);
        return;
    }
    if (lstat(v->bundle, &st) != 0) {
        v->state = INBOX_EMPTY;
        snprintf(v->reason, sizeof v->reason, "no %s/ in %.900s", INBOX_CONTENT, inbox_dir);
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        v->state = INBOX_UNVERIFIED;
        snprintf(v->reason, sizeof v->reason,
                 "%.900s is not a folder: the inbox takes a folder %s/ made by kiosk sign",
                 v->bundle, INBOX_CONTENT);
        return;
    }
    diag_list d;
    diag_list_init(&d);
    sign_status s = sign_verify(v->bundle, trusted_keys, &d);
    if (s == SIGN_NONE) {
        v->state = INBOX_UNSIGNED;
        snprintf(v->reason, sizeof v->reason,
                 "%s/ is not signed (it has no %s): the inbox installs only content signed with "
                 "kiosk sign by a key in the kiosk's trusted keys, since nobody is there to give "
                 "the staff PIN. Sign it on the hub, or install it from a USB stick with the PIN",
                 INBOX_CONTENT, SIGN_MANIFEST);
    } else if (s == SIGN_BAD) {
        char why[700];
        first_error(&d, inbox_dir, why, sizeof why);
        v->state = INBOX_UNVERIFIED;
        snprintf(v->reason, sizeof v->reason,
                 "%s/ does not verify against its %s (%.700s). It is not installed. If it is still "
                 "being copied, it goes in once it is whole; if it stays like this, sign it "
                 "again on the hub",
                 INBOX_CONTENT, SIGN_MANIFEST, why);
    } else {
        sign_manifest m;
        diag_list again;
        diag_list_init(&again);
        sign_status twice = sign_load(v->bundle, trusted_keys, &m, &again);
        v->version = twice == SIGN_VALID ? m.version : 0;
        sign_manifest_release(&m);
        diag_list_release(&again);
        char signed_words[64], installed_words[64];
        sign_version_words(v->version, signed_words, sizeof signed_words);
        unsigned long long installed = 0;
        bool have = import_signed_version(data_dir, &installed);
        sign_version_words(installed, installed_words, sizeof installed_words);
        if (twice != SIGN_VALID) {
            /* Changed between the two looks: still arriving. */
            v->state = INBOX_UNVERIFIED;
            snprintf(v->reason, sizeof v->reason,
                     "%s/ changed while it was being checked; it is looked at again",
                     INBOX_CONTENT);
        } else if (have && v->version < installed) {
            v->state = INBOX_OLDER;
            snprintf(v->reason, sizeof v->reason,
                     "%s/ was signed %s%s (version %llu), before the signed content installed "
                     "here (%s, version %llu): an older bundle is never installed again. Sign "
                     "the content again on the hub to send it",
                     INBOX_CONTENT, v->version ? "on " : "with ", signed_words, v->version,
                     installed_words, installed);
        } else if (have && v->version == installed) {
            v->state = INBOX_INSTALLED;
            snprintf(v->reason, sizeof v->reason, "the content signed on %s is installed",
                     signed_words);
        } else {
            v->state = INBOX_READY;
            snprintf(v->reason, sizeof v->reason, "the content signed %s%s is whole and signed "
                     "by a trusted key", v->version ? "on " : "with ", signed_words);
        }
    }
    diag_list_release(&d);
}
