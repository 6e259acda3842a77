// Keeping the relationship on track: lapsed meetings and falling ratings raise
// relationship.at_risk once, with a course correction sent to both of the pair.

#include "relationship_test_support.hpp"

#include <catch2/catch.hpp>

using namespace relationship_test;

namespace {

harness& started(harness& h, std::string_view config = "") {
    if (!config.empty()) h.with_config(config);
    h.start();
    h.publish("relationship.started", started_payload);
    h.clear_events();
    return h;
}

}  // namespace

TEST_CASE("one missed meeting does not raise an alert, the second in a row does, once", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    started(h);
    held(h, "r-17/kickoff", "2027-01-08");
    missed(h, "r-17/1");
    CHECK(h.events("relationship.at_risk").empty());
    CHECK(h.events("notification.requested").empty());

    missed(h, "r-17/2");
    auto alerts = emitted(h, "relationship.at_risk");
    REQUIRE(alerts.size() == 1);
    const auto& a = alerts[0].payload;
    CHECK(a["relationship_id"] == "r-17");
    CHECK(a["mentor_id"] == "p-mentor");
    CHECK(a["mentee_id"] == "p-mentee");
    CHECK(a["kind"] == "meetings_lapsed");
    CHECK(a["to"] == json{"p-mentor", "p-mentee"});
    CHECK(a["reason"] ==
          "2 meetings missed in a row (r-17/1, r-17/2), reaching the limit of 2; the last meeting was "
          "held on 2027-01-08");
    CHECK(a["evidence"] == json{{"missed_in_a_row", 2},
                                {"threshold", 2},
                                {"missed_meetings", {"r-17/1", "r-17/2"}},
                                {"meetings_held", 1},
                                {"last_held_on", "2027-01-08"}});
    CHECK(contains(a["suggestion"], "fixed slot"));
    CHECK(contains(a["suggestion"], "shorter 30-minute meetings"));

    const auto notes = h.events("notification.requested");
    REQUIRE(notes.size() == 2);
    CHECK(notes[0].payload["to"] == "p-mentor");
    CHECK(notes[1].payload["to"] == "p-mentee");
    for (const auto& n : notes) {
        CHECK(n.payload["relationship_id"] == "r-17");
        CHECK(n.payload["suggestion"] == a["suggestion"]);
        CHECK(contains(n.payload["body"], "2 meetings missed in a row"));
        CHECK(contains(n.payload["body"], "fixed slot"));
    }

    missed(h, "r-17/3");  // still lapsed: no second alert
    CHECK(emitted(h, "relationship.at_risk").size() == 1);
}

TEST_CASE("a held meeting resets the count, so a new lapse raises again", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    started(h);
    missed(h, "r-17/1");
    missed(h, "r-17/2");
    REQUIRE(emitted(h, "relationship.at_risk").size() == 1);
    CHECK(emitted(h, "relationship.at_risk")[0].payload["evidence"]["last_held_on"].is_null());
    CHECK(contains(emitted(h, "relationship.at_risk")[0].payload["reason"], "no meeting held yet"));

    held(h, "r-17/3", "2027-03-01");
    missed(h, "r-17/4");
    CHECK(emitted(h, "relationship.at_risk").size() == 1);  // one miss since the meeting held
    held(h, "r-17/5", "2027-04-01");
    missed(h, "r-17/6");
    missed(h, "r-17/7");
    const auto alerts = emitted(h, "relationship.at_risk");
    REQUIRE(alerts.size() == 2);
    CHECK(alerts[1].payload["evidence"]["missed_meetings"] == json{"r-17/6", "r-17/7"});
    CHECK(alerts[1].payload["evidence"]["meetings_held"] == 2);
    CHECK(alerts[1].payload["evidence"]["last_held_on"] == "2027-04-01");
}

TEST_CASE("the same missed meeting reported twice counts once", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    started(h);
    missed(h, "r-17/1");
    missed(h, "r-17/1");
    CHECK(h.events("relationship.at_risk").empty());
}

TEST_CASE("missed_in_a_row sets how many misses raise the alert", "[relationship]") {
    SECTION("1: the first miss") {
        harness h{RELATIONSHIP_PLUGIN_PATH};
        started(h, "at_risk:\n  missed_in_a_row: 1\n");
        missed(h, "r-17/1");
        const auto alerts = emitted(h, "relationship.at_risk");
        REQUIRE(alerts.size() == 1);
        CHECK(alerts[0].payload["evidence"]["threshold"] == 1);
    }
    SECTION("3: two misses are not enough") {
        harness h{RELATIONSHIP_PLUGIN_PATH};
        started(h, "at_risk:\n  missed_in_a_row: 3\n");
        missed(h, "r-17/1");
        missed(h, "r-17/2");
        CHECK(h.events("relationship.at_risk").empty());
        missed(h, "r-17/3");
        CHECK(emitted(h, "relationship.at_risk").size() == 1);
    }
}

TEST_CASE("an average of the last 3 ratings below 2.5 raises once, and again after recovering", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    started(h);
    checkin(h, "p-mentor", 2, "2027-01-10");
    checkin(h, "p-mentee", 2, "2027-01-10");
    CHECK(h.events("relationship.at_risk").empty());  // two ratings are not a window of three

    checkin(h, "p-mentor", 3, "2027-01-24");  // (2 + 2 + 3) / 3 = 2.33
    auto alerts = emitted(h, "relationship.at_risk");
    REQUIRE(alerts.size() == 1);
    const auto& a = alerts[0].payload;
    CHECK(a["kind"] == "ratings_low");
    CHECK(a["reason"] == "the average rating of the last 3 check-ins is 2.33 (2, 2, 3), below 2.5");
    CHECK(a["evidence"] == json{{"average_rating", 2.33},
                                {"ratings", {2, 2, 3}},
                                {"ratings_window", 3},
                                {"threshold", 2.5},
                                {"ratings_received", 3}});
    CHECK(contains(a["suggestion"], "feedback conversation about what each of you needs"));
    CHECK(contains(a["suggestion"], "program manager's help or a rematch"));
    const auto notes = h.events("notification.requested");
    REQUIRE(notes.size() == 2);
    CHECK(contains(notes[1].payload["body"], "below 2.5"));

    checkin(h, "p-mentee", 2, "2027-01-24");  // (2 + 3 + 2) / 3: still low, already said
    CHECK(emitted(h, "relationship.at_risk").size() == 1);
    checkin(h, "p-mentor", 4, "2027-02-07");
    checkin(h, "p-mentee", 4, "2027-02-07");  // (2 + 4 + 4) / 3 = 3.33: recovered
    CHECK(emitted(h, "relationship.at_risk").size() == 1);
    checkin(h, "p-mentor", 1, "2027-02-21");  // (4 + 4 + 1) / 3 = 3
    checkin(h, "p-mentee", 1, "2027-02-21");  // (4 + 1 + 1) / 3 = 2: falling again
    alerts = emitted(h, "relationship.at_risk");
    REQUIRE(alerts.size() == 2);
    CHECK(alerts[1].payload["evidence"]["average_rating"] == 2.0);
    CHECK(alerts[1].payload["evidence"]["ratings"] == json{4, 1, 1});
    CHECK(alerts[1].payload["evidence"]["ratings_received"] == 8);
}

TEST_CASE("an average exactly at rating_below is not below it", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    started(h, "at_risk:\n  ratings_window: 2\n");
    checkin(h, "p-mentor", 2, "2027-01-10");
    checkin(h, "p-mentee", 3, "2027-01-10");  // 2.5
    checkin(h, "p-mentor", 2, "2027-01-24");  // 2.5
    CHECK(h.events("relationship.at_risk").empty());
    checkin(h, "p-mentee", 1, "2027-01-24");  // 1.5
    const auto alerts = emitted(h, "relationship.at_risk");
    REQUIRE(alerts.size() == 1);
    CHECK(alerts[0].payload["evidence"]["average_rating"] == 1.5);
    CHECK(alerts[0].payload["reason"] == "the average rating of the last 2 check-ins is 1.5 (2, 1), below 2.5");
}

TEST_CASE("rating_below and ratings_window follow the settings", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    started(h, "at_risk:\n  rating_below: 3.5\n  ratings_window: 1\n");
    checkin(h, "p-mentor", 4, "2027-01-10");
    CHECK(h.events("relationship.at_risk").empty());
    checkin(h, "p-mentee", 3, "2027-01-10");
    const auto alerts = emitted(h, "relationship.at_risk");
    REQUIRE(alerts.size() == 1);
    CHECK(alerts[0].payload["evidence"]["threshold"] == 3.5);
    CHECK(alerts[0].payload["evidence"]["ratings"] == json{3});
}

TEST_CASE("ratings of 0 or missing are ignored; check-ins and feedback both count", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    started(h);
    checkin(h, "p-mentor", 1, "2027-01-10");
    checkin(h, "p-mentee", 0, "2027-01-10");
    h.publish("checkin.submitted", {{"relationship_id", "r-17"}, {"from", "p-mentee"}, {"on", "2027-01-11"}});
    checkin(h, "p-mentee", 1, "2027-01-12", "r-17", "feedback.given");
    CHECK(h.events("relationship.at_risk").empty());  // two real ratings so far
    checkin(h, "p-mentor", 1, "2027-01-20");
    const auto alerts = emitted(h, "relationship.at_risk");
    REQUIRE(alerts.size() == 1);
    CHECK(alerts[0].payload["evidence"]["ratings"] == json{1, 1, 1});
    CHECK(alerts[0].payload["evidence"]["ratings_received"] == 3);
    CHECK(h.dead_letters().empty());
}

TEST_CASE("the same check-in reported twice counts once", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    started(h);
    checkin(h, "p-mentor", 1, "2027-01-10");
    checkin(h, "p-mentor", 1, "2027-01-10");
    checkin(h, "p-mentee", 1, "2027-01-10");
    CHECK(h.events("relationship.at_risk").empty());
}

TEST_CASE("no alerts for a closed or unknown relationship, nor once the program is ending", "[relationship]") {
    SECTION("closed") {
        harness h{RELATIONSHIP_PLUGIN_PATH};
        started(h);
        missed(h, "r-17/1");
        h.publish("relationship.closed",
                  {{"relationship_id", "r-17"}, {"outcome", "closed_early"}, {"reason", "the mentee left"}});
        missed(h, "r-17/2");
        for (int i = 0; i < 3; ++i) checkin(h, "p-mentee", 1, "2027-02-0" + std::to_string(i + 1));
        CHECK(h.events("relationship.at_risk").empty());
        CHECK(h.events("notification.requested").empty());
    }
    SECTION("unknown") {
        harness h{RELATIONSHIP_PLUGIN_PATH};
        started(h);
        missed(h, "r-99/1", "r-99");
        missed(h, "r-99/2", "r-99");
        CHECK(h.events("relationship.at_risk").empty());
    }
    SECTION("program ending") {
        harness h{RELATIONSHIP_PLUGIN_PATH};
        started(h);
        missed(h, "r-17/1");
        h.publish("program.ending", {{"program", "eng-2027"}});
        missed(h, "r-17/2");  // the runtime judges the last meeting as it closes everything
        CHECK(h.events("relationship.at_risk").empty());
    }
}

TEST_CASE("a malformed check-in or missed meeting is a dead letter", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    started(h);
    h.publish("checkin.submitted", {{"relationship_id", "r-17"}, {"from", "p-mentor"}, {"rating", 7}});
    h.publish("feedback.given", {{"relationship_id", "r-17"}, {"from", "p-mentor"}, {"rating", "4"}});
    h.publish("meeting.missed", {{"meeting_id", "r-17/1"}});
    const auto dead = h.dead_letters();
    REQUIRE(dead.size() == 3);
    CHECK(dead[0].error == "checkin.submitted needs \"rating\" to be a whole number from 0 to 5, found 7");
    CHECK(dead[1].error == "feedback.given needs \"rating\" to be a whole number from 0 to 5, found \"4\"");
    CHECK(dead[2].error == "meeting.missed needs a non-empty string \"relationship_id\" in its payload");
}

TEST_CASE("after a restart the count of misses and ratings goes on from the history", "[relationship]") {
    SECTION("one miss before, one after: raised") {
        harness h{RELATIONSHIP_PLUGIN_PATH};
        h.publish("relationship.started", started_payload);
        missed(h, "r-17/1");
        h.start();
        missed(h, "r-17/2");
        const auto alerts = emitted(h, "relationship.at_risk");
        REQUIRE(alerts.size() == 1);
        CHECK(alerts[0].payload["evidence"]["missed_meetings"] == json{"r-17/1", "r-17/2"});
    }
    SECTION("already raised before: not again until a meeting is held") {
        harness h{RELATIONSHIP_PLUGIN_PATH};
        h.publish("relationship.started", started_payload);
        missed(h, "r-17/1");
        missed(h, "r-17/2");
        h.publish("relationship.at_risk", {{"relationship_id", "r-17"}, {"kind", "meetings_lapsed"}});
        h.start();
        missed(h, "r-17/3");
        CHECK(emitted(h, "relationship.at_risk").empty());
        held(h, "r-17/4", "2027-04-01");
        missed(h, "r-17/5");
        missed(h, "r-17/6");
        CHECK(emitted(h, "relationship.at_risk").size() == 1);
    }
    SECTION("two low ratings before, one after: raised") {
        harness h{RELATIONSHIP_PLUGIN_PATH};
        h.publish("relationship.started", started_payload);
        checkin(h, "p-mentor", 2, "2027-01-10");
        checkin(h, "p-mentee", 2, "2027-01-10");
        h.start();
        checkin(h, "p-mentor", 2, "2027-01-24");
        const auto alerts = emitted(h, "relationship.at_risk");
        REQUIRE(alerts.size() == 1);
        CHECK(alerts[0].payload["evidence"]["ratings"] == json{2, 2, 2});
    }
}
