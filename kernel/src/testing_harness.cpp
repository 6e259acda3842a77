// mentorkit::testing::harness: the kernel's own loader, bus and host around one plugin.

#include <mentorkit/testing.hpp>

#include "event_bus.hpp"
#include "logging.hpp"
#include "plugin_host.hpp"
#include "yaml_source.hpp"

#include <mutex>

namespace mentorkit::testing {

struct harness::impl {
    std::vector<event> matching(std::string_view pattern) const {
        std::lock_guard lock{events_mutex};
        std::vector<event> out;
        for (const auto& e : events)
            if (topic_matches(pattern, e.topic)) out.push_back(e);
        return out;
    }

    explicit impl(const std::filesystem::path& plugin_file) {
        bus.add_observer([this](const event& e) {
            std::lock_guard lock{events_mutex};
            events.push_back(e);
        });
        library = host.load(plugin_file);
    }

    // Declared before the bus: its observer writes here until the bus is gone.
    mutable std::mutex events_mutex;
    std::vector<event> events;

    simulated_clock clock{default_start};
    log_hub logs{"warn"};
    // Handler failures are what plugin tests look at: never quarantine behind their back.
    in_process_bus bus{bus_options{2, 0, 10000}, logs.make("bus"), clock};
    timer_service timers{bus, clock, nullptr};
    catalog_library catalogs;
    // The history a plugin finds on start is what the test published before.
    plugin_host host{bus, clock, logs, timers,
                     plugin_services{[this](std::string_view pattern) { return matching(pattern); }, &catalogs}};
    std::shared_ptr<const plugin_library> library;
    config_node config = config_node::map({"<harness config>", 0, 0});
    bool started = false;
};

harness::harness(const std::filesystem::path& plugin_file) : impl_(std::make_unique<impl>(plugin_file)) {}

harness::~harness() { stop(); }

harness& harness::with_config(std::string_view yaml) {
    auto node = detail::parse_yaml(yaml, "<harness config>");
    if (node.is_null()) node = config_node::map(node.mark());
    if (!node.is_map()) node.fail("the module config must be a mapping");
    node.assign_paths("modules." + impl_->library->id);
    impl_->config = std::move(node);
    return *this;
}

harness& harness::with_catalog(std::string name, std::string_view yaml) {
    impl_->catalogs.add(name, detail::parse_yaml(yaml, "<catalog " + name + ">"));
    return *this;
}

harness& harness::with_catalog_dir(const std::filesystem::path& folder) {
    impl_->catalogs.add_folder(folder);
    return *this;
}

harness& harness::starting_at(time_point start) {
    impl_->clock.set(start);
    return *this;
}

harness& harness::start() {
    auto errors = impl_->host.configure({plugin_request{impl_->library, impl_->config, impl_->config.mark()}});
    if (!errors.empty()) {
        impl_->host.stop_all();
        throw errors.front();
    }
    auto failures = impl_->host.start_all();
    impl_->bus.wait_idle();
    if (!failures.empty()) {
        impl_->host.stop_all();
        throw std::runtime_error("plugin failed to start: " + failures.front());
    }
    impl_->started = true;
    return *this;
}

void harness::stop() {
    if (!impl_->started) return;
    impl_->started = false;
    impl_->bus.wait_idle();
    impl_->host.stop_all();
}

event_id harness::publish(std::string topic, nlohmann::json payload) {
    event e;
    e.topic = std::move(topic);
    e.payload = std::move(payload);
    e.source = "test";
    const auto id = impl_->bus.publish(std::move(e));
    impl_->bus.wait_idle();
    return id;
}

void harness::advance(const duration& d) { impl_->timers.advance(impl_->clock, impl_->clock.now() + d); }

time_point harness::now() const { return impl_->clock.now(); }

std::vector<event> harness::events() const {
    std::lock_guard lock{impl_->events_mutex};
    return impl_->events;
}

std::vector<event> harness::events(std::string_view pattern) const { return impl_->matching(pattern); }

std::vector<event> harness::emitted() const {
    std::lock_guard lock{impl_->events_mutex};
    std::vector<event> out;
    for (const auto& e : impl_->events)
        if (e.source == impl_->library->id) out.push_back(e);
    return out;
}

void harness::clear_events() {
    std::lock_guard lock{impl_->events_mutex};
    impl_->events.clear();
}

std::vector<dead_letter> harness::dead_letters() const { return impl_->bus.dead_letters(); }

event_bus& harness::bus() { return impl_->bus; }

}  // namespace mentorkit::testing
