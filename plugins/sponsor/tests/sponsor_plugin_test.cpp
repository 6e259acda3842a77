#include <mentorkit/testing.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

using mentorkit::testing::harness;
using nlohmann::json;

namespace {

// ---- fixtures ---------------------------------------------------------------------------
//
// Four mentees against the opportunity "Client pitch team" (a project needing negotiation 4
// and public speaking 3, goal area visibility: three terms for goal_fit). Default weights
// 0.5 / 0.3 / 0.2; scores worked out by hand:
//
//   m-ana  negotiation 4, public speaking 3        skill_fit (4/4 + 3/3) / 2 = 1      -> 50
//          seeks public speaking, area visibility,
//          open goal 'Lead a client negotiation'
//          needs negotiation                       goal_fit 3/3 = 1                    -> 30
//          goals 50% and achieved (100%)           readiness 0.75                      -> 15   = 95.0
//   m-ben  negotiation 3, public speaking 2        skill_fit (3/4 + 2/3) / 2 = 0.7083  -> 35.42
//          seeks negotiation                       goal_fit 1/3                        -> 10
//          one goal at 40%                         readiness 0.4                       -> 8    = 53.4
//   m-cat  negotiation 2, public speaking 1        skill_fit (2/4 + 1/3) / 2 = 0.4167  -> 20.83
//          seeks both, area visibility             goal_fit 3/3                        -> 30
//          no goals                                readiness 0                         -> 0    = 50.8
//   m-dan  negotiation 5, public speaking 5        skill_fit 1                         -> 50
//          seeks python, area technical depth      goal_fit 0, no goals                -> 0    = 50.0
//
// As a stretch (one level short accepted): m-ben 1 -> 50 + 10 + 8 = 68.0; m-cat
// (1 - 1/4 + 1 - 1/3) / 2 = 0.7083 -> 35.42 + 30 = 65.4.

json profile(const std::string& id, const std::string& name, const std::string& unit, json skills,
             json extra = json::object()) {
    json p{{"id", id}, {"name", name}, {"org_unit", unit}, {"skills", std::move(skills)}};
    for (auto& [key, value] : extra.items()) p[key] = value;
    return p;
}

json skill(const std::string& name, int level) { return {{"skill", name}, {"level", level}}; }

json goal(const std::string& id, const std::string& mentee, const std::string& relationship, const std::string& title,
          const std::string& area, json skills, int progress) {
    return {{"id", id},
            {"mentee_id", mentee},
            {"relationship_id", relationship},
            {"title", title},
            {"area", area},
            {"measure", "agreed with the mentor"},
            {"target_date", "2027-06-30"},
            {"skills_needed", std::move(skills)},
            {"progress", progress},
            {"status", "open"}};
}

json started(const std::string& relationship, const std::string& mentor, const std::string& mentee) {
    return {{"relationship_id", relationship}, {"mentor_id", mentor}, {"mentee_id", mentee}};
}

void enrol_cohort(harness& h) {
    h.publish("participant.enrolled",
              profile("p-mo", "Morgan Lee", "Sales", json::array({skill("negotiation", 5)}), {{"role", "mentor"}}));
    h.publish("participant.enrolled", profile("p-mia", "Mia Chen", "Engineering", json::array(), {{"role", "mentor"}}));
    h.publish(
        "participant.enrolled",
        profile("m-ana", "Ana García", "Sales", {skill("negotiation", 4), skill("public speaking", 3)},
                {{"skills_sought", {"public speaking"}}, {"goal_areas", {"visibility"}}, {"manager_id", "p-boss"}}));
    h.publish("participant.enrolled",
              profile("m-ben", "Ben Okafor", "Sales", {skill("negotiation", 3), skill("public speaking", 2)},
                      {{"skills_sought", {"negotiation"}}, {"goal_areas", {"leadership"}}}));
    h.publish("participant.enrolled",
              profile("m-cat", "Cat Nowak", "Marketing", {skill("negotiation", 2), skill("public speaking", 1)},
                      {{"skills_sought", {"negotiation", "public speaking"}}, {"goal_areas", {"visibility"}}}));
    h.publish("participant.enrolled",
              profile("m-dan", "Dan Berg", "Engineering",
                      {skill("negotiation", 5), skill("public speaking", 5), skill("python", 4)},
                      {{"skills_sought", {"python"}}, {"goal_areas", {"technical depth"}}}));
    h.publish("relationship.started", started("r-ana", "p-mo", "m-ana"));
    h.publish("relationship.started", started("r-ben", "p-mo", "m-ben"));
    h.publish("relationship.started", started("r-cat", "p-mia", "m-cat"));
    h.publish("relationship.started", started("r-dan", "p-mia", "m-dan"));
    h.publish("goal.set", goal("g-ana-1", "m-ana", "r-ana", "Lead a client negotiation", "leadership",
                               json::array({skill("negotiation", 4)}), 50));
    h.publish("goal.set", goal("g-ana-2", "m-ana", "r-ana", "Speak at a team meeting", "communication",
                               json::array({skill("public speaking", 3)}), 20));
    h.publish("goal.set", goal("g-ben-1", "m-ben", "r-ben", "Write the quarterly account review", "communication",
                               json::array({skill("writing", 3)}), 40));
}

void achieve_ana_talk(harness& h) { h.publish("goal.achieved", {{"goal_id", "g-ana-2"}}); }

json pitch(const std::string& kind = "project", const std::string& closes_on = "2027-03-31") {
    return {{"id", "opp-pitch"},
            {"title", "Client pitch team"},
            {"kind", kind},
            {"visibility", "high"},
            {"skills_needed", {skill("negotiation", 4), skill("public speaking", 3)}},
            {"goal_areas", {"visibility"}},
            {"org_unit", "Sales"},
            {"closes_on", closes_on},
            {"description", "Pitch to our largest prospect in March."}};
}

// What the plugin published on `topic` (the test's own events left out).
std::vector<json> from_sponsor(const harness& h, std::string_view topic) {
    std::vector<json> out;
    for (const auto& e : h.events(topic))
        if (e.source == "sponsor") out.push_back(e.payload);
    return out;
}

std::vector<std::string> mentees_of(const std::vector<json>& nominations) {
    std::vector<std::string> out;
    for (const auto& n : nominations) out.push_back(n["mentee_id"].get<std::string>());
    return out;
}

std::vector<double> scores_of(const std::vector<json>& nominations) {
    std::vector<double> out;
    for (const auto& n : nominations) out.push_back(n["score"].get<double>());
    return out;
}

bool mentions(const json& text, const std::string& part) {
    return text.get<std::string>().find(part) != std::string::npos;
}

mentorkit::duration days(int n) { return {0, std::chrono::days{n}}; }

// Starts the plugin with `config`, expecting a config_error; returns it.
mentorkit::config_error config_failure(const std::string& config, const std::string& catalog = {}) {
    harness h{SPONSOR_PLUGIN_PATH};
    h.with_config(config);
    if (!catalog.empty()) h.with_catalog("opportunities", catalog);
    try {
        h.start();
    } catch (const mentorkit::config_error& e) {
        return e;
    }
    FAIL("expected a config_error for:\n" << config << catalog);
    throw std::logic_error("unreachable");
}

const std::string feed_catalog = R"(opportunities:
  - id: feed-later
    title: Partner pitch day
    kind: project
    visibility: high
    skills_needed:
      - {skill: negotiation, level: 4}
      - {skill: public speaking, level: 3}
    goal_areas: [visibility]
    org_unit: Sales
    posted_on: 2027-02-01
    closes_on: 2027-03-01
  - id: feed-past
    title: Negotiation clinic coach
    kind: project
    visibility: medium
    skills_needed:
      - {skill: negotiation, level: 4}
    posted_on: 2026-12-01
    closes_on: 2027-02-01
  - id: feed-closed
    title: Last year's sales awards panel
    kind: committee
    visibility: high
    skills_needed:
      - {skill: negotiation, level: 3}
    posted_on: 2026-11-01
    closes_on: 2026-12-15
)";

}  // namespace

// ---- nominations ----------------------------------------------------------------------

TEST_CASE("a posted opportunity nominates the best-fitting mentees in order, with explained scores", "[sponsor]") {
    harness h{SPONSOR_PLUGIN_PATH};
    h.start();
    enrol_cohort(h);
    achieve_ana_talk(h);
    h.publish("opportunity.posted", pitch());

    const auto nominations = from_sponsor(h, "nomination.suggested");
    REQUIRE(nominations.size() == 3);  // m-dan (50.0) is fourth: max_nominations 3
    CHECK(mentees_of(nominations) == std::vector<std::string>{"m-ana", "m-ben", "m-cat"});
    CHECK(scores_of(nominations) == std::vector<double>{95.0, 53.4, 50.8});

    const auto& ana = nominations[0];
    CHECK(ana["opportunity_id"] == "opp-pitch");
    CHECK(ana["opportunity_title"] == "Client pitch team");
    CHECK(ana["rank"] == 1);
    CHECK(ana["mentor_id"] == "p-mo");
    CHECK(ana["relationship_id"] == "r-ana");
    CHECK(ana["to"] == json{"p-mo"});
    CHECK(ana["closes_on"] == "2027-03-31");
    REQUIRE(ana["parts"].size() == 3);
    CHECK(ana["parts"][0]["criterion"] == "skill_fit");
    CHECK(ana["parts"][0]["weight"] == 0.5);
    CHECK(ana["parts"][0]["value"] == 1.0);
    CHECK(ana["parts"][0]["contribution"] == 50.0);
    CHECK(ana["parts"][1]["criterion"] == "goal_fit");
    CHECK(ana["parts"][1]["value"] == 1.0);
    CHECK(ana["parts"][1]["contribution"] == 30.0);
    CHECK(ana["parts"][2]["criterion"] == "readiness");
    CHECK(ana["parts"][2]["value"] == 0.75);
    CHECK(ana["parts"][2]["contribution"] == 15.0);
    CHECK(mentions(ana["parts"][2]["detail"], "2 goals, average progress 75%, 1 achieved"));
    CHECK(mentions(ana["parts"][1]["detail"], "negotiation (goal 'Lead a client negotiation')"));
    CHECK(mentions(ana["parts"][1]["detail"], "public speaking (sought skill)"));
    CHECK(mentions(ana["parts"][1]["detail"], "visibility (goal area)"));
    CHECK(mentions(ana["why"], "Ana García fits 'Client pitch team'"));
    CHECK(mentions(ana["why"], "has negotiation at level 4 of 4 and public speaking at level 3 of 3"));
    CHECK(mentions(ana["why"], "75% average progress on 2 goals (1 achieved)"));

    const auto& ben = nominations[1];
    CHECK(ben["rank"] == 2);
    CHECK(ben["parts"][0]["value"] == 0.708);
    CHECK(ben["parts"][0]["contribution"] == 35.4);
    CHECK(ben["parts"][1]["value"] == 0.333);
    CHECK(ben["parts"][1]["contribution"] == 10.0);
    CHECK(ben["parts"][2]["value"] == 0.4);
    CHECK(ben["parts"][2]["contribution"] == 8.0);
    CHECK(mentions(ben["parts"][0]["detail"], "negotiation 3/4 and public speaking 2/3"));
    CHECK(mentions(ben["why"], "is short in negotiation at level 3 of 4 and public speaking at level 2 of 3"));

    const auto& cat = nominations[2];
    CHECK(cat["rank"] == 3);
    CHECK(cat["mentor_id"] == "p-mia");
    CHECK(cat["relationship_id"] == "r-cat");
    CHECK(mentions(cat["parts"][2]["detail"], "no goals set yet"));
}

TEST_CASE("each nomination asks the mentor to act", "[sponsor]") {
    harness h{SPONSOR_PLUGIN_PATH};
    h.start();
    enrol_cohort(h);
    achieve_ana_talk(h);
    h.clear_events();
    h.publish("opportunity.posted", pitch());
    const auto notes = from_sponsor(h, "notification.requested");
    REQUIRE(notes.size() == 3);
    CHECK(notes[0]["to"] == "p-mo");
    CHECK(notes[0]["subject"] == "Consider nominating Ana García for Client pitch team");
    CHECK(notes[0]["opportunity_id"] == "opp-pitch");
    CHECK(notes[0]["mentee_id"] == "m-ana");
    CHECK(notes[0]["relationship_id"] == "r-ana");
    CHECK(mentions(notes[0]["body"], "Nominations close on 2027-03-31."));
    CHECK(notes[2]["to"] == "p-mia");
    CHECK(notes[2]["subject"] == "Consider nominating Cat Nowak for Client pitch team");
}

TEST_CASE("min_score and max_nominations cut the list; a score equal to min_score stays", "[sponsor]") {
    SECTION("max_nominations 4 lets the fourth, at exactly 50.0, in") {
        harness h{SPONSOR_PLUGIN_PATH};
        h.with_config("max_nominations: 4\n").start();
        enrol_cohort(h);
        achieve_ana_talk(h);
        h.publish("opportunity.posted", pitch());
        const auto n = from_sponsor(h, "nomination.suggested");
        CHECK(mentees_of(n) == std::vector<std::string>{"m-ana", "m-ben", "m-cat", "m-dan"});
        CHECK(scores_of(n) == std::vector<double>{95.0, 53.4, 50.8, 50.0});
        CHECK(n[3]["rank"] == 4);
        CHECK(n[3]["min_score"] == 50.0);
    }
    SECTION("min_score 50.9 leaves out 50.8 and 50.0") {
        harness h{SPONSOR_PLUGIN_PATH};
        h.with_config("max_nominations: 10\nmin_score: 50.9\n").start();
        enrol_cohort(h);
        achieve_ana_talk(h);
        h.publish("opportunity.posted", pitch());
        CHECK(mentees_of(from_sponsor(h, "nomination.suggested")) == std::vector<std::string>{"m-ana", "m-ben"});
    }
    SECTION("max_nominations 1 keeps only the best") {
        harness h{SPONSOR_PLUGIN_PATH};
        h.with_config("max_nominations: 1\n").start();
        enrol_cohort(h);
        achieve_ana_talk(h);
        h.publish("opportunity.posted", pitch());
        CHECK(mentees_of(from_sponsor(h, "nomination.suggested")) == std::vector<std::string>{"m-ana"});
    }
    SECTION("max_nominations 0 nominates nobody") {
        harness h{SPONSOR_PLUGIN_PATH};
        h.with_config("max_nominations: 0\n").start();
        enrol_cohort(h);
        h.publish("opportunity.posted", pitch());
        CHECK(from_sponsor(h, "nomination.suggested").empty());
        CHECK(from_sponsor(h, "notification.requested").empty());
    }
}

TEST_CASE("equal scores are ranked by mentee id, not by arrival", "[sponsor]") {
    harness h{SPONSOR_PLUGIN_PATH};
    h.with_config("max_nominations: 10\n").start();
    enrol_cohort(h);
    achieve_ana_talk(h);
    // Dan's twin, enrolled last but with the lower id.
    h.publish("participant.enrolled",
              profile("m-abe", "Abe Silva", "Engineering",
                      {skill("negotiation", 5), skill("public speaking", 5), skill("python", 4)},
                      {{"skills_sought", {"python"}}, {"goal_areas", {"technical depth"}}}));
    h.publish("relationship.started", started("r-abe", "p-mia", "m-abe"));
    h.publish("opportunity.posted", pitch());
    const auto n = from_sponsor(h, "nomination.suggested");
    CHECK(mentees_of(n) == std::vector<std::string>{"m-ana", "m-ben", "m-cat", "m-abe", "m-dan"});
    CHECK(scores_of(n) == std::vector<double>{95.0, 53.4, 50.8, 50.0, 50.0});
    CHECK(n[3]["rank"] == 4);
    CHECK(n[4]["rank"] == 5);
}

TEST_CASE("a stretch assignment accepts being one level short without penalty", "[sponsor]") {
    SECTION("kind stretch, default stretch_gap 1") {
        harness h{SPONSOR_PLUGIN_PATH};
        h.start();
        enrol_cohort(h);
        achieve_ana_talk(h);
        h.publish("opportunity.posted", pitch("stretch"));
        const auto n = from_sponsor(h, "nomination.suggested");
        CHECK(mentees_of(n) == std::vector<std::string>{"m-ana", "m-ben", "m-cat"});
        CHECK(scores_of(n) == std::vector<double>{95.0, 68.0, 65.4});
        CHECK(n[1]["parts"][0]["value"] == 1.0);    // Ben: 3 of 4 and 2 of 3 count as fits
        CHECK(n[2]["parts"][0]["value"] == 0.708);  // Cat: two short of each, one forgiven
        CHECK(mentions(n[1]["parts"][0]["detail"], "a stretch: up to 1 level short counts as a fit"));
        CHECK(mentions(n[1]["why"], "would stretch in negotiation at level 3 of 4"));
    }
    SECTION("stretch_gap 0 scores a stretch like any project") {
        harness h{SPONSOR_PLUGIN_PATH};
        h.with_config("stretch_gap: 0\n").start();
        enrol_cohort(h);
        achieve_ana_talk(h);
        h.publish("opportunity.posted", pitch("stretch"));
        CHECK(scores_of(from_sponsor(h, "nomination.suggested")) == std::vector<double>{95.0, 53.4, 50.8});
    }
    SECTION("stretch_gap 2 forgives Cat's two levels") {
        harness h{SPONSOR_PLUGIN_PATH};
        h.with_config("stretch_gap: 2\n").start();
        enrol_cohort(h);
        achieve_ana_talk(h);
        h.publish("opportunity.posted", pitch("stretch"));
        // Cat: skill_fit 1 -> 50 + 30 + 0 = 80.0, ahead of Ben's 68.0.
        CHECK(mentees_of(from_sponsor(h, "nomination.suggested")) ==
              std::vector<std::string>{"m-ana", "m-cat", "m-ben"});
        CHECK(scores_of(from_sponsor(h, "nomination.suggested")) == std::vector<double>{95.0, 80.0, 68.0});
    }
    SECTION("stretch_kinds names which kinds count as stretches") {
        harness h{SPONSOR_PLUGIN_PATH};
        h.with_config("stretch_kinds: [stretch, speaking]\n").start();
        enrol_cohort(h);
        achieve_ana_talk(h);
        h.publish("opportunity.posted", pitch("speaking"));
        CHECK(scores_of(from_sponsor(h, "nomination.suggested")) == std::vector<double>{95.0, 68.0, 65.4});
    }
    SECTION("a project is not a stretch") {
        harness h{SPONSOR_PLUGIN_PATH};
        h.start();
        enrol_cohort(h);
        achieve_ana_talk(h);
        h.publish("opportunity.posted", pitch("speaking"));
        CHECK(scores_of(from_sponsor(h, "nomination.suggested")) == std::vector<double>{95.0, 53.4, 50.8});
    }
}

TEST_CASE("weights come from the settings and are taken relative to their sum", "[sponsor]") {
    harness h{SPONSOR_PLUGIN_PATH};
    // Only goal fit counts: Ana and Cat 100, Ben 33.3, Dan 0.
    h.with_config("weights: {skill_fit: 0, goal_fit: 2, readiness: 0}\n").start();
    enrol_cohort(h);
    achieve_ana_talk(h);
    h.publish("opportunity.posted", pitch());
    const auto n = from_sponsor(h, "nomination.suggested");
    CHECK(mentees_of(n) == std::vector<std::string>{"m-ana", "m-cat"});
    CHECK(scores_of(n) == std::vector<double>{100.0, 100.0});
    CHECK(n[0]["parts"][1]["weight"] == 2.0);
    CHECK(n[0]["parts"][1]["contribution"] == 100.0);
}

TEST_CASE("only mentees in active relationships are considered", "[sponsor]") {
    harness h{SPONSOR_PLUGIN_PATH};
    h.with_config("max_nominations: 10\n").start();
    enrol_cohort(h);
    achieve_ana_talk(h);
    // A perfect fit with no mentor, and Ben's relationship ended.
    h.publish("participant.enrolled",
              profile("m-zed", "Zed Ruiz", "Sales", {skill("negotiation", 5), skill("public speaking", 5)},
                      {{"skills_sought", {"negotiation"}}, {"goal_areas", {"visibility"}}}));
    h.publish("relationship.closed", {{"relationship_id", "r-ben"}, {"outcome", "closed_early"}, {"reason", "moved"}});
    h.publish("opportunity.posted", pitch());
    CHECK(mentees_of(from_sponsor(h, "nomination.suggested")) == std::vector<std::string>{"m-ana", "m-cat", "m-dan"});
}

TEST_CASE("a closed opportunity is ignored; one closing today is still open", "[sponsor]") {
    harness h{SPONSOR_PLUGIN_PATH};
    h.start();  // 2027-01-04
    enrol_cohort(h);
    h.publish("opportunity.posted", pitch("project", "2027-01-03"));
    CHECK(from_sponsor(h, "nomination.suggested").empty());
    CHECK(from_sponsor(h, "notification.requested").empty());

    auto today = pitch("project", "2027-01-04");
    today["id"] = "opp-today";
    h.publish("opportunity.posted", today);
    CHECK(from_sponsor(h, "nomination.suggested").size() == 3);
}

TEST_CASE("posting the same opportunity again brings no duplicate nominations", "[sponsor]") {
    harness h{SPONSOR_PLUGIN_PATH};
    h.start();
    enrol_cohort(h);
    achieve_ana_talk(h);
    h.clear_events();  // the visibility suggestion for the achieved goal is not what is counted here
    h.publish("opportunity.posted", pitch());
    h.publish("opportunity.posted", pitch());
    CHECK(from_sponsor(h, "nomination.suggested").size() == 3);
    CHECK(from_sponsor(h, "notification.requested").size() == 3);
}

TEST_CASE("a repeated posting can nominate someone who has become ready, never the same one twice", "[sponsor]") {
    harness h{SPONSOR_PLUGIN_PATH};
    h.with_config("min_score: 60\n").start();
    enrol_cohort(h);
    achieve_ana_talk(h);
    h.publish("opportunity.posted", pitch());
    CHECK(mentees_of(from_sponsor(h, "nomination.suggested")) == std::vector<std::string>{"m-ana"});
    // Ben finishes his goal: readiness 1 -> 35.4 + 10 + 20 = 65.4.
    h.publish("goal.achieved", {{"goal_id", "g-ben-1"}});
    h.publish("opportunity.posted", pitch());
    const auto n = from_sponsor(h, "nomination.suggested");
    REQUIRE(n.size() == 2);
    CHECK(n[1]["mentee_id"] == "m-ben");
    CHECK(n[1]["score"] == 65.4);
    CHECK(n[1]["rank"] == 2);
}

TEST_CASE("after a restart earlier nominations are remembered", "[sponsor]") {
    SECTION("all three made before: nothing new") {
        harness h{SPONSOR_PLUGIN_PATH};
        enrol_cohort(h);
        achieve_ana_talk(h);
        h.publish("opportunity.posted", pitch());
        for (const auto* mentee : {"m-ana", "m-ben", "m-cat"})
            h.publish("nomination.suggested", {{"opportunity_id", "opp-pitch"}, {"mentee_id", mentee}});
        h.start();
        h.publish("opportunity.posted", pitch());
        CHECK(from_sponsor(h, "nomination.suggested").empty());
    }
    SECTION("one made before: the next two fill the list, keeping their ranks") {
        harness h{SPONSOR_PLUGIN_PATH};
        enrol_cohort(h);
        achieve_ana_talk(h);
        h.publish("nomination.suggested", {{"opportunity_id", "opp-pitch"}, {"mentee_id", "m-ana"}});
        h.start();
        h.publish("opportunity.posted", pitch());
        const auto n = from_sponsor(h, "nomination.suggested");
        CHECK(mentees_of(n) == std::vector<std::string>{"m-ben", "m-cat"});
        CHECK(n[0]["rank"] == 2);
        CHECK(n[1]["rank"] == 3);
        // The roster came from the history too: Ben's score is the same as without a restart.
        CHECK(n[0]["score"] == 53.4);
    }
}

TEST_CASE("a malformed posting is a dead letter, not a crash", "[sponsor]") {
    harness h{SPONSOR_PLUGIN_PATH};
    h.start();
    enrol_cohort(h);
    h.publish("opportunity.posted", {{"title", "No id"}});
    auto bad_level = pitch();
    bad_level["skills_needed"] = json::array({skill("negotiation", 9)});
    h.publish("opportunity.posted", bad_level);
    auto bad_visibility = pitch();
    bad_visibility["visibility"] = "enormous";
    h.publish("opportunity.posted", bad_visibility);
    CHECK(from_sponsor(h, "nomination.suggested").empty());
    const auto dead = h.dead_letters();
    REQUIRE(dead.size() == 3);
    CHECK(dead[0].subscriber == "sponsor");
    CHECK(dead[0].error == "opportunity.posted needs a non-empty string \"id\" in its payload");
    CHECK(dead[1].error == "opportunity.posted: the level of \"negotiation\" must be a whole number 1..5, found 9");
    CHECK(dead[2].error == "opportunity.posted: \"visibility\" must be low, medium or high, found \"enormous\"");
}

// ---- the catalog feed -----------------------------------------------------------------

TEST_CASE("catalog opportunities are posted on their posted_on date and then nominated for", "[sponsor]") {
    harness h{SPONSOR_PLUGIN_PATH};
    h.with_catalog("opportunities", feed_catalog).start();  // 2027-01-04
    enrol_cohort(h);
    achieve_ana_talk(h);
    CHECK(from_sponsor(h, "opportunity.posted").empty());  // nothing before the clock moves

    h.advance(days(0));  // feed-past: posted_on passed, still open -> posted now
    auto posted = h.events("opportunity.posted");
    REQUIRE(posted.size() == 1);
    CHECK(posted[0].payload["id"] == "feed-past");
    CHECK(posted[0].source == "sponsor");
    CHECK(mentorkit::format_date(posted[0].time) == "2027-01-04");

    h.advance(days(27));  // 2027-01-31
    CHECK(h.events("opportunity.posted").size() == 1);
    h.advance(days(1));  // 2027-02-01
    posted = h.events("opportunity.posted");
    REQUIRE(posted.size() == 2);
    const auto& later = posted[1];
    CHECK(later.payload["id"] == "feed-later");
    CHECK(mentorkit::format_date(later.time) == "2027-02-01");
    CHECK(later.payload["title"] == "Partner pitch day");
    CHECK(later.payload["kind"] == "project");
    CHECK(later.payload["visibility"] == "high");
    CHECK(later.payload["skills_needed"] == json::array({skill("negotiation", 4), skill("public speaking", 3)}));
    CHECK(later.payload["goal_areas"] == json{"visibility"});
    CHECK(later.payload["org_unit"] == "Sales");
    CHECK(later.payload["posted_on"] == "2027-02-01");
    CHECK(later.payload["closes_on"] == "2027-03-01");

    // The sponsor handled its own posting like any other: same scores as "Client pitch team".
    std::vector<json> for_later;
    for (const auto& n : from_sponsor(h, "nomination.suggested"))
        if (n["opportunity_id"] == "feed-later") for_later.push_back(n);
    CHECK(mentees_of(for_later) == std::vector<std::string>{"m-ana", "m-ben", "m-cat"});
    CHECK(scores_of(for_later) == std::vector<double>{95.0, 53.4, 50.8});

    h.advance(days(300));  // feed-closed never comes
    CHECK(h.events("opportunity.posted").size() == 2);
}

TEST_CASE("a catalog opportunity already posted before a restart is not posted again", "[sponsor]") {
    harness h{SPONSOR_PLUGIN_PATH};
    h.publish("opportunity.posted", {{"id", "feed-past"}, {"title", "Negotiation clinic coach"}});
    h.with_catalog("opportunities", feed_catalog).start();
    h.advance(days(60));
    const auto posted = from_sponsor(h, "opportunity.posted");
    REQUIRE(posted.size() == 1);
    CHECK(posted[0]["id"] == "feed-later");
}

TEST_CASE("catalog: none or false switches the feed off", "[sponsor]") {
    for (const auto* setting : {"catalog: none\n", "catalog: false\n"}) {
        harness h{SPONSOR_PLUGIN_PATH};
        h.with_config(setting).with_catalog("opportunities", feed_catalog).start();
        h.advance(days(60));
        CHECK(h.events("opportunity.posted").empty());
    }
}

TEST_CASE("catalog names another catalog to feed from", "[sponsor]") {
    harness h{SPONSOR_PLUGIN_PATH};
    h.with_config("catalog: spring-feed.yaml\n")
        .with_catalog("opportunities", feed_catalog)
        .with_catalog("spring-feed",
                      "opportunities:\n"
                      "  - id: spring-1\n"
                      "    title: Spring hackathon judge\n"
                      "    kind: committee\n"
                      "    visibility: low\n"
                      "    skills_needed: [{skill: code review, level: 3}]\n"
                      "    posted_on: 2027-03-01\n"
                      "    closes_on: 2027-03-15\n")
        .start();
    h.advance(days(120));
    const auto posted = from_sponsor(h, "opportunity.posted");
    REQUIRE(posted.size() == 1);
    CHECK(posted[0]["id"] == "spring-1");
}

TEST_CASE("without any catalog the default settings still work", "[sponsor]") {
    harness h{SPONSOR_PLUGIN_PATH};
    h.with_config("{}\n").start();  // no catalog folders at all: no feed, no error
    h.advance(days(30));
    CHECK(h.emitted().empty());
}

TEST_CASE("the shipped catalog loads and feeds the demo program", "[sponsor]") {
    harness h{SPONSOR_PLUGIN_PATH};
    // The cohort exists when the program (and the module) starts on 2027-01-11.
    enrol_cohort(h);
    achieve_ana_talk(h);
    h.with_catalog_dir(MENTORKIT_SOURCE_DIR "/config/catalogs")
        .starting_at(*mentorkit::parse_date("2027-01-11"))
        .start();
    h.advance(days(0));
    // Posted before the program began and still open: announced on its first day.
    auto posted = from_sponsor(h, "opportunity.posted");
    REQUIRE(posted.size() == 2);
    CHECK(posted[0]["id"] == "opp-2027-01-cloud-migration");
    CHECK(posted[1]["id"] == "opp-2027-01-kickoff-talk");

    // The kickoff talk (public speaking 3, presentation 3; visibility, confidence,
    // communication): Ana has public speaking 3 and no presentation -> skill_fit 0.5 -> 25;
    // she is after public speaking and visibility, 2 of 5 terms -> 12; readiness 0.75 -> 15.
    std::vector<json> talk;
    for (const auto& n : from_sponsor(h, "nomination.suggested"))
        if (n["opportunity_id"] == "opp-2027-01-kickoff-talk") talk.push_back(n);
    REQUIRE(talk.size() == 1);
    CHECK(talk[0]["mentee_id"] == "m-ana");
    CHECK(talk[0]["score"] == 52.0);

    h.advance(days(280));  // to the program's end, 2027-10-11, and beyond
    posted = from_sponsor(h, "opportunity.posted");
    CHECK(posted.size() >= 20);
    CHECK(posted.size() <= 30);
    std::set<std::string> ids, units;
    for (const auto& e : h.events("opportunity.posted")) {
        const auto& p = e.payload;
        ids.insert(p["id"].get<std::string>());
        units.insert(p["org_unit"].get<std::string>());
        CHECK(p["posted_on"].get<std::string>().substr(0, 4) == "2027");
        CHECK(p["closes_on"].get<std::string>() <= "2027-10-11");
        CHECK(p["skills_needed"].size() >= 1);
        // Posted on its date, or on the first day for the ones announced before it.
        CHECK(mentorkit::format_date(e.time) == std::max(p["posted_on"].get<std::string>(), std::string{"2027-01-11"}));
    }
    CHECK(ids.size() == posted.size());
    for (const auto* unit : {"Engineering", "Sales", "Product & Design", "Customer Success", "Data & AI", "Marketing",
                             "People", "Finance"})
        CHECK(units.contains(unit));
}

// ---- introductions --------------------------------------------------------------------
//
// Mentor p-mo knows p-boss (Ivy's manager), p-x (excluded by Ivy), c-hate (who excludes
// Ivy), c-low (negotiation 3, below level 4), c-1 (negotiation 5) and c-2 (public speaking 4,
// negotiation 4). c-1 knows c-3 (public speaking 5, area visibility); c-2 knows c-3 and c-4
// (area visibility only); p-boss knows c-5 (negotiation 5). Ivy seeks negotiation and
// public speaking, area visibility. Strength: 2 per skill, 1 per shared area:
//   c-2 degree 1, 4 | c-1 degree 1, 2 | c-3 degree 2 via c-1, 3 | c-4 degree 2 via c-2, 1.

namespace {
void enrol_network(harness& h) {
    h.publish("participant.enrolled",
              profile("p-mo", "Morgan Lee", "Sales", json::array({skill("negotiation", 5)}),
                      {{"role", "mentor"}, {"network", {"p-boss", "p-x", "c-hate", "c-low", "c-2", "c-1"}}}));
    h.publish("participant.enrolled", profile("m-ivy", "Ivy Park", "Sales", json::array(),
                                              {{"manager_id", "p-boss"},
                                               {"exclusions", {"p-x"}},
                                               {"skills_sought", {"negotiation", "public speaking"}},
                                               {"goal_areas", {"visibility"}}}));
    h.publish("participant.enrolled", profile("p-boss", "Bo Sterling", "Sales", json::array({skill("negotiation", 5)}),
                                              {{"network", {"c-5"}}}));
    h.publish("participant.enrolled",
              profile("p-x", "Xavier Roe", "Sales", json::array({skill("public speaking", 5)})));
    h.publish("participant.enrolled", profile("c-hate", "Hal Tate", "Finance", json::array({skill("negotiation", 5)}),
                                              {{"exclusions", {"m-ivy"}}}));
    h.publish("participant.enrolled", profile("c-low", "Lou Wong", "Finance", json::array({skill("negotiation", 3)})));
    h.publish("participant.enrolled", profile("c-1", "Carl Jones", "Finance", json::array({skill("negotiation", 5)}),
                                              {{"network", {"c-3", "m-ivy", "p-mo"}}}));
    h.publish("participant.enrolled",
              profile("c-2", "Dana Wu", "Customer Success", {skill("public speaking", 4), skill("negotiation", 4)},
                      {{"network", {"c-4", "c-3"}}}));
    h.publish("participant.enrolled",
              profile("c-3", "Eli Novak", "Marketing", json::array({skill("public speaking", 5)}),
                      {{"goal_areas", {"visibility"}}}));
    h.publish("participant.enrolled",
              profile("c-4", "Fay Kim", "Data & AI", json::array({skill("sql", 5)}), {{"goal_areas", {"visibility"}}}));
    h.publish("participant.enrolled", profile("c-5", "Gus Hale", "Sales", json::array({skill("negotiation", 5)})));
}

std::vector<std::string> contacts_of(const std::vector<json>& introductions) {
    std::vector<std::string> out;
    for (const auto& i : introductions) out.push_back(i["contact_id"].get<std::string>());
    return out;
}
}  // namespace

TEST_CASE("a new relationship brings introductions from the mentor's network, first degree first", "[sponsor]") {
    harness h{SPONSOR_PLUGIN_PATH};
    h.start();
    enrol_network(h);
    h.publish("relationship.started", started("r-ivy", "p-mo", "m-ivy"));
    const auto intros = from_sponsor(h, "introduction.suggested");
    REQUIRE(contacts_of(intros) == std::vector<std::string>{"c-2", "c-1"});  // max_introductions 2

    const auto& dana = intros[0];
    CHECK(dana["mentee_id"] == "m-ivy");
    CHECK(dana["mentor_id"] == "p-mo");
    CHECK(dana["relationship_id"] == "r-ivy");
    CHECK(dana["contact_name"] == "Dana Wu");
    CHECK(dana["via"] == "p-mo");
    CHECK(dana["degree"] == 1);
    CHECK(dana["matching_skills"] == json::array({skill("negotiation", 4), skill("public speaking", 4)}));
    CHECK(dana["strength"] == 4);
    CHECK(dana["to"] == json{"p-mo"});
    CHECK(!dana.contains("goal_id"));
    CHECK(dana["why"] ==
          "Dana Wu (Customer Success) is strong in negotiation (level 4) and public speaking (level 4), "
          "which Ivy Park wants to grow in; you know them directly.");
    CHECK(intros[1]["strength"] == 2);

    const auto notes = from_sponsor(h, "notification.requested");
    REQUIRE(notes.size() == 2);
    CHECK(notes[0]["to"] == "p-mo");
    CHECK(notes[0]["subject"] == "Introduce Ivy Park to Dana Wu");
    CHECK(notes[0]["contact_id"] == "c-2");
}

TEST_CASE("second-degree contacts come after the first, through the contact who knows them", "[sponsor]") {
    harness h{SPONSOR_PLUGIN_PATH};
    h.with_config("max_introductions: 10\n").start();
    enrol_network(h);
    h.publish("relationship.started", started("r-ivy", "p-mo", "m-ivy"));
    const auto intros = from_sponsor(h, "introduction.suggested");
    REQUIRE(contacts_of(intros) == std::vector<std::string>{"c-2", "c-1", "c-3", "c-4"});
    const auto& eli = intros[2];
    CHECK(eli["degree"] == 2);
    CHECK(eli["via"] == "c-1");  // known to c-1 and c-2: the lower id introduces
    CHECK(eli["via_name"] == "Carl Jones");
    CHECK(eli["strength"] == 3);
    CHECK(eli["shared_areas"] == json{"visibility"});
    CHECK(eli["why"] ==
          "Eli Novak (Marketing) is strong in public speaking (level 5) and shares the goal area "
          "visibility, which Ivy Park wants to grow in; you can be introduced through Carl Jones, who "
          "knows them.");
    CHECK(intros[3]["via"] == "c-2");
    CHECK(intros[3]["matching_skills"] == json::array());
    CHECK(intros[3]["strength"] == 1);
}

TEST_CASE("the mentee's manager, exclusions and people below the level are never introduced", "[sponsor]") {
    harness h{SPONSOR_PLUGIN_PATH};
    h.with_config("max_introductions: 10\n").start();
    enrol_network(h);
    h.publish("relationship.started", started("r-ivy", "p-mo", "m-ivy"));
    const auto contacts = contacts_of(from_sponsor(h, "introduction.suggested"));
    for (const auto* never : {"p-boss", "p-x", "c-hate", "c-low", "c-5", "p-mo", "m-ivy"})
        CHECK(std::find(contacts.begin(), contacts.end(), never) == contacts.end());
}

TEST_CASE("introduction settings: level, second degree", "[sponsor]") {
    SECTION("second_degree false keeps to the mentor's own network") {
        harness h{SPONSOR_PLUGIN_PATH};
        h.with_config("max_introductions: 10\nsecond_degree: false\n").start();
        enrol_network(h);
        h.publish("relationship.started", started("r-ivy", "p-mo", "m-ivy"));
        CHECK(contacts_of(from_sponsor(h, "introduction.suggested")) == std::vector<std::string>{"c-2", "c-1"});
    }
    SECTION("introduction_min_level 3 lets c-low in, after c-1 by id at equal strength") {
        harness h{SPONSOR_PLUGIN_PATH};
        h.with_config("max_introductions: 10\nintroduction_min_level: 3\n").start();
        enrol_network(h);
        h.publish("relationship.started", started("r-ivy", "p-mo", "m-ivy"));
        CHECK(contacts_of(from_sponsor(h, "introduction.suggested")) ==
              std::vector<std::string>{"c-2", "c-1", "c-low", "c-3", "c-4"});
    }
    SECTION("max_introductions 0 introduces nobody") {
        harness h{SPONSOR_PLUGIN_PATH};
        h.with_config("max_introductions: 0\n").start();
        enrol_network(h);
        h.publish("relationship.started", started("r-ivy", "p-mo", "m-ivy"));
        CHECK(from_sponsor(h, "introduction.suggested").empty());
    }
}

TEST_CASE("a new goal brings introductions for its skills, never the same contact twice", "[sponsor]") {
    harness h{SPONSOR_PLUGIN_PATH};
    h.start();
    enrol_network(h);
    h.publish("relationship.started", started("r-ivy", "p-mo", "m-ivy"));
    h.clear_events();
    h.publish("goal.set", goal("g-ivy-1", "m-ivy", "r-ivy", "Give the quarterly results talk", "communication",
                               json::array({skill("public speaking", 4)}), 0));
    // Dana (c-2) also speaks at level 4 but was introduced already.
    const auto intros = from_sponsor(h, "introduction.suggested");
    REQUIRE(contacts_of(intros) == std::vector<std::string>{"c-3"});
    CHECK(intros[0]["goal_id"] == "g-ivy-1");
    CHECK(intros[0]["degree"] == 2);
    CHECK(mentions(intros[0]["why"], "for the goal 'Give the quarterly results talk'"));

    h.publish("goal.set", goal("g-ivy-1", "m-ivy", "r-ivy", "Give the quarterly results talk", "communication",
                               json::array({skill("public speaking", 4)}), 10));
    h.publish("relationship.started", started("r-ivy", "p-mo", "m-ivy"));
    CHECK(from_sponsor(h, "introduction.suggested").size() == 1);  // repeats bring nothing
}

TEST_CASE("introductions made before a restart are not repeated", "[sponsor]") {
    harness h{SPONSOR_PLUGIN_PATH};
    enrol_network(h);
    h.publish("introduction.suggested",
              {{"mentee_id", "m-ivy"}, {"contact_id", "c-2"}, {"relationship_id", "r-old"}, {"mentor_id", "p-mo"}});
    h.start();
    h.publish("relationship.started", started("r-ivy", "p-mo", "m-ivy"));
    CHECK(contacts_of(from_sponsor(h, "introduction.suggested")) == std::vector<std::string>{"c-1", "c-3"});
}

TEST_CASE("no introductions for a mentee who is not enrolled or whose mentor knows no one useful", "[sponsor]") {
    harness h{SPONSOR_PLUGIN_PATH};
    h.start();
    enrol_network(h);
    h.publish("relationship.started", started("r-ghost", "p-mo", "m-ghost"));
    h.publish("participant.enrolled",
              profile("m-sql", "Sam Quill", "Data & AI", json::array(), {{"skills_sought", {"machine learning"}}}));
    h.publish("relationship.started", started("r-sql", "p-mo", "m-sql"));
    CHECK(from_sponsor(h, "introduction.suggested").empty());
    CHECK(h.dead_letters().empty());
}

// ---- visibility -----------------------------------------------------------------------

namespace {
const std::string visibility_catalog = R"(opportunities:
  - id: vis-open
    title: Lightning talk at the kickoff
    kind: speaking
    visibility: high
    skills_needed: [{skill: public speaking, level: 3}]
    posted_on: 2027-01-01
    closes_on: 2027-02-28
  - id: vis-medium
    title: Team demo slot
    kind: speaking
    visibility: medium
    skills_needed: [{skill: public speaking, level: 2}]
    posted_on: 2027-01-01
    closes_on: 2027-01-30
  - id: vis-closed
    title: December town hall talk
    kind: speaking
    visibility: high
    skills_needed: [{skill: public speaking, level: 3}]
    posted_on: 2026-11-01
    closes_on: 2026-12-20
  - id: vis-later
    title: Summer conference talk
    kind: speaking
    visibility: high
    skills_needed: [{skill: public speaking, level: 3}]
    posted_on: 2027-05-01
    closes_on: 2027-06-01
  - id: vis-other
    title: Data dashboard for the board
    kind: project
    visibility: high
    skills_needed: [{skill: sql, level: 3}]
    posted_on: 2027-01-01
    closes_on: 2027-02-28
)";
}  // namespace

TEST_CASE("an achieved goal brings a visibility action with an open high-visibility opportunity", "[sponsor]") {
    harness h{SPONSOR_PLUGIN_PATH};
    h.with_catalog("opportunities", visibility_catalog).start();
    enrol_cohort(h);
    achieve_ana_talk(h);
    const auto suggestions = from_sponsor(h, "visibility.suggested");
    REQUIRE(suggestions.size() == 1);
    const auto& s = suggestions[0];
    CHECK(s["goal_id"] == "g-ana-2");
    CHECK(s["goal_title"] == "Speak at a team meeting");
    CHECK(s["mentee_id"] == "m-ana");
    CHECK(s["mentor_id"] == "p-mo");
    CHECK(s["relationship_id"] == "r-ana");
    CHECK(s["action"] ==
          "present the result of 'Speak at a team meeting' at the Sales all-hands, then go for "
          "'Lightning talk at the kickoff'");
    CHECK(s["opportunity_id"] == "vis-open");
    CHECK(s["opportunity_title"] == "Lightning talk at the kickoff");
    CHECK(s["to"] == json{"p-mo", "m-ana"});
    CHECK(mentions(s["why"], "Ana García achieved 'Speak at a team meeting' (communication)"));
    CHECK(mentions(s["why"], "high-visibility speaking that builds on it (closes 2027-02-28)"));

    const auto notes = from_sponsor(h, "notification.requested");
    REQUIRE(notes.size() == 2);
    CHECK(notes[0]["to"] == "p-mo");
    CHECK(notes[1]["to"] == "m-ana");
    CHECK(notes[1]["subject"] == "Make 'Speak at a team meeting' visible");
    CHECK(notes[1]["goal_id"] == "g-ana-2");

    achieve_ana_talk(h);  // reported twice
    CHECK(from_sponsor(h, "visibility.suggested").size() == 1);
}

TEST_CASE("a posted opportunity counts for visibility too; without one the action stands alone", "[sponsor]") {
    SECTION("posted") {
        harness h{SPONSOR_PLUGIN_PATH};
        h.start();
        enrol_cohort(h);
        h.publish("opportunity.posted", pitch());
        achieve_ana_talk(h);
        const auto s = from_sponsor(h, "visibility.suggested").at(0);
        CHECK(s["opportunity_id"] == "opp-pitch");
    }
    SECTION("nothing open") {
        harness h{SPONSOR_PLUGIN_PATH};
        h.start();
        enrol_cohort(h);
        achieve_ana_talk(h);
        const auto s = from_sponsor(h, "visibility.suggested").at(0);
        CHECK(s["opportunity_id"].is_null());
        CHECK(s["action"] == "present the result of 'Speak at a team meeting' at the Sales all-hands");
    }
}

TEST_CASE("the visibility action fits the goal's area; personal goals stay private", "[sponsor]") {
    harness h{SPONSOR_PLUGIN_PATH};
    h.with_catalog("opportunities", visibility_catalog).start();
    enrol_cohort(h);
    h.publish("goal.set", goal("g-dan-1", "m-dan", "r-dan", "Profile the ingest service", "technical depth",
                               json::array({skill("python", 4)}), 0));
    h.publish("goal.set", goal("g-ana-3", "m-ana", "r-ana", "Leave by six twice a week", "work-life balance",
                               json::array({skill("public speaking", 3)}), 0));
    h.publish("goal.achieved", {{"goal_id", "g-dan-1"}});
    h.publish("goal.achieved", {{"goal_id", "g-ana-3"}});
    const auto s = from_sponsor(h, "visibility.suggested");
    REQUIRE(s.size() == 2);
    CHECK(s[0]["action"] == "give a tech talk on 'Profile the ingest service' to the Engineering team");
    CHECK(s[0]["to"] == json{"p-mia", "m-dan"});
    CHECK(s[1]["action"] == "tell your manager what worked for 'Leave by six twice a week' in your next one-to-one");
    CHECK(s[1]["opportunity_id"].is_null());  // even though public speaking matches vis-open
}

TEST_CASE("visibility suggestions made before a restart are not repeated; unknown goals are ignored", "[sponsor]") {
    harness h{SPONSOR_PLUGIN_PATH};
    enrol_cohort(h);
    h.publish("visibility.suggested", {{"goal_id", "g-ana-2"}});
    h.start();
    achieve_ana_talk(h);
    h.publish("goal.achieved", {{"goal_id", "g-nobody"}});
    CHECK(from_sponsor(h, "visibility.suggested").empty());
    CHECK(h.dead_letters().empty());
    h.publish("goal.achieved", json::object());
    REQUIRE(h.dead_letters().size() == 1);
    CHECK(h.dead_letters()[0].error == "goal.achieved needs a non-empty string \"goal_id\" in its payload");
}

// ---- settings and catalog errors ------------------------------------------------------

TEST_CASE("bad settings are refused with their location", "[sponsor]") {
    auto e = config_failure("min_score: 40\nweights:\n  skill_fit: -1\n");
    CHECK(e.mark().line == 3);
    CHECK(e.mark().column == 14);
    CHECK(e.message() == "skill_fit must be a number from 0 to 100, found -1");

    e = config_failure("weights: {skil_fit: 1}\n");
    CHECK(e.mark().line == 1);
    CHECK(e.message() == "unknown key 'skil_fit'; did you mean 'skill_fit'?");

    e = config_failure("weights:\n  skill_fit: 0\n  goal_fit: 0\n  readiness: 0\n");
    CHECK(e.mark().line == 2);
    CHECK(e.message() == "at least one of the weights must be above 0");

    e = config_failure("max_nomination: 2\n");
    CHECK(e.what() ==
          std::string{"<harness config>:1:1: unknown key 'max_nomination'; did you mean 'max_nominations'?"});

    e = config_failure("stretch_gap: 5\n");
    CHECK(e.what() == std::string{"<harness config>:1:14: stretch_gap must be a whole number from 0 to 4, found 5"});

    e = config_failure("min_score: high\n");
    CHECK(e.mark().column == 12);
    CHECK(e.message() == "expected a number, found 'high'");

    e = config_failure("min_score: 120\n");
    CHECK(e.message() == "min_score must be a number from 0 to 100, found 120");

    e = config_failure("\nmax_nominations: -1\n");
    CHECK(e.mark().line == 2);
    CHECK(e.message() == "max_nominations must be a whole number from 0 to 100, found -1");

    e = config_failure("introduction_min_level: 6\n");
    CHECK(e.message() == "introduction_min_level must be a whole number from 1 to 5, found 6");

    e = config_failure("max_introductions: two\n");
    CHECK(e.message() == "expected a whole number, found 'two'");

    e = config_failure("second_degree: maybe\n");
    CHECK(e.mark().column == 16);
    CHECK(e.message() == "expected true or false, found 'maybe'");

    e = config_failure("catalog: ../secrets\n");
    CHECK(e.mark().column == 10);
    CHECK(e.message() == "expected a catalog name (lower-case letters, digits, '-', '_') or none, found '../secrets'");

    e = config_failure("stretch_kinds: {a: b}\n");
    CHECK(e.message() == "expected a list of values, found a mapping");
}

TEST_CASE("a catalog named in the settings must exist", "[sponsor]") {
    const auto e = config_failure("max_nominations: 2\ncatalog: spring\n");
    CHECK(e.mark().line == 2);
    CHECK(e.mark().column == 10);
    CHECK(e.message().find("no catalog 'spring'") == 0);
}

TEST_CASE("bad catalog entries are refused with their line in the catalog", "[sponsor]") {
    const std::string head =
        "opportunities:\n"
        "  - id: ok-1\n"
        "    title: Fine\n"
        "    kind: project\n"
        "    visibility: low\n"
        "    skills_needed: [{skill: sql, level: 2}]\n"
        "    posted_on: 2027-02-01\n"
        "    closes_on: 2027-03-01\n";  // lines 1-8; the bad entry starts on line 9
    auto entry = [&](const std::string& visibility, const std::string& level, const std::string& dates) {
        return head +
               "  - id: bad-1\n"      // 9
               "    title: Broken\n"  // 10
               "    kind: project\n"  // 11
               "    visibility: " +
               visibility +
               "\n"                    // 12
               "    skills_needed:\n"  // 13
               "      - {skill: sql, level: " +
               level + "}\n"  // 14
               + dates;       // 15-
    };
    const std::string good_dates = "    posted_on: 2027-02-01\n    closes_on: 2027-03-01\n";

    auto e = config_failure("{}\n", entry("huge", "2", good_dates));
    CHECK(e.mark().file == "<catalog opportunities>");
    CHECK(e.mark().line == 12);
    CHECK(e.mark().column == 17);
    CHECK(e.message() == "expected one of 'low' 'medium' 'high', found 'huge'");

    e = config_failure("{}\n", entry("high", "7", good_dates));
    CHECK(e.mark().line == 14);
    CHECK(e.message() == "expected a skill level from 1 to 5, found '7'");

    e = config_failure("{}\n", entry("high", "2", "    posted_on: 2027-02-30\n    closes_on: 2027-03-01\n"));
    CHECK(e.mark().line == 15);
    CHECK(e.message().find("expected a date as YYYY-MM-DD") == 0);

    e = config_failure("{}\n", entry("high", "2", "    posted_on: 2027-03-01\n    closes_on: 2027-02-01\n"));
    CHECK(e.mark().line == 16);
    CHECK(e.message() == "closes_on 2027-02-01 is before posted_on 2027-03-01");

    e = config_failure("{}\n", entry("high", "2", "    posted_on: 2027-02-01\n    close_on: 2027-03-01\n"));
    CHECK(e.mark().line == 16);
    CHECK(e.message() == "unknown key 'close_on'; did you mean 'closes_on'?");

    e = config_failure("{}\n", entry("high", "2", "    posted_on: 2027-02-01\n"));
    CHECK(e.mark().line == 9);
    CHECK(e.message().find("missing required key 'closes_on'") == 0);

    e = config_failure("{}\n", head + "  - id: ok-1\n    title: Again\n");
    CHECK(e.mark().line == 9);
    CHECK(e.message().find("missing required key") == 0);

    e = config_failure("{}\n", head + head.substr(std::string{"opportunities:\n"}.size()));
    CHECK(e.mark().line == 9);
    CHECK(e.message() == "duplicate opportunity id 'ok-1' (first at line 2)");

    e = config_failure("{}\n", "opportunity:\n  - id: x\n");
    CHECK(e.mark().line == 1);
    CHECK(e.message() == "unknown key 'opportunity'; did you mean 'opportunities'?");
}

TEST_CASE("the manifest declares what the module consumes and produces", "[sponsor]") {
    harness h{SPONSOR_PLUGIN_PATH};  // loads through the kernel's checks
    h.start();
    h.publish("relationship.started", started("r-1", "p-1", "m-1"));  // unknown people: nothing, no error
    CHECK(h.emitted().empty());
    CHECK(h.dead_letters().empty());
}
