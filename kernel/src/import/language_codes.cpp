#include "import/language_codes.hpp"

#include <mentorkit/text.hpp>

#include <array>
#include <utility>

namespace mentorkit::detail {
namespace {

// Three-letter ISO 639-2 codes (bibliographic and terminology forms) that have a two-letter
// ISO 639-1 code, for the languages of Europe and the most spoken others: the Candidate
// names languages by these, participant files and the SkillsPassport by two letters.
constexpr std::array<std::pair<std::string_view, std::string_view>, 80> two_letter_codes{{
    {"alb", "sq"}, {"ara", "ar"}, {"arm", "hy"}, {"baq", "eu"}, {"bel", "be"}, {"ben", "bn"}, {"bos", "bs"},
    {"bul", "bg"}, {"cat", "ca"}, {"ces", "cs"}, {"chi", "zh"}, {"cym", "cy"}, {"cze", "cs"}, {"dan", "da"},
    {"deu", "de"}, {"dut", "nl"}, {"ell", "el"}, {"eng", "en"}, {"est", "et"}, {"eus", "eu"}, {"fas", "fa"},
    {"fin", "fi"}, {"fra", "fr"}, {"fre", "fr"}, {"geo", "ka"}, {"ger", "de"}, {"gle", "ga"}, {"glg", "gl"},
    {"gre", "el"}, {"guj", "gu"}, {"heb", "he"}, {"hin", "hi"}, {"hrv", "hr"}, {"hun", "hu"}, {"hye", "hy"},
    {"ice", "is"}, {"ind", "id"}, {"isl", "is"}, {"ita", "it"}, {"jpn", "ja"}, {"kan", "kn"}, {"kat", "ka"},
    {"kor", "ko"}, {"lav", "lv"}, {"lit", "lt"}, {"ltz", "lb"}, {"mac", "mk"}, {"mal", "ml"}, {"mar", "mr"},
    {"may", "ms"}, {"mkd", "mk"}, {"mlt", "mt"}, {"msa", "ms"}, {"nep", "ne"}, {"nld", "nl"}, {"nor", "no"},
    {"pan", "pa"}, {"per", "fa"}, {"pol", "pl"}, {"por", "pt"}, {"ron", "ro"}, {"rum", "ro"}, {"rus", "ru"},
    {"slk", "sk"}, {"slo", "sk"}, {"slv", "sl"}, {"spa", "es"}, {"sqi", "sq"}, {"srp", "sr"}, {"swa", "sw"},
    {"swe", "sv"}, {"tam", "ta"}, {"tel", "te"}, {"tgl", "tl"}, {"tha", "th"}, {"tur", "tr"}, {"ukr", "uk"},
    {"urd", "ur"}, {"vie", "vi"}, {"zho", "zh"},
}};

// Names of languages, lower case, in English and in the language itself (as the
// Europass editor's labels and HR systems write them), for the languages of the EU and
// its neighbours and the most spoken others.
constexpr std::array<std::pair<std::string_view, std::string_view>, 97> names{{
    {"albanian", "sq"},   {"shqip", "sq"},       {"arabic", "ar"},         {"العربية", "ar"},
    {"armenian", "hy"},   {"basque", "eu"},      {"euskara", "eu"},        {"belarusian", "be"},
    {"bengali", "bn"},    {"bosnian", "bs"},     {"bosanski", "bs"},       {"bulgarian", "bg"},
    {"български", "bg"},  {"catalan", "ca"},     {"català", "ca"},         {"chinese", "zh"},
    {"mandarin", "zh"},   {"中文", "zh"},        {"croatian", "hr"},       {"hrvatski", "hr"},
    {"czech", "cs"},      {"čeština", "cs"},     {"danish", "da"},         {"dansk", "da"},
    {"dutch", "nl"},      {"nederlands", "nl"},  {"flemish", "nl"},        {"english", "en"},
    {"estonian", "et"},   {"eesti", "et"},       {"finnish", "fi"},        {"suomi", "fi"},
    {"french", "fr"},     {"français", "fr"},    {"francais", "fr"},       {"galician", "gl"},
    {"galego", "gl"},     {"georgian", "ka"},    {"german", "de"},         {"deutsch", "de"},
    {"greek", "el"},      {"ελληνικά", "el"},    {"ελληνικα", "el"},  // capitals drop the accent
    {"hebrew", "he"},     {"hindi", "hi"},
    {"hungarian", "hu"},  {"magyar", "hu"},      {"icelandic", "is"},      {"íslenska", "is"},
    {"irish", "ga"},      {"gaeilge", "ga"},     {"italian", "it"},        {"italiano", "it"},
    {"japanese", "ja"},   {"日本語", "ja"},      {"korean", "ko"},         {"latvian", "lv"},
    {"latviešu", "lv"},   {"lithuanian", "lt"},  {"lietuvių", "lt"},       {"luxembourgish", "lb"},
    {"macedonian", "mk"}, {"македонски", "mk"},  {"maltese", "mt"},        {"malti", "mt"},
    {"norwegian", "no"},  {"norsk", "no"},       {"persian", "fa"},        {"farsi", "fa"},
    {"polish", "pl"},     {"polski", "pl"},      {"portuguese", "pt"},     {"português", "pt"},
    {"portugues", "pt"},  {"romanian", "ro"},    {"română", "ro"},         {"russian", "ru"},
    {"русский", "ru"},    {"serbian", "sr"},     {"srpski", "sr"},         {"српски", "sr"},
    {"slovak", "sk"},     {"slovenčina", "sk"},  {"slovenian", "sl"},      {"slovene", "sl"},
    {"slovenščina", "sl"}, {"spanish", "es"},    {"español", "es"},        {"espanol", "es"},
    {"castellano", "es"}, {"swedish", "sv"},     {"svenska", "sv"},        {"turkish", "tr"},
    {"türkçe", "tr"},     {"ukrainian", "uk"},   {"українська", "uk"},     {"welsh", "cy"},
}};

// The lower-case letter of an upper-case one in the alphabets of the names above (Latin
// with its accents, Greek, Cyrillic); any other code point as it is.
char32_t lower_letter(char32_t c) {
    const bool latin1 = c >= 0xC0 && c <= 0xDE && c != 0xD7;   // À..Þ, not ×
    const bool greek = c >= 0x391 && c <= 0x3AB && c != 0x3A2;  // Α..Ϋ
    const bool cyrillic = c >= 0x410 && c <= 0x42F;             // А..Я
    if (latin1 || greek || cyrillic) return c + 0x20;
    if (c >= 0x400 && c <= 0x40F) return c + 0x50;  // Ѐ..Џ: Ukrainian І and Ї, Serbian Ј, Љ, Њ, Ћ, Џ
    if (c == 0x386) return 0x3AC;                   // Ά
    if (c >= 0x388 && c <= 0x38A) return c + 0x25;  // Έ Ή Ί
    if (c == 0x38C) return 0x3CC;                   // Ό
    if (c == 0x38E || c == 0x38F) return c + 0x3F;  // Ύ Ώ
    // Latin Extended-A pairs each capital with the small letter after it: on even code
    // points, except in two runs where the capitals are odd.
    const bool odd_capitals = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    const bool even_capitals = (c >= 0x100 && c <= 0x12F) || (c >= 0x132 && c <= 0x137) || (c >= 0x14A && c <= 0x177);
    if ((odd_capitals && c % 2 == 1) || (even_capitals && c % 2 == 0)) return c + 1;
    return c;
}

// normalise_name, with the capitals of lower_letter lowered too ("ČEŠTINA", "FRANÇAIS",
// "ΕΛΛΗΝΙΚΆ"). The text is valid UTF-8: every input is checked where it is read.
std::string lowered_name(std::string_view text) {
    const auto ascii_lowered = normalise_name(text);
    std::string out;
    out.reserve(ascii_lowered.size());
    for (std::size_t i = 0; i < ascii_lowered.size();) {
        const auto lead = static_cast<unsigned char>(ascii_lowered[i]);
        // Letters of these alphabets take two bytes: 110xxxxx 10xxxxxx.
        if ((lead & 0xE0) != 0xC0 || i + 1 >= ascii_lowered.size()) {
            out += ascii_lowered[i++];
            continue;
        }
        const auto next = static_cast<unsigned char>(ascii_lowered[i + 1]);
        const auto lower = lower_letter(static_cast<char32_t>(((lead & 0x1F) << 6) | (next & 0x3F)));
        out += static_cast<char>(0xC0 | (lower >> 6));
        out += static_cast<char>(0x80 | (lower & 0x3F));
        i += 2;
    }
    return out;
}

}  // namespace

std::string language_code(std::string_view code_or_name) {
    const auto name = lowered_name(code_or_name);
    if (name.size() == 3)
        for (const auto& [three, two] : two_letter_codes)
            if (three == name) return std::string{two};
    for (const auto& [language, code] : names)
        if (language == name) return std::string{code};
    return name;
}

}  // namespace mentorkit::detail
