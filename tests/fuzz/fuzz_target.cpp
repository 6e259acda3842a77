// One libFuzzer target per reader: MENTORKIT_FUZZ_INPUT names it (see fuzz_inputs.cpp).
#include "fuzz_inputs.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto* input = mentorkit::fuzz::find_input(MENTORKIT_FUZZ_INPUT);
    if (!input) std::abort();
    const std::string_view bytes{reinterpret_cast<const char*>(data), size};
    if (const auto finding = mentorkit::fuzz::feed(*input, bytes)) {
        // An exception a user would see raw is a finding like a crash: abort so that
        // libFuzzer saves the input.
        std::fprintf(stderr, "undocumented exception from %s: %s\n", MENTORKIT_FUZZ_INPUT, finding->c_str());
        std::abort();
    }
    return 0;
}
