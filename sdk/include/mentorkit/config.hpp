#pragma once
/// @file
/// Configuration as a plugin receives it: a tree of values that remembers where in which
/// file each value was written, so that every error can name file, line and column.

#include <mentorkit/export.hpp>
#include <mentorkit/time.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <initializer_list>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace mentorkit {

/// Where a value was written: file, 1-based line and column. Line 0 means "not from a file".
struct source_mark {
    std::string file;
    int line = 0;
    int column = 0;

    /// "file:line:column", or just the file when there is no position.
    std::string to_string() const {
        if (line <= 0) return file.empty() ? std::string{"<input>"} : file;
        return file + ":" + std::to_string(line) + ":" + std::to_string(column);
    }
};

/// A configuration value that is missing, of the wrong type or out of range.
/// what() is "file:line:column: message", the form editors and CI logs link to.
class MENTORKIT_API config_error : public std::runtime_error {
public:
    config_error(source_mark mark, const std::string& message)
        : std::runtime_error(mark.to_string() + ": " + message), mark_(std::move(mark)), message_(message) {}

    /// Where the offending value is.
    const source_mark& mark() const noexcept { return mark_; }
    /// The message without the location.
    const std::string& message() const noexcept { return message_; }

private:
    source_mark mark_;
    std::string message_;
};

/// The closest of `candidates` to `word`, if close enough to be a likely misspelling: a
/// candidate equal but for letter case, else the nearest by edit distance (insertions,
/// deletions, substitutions and swaps of neighbours) within a third of the word's length
/// (at least 1); empty otherwise.
inline std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
    auto lower = [](std::string_view text) {
        std::string out{text};
        for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return out;
    };
    for (const auto& candidate : candidates)
        if (candidate != word && lower(candidate) == lower(word)) return candidate;
    auto distance = [](std::string_view a, std::string_view b) {
        // Optimal string alignment: three rows of the Damerau-Levenshtein table.
        std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
        for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
        for (std::size_t i = 1; i <= a.size(); ++i) {
            current[0] = i;
            for (std::size_t j = 1; j <= b.size(); ++j) {
                const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    current[j] = std::min(current[j], before[j - 2] + 1);
            }
            before.swap(previous);
            previous.swap(current);
        }
        return previous[b.size()];
    };
    std::string best;
    std::size_t best_distance = std::max<std::size_t>(1, word.size() / 3) + 1;
    for (const auto& candidate : candidates) {
        const auto d = distance(word, candidate);
        if (d < best_distance) {
            best_distance = d;
            best = candidate;
        }
    }
    return best;
}

class config_node;

/// One `key: value` of a mapping, in file order.
struct config_entry;

/// A node of a configuration tree: null, a scalar (kept as the text written), a sequence
/// or a mapping. Immutable once built; cheap to copy is not a goal, so pass by reference.
/// Every accessor that fails throws config_error pointing at this node.
class config_node {
public:
    enum class kind { null, scalar, sequence, map };

    config_node() = default;
    static config_node null(source_mark mark);
    static config_node scalar(std::string text, source_mark mark);
    static config_node sequence(source_mark mark);
    static config_node map(source_mark mark);

    kind type() const noexcept { return kind_; }
    bool is_null() const noexcept { return kind_ == kind::null; }
    bool is_scalar() const noexcept { return kind_ == kind::scalar; }
    bool is_sequence() const noexcept { return kind_ == kind::sequence; }
    bool is_map() const noexcept { return kind_ == kind::map; }
    /// Where this value was written.
    const source_mark& mark() const noexcept { return mark_; }
    /// Dotted path from the root ("modules.relationship.kickoff_within"), for messages.
    const std::string& path() const noexcept { return path_; }

    /// Appends an item to a sequence.
    void push_back(config_node item);
    /// Sets `key` in a mapping, replacing an existing value but keeping its position.
    void set(const std::string& key, config_node value, source_mark key_mark = {});
    /// Removes `key` from a mapping; no effect when absent.
    void erase(std::string_view key);

    /// Number of items of a sequence or entries of a mapping; 0 for scalars and null.
    std::size_t size() const noexcept;
    /// Items of a sequence (empty for other kinds).
    const std::vector<config_node>& items() const noexcept { return items_; }
    /// Entries of a mapping in file order (empty for other kinds).
    const std::vector<config_entry>& entries() const noexcept { return entries_; }
    /// The value of `key`, or nullptr when this is not a mapping or has no such key.
    const config_node* find(std::string_view key) const noexcept;
    config_node* find(std::string_view key) noexcept;
    bool contains(std::string_view key) const noexcept { return find(key) != nullptr; }
    /// The value of `key`; throws config_error "missing required key" at this mapping.
    const config_node& at(std::string_view key) const;
    /// Throws config_error at the first key not in `allowed`, with a "did you mean" hint.
    void expect_keys(std::initializer_list<std::string_view> allowed) const;

    /// The scalar text; throws unless this is a scalar.
    const std::string& text() const;
    std::string as_string() const { return text(); }
    long long as_int() const;
    double as_number() const;
    bool as_bool() const;
    mentorkit::duration as_duration() const;
    time_point as_date() const;
    /// A sequence of scalars, or a single scalar taken as a one-item list.
    std::vector<std::string> as_string_list() const;
    /// The scalar text, which must be one of `allowed`.
    std::string as_enum(std::initializer_list<std::string_view> allowed) const;

    /// Typed read of an optional key: the fallback when absent or null.
    template <typename T>
    T get_or(std::string_view key, T fallback) const;
    std::string get_or(std::string_view key, const char* fallback) const {
        return get_or<std::string>(key, std::string{fallback});
    }

    /// A number of type T from `low` to `high` under optional `key`: the fallback when
    /// absent or null. Fails at the value when out of range: "<key> must be a whole number
    /// from 1 to 5, found 7" ("a number" for a floating-point T; "of at least <low>" when
    /// `high` is the largest T or infinity). A `note` goes after the range in parentheses:
    /// "(0 turns it off)".
    template <typename T>
    T get_in_range(std::string_view key, T fallback, std::type_identity_t<T> low, std::type_identity_t<T> high,
                   std::string_view note = {}) const;
    /// get_in_range() without an upper bound: "<key> must be a whole number of at least 1, found 0".
    template <typename T>
    T get_at_least(std::string_view key, T fallback, std::type_identity_t<T> low, std::string_view note = {}) const {
        return get_in_range(key, fallback, low, std::numeric_limits<T>::max(), note);
    }
    /// A duration under optional `key` that must be longer than zero: the fallback when
    /// absent or null; fails "<key> must be longer than 0" at a zero one.
    mentorkit::duration get_positive_duration(std::string_view key, mentorkit::duration fallback) const;

    /// The tree as JSON: scalars `true`/`false` become booleans, integers and decimals become
    /// numbers (except with leading zeros, like "007"), everything else stays text.
    nlohmann::json to_json() const;

    /// Throws config_error at this node.
    [[noreturn]] void fail(const std::string& message) const { throw config_error(mark_, message); }

    /// Sets the dotted path of this node and all below it (the loader calls it once on
    /// the root; plugins receive subtrees whose paths are already set).
    void assign_paths(const std::string& path);

private:
    config_node(kind k, source_mark mark);
    std::string describe() const;

    kind kind_ = kind::null;
    source_mark mark_;
    std::string path_;
    std::string text_;
    std::vector<config_node> items_;
    std::vector<config_entry> entries_;  // incomplete element type: allowed for vector since C++17
};

struct config_entry {
    std::string key;
    source_mark key_mark;
    config_node value;
};

// ---- implementation ----------------------------------------------------------------

inline config_node::config_node(kind k, source_mark mark) : kind_(k), mark_(std::move(mark)) {}
inline config_node config_node::null(source_mark mark) { return config_node{kind::null, std::move(mark)}; }
inline config_node config_node::scalar(std::string text, source_mark mark) {
    config_node n{kind::scalar, std::move(mark)};
    n.text_ = std::move(text);
    return n;
}
inline config_node config_node::sequence(source_mark mark) { return config_node{kind::sequence, std::move(mark)}; }
inline config_node config_node::map(source_mark mark) { return config_node{kind::map, std::move(mark)}; }

inline std::string config_node::describe() const {
    switch (kind_) {
    case kind::null: return "nothing (null)";
    case kind::scalar: return "'" + text_ + "'";
    case kind::sequence: return "a list";
    case kind::map: return "a mapping";
    }
    return "?";
}

inline void config_node::push_back(config_node item) {
    if (kind_ != kind::sequence) fail("internal: push_back on a non-sequence");
    items_.push_back(std::move(item));
}

inline void config_node::set(const std::string& key, config_node value, source_mark key_mark) {
    if (kind_ != kind::map) fail("internal: set on a non-mapping");
    for (auto& e : entries_) {
        if (e.key == key) {
            e.value = std::move(value);
            if (key_mark.line > 0) e.key_mark = std::move(key_mark);
            return;
        }
    }
    entries_.push_back(config_entry{key, std::move(key_mark), std::move(value)});
}

inline void config_node::erase(std::string_view key) {
    if (kind_ != kind::map) return;
    std::erase_if(entries_, [key](const config_entry& e) { return e.key == key; });
}

inline std::size_t config_node::size() const noexcept {
    if (kind_ == kind::sequence) return items_.size();
    if (kind_ == kind::map) return entries_.size();
    return 0;
}

inline const config_node* config_node::find(std::string_view key) const noexcept {
    if (kind_ != kind::map) return nullptr;
    for (const auto& e : entries_)
        if (e.key == key) return &e.value;
    return nullptr;
}

inline config_node* config_node::find(std::string_view key) noexcept {
    if (kind_ != kind::map) return nullptr;
    for (auto& e : entries_)
        if (e.key == key) return &e.value;
    return nullptr;
}

inline const config_node& config_node::at(std::string_view key) const {
    if (kind_ != kind::map) fail("expected a mapping with key '" + std::string{key} + "', found " + describe());
    if (const auto* value = find(key)) return *value;
    fail("missing required key '" + std::string{key} + "'" + (path_.empty() ? "" : " in '" + path_ + "'"));
}

inline void config_node::expect_keys(std::initializer_list<std::string_view> allowed) const {
    if (kind_ != kind::map) fail("expected a mapping, found " + describe());
    std::vector<std::string> names(allowed.begin(), allowed.end());
    for (const auto& e : entries_) {
        if (std::find(names.begin(), names.end(), e.key) != names.end()) continue;
        std::string message = "unknown key '" + e.key + "'";
        if (auto hint = closest_match(e.key, names); !hint.empty()) message += "; did you mean '" + hint + "'?";
        else {
            message += "; expected one of:";
            for (const auto& n : names) message += " " + n;
        }
        throw config_error(e.key_mark.line > 0 ? e.key_mark : e.value.mark(), message);
    }
}

inline const std::string& config_node::text() const {
    if (kind_ != kind::scalar) fail("expected a single value" + (path_.empty() ? "" : " for '" + path_ + "'") + ", found " + describe());
    return text_;
}

inline long long config_node::as_int() const {
    const auto& t = text();
    long long value = 0;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
    if (ec != std::errc{} || end != t.data() + t.size()) fail("expected a whole number, found " + describe());
    return value;
}

inline double config_node::as_number() const {
    const auto& t = text();
    double value = 0;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
    // from_chars also reads "inf" and "nan", which no setting means.
    const bool digits = t.find_first_of("0123456789") != std::string::npos && t.find_first_of("iInN") == std::string::npos;
    if (ec != std::errc{} || end != t.data() + t.size() || !digits) fail("expected a number, found " + describe());
    return value;
}

inline bool config_node::as_bool() const {
    const auto& t = text();
    if (t == "true" || t == "yes" || t == "on") return true;
    if (t == "false" || t == "no" || t == "off") return false;
    fail("expected true or false, found " + describe());
}

inline mentorkit::duration config_node::as_duration() const {
    if (auto d = parse_duration(text())) return *d;
    fail("expected " + std::string{duration_syntax} + ", found " + describe());
}

inline time_point config_node::as_date() const {
    if (auto t = parse_date(text())) return *t;
    fail("expected " + std::string{date_syntax} + ", found " + describe());
}

inline std::vector<std::string> config_node::as_string_list() const {
    if (kind_ == kind::scalar) return {text_};
    if (kind_ != kind::sequence) fail("expected a list of values, found " + describe());
    std::vector<std::string> out;
    out.reserve(items_.size());
    for (const auto& item : items_) out.push_back(item.text());
    return out;
}

inline std::string config_node::as_enum(std::initializer_list<std::string_view> allowed) const {
    const auto& t = text();
    std::vector<std::string> names(allowed.begin(), allowed.end());
    if (std::find(names.begin(), names.end(), t) != names.end()) return t;
    std::string message = "expected one of";
    for (const auto& n : names) message += " '" + n + "'";
    message += ", found " + describe();
    if (auto hint = closest_match(t, names); !hint.empty()) message += "; did you mean '" + hint + "'?";
    fail(message);
}

template <typename T>
T config_node::get_or(std::string_view key, T fallback) const {
    const auto* value = find(key);
    if (value == nullptr || value->is_null()) return fallback;
    if constexpr (std::is_same_v<T, bool>) return value->as_bool();
    else if constexpr (std::is_integral_v<T>) {
        const auto n = value->as_int();
        const bool too_small = std::is_unsigned_v<T> ? n < 0 : n < static_cast<long long>(std::numeric_limits<T>::min());
        const bool too_large =
            n > 0 && static_cast<unsigned long long>(n) > static_cast<unsigned long long>(std::numeric_limits<T>::max());
        if (too_small || too_large)
            value->fail("expected a whole number from " + std::to_string(std::numeric_limits<T>::min()) + " to " +
                        std::to_string(std::numeric_limits<T>::max()) + ", found " + value->describe());
        return static_cast<T>(n);
    }
    else if constexpr (std::is_floating_point_v<T>) return static_cast<T>(value->as_number());
    else if constexpr (std::is_same_v<T, mentorkit::duration>) return value->as_duration();
    else if constexpr (std::is_same_v<T, time_point>) return value->as_date();
    else if constexpr (std::is_same_v<T, std::vector<std::string>>) return value->as_string_list();
    else return T{value->as_string()};
}

template <typename T>
T config_node::get_in_range(std::string_view key, T fallback, std::type_identity_t<T> low, std::type_identity_t<T> high,
                            std::string_view note) const {
    static_assert(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>, "get_in_range reads numbers");
    const auto* value = find(key);
    if (value == nullptr || value->is_null()) return fallback;
    T result{};
    bool in_range = false;
    if constexpr (std::is_integral_v<T>) {
        const long long n = value->as_int();
        if constexpr (std::is_signed_v<T>)
            in_range = n >= static_cast<long long>(low) && n <= static_cast<long long>(high);
        else
            in_range =
                n >= 0 && static_cast<unsigned long long>(n) >= low && static_cast<unsigned long long>(n) <= high;
        result = static_cast<T>(n);
    } else {
        const double x = value->as_number();
        in_range = x >= static_cast<double>(low) && x <= static_cast<double>(high);
        result = static_cast<T>(x);
    }
    if (in_range) return result;
    auto text = [](T x) {
        if constexpr (std::is_integral_v<T>) {
            return std::to_string(x);
        } else {
            char buffer[32];
            std::snprintf(buffer, sizeof buffer, "%g", static_cast<double>(x));
            return std::string{buffer};
        }
    };
    std::string message = std::string{key} + (std::is_integral_v<T> ? " must be a whole number" : " must be a number");
    message += high >= std::numeric_limits<T>::max() ? " of at least " + text(low)
                                                     : " from " + text(low) + " to " + text(high);
    if (!note.empty()) message += " (" + std::string{note} + ")";
    value->fail(message + ", found " + value->text());
}

inline mentorkit::duration config_node::get_positive_duration(std::string_view key,
                                                              mentorkit::duration fallback) const {
    const auto* value = find(key);
    if (value == nullptr || value->is_null()) return fallback;
    const auto d = value->as_duration();
    if (d.is_zero()) value->fail(std::string{key} + " must be longer than 0");
    return d;
}

inline nlohmann::json config_node::to_json() const {
    switch (kind_) {
    case kind::null: return nullptr;
    case kind::scalar: {
        if (text_ == "true") return true;
        if (text_ == "false") return false;
        // Numbers as YAML writes them; "007" stays text (an id keeps its zeros).
        const auto first_digit = text_.find_first_not_of('-');
        const bool leading_zero = first_digit != std::string::npos && text_[first_digit] == '0' &&
                                  first_digit + 1 < text_.size() && text_[first_digit + 1] != '.';
        if (!text_.empty() && !leading_zero) {
            const char* begin = text_.data();
            const char* end = text_.data() + text_.size();
            long long i = 0;
            if (auto [p, ec] = std::from_chars(begin, end, i); ec == std::errc{} && p == end) return i;
            double d = 0;
            const bool digits_only = text_.find_first_not_of("0123456789.-+eE") == std::string::npos;
            if (auto [p, ec] = std::from_chars(begin, end, d); digits_only && ec == std::errc{} && p == end) return d;
        }
        return text_;
    }
    case kind::sequence: {
        auto out = nlohmann::json::array();
        for (const auto& item : items_) out.push_back(item.to_json());
        return out;
    }
    case kind::map: {
        auto out = nlohmann::json::object();
        for (const auto& e : entries_) out[e.key] = e.value.to_json();
        return out;
    }
    }
    return nullptr;
}

inline void config_node::assign_paths(const std::string& path) {
    path_ = path;
    for (std::size_t i = 0; i < items_.size(); ++i) items_[i].assign_paths(path + "[" + std::to_string(i) + "]");
    if (kind_ == kind::map && !entries_.empty()) {
        for (auto& e : entries_) e.value.assign_paths(path.empty() ? e.key : path + "." + e.key);
    }
}

}  // namespace mentorkit
