// Matching: reading the program's settings, the three strategies (optimal against brute
// force, stable without blocking pairs, suggest), the hard rules, and the reasons given
// to everyone left unmatched.

#include "matching/matching.hpp"
#include "matching/scoring.hpp"
#include "yaml_source.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

using namespace mentorkit;
using detail::pair_scorer;

namespace {

// ---- people -------------------------------------------------------------------------------

person someone(std::string id, participant_role role, int grade) {
    person p;
    p.id = std::move(id);
    p.name = "Name of " + p.id;
    p.role = role;
    p.grade = grade;
    p.languages = {{"english", cefr_level::c2}};
    return p;
}
person mentor(std::string id, int grade = 7) { return someone(std::move(id), participant_role::mentor, grade); }
person mentee(std::string id, int grade = 5) { return someone(std::move(id), participant_role::mentee, grade); }

// A random population: grades, time zones, languages, skills and goals drawn from small
// vocabularies so that pairs differ and tie sometimes; some managers, exclusions,
// per-person capacities (0 included) and people who are both mentor and mentee.
std::vector<person> random_people(std::mt19937& rng, int mentees, int mentors) {
    auto pick = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>{lo, hi}(rng); };
    auto chance = [&rng](double p) { return std::bernoulli_distribution{p}(rng); };
    const char* skills[] = {"a", "b", "c", "d", "e", "f"};
    const char* goals[] = {"g1", "g2", "a", "b"};
    const int offsets[] = {-300, 0, 60, 120, 330};
    std::vector<person> people;
    for (int i = 0; i < mentors + mentees; ++i) {
        const bool is_mentor = i < mentors;
        auto p = someone((is_mentor ? "m" : "e") + std::to_string(i),
                         is_mentor ? participant_role::mentor : participant_role::mentee,
                         is_mentor ? pick(3, 9) : pick(1, 6));
        if (chance(0.1)) p.role = participant_role::both;
        p.utc_offset_minutes = offsets[pick(0, 4)];
        p.languages.clear();
        if (chance(0.8)) p.languages.push_back({"english", static_cast<cefr_level>(pick(3, 6))});
        if (chance(0.4)) p.languages.push_back({"german", static_cast<cefr_level>(pick(2, 6))});
        if (chance(0.3)) p.languages.push_back({"french", static_cast<cefr_level>(pick(1, 6))});
        for (int k = pick(0, 3); k > 0; --k) p.skills.push_back({skills[pick(0, 5)], pick(1, 5)});
        if (p.role != participant_role::mentor) {
            for (int k = pick(0, 3); k > 0; --k) p.skills_sought.push_back(skills[pick(0, 5)]);
            for (int k = pick(0, 2); k > 0; --k) p.goal_areas.push_back(goals[pick(0, 3)]);
        } else {
            for (int k = pick(0, 2); k > 0; --k) p.interests.push_back(goals[pick(0, 3)]);
        }
        if (chance(0.4)) p.mentor_capacity = pick(0, 3);
        people.push_back(std::move(p));
    }
    for (std::size_t i = 1; i < people.size(); ++i) {
        if (chance(0.3)) people[i].manager_id = people[static_cast<std::size_t>(pick(0, static_cast<int>(i) - 1))].id;
        if (chance(0.1))
            people[i].exclusions.push_back(
                people[static_cast<std::size_t>(pick(0, static_cast<int>(people.size()) - 1))].id);
    }
    return people;
}

matching_settings random_settings(std::mt19937& rng) {
    auto pick = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>{lo, hi}(rng); };
    matching_settings s;
    s.capacity = pick(1, 2);
    const double levels[] = {0, 25, 50, 100, 100, 37};
    for (const auto* c : matching_criteria) {
        s.weights[c] = levels[pick(0, 5)];
        if (pick(0, 9) == 0) {
            s.weights[c] = 100;
            s.required.push_back(c);
        }
    }
    if (pick(0, 1) == 0) s.min_grade_gap = pick(-1, 2);
    if (pick(0, 1) == 0) s.max_grade_gap = s.min_grade_gap.value_or(0) + pick(1, 5);
    if (pick(0, 1) == 0) s.max_timezone_difference_minutes = pick(0, 6) * 60;
    if (pick(0, 2) == 0) s.language_min_level = static_cast<cefr_level>(pick(1, 5));
    s.exclude_reporting_line = pick(0, 3) != 0;
    return s;
}

// ---- looking a result up ----------------------------------------------------------------------

// Index of each person on each side, as the scorer numbers them.
struct indices {
    std::map<std::string, std::size_t> mentee, mentor;
    explicit indices(const pair_scorer& s) {
        for (std::size_t e = 0; e < s.mentee_count(); ++e) mentee[s.mentee(e).id] = e;
        for (std::size_t m = 0; m < s.mentor_count(); ++m) mentor[s.mentor(m).id] = m;
    }
};

// The pairing of a result, mentee index to mentor index (-1: none).
std::vector<int> pairing(const matching_result& r, const pair_scorer& s) {
    const indices at(s);
    std::vector<int> mentor_of(s.mentee_count(), -1);
    for (const auto& p : r.proposals) {
        REQUIRE(at.mentee.count(p.mentee_id) == 1);
        REQUIRE(at.mentor.count(p.mentor_id) == 1);
        REQUIRE(mentor_of[at.mentee.at(p.mentee_id)] == -1);  // one mentor per mentee
        mentor_of[at.mentee.at(p.mentee_id)] = static_cast<int>(at.mentor.at(p.mentor_id));
    }
    return mentor_of;
}

// What optimal maximises: the total score in ranking units, then the number of pairs.
std::pair<long long, int> objective(const std::vector<int>& mentor_of, const pair_scorer& s) {
    std::pair<long long, int> out{0, 0};
    for (std::size_t e = 0; e < mentor_of.size(); ++e) {
        if (mentor_of[e] < 0) continue;
        const auto v = s.evaluate(e, static_cast<std::size_t>(mentor_of[e]));
        REQUIRE(v.feasible());
        out.first += v.units;
        ++out.second;
    }
    return out;
}

void check_capacities(const std::vector<int>& mentor_of, const pair_scorer& s) {
    std::vector<int> load(s.mentor_count(), 0);
    for (const int m : mentor_of)
        if (m >= 0) ++load[static_cast<std::size_t>(m)];
    for (std::size_t m = 0; m < s.mentor_count(); ++m) CHECK(load[m] <= s.capacity(m));
}

// Every assignment of mentees to feasible mentors (or to nobody) within capacities.
void brute_force(const pair_scorer& s, std::size_t e, std::vector<int>& load, std::pair<long long, int> so_far,
                 std::pair<long long, int>& best) {
    if (e == s.mentee_count()) {
        best = std::max(best, so_far);
        return;
    }
    brute_force(s, e + 1, load, so_far, best);
    for (std::size_t m = 0; m < s.mentor_count(); ++m) {
        if (load[m] == s.capacity(m)) continue;
        const auto v = s.evaluate(e, m);
        if (!v.feasible()) continue;
        ++load[m];
        brute_force(s, e + 1, load, {so_far.first + v.units, so_far.second + 1}, best);
        --load[m];
    }
}

const unmatched_person* unmatched(const matching_result& r, const std::string& id, participant_role role) {
    for (const auto& u : r.unmatched)
        if (u.person_id == id && u.role == role) return &u;
    return nullptr;
}

matching_settings read(const std::string& yaml) {
    const auto root = detail::parse_yaml(yaml, "program.yaml");
    return read_matching_settings(root.find("matching"));
}

config_error error_of(const std::string& yaml) {
    try {
        read(yaml);
    } catch (const config_error& e) {
        return e;
    }
    FAIL("no error for:\n" << yaml);
    return config_error{{}, ""};
}

}  // namespace

// ---- settings -----------------------------------------------------------------------------

TEST_CASE("no matching section gives the documented defaults", "[matching][settings]") {
    const auto s = read_matching_settings(nullptr);
    CHECK(s.strategy == matching_strategy::optimal);
    CHECK(s.capacity == 1);
    CHECK(s.candidates == 3);
    for (const auto* c : matching_criteria) CHECK(s.weights.at(c) == 50);
    CHECK(s.required.empty());
    CHECK_FALSE(s.min_grade_gap);
    CHECK_FALSE(s.max_grade_gap);
    CHECK_FALSE(s.max_timezone_difference_minutes);
    CHECK_FALSE(s.language_min_level);
    CHECK(s.exclude_reporting_line);
}

TEST_CASE("the standard-mentoring template's matching section reads as documented", "[matching][settings]") {
    const auto root = detail::load_yaml_file(MENTORKIT_SOURCE_DIR "/config/templates/standard-mentoring.yaml");
    const auto s = read_matching_settings(root.find("matching"));
    CHECK(s.strategy == matching_strategy::optimal);
    CHECK(s.capacity == 1);
    CHECK(s.weights.at("skills") == 100);
    CHECK(s.weights.at("goals") == 100);
    CHECK(s.weights.at("seniority") == 50);
    CHECK(s.weights.at("language") == 100);  // must weighs as high
    CHECK(s.weights.at("timezone") == 25);
    CHECK(s.required == std::vector<std::string>{"language"});
    CHECK(s.min_grade_gap == 1);
    CHECK(s.max_grade_gap == 4);
    CHECK(s.max_timezone_difference_minutes == 300);
    CHECK(s.language_min_level == cefr_level::b2);
    CHECK(s.exclude_reporting_line);
}

TEST_CASE("weights are levels or numbers; unlisted and null ones are medium", "[matching][settings]") {
    const auto s = read(
        "matching:\n"
        "  strategy: stable\n"
        "  capacity: 4\n"
        "  candidates: 5\n"
        "  weights:\n"
        "    skills: 80\n"
        "    goals: none\n"
        "    seniority: ~\n"
        "    timezone: must\n"
        "  constraints:\n"
        "    min_grade_gap: -2\n"
        "    max_timezone_difference: 1h 30m\n"
        "    language_min_level: C1\n"
        "    exclude_reporting_line: false\n");
    CHECK(s.strategy == matching_strategy::stable);
    CHECK(s.capacity == 4);
    CHECK(s.candidates == 5);
    CHECK(s.weights.at("skills") == 80);
    CHECK(s.weights.at("goals") == 0);
    CHECK(s.weights.at("seniority") == 50);
    CHECK(s.weights.at("language") == 50);
    CHECK(s.weights.at("timezone") == 100);
    CHECK(s.required == std::vector<std::string>{"timezone"});
    CHECK(s.min_grade_gap == -2);
    CHECK_FALSE(s.max_grade_gap);
    CHECK(s.max_timezone_difference_minutes == 90);
    CHECK(s.language_min_level == cefr_level::c1);
    CHECK_FALSE(s.exclude_reporting_line);
    CHECK(read("matching:\n  strategy: suggest\n").strategy == matching_strategy::suggest);
}

TEST_CASE("a bad matching value is refused at its line and column, with a hint", "[matching][settings]") {
    auto e = error_of("matching:\n  weights:\n    skills: hihg\n");
    CHECK(e.mark().line == 3);
    CHECK(e.mark().column == 13);
    CHECK_THAT(e.message(), Catch::Contains("did you mean 'high'"));
    CHECK_THAT(error_of("matching:\n  weights:\n    skills: 150\n").message(),
               Catch::Contains("a number from 0 to 100"));
    CHECK_THAT(error_of("matching:\n  weights:\n    skils: high\n").message(),
               Catch::Contains("did you mean 'skills'"));
    CHECK_THAT(error_of("matching:\n  capacity: 0\n").message(), Catch::Contains("at least 1"));
    CHECK_THAT(error_of("matching:\n  candidates: many\n").message(), Catch::Contains("whole number"));
    CHECK_THAT(error_of("matching:\n  strategy: optimum\n").message(), Catch::Contains("did you mean 'optimal'"));
    CHECK_THAT(error_of("matching:\n  constraints:\n    min_grade_gap: 3\n    max_grade_gap: 1\n").message(),
               Catch::Contains("smaller than min_grade_gap"));
    CHECK_THAT(error_of("matching:\n  constraints:\n    max_timezone_difference: 27h\n").message(),
               Catch::Contains("at most 26h"));
    CHECK_THAT(error_of("matching:\n  constraints:\n    language_min_level: b3\n").message(), Catch::Contains("'B2'"));
    CHECK_THAT(error_of("matching:\n  constraints:\n    exclude_reporting_line: maybe\n").message(),
               Catch::Contains("true or false"));
    CHECK_THAT(error_of("matching:\n  style: fast\n").message(), Catch::Contains("unknown key 'style'"));
}

// ---- optimal ------------------------------------------------------------------------------------

TEST_CASE("optimal finds the best total score, as brute force over every assignment does", "[matching][optimal]") {
    std::mt19937 rng{20270111};
    int instances_with_pairs = 0;
    for (int round = 0; round < 300; ++round) {
        const int mentees = std::uniform_int_distribution<int>{1, 6}(rng);
        const int mentors = std::uniform_int_distribution<int>{1, 4}(rng);
        const auto people = random_people(rng, mentees, mentors);
        const auto settings = random_settings(rng);
        INFO("round " << round);
        const auto result = match(people, settings, people);
        const pair_scorer scorer(people, settings, people);
        const auto mentor_of = pairing(result, scorer);
        check_capacities(mentor_of, scorer);
        std::vector<int> load(scorer.mentor_count(), 0);
        std::pair<long long, int> best{0, 0};
        brute_force(scorer, 0, load, {0, 0}, best);
        CHECK(objective(mentor_of, scorer) == best);
        CHECK(result.proven_optimal);
        CHECK(result.optimality_gap == 0.0);
        instances_with_pairs += best.second > 0 ? 1 : 0;
    }
    CHECK(instances_with_pairs > 150);  // the instances are not trivially empty
}

TEST_CASE("optimal on a candidate pool proves its result against every pair", "[matching][optimal]") {
    std::mt19937 rng{7};
    for (int round = 0; round < 6; ++round) {
        const auto people = random_people(rng, 300, 70);
        auto settings = random_settings(rng);
        settings.capacity = 4;
        settings.exclude_reporting_line = true;
        settings.candidate_pool = 0;  // every feasible pair in the flow
        const auto exact = match(people, settings, people);
        const pair_scorer scorer(people, settings, people);
        const auto exact_objective = objective(pairing(exact, scorer), scorer);
        CHECK(exact.proven_optimal);

        for (const std::size_t pool : {1, 3}) {
            INFO("round " << round << ", pool " << pool);
            settings.candidate_pool = pool;
            settings.verify_optimality = true;
            const auto checked = match(people, settings, people);
            CHECK(objective(pairing(checked, scorer), scorer) == exact_objective);
            CHECK(checked.proven_optimal);
            CHECK(checked.optimality_gap == 0.0);
            CHECK(checked.total_score == Approx(exact.total_score));

            settings.verify_optimality = false;
            const auto pruned = match(people, settings, people);
            CHECK(objective(pairing(pruned, scorer), scorer) <= exact_objective);
            CHECK_FALSE(pruned.optimality_gap.has_value());
            check_capacities(pairing(pruned, scorer), scorer);
        }
    }
}

TEST_CASE("when every pair scores 0, optimal still pairs as many mentees as it can", "[matching][optimal]") {
    matching_settings settings;
    for (auto& [criterion, weight] : settings.weights) weight = 0;
    const std::vector<person> people{mentor("r1"), mentor("r2"), mentee("e1"), mentee("e2"), mentee("e3")};
    const auto result = match(people, settings, people);
    CHECK(result.proposals.size() == 2);
    CHECK(result.total_score == 0);
    REQUIRE(result.unmatched.size() == 1);
    CHECK(result.unmatched[0].reason_code == "mentors_full");
}

TEST_CASE("optimal gives up a mentee's favourite when that makes the total better", "[matching][optimal]") {
    // Both mentees like r1 best, but e2 can hardly use r2, while e1 does fine with r2.
    matching_settings settings;
    settings.weights = {{"skills", 100}, {"goals", 0}, {"seniority", 0}, {"language", 0}, {"timezone", 0}};
    auto r1 = mentor("r1");
    r1.skills = {{"python", 5}, {"sql", 5}};
    auto r2 = mentor("r2");
    r2.skills = {{"python", 4}};
    auto e1 = mentee("e1");
    e1.skills_sought = {"python"};
    auto e2 = mentee("e2");
    e2.skills_sought = {"sql"};
    const std::vector<person> people{r1, r2, e1, e2};
    const auto result = match(people, settings, people);
    REQUIRE(result.proposals.size() == 2);
    CHECK(result.proposals[0].mentee_id == "e1");
    CHECK(result.proposals[0].mentor_id == "r2");
    CHECK(result.proposals[1].mentee_id == "e2");
    CHECK(result.proposals[1].mentor_id == "r1");
    CHECK(result.total_score == Approx(100 * 7.0 / 8 + 100));
}

// ---- stable -------------------------------------------------------------------------------------

TEST_CASE("stable leaves no blocking pair", "[matching][stable]") {
    std::mt19937 rng{42};
    for (int round = 0; round < 60; ++round) {
        const auto people = random_people(rng, std::uniform_int_distribution<int>{1, 40}(rng),
                                          std::uniform_int_distribution<int>{1, 12}(rng));
        auto settings = random_settings(rng);
        settings.strategy = matching_strategy::stable;
        settings.candidate_pool = round % 3;  // 0: full lists; 1 and 2: lists that must grow
        INFO("round " << round);
        const auto result = match(people, settings, people);
        const pair_scorer s(people, settings, people);
        const auto mentor_of = pairing(result, s);
        check_capacities(mentor_of, s);
        // Both sides rank by score, ties to the lower id (lower index).
        const auto mentee_key = [&](std::size_t e, std::size_t m) {
            return detail::rank_key(s.evaluate(e, m).units, static_cast<std::uint32_t>(m));
        };
        const auto mentor_key = [&](std::size_t e, std::size_t m) {
            return detail::rank_key(s.evaluate(e, m).units, static_cast<std::uint32_t>(e));
        };
        for (std::size_t e = 0; e < s.mentee_count(); ++e) {
            if (mentor_of[e] >= 0) CHECK(s.evaluate(e, static_cast<std::size_t>(mentor_of[e])).feasible());
            for (std::size_t m = 0; m < s.mentor_count(); ++m) {
                if (mentor_of[e] == static_cast<int>(m) || !s.evaluate(e, m).feasible()) continue;
                const bool mentee_wants =
                    mentor_of[e] < 0 || mentee_key(e, m) > mentee_key(e, static_cast<std::size_t>(mentor_of[e]));
                std::vector<std::uint64_t> held;
                for (std::size_t x = 0; x < s.mentee_count(); ++x)
                    if (mentor_of[x] == static_cast<int>(m)) held.push_back(mentor_key(x, m));
                const bool mentor_wants = static_cast<int>(held.size()) < s.capacity(m) ||
                                          mentor_key(e, m) > *std::min_element(held.begin(), held.end());
                INFO("mentee " << s.mentee(e).id << ", mentor " << s.mentor(m).id);
                CHECK_FALSE((mentee_wants && mentor_wants));
            }
        }
    }
}

TEST_CASE("stable is mentee-proposing: the mentee gets their first choice when the mentor has room",
          "[matching][stable]") {
    matching_settings settings;
    settings.strategy = matching_strategy::stable;
    settings.weights = {{"skills", 100}, {"goals", 0}, {"seniority", 0}, {"language", 0}, {"timezone", 0}};
    auto r1 = mentor("r1");
    r1.skills = {{"python", 5}, {"sql", 5}};
    r1.mentor_capacity = 2;
    auto r2 = mentor("r2");
    r2.skills = {{"python", 4}};
    auto e1 = mentee("e1");
    e1.skills_sought = {"python"};
    auto e2 = mentee("e2");
    e2.skills_sought = {"sql"};
    const std::vector<person> people{r1, r2, e1, e2};
    const auto result = match(people, settings, people);
    REQUIRE(result.proposals.size() == 2);
    CHECK(result.proposals[0].mentor_id == "r1");
    CHECK(result.proposals[1].mentor_id == "r1");
    const auto* idle = unmatched(result, "r2", participant_role::mentor);
    REQUIRE(idle != nullptr);
    CHECK(idle->reason_code == "not_chosen");
    CHECK_THAT(idle->reason, Catch::Contains("none of its 2 feasible mentees proposed"));
}

// ---- suggest ------------------------------------------------------------------------------------

TEST_CASE("suggest ranks each mentee's best feasible mentors, ignoring capacity", "[matching][suggest]") {
    matching_settings settings;
    settings.strategy = matching_strategy::suggest;
    settings.candidates = 2;
    std::vector<person> people;
    for (int i = 1; i <= 3; ++i) {
        auto r = mentor("r" + std::to_string(i));
        r.skills = {{"python", i + 2}};  // r3 knows python best
        people.push_back(r);
    }
    for (int i = 1; i <= 4; ++i) {
        auto e = mentee("e" + std::to_string(i));
        e.skills_sought = {"python"};
        people.push_back(e);
    }
    people.back().exclusions = {"r3"};
    const auto result = match(people, settings, people);
    REQUIRE(result.proposals.size() == 8);
    for (std::size_t i = 0; i < 8; i += 2) {
        CHECK(result.proposals[i].rank == 1);
        CHECK(result.proposals[i + 1].rank == 2);
        CHECK(result.proposals[i].mentee_id == result.proposals[i + 1].mentee_id);
        CHECK(result.proposals[i].score >= result.proposals[i + 1].score);
    }
    CHECK(result.proposals[0].mentor_id == "r3");  // suggested to three mentees at capacity 1
    CHECK(result.proposals[4].mentor_id == "r3");
    CHECK(result.proposals[6].mentor_id == "r2");  // e4 excluded r3
    CHECK(result.proposals[7].mentor_id == "r1");
    const auto* r1 = unmatched(result, "r1", participant_role::mentor);
    REQUIRE(r1 == nullptr);  // suggested to e4
    const auto json = to_json(result);
    CHECK(json["proposals"][0]["rank"] == 1);
}

// ---- hard rules ---------------------------------------------------------------------------------

TEST_CASE("a mentee is never matched into their reporting line, however good the fit", "[matching][rules]") {
    auto boss = mentor("boss", 9);
    boss.skills = {{"python", 5}};
    auto grand_boss = mentor("grand", 10);
    grand_boss.skills = {{"python", 5}};
    auto other = mentor("other", 7);
    auto dev = mentee("dev", 5);
    dev.skills_sought = {"python"};
    dev.manager_id = "boss";
    person middle = someone("middle", participant_role::mentor, 8);  // in the organisation only
    middle.manager_id = "grand";
    boss.manager_id = "middle";
    const std::vector<person> people{boss, grand_boss, other, dev};
    const std::vector<person> organisation{boss, middle, grand_boss, other, dev};
    const auto result = match(people, matching_settings{}, organisation);
    REQUIRE(result.proposals.size() == 1);
    CHECK(result.proposals[0].mentor_id == "other");

    auto only_boss = people;
    only_boss.erase(only_boss.begin() + 1, only_boss.begin() + 3);  // boss and dev
    const auto alone = match(only_boss, matching_settings{}, organisation);
    CHECK(alone.proposals.empty());
    const auto* u = unmatched(alone, "dev", participant_role::mentee);
    REQUIRE(u != nullptr);
    CHECK(u->reason_code == "no_feasible_mentor");
    CHECK_THAT(u->reason, Catch::Contains("no mentor passes the hard constraints") &&
                              Catch::Contains("in each other's reporting line (1 of 1 mentor)"));
}

TEST_CASE("explicit exclusions hold from either side", "[matching][rules]") {
    auto r1 = mentor("r1");
    r1.exclusions = {"e1"};
    auto e2 = mentee("e2");
    e2.exclusions = {"r2"};
    const std::vector<person> people{r1, mentor("r2"), mentee("e1"), e2};
    const auto result = match(people, matching_settings{}, people);
    REQUIRE(result.proposals.size() == 2);
    CHECK(result.proposals[0].mentee_id == "e1");
    CHECK(result.proposals[0].mentor_id == "r2");
    CHECK(result.proposals[1].mentee_id == "e2");
    CHECK(result.proposals[1].mentor_id == "r1");
}

TEST_CASE("capacities: the program's, a person's own, and 0 for someone not mentoring", "[matching][rules]") {
    auto big = mentor("big");
    big.mentor_capacity = 3;
    auto none = mentor("none");
    none.mentor_capacity = 0;
    std::vector<person> people{big, mentor("small"), none};
    for (int i = 0; i < 7; ++i) people.push_back(mentee("e" + std::to_string(i)));
    matching_settings settings;
    settings.capacity = 2;
    const auto result = match(people, settings, people);
    std::map<std::string, int> load;
    for (const auto& p : result.proposals) ++load[p.mentor_id];
    CHECK(load["big"] == 3);
    CHECK(load["small"] == 2);
    CHECK(load.count("none") == 0);
    CHECK(result.proposals.size() == 5);
    const auto* idle = unmatched(result, "none", participant_role::mentor);
    REQUIRE(idle != nullptr);
    CHECK(idle->reason_code == "no_capacity");
    std::size_t full = 0;
    for (const auto& u : result.unmatched) full += u.reason_code == "mentors_full" ? 1 : 0;
    CHECK(full == 2);
    CHECK(result.mentors == 3);
    CHECK(result.mentees == 7);
}

TEST_CASE("a capacity far beyond the number of mentees is the same as room for all", "[matching][rules]") {
    auto r = mentor("r");
    r.mentor_capacity = std::numeric_limits<int>::max();
    std::vector<person> people{r};
    for (int i = 0; i < 30; ++i) people.push_back(mentee("e" + std::to_string(i)));
    for (const auto strategy : {matching_strategy::optimal, matching_strategy::stable}) {
        matching_settings settings;
        settings.strategy = strategy;
        settings.candidate_pool = 1;
        CHECK(match(people, settings, people).proposals.size() == 30);
    }
}

TEST_CASE("someone with role both may mentor and be mentored, never by themselves", "[matching][rules]") {
    auto b = someone("b", participant_role::both, 6);
    const std::vector<person> people{b, mentor("r", 8), mentee("e", 4)};
    const auto result = match(people, matching_settings{}, people);
    REQUIRE(result.proposals.size() == 2);
    CHECK(result.proposals[0].mentee_id == "b");
    CHECK(result.proposals[0].mentor_id == "r");
    CHECK(result.proposals[1].mentee_id == "e");
}

// ---- explanations and reasons -------------------------------------------------------------------

TEST_CASE("every proposal explains its score criterion by criterion", "[matching][explain]") {
    std::mt19937 rng{99};
    const auto people = random_people(rng, 30, 10);
    auto settings = random_settings(rng);
    settings.exclude_reporting_line = false;
    const auto result = match(people, settings, people);
    REQUIRE_FALSE(result.proposals.empty());
    double total = 0;
    for (const auto& p : result.proposals) {
        REQUIRE(p.explanation.size() == 5);
        double sum = 0;
        for (std::size_t c = 0; c < 5; ++c) {
            CHECK(p.explanation[c].criterion == matching_criteria[c]);
            CHECK(p.explanation[c].value >= 0);
            CHECK(p.explanation[c].value <= 1);
            CHECK_FALSE(p.explanation[c].detail.empty());
            sum += p.explanation[c].contribution;
        }
        CHECK(sum == Approx(p.score).margin(1e-9));
        total += p.score;
    }
    CHECK(result.total_score == Approx(total));
}

TEST_CASE("each unmatched person gets a specific reason", "[matching][explain]") {
    matching_settings settings;
    settings.max_timezone_difference_minutes = 300;
    settings.min_grade_gap = 1;
    auto far = mentee("far", 3);
    far.utc_offset_minutes = 600;
    auto senior = mentee("senior", 9);
    senior.utc_offset_minutes = 600;    // too senior for r1, r2; and too far
    auto lonely = mentor("lonely", 2);  // below every mentee's grade
    // e3 fits a little worse (one grade closer than the best gap of 2): it is the one left over.
    const std::vector<person> people{mentor("r1"), mentor("r2"),    lonely, mentee("e1"),
                                     mentee("e2"), mentee("e3", 6), far,    senior};
    const auto result = match(people, settings, people);
    CHECK(result.proposals.size() == 2);

    const auto* u = unmatched(result, "far", participant_role::mentee);
    REQUIRE(u != nullptr);
    CHECK(u->reason_code == "no_feasible_mentor");
    CHECK(u->feasible_partners == 0);
    CHECK_THAT(u->reason, Catch::StartsWith("no mentor passes the hard constraints; most often: time zones more than "
                                            "5h apart (3 of 3 mentors)"));
    u = unmatched(result, "senior", participant_role::mentee);
    REQUIRE(u != nullptr);
    CHECK_THAT(u->reason, Catch::Contains("grade gap below 1 (3 of 3 mentors), time zones more than 5h apart (3)"));

    u = unmatched(result, "e3", participant_role::mentee);
    REQUIRE(u != nullptr);
    CHECK(u->reason_code == "mentors_full");
    CHECK(u->feasible_partners == 2);
    CHECK_THAT(u->reason, Catch::StartsWith("every feasible mentor is at capacity"));

    u = unmatched(result, "lonely", participant_role::mentor);
    REQUIRE(u != nullptr);
    CHECK(u->reason_code == "no_feasible_mentee");
    CHECK_THAT(u->reason, Catch::Contains("capacity unused: no mentee passes the hard constraints") &&
                              Catch::Contains("grade gap below 1 (5 of 5 mentees)"));
    CHECK(unmatched(result, "r1", participant_role::mentor) == nullptr);

    // Mentees first, then mentors, each by id.
    std::vector<std::string> order;
    for (const auto& x : result.unmatched) order.push_back(x.person_id);
    CHECK(order == std::vector<std::string>{"e3", "far", "senior", "lonely"});
}

TEST_CASE("a mentor left out by optimal is told its mentees went to better-scoring pairs", "[matching][explain]") {
    matching_settings settings;
    settings.weights = {{"skills", 100}, {"goals", 0}, {"seniority", 0}, {"language", 0}, {"timezone", 0}};
    auto good = mentor("good");
    good.skills = {{"python", 5}};
    auto e = mentee("e");
    e.skills_sought = {"python"};
    const std::vector<person> people{good, mentor("weak"), e};
    const auto result = match(people, settings, people);
    const auto* u = unmatched(result, "weak", participant_role::mentor);
    REQUIRE(u != nullptr);
    CHECK(u->reason_code == "not_chosen");
    CHECK_THAT(u->reason, Catch::Contains("its one feasible mentee was matched to another mentor, which adds more"));
}

TEST_CASE("with no mentors at all, every mentee is told so", "[matching][explain]") {
    auto idle = mentor("idle");
    idle.mentor_capacity = 0;
    const std::vector<person> people{idle, mentee("e")};
    const auto result = match(people, matching_settings{}, people);
    const auto* u = unmatched(result, "e", participant_role::mentee);
    REQUIRE(u != nullptr);
    CHECK(u->reason_code == "no_mentors");
    CHECK_THAT(u->reason, Catch::Contains("capacity is 0"));
}

// ---- determinism and JSON ----------------------------------------------------------------------

TEST_CASE("the same people in any order, on any number of threads, give the same result", "[matching]") {
    std::mt19937 rng{5};
    auto people = random_people(rng, 200, 40);
    for (const auto strategy : {matching_strategy::optimal, matching_strategy::stable, matching_strategy::suggest}) {
        auto settings = random_settings(rng);
        settings.strategy = strategy;
        settings.candidate_pool = 3;
        settings.threads = 1;
        const auto first = to_json(match(people, settings, people)).dump();
        auto shuffled = people;
        std::shuffle(shuffled.begin(), shuffled.end(), rng);
        settings.threads = 3;
        CHECK(to_json(match(shuffled, settings, shuffled)).dump() == first);
    }
}

TEST_CASE("results convert to JSON with every explanation", "[matching]") {
    const std::vector<person> people{mentor("r"), mentee("e"), mentee("f", 6)};  // f: a grade too close
    const auto result = match(people, matching_settings{}, people);
    const auto j = to_json(result);
    REQUIRE(j["proposals"].size() == 1);
    const auto& p = j["proposals"][0];
    CHECK(p["mentor_id"] == "r");
    CHECK(p["mentee_id"] == "e");
    CHECK(p.contains("score"));
    CHECK_FALSE(p.contains("rank"));
    REQUIRE(p["explanation"].size() == 5);
    CHECK(p["explanation"][0]["criterion"] == "skills");
    CHECK(p["explanation"][0].contains("detail"));
    REQUIRE(j["unmatched"].size() == 1);
    CHECK(j["unmatched"][0]["person_id"] == "f");
    CHECK(j["unmatched"][0]["role"] == "mentee");
    CHECK(j["unmatched"][0]["reason_code"] == "mentors_full");
    CHECK(j["feasible_pairs"] == 2);
    CHECK(j["proven_optimal"] == true);
    CHECK(j["optimality_gap"] == 0.0);
}

TEST_CASE("match refuses a duplicate person id", "[matching]") {
    const std::vector<person> twice{mentor("x"), mentee("x")};
    CHECK_THROWS_AS(match(twice, matching_settings{}, twice), std::invalid_argument);
}

TEST_CASE("who is in an active relationship is not matched again; a mentor keeps what capacity is left",
          "[matching]") {
    matching_settings settings;
    settings.capacity = 2;
    auto both = someone("B1", participant_role::both, 6);
    const std::vector<person> people{mentor("M1"), mentor("M2"), mentee("E1"), mentee("E2"), mentee("E3"), both};
    auto active = [](std::string mentor_id, std::string mentee_id) {
        relationship r;
        r.id = "r-" + mentor_id + "-" + mentee_id;
        r.mentor_id = std::move(mentor_id);
        r.mentee_id = std::move(mentee_id);
        r.status = relationship_status::active;
        return r;
    };
    auto closed = active("M2", "E3");
    closed.status = relationship_status::completed;
    // M1 mentors E1 and E2 (full), M2 mentors B1 (one place left); E3's relationship ended.
    const auto left = still_to_match(people, {active("M1", "E1"), active("M1", "E2"), active("M2", "B1"), closed},
                                     settings);
    std::vector<std::string> ids;
    for (const auto& p : left) ids.push_back(p.id);
    CHECK(ids == std::vector<std::string>{"M2", "E3", "B1"});
    CHECK(left[0].mentor_capacity == 1);
    CHECK(left[2].role == participant_role::mentor);  // mentored already: only their mentor side is left
}
