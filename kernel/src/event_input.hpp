#pragma once
// Events read from a JSON Lines file: one {"topic", "payload", "time"} object per line.
// `mentorkit run --input` publishes them; the whole file is checked before any is published.

#include <mentorkit/event.hpp>

#include <filesystem>
#include <vector>

namespace mentorkit {

/// An event read from a file, with the line it was on (for later errors).
struct input_event {
    event ev;
    int line = 0;
};

/// Reads every event of a JSON Lines file. Blank lines are skipped. Throws config_error
/// naming file, line and column for malformed JSON, a missing or malformed topic, a payload
/// that is not an object, a bad time, an unknown key, or times that go backwards.
/// Events without a time get time_point{} (the bus stamps them on publish).
std::vector<input_event> read_event_lines(const std::filesystem::path& file);

}  // namespace mentorkit
