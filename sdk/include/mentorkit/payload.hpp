#pragma once
/// @file
/// Reading the fields of a consumed event's payload, checked. A handler that meets a
/// malformed payload throws std::invalid_argument and the kernel dead-letters the event
/// with the message; these helpers throw with messages that name the topic and the field,
/// all in one form: `goal.set needs a non-empty string "mentee_id" in its payload`,
/// `checkin.submitted needs "rating" to be a whole number from 1 to 5, found 7`.
///
///     void on_checkin(const mentorkit::event& e) {
///         const auto relationship_id = mentorkit::required_text(e, "relationship_id");
///         const auto rating = mentorkit::optional_int(e, "rating", 1, 5);
///         const auto on = mentorkit::day_of(mentorkit::optional_date(e, "on").value_or(e.time));
///         ...
///     }
///
/// Each reader comes in two forms: for an event, and for any JSON object with the topic
/// (or other label) to name in messages, for nested objects and payloads read apart from
/// their event. The messages quote the value found: do not read confidential fields
/// (a check-in's comment) with them. Pure and thread-safe.

#include <mentorkit/event.hpp>
#include <mentorkit/time.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace mentorkit {

/// The day of `t` as payloads carry dates, "YYYY-MM-DD": the time of day is dropped.
inline std::string day_of(time_point t) { return format_date(std::chrono::floor<std::chrono::days>(t)); }

namespace detail {

[[noreturn]] inline void payload_error(std::string_view topic, std::string_view message) {
    throw std::invalid_argument(std::string{topic} + " " + std::string{message});
}

// `<topic> needs "<field>" to be <what>, found <value>`.
[[noreturn]] inline void wrong_field(std::string_view topic, std::string_view field, std::string_view what,
                                     const nlohmann::json& found) {
    payload_error(topic, "needs \"" + std::string{field} + "\" to be " + std::string{what} + ", found " + found.dump());
}

// The field's value, or nullptr when absent or null.
inline const nlohmann::json* field_of(const nlohmann::json& payload, std::string_view field) {
    if (!payload.is_object()) return nullptr;
    const auto it = payload.find(std::string{field});  // nlohmann 3.10 has no lookup by string_view
    return it == payload.end() || it->is_null() ? nullptr : &*it;
}

}  // namespace detail

/// A required string field that is not empty. Throws std::invalid_argument
/// `<topic> needs a non-empty string "<field>" in its payload` when it is absent, empty or
/// not a string.
inline std::string required_text(const nlohmann::json& payload, std::string_view topic, std::string_view field) {
    const auto* value = detail::field_of(payload, field);
    if (value == nullptr || !value->is_string() || value->get_ref<const std::string&>().empty())
        detail::payload_error(topic, "needs a non-empty string \"" + std::string{field} + "\" in its payload");
    return value->get<std::string>();
}
inline std::string required_text(const event& e, std::string_view field) {
    return required_text(e.payload, e.topic, field);
}

/// An optional string field: empty when absent or null. Throws std::invalid_argument
/// `<topic> needs "<field>" to be a string, found <value>` for a value of another type.
inline std::string optional_text(const nlohmann::json& payload, std::string_view topic, std::string_view field) {
    const auto* value = detail::field_of(payload, field);
    if (value == nullptr) return {};
    if (!value->is_string()) detail::wrong_field(topic, field, "a string", *value);
    return value->get<std::string>();
}
inline std::string optional_text(const event& e, std::string_view field) {
    return optional_text(e.payload, e.topic, field);
}

/// An optional whole number from `low` to `high`: nothing when absent or null. Throws
/// std::invalid_argument `<topic> needs "<field>" to be a whole number from <low> to
/// <high>, found <value>` for anything else (7, 2.5, "4").
inline std::optional<int> optional_int(const nlohmann::json& payload, std::string_view topic, std::string_view field,
                                       int low, int high) {
    const auto* value = detail::field_of(payload, field);
    if (value == nullptr) return std::nullopt;
    bool in_range = false;
    if (value->is_number_unsigned()) {  // numbers parsed from text above 2^63 are only unsigned
        const auto n = value->get<std::uint64_t>();
        in_range =
            high >= 0 && n <= static_cast<std::uint64_t>(high) && (low <= 0 || n >= static_cast<std::uint64_t>(low));
    } else if (value->is_number_integer()) {
        const auto n = value->get<std::int64_t>();
        in_range = n >= low && n <= high;
    }
    if (!in_range)
        detail::wrong_field(topic, field, "a whole number from " + std::to_string(low) + " to " + std::to_string(high),
                            *value);
    return value->get<int>();
}
inline std::optional<int> optional_int(const event& e, std::string_view field, int low, int high) {
    return optional_int(e.payload, e.topic, field, low, high);
}

/// A required whole number from `low` to `high`. Throws std::invalid_argument
/// `<topic> needs a whole number "<field>" from <low> to <high> in its payload` when it is
/// absent or null, and as optional_int() when it is out of range or not a whole number.
inline int required_int(const nlohmann::json& payload, std::string_view topic, std::string_view field, int low,
                        int high) {
    const auto value = optional_int(payload, topic, field, low, high);
    if (!value)
        detail::payload_error(topic, "needs a whole number \"" + std::string{field} + "\" from " + std::to_string(low) +
                                         " to " + std::to_string(high) + " in its payload");
    return *value;
}
inline int required_int(const event& e, std::string_view field, int low, int high) {
    return required_int(e.payload, e.topic, field, low, high);
}

/// An optional date field: a date "YYYY-MM-DD" (or a UTC date-time, as parse_date()
/// reads them); nothing when absent, null or "". Throws std::invalid_argument
/// `<topic> needs "<field>" to be a date as YYYY-MM-DD, found <value>` for anything else.
inline std::optional<time_point> optional_date(const nlohmann::json& payload, std::string_view topic,
                                               std::string_view field) {
    const auto* value = detail::field_of(payload, field);
    if (value == nullptr || (value->is_string() && value->get_ref<const std::string&>().empty())) return std::nullopt;
    const auto date = value->is_string() ? parse_date(value->get_ref<const std::string&>()) : std::nullopt;
    if (!date) detail::wrong_field(topic, field, "a date as YYYY-MM-DD", *value);
    return date;
}
inline std::optional<time_point> optional_date(const event& e, std::string_view field) {
    return optional_date(e.payload, e.topic, field);
}

/// An optional list of non-empty strings (ids, names): empty when absent or null. Throws
/// std::invalid_argument `<topic> needs "<field>" to be a list of non-empty strings, found
/// <value>` for anything else, a single string included.
inline std::vector<std::string> string_list(const nlohmann::json& payload, std::string_view topic,
                                            std::string_view field) {
    const auto* value = detail::field_of(payload, field);
    if (value == nullptr) return {};
    std::vector<std::string> out;
    if (value->is_array()) {
        for (const auto& item : *value) {
            if (!item.is_string() || item.get_ref<const std::string&>().empty()) break;
            out.push_back(item.get<std::string>());
        }
    }
    if (!value->is_array() || out.size() != value->size())
        detail::wrong_field(topic, field, "a list of non-empty strings", *value);
    return out;
}
inline std::vector<std::string> string_list(const event& e, std::string_view field) {
    return string_list(e.payload, e.topic, field);
}

}  // namespace mentorkit
