#include "catalog_library.hpp"

#include "yaml_source.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace mentorkit {

namespace fs = std::filesystem;

namespace {
bool is_valid_name(std::string_view name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}
}  // namespace

catalog_library::catalog_library(std::vector<fs::path> folders) : folders_(std::move(folders)) {}

void catalog_library::add_folder(fs::path folder) {
    std::lock_guard lock{mutex_};
    folders_.push_back(std::move(folder));
}

void catalog_library::add(std::string name, config_node node) {
    std::lock_guard lock{mutex_};
    // Replacing it would pull the node from under whoever holds it.
    if (loaded_.contains(name)) throw std::logic_error("catalog '" + name + "' is already loaded");
    loaded_.emplace(std::move(name), std::make_unique<const config_node>(std::move(node)));
}

const config_node& catalog_library::get(std::string_view name) {
    std::lock_guard lock{mutex_};
    if (const auto it = loaded_.find(name); it != loaded_.end()) return *it->second;
    // A name, not a path: a module's settings must not reach files outside the catalogs.
    if (!is_valid_name(name))
        throw std::runtime_error("invalid catalog name '" + std::string{name} +
                                 "': expected lower-case letters, digits, '-' or '_'");
    for (const auto& folder : folders_) {
        const auto file = folder / (std::string{name} + ".yaml");
        std::error_code ec;
        if (!fs::is_regular_file(file, ec)) continue;
        auto node = std::make_unique<const config_node>(
            detail::load_yaml_file(file, detail::max_catalog_file_bytes, "a catalog"));
        return *loaded_.emplace(std::string{name}, std::move(node)).first->second;
    }
    std::string message = "no catalog '" + std::string{name} + "'";
    if (folders_.empty())
        throw std::runtime_error(message + ": no catalog folders are configured (catalog_dirs in the kernel config)");
    std::set<std::string> available;
    message += " in";
    for (const auto& folder : folders_) {
        message += " " + folder.string();
        std::error_code ec;
        for (fs::directory_iterator it{folder, ec}, end; !ec && it != end; it.increment(ec))
            if (it->path().extension() == ".yaml") available.insert(it->path().stem().string());
    }
    for (const auto& [loaded, node] : loaded_) available.insert(loaded);
    if (!available.empty()) {
        message += "; available:";
        for (const auto& a : available) message += " " + a;
    }
    throw std::runtime_error(message);
}

}  // namespace mentorkit
