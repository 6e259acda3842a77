#include "input_checks.hpp"

#include <catch2/catch.hpp>

#include "temp_folder.hpp"

#include <string>

using namespace mentorkit;
using namespace mentorkit::detail;

namespace {

std::string utf8_error(std::string_view text, int first_line = 1) {
    try {
        require_utf8(text, "f.csv", first_line);
    } catch (const config_error& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("well-formed UTF-8 passes, whatever the script", "[input_checks]") {
    CHECK_FALSE(find_invalid_utf8(""));
    CHECK_FALSE(find_invalid_utf8("plain ASCII, longer than eight bytes"));
    CHECK_FALSE(find_invalid_utf8("Zoë Ångström, Łódź, Ελληνικά, 日本語, 🙂 and the last one: \xF4\x8F\xBF\xBF"));
    CHECK_FALSE(find_invalid_utf8("\xEF\xBB\xBFwith a byte order mark"));
}

TEST_CASE("a byte that is not UTF-8 is found at its offset", "[input_checks]") {
    CHECK(find_invalid_utf8("caf\xE9") == 3u);                      // Latin-1 é
    CHECK(find_invalid_utf8("0123456789abc\x80") == 13u);            // a lone continuation byte after a long ASCII run
    CHECK(find_invalid_utf8("ab\xC3") == 2u);                        // cut short at the end
    CHECK(find_invalid_utf8("\xC0\xAF") == 0u);                      // overlong '/'
    CHECK(find_invalid_utf8("\xE0\x80\xAF") == 0u);                  // overlong, three bytes
    CHECK(find_invalid_utf8("\xED\xA0\x80") == 0u);                  // a surrogate
    CHECK(find_invalid_utf8("\xF4\x90\x80\x80") == 0u);              // past U+10FFFF
    CHECK(find_invalid_utf8("\xF5\x80\x80\x80") == 0u);
    CHECK(find_invalid_utf8(std::string_view{"name\0@x.org", 11}) == 4u);  // NUL inside an eight-byte run
}

TEST_CASE("require_utf8 names line and column in characters, and the encoding a file was saved in",
          "[input_checks]") {
    CHECK(utf8_error("id,name\nE1,Zoë Mart\xEDnez\n") ==
          "f.csv:2:12: not valid UTF-8 (byte 0xED); save the file as UTF-8 (it may be Latin-1 or Windows-1252)");
    CHECK(utf8_error("x\xFF", 7) == "f.csv:7:2: not valid UTF-8 (byte 0xFF); save the file as UTF-8 (it may be "
                                    "Latin-1 or Windows-1252)");
    CHECK(utf8_error(std::string_view{"a\0b", 3}).find("f.csv:1:2: a NUL byte (0x00) is not allowed") == 0);
    CHECK(utf8_error("\xFF\xFEi\0d\0") == "f.csv:1:1: the text is encoded as UTF-16; save it as UTF-8");
    CHECK(utf8_error(std::string_view{"i\0d\0", 4}) == "f.csv:1:1: the text is encoded as UTF-16 or UTF-32; save it "
                                                        "as UTF-8");
    CHECK(utf8_error("fine, 👍") == "no error");
}

TEST_CASE("read_text_file refuses folders, devices, files over the limit and text that is not UTF-8",
          "[input_checks]") {
    test_support::temp_folder dir;
    auto error = [](const std::filesystem::path& file, std::size_t limit) {
        try {
            read_text_file(file, limit, "a test file");
        } catch (const config_error& e) {
            return std::string{e.what()};
        }
        return std::string{"no error"};
    };
    const auto good = dir.write("good.txt", "héllo");
    CHECK(read_text_file(good, 100, "a test file") == "héllo");
    CHECK(error(dir.path(), 100) == dir.path().string() + ": is a folder, not a file");
    CHECK(error("/dev/zero", 100) == "/dev/zero: is not a regular file");
    CHECK(error(dir / "missing.txt", 100) == (dir / "missing.txt").string() + ": cannot read the file: No such file or directory");
    const auto big = dir.write("big.txt", std::string(3 * mebibyte, 'x'));
    CHECK(error(big, 2 * mebibyte) == big.string() + ": is 3.0 MiB; a test file may be at most 2.0 MiB");
    const auto latin1 = dir.write("latin1.txt", "line one\nna\xEFve\n");
    CHECK_THAT(error(latin1, 100), Catch::StartsWith(latin1.string() + ":2:3: not valid UTF-8 (byte 0xEF)"));
}

TEST_CASE("JSON nesting past the limit is found where it starts, brackets in strings do not count",
          "[input_checks]") {
    CHECK_FALSE(find_excess_json_nesting(R"({"a": [{"b": [1, 2]}]})", 4));
    CHECK(find_excess_json_nesting(R"({"a": [{"b": [1, 2]}]})", 3) == 13u);
    CHECK_FALSE(find_excess_json_nesting(R"({"text": "[[[[[[{{{{ \" [[["})", 1));
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    CHECK(find_excess_json_nesting(deep) == max_nesting_depth);
    CHECK_FALSE(find_excess_json_nesting(std::string(64, '[') + std::string(64, ']')));
}

TEST_CASE("printable shows control characters as escapes and keeps UTF-8 text", "[input_checks]") {
    CHECK(printable("\x1B[2J\x1B[31mred") == "\\x1B[2J\\x1B[31mred");
    CHECK(printable("a\rb\x7F") == "a\\x0Db\\x7F");
    CHECK(printable("\xC2\x9B" "31m") == "\\x9B31m");  // CSI as a C1 control
    CHECK(printable("Zoë\tÅ\n") == "Zoë\tÅ\n");
    CHECK(printable("\x9B" "31mJos\xE9") == "\\x9B31mJos\\xE9");  // bytes that are not UTF-8
    CHECK(printable("end\xC3") == "end\\xC3");
}

TEST_CASE("a plugin id, and so a module's name, is a lower-case letter then letters, digits and _", "[input_checks]") {
    for (const char* id : {"relationship", "survey_environment", "a", "teach2"}) {
        INFO(id);
        CHECK(is_plugin_id(id));
    }
    for (const char* id : {"", "Relationship", "2teach", "_teach", "survey-environment", "teach.v2", "c\xC3\xA9"}) {
        INFO(id);
        CHECK_FALSE(is_plugin_id(id));
    }
}
