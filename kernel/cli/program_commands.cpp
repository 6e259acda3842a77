// validate, plugins, run, replay.

#include "commands.hpp"
#include "event_input.hpp"
#include "ingest/activity_checks.hpp"
#include "ingest/activity_input.hpp"
#include "input_checks.hpp"

#include <unistd.h>

#include <iostream>
#include <map>
#include <mutex>

namespace mentorkit::cli {

namespace {
std::string count_of(std::size_t n, const char* singular, const char* plural) {
    return std::to_string(n) + " " + (n == 1 ? singular : plural);
}
}  // namespace

int validate(const global_options& options, const std::vector<std::string>& files) {
    const auto config = read_kernel_config(options);
    int failed = 0;
    for (const auto& file : files) {
        std::vector<config_error> errors;
        std::optional<program_definition> program;
        try {
            program = load_program(file, program_loader_options{config.template_dirs});
            // Configuring the plugins checks the modules' own settings too; nothing starts.
            mentorkit::kernel k{make_kernel_options(options, config)};
            print_notices(k);
            errors = k.load_program(*program);
        } catch (const program_error& e) {
            errors = e.errors();
        }
        if (!errors.empty()) {
            print_errors(errors);
            std::cerr << file << ": " << count_of(errors.size(), "error", "errors") << "\n";
            ++failed;
            continue;
        }
        std::cout << file << ": ok (program '" << program->id << "', "
                  << count_of(program->enabled_modules().size(), "enabled module", "enabled modules") << ")\n";
    }
    return failed == 0 ? 0 : exit_failure;
}

int list_plugins(const global_options& options, bool details) {
    mentorkit::kernel k{make_kernel_options(options, read_kernel_config(options))};
    const auto& libs = k.plugins().libraries();
    auto join = [](const std::vector<std::string>& items) {
        std::string out;
        for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
        return out.empty() ? std::string{"-"} : out;
    };
    if (libs.empty()) {
        std::cout << "no plugins found in:";
        for (const auto& p : k.plugin_paths()) std::cout << " " << p.string();
        std::cout << "\n";
    } else {
        std::size_t id_width = 2, version_width = 7, roles_width = 5;
        for (const auto& lib : libs) {
            id_width = std::max(id_width, lib->id.size());
            version_width = std::max(version_width, lib->version.size());
            roles_width = std::max(roles_width, join(lib->roles).size());
        }
        auto column = [](const std::string& text, std::size_t width) {
            return text + std::string(width + 2 - text.size(), ' ');
        };
        std::cout << column("ID", id_width) << column("VERSION", version_width) << column("ROLES", roles_width)
                  << "SDK  FILE\n";
        for (const auto& lib : libs) {
            std::cout << column(lib->id, id_width) << column(lib->version, version_width)
                      << column(join(lib->roles), roles_width) << lib->sdk_major << "." << lib->sdk_minor << "  "
                      << lib->file.string() << "\n";
            if (!lib->description.empty()) std::cout << "  " << lib->description << "\n";
            if (details) {
                std::cout << "  consumes:   " << join(lib->consumes) << "\n";
                std::cout << "  produces:   " << join(lib->produces) << "\n";
                std::cout << "  depends on: " << join(lib->depends_on) << "\n";
            }
        }
    }
    for (const auto& problem : k.plugins().problems()) std::cerr << "refused: " << problem.what() << "\n";
    print_notices(k);
    return 0;
}

int run(const global_options& options, const run_options& run) {
    // Input is checked whole before anything starts: a bad file publishes nothing.
    std::vector<input_event> input;
    if (!run.input.empty()) input = read_event_lines(run.input);
    check_scripted_events(input, run.input, std::nullopt);
    std::optional<time_point> until;
    if (run.until == "end") until = std::nullopt;
    if (!run.until.empty() && run.until != "end") {
        until = parse_date(run.until);
        if (!until) {
            std::cerr << "run: --until expects 'end' or " << date_syntax << ", found '" << run.until << "'\n";
            return exit_usage;
        }
    }
    if (!run.until.empty() && run.clock != "simulated") {
        std::cerr << "run: --until moves the simulated clock; it cannot be used with --clock wall\n";
        return exit_usage;
    }
    // Declared before the session: the observer below writes here until the kernel is gone.
    std::mutex out_mutex;
    std::map<std::string, std::size_t> counts;
    auto s = open_session(options, run.program, run.clock == "simulated");
    auto& k = *s.kernel;
    // Program time: its latest event or its start (simulated), or the wall clock's.
    const auto now = k.clock().now();
    check_scripted_events(input, run.input, program_window{s.program.start, now, s.program.end()});
    if (until && *until < now) {
        std::cerr << "run: --until " << run.until << " is before the program's time, " << format_date(now)
                  << "; program time never runs backwards\n";
        return exit_usage;
    }
    time_point latest{};  // of the input's events with a time
    for (const auto& [e, line] : input) latest = std::max(latest, e.time);
    if (until && *until < latest) {
        std::cerr << "run: --until " << run.until << " is before the input's last event, " << format_date(latest)
                  << "\n";
        return exit_usage;
    }
    k.bus().add_observer([&](const event& e) {
        std::lock_guard lock{out_mutex};
        ++counts[e.topic];
        if (run.trace) std::cout << to_json(e).dump() << "\n";
    });

    const auto failures = k.start();
    if (s.journal->count("program.started") == 0) k.announce_start(s.program);
    if (!input.empty()) {
        // The input is one unit: every event (and what the plugins make of it) is stored, or none.
        store::batch batch{*s.journal};
        for (auto& [e, line] : input) {
            if (auto* clock = k.simulated(); clock != nullptr && e.time > clock->now()) clock->set(e.time);
            e.source = "input";
            try {
                k.bus().publish(std::move(e));
            } catch (const std::exception& refused) {
                k.stop();
                std::cerr << run.input << ":" << line << ":1: error: event refused: " << detail::printable(refused.what())
                          << "\nrun: nothing from the input was stored\n";
                return exit_failure;
            }
        }
        k.bus().wait_idle();
        batch.commit();
    }
    if (!run.until.empty()) {
        k.advance_to(until.value_or(s.program.end()));
    } else if (k.simulated() == nullptr) {
        // On the wall clock a run catches up: whatever fell due since the last run happens now.
        store::batch batch{*s.journal};
        k.timers().fire_due(k.clock().now());
        k.bus().wait_idle();
        batch.commit();
    }
    k.stop();

    std::size_t total = 0;
    for (const auto& [topic, n] : counts) total += n;
    std::cout << "program '" << s.program.id << "' (" << s.program.name << "), "
              << (k.simulated() != nullptr ? "simulated" : "wall") << " clock at " << format_date(k.clock().now())
              << "\n";
    for (const auto& status : k.plugins().status())
        std::cout << "  plugin " << status.id << ": " << to_string(status.state)
                  << (status.error.empty() ? "" : " (" + status.error + ")") << "\n";
    std::cout << "  " << count_of(total, "event", "events") << ":";
    for (const auto& [topic, n] : counts) std::cout << " " << topic << "=" << n;
    std::cout << "\n  journal: " << s.journal->file().string() << " (" << s.journal->journal_size() << " events)\n";
    if (const auto dead = k.bus().dead_letters(); !dead.empty())
        std::cout << "  " << count_of(dead.size(), "handler failure", "handler failures") << " (dead letters)\n";
    if (!failures.empty()) {
        std::cerr << "run: " << failures.size() << " plugin(s) failed to start: " << failures.front() << "\n";
        return exit_failure;
    }
    std::cout << "stopped cleanly\n";
    return 0;
}

int replay(const global_options& options, const std::string& program) {
    const auto config = read_kernel_config(options);
    const auto definition = load_program(program, program_loader_options{config.template_dirs});
    const auto file = store_file(options, config, definition);
    if (!std::filesystem::exists(file)) {
        std::cerr << "replay: no store for program '" << definition.id << "' at " << file.string() << "\n";
        return exit_failure;
    }
    // A store this user may not write to is checked in memory and left as it is.
    const auto folder = file.has_parent_path() ? file.parent_path() : std::filesystem::path{"."};
    const bool writable = ::access(file.c_str(), W_OK) == 0 && ::access(folder.c_str(), W_OK) == 0;
    store journal{file, program_identity{definition.id, definition.start, definition.end()},
                  writable ? store_access::read_write : store_access::read_only};
    const auto before = journal.snapshot();
    const auto replayed = writable ? journal.replay() : journal.journal_size();
    const auto after = writable ? journal.snapshot() : journal.replayed_snapshot();
    std::cout << "replayed " << count_of(replayed, "event", "events") << " from " << file.string()
              << (writable ? "" : " (read-only: checked, not repaired)") << "\n";
    bool identical = true;
    for (const auto& [table, rows] : after.items()) {
        const bool same = before[table] == rows;
        identical = identical && same;
        std::cout << "  " << table << ": " << rows.size() << (same ? " rows, identical" : " rows, DIFFERENT from before")
                  << "\n";
    }
    std::cout << (identical ? "state rebuilt from the journal is identical\n"
                            : "state rebuilt from the journal differs: the stored state had drifted\n");
    return identical ? 0 : exit_failure;
}

}  // namespace mentorkit::cli

namespace mentorkit::cli {

int ingest(const global_options& options, const ingest_options& ingest) {
    // Every file is checked whole before anything happens: a bad file ingests nothing.
    std::vector<activity_record> activity;
    std::vector<config_error> errors;
    for (const auto& file : ingest.files) {
        try {
            for (auto& record : read_activity(file)) activity.push_back({file, std::move(record)});
        } catch (const ingest_error& e) {
            errors.insert(errors.end(), e.errors().begin(), e.errors().end());
        }
    }
    auto refuse = [](const std::vector<config_error>& problems) {
        print_errors(problems);
        std::cerr << "ingest: nothing ingested (" << count_of(problems.size(), "error)", "errors)") << "\n";
        return exit_failure;
    };
    if (!errors.empty()) return refuse(errors);
    std::stable_sort(activity.begin(), activity.end(),
                     [](const auto& a, const auto& b) { return a.record.ev.time < b.record.ev.time; });

    auto s = open_session(options, ingest.program);
    auto& k = *s.kernel;
    // ...and against the program, before anything starts: a refused ingest leaves the
    // journal as it was, not even a plugin.started more.
    try {
        check_activity(activity, scope_of(s.program, *s.journal));
    } catch (const ingest_error& e) {
        return refuse(e.errors());
    }

    std::vector<std::string> failures;
    {
        // One unit: the activity, and everything the runtime and the plugins make of it.
        store::batch batch{*s.journal};
        failures = k.start();
        for (auto& [file, record] : activity) {
            k.advance_to(record.ev.time);  // what was due before this activity happens first
            record.ev.source = "input";
            try {
                k.bus().publish(std::move(record.ev));
            } catch (const std::exception& refused) {
                k.stop();
                std::cerr << file << ":" << record.line << ":1: error: event refused: " << detail::printable(refused.what())
                          << "\ningest: nothing ingested\n";
                return exit_failure;
            }
        }
        k.bus().wait_idle();
        batch.commit();
    }
    k.stop();
    std::cout << "ingested " << count_of(activity.size(), "record", "records") << " into program '" << s.program.id
              << "'; program time is now " << format_date(k.clock().now()) << "\n";
    if (!failures.empty()) {
        std::cerr << "ingest: " << failures.size() << " plugin(s) failed to start: " << failures.front() << "\n";
        return exit_failure;
    }
    return 0;
}

}  // namespace mentorkit::cli
