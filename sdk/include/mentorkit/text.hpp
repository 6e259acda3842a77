#pragma once
/// @file
/// Small text helpers for names and phrases people write: trimming, letter case, the form
/// skill names and goal areas are compared in, whole-word search, and word lists in prose.
///
/// Letter case is ASCII only: the bytes of UTF-8 sequences are kept as written and count
/// as letters, so "Zoë" lower-cases to "zoë" and stays one word. Every function is pure
/// and thread-safe.

#include <string>
#include <string_view>
#include <vector>

namespace mentorkit {

/// The white space trimmed and collapsed here: space, tab, CR, LF, VT and FF.
inline constexpr std::string_view blank_characters = " \t\r\n\v\f";

/// `text` without white space at either end.
inline std::string trim(std::string_view text) {
    const auto first = text.find_first_not_of(blank_characters);
    if (first == std::string_view::npos) return {};
    return std::string{text.substr(first, text.find_last_not_of(blank_characters) - first + 1)};
}

/// `text` with ASCII letters in lower case.
inline std::string to_lower(std::string_view text) {
    std::string out{text};
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

/// `text` trimmed, with every inner run of white space as one space and letter case kept:
/// how a name someone wrote is shown back. "  Calm   under pressure " -> "Calm under pressure".
inline std::string collapse_spaces(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool gap = false;
    for (const char c : text) {
        if (blank_characters.find(c) != std::string_view::npos) {
            gap = !out.empty();
            continue;
        }
        if (gap) out += ' ';
        gap = false;
        out += c;
    }
    return out;
}

/// The form in which names are compared: collapse_spaces(), then lower case. The kernel
/// stores skill names and goal areas of participant files in this form, so a plugin that
/// compares its own (from a catalog or a payload) with them should normalise them so too.
/// "  Public   Speaking " -> "public speaking"; '-' and '_' are kept ("work-life balance").
inline std::string normalise_name(std::string_view text) { return to_lower(collapse_spaces(text)); }

/// Whether `c` is part of a word: an ASCII letter or digit, '_', or any byte of a UTF-8
/// sequence (part of a letter such as 'é').
inline bool is_word_byte(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' || u >= 0x80;
}

/// How contains_words() treats the end of a match.
enum class word_match {
    exact,     //!< the phrase ends where a word ends
    plural_s,  //!< ... or one 's' later: "test" is found in "tests"
};

/// Whether `phrase` occurs in `text` as whole words: "no time" is in "i have no time." but
/// not in "no timeline" or "piano time". An edge of the phrase that is not a word byte
/// (e.g. the '+' of "c++") needs no word boundary next to it. Letter case counts: pass
/// both in the same case (e.g. through to_lower()). An empty phrase is never found.
inline bool contains_words(std::string_view text, std::string_view phrase, word_match match = word_match::exact) {
    if (phrase.empty()) return false;
    const bool word_start = is_word_byte(phrase.front());
    const bool word_end = is_word_byte(phrase.back());
    const auto ends_word = [&text](std::size_t at) { return at >= text.size() || !is_word_byte(text[at]); };
    for (auto pos = text.find(phrase); pos != std::string_view::npos; pos = text.find(phrase, pos + 1)) {
        if (word_start && pos > 0 && is_word_byte(text[pos - 1])) continue;
        const auto end = pos + phrase.size();
        if (!word_end || ends_word(end)) return true;
        if (match == word_match::plural_s && text[end] == 's' && ends_word(end + 1)) return true;
    }
    return false;
}

/// The items as a list in prose: "a", "a and b", "a, b and c". `last_separator` replaces
/// the " and " before the last item: " or " gives "a, b or c", ", " a plain list.
inline std::string join_words(const std::vector<std::string>& items, std::string_view last_separator = " and ") {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += i + 1 == items.size() ? last_separator : std::string_view{", "};
        out += items[i];
    }
    return out;
}

/// `text` with its first letter in upper case (ASCII): the start of a sentence.
inline std::string capitalised(std::string text) {
    if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
    return text;
}

}  // namespace mentorkit
