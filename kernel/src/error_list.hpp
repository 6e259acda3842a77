#pragma once
// An exception carrying every located problem found in one input, so a user fixes a file
// in one pass. what() lists them one per line, sorted by file, line and column.

#include <mentorkit/config.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

namespace mentorkit {

class error_list : public std::runtime_error {
public:
    explicit error_list(std::vector<config_error> errors)
        : std::runtime_error(sorted_text(errors)), errors_(std::move(errors)) {}
    const std::vector<config_error>& errors() const noexcept { return errors_; }

private:
    // Sorts `errors` too, so that what() and errors() agree whatever order checks ran in.
    static std::string sorted_text(std::vector<config_error>& errors) {
        std::stable_sort(errors.begin(), errors.end(), [](const config_error& a, const config_error& b) {
            return std::tie(a.mark().file, a.mark().line, a.mark().column) <
                   std::tie(b.mark().file, b.mark().line, b.mark().column);
        });
        std::string text;
        for (const auto& e : errors) text += (text.empty() ? "" : "\n") + std::string{e.what()};
        return text;
    }

    std::vector<config_error> errors_;
};

}  // namespace mentorkit
