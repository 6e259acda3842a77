#include "../model_rules.hpp"

#include <mentorkit/testing.hpp>

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

using mentorkit::testing::harness;
using nlohmann::json;

namespace {

// A small catalog whose prompts say which entry and which prompt they are.
const char* const test_catalog = R"(values:
  - id: giving_credit
    name: giving credit
    aliases: [recognition, sharing credit]
    behaviours: [names the people who did the work, thanks colleagues in public]
    reflection_prompts:
      - "G1 {mentee}/{mentor}/{value}"
      - "G2 {value}"
  - id: calm_under_pressure
    name: calm under pressure
    aliases: [composure]
    behaviours: [keeps an even tone in incidents]
    reflection_prompts:
      - "C1 {value}"
      - "C2 {value}"
      - "C3 {value}"
  - id: integrity
    name: integrity
    aliases: [honesty]
    behaviours: [tells the real status]
    reflection_prompts: ["I1 {mentee}"]
)";

mentorkit::duration days(int n) { return {0, std::chrono::days{n}}; }
mentorkit::duration months(int n) { return {n, {}}; }
std::string date_of(const mentorkit::event& e) { return mentorkit::format_date(e.time).substr(0, 10); }

json person(const std::string& id, const std::string& name, std::vector<std::string> values,
            const char* role = "mentee") {
    return {{"id", id}, {"name", name}, {"role", role}, {"values_sought", values}};
}

// A harness with the test catalog, a mentor p-ben (Ben Ode) and a mentee p-ana (Ana Ruiz)
// who seeks `values`, in relationship r-1 started now.
struct pair_fixture {
    explicit pair_fixture(std::vector<std::string> values, std::string config = "") {
        h.with_config(config).with_catalog("values", test_catalog).start();
        h.publish("participant.enrolled", person("p-ben", "Ben Ode", {}, "mentor"));
        h.publish("participant.enrolled", person("p-ana", "Ana Ruiz", std::move(values)));
        h.publish("relationship.started", {{"relationship_id", "r-1"}, {"mentor_id", "p-ben"}, {"mentee_id", "p-ana"}});
    }
    void held(const std::string& meeting, const std::string& rid = "r-1") {
        h.publish("meeting.held", {{"relationship_id", rid}, {"meeting_id", meeting}, {"minutes", 45}});
    }
    std::vector<json> prompts() const {
        std::vector<json> out;
        for (const auto& e : h.events("reflection.prompted")) out.push_back(e.payload);
        return out;
    }
    harness h{MODEL_PLUGIN_PATH};
};

json observed(const std::string& value, const std::string& behaviour, const std::string& by, const std::string& on = "",
              const std::string& rid = "r-1") {
    json p{{"relationship_id", rid},
           {"value", value},
           {"behaviour", behaviour},
           {"observed_by", by},
           {"note", "seen in the incident review"}};
    if (!on.empty()) p["on"] = on;
    return p;
}

mentorkit::config_error start_error(harness& h) {
    try {
        h.start();
    } catch (const mentorkit::config_error& e) {
        return e;
    }
    FAIL("start() did not throw a config_error");
    throw;  // unreachable
}

mentorkit::config_error config_error_of(const std::string& config, const std::string& catalog = test_catalog) {
    harness h{MODEL_PLUGIN_PATH};
    h.with_config(config).with_catalog("values", catalog);
    return start_error(h);
}

}  // namespace

// ---- reflection prompts ----------------------------------------------------------------

TEST_CASE("after each meeting the mentee gets a prompt on the next value in turn", "[model]") {
    pair_fixture f{{"giving credit", "calm under pressure"}};
    for (int n = 1; n <= 5; ++n) f.held("r-1/" + std::to_string(n));
    const auto p = f.prompts();
    REQUIRE(p.size() == 5);
    // Values alternate; each value's prompts are used in turn and start again when used up.
    const std::vector<std::string> values{"giving_credit", "calm_under_pressure", "giving_credit",
                                          "calm_under_pressure", "giving_credit"};
    const std::vector<std::string> texts{"G1 Ana Ruiz/Ben Ode/giving credit", "C1 calm under pressure",
                                         "G2 giving credit", "C2 calm under pressure",
                                         "G1 Ana Ruiz/Ben Ode/giving credit"};
    const std::vector<int> reflection_numbers{1, 1, 2, 2, 3};
    const std::vector<int> prompt_numbers{1, 1, 2, 2, 1};
    for (std::size_t i = 0; i < 5; ++i) {
        INFO("prompt " << i + 1);
        CHECK(p[i]["value"] == values[i]);
        CHECK(p[i]["prompt"] == texts[i]);
        CHECK(p[i]["meeting_id"] == "r-1/" + std::to_string(i + 1));
        CHECK(p[i]["meeting_number"] == i + 1);
        CHECK(p[i]["reflection_number"] == reflection_numbers[i]);
        CHECK(p[i]["prompt_number"] == prompt_numbers[i]);
    }
    CHECK(p[0]["relationship_id"] == "r-1");
    CHECK(p[0]["mentee_id"] == "p-ana");
    CHECK(p[0]["mentor_id"] == "p-ben");
    CHECK(p[0]["to"] == json{"p-ana"});
    CHECK(p[0]["value_name"] == "giving credit");
    CHECK(p[0]["in_catalog"] == true);
    CHECK(p[0]["prompts_for_value"] == 2);
    CHECK(p[0]["behaviours"] == json{"names the people who did the work", "thanks colleagues in public"});
    CHECK(p[1]["behaviours"] == json{"keeps an even tone in incidents"});
    CHECK(p[1]["prompts_for_value"] == 3);
    // The third prompt explains the turn with the counts before it.
    const auto why = p[2]["why"].get<std::string>();
    CHECK_THAT(why, Catch::Contains("Meeting 3 of r-1"));
    CHECK_THAT(why, Catch::Contains("reflections so far: giving credit 1, calm under pressure 1"));
    CHECK_THAT(why, Catch::Contains("Prompt 2 of 2"));
}

TEST_CASE("the mentee is notified with the prompt and the behaviours to watch for", "[model]") {
    pair_fixture f{{"giving credit"}};
    f.held("r-1/1");
    const auto notes = f.h.events("notification.requested");
    REQUIRE(notes.size() == 1);
    const auto& n = notes[0].payload;
    CHECK(notes[0].source == "model");
    CHECK(n["to"] == "p-ana");
    CHECK(n["relationship_id"] == "r-1");
    CHECK(n["meeting_id"] == "r-1/1");
    CHECK(n["value"] == "giving_credit");
    CHECK(n["subject"] == "A question to reflect on: giving credit");
    CHECK(n["body"] ==
          "G1 Ana Ruiz/Ben Ode/giving credit Behaviours to watch for in yourself and in Ben Ode: names "
          "the people who did the work and thanks colleagues in public.");
}

TEST_CASE("placeholders fall back to person ids when a profile has no name", "[model]") {
    harness h{MODEL_PLUGIN_PATH};
    h.with_catalog("values", test_catalog).start();
    h.publish("participant.enrolled", {{"id", "p-7"}, {"values_sought", {"giving credit"}}});
    h.publish("relationship.started", {{"relationship_id", "r-9"}, {"mentor_id", "p-x"}, {"mentee_id", "p-7"}});
    h.publish("meeting.held", {{"relationship_id", "r-9"}, {"meeting_id", "m-1"}});
    REQUIRE(h.events("reflection.prompted").size() == 1);
    CHECK(h.events("reflection.prompted")[0].payload["prompt"] == "G1 p-7/p-x/giving credit");
}

TEST_CASE("every_nth_meeting spaces the prompts out", "[model]") {
    pair_fixture f{{"giving credit", "calm under pressure"}, "every_nth_meeting: 2"};
    f.held("r-1/1");
    CHECK(f.prompts().empty());
    f.held("r-1/2");
    f.held("r-1/3");
    f.held("r-1/4");
    const auto p = f.prompts();
    REQUIRE(p.size() == 2);
    CHECK(p[0]["meeting_id"] == "r-1/2");
    CHECK(p[0]["value"] == "giving_credit");
    CHECK(p[1]["meeting_id"] == "r-1/4");
    CHECK(p[1]["value"] == "calm_under_pressure");
    CHECK(p[1]["meeting_number"] == 4);
}

TEST_CASE("a meeting reported twice is counted and prompted once", "[model]") {
    pair_fixture f{{"giving credit", "calm under pressure"}};
    f.held("r-1/1");
    f.held("r-1/1");
    f.held("r-1/2");
    const auto p = f.prompts();
    REQUIRE(p.size() == 2);
    CHECK(p[1]["value"] == "calm_under_pressure");
    CHECK(p[1]["meeting_number"] == 2);
}

TEST_CASE("names are matched to the catalog by id, name or alias, ignoring case, '-' and '_'", "[model]") {
    // "sharing credit" is giving credit again: it is asked about once.
    pair_fixture f{{"RECOGNITION", "Calm-Under_Pressure", "honesty", "sharing credit", "Integrity"}};
    for (int n = 1; n <= 4; ++n) f.held("r-1/" + std::to_string(n));
    const auto p = f.prompts();
    REQUIRE(p.size() == 4);
    CHECK(p[0]["value"] == "giving_credit");
    CHECK(p[0]["value_name"] == "giving credit");
    CHECK(p[1]["value"] == "calm_under_pressure");
    CHECK(p[2]["value"] == "integrity");
    CHECK(p[2]["prompt"] == "I1 Ana Ruiz");
    CHECK(p[3]["value"] == "giving_credit");
    CHECK_THAT(p[3]["why"].get<std::string>(), Catch::Contains("among the 3 value(s)"));
}

TEST_CASE("a value not in the catalog gets the generic prompts", "[model]") {
    SECTION("the default generic prompts") {
        pair_fixture f{{"  Patience "}};
        f.held("r-1/1");
        f.held("r-1/2");
        const auto p = f.prompts();
        REQUIRE(p.size() == 2);
        CHECK(p[0]["value"] == "patience");
        CHECK(p[0]["value_name"] == "Patience");
        CHECK(p[0]["in_catalog"] == false);
        CHECK(p[0]["behaviours"] == json::array());
        CHECK(p[0]["prompt"] == "What would Patience look like in your work this week, in a way Ben Ode could notice?");
        CHECK(p[1]["prompt"] ==
              "Think of a recent moment where Patience mattered. What did you do, and what would "
              "you do differently?");
        CHECK(p[0]["prompts_for_value"] == 4);
        CHECK_THAT(p[0]["why"].get<std::string>(), Catch::Contains("not in the values catalog"));
        const auto note = f.h.events("notification.requested").at(0).payload;
        CHECK(note["body"] == p[0]["prompt"]);  // no behaviours to list
    }
    SECTION("generic prompts from the settings") {
        pair_fixture f{{"patience"}, "generic_prompts:\n  - \"How did you practise {value}, {mentee}?\"\n"};
        f.held("r-1/1");
        f.held("r-1/2");
        const auto p = f.prompts();
        REQUIRE(p.size() == 2);
        CHECK(p[0]["prompt"] == "How did you practise patience, Ana Ruiz?");
        CHECK(p[1]["prompt"] == "How did you practise patience, Ana Ruiz?");
        CHECK(p[1]["prompt_number"] == 1);
        CHECK(p[1]["reflection_number"] == 2);
    }
}

TEST_CASE("no prompt when the mentee named no values", "[model]") {
    pair_fixture f{{}};
    f.held("r-1/1");
    CHECK(f.prompts().empty());
    CHECK(f.h.emitted().empty());
}

TEST_CASE("values named later join the rotation, and come up first", "[model]") {
    pair_fixture f{{"integrity"}};
    f.held("r-1/1");
    f.h.publish(
        "values.named",
        {{"relationship_id", "r-1"}, {"mentee_id", "p-ana"}, {"values", {"Curiosity", "honesty", "composure"}}});
    for (int n = 2; n <= 5; ++n) f.held("r-1/" + std::to_string(n));
    const auto p = f.prompts();
    REQUIRE(p.size() == 5);
    // integrity has one reflection; the new ones none (honesty is integrity again).
    CHECK(p[0]["value"] == "integrity");
    CHECK(p[1]["value"] == "curiosity");
    CHECK(p[1]["value_name"] == "Curiosity");
    CHECK(p[1]["in_catalog"] == false);
    CHECK(p[2]["value"] == "calm_under_pressure");
    CHECK(p[3]["value"] == "integrity");
    CHECK(p[4]["value"] == "curiosity");
    CHECK(f.h.dead_letters().empty());
}

TEST_CASE("values.named finds the mentee from the relationship and checks they match", "[model]") {
    pair_fixture f{{}};
    f.h.publish("values.named", {{"relationship_id", "r-1"}, {"values", {"integrity"}}});
    f.held("r-1/1");
    REQUIRE(f.prompts().size() == 1);
    CHECK(f.prompts()[0]["value"] == "integrity");

    f.h.publish("values.named", {{"relationship_id", "r-1"}, {"mentee_id", "p-ben"}, {"values", {"curiosity"}}});
    f.h.publish("values.named", {{"mentee_id", "p-ana"}, {"values", "curiosity"}});
    f.h.publish("values.named", {{"mentee_id", "p-ana"}, {"values", {"curiosity", ""}}});
    f.h.publish("values.named", {{"relationship_id", "r-unknown"}, {"values", {"curiosity"}}});
    const auto dead = f.h.dead_letters();
    REQUIRE(dead.size() == 4);
    CHECK(dead[0].subscriber == "model");
    CHECK(dead[0].error == "values.named: relationship r-1 is p-ana's, not p-ben's");
    CHECK(dead[1].error == "values.named needs \"values\" to be a list of non-empty strings, found \"curiosity\"");
    CHECK(dead[2].error ==
          "values.named needs \"values\" to be a list of non-empty strings, found [\"curiosity\",\"\"]");
    CHECK_THAT(dead[3].error, Catch::StartsWith("values.named needs a non-empty string \"mentee_id\""));
    // None of the refused names was taken.
    f.held("r-1/2");
    CHECK(f.prompts().at(1)["value"] == "integrity");
}

TEST_CASE("values named for another mentee do not reach this one", "[model]") {
    pair_fixture f{{"integrity"}};
    f.h.publish("values.named", {{"mentee_id", "p-other"}, {"values", {"composure"}}});
    f.held("r-1/1");
    f.held("r-1/2");
    const auto p = f.prompts();
    REQUIRE(p.size() == 2);
    CHECK(p[1]["value"] == "integrity");
}

TEST_CASE("meetings of inactive or unknown relationships get no prompt", "[model]") {
    pair_fixture f{{"integrity"}};
    f.held("x/1", "r-unknown");
    f.h.publish("relationship.closed", {{"relationship_id", "r-1"}, {"outcome", "closed_early"}, {"reason", "moved"}});
    f.h.clear_events();
    f.held("r-1/1");
    f.h.publish("behaviour.observed", observed("integrity", "told the real status", "p-ben"));
    CHECK(f.h.emitted().empty());
    CHECK(f.h.dead_letters().empty());
}

TEST_CASE("malformed inputs are dead letters, not crashes", "[model]") {
    pair_fixture f{{"integrity"}};
    f.h.publish("meeting.held", {{"meeting_id", "m-1"}});
    f.h.publish("meeting.held", {{"relationship_id", "r-1"}});
    f.h.publish("behaviour.observed", observed("integrity", "told the truth", "p-ben", "last tuesday"));
    f.h.publish("behaviour.observed", {{"relationship_id", "r-1"}, {"value", "integrity"}, {"observed_by", "p-ben"}});
    const auto dead = f.h.dead_letters();
    REQUIRE(dead.size() == 4);
    CHECK(dead[0].error == "meeting.held needs a non-empty string \"relationship_id\" in its payload");
    CHECK(dead[1].error == "meeting.held needs a non-empty string \"meeting_id\" in its payload");
    CHECK(dead[2].error == "behaviour.observed needs \"on\" to be a date as YYYY-MM-DD, found \"last tuesday\"");
    CHECK(dead[3].error == "behaviour.observed needs a non-empty string \"behaviour\" in its payload");
    CHECK(f.prompts().empty());
    CHECK(f.h.events("behaviour.recorded").empty());
}

// ---- observed behaviours ---------------------------------------------------------------

TEST_CASE("observed behaviours are recorded and counted per value", "[model]") {
    pair_fixture f{{"giving credit", "calm under pressure"}};
    f.h.advance(days(16));  // 2027-01-20
    f.h.publish("behaviour.observed", observed("Recognition", "thanked the on-call engineer", "p-ben"));
    f.h.publish("behaviour.observed", observed("giving_credit", "named the team in the demo", "p-carl", "2027-01-18"));
    f.h.publish("behaviour.observed", observed("composure", "kept calm in the outage", "p-ana", "2027-01-19"));
    const auto rec = f.h.events("behaviour.recorded");
    REQUIRE(rec.size() == 3);
    const auto& a = rec[0].payload;
    CHECK(a["relationship_id"] == "r-1");
    CHECK(a["mentee_id"] == "p-ana");
    CHECK(a["mentor_id"] == "p-ben");
    CHECK(a["value"] == "giving_credit");
    CHECK(a["value_name"] == "giving credit");
    CHECK(a["named"] == true);
    CHECK(a["behaviour"] == "thanked the on-call engineer");
    CHECK(a["observed_by"] == "p-ben");
    CHECK(a["observer_role"] == "mentor");
    CHECK(a["on"] == "2027-01-20");  // the event's date when not given
    CHECK(a["note"] == "seen in the incident review");
    CHECK(a["count_for_value"] == 1);
    CHECK(a["to"] == json{"p-ana", "p-ben"});
    CHECK(a["why"] ==
          "Seen by Ben Ode (the mentor) on 2027-01-20: thanked the on-call engineer. Giving credit is one "
          "of the values Ana Ruiz named; this is observation 1 of it.");
    CHECK(rec[1].payload["count_for_value"] == 2);
    CHECK(rec[1].payload["on"] == "2027-01-18");
    CHECK(rec[1].payload["observer_role"] == "other");
    CHECK(rec[2].payload["value"] == "calm_under_pressure");
    CHECK(rec[2].payload["count_for_value"] == 1);
    CHECK(rec[2].payload["observer_role"] == "mentee");
}

TEST_CASE("the same observation reported twice is recorded once", "[model]") {
    pair_fixture f{{"giving credit"}};
    const auto o = observed("giving credit", "thanked the on-call engineer", "p-ben", "2027-01-05");
    f.h.publish("behaviour.observed", o);
    f.h.publish("behaviour.observed", o);
    // Same behaviour written differently on the same day by the same person: still the same.
    f.h.publish("behaviour.observed", observed("Recognition", "Thanked the  on-call engineer ", "p-ben", "2027-01-05"));
    REQUIRE(f.h.events("behaviour.recorded").size() == 1);
    // Another day is another observation.
    f.h.publish("behaviour.observed", observed("giving credit", "thanked the on-call engineer", "p-ben", "2027-01-06"));
    REQUIRE(f.h.events("behaviour.recorded").size() == 2);
    CHECK(f.h.events("behaviour.recorded")[1].payload["count_for_value"] == 2);
}

TEST_CASE("a behaviour of a value the mentee did not name is recorded and flagged", "[model]") {
    pair_fixture f{{"giving credit"}};
    f.h.publish("behaviour.observed", observed("honesty", "flagged the slip early", "p-ben", "2027-01-04"));
    f.h.publish("behaviour.observed", observed("Patience", "waited for the team to finish", "p-ben", "2027-01-04"));
    const auto rec = f.h.events("behaviour.recorded");
    REQUIRE(rec.size() == 2);
    CHECK(rec[0].payload["value"] == "integrity");
    CHECK(rec[0].payload["named"] == false);
    CHECK(rec[0].payload["count_for_value"] == 1);
    CHECK(rec[0].payload["why"] ==
          "Seen by Ben Ode (the mentor) on 2027-01-04: flagged the slip early. Integrity is "
          "not among the values Ana Ruiz named; recorded anyway (observation 1) so the pair "
          "can talk about it.");
    CHECK(rec[1].payload["value"] == "patience");
    CHECK(rec[1].payload["in_catalog"] == false);
    CHECK(rec[1].payload["named"] == false);
}

// ---- growth summaries ------------------------------------------------------------------

TEST_CASE("without a known program end the midpoint summary comes midpoint_after from the start", "[model]") {
    pair_fixture f{{"giving credit", "calm under pressure"}};  // started 2027-01-04
    f.held("r-1/1");
    f.h.publish("behaviour.observed", observed("giving credit", "named the team", "p-ben", "2027-02-01"));
    f.h.advance(days(89));  // 2027-04-03
    CHECK(f.h.events("growth.summarised").empty());
    f.h.advance(days(1));  // 2027-04-04: three months on
    const auto s = f.h.events("growth.summarised");
    REQUIRE(s.size() == 1);
    CHECK(date_of(s[0]) == "2027-04-04");
    const auto& p = s[0].payload;
    CHECK(p["stage"] == "midpoint");
    CHECK(p["relationship_id"] == "r-1");
    CHECK(p["mentee_id"] == "p-ana");
    CHECK(p["mentor_id"] == "p-ben");
    CHECK(p["to"] == json{"p-ana", "p-ben"});
    CHECK(p["since"] == "2027-01-04");
    CHECK(p["as_of"] == "2027-04-04");
    CHECK(p["why"] ==
          "Midpoint of the relationship: 3mo after the relationship's start on 2027-01-04 (the program's "
          "end is not known).");
    REQUIRE(p["values"].size() == 2);
    CHECK(p["values"][0]["value"] == "giving_credit");
    CHECK(p["values"][0]["reflections"] == 1);
    CHECK(p["values"][0]["observations"] == 1);
    CHECK(p["values"][0]["last_observed"] == "2027-02-01");
    CHECK(p["values"][0]["trend"] == "first seen on 2027-02-01");
    CHECK(p["values"][1]["value"] == "calm_under_pressure");
    CHECK(p["values"][1]["reflections"] == 0);
    CHECK(p["values"][1]["last_observed"].is_null());
    CHECK(p["values"][1]["trend"] == "not started: no reflections or observations yet");
    CHECK(p["summary"] ==
          "Reflected once on giving credit and was seen doing it once, most recently 2027-02-01. "
          "Calm under pressure named but not yet observed: pick a situation to practise it.");
    // Both of the pair are told.
    const auto notes = f.h.events("notification.requested");
    REQUIRE(notes.size() == 3);  // the reflection prompt, then the two summaries
    CHECK(notes[1].payload["to"] == "p-ana");
    CHECK(notes[2].payload["to"] == "p-ben");
    CHECK(notes[2].payload["subject"] == "Midpoint review: how Ana Ruiz's values are growing");
    CHECK(notes[2].payload["body"] == p["summary"]);
    // Once only.
    f.h.advance(months(6));
    CHECK(f.h.events("growth.summarised").size() == 1);
}

TEST_CASE("midpoint_after sets the fallback midpoint", "[model]") {
    pair_fixture f{{"integrity"}, "midpoint_after: 6w"};
    f.h.advance(days(41));  // 2027-02-14
    CHECK(f.h.events("growth.summarised").empty());
    f.h.advance(days(1));
    REQUIRE(f.h.events("growth.summarised").size() == 1);
    CHECK(date_of(f.h.events("growth.summarised")[0]) == "2027-02-15");
}

TEST_CASE("with program.started the midpoint is halfway to the program's end", "[model]") {
    harness h{MODEL_PLUGIN_PATH};
    h.with_catalog("values", test_catalog).start();
    h.publish("program.started", {{"program", "eng-2027"},
                                  {"name", "Engineering mentoring 2027"},
                                  {"start", "2027-01-04"},
                                  {"duration", "9mo"},
                                  {"modules", {"model"}}});
    h.publish("participant.enrolled", person("p-ana", "Ana Ruiz", {"integrity"}));
    SECTION("a relationship that starts with the program") {
        // 2027-01-04 to the end on 2027-10-04 is 273 days; halfway is 136.5 days: 2027-05-20.
        h.publish("relationship.started", {{"relationship_id", "r-1"}, {"mentor_id", "p-ben"}, {"mentee_id", "p-ana"}});
        h.advance(days(135));  // 2027-05-19
        CHECK(h.events("growth.summarised").empty());
        h.advance(days(1));
        const auto s = h.events("growth.summarised");
        REQUIRE(s.size() == 1);
        CHECK(date_of(s[0]) == "2027-05-20");
        CHECK(s[0].payload["why"] ==
              "Midpoint of the relationship: halfway between the relationship's start on "
              "2027-01-04 and the program's end on 2027-10-04.");
        CHECK(s[0].payload["summary"] == "Integrity named but not yet observed: pick a situation to practise it.");
    }
    SECTION("a relationship that starts later") {
        h.advance(days(60));  // 2027-03-05; 213 days to the end, halfway after 106.5: 2027-06-19
        h.publish("relationship.started", {{"relationship_id", "r-2"}, {"mentor_id", "p-ben"}, {"mentee_id", "p-ana"}});
        h.advance(days(105));
        CHECK(h.events("growth.summarised").empty());
        h.advance(days(1));
        REQUIRE(h.events("growth.summarised").size() == 1);
        CHECK(date_of(h.events("growth.summarised")[0]) == "2027-06-19");
    }
}

TEST_CASE("program.started after a relationship started moves its midpoint", "[model]") {
    pair_fixture f{{"integrity"}};  // without a program end: due 2027-04-04
    f.h.publish("program.started", {{"program", "eng-2027"},
                                    {"name", "Engineering mentoring 2027"},
                                    {"start", "2027-01-04"},
                                    {"duration", "9mo"},
                                    {"modules", {"model"}}});
    f.h.advance(days(135));  // 2027-05-19: past 2027-04-04, but the timer was replaced
    CHECK(f.h.events("growth.summarised").empty());
    f.h.advance(days(1));
    REQUIRE(f.h.events("growth.summarised").size() == 1);
    CHECK(date_of(f.h.events("growth.summarised")[0]) == "2027-05-20");
}

TEST_CASE("the closing summary counts reflections and observations per value", "[model]") {
    pair_fixture f{{"giving credit", "calm under pressure", "integrity"}};
    for (int n = 1; n <= 4; ++n) f.held("r-1/" + std::to_string(n));  // credit, calm, integrity, credit
    f.h.publish("behaviour.observed", observed("giving credit", "named the team in the demo", "p-ben", "2027-01-20"));
    f.h.publish("behaviour.observed", observed("recognition", "thanked support in public", "p-carl", "2027-03-01"));
    f.h.publish("behaviour.observed", observed("Patience", "let the team finish", "p-ben", "2027-02-02"));
    f.h.advance(days(70));  // 2027-03-15; halfway since the start is 2027-02-08
    f.h.publish("relationship.closed", {{"relationship_id", "r-1"}, {"outcome", "completed"}, {"reason", "goals met"}});

    const auto s = f.h.events("growth.summarised");
    REQUIRE(s.size() == 1);
    const auto& p = s[0].payload;
    CHECK(p["stage"] == "close");
    CHECK(p["as_of"] == "2027-03-15");
    CHECK(p["why"] == "The relationship closed on 2027-03-15 (completed: goals met).");
    const auto& v = p["values"];
    REQUIRE(v.size() == 4);
    CHECK(v[0] == json{{"value", "giving_credit"},
                       {"value_name", "giving credit"},
                       {"named", true},
                       {"reflections", 2},
                       {"observations", 2},
                       {"last_observed", "2027-03-01"},
                       {"trend", "steady: seen twice (1 in the first half of the time so far, 1 in the second)"}});
    CHECK(v[1]["value"] == "calm_under_pressure");
    CHECK(v[1]["reflections"] == 1);
    CHECK(v[1]["observations"] == 0);
    CHECK(v[1]["trend"] == "reflected on once, not yet observed");
    CHECK(v[2]["value"] == "integrity");
    CHECK(v[2]["reflections"] == 1);
    CHECK(v[3]["value"] == "patience");
    CHECK(v[3]["named"] == false);
    CHECK(v[3]["reflections"] == 0);
    CHECK(v[3]["observations"] == 1);
    CHECK(p["summary"] ==
          "Reflected twice on giving credit and was seen doing it twice, most recently 2027-03-01. "
          "Calm under pressure and integrity named but not yet observed: pick a situation to practise "
          "each. Also seen: patience (once), not among the values named; consider naming it.");
    CHECK(f.h.events("notification.requested").back().payload["subject"] ==
          "Closing review: how Ana Ruiz's values are growing");

    // A repeated closure changes nothing, and the midpoint timer is gone.
    f.h.publish("relationship.closed", {{"relationship_id", "r-1"}, {"outcome", "completed"}});
    f.h.advance(months(6));
    CHECK(f.h.events("growth.summarised").size() == 1);
}

TEST_CASE("trends compare the two halves of the time so far", "[model]") {
    pair_fixture f{{"giving credit", "integrity"}};
    // Start 2027-01-04, close 2027-03-15: halfway 2027-02-08.
    f.h.publish("behaviour.observed", observed("giving credit", "a", "p-ben", "2027-01-10"));
    f.h.publish("behaviour.observed", observed("giving credit", "b", "p-ben", "2027-02-20"));
    f.h.publish("behaviour.observed", observed("giving credit", "c", "p-ben", "2027-03-10"));
    f.h.publish("behaviour.observed", observed("integrity", "a", "p-ben", "2027-01-06"));
    f.h.publish("behaviour.observed", observed("integrity", "b", "p-ben", "2027-01-30"));
    f.h.publish("behaviour.observed", observed("integrity", "c", "p-ben", "2027-02-10"));
    f.h.advance(days(70));
    f.h.publish("relationship.closed", {{"relationship_id", "r-1"}, {"outcome", "completed"}});
    const auto v = f.h.events("growth.summarised").at(0).payload["values"];
    CHECK(v[0]["trend"] == "growing: seen 3 times (1 in the first half of the time so far, 2 in the second)");
    CHECK(v[1]["trend"] ==
          "fading: seen 3 times (2 in the first half of the time so far, 1 in the second), less often "
          "lately");
    CHECK(f.h.events("growth.summarised").at(0).payload["summary"] ==
          "Was seen showing giving credit 3 times, most recently 2027-03-10, with no reflection on it yet. Was seen "
          "showing integrity 3 times, most recently 2027-02-10, with no reflection on it yet.");
}

TEST_CASE("a mentee with no values still gets a closing summary that says so", "[model]") {
    pair_fixture f{{}};
    f.h.publish("relationship.closed", {{"relationship_id", "r-1"}, {"outcome", "closed_early"}});
    const auto s = f.h.events("growth.summarised");
    REQUIRE(s.size() == 1);
    CHECK(s[0].payload["values"] == json::array());
    CHECK(s[0].payload["summary"] ==
          "No values named yet: name the values and behaviours to adopt to get reflection "
          "prompts after meetings.");
}

TEST_CASE("closing a relationship that never started publishes nothing", "[model]") {
    pair_fixture f{{"integrity"}};
    f.h.publish("relationship.closed", {{"relationship_id", "r-other"}, {"outcome", "completed"}});
    CHECK(f.h.events("growth.summarised").empty());
}

// ---- restart -------------------------------------------------------------------------

TEST_CASE("a restarted module continues the rotation and the counts", "[model]") {
    std::vector<mentorkit::event> history;
    mentorkit::time_point stopped_at;
    {
        pair_fixture f{{"giving credit", "calm under pressure", "integrity"}};
        f.held("r-1/1");  // giving credit, G1
        f.held("r-1/2");  // calm under pressure, C1
        f.h.publish("behaviour.observed", observed("giving credit", "named the team", "p-ben", "2027-01-10"));
        f.h.advance(days(10));
        history = f.h.events();
        stopped_at = f.h.now();
    }
    harness h{MODEL_PLUGIN_PATH};
    h.with_catalog("values", test_catalog).starting_at(stopped_at);
    for (auto e : history) {
        e.id = 0;
        h.bus().publish(std::move(e));  // the journal of the first run, with its times
    }
    const auto replayed = h.emitted().size();  // the first run's output, source "model"
    h.start();
    CHECK(h.emitted().size() == replayed);  // nothing is sent again on start

    h.publish("meeting.held", {{"relationship_id", "r-1"}, {"meeting_id", "r-1/2"}});  // already counted
    h.publish("meeting.held", {{"relationship_id", "r-1"}, {"meeting_id", "r-1/3"}});
    h.publish("meeting.held", {{"relationship_id", "r-1"}, {"meeting_id", "r-1/4"}});
    const auto p = h.events("reflection.prompted");
    const auto fresh = std::vector<mentorkit::event>(p.end() - 2, p.end());
    REQUIRE(p.size() == 4);  // two replayed, two new
    CHECK(fresh[0].payload["value"] == "integrity");
    CHECK(fresh[0].payload["meeting_number"] == 3);
    CHECK(fresh[1].payload["value"] == "giving_credit");
    CHECK(fresh[1].payload["prompt"] == "G2 giving credit");
    CHECK(fresh[1].payload["reflection_number"] == 2);

    h.publish("behaviour.observed", observed("giving credit", "named the team", "p-ben", "2027-01-10"));  // again
    h.publish("behaviour.observed", observed("giving credit", "thanked support", "p-ben", "2027-01-12"));
    const auto rec = h.events("behaviour.recorded");
    REQUIRE(rec.size() == 2);  // one replayed, one new
    CHECK(rec[1].payload["count_for_value"] == 2);

    // The midpoint timer is set again: 2027-04-04, once.
    h.advance(months(1));
    CHECK(h.events("growth.summarised").empty());
    h.advance(months(3));
    const auto s = h.events("growth.summarised");
    REQUIRE(s.size() == 1);
    CHECK(date_of(s[0]) == "2027-04-04");
    CHECK(s[0].payload["values"][0]["reflections"] == 2);
    CHECK(s[0].payload["values"][0]["observations"] == 2);
}

TEST_CASE("a restart after the midpoint summary does not repeat it", "[model]") {
    std::vector<mentorkit::event> history;
    mentorkit::time_point stopped_at;
    {
        pair_fixture f{{"integrity"}};
        f.h.advance(months(4));
        REQUIRE(f.h.events("growth.summarised").size() == 1);
        history = f.h.events();
        stopped_at = f.h.now();
    }
    harness h{MODEL_PLUGIN_PATH};
    h.with_catalog("values", test_catalog).starting_at(stopped_at);
    for (auto e : history) h.bus().publish(std::move(e));
    const auto replayed = h.emitted().size();
    h.start();
    h.advance(months(3));
    CHECK(h.emitted().size() == replayed);
    h.publish("relationship.closed", {{"relationship_id", "r-1"}, {"outcome", "completed"}});
    const auto out = h.emitted();
    REQUIRE(out.size() == replayed + 3);  // the closing summary and its two notifications
    CHECK(out[replayed].topic == "growth.summarised");
    CHECK(out[replayed].payload["stage"] == "close");
    CHECK(h.events("growth.summarised").size() == 2);  // the replayed midpoint, and the close
}

TEST_CASE("values named before a restart are remembered", "[model]") {
    harness h{MODEL_PLUGIN_PATH};
    h.with_catalog("values", test_catalog);
    h.publish("participant.enrolled", person("p-ana", "Ana Ruiz", {}));
    h.publish("relationship.started", {{"relationship_id", "r-1"}, {"mentor_id", "p-ben"}, {"mentee_id", "p-ana"}});
    h.publish("values.named", {{"mentee_id", "p-ana"}, {"values", {"composure"}}});
    h.start();
    h.publish("meeting.held", {{"relationship_id", "r-1"}, {"meeting_id", "r-1/1"}});
    REQUIRE(h.events("reflection.prompted").size() == 1);
    CHECK(h.events("reflection.prompted")[0].payload["value"] == "calm_under_pressure");
}

// ---- settings and catalog errors -------------------------------------------------------

TEST_CASE("bad settings are refused with their location", "[model]") {
    SECTION("unknown key") {
        const auto e = config_error_of("every_nth_meetings: 2\n");
        CHECK(e.mark().line == 1);
        CHECK(e.message() == "unknown key 'every_nth_meetings'; did you mean 'every_nth_meeting'?");
    }
    SECTION("every_nth_meeting below 1") {
        const auto e = config_error_of("catalog: values\nevery_nth_meeting: 0\n");
        CHECK(e.mark().line == 2);
        CHECK(e.mark().column == 20);
        CHECK(e.message() == "every_nth_meeting must be a whole number of at least 1 (1 is every meeting), found 0");
    }
    SECTION("every_nth_meeting not a number") {
        const auto e = config_error_of("every_nth_meeting: often\n");
        CHECK(e.mark().line == 1);
        CHECK_THAT(e.message(), Catch::StartsWith("expected a whole number"));
    }
    SECTION("midpoint_after zero or not a duration") {
        auto e = config_error_of("midpoint_after: 0d\n");
        CHECK(e.mark().line == 1);
        CHECK(e.message() == "midpoint_after must be longer than 0");
        e = config_error_of("\nmidpoint_after: halfway\n");
        CHECK(e.mark().line == 2);
        CHECK_THAT(e.message(), Catch::StartsWith("expected a duration"));
    }
    SECTION("generic prompts empty or with an unknown placeholder") {
        auto e = config_error_of("generic_prompts: []\n");
        CHECK(e.mark().line == 1);
        CHECK(e.message() == "generic_prompts: needs at least one prompt");
        e = config_error_of("generic_prompts:\n  - \"Fine {value}\"\n  - \"Ask {manager} about {value}\"\n");
        CHECK(e.mark().line == 3);
        CHECK(e.mark().column == 5);
        CHECK(e.message() == "generic_prompts: unknown placeholder '{manager}'; use {mentee}, {mentor} or {value}");
        e = config_error_of("generic_prompts: [\"Ask {mentr}\"]\n");
        CHECK(e.message() == "generic_prompts: unknown placeholder '{mentr}'; did you mean '{mentor}'?");
        e = config_error_of("generic_prompts: [\"Ask {mentor\"]\n");
        CHECK_THAT(e.message(), Catch::Contains("an unclosed '{'"));
    }
    SECTION("a catalog that does not exist") {
        harness h{MODEL_PLUGIN_PATH};
        h.with_config("every_nth_meeting: 1\ncatalog: valeus\n").with_catalog("values", test_catalog);
        const auto e = start_error(h);
        CHECK(e.mark().line == 2);
        CHECK(e.mark().column == 10);
        CHECK_THAT(e.message(), Catch::StartsWith("values catalog 'valeus': no catalog 'valeus'"));
    }
}

TEST_CASE("the catalog setting picks another catalog", "[model]") {
    harness h{MODEL_PLUGIN_PATH};
    h.with_config("catalog: engineering-values")
        .with_catalog("engineering-values", R"(values:
  - id: code_review_kindness
    name: kind code reviews
    behaviours: [explains the why of a review comment]
    reflection_prompts: ["R1 {value}"]
)")
        .start();
    h.publish("participant.enrolled", person("p-ana", "Ana Ruiz", {"Kind code reviews"}));
    h.publish("relationship.started", {{"relationship_id", "r-1"}, {"mentor_id", "p-ben"}, {"mentee_id", "p-ana"}});
    h.publish("meeting.held", {{"relationship_id", "r-1"}, {"meeting_id", "r-1/1"}});
    REQUIRE(h.events("reflection.prompted").size() == 1);
    CHECK(h.events("reflection.prompted")[0].payload["value"] == "code_review_kindness");
    CHECK(h.events("reflection.prompted")[0].payload["prompt"] == "R1 kind code reviews");
}

TEST_CASE("bad catalog entries are refused with their line", "[model]") {
    const std::string head = "values:\n  - id: integrity\n    name: integrity\n";
    SECTION("no behaviours") {
        const auto e = config_error_of("", head + "    reflection_prompts: [\"Why?\"]\n");
        CHECK(e.mark().file == "<catalog values>");
        CHECK(e.mark().line == 2);
        CHECK(e.message() == "this value has no 'behaviours'");
    }
    SECTION("an empty list of behaviours") {
        const auto e = config_error_of("", head + "    behaviours: []\n    reflection_prompts: [\"Why?\"]\n");
        CHECK(e.mark().line == 4);
        CHECK(e.message() == "value 'integrity': list at least one observable behaviour");
    }
    SECTION("a prompt with an unknown placeholder") {
        const auto e = config_error_of("", head +
                                               "    behaviours: [tells the truth]\n    reflection_prompts:\n      - "
                                               "\"Fine\"\n      - \"Ask {boss}\"\n");
        CHECK(e.mark().line == 7);
        CHECK(e.mark().column == 9);
        CHECK(e.message() ==
              "value 'integrity' reflection_prompts: unknown placeholder '{boss}'; use {mentee}, "
              "{mentor} or {value}");
    }
    SECTION("no prompts") {
        const auto e = config_error_of("", head + "    behaviours: [tells the truth]\n");
        CHECK(e.mark().line == 2);
        CHECK(e.message() == "this value has no 'reflection_prompts'");
    }
    SECTION("an alias that names another value") {
        const auto e = config_error_of("", head +
                                               "    aliases: [honesty]\n    behaviours: [tells the truth]\n"
                                               "    reflection_prompts: [\"Why?\"]\n"
                                               "  - id: candour\n    name: candour\n    aliases: [Honesty]\n"
                                               "    behaviours: [says it]\n    reflection_prompts: [\"Why?\"]\n");
        CHECK(e.mark().line == 9);
        CHECK(e.message() ==
              "'Honesty' already names the value 'integrity' (line 4); a name or alias may lead to one "
              "value only");
    }
    SECTION("a bad id") {
        const auto e = config_error_of("", "values:\n  - id: Giving Credit\n    name: giving credit\n");
        CHECK(e.mark().line == 2);
        CHECK(e.message() == "a value id must be lower-case letters, digits, '_' or '-', found 'Giving Credit'");
    }
    SECTION("a misspelt field") {
        const auto e = config_error_of("", head + "    behaviors: [tells the truth]\n");
        CHECK(e.mark().line == 4);
        CHECK(e.message() == "unknown key 'behaviors'; did you mean 'behaviours'?");
    }
    SECTION("no values at all") {
        auto e = config_error_of("", "values: []\n");
        CHECK(e.mark().line == 1);
        CHECK_THAT(e.message(), Catch::StartsWith("'values' must be a list of at least one value"));
        e = config_error_of("", "value:\n  - id: x\n");
        CHECK(e.message() == "unknown key 'value'; did you mean 'values'?");
    }
}

// ---- the shipped catalog ---------------------------------------------------------------

TEST_CASE("the shipped values catalog loads and matches what mentees write", "[model]") {
    harness h{MODEL_PLUGIN_PATH};
    h.with_catalog_dir(MENTORKIT_SOURCE_DIR "/config/catalogs").start();
    h.publish("participant.enrolled", person("p-ben", "Ben Ode", {}, "mentor"));
    h.publish("participant.enrolled",
              person("p-ana", "Ana Ruiz",
                     {"Honesty", "calm under pressure", "Giving credit", "work-life balance", "AI ethics",
                      "speaking up", "Customer obsession", "Disagree and commit"}));
    h.publish("relationship.started", {{"relationship_id", "r-1"}, {"mentor_id", "p-ben"}, {"mentee_id", "p-ana"}});
    for (int n = 1; n <= 8; ++n)
        h.publish("meeting.held", {{"relationship_id", "r-1"}, {"meeting_id", "r-1/" + std::to_string(n)}});
    const auto p = h.events("reflection.prompted");
    REQUIRE(p.size() == 8);
    const std::vector<std::string> ids{"integrity",   "calm_under_pressure", "giving_credit",  "work_life_balance",
                                       "data_ethics", "courage_to_speak_up", "customer_focus", "respectful_challenge"};
    for (std::size_t i = 0; i < ids.size(); ++i) {
        INFO(ids[i]);
        CHECK(p[i].payload["value"] == ids[i]);
        CHECK(p[i].payload["in_catalog"] == true);
        CHECK(p[i].payload["behaviours"].size() >= 3);
        CHECK(p[i].payload["prompt"].get<std::string>().find_first_of("{}") == std::string::npos);
    }
    CHECK(p[0].payload["prompt"] ==
          "When did you last feel pressure to shade the truth a little? What did you do, Ana Ruiz, "
          "and what would Ben Ode have done?");
}

TEST_CASE("every value of the shipped catalog has behaviours and prompts that fill", "[model]") {
    harness h{MODEL_PLUGIN_PATH};
    h.with_catalog_dir(MENTORKIT_SOURCE_DIR "/config/catalogs").start();
    const std::vector<std::string> all{"integrity",           "accountability",
                                       "giving_credit",       "inclusive_leadership",
                                       "calm_under_pressure", "courage_to_speak_up",
                                       "curiosity",           "customer_focus",
                                       "ownership",           "respectful_challenge",
                                       "work_life_balance",   "transparency",
                                       "active_listening",    "openness_to_feedback",
                                       "collaboration",       "developing_others",
                                       "data_ethics",         "humility"};
    h.publish("participant.enrolled", person("p-ana", "Ana Ruiz", all));
    h.publish("relationship.started", {{"relationship_id", "r-1"}, {"mentor_id", "p-ben"}, {"mentee_id", "p-ana"}});
    const auto meetings = all.size() * 3;  // every value three times: each shipped prompt once
    for (std::size_t n = 1; n <= meetings; ++n)
        h.publish("meeting.held", {{"relationship_id", "r-1"}, {"meeting_id", "r-1/" + std::to_string(n)}});
    const auto p = h.events("reflection.prompted");
    REQUIRE(p.size() == meetings);
    std::set<std::string> prompts;
    for (const auto& e : p) {
        INFO(e.payload["value"]);
        CHECK(e.payload["in_catalog"] == true);
        CHECK(e.payload["prompts_for_value"] >= 3);
        const auto text = e.payload["prompt"].get<std::string>();
        CHECK(text.find_first_of("{}") == std::string::npos);
        prompts.insert(text);
    }
    CHECK(prompts.size() == meetings);                     // no prompt twice: three distinct prompts per value
    CHECK(p[all.size()].payload["value"] == "integrity");  // the second round starts again at the top
}

TEST_CASE("the example in docs/modules.md works as described", "[model]") {
    harness h{MODEL_PLUGIN_PATH};
    h.with_config("every_nth_meeting: 2").with_catalog_dir(MENTORKIT_SOURCE_DIR "/config/catalogs").start();
    const std::string rid = "r-E0002-E0107";
    h.publish("participant.enrolled", person("E0107", "Priya Shah", {}));
    h.publish("relationship.started", {{"relationship_id", rid}, {"mentor_id", "E0002"}, {"mentee_id", "E0107"}});
    h.publish("values.named", {{"mentee_id", "E0107"}, {"values", {"giving credit", "Composure"}}});
    h.publish("meeting.held", {{"relationship_id", rid}, {"meeting_id", rid + "/1"}});
    CHECK(h.events("reflection.prompted").empty());
    h.publish("meeting.held", {{"relationship_id", rid}, {"meeting_id", rid + "/2"}});
    const auto p = h.events("reflection.prompted");
    REQUIRE(p.size() == 1);
    CHECK(p[0].payload["prompt"] ==
          "Whose work made your last success possible? Did they hear it from you, and did others hear it too?");
    CHECK(p[0].payload["behaviours"].size() == 4);
    h.publish("behaviour.observed", {{"relationship_id", rid},
                                     {"value", "recognition"},
                                     {"behaviour", "named the on-call engineers in the incident review"},
                                     {"observed_by", "E0002"},
                                     {"on", "2027-02-10"}});
    const auto rec = h.events("behaviour.recorded");
    REQUIRE(rec.size() == 1);
    CHECK(rec[0].payload["value"] == "giving_credit");
    CHECK(rec[0].payload["count_for_value"] == 1);
    CHECK(rec[0].payload["named"] == true);
    CHECK(rec[0].payload["note"] == "");
    h.advance(months(3));
    const auto s = h.events("growth.summarised");
    REQUIRE(s.size() == 1);
    CHECK(s[0].payload["summary"] ==
          "Reflected once on giving credit and was seen doing it once, most recently "
          "2027-02-10. Calm under pressure named but not yet observed: pick a situation to "
          "practise it.");
}

// ---- the rules on their own ------------------------------------------------------------

TEST_CASE("names are normalised for matching", "[model][rules]") {
    using mentorkit::model::normalise;
    CHECK(normalise("  Calm_Under-Pressure ") == "calm under pressure");
    CHECK(normalise("work-life   balance") == "work life balance");
    CHECK(normalise(" - _ ").empty());
}

TEST_CASE("placeholders are checked and filled", "[model][rules]") {
    using mentorkit::model::fill;
    using mentorkit::model::placeholder_problem;
    CHECK_FALSE(placeholder_problem("Ask {mentor} how {mentee} shows {value}"));
    CHECK(placeholder_problem("a } b").value() ==
          "a '}' without its '{'; placeholders are {mentee}, {mentor} and {value}");
    CHECK(placeholder_problem("{value").value() == "an unclosed '{'; placeholders are {mentee}, {mentor} and {value}");
    CHECK(placeholder_problem("{Mentee}").value() == "unknown placeholder '{Mentee}'; did you mean '{mentee}'?");
    CHECK(fill("{mentee} asks {mentor} about {value}, {mentee}!", "Ana", "Ben", "integrity") ==
          "Ana asks Ben about integrity, Ana!");
    CHECK(fill("no placeholders", "Ana", "Ben", "x") == "no placeholders");
}

TEST_CASE("summary words", "[model][rules]") {
    using namespace mentorkit::model;
    CHECK(times(1) == "once");
    CHECK(times(2) == "twice");
    CHECK(times(5) == "5 times");
    value_growth g{"integrity", "integrity", true, 0, {}, {}, 0, 0};
    CHECK(trend(g) == "not started: no reflections or observations yet");
    g.reflections = 3;
    CHECK(trend(g) == "reflected on 3 times, not yet observed");
    CHECK(summary({g}) == "Integrity named but not yet observed: pick a situation to practise it.");
    CHECK(summary({}) ==
          "No values named yet: name the values and behaviours to adopt to get reflection prompts after "
          "meetings.");
}
