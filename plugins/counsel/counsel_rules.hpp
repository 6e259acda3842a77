#pragma once
// counsel: the pure part — how a check-in's words and numbers become categories with
// evidence, and which conversation guide fits them. No bus, no clock: the plugin feeds
// these functions and publishes what they return.
//
// Confidentiality starts here: a finding's evidence and reason name the *configured*
// phrase that matched and the numbers, never the text the person wrote around it.

#include <mentorkit/text.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mentorkit::counsel {

/// The categories the module recognises, in the order they are always reported.
inline constexpr std::array<std::string_view, 3> categories{"stress", "conflict", "disengagement"};

inline std::optional<std::size_t> category_index(std::string_view name) {
    for (std::size_t i = 0; i < categories.size(); ++i)
        if (categories[i] == name) return i;
    return std::nullopt;
}

// ---- text ------------------------------------------------------------------------------

/// Text as phrases are matched: apostrophes (' and the typographic ‘ ’) dropped so
/// "can't", "can’t" and "cant" read alike, then normalise_name(): ASCII letters in lower
/// case, every run of white space one space, no space at either end. Other bytes (UTF-8
/// letters, punctuation) are kept.
inline std::string normalize_text(std::string_view text) {
    std::string kept;
    kept.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\'') continue;
        // U+2018 and U+2019 in UTF-8: E2 80 98 / E2 80 99.
        if (text.substr(i, 3) == "\xE2\x80\x98" || text.substr(i, 3) == "\xE2\x80\x99") {
            i += 2;
            continue;
        }
        kept += text[i];
    }
    return normalise_name(kept);
}

/// A configured phrase: as written (what evidence names) and as matched.
struct phrase {
    std::string text;
    std::string normalized;
};

inline phrase make_phrase(std::string text) {
    auto normalized = normalize_text(text);
    return phrase{std::move(text), std::move(normalized)};
}

/// The phrases that signal each category, indexed like `categories`.
using phrase_book = std::array<std::vector<phrase>, categories.size()>;

inline phrase_book default_phrases() {
    const std::array<std::vector<std::string>, categories.size()> words{{
        {"overwhelmed", "burnt out", "burned out", "exhausted", "can't cope", "cannot cope", "no time", "stressed",
         "anxious", "drowning", "can't sleep", "too much on my plate", "out of my depth", "under pressure"},
        {"conflict with", "argument", "arguments", "unfair", "unfairly", "my manager ignores", "toxic", "clash",
         "clashed", "undermined", "blamed", "bullied", "harassed", "falling out", "fell out", "takes credit"},
        {"pointless", "not worth", "thinking of leaving", "don't care", "no point", "checked out",
         "going through the motions", "demotivated", "unmotivated", "why bother", "looking for another job",
         "lost interest", "given up"},
    }};
    phrase_book book;
    for (std::size_t i = 0; i < categories.size(); ++i)
        for (const auto& w : words[i]) book[i].push_back(make_phrase(w));
    return book;
}

// ---- detection -------------------------------------------------------------------------

/// When the numbers count as a sign. A threshold of 0 turns its detector off.
struct thresholds {
    int wellbeing_at_or_below = 2;   //!< stress: wellbeing (1..5) at or below this
    int rating_drop = 2;             //!< conflict: rating fell by at least this since the last check-in
    int rating_at_or_below = 1;      //!< conflict: rating at or below this, whatever came before
    int low_rating_at_or_below = 2;  //!< disengagement: a rating this low counts as low ...
    int low_ratings_in_a_row = 3;    //!< ... and this many low ones in a row (this one included)
};

/// One sign: its category, the evidence (numbers or the configured phrase) and a short
/// reason for people to read.
struct finding {
    std::size_t category = 0;  //!< index into `categories`
    nlohmann::json evidence;
    std::string reason;
};

/// What detection looks at: this check-in and the same person's earlier ratings in the
/// same relationship (oldest first).
struct checkin_facts {
    int rating = 0;     //!< 1..5, 0 when not rated (the words alone are still heard)
    int wellbeing = 0;  //!< 1..5, 0 when not asked
    std::vector<int> earlier_ratings;
    std::string normalized_comment;  //!< normalize_text() of the comment
};

inline std::vector<finding> detect(const checkin_facts& c, const thresholds& t, const phrase_book& phrases) {
    std::vector<finding> out;
    const auto stress = *category_index("stress");
    const auto conflict = *category_index("conflict");
    const auto disengagement = *category_index("disengagement");

    if (c.wellbeing > 0 && c.wellbeing <= t.wellbeing_at_or_below)
        out.push_back({stress,
                       {{"category", "stress"},
                        {"signal", "low_wellbeing"},
                        {"wellbeing", c.wellbeing},
                        {"at_or_below", t.wellbeing_at_or_below}},
                       "wellbeing " + std::to_string(c.wellbeing) + " of 5 (at or below " +
                           std::to_string(t.wellbeing_at_or_below) + ")"});

    if (c.rating > 0 && !c.earlier_ratings.empty() && t.rating_drop > 0) {
        const int previous = c.earlier_ratings.back();
        if (previous - c.rating >= t.rating_drop)
            out.push_back({conflict,
                           {{"category", "conflict"},
                            {"signal", "rating_drop"},
                            {"rating", c.rating},
                            {"previous_rating", previous},
                            {"drop", previous - c.rating},
                            {"drop_at_least", t.rating_drop}},
                           "rating fell from " + std::to_string(previous) + " to " + std::to_string(c.rating) +
                               " (a drop of " + std::to_string(previous - c.rating) + "; flagged at " +
                               std::to_string(t.rating_drop) + " or more)"});
    }
    if (c.rating > 0 && c.rating <= t.rating_at_or_below)
        out.push_back({conflict,
                       {{"category", "conflict"},
                        {"signal", "very_low_rating"},
                        {"rating", c.rating},
                        {"at_or_below", t.rating_at_or_below}},
                       "rating " + std::to_string(c.rating) + " of 5 (at or below " +
                           std::to_string(t.rating_at_or_below) + ")"});

    for (std::size_t i = 0; i < categories.size(); ++i)
        for (const auto& p : phrases[i])
            if (contains_words(c.normalized_comment, p.normalized))
                out.push_back({i,
                               {{"category", std::string{categories[i]}}, {"signal", "phrase"}, {"phrase", p.text}},
                               "mentioned '" + p.text + "'"});

    const auto n = static_cast<std::size_t>(std::max(t.low_ratings_in_a_row, 0));
    if (c.rating > 0 && n > 0 && c.earlier_ratings.size() + 1 >= n) {
        std::vector<int> last(c.earlier_ratings.end() - static_cast<std::ptrdiff_t>(n - 1), c.earlier_ratings.end());
        last.push_back(c.rating);
        if (std::all_of(last.begin(), last.end(), [&t](int r) { return r <= t.low_rating_at_or_below; })) {
            std::vector<std::string> shown;
            for (int r : last) shown.push_back(std::to_string(r));
            out.push_back({disengagement,
                           {{"category", "disengagement"},
                            {"signal", "repeated_low_ratings"},
                            {"ratings", last},
                            {"at_or_below", t.low_rating_at_or_below},
                            {"in_a_row", t.low_ratings_in_a_row}},
                           "the last " + std::to_string(n) + " ratings were " + join_words(shown, ", ") +
                               " (all at or below " + std::to_string(t.low_rating_at_or_below) + ")"});
        }
    }
    // Report by category, each category's signs in the order found.
    std::stable_sort(out.begin(), out.end(),
                     [](const finding& a, const finding& b) { return a.category < b.category; });
    return out;
}

// ---- guides ----------------------------------------------------------------------------

/// A conversation guide from the catalog.
struct guide {
    std::string id;
    std::string title;
    std::vector<std::size_t> for_categories;  //!< indices into `categories`
    std::vector<std::string> steps;
    std::vector<std::string> questions;
    std::string when_to_refer;
    std::vector<std::string> resources;
    std::vector<phrase> cues;  //!< optional: words that make it the better of equally covering guides
};

/// The chosen guide and why.
struct guide_choice {
    const guide* chosen = nullptr;
    std::size_t covered = 0;                //!< how many of the detected categories it covers
    std::vector<std::string> matched_cues;  //!< its cues found in the comment (configured text)
};

/// The guide covering most of `detected` (category indices); among equals, one whose cues
/// occur in the comment, then the earliest in the catalog. Nothing when none covers any.
inline guide_choice choose_guide(const std::vector<guide>& guides, const std::vector<std::size_t>& detected,
                                 std::string_view normalized_comment) {
    guide_choice best;
    bool best_cued = false;
    for (const auto& g : guides) {
        std::size_t covered = 0;
        for (auto c : detected)
            if (std::find(g.for_categories.begin(), g.for_categories.end(), c) != g.for_categories.end()) ++covered;
        if (covered == 0) continue;
        std::vector<std::string> cues;
        for (const auto& cue : g.cues)
            if (contains_words(normalized_comment, cue.normalized)) cues.push_back(cue.text);
        const bool cued = !cues.empty();
        // Strictly better only: equal candidates keep the earlier one (catalog order).
        if (best.chosen == nullptr || covered > best.covered || (covered == best.covered && cued && !best_cued)) {
            best = guide_choice{&g, covered, std::move(cues)};
            best_cued = cued;
        }
    }
    return best;
}

}  // namespace mentorkit::counsel
