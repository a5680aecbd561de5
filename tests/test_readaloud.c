/* test_readaloud.c - what is read aloud (readaloud.h): a page view is its
 * title, short text and picture's description, each ended as a sentence;
 * a detail view its title and longer text; and the speaker's states. Also
 * the check's warning for a picture with no "alt:". */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "content.h"
#include "readaloud.h"

static void parse(const char *text, content_page *page, diag_list *d) {
    diag_list_init(d);
    CHECK_INT(content_parse_page("pages/010-read.md", text, strlen(text), "en", page, d), 0);
}

static void test_script(void) {
    diag_list d;
    content_page page;
    parse("---\ntitle: Bonding\nimage: bonding.svg\nalt: A mother holds her baby\n---\n"
          "Massage brings the parts of bonding together\n\n<!--more-->\n\n"
          "## Why it helps\n\n- You feel like the expert\n- **Confident** with them.\n",
          &page, &d);
    CHECK_INT(d.warnings, 0);
    page.image.path = strdup("/content/images/bonding.svg"); /* as content_load resolves it */
    char *s = readaloud_script(&page, 0, false);
    CHECK_STR(s, "Bonding.\nMassage brings the parts of bonding together.\nA mother holds her baby.\n");
    free(s);
    s = readaloud_script(&page, 0, true);
    CHECK_STR(s, "Bonding.\nWhy it helps.\nYou feel like the expert.\nConfident with them.\n");
    free(s);
    /* No picture: no description read, even with an alt: line. */
    free(page.image.path);
    page.image.path = NULL;
    s = readaloud_script(&page, 0, false);
    CHECK(s && strstr(s, "mother") == NULL);
    free(s);
    content_page_release(&page);
    diag_list_release(&d);

    /* Sentences that end already keep their own marks (Urdu's too). */
    parse("---\ntitle: Hello?\n---\nFirst line\\\nsecond line!\n\n\xDB\x81\xDB\x94\n", &page, &d);
    s = readaloud_script(&page, 0, false);
    CHECK_STR(s, "Hello?\nFirst line second line!\n\xDB\x81\xDB\x94\n");
    free(s);
    content_page_release(&page);
    diag_list_release(&d);
}

static void test_alt_warning(void) {
    diag_list d;
    content_page page;
    parse("---\ntitle: T\nimage: a.svg\n---\nShort.\n\n<!--more-->\n\nMore.\n", &page, &d);
    CHECK_INT(d.warnings, 1);
    CHECK(d.count == 1 && d.items[0].line == 3 && strstr(d.items[0].message, "alt:"));
    content_page_release(&page);
    diag_list_release(&d);
}

static void test_states(void) {
    readaloud r = {0};
    CHECK(!readaloud_active(&r));
    readaloud_tap(&r, 2, false);
    CHECK_INT(r.state, READALOUD_SPEAKING);
    unsigned first = r.serial;
    readaloud_tap(&r, 2, false);
    CHECK_INT(r.state, READALOUD_PAUSED);
    readaloud_tap(&r, 2, false);
    CHECK_INT(r.state, READALOUD_SPEAKING);
    CHECK_INT(r.serial, first);                   /* goes on: the same reading */
    CHECK(!readaloud_ended(&r, first + 7));       /* an older reading's end */
    CHECK(readaloud_ended(&r, first));
    CHECK_INT(r.state, READALOUD_IDLE);
    readaloud_tap(&r, 2, false);                  /* again, from the start */
    CHECK(r.serial != first);
    readaloud_tap(&r, 2, true);                   /* the detail's speaker: another reading */
    CHECK_INT(r.state, READALOUD_SPEAKING);
    CHECK(r.detail);
    CHECK(readaloud_stop(&r));
    CHECK(!readaloud_stop(&r));
    CHECK(!readaloud_ended(&r, r.serial));        /* stopped: its end changes nothing */
}

int main(void) {
    test_script();
    test_alt_warning();
    test_states();
    return check_summary();
}
