#include "runtime/timer_service.hpp"

#include "input_checks.hpp"

#include <stdexcept>

namespace mentorkit {

namespace {

class scoped_scheduler final : public scheduler {
public:
    scoped_scheduler(timer_service& timers, const mentorkit::clock& clock, std::string owner)
        : timers_(timers), clock_(clock), owner_(std::move(owner)) {}

    time_point now() const override { return clock_.now(); }

    timer_id at(time_point when, std::string topic, nlohmann::json payload, std::string key) override {
        timer_record t;
        t.owner = owner_;
        t.key = std::move(key);
        t.due = when;
        t.topic = std::move(topic);
        t.payload = std::move(payload);
        return timers_.set(std::move(t));
    }
    timer_id every(time_point first, duration period, std::string topic, nlohmann::json payload,
                   std::optional<time_point> last, std::string key) override {
        if (period.is_zero()) throw std::invalid_argument("every(): the period must be longer than 0");
        timer_record t;
        t.owner = owner_;
        t.key = std::move(key);
        t.due = first;
        t.period = period;
        t.last = last;
        t.topic = std::move(topic);
        t.payload = std::move(payload);
        return timers_.set(std::move(t));
    }
    bool cancel(timer_id id) override { return timers_.cancel(id); }
    bool cancel(std::string_view key) override { return timers_.cancel(owner_, key); }

private:
    timer_service& timers_;
    const mentorkit::clock& clock_;
    std::string owner_;
};

}  // namespace

timer_service::timer_service(in_process_bus& bus, const mentorkit::clock& clock, store* persistence)
    : bus_(bus), clock_(clock), store_(persistence) {
    if (store_ == nullptr) return;
    for (auto& t : store_->timers()) insert_locked(std::move(t));
    // Ids are never reused, even of timers that have fired: a plugin may still hold one.
    next_id_ = std::stoull(store_->meta("next_timer_id").value_or("1"));
}

void timer_service::insert_locked(timer_record timer) {
    if (!timer.key.empty()) by_key_[{timer.owner, timer.key}] = timer.id;
    due_of_[timer.id] = timer.due;
    const queue_key k{timer.due, timer.id};
    queue_.emplace(k, std::move(timer));
}

void timer_service::erase_locked(timer_id id) {
    const auto due = due_of_.find(id);
    if (due == due_of_.end()) return;
    const auto node = queue_.find({due->second, id});
    if (!node->second.key.empty()) by_key_.erase({node->second.owner, node->second.key});
    queue_.erase(node);
    due_of_.erase(due);
}

timer_id timer_service::set(timer_record timer) {
    if (!is_valid_topic(timer.topic)) throw std::invalid_argument("a timer's topic is malformed: '" + timer.topic + "'");
    // A module's period is its own setting, validated (or not) by the module: bounded here
    // for every one of them, so that no setting can make a run publish without end.
    constexpr auto shortest_period = std::chrono::milliseconds{std::chrono::hours{24}} /
                                     static_cast<int>(detail::max_events_per_relationship_per_day);
    if (!timer.period.is_zero() && timer.period.months <= 0 && timer.period.exact < shortest_period)
        throw std::invalid_argument("a repeating timer's period (" + to_string(timer.period) + ") is shorter than " +
                                    to_string(duration{0, shortest_period}) + ": it would fire more than " +
                                    std::to_string(detail::max_events_per_relationship_per_day) + " times a day");
    if (timer.last && *timer.last < timer.due) timer.last = timer.due;
    timer.first = timer.due;
    timer.fired = 0;
    std::lock_guard lock{mutex_};
    if (!timer.key.empty()) {
        if (const auto existing = by_key_.find(std::pair{timer.owner, timer.key}); existing != by_key_.end()) {
            const auto replaced = existing->second;
            erase_locked(replaced);
            if (store_ != nullptr) store_->delete_timer(replaced);
        }
    }
    timer.id = next_id_++;
    if (store_ != nullptr) {
        store_->save_timer(timer);
        store_->set_meta("next_timer_id", std::to_string(next_id_));
    }
    const auto id = timer.id;
    insert_locked(std::move(timer));
    return id;
}

bool timer_service::cancel(timer_id id) {
    std::lock_guard lock{mutex_};
    if (!due_of_.contains(id)) return false;
    erase_locked(id);
    if (store_ != nullptr) store_->delete_timer(id);
    return true;
}

bool timer_service::cancel(const std::string& owner, std::string_view key) {
    timer_id id = 0;
    {
        std::lock_guard lock{mutex_};
        const auto found = by_key_.find(std::pair{owner, std::string{key}});
        if (found == by_key_.end()) return false;
        id = found->second;
    }
    return cancel(id);
}

std::optional<time_point> timer_service::next_due() const {
    std::lock_guard lock{mutex_};
    if (queue_.empty()) return std::nullopt;
    return queue_.begin()->first.first;
}

std::size_t timer_service::pending() const {
    std::lock_guard lock{mutex_};
    return queue_.size();
}

std::size_t timer_service::fire_due(time_point now) {
    std::size_t fired = 0;
    while (true) {
        timer_record due;
        {
            std::lock_guard lock{mutex_};
            if (queue_.empty() || queue_.begin()->first.first > now) break;
            due = queue_.begin()->second;
            erase_locked(due.id);
        }
        event e;
        e.topic = due.topic;
        e.payload = due.payload;
        e.source = due.owner;
        e.time = std::max(due.due, clock_.now());
        std::optional<timer_record> next;
        if (!due.period.is_zero()) {
            timer_record moved = due;
            ++moved.fired;
            const auto n = static_cast<std::int32_t>(moved.fired);
            moved.due = due.first + duration{due.period.months * n, due.period.exact * n};
            if (!moved.last || moved.due <= *moved.last) next = std::move(moved);
        }
        // The event and the timer's next state are stored together, or neither is.
        std::optional<store::batch> batch;
        if (store_ != nullptr) batch.emplace(*store_);
        try {
            bus_.publish(std::move(e));
        } catch (const std::exception& refused) {
            bus_.publish("timer.failed",
                         {{"timer_id", due.id}, {"owner", due.owner}, {"topic", due.topic}, {"error", refused.what()}});
        }
        if (store_ != nullptr) {
            if (next) store_->save_timer(*next);
            else store_->delete_timer(due.id);
        }
        if (next) {
            std::lock_guard lock{mutex_};
            insert_locked(std::move(*next));
        }
        if (batch) batch->commit();
        ++fired;
    }
    return fired;
}

std::size_t timer_service::advance(simulated_clock& clock, time_point end) {
    std::size_t fired = 0;
    for (auto due = next_due(); due && *due <= end; due = next_due()) {
        if (*due > clock.now()) clock.set(*due);
        fired += fire_due(clock.now());
        bus_.wait_idle();
    }
    if (end > clock.now()) clock.set(end);
    return fired;
}

std::unique_ptr<scheduler> timer_service::scoped(std::string owner) {
    return std::make_unique<scoped_scheduler>(*this, clock_, std::move(owner));
}

}  // namespace mentorkit
