// report: the program's health and outcomes from its store, as HTML, JSON or CSV.

#include "commands.hpp"
#include "report/html_report.hpp"
#include "report/report_figures.hpp"

#include <fstream>
#include <iostream>

namespace mentorkit::cli {

namespace fs = std::filesystem;

namespace {

// Written next to its destination and renamed over it: a reader never sees half a report,
// and a failed write leaves the previous one as it was.
void write_whole(const fs::path& file, const std::string& text) {
    if (file.has_parent_path()) fs::create_directories(file.parent_path());
    auto partial = file;
    partial += ".partial";
    {
        std::ofstream out{partial, std::ios::binary};
        out << text;
        out.close();
        if (!out) {
            std::error_code ignored;
            fs::remove(partial, ignored);
            throw std::runtime_error(file.string() + ": cannot write the report");
        }
    }
    fs::rename(partial, file);
}

}  // namespace

int report(const global_options& options, const report_options& report) {
    const auto config = read_kernel_config(options);
    const auto program = load_program(report.program, program_loader_options{config.template_dirs});
    const auto file = options.store_file.empty() ? config.store_dir / (program.id + ".db") : fs::path{options.store_file};
    if (!fs::exists(file)) {
        std::cerr << "report: no store for program '" << program.id << "' at " << file.string()
                  << ": import participants or run the program first\n";
        return exit_failure;
    }
    const store journal{file, program.id};
    const auto figures = report_figures(journal, program);

    fs::path out = report.out;
    if (report.format == "csv") {
        // One file per table, in a folder of their own.
        if (out.empty()) out = program.id + "-report";
        for (const auto& table : report_tables(figures)) write_whole(out / (table.name + ".csv"), to_csv(table));
    } else {
        if (out.empty()) out = program.id + "-report." + report.format;
        write_whole(out, report.format == "html" ? render_html_report(figures) : figures.dump(2) + "\n");
    }
    std::cout << "report of '" << program.id << "' as of " << figures["report"]["as_of"].get<std::string>() << ": "
              << out.string() << "\n";
    return 0;
}

}  // namespace mentorkit::cli
