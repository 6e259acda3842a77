#pragma once
// One field of a CSV file that people open in a spreadsheet: quoted as RFC 4180 says, and
// never run there as a formula. Every CSV mentorkit writes (reports, matches) goes through it.

#include <string>
#include <string_view>

namespace mentorkit {

/// `field` as written in a CSV file. A text a spreadsheet would evaluate (starting with =,
/// +, -, @, a tab or CR, and not a number such as "-0.5") gets a leading apostrophe, which
/// spreadsheets show as text: a name such as "=HYPERLINK(...)" must not run. A field with a
/// comma, a quote, CR or LF is put in quotes, its quotes doubled.
std::string csv_field(std::string_view field);

}  // namespace mentorkit
