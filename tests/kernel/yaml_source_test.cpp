#include "yaml_source.hpp"

#include <catch2/catch.hpp>

#include "temp_folder.hpp"

#include <filesystem>
#include <fstream>
#include <string>

using mentorkit::config_error;
using mentorkit::config_node;
using mentorkit::detail::load_yaml_file;
using mentorkit::detail::parse_yaml;
using mentorkit::detail::yaml_error;
using mentorkit::test_support::temp_folder;

namespace {

// The config_error that parsing `text` throws; fails the test when it parses.
config_error parse_error(const std::string& text) {
    try {
        parse_yaml(text, "test.yaml");
    } catch (const config_error& e) {
        return e;
    }
    FAIL("expected a config_error for:\n" << text);
    return config_error{{}, "not reached: FAIL throws"};
}

void check_mark(const mentorkit::source_mark& mark, int line, int column) {
    CHECK(mark.file == "test.yaml");
    CHECK(mark.line == line);
    CHECK(mark.column == column);
}


}  // namespace

TEST_CASE("every value and every key is marked with its 1-based line and column", "[yaml_source]") {
    const auto root = parse_yaml(
        "id: eng-2027\n"
        "timeline:\n"
        "  start: 2027-01-11\n"
        "  phases:\n"
        "    - kickoff\n"
        "    - {name: active, starts: 3w}\n",
        "test.yaml");
    REQUIRE(root.is_map());
    check_mark(root.mark(), 1, 1);
    check_mark(root.entries()[0].key_mark, 1, 1);
    check_mark(root.at("id").mark(), 1, 5);
    CHECK(root.at("id").text() == "eng-2027");

    const auto& timeline = root.at("timeline");
    check_mark(root.entries()[1].key_mark, 2, 1);
    check_mark(timeline.entries()[0].key_mark, 3, 3);
    check_mark(timeline.at("start").mark(), 3, 10);

    const auto& phases = timeline.at("phases");
    REQUIRE(phases.is_sequence());
    REQUIRE(phases.size() == 2);
    check_mark(phases.items()[0].mark(), 5, 7);
    CHECK(phases.items()[0].text() == "kickoff");
    check_mark(phases.items()[1].mark(), 6, 7);
    check_mark(phases.items()[1].entries()[1].key_mark, 6, 22);
    check_mark(phases.items()[1].at("starts").mark(), 6, 30);
}

TEST_CASE("paths are assigned from the root", "[yaml_source]") {
    const auto root = parse_yaml("timeline:\n  phases:\n    - name: kickoff\n", "test.yaml");
    CHECK(root.path().empty());
    CHECK(root.at("timeline").path() == "timeline");
    CHECK(root.at("timeline").at("phases").items()[0].at("name").path() == "timeline.phases[0].name");
}

TEST_CASE("mapping keys keep the order of the file", "[yaml_source]") {
    const auto root = parse_yaml("zeta: 1\nalpha: 2\nmid: 3\n", "test.yaml");
    REQUIRE(root.size() == 3);
    CHECK(root.entries()[0].key == "zeta");
    CHECK(root.entries()[1].key == "alpha");
    CHECK(root.entries()[2].key == "mid");
}

TEST_CASE("~, null and an empty value become null nodes, quoted 'null' stays text", "[yaml_source]") {
    const auto root = parse_yaml("a: ~\nb: null\nc:\nd: 'null'\ne: NULL\nf: nullish\n", "test.yaml");
    CHECK(root.at("a").is_null());
    CHECK(root.at("b").is_null());
    CHECK(root.at("c").is_null());
    CHECK(root.at("e").is_null());
    REQUIRE(root.at("d").is_scalar());
    CHECK(root.at("d").text() == "null");
    CHECK(root.at("f").text() == "nullish");
    check_mark(root.at("a").mark(), 1, 4);
    check_mark(root.at("b").mark(), 2, 4);
}

TEST_CASE("an empty value is marked at its key, not at the line after it", "[yaml_source]") {
    // yaml-cpp marks the empty value at the next token ("c" on line 4).
    const auto root = parse_yaml("a: 1\nb:\n\nc: 2\n", "test.yaml");
    REQUIRE(root.at("b").is_null());
    check_mark(root.at("b").mark(), 2, 1);

    const auto at_end = parse_yaml("a: 1\nlast:\n", "test.yaml");
    check_mark(at_end.at("last").mark(), 2, 1);
}

TEST_CASE("an empty list item is marked at its '-'", "[yaml_source]") {
    const auto root = parse_yaml("items:\n  - one\n  -   # nothing here\n\n  - three\n", "test.yaml");
    const auto& items = root.at("items");
    REQUIRE(items.size() == 3);
    REQUIRE(items.items()[1].is_null());
    check_mark(items.items()[1].mark(), 3, 3);
}

TEST_CASE("an empty file or a file of comments is a null root", "[yaml_source]") {
    const auto empty = parse_yaml("", "test.yaml");
    CHECK(empty.is_null());
    check_mark(empty.mark(), 1, 1);
    CHECK(parse_yaml("# nothing yet\n", "test.yaml").is_null());
}

TEST_CASE("block scalars keep their text", "[yaml_source]") {
    const auto root = parse_yaml("literal: |\n  line one\n  line two\nfolded: >\n  one\n  two\n", "test.yaml");
    CHECK(root.at("literal").text() == "line one\nline two\n");
    CHECK(root.at("folded").text() == "one two\n");
}

TEST_CASE("a syntax error names file, line and column and says what is wrong", "[yaml_source]") {
    SECTION("an unclosed flow list") {
        const auto e = parse_error("a: [1, 2\nb: 3\n");
        check_mark(e.mark(), 2, 2);
        CHECK_THAT(e.message(), Catch::Contains("YAML syntax error") && Catch::Contains("missing ']'"));
        CHECK_THAT(e.what(), Catch::StartsWith("test.yaml:2:2: YAML syntax error"));
    }
    SECTION("a value with ': ' that needs quotes") {
        const auto e = parse_error("title: Mentoring: the basics\n");
        check_mark(e.mark(), 1, 17);
        CHECK_THAT(e.message(), Catch::Contains("unexpected ':'") && Catch::Contains("quotes"));
    }
    SECTION("a key indented less than its siblings") {
        const auto e = parse_error("a:\n  b: 1\n c: 2\n");
        check_mark(e.mark(), 3, 2);
        CHECK_THAT(e.message(), Catch::Contains("indentation"));
    }
    SECTION("a missing closing quote") {
        // yaml-cpp itself accepts this when the file ends with a line break.
        const auto e = parse_error("name: \"Engineering\nid: eng-2027\n");
        check_mark(e.mark(), 1, 7);
        CHECK_THAT(e.message(), Catch::Contains("closing quote is missing"));
    }
    SECTION("a tab used for indentation") {
        const auto e = parse_error("a: 1\n\tb: 2\n");
        check_mark(e.mark(), 2, 1);
        CHECK_THAT(e.message(), Catch::Contains("tab") && Catch::Contains("spaces"));
    }
    SECTION("a tab before a key where yaml-cpp sees an unexpected ':'") {
        const auto e = parse_error("timeline:\n\tstart: 2027-01-11\n");
        check_mark(e.mark(), 2, 1);
        CHECK(e.message() == "YAML syntax error: a tab is used for indentation; YAML indents with spaces only");
    }
    SECTION("a tab after spaces before a list item") {
        const auto e = parse_error("items:\n  \t- one\n");
        check_mark(e.mark(), 2, 3);
        CHECK_THAT(e.message(), Catch::Contains("a tab is used for indentation"));
    }
    SECTION("an unknown escape keeps yaml-cpp's detail") {
        const auto e = parse_error("path: \"C:\\q\"\n");
        check_mark(e.mark(), 1, 12);  // yaml-cpp points just after the escape
        CHECK_THAT(e.message(), Catch::Contains("escape") && Catch::Contains("(found: q)"));
    }
    SECTION("an alias without its anchor") {
        const auto e = parse_error("a: *nowhere\n");
        check_mark(e.mark(), 1, 4);
        CHECK_THAT(e.message(), Catch::Contains("anchor"));
    }
}

TEST_CASE("quoted texts may contain escaped quotes", "[yaml_source]") {
    const auto root = parse_yaml("a: \"say \\\"hi\\\"\"\nb: 'it''s'\n", "test.yaml");
    CHECK(root.at("a").text() == "say \"hi\"");
    CHECK(root.at("b").text() == "it's");
    const auto e = parse_error("a: 'it''s\n");
    check_mark(e.mark(), 1, 4);
}

TEST_CASE("a duplicate key is an error at the second key that names the line of the first", "[yaml_source]") {
    const auto e = parse_error("id: a\nname: x\nid: b\n");
    check_mark(e.mark(), 3, 1);
    CHECK(e.message() == "duplicate key 'id' (first at line 1)");
    CHECK(std::string{e.what()} == "test.yaml:3:1: duplicate key 'id' (first at line 1)");
}

TEST_CASE("a duplicate key in a nested or flow mapping is found too", "[yaml_source]") {
    const auto nested = parse_error("timeline:\n  start: 2027-01-11\n  duration: 6 months\n  start: 2027-02-01\n");
    check_mark(nested.mark(), 4, 3);
    CHECK(nested.message() == "duplicate key 'start' (first at line 2)");

    const auto flow = parse_error("weights: {skills: high, skills: low}\n");
    check_mark(flow.mark(), 1, 25);
    CHECK(flow.message() == "duplicate key 'skills' (first at line 1)");
}

TEST_CASE("every duplicate key is reported, each at its key, not only the first", "[yaml_source]") {
    try {
        parse_yaml("id: a\nname: x\nid: b\ntimeline:\n  start: 1\n  start: 2\nname: y\n", "test.yaml");
        FAIL("no error");
    } catch (const yaml_error& e) {
        REQUIRE(e.errors().size() == 3);
        check_mark(e.errors()[0].mark(), 3, 1);
        CHECK(e.errors()[0].message() == "duplicate key 'id' (first at line 1)");
        check_mark(e.errors()[1].mark(), 6, 3);
        CHECK(e.errors()[1].message() == "duplicate key 'start' (first at line 5)");
        check_mark(e.errors()[2].mark(), 7, 1);
        CHECK(e.errors()[2].message() == "duplicate key 'name' (first at line 2)");
        // Whoever catches it as one config_error still reads them all, one a line.
        CHECK(std::string{e.what()} ==
              "test.yaml:3:1: duplicate key 'id' (first at line 1)\n"
              "test.yaml:6:3: duplicate key 'start' (first at line 5)\n"
              "test.yaml:7:1: duplicate key 'name' (first at line 2)");
    }
}

TEST_CASE("a duplicate key reached twice through an alias is reported once", "[yaml_source]") {
    try {
        parse_yaml("base: &b {x: 1, x: 2}\nother: *b\n", "test.yaml");
        FAIL("no error");
    } catch (const yaml_error& e) {
        REQUIRE(e.errors().size() == 1);
        check_mark(e.mark(), 1, 17);
    }
}

TEST_CASE("the same key in different mappings is not a duplicate", "[yaml_source]") {
    CHECK_NOTHROW(parse_yaml("a: {name: x}\nb: {name: y}\n", "test.yaml"));
}

TEST_CASE("a list or mapping used as a key is an error", "[yaml_source]") {
    const auto e = parse_error("? [a, b]\n: 1\n");
    CHECK(e.mark().line == 1);
    CHECK_THAT(e.message(), Catch::Contains("mapping key must be a single word"));
}

TEST_CASE("aliases resolve to a copy of the anchored value", "[yaml_source]") {
    const auto root = parse_yaml("base: &b {capacity: 2}\nother: *b\n", "test.yaml");
    REQUIRE(root.at("other").is_map());
    CHECK(root.at("other").at("capacity").text() == "2");
    CHECK(root.at("other").at("capacity").path() == "other.capacity");
}

TEST_CASE("an alias that contains itself is an error, not a crash", "[yaml_source]") {
    const auto e = parse_error("&a [*a]\n");
    CHECK_THAT(e.message(), Catch::Contains("nested more than"));
}

TEST_CASE("aliases that expand past the size limit are an error, however few values they make", "[yaml_source]") {
    // 100 KB of text that would expand to 30 MB: the values are few, the bytes are many.
    std::string text = "long: &long " + std::string(100'000, 'x') + "\nmany: [";
    for (int i = 0; i < 300; ++i) text += i == 0 ? "*long" : ", *long";
    text += "]\n";
    const auto e = parse_error(text);
    CHECK(e.mark().line == 1);  // an alias is marked where its anchored value is written
    CHECK_THAT(e.message(), Catch::StartsWith("the document expands to more than 4 MiB of values once its aliases"));

    // The limit is the caller's: the same text fits in a larger one.
    CHECK(parse_yaml(text, "test.yaml", 64 * mentorkit::detail::mebibyte).at("many").size() == 300);
}

TEST_CASE("the size limit counts the text of keys and values", "[yaml_source]") {
    const std::string text = "abc: defg\n";  // 7 bytes of keys and values
    CHECK(parse_yaml(text, "test.yaml", 7).at("abc").text() == "defg");
    const auto over = [&] {
        try {
            parse_yaml(text, "test.yaml", 6);
        } catch (const config_error& e) {
            return std::string{e.message()};
        }
        return std::string{"no error"};
    }();
    CHECK_THAT(over, Catch::StartsWith("the document expands to more than 6 bytes"));
}

TEST_CASE("values may nest 64 levels deep and no deeper", "[yaml_source]") {
    const auto nested = [](int depth) { return std::string(depth, '[') + std::string(depth, ']') + "\n"; };
    CHECK_NOTHROW(parse_yaml(nested(64), "test.yaml"));
    const auto e = parse_error(nested(65));
    CHECK(e.mark().line == 1);
    CHECK(e.message() == "values nested more than 64 levels deep (does an alias (*name) refer to its own anchor?)");
}

TEST_CASE("a document nested 100,000 deep is an error, not a stack overflow", "[yaml_source]") {
    const auto e = parse_error(std::string(100'000, '[') + std::string(100'000, ']') + "\n");
    CHECK_THAT(e.message(), Catch::StartsWith("values nested more than 64 levels deep"));
    const auto block = [] {
        std::string text;
        for (int i = 0; i < 2'500; ++i) text += std::string(static_cast<std::size_t>(i), ' ') + "- \n";
        return text;
    }();
    CHECK_THAT(parse_error(block).message(), Catch::StartsWith("values nested more than 64 levels deep"));
}

TEST_CASE("text that is not UTF-8 is an error at its line and column", "[yaml_source]") {
    SECTION("a Latin-1 name") {
        const auto e = parse_error(
            "people:\n  - name: Jos\xE9 Garc\xED"
            "a\n");
        check_mark(e.mark(), 2, 14);
        CHECK_THAT(e.message(), Catch::StartsWith("not valid UTF-8 (byte 0xE9)") && Catch::Contains("Latin-1"));
    }
    SECTION("a file saved as UTF-16") {
        const auto e = parse_error(std::string{"\xFF\xFEi\0d\0:\0 \0x\0", 12});
        CHECK_THAT(e.message(), Catch::Contains("UTF-16"));
    }
}

TEST_CASE("a yaml-cpp message without a readable wording is not shown as yaml-cpp writes it", "[yaml_source]") {
    const auto e = parse_error("%YAML 2.0\n---\na: 1\n");
    CHECK(e.mark().line == 1);
    CHECK(e.message() == "YAML syntax error: the %YAML directive names a YAML version this reader does not know");
    const auto escaped = parse_error("a: \"\\\x1b\"\n");
    CHECK_THAT(escaped.message(), Catch::Contains("(found: \\x1B)"));
}

TEST_CASE("a file larger than the limit given is refused before it is parsed", "[yaml_source]") {
    temp_folder folder;
    const auto file = folder.write("big.yaml", "a: " + std::string(200, 'x') + "\n");
    try {
        load_yaml_file(file, 100, "a test file");
        FAIL("no error");
    } catch (const config_error& e) {
        CHECK(e.mark().file == file.string());
        CHECK_THAT(e.message(), Catch::Contains("a test file may be at most"));
    }
}

TEST_CASE("a second document in the file is an error", "[yaml_source]") {
    const auto e = parse_error("a: 1\n---\nb: 2\n");
    CHECK(e.mark().line == 2);  // at its '---'
    CHECK_THAT(e.message(), Catch::Contains("second YAML document"));
}

TEST_CASE("a NUL written as an escape in a quoted text is an error where it is, not a value cut short",
          "[yaml_source]") {
    const auto value = parse_error("people:\n  - email: \"a@x.org\\0evil\"\n");
    CHECK(value.mark().line == 2);
    CHECK(value.message() == "a NUL character (\\0) is not allowed in a value");
    CHECK(parse_error("\"id\\0\": 1\n").message() == "a NUL character (\\0) is not allowed in a key");
}

TEST_CASE("a text that starts with a stray flow indicator ends (yaml-cpp's LoadAll loops on it forever)",
          "[yaml_source]") {
    for (const char* text : {",", ",\n", "]", "}\na: 1\n"}) {
        INFO(text);
        // An empty document or an error are both fine; never returning is not.
        const auto outcome = [&] {
            try {
                return parse_yaml(text, "stray.yaml").is_null() ? std::string{"empty"} : std::string{"a value"};
            } catch (const config_error& e) {
                return "an error in " + e.mark().file;
            }
        }();
        CHECK((outcome == "empty" || outcome == "an error in stray.yaml"));
    }
}

TEST_CASE("a file is read with its path in every mark", "[yaml_source]") {
    temp_folder folder;
    const auto file = folder.write("kernel.yaml", "log_level: info\n");
    const auto root = load_yaml_file(file);
    CHECK(root.at("log_level").mark().file == file.string());
    CHECK(root.at("log_level").mark().line == 1);
    CHECK(root.at("log_level").mark().column == 12);
}

TEST_CASE("Windows line endings and a byte order mark do not change the marks", "[yaml_source]") {
    const auto crlf = parse_yaml("a: 1\r\nb:\r\nc: ~\r\n", "test.yaml");
    check_mark(crlf.at("b").mark(), 2, 1);
    check_mark(crlf.at("c").mark(), 3, 4);
    CHECK(crlf.at("a").text() == "1");

    const auto bom = parse_yaml(
        "\xEF\xBB\xBF"
        "a: 1\nb: ~\n",
        "test.yaml");
    CHECK(bom.at("a").text() == "1");
    CHECK(bom.at("b").is_null());
    CHECK(bom.at("b").mark().line == 2);
}

TEST_CASE("a file that cannot be read is an error naming the file and the reason", "[yaml_source]") {
    temp_folder folder;
    SECTION("it does not exist") {
        const auto missing = folder.path() / "missing.yaml";
        try {
            load_yaml_file(missing);
            FAIL("no error");
        } catch (const config_error& e) {
            CHECK(e.mark().file == missing.string());
            CHECK(e.mark().line == 0);
            CHECK(std::string{e.what()} == missing.string() + ": cannot read the file: No such file or directory");
        }
    }
    SECTION("it is a folder") {
        try {
            load_yaml_file(folder.path());
            FAIL("no error");
        } catch (const config_error& e) {
            CHECK(e.mark().file == folder.path().string());
            CHECK_THAT(e.message(), Catch::Contains("is a folder"));
        }
    }
}

TEST_CASE("a syntax error in a file names that file", "[yaml_source]") {
    temp_folder folder;
    const auto file = folder.write("broken.yaml", "a:\n  - 1\n  b: 2\n");
    try {
        load_yaml_file(file);
        FAIL("no error");
    } catch (const config_error& e) {
        CHECK(e.mark().file == file.string());
        CHECK(e.mark().line == 3);
    }
}
