// `mentorkit validate` and `plugins` on careless and hostile program files and plugin
// paths, as a user runs them: real process, real files, exit codes, what is printed.

#include <catch2/catch.hpp>

#include "cli_process.hpp"
#include "temp_folder.hpp"

#include <filesystem>
#include <string>

namespace fs = std::filesystem;
using mentorkit::test_support::run_cli;
using mentorkit::test_support::temp_folder;

namespace {

const std::string minimal =
    "id: careless\n"
    "name: Careless program\n"
    "timeline:\n"
    "  start: 2027-01-11\n"
    "  duration: 6 months\n";

}  // namespace

TEST_CASE("validate refuses a meeting cadence that would never let a run end, naming the key and the rate",
          "[program_cli][rates]") {
    temp_folder folder;
    const auto file = folder.write("p.yaml", minimal + "  meeting_cadence: 1s\n");
    const auto r = run_cli("validate " + file.string());
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains(file.string() + ":6:20: error: 'timeline.meeting_cadence' of 1s would make "
                                                         "each pair generate up to 259200 events a day"));
}

TEST_CASE("validate does not read or echo a file outside the program's folder that extends names",
          "[program_cli][extends]") {
    temp_folder folder;
    folder.write("private/notes.yaml", "salary_review: confidential\n");
    const auto file = folder.write("programs/p.yaml", "extends: ../private/notes\n" + minimal);
    const auto r = run_cli("validate " + file.string());
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains(file.string() + ":1:10: error: template '../private/notes' is ") &&
                             Catch::Contains("outside the program's folder and the template folders"));
    CHECK_THAT(r.output, !Catch::Contains("salary") && !Catch::Contains("confidential"));

    const auto passwd = folder.write("programs/q.yaml", "extends: ../../../../../../../../etc/passwd\n" + minimal);
    const auto q = run_cli("validate " + passwd.string());
    CHECK(q.exit_code == 1);
    CHECK_THAT(q.output, !Catch::Contains("root:"));
}

TEST_CASE("validate reports a tab used for indentation as such, at the tab", "[program_cli][yaml]") {
    temp_folder folder;
    const auto file = folder.write("p.yaml", "id: careless\nname: Careless\ntimeline:\n\tstart: 2027-01-11\n");
    const auto r = run_cli("validate " + file.string());
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains(file.string() + ":4:1: error: YAML syntax error: a tab is used for "
                                                         "indentation; YAML indents with spaces only"));
}

TEST_CASE("validate reports every duplicate key of a program at once", "[program_cli][yaml]") {
    temp_folder folder;
    const auto file = folder.write("p.yaml", minimal + "name: Again\nid: again\n");
    const auto r = run_cli("validate " + file.string());
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains(file.string() + ":6:1: error: duplicate key 'name' (first at line 2)") &&
                             Catch::Contains(file.string() + ":7:1: error: duplicate key 'id' (first at line 1)"));
}

TEST_CASE("a --plugin-path that does not exist is an error naming it, not a run without the plugin",
          "[program_cli][plugins]") {
    temp_folder folder;
    const auto missing = (folder / "no-such-folder").string();
    const auto program = folder.write("p.yaml", minimal);
    for (const auto& arguments :
         {"plugins --plugin-path " + missing, "validate " + program.string() + " --plugin-path " + missing}) {
        const auto r = run_cli(arguments);
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.output, Catch::Contains(missing + ": no such folder (given as an extra plugin path)"));
    }
}

TEST_CASE("a plugin on --plugin-path that replaces an installed one is said so, naming both files",
          "[program_cli][plugins]") {
    temp_folder extra;
    const auto installed = fs::path{COUNSEL_PLUGIN_PATH};
    fs::copy_file(installed, extra / "counsel.so");
    const auto r = run_cli("plugins --plugin-path " + extra.path().string());
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.output, Catch::Contains("plugin 'counsel' from the extra plugin path (" +
                                         fs::canonical(extra / "counsel.so").string() +
                                         ") replaces the installed one (" + installed.string() + ")"));
}
