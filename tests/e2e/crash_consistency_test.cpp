// Killed without warning (SIGKILL) at a random moment, `import`, `match --accept`, `ingest`
// and `simulate` leave a store that SQLite finds sound and whose state `replay` rebuilds
// identically from the journal. The moment of each kill is random; what is checked is not.

#include <catch2/catch.hpp>

#include "cli_process.hpp"
#include "temp_folder.hpp"

#include "store/store.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using mentorkit::test_support::temp_folder;
using namespace std::chrono_literals;

namespace {

using arguments = std::vector<std::string>;

pid_t start_cli(const arguments& args) {
    const pid_t child = fork();
    if (child == 0) {
        const int null = open("/dev/null", O_WRONLY);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        std::vector<char*> argv{const_cast<char*>(MENTORKIT_CLI_PATH)};
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(MENTORKIT_CLI_PATH, argv.data());
        _exit(127);
    }
    return child;
}

int wait_for(pid_t child) {
    int status = 0;
    waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

// Each argument quoted for the shell.
mentorkit::test_support::cli_result run_cli(const arguments& args) {
    std::string command;
    for (const auto& a : args) command += " '" + a + "'";
    return mentorkit::test_support::run_cli(command);
}

// SQLite's own check of every page, index and constraint: "ok" or what is wrong.
std::string integrity_check(const fs::path& file) {
    sqlite3* db = nullptr;
    std::string verdict;
    if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK)
        sqlite3_exec(
            db, "PRAGMA integrity_check",
            [](void* out, int, char** values, char**) {
                *static_cast<std::string*>(out) += values[0] ? values[0] : "NULL";
                return 0;
            },
            &verdict, nullptr);
    else
        verdict = sqlite3_errmsg(db);
    sqlite3_close(db);
    return verdict;
}

void remove_store(const fs::path& file) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(file.string() + suffix);
}

void copy_store(const fs::path& from, const fs::path& to) {
    remove_store(to);
    for (const char* suffix : {"", "-wal"})
        if (fs::exists(from.string() + suffix)) fs::copy_file(from.string() + suffix, to.string() + suffix);
}

std::string cohort_csv(int count) {
    std::string csv = "id,name,email,role,grade,languages,skills,skills_sought,goal_areas,mentor_capacity\n";
    for (int i = 0; i < count; ++i) {
        const bool mentor = i % 3 == 0;
        const auto id = "p" + std::to_string(i);
        csv += id + ",Person " + std::to_string(i) + "," + id + "@example.org," + (mentor ? "mentor,7" : "mentee,3") +
               ",en:C1," + (mentor ? "python:5;negotiation:4" : "python:2") + "," + (mentor ? "" : "python") +
               ",leadership," + (mentor ? "2" : "") + "\n";
    }
    return csv;
}

// The kickoff meeting held and a check-in for every relationship in `store`, in February.
std::string activity_csv(const fs::path& store, const std::string& program_id) {
    std::string csv = "type,date,relationship_id,meeting_id,minutes,person_id,rating\n";
    int day = 1;
    for (const auto& r : mentorkit::store{store, program_id}.relationships()) {
        const auto date = "2027-02-" + std::string{day < 10 ? "0" : ""} + std::to_string(day);
        csv += "meeting_held," + date + "," + r.id + "," + r.id + "/kickoff,45,,\n";
        csv += "checkin," + date + "," + r.id + ",,," + r.mentee_id + ",4\n";
        day = day % 28 + 1;
    }
    return csv;
}

// One command under test: the store it starts from (none: a new one), its arguments but
// the store, the store its run to the end leaves, and how long that run took.
struct victim {
    std::string name;
    std::string start_from;
    arguments args;
    std::string leaves;
    std::chrono::milliseconds duration{};

    arguments writing(const fs::path& store) const {
        auto all = args;
        all.insert(all.end(), {"--log-level", "warn", "--store", store.string()});
        return all;
    }
};

}  // namespace

TEST_CASE("a command killed at a random moment leaves a sound store that replays to the same state", "[cli][crash]") {
    temp_folder dir;
    // The shipped program with a cohort small enough that a rehearsal takes a second or two.
    std::ifstream shipped{fs::path{MENTORKIT_SOURCE_DIR} / "config/programs/engineering-2027.yaml"};
    std::string program_text{std::istreambuf_iterator<char>{shipped}, {}};
    const auto sources = program_text.find("    - csv:");
    REQUIRE(sources != std::string::npos);
    program_text.replace(sources, program_text.find("matching:") - sources, "    - csv: people.csv\n\n");
    const auto program = dir.write("program.yaml", program_text).string();
    const auto people = dir.write("people.csv", cohort_csv(30)).string();
    const auto victim_store = dir / "victim.db";
    const auto store_of = [&](const std::string& name) { return (dir / name).string(); };

    // Each command once to the end: it makes the store the next one starts from, and its
    // time bounds the moments the kills are drawn from.
    const auto activity = (dir / "activity.csv").string();
    std::vector<victim> victims{
        {"import", store_of("started.db"), {"import", program, people}, store_of("imported.db")},
        {"match",
         store_of("imported.db"),
         {"match", program, "--accept", "--out", dir.path().string()},
         store_of("matched.db")},
        {"ingest", store_of("matched.db"), {"ingest", program, activity}, store_of("ingested.db")},
        {"simulate", "", {"simulate", program, "--seed", "3"}, store_of("rehearsal.db")},
    };
    REQUIRE(run_cli({"run", program, "--store", store_of("started.db")}).exit_code == 0);
    for (auto& v : victims) {
        if (v.name == "ingest") dir.write("activity.csv", activity_csv(v.start_from, "eng-2027"));
        if (!v.start_from.empty()) copy_store(v.start_from, v.leaves);
        const auto started = std::chrono::steady_clock::now();
        const auto r = run_cli(v.writing(v.leaves));
        v.duration = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
        INFO(v.name << ": " << r.output);
        REQUIRE(r.exit_code == 0);
    }
    CHECK(mentorkit::store{store_of("ingested.db"), "eng-2027"}.count("meeting.held") > 0);

    // Round the commands in turn, each killed after a random part of its own run time, for
    // at most 32 kills or 35 seconds.
    std::mt19937 random{std::random_device{}()};
    const auto deadline = std::chrono::steady_clock::now() + 35s;
    int checked = 0;
    for (int kill_number = 0; kill_number < 32 && std::chrono::steady_clock::now() < deadline; ++kill_number) {
        const auto& v = victims[kill_number % victims.size()];
        const auto delay = std::chrono::milliseconds{
            std::uniform_int_distribution<long>{0, static_cast<long>(v.duration.count())}(random)};
        INFO(v.name << " killed after " << delay.count() << " ms of about " << v.duration.count() << " ms");
        if (v.start_from.empty())
            remove_store(victim_store);
        else
            copy_store(v.start_from, victim_store);

        const pid_t child = start_cli(v.writing(victim_store));
        REQUIRE(child > 0);
        std::this_thread::sleep_for(delay);
        kill(child, SIGKILL);
        const int status = wait_for(child);
        CHECK((status == 0 || status == -SIGKILL));

        // A rehearsal killed before it created its store leaves nothing to check.
        if (!fs::exists(victim_store)) continue;
        const auto replayed = run_cli({"replay", program, "--store", victim_store.string()});
        INFO(replayed.output);
        CHECK(replayed.exit_code == 0);
        CHECK(integrity_check(victim_store) == "ok");
        ++checked;
    }
    CHECK(checked >= static_cast<int>(victims.size()));
}
