#pragma once
// Pair scoring for matching: the five criteria, the hard constraints, and the compact
// representation that lets one mentee be scored against thousands of mentors in a few
// tight loops.
//
// Why the layout: an optimal match of 20,000 mentees and 5,000 mentors has to look at 10^8
// pairs. Skills, goal areas and languages are interned once; each mentor's profile is a
// column-major byte table (one byte per (term, mentor), one column per term some mentee
// asks about), so scoring one mentee walks a handful of contiguous 5,000-byte columns
// instead of chasing strings. Every criterion is computed for a whole row of mentors at
// a time, and the explanation of a single pair goes through the very same code, so the
// score a program manager reads is the score the solver ranked.

#include "matching/matching.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mentorkit::detail {

enum class criterion : std::uint8_t { skills, goals, seniority, language, timezone };
inline constexpr std::size_t criterion_count = 5;

/// The hard constraints, as bit numbers of pair_evaluation::broken.
enum class constraint : std::uint8_t {
    same_person,
    reporting_line,
    exclusion,
    grade_gap,
    timezone,
    language,
    required_skills,  // the five `must` criteria, in criterion order
    required_goals,
    required_seniority,
    required_language,
    required_timezone,
};
inline constexpr std::size_t constraint_count = 11;
using constraint_mask = std::uint32_t;  // as wide as a float: the row loops vectorise best
constexpr constraint_mask bit(constraint c) { return static_cast<constraint_mask>(1u << static_cast<unsigned>(c)); }

/// Scores are ranked in units of 1/10,000 of a point (0..1,000,000): integers for the
/// min-cost flow, and one total order everywhere (equal units are broken by id).
inline constexpr double units_per_point = 10000;

/// A sortable (score, id) key: higher is better; equal scores favour the lower index, and
/// indices follow ids, so ties break by id.
constexpr std::uint64_t rank_key(std::int32_t units, std::uint32_t index) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(units)) << 32) | (0xffffffffu - index);
}
constexpr std::uint32_t key_index(std::uint64_t key) {
    return 0xffffffffu - static_cast<std::uint32_t>(key & 0xffffffffu);
}
constexpr std::int32_t key_units(std::uint64_t key) { return static_cast<std::int32_t>(key >> 32); }

/// One pair, fully evaluated.
struct pair_evaluation {
    std::array<double, criterion_count> values{};  //!< 0..1 per criterion
    double score = 0;                              //!< 0..100
    std::int32_t units = -1;                       //!< score in ranking units; -1 when infeasible
    constraint_mask broken = 0;                    //!< the hard constraints the pair breaks
    bool feasible() const { return broken == 0; }
};

/// Working memory for scoring rows; one per thread. Narrow types (single-precision scores,
/// skill credits in eighths) keep a row of 5,000 mentors in the L2 cache and let the
/// compiler vectorise the loops; the scores are ranked in units far coarser than that.
struct row_scratch {
    std::vector<float> score;            //!< weighted sum of the values, not yet scaled
    std::vector<std::uint16_t> partial;  //!< skill or goal credits so far, in eighths
    std::vector<std::uint8_t> best_language;
    std::vector<constraint_mask> broken;
    std::vector<std::int32_t> units;
    std::array<std::vector<float>, criterion_count> values;  //!< only filled by evaluate()
    void resize(std::size_t n);
};

/// Everything matching needs to know about the people, in compact form. Mentees and mentors
/// are numbered in id order (so index order is id order); mentors with capacity 0 are left
/// out of the numbering and listed apart. Immutable after construction; the const members
/// may be called from several threads, each with its own row_scratch.
class pair_scorer {
public:
    pair_scorer(const std::vector<person>& people, const matching_settings& settings,
                const std::vector<person>& organisation);

    std::size_t mentee_count() const noexcept { return mentees_.size(); }
    std::size_t mentor_count() const noexcept { return mentors_.size(); }
    const person& mentee(std::size_t e) const { return *mentees_[e]; }
    const person& mentor(std::size_t m) const { return *mentors_[m]; }
    /// Places of mentor `m` (at least 1; more than there are mentees counts as that many).
    int capacity(std::size_t m) const { return capacities_[m]; }
    /// Mentors whose capacity is 0: they take part in nothing.
    const std::vector<const person*>& idle_mentors() const noexcept { return idle_mentors_; }

    double weight(criterion c) const { return weights_[static_cast<std::size_t>(c)]; }
    bool required(criterion c) const { return required_[static_cast<std::size_t>(c)]; }

    /// Scores mentee `e` against every mentor: afterwards scratch.units[m] is the pair's score
    /// in ranking units, or -1 when it breaks a hard constraint, and scratch.broken[m] says
    /// which. The hot loop of matching.
    void score_row(std::size_t e, row_scratch& scratch) const;

    /// Evaluates mentee `e` against the listed mentors (ascending indices): entry i of the
    /// scratch arrays describes mentors[i]. For diagnostics over a few mentors.
    void score_some(std::size_t e, const std::vector<std::uint32_t>& mentors, row_scratch& scratch) const;

    /// One pair, by the same arithmetic as score_row.
    pair_evaluation evaluate(std::size_t e, std::size_t m) const;

    /// One pair's explanation: each criterion's weight, value, contribution and why, in
    /// matching_criteria order. The contributions sum to evaluate(e, m).score.
    std::vector<criterion_score> explain(std::size_t e, std::size_t m) const;

    /// A hard constraint in words, with the program's numbers: "grade gap outside 1..4".
    std::string describe(constraint c) const;

private:
    struct sought_term {
        std::uint32_t column;    // into term_columns_; 0 = no mentor has the term
        std::uint8_t own_level;  // the mentee's own level in it, 0..5
        std::string_view name;
    };
    struct goal_term {
        std::uint32_t column;
        std::string_view name;
    };
    struct spoken_language {
        std::uint32_t column;  // into language_columns_; 0 = no mentor speaks it
        std::uint8_t level;    // 1..6 (A1..C2)
        std::string_view name;
    };
    struct blocked_mentor {
        std::uint32_t mentor;
        constraint_mask why;
    };

    template <bool keep_values, typename index_of>
    void score_range(std::size_t e, std::size_t count, index_of mentor_at, row_scratch& scratch) const;
    int seniority_target() const;
    std::uint8_t term_byte(std::uint32_t column, std::size_t m) const {
        return term_columns_[column * mentors_.size() + m];
    }
    std::uint8_t language_level(std::uint32_t column, std::size_t m) const {
        return language_columns_[column * mentors_.size() + m];
    }

    // People, in id order.
    std::vector<const person*> mentees_;
    std::vector<const person*> mentors_;
    std::vector<const person*> idle_mentors_;
    std::vector<int> capacities_;

    // Mentor columns: grade, UTC offset, and one byte per (term, mentor) and (language, mentor).
    std::vector<std::int32_t> mentor_grade_;
    std::vector<std::int32_t> mentor_utc_;
    std::vector<std::uint8_t> term_columns_;      // byte: skill level in bits 0-2, interest bit 3, own goal area bit 4
    std::vector<std::uint8_t> language_columns_;  // byte: CEFR level 1..6, 0 = does not speak it

    // Mentee rows (compressed: entries of mentee e are [offset[e], offset[e + 1])).
    std::vector<std::int32_t> mentee_grade_;
    std::vector<std::int32_t> mentee_utc_;
    std::vector<std::uint32_t> sought_offset_, goal_offset_, language_offset_, blocked_offset_;
    std::vector<sought_term> sought_;
    std::vector<goal_term> goals_;
    std::vector<spoken_language> languages_;
    std::vector<blocked_mentor> blocked_;  // reporting line, exclusions, themselves; by mentor index

    // Settings, unpacked.
    std::array<double, criterion_count> weights_{};
    std::array<float, criterion_count> float_weights_{};
    float float_scale_ = 0;
    // Seniority is 1 - slope * |gap - target| and time zones 1 - slope * minutes apart, both
    // cut at 0: straight lines that vectorise.
    float seniority_target_ = 2;
    float seniority_slope_ = 0.25f;
    float timezone_slope_ = 1.0f / 720;
    int gap_low_, gap_high_;  // the allowed gap, INT_MIN / INT_MAX when open
    std::array<bool, criterion_count> required_{};
    double scale_ = 0;  // 100 / sum of weights
    int min_gap_, max_gap_;
    bool has_min_gap_, has_max_gap_;
    int max_timezone_;  // minutes
    bool has_timezone_cap_;
    std::uint8_t min_language_;  // 1 (A1) when not set
    bool has_language_floor_;
    bool reporting_line_;
};

}  // namespace mentorkit::detail
