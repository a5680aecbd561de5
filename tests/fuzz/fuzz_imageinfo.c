/* fuzz_imageinfo.c - libFuzzer target: picture headers (PNG through
 * libpng, JPEG through libjpeg, SVG by hand) via imageinfo_read_memory. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "imageinfo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    image_info info;
    char err[256];
    if (imageinfo_read_memory(data, size, &info, err, sizeof err) == 0) {
        if (info.kind != IMAGE_PNG && info.kind != IMAGE_JPEG && info.kind != IMAGE_SVG) abort();
        if (info.width < 0 || info.height < 0) abort();
        if (info.kind == IMAGE_SVG && (info.width < 1 || info.height < 1)) abort();
    } else if (memchr(err, '\0', sizeof err) == NULL || err[0] == '\0') {
        abort(); /* a failure always says why */
    }
    return 0;
}
