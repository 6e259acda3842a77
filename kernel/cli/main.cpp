// mentorkit: the command line of the kernel.
//
// Exit codes: 0 success; 1 the program, its plugins or its input are wrong (the reasons
// are printed); 2 the command line itself is wrong.

#include "event_input.hpp"
#include "kernel.hpp"
#include "kernel_config.hpp"
#include "program_loader.hpp"

#include <mentorkit/version.hpp>

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>
#include <map>
#include <mutex>

namespace fs = std::filesystem;
using namespace mentorkit;

namespace {

constexpr int exit_failure = 1;
constexpr int exit_usage = 2;

// The folder above bin/: the install prefix, or the build tree (laid out the same way).
fs::path install_prefix() {
    std::error_code ec;
    const auto exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::current_path() : exe.parent_path().parent_path();
}

struct global_options {
    std::string config_file;
    std::string log_level;
    std::vector<std::string> plugin_paths;
};

kernel_config read_kernel_config(const global_options& options) {
    const auto prefix = install_prefix();
    fs::path file = options.config_file;
    if (file.empty()) {
        if (const char* env = std::getenv("MENTORKIT_CONFIG"); env != nullptr && *env != '\0') file = env;
    }
    if (file.empty()) {
        const auto shipped = prefix / "share/mentorkit/config/kernel.yaml";
        if (fs::exists(shipped)) file = shipped;
    }
    if (!file.empty()) return load_kernel_config(file, prefix);
    kernel_config defaults;
    defaults.plugin_paths = {prefix / "lib/mentorkit/plugins"};
    defaults.template_dirs = {prefix / "share/mentorkit/config/templates"};
    return defaults;
}

kernel_options make_kernel_options(const global_options& options, std::optional<time_point> simulated_start = {}) {
    kernel_options k;
    k.config = read_kernel_config(options);
    for (const auto& p : options.plugin_paths) k.extra_plugin_paths.emplace_back(p);
    if (const char* env = std::getenv("MENTORKIT_PLUGIN_PATH"); env != nullptr) {
        std::string_view rest = env;
        while (!rest.empty()) {
            const auto colon = rest.find(':');
            if (const auto part = rest.substr(0, colon); !part.empty()) k.extra_plugin_paths.emplace_back(part);
            if (colon == std::string_view::npos) break;
            rest.remove_prefix(colon + 1);
        }
    }
    k.log_level = options.log_level;
    k.simulated_start = simulated_start;
    return k;
}

void print_errors(const std::vector<config_error>& errors) {
    for (const auto& e : errors) std::cerr << e.mark().to_string() << ": error: " << e.message() << "\n";
}

int validate(const global_options& options, const std::vector<std::string>& files) {
    auto config = read_kernel_config(options);
    int failed = 0;
    for (const auto& file : files) {
        try {
            const auto program = load_program(file, program_loader_options{config.template_dirs});
            // Configuring the plugins checks the modules' own settings too; nothing starts.
            kernel k{make_kernel_options(options)};
            const auto errors = k.load_program(program);
            if (!errors.empty()) {
                print_errors(errors);
                std::cerr << file << ": " << errors.size() << (errors.size() == 1 ? " error\n" : " errors\n");
                ++failed;
                continue;
            }
            std::cout << file << ": ok (program '" << program.id << "', " << program.enabled_modules().size()
                      << " enabled module" << (program.enabled_modules().size() == 1 ? "" : "s") << ")\n";
        } catch (const program_error& e) {
            print_errors(e.errors());
            std::cerr << file << ": " << e.errors().size() << (e.errors().size() == 1 ? " error\n" : " errors\n");
            ++failed;
        }
    }
    return failed == 0 ? EXIT_SUCCESS : exit_failure;
}

int list_plugins(const global_options& options) {
    kernel k{make_kernel_options(options)};
    const auto& libs = k.plugins().libraries();
    if (libs.empty()) {
        std::cout << "no plugins found in:";
        for (const auto& p : k.plugin_paths()) std::cout << " " << p.string();
        std::cout << "\n";
    } else {
        std::size_t id_width = 2, version_width = 7, roles_width = 5;
        auto join = [](const std::vector<std::string>& items) {
            std::string out;
            for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
            return out.empty() ? std::string{"-"} : out;
        };
        for (const auto& lib : libs) {
            id_width = std::max(id_width, lib->id.size());
            version_width = std::max(version_width, lib->version.size());
            roles_width = std::max(roles_width, join(lib->roles).size());
        }
        auto column = [](const std::string& text, std::size_t width) { return text + std::string(width + 2 - text.size(), ' '); };
        std::cout << column("ID", id_width) << column("VERSION", version_width) << column("ROLES", roles_width)
                  << "SDK  FILE\n";
        for (const auto& lib : libs) {
            std::cout << column(lib->id, id_width) << column(lib->version, version_width)
                      << column(join(lib->roles), roles_width) << lib->sdk_major << "." << lib->sdk_minor << "  "
                      << lib->file.string() << "\n";
            if (!lib->description.empty()) std::cout << "  " << lib->description << "\n";
        }
    }
    for (const auto& problem : k.plugins().problems()) std::cerr << "refused: " << problem.what() << "\n";
    return EXIT_SUCCESS;
}

struct run_options {
    std::string program;
    std::string input;
    std::string clock = "simulated";
    bool trace = false;
};

int run(const global_options& options, const run_options& run) {
    const auto config = read_kernel_config(options);
    const auto program = load_program(run.program, program_loader_options{config.template_dirs});
    // Input is checked whole before anything starts: a bad file publishes nothing.
    std::vector<event> input;
    if (!run.input.empty()) input = read_event_lines(run.input);

    std::optional<time_point> simulated_start;
    if (run.clock == "simulated") simulated_start = program.start;
    kernel k{make_kernel_options(options, simulated_start)};

    std::mutex out_mutex;
    std::map<std::string, std::size_t> counts;
    k.bus().add_observer([&](const event& e) {
        std::lock_guard lock{out_mutex};
        ++counts[e.topic];
        if (run.trace) std::cout << to_json(e).dump() << "\n";
    });

    if (const auto errors = k.load_program(program); !errors.empty()) {
        print_errors(errors);
        std::cerr << "run: the program cannot start (" << errors.size() << (errors.size() == 1 ? " error)\n" : " errors)\n");
        return exit_failure;
    }
    const auto failures = k.start(program);
    for (auto& e : input) {
        if (auto* clock = k.simulated(); clock != nullptr && e.time > clock->now()) clock->set(e.time);
        e.source = "input";
        k.bus().publish(std::move(e));
    }
    k.stop();

    std::size_t total = 0;
    for (const auto& [topic, n] : counts) total += n;
    std::cout << "program '" << program.id << "' (" << program.name << "), " << (simulated_start ? "simulated" : "wall")
              << " clock from " << format_date(k.clock().now()) << "\n";
    for (const auto& s : k.plugins().status())
        std::cout << "  plugin " << s.id << ": " << to_string(s.state) << (s.error.empty() ? "" : " (" + s.error + ")")
                  << "\n";
    std::cout << "  " << total << " events:";
    for (const auto& [topic, n] : counts) std::cout << " " << topic << "=" << n;
    std::cout << "\n";
    const auto dead = k.bus().dead_letters();
    if (!dead.empty()) std::cout << "  " << dead.size() << " handler failures (dead letters)\n";
    if (!failures.empty()) {
        std::cerr << "run: " << failures.size() << " plugin(s) failed to start: " << failures.front() << "\n";
        return exit_failure;
    }
    std::cout << "stopped cleanly\n";
    return EXIT_SUCCESS;
}

}  // namespace

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
    };
    add_global(&app);

    std::vector<std::string> validate_files;
    auto* validate_command = app.add_subcommand("validate", "Check program definitions; print 'ok' or every error");
    validate_command->add_option("program", validate_files, "Program YAML file(s)")->required();
    add_global(validate_command);

    auto* plugins_command = app.add_subcommand("plugins", "List the installed plugins and those refused");
    add_global(plugins_command);

    run_options run_opts;
    auto* run_command = app.add_subcommand("run", "Start the kernel with the program's modules, publish "
                                                  "program.started (and --input events), then stop cleanly");
    run_command->add_option("program", run_opts.program, "Program YAML file")->required();
    run_command->add_option("--input", run_opts.input, "JSON Lines file of events to publish after the start");
    run_command->add_option("--clock", run_opts.clock, "simulated (from the program's start date) or wall")
        ->check(CLI::IsMember({"simulated", "wall"}));
    run_command->add_flag("--trace", run_opts.trace, "Print every event as a JSON line");
    add_global(run_command);

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
        if (*plugins_command) return list_plugins(global);
        if (*run_command) return run(global, run_opts);
    } catch (const program_error& e) {
        print_errors(e.errors());
        return exit_failure;
    } catch (const config_error& e) {
        std::cerr << e.mark().to_string() << ": error: " << e.message() << "\n";
        return exit_failure;
    } catch (const std::exception& e) {
        std::cerr << "mentorkit: " << e.what() << "\n";
        return exit_failure;
    }
    return exit_usage;
}
