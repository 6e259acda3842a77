#include "event_bus.hpp"
#include "logging.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <map>
#include <mutex>
#include <thread>

using namespace mentorkit;

namespace {

struct bus_fixture {
    explicit bus_fixture(unsigned quarantine_after = 3, unsigned workers = 2)
        : bus{bus_options{workers, quarantine_after, 100}, logs.make("bus"), clock} {}
    simulated_clock clock{*parse_date("2027-01-04")};
    log_hub logs{"off"};
    in_process_bus bus;
};

// Records what one subscriber receives, thread-safely.
struct recorder {
    std::mutex mutex;
    std::vector<event> events;
    event_handler handler() {
        return [this](const event& e) {
            std::lock_guard lock{mutex};
            events.push_back(e);
        };
    }
    std::vector<std::string> topics() {
        std::lock_guard lock{mutex};
        std::vector<std::string> out;
        for (const auto& e : events) out.push_back(e.topic);
        return out;
    }
};

}  // namespace

TEST_CASE("subscribers receive events in publish order, in the order they subscribed", "[bus]") {
    bus_fixture f;
    std::vector<std::string> calls;
    auto first = f.bus.subscribe("goal.set", [&](const event& e) { calls.push_back("first:" + e.payload["n"].dump()); });
    auto second = f.bus.subscribe("goal.#", [&](const event& e) { calls.push_back("second:" + e.payload["n"].dump()); });
    auto third = f.bus.subscribe("goal.set", [&](const event& e) { calls.push_back("third:" + e.payload["n"].dump()); });
    f.bus.publish("goal.set", {{"n", 1}});
    f.bus.publish("goal.set", {{"n", 2}});
    CHECK(calls == std::vector<std::string>{"first:1", "second:1", "third:1", "first:2", "second:2", "third:2"});
}

TEST_CASE("the bus stamps id, time, source and keeps the payload", "[bus]") {
    bus_fixture f;
    recorder r;
    auto s = f.bus.subscribe("meeting.held", r.handler());
    const auto id1 = f.bus.publish("meeting.held", {{"meeting", "m-1"}});
    f.clock.advance(*parse_duration("2d"));
    const auto id2 = f.bus.publish("meeting.held", {{"meeting", "m-2"}});
    REQUIRE(r.events.size() == 2);
    CHECK(id2 == id1 + 1);
    CHECK(r.events[0].id == id1);
    CHECK(r.events[0].source == "kernel");
    CHECK(r.events[0].payload["meeting"] == "m-1");
    CHECK(format_date(r.events[0].time) == "2027-01-04");
    CHECK(format_date(r.events[1].time) == "2027-01-06");
    CHECK(r.events[0].correlation_id == 0);
    CHECK(f.bus.published_count() == 2);
}

TEST_CASE("patterns match one segment with * and any depth with #", "[bus]") {
    bus_fixture f;
    recorder one_level, any_depth, everything, middle;
    auto a = f.bus.subscribe("goal.*", one_level.handler());
    auto b = f.bus.subscribe("goal.#", any_depth.handler());
    auto c = f.bus.subscribe("#", everything.handler());
    auto d = f.bus.subscribe("*.achieved", middle.handler());
    for (const auto* topic : {"goal", "goal.set", "goal.set.late", "goals.set", "meeting.held", "goal.achieved"})
        f.bus.publish(topic);
    CHECK(one_level.topics() == std::vector<std::string>{"goal.set", "goal.achieved"});
    CHECK(any_depth.topics() == std::vector<std::string>{"goal", "goal.set", "goal.set.late", "goal.achieved"});
    CHECK(everything.topics().size() == 6);
    CHECK(middle.topics() == std::vector<std::string>{"goal.achieved"});
}

TEST_CASE("a topic delivered before reaches the pattern and exact subscriptions made or removed since, in order",
          "[bus]") {
    // The bus works out once per topic whom it reaches; that must follow every change.
    bus_fixture f;
    std::vector<std::string> calls;
    auto record = [&calls](std::string who) { return [&calls, who](const event&) { calls.push_back(who); }; };
    auto a = f.bus.subscribe("goal.*", record("a"));
    f.bus.publish("goal.set");
    auto b = f.bus.subscribe("goal.set", record("b"));
    auto c = f.bus.subscribe("#", record("c"));
    f.bus.publish("goal.set");
    a.reset();
    f.bus.publish("goal.set");
    auto d = f.bus.subscribe("*.set", record("d"));
    f.bus.publish("goal.set");
    f.bus.publish("meeting.set");
    CHECK(calls == std::vector<std::string>{"a", "a", "b", "c", "b", "c", "b", "c", "d", "c", "d"});
}

TEST_CASE("malformed topics and patterns are refused with the reason", "[bus]") {
    bus_fixture f;
    CHECK_THROWS_WITH(f.bus.publish("goal..set"), Catch::Contains("invalid topic 'goal..set'"));
    CHECK_THROWS_WITH(f.bus.publish("goal.*"), Catch::Contains("invalid topic"));
    CHECK_THROWS_WITH(f.bus.subscribe("goal.#x", [](const event&) {}), Catch::Contains("invalid topic pattern 'goal.#x'"));
    CHECK_THROWS_WITH(f.bus.subscribe("", [](const event&) {}), Catch::Contains("invalid topic pattern"));
    CHECK_THROWS_AS(f.bus.subscribe("goal.set", event_handler{}), std::invalid_argument);
    CHECK(f.bus.published_count() == 0);
}

TEST_CASE("an event published from a handler reaches every subscriber after the current one", "[bus]") {
    bus_fixture f;
    std::vector<std::string> seen_by_watcher;
    event_id cause = 0;
    event_id correlation = 0;
    auto reactor = f.bus.subscribe("relationship.started", [&](const event& e) {
        cause = e.id;
        f.bus.publish("meeting.scheduled");
    });
    auto watcher = f.bus.subscribe("#", [&](const event& e) {
        seen_by_watcher.push_back(e.topic);
        if (e.topic == "meeting.scheduled") correlation = e.correlation_id;
    });
    f.bus.publish("relationship.started");
    // Depth-first delivery would show meeting.scheduled to the watcher first.
    CHECK(seen_by_watcher == std::vector<std::string>{"relationship.started", "meeting.scheduled"});
    CHECK(correlation == cause);
}

TEST_CASE("a subscription removed during dispatch is not called again, even for the current event", "[bus]") {
    bus_fixture f;
    int second_calls = 0, self_calls = 0;
    subscription second;
    subscription self;
    auto first = f.bus.subscribe("ping", [&](const event&) { second.reset(); });
    second = f.bus.subscribe("ping", [&](const event&) { ++second_calls; });
    self = f.bus.subscribe("ping", [&](const event&) {
        ++self_calls;
        self.reset();  // unsubscribing itself from inside its own handler
    });
    f.bus.publish("ping");
    f.bus.publish("ping");
    CHECK(second_calls == 0);
    CHECK(self_calls == 1);
    CHECK_FALSE(second.active());
    CHECK(first.active());
}

TEST_CASE("a subscription made during dispatch receives the next event, not the current one", "[bus]") {
    bus_fixture f;
    recorder late;
    subscription added;
    auto adder = f.bus.subscribe("ping", [&](const event&) {
        if (!added.active()) added = f.bus.subscribe("ping", late.handler());
    });
    f.bus.publish("ping", {{"n", 1}});
    f.bus.publish("ping", {{"n", 2}});
    REQUIRE(late.events.size() == 1);
    CHECK(late.events[0].payload["n"] == 2);
}

TEST_CASE("destroying a subscription handle unsubscribes, and outliving the bus is safe", "[bus]") {
    subscription survivor;
    int calls = 0;
    {
        bus_fixture f;
        {
            auto scoped = f.bus.subscribe("ping", [&](const event&) { ++calls; });
            f.bus.publish("ping");
        }
        f.bus.publish("ping");
        survivor = f.bus.subscribe("ping", [&](const event&) { ++calls; });
    }
    CHECK(calls == 1);
    survivor.reset();  // the bus is gone: must not crash
    CHECK_FALSE(survivor.active());
}

TEST_CASE("a throwing handler does not stop delivery to the others and leaves a dead letter", "[bus]") {
    bus_fixture f{0};
    recorder before, after;
    auto a = f.bus.subscribe("goal.set", before.handler());
    auto bad = f.bus.subscribe_as("flaky", nullptr, "goal.set",
                                  [](const event&) { throw std::runtime_error("no goal framework"); },
                                  delivery::synchronous);
    auto weird = f.bus.subscribe_as("weird", nullptr, "goal.set", [](const event&) { throw 42; },
                                    delivery::synchronous);
    auto b = f.bus.subscribe("goal.set", after.handler());
    const auto id = f.bus.publish("goal.set", {{"goal", "g-1"}});
    CHECK(before.events.size() == 1);
    CHECK(after.events.size() == 1);
    const auto dead = f.bus.dead_letters();
    REQUIRE(dead.size() == 2);
    CHECK(dead[0].subscriber == "flaky");
    CHECK(dead[0].error == "no goal framework");
    CHECK(dead[0].failed_event.id == id);
    CHECK(dead[0].failed_event.payload["goal"] == "g-1");
    CHECK(dead[1].subscriber == "weird");
    CHECK(dead[1].error == "an exception not derived from std::exception");
}

TEST_CASE("an owner whose handlers keep failing is quarantined and plugin.quarantined is published", "[bus]") {
    bus_fixture f{3};
    recorder quarantines, healthy;
    std::vector<std::string> callback_owners;
    f.bus.on_quarantine([&](const std::string& owner) { callback_owners.push_back(owner); });
    auto q = f.bus.subscribe("plugin.quarantined", quarantines.handler());
    auto good = f.bus.subscribe("ping", healthy.handler());
    int bad_calls = 0;
    auto bad = f.bus.subscribe_as("flaky", nullptr, "ping", [&](const event& e) {
        ++bad_calls;
        if (e.payload.value("fail", true)) throw std::runtime_error("boom " + std::to_string(bad_calls));
    }, delivery::synchronous);

    // A success in between resets the count: two failures, one success, two failures.
    f.bus.publish("ping");
    f.bus.publish("ping");
    f.bus.publish("ping", {{"fail", false}});
    f.bus.publish("ping");
    f.bus.publish("ping");
    CHECK_FALSE(f.bus.is_quarantined("flaky"));
    f.bus.publish("ping");  // third consecutive failure
    CHECK(f.bus.is_quarantined("flaky"));
    REQUIRE(quarantines.events.size() == 1);
    CHECK(quarantines.events[0].payload["plugin"] == "flaky");
    CHECK(quarantines.events[0].payload["failures"] == 3);
    CHECK(quarantines.events[0].payload["last_error"] == "boom 6");
    CHECK(callback_owners == std::vector<std::string>{"flaky"});

    f.bus.publish("ping");
    CHECK(bad_calls == 6);  // no longer called
    CHECK_FALSE(bad.active());
    CHECK(healthy.events.size() == 7);
    // A quarantined owner cannot subscribe again.
    CHECK_FALSE(f.bus.subscribe_as("flaky", nullptr, "ping", [](const event&) {}, delivery::synchronous).active());
}

TEST_CASE("an observer sees each event in id order before any handler", "[bus]") {
    bus_fixture f;
    std::vector<event_id> observed;
    bool observed_before_delivery = true;
    f.bus.add_observer([&](const event& e) { observed.push_back(e.id); });
    auto s = f.bus.subscribe("#", [&](const event& e) {
        observed_before_delivery = observed_before_delivery && !observed.empty() && observed.back() >= e.id;
        if (e.topic == "a") f.bus.publish("b");
    });
    f.bus.publish("a");
    f.bus.publish("c");
    CHECK(observed == std::vector<event_id>{1, 2, 3});
    CHECK(observed_before_delivery);
}

TEST_CASE("an observer that throws stops the publish before delivery and uses no id", "[bus]") {
    bus_fixture f;
    recorder r;
    auto s = f.bus.subscribe("#", r.handler());
    bool refuse = true;
    f.bus.add_observer([&](const event&) {
        if (refuse) throw std::runtime_error("journal full");
    });
    CHECK_THROWS_WITH(f.bus.publish("goal.set"), "journal full");
    refuse = false;
    CHECK(f.bus.publish("goal.set") == 1);
    CHECK(r.events.size() == 1);
}

TEST_CASE("queued delivery keeps each publisher's order and never runs one subscriber concurrently", "[bus][threads]") {
    bus_fixture f{0, 2};
    constexpr int publishers = 4;
    constexpr int per_publisher = 2000;
    std::mutex mutex;
    std::map<int, std::vector<int>> received;  // publisher -> sequence numbers
    std::atomic<int> running{0};
    std::atomic<bool> overlapped{false};
    std::atomic<bool> ran_on_publisher_thread{false};
    std::vector<std::thread::id> publisher_ids(publishers);

    auto s = f.bus.subscribe("work.item", [&](const event& e) {
        if (running.fetch_add(1) != 0) overlapped = true;
        const int p = e.payload["publisher"];
        {
            std::lock_guard lock{mutex};
            if (publisher_ids[static_cast<std::size_t>(p)] == std::this_thread::get_id()) ran_on_publisher_thread = true;
            received[p].push_back(e.payload["seq"]);
        }
        running.fetch_sub(1);
    }, delivery::queued);

    std::vector<std::thread> threads;
    std::promise<void> go;
    auto ready = go.get_future().share();
    for (int p = 0; p < publishers; ++p) {
        threads.emplace_back([&, p, ready] {
            publisher_ids[static_cast<std::size_t>(p)] = std::this_thread::get_id();
            ready.wait();
            for (int i = 0; i < per_publisher; ++i) f.bus.publish("work.item", {{"publisher", p}, {"seq", i}});
        });
    }
    go.set_value();
    for (auto& t : threads) t.join();
    f.bus.wait_idle();

    CHECK_FALSE(overlapped);
    CHECK_FALSE(ran_on_publisher_thread);
    for (int p = 0; p < publishers; ++p) {
        const auto& seqs = received[p];
        REQUIRE(seqs.size() == per_publisher);
        CHECK(std::is_sorted(seqs.begin(), seqs.end()));
    }
}

TEST_CASE("queued subscribers each receive every event in publish order", "[bus][threads]") {
    bus_fixture f{0, 2};
    recorder a, b;
    auto sa = f.bus.subscribe("n", a.handler(), delivery::queued);
    auto sb = f.bus.subscribe("n", b.handler(), delivery::queued);
    for (int i = 0; i < 500; ++i) f.bus.publish("n", {{"i", i}});
    f.bus.wait_idle();
    for (auto* r : {&a, &b}) {
        REQUIRE(r->events.size() == 500);
        for (int i = 0; i < 500; ++i) CHECK(r->events[static_cast<std::size_t>(i)].payload["i"] == i);
    }
}

TEST_CASE("a queued handler that publishes is followed to the end by wait_idle", "[bus][threads]") {
    bus_fixture f{0, 2};
    std::atomic<int> chain{0};
    auto s = f.bus.subscribe("step", [&](const event& e) {
        ++chain;
        const int n = e.payload["n"];
        if (n < 50) f.bus.publish("step", {{"n", n + 1}});
    }, delivery::queued);
    f.bus.publish("step", {{"n", 0}});
    f.bus.wait_idle();
    CHECK(chain == 51);
}

TEST_CASE("a queued subscription cancelled with events in its mailbox runs none of them, and wait_idle returns",
          "[bus][threads]") {
    bus_fixture f{0, 1};
    std::promise<void> entered, release;
    auto released = release.get_future().share();
    recorder seen;
    subscription s = f.bus.subscribe("n", [&](const event& e) {
        seen.handler()(e);
        if (e.payload["i"] == 0) {
            entered.set_value();
            released.wait();
        }
    }, delivery::queued);
    f.bus.publish("n", {{"i", 0}});
    entered.get_future().wait();  // the worker is inside the handler; the next events wait in the mailbox
    for (int i = 1; i <= 3; ++i) f.bus.publish("n", {{"i", i}});
    s.reset();
    release.set_value();
    f.bus.wait_idle();
    CHECK(seen.topics() == std::vector<std::string>{"n"});
}

TEST_CASE("queued subscribers on several topics are all served, however the workers are woken", "[bus][threads]") {
    bus_fixture f{0, 2};
    std::vector<std::unique_ptr<recorder>> recorders;
    std::vector<subscription> subscriptions;
    for (int i = 0; i < 8; ++i) {
        recorders.push_back(std::make_unique<recorder>());
        subscriptions.push_back(
            f.bus.subscribe(i % 2 == 0 ? "even" : "#", recorders.back()->handler(), delivery::queued));
    }
    for (int i = 0; i < 300; ++i) f.bus.publish(i % 3 == 0 ? "even" : "other", {{"i", i}});
    f.bus.wait_idle();
    for (int i = 0; i < 8; ++i) {
        const auto& got = recorders[static_cast<std::size_t>(i)]->events;
        REQUIRE(got.size() == (i % 2 == 0 ? 100U : 300U));
        for (std::size_t k = 1; k < got.size(); ++k) CHECK(got[k - 1].id < got[k].id);
    }
}

TEST_CASE("cancel_owner returns only after the owner's running handler has finished", "[bus][threads]") {
    bus_fixture f{0, 2};
    std::promise<void> entered;
    std::atomic<bool> finished{false};
    subscription s;
    s = f.bus.subscribe_as("stopping", nullptr, "slow", [&](const event&) {
        entered.set_value();
        while (s.active()) std::this_thread::yield();  // runs until cancel_owner has deactivated it
        finished = true;
    }, delivery::queued);
    f.bus.publish("slow");
    entered.get_future().wait();
    f.bus.cancel_owner("stopping");
    CHECK(finished);
    f.bus.publish("slow");
    f.bus.wait_idle();  // a cancelled queued subscriber receives nothing more
}

namespace {
struct goal_set {
    static constexpr std::string_view topic = "goal.set";
    std::string goal_id;
    std::string title;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(goal_set, goal_id, title)
}  // namespace

TEST_CASE("typed helpers publish and receive structs under their declared topic", "[bus]") {
    bus_fixture f{0};
    std::vector<goal_set> received;
    event_id seen_id = 0;
    auto s = f.bus.subscribe<goal_set>([&](const goal_set& g, const event& e) {
        received.push_back(g);
        seen_id = e.id;
    });
    const auto id = f.bus.publish(goal_set{"g-1", "Run a retrospective"});
    REQUIRE(received.size() == 1);
    CHECK(received[0].title == "Run a retrospective");
    CHECK(seen_id == id);
    // A payload that does not convert is a handler failure, not a crash.
    f.bus.publish("goal.set", {{"goal_id", 12}});
    CHECK(received.size() == 1);
    REQUIRE(f.bus.dead_letters().size() == 1);
    CHECK_THAT(f.bus.dead_letters()[0].error,
               Catch::StartsWith("the payload of 'goal.set' does not fit the typed event: ") &&
                   Catch::Contains("type must be string"));
}

TEST_CASE("the kernel's own subscriptions are never quarantined", "[bus]") {
    bus_fixture f{2};
    int calls = 0;
    auto s = f.bus.subscribe("ping", [&](const event&) {
        ++calls;
        throw std::runtime_error("bad input");
    });
    for (int i = 0; i < 5; ++i) f.bus.publish("ping");
    CHECK(calls == 5);
    CHECK(s.active());
    CHECK_FALSE(f.bus.is_quarantined("kernel"));
}

TEST_CASE("a journal that fails while a plugin is quarantined leaves the bus usable", "[bus]") {
    bus_fixture f{1};
    bool refuse_quarantine_event = true;
    f.bus.add_observer([&](const event& e) {
        if (e.topic == "plugin.quarantined" && refuse_quarantine_event) throw std::runtime_error("journal full");
    });
    auto bad = f.bus.subscribe_as("flaky", nullptr, "ping", [](const event&) { throw std::runtime_error("boom"); },
                                  delivery::queued);
    auto also_bad = f.bus.subscribe_as("shaky", nullptr, "ping", [](const event&) { throw std::runtime_error("boom"); },
                                       delivery::synchronous);
    CHECK_NOTHROW(f.bus.publish("ping"));
    f.bus.wait_idle();
    CHECK(f.bus.is_quarantined("flaky"));
    CHECK(f.bus.is_quarantined("shaky"));
    // Dispatch state was unwound properly: cancelling and publishing still work.
    f.bus.cancel_owner("someone");
    refuse_quarantine_event = false;
    CHECK(f.bus.publish("pong") > 0);
}

TEST_CASE("cancel_owner from inside a handler waits for other threads' handlers, not for itself",
          "[bus][threads]") {
    bus_fixture f{0, 2};
    std::promise<void> worker_entered;
    std::promise<void> release_worker;
    auto release = release_worker.get_future().share();
    std::atomic<bool> worker_done{false};
    auto slow = f.bus.subscribe_as("worker", nullptr, "slow", [&, release](const event&) {
        worker_entered.set_value();
        release.wait();
        worker_done = true;
    }, delivery::queued);
    bool done_when_cancel_returned = false;
    auto canceller = f.bus.subscribe("cancel", [&](const event&) {
        release_worker.set_value();  // the worker may finish now; cancel_owner must wait for it
        f.bus.cancel_owner("other");
        done_when_cancel_returned = worker_done;
    });
    f.bus.publish("slow");
    worker_entered.get_future().wait();
    f.bus.publish("cancel");
    CHECK(done_when_cancel_returned);
    f.bus.wait_idle();
}
