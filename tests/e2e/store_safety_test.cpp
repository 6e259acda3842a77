// What the commands promise about the files they are pointed at: a rehearsal never erases a
// store it did not make, one command at a time writes to a store, output never writes
// through a link, a store follows the definition it was made with, and a store a user may
// only read can still be reported on and checked.

#include <catch2/catch.hpp>

#include "cli_process.hpp"
#include "temp_folder.hpp"

#include "store/sqlite.hpp"
#include "store/store.hpp"

#include <unistd.h>

#include <filesystem>
#include <set>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace fs = std::filesystem;
using mentorkit::test_support::run_cli;
using mentorkit::test_support::temp_folder;

namespace {

const std::string program = std::string{MENTORKIT_SOURCE_DIR} + "/config/programs/engineering-2027.yaml";
const std::string people = std::string{MENTORKIT_SOURCE_DIR} + "/examples/data/people.csv";
const std::string quiet = " --log-level warn";

std::string read_all(const fs::path& file) {
    std::ifstream in{file, std::ios::binary};
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// A program of its own, written for the test, so its start date can be edited.
fs::path pilot_program(const temp_folder& dir, const std::string& start, const std::string& duration = "3 months") {
    return dir.write("pilot.yaml",
                     "id: pilot\nname: Pilot\ntimeline:\n  start: " + start + "\n  duration: " + duration +
                         "\nparticipants:\n  sources:\n    - csv: " + people + "\nmodules:\n  relationship: {}\n");
}

}  // namespace

TEST_CASE("simulate refuses a program's store and any other file that is not a rehearsal's, and changes neither",
          "[cli][store]") {
    temp_folder dir;
    const auto live = dir / "live.db";
    REQUIRE(run_cli("import " + program + " " + people + " --store " + live.string() + quiet).exit_code == 0);
    const auto enrolled = mentorkit::store{live, "eng-2027"}.journal_size();

    const auto r = run_cli("simulate " + program + " --no-progress --store " + live.string() + quiet);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains(live.string() + " exists and is not a rehearsal's store"));
    CHECK(mentorkit::store{live, "eng-2027"}.journal_size() == enrolled);

    const auto notes = dir.write("notes.txt", "my notes\n");
    CHECK(run_cli("simulate " + program + " --no-progress --store " + notes.string() + quiet).exit_code == 1);
    CHECK(read_all(notes) == "my notes\n");
    CHECK_FALSE(fs::exists(dir / "notes.txt-wal"));
}

TEST_CASE("simulate replaces the store of an earlier rehearsal with the new one", "[cli][store][rehearsal]") {
    temp_folder dir;
    const auto rehearsal = dir / "rehearsal.db";
    const auto first = run_cli("simulate " + program + " --no-progress --seed 1 --store " + rehearsal.string() + quiet);
    REQUIRE(first.exit_code == 0);
    const auto once = mentorkit::store{rehearsal, "eng-2027"}.journal_size();
    REQUIRE(run_cli("simulate " + program + " --no-progress --seed 1 --store " + rehearsal.string() + quiet).exit_code ==
            0);
    {
        mentorkit::store again{rehearsal, "eng-2027"};
        CHECK(again.is_rehearsal());
        CHECK(again.journal_size() == once);  // the same rehearsal again, not appended to the first
        CHECK(again.count("program.started") == 1);
        // While one rehearsal writes to it, another is refused, and neither loses anything.
        const auto second = run_cli("simulate " + program + " --no-progress --store " + rehearsal.string() + quiet);
        CHECK(second.exit_code == 1);
        CHECK_THAT(second.output, Catch::Contains("the store is in use by pid " + std::to_string(::getpid())));
        CHECK(again.journal_size() == once);
    }
    // A program's real history never goes into a rehearsal's store, which the next rehearsal empties.
    const auto real = run_cli("import " + program + " " + people + " --store " + rehearsal.string() + quiet);
    CHECK(real.exit_code == 1);
    CHECK_THAT(real.output, Catch::Contains("this is a rehearsal's store (mentorkit simulate)"));
    CHECK(mentorkit::store{rehearsal, "eng-2027"}.journal_size() == once);
}

TEST_CASE("a rehearsal's store takes the next rehearsal of a definition whose start moved", "[cli][store][rehearsal]") {
    temp_folder dir;
    const auto rehearsal = (dir / "pilot-rehearsal.db").string();
    REQUIRE(run_cli("simulate " + pilot_program(dir, "2027-03-01").string() + " --no-progress --store " + rehearsal +
                    quiet)
                .exit_code == 0);
    const auto moved = run_cli("simulate " + pilot_program(dir, "2027-02-01").string() + " --no-progress --store " +
                               rehearsal + quiet);
    CHECK(moved.exit_code == 0);
    CHECK(mentorkit::store{rehearsal, mentorkit::program_identity{"pilot", mentorkit::parse_date("2027-02-01")}}
              .count("program.started") == 1);
}

TEST_CASE("a store another process is writing to is refused by every writing command, naming that process",
          "[cli][store]") {
    temp_folder dir;
    const auto file = dir / "eng.db";
    REQUIRE(run_cli("import " + program + " " + people + " --store " + file.string() + quiet).exit_code == 0);
    const auto activity = dir.write("activity.csv", "type,date,signal_id,kind,description\n"
                                                    "signal,2027-02-01,s-1,reorganisation,Two teams merge\n");
    const auto script = dir.write("script.jsonl", "");
    const mentorkit::store held{file, "eng-2027"};  // this test process is the writer now
    const auto before = held.journal_size();
    const std::string in_use = file.string() + ": the store is in use by pid " + std::to_string(::getpid()) + " (";
    for (const auto& command : std::vector<std::string>{"import " + program + " " + people, "match " + program + " --accept --out " + dir.path().string(),
          "ingest " + program + " " + activity.string(), "run " + program + " --input " + script.string(),
          "run " + program + " --until end"}) {
        INFO(command);
        const auto r = run_cli(command + " --store " + file.string() + quiet);
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.output, Catch::Contains(in_use) && Catch::Contains("try again when it has finished"));
        CHECK_THAT(r.output, !Catch::Contains("SQLite") && !Catch::Contains("constraint"));
    }
    CHECK(held.journal_size() == before);
    CHECK_FALSE(fs::exists(dir / "eng-2027-matches.csv"));
    // Reading is never refused: a report while the program is being written to.
    CHECK(run_cli("report " + program + " --format json --out " + (dir / "r.json").string() + " --store " +
                  file.string())
              .exit_code == 0);
}

TEST_CASE("a store is one writer's however it is named: a hard link meets the same lock", "[cli][store]") {
    temp_folder dir;
    const auto file = dir / "eng.db";
    REQUIRE(run_cli("import " + program + " " + people + " --store " + file.string() + quiet).exit_code == 0);
    fs::create_hard_link(file, dir / "other-name.db");
    const mentorkit::store held{file, "eng-2027"};
    const auto r = run_cli("match " + program + " --accept --out " + dir.path().string() + " --store " +
                           (dir / "other-name.db").string() + quiet);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains("the store is in use by"));
    CHECK(held.count("match.accepted") == 0);
}

TEST_CASE("match --accept again matches only who is left and restarts no relationship", "[cli][store]") {
    temp_folder dir;
    const auto file = dir / "eng.db";
    REQUIRE(run_cli("import " + program + " " + people + " --store " + file.string() + quiet).exit_code == 0);
    const std::string match = "match " + program + " --accept --out " + dir.path().string() + " --store " + file.string() + quiet;
    REQUIRE(run_cli(match).exit_code == 0);
    const auto started = mentorkit::store{file, "eng-2027"}.count("relationship.started");
    REQUIRE(started > 0);
    const auto again = run_cli(match);
    CHECK(again.exit_code == 0);
    mentorkit::store s{file, "eng-2027"};
    // Whoever is left may find a mentor with capacity to spare; nobody matched is matched again.
    const auto relationships = s.relationships();
    std::set<std::string> mentees;
    for (const auto& r : relationships) CHECK(mentees.insert(r.mentee_id).second);
    CHECK(s.count("relationship.started") == relationships.size());
    CHECK(relationships.size() >= started);
}

TEST_CASE("an import with nothing new, or nothing at all, leaves the journal as it was", "[cli][store]") {
    temp_folder dir;
    const auto file = dir / "eng.db";
    REQUIRE(run_cli("import " + program + " " + people + " --store " + file.string() + quiet).exit_code == 0);
    const auto before = mentorkit::store{file, "eng-2027"}.journal_size();
    const auto again = run_cli("import " + program + " " + people + " --store " + file.string() + quiet);
    CHECK(again.exit_code == 0);
    CHECK_THAT(again.output, Catch::Contains("0 enrolled, 0 updated, 300 unchanged"));
    fs::create_directory(dir / "empty");
    const auto nothing = run_cli("import " + program + " " + (dir / "empty").string() + " --store " + file.string());
    CHECK(nothing.exit_code == 1);
    CHECK_THAT(nothing.output, Catch::Contains("the files hold no participants; nothing imported"));
    CHECK(mentorkit::store{file, "eng-2027"}.journal_size() == before);  // not even a plugin.started
    CHECK(run_cli("import " + program + " " + people + " --store ''").exit_code == 2);
}

TEST_CASE("report --out naming the store it reads is refused, and the store is kept", "[cli][store]") {
    temp_folder dir;
    const auto file = dir / "eng.db";
    REQUIRE(run_cli("import " + program + " " + people + " --store " + file.string() + quiet).exit_code == 0);
    const auto r = run_cli("report " + program + " --store " + file.string() + " --out " + file.string());
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains(file.string() + ": is an SQLite database (a program's store?); not replaced"));
    CHECK(mentorkit::store{file, "eng-2027"}.count("participant.enrolled") == 300);
}

TEST_CASE("report and match write their files whole and never through a link planted at their path",
          "[cli][store]") {
    temp_folder dir;
    const auto file = dir / "eng.db";
    REQUIRE(run_cli("import " + program + " " + people + " --store " + file.string() + quiet).exit_code == 0);
    const auto precious = dir.write("precious.txt", "not a report\n");
    fs::create_symlink(precious, dir / "report.html");
    fs::create_symlink(precious, dir / "report.html.partial");
    fs::create_directory(dir / "out");
    fs::create_symlink(precious, dir / "out" / "eng-2027-matches.csv");
    CHECK(run_cli("report " + program + " --out " + (dir / "report.html").string() + " --store " + file.string())
              .exit_code == 0);
    CHECK(run_cli("match " + program + " --out " + (dir / "out").string() + " --store " + file.string() + quiet)
              .exit_code == 0);
    CHECK(read_all(precious) == "not a report\n");
    CHECK_THAT(read_all(dir / "report.html"), Catch::StartsWith("<!DOCTYPE html>"));
    CHECK_THAT(read_all(dir / "out" / "eng-2027-matches.csv"), Catch::StartsWith("mentee_id,mentor_id"));
}

TEST_CASE("a store refuses a definition whose start date moved since the store was made", "[cli][store]") {
    temp_folder dir;
    const auto file = dir / "pilot.db";
    REQUIRE(run_cli("run " + pilot_program(dir, "2027-03-01").string() + " --store " + file.string() + quiet)
                .exit_code == 0);
    const auto moved = pilot_program(dir, "2027-02-01");
    for (const std::string_view command : {"run", "replay", "report"}) {
        INFO(command);
        const auto r = run_cli(std::string{command} + " " + moved.string() + " --store " + file.string() + quiet);
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.output, Catch::Contains("program 'pilot' started on 2027-03-01 when this store was made, but "
                                             "its definition now says 2027-02-01"));
    }
    CHECK(mentorkit::store{file, "pilot"}.count("program.started") == 1);
}

TEST_CASE("a store refuses a definition whose end moved since the store was made", "[cli][store]") {
    // The program's end timer was set from the first duration: shortened, the program would
    // never close at its new end; lengthened, it would close at the old one.
    temp_folder dir;
    const auto file = dir / "pilot.db";
    REQUIRE(run_cli("run " + pilot_program(dir, "2027-03-01").string() + " --store " + file.string() + quiet)
                .exit_code == 0);
    for (const std::string duration : {"2 months", "6 months"}) {
        INFO(duration);
        const auto changed = pilot_program(dir, "2027-03-01", duration);
        for (const std::string_view command : {"run", "report"}) {
            INFO(command);
            const auto r =
                run_cli(std::string{command} + " " + changed.string() + " --store " + file.string() + quiet);
            CHECK(r.exit_code == 1);
            CHECK_THAT(r.output, Catch::Contains("program 'pilot' was to end on 2027-06-01 when this store was made, "
                                                 "but its definition now ends it on"));
        }
    }
    // The definition as it was still opens it.
    const auto unchanged = pilot_program(dir, "2027-03-01");
    CHECK(run_cli("run " + unchanged.string() + " --store " + file.string() + quiet).exit_code == 0);
}

TEST_CASE("a corrupted payload in the store is named, not reported in the JSON parser's words", "[cli][store]") {
    temp_folder dir;
    const auto file = dir / "eng.db";
    REQUIRE(run_cli("import " + program + " " + people + " --store " + file.string() + quiet).exit_code == 0);
    mentorkit::sqlite::database{file}.exec("UPDATE journal SET payload = '{\"id\": \"E0001\", ' WHERE id = 3");
    for (const std::string_view command : {"replay", "report"}) {
        INFO(command);
        const auto r = run_cli(std::string{command} + " " + program + " --store " + file.string() +
                               (command == "report" ? " --out " + (dir / "r.html").string() : ""));
        CHECK(r.exit_code != 0);
        CHECK_THAT(r.output, Catch::Contains("the payload of journal event 3 is not valid JSON in the store"));
        CHECK_THAT(r.output, !Catch::Contains("json.exception"));
    }
}

TEST_CASE("a store its user may only read is reported on and checked, and left as it was", "[cli][store]") {
    if (::geteuid() != 0) {
        WARN("not checked: runs the command as the user nobody, which needs root");
        return;
    }
    temp_folder dir;
    const auto folder = dir / "readonly";
    fs::create_directory(folder);
    const auto file = folder / "eng.db";
    REQUIRE(run_cli("import " + program + " " + people + " --store " + file.string() + quiet).exit_code == 0);
    const auto out = dir / "out";
    fs::create_directory(out);
    fs::permissions(out, fs::perms::all);
    fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::others_exec | fs::perms::others_read);
    const auto before = read_all(file);
    // Only `out` is writable by nobody: the store's folder and file are root's.
    const std::string as_nobody = "setpriv --reuid=65534 --regid=65534 --clear-groups";
    const auto report = run_cli("report " + program + " --format json --out " + (out / "r.json").string() +
                                    " --store " + file.string(),
                                as_nobody);
    CHECK(report.exit_code == 0);
    CHECK_THAT(read_all(out / "r.json"), Catch::Contains("\"as_of\""));
    const auto replay = run_cli("replay " + program + " --store " + file.string(), as_nobody);
    CHECK(replay.exit_code == 0);
    CHECK_THAT(replay.output, Catch::Contains("(read-only: checked, not repaired)") &&
                                  Catch::Contains("state rebuilt from the journal is identical"));
    CHECK(read_all(file) == before);
}
