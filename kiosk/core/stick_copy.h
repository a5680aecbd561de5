/* stick_copy.h - copies the content on screen to a USB stick, so clinic
 * staff can start from the pages they see instead of writing
 * kiosk-content/ from nothing: the folder goes to the stick as
 * kiosk-content/ (or kiosk-content-2/, -3, ... when that name is taken),
 * beside a HOW-TO-EDIT.txt (or HOW-TO-EDIT-2.txt, ...) in plain words.
 *
 * Nothing on the stick is ever replaced: the copy is made in a folder of
 * its own, "kiosk-content-UNFINISHED-XXXXXX", every file and folder is
 * flushed to the stick, and only then is it renamed (never over anything)
 * to its name. A stick pulled out mid-copy leaves at most a folder that
 * says it is unfinished, which the kiosk does not read.
 *
 * Pure C (libc; files through import_copy_file and safe_open.c): no SDL,
 * no clock. Messages are for clinic staff and name the folder. */
#ifndef KIOSK_STICK_COPY_H
#define KIOSK_STICK_COPY_H

#include <stddef.h>

#define STICK_COPY_TRIES 99          /* kiosk-content-2 ... -99, then it stops */
#define STICK_COPY_UNFINISHED "kiosk-content-UNFINISHED-"

typedef struct {
    char folder[64];      /* the folder written: "kiosk-content-2" */
    char howto[64];       /* the help file written: "HOW-TO-EDIT.txt" */
    int files;            /* files copied */
    long long bytes;
} stick_copy_result;

/* Copies every file and folder of src_dir (the content on screen) into a
 * new folder at the top of the stick stick_root, as the kiosk has it;
 * names starting with '.' (the kiosk's own bookkeeping, such as
 * .kiosk-source) are left out, and so are a kiosk-manifest.txt (a
 * signature the edited pages would no longer match) and anything that is
 * not a plain file or folder. Then writes the help file (stick_copy_howto) beside it.
 * Returns 0 and fills r; -1 with err for staff ("The USB stick is full
 * ..."), and then no new kiosk-content folder is on the stick. */
int stick_copy_content(const char *src_dir, const char *stick_root, stick_copy_result *r,
                       char *err, size_t errsize);

/* The help file's words for a copy in the folder `folder`, with Windows
 * line ends (CRLF) for Notepad, into out. Returns the length, or 0 when
 * it does not fit (out is then ""). The one place these words are kept. */
size_t stick_copy_howto(const char *folder, char *out, size_t size);

#endif
