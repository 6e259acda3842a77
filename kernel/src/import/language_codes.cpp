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
// its neighbours and the most spoken others. Upper-case letters outside ASCII are not
// lowered by to_lower, so names such as "ČEŠTINA" are not found; their English ones are.
constexpr std::array<std::pair<std::string_view, std::string_view>, 96> names{{
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
    {"greek", "el"},      {"ελληνικά", "el"},    {"hebrew", "he"},         {"hindi", "hi"},
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

}  // namespace

std::string language_code(std::string_view code_or_name) {
    const auto name = normalise_name(code_or_name);
    if (name.size() == 3)
        for (const auto& [three, two] : two_letter_codes)
            if (three == name) return std::string{two};
    for (const auto& [language, code] : names)
        if (language == name) return std::string{code};
    return name;
}

}  // namespace mentorkit::detail
