#include "matching/matching.hpp"

#include "matching/scoring.hpp"

#include <lemon/network_simplex.h>
#include <lemon/static_graph.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <climits>
#include <cmath>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>
#include <chrono>
#include <cstdio>

namespace mentorkit {

std::string to_string(matching_strategy strategy) {
    switch (strategy) {
    case matching_strategy::optimal: return "optimal";
    case matching_strategy::stable: return "stable";
    case matching_strategy::suggest: return "suggest";
    }
    return "optimal";
}

// ---- settings -----------------------------------------------------------------------------

namespace {

const config_node* present(const config_node& map, std::string_view key) {
    const auto* node = map.find(key);
    return node != nullptr && !node->is_null() ? node : nullptr;
}

std::string quoted_path(const config_node& node, std::string_view fallback) {
    return "'" + (node.path().empty() ? std::string{fallback} : node.path()) + "'";
}

long long whole_number(const config_node& node, std::string_view name, long long min) {
    const auto& text = node.text();
    long long value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value < min)
        node.fail("expected a whole number of at least " + std::to_string(min) + " for " + quoted_path(node, name) +
                  ", found '" + text + "'");
    return value;
}

int to_int(long long v) { return static_cast<int>(std::clamp<long long>(v, INT_MIN, INT_MAX)); }

}  // namespace

matching_settings read_matching_settings(const config_node* matching) {
    matching_settings settings;
    if (matching == nullptr || matching->is_null()) return settings;
    matching->expect_keys({"strategy", "capacity", "candidates", "weights", "constraints"});

    if (const auto* node = present(*matching, "strategy")) {
        const auto name = node->as_enum({"optimal", "stable", "suggest"});
        settings.strategy = name == "stable"    ? matching_strategy::stable
                            : name == "suggest" ? matching_strategy::suggest
                                                : matching_strategy::optimal;
    }
    if (const auto* node = present(*matching, "capacity")) settings.capacity = to_int(whole_number(*node, "matching.capacity", 1));
    if (const auto* node = present(*matching, "candidates"))
        settings.candidates = to_int(whole_number(*node, "matching.candidates", 1));

    if (const auto* weights = present(*matching, "weights")) {
        weights->expect_keys({"skills", "goals", "seniority", "language", "timezone"});
        const std::vector<std::string> levels = {"must", "high", "medium", "low", "none"};
        for (const auto& criterion : matching_criteria) {
            const auto* node = present(*weights, criterion);
            if (node == nullptr) continue;  // unlisted (or removed with null): medium
            const auto& text = node->text();
            double weight = 0;
            if (text == "must") {
                weight = 100;
                settings.required.emplace_back(criterion);
            } else if (text == "high") {
                weight = 100;
            } else if (text == "medium") {
                weight = 50;
            } else if (text == "low") {
                weight = 25;
            } else if (text == "none") {
                weight = 0;
            } else {
                const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), weight);
                if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(weight) ||
                    weight < 0 || weight > 100) {
                    std::string message = "expected one of 'must', 'high', 'medium', 'low', 'none', or a number from 0 "
                                           "to 100 for " +
                                           quoted_path(*node, std::string{"matching.weights."} + criterion) +
                                           ", found '" + text + "'";
                    if (auto hint = closest_match(text, levels); !hint.empty()) message += "; did you mean '" + hint + "'?";
                    node->fail(message);
                }
            }
            settings.weights[criterion] = weight;
        }
    }

    if (const auto* constraints = present(*matching, "constraints")) {
        constraints->expect_keys(
            {"min_grade_gap", "max_grade_gap", "max_timezone_difference", "language_min_level", "exclude_reporting_line"});
        // Gaps may be negative: a negative minimum allows reverse mentoring.
        constexpr long long any_gap = -1000;
        if (const auto* node = present(*constraints, "min_grade_gap"))
            settings.min_grade_gap = to_int(whole_number(*node, "matching.constraints.min_grade_gap", any_gap));
        if (const auto* node = present(*constraints, "max_grade_gap")) {
            settings.max_grade_gap = to_int(whole_number(*node, "matching.constraints.max_grade_gap", any_gap));
            if (settings.min_grade_gap && *settings.max_grade_gap < *settings.min_grade_gap)
                node->fail(quoted_path(*node, "matching.constraints.max_grade_gap") + " (" +
                           std::to_string(*settings.max_grade_gap) + ") is smaller than min_grade_gap (" +
                           std::to_string(*settings.min_grade_gap) + "): no pair could be matched");
        }
        if (const auto* node = present(*constraints, "max_timezone_difference")) {
            const auto d = node->as_duration();
            if (d.months != 0 || d.exact > std::chrono::hours{26})
                node->fail(quoted_path(*node, "matching.constraints.max_timezone_difference") +
                           " must be at most 26h (the widest gap between time zones), found '" + node->text() + "'");
            // UTC offsets are whole minutes, so a cap of 90s allows exactly what 1m does.
            settings.max_timezone_difference_minutes =
                static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(d.exact).count());
        }
        if (const auto* node = present(*constraints, "language_min_level"))
            settings.language_min_level = parse_cefr(node->as_enum({"A1", "A2", "B1", "B2", "C1", "C2"}));
        if (const auto* node = present(*constraints, "exclude_reporting_line"))
            settings.exclude_reporting_line = node->as_bool();
    }
    return settings;
}

// ---- matching -----------------------------------------------------------------------------

namespace {

using detail::constraint;
using detail::constraint_count;
using detail::key_index;
using detail::key_units;
using detail::pair_scorer;
using detail::rank_key;
using detail::row_scratch;

unsigned worker_count(const matching_settings& settings) {
    const unsigned wanted = settings.threads != 0 ? settings.threads : std::thread::hardware_concurrency();
    return std::clamp(wanted, 1u, 64u);
}

// Runs f(worker, item) for every item in [0, n) on `workers` threads. Items are handed out
// in small chunks so that uneven rows balance out; the caller makes f's effects
// independent of which worker runs it, which keeps results deterministic.
template <typename F>
void parallel_for(std::size_t n, unsigned workers, F&& f) {
    constexpr std::size_t chunk = 16;
    workers = static_cast<unsigned>(std::min<std::size_t>(workers, (n + chunk - 1) / chunk));
    if (workers <= 1) {
        for (std::size_t i = 0; i < n; ++i) f(0u, i);
        return;
    }
    std::atomic<std::size_t> next{0};
    std::exception_ptr error;
    std::mutex error_mutex;
    const auto work = [&](unsigned worker) {
        try {
            for (;;) {
                const std::size_t begin = next.fetch_add(chunk);
                if (begin >= n) break;
                for (std::size_t i = begin; i < std::min(begin + chunk, n); ++i) f(worker, i);
            }
        } catch (...) {
            const std::lock_guard lock{error_mutex};
            if (!error) error = std::current_exception();
            next = n;
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(workers - 1);
    for (unsigned w = 1; w < workers; ++w) pool.emplace_back(work, w);
    work(0);
    for (auto& t : pool) t.join();
    if (error) std::rethrow_exception(error);
}

// The best `limit` feasible mentors of a scored row (all when limit is 0), best first.
// Returns how many were feasible in all.
std::uint32_t best_of_row(const row_scratch& scratch, std::size_t mentors, std::size_t limit,
                          std::vector<std::uint64_t>& buffer, std::vector<std::uint64_t>& out) {
    buffer.clear();
    for (std::size_t m = 0; m < mentors; ++m)
        if (scratch.units[m] >= 0) buffer.push_back(rank_key(scratch.units[m], static_cast<std::uint32_t>(m)));
    const auto feasible = static_cast<std::uint32_t>(buffer.size());
    if (limit != 0 && buffer.size() > limit) {
        std::nth_element(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(limit), buffer.end(),
                         std::greater<>{});
        buffer.resize(limit);
    }
    std::sort(buffer.begin(), buffer.end(), std::greater<>{});
    out.assign(buffer.begin(), buffer.end());
    return feasible;
}

// Each mentee's best feasible mentors, and how many feasible partners everyone has.
struct candidate_lists {
    std::vector<std::vector<std::uint64_t>> keys;  // per mentee, best first
    std::vector<std::uint32_t> feasible;           // per mentee: feasible mentors in all
    std::vector<std::uint32_t> mentor_feasible;    // per mentor: feasible mentees in all
    std::size_t feasible_pairs = 0;
};

candidate_lists score_everyone(const pair_scorer& scorer, std::size_t limit, unsigned workers) {
    const std::size_t mentees = scorer.mentee_count();
    const std::size_t mentors = scorer.mentor_count();
    candidate_lists lists;
    lists.keys.resize(mentees);
    lists.feasible.resize(mentees);
    struct worker_state {
        row_scratch scratch;
        std::vector<std::uint64_t> buffer;
        std::vector<std::uint32_t> mentor_feasible;
    };
    std::vector<worker_state> state(workers);
    for (auto& s : state) s.mentor_feasible.assign(mentors, 0);
    parallel_for(mentees, workers, [&](unsigned w, std::size_t e) {
        auto& s = state[w];
        scorer.score_row(e, s.scratch);
        lists.feasible[e] = best_of_row(s.scratch, mentors, limit, s.buffer, lists.keys[e]);
        for (std::size_t m = 0; m < mentors; ++m) s.mentor_feasible[m] += s.scratch.units[m] >= 0 ? 1u : 0u;
    });
    lists.mentor_feasible.assign(mentors, 0);
    for (const auto& s : state)
        for (std::size_t m = 0; m < mentors; ++m) lists.mentor_feasible[m] += s.mentor_feasible[m];
    for (auto f : lists.feasible) lists.feasible_pairs += f;
    return lists;
}

// ---- optimal: min-cost flow ----------------------------------------------------------------
//
//   source --1--> mentee --1, -(score)--> mentor --capacity--> sink,   source --> sink (bypass)
//
// The source supplies one unit per mentee and the bypass lets a mentee stay unmatched, so
// the minimum cost is the maximum total score. Arc costs are -(units * B + 1) with B larger
// than the number of mentees: the score decides first, and among equally good pairings
// the one that matches more mentees wins (it only matters for pairs that score 0).

struct flow_outcome {
    std::vector<std::int32_t> mentor_of;  // per mentee, -1 = unmatched
    std::size_t arcs = 0;                 // mentee-to-mentor arcs in the last solve
    bool proven = false;
};

flow_outcome solve_optimal(const pair_scorer& scorer, const candidate_lists& lists, const matching_settings& settings,
                           unsigned workers) {
    using graph = lemon::StaticDigraph;
    const std::size_t mentees = scorer.mentee_count();
    const std::size_t mentors = scorer.mentor_count();
    const long long unit_weight = static_cast<long long>(mentees) + 1;
    const auto cost_of = [unit_weight](std::int32_t units) { return -(units * unit_weight + 1); };

    // Pairs the pricing step adds to each mentee's pool.
    std::vector<std::vector<std::uint64_t>> extra(mentees);
    const auto pruned = [&](std::size_t e) { return lists.keys[e].size() + extra[e].size() < lists.feasible[e]; };
    bool any_pruned = false;
    for (std::size_t e = 0; e < mentees; ++e) any_pruned = any_pruned || pruned(e);

    flow_outcome outcome;
    for (;;) {
        const int source = 0;
        const int sink = static_cast<int>(mentees + mentors + 1);
        const auto mentee_node = [](std::size_t e) { return static_cast<int>(1 + e); };
        const auto mentor_node = [mentees](std::size_t m) { return static_cast<int>(1 + mentees + m); };
        std::vector<std::pair<int, int>> arcs;
        std::vector<long long> costs;
        std::vector<int> caps;
        int supply = 0;
        for (std::size_t e = 0; e < mentees; ++e) {
            if (lists.keys[e].empty()) continue;
            arcs.emplace_back(source, mentee_node(e));
            costs.push_back(0);
            caps.push_back(1);
            ++supply;
        }
        arcs.emplace_back(source, sink);
        costs.push_back(0);
        caps.push_back(supply);
        const std::size_t first_pair_arc = arcs.size();
        std::vector<std::uint32_t> arc_mentee;
        for (std::size_t e = 0; e < mentees; ++e) {
            // Mentor order within a mentee does not change the optimum, but keep it fixed
            // (by index) so that equal optima always resolve the same way.
            std::vector<std::uint64_t> keys = lists.keys[e];
            keys.insert(keys.end(), extra[e].begin(), extra[e].end());
            std::sort(keys.begin(), keys.end(),
                      [](std::uint64_t a, std::uint64_t b) { return key_index(a) < key_index(b); });
            for (const auto key : keys) {
                arcs.emplace_back(mentee_node(e), mentor_node(key_index(key)));
                costs.push_back(cost_of(key_units(key)));
                caps.push_back(1);
                arc_mentee.push_back(static_cast<std::uint32_t>(e));
            }
        }
        const std::size_t pair_arcs = arcs.size() - first_pair_arc;
        for (std::size_t m = 0; m < mentors; ++m) {
            arcs.emplace_back(mentor_node(m), sink);
            costs.push_back(0);
            caps.push_back(scorer.capacity(m));
        }

        graph g;
        g.build(sink + 1, arcs.begin(), arcs.end());
        graph::ArcMap<long long> cost(g);
        graph::ArcMap<int> cap(g);
        for (std::size_t i = 0; i < arcs.size(); ++i) {
            cost[g.arc(static_cast<int>(i))] = costs[i];
            cap[g.arc(static_cast<int>(i))] = caps[i];
        }
        graph::NodeMap<int> supplies(g, 0);
        supplies[g.node(source)] = supply;
        supplies[g.node(sink)] = -supply;
        lemon::NetworkSimplex<graph, int, long long> solver(g);
        solver.upperMap(cap).costMap(cost).supplyMap(supplies);
        auto t0 = std::chrono::steady_clock::now();
        auto rc = solver.run();
        std::fprintf(stderr, "TRACE solve arcs=%zu %.3fs\n", pair_arcs, std::chrono::duration<double>(std::chrono::steady_clock::now()-t0).count());
        if (rc != lemon::NetworkSimplex<graph, int, long long>::OPTIMAL)
            throw std::logic_error("matching: the min-cost flow has no optimal solution");  // cannot happen: the bypass is always feasible

        outcome.mentor_of.assign(mentees, -1);
        outcome.arcs = pair_arcs;
        std::vector<long long> matched_weight(mentees, 0);  // -cost of the mentee's matched arc
        for (std::size_t i = 0; i < pair_arcs; ++i) {
            const auto arc = g.arc(static_cast<int>(first_pair_arc + i));
            if (solver.flow(arc) <= 0) continue;
            outcome.mentor_of[arc_mentee[i]] = static_cast<std::int32_t>(g.index(g.target(arc)) - mentor_node(0));
            matched_weight[arc_mentee[i]] = -costs[first_pair_arc + i];
        }
        if (!any_pruned) {
            outcome.proven = true;
            break;
        }
        if (!settings.verify_optimality) break;

        // Pricing, in the terms of the assignment LP's dual: a price p(m) >= 0 per mentor and
        // a utility u(e) >= 0 per mentee with u(e) + p(m) >= w(e, m) on every pair proves the
        // pairing optimal. From the solver's potentials: p(m) = max(0, pi(sink) - pi(m)),
        // which is 0 for a mentor with room; u(e) = w(e, matched) - p(matched), 0 when
        // unmatched. These satisfy every pair in the flow; a left-out pair breaks them only
        // if w(e, m) > u(e) + p(m). Left-out pairs score at most the lowest score in the
        // mentee's pool and prices are not negative, so a mentee whose utility reaches that
        // score is cleared without rescoring; the rest are rescored and their violating
        // pairs join the flow.
        const long long sink_pi = solver.potential(g.node(sink));
        std::vector<long long> price(mentors);
        for (std::size_t m = 0; m < mentors; ++m)
            price[m] = std::max(0LL, sink_pi - solver.potential(g.node(mentor_node(m))));
        std::vector<long long> utility(mentees, 0);
        for (std::size_t e = 0; e < mentees; ++e)
            if (outcome.mentor_of[e] >= 0)
                utility[e] = matched_weight[e] - price[static_cast<std::size_t>(outcome.mentor_of[e])];
        std::vector<std::uint32_t> suspects;
        for (std::size_t e = 0; e < mentees; ++e) {
            if (!pruned(e)) continue;
            if (-cost_of(key_units(lists.keys[e].back())) > utility[e]) suspects.push_back(static_cast<std::uint32_t>(e));
        }
        std::vector<std::vector<std::uint64_t>> found(suspects.size());
        std::vector<row_scratch> scratch(workers);
        parallel_for(suspects.size(), workers, [&](unsigned w, std::size_t i) {
            const std::size_t e = suspects[i];
            scorer.score_row(e, scratch[w]);
            const std::uint64_t pool_floor = lists.keys[e].back();
            for (std::size_t m = 0; m < mentors; ++m) {
                const auto units = scratch[w].units[m];
                if (units < 0) continue;
                const auto key = rank_key(units, static_cast<std::uint32_t>(m));
                if (key >= pool_floor) continue;  // in the pool
                if (std::find(extra[e].begin(), extra[e].end(), key) != extra[e].end()) continue;
                if (-cost_of(units) > utility[e] + price[m]) found[i].push_back(key);
            }
        });
        std::fprintf(stderr, "TRACE suspects=%zu\n", suspects.size());
        bool added = false; size_t tr = 0;
        for (std::size_t i = 0; i < suspects.size(); ++i) {
            auto& x = extra[suspects[i]];
            x.insert(x.end(), found[i].begin(), found[i].end());
            added = added || !found[i].empty();
            tr += found[i].size();
        }
        std::fprintf(stderr, "TRACE added=%zu\n", tr);
        if (!added) {
            outcome.proven = true;
            break;
        }
        any_pruned = false;
        for (std::size_t e = 0; e < mentees; ++e) any_pruned = any_pruned || pruned(e);
    }
    return outcome;
}

// ---- stable: mentee-proposing deferred acceptance -------------------------------------------
//
// Both sides rank by the pair's score (ties: lower id first). A mentee proposes down their
// list; a mentor holds the best `capacity` proposals so far and turns down the rest. A
// mentee who runs out of pooled candidates gets a longer list: the pool is a prefix of
// their full preference order, so the outcome is the same as with full lists.

std::vector<std::int32_t> solve_stable(const pair_scorer& scorer, candidate_lists& lists) {
    const std::size_t mentees = scorer.mentee_count();
    const std::size_t mentors = scorer.mentor_count();
    std::vector<std::int32_t> mentor_of(mentees, -1);
    std::vector<std::size_t> next(mentees, 0);
    std::vector<std::vector<std::uint64_t>> held(mentors);  // min-heaps of rank_key(units, mentee)
    std::deque<std::uint32_t> free;
    for (std::size_t e = 0; e < mentees; ++e)
        if (lists.feasible[e] > 0) free.push_back(static_cast<std::uint32_t>(e));
    row_scratch scratch;
    std::vector<std::uint64_t> buffer;
    while (!free.empty()) {
        const std::uint32_t e = free.front();
        free.pop_front();
        auto& list = lists.keys[e];
        for (;;) {
            if (next[e] == list.size()) {
                if (list.size() >= lists.feasible[e]) break;  // turned down by every feasible mentor
                scorer.score_row(e, scratch);
                best_of_row(scratch, mentors, std::max<std::size_t>(2 * list.size(), 16), buffer, list);
            }
            const std::uint64_t choice = list[next[e]++];
            const std::uint32_t m = key_index(choice);
            const std::uint64_t offer = rank_key(key_units(choice), e);
            auto& heap = held[m];
            if (heap.size() < static_cast<std::size_t>(scorer.capacity(m))) {
                heap.push_back(offer);
                std::push_heap(heap.begin(), heap.end(), std::greater<>{});
                mentor_of[e] = static_cast<std::int32_t>(m);
                break;
            }
            if (offer > heap.front()) {
                std::pop_heap(heap.begin(), heap.end(), std::greater<>{});
                const std::uint32_t dropped = key_index(heap.back());
                heap.back() = offer;
                std::push_heap(heap.begin(), heap.end(), std::greater<>{});
                mentor_of[dropped] = -1;
                free.push_back(dropped);
                mentor_of[e] = static_cast<std::int32_t>(m);
                break;
            }
        }
    }
    return mentor_of;
}

// ---- why someone is unmatched ---------------------------------------------------------------

std::string plural(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

// "most often: grade gap outside 1..4 (212 of 240 mentors), …" from per-constraint counts.
std::string blocking_summary(const pair_scorer& scorer, const std::array<std::size_t, constraint_count>& counts,
                             std::size_t others, const char* one, const char* many) {
    std::vector<std::size_t> order;
    for (std::size_t c = 0; c < constraint_count; ++c)
        if (counts[c] > 0) order.push_back(c);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return counts[a] > counts[b]; });
    std::string out;
    for (std::size_t i = 0; i < order.size(); ++i) {
        out += i == 0 ? "; most often: " : ", ";
        out += scorer.describe(static_cast<constraint>(order[i])) + " (" + std::to_string(counts[order[i]]);
        if (i == 0) out += " of " + plural(others, one, many);
        out += ")";
    }
    return out;
}

std::array<std::size_t, constraint_count> count_broken(const row_scratch& scratch, std::size_t n) {
    std::array<std::size_t, constraint_count> counts{};
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t c = 0; c < constraint_count; ++c)
            if ((scratch.broken[i] >> c) & 1u) ++counts[c];
    return counts;
}

double round4(double v) { return std::round(v * 10000.0) / 10000.0; }

}  // namespace

matching_result match(const std::vector<person>& people, const matching_settings& settings,
                      const std::vector<person>& organisation) {
    const pair_scorer scorer(people, settings, organisation);
    const unsigned workers = worker_count(settings);
    const std::size_t mentees = scorer.mentee_count();
    const std::size_t mentors = scorer.mentor_count();

    const std::size_t limit = settings.strategy == matching_strategy::suggest
                                  ? static_cast<std::size_t>(std::max(1, settings.candidates))
                                  : settings.candidate_pool;
    candidate_lists lists = score_everyone(scorer, limit, workers);

    matching_result result;
    result.feasible_pairs = lists.feasible_pairs;
    result.mentees = mentees;
    result.mentors = mentors + scorer.idle_mentors().size();

    std::vector<std::int32_t> mentor_of(mentees, -1);
    std::vector<int> load(mentors, 0);
    if (settings.strategy == matching_strategy::optimal) {
        auto outcome = solve_optimal(scorer, lists, settings, workers);
        mentor_of = std::move(outcome.mentor_of);
        result.solver_pairs = outcome.arcs;
        result.proven_optimal = outcome.proven;
    } else if (settings.strategy == matching_strategy::stable) {
        mentor_of = solve_stable(scorer, lists);
    }

    // Proposals, in mentee id order (then rank).
    for (std::size_t e = 0; e < mentees; ++e) {
        const auto add = [&](std::size_t m, int rank) {
            match_proposal p;
            p.mentor_id = scorer.mentor(m).id;
            p.mentee_id = scorer.mentee(e).id;
            p.rank = rank;
            p.explanation = scorer.explain(e, m);
            p.score = scorer.evaluate(e, m).score;
            if (rank <= 1) result.total_score += p.score;
            result.proposals.push_back(std::move(p));
        };
        if (settings.strategy == matching_strategy::suggest) {
            int rank = 0;
            for (const auto key : lists.keys[e]) {
                ++load[key_index(key)];
                add(key_index(key), ++rank);
            }
        } else if (mentor_of[e] >= 0) {
            ++load[static_cast<std::size_t>(mentor_of[e])];
            add(static_cast<std::size_t>(mentor_of[e]), 0);
        }
    }

    // Mentees without a mentor.
    std::vector<std::uint32_t> stranded;  // mentees no mentor passes the constraints with
    for (std::size_t e = 0; e < mentees; ++e) {
        const bool matched = settings.strategy == matching_strategy::suggest ? !lists.keys[e].empty() : mentor_of[e] >= 0;
        if (!matched && lists.feasible[e] == 0 && mentors > 0) stranded.push_back(static_cast<std::uint32_t>(e));
    }
    std::vector<std::array<std::size_t, constraint_count>> stranded_counts(stranded.size());
    {
        std::vector<row_scratch> scratch(workers);
        parallel_for(stranded.size(), workers, [&](unsigned w, std::size_t i) {
            scorer.score_row(stranded[i], scratch[w]);
            stranded_counts[i] = count_broken(scratch[w], mentors);
        });
    }
    for (std::size_t e = 0, s = 0; e < mentees; ++e) {
        const bool matched = settings.strategy == matching_strategy::suggest ? !lists.keys[e].empty() : mentor_of[e] >= 0;
        if (matched) continue;
        unmatched_person u;
        u.person_id = scorer.mentee(e).id;
        u.role = participant_role::mentee;
        u.feasible_partners = lists.feasible[e];
        if (mentors == 0) {
            u.reason_code = "no_mentors";
            u.reason = scorer.idle_mentors().empty() ? "there are no mentors in the program"
                                                     : "no mentor has capacity (every mentor's capacity is 0)";
        } else if (lists.feasible[e] == 0) {
            u.reason_code = "no_feasible_mentor";
            u.reason = "no mentor passes the hard constraints" +
                       blocking_summary(scorer, stranded_counts[s++], mentors, "mentor", "mentors");
        } else if (settings.strategy == matching_strategy::stable) {
            u.reason_code = "mentors_full";
            u.reason = "every feasible mentor is at capacity with mentees it ranks higher (" +
                       plural(lists.feasible[e], "feasible mentor", "feasible mentors") + ")";
        } else if (result.proven_optimal) {
            u.reason_code = "mentors_full";
            u.reason = "every feasible mentor is at capacity with pairs that add more to the total score (" +
                       plural(lists.feasible[e], "feasible mentor", "feasible mentors") + ")";
        } else {
            u.reason_code = "mentors_full";
            u.reason = "its " + plural(lists.keys[e].size(), "best-scoring mentor is", "best-scoring mentors are") +
                       " at capacity; the other " + std::to_string(lists.feasible[e] - lists.keys[e].size()) +
                       " feasible mentors were not considered (optimality check off)";
        }
        result.unmatched.push_back(std::move(u));
    }

    // Mentors without a mentee.
    std::vector<std::uint32_t> lonely;  // mentors no mentee passes the constraints with
    for (std::size_t m = 0; m < mentors; ++m)
        if (load[m] == 0 && lists.mentor_feasible[m] == 0) lonely.push_back(static_cast<std::uint32_t>(m));
    std::vector<std::array<std::size_t, constraint_count>> lonely_counts(lonely.size());
    if (!lonely.empty() && mentees > 0) {
        struct worker_state {
            row_scratch scratch;
            std::vector<std::array<std::size_t, constraint_count>> counts;
        };
        std::vector<worker_state> state(workers);
        for (auto& s : state) s.counts.assign(lonely.size(), {});
        parallel_for(mentees, workers, [&](unsigned w, std::size_t e) {
            auto& s = state[w];
            scorer.score_some(e, lonely, s.scratch);
            for (std::size_t i = 0; i < lonely.size(); ++i)
                for (std::size_t c = 0; c < constraint_count; ++c)
                    if ((s.scratch.broken[i] >> c) & 1u) ++s.counts[i][c];
        });
        for (const auto& s : state)
            for (std::size_t i = 0; i < lonely.size(); ++i)
                for (std::size_t c = 0; c < constraint_count; ++c) lonely_counts[i][c] += s.counts[i][c];
    }
    std::vector<unmatched_person> idle;
    for (std::size_t m = 0, l = 0; m < mentors; ++m) {
        if (load[m] > 0) continue;
        unmatched_person u;
        u.person_id = scorer.mentor(m).id;
        u.role = participant_role::mentor;
        u.feasible_partners = lists.mentor_feasible[m];
        if (lists.mentor_feasible[m] == 0) {
            u.reason_code = "no_feasible_mentee";
            u.reason = mentees == 0 ? "capacity unused: there are no mentees in the program"
                                    : "capacity unused: no mentee passes the hard constraints with this mentor" +
                                          blocking_summary(scorer, lonely_counts[l++], mentees, "mentee", "mentees");
        } else {
            u.reason_code = "not_chosen";
            const std::string feasible = plural(lists.mentor_feasible[m], "feasible mentee", "feasible mentees");
            switch (settings.strategy) {
            case matching_strategy::optimal:
                u.reason = "capacity unused: its " + feasible +
                           (result.proven_optimal ? " were matched to other mentors, which adds more to the total score"
                                                  : " were matched to other mentors");
                break;
            case matching_strategy::stable:
                u.reason = "capacity unused: none of its " + feasible +
                           " proposed; each was accepted by a mentor they rank higher";
                break;
            case matching_strategy::suggest:
                u.reason = "not among the best " + std::to_string(settings.candidates) + " candidates of any of its " +
                           feasible;
                break;
            }
        }
        idle.push_back(std::move(u));
    }
    for (const auto* p : scorer.idle_mentors()) {
        unmatched_person u;
        u.person_id = p->id;
        u.role = participant_role::mentor;
        u.reason_code = "no_capacity";
        u.reason = "capacity 0: takes no mentees in this program";
        idle.push_back(std::move(u));
    }
    std::sort(idle.begin(), idle.end(), [](const auto& a, const auto& b) { return a.person_id < b.person_id; });
    result.unmatched.insert(result.unmatched.end(), std::make_move_iterator(idle.begin()),
                            std::make_move_iterator(idle.end()));
    return result;
}

// ---- JSON ---------------------------------------------------------------------------------

nlohmann::json to_json(const match_proposal& proposal) {
    auto explanation = nlohmann::json::array();
    for (const auto& c : proposal.explanation)
        explanation.push_back({{"criterion", c.criterion},
                               {"weight", round4(c.weight)},
                               {"required", c.required},
                               {"value", round4(c.value)},
                               {"contribution", round4(c.contribution)},
                               {"detail", c.detail}});
    nlohmann::json j = {{"mentor_id", proposal.mentor_id},
                        {"mentee_id", proposal.mentee_id},
                        {"score", round4(proposal.score)},
                        {"explanation", std::move(explanation)}};
    if (proposal.rank > 0) j["rank"] = proposal.rank;
    return j;
}

nlohmann::json to_json(const matching_result& result) {
    auto proposals = nlohmann::json::array();
    for (const auto& p : result.proposals) proposals.push_back(to_json(p));
    auto unmatched = nlohmann::json::array();
    for (const auto& u : result.unmatched)
        unmatched.push_back({{"person_id", u.person_id},
                             {"role", std::string{to_string(u.role)}},
                             {"reason_code", u.reason_code},
                             {"reason", u.reason},
                             {"feasible_partners", u.feasible_partners}});
    return {{"proposals", std::move(proposals)},
            {"unmatched", std::move(unmatched)},
            {"total_score", round4(result.total_score)},
            {"feasible_pairs", result.feasible_pairs},
            {"mentees", result.mentees},
            {"mentors", result.mentors},
            {"solver_pairs", result.solver_pairs},
            {"proven_optimal", result.proven_optimal}};
}

}  // namespace mentorkit
