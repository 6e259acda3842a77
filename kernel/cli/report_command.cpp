// report: the program's health and outcomes from its store, as HTML, JSON or CSV.

#include "commands.hpp"
#include "output/output_file.hpp"
#include "report/html_report.hpp"
#include "report/report_figures.hpp"

#include <iostream>

namespace mentorkit::cli {

namespace fs = std::filesystem;

int report(const global_options& options, const report_options& report) {
    const auto config = read_kernel_config(options);
    const auto program = load_program(report.program, program_loader_options{config.template_dirs});
    const auto file = store_file(options, config, program);
    if (!fs::exists(file)) {
        std::cerr << "report: no store for program '" << program.id << "' at " << file.string()
                  << ": import participants or run the program first\n";
        return exit_failure;
    }
    const store journal{file, program_identity{program.id, program.start, program.end()}, store_access::read_only};
    const auto figures = report_figures(journal, program);

    fs::path out = report.out;
    if (report.format == "csv") {
        // One file per table, in a folder of their own.
        if (out.empty()) out = program.id + "-report";
        for (const auto& table : report_tables(figures)) write_output_file(out / (table.name + ".csv"), to_csv(table));
    } else {
        if (out.empty()) out = program.id + "-report." + report.format;
        write_output_file(out, report.format == "html" ? render_html_report(figures) : figures.dump(2) + "\n");
    }
    std::cout << "report of '" << program.id << "' as of " << figures["report"]["as_of"].get<std::string>() << ": "
              << out.string() << "\n";
    return 0;
}

}  // namespace mentorkit::cli
