#include <mentorkit/testing.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using mentorkit::testing::harness;
using nlohmann::json;

namespace {

// The cohort every test uses:
//   r-1: Maria Lopez (M1) mentors Ana Lima (E1), Sales; Ana's manager Bea Stone (B1) is in
//        Sales Leadership; Ana knows Nia Park (N1) and Tom Reid (N2); goal areas visibility,
//        skills sought public speaking and negotiation; goal g-1 "Lead the quarterly pricing
//        review" (area leadership, needs stakeholder management).
//   r-2: Omar Haddad (M2) mentors Ravi Kumar (E2), Engineering; his manager Ben Ode (B2) is
//        in Engineering too; seeks cloud architecture.
//   r-3: Maria Lopez mentored Chen Wei (E3), Sales; closed.
json person(const std::string& id, const std::string& name, const std::string& role, const std::string& unit,
            const std::string& manager = "", json network = json::array(), json goal_areas = json::array(),
            json skills_sought = json::array()) {
    return {{"id", id},
            {"name", name},
            {"role", role},
            {"org_unit", unit},
            {"manager_id", manager},
            {"network", std::move(network)},
            {"goal_areas", std::move(goal_areas)},
            {"skills_sought", std::move(skills_sought)}};
}

void enrol(harness& h) {
    for (const auto& p :
         {person("M1", "Maria Lopez", "mentor", "Marketing"), person("M2", "Omar Haddad", "mentor", "Finance"),
          person("B1", "Bea Stone", "mentor", "Sales Leadership"), person("B2", "Ben Ode", "mentor", "Engineering"),
          person("N1", "Nia Park", "mentor", "Product & Design"),
          person("N2", "Tom Reid", "mentor", "Customer Success"),
          person("E1", "Ana Lima", "mentee", "Sales", "B1", {"N1", "N2"}, {"visibility"},
                 {"public speaking", "negotiation"}),
          person("E2", "Ravi Kumar", "mentee", "Engineering", "B2", json::array(), {"technical depth"},
                 {"cloud architecture"}),
          person("E3", "Chen Wei", "mentee", "Sales", "B1")})
        h.publish("participant.enrolled", p);
    h.publish("relationship.started", {{"relationship_id", "r-1"}, {"mentor_id", "M1"}, {"mentee_id", "E1"}});
    h.publish("relationship.started", {{"relationship_id", "r-2"}, {"mentor_id", "M2"}, {"mentee_id", "E2"}});
    h.publish("relationship.started", {{"relationship_id", "r-3"}, {"mentor_id", "M1"}, {"mentee_id", "E3"}});
    h.publish("relationship.closed", {{"relationship_id", "r-3"}, {"outcome", "closed_early"}, {"reason", "moved"}});
    h.publish("goal.set", {{"id", "g-1"},
                           {"mentee_id", "E1"},
                           {"relationship_id", "r-1"},
                           {"title", "Lead the quarterly pricing review"},
                           {"area", "leadership"},
                           {"measure", "review presented to the board"},
                           {"target_date", "2027-06-30"},
                           {"skills_needed", {{{"skill", "stakeholder management"}, {"level", 3}}}},
                           {"progress", 0},
                           {"status", "open"}});
}

json signal(const std::string& id, const std::string& kind, const std::string& unit, const std::string& description,
            json people = json::array(), const std::string& observed_on = "2027-01-10") {
    return {{"id", id},
            {"kind", kind},
            {"org_unit", unit},
            {"people", std::move(people)},
            {"description", description},
            {"observed_on", observed_on}};
}

// A started harness with the cohort, `config` as the module's settings.
struct fixture {
    explicit fixture(const std::string& config = "") {
        if (!config.empty()) h.with_config(config);
        h.start();
        enrol(h);
        h.clear_events();
    }
    std::vector<json> alerts() const {
        std::vector<json> out;
        for (const auto& e : h.events("alert.raised")) out.push_back(e.payload);
        return out;
    }
    std::vector<json> notes() const {
        std::vector<json> out;
        for (const auto& e : h.events("notification.requested")) out.push_back(e.payload);
        return out;
    }
    // The one alert the last signal raised.
    json only_alert() const {
        const auto all = alerts();
        REQUIRE(all.size() == 1);
        return all[0];
    }
    harness h{SURVEY_ENVIRONMENT_PLUGIN_PATH};
};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// True when one of the alert's reasoning sentences contains `part`.
bool reasons(const json& alert, const std::string& part) {
    for (const auto& r : alert.at("reasoning"))
        if (contains(r.get<std::string>(), part)) return true;
    return false;
}

std::string config_error_of(const std::string& yaml, int& line, int& column) {
    harness h{SURVEY_ENVIRONMENT_PLUGIN_PATH};
    h.with_config(yaml);
    try {
        h.start();
    } catch (const mentorkit::config_error& e) {
        line = e.mark().line;
        column = e.mark().column;
        return e.message();
    }
    FAIL("no config_error for: " << yaml);
    return {};
}

}  // namespace

// ---- default rules -------------------------------------------------------------------------

TEST_CASE("a rumour in the mentee's unit is a low threat with advice to check the facts", "[survey_environment]") {
    fixture f;
    f.h.publish("signal.observed", signal("s-1", "rumour", "Sales", "Sales may be merged into Customer Success"));
    const auto a = f.only_alert();
    CHECK(a["alert_id"] == "alert/s-1/r-1");
    CHECK(a["signal_id"] == "s-1");
    CHECK(a["to"] == json{"M1"});
    CHECK(a["mentor_id"] == "M1");
    CHECK(a["mentee_id"] == "E1");
    CHECK(a["relationship_id"] == "r-1");
    CHECK(a["class"] == "threat");
    CHECK(a["severity"] == "low");
    CHECK(a["rule"] == "rumour");
    CHECK(a["horizon"] == "2027-02-07");  // 2027-01-10 + 4 weeks
    CHECK(a["relevance"] == 1.0);
    CHECK(a["advice"].get<std::string>().starts_with(
        "Do not act on it; help Ana check the facts with their manager before 2027-02-07"));
    CHECK(a["reasoning"][0] ==
          "Classified as a threat of low severity by the built-in rule 'rumour', on kind 'rumour'.");
    CHECK(reasons(a, "It is in Ana Lima (E1)'s own unit, Sales (+1)."));
    CHECK(reasons(a, "Relevance 1 (alerts from 0.5)."));
    CHECK(reasons(a, "Horizon 2027-02-07: observed on 2027-01-10 plus the rule's 4w."));
    CHECK(a["links"] ==
          json{{{"link", "own_unit"}, {"weight", 1.0}, {"detail", "It is in Ana Lima (E1)'s own unit, Sales (+1)."}}});
    CHECK(a["signal"]["description"] == "Sales may be merged into Customer Success");
    CHECK(a["signal"]["observed_on"] == "2027-01-10");
    CHECK_FALSE(a.contains("updates"));
    CHECK(f.notes().empty());  // low is below notify_from (medium)
    for (const auto& e : f.h.emitted()) CHECK(e.source == "survey_environment");
}

TEST_CASE("an adversary naming the mentee is a high threat, capped, and the mentor is notified",
          "[survey_environment]") {
    fixture f;
    f.h.publish("signal.observed",
                signal("s-2", "adversary", "Finance",
                       "The platform lead opposes Ravi's migration proposal in every review", {"E2"}));
    const auto a = f.only_alert();
    CHECK(a["mentee_id"] == "E2");
    CHECK(a["to"] == json{"M2"});
    CHECK(a["class"] == "threat");
    CHECK(a["severity"] == "high");
    CHECK(a["horizon"] == "2027-01-24");  // + 2 weeks
    CHECK(a["relevance"] == 1.0);
    CHECK(reasons(a, "Ravi Kumar (E2) is named in it (+1)."));
    CHECK(reasons(a, "Severity stays high (the highest) although they are named in it."));
    CHECK(contains(a["advice"], "Talk to Ravi this week"));
    const auto notes = f.notes();
    REQUIRE(notes.size() == 1);
    CHECK(notes[0]["to"] == "M2");
    CHECK(notes[0]["alert_id"] == "alert/s-2/r-2");
    CHECK(a["alert_id"] == "alert/s-2/r-2");
    CHECK(notes[0]["relationship_id"] == "r-2");
    CHECK(notes[0]["mentee_id"] == "E2");
    CHECK(notes[0]["severity"] == "high");
    CHECK(notes[0]["subject"] == "A threat on Ravi's horizon (high): adversary in Finance");
    CHECK(contains(notes[0]["body"], "Observed on 2027-01-10: The platform lead opposes"));
    CHECK(contains(notes[0]["body"], "Horizon: 2027-01-24."));
}

TEST_CASE("assignments are threats when low-visibility or no-win, opportunities when high-visibility or win-win",
          "[survey_environment]") {
    struct example {
        json extra;
        std::string cls, severity, rule;
    };
    const std::vector<example> examples{
        {{{"visibility", "low"}}, "threat", "medium", "low-visibility assignment"},
        {{{"outcome", "no_win"}}, "threat", "medium", "no-win assignment"},
        {{{"visibility", "high"}}, "opportunity", "medium", "high-visibility assignment"},
        {{{"outcome", "win_win"}}, "opportunity", "medium", "win-win assignment"},
        // Both at once: the threat rules come first, and the first matching rule wins.
        {{{"visibility", "high"}, {"outcome", "no_win"}}, "threat", "medium", "no-win assignment"},
        {{{"visibility", "medium"}}, "watch", "low", "fallback"},
    };
    for (const auto& ex : examples) {
        fixture f;
        auto s = signal("s-3", "assignment", "Engineering", "Keep the legacy billing batch alive over the holidays");
        s.update(ex.extra);
        f.h.publish("signal.observed", s);
        const auto a = f.only_alert();
        INFO(ex.extra.dump());
        CHECK(a["mentee_id"] == "E2");
        CHECK(a["class"] == ex.cls);
        CHECK(a["severity"] == ex.severity);
        CHECK(a["rule"] == ex.rule);
        CHECK(a["horizon"] == "2027-02-07");  // every assignment rule (and the fallback) looks 4 weeks ahead
        CHECK(f.notes().size() == (ex.severity == "medium" ? 1u : 0u));
    }
}

TEST_CASE("the first matching assignment rule names what matched", "[survey_environment]") {
    fixture f;
    auto s = signal("s-3", "assignment", "Engineering", "Keep the legacy billing batch alive");
    s["visibility"] = "low";
    f.h.publish("signal.observed", s);
    CHECK(f.only_alert()["reasoning"][0] ==
          "Classified as a threat of medium severity by the built-in rule 'low-visibility assignment', on kind "
          "'assignment', visibility 'low'.");
    CHECK(contains(f.only_alert()["advice"], "help them negotiate visibility"));
}

TEST_CASE("re-organisations and budget changes are medium threats to watch over eight weeks", "[survey_environment]") {
    for (const std::string kind : {"reorganisation", "budget_change", "Budget change"}) {
        fixture f;
        f.h.publish("signal.observed", signal("s-4", kind, "Engineering", "Platform teams are being regrouped"));
        const auto a = f.only_alert();
        INFO(kind);
        CHECK(a["class"] == "threat");
        CHECK(a["severity"] == "medium");
        CHECK(a["rule"] == "reorganisation or budget change");
        CHECK(a["horizon"] == "2027-03-07");  // + 8 weeks
        CHECK(a["advice"].get<std::string>().starts_with("Watch how it unfolds in Engineering until 2027-03-07"));
        CHECK(f.notes().size() == 1);
    }
}

TEST_CASE("an initiative is a medium opportunity", "[survey_environment]") {
    fixture f;
    f.h.publish("signal.observed",
                signal("s-5", "initiative", "Engineering", "A guild for platform reliability starts"));
    const auto a = f.only_alert();
    CHECK(a["class"] == "opportunity");
    CHECK(a["severity"] == "medium");
    CHECK(a["horizon"] == "2027-02-21");  // + 6 weeks
    CHECK(a["reasoning"][0] ==
          "Classified as an opportunity of medium severity by the built-in rule 'initiative', on kind 'initiative'.");
    CHECK(contains(a["advice"], "help them decide before 2027-02-21 whether to volunteer"));
    CHECK(f.notes().at(0)["subject"] == "An opportunity on Ravi's horizon (medium): initiative in Engineering");
}

TEST_CASE("a shortcut mentioned in any signal is an opportunity", "[survey_environment]") {
    fixture f;
    f.h.publish("signal.observed",
                signal("s-6", "process_change", "Engineering", "Pilots may now take shortcuts through design review"));
    const auto a = f.only_alert();
    CHECK(a["class"] == "opportunity");
    CHECK(a["severity"] == "low");
    CHECK(a["rule"] == "shortcut");
    CHECK(reasons(a, "by the built-in rule 'shortcut', on keyword 'shortcut'."));
}

TEST_CASE("an unknown kind that no rule matches is something to watch, of low severity", "[survey_environment]") {
    fixture f;
    f.h.publish("signal.observed", signal("s-7", "merger_talk", "Engineering", "Talks with a competitor"));
    const auto a = f.only_alert();
    CHECK(a["class"] == "watch");
    CHECK(a["severity"] == "low");
    CHECK(a["rule"] == "fallback");
    CHECK(a["horizon"] == "2027-02-07");
    CHECK(a["reasoning"][0] ==
          "No rule matched kind 'merger_talk', so the fallback makes it something to watch of low severity.");
    CHECK(a["advice"] == "Keep an eye on it; mention it to Ravi at your next meeting if it develops.");
}

// ---- rules from the program -----------------------------------------------------------------

TEST_CASE("a program's rules replace the built-in ones", "[survey_environment]") {
    fixture f{
        "rules:\n"
        "  - name: rumours are for watching\n"
        "    match: {kind: [rumour]}\n"
        "    class: watch\n"
        "    severity: medium\n"
        "    horizon: 3w\n"
        "    advice: Ask {mentee} what they heard about {org_unit}, by {horizon}; {mentor} keeps notes.\n"};
    f.h.publish("signal.observed", signal("s-1", "rumour", "Engineering", "Layoffs in platform"));
    auto a = f.only_alert();
    CHECK(a["class"] == "watch");
    CHECK(a["severity"] == "medium");
    CHECK(a["horizon"] == "2027-01-31");  // + 3 weeks
    CHECK(a["rule"] == "rumours are for watching");
    CHECK(a["advice"] == "Ask Ravi what they heard about Engineering, by 2027-01-31; Omar keeps notes.");
    CHECK(a["reasoning"][0] ==
          "Classified as something to watch of medium severity by rule 'rumours are for watching' "
          "(<harness config>:2:5), on kind 'rumour'.");
    // The built-in initiative rule is gone: an initiative falls to the fallback.
    f.h.clear_events();
    f.h.publish("signal.observed", signal("s-5", "initiative", "Engineering", "A guild starts"));
    CHECK(f.only_alert()["class"] == "watch");
    CHECK(f.only_alert()["severity"] == "low");
}

TEST_CASE("extra_rules are tried before the built-in rules, which still apply", "[survey_environment]") {
    fixture f{
        "extra_rules:\n"
        "  - match: {kind: rumour, keywords: [layoffs, 'job cuts']}\n"
        "    class: threat\n"
        "    severity: high\n"
        "    horizon: 1w\n"};
    f.h.publish("signal.observed", signal("s-1", "rumour", "Engineering", "Job cuts planned in platform"));
    auto a = f.only_alert();
    CHECK(a["severity"] == "high");
    CHECK(a["horizon"] == "2027-01-17");
    CHECK(a["rule"] == "modules.survey_environment.extra_rules[0]");
    CHECK(reasons(a, "on kind 'rumour', keyword 'job cuts'."));
    // No default advice text is left empty: a rule without advice gets the class's generic one.
    CHECK(a["advice"].get<std::string>().starts_with("Raise it with Ravi before 2027-01-17"));

    f.h.clear_events();
    f.h.publish("signal.observed", signal("s-8", "rumour", "Engineering", "New office coffee machine"));
    CHECK(f.only_alert()["severity"] == "low");  // the built-in rumour rule
    CHECK(f.only_alert()["rule"] == "rumour");
}

TEST_CASE("the first matching rule wins, in the order written", "[survey_environment]") {
    fixture f{
        "rules:\n"
        "  - match: {kind: [assignment]}\n"
        "    class: opportunity\n"
        "    severity: low\n"
        "  - match: {kind: [assignment], visibility: [low]}\n"
        "    class: threat\n"
        "    severity: high\n"};
    auto s = signal("s-3", "assignment", "Engineering", "Keep the legacy batch alive");
    s["visibility"] = "low";
    f.h.publish("signal.observed", s);
    CHECK(f.only_alert()["class"] == "opportunity");
    CHECK(f.only_alert()["rule"] == "modules.survey_environment.rules[0]");
}

TEST_CASE("a rule matches only when all its criteria do", "[survey_environment]") {
    fixture f{
        "rules:\n"
        "  - match: {kind: [assignment], visibility: [high], outcome: [win_win], keywords: [launch]}\n"
        "    class: opportunity\n"
        "    severity: high\n"
        "fallback: {class: watch, severity: low, horizon: 2w}\n"};
    auto s = signal("s-3", "assignment", "Engineering", "Lead the launch demo");
    s["visibility"] = "high";
    s["outcome"] = "no_win";
    f.h.publish("signal.observed", s);
    CHECK(f.only_alert()["class"] == "watch");
    CHECK(f.only_alert()["horizon"] == "2027-01-24");  // the fallback's own horizon
    f.h.clear_events();
    s["id"] = "s-9";
    s["outcome"] = "win_win";
    f.h.publish("signal.observed", s);
    CHECK(f.only_alert()["class"] == "opportunity");
    CHECK(reasons(f.only_alert(), "on kind 'assignment', visibility 'high', outcome 'win_win', keyword 'launch'."));
}

// ---- links to mentees ------------------------------------------------------------------------

TEST_CASE("a signal in the manager's unit reaches the mentee at the manager's-unit weight", "[survey_environment]") {
    fixture f;
    f.h.publish("signal.observed",
                signal("s-1", "reorganisation", "Sales Leadership", "Regional sales directors merge"));
    const auto a = f.only_alert();
    CHECK(a["mentee_id"] == "E1");
    CHECK(a["relevance"] == 0.6);
    CHECK(a["links"].size() == 1);
    CHECK(reasons(a, "It is in the unit of their manager Bea Stone (B1), Sales Leadership (+0.6)."));
}

TEST_CASE("a manager in the mentee's own unit does not count the unit twice", "[survey_environment]") {
    fixture f;
    f.h.publish("signal.observed", signal("s-1", "reorganisation", "Engineering", "Platform teams regroup"));
    const auto a = f.only_alert();
    CHECK(a["mentee_id"] == "E2");
    CHECK(a["relevance"] == 1.0);
    REQUIRE(a["links"].size() == 1);
    CHECK(a["links"][0]["link"] == "own_unit");
}

TEST_CASE("the manager or the mentor named in a signal links it to the mentee", "[survey_environment]") {
    fixture f;
    f.h.publish("signal.observed", signal("s-1", "rumour", "Marketing", "Bea may leave", {"B1"}));
    auto a = f.only_alert();
    CHECK(a["mentee_id"] == "E1");
    CHECK(a["relevance"] == 0.8);
    CHECK(a["severity"] == "low");  // only the mentee named or their goals raise it
    CHECK(reasons(a, "Their manager Bea Stone (B1) is named in it (+0.8)."));

    f.h.clear_events();
    f.h.publish("signal.observed", signal("s-2", "rumour", "Legal", "Omar may move to Legal", {"M2"}));
    a = f.only_alert();
    CHECK(a["mentee_id"] == "E2");
    CHECK(a["relevance"] == 0.6);
    CHECK(reasons(a, "You, their mentor Omar Haddad (M2), are named in it (+0.6)."));
}

TEST_CASE("the network alone is below the threshold; with a goal it raises an alert that names both",
          "[survey_environment]") {
    fixture f;
    f.h.publish("signal.observed",
                signal("s-1", "initiative", "Legal", "Nia and Tom start a reading club", {"N1", "N2"}));
    CHECK(f.alerts().empty());  // 0.4 < 0.5

    f.h.publish("signal.observed",
                signal("s-2", "initiative", "Legal", "Nia starts a negotiation workshop series", {"N1"}));
    const auto a = f.only_alert();
    CHECK(a["mentee_id"] == "E1");
    CHECK(a["relevance"] == 0.9);
    CHECK(a["severity"] == "high");  // medium, one step up for the goals
    CHECK(reasons(a, "Someone in their network is named in it: Nia Park (N1) (+0.4)."));
    CHECK(reasons(a, "It touches their goals: skill sought 'negotiation' (+0.5)."));
    CHECK(reasons(a, "Severity raised from medium to high because it touches their goals."));
}

TEST_CASE("goal areas, goal titles and the skills goals need all link a signal to the mentee", "[survey_environment]") {
    fixture f;
    f.h.publish("signal.observed",
                signal("s-1", "initiative", "Finance",
                       "Finance wants stakeholder management help for the pricing review; a leadership "
                       "visibility slot at the all-hands"));
    const auto a = f.only_alert();
    CHECK(a["mentee_id"] == "E1");
    CHECK(a["relevance"] == 0.5);  // the goals count once, however many touch
    CHECK(reasons(a,
                  "It touches their goals: goal area 'visibility'; 'leadership', the area of goal 'Lead the "
                  "quarterly pricing review'; 'stakeholder management', a skill goal 'Lead the quarterly pricing "
                  "review' needs; goal 'Lead the quarterly pricing review' (pricing, review) (+0.5)."));
}

TEST_CASE("a signal that touches everything explains every link and sums the weights", "[survey_environment]") {
    fixture f;
    f.h.publish("signal.observed",
                signal("s-1", "rumour", "Sales", "Public speaking coaching to be cut", {"E1", "B1", "M1", "N2"}));
    const auto a = f.only_alert();
    CHECK(a["mentee_id"] == "E1");
    // own unit 1 + named 1 + manager 0.8 + mentor 0.6 + network 0.4 + goals 0.5
    CHECK(a["relevance"] == 4.3);
    std::vector<std::string> kinds;
    for (const auto& l : a["links"]) kinds.push_back(l["link"]);
    CHECK(kinds == std::vector<std::string>{"own_unit", "named", "manager_named", "mentor_named", "network", "goals"});
    CHECK(reasons(a, "own unit, Sales"));
    CHECK(reasons(a, "Ana Lima (E1) is named in it"));
    CHECK(reasons(a, "Their manager Bea Stone (B1)"));
    CHECK(reasons(a, "their mentor Maria Lopez (M1)"));
    CHECK(reasons(a, "Tom Reid (N2)"));
    CHECK(reasons(a, "skill sought 'public speaking'"));
    // Raised once (not twice) for being named and for the goals.
    CHECK(a["severity"] == "medium");
    CHECK(reasons(a, "Severity raised from low to medium because they are named in it."));
    CHECK(f.notes().size() == 1);  // medium reaches notify_from
}

TEST_CASE("one signal can alert several mentors, in relationship order", "[survey_environment]") {
    fixture f;
    f.h.publish("signal.observed", signal("s-1", "budget_change", "Engineering", "Hiring freeze", {"B1"}));
    const auto all = f.alerts();
    REQUIRE(all.size() == 2);
    CHECK(all[0]["relationship_id"] == "r-1");
    CHECK(all[0]["to"] == json{"M1"});
    CHECK(all[1]["relationship_id"] == "r-2");
    CHECK(all[1]["to"] == json{"M2"});
    CHECK(all[0]["alert_id"] != all[1]["alert_id"]);
}

TEST_CASE("untouched mentees and closed relationships get no alert", "[survey_environment]") {
    fixture f;
    // Chen (E3) is in Sales and named, but the relationship r-3 is closed; Ravi is elsewhere.
    f.h.publish("signal.observed", signal("s-1", "adversary", "Sales", "Someone blocks Chen", {"E3"}));
    const auto a = f.only_alert();
    CHECK(a["mentee_id"] == "E1");  // Sales is Ana's unit
    f.h.clear_events();
    f.h.publish("signal.observed", signal("s-2", "initiative", "Legal", "A contracts guild starts"));
    CHECK(f.h.emitted().empty());
}

TEST_CASE("min_relevance sets how close a signal must come", "[survey_environment]") {
    {
        fixture f{"min_relevance: 1.5"};
        f.h.publish("signal.observed", signal("s-1", "rumour", "Sales", "Sales may merge"));
        CHECK(f.alerts().empty());  // 1 < 1.5
        f.h.publish("signal.observed", signal("s-2", "rumour", "Sales", "Ana may move", {"E1"}));
        CHECK(f.only_alert()["relevance"] == 2.0);
        CHECK(reasons(f.only_alert(), "Relevance 2 (alerts from 1.5)."));
    }
    {
        fixture f{"min_relevance: 0.3\nrelevance: {network: 0.35}"};
        f.h.publish("signal.observed", signal("s-1", "initiative", "Legal", "A reading club", {"N1"}));
        CHECK(f.only_alert()["relevance"] == 0.35);
        CHECK(reasons(f.only_alert(), "Nia Park (N1) (+0.35)."));
    }
}

// ---- severity and horizon --------------------------------------------------------------------

TEST_CASE("naming the mentee raises the severity one step and brings a notification", "[survey_environment]") {
    fixture f;
    f.h.publish("signal.observed", signal("s-1", "rumour", "Legal", "Ana may be moved to Legal", {"E1"}));
    const auto a = f.only_alert();
    CHECK(a["severity"] == "medium");
    CHECK(reasons(a, "Severity raised from low to medium because they are named in it."));
    REQUIRE(f.notes().size() == 1);
    CHECK(f.notes()[0]["subject"] == "A threat on Ana's horizon (medium): rumour in Legal");
    CHECK(f.notes()[0]["body"] ==
          "Observed on 2027-01-10: Ana may be moved to Legal\n"
          "Do not act on it; help Ana check the facts with their manager before 2027-02-07, and talk through what it "
          "would mean for their goals if it proved true.\n"
          "Horizon: 2027-02-07. Why: Ana Lima (E1) is named in it (+1). Severity raised from low to medium because "
          "they are named in it. Relevance 1 (alerts from 0.5).");
}

TEST_CASE("notify_from decides which alerts also notify the mentor", "[survey_environment]") {
    fixture f{"notify_from: high"};
    f.h.publish("signal.observed", signal("s-1", "reorganisation", "Engineering", "Regroup"));
    CHECK(f.alerts().size() == 1);
    CHECK(f.notes().empty());
    fixture g{"notify_from: low"};
    g.h.publish("signal.observed", signal("s-1", "rumour", "Engineering", "Gossip"));
    CHECK(g.notes().size() == 1);
}

TEST_CASE("the signal's own horizon wins over the rule's", "[survey_environment]") {
    fixture f;
    auto s = signal("s-1", "reorganisation", "Engineering", "New structure from March");
    s["horizon"] = "2027-03-01";
    f.h.publish("signal.observed", s);
    CHECK(f.only_alert()["horizon"] == "2027-03-01");
    CHECK(reasons(f.only_alert(), "Horizon 2027-03-01: the date the signal gives."));
}

TEST_CASE("without observed_on the horizon counts from the event's date", "[survey_environment]") {
    fixture f;
    auto s = signal("s-1", "rumour", "Engineering", "Gossip");
    s.erase("observed_on");
    f.h.publish("signal.observed", s);  // the harness clock: 2027-01-04
    CHECK(f.only_alert()["horizon"] == "2027-02-01");
    CHECK(f.only_alert()["signal"]["observed_on"] == "2027-01-04");
}

// ---- repeats -------------------------------------------------------------------------------

TEST_CASE("the same signal id twice raises one alert", "[survey_environment]") {
    fixture f;
    const auto s = signal("s-1", "reorganisation", "Engineering", "Regroup");
    f.h.publish("signal.observed", s);
    f.h.publish("signal.observed", s);
    CHECK(f.alerts().size() == 1);
    CHECK(f.notes().size() == 1);
}

TEST_CASE("a similar signal within dedupe_within is a repeat; outside it is news", "[survey_environment]") {
    fixture f;
    f.h.publish("signal.observed",
                signal("s-1", "rumour", "Sales", "Sales may be merged into CS.", json::array(), "2027-01-10"));
    // Another reporter, other punctuation and case, 14 days later: the same rumour.
    f.h.publish("signal.observed",
                signal("s-2", "rumour", "Sales", "sales  MAY be merged into cs", json::array(), "2027-01-24"));
    CHECK(f.alerts().size() == 1);
    // A different description is another signal.
    f.h.publish("signal.observed",
                signal("s-3", "rumour", "Sales", "Sales gets a new VP", json::array(), "2027-01-11"));
    CHECK(f.alerts().size() == 2);
    // 15 days after the last alert of its kind: news again.
    f.h.publish("signal.observed",
                signal("s-4", "rumour", "Sales", "Sales may be merged into CS", json::array(), "2027-01-25"));
    REQUIRE(f.alerts().size() == 3);
    CHECK(f.alerts()[2]["alert_id"] == "alert/s-4/r-1");
    CHECK_FALSE(f.alerts()[2].contains("updates"));
}

TEST_CASE("dedupe_within is a setting", "[survey_environment]") {
    fixture f{"dedupe_within: 30d"};
    f.h.publish("signal.observed", signal("s-1", "rumour", "Sales", "Merger", json::array(), "2027-01-10"));
    f.h.publish("signal.observed", signal("s-2", "rumour", "Sales", "Merger", json::array(), "2027-02-05"));
    CHECK(f.alerts().size() == 1);
    fixture g{"dedupe_within: 0d"};  // only the same id is a repeat
    g.h.publish("signal.observed", signal("s-1", "rumour", "Sales", "Merger", json::array(), "2027-01-10"));
    g.h.publish("signal.observed", signal("s-2", "rumour", "Sales", "Merger", json::array(), "2027-01-10"));
    g.h.publish("signal.observed", signal("s-2", "rumour", "Sales", "Merger", json::array(), "2027-01-10"));
    CHECK(g.alerts().size() == 2);
}

TEST_CASE("a confirmed rumour updates the earlier alert with a higher severity", "[survey_environment]") {
    fixture f;
    f.h.publish("signal.observed", signal("s-1", "rumour", "Sales", "Sales may merge into CS"));
    f.h.publish("signal.observed",
                signal("s-1", "reorganisation", "Sales", "Sales merges into CS", json::array(), "2027-01-20"));
    auto all = f.alerts();
    REQUIRE(all.size() == 2);
    CHECK(all[1]["alert_id"] == "alert/s-1/r-1/2");
    CHECK(all[1]["updates"] == "alert/s-1/r-1");
    CHECK(all[1]["severity"] == "medium");
    CHECK(all[1]["horizon"] == "2027-03-17");  // 2027-01-20 + 8 weeks
    CHECK(reasons(all[1], "Updates alert alert/s-1/r-1: severity up from low to medium."));
    REQUIRE(f.notes().size() == 1);
    CHECK(f.notes()[0]["subject"] == "Update: A threat on Ana's horizon (medium): reorganisation in Sales");
    CHECK(f.notes()[0]["alert_id"] == "alert/s-1/r-1/2");

    // The same again, or anything less severe, adds nothing.
    f.h.publish("signal.observed",
                signal("s-1", "reorganisation", "Sales", "Sales merges into CS", json::array(), "2027-01-21"));
    f.h.publish("signal.observed", signal("s-1", "rumour", "Sales", "Sales may merge into CS"));
    CHECK(f.alerts().size() == 2);
}

TEST_CASE("a similar signal that now names the mentee updates the alert", "[survey_environment]") {
    fixture f;
    f.h.publish("signal.observed", signal("s-1", "rumour", "Sales", "Reshuffle of the sales desks"));
    f.h.publish("signal.observed",
                signal("s-2", "rumour", "Sales", "Reshuffle of the sales desks", {"E1"}, "2027-01-12"));
    const auto all = f.alerts();
    REQUIRE(all.size() == 2);
    CHECK(all[1]["alert_id"] == "alert/s-2/r-1");
    CHECK(all[1]["updates"] == "alert/s-1/r-1");
    CHECK(all[1]["severity"] == "medium");
}

TEST_CASE("after a restart the alerts in the journal still stop repeats", "[survey_environment]") {
    json first;
    {
        fixture f;
        f.h.publish("signal.observed", signal("s-1", "rumour", "Sales", "Sales may merge into CS"));
        first = f.only_alert();
    }
    harness h{SURVEY_ENVIRONMENT_PLUGIN_PATH};
    enrol(h);
    h.publish("alert.raised", first);  // the journal before the restart
    h.start();
    h.clear_events();
    h.publish("signal.observed", signal("s-1", "rumour", "Sales", "Sales may merge into CS"));
    h.publish("signal.observed",
              signal("s-9", "rumour", "Sales", "Sales may merge into CS!", json::array(), "2027-01-15"));
    CHECK(h.events("alert.raised").empty());
    h.publish("signal.observed", signal("s-1", "reorganisation", "Sales", "Sales merges into CS"));
    const auto after = h.events("alert.raised");
    REQUIRE(after.size() == 1);
    CHECK(after[0].payload["updates"] == "alert/s-1/r-1");
    CHECK(after[0].payload["alert_id"] == "alert/s-1/r-1/2");
}

TEST_CASE("the roster before a restart is known too", "[survey_environment]") {
    harness h{SURVEY_ENVIRONMENT_PLUGIN_PATH};
    enrol(h);
    h.start();
    h.publish("signal.observed", signal("s-1", "initiative", "Engineering", "Guild"));
    REQUIRE(h.events("alert.raised").size() == 1);
    CHECK(h.events("alert.raised")[0].payload["mentee_id"] == "E2");
}

// ---- malformed signals ------------------------------------------------------------------------

TEST_CASE("a malformed signal is a dead letter with a clear message", "[survey_environment]") {
    fixture f;
    f.h.publish("signal.observed", {{"id", "s-1"}, {"org_unit", "Sales"}});
    auto bad = signal("s-2", "assignment", "Sales", "x");
    bad["visibility"] = "extreme";
    f.h.publish("signal.observed", bad);
    auto bad_people = signal("s-3", "rumour", "Sales", "x");
    bad_people["people"] = "E1";
    f.h.publish("signal.observed", bad_people);
    auto bad_date = signal("s-4", "rumour", "Sales", "x", json::array(), "next week");
    f.h.publish("signal.observed", bad_date);
    CHECK(f.alerts().empty());
    const auto dead = f.h.dead_letters();
    REQUIRE(dead.size() == 4);
    CHECK(dead[0].subscriber == "survey_environment");
    CHECK(dead[0].error == "signal.observed needs a non-empty string \"kind\" in its payload");
    CHECK(dead[1].error == "signal.observed: \"visibility\" must be low, medium or high, found \"extreme\"");
    CHECK(dead[2].error == "signal.observed needs \"people\" to be a list of non-empty strings, found \"E1\"");
    CHECK(dead[3].error == "signal.observed needs \"observed_on\" to be a date as YYYY-MM-DD, found \"next week\"");
}

// ---- settings --------------------------------------------------------------------------------

TEST_CASE("the defaults need no settings at all", "[survey_environment]") {
    harness h{SURVEY_ENVIRONMENT_PLUGIN_PATH};
    h.with_config("").start();
    enrol(h);
    h.publish("signal.observed", signal("s-1", "initiative", "Engineering", "Guild"));
    CHECK(h.events("alert.raised").size() == 1);
}

TEST_CASE("bad settings are refused with their file, line and column", "[survey_environment]") {
    struct bad {
        std::string yaml;
        int line, column;
        std::string message;
    };
    const std::vector<bad> cases{
        {"rulez: []\n", 1, 1, "unknown key 'rulez'; did you mean 'rules'?"},
        {"relevance:\n  own_unti: 2\n", 2, 3, "unknown key 'own_unti'; did you mean 'own_unit'?"},
        {"relevance: {network: -1}\n", 1, 22, "network must be a number of at least 0, found -1"},
        {"relevance: {goals: lots}\n", 1, 20, "expected a number, found 'lots'"},
        {"min_relevance: -0.5\n", 1, 16, "min_relevance must be a number of at least 0, found -0.5"},
        {"notify_from: urgent\n", 1, 14, "expected one of 'low' 'medium' 'high', found 'urgent'"},
        {"dedupe_within: a fortnight\n", 1, 16, "expected a duration"},
        {"rules: {kind: rumour}\n", 1, 8, "expected a list of rules, each with match, class and severity"},
        {"rules:\n  - match: {kind: [rumour]}\n    class: danger\n    severity: high\n", 3, 12,
         "expected one of 'threat' 'opportunity' 'watch', found 'danger'"},
        {"rules:\n  - match: {kind: [rumour]}\n    class: threat\n    severity: critical\n", 4, 15,
         "expected one of 'low' 'medium' 'high', found 'critical'"},
        {"rules:\n  - match: {kind: [rumour]}\n    class: threat\n    severity: high\n    horizon: soon\n", 5, 14,
         "expected a duration"},
        {"rules:\n  - match: {kind: [rumour]}\n    class: threat\n    severity: high\n    horizon: 0w\n", 5, 14,
         "horizon must be longer than 0"},
        {"rules:\n  - matches: {kind: [rumour]}\n    class: threat\n    severity: high\n", 2, 5,
         "unknown key 'matches'; did you mean 'match'?"},
        {"rules:\n  - match: {kinds: [rumour]}\n    class: threat\n    severity: high\n", 2, 13,
         "unknown key 'kinds'; did you mean 'kind'?"},
        {"rules:\n  - match: {kind: [rumour]}\n    severity: high\n", 2, 5, "missing required key 'class'"},
        {"extra_rules:\n  - class: threat\n    severity: high\n", 2, 5, "missing required key 'match'"},
        {"rules:\n  - match: {kind: []}\n    class: threat\n    severity: high\n", 2, 19,
         "expected at least one signal kind"},
        {"rules:\n  - match: {visibility: [loud]}\n    class: threat\n    severity: high\n", 2, 26,
         "expected one of 'low' 'medium' 'high', found 'loud'"},
        {"extra_rules:\n  - match: {keywords: [shortcut]}\n    class: opportunity\n    severity: low\n"
         "    advice: Tell {mentee} before {deadline}\n",
         5, 13, "unknown placeholder '{deadline}' in advice"},
        {"fallback: {class: maybe}\n", 1, 19, "expected one of 'threat' 'opportunity' 'watch', found 'maybe'"},
        {"fallback: {class: watch, when: later}\n", 1, 26, "unknown key 'when'"},
    };
    for (const auto& c : cases) {
        INFO(c.yaml);
        int line = 0, column = 0;
        const auto message = config_error_of(c.yaml, line, column);
        CHECK(contains(message, c.message));
        CHECK(line == c.line);
        CHECK(column == c.column);
    }
}

TEST_CASE("the error names the config file and position in what()", "[survey_environment]") {
    CHECK_THROWS_WITH(
        harness{SURVEY_ENVIRONMENT_PLUGIN_PATH}
            .with_config("rules:\n  - match: {kind: [rumour]}\n    class: threat\n    severity: severe\n")
            .start(),
        Catch::StartsWith("<harness config>:4:15: expected one of 'low' 'medium' 'high', found 'severe'"));
}

TEST_CASE("the example settings in docs/modules.md load and its layoff rule applies", "[survey_environment]") {
    fixture f{
        "extra_rules:\n"
        "  - name: layoff rumours\n"
        "    match: {kind: rumour, keywords: [layoffs, job cuts]}\n"
        "    class: threat\n"
        "    severity: high\n"
        "    horizon: 2w\n"
        "    advice: \"Talk to {mentee} this week; help them check the facts with their manager before {horizon}.\"\n"};
    f.h.publish("signal.observed", signal("s-1", "rumour", "Sales", "Layoffs expected in Sales"));
    const auto a = f.only_alert();
    CHECK(a["rule"] == "layoff rumours");
    CHECK(a["severity"] == "high");
    CHECK(a["advice"] == "Talk to Ana this week; help them check the facts with their manager before 2027-01-24.");
    CHECK(reasons(a, "by rule 'layoff rumours' (<harness config>:2:5), on kind 'rumour', keyword 'layoffs'."));
}
