#pragma once
// Reading participant profiles from Europass CVs, the EU's standard curriculum vitae:
// the SkillsPassport XML schema v3.x, the 2020+ Europass "Candidate" XML (HR-XML based),
// and the Europass JSON v3.x binding. What is read and how it maps is in docs/europass.md.

#include "import/participant_import.hpp"

#include <mentorkit/config.hpp>
#include <mentorkit/domain.hpp>
#include <mentorkit/time.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mentorkit {

/// One Europass CV read whole.
struct europass_cv {
    std::filesystem::path file;
    std::string format;   //!< "skillspassport-xml", "candidate-xml" or "europass-json"
    std::string version;  //!< as the file states it, e.g. "V3.4"
    /// What the CV says of the person: name, email, headline, position, employer,
    /// education_level (EQF), years_experience (work periods, overlaps counted once, open
    /// periods up to `as_of`), languages (mother tongues C2; foreign languages the overall
    /// CEFR level of their five dimensions, see docs/europass.md) and skills (lower-case
    /// names, levels 1..5). id is left empty and role at its default: a CV adds to a participant
    /// enrolled from a CSV or YAML source, matched by email.
    person profile;
    /// Values left out of the profile, each with its place and why: a level outside its
    /// scale (CEFR, digital competence, EQF). The rest of the CV stands; whether it may be
    /// imported without them is the import policy's call (participants.on_error).
    std::vector<config_error> rejected;
    /// Where the email belongs and that it is missing, for a CV without one: such a CV can
    /// only be attached to a participant who names its file.
    std::optional<config_error> no_email;
};

/// Whether `file` is a Europass CV by its content (an XML root element SkillsPassport or
/// Candidate, or JSON with a SkillsPassport object), not its name.
bool is_europass_file(const std::filesystem::path& file);

/// Reads one Europass CV. Throws import_error naming the file and the element (as a path
/// like SkillsPassport/LearnerInfo/WorkExperience[2]/Period/From, with the line and column
/// in the file) for a file that is not Europass, malformed XML or JSON (or nested too
/// deep, or naming more than max_cv_skills skills), an unknown schema version, an
/// impossible date, or an email that is no email address. A level outside its scale is
/// not thrown but listed in `rejected`, and a missing email is `no_email`.
/// `as_of` ends work periods that are still running (the program's start, for instance).
europass_cv read_europass(const std::filesystem::path& file, time_point as_of);

/// Adds what a CV says to the participant it belongs to (same email). The participant
/// source stays in charge of who someone is and their part in the program (id, name, role,
/// unit, grade, capacity, network, goals); the CV, of what they can do: its language levels
/// replace the source's for the same language, its skills join the source's (the higher
/// level wins), and it gives the headline, position, employer and education level, and the
/// years of experience when the source has none.
void merge_cv(person& participant, const person& cv);

}  // namespace mentorkit
