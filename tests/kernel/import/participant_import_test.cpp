#include "import/participant_import.hpp"
#include "import/language_codes.hpp"

#include <catch2/catch.hpp>

#include "person_printing.hpp"
#include "temp_folder.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

using mentorkit::config_error;
using mentorkit::import_error;
using mentorkit::participant_role;
using mentorkit::person;
using mentorkit::read_participants;
using mentorkit::test_support::temp_folder;

namespace {

const std::string all_columns =
    "id,name,email,role,org_unit,manager_id,grade,years_experience,location,utc_offset,languages,skills,"
    "skills_sought,interests,goal_areas,mentor_capacity,network,exclusions\n";

// The errors read_participants reports for `file`; fails the test when it reports none.
std::vector<config_error> errors_of(const std::filesystem::path& file) {
    try {
        read_participants(file);
    } catch (const import_error& e) {
        return e.errors();
    }
    FAIL("expected an import_error for " << file);
    return {};
}

// Checks that reading `file` fails with exactly one error, at `line`:`column`.
void require_one_error(const std::filesystem::path& file, int line, int column, const std::string& message) {
    const auto errors = errors_of(file);
    INFO(import_error{errors}.what());
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].mark().file == file.string());
    CHECK(errors[0].mark().line == line);
    CHECK(errors[0].mark().column == column);
    CHECK(errors[0].message() == message);
}

person ana() {
    person p;
    p.id = "E001";
    p.name = "Ana Silva";
    p.email = "ana.silva@example.org";
    p.role = participant_role::mentor;
    p.org_unit = "Engineering";
    p.grade = 9;
    p.years_experience = 18.5;
    p.location = "Lisbon";
    p.utc_offset_minutes = 0;
    p.languages = {{"pt", mentorkit::cefr_level::c2}, {"en", mentorkit::cefr_level::c1}};
    p.skills = {{"system design", 5}, {"people management", 4}};
    p.interests = {"open source"};
    p.mentor_capacity = 3;
    p.network = {"E002", "E003"};
    return p;
}

person ben() {
    person p;
    p.id = "E002";
    p.name = "Ben Okafor";
    p.email = "ben@example.org";
    p.role = participant_role::mentee;
    p.org_unit = "Engineering";
    p.manager_id = "E001";
    p.grade = 4;
    p.years_experience = 5;
    p.location = "Lagos";
    p.utc_offset_minutes = 60;
    p.languages = {{"en", mentorkit::cefr_level::c2}};
    p.skills = {{"python", 3}};
    p.skills_sought = {"system design", "public speaking"};
    p.interests = {"chess", "running"};
    p.goal_areas = {"leadership", "visibility"};
    p.network = {"E001"};
    p.exclusions = {"E003"};
    return p;
}

person chen() {
    person p;
    p.id = "E003";
    p.name = "Chen Wei";
    p.role = participant_role::both;
    p.org_unit = "Data";
    p.manager_id = "E001";
    p.grade = 6;
    p.years_experience = 9;
    p.location = "Singapore";
    p.utc_offset_minutes = 8 * 60;
    p.languages = {{"zh", mentorkit::cefr_level::c2}, {"en", mentorkit::cefr_level::b2}};
    p.skills = {{"data analysis", 4}};
    p.skills_sought = {"negotiation"};
    p.goal_areas = {"career change"};
    p.mentor_capacity = 1;
    return p;
}

const std::string three_people_csv =
    all_columns +
    "E001,Ana Silva,ana.silva@example.org,mentor,Engineering,,9,18.5,Lisbon,+00:00,pt:C2;en:C1,"
    "system design:5;people management:4,,open source,,3,E002;E003,\n"
    "E002,Ben Okafor,ben@example.org,mentee,Engineering,E001,4,5,Lagos,+01:00,en:C2,python:3,"
    "system design;public speaking,chess;running,leadership;visibility,,E001,E003\n"
    "E003,Chen Wei,,both,Data,E001,6,9,Singapore,+08:00,zh:native;en:B2,data analysis:4,negotiation,,"
    "career change,1,,\n";

}  // namespace

// ---- reading good files ------------------------------------------------------------------

TEST_CASE("a CSV file with every column is read into people, in file order", "[import]") {
    temp_folder folder;
    const auto people = read_participants(folder.write("people.csv", three_people_csv));
    REQUIRE(people.size() == 3);
    CHECK(people[0] == ana());
    CHECK(people[1] == ben());
    CHECK(people[2] == chen());
}

TEST_CASE("multi-valued cells are split on semicolons, trimmed, de-duplicated and their names lower-cased",
          "[import]") {
    temp_folder folder;
    const auto file = folder.write("people.csv",
                                   "id,name,role,languages,skills,skills_sought,interests,goal_areas,network,"
                                   "values_sought\n"
                                   "E9,Dana,mentee, EN : c1 ;; French:Native; , Python : 4;Public  Speaking:3;,"
                                   "\" Python ; SQL;python \",Chess;chess; ,Leadership,E1; E2 ;E1,"
                                   "Giving Credit; integrity;giving credit\n");
    const auto people = read_participants(file);
    REQUIRE(people.size() == 1);
    const auto& p = people[0];
    CHECK(p.languages == std::vector<mentorkit::language_skill>{{"en", mentorkit::cefr_level::c1},
                                                                {"fr", mentorkit::cefr_level::c2}});
    CHECK(p.skills == std::vector<mentorkit::skill_level>{{"python", 4}, {"public speaking", 3}});
    CHECK(p.skills_sought == std::vector<std::string>{"python", "sql"});
    CHECK(p.interests == std::vector<std::string>{"chess"});
    CHECK(p.goal_areas == std::vector<std::string>{"leadership"});
    CHECK(p.network == std::vector<std::string>{"E1", "E2"});  // ids keep their case
    CHECK(p.values_sought == std::vector<std::string>{"giving credit", "integrity"});
}

TEST_CASE("quoted cells may hold commas, quotes and line breaks, and later rows keep their line numbers", "[import]") {
    temp_folder folder;
    const std::string text =
        "id,name,role,org_unit,interests\n"
        "E1,\"Okafor, Ben\",mentee,\"R&D \"\"Skunkworks\"\"\",\"chess;\nrunning\"\n"
        "E2,\"Line\nbreak\",mentor,,\n";
    const auto people = read_participants(folder.write("people.csv", text));
    REQUIRE(people.size() == 2);
    CHECK(people[0].name == "Okafor, Ben");
    CHECK(people[0].org_unit == "R&D \"Skunkworks\"");
    CHECK(people[0].interests == std::vector<std::string>{"chess", "running"});
    CHECK(people[1].name == "Line\nbreak");

    // The row after the two multi-line records starts on line 6.
    require_one_error(folder.write("late.csv", text + "E3,Eve,mentee,,\nE4,Fay,menter,,\n"), 7, 3,
                      "role: expected mentor, mentee or both, found 'menter'; did you mean 'mentor'?");
}

TEST_CASE("a UTF-8 byte order mark and CRLF line endings are accepted", "[import]") {
    temp_folder folder;
    std::string text = three_people_csv;
    for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 2)) text.insert(at, "\r");
    const auto people = read_participants(folder.write("people.csv", "\xEF\xBB\xBF" + text));
    REQUIRE(people.size() == 3);
    CHECK(people[0] == ana());
    CHECK(people[2] == chen());

    // Row numbers are those an editor shows.
    require_one_error(folder.write("bad.csv", "\xEF\xBB\xBFid,name,role\r\nE1,Ann,mentor\r\nE2,Bob,teacher\r\n"), 3, 3,
                      "role: expected mentor, mentee or both, found 'teacher'");
}

TEST_CASE("header names are matched ignoring case, surrounding blanks, spaces and hyphens", "[import]") {
    temp_folder folder;
    const auto people = read_participants(folder.write(
        "people.csv", " ID ,Name,ROLE,Manager ID,years-experience,UTC_Offset\nE1,Ann,Mentee,E0,2.5,-05:30\n"));
    REQUIRE(people.size() == 1);
    CHECK(people[0].id == "E1");
    CHECK(people[0].role == participant_role::mentee);
    CHECK(people[0].manager_id == "E0");
    CHECK(people[0].years_experience == 2.5);
    CHECK(people[0].utc_offset_minutes == -330);
}

TEST_CASE("columns come in any order, optional ones may be left out, and empty cells mean not given", "[import]") {
    temp_folder folder;
    const auto people = read_participants(folder.write("people.csv",
                                                       "role,id,grade,name,mentor_capacity\n"
                                                       "both,E1,,Ann,\n"
                                                       "mentor,E2,7,Bob,0\n"));
    REQUIRE(people.size() == 2);
    CHECK(people[0].role == participant_role::both);
    CHECK(people[0].grade == 0);
    CHECK_FALSE(people[0].mentor_capacity.has_value());
    CHECK(people[1].grade == 7);
    CHECK(people[1].mentor_capacity == 0);
}

TEST_CASE("blank lines and rows of empty cells are skipped", "[import]") {
    temp_folder folder;
    const auto file = folder.write("people.csv", "\nid,name,role\n\nE1,Ann,mentor\n , , \n,,\n   \nE2,Bob,mentee");
    const auto people = read_participants(file);
    REQUIRE(people.size() == 2);
    CHECK(people[1].id == "E2");  // the last row has no line break
}

TEST_CASE("time zones are read as offsets from UTC in quarter hours, at most 14 hours either way", "[import]") {
    using mentorkit::parse_utc_offset;
    CHECK(parse_utc_offset("+01:00") == 60);
    CHECK(parse_utc_offset("-05:30") == -330);
    CHECK(parse_utc_offset("+05:45") == 345);
    CHECK(parse_utc_offset("+0530") == 330);
    CHECK(parse_utc_offset("+9") == 540);
    CHECK(parse_utc_offset("-10") == -600);
    CHECK(parse_utc_offset("0") == 0);
    CHECK(parse_utc_offset("Z") == 0);
    CHECK(parse_utc_offset("UTC") == 0);
    CHECK(parse_utc_offset("UTC+2") == 120);
    CHECK(parse_utc_offset("gmt-03:00") == -180);
    CHECK(parse_utc_offset("+14:00") == 840);
    CHECK(parse_utc_offset("-14:00") == -840);
    CHECK_FALSE(parse_utc_offset("+14:15"));
    CHECK_FALSE(parse_utc_offset("+15"));
    CHECK_FALSE(parse_utc_offset("+01:20"));
    CHECK_FALSE(parse_utc_offset("+01:60"));
    CHECK_FALSE(parse_utc_offset("1"));
    CHECK_FALSE(parse_utc_offset("+1:0"));
    CHECK_FALSE(parse_utc_offset("+123"));
    CHECK_FALSE(parse_utc_offset("CET"));
    CHECK_FALSE(parse_utc_offset(""));
    CHECK_FALSE(parse_utc_offset("+"));
    CHECK(mentorkit::format_utc_offset(60) == "+01:00");
    CHECK(mentorkit::format_utc_offset(-330) == "-05:30");
    CHECK(mentorkit::format_utc_offset(0) == "+00:00");
}

// ---- YAML ----------------------------------------------------------------------------------

TEST_CASE("the YAML form reads the same people as the CSV form", "[import]") {
    temp_folder folder;
    const auto file = folder.write("people.yaml", R"(
- id: E001
  name: Ana Silva
  email: ana.silva@example.org
  role: mentor
  org_unit: Engineering
  grade: 9
  years_experience: 18.5
  location: Lisbon
  utc_offset: "+00:00"
  languages: {pt: C2, en: C1}
  skills: {system design: 5, people management: 4}
  interests: [open source]
  mentor_capacity: 3
  network: [E002, E003]
- id: E002
  name: Ben Okafor
  email: ben@example.org
  role: mentee
  org_unit: Engineering
  manager_id: E001
  grade: 4
  years_experience: 5
  location: Lagos
  utc_offset: +01:00
  languages: en:C2
  skills:
    - python: 3
  skills_sought: [system design, public speaking]
  interests: chess; running
  goal_areas:
    - leadership
    - visibility
  network: E001
  exclusions: [E003]
- id: E003
  name: Chen Wei
  email:
  role: both
  org_unit: Data
  manager_id: E001
  grade: 6
  years_experience: 9
  location: Singapore
  utc_offset: +8
  languages: [zh:native, "en: B2"]
  skills: [data analysis:4]
  skills_sought: negotiation
  goal_areas: [career change]
  mentor_capacity: 1
)");
    const auto from_yaml = read_participants(file);
    const auto from_csv = read_participants(folder.write("people.csv", three_people_csv));
    REQUIRE(from_yaml.size() == 3);
    CHECK(from_yaml[0] == from_csv[0]);
    CHECK(from_yaml[1] == from_csv[1]);
    CHECK(from_yaml[2] == from_csv[2]);
}

TEST_CASE("a YAML file may hold a people: mapping instead of a bare list", "[import]") {
    temp_folder folder;
    const auto people =
        read_participants(folder.write("people.yml", "people:\n  - {id: 7, name: Ann, role: mentee}\n"));
    REQUIRE(people.size() == 1);
    CHECK(people[0].id == "7");
}

TEST_CASE("YAML errors name the line and column of the value and are all collected", "[import]") {
    temp_folder folder;
    const auto file = folder.write("people.yaml",
                                   "people:\n"
                                   "  - id: E1\n"
                                   "    name: Ann\n"
                                   "    role: mentor\n"
                                   "    skils: {python: 4}\n"
                                   "    grade: [1, 2]\n"
                                   "  - id: E1\n"
                                   "    role: boss\n"
                                   "    languages: {en: D1}\n"
                                   "    skills: [{python: 9}]\n"
                                   "  - just a name\n");
    const auto errors = errors_of(file);
    INFO(import_error{errors}.what());
    REQUIRE(errors.size() == 8);
    const std::vector<std::tuple<int, int, std::string>> expected{
        {5, 5, "unknown key 'skils'; did you mean 'skills'?"},
        {6, 12, "grade: expected a single value, found a list"},
        {7, 5, "name: required, but not given"},
        {7, 9, "id: 'E1' is used twice (first at line 2)"},
        {8, 11, "role: expected mentor, mentee or both, found 'boss'"},
        {9, 21, "languages: expected a CEFR level A1, A2, B1, B2, C1, C2 or native for 'en', found 'D1'"},
        {10, 23, "skills: expected a level from 1 to 5 for 'python', found '9'"},
        {11, 5, "expected a person (a mapping with id, name, role, …), found 'just a name'"},
    };
    for (std::size_t i = 0; i < expected.size(); ++i) {
        CHECK(errors[i].mark().file == file.string());
        CHECK(errors[i].mark().line == std::get<0>(expected[i]));
        CHECK(errors[i].mark().column == std::get<1>(expected[i]));
        CHECK(errors[i].message() == std::get<2>(expected[i]));
    }
}

TEST_CASE("a YAML file that is not a list of people, or an empty one, is refused", "[import]") {
    temp_folder folder;
    require_one_error(folder.write("a.yaml", "[]\n"), 1, 1, "no participants: the list of people is empty");
    require_one_error(folder.write("b.yaml", "# nobody yet\n"), 1, 1, "no participants: the list of people is empty");
    require_one_error(folder.write("c.yaml", "peeple:\n  - {id: E1, name: Ann, role: mentor}\n"), 1, 1,
                      "unknown key 'peeple'; a participant file holds a 'people:' list (did you mean 'people'?)");
    require_one_error(folder.write("f.yaml", "{}\n"), 1, 1, "expected a 'people:' list, or a list of people");
    require_one_error(folder.write("d.yaml", "people: Ann\n"), 1, 9,
                      "expected a list of people (each a mapping with id, name, role, …), found 'Ann'");
    require_one_error(folder.write("e.yaml", "- id: E1\n  name: 'Ann\n"), 2, 9,
                      "YAML syntax error: a quoted text is not closed: the closing quote is missing");
}

// ---- errors in CSV files -------------------------------------------------------------------------

TEST_CASE("a bad value names the file, the row, the column and what was expected", "[import]") {
    temp_folder folder;
    std::string text = three_people_csv;
    for (int row = 5; row < 14; ++row)
        text += "E1" + std::to_string(row) + ",P" + std::to_string(row) + ",,mentee" + std::string(14, ',') + "\n";
    text += "E014,Ann,,mentee,,,senior,,,,,,,,,,,\n";
    const auto file = folder.write("people.csv", text);
    require_one_error(file, 14, 7, "grade: expected a whole number, found 'senior'");
    CHECK(std::string{import_error{errors_of(file)}.what()} ==
          file.string() + ":14:7: grade: expected a whole number, found 'senior'");
}

TEST_CASE("each kind of bad cell value is reported with what was expected", "[import]") {
    temp_folder folder;
    struct bad_value {
        std::string column;
        std::string value;
        std::string message;
    };
    const std::vector<bad_value> cases{
        {"email", "ana at example",
         "email: expected an email address like ana.silva@example.org, found 'ana at example'"},
        {"grade", "7.5", "grade: expected a whole number, found '7.5'"},
        {"grade", "-1", "grade: expected a whole number from 0 to 100, found '-1'"},
        {"years_experience", "ten", "years_experience: expected a number like 7 or 4.5, found 'ten'"},
        {"years_experience", "-2", "years_experience: expected a number of years from 0 to 100, found '-2'"},
        {"years_experience", "inf", "years_experience: expected a number like 7 or 4.5, found 'inf'"},
        {"mentor_capacity", "two", "mentor_capacity: expected a whole number, found 'two'"},
        {"mentor_capacity", "-1", "mentor_capacity: expected a whole number from 0 to 1000, found '-1'"},
        {"utc_offset", "+25:00",
         "utc_offset: expected an offset from UTC like +01:00, -05:30 or 0 (at most 14 hours either way, minutes 00, "
         "15, 30 or 45), found '+25:00'"},
        {"utc_offset", "+01:20",
         "utc_offset: expected an offset from UTC like +01:00, -05:30 or 0 (at most 14 hours either way, minutes 00, "
         "15, 30 or 45), found '+01:20'"},
        {"languages", "en:C1;de:D2",
         "languages: expected a CEFR level A1, A2, B1, B2, C1, C2 or native for 'de', found 'D2'"},
        {"languages", "en", "languages: expected language:level with a CEFR level A1 to C2, like en:C1, found 'en'"},
        {"languages", "en:C1;EN:B2", "languages: 'en' is listed twice"},
        {"skills", "python:6", "skills: expected a level from 1 to 5 for 'python', found '6'"},
        {"skills", "python:0", "skills: expected a level from 1 to 5 for 'python', found '0'"},
        {"skills", "negotiation",
         "skills: expected skill:level with a level from 1 to 5, like python:4, found 'negotiation'"},
        {"skills", ":3", "skills: expected skill:level with a level from 1 to 5, like python:4, found ':3'"},
        {"skills", "python:4;Python:2", "skills: 'python' is listed twice"},
        {"skills_sought", "python:4", "skills_sought: expected skill names without levels, found 'python:4'"},
    };
    for (const auto& c : cases) {
        SECTION(c.column + " " + c.value) {
            const auto file =
                folder.write("people.csv", "id,name,role," + c.column + "\nE1,Ann,mentee,\"" + c.value + "\"\n");
            require_one_error(file, 2, 4, c.message);
        }
    }
}

TEST_CASE("missing required values are reported at their cells", "[import]") {
    temp_folder folder;
    const auto errors = errors_of(folder.write("people.csv", "id,name,role\n,Ann,mentor\nE2,  ,\n"));
    REQUIRE(errors.size() == 3);
    CHECK(errors[0].what() == (folder / "people.csv").string() + ":2:1: id: required, but not given");
    CHECK(errors[1].what() == (folder / "people.csv").string() + ":3:2: name: required, but not given");
    CHECK(errors[2].what() == (folder / "people.csv").string() + ":3:3: role: required, but not given");
}

TEST_CASE("a duplicate id names the row of its first use", "[import]") {
    temp_folder folder;
    require_one_error(folder.write("people.csv", "name,id,role\nAnn,E1,mentor\nBob,E2,mentee\nCy,E1,mentee\n"), 4, 2,
                      "id: 'E1' is used twice (first at row 2)");
}

TEST_CASE("a person cannot be their own manager", "[import]") {
    temp_folder folder;
    require_one_error(folder.write("people.csv", "id,name,role,manager_id\nE1,Ann,mentor,E1\n"), 2, 4,
                      "manager_id: 'E1' is this person's own id: nobody can be their own manager");
}

TEST_CASE("an id cannot hold the list separator", "[import]") {
    temp_folder folder;
    require_one_error(folder.write("people.csv", "id,name,role\n\"E1;E2\",Ann,mentor\n"), 2, 1,
                      "id: an id cannot contain ';' (it separates ids in lists), found 'E1;E2'");
}

TEST_CASE("an unknown column is named, with a did-you-mean when it looks like a misspelling", "[import]") {
    temp_folder folder;
    require_one_error(folder.write("a.csv", "id,name,role,Skils\nE1,Ann,mentor,python:3\n"), 1, 4,
                      "unknown column 'Skils'; did you mean 'skills'?");
    require_one_error(folder.write("b.csv", "id,name,role,cost centre\nE1,Ann,mentor,4711\n"), 1, 4,
                      "unknown column 'cost centre'; the columns are id, name, email, role, org_unit, manager_id, "
                      "grade, years_experience, location, utc_offset, languages, skills, skills_sought, interests, "
                      "goal_areas, values_sought, mentor_capacity, network, exclusions, cv");
}

TEST_CASE("a missing required column, a duplicate column and a missing header are refused", "[import]") {
    temp_folder folder;
    require_one_error(folder.write("a.csv", "id,name\nE1,Ann\n"), 1, 1, "missing required column 'role' in the header");
    require_one_error(folder.write("b.csv", "id,name,role,Name\nE1,Ann,mentor,Ann\n"), 1, 4,
                      "duplicate column 'name' (first at column 2)");
    require_one_error(folder.write("c.csv", "E1,Ann,mentor\nE2,Bob,mentee\n"), 1, 1,
                      "the first row is not a header: none of its values is a column name (id, name, email, role, "
                      "org_unit, manager_id, grade, years_experience, location, utc_offset, languages, skills, "
                      "skills_sought, interests, goal_areas, values_sought, mentor_capacity, network, exclusions, cv); a header row is "
                      "required");
}

TEST_CASE("a column without a name must be empty", "[import]") {
    temp_folder folder;
    CHECK(read_participants(folder.write("a.csv", "id,name,role,\nE1,Ann,mentor,\n")).size() == 1);
    require_one_error(folder.write("b.csv", "id,name,role,\nE1,Ann,mentor,x\n"), 2, 4,
                      "column 4 has no name in the header, but this row has a value in it: 'x'");
}

TEST_CASE("a row with the wrong number of values is reported", "[import]") {
    temp_folder folder;
    const auto errors = errors_of(folder.write("people.csv", "id,name,role\nE1,Ann,mentor,x\nE2,Bob\n"));
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].mark().line == 2);
    CHECK(errors[0].mark().column == 4);
    CHECK(errors[0].message() ==
          "this row has 4 values, the header has 3 (is a value with a comma in it not in double quotes?)");
    CHECK(errors[1].mark().line == 3);
    CHECK(errors[1].mark().column == 3);
    CHECK(errors[1].message() ==
          "this row has 2 values, the header has 3 (are values missing, or is a line break inside a value not in "
          "quotes?)");
}

TEST_CASE("malformed CSV is reported where it is, and reading goes on at the next line when it can", "[import]") {
    temp_folder folder;
    const auto errors = errors_of(folder.write("people.csv",
                                               "id,name,role,grade\n"
                                               "E1,Ann \"the boss\",mentor,9\n"
                                               "E2,\"Bob\" Jr,mentee,2\n"
                                               "E3,Cy,mentee,x\n"));
    INFO(import_error{errors}.what());
    REQUIRE(errors.size() == 3);
    CHECK(errors[0].mark().line == 2);
    CHECK(errors[0].mark().column == 2);
    CHECK(errors[0].message() ==
          "name: malformed CSV: a double quote inside a value that does not start with one; put the whole value in "
          "double quotes and write each quote in it twice (\"\")");
    CHECK(errors[1].mark().line == 3);
    CHECK(errors[1].mark().column == 2);
    CHECK(errors[1].message() ==
          "name: malformed CSV: 'J' after the closing quote of a quoted value; a quote inside a quoted value is "
          "written twice (\"\")");
    CHECK(errors[2].mark().line == 4);
    CHECK(errors[2].mark().column == 4);
    CHECK(errors[2].message() == "grade: expected a whole number, found 'x'");
}

TEST_CASE("an unclosed quote is reported at the record it starts in", "[import]") {
    temp_folder folder;
    require_one_error(folder.write("a.csv", "id,name,role\nE1,Ann,mentor\nE2,\"Bob,mentee\nE3,Cy,mentee\n"), 3, 2,
                      "name: malformed CSV: a quoted value is not closed: the closing double quote is missing, so the "
                      "rest of the file was read as part of this value");
    // A quote closed lines later, followed by more text: where records start is unknown after it.
    require_one_error(folder.write("b.csv", "id,name,role\nE1,\"Ann,mentor\nE2,\"Bob\",mentee\nE3,Cy,x\n"), 2, 2,
                      "name: malformed CSV: 'B' after the closing quote of a quoted value; a quote inside a quoted "
                      "value is written twice (\"\") (at line 3; the rest of the file was not read, as a quoted value "
                      "may have been opened by mistake above)");
}

TEST_CASE("a file with nobody in it is refused", "[import]") {
    temp_folder folder;
    require_one_error(folder.write("a.csv", ""), 1, 1,
                      "no participants: the file is empty; it needs a header row and a row per person");
    require_one_error(folder.write("b.csv", "\xEF\xBB\xBF\r\n"), 1, 1,
                      "no participants: the file is empty; it needs a header row and a row per person");
    require_one_error(folder.write("c.csv", "id,name,role\n,,\n"), 1, 1,
                      "no participants: the file has a header row but no rows of people");
}

TEST_CASE("a file that cannot be read, or of another kind, is refused naming the file", "[import]") {
    temp_folder folder;
    const auto missing = folder / "missing.csv";
    const auto errors = errors_of(missing);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].mark().file == missing.string());
    CHECK(errors[0].mark().line == 0);
    CHECK(errors[0].message() == "cannot read the file: No such file or directory");
    require_one_error(folder.write("people.xlsx", "PK"), 0, 0,
                      "cannot tell what kind of participant file this is: expected a .csv, .yaml or .yml file");
}

TEST_CASE("the format can be given instead of taken from the extension", "[import]") {
    temp_folder folder;
    const auto csv = read_participants(folder.write("export.txt", "id,name,role\nE1,Ann,mentor\n"),
                                       mentorkit::participant_format::csv);
    REQUIRE(csv.size() == 1);
    CHECK(csv[0].name == "Ann");
    const auto yaml = read_participants(folder.write("people.list", "- {id: E1, name: Ann, role: mentor}\n"),
                                        mentorkit::participant_format::yaml);
    CHECK(yaml == csv);
}

TEST_CASE("every problem in a file is reported, sorted by row then column, one per line", "[import]") {
    temp_folder folder;
    const auto file = folder.write("people.csv", all_columns +
                                                     "E1,Ann,,mentor,,E1,9,,,,en:X1,,,,,,,\n"
                                                     "E2,Bob,,mentees,,,,,,+25,,python:7,,,,lots,,\n"
                                                     "E1,Cy,,mentee,,,,,,,,,,,,,,\n");
    const auto errors = errors_of(file);
    const std::string f = file.string();
    CHECK(std::string{import_error{errors}.what()} ==
          f + ":2:6: manager_id: 'E1' is this person's own id: nobody can be their own manager\n" + f +
              ":2:11: languages: expected a CEFR level A1, A2, B1, B2, C1, C2 or native for 'en', found 'X1'\n" + f +
              ":3:4: role: expected mentor, mentee or both, found 'mentees'; did you mean 'mentee'?\n" + f +
              ":3:10: utc_offset: expected an offset from UTC like +01:00, -05:30 or 0 (at most 14 hours either way, "
              "minutes 00, 15, 30 or 45), found '+25'\n" +
              f + ":3:12: skills: expected a level from 1 to 5 for 'python', found '7'\n" + f +
              ":3:16: mentor_capacity: expected a whole number, found 'lots'\n" + f +
              ":4:1: id: 'E1' is used twice (first at row 2)");
}

// ---- careless and hostile files --------------------------------------------------------------------

TEST_CASE("a participant file that is not UTF-8 is refused at the line and column of the first bad byte",
          "[import][input]") {
    temp_folder folder;
    // "Jos\xE9" is José in Latin-1, as an old HRIS export writes it.
    require_one_error(folder.write("latin1.csv", "id,name,role\nE1,Ann,mentor\nE2,Jos\xE9,mentee\n"), 3, 7,
                      "not valid UTF-8 (byte 0xE9); save the file as UTF-8 (it may be Latin-1 or Windows-1252)");
    require_one_error(folder.write("latin1.yaml", "- id: E1\n  name: Jos\xE9\n  role: mentee\n"), 2, 12,
                      "not valid UTF-8 (byte 0xE9); save the file as UTF-8 (it may be Latin-1 or Windows-1252)");
    // Spreadsheets save "Unicode text" as UTF-16 with a byte order mark.
    std::string utf16{"\xFF\xFE"};
    for (const char c : std::string{"id,name,role\nE1,Ann,mentor\n"}) utf16 += std::string{c, '\0'};
    require_one_error(folder.write("utf16.csv", utf16), 1, 1, "the text is encoded as UTF-16; save it as UTF-8");
}

TEST_CASE("a NUL byte in a value is refused where it is, not cut off", "[import][input]") {
    temp_folder folder;
    require_one_error(folder.write("people.csv", std::string{"id,name,email,role\nE1,Ann,ann@example.org"} + '\0' +
                                                     "x,mentor\n"),
                      2, 23, "a NUL byte (0x00) is not allowed in text");
}

TEST_CASE("two people with one email, letter case ignored, are refused at the second", "[import]") {
    temp_folder folder;
    require_one_error(folder.write("people.csv", "id,name,email,role\n"
                                                 "E1,Ann,ann@example.org,mentor\n"
                                                 "E2,Bob,bob@example.org,mentee\n"
                                                 "E3,Annie,Ann@Example.ORG,mentee\n"),
                      4, 3, "email: 'Ann@Example.ORG' is also the email of 'E1' (row 2); letter case is ignored");
    require_one_error(folder.write("people.yaml", "- {id: E1, name: Ann, email: ann@example.org, role: mentor}\n"
                                                  "- {id: E2, name: Bob, email: ANN@example.org, role: mentee}\n"),
                      2, 30, "email: 'ANN@example.org' is also the email of 'E1' (line 1); letter case is ignored");
}

TEST_CASE("managers that go round in a circle are refused, however long the circle", "[import]") {
    temp_folder folder;
    require_one_error(folder.write("two.csv", "id,name,role,manager_id\nE1,Ann,mentor,E2\nE2,Bob,mentee,E1\n"), 2,
                      4,
                      "manager_id: managers go round in a circle: 'E1' is managed by 'E2' and 'E2' by 'E1' (rows 2, 3)");
    // A chain into the circle (E0 under E3) is not part of it; E4 at the top is fine.
    require_one_error(folder.write("three.csv", "id,name,role,manager_id\n"
                                                "E0,Cy,mentee,E3\n"
                                                "E4,Dee,mentor,\n"
                                                "E3,Eve,mentee,E1\n"
                                                "E1,Ann,mentor,E2\n"
                                                "E2,Bob,mentee,E3\n"),
                      4, 4,
                      "manager_id: managers go round in a circle: 'E3' is managed by 'E1', 'E1' by 'E2' and 'E2' by "
                      "'E3' (rows 4, 5, 6)");
    // Long chains without a circle, and managers from another file, are fine.
    std::string chain = "id,name,role,manager_id\nP0,Top,mentor,BOSS\n";
    for (int i = 1; i < 2000; ++i)
        chain += "P" + std::to_string(i) + ",Person " + std::to_string(i) + ",mentee,P" + std::to_string(i - 1) + "\n";
    CHECK(read_participants(folder.write("chain.csv", chain)).size() == 2000);
}

TEST_CASE("find_manager_cycles finds each circle once, from its first-listed member", "[import]") {
    std::vector<person> people(6);
    const std::vector<std::pair<std::string, std::string>> lines{
        {"A", "B"}, {"B", "A"}, {"C", "C"}, {"D", "E"}, {"E", "F"}, {"F", "D"}};
    std::vector<const person*> listed;
    for (std::size_t i = 0; i < people.size(); ++i) {
        people[i].id = lines[i].first;
        people[i].manager_id = lines[i].second;
        listed.push_back(&people[i]);
    }
    using cycles = std::vector<std::vector<std::size_t>>;
    CHECK(mentorkit::find_manager_cycles(listed) == cycles{{0, 1}, {3, 4, 5}});
}

TEST_CASE("languages written as names are read as their ISO 639-1 codes", "[import]") {
    temp_folder folder;
    const auto people = read_participants(
        folder.write("people.csv", "id,name,role,languages\nE1,Ann,mentor,ENGLISH:C1;Deutsch:B2;fra:A2;tlh:B1\n"));
    REQUIRE(people.size() == 1);
    using languages = std::vector<mentorkit::language_skill>;
    CHECK(people[0].languages == languages{{"en", mentorkit::cefr_level::c1},
                                           {"de", mentorkit::cefr_level::b2},
                                           {"fr", mentorkit::cefr_level::a2},
                                           {"tlh", mentorkit::cefr_level::b1}});
    // The same language twice, once by code and once by name, is one language.
    require_one_error(folder.write("twice.csv", "id,name,role,languages\nE1,Ann,mentor,en:C1;English:B2\n"), 2, 4,
                      "languages: 'en' is listed twice");
}

TEST_CASE("language names in capitals are found in every alphabet they are listed in", "[import]") {
    using mentorkit::detail::language_code;
    // Latin with accents (Latin-1 and Latin Extended-A, including its odd-numbered capitals),
    // Greek with its accented capitals (and without, as capitals are written), Cyrillic
    // including Ukrainian Ї.
    for (const auto& [written, code] : std::vector<std::pair<std::string, std::string>>{
             {"FRANÇAIS", "fr"}, {"ČEŠTINA", "cs"}, {"SLOVENŠČINA", "sl"}, {"LIETUVIŲ", "lt"}, {"ÍSLENSKA", "is"},
             {"TÜRKÇE", "tr"}, {"ROMÂNĂ", "ro"}, {"ΕΛΛΗΝΙΚΆ", "el"}, {"РУССКИЙ", "ru"}, {"УКРАЇНСЬКА", "uk"},
             {"Español", "es"}, {"LATVIEŠU", "lv"}, {"ΕΛΛΗΝΙΚΑ", "el"}}) {
        INFO(written);
        CHECK(language_code(written) == code);
    }
    // A name it does not know keeps its letters, lowered.
    CHECK(language_code("ŁUŻYCKI") == "łużycki");
    CHECK(language_code("Klingon") == "klingon");
}

TEST_CASE("a cv column names each person's CV file, relative to the participant file", "[import]") {
    temp_folder folder;
    const auto file = folder.write("people/people.csv", "id,name,role,cv\nE1,Ann,mentor,../cvs/ann.xml\nE2,Bob,mentee,\n");
    const auto read = mentorkit::read_participant_file(file, mentorkit::participant_format::csv);
    REQUIRE(read.people.size() == 2);
    REQUIRE(read.cv_files.size() == 2);
    CHECK(read.cv_files[0] == folder / "people/../cvs/ann.xml");
    CHECK(read.cv_files[1].empty());
    const auto yaml = mentorkit::read_participant_file(
        folder.write("people/people.yaml", "- {id: E1, name: Ann, role: mentor, cv: ann.json}\n"),
        mentorkit::participant_format::yaml);
    CHECK(yaml.cv_files == std::vector<std::filesystem::path>{folder / "people/ann.json"});
}

// ---- the sample cohort ---------------------------------------------------------------------------

TEST_CASE("the sample cohort in examples/data reads without errors and is a plausible organisation", "[import]") {
    const std::filesystem::path data = std::filesystem::path{MENTORKIT_SOURCE_DIR} / "examples" / "data";
    const auto people = read_participants(data / "people.csv");
    REQUIRE(people.size() == 300);

    std::map<std::string, const person*> by_id;
    for (const auto& p : people) by_id[p.id] = &p;
    int mentors = 0;
    int mentees = 0;
    int tops = 0;
    std::set<std::string> units;
    std::set<int> offsets;
    for (const auto& p : people) {
        if (p.role != participant_role::mentee) ++mentors;
        if (p.role != participant_role::mentor) ++mentees;
        units.insert(p.org_unit);
        offsets.insert(p.utc_offset_minutes);
        CHECK(p.grade >= 1);
        CHECK(p.grade <= 10);
        CHECK_FALSE(p.languages.empty());
        CHECK_FALSE(p.email.empty());
        if (p.role == participant_role::mentee) {
            CHECK_FALSE(p.goal_areas.empty());
            CHECK_FALSE(p.skills_sought.empty());
        }
        for (const auto& id : p.network) CHECK(by_id.count(id) == 1);
        for (const auto& id : p.exclusions) CHECK(by_id.count(id) == 1);
        // Every reporting line ends at the top, without loops.
        if (p.manager_id.empty()) ++tops;
        std::set<std::string> seen;
        for (const person* at = &p; !at->manager_id.empty(); at = by_id.at(at->manager_id)) {
            REQUIRE(by_id.count(at->manager_id) == 1);
            REQUIRE(seen.insert(at->id).second);
        }
    }
    CHECK(tops == 1);
    CHECK(units.size() >= 6);
    CHECK(*offsets.begin() <= -5 * 60);  // the Americas
    CHECK(*offsets.rbegin() >= 8 * 60);  // Asia
    // About one mentor for three mentees.
    CHECK(mentors * 2 <= mentees);
    CHECK(mentors * 4 >= mentees);

    const auto yaml_people = read_participants(data / "people.yaml");
    CHECK(yaml_people.size() >= 5);
    CHECK(yaml_people.size() <= 10);
    CHECK(std::any_of(yaml_people.begin(), yaml_people.end(),
                      [](const person& p) { return p.role == participant_role::mentor; }));
    CHECK(std::any_of(yaml_people.begin(), yaml_people.end(),
                      [](const person& p) { return p.role == participant_role::mentee; }));
}
