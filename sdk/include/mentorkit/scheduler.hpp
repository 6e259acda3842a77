#pragma once
/// @file
/// Timers in program time. A timer publishes an event, as the plugin that set it, when it
/// falls due. Timers live in the program's store, so they survive a restart; on a
/// simulated clock the kernel jumps from one due timer to the next.

#include <mentorkit/time.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mentorkit {

/// Identifies a timer within one program.
using timer_id = std::uint64_t;

/// A plugin's timers. Thread-safe. Events of timers due at the same moment are published
/// in the order the timers were set.
class scheduler {
public:
    virtual ~scheduler() = default;

    /// Publishes `topic` with `payload` at `when` (at the next moment the clock moves, if
    /// `when` has passed). A non-empty `key` names the timer: setting a timer under a key
    /// that is in use replaces that timer. Returns the new timer's id.
    virtual timer_id at(time_point when, std::string topic, nlohmann::json payload, std::string key = {}) = 0;

    /// Publishes `topic` with `payload` at `first`, then every `period`, up to and including
    /// `last` (for as long as the program runs when not given). A period shorter than an hour
    /// (more than 24 times a day) throws std::invalid_argument: check a configured period
    /// in on_configure, so that `mentorkit validate` reports it at its key.
    virtual timer_id every(time_point first, duration period, std::string topic, nlohmann::json payload,
                           std::optional<time_point> last = {}, std::string key = {}) = 0;

    /// Publishes `topic` with `payload` once `delay` of program time has passed from now.
    timer_id after(const duration& delay, std::string topic, nlohmann::json payload, std::string key = {}) {
        return at(now() + delay, std::move(topic), std::move(payload), std::move(key));
    }

    /// Program time now, as the timers see it.
    virtual time_point now() const = 0;

    /// Cancels a timer; false when it had already fired for the last time or never existed.
    virtual bool cancel(timer_id id) = 0;
    /// Cancels the timer named `key` (of this plugin).
    virtual bool cancel(std::string_view key) = 0;
};

}  // namespace mentorkit
