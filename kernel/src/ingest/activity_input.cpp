// Activity files come from other tools (a calendar export, a survey tool, an HR feed) and
// are often touched up by hand, so most of the work here is reporting problems well:
// every problem is collected, not only the first, and each names file, line and column.
//
// One table says, for each kind of record, which CSV columns it uses, which payload keys
// they become and what values they may hold. CSV cells and JSON payloads are both checked
// against it, so the two formats accept the same activity and say the same about it.

#include "ingest/activity_input.hpp"

#include "input_checks.hpp"
#include "text_records.hpp"

#include <csv.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <exception>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace mentorkit {
namespace {

// The shared text and CSV helpers (text_records.hpp).
using namespace detail;

std::optional<long long> parse_whole_number(std::string_view text) {
    if (text.starts_with('+')) text.remove_prefix(1);
    long long value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// The day of a payload date: the store and the plugins compare them as text.
bool is_plain_date(std::string_view text) { return text.size() == 10 && parse_date(text).has_value(); }

std::string day_of(time_point t) { return format_date(t).substr(0, 10); }

// ---- what each kind of record holds --------------------------------------------------

enum class value_kind {
    text,        // a string; when required, not empty
    number,      // a whole number within [min, max]
    choice,      // one of `choices`, any letter case
    date,        // YYYY-MM-DD
    id_list,     // CSV `a;b`, JSON ["a", "b"]
    name_list,   // as id_list, names compared with profiles (lower case, single spaces)
    text_list,   // as id_list, items as written: names a module shows back as people wrote them
    rating_map,  // JSON only: {"question id": 1..5}
    skill_list,  // CSV `python:4;sql:3`, JSON [{"skill": "python", "level": 4}]
};

struct field_rule {
    std::string_view column;  // the CSV column; empty when only a JSON payload may hold it
    std::string_view key;     // the payload key
    value_kind kind;
    bool required = false;
    int min = 0;
    int max = 0;
    std::vector<std::string> choices = {};
    bool normalized = false;  // a name compared with participant profiles (text only)
};

// A rule between fields of one record, such as "a relationship closed early needs a reason".
struct payload_check {
    std::optional<std::string> (*problem)(const nlohmann::json& payload) = nullptr;  // nothing when fine
    std::string_view key;                    // the payload key a JSON problem is reported on
    std::vector<std::string_view> columns;   // the CSV column a problem points at: the first present
};

struct activity_type {
    std::string name;          // the CSV `type`
    std::string topic;         // the event
    std::string_view day_key;  // the payload key that gets the record's date, if any
    std::vector<field_rule> fields;
    nlohmann::json fixed = nlohmann::json::object();  // added to the payload of every CSV record
    payload_check check = {};
};

bool has_text(const nlohmann::json& payload, const char* key) {
    const auto found = payload.find(key);
    return found != payload.end() && found->is_string() && !is_blank(found->get_ref<const std::string&>());
}

// A closed_early relationship needs its reason: the evaluation at close reports why
// relationships ended early.
std::optional<std::string> missing_close_reason(const nlohmann::json& payload) {
    const auto outcome = payload.find("outcome");
    if (outcome == payload.end() || *outcome != "closed_early" || has_text(payload, "reason")) return std::nullopt;
    return std::string{"a relationship closed early needs a reason"};
}

// Values named belong to a mentee: given, or the mentee of the relationship given.
std::optional<std::string> missing_mentee(const nlohmann::json& payload) {
    if (has_text(payload, "mentee_id") || has_text(payload, "relationship_id")) return std::nullopt;
    return std::string{"required when there is no relationship_id: the values named are a mentee's"};
}

// What a check-in holds (docs/events.md). Feedback holds the same, except that it may be
// words alone: a rating is optional there.
std::vector<field_rule> rating_fields(bool rating_required) {
    using k = value_kind;
    return {{"relationship_id", "relationship_id", k::text, true},
            {"person_id", "from", k::text, true},
            {"rating", "rating", k::number, rating_required, 1, 5},
            {"wellbeing", "wellbeing", k::number, false, 1, 5},
            {"comment", "comment", k::text},
            {"", "answers", k::rating_map},
            {"", "on", k::date}};
}

std::optional<std::string> empty_feedback(const nlohmann::json& payload) {
    if (payload.contains("rating") || has_text(payload, "comment")) return std::nullopt;
    return std::string{"feedback needs a rating or a comment"};
}

std::vector<field_rule> consent_fields() {
    using k = value_kind;
    // Lower case with single spaces, as the modules compare it ("counsel").
    return {{"person_id", "person_id", k::text, true}, {"scope", "scope", k::text, true, 0, 0, {}, true}};
}

std::vector<field_rule> match_fields() {
    return {{"mentor_id", "mentor_id", value_kind::text, true}, {"mentee_id", "mentee_id", value_kind::text, true}};
}

constexpr int skill_level_min = 1;
constexpr int skill_level_max = 5;

const std::vector<activity_type>& activity_types() {
    using k = value_kind;
    static const std::vector<activity_type> types{
        {"meeting_held",
         "meeting.held",
         "held_on",
         {{"relationship_id", "relationship_id", k::text, true},
          {"meeting_id", "meeting_id", k::text, true},
          {"minutes", "minutes", k::number, true, 1, 24 * 60},
          {"", "held_on", k::date},
          {"", "kind", k::text}}},
        {"checkin", "checkin.submitted", "on", rating_fields(true)},
        {"feedback",
         "feedback.given",
         "on",
         rating_fields(false),
         nlohmann::json::object(),
         {empty_feedback, "rating", {"rating", "comment", "type"}}},
        {"goal_set",
         "goal.set",
         "",
         {{"goal_id", "id", k::text, true},
          {"mentee_id", "mentee_id", k::text, true},
          {"relationship_id", "relationship_id", k::text, true},
          {"title", "title", k::text, true},
          {"area", "area", k::text, false, 0, 0, {}, true},
          {"measure", "measure", k::text, true},
          {"target_date", "target_date", k::date, true},
          {"", "skills_needed", k::skill_list},
          {"", "progress", k::number, false, 0, 100},
          {"", "status", k::choice, false, 0, 0, {"open", "at_risk", "achieved", "abandoned"}}}},
        {"goal_progress",
         "goal.progressed",
         "",
         {{"goal_id", "goal_id", k::text, true}, {"progress", "progress", k::number, true, 0, 100}}},
        {"goal_achieved",
         "goal.achieved",
         "",
         {{"goal_id", "goal_id", k::text, true}, {"", "progress", k::number, false, 0, 100}},
         {{"progress", 100}}},
        // No progress of their own: the store never lowers progress, and a made-up 0 would
        // tell a plugin reading the event something nobody said.
        {"goal_at_risk",
         "goal.at_risk",
         "",
         {{"goal_id", "goal_id", k::text, true}, {"", "progress", k::number, false, 0, 100}}},
        {"goal_abandoned",
         "goal.abandoned",
         "",
         {{"goal_id", "goal_id", k::text, true}, {"", "progress", k::number, false, 0, 100}}},
        {"opportunity",
         "opportunity.posted",
         "",
         {{"opportunity_id", "id", k::text, true},
          {"title", "title", k::text, true},
          {"kind", "kind", k::text, true},
          {"visibility", "visibility", k::choice, true, 0, 0, {"low", "medium", "high"}},
          {"skills", "skills_needed", k::skill_list},
          {"goal_areas", "goal_areas", k::name_list},
          {"org_unit", "org_unit", k::text},
          {"description", "description", k::text},
          {"posted_on", "posted_on", k::date},
          {"closes_on", "closes_on", k::date}}},
        {"signal",
         "signal.observed",
         "observed_on",
         {{"signal_id", "id", k::text, true},
          {"kind", "kind", k::text, true},
          {"org_unit", "org_unit", k::text},
          {"people", "people", k::id_list},
          {"description", "description", k::text, true},
          {"visibility", "visibility", k::choice, false, 0, 0, {"low", "medium", "high"}},
          {"outcome", "outcome", k::text},
          {"horizon", "horizon", k::date},
          {"", "observed_on", k::date}}},
        {"relationship_closed",
         "relationship.closed",
         "",
         {{"relationship_id", "relationship_id", k::text, true},
          {"outcome", "outcome", k::choice, true, 0, 0, {"completed", "closed_early"}},
          {"reason", "reason", k::text}},
         nlohmann::json::object(),
         {missing_close_reason, "reason", {"reason", "outcome"}}},
        {"values_named",
         "values.named",
         "",
         {{"mentee_id", "mentee_id", k::text},
          {"relationship_id", "relationship_id", k::text},
          {"values", "values", k::text_list, true}},
         nlohmann::json::object(),
         {missing_mentee, "mentee_id", {"mentee_id", "type"}}},
        {"behaviour_observed",
         "behaviour.observed",
         "on",
         {{"relationship_id", "relationship_id", k::text, true},
          {"value", "value", k::text, true},
          {"behaviour", "behaviour", k::text, true},
          {"person_id", "observed_by", k::text, true},
          {"note", "note", k::text},
          {"", "on", k::date}}},
        {"consent_given", "consent.given", "", consent_fields()},
        {"consent_withdrawn", "consent.withdrawn", "", consent_fields()},
        {"withdrew", "participant.withdrew", "", {{"person_id", "person_id", k::text, true}, {"reason", "reason", k::text}}},
        // A proposal answered in another tool (the program's `suggest` strategy).
        {"match_accepted", "match.accepted", "", match_fields()},
        {"match_declined", "match.declined", "", match_fields()},
    };
    return types;
}

const activity_type* type_named(std::string_view name) {
    for (const auto& t : activity_types())
        if (t.name == name) return &t;
    return nullptr;
}

const activity_type* type_of_topic(std::string_view topic) {
    for (const auto& t : activity_types())
        if (t.topic == topic) return &t;
    return nullptr;
}

std::vector<std::string> type_names() {
    std::vector<std::string> out;
    for (const auto& t : activity_types()) out.push_back(t.name);
    return out;
}

// Every CSV column, in the order docs/ingest.md lists them.
const std::vector<std::string>& column_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out{"type", "date"};
        for (const auto& t : activity_types())
            for (const auto& f : t.fields)
                if (!f.column.empty() && std::find(out.begin(), out.end(), f.column) == out.end())
                    out.emplace_back(f.column);
        return out;
    }();
    return names;
}

// What a value must look like, ending "… must be <this>" or "expected <this>".
std::string expectation(const field_rule& rule, bool csv) {
    switch (rule.kind) {
    case value_kind::text:
        return csv ? "a value" : rule.required ? "a non-empty string" : "a string";
    case value_kind::number:
        return "a whole number from " + std::to_string(rule.min) + " to " + std::to_string(rule.max);
    case value_kind::choice:
        return "one of " + join_words(rule.choices, ", ");
    case value_kind::date:
        return "a date as YYYY-MM-DD";
    case value_kind::id_list:
        return csv ? "person ids separated by ';'" : "a list of person ids (non-empty strings)";
    case value_kind::name_list:
    case value_kind::text_list:
        return csv ? "names separated by ';'" : "a list of names (non-empty strings)";
    case value_kind::rating_map:
        return "an object of question ids and ratings from 1 to 5, like {\"usefulness\": 4}";
    case value_kind::skill_list:
        return csv ? "skill:level items separated by ';' with levels from 1 to 5, like python:4;sql:3"
                   : "a list of {\"skill\", \"level\"} objects with levels from 1 to 5";
    }
    return {};
}

// The canonical form of a choice, or nothing when `text` is none of them.
std::optional<std::string> choice_of(const field_rule& rule, std::string_view text) {
    const auto wanted = to_lower(trimmed(text));
    for (const auto& c : rule.choices)
        if (c == wanted) return c;
    return std::nullopt;
}

// ---- reading files -------------------------------------------------------------------

[[noreturn]] void fail_file(const std::string& file, const std::string& message) {
    throw ingest_error({config_error{source_mark{file}, message}});
}

std::string read_file(const std::filesystem::path& file) {
    try {
        return detail::read_text_file(file, detail::max_activity_file_bytes, "an activity file");
    } catch (const config_error& e) {
        throw ingest_error({e});
    }
}

// ---- CSV records -----------------------------------------------------------------------

class csv_activity_reader {
public:
    csv_activity_reader(std::string file, std::vector<config_error>& errors)
        : file_(std::move(file)), errors_(errors) {}

    // Maps header fields to columns; false when the header is beyond use.
    bool read_header(const csv_record& header) {
        header_line_ = header.line;
        header_fields_ = header.fields;
        columns_.resize(header.fields.size());
        bool any_known = false;
        std::vector<config_error> problems;
        for (std::size_t i = 0; i < header.fields.size(); ++i) {
            const source_mark mark{file_, header.line, static_cast<int>(i + 1)};
            const auto key = normalize_key(header.fields[i]);
            if (key.empty()) continue;  // rows must leave it empty; checked per row
            if (std::find(column_names().begin(), column_names().end(), key) != column_names().end()) {
                any_known = true;
                if (const auto first = field_of_.find(key); first != field_of_.end()) {
                    problems.emplace_back(mark, "duplicate column " + in_quotes(key) + " (first at column " +
                                                    std::to_string(first->second + 1) + ")");
                    continue;
                }
                field_of_[key] = i;
                columns_[i] = key;
                continue;
            }
            std::string message = "unknown column " + in_quotes(trimmed(header.fields[i]));
            if (const auto hint = closest_match(key, column_names()); !hint.empty())
                message += "; did you mean " + in_quotes(hint) + "?";
            else
                message += "; the columns are " + join_words(column_names(), ", ");
            problems.emplace_back(mark, message);
        }
        if (!any_known) {
            // Likely a file without a header; one message says more than one per value.
            errors_.emplace_back(source_mark{file_, header.line, 1},
                                 "the first row is not a header: none of its values is a column name (" +
                                     join_words(column_names(), ", ") + "); a header row is required");
            return false;
        }
        errors_.insert(errors_.end(), problems.begin(), problems.end());
        for (const char* required : {"type", "date"})
            if (!field_of_.contains(required))
                errors_.emplace_back(source_mark{file_, header.line, 1},
                                     "missing required column " + in_quotes(required) + " in the header");
        return field_of_.contains("type") && field_of_.contains("date");
    }

    // The event of one record, when it has no problems.
    std::optional<input_event> read_record(const csv_record& record) {
        const auto errors_before = errors_.size();
        const auto& fields = record.fields;
        if (fields.size() != columns_.size()) {
            const auto found = fields.size();
            const auto expected = columns_.size();
            std::string message =
                "this row has " + std::to_string(found) + " values, the header has " + std::to_string(expected);
            message += found > expected ? " (is a value with a comma in it not in double quotes?)"
                                        : " (are values missing, or is a line break inside a value not in quotes?)";
            fail(record.line, std::min(found, expected), message);
            return std::nullopt;
        }
        auto cell = [&](std::string_view column) { return trimmed(fields[field_of_.at(std::string{column})]); };

        const activity_type* type = nullptr;
        const auto type_field = field_of_.at("type");
        if (const auto name = cell("type"); name.empty()) {
            fail(record.line, type_field, "type: required; one of " + join_words(type_names(), ", "));
        } else if (type = type_named(normalize_key(name)); type == nullptr) {
            std::string message = "type: unknown type " + in_quotes(name);
            if (const auto hint = closest_match(normalize_key(name), type_names()); !hint.empty())
                message += "; did you mean " + in_quotes(hint) + "?";
            else
                message += "; the types are " + join_words(type_names(), ", ");
            fail(record.line, type_field, message);
        }

        std::optional<time_point> time;
        const auto date_field = field_of_.at("date");
        if (const auto date = cell("date"); date.empty()) {
            fail(record.line, date_field, "date: required: when it happened, " + std::string{date_syntax});
        } else if (time = parse_date(date); !time) {
            fail(record.line, date_field,
                 "date: expected " + std::string{date_syntax} + ", found " + in_quotes(date));
        } else if (*time < latest_) {
            fail(record.line, date_field,
                 "date: " + std::string{date} + " is earlier than the date of the record at line " +
                     std::to_string(latest_line_) + " (" + format_date(latest_) +
                     "); records must be in date order");
        } else {
            latest_ = *time;
            latest_line_ = record.line;
        }

        nlohmann::json payload = nlohmann::json::object();
        for (std::size_t i = 0; i < fields.size(); ++i) {
            const auto& column = columns_[i];
            const auto text = trimmed(fields[i]);
            if (column.empty()) {
                if (!text.empty() && normalize_key(header_name(i)).empty())
                    fail(record.line, i,
                         "column " + std::to_string(i + 1) +
                             " has no name in the header, but this row has a value in it: " + in_quotes(text));
                continue;
            }
            if (column == "type" || column == "date" || type == nullptr) continue;
            const auto rule = std::find_if(type->fields.begin(), type->fields.end(),
                                           [&](const field_rule& f) { return f.column == column; });
            if (rule == type->fields.end()) {
                if (!text.empty())
                    fail(record.line, i,
                         "column " + in_quotes(column) + " is not used by type " + in_quotes(type->name) +
                             "; leave it empty");
                continue;
            }
            if (text.empty()) {
                if (rule->required)
                    fail(record.line, i,
                         column + ": required by type " + in_quotes(type->name) + ": " + expectation(*rule, true));
                continue;
            }
            if (auto value = value_of(*rule, text, record.line, i)) payload[std::string{rule->key}] = std::move(*value);
        }
        if (type == nullptr) return std::nullopt;

        for (const auto& rule : type->fields)
            if (rule.required && !rule.column.empty() && !field_of_.contains(std::string{rule.column}) &&
                missing_reported_.insert(std::string{rule.column}).second)
                errors_.emplace_back(source_mark{file_, header_line_, 1},
                                     "missing column " + in_quotes(rule.column) + " in the header: type " +
                                         in_quotes(type->name) + " needs it (first at line " +
                                         std::to_string(record.line) + ")");
        if (type->check.problem != nullptr)
            if (const auto problem = type->check.problem(payload)) {
                const auto column = std::find_if(type->check.columns.begin(), type->check.columns.end(),
                                                 [&](std::string_view c) { return field_of_.contains(c); });
                const auto at = column == type->check.columns.end() ? 0 : field_of_.find(*column)->second;
                fail(record.line, at, std::string{type->check.key} + ": " + *problem);
            }
        if (errors_.size() != errors_before || !time) return std::nullopt;

        payload.update(type->fixed);
        if (!type->day_key.empty()) payload[std::string{type->day_key}] = day_of(*time);
        event e;
        e.topic = type->topic;
        e.payload = std::move(payload);
        e.time = *time;
        return input_event{std::move(e), record.line};
    }

private:
    void fail(int line, std::size_t field, const std::string& message) {
        errors_.emplace_back(source_mark{file_, line, static_cast<int>(field + 1)}, message);
    }

    std::string header_name(std::size_t field) const { return header_fields_.size() > field ? header_fields_[field] : ""; }

    // The payload value of a non-empty cell, or nothing once its problems are reported.
    std::optional<nlohmann::json> value_of(const field_rule& rule, std::string_view text, int line,
                                           std::size_t field) {
        const std::string column{rule.column};
        auto wrong = [&] {
            fail(line, field, column + ": expected " + expectation(rule, true) + ", found " + in_quotes(text));
            return std::nullopt;
        };
        switch (rule.kind) {
        case value_kind::text:
            return nlohmann::json(rule.normalized ? normalise_name(text) : std::string{text});
        case value_kind::number: {
            const auto n = parse_whole_number(text);
            if (!n || *n < rule.min || *n > rule.max) return wrong();
            return nlohmann::json(static_cast<int>(*n));
        }
        case value_kind::choice: {
            const auto c = choice_of(rule, text);
            if (!c) return wrong();
            return nlohmann::json(*c);
        }
        case value_kind::date:
            if (!is_plain_date(text)) return wrong();
            return nlohmann::json(std::string{text});
        case value_kind::id_list: {
            auto ids = nlohmann::json::array();
            for (const auto& item : split(text)) {
                if (item.find_first_of(blank_characters) != std::string_view::npos) return wrong();
                if (std::find(ids.begin(), ids.end(), item) == ids.end()) ids.push_back(std::string{item});
            }
            return ids;
        }
        case value_kind::name_list: {
            auto names = nlohmann::json::array();
            for (const auto& item : split(text))
                if (auto name = normalise_name(item); !name.empty() && std::find(names.begin(), names.end(), name) == names.end())
                    names.push_back(std::move(name));
            return names;
        }
        case value_kind::text_list: {
            auto items = nlohmann::json::array();
            for (const auto& item : split(text))
                if (std::find(items.begin(), items.end(), item) == items.end()) items.push_back(std::string{item});
            return items;
        }
        case value_kind::rating_map:
            return wrong();  // no CSV column takes it
        case value_kind::skill_list: {
            auto skills = nlohmann::json::array();
            bool ok = true;
            for (const auto& item : split(text)) {
                const auto colon = item.rfind(':');
                const auto name = normalise_name(colon == std::string_view::npos ? item : item.substr(0, colon));
                const auto level = colon == std::string_view::npos ? std::nullopt
                                                                   : parse_whole_number(trimmed(item.substr(colon + 1)));
                if (name.empty() || !level || *level < skill_level_min || *level > skill_level_max) {
                    fail(line, field,
                         column + ": expected skill:level with a level from 1 to 5, like python:4, found " +
                             in_quotes(item));
                    ok = false;
                } else if (std::any_of(skills.begin(), skills.end(),
                                       [&](const nlohmann::json& s) { return s["skill"] == name; })) {
                    fail(line, field, column + ": " + in_quotes(name) + " is listed twice");
                    ok = false;
                } else {
                    skills.push_back({{"skill", name}, {"level", static_cast<int>(*level)}});
                }
            }
            if (!ok) return std::nullopt;
            return skills;
        }
        }
        return std::nullopt;
    }

    // The items of `a; b;;c`, trimmed; empty ones (a trailing `;`) are dropped.
    static std::vector<std::string_view> split(std::string_view text) {
        std::vector<std::string_view> items;
        std::size_t start = 0;
        while (start <= text.size()) {
            auto end = text.find(';', start);
            if (end == std::string_view::npos) end = text.size();
            if (const auto item = trimmed(text.substr(start, end - start)); !item.empty()) items.push_back(item);
            start = end + 1;
        }
        return items;
    }

    std::string file_;
    std::vector<config_error>& errors_;
    int header_line_ = 0;
    std::vector<std::string> columns_;               // the column of each field; empty when unnamed or unknown
    std::vector<std::string> header_fields_;         // as written
    std::map<std::string, std::size_t, std::less<>> field_of_;  // 0-based field of each column present
    std::set<std::string> missing_reported_;
    time_point latest_{};
    int latest_line_ = 0;
};

std::vector<input_event> read_csv(const std::filesystem::path& file) {
    const std::string name = file.string();
    const std::string text = read_file(file);

    std::vector<config_error> errors;
    csv_reader reader{name, errors};
    const auto records = reader.read(text);
    if (records.empty()) {
        if (errors.empty())
            errors.emplace_back(source_mark{name, 1, 1},
                                "no activity: the file is empty; it needs a header row and a row per record");
        throw ingest_error(std::move(errors));
    }
    const auto& header = records.front();
    if (header.broken) throw ingest_error(std::move(errors));
    csv_activity_reader activity{name, errors};
    if (!activity.read_header(header)) throw ingest_error(std::move(errors));

    std::vector<input_event> events;
    std::size_t rows = 0;
    for (std::size_t r = 1; r < records.size(); ++r) {
        const auto& record = records[r];
        ++rows;
        if (record.broken) continue;
        // Spreadsheets export rows left empty as ",,,,".
        if (std::all_of(record.fields.begin(), record.fields.end(), is_blank)) {
            --rows;
            continue;
        }
        if (auto e = activity.read_record(record)) events.push_back(std::move(*e));
    }
    if (rows == 0 && !reader.stopped())
        errors.emplace_back(source_mark{name, header.line, 1},
                            "no activity: the file has a header row but no records");
    if (!errors.empty()) throw ingest_error(std::move(errors));
    return events;
}

// ---- JSON Lines ------------------------------------------------------------------------

// Why `value` does not fit `rule` ("must be …, found …"), or nothing; puts choices and
// names in the form CSV gives them.
std::optional<std::string> json_problem(const field_rule& rule, nlohmann::json& value) {
    auto wrong = [&] { return "must be " + expectation(rule, false) + ", found " + value.dump(); };
    switch (rule.kind) {
    case value_kind::text:
        if (!value.is_string() || (rule.required && is_blank(value.get_ref<const std::string&>())))
            return wrong();
        if (rule.normalized) value = normalise_name(value.get_ref<const std::string&>());
        return std::nullopt;
    case value_kind::number:
        if (!value.is_number_integer() || value.get<long long>() < rule.min || value.get<long long>() > rule.max)
            return wrong();
        return std::nullopt;
    case value_kind::choice: {
        const auto c = value.is_string() ? choice_of(rule, value.get_ref<const std::string&>()) : std::nullopt;
        if (!c) return wrong();
        value = *c;
        return std::nullopt;
    }
    case value_kind::date:
        if (!value.is_string() || !is_plain_date(value.get_ref<const std::string&>())) return wrong();
        return std::nullopt;
    case value_kind::id_list:
        if (!value.is_array() || !std::all_of(value.begin(), value.end(), [](const nlohmann::json& id) {
                return id.is_string() && !is_blank(id.get_ref<const std::string&>());
            }))
            return wrong();
        return std::nullopt;
    case value_kind::name_list:
    case value_kind::text_list:
        if (!value.is_array() || !std::all_of(value.begin(), value.end(), [](const nlohmann::json& name) {
                return name.is_string() && !is_blank(name.get_ref<const std::string&>());
            }))
            return wrong();
        {
            // As from CSV: names compared with profiles normalised, others trimmed; each once.
            auto items = nlohmann::json::array();
            for (const auto& name : value) {
                const auto& text = name.get_ref<const std::string&>();
                auto item = rule.kind == value_kind::name_list ? normalise_name(text) : std::string{trimmed(text)};
                if (std::find(items.begin(), items.end(), item) == items.end()) items.push_back(std::move(item));
            }
            value = std::move(items);
        }
        return std::nullopt;
    case value_kind::rating_map:
        if (!value.is_object() || !std::all_of(value.begin(), value.end(), [](const nlohmann::json& rating) {
                return rating.is_number_integer() && rating.get<long long>() >= 1 && rating.get<long long>() <= 5;
            }))
            return wrong();
        return std::nullopt;
    case value_kind::skill_list: {
        if (!value.is_array()) return wrong();
        std::vector<std::string> seen;
        for (auto& item : value) {
            const auto skill = item.is_object() ? item.find("skill") : item.end();
            const auto level = item.is_object() ? item.find("level") : item.end();
            if (!item.is_object() || item.size() != 2 || skill == item.end() || !skill->is_string() ||
                normalise_name(skill->get_ref<const std::string&>()).empty() || level == item.end() ||
                !level->is_number_integer() || level->get<long long>() < skill_level_min ||
                level->get<long long>() > skill_level_max)
                return "must be " + expectation(rule, false) + ", found " + item.dump() + " in it";
            *skill = normalise_name(skill->get_ref<const std::string&>());
            if (std::find(seen.begin(), seen.end(), *skill) != seen.end())
                return "lists " + skill->dump() + " twice";
            seen.push_back(skill->get<std::string>());
        }
        return std::nullopt;
    }
    }
    return std::nullopt;
}

std::vector<input_event> read_jsonl(const std::filesystem::path& file) {
    const std::string name = file.string();
    std::vector<input_event> events;
    try {
        events = read_event_lines(file);
    } catch (const config_error& e) {
        // read_event_lines stops at the first problem; the rest cannot be found reliably
        // past a line it could not read.
        throw ingest_error({e});
    }
    std::vector<config_error> errors;
    if (events.empty())
        errors.emplace_back(source_mark{name, 1, 1}, "no activity: the file has no events; it needs one per line");
    for (auto& [e, line] : events) {
        const source_mark at{name, line, 1};
        // Activity from another tool happened at a known time; stamping it with the time
        // of the ingest would misplace it in the program.
        if (e.time == time_point{})
            errors.emplace_back(at, e.topic + ": missing \"time\": the date it happened, " + std::string{date_syntax});
        const auto* type = type_of_topic(e.topic);
        if (type == nullptr) {
            // Everything else is mentorkit's own doing (program.closed, relationship.started,
            // what the modules publish): input that claims it would be believed by all of them.
            std::vector<std::string> topics;
            for (const auto& t : activity_types()) topics.push_back(t.topic);
            std::string message = "'" + e.topic + "' is not activity that can be ingested";
            if (const auto hint = closest_match(e.topic, topics); !hint.empty())
                message += "; did you mean '" + hint + "'?";
            else
                message += "; the topics are " + join_words(topics, ", ");
            errors.emplace_back(at, message);
            continue;
        }
        std::vector<std::string> keys;
        for (const auto& rule : type->fields) {
            keys.emplace_back(rule.key);
            // null is how many tools write "not given", and how the modules read it.
            if (const auto it = e.payload.find(keys.back()); !rule.required && it != e.payload.end() && it->is_null())
                e.payload.erase(it);
        }
        for (auto it = e.payload.begin(); it != e.payload.end(); ++it) {
            const auto& key = it.key();
            auto& value = it.value();
            const auto rule = std::find_if(type->fields.begin(), type->fields.end(),
                                           [&](const field_rule& f) { return f.key == key; });
            if (rule == type->fields.end()) {
                std::string message = e.topic + ": unknown payload key \"" + key + "\"";
                if (const auto hint = closest_match(key, keys); !hint.empty())
                    message += "; did you mean \"" + hint + "\"?";
                else
                    message += "; the keys are " + join_words(keys, ", ");
                errors.emplace_back(at, message);
            } else if (const auto problem = json_problem(*rule, value)) {
                errors.emplace_back(at, e.topic + ": \"" + key + "\" " + *problem);
            }
        }
        for (const auto& rule : type->fields)
            if (rule.required && !e.payload.contains(rule.key))
                errors.emplace_back(at, e.topic + ": missing \"" + std::string{rule.key} + "\" (" +
                                            expectation(rule, false) + ")");
        if (type->check.problem != nullptr)
            if (const auto problem = type->check.problem(e.payload))
                errors.emplace_back(at, e.topic + ": \"" + std::string{type->check.key} + "\": " + *problem);
    }
    if (!errors.empty()) throw ingest_error(std::move(errors));
    return events;
}

}  // namespace

std::vector<input_event> read_activity(const std::filesystem::path& file) {
    const auto extension = to_lower(file.extension().string());
    if (extension == ".csv") return read_csv(file);
    if (extension == ".jsonl") return read_jsonl(file);
    fail_file(file.string(), "cannot tell what kind of activity file this is: expected a .csv or .jsonl file");
}

}  // namespace mentorkit
