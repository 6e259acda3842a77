#pragma once
// Matching mentors to mentees: scoring criteria with weights, hard constraints, three
// strategies (optimal, stable, suggest), and an explanation for every match and every
// person left unmatched. How it works, for program managers: docs/matching.md.

#include <mentorkit/config.hpp>
#include <mentorkit/domain.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mentorkit {

enum class matching_strategy { optimal, stable, suggest };

/// "optimal", "stable" or "suggest".
std::string to_string(matching_strategy strategy);

/// The criteria a pair is scored on, in the order explanations list them.
inline constexpr const char* matching_criteria[] = {"skills", "goals", "seniority", "language", "timezone"};

/// The `matching:` section of a program, with the documented defaults applied.
struct matching_settings {
    matching_strategy strategy = matching_strategy::optimal;
    int capacity = 1;    //!< mentees per mentor unless the mentor's profile says otherwise
    int candidates = 3;  //!< suggestions per mentee (strategy suggest)
    /// Weight per criterion, 0..100 (high 100, medium 50, low 25, none 0). A criterion in
    /// `required` must also be met by every pair (weight `must`, which weighs as high).
    /// A criterion missing from the map weighs as medium.
    std::map<std::string, double> weights{
        {"skills", 50}, {"goals", 50}, {"seniority", 50}, {"language", 50}, {"timezone", 50}};
    std::vector<std::string> required;
    std::optional<int> min_grade_gap;  //!< mentor.grade - mentee.grade at least
    std::optional<int> max_grade_gap;  //!< and at most
    std::optional<int> max_timezone_difference_minutes;
    std::optional<cefr_level> language_min_level;  //!< a shared language at this level or better
    bool exclude_reporting_line = true;            //!< neither is the other's manager, nor above that manager

    // Tuning, not read from a program file: the defaults suit every size up to tens of
    // thousands of people.

    /// optimal and stable: how many of each mentee's best feasible mentors to start from
    /// (0 = all of them). Only the running time depends on it: optimal also takes each
    /// mentor's best mentees and proves its result against every pair (verify_optimality),
    /// adding any pair that could improve it; stable fetches more mentors for a mentee who
    /// runs out.
    std::size_t candidate_pool = 24;
    /// optimal: check the result against every feasible pair with its LP-duality certificate
    /// and improve it until proven optimal. Off solves the pool alone (faster; usually within
    /// a fraction of a percent, unproven): the benchmark uses it to measure what pruning loses.
    bool verify_optimality = true;
    /// Threads that score pairs; 0 = one per hardware thread. The result does not depend on it.
    unsigned threads = 0;
};

/// Reads the validated `matching:` mapping of a program (absent keys keep their defaults;
/// nullptr gives the defaults). Throws config_error on a value the program loader would
/// also refuse.
matching_settings read_matching_settings(const config_node* matching);

/// One criterion's part in a pair's score.
struct criterion_score {
    std::string criterion;    //!< "skills", "goals", …
    double weight = 0;        //!< 0..100
    bool required = false;    //!< weight `must`: the pair had to score above 0 here
    double value = 0;         //!< how well the pair meets it, 0..1
    double contribution = 0;  //!< weight * value / sum of weights * 100: the points it adds to the score
    std::string detail;  //!< in words: "covers 2 of 3 sought: python (mentor 4, mentee 2), …; missing: negotiation"
};

/// A proposed pair and why.
struct match_proposal {
    std::string mentor_id;
    std::string mentee_id;
    double score = 0;                          //!< 0..100, the sum of the contributions
    int rank = 0;                              //!< for suggest: 1 = best candidate for this mentee; else 0
    std::vector<criterion_score> explanation;  //!< one entry per criterion, in matching_criteria order
};

/// Someone left without a match, and why.
struct unmatched_person {
    std::string person_id;
    participant_role role = participant_role::mentee;  //!< the side they are unmatched on (never both)
    /// Machine-readable reason: "no_feasible_mentor", "mentors_full", "no_mentors" (mentees);
    /// "no_capacity", "no_feasible_mentee", "not_chosen" (mentors).
    std::string reason_code;
    std::string reason;  //!< e.g. "no mentor passes the hard constraints; most often: no shared language at B2 or
                         //!< better (212 of 240 mentors), …"
    std::size_t feasible_partners = 0;  //!< people on the other side who passed every hard constraint with them
};

/// The reason behind a reason code in a few words, the same for everyone with that code
/// (what reports group by; `reason` says it for the one person).
std::string_view describe_unmatched(std::string_view reason_code);

struct matching_result {
    std::vector<match_proposal> proposals;    //!< sorted by mentee id, then rank
    std::vector<unmatched_person> unmatched;  //!< mentees first, then mentors; each by id
    double total_score = 0;          //!< sum of the proposals' scores (suggest: of each mentee's best suggestion)
    std::size_t feasible_pairs = 0;  //!< pairs that passed every hard constraint
    std::size_t mentees = 0;         //!< people matched as mentees (role mentee or both)
    std::size_t mentors = 0;         //!< people matched as mentors (role mentor or both), capacity 0 included
    /// optimal: the pairs the min-cost flow was solved on (the candidate pool plus any pair
    /// the optimality check added).
    std::size_t solver_pairs = 0;
    /// optimal: every feasible pair was considered, directly or through the duality check,
    /// so the total is the maximum.
    bool proven_optimal = false;
    /// optimal: how many points the total may lie below the maximum, certified by LP
    /// duality (0 when proven optimal); empty when not checked (verify_optimality off).
    std::optional<double> optimality_gap;
};

/// Matches `people` (role mentor, mentee or both; someone with role both may mentor and be
/// mentored, never by themselves) under `settings`. `organisation` is everyone whose
/// manager chain matters for the reporting-line rule (usually the same people plus their
/// managers); a person's manager is taken from `organisation` when it has them, else from
/// their record in `people`, so direct managers always count.
/// Deterministic: the same input gives the same result, whatever the number of threads.
/// Throws std::invalid_argument on an empty or duplicate person id.
matching_result match(const std::vector<person>& people, const matching_settings& settings,
                      const std::vector<person>& organisation);

/// Who is still to be matched, given the relationships under way (active or paused): a mentee in one is
/// not matched again, and a mentor keeps only the capacity their mentees leave (someone
/// with role both loses the side that is taken). Matching everyone again would propose,
/// and with --accept restart, every relationship under way.
std::vector<person> still_to_match(const std::vector<person>& people, const std::vector<relationship>& relationships,
                                   const matching_settings& settings);

nlohmann::json to_json(const match_proposal& proposal);
nlohmann::json to_json(const matching_result& result);

}  // namespace mentorkit
