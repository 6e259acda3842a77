// The event bus against what it replaces, in one binary and one run:
//
//   floor     a std::vector<std::function<void(const event&)>> walked in a loop: no
//             topics, no ids, no journal hook, no failure isolation
//   signals2  boost::signals2::signal<void(const event&)> (thread-safe, like the bus)
//   sigc      sigc::signal<void(const event&)> from libsigc++ (single-threaded)
//   bus       mentorkit's in_process_bus, synchronous delivery, the subscribers on the
//             exact topic or on patterns that match it ("relationship.*", "#.started", ...)
//
// Every contender does the same work per publish: it builds the event a plugin would
// publish (a topic and a one-field payload) and hands it to N handlers that each add the
// topic's length to their own counter. `event_build` times building the event alone, so
// the fixed cost of a publish can be told from the cost per subscriber.
//
// Queued delivery: a batch of events published to 4 queued subscribers, timed until the
// last one has been handled (the bus's wait_idle(); the floor's own condition variable),
// with 1 and 2 worker threads, against the simplest queue that does the same: one locked
// deque of events, workers that pop one and run every handler on it.
//
//   build-release/bin/bus_bench
//
// docs/benchmarks.md is written from this program's JSON output by scripts/bench_report.py.

#include "event_bus.hpp"
#include "logging.hpp"

#include <sigc++/sigc++.h>
#include <boost/signals2/signal.hpp>

#include <benchmark/benchmark.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace mentorkit;

namespace {

const std::string topic = "relationship.started";

// What a plugin publishes: a topic and a small payload, built anew every time.
event make_event() {
    event e;
    e.topic = topic;
    e.payload = {{"relationship_id", "r-1"}};
    return e;
}

// One counter per subscriber, on its own cache line. Synchronous handlers add to a plain
// counter, as most handlers do plain work; queued ones to an atomic (two workers may run
// the floor's handlers at once).
struct alignas(64) counter {
    std::size_t value = 0;
};
struct alignas(64) shared_counter {
    std::atomic<std::size_t> value{0};
};

// The handler every contender calls: cheap, but not something the compiler can drop.
auto handler_for(counter& c) {
    return [&c](const event& e) { c.value += e.topic.size(); };
}
auto handler_for(shared_counter& c) {
    return [&c](const event& e) { c.value.fetch_add(e.topic.size(), std::memory_order_relaxed); };
}

std::size_t total(const std::vector<counter>& counters) {
    std::size_t sum = 0;
    for (const auto& c : counters) sum += c.value;
    return sum;
}
std::size_t total(const std::vector<shared_counter>& counters) {
    std::size_t sum = 0;
    for (const auto& c : counters) sum += c.value.load(std::memory_order_relaxed);
    return sum;
}

void per_delivery(benchmark::State& state, std::size_t subscribers) {
    state.counters["subscribers"] = static_cast<double>(subscribers);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * subscribers));
}

// ---- synchronous delivery --------------------------------------------------------------

void event_build(benchmark::State& state) {
    for (auto _ : state) {
        auto e = make_event();
        benchmark::DoNotOptimize(e);
    }
}
BENCHMARK(event_build);

void sync_floor(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    std::vector<counter> counters(n);
    std::vector<std::function<void(const event&)>> handlers;
    for (auto& c : counters) handlers.emplace_back(handler_for(c));
    for (auto _ : state) {
        const auto e = make_event();
        for (const auto& h : handlers) h(e);
    }
    benchmark::DoNotOptimize(total(counters));
    per_delivery(state, n);
}

void sync_signals2(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    std::vector<counter> counters(n);
    boost::signals2::signal<void(const event&)> signal;
    for (auto& c : counters) signal.connect(handler_for(c));
    for (auto _ : state) signal(make_event());
    benchmark::DoNotOptimize(total(counters));
    per_delivery(state, n);
}

void sync_sigc(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    std::vector<counter> counters(n);
    sigc::signal<void(const event&)> signal;
    for (auto& c : counters) signal.connect(handler_for(c));
    for (auto _ : state) signal.emit(make_event());
    benchmark::DoNotOptimize(total(counters));
    per_delivery(state, n);
}

void sync_bus(benchmark::State& state, bool patterns) {
    const auto n = static_cast<std::size_t>(state.range(0));
    system_clock clock;
    log_hub logs{"off"};
    in_process_bus bus{bus_options{}, logs.make("bus"), clock};
    // Patterns of each shape that match the topic, taken in turn.
    const char* const matching[] = {"relationship.*", "#.started", "relationship.#", "*.started", "#"};
    std::vector<counter> counters(n);
    std::vector<subscription> subscriptions;
    for (std::size_t i = 0; i < n; ++i)
        subscriptions.push_back(
            bus.subscribe(patterns ? matching[i % std::size(matching)] : topic, handler_for(counters[i])));
    for (auto _ : state) bus.publish(make_event());
    if (total(counters) != state.iterations() * n * topic.size()) state.SkipWithError("a delivery went missing");
    per_delivery(state, n);
}
void sync_bus_exact(benchmark::State& state) { sync_bus(state, false); }
void sync_bus_patterns(benchmark::State& state) { sync_bus(state, true); }

BENCHMARK(sync_floor)->Arg(1)->Arg(10)->Arg(100);
BENCHMARK(sync_signals2)->Arg(1)->Arg(10)->Arg(100);
BENCHMARK(sync_sigc)->Arg(1)->Arg(10)->Arg(100);
BENCHMARK(sync_bus_exact)->Arg(1)->Arg(10)->Arg(100);
BENCHMARK(sync_bus_patterns)->Arg(1)->Arg(10)->Arg(100);

// ---- queued delivery -------------------------------------------------------------------

constexpr std::size_t queued_subscribers = 4;
constexpr std::size_t queued_batch = 2000;  // events per timed iteration

// The simplest queued dispatcher: one locked deque, `workers` threads that each take an
// event and run every handler on it, and a count of events done to wait on. It keeps no
// per-subscriber order once there are two workers; the bus does.
class plain_queue {
public:
    plain_queue(unsigned workers, std::vector<std::function<void(const event&)>> handlers)
        : handlers_(std::move(handlers)) {
        for (unsigned i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
    }
    ~plain_queue() {
        {
            std::lock_guard lock{mutex_};
            stopping_ = true;
        }
        ready_.notify_all();
        for (auto& t : threads_) t.join();
    }
    void push(event e) {
        auto shared = std::make_shared<const event>(std::move(e));
        {
            std::lock_guard lock{mutex_};
            queue_.push_back(std::move(shared));
            ++outstanding_;
        }
        ready_.notify_one();
    }
    void wait_idle() {
        std::unique_lock lock{mutex_};
        idle_.wait(lock, [this] { return outstanding_ == 0; });
    }

private:
    void work() {
        while (true) {
            std::shared_ptr<const event> e;
            {
                std::unique_lock lock{mutex_};
                ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
                if (queue_.empty()) return;
                e = std::move(queue_.front());
                queue_.pop_front();
            }
            for (const auto& h : handlers_) h(*e);
            std::lock_guard lock{mutex_};
            if (--outstanding_ == 0) idle_.notify_all();
        }
    }

    std::vector<std::function<void(const event&)>> handlers_;
    std::mutex mutex_;
    std::condition_variable ready_, idle_;
    std::deque<std::shared_ptr<const event>> queue_;
    std::size_t outstanding_ = 0;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

void queued_throughput(benchmark::State& state, std::size_t subscribers) {
    state.counters["subscribers"] = static_cast<double>(subscribers);
    state.counters["workers"] = static_cast<double>(state.range(0));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * queued_batch * subscribers));
}

void queued_floor(benchmark::State& state) {
    std::vector<shared_counter> counters(queued_subscribers);
    std::vector<std::function<void(const event&)>> handlers;
    for (auto& c : counters) handlers.emplace_back(handler_for(c));
    plain_queue queue{static_cast<unsigned>(state.range(0)), std::move(handlers)};
    for (auto _ : state) {
        for (std::size_t i = 0; i < queued_batch; ++i) queue.push(make_event());
        queue.wait_idle();
    }
    if (total(counters) != state.iterations() * queued_batch * queued_subscribers * topic.size())
        state.SkipWithError("a delivery went missing");
    queued_throughput(state, queued_subscribers);
}

void queued_bus(benchmark::State& state) {
    system_clock clock;
    log_hub logs{"off"};
    bus_options options;
    options.workers = static_cast<unsigned>(state.range(0));
    in_process_bus bus{options, logs.make("bus"), clock};
    std::vector<shared_counter> counters(queued_subscribers);
    std::vector<subscription> subscriptions;
    for (auto& c : counters) subscriptions.push_back(bus.subscribe(topic, handler_for(c), delivery::queued));
    for (auto _ : state) {
        for (std::size_t i = 0; i < queued_batch; ++i) bus.publish(make_event());
        bus.wait_idle();
    }
    if (total(counters) != state.iterations() * queued_batch * queued_subscribers * topic.size())
        state.SkipWithError("a delivery went missing");
    queued_throughput(state, queued_subscribers);
}

BENCHMARK(queued_floor)->ArgName("workers")->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(queued_bus)->ArgName("workers")->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
