#pragma once
// The kernel's timers: what plugins and the runtime asked to happen at a program time.
// Kept in memory in due order and, with a store, in the store too, so that a restarted
// program still has them. Firing a timer publishes its event and moves or removes the
// timer in one store batch, so a crash can neither lose a firing nor repeat one.

#include "event_bus.hpp"
#include "store/store.hpp"

#include <mentorkit/scheduler.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace mentorkit {

class timer_service {
public:
    /// Loads the timers of `persistence` when given.
    timer_service(in_process_bus& bus, const mentorkit::clock& clock, store* persistence);
    timer_service(const timer_service&) = delete;
    timer_service& operator=(const timer_service&) = delete;

    /// Adds `timer` (its id is assigned) for its owner; a timer of the same owner and
    /// non-empty key is replaced. Throws std::invalid_argument on a malformed topic or a
    /// periodic timer with a zero period.
    timer_id set(timer_record timer);
    bool cancel(timer_id id);
    bool cancel(const std::string& owner, std::string_view key);

    /// When the next timer is due, if any.
    std::optional<time_point> next_due() const;
    std::size_t pending() const;

    /// Publishes every timer due at or before `now`, in order of due time then id, moving
    /// periodic timers to their next time. Returns how many fired. Timers set by the
    /// handlers of these events and already due fire too.
    std::size_t fire_due(time_point now);

    /// Moves `clock` from timer to timer up to `end`, firing each and letting queued
    /// delivery finish at every step, then sets it to `end`. Returns how many fired.
    std::size_t advance(simulated_clock& clock, time_point end);

    /// The scheduler a plugin (or kernel component) called `owner` gets.
    std::unique_ptr<scheduler> scoped(std::string owner);

private:
    using queue_key = std::pair<time_point, timer_id>;
    void insert_locked(timer_record timer);
    void erase_locked(timer_id id);

    in_process_bus& bus_;
    const mentorkit::clock& clock_;
    store* store_;
    mutable std::mutex mutex_;
    timer_id next_id_ = 1;
    std::map<queue_key, timer_record> queue_;
    std::map<timer_id, time_point> due_of_;
    std::map<std::pair<std::string, std::string>, timer_id, std::less<>> by_key_;
};

}  // namespace mentorkit
