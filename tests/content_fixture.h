/* content_fixture.h - a content folder for tests: the folder with its
 * pages/ and images/, and pages with a title, an optional picture, a
 * short text and, after <!--more-->, a long one. The one folder builder
 * of test_hostile.c, test_import.c and test_sign.c. Include check.h and
 * files.h first. */
#ifndef KIOSK_TESTS_CONTENT_FIXTURE_H
#define KIOSK_TESTS_CONTENT_FIXTURE_H

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

/* A small picture that every content check accepts. */
#define CONTENT_FIXTURE_SVG                                                                  \
    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 40 30\">"                      \
    "<rect width=\"40\" height=\"30\" fill=\"#1F5A55\"/></svg>\n"

/* Makes dir, dir/pages and dir/images (there already is fine; a check
 * fails when one cannot be made). */
static inline void content_fixture_folder(const char *dir) {
    static const char *const parts[] = {"", "/pages", "/images"};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s%s", dir, parts[i]);
        bool made = mkdir(path, 0755) == 0 || errno == EEXIST;
        if (!made) perror(path);
        CHECK(made);
    }
}

/* Writes dir/pages/name: a page titled title that shows image (a name in
 * images/, or NULL for none), with short_text and then long_text. */
static inline void content_fixture_page(const char *dir, const char *name, const char *title,
                                        const char *image, const char *short_text,
                                        const char *long_text) {
    char rel[300], text[2048];
    snprintf(rel, sizeof rel, "pages/%s", name);
    snprintf(text, sizeof text, "---\ntitle: %s\n%s%s%s---\n%s\n\n<!--more-->\n\n%s\n", title,
             image ? "image: " : "", image ? image : "", image ? "\n" : "", short_text,
             long_text);
    fixture_put_text(dir, rel, text);
}

#endif
