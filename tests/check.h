/* check.h - the smallest test harness that says what failed and where.
 * Each test program ends with check_summary(), which prints the line
 * "N passed, N failed" and returns the exit code. */
#ifndef KIOSK_TESTS_CHECK_H
#define KIOSK_TESTS_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

/* 1 in an AddressSanitizer build (GCC or clang), where some tests do less
 * or skip what ASan's allocator hides. */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif


#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (cond) check_passed++;                                                    \
        else {                                                                       \
            check_failed++;                                                          \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                            \
    } while (0)

#define CHECK_INT(a, b)                                                                        \
    do {                                                                                       \
        long long check_a = (long long)(a), check_b = (long long)(b);                          \
        if (check_a == check_b) check_passed++;                                                \
        else {                                                                                 \
            check_failed++;                                                                    \
            fprintf(stderr, "%s:%d: CHECK failed: %s == %s (%lld != %lld)\n", __FILE__,        \
                    __LINE__, #a, #b, check_a, check_b);                                       \
        }                                                                                      \
    } while (0)

#define CHECK_STR(a, b)                                                                     \
    do {                                                                                    \
        const char *check_a = (a), *check_b = (b);                                          \
        if (check_a && check_b && strcmp(check_a, check_b) == 0) check_passed++;            \
        else {                                                                              \
            check_failed++;                                                                 \
            fprintf(stderr, "%s:%d: CHECK failed: %s == %s (\"%s\" != \"%s\")\n", __FILE__, \
                    __LINE__, #a, #b, check_a ? check_a : "(null)",                         \
                    check_b ? check_b : "(null)");                                          \
        }                                                                                   \
    } while (0)

static inline int check_summary(void) {
    printf("%d passed, %d failed\n", check_passed, check_failed);
    return check_failed ? 1 : 0;
}

#endif
