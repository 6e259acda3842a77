#pragma once
// Reading YAML into config_node trees that remember file, line and column of every value.

#include <mentorkit/config.hpp>

#include <filesystem>
#include <string>
#include <string_view>

namespace mentorkit::detail {

/// Parses YAML text; `file_name` is used in marks and messages. Throws config_error
/// (file:line:col) on a syntax error, or on a duplicate key in a mapping.
config_node parse_yaml(std::string_view text, const std::string& file_name);

/// Reads and parses a YAML file. Throws config_error naming the file when it cannot be read.
config_node load_yaml_file(const std::filesystem::path& file);

}  // namespace mentorkit::detail
