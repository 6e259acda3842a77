#include "output/output_file.hpp"

#include <catch2/catch.hpp>

#include "temp_folder.hpp"


#include <sys/stat.h>

#include <fstream>
#include <sstream>

using namespace mentorkit;
namespace fs = std::filesystem;

namespace {

std::string read_all(const fs::path& file) {
    std::ifstream in{file, std::ios::binary};
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::size_t entries_in(const fs::path& folder) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator{folder}) ++n;
    return n;
}

}  // namespace

TEST_CASE("an output file replaces its destination whole and leaves nothing else behind", "[output_file]") {
    test_support::temp_folder dir;
    const auto report = dir.write("report.html", "old report");
    write_output_file(report, "new report");
    CHECK(read_all(report) == "new report");
    CHECK(entries_in(dir.path()) == 1);
    write_output_file(dir / "sub/folder/new.csv", "a,b\n");  // folders are made as needed
    CHECK(read_all(dir / "sub/folder/new.csv") == "a,b\n");
}

TEST_CASE("an output file never writes through a symbolic link at its path or at a leftover temporary name",
          "[output_file]") {
    test_support::temp_folder dir;
    const auto precious = dir.write("precious.db", "live data");
    fs::create_symlink(precious, dir / "report.html");
    fs::create_symlink(precious, dir / "report.html.partial");  // what the old writer followed
    write_output_file(dir / "report.html", "the report");
    CHECK(read_all(precious) == "live data");
    CHECK_FALSE(fs::is_symlink(dir / "report.html"));
    CHECK(read_all(dir / "report.html") == "the report");
}

TEST_CASE("an output file keeps the destination's mode, or takes the one the umask gives a new file",
          "[output_file]") {
    test_support::temp_folder dir;
    const auto mine = dir.write("mine.csv", "old");
    fs::permissions(mine, fs::perms::owner_read | fs::perms::owner_write);
    write_output_file(mine, "new");
    CHECK(fs::status(mine).permissions() == (fs::perms::owner_read | fs::perms::owner_write));
    const mode_t before = ::umask(077);
    write_output_file(dir / "private.html", "personal data");
    ::umask(before);
    CHECK(fs::status(dir / "private.html").permissions() == (fs::perms::owner_read | fs::perms::owner_write));
}

TEST_CASE("an output file not committed leaves the destination as it was", "[output_file]") {
    test_support::temp_folder dir;
    const auto matches = dir.write("matches.csv", "previous");
    {
        output_file out{matches};
        out.stream() << "half of a new fi";
    }  // an exception on the way out, say
    CHECK(read_all(matches) == "previous");
    CHECK(entries_in(dir.path()) == 1);
}

TEST_CASE("an output file that cannot be written says which file and why", "[output_file]") {
    test_support::temp_folder dir;
    const auto folder = dir / "a-folder";
    fs::create_directory(folder);
    fs::create_directory(folder / "report.html");  // a folder where the file should go
    try {
        write_output_file(folder / "report.html", "text");
        FAIL("no error");
    } catch (const output_error& e) {
        CHECK(std::string{e.what()} ==
              (folder / "report.html").string() + ": exists and is not a regular file; not replaced");
    }
    CHECK(entries_in(folder) == 1);  // no temporary left
    const auto blocked = dir.write("file-not-folder", "x");
    CHECK_THROWS_AS(write_output_file(blocked / "report.html", "text"), output_error);
}

TEST_CASE("an output file never replaces a device, a pipe or an SQLite database named by mistake",
          "[output_file]") {
    test_support::temp_folder dir;
    const auto store = dir.write("eng.db", std::string{"SQLite format 3\0", 16} + "pages of a store");
    CHECK_THROWS_WITH(write_output_file(store, "<html>"),
                      store.string() + ": is an SQLite database (a program's store?); not replaced");
    CHECK(read_all(store).starts_with("SQLite format 3"));
    REQUIRE(::mkfifo((dir / "pipe").c_str(), 0600) == 0);
    CHECK_THROWS_WITH(write_output_file(dir / "pipe", "x"), Catch::Contains("exists and is not a regular file"));
    CHECK(fs::is_fifo(dir / "pipe"));
    CHECK_THROWS_AS(write_output_file("/dev/null", "x"), output_error);
    CHECK(fs::is_character_file("/dev/null"));
}
