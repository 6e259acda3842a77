#pragma once
// The pure logic of survey_environment: reading a signal, classifying it with rules, and
// finding the links between a signal and a mentee. No bus, no roster, no clock here, so
// that each step reads on its own and the plugin file is only the wiring.
//
// Text matching is deliberately simple and predictable, because program managers write
// the keywords: text is lower-cased, everything but letters and digits becomes a space,
// and a plural "s" is dropped ("shortcuts" matches "shortcut", "budgets" matches
// "budget"). A keyword or skill of several words matches only as a whole phrase.

#include <mentorkit/mentorkit.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <functional>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace mentorkit::survey_environment {

// ---- severity and class -----------------------------------------------------------------

enum class severity { low = 0, medium = 1, high = 2 };

inline constexpr std::array<std::string_view, 3> severity_names{"low", "medium", "high"};
inline constexpr std::array<std::string_view, 3> class_names{"threat", "opportunity", "watch"};

inline std::string_view to_string(severity s) { return severity_names[static_cast<std::size_t>(s)]; }

inline std::optional<severity> parse_severity(std::string_view text) {
    for (std::size_t i = 0; i < severity_names.size(); ++i)
        if (severity_names[i] == text) return static_cast<severity>(i);
    return std::nullopt;
}

/// One step up, capped at high.
inline severity raised(severity s) {
    return s == severity::high ? severity::high : static_cast<severity>(static_cast<int>(s) + 1);
}

// ---- text ---------------------------------------------------------------------------------

/// normalise_name() with every character other than a letter or digit read as a space:
/// lower case (ASCII), single spaces, trimmed. Bytes of UTF-8 sequences count as letters,
/// so names keep their accents. This is also the form descriptions are compared in when
/// de-duplicating.
inline std::string normalise(std::string_view text) {
    std::string spaced{text};
    for (auto& c : spaced)
        if (!std::isalnum(static_cast<unsigned char>(c)) && static_cast<unsigned char>(c) < 0x80) c = ' ';
    return normalise_name(spaced);
}

/// A word without its plural ending: "opportunities" -> "opportunity", "budgets" -> "budget";
/// "process" and short words stay as they are.
inline std::string stem(std::string word) {
    if (word.size() > 4 && word.ends_with("ies")) return word.substr(0, word.size() - 3) + "y";
    if (word.size() > 3 && word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") &&
        !word.ends_with("is"))
        word.pop_back();
    return word;
}

/// The stemmed words of `text`, in order.
inline std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> out;
    const auto n = normalise(text);
    std::size_t start = 0;
    while (start < n.size()) {
        auto end = n.find(' ', start);
        if (end == std::string::npos) end = n.size();
        out.push_back(stem(n.substr(start, end - start)));
        start = end + 1;
    }
    return out;
}

/// True when the words of `phrase` occur in `text` next to each other, in order.
inline bool contains_phrase(const std::vector<std::string>& text, const std::vector<std::string>& phrase) {
    if (phrase.empty() || phrase.size() > text.size()) return false;
    return std::search(text.begin(), text.end(), phrase.begin(), phrase.end()) != text.end();
}

/// A weight or relevance as people read it: at most two decimals, no trailing zeros.
inline std::string format_number(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f", value);
    std::string out{buffer};
    while (out.back() == '0') out.pop_back();
    if (out.back() == '.') out.pop_back();
    return out;
}

inline double round2(double value) { return std::round(value * 100.0) / 100.0; }

// ---- signals ------------------------------------------------------------------------------

/// A `signal.observed` payload, read and checked.
struct signal_facts {
    std::string id;
    std::string kind;
    std::string org_unit;
    std::vector<std::string> people;
    std::string description;
    time_point observed_on{};
    std::string visibility;  // low|medium|high, or empty
    std::string outcome;     // e.g. win_win, no_win, or empty
    std::optional<time_point> horizon;
    std::vector<std::string> words;  // stemmed words of the kind and the description
};

/// Reads a signal.observed payload; `event_time` stands in for a missing `observed_on`.
/// Throws std::invalid_argument naming the field on a malformed payload.
inline signal_facts read_signal(const nlohmann::json& p, time_point event_time) {
    constexpr std::string_view topic = "signal.observed";
    auto fail = [](const std::string& message) { throw std::invalid_argument("signal.observed: " + message); };
    if (!p.is_object()) fail("the payload must be an object");

    signal_facts s;
    s.id = required_text(p, topic, "id");
    s.kind = normalise(required_text(p, topic, "kind"));
    std::replace(s.kind.begin(), s.kind.end(), ' ', '_');  // "Budget change" -> "budget_change"
    if (s.kind.empty()) fail("\"kind\" has no letters or digits");
    s.org_unit = optional_text(p, topic, "org_unit");
    s.description = optional_text(p, topic, "description");
    s.observed_on = optional_date(p, topic, "observed_on").value_or(event_time);
    s.horizon = optional_date(p, topic, "horizon");
    s.outcome = optional_text(p, topic, "outcome");
    s.visibility = optional_text(p, topic, "visibility");
    if (!s.visibility.empty() && !parse_severity(s.visibility))
        fail("\"visibility\" must be low, medium or high, found \"" + s.visibility + "\"");
    s.people = string_list(p, topic, "people");
    auto kind_words = s.kind;
    std::replace(kind_words.begin(), kind_words.end(), '_', ' ');
    s.words = words_of(kind_words + " " + s.description);
    return s;
}

// ---- rules --------------------------------------------------------------------------------

/// The placeholders an advice text may use.
inline constexpr std::array<std::string_view, 6> advice_placeholders{"mentee", "mentor",  "org_unit",
                                                                     "kind",   "horizon", "description"};

/// One classification rule. Within a criterion any listed value matches; every criterion
/// given must match. A rule without criteria matches every signal.
struct rule {
    std::string name;
    std::string origin;  // "built-in" or "file:line" where it was written
    std::vector<std::string> kinds, visibilities, outcomes, keywords;
    std::string cls;
    severity sev = severity::low;
    mentorkit::duration horizon{0, std::chrono::weeks{4}};
    std::string advice;
};

/// What a signal is, once classified: the rule that decided it and what matched.
struct classification {
    const rule* decided_by = nullptr;
    bool fallback = false;
    std::string matched;  // "kind 'rumour', keyword 'shortcut'"
};

/// The matched criteria of `r` as text, or nothing when `r` does not match `s`.
inline std::optional<std::string> match(const rule& r, const signal_facts& s) {
    std::vector<std::string> parts;
    auto in = [](const std::vector<std::string>& values, const std::string& value) {
        return std::find(values.begin(), values.end(), value) != values.end();
    };
    if (!r.kinds.empty()) {
        if (!in(r.kinds, s.kind)) return std::nullopt;
        parts.push_back("kind '" + s.kind + "'");
    }
    if (!r.visibilities.empty()) {
        if (!in(r.visibilities, s.visibility)) return std::nullopt;
        parts.push_back("visibility '" + s.visibility + "'");
    }
    if (!r.outcomes.empty()) {
        if (!in(r.outcomes, s.outcome)) return std::nullopt;
        parts.push_back("outcome '" + s.outcome + "'");
    }
    if (!r.keywords.empty()) {
        std::string found;
        for (const auto& k : r.keywords) {
            if (contains_phrase(s.words, words_of(k))) {
                found = k;
                break;
            }
        }
        if (found.empty()) return std::nullopt;
        parts.push_back("keyword '" + found + "'");
    }
    std::string out;
    for (const auto& part : parts) out += (out.empty() ? "" : ", ") + part;
    return out.empty() ? std::string{"any signal"} : out;
}

/// The first rule of `tried_first`, then of `rules`, that matches; else `fallback`.
inline classification classify(const signal_facts& s, const std::vector<rule>& tried_first,
                               const std::vector<rule>& rules, const rule& fallback) {
    for (const auto* list : {&tried_first, &rules})
        for (const auto& r : *list)
            if (auto matched = match(r, s)) return classification{&r, false, std::move(*matched)};
    return classification{&fallback, true, "no rule matched kind '" + s.kind + "'"};
}

/// `advice` with its placeholders replaced.
inline std::string render_advice(const std::string& advice, const std::function<std::string(std::string_view)>& value) {
    std::string out;
    std::size_t i = 0;
    while (i < advice.size()) {
        const auto open = advice.find('{', i);
        const auto close = open == std::string::npos ? std::string::npos : advice.find('}', open);
        if (close == std::string::npos) {
            out += advice.substr(i);
            break;
        }
        out += advice.substr(i, open - i);
        out += value(std::string_view{advice}.substr(open + 1, close - open - 1));
        i = close + 1;
    }
    return out;
}

/// Checks an advice text's placeholders; fails at `node` on an unknown or unclosed one.
inline void check_advice(const std::string& advice, const config_node& node) {
    std::size_t i = 0;
    while ((i = advice.find('{', i)) != std::string::npos) {
        const auto close = advice.find('}', i);
        if (close == std::string::npos) node.fail("advice has a '{' without its '}'");
        const auto name = advice.substr(i + 1, close - i - 1);
        if (std::find(advice_placeholders.begin(), advice_placeholders.end(), name) == advice_placeholders.end()) {
            std::string message = "unknown placeholder '{" + name + "}' in advice; expected one of:";
            for (const auto p : advice_placeholders) message += " {" + std::string{p} + "}";
            node.fail(message);
        }
        i = close + 1;
    }
}

/// Generic advice for a rule that brings none.
inline std::string default_advice(std::string_view cls) {
    if (cls == "threat")
        return "Raise it with {mentee} before {horizon}: what could it mean for their role and goals, and what can "
               "they do now to protect them?";
    if (cls == "opportunity")
        return "Tell {mentee} about it and help them decide before {horizon} whether and how to take it up.";
    return "Keep an eye on it; mention it to {mentee} at your next meeting if it develops.";
}

/// The rules a program gets unless it writes `rules:`.
inline std::vector<rule> default_rules() {
    using std::chrono::weeks;
    auto make = [](std::string name, std::vector<std::string> kinds, std::vector<std::string> visibilities,
                   std::vector<std::string> outcomes, std::vector<std::string> keywords, std::string cls, severity sev,
                   int horizon_weeks, std::string advice) {
        rule r;
        r.name = std::move(name);
        r.origin = "built-in";
        r.kinds = std::move(kinds);
        r.visibilities = std::move(visibilities);
        r.outcomes = std::move(outcomes);
        r.keywords = std::move(keywords);
        r.cls = std::move(cls);
        r.sev = sev;
        r.horizon = mentorkit::duration{0, weeks{horizon_weeks}};
        r.advice = std::move(advice);
        return r;
    };
    const std::string threatening_assignment =
        "Before {mentee} takes on or continues this assignment, go through what it would do for their goals; help them "
        "negotiate visibility (a sponsor, a named deliverable, a report-out to leadership) or a graceful way out, "
        "before {horizon}.";
    const std::string promising_assignment =
        "Encourage {mentee} to go for it: help them prepare the case to their manager before {horizon} and plan how "
        "the results will be shown and to whom.";
    return {
        make("rumour", {"rumour", "rumor"}, {}, {}, {}, "threat", severity::low, 4,
             "Do not act on it; help {mentee} check the facts with their manager before {horizon}, and talk through "
             "what it would mean for their goals if it proved true."),
        make("adversary", {"adversary"}, {}, {}, {}, "threat", severity::high, 2,
             "Talk to {mentee} this week: map who is taking the adversarial position and why, keep their work "
             "documented and visible, and decide together whether you or a sponsor should speak up for them."),
        make("low-visibility assignment", {"assignment"}, {"low"}, {}, {}, "threat", severity::medium, 4,
             threatening_assignment),
        make("no-win assignment", {"assignment"}, {}, {"no_win"}, {}, "threat", severity::medium, 4,
             threatening_assignment),
        make("reorganisation or budget change", {"reorganisation", "reorganization", "budget_change"}, {}, {}, {},
             "threat", severity::medium, 8,
             "Watch how it unfolds in {org_unit} until {horizon}: help {mentee} find out from their manager what may "
             "change for their role and work, keep their goals in view of the new structure, and prepare options."),
        make("initiative", {"initiative"}, {}, {}, {}, "opportunity", severity::medium, 6,
             "Tell {mentee} about it and help them decide before {horizon} whether to volunteer: what they would "
             "contribute, what they would learn, and who to approach."),
        make("high-visibility assignment", {"assignment"}, {"high"}, {}, {}, "opportunity", severity::medium, 4,
             promising_assignment),
        make("win-win assignment", {"assignment"}, {}, {"win_win"}, {}, "opportunity", severity::medium, 4,
             promising_assignment),
        make("shortcut", {}, {}, {}, {"shortcut"}, "opportunity", severity::low, 4,
             "Point {mentee} to it: a shortcut worth taking if it serves their goals; check with them that it is "
             "sanctioned and who to ask before {horizon}."),
    };
}

/// The rule for signals no rule matches.
inline rule default_fallback() {
    rule r;
    r.name = "fallback";
    r.origin = "built-in";
    r.cls = "watch";
    r.sev = severity::low;
    r.advice = default_advice("watch");
    return r;
}

namespace detail {
inline std::vector<std::string> read_values(const config_node& node, const char* what) {
    if (!node.is_scalar() && !node.is_sequence()) node.fail(std::string{"expected a list of "} + what);
    auto values = node.as_string_list();
    if (values.empty()) node.fail(std::string{"expected at least one "} + what);
    for (std::size_t i = 0; i < values.size(); ++i) {
        const auto& at = node.is_sequence() ? node.items()[i] : node;
        if (normalise(values[i]).empty()) at.fail(std::string{"expected a "} + what + ", found an empty value");
    }
    return values;
}

inline std::vector<std::string> read_kinds(const config_node& node) {
    auto values = read_values(node, "signal kind");
    for (auto& v : values) {  // written as signals are read: "Budget change" -> "budget_change"
        v = normalise(v);
        std::replace(v.begin(), v.end(), ' ', '_');
    }
    return values;
}
}  // namespace detail

/// Reads what a rule concludes (class, severity, horizon, advice) into `r`. For a rule,
/// class and severity are required; the fallback keeps what it has unless given.
inline void read_conclusion(const config_node& node, rule& r, bool required) {
    if (const auto* c = required ? &node.at("class") : node.find("class"))
        r.cls = c->as_enum({"threat", "opportunity", "watch"});
    if (const auto* v = required ? &node.at("severity") : node.find("severity"))
        r.sev = *parse_severity(v->as_enum({"low", "medium", "high"}));
    if (const auto* h = node.find("horizon"); h != nullptr && !h->is_null()) {
        r.horizon = h->as_duration();
        if (r.horizon.is_zero()) h->fail("horizon must be longer than 0");
    }
    if (const auto* a = node.find("advice"); a != nullptr && !a->is_null()) {
        r.advice = a->as_string();
        if (normalise(r.advice).empty()) a->fail("advice must say what the mentor should do");
        check_advice(r.advice, *a);
    } else if (required || node.contains("class")) {
        r.advice = default_advice(r.cls);
    }
}

/// Reads a `rules:` or `extra_rules:` list.
inline std::vector<rule> read_rules(const config_node& list) {
    if (!list.is_sequence()) list.fail("expected a list of rules, each with match, class and severity");
    std::vector<rule> out;
    for (std::size_t i = 0; i < list.items().size(); ++i) {
        const auto& node = list.items()[i];
        node.expect_keys({"name", "match", "class", "severity", "horizon", "advice"});
        rule r;
        r.origin = node.mark().to_string();
        const auto& m = node.at("match");
        if (m.is_null())
            m.fail(
                "expected a mapping of criteria (kind, visibility, outcome, keywords); write {} to match every signal");
        m.expect_keys({"kind", "visibility", "outcome", "keywords"});
        if (const auto* v = m.find("kind")) r.kinds = detail::read_kinds(*v);
        if (const auto* v = m.find("visibility")) {
            r.visibilities = detail::read_values(*v, "visibility");
            for (std::size_t k = 0; k < r.visibilities.size(); ++k)
                (v->is_sequence() ? v->items()[k] : *v).as_enum({"low", "medium", "high"});
        }
        if (const auto* v = m.find("outcome")) r.outcomes = detail::read_values(*v, "outcome");
        if (const auto* v = m.find("keywords")) r.keywords = detail::read_values(*v, "keyword");
        read_conclusion(node, r, true);
        r.name = node.get_or("name", "");
        if (r.name.empty()) r.name = list.path() + "[" + std::to_string(i) + "]";
        out.push_back(std::move(r));
    }
    return out;
}

// ---- links between a signal and a mentee --------------------------------------------------

/// How much each kind of link counts towards an alert's relevance.
struct relevance_weights {
    double own_unit = 1.0;       // the signal is in the mentee's unit
    double managers_unit = 0.6;  // ... in their manager's unit (when that is another unit)
    double named = 1.0;          // the mentee is one of the signal's people
    double manager_named = 0.8;  // their manager is
    double mentor_named = 0.6;   // their mentor is
    double network = 0.4;        // someone in the mentee's network is
    double goals = 0.5;          // it touches their goal areas, skills sought or goals
};

/// One reason why a signal concerns a mentee.
struct link {
    std::string kind;  // own_unit, managers_unit, named, manager_named, mentor_named, network, goals
    double weight = 0;
    std::string detail;  // a sentence for the mentor
};

/// Everything known about one mentee in an active relationship.
struct mentee_view {
    std::string mentee_id;
    std::string mentor_id;
    const person* mentee = nullptr;   // nullptr when not enrolled
    const person* manager = nullptr;  // nullptr when unknown
    std::vector<const goal*> goals;   // open and at-risk ones
};

namespace detail {
// Words too common in goal titles to say anything about a signal.
inline const std::set<std::string, std::less<>> title_stopwords{
    "about", "able", "after", "again", "also", "become", "better", "build", "develop", "each", "every", "first", "from",
    "gain", "get", "have", "improve", "into", "learn", "make", "month", "more", "next", "over", "quarter", "role",
    "take", "team", "than", "that", "their", "them", "these", "they", "this", "those", "through", "under", "until",
    "week", "what", "when", "where", "which", "will", "with", "within", "work", "year", "myself", "own", "grow",
    "growth", "skill", "level",
    // verbs goal titles start with
    "lead", "manage", "deliver", "run", "start", "create", "help", "support", "plan", "prepare"};
}  // namespace detail

/// The words of a goal title that can identify it: four letters or more, not common.
inline std::vector<std::string> title_keywords(std::string_view title) {
    std::vector<std::string> out;
    for (auto& w : words_of(title))
        if (w.size() >= 4 && !detail::title_stopwords.contains(w) && std::find(out.begin(), out.end(), w) == out.end())
            out.push_back(std::move(w));
    return out;
}

/// What the signal touches of the mentee's goals, as phrases for the reasoning.
inline std::vector<std::string> goal_touches(const signal_facts& s, const mentee_view& m) {
    std::vector<std::string> out;
    std::set<std::string> seen;  // a phrase found once is named once
    // Each touch reads "<before>'<phrase>'<after>", e.g. "skill sought 'negotiation'".
    auto check = [&](const std::string& phrase, const std::string& before, const std::string& after) {
        const auto key = normalise(phrase);
        if (key.empty() || seen.contains(key)) return;
        if (contains_phrase(s.words, words_of(phrase))) {
            seen.insert(key);
            out.push_back(before + "'" + phrase + "'" + after);
        }
    };
    if (m.mentee != nullptr) {
        for (const auto& area : m.mentee->goal_areas) check(area, "goal area ", "");
        for (const auto& skill : m.mentee->skills_sought) check(skill, "skill sought ", "");
    }
    for (const auto* g : m.goals) {
        const auto goal_name = "goal '" + (g->title.empty() ? g->id : g->title) + "'";
        check(g->area, "", ", the area of " + goal_name);
        for (const auto& need : g->skills_needed) check(need.skill, "", ", a skill " + goal_name + " needs");
        // A title matches on two of its keywords (on its only one when it has one).
        const auto keys = title_keywords(g->title);
        std::vector<std::string> found;
        for (const auto& k : keys)
            if (std::find(s.words.begin(), s.words.end(), k) != s.words.end()) found.push_back(k);
        if (!keys.empty() && found.size() >= std::min<std::size_t>(2, keys.size())) {
            std::string list;
            for (const auto& f : found) list += (list.empty() ? "" : ", ") + f;
            out.push_back(goal_name + " (" + list + ")");
        }
    }
    return out;
}

/// Every link between `s` and the mentee, each with its weight and a sentence.
/// `who(id)` names a person for the sentences ("Ana Lima (E0012)").
inline std::vector<link> find_links(const signal_facts& s, const mentee_view& m, const relevance_weights& w,
                                    const std::function<std::string(const std::string&)>& who) {
    std::vector<link> out;
    auto add = [&out](std::string kind, double weight, std::string detail) {
        out.push_back(link{std::move(kind), weight, std::move(detail) + " (+" + format_number(weight) + ")."});
    };
    auto named = [&s](const std::string& id) {
        return !id.empty() && std::find(s.people.begin(), s.people.end(), id) != s.people.end();
    };
    const std::string mentee_name = who(m.mentee_id);

    if (!s.org_unit.empty() && m.mentee != nullptr) {
        if (s.org_unit == m.mentee->org_unit)
            add("own_unit", w.own_unit, "It is in " + mentee_name + "'s own unit, " + s.org_unit);
        else if (m.manager != nullptr && s.org_unit == m.manager->org_unit)
            add("managers_unit", w.managers_unit,
                "It is in the unit of their manager " + who(m.manager->id) + ", " + s.org_unit);
    }
    if (named(m.mentee_id)) add("named", w.named, mentee_name + " is named in it");
    const std::string manager_id = m.mentee != nullptr ? m.mentee->manager_id : std::string{};
    if (named(manager_id))
        add("manager_named", w.manager_named, "Their manager " + who(manager_id) + " is named in it");
    if (m.mentor_id != m.mentee_id && named(m.mentor_id))
        add("mentor_named", w.mentor_named, "You, their mentor " + who(m.mentor_id) + ", are named in it");
    if (m.mentee != nullptr) {
        std::vector<std::string> contacts;
        for (const auto& id : s.people) {
            if (id == m.mentee_id || id == manager_id || id == m.mentor_id) continue;
            if (std::find(m.mentee->network.begin(), m.mentee->network.end(), id) != m.mentee->network.end() &&
                std::find(contacts.begin(), contacts.end(), id) == contacts.end())
                contacts.push_back(id);
        }
        if (!contacts.empty()) {
            std::string list;
            for (const auto& id : contacts) list += (list.empty() ? "" : ", ") + who(id);
            add("network", w.network,
                std::string{contacts.size() == 1 ? "Someone" : "People"} + " in their network " +
                    (contacts.size() == 1 ? "is" : "are") + " named in it: " + list);
        }
    }
    if (const auto touches = goal_touches(s, m); !touches.empty()) {
        std::string list;
        for (const auto& t : touches) list += (list.empty() ? "" : "; ") + t;
        add("goals", w.goals, "It touches their goals: " + list);
    }
    return out;
}

}  // namespace mentorkit::survey_environment
