#include <mentorkit/testing.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

using Catch::Contains;
using Catch::StartsWith;
using mentorkit::testing::harness;
using nlohmann::json;

namespace {

// A small catalog whose scores are easy to work out by hand for the mentee below
// (negotiation 1, public speaking 0, data analysis 3) and goal g-1 (negotiation 4,
// public speaking 2, data analysis 3): gap negotiation 1→4 and public speaking 0→2.
//   c-speak      ps min(3,2)-0 = 2, neg 2-1 = 1   → 3 points, 3w
//   a-deal       neg 4-1 = 3 (from_level 1 ok)    → 3 points, 6w
//   v-speak      ps 2-0                            → 2 points, 10m
//   k-article    neg 3-1                           → 2 points, 1h
//   b-neg        neg 3-1                           → 2 points, 8h
//   a-talk       ps 2-0                            → 2 points, 4w
//   c-neg-basics neg 2-1                           → 1 point, 5h
//   p-pod        neg 2-1                           → 1 point, 5h (same length: id decides)
//   s-shadow     neg 2-1                           → 1 point, 2w
//   w-neg-adv    from_level 2 > 1                  → 0
//   c-data       data analysis is no gap           → 0
constexpr const char* test_catalog = R"(resources:
  - {id: c-speak, title: Speaking course, format: course, duration: 3w,
     teaches: [{skill: public speaking, level: 3}, {skill: negotiation, level: 2}]}
  - {id: a-deal, title: Lead a deal, format: assignment, duration: 6w, from_level: 1,
     teaches: [{skill: negotiation, level: 4}]}
  - {id: v-speak, title: Speaking video, format: video, duration: 10m, teaches: [{skill: public speaking, level: 2}]}
  - {id: k-article, title: Negotiation article, format: article, duration: 1h, teaches: [{skill: negotiation, level: 3}]}
  - {id: b-neg, title: Negotiation book, format: book, duration: 8h, teaches: [{skill: negotiation, level: 3}],
     provider: Acme Press, url: "https://books.example.org/neg"}
  - {id: a-talk, title: Give a team talk, format: assignment, duration: 4w, teaches: [{skill: public speaking, level: 2}]}
  - {id: c-neg-basics, title: Negotiation basics, format: course, duration: 5h, teaches: [{skill: negotiation, level: 2}]}
  - {id: p-pod, title: Negotiation podcast, format: podcast, duration: 5h, teaches: [{skill: negotiation, level: 2}]}
  - {id: s-shadow, title: Shadow a negotiator, format: shadowing, duration: 2w, teaches: [{skill: negotiation, level: 2}]}
  - {id: w-neg-adv, title: Advanced negotiation, format: workshop, duration: 2d, from_level: 2,
     teaches: [{skill: negotiation, level: 5}]}
  - {id: c-data, title: Data course, format: course, duration: 4w, teaches: [{skill: data analysis, level: 4}]}
)";

mentorkit::duration span(const char* text) { return *mentorkit::parse_duration(text); }

json skills(std::initializer_list<std::pair<const char*, int>> list) {
    json out = json::array();
    for (const auto& [skill, level] : list) out.push_back({{"skill", skill}, {"level", level}});
    return out;
}

json mentee_profile(json skill_list = skills({{"negotiation", 1}, {"data analysis", 3}})) {
    return {{"id", "m1"},
            {"name", "Mia Lund"},
            {"role", "mentee"},
            {"skills", std::move(skill_list)},
            {"skills_sought", {"public speaking", "data analysis"}}};
}

json mentor_profile(json skill_list = skills({{"negotiation", 5}, {"public speaking", 3}, {"data analysis", 4}})) {
    return {{"id", "t1"}, {"name", "Tom Berg"}, {"role", "mentor"}, {"skills", std::move(skill_list)}};
}

json goal_g1() {
    return {{"id", "g-1"},
            {"mentee_id", "m1"},
            {"relationship_id", "r-1"},
            {"title", "Close the Q3 supplier deal"},
            {"area", "influence"},
            {"skills_needed", skills({{"negotiation", 4}, {"public speaking", 2}, {"data analysis", 3}})},
            {"progress", 0},
            {"status", "open"}};
}

void enrol_pair(harness& h) {
    h.publish("participant.enrolled", mentee_profile());
    h.publish("participant.enrolled", mentor_profile());
    h.publish("relationship.started", {{"relationship_id", "r-1"}, {"mentor_id", "t1"}, {"mentee_id", "m1"}});
}

void start(harness& h, const char* config = "") {
    h.with_config(config).with_catalog("learning-resources", test_catalog).start();
}

std::vector<std::string> ids(const json& recommendations) {
    std::vector<std::string> out;
    for (const auto& r : recommendations) out.push_back(r.at("resource").get<std::string>());
    return out;
}

using list = std::vector<std::string>;

std::vector<json> recommended(const harness& h, const std::string& reason = "") {
    std::vector<json> out;
    for (const auto& e : h.events("learning.recommended"))
        if (reason.empty() || e.payload.at("reason") == reason) out.push_back(e.payload);
    return out;
}

}  // namespace

// ---- goal.set: the gap and the ranking --------------------------------------------------

TEST_CASE("the gap is each needed skill minus the mentee's level, met skills left out", "[teach]") {
    harness h{TEACH_PLUGIN_PATH};
    start(h);
    enrol_pair(h);
    h.publish("goal.set", goal_g1());

    const auto recs = recommended(h);
    REQUIRE(recs.size() == 1);
    const auto& r = recs[0];
    CHECK(r["reason"] == "goal_set");
    CHECK(r["mentee_id"] == "m1");
    CHECK(r["mentor_id"] == "t1");
    CHECK(r["relationship_id"] == "r-1");
    CHECK(r["goal_id"] == "g-1");
    CHECK(r["goal_title"] == "Close the Q3 supplier deal");
    // negotiation 4 - 1 = 3, public speaking 2 - 0 (not in the profile) = 2; data analysis 3 is met.
    CHECK(r["gap"] == json::parse(R"([{"skill":"negotiation","current":1,"needed":4},
                                       {"skill":"public speaking","current":0,"needed":2}])"));
    CHECK(r["gap_points"] == 5);
    CHECK(r["already_met"] == json::parse(R"([{"skill":"data analysis","current":3,"needed":3}])"));
    CHECK(r["to"] == json{"m1", "t1"});
    CHECK_THAT(r["why"].get<std::string>(),
               Contains("needs negotiation at 4 (now 1) and public speaking at 2 (now 0): 5 level(s) to close"));
}

TEST_CASE("resources are ranked by gap closed, then shorter first, then by id", "[teach]") {
    harness h{TEACH_PLUGIN_PATH};
    start(h, "max_recommendations: 10\n");
    enrol_pair(h);
    h.publish("goal.set", goal_g1());
    const auto recs = recommended(h).at(0)["recommendations"];
    // 3 points: c-speak (3w) before a-deal (6w); 2 points by length; 1 point: c-neg-basics and
    // p-pod are both 5h, so the id decides; w-neg-adv (from_level 2) and c-data never appear.
    CHECK(ids(recs) ==
          list{"c-speak", "a-deal", "v-speak", "k-article", "b-neg", "a-talk", "c-neg-basics", "p-pod", "s-shadow"});
    std::vector<int> points;
    for (const auto& r : recs) points.push_back(r["points"].get<int>());
    CHECK(points == std::vector<int>{3, 3, 2, 2, 2, 2, 1, 1, 1});
    CHECK(recs[0]["rank"] == 1);
    CHECK(recs[8]["rank"] == 9);
}

TEST_CASE("by default three resources are recommended, each with what it closes and why", "[teach]") {
    harness h{TEACH_PLUGIN_PATH};
    start(h);
    enrol_pair(h);
    h.publish("goal.set", goal_g1());
    const auto recs = recommended(h).at(0)["recommendations"];
    REQUIRE(ids(recs) == list{"c-speak", "a-deal", "v-speak"});

    CHECK(recs[0]["title"] == "Speaking course");
    CHECK(recs[0]["format"] == "course");
    CHECK(recs[0]["duration"] == "3w");
    CHECK(recs[0]["closes"] == json::parse(R"([{"skill":"negotiation","from":1,"to":2},
                                                {"skill":"public speaking","from":0,"to":2}])"));
    CHECK(recs[0]["why"] ==
          "Closes 3 of the 5 gap level(s): negotiation 1→2 and public speaking 0→2. A course, 3 weeks.");
    // Level 4 is what the goal needs: the assignment closes negotiation all the way.
    CHECK(recs[1]["closes"] == json::parse(R"([{"skill":"negotiation","from":1,"to":4}])"));
    CHECK(recs[1]["why"] ==
          "Closes 3 of the 5 gap level(s): negotiation 1→4. A hands-on assignment, 6 weeks; "
          "learning on the job; for learners already at level 1 or above.");
    CHECK(recs[2]["duration"] == "10m");
    CHECK_THAT(recs[2]["why"].get<std::string>(), Contains("A video, 10 minutes."));
}

TEST_CASE("provider and url of a resource are passed on", "[teach]") {
    harness h{TEACH_PLUGIN_PATH};
    start(h, "prefer_formats: [book]\n");
    enrol_pair(h);
    h.publish("goal.set", goal_g1());
    const auto recs = recommended(h).at(0)["recommendations"];
    REQUIRE(recs.size() == 3);
    CHECK(recs[2]["resource"] == "b-neg");
    CHECK(recs[2]["provider"] == "Acme Press");
    CHECK(recs[2]["url"] == "https://books.example.org/neg");
    CHECK_FALSE(recs[0].contains("url"));
    CHECK_THAT(recs[2]["why"].get<std::string>(), Contains("A book, 8 hours, Acme Press; a preferred format."));
}

TEST_CASE("the mentee is notified of the suggestions", "[teach]") {
    harness h{TEACH_PLUGIN_PATH};
    start(h);
    enrol_pair(h);
    h.publish("goal.set", goal_g1());
    std::vector<json> to_mentee;
    for (const auto& e : h.events("notification.requested"))
        if (e.payload["to"] == "m1") to_mentee.push_back(e.payload);
    REQUIRE(to_mentee.size() == 1);
    const auto& n = to_mentee[0];
    CHECK(n["subject"] == "Learning suggestions for your goal 'Close the Q3 supplier deal'");
    CHECK(n["goal_id"] == "g-1");
    CHECK(n["relationship_id"] == "r-1");
    const auto body = n["body"].get<std::string>();
    CHECK_THAT(body, Contains("1. Speaking course (course, 3 weeks): negotiation 1→2 and public speaking 0→2"));
    CHECK_THAT(body, Contains("2. Lead a deal (assignment, 6 weeks): negotiation 1→4"));
    CHECK_THAT(body, Contains("Pick one with Tom at your next meeting."));
}

TEST_CASE("from_level keeps an advanced resource from a beginner and offers it to the advanced", "[teach]") {
    harness h{TEACH_PLUGIN_PATH};
    start(h, "max_recommendations: 10\n");
    enrol_pair(h);
    // Another mentee at negotiation 2: the advanced workshop (from_level 2) now counts:
    // min(5, 4) - 2 = 2 points.
    h.publish("participant.enrolled", {{"id", "m2"}, {"name", "Ana Diaz"}, {"skills", skills({{"negotiation", 2}})}});
    auto g2 = goal_g1();
    g2["id"] = "g-2";
    g2["mentee_id"] = "m2";
    g2.erase("relationship_id");
    h.publish("goal.set", goal_g1());
    h.publish("goal.set", g2);
    const auto recs = recommended(h);
    REQUIRE(recs.size() == 2);
    const auto beginner = ids(recs[0]["recommendations"]);
    CHECK(std::find(beginner.begin(), beginner.end(), "w-neg-adv") == beginner.end());
    const auto advanced = recs[1]["recommendations"];
    const auto it =
        std::find_if(advanced.begin(), advanced.end(), [](const json& r) { return r["resource"] == "w-neg-adv"; });
    REQUIRE(it != advanced.end());
    CHECK((*it)["closes"] == json::parse(R"([{"skill":"negotiation","from":2,"to":4}])"));
    CHECK((*it)["points"] == 2);
}

TEST_CASE("an on-the-job assignment takes the last place when none made the list", "[teach]") {
    // Goal: public speaking 3, mentee at 0. c-speak closes 3, v-speak (10m) and a-talk (4w) 2 each.
    auto speaking_goal = goal_g1();
    speaking_goal["skills_needed"] = skills({{"public speaking", 3}});

    SECTION("by default") {
        harness h{TEACH_PLUGIN_PATH};
        start(h, "max_recommendations: 2\n");
        enrol_pair(h);
        h.publish("goal.set", speaking_goal);
        CHECK(ids(recommended(h).at(0)["recommendations"]) == list{"c-speak", "a-talk"});
    }
    SECTION("not when include_assignment is false") {
        harness h{TEACH_PLUGIN_PATH};
        start(h, "max_recommendations: 2\ninclude_assignment: false\n");
        enrol_pair(h);
        h.publish("goal.set", speaking_goal);
        CHECK(ids(recommended(h).at(0)["recommendations"]) == list{"c-speak", "v-speak"});
    }
    SECTION("not when no on-the-job resource closes any of the gap") {
        harness h{TEACH_PLUGIN_PATH};
        start(h);
        enrol_pair(h);
        auto data_goal = goal_g1();
        data_goal["skills_needed"] = skills({{"data analysis", 4}});
        h.publish("goal.set", data_goal);
        CHECK(ids(recommended(h).at(0)["recommendations"]) == list{"c-data"});
    }
    SECTION("even with room for one only") {
        harness h{TEACH_PLUGIN_PATH};
        start(h, "max_recommendations: 1\n");
        enrol_pair(h);
        h.publish("goal.set", goal_g1());
        CHECK(ids(recommended(h).at(0)["recommendations"]) == list{"a-deal"});
    }
}

TEST_CASE("preferred formats come first among resources that close as much", "[teach]") {
    SECTION("a preferred book moves ahead of shorter 2-point resources, not ahead of 3-point ones") {
        harness h{TEACH_PLUGIN_PATH};
        start(h, "prefer_formats: [book]\n");
        enrol_pair(h);
        h.publish("goal.set", goal_g1());
        const auto r = recommended(h).at(0);
        CHECK(ids(r["recommendations"]) == list{"c-speak", "a-deal", "b-neg"});
        CHECK_THAT(r["why"].get<std::string>(), Contains("then by the preferred formats (book), then shortest first"));
    }
    SECTION("the order of prefer_formats decides between preferred formats") {
        harness h{TEACH_PLUGIN_PATH};
        start(h, "prefer_formats: [assignment, course]\n");
        enrol_pair(h);
        h.publish("goal.set", goal_g1());
        // 3 points: the assignment first; 2 points: the assignment a-talk (preferred) ahead of
        // the shorter video.
        CHECK(ids(recommended(h).at(0)["recommendations"]) == list{"a-deal", "c-speak", "a-talk"});
    }
}

TEST_CASE("a goal with no skill gap gets no recommendation and never stalls", "[teach]") {
    harness h{TEACH_PLUGIN_PATH};
    start(h);
    enrol_pair(h);
    auto met = goal_g1();
    met["skills_needed"] = skills({{"data analysis", 3}, {"negotiation", 1}});
    h.clear_events();
    h.publish("goal.set", met);
    h.advance(span("20w"));
    CHECK(h.emitted().empty());
}

TEST_CASE("a goal without skills_needed uses the mentee's skills_sought at level 3", "[teach]") {
    auto vague = goal_g1();
    vague.erase("skills_needed");
    SECTION("by default") {
        harness h{TEACH_PLUGIN_PATH};
        start(h);
        enrol_pair(h);
        h.publish("goal.set", vague);
        const auto r = recommended(h).at(0);
        // skills_sought: public speaking (0 → 3) and data analysis (3, met).
        CHECK(r["gap"] == json::parse(R"([{"skill":"public speaking","current":0,"needed":3}])"));
        CHECK_THAT(r["why"].get<std::string>(), StartsWith("'Close the Q3 supplier deal' lists no skills_needed, so "
                                                           "these are Mia's skills_sought at level 3."));
        CHECK(ids(r["recommendations"]).at(0) == "c-speak");
    }
    SECTION("at sought_level") {
        harness h{TEACH_PLUGIN_PATH};
        start(h, "sought_level: 4\n");
        enrol_pair(h);
        h.publish("goal.set", vague);
        CHECK(recommended(h).at(0)["gap"] == json::parse(R"([{"skill":"data analysis","current":3,"needed":4},
                              {"skill":"public speaking","current":0,"needed":4}])"));
    }
    SECTION("not when use_skills_sought is false") {
        harness h{TEACH_PLUGIN_PATH};
        start(h, "use_skills_sought: false\n");
        enrol_pair(h);
        h.publish("goal.set", vague);
        CHECK(recommended(h).empty());
    }
}

TEST_CASE("a goal set again is not recommended for twice", "[teach]") {
    harness h{TEACH_PLUGIN_PATH};
    start(h);
    enrol_pair(h);
    h.publish("goal.set", goal_g1());
    h.advance(span("1d"));
    h.publish("goal.set", goal_g1());  // e.g. the same input ingested twice
    CHECK(recommended(h).size() == 1);
    CHECK(h.events("experience.prompted").size() == 1);
    // The stall timer still runs from the first goal.set: 6 weeks after 2027-01-04.
    h.advance(span("41d"));
    const auto stalled = h.events("learning.recommended");
    REQUIRE(stalled.size() == 2);
    CHECK(mentorkit::format_date(stalled[1].time) == "2027-02-15");
}

TEST_CASE("the relationship is found from the roster when the goal does not name it", "[teach]") {
    harness h{TEACH_PLUGIN_PATH};
    start(h);
    enrol_pair(h);
    auto g = goal_g1();
    g.erase("relationship_id");
    h.publish("goal.set", g);
    const auto r = recommended(h).at(0);
    CHECK(r["relationship_id"] == "r-1");
    CHECK(r["mentor_id"] == "t1");
}

TEST_CASE("a mentee without a mentor is told alone and no mentor is prompted", "[teach]") {
    harness h{TEACH_PLUGIN_PATH};
    start(h);
    h.publish("participant.enrolled", mentee_profile());
    auto g = goal_g1();
    g.erase("relationship_id");
    h.publish("goal.set", g);
    const auto r = recommended(h).at(0);
    CHECK(r["mentor_id"] == "");
    CHECK(r["to"] == json{"m1"});
    CHECK(h.events("experience.prompted").empty());
    const auto notes = h.events("notification.requested");
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].payload["to"] == "m1");
    CHECK_THAT(notes[0].payload["body"].get<std::string>(), Contains("Pick one with your mentor"));
}

TEST_CASE("a goal without a profile counts every needed skill from 0", "[teach]") {
    harness h{TEACH_PLUGIN_PATH};
    start(h);
    auto g = goal_g1();
    g["mentee_id"] = "m-unknown";
    g.erase("relationship_id");
    h.publish("goal.set", g);
    CHECK(recommended(h).at(0)["gap_points"] == 4 + 2 + 3);
}

// ---- stalls -------------------------------------------------------------------------------

TEST_CASE("a goal with no progress for 6 weeks gets a different format, not a day before", "[teach]") {
    harness h{TEACH_PLUGIN_PATH};
    start(h);
    enrol_pair(h);
    h.publish("goal.set", goal_g1());  // 2027-01-04; recommended: course, assignment, video
    h.advance(span("41d"));
    CHECK(recommended(h, "stalled").empty());
    h.advance(span("1d"));
    const auto stalled = h.events("learning.recommended");
    REQUIRE(stalled.size() == 2);
    CHECK(mentorkit::format_date(stalled[1].time) == "2027-02-15");
    const auto& r = stalled[1].payload;
    CHECK(r["reason"] == "stalled");
    CHECK(r["goal_id"] == "g-1");
    CHECK(r["to"] == json{"m1", "t1"});
    // Left: article, book, podcast, shadowing. k-article and b-neg close 2; p-pod (5h) would
    // be third, but shadowing keeps a place for learning on the job.
    CHECK(ids(r["recommendations"]) == list{"k-article", "b-neg", "s-shadow"});
    CHECK(r["stall"]["trigger"] == "no_progress");
    CHECK(r["stall"]["number"] == 1);
    CHECK(r["stall"]["of"] == 2);
    CHECK(r["stall"]["progress"] == 0);
    CHECK(r["stall"]["no_progress_since"] == "2027-01-04");
    CHECK(r["stall"]["stall_after"] == "6w");
    CHECK(r["stall"]["excluded_formats"] == json{"course", "assignment", "video"});
    CHECK(r["why"] ==
          "No progress on 'Close the Q3 supplier deal' for 6 weeks (since 2027-01-04, still at 0%) after "
          "a course, a hands-on assignment and a video: try a different format — an article, a book and "
          "shadowing someone who does it well. Still to close: negotiation at 4 (now 1) and public "
          "speaking at 2 (now 0).");
}

TEST_CASE("a stall is told to the mentee and to the mentor", "[teach]") {
    harness h{TEACH_PLUGIN_PATH};
    start(h);
    enrol_pair(h);
    h.publish("goal.set", goal_g1());
    h.clear_events();
    h.advance(span("6w"));
    const auto notes = h.events("notification.requested");
    REQUIRE(notes.size() == 2);
    CHECK(notes[0].payload["to"] == "m1");
    CHECK(notes[0].payload["subject"] == "'Close the Q3 supplier deal' has stalled: try a different way to learn");
    CHECK(notes[1].payload["to"] == "t1");
    CHECK(notes[1].payload["subject"] == "Mia's goal 'Close the Q3 supplier deal' has stalled");
    CHECK_THAT(notes[1].payload["body"].get<std::string>(), Contains("1. Negotiation article (article, 1 hour)"));
    CHECK_THAT(notes[1].payload["body"].get<std::string>(), Contains("agree with Mia which of these to try"));
}

TEST_CASE("progress resets the stall timer; progress that does not rise does not", "[teach]") {
    harness h{TEACH_PLUGIN_PATH};
    start(h);
    enrol_pair(h);
    h.publish("goal.set", goal_g1());
    h.advance(span("3w"));  // 2027-01-25
    h.publish("goal.progressed", {{"goal_id", "g-1"}, {"progress", 20}});
    h.advance(span("2w"));
    h.publish("goal.progressed", {{"goal_id", "g-1"}, {"progress", 20}});  // no higher
    h.publish("goal.progressed", {{"goal_id", "g-1"}, {"progress", 10}});  // lower
    h.advance(span("3w"));  // 8 weeks after the goal was set, 5 after the progress
    CHECK(recommended(h, "stalled").empty());
    h.advance(span("6d"));
    CHECK(recommended(h, "stalled").empty());
    h.advance(span("1d"));  // 6 weeks after 2027-01-25
    const auto stalled = h.events("learning.recommended");
    REQUIRE(stalled.size() == 2);
    CHECK(mentorkit::format_date(stalled[1].time) == "2027-03-08");
    CHECK(stalled[1].payload["stall"]["no_progress_since"] == "2027-01-25");
    CHECK(stalled[1].payload["stall"]["progress"] == 20);
    CHECK_THAT(stalled[1].payload["why"].get<std::string>(), Contains("(since 2027-01-25, still at 20%)"));
}

TEST_CASE("a second stall avoids every format tried, and there are at most two", "[teach]") {
    harness h{TEACH_PLUGIN_PATH};
    start(h);
    enrol_pair(h);
    h.publish("goal.set", goal_g1());
    h.advance(span("6w"));
    REQUIRE(recommended(h, "stalled").size() == 1);
    h.advance(span("41d"));
    CHECK(recommended(h, "stalled").size() == 1);
    h.advance(span("1d"));  // 6 weeks after the first stall suggestion
    const auto stalled = recommended(h, "stalled");
    REQUIRE(stalled.size() == 2);
    // Tried: course, assignment, video, then article, book, shadowing. Only the podcast is left.
    CHECK(ids(stalled[1]["recommendations"]) == list{"p-pod"});
    CHECK(stalled[1]["stall"]["number"] == 2);
    CHECK(stalled[1]["stall"]["excluded_formats"] ==
          json{"course", "assignment", "video", "article", "book", "shadowing"});
    CHECK_THAT(stalled[1]["why"].get<std::string>(), Contains("try a different format — a podcast."));
    h.advance(span("30w"));
    CHECK(recommended(h, "stalled").size() == 2);
}

TEST_CASE("no stall timer runs when nothing in a new format could be suggested", "[teach]") {
    harness h{TEACH_PLUGIN_PATH};
    start(h);
    enrol_pair(h);
    auto data_goal = goal_g1();
    data_goal["skills_needed"] = skills({{"data analysis", 4}});
    h.publish("goal.set", data_goal);  // c-data, a course, is the only resource for it
    REQUIRE(ids(recommended(h).at(0)["recommendations"]) == list{"c-data"});
    h.publish("goal.at_risk", {{"goal_id", "g-1"}});
    h.advance(span("20w"));
    CHECK(h.events("teach.stall_check").empty());
    CHECK(recommended(h, "stalled").empty());
}

TEST_CASE("the stall check is an event of the module, once per stall", "[teach]") {
    harness h{TEACH_PLUGIN_PATH};
    start(h, "max_stall_recommendations: 5\n");
    enrol_pair(h);
    h.publish("goal.set", goal_g1());
    h.advance(span("40w"));
    // Two stalls use up every format that closes part of the gap: no third check.
    const auto checks = h.events("teach.stall_check");
    REQUIRE(checks.size() == 2);
    CHECK(checks[0].source == "teach");
    CHECK(checks[0].payload == json{{"goal_id", "g-1"}});
    CHECK(mentorkit::format_date(checks[1].time) == "2027-03-29");
    CHECK(recommended(h, "stalled").size() == 2);
}

TEST_CASE("max_stall_recommendations bounds the suggestions, not what is left to suggest", "[teach]") {
    // With one recommendation at a time: a-deal (the assignment kept), then s-shadow (the best
    // on-the-job one left), then c-speak, then v-speak.
    SECTION("default 2") {
        harness h{TEACH_PLUGIN_PATH};
        start(h, "max_recommendations: 1\n");
        enrol_pair(h);
        h.publish("goal.set", goal_g1());
        h.advance(span("40w"));
        const auto stalled = recommended(h, "stalled");
        REQUIRE(stalled.size() == 2);
        CHECK(ids(stalled[0]["recommendations"]) == list{"s-shadow"});
        CHECK(ids(stalled[1]["recommendations"]) == list{"c-speak"});
    }
    SECTION("3") {
        harness h{TEACH_PLUGIN_PATH};
        start(h, "max_recommendations: 1\nmax_stall_recommendations: 3\n");
        enrol_pair(h);
        h.publish("goal.set", goal_g1());
        h.advance(span("40w"));
        const auto stalled = recommended(h, "stalled");
        REQUIRE(stalled.size() == 3);
        CHECK(ids(stalled[2]["recommendations"]) == list{"v-speak"});
        CHECK(stalled[2]["stall"]["of"] == 3);
    }
    SECTION("0 switches stall handling off") {
        harness h{TEACH_PLUGIN_PATH};
        start(h, "max_stall_recommendations: 0\n");
        enrol_pair(h);
        h.publish("goal.set", goal_g1());
        h.publish("goal.at_risk", {{"goal_id", "g-1"}, {"reason", "no time"}});
        h.advance(span("40w"));
        CHECK(recommended(h, "stalled").empty());
    }
}

TEST_CASE("stall_after sets how long a goal may go without progress", "[teach]") {
    harness h{TEACH_PLUGIN_PATH};
    start(h, "stall_after: 10d\n");
    enrol_pair(h);
    h.publish("goal.set", goal_g1());
    h.advance(span("9d"));
    CHECK(recommended(h, "stalled").empty());
    h.advance(span("1d"));
    const auto stalled = recommended(h, "stalled");
    REQUIRE(stalled.size() == 1);
    CHECK_THAT(stalled[0]["why"].get<std::string>(), Contains("for 10 days (since 2027-01-04"));
}

TEST_CASE("a goal flagged at risk gets a different format at once", "[teach]") {
    harness h{TEACH_PLUGIN_PATH};
    start(h);
    enrol_pair(h);
    h.publish("goal.set", goal_g1());
    h.advance(span("2w"));
    h.publish("goal.at_risk", {{"goal_id", "g-1"}, {"reason", "no time for a 3-week course"}});
    auto stalled = h.events("learning.recommended");
    REQUIRE(stalled.size() == 2);
    CHECK(mentorkit::format_date(stalled[1].time) == "2027-01-18");
    const auto& r = stalled[1].payload;
    CHECK(r["reason"] == "stalled");
    CHECK(r["stall"]["trigger"] == "at_risk");
    CHECK(r["stall"]["at_risk_reason"] == "no time for a 3-week course");
    CHECK(ids(r["recommendations"]) == list{"k-article", "b-neg", "s-shadow"});
    CHECK_THAT(r["why"].get<std::string>(),
               StartsWith("'Close the Q3 supplier deal' was flagged at risk (no time for a 3-week course) after a "
                          "course, a hands-on assignment and a video: try a different format"));

    // Flagged again without progress: the suggestion stands.
    h.publish("goal.at_risk", {{"goal_id", "g-1"}, {"reason", "still no time"}});
    CHECK(recommended(h, "stalled").size() == 1);
    // The stall timer now runs from the at-risk suggestion: not at 6 weeks, at 2 + 6.
    h.advance(span("4w"));
    CHECK(recommended(h, "stalled").size() == 1);
    h.advance(span("2w"));
    stalled = h.events("learning.recommended");
    REQUIRE(stalled.size() == 3);
    CHECK(mentorkit::format_date(stalled[2].time) == "2027-03-01");
    CHECK(stalled[2].payload["stall"]["trigger"] == "no_progress");
}

TEST_CASE("a goal flagged at risk again after progress gets another suggestion", "[teach]") {
    harness h{TEACH_PLUGIN_PATH};
    start(h);
    enrol_pair(h);
    h.publish("goal.set", goal_g1());
    h.publish("goal.at_risk", {{"goal_id", "g-1"}});
    h.advance(span("1w"));
    h.publish("goal.progressed", {{"goal_id", "g-1"}, {"progress", 30}});
    h.advance(span("1w"));
    h.publish("goal.at_risk", {{"goal_id", "g-1"}, {"reason", "stuck again"}});
    const auto stalled = recommended(h, "stalled");
    REQUIRE(stalled.size() == 2);
    CHECK(stalled[0]["stall"]["at_risk_reason"] == "");
    CHECK_THAT(stalled[0]["why"].get<std::string>(),
               StartsWith("'Close the Q3 supplier deal' was flagged at risk after"));
    CHECK(stalled[1]["stall"]["progress"] == 30);
    // A third would exceed max_stall_recommendations (2).
    h.publish("goal.progressed", {{"goal_id", "g-1"}, {"progress", 40}});
    h.publish("goal.at_risk", {{"goal_id", "g-1"}});
    CHECK(recommended(h, "stalled").size() == 2);
}

TEST_CASE("achieved, abandoned and closed goals do not stall", "[teach]") {
    harness h{TEACH_PLUGIN_PATH};
    start(h);
    enrol_pair(h);
    SECTION("achieved") {
        h.publish("goal.set", goal_g1());
        h.advance(span("2w"));
        h.publish("goal.achieved", {{"goal_id", "g-1"}});
    }
    SECTION("abandoned") {
        h.publish("goal.set", goal_g1());
        h.advance(span("2w"));
        h.publish("goal.abandoned", {{"goal_id", "g-1"}});
    }
    SECTION("its relationship closed") {
        h.publish("goal.set", goal_g1());
        h.advance(span("2w"));
        h.publish("relationship.closed",
                  {{"relationship_id", "r-1"}, {"outcome", "closed_early"}, {"reason", "moved"}});
    }
    SECTION("the relationship closed of a goal that does not name it") {
        auto g = goal_g1();
        g.erase("relationship_id");
        h.publish("goal.set", g);
        h.advance(span("2w"));
        h.publish("relationship.closed", {{"relationship_id", "r-1"}, {"outcome", "completed"}});
    }
    SECTION("set as achieved: nothing at all") {
        auto done = goal_g1();
        done["status"] = "achieved";
        h.publish("goal.set", done);
        CHECK(recommended(h).empty());
    }
    h.publish("goal.at_risk", {{"goal_id", "g-1"}, {"reason", "late"}});
    h.advance(span("30w"));
    CHECK(recommended(h, "stalled").empty());
    CHECK(h.events("teach.stall_check").empty());
    CHECK(h.dead_letters().empty());
}

TEST_CASE("one goal's stall leaves another goal alone", "[teach]") {
    harness h{TEACH_PLUGIN_PATH};
    start(h);
    enrol_pair(h);
    h.publish("goal.set", goal_g1());
    h.advance(span("3w"));
    auto g2 = goal_g1();
    g2["id"] = "g-2";
    g2["title"] = "Negotiate my own project budget";
    g2["skills_needed"] = skills({{"negotiation", 3}});
    h.publish("goal.set", g2);
    h.publish("goal.progressed", {{"goal_id", "g-2"}, {"progress", 50}});  // resets g-2 only
    h.advance(span("3w"));
    const auto stalled = recommended(h, "stalled");
    REQUIRE(stalled.size() == 1);
    CHECK(stalled[0]["goal_id"] == "g-1");
    h.advance(span("3w"));  // 6 weeks after g-2's progress
    const auto both = recommended(h, "stalled");
    REQUIRE(both.size() == 2);
    CHECK(both[1]["goal_id"] == "g-2");
}

// ---- experience prompts --------------------------------------------------------------------

TEST_CASE("the mentor is prompted to share experience in gap skills they rate 4 or more", "[teach]") {
    harness h{TEACH_PLUGIN_PATH};
    start(h);
    enrol_pair(h);  // mentor: negotiation 5, public speaking 3, data analysis 4 (not a gap)
    h.publish("goal.set", goal_g1());
    const auto prompts = h.events("experience.prompted");
    REQUIRE(prompts.size() == 1);
    const auto& p = prompts[0].payload;
    CHECK(p["mentor_id"] == "t1");
    CHECK(p["mentee_id"] == "m1");
    CHECK(p["relationship_id"] == "r-1");
    CHECK(p["goal_id"] == "g-1");
    CHECK(p["skill"] == "negotiation");
    CHECK(p["mentor_level"] == 5);
    CHECK(p["mentee_level"] == 1);
    CHECK(p["needed_level"] == 4);
    CHECK(p["to"] == json{"t1"});
    CHECK(p["prompt"] ==
          "You rate yourself 5 in negotiation: tell Mia about a time negotiation went wrong for you "
          "and what you learned, and a time it went well and why.");
    CHECK_THAT(p["why"].get<std::string>(), Contains("needs negotiation at 4 and Mia is at 1; you are at 5"));

    std::vector<json> to_mentor;
    for (const auto& e : h.events("notification.requested"))
        if (e.payload["to"] == "t1") to_mentor.push_back(e.payload);
    REQUIRE(to_mentor.size() == 1);
    CHECK(to_mentor[0]["subject"] == "Share your experience with Mia");
    CHECK(to_mentor[0]["skills"] == json{"negotiation"});
    CHECK(to_mentor[0]["goal_id"] == "g-1");
    CHECK_THAT(to_mentor[0]["body"].get<std::string>(), Contains("- You rate yourself 5 in negotiation"));
}

TEST_CASE("experience_min_level is inclusive and experience_prompts switches prompts off", "[teach]") {
    SECTION("3 takes public speaking (mentor at exactly 3) too") {
        harness h{TEACH_PLUGIN_PATH};
        start(h, "experience_min_level: 3\n");
        enrol_pair(h);
        h.publish("goal.set", goal_g1());
        const auto prompts = h.events("experience.prompted");
        REQUIRE(prompts.size() == 2);
        CHECK(prompts[0].payload["skill"] == "negotiation");
        CHECK(prompts[1].payload["skill"] == "public speaking");
        CHECK(prompts[1].payload["mentor_level"] == 3);
        CHECK(h.events("notification.requested").size() == 2);  // one to the mentee, one (both prompts) to the mentor
    }
    SECTION("a mentor below the threshold is not prompted") {
        harness h{TEACH_PLUGIN_PATH};
        start(h);
        h.publish("participant.enrolled", mentee_profile());
        h.publish("participant.enrolled", mentor_profile(skills({{"negotiation", 3}, {"public speaking", 2}})));
        h.publish("relationship.started", {{"relationship_id", "r-1"}, {"mentor_id", "t1"}, {"mentee_id", "m1"}});
        h.publish("goal.set", goal_g1());
        CHECK(h.events("experience.prompted").empty());
    }
    SECTION("off") {
        harness h{TEACH_PLUGIN_PATH};
        start(h, "experience_prompts: false\n");
        enrol_pair(h);
        h.publish("goal.set", goal_g1());
        CHECK(h.events("experience.prompted").empty());
        CHECK(recommended(h).size() == 1);
    }
}

// ---- restart ---------------------------------------------------------------------------------

namespace {
json earlier_recommendation(const char* reason, std::initializer_list<std::pair<const char*, const char*>> items) {
    json recs = json::array();
    for (const auto& [resource, format] : items) recs.push_back({{"resource", resource}, {"format", format}});
    return {{"mentee_id", "m1"},       {"mentor_id", "t1"},  {"relationship_id", "r-1"}, {"goal_id", "g-1"},
            {"recommendations", recs}, {"to", {"m1", "t1"}}, {"reason", reason}};
}
}  // namespace

TEST_CASE("after a restart the formats already recommended are still avoided", "[teach]") {
    harness h{TEACH_PLUGIN_PATH};
    enrol_pair(h);
    h.publish("goal.set", goal_g1());
    h.publish(
        "learning.recommended",
        earlier_recommendation("goal_set", {{"c-speak", "course"}, {"a-deal", "assignment"}, {"v-speak", "video"}}));
    h.publish("experience.prompted", {{"goal_id", "g-1"}, {"skill", "negotiation"}, {"mentor_id", "t1"}});
    start(h);
    h.clear_events();

    h.publish("goal.set", goal_g1());  // ingested again after the restart
    CHECK(h.emitted().empty());
    h.advance(span("6w"));
    const auto stalled = recommended(h, "stalled");
    REQUIRE(stalled.size() == 1);
    CHECK(ids(stalled[0]["recommendations"]) == list{"k-article", "b-neg", "s-shadow"});
    CHECK(stalled[0]["stall"]["excluded_formats"] == json{"course", "assignment", "video"});
}

TEST_CASE("after a restart the stall count carries on", "[teach]") {
    harness h{TEACH_PLUGIN_PATH};
    enrol_pair(h);
    h.publish("goal.set", goal_g1());
    h.publish("learning.recommended", earlier_recommendation("goal_set", {{"c-speak", "course"}}));
    h.publish("learning.recommended", earlier_recommendation("stalled", {{"k-article", "article"}}));
    SECTION("one of two used: one more") {
        start(h);
        h.advance(span("6w"));
        const auto stalled = recommended(h, "stalled");
        REQUIRE(stalled.size() == 2);  // the one from history and a new one
        CHECK(stalled[1]["stall"]["number"] == 2);
        CHECK(stalled[1]["stall"]["excluded_formats"] == json{"course", "article"});
        h.advance(span("20w"));
        CHECK(recommended(h, "stalled").size() == 2);
    }
    SECTION("two of two used: none") {
        h.publish("learning.recommended", earlier_recommendation("stalled", {{"b-neg", "book"}}));
        start(h);
        h.clear_events();
        h.publish("goal.at_risk", {{"goal_id", "g-1"}});
        h.advance(span("20w"));
        CHECK(h.emitted().empty());
    }
}

TEST_CASE("after a restart progress and closure from the history count", "[teach]") {
    harness h{TEACH_PLUGIN_PATH};
    enrol_pair(h);
    h.publish("goal.set", goal_g1());
    auto g2 = goal_g1();
    g2["id"] = "g-2";
    h.publish("goal.set", g2);
    h.publish("goal.achieved", {{"goal_id", "g-2"}});
    start(h);
    h.advance(span("3w"));
    h.publish("goal.progressed", {{"goal_id", "g-1"}, {"progress", 0}});  // not higher than the history's 0
    h.advance(span("3w"));
    const auto stalled = recommended(h, "stalled");
    REQUIRE(stalled.size() == 1);
    CHECK(stalled[0]["goal_id"] == "g-1");
}

// ---- unrelated and malformed events -----------------------------------------------------------

TEST_CASE("events about goals it does not know change nothing", "[teach]") {
    harness h{TEACH_PLUGIN_PATH};
    start(h);
    enrol_pair(h);
    h.publish("goal.progressed", {{"goal_id", "g-x"}, {"progress", 50}});
    h.publish("goal.at_risk", {{"goal_id", "g-x"}, {"reason", "?"}});
    h.publish("goal.achieved", {{"goal_id", "g-x"}});
    h.publish("relationship.closed", {{"relationship_id", "r-x"}, {"outcome", "completed"}});
    h.advance(span("20w"));
    CHECK(h.emitted().empty());
    CHECK(h.dead_letters().empty());
}

TEST_CASE("malformed payloads are dead letters with a clear message", "[teach]") {
    harness h{TEACH_PLUGIN_PATH};
    start(h);
    enrol_pair(h);
    auto no_mentee = goal_g1();
    no_mentee.erase("mentee_id");
    h.publish("goal.set", no_mentee);
    auto bad_level = goal_g1();
    bad_level["skills_needed"] = skills({{"negotiation", 7}});
    h.publish("goal.set", bad_level);
    h.publish("goal.progressed", {{"goal_id", "g-1"}, {"progress", "lots"}});
    h.publish("goal.at_risk", {{"reason", "no id"}});
    const auto dead = h.dead_letters();
    std::vector<std::string> errors;
    for (const auto& d : dead)
        if (d.subscriber == "teach") errors.push_back(d.error);
    CHECK(errors == list{"goal.set needs a non-empty string \"mentee_id\" in its payload",
                         "goal.set: skills_needed \"negotiation\" needs a \"level\" from 1 to 5",
                         "goal.progressed: \"progress\" must be a number (percent), found \"lots\"",
                         "goal.at_risk needs a non-empty string \"goal_id\" in its payload"});
    CHECK(recommended(h).empty());
}

// ---- settings -------------------------------------------------------------------------------

TEST_CASE("bad settings are refused with their location", "[teach]") {
    const auto refuse = [](const char* yaml) {
        harness h{TEACH_PLUGIN_PATH};
        start(h, yaml);
    };
    CHECK_THROWS_WITH(refuse("max_recomendations: 2\n"),
                      "<harness config>:1:1: unknown key 'max_recomendations'; did you mean 'max_recommendations'?");
    CHECK_THROWS_WITH(refuse("max_recommendations: 0\n"),
                      "<harness config>:1:22: max_recommendations must be a whole number from 1 to 10, found 0");
    CHECK_THROWS_WITH(refuse("include_assignment: true\nprefer_formats: [course, workshp]\n"),
                      "<harness config>:2:26: unknown format 'workshp'; did you mean 'workshop'?");
    CHECK_THROWS_WITH(refuse("prefer_formats: [book, book]\n"),
                      "<harness config>:1:24: format 'book' is listed twice in prefer_formats");
    CHECK_THROWS_WITH(refuse("stall_after: 0d\n"), "<harness config>:1:14: stall_after must be longer than 0");
    CHECK_THROWS_WITH(refuse("stall_after: soon\n"), StartsWith("<harness config>:1:14: expected a duration"));
    CHECK_THROWS_WITH(refuse("max_stall_recommendations: -1\n"),
                      "<harness config>:1:28: max_stall_recommendations must be a whole number from 0 to 10, found -1");
    CHECK_THROWS_WITH(refuse("experience_min_level: 6\n"),
                      "<harness config>:1:23: experience_min_level must be a whole number from 1 to 5, found 6");
    CHECK_THROWS_WITH(refuse("sought_level: 0\n"),
                      "<harness config>:1:15: sought_level must be a whole number from 1 to 5, found 0");
    CHECK_THROWS_WITH(refuse("include_assignment: maybe\n"),
                      "<harness config>:1:21: expected true or false, found 'maybe'");
    CHECK_THROWS_WITH(refuse("max_recommendations: three\n"),
                      "<harness config>:1:22: expected a whole number, found 'three'");
}

TEST_CASE("a catalog that does not exist is named at the catalog setting", "[teach]") {
    harness h{TEACH_PLUGIN_PATH};
    try {
        h.with_config("max_recommendations: 2\ncatalog: learning.yaml\n").start();
        FAIL("expected a config_error");
    } catch (const mentorkit::config_error& e) {
        CHECK(e.mark().line == 2);
        CHECK(e.mark().column == 10);
        CHECK_THAT(e.message(),
                   StartsWith("cannot read the learning-resources catalog: invalid catalog name 'learning.yaml'"));
        CHECK_THAT(e.message(), Contains("(write the name without .yaml)"));
    }
}

TEST_CASE("the catalog setting picks another catalog", "[teach]") {
    harness h{TEACH_PLUGIN_PATH};
    h.with_config("catalog: my-resources\n")
        .with_catalog("my-resources",
                      "resources:\n  - {id: only-one, title: The one, format: book, duration: 2h, "
                      "teaches: [{skill: negotiation, level: 5}]}\n")
        .start();
    enrol_pair(h);
    h.publish("goal.set", goal_g1());
    CHECK(ids(recommended(h).at(0)["recommendations"]) == list{"only-one"});
}

// ---- catalog validation ------------------------------------------------------------------------

namespace {
// Lines 1-6: a good entry; line 7: "  - id: bad"; line 8: its title; then `rest`.
std::string catalog_with(const std::string& rest) {
    return "resources:\n"
           "  - id: ok\n"
           "    title: Fine\n"
           "    format: course\n"
           "    teaches: [{skill: negotiation, level: 2}]\n"
           "    duration: 2h\n"
           "  - id: bad\n"
           "    title: Bad\n" +
           rest;
}

mentorkit::config_error catalog_error(const std::string& yaml, const char* name = "learning-resources") {
    harness h{TEACH_PLUGIN_PATH};
    h.with_config(std::string{"catalog: "} + name + "\n").with_catalog(name, yaml);
    try {
        h.start();
    } catch (const mentorkit::config_error& e) {
        return e;
    }
    FAIL("the catalog was accepted");
    throw;  // not reached
}
}  // namespace

TEST_CASE("bad catalog entries are refused with their line", "[teach]") {
    const std::string good_rest =
        "    format: course\n"                             // 9
        "    teaches: [{skill: negotiation, level: 2}]\n"  // 10
        "    duration: 2h\n";                              // 11
    {
        const auto e = catalog_error(catalog_with(good_rest + "    provder: Acme\n"));
        CHECK(std::string{e.what()} ==
              "<catalog learning-resources>:12:5: unknown key 'provder'; did you mean 'provider'?");
    }
    {
        const auto e =
            catalog_error(catalog_with("    format: course\n"
                                       "    teaches: [{skill: negotiation, level: 6}]\n"
                                       "    duration: 2h\n"));
        CHECK(std::string{e.what()} == "<catalog learning-resources>:10:43: level must be from 1 to 5, found 6");
    }
    {
        const auto e =
            catalog_error(catalog_with("    format: course\n"
                                       "    teaches: [{skill: negotiation, level: 2}]\n"
                                       "    duration: soon\n"));
        CHECK(e.mark().line == 11);
        CHECK(e.mark().column == 15);
        CHECK_THAT(e.message(), StartsWith("expected a duration"));
    }
    {
        const auto e =
            catalog_error(catalog_with("    format: course\n"
                                       "    teaches: [{skill: negotiation, level: 2}]\n"
                                       "    duration: 0h\n"));
        CHECK(std::string{e.what()} == "<catalog learning-resources>:11:15: duration must be longer than 0");
    }
    {
        const auto e =
            catalog_error(catalog_with("    format: corse\n"
                                       "    teaches: [{skill: negotiation, level: 2}]\n"
                                       "    duration: 2h\n"));
        CHECK(std::string{e.what()} ==
              "<catalog learning-resources>:9:13: unknown format 'corse'; did you mean 'course'?");
    }
    {
        const auto e = catalog_error(catalog_with(good_rest + "    from_level: 2\n"));
        CHECK(std::string{e.what()} ==
              "<catalog learning-resources>:12:17: from_level 2 leaves nothing to learn: the "
              "resource teaches up to level 2");
    }
    {
        const auto e = catalog_error(catalog_with(good_rest + "    url: www.example.org\n"));
        CHECK(std::string{e.what()} ==
              "<catalog learning-resources>:12:10: url must start with https:// or http://, found 'www.example.org'");
    }
    {
        const auto e = catalog_error(catalog_with("    format: course\n    duration: 2h\n"));
        CHECK(e.mark().line == 7);
        CHECK_THAT(e.message(), StartsWith("missing required key 'teaches'"));
    }
    {
        auto yaml = catalog_with(good_rest);
        yaml.replace(yaml.find("id: bad"), 7, "id: ok");
        const auto e = catalog_error(yaml);
        CHECK(std::string{e.what()} == "<catalog learning-resources>:7:9: duplicate resource id 'ok'");
    }
    {
        const auto e = catalog_error("resources: []\n", "my-resources");
        CHECK(std::string{e.what()} == "<catalog my-resources>:1:12: resources needs at least one entry");
    }
}

// ---- the shipped catalog ------------------------------------------------------------------------

TEST_CASE("the shipped catalog loads and recommends for a realistic goal", "[teach]") {
    harness h{TEACH_PLUGIN_PATH};
    h.with_catalog_dir(MENTORKIT_SOURCE_DIR "/config/catalogs").start();
    h.publish("participant.enrolled",
              {{"id", "E0016"},
               {"name", "Felix Hoffmann"},
               {"role", "mentee"},
               {"skills", skills({{"negotiation", 2}, {"public speaking", 1}, {"stakeholder management", 3}})}});
    h.publish("participant.enrolled",
              {{"id", "E0002"},
               {"name", "Tyler Jackson"},
               {"role", "mentor"},
               {"skills", skills({{"negotiation", 5}, {"public speaking", 3}, {"hiring", 5}})}});
    h.publish("relationship.started",
              {{"relationship_id", "r-E0002-E0016"}, {"mentor_id", "E0002"}, {"mentee_id", "E0016"}});
    h.publish("goal.set", {{"id", "g-felix-1"},
                           {"mentee_id", "E0016"},
                           {"relationship_id", "r-E0002-E0016"},
                           {"title", "Lead the renewal of our largest supplier contract"},
                           {"skills_needed", skills({{"negotiation", 4}, {"public speaking", 3}})}});
    const auto r = recommended(h).at(0);
    CHECK(r["gap_points"] == 4);
    // 2 points each, by length: the all-hands talk (4w), the supplier renewal (6w), Toastmasters (3mo).
    CHECK(ids(r["recommendations"]) == list{"ps-all-hands", "neg-supplier-renewal", "ps-toastmasters"});
    const auto prompts = h.events("experience.prompted");
    REQUIRE(prompts.size() == 1);
    CHECK(prompts[0].payload["skill"] == "negotiation");
}

TEST_CASE("the shipped catalog covers the cohort's most sought skills in several formats", "[teach]") {
    harness h{TEACH_PLUGIN_PATH};
    h.with_catalog_dir(MENTORKIT_SOURCE_DIR "/config/catalogs").with_config("max_recommendations: 10\n").start();
    const std::vector<std::string> sought{
        "negotiation",     "public speaking", "people management",      "cloud architecture", "data analysis",
        "time management", "writing",         "stakeholder management", "project management", "mentoring"};
    // A mentee who knows a little (level 1) of each and wants to do it alone (level 3).
    json beginner = json::array();
    for (const auto& skill : sought) beginner.push_back({{"skill", skill}, {"level", 1}});
    h.publish("participant.enrolled", {{"id", "newcomer"}, {"name", "Noor Haddad"}, {"skills", beginner}});
    for (const auto& skill : sought) {
        INFO(skill);
        h.clear_events();
        const std::string id = "g-" + skill;
        h.publish("goal.set", {{"id", id}, {"mentee_id", "newcomer"}, {"skills_needed", skills({{skill.c_str(), 3}})}});
        const auto recs = recommended(h);
        REQUIRE(recs.size() == 1);
        std::set<std::string> formats;
        for (const auto& rec : recs[0]["recommendations"]) formats.insert(rec["format"].get<std::string>());
        CHECK(formats.size() >= 2);
    }
}
