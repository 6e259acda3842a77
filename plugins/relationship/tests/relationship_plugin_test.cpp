#include <mentorkit/testing.hpp>

#include <catch2/catch.hpp>

using mentorkit::testing::harness;
using nlohmann::json;

namespace {
const json started_payload{{"relationship_id", "r-17"}, {"mentor_id", "p-mentor"}, {"mentee_id", "p-mentee"}};
}

TEST_CASE("a started relationship gets a kickoff meeting with the default agenda within a week", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    h.start();  // simulated time starts on Monday 2027-01-04
    h.publish("relationship.started", started_payload);

    const auto meetings = h.events("meeting.scheduled");
    REQUIRE(meetings.size() == 1);
    const auto& m = meetings[0].payload;
    CHECK(m["relationship_id"] == "r-17");
    CHECK(m["kind"] == "kickoff");
    CHECK(m["meeting_id"] == "r-17/kickoff");
    CHECK(m["due_by"] == "2027-01-11");
    CHECK(m["length"] == "1h");
    CHECK(m["participants"] == json{"p-mentor", "p-mentee"});
    REQUIRE(m["agenda"].size() == 4);
    CHECK(m["agenda"][2].get<std::string>().find("Confidentiality") == 0);
    CHECK(meetings[0].source == "relationship");
}

TEST_CASE("both people are notified and the first check-in is scheduled", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    h.start();
    h.publish("relationship.started", started_payload);
    const auto notes = h.events("notification.requested");
    REQUIRE(notes.size() == 2);
    CHECK(notes[0].payload["to"] == "p-mentor");
    CHECK(notes[1].payload["to"] == "p-mentee");
    CHECK(notes[1].payload["body"].get<std::string>().find("As the mentee") == 0);
    const auto checkins = h.events("checkin.scheduled");
    REQUIRE(checkins.size() == 1);
    CHECK(checkins[0].payload["due"] == "2027-01-18");
    CHECK(checkins[0].payload["respondents"] == json{"p-mentor", "p-mentee"});
}

TEST_CASE("the first check-in is announced when it falls due", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    h.start();
    h.publish("relationship.started", started_payload);
    h.advance(*mentorkit::parse_duration("13d"));
    CHECK(h.events("checkin.due").empty());
    h.advance(*mentorkit::parse_duration("1d"));
    const auto due = h.events("checkin.due");
    REQUIRE(due.size() == 1);
    CHECK(mentorkit::format_date(due[0].time) == "2027-01-18");
    CHECK(due[0].source == "relationship");
    CHECK(due[0].payload["relationship_id"] == "r-17");
}

TEST_CASE("a relationship started twice keeps one check-in reminder", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    h.start();
    h.publish("relationship.started", started_payload);
    h.advance(*mentorkit::parse_duration("1d"));
    h.publish("relationship.started", started_payload);  // e.g. the same input ingested twice
    h.advance(*mentorkit::parse_duration("4w"));
    const auto due = h.events("checkin.due");
    REQUIRE(due.size() == 1);
    CHECK(mentorkit::format_date(due[0].time) == "2027-01-19");  // the later one replaced the first
}

TEST_CASE("kickoff timing and agenda follow the module's settings", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    h.with_config("kickoff_within: 3d\nkickoff_length: 45m\nfirst_checkin_after: 1 month\n"
                  "agenda: [Introductions, Goals]\n")
        .starting_at(*mentorkit::parse_date("2027-01-31"))
        .start();
    h.publish("relationship.started", started_payload);
    const auto m = h.events("meeting.scheduled").at(0).payload;
    CHECK(m["due_by"] == "2027-02-03");
    CHECK(m["length"] == "45m");
    CHECK(m["agenda"] == json{"Introductions", "Goals"});
    // One calendar month after 31 January is the end of February.
    CHECK(h.events("checkin.scheduled").at(0).payload["due"] == "2027-02-28");
}

TEST_CASE("bad settings are refused with their location", "[relationship]") {
    CHECK_THROWS_WITH(harness{RELATIONSHIP_PLUGIN_PATH}.with_config("kickoff_within: soon\n").start(),
                      Catch::StartsWith("<harness config>:1:17: expected a duration"));
    CHECK_THROWS_WITH(harness{RELATIONSHIP_PLUGIN_PATH}.with_config("kickof_within: 3d\n").start(),
                      "<harness config>:1:1: unknown key 'kickof_within'; did you mean 'kickoff_within'?");
    CHECK_THROWS_WITH(harness{RELATIONSHIP_PLUGIN_PATH}.with_config("agenda: []\n").start(),
                      "<harness config>:1:9: agenda needs at least one item");
    CHECK_THROWS_WITH(harness{RELATIONSHIP_PLUGIN_PATH}.with_config("kickoff_within: 0d\n").start(),
                      "<harness config>:1:17: kickoff_within must be longer than 0");
}

TEST_CASE("an incomplete relationship.started is a dead letter, not a crash", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    h.start();
    h.publish("relationship.started", {{"relationship_id", "r-1"}, {"mentor_id", "p-1"}});
    CHECK(h.events("meeting.scheduled").empty());
    const auto dead = h.dead_letters();
    REQUIRE(dead.size() == 1);
    CHECK(dead[0].subscriber == "relationship");
    CHECK(dead[0].error == "relationship.started needs a non-empty string \"mentee_id\" in its payload");
}

TEST_CASE("a relationship closed before its first check-in is not asked for it", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    h.start();
    h.publish("relationship.started", started_payload);
    h.publish("relationship.closed", {{"relationship_id", "r-17"}, {"outcome", "closed_early"}, {"reason", "left"}});
    h.advance(*mentorkit::parse_duration("4w"));
    CHECK(h.events("checkin.due").empty());
}

TEST_CASE("every setting written out is accepted", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    CHECK_NOTHROW(h.with_config("kickoff_within: 1w\nkickoff_length: 1h\nfirst_checkin_after: 2w\n"
                                "agenda: [Get to know each other]\ndefault_capacity: 2\nmin_mentor_years: 3\n"
                                "min_mentor_grade: 0\ntrust_meetings: 3\n"
                                "at_risk:\n  missed_in_a_row: 2\n  rating_below: 2.5\n  ratings_window: 3\n"
                                "midpoint_after: 3 months\nreview_within: 2w\nreview_length: 1h\n")
                      .start());
}

TEST_CASE("bad readiness, trust and midpoint settings are refused with their location", "[relationship]") {
    auto error_of = [](std::string_view yaml) -> std::string {
        try {
            harness{RELATIONSHIP_PLUGIN_PATH}.with_config(yaml).start();
        } catch (const mentorkit::config_error& e) {
            return e.what();
        }
        return "no error";
    };
    CHECK(error_of("default_capacity: -1\n") ==
          "<harness config>:1:19: default_capacity must be a whole number of at least 0, found -1");
    CHECK(error_of("default_capacity: two\n") == "<harness config>:1:19: expected a whole number, found 'two'");
    CHECK(error_of("min_mentor_years: -2\n") ==
          "<harness config>:1:19: min_mentor_years must be a number of at least 0, found -2");
    CHECK(error_of("min_mentor_years: lots\n") == "<harness config>:1:19: expected a number, found 'lots'");
    CHECK(error_of("min_mentor_grade: -1\n") ==
          "<harness config>:1:19: min_mentor_grade must be a whole number of at least 0, found -1");
    CHECK(error_of("trust_meetings: 0\n") ==
          "<harness config>:1:17: trust_meetings must be a whole number of at least 1, found 0");
    CHECK(error_of("midpoint_after: 0d\n") == "<harness config>:1:17: midpoint_after must be longer than 0");
    CHECK(error_of("review_within: never\n").starts_with("<harness config>:1:16: expected a duration"));
    CHECK(error_of("review_length: 0m\n") == "<harness config>:1:16: review_length must be longer than 0");
    CHECK(error_of("kickoff_length: 0m\n") == "<harness config>:1:17: kickoff_length must be longer than 0");
    CHECK(error_of("trust_meeting: 3\n") ==
          "<harness config>:1:1: unknown key 'trust_meeting'; did you mean 'trust_meetings'?");
}

TEST_CASE("bad at_risk settings are refused with their location", "[relationship]") {
    auto error_of = [](std::string_view yaml) -> std::string {
        try {
            harness{RELATIONSHIP_PLUGIN_PATH}.with_config(yaml).start();
        } catch (const mentorkit::config_error& e) {
            return e.what();
        }
        return "no error";
    };
    CHECK(error_of("at_risk:\n  missed_in_a_row: 0\n") ==
          "<harness config>:2:20: missed_in_a_row must be a whole number of at least 1, found 0");
    CHECK(error_of("at_risk:\n  missed_in_a_row: 2.5\n") ==
          "<harness config>:2:20: expected a whole number, found '2.5'");
    CHECK(error_of("at_risk:\n  rating_below: 6\n") ==
          "<harness config>:2:17: rating_below must be a number from 1 to 5, found 6");
    CHECK(error_of("at_risk:\n  rating_below: 0.5\n") ==
          "<harness config>:2:17: rating_below must be a number from 1 to 5, found 0.5");
    CHECK(error_of("at_risk:\n  ratings_window: 0\n") ==
          "<harness config>:2:19: ratings_window must be a whole number of at least 1, found 0");
    CHECK(error_of("at_risk:\n  missed_in_row: 2\n") ==
          "<harness config>:2:3: unknown key 'missed_in_row'; did you mean 'missed_in_a_row'?");
    CHECK(error_of("at_risk: 2\n") == "<harness config>:1:10: expected a mapping, found '2'");

    // The boundaries themselves are accepted.
    CHECK(error_of("at_risk:\n  missed_in_a_row: 1\n  rating_below: 1\n  ratings_window: 1\n") == "no error");
    CHECK(error_of("at_risk:\n  rating_below: 5\n") == "no error");
    CHECK(error_of("default_capacity: 0\nmin_mentor_years: 0\n") == "no error");
}

TEST_CASE("a config error names the line in a longer module section", "[relationship]") {
    try {
        harness{RELATIONSHIP_PLUGIN_PATH}.with_config("kickoff_within: 1w\nat_risk:\n  missed_in_a_row: 2\n"
                                                      "  rating_below: 9\n").start();
        FAIL("expected a config_error");
    } catch (const mentorkit::config_error& e) {
        CHECK(e.mark().line == 4);
        CHECK(e.mark().column == 17);
        CHECK(e.message() == "rating_below must be a number from 1 to 5, found 9");
    }
}
