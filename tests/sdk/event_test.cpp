#include <mentorkit/bus.hpp>
#include <mentorkit/event.hpp>

#include <catch2/catch.hpp>

using mentorkit::is_valid_pattern;
using mentorkit::is_valid_topic;
using mentorkit::topic_matches;

TEST_CASE("topics are dotted names of letters, digits, '_' and '-'", "[event]") {
    CHECK(is_valid_topic("goal.achieved"));
    CHECK(is_valid_topic("plugin.my-plugin.v2_ready"));
    CHECK_FALSE(is_valid_topic(""));
    CHECK_FALSE(is_valid_topic("goal."));
    CHECK_FALSE(is_valid_topic(".goal"));
    CHECK_FALSE(is_valid_topic("goal..set"));
    CHECK_FALSE(is_valid_topic("goal.*"));
    CHECK_FALSE(is_valid_topic("goal set"));
    CHECK(is_valid_topic("a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p"));       // 16 segments
    CHECK_FALSE(is_valid_topic("a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q"));  // 17
}

TEST_CASE("patterns allow whole-segment * and #", "[event]") {
    CHECK(is_valid_pattern("goal.*"));
    CHECK(is_valid_pattern("#"));
    CHECK(is_valid_pattern("*.achieved.#"));
    CHECK_FALSE(is_valid_pattern("goal.a*"));
    CHECK_FALSE(is_valid_pattern("goal.#x"));
    CHECK_FALSE(is_valid_pattern("goal..*"));
}

TEST_CASE("* matches exactly one segment and # any number", "[event]") {
    CHECK(topic_matches("goal.set", "goal.set"));
    CHECK_FALSE(topic_matches("goal.set", "goal.sets"));
    CHECK(topic_matches("goal.*", "goal.set"));
    CHECK_FALSE(topic_matches("goal.*", "goal"));
    CHECK_FALSE(topic_matches("goal.*", "goal.set.late"));
    CHECK(topic_matches("goal.#", "goal"));
    CHECK(topic_matches("goal.#", "goal.set.late"));
    CHECK_FALSE(topic_matches("goal.#", "goals.set"));
    CHECK(topic_matches("#", "anything.at.all"));
    CHECK(topic_matches("#.missed", "meeting.missed"));
    CHECK(topic_matches("#.missed", "missed"));
    CHECK_FALSE(topic_matches("#.missed", "meeting.missed.twice"));
    CHECK(topic_matches("a.#.z", "a.z"));
    CHECK(topic_matches("a.#.z", "a.b.c.z"));
    CHECK_FALSE(topic_matches("a.#.z", "a.b.c"));
    CHECK(topic_matches("*.*.#", "a.b"));
    CHECK_FALSE(topic_matches("*.*.#", "a"));
}

namespace {
struct goal_achieved {
    static constexpr std::string_view topic = "goal.achieved";
    std::string goal_id;
    int progress = 0;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(goal_achieved, goal_id, progress)
}  // namespace

TEST_CASE("a struct with a topic and JSON conversions is a typed event", "[event]") {
    STATIC_REQUIRE(mentorkit::typed_event<goal_achieved>);
    STATIC_REQUIRE_FALSE(mentorkit::typed_event<std::string>);
    mentorkit::event e;
    e.topic = goal_achieved::topic;
    e.payload = goal_achieved{"g-1", 100};
    const auto json = mentorkit::to_json(e);
    CHECK(json["topic"] == "goal.achieved");
    CHECK(json["payload"]["goal_id"] == "g-1");
    CHECK(json.contains("correlation_id") == false);
}

TEST_CASE("patterns with many # are matched correctly, each # taking any number of segments", "[event]") {
    const std::string topic = "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p";
    CHECK(topic_matches("#.#.#.#.#.#.#.#.#.#.#.#.p", topic));
    CHECK_FALSE(topic_matches("#.#.#.#.#.#.#.#.#.#.#.#.z", topic));
    CHECK(topic_matches("#.c.#.h.#", topic));
    CHECK_FALSE(topic_matches("#.h.#.c.#", topic));
    CHECK(topic_matches("#.#", "a"));
    CHECK(topic_matches("#", ""));  // an empty topic never reaches the bus, but the matcher agrees
}
