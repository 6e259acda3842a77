#include "../counsel_rules.hpp"

#include <mentorkit/config.hpp>
#include <mentorkit/testing.hpp>

#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <string>

using mentorkit::testing::harness;
using nlohmann::json;

namespace {

// Eight guides: one general guide per category, a cued conflict guide, and guides for
// two and three categories (two of them for the same pair, to test catalog order).
const std::string test_catalog = R"(guides:
  - id: g-stress
    title: Stress guide
    for: [stress]
    steps: [Listen first, Map the workload]
    questions: ["What takes your energy?"]
    when_to_refer: Suggest the EAP when it lasts weeks.
    resources: [EAP hotline]
  - id: g-conflict
    title: Conflict guide
    for: [conflict]
    steps: [Find where the friction is]
    questions: ["What happened?"]
    when_to_refer: HR for bullying.
  - id: g-conflict-manager
    title: Manager conflict guide
    for: [conflict]
    steps: [Plan the one-to-one]
    questions: ["What does your manager need?"]
    when_to_refer: HR or the skip-level manager.
    cues: [my manager, my boss]
  - id: g-disengagement
    title: Disengagement guide
    for: [disengagement]
    steps: [Reconnect with goals]
    questions: ["What still matters?"]
    when_to_refer: EAP if the mood stays low.
  - id: g-stress-disengagement
    title: Burnout guide
    for: [stress, disengagement]
    steps: [Slow down]
    questions: ["When did you last rest?"]
    when_to_refer: Refer to the EAP now.
  - id: g-stress-conflict
    title: Pressure guide
    for: [conflict, stress]
    steps: [Both parts]
    questions: ["Which is harder?"]
    when_to_refer: HR and the EAP.
  - id: g-stress-conflict-second
    title: Second pressure guide
    for: [stress, conflict]
    steps: [Never chosen on a tie]
    questions: ["?"]
    when_to_refer: Never.
  - id: g-all
    title: Several signs guide
    for: [stress, conflict, disengagement]
    steps: [Listen, then refer]
    questions: ["Are you safe?"]
    when_to_refer: Always refer.
)";

const mentorkit::duration one_day = *mentorkit::parse_duration("1d");

void enrol(harness& h, const std::string& id, const std::string& name, const std::string& role) {
    h.publish("participant.enrolled", {{"id", id}, {"name", name}, {"role", role}});
}

void start_relationship(harness& h, const std::string& rel = "r-1", const std::string& mentor = "p-mentor",
                        const std::string& mentee = "p-mentee") {
    h.publish("relationship.started", {{"relationship_id", rel}, {"mentor_id", mentor}, {"mentee_id", mentee}});
}

// The usual set-up: Maria mentors Tom in r-1.
void enrol_pair(harness& h) {
    enrol(h, "p-mentor", "Maria Mentor", "mentor");
    enrol(h, "p-mentee", "Tom Mentee", "mentee");
    start_relationship(h);
}

harness& start_with(harness& h, std::string_view config = "") {
    h.with_config(config).with_catalog("conversation-guides", test_catalog).start();
    enrol_pair(h);
    return h;
}

json checkin(int rating, int wellbeing = 0, const std::string& comment = "", const std::string& from = "p-mentee",
             const std::string& rel = "r-1") {
    return {{"relationship_id", rel},
            {"from", from},
            {"rating", rating},
            {"wellbeing", wellbeing},
            {"answers", {{"usefulness", rating}}},
            {"comment", comment}};
}

json checkin_on(const std::string& on, int rating, int wellbeing = 0, const std::string& comment = "") {
    auto c = checkin(rating, wellbeing, comment);
    c["on"] = on;
    return c;
}

std::vector<mentorkit::event> flags(const harness& h) { return h.events("counsel.flagged"); }

json only_flag(const harness& h) {
    const auto f = flags(h);
    REQUIRE(f.size() == 1);
    return f[0].payload;
}

std::vector<std::string> signals_of(const json& flag) {
    std::vector<std::string> out;
    for (const auto& e : flag["evidence"]) out.push_back(e["signal"].get<std::string>());
    return out;
}

std::set<std::string> keys_of(const json& object) {
    std::set<std::string> out;
    for (const auto& [key, value] : object.items()) out.insert(key);
    return out;
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace

// ---- phrase matching (the pure rules) --------------------------------------------------

TEST_CASE("phrases match whole words only, in any letter case", "[counsel][phrases]") {
    using mentorkit::contains_words;
    using mentorkit::counsel::normalize_text;
    auto has = [](std::string_view text, std::string_view phrase) {
        return contains_words(normalize_text(text), normalize_text(phrase));
    };
    CHECK(has("I feel overwhelmed.", "overwhelmed"));
    CHECK(has("OVERWHELMED", "overwhelmed"));
    CHECK(has("Overwhelmed, honestly", "overwhelmed"));
    CHECK(has("(overwhelmed)", "overwhelmed"));
    CHECK(has("I have no time", "no time"));
    CHECK_FALSE(has("no timeline yet", "no time"));
    CHECK_FALSE(has("I play piano time and again", "no time"));
    CHECK_FALSE(has("the unfairness of it", "unfair"));
    CHECK_FALSE(has("a pointlessly long meeting", "pointless"));
    CHECK_FALSE(has("reargument", "argument"));
    CHECK_FALSE(has("arguments_2", "arguments"));
    CHECK_FALSE(has("", "overwhelmed"));
    CHECK_FALSE(has("overwhelmed", ""));
    // The last of several occurrences can be the whole-word one.
    CHECK(has("unfairness, unfairly, unfair", "unfair"));
}

TEST_CASE("apostrophes and spacing do not hide a phrase", "[counsel][phrases]") {
    using mentorkit::contains_words;
    using mentorkit::counsel::normalize_text;
    auto has = [](std::string_view text, std::string_view phrase) {
        return contains_words(normalize_text(text), normalize_text(phrase));
    };
    CHECK(has("I can't cope", "can't cope"));
    CHECK(has("I can\xE2\x80\x99t cope", "can't cope"));  // typographic apostrophe
    CHECK(has("I cant cope", "can't cope"));
    CHECK(has("thinking of\n   leaving", "thinking of leaving"));
    CHECK(has("  Thinking  OF leaving  ", "thinking of leaving"));
    CHECK_FALSE(has("thinking of leavings", "thinking of leaving"));
    // A UTF-8 letter is part of a word: no match inside "toxicité".
    CHECK_FALSE(has("la toxicit\xC3\xA9", "toxic"));
    CHECK(normalize_text("  A  B\tc\xE2\x80\x98 d'E ") == "a b c de");
}

// ---- stress: wellbeing -----------------------------------------------------------------

TEST_CASE("wellbeing at or below 2 is a sign of stress; 3 is not, and 0 means not asked", "[counsel][detect]") {
    harness h{COUNSEL_PLUGIN_PATH};
    start_with(h);
    SECTION("3 is fine") {
        h.publish("checkin.submitted", checkin(4, 3));
        CHECK(flags(h).empty());
    }
    SECTION("0 is not asked") {
        h.publish("checkin.submitted", checkin(4, 0));
        CHECK(flags(h).empty());
    }
    SECTION("2 is a sign of stress") {
        h.publish("checkin.submitted", checkin(4, 2));
        const auto f = only_flag(h);
        CHECK(f["categories"] == json{"stress"});
        REQUIRE(f["evidence"].size() == 1);
        CHECK(f["evidence"][0] ==
              json{{"category", "stress"}, {"signal", "low_wellbeing"}, {"wellbeing", 2}, {"at_or_below", 2}});
        CHECK(contains(f["why"], "wellbeing 2 of 5 (at or below 2)"));
    }
    SECTION("1 as well") {
        h.publish("checkin.submitted", checkin(4, 1));
        CHECK(only_flag(h)["evidence"][0]["wellbeing"] == 1);
    }
}

TEST_CASE("the wellbeing threshold is a setting, and 0 turns it off", "[counsel][detect]") {
    SECTION("at or below 3") {
        harness h{COUNSEL_PLUGIN_PATH};
        start_with(h, "wellbeing_at_or_below: 3\n");
        h.publish("checkin.submitted", checkin(4, 4));
        CHECK(flags(h).empty());
        h.publish("checkin.submitted", checkin(4, 3, "", "p-mentee"));
        CHECK(only_flag(h)["evidence"][0]["at_or_below"] == 3);
    }
    SECTION("off") {
        harness h{COUNSEL_PLUGIN_PATH};
        start_with(h, "wellbeing_at_or_below: 0\n");
        h.publish("checkin.submitted", checkin(4, 1));
        CHECK(flags(h).empty());
    }
}

// ---- conflict: rating drop and very low rating ------------------------------------------

TEST_CASE("a rating that falls by 2 or more since the last check-in is a sign of conflict", "[counsel][detect]") {
    harness h{COUNSEL_PLUGIN_PATH};
    start_with(h);
    SECTION("4 then 2") {
        h.publish("checkin.submitted", checkin_on("2027-01-04", 4));
        h.publish("checkin.submitted", checkin_on("2027-01-18", 2));
        const auto f = only_flag(h);
        CHECK(f["categories"] == json{"conflict"});
        CHECK(f["evidence"][0] == json{{"category", "conflict"},
                                       {"signal", "rating_drop"},
                                       {"rating", 2},
                                       {"previous_rating", 4},
                                       {"drop", 2},
                                       {"drop_at_least", 2}});
        CHECK(f["checkin_on"] == "2027-01-18");
        CHECK(contains(f["why"], "rating fell from 4 to 2 (a drop of 2; flagged at 2 or more)"));
    }
    SECTION("4 then 3 is a drop of 1 only") {
        h.publish("checkin.submitted", checkin_on("2027-01-04", 4));
        h.publish("checkin.submitted", checkin_on("2027-01-18", 3));
        CHECK(flags(h).empty());
    }
    SECTION("the comparison is with the previous check-in, not the best one") {
        h.publish("checkin.submitted", checkin_on("2027-01-04", 5));
        h.publish("checkin.submitted", checkin_on("2027-01-11", 4));
        h.publish("checkin.submitted", checkin_on("2027-01-18", 3));
        CHECK(flags(h).empty());
    }
    SECTION("a first check-in of 2 has nothing to fall from") {
        h.publish("checkin.submitted", checkin_on("2027-01-04", 2));
        CHECK(flags(h).empty());
    }
    SECTION("ratings are per person: the mentor's 5 is not the mentee's previous rating") {
        h.publish("checkin.submitted", checkin(5, 0, "", "p-mentor"));
        h.publish("checkin.submitted", checkin_on("2027-01-18", 3));
        CHECK(flags(h).empty());
    }
    SECTION("check-ins and feedback are one stream per person") {
        h.publish("feedback.given", checkin_on("2027-01-04", 5));
        h.publish("checkin.submitted", checkin_on("2027-01-18", 3));
        CHECK(only_flag(h)["evidence"][0]["previous_rating"] == 5);
    }
}

TEST_CASE("a rating of 1 is a sign of conflict on its own; 2 is not", "[counsel][detect]") {
    harness h{COUNSEL_PLUGIN_PATH};
    start_with(h);
    SECTION("1") {
        h.publish("checkin.submitted", checkin(1));
        const auto f = only_flag(h);
        CHECK(f["categories"] == json{"conflict"});
        CHECK(f["evidence"][0] ==
              json{{"category", "conflict"}, {"signal", "very_low_rating"}, {"rating", 1}, {"at_or_below", 1}});
    }
    SECTION("2") {
        h.publish("checkin.submitted", checkin(2));
        CHECK(flags(h).empty());
    }
    SECTION("5 to 1 shows both signs, one category") {
        h.publish("checkin.submitted", checkin_on("2027-01-04", 5));
        h.publish("checkin.submitted", checkin_on("2027-01-18", 1));
        const auto f = only_flag(h);
        CHECK(f["categories"] == json{"conflict"});
        CHECK(signals_of(f) == std::vector<std::string>{"rating_drop", "very_low_rating"});
        CHECK(f["evidence"][0]["drop"] == 4);
    }
}

TEST_CASE("rating thresholds are settings", "[counsel][detect]") {
    SECTION("rating_drop: 3") {
        harness h{COUNSEL_PLUGIN_PATH};
        start_with(h, "rating_drop: 3\n");
        h.publish("checkin.submitted", checkin_on("2027-01-04", 5));
        h.publish("checkin.submitted", checkin_on("2027-01-11", 3));
        CHECK(flags(h).empty());
        h.publish("checkin.submitted", checkin_on("2027-01-18", 5));
        h.publish("checkin.submitted", checkin_on("2027-01-25", 2));
        CHECK(only_flag(h)["evidence"][0]["drop_at_least"] == 3);
    }
    SECTION("rating_at_or_below: 2") {
        harness h{COUNSEL_PLUGIN_PATH};
        start_with(h, "rating_at_or_below: 2\n");
        h.publish("checkin.submitted", checkin(2));
        CHECK(only_flag(h)["evidence"][0]["signal"] == "very_low_rating");
    }
    SECTION("both off") {
        harness h{COUNSEL_PLUGIN_PATH};
        start_with(h, "rating_drop: 0\nrating_at_or_below: 0\n");
        h.publish("checkin.submitted", checkin_on("2027-01-04", 5));
        h.publish("checkin.submitted", checkin_on("2027-01-18", 1));
        CHECK(flags(h).empty());
    }
}

// ---- disengagement: repeated low ratings ------------------------------------------------

TEST_CASE("three low ratings in a row are a sign of disengagement", "[counsel][detect]") {
    harness h{COUNSEL_PLUGIN_PATH};
    start_with(h);
    SECTION("2, 2, 2") {
        h.publish("checkin.submitted", checkin_on("2027-01-04", 2));
        h.publish("checkin.submitted", checkin_on("2027-01-11", 2));
        CHECK(flags(h).empty());
        h.publish("checkin.submitted", checkin_on("2027-01-18", 2));
        const auto f = only_flag(h);
        CHECK(f["categories"] == json{"disengagement"});
        CHECK(f["evidence"][0] == json{{"category", "disengagement"},
                                       {"signal", "repeated_low_ratings"},
                                       {"ratings", {2, 2, 2}},
                                       {"at_or_below", 2},
                                       {"in_a_row", 3}});
        CHECK(contains(f["why"], "the last 3 ratings were 2, 2, 2 (all at or below 2)"));
    }
    SECTION("2, 3, 2 is not a run") {
        h.publish("checkin.submitted", checkin_on("2027-01-04", 2));
        h.publish("checkin.submitted", checkin_on("2027-01-11", 3));
        h.publish("checkin.submitted", checkin_on("2027-01-18", 2));
        CHECK(flags(h).empty());
    }
    SECTION("only the last three count") {
        h.publish("checkin.submitted", checkin_on("2027-01-04", 3));
        h.publish("checkin.submitted", checkin_on("2027-01-11", 2));
        h.publish("checkin.submitted", checkin_on("2027-01-18", 2));
        CHECK(flags(h).empty());
        h.publish("checkin.submitted", checkin_on("2027-01-25", 2));
        CHECK(only_flag(h)["evidence"][0]["ratings"] == json{2, 2, 2});
    }
    SECTION("the same day twice is one check-in (a resubmission replaces the first)") {
        h.publish("checkin.submitted", checkin_on("2027-01-04", 2));
        h.publish("checkin.submitted", checkin_on("2027-01-11", 2));
        h.publish("checkin.submitted", checkin_on("2027-01-11", 2));
        CHECK(flags(h).empty());
    }
}

TEST_CASE("a check-in without a rating is heard for its words and breaks no run of ratings", "[counsel][detect]") {
    harness h{COUNSEL_PLUGIN_PATH};
    start_with(h);
    auto unrated = checkin_on("2027-01-11", 0, 0, "I am completely overwhelmed");
    unrated.erase("rating");
    h.publish("checkin.submitted", checkin_on("2027-01-04", 2));
    h.publish("feedback.given", unrated);  // words only, as feedback often is
    CHECK(h.dead_letters().empty());
    const auto f = only_flag(h);
    CHECK(f["categories"] == json{"stress"});  // no "very low rating" read into a missing one
    CHECK(signals_of(f) == std::vector<std::string>{"phrase"});
    // The unrated one is not a rating: the two rated ones after it complete a run of three.
    h.publish("checkin.submitted", checkin_on("2027-01-18", 2));
    CHECK(flags(h).size() == 1);
    h.publish("checkin.submitted", checkin_on("2027-01-25", 2));
    REQUIRE(flags(h).size() == 2);
    CHECK(flags(h)[1].payload["evidence"][0]["ratings"] == json{2, 2, 2});
}

TEST_CASE("the run length and what counts as low are settings", "[counsel][detect]") {
    SECTION("two ratings of 3 or less") {
        harness h{COUNSEL_PLUGIN_PATH};
        start_with(h, "low_ratings_in_a_row: 2\nlow_rating_at_or_below: 3\n");
        h.publish("checkin.submitted", checkin_on("2027-01-04", 3));
        CHECK(flags(h).empty());
        h.publish("checkin.submitted", checkin_on("2027-01-11", 3));
        CHECK(only_flag(h)["evidence"][0]["ratings"] == json{3, 3});
    }
    SECTION("off") {
        harness h{COUNSEL_PLUGIN_PATH};
        start_with(h, "low_ratings_in_a_row: 0\n");
        for (auto on : {"2027-01-04", "2027-01-11", "2027-01-18", "2027-01-25"})
            h.publish("checkin.submitted", checkin_on(on, 2));
        CHECK(flags(h).empty());
    }
}

// ---- phrases in the comment ------------------------------------------------------------

TEST_CASE("default phrases in the comment signal each category, whatever the letter case", "[counsel][detect]") {
    harness h{COUNSEL_PLUGIN_PATH};
    start_with(h);
    SECTION("stress") {
        h.publish("checkin.submitted", checkin(4, 0, "Honestly I am OVERWHELMED by the release."));
        const auto f = only_flag(h);
        CHECK(f["categories"] == json{"stress"});
        CHECK(f["evidence"][0] == json{{"category", "stress"}, {"signal", "phrase"}, {"phrase", "overwhelmed"}});
        CHECK(contains(f["why"], "mentioned 'overwhelmed'"));
    }
    SECTION("conflict") {
        h.publish("checkin.submitted", checkin(4, 0, "We had an Argument in the stand-up."));
        CHECK(only_flag(h)["evidence"][0]["phrase"] == "argument");
    }
    SECTION("disengagement") {
        h.publish("checkin.submitted", checkin(4, 0, "I'm Thinking of leaving."));
        CHECK(only_flag(h)["categories"] == json{"disengagement"});
    }
    SECTION("a curly apostrophe matches the configured can't cope, and evidence names the configured phrase") {
        h.publish("checkin.submitted", checkin(4, 0, "I can\xE2\x80\x99t cope with this"));
        CHECK(only_flag(h)["evidence"][0]["phrase"] == "can't cope");
    }
    SECTION("no match inside another word") {
        h.publish("checkin.submitted",
                  checkin(4, 0, "The unfairness debate was a reargument; no timeline yet; exhaustedly happy."));
        CHECK(flags(h).empty());
    }
    SECTION("every phrase found is evidence, once") {
        h.publish("checkin.submitted", checkin(4, 0, "Exhausted. Overwhelmed. Overwhelmed again."));
        const auto f = only_flag(h);
        REQUIRE(f["evidence"].size() == 2);
        // In the configured order of the stress phrases: overwhelmed comes before exhausted.
        CHECK(f["evidence"][0]["phrase"] == "overwhelmed");
        CHECK(f["evidence"][1]["phrase"] == "exhausted");
    }
}

TEST_CASE("configured phrases replace a category's defaults and leave the others", "[counsel][detect]") {
    harness h{COUNSEL_PLUGIN_PATH};
    start_with(h, "phrases:\n  stress: [snowed under, Running on Empty]\n  disengagement: []\n");
    SECTION("the new stress phrases") {
        h.publish("checkin.submitted", checkin(4, 0, "I am running on empty"));
        CHECK(only_flag(h)["evidence"][0]["phrase"] == "Running on Empty");
    }
    SECTION("the stress defaults are gone") {
        h.publish("checkin.submitted", checkin(4, 0, "overwhelmed"));
        CHECK(flags(h).empty());
    }
    SECTION("conflict keeps its defaults") {
        h.publish("checkin.submitted", checkin(4, 0, "the team is toxic"));
        CHECK(only_flag(h)["categories"] == json{"conflict"});
    }
    SECTION("an empty list turns a category's phrases off") {
        h.publish("checkin.submitted", checkin(4, 0, "it is pointless"));
        CHECK(flags(h).empty());
    }
}

TEST_CASE("signs of several categories make one flag, categories in a fixed order", "[counsel][detect]") {
    harness h{COUNSEL_PLUGIN_PATH};
    start_with(h);
    h.publish("checkin.submitted", checkin_on("2027-01-04", 4));
    h.publish("checkin.submitted", checkin_on("2027-01-18", 2, 2, "It all feels pointless."));
    const auto f = only_flag(h);
    CHECK(f["categories"] == json{"stress", "conflict", "disengagement"});
    CHECK(signals_of(f) == std::vector<std::string>{"low_wellbeing", "rating_drop", "phrase"});
}

// ---- guide choice ----------------------------------------------------------------------

TEST_CASE("the guide covering most detected categories is chosen, ties by catalog order", "[counsel][guide]") {
    harness h{COUNSEL_PLUGIN_PATH};
    start_with(h);
    SECTION("stress alone: the first stress guide") {
        h.publish("checkin.submitted", checkin(4, 2));
        const auto g = only_flag(h)["guide"];
        CHECK(g["id"] == "g-stress");
        CHECK(g["title"] == "Stress guide");
        CHECK(g["steps"] == json{"Listen first", "Map the workload"});
        CHECK(g["questions"] == json{"What takes your energy?"});
        CHECK(g["when_to_refer"] == "Suggest the EAP when it lasts weeks.");
        CHECK(g["resources"] == json{"EAP hotline"});
        CHECK(contains(only_flag(h)["why"], "Guide 'Stress guide' covers stress (1 of 1)"));
    }
    SECTION("stress and disengagement: the guide for both") {
        h.publish("checkin.submitted", checkin(4, 2, "what is the point, it is pointless"));
        CHECK(only_flag(h)["guide"]["id"] == "g-stress-disengagement");
    }
    SECTION("stress and conflict: two guides cover both, the earlier wins") {
        h.publish("checkin.submitted", checkin(1, 2));
        CHECK(only_flag(h)["guide"]["id"] == "g-stress-conflict");
    }
    SECTION("all three: the guide for all three") {
        h.publish("checkin.submitted", checkin(1, 2, "pointless"));
        const auto f = only_flag(h);
        CHECK(f["guide"]["id"] == "g-all");
        CHECK(contains(f["why"], "covers stress, conflict and disengagement (3 of 3)"));
    }
    SECTION("conflict alone: the first conflict guide") {
        h.publish("checkin.submitted", checkin(1));
        CHECK(only_flag(h)["guide"]["id"] == "g-conflict");
        CHECK(only_flag(h)["guide"]["matched_cues"] == json::array());
    }
    SECTION("among equals, a guide whose cues are in the comment comes first") {
        h.publish("checkin.submitted", checkin(4, 0, "My Boss and I had an argument"));
        const auto f = only_flag(h);
        CHECK(f["guide"]["id"] == "g-conflict-manager");
        CHECK(f["guide"]["matched_cues"] == json{"my boss"});
        CHECK(contains(f["why"], "fits what was said ('my boss')"));
    }
}

TEST_CASE("cues never beat wider coverage", "[counsel][guide]") {
    using namespace mentorkit::counsel;
    std::vector<guide> guides(2);
    guides[0].id = "wide";
    guides[0].for_categories = {0, 1};
    guides[1].id = "cued";
    guides[1].for_categories = {1};
    guides[1].cues = {make_phrase("my manager")};
    const auto text = normalize_text("my manager");
    CHECK(choose_guide(guides, {0, 1}, text).chosen->id == "wide");
    CHECK(choose_guide(guides, {1}, text).chosen->id == "cued");
    CHECK(choose_guide(guides, {1}, "").chosen->id == "wide");
    CHECK(choose_guide(guides, {2}, text).chosen == nullptr);
}

// ---- who is counselled -----------------------------------------------------------------

TEST_CASE("only active relationships are counselled", "[counsel]") {
    harness h{COUNSEL_PLUGIN_PATH};
    start_with(h);
    SECTION("closed") {
        h.publish("relationship.closed",
                  {{"relationship_id", "r-1"}, {"outcome", "closed_early"}, {"reason", "moved"}});
        h.publish("checkin.submitted", checkin(1, 1, "overwhelmed"));
    }
    SECTION("unknown") { h.publish("checkin.submitted", checkin(1, 1, "overwhelmed", "p-mentee", "r-unknown")); }
    SECTION("someone outside the pair") { h.publish("checkin.submitted", checkin(1, 1, "overwhelmed", "p-stranger")); }
    CHECK(h.emitted().empty());
}

TEST_CASE("by default only the mentee's check-ins are counselled", "[counsel]") {
    harness h{COUNSEL_PLUGIN_PATH};
    start_with(h);
    h.publish("checkin.submitted", checkin(1, 1, "overwhelmed", "p-mentor"));
    CHECK(h.emitted().empty());
}

TEST_CASE("with from: both a mentor's own check-in is counselled, for the mentor only", "[counsel]") {
    harness h{COUNSEL_PLUGIN_PATH};
    start_with(h, "from: both\n");
    h.publish("checkin.submitted", checkin(4, 2, "", "p-mentor"));
    const auto f = only_flag(h);
    CHECK(f["subject_id"] == "p-mentor");
    CHECK(f["to"] == json{"p-mentor"});
    CHECK(contains(f["why"], "Maria Mentor (mentor)'s check-in"));
    const auto notes = h.events("notification.requested");
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].payload["to"] == "p-mentor");
    CHECK(notes[0].payload["subject"] == "Looking after yourself");
    // The mentee's own check-ins are still counselled, with their own cooldown.
    h.publish("checkin.submitted", checkin(4, 2));
    REQUIRE(flags(h).size() == 2);
    CHECK(flags(h)[1].payload["subject_id"] == "p-mentee");
}

// ---- the flag --------------------------------------------------------------------------

TEST_CASE("a flag names the pair, the ids and the reasons", "[counsel]") {
    harness h{COUNSEL_PLUGIN_PATH};
    start_with(h);
    h.publish("checkin.submitted", checkin(4, 2, "overwhelmed"));
    const auto e = flags(h).at(0);
    CHECK(e.source == "counsel");
    const auto& f = e.payload;
    CHECK(f["flag_id"] == "r-1/counsel-1");
    CHECK(f["relationship_id"] == "r-1");
    CHECK(f["mentor_id"] == "p-mentor");
    CHECK(f["mentee_id"] == "p-mentee");
    CHECK(f["subject_id"] == "p-mentee");
    CHECK(f["raised_on"] == "2027-01-04");
    CHECK(f["checkin_on"] == "2027-01-04");
    CHECK(f["cooldown_until"] == "2027-01-18");
    CHECK(f["why"] ==
          "Tom Mentee (mentee)'s check-in of 2027-01-04 shows signs of stress (wellbeing 2 of 5 (at or below 2); "
          "mentioned 'overwhelmed'). Guide 'Stress guide' covers stress (1 of 1). Shared with Maria Mentor and Tom "
          "Mentee only; the program manager sees only that a flag exists.");
}

TEST_CASE("the mentor is asked to offer the conversation, the mentee is told it is there", "[counsel]") {
    harness h{COUNSEL_PLUGIN_PATH};
    start_with(h);
    h.publish("checkin.submitted", checkin(4, 2));
    const auto notes = h.events("notification.requested");
    REQUIRE(notes.size() == 2);
    const auto& mentor = notes[0].payload;
    CHECK(mentor["to"] == "p-mentor");
    CHECK(mentor["relationship_id"] == "r-1");
    CHECK(mentor["flag_id"] == "r-1/counsel-1");
    CHECK(mentor["guide_id"] == "g-stress");
    CHECK(mentor["subject"] == "A conversation to offer Tom Mentee");
    CHECK(mentor["body"] ==
          "Tom Mentee's check-in of 2027-01-04 shows signs of stress (wellbeing 2 of 5 (at or below 2)). Suggested "
          "conversation guide: 'Stress guide'. Start with: Listen first. When to bring in more help: Suggest the EAP "
          "when it lasts weeks. This stays between you and Tom Mentee.");
    const auto& mentee = notes[1].payload;
    CHECK(mentee["to"] == "p-mentee");
    CHECK(mentee["subject"] == "Your mentor is here to talk");
    CHECK(contains(mentee["body"], "Maria Mentor has a conversation guide, 'Stress guide'"));
    CHECK(contains(mentee["body"], "the program manager sees only that a conversation was suggested."));
    CHECK(contains(mentee["body"], "Support you can use: EAP hotline."));
}

// ---- confidentiality -------------------------------------------------------------------

TEST_CASE("a flag is addressed to the pair, and notifications go to the pair only", "[counsel][confidentiality]") {
    harness h{COUNSEL_PLUGIN_PATH};
    start_with(h);
    h.publish("checkin.submitted", checkin(1, 1, "overwhelmed and it is pointless"));
    const auto f = only_flag(h);
    CHECK(f["to"] == json{"p-mentor", "p-mentee"});
    CHECK(f["audience"] == "pair");
    for (const auto& n : h.events("notification.requested")) {
        CHECK(n.payload["to"] != "program_manager");
        CHECK((n.payload["to"] == "p-mentor" || n.payload["to"] == "p-mentee"));
    }
    CHECK(h.events("notification.requested").size() == 2);
}

TEST_CASE("with notify_mentee: false the flag and the notification go to the mentor only",
          "[counsel][confidentiality]") {
    harness h{COUNSEL_PLUGIN_PATH};
    start_with(h, "notify_mentee: false\n");
    h.publish("checkin.submitted", checkin(4, 2));
    CHECK(only_flag(h)["to"] == json{"p-mentor"});
    CHECK(contains(only_flag(h)["why"], "Shared with Maria Mentor only"));
    const auto notes = h.events("notification.requested");
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].payload["to"] == "p-mentor");
}

TEST_CASE("the program manager learns only that a flag exists", "[counsel][confidentiality]") {
    harness h{COUNSEL_PLUGIN_PATH};
    start_with(h);
    h.publish("checkin.submitted", checkin(1, 2, "I feel overwhelmed"));
    const auto noted = h.events("counsel.flag_noted");
    REQUIRE(noted.size() == 1);
    const auto& p = noted[0].payload;
    CHECK(keys_of(p) ==
          std::set<std::string>{"flag_id", "relationship_id", "raised_on", "to", "audience", "detail_shared", "why"});
    CHECK(p["flag_id"] == "r-1/counsel-1");
    CHECK(p["relationship_id"] == "r-1");
    CHECK(p["raised_on"] == "2027-01-04");
    CHECK(p["to"] == "program_manager");
    CHECK(p["audience"] == "program_manager");
    CHECK(p["detail_shared"] == false);
    const auto dump = p.dump();
    for (const auto* word :
         {"stress", "conflict", "overwhelmed", "wellbeing", "rating", "g-stress", "guide'", "Stress guide", "EAP"})
        CHECK_FALSE(contains(dump, word));
}

TEST_CASE("with consent and program_manager_sees: with_consent, the categories are shared, nothing more",
          "[counsel][confidentiality]") {
    harness h{COUNSEL_PLUGIN_PATH};
    start_with(h, "program_manager_sees: with_consent\n");
    h.publish("consent.given", {{"person_id", "p-mentee"}, {"scope", "counsel"}});
    h.publish("checkin.submitted", checkin(1, 2, "I feel overwhelmed"));
    const auto p = h.events("counsel.flag_noted").at(0).payload;
    CHECK(keys_of(p) == std::set<std::string>{"flag_id", "relationship_id", "raised_on", "to", "audience",
                                              "detail_shared", "categories", "why"});
    CHECK(p["detail_shared"] == true);
    CHECK(p["categories"] == json{"stress", "conflict"});
    const auto dump = p.dump();
    for (const auto* word : {"overwhelmed", "wellbeing", "rating", "g-stress", "evidence", "EAP"})
        CHECK_FALSE(contains(dump, word));
    CHECK(contains(only_flag(h)["why"], "the program manager sees that a flag exists and its categories"));
    CHECK(contains(h.events("notification.requested").at(1).payload["body"], "and its topic, as you agreed."));
}

TEST_CASE("consent matters only where the program allows it, only for counsel, only from the person",
          "[counsel][confidentiality]") {
    SECTION("program_manager_sees: existence ignores consent") {
        harness h{COUNSEL_PLUGIN_PATH};
        start_with(h);
        h.publish("consent.given", {{"person_id", "p-mentee"}, {"scope", "counsel"}});
        h.publish("checkin.submitted", checkin(4, 2));
        const auto p = h.events("counsel.flag_noted").at(0).payload;
        CHECK(p["detail_shared"] == false);
        CHECK_FALSE(p.contains("categories"));
    }
    SECTION("no consent") {
        harness h{COUNSEL_PLUGIN_PATH};
        start_with(h, "program_manager_sees: with_consent\n");
        h.publish("checkin.submitted", checkin(4, 2));
        CHECK_FALSE(h.events("counsel.flag_noted").at(0).payload.contains("categories"));
    }
    SECTION("consent to something else") {
        harness h{COUNSEL_PLUGIN_PATH};
        start_with(h, "program_manager_sees: with_consent\n");
        h.publish("consent.given", {{"person_id", "p-mentee"}, {"scope", "surveys"}});
        h.publish("checkin.submitted", checkin(4, 2));
        CHECK_FALSE(h.events("counsel.flag_noted").at(0).payload.contains("categories"));
    }
    SECTION("the mentor's consent does not cover the mentee's words") {
        harness h{COUNSEL_PLUGIN_PATH};
        start_with(h, "program_manager_sees: with_consent\n");
        h.publish("consent.given", {{"person_id", "p-mentor"}, {"scope", "counsel"}});
        h.publish("checkin.submitted", checkin(4, 2));
        CHECK(h.events("counsel.flag_noted").at(0).payload["detail_shared"] == false);
    }
}

TEST_CASE("with from: both, the consent that counts is the subject's: the mentee's does not cover the mentor's words",
          "[counsel][confidentiality]") {
    SECTION("only the mentee consented: the mentor's own check-in shares nothing") {
        harness h{COUNSEL_PLUGIN_PATH};
        start_with(h, "program_manager_sees: with_consent\nfrom: both\n");
        h.publish("consent.given", {{"person_id", "p-mentee"}, {"scope", "counsel"}});
        h.publish("checkin.submitted", checkin(4, 2, "", "p-mentor"));
        const auto p = h.events("counsel.flag_noted").at(0).payload;
        CHECK(p["detail_shared"] == false);
        CHECK_FALSE(p.contains("categories"));
        CHECK_FALSE(contains(p.dump(), "stress"));
        CHECK(contains(only_flag(h)["why"], "the program manager sees only that a flag exists"));
        // The same consent still shares the mentee's own flag.
        h.publish("checkin.submitted", checkin(4, 2));
        const auto noted = h.events("counsel.flag_noted");
        REQUIRE(noted.size() == 2);
        CHECK(noted[1].payload["detail_shared"] == true);
        CHECK(noted[1].payload["categories"] == json{"stress"});
    }
    SECTION("the mentor consented: the mentor's own check-in shares its categories") {
        harness h{COUNSEL_PLUGIN_PATH};
        start_with(h, "program_manager_sees: with_consent\nfrom: both\n");
        h.publish("consent.given", {{"person_id", "p-mentor"}, {"scope", "counsel"}});
        h.publish("checkin.submitted", checkin(4, 2, "", "p-mentor"));
        const auto p = h.events("counsel.flag_noted").at(0).payload;
        CHECK(p["detail_shared"] == true);
        CHECK(p["categories"] == json{"stress"});
    }
}

TEST_CASE("withdrawn consent stops sharing categories from the next flag on", "[counsel][confidentiality]") {
    harness h{COUNSEL_PLUGIN_PATH};
    start_with(h, "program_manager_sees: with_consent\n");
    h.publish("consent.given", {{"person_id", "p-mentee"}, {"scope", "counsel"}});
    h.publish("checkin.submitted", checkin(4, 2));
    h.publish("consent.withdrawn", {{"person_id", "p-mentee"}, {"scope", "counsel"}});
    h.advance(*mentorkit::parse_duration("14d"));
    h.publish("checkin.submitted", checkin(4, 2));
    const auto noted = h.events("counsel.flag_noted");
    REQUIRE(noted.size() == 2);
    CHECK(noted[0].payload["detail_shared"] == true);
    CHECK(noted[1].payload["detail_shared"] == false);
    CHECK_FALSE(noted[1].payload.contains("categories"));
}

TEST_CASE("no payload of any event the module publishes carries the comment", "[counsel][confidentiality]") {
    harness h{COUNSEL_PLUGIN_PATH};
    start_with(h, "program_manager_sees: with_consent\nfrom: both\n");
    h.publish("consent.given", {{"person_id", "p-mentee"}, {"scope", "counsel"}});
    const std::vector<std::string> comments{
        "Honestly I'm overwhelmed since the Falcon migration and my manager ignores my emails",
        "Had an argument with Priya about the Q3 roadmap, it felt toxic",
        "It is all pointless, I am thinking of leaving for Initech",
        "Secret: I am exhausted and I can't cope with the on-call rota",
    };
    const std::vector<std::string> fragments{"Falcon migration", "ignores my emails", "Priya", "Q3 roadmap",
                                             "Initech",          "on-call rota",      "Secret"};
    for (const auto& comment : comments) {
        h.publish("checkin.submitted", checkin(1, 1, comment));
        h.publish("feedback.given", checkin(1, 1, comment, "p-mentor"));
        h.advance(*mentorkit::parse_duration("15d"));
    }
    const auto emitted = h.emitted();
    REQUIRE(flags(h).size() == 8);
    REQUIRE(h.events("counsel.flag_noted").size() == 8);
    REQUIRE(h.events("notification.requested").size() == 12);  // 4 × (mentor + mentee) + 4 × mentor for self
    for (const auto& e : emitted) {
        const auto dump = to_json(e).dump();
        for (const auto& comment : comments) CHECK_FALSE(contains(dump, comment));
        for (const auto& fragment : fragments) CHECK_FALSE(contains(dump, fragment));
    }
    // The matched phrases are evidence for the pair, and only there.
    CHECK(contains(flags(h)[0].payload.dump(), "overwhelmed"));
    for (const auto& e : h.events("counsel.flag_noted")) CHECK_FALSE(contains(e.payload.dump(), "overwhelmed"));
}

TEST_CASE("a malformed comment is refused without repeating it", "[counsel][confidentiality]") {
    harness h{COUNSEL_PLUGIN_PATH};
    start_with(h);
    auto c = checkin(4, 2);
    c["comment"] = json{{"text", "very private words"}};
    h.publish("checkin.submitted", c);
    CHECK(h.emitted().empty());
    const auto dead = h.dead_letters();
    REQUIRE(dead.size() == 1);
    CHECK(dead[0].error == "checkin.submitted needs \"comment\" to be text");
}

// ---- cooldown --------------------------------------------------------------------------

TEST_CASE("the same categories within 14 days raise no new flag", "[counsel][cooldown]") {
    harness h{COUNSEL_PLUGIN_PATH};
    start_with(h);
    h.publish("checkin.submitted", checkin(4, 2));
    h.publish("checkin.submitted", checkin(4, 2));  // the same check-in again
    CHECK(flags(h).size() == 1);
    h.advance(*mentorkit::parse_duration("13d"));
    h.publish("checkin.submitted", checkin(4, 1, "overwhelmed"));
    CHECK(flags(h).size() == 1);
    CHECK(h.events("counsel.flag_noted").size() == 1);
    CHECK(h.events("notification.requested").size() == 2);
    h.advance(one_day);  // 14 days after the first flag
    h.publish("checkin.submitted", checkin(4, 2));
    REQUIRE(flags(h).size() == 2);
    CHECK(flags(h)[1].payload["flag_id"] == "r-1/counsel-2");
    CHECK(flags(h)[1].payload["raised_on"] == "2027-01-18");
}

TEST_CASE("a new category within the cooldown raises a flag that says what is new", "[counsel][cooldown]") {
    harness h{COUNSEL_PLUGIN_PATH};
    start_with(h);
    h.publish("checkin.submitted", checkin_on("2027-01-04", 4, 2));
    h.advance(*mentorkit::parse_duration("7d"));
    h.publish("checkin.submitted", checkin_on("2027-01-11", 2, 2));
    REQUIRE(flags(h).size() == 2);
    const auto f = flags(h)[1].payload;
    CHECK(f["categories"] == json{"stress", "conflict"});
    CHECK(f["guide"]["id"] == "g-stress-conflict");
    CHECK(contains(f["why"], "Already flagged within the cooldown of 2w: stress; new: conflict."));
    // Both are now cooling down from 2027-01-11: stress alone on 2027-01-20 is quiet.
    h.advance(*mentorkit::parse_duration("9d"));
    h.publish("checkin.submitted", checkin_on("2027-01-20", 3, 2));
    CHECK(flags(h).size() == 2);
}

TEST_CASE("the cooldown is a setting and is per relationship", "[counsel][cooldown]") {
    harness h{COUNSEL_PLUGIN_PATH};
    start_with(h, "cooldown: 3d\n");
    enrol(h, "p-other", "Olga Other", "mentee");
    start_relationship(h, "r-2", "p-mentor", "p-other");
    h.publish("checkin.submitted", checkin(4, 2));
    h.publish("checkin.submitted", checkin(4, 2, "", "p-other", "r-2"));
    REQUIRE(flags(h).size() == 2);
    CHECK(flags(h)[1].payload["flag_id"] == "r-2/counsel-1");
    h.advance(*mentorkit::parse_duration("2d"));
    h.publish("checkin.submitted", checkin(4, 2));
    CHECK(flags(h).size() == 2);
    h.advance(one_day);
    h.publish("checkin.submitted", checkin(4, 2));
    CHECK(flags(h).size() == 3);
}

// ---- restart ---------------------------------------------------------------------------

TEST_CASE("after a restart earlier ratings, flags and consents are remembered", "[counsel][restart]") {
    harness h{COUNSEL_PLUGIN_PATH};
    // The program so far, as the journal holds it.
    enrol_pair(h);
    h.publish("checkin.submitted", checkin_on("2027-01-01", 5));
    h.publish("consent.given", {{"person_id", "p-mentee"}, {"scope", "counsel"}});
    nlohmann::json earlier_flag{{"flag_id", "r-1/counsel-1"}, {"relationship_id", "r-1"}, {"mentor_id", "p-mentor"},
                                {"mentee_id", "p-mentee"},    {"subject_id", "p-mentee"}, {"categories", {"stress"}}};
    h.publish("counsel.flagged", earlier_flag);
    h.with_config("program_manager_sees: with_consent\n").with_catalog("conversation-guides", test_catalog).start();
    h.clear_events();

    // Stress again within the cooldown: nothing.
    h.publish("checkin.submitted", checkin_on("2027-01-04", 5, 2));
    CHECK(flags(h).empty());
    // A fall from 5 to 3 after the check-in above: conflict, numbered after the earlier flag.
    h.publish("checkin.submitted", checkin_on("2027-01-05", 3));
    const auto f = only_flag(h);
    CHECK(f["flag_id"] == "r-1/counsel-2");
    CHECK(f["evidence"][0]["previous_rating"] == 5);
    CHECK(h.events("counsel.flag_noted").at(0).payload["categories"] == json{"conflict"});
}

TEST_CASE("withdrawn consent in the history is respected after a restart", "[counsel][restart][confidentiality]") {
    harness h{COUNSEL_PLUGIN_PATH};
    enrol_pair(h);
    h.publish("consent.given", {{"person_id", "p-mentee"}, {"scope", "counsel"}});
    h.publish("consent.withdrawn", {{"person_id", "p-mentee"}, {"scope", "counsel"}});
    h.with_config("program_manager_sees: with_consent\n").with_catalog("conversation-guides", test_catalog).start();
    h.publish("checkin.submitted", checkin(4, 2));
    CHECK(h.events("counsel.flag_noted").at(0).payload["detail_shared"] == false);
}

TEST_CASE("a run of low ratings spanning a restart is noticed", "[counsel][restart]") {
    harness h{COUNSEL_PLUGIN_PATH};
    enrol_pair(h);
    h.publish("checkin.submitted", checkin_on("2026-12-14", 2));
    h.publish("feedback.given", checkin_on("2026-12-28", 2));
    h.with_catalog("conversation-guides", test_catalog).start();
    h.publish("checkin.submitted", checkin_on("2027-01-04", 2));
    const auto f = only_flag(h);
    CHECK(f["categories"] == json{"disengagement"});
    CHECK(f["guide"]["id"] == "g-disengagement");
}

// ---- malformed events ------------------------------------------------------------------

TEST_CASE("malformed check-ins are dead letters with a clear message", "[counsel]") {
    harness h{COUNSEL_PLUGIN_PATH};
    start_with(h);
    auto bad_rating = checkin(7);
    h.publish("checkin.submitted", bad_rating);
    auto no_rel = checkin(3);
    no_rel.erase("relationship_id");
    h.publish("feedback.given", no_rel);
    auto bad_date = checkin(3);
    bad_date["on"] = "yesterday";
    h.publish("checkin.submitted", bad_date);
    h.publish("consent.given", {{"person_id", "p-mentee"}});
    const auto dead = h.dead_letters();
    REQUIRE(dead.size() == 4);
    CHECK(dead[0].error == "checkin.submitted needs \"rating\" to be a whole number from 0 to 5, found 7");
    CHECK(dead[1].error == "feedback.given needs a non-empty string \"relationship_id\" in its payload");
    CHECK(dead[2].error == "checkin.submitted needs \"on\" to be a date as YYYY-MM-DD, found \"yesterday\"");
    CHECK(dead[3].error == "consent.given needs a non-empty string \"scope\" in its payload");
    CHECK(h.emitted().empty());
}

// ---- settings --------------------------------------------------------------------------

namespace {
mentorkit::config_error config_failure(std::string_view config, const std::string& catalog = test_catalog) {
    harness h{COUNSEL_PLUGIN_PATH};
    h.with_config(config).with_catalog("conversation-guides", catalog);
    try {
        h.start();
    } catch (const mentorkit::config_error& e) {
        return e;
    }
    FAIL("expected a config_error");
    throw std::logic_error("unreachable");
}
}  // namespace

TEST_CASE("bad settings are refused with their file, line and column", "[counsel][config]") {
    {
        const auto e = config_failure("cooldown: 1w\ncooldwn: 3d\n");
        CHECK(e.mark().line == 2);
        CHECK(e.mark().column == 1);
        CHECK(e.message() == "unknown key 'cooldwn'; did you mean 'cooldown'?");
    }
    {
        const auto e = config_failure("wellbeing_at_or_below: 5\n");
        CHECK(e.what() == std::string{"<harness config>:1:24: wellbeing_at_or_below must be a whole number from 0 "
                                      "to 4 (0 turns it off), found 5"});
    }
    {
        const auto e = config_failure("rating_drop: two\n");
        CHECK(e.mark().line == 1);
        CHECK(e.mark().column == 14);
        CHECK(e.message() == "expected a whole number, found 'two'");
    }
    {
        const auto e = config_failure("low_ratings_in_a_row: 1\n");
        CHECK(e.mark().column == 23);
        CHECK(Catch::startsWith(e.message(), "low_ratings_in_a_row must be 0 (off) or at least 2"));
    }
    {
        const auto e = config_failure("low_rating_at_or_below: 0\n");
        CHECK(Catch::startsWith(e.message(), "low_rating_at_or_below must be a whole number from 1 to 4"));
    }
    {
        const auto e = config_failure("notify_mentee: true\nfrom: mentor\n");
        CHECK(e.mark().line == 2);
        CHECK(Catch::startsWith(e.message(), "expected one of 'mentee' 'both', found 'mentor'"));
    }
    {
        const auto e = config_failure("program_manager_sees: with-consent\n");
        CHECK(e.message() ==
              "expected one of 'existence' 'with_consent', found 'with-consent'; did you mean 'with_consent'?");
    }
    {
        const auto e = config_failure("notify_mentee: maybe\n");
        CHECK(e.mark().column == 16);
        CHECK(e.message() == "expected true or false, found 'maybe'");
    }
    {
        const auto e = config_failure("cooldown: soon\n");
        CHECK(Catch::startsWith(e.what(), "<harness config>:1:11: expected a duration"));
    }
}

TEST_CASE("bad phrases are refused with their location", "[counsel][config]") {
    {
        const auto e = config_failure("phrases:\n  stres: [overwhelmed]\n");
        CHECK(e.mark().line == 2);
        CHECK(e.mark().column == 3);
        CHECK(e.message() == "unknown key 'stres'; did you mean 'stress'?");
    }
    {
        const auto e = config_failure("phrases:\n  conflict:\n    - toxic\n    - \"  \"\n");
        CHECK(e.mark().line == 4);
        CHECK(e.message() == "a phrase must have at least one letter or digit, found '  '");
    }
    {
        const auto e = config_failure("phrases: [overwhelmed]\n");
        CHECK(e.mark().line == 1);
        CHECK(Catch::startsWith(e.message(), "phrases must be a mapping of category to a list of phrases"));
    }
}

TEST_CASE("a catalog that does not exist is named at the setting", "[counsel][config]") {
    const auto e = config_failure("catalog: guides-we-forgot\n");
    CHECK(e.mark().line == 1);
    CHECK(e.mark().column == 10);
    CHECK(Catch::startsWith(e.message(), "no catalog 'guides-we-forgot'"));
}

TEST_CASE("the catalog setting picks another catalog", "[counsel][config]") {
    harness h{COUNSEL_PLUGIN_PATH};
    h.with_config("catalog: our-guides\n")
        .with_catalog("our-guides",
                      "guides:\n  - id: ours\n    title: Ours\n    for: [stress, conflict, "
                      "disengagement]\n    steps: [Talk]\n    questions: [\"How are you?\"]\n"
                      "    when_to_refer: EAP.\n")
        .start();
    enrol_pair(h);
    h.publish("checkin.submitted", checkin(4, 2));
    CHECK(only_flag(h)["guide"]["id"] == "ours");
}

// ---- catalog validation ----------------------------------------------------------------

namespace {
// A valid guide for all categories, to which the tests add a bad one.
const std::string catalog_head = R"(guides:
  - id: all
    title: All
    for: [stress, conflict, disengagement]
    steps: [Listen]
    questions: ["How are you?"]
    when_to_refer: EAP.
)";
}  // namespace

TEST_CASE("catalog entries are checked, with the catalog's line numbers", "[counsel][config][catalog]") {
    SECTION("unknown category") {
        const auto e = config_failure("", catalog_head + R"(  - id: typo
    title: Typo
    for: [stress, confict]
    steps: [Listen]
    questions: ["Why?"]
    when_to_refer: HR.
)");
        CHECK(e.mark().file == "<catalog conversation-guides>");
        CHECK(e.mark().line == 10);
        CHECK(e.mark().column == 19);
        CHECK(e.message() ==
              "unknown category 'confict' in guide 'typo'; expected one of stress, conflict, "
              "disengagement; did you mean 'conflict'?");
    }
    SECTION("missing steps") {
        const auto e = config_failure("", catalog_head + R"(  - id: no-steps
    title: No steps
    for: [stress]
    questions: ["Why?"]
    when_to_refer: HR.
)");
        CHECK(e.mark().line == 8);
        CHECK(e.message() == "guide 'no-steps' is missing 'steps' (what the mentor does, in order)");
    }
    SECTION("empty steps") {
        const auto e = config_failure("", catalog_head + R"(  - id: empty-steps
    title: Empty steps
    for: [stress]
    steps: []
    questions: ["Why?"]
    when_to_refer: HR.
)");
        CHECK(e.mark().line == 11);
        CHECK(e.message() == "guide 'empty-steps' needs at least one item in 'steps'");
    }
    SECTION("missing questions") {
        const auto e = config_failure("", catalog_head + R"(  - id: no-questions
    title: No questions
    for: [stress]
    steps: [Listen]
    when_to_refer: HR.
)");
        CHECK(e.message() == "guide 'no-questions' is missing 'questions' (open questions to ask)");
    }
    SECTION("missing when_to_refer") {
        const auto e = config_failure("", catalog_head + R"(  - id: no-referral
    title: No referral
    for: [stress]
    steps: [Listen]
    questions: ["Why?"]
)");
        CHECK(e.mark().line == 8);
        CHECK(Catch::startsWith(e.message(), "missing required key 'when_to_refer'"));
    }
    SECTION("misspelt field") {
        const auto e = config_failure("", catalog_head + R"(  - id: misspelt
    title: Misspelt
    for: [stress]
    step: [Listen]
    questions: ["Why?"]
    when_to_refer: HR.
)");
        CHECK(e.mark().line == 11);
        CHECK(e.message() == "unknown key 'step'; did you mean 'steps'?");
    }
    SECTION("duplicate id") {
        const auto e = config_failure("", catalog_head + R"(  - id: all
    title: Again
    for: [stress]
    steps: [Listen]
    questions: ["Why?"]
    when_to_refer: HR.
)");
        CHECK(e.mark().line == 8);
        CHECK(e.message() == "duplicate guide id 'all' (first on line 2)");
    }
    SECTION("a category without a guide") {
        const auto e = config_failure("", R"(guides:
  - id: only-stress
    title: Only stress
    for: [stress]
    steps: [Listen]
    questions: ["Why?"]
    when_to_refer: HR.
)");
        CHECK(e.mark().line == 2);
        CHECK(e.message() ==
              "no guide is for 'conflict'; every category (stress, conflict, disengagement) needs at "
              "least one guide");
    }
    SECTION("not a list of guides") {
        const auto e = config_failure("", "guide:\n  - id: x\n");
        CHECK(e.mark().line == 1);
        CHECK(e.message() == "unknown key 'guide'; did you mean 'guides'?");
    }
}

// ---- the shipped catalog ---------------------------------------------------------------

namespace {
harness& start_shipped(harness& h, std::string_view config = "") {
    h.with_config(config).with_catalog_dir(MENTORKIT_SOURCE_DIR "/config/catalogs").start();
    enrol_pair(h);
    return h;
}
}  // namespace

TEST_CASE("the shipped conversation guides load and have 10 to 15 guides", "[counsel][catalog]") {
    std::ifstream file{MENTORKIT_SOURCE_DIR "/config/catalogs/conversation-guides.yaml"};
    REQUIRE(file);
    std::string line;
    int guides = 0;
    while (std::getline(file, line))
        if (line.rfind("  - id: ", 0) == 0) ++guides;
    CHECK(guides >= 10);
    CHECK(guides <= 15);
    harness h{COUNSEL_PLUGIN_PATH};
    CHECK_NOTHROW(start_shipped(h));
}

TEST_CASE("the shipped guides fit what the check-in says", "[counsel][catalog]") {
    harness h{COUNSEL_PLUGIN_PATH};
    start_shipped(h);
    SECTION("low wellbeing alone: stress and workload") {
        h.publish("checkin.submitted", checkin(4, 2));
        const auto g = only_flag(h)["guide"];
        CHECK(g["id"] == "stress-and-workload");
        CHECK(g["steps"].size() >= 3);
        CHECK(contains(g["when_to_refer"], "Employee Assistance Programme"));
    }
    SECTION("a sudden fall in the rating: find out where the friction is") {
        h.publish("checkin.submitted", checkin_on("2027-01-04", 5));
        h.publish("checkin.submitted", checkin_on("2027-01-18", 2));
        CHECK(only_flag(h)["guide"]["id"] == "conflict-finding-the-source");
    }
    SECTION("my manager ignores me: conflict with a manager") {
        h.publish("checkin.submitted", checkin(3, 0, "My manager ignores my proposals"));
        CHECK(only_flag(h)["guide"]["id"] == "conflict-with-manager");
    }
    SECTION("a toxic team: the hostile-environment guide, which refers to HR") {
        h.publish("checkin.submitted", checkin(3, 0, "The atmosphere with my manager is toxic"));
        const auto g = only_flag(h)["guide"];
        CHECK(g["id"] == "hostile-environment");
        CHECK(contains(g["when_to_refer"], "HR"));
    }
    SECTION("an argument with a colleague: conflict with a peer") {
        h.publish("checkin.submitted", checkin(3, 0, "I had an argument with a colleague from another team"));
        CHECK(only_flag(h)["guide"]["id"] == "conflict-with-peer");
    }
    SECTION("feeling out of one's depth: imposter feelings") {
        h.publish("checkin.submitted", checkin(4, 3, "I feel out of my depth, like an imposter"));
        CHECK(only_flag(h)["guide"]["id"] == "imposter-feelings");
    }
    SECTION("thinking of leaving over a stalled career: career uncertainty") {
        h.publish("checkin.submitted", checkin(3, 0, "I'm stuck and thinking of leaving"));
        CHECK(only_flag(h)["guide"]["id"] == "career-uncertainty");
    }
    SECTION("exhausted and not caring: burnout, with a referral") {
        h.publish("checkin.submitted", checkin(3, 2, "I'm exhausted and honestly I don't care any more"));
        const auto f = only_flag(h);
        CHECK(f["categories"] == json{"stress", "disengagement"});
        CHECK(f["guide"]["id"] == "burnout-warning-signs");
        CHECK(contains(f["guide"]["when_to_refer"], "occupational health"));
    }
    SECTION("all three: several warning signs") {
        h.publish("checkin.submitted", checkin(1, 1, "It's pointless"));
        CHECK(only_flag(h)["guide"]["id"] == "several-warning-signs");
    }
}

TEST_CASE("the example in docs/modules.md: stress and conflict with the shipped guides, nothing of the comment leaves",
          "[counsel][catalog][confidentiality]") {
    harness h{COUNSEL_PLUGIN_PATH};
    start_shipped(h,
                  "program_manager_sees: with_consent\nphrases:\n  stress: [overwhelmed, snowed under, can't cope]\n");
    h.publish("checkin.submitted", checkin_on("2026-12-21", 4));
    const std::string comment = "Snowed under since the migration, my manager ignores my emails";
    h.publish("checkin.submitted", checkin_on("2027-01-04", 2, 2, comment));
    const auto f = only_flag(h);
    CHECK(f["categories"] == json{"stress", "conflict"});
    CHECK(signals_of(f) == std::vector<std::string>{"low_wellbeing", "phrase", "rating_drop", "phrase"});
    CHECK(f["evidence"][1]["phrase"] == "snowed under");
    CHECK(f["evidence"][3]["phrase"] == "my manager ignores");
    CHECK(f["guide"]["id"] == "pressure-from-a-difficult-relationship");
    CHECK(h.events("counsel.flag_noted").at(0).payload["detail_shared"] == false);
    CHECK(h.events("notification.requested").size() == 2);
    for (const auto& e : h.emitted()) {
        const auto dump = to_json(e).dump();
        CHECK_FALSE(contains(dump, "migration"));
        CHECK_FALSE(contains(dump, "emails"));
    }
}
