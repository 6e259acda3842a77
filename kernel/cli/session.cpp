#include "commands.hpp"

#include <cstdlib>
#include <iostream>

namespace mentorkit::cli {

namespace fs = std::filesystem;

namespace {

// The folder above bin/: the install prefix, or the build tree (laid out the same way).
fs::path install_prefix() {
    std::error_code ec;
    const auto exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::current_path() : exe.parent_path().parent_path();
}

std::vector<fs::path> split_path_list(const char* text) {
    std::vector<fs::path> out;
    std::string_view rest = text == nullptr ? "" : text;
    while (!rest.empty()) {
        const auto colon = rest.find(':');
        if (const auto part = rest.substr(0, colon); !part.empty()) out.emplace_back(part);
        if (colon == std::string_view::npos) break;
        rest.remove_prefix(colon + 1);
    }
    return out;
}

}  // namespace

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
    kernel_config config;
    if (!file.empty()) config = load_kernel_config(file, prefix);
    if (file.empty() || config.plugin_paths.empty()) config.plugin_paths = {prefix / "lib/mentorkit/plugins"};
    if (file.empty()) {
        config.template_dirs = {prefix / "share/mentorkit/config/templates"};
        config.catalog_dirs = {prefix / "share/mentorkit/config/catalogs"};
    }
    if (config.store_dir.empty()) config.store_dir = prefix / "var/lib/mentorkit";
    return config;
}

kernel_options make_kernel_options(const global_options& options, const kernel_config& config) {
    kernel_options k;
    k.config = config;
    for (const auto& p : options.plugin_paths) k.extra_plugin_paths.emplace_back(p);
    for (auto& p : split_path_list(std::getenv("MENTORKIT_PLUGIN_PATH"))) k.extra_plugin_paths.push_back(std::move(p));
    k.log_level = options.log_level;
    return k;
}

session open_session(const global_options& options, const fs::path& program_file, bool simulated) {
    session s;
    s.config = read_kernel_config(options);
    s.program = load_program(program_file, program_loader_options{s.config.template_dirs});

    fs::path store_file = options.store_file;
    if (store_file.empty()) {
        std::error_code ec;
        fs::create_directories(s.config.store_dir, ec);
        if (ec)
            throw store_error(s.config.store_dir.string() + ": cannot create the store folder: " + ec.message() +
                              " (set store_dir in the kernel config, or use --store FILE)");
        store_file = s.config.store_dir / (s.program.id + ".db");
    }
    s.journal = std::make_unique<store>(store_file, s.program.id);

    auto k = make_kernel_options(options, s.config);
    k.journal = s.journal.get();
    if (simulated) {
        // Program time never runs backwards: resume from the latest journaled event.
        time_point start = s.program.start;
        if (const auto last = s.journal->last_event(); last && last->time > start) start = last->time;
        k.simulated_start = start;
    }
    s.kernel = std::make_unique<mentorkit::kernel>(std::move(k));
    if (auto errors = s.kernel->load_program(s.program); !errors.empty()) throw program_error(std::move(errors));
    return s;
}

void print_errors(const std::vector<config_error>& errors) {
    for (const auto& e : errors) std::cerr << e.mark().to_string() << ": error: " << e.message() << "\n";
}

}  // namespace mentorkit::cli
