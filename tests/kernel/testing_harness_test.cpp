#include <mentorkit/testing.hpp>
#include <mentorkit/version.hpp>

#include <catch2/catch.hpp>

#include "temp_folder.hpp"

#include <initializer_list>
#include <utility>

using mentorkit::test_support::temp_folder;
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

namespace {

// Asks the reader fixture (tests/fixtures/plugins/reader_plugin.cpp) and returns its answer.
nlohmann::json ask(harness& h, nlohmann::json question) {
    const auto before = h.events("reader.answer").size();
    h.publish("reader.ask", std::move(question));
    const auto answers = h.events("reader.answer");
    REQUIRE(answers.size() == before + 1);
    return answers.back().payload;
}

nlohmann::json listed(std::initializer_list<std::pair<mentorkit::event_id, const char*>> events) {
    auto out = nlohmann::json::array();
    for (const auto& [id, topic] : events) out.push_back({id, topic});
    return out;
}

}  // namespace

TEST_CASE("the harness gives the plugin what was published before start() as its history", "[harness]") {
    harness h{FIXTURE_READER_PLUGIN_PATH};
    const auto set = h.publish("goal.set", {{"id", "g-1"}, {"mentee_id", "e-1"}});
    h.publish("ping");
    const auto progressed = h.publish("goal.progressed", {{"goal_id", "g-1"}, {"progress", 40}});
    h.with_config("history: 'goal.*'\n").start();
    const auto started = h.events("reader.started");
    REQUIRE(started.size() == 1);
    CHECK(started[0].payload["events"] == listed({{set, "goal.set"}, {progressed, "goal.progressed"}}));

    // Later, the history is the journal so far, as in a running program.
    const auto abandoned = h.publish("goal.abandoned", {{"goal_id", "g-1"}});
    CHECK(ask(h, {{"history", "goal.*"}})["events"] ==
          listed({{set, "goal.set"}, {progressed, "goal.progressed"}, {abandoned, "goal.abandoned"}}));
}

TEST_CASE("a view the plugin follows sees the history in publish order, then each new event once",
          "[harness][follow]") {
    harness h{FIXTURE_READER_PLUGIN_PATH};
    const auto a = h.publish("tally.two");
    const auto b = h.publish("tally.one");
    h.publish("tally.three");  // not one of the view's topics
    h.start();
    const auto c = h.publish("tally.one");
    const auto d = h.publish("tally.two");
    CHECK(ask(h, {{"tally", true}})["tally"] == nlohmann::json{a, b, c, d});
}

TEST_CASE("a roster followed from the history ends as it would have live", "[harness][follow]") {
    harness h{FIXTURE_READER_PLUGIN_PATH};
    h.publish("participant.enrolled", {{"id", "e-1"}});
    h.publish("participant.withdrew", {{"person_id", "e-1"}});
    h.publish("participant.enrolled", {{"id", "e-1"}});  // came back
    h.publish("goal.set", {{"id", "g-1"}, {"mentee_id", "e-1"}});
    h.publish("goal.at_risk", {{"goal_id", "g-1"}, {"progress", 20}});
    h.publish("goal.progressed", {{"goal_id", "g-1"}, {"progress", 30}});  // back on track
    h.start();
    const auto answer = ask(h, {{"roster", "e-1"}});
    CHECK(answer["people"] == nlohmann::json{"e-1"});
    CHECK(answer["goals"] == nlohmann::json::parse(R"([["g-1", "open", 30]])"));
}

TEST_CASE("the harness serves a catalog given as text", "[harness]") {
    harness h{FIXTURE_READER_PLUGIN_PATH};
    h.with_catalog("opportunities", "- id: o-1\n  title: Lead the guild\n").start();
    const auto answer = ask(h, {{"catalog", "opportunities"}});
    CHECK(answer["catalog"] == nlohmann::json::parse(R"([{"id": "o-1", "title": "Lead the guild"}])"));
    CHECK(answer["file"] == "<catalog opportunities>");
    CHECK(ask(h, {{"catalog", "resources"}})["error"] ==
          "no catalog 'resources': no catalog folders are configured (catalog_dirs in the kernel config)");
    CHECK_THROWS_WITH(harness{FIXTURE_READER_PLUGIN_PATH}.with_catalog("bad", "id: a\nid: b\n"),
                      "<catalog bad>:2:1: duplicate key 'id' (first at line 1)");
}

TEST_CASE("the harness serves catalogs from a folder, a catalog given as text first", "[harness]") {
    temp_folder dir;
    const auto guides = dir.write("guides.yaml", "- first meeting\n- midpoint review\n");
    dir.write("opportunities.yaml", "source: folder\n");
    harness h{FIXTURE_READER_PLUGIN_PATH};
    h.with_catalog_dir(dir.path()).with_catalog("opportunities", "source: harness\n").start();
    auto answer = ask(h, {{"catalog", "guides"}});
    CHECK(answer["catalog"] == nlohmann::json{"first meeting", "midpoint review"});
    CHECK(answer["file"] == guides.string());
    CHECK(ask(h, {{"catalog", "opportunities"}})["catalog"] == nlohmann::json{{"source", "harness"}});
    CHECK(ask(h, {{"catalog", "resources"}})["error"] ==
          "no catalog 'resources' in " + dir.path().string() + "; available: guides opportunities");
}

TEST_CASE("the harness runs a plugin built against an older SDK minor", "[harness]") {
    harness h{FIXTURE_SDK_1_1_PLUGIN_PATH};
    h.start();
    h.publish("ping", {{"n", 1}});
    const auto pongs = h.events("pong");
    REQUIRE(pongs.size() == 1);
    CHECK(pongs[0].source == "sdk_1_1");
    CHECK(pongs[0].payload == nlohmann::json{{"n", 1}});
}
