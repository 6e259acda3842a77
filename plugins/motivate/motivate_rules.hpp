#pragma once
// The motivate module's pure logic: how well a goal serves an organisational objective,
// which recognition thresholds a progress step crosses, and what a mentee's check-in
// ratings say about their motivation. No bus, no clock: the plugin feeds it and the tests
// check it by hand.

#include <mentorkit/domain.hpp>
#include <mentorkit/text.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mentorkit::motivate {

/// One of the organisation's objectives, as read from the objectives catalog.
/// `areas`, `skills` and `keywords` are kept as normalise_name() writes them, for matching:
/// a keyword matches the goal's title or measure as whole words, a plural "s" included.
struct objective {
    std::string id;
    std::string title;
    std::string description;
    std::string owner_unit;  //!< empty: company-wide
    std::vector<std::string> areas;
    std::vector<std::string> skills;
    std::vector<std::string> keywords;
    int priority = 2;  //!< 1 (top) .. 3
};

/// The weights of the parts of an alignment score. Scores are scaled so that a goal that
/// earns every part in full scores 100, whatever the weights add up to.
struct alignment_weights {
    // By default no single weak clue reaches the default min_alignment of 30: an area
    // shared with another unit's objective (at most 20 + 5) needs a second clue.
    double area = 20;      //!< the goal's area is one of the objective's areas
    double skills = 30;    //!< times the share of the goal's skills_needed the objective lists
    double keywords = 30;  //!< times min(keywords found, 2) / 2
    double unit = 15;      //!< the objective is owned by the mentee's org unit
    double priority = 5;   //!< times (4 - priority) / 3: 1 → full, 2 → 2/3, 3 → 1/3

    double total() const { return area + skills + keywords + unit + priority; }
};

/// Keywords found in a goal's title or measure that earn the full keyword weight.
inline constexpr int keywords_for_full_weight = 2;

/// The points each part contributed (already scaled to 0..100 and rounded).
struct alignment_parts {
    int area = 0;
    int skills = 0;
    int keywords = 0;
    int unit = 0;
    int priority = 0;
    int sum() const { return area + skills + keywords + unit + priority; }
};

/// How well one goal serves one objective, and why.
struct alignment {
    const objective* target = nullptr;
    int score = 0;  //!< 0..100, the sum of the parts
    alignment_parts parts;
    std::vector<std::string> because;  //!< one reason per part that scored
};

inline std::string in_quotes(std::string_view text) { return "'" + std::string{text} + "'"; }

/// Scores how well `g` (of a mentee in `mentee_unit`) serves `o`. Area, skills and
/// keywords make a goal relevant to an objective; the unit and priority parts only add to
/// a relevant one, so an objective never aligns on being important alone.
inline alignment align(const goal& g, std::string_view mentee_unit, const objective& o, const alignment_weights& w) {
    alignment a;
    a.target = &o;
    const double total = w.total();
    if (total <= 0) return a;
    const double scale = 100.0 / total;
    auto points = [scale](double weight, double share) {
        return static_cast<int>(std::lround(weight * share * scale));
    };

    const auto area = normalise_name(g.area);
    const bool area_match = !area.empty() && std::find(o.areas.begin(), o.areas.end(), area) != o.areas.end();

    std::vector<std::string> needed, served;
    for (const auto& s : g.skills_needed) {
        auto name = normalise_name(s.skill);
        if (name.empty() || std::find(needed.begin(), needed.end(), name) != needed.end()) continue;
        needed.push_back(name);
        if (std::find(o.skills.begin(), o.skills.end(), name) != o.skills.end()) served.push_back(name);
    }

    const auto text = to_lower(g.title + " \n " + g.measure);
    std::vector<std::string> found;
    for (const auto& k : o.keywords)
        if (contains_words(text, k, word_match::plural_s)) found.push_back(k);

    const bool relevant =
        (area_match && w.area > 0) || (!served.empty() && w.skills > 0) || (!found.empty() && w.keywords > 0);
    if (!relevant) return a;

    if (area_match && w.area > 0) {
        a.parts.area = points(w.area, 1.0);
        a.because.push_back("its area " + in_quotes(area) + " is one of the objective's areas (+" +
                            std::to_string(a.parts.area) + ")");
    }
    if (!served.empty() && w.skills > 0) {
        a.parts.skills = points(w.skills, static_cast<double>(served.size()) / static_cast<double>(needed.size()));
        a.because.push_back(std::to_string(served.size()) + " of the " + std::to_string(needed.size()) +
                            (needed.size() == 1 ? " skill" : " skills") + " it needs " +
                            (served.size() == 1 ? "serves" : "serve") + " the objective: " + join_words(served) +
                            " (+" + std::to_string(a.parts.skills) + ")");
    }
    if (!found.empty() && w.keywords > 0) {
        const auto counted = std::min<std::size_t>(found.size(), keywords_for_full_weight);
        a.parts.keywords = points(w.keywords, static_cast<double>(counted) / keywords_for_full_weight);
        std::vector<std::string> shown;
        for (const auto& k : found) shown.push_back(in_quotes(k));
        a.because.push_back("its title or measure mentions " + join_words(shown) + " (+" +
                            std::to_string(a.parts.keywords) + ")");
    }
    if (!o.owner_unit.empty() && !mentee_unit.empty() && normalise_name(o.owner_unit) == normalise_name(mentee_unit)) {
        a.parts.unit = points(w.unit, 1.0);
        if (a.parts.unit > 0)
            a.because.push_back("the objective belongs to " + o.owner_unit + ", the mentee's unit (+" +
                                std::to_string(a.parts.unit) + ")");
    }
    a.parts.priority = points(w.priority, (4.0 - o.priority) / 3.0);
    if (a.parts.priority > 0)
        a.because.push_back("it is a priority " + std::to_string(o.priority) + " objective of the organisation (+" +
                            std::to_string(a.parts.priority) + ")");
    a.score = std::min(100, a.parts.sum());
    return a;
}

/// Every objective scored against `g`, best first (score, then priority, then id).
inline std::vector<alignment> rank(const goal& g, std::string_view mentee_unit, const std::vector<objective>& catalog,
                                   const alignment_weights& w) {
    std::vector<alignment> out;
    out.reserve(catalog.size());
    for (const auto& o : catalog) out.push_back(align(g, mentee_unit, o, w));
    std::stable_sort(out.begin(), out.end(), [](const alignment& a, const alignment& b) {
        if (a.score != b.score) return a.score > b.score;
        if (a.target->priority != b.target->priority) return a.target->priority < b.target->priority;
        return a.target->id < b.target->id;
    });
    return out;
}

/// The alignments worth telling: at least `min_score`, at most `max_count`, best first.
inline std::vector<alignment> best_alignments(const std::vector<alignment>& ranked, int min_score,
                                              std::size_t max_count) {
    std::vector<alignment> out;
    for (const auto& a : ranked) {
        if (out.size() == max_count) break;
        if (a.score > 0 && a.score >= min_score) out.push_back(a);
    }
    return out;
}

/// The recognition thresholds a goal's progress has newly crossed: those above
/// `recognised_up_to` and at most `progress`, ascending. Empty when none.
inline std::vector<int> crossed_thresholds(const std::vector<int>& thresholds, int recognised_up_to, int progress) {
    std::vector<int> out;
    for (int t : thresholds)
        if (t > recognised_up_to && t <= progress) out.push_back(t);
    return out;
}

/// The highest threshold at most `progress` (0 when none): what a goal that arrives with
/// this progress has passed without a recognition being due.
inline int passed_threshold(const std::vector<int>& thresholds, int progress) {
    int out = 0;
    for (int t : thresholds)
        if (t <= progress) out = std::max(out, t);
    return out;
}

/// When a mentee's check-in ratings say their motivation may be slipping.
struct rating_rules {
    int drop = 2;      //!< the last rating is at least this much below the one before (1 is ordinary noise)
    double below = 3;  //!< or the average of the last `window` ratings is below this
    int window = 3;
};

/// One check-in rating from the mentee.
struct rating {
    int value = 0;
    std::string on;  //!< date
};

inline std::string one_decimal(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", value);
    return buffer;
}

/// A number as people write it: "3", "2.5".
inline std::string number_text(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", value);
    return buffer;
}

/// What the ratings so far say, as signals with their numbers; empty when nothing is wrong.
/// The average is over the last `window` ratings, once there are that many: one poor
/// first meeting is not yet a trend.
inline std::vector<nlohmann::json> rating_signals(const std::vector<rating>& ratings, const rating_rules& rules) {
    std::vector<nlohmann::json> out;
    const auto n = ratings.size();
    if (n == 0) return out;
    const auto& last = ratings.back();
    if (n >= 2) {
        const auto& previous = ratings[n - 2];
        if (last.value <= previous.value - rules.drop)
            out.push_back(
                {{"kind", "rating_fell"},
                 {"previous", previous.value},
                 {"last", last.value},
                 {"drop", previous.value - last.value},
                 {"on", last.on},
                 {"detail", "the mentee's check-in rating fell from " + std::to_string(previous.value) + " to " +
                                std::to_string(last.value) + (last.on.empty() ? std::string{} : " on " + last.on)}});
    }
    const auto count = static_cast<std::size_t>(rules.window);
    if (n < count) return out;
    double sum = 0;
    auto window = nlohmann::json::array();
    for (auto i = n - count; i < n; ++i) {
        sum += ratings[i].value;
        window.push_back(ratings[i].value);
    }
    const double average = sum / static_cast<double>(count);
    if (average < rules.below)
        out.push_back(
            {{"kind", "ratings_low"},
             {"average", std::round(average * 100) / 100},
             {"ratings", window},
             {"window", rules.window},
             {"below", rules.below},
             {"detail", (count == 1 ? std::string{"the mentee's last check-in rating is "}
                                    : "the mentee's last " + std::to_string(count) + " check-in ratings average ") +
                            one_decimal(average) + ", below " + number_text(rules.below)}});
    return out;
}

}  // namespace mentorkit::motivate
