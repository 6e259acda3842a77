#pragma once
// The readers a person's files reach, each fed raw bytes the way the CLI feeds them: as a
// file. The libFuzzer targets (fuzz_target.cpp, built with clang in build-fuzz/) and the
// replay test of the ordinary suite (replay_test.cpp, built with g++) share this, so a
// reproducer found by the fuzzer fails the ordinary suite the same way.

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace mentorkit::fuzz {

/// One reader under fuzzing; `name` is its corpus folder under tests/fuzz/corpus/ and
/// tests/fuzz/regressions/.
struct fuzz_input {
    std::string_view name;
    std::string_view file_name;  //!< the extension chooses the format for most readers
    void (*read)(const std::string& file);
};

/// Every reader under fuzzing.
std::span<const fuzz_input> all_inputs();

/// The reader called `name`, or nullptr.
const fuzz_input* find_input(std::string_view name);

/// Writes `bytes` to a file of a private temporary folder and reads it with `input`. Nothing
/// when the reader accepts the file or rejects it with an error of the kinds a user is shown
/// located messages for (config_error, program_error, import_error, ingest_error); otherwise
/// the finding: the type and text of the exception that escaped. Crashes, sanitizer reports
/// and runaways are the fuzzer's to catch.
std::optional<std::string> feed(const fuzz_input& input, std::string_view bytes);

}  // namespace mentorkit::fuzz
