#include "../motivate_rules.hpp"

#include <mentorkit/config.hpp>
#include <mentorkit/testing.hpp>

#include <catch2/catch.hpp>

#include <string>

using Catch::Contains;
using Catch::StartsWith;
using mentorkit::testing::harness;
using nlohmann::json;

namespace {

mentorkit::duration weeks(int n) { return {0, std::chrono::weeks{n}}; }
mentorkit::duration days(int n) { return {0, std::chrono::days{n}}; }
std::string date_of(const mentorkit::event& e) { return mentorkit::format_date(e.time); }
std::string text(const json& j) { return j.get<std::string>(); }

// Scores in the tests are worked out by hand with the default weights
// (area 20, skills 30, keywords 30 for two or more, unit 15, priority 5 × (4 - p) / 3).
const char* const test_catalog = R"(objectives:
  - id: revenue
    title: Grow enterprise revenue 20%
    owner_unit: Sales
    areas: [networking, influence]
    skills: [negotiation, solution selling, prospecting]
    keywords: [enterprise, revenue, deal]
    priority: 1
  - id: bench
    title: Build a leadership bench
    areas: [leadership]
    skills: [people management, coaching]
    keywords: [lead, team]
    priority: 2
  - id: sharing
    title: Share what we know
    areas: [visibility]
    skills: [public speaking]
    keywords: [talk]
    priority: 3
)";

json person(const std::string& id, const std::string& name, const std::string& role, const std::string& unit) {
    return {{"id", id}, {"name", name}, {"role", role}, {"org_unit", unit}};
}

// Maya Patel (m-1, mentee in `unit`) mentored by Tom Berg (t-1) in relationship r-1.
void start_pair(harness& h, const std::string& unit = "Sales") {
    h.publish("participant.enrolled", person("m-1", "Maya Patel", "mentee", unit));
    h.publish("participant.enrolled", person("t-1", "Tom Berg", "mentor", "Sales"));
    h.publish("relationship.started", {{"relationship_id", "r-1"}, {"mentor_id", "t-1"}, {"mentee_id", "m-1"}});
}

// revenue: area 20 + skills 2 of 3 → 20 + keywords enterprise, revenue, deal → 30 + Sales 15 + priority 1 → 5 = 90.
json deals_goal(const std::string& id = "g-1") {
    return {{"id", id},
            {"mentee_id", "m-1"},
            {"relationship_id", "r-1"},
            {"title", "Close two enterprise deals this quarter"},
            {"area", "Networking"},
            {"measure", "Two signed contracts worth 200k revenue"},
            {"target_date", "2027-06-30"},
            {"skills_needed", json::array({{{"skill", "negotiation"}, {"level", 3}},
                                           {{"skill", "solution selling"}, {"level", 3}},
                                           {{"skill", "presentation"}, {"level", 3}}})},
            {"progress", 0},
            {"status", "open"}};
}

// bench: area 20 + coaching 1 of 2 → 15 + lead, team → 30 + priority 2 → 3 = 68;
// revenue: enterprise → 15 + Sales 15 + 5 = 35; sharing: public speaking 1 of 2 → 15 + talk → 15 + 2 = 32.
json talks_goal(const std::string& id = "g-2") {
    return {{"id", id},
            {"mentee_id", "m-1"},
            {"relationship_id", "r-1"},
            {"title", "Lead the team's enterprise talk series"},
            {"area", "leadership"},
            {"measure", "Three talks given"},
            {"skills_needed",
             json::array({{{"skill", "public speaking"}, {"level", 3}}, {{"skill", "coaching"}, {"level", 2}}})}};
}

// Serves none of the test objectives.
json evenings_goal(const std::string& id = "g-3") {
    return {{"id", id},
            {"mentee_id", "m-1"},
            {"relationship_id", "r-1"},
            {"title", "Keep evenings free"},
            {"area", "work-life balance"},
            {"measure", "No more than two late evenings a month"}};
}

harness& start(harness& h, std::string_view config = "") {
    h.with_config(config).with_catalog("objectives", test_catalog).start();
    return h;
}

json checkin(const std::string& from, int rating, const std::string& on) {
    return {{"relationship_id", "r-1"}, {"from", from}, {"on", on}, {"rating", rating}};
}

// The events of `from` become the history `to` finds when it starts, as after a restart.
void replay(const harness& from, harness& to) {
    for (const auto& e : from.events()) {
        mentorkit::event copy;
        copy.topic = e.topic;
        copy.payload = e.payload;
        copy.time = e.time;
        copy.source = e.source;
        to.bus().publish(std::move(copy));
    }
    to.starting_at(from.now());
}

// The config error `h.start()` throws.
mentorkit::config_error start_error(std::string_view config, const char* catalog = test_catalog) {
    harness h{MOTIVATE_PLUGIN_PATH};
    h.with_config(config);
    if (catalog != nullptr) h.with_catalog("objectives", catalog);
    try {
        h.start();
    } catch (const mentorkit::config_error& e) {
        return e;
    }
    FAIL("no config error for: " << config);
    throw;
}

mentorkit::config_error catalog_error(const char* catalog) { return start_error("", catalog); }

}  // namespace

// ---- the scoring rules ---------------------------------------------------------------

TEST_CASE("keywords match whole words, a plural 's' included", "[motivate][rules]") {
    auto mentions = [](std::string_view text, std::string_view keyword) {
        return mentorkit::contains_words(text, keyword, mentorkit::word_match::plural_s);
    };
    CHECK(mentions("present the test strategy", "test"));
    CHECK(mentions("two tests a week", "test"));
    CHECK_FALSE(mentions("the latest release", "test"));
    CHECK_FALSE(mentions("testing in production", "test"));
    CHECK(mentions("at the engineering all-hands.", "all-hands"));
    CHECK(mentions("close two enterprise deals", "deal"));
    CHECK(mentions("machine learning in practice", "machine learning"));
    CHECK_FALSE(mentions("maintain the service", "ai"));
}

TEST_CASE("equal scores are ranked by priority, then by id", "[motivate][rules]") {
    namespace m = mentorkit::motivate;
    const std::vector<m::objective> catalog{{"b", "B", "", "", {"leadership"}, {}, {}, 2},
                                            {"a", "A", "", "", {"leadership"}, {}, {}, 2},
                                            {"c", "C", "", "", {"leadership"}, {}, {}, 1}};
    m::alignment_weights w;
    w.priority = 0;  // area 20 of a total of 95: 21 points each
    mentorkit::goal g;
    g.title = "Lead the platform guild";
    g.area = "Leadership";
    const auto ranked = m::rank(g, "Sales", catalog, w);
    REQUIRE(ranked.size() == 3);
    CHECK(ranked[0].target->id == "c");
    CHECK(ranked[1].target->id == "a");
    CHECK(ranked[2].target->id == "b");
    for (const auto& a : ranked) CHECK(a.score == 21);
    CHECK(m::best_alignments(ranked, 21, 2).size() == 2);
    CHECK(m::best_alignments(ranked, 22, 2).empty());
}

TEST_CASE("importance alone never aligns a goal with an objective", "[motivate][rules]") {
    namespace m = mentorkit::motivate;
    const m::objective o{"revenue", "Grow revenue", "", "Sales", {"networking"}, {"negotiation"}, {"deal"}, 1};
    mentorkit::goal g;
    g.title = "Keep evenings free";
    g.area = "work-life balance";
    const auto a = m::align(g, "Sales", o, m::alignment_weights{});
    CHECK(a.score == 0);  // no unit or priority points without an area, skill or keyword
    CHECK(a.because.empty());
}

TEST_CASE("progress marks crossed and passed", "[motivate][rules]") {
    namespace m = mentorkit::motivate;
    const std::vector<int> marks{25, 50, 75};
    CHECK(m::crossed_thresholds(marks, 0, 80) == std::vector<int>{25, 50, 75});
    CHECK(m::crossed_thresholds(marks, 25, 49).empty());
    CHECK(m::crossed_thresholds(marks, 25, 50) == std::vector<int>{50});
    CHECK(m::passed_threshold(marks, 60) == 50);
    CHECK(m::passed_threshold(marks, 10) == 0);
}

TEST_CASE("rating signals carry their numbers", "[motivate][rules]") {
    namespace m = mentorkit::motivate;
    const m::rating_rules defaults;
    auto fell = m::rating_signals({{4, "2027-01-04"}, {2, "2027-01-18"}}, defaults);
    REQUIRE(fell.size() == 1);  // two ratings: too few for an average
    CHECK(fell[0]["kind"] == "rating_fell");
    CHECK(fell[0]["drop"] == 2);
    CHECK(fell[0]["detail"] == "the mentee's check-in rating fell from 4 to 2 on 2027-01-18");

    m::rating_rules tolerant;
    tolerant.drop = 2;
    auto low = m::rating_signals({{5, ""}, {3, ""}, {3, ""}, {2, ""}}, tolerant);
    REQUIRE(low.size() == 1);
    CHECK(low[0]["kind"] == "ratings_low");
    CHECK(low[0]["ratings"] == json{3, 3, 2});
    CHECK(low[0]["average"] == Approx(2.67));
    CHECK(low[0]["detail"] == "the mentee's last 3 check-in ratings average 2.7, below 3");

    // One poor meeting is not a trend; a fall of one point is ordinary.
    CHECK(m::rating_signals({{2, ""}}, defaults).empty());
    CHECK(m::rating_signals({{2, ""}, {2, ""}}, defaults).empty());
    CHECK(m::rating_signals({{4, ""}, {3, ""}, {4, ""}}, defaults).empty());
    CHECK(m::rating_signals({{4, ""}, {4, ""}}, defaults).empty());
}

// ---- linking goals to objectives -----------------------------------------------------

TEST_CASE("a goal is linked to the objective it serves with a score explained part by part", "[motivate]") {
    harness h{MOTIVATE_PLUGIN_PATH};
    start(h);
    start_pair(h);
    h.publish("goal.set", deals_goal());

    const auto aligned = h.events("goal.aligned");
    REQUIRE(aligned.size() == 1);
    const auto& p = aligned[0].payload;
    CHECK(aligned[0].source == "motivate");
    CHECK(p["goal_id"] == "g-1");
    CHECK(p["mentee_id"] == "m-1");
    CHECK(p["mentor_id"] == "t-1");
    CHECK(p["relationship_id"] == "r-1");
    CHECK(p["to"] == json{"m-1", "t-1"});
    CHECK(p["min_alignment"] == 30);
    REQUIRE(p["alignments"].size() == 1);  // bench and sharing score 0
    const auto& a = p["alignments"][0];
    CHECK(a["objective"] == "revenue");
    CHECK(a["title"] == "Grow enterprise revenue 20%");
    CHECK(a["score"] == 90);
    CHECK(a["parts"] == json{{"area", 20}, {"skills", 20}, {"keywords", 30}, {"unit", 15}, {"priority", 5}});
    REQUIRE(a["because"].size() == 5);
    CHECK(a["because"][0] == "its area 'networking' is one of the objective's areas (+20)");
    CHECK(a["because"][1] == "2 of the 3 skills it needs serve the objective: negotiation and solution selling (+20)");
    CHECK(a["because"][2] == "its title or measure mentions 'enterprise', 'revenue' and 'deal' (+30)");
    CHECK(a["because"][3] == "the objective belongs to Sales, the mentee's unit (+15)");
    CHECK(a["because"][4] == "it is a priority 1 objective of the organisation (+5)");
    CHECK_THAT(text(p["why"]), StartsWith("'Close two enterprise deals this quarter' serves the organisation's "
                                          "objective 'Grow enterprise revenue 20%' (score 90): its area"));
    CHECK_THAT(text(p["why"]), Contains("shows Maya why the goal matters"));
    CHECK(h.events("notification.requested").empty());  // a prompt only when nothing aligns
}

TEST_CASE("the unit part counts only for an objective of the mentee's own unit", "[motivate]") {
    harness h{MOTIVATE_PLUGIN_PATH};
    start(h);
    start_pair(h, "Engineering");
    h.publish("goal.set", deals_goal());
    const auto a = h.events("goal.aligned").at(0).payload["alignments"].at(0);
    CHECK(a["score"] == 75);
    CHECK(a["parts"]["unit"] == 0);
    CHECK(a["because"].size() == 4);
}

TEST_CASE("alignments are ranked best first and capped at max_alignments", "[motivate]") {
    harness h{MOTIVATE_PLUGIN_PATH};
    start(h);
    start_pair(h);
    h.publish("goal.set", talks_goal());
    const auto list = h.events("goal.aligned").at(0).payload["alignments"];
    REQUIRE(list.size() == 2);  // sharing (32) is third of three
    CHECK(list[0]["objective"] == "bench");
    CHECK(list[0]["score"] == 68);
    CHECK(list[0]["parts"] == json{{"area", 20}, {"skills", 15}, {"keywords", 30}, {"unit", 0}, {"priority", 3}});
    CHECK(list[0]["because"][1] == "1 of the 2 skills it needs serves the objective: coaching (+15)");
    CHECK(list[1]["objective"] == "revenue");
    CHECK(list[1]["score"] == 35);
    CHECK(list[1]["parts"] == json{{"area", 0}, {"skills", 0}, {"keywords", 15}, {"unit", 15}, {"priority", 5}});
}

TEST_CASE("max_alignments and min_alignment decide which objectives are told", "[motivate]") {
    SECTION("all three at or above 32") {
        harness h{MOTIVATE_PLUGIN_PATH};
        start(h, "max_alignments: 3\nmin_alignment: 32\n");
        start_pair(h);
        h.publish("goal.set", talks_goal());
        const auto list = h.events("goal.aligned").at(0).payload["alignments"];
        REQUIRE(list.size() == 3);
        CHECK(list[2]["objective"] == "sharing");
        CHECK(list[2]["score"] == 32);
    }
    SECTION("a minimum of 33 leaves sharing out") {
        harness h{MOTIVATE_PLUGIN_PATH};
        start(h, "max_alignments: 3\nmin_alignment: 33\n");
        start_pair(h);
        h.publish("goal.set", talks_goal());
        CHECK(h.events("goal.aligned").at(0).payload["alignments"].size() == 2);
    }
    SECTION("one at most") {
        harness h{MOTIVATE_PLUGIN_PATH};
        start(h, "max_alignments: 1\n");
        start_pair(h);
        h.publish("goal.set", talks_goal());
        const auto list = h.events("goal.aligned").at(0).payload["alignments"];
        REQUIRE(list.size() == 1);
        CHECK(list[0]["objective"] == "bench");
    }
}

TEST_CASE("a goal that serves no objective prompts the mentor to connect it to the unit's agenda", "[motivate]") {
    harness h{MOTIVATE_PLUGIN_PATH};
    start(h);
    start_pair(h);
    h.publish("goal.set", evenings_goal());
    const auto aligned = h.events("goal.aligned");
    REQUIRE(aligned.size() == 1);
    const auto& p = aligned[0].payload;
    CHECK(p["alignments"].empty());
    CHECK(p["to"] == json{"m-1", "t-1"});
    CHECK_FALSE(p.contains("closest"));  // every objective scored 0
    CHECK(p["unit_objectives"] == json::array({{{"objective", "revenue"}, {"title", "Grow enterprise revenue 20%"}}}));
    CHECK_THAT(text(p["why"]), StartsWith("'Keep evenings free' does not clearly serve any of the organisation's 3 "
                                          "objectives. Mentor: talk with Maya about how the goal connects to the "
                                          "objectives of Sales ('Grow enterprise revenue 20%')"));
    const auto notes = h.events("notification.requested");
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].payload["to"] == "t-1");
    CHECK(notes[0].payload["subject"] == "Connect 'Keep evenings free' to the organisation's agenda");
    CHECK(notes[0].payload["body"] == p["why"]);
    CHECK(notes[0].payload["goal_id"] == "g-3");
}

TEST_CASE("below min_alignment the closest objective and the top priorities are named", "[motivate]") {
    harness h{MOTIVATE_PLUGIN_PATH};
    start(h);
    start_pair(h, "Engineering");  // no objective of the test catalog belongs to Engineering
    h.publish("goal.set", {{"id", "g-4"},
                           {"mentee_id", "m-1"},
                           {"relationship_id", "r-1"},
                           {"title", "Learn how enterprise customers use our API"},
                           {"area", "technical depth"}});
    const auto p = h.events("goal.aligned").at(0).payload;
    CHECK(p["alignments"].empty());
    // enterprise → 15, priority 1 → 5.
    CHECK(p["closest"] == json{{"objective", "revenue"}, {"title", "Grow enterprise revenue 20%"}, {"score", 20}});
    CHECK_THAT(text(p["why"]), Contains("(closest: 'Grow enterprise revenue 20%' at 20, below 30)"));
    CHECK_THAT(text(p["why"]),
               Contains("connects to the organisation's top priorities ('Grow enterprise revenue 20%')"));
    CHECK(p["unit_objectives"].empty());
}

TEST_CASE("weights are scaled so that a goal matching every part scores 100", "[motivate]") {
    harness h{MOTIVATE_PLUGIN_PATH};
    // Four parts of 1 of a total of 4: 25 points each; skills 2 of 3 → 16.7 → 17.
    start(h, "weights: {area: 1, skills: 1, keywords: 1, unit: 1, priority: 0}\n");
    start_pair(h);
    h.publish("goal.set", deals_goal());
    const auto a = h.events("goal.aligned").at(0).payload["alignments"].at(0);
    CHECK(a["score"] == 92);
    CHECK(a["parts"] == json{{"area", 25}, {"skills", 17}, {"keywords", 25}, {"unit", 25}, {"priority", 0}});
    CHECK(a["because"].size() == 4);  // no priority reason when it weighs nothing
}

TEST_CASE("the same goal set twice is aligned once, a changed goal again", "[motivate]") {
    harness h{MOTIVATE_PLUGIN_PATH};
    start(h);
    start_pair(h);
    h.publish("goal.set", deals_goal());
    h.publish("goal.set", deals_goal());
    CHECK(h.events("goal.aligned").size() == 1);
    auto changed = evenings_goal("g-1");  // same id, new content
    h.publish("goal.set", changed);
    const auto aligned = h.events("goal.aligned");
    REQUIRE(aligned.size() == 2);
    CHECK(aligned[1].payload["alignments"].empty());
}

TEST_CASE("goals outside an active relationship are not aligned", "[motivate]") {
    harness h{MOTIVATE_PLUGIN_PATH};
    start(h);
    h.publish("participant.enrolled", person("m-9", "Ola Nowak", "mentee", "Sales"));
    auto lone = deals_goal("g-9");
    lone["mentee_id"] = "m-9";
    lone.erase("relationship_id");
    h.publish("goal.set", lone);  // an unrelated mentee without a mentor
    start_pair(h);
    h.publish("relationship.closed", {{"relationship_id", "r-1"}, {"outcome", "closed_early"}, {"reason", "moved"}});
    h.publish("goal.set", deals_goal());
    CHECK(h.emitted().empty());
    CHECK(h.dead_letters().empty());
}

TEST_CASE("a goal without a relationship id is linked through the mentee's active relationship", "[motivate]") {
    harness h{MOTIVATE_PLUGIN_PATH};
    start(h);
    start_pair(h);
    auto goal = deals_goal();
    goal.erase("relationship_id");
    h.publish("goal.set", goal);
    const auto aligned = h.events("goal.aligned");
    REQUIRE(aligned.size() == 1);
    CHECK(aligned[0].payload["relationship_id"] == "r-1");
    CHECK(aligned[0].payload["mentor_id"] == "t-1");
}

TEST_CASE("malformed goal and check-in events are dead letters, not crashes", "[motivate]") {
    harness h{MOTIVATE_PLUGIN_PATH};
    start(h);
    start_pair(h);
    h.publish("goal.set", {{"id", "g-1"}, {"title", "No mentee"}});
    h.publish("goal.progressed", {{"goal_id", "g-1"}});
    h.publish("checkin.submitted", {{"relationship_id", "r-1"}, {"from", "m-1"}, {"rating", "five"}});
    const auto dead = h.dead_letters();
    REQUIRE(dead.size() == 3);
    CHECK(dead[0].subscriber == "motivate");
    CHECK(dead[0].error == "goal.set needs a non-empty string \"mentee_id\" in its payload");
    CHECK(dead[1].error == "goal.progressed needs a whole number \"progress\" from 0 to 100 in its payload");
    CHECK(dead[2].error == "checkin.submitted needs \"rating\" to be a whole number from 1 to 5, found \"five\"");
    CHECK(h.events("goal.aligned").empty());
}

// ---- recognising progress -----------------------------------------------------------

TEST_CASE("progress past a mark is recognised once, naming the objective the goal serves", "[motivate]") {
    harness h{MOTIVATE_PLUGIN_PATH};
    start(h);
    start_pair(h);
    h.publish("goal.set", deals_goal());
    h.publish("goal.progressed", {{"goal_id", "g-1"}, {"progress", 30}});

    auto recognitions = h.events("recognition.given");
    REQUIRE(recognitions.size() == 1);
    const auto& p = recognitions[0].payload;
    CHECK(p["goal_id"] == "g-1");
    CHECK(p["mentee_id"] == "m-1");
    CHECK(p["mentor_id"] == "t-1");
    CHECK(p["relationship_id"] == "r-1");
    CHECK(p["milestone"] == "progress_25");
    CHECK(p["progress"] == 30);
    CHECK(p["crossed"] == json{25});
    CHECK(p["to"] == json{"m-1"});
    CHECK(p["suggested_by"] == "t-1");
    CHECK(p["objective"] == json{{"objective", "revenue"}, {"title", "Grow enterprise revenue 20%"}});
    CHECK(p["message"] ==
          "Great start, Maya! 'Close two enterprise deals this quarter' is at 30%, past the 25% mark. "
          "Every step also moves the organisation's objective 'Grow enterprise revenue 20%' forward.");
    CHECK(p["why"] == "progress on 'Close two enterprise deals this quarter' rose from 0% to 30%, past 25%");

    const auto notes = h.events("notification.requested");
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].payload["to"] == "t-1");
    CHECK(notes[0].payload["milestone"] == "progress_25");
    CHECK(notes[0].payload["subject"] ==
          "Recognise Maya Patel's progress: 'Close two enterprise deals this quarter' at 30%");
    CHECK_THAT(text(notes[0].payload["body"]),
               StartsWith("Progress on 'Close two enterprise deals this quarter' rose"));
    CHECK_THAT(text(notes[0].payload["body"]),
               Contains("tell Maya what you saw them do to get there and how it serves "
                        "'Grow enterprise revenue 20%'. Suggested message: \"Great start"));

    h.publish("goal.progressed", {{"goal_id", "g-1"}, {"progress", 40}});
    h.publish("goal.progressed", {{"goal_id", "g-1"}, {"progress", 40}});
    h.publish("goal.progressed", {{"goal_id", "g-1"}, {"progress", 20}});  // never lowers
    CHECK(h.events("recognition.given").size() == 1);

    h.publish("goal.progressed", {{"goal_id", "g-1"}, {"progress", 55}});
    recognitions = h.events("recognition.given");
    REQUIRE(recognitions.size() == 2);
    CHECK(recognitions[1].payload["milestone"] == "progress_50");
    CHECK(recognitions[1].payload["why"] ==
          "progress on 'Close two enterprise deals this quarter' rose from 40% to 55%, past 50%");
    CHECK_THAT(text(recognitions[1].payload["message"]), StartsWith("Halfway there, Maya! "));
}

TEST_CASE("a jump over several marks is one recognition, for the highest", "[motivate]") {
    harness h{MOTIVATE_PLUGIN_PATH};
    start(h);
    start_pair(h);
    h.publish("goal.set", deals_goal());
    h.publish("goal.progressed", {{"goal_id", "g-1"}, {"progress", 10}});
    CHECK(h.events("recognition.given").empty());
    h.publish("goal.progressed", {{"goal_id", "g-1"}, {"progress", 80}});
    const auto recognitions = h.events("recognition.given");
    REQUIRE(recognitions.size() == 1);
    const auto& p = recognitions[0].payload;
    CHECK(p["milestone"] == "progress_75");
    CHECK(p["crossed"] == json{25, 50, 75});
    CHECK_THAT(text(p["message"]),
               StartsWith("Nearly there, Maya! 'Close two enterprise deals this quarter' is at 80%, "
                          "past the 75% mark."));
    CHECK(p["why"] ==
          "progress on 'Close two enterprise deals this quarter' rose from 10% to 80%, past 25%, 50% and "
          "75%; one recognition for the highest mark crossed (75%)");
    h.publish("goal.progressed", {{"goal_id", "g-1"}, {"progress", 90}});
    CHECK(h.events("recognition.given").size() == 1);
    CHECK(h.events("notification.requested").size() == 1);
}

TEST_CASE("the relationship's first achieved goal is celebrated as such, later ones as achieved", "[motivate]") {
    harness h{MOTIVATE_PLUGIN_PATH};
    start(h);
    start_pair(h);
    h.publish("goal.set", deals_goal());
    h.publish("goal.set", evenings_goal());
    h.publish("goal.achieved", {{"goal_id", "g-3"}});

    auto recognitions = h.events("recognition.given");
    REQUIRE(recognitions.size() == 1);
    CHECK(recognitions[0].payload["milestone"] == "first_goal_achieved");
    CHECK(recognitions[0].payload["progress"] == 100);
    CHECK(recognitions[0].payload["objective"].is_null());
    CHECK(recognitions[0].payload["message"] ==
          "Congratulations, Maya! 'Keep evenings free' is the first goal you have achieved in your mentoring with Tom "
          "(No more than two late evenings a month). Take a moment to notice what made it work: it will carry the next "
          "goal too.");
    CHECK(recognitions[0].payload["why"] ==
          "'Keep evenings free' is the first goal achieved in relationship r-1 (on 2027-01-04)");

    h.advance(days(3));
    h.publish("goal.achieved", {{"goal_id", "g-1"}});
    recognitions = h.events("recognition.given");
    REQUIRE(recognitions.size() == 2);
    CHECK(recognitions[1].payload["milestone"] == "achieved");
    CHECK(recognitions[1].payload["message"] ==
          "Well done, Maya! You achieved 'Close two enterprise deals this quarter' (Two signed contracts worth 200k "
          "revenue). It is a real contribution to 'Grow enterprise revenue 20%'.");
    CHECK(recognitions[1].payload["why"] == "'Close two enterprise deals this quarter' was achieved on 2027-01-07");

    const auto notes = h.events("notification.requested");
    REQUIRE(notes.size() == 3);  // the unaligned goal's prompt, then one per achievement
    CHECK(notes[1].payload["subject"] == "Maya Patel achieved their first goal: recognise it");
    CHECK(notes[2].payload["subject"] == "Maya Patel achieved 'Close two enterprise deals this quarter': recognise it");

    h.publish("goal.achieved", {{"goal_id", "g-1"}});  // the same news twice
    h.publish("goal.progressed", {{"goal_id", "g-1"}, {"progress", 100}});
    CHECK(h.events("recognition.given").size() == 2);
}

TEST_CASE("an unaligned goal's recognition points to its measure", "[motivate]") {
    harness h{MOTIVATE_PLUGIN_PATH};
    start(h);
    start_pair(h);
    h.publish("goal.set", evenings_goal());
    h.publish("goal.progressed", {{"goal_id", "g-3"}, {"progress", 30}});
    const auto p = h.events("recognition.given").at(0).payload;
    CHECK(p["objective"].is_null());
    CHECK(p["message"] ==
          "Great start, Maya! 'Keep evenings free' is at 30%, past the 25% mark. The finish line: No more "
          "than two late evenings a month.");
}

TEST_CASE("recognise_at sets the marks", "[motivate]") {
    SECTION("other marks") {
        harness h{MOTIVATE_PLUGIN_PATH};
        start(h, "recognise_at: [10, 90]\n");
        start_pair(h);
        h.publish("goal.set", deals_goal());
        h.publish("goal.progressed", {{"goal_id", "g-1"}, {"progress", 60}});
        h.publish("goal.progressed", {{"goal_id", "g-1"}, {"progress", 95}});
        const auto recognitions = h.events("recognition.given");
        REQUIRE(recognitions.size() == 2);
        CHECK(recognitions[0].payload["milestone"] == "progress_10");
        CHECK(recognitions[1].payload["milestone"] == "progress_90");
    }
    SECTION("none: only achievements") {
        harness h{MOTIVATE_PLUGIN_PATH};
        start(h, "recognise_at: []\n");
        start_pair(h);
        h.publish("goal.set", deals_goal());
        h.publish("goal.progressed", {{"goal_id", "g-1"}, {"progress", 60}});
        CHECK(h.events("recognition.given").empty());
        h.publish("goal.achieved", {{"goal_id", "g-1"}});
        CHECK(h.events("recognition.given").size() == 1);
    }
}

TEST_CASE("a goal set part-way is not recognised for the marks it had already passed", "[motivate]") {
    harness h{MOTIVATE_PLUGIN_PATH};
    start(h);
    start_pair(h);
    auto goal = deals_goal();
    goal["progress"] = 60;
    h.publish("goal.set", goal);
    h.publish("goal.progressed", {{"goal_id", "g-1"}, {"progress", 70}});
    CHECK(h.events("recognition.given").empty());
    h.publish("goal.progressed", {{"goal_id", "g-1"}, {"progress", 80}});
    const auto recognitions = h.events("recognition.given");
    REQUIRE(recognitions.size() == 1);
    CHECK(recognitions[0].payload["milestone"] == "progress_75");
    CHECK(recognitions[0].payload["crossed"] == json{75});
}

TEST_CASE("goals of a closed relationship and unknown goals are not recognised", "[motivate]") {
    harness h{MOTIVATE_PLUGIN_PATH};
    start(h);
    start_pair(h);
    h.publish("goal.set", deals_goal());
    h.publish("relationship.closed", {{"relationship_id", "r-1"}, {"outcome", "completed"}, {"reason", "done"}});
    h.publish("goal.progressed", {{"goal_id", "g-1"}, {"progress", 80}});
    h.publish("goal.achieved", {{"goal_id", "g-1"}});
    h.publish("goal.progressed", {{"goal_id", "g-unknown"}, {"progress", 80}});
    h.publish("goal.achieved", {{"goal_id", "g-unknown"}});
    CHECK(h.events("recognition.given").empty());
    CHECK(h.dead_letters().empty());
}

// ---- noticing stalling motivation ------------------------------------------------------

TEST_CASE("the periodic checks stop at the program's end once program.started says when it is", "[motivate]") {
    harness h{MOTIVATE_PLUGIN_PATH};
    start(h);  // 2027-01-04, before the program started: no end known yet
    h.publish("program.started", {{"program", "p"}, {"name", "P"}, {"start", "2027-01-04"}, {"duration", "6w"},
                                  {"modules", {"motivate"}}});
    h.advance(weeks(20));
    // Every two weeks from 2027-01-18 up to the end on 2027-02-15: three checks, then none.
    std::vector<std::string> dates;
    for (const auto& e : h.events("motivation.check")) dates.push_back(date_of(e));
    CHECK(dates == std::vector<std::string>{"2027-01-18", "2027-02-01", "2027-02-15"});
}

TEST_CASE("a goal that has not moved for six weeks nudges the mentor, and not before", "[motivate]") {
    harness h{MOTIVATE_PLUGIN_PATH};
    start(h);  // 2027-01-04; checks every two weeks from 2027-01-18
    start_pair(h);
    h.publish("goal.set", deals_goal());
    h.advance(days(41));
    CHECK(h.events("motivation.nudged").empty());
    CHECK(h.events("motivation.check").size() == 2);
    h.advance(days(1));

    const auto nudges = h.events("motivation.nudged");
    REQUIRE(nudges.size() == 1);
    CHECK(date_of(nudges[0]) == "2027-02-15");
    const auto& p = nudges[0].payload;
    CHECK(p["relationship_id"] == "r-1");
    CHECK(p["mentor_id"] == "t-1");
    CHECK(p["mentee_id"] == "m-1");
    CHECK(p["to"] == json{"t-1"});
    CHECK(p["nudge_cooldown"] == "4w");
    REQUIRE(p["signals"].size() == 1);
    const auto& s = p["signals"][0];
    CHECK(s["kind"] == "goal_stalled");
    CHECK(s["goal_id"] == "g-1");
    CHECK(s["progress"] == 0);
    CHECK(s["since"] == "2027-01-04");
    CHECK(s["days_without_progress"] == 42);
    CHECK(s["weeks_without_progress"] == 6);
    CHECK(s["stall_after"] == "6w");
    CHECK(s["objective"] == json{{"objective", "revenue"}, {"title", "Grow enterprise revenue 20%"}});
    CHECK(p["why"] ==
          "Maya's motivation may be slipping: 'Close two enterprise deals this quarter' has stayed at 0% "
          "for 6 weeks (since 2027-01-04).");
    REQUIRE(p["actions"].size() == 3);
    CHECK(p["actions"][0] ==
          "Reconnect 'Close two enterprise deals this quarter' to the objective it serves, 'Grow "
          "enterprise revenue 20%': ask Maya what reaching it would change for them and for the "
          "organisation.");
    CHECK(p["actions"][1] ==
          "Break 'Close two enterprise deals this quarter' into a smaller next step Maya can finish "
          "before your next meeting.");
    CHECK_THAT(text(p["actions"][2]), StartsWith("Start by naming one thing Maya has done well"));
    CHECK_THAT(text(p["suggestion"]), StartsWith(text(p["actions"][0]) + " " + text(p["actions"][1])));

    const auto notes = h.events("notification.requested");
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].payload["to"] == "t-1");
    CHECK(notes[0].payload["subject"] == "Keep Maya's motivation up");
    CHECK(notes[0].payload["body"] == text(p["why"]) + " " + text(p["suggestion"]));
}

TEST_CASE("progress restarts the stall clock, and the nudge celebrates it", "[motivate]") {
    harness h{MOTIVATE_PLUGIN_PATH};
    start(h);
    start_pair(h);
    h.publish("goal.set", deals_goal());
    h.advance(weeks(3));  // 2027-01-25
    h.publish("goal.progressed", {{"goal_id", "g-1"}, {"progress", 30}});
    h.advance(weeks(5));  // checks on 02-01, 02-15 and 03-01: stalled only from 03-08
    CHECK(h.events("motivation.nudged").empty());
    h.advance(weeks(2));  // the check of 03-15
    const auto nudges = h.events("motivation.nudged");
    REQUIRE(nudges.size() == 1);
    CHECK(date_of(nudges[0]) == "2027-03-15");
    const auto& s = nudges[0].payload["signals"][0];
    CHECK(s["since"] == "2027-01-25");
    CHECK(s["days_without_progress"] == 49);
    CHECK(s["weeks_without_progress"] == 7);
    CHECK(s["progress"] == 30);
    CHECK_THAT(text(nudges[0].payload["suggestion"]),
               Contains("Start by celebrating the progress so far: 'Close two enterprise deals this quarter' at 30%."));
}

TEST_CASE("nudges to one relationship wait for the cooldown", "[motivate]") {
    SECTION("four weeks by default") {
        harness h{MOTIVATE_PLUGIN_PATH};
        start(h);
        start_pair(h);
        h.publish("goal.set", deals_goal());
        h.advance(weeks(8));  // nudged at 6 weeks; the check at 8 is within the cooldown
        CHECK(h.events("motivation.nudged").size() == 1);
        h.advance(weeks(2));
        const auto nudges = h.events("motivation.nudged");
        REQUIRE(nudges.size() == 2);
        CHECK(date_of(nudges[1]) == "2027-03-15");
        CHECK(nudges[1].payload["signals"][0]["weeks_without_progress"] == 10);
        CHECK(h.events("notification.requested").size() == 2);
    }
    SECTION("a shorter cooldown") {
        harness h{MOTIVATE_PLUGIN_PATH};
        start(h, "nudge_cooldown: 2w\n");
        start_pair(h);
        h.publish("goal.set", deals_goal());
        h.advance(weeks(8));
        CHECK(h.events("motivation.nudged").size() == 2);
    }
}

TEST_CASE("stall_after and check_every set when a goal counts as stalled", "[motivate]") {
    harness h{MOTIVATE_PLUGIN_PATH};
    start(h, "stall_after: 3w\ncheck_every: 1w\n");
    start_pair(h);
    h.publish("goal.set", deals_goal());
    h.advance(days(20));
    CHECK(h.events("motivation.nudged").empty());
    h.advance(days(1));
    const auto nudges = h.events("motivation.nudged");
    REQUIRE(nudges.size() == 1);
    CHECK(date_of(nudges[0]) == "2027-01-25");
    CHECK(nudges[0].payload["signals"][0]["stall_after"] == "3w");
}

TEST_CASE("achieved and abandoned goals do not stall", "[motivate]") {
    harness h{MOTIVATE_PLUGIN_PATH};
    start(h);
    start_pair(h);
    h.publish("goal.set", deals_goal());
    h.publish("goal.set", evenings_goal());
    h.publish("goal.achieved", {{"goal_id", "g-1"}});
    h.publish("goal.abandoned", {{"goal_id", "g-3"}});
    h.advance(weeks(12));
    CHECK(h.events("motivation.nudged").empty());
}

TEST_CASE("a fall in the mentee's ratings nudges the mentor at once", "[motivate]") {
    harness h{MOTIVATE_PLUGIN_PATH};
    start(h);
    start_pair(h);
    h.publish("checkin.submitted", checkin("t-1", 1, "2027-01-04"));  // the mentor's view is not the mentee's
    h.publish("checkin.submitted", checkin("m-1", 4, "2027-01-04"));
    CHECK(h.events("motivation.nudged").empty());
    h.publish("feedback.given", checkin("m-1", 2, "2027-01-05"));

    const auto nudges = h.events("motivation.nudged");
    REQUIRE(nudges.size() == 1);
    const auto& p = nudges[0].payload;
    REQUIRE(p["signals"].size() == 1);  // the average of 4 and 2 is 3: not below 3
    CHECK(p["signals"][0]["kind"] == "rating_fell");
    CHECK(p["signals"][0]["previous"] == 4);
    CHECK(p["signals"][0]["last"] == 2);
    CHECK(p["signals"][0]["drop"] == 2);
    CHECK(p["why"] ==
          "Maya's motivation may be slipping: the mentee's check-in rating fell from 4 to 2 on 2027-01-05.");
    CHECK_THAT(text(p["suggestion"]), StartsWith("Ask Maya openly how the mentoring is going for them"));
    CHECK_THAT(text(p["suggestion"]), Contains("Start by naming one thing Maya has done well"));
    CHECK(h.events("notification.requested").size() == 1);
}

TEST_CASE("a low average of the mentee's ratings nudges the mentor", "[motivate]") {
    SECTION("3, 3, 2 average 2.67") {
        harness h{MOTIVATE_PLUGIN_PATH};
        start(h, "rating_drop: 2\n");
        start_pair(h);
        h.publish("checkin.submitted", checkin("m-1", 3, "2027-01-04"));
        h.publish("checkin.submitted", checkin("m-1", 3, "2027-01-18"));
        CHECK(h.events("motivation.nudged").empty());
        h.publish("checkin.submitted", checkin("m-1", 2, "2027-02-01"));  // a drop of 1: below rating_drop
        const auto nudges = h.events("motivation.nudged");
        REQUIRE(nudges.size() == 1);
        const auto& s = nudges[0].payload["signals"];
        REQUIRE(s.size() == 1);
        CHECK(s[0]["kind"] == "ratings_low");
        CHECK(s[0]["ratings"] == json{3, 3, 2});
        CHECK(s[0]["average"] == Approx(2.67));
        CHECK(s[0]["below"] == Approx(3));
    }
    SECTION("not below rating_below 2.5") {
        harness h{MOTIVATE_PLUGIN_PATH};
        start(h, "rating_drop: 2\nrating_below: 2.5\n");
        start_pair(h);
        for (auto [rating, on] : {std::pair{3, "2027-01-04"}, {3, "2027-01-18"}, {2, "2027-02-01"}})
            h.publish("checkin.submitted", checkin("m-1", rating, on));
        CHECK(h.events("motivation.nudged").empty());
    }
}

TEST_CASE("a rating signal raised during the cooldown waits for the next check", "[motivate]") {
    harness h{MOTIVATE_PLUGIN_PATH};
    start(h);
    start_pair(h);
    h.publish("checkin.submitted", checkin("m-1", 4, "2027-01-04"));
    h.publish("checkin.submitted", checkin("m-1", 2, "2027-01-04"));
    REQUIRE(h.events("motivation.nudged").size() == 1);
    h.advance(weeks(1));
    h.publish("checkin.submitted", checkin("m-1", 1, "2027-01-11"));
    h.publish("checkin.submitted", checkin("m-1", 1, "2027-01-11"));  // ingested twice: one rating
    h.advance(weeks(1));                                              // the check of 01-18: cooldown until 02-01
    CHECK(h.events("motivation.nudged").size() == 1);
    h.advance(weeks(2));
    auto nudges = h.events("motivation.nudged");
    REQUIRE(nudges.size() == 2);
    CHECK(date_of(nudges[1]) == "2027-02-01");
    const auto& s = nudges[1].payload["signals"];
    REQUIRE(s.size() == 1);  // 2 to 1 is a fall of one point: not a signal of its own
    CHECK(s[0]["kind"] == "ratings_low");
    CHECK(s[0]["ratings"] == json{4, 2, 1});
    h.advance(weeks(8));  // told once: no repeat without new ratings
    CHECK(h.events("motivation.nudged").size() == 2);
}

TEST_CASE("closed relationships are not nudged", "[motivate]") {
    harness h{MOTIVATE_PLUGIN_PATH};
    start(h);
    start_pair(h);
    h.publish("goal.set", deals_goal());
    h.publish("relationship.closed", {{"relationship_id", "r-1"}, {"outcome", "closed_early"}, {"reason", "left"}});
    h.advance(weeks(8));
    h.publish("checkin.submitted", checkin("m-1", 5, "2027-03-01"));
    h.publish("checkin.submitted", checkin("m-1", 1, "2027-03-01"));
    CHECK(h.events("motivation.nudged").empty());
    CHECK(h.events("notification.requested").empty());
}

TEST_CASE("check-ins without a rating, of unknown relationships or from others are ignored", "[motivate]") {
    harness h{MOTIVATE_PLUGIN_PATH};
    start(h);
    start_pair(h);
    h.publish("checkin.submitted", {{"relationship_id", "r-1"}, {"from", "m-1"}, {"wellbeing", 2}});
    h.publish("checkin.submitted", {{"relationship_id", "r-404"}, {"from", "m-1"}, {"rating", 1}});
    h.publish("checkin.submitted", checkin("someone-else", 1, "2027-01-04"));
    CHECK(h.emitted().empty());
    CHECK(h.dead_letters().empty());
}

// ---- restart ---------------------------------------------------------------------------

TEST_CASE("after a restart, marks already recognised are not repeated and alignments are remembered", "[motivate]") {
    harness before{MOTIVATE_PLUGIN_PATH};
    start(before);
    start_pair(before);
    before.publish("goal.set", deals_goal());
    before.advance(days(3));
    before.publish("goal.progressed", {{"goal_id", "g-1"}, {"progress", 30}});
    REQUIRE(before.events("recognition.given").size() == 1);

    harness after{MOTIVATE_PLUGIN_PATH};
    replay(before, after);
    start(after);
    after.clear_events();  // the replayed journal
    after.advance(days(1));
    CHECK(after.events("goal.aligned").empty());  // nothing said again on start
    CHECK(after.events("recognition.given").empty());
    after.publish("goal.progressed", {{"goal_id", "g-1"}, {"progress", 40}});
    CHECK(after.events("recognition.given").empty());
    after.publish("goal.progressed", {{"goal_id", "g-1"}, {"progress", 55}});
    const auto recognitions = after.events("recognition.given");
    REQUIRE(recognitions.size() == 1);
    CHECK(recognitions[0].payload["milestone"] == "progress_50");
    CHECK(recognitions[0].payload["objective"]["objective"] == "revenue");
    CHECK(after.events("goal.aligned").empty());
}

TEST_CASE("after a restart, recognitions in the journal count as given", "[motivate]") {
    harness h{MOTIVATE_PLUGIN_PATH};
    h.publish("participant.enrolled", person("m-1", "Maya Patel", "mentee", "Sales"));
    h.publish("relationship.started", {{"relationship_id", "r-1"}, {"mentor_id", "t-1"}, {"mentee_id", "m-1"}});
    h.publish("goal.set", deals_goal());
    // Recognised under earlier marks, e.g. before the settings changed.
    h.publish("recognition.given", {{"goal_id", "g-1"}, {"relationship_id", "r-1"}, {"milestone", "progress_50"}});
    start(h);
    h.clear_events();
    h.publish("goal.progressed", {{"goal_id", "g-1"}, {"progress", 60}});
    CHECK(h.events("recognition.given").empty());
    h.publish("goal.progressed", {{"goal_id", "g-1"}, {"progress", 75}});
    const auto recognitions = h.events("recognition.given");
    REQUIRE(recognitions.size() == 1);
    CHECK(recognitions[0].payload["milestone"] == "progress_75");
    CHECK(recognitions[0].payload["crossed"] == json{75});
}

TEST_CASE("after a restart, the first achieved goal and the last nudge are remembered", "[motivate]") {
    harness before{MOTIVATE_PLUGIN_PATH};
    start(before);
    start_pair(before);
    before.publish("goal.set", deals_goal());
    before.publish("goal.set", evenings_goal());
    before.publish("goal.achieved", {{"goal_id", "g-3"}});
    before.advance(weeks(6));
    REQUIRE(before.events("motivation.nudged").size() == 1);  // 2027-02-15

    harness after{MOTIVATE_PLUGIN_PATH};
    replay(before, after);
    start(after);
    after.clear_events();
    after.advance(weeks(2));  // 03-01: within the cooldown of the nudge before the restart
    CHECK(after.events("motivation.nudged").empty());
    after.advance(weeks(2));
    const auto nudges = after.events("motivation.nudged");
    REQUIRE(nudges.size() == 1);
    CHECK(date_of(nudges[0]) == "2027-03-15");
    CHECK(nudges[0].payload["signals"][0]["since"] == "2027-01-04");
    CHECK_THAT(text(nudges[0].payload["suggestion"]),
               Contains("Start by celebrating what Maya has already achieved: 'Keep evenings free'."));

    after.publish("goal.achieved", {{"goal_id", "g-1"}});
    const auto recognitions = after.events("recognition.given");
    REQUIRE(recognitions.size() == 1);
    CHECK(recognitions[0].payload["milestone"] == "achieved");
}

// ---- settings and catalog ----------------------------------------------------------------

TEST_CASE("bad settings are refused with their location", "[motivate][config]") {
    auto check = [](std::string_view config, int line, int column, const std::string& message) {
        const auto e = start_error(config);
        CAPTURE(config);
        CHECK(e.mark().file == "<harness config>");
        CHECK(e.mark().line == line);
        CHECK(e.mark().column == column);
        CHECK_THAT(e.message(), StartsWith(message));
    };
    check("min_alignment: 120\n", 1, 16, "min_alignment must be a whole number from 0 to 100, found 120");
    check("max_alignments: 0\n", 1, 17, "max_alignments must be a whole number from 1 to 20, found 0");
    check("recognise_at: [25, 75, 50]\n", 1, 24, "recognise_at must rise: 50 comes after 75");
    check("recognise_at: [25, 100]\n", 1, 20,
          "recognise_at: a mark must be a percentage from 1 to 99 (100 is the goal achieved), found 100");
    check("recognise_at: 50\n", 1, 15, "recognise_at must be a list of percentages, e.g. [25, 50, 75]");
    check("stall_after: soon\n", 1, 14, "expected a duration");
    check("nudge_cooldown: 0d\n", 1, 17, "nudge_cooldown must be longer than 0");
    check("check_every: 0w\n", 1, 14, "check_every must be longer than 0");
    check("check_every: 30m\n", 1, 14, "check_every must be at least 1h");
    check("weights:\n  area: -5\n", 2, 9, "area must be a number from 0 to 100, found -5");
    check("weights:\n  aera: 5\n", 2, 3, "unknown key 'aera'; did you mean 'area'?");
    check("weights: {area: 0, skills: 0, keywords: 0}\n", 1, 10,
          "weights: at least one of area, skills and keywords must be above 0");
    check("rating_below: 7\n", 1, 15, "rating_below must be a number from 1 to 5, found 7");
    check("rating_window: 0\n", 1, 16, "rating_window must be a whole number from 1 to 10, found 0");
    check("rating_drop: many\n", 1, 14, "expected a whole number");
    check("stall_afterr: 6w\n", 1, 1, "unknown key 'stall_afterr'; did you mean 'stall_after'?");
    check("catalog: ''\n", 1, 10, "catalog must name a catalog");
    check("catalog: goals-2028\n", 1, 10, "cannot read the objectives catalog: no catalog 'goals-2028'");
}

TEST_CASE("the catalog setting chooses another catalog", "[motivate][config]") {
    harness h{MOTIVATE_PLUGIN_PATH};
    h.with_config("catalog: objectives-2028\nmin_alignment: 10\n")
        .with_catalog("objectives-2028", "objectives:\n  - id: ai\n    title: Ship AI features\n    keywords: [ai]\n")
        .start();
    start_pair(h);
    h.publish("goal.set", {{"id", "g-5"},
                           {"mentee_id", "m-1"},
                           {"relationship_id", "r-1"},
                           {"title", "Ship two AI features"},
                           {"measure", "Both AI features live"}});
    const auto list = h.events("goal.aligned").at(0).payload["alignments"];
    REQUIRE(list.size() == 1);
    CHECK(list[0]["objective"] == "ai");
    // One keyword counts half of 30 (15), priority 2 (default) two thirds of 5 (3): 18 of 100.
    CHECK(list[0]["score"] == 18);
}

TEST_CASE("without a catalog the error says where catalogs were looked for", "[motivate][config]") {
    const auto e = start_error("", nullptr);
    CHECK_THAT(e.message(), StartsWith("cannot read the objectives catalog: no catalog 'objectives'"));
}

TEST_CASE("bad catalog entries are refused with their line", "[motivate][config]") {
    auto check = [](const char* catalog, int line, int column, const std::string& message) {
        const auto e = catalog_error(catalog);
        CAPTURE(catalog);
        CHECK(e.mark().file == "<catalog objectives>");
        CHECK(e.mark().line == line);
        CHECK(e.mark().column == column);
        CHECK_THAT(e.message(), StartsWith(message));
    };
    check("objectives:\n  - id: a\n    title: A\n    areas: [leadership]\n    priority: 4\n", 5, 15,
          "priority must be a whole number from 1 to 3, found 4");
    check("objectives:\n  - id: a\n    title: A\n    areas: [leadership]\n  - id: a\n    title: B\n    keywords: [x]\n",
          5, 9, "duplicate objective id 'a' (first used on line 2)");
    check("objectives:\n  - id: a\n    title: A\n", 2, 5,
          "objective 'a' needs at least one of areas, skills or keywords");
    check("objectives:\n  - id: a\n    title: A\n    keyword: [x]\n", 4, 5,
          "unknown key 'keyword'; did you mean 'keywords'?");
    check("objectives:\n  - id: a\n    title: A\n    areas: [leadership, '']\n", 4, 25, "an entry of areas is empty");
    check("objectives:\n  - id: a\n    title: ''\n    areas: [leadership]\n", 3, 12, "title must not be empty");
    check("objectives: []\n", 1, 13, "'objectives' must be a list of at least one objective");
    check("goals: []\n", 1, 1, "the catalog 'objectives' must be a mapping with a list 'objectives'");
    const auto missing = catalog_error("objectives:\n  - id: a\n    areas: [leadership]\n");
    CHECK(missing.mark().line == 2);
    CHECK_THAT(missing.message(), Contains("missing required key 'title'"));
}

TEST_CASE("the shipped catalog loads and links the sample cohort's goals sensibly", "[motivate][config]") {
    harness h{MOTIVATE_PLUGIN_PATH};
    h.with_catalog_dir(MENTORKIT_SOURCE_DIR "/config/catalogs").start();  // no settings at all
    for (auto [id, name, role] : {std::tuple{"E0010", "Rachel Brown", "mentee"},
                                  {"E0012", "Ruth Mensah", "mentor"},
                                  {"E0016", "Felix Hoffmann", "mentee"},
                                  {"E0003", "Felix Schmidt", "mentor"},
                                  {"E0008", "Brandon Jackson", "mentee"},
                                  {"E0014", "Jamal Miller", "mentor"}})
        h.publish("participant.enrolled", person(id, name, role, "Engineering"));
    for (auto [r, mentor, mentee] : {std::tuple{"r-E0012-E0010", "E0012", "E0010"},
                                     {"r-E0003-E0016", "E0003", "E0016"},
                                     {"r-E0014-E0008", "E0014", "E0008"}})
        h.publish("relationship.started", {{"relationship_id", r}, {"mentor_id", mentor}, {"mentee_id", mentee}});
    // The goals of examples/data/activity.csv.
    h.publish("goal.set", {{"id", "g-E0010-1"},
                           {"mentee_id", "E0010"},
                           {"relationship_id", "r-E0012-E0010"},
                           {"title", "Lead the Q2 platform design review"},
                           {"area", "Promotion readiness"},
                           {"measure", "Chairs the review and the decision record is approved"}});
    h.publish("goal.set", {{"id", "g-E0016-1"},
                           {"mentee_id", "E0016"},
                           {"relationship_id", "r-E0003-E0016"},
                           {"title", "Present the test strategy at the engineering all-hands"},
                           {"area", "visibility"},
                           {"measure", "Talk given and rated 4 or better by attendees"}});
    h.publish("goal.set", {{"id", "g-E0008-1"},
                           {"mentee_id", "E0008"},
                           {"relationship_id", "r-E0014-E0008"},
                           {"title", "Keep on-call and evening work within agreed hours"},
                           {"area", "work-life balance"},
                           {"measure", "No more than two late evenings a month for three months"}});

    const auto aligned = h.events("goal.aligned");
    REQUIRE(aligned.size() == 3);
    auto summary = [](const json& payload) {
        std::vector<std::pair<std::string, int>> out;
        for (const auto& a : payload["alignments"]) out.emplace_back(a["objective"], a["score"]);
        return out;
    };
    using list = std::vector<std::pair<std::string, int>>;
    // Promotion readiness 20 + lead, chair(s) 30 + priority 1 5; platform 15 + Engineering 15 + 5.
    CHECK(summary(aligned[0].payload) == list{{"leadership-bench", 55}, {"cloud-platform", 35}});
    // visibility 20 + present, talk, all-hands 30 + priority 3 2; test 15 + Engineering 15 + priority 2 3.
    CHECK(summary(aligned[1].payload) == list{{"knowledge-sharing", 52}, {"secure-reliable", 33}});
    // work-life balance 20 + hours, evening 30 + priority 2 3.
    CHECK(summary(aligned[2].payload) == list{{"inclusive-culture", 53}});
}
