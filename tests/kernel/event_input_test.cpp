#include "event_input.hpp"

#include <mentorkit/config.hpp>

#include <catch2/catch.hpp>

#include "temp_folder.hpp"


using namespace mentorkit;
namespace fs = std::filesystem;

namespace {

// One input file in a folder of its own.
struct input_file {
    explicit input_file(const std::string& text) : path(folder.write("events.jsonl", text)) {}
    std::string error() const {
        try {
            read_event_lines(path);
        } catch (const config_error& e) {
            return e.what();
        }
        return "no error";
    }
    test_support::temp_folder folder;
    fs::path path;
};

}  // namespace

TEST_CASE("event lines are read with topic, payload and time; blank lines are skipped", "[event_input]") {
    input_file f{"{\"topic\": \"goal.set\", \"payload\": {\"goal\": \"g-1\"}, \"time\": \"2027-02-01\"}\n"
                 "\n"
                 "{\"topic\": \"meeting.held\"}\n"};
    const auto events = read_event_lines(f.path);
    REQUIRE(events.size() == 2);
    CHECK(events[0].line == 1);
    CHECK(events[1].line == 3);
    CHECK(events[0].ev.topic == "goal.set");
    CHECK(events[0].ev.payload["goal"] == "g-1");
    CHECK(format_date(events[0].ev.time) == "2027-02-01");
    CHECK(events[1].ev.payload == nlohmann::json::object());
    CHECK(events[1].ev.time == time_point{});
}

TEST_CASE("each kind of bad event line is named with file, line and column", "[event_input]") {
    const auto at = [](const input_file& f, const std::string& rest) { return f.path.string() + rest; };
    {
        input_file f{"{\"topic\": \"goal.set\"}\n{\"topic\": \"goal.set\",, }\n"};
        CHECK_THAT(f.error(), Catch::StartsWith(at(f, ":2:22: malformed JSON: ")));
    }
    {
        // The column of the outer key, not of a key of the same name inside the payload.
        input_file f{"{\"payload\": {\"topic\": \"x\"}, \"topic\": \"not a topic\"}\n"};
        CHECK_THAT(f.error(), Catch::StartsWith(at(f, ":1:29: \"topic\" must be a dotted topic")));
    }
    {
        input_file f{"[1, 2]\n"};
        CHECK(f.error() == at(f, ":1:1: expected a JSON object with \"topic\" and \"payload\", found array"));
    }
    {
        input_file f{"{\"payload\": {}}\n"};
        CHECK(f.error() == at(f, ":1:1: missing \"topic\""));
    }
    {
        input_file f{"{\"topic\": \"goal..set\"}\n"};
        CHECK(f.error() == at(f, ":1:2: \"topic\" must be a dotted topic such as \"goal.set\", found \"goal..set\""));
    }
    {
        input_file f{"{\"topic\": \"a\", \"time\": \"2027-13-01\"}\n"};
        CHECK_THAT(f.error(), Catch::StartsWith(at(f, ":1:16: \"time\" must be a date as YYYY-MM-DD")));
    }
    {
        input_file f{"{\"topic\": \"a\", \"time\": \"2027-03-01\"}\n{\"topic\": \"b\", \"time\": \"2027-02-01\"}\n"};
        CHECK(f.error() == at(f, ":2:16: \"time\" 2027-02-01 is earlier than a previous event's: events must be in time order"));
    }
    {
        input_file f{"{\"topic\": \"a\", \"paylod\": {}}\n"};
        CHECK(f.error() == at(f, ":1:16: unknown key \"paylod\"; expected topic, payload, time (did you mean \"payload\"?)"));
    }
    {
        // Either value could be the one meant, in the event or in its payload.
        input_file top{"{\"topic\": \"goal.set\", \"topic\": \"goal.achieved\"}\n"};
        CHECK(top.error() == at(top, ":1:1: the key \"topic\" is given twice in one object; which value is meant "
                                     "cannot be known"));
        input_file nested{"{\"topic\": \"goal.achieved\", \"payload\": {\"goal_id\": \"g-1\", \"goal_id\": \"g-2\"}}\n"};
        CHECK_THAT(nested.error(), Catch::StartsWith(at(nested, ":1:1: the key \"goal_id\" is given twice")));
        // The same key in two objects is no repetition.
        input_file apart{"{\"topic\": \"a.b\", \"payload\": {\"x\": {\"id\": 1}, \"y\": {\"id\": 2}}}\n"};
        CHECK(read_event_lines(apart.path).size() == 1);
    }
}

TEST_CASE("a missing input file is named", "[event_input]") {
    CHECK_THROWS_WITH(read_event_lines("/nonexistent/events.jsonl"),
                      "/nonexistent/events.jsonl: cannot read the file: No such file or directory");
}
