#include "matching/matching.hpp"

#include "matching/scoring.hpp"

#include <lemon/network_simplex.h>
#include <lemon/static_graph.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <climits>
#include <cmath>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <thread>
#include <tuple>
#include <utility>

namespace mentorkit {

std::string to_string(matching_strategy strategy) {
    switch (strategy) {
        case matching_strategy::optimal:
            return "optimal";
        case matching_strategy::stable:
            return "stable";
        case matching_strategy::suggest:
            return "suggest";
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
    if (const auto* node = present(*matching, "capacity"))
        settings.capacity = to_int(whole_number(*node, "matching.capacity", 1));
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
                    std::string message =
                        "expected one of 'must', 'high', 'medium', 'low', 'none', or a number from 0 "
                        "to 100 for " +
                        quoted_path(*node, std::string{"matching.weights."} + criterion) + ", found '" + text + "'";
                    if (auto hint = closest_match(text, levels); !hint.empty())
                        message += "; did you mean '" + hint + "'?";
                    node->fail(message);
                }
            }
            settings.weights[criterion] = weight;
        }
    }

    if (const auto* constraints = present(*matching, "constraints")) {
        constraints->expect_keys({"min_grade_gap", "max_grade_gap", "max_timezone_difference", "language_min_level",
                                  "exclude_reporting_line"});
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
    /// Per mentor, its best feasible mentees (rank_key(units, mentee)), when asked for.
    std::vector<std::vector<std::uint64_t>> mentor_keys;
    std::size_t feasible_pairs = 0;
};

// Scores every pair once: each mentee's best `limit` mentors (all when 0) and, when
// `mentor_limit` is given, each mentor's best mentor_limit(m) mentees.
candidate_lists score_everyone(const pair_scorer& scorer, std::size_t limit, unsigned workers,
                               const std::function<std::size_t(std::size_t)>& mentor_limit = {}) {
    const std::size_t mentees = scorer.mentee_count();
    const std::size_t mentors = scorer.mentor_count();
    candidate_lists lists;
    lists.keys.resize(mentees);
    lists.feasible.resize(mentees);
    std::vector<std::size_t> heap_limit(mentors, 0);
    std::size_t stride = 0;
    if (mentor_limit)
        for (std::size_t m = 0; m < mentors; ++m) stride = std::max(stride, heap_limit[m] = mentor_limit(m));
    struct worker_state {
        row_scratch scratch;
        std::vector<std::uint64_t> buffer;
        std::vector<std::uint32_t> mentor_feasible;
        // Per mentor, a min-heap of its best mentees so far; `floor` is the key to beat.
        std::vector<std::uint64_t> heaps;
        std::vector<std::uint32_t> heap_size;
        std::vector<std::uint64_t> floor;
    };
    std::vector<worker_state> state(workers);
    for (auto& s : state) {
        s.mentor_feasible.assign(mentors, 0);
        s.heaps.assign(mentors * stride, 0);
        s.heap_size.assign(stride > 0 ? mentors : 0, 0);
        s.floor.assign(stride > 0 ? mentors : 0, 0);
    }
    parallel_for(mentees, workers, [&](unsigned w, std::size_t e) {
        auto& s = state[w];
        scorer.score_row(e, s.scratch);
        lists.feasible[e] = best_of_row(s.scratch, mentors, limit, s.buffer, lists.keys[e]);
        const auto* units = s.scratch.units.data();
        for (std::size_t m = 0; m < mentors; ++m) s.mentor_feasible[m] += units[m] >= 0 ? 1u : 0u;
        if (stride == 0) return;
        for (std::size_t m = 0; m < mentors; ++m) {
            if (units[m] < 0) continue;
            const auto key = rank_key(units[m], static_cast<std::uint32_t>(e));
            if (key <= s.floor[m] || heap_limit[m] == 0) continue;
            auto* heap = s.heaps.data() + m * stride;
            auto& size = s.heap_size[m];
            if (size < heap_limit[m]) {
                heap[size++] = key;
                std::push_heap(heap, heap + size, std::greater<>{});
            } else {
                std::pop_heap(heap, heap + size, std::greater<>{});
                heap[size - 1] = key;
                std::push_heap(heap, heap + size, std::greater<>{});
            }
            if (size == heap_limit[m]) s.floor[m] = heap[0];
        }
    });
    lists.mentor_feasible.assign(mentors, 0);
    for (const auto& s : state)
        for (std::size_t m = 0; m < mentors; ++m) lists.mentor_feasible[m] += s.mentor_feasible[m];
    for (auto f : lists.feasible) lists.feasible_pairs += f;
    if (stride > 0) {
        // The best of each thread's best: the same whichever thread saw which mentee.
        lists.mentor_keys.resize(mentors);
        for (std::size_t m = 0; m < mentors; ++m) {
            auto& best = lists.mentor_keys[m];
            for (const auto& s : state)
                best.insert(best.end(), s.heaps.begin() + static_cast<std::ptrdiff_t>(m * stride),
                            s.heaps.begin() + static_cast<std::ptrdiff_t>(m * stride + s.heap_size[m]));
            std::sort(best.begin(), best.end(), std::greater<>{});
            if (best.size() > heap_limit[m]) best.resize(heap_limit[m]);
        }
    }
    return lists;
}

// ---- optimal: min-cost flow ----------------------------------------------------------------
//
//   source --1--> mentee --1, -w(e, m)--> mentor --capacity--> sink,   source --> sink (bypass)
//
// The source supplies one unit per mentee and the bypass lets a mentee stay unmatched, so
// the minimum cost is minus the maximum total score. Pair weights are w = units * B + 1
// with B larger than the number of mentees: the score decides first, and among equally
// good pairings the one that matches more mentees wins (it only matters for pairs that
// score 0).
//
// 10^8 pairs do not fit in a flow solved in seconds, so the flow sees a subset, and an
// LP-duality certificate shows whether the result is optimal over all pairs:
//   1. Candidate pool: each mentee's best K mentors by score, plus each mentor's best
//      mentees (top-K lists alone crowd onto popular mentors, and in a tight market the
//      mentors nobody ranks first are the ones with room).
//   2. An auction on the pool gives approximate mentor prices; every pair is rescored and
//      the pairs whose score minus price comes near the mentee's best join the pool: they
//      are the pairs an optimum is likely to use.
//   3. LEMON's network simplex solves the flow. Its node potentials give a price p(m) >= 0
//      per mentor and a utility u(e) >= 0 per mentee with u(e) + p(m) >= w(e, m) on every
//      pair in the flow, with equality on the matched ones. If every other feasible pair
//      also has u(e) + p(m) >= w(e, m), the pairing is optimal among all pairs (LP weak
//      duality); either way sum u + sum capacity * p, with u raised to cover every pair,
//      bounds the optimum from above.
//   4. Pairs that break the inequality join the flow. Often the pairing stays optimal and
//      only the potentials were an unlucky choice among many equally valid ones (the
//      assignment LP is highly degenerate): shortest paths in the residual network, from
//      the current potentials, find valid ones for the larger pair set without solving
//      again. A negative cycle on the way is a better pairing: a few are cancelled in
//      place; when many pairs failed, solving again is quicker. Then back to the check,
//      which after a repair only rescores the mentees whose pairs may have changed.

using pair_sets = std::vector<std::vector<std::uint64_t>>;  // per mentee: rank_key(units, mentor), by mentor

long long pair_weight(std::int32_t units, long long unit_weight) { return units * unit_weight + 1; }

// Node numbers of the flow network.
struct flow_layout {
    std::size_t mentees = 0, mentors = 0;
    int source() const { return 0; }
    int mentee(std::size_t e) const { return static_cast<int>(1 + e); }
    int mentor(std::size_t m) const { return static_cast<int>(1 + mentees + m); }
    int sink() const { return static_cast<int>(1 + mentees + mentors); }
    int nodes() const { return sink() + 1; }
};

// A pairing and node potentials under which no residual arc of the pairs it was solved on
// has a negative reduced cost (cost + pi(tail) - pi(head)): the proof of its optimality
// over those pairs.
struct flow_state {
    std::vector<std::int32_t> mentor_of;      // per mentee, -1 = unmatched
    std::vector<std::int32_t> matched_units;  // per mentee: the matched pair's score units
    std::vector<long long> pi;                // per node
    std::size_t arcs = 0;                     // mentee-to-mentor arcs of the last solve
};

flow_state solve_flow(const pair_scorer& scorer, const pair_sets& pairs) {
    using graph = lemon::StaticDigraph;
    using simplex = lemon::NetworkSimplex<graph, int, long long>;
    const flow_layout at{scorer.mentee_count(), scorer.mentor_count()};
    const long long unit_weight = static_cast<long long>(at.mentees) + 1;

    // StaticDigraph wants arcs grouped by tail node, in node order.
    std::vector<std::pair<int, int>> arcs;
    std::vector<long long> costs;
    std::vector<int> caps;
    int supply = 0;
    for (std::size_t e = 0; e < at.mentees; ++e) {
        if (pairs[e].empty()) continue;
        arcs.emplace_back(at.source(), at.mentee(e));
        costs.push_back(0);
        caps.push_back(1);
        ++supply;
    }
    arcs.emplace_back(at.source(), at.sink());
    costs.push_back(0);
    caps.push_back(supply);
    const std::size_t first_pair_arc = arcs.size();
    for (std::size_t e = 0; e < at.mentees; ++e)
        for (const auto key : pairs[e]) {
            arcs.emplace_back(at.mentee(e), at.mentor(key_index(key)));
            costs.push_back(-pair_weight(key_units(key), unit_weight));
            caps.push_back(1);
        }
    const std::size_t pair_arcs = arcs.size() - first_pair_arc;
    for (std::size_t m = 0; m < at.mentors; ++m) {
        arcs.emplace_back(at.mentor(m), at.sink());
        costs.push_back(0);
        caps.push_back(scorer.capacity(m));
    }

    graph g;
    g.build(at.nodes(), arcs.begin(), arcs.end());
    graph::ArcMap<long long> cost(g);
    graph::ArcMap<int> cap(g);
    for (std::size_t i = 0; i < arcs.size(); ++i) {
        cost[g.arc(static_cast<int>(i))] = costs[i];
        cap[g.arc(static_cast<int>(i))] = caps[i];
    }
    graph::NodeMap<int> supplies(g, 0);
    supplies[g.node(at.source())] = supply;
    supplies[g.node(at.sink())] = -supply;
    simplex solver(g);
    solver.upperMap(cap).costMap(cost).supplyMap(supplies);
    // The bypass makes every instance feasible and all capacities are finite.
    if (solver.run(simplex::BLOCK_SEARCH) != simplex::OPTIMAL)
        throw std::logic_error("matching: the min-cost flow has no optimal solution");

    flow_state out;
    out.arcs = pair_arcs;
    out.mentor_of.assign(at.mentees, -1);
    out.matched_units.assign(at.mentees, 0);
    out.pi.resize(static_cast<std::size_t>(at.nodes()));
    for (int v = 0; v < at.nodes(); ++v) out.pi[static_cast<std::size_t>(v)] = solver.potential(g.node(v));
    std::size_t i = first_pair_arc;
    for (std::size_t e = 0; e < at.mentees; ++e)
        for (const auto key : pairs[e]) {
            if (solver.flow(g.arc(static_cast<int>(i++))) <= 0) continue;
            out.mentor_of[e] = static_cast<std::int32_t>(key_index(key));
            out.matched_units[e] = key_units(key);
        }
    return out;
}

// The LP duals of a flow state, in pair weights: a mentor's price is how far its potential
// sits below the sink's (0 for a mentor with room), a matched mentee's utility is the pair's
// weight less that price, an unmatched mentee's is 0. Valid (u + p >= w on every pair the
// state was solved on, equality on the matched) whenever the potentials are.
struct flow_duals {
    std::vector<long long> utility;  // per mentee
    std::vector<long long> price;    // per mentor
};

flow_duals duals_of(const flow_state& state, const flow_layout& at, long long unit_weight) {
    flow_duals d;
    d.price.resize(at.mentors);
    d.utility.assign(at.mentees, 0);
    const long long sink_pi = state.pi[static_cast<std::size_t>(at.sink())];
    for (std::size_t m = 0; m < at.mentors; ++m)
        d.price[m] = std::max(0LL, sink_pi - state.pi[static_cast<std::size_t>(at.mentor(m))]);
    for (std::size_t e = 0; e < at.mentees; ++e)
        if (state.mentor_of[e] >= 0)
            d.utility[e] = pair_weight(state.matched_units[e], unit_weight) -
                           d.price[static_cast<std::size_t>(state.mentor_of[e])];
    return d;
}

// New potentials for `pairs` (a superset of the pairs `state` is optimal on): shortest paths
// in the residual network, measured in reduced costs, where only the new pairs start out
// negative; label-correcting from their tails, so only the part of the network they affect
// is visited. A negative cycle means a better pairing: it is cancelled (one unit pushed
// round it) and the search starts over, up to `max_cancels` times. Returns false when it
// gives up: then the flow is better solved again.
bool repair_potentials(flow_state& state, const pair_scorer& scorer, const pair_sets& pairs, const flow_layout& at,
                       long long unit_weight, int max_cancels) {
    const auto nodes = static_cast<std::size_t>(at.nodes());
    const auto mentee_of_node = [](std::size_t v) { return v - 1; };
    const auto mentor_of_node = [&at](std::size_t v) { return v - 1 - at.mentees; };
    const auto is_mentee = [&at](std::size_t v) { return v >= 1 && v <= at.mentees; };
    const auto is_mentor = [&at](std::size_t v) { return v > at.mentees && v <= at.mentees + at.mentors; };

    for (int cancels = 0;; ++cancels) {
        // The residual network in compressed rows: (head, reduced cost) per tail.
        std::vector<std::tuple<int, int, long long>> arcs;  // tail, head, cost
        std::vector<int> load(at.mentors, 0);
        int with_pairs = 0, unmatched = 0;
        for (std::size_t e = 0; e < at.mentees; ++e) {
            if (pairs[e].empty()) continue;
            ++with_pairs;
            const bool matched = state.mentor_of[e] >= 0;
            if (matched) {
                ++load[static_cast<std::size_t>(state.mentor_of[e])];
                arcs.emplace_back(at.mentee(e), at.source(), 0);
            } else {
                ++unmatched;
                arcs.emplace_back(at.source(), at.mentee(e), 0);
            }
            for (const auto key : pairs[e]) {
                const std::uint32_t m = key_index(key);
                const long long w = pair_weight(key_units(key), unit_weight);
                if (state.mentor_of[e] == static_cast<std::int32_t>(m))
                    arcs.emplace_back(at.mentor(m), at.mentee(e), w);
                else
                    arcs.emplace_back(at.mentee(e), at.mentor(m), -w);
            }
        }
        if (unmatched < with_pairs) arcs.emplace_back(at.source(), at.sink(), 0);
        if (unmatched > 0) arcs.emplace_back(at.sink(), at.source(), 0);
        for (std::size_t m = 0; m < at.mentors; ++m) {
            if (load[m] < scorer.capacity(m)) arcs.emplace_back(at.mentor(m), at.sink(), 0);
            if (load[m] > 0) arcs.emplace_back(at.sink(), at.mentor(m), 0);
        }
        std::vector<std::size_t> first(nodes + 1, 0);
        for (const auto& arc : arcs) ++first[static_cast<std::size_t>(std::get<0>(arc)) + 1];
        for (std::size_t v = 0; v < nodes; ++v) first[v + 1] += first[v];
        std::vector<std::pair<int, long long>> out(arcs.size());
        {
            auto fill = first;
            for (const auto& [tail, head, cost] : arcs) {
                const auto t = static_cast<std::size_t>(tail);
                out[fill[t]++] = {head, cost + state.pi[t] - state.pi[static_cast<std::size_t>(head)]};
            }
        }

        std::vector<long long> dist(nodes, 0);
        std::vector<int> pred(nodes, -1);
        std::vector<char> queued(nodes, 0);
        std::deque<int> queue;
        for (std::size_t v = 0; v < nodes; ++v)
            for (std::size_t i = first[v]; i < first[v + 1]; ++i)
                if (out[i].second < 0 && !queued[v]) {
                    queued[v] = 1;
                    queue.push_back(static_cast<int>(v));
                }
        // A negative cycle shows up as a cycle among the predecessor links; look for one
        // after every `nodes` relaxations, which keeps the check's cost in proportion.
        std::vector<std::size_t> stamp(nodes, 0);
        std::size_t walks = 0;
        const auto find_cycle = [&]() -> int {
            const std::size_t before = walks;  // stamps above this were set by this check
            for (std::size_t v = 0; v < nodes; ++v) {
                const std::size_t walk = ++walks;
                std::size_t x = v;
                while (stamp[x] <= before) {
                    stamp[x] = walk;
                    if (pred[x] < 0) break;
                    x = static_cast<std::size_t>(pred[x]);
                }
                // Stopped at a node of this very walk that has a predecessor: on a cycle.
                if (stamp[x] == walk && pred[x] >= 0) return static_cast<int>(x);
            }
            return -1;
        };
        int on_cycle = -1;
        std::size_t relaxations = 0;
        while (!queue.empty() && on_cycle < 0) {
            const auto v = static_cast<std::size_t>(queue.front());
            queue.pop_front();
            queued[v] = 0;
            for (std::size_t i = first[v]; i < first[v + 1]; ++i) {
                const auto [head, reduced] = out[i];
                const auto h = static_cast<std::size_t>(head);
                if (dist[v] + reduced >= dist[h]) continue;
                dist[h] = dist[v] + reduced;
                pred[h] = static_cast<int>(v);
                if (!queued[h]) {
                    queued[h] = 1;
                    queue.push_back(head);
                }
                if (++relaxations % nodes == 0 && (on_cycle = find_cycle()) >= 0) break;
            }
        }
        if (on_cycle < 0) on_cycle = find_cycle();
        if (on_cycle < 0) {
            for (std::size_t v = 0; v < nodes; ++v) state.pi[v] += dist[v];
            return true;
        }
        if (cancels == max_cancels) return false;

        // Push one unit round the cycle. Only mentee-mentor arcs carry the pairing: a
        // mentor-to-mentee arc undoes a pair, a mentee-to-mentor arc makes one (the source,
        // sink and capacity arcs follow from the pairing when the network is rebuilt).
        std::vector<std::pair<std::size_t, std::size_t>> cycle;  // (tail, head)
        auto x = static_cast<std::size_t>(on_cycle);
        do {
            const auto p = static_cast<std::size_t>(pred[x]);
            cycle.emplace_back(p, x);
            x = p;
        } while (x != static_cast<std::size_t>(on_cycle));
        for (const auto& [tail, head] : cycle)
            if (is_mentor(tail) && is_mentee(head)) state.mentor_of[mentee_of_node(head)] = -1;
        for (const auto& [tail, head] : cycle) {
            if (!is_mentee(tail) || !is_mentor(head)) continue;
            const std::size_t e = mentee_of_node(tail);
            const auto m = static_cast<std::uint32_t>(mentor_of_node(head));
            const auto it =
                std::lower_bound(pairs[e].begin(), pairs[e].end(), m,
                                 [](std::uint64_t key, std::uint32_t mentor) { return key_index(key) < mentor; });
            state.mentor_of[e] = static_cast<std::int32_t>(m);
            state.matched_units[e] = key_units(*it);
        }
    }
}

// Approximate mentor prices, in score units, from an auction on the pool (Bertsekas, with
// epsilon scaling): each mentee without a mentor bids for the one that leaves them the
// most (score minus price), raising the price of that mentor's cheapest place by their
// margin over the next-best option (staying unmatched is worth 0) plus epsilon; whoever
// held that place bids again. Only a guide for choosing pairs: the flow decides.
std::vector<long long> auction_prices(const pair_scorer& scorer, const pair_sets& pool) {
    const std::size_t mentees = pool.size();
    const std::size_t mentors = scorer.mentor_count();
    // A mentor's places form a min-heap by price in place_price[first[m] .. first[m + 1]).
    std::vector<std::size_t> first(mentors + 1, 0);
    for (std::size_t m = 0; m < mentors; ++m) first[m + 1] = first[m] + static_cast<std::size_t>(scorer.capacity(m));
    std::vector<long long> place_price(first[mentors], 0);
    std::vector<std::int32_t> place_holder(first[mentors], -1);
    const auto sift_down = [&](std::size_t m) {
        const std::size_t base = first[m];
        const std::size_t size = first[m + 1] - base;
        std::size_t i = 0;
        for (;;) {
            std::size_t smallest = i;
            for (const std::size_t child : {2 * i + 1, 2 * i + 2})
                if (child < size && place_price[base + child] < place_price[base + smallest]) smallest = child;
            if (smallest == i) return;
            std::swap(place_price[base + i], place_price[base + smallest]);
            std::swap(place_holder[base + i], place_holder[base + smallest]);
            i = smallest;
        }
    };
    long long top = 1;
    for (const auto& p : pool)
        for (const auto key : p) top = std::max<long long>(top, key_units(key));
    // From a quarter of the best score down to 1/20,000 of it (0.005 points on a 100 scale).
    const long long final_epsilon = std::max(1LL, top / 20000);
    std::deque<std::uint32_t> bidders;
    for (long long epsilon = std::max(final_epsilon, top / 4);; epsilon = std::max(final_epsilon, epsilon / 5)) {
        std::fill(place_holder.begin(), place_holder.end(), -1);
        for (std::size_t e = 0; e < mentees; ++e)
            if (!pool[e].empty()) bidders.push_back(static_cast<std::uint32_t>(e));
        while (!bidders.empty()) {
            const std::uint32_t e = bidders.front();
            bidders.pop_front();
            long long best = LLONG_MIN, second = 0;  // staying unmatched is worth 0
            long long best_score = 0;
            std::size_t best_mentor = 0;
            for (const auto key : pool[e]) {
                const std::size_t m = key_index(key);
                const long long value = key_units(key) - place_price[first[m]];
                if (value > best) {
                    second = std::max(second, best);
                    best = value;
                    best_score = key_units(key);
                    best_mentor = m;
                } else if (value > second) {
                    second = value;
                }
            }
            if (best <= 0) continue;  // nothing beats staying unmatched at these prices
            const std::size_t place = first[best_mentor];
            const std::int32_t outbid = place_holder[place];
            place_price[place] = best_score - second + epsilon;
            place_holder[place] = static_cast<std::int32_t>(e);
            sift_down(best_mentor);
            if (outbid >= 0) bidders.push_back(static_cast<std::uint32_t>(outbid));
        }
        if (epsilon == final_epsilon) break;
    }
    std::vector<long long> price(mentors, 0);
    for (std::size_t m = 0; m < mentors; ++m) price[m] = place_price[first[m]];
    return price;
}

struct flow_outcome {
    std::vector<std::int32_t> mentor_of;  // per mentee, -1 = unmatched
    std::size_t arcs = 0;                 // mentee-to-mentor arcs in the last solve
    bool proven = false;
    std::optional<double> gap;  // points the total may lie below the optimum, when checked
};

flow_outcome solve_optimal(const pair_scorer& scorer, const candidate_lists& lists, const matching_settings& settings,
                           unsigned workers) {
    const flow_layout at{scorer.mentee_count(), scorer.mentor_count()};
    const std::size_t mentees = at.mentees;
    const std::size_t mentors = at.mentors;
    const long long unit_weight = static_cast<long long>(mentees) + 1;
    const auto by_mentor = [](std::uint64_t a, std::uint64_t b) { return key_index(a) < key_index(b); };
    const auto tidy = [&](std::vector<std::uint64_t>& p) {
        std::sort(p.begin(), p.end(), by_mentor);
        p.erase(std::unique(p.begin(), p.end()), p.end());
    };

    // 1. The pool.
    pair_sets pairs(mentees);
    for (std::size_t e = 0; e < mentees; ++e) pairs[e] = lists.keys[e];
    for (std::size_t m = 0; m < lists.mentor_keys.size(); ++m)
        for (const auto key : lists.mentor_keys[m])
            pairs[key_index(key)].push_back(rank_key(key_units(key), static_cast<std::uint32_t>(m)));
    bool pruned = false;
    for (std::size_t e = 0; e < mentees; ++e) {
        tidy(pairs[e]);
        pruned = pruned || pairs[e].size() < lists.feasible[e];
    }
    if (!pruned) {
        auto state = solve_flow(scorer, pairs);
        return {std::move(state.mentor_of), state.arcs, true, 0.0};
    }
    if (!settings.verify_optimality) {
        auto state = solve_flow(scorer, pairs);
        return {std::move(state.mentor_of), state.arcs, false, std::nullopt};
    }

    // 2. Pairs near each mentee's best at the auction's prices.
    {
        const auto price = auction_prices(scorer, pairs);
        constexpr auto window = static_cast<long long>(5 * detail::units_per_point);  // 5 points
        std::vector<row_scratch> scratch(workers);
        parallel_for(mentees, workers, [&](unsigned w, std::size_t e) {
            if (lists.feasible[e] == 0) return;
            auto& s = scratch[w];
            scorer.score_row(e, s);
            long long best = 0;
            for (std::size_t m = 0; m < mentors; ++m)
                if (s.units[m] >= 0) best = std::max(best, s.units[m] - price[m]);
            auto& p = pairs[e];
            for (std::size_t m = 0; m < mentors; ++m)
                if (s.units[m] >= 0 && s.units[m] - price[m] >= best - window)
                    p.push_back(rank_key(s.units[m], static_cast<std::uint32_t>(m)));
            tidy(p);
        });
    }

    // 3 and 4. Solve, check every pair against the duals, add the pairs that fail; repair
    // the potentials or solve again. Bounded, so that a pathological instance still ends:
    // then the result carries its certified gap instead of a proof.
    constexpr int max_solves = 4;
    constexpr int max_checks = 12;
    // Repairing is worth trying when few pairs fail; many failing pairs mean many cycles to
    // cancel one by one, and a new solve is quicker.
    constexpr std::size_t repair_below = 512;
    constexpr int max_cancels = 32;
    // Pairs within this of failing join a new solve too: the next potentials would likely flag them.
    const long long margin = static_cast<long long>(detail::units_per_point) * unit_weight;  // 1 point
    constexpr long long none = -(1LL << 62);

    auto state = solve_flow(scorer, pairs);
    int solves = 1;
    bool full_check = true;
    flow_duals previous;
    long long previous_sink_pi = 0;
    // Per mentee: the largest excess w - u - p over its pairs outside the flow (an upper
    // bound after a partial check). After a repair it lets most mentees be cleared without
    // rescoring: a pair can only start failing where u fell or the mentor's price fell.
    std::vector<long long> outside_max(mentees, none);
    for (int checks = 1;; ++checks) {
        const auto duals = duals_of(state, at, unit_weight);
        // A pair's excess changes by -(change of u) - (change of p). When the sink's potential
        // moves by s, every price untouched by the repair moves by s and every utility of a
        // mentee matched to such a mentor by -s: measured against that common shift, few
        // prices fall and few utilities drop, and only their pairs need rescoring.
        std::vector<std::uint32_t> cheaper;  // mentors whose price fell (beyond the shift) since the last check
        std::vector<long long> utility_drop(mentees, 0);
        if (!full_check) {
            const long long shift = state.pi[static_cast<std::size_t>(at.sink())] - previous_sink_pi;
            for (std::size_t m = 0; m < mentors; ++m)
                if (duals.price[m] - previous.price[m] < shift) cheaper.push_back(static_cast<std::uint32_t>(m));
            for (std::size_t e = 0; e < mentees; ++e)
                utility_drop[e] = std::max(0LL, previous.utility[e] - duals.utility[e] - shift);
        }
        pair_sets failing(mentees), close(mentees);
        struct worker_state {
            row_scratch scratch;
            std::vector<char> in_flow;
        };
        std::vector<worker_state> state_of(workers);
        for (auto& s : state_of) s.in_flow.assign(mentors, 0);
        parallel_for(mentees, workers, [&](unsigned w, std::size_t e) {
            if (lists.feasible[e] == 0) return;
            auto& s = state_of[w];
            const long long carried = outside_max[e] == none ? none : outside_max[e] + utility_drop[e];
            const bool whole_row = full_check || carried > 0;
            if (!whole_row && cheaper.empty()) {
                outside_max[e] = carried;
                return;
            }
            if (whole_row)
                scorer.score_row(e, s.scratch);
            else
                scorer.score_some(e, cheaper, s.scratch);
            for (const auto key : pairs[e]) s.in_flow[key_index(key)] = 1;
            long long worst = whole_row ? none : carried;
            const std::size_t count = whole_row ? mentors : cheaper.size();
            for (std::size_t i = 0; i < count; ++i) {
                const auto units = s.scratch.units[i];
                const std::size_t m = whole_row ? i : cheaper[i];
                if (units < 0 || s.in_flow[m] != 0) continue;
                const long long excess = pair_weight(units, unit_weight) - duals.utility[e] - duals.price[m];
                worst = std::max(worst, excess);
                if (excess <= -margin) continue;
                const auto key = rank_key(units, static_cast<std::uint32_t>(m));
                (excess > 0 ? failing[e] : close[e]).push_back(key);
            }
            outside_max[e] = worst;
            for (const auto key : pairs[e]) s.in_flow[key_index(key)] = 0;
        });

        // Weak duality: the sum of utilities (each raised to cover the mentee's worst pair)
        // and of capacity * price is at least the best total weight.
        long long bound = 0, achieved = 0;
        std::size_t failing_pairs = 0;
        for (std::size_t e = 0; e < mentees; ++e) {
            bound += duals.utility[e] + std::max(0LL, outside_max[e]);
            if (state.mentor_of[e] >= 0) achieved += pair_weight(state.matched_units[e], unit_weight);
            failing_pairs += failing[e].size();
        }
        for (std::size_t m = 0; m < mentors; ++m) bound += scorer.capacity(m) * duals.price[m];
        const double gap_points = std::max(
            0.0, static_cast<double>(bound - achieved) / static_cast<double>(unit_weight) / detail::units_per_point);
        if (failing_pairs == 0) return {std::move(state.mentor_of), state.arcs, true, 0.0};
        if (checks >= max_checks || solves >= max_solves)
            return {std::move(state.mentor_of), state.arcs, false, gap_points};

        for (std::size_t e = 0; e < mentees; ++e) {
            if (failing[e].empty()) continue;
            pairs[e].insert(pairs[e].end(), failing[e].begin(), failing[e].end());
            tidy(pairs[e]);
        }
        const long long sink_pi = state.pi[static_cast<std::size_t>(at.sink())];
        if (failing_pairs < repair_below && repair_potentials(state, scorer, pairs, at, unit_weight, max_cancels)) {
            previous = duals;
            previous_sink_pi = sink_pi;
            full_check = false;
            continue;
        }
        for (std::size_t e = 0; e < mentees; ++e) {
            if (close[e].empty()) continue;
            pairs[e].insert(pairs[e].end(), close[e].begin(), close[e].end());
            tidy(pairs[e]);
        }
        state = solve_flow(scorer, pairs);
        ++solves;
        full_check = true;
    }
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
    // A mentor's best mentees join optimal's pool: twice its places and a few more, so that
    // it can fill up even when no mentee ranks it first.
    const auto mentor_limit = [&scorer](std::size_t m) {
        return std::min<std::size_t>(2 * static_cast<std::size_t>(scorer.capacity(m)) + 4, 64);
    };
    candidate_lists lists = settings.strategy == matching_strategy::optimal && settings.candidate_pool > 0
                                ? score_everyone(scorer, limit, workers, mentor_limit)
                                : score_everyone(scorer, limit, workers);

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
        result.optimality_gap = outcome.gap;
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
            for (const auto& c : p.explanation) p.score += c.contribution;
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
        const bool matched =
            settings.strategy == matching_strategy::suggest ? !lists.keys[e].empty() : mentor_of[e] >= 0;
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
        const bool matched =
            settings.strategy == matching_strategy::suggest ? !lists.keys[e].empty() : mentor_of[e] >= 0;
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
            // Not proven optimal: say whether a feasible mentor still has room, rather than assume.
            row_scratch scratch;
            scorer.score_row(e, scratch);
            std::size_t with_room = 0;
            for (std::size_t m = 0; m < mentors; ++m)
                with_room += scratch.units[m] >= 0 && load[m] < scorer.capacity(m) ? 1 : 0;
            u.reason_code = "mentors_full";
            u.reason = with_room == 0
                           ? "every feasible mentor is at capacity (" +
                                 plural(lists.feasible[e], "feasible mentor", "feasible mentors") + ")"
                           : "its best candidates are at capacity, but " +
                                 plural(with_room, "feasible mentor still has", "feasible mentors still have") +
                                 " room: the pairing was not proven optimal";
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
            const std::size_t n = lists.mentor_feasible[m];
            const std::string count = std::to_string(n);
            switch (settings.strategy) {
                case matching_strategy::optimal:
                    u.reason = n == 1 ? "capacity unused: its one feasible mentee was matched to another mentor"
                                      : "capacity unused: its " + count +
                                            " feasible mentees were all matched to other mentors";
                    if (result.proven_optimal) u.reason += ", which adds more to the total score";
                    break;
                case matching_strategy::stable:
                    u.reason = n == 1
                                   ? "capacity unused: its one feasible mentee did not propose, being accepted by a "
                                     "mentor they rank higher"
                                   : "capacity unused: none of its " + count +
                                         " feasible mentees proposed; each was accepted by a mentor they rank higher";
                    break;
                case matching_strategy::suggest:
                    u.reason =
                        "not among the best " + std::to_string(settings.candidates) + " candidates of " +
                        (n == 1 ? std::string{"its one feasible mentee"} : "any of its " + count + " feasible mentees");
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
    return {
        {"proposals", std::move(proposals)},
        {"unmatched", std::move(unmatched)},
        {"total_score", round4(result.total_score)},
        {"feasible_pairs", result.feasible_pairs},
        {"mentees", result.mentees},
        {"mentors", result.mentors},
        {"solver_pairs", result.solver_pairs},
        {"proven_optimal", result.proven_optimal},
        {"optimality_gap", result.optimality_gap ? nlohmann::json(round4(*result.optimality_gap)) : nlohmann::json()}};
}

std::string_view describe_unmatched(std::string_view reason_code) {
    static constexpr std::pair<std::string_view, std::string_view> descriptions[] = {
        {"no_mentors", "no mentors in the program"},
        {"no_feasible_mentor", "no mentor passes the hard constraints"},
        {"mentors_full", "every suitable mentor is full"},
        {"no_feasible_mentee", "mentor: no mentee passes the hard constraints"},
        {"not_chosen", "mentor: suitable mentees went to better-fitting mentors"},
        {"no_capacity", "mentor: takes no mentees in this program"},
    };
    for (const auto& [code, text] : descriptions)
        if (code == reason_code) return text;
    return reason_code;
}

std::vector<person> still_to_match(const std::vector<person>& people, const std::vector<relationship>& relationships,
                                   const matching_settings& settings) {
    std::set<std::string> mentored;
    std::map<std::string, int> mentees_of;
    for (const auto& r : relationships) {
        if (r.status != relationship_status::active && r.status != relationship_status::paused) continue;
        mentored.insert(r.mentee_id);
        ++mentees_of[r.mentor_id];
    }
    std::vector<person> out;
    for (auto p : people) {
        bool mentee_side = p.role != participant_role::mentor && !mentored.contains(p.id);
        bool mentor_side = p.role != participant_role::mentee;
        if (const auto taken = mentees_of.find(p.id); mentor_side && taken != mentees_of.end()) {
            const int left = p.mentor_capacity.value_or(settings.capacity) - taken->second;
            if (left <= 0) mentor_side = false;
            else p.mentor_capacity = left;
        }
        if (!mentee_side && !mentor_side) continue;
        p.role = mentee_side && mentor_side ? participant_role::both
                 : mentee_side             ? participant_role::mentee
                                           : participant_role::mentor;
        out.push_back(std::move(p));
    }
    return out;
}

}  // namespace mentorkit
