#pragma once
// The subcommands of `mentorkit` and what they share. Each returns the process exit code:
// 0 success; 1 the program, a plugin, the store or an input is wrong (reasons printed);
// 2 the command line itself is wrong.

#include "import/cohort.hpp"
#include "kernel.hpp"
#include "kernel_config.hpp"
#include "matching/matching.hpp"
#include "program_loader.hpp"
#include "store/store.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mentorkit::cli {

inline constexpr int exit_failure = 1;
inline constexpr int exit_usage = 2;

/// Options every subcommand takes.
struct global_options {
    std::string config_file;
    std::string log_level;
    std::vector<std::string> plugin_paths;
    std::string store_file;
};

/// A program loaded with its kernel config, its store and a kernel with its modules
/// configured (not started).
struct session {
    kernel_config config;
    program_definition program;
    std::unique_ptr<store> journal;
    std::unique_ptr<mentorkit::kernel> kernel;
};

kernel_config read_kernel_config(const global_options& options);
kernel_options make_kernel_options(const global_options& options, const kernel_config& config);
/// The store file of `program`: --store, or <store_dir>/<program id>.db.
std::filesystem::path store_file(const global_options& options, const kernel_config& config,
                                 const program_definition& program);
enum class store_use { program, rehearsal };
/// Opens `program`'s store at `file` to write to it (locked), making its folder if needed:
/// for the program's history (a rehearsal's store is refused), or emptied for a rehearsal
/// (store::begin_rehearsal).
std::unique_ptr<store> open_store(const std::filesystem::path& file, const program_definition& program,
                                  store_use use = store_use::program);
/// Loads the program, opens its store (or takes `journal`, opened already) and prepares a
/// kernel on the simulated clock (from the program's start, or the last journaled event's
/// time if later). Throws program_error when the program or its modules' settings are wrong,
/// store_error when the store is not this program's or is in use.
session open_session(const global_options& options, const std::filesystem::path& program_file, bool simulated = true,
                     std::unique_ptr<store> journal = nullptr);
/// Each problem as "file:line:col: <label>: message", escaped for the terminal.
void print_errors(const std::vector<config_error>& errors, std::string_view label = "error");
/// What the plugin host noticed and the user should know (a plugin replaced by another).
void print_notices(mentorkit::kernel& k);

int validate(const global_options& options, const std::vector<std::string>& files);
int list_plugins(const global_options& options, bool details);

struct run_options {
    std::string program;
    std::string input;
    std::string clock = "simulated";
    std::string until;  //!< "end" or a date: run the program's timers up to then
    bool trace = false;
};
int run(const global_options& options, const run_options& run);
int replay(const global_options& options, const std::string& program);

struct ingest_options {
    std::string program;
    std::vector<std::string> files;
};
int ingest(const global_options& options, const ingest_options& ingest);

struct import_options {
    std::string program;
    std::vector<std::string> files;
};
int import_participants(const global_options& options, const import_options& import);

/// What the import's files (or the program's participants.sources) hold: the people, with
/// their Europass CVs merged in by email, and the problems: `errors` stop the import,
/// `skipped` are files left out under the program's `participants.on_error: skip`.
cohort_read read_people(const import_options& import, const kernel_config& config);
struct enrolment {
    std::size_t enrolled = 0, updated = 0, unchanged = 0;
};
/// Publishes participant.enrolled or .updated for each new or changed person, in one batch.
enrolment enroll(session& s, const std::vector<person>& people);
/// Publishes match.proposed for each proposal (and match.accepted with `accept`), in one batch.
void propose(session& s, const matching_result& result, matching_strategy strategy, bool accept);

struct match_options {
    std::string program;
    std::string strategy;  //!< overrides the program's when set
    std::string out_dir = ".";
    bool accept = false;
    std::size_t show = 20;  //!< rows of the table printed
};
int match_participants(const global_options& options, const match_options& match);

struct simulate_options {
    std::string program;
    std::uint64_t seed = 1;
    std::string journal_out;  //!< write the journal here as JSON Lines
    std::string input;        //!< scripted events (JSON Lines) published at their times
    bool progress = true;
};
int simulate(const global_options& options, const simulate_options& simulate);

struct report_options {
    std::string program;
    std::string format = "html";  //!< html, json or csv
    std::string out;              //!< file (html, json) or folder (csv); default <program id>-report[.ext]
};
int report(const global_options& options, const report_options& report);

}  // namespace mentorkit::cli
