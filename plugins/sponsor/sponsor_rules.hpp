#pragma once
// The sponsor's judgement, kept apart from the event plumbing so it reads (and is tested)
// as rules: how well a mentee fits an opportunity, which of the mentor's contacts are worth
// an introduction, and how to make an achieved goal visible. Everything here is pure and
// deterministic: ordered containers, ties broken by id. Skills, goal areas and kinds are
// compared in the form normalise_name() gives them: "Public Speaking" in a feed is the
// cohort's "public speaking".

#include <mentorkit/domain.hpp>
#include <mentorkit/payload.hpp>
#include <mentorkit/roster.hpp>
#include <mentorkit/text.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace mentorkit::sponsor {

// ---- small helpers -------------------------------------------------------------------

/// `value` to `decimals` places, as the nearest double to the decimal (53.4, not 53.400000000000006).
inline double round_to(double value, int decimals) {
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

inline std::string display_name(const person& p) { return p.name.empty() ? p.id : p.name; }

inline std::string percent(double fraction) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%.0f%%", fraction * 100);
    return buffer;
}

// ---- opportunities -------------------------------------------------------------------

/// An opportunity as the sponsor knows it: from `opportunity.posted` or the catalog feed.
struct opportunity_post {
    std::string id;
    std::string title;
    std::string kind;                   //!< project, role, stretch, speaking, committee, …
    std::string visibility = "medium";  //!< low, medium, high
    std::vector<skill_level> skills_needed;
    std::vector<std::string> goal_areas;
    std::string org_unit;
    std::string description;
    std::string posted_on;  //!< ISO date; empty when not known
    std::string closes_on;  //!< ISO date; empty: open-ended

    /// Closed once the day after closes_on has begun: an opportunity closing today is open.
    bool closed_at(time_point now) const {
        if (closes_on.empty()) return false;
        const auto closes = parse_date(closes_on);
        return closes && now >= *closes + std::chrono::days{1};
    }
    bool open_at(time_point now) const {
        if (closed_at(now)) return false;
        if (posted_on.empty()) return true;
        const auto posted = parse_date(posted_on);
        return !posted || *posted <= now;
    }

    /// The `opportunity.posted` payload.
    nlohmann::json to_json() const {
        nlohmann::json out{{"id", id},
                           {"title", title},
                           {"kind", kind},
                           {"visibility", visibility},
                           {"skills_needed", skills_needed},
                           {"goal_areas", goal_areas},
                           {"org_unit", org_unit},
                           {"description", description},
                           {"closes_on", closes_on}};
        if (!posted_on.empty()) out["posted_on"] = posted_on;
        return out;
    }
};

/// Reads an `opportunity.posted` payload; throws std::invalid_argument naming the field at
/// fault, so the kernel dead-letters a malformed posting instead of nominating from it.
inline opportunity_post read_opportunity(const nlohmann::json& p) {
    constexpr std::string_view topic = "opportunity.posted";
    auto fail = [](const std::string& message) { throw std::invalid_argument("opportunity.posted: " + message); };
    if (!p.is_object()) fail("the payload must be an object");
    opportunity_post o;
    o.id = required_text(p, topic, "id");
    o.title = required_text(p, topic, "title");
    o.kind = normalise_name(optional_text(p, topic, "kind"));
    o.org_unit = optional_text(p, topic, "org_unit");
    o.description = optional_text(p, topic, "description");
    if (auto v = optional_text(p, topic, "visibility"); !v.empty()) {
        v = normalise_name(v);
        if (v != "low" && v != "medium" && v != "high")
            fail("\"visibility\" must be low, medium or high, found \"" + v + "\"");
        o.visibility = v;
    }
    if (const auto closes = optional_date(p, topic, "closes_on")) o.closes_on = day_of(*closes);
    if (const auto posted = optional_date(p, topic, "posted_on")) o.posted_on = day_of(*posted);
    if (const auto it = p.find("skills_needed"); it != p.end() && !it->is_null()) {
        if (!it->is_array()) fail("\"skills_needed\" must be a list of {skill, level}");
        for (const auto& item : *it) {
            if (!item.is_object() || !item.contains("skill") || !item["skill"].is_string() ||
                item["skill"].get_ref<const std::string&>().empty())
                fail("each of \"skills_needed\" needs a non-empty \"skill\", found " + item.dump());
            skill_level s{normalise_name(item["skill"].get<std::string>()), 1};
            if (const auto level = item.find("level"); level != item.end()) {
                if (!level->is_number_integer() || level->get<int>() < 1 || level->get<int>() > 5)
                    fail("the level of \"" + s.skill + "\" must be a whole number 1..5, found " + level->dump());
                s.level = level->get<int>();
            }
            o.skills_needed.push_back(std::move(s));
        }
    }
    for (const auto& area : string_list(p, topic, "goal_areas")) o.goal_areas.push_back(normalise_name(area));
    return o;
}

// ---- nominations ---------------------------------------------------------------------

struct weights {
    double skill_fit = 0.5;
    double goal_fit = 0.3;
    double readiness = 0.2;
    double sum() const { return skill_fit + goal_fit + readiness; }
};

struct nomination_rules {
    mentorkit::sponsor::weights weights;
    std::set<std::string> stretch_kinds{"stretch"};
    int stretch_gap = 1;      //!< levels short a stretch kind accepts without penalty
    double min_score = 50;    //!< 0..100
    int max_nominations = 3;  //!< per opportunity
};

/// One criterion of a score, as shown to the mentor.
struct score_part {
    std::string criterion;
    double weight = 0;        //!< as configured
    double value = 0;         //!< 0..1
    double contribution = 0;  //!< points of the 0..100 score
    std::string detail;
};

/// How one mentee fits one opportunity.
struct assessment {
    std::string mentee_id;
    double score = 0;  //!< 0..100, one decimal
    std::vector<score_part> parts;
    std::string why;  //!< one sentence naming the matching skills, goals and progress
};

namespace detail {

inline int level_of(const person& p, const std::string& skill) {
    int best = 0;
    for (const auto& s : p.skills)
        if (normalise_name(s.skill) == skill) best = std::max(best, s.level);
    return best;
}

inline bool is_open(const goal& g) { return g.status == goal_status::open || g.status == goal_status::at_risk; }

}  // namespace detail

/// Scores `mentee` (whose non-abandoned goals are `goals`) for `o`:
///  - skill_fit: for each skill needed at level L, with the mentee at level m, 1 - gap / L
///    where gap = max(0, L - m - allowed) and `allowed` is stretch_gap for stretch kinds
///    (else 0); the mean over the skills (1 when none is named).
///  - goal_fit: the share of the opportunity's skills and goal areas the mentee is after:
///    in their skills_sought or goal_areas, or needed by / the area of an open goal.
///  - readiness: the mean progress of their goals, achieved ones counting 100% (0 with no goals).
/// score = 100 × Σ weight × value / Σ weight.
inline assessment assess(const opportunity_post& o, const person& mentee, const std::vector<const goal*>& goals,
                         const nomination_rules& rules) {
    assessment a;
    a.mentee_id = mentee.id;
    const bool stretch = rules.stretch_kinds.contains(o.kind);
    const int allowed = stretch ? rules.stretch_gap : 0;

    // skill_fit
    double skill_fit = 1;
    std::string skill_detail = "no particular skills needed";
    std::vector<std::string> strong_skills, short_skills;
    if (!o.skills_needed.empty()) {
        double total = 0;
        std::vector<std::string> items;
        for (const auto& need : o.skills_needed) {
            const int has = detail::level_of(mentee, need.skill);
            const int gap = std::max(0, need.level - has - allowed);
            total += 1.0 - static_cast<double>(gap) / need.level;
            items.push_back(need.skill + " " + std::to_string(has) + "/" + std::to_string(need.level));
            const std::string phrase =
                need.skill + " at level " + std::to_string(has) + " of " + std::to_string(need.level);
            (has >= need.level ? strong_skills : short_skills).push_back(phrase);
        }
        skill_fit = total / static_cast<double>(o.skills_needed.size());
        skill_detail = "has/needs: " + join_words(items);
        if (stretch && allowed > 0)
            skill_detail += " (a stretch: up to " + std::to_string(allowed) + " level" + (allowed == 1 ? "" : "s") +
                            " short counts as a fit)";
    }

    // goal_fit: the opportunity's terms against what the mentee is after, and where from.
    std::map<std::string, std::vector<std::string>> wanted;  // term -> where it comes from
    for (const auto& s : mentee.skills_sought) wanted[normalise_name(s)].push_back("sought skill");
    for (const auto& area : mentee.goal_areas) wanted[normalise_name(area)].push_back("goal area");
    for (const auto* g : goals) {
        if (!detail::is_open(*g)) continue;
        const std::string source = "goal '" + g->title + "'";
        for (const auto& s : g->skills_needed) wanted[normalise_name(s.skill)].push_back(source);
        if (!g->area.empty()) wanted[normalise_name(g->area)].push_back(source);
    }
    std::vector<std::string> terms;  // the opportunity's, in order, once each
    for (const auto& s : o.skills_needed)
        if (std::find(terms.begin(), terms.end(), s.skill) == terms.end()) terms.push_back(s.skill);
    for (const auto& area : o.goal_areas)
        if (std::find(terms.begin(), terms.end(), area) == terms.end()) terms.push_back(area);
    std::vector<std::string> matched, matched_with_source;
    for (const auto& term : terms) {
        const auto it = wanted.find(term);
        if (it == wanted.end()) continue;
        matched.push_back(term);
        std::vector<std::string> sources;  // each source once, in the order found
        for (const auto& s : it->second)
            if (std::find(sources.begin(), sources.end(), s) == sources.end()) sources.push_back(s);
        matched_with_source.push_back(term + " (" + join_words(sources) + ")");
    }
    const double goal_fit = terms.empty() ? 0 : static_cast<double>(matched.size()) / static_cast<double>(terms.size());
    const std::string goal_detail = terms.empty()
                                        ? "the opportunity names no skills or areas"
                                        : std::to_string(matched.size()) + " of " + std::to_string(terms.size()) +
                                              " of the opportunity's skills and areas are what the mentee is after" +
                                              (matched.empty() ? "" : ": " + join_words(matched_with_source));

    // readiness
    double readiness = 0;
    int achieved = 0;
    for (const auto* g : goals) {
        readiness += std::clamp(g->progress, 0, 100) / 100.0;
        if (g->status == goal_status::achieved) ++achieved;
    }
    if (!goals.empty()) readiness /= static_cast<double>(goals.size());
    const std::string readiness_detail =
        goals.empty() ? "no goals set yet"
                      : std::to_string(goals.size()) + " goal" + (goals.size() == 1 ? "" : "s") +
                            ", average progress " + percent(readiness) + ", " + std::to_string(achieved) + " achieved";

    const auto& w = rules.weights;
    const double sum = w.sum();
    auto part = [&](const char* criterion, double weight, double value, const std::string& detail) {
        return score_part{criterion, weight, round_to(value, 3), round_to(100 * weight * value / sum, 1), detail};
    };
    a.parts = {part("skill_fit", w.skill_fit, skill_fit, skill_detail),
               part("goal_fit", w.goal_fit, goal_fit, goal_detail),
               part("readiness", w.readiness, readiness, readiness_detail)};
    a.score = round_to(100 * (w.skill_fit * skill_fit + w.goal_fit * goal_fit + w.readiness * readiness) / sum, 1);

    // why: one sentence with the facts behind the numbers.
    std::string why = display_name(mentee) + " fits '" + o.title + "'";
    std::vector<std::string> clauses;
    if (!strong_skills.empty()) clauses.push_back("has " + join_words(strong_skills));
    if (!short_skills.empty())
        clauses.push_back(std::string{stretch && allowed > 0 ? "would stretch in " : "is short in "} +
                          join_words(short_skills));
    if (!matched.empty()) clauses.push_back("is after " + join_words(matched_with_source));
    clauses.push_back(goals.empty() ? "has no goals set yet"
                                    : "has " + percent(readiness) + " average progress on " +
                                          std::to_string(goals.size()) + " goal" + (goals.size() == 1 ? "" : "s") +
                                          " (" + std::to_string(achieved) + " achieved)");
    why += ": " + join_words(clauses) + " (score " + [&] {
        char buffer[16];
        std::snprintf(buffer, sizeof buffer, "%.1f", a.score);
        return std::string{buffer};
    }() + ").";
    a.why = std::move(why);
    return a;
}

/// Best first: higher score, then lower mentee id. Only those reaching min_score.
inline std::vector<assessment> shortlist(std::vector<assessment> all, const nomination_rules& rules) {
    std::erase_if(all, [&](const assessment& a) { return a.score < rules.min_score; });
    std::sort(all.begin(), all.end(), [](const assessment& x, const assessment& y) {
        return x.score != y.score ? x.score > y.score : x.mentee_id < y.mentee_id;
    });
    return all;
}

// ---- introductions -------------------------------------------------------------------

struct introduction_rules {
    int min_level = 4;
    bool second_degree = true;
    int max_introductions = 2;
};

/// What the mentee is looking for: skills (from skills_sought and goals) and goal areas.
struct needs {
    std::set<std::string> skills;
    std::set<std::string> areas;
};

/// A contact worth an introduction.
struct contact_match {
    const person* contact = nullptr;
    std::string via;  //!< the mentor (degree 1) or the first-degree contact who knows them
    int degree = 1;
    std::vector<skill_level> matching_skills;  //!< the contact's skills the mentee needs, at min_level or above
    std::vector<std::string> shared_areas;     //!< the mentee's areas the contact also pursues or is skilled in
    /// 2 per matching skill (direct help) + 1 per shared area (common ground).
    int strength() const {
        return 2 * static_cast<int>(matching_skills.size()) + static_cast<int>(shared_areas.size());
    }
};

/// The mentee's needs from their profile and open goals.
inline needs needs_of(const person& mentee, const std::vector<const goal*>& goals) {
    needs n;
    for (const auto& s : mentee.skills_sought) n.skills.insert(normalise_name(s));
    for (const auto& a : mentee.goal_areas) n.areas.insert(normalise_name(a));
    for (const auto* g : goals) {
        if (!detail::is_open(*g)) continue;
        for (const auto& s : g->skills_needed) n.skills.insert(normalise_name(s.skill));
        if (!g->area.empty()) n.areas.insert(normalise_name(g->area));
    }
    n.skills.erase("");
    n.areas.erase("");
    return n;
}

/// The needs behind one goal.
inline needs needs_of(const goal& g) {
    needs n;
    for (const auto& s : g.skills_needed) n.skills.insert(normalise_name(s.skill));
    if (!g.area.empty()) n.areas.insert(normalise_name(g.area));
    n.skills.erase("");
    return n;
}

/// The contacts in `mentor`'s network (and, when allowed, their networks) who can help
/// `mentee` with `wanted`, best first: first degree before second, then stronger match,
/// then id. Leaves out the mentor, the mentee, the mentee's manager, anyone the mentee
/// excludes or who excludes the mentee, and everyone in `already`.
inline std::vector<contact_match> find_contacts(const roster& people, const person& mentor, const person& mentee,
                                                const needs& wanted, const introduction_rules& rules,
                                                const std::set<std::string>& already) {
    // Excluded people are neither introduced nor asked to introduce anyone.
    auto excluded = [&](const person& c) {
        if (c.id == mentor.id || c.id == mentee.id || c.id == mentee.manager_id) return true;
        if (std::find(mentee.exclusions.begin(), mentee.exclusions.end(), c.id) != mentee.exclusions.end()) return true;
        return std::find(c.exclusions.begin(), c.exclusions.end(), mentee.id) != c.exclusions.end();
    };
    auto allowed = [&](const person& c) { return !excluded(c) && !already.contains(c.id); };
    auto match = [&](const person& c, std::string via, int degree) {
        contact_match m{&c, std::move(via), degree, {}, {}};
        std::map<std::string, int> levels;  // the contact's best level per skill
        for (const auto& s : c.skills) {
            auto& best = levels[normalise_name(s.skill)];
            best = std::max(best, s.level);
        }
        for (const auto& [skill, level] : levels)
            if (level >= rules.min_level && wanted.skills.contains(skill)) m.matching_skills.push_back({skill, level});
        std::set<std::string> contact_areas;
        for (const auto& a : c.goal_areas) contact_areas.insert(normalise_name(a));
        for (const auto& area : wanted.areas) {
            const auto skill = levels.find(area);  // an area that is also a skill they are strong in
            if (contact_areas.contains(area) || (skill != levels.end() && skill->second >= rules.min_level))
                m.shared_areas.push_back(area);
        }
        return m;
    };

    std::map<std::string, contact_match> found;  // by contact id
    std::set<std::string> first_degree, introducers;
    for (const auto& id : mentor.network) {
        const auto* c = people.find_person(id);
        if (c == nullptr) continue;
        first_degree.insert(c->id);
        if (!excluded(*c)) introducers.insert(c->id);
        if (!allowed(*c)) continue;
        if (auto m = match(*c, mentor.id, 1); m.strength() > 0) found.insert_or_assign(c->id, std::move(m));
    }
    if (rules.second_degree) {
        for (const auto& via_id : introducers) {  // by id: the lowest-id acquaintance introduces
            const auto* via = people.find_person(via_id);
            for (const auto& id : via->network) {
                const auto* c = people.find_person(id);
                if (c == nullptr || first_degree.contains(c->id) || found.contains(c->id) || !allowed(*c)) continue;
                if (auto m = match(*c, via->id, 2); m.strength() > 0) found.emplace(c->id, std::move(m));
            }
        }
    }
    std::vector<contact_match> out;
    for (auto& [id, m] : found) out.push_back(std::move(m));
    std::stable_sort(out.begin(), out.end(), [](const contact_match& x, const contact_match& y) {
        if (x.degree != y.degree) return x.degree < y.degree;
        if (x.strength() != y.strength()) return x.strength() > y.strength();
        return x.contact->id < y.contact->id;
    });
    return out;
}

// ---- visibility ----------------------------------------------------------------------

/// Goal areas too personal to broadcast: their success is shared privately.
inline bool is_personal_area(const std::string& area) { return area == "work-life balance" || area == "wellbeing"; }

/// A concrete way to make an achieved goal seen, by the goal's area.
inline std::string visibility_action(const goal& g, const person& mentee) {
    const std::string unit = mentee.org_unit.empty() ? "team" : mentee.org_unit;
    const std::string area = normalise_name(g.area);
    const std::string what = "'" + g.title + "'";
    if (is_personal_area(area)) return "tell your manager what worked for " + what + " in your next one-to-one";
    if (area == "technical depth") return "give a tech talk on " + what + " to the " + unit + " team";
    if (area == "leadership" || area == "strategic thinking" || area == "executive presence" || area == "influence" ||
        area == "promotion readiness")
        return "present the outcome of " + what + " at the " + unit + " leadership meeting";
    if (area == "networking" || area == "cross-functional collaboration" || area == "career change")
        return "share " + what + " at a cross-team show-and-tell outside " + unit;
    return "present the result of " + what + " at the " + unit + " all-hands";
}

/// The open high-visibility opportunity that best builds on `g`: most skills in common
/// with the goal (its area counting as one), then closing soonest, then id.
inline std::optional<opportunity_post> visibility_opportunity(const std::vector<opportunity_post>& known, const goal& g,
                                                              time_point now) {
    if (is_personal_area(normalise_name(g.area))) return std::nullopt;
    std::set<std::string> goal_terms;
    for (const auto& s : g.skills_needed) goal_terms.insert(normalise_name(s.skill));
    std::optional<opportunity_post> best;
    int best_overlap = 0;
    for (const auto& o : known) {
        if (o.visibility != "high" || !o.open_at(now)) continue;
        int overlap = 0;
        for (const auto& s : o.skills_needed) overlap += goal_terms.contains(s.skill) ? 1 : 0;
        if (!g.area.empty() &&
            std::find(o.goal_areas.begin(), o.goal_areas.end(), normalise_name(g.area)) != o.goal_areas.end())
            ++overlap;
        if (overlap == 0) continue;
        const auto closes = [](const opportunity_post& x) {
            return x.closes_on.empty() ? std::string{"9999"} : x.closes_on;
        };
        if (!best || overlap > best_overlap ||
            (overlap == best_overlap &&
             (closes(o) < closes(*best) || (closes(o) == closes(*best) && o.id < best->id)))) {
            best = o;
            best_overlap = overlap;
        }
    }
    return best;
}

}  // namespace mentorkit::sponsor
