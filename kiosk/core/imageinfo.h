/* imageinfo.h - what kind of picture a file is and how big, read from its
 * header without decoding any pixels (a 30000x30000 PNG of 30 KB must not
 * be decoded to find out it is too big). Pure C: libpng and libjpeg for
 * their headers, a small scan of the <svg> tag for SVG. No SDL. */
#ifndef KIOSK_IMAGEINFO_H
#define KIOSK_IMAGEINFO_H

#include <stddef.h>

/* What to do about an iPhone's HEIC photo, said wherever one is found. */
#define IMAGEINFO_HEIC_ADVICE                                                              \
    "it is an iPhone photo in HEIC format, which the kiosk cannot show: send it to "       \
    "yourself as JPEG, or set the iPhone to take JPEG photos (Settings > Camera > "          \
    "Formats > Most Compatible) and take it again"

typedef enum { IMAGE_UNKNOWN, IMAGE_PNG, IMAGE_JPEG, IMAGE_SVG, IMAGE_HEIC, IMAGE_OTHER } image_kind;

typedef struct {
    image_kind kind;
    int width, height;   /* pixels as shown: a JPEG's EXIF orientation is
                            applied (a portrait phone photo is taller than
                            wide); for SVG, the viewBox or width/height */
    int orientation;     /* EXIF orientation 1..8 (1: stored upright) */
} image_info;

/* Reads the header of the file at path. Returns 0 and fills info, or -1
 * with a reason for staff in err ("the file is cut short", ...). path is
 * opened with safe_open_at: a link, a pipe, a device or a file with a
 * second name (hard link) is refused unread. */
int imageinfo_read(const char *path, image_info *info, char *err, size_t errsize);

/* The same for a file already open (safe_open.h), read from where it is. */
int imageinfo_read_fd(int fd, image_info *info, char *err, size_t errsize);

/* The same for bytes in memory (fuzzing, tests). */
int imageinfo_read_memory(const unsigned char *data, size_t len, image_info *info,
                          char *err, size_t errsize);

/* Decodes a PNG or JPEG completely, one row at a time (constant memory),
 * to find damage the header does not show: a file cut short, corrupt
 * data (libjpeg only warns about these and fills in grey). SVG and other
 * kinds return 0. Returns 0, or -1 with a reason in err. */
int imageinfo_verify(const char *path, char *err, size_t errsize);
/* The same for a file already open (read from its start; fd is not closed). */
int imageinfo_verify_fd(int fd, char *err, size_t errsize);

const char *imageinfo_kind_name(image_kind kind);

#endif
