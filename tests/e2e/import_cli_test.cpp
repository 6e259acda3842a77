// `mentorkit import` as a user runs it, on careless and hostile participant files and CVs:
// a real process, real files, exit codes, and a store that a refused import leaves alone.

#include <catch2/catch.hpp>

#include "cli_process.hpp"
#include "temp_folder.hpp"

#include "store/store.hpp"

#include <filesystem>
#include <string>

namespace fs = std::filesystem;
using mentorkit::test_support::run_cli;
using mentorkit::test_support::temp_folder;

namespace {

const std::string program = std::string{MENTORKIT_SOURCE_DIR} + "/config/programs/engineering-2027.yaml";
const std::string header = "id,name,email,role,manager_id\n";

// No library's own words: nlohmann's "[json.exception…", pugixml's, yaml-cpp's.
void require_no_library_text(const std::string& output) {
    CHECK_THAT(output, !Catch::Contains("json.exception") && !Catch::Contains("yaml-cpp") &&
                           !Catch::Contains("what()") && !Catch::Contains("terminate"));
}

}  // namespace

TEST_CASE("import of two files that share a participant id imports nothing and names both rows", "[cli][import]") {
    temp_folder dir;
    const auto store = (dir / "eng.db").string();
    const auto first = dir.write("a.csv", header + "E1,Ann,ann@example.org,mentor,\nE2,Bob,bob@example.org,mentee,E1\n");
    const auto second = dir.write("b.csv", header + "E3,Cy,cy@example.org,mentee,E1\nE2,Bob,bob@example.org,mentee,E1\n");
    const auto r = run_cli("import " + program + " " + first.string() + " " + second.string() + " --store " + store);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains(second.string() + ":3:1: error: participant 'E2' is also in " +
                                         first.string() + ":3:1") &&
                             Catch::Contains("nothing imported"));
    CHECK_FALSE(fs::exists(store));
}

TEST_CASE("import refuses a Latin-1 participant file at its row and column, storing nothing", "[cli][import]") {
    temp_folder dir;
    const auto store = (dir / "eng.db").string();
    const auto latin1 = dir.write("people.csv", header + "E1,Jos\xE9,jose@example.org,mentor,\n");
    const auto r = run_cli("import " + program + " " + latin1.string() + " --store " + store);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains(latin1.string() + ":2:7: error: not valid UTF-8 (byte 0xE9)"));
    require_no_library_text(r.output);
    CHECK_FALSE(fs::exists(store));
}

TEST_CASE("import refuses a CV with a number too large, or nested too deep, without a library's message",
          "[cli][import][europass]") {
    temp_folder dir;
    const auto store = (dir / "eng.db").string();
    const auto people = dir.write("people.csv", header + "E1,Ann,ann@example.org,mentor,\n");
    const auto huge = dir.write(
        "huge.json", R"({"SkillsPassport": {"DocumentInfo": {"XSDVersion": "V3.4"}, "LearnerInfo": {"Identification": )"
                     R"({"ContactInfo": {"Email": {"Contact": "ann@example.org"}}}, "WorkExperience": [{"Period": )"
                     R"({"From": {"Year": 1e400}}}]}}})");
    const auto r = run_cli("import " + program + " " + people.string() + " " + huge.string() + " --store " + store);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains(huge.string() + ":1:") &&
                             Catch::Contains("the number 1e400 is too large to be read"));
    const auto deep = dir.write("deep.json", R"({"SkillsPassport": )" + std::string(100000, '[') +
                                                 std::string(100000, ']') + "}");
    const auto d = run_cli("import " + program + " " + people.string() + " " + deep.string() + " --store " + store);
    CHECK(d.exit_code == 1);
    CHECK_THAT(d.output, Catch::Contains("values nested more than 64 deep"));
    require_no_library_text(r.output + d.output);
    CHECK_FALSE(fs::exists(store));
}

TEST_CASE("import attaches a CV without an email to the participant whose cv column names it",
          "[cli][import][europass]") {
    temp_folder dir;
    const auto store = (dir / "eng.db").string();
    dir.write("cvs/ann.json", R"({"SkillsPassport": {"DocumentInfo": {"XSDVersion": "V3.1.2"}, "LearnerInfo": {)"
                              R"("Headline": {"Description": {"Label": "Welder"}}}}})");
    const auto people = dir.write("people/people.csv", "id,name,email,role,cv\nE1,Ann,ann@example.org,mentor,"
                                                       "../cvs/ann.json\n");
    const auto r = run_cli("import " + program + " " + people.string() + " --store " + store + " --log-level warn");
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.output, Catch::Contains("1 enrolled, 0 updated, 0 unchanged; 1 Europass CV added"));
    mentorkit::store s{store, "eng-2027"};
    CHECK(s.find_person("E1")->headline == "Welder");
}

TEST_CASE("a later import is checked against the people enrolled already", "[cli][import]") {
    temp_folder dir;
    const auto store = (dir / "eng.db").string();
    const auto first = dir.write("a.csv", header + "E1,Ann,ann@example.org,mentor,\nE2,Bob,bob@example.org,mentee,E1\n");
    REQUIRE(run_cli("import " + program + " " + first.string() + " --store " + store).exit_code == 0);
    const auto enrolled = mentorkit::store{store, "eng-2027"}.last_event_id();

    SECTION("an email of someone enrolled, in other letter case") {
        const auto later = dir.write("b.csv", header + "E3,Cy,ANN@example.org,mentee,\n");
        const auto r = run_cli("import " + program + " " + later.string() + " --store " + store);
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.output, Catch::Contains(later.string() + ":2:1: error: participant 'E3' has the email "
                                                              "'ANN@example.org' of 'E1', enrolled in " + store));
    }
    SECTION("a manager that closes a circle with someone enrolled") {
        const auto later = dir.write("b.csv", header + "E1,Ann,ann@example.org,mentor,E2\n");
        const auto r = run_cli("import " + program + " " + later.string() + " --store " + store);
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.output, Catch::Contains(later.string() + ":2:1: error: managers go round in a circle: ") &&
                                 Catch::Contains("'E2' (enrolled in " + store + ") is managed by 'E1'"));
    }
    CHECK(mentorkit::store{store, "eng-2027"}.last_event_id() == enrolled);

    // Re-importing a person is an update of them, their own email included.
    const auto update = dir.write("c.csv", header + "E1,Ann,Ann@Example.org,mentor,\n");
    const auto r = run_cli("import " + program + " " + update.string() + " --store " + store);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.output, Catch::Contains("1 updated"));
}
