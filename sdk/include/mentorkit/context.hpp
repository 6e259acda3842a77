#pragma once
/// @file
/// What the kernel gives a plugin: its bus, logger, configuration, clock, the program's
/// history and the catalogs of reference data.

#include <mentorkit/bus.hpp>
#include <mentorkit/config.hpp>
#include <mentorkit/scheduler.hpp>
#include <mentorkit/time.hpp>

#include <spdlog/logger.h>

#include <string>
#include <string_view>
#include <vector>

namespace mentorkit {

/// A plugin's view of the kernel. Valid from configure() until the plugin is destroyed.
/// Everything published through bus() carries the plugin's id as its source, and every
/// subscription made through it is removed when the plugin stops.
class context {
public:
    virtual ~context() = default;

    /// The plugin's id, as in its manifest.
    virtual const std::string& plugin_id() const = 0;
    /// The event bus, scoped to this plugin.
    virtual event_bus& bus() = 0;
    /// A logger named after the plugin, owned by the kernel (never use spdlog's registry).
    virtual spdlog::logger& log() = 0;
    /// The module's section of the program definition (its `modules.<name>` mapping,
    /// without `enabled`), or an empty mapping.
    virtual const config_node& config() const = 0;
    /// Program time.
    virtual const mentorkit::clock& clock() const = 0;
    /// Timers that publish events as this plugin (since SDK 1.1).
    virtual mentorkit::scheduler& scheduler() = 0;
    /// The program's journal so far (events before this plugin started included) whose
    /// topic matches `pattern`, in publish order; empty when the kernel keeps no journal.
    /// A plugin folds it in on_start() to pick up where the program is, e.g. after a
    /// restart (see plugin::follow). Since SDK 1.2.
    virtual std::vector<event> history(std::string_view pattern) const = 0;
    /// The catalog `name` (reference data a program manager edits, e.g. "opportunities"
    /// for config/catalogs/opportunities.yaml), parsed once and shared, every node marked
    /// with its file, line and column. Throws std::runtime_error naming the folders searched
    /// when there is no such catalog, config_error when it is not valid YAML. Since SDK 1.2.
    virtual const config_node& catalog(std::string_view name) const = 0;
};

}  // namespace mentorkit
