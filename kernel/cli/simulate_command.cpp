// simulate: a rehearsal of a whole program on the simulated clock.

#include "commands.hpp"
#include "event_input.hpp"
#include "input_checks.hpp"
#include "output/output_file.hpp"
#include "runtime/rehearsal.hpp"

#include <unistd.h>

#include <iomanip>
#include <iostream>
#include <map>
#include <optional>

namespace mentorkit::cli {

namespace fs = std::filesystem;

namespace {

// The cadence as months, for turning a monthly dropout chance into one per meeting.
double in_months(const duration& d) {
    constexpr double average_month_ms = 365.2425 / 12 * 86400000.0;
    return d.months + static_cast<double>(d.exact.count()) / average_month_ms;
}

// What one role module published in a rehearsal, for the summary.
struct module_outputs {
    std::size_t total = 0;
    std::map<std::string, std::size_t> by_topic;
    std::optional<event> example;

    void add(const event& e) {
        ++total;
        ++by_topic[e.topic];
        // The example is read by the program manager: nothing addressed to a pair only
        // (counsel's confidentiality), and a real output rather than a notification.
        if (example || e.topic == "notification.requested" || e.payload.value("audience", "") == "pair") return;
        if (!explanation(e).empty()) example = e;
    }

    static std::string explanation(const event& e) {
        for (const char* field : {"why", "reasoning", "summary", "suggestion", "reason"}) {
            const auto it = e.payload.find(field);
            if (it == e.payload.end()) continue;
            if (it->is_string()) return it->get<std::string>();
            if (it->is_array() && !it->empty() && it->front().is_string()) return it->front().get<std::string>();
        }
        return {};
    }

    void print(const std::string& module, std::ostream& out) const {
        out << "    " << module << ": " << total << (total == 0 ? " (nothing to do in this rehearsal)" : "");
        const char* separator = " — ";
        for (const auto& [topic, n] : by_topic) {
            out << separator << topic << " " << n;
            separator = ", ";
        }
        out << "\n";
        if (!example) return;
        std::string text = explanation(*example);
        if (text.size() > 160) {
            std::size_t cut = 157;
            while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
            text = text.substr(0, cut) + "...";
        }
        out << "      e.g. " << example->topic << " on " << format_date(example->time).substr(0, 10) << ": " << text
            << "\n";
    }
};

void draw_progress(int done, int total, const std::string& date) {
    constexpr int width = 30;
    const int filled = total == 0 ? width : done * width / total;
    std::cerr << "\r[" << std::string(static_cast<std::size_t>(filled), '#')
              << std::string(static_cast<std::size_t>(width - filled), ' ') << "] month " << done << "/" << total
              << "  " << date << std::flush;
}

}  // namespace

int simulate(const global_options& options, const simulate_options& simulate) {
    // Scripted events are checked whole before anything runs.
    std::vector<input_event> input;
    if (!simulate.input.empty()) input = read_event_lines(simulate.input);
    // A script's events past the end are left out (with a notice, below): one script serves
    // programs of several lengths.
    check_scripted_events(input, simulate.input, std::nullopt);
    for (const auto& [e, line] : input)
        if (e.time == time_point{})
            throw config_error({simulate.input, line, 1},
                               "a rehearsal's scripted event needs a \"time\": when in the program it happens");
    const auto config = read_kernel_config(options);
    const auto program = load_program(simulate.program, program_loader_options{config.template_dirs});
    const auto read = read_people(import_options{simulate.program, {}}, config);
    if (!read.errors.empty()) {
        print_errors(read.errors);
        std::cerr << "simulate: the participants cannot be read\n";
        return exit_failure;
    }
    print_errors(read.skipped, "skipped");
    const auto& people = read.people;

    // A rehearsal starts from nothing, in a store of its own: a new one, or the store of an
    // earlier rehearsal, erased. Never any other file: it may be a live program's history.
    const auto file = options.store_file.empty()
                          ? config.store_dir / (program.id + "-rehearsal-" + std::to_string(simulate.seed) + ".db")
                          : fs::path{options.store_file};
    if (fs::exists(fs::symlink_status(file)) && !store::may_hold_rehearsal(file)) {
        std::cerr << "simulate: " << detail::printable(file.string())
                  << " exists and is not a rehearsal's store; a rehearsal writes only to a new file or to the store "
                     "of an earlier rehearsal (choose another --store, or remove the file yourself)\n";
        return exit_failure;
    }
    auto s = open_session(options, simulate.program, true, open_store(file, program, store_use::rehearsal));
    auto& k = *s.kernel;
    const auto runtime = read_runtime_settings(s.program);
    const auto rehearsal_timers = k.timers().scoped("rehearsal");
    rehearsal_model model{k.bus(), *rehearsal_timers, read_behaviour_settings(s.program), simulate.seed,
                          in_months(runtime.cadence), people};

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
    auto next_input = input.begin();
    for (int m = 1; m <= months; ++m) {
        const auto until = std::min(runtime.start + duration{m, {}}, runtime.end);
        // Each scripted event when its time comes, after the timers due by then.
        for (; next_input != input.end() && next_input->ev.time <= until; ++next_input) {
            k.advance_to(std::max(next_input->ev.time, k.clock().now()));
            next_input->ev.source = "input";
            try {
                k.bus().publish(std::move(next_input->ev));
            } catch (const std::exception& refused) {
                k.stop();
                std::cerr << simulate.input << ":" << next_input->line << ":1: error: event refused: "
                          << detail::printable(refused.what()) << "\nsimulate: the rehearsal stopped\n";
                return exit_failure;
            }
        }
        k.advance_to(until);
        if (show_progress) draw_progress(m, months, format_date(until));
    }
    if (show_progress) std::cerr << "\n";
    k.stop();
    if (const auto late = input.end() - next_input; late > 0)
        std::cerr << "simulate: " << simulate.input << ": " << late
                  << " scripted event(s) fall after the program's end and were not published\n";

    // Read once, for the journal file and the summary.
    const auto journal = s.journal->journal();
    if (!simulate.journal_out.empty()) {
        output_file out{simulate.journal_out};
        for (const auto& e : journal) out.stream() << to_json(e).dump() << "\n";
        out.commit();
    }

    // The summary: what the program manager rehearsed for.
    std::map<std::string, int> load;  // mentees per mentor
    for (const auto& p : result.proposals) ++load[p.mentor_id];
    int busiest = 0;
    for (const auto& [mentor, n] : load) busiest = std::max(busiest, n);
    // Modules may still publish after program.closed (a last timer), so it is looked for,
    // not taken as the last event.
    nlohmann::json evaluation;
    std::map<std::string, module_outputs> outputs;
    for (const auto* module : s.program.enabled_modules()) outputs[module->name];
    for (const auto& e : journal) {
        if (e.topic == "program.closed") evaluation = e.payload["evaluation"];
        const auto module = outputs.find(e.source);
        if (module != outputs.end()) module->second.add(e);
    }

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
    if (!outputs.empty()) std::cout << "  what the modules did (events published; e.g. the first explained one):\n";
    for (const auto& [module, out] : outputs) out.print(module, std::cout);
    std::cout << "  journal: " << s.journal->file().string() << " (" << journal.size() << " events)\n";
    if (!failures.empty()) {
        std::cerr << "simulate: " << failures.size() << " plugin(s) failed to start: " << failures.front() << "\n";
        return exit_failure;
    }
    return 0;
}

}  // namespace mentorkit::cli
