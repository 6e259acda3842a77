// The midpoint goal review: halfway to the program's end, a meeting whose agenda reviews
// each of the mentee's goals as they stand.

#include "relationship_test_support.hpp"

#include <catch2/catch.hpp>

using namespace relationship_test;

namespace {

json goal(const std::string& id, const std::string& title, int progress, const std::string& relationship = "r-17",
          const std::string& mentee = "p-mentee") {
    return {{"id", id},
            {"mentee_id", mentee},
            {"relationship_id", relationship},
            {"title", title},
            {"area", "leadership"},
            {"measure", "agreed with the manager"},
            {"target_date", "2027-09-30"},
            {"skills_needed", json::array()},
            {"progress", progress},
            {"status", "open"}};
}

std::vector<mentorkit::event> midpoint_meetings(const harness& h) {
    std::vector<mentorkit::event> out;
    for (auto& e : h.events("meeting.scheduled"))
        if (e.payload["kind"] == "midpoint") out.push_back(std::move(e));
    return out;
}

}  // namespace

TEST_CASE("halfway to the program's end a midpoint review reviews each goal of the mentee", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    h.start();
    h.publish("program.started", program_payload);  // 2027-01-04 to 2027-10-04
    h.advance(days(28));
    h.publish("relationship.started", started_payload);  // 2027-02-01: 245 days before the end
    h.publish("goal.set", goal("g-1", "Lead a cross-team project", 40));
    h.publish("goal.set", goal("g-2", "Give a talk at the engineering all-hands", 60));
    h.publish("goal.achieved", {{"goal_id", "g-2"}});
    h.publish("goal.set", goal("g-3", "Improve estimation", 20));
    h.publish("goal.at_risk", {{"goal_id", "g-3"}, {"reason", "no time"}});
    h.publish("goal.set", goal("g-4", "Learn Rust", 10));
    h.publish("goal.abandoned", {{"goal_id", "g-4"}});
    h.publish("goal.set", goal("g-5", "From an earlier relationship", 90, "r-3"));
    h.publish("goal.set", goal("g-6", "Someone else's goal", 50, "r-8", "p-other"));
    held(h, "r-17/kickoff", "2027-02-05");
    held(h, "r-17/1", "2027-03-01");
    missed(h, "r-17/2");
    checkin(h, "p-mentor", 4, "2027-03-02");
    checkin(h, "p-mentee", 3, "2027-03-02");

    // Halfway: 122.5 days after 2027-02-01, on the day, is 2027-06-03.
    h.advance(days(121));
    CHECK(h.events("relationship.midpoint_due").empty());
    CHECK(midpoint_meetings(h).empty());
    h.clear_events();
    h.advance(days(1));

    const auto due = h.events("relationship.midpoint_due");
    REQUIRE(due.size() == 1);
    CHECK(mentorkit::format_date(due[0].time) == "2027-06-03");
    CHECK(due[0].source == "relationship");
    CHECK(due[0].payload["why"] ==
          "halfway from the relationship's start on 2027-02-01 to the program's end on 2027-10-04");

    const auto meetings = midpoint_meetings(h);
    REQUIRE(meetings.size() == 1);
    const auto& m = meetings[0].payload;
    CHECK(m["relationship_id"] == "r-17");
    CHECK(m["meeting_id"] == "r-17/midpoint-review");
    CHECK(m["due_by"] == "2027-06-17");
    CHECK(m["length"] == "1h");
    CHECK(m["participants"] == json{"p-mentor", "p-mentee"});
    CHECK(m["goals_reviewed"] == 3);
    CHECK(m["agenda"] ==
          json{"Review 'Lead a cross-team project' \u2014 40% (open): still the right goal? what is the next step?",
               "Review 'Give a talk at the engineering all-hands' \u2014 100% (achieved): what made it work, and "
               "which goal comes next?",
               "Review 'Improve estimation' \u2014 20% (at risk): what is in the way, and should the goal or the plan "
               "change?",
               "How the relationship is going: 2 meetings held, 1 missed, average check-in rating 3.5 of 5 (2 "
               "ratings): what works, and what should change?",
               "Feedback both ways: what each of you needs from the other in the second half",
               "Plan the second half: the next steps and the meeting rhythm until the program ends on 2027-10-04"});

    const auto notes = h.events("notification.requested");
    REQUIRE(notes.size() == 2);
    CHECK(notes[0].payload["to"] == "p-mentor");
    CHECK(notes[1].payload["to"] == "p-mentee");
    CHECK(notes[1].payload["subject"] == "Halfway there: plan your midpoint goal review");
    CHECK(contains(notes[1].payload["body"], "As the mentee, agree a midpoint review meeting before 2027-06-17."));
    CHECK(notes[1].payload["agenda"] == m["agenda"]);
    CHECK(notes[1].payload["meeting_id"] == "r-17/midpoint-review");

    h.advance(days(300));  // once only
    CHECK(midpoint_meetings(h).size() == 1);
}

TEST_CASE("without program.started the review falls midpoint_after (3 months) after the start", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    h.start();
    h.publish("relationship.started", started_payload);  // 2027-01-04
    h.advance(days(89));                                 // 2027-04-03
    CHECK(midpoint_meetings(h).empty());
    h.advance(days(1));  // 2027-04-04
    const auto meetings = midpoint_meetings(h);
    REQUIRE(meetings.size() == 1);
    CHECK(mentorkit::format_date(meetings[0].time) == "2027-04-04");
    const auto& m = meetings[0].payload;
    CHECK(m["due_by"] == "2027-04-18");
    CHECK(m["goals_reviewed"] == 0);
    CHECK(m["agenda"] ==
          json{"No goals recorded yet: agree one to three goals, and how you will both know each is reached",
               "How the relationship is going: 0 meetings held, 0 missed, no check-in ratings yet: what works, and "
               "what should change?",
               "Feedback both ways: what each of you needs from the other in the second half",
               "Plan the second half: the next steps and the meeting rhythm until the relationship closes"});
    CHECK(h.events("relationship.midpoint_due").at(0).payload["why"] ==
          "3mo after the relationship's start on 2027-01-04 (the program's end is not known)");
}

TEST_CASE("midpoint_after, review_within and review_length follow the settings", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    h.with_config("midpoint_after: 6w\nreview_within: 10d\nreview_length: 45m\n").start();
    h.publish("relationship.started", started_payload);
    h.advance(days(60));
    const auto meetings = midpoint_meetings(h);
    REQUIRE(meetings.size() == 1);
    CHECK(mentorkit::format_date(meetings[0].time) == "2027-02-15");
    CHECK(meetings[0].payload["due_by"] == "2027-02-25");
    CHECK(meetings[0].payload["length"] == "45m");
}

TEST_CASE("a relationship closed before its midpoint gets no review", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    h.start();
    h.publish("program.started", program_payload);
    h.publish("relationship.started", started_payload);
    h.advance(days(30));
    h.publish("relationship.closed", {{"relationship_id", "r-17"}, {"outcome", "closed_early"}, {"reason", "rematch"}});
    h.advance(days(365));
    CHECK(h.events("relationship.midpoint_due").empty());
    CHECK(midpoint_meetings(h).empty());
}

TEST_CASE("a midpoint that falls due for a closed or unknown relationship schedules nothing", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    h.start();
    h.publish("relationship.started", started_payload);
    h.publish("relationship.closed", {{"relationship_id", "r-17"}, {"outcome", "completed"}, {"reason", "done"}});
    h.publish("relationship.midpoint_due", {{"relationship_id", "r-17"}});
    h.publish("relationship.midpoint_due", {{"relationship_id", "r-99"}});
    CHECK(midpoint_meetings(h).empty());
    h.publish("relationship.midpoint_due", json::object());
    REQUIRE(h.dead_letters().size() == 1);
    CHECK(h.dead_letters()[0].error ==
          "relationship.midpoint_due needs a non-empty string \"relationship_id\" in its payload");
}

TEST_CASE("a relationship started twice keeps one midpoint review", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    h.start();
    h.publish("program.started", program_payload);
    h.publish("relationship.started", started_payload);
    h.advance(days(1));
    h.publish("relationship.started", started_payload);
    h.advance(days(365));
    const auto meetings = midpoint_meetings(h);
    REQUIRE(meetings.size() == 1);
    // 2027-01-05 to 2027-10-04 is 272 days: halfway is 136 days on, 2027-05-21.
    CHECK(mentorkit::format_date(meetings[0].time) == "2027-05-21");
}

TEST_CASE("a relationship that starts after the program's end gets no midpoint review", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    h.start();
    auto program = program_payload;
    program["duration"] = "1mo";
    h.publish("program.started", program);
    h.advance(days(35));
    h.publish("relationship.started", started_payload);
    h.advance(days(365));
    CHECK(h.events("relationship.midpoint_due").empty());
}

TEST_CASE("after a restart a pending midpoint review still comes, once", "[relationship]") {
    SECTION("started before the restart: the review is still planned") {
        harness h{RELATIONSHIP_PLUGIN_PATH};
        h.publish("program.started", program_payload);
        h.publish("relationship.started", started_payload);  // 2027-01-04: halfway is 2027-05-20
        h.start();
        h.advance(days(365));
        const auto meetings = midpoint_meetings(h);
        REQUIRE(meetings.size() == 1);
        CHECK(mentorkit::format_date(meetings[0].time) == "2027-05-20");
        CHECK(meetings[0].payload["due_by"] == "2027-06-03");
        CHECK(h.events("meeting.scheduled").size() == 1);  // no kickoff replanned for an old relationship
    }
    SECTION("already reviewed before the restart: not again") {
        harness h{RELATIONSHIP_PLUGIN_PATH};
        h.publish("program.started", program_payload);
        h.publish("relationship.started", started_payload);
        h.publish("meeting.scheduled",
                  {{"relationship_id", "r-17"}, {"meeting_id", "r-17/midpoint-review"}, {"kind", "midpoint"}});
        h.start();
        h.clear_events();
        h.advance(days(365));
        CHECK(midpoint_meetings(h).empty());
    }
    SECTION("closed before the restart: nothing") {
        harness h{RELATIONSHIP_PLUGIN_PATH};
        h.publish("relationship.started", started_payload);
        h.publish("relationship.closed", {{"relationship_id", "r-17"}, {"outcome", "completed"}, {"reason", "done"}});
        h.start();
        h.advance(days(365));
        CHECK(midpoint_meetings(h).empty());
    }
}
