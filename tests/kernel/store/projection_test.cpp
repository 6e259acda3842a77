#include "store/store.hpp"

#include <catch2/catch.hpp>

using namespace mentorkit;

namespace {

struct projected {
    store s{":memory:", "p"};
    event_id next = 0;
    void add(std::string topic, nlohmann::json payload, std::string source = "cli") {
        event e;
        e.id = ++next;
        e.topic = std::move(topic);
        e.payload = std::move(payload);
        e.source = std::move(source);
        e.time = *parse_date("2027-02-01");
        s.append(e);
    }
    nlohmann::json rows(const char* table) { return s.snapshot()[table]; }
};

}  // namespace

TEST_CASE("match proposals record score, explanation and their acceptance", "[projection]") {
    projected p;
    p.add("match.proposed", {{"mentor_id", "m"}, {"mentee_id", "e"}, {"score", 70.0}, {"strategy", "stable"},
                             {"rank", 0}, {"explanation", nlohmann::json::array({{{"criterion", "goals"}}})}});
    auto rows = p.rows("proposals");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0][0] == "e");
    CHECK(rows[0][1] == "m");
    CHECK(rows[0][2] == "stable");
    CHECK(rows[0][4] == 70.0);
    CHECK(rows[0][6] == "proposed");
    p.add("match.declined", {{"mentor_id", "m"}, {"mentee_id", "e"}});
    CHECK(p.rows("proposals")[0][6] == "declined");
}

TEST_CASE("relationships start active and close completed or early, with the date", "[projection]") {
    projected p;
    p.add("relationship.started", {{"relationship_id", "r"}, {"mentor_id", "m"}, {"mentee_id", "e"}});
    REQUIRE(p.s.relationships().size() == 1);
    CHECK(p.s.relationships()[0].status == relationship_status::active);
    CHECK(p.s.relationships()[0].started_on == "2027-02-01");
    p.add("relationship.closed", {{"relationship_id", "r"}, {"outcome", "closed_early"}, {"reason", "moved teams"}});
    const auto r = p.s.relationships()[0];
    CHECK(r.status == relationship_status::closed_early);
    CHECK(r.close_reason == "moved teams");
    CHECK(r.ended_on == "2027-02-01");
}

TEST_CASE("goal progress only grows and achievement sets it to 100", "[projection]") {
    projected p;
    p.add("goal.set", {{"id", "g"}, {"mentee_id", "e"}, {"title", "Give a talk"}});
    p.add("goal.progressed", {{"goal_id", "g"}, {"progress", 60}});
    p.add("goal.progressed", {{"goal_id", "g"}, {"progress", 30}});
    CHECK(p.rows("goals")[0][4] == 60);
    p.add("goal.achieved", {{"goal_id", "g"}});
    CHECK(p.rows("goals")[0][3] == "achieved");
    CHECK(p.rows("goals")[0][4] == 100);
    CHECK_THROWS_WITH(p.add("goal.progressed", {{"progress", 10}}),
                      "goal.progressed: the payload needs a non-empty string \"goal_id\"");
}

TEST_CASE("progress puts a goal at risk back on track but does not reopen an achieved or abandoned one",
          "[projection]") {
    projected p;
    p.add("goal.set", {{"id", "g"}, {"mentee_id", "e"}, {"title", "Give a talk"}});
    p.add("goal.set", {{"id", "h"}, {"mentee_id", "e"}, {"title", "Run a workshop"}});
    p.add("goal.at_risk", {{"goal_id", "g"}});
    CHECK(p.rows("goals")[0][3] == "at_risk");
    p.add("goal.progressed", {{"goal_id", "g"}, {"progress", 40}});
    CHECK(p.rows("goals")[0][3] == "open");
    p.add("goal.achieved", {{"goal_id", "g"}});
    p.add("goal.progressed", {{"goal_id", "g"}, {"progress", 90}});
    CHECK(p.rows("goals")[0][3] == "achieved");
    p.add("goal.abandoned", {{"goal_id", "h"}});
    p.add("goal.progressed", {{"goal_id", "h"}, {"progress", 10}});
    CHECK(p.rows("goals")[1][3] == "abandoned");
}

TEST_CASE("meetings move from scheduled to held or missed", "[projection]") {
    projected p;
    p.add("meeting.scheduled", {{"meeting_id", "a"}, {"relationship_id", "r"}, {"due_by", "2027-02-08"}});
    p.add("meeting.scheduled", {{"meeting_id", "b"}, {"relationship_id", "r"}, {"due_by", "2027-02-22"}});
    p.add("meeting.held", {{"meeting_id", "a"}, {"held_on", "2027-02-07"}});
    p.add("meeting.missed", {{"meeting_id", "b"}});
    const auto rows = p.rows("meetings");
    CHECK(rows[0][3] == "held");
    CHECK(rows[0][5] == "2027-02-07");
    CHECK(rows[1][3] == "missed");
    CHECK(rows[1][2] == "regular");
}

TEST_CASE("check-ins are kept, and only plugins' events count as module outputs", "[projection]") {
    projected p;
    p.add("checkin.submitted", {{"relationship_id", "r"}, {"from", "e"}, {"rating", 2}});
    p.add("learning.recommended", {{"mentee_id", "e"}}, "teach");
    p.add("program.started", {{"program", "p"}}, "kernel");
    p.add("meeting.held", {{"meeting_id", "x"}}, "input");
    CHECK(p.rows("checkins").size() == 1);
    CHECK(p.rows("checkins")[0][4] == 2);
    const auto outputs = p.rows("module_outputs");
    REQUIRE(outputs.size() == 1);
    CHECK(outputs[0][1] == "teach");
    CHECK(outputs[0][2] == "learning.recommended");
}
