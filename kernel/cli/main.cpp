// mentorkit: the command line. Parses arguments and hands over to the commands.

#include "commands.hpp"
#include "error_list.hpp"
#include "input_checks.hpp"
#include "yaml_source.hpp"

#include <mentorkit/version.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>

using namespace mentorkit;
using namespace mentorkit::cli;

int main(int argc, char** argv) {
    CLI::App app{"mentorkit: run mentoring and career-development programs from YAML definitions and role plugins",
                 "mentorkit"};
    app.set_version_flag("--version", std::string{"mentorkit " MENTORKIT_VERSION_STRING " (plugin SDK "} +
                                          MENTORKIT_STRINGIFY(MENTORKIT_SDK_API_MAJOR) "." MENTORKIT_STRINGIFY(
                                              MENTORKIT_SDK_API_MINOR) ", " MENTORKIT_CXX_ABI ")");
    app.require_subcommand(1);
    app.failure_message(CLI::FailureMessage::simple);

    global_options global;
    auto add_global = [&global](CLI::App* command) {
        command->add_option("--config", global.config_file, "Kernel config file (default: the installed kernel.yaml)")
            ->check(CLI::ExistingFile);
        command->add_option("--log-level", global.log_level, "trace, debug, info, warn, error, critical or off")
            ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
        command->add_option("--plugin-path", global.plugin_paths, "Extra folder to search for plugins (repeatable)");
        command->add_option("--store", global.store_file,
                            "The program's store file (default: <store_dir>/<program id>.db)")
            ->check(CLI::Validator([](std::string& file) { return file.empty() ? "a store file is needed" : ""; },
                                   "FILE"));
    };
    add_global(&app);

    std::vector<std::string> validate_files;
    auto* validate_command = app.add_subcommand("validate", "Check program definitions; print 'ok' or every error");
    validate_command->add_option("program", validate_files, "Program YAML file(s)")->required();

    auto* plugins_command = app.add_subcommand("plugins", "List the installed plugins and those refused");
    bool plugin_details = false;
    plugins_command->add_flag("--details", plugin_details,
                              "Also show the events each plugin consumes and produces, and what it depends on");

    run_options run_opts;
    auto* run_command = app.add_subcommand("run", "Start the kernel with the program's modules, publish "
                                                  "program.started (and --input events), then stop cleanly");
    run_command->add_option("program", run_opts.program, "Program YAML file")->required();
    run_command->add_option("--input", run_opts.input, "JSON Lines file of events to publish after the start");
    run_command->add_option("--clock", run_opts.clock,
                            "simulated (from the program's start date) or wall (fires what fell due since the last run)")
        ->check(CLI::IsMember({"simulated", "wall"}));
    run_command->add_option("--until", run_opts.until,
                            "Let program time run to this date (YYYY-MM-DD) or to the program's 'end', firing "
                            "meetings, surveys and phases on the way (simulated clock)");
    run_command->add_flag("--trace", run_opts.trace, "Print every event as a JSON line");

    import_options import_opts;
    auto* import_command =
        app.add_subcommand("import", "Enroll participants from CSV or YAML files (all or nothing; re-importing updates)");
    import_command->add_option("program", import_opts.program, "Program YAML file")->required();
    import_command->add_option("files", import_opts.files,
                               "Participant files (.csv, .yaml); default: the program's participants.sources");

    match_options match_opts;
    auto* match_command = app.add_subcommand("match", "Match enrolled mentors and mentees, explain every pair, write "
                                                      "CSV and JSON, publish match.proposed");
    match_command->add_option("program", match_opts.program, "Program YAML file")->required();
    match_command->add_option("--strategy", match_opts.strategy, "optimal, stable or suggest (default: the program's)")
        ->check(CLI::IsMember({"optimal", "stable", "suggest"}));
    match_command->add_option("--out", match_opts.out_dir, "Folder for <program>-matches.csv and .json")
        ->capture_default_str();
    match_command->add_flag("--accept", match_opts.accept, "Accept every proposal: the relationships start");
    match_command->add_option("--show", match_opts.show, "Rows of the table to print")->capture_default_str();

    ingest_options ingest_opts;
    auto* ingest_command = app.add_subcommand(
        "ingest", "Bring in activity exported by other tools (meetings held, check-ins, goals, opportunities, "
                  "signals) from .csv or .jsonl; all or nothing");
    ingest_command->add_option("program", ingest_opts.program, "Program YAML file")->required();
    ingest_command->add_option("files", ingest_opts.files, "Activity files (.csv, .jsonl)")->required();

    simulate_options simulate_opts;
    auto* simulate_command = app.add_subcommand(
        "simulate", "Rehearse the whole program on the simulated clock with a participant behaviour model "
                    "(the program's rehearsal: section); the same seed gives the same journal");
    simulate_command->add_option("program", simulate_opts.program, "Program YAML file")->required();
    simulate_command->add_option("--seed", simulate_opts.seed, "Seed of the behaviour model")->capture_default_str();
    simulate_command->add_option("--journal", simulate_opts.journal_out, "Also write the journal as JSON Lines here");
    simulate_command->add_option("--input", simulate_opts.input,
                                 "Scripted events (JSON Lines, each with a time) published when the rehearsal reaches "
                                 "their time, e.g. opportunities posted and organisational signals");
    simulate_command->add_flag("!--no-progress", simulate_opts.progress, "No progress bar");

    report_options report_opts;
    auto* report_command = app.add_subcommand(
        "report", "Write the program's health and outcomes from its store, at any time during or after it: HTML "
                  "with charts (one self-contained file), JSON with the same figures, or CSV tables");
    report_command->add_option("program", report_opts.program, "Program YAML file")->required();
    report_command->add_option("--format", report_opts.format, "html, json or csv")
        ->check(CLI::IsMember({"html", "json", "csv"}))
        ->capture_default_str();
    report_command->add_option("--out", report_opts.out,
                               "File to write (a folder for csv); default <program id>-report.<format> here");

    std::string replay_program;
    auto* replay_command =
        app.add_subcommand("replay", "Rebuild the program's state from its journal and check it is identical");
    replay_command->add_option("program", replay_program, "Program YAML file")->required();

    for (auto* command : app.get_subcommands({})) add_global(command);

    // CLI11 would call an unknown command a missing one; name it, with a suggestion.
    if (argc > 1 && argv[1][0] != '-') {
        std::vector<std::string> commands;
        for (const auto* command : app.get_subcommands({})) commands.push_back(command->get_name());
        if (std::find(commands.begin(), commands.end(), argv[1]) == commands.end()) {
            std::cerr << "mentorkit: unknown command '" << argv[1] << "'";
            if (auto hint = closest_match(argv[1], commands); !hint.empty()) std::cerr << "; did you mean '" << hint << "'?";
            std::cerr << " (commands:";
            for (const auto& command : commands) std::cerr << " " << command;
            std::cerr << "; see --help)\n";
            return exit_usage;
        }
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : exit_usage;
    }

    try {
        if (*validate_command) return validate(global, validate_files);
        if (*plugins_command) return list_plugins(global, plugin_details);
        if (*run_command) return run(global, run_opts);
        if (*import_command) return import_participants(global, import_opts);
        if (*match_command) return match_participants(global, match_opts);
        if (*replay_command) return replay(global, replay_program);
        if (*ingest_command) return ingest(global, ingest_opts);
        if (*simulate_command) return simulate(global, simulate_opts);
        if (*report_command) return report(global, report_opts);
    } catch (const program_error& e) {
        print_errors(e.errors());
        return exit_failure;
    } catch (const detail::yaml_error& e) {
        print_errors(e.errors());
        return exit_failure;
    } catch (const config_error& e) {
        print_errors({e});
        return exit_failure;
    } catch (const error_list& e) {
        print_errors(e.errors());
        return exit_failure;
    } catch (const nlohmann::json::exception&) {
        // Every reader turns bad JSON into a located error first: this is a bug, and the
        // library's own words ("[json.exception.type_error.316] …") would not help the user.
        std::cerr << "mentorkit: internal error: data mentorkit could not handle (JSON); nothing more was stored. "
                     "Please report this with the command that caused it\n";
        return exit_failure;
    } catch (const std::exception& e) {
        std::cerr << "mentorkit: " << detail::printable(e.what()) << "\n";
        return exit_failure;
    }
    return exit_usage;
}
