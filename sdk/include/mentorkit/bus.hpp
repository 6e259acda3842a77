#pragma once
/// @file
/// The event bus as a plugin sees it: publish events, subscribe to topics and patterns.

#include <mentorkit/event.hpp>

#include <nlohmann/json.hpp>

#include <concepts>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

namespace mentorkit {

/// A handler receives each matching event. It may publish (the new event is delivered
/// after the current one, preserving publish order for every subscriber), subscribe and
/// unsubscribe. An exception it throws is caught by the bus, logged with the owner's id,
/// recorded as a dead letter and never stops delivery to other subscribers.
using event_handler = std::function<void(const event&)>;

/// An event a handler failed on, kept so that nothing fails silently.
struct dead_letter {
    event failed_event;       //!< the event being handled
    std::string subscriber;   //!< owner of the handler: a plugin id, or "kernel"
    std::string error;        //!< what the handler threw
};

/// How a subscriber receives events.
enum class delivery {
    synchronous,  //!< on the publishing thread, before publish() returns
    queued,       //!< on the kernel's worker pool, one at a time and in publish order
};

namespace detail {
/// Kernel side of a subscription; a subscription handle cancels through it.
class subscription_control {
public:
    virtual ~subscription_control() = default;
    /// Stops delivery. After it returns the handler is never called again, except that a
    /// call already running on another thread finishes first.
    virtual void cancel() noexcept = 0;
    virtual bool active() const noexcept = 0;
};
}  // namespace detail

/// RAII handle of one subscription: destroying or reset()ing it unsubscribes. Move-only.
/// Safe to destroy from inside the handler itself, and after the bus is gone.
class [[nodiscard]] subscription {
public:
    subscription() = default;
    explicit subscription(std::shared_ptr<detail::subscription_control> control) : control_(std::move(control)) {}
    subscription(subscription&&) noexcept = default;
    subscription& operator=(subscription&& other) noexcept {
        if (this != &other) {
            reset();
            control_ = std::move(other.control_);
        }
        return *this;
    }
    subscription(const subscription&) = delete;
    subscription& operator=(const subscription&) = delete;
    ~subscription() { reset(); }

    /// Unsubscribes now; no effect when already inactive.
    void reset() noexcept {
        if (control_) control_->cancel();
        control_.reset();
    }
    /// True while events are being delivered to the handler.
    bool active() const noexcept { return control_ && control_->active(); }

private:
    std::shared_ptr<detail::subscription_control> control_;
};

/// A struct that can travel as an event: it names its topic and converts to and from
/// JSON with nlohmann's to_json/from_json (e.g. NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE).
template <typename T>
concept typed_event = requires(const T& value, nlohmann::json j) {
    { T::topic } -> std::convertible_to<std::string_view>;
    { nlohmann::json(value) };
    { j.get<T>() } -> std::same_as<T>;
};

/// The event bus. Thread-safe: every member may be called from any thread, including from
/// inside a handler.
class event_bus {
public:
    virtual ~event_bus() = default;

    /// Publishes `e`. The bus sets id, source, time (when not set) and correlation_id (to
    /// the event being handled on this thread, when not set), journals it, then delivers
    /// it. Returns the new event's id. Throws std::invalid_argument on a malformed topic.
    virtual event_id publish(event e) = 0;

    /// Subscribes `handler` to an exact topic or a pattern (`goal.*`: one segment,
    /// `goal.#`: any depth). A subscription made during a dispatch receives events
    /// published after it. Throws std::invalid_argument on a malformed pattern.
    virtual subscription subscribe(std::string pattern, event_handler handler,
                                   delivery mode = delivery::synchronous) = 0;

    /// Publishes `topic` with `payload`.
    event_id publish(std::string topic, nlohmann::json payload = nlohmann::json::object()) {
        event e;
        e.topic = std::move(topic);
        e.payload = std::move(payload);
        return publish(std::move(e));
    }

    /// Publishes a typed event under its declared topic.
    template <typed_event T>
    event_id publish(const T& value) {
        return publish(std::string{T::topic}, nlohmann::json(value));
    }

    /// Subscribes to a typed event: `handler(const T&, const event&)` or `handler(const T&)`.
    /// A payload that does not convert to T counts as a handler failure (dead letter).
    template <typed_event T, typename F>
    subscription subscribe(F handler, delivery mode = delivery::synchronous) {
        return subscribe(
            std::string{T::topic},
            [handler = std::move(handler)](const event& e) {
                const T value = [&e] {
                    try {
                        return e.payload.get<T>();
                    } catch (const nlohmann::json::exception& ex) {
                        throw std::invalid_argument("the payload of '" + e.topic +
                                                    "' does not fit the typed event: " + ex.what());
                    }
                }();
                if constexpr (std::is_invocable_v<F&, const T&, const event&>) handler(value, e);
                else handler(value);
            },
            mode);
    }
};

}  // namespace mentorkit
