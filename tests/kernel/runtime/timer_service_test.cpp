#include "logging.hpp"
#include "runtime/timer_service.hpp"

#include <catch2/catch.hpp>

#include "temp_folder.hpp"

using namespace mentorkit;
using mentorkit::test_support::temp_folder;

namespace {

time_point day(const char* date) { return *parse_date(date); }

struct timer_fixture {
    explicit timer_fixture(store* persistence = nullptr)
        : timers{bus, clock, persistence}, scheduler{timers.scoped("teach")} {
        bus.add_observer([this](const event& e) { events.push_back(e); });
    }
    simulated_clock clock{day("2027-01-04")};
    log_hub logs{"off"};
    in_process_bus bus{bus_options{}, logs.make("bus"), clock};
    std::vector<event> events;
    timer_service timers;
    std::unique_ptr<mentorkit::scheduler> scheduler;

    std::vector<std::string> fired() const {
        std::vector<std::string> out;
        for (const auto& e : events) out.push_back(e.topic + "@" + format_date(e.time));
        return out;
    }
};

}  // namespace

TEST_CASE("timers fire in due order, as their owner, at their due time", "[timers]") {
    timer_fixture f;
    f.scheduler->at(day("2027-01-20"), "b.second", {{"n", 2}});
    f.scheduler->at(day("2027-01-10"), "a.first", {{"n", 1}});
    f.scheduler->at(day("2027-01-20"), "c.third", {{"n", 3}});  // same time: in the order set
    CHECK(f.timers.next_due() == day("2027-01-10"));
    CHECK(f.timers.advance(f.clock, day("2027-01-15")) == 1);
    CHECK(f.clock.now() == day("2027-01-15"));
    CHECK(f.timers.advance(f.clock, day("2027-02-01")) == 2);
    CHECK(f.fired() == std::vector<std::string>{"a.first@2027-01-10", "b.second@2027-01-20", "c.third@2027-01-20"});
    CHECK(f.events[0].source == "teach");
    CHECK(f.events[0].payload["n"] == 1);
    CHECK(f.timers.pending() == 0);
}

TEST_CASE("a periodic timer fires every period up to its last time, calendar months included", "[timers]") {
    timer_fixture f;
    f.scheduler->every(day("2027-01-31"), duration{1, {}}, "survey.due", {}, day("2027-04-30"));
    f.timers.advance(f.clock, day("2027-12-31"));
    // Each firing counts from the first, so the end of February does not pull the rest back.
    CHECK(f.fired() == std::vector<std::string>{"survey.due@2027-01-31", "survey.due@2027-02-28",
                                                "survey.due@2027-03-31", "survey.due@2027-04-30"});
    CHECK_THROWS_AS(f.scheduler->every(day("2027-01-01"), duration{}, "x.y", {}), std::invalid_argument);
    CHECK_THROWS_AS(f.scheduler->at(day("2027-01-01"), "not a topic", {}), std::invalid_argument);
}

TEST_CASE("a repeating timer may fire at most 24 times a day, whoever sets it", "[timers][rates]") {
    timer_fixture f;
    CHECK_THROWS_WITH(f.scheduler->every(day("2027-01-01"), *parse_duration("1s"), "x.y", {}),
                      "a repeating timer's period (1s) is shorter than 1h: it would fire more than 24 times a day");
    CHECK_THROWS_AS(f.scheduler->every(day("2027-01-01"), *parse_duration("59m 59s"), "x.y", {}),
                    std::invalid_argument);
    timer_record direct;
    direct.owner = "kernel";
    direct.topic = "x.y";
    direct.due = day("2027-01-01");
    direct.period = *parse_duration("10m");
    CHECK_THROWS_AS(f.timers.set(direct), std::invalid_argument);
    CHECK(f.timers.pending() == 0);
    f.scheduler->every(day("2027-01-05"), *parse_duration("1h"), "x.y", {}, day("2027-01-06"));
    f.timers.advance(f.clock, day("2027-01-07"));
    CHECK(f.fired().size() == 25);  // every hour from midnight to midnight, both included
}

TEST_CASE("a key names a timer: setting it again replaces it, and it can be cancelled by key", "[timers]") {
    timer_fixture f;
    f.scheduler->at(day("2027-01-10"), "checkin.due", {{"v", 1}}, "checkin/r-1");
    f.scheduler->at(day("2027-01-12"), "checkin.due", {{"v", 2}}, "checkin/r-1");
    const auto other = f.scheduler->at(day("2027-01-11"), "checkin.due", {{"v", 3}}, "checkin/r-2");
    CHECK(f.timers.pending() == 2);
    CHECK(f.scheduler->cancel(other));
    CHECK_FALSE(f.scheduler->cancel(other));
    f.timers.advance(f.clock, day("2027-02-01"));
    REQUIRE(f.events.size() == 1);
    CHECK(f.events[0].payload["v"] == 2);
    f.scheduler->at(day("2027-03-01"), "x.y", {}, "k");
    CHECK(f.scheduler->cancel(std::string_view{"k"}));
    CHECK(f.timers.pending() == 0);
}

TEST_CASE("after() counts from the program time now", "[timers]") {
    timer_fixture f;
    f.clock.set(day("2027-02-10"));
    f.scheduler->after(*parse_duration("3d"), "reminder.due", {});
    CHECK(f.scheduler->now() == day("2027-02-10"));
    f.timers.advance(f.clock, day("2027-03-01"));
    CHECK(f.fired() == std::vector<std::string>{"reminder.due@2027-02-13"});
}

TEST_CASE("a timer set by a handler and already due fires in the same step", "[timers]") {
    timer_fixture f;
    auto chain = f.bus.subscribe("step.one", [&](const event&) { f.scheduler->at(f.clock.now(), "step.two", {}); });
    f.scheduler->at(day("2027-01-05"), "step.one", {});
    f.timers.advance(f.clock, day("2027-01-05"));
    CHECK(f.fired() == std::vector<std::string>{"step.one@2027-01-05", "step.two@2027-01-05"});
}

TEST_CASE("timers live in the store: a restarted program still has them and fires each once", "[timers]") {
    temp_folder dir;
    const auto file = dir / "p.db";
    std::vector<std::string> uninterrupted;
    {
        store s{":memory:", "p"};
        timer_fixture f{&s};
        f.scheduler->every(day("2027-01-10"), *parse_duration("1w"), "meeting.due", {}, day("2027-02-07"));
        f.scheduler->at(day("2027-01-20"), "survey.due", {});
        f.timers.advance(f.clock, day("2027-03-01"));
        uninterrupted = f.fired();
    }
    std::vector<std::string> restarted;
    timer_id before_restart = 0;
    {
        store s{file, "p"};
        timer_fixture f{&s};
        f.scheduler->every(day("2027-01-10"), *parse_duration("1w"), "meeting.due", {}, day("2027-02-07"));
        before_restart = f.scheduler->at(day("2027-01-20"), "survey.due", {});
        f.timers.advance(f.clock, day("2027-01-18"));
        restarted = f.fired();
    }
    {
        store s{file, "p"};
        timer_fixture f{&s};
        CHECK(f.timers.pending() == 2);
        f.clock.set(day("2027-01-18"));
        f.timers.advance(f.clock, day("2027-03-01"));
        const auto rest = f.fired();
        restarted.insert(restarted.end(), rest.begin(), rest.end());
        CHECK(f.scheduler->at(day("2027-04-01"), "x.y", {}) > before_restart);  // ids are never reused
        CHECK(s.timers().size() == 1);
    }
    CHECK(restarted == uninterrupted);
    CHECK(uninterrupted.size() == 6);
}
