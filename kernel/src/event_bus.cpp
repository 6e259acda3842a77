#include "event_bus.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <unordered_map>

namespace mentorkit::detail {

namespace {
constexpr std::size_t queued_batch = 64;  // events one worker takes from a mailbox before letting others in
}

struct owner_state {
    explicit owner_state(std::string owner_id) : id(std::move(owner_id)) {}
    const std::string id;
    std::atomic<unsigned> consecutive_failures{0};
};

// A pattern split into segments once, so matching does not allocate.
class compiled_pattern {
public:
    explicit compiled_pattern(std::string text) : text_(std::move(text)) {
        exact_ = text_.find('*') == std::string::npos && text_.find('#') == std::string::npos;
        std::string_view rest = text_;
        while (true) {
            const auto dot = rest.find('.');
            segments_.push_back(rest.substr(0, dot));
            if (dot == std::string_view::npos) break;
            rest.remove_prefix(dot + 1);
        }
    }
    compiled_pattern(const compiled_pattern&) = delete;
    compiled_pattern& operator=(const compiled_pattern&) = delete;

    const std::string& text() const { return text_; }
    bool exact() const { return exact_; }
    bool matches(std::string_view topic) const {
        if (exact_) return topic == text_;
        std::string_view t[max_topic_segments];
        const auto n = split_segments(topic, t);
        if (n > max_topic_segments) return false;
        return segments_match(segments_.data(), segments_.data() + segments_.size(), t, t + n);
    }

private:
    std::string text_;  // segments_ point into it
    bool exact_ = true;
    std::vector<std::string_view> segments_;
};

struct subscriber final : subscription_control, std::enable_shared_from_this<subscriber> {
    subscriber(std::shared_ptr<const void> library, std::shared_ptr<owner_state> owner_, std::string pattern_text,
               event_handler handler_, delivery mode_, std::uint64_t order_, std::weak_ptr<bus_state> bus_)
        : keep_alive(std::move(library)), owner(std::move(owner_)), handler(std::move(handler_)),
          pattern(std::move(pattern_text)), mode(mode_), order(order_), bus(std::move(bus_)),
          mailbox(mode_ == delivery::queued ? std::make_unique<mailbox_state>() : nullptr) {}

    void cancel() noexcept override;
    bool active() const noexcept override { return active_flag.load(); }

    // Declared first so it is destroyed last: the handler's code may live in the library.
    std::shared_ptr<const void> keep_alive;
    // What every delivery reads, side by side: fewer cache lines per subscriber.
    std::shared_ptr<owner_state> owner;
    std::atomic<bool> active_flag{true};
    event_handler handler;
    compiled_pattern pattern;
    const delivery mode;
    const std::uint64_t order;  // subscription order: delivery order among subscribers
    std::weak_ptr<bus_state> bus;

    // Queued delivery: one mailbox per subscriber keeps its events in publish order, and
    // `scheduled` makes sure at most one worker drains it at a time. Only queued subscribers
    // have one: without it a synchronous subscriber is a third of the size, and a dispatch
    // walks fewer cache lines.
    struct mailbox_state {
        std::mutex mutex;
        std::deque<std::shared_ptr<const event>> events;
        bool scheduled = false;
    };
    const std::unique_ptr<mailbox_state> mailbox;
};

using subscriber_ptr = std::shared_ptr<subscriber>;

// Whom one topic reaches, in subscription order. Plain pointers, side by side: a delivery
// walks this array and nothing else to find its subscribers (the table that holds a route
// also owns the subscribers in it).
using route = std::vector<subscriber*>;

class subscriber_set {
public:
    bool empty() const { return exact_.empty() && patterns_.empty(); }

    void add(subscriber* s) {
        if (s->pattern.exact()) exact_[s->pattern.text()].push_back(s);
        else patterns_.push_back(s);
    }

    // The subscribers `topic` reaches. With patterns, the route is worked out once per topic
    // and kept while this set lives (it is never changed, only replaced): matching every
    // pattern on every publish cost more than the deliveries themselves (measured in
    // tests/bench/bus_bench.cpp). Bounded, so a stream of new topics cannot grow it for ever;
    // past the bound the route is worked out into `scratch` (empty on entry), which is also
    // what a topic nobody subscribed to gets.
    const route& reaching(const std::string& topic, route& scratch) const {
        if (patterns_.empty()) {
            const auto found = exact_.find(topic);
            return found == exact_.end() ? scratch : found->second;
        }
        {
            std::lock_guard lock{resolved_mutex_};
            if (const auto found = resolved_.find(topic); found != resolved_.end()) return found->second;
            if (resolved_.size() < resolved_limit) {
                route matches;
                match_into(topic, matches);
                return resolved_.emplace(topic, std::move(matches)).first->second;  // stays put when others are added
            }
        }
        match_into(topic, scratch);
        return scratch;
    }

private:
    // Exact subscribers and matching patterns merged in subscription order.
    void match_into(const std::string& topic, route& out) const {
        const auto found = exact_.find(topic);
        const route none;
        const auto& direct = found == exact_.end() ? none : found->second;
        auto d = direct.begin();
        for (auto* p : patterns_) {
            if (!p->pattern.matches(topic)) continue;
            for (; d != direct.end() && (*d)->order < p->order; ++d) out.push_back(*d);
            out.push_back(p);
        }
        out.insert(out.end(), d, direct.end());
    }

    static constexpr std::size_t resolved_limit = 4096;
    std::unordered_map<std::string, route> exact_;
    route patterns_;
    mutable std::mutex resolved_mutex_;
    mutable std::unordered_map<std::string, route> resolved_;
};

// An immutable snapshot of the subscriptions, replaced whenever one is added or removed. A
// dispatch holds the snapshot it began with, which keeps every subscriber in it alive.
struct subscriber_table {
    subscriber_table() = default;
    explicit subscriber_table(const std::vector<subscriber_ptr>& all) : owned(all) {
        for (const auto& s : owned) (s->mode == delivery::queued ? queued : synchronous).add(s.get());
    }
    std::vector<subscriber_ptr> owned;
    subscriber_set synchronous;
    subscriber_set queued;
};

// One level of dispatch on one thread. Events published while a frame is open are
// delivered by that frame after the current event, which keeps publish order per subscriber.
struct dispatch_frame {
    struct pending_event {
        std::shared_ptr<const event> ev;
        std::shared_ptr<const subscriber_table> table;
    };
    const bus_state* bus = nullptr;
    dispatch_frame* outer = nullptr;
    const event* current = nullptr;
    std::vector<pending_event> pending;  // a vector: most frames never use it, and an empty one costs nothing
    int grace_phase = 0;
};

thread_local dispatch_frame* innermost_frame = nullptr;

dispatch_frame* find_frame(const bus_state* bus) {
    for (auto* f = innermost_frame; f != nullptr; f = f->outer)
        if (f->bus == bus) return f;
    return nullptr;
}

struct bus_state : std::enable_shared_from_this<bus_state> {
    bus_state(bus_options opts, std::shared_ptr<spdlog::logger> logger, const mentorkit::clock& clk)
        : options(opts), log(std::move(logger)), clock(clk), next_id(opts.first_id == 0 ? 1 : opts.first_id) {
        if (options.workers == 0) options.workers = 1;
    }

    bus_options options;
    std::shared_ptr<spdlog::logger> log;
    const mentorkit::clock& clock;

    // Guards the subscriber list, the id sequence, observers and owners. Held while an
    // event gets its id, is observed (journaled) and is put in queued mailboxes, so all
    // three happen in id order.
    std::mutex mutex;
    std::shared_ptr<const subscriber_table> table = std::make_shared<subscriber_table>();
    std::vector<subscriber_ptr> subscribers;  // in subscription order
    std::uint64_t next_id;
    std::uint64_t next_order = 1;
    std::vector<event_observer> observers;
    std::unordered_map<std::string, std::shared_ptr<owner_state>> owners;
    std::set<std::string, std::less<>> quarantined;
    std::function<void(const std::string&)> quarantine_callback;

    mutable std::mutex dead_mutex;
    std::deque<dead_letter> dead;

    // Grace periods: every dispatch counts itself in in_flight[phase]. cancel_owner() flips
    // the phase and waits for the old count to drain, so no handler that began before the
    // cancel is still running when it returns. Costs two atomics per publish, none per delivery.
    std::mutex grace_mutex;
    std::atomic<int> phase{0};
    std::atomic<std::int64_t> in_flight[2] = {0, 0};

    // Worker pool for queued delivery.
    std::mutex work_mutex;
    std::condition_variable work_ready;
    std::condition_variable idle;
    std::deque<subscriber_ptr> ready;
    std::atomic<std::size_t> outstanding{0};  // queued deliveries not yet handled
    bool stopping = false;
    std::vector<std::thread> workers;

    void start_workers() {
        for (unsigned i = 0; i < options.workers; ++i) workers.emplace_back([this] { work(); });
    }

    std::shared_ptr<owner_state> owner_for(const std::string& id) {
        auto& slot = owners[id];
        if (!slot) slot = std::make_shared<owner_state>(id);
        return slot;
    }

    void rebuild_table() { table = std::make_shared<const subscriber_table>(subscribers); }

    void remove_locked(const subscriber* s) {
        const auto before = subscribers.size();
        std::erase_if(subscribers, [s](const subscriber_ptr& p) { return p.get() == s; });
        if (subscribers.size() != before) rebuild_table();
    }

    subscription subscribe(const std::string& owner, std::shared_ptr<const void> keep_alive, std::string pattern,
                           event_handler handler, delivery mode) {
        if (!is_valid_pattern(pattern))
            throw std::invalid_argument("invalid topic pattern '" + pattern +
                                        "': expected dot-separated segments of letters, digits, '_' or '-', "
                                        "'*' (one segment) or '#' (any depth)");
        if (!handler) throw std::invalid_argument("subscribe('" + pattern + "'): the handler is empty");
        std::lock_guard lock{mutex};
        if (quarantined.contains(owner)) {
            log->warn("'{}' is quarantined; its subscription to '{}' is ignored", owner, pattern);
            return subscription{};
        }
        auto s = std::make_shared<subscriber>(std::move(keep_alive), owner_for(owner), std::move(pattern),
                                              std::move(handler), mode, next_order++, weak_from_this());
        subscribers.push_back(s);
        rebuild_table();
        return subscription{std::move(s)};
    }

    event_id publish(std::string_view default_source, event&& e) {
        if (!is_valid_topic(e.topic))
            throw std::invalid_argument("invalid topic '" + e.topic +
                                        "': expected dot-separated segments of letters, digits, '_' or '-'");
        if (e.source.empty()) e.source = default_source;
        dispatch_frame* frame = find_frame(this);
        if (e.correlation_id == 0 && frame != nullptr && frame->current != nullptr)
            e.correlation_id = frame->current->id;
        if (e.time == time_point{}) e.time = clock.now();

        // The event goes to the heap only when it must outlive this call: queued for a worker,
        // or pending in a dispatch already running on this thread. Otherwise it is delivered
        // from here, which spares an allocation on every top-level publish.
        std::shared_ptr<const event> ev;
        std::shared_ptr<const subscriber_table> snapshot;
        std::vector<subscriber_ptr> to_schedule;
        {
            std::lock_guard lock{mutex};
            e.id = next_id;
            for (const auto& observe : observers) observe(e);  // may throw: then nothing was published
            ++next_id;
            snapshot = table;
            if (!snapshot->queued.empty()) {
                route scratch;
                const auto& targets = snapshot->queued.reaching(e.topic, scratch);
                // Counted before the event reaches any mailbox, all at once: a worker already
                // draining one may handle the event at once and count it done, and wait_idle()
                // must not return before every mailbox has it.
                if (!targets.empty()) outstanding.fetch_add(targets.size());
                std::size_t skipped = 0;
                for (auto* s : targets) {
                    if (!s->active()) {
                        ++skipped;
                        continue;
                    }
                    if (!ev) ev = std::make_shared<const event>(std::move(e));
                    std::lock_guard mailbox_lock{s->mailbox->mutex};
                    s->mailbox->events.push_back(ev);
                    if (!s->mailbox->scheduled) {
                        s->mailbox->scheduled = true;
                        to_schedule.push_back(s->shared_from_this());
                    }
                }
                finished(skipped);
            }
            if (!to_schedule.empty()) {
                std::lock_guard work_lock{work_mutex};
                for (auto& s : to_schedule) ready.push_back(std::move(s));
            }
        }
        if (!ev && frame != nullptr) ev = std::make_shared<const event>(std::move(e));
        // Every worker: with one signal, a wake-up lost in the C library (glibc bug 25847)
        // would leave the mailbox undrained until the next publish.
        if (!to_schedule.empty()) work_ready.notify_all();
        const event& published = ev ? *ev : e;
        const event_id id = published.id;
        if (frame != nullptr) {
            frame->pending.push_back({std::move(ev), std::move(snapshot)});
            return id;
        }
        frame_scope own{*this};
        deliver_all(own.frame(), published, *snapshot);
        drain(own.frame());
        return id;
    }

    // Opens a dispatch frame on this thread for its lifetime, counted in the grace period.
    class frame_scope {
    public:
        explicit frame_scope(bus_state& bus) : bus_(bus) {
            frame_.bus = &bus;
            frame_.outer = innermost_frame;
            // Re-check the phase after counting: a grace period that flipped it in between
            // might not have seen this frame, so count again under the new phase.
            while (true) {
                frame_.grace_phase = bus.phase.load();
                bus.in_flight[frame_.grace_phase].fetch_add(1);
                if (bus.phase.load() == frame_.grace_phase) break;
                bus.leave_phase(frame_.grace_phase);
            }
            innermost_frame = &frame_;
        }
        ~frame_scope() {
            innermost_frame = frame_.outer;
            bus_.leave_phase(frame_.grace_phase);
        }
        frame_scope(const frame_scope&) = delete;
        frame_scope& operator=(const frame_scope&) = delete;
        dispatch_frame& frame() { return frame_; }

    private:
        bus_state& bus_;
        dispatch_frame frame_;
    };

    void leave_phase(int p) {
        in_flight[p].fetch_sub(1);
        in_flight[p].notify_all();  // a waiter may wait for any count, not only zero
    }

    void drain(dispatch_frame& f) {
        // Delivering may publish more, which appends (and may reallocate): take each out first.
        for (std::size_t i = 0; i < f.pending.size(); ++i) {
            auto next = std::move(f.pending[i]);
            deliver_all(f, *next.ev, *next.table);
        }
        f.pending.clear();
    }

    void deliver_all(dispatch_frame& f, const event& e, const subscriber_table& t) {
        route scratch;
        f.current = &e;
        for (auto* s : t.synchronous.reaching(e.topic, scratch)) deliver(*s, e);
        f.current = nullptr;
    }

    void deliver_one(dispatch_frame& f, subscriber& s, const event& e) {
        f.current = &e;
        deliver(s, e);
        f.current = nullptr;
    }

    [[gnu::always_inline]] void deliver(subscriber& s, const event& e) {
        if (!s.active()) return;
        try {
            s.handler(e);
            if (s.owner->consecutive_failures.load(std::memory_order_relaxed) != 0)
                s.owner->consecutive_failures.store(0, std::memory_order_relaxed);
        } catch (const std::exception& ex) {
            failed(s, e, ex.what());
        } catch (...) {
            failed(s, e, "an exception not derived from std::exception");
        }
    }

    // Called from deliver()'s catch blocks: must not throw, or the dispatch would unwind.
    [[gnu::cold, gnu::noinline]] void failed(subscriber& s, const event& e, const std::string& error) noexcept {
        try {
            log->error("[{}] handler for '{}' failed on event #{} ({}): {}", s.owner->id, s.pattern.text(), e.id,
                       e.topic, error);
            {
                std::lock_guard lock{dead_mutex};
                dead.push_back(dead_letter{e, s.owner->id, error});
                while (dead.size() > options.dead_letter_capacity) dead.pop_front();
            }
            const auto failures = s.owner->consecutive_failures.fetch_add(1) + 1;
            // The kernel's own subscriptions serve everyone: they are never switched off.
            if (options.quarantine_after != 0 && failures >= options.quarantine_after && s.owner->id != "kernel")
                quarantine(s.owner->id, failures, error);
        } catch (const std::exception& ex) {
            log->critical("recording the failure of '{}' failed too: {}", s.owner->id, ex.what());
        }
    }

    void quarantine(const std::string& owner, unsigned failures, const std::string& last_error) {
        std::function<void(const std::string&)> callback;
        {
            std::lock_guard lock{mutex};
            if (!quarantined.insert(owner).second) return;
            remove_owner_locked(owner);
            callback = quarantine_callback;
        }
        log->warn("[{}] quarantined after {} consecutive handler failures; last: {}", owner, failures, last_error);
        event e;
        e.topic = "plugin.quarantined";
        e.payload = {{"plugin", owner}, {"failures", failures}, {"last_error", last_error}};
        publish("kernel", std::move(e));
        if (callback) callback(owner);
    }

    void remove_owner_locked(const std::string& owner) {
        for (const auto& s : subscribers)
            if (s->owner->id == owner) s->active_flag.store(false);
        std::erase_if(subscribers, [&](const subscriber_ptr& s) { return s->owner->id == owner; });
        rebuild_table();
    }

    void cancel_owner(const std::string& owner) {
        {
            std::lock_guard lock{mutex};
            remove_owner_locked(owner);
        }
        wait_for_grace_period();
    }

    void wait_for_grace_period() {
        std::lock_guard lock{grace_mutex};
        const int old_phase = phase.load();
        phase.store(1 - old_phase);
        // Dispatches open on this very thread cannot finish while we wait: don't count them.
        std::int64_t own = 0;
        for (auto* f = innermost_frame; f != nullptr; f = f->outer)
            if (f->bus == this && f->grace_phase == old_phase) ++own;
        for (auto n = in_flight[old_phase].load(); n > own; n = in_flight[old_phase].load())
            in_flight[old_phase].wait(n);
    }

    void work() {
        while (true) {
            subscriber_ptr s;
            {
                std::unique_lock lock{work_mutex};
                work_ready.wait(lock, [this] { return stopping || !ready.empty(); });
                if (ready.empty()) return;  // stopping, and nothing left
                s = std::move(ready.front());
                ready.pop_front();
            }
            // This worker alone drains the mailbox until it clears `scheduled`, taking events as
            // they arrive, up to a batch.
            auto& box = *s->mailbox;
            std::size_t handled = 0;
            bool drained = false;
            while (handled < queued_batch && !drained) {
                std::shared_ptr<const event> ev;
                {
                    std::lock_guard lock{box.mutex};
                    if (box.events.empty()) {
                        box.scheduled = false;
                        drained = true;
                        continue;
                    }
                    ev = std::move(box.events.front());
                    box.events.pop_front();
                }
                frame_scope f{*this};
                deliver_one(f.frame(), *s, *ev);
                drain(f.frame());
                ++handled;
            }
            if (!drained) {  // batch used up: let other subscribers' mailboxes go first
                {
                    std::lock_guard lock{work_mutex};
                    ready.push_back(std::move(s));
                }
                work_ready.notify_one();
            }
            finished(handled);
        }
    }

    void finished(std::size_t handled) {
        if (handled == 0 || outstanding.fetch_sub(handled) != handled) return;
        std::lock_guard lock{work_mutex};  // a waiter between its check and its wait must not miss this
        idle.notify_all();
    }

    void wait_idle() {
        std::unique_lock lock{work_mutex};
        idle.wait(lock, [this] { return outstanding.load() == 0; });
    }

    void stop_workers() {
        wait_idle();
        {
            std::lock_guard lock{work_mutex};
            stopping = true;
        }
        work_ready.notify_all();
        for (auto& w : workers) w.join();
        workers.clear();
    }
};

void subscriber::cancel() noexcept {
    active_flag.store(false);
    if (auto b = bus.lock()) {
        std::lock_guard lock{b->mutex};
        b->remove_locked(this);
    }
}

// The view of the bus one plugin gets.
class scoped_bus final : public event_bus {
public:
    scoped_bus(std::shared_ptr<bus_state> state, std::string owner, std::shared_ptr<const void> keep_alive)
        : state_(std::move(state)), owner_(std::move(owner)), keep_alive_(std::move(keep_alive)) {}

    using event_bus::publish;
    using event_bus::subscribe;
    event_id publish(event e) override {
        e.source = owner_;  // a plugin cannot publish in another's name
        return state_->publish(owner_, std::move(e));
    }
    subscription subscribe(std::string pattern, event_handler handler, delivery mode) override {
        return state_->subscribe(owner_, keep_alive_, std::move(pattern), std::move(handler), mode);
    }

private:
    std::shared_ptr<bus_state> state_;
    std::string owner_;
    std::shared_ptr<const void> keep_alive_;
};

}  // namespace mentorkit::detail

namespace mentorkit {

in_process_bus::in_process_bus(bus_options options, std::shared_ptr<spdlog::logger> log, const mentorkit::clock& clock)
    : state_(std::make_shared<detail::bus_state>(options, std::move(log), clock)) {
    state_->start_workers();
}

in_process_bus::~in_process_bus() { state_->stop_workers(); }

event_id in_process_bus::publish(event e) { return state_->publish("kernel", std::move(e)); }

subscription in_process_bus::subscribe(std::string pattern, event_handler handler, delivery mode) {
    return state_->subscribe("kernel", nullptr, std::move(pattern), std::move(handler), mode);
}

subscription in_process_bus::subscribe_as(const std::string& owner, std::shared_ptr<const void> keep_alive,
                                          std::string pattern, event_handler handler, delivery mode) {
    return state_->subscribe(owner, std::move(keep_alive), std::move(pattern), std::move(handler), mode);
}

std::unique_ptr<event_bus> in_process_bus::scoped(std::string owner, std::shared_ptr<const void> keep_alive) {
    return std::make_unique<detail::scoped_bus>(state_, std::move(owner), std::move(keep_alive));
}

void in_process_bus::add_observer(event_observer observer) {
    std::lock_guard lock{state_->mutex};
    state_->observers.push_back(std::move(observer));
}

void in_process_bus::on_quarantine(std::function<void(const std::string&)> callback) {
    std::lock_guard lock{state_->mutex};
    state_->quarantine_callback = std::move(callback);
}

void in_process_bus::cancel_owner(const std::string& owner) { state_->cancel_owner(owner); }

void in_process_bus::wait_idle() { state_->wait_idle(); }

std::vector<dead_letter> in_process_bus::dead_letters() const {
    std::lock_guard lock{state_->dead_mutex};
    return {state_->dead.begin(), state_->dead.end()};
}

bool in_process_bus::is_quarantined(const std::string& owner) const {
    std::lock_guard lock{state_->mutex};
    return state_->quarantined.contains(owner);
}

std::uint64_t in_process_bus::published_count() const {
    std::lock_guard lock{state_->mutex};
    return state_->next_id - (state_->options.first_id == 0 ? 1 : state_->options.first_id);
}

}  // namespace mentorkit
