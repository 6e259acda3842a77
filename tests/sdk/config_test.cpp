#include <mentorkit/config.hpp>

#include "yaml_source.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <limits>
#include <string>
#include <vector>

using namespace mentorkit;

namespace {

source_mark at(int line, int column) { return source_mark{"m.yaml", line, column}; }

// A small tree built by hand, as the YAML reader builds it:
//   capacity: 2          (line 1)
//   ratio: 0.75
//   enabled: yes
//   cadence: 2w
//   start: 2027-01-11
//   tags: [a, b]
//   one_tag: a
//   nothing: ~
//   strategy: optimal
//   nested: {key: value}  (line 10)
config_node sample() {
    auto root = config_node::map(at(1, 1));
    int line = 1;
    auto add = [&root, &line](const std::string& key, config_node value) {
        root.set(key, std::move(value), at(line, 1));
        ++line;
    };
    add("capacity", config_node::scalar("2", at(1, 11)));
    add("ratio", config_node::scalar("0.75", at(2, 8)));
    add("enabled", config_node::scalar("yes", at(3, 10)));
    add("cadence", config_node::scalar("2w", at(4, 10)));
    add("start", config_node::scalar("2027-01-11", at(5, 8)));
    auto tags = config_node::sequence(at(6, 7));
    tags.push_back(config_node::scalar("a", at(6, 8)));
    tags.push_back(config_node::scalar("b", at(6, 11)));
    add("tags", std::move(tags));
    add("one_tag", config_node::scalar("a", at(7, 10)));
    add("nothing", config_node::null(at(8, 10)));
    add("strategy", config_node::scalar("optimal", at(9, 11)));
    auto nested = config_node::map(at(10, 9));
    nested.set("key", config_node::scalar("value", at(10, 15)), at(10, 10));
    add("nested", std::move(nested));
    root.assign_paths("");
    return root;
}

// The config_error `f` throws; fails the test when it throws nothing.
template <typename F>
config_error error_of(F&& f) {
    try {
        f();
    } catch (const config_error& e) {
        return e;
    }
    FAIL("no config_error thrown");
    return config_error{{}, "not reached: FAIL throws"};
}

}  // namespace

TEST_CASE("a source mark prints as file:line:column, or the file alone without a position", "[config]") {
    CHECK(at(3, 7).to_string() == "m.yaml:3:7");
    CHECK(source_mark{"m.yaml"}.to_string() == "m.yaml");
    CHECK(source_mark{}.to_string() == "<input>");
}

TEST_CASE("config_error's what() is file:line:column: message", "[config]") {
    const config_error e{at(4, 2), "bad value"};
    CHECK(std::string{e.what()} == "m.yaml:4:2: bad value");
    CHECK(e.message() == "bad value");
    CHECK(e.mark().line == 4);
}

TEST_CASE("typed getters read scalars", "[config]") {
    const auto root = sample();
    CHECK(root.at("capacity").as_int() == 2);
    CHECK(root.at("ratio").as_number() == Approx(0.75));
    CHECK(root.at("capacity").as_number() == 2.0);
    CHECK(root.at("enabled").as_bool());
    CHECK(root.at("cadence").as_duration() == *parse_duration("2w"));
    CHECK(root.at("start").as_date() == *parse_date("2027-01-11"));
    CHECK(root.at("tags").as_string_list() == std::vector<std::string>{"a", "b"});
    CHECK(root.at("one_tag").as_string_list() == std::vector<std::string>{"a"});
    CHECK(root.at("strategy").as_enum({"optimal", "stable"}) == "optimal");
    CHECK(root.at("nested").at("key").as_string() == "value");
}

TEST_CASE("typed getters throw at the node with what was expected and what was found", "[config]") {
    const auto root = sample();
    SECTION("a whole number") {
        const auto e = error_of([&] { root.at("ratio").as_int(); });
        CHECK(e.mark().line == 2);
        CHECK(e.mark().column == 8);
        CHECK(e.message() == "expected a whole number, found '0.75'");
    }
    SECTION("a number") {
        const auto e = error_of([&] { root.at("cadence").as_number(); });
        CHECK(e.mark().line == 4);
        CHECK(e.message() == "expected a number, found '2w'");
    }
    SECTION("a boolean") {
        const auto e = error_of([&] { root.at("strategy").as_bool(); });
        CHECK(std::string{e.what()} == "m.yaml:9:11: expected true or false, found 'optimal'");
    }
    SECTION("a duration") {
        const auto e = error_of([&] { root.at("capacity").as_duration(); });
        CHECK(e.message() == "expected " + std::string{duration_syntax} + ", found '2'");
    }
    SECTION("a date") {
        const auto e = error_of([&] { root.at("cadence").as_date(); });
        CHECK(e.message() == "expected " + std::string{date_syntax} + ", found '2w'");
    }
    SECTION("a scalar, not a list") {
        const auto e = error_of([&] { root.at("tags").text(); });
        CHECK(e.mark().line == 6);
        CHECK(e.mark().column == 7);
        CHECK(e.message() == "expected a single value for 'tags', found a list");
    }
    SECTION("a scalar, not null") {
        const auto e = error_of([&] { root.at("nothing").as_int(); });
        CHECK(e.message() == "expected a single value for 'nothing', found nothing (null)");
    }
    SECTION("a list of scalars") {
        const auto e = error_of([&] { root.at("nested").as_string_list(); });
        CHECK(e.message() == "expected a list of values, found a mapping");
    }
    SECTION("one of a set, with a hint") {
        const auto e = error_of([&] { root.at("strategy").as_enum({"optimum", "stable"}); });
        CHECK(e.message() == "expected one of 'optimum' 'stable', found 'optimal'; did you mean 'optimum'?");
    }
    SECTION("a missing key") {
        const auto e = error_of([&] { root.at("nested").at("other"); });
        CHECK(e.mark().line == 10);
        CHECK(e.mark().column == 9);
        CHECK(e.message() == "missing required key 'other' in 'nested'");
    }
    SECTION("a key of something that is not a mapping") {
        const auto e = error_of([&] { root.at("tags").at("x"); });
        CHECK(e.message() == "expected a mapping with key 'x', found a list");
    }
}

TEST_CASE("get_or gives the fallback for an absent or null key and checks a present one", "[config]") {
    const auto root = sample();
    CHECK(root.get_or("capacity", 1) == 2);
    CHECK(root.get_or("missing", 7) == 7);
    CHECK(root.get_or("nothing", 7) == 7);
    CHECK(root.get_or("enabled", false));
    CHECK(root.get_or("ratio", 0.0) == Approx(0.75));
    CHECK(root.get_or("cadence", duration{}) == *parse_duration("2w"));
    CHECK(root.get_or("start", time_point{}) == *parse_date("2027-01-11"));
    CHECK(root.get_or<std::string>("strategy", "stable") == "optimal");
    CHECK(root.get_or<std::string>("missing", "stable") == "stable");
    CHECK(root.get_or("tags", std::vector<std::string>{}).size() == 2);
    CHECK_THROWS_AS(root.get_or("strategy", 1), config_error);
}

TEST_CASE("expect_keys throws at the first unknown key with a did-you-mean hint", "[config]") {
    auto map = config_node::map(at(1, 1));
    map.set("kickoff_within", config_node::scalar("1w", at(1, 17)), at(1, 1));
    map.set("frist_checkin", config_node::scalar("2w", at(2, 16)), at(2, 1));
    map.assign_paths("");
    CHECK_NOTHROW(map.expect_keys({"kickoff_within", "frist_checkin"}));

    const auto e = error_of([&] { map.expect_keys({"kickoff_within", "first_checkin_after"}); });
    CHECK(e.mark().line == 2);
    CHECK(e.mark().column == 1);
    CHECK(e.message() == "unknown key 'frist_checkin'; expected one of: kickoff_within first_checkin_after");

    const auto hinted = error_of([&] { map.expect_keys({"kickoff_within", "frst_checkin"}); });
    CHECK(hinted.message() == "unknown key 'frist_checkin'; did you mean 'frst_checkin'?");

    const auto not_a_map = error_of([&] { config_node::scalar("x", at(3, 3)).expect_keys({"a"}); });
    CHECK(not_a_map.message() == "expected a mapping, found 'x'");
}

TEST_CASE("closest_match suggests only likely misspellings", "[config]") {
    const std::vector<std::string> keys{"matching", "timeline", "modules", "id", "name"};
    CHECK(closest_match("matchng", keys) == "matching");
    CHECK(closest_match("timelnie", keys) == "timeline");
    CHECK(closest_match("module", keys) == "modules");
    CHECK(closest_match("nme", keys) == "name");
    CHECK(closest_match("ids", keys) == "id");
    CHECK(closest_match("participants", keys).empty());
    CHECK(closest_match("xyz", keys).empty());
    CHECK(closest_match("", {"a"}) == "a");  // one edit away
    CHECK(closest_match("anything", {}).empty());
}

TEST_CASE("a mapping keeps its keys in insertion order; set replaces in place; erase removes", "[config]") {
    auto map = config_node::map(at(1, 1));
    map.set("b", config_node::scalar("1", at(1, 4)), at(1, 1));
    map.set("a", config_node::scalar("2", at(2, 4)), at(2, 1));
    map.set("b", config_node::scalar("3", at(3, 4)), at(3, 1));
    REQUIRE(map.size() == 2);
    CHECK(map.entries()[0].key == "b");
    CHECK(map.entries()[0].value.text() == "3");
    CHECK(map.entries()[1].key == "a");
    map.erase("b");
    map.erase("not there");
    REQUIRE(map.size() == 1);
    CHECK_FALSE(map.contains("b"));
    CHECK(map.find("a") != nullptr);
    CHECK(config_node::scalar("x", at(1, 1)).find("a") == nullptr);
    CHECK(config_node::scalar("x", at(1, 1)).size() == 0);
}

TEST_CASE("assign_paths gives every node its dotted path", "[config]") {
    const auto root = sample();
    CHECK(root.path().empty());
    CHECK(root.at("nested").at("key").path() == "nested.key");
    CHECK(root.at("tags").items()[1].path() == "tags[1]");
}

TEST_CASE("to_json turns whole numbers and true/false into JSON types and keeps the rest as text", "[config]") {
    const auto json = sample().to_json();
    CHECK(json["capacity"] == 2);
    CHECK(json["capacity"].is_number_integer());
    CHECK(json["cadence"] == "2w");
    CHECK(json["start"] == "2027-01-11");
    CHECK(json["tags"] == nlohmann::json::array({"a", "b"}));
    CHECK(json["nothing"].is_null());
    CHECK(json["nested"]["key"] == "value");
    CHECK(config_node::scalar("true", at(1, 1)).to_json() == true);
    CHECK(config_node::scalar("false", at(1, 1)).to_json() == false);
    CHECK(config_node::scalar("-4", at(1, 1)).to_json() == -4);
    CHECK(config_node::scalar("", at(1, 1)).to_json() == "");
    CHECK(config_node{}.to_json().is_null());
    // Keys keep the file's order in the tree; JSON objects are sorted by nlohmann::json.
    CHECK(json.size() == 10);
}

TEST_CASE("closest_match prefers a case-only difference and counts a swap as one edit", "[config]") {
    CHECK(mentorkit::closest_match("hihg", {"high", "low"}) == "high");
    CHECK(mentorkit::closest_match("b2", {"A2", "B2"}) == "B2");
    CHECK(mentorkit::closest_match("zzz", {"high", "low"}).empty());
}

TEST_CASE("integer reads are range-checked for the requested type", "[config]") {
    const auto node = mentorkit::detail::parse_yaml("workers: -1\nname: x\n", "k.yaml");
    CHECK_THROWS_WITH(node.get_or<unsigned>("workers", 2u),
                      "k.yaml:1:10: expected a whole number from 0 to 4294967295, found '-1'");
    CHECK(node.get_or<int>("workers", 2) == -1);
    CHECK(node.get_or("name", "fallback") == "x");  // a string literal fallback reads as std::string
    CHECK(node.get_or("missing", "fallback") == "fallback");
}

TEST_CASE("to_json keeps ids with leading zeros as text and reads decimals as numbers", "[config]") {
    const auto node = mentorkit::detail::parse_yaml("id: 007\nshare: 0.5\nnegative: -3\nyes_word: yes\nzero: 0\n", "k.yaml");
    const auto json = node.to_json();
    CHECK(json["id"] == "007");
    CHECK(json["share"] == 0.5);
    CHECK(json["negative"] == -3);
    CHECK(json["yes_word"] == "yes");
    CHECK(json["zero"] == 0);
}

TEST_CASE("replacing a key in a mapping moves its mark to the new place", "[config]") {
    auto map = mentorkit::config_node::map({"a.yaml", 1, 1});
    map.set("k", mentorkit::config_node::scalar("1", {"a.yaml", 2, 4}), {"a.yaml", 2, 1});
    map.set("k", mentorkit::config_node::scalar("2", {"b.yaml", 5, 4}), {"b.yaml", 5, 1});
    REQUIRE(map.entries().size() == 1);
    CHECK(map.entries()[0].key_mark.file == "b.yaml");
    CHECK(map.entries()[0].key_mark.line == 5);
}

TEST_CASE("get_in_range gives the fallback for an absent or null key and range-checks a present one", "[config]") {
    const auto node =
        mentorkit::detail::parse_yaml("rating: 4\nshare: 0.5\nnothing: ~\nhigh: 9\nnegative: -0.5\n", "k.yaml");
    CHECK(node.get_in_range("rating", 1, 1, 5) == 4);
    CHECK(node.get_in_range("missing", 3, 1, 5) == 3);
    CHECK(node.get_in_range("nothing", 3, 1, 5) == 3);
    CHECK(node.get_in_range("share", 0.2, 0, 1) == Approx(0.5));
    CHECK(node.get_in_range("rating", 2.5, 1, 5) == Approx(4.0));
    CHECK_THROWS_WITH(node.get_in_range("high", 3, 1, 5),
                      "k.yaml:4:7: high must be a whole number from 1 to 5, found 9");
    CHECK_THROWS_WITH(node.get_in_range("high", 3, 0, 4, "0 turns it off"),
                      "k.yaml:4:7: high must be a whole number from 0 to 4 (0 turns it off), found 9");
    CHECK_THROWS_WITH(node.get_in_range("share", 3, 1, 5), "k.yaml:2:8: expected a whole number, found '0.5'");
    CHECK_THROWS_WITH(node.get_in_range("high", 2.5, 1, 5), "k.yaml:4:7: high must be a number from 1 to 5, found 9");
    CHECK_THROWS_WITH(node.get_in_range("share", 0.0, 0.75, 2.5),
                      "k.yaml:2:8: share must be a number from 0.75 to 2.5, found 0.5");
}

TEST_CASE("get_in_range without an upper bound asks for at least the lower one", "[config]") {
    const auto node = mentorkit::detail::parse_yaml("count: -1\nweight: -0.5\nhuge: 99999999999\n", "k.yaml");
    CHECK_THROWS_WITH(node.get_in_range("count", 2, 0, std::numeric_limits<int>::max()),
                      "k.yaml:1:8: count must be a whole number of at least 0, found -1");
    CHECK_THROWS_WITH(node.get_in_range("weight", 1.0, 0, std::numeric_limits<double>::infinity()),
                      "k.yaml:2:9: weight must be a number of at least 0, found -0.5");
    CHECK_THROWS_WITH(node.get_in_range("huge", 2, 0, std::numeric_limits<int>::max()),
                      "k.yaml:3:7: huge must be a whole number of at least 0, found 99999999999");
    CHECK(node.get_in_range("huge", 2LL, 0, std::numeric_limits<long long>::max()) == 99999999999LL);
    CHECK_THROWS_WITH(node.get_in_range("count", 2u, 0, 10),
                      "k.yaml:1:8: count must be a whole number from 0 to 10, found -1");
    CHECK_THROWS_WITH(node.get_at_least("count", 2, 1, "1 is every time"),
                      "k.yaml:1:8: count must be a whole number of at least 1 (1 is every time), found -1");
    CHECK_THROWS_WITH(node.get_at_least("weight", 1.0, 0),
                      "k.yaml:2:9: weight must be a number of at least 0, found -0.5");
    CHECK(node.get_at_least("missing", 0.5, 0) == Approx(0.5));
}

TEST_CASE("get_positive_duration refuses a zero duration at its value", "[config]") {
    const auto node = mentorkit::detail::parse_yaml("every: 2w\nnever: 0d\nnothing: ~\n", "k.yaml");
    const duration week{0, std::chrono::weeks{1}};
    CHECK(node.get_positive_duration("every", week) == *parse_duration("2w"));
    CHECK(node.get_positive_duration("missing", week) == week);
    CHECK(node.get_positive_duration("nothing", week) == week);
    CHECK_THROWS_WITH(node.get_positive_duration("never", week), "k.yaml:2:8: never must be longer than 0");
    CHECK(node.get_positive_duration("missing", duration{}).is_zero());  // the fallback is the plugin's own
}
