#include "import/europass.hpp"

#include "input_checks.hpp"

#include <catch2/catch.hpp>

#include "person_printing.hpp"
#include "temp_folder.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using mentorkit::cefr_level;
using mentorkit::config_error;
using mentorkit::europass_cv;
using mentorkit::import_error;
using mentorkit::is_europass_file;
using mentorkit::language_skill;
using mentorkit::person;
using mentorkit::read_europass;
using mentorkit::skill_level;
using mentorkit::time_point;
using mentorkit::test_support::temp_folder;

namespace {

// The fixtures are synthetic CVs written to the published schemas; every value expected
// below was worked out by hand from them.
const std::filesystem::path fixtures = std::filesystem::path{MENTORKIT_SOURCE_DIR} / "tests/fixtures/europass";
const std::filesystem::path broken = fixtures / "broken";

time_point day(int y, unsigned m, unsigned d) {
    return time_point{std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}}};
}

// Work periods still running end here.
const time_point as_of = day(2024, 1, 1);

europass_cv read(const std::filesystem::path& file, time_point until = as_of) { return read_europass(file, until); }

struct expected_error {
    int line;
    int column;
    std::string message;
};

// Checks that reading `file` fails with exactly `expected`, in order (by line and column).
void require_errors(const std::filesystem::path& file, const std::vector<expected_error>& expected) {
    std::vector<config_error> errors;
    try {
        read(file);
        FAIL("expected an import_error for " << file);
    } catch (const import_error& e) {
        errors = e.errors();
        INFO(e.what());
        REQUIRE(errors.size() == expected.size());
    }
    for (std::size_t i = 0; i < expected.size(); ++i) {
        INFO("error " << i + 1 << ": " << errors[i].what());
        CHECK(errors[i].mark().file == file.string());
        CHECK(errors[i].mark().line == expected[i].line);
        CHECK(errors[i].mark().column == expected[i].column);
        CHECK(errors[i].message() == expected[i].message);
    }
}

// Checks that `file` is read, with exactly `expected` as the values it leaves out and the
// missing email (europass_cv::rejected and no_email), in order (by line and column).
europass_cv require_problems(const std::filesystem::path& file, const std::vector<expected_error>& expected) {
    const auto cv = read(file);
    auto problems = cv.rejected;
    if (cv.no_email) problems.push_back(*cv.no_email);
    std::stable_sort(problems.begin(), problems.end(), [](const config_error& a, const config_error& b) {
        return std::pair{a.mark().line, a.mark().column} < std::pair{b.mark().line, b.mark().column};
    });
    REQUIRE(problems.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        INFO("problem " << i + 1 << ": " << problems[i].what());
        CHECK(problems[i].mark().file == file.string());
        CHECK(problems[i].mark().line == expected[i].line);
        CHECK(problems[i].mark().column == expected[i].column);
        CHECK(problems[i].message() == expected[i].message);
    }
    return cv;
}

// A SkillsPassport JSON CV (V3.4, with an email) whose LearnerInfo has `learner` besides
// the identification.
std::string json_cv(const std::string& learner) {
    return R"({"SkillsPassport": {"DocumentInfo": {"XSDVersion": "V3.4"}, "LearnerInfo": {)"
           R"("Identification": {"ContactInfo": {"Email": {"Contact": "test@example.org"}}})" +
           (learner.empty() ? "" : ", " + learner) + "}}}";
}

// A WorkExperience; `current` is "true", "false" or "" (not given).
std::string work(const std::string& from, const std::string& to, const std::string& current = "",
                 const std::string& more = "") {
    std::string period = R"("From": )" + from;
    if (!to.empty()) period += R"(, "To": )" + to;
    if (!current.empty()) period += R"(, "Current": )" + current;
    return R"({"Period": {)" + period + "}" + (more.empty() ? "" : ", " + more) + "}";
}

std::string foreign(const std::string& code, const std::vector<std::string>& levels) {
    static const char* const dimensions[] = {"Listening", "Reading", "SpokenInteraction", "SpokenProduction",
                                             "Writing"};
    std::string proficiency;
    for (std::size_t i = 0; i < levels.size(); ++i)
        if (!levels[i].empty())
            proficiency +=
                std::string{proficiency.empty() ? "" : ", "} + "\"" + dimensions[i] + "\": \"" + levels[i] + "\"";
    return R"({"Description": {"Code": ")" + code + R"("}, "ProficiencyLevel": {)" + proficiency + "}}";
}

const char* const missing_message =
    "a Europass CV is XML with a SkillsPassport (schema v3) or Candidate (2020+) root element, or JSON with a "
    "SkillsPassport object";

}  // namespace

// ---- the formats, field by field ---------------------------------------------------------------

TEST_CASE("a SkillsPassport V3.0 XML CV gives name, email, headline, work, education, languages and skills",
          "[europass]") {
    const auto file = fixtures / "skillspassport-v3.0.xml";
    const auto cv = read(file);
    CHECK(cv.file == file);
    CHECK(cv.format == "skillspassport-xml");
    CHECK(cv.version == "V3.0");

    person expected;
    expected.name = "Ana Lima";
    expected.email = "ana.lima@example.org";
    expected.headline = "Data engineer moving into machine learning";  // blanks and the line break evened out
    // The current job (Current true, no To).
    expected.position = "Lead data engineer";
    expected.employer = "Dados Abertos Lda";
    expected.education_level = 7;  // EQF 6 and 7
    // 2008-09 to 2010-06 is 2008-09-01..2010-07-01 (668 days), then 2011-01-10..2016-03-15,
    // 2015-02..2017-12 and 2017-11-20..as_of overlap into one span 2011-01-10..2024-01-01
    // (4739 days): 5407 days / 365.25 = 14.80.
    expected.years_experience = 14.8;
    // clang-format off
    expected.languages = {
        {"pt", cefr_level::c2},        // mother tongue
        {"en", cefr_level::c1},        // C1 C2 B2 B2 C1: B2 B2 [C1] C1 C2
        {"es", cefr_level::a2},        // A2 B1 A2 A2 B1: A2 A2 [A2] B1 B1
        {"gl", cefr_level::b1},        // the label Galician, no code; four levels B2 C1 B1 B1: B1 [B1] B2 C1
        // Latin has no levels at all: left out.
    };
    expected.skills = {
        // Computer (V3.0 has no digital competence levels), then JobRelated, Communication,
        // Organisational and Other, all free text at level 3.
        {"python", 3},
        {"apache spark", 3},
        {"data modelling", 3},
        {"sql", 3},
        {"etl pipelines", 3},
        {"stakeholder interviews", 3},  // the escaped <p> is a line break
        {"team work", 3},               // "team work: <a sentence>" gives the label
        {"mentoring", 3},               // "mentoring: <one item>" too
        {"workshops", 3},               // "presenting: workshops, conference talks" gives the items
        {"conference talks", 3},
        {"planning", 3},
        {"budgeting", 3},
        {"event organisation", 3},      // the full stop dropped
        {"photography", 3},
        // "I enjoy hiking in the mountains every weekend with friends." is prose: left out.
    };
    // clang-format on
    CHECK(cv.profile == expected);
}

TEST_CASE("a SkillsPassport V3.4 XML CV gives digital competences and the latest job when none is current",
          "[europass]") {
    const auto cv = read(fixtures / "skillspassport-v3.4.xml");
    CHECK(cv.format == "skillspassport-xml");
    CHECK(cv.version == "V3.4");

    person expected;
    expected.name = "Jonas Becker";
    expected.email = "jonas.becker@example.com";
    expected.headline = "Engineering manager";
    // Nothing is current (the volunteer coaching is marked not current and has no end), so
    // the experience that started last: 2019-10-01.
    expected.position = "Engineering manager";
    expected.employer = "Lumen Labs";
    expected.education_level = 5;  // EQF 4 and 5; the course without a level adds nothing
    // 2012 to 2015 (to the end of 2015) and 2014-06 to 2019-09 (to the end of September)
    // make 2012-01-01..2019-10-01, and 2019-10-01 to 2023-06-30 follows on without a gap:
    // 2012-01-01..2023-07-01, 4199 days; the coaching adds nothing: / 365.25 = 11.50.
    expected.years_experience = 11.5;
    // clang-format off
    expected.languages = {
        {"de", cefr_level::c2},
        {"hsb", cefr_level::c2},  // a three-letter code without a two-letter one, kept
        {"en", cefr_level::c1},   // "EN" lower-cased; C1 C1 C1 C1 B2: B2 C1 [C1] C1 C1
        {"fr", cefr_level::a1},   // "a1" read as A1; A1 A2 A1 A1 A1: A1 A1 [A1] A1 A2
    };
    expected.skills = {
        {"digital information", 4},       // C
        {"digital communication", 3},     // B
        {"digital content creation", 3},  // B
        {"digital safety", 3},            // A (2), raised to 3 by "Digital safety" under Other
        {"digital problem solving", 4},   // C
        {"kubernetes", 3},
        {"go", 3},
        {"people management", 3},
        {"hiring", 3},
        {"roadmap planning", 3},
    };
    // clang-format on
    CHECK(cv.profile == expected);
}

TEST_CASE("a Europass Candidate XML CV gives the same profile from its HR-XML elements", "[europass]") {
    const auto cv = read(fixtures / "candidate.xml");
    CHECK(cv.format == "candidate-xml");
    CHECK(cv.version == "1.0");  // from the namespace http://www.europass.eu/1.0

    person expected;
    expected.name = "Marta Kowalska";
    expected.email = "marta.kowalska@example.pl";  // the CandidatePerson's, not the supplier's
    expected.headline = "HR business partner building mentoring programmes";  // the ExecutiveSummary, HTML stripped
    // The current position (no EndDate, CurrentIndicator true); the guest lecturing ends
    // after as_of but is marked not current.
    expected.position = "HR business partner";
    expected.employer = "Zielona Energia sp. z o.o.";
    expected.education_level = 7;  // EQF 7 and ".../eqf/4"; the ISCED 8 is another code list
    // 2014-09-01..2017-02-15 (898 days); a one-day gap; 2017-02-16..2020-12-01,
    // 2020-11-02..as_of and 2022-10-01..2024-06-30 (cut at as_of) make
    // 2017-02-16..2024-01-01 (2510 days): 3408 days / 365.25 = 9.33.
    expected.years_experience = 9.3;
    // clang-format off
    expected.languages = {
        {"pl", cefr_level::c2},         // PrimaryLanguageCode "pol"
        {"en", cefr_level::b2},         // "eng": C1 C2 B2 B2 B2: B2 B2 [B2] C1 C2
        {"uk", cefr_level::b1},  // FREE_TEXT "Ukrainian"; three dimensions B1 A2 B1: A2 [B1] B1
        {"de", cefr_level::a2},         // "ger", no TaxonomyID but CEF dimensions
    };
    expected.skills = {
        {"microsoft excel", 3},     // a CompetencyName without a score
        {"employment law", 4},      // score 4
        {"coaching", 3},            // score "advanced" is not 1..5
        {"sap successfactors", 3},  // under Skills/SkillsGroup
    };
    // clang-format on
    CHECK(cv.profile == expected);
}

TEST_CASE("a Europass JSON V3.3 CV reads as its XML would", "[europass]") {
    const auto cv = read(fixtures / "europass-v3.3.json");
    CHECK(cv.format == "europass-json");
    CHECK(cv.version == "V3.3");

    person expected;
    expected.name = "Lucía García";
    expected.email = "lucia.garcia@example.es";
    expected.headline = "Product owner";
    expected.position = "Product owner";
    expected.employer = "Viajes Claros SL";
    expected.education_level = 6;  // "6" and the number 4
    // 2016-04-01 to 2019-04-30 (the 30th worked) and 2019-05-01..as_of join, with 2021-01
    // to 2022-12 inside: 2016-04-01..2024-01-01, 2831 days / 365.25 = 7.75.
    expected.years_experience = 7.8;
    // clang-format off
    expected.languages = {
        {"es", cefr_level::c2},
        {"ca", cefr_level::c2},
        {"en", cefr_level::b2},  // B2 C1 B2 B1 B2: B1 B2 [B2] B2 C1
        {"it", cefr_level::a1},  // A2, "", A1, A1, null: A1 [A1] A2
    };
    expected.skills = {
        {"digital information", 3},       // B
        {"digital communication", 4},     // C
        {"digital content creation", 2},  // A
        {"digital safety", 3},
        {"digital problem solving", 3},
        {"jira", 3},  // "Jira<br/>Confluence<br/>SQL"
        {"confluence", 3},
        {"sql", 3},
        {"backlog management", 3},
        {"user research", 3},
    };
    // clang-format on
    CHECK(cv.profile == expected);
}

TEST_CASE("a CV leaves id, role and the fields a CV does not hold as they are", "[europass]") {
    const auto p = read(fixtures / "candidate.xml").profile;
    CHECK(p.id.empty());
    CHECK(p.role == person{}.role);
    CHECK(p.org_unit.empty());
    CHECK(p.grade == 0);
    CHECK(p.skills_sought.empty());
    CHECK_FALSE(p.mentor_capacity);
}

// ---- years of experience -------------------------------------------------------------------

TEST_CASE("years of experience count overlapping work periods once", "[europass]") {
    temp_folder folder;
    const auto years = [&](const std::string& experiences, time_point until = as_of) {
        const auto file = folder.write("cv.json", json_cv(R"("WorkExperience": [)" + experiences + "]"));
        return read(file, until).profile.years_experience;
    };
    const std::string y2010 = R"({"Year": 2010})";
    const std::string y2012 = R"({"Year": 2012})";
    const std::string y2014 = R"({"Year": 2014})";
    const std::string y2016 = R"({"Year": 2016})";
    const std::string y2011 = R"({"Year": 2011})";
    const std::string y2013 = R"({"Year": 2013})";
    // 2010 to 2012 is 2010-01-01 to the end of 2012, 1096 days: 3.0 years.
    CHECK(years(work(y2010, y2012)) == 3.0);
    // The same period twice counts once.
    CHECK(years(work(y2010, y2012) + "," + work(y2010, y2012)) == 3.0);
    // A period inside another adds nothing: 2010 to 2016 is 2557 days.
    CHECK(years(work(y2010, y2016) + "," + work(y2012, y2014)) == 7.0);
    // Overlapping: 2010..2014 and 2012..2016 are 2010..2016.
    CHECK(years(work(y2012, y2016) + "," + work(y2010, y2014)) == 7.0);
    // Touching periods join (2010..2011 ends as 2012 starts); apart they add up.
    CHECK(years(work(y2010, y2011) + "," + work(y2012, y2013)) == 4.0);  // 1461 days
    CHECK(years(work(y2010, y2011) + "," + work(y2014, y2016)) == 5.0);  // 730 + 1096 days
    // Months and days: 2020-03-15 to 2020-09-15, both days worked, is 185 days, 0.51 years.
    CHECK(years(work(R"({"Year": 2020, "Month": 3, "Day": 15})", R"({"Year": 2020, "Month": 9, "Day": 15})")) == 0.5);
    // A start without a day is the 1st; an end without one the last: 2020-03 to 2020-04 is
    // 61 days, 0.17 years: 0.2.
    CHECK(years(work(R"({"Year": 2020, "Month": 3})", R"({"Year": 2020, "Month": 4})")) == 0.2);
}

TEST_CASE("a To date without a month or day counts to the end of that month or year", "[europass]") {
    temp_folder folder;
    const auto years = [&](const std::string& experiences) {
        const auto file = folder.write("cv.json", json_cv(R"("WorkExperience": [)" + experiences + "]"));
        return read(file).profile.years_experience;
    };
    // "2009 to 2010" is two years, not one.
    CHECK(years(work(R"({"Year": 2009})", R"({"Year": 2010})")) == 2.0);
    // A job to 2002-02 and the next from 2002-03 leave no gap: 2000-03 to 2004-02 is four years.
    CHECK(years(work(R"({"Year": 2000, "Month": 3})", R"({"Year": 2002, "Month": 2})") + "," +
                work(R"({"Year": 2002, "Month": 3})", R"({"Year": 2004, "Month": 2})")) == 4.0);
    // One month, and one day, are counted, not nothing.
    CHECK(years(work(R"({"Year": 2001, "Month": 12})", R"({"Year": 2001, "Month": 12})")) == 0.1);
    CHECK(years(work(R"({"Year": 2001, "Month": 12, "Day": 1})", R"({"Year": 2001, "Month": 12, "Day": 1})")) == 0.0);
    // Ending in the month it starts, before its day, is ending before it starts.
    require_errors(folder.write("cv.json", json_cv(R"("WorkExperience": [)" +
                                                   work(R"({"Year": 2001, "Month": 12, "Day": 10})",
                                                        R"({"Year": 2001, "Month": 12, "Day": 9})") +
                                                   "]")),
                   {{1, 186,
                     "SkillsPassport/LearnerInfo/WorkExperience[1]/Period: the period ends (2001-12-09) before it starts "
                     "(2001-12-10)"}});
}

TEST_CASE("a work period without an end runs to as_of unless it is marked not current", "[europass]") {
    temp_folder folder;
    const auto read_work = [&](const std::string& experiences, time_point until = as_of) {
        const auto file = folder.write("cv.json", json_cv(R"("WorkExperience": [)" + experiences + "]"));
        return read(file, until).profile;
    };
    const std::string from = R"({"Year": 2021, "Month": 1})";
    // Current true: 2021-01-01..2024-01-01 is 1095 days, 3.0 years; later as_of, more years.
    CHECK(read_work(work(from, "", "true")).years_experience == 3.0);
    CHECK(read_work(work(from, "", "true"), day(2025, 1, 1)).years_experience == 4.0);
    // No Current at all: running too.
    CHECK(read_work(work(from, "")).years_experience == 3.0);
    // Current false without an end: the end is unknown, so it adds nothing.
    CHECK(read_work(work(from, "", "false")).years_experience == 0.0);
    // An end after as_of is cut there; a start after as_of adds nothing.
    CHECK(read_work(work(from, R"({"Year": 2030})")).years_experience == 3.0);
    CHECK(read_work(work(R"({"Year": 2025})", "", "true")).years_experience == 0.0);
    // No work at all: 0.
    CHECK(read_work("").years_experience == 0.0);
}

// ---- position and employer -----------------------------------------------------------------

TEST_CASE("position and employer are those of the current job, else of the one started last", "[europass]") {
    temp_folder folder;
    const auto latest = [&](const std::string& experiences) {
        const auto file = folder.write("cv.json", json_cv(R"("WorkExperience": [)" + experiences + "]"));
        const auto p = read(file).profile;
        return p.position + " at " + p.employer;
    };
    const auto job = [](const std::string& title, const std::string& from, const std::string& to,
                        const std::string& current = "") {
        return work(from, to, current,
                    R"("Position": {"Label": ")" + title + R"("}, "Employer": {"Name": ")" + title + R"( Ltd"})");
    };
    const std::string y2010 = R"({"Year": 2010})";
    const std::string y2015 = R"({"Year": 2015})";
    const std::string y2018 = R"({"Year": 2018})";
    // Two current jobs: the one that started last.
    CHECK(latest(job("A", y2010, "", "true") + "," + job("B", y2015, "", "true")) == "B at B Ltd");
    // A current job wins over a later finished one.
    CHECK(latest(job("A", y2010, "", "true") + "," + job("B", y2015, y2018)) == "A at A Ltd");
    // Marked current with an end date still counts as current.
    CHECK(latest(job("A", y2010, y2015, "true") + "," + job("B", y2015, y2018)) == "A at A Ltd");
    // None current: the one that started last, whatever the order in the file.
    CHECK(latest(job("A", y2015, y2018) + "," + job("B", y2010, y2015)) == "A at A Ltd");
    // Started in the same year: the one listed first.
    CHECK(latest(job("A", y2010, y2015) + "," + job("B", y2010, y2018)) == "A at A Ltd");
    // Without any dates: the first listed.
    CHECK(latest(R"({"Position": {"Label": "A"}}, {"Position": {"Label": "B"}})") == "A at ");
}

// ---- languages -----------------------------------------------------------------------------

TEST_CASE("the level of a foreign language is the median of its CEFR dimensions, rounded down", "[europass]") {
    temp_folder folder;
    const auto languages = [&](const std::string& list) {
        const auto file =
            folder.write("cv.json", json_cv(R"("Skills": {"Linguistic": {"ForeignLanguage": [)" + list + "]}}"));
        return read(file).profile.languages;
    };
    using levels = std::vector<language_skill>;
    // Five levels: the middle one, whatever their order.
    CHECK(languages(foreign("en", {"C2", "A1", "B2", "C1", "B1"})) == levels{{"en", cefr_level::b2}});
    // One low dimension does not pull the level down.
    CHECK(languages(foreign("en", {"A1", "C2", "C2", "C2", "C2"})) == levels{{"en", cefr_level::c2}});
    // An even number of levels: the lower of the two middle ones.
    CHECK(languages(foreign("en", {"A1", "A2", "", "C1", "C2"})) == levels{{"en", cefr_level::a2}});
    CHECK(languages(foreign("en", {"B1", "B2", "", "", ""})) == levels{{"en", cefr_level::b1}});
    // A single level.
    CHECK(languages(foreign("en", {"", "", "", "", "C1"})) == levels{{"en", cefr_level::c1}});
    // No level at all: left out.
    CHECK(languages(foreign("en", {"", "", "", "", ""})).empty());
}

TEST_CASE("a language named twice keeps its highest level, a mother tongue being C2", "[europass]") {
    temp_folder folder;
    const auto file = folder.write("cv.json", json_cv(R"("Skills": {"Linguistic": {)"
                                                      R"("MotherTongue": [{"Description": {"Code": "de"}}],)"
                                                      R"("ForeignLanguage": [)" +
                                                      foreign("DE", {"B1", "B1", "B1", "B1", "B1"}) + "," +
                                                      foreign("en", {"A2", "A2", "A2", "A2", "A2"}) + "," +
                                                      foreign("en", {"B2", "B2", "B2", "B2", "B2"}) + "]}}"));
    CHECK(read(file).profile.languages == std::vector<language_skill>{{"de", cefr_level::c2}, {"en", cefr_level::b2}});
}

TEST_CASE("languages written as names, as the Europass editor labels them, are read as ISO 639-1 codes",
          "[europass]") {
    temp_folder folder;
    const auto file = folder.write(
        "cv.json", json_cv(R"("Skills": {"Linguistic": {)"
                           R"("MotherTongue": [{"Description": {"Label": "ENGLISH"}}],)"
                           R"("ForeignLanguage": [)" +
                           foreign("GERMAN", {"B1", "B1", "B1", "B1", "B1"}) + "," +
                           R"({"Description": {"Label": "Deutsch"}, "ProficiencyLevel": {"Reading": "C1"}},)" +
                           R"({"Description": {"Label": "Español"}, "ProficiencyLevel": {"Reading": "A2"}},)" +
                           R"({"Description": {"Label": "Elvish"}, "ProficiencyLevel": {"Reading": "A1"}}]}})"));
    CHECK(read(file).profile.languages == std::vector<language_skill>{{"en", cefr_level::c2},
                                                                      {"de", cefr_level::c1},
                                                                      {"es", cefr_level::a2},
                                                                      {"elvish", cefr_level::a1}});
}

// ---- skills from free text -----------------------------------------------------------------

TEST_CASE("skills are read from free text by line, comma and semicolon, at level 3", "[europass]") {
    temp_folder folder;
    const auto skills = [&](const std::string& description) {
        const auto file = folder.write("cv.json", json_cv(R"("Skills": {"JobRelated": {"Description": )" +
                                                          nlohmann::json(description).dump() + "}}"));
        std::vector<std::string> names;
        for (const auto& s : read(file).profile.skills) {
            CHECK(s.level == 3);
            names.push_back(s.skill);
        }
        return names;
    };
    using names = std::vector<std::string>;
    CHECK(skills("Negotiation, Public  Speaking;budgeting") == names{"negotiation", "public speaking", "budgeting"});
    CHECK(skills("- Excel\n* Power BI\n\xE2\x80\xA2 Tableau.") == names{"excel", "power bi", "tableau"});
    CHECK(skills("<ul><li>Facilitation</li><li>Coaching</li></ul>") == names{"facilitation", "coaching"});
    CHECK(skills("R&amp;D management") == names{"r&d management"});
    // A label and a list, a label and an explanation.
    CHECK(skills("Tools: Git, Docker") == names{"git", "docker"});
    CHECK(skills("Leadership: led the migration of our data platform to the cloud") == names{"leadership"});
    // Prose is not a skill name; a repeated item is kept once.
    CHECK(skills("I have always enjoyed working with people from many countries\nExcel, excel") == names{"excel"});
    CHECK(skills("").empty());
}

TEST_CASE("free text is judged a line at a time: prose gives no skills, not even its short pieces", "[europass]") {
    temp_folder folder;
    const auto skills = [&](const std::string& description) {
        const auto file = folder.write("cv.json", json_cv(R"("Skills": {"Other": {"Description": )" +
                                                          nlohmann::json(description).dump() + "}}"));
        std::vector<std::string> names;
        for (const auto& s : read(file).profile.skills) names.push_back(s.skill);
        return names;
    };
    using names = std::vector<std::string>;
    // A sentence with commas is one line of prose, whatever the length of its pieces.
    CHECK(skills("Beyond the skills gained at work, I also bring the ability to plan, organise and lead teams of "
                 "volunteers, and a strong sense of professional ethics")
              .empty());
    // A lead-in ending in a colon introduces the list below it and is no skill.
    CHECK(skills("<p>Among the skills I acquired in these years I can name:</p><ul><li>Budgeting</li>"
                 "<li>Event planning</li></ul>") == names{"budgeting", "event planning"});
    // A colon inside a long sentence does not make a label and a list.
    CHECK(skills("Through several seasons with the local club I learned to organise: fixtures, kit, travel").empty());
    // A sentence wrapped in the middle of a phrase is joined again, so its tail is no skill.
    CHECK(skills("I took part in the European youth development programme in \"working in\nyouth policy and "
                 "researchers\" for three months\nFacilitation") == names{"facilitation"});
    // A list of short lines stays a list, lower case or not.
    CHECK(skills("git\ndocker\nkubernetes") == names{"git", "docker", "kubernetes"});
}

TEST_CASE("a CV naming thousands of skills is read at the limit and refused past it", "[europass]") {
    temp_folder folder;
    const auto cv_with_skills = [&](std::size_t count) {
        std::string text;
        for (std::size_t i = 0; i < count; ++i) text += "skill " + std::to_string(i) + ", ";
        // Each skill once more: repeats do not count against the limit.
        for (std::size_t i = 0; i < count; ++i) text += "Skill " + std::to_string(i) + "\n";
        return folder.write("cv.json",
                            json_cv(R"("Skills": {"JobRelated": {"Description": )" + nlohmann::json(text).dump() + "}}"));
    };
    CHECK(read(cv_with_skills(mentorkit::detail::max_cv_skills)).profile.skills.size() ==
          mentorkit::detail::max_cv_skills);
    require_errors(cv_with_skills(40000),
                   {{1, 166,
                     "SkillsPassport/LearnerInfo/Skills: names more than 5000 different skills; a CV may name at most "
                     "5000"}});
}

// ---- which files are Europass ----------------------------------------------------------------

TEST_CASE("is_europass_file tells Europass CVs by their content", "[europass]") {
    for (const char* name :
         {"skillspassport-v3.0.xml", "skillspassport-v3.4.xml", "candidate.xml", "europass-v3.3.json"})
        CHECK(is_europass_file(fixtures / name));
    // A damaged file that starts as Europass is Europass, so that reading it says what is wrong.
    for (const char* name : {"malformed.xml", "malformed.json", "unknown-version.xml", "unknown-version.json",
                             "unknown-version-candidate.xml", "impossible-date.xml", "bad-cefr.xml", "bad-eqf.json",
                             "missing-email.xml", "candidate-problems.xml"})
        CHECK(is_europass_file(broken / name));
    // Another root element, an HR-XML Candidate, JSON without a SkillsPassport.
    CHECK_FALSE(is_europass_file(broken / "not-europass.xml"));
    CHECK_FALSE(is_europass_file(broken / "hr-xml-candidate.xml"));
    CHECK_FALSE(is_europass_file(broken / "not-europass.json"));

    temp_folder folder;
    // By content, not by name.
    CHECK(is_europass_file(folder.write("cv.txt", json_cv(""))));
    CHECK_FALSE(is_europass_file(folder.write("people.xml", "id,name\nE1,Ann\n")));
    CHECK_FALSE(is_europass_file(folder.write("empty.json", "")));
    CHECK_FALSE(is_europass_file(folder.write("list.json", "[1, 2]")));
    CHECK_FALSE(is_europass_file(folder / "absent.xml"));
    CHECK_FALSE(is_europass_file(folder.path()));
}

// ---- broken files, each with its exact errors -------------------------------------------

TEST_CASE("a file that is not Europass is named so, at its root", "[europass]") {
    require_errors(
        broken / "not-europass.xml",
        {{2, 1, "resume: not a Europass CV: the root element is 'resume'; " + std::string{missing_message}}});
    require_errors(
        broken / "not-europass.json",
        {{1, 1,
          "not a Europass CV: this JSON has no top-level SkillsPassport object; " + std::string{missing_message}}});
    require_errors(broken / "hr-xml-candidate.xml",
                   {{3, 1,
                     "Candidate: not a Europass CV: this Candidate is in the namespace 'http://www.hr-xml.org/3', not "
                     "Europass's http://www.europass.eu/1.0 (an HR-XML candidate is not a Europass CV)"}});

    temp_folder folder;
    require_errors(folder.write("empty.xml", " \n"), {{1, 1, "not a Europass CV: the file is empty"}});
    require_errors(folder.write("notes.txt", "\n  Dear hiring manager"),
                   {{2, 3, "not a Europass CV: " + std::string{missing_message}}});
}

TEST_CASE("a malformed file is reported where the parser stopped, in the element open there", "[europass]") {
    // </Surnam> closes <Surname>: pugixml stops at the name of the end tag.
    require_errors(broken / "malformed.xml",
                   {{10, 31,
                     "SkillsPassport/LearnerInfo/Identification/PersonName/Surname: malformed XML: start-end "
                     "tags mismatch"}});
    // A comma before the closing brace of the second work experience.
    require_errors(broken / "malformed.json",
                   {{10, 17,
                     "SkillsPassport/LearnerInfo/WorkExperience[2]: malformed JSON: syntax error while parsing "
                     "object key - unexpected '}'; expected string literal"}});
}

TEST_CASE("a malformed end tag after a closed element names the element still open", "[europass]") {
    temp_folder folder;
    // </FirstName> closed FirstName; the damage is in the end tag of PersonName.
    require_errors(folder.write("cv.xml", "<SkillsPassport>\n"
                                          "  <LearnerInfo><Identification>\n"
                                          "    <PersonName><FirstName>Jane</FirstName></PersonNam>\n"),
                   {{3, 46,
                     "SkillsPassport/LearnerInfo/Identification/PersonName: malformed XML: start-end tags mismatch"}});
    // Siblings of one name are counted, comments and self-closed elements are no open elements.
    require_errors(folder.write("cv.xml", "<SkillsPassport><!-- <Note> --><A/><A/><A><B x=\"/>\">text</C></A>"),
                   {{1, 59, "SkillsPassport/A[3]/B: malformed XML: start-end tags mismatch"}});
}

TEST_CASE("three-part schema versions V3.1.2 and V3.2.0 are read", "[europass]") {
    temp_folder folder;
    for (const auto* version : {"V3.1.2", "V3.2.0", "V3.10"}) {
        const auto cv = read(folder.write(
            "cv.json", R"({"SkillsPassport": {"DocumentInfo": {"XSDVersion": ")" + std::string{version} +
                           R"("}, "LearnerInfo": {"Identification": {"ContactInfo": {"Email": {"Contact": "a@b.org"}}}}}})"));
        CHECK(cv.version == version);
    }
    for (const auto* version : {"V3", "V3.", "V3.1.", "V3.x", "V31.0"})
        CHECK_THROWS_AS(read(folder.write("cv.json", R"({"SkillsPassport": {"DocumentInfo": {"XSDVersion": ")" +
                                                         std::string{version} + R"("}}})")),
                        import_error);
}

TEST_CASE("a CV that is not UTF-8, or is UTF-16, is refused at the line and column of the first bad byte",
          "[europass][input]") {
    temp_folder folder;
    require_errors(folder.write("latin1.xml", "<SkillsPassport>\n  <LearnerInfo>Jos\xE9</LearnerInfo>\n"),
                   {{2, 19, "not valid UTF-8 (byte 0xE9); save the file as UTF-8 (it may be Latin-1 or Windows-1252)"}});
    std::string utf16{"\xFF\xFE"};
    for (const char c : json_cv("")) utf16 += std::string{c, '\0'};
    require_errors(folder.write("utf16.json", utf16), {{1, 1, "the text is encoded as UTF-16; save it as UTF-8"}});
}

TEST_CASE("a NUL character in a CV is refused at its place, in JSON escapes and XML references too",
          "[europass][input]") {
    temp_folder folder;
    const auto json = json_cv("");
    const auto email = json.find("test@");
    require_errors(folder.write("cv.json", json.substr(0, email) + "test\\u0000@example.org" +
                                               json.substr(json.find('"', email))),
                   {{1, 133,
                     "SkillsPassport/LearnerInfo/Identification/ContactInfo/Email/Contact: a NUL character (\\u0000) "
                     "is not allowed in text"}});
    require_errors(folder.write("cv.xml", "<SkillsPassport>\n  <Email>a&#x00;@b.org</Email>\n</SkillsPassport>"),
                   {{2, 11, "a NUL character (&#0;) is not allowed in XML"}});
}

TEST_CASE("a number too large for a double is reported as such, not as a library's exception",
          "[europass][input]") {
    temp_folder folder;
    const auto file = folder.write("cv.json", json_cv(R"("WorkExperience": [)" + work(R"({"Year": 1e400})", "") + "]"));
    require_errors(file, {{1, 204, "SkillsPassport/LearnerInfo/WorkExperience[1]/Period/From/Year: malformed JSON: the "
                                   "number 1e400 is too large to be read"}});
}

TEST_CASE("a key given twice in one JSON object is refused where it repeats", "[europass][input]") {
    temp_folder folder;
    // Two emails: a reader keeping either would attach the CV to whoever it picked.
    const auto file = folder.write("cv.json", "{\"SkillsPassport\": {\"LearnerInfo\": {\"Identification\": {\n"
                                              "  \"ContactInfo\": {\"Email\": {\"Contact\": \"ann@example.org\"},\n"
                                              "                  \"Email\": {\"Contact\": \"bob@example.org\"}}}}}}\n");
    require_errors(file, {{3, 19, "SkillsPassport/LearnerInfo/Identification/ContactInfo: the key 'Email' is given "
                                  "twice in this object (first at line 2, column 19); which value is meant cannot be "
                                  "known"}});
}

TEST_CASE("values nested deeper than 64 levels are refused before anything walks them", "[europass][input]") {
    temp_folder folder;
    // A hundred thousand levels would overflow a recursive walk's stack.
    const std::string deep_json = R"({"SkillsPassport": {"x": )" + std::string(100000, '[') + std::string(100000, ']') + "}}";
    require_errors(folder.write("deep.json", deep_json),
                   {{1, 88, "values nested more than 64 deep; a Europass CV needs fewer than 15 levels"}});
    CHECK_FALSE(is_europass_file(folder / "deep.json"));
    std::string deep_xml = "<SkillsPassport>";
    for (int i = 0; i < 100000; ++i) deep_xml += "<a>";
    for (int i = 0; i < 100000; ++i) deep_xml += "</a>";
    // The 65th <a> is the first element too deep.
    require_errors(folder.write("deep.xml", deep_xml + "</SkillsPassport>"),
                   {{1, 17 + 3 * 64,
                     "SkillsPassport" + [] {
                         std::string path;
                         for (int i = 0; i < 65; ++i) path += "/a";
                         return path;
                     }() + ": elements nested more than 64 deep; a Europass CV needs fewer than 15 levels"}});
}

TEST_CASE("an unknown schema version stops the reading", "[europass]") {
    require_errors(broken / "unknown-version.xml",
                   {{5, 9,
                     "SkillsPassport/DocumentInfo/XSDVersion: unknown Europass schema version 'V2.0'; this reader "
                     "knows the SkillsPassport schema V3.x (any V3 version, such as V3.4 or V3.1.2)"}});
    require_errors(broken / "unknown-version.json",
                   {{3, 60,
                     "SkillsPassport/DocumentInfo/XSDVersion: unknown Europass schema version 'V4.0'; this "
                     "reader knows the SkillsPassport schema V3.x (any V3 version, such as V3.4 or V3.1.2)"}});
    require_errors(broken / "unknown-version-candidate.xml",
                   {{2, 1,
                     "Candidate: unknown Europass Candidate schema version '2.0' (namespace "
                     "http://www.europass.eu/2.0); this reader knows http://www.europass.eu/1.0"}});

    temp_folder folder;
    require_errors(folder.write("cv.json", R"({"SkillsPassport": {"LearnerInfo": {}}})"),
                   {{1, 20,
                     "SkillsPassport/DocumentInfo/XSDVersion: no schema version; expected V3.x, such as V3.4 (a "
                     "SkillsPassport v3)"}});
}

TEST_CASE("impossible dates are reported at the attribute at fault, all of them", "[europass]") {
    require_errors(
        broken / "impossible-date.xml",
        {{11, 52,
          "SkillsPassport/LearnerInfo/WorkExperienceList/WorkExperience[1]/Period/From: impossible date 2019-02-30: "
          "February 2019 has 28 days"},
         {18, 37,
          "SkillsPassport/LearnerInfo/WorkExperienceList/WorkExperience[2]/Period/To: impossible date 2020-13: there "
          "is no month 13 (months are 1 to 12)"},
         {22, 17,
          "SkillsPassport/LearnerInfo/WorkExperienceList/WorkExperience[3]/Period: the period ends (2015-01) before it "
          "starts (2016-03)"}});
}

TEST_CASE("more impossible dates, in JSON", "[europass]") {
    temp_folder folder;
    const auto one_date = [&](const std::string& from) {
        return folder.write("cv.json", json_cv(R"("WorkExperience": [)" + work(from, "") + "]"));
    };
    const std::string path = "SkillsPassport/LearnerInfo/WorkExperience[1]/Period/From: ";
    // The value at fault is where json_cv puts it: line 1, after the identification.
    const auto at = [](const std::string& from, const std::string& part) {
        return static_cast<int>(json_cv(R"("WorkExperience": [)" + work(from, "") + "]").find(part)) + 1;
    };
    const std::string leap = R"({"Year": 2023, "Month": 2, "Day": 29})";
    require_errors(one_date(leap),
                   {{1, at(leap, "29}"), path + "impossible date 2023-02-29: February 2023 has 28 days"}});
    const std::string month0 = R"({"Year": 2023, "Month": 0})";
    require_errors(one_date(month0),
                   {{1, at(month0, "0}"), path + "impossible date 2023-00: there is no month 0 (months are 1 to 12)"}});
    const std::string no_month = R"({"Year": 2023, "Day": 12})";
    require_errors(one_date(no_month), {{1, at(no_month, "12}"), path + "impossible date: a day without a month"}});
    const std::string short_year = R"({"Year": 23})";
    require_errors(one_date(short_year), {{1, at(short_year, "23}"), path + "impossible date: '23' is not a year"}});
    const std::string no_year = R"({"Month": 3})";
    require_errors(one_date(no_year), {{1, at(no_year, "{\"Month"), path + "impossible date: no year"}});
    // But 29 February of a leap year is fine.
    CHECK_NOTHROW(read(one_date(R"({"Year": 2024, "Month": 2, "Day": 29})")));
}

TEST_CASE("CEFR and digital levels outside their scales are left out with their path, the rest of the CV kept",
          "[europass]") {
    const auto cv = require_problems(
        broken / "bad-cefr.xml",
        {{18, 29,
          "SkillsPassport/LearnerInfo/Skills/Linguistic/ForeignLanguageList/ForeignLanguage/ProficiencyLevel/Writing: "
          "expected a CEFR level A1, A2, B1, B2, C1 or C2, found 'D1'"},
         {25, 21,
          "SkillsPassport/LearnerInfo/Skills/Computer/ProficiencyLevel/Information: expected a digital competence "
          "level "
          "A (basic), B (independent) or C (proficient), found 'Br'"}});
    CHECK_FALSE(cv.profile.email.empty());
}

TEST_CASE("EQF levels outside 1..8 are left out, reported at the value", "[europass]") {
    require_problems(broken / "bad-eqf.json",
                   {{7, 46,
                     "SkillsPassport/LearnerInfo/Education[1]/Level/Code: expected an EQF level from 1 to 8, "
                     "found '9'"},
                    {8, 51,
                     "SkillsPassport/LearnerInfo/Education[2]/Level/Code: expected an EQF level from 1 to 8, "
                     "found 'bachelor'"}});
}

TEST_CASE("a CV without an email is read, and says where the email belongs", "[europass]") {
    require_problems(broken / "missing-email.xml",
                     {{7, 13,
                       "SkillsPassport/LearnerInfo/Identification/ContactInfo/Email/Contact: no email address; a "
                       "CV is matched to its participant by email, or named in their cv column"}});
    temp_folder folder;
    // Without a LearnerInfo at all: at the SkillsPassport object.
    require_problems(folder.write("cv.json", R"({"SkillsPassport": {"DocumentInfo": {"XSDVersion": "V3.4"}}})"),
                     {{1, 20,
                       "SkillsPassport/LearnerInfo/Identification/ContactInfo/Email/Contact: no email address; "
                       "a CV is matched to its participant by email, or named in their cv column"}});
}

TEST_CASE("every problem of a Candidate CV is reported in one pass", "[europass]") {
    const std::string period =
        "Candidate/CandidateProfile/EmploymentHistory/EmployerHistory/PositionHistory/EmploymentPeriod/";
    require_errors(
        broken / "candidate-problems.xml",
        {{6, 56,
          "Candidate/CandidatePerson/Communication/URI: expected an email address like ana.silva@example.org, found "
          "'jane at example.org'"},
         {15, 42, period + "StartDate/FormattedDateTime: impossible date 2019-02-30: February 2019 has 28 days"},
         {16, 40,
          period + "EndDate/FormattedDateTime: expected a date like 2019, 2019-03 or 2019-03-15, found 'March "
                   "2020'"},
         {27, 34,
          "Candidate/CandidateProfile/PersonQualifications/PersonCompetency/CompetencyDimension/Score/ScoreText: "
          "expected a CEFR level A1, A2, B1, B2, C1 or C2, found 'C3'"}});
}

TEST_CASE("lines and columns count characters, after a byte order mark and across CRLF line ends", "[europass]") {
    temp_folder folder;
    // Line 3 has "Zoë" and "Ñúñez" (four characters of two bytes) before <Reading>, which
    // starts at character 200 (byte 204).
    const auto file = folder.write("cv.xml",
                                   "\xEF\xBB\xBF<SkillsPassport>\r\n"
                                   "  <DocumentInfo><XSDVersion>V3.4</XSDVersion></DocumentInfo>\r\n"
                                   "  <LearnerInfo><Identification><PersonName><FirstName>Zoë</FirstName>"
                                   "<Surname>Ñúñez</Surname></PersonName></Identification><Skills><Linguistic>"
                                   "<ForeignLanguageList><ForeignLanguage><ProficiencyLevel><Reading>X</Reading>"
                                   "</ProficiencyLevel></ForeignLanguage></ForeignLanguageList></Linguistic></Skills>"
                                   "</LearnerInfo>\r\n"
                                   "</SkillsPassport>\r\n");
    require_problems(
        file, {{3, 16,
                "SkillsPassport/LearnerInfo/Identification/ContactInfo/Email/Contact: no email address; a CV is "
                "matched to its participant by email, or named in their cv column"},
               {3, 200,
                "SkillsPassport/LearnerInfo/Skills/Linguistic/ForeignLanguageList/ForeignLanguage/ProficiencyLevel/"
                "Reading: expected a CEFR level A1, A2, B1, B2, C1 or C2, found 'X'"}});
    // The byte order mark is no column of its own.
    require_errors(
        folder.write("resume.xml", "\xEF\xBB\xBF<resume/>"),
        {{1, 1, "resume: not a Europass CV: the root element is 'resume'; " + std::string{missing_message}}});
}

TEST_CASE("the sample CVs use the Europass code list's country codes, UK and EL rather than GB and GR",
          "[europass]") {
    const auto cvs = std::filesystem::path{MENTORKIT_SOURCE_DIR} / "examples/data/cvs";
    const auto text_of = [](const std::filesystem::path& file) {
        std::ifstream in{file};
        return std::string{std::istreambuf_iterator<char>{in}, {}};
    };
    for (const auto& entry : std::filesystem::directory_iterator{cvs}) {
        if (entry.path().filename().string().find("candidate") != std::string::npos) continue;  // ISO 3166 there
        const auto text = text_of(entry.path());
        INFO(entry.path());
        for (const std::string code : {"GB", "GR"}) {
            CHECK(text.find("<Code>" + code + "</Code>") == std::string::npos);
            CHECK(text.find("\"Code\": \"" + code + "\"") == std::string::npos);
        }
    }
    // The two CVs of people in London and Athens.
    CHECK(text_of(cvs / "E0095-skillspassport.xml").find("<Code>UK</Code>") != std::string::npos);
    CHECK(text_of(cvs / "E0161-skillspassport.xml").find("<Code>EL</Code>") != std::string::npos);
}

TEST_CASE("a file that cannot be read is named", "[europass]") {
    temp_folder folder;
    const auto file = folder / "absent.xml";
    try {
        read(file);
        FAIL("expected an import_error");
    } catch (const import_error& e) {
        REQUIRE(e.errors().size() == 1);
        CHECK(e.errors()[0].mark().file == file.string());
        CHECK(e.errors()[0].message() == "cannot read the file: No such file or directory");
    }
}
