#include <mentorkit/roster.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace mentorkit;

namespace {

// An event as the bus would deliver it; `when` is an ISO date or UTC time.
event make_event(std::string topic, nlohmann::json payload, std::string_view when = "2027-01-11") {
    static event_id next_id = 0;
    event e;
    e.topic = std::move(topic);
    e.payload = std::move(payload);
    e.id = ++next_id;
    e.time = *parse_date(when);
    e.source = "test";
    return e;
}

nlohmann::json person_payload(const std::string& id, const std::string& name, const std::string& role = "mentee") {
    return {{"id", id}, {"name", name}, {"role", role}};
}

nlohmann::json relationship_payload(const std::string& id, const std::string& mentor, const std::string& mentee) {
    return {{"relationship_id", id}, {"mentor_id", mentor}, {"mentee_id", mentee}};
}

nlohmann::json goal_payload(const std::string& id, const std::string& mentee, const std::string& title = "a goal") {
    return {{"id", id}, {"mentee_id", mentee}, {"relationship_id", "r-1"}, {"title", title}};
}

template <typename T>
std::vector<std::string> ids_of(const std::vector<const T*>& items) {
    std::vector<std::string> out;
    for (const auto* item : items) out.push_back(item->id);
    return out;
}

std::string day(const std::optional<time_point>& t) { return t ? format_date(*t) : "none"; }

}  // namespace

TEST_CASE("the roster names the exact topics it folds, no patterns", "[roster]") {
    const std::vector<std::string_view> topics(roster::topics.begin(), roster::topics.end());
    CHECK(topics == std::vector<std::string_view>{"program.started", "participant.enrolled", "participant.updated",
                                                  "participant.withdrew", "relationship.started", "relationship.closed",
                                                  "goal.set", "goal.progressed", "goal.achieved", "goal.at_risk",
                                                  "goal.abandoned"});
    for (const auto topic : topics) CHECK(is_valid_topic(topic));  // '*' and '#' are not valid in a topic
}

TEST_CASE("an empty roster knows nobody and no dates", "[roster]") {
    const roster r;
    CHECK(r.people().empty());
    CHECK(r.find_person("p-1") == nullptr);
    CHECK(r.find_relationship("r-1") == nullptr);
    CHECK(r.active_relationships().empty());
    CHECK(r.relationships_of("p-1", true).empty());
    CHECK(r.mentor_of("p-1") == nullptr);
    CHECK(r.find_goal("g-1") == nullptr);
    CHECK(r.goals_of("p-1").empty());
    CHECK_FALSE(r.program_start().has_value());
    CHECK_FALSE(r.program_end().has_value());
    CHECK_FALSE(r.midpoint(*parse_date("2027-01-04")).has_value());
}

TEST_CASE("enrolment adds a person, an update replaces the whole profile, withdrawal removes them", "[roster]") {
    roster r;
    r.observe(make_event("participant.enrolled", {{"id", "p-2"}, {"name", "Li"}, {"skills", {{{"skill", "go"}}}}}));
    r.observe(make_event("participant.enrolled",
                         {{"id", "p-1"}, {"name", "Ada"}, {"skills", {{{"skill", "python"}, {"level", 4}}}}}));
    CHECK(ids_of(r.people()) == std::vector<std::string>{"p-1", "p-2"});  // by id, not by arrival
    REQUIRE(r.find_person("p-1") != nullptr);
    CHECK(r.find_person("p-1")->skills == std::vector<skill_level>{{"python", 4}});

    r.observe(make_event("participant.updated", person_payload("p-1", "Ada Okafor", "mentor")));
    REQUIRE(r.find_person("p-1") != nullptr);
    CHECK(r.find_person("p-1")->name == "Ada Okafor");
    CHECK(r.find_person("p-1")->role == participant_role::mentor);
    CHECK(r.find_person("p-1")->skills.empty());  // the update carries the whole profile
    CHECK(r.people().size() == 2);

    r.observe(make_event("participant.withdrew", {{"person_id", "p-2"}, {"reason", "left the company"}}));
    CHECK(r.find_person("p-2") == nullptr);
    CHECK(ids_of(r.people()) == std::vector<std::string>{"p-1"});

    r.observe(make_event("participant.withdrew", {{"person_id", "p-9"}}));  // nobody by that id: no change
    CHECK(ids_of(r.people()) == std::vector<std::string>{"p-1"});

    r.observe(make_event("participant.enrolled", person_payload("p-2", "Li")));  // re-enrolled
    CHECK(ids_of(r.people()) == std::vector<std::string>{"p-1", "p-2"});
}

TEST_CASE("program.started gives the first and last day, and the midpoint is halfway to the end", "[roster]") {
    roster r;
    r.observe(make_event("program.started",
                         {{"program", "eng-2027"}, {"start", "2027-01-04"}, {"duration", "10w"}, {"modules", {}}}));
    CHECK(day(r.program_start()) == "2027-01-04");
    CHECK(day(r.program_end()) == "2027-03-15");  // 70 days: 27 to 31 January, 28 of February, 15 of March
    CHECK(day(r.midpoint(*parse_date("2027-01-04"))) == "2027-02-08");  // 35 days on
    CHECK(day(r.midpoint(*parse_date("2027-02-01"))) == "2027-02-22");  // 42 days left, 21 on
    CHECK(day(r.midpoint(*parse_date("2027-03-14"))) == "2027-03-14T12:00:00Z");
    CHECK_FALSE(r.midpoint(*parse_date("2027-03-15")).has_value());  // from the end itself
    CHECK_FALSE(r.midpoint(*parse_date("2027-04-01")).has_value());  // after the end

    SECTION("months are calendar months") {
        r.observe(make_event("program.started", {{"start", "2027-01-31"}, {"duration", "1 month"}}));
        CHECK(day(r.program_start()) == "2027-01-31");
        CHECK(day(r.program_end()) == "2027-02-28");
    }
    SECTION("a duration it cannot read leaves the end unknown") {
        r.observe(make_event("program.started", {{"start", "2027-02-01"}, {"duration", "forever"}}));
        CHECK(day(r.program_start()) == "2027-02-01");
        CHECK_FALSE(r.program_end().has_value());
        CHECK_FALSE(r.midpoint(*parse_date("2027-02-01")).has_value());
    }
}

TEST_CASE("a relationship starts active on the day of its event and is listed for both people", "[roster]") {
    roster r;
    auto payload = relationship_payload("r-1", "m-1", "e-1");
    payload["status"] = "proposed";  // the event is the start, whatever the payload says
    r.observe(make_event("relationship.started", payload, "2027-01-20T09:30"));
    r.observe(make_event("relationship.started", relationship_payload("r-2", "m-1", "e-2"), "2027-01-21"));

    const auto* r1 = r.find_relationship("r-1");
    REQUIRE(r1 != nullptr);
    CHECK(r1->status == relationship_status::active);
    CHECK(r1->mentor_id == "m-1");
    CHECK(r1->mentee_id == "e-1");
    CHECK(r1->started_on == "2027-01-20");  // the date only, not the time of day
    CHECK(r1->ended_on.empty());

    CHECK(ids_of(r.relationships_of("m-1")) == std::vector<std::string>{"r-1", "r-2"});
    CHECK(ids_of(r.relationships_of("e-1")) == std::vector<std::string>{"r-1"});
    CHECK(r.relationships_of("nobody").empty());
    CHECK(ids_of(r.active_relationships()) == std::vector<std::string>{"r-1", "r-2"});
    REQUIRE(r.mentor_of("e-2") != nullptr);
    CHECK(r.mentor_of("e-2")->id == "r-2");
    CHECK(r.mentor_of("m-1") == nullptr);  // a mentor, not anyone's mentee
}

TEST_CASE("relationship.closed marks it completed or closed early, with the day and the reason", "[roster]") {
    roster r;
    r.observe(make_event("relationship.started", relationship_payload("r-1", "m-1", "e-1"), "2027-01-20"));
    r.observe(make_event("relationship.started", relationship_payload("r-2", "m-1", "e-2"), "2027-01-20"));
    r.observe(make_event("relationship.closed",
                         {{"relationship_id", "r-1"}, {"outcome", "completed"}, {"reason", "goals met"}},
                         "2027-06-30T16:00"));
    r.observe(make_event("relationship.closed",
                         {{"relationship_id", "r-2"}, {"outcome", "closed_early"}, {"reason", "moved abroad"}},
                         "2027-03-02"));
    r.observe(make_event("relationship.closed", {{"relationship_id", "r-9"}, {"outcome", "completed"}}));  // unknown

    const auto* r1 = r.find_relationship("r-1");
    REQUIRE(r1 != nullptr);
    CHECK(r1->status == relationship_status::completed);
    CHECK(r1->started_on == "2027-01-20");
    CHECK(r1->ended_on == "2027-06-30");
    CHECK(r1->close_reason == "goals met");
    const auto* r2 = r.find_relationship("r-2");
    REQUIRE(r2 != nullptr);
    CHECK(r2->status == relationship_status::closed_early);
    CHECK(r2->ended_on == "2027-03-02");
    CHECK(r2->close_reason == "moved abroad");
    CHECK(r.find_relationship("r-9") == nullptr);

    CHECK(r.active_relationships().empty());
    CHECK(r.relationships_of("m-1").empty());  // active ones only by default
    CHECK(ids_of(r.relationships_of("m-1", true)) == std::vector<std::string>{"r-1", "r-2"});
    CHECK(r.mentor_of("e-1") == nullptr);

    // A mentee whose first relationship ended early has the new one as mentor.
    r.observe(make_event("relationship.started", relationship_payload("r-3", "m-2", "e-2"), "2027-03-10"));
    REQUIRE(r.mentor_of("e-2") != nullptr);
    CHECK(r.mentor_of("e-2")->id == "r-3");
    CHECK(ids_of(r.relationships_of("e-2", true)) == std::vector<std::string>{"r-2", "r-3"});
}

TEST_CASE("a relationship closed without an outcome is completed, as the store records it", "[roster]") {
    // The store takes a missing outcome as "completed" (kernel/src/store/projection.cpp) and
    // lets the event through, so every view of the program must read it the same way.
    roster r;
    r.observe(make_event("relationship.started", relationship_payload("r-1", "m-1", "e-1"), "2027-01-20"));
    r.observe(make_event("relationship.closed", {{"relationship_id", "r-1"}}, "2027-06-30"));
    const auto* r1 = r.find_relationship("r-1");
    REQUIRE(r1 != nullptr);
    CHECK(r1->status == relationship_status::completed);
    CHECK(r1->ended_on == "2027-06-30");
}

TEST_CASE("goals are listed per mentee in the order they were set, abandoned ones left out", "[roster]") {
    roster r;
    r.observe(make_event("goal.set", goal_payload("g-2", "e-1", "lead a project")));
    r.observe(make_event("goal.set", goal_payload("g-1", "e-1", "speak at the all-hands")));
    r.observe(make_event("goal.set", goal_payload("g-3", "e-2")));
    CHECK(ids_of(r.goals_of("e-1")) == std::vector<std::string>{"g-2", "g-1"});  // set order, not id order
    CHECK(ids_of(r.goals_of("e-2")) == std::vector<std::string>{"g-3"});
    CHECK(r.goals_of("e-9").empty());

    // Set again: the new definition, in its first place, listed once.
    r.observe(make_event("goal.set", goal_payload("g-2", "e-1", "lead a cross-team project")));
    CHECK(ids_of(r.goals_of("e-1")) == std::vector<std::string>{"g-2", "g-1"});
    REQUIRE(r.find_goal("g-2") != nullptr);
    CHECK(r.find_goal("g-2")->title == "lead a cross-team project");

    r.observe(make_event("goal.abandoned", {{"goal_id", "g-2"}}));
    CHECK(ids_of(r.goals_of("e-1")) == std::vector<std::string>{"g-1"});
    REQUIRE(r.find_goal("g-2") != nullptr);  // still found by id
    CHECK(r.find_goal("g-2")->status == goal_status::abandoned);

    r.observe(make_event("goal.set", {{"mentee_id", "e-1"}, {"title", "no id"}}));  // ignored
    r.observe(make_event("goal.set", {{"id", ""}, {"mentee_id", "e-1"}}));          // ignored
    CHECK(ids_of(r.goals_of("e-1")) == std::vector<std::string>{"g-1"});
    CHECK(r.find_goal("") == nullptr);
}

TEST_CASE("goal progress only rises, within 0 to 100, and only from whole numbers", "[roster]") {
    roster r;
    auto set = goal_payload("g-1", "e-1");
    set["progress"] = 10;
    r.observe(make_event("goal.set", set));
    auto progress_of = [&r] { return r.find_goal("g-1")->progress; };
    REQUIRE(r.find_goal("g-1") != nullptr);
    CHECK(progress_of() == 10);

    r.observe(make_event("goal.progressed", {{"goal_id", "g-1"}, {"progress", 40}}));
    CHECK(progress_of() == 40);
    r.observe(make_event("goal.progressed", {{"goal_id", "g-1"}, {"progress", 25}}));
    CHECK(progress_of() == 40);  // never lowered
    r.observe(make_event("goal.progressed", {{"goal_id", "g-1"}, {"progress", -5}}));
    CHECK(progress_of() == 40);
    r.observe(make_event("goal.progressed", {{"goal_id", "g-1"}, {"progress", "80"}}));  // text: not read
    CHECK(progress_of() == 40);
    r.observe(make_event("goal.progressed", {{"goal_id", "g-1"}, {"progress", 85.5}}));  // fraction: not read
    CHECK(progress_of() == 40);
    r.observe(make_event("goal.progressed", {{"goal_id", "g-1"}}));  // no progress: still open, unchanged
    CHECK(progress_of() == 40);
    CHECK(r.find_goal("g-1")->status == goal_status::open);
    r.observe(make_event("goal.at_risk", {{"goal_id", "g-1"}, {"progress", 55}}));  // any goal.* event carries it
    CHECK(progress_of() == 55);
    r.observe(make_event("goal.progressed", {{"goal_id", "g-1"}, {"progress", 150}}));
    CHECK(progress_of() == 100);  // clamped
}

TEST_CASE("an at-risk goal is back on track when it progresses; an achieved one stays achieved", "[roster]") {
    roster r;
    r.observe(make_event("goal.set", goal_payload("g-1", "e-1")));
    REQUIRE(r.find_goal("g-1") != nullptr);
    const auto& g = *r.find_goal("g-1");
    CHECK(g.status == goal_status::open);

    r.observe(make_event("goal.at_risk", {{"goal_id", "g-1"}, {"progress", 20}}));
    CHECK(g.status == goal_status::at_risk);
    CHECK(g.progress == 20);
    r.observe(make_event("goal.progressed", {{"goal_id", "g-1"}, {"progress", 30}}));
    CHECK(g.status == goal_status::open);
    CHECK(g.progress == 30);
    r.observe(make_event("goal.at_risk", {{"goal_id", "g-1"}}));
    CHECK(g.status == goal_status::at_risk);
    CHECK(g.progress == 30);

    r.observe(make_event("goal.achieved", {{"goal_id", "g-1"}}));
    CHECK(g.status == goal_status::achieved);
    CHECK(g.progress == 100);  // achieved is 100 whatever was reported
    r.observe(make_event("goal.progressed", {{"goal_id", "g-1"}, {"progress", 10}}));
    CHECK(g.status == goal_status::achieved);
    CHECK(g.progress == 100);
    CHECK(ids_of(r.goals_of("e-1")) == std::vector<std::string>{"g-1"});  // achieved goals are listed
}

TEST_CASE("events about a goal it does not know change nothing", "[roster]") {
    roster r;
    r.observe(make_event("goal.set", goal_payload("g-1", "e-1")));
    for (const char* topic : {"goal.progressed", "goal.achieved", "goal.at_risk", "goal.abandoned"})
        r.observe(make_event(topic, {{"goal_id", "g-9"}, {"progress", 90}}));
    CHECK(r.find_goal("g-9") == nullptr);
    REQUIRE(r.find_goal("g-1") != nullptr);
    CHECK(r.find_goal("g-1")->status == goal_status::open);
    CHECK(r.find_goal("g-1")->progress == 0);
    CHECK(ids_of(r.goals_of("e-1")) == std::vector<std::string>{"g-1"});
}

TEST_CASE("payloads the roster cannot read are skipped, leaving it as it was", "[roster]") {
    roster r;
    r.observe(make_event("program.started", {{"start", "2027-01-04"}, {"duration", "10w"}}));
    r.observe(make_event("participant.enrolled", person_payload("p-1", "Ada")));
    r.observe(make_event("relationship.started", relationship_payload("r-1", "m-1", "p-1"), "2027-01-20"));
    r.observe(make_event("goal.set", goal_payload("g-1", "p-1")));
    r.observe(make_event("goal.progressed", {{"goal_id", "g-1"}, {"progress", 30}}));

    const std::vector<event> malformed{
        make_event("program.started", {{"start", 20270201}, {"duration", "2w"}}),
        make_event("program.started", nlohmann::json::array()),
        make_event("participant.enrolled", {{"name", "no id"}}),
        make_event("participant.enrolled", {{"id", "p-2"}, {"role", "boss"}}),
        make_event("participant.updated", {{"id", "p-1"}, {"grade", "senior"}}),
        make_event("participant.withdrew", {{"reason", "no person_id"}}),
        make_event("participant.withdrew", {{"person_id", 1}}),
        make_event("relationship.started", {{"relationship_id", "r-2"}, {"mentor_id", "m-1"}}),
        make_event("relationship.started", {{"relationship_id", "r-1"}, {"mentor_id", ""}, {"mentee_id", "p-1"}}),
        make_event("relationship.closed", {{"outcome", "completed"}}),
        make_event("goal.set", {{"id", "g-2"}, {"mentee_id", "p-1"}, {"progress", "lots"}}),
        make_event("goal.progressed", {{"progress", 90}}),
        make_event("goal.achieved", {{"goal_id", 1}}),
        make_event("goal.progressed", nlohmann::json(nullptr)),
    };
    for (const auto& e : malformed) {
        INFO(e.topic << " " << e.payload.dump());
        CHECK_NOTHROW(r.observe(e));
    }

    CHECK(day(r.program_start()) == "2027-01-04");
    CHECK(day(r.program_end()) == "2027-03-15");
    CHECK(ids_of(r.people()) == std::vector<std::string>{"p-1"});
    REQUIRE(r.find_person("p-1") != nullptr);
    CHECK(r.find_person("p-1")->name == "Ada");
    CHECK(ids_of(r.active_relationships()) == std::vector<std::string>{"r-1"});
    CHECK(r.find_relationship("r-1")->mentor_id == "m-1");
    CHECK(ids_of(r.goals_of("p-1")) == std::vector<std::string>{"g-1"});
    CHECK(r.find_goal("g-1")->progress == 30);
    CHECK(r.find_goal("g-1")->status == goal_status::open);
}

TEST_CASE("a program.started that cannot be read whole leaves the dates as they were", "[roster]") {
    // "Payloads it cannot read are skipped": not half applied.
    roster r;
    r.observe(make_event("program.started", {{"start", "2027-01-04"}, {"duration", "10w"}}));
    r.observe(make_event("program.started", {{"start", "2027-02-01"}}));  // no duration
    CHECK(day(r.program_start()) == "2027-01-04");
    CHECK(day(r.program_end()) == "2027-03-15");
}

TEST_CASE("a relationship.closed that cannot be read whole leaves the relationship as it was", "[roster]") {
    roster r;
    r.observe(make_event("relationship.started", relationship_payload("r-1", "m-1", "e-1"), "2027-01-20"));
    r.observe(make_event("relationship.closed", {{"relationship_id", "r-1"}, {"outcome", "completed"}, {"reason", 42}},
                         "2027-06-30"));
    const auto* r1 = r.find_relationship("r-1");
    REQUIRE(r1 != nullptr);
    CHECK(r1->status == relationship_status::active);
    CHECK(r1->ended_on.empty());
    CHECK(r.mentor_of("e-1") == r1);
}
