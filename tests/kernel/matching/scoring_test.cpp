// Pair scoring: each criterion's value on hand-made pairs, the hard constraints, and the
// explanation that goes with a score.

#include "matching/scoring.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

using namespace mentorkit;
using detail::constraint;
using detail::pair_scorer;

namespace {

person someone(std::string id, participant_role role, int grade = 5) {
    person p;
    p.id = std::move(id);
    p.name = p.id;
    p.role = role;
    p.grade = grade;
    p.languages = {{"english", cefr_level::c2}};
    return p;
}
person mentor(std::string id, int grade = 7) { return someone(std::move(id), participant_role::mentor, grade); }
person mentee(std::string id, int grade = 5) { return someone(std::move(id), participant_role::mentee, grade); }

// Settings with every constraint off and every weight medium.
matching_settings open_settings() {
    matching_settings s;
    s.exclude_reporting_line = false;
    return s;
}

// The one pair of a one-mentor, one-mentee population.
detail::pair_evaluation evaluate(const person& a_mentor, const person& a_mentee, const matching_settings& settings) {
    const std::vector<person> people{a_mentor, a_mentee};
    const pair_scorer scorer(people, settings, people);
    REQUIRE(scorer.mentor_count() == 1);
    REQUIRE(scorer.mentee_count() == 1);
    return scorer.evaluate(0, 0);
}

double value_of(const detail::pair_evaluation& e, detail::criterion c) { return e.values[static_cast<std::size_t>(c)]; }

bool breaks(const detail::pair_evaluation& e, constraint c) { return (e.broken & detail::bit(c)) != 0; }

}  // namespace

TEST_CASE("a sought skill counts when the mentor is above the mentee or at 3, more for deeper expertise",
          "[matching][scoring]") {
    auto r = mentor("r");
    r.skills = {{"python", 4}, {"sql", 1}, {"negotiation", 2}, {"design", 3}};
    auto e = mentee("e");
    e.skills = {{"python", 2}, {"negotiation", 2}, {"design", 4}};
    e.skills_sought = {"python", "sql", "negotiation", "design", "finance"};
    const auto v = evaluate(r, e, open_settings());
    // python 4 over 2: 7/8; sql 1 over nothing: 4/8; negotiation 2 not over 2 and under 3: 0;
    // design 3 under the mentee's 4 but at 3: 4/8; finance missing: 0.
    CHECK(value_of(v, detail::criterion::skills) == Approx((7.0 + 4 + 0 + 4 + 0) / 40));
}

TEST_CASE("skill and goal names match whatever their letter case and surrounding spaces", "[matching][scoring]") {
    auto r = mentor("r");
    r.skills = {{"Python", 5}};
    r.interests = {"Leadership "};
    auto e = mentee("e");
    e.skills_sought = {" python"};
    e.goal_areas = {"LEADERSHIP"};
    const auto v = evaluate(r, e, open_settings());
    CHECK(value_of(v, detail::criterion::skills) == Approx(1.0));
    CHECK(value_of(v, detail::criterion::goals) == Approx(0.75));
}

TEST_CASE("a mentee who lists no skills or no goal areas scores a neutral 0.5 on them", "[matching][scoring]") {
    auto r = mentor("r");
    r.skills = {{"python", 5}};
    const auto v = evaluate(r, mentee("e"), open_settings());
    CHECK(value_of(v, detail::criterion::skills) == Approx(0.5));
    CHECK(value_of(v, detail::criterion::goals) == Approx(0.5));
}

TEST_CASE("goal areas count a proven skill fully, an interest 3/4, a beginner's skill or own goal area half",
          "[matching][scoring]") {
    auto r = mentor("r");
    r.skills = {{"leadership", 4}, {"strategy", 1}};
    r.interests = {"public-speaking"};
    r.goal_areas = {"negotiation"};
    auto e = mentee("e");
    e.goal_areas = {"leadership", "public-speaking", "strategy", "negotiation", "finance"};
    const auto v = evaluate(r, e, open_settings());
    CHECK(value_of(v, detail::criterion::goals) == Approx((8.0 + 6 + 4 + 4 + 0) / 40));
}

TEST_CASE("seniority is best in the middle of the allowed gap and half as good at its edges", "[matching][scoring]") {
    auto settings = open_settings();
    settings.min_grade_gap = 1;
    settings.max_grade_gap = 4;
    const auto at_gap = [&](int gap) { return evaluate(mentor("r", 5 + gap), mentee("e", 5), settings); };
    CHECK(value_of(at_gap(1), detail::criterion::seniority) == Approx(0.5));
    CHECK(value_of(at_gap(2), detail::criterion::seniority) == Approx(1 - 0.5 * 0.5 / 1.5));
    CHECK(value_of(at_gap(3), detail::criterion::seniority) == Approx(1 - 0.5 * 0.5 / 1.5));
    CHECK(value_of(at_gap(4), detail::criterion::seniority) == Approx(0.5));
    CHECK(at_gap(2).feasible());
    CHECK(breaks(at_gap(0), constraint::grade_gap));
    CHECK(breaks(at_gap(5), constraint::grade_gap));
}

TEST_CASE("without a gap range, seniority is best two grades up and loses a quarter per grade away",
          "[matching][scoring]") {
    const auto at_gap = [](int gap) { return evaluate(mentor("r", 5 + gap), mentee("e", 5), open_settings()); };
    CHECK(value_of(at_gap(2), detail::criterion::seniority) == Approx(1.0));
    CHECK(value_of(at_gap(0), detail::criterion::seniority) == Approx(0.5));
    CHECK(value_of(at_gap(3), detail::criterion::seniority) == Approx(0.75));
    CHECK(value_of(at_gap(6), detail::criterion::seniority) == Approx(0.0));
    CHECK(value_of(at_gap(-3), detail::criterion::seniority) == Approx(0.0));
    CHECK(at_gap(-3).feasible());  // only a value, not a rule, until a range or `must` says so

    auto settings = open_settings();
    settings.min_grade_gap = 3;  // only a minimum: best at the minimum when it is above 2
    CHECK(value_of(evaluate(mentor("r", 8), mentee("e", 5), settings), detail::criterion::seniority) == Approx(1.0));
}

TEST_CASE("language is valued by the best level both speak, counting only languages at the floor",
          "[matching][scoring]") {
    auto r = mentor("r");
    r.languages = {{"english", cefr_level::c2}, {"german", cefr_level::b1}};
    auto e = mentee("e");
    e.languages = {{"English", cefr_level::c1}, {"german", cefr_level::c2}};
    auto settings = open_settings();
    // English shared at C1 (7/8); German only at B1 (4/8).
    CHECK(value_of(evaluate(r, e, settings), detail::criterion::language) == Approx(7.0 / 8));
    settings.language_min_level = cefr_level::c2;
    const auto strict = evaluate(r, e, settings);
    CHECK(value_of(strict, detail::criterion::language) == 0.0);
    CHECK(breaks(strict, constraint::language));
    settings.required = {"language"};  // the floor already says it: one reason, not two
    CHECK(evaluate(r, e, settings).broken == detail::bit(constraint::language));
    settings.required.clear();

    e.languages = {{"german", cefr_level::c2}};
    settings.language_min_level.reset();
    CHECK(value_of(evaluate(r, e, settings), detail::criterion::language) == Approx(4.0 / 8));  // B1
    e.languages = {{"french", cefr_level::c2}};
    const auto none = evaluate(r, e, settings);
    CHECK(value_of(none, detail::criterion::language) == 0.0);
    CHECK(none.feasible());  // no floor and not a must: just a zero
}

TEST_CASE("time zones: 1 for the same offset, 0.25 at the cap, 0 at 12 hours without one", "[matching][scoring]") {
    const auto apart = [](int minutes, std::optional<int> cap) {
        auto r = mentor("r");
        r.utc_offset_minutes = minutes;
        auto settings = open_settings();
        settings.max_timezone_difference_minutes = cap;
        return evaluate(r, mentee("e"), settings);
    };
    CHECK(value_of(apart(0, 300), detail::criterion::timezone) == Approx(1.0));
    CHECK(value_of(apart(120, 300), detail::criterion::timezone) == Approx(1 - 0.75 * 120 / 300.0));
    CHECK(value_of(apart(-300, 300), detail::criterion::timezone) == Approx(0.25));
    CHECK(apart(300, 300).feasible());
    CHECK(breaks(apart(301, 300), constraint::timezone));
    CHECK(value_of(apart(360, std::nullopt), detail::criterion::timezone) == Approx(0.5));
    CHECK(value_of(apart(-720, std::nullopt), detail::criterion::timezone) == Approx(0.0));
    CHECK(value_of(apart(0, 0), detail::criterion::timezone) == Approx(1.0));
    CHECK(breaks(apart(30, 0), constraint::timezone));
}

TEST_CASE("the score is the weighted mean of the values, and the explanation adds up to it", "[matching][scoring]") {
    auto r = mentor("r", 8);
    r.skills = {{"python", 4}};
    r.utc_offset_minutes = 60;
    auto e = mentee("e", 5);
    e.skills_sought = {"python", "sql"};
    e.goal_areas = {"leadership"};
    auto settings = open_settings();
    settings.weights = {{"skills", 100}, {"goals", 0}, {"seniority", 50}, {"language", 25}, {"timezone", 25}};
    const std::vector<person> people{r, e};
    const pair_scorer scorer(people, settings, people);
    const auto v = scorer.evaluate(0, 0);
    const double expected =
        (100 * v.values[0] + 0 * v.values[1] + 50 * v.values[2] + 25 * v.values[3] + 25 * v.values[4]) / 200 * 100;
    CHECK(v.score == Approx(expected));
    CHECK(std::abs(v.units - std::lround(expected * detail::units_per_point)) <= 1);  // ranked in single precision

    const auto explanation = scorer.explain(0, 0);
    REQUIRE(explanation.size() == 5);
    double sum = 0;
    for (std::size_t c = 0; c < explanation.size(); ++c) {
        CHECK(explanation[c].criterion == matching_criteria[c]);
        CHECK(explanation[c].value == Approx(v.values[c]));
        CHECK(explanation[c].contribution == Approx(explanation[c].weight * explanation[c].value / 200 * 100));
        sum += explanation[c].contribution;
    }
    CHECK(sum == Approx(v.score).epsilon(1e-12));
    CHECK(explanation[0].weight == 100);
    CHECK(explanation[1].contribution == 0);
    CHECK_THAT(explanation[0].detail, Catch::Contains("1 of 2 sought skills covered") &&
                                          Catch::Contains("python (mentor 4)") &&
                                          Catch::Contains("sql (mentor lacks it)"));
    CHECK_THAT(explanation[1].detail, Catch::Contains("0 of 1 goal areas met") && Catch::Contains("leadership"));
    CHECK_THAT(explanation[2].detail, Catch::Contains("grade gap 3 (mentor 8, mentee 5)"));
    CHECK_THAT(explanation[3].detail, Catch::Contains("english at C2"));
    CHECK_THAT(explanation[4].detail, Catch::Contains("1h apart") && Catch::Contains("UTC+01:00"));
}

TEST_CASE("all weights none gives every pair a score of 0", "[matching][scoring]") {
    auto settings = open_settings();
    for (auto& [criterion, weight] : settings.weights) weight = 0;
    const auto v = evaluate(mentor("r"), mentee("e"), settings);
    CHECK(v.score == 0);
    CHECK(v.units == 0);
    CHECK(v.feasible());
}

TEST_CASE("a must criterion rules out the pairs that score 0 on it", "[matching][scoring]") {
    auto r = mentor("r");
    r.skills = {{"sql", 5}};
    auto e = mentee("e");
    e.skills_sought = {"python"};
    auto settings = open_settings();
    CHECK(evaluate(r, e, settings).feasible());
    settings.required = {"skills"};
    const auto v = evaluate(r, e, settings);
    CHECK(breaks(v, constraint::required_skills));
    r.skills.push_back({"python", 1});
    CHECK(evaluate(r, e, settings).feasible());
}

TEST_CASE("nobody is paired with themselves, and exclusions work from either side", "[matching][scoring]") {
    auto both = someone("b", participant_role::both, 6);
    auto r = mentor("r");
    auto e = mentee("e");
    r.exclusions = {"e"};
    const std::vector<person> people{both, r, e};
    const pair_scorer scorer(people, open_settings(), people);
    REQUIRE(scorer.mentor_count() == 2);  // b, r
    REQUIRE(scorer.mentee_count() == 2);  // b, e
    CHECK(breaks(scorer.evaluate(0, 0), constraint::same_person));
    CHECK(scorer.evaluate(0, 1).feasible());  // r mentors b
    CHECK(breaks(scorer.evaluate(1, 1), constraint::exclusion));
    CHECK(scorer.evaluate(1, 0).feasible());  // b mentors e

    auto e2 = mentee("e");
    e2.exclusions = {"r"};
    const std::vector<person> other{mentor("r"), e2};
    const pair_scorer from_mentee(other, open_settings(), other);
    CHECK(breaks(from_mentee.evaluate(0, 0), constraint::exclusion));
}

TEST_CASE("the reporting line is ruled out both ways, through the organisation, and survives cycles",
          "[matching][scoring]") {
    // ceo <- vp <- lead <- dev; the organisation knows vp and ceo, the program only the rest.
    person ceo = mentor("ceo", 12);
    person vp = someone("vp", participant_role::mentor, 10);
    vp.manager_id = "ceo";
    person lead = mentor("lead", 8);
    lead.manager_id = "vp";
    person dev = mentee("dev", 4);
    dev.manager_id = "lead";
    person outsider = mentor("outsider", 7);
    person boss_mentee = mentee("boss", 9);  // manages `outsider`: a mentee above a mentor
    outsider.manager_id = "boss";
    const std::vector<person> people{ceo, lead, dev, outsider, boss_mentee};
    const std::vector<person> organisation{ceo, vp};
    auto settings = open_settings();
    settings.exclude_reporting_line = true;
    const pair_scorer scorer(people, settings, organisation);
    // mentors by id: ceo, lead, outsider; mentees: boss, dev
    CHECK(breaks(scorer.evaluate(1, 1), constraint::reporting_line));  // lead manages dev
    CHECK(breaks(scorer.evaluate(1, 0), constraint::reporting_line));  // ceo is above dev (via vp)
    CHECK(scorer.evaluate(1, 2).feasible());                           // outsider is not
    CHECK(breaks(scorer.evaluate(0, 2), constraint::reporting_line));  // boss manages outsider
    CHECK(scorer.evaluate(0, 1).feasible());

    settings.exclude_reporting_line = false;
    const pair_scorer relaxed(people, settings, organisation);
    CHECK(relaxed.evaluate(1, 1).feasible());

    // a <- b <- a: bad data with a cycle must not hang and still rules the pair out.
    person a = mentor("a");
    a.manager_id = "b";
    person b = mentee("b");
    b.manager_id = "a";
    const std::vector<person> cyclic{a, b};
    settings.exclude_reporting_line = true;
    const pair_scorer looped(cyclic, settings, cyclic);
    CHECK(breaks(looped.evaluate(0, 0), constraint::reporting_line));
}

TEST_CASE("mentors with capacity 0 take no part; a person's own capacity overrides the program's",
          "[matching][scoring]") {
    auto idle = mentor("idle");
    idle.mentor_capacity = 0;
    auto busy = mentor("busy");
    busy.mentor_capacity = 3;
    auto plain = mentor("plain");
    auto settings = open_settings();
    settings.capacity = 2;
    const std::vector<person> people{idle, busy, plain, mentee("e1"), mentee("e2"), mentee("e3"), mentee("e4")};
    const pair_scorer scorer(people, settings, people);
    REQUIRE(scorer.mentor_count() == 2);
    CHECK(scorer.mentor(0).id == "busy");
    CHECK(scorer.capacity(0) == 3);
    CHECK(scorer.capacity(1) == 2);
    REQUIRE(scorer.idle_mentors().size() == 1);
    CHECK(scorer.idle_mentors()[0]->id == "idle");

    // More places than mentees is as good as one place per mentee.
    const std::vector<person> few{busy, mentee("e1")};
    CHECK(pair_scorer(few, settings, few).capacity(0) == 1);
}

TEST_CASE("a whole row scores exactly as pair by pair", "[matching][scoring]") {
    std::vector<person> people;
    const char* skills[] = {"a", "b", "c", "d"};
    for (int i = 0; i < 12; ++i) {
        auto r = mentor("r" + std::to_string(i), 3 + i % 6);
        r.skills = {{skills[i % 4], 1 + i % 5}, {skills[(i + 1) % 4], 5 - i % 5}};
        r.utc_offset_minutes = (i % 5) * 90 - 180;
        r.languages = {{"english", static_cast<cefr_level>(1 + i % 6)}};
        if (i % 4 == 0) r.exclusions = {"e1"};
        people.push_back(r);
    }
    for (int i = 0; i < 5; ++i) {
        auto e = mentee("e" + std::to_string(i), 1 + i);
        e.skills_sought = {skills[i % 4], skills[(i + 2) % 4]};
        e.goal_areas = {skills[(i + 3) % 4]};
        e.utc_offset_minutes = i * 60;
        people.push_back(e);
    }
    auto settings = open_settings();
    settings.min_grade_gap = 0;
    settings.max_timezone_difference_minutes = 300;
    settings.required = {"skills"};
    const pair_scorer scorer(people, settings, people);
    detail::row_scratch row;
    for (std::size_t e = 0; e < scorer.mentee_count(); ++e) {
        scorer.score_row(e, row);
        for (std::size_t m = 0; m < scorer.mentor_count(); ++m) {
            const auto pair = scorer.evaluate(e, m);
            CHECK(row.units[m] == pair.units);
            CHECK(row.broken[m] == pair.broken);
        }
    }
}

TEST_CASE("constraints are described with the program's numbers", "[matching][scoring]") {
    matching_settings settings;
    settings.min_grade_gap = 1;
    settings.max_grade_gap = 4;
    settings.max_timezone_difference_minutes = 330;
    settings.language_min_level = cefr_level::b2;
    const std::vector<person> none;
    const pair_scorer scorer(none, settings, none);
    CHECK(scorer.describe(constraint::grade_gap) == "grade gap outside 1..4");
    CHECK(scorer.describe(constraint::timezone) == "time zones more than 5h 30m apart");
    CHECK(scorer.describe(constraint::language) == "no shared language at B2 or better");
    CHECK(scorer.describe(constraint::reporting_line) == "in each other's reporting line");
}

TEST_CASE("an empty or duplicate person id is refused", "[matching][scoring]") {
    const std::vector<person> twice{mentor("x"), mentee("x")};
    CHECK_THROWS_WITH(pair_scorer(twice, matching_settings{}, twice), Catch::Contains("duplicate person id 'x'"));
    const std::vector<person> empty{mentor("")};
    CHECK_THROWS_WITH(pair_scorer(empty, matching_settings{}, empty), Catch::Contains("empty id"));
}
