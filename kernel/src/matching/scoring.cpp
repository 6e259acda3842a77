#include "matching/scoring.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace mentorkit::detail {
namespace {

// Grades and offsets far outside anything real are clamped so that differences of two of
// them cannot overflow an int.
constexpr int max_magnitude = 100'000;
int clamp_magnitude(int v) { return std::clamp(v, -max_magnitude, max_magnitude); }

// Term bytes of the mentor columns.
constexpr std::uint8_t skill_bits = 0x07;
constexpr std::uint8_t interest_bit = 0x08;
constexpr std::uint8_t goal_area_bit = 0x10;

// Credit for one sought skill, in eighths, by the mentor's level (0..5) and the mentee's own
// (0..5). Covered: the mentor is above the mentee, or at 3 ("practitioner") or more. Above
// the mentee, deeper expertise earns more (level 1 gives 4/8, level 5 gives 8/8); covered
// only through the level-3 floor, the mentor can guide practice but not teach past the
// mentee, which earns 4/8.
constexpr std::uint16_t skill_eighths(std::uint8_t level, std::uint8_t own) {
    return level > own ? static_cast<std::uint16_t>(level + 3) : level >= 3 ? 4 : 0;
}

// Credit for one goal area, in eighths, by the mentor's term byte: proven strength (a skill
// at 3 or more) counts fully, an interest in the area 6/8, a beginner's skill in it or the
// area among the mentor's own goal areas 4/8 (they work on it too: a peer, not a guide).
constexpr std::uint16_t goal_eighths(std::uint8_t b) {
    const int level = b & skill_bits;
    return level >= 3 ? 8 : (b & interest_bit) != 0 ? 6 : (level > 0 || (b & goal_area_bit) != 0) ? 4 : 0;
}

// Value of the best shared language by CEFR level (1..6 = A1..C2; 0 = none), in eighths:
// A1 2, A2 3, B1 4, B2 6, C1 7, C2 8. Concave where it matters: the step from B1 to B2 (a
// working language) is worth more than the one from C1 to C2. Written as a sum of steps so
// that the loop over a row vectorises.
constexpr std::uint8_t language_eighths(std::uint8_t level) {
    return static_cast<std::uint8_t>(2 * (level >= 1) + (level >= 2) + (level >= 3) + 2 * (level >= 4) + (level >= 5) +
                                     (level >= 6));
}

// Neutral value of skills or goals for a mentee who listed none: nothing tells mentors apart.
constexpr float neutral_value = 0.5f;

std::string normalise(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t");
    std::string out{text.substr(first, last - first + 1)};
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool mentors_as(const person& p) { return p.role == participant_role::mentor || p.role == participant_role::both; }
bool mentored_as(const person& p) { return p.role == participant_role::mentee || p.role == participant_role::both; }

std::string offset_text(int minutes) {
    const char sign = minutes < 0 ? '-' : '+';
    const int a = std::abs(minutes);
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "UTC%c%02d:%02d", sign, (a / 60) % 100, a % 60);
    return buffer;
}

std::string minutes_text(int minutes) {
    if (minutes == 0) return "0h";
    std::string out;
    if (minutes >= 60) out = std::to_string(minutes / 60) + "h";
    if (minutes % 60 != 0) out += (out.empty() ? "" : " ") + std::to_string(minutes % 60) + "m";
    return out;
}

std::string number_text(double v) {
    if (v == std::floor(v)) return std::to_string(static_cast<long long>(v));
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", v);
    return buffer;
}

std::string level_text(std::uint8_t level) { return to_string(static_cast<cefr_level>(level)); }

}  // namespace

void row_scratch::resize(std::size_t n) {
    score.resize(n);
    partial.resize(n);
    best_language.resize(n);
    broken.resize(n);
    units.resize(n);
}

pair_scorer::pair_scorer(const std::vector<person>& people, const matching_settings& settings,
                         const std::vector<person>& organisation) {
    // ---- people, in id order ------------------------------------------------------------
    {
        std::unordered_set<std::string_view> ids;
        ids.reserve(people.size());
        for (const auto& p : people) {
            if (p.id.empty()) throw std::invalid_argument("matching: a person has an empty id");
            if (!ids.insert(p.id).second) throw std::invalid_argument("matching: duplicate person id '" + p.id + "'");
        }
    }
    std::vector<const person*> all_mentors;
    for (const auto& p : people) {
        if (mentored_as(p)) mentees_.push_back(&p);
        if (mentors_as(p)) all_mentors.push_back(&p);
    }
    const auto by_id = [](const person* a, const person* b) { return a->id < b->id; };
    std::sort(mentees_.begin(), mentees_.end(), by_id);
    std::sort(all_mentors.begin(), all_mentors.end(), by_id);
    // More places than mentees changes nothing; clamping keeps per-place work bounded.
    const int most = static_cast<int>(std::min<std::size_t>(std::max<std::size_t>(mentees_.size(), 1), INT_MAX));
    for (const auto* p : all_mentors) {
        const int capacity = std::clamp(p->mentor_capacity.value_or(settings.capacity), 0, most);
        if (capacity == 0) {
            idle_mentors_.push_back(p);
            continue;
        }
        mentors_.push_back(p);
        capacities_.push_back(capacity);
    }
    const std::size_t mentor_n = mentors_.size();
    const std::size_t mentee_n = mentees_.size();

    // ---- settings -----------------------------------------------------------------------
    double weight_sum = 0;
    for (std::size_t c = 0; c < criterion_count; ++c) {
        const auto it = settings.weights.find(matching_criteria[c]);
        const double w = it == settings.weights.end() ? 50.0 : it->second;
        weights_[c] = std::isfinite(w) ? std::max(0.0, w) : 0.0;
        weight_sum += weights_[c];
        required_[c] = std::find(settings.required.begin(), settings.required.end(), matching_criteria[c]) !=
                       settings.required.end();
    }
    scale_ = weight_sum > 0 ? 100.0 / weight_sum : 0.0;
    has_min_gap_ = settings.min_grade_gap.has_value();
    has_max_gap_ = settings.max_grade_gap.has_value();
    min_gap_ = clamp_magnitude(settings.min_grade_gap.value_or(0));
    max_gap_ = clamp_magnitude(settings.max_grade_gap.value_or(0));
    has_timezone_cap_ = settings.max_timezone_difference_minutes.has_value();
    max_timezone_ = std::max(0, settings.max_timezone_difference_minutes.value_or(0));
    has_language_floor_ = settings.language_min_level.has_value();
    min_language_ = static_cast<std::uint8_t>(settings.language_min_level.value_or(cefr_level::a1));
    reporting_line_ = settings.exclude_reporting_line;
    for (std::size_t c = 0; c < criterion_count; ++c) float_weights_[c] = static_cast<float>(weights_[c]);
    float_scale_ = static_cast<float>(scale_);
    gap_low_ = has_min_gap_ ? min_gap_ : INT_MIN;
    gap_high_ = has_max_gap_ ? max_gap_ : INT_MAX;
    // Seniority: best in the middle of the allowed range, half as good at its edges. Without
    // a range, best two grades up (experienced enough to guide, close enough to remember),
    // losing a quarter per grade away from that. A range of one gap allows nothing else.
    if (has_min_gap_ && has_max_gap_) {
        const double half = (static_cast<double>(max_gap_) - min_gap_) / 2.0;
        seniority_target_ = static_cast<float>((static_cast<double>(min_gap_) + max_gap_) / 2.0);
        seniority_slope_ = half > 0 ? static_cast<float>(0.5 / half) : 2.0f;
    } else {
        seniority_target_ = static_cast<float>(seniority_target());
        seniority_slope_ = 0.25f;
    }
    // Time zones: 1 for the same offset, falling linearly to 0.25 at the cap (a pair the
    // program allows still earns something), or to 0 at 12 hours apart without a cap.
    timezone_slope_ = !has_timezone_cap_  ? 1.0f / 720
                      : max_timezone_ > 0 ? 0.75f / static_cast<float>(max_timezone_)
                                          : 2.0f;

    // ---- vocabulary -----------------------------------------------------------------------
    // Only terms some mentee asks about get a column, and only when some mentor has them:
    // every other term cannot change a score. Column 0 is all zeros for the rest.
    std::unordered_map<std::string, std::uint32_t> term_column;
    std::unordered_map<std::string, std::uint32_t> language_column;
    for (const auto* p : mentees_) {
        for (const auto& s : p->skills_sought) term_column.emplace(normalise(s), 0);
        for (const auto& g : p->goal_areas) term_column.emplace(normalise(g), 0);
        for (const auto& l : p->languages) language_column.emplace(normalise(l.language), 0);
    }
    std::uint32_t terms = 0;
    std::uint32_t languages = 0;
    // Columns are numbered in mentor order, so the layout (and nothing else) follows the input.
    const auto assign = [](auto& columns, const std::string& key, std::uint32_t& counter) {
        const auto it = columns.find(key);
        if (it != columns.end() && it->second == 0) it->second = ++counter;
    };
    for (const auto* p : mentors_) {
        for (const auto& s : p->skills) assign(term_column, normalise(s.skill), terms);
        for (const auto& s : p->interests) assign(term_column, normalise(s), terms);
        for (const auto& s : p->goal_areas) assign(term_column, normalise(s), terms);
        for (const auto& l : p->languages) assign(language_column, normalise(l.language), languages);
    }
    term_columns_.assign((terms + 1) * mentor_n, 0);
    language_columns_.assign((languages + 1) * mentor_n, 0);
    mentor_grade_.resize(mentor_n);
    mentor_utc_.resize(mentor_n);
    for (std::size_t m = 0; m < mentor_n; ++m) {
        const auto& p = *mentors_[m];
        mentor_grade_[m] = clamp_magnitude(p.grade);
        mentor_utc_[m] = clamp_magnitude(p.utc_offset_minutes);
        const auto cell = [&](const std::string& name) -> std::uint8_t* {
            const auto it = term_column.find(normalise(name));
            return it == term_column.end() ? nullptr : &term_columns_[it->second * mentor_n + m];
        };
        for (const auto& s : p.skills)
            if (auto* b = cell(s.skill)) {
                const auto level = static_cast<std::uint8_t>(std::clamp(s.level, 1, 5));
                *b = static_cast<std::uint8_t>((*b & ~skill_bits) | std::max<std::uint8_t>(*b & skill_bits, level));
            }
        for (const auto& s : p.interests)
            if (auto* b = cell(s)) *b |= interest_bit;
        for (const auto& s : p.goal_areas)
            if (auto* b = cell(s)) *b |= goal_area_bit;
        for (const auto& l : p.languages) {
            const auto it = language_column.find(normalise(l.language));
            if (it == language_column.end()) continue;
            auto& b = language_columns_[it->second * mentor_n + m];
            b = std::max(b, static_cast<std::uint8_t>(l.level));
        }
    }

    // ---- mentee rows ----------------------------------------------------------------------
    mentee_grade_.resize(mentee_n);
    mentee_utc_.resize(mentee_n);
    sought_offset_.assign(1, 0);
    goal_offset_.assign(1, 0);
    language_offset_.assign(1, 0);
    std::vector<std::string> seen;
    for (std::size_t e = 0; e < mentee_n; ++e) {
        const auto& p = *mentees_[e];
        mentee_grade_[e] = clamp_magnitude(p.grade);
        mentee_utc_[e] = clamp_magnitude(p.utc_offset_minutes);
        seen.clear();
        for (const auto& s : p.skills_sought) {
            auto key = normalise(s);
            if (key.empty() || std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
            int own = 0;
            for (const auto& k : p.skills)
                if (normalise(k.skill) == key) own = std::max(own, std::clamp(k.level, 1, 5));
            sought_.push_back({term_column.at(key), static_cast<std::uint8_t>(own), s});
            seen.push_back(std::move(key));
        }
        sought_offset_.push_back(static_cast<std::uint32_t>(sought_.size()));
        seen.clear();
        for (const auto& g : p.goal_areas) {
            auto key = normalise(g);
            if (key.empty() || std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
            goals_.push_back({term_column.at(key), g});
            seen.push_back(std::move(key));
        }
        goal_offset_.push_back(static_cast<std::uint32_t>(goals_.size()));
        const auto first_language = languages_.size();
        for (const auto& l : p.languages) {
            const auto column = language_column.at(normalise(l.language));
            const auto level = static_cast<std::uint8_t>(l.level);
            const auto same =
                std::find_if(languages_.begin() + static_cast<std::ptrdiff_t>(first_language), languages_.end(),
                             [&](const auto& x) { return x.column == column && column != 0; });
            if (same != languages_.end())
                same->level = std::max(same->level, level);
            else
                languages_.push_back({column, level, l.language});
        }
        language_offset_.push_back(static_cast<std::uint32_t>(languages_.size()));
    }

    // ---- pairs that may never be made -----------------------------------------------------
    std::unordered_map<std::string_view, std::uint32_t> mentee_index;
    std::unordered_map<std::string_view, std::uint32_t> mentor_index;
    for (std::size_t e = 0; e < mentee_n; ++e) mentee_index.emplace(mentees_[e]->id, static_cast<std::uint32_t>(e));
    for (std::size_t m = 0; m < mentor_n; ++m) mentor_index.emplace(mentors_[m]->id, static_cast<std::uint32_t>(m));
    std::vector<std::tuple<std::uint32_t, std::uint32_t, constraint_mask>> blocked;
    const auto block = [&](std::string_view mentee_id, std::string_view mentor_id, constraint why) {
        const auto e = mentee_index.find(mentee_id);
        const auto m = mentor_index.find(mentor_id);
        if (e != mentee_index.end() && m != mentor_index.end()) blocked.emplace_back(e->second, m->second, bit(why));
    };
    for (const auto* p : mentors_) block(p->id, p->id, constraint::same_person);
    for (const auto* p : mentees_)
        for (const auto& x : p->exclusions) block(p->id, x, constraint::exclusion);
    for (const auto* p : mentors_)
        for (const auto& x : p->exclusions) block(x, p->id, constraint::exclusion);
    if (reporting_line_) {
        // Managers come from the organisation when it knows the person, else from their own
        // record. Bad data may hold a cycle (A manages B manages A): each walk stops at the
        // first manager it has seen before.
        std::unordered_map<std::string_view, std::string_view> manager_of;
        for (const auto& p : organisation)
            if (!p.id.empty()) manager_of.emplace(p.id, p.manager_id);
        for (const auto& p : people) manager_of.emplace(p.id, p.manager_id);
        std::vector<std::string_view> chain;
        std::unordered_set<std::string_view> chain_set;
        const auto walk = [&](const person& p) -> const std::vector<std::string_view>& {
            chain.clear();
            chain_set.clear();
            std::string_view current = p.manager_id;
            while (!current.empty() && current != p.id && chain_set.insert(current).second) {
                chain.push_back(current);
                const auto it = manager_of.find(current);
                current = it == manager_of.end() ? std::string_view{} : it->second;
            }
            return chain;
        };
        for (const auto* p : mentees_)
            for (auto manager : walk(*p)) block(p->id, manager, constraint::reporting_line);
        for (const auto* p : mentors_)
            for (auto manager : walk(*p)) block(manager, p->id, constraint::reporting_line);
    }
    std::sort(blocked.begin(), blocked.end());
    blocked_offset_.assign(mentee_n + 1, 0);
    for (std::size_t i = 0; i < blocked.size(); ++i) {
        const auto [e, m, why] = blocked[i];
        if (!blocked_.empty() && i > 0 && std::get<0>(blocked[i - 1]) == e && blocked_.back().mentor == m) {
            blocked_.back().why |= why;
            continue;
        }
        blocked_.push_back({m, why});
        ++blocked_offset_[e + 1];
    }
    for (std::size_t e = 0; e < mentee_n; ++e) blocked_offset_[e + 1] += blocked_offset_[e];
}

int pair_scorer::seniority_target() const {
    return has_min_gap_ ? std::max(2, min_gap_) : has_max_gap_ ? std::min(2, max_gap_) : 2;
}

template <bool keep_values, typename index_of>
void pair_scorer::score_range(std::size_t e, std::size_t count, index_of mentor_at, row_scratch& scratch) const {
    // Criterion by criterion over the whole row, so that each loop is short, branch-free and
    // reads one contiguous column (the compiler vectorises them); a pair's criteria are
    // summed in the same order whether the row has 5,000 mentors or one.
    const std::size_t n = mentors_.size();
    float* const score = scratch.score.data();
    std::uint16_t* const partial = scratch.partial.data();
    constraint_mask* const broken = scratch.broken.data();
    std::uint8_t* const best = scratch.best_language.data();
    const auto required_bit = [this](criterion c) -> constraint_mask {
        const auto i = static_cast<std::size_t>(c);
        return required_[i] ? bit(static_cast<constraint>(static_cast<std::size_t>(constraint::required_skills) + i))
                            : 0;
    };

    // Grade gap and time zones: limits and values.
    {
        const int grade = mentee_grade_[e];
        const int utc = mentee_utc_[e];
        const int cap = has_timezone_cap_ ? max_timezone_ : INT_MAX;
        const int low = gap_low_, high = gap_high_;
        const float target = seniority_target_, seniority_slope = seniority_slope_, timezone_slope = timezone_slope_;
        const float w_seniority = float_weights_[2], w_timezone = float_weights_[4];
        const constraint_mask need_seniority = required_bit(criterion::seniority);
        const constraint_mask need_timezone = required_bit(criterion::timezone);
        const std::int32_t* const mentor_grade = mentor_grade_.data();
        const std::int32_t* const mentor_utc = mentor_utc_.data();
        for (std::size_t i = 0; i < count; ++i) {
            const std::size_t m = mentor_at(i);
            const int gap = mentor_grade[m] - grade;
            const int apart = std::abs(mentor_utc[m] - utc);
            const float seniority =
                std::max(0.0f, 1.0f - seniority_slope * std::fabs(static_cast<float>(gap) - target));
            const float timezone = std::max(0.0f, 1.0f - timezone_slope * static_cast<float>(apart));
            // A `must` is reported only when the limit of the same criterion does not already
            // rule the pair out: one reason per pair and criterion.
            const bool outside_gap = gap < low || gap > high;
            const bool too_far = apart > cap;
            constraint_mask b = outside_gap ? bit(constraint::grade_gap) : 0;
            b |= too_far ? bit(constraint::timezone) : 0;
            b |= seniority > 0 || outside_gap ? 0 : need_seniority;
            b |= timezone > 0 || too_far ? 0 : need_timezone;
            broken[i] = b;
            score[i] = w_seniority * seniority + w_timezone * timezone;
            if constexpr (keep_values) {
                scratch.values[2][i] = seniority;
                scratch.values[4][i] = timezone;
            }
        }
    }

    // Skills, then goal areas: the mean credit over what the mentee listed.
    const auto finish_average = [&](std::size_t listed, criterion c) {
        const auto ci = static_cast<std::size_t>(c);
        const float weight = float_weights_[ci];
        const constraint_mask need = required_bit(c);
        if (listed == 0) {
            for (std::size_t i = 0; i < count; ++i) {
                score[i] += weight * neutral_value;
                if constexpr (keep_values) scratch.values[ci][i] = neutral_value;
            }
            return;
        }
        const auto denominator = static_cast<float>(8 * listed);
        for (std::size_t i = 0; i < count; ++i) {
            const float value = static_cast<float>(partial[i]) / denominator;
            score[i] += weight * value;
            broken[i] |= partial[i] > 0 ? 0 : need;
            if constexpr (keep_values) scratch.values[ci][i] = value;
        }
    };
    {
        std::fill(partial, partial + count, std::uint16_t{0});
        const auto* begin = sought_.data() + sought_offset_[e];
        const auto* end = sought_.data() + sought_offset_[e + 1];
        for (const auto* s = begin; s != end; ++s) {
            const std::uint8_t* const column = term_columns_.data() + s->column * n;
            const std::uint8_t own = s->own_level;
            for (std::size_t i = 0; i < count; ++i) {
                const auto level = static_cast<std::uint8_t>(column[mentor_at(i)] & skill_bits);
                partial[i] = static_cast<std::uint16_t>(partial[i] + skill_eighths(level, own));
            }
        }
        finish_average(static_cast<std::size_t>(end - begin), criterion::skills);
    }
    {
        std::fill(partial, partial + count, std::uint16_t{0});
        const auto* begin = goals_.data() + goal_offset_[e];
        const auto* end = goals_.data() + goal_offset_[e + 1];
        for (const auto* g = begin; g != end; ++g) {
            const std::uint8_t* const column = term_columns_.data() + g->column * n;
            for (std::size_t i = 0; i < count; ++i)
                partial[i] = static_cast<std::uint16_t>(partial[i] + goal_eighths(column[mentor_at(i)]));
        }
        finish_average(static_cast<std::size_t>(end - begin), criterion::goals);
    }

    // Language: the best level both speak, counting only languages at the floor or above.
    {
        std::fill(best, best + count, std::uint8_t{0});
        const std::uint8_t floor_level = min_language_;
        for (const auto* l = languages_.data() + language_offset_[e]; l != languages_.data() + language_offset_[e + 1];
             ++l) {
            const std::uint8_t* const column = language_columns_.data() + l->column * n;
            const std::uint8_t own = l->level;
            for (std::size_t i = 0; i < count; ++i) {
                const std::uint8_t shared = std::min(column[mentor_at(i)], own);
                best[i] = std::max(best[i], shared >= floor_level ? shared : std::uint8_t{0});
            }
        }
        const float weight = float_weights_[3];
        const constraint_mask need =
            has_language_floor_ ? bit(constraint::language) : required_bit(criterion::language);
        for (std::size_t i = 0; i < count; ++i) {
            const float value = static_cast<float>(language_eighths(best[i])) / 8.0f;
            score[i] += weight * value;
            broken[i] |= best[i] > 0 ? 0 : need;
            if constexpr (keep_values) scratch.values[3][i] = value;
        }
    }

    // Pairs ruled out by who they are. The list and the mentors are both in ascending
    // mentor order: one merge.
    {
        const blocked_mentor* x = blocked_.data() + blocked_offset_[e];
        const blocked_mentor* const x_end = blocked_.data() + blocked_offset_[e + 1];
        for (std::size_t i = 0; i < count && x != x_end; ++i) {
            const auto m = mentor_at(i);
            while (x != x_end && x->mentor < m) ++x;
            if (x != x_end && x->mentor == m) broken[i] |= x->why;
        }
    }

    std::int32_t* const units = scratch.units.data();
    const float to_units = float_scale_ * static_cast<float>(units_per_point);
    constexpr auto most = static_cast<std::int32_t>(100 * units_per_point);  // rounding may overshoot 100 by a hair
    for (std::size_t i = 0; i < count; ++i) units[i] = static_cast<std::int32_t>(score[i] * to_units + 0.5f);
    for (std::size_t i = 0; i < count; ++i) units[i] = broken[i] != 0 ? -1 : std::min(units[i], most);
}

void pair_scorer::score_row(std::size_t e, row_scratch& scratch) const {
    scratch.resize(mentors_.size());
    score_range<false>(
        e, mentors_.size(), [](std::size_t i) { return i; }, scratch);
}

void pair_scorer::score_some(std::size_t e, const std::vector<std::uint32_t>& mentors, row_scratch& scratch) const {
    scratch.resize(mentors.size());
    score_range<false>(
        e, mentors.size(), [&mentors](std::size_t i) -> std::size_t { return mentors[i]; }, scratch);
}

pair_evaluation pair_scorer::evaluate(std::size_t e, std::size_t m) const {
    row_scratch scratch;
    scratch.resize(1);
    for (auto& v : scratch.values) v.resize(1);
    score_range<true>(
        e, 1, [m](std::size_t) { return m; }, scratch);
    pair_evaluation out;
    for (std::size_t c = 0; c < criterion_count; ++c) {
        out.values[c] = scratch.values[c][0];
        out.score += weights_[c] * out.values[c] * scale_;
    }
    out.broken = scratch.broken[0];
    out.units = scratch.units[0];
    return out;
}

std::vector<criterion_score> pair_scorer::explain(std::size_t e, std::size_t m) const {
    const auto evaluation = evaluate(e, m);
    const person& mentee_person = *mentees_[e];
    const person& mentor_person = *mentors_[m];
    std::vector<criterion_score> out;
    out.reserve(criterion_count);
    for (std::size_t c = 0; c < criterion_count; ++c) {
        criterion_score s;
        s.criterion = matching_criteria[c];
        s.weight = weights_[c];
        s.required = required_[c];
        s.value = evaluation.values[c];
        s.contribution = weights_[c] * evaluation.values[c] * scale_;
        out.push_back(std::move(s));
    }

    // skills
    {
        std::string covered, missing;
        int covered_n = 0;
        const auto* begin = sought_.data() + sought_offset_[e];
        const auto* end = sought_.data() + sought_offset_[e + 1];
        for (const auto* s = begin; s != end; ++s) {
            const int level = term_byte(s->column, m) & skill_bits;
            const std::string own = s->own_level > 0 ? ", mentee " + std::to_string(s->own_level) : "";
            if (skill_eighths(static_cast<std::uint8_t>(level), s->own_level) > 0) {
                ++covered_n;
                covered += (covered.empty() ? "" : ", ") + std::string{s->name} + " (mentor " + std::to_string(level) +
                           own + ")";
            } else if (level == 0) {
                missing += (missing.empty() ? "" : ", ") + std::string{s->name} + " (mentor lacks it)";
            } else {
                missing += (missing.empty() ? "" : ", ") + std::string{s->name} + " (mentor " + std::to_string(level) +
                           own + ")";
            }
        }
        auto& d = out[0].detail;
        if (begin == end) {
            d = "the mentee seeks no skills: neutral";
        } else {
            d = std::to_string(covered_n) + " of " + std::to_string(end - begin) + " sought skills covered";
            if (!covered.empty()) d += ": " + covered;
            if (!missing.empty()) d += "; not covered: " + missing;
        }
    }
    // goals
    {
        std::string helped, missing;
        int helped_n = 0;
        const auto* begin = goals_.data() + goal_offset_[e];
        const auto* end = goals_.data() + goal_offset_[e + 1];
        for (const auto* g = begin; g != end; ++g) {
            const std::uint8_t b = term_byte(g->column, m);
            const int level = b & skill_bits;
            std::string how;
            if (level >= 3)
                how = "mentor's skill, level " + std::to_string(level);
            else if ((b & interest_bit) != 0)
                how = "mentor's interest";
            else if (level > 0)
                how = "mentor's skill, level " + std::to_string(level);
            else if ((b & goal_area_bit) != 0)
                how = "mentor's own goal area";
            if (how.empty()) {
                missing += (missing.empty() ? "" : ", ") + std::string{g->name};
            } else {
                ++helped_n;
                helped += (helped.empty() ? "" : ", ") + std::string{g->name} + " (" + how + ")";
            }
        }
        auto& d = out[1].detail;
        if (begin == end) {
            d = "the mentee lists no goal areas: neutral";
        } else {
            d = std::to_string(helped_n) + " of " + std::to_string(end - begin) + " goal areas met";
            if (!helped.empty()) d += ": " + helped;
            if (!missing.empty()) d += "; not: " + missing;
        }
    }
    // seniority
    {
        const int gap = mentor_grade_[m] - mentee_grade_[e];
        auto& d = out[2].detail;
        d = "grade gap " + std::to_string(gap) + " (mentor " + std::to_string(mentor_person.grade) + ", mentee " +
            std::to_string(mentee_person.grade) + "); ";
        if (has_min_gap_ && has_max_gap_) {
            d += "best at " + number_text((min_gap_ + max_gap_) / 2.0) + ", allowed " + std::to_string(min_gap_) +
                 ".." + std::to_string(max_gap_);
        } else {
            d += "best at " + std::to_string(seniority_target());
            if (has_min_gap_) d += ", at least " + std::to_string(min_gap_);
            if (has_max_gap_) d += ", at most " + std::to_string(max_gap_);
        }
    }
    // language
    {
        const spoken_language* best = nullptr;
        std::uint8_t best_level = 0;
        std::uint8_t mentor_level = 0;
        for (const auto* l = languages_.data() + language_offset_[e]; l != languages_.data() + language_offset_[e + 1];
             ++l) {
            const std::uint8_t theirs = language_level(l->column, m);
            std::uint8_t shared = std::min(theirs, l->level);
            if (shared < min_language_) shared = 0;
            if (shared > best_level) {
                best_level = shared;
                best = l;
                mentor_level = theirs;
            }
        }
        const std::string floor = has_language_floor_ ? " at " + level_text(min_language_) + " or better" : "";
        auto& d = out[3].detail;
        if (best == nullptr)
            d = "no shared language" + floor;
        else
            d = "best shared language: " + std::string{best->name} + " at " + level_text(best_level) + " (mentor " +
                level_text(mentor_level) + ", mentee " + level_text(best->level) + ")";
    }
    // timezone
    {
        const int apart = std::abs(mentor_utc_[m] - mentee_utc_[e]);
        auto& d = out[4].detail;
        d = apart == 0 ? "same UTC offset (" + offset_text(mentor_person.utc_offset_minutes) + ")"
                       : minutes_text(apart) + " apart (mentor " + offset_text(mentor_person.utc_offset_minutes) +
                             ", mentee " + offset_text(mentee_person.utc_offset_minutes) + ")";
        if (has_timezone_cap_) d += "; at most " + minutes_text(max_timezone_);
    }
    return out;
}

std::string pair_scorer::describe(constraint c) const {
    switch (c) {
        case constraint::same_person:
            return "the same person";
        case constraint::reporting_line:
            return "in each other's reporting line";
        case constraint::exclusion:
            return "excluded by one of the two";
        case constraint::grade_gap:
            if (has_min_gap_ && has_max_gap_)
                return "grade gap outside " + std::to_string(min_gap_) + ".." + std::to_string(max_gap_);
            if (has_min_gap_) return "grade gap below " + std::to_string(min_gap_);
            return "grade gap above " + std::to_string(max_gap_);
        case constraint::timezone:
            return "time zones more than " + minutes_text(max_timezone_) + " apart";
        case constraint::language:
            return "no shared language at " + level_text(min_language_) + " or better";
        case constraint::required_skills:
            return "none of the sought skills covered (skills is a must)";
        case constraint::required_goals:
            return "no goal area met (goals is a must)";
        case constraint::required_seniority:
            return "grade gap too far from the best (seniority is a must)";
        case constraint::required_language:
            return "no shared language (language is a must)";
        case constraint::required_timezone:
            return "time zones too far apart (timezone is a must)";
    }
    return "?";
}

}  // namespace mentorkit::detail
