#pragma once
// Reading participants from an HRIS export (CSV) or a YAML file, all or nothing.
// The columns, the YAML form and the error messages are documented in docs/participants.md.

#include "error_list.hpp"

#include <mentorkit/config.hpp>
#include <mentorkit/domain.hpp>

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace mentorkit {

/// Every problem found in a participant file, sorted by line (CSV: row) then column;
/// what() lists them one per line, each as "file:line:column: message".
class import_error : public error_list {
public:
    using error_list::error_list;
};

/// Reads a participant file: `.csv` (columns in docs/participants.md, header row required)
/// or `.yaml`/`.yml` (a list of people, or a mapping with a `people:` list). Checks every
/// row and cell and throws import_error listing each problem as file:row:column (CSV; the
/// row is the line the record starts on, the header being row 1, and the column is the
/// 1-based field number, named in the message) or file:line:column (YAML), so a bad file
/// imports nothing. Ids and emails (letter case ignored) must be unique within the file, and
/// managers may not go round in a circle. Languages are named by their ISO 639-1 code
/// (language_codes.hpp: "English" is en). Names of languages, skills,
/// interests and goal areas are lower-cased so that they compare equal when matching.
/// Also throws import_error when the file cannot be read, has another extension, or
/// holds nobody.
std::vector<person> read_participants(const std::filesystem::path& file);

/// The people among `people` whose chains of managers (manager_id) lead back to them: one
/// list of indices per circle, in the order of the chain, starting from the one listed
/// first. A manager who is not among `people` ends a chain; someone who is their own
/// manager is no circle here (read_participants refuses that on its own). Linear time.
std::vector<std::vector<std::size_t>> find_manager_cycles(const std::vector<const person*>& people);

/// The formats of a participant file.
enum class participant_format { csv, yaml };

/// As above, in the format given rather than the one the extension says: a program's
/// `participants.sources` names the format of each file (`- csv: people/export.txt`).
std::vector<person> read_participants(const std::filesystem::path& file, participant_format format);

/// A participant file read whole: its people, and for each (same index) where it is (the
/// mark of its id: file, row or line, column) and the Europass CV file its `cv` column
/// names, relative to the participant file's folder (empty when none).
struct participant_file {
    std::vector<person> people;
    std::vector<source_mark> marks;
    std::vector<std::filesystem::path> cv_files;
};

/// As read_participants(file, format), with the CV files the people name.
participant_file read_participant_file(const std::filesystem::path& file, participant_format format);

/// A time zone written as an offset from UTC ("+01:00", "-05:30", "+0530", "+1", "0",
/// "UTC+2", "Z") to minutes east of UTC. Nothing unless it is at most 14 hours either way
/// and a whole number of quarter hours (minutes 00, 15, 30 or 45).
std::optional<int> parse_utc_offset(std::string_view text);

/// Minutes east of UTC as "+01:00", "-05:30", "+00:00".
std::string format_utc_offset(int minutes);

}  // namespace mentorkit
