#include <mentorkit/testing.hpp>
#include <mentorkit/version.hpp>

#include <catch2/catch.hpp>

using mentorkit::testing::harness;

TEST_CASE("the harness loads a plugin from disk and records what it publishes", "[harness]") {
    harness h{FIXTURE_GOOD_PLUGIN_PATH};
    h.start();
    REQUIRE(h.emitted().size() == 1);
    CHECK(h.emitted()[0].topic == "fixture.started");
    h.clear_events();
    h.publish("ping", {{"n", 7}});
    const auto events = h.events();
    REQUIRE(events.size() == 2);
    CHECK(events[0].topic == "ping");
    CHECK(events[0].source == "test");
    CHECK(events[1].topic == "pong");
    CHECK(events[1].source == "good");
    CHECK(events[1].payload["n"] == 7);
    CHECK(events[1].correlation_id == events[0].id);
    CHECK(h.events("po*").empty());  // a pattern matches whole segments
    CHECK(h.events("pong").size() == 1);
}

TEST_CASE("the harness hands the plugin its config and moves simulated time", "[harness]") {
    harness h{FIXTURE_GOOD_PLUGIN_PATH};
    h.starting_at(*mentorkit::parse_date("2027-03-01")).with_config("reply_topic: answer.given\n").start();
    h.advance(*mentorkit::parse_duration("1w"));
    h.publish("ping");
    const auto answers = h.events("answer.given");
    REQUIRE(answers.size() == 1);
    CHECK(mentorkit::format_date(answers[0].time) == "2027-03-08");
}

TEST_CASE("the harness reports a bad config as the plugin's config_error", "[harness]") {
    harness h{FIXTURE_GOOD_PLUGIN_PATH};
    h.with_config("reply_topic: pong\nextra: 1\n");
    CHECK_THROWS_AS(h.start(), mentorkit::config_error);
    CHECK_THROWS_WITH(harness{FIXTURE_GOOD_PLUGIN_PATH}.with_config("- a list\n"),
                      Catch::Contains("the module config must be a mapping"));
}

TEST_CASE("the harness keeps handler failures as dead letters", "[harness]") {
    harness h{FIXTURE_THROWS_IN_HANDLER_PLUGIN_PATH};
    h.start();
    for (int i = 0; i < 10; ++i) h.publish("ping");
    const auto dead = h.dead_letters();
    REQUIRE(dead.size() == 10);  // the harness never quarantines
    CHECK(dead[0].error == "handler exploded");
}

TEST_CASE("the harness refuses a plugin the kernel would refuse", "[harness]") {
    CHECK_THROWS_WITH(harness{FIXTURE_WRONG_MAJOR_PLUGIN_PATH}, Catch::Contains("built against mentorkit SDK " + std::to_string(MENTORKIT_SDK_API_MAJOR + 1) + "."));
    harness h{FIXTURE_THROWS_IN_START_PLUGIN_PATH};
    CHECK_THROWS_WITH(h.start(), "plugin failed to start: throws_in_start: start exploded");
}
