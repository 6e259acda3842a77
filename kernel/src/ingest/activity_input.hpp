#pragma once
// Activity exported by other tools — meetings held, check-ins, goal updates, opportunities,
// organisational signals — read for `mentorkit ingest`, all or nothing. The CSV columns,
// the JSON Lines form and the error messages are documented in docs/ingest.md.

#include "event_input.hpp"

#include "error_list.hpp"

#include <mentorkit/config.hpp>

#include <filesystem>
#include <stdexcept>
#include <vector>

namespace mentorkit {

/// Every problem found in an activity file, sorted by line then column; what() lists them
/// one per line, each as "file:line:column: message".
class ingest_error : public error_list {
public:
    using error_list::error_list;
};

/// Reads an activity file as the events it records, in file order, each with the line it
/// starts on:
/// - `.csv`: a header row, then a record per line with a `type` and a `date` (see
///   docs/ingest.md); each record becomes one event whose time is its date.
/// - `.jsonl`: events as read by read_event_lines(); each must have a time, and the payloads
///   of the topics a CSV file can produce are held to the same rules as CSV cells.
/// Everything is checked before anything is returned: throws ingest_error listing every
/// problem (CSV: the line the record starts on and the 1-based field number, the column
/// named in the message; JSONL: the line, column 1 for payload problems). Also throws
/// ingest_error when the file cannot be read, has another extension, or holds no activity.
std::vector<input_event> read_activity(const std::filesystem::path& file);

}  // namespace mentorkit
