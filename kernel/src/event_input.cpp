#include "event_input.hpp"

#include <mentorkit/config.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace mentorkit {

std::vector<event> read_event_lines(const std::filesystem::path& file) {
    std::ifstream in{file};
    if (!in) throw config_error({file.string(), 0, 0}, std::string{"cannot read the file: "} + std::strerror(errno));
    std::vector<event> events;
    std::string line;
    int number = 0;
    time_point latest{};
    while (std::getline(in, line)) {
        ++number;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        auto at = [&](std::size_t column) { return source_mark{file.string(), number, static_cast<int>(column)}; };
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(line);
        } catch (const nlohmann::json::parse_error& e) {
            // nlohmann reports "[json.exception.parse_error.101] parse error at line 1, column 7: ..."
            std::string what = e.what();
            if (const auto colon = what.find(": "); colon != std::string::npos) what = what.substr(colon + 2);
            throw config_error(at(e.byte == 0 ? 1 : e.byte), "malformed JSON: " + what);
        }
        if (!j.is_object())
            throw config_error(at(1), "expected a JSON object with \"topic\" and \"payload\", found " +
                                          std::string{j.type_name()});
        event e;
        for (const auto& [key, value] : j.items()) {
            // Columns of members are not reported by the parser; point at the key in the text.
            const auto column = line.find("\"" + key + "\"") + 1;
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
        events.push_back(std::move(e));
    }
    return events;
}

}  // namespace mentorkit
