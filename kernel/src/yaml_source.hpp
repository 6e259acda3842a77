#pragma once
// Reading YAML into config_node trees that remember file, line and column of every value.

#include "input_checks.hpp"

#include <mentorkit/config.hpp>

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace mentorkit::detail {

/// Every problem found in one YAML text (all of its duplicate keys, for instance): a
/// config_error at the first one whose what() lists them all, one "file:line:col: …" a line.
class yaml_error : public config_error {
public:
    explicit yaml_error(std::vector<config_error> errors);
    const std::vector<config_error>& errors() const noexcept { return errors_; }

private:
    std::vector<config_error> errors_;
};

/// Parses YAML text; `file_name` is used in marks and messages. Throws config_error
/// (file:line:col) on text that is not UTF-8, on a syntax error, and on values nested more
/// than max_nesting_depth deep; yaml_error with every duplicate key. The values the text
/// holds once its aliases are replaced may add up to at most `max_expanded_bytes`.
config_node parse_yaml(std::string_view text, const std::string& file_name,
                       std::size_t max_expanded_bytes = max_program_file_bytes);

/// Reads (read_text_file: at most `max_bytes`, UTF-8) and parses a YAML file, which may
/// expand to no more than `max_bytes` either. `what` names the kind of file in messages
/// ("a program definition"). Throws config_error naming the file when it cannot be read.
config_node load_yaml_file(const std::filesystem::path& file, std::size_t max_bytes = max_program_file_bytes,
                           std::string_view what = "a YAML file");

}  // namespace mentorkit::detail
