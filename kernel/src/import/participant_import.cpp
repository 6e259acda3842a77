// Participant files are typed by people or exported by HR systems, so most of the work
// here is reporting problems well. Every problem is collected, not only the first, so a
// program manager fixes a file in one pass, and each one names file, row and column.
//
// Both formats are first turned into the same raw form: the text of each value as
// written, with where it was written. One set of checks then turns raw values into
// `person`s, so CSV and YAML accept the same values and say the same things about them.

#include "import/participant_import.hpp"

#include "import/language_codes.hpp"
#include "input_checks.hpp"
#include "text_records.hpp"
#include "yaml_source.hpp"

#include <csv.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <exception>
#include <memory>
#include <new>
#include <system_error>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace mentorkit {
namespace {

// The shared text and CSV helpers (text_records.hpp).
using namespace detail;

// ---- columns (CSV) and keys (YAML) ---------------------------------------------------

enum class column {
    id,
    name,
    email,
    role,
    org_unit,
    manager_id,
    grade,
    years_experience,
    location,
    utc_offset,
    languages,
    skills,
    skills_sought,
    interests,
    goal_areas,
    values_sought,
    mentor_capacity,
    network,
    exclusions,
    cv,
};

enum class value_kind {
    text,          // one value
    list,          // `a;b;c`
    leveled_list,  // `a:3;b:4`
};

struct column_info {
    std::string_view name;
    bool required;
    value_kind kind;
};

// In the order of `column`.
constexpr std::array<column_info, 20> columns{{
    {"id", true, value_kind::text},
    {"name", true, value_kind::text},
    {"email", false, value_kind::text},
    {"role", true, value_kind::text},
    {"org_unit", false, value_kind::text},
    {"manager_id", false, value_kind::text},
    {"grade", false, value_kind::text},
    {"years_experience", false, value_kind::text},
    {"location", false, value_kind::text},
    {"utc_offset", false, value_kind::text},
    {"languages", false, value_kind::leveled_list},
    {"skills", false, value_kind::leveled_list},
    {"skills_sought", false, value_kind::list},
    {"interests", false, value_kind::list},
    {"goal_areas", false, value_kind::list},
    {"values_sought", false, value_kind::list},
    {"mentor_capacity", false, value_kind::text},
    {"network", false, value_kind::list},
    {"exclusions", false, value_kind::list},
    {"cv", false, value_kind::text},  // not a person's field: read_participant_file returns it
}};

const column_info& info(column c) { return columns[static_cast<std::size_t>(c)]; }

std::optional<column> find_column(std::string_view normalized_name) {
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i].name == normalized_name) return static_cast<column>(i);
    return std::nullopt;
}

const std::vector<std::string>& column_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const auto& c : columns) out.emplace_back(c.name);
        return out;
    }();
    return names;
}

std::string column_list() {
    std::string out;
    for (const auto& c : columns) out += (out.empty() ? "" : ", ") + std::string{c.name};
    return out;
}

// ---- numbers and addresses ----------------------------------------------------------

std::optional<long long> parse_whole_number(std::string_view text) {
    if (text.starts_with('+')) text.remove_prefix(1);
    long long value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::optional<double> parse_number(std::string_view text) {
    if (text.starts_with('+')) text.remove_prefix(1);
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

// ---- the raw form ---------------------------------------------------------------------

// One item of a multi-valued value: `python:4` is {"python", "4"}.
struct raw_item {
    std::string text;
    std::optional<std::string> level;
    std::string written;  // as in the file, for messages
    source_mark mark;
};

// A value as written. `items` holds the split form of a multi-valued column.
struct raw_value {
    std::string text;
    std::vector<raw_item> items;
    source_mark mark;
    bool unusable = false;  // already reported (a list where one value belongs, …)
};

struct raw_person {
    source_mark mark;  // where the person starts
    std::array<std::optional<raw_value>, columns.size()> values;
    // CSV: a column absent from the header was reported once there, not on every row.
    bool absent_reported_elsewhere = false;
};

std::vector<raw_item> split_items(std::string_view text, value_kind kind, const source_mark& mark) {
    std::vector<raw_item> items;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find(';', start);
        if (end == std::string_view::npos) end = text.size();
        const auto piece = trimmed(text.substr(start, end - start));
        if (!piece.empty()) {
            raw_item item{std::string{piece}, std::nullopt, std::string{piece}, mark};
            if (kind == value_kind::leveled_list) {
                // At the last colon, so that a name may hold one: "iso:27001:3".
                if (const auto colon = piece.rfind(':'); colon != std::string_view::npos) {
                    item.text = trimmed(piece.substr(0, colon));
                    item.level = std::string{trimmed(piece.substr(colon + 1))};
                }
            }
            items.push_back(std::move(item));
        }
        start = end + 1;
    }
    return items;
}

raw_value scalar_value(std::string_view text, value_kind kind, source_mark mark) {
    raw_value value{std::string{trimmed(text)}, {}, std::move(mark)};
    if (kind != value_kind::text) value.items = split_items(value.text, kind, value.mark);
    return value;
}

// ---- checking a person -----------------------------------------------------------------

constexpr long long max_grade = 100;
constexpr double max_years = 100;
constexpr long long max_capacity = 1000;
constexpr std::string_view utc_offset_expected =
    "expected an offset from UTC like +01:00, -05:30 or 0 (at most 14 hours either way, minutes 00, 15, 30 or 45)";

class person_checker {
public:
    explicit person_checker(std::vector<config_error>& errors) : errors_(errors) {}

    // Every problem goes to the errors; the person is only used when there are none.
    person check(const raw_person& raw) {
        person p;
        p.id = required(raw, column::id);
        if (p.id.find(';') != std::string::npos)
            fail(raw, column::id, "an id cannot contain ';' (it separates ids in lists), found " + in_quotes(p.id));
        p.name = required(raw, column::name);
        if (const auto* v = given(raw, column::email)) {
            if (looks_like_email(v->text))
                p.email = v->text;
            else
                fail(v->mark, column::email,
                     "expected an email address like ana.silva@example.org, found " + in_quotes(v->text));
        }
        check_role(raw, p);
        p.org_unit = optional_text(raw, column::org_unit);
        p.manager_id = optional_text(raw, column::manager_id);
        if (!p.manager_id.empty() && p.manager_id == p.id)
            fail(raw, column::manager_id,
                 in_quotes(p.id) + " is this person's own id: nobody can be their own manager");
        if (auto grade = whole_number(raw, column::grade, 0, max_grade)) p.grade = static_cast<int>(*grade);
        if (const auto* v = given(raw, column::years_experience)) {
            const auto years = parse_number(v->text);
            if (!years)
                fail(v->mark, column::years_experience, "expected a number like 7 or 4.5, found " + in_quotes(v->text));
            else if (*years < 0 || *years > max_years)
                fail(v->mark, column::years_experience,
                     "expected a number of years from 0 to 100, found " + in_quotes(v->text));
            else
                p.years_experience = *years;
        }
        p.location = optional_text(raw, column::location);
        if (const auto* v = given(raw, column::utc_offset)) {
            if (const auto minutes = parse_utc_offset(v->text))
                p.utc_offset_minutes = *minutes;
            else
                fail(v->mark, column::utc_offset, std::string{utc_offset_expected} + ", found " + in_quotes(v->text));
        }
        check_languages(raw, p);
        check_skills(raw, p);
        p.skills_sought = names(raw, column::skills_sought);
        p.interests = names(raw, column::interests);
        p.goal_areas = names(raw, column::goal_areas);
        p.values_sought = names(raw, column::values_sought);
        if (auto capacity = whole_number(raw, column::mentor_capacity, 0, max_capacity))
            p.mentor_capacity = static_cast<int>(*capacity);
        p.network = ids(raw, column::network);
        p.exclusions = ids(raw, column::exclusions);
        return p;
    }

private:
    void fail(const source_mark& mark, column c, const std::string& message) {
        errors_.emplace_back(mark, std::string{info(c).name} + ": " + message);
    }
    void fail(const raw_person& raw, column c, const std::string& message) {
        const auto& value = raw.values[static_cast<std::size_t>(c)];
        fail(value ? value->mark : raw.mark, c, message);
    }

    // The value when one is written; nullptr when it is empty, absent or already reported.
    static const raw_value* given(const raw_person& raw, column c) {
        const auto& value = raw.values[static_cast<std::size_t>(c)];
        if (!value || value->unusable) return nullptr;
        const bool empty = info(c).kind == value_kind::text ? value->text.empty() : value->items.empty();
        return empty ? nullptr : &*value;
    }

    std::string required(const raw_person& raw, column c) {
        if (const auto* v = given(raw, c)) return v->text;
        const auto& value = raw.values[static_cast<std::size_t>(c)];
        if (value ? !value->unusable : !raw.absent_reported_elsewhere) fail(raw, c, "required, but not given");
        return {};
    }

    static std::string optional_text(const raw_person& raw, column c) {
        const auto* v = given(raw, c);
        return v ? v->text : std::string{};
    }

    std::optional<long long> whole_number(const raw_person& raw, column c, long long min, long long max) {
        const auto* v = given(raw, c);
        if (v == nullptr) return std::nullopt;
        const auto n = parse_whole_number(v->text);
        if (!n) {
            fail(v->mark, c, "expected a whole number, found " + in_quotes(v->text));
            return std::nullopt;
        }
        if (*n < min || *n > max) {
            fail(v->mark, c,
                 "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max) + ", found " +
                     in_quotes(v->text));
            return std::nullopt;
        }
        return n;
    }

    void check_role(const raw_person& raw, person& p) {
        const auto text = required(raw, column::role);
        if (text.empty()) return;
        const auto word = to_lower(text);
        if (const auto role = parse_participant_role(word)) {
            p.role = *role;
            return;
        }
        std::string message = "expected mentor, mentee or both, found " + in_quotes(text);
        if (const auto hint = closest_match(word, {"mentor", "mentee", "both"}); !hint.empty())
            message += "; did you mean " + in_quotes(hint) + "?";
        fail(raw, column::role, message);
    }

    void check_languages(const raw_person& raw, person& p) {
        const auto* v = given(raw, column::languages);
        if (v == nullptr) return;
        std::unordered_set<std::string> seen;
        for (const auto& item : v->items) {
            if (!item.level || item.level->empty() || item.text.empty()) {
                fail(
                    item.mark, column::languages,
                    "expected language:level with a CEFR level A1 to C2, like en:C1, found " + in_quotes(item.written));
                continue;
            }
            // A mother tongue counts as C2 (domain.hpp); HR data often says so in words.
            const auto level = to_lower(*item.level) == "native" ? std::optional{cefr_level::c2} : parse_cefr(*item.level);
            const auto language = language_code(item.text);
            if (!level)
                fail(item.mark, column::languages,
                     "expected a CEFR level A1, A2, B1, B2, C1, C2 or native for " + in_quotes(language) + ", found " +
                         in_quotes(*item.level));
            else if (!seen.insert(language).second)
                fail(item.mark, column::languages, in_quotes(language) + " is listed twice");
            else
                p.languages.push_back(language_skill{language, *level});
        }
    }

    void check_skills(const raw_person& raw, person& p) {
        const auto* v = given(raw, column::skills);
        if (v == nullptr) return;
        std::unordered_set<std::string> seen;
        for (const auto& item : v->items) {
            if (!item.level || item.level->empty() || item.text.empty()) {
                fail(item.mark, column::skills,
                     "expected skill:level with a level from 1 to 5, like python:4, found " + in_quotes(item.written));
                continue;
            }
            const auto skill = normalise_name(item.text);
            const auto level = parse_whole_number(*item.level);
            if (!level || *level < 1 || *level > 5)
                fail(item.mark, column::skills,
                     "expected a level from 1 to 5 for " + in_quotes(skill) + ", found " + in_quotes(*item.level));
            else if (!seen.insert(skill).second)
                fail(item.mark, column::skills, in_quotes(skill) + " is listed twice");
            else
                p.skills.push_back(skill_level{skill, static_cast<int>(*level)});
        }
    }

    // Repeated items are dropped through a set: a cell may hold any number of them.
    std::vector<std::string> names(const raw_person& raw, column c) {
        std::vector<std::string> out;
        const auto* v = given(raw, c);
        if (v == nullptr) return out;
        std::unordered_set<std::string> seen;
        for (const auto& item : v->items) {
            // A level here would make a name that never matches a skill ("python:3").
            if (c == column::skills_sought && item.text.find(':') != std::string::npos) {
                fail(item.mark, c, "expected skill names without levels, found " + in_quotes(item.written));
                continue;
            }
            if (auto name = normalise_name(item.text); seen.insert(name).second) out.push_back(std::move(name));
        }
        return out;
    }

    static std::vector<std::string> ids(const raw_person& raw, column c) {
        std::vector<std::string> out;
        const auto* v = given(raw, c);
        if (v == nullptr) return out;
        std::unordered_set<std::string_view> seen;
        for (const auto& item : v->items)
            if (seen.insert(item.text).second) out.push_back(item.text);
        return out;
    }

    std::vector<config_error>& errors_;
};

// "'A' is managed by 'B', 'B' by 'C' and 'C' by 'A'", for a circle of managers.
std::string describe_cycle(const std::vector<const person*>& people, const std::vector<std::size_t>& cycle) {
    std::string text;
    for (std::size_t i = 0; i < cycle.size(); ++i) {
        const auto& p = *people[cycle[i]];
        text += i == 0                    ? in_quotes(p.id) + " is managed by "
                : i + 1 == cycle.size()   ? " and " + in_quotes(p.id) + " by "
                                          : ", " + in_quotes(p.id) + " by ";
        text += in_quotes(p.manager_id);
    }
    return text;
}

// Checks every person and the file as a whole; `position` is "row" (CSV) or "line" (YAML).
participant_file check_people(const std::filesystem::path& file, const std::vector<raw_person>& raws,
                              std::vector<config_error>& errors, std::string_view position) {
    person_checker checker{errors};
    std::vector<person> people;
    people.reserve(raws.size());
    const auto mark_of = [&](std::size_t i, column c) -> const source_mark& {
        const auto& value = raws[i].values[static_cast<std::size_t>(c)];
        return value ? value->mark : raws[i].mark;
    };
    const auto where = [&](std::size_t i, column c) {
        return std::string{position} + " " + std::to_string(mark_of(i, c).line);
    };
    std::unordered_map<std::string, std::size_t> first_with_id, first_with_email;
    for (std::size_t i = 0; i < raws.size(); ++i) {
        auto p = checker.check(raws[i]);
        if (!p.id.empty()) {
            const auto [first, inserted] = first_with_id.emplace(p.id, i);
            if (!inserted)
                errors.emplace_back(mark_of(i, column::id), "id: " + in_quotes(p.id) + " is used twice (first at " +
                                                                where(first->second, column::id) + ")");
        }
        // Emails reach people and CVs are matched by them: two people cannot share one.
        if (!p.email.empty()) {
            const auto [first, inserted] = first_with_email.emplace(to_lower(p.email), i);
            if (!inserted)
                errors.emplace_back(mark_of(i, column::email),
                                    "email: " + in_quotes(p.email) + " is also the email of " +
                                        in_quotes(people[first->second].id) + " (" + where(first->second, column::email) +
                                        "); letter case is ignored");
        }
        people.push_back(std::move(p));
    }
    std::vector<const person*> listed;
    for (const auto& p : people) listed.push_back(&p);
    for (const auto& cycle : find_manager_cycles(listed)) {
        std::string rows;
        for (const auto i : cycle) rows += (rows.empty() ? "" : ", ") + std::to_string(mark_of(i, column::manager_id).line);
        errors.emplace_back(mark_of(cycle.front(), column::manager_id),
                            "manager_id: managers go round in a circle: " + describe_cycle(listed, cycle) + " (" +
                                std::string{position} + "s " + rows + ")");
    }
    if (!errors.empty()) throw import_error(std::move(errors));
    // A CV file is named relative to the participant file, as sources are to the program.
    std::vector<source_mark> marks;
    std::vector<std::filesystem::path> cv_files;
    for (std::size_t i = 0; i < raws.size(); ++i) {
        marks.push_back(mark_of(i, column::id));
        const auto& cv = raws[i].values[static_cast<std::size_t>(column::cv)];
        cv_files.emplace_back(!cv || cv->text.empty() ? std::filesystem::path{} : file.parent_path() / cv->text);
    }
    return participant_file{std::move(people), std::move(marks), std::move(cv_files)};
}

[[noreturn]] void fail_file(const std::string& file, const std::string& message) {
    throw import_error({config_error{source_mark{file}, message}});
}

// Bounded and checked to be UTF-8 where it is read: a Latin-1 or UTF-16 export, or a NUL
// that would cut an email short, is named at its line and column, not met further on.
std::string read_file(const std::filesystem::path& file) {
    try {
        return read_text_file(file, max_participant_file_bytes, "a participant file");
    } catch (const config_error& e) {
        throw import_error({e});
    }
}

participant_file read_csv(const std::filesystem::path& file) {
    const std::string name = file.string();
    const std::string text = read_file(file);

    std::vector<config_error> errors;
    csv_reader reader{name, errors};
    auto records = reader.read(text);
    if (records.empty()) {
        if (errors.empty())
            errors.emplace_back(source_mark{name, 1, 1},
                                "no participants: the file is empty; it needs a header row and a row per person");
        throw import_error(std::move(errors));
    }

    const auto& header = records.front();
    if (header.broken) throw import_error(std::move(errors));
    std::vector<std::optional<column>> field_columns(header.fields.size());
    std::array<int, columns.size()> field_of{};  // 1-based field of each column; 0 when absent
    std::vector<config_error> header_errors;
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
        const source_mark mark{name, header.line, static_cast<int>(i + 1)};
        const auto key = normalize_key(header.fields[i]);
        if (key.empty()) continue;  // rows must leave it empty; checked below
        if (const auto c = find_column(key)) {
            auto& first = field_of[static_cast<std::size_t>(*c)];
            if (first != 0) {
                header_errors.emplace_back(
                    mark, "duplicate column " + in_quotes(key) + " (first at column " + std::to_string(first) + ")");
            } else {
                first = static_cast<int>(i + 1);
                field_columns[i] = c;
            }
            continue;
        }
        std::string message = "unknown column " + in_quotes(trimmed(header.fields[i]));
        if (const auto hint = closest_match(key, column_names()); !hint.empty())
            message += "; did you mean " + in_quotes(hint) + "?";
        else
            message += "; the columns are " + column_list();
        header_errors.emplace_back(mark, message);
    }
    if (std::all_of(field_columns.begin(), field_columns.end(), [](const auto& c) { return !c; })) {
        // Likely a file without a header; one message says more than one per value.
        errors.emplace_back(source_mark{name, header.line, 1},
                            "the first row is not a header: none of its values is a column name (" + column_list() +
                                "); a header row is required");
        throw import_error(std::move(errors));
    }
    errors.insert(errors.end(), header_errors.begin(), header_errors.end());
    for (std::size_t c = 0; c < columns.size(); ++c)
        if (columns[c].required && field_of[c] == 0)
            errors.emplace_back(source_mark{name, header.line, 1},
                                "missing required column " + in_quotes(columns[c].name) + " in the header");

    std::vector<raw_person> raws;
    raws.reserve(records.size() - 1);
    std::size_t rows = 0;
    for (std::size_t r = 1; r < records.size(); ++r) {
        // Released once read: the records of a large file need not outlive their row.
        const auto record = std::move(records[r]);
        if (record.broken) {
            ++rows;
            continue;
        }
        // Spreadsheets export rows left empty as ",,,,".
        if (std::all_of(record.fields.begin(), record.fields.end(), is_blank)) continue;
        ++rows;
        const auto expected = header.fields.size();
        if (record.fields.size() != expected) {
            const auto found = record.fields.size();
            const source_mark mark{name, record.line, static_cast<int>(std::min(found, expected) + 1)};
            std::string message =
                "this row has " + std::to_string(found) + " values, the header has " + std::to_string(expected);
            message += found > expected ? " (is a value with a comma in it not in double quotes?)"
                                        : " (are values missing, or is a line break inside a value not in quotes?)";
            errors.emplace_back(mark, message);
            continue;
        }
        raw_person raw;
        raw.mark = source_mark{name, record.line, 1};
        raw.absent_reported_elsewhere = true;
        for (std::size_t i = 0; i < expected; ++i) {
            const source_mark mark{name, record.line, static_cast<int>(i + 1)};
            if (const auto c = field_columns[i]) {
                raw.values[static_cast<std::size_t>(*c)] = scalar_value(record.fields[i], info(*c).kind, mark);
            } else if (normalize_key(header.fields[i]).empty() && !is_blank(record.fields[i])) {
                errors.emplace_back(mark, "column " + std::to_string(i + 1) +
                                              " has no name in the header, but this row has a value in it: " +
                                              in_quotes(trimmed(record.fields[i])));
            }
        }
        raws.push_back(std::move(raw));
    }
    if (rows == 0 && !reader.stopped())
        errors.emplace_back(source_mark{name, header.line, 1},
                            "no participants: the file has a header row but no rows of people");
    return check_people(file, raws, errors, "row");
}

// ---- YAML ------------------------------------------------------------------------------

std::string describe(const config_node& node) {
    if (node.is_sequence()) return "a list";
    if (node.is_map()) return "a mapping";
    if (node.is_null()) return "nothing";
    return in_quotes(node.text());
}

class yaml_reader {
public:
    explicit yaml_reader(std::vector<config_error>& errors) : errors_(errors) {}

    std::optional<raw_person> person_of(const config_node& node) {
        if (!node.is_map()) {
            errors_.emplace_back(node.mark(),
                                 "expected a person (a mapping with id, name, role, …), found " + describe(node));
            return std::nullopt;
        }
        raw_person raw;
        raw.mark = node.mark();
        for (const auto& entry : node.entries()) {
            const auto& key_mark = entry.key_mark.line > 0 ? entry.key_mark : entry.value.mark();
            const auto key = normalize_key(entry.key);
            const auto c = find_column(key);
            if (!c) {
                std::string message = "unknown key " + in_quotes(entry.key);
                if (const auto hint = closest_match(key, column_names()); !hint.empty())
                    message += "; did you mean " + in_quotes(hint) + "?";
                else
                    message += "; the keys are " + column_list();
                errors_.emplace_back(key_mark, message);
                continue;
            }
            auto& slot = raw.values[static_cast<std::size_t>(*c)];
            if (slot) {
                // Only when written differently: the YAML loader refuses the same key twice.
                errors_.emplace_back(key_mark, in_quotes(entry.key) + " is " + in_quotes(info(*c).name) +
                                                   ", already given at line " + std::to_string(slot->mark.line));
                continue;
            }
            slot = value_of(entry.value, *c);
        }
        return raw;
    }

private:
    void fail(const source_mark& mark, column c, const std::string& message) {
        errors_.emplace_back(mark, std::string{info(c).name} + ": " + message);
    }

    raw_value value_of(const config_node& node, column c) {
        const auto kind = info(c).kind;
        if (node.is_null()) return raw_value{{}, {}, node.mark()};
        if (node.is_scalar()) return scalar_value(node.text(), kind, node.mark());
        raw_value value{{}, {}, node.mark()};
        if (kind == value_kind::text) {
            fail(node.mark(), c, "expected a single value, found " + describe(node));
            value.unusable = true;
        } else if (node.is_map()) {
            if (kind == value_kind::leveled_list)
                add_entries(node, c, value);
            else {
                fail(node.mark(), c, "expected a list, found a mapping");
                value.unusable = true;
            }
        } else {
            for (const auto& item : node.items()) {
                if (item.is_scalar()) {
                    auto items = split_items(item.text(), kind, item.mark());
                    value.items.insert(value.items.end(), items.begin(), items.end());
                } else if (item.is_map() && kind == value_kind::leveled_list) {
                    add_entries(item, c, value);  // `- python: 4`
                } else if (!item.is_null()) {
                    fail(item.mark(), c, "expected a single value in the list, found " + describe(item));
                    value.unusable = true;
                }
            }
        }
        return value;
    }

    // `{python: 4, negotiation: 3}`
    void add_entries(const config_node& map, column c, raw_value& value) {
        for (const auto& entry : map.entries()) {
            const auto& level = entry.value;
            const auto& mark = level.is_null() ? entry.key_mark : level.mark();
            if (!level.is_null() && !level.is_scalar()) {
                fail(mark, c, "expected a level for " + in_quotes(entry.key) + ", found " + describe(level));
                value.unusable = true;
                continue;
            }
            const std::string text = level.is_null() ? std::string{} : std::string{trimmed(level.text())};
            value.items.push_back(raw_item{std::string{trimmed(entry.key)}, text, entry.key + ": " + text, mark});
        }
    }

    std::vector<config_error>& errors_;
};

participant_file read_yaml(const std::filesystem::path& file) {
    const auto text = read_file(file);
    config_node root;
    try {
        root = detail::parse_yaml(text, file.string(), detail::max_participant_file_bytes);
    } catch (const config_error& e) {
        throw import_error({e});
    }
    std::vector<config_error> errors;
    const config_node* list = &root;
    if (root.is_map()) {
        for (const auto& entry : root.entries()) {
            if (entry.key == "people") continue;
            std::string message = "unknown key " + in_quotes(entry.key) + "; a participant file holds a 'people:' list";
            if (closest_match(entry.key, {"people"}) == "people") message += " (did you mean 'people'?)";
            errors.emplace_back(entry.key_mark.line > 0 ? entry.key_mark : entry.value.mark(), message);
        }
        list = root.find("people");
        if (list == nullptr) {
            // A misspelt `people:` has been reported above, which says it better.
            if (errors.empty()) errors.emplace_back(root.mark(), "expected a 'people:' list, or a list of people");
            throw import_error(std::move(errors));
        }
    }
    if (list->is_null() || (list->is_sequence() && list->size() == 0)) {
        errors.emplace_back(list->mark(), "no participants: the list of people is empty");
        throw import_error(std::move(errors));
    }
    if (!list->is_sequence()) {
        errors.emplace_back(list->mark(), "expected a list of people (each a mapping with id, name, role, …), found " +
                                              describe(*list));
        throw import_error(std::move(errors));
    }
    yaml_reader reader{errors};
    std::vector<raw_person> raws;
    for (const auto& item : list->items())
        if (auto raw = reader.person_of(item)) raws.push_back(std::move(*raw));
    return check_people(file, raws, errors, "line");
}

}  // namespace

std::vector<person> read_participants(const std::filesystem::path& file) {
    const auto extension = to_lower(file.extension().string());
    if (extension == ".csv") return read_csv(file).people;
    if (extension == ".yaml" || extension == ".yml") return read_yaml(file).people;
    fail_file(file.string(), "cannot tell what kind of participant file this is: expected a .csv, .yaml or .yml file");
}

std::vector<person> read_participants(const std::filesystem::path& file, participant_format format) {
    return read_participant_file(file, format).people;
}

participant_file read_participant_file(const std::filesystem::path& file, participant_format format) {
    return format == participant_format::csv ? read_csv(file) : read_yaml(file);
}

std::vector<std::vector<std::size_t>> find_manager_cycles(const std::vector<const person*>& people) {
    std::unordered_map<std::string_view, std::size_t> index_of;
    for (std::size_t i = 0; i < people.size(); ++i) index_of.emplace(people[i]->id, i);
    // Each chain is followed once: a person is `on_chain` while the walk that reached them
    // goes on, `done` after, so every person is visited once whatever the shape.
    enum class state { unseen, on_chain, done };
    std::vector<state> states(people.size(), state::unseen);
    std::vector<std::vector<std::size_t>> cycles;
    std::vector<std::size_t> chain;
    for (std::size_t start = 0; start < people.size(); ++start) {
        chain.clear();
        std::optional<std::size_t> at = start;
        while (at && states[*at] == state::unseen) {
            states[*at] = state::on_chain;
            chain.push_back(*at);
            const auto& manager = people[*at]->manager_id;
            const auto next = manager == people[*at]->id ? index_of.end() : index_of.find(manager);
            at = next == index_of.end() ? std::nullopt : std::optional{next->second};
        }
        if (at && states[*at] == state::on_chain) {
            std::vector<std::size_t> cycle{std::find(chain.begin(), chain.end(), *at), chain.end()};
            std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
            cycles.push_back(std::move(cycle));
        }
        for (const auto i : chain) states[i] = state::done;
    }
    return cycles;
}

std::optional<int> parse_utc_offset(std::string_view text) {
    text = trimmed(text);
    // "UTC+2" and "GMT-5" are how many HR systems write a time zone.
    for (std::string_view prefix : {"UTC", "GMT"}) {
        if (text.size() >= prefix.size() && to_lower(text.substr(0, prefix.size())) == to_lower(prefix)) {
            text.remove_prefix(prefix.size());
            if (text.empty()) return 0;
            break;
        }
    }
    if (text == "0" || text == "Z" || text == "z") return 0;
    if (text.empty() || (text[0] != '+' && text[0] != '-')) return std::nullopt;
    const int sign = text[0] == '-' ? -1 : 1;
    text.remove_prefix(1);
    std::string_view hours_text = text;
    std::string_view minutes_text;
    if (const auto colon = text.find(':'); colon != std::string_view::npos) {
        hours_text = text.substr(0, colon);
        minutes_text = text.substr(colon + 1);
        if (minutes_text.size() != 2) return std::nullopt;
    } else if (text.size() == 4) {  // +0530
        hours_text = text.substr(0, 2);
        minutes_text = text.substr(2);
    }
    if (hours_text.empty() || hours_text.size() > 2) return std::nullopt;
    const auto all_digits = [](std::string_view digits) {
        return std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (!all_digits(hours_text) || !all_digits(minutes_text)) return std::nullopt;
    const int hours = std::stoi(std::string{hours_text});
    const int minutes = minutes_text.empty() ? 0 : std::stoi(std::string{minutes_text});
    if (minutes % 15 != 0 || minutes >= 60 || hours * 60 + minutes > 14 * 60) return std::nullopt;
    return sign * (hours * 60 + minutes);
}

std::string format_utc_offset(int minutes) {
    const char sign = minutes < 0 ? '-' : '+';
    const int magnitude = minutes < 0 ? -minutes : minutes;
    char text[32];
    std::snprintf(text, sizeof text, "%c%02d:%02d", sign, magnitude / 60, magnitude % 60);
    return text;
}

}  // namespace mentorkit
