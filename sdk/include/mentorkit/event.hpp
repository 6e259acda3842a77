#pragma once
/// @file
/// Events: what happened in a program, as published on the bus and kept in the journal.

#include <mentorkit/time.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

namespace mentorkit {

/// Identifies an event within one journal; assigned by the bus, increasing in publish order.
using event_id = std::uint64_t;

/// Something that happened: `goal.achieved` for mentee m-17 at 2027-03-02.
struct event {
    std::string topic;                                //!< dotted, e.g. "goal.achieved"
    nlohmann::json payload = nlohmann::json::object(); //!< structured data, documented in docs/events.md
    event_id id = 0;                                  //!< set by the bus on publish
    time_point time{};                                //!< program time, set by the bus unless given
    std::string source;                               //!< plugin id, or "kernel"; set by the bus
    event_id correlation_id = 0;                      //!< the event that caused this one (0: none)
};

/// The event as a JSON object (topic, payload, id, time, source, correlation_id), the form
/// used by the CLI, the journal export and input files.
inline nlohmann::json to_json(const event& e) {
    nlohmann::json out{{"id", e.id}, {"topic", e.topic}, {"time", format_date(e.time)}, {"source", e.source}};
    if (e.correlation_id != 0) out["correlation_id"] = e.correlation_id;
    out["payload"] = e.payload;
    return out;
}

/// Most segments a topic or pattern may have.
inline constexpr std::size_t max_topic_segments = 16;

/// True when `topic` is a well-formed topic: at most 16 dot-separated non-empty segments
/// of letters, digits, '_' and '-'.
inline bool is_valid_topic(std::string_view topic) {
    // One pass: the bus checks every published topic.
    std::size_t dots = 0;
    bool segment_empty = true;
    for (char c : topic) {
        if (c == '.') {
            if (segment_empty || ++dots == max_topic_segments) return false;
            segment_empty = true;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                   c == '-') {
            segment_empty = false;
        } else {
            return false;
        }
    }
    return !segment_empty;
}

/// True when `pattern` is a topic whose segments may also be `*` (exactly one segment)
/// or `#` (any number of segments, including none).
inline bool is_valid_pattern(std::string_view pattern) {
    if (pattern.empty() || std::count(pattern.begin(), pattern.end(), '.') >= 16) return false;
    std::size_t start = 0;
    while (true) {
        const auto end = pattern.find('.', start);
        const auto segment = pattern.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (segment != "*" && segment != "#" && !is_valid_topic(segment)) return false;
        if (end == std::string_view::npos) return true;
        start = end + 1;
    }
}

namespace detail {

// Matches pattern segments [p, p_end) against topic segments [t, t_end) in
// O(pattern × topic) steps, however many '#' the pattern has (both have at most 16).
inline bool segments_match(const std::string_view* p, const std::string_view* p_end, const std::string_view* t,
                           const std::string_view* t_end) {
    const auto np = static_cast<std::size_t>(p_end - p);
    const auto nt = static_cast<std::size_t>(t_end - t);
    // row[j]: pattern segments [0, i) match topic segments [0, j).
    bool row[max_topic_segments + 1] = {true};
    for (std::size_t i = 0; i < np; ++i) {
        bool next[max_topic_segments + 1] = {};
        if (p[i] == "#") {
            bool reachable = false;  // '#' takes zero or more segments: any earlier match carries on
            for (std::size_t j = 0; j <= nt; ++j) next[j] = reachable = reachable || row[j];
        } else {
            for (std::size_t j = 1; j <= nt; ++j) next[j] = row[j - 1] && (p[i] == "*" || p[i] == t[j - 1]);
        }
        std::copy(std::begin(next), std::end(next), std::begin(row));
    }
    return row[nt];
}

// Splits a dotted name into at most `N` segments; returns the count, or N + 1 if longer.
template <std::size_t N>
std::size_t split_segments(std::string_view text, std::string_view (&out)[N]) {
    std::size_t n = 0;
    while (true) {
        const auto dot = text.find('.');
        if (n == N) return N + 1;
        out[n++] = text.substr(0, dot);
        if (dot == std::string_view::npos) return n;
        text.remove_prefix(dot + 1);
    }
}

}  // namespace detail

/// Whether `topic` matches `pattern` ("goal.*" matches "goal.set"; "goal.#" matches
/// "goal", "goal.set" and "goal.set.late"; "#" matches everything). Topics and patterns
/// have at most 16 segments.
inline bool topic_matches(std::string_view pattern, std::string_view topic) {
    std::string_view p[max_topic_segments], t[max_topic_segments];
    const auto np = detail::split_segments(pattern, p);
    const auto nt = detail::split_segments(topic, t);
    if (np > max_topic_segments || nt > max_topic_segments) return false;
    return detail::segments_match(p, p + np, t, t + nt);
}

}  // namespace mentorkit
