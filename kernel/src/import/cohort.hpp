#pragma once
// The people of one import, put together from several participant files and Europass CVs:
// the checks that need more than one file (an id or an email in two files, managers going
// round in a circle across files, which CV belongs to whom), and the import policy.
// docs/participants.md and docs/europass.md describe what is reported.

#include "import/europass.hpp"
#include "import/participant_import.hpp"

#include <mentorkit/config.hpp>
#include <mentorkit/domain.hpp>
#include <mentorkit/time.hpp>

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

namespace mentorkit {

/// What an import does with a file that has a problem (a program's participants.on_error):
/// `stop` imports nothing, `skip` leaves that file out, whole, and imports the rest.
enum class import_policy { stop, skip };

/// The outcome: the people, with their CVs merged in, and the problems: `errors` stop the
/// import; `skipped` are what was left out under `skip` (a file, a CV, or a CV's value).
struct cohort_read {
    std::vector<person> people;
    std::vector<source_mark> marks;  //!< where each of `people` is
    std::vector<config_error> errors;
    std::vector<config_error> skipped;
    std::size_t cvs = 0;  //!< CVs merged
};

/// Collects the files of one import, in the order given, and checks them against each
/// other. Not thread-safe.
class cohort {
public:
    /// `as_of` ends the work periods still running in the CVs read here (read_europass).
    cohort(import_policy policy, time_point as_of) : policy_(policy), as_of_(as_of) {}

    /// The people of participant file `file` (and the CV files they name), taken whole or
    /// not at all: refused when one of them has the id or the email (letter case ignored)
    /// of someone from an earlier file, or when with them managers would go round in a circle.
    void add_people(const std::string& file, participant_file people);

    /// A CV, attached to its participant by finish().
    void add_cv(europass_cv cv);

    /// Problems found reading a file (its import_error): errors, or skipped under `skip`.
    void refuse(const std::vector<config_error>& problems);

    /// Attaches each CV to the participant who names its file in their cv column (reading
    /// the ones not added), and every other CV to the participant with its email (letter
    /// case ignored); then returns everything. A CV is not attached, and that is a problem
    /// named at the CV, when no one names it and it has no email or no one has its email,
    /// or when its participant has a CV already; a CV's rejected values are problems too,
    /// the CV being attached without them under `skip`.
    cohort_read finish() &&;

private:
    void attach(const europass_cv& cv, std::size_t person, std::vector<const europass_cv*>& cv_of_person);

    import_policy policy_;
    time_point as_of_;
    cohort_read read_;
    std::vector<std::filesystem::path> cv_file_of_;  // named by each of read_.people; may be empty
    std::vector<source_mark> mark_of_;  // where each of read_.people is
    std::unordered_map<std::string, std::size_t> index_of_id_;     // in read_.people
    std::unordered_map<std::string, std::size_t> index_of_email_;  // lower-cased
    std::vector<europass_cv> cvs_;
};

/// The problems of bringing `imported` (found at `marks`) into a program that has enrolled
/// `enrolled` already, in the store `store_name`: someone else enrolled has an imported
/// person's email (letter case ignored), or with the import managers would go round in a
/// circle. An imported person with an enrolled id is that person, updated.
std::vector<config_error> check_against_enrolled(const std::vector<person>& imported,
                                                 const std::vector<source_mark>& marks,
                                                 const std::vector<person>& enrolled, const std::string& store_name);

}  // namespace mentorkit
