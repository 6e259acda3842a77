// Every role module loaded from disk into one kernel, running a small program on a simulated
// clock and journaling into a real store: each module does its part for the right people,
// what a mentee confides stays with the pair, modules do not depend on each other, and a
// restarted program serves the modules their history from the store.
//
// The cast, the program and the script are in all_modules_support.hpp. Every expected value
// below is worked out by hand from them and the shipped catalogs (config/catalogs); the
// comments show the arithmetic.

#include "all_modules_support.hpp"
#include "plugin_host.hpp"

#include <mentorkit/roster.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

using namespace mentorkit;
using namespace mentorkit::test_support;
using nlohmann::json;

namespace {

std::string date_of(const event& e) { return format_date(e.time).substr(0, 10); }

// Handler failures would hide a module that did nothing: every run must have none.
void check_no_failures(program_run& run) {
    for (const auto& d : run.kernel().bus().dead_letters())
        FAIL_CHECK("dead letter: " << d.failed_event.topic << " in " << d.subscriber << ": " << d.error);
    CHECK(run.events("plugin.failed").empty());
    CHECK(run.events("plugin.quarantined").empty());
    CHECK(run.events("timer.failed").empty());
}

// What each source published, without the ids that shift when another module is absent.
using outputs = std::map<std::string, std::vector<json>>;

outputs outputs_by_source(const store& journal) {
    outputs out;
    for (const auto& e : journal.journal())
        out[e.source].push_back({{"topic", e.topic}, {"time", format_date(e.time)}, {"payload", e.payload}});
    return out;
}

const std::vector<std::string> all_modules{"relationship", "sponsor", "survey_environment", "counsel", "teach",
                                           "model",        "motivate"};
const std::vector<std::string> all_modules_sorted{
    "counsel", "model", "motivate", "relationship", "sponsor", "survey_environment", "teach"};

}  // namespace

TEST_CASE("with every module loaded, each does its part for the right people and the program closes", "[integration]") {
    temp_folder dir;
    program_run run{dir.write("program.yaml", program_yaml()), dir / "program.db"};
    play_script(run);
    check_no_failures(run);

    // Every plugin started, and program.started names the seven modules.
    auto started = run.field_of("plugin.started", "kernel", "plugin");
    std::sort(started.begin(), started.end());
    CHECK(started == all_modules_sorted);
    REQUIRE(run.events("program.started").size() == 1);
    auto modules = run.events("program.started")[0].payload["modules"].get<std::vector<std::string>>();
    std::sort(modules.begin(), modules.end());
    CHECK(modules == all_modules_sorted);
    // The kernel started one relationship per accepted match.
    CHECK(run.field_of("relationship.started", "kernel", "relationship_id") ==
          std::vector<std::string>{"r-M1-E1", "r-M2-E2", "r-M3-E3", "r-M3-E4"});

    SECTION("relationship: readiness, a kickoff per pair, milestones, and the pair that never met at risk") {
        // All eight are ready: mentors have capacity, 9+ years (>= 3) and skills; mentees name goals.
        const auto readiness = run.events("readiness.assessed", "relationship");
        REQUIRE(readiness.size() == 8);
        for (const auto& e : readiness) CHECK(e.payload["ready"] == true);

        std::vector<std::string> kickoffs;
        for (const auto& e : run.events("meeting.scheduled", "relationship"))
            if (e.payload["kind"] == "kickoff") kickoffs.push_back(e.payload["relationship_id"]);
        CHECK(kickoffs == std::vector<std::string>{"r-M1-E1", "r-M2-E2", "r-M3-E3", "r-M3-E4"});
        // Started 2028-01-03; kickoff_within 1w; the template's agenda.
        const auto kickoff = run.only("meeting.scheduled", "relationship", "meeting_id", "r-M1-E1/kickoff");
        CHECK(date_of(kickoff) == "2028-01-03");
        CHECK(kickoff.payload == json{{"relationship_id", "r-M1-E1"},
                                      {"meeting_id", "r-M1-E1/kickoff"},
                                      {"kind", "kickoff"},
                                      {"due_by", "2028-01-10"},
                                      {"length", "1h"},
                                      {"participants", {"M1", "E1"}},
                                      {"agenda",
                                       {"Get to know each other", "Expectations and ways of working",
                                        "Confidentiality agreement", "First goals"}}});

        // Kickoffs held by three pairs; r-M1-E1 held its kickoff, /1 and /2: three meetings.
        std::vector<std::string> milestones;
        for (const auto& e : run.events("relationship.milestone", "relationship"))
            milestones.push_back(e.payload["relationship_id"].get<std::string>() + " " +
                                 e.payload["milestone"].get<std::string>() + " " + date_of(e));
        CHECK(milestones ==
              std::vector<std::string>{"r-M1-E1 kickoff_held 2028-01-07", "r-M2-E2 kickoff_held 2028-01-07",
                                       "r-M3-E3 kickoff_held 2028-01-10", "r-M1-E1 rhythm_established 2028-01-28"});

        // Meetings fall due every 2w from 2028-01-03: /1 01-17, /2 01-31, /3 02-14. r-M3-E4
        // held none: /1 is missed when /2 falls due (01-31), /2 when /3 does (02-14), which
        // makes two in a row. The other pairs held /1, so they never miss two in a row before
        // the end (the last miss, judged at program.ending, raises nothing).
        const auto at_risk = run.events("relationship.at_risk", "relationship");
        REQUIRE(at_risk.size() == 1);
        CHECK(date_of(at_risk[0]) == "2028-02-14");
        CHECK(at_risk[0].payload ==
              json{{"relationship_id", "r-M3-E4"},
                   {"mentor_id", "M3"},
                   {"mentee_id", "E4"},
                   {"kind", "meetings_lapsed"},
                   {"reason",
                    "2 meetings missed in a row (r-M3-E4/1, r-M3-E4/2), reaching the limit of 2; no meeting held yet"},
                   {"suggestion",
                    "Agree a fixed slot in both calendars (the same weekday and time every time) and hold shorter "
                    "30-minute meetings until the rhythm is back; if no slot works, ask the program manager to help "
                    "find a cadence that fits."},
                   {"evidence",
                    {{"missed_in_a_row", 2},
                     {"threshold", 2},
                     {"missed_meetings", {"r-M3-E4/1", "r-M3-E4/2"}},
                     {"meetings_held", 0},
                     {"last_held_on", nullptr}}},
                   {"to", {"M3", "E4"}}});

        // Halfway from 2028-01-03 to the end (2028-02-28) is 2028-01-31: one midpoint review each.
        std::vector<std::string> reviews;
        for (const auto& e : run.events("meeting.scheduled", "relationship"))
            if (e.payload["kind"] == "midpoint")
                reviews.push_back(e.payload["meeting_id"].get<std::string>() + " " + date_of(e));
        CHECK(reviews ==
              std::vector<std::string>{"r-M1-E1/midpoint-review 2028-01-31", "r-M2-E2/midpoint-review 2028-01-31",
                                       "r-M3-E3/midpoint-review 2028-01-31", "r-M3-E4/midpoint-review 2028-01-31"});
    }

    SECTION("sponsor: the fitting mentee is suggested for the opportunity, and an introduction from the network") {
        // opp-q1-renewals needs negotiation 2 and account management 2, area networking.
        // Ana (E1): negotiation 1 (gap 1: 1 - 1/2 = 0.5), account management 2 (1): skill_fit 0.75;
        // she is after negotiation and networking, not account management: goal_fit 2/3;
        // one goal at 30%: readiness 0.3. Score 100 x (0.5 x 0.75 + 0.3 x 2/3 + 0.2 x 0.3) = 63.5.
        // Ben, Chloe and Dev have neither skill and are after none of the three: at most 20 < 50.
        const auto nominations = run.events("nomination.suggested", "sponsor");
        REQUIRE(nominations.size() == 1);
        CHECK(date_of(nominations[0]) == "2028-02-01");
        const std::string goal = "goal 'Close two enterprise deals this quarter'";
        CHECK(nominations[0].payload ==
              json{{"opportunity_id", "opp-q1-renewals"},
                   {"opportunity_title", "Negotiation team for the Q1 enterprise renewals"},
                   {"kind", "project"},
                   {"visibility", "high"},
                   {"mentee_id", "E1"},
                   {"mentee_name", "Ana Lima"},
                   {"mentor_id", "M1"},
                   {"relationship_id", "r-M1-E1"},
                   {"rank", 1},
                   {"score", 63.5},
                   {"min_score", 50},
                   {"parts",
                    {{{"criterion", "skill_fit"},
                      {"weight", 0.5},
                      {"value", 0.75},
                      {"contribution", 37.5},
                      {"detail", "has/needs: negotiation 1/2 and account management 2/2"}},
                     {{"criterion", "goal_fit"},
                      {"weight", 0.3},
                      {"value", 0.667},
                      {"contribution", 20.0},
                      {"detail",
                       "2 of 3 of the opportunity's skills and areas are what the mentee is after: "
                       "negotiation (sought skill and " +
                           goal + ") and networking (goal area and " + goal + ")"}},
                     {{"criterion", "readiness"},
                      {"weight", 0.2},
                      {"value", 0.3},
                      {"contribution", 6.0},
                      {"detail", "1 goal, average progress 30%, 0 achieved"}}}},
                   {"why",
                    "Ana Lima fits 'Negotiation team for the Q1 enterprise renewals': has account management at "
                    "level 2 of 2, is short in negotiation at level 1 of 2, is after negotiation (sought skill "
                    "and " +
                        goal + ") and networking (goal area and " + goal +
                        ") and has 30% average progress on 1 goal (0 achieved) (score 63.5)."},
                   {"to", {"M1"}},
                   {"closes_on", "2028-02-25"}});

        // Only Maria (M1) has a network: Sofia (M4), public speaking 5 >= 4, which Ana seeks.
        // Strength 2 (one skill, no shared area). On Ana's goal, Sofia is already suggested.
        const auto introductions = run.events("introduction.suggested", "sponsor");
        REQUIRE(introductions.size() == 1);
        CHECK(date_of(introductions[0]) == "2028-01-03");
        CHECK(introductions[0].payload ==
              json{{"mentee_id", "E1"},
                   {"mentee_name", "Ana Lima"},
                   {"mentor_id", "M1"},
                   {"relationship_id", "r-M1-E1"},
                   {"contact_id", "M4"},
                   {"contact_name", "Sofia Rossi"},
                   {"contact_org_unit", "Marketing"},
                   {"via", "M1"},
                   {"via_name", "Maria Lopez"},
                   {"degree", 1},
                   {"matching_skills", {{{"skill", "public speaking"}, {"level", 5}}}},
                   {"shared_areas", json::array()},
                   {"strength", 2},
                   {"why",
                    "Sofia Rossi (Marketing) is strong in public speaking (level 5), which Ana Lima wants to "
                    "grow in; you know them directly."},
                   {"to", {"M1"}}});

        // Ben's achieved goal (technical depth): a tech talk; the only open high-visibility
        // opportunity shares neither skill nor area with it.
        const auto visibility = run.only("visibility.suggested", "sponsor", "goal_id", "g-e2-cloud");
        CHECK(visibility.payload["action"] ==
              "give a tech talk on 'Design the cloud migration of the billing service' to the Engineering team");
        CHECK(visibility.payload["opportunity_id"].is_null());
        CHECK(visibility.payload["to"] == json{"M2", "E2"});
    }

    SECTION("survey_environment: the reorganisation reaches the mentor of the mentee in that unit only") {
        // Chloe (E3) is in Customer Success: own_unit 1 >= 0.5. Ana (E1) knows E903, who is
        // named: network 0.4 < 0.5, no alert. Nobody else is linked. Reorganisation: threat,
        // medium, 8w: horizon 2028-01-20 + 56 days = 2028-03-16 (2028 is a leap year).
        const auto alerts = run.events("alert.raised", "survey_environment");
        REQUIRE(alerts.size() == 1);
        const std::string link = "It is in Chloe Martin (E3)'s own unit, Customer Success (+1).";
        CHECK(alerts[0].payload ==
              json{{"alert_id", "alert/s-1/r-M3-E3"},
                   {"signal_id", "s-1"},
                   {"to", {"M3"}},
                   {"mentor_id", "M3"},
                   {"mentee_id", "E3"},
                   {"relationship_id", "r-M3-E3"},
                   {"class", "threat"},
                   {"severity", "medium"},
                   {"rule", "reorganisation or budget change"},
                   {"horizon", "2028-03-16"},
                   {"reasoning",
                    {"Classified as a threat of medium severity by the built-in rule 'reorganisation or budget "
                     "change', on kind 'reorganisation'.",
                     link, "Relevance 1 (alerts from 0.5).",
                     "Horizon 2028-03-16: observed on 2028-01-20 plus the rule's 8w."}},
                   {"advice",
                    "Watch how it unfolds in Customer Success until 2028-03-16: help Chloe find out from their "
                    "manager what may change for their role and work, keep their goals in view of the new structure, "
                    "and prepare options."},
                   {"relevance", 1.0},
                   {"min_relevance", 0.5},
                   {"links", {{{"link", "own_unit"}, {"weight", 1.0}, {"detail", link}}}},
                   {"signal",
                    {{"kind", "reorganisation"},
                     {"org_unit", "Customer Success"},
                     {"people", {"E903"}},
                     {"description", "Two regional teams merge under one director in March"},
                     {"observed_on", "2028-01-20"}}}});
        // Medium reaches notify_from (medium): one notification, to Priya only.
        std::vector<std::string> notified;
        for (const auto& e : run.events("notification.requested", "survey_environment"))
            notified.push_back(e.payload["to"]);
        CHECK(notified == std::vector<std::string>{"M3"});
    }

    SECTION("counsel: the pair gets a guide, the program manager only that a flag exists") {
        // Wellbeing 2 (at or below 2) and "overwhelmed": stress, twice. No rating before, so
        // no drop. The first stress guide wins (no guide's cues occur in the comment).
        const auto flags = run.events("counsel.flagged", "counsel");
        REQUIRE(flags.size() == 1);
        const auto& flag = flags[0].payload;
        CHECK(flag["flag_id"] == "r-M2-E2/counsel-1");
        CHECK(flag["relationship_id"] == "r-M2-E2");
        CHECK(flag["subject_id"] == "E2");
        CHECK(flag["to"] == json{"M2", "E2"});
        CHECK(flag["audience"] == "pair");
        CHECK(flag["raised_on"] == "2028-01-17");
        CHECK(flag["checkin_on"] == "2028-01-17");
        CHECK(flag["categories"] == json{"stress"});
        CHECK(flag["evidence"] ==
              json{{{"category", "stress"}, {"signal", "low_wellbeing"}, {"wellbeing", 2}, {"at_or_below", 2}},
                   {{"category", "stress"}, {"signal", "phrase"}, {"phrase", "overwhelmed"}}});
        CHECK(flag["guide"]["id"] == "stress-and-workload");
        CHECK(flag["guide"]["title"] == "Stress and workload");
        CHECK(flag["guide"]["matched_cues"] == json::array());
        CHECK(flag["cooldown_until"] == "2028-01-31");
        CHECK(flag["why"] ==
              "Ben Okafor (mentee)'s check-in of 2028-01-17 shows signs of stress (wellbeing 2 of 5 (at or below 2); "
              "mentioned 'overwhelmed'). Guide 'Stress and workload' covers stress (1 of 1). Shared with Tom Becker "
              "and Ben Okafor only; the program manager sees only that a flag exists.");

        const auto noted = run.events("counsel.flag_noted", "counsel");
        REQUIRE(noted.size() == 1);
        CHECK(noted[0].payload == json{{"flag_id", "r-M2-E2/counsel-1"},
                                       {"relationship_id", "r-M2-E2"},
                                       {"raised_on", "2028-01-17"},
                                       {"to", "program_manager"},
                                       {"audience", "program_manager"},
                                       {"detail_shared", false},
                                       {"why",
                                        "A counselling flag was raised in r-M2-E2 on 2028-01-17 and the pair "
                                        "has a conversation guide. What was said is confidential to the pair."}});
        // Notifications go to the pair, never to the program manager.
        std::vector<std::string> notified;
        for (const auto& e : run.events("notification.requested", "counsel")) notified.push_back(e.payload["to"]);
        CHECK(notified == std::vector<std::string>{"M2", "E2"});
    }

    SECTION("teach: each goal's gap, the resources that close most of it, and the mentor's experience") {
        CHECK(run.field_of("learning.recommended", "teach", "goal_id") ==
              std::vector<std::string>{"g-e1-deals", "g-e2-cloud", "g-e3-churn"});
        // Ana: negotiation 1 -> 4, public speaking 0 -> 3: 6 levels. Toastmasters closes 3
        // (public speaking 0 -> 3); then the 2-point ones by length: the TED video (8m), the
        // podcast (5h), Coursera (20h), the lab (2d), shadowing (3w). None of the first three
        // is on the job, so the best on-the-job one (shadowing deals) takes the third place.
        const auto e1 = run.only("learning.recommended", "teach", "goal_id", "g-e1-deals");
        CHECK(date_of(e1) == "2028-01-05");
        const auto& p = e1.payload;
        CHECK(p["mentee_id"] == "E1");
        CHECK(p["mentor_id"] == "M1");
        CHECK(p["relationship_id"] == "r-M1-E1");
        CHECK(p["reason"] == "goal_set");
        CHECK(p["to"] == json{"E1", "M1"});
        CHECK(p["gap"] == json{{{"skill", "negotiation"}, {"current", 1}, {"needed", 4}},
                               {{"skill", "public speaking"}, {"current", 0}, {"needed", 3}}});
        CHECK(p["gap_points"] == 6);
        CHECK(p["already_met"] == json::array());
        std::vector<std::string> picked;
        for (const auto& r : p["recommendations"])
            picked.push_back(r["resource"].get<std::string>() + " " + std::to_string(r["points"].get<int>()) + " " +
                             r["closes"].dump());
        CHECK(picked == std::vector<std::string>{R"(ps-toastmasters 3 [{"from":0,"skill":"public speaking","to":3}])",
                                                 R"(ps-ted-secret 2 [{"from":0,"skill":"public speaking","to":2}])",
                                                 R"(neg-shadow-deals 2 [{"from":1,"skill":"negotiation","to":3}])"});
        CHECK(p["why"] ==
              "'Close two enterprise deals this quarter' needs negotiation at 4 (now 1) and public "
              "speaking at 3 (now 0): 6 level(s) to close in all. Ranked by how much of that gap each "
              "resource closes, then shortest first.");

        // Ben: cloud architecture 2 -> 4 and system design 2 -> 3; the architect track (8w) and
        // the migration assignment (2mo) close all 3, the review-board shadowing 1 (4w, id
        // before writing-design-doc). Chloe: data analysis 1 -> 3, sql 1 -> 2; the rotation
        // (2mo) and the certificate (3mo) close 3, the Python book (20h) 2.
        auto ids = [](const event& e) {
            std::vector<std::string> out;
            for (const auto& r : e.payload["recommendations"]) out.push_back(r["resource"]);
            return out;
        };
        CHECK(ids(run.only("learning.recommended", "teach", "goal_id", "g-e2-cloud")) ==
              std::vector<std::string>{"cloud-architect-track", "cloud-migration-design", "cloud-shadow-review-board"});
        CHECK(ids(run.only("learning.recommended", "teach", "goal_id", "g-e3-churn")) ==
              std::vector<std::string>{"data-rotation", "data-google-certificate", "data-python-for-analysis"});

        // Each mentor rates themselves 4 or 5 in both of their mentee's gap skills.
        std::vector<std::string> prompts;
        for (const auto& e : run.events("experience.prompted", "teach"))
            prompts.push_back(e.payload["mentor_id"].get<std::string>() + " " + e.payload["skill"].get<std::string>() +
                              " " + std::to_string(e.payload["mentor_level"].get<int>()));
        CHECK(prompts == std::vector<std::string>{"M1 negotiation 5", "M1 public speaking 4", "M2 cloud architecture 5",
                                                  "M2 system design 4", "M3 data analysis 5", "M3 sql 4"});
        // No goal went six weeks without progress before the end: no stall suggestions.
        for (const auto& e : run.events("learning.recommended", "teach")) CHECK(e.payload["reason"] == "goal_set");
    }

    SECTION("model: a reflection after each held meeting, the observation counted, growth summarised") {
        // The value reflected on least comes next, ties in the order named. Chloe has no
        // meetings after /1; Dev (curiosity) held none, so he gets no prompt.
        std::vector<std::string> prompted;
        for (const auto& e : run.events("reflection.prompted", "model"))
            prompted.push_back(e.payload["meeting_id"].get<std::string>() + " " +
                               e.payload["value"].get<std::string>());
        CHECK(prompted == std::vector<std::string>{"r-M1-E1/kickoff giving_credit", "r-M2-E2/kickoff ownership",
                                                   "r-M3-E3/kickoff customer_focus", "r-M1-E1/1 integrity",
                                                   "r-M2-E2/1 ownership", "r-M3-E3/1 customer_focus",
                                                   "r-M1-E1/2 giving_credit"});
        const auto first = run.only("reflection.prompted", "model", "meeting_id", "r-M1-E1/kickoff");
        CHECK(first.payload ==
              json{{"relationship_id", "r-M1-E1"},
                   {"mentee_id", "E1"},
                   {"mentor_id", "M1"},
                   {"meeting_id", "r-M1-E1/kickoff"},
                   {"meeting_number", 1},
                   {"value", "giving_credit"},
                   {"value_name", "giving credit"},
                   {"in_catalog", true},
                   {"prompt",
                    "Whose work made your last success possible? Did they hear it from you, and did others "
                    "hear it too?"},
                   {"prompt_number", 1},
                   {"prompts_for_value", 3},
                   {"reflection_number", 1},
                   {"behaviours",
                    {"names the people who did the work when presenting a result",
                     "thanks a colleague for a specific contribution in a team channel or meeting",
                     "forwards praise they received to the people who earned it",
                     "puts contributors' names on documents, release notes and slides"}},
                   {"why",
                    "Meeting 1 of r-M1-E1 was held on 2028-01-07; giving credit is next in turn among the 2 "
                    "value(s) Ana Lima named (reflections so far: giving credit 0, integrity 0). Prompt 1 of 3 "
                    "for it."},
                   {"to", {"E1"}}});
        // The second prompt for integrity's turn fills both names.
        CHECK(run.only("reflection.prompted", "model", "meeting_id", "r-M1-E1/1").payload["prompt"] ==
              "When did you last feel pressure to shade the truth a little? What did you do, Ana Lima, and what would "
              "Maria Lopez have done?");

        // "recognition" is an alias of giving credit, which Ana named.
        const auto recorded = run.events("behaviour.recorded", "model");
        REQUIRE(recorded.size() == 1);
        CHECK(recorded[0].payload["value"] == "giving_credit");
        CHECK(recorded[0].payload["named"] == true);
        CHECK(recorded[0].payload["observer_role"] == "mentor");
        CHECK(recorded[0].payload["count_for_value"] == 1);

        // A midpoint summary for every pair on 2028-01-31, a closing one at the end.
        std::vector<std::string> summaries;
        for (const auto& e : run.events("growth.summarised", "model"))
            summaries.push_back(e.payload["relationship_id"].get<std::string>() + " " +
                                e.payload["stage"].get<std::string>() + " " + date_of(e));
        CHECK(summaries == std::vector<std::string>{"r-M1-E1 midpoint 2028-01-31", "r-M2-E2 midpoint 2028-01-31",
                                                    "r-M3-E3 midpoint 2028-01-31", "r-M3-E4 midpoint 2028-01-31",
                                                    "r-M1-E1 close 2028-02-28", "r-M2-E2 close 2028-02-28",
                                                    "r-M3-E3 close 2028-02-28", "r-M3-E4 close 2028-02-28"});
        // Ana: giving credit reflected on twice (kickoff, /2) and seen once; integrity once, not seen.
        json close;
        for (const auto& e : run.events("growth.summarised", "model"))
            if (e.payload["relationship_id"] == "r-M1-E1" && e.payload["stage"] == "close") close = e.payload;
        CHECK(close == json{{"relationship_id", "r-M1-E1"},
                            {"mentee_id", "E1"},
                            {"mentor_id", "M1"},
                            {"stage", "close"},
                            {"since", "2028-01-03"},
                            {"as_of", "2028-02-28"},
                            {"values",
                             {{{"value", "giving_credit"},
                               {"value_name", "giving credit"},
                               {"named", true},
                               {"reflections", 2},
                               {"observations", 1},
                               {"last_observed", "2028-01-21"},
                               {"trend", "first seen on 2028-01-21"}},
                              {{"value", "integrity"},
                               {"value_name", "integrity"},
                               {"named", true},
                               {"reflections", 1},
                               {"observations", 0},
                               {"last_observed", nullptr},
                               {"trend", "reflected on once, not yet observed"}}}},
                            {"summary",
                             "Reflected twice on giving credit and was seen doing it once, most recently "
                             "2028-01-21. Integrity named but not yet observed: pick a situation to "
                             "practise it."},
                            {"why", "The relationship closed on 2028-02-28 (completed: the program ended)."},
                            {"to", {"E1", "M1"}}});
    }

    SECTION("motivate: goals linked to the objectives they serve, progress and achievement recognised") {
        CHECK(run.field_of("goal.aligned", "motivate", "goal_id") ==
              std::vector<std::string>{"g-e1-deals", "g-e2-cloud", "g-e3-churn"});
        // Ana's goal against enterprise-revenue (Sales, priority 1): area networking 20, 1 of
        // 2 skills (negotiation) 15, keywords enterprise, revenue, deal 30 (two count in full),
        // her unit 15, priority 5 = 85. The next best (customer-retention: area 20 + priority
        // 5 = 25) is below 30.
        const auto aligned = run.only("goal.aligned", "motivate", "goal_id", "g-e1-deals");
        CHECK(aligned.payload["to"] == json{"E1", "M1"});
        CHECK(aligned.payload["alignments"] ==
              json{{{"objective", "enterprise-revenue"},
                    {"title", "Grow enterprise revenue 20%"},
                    {"score", 85},
                    {"parts", {{"area", 20}, {"skills", 15}, {"keywords", 30}, {"unit", 15}, {"priority", 5}}},
                    {"because",
                     {"its area 'networking' is one of the objective's areas (+20)",
                      "1 of the 2 skills it needs serves the objective: negotiation (+15)",
                      "its title or measure mentions 'enterprise', 'revenue' and 'deal' (+30)",
                      "the objective belongs to Sales, the mentee's unit (+15)",
                      "it is a priority 1 objective of the organisation (+5)"}}}});
        CHECK_THAT(aligned.payload["why"].get<std::string>(),
                   Catch::StartsWith("'Close two enterprise deals this quarter' serves the organisation's objective "
                                     "'Grow enterprise revenue 20%' (score 85): ") &&
                       Catch::EndsWith("Talking about that link shows Ana why the goal matters beyond their own "
                                       "growth."));
        // Ben's: cloud-platform 20 + 30 + 30 + 15 + 5 = 100; secure-reliable (Engineering):
        // area 20 + unit 15 + priority 2 of 5 x 2/3 = 3: 38.
        const auto ben_aligned = run.only("goal.aligned", "motivate", "goal_id", "g-e2-cloud");
        INFO(ben_aligned.payload.dump(2));
        std::vector<std::string> ben;
        for (const auto& a : ben_aligned.payload["alignments"])
            ben.push_back(a["objective"].get<std::string>() + " " + std::to_string(a["score"].get<int>()));
        CHECK(ben == std::vector<std::string>{"cloud-platform 100", "secure-reliable 38"});

        // 0 -> 30% crosses 25; 0 -> 60% crosses 25 and 50 (one recognition, for 50); Ben's
        // goal is the first achieved in his relationship.
        std::vector<std::string> recognised;
        for (const auto& e : run.events("recognition.given", "motivate"))
            recognised.push_back(e.payload["goal_id"].get<std::string>() + " " +
                                 e.payload["milestone"].get<std::string>() + " " + date_of(e));
        CHECK(recognised == std::vector<std::string>{"g-e1-deals progress_25 2028-01-24",
                                                     "g-e3-churn progress_50 2028-02-03",
                                                     "g-e2-cloud first_goal_achieved 2028-02-07"});
        CHECK(run.only("recognition.given", "motivate", "goal_id", "g-e1-deals").payload ==
              json{{"goal_id", "g-e1-deals"},
                   {"mentee_id", "E1"},
                   {"mentor_id", "M1"},
                   {"relationship_id", "r-M1-E1"},
                   {"milestone", "progress_25"},
                   {"progress", 30},
                   {"goal_title", "Close two enterprise deals this quarter"},
                   {"objective", {{"objective", "enterprise-revenue"}, {"title", "Grow enterprise revenue 20%"}}},
                   {"message",
                    "Great start, Ana! 'Close two enterprise deals this quarter' is at 30%, past the 25% "
                    "mark. Every step also moves the organisation's objective 'Grow enterprise revenue "
                    "20%' forward."},
                   {"why", "progress on 'Close two enterprise deals this quarter' rose from 0% to 30%, past 25%"},
                   {"to", {"E1"}},
                   {"suggested_by", "M1"},
                   {"crossed", {25}}});
        const auto achieved = run.only("recognition.given", "motivate", "goal_id", "g-e2-cloud");
        CHECK(achieved.payload["message"] ==
              "Congratulations, Ben! 'Design the cloud migration of the billing service' is the first goal you have "
              "achieved in your mentoring with Tom (Design approved at the architecture review). It is a real "
              "contribution to 'Move the core platform to the cloud'. Take a moment to notice what made it work: it "
              "will carry the next goal too.");
        CHECK(achieved.payload["to"] == json{"E2"});
        CHECK(achieved.payload["suggested_by"] == "M2");
        // No goal stood still for 6w at a check (Ana's last moved 01-24, Chloe's 02-03) and
        // Ben's only rating (4) is not low: no nudge.
        CHECK(run.events("motivation.nudged", "motivate").empty());
    }

    SECTION("the program closes with an evaluation of what happened") {
        // Held: r-M1-E1 kickoff, /1, /2; r-M2-E2 and r-M3-E3 kickoff, /1: 7. Missed:
        // r-M1-E1 /3; r-M2-E2 and r-M3-E3 /2, /3; r-M3-E4 /1, /2, /3: 8. 7/15 = 0.467.
        const auto closed = run.events("program.closed", "kernel");
        REQUIRE(closed.size() == 1);
        CHECK(date_of(closed[0]) == "2028-02-28");
        CHECK(closed[0].payload == json{{"program", "all-modules-2028"},
                                        {"evaluation",
                                         {{"relationships", 4},
                                          {"completed", 4},
                                          {"closed_early", 0},
                                          {"at_risk_raised", 1},
                                          {"meetings_held", 7},
                                          {"meetings_missed", 8},
                                          {"meeting_adherence", 0.467},
                                          {"checkins", 1},
                                          {"average_rating", 4.0},
                                          {"goals_set", 3},
                                          {"goals_achieved", 1},
                                          {"goal_attainment", 0.333}}}});
        CHECK(run.field_of("relationship.closed", "kernel", "outcome") ==
              std::vector<std::string>{"completed", "completed", "completed", "completed"});
    }
}

TEST_CASE("what a mentee writes in a check-in never leaves the pair", "[integration][counsel]") {
    // Nothing but the check-in itself may carry the comment, nor its words that are no
    // configured phrase ("Zanzibar", "migration started"; "migration" alone is in Ben's goal
    // title): not the flag (for the pair), not the program manager's note, not a notification.
    auto check_confidential = [](program_run& run) {
        std::size_t originals = 0;
        for (const auto& e : run.journal().journal()) {
            const auto text = e.payload.dump();
            if (e.topic == "checkin.submitted" && e.source == "input" &&
                e.payload.value("comment", "") == confidential_comment) {
                ++originals;
                continue;
            }
            INFO("event " << e.id << " " << e.topic << " from " << e.source);
            CHECK(text.find(confidential_comment) == std::string::npos);
            CHECK(text.find("Zanzibar") == std::string::npos);
            CHECK(text.find("migration started") == std::string::npos);
        }
        CHECK(originals == 1);
        // The state projected from the journal: its checkins table keeps each check-in payload
        // whole (the original, as the journal does); no other table has a word of it.
        const auto state = run.journal().snapshot();  // named: items() does not keep a temporary alive
        for (const auto& [table, rows] : state.items()) {
            INFO("table " << table);
            if (table == "checkins") continue;
            CHECK(rows.dump().find("Zanzibar") == std::string::npos);
        }
        REQUIRE(run.events("counsel.flagged", "counsel").size() == 1);
        REQUIRE(run.events("counsel.flag_noted", "counsel").size() == 1);
        return run.events("counsel.flag_noted", "counsel")[0].payload;
    };

    temp_folder dir;
    SECTION("by default the program manager learns only that a flag exists") {
        program_run run{dir.write("program.yaml", program_yaml()), dir / "program.db"};
        play_script(run);
        check_no_failures(run);
        const auto noted = check_confidential(run);
        CHECK(noted["detail_shared"] == false);
        CHECK_FALSE(noted.contains("categories"));
        CHECK_FALSE(noted.contains("evidence"));
        CHECK_FALSE(noted.contains("guide"));
    }
    SECTION("without consent, with_consent still shows no categories") {
        program_run run{dir.write("program.yaml", program_yaml({{"counsel", "{program_manager_sees: with_consent}"}})),
                        dir / "program.db"};
        play_script(run);
        check_no_failures(run);
        const auto noted = check_confidential(run);
        CHECK(noted["detail_shared"] == false);
        CHECK_FALSE(noted.contains("categories"));
    }
    SECTION("with the mentee's consent and with_consent, the categories but still not what was said") {
        program_run run{dir.write("program.yaml", program_yaml({{"counsel", "{program_manager_sees: with_consent}"}})),
                        dir / "program.db"};
        play_script(run, {.consent_first = true});
        check_no_failures(run);
        const auto noted = check_confidential(run);
        CHECK(noted == json{{"flag_id", "r-M2-E2/counsel-1"},
                            {"relationship_id", "r-M2-E2"},
                            {"raised_on", "2028-01-17"},
                            {"to", "program_manager"},
                            {"audience", "program_manager"},
                            {"detail_shared", true},
                            {"categories", {"stress"}},
                            {"why",
                             "A counselling flag was raised in r-M2-E2 on 2028-01-17 and the pair has a "
                             "conversation guide. The participant consented to share its categories; what "
                             "was said stays with the pair."}});
        // The pair is told what the program manager sees.
        CHECK_THAT(
            run.only("counsel.flagged", "counsel", "flag_id", "r-M2-E2/counsel-1").payload["why"].get<std::string>(),
            Catch::EndsWith("the program manager sees that a flag exists and its categories (Ben Okafor "
                            "consented)."));
    }
}

TEST_CASE("switching one module off changes nothing the others publish", "[integration]") {
    // The same script with every module, then with one switched off: every other module
    // publishes the same events (topic, time, payload; ids shift) and the one switched off
    // publishes nothing.
    static const outputs with_all = [] {
        temp_folder dir;
        program_run run{dir.write("program.yaml", program_yaml()), dir / "program.db"};
        play_script(run);
        check_no_failures(run);
        return outputs_by_source(run.journal());
    }();
    for (const auto& module : all_modules) REQUIRE(with_all.contains(module));

    const auto off = GENERATE(from_range(all_modules));
    INFO("switched off: " << off);
    temp_folder dir;
    program_run run{dir.write("program.yaml", program_yaml({{off, "false"}})), dir / "program.db"};
    play_script(run);
    check_no_failures(run);
    auto without = outputs_by_source(run.journal());

    CHECK_FALSE(without.contains(off));
    for (const auto& module : all_modules) {
        if (module == off) continue;
        INFO("module " << module);
        CHECK(without[module] == with_all.at(module));
    }
    CHECK(without["input"] == with_all.at("input"));

    // The kernel's own events too, but for the module list and the plugin that did not
    // start, and the evaluation's count of at-risk alerts, which the relationship module raises.
    auto kernel_events = [&off](std::vector<json> events) {
        std::erase_if(events,
                      [](const json& e) { return e["topic"] == "plugin.started" || e["topic"] == "program.started"; });
        if (off == "relationship")
            for (auto& e : events)
                if (e["topic"] == "program.closed") e["payload"]["evaluation"]["at_risk_raised"] = 0;
        return events;
    };
    CHECK(kernel_events(without["kernel"]) == kernel_events(with_all.at("kernel")));
    if (off == "relationship") {
        const auto closed = std::find_if(without["kernel"].begin(), without["kernel"].end(),
                                         [](const json& e) { return e["topic"] == "program.closed"; });
        REQUIRE(closed != without["kernel"].end());
        CHECK((*closed)["payload"]["evaluation"]["at_risk_raised"] == 0);  // 1 with every module
    }
}

TEST_CASE("a restarted program serves its history from the store to every module", "[integration]") {
    temp_folder dir;
    const auto program = dir.write("program.yaml", program_yaml());
    const auto file = dir / "program.db";
    event_id first_run_last = 0;
    {
        program_run run{program, file};
        open_program(run);
        run.at("2028-01-05", "goal.set", goal_e1());
        check_no_failures(run);
        REQUIRE(run.events("learning.recommended", "teach").size() == 1);
        REQUIRE(run.events("nomination.suggested").empty());
        first_run_last = run.journal().last_event_id();
    }  // the kernel stops, the store closes

    // A new store object on the same file and a new kernel: nobody enrols again.
    program_run run{program, file};
    run.announce_start();                         // already in the store: not again
    run.at("2028-01-06", "goal.set", goal_e1());  // the same goal, ingested twice
    run.at("2028-01-06", "opportunity.posted", renewal_opportunity());
    run.kernel().bus().wait_idle();
    check_no_failures(run);

    std::vector<std::string> second_run_topics;
    for (const auto& e : run.journal().journal(first_run_last)) second_run_topics.push_back(e.topic);
    CHECK(std::count(second_run_topics.begin(), second_run_topics.end(), "participant.enrolled") == 0);
    CHECK(run.events("program.started").size() == 1);

    // Sponsor knows Ana only from the history: her profile, her relationship, her goal at 0%.
    // skill_fit 0.75 (37.5) + goal_fit 2/3 (20) + readiness 0 = 57.5 >= 50.
    const auto nominations = run.events("nomination.suggested", "sponsor");
    REQUIRE(nominations.size() == 1);
    CHECK(nominations[0].id > first_run_last);
    CHECK(nominations[0].payload["mentee_id"] == "E1");
    CHECK(nominations[0].payload["mentee_name"] == "Ana Lima");
    CHECK(nominations[0].payload["mentor_id"] == "M1");
    CHECK(nominations[0].payload["relationship_id"] == "r-M1-E1");
    CHECK(nominations[0].payload["score"] == 57.5);
    CHECK(nominations[0].payload["why"] ==
          "Ana Lima fits 'Negotiation team for the Q1 enterprise renewals': has account management at level 2 of 2, "
          "is short in negotiation at level 1 of 2, is after negotiation (sought skill and goal 'Close two enterprise "
          "deals this quarter') and networking (goal area and goal 'Close two enterprise deals this quarter') and has "
          "0% average progress on 1 goal (0 achieved) (score 57.5).");

    // The repeated goal.set brings nothing a module already said before the restart.
    CHECK(run.events("learning.recommended", "teach").size() == 1);
    CHECK(run.events("experience.prompted", "teach").size() == 2);
    CHECK(run.events("goal.aligned", "motivate").size() == 1);
    CHECK(run.events("introduction.suggested", "sponsor").size() == 1);
    CHECK(run.events("readiness.assessed", "relationship").size() == 8);
    CHECK(run.events("meeting.scheduled", "relationship").size() == 4);  // the four kickoffs, not again
}

namespace {
// The installed plugins as the host finds them, for their manifests.
struct installed_plugins {
    mentorkit::simulated_clock clock{*mentorkit::parse_date("2028-01-03")};
    mentorkit::log_hub logs{"off"};
    mentorkit::in_process_bus bus{mentorkit::bus_options{}, logs.make("bus"), clock};
    mentorkit::timer_service timers{bus, clock, nullptr};
    mentorkit::plugin_host host{bus, clock, logs, timers};
    installed_plugins() { host.discover({std::filesystem::path{RELATIONSHIP_PLUGIN_PATH}.parent_path()}); }
};
}  // namespace

TEST_CASE("every module's manifest says what it consumes and produces, the roster's topics included", "[integration]") {
    installed_plugins manifests;
    for (const auto& lib : manifests.host.libraries()) {
        INFO("plugin " << lib->id);
        CHECK_FALSE(lib->produces.empty());
        // Each module follows a roster (plugin::follow): it consumes every topic the roster folds.
        for (const auto& topic : mentorkit::roster::topics)
            CHECK(std::find(lib->consumes.begin(), lib->consumes.end(), topic) != lib->consumes.end());
    }
    CHECK(manifests.host.libraries().size() == 7);
}
