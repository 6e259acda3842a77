#pragma once
// What every reader of a person's file applies where it reads: bounded size and nesting,
// and text that is UTF-8. Careless or hostile input then gets an error naming file, line
// and column instead of a crash, a runaway, or a library's raw message further on.
// docs/reliability.md lists the limits and why each is what it is.

#include <mentorkit/config.hpp>

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace mentorkit::detail {

// ---- limits ------------------------------------------------------------------------------

inline constexpr std::size_t mebibyte = std::size_t{1} << 20;
/// A program definition or a template.
inline constexpr std::size_t max_program_file_bytes = 4 * mebibyte;
/// A catalog of reference data (learning resources, opportunities, guides): an export of
/// an organisation's course or job catalogue can be far larger than a program.
inline constexpr std::size_t max_catalog_file_bytes = 16 * mebibyte;
/// A participant file (CSV, YAML): an HRIS export of a large organisation.
inline constexpr std::size_t max_participant_file_bytes = 64 * mebibyte;
/// One Europass CV (XML or JSON), attachments included.
inline constexpr std::size_t max_cv_file_bytes = 16 * mebibyte;
/// Different skills named in one Europass CV: real ones name fewer than a hundred; the
/// limit keeps a CV from swamping matching and the store.
inline constexpr std::size_t max_cv_skills = 5000;
/// An activity or event file (CSV, JSON Lines).
inline constexpr std::size_t max_activity_file_bytes = 256 * mebibyte;
/// One line of a JSON Lines file.
inline constexpr std::size_t max_json_line_bytes = 1 * mebibyte;
/// Events the schedule of one relationship may generate in a day, and so the shortest period
/// of a repeating timer (a day over this: 1h). A pair that meets daily generates 3; past the
/// limit a schedule only fills the journal (a 1-second meeting cadence wrote 1.7 GB a minute
/// and never reached the program's end).
inline constexpr std::size_t max_events_per_relationship_per_day = 24;
/// A program's timeline.duration: what a program generates grows with its length, and a
/// mentoring program runs months, not decades.
inline constexpr int max_program_months = 5 * 12;
/// Arrays and objects inside one another in a JSON value, and collections in YAML: real
/// documents need fewer than 15; recursion over deeper ones is what overflows a stack.
inline constexpr std::size_t max_nesting_depth = 64;

// ---- reading ----------------------------------------------------------------------------

/// The whole of `file`, at most `max_bytes` long, checked to be UTF-8 (a UTF-8 byte order
/// mark is kept; callers skip it). `what` names the kind of file in messages ("a program
/// definition"). Throws config_error naming the file when it cannot be read, is not a
/// regular file (a folder, a device, a pipe), is larger than the limit, or is not UTF-8
/// (with the line and column of the first bad byte).
std::string read_text_file(const std::filesystem::path& file, std::size_t max_bytes, std::string_view what);

// ---- UTF-8 --------------------------------------------------------------------------------

/// The offset of the first byte that does not belong to a well-formed UTF-8 sequence
/// (overlong forms, surrogates and code points past U+10FFFF are not well-formed), or
/// nothing when all of `text` is UTF-8. A NUL byte counts as invalid: no text a person
/// writes holds one, and C APIs would cut the text there.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

/// Where byte `offset` of `text` is: 1-based line, and column counted in characters.
source_mark position_in(std::string_view text, std::size_t offset, const std::string& file);

/// Throws config_error unless `text` is UTF-8: a file saved as UTF-16 or UTF-32 is named as
/// such; otherwise the message gives the first bad byte and its line and column. `first_line`
/// is the line `text` starts on, for text that is one part of a file.
void require_utf8(std::string_view text, const std::string& file, int first_line = 1);

// ---- nesting ------------------------------------------------------------------------------

/// The offset of the first '[' or '{' outside a string that opens a level deeper than
/// `max_depth`, or nothing: checked before a JSON text is parsed, so that no recursive
/// walk over the parsed value can exhaust the stack.
std::optional<std::size_t> find_excess_json_nesting(std::string_view json, std::size_t max_depth = max_nesting_depth);

// ---- echoing input ------------------------------------------------------------------------

/// `text` safe to print on a terminal: control characters (ANSI escape sequences, carriage
/// returns, C1 controls) are shown as \xNN escapes, so input cannot move the cursor,
/// recolour or hide what an error message says. Valid UTF-8 passes unchanged.
std::string printable(std::string_view text);

/// A plugin's id, which is also its module's name in a program: a lower-case ASCII letter,
/// then lower-case letters, digits and underscores.
bool is_plugin_id(std::string_view text);

}  // namespace mentorkit::detail
