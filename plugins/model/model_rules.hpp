#pragma once
// The pure logic of the model module: the values catalog (reading and checking it, matching
// the names mentees write to its entries), prompt placeholders, and the words of growth
// summaries. Nothing here touches the bus, so it reads (and is tested) on its own.

#include <mentorkit/config.hpp>
#include <mentorkit/text.hpp>
#include <mentorkit/time.hpp>

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mentorkit::model {

// ---- names -----------------------------------------------------------------------------

/// The form value names are compared in: normalise_name() with '_' and '-' read as spaces,
/// so that an id and the names people write meet. "Calm_Under-Pressure " -> "calm under pressure".
inline std::string normalise(std::string_view text) {
    std::string spaced{text};
    for (auto& c : spaced)
        if (c == '_' || c == '-') c = ' ';
    return normalise_name(spaced);
}

// ---- placeholders ----------------------------------------------------------------------

inline constexpr std::array<std::string_view, 3> placeholder_names{"mentee", "mentor", "value"};

/// What is wrong with the placeholders of a prompt, or nothing: every '{' must close with
/// '}' around one of {mentee}, {mentor}, {value}.
inline std::optional<std::string> placeholder_problem(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '}') return "a '}' without its '{'; placeholders are {mentee}, {mentor} and {value}";
        if (text[i] != '{') continue;
        const auto close = text.find('}', i);
        if (close == std::string_view::npos) return "an unclosed '{'; placeholders are {mentee}, {mentor} and {value}";
        const auto name = text.substr(i + 1, close - i - 1);
        if (std::find(placeholder_names.begin(), placeholder_names.end(), name) == placeholder_names.end()) {
            std::string message = "unknown placeholder '{" + std::string{name} + "}'";
            const auto hint =
                closest_match(name, std::vector<std::string>(placeholder_names.begin(), placeholder_names.end()));
            if (!hint.empty())
                message += "; did you mean '{" + hint + "}'?";
            else
                message += "; use {mentee}, {mentor} or {value}";
            return message;
        }
        i = close;
    }
    return std::nullopt;
}

/// `text` with {mentee}, {mentor} and {value} replaced (the text must have passed
/// placeholder_problem()).
inline std::string fill(std::string_view text, const std::string& mentee, const std::string& mentor,
                        const std::string& value) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto close = text[i] == '{' ? text.find('}', i) : std::string_view::npos;
        if (close == std::string_view::npos) {
            out += text[i];
            continue;
        }
        const auto name = text.substr(i + 1, close - i - 1);
        out += name == "mentee" ? mentee : name == "mentor" ? mentor : value;
        i = close;
    }
    return out;
}

// ---- the catalog -----------------------------------------------------------------------

/// One value of the catalog.
struct value_entry {
    std::string id;
    std::string name;
    std::string description;
    std::vector<std::string> aliases;
    std::vector<std::string> behaviours;
    std::vector<std::string> prompts;
};

namespace detail {

// A list of non-empty texts (a single text counts as a one-item list), each checked by
// `check` (which returns a problem or nothing); fails at the offending node.
template <typename Check>
std::vector<std::string> read_texts(const config_node& node, const std::string& what, Check check) {
    std::vector<const config_node*> items;
    if (node.is_scalar())
        items.push_back(&node);
    else if (node.is_sequence())
        for (const auto& item : node.items()) items.push_back(&item);
    else
        node.fail(what + ": expected a list of texts");
    std::vector<std::string> out;
    for (const auto* item : items) {
        if (!item->is_scalar()) item->fail(what + ": expected a text, found a list or mapping");
        const auto text = collapse_spaces(item->text());
        if (text.empty()) item->fail(what + ": expected a non-empty text");
        if (auto problem = check(text)) item->fail(what + ": " + *problem);
        out.push_back(text);
    }
    return out;
}

inline std::optional<std::string> no_check(const std::string&) { return std::nullopt; }

}  // namespace detail

/// Reads prompts (a setting or a catalog field): non-empty texts with valid placeholders.
inline std::vector<std::string> read_prompts(const config_node& node, const std::string& what) {
    auto prompts = detail::read_texts(node, what, [](const std::string& text) { return placeholder_problem(text); });
    if (prompts.empty()) node.fail(what + ": needs at least one prompt");
    return prompts;
}

/// The values a mentor can model, with the names people use for them.
class values_catalog {
public:
    /// Reads and checks a catalog (`values: [...]`); throws config_error at the first bad
    /// field, naming the entry.
    static values_catalog read(const config_node& root) {
        values_catalog out;
        root.expect_keys({"values"});
        const auto* list = root.find("values");
        if (list == nullptr) root.fail("a values catalog needs a 'values' list");
        if (!list->is_sequence() || list->size() == 0)
            list->fail("'values' must be a list of at least one value (id, name, behaviours, reflection_prompts)");
        for (const auto& item : list->items()) out.add(item);
        return out;
    }

    const std::vector<value_entry>& entries() const noexcept { return entries_; }

    /// The entry whose id, name or alias is `written` (compared normalised), or nullptr.
    const value_entry* find(std::string_view written) const {
        const auto it = index_.find(normalise(written));
        return it == index_.end() ? nullptr : &entries_[it->second.entry];
    }

private:
    struct name_owner {
        std::size_t entry;
        int line;
    };

    void add(const config_node& item) {
        if (!item.is_map()) item.fail("a value must be a mapping with id, name, behaviours and reflection_prompts");
        item.expect_keys({"id", "name", "description", "aliases", "behaviours", "reflection_prompts"});
        auto required = [&item](std::string_view key) -> const config_node& {
            const auto* node = item.find(key);
            if (node == nullptr || node->is_null()) item.fail("this value has no '" + std::string{key} + "'");
            return *node;
        };
        value_entry v;
        const auto& id = required("id");
        v.id = id.text();
        const bool id_ok = !v.id.empty() && std::all_of(v.id.begin(), v.id.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        });
        if (!id_ok) id.fail("a value id must be lower-case letters, digits, '_' or '-', found '" + v.id + "'");
        const std::string where = "value '" + v.id + "'";
        const auto& name = required("name");
        v.name = collapse_spaces(name.text());
        if (v.name.empty()) name.fail(where + ": name must not be empty");
        v.description = collapse_spaces(item.get_or("description", ""));
        if (const auto* aliases = item.find("aliases"); aliases != nullptr && !aliases->is_null())
            v.aliases = detail::read_texts(*aliases, where + " aliases", detail::no_check);
        const auto& behaviours = required("behaviours");
        v.behaviours = detail::read_texts(behaviours, where + " behaviours", detail::no_check);
        if (v.behaviours.empty()) behaviours.fail(where + ": list at least one observable behaviour");
        v.prompts = read_prompts(required("reflection_prompts"), where + " reflection_prompts");

        const auto index = entries_.size();
        // Every way of naming it must lead to this entry only.
        claim(id, v.id, index);
        claim(name, v.name, index);
        if (const auto* aliases = item.find("aliases"); aliases != nullptr && aliases->is_sequence())
            for (std::size_t i = 0; i < aliases->items().size(); ++i) claim(aliases->items()[i], v.aliases[i], index);
        else if (aliases != nullptr && aliases->is_scalar())
            claim(*aliases, v.aliases.front(), index);
        entries_.push_back(std::move(v));
    }

    void claim(const config_node& node, const std::string& written, std::size_t entry) {
        const auto key = normalise(written);
        const auto [it, inserted] = index_.try_emplace(key, name_owner{entry, node.mark().line});
        if (inserted || it->second.entry == entry) return;
        node.fail("'" + written + "' already names the value '" + entries_[it->second.entry].id + "' (line " +
                  std::to_string(it->second.line) + "); a name or alias may lead to one value only");
    }

    std::vector<value_entry> entries_;
    std::map<std::string, name_owner, std::less<>> index_;
};

/// A value as a mentee named it, matched against the catalog.
struct resolved_value {
    std::string key;                     //!< the catalog id, or the normalised name when not in the catalog
    std::string name;                    //!< the catalog name, or the name as written (tidied)
    const value_entry* entry = nullptr;  //!< nullptr when not in the catalog
};

/// Matches `written` to the catalog; an empty key when `written` is blank.
inline resolved_value resolve(const values_catalog& catalog, std::string_view written) {
    if (const auto* entry = catalog.find(written)) return {entry->id, entry->name, entry};
    return {normalise(written), collapse_spaces(written), nullptr};
}

// ---- words -----------------------------------------------------------------------------

/// "once", "twice", "3 times".
inline std::string times(std::size_t n) {
    if (n == 1) return "once";
    if (n == 2) return "twice";
    return std::to_string(n) + " times";
}

/// One value's record in a growth summary.
struct value_growth {
    std::string key;
    std::string name;
    bool named = true;                  //!< among the values the mentee named
    std::size_t reflections = 0;        //!< reflection prompts sent for it
    std::vector<std::string> observed;  //!< dates (YYYY-MM-DD) it was seen, in any order
    std::string last_observed;          //!< the latest of `observed`, or empty
    std::size_t first_half = 0;         //!< observations in the first half of the time so far
    std::size_t second_half = 0;        //!< ... and in the second half
};

/// Counts `g.observed` either side of halfway between `from` and `until`, and finds the
/// latest date.
inline void split_halves(value_growth& g, time_point from, time_point until) {
    const auto halfway = from + (until - from) / 2;
    g.first_half = g.second_half = 0;
    g.last_observed.clear();
    for (const auto& date : g.observed) {
        g.last_observed = std::max(g.last_observed, date);
        const auto t = parse_date(date);
        if (t && *t < halfway)
            ++g.first_half;
        else
            ++g.second_half;
    }
}

/// How a value is developing, in words, with the numbers behind it.
inline std::string trend(const value_growth& g) {
    const auto seen = g.observed.size();
    if (seen == 0)
        return g.reflections == 0 ? "not started: no reflections or observations yet"
                                  : "reflected on " + times(g.reflections) + ", not yet observed";
    if (seen == 1) return "first seen on " + g.last_observed;
    const auto halves = " (" + std::to_string(g.first_half) + " in the first half of the time so far, " +
                        std::to_string(g.second_half) + " in the second)";
    if (g.second_half > g.first_half) return "growing: seen " + times(seen) + halves;
    if (g.second_half == g.first_half) return "steady: seen " + times(seen) + halves;
    return "fading: seen " + times(seen) + halves + ", less often lately";
}

/// The few sentences of a growth summary. `values` lists the named values first (in the
/// order named), then values seen but not named.
inline std::string summary(const std::vector<value_growth>& values) {
    std::vector<std::string> sentences;
    std::vector<std::string> unobserved;
    std::vector<std::string> extra;
    bool any_named = false;
    for (const auto& g : values) {
        any_named = any_named || g.named;
        const auto seen = g.observed.size();
        if (!g.named) {
            extra.push_back(g.name + " (" + times(seen) + ")");
            continue;
        }
        if (seen == 0) {
            unobserved.push_back(g.name);
            continue;
        }
        if (g.reflections == 0)
            sentences.push_back("Was seen showing " + g.name + " " + times(seen) + ", most recently " +
                                g.last_observed + ", with no reflection on it yet.");
        else
            sentences.push_back("Reflected " + times(g.reflections) + " on " + g.name + " and was seen doing it " +
                                times(seen) + ", most recently " + g.last_observed + ".");
    }
    if (!unobserved.empty())
        sentences.push_back(capitalised(join_words(unobserved)) +
                            " named but not yet observed: pick a situation to practise " +
                            (unobserved.size() == 1 ? "it." : "each."));
    if (!extra.empty())
        sentences.push_back("Also seen: " + join_words(extra) + ", not among the values named; consider naming " +
                            (extra.size() == 1 ? "it." : "them."));
    if (!any_named)
        sentences.insert(sentences.begin(),
                         "No values named yet: name the values and behaviours to adopt to get reflection prompts after "
                         "meetings.");
    std::string out;
    for (const auto& s : sentences) out += (out.empty() ? "" : " ") + s;
    return out;
}

}  // namespace mentorkit::model
