// The kernel config is small and read once at start-up by an administrator, so unlike a
// program definition it stops at the first problem (load_kernel_config throws one
// config_error). Paths are made absolute here, once, so that nothing later depends on
// the working directory the CLI happened to be started from.

#include "kernel_config.hpp"

#include "input_checks.hpp"
#include "yaml_source.hpp"

#include <mentorkit/config.hpp>

#include <algorithm>
#include <charconv>
#include <limits>
#include <string_view>
#include <system_error>

namespace mentorkit {
namespace {

namespace fs = std::filesystem;

// Control characters escaped: the text goes to a terminal.
std::string found(const config_node& node) {
    if (node.is_null()) return "nothing";
    if (node.is_sequence()) return "a list";
    if (node.is_map()) return "a mapping";
    return "'" + detail::printable(node.text()) + "'";
}

[[noreturn]] void expected(const config_node& node, const std::string& what) {
    node.fail("expected " + what + " for '" + node.path() + "', found " + found(node));
}

long long whole_number(const config_node& node, long long min, long long max) {
    const std::string what = max == std::numeric_limits<long long>::max()
                                 ? "a whole number of at least " + std::to_string(min)
                                 : "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
    if (!node.is_scalar()) expected(node, what);
    const auto& t = node.text();
    long long value = 0;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
    if (t.empty() || ec != std::errc{} || end != t.data() + t.size() || value < min || value > max)
        expected(node, what);
    return value;
}

std::string one_of(const std::vector<std::string>& allowed, const config_node& node) {
    if (node.is_scalar() && std::find(allowed.begin(), allowed.end(), node.text()) != allowed.end()) return node.text();
    std::string what;
    for (std::size_t i = 0; i < allowed.size(); ++i)
        what += (i == 0 ? "" : i + 1 == allowed.size() ? " or " : ", ") + allowed[i];
    std::string message = "expected " + what + " for '" + node.path() + "', found " + found(node);
    if (node.is_scalar())
        if (auto hint = closest_match(node.text(), allowed); !hint.empty()) message += "; did you mean '" + hint + "'?";
    node.fail(message);
}

class path_resolver {
public:
    path_resolver(const fs::path& file, const fs::path& install_prefix)
        : folder_(fs::absolute(file).parent_path()),
          prefix_(install_prefix.empty() ? fs::path{} : fs::absolute(install_prefix).lexically_normal()) {}

    fs::path resolve(const config_node& node) const {
        if (!node.is_scalar() || node.text().empty()) expected(node, "a folder path");
        fs::path p{substitute(node)};
        if (p.is_relative()) p = folder_ / p;
        p = p.lexically_normal();
        // "templates/" and "templates" are the same folder; keep one spelling.
        if (!p.has_filename() && p.has_parent_path() && p != p.root_path()) p = p.parent_path();
        return p;
    }

    std::vector<fs::path> resolve_all(const config_node& node) const {
        std::vector<fs::path> out;
        if (node.is_null()) return out;
        if (node.is_scalar()) return {resolve(node)};  // a single folder need not be written as a list
        if (!node.is_sequence()) expected(node, "a list of folder paths");
        for (const auto& item : node.items()) out.push_back(resolve(item));
        return out;
    }

private:
    std::string substitute(const config_node& node) const {
        const auto& text = node.text();
        std::string out;
        std::size_t i = 0;
        while (i < text.size()) {
            const auto open = text.find("${", i);
            if (open == std::string::npos) break;
            const auto close = text.find('}', open);
            if (close == std::string::npos) node.fail("'${' without a closing '}' in " + found(node));
            const auto name = std::string_view{text}.substr(open + 2, close - open - 2);
            if (name != "prefix")
                node.fail("unknown variable '${" + detail::printable(name) +
                          "}'; the only one is ${prefix} (the installation folder, above bin/)");
            if (prefix_.empty()) node.fail("'${prefix}' is used, but the installation folder is not known");
            out.append(text, i, open - i);
            out += prefix_.string();
            i = close + 1;
        }
        out.append(text, i);
        return out;
    }

    fs::path folder_;
    fs::path prefix_;
};

}  // namespace

kernel_config load_kernel_config(const std::filesystem::path& file, const std::filesystem::path& install_prefix) {
    kernel_config config;
    config.file = file;
    const config_node root = detail::load_yaml_file(file, detail::max_program_file_bytes, "a kernel config");
    if (root.is_null()) return config;  // an empty file keeps every default
    if (!root.is_map())
        root.fail("expected a mapping of 'key: value' lines for the kernel config, found " + found(root));
    root.expect_keys({"plugin_paths", "template_dirs", "catalog_dirs", "store_dir", "log_level", "bus"});

    const path_resolver paths{file, install_prefix};
    if (const auto* node = root.find("plugin_paths")) config.plugin_paths = paths.resolve_all(*node);
    if (const auto* node = root.find("template_dirs")) config.template_dirs = paths.resolve_all(*node);
    if (const auto* node = root.find("catalog_dirs")) config.catalog_dirs = paths.resolve_all(*node);
    if (const auto* node = root.find("store_dir"); node != nullptr && !node->is_null())
        config.store_dir = paths.resolve(*node);
    if (const auto* node = root.find("log_level"); node != nullptr && !node->is_null())
        config.log_level = one_of({"trace", "debug", "info", "warn", "error", "critical", "off"}, *node);

    if (const auto* bus = root.find("bus"); bus != nullptr && !bus->is_null()) {
        if (!bus->is_map()) expected(*bus, "a mapping of bus settings");
        bus->expect_keys({"workers", "quarantine_after", "dead_letter_capacity"});
        constexpr auto unlimited = std::numeric_limits<long long>::max();
        if (const auto* node = bus->find("workers"); node != nullptr && !node->is_null())
            config.bus_workers = static_cast<unsigned>(whole_number(*node, 1, 64));
        if (const auto* node = bus->find("quarantine_after"); node != nullptr && !node->is_null())
            config.quarantine_after =
                static_cast<unsigned>(whole_number(*node, 0, std::numeric_limits<unsigned>::max()));
        if (const auto* node = bus->find("dead_letter_capacity"); node != nullptr && !node->is_null())
            config.dead_letter_capacity = static_cast<std::size_t>(whole_number(*node, 1, unlimited));
    }
    return config;
}

}  // namespace mentorkit
