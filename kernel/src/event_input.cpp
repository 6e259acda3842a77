#include "event_input.hpp"

#include "error_list.hpp"
#include "input_checks.hpp"

#include <mentorkit/config.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <unordered_set>

namespace mentorkit {

namespace {

// The 1-based column of `key` as a member of the line's outermost object (not of a nested
// one), or 1 when it cannot be found.
std::size_t top_level_key_column(const std::string& line, const std::string& key) {
    int depth = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '{' || c == '[') ++depth;
        else if (c == '}' || c == ']') --depth;
        else if (c == '"') {
            const std::size_t start = i;
            std::string text;
            for (++i; i < line.size() && line[i] != '"'; ++i) {
                if (line[i] == '\\') ++i;  // an escaped character never ends the string
                else text += line[i];
            }
            if (depth != 1 || text != key) continue;
            auto next = line.find_first_not_of(" \t", i + 1);
            if (next != std::string::npos && line[next] == ':') return start + 1;
        }
    }
    return 1;
}

}  // namespace

std::vector<input_event> read_event_lines(const std::filesystem::path& file) {
    const auto text = detail::read_text_file(file, detail::max_activity_file_bytes, "an event file");
    std::vector<input_event> events;
    int number = 0;
    time_point latest{};
    std::size_t next = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
    while (next < text.size()) {
        const auto end = std::min(text.find('\n', next), text.size());
        const std::string line = text.substr(next, end - next);
        next = end + 1;
        ++number;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        auto at = [&](std::size_t column) { return source_mark{file.string(), number, static_cast<int>(column)}; };
        if (line.size() > detail::max_json_line_bytes)
            throw config_error(at(1), "the line is " + std::to_string(line.size()) + " bytes long; an event may take " +
                                          std::to_string(detail::max_json_line_bytes) + " at most");
        // Checked before parsing: every later copy of the value recurses once per level.
        if (const auto deep = detail::find_excess_json_nesting(line))
            throw config_error(at(*deep + 1), "arrays and objects nested more than " +
                                                  std::to_string(detail::max_nesting_depth) + " deep");
        // nlohmann keeps the last of a key given twice; the writer may have meant the first.
        std::vector<std::unordered_set<std::string>> open_objects;
        std::optional<std::string> repeated_key;
        const nlohmann::json::parser_callback_t note_keys = [&](int, nlohmann::json::parse_event_t event,
                                                                 nlohmann::json& parsed) {
            using parse_event = nlohmann::json::parse_event_t;
            if (event == parse_event::object_start) open_objects.emplace_back();
            else if (event == parse_event::object_end) open_objects.pop_back();
            else if (event == parse_event::key && !open_objects.back().insert(parsed.get<std::string>()).second &&
                     !repeated_key)
                repeated_key = parsed.get<std::string>();
            return true;
        };
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(line, note_keys);
        } catch (const nlohmann::json::parse_error& e) {
            // nlohmann reports "[json.exception.parse_error.101] parse error at line 1, column 7: ..."
            std::string what = e.what();
            if (const auto colon = what.find(": "); colon != std::string::npos) what = what.substr(colon + 2);
            throw config_error(at(e.byte == 0 ? 1 : e.byte), "malformed JSON: " + what);
        } catch (const nlohmann::json::exception&) {
            // Only a number too large for a double gets here (out_of_range.406).
            throw config_error(at(1), "a number too large to be read (at most about 1.8e308)");
        }
        if (repeated_key)
            throw config_error(at(1), "the key \"" + *repeated_key +
                                          "\" is given twice in one object; which value is meant cannot be known");
        if (!j.is_object())
            throw config_error(at(1), "expected a JSON object with \"topic\" and \"payload\", found " +
                                          std::string{j.type_name()});
        event e;
        for (const auto& [key, value] : j.items()) {
            // The parser reports no positions of members: find the key in the text.
            const auto column = top_level_key_column(line, key);
            if (key == "topic") {
                if (!value.is_string() || !is_valid_topic(value.get<std::string>()))
                    throw config_error(at(column), "\"topic\" must be a dotted topic such as \"goal.set\", found " +
                                                       value.dump());
                e.topic = value.get<std::string>();
            } else if (key == "payload") {
                if (!value.is_object())
                    throw config_error(at(column), "\"payload\" must be a JSON object, found " +
                                                       std::string{value.type_name()});
                e.payload = value;
            } else if (key == "time") {
                const auto t = value.is_string() ? parse_date(value.get<std::string>()) : std::nullopt;
                if (!t) throw config_error(at(column), "\"time\" must be " + std::string{date_syntax} + ", found " + value.dump());
                if (*t < latest)
                    throw config_error(at(column), "\"time\" " + value.get<std::string>() +
                                                       " is earlier than a previous event's: events must be in time order");
                e.time = latest = *t;
            } else {
                std::string message = "unknown key \"" + key + "\"; expected topic, payload, time";
                if (auto hint = closest_match(key, {"topic", "payload", "time"}); !hint.empty())
                    message += " (did you mean \"" + hint + "\"?)";
                throw config_error(at(column), message);
            }
        }
        if (e.topic.empty()) throw config_error(at(1), "missing \"topic\"");
        events.push_back({std::move(e), number});
    }
    return events;
}

bool is_lifecycle_topic(std::string_view topic) {
    return topic.starts_with("program.") || topic.starts_with("plugin.") || topic == "timer.failed";
}

void check_scripted_events(const std::vector<input_event>& events, const std::filesystem::path& file,
                           const std::optional<program_window>& window) {
    std::vector<config_error> errors;
    auto current = window ? window->now : time_point{};  // when the next event without a time is published
    for (const auto& [e, line] : events) {
        const source_mark at{file.string(), line, 1};
        if (is_lifecycle_topic(e.topic))
            errors.emplace_back(at, "'" + e.topic + "' is mentorkit's own event about the program's life; "
                                    "an input file cannot publish it");
        if (!window) continue;
        if (e.time == time_point{}) {
            if (current >= window->end)
                errors.emplace_back(at, e.topic + ": without a \"time\" it happens at the program's time, " +
                                            format_date(current) + ", which is not before its end, " +
                                            format_date(window->end));
            continue;
        }
        current = std::max(current, e.time);
        const auto when = e.topic + ": \"time\" " + format_date(e.time);
        if (e.time < window->start)
            errors.emplace_back(at, when + " is before the program's start, " + format_date(window->start));
        else if (e.time < window->now)
            errors.emplace_back(at, when + " is earlier than the program's time, " + format_date(window->now) +
                                        "; program time never runs backwards");
        else if (e.time >= window->end)
            errors.emplace_back(at, when + " is not before the program's end, " + format_date(window->end) +
                                        "; input cannot move a program past its end");
    }
    if (!errors.empty()) throw error_list(std::move(errors));
}

}  // namespace mentorkit
