#include "import/cohort.hpp"

#include <catch2/catch.hpp>

#include "person_printing.hpp"
#include "temp_folder.hpp"

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

using mentorkit::cohort;
using mentorkit::cohort_read;
using mentorkit::config_error;
using mentorkit::import_error;
using mentorkit::import_policy;
using mentorkit::participant_format;
using mentorkit::read_europass;
using mentorkit::read_participant_file;
using mentorkit::time_point;
using mentorkit::test_support::temp_folder;

namespace {

const time_point as_of{std::chrono::sys_days{std::chrono::year{2024} / 1 / 1}};

// The files given, read and added in order as the import does: .csv as participant files,
// the others as CVs.
cohort_read import(const std::vector<std::filesystem::path>& files, import_policy policy = import_policy::stop) {
    cohort people{policy, as_of};
    for (const auto& file : files) {
        try {
            if (file.extension() == ".csv")
                people.add_people(file.string(), read_participant_file(file, participant_format::csv));
            else
                people.add_cv(read_europass(file, as_of));
        } catch (const import_error& e) {
            people.refuse(e.errors());
        }
    }
    return std::move(people).finish();
}

std::vector<std::string> ids(const cohort_read& read) {
    std::vector<std::string> out;
    for (const auto& p : read.people) out.push_back(p.id);
    return out;
}

std::vector<std::string> texts(const std::vector<config_error>& errors) {
    std::vector<std::string> out;
    for (const auto& e : errors) out.push_back(e.what());
    return out;
}

// A SkillsPassport JSON CV with `email` (none when empty) and one skill.
std::string cv(const std::string& email, const std::string& skill = "negotiation", const std::string& level = "B2") {
    const std::string contact =
        email.empty() ? "" : R"("ContactInfo": {"Email": {"Contact": ")" + email + R"("}})";
    return R"({"SkillsPassport": {"DocumentInfo": {"XSDVersion": "V3.4"}, "LearnerInfo": {"Identification": {)" +
           contact + R"(}, "Skills": {"JobRelated": {"Description": ")" + skill +
           R"("}, "Linguistic": {"ForeignLanguage": [{"Description": {"Code": "fr"}, "ProficiencyLevel": {"Reading": ")" +
           level + R"("}}]}}}}})";
}

const std::string header = "id,name,email,role,manager_id,cv\n";

}  // namespace

TEST_CASE("two participant files that share an id: the second is refused, naming both rows", "[import][cohort]") {
    temp_folder folder;
    const auto first = folder.write("a.csv", header + "E1,Ann,ann@example.org,mentor,,\nE2,Bob,,mentee,E1,\n");
    const auto second = folder.write("b.csv", header + "E3,Cy,,mentee,E1,\nE2,Bob,,mentee,E1,\n");
    const auto stopped = import({first, second});
    CHECK(texts(stopped.errors) == std::vector<std::string>{second.string() + ":3:1: participant 'E2' is also in " +
                                                            first.string() + ":3:1"});
    // Under on_error: skip the second file is left out whole, E3 too, and said so.
    const auto skipped = import({first, second}, import_policy::skip);
    CHECK(skipped.errors.empty());
    CHECK(texts(skipped.skipped) == texts(stopped.errors));
    CHECK(ids(skipped) == std::vector<std::string>{"E1", "E2"});
}

TEST_CASE("an email in two participant files, letter case ignored, refuses the second file", "[import][cohort]") {
    temp_folder folder;
    const auto first = folder.write("a.csv", header + "E1,Ann,ann@example.org,mentor,,\n");
    const auto second = folder.write("b.csv", header + "E2,Annie,ANN@example.org,mentee,,\n");
    CHECK(texts(import({first, second}).errors) ==
          std::vector<std::string>{second.string() + ":2:1: participant 'E2' has the email 'ANN@example.org' of 'E1' in " +
                                   first.string() + ":2:1; letter case is ignored"});
}

TEST_CASE("managers that go round in a circle across files are refused", "[import][cohort]") {
    temp_folder folder;
    const auto first = folder.write("a.csv", header + "E1,Ann,,mentor,E2,\n");
    const auto second = folder.write("b.csv", header + "E2,Bob,,mentor,E3,\nE3,Cy,,mentee,E1,\n");
    CHECK(texts(import({first, second}).errors) ==
          std::vector<std::string>{second.string() + ":2:1: managers go round in a circle: 'E1' (" + first.string() +
                                   ":2:1) is managed by 'E2', 'E2' (" + second.string() + ":2:1) is managed by 'E3', 'E3' (" +
                                   second.string() + ":3:1) is managed by 'E1'"});
    // A chain across files that ends at the top is fine.
    const auto third = folder.write("c.csv", header + "E2,Bob,,mentor,E3,\nE3,Cy,,mentee,,\n");
    CHECK(import({first, third}).errors.empty());
}

TEST_CASE("a CV is attached to the participant with its email, letter case ignored", "[import][cohort][europass]") {
    temp_folder folder;
    const auto people = folder.write("p.csv", header + "E1,Ann,ann@example.org,mentor,,\nE2,Bob,bob@example.org,mentee,,\n");
    const auto read = import({people, folder.write("bob.json", cv("Bob@Example.org"))});
    REQUIRE(read.errors.empty());
    CHECK(read.cvs == 1);
    CHECK(read.people[0].skills.empty());
    CHECK(read.people[1].skills == std::vector<mentorkit::skill_level>{{"negotiation", 3}});
}

TEST_CASE("two CVs for one email: the second is not attached, and the import says why", "[import][cohort][europass]") {
    temp_folder folder;
    const auto people = folder.write("p.csv", header + "E1,Ann,ann@example.org,mentor,,\n");
    const auto first = folder.write("ann-1.json", cv("ann@example.org", "budgeting"));
    const auto second = folder.write("ann-2.json", cv("ANN@example.org", "welding"));
    const auto stopped = import({people, first, second});
    CHECK(texts(stopped.errors) == std::vector<std::string>{second.string() + ": not attached: " + first.string() +
                                                            " is already the CV of 'E1'; a participant has one CV"});
    const auto skipped = import({people, first, second}, import_policy::skip);
    CHECK(skipped.cvs == 1);
    CHECK(skipped.people[0].skills == std::vector<mentorkit::skill_level>{{"budgeting", 3}});
    CHECK(texts(skipped.skipped) == texts(stopped.errors));
}

TEST_CASE("a CV whose email nobody has is not attached, and the import says why", "[import][cohort][europass]") {
    temp_folder folder;
    const auto people = folder.write("p.csv", header + "E1,Ann,ann@example.org,mentor,,\n");
    const auto stray = folder.write("x.json", cv("xavier@example.org"));
    CHECK(texts(import({people, stray}).errors) ==
          std::vector<std::string>{stray.string() + ": not attached: no participant has the email xavier@example.org "
                                                    "or names this file in their cv column; a CV adds to someone "
                                                    "enrolled from a CSV or YAML source"});
}

TEST_CASE("a CV without an email is attached to the participant who names its file", "[import][cohort][europass]") {
    temp_folder folder;
    const auto no_email = folder.write("cvs/ann.json", cv("", "budgeting"));
    const auto people = folder.write("people/p.csv", header + "E1,Ann,ann@example.org,mentor,,../cvs/ann.json\n"
                                                              "E2,Bob,bob@example.org,mentee,,\n");
    // Named and listed as a source: attached once, by its file.
    const auto listed = import({people, no_email});
    REQUIRE(listed.errors.empty());
    CHECK(listed.cvs == 1);
    CHECK(listed.people[0].skills == std::vector<mentorkit::skill_level>{{"budgeting", 3}});
    // Named only: read from where the participant file says.
    const auto named = import({people});
    REQUIRE(named.errors.empty());
    CHECK(named.cvs == 1);
    CHECK(named.people[0].skills == std::vector<mentorkit::skill_level>{{"budgeting", 3}});
    // Named by nobody: not attached, with where the email belongs.
    const auto unnamed = import({folder.write("q.csv", header + "E1,Ann,ann@example.org,mentor,,\n"), no_email});
    CHECK(texts(unnamed.errors) ==
          std::vector<std::string>{no_email.string() + ":1:95: not attached: SkillsPassport/LearnerInfo/Identification/"
                                                        "ContactInfo/Email/Contact: no email address; a CV is matched "
                                                        "to its participant by email, or named in their cv column"});
}

TEST_CASE("a CV file named by a participant that cannot be read is reported at the CV", "[import][cohort][europass]") {
    temp_folder folder;
    const auto people = folder.write("p.csv", header + "E1,Ann,,mentor,,missing.json\n");
    const auto read = import({people});
    CHECK(texts(read.errors) ==
          std::vector<std::string>{(folder / "missing.json").string() + ": cannot read the file: No such file or directory"});
}

TEST_CASE("a malformed level in a CV rejects that value; under skip the rest of the CV is kept",
          "[import][cohort][europass]") {
    temp_folder folder;
    const auto people = folder.write("p.csv", header + "E1,Ann,ann@example.org,mentor,,\n");
    const auto bad_level = folder.write("ann.json", cv("ann@example.org", "budgeting", "Br"));
    const std::string problem =
        bad_level.string() +
        ":1:309: SkillsPassport/LearnerInfo/Skills/Linguistic/ForeignLanguage[1]/ProficiencyLevel/Reading: expected "
        "a CEFR level A1, A2, B1, B2, C1 or C2, found 'Br'";
    const auto stopped = import({people, bad_level});
    CHECK(texts(stopped.errors) == std::vector<std::string>{problem});
    const auto skipped = import({people, bad_level}, import_policy::skip);
    CHECK(skipped.errors.empty());
    CHECK(texts(skipped.skipped) == std::vector<std::string>{problem});
    CHECK(skipped.cvs == 1);
    CHECK(skipped.people[0].skills == std::vector<mentorkit::skill_level>{{"budgeting", 3}});
    CHECK(skipped.people[0].languages.empty());
}
