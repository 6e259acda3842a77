// simulate: a rehearsal of a whole program on the simulated clock.

#include "commands.hpp"
#include "runtime/rehearsal.hpp"

#include <unistd.h>

#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>

namespace mentorkit::cli {

namespace fs = std::filesystem;

namespace {

// The cadence as months, for turning a monthly dropout chance into one per meeting.
double in_months(const duration& d) {
    constexpr double average_month_ms = 365.2425 / 12 * 86400000.0;
    return d.months + static_cast<double>(d.exact.count()) / average_month_ms;
}

void draw_progress(int done, int total, const std::string& date) {
    constexpr int width = 30;
    const int filled = total == 0 ? width : done * width / total;
    std::cerr << "\r[" << std::string(static_cast<std::size_t>(filled), '#')
              << std::string(static_cast<std::size_t>(width - filled), ' ') << "] month " << done << "/" << total
              << "  " << date << std::flush;
}

}  // namespace

int simulate(const global_options& options, const simulate_options& simulate) {
    const auto config = read_kernel_config(options);
    const auto program = load_program(simulate.program, program_loader_options{config.template_dirs});
    std::vector<config_error> errors;
    const auto people = read_people(import_options{simulate.program, {}}, config, errors);
    if (!errors.empty()) {
        print_errors(errors);
        std::cerr << "simulate: the participants cannot be read\n";
        return exit_failure;
    }

    // A rehearsal starts from nothing: its own store, made anew.
    auto rehearsal_options = options;
    if (rehearsal_options.store_file.empty()) {
        fs::create_directories(config.store_dir);
        rehearsal_options.store_file =
            (config.store_dir / (program.id + "-rehearsal-" + std::to_string(simulate.seed) + ".db")).string();
    }
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(rehearsal_options.store_file + suffix);

    auto s = open_session(rehearsal_options, simulate.program);
    auto& k = *s.kernel;
    const auto runtime = read_runtime_settings(s.program);
    rehearsal_model model{k.bus(), read_behaviour_settings(s.program), simulate.seed, in_months(runtime.cadence)};

    const auto failures = k.start();
    k.announce_start(s.program);
    enroll(s, people);
    const auto settings = read_matching_settings(s.program.root.find("matching"));
    const auto result = match(people, settings, people);
    propose(s, result, settings.strategy, settings.strategy != matching_strategy::suggest);

    // Month by month (each a transaction, see kernel::advance_to), for the progress bar.
    const bool show_progress = simulate.progress && isatty(STDERR_FILENO) != 0;
    int months = 0;
    while (runtime.start + duration{months, {}} < runtime.end) ++months;
    for (int m = 1; m <= months; ++m) {
        const auto until = std::min(runtime.start + duration{m, {}}, runtime.end);
        k.advance_to(until);
        if (show_progress) draw_progress(m, months, format_date(until));
    }
    if (show_progress) std::cerr << "\n";
    k.stop();

    if (!simulate.journal_out.empty()) {
        std::ofstream out{simulate.journal_out};
        for (const auto& e : s.journal->journal()) out << to_json(e).dump() << "\n";
        if (!out) throw std::runtime_error(simulate.journal_out + ": cannot write the journal");
    }

    // The summary: what the program manager rehearsed for.
    std::map<std::string, int> load;  // mentees per mentor
    for (const auto& p : result.proposals) ++load[p.mentor_id];
    int busiest = 0;
    for (const auto& [mentor, n] : load) busiest = std::max(busiest, n);
    nlohmann::json evaluation;
    if (const auto last = s.journal->last_event(); last && last->topic == "program.closed")
        evaluation = last->payload["evaluation"];
    std::map<std::string, std::size_t> outputs;
    const auto state = s.journal->snapshot();
    for (const auto& row : state["module_outputs"]) ++outputs[row[1].get<std::string>()];

    std::cout << "rehearsal of '" << s.program.id << "' with seed " << simulate.seed << ": " << people.size()
              << " people, " << result.proposals.size() << " pairs, " << result.unmatched.size() << " unmatched\n";
    std::cout << "  mentors: " << load.size() << " with mentees, at most " << busiest << " each\n";
    if (!evaluation.is_null()) {
        std::cout << std::fixed << std::setprecision(1);
        std::cout << "  completed " << evaluation["completed"] << ", closed early " << evaluation["closed_early"]
                  << ", at risk raised " << evaluation["at_risk_raised"] << "\n";
        std::cout << "  meetings held " << evaluation["meetings_held"] << ", missed " << evaluation["meetings_missed"]
                  << " (adherence " << evaluation["meeting_adherence"].get<double>() * 100 << "%)\n";
        std::cout << "  goals achieved " << evaluation["goals_achieved"] << " of " << evaluation["goals_set"]
                  << ", average check-in rating " << evaluation["average_rating"] << "\n";
    }
    for (const auto& [plugin, n] : outputs) std::cout << "  module " << plugin << ": " << n << " outputs\n";
    std::cout << "  journal: " << s.journal->file().string() << " (" << s.journal->journal_size() << " events)\n";
    if (!failures.empty()) {
        std::cerr << "simulate: " << failures.size() << " plugin(s) failed to start: " << failures.front() << "\n";
        return exit_failure;
    }
    return 0;
}

}  // namespace mentorkit::cli
