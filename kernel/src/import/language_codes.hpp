#pragma once
// Languages named the way people and tools write them (en, eng, English, ENGLISH, Deutsch)
// turned into the one form matching compares: the ISO 639-1 code. Participant files and
// Europass CVs both go through it, so a CV's level replaces the file's for the same language.

#include <string>
#include <string_view>

namespace mentorkit::detail {

/// The two-letter ISO 639-1 code of a language given as a code (two letters, or a
/// three-letter ISO 639-2 code that has a two-letter one) or as a name, in English or in
/// the language itself, in any letter case ("GERMAN", "Deutsch", "français"). A language
/// it does not know is returned lower-cased with single spaces, as other names are.
std::string language_code(std::string_view code_or_name);

}  // namespace mentorkit::detail
