#pragma once
// The plugin host: finds plugin libraries, checks their manifests before any plugin code
// runs, orders plugins by their dependencies and drives their lifecycle.

#include "catalog_library.hpp"
#include "event_bus.hpp"
#include "logging.hpp"
#include "runtime/timer_service.hpp"

#include <mentorkit/config.hpp>
#include <mentorkit/plugin.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace mentorkit {

/// A library that cannot be used as a plugin; what() names the file and the reason.
class plugin_load_error : public std::runtime_error {
public:
    plugin_load_error(std::filesystem::path file, const std::string& reason)
        : std::runtime_error(file.string() + ": " + reason), file_(std::move(file)) {}
    const std::filesystem::path& file() const noexcept { return file_; }

private:
    std::filesystem::path file_;
};

/// A library whose plugin id is taken by a plugin already loaded.
class duplicate_plugin_error : public plugin_load_error {
public:
    duplicate_plugin_error(std::filesystem::path file, std::string id, const std::filesystem::path& loaded)
        : plugin_load_error(std::move(file),
                            "duplicate plugin id '" + id + "': already loaded from " + loaded.string()),
          id_(std::move(id)) {}
    const std::string& id() const noexcept { return id_; }

private:
    std::string id_;
};

/// A loaded plugin library whose manifest passed the checks. Shared: every instance,
/// context and subscription made from it holds it, so the library is unloaded only when
/// nothing created by it is left.
struct plugin_library {
    std::filesystem::path file;
    std::string id;
    std::string version;
    std::string description;
    std::vector<std::string> roles;
    std::vector<std::string> depends_on;
    std::vector<std::string> consumes;  //!< topics and patterns it handles (empty before SDK 1.2)
    std::vector<std::string> produces;  //!< topics it publishes (empty before SDK 1.2)
    unsigned sdk_major = 0;
    unsigned sdk_minor = 0;

    /// Whether this plugin is `name` or provides the role `name`.
    bool provides(std::string_view name) const;

    // Opaque: the boost::dll::shared_library and the entry points.
    struct handle;
    std::shared_ptr<handle> native;
};

/// Where a folder of plugins was named.
enum class plugin_folder {
    installed,  //!< the kernel config's plugin_paths: a missing one is skipped
    extra,      //!< given for this run (--plugin-path): it must exist, and it may replace installed plugins
};

enum class plugin_state { configured, started, stopped, failed, quarantined };
std::string_view to_string(plugin_state state);

/// One plugin asked to run, with its settings.
struct plugin_request {
    std::shared_ptr<const plugin_library> library;
    config_node config;  //!< the module's section, handed to configure()
    source_mark mark;    //!< where the module is enabled, for errors
};

struct plugin_status {
    std::string id;
    plugin_state state;
    std::string error;  //!< why it failed, when it did
};

/// What every plugin's context offers besides the bus, clock and timers.
struct plugin_services {
    /// The journal so far whose topics match a pattern; unset: no journal, no history.
    std::function<std::vector<event>(std::string_view pattern)> history;
    /// The catalogs; nullptr: none (a plugin asking for one gets an error).
    catalog_library* catalogs = nullptr;
};

class plugin_host {
public:
    plugin_host(in_process_bus& bus, const mentorkit::clock& clock, const log_hub& logs, timer_service& timers,
                plugin_services services = {});
    /// Stops whatever is still running.
    ~plugin_host();
    plugin_host(const plugin_host&) = delete;
    plugin_host& operator=(const plugin_host&) = delete;

    /// Looks at every regular `*.so` file in `folders` (not recursively) and loads it;
    /// refusals are kept in problems(), not thrown. A missing installed folder is skipped;
    /// a missing extra folder throws plugin_load_error, since a mistyped path would otherwise
    /// run the program without the plugin it was given for. Discover extra folders first:
    /// an installed plugin with the id of one found there is then replaced, with a notice.
    void discover(const std::vector<std::filesystem::path>& folders, plugin_folder kind = plugin_folder::installed);
    /// Loads one library and checks its manifest. Throws plugin_load_error when it is not a
    /// shared library, lacks the entry points, was built against an incompatible SDK or C++
    /// ABI, or has the id of a plugin already loaded.
    std::shared_ptr<const plugin_library> load(const std::filesystem::path& file);

    /// Loaded libraries, in discovery order.
    const std::vector<std::shared_ptr<const plugin_library>>& libraries() const { return libraries_; }
    /// Libraries refused by discover().
    const std::vector<plugin_load_error>& problems() const { return problems_; }
    /// What a user should be told although nothing was refused: each installed plugin that a
    /// plugin of the same id from an extra folder replaces, naming both files.
    const std::vector<std::string>& notices() const { return notices_; }
    /// The library with this id, or nullptr.
    std::shared_ptr<const plugin_library> find(std::string_view id) const;

    /// Orders `requests` so that every plugin comes after what it depends on (a plugin id
    /// or a role of another requested plugin), then creates and configures each. Returns
    /// the problems: a missing dependency, a cycle, a constructor or configure() that threw.
    /// A plugin whose configure() throws config_error contributes that very error.
    std::vector<config_error> configure(std::vector<plugin_request> requests);
    /// Starts the configured plugins in dependency order and publishes plugin.started for
    /// each. A plugin whose start() throws, or that depends on one that failed, is marked
    /// failed and plugin.failed is published. Returns the failures' messages.
    std::vector<std::string> start_all();
    /// Stops started plugins in reverse start order, removes their subscriptions, waits for
    /// their running handlers, and destroys the instances.
    void stop_all();

    std::vector<plugin_status> status() const;
    /// The running instance of `id`, or nullptr. Holding it keeps its library loaded.
    std::shared_ptr<plugin> instance(std::string_view id) const;

private:
    struct slot;
    void fail(slot& s, std::string_view stage, const std::string& error);

    in_process_bus& bus_;
    const mentorkit::clock& clock_;
    const log_hub& logs_;
    timer_service& timers_;
    plugin_services services_;
    std::shared_ptr<spdlog::logger> log_;
    std::vector<std::shared_ptr<const plugin_library>> libraries_;
    std::vector<plugin_load_error> problems_;
    std::vector<std::string> notices_;
    std::vector<std::string> extra_ids_;  // plugins loaded from extra folders
    mutable std::mutex slots_mutex_;  // quarantine arrives from any thread
    std::vector<std::unique_ptr<slot>> slots_;  // in start order
};

}  // namespace mentorkit
