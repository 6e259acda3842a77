// Test-only: renders the HTML report for a figures JSON file, for the browser test.
// Usage: render_report_sample <figures.json> <out.html>

#include "report/html_report.hpp"

#include <nlohmann/json.hpp>

#include <exception>
#include <fstream>
#include <iostream>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: render_report_sample <figures.json> <out.html>\n";
        return 2;
    }
    try {
        std::ifstream in{argv[1]};
        if (!in) {
            std::cerr << "cannot read " << argv[1] << "\n";
            return 1;
        }
        const auto figures = nlohmann::json::parse(in);
        std::ofstream out{argv[2], std::ios::binary};
        out << mentorkit::render_html_report(figures);
        if (!out) {
            std::cerr << "cannot write " << argv[2] << "\n";
            return 1;
        }
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
    return 0;
}
