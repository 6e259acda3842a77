#pragma once
/// @file
/// Program time: time points, calendar-aware durations ("2w", "45m", "6 months"), strict
/// ISO dates, and the clock a plugin reads program time from.

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace mentorkit {

/// A point in program time, millisecond resolution, UTC.
using time_point = std::chrono::sys_time<std::chrono::milliseconds>;

/// A length of time as people write it in program definitions. Months and years are
/// calendar units (1 month after 31 January is 28/29 February), so they are kept apart
/// from the exact part instead of being turned into an average number of seconds.
struct duration {
    std::int32_t months = 0;                      //!< whole calendar months (a year is 12)
    std::chrono::milliseconds exact{0};           //!< weeks, days, hours, minutes, seconds

    friend bool operator==(const duration&, const duration&) = default;
    bool is_zero() const { return months == 0 && exact.count() == 0; }
};

/// `t` moved forward by `d`: months first (clamped to the end of a shorter month), then
/// the exact part.
inline time_point operator+(time_point t, const duration& d) {
    using namespace std::chrono;
    if (d.months != 0) {
        const auto day = floor<days>(t);
        const auto time_of_day = t - day;
        year_month_day ymd{day};
        ymd += months{d.months};
        if (!ymd.ok()) ymd = ymd.year() / ymd.month() / last;
        t = time_point{sys_days{ymd}} + time_of_day;
    }
    return t + d.exact;
}

namespace detail {

inline bool is_space(char c) { return c == ' ' || c == '\t'; }

struct unit_entry {
    std::string_view name;
    std::int32_t months;
    std::int64_t milliseconds;
};

// Accepted unit spellings. Lower case only: "M" vs "m" is too easy to get wrong.
inline constexpr unit_entry duration_units[] = {
    {"ms", 0, 1},          {"s", 0, 1000},         {"sec", 0, 1000},       {"second", 0, 1000},
    {"seconds", 0, 1000},  {"m", 0, 60000},        {"min", 0, 60000},      {"minute", 0, 60000},
    {"minutes", 0, 60000}, {"h", 0, 3600000},      {"hour", 0, 3600000},   {"hours", 0, 3600000},
    {"d", 0, 86400000},    {"day", 0, 86400000},   {"days", 0, 86400000},  {"w", 0, 604800000},
    {"week", 0, 604800000}, {"weeks", 0, 604800000}, {"mo", 1, 0},         {"month", 1, 0},
    {"months", 1, 0},      {"y", 12, 0},           {"year", 12, 0},        {"years", 12, 0},
};

}  // namespace detail

/// What a duration may look like, for error messages.
inline constexpr std::string_view duration_syntax =
    "a duration such as '45m', '2w', '6 months' or '1h 30m' (units: ms, s, m, h, d, w, mo, y)";

/// Parses a duration strictly: one or more `<integer><unit>` parts separated by optional
/// spaces, e.g. "2w", "45m", "6 months", "1h 30m". Returns nothing on any other text,
/// including negative amounts, fractions, unknown units and lengths over 10,000 years.
inline std::optional<duration> parse_duration(std::string_view text) {
    duration result;
    std::size_t i = 0;
    bool any = false;
    while (true) {
        while (i < text.size() && detail::is_space(text[i])) ++i;
        if (i == text.size()) break;
        std::int64_t amount = 0;
        const auto [end, ec] = std::from_chars(text.data() + i, text.data() + text.size(), amount);
        if (ec != std::errc{} || end == text.data() + i || text[i] == '-') return std::nullopt;  // "-0d" too
        i = static_cast<std::size_t>(end - text.data());
        while (i < text.size() && detail::is_space(text[i])) ++i;
        const std::size_t unit_start = i;
        while (i < text.size() && text[i] >= 'a' && text[i] <= 'z') ++i;
        const auto unit = text.substr(unit_start, i - unit_start);
        bool known = false;
        for (const auto& u : detail::duration_units) {
            if (u.name == unit) {
                // Nothing in a program lasts 10,000 years: beyond that it is a typo, and
                // refusing it keeps the arithmetic below from overflowing.
                constexpr std::int64_t max_months = 12 * 10000;
                constexpr std::int64_t max_milliseconds = max_months * 31 * 86400000LL;
                if (amount > max_milliseconds / std::max<std::int64_t>(u.milliseconds, 1)) return std::nullopt;
                const std::int64_t months = result.months + amount * u.months;
                const std::int64_t exact = result.exact.count() + amount * u.milliseconds;
                if (months > max_months || exact > max_milliseconds) return std::nullopt;
                result.months = static_cast<std::int32_t>(months);
                result.exact = std::chrono::milliseconds{exact};
                known = true;
                break;
            }
        }
        if (!known) return std::nullopt;
        any = true;
    }
    if (!any) return std::nullopt;
    return result;
}

/// A duration written back in the syntax parse_duration() reads, e.g. "6mo 2w".
inline std::string to_string(const duration& d) {
    std::string out;
    auto part = [&out](std::int64_t amount, std::string_view unit) {
        if (amount == 0) return;
        if (!out.empty()) out += ' ';
        out += std::to_string(amount);
        out += unit;
    };
    part(d.months / 12, "y");
    part(d.months % 12, "mo");
    auto ms = d.exact.count();
    for (auto [unit, size] : {std::pair<std::string_view, std::int64_t>{"w", 604800000},
                              {"d", 86400000}, {"h", 3600000}, {"m", 60000}, {"s", 1000}, {"ms", 1}}) {
        part(ms / size, unit);
        ms %= size;
    }
    return out.empty() ? "0s" : out;
}

/// What a date may look like, for error messages.
inline constexpr std::string_view date_syntax =
    "a date as YYYY-MM-DD, or a UTC time as YYYY-MM-DDTHH:MM[:SS][Z]";

/// Parses an ISO 8601 calendar date ("2027-01-11") or UTC date-time
/// ("2027-01-11T09:30", "2027-01-11T09:30:00Z") strictly: fixed widths, a real calendar
/// day (no 30 February), hours < 24. Returns nothing otherwise.
inline std::optional<time_point> parse_date(std::string_view text) {
    auto number = [&text](std::size_t pos, std::size_t len, int& out) {
        if (pos + len > text.size()) return false;
        out = 0;
        for (std::size_t k = pos; k < pos + len; ++k) {
            if (text[k] < '0' || text[k] > '9') return false;
            out = out * 10 + (text[k] - '0');
        }
        return true;
    };
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (text.size() < 10 || !number(0, 4, y) || text[4] != '-' || !number(5, 2, mo) ||
        text[7] != '-' || !number(8, 2, d))
        return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(mo)},
                                          std::chrono::day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return std::nullopt;
    std::size_t i = 10;
    if (i < text.size()) {
        if (text[i] != 'T' || !number(i + 1, 2, h) || text.size() < i + 6 || text[i + 3] != ':' ||
            !number(i + 4, 2, mi))
            return std::nullopt;
        i += 6;
        if (i < text.size() && text[i] == ':') {
            if (!number(i + 1, 2, s)) return std::nullopt;
            i += 3;
        }
        if (i < text.size() && text[i] == 'Z') ++i;
        if (i != text.size() || h > 23 || mi > 59 || s > 59) return std::nullopt;
    }
    using namespace std::chrono;
    return time_point{sys_days{ymd}} + hours{h} + minutes{mi} + seconds{s};
}

/// ISO 8601 text of a time point: "2027-01-11" at midnight, else "2027-01-11T09:30:00Z".
inline std::string format_date(time_point t) {
    using namespace std::chrono;
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss<milliseconds> tod{t - day};
    char buffer[32];
    int n = std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                          static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    if (t != day)
        std::snprintf(buffer + n, sizeof buffer - static_cast<std::size_t>(n), "T%02d:%02d:%02dZ",
                      static_cast<int>(tod.hours().count()), static_cast<int>(tod.minutes().count()),
                      static_cast<int>(tod.seconds().count()));
    return buffer;
}

/// The source of program time. In a normal run it follows the wall clock; in tests and
/// rehearsals it is simulated and moves only when told.
/// Thread-safe: now() may be called from any thread.
class clock {
public:
    virtual ~clock() = default;
    /// The current program time.
    virtual time_point now() const = 0;
};

/// Wall-clock program time, for normal runs.
class system_clock final : public clock {
public:
    time_point now() const override {
        return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    }
};

/// Program time that moves only when told: tests, rehearsals, deterministic runs.
class simulated_clock final : public clock {
public:
    explicit simulated_clock(time_point start = {}) : now_(start.time_since_epoch().count()) {}
    time_point now() const override { return time_point{std::chrono::milliseconds{now_.load()}}; }
    /// Jumps to `t` (which may be earlier: a rehearsal can be rewound).
    void set(time_point t) { now_.store(t.time_since_epoch().count()); }
    /// Moves forward by `d`.
    void advance(const duration& d) { set(now() + d); }

private:
    std::atomic<std::int64_t> now_;
};

}  // namespace mentorkit
