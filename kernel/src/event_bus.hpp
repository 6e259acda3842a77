#pragma once
// The kernel's event bus: exact topics and patterns, synchronous and queued delivery,
// failure isolation and quarantine, and an observer hook that sees every event in publish
// order before delivery (the journal attaches there).

#include <mentorkit/bus.hpp>
#include <mentorkit/time.hpp>

#include <spdlog/logger.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace mentorkit {

namespace detail {
struct bus_state;
}

struct bus_options {
    unsigned workers = 2;                     //!< threads for queued delivery (at least 1)
    unsigned quarantine_after = 5;            //!< consecutive handler failures of one owner; 0 = never
    std::size_t dead_letter_capacity = 1000;  //!< most recent dead letters kept
    event_id first_id = 1;                    //!< id of the first event: continues a stored journal
};

/// Called for every published event, in id order, before any handler sees it. An observer
/// that throws makes publish() throw, and the event is not delivered.
using event_observer = std::function<void(const event&)>;

/// The in-process bus. Subscribers are called in the order they subscribed; events
/// published from inside a handler are delivered after the current event has reached
/// every subscriber, so each subscriber sees events in publish order.
class in_process_bus final : public event_bus {
public:
    in_process_bus(bus_options options, std::shared_ptr<spdlog::logger> log, const mentorkit::clock& clock);
    /// Waits for queued deliveries to finish, then stops the workers.
    ~in_process_bus() override;
    in_process_bus(const in_process_bus&) = delete;
    in_process_bus& operator=(const in_process_bus&) = delete;

    using event_bus::publish;
    using event_bus::subscribe;
    /// Publishes with source "kernel" unless the event names one.
    event_id publish(event e) override;
    /// Subscribes on behalf of the kernel.
    subscription subscribe(std::string pattern, event_handler handler, delivery mode = delivery::synchronous) override;

    /// Subscribes on behalf of `owner` (a plugin id). `keep_alive` is held until the handler
    /// has been destroyed: pass the plugin's library so its code outlives the handler.
    subscription subscribe_as(const std::string& owner, std::shared_ptr<const void> keep_alive, std::string pattern,
                              event_handler handler, delivery mode);

    /// A view of this bus for one plugin: publishes carry `owner` as source, subscriptions
    /// are owned by it. The view must not outlive this bus.
    std::unique_ptr<event_bus> scoped(std::string owner, std::shared_ptr<const void> keep_alive);

    /// Adds an observer (see event_observer). Not to be called while events are published.
    void add_observer(event_observer observer);
    /// Called once when an owner is quarantined, after its subscriptions are cancelled.
    void on_quarantine(std::function<void(const std::string& owner)> callback);

    /// Cancels every subscription of `owner`, then waits until no handler of any owner that
    /// started before the call is still running on another thread.
    void cancel_owner(const std::string& owner);
    /// Blocks until every queued delivery has run (including those they cause).
    void wait_idle();

    std::vector<dead_letter> dead_letters() const;
    bool is_quarantined(const std::string& owner) const;
    /// Events published so far.
    std::uint64_t published_count() const;

private:
    std::shared_ptr<detail::bus_state> state_;
};

}  // namespace mentorkit
