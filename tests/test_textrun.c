/* test_textrun.c - a line of text in bidi and script runs (textrun.c):
 * left-to-right text is one run; Arabic is one right-to-left run; English
 * and a number inside Arabic keep their place (the runs come out in
 * visual order); scripts split runs and marks do not. */
#include <string.h>

#include "check.h"
#include "textrun.h"

/* The text of run k of text. */
static const char *run_text(const char *text, const textrun *r) {
    static char buf[256];
    snprintf(buf, sizeof buf, "%.*s", (int)r->len, text + r->start);
    return buf;
}

int main(void) {
    textrun runs[TEXTRUN_MAX];
    bool rtl = true;

    const char *plain = "Hello, world";
    CHECK_INT(textrun_split(plain, strlen(plain), TEXT_DIR_AUTO, runs, TEXTRUN_MAX, &rtl), 1);
    CHECK(!rtl);
    CHECK_INT(runs[0].level, 0);
    CHECK_STR(runs[0].script, "Latn");
    CHECK_INT(textrun_split("", 0, TEXT_DIR_AUTO, runs, TEXTRUN_MAX, NULL), 0);

    /* Arabic alone: one right-to-left run, and the paragraph is RTL. */
    const char *ar = "الصحة النفسية";
    CHECK_INT(textrun_split(ar, strlen(ar), TEXT_DIR_AUTO, runs, TEXTRUN_MAX, &rtl), 1);
    CHECK(rtl);
    CHECK_INT(runs[0].level, 1);
    CHECK_STR(runs[0].script, "Arab");
    CHECK(textrun_is_rtl(ar, strlen(ar)));
    CHECK(!textrun_is_rtl("123 abc", 7));

    /* Arabic inside English: three runs, in place. */
    const char *mixed = "Say مرحبا today";
    int n = textrun_split(mixed, strlen(mixed), TEXT_DIR_AUTO, runs, TEXTRUN_MAX, &rtl);
    CHECK(!rtl);
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_STR(run_text(mixed, &runs[0]), "Say ");
        CHECK_STR(run_text(mixed, &runs[1]), "مرحبا");
        CHECK_INT(runs[1].level, 1);
        CHECK_STR(run_text(mixed, &runs[2]), " today");
    }

    /* English and a number inside Arabic: on screen, left to right, the
     * second Arabic word comes first, then "DorPIP 2024" unturned, then
     * the first Arabic word. */
    const char *inside = "قال DorPIP 2024 مرحبا";
    n = textrun_split(inside, strlen(inside), TEXT_DIR_AUTO, runs, TEXTRUN_MAX, &rtl);
    CHECK(rtl);
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK(strstr(run_text(inside, &runs[0]), "مرحبا") != NULL);
        CHECK_STR(run_text(inside, &runs[1]), "DorPIP 2024");
        CHECK_INT(runs[1].level, 2);
        CHECK(strstr(run_text(inside, &runs[2]), "قال") != NULL);
    }

    /* A paragraph said to be RTL keeps English runs at level 2. */
    n = textrun_split(plain, strlen(plain), TEXT_DIR_RTL, runs, TEXTRUN_MAX, &rtl);
    CHECK(rtl);
    CHECK(n >= 1 && runs[0].level == 2);

    /* Bengali with its vowel signs and virama: one run. Two scripts of one
     * direction: two runs. */
    const char *bn = "শিশুর মানসিক স্বাস্থ্য";
    CHECK_INT(textrun_split(bn, strlen(bn), TEXT_DIR_AUTO, runs, TEXTRUN_MAX, &rtl), 1);
    CHECK_STR(runs[0].script, "Beng");
    const char *two = "Zdrowie শিশুর";
    CHECK_INT(textrun_split(two, strlen(two), TEXT_DIR_AUTO, runs, TEXTRUN_MAX, NULL), 2);
    CHECK_STR(runs[0].script, "Latn");
    CHECK_STR(runs[1].script, "Beng");

    /* A combining accent stays with its letter; bad UTF-8 does no harm. */
    const char *accent = "e\xcc\x81t\xff\xfe";
    CHECK_INT(textrun_split(accent, strlen(accent), TEXT_DIR_AUTO, runs, TEXTRUN_MAX, NULL), 1);
    CHECK_STR(textrun_script(0x0301), "Zinh");
    CHECK_STR(textrun_script('7'), "Zyyy");

    /* More runs than room: the rest joins the last, nothing is lost. */
    char many[4000] = "";
    for (int i = 0; i < 200; i++) strcat(many, i % 2 ? "ab " : "مر ");
    n = textrun_split(many, strlen(many), TEXT_DIR_LTR, runs, 8, NULL);
    CHECK_INT(n, 8);
    size_t covered = 0;
    for (int i = 0; i < n; i++) covered += runs[i].len;
    CHECK_INT((int)covered, (int)strlen(many));
    return check_summary();
}
