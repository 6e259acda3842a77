// Matching at scale: a seeded synthetic organisation (regions with their time zones and
// languages, units with manager chains, skills and goal areas with skewed popularity,
// mentors more senior than mentees), matched under the standard-mentoring template's
// settings. Run a Release build:
//
//   build-release/bin/matching_bench                       # everything
//   build-release/bin/matching_bench --benchmark_filter=gap  # pruning against the exact optimum
//   build-release/bin/matching_bench --benchmark_filter=check  # the optimum against an independent solver
//
// Results are recorded in docs/benchmarks.md.

#include "matching/matching.hpp"
#include "matching/scoring.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

using namespace mentorkit;

namespace {

struct region {
    const char* name;
    int utc_offset_minutes;
    const char* language;  // besides English
    int weight;
};
constexpr region regions[] = {
    {"london", 0, "english", 14},         {"dublin", 0, "english", 4},
    {"berlin", 60, "german", 10},         {"paris", 60, "french", 8},
    {"madrid", 60, "spanish", 6},         {"warsaw", 60, "polish", 6},
    {"helsinki", 120, "finnish", 3},      {"new-york", -300, "english", 12},
    {"chicago", -360, "english", 6},      {"san-francisco", -480, "english", 8},
    {"sao-paulo", -180, "portuguese", 5}, {"bangalore", 330, "hindi", 9},
    {"singapore", 480, "mandarin", 5},    {"tokyo", 540, "japanese", 4},
};

constexpr const char* goal_areas[] = {
    "leadership", "career-growth",      "public-speaking",   "people-management",     "strategy",
    "influence",  "negotiation",        "work-life-balance", "technical-depth",       "product-sense",
    "networking", "executive-presence", "change-management", "cross-functional-work", "entrepreneurship",
    "coaching",
};

std::vector<std::string> skill_vocabulary() {
    // Named skills first (the popular ones), then a long tail.
    std::vector<std::string> skills = {"python",
                                       "sql",
                                       "negotiation",
                                       "stakeholder-management",
                                       "data-analysis",
                                       "project-management",
                                       "java",
                                       "c++",
                                       "cloud-architecture",
                                       "machine-learning",
                                       "ux-research",
                                       "product-management",
                                       "finance",
                                       "budgeting",
                                       "sales",
                                       "marketing",
                                       "writing",
                                       "presentation",
                                       "hiring",
                                       "coaching",
                                       "leadership",
                                       "strategy",
                                       "kubernetes",
                                       "security",
                                       "legal",
                                       "procurement",
                                       "operations",
                                       "customer-success",
                                       "design",
                                       "accessibility"};
    for (int i = 0; skills.size() < 120; ++i) skills.push_back("skill-" + std::to_string(i));
    return skills;
}

struct population {
    std::vector<person> people;
    matching_settings settings;
};

// `mentees` mentees and `mentors` mentors in one organisation; each unit has a head, and
// everyone else reports to someone more senior in their unit, so some mentors manage (or
// are above) some mentees.
population make_population(std::size_t mentees, std::size_t mentors, unsigned seed) {
    std::mt19937 rng{seed};
    const auto skills = skill_vocabulary();
    auto uniform = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>{lo, hi}(rng); };
    auto chance = [&rng](double p) { return std::bernoulli_distribution{p}(rng); };
    // Popularity falls off like 1/rank: a few skills are sought by many.
    std::vector<double> skill_weights;
    for (std::size_t i = 0; i < skills.size(); ++i) skill_weights.push_back(1.0 / (1.0 + static_cast<double>(i)));
    std::discrete_distribution<std::size_t> pick_skill{skill_weights.begin(), skill_weights.end()};
    std::vector<double> goal_weights;
    for (std::size_t i = 0; i < std::size(goal_areas); ++i)
        goal_weights.push_back(1.0 / (1.0 + 0.3 * static_cast<double>(i)));
    std::discrete_distribution<std::size_t> pick_goal{goal_weights.begin(), goal_weights.end()};
    std::vector<int> region_weights;
    for (const auto& r : regions) region_weights.push_back(r.weight);
    std::discrete_distribution<std::size_t> pick_region{region_weights.begin(), region_weights.end()};
    const int units = std::max(4, static_cast<int>((mentees + mentors) / 400));

    population out;
    out.people.reserve(mentees + mentors);
    const auto add_unique = [](auto& list, auto value) {
        if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
    };
    for (std::size_t i = 0; i < mentees + mentors; ++i) {
        const bool mentor = i < mentors;
        person p;
        p.id = (mentor ? "r" : "e") + std::to_string(100000 + i);
        p.name = "Person " + std::to_string(i);
        p.role = mentor ? participant_role::mentor : participant_role::mentee;
        // A few senior people want mentoring too.
        if (mentor && chance(0.03)) p.role = participant_role::both;
        const auto& r = regions[pick_region(rng)];
        p.location = r.name;
        p.utc_offset_minutes = r.utc_offset_minutes;
        p.org_unit = "unit-" + std::to_string(uniform(0, units - 1));
        p.grade = mentor ? uniform(4, 10) : uniform(1, 6);
        p.years_experience = p.grade * 2.5;
        const bool english_native = std::string{r.language} == "english";
        p.languages.push_back({r.language, cefr_level::c2});
        if (!english_native) {
            // English as a working language, mostly B2 or C1; some only B1 or A2.
            const int level = std::clamp(uniform(2, 6) + (mentor ? 1 : 0), 2, 6);
            p.languages.push_back({"english", static_cast<cefr_level>(level)});
        }
        if (chance(0.15)) {
            const auto& other = regions[pick_region(rng)];
            if (std::string{other.language} != r.language && std::string{other.language} != "english")
                p.languages.push_back({other.language, static_cast<cefr_level>(uniform(2, 5))});
        }
        if (mentor) {
            const int n = uniform(5, 10);
            for (int k = 0; k < n; ++k) {
                const auto& s = skills[pick_skill(rng)];
                if (std::none_of(p.skills.begin(), p.skills.end(), [&](const auto& x) { return x.skill == s; }))
                    p.skills.push_back({s, std::clamp(uniform(2, 5) + (p.grade >= 8 ? 1 : 0), 1, 5)});
            }
            for (int k = uniform(2, 4); k > 0; --k) add_unique(p.interests, std::string{goal_areas[pick_goal(rng)]});
            if (chance(0.1)) p.mentor_capacity = uniform(1, 6);
        }
        if (p.role != participant_role::mentor) {
            const int n = uniform(3, 6);
            for (int k = 0; k < n; ++k) {
                const auto& s = skills[pick_skill(rng)];
                if (std::none_of(p.skills.begin(), p.skills.end(), [&](const auto& x) { return x.skill == s; }))
                    p.skills.push_back({s, uniform(1, 3)});
            }
            for (int k = uniform(2, 4); k > 0; --k) add_unique(p.skills_sought, skills[pick_skill(rng)]);
            for (int k = uniform(1, 3); k > 0; --k) add_unique(p.goal_areas, std::string{goal_areas[pick_goal(rng)]});
        }
        out.people.push_back(std::move(p));
    }
    // Reporting lines: within a unit, each person reports to someone more senior.
    std::map<std::string, std::vector<std::size_t>> by_unit;
    for (std::size_t i = 0; i < out.people.size(); ++i) by_unit[out.people[i].org_unit].push_back(i);
    for (auto& [unit, members] : by_unit) {
        std::sort(members.begin(), members.end(), [&](std::size_t a, std::size_t b) {
            return std::tie(out.people[b].grade, out.people[b].id) < std::tie(out.people[a].grade, out.people[a].id);
        });
        for (std::size_t k = 1; k < members.size(); ++k) {
            // Somebody among the more senior, biased to the nearest grades.
            const std::size_t lo = k > 8 ? k - 8 : 0;
            const std::size_t boss =
                members[static_cast<std::size_t>(uniform(static_cast<int>(lo), static_cast<int>(k - 1)))];
            if (out.people[boss].grade > out.people[members[k]].grade)
                out.people[members[k]].manager_id = out.people[boss].id;
        }
    }
    for (auto& p : out.people)
        if (chance(0.005))
            p.exclusions.push_back(
                out.people[static_cast<std::size_t>(uniform(0, static_cast<int>(out.people.size()) - 1))].id);

    // The standard-mentoring template, four mentees per mentor.
    auto& s = out.settings;
    s.strategy = matching_strategy::optimal;
    s.capacity = 4;
    s.weights = {{"skills", 100}, {"goals", 100}, {"seniority", 50}, {"language", 100}, {"timezone", 25}};
    s.required = {"language"};
    s.min_grade_gap = 1;
    s.max_grade_gap = 4;
    s.max_timezone_difference_minutes = 5 * 60;
    s.language_min_level = cefr_level::b2;
    return out;
}

const population& cached_population(std::size_t mentees, std::size_t mentors, unsigned seed) {
    static std::map<std::tuple<std::size_t, std::size_t, unsigned>, population> cache;
    auto key = std::make_tuple(mentees, mentors, seed);
    auto it = cache.find(key);
    if (it == cache.end()) it = cache.emplace(key, make_population(mentees, mentors, seed)).first;
    return it->second;
}

void report(benchmark::State& state, const matching_result& r) {
    std::size_t unmatched_mentees = 0, first_choices = 0;
    for (const auto& u : r.unmatched) unmatched_mentees += u.role == participant_role::mentee ? 1 : 0;
    for (const auto& p : r.proposals) first_choices += p.rank <= 1 ? 1 : 0;  // suggest: rank 1 only
    state.counters["mentees"] = static_cast<double>(r.mentees);
    state.counters["mentors"] = static_cast<double>(r.mentors);
    state.counters["proposals"] = static_cast<double>(r.proposals.size());
    state.counters["unmatched_mentees"] = static_cast<double>(unmatched_mentees);
    state.counters["total_score"] = r.total_score;
    state.counters["mean_score"] = first_choices == 0 ? 0 : r.total_score / static_cast<double>(first_choices);
    state.counters["feasible_pairs"] = static_cast<double>(r.feasible_pairs);
    state.counters["solver_pairs"] = static_cast<double>(r.solver_pairs);
    state.counters["proven_optimal"] = r.proven_optimal ? 1 : 0;
}

// The headline: match(), scoring included, for args {mentees, mentors}.
void match_with(benchmark::State& state, matching_strategy strategy) {
    const auto& pop =
        cached_population(static_cast<std::size_t>(state.range(0)), static_cast<std::size_t>(state.range(1)), 1);
    auto settings = pop.settings;
    settings.strategy = strategy;
    matching_result result;
    for (auto _ : state) {
        result = match(pop.people, settings, pop.people);
        benchmark::DoNotOptimize(result);
    }
    report(state, result);
}
void BM_match_optimal(benchmark::State& state) { match_with(state, matching_strategy::optimal); }
void BM_match_stable(benchmark::State& state) { match_with(state, matching_strategy::stable); }
void BM_match_suggest(benchmark::State& state) { match_with(state, matching_strategy::suggest); }
BENCHMARK(BM_match_optimal)
    ->Args({2000, 500})
    ->Args({20000, 5000})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);
BENCHMARK(BM_match_stable)->Args({20000, 5000})->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK(BM_match_suggest)->Args({20000, 5000})->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

// Scoring alone, single thread: every pair of the 20,000 x 5,000 population.
void BM_score_all_pairs(benchmark::State& state) {
    const auto& pop = cached_population(20000, 5000, 1);
    const detail::pair_scorer scorer(pop.people, pop.settings, pop.people);
    detail::row_scratch scratch;
    std::size_t feasible = 0;
    double seconds = 0;
    for (auto _ : state) {
        const auto start = std::chrono::steady_clock::now();
        feasible = 0;
        for (std::size_t e = 0; e < scorer.mentee_count(); ++e) {
            scorer.score_row(e, scratch);
            for (auto u : scratch.units) feasible += u >= 0 ? 1 : 0;
        }
        benchmark::DoNotOptimize(feasible);
        seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    const double pairs = static_cast<double>(scorer.mentee_count() * scorer.mentor_count());
    double places = 0;
    for (std::size_t m = 0; m < scorer.mentor_count(); ++m) places += scorer.capacity(m);
    state.counters["places"] = places;
    state.counters["pairs"] = pairs;
    state.counters["feasible_pairs"] = static_cast<double>(feasible);
    state.counters["ns_per_pair"] = seconds * 1e9 / (pairs * static_cast<double>(state.iterations()));
}
BENCHMARK(BM_score_all_pairs)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

// What candidate pruning alone loses: optimal on the pool of each mentee's best K mentors
// (plus each mentor's best mentees) without the optimality check, against the optimum, over
// several seeds; args {mentees, mentors, K}. On small instances the optimum is the flow on
// every feasible pair; on the full-size one (too big for that) it is the checked result,
// proven optimal by its duality certificate (reference_proven = 1). K = 0 times the default:
// the pool with the check, whose gap must be 0.
void BM_pruning_gap(benchmark::State& state) {
    const auto mentees = static_cast<std::size_t>(state.range(0));
    const auto mentors = static_cast<std::size_t>(state.range(1));
    const auto k = static_cast<std::size_t>(state.range(2));
    const unsigned seeds = mentees > 5000 ? 1 : 5;
    double worst_gap = 0, sum_gap = 0, fewer_pairs = 0;
    bool reference_proven = true;
    for (auto _ : state) {
        worst_gap = sum_gap = fewer_pairs = 0;
        for (unsigned seed = 1; seed <= seeds; ++seed) {
            state.PauseTiming();
            const auto& pop = cached_population(mentees, mentors, mentees > 5000 ? 1 : 100 + seed);
            auto reference_settings = pop.settings;
            if (mentees <= 5000) reference_settings.candidate_pool = 0;
            const auto reference = match(pop.people, reference_settings, pop.people);
            reference_proven = reference_proven && reference.proven_optimal;
            auto settings = pop.settings;
            if (k > 0) {
                settings.candidate_pool = k;
                settings.verify_optimality = false;
            }
            state.ResumeTiming();
            const auto pruned = match(pop.people, settings, pop.people);
            const double gap = reference.total_score > 0
                                   ? 100.0 * (reference.total_score - pruned.total_score) / reference.total_score
                                   : 0;
            worst_gap = std::max(worst_gap, gap);
            sum_gap += gap;
            fewer_pairs +=
                static_cast<double>(reference.proposals.size()) - static_cast<double>(pruned.proposals.size());
        }
    }
    state.counters["gap_mean_pct"] = sum_gap / seeds;
    state.counters["gap_worst_pct"] = worst_gap;
    state.counters["fewer_pairs"] = fewer_pairs / seeds;
    state.counters["reference_proven"] = reference_proven ? 1 : 0;
}
BENCHMARK(BM_pruning_gap)
    ->ArgNames({"mentees", "mentors", "K"})
    ->Args({2000, 500, 2})
    ->Args({2000, 500, 4})
    ->Args({2000, 500, 8})
    ->Args({2000, 500, 16})
    ->Args({2000, 500, 24})
    ->Args({2000, 500, 48})
    ->Args({2000, 500, 0})
    ->Args({20000, 5000, 8})
    ->Args({20000, 5000, 24})
    ->Args({20000, 5000, 48})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

// ---- the optimum against an independent solver --------------------------------------------
//
// match() solves a min-cost flow on a candidate pool and proves the result with a duality
// certificate. Here the same instances are solved by methods that share nothing with it but
// the pair scores: an exhaustive search on tiny instances, and the Hungarian algorithm
// (Kuhn-Munkres with potentials) on instances small enough for its O(n^2 m), where each
// mentor is as many columns as places and spare columns let a mentee go without. Both
// maximise the total score in ranking units, the integers the flow optimises, so agreement
// is exact. The instances are larger than the candidate pool (24 mentors), so the pruning
// and the certificate are exercised, not bypassed.

using unit_matrix = std::vector<std::vector<std::int32_t>>;  // [mentee][mentor]: units, -1 infeasible

// Every assignment, with a bound: what is left can add at most each mentee's best pair.
long long exhaustive_optimum(const unit_matrix& units, std::vector<int> places) {
    const std::size_t n = units.size();
    std::vector<long long> best_rest(n + 1, 0);
    for (std::size_t e = n; e-- > 0;)
        best_rest[e] = best_rest[e + 1] + std::max<long long>(0, *std::max_element(units[e].begin(), units[e].end()));
    long long best = 0;
    std::function<void(std::size_t, long long)> search = [&](std::size_t e, long long so_far) {
        if (so_far + best_rest[e] <= best) return;
        if (e == n) {
            best = so_far;
            return;
        }
        for (std::size_t m = 0; m < places.size(); ++m) {
            if (units[e][m] < 0 || places[m] == 0) continue;
            --places[m];
            search(e + 1, so_far + units[e][m]);
            ++places[m];
        }
        search(e + 1, so_far);  // unmatched
    };
    search(0, 0);
    return best;
}

// Minimum-cost assignment of n rows to m >= n columns (1-based potentials, as in the
// textbook), on costs -units; a mentee on a spare column or an infeasible pair gains 0.
long long hungarian_optimum(const unit_matrix& units, const std::vector<int>& places) {
    const std::size_t n = units.size();
    std::vector<std::size_t> column_mentor;
    for (std::size_t m = 0; m < places.size(); ++m)
        for (int p = 0; p < std::min(places[m], static_cast<int>(n)); ++p) column_mentor.push_back(m);
    const std::size_t real_columns = column_mentor.size();
    const std::size_t cols = std::max(real_columns, n);
    auto gain = [&](std::size_t i, std::size_t j) -> long long {  // 1-based
        if (j > real_columns) return 0;
        const auto u = units[i - 1][column_mentor[j - 1]];
        return u < 0 ? 0 : u;
    };
    constexpr long long inf = std::numeric_limits<long long>::max() / 4;
    std::vector<long long> u(n + 1, 0), v(cols + 1, 0);
    std::vector<std::size_t> p(cols + 1, 0), way(cols + 1, 0);
    for (std::size_t i = 1; i <= n; ++i) {
        p[0] = i;
        std::size_t j0 = 0;
        std::vector<long long> minv(cols + 1, inf);
        std::vector<char> used(cols + 1, 0);
        do {
            used[j0] = 1;
            const std::size_t i0 = p[j0];
            long long delta = inf;
            std::size_t j1 = 0;
            for (std::size_t j = 1; j <= cols; ++j) {
                if (used[j]) continue;
                const long long cur = -gain(i0, j) - u[i0] - v[j];
                if (cur < minv[j]) {
                    minv[j] = cur;
                    way[j] = j0;
                }
                if (minv[j] < delta) {
                    delta = minv[j];
                    j1 = j;
                }
            }
            for (std::size_t j = 0; j <= cols; ++j) {
                if (used[j]) {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
        } while (p[j0] != 0);
        do {
            const std::size_t j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
        } while (j0 != 0);
    }
    long long total = 0;
    for (std::size_t j = 1; j <= cols; ++j)
        if (p[j] != 0) total += gain(p[j], j);
    return total;
}

// args {mentees, mentors, instances, solver}: solver 0 is the exhaustive search (capacity 1
// by default, mentors' own capacities kept), 1 the Hungarian algorithm (the template's 4).
void BM_optimum_check(benchmark::State& state) {
    const auto mentees = static_cast<std::size_t>(state.range(0));
    const auto mentors = static_cast<std::size_t>(state.range(1));
    const auto instances = static_cast<unsigned>(state.range(2));
    const bool exhaustive = state.range(3) == 0;
    std::size_t agree = 0, proven = 0, valid = 0;
    long long worst_difference = 0, optimum_sum = 0;
    double match_seconds = 0;
    for (auto _ : state) {
        agree = proven = valid = 0;
        worst_difference = optimum_sum = 0;
        match_seconds = 0;
        for (unsigned seed = 1; seed <= instances; ++seed) {
            auto pop = make_population(mentees, mentors, 1000 + seed);
            if (exhaustive) pop.settings.capacity = 1;
            const detail::pair_scorer scorer(pop.people, pop.settings, pop.people);
            detail::row_scratch scratch;
            unit_matrix units(scorer.mentee_count());
            for (std::size_t e = 0; e < scorer.mentee_count(); ++e) {
                scorer.score_row(e, scratch);
                units[e].assign(scratch.units.begin(),
                                scratch.units.begin() + static_cast<std::ptrdiff_t>(scorer.mentor_count()));
            }
            std::vector<int> places;
            for (std::size_t m = 0; m < scorer.mentor_count(); ++m) places.push_back(scorer.capacity(m));
            const long long optimum = exhaustive ? exhaustive_optimum(units, places) : hungarian_optimum(units, places);

            const auto start = std::chrono::steady_clock::now();
            const auto result = match(pop.people, pop.settings, pop.people);
            match_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

            // The result's total in the same units, and whether it keeps every rule.
            std::map<std::string, std::size_t> mentee_index, mentor_index;
            for (std::size_t e = 0; e < scorer.mentee_count(); ++e) mentee_index[scorer.mentee(e).id] = e;
            for (std::size_t m = 0; m < scorer.mentor_count(); ++m) mentor_index[scorer.mentor(m).id] = m;
            long long total = 0;
            bool ok = true;
            std::vector<int> used(places.size(), 0);
            std::vector<char> matched(units.size(), 0);
            for (const auto& p : result.proposals) {
                const auto e = mentee_index.find(p.mentee_id);
                const auto m = mentor_index.find(p.mentor_id);
                if (e == mentee_index.end() || m == mentor_index.end()) {
                    ok = false;
                    continue;
                }
                const auto pair_units = units[e->second][m->second];
                ok = ok && pair_units >= 0 && !matched[e->second] && ++used[m->second] <= places[m->second];
                matched[e->second] = 1;
                total += std::max(0, pair_units);
            }
            valid += ok ? 1 : 0;
            agree += ok && total == optimum ? 1 : 0;
            proven += result.proven_optimal ? 1 : 0;
            worst_difference = std::max(worst_difference, std::abs(optimum - total));
            optimum_sum += optimum;
        }
    }
    state.counters["instances"] = instances;
    state.counters["agree"] = static_cast<double>(agree);
    state.counters["valid"] = static_cast<double>(valid);
    state.counters["proven_optimal"] = static_cast<double>(proven);
    state.counters["worst_difference_units"] = static_cast<double>(worst_difference);
    state.counters["mean_optimum_points"] = static_cast<double>(optimum_sum) / detail::units_per_point / instances;
    state.counters["match_ms"] = match_seconds * 1000 / instances;
}
BENCHMARK(BM_optimum_check)
    ->ArgNames({"mentees", "mentors", "instances", "solver"})
    ->Args({7, 4, 1000, 0})
    ->Args({9, 5, 300, 0})
    ->Args({40, 30, 300, 1})
    ->Args({300, 100, 50, 1})
    ->Args({400, 80, 50, 1})  // fewer places than mentees: matching also decides who goes without
    ->Args({1000, 250, 10, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
