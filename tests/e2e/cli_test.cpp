// The mentorkit command as a user runs it: real process, real files, exit codes.

#include <catch2/catch.hpp>

#include "cli_process.hpp"
#include "temp_folder.hpp"

#include "matching/matching.hpp"
#include "store/store.hpp"

#include <mentorkit/version.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using mentorkit::test_support::run_cli;
using mentorkit::test_support::temp_folder;

namespace {

const std::string program = std::string{MENTORKIT_SOURCE_DIR} + "/config/programs/engineering-2027.yaml";
const std::string fixtures = fs::path{FIXTURE_GOOD_PLUGIN_PATH}.parent_path().string();

}  // namespace

TEST_CASE("--version and --help answer and exit 0", "[cli]") {
    const auto version = run_cli("--version");
    CHECK(version.exit_code == 0);
    CHECK_THAT(version.output, Catch::StartsWith("mentorkit " MENTORKIT_VERSION_STRING " (plugin SDK " +
                                                 std::to_string(MENTORKIT_SDK_API_MAJOR) + "." +
                                                 std::to_string(MENTORKIT_SDK_API_MINOR)));
    for (const auto* command : {"--help", "validate --help", "plugins --help", "run --help"}) {
        const auto help = run_cli(command);
        CHECK(help.exit_code == 0);
        CHECK_THAT(help.output, Catch::Contains("--plugin-path") && Catch::Contains("--log-level"));
    }
}

TEST_CASE("a wrong command line exits 2 with the reason", "[cli]") {
    const auto unknown = run_cli("frobnicate");
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.output == "mentorkit: unknown command 'frobnicate' (commands: validate plugins run import match ingest simulate report replay; see --help)\n");
    CHECK_THAT(run_cli("valdate x.yaml").output, Catch::Contains("did you mean 'validate'?"));
    CHECK(run_cli("").exit_code == 2);
    CHECK(run_cli("run").exit_code == 2);
    CHECK(run_cli("validate " + program + " --log-level loud").exit_code == 2);
}

TEST_CASE("validate says ok for the shipped program", "[cli]") {
    const auto r = run_cli("validate " + program);
    CHECK(r.exit_code == 0);
    CHECK(r.output == program + ": ok (program 'eng-2027', 7 enabled modules)\n");
}

TEST_CASE("validate prints every error with file, line and column and exits 1", "[cli]") {
    temp_folder dir;
    const auto broken = dir.write("broken.yaml",
                                  "extends: standard-mentoring\n"
                                  "id: broken-2027\n"
                                  "name: Broken\n"
                                  "timeline:\n"
                                  "  start: 2027-02-30\n"
                                  "  duraton: 6 months\n"
                                  "modules:\n"
                                  "  sponsr:\n"
                                  "    enabled: true\n");
    const auto r = run_cli("validate " + broken.string());
    CHECK(r.exit_code == 1);
    const auto file = broken.string();
    CHECK_THAT(r.output, Catch::Contains(file + ":5:10: error: "));
    CHECK_THAT(r.output, Catch::Contains(file + ":6:3: error: unknown key 'duraton'") &&
                             Catch::Contains("did you mean 'duration'?"));
    CHECK_THAT(r.output, Catch::Contains(file + ": 2 errors"));
}

TEST_CASE("validate reports a module that names no installed plugin, with the installed ones", "[cli]") {
    temp_folder dir;
    const auto p = dir.write("p.yaml",
                             "extends: standard-mentoring\n"
                             "id: p-2027\n"
                             "name: P\n"
                             "timeline: {start: 2027-03-01}\n"
                             "modules:\n"
                             "  relationshp: {}\n");
    const auto r = run_cli("validate " + p.string());
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains(p.string() + ":6:3: error: module 'relationshp' names no installed plugin; "
                                                      "did you mean 'relationship'? Installed plugins: counsel, model, "
                                                      "motivate, relationship, sponsor, survey_environment, teach "
                                                      "(searched: "));
}

TEST_CASE("validate reports a bad module setting at its place in the file", "[cli]") {
    temp_folder dir;
    const auto p = dir.write("p.yaml",
                             "extends: standard-mentoring\n"
                             "id: p-2027\n"
                             "name: P\n"
                             "timeline: {start: 2027-03-01}\n"
                             "modules:\n"
                             "  relationship:\n"
                             "    kickoff_within: soon\n");
    const auto r = run_cli("validate " + p.string());
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains(p.string() + ":7:21: error: expected a duration"));
}

TEST_CASE("plugins lists the built plugins, and refusals with their reason", "[cli]") {
    const auto r = run_cli("plugins");
    CHECK(r.exit_code == 0);
    // Columns are as wide as their longest entry.
    CHECK_THAT(r.output, Catch::Matches("[\\s\\S]*\nrelationship +" MENTORKIT_VERSION_STRING " +relationship +" +
                                        std::to_string(MENTORKIT_SDK_API_MAJOR) + "\\." +
                                        std::to_string(MENTORKIT_SDK_API_MINOR) + " [\\s\\S]*"));
    CHECK_THAT(r.output, !Catch::Contains("consumes:"));  // only with --details
    const auto with_fixtures = run_cli("plugins --plugin-path " + fixtures);
    CHECK(with_fixtures.exit_code == 0);
    CHECK_THAT(with_fixtures.output, Catch::Contains("\ngood "));
    CHECK_THAT(with_fixtures.output, Catch::Contains("refused: " + fixtures + "/fixture_wrong_major.so: built against "
                                                                              "mentorkit SDK " +
                                                     std::to_string(MENTORKIT_SDK_API_MAJOR + 1) + "."));
}

TEST_CASE("plugins --details shows what each plugin consumes and produces", "[cli]") {
    const auto r = run_cli("plugins --details");
    CHECK(r.exit_code == 0);
    // The relationship module's block: its description, then the three detail lines.
    const auto block = r.output.substr(r.output.find("\nrelationship "));
    CHECK_THAT(block, Catch::Matches("[\\s\\S]*\n  consumes:   [^\n]*relationship\\.started[\\s\\S]*"));
    CHECK_THAT(block, Catch::Matches("[\\s\\S]*\n  produces:   [^\n]*relationship\\.at_risk[\\s\\S]*"));
    CHECK_THAT(block, Catch::Contains("\n  depends on: -\n"));
}

TEST_CASE("run starts the modules, publishes program.started and the input, and stops cleanly", "[cli]") {
    temp_folder dir;
    const auto input = dir.write("events.jsonl",
                                 R"({"topic": "relationship.started", "time": "2027-01-20", "payload": )"
                                 R"({"relationship_id": "r-1", "mentor_id": "p-1", "mentee_id": "p-2"}})"
                                 "\n");
    const auto store = dir / "eng.db";
    const auto r = run_cli("run " + program + " --store " + store.string() + " --input " + input.string() +
                           " --trace --log-level warn");
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.output, Catch::Contains(R"("source":"kernel","time":"2027-01-11","topic":"program.started")"));
    CHECK_THAT(r.output, Catch::Contains(R"("due_by":"2027-01-27")"));
    CHECK_THAT(r.output, Catch::Contains("plugin relationship: stopped"));
    CHECK_THAT(r.output, Catch::Contains("meeting.scheduled=2"));  // the kickoff and the first regular meeting
    // Every event traced is journaled: one line each.
    std::size_t traced = r.output.starts_with("{") ? 1 : 0;
    for (std::size_t at = r.output.find("\n{"); at != std::string::npos; at = r.output.find("\n{", at + 1)) ++traced;
    CHECK(traced > 10);  // plugin.started for seven modules, program.started, the input and what it caused
    CHECK_THAT(r.output, Catch::Contains("journal: " + store.string() + " (" + std::to_string(traced) + " events)"));
    CHECK_THAT(r.output, Catch::EndsWith("stopped cleanly\n"));

    // A second run resumes the program: no second program.started, ids continue.
    const auto again = run_cli("run " + program + " --store " + store.string() + " --trace --log-level warn");
    CHECK(again.exit_code == 0);
    CHECK_THAT(again.output, !Catch::Contains("program.started"));
    CHECK_THAT(again.output,
               Catch::Contains("{\"id\":" + std::to_string(traced + 1) + R"(,"payload":{"plugin":"relationship")"));
    CHECK_THAT(again.output, Catch::Contains("clock at 2027-01-20"));
}

TEST_CASE("run stores none of an input whose event the store refuses, and names its line", "[cli]") {
    temp_folder dir;
    const auto store = dir / "eng.db";
    const auto input = dir.write("events.jsonl",
                                 R"({"topic": "relationship.started", "payload": )"
                                 R"({"relationship_id": "r-1", "mentor_id": "p-1", "mentee_id": "p-2"}})"
                                 "\n\n"
                                 R"({"topic": "relationship.closed", "payload": {"relationship_id": "r-1", "outcome": "meh"}})"
                                 "\n");
    const auto r = run_cli("run " + program + " --store " + store.string() + " --input " + input.string());
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains(input.string() + ":3:1: error: event refused: relationship.closed: "
                                                          "\"outcome\" must be completed or closed_early, found meh"));
    CHECK_THAT(r.output, Catch::Contains("nothing from the input was stored"));
    mentorkit::store s{store, "eng-2027"};
    CHECK(s.count("relationship.started") == 0);
    CHECK(s.count("meeting.scheduled") == 0);  // nor what the plugins made of it
    CHECK(s.count("program.started") == 1);
}

TEST_CASE("run with a malformed input file publishes nothing and names the line", "[cli]") {
    temp_folder dir;
    const auto input = dir.write("events.jsonl",
                                 "{\"topic\": \"goal.set\", \"payload\": {}}\n"
                                 "{\"topic\": \"goal.set\", \"payload\": [1]}\n");
    const auto store = dir / "eng.db";
    const auto r = run_cli("run " + program + " --store " + store.string() + " --input " + input.string() + " --trace");
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains(input.string() + ":2:23: error: \"payload\" must be a JSON object, found array"));
    CHECK_THAT(r.output, !Catch::Contains("program.started"));
    CHECK_FALSE(fs::exists(store));  // the store is not even created
}

TEST_CASE("run --input cannot close the program, move it past its end or back in time", "[cli]") {
    temp_folder dir;
    const auto store = dir / "eng.db";
    // An observed signal, as the survey module reads it; `time` is left out when empty.
    const auto signal = [](const std::string& id, const std::string& time) {
        return R"({"topic": "signal.observed", )" + (time.empty() ? "" : R"("time": ")" + time + "\", ") +
               R"("payload": {"id": ")" + id + R"(", "kind": "rumour", "org_unit": "Finance", "description": "x"}})" +
               "\n";
    };
    const auto run_with = [&](const fs::path& input, const std::string& more = "") {
        return run_cli("run " + program + " --store " + store.string() + " --input " + input.string() + more);
    };
    REQUIRE(run_with(dir.write("first.jsonl", signal("s-1", "2027-03-01"))).exit_code == 0);
    const auto stored = mentorkit::store{store, "eng-2027"}.last_event_id();

    const std::string closed = R"({"topic": "program.closed", "time": "2027-04-01", "payload": {}})"
                               "\n";
    const std::string quarantined = R"({"topic": "plugin.quarantined", "payload": {}})"
                                    "\n";
    const auto lifecycle = dir.write("events.jsonl", closed + signal("s-2", "2027-04-02") + quarantined);
    const auto r = run_with(lifecycle);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains(lifecycle.string() + ":1:1: error: 'program.closed' is mentorkit's own"));
    CHECK_THAT(r.output, Catch::Contains(lifecycle.string() + ":3:1: error: 'plugin.quarantined' is mentorkit's own"));

    const auto future = dir.write("future.jsonl", signal("s-3", "2027-04-01") + signal("s-4", "2035-01-01"));
    const auto typo = run_with(future);
    CHECK(typo.exit_code == 1);
    CHECK_THAT(typo.output, Catch::Contains(future.string() + ":2:1: error: signal.observed: \"time\" 2035-01-01 is "
                                                              "not before the program's end, 2027-10-11"));

    const auto earlier = dir.write("earlier.jsonl", signal("s-5", "2027-02-01"));
    const auto back = run_with(earlier);
    CHECK(back.exit_code == 1);
    CHECK_THAT(back.output, Catch::Contains(earlier.string() + ":1:1: error: signal.observed: \"time\" 2027-02-01 is "
                                                               "earlier than the program's time, 2027-03-01"));
    const auto until = run_cli("run " + program + " --store " + store.string() + " --until 2027-02-01");
    CHECK(until.exit_code == 2);
    CHECK_THAT(until.output, Catch::Contains("run: --until 2027-02-01 is before the program's time, 2027-03-01"));
    // An event without a time after a timed one does not hide the latter from --until.
    const auto later = dir.write("later.jsonl", signal("s-6", "2027-05-01") + signal("s-7", ""));
    const auto before_input = run_with(later, " --until 2027-04-01");
    CHECK(before_input.exit_code == 2);
    CHECK_THAT(before_input.output,
               Catch::Contains("run: --until 2027-04-01 is before the input's last event, 2027-05-01"));
    // None of the refused runs stored anything, not even its plugins' start.
    CHECK(mentorkit::store{store, "eng-2027"}.last_event_id() == stored);

    // Once the program has ended, an event without a time would be stamped at its end.
    REQUIRE(run_cli("run " + program + " --store " + store.string() + " --until end").exit_code == 0);
    const auto untimed = dir.write("untimed.jsonl", signal("s-8", ""));
    const auto ended = run_with(untimed);
    CHECK(ended.exit_code == 1);
    CHECK_THAT(ended.output, Catch::Contains(untimed.string() + ":1:1: error: signal.observed: without a \"time\" it "
                                                                "happens at the program's time, 2027-10-11, which is "
                                                                "not before its end, 2027-10-11"));
    CHECK(mentorkit::store{store, "eng-2027"}.count("signal.observed") == 1);

    // A rehearsal's script cannot claim the program's life either.
    const auto script = dir.write("script.jsonl", R"({"topic": "program.ending", "time": "2027-05-01", "payload": {}})"
                                                  "\n");
    const auto rehearsal = run_cli("simulate " + program + " --input " + script.string() + " --store " +
                                   (dir / "rehearsal.db").string());
    CHECK(rehearsal.exit_code == 1);
    CHECK_THAT(rehearsal.output, Catch::Contains(script.string() + ":1:1: error: 'program.ending' is mentorkit's own"));
    CHECK_FALSE(fs::exists(dir / "rehearsal.db"));
}

namespace {

// A CSV of `count` people: one mentor for every three mentees, all speaking English.
std::string cohort_csv(int count, const std::string& prefix = "p") {
    std::string csv = "id,name,role,grade,languages,skills,skills_sought,goal_areas,mentor_capacity\n";
    for (int i = 0; i < count; ++i) {
        const bool mentor = i % 4 == 0;
        csv += prefix + std::to_string(i) + ",Person " + std::to_string(i) + "," + (mentor ? "mentor" : "mentee") +
               "," + (mentor ? "7" : "3") + ",en:C1," + (mentor ? "python:5;negotiation:4" : "python:2") + "," +
               (mentor ? "" : "python") + ",leadership," + (mentor ? "3" : "") + "\n";
    }
    return csv;
}

}  // namespace

TEST_CASE("the matches CSV opens in a spreadsheet as text, whatever the ids", "[cli]") {
    // An id such as "=HYPERLINK(...)" would run as a formula where the file is opened.
    temp_folder dir;
    const auto store = (dir / "eng.db").string();
    REQUIRE(run_cli("import " + program + " " + dir.write("people.csv", cohort_csv(4, "=cmd")).string() +
                    " --store " + store)
                .exit_code == 0);
    REQUIRE(run_cli("match " + program + " --out " + dir.path().string() + " --store " + store + " --log-level warn")
                .exit_code == 0);
    std::ifstream in{dir / "eng-2027-matches.csv"};
    std::string header, row;
    std::getline(in, header);
    REQUIRE(std::getline(in, row));
    CHECK_THAT(row, Catch::StartsWith("'=cmd"));
    CHECK_THAT(row, Catch::Contains(",'=cmd0,"));  // the mentor, the first of every four
}

TEST_CASE("import enrolls people once, match explains its pairs, replay rebuilds the same state", "[cli]") {
    temp_folder dir;
    const auto store = (dir / "eng.db").string();
    const auto people = dir.write("people.csv", cohort_csv(12));

    const auto imported = run_cli("import " + program + " " + people.string() + " --store " + store);
    CHECK(imported.exit_code == 0);
    CHECK_THAT(imported.output, Catch::Contains("imported 12 participants into program 'eng-2027': 12 enrolled, 0 "
                                                "updated, 0 unchanged"));
    // Re-importing with one change updates that person and duplicates nobody.
    auto changed = cohort_csv(12);
    changed.replace(changed.find("Person 5"), 8, "Person V");
    const auto again = run_cli("import " + program + " " + dir.write("people.csv", changed).string() + " --store " + store);
    CHECK_THAT(again.output, Catch::Contains("0 enrolled, 1 updated, 11 unchanged"));

    const auto matched = run_cli("match " + program + " --accept --out " + dir.path().string() + " --store " + store +
                                 " --log-level warn");
    CHECK(matched.exit_code == 0);
    CHECK_THAT(matched.output, Catch::Contains("MENTEE        MENTOR        SCORE  STRONGEST CRITERIA"));
    CHECK_THAT(matched.output, Catch::Contains("9 proposals") && Catch::Contains("all accepted"));
    CHECK(fs::exists(dir / "eng-2027-matches.csv"));
    std::ifstream json_file{dir / "eng-2027-matches.json"};
    const auto json = nlohmann::json::parse(json_file);
    REQUIRE(json["proposals"].size() == 9);
    double sum = 0;
    for (const auto& part : json["proposals"][0]["explanation"]) sum += part["contribution"].get<double>();
    CHECK(sum == Approx(json["proposals"][0]["score"].get<double>()));

    {
        mentorkit::store s{store, "eng-2027"};
        CHECK(s.people().size() == 12);
        CHECK(s.relationships().size() == 9);
        CHECK(s.count("match.proposed") == 9);
        CHECK(s.count("meeting.scheduled") == 18);  // each kickoff (relationship module) and first meeting (runtime)
        // 12 people, 9 pairs: whoever is left has a match.unmatched saying why, in words shared by all with that code.
        const auto unmatched = s.journal_matching("match.unmatched");
        CHECK(unmatched.size() == json["unmatched"].size());
        for (const auto& u : unmatched) {
            CHECK(u.payload["reason"] == std::string{mentorkit::describe_unmatched(u.payload["reason_code"].get<std::string>())});
            CHECK_FALSE(u.payload["detail"].get<std::string>().empty());
        }
    }
    const auto replayed = run_cli("replay " + program + " --store " + store);
    CHECK(replayed.exit_code == 0);
    CHECK_THAT(replayed.output, Catch::Contains("state rebuilt from the journal is identical"));
}

TEST_CASE("report writes HTML, JSON and CSV from the store, and says when there is no store", "[cli][report]") {
    temp_folder dir;
    const auto store = (dir / "eng.db").string();
    const auto none = run_cli("report " + program + " --store " + store);
    CHECK(none.exit_code == 1);
    CHECK_THAT(none.output, Catch::Contains("report: no store for program 'eng-2027' at " + store));
    CHECK_FALSE(fs::exists(store));  // asking for a report creates nothing

    REQUIRE(run_cli("import " + program + " " + dir.write("people.csv", cohort_csv(12)).string() + " --store " + store)
                .exit_code == 0);
    REQUIRE(run_cli("match " + program + " --accept --out " + dir.path().string() + " --store " + store).exit_code == 0);
    REQUIRE(run_cli("run " + program + " --until 2027-04-01 --store " + store + " --log-level warn").exit_code == 0);

    const auto json_file = dir / "r.json";
    const auto as_json = run_cli("report " + program + " --format json --out " + json_file.string() + " --store " + store);
    CHECK(as_json.exit_code == 0);
    CHECK(as_json.output == "report of 'eng-2027' as of 2027-04-01: " + json_file.string() + "\n");
    std::ifstream in{json_file};
    const auto figures = nlohmann::json::parse(in);
    {
        // The figures agree with what the store holds.
        mentorkit::store s{store, "eng-2027"};
        CHECK(figures["enrolment"]["people"] == s.people().size());
        CHECK(figures["relationships"]["total"] == s.relationships().size());
        CHECK(figures["meetings"]["missed"] == s.count("meeting.missed"));  // nobody held one: no behaviour model
        CHECK(figures["meetings"]["held"] == 0);
        CHECK(figures["matching"]["unmatched"] == s.count("match.unmatched"));
        CHECK(figures["program"]["status"] == "running");
    }

    const auto html_file = dir / "out" / "r.html";
    CHECK(run_cli("report " + program + " --out " + html_file.string() + " --store " + store).exit_code == 0);
    std::ifstream html_in{html_file};
    const std::string html{std::istreambuf_iterator<char>{html_in}, {}};
    CHECK_THAT(html, Catch::StartsWith("<!DOCTYPE html>") && Catch::Contains("<svg") &&
                         Catch::Contains("Engineering mentoring 2027"));
    CHECK_FALSE(fs::exists(html_file.string() + ".partial"));

    const auto csv_folder = dir / "csv";
    CHECK(run_cli("report " + program + " --format csv --out " + csv_folder.string() + " --store " + store).exit_code ==
          0);
    std::ifstream health{csv_folder / "relationship-health.csv"};
    std::string header;
    std::getline(health, header);
    CHECK_FALSE(header.empty());
    CHECK(fs::exists(csv_folder / "at-risk.csv"));

    CHECK(run_cli("report " + program + " --format pdf --store " + store).exit_code == 2);
}

TEST_CASE("import merges the sample Europass CVs into their participants by email", "[cli][europass]") {
    temp_folder dir;
    const auto store = (dir / "eng.db").string();
    const auto data = std::string{MENTORKIT_SOURCE_DIR} + "/examples/data";
    // The program's own sources: the sample cohort and its folder of CVs.
    const auto r = run_cli("import " + program + " --store " + store + " --log-level warn");
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.output, Catch::Contains("300 enrolled, 0 updated, 0 unchanged; 30 Europass CVs added"));
    mentorkit::store s{store, "eng-2027"};
    // E0065's CV (Candidate XML) names Telugu by its three-letter code "tel"; the CSV has te:C2.
    const auto e0065 = s.find_person("E0065");
    REQUIRE(e0065);
    CHECK(e0065->employer == "Example Org");
    CHECK_FALSE(e0065->position.empty());
    CHECK(e0065->education_level >= 4);
    const auto& languages = e0065->languages;
    CHECK(std::count_if(languages.begin(), languages.end(), [](const auto& l) { return l.language == "te"; }) == 1);
    CHECK(std::none_of(languages.begin(), languages.end(), [](const auto& l) { return l.language == "tel"; }));
    // Someone without a CV is as the CSV says.
    const auto e0001 = s.find_person("E0001");
    REQUIRE(e0001);
    CHECK(e0001->employer.empty());
    CHECK(e0001->education_level == 0);
}

TEST_CASE("a bad CV stops the import, or is left out under on_error: skip", "[cli][europass]") {
    temp_folder dir;
    const auto data = std::string{MENTORKIT_SOURCE_DIR} + "/examples/data";
    const auto cvs = dir / "cvs";
    fs::create_directories(cvs);
    fs::copy_file(data + "/cvs/E0005-skillspassport.xml", cvs / "E0005-skillspassport.xml");
    fs::copy_file(std::string{MENTORKIT_SOURCE_DIR} + "/tests/fixtures/europass/broken/impossible-date.xml",
                  cvs / "impossible-date.xml");

    const auto stopped_store = (dir / "stop.db").string();
    const auto stopped =
        run_cli("import " + program + " " + data + "/people.csv " + cvs.string() + " --store " + stopped_store);
    CHECK(stopped.exit_code == 1);
    CHECK_THAT(stopped.output, Catch::Contains((cvs / "impossible-date.xml").string() + ":") &&
                                   Catch::Contains("nothing imported"));
    CHECK_FALSE(fs::exists(stopped_store));

    const auto skipping = dir.write("skip.yaml", "extends: standard-mentoring\n"
                                                 "id: eng-2027\n"
                                                 "name: Skipping\n"
                                                 "timeline: {start: 2027-01-11}\n"
                                                 "participants: {on_error: skip}\n");
    const auto skipped_store = (dir / "skip.db").string();
    const auto skipped = run_cli("import " + skipping.string() + " " + data + "/people.csv " + cvs.string() +
                                 " --store " + skipped_store + " --log-level warn");
    CHECK(skipped.exit_code == 0);
    CHECK_THAT(skipped.output, Catch::Contains((cvs / "impossible-date.xml").string() + ":") &&
                                   Catch::Contains("skipped:") &&
                                   Catch::Contains("300 enrolled, 0 updated, 0 unchanged; 1 Europass CV added"));
    mentorkit::store s{skipped_store, "eng-2027"};
    CHECK(s.find_person("E0005")->employer == "Example Org");

    // A CV whose email nobody has adds no one.
    const auto alone = run_cli("import " + program + " " + data + "/people.csv " +
                               std::string{MENTORKIT_SOURCE_DIR} + "/tests/fixtures/europass/candidate.xml --store " +
                               (dir / "alone.db").string());
    CHECK(alone.exit_code == 1);
    CHECK_THAT(alone.output, Catch::Contains("a CV adds to someone enrolled from a CSV or YAML source"));
}

TEST_CASE("a bad participant file imports nothing and names the row and column", "[cli]") {
    temp_folder dir;
    const auto store = (dir / "eng.db").string();
    auto csv = cohort_csv(6);
    csv.replace(csv.find(",3,en:C1"), 3, ",x,");  // person p1's grade
    const auto bad = dir.write("people.csv", csv);
    const auto r = run_cli("import " + program + " " + bad.string() + " --store " + store);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains(bad.string() + ":3:4: ") && Catch::Contains("grade"));
    CHECK_THAT(r.output, Catch::Contains("nothing imported"));
    CHECK_FALSE(fs::exists(store));
}

TEST_CASE("match before any import says what to do", "[cli]") {
    temp_folder dir;
    const auto r = run_cli("match " + program + " --store " + (dir / "eng.db").string());
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains("no participants are enrolled in program 'eng-2027'; import them first"));
}

TEST_CASE("an import killed with SIGKILL leaves the store all-or-nothing and readable", "[cli][crash]") {
    temp_folder dir;
    const auto store_file = dir / "eng.db";
    REQUIRE(run_cli("import " + program + " " + dir.write("first.csv", cohort_csv(8, "first")).string() +
                    " --store " + store_file.string())
                .exit_code == 0);
    const auto big = dir.write("big.csv", cohort_csv(40000, "big"));

    int err[2];
    REQUIRE(pipe(err) == 0);
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        dup2(err[1], STDERR_FILENO);
        close(err[0]);
        execl(MENTORKIT_CLI_PATH, MENTORKIT_CLI_PATH, "import", program.c_str(), big.c_str(), "--store",
              store_file.c_str(), "--log-level", "warn", static_cast<char*>(nullptr));
        _exit(127);
    }
    close(err[1]);
    // Wait until the import has begun writing, then kill it without warning.
    std::string seen;
    char c = 0;
    while (seen.find("importing 40000 participants") == std::string::npos && read(err[0], &c, 1) == 1) seen += c;
    CHECK_THAT(seen, Catch::Contains("importing 40000 participants"));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    close(err[0]);

    mentorkit::store reopened{store_file, "eng-2027"};
    const auto count = reopened.people().size();
    CHECK((count == 8 || count == 40008));  // all of the import or none of it, and the first import intact
    CHECK(reopened.journal_size() >= 8);
    CHECK(reopened.replay() == reopened.journal_size());
}

TEST_CASE("run --until end plays the program's timeline to its close", "[cli]") {
    temp_folder dir;
    const auto store = (dir / "eng.db").string();
    REQUIRE(run_cli("import " + program + " " + dir.write("p.csv", cohort_csv(8)).string() + " --store " + store)
                .exit_code == 0);
    REQUIRE(run_cli("match " + program + " --accept --out " + dir.path().string() + " --store " + store).exit_code ==
            0);
    const auto r = run_cli("run " + program + " --store " + store + " --until end --log-level warn");
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.output, Catch::Contains("clock at 2027-10-11"));
    CHECK_THAT(r.output, Catch::Contains("program.closed=1") && Catch::Contains("program.phase.entered=4"));
    CHECK_THAT(r.output, Catch::Contains("relationship.closed=6"));
    CHECK(run_cli("run " + program + " --store " + store + " --until someday").exit_code == 2);
}

TEST_CASE("ingest brings in activity in date order, all or nothing", "[cli]") {
    temp_folder dir;
    const auto store = (dir / "eng.db").string();
    const auto activity = std::string{MENTORKIT_SOURCE_DIR} + "/examples/data/activity.csv";
    const auto people = std::string{MENTORKIT_SOURCE_DIR} + "/examples/data/people.csv";
    // The sample activity is about pairs the sample cohort's matching makes.
    REQUIRE(run_cli("import " + program + " " + people + " --store " + store + " --log-level warn").exit_code == 0);
    REQUIRE(run_cli("match " + program + " --accept --out " + dir.path().string() + " --store " + store +
                    " --log-level warn")
                .exit_code == 0);
    REQUIRE(run_cli("run " + program + " --store " + store).exit_code == 0);  // the program starts
    const auto good = run_cli("ingest " + program + " " + activity + " --store " + store + " --log-level warn");
    CHECK(good.exit_code == 0);
    CHECK_THAT(good.output, Catch::Contains("ingested 35 records into program 'eng-2027'"));
    {
        mentorkit::store s{store, "eng-2027"};
        CHECK(s.count("meeting.held") > 0);
        CHECK(s.count("program.phase.entered") > 0);  // the timeline ran up to the activity's dates
    }
    const auto bad = dir.write("bad.csv", "type,date,goal_id,progress\ngoal_progress,2027-07-01,g-1,140\n");
    const auto r = run_cli("ingest " + program + " " + bad.string() + " --store " + store);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains(bad.string() + ":2:4: ") && Catch::Contains("nothing ingested"));
    // The program allows 3 goals per mentee (the template's goals.limit_per_mentee); E0049 has one.
    std::string goals = "type,date,goal_id,mentee_id,relationship_id,title,measure,target_date\n";
    for (int n = 1; n <= 3; ++n)
        goals += "goal_set,2027-07-0" + std::to_string(n) + ",g-x" + std::to_string(n) +
                 ",E0049,r-E0003-E0049,Goal,done,2027-09-01\n";
    const auto too_many = run_cli("ingest " + program + " " + dir.write("goals.csv", goals).string() + " --store " + store);
    CHECK(too_many.exit_code == 1);
    CHECK_THAT(too_many.output,
               Catch::Contains(":4:1: error: goal.set: mentee_id: mentee 'E0049' would have 4 goals; the program allows 3"));
    const auto old = dir.write("old.csv", "type,date,goal_id\ngoal_achieved,2027-01-20,g-E0049-1\n");
    const auto before = run_cli("ingest " + program + " " + old.string() + " --store " + store);
    CHECK(before.exit_code == 1);
    CHECK_THAT(before.output, Catch::Contains("activity must be newer than what is stored"));
}

TEST_CASE("simulate rehearses the whole program; the same seed gives a byte-identical journal", "[cli][rehearsal]") {
    temp_folder dir;
    auto rehearse = [&](int seed, const std::string& name) {
        const auto r = run_cli("simulate " + program + " --seed " + std::to_string(seed) + " --store " +
                               (dir / (name + ".db")).string() + " --journal " + (dir / (name + ".jsonl")).string() +
                               " --log-level warn");
        CHECK(r.exit_code == 0);
        std::ifstream in{dir / (name + ".jsonl"), std::ios::binary};
        return std::make_pair(r.output, std::string{std::istreambuf_iterator<char>{in}, {}});
    };
    const auto [summary, first] = rehearse(7, "a");
    const auto [summary_again, second] = rehearse(7, "b");
    const auto [other_summary, other] = rehearse(8, "c");
    CHECK_FALSE(first.empty());
    CHECK(first == second);
    CHECK(first != other);
    CHECK_THAT(summary, Catch::Contains("rehearsal of 'eng-2027' with seed 7: 300 people"));
    CHECK_THAT(summary, Catch::Contains("meetings held") && Catch::Contains("\n    relationship: "));
    CHECK_THAT(summary, !Catch::Contains("month 1/"));  // no progress bar when not on a terminal
    CHECK_THAT(first, Catch::Contains(R"("topic":"program.closed")"));
}

TEST_CASE("simulate publishes scripted events when the rehearsal reaches their time", "[cli][rehearsal]") {
    temp_folder dir;
    const auto input = dir.write("script.jsonl",
                                 R"({"time": "2027-03-08", "topic": "signal.observed", "payload": {"id": "s-1", )"
                                 R"("kind": "rumour", "org_unit": "Finance", "description": "a rumour"}})"
                                 "\n"
                                 R"({"time": "2030-01-01", "topic": "signal.observed", "payload": {"id": "s-2"}})"
                                 "\n");
    const auto journal = dir / "j.jsonl";
    const auto r = run_cli("simulate " + program + " --input " + input.string() + " --store " +
                           (dir / "a.db").string() + " --journal " + journal.string() + " --log-level warn");
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.output, Catch::Contains("1 scripted event(s) fall after the program's end and were not published"));
    std::ifstream in{journal};
    int published = 0;
    for (std::string line; std::getline(in, line);) {
        const auto e = nlohmann::json::parse(line);
        if (e["topic"] != "signal.observed") continue;
        ++published;
        CHECK(e["source"] == "input");
        CHECK(e["time"] == "2027-03-08");
        CHECK(e["payload"]["id"] == "s-1");
    }
    CHECK(published == 1);

    const auto untimed = dir.write("untimed.jsonl", "\n" R"({"topic": "signal.observed", "payload": {"id": "s-3"}})" "\n");
    const auto refused = run_cli("simulate " + program + " --input " + untimed.string() + " --store " +
                                 (dir / "b.db").string());
    CHECK(refused.exit_code == 1);
    CHECK_THAT(refused.output, Catch::Contains(untimed.string() + ":2:1: error: a rehearsal's scripted event needs a "
                                                                  "\"time\""));
}

TEST_CASE("run on the wall clock catches up on what fell due since the last run", "[cli]") {
    temp_folder dir;
    const auto store = (dir / "past.db").string();
    // A program that ran in 2020: by the wall clock everything in it is due.
    const auto past = dir.write("past.yaml", "extends: standard-mentoring\nid: past-2020\nname: Past\n"
                                             "timeline: {start: 2020-01-06}\n");
    REQUIRE(run_cli("run " + past.string() + " --store " + store + " --log-level warn").exit_code == 0);
    const auto r = run_cli("run " + past.string() + " --store " + store + " --clock wall --log-level warn");
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.output, Catch::Contains("program.phase.entered=4") && Catch::Contains("program.closed=1"));
    CHECK(run_cli("run " + past.string() + " --store " + store + " --clock wall --until end").exit_code == 2);
}
