// The mentorkit command as a user runs it: real process, real files, exit codes.

#include <catch2/catch.hpp>

#include "temp_folder.hpp"

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using mentorkit::test_support::temp_folder;

namespace {

struct result {
    int exit_code = -1;
    std::string output;  // stdout and stderr together
};

result run_cli(const std::string& arguments) {
    const std::string command = std::string{MENTORKIT_CLI_PATH} + " " + arguments + " 2>&1";
    result r;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::array<char, 4096> buffer{};
    while (const auto n = fread(buffer.data(), 1, buffer.size(), pipe)) r.output.append(buffer.data(), n);
    const int status = pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}


const std::string program = std::string{MENTORKIT_SOURCE_DIR} + "/config/programs/engineering-2027.yaml";
const std::string fixtures = fs::path{FIXTURE_GOOD_PLUGIN_PATH}.parent_path().string();

}  // namespace

TEST_CASE("--version and --help answer and exit 0", "[cli]") {
    const auto version = run_cli("--version");
    CHECK(version.exit_code == 0);
    CHECK_THAT(version.output, Catch::StartsWith("mentorkit 0.1.0 (plugin SDK 1.0"));
    for (const auto* command : {"--help", "validate --help", "plugins --help", "run --help"}) {
        const auto help = run_cli(command);
        CHECK(help.exit_code == 0);
        CHECK_THAT(help.output, Catch::Contains("--plugin-path") && Catch::Contains("--log-level"));
    }
}

TEST_CASE("a wrong command line exits 2 with the reason", "[cli]") {
    const auto unknown = run_cli("frobnicate");
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.output == "mentorkit: unknown command 'frobnicate' (commands: validate plugins run; see --help)\n");
    CHECK_THAT(run_cli("valdate x.yaml").output, Catch::Contains("did you mean 'validate'?"));
    CHECK(run_cli("").exit_code == 2);
    CHECK(run_cli("run").exit_code == 2);
    CHECK(run_cli("validate " + program + " --log-level loud").exit_code == 2);
}

TEST_CASE("validate says ok for the shipped program", "[cli]") {
    const auto r = run_cli("validate " + program);
    CHECK(r.exit_code == 0);
    CHECK(r.output == program + ": ok (program 'eng-2027', 1 enabled module)\n");
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
                                                      "did you mean 'relationship'? Installed plugins: relationship (searched: "));
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
    CHECK_THAT(r.output, Catch::Contains("relationship  0.1.0    relationship  1.0"));
    const auto with_fixtures = run_cli("plugins --plugin-path " + fixtures);
    CHECK(with_fixtures.exit_code == 0);
    CHECK_THAT(with_fixtures.output, Catch::Contains("\ngood "));
    CHECK_THAT(with_fixtures.output, Catch::Contains("refused: " + fixtures + "/fixture_wrong_major.so: built against "
                                                                              "mentorkit SDK 2.0"));
}

TEST_CASE("run starts the modules, publishes program.started and the input, and stops cleanly", "[cli]") {
    temp_folder dir;
    const auto input = dir.write("events.jsonl",
                                 R"({"topic": "relationship.started", "time": "2027-01-20", "payload": )"
                                 R"({"relationship_id": "r-1", "mentor_id": "p-1", "mentee_id": "p-2"}})"
                                 "\n");
    const auto r = run_cli("run " + program + " --input " + input.string() + " --trace --log-level warn");
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.output, Catch::Contains(R"("source":"kernel","time":"2027-01-11","topic":"program.started")"));
    CHECK_THAT(r.output, Catch::Contains(R"("due_by":"2027-01-27")"));
    CHECK_THAT(r.output, Catch::Contains("plugin relationship: stopped"));
    CHECK_THAT(r.output, Catch::Contains("meeting.scheduled=1"));
    CHECK_THAT(r.output, Catch::EndsWith("stopped cleanly\n"));
}

TEST_CASE("run with a malformed input file publishes nothing and names the line", "[cli]") {
    temp_folder dir;
    const auto input = dir.write("events.jsonl",
                                 "{\"topic\": \"goal.set\", \"payload\": {}}\n"
                                 "{\"topic\": \"goal.set\", \"payload\": [1]}\n");
    const auto r = run_cli("run " + program + " --input " + input.string() + " --trace");
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains(input.string() + ":2:23: error: \"payload\" must be a JSON object, found array"));
    CHECK_THAT(r.output, !Catch::Contains("program.started"));
}
