/* config.h - the kiosk's settings: one table drives the INI file, the
 * command line, `kiosk --help` and the README's settings list.
 *
 * Pure C (inih for the file), no SDL. Precedence, lowest first: built-in
 * default, the content folder's content.ini (seconds_per_page only), the
 * config file, the command line. */
#ifndef KIOSK_CONFIG_H
#define KIOSK_CONFIG_H

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "schedule.h"

#define CONFIG_PATH_MAX PATH_MAX
#define CONFIG_DEFAULT_FILE "/etc/kiosk/kiosk.ini"

typedef struct {
    char content[CONFIG_PATH_MAX];  /* content folder */
    char data[CONFIG_PATH_MAX];     /* data folder; "" = automatic (paths_data_dir) */
    char name[64];                  /* the kiosk's name on reports; "" = host name */
    char trusted_keys[CONFIG_PATH_MAX]; /* public keys whose signed content installs */
    char media[CONFIG_PATH_MAX];    /* where USB sticks are mounted (watched) */
    char inbox[CONFIG_PATH_MAX];    /* signed content arrives here by sync; "" = none */
    char outbox[CONFIG_PATH_MAX];   /* day files and status go here for sync; "" = none */
    int seconds_per_page;
    int idle_seconds;
    int transition_ms;
    char window[32];                /* "WxH", or "" for fullscreen */
    int rotation;                   /* 0, 90, 180, 270 */
    double screen_inches;           /* diagonal; 0 = ask the display */
    char renderer[16];              /* auto, software, accelerated */
    char motion[8];                 /* full, none (reduced motion) */
    char hours[7][SCHEDULE_TEXT_MAX]; /* opening hours, Monday first (schedule.h) */
    int wake_minutes;               /* a touch outside the hours keeps the screen on */
    char read_aloud[4];             /* on, off: the speaker button */
    int volume;                     /* read-aloud loudness, percent */
    char audio_device[128];         /* SDL's name of the output; "" = the default */
    unsigned set_mask;              /* bit i: setting i was given explicitly */
} config;

/* SETTING_HOURS is text checked by schedule_parse_day() ("08:00-18:00"). */
typedef enum {
    SETTING_INT, SETTING_NUMBER, SETTING_TEXT, SETTING_CHOICE, SETTING_HOURS
} setting_type;

typedef struct {
    const char *section;
    const char *name;
    setting_type type;
    const char *default_value;
    double min, max;          /* SETTING_INT, SETTING_NUMBER */
    const char *choices;      /* SETTING_CHOICE: "a|b|c" */
    const char *doc;
} setting_info;

extern const setting_info config_settings[];
extern const int config_setting_count;

/* The length of page turns and of the detail coming in, in ms: 0 (cuts)
 * when motion = none, else transition_ms. */
int config_transition_ms(const config *c);

/* Fills every setting with its default. content_default is the bundled
 * content folder (depends on where the program is installed). */
void config_defaults(config *c, const char *content_default);

/* Sets one setting from text ("seconds_per_page", "12"). Returns 0, or -1
 * with a message for staff in err. */
int config_set(config *c, const char *name, const char *value, char *err, size_t errsize);

/* Reads an INI config file. Problems go to diags (file:line); a missing
 * file is an error. Returns 0 when the file could be used. */
int config_load_file(config *c, const char *path, diag_list *diags);

/* Index of the setting, or -1. Accepts '-' for '_' (command-line form). */
int config_find(const char *name);
bool config_is_set(const config *c, const char *name);

/* `kiosk --help` lines for the settings, and the README's Markdown table. */
void config_print_help(FILE *out);
void config_print_markdown(FILE *out);

/* Parses "800x480". Returns 0 and fills w, h (each 64..16384), else -1. */
int config_parse_size(const char *text, int *w, int *h);

/* Pixels per mm for a screen of w x h pixels and `inches` diagonal; with
 * inches 0, a guess from the resolution: the official 7" panels up to
 * 1280x800, a 21.5" monitor above. */
double config_px_per_mm(int w, int h, double inches);

#endif
