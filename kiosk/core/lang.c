/* lang.c - languages by code: own names, direction, the kiosk's words.
 * See lang.h. */
#include "lang.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

typedef struct {
    const char *code;
    const char *name;                    /* in its own words and script */
    bool rtl;
    const char *words[LANG_WORD_COUNT];  /* NULL: English */
} lang_entry;

/* The languages most often spoken at home in the UK after English, and a
 * few more. Words left NULL are shown in English. */
static const lang_entry table[] = {
    {"en", "English", false, {"Tap to read more", "Back", "Choose your language",
            "Scan to read this at home",
            "Still reading?", "Tap to stay"}},
    {"pl", "Polski", false, {"Dotknij, aby czytać dalej", "Wstecz", "Wybierz język",
            "Zeskanuj, aby przeczytać to w domu",
            "Czytasz dalej?", "Dotknij, aby zostać"}},
    {"ro", "Română", false, {"Atinge pentru a citi mai mult", "Înapoi", "Alege limba",
            "Scanează pentru a citi acasă",
            "Încă citești?", "Atinge pentru a rămâne"}},
    {"ar", "العربية", true, {"المس لقراءة المزيد", "رجوع", "اختر لغتك",
            "امسح الرمز لقراءة هذا في المنزل",
            "هل ما زلت تقرأ؟", "المس للبقاء"}},
    {"ur", "اردو", true, {"مزید پڑھنے کے لیے چھوئیں", "واپس", "اپنی زبان منتخب کریں",
            "گھر پر پڑھنے کے لیے اسکین کریں",
            "کیا آپ ابھی پڑھ رہے ہیں؟", "رکنے کے لیے چھوئیں"}},
    {"bn", "বাংলা", false, {"আরও পড়তে স্পর্শ করুন", "ফিরে যান", "আপনার ভাষা বেছে নিন",
            "বাড়িতে পড়তে স্ক্যান করুন",
            "এখনও পড়ছেন?", "থাকতে স্পর্শ করুন"}},
    {"pa", "ਪੰਜਾਬੀ", false, {"ਹੋਰ ਪੜ੍ਹਨ ਲਈ ਛੂਹੋ", "ਵਾਪਸ", "ਆਪਣੀ ਭਾਸ਼ਾ ਚੁਣੋ",
            "ਘਰ ਵਿੱਚ ਪੜ੍ਹਨ ਲਈ ਸਕੈਨ ਕਰੋ",
            "ਕੀ ਤੁਸੀਂ ਅਜੇ ਪੜ੍ਹ ਰਹੇ ਹੋ?", "ਰੁਕਣ ਲਈ ਛੂਹੋ"}},
    {"pt", "Português", false, {"Toque para ler mais", "Voltar", "Escolha o seu idioma",
            "Digitalize para ler isto em casa",
            "Ainda a ler?", "Toque para ficar"}},
    {"es", "Español", false, {"Toca para leer más", "Atrás", "Elige tu idioma",
            "Escanea para leerlo en casa",
            "¿Sigues leyendo?", "Toca para quedarte"}},
    {"fr", "Français", false, {"Touchez pour lire la suite", "Retour", "Choisissez votre langue",
            "Scannez pour le lire chez vous",
            "Vous lisez encore\xC2\xA0?", "Touchez pour rester"}},
    {"de", "Deutsch", false, {"Tippen, um mehr zu lesen", "Zurück", "Sprache wählen",
            "Scannen, um es zu Hause zu lesen",
            "Lesen Sie noch?", "Tippen, um zu bleiben"}},
    {"it", "Italiano", false, {NULL, NULL, NULL, NULL, NULL, NULL}},
    {"lt", "Lietuvių", false, {NULL, NULL, NULL, NULL, NULL, NULL}},
    {"so", "Soomaali", false, {NULL, NULL, NULL, NULL, NULL, NULL}},
    {"ta", "தமிழ்", false, {NULL, NULL, NULL, NULL, NULL, NULL}},
    {"gu", "ગુજરાતી", false, {NULL, NULL, NULL, NULL, NULL, NULL}},
    {"hi", "हिन्दी", false, {NULL, NULL, NULL, NULL, NULL, NULL}},
    {"tr", "Türkçe", false, {NULL, NULL, NULL, NULL, NULL, NULL}},
    {"uk", "Українська", false, {NULL, NULL, NULL, NULL, NULL, NULL}},
    {"ru", "Русский", false, {NULL, NULL, NULL, NULL, NULL, NULL}},
    {"zh", "中文", false, {NULL, NULL, NULL, NULL, NULL, NULL}},
    {"fa", "فارسی", true, {NULL, NULL, NULL, NULL, NULL, NULL}},
    {"ps", "پښتو", true, {NULL, NULL, NULL, NULL, NULL, NULL}},
    {"ku", "Kurdî", false, {NULL, NULL, NULL, NULL, NULL, NULL}},
    {"he", "עברית", true, {NULL, NULL, NULL, NULL, NULL, NULL}},
    {"cy", "Cymraeg", false, {NULL, NULL, NULL, NULL, NULL, NULL}},
};

/* "pt-br" matches "pt"; case does not matter. */
static const lang_entry *find(const char *code) {
    if (!code) return NULL;
    size_t n = 0;
    while (code[n] && code[n] != '-' && code[n] != '_') n++;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcasecmp(table[i].code, code) == 0) return &table[i];
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strlen(table[i].code) == n && strncasecmp(table[i].code, code, n) == 0) return &table[i];
    return NULL;
}

const char *lang_name(const char *code) {
    const lang_entry *e = find(code);
    return e ? e->name : code ? code : "";
}

bool lang_rtl(const char *code) {
    const lang_entry *e = find(code);
    return e && e->rtl;
}

const char *lang_word(const char *code, lang_word_id w) {
    if ((int)w < 0 || w >= LANG_WORD_COUNT) return "";
    const lang_entry *e = find(code);
    return e && e->words[w] ? e->words[w] : table[0].words[w];
}
