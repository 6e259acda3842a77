// Trust-building milestones: kickoff held, a meeting rhythm, both rating it well; once each.

#include "relationship_test_support.hpp"

#include <catch2/catch.hpp>

using namespace relationship_test;

namespace {

std::vector<std::string> milestone_names(const harness& h) {
    std::vector<std::string> out;
    for (const auto& e : emitted(h, "relationship.milestone")) out.push_back(e.payload["milestone"]);
    return out;
}

}  // namespace

TEST_CASE("holding the kickoff meeting is the first milestone", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    h.start();
    h.publish("relationship.started", started_payload);
    held(h, "r-17/kickoff", "2027-01-08");

    const auto all = emitted(h, "relationship.milestone");
    REQUIRE(all.size() == 1);
    const auto& m = all[0].payload;
    CHECK(m["relationship_id"] == "r-17");
    CHECK(m["mentor_id"] == "p-mentor");
    CHECK(m["mentee_id"] == "p-mentee");
    CHECK(m["milestone"] == "kickoff_held");
    CHECK(m["reached_on"] == "2027-01-08");
    CHECK(m["to"] == json{"p-mentor", "p-mentee"});
    CHECK(m["why"] ==
          "The kickoff meeting r-17/kickoff was held on 2027-01-08: the pair has met, got to know each "
          "other and agreed how to work together.");
}

TEST_CASE("a regular meeting is not the kickoff", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    h.start();
    h.publish("relationship.started", started_payload);
    held(h, "r-17/1", "2027-01-20");
    CHECK(emitted(h, "relationship.milestone").empty());
}

TEST_CASE("three meetings held establish a rhythm, the kickoff counting", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    h.start();
    h.publish("relationship.started", started_payload);
    held(h, "r-17/kickoff", "2027-01-08");
    held(h, "r-17/1", "2027-02-01");
    held(h, "r-17/1", "2027-02-01");  // the same meeting reported twice counts once
    CHECK(milestone_names(h) == std::vector<std::string>{"kickoff_held"});

    held(h, "r-17/2", "2027-03-01");
    const auto all = emitted(h, "relationship.milestone");
    REQUIRE(all.size() == 2);
    const auto& m = all[1].payload;
    CHECK(m["milestone"] == "rhythm_established");
    CHECK(m["reached_on"] == "2027-03-01");
    CHECK(m["evidence"] == json{{"meetings_held", 3}, {"trust_meetings", 3}});
    CHECK(contains(m["why"], "3 meetings held (at least 3 establish a rhythm), the latest on 2027-03-01"));
}

TEST_CASE("trust_meetings sets how many meetings make a rhythm", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    h.with_config("trust_meetings: 2\n").start();
    h.publish("relationship.started", started_payload);
    held(h, "r-17/1", "2027-01-20");
    CHECK(milestone_names(h).empty());
    held(h, "r-17/2", "2027-02-20");
    CHECK(milestone_names(h) == std::vector<std::string>{"rhythm_established"});
}

TEST_CASE("mutual trust is reached when mentor and mentee have both rated a check-in 4 or more", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    h.start();
    h.publish("relationship.started", started_payload);
    checkin(h, "p-mentor", 4, "2027-01-20");
    checkin(h, "p-mentee", 3, "2027-01-20");
    checkin(h, "someone-else", 5, "2027-01-21");  // not one of the pair
    checkin(h, "p-mentor", 5, "2027-02-20");
    CHECK(milestone_names(h).empty());

    checkin(h, "p-mentee", 5, "2027-02-21", "r-17", "feedback.given");
    const auto all = emitted(h, "relationship.milestone");
    REQUIRE(all.size() == 1);
    const auto& m = all[0].payload;
    CHECK(m["milestone"] == "mutual_trust");
    CHECK(m["reached_on"] == "2027-02-21");
    CHECK(m["evidence"] == json{{"mentor_rating", 4}, {"mentee_rating", 5}});
    CHECK(m["why"] ==
          "Both rated the relationship 4 or higher in their check-ins (mentor p-mentor: 4, mentee "
          "p-mentee: 5): each trusts that it is working.");
}

TEST_CASE("each milestone is published once per relationship", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    h.start();
    h.publish("relationship.started", started_payload);
    h.publish("relationship.started",
              {{"relationship_id", "r-18"}, {"mentor_id", "p-mentor"}, {"mentee_id", "p-other"}});
    held(h, "r-17/kickoff", "2027-01-08");
    held(h, "r-17/kickoff", "2027-01-08");
    for (int i = 1; i <= 5; ++i) held(h, "r-17/" + std::to_string(i), "2027-0" + std::to_string(i + 1) + "-01");
    checkin(h, "p-mentor", 5, "2027-02-02");
    checkin(h, "p-mentee", 4, "2027-02-02");
    checkin(h, "p-mentor", 5, "2027-03-02");
    checkin(h, "p-mentee", 5, "2027-03-02");
    held(h, "r-18/kickoff", "2027-01-09", "r-18");  // the other relationship reaches its own

    CHECK(milestone_names(h) ==
          std::vector<std::string>{"kickoff_held", "rhythm_established", "mutual_trust", "kickoff_held"});
    const auto all = emitted(h, "relationship.milestone");
    CHECK(all[3].payload["relationship_id"] == "r-18");
    CHECK(all[3].payload["mentee_id"] == "p-other");
}

TEST_CASE("no milestones for a closed or unknown relationship", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    h.start();
    h.publish("relationship.started", started_payload);
    h.publish("relationship.closed", {{"relationship_id", "r-17"}, {"outcome", "closed_early"}, {"reason", "moved"}});
    held(h, "r-17/kickoff", "2027-01-08");
    held(h, "r-99/kickoff", "2027-01-08", "r-99");
    checkin(h, "p-mentor", 5, "2027-01-09");
    checkin(h, "p-mentee", 5, "2027-01-09");
    CHECK(emitted(h, "relationship.milestone").empty());
}

TEST_CASE("after a restart milestones count on from the history and are not repeated", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    h.publish("relationship.started", started_payload);
    held(h, "r-17/kickoff", "2027-01-08");
    h.publish("relationship.milestone", {{"relationship_id", "r-17"}, {"milestone", "kickoff_held"}});
    held(h, "r-17/1", "2027-02-01");
    checkin(h, "p-mentor", 4, "2027-02-02");
    h.start();

    held(h, "r-17/kickoff", "2027-01-08");  // reported again: already a milestone
    CHECK(emitted(h, "relationship.milestone").empty());
    held(h, "r-17/2", "2027-03-01");  // the third meeting
    checkin(h, "p-mentee", 4, "2027-03-02");
    CHECK(milestone_names(h) == std::vector<std::string>{"rhythm_established", "mutual_trust"});
}

TEST_CASE("a meeting.held without its ids is a dead letter", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    h.start();
    h.publish("meeting.held", {{"relationship_id", "r-17"}});
    const auto dead = h.dead_letters();
    REQUIRE(dead.size() == 1);
    CHECK(dead[0].error == "meeting.held needs a non-empty string \"meeting_id\" in its payload");
}
