#pragma once
// Events read from a JSON Lines file: one {"topic", "payload", "time"} object per line.
// `mentorkit run --input` publishes them; the whole file is checked before any is published.

#include <mentorkit/event.hpp>
#include <mentorkit/time.hpp>

#include <filesystem>
#include <optional>
#include <string_view>
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

/// Topics only mentorkit publishes about a program's own life (program.*, plugin.*,
/// timer.failed). Every module believes them, so no input file may claim one.
bool is_lifecycle_topic(std::string_view topic);

/// Where a program stands in its timeline, for the input it is given.
struct program_window {
    time_point start;  //!< the program's start
    time_point now;    //!< its time: the latest journaled event's or the start, or the wall clock's
    time_point end;    //!< its end
};

/// Checks events read from `file` before a program gets them: none claims a lifecycle topic
/// and, when `window` is given, each timed event falls in [now, end) and none without a time
/// would be stamped at or after the end, so input neither runs program time backwards nor
/// moves the program past its end. Throws error_list naming every line at fault.
void check_scripted_events(const std::vector<input_event>& events, const std::filesystem::path& file,
                           const std::optional<program_window>& window);

}  // namespace mentorkit
