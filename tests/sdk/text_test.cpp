#include <mentorkit/text.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace mentorkit;

TEST_CASE("trim drops white space at both ends only", "[text]") {
    CHECK(trim("  public speaking \t\r\n") == "public speaking");
    CHECK(trim("a  b") == "a  b");
    CHECK(trim(" \t\n\v\f\r ").empty());
    CHECK(trim("").empty());
}

TEST_CASE("to_lower changes ASCII letters and keeps UTF-8 bytes as written", "[text]") {
    CHECK(to_lower("Public Speaking-101") == "public speaking-101");
    CHECK(to_lower("ZOË") == "zoË");
}

TEST_CASE("collapse_spaces trims and makes every run of white space one space, keeping case", "[text]") {
    CHECK(collapse_spaces("  Calm \t under\n\npressure ") == "Calm under pressure");
    CHECK(collapse_spaces("one") == "one");
    CHECK(collapse_spaces("   ").empty());
}

TEST_CASE("normalise_name is the form names are compared in: trimmed, single spaces, lower case", "[text]") {
    CHECK(normalise_name("  Public   Speaking ") == "public speaking");
    CHECK(normalise_name("Work-Life Balance") == "work-life balance");  // '-' and '_' are part of the name
    CHECK(normalise_name("data_science") == "data_science");
    CHECK(normalise_name(" \t").empty());
}

TEST_CASE("word bytes are letters, digits, '_' and UTF-8 sequences", "[text]") {
    CHECK(is_word_byte('a'));
    CHECK(is_word_byte('Z'));
    CHECK(is_word_byte('7'));
    CHECK(is_word_byte('_'));
    CHECK(is_word_byte(std::string{"é"}[0]));
    CHECK_FALSE(is_word_byte(' '));
    CHECK_FALSE(is_word_byte('-'));
    CHECK_FALSE(is_word_byte('\''));
    CHECK_FALSE(is_word_byte('.'));
}

TEST_CASE("contains_words finds a phrase only as whole words", "[text]") {
    CHECK(contains_words("i have no time.", "no time"));
    CHECK(contains_words("no time", "no time"));
    CHECK_FALSE(contains_words("no timeline", "no time"));
    CHECK_FALSE(contains_words("piano time", "no time"));
    CHECK(contains_words("a piano, no time, again", "no time"));  // a later occurrence counts
    CHECK_FALSE(contains_words("latest", "test"));
    CHECK_FALSE(contains_words("test_plan", "test"));  // '_' joins words
    CHECK_FALSE(contains_words("testé", "test"));      // so does a UTF-8 letter
    CHECK_FALSE(contains_words("anything", ""));
    CHECK_FALSE(contains_words("No Time", "no time"));  // case counts: normalise both first
}

TEST_CASE("contains_words needs no boundary next to a phrase edge that is not a word byte", "[text]") {
    CHECK(contains_words("c++x", "c++"));
    CHECK(contains_words("x-ray", "-ray"));
    CHECK_FALSE(contains_words("xc++", "c++"));
}

TEST_CASE("contains_words with plural_s also finds the phrase followed by one 's'", "[text]") {
    CHECK(contains_words("write tests first", "test", word_match::plural_s));
    CHECK(contains_words("tests", "test", word_match::plural_s));
    CHECK(contains_words("a test strategy", "test", word_match::plural_s));
    CHECK_FALSE(contains_words("testss", "test", word_match::plural_s));
    CHECK_FALSE(contains_words("testing", "test", word_match::plural_s));
    CHECK_FALSE(contains_words("tests", "test"));
}

TEST_CASE("join_words lists items in prose", "[text]") {
    using list = std::vector<std::string>;
    CHECK(join_words({}).empty());
    CHECK(join_words({"a"}) == "a");
    CHECK(join_words({"a", "b"}) == "a and b");
    CHECK(join_words({"a", "b", "c"}) == "a, b and c");
    CHECK(join_words(list{"a", "b", "c"}, " or ") == "a, b or c");
    CHECK(join_words(list{"1", "2", "3"}, ", ") == "1, 2, 3");
}

TEST_CASE("capitalised upper-cases the first letter only", "[text]") {
    CHECK(capitalised("integrity") == "Integrity");
    CHECK(capitalised("calm under pressure") == "Calm under pressure");
    CHECK(capitalised("").empty());
    CHECK(capitalised("3 goals") == "3 goals");
    CHECK(capitalised("Already") == "Already");
}
