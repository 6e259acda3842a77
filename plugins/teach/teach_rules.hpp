#pragma once
// teach: the pure rules — reading the learning-resources catalog, the skill gap of a goal,
// and the ranking of resources by how much of that gap they close. No bus, no clock: the
// plugin feeds these functions and publishes what they return.

#include <mentorkit/config.hpp>
#include <mentorkit/domain.hpp>
#include <mentorkit/text.hpp>
#include <mentorkit/time.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace mentorkit::teach {

/// The formats a catalog entry (and `prefer_formats`) may name.
inline const std::vector<std::string> known_formats{"article",  "book",     "course",     "video",     "podcast",
                                                    "workshop", "coaching", "assignment", "shadowing", "rotation"};

/// Formats that are learning on the job: `include_assignment` keeps one of these in a list.
inline bool is_on_the_job(std::string_view format) {
    return format == "assignment" || format == "shadowing" || format == "rotation";
}

/// One catalog entry.
struct resource {
    std::string id;
    std::string title;
    std::string format;
    std::vector<skill_level> teaches;  //!< skill (normalise_name()) and the level it brings a learner to
    int from_level = 0;                //!< the level a learner needs to benefit
    mentorkit::duration length;
    std::string provider;
    std::string url;
};

/// A duration as a comparable number: a calendar month counts as 30 days.
inline std::int64_t approximate_ms(const mentorkit::duration& d) {
    return static_cast<std::int64_t>(d.months) * 30 * 86400000LL + d.exact.count();
}

/// A format name, checked against known_formats (with a "did you mean" hint).
inline std::string read_format(const config_node& node) {
    const auto& text = node.text();
    if (std::find(known_formats.begin(), known_formats.end(), text) != known_formats.end()) return text;
    std::string message = "unknown format '" + text + "'";
    if (auto hint = closest_match(text, known_formats); !hint.empty())
        message += "; did you mean '" + hint + "'?";
    else {
        message += "; expected one of:";
        for (const auto& f : known_formats) message += " " + f;
    }
    node.fail(message);
}

namespace detail {

inline int read_level(const config_node& node, int low, int high, std::string_view what) {
    const auto n = node.as_int();
    if (n < low || n > high)
        node.fail(std::string{what} + " must be from " + std::to_string(low) + " to " + std::to_string(high) +
                  ", found " + std::to_string(n));
    return static_cast<int>(n);
}

inline resource read_resource(const config_node& item) {
    if (!item.is_map()) item.fail("expected a resource (a mapping with id, title, format, teaches, duration)");
    item.expect_keys({"id", "title", "format", "teaches", "from_level", "duration", "provider", "url"});
    resource r;
    const auto& id = item.at("id");
    r.id = id.as_string();
    if (r.id.empty() || !std::all_of(r.id.begin(), r.id.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        }))
        id.fail("a resource id is lower-case letters, digits, '-' or '_', found '" + r.id + "'");
    r.title = item.at("title").as_string();
    if (r.title.empty()) item.at("title").fail("title must not be empty");
    const auto& format = item.at("format");
    r.format = read_format(format);
    const auto& teaches = item.at("teaches");
    if (!teaches.is_sequence() || teaches.size() == 0)
        teaches.fail("teaches needs at least one {skill, level}: the skills it brings a learner to, and how far");
    int highest = 0;
    for (const auto& t : teaches.items()) {
        if (!t.is_map()) t.fail("expected {skill, level}, e.g. {skill: negotiation, level: 3}");
        t.expect_keys({"skill", "level"});
        skill_level s;
        s.skill = normalise_name(t.at("skill").as_string());
        if (s.skill.empty()) t.at("skill").fail("skill must not be empty");
        s.level = read_level(t.at("level"), 1, 5, "level");
        for (const auto& earlier : r.teaches)
            if (earlier.skill == s.skill)
                t.at("skill").fail("skill '" + s.skill + "' is listed twice in this resource");
        highest = std::max(highest, s.level);
        r.teaches.push_back(std::move(s));
    }
    if (const auto* from = item.find("from_level"); from != nullptr && !from->is_null()) {
        r.from_level = read_level(*from, 0, 4, "from_level");
        if (r.from_level >= highest)
            from->fail("from_level " + std::to_string(r.from_level) +
                       " leaves nothing to learn: the resource teaches up to level " + std::to_string(highest));
    }
    const auto& length = item.at("duration");
    r.length = length.as_duration();
    if (r.length.is_zero()) length.fail("duration must be longer than 0");
    if (const auto* provider = item.find("provider"); provider != nullptr && !provider->is_null())
        r.provider = provider->as_string();
    if (const auto* url = item.find("url"); url != nullptr && !url->is_null()) {
        r.url = url->as_string();
        if (!r.url.starts_with("https://") && !r.url.starts_with("http://"))
            url->fail("url must start with https:// or http://, found '" + r.url + "'");
    }
    return r;
}

}  // namespace detail

/// Reads and checks the whole catalog: a mapping with a list `resources`. Throws
/// config_error at the first mistake.
inline std::vector<resource> read_catalog(const config_node& root) {
    if (!root.is_map()) root.fail("a learning-resources catalog is a mapping with a list 'resources'");
    root.expect_keys({"resources"});
    const auto& list = root.at("resources");
    if (!list.is_sequence() || list.size() == 0) list.fail("resources needs at least one entry");
    std::vector<resource> out;
    std::set<std::string> ids;
    for (const auto& item : list.items()) {
        auto r = detail::read_resource(item);
        if (!ids.insert(r.id).second) item.at("id").fail("duplicate resource id '" + r.id + "'");
        out.push_back(std::move(r));
    }
    return out;
}

/// One skill of a goal the mentee is below: where they are and where the goal needs them.
struct gap_item {
    std::string skill;
    int current = 0;
    int needed = 0;
};

/// The skill a person has, 0 when they do not list it (or there is no profile).
inline int level_of(const person* p, std::string_view skill) {
    int level = 0;
    if (p == nullptr) return 0;
    for (const auto& s : p->skills)
        if (normalise_name(s.skill) == skill) level = std::max(level, s.level);
    return level;
}

/// The gap: each needed skill (the highest level if listed twice) minus the person's level,
/// sorted by skill; skills the person already has at the needed level are left out and
/// returned in `met`.
inline std::vector<gap_item> skill_gap(const std::vector<skill_level>& needed, const person* mentee,
                                       std::vector<gap_item>* met = nullptr) {
    std::map<std::string, int> need;
    for (const auto& s : needed) {
        auto& n = need[normalise_name(s.skill)];
        n = std::max(n, s.level);
    }
    std::vector<gap_item> out;
    for (const auto& [skill, level] : need) {
        gap_item g{skill, level_of(mentee, skill), level};
        if (g.current < g.needed)
            out.push_back(std::move(g));
        else if (met != nullptr)
            met->push_back(std::move(g));
    }
    return out;
}

inline int gap_points(const std::vector<gap_item>& gap) {
    int total = 0;
    for (const auto& g : gap) total += g.needed - g.current;
    return total;
}

/// What a resource does for one gap skill: from the current level to min(its level, needed).
struct closure {
    std::string skill;
    int from = 0;
    int to = 0;
};

/// A resource scored against a gap.
struct candidate {
    const resource* what = nullptr;
    int points = 0;               //!< levels of the gap it closes
    std::vector<closure> closes;  //!< per gap skill, in gap order
    int preference = 0;           //!< position in prefer_formats; the list's size when not preferred
};

/// How much of `gap` a resource closes: for each gap skill it teaches beyond the current
/// level, and only where the learner is at its from_level or above, min(level, needed) - current.
inline candidate score(const resource& r, const std::vector<gap_item>& gap) {
    candidate c;
    c.what = &r;
    for (const auto& g : gap) {
        for (const auto& t : r.teaches) {
            if (t.skill != g.skill || t.level <= g.current || r.from_level > g.current) continue;
            const int to = std::min(t.level, g.needed);
            c.points += to - g.current;
            c.closes.push_back(closure{g.skill, g.current, to});
        }
    }
    return c;
}

/// What to leave out of a ranking (e.g. what was already recommended for the goal).
struct exclusions {
    std::set<std::string> formats;
    std::set<std::string> resources;
};

/// The best resources for `gap`: those that close some of it, ranked by points closed, then
/// by preferred format (earlier in `prefer_formats` first), then shorter, then id. At most
/// `limit`; when `include_on_the_job` and none of those is learning on the job but some
/// on-the-job resource closes part of the gap, the best such one takes the last place.
inline std::vector<candidate> rank(const std::vector<resource>& catalog, const std::vector<gap_item>& gap,
                                   const std::vector<std::string>& prefer_formats, const exclusions& excluded,
                                   std::size_t limit, bool include_on_the_job) {
    std::vector<candidate> all;
    for (const auto& r : catalog) {
        if (excluded.formats.contains(r.format) || excluded.resources.contains(r.id)) continue;
        auto c = score(r, gap);
        if (c.points <= 0) continue;
        const auto it = std::find(prefer_formats.begin(), prefer_formats.end(), r.format);
        c.preference = static_cast<int>(it - prefer_formats.begin());
        all.push_back(std::move(c));
    }
    std::sort(all.begin(), all.end(), [](const candidate& a, const candidate& b) {
        if (a.points != b.points) return a.points > b.points;
        if (a.preference != b.preference) return a.preference < b.preference;
        const auto la = approximate_ms(a.what->length), lb = approximate_ms(b.what->length);
        if (la != lb) return la < lb;
        return a.what->id < b.what->id;
    });
    if (all.size() <= limit) return all;
    std::vector<candidate> top(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(limit));
    const auto on_the_job = [](const candidate& c) { return is_on_the_job(c.what->format); };
    if (include_on_the_job && limit > 0 && std::none_of(top.begin(), top.end(), on_the_job)) {
        const auto best = std::find_if(all.begin() + static_cast<std::ptrdiff_t>(limit), all.end(), on_the_job);
        if (best != all.end()) top.back() = *best;
    }
    return top;
}

/// "a course", "an assignment".
inline std::string with_article(std::string_view format) {
    const bool vowel = !format.empty() && std::string_view{"aeiou"}.find(format.front()) != std::string_view::npos;
    return std::string{vowel ? "an " : "a "} + std::string{format};
}

}  // namespace mentorkit::teach
