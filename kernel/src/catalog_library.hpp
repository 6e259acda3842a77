#pragma once
// The catalogs of reference data (learning resources, opportunities, conversation guides,
// organisational objectives): YAML files a program manager edits in config/catalogs/,
// found by name in the kernel's catalog folders, parsed once and shared by every plugin.

#include <mentorkit/config.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace mentorkit {

class catalog_library {
public:
    explicit catalog_library(std::vector<std::filesystem::path> folders = {});

    /// `<folder>/<name>.yaml` from the first folder that has it, parsed on first use.
    /// Throws std::runtime_error naming the folders searched and the catalogs they hold when
    /// there is none, config_error (file:line:col) when the file is not valid YAML.
    const config_node& get(std::string_view name);
    /// Serves `node` as catalog `name` ahead of the folders (the plugin test harness).
    /// Throws std::logic_error when `name` is already loaded.
    void add(std::string name, config_node node);
    void add_folder(std::filesystem::path folder);

private:
    std::mutex mutex_;
    std::vector<std::filesystem::path> folders_;
    std::map<std::string, std::unique_ptr<const config_node>, std::less<>> loaded_;  // stable addresses
};

}  // namespace mentorkit
