#pragma once
/// @file
/// A test harness for plugin authors: a real kernel in memory with a simulated clock, into
/// which a test loads one plugin library from disk, publishes events and checks what the
/// plugin publishes. Link the test with mentorkit::kernel.
///
///     mentorkit::testing::harness h{PLUGIN_PATH};
///     h.with_config("kickoff_within: 3d").start();
///     h.publish("relationship.started", {{"relationship_id", "r-1"}, ...});
///     REQUIRE(h.events("meeting.scheduled").size() == 1);

#include <mentorkit/bus.hpp>
#include <mentorkit/config.hpp>
#include <mentorkit/event.hpp>
#include <mentorkit/time.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mentorkit::testing {

/// The default start of simulated time in the harness: Monday 4 January 2027.
inline const time_point default_start = *parse_date("2027-01-04");

/// One plugin in a kernel of its own. Not thread-safe itself; the plugin may use
/// queued delivery, and every call that publishes waits until the bus is idle.
class harness {
public:
    /// Loads `plugin_file` with the kernel's own loader (manifest and version checks
    /// included); throws std::runtime_error with the loader's message when it is refused.
    explicit harness(const std::filesystem::path& plugin_file);
    ~harness();
    harness(const harness&) = delete;
    harness& operator=(const harness&) = delete;

    /// The module's config, as YAML text (what a program writes under `modules.<id>`).
    harness& with_config(std::string_view yaml);
    /// Serves `yaml` as the catalog `name` (what ctx().catalog(name) returns), ahead of
    /// the catalog folders.
    harness& with_catalog(std::string name, std::string_view yaml);
    /// Adds a folder of catalogs (<folder>/<name>.yaml), e.g. the shipped config/catalogs.
    harness& with_catalog_dir(const std::filesystem::path& folder);
    /// Where simulated time starts (default_start unless set).
    harness& starting_at(time_point start);
    /// Configures and starts the plugin. Throws what the plugin throws (config_error for
    /// bad settings) with the plugin left stopped.
    harness& start();
    /// Stops the plugin (also done by the destructor).
    void stop();

    /// Publishes as source "test" and waits until every handler, queued ones included, is done.
    /// Events published before start() are the history the plugin finds (ctx().history()),
    /// as after a restart of a running program.
    event_id publish(std::string topic, nlohmann::json payload = nlohmann::json::object());
    template <typed_event T>
    event_id publish(const T& value) {
        return publish(std::string{T::topic}, nlohmann::json(value));
    }
    /// Moves simulated time forward, firing the timers that fall due on the way (and
    /// waiting for what their events cause).
    void advance(const duration& d);
    /// Current simulated time.
    time_point now() const;

    /// Every event published so far, before start() included (the test's, the plugin's, the
    /// kernel's), in order.
    std::vector<event> events() const;
    /// The events whose topic matches `pattern` (e.g. "meeting.*").
    std::vector<event> events(std::string_view pattern) const;
    /// Only the events the plugin published.
    std::vector<event> emitted() const;
    /// Forgets the events recorded so far.
    void clear_events();
    /// Handler failures so far.
    std::vector<dead_letter> dead_letters() const;
    /// The bus, to subscribe from the test or publish with full control.
    event_bus& bus();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace mentorkit::testing
