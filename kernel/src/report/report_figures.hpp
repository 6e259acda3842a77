#pragma once
// The figures of a program's outcome report: one JSON document computed from the store
// (journal and state), which the HTML and CSV renderers only render. The document's shape
// is the report schema (schema 1): report, program, enrolment, matching, meetings, goals,
// relationships, satisfaction, modules.

#include "program_loader.hpp"
#include "store/store.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace mentorkit {

/// The report figures of `program` as its store `s` has them now. Read-only: one pass over
/// the journal plus the people and relationships tables, whatever the journal's length.
/// Counts only from role modules: no payload content of theirs reaches the figures, and of
/// counsel's confidential counsel.flagged nothing at all (counsel.flag_noted is counted).
nlohmann::json report_figures(const store& s, const program_definition& program);

/// One table of the CSV export.
struct csv_table {
    std::string name;  //!< file stem, e.g. "meetings-by-month"
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
};

/// The CSV tables of a report_figures() document, in a fixed order: matching-scores,
/// unmatched-reasons, meetings-by-month, goals-by-area, relationship-health, at-risk,
/// satisfaction-by-month, surveys, modules.
std::vector<csv_table> report_tables(const nlohmann::json& figures);

/// `table` as RFC 4180 CSV: the header line, then one line per row, each ended by CRLF; a
/// field with a comma, a double quote, CR or LF is quoted, its quotes doubled. A field that
/// is not a number and starts with `=`, `+`, `-`, `@`, a tab or CR gets a leading `'`, so a
/// spreadsheet shows it as text instead of evaluating it.
std::string to_csv(const csv_table& table);

}  // namespace mentorkit
