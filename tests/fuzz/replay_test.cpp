// Every seed and every reproducer the fuzzers found (once fixed) goes through the same
// readers in the ordinary g++ build, so `make test` keeps the findings fixed without clang.
#include "fuzz_inputs.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace fs = std::filesystem;
using namespace mentorkit::fuzz;

namespace {

const fs::path fuzz_dir = fs::path{MENTORKIT_SOURCE_DIR} / "tests" / "fuzz";

std::string contents(const fs::path& file) {
    std::ifstream in{file, std::ios::binary};
    return {std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

}  // namespace

TEST_CASE("every seed and every fixed finding is read or refused with a located error", "[fuzz]") {
    for (const char* kind : {"corpus", "regressions"}) {
        if (!fs::exists(fuzz_dir / kind)) continue;
        for (const auto& folder : fs::directory_iterator{fuzz_dir / kind}) {
            const auto* input = find_input(folder.path().filename().string());
            INFO(folder.path().string());
            REQUIRE(input);  // a folder named after no reader would never be replayed
            for (const auto& file : fs::directory_iterator{folder.path()}) {
                INFO(file.path().string());
                // The finding, if any, is the escaped exception's type and text.
                CHECK(feed(*input, contents(file.path())).value_or("") == "");
            }
        }
    }
    // Each reader has seeds, so an emptied or moved corpus cannot pass unnoticed.
    for (const auto& input : all_inputs()) {
        INFO(input.name);
        CHECK_FALSE(fs::is_empty(fuzz_dir / "corpus" / input.name));
    }
}
