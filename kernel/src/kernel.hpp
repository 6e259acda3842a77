#pragma once
// The kernel assembled: logging, clock, bus and plugin host, and running a program on them.

#include "event_bus.hpp"
#include "kernel_config.hpp"
#include "logging.hpp"
#include "plugin_host.hpp"
#include "program_loader.hpp"
#include "runtime/program_runtime.hpp"
#include "store/store.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mentorkit {

struct kernel_options {
    kernel_config config;
    std::vector<std::filesystem::path> extra_plugin_paths;  //!< searched before config.plugin_paths
    std::string log_level;                                  //!< overrides config.log_level when set
    std::optional<time_point> simulated_start;              //!< simulated clock from here; wall clock when empty
    store* journal = nullptr;  //!< when set, every event is journaled there before delivery, ids continuing its own
};

class kernel {
public:
    /// Sets up logging, the clock and the bus, and discovers the plugins.
    explicit kernel(kernel_options options);
    /// Stops the plugins if still running.
    ~kernel();
    kernel(const kernel&) = delete;
    kernel& operator=(const kernel&) = delete;

    /// The folders searched for plugins, in order.
    const std::vector<std::filesystem::path>& plugin_paths() const { return plugin_paths_; }
    plugin_host& plugins() { return *host_; }
    in_process_bus& bus() { return *bus_; }
    timer_service& timers() { return *timers_; }
    const mentorkit::clock& clock() const { return *clock_; }
    /// The simulated clock, or nullptr when running on the wall clock.
    simulated_clock* simulated() { return simulated_; }
    spdlog::logger& log() { return *log_; }

    /// Sets up the program runtime for `program` (its state restored from the journal),
    /// maps each enabled module to the installed plugin that is or provides it, then creates
    /// and configures those plugins in dependency order. Returns every problem, located in
    /// the program files.
    std::vector<config_error> load_program(const program_definition& program);
    /// Starts the configured plugins. Returns the plugins that failed to start (the others run).
    std::vector<std::string> start();
    /// Publishes program.started for `program`.
    void announce_start(const program_definition& program);
    /// Moves the simulated clock to `end`, firing every timer due on the way, a month of
    /// program time per store transaction. Throws std::logic_error on the wall clock.
    /// Returns how many timers fired.
    std::size_t advance_to(time_point end);
    /// Lets queued deliveries finish, then stops the plugins in reverse order.
    void stop();

private:
    std::vector<std::filesystem::path> plugin_paths_;
    std::unique_ptr<log_hub> logs_;
    std::shared_ptr<spdlog::logger> log_;
    std::unique_ptr<mentorkit::clock> clock_;
    simulated_clock* simulated_ = nullptr;
    std::unique_ptr<in_process_bus> bus_;
    std::unique_ptr<timer_service> timers_;
    std::unique_ptr<catalog_library> catalogs_;
    std::unique_ptr<plugin_host> host_;
    store* journal_ = nullptr;
    std::unique_ptr<mentorkit::scheduler> runtime_timers_;
    std::unique_ptr<program_runtime> runtime_;
    subscription relationship_starter_;
};

}  // namespace mentorkit
