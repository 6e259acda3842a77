#include "commands.hpp"
#include "input_checks.hpp"

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

fs::path store_file(const global_options& options, const kernel_config& config, const program_definition& program) {
    return options.store_file.empty() ? config.store_dir / (program.id + ".db") : fs::path{options.store_file};
}

std::unique_ptr<store> open_store(const fs::path& file, const program_definition& program, store_use use) {
    if (file.has_parent_path()) {
        std::error_code ec;
        fs::create_directories(file.parent_path(), ec);
        if (ec)
            throw store_error(file.parent_path().string() + ": cannot create the store folder: " + ec.message() +
                              " (set store_dir in the kernel config, or use --store FILE)");
    }
    // A rehearsal's store may be emptied by the next rehearsal, and was moved to another
    // start date by it: the program's real history never goes there.
    if (use == store_use::rehearsal) {
        auto s = std::make_unique<store>(file, program_identity{program.id});
        s->begin_rehearsal(program.start);
        return s;
    }
    auto s = std::make_unique<store>(file, program_identity{program.id, program.start, program.end()});
    if (s->is_rehearsal())
        throw store_error(file.string() + ": this is a rehearsal's store (mentorkit simulate), which the next "
                                          "rehearsal empties; give the program a store of its own (--store)");
    return s;
}

session open_session(const global_options& options, const fs::path& program_file, bool simulated,
                     std::unique_ptr<store> journal) {
    session s;
    s.config = read_kernel_config(options);
    s.program = load_program(program_file, program_loader_options{s.config.template_dirs});
    s.journal = journal ? std::move(journal) : open_store(store_file(options, s.config, s.program), s.program);

    auto k = make_kernel_options(options, s.config);
    k.journal = s.journal.get();
    if (simulated) {
        // Program time never runs backwards: resume from the latest journaled event.
        time_point start = s.program.start;
        if (const auto last = s.journal->last_event(); last && last->time > start) start = last->time;
        k.simulated_start = start;
    }
    s.kernel = std::make_unique<mentorkit::kernel>(std::move(k));
    print_notices(*s.kernel);
    if (auto errors = s.kernel->load_program(s.program); !errors.empty()) throw program_error(std::move(errors));
    return s;
}

void print_notices(mentorkit::kernel& k) {
    for (const auto& notice : k.plugins().notices()) std::cerr << "notice: " << detail::printable(notice) << "\n";
}

void print_errors(const std::vector<config_error>& errors, std::string_view label) {
    // Messages quote input; input must not drive the terminal (escape sequences).
    for (const auto& e : errors)
        std::cerr << detail::printable(e.mark().to_string()) << ": " << label << ": " << detail::printable(e.message())
                  << "\n";
}

}  // namespace mentorkit::cli
