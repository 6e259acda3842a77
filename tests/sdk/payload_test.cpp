#include <mentorkit/payload.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace mentorkit;
using nlohmann::json;

namespace {

event make(json payload) {
    event e;
    e.topic = "checkin.submitted";
    e.payload = std::move(payload);
    e.time = *parse_date("2027-03-02T09:30:00Z");
    return e;
}

}  // namespace

TEST_CASE("day_of is the date of a time point as YYYY-MM-DD", "[payload]") {
    CHECK(day_of(*parse_date("2027-03-02T09:30:00Z")) == "2027-03-02");
    CHECK(day_of(*parse_date("2027-03-02")) == "2027-03-02");
    CHECK(day_of(*parse_date("1969-12-31T23:59:59Z")) == "1969-12-31");
}

TEST_CASE("required_text reads a non-empty string and names topic and field otherwise", "[payload]") {
    const auto e = make({{"from", "p-1"}, {"empty", ""}, {"number", 3}, {"none", nullptr}});
    CHECK(required_text(e, "from") == "p-1");
    const std::string expected = "checkin.submitted needs a non-empty string \"relationship_id\" in its payload";
    CHECK_THROWS_WITH(required_text(e, "relationship_id"), expected);
    CHECK_THROWS_AS(required_text(e, "empty"), std::invalid_argument);
    CHECK_THROWS_AS(required_text(e, "number"), std::invalid_argument);
    CHECK_THROWS_AS(required_text(e, "none"), std::invalid_argument);
    // Any object, labelled as the caller likes: a nested object, say.
    CHECK_THROWS_WITH(required_text(json{{"level", 3}}, "goal.set skills_needed", "skill"),
                      "goal.set skills_needed needs a non-empty string \"skill\" in its payload");
    CHECK_THROWS_AS(required_text(json::array({"from"}), "t", "from"), std::invalid_argument);
}

TEST_CASE("optional_text is empty when absent or null and refuses other types", "[payload]") {
    const auto e = make({{"note", "thanks"}, {"none", nullptr}, {"empty", ""}, {"number", 3}});
    CHECK(optional_text(e, "note") == "thanks");
    CHECK(optional_text(e, "missing").empty());
    CHECK(optional_text(e, "none").empty());
    CHECK(optional_text(e, "empty").empty());
    CHECK_THROWS_WITH(optional_text(e, "number"), "checkin.submitted needs \"number\" to be a string, found 3");
}

TEST_CASE("optional_int reads a whole number in range and refuses anything else", "[payload]") {
    const auto e = make({{"rating", 4}, {"none", nullptr}, {"high", 7}, {"low", -1}, {"text", "4"}, {"half", 2.5}});
    CHECK(optional_int(e, "rating", 1, 5) == 4);
    CHECK_FALSE(optional_int(e, "missing", 1, 5));
    CHECK_FALSE(optional_int(e, "none", 1, 5));
    CHECK_THROWS_WITH(optional_int(e, "high", 1, 5),
                      "checkin.submitted needs \"high\" to be a whole number from 1 to 5, found 7");
    CHECK_THROWS_WITH(optional_int(e, "low", 0, 5),
                      "checkin.submitted needs \"low\" to be a whole number from 0 to 5, found -1");
    CHECK_THROWS_WITH(optional_int(e, "text", 1, 5),
                      "checkin.submitted needs \"text\" to be a whole number from 1 to 5, found \"4\"");
    CHECK_THROWS_AS(optional_int(e, "half", 1, 5), std::invalid_argument);
}

TEST_CASE("optional_int reads numbers parsed from JSON text, however large", "[payload]") {
    const auto parsed = json::parse(R"({"small": 3, "huge": 18446744073709551615, "negative": -3})");
    CHECK(optional_int(parsed, "t", "small", 0, 5) == 3);  // parsed as unsigned
    CHECK_THROWS_AS(optional_int(parsed, "t", "huge", -5, 5), std::invalid_argument);
    CHECK(optional_int(parsed, "t", "negative", -5, 5) == -3);
}

TEST_CASE("required_int names the range when the number is missing", "[payload]") {
    const auto e = make({{"progress", 40}, {"over", 140}});
    CHECK(required_int(e, "progress", 0, 100) == 40);
    CHECK_THROWS_WITH(required_int(e, "missing", 0, 100),
                      "checkin.submitted needs a whole number \"missing\" from 0 to 100 in its payload");
    CHECK_THROWS_WITH(required_int(e, "over", 0, 100),
                      "checkin.submitted needs \"over\" to be a whole number from 0 to 100, found 140");
}

TEST_CASE("optional_date reads dates and date-times, nothing when absent, null or empty", "[payload]") {
    const auto e = make({{"on", "2027-02-28"},
                         {"at", "2027-02-28T10:00"},
                         {"none", nullptr},
                         {"empty", ""},
                         {"words", "yesterday"},
                         {"impossible", "2027-02-30"},
                         {"number", 20270228}});
    CHECK(optional_date(e, "on") == parse_date("2027-02-28"));
    CHECK(optional_date(e, "at") == parse_date("2027-02-28T10:00"));
    CHECK_FALSE(optional_date(e, "missing"));
    CHECK_FALSE(optional_date(e, "none"));
    CHECK_FALSE(optional_date(e, "empty"));
    CHECK_THROWS_WITH(optional_date(e, "words"),
                      "checkin.submitted needs \"words\" to be a date as YYYY-MM-DD, found \"yesterday\"");
    CHECK_THROWS_AS(optional_date(e, "impossible"), std::invalid_argument);
    CHECK_THROWS_WITH(optional_date(e, "number"),
                      "checkin.submitted needs \"number\" to be a date as YYYY-MM-DD, found 20270228");
    // The event's own day when the field is not given:
    CHECK(day_of(optional_date(e, "missing").value_or(e.time)) == "2027-03-02");
}

TEST_CASE("string_list reads a list of non-empty strings", "[payload]") {
    const auto e = make({{"people", {"E1", "E2"}},
                         {"none", nullptr},
                         {"empty", json::array()},
                         {"single", "E1"},
                         {"blank", {"E1", ""}},
                         {"mixed", {"E1", 2}}});
    CHECK(string_list(e, "people") == std::vector<std::string>{"E1", "E2"});
    CHECK(string_list(e, "missing").empty());
    CHECK(string_list(e, "none").empty());
    CHECK(string_list(e, "empty").empty());
    CHECK_THROWS_WITH(string_list(e, "single"),
                      "checkin.submitted needs \"single\" to be a list of non-empty strings, found \"E1\"");
    CHECK_THROWS_WITH(string_list(e, "blank"),
                      "checkin.submitted needs \"blank\" to be a list of non-empty strings, found [\"E1\",\"\"]");
    CHECK_THROWS_AS(string_list(e, "mixed"), std::invalid_argument);
}
