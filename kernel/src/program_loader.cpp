// Loading a program is three passes, each over whole trees so that the marks survive:
//   1. read the file and every template it extends (the chain), stopping at a cycle or a
//      missing template, because merging a half-resolved chain would only add noise;
//   2. merge the chain from the most general template down, keeping each value's node
//      (and so its mark) from the file that really wrote it;
//   3. validate the merged tree field by field, collecting every problem, so that a
//      program manager fixes a file in one round instead of one error per run.
// The schema itself is documented for program managers in docs/program-format.md; keep
// the two in step.

#include "program_loader.hpp"

#include "input_checks.hpp"
#include "yaml_source.hpp"

#include <mentorkit/text.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <map>
#include <optional>
#include <string_view>
#include <system_error>
#include <tuple>
#include <utility>

namespace mentorkit {

namespace {

namespace fs = std::filesystem;

// ---- messages --------------------------------------------------------------------------

// Values are quoted with control characters escaped: a message goes to a terminal.
std::string describe(const config_node& node) {
    if (node.is_scalar() && !node.text().empty()) return "'" + detail::printable(node.text()) + "'";
    switch (node.type()) {
    case config_node::kind::null: return "nothing";
    case config_node::kind::scalar: return "an empty text";
    case config_node::kind::sequence: return "a list";
    case config_node::kind::map: return "a mapping";
    }
    return "?";
}

// What a file holds that is not a program definition, in words that quote none of it:
// `extends:` or a command may name any file, and its content is nobody's business.
std::string kind_of(const config_node& node) {
    return node.is_scalar() ? "a text" : node.is_map() ? "a mapping" : describe(node);
}

std::string quoted_path(const config_node& node) { return node.path().empty() ? "the file" : "'" + node.path() + "'"; }

// "a, b or c": for lists of allowed values in messages.
std::string one_of(const std::vector<std::string>& words) { return join_words(words, " or "); }

bool is_lower_slug(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

// closest_match, except that a word differing only in case wins ("b2" is B2, not A2).
std::string suggestion(std::string_view word, const std::vector<std::string>& candidates) {
    const auto lower = [](std::string_view text) {
        std::string out{text};
        for (auto& c : out)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        return out;
    };
    for (const auto& c : candidates)
        if (lower(c) == lower(word)) return c;
    return closest_match(word, candidates);
}

// What is wrong with a duration parse_duration() refused, as far as it can be told.
std::string duration_hint(std::string_view text) {
    if (text.find('-') != std::string_view::npos) return " (a duration cannot be negative)";
    if (text.find_first_of(".,") != std::string_view::npos) return " (use whole numbers: '1h 30m' rather than '1.5h')";
    std::vector<std::string> units;
    for (const auto& u : detail::duration_units) units.emplace_back(u.name);
    bool any_letter = false;
    for (std::size_t i = 0; i < text.size();) {
        const auto is_letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
        if (!is_letter(text[i])) {
            ++i;
            continue;
        }
        any_letter = true;
        const std::size_t begin = i;
        while (i < text.size() && is_letter(text[i])) ++i;
        const std::string word{text.substr(begin, i - begin)};
        if (std::find(units.begin(), units.end(), word) != units.end()) continue;
        std::string hint = " ('" + word + "' is not a unit";
        if (auto close = closest_match(word, units); !close.empty())
            hint += "; did you mean '" + close + "'?";
        else
            hint += "; use ms, s, m, h, d, w, mo or y";
        return hint + ")";
    }
    if (!any_letter && !text.empty()) return " (a unit is missing, as in '30d')";
    return "";
}

// Why a YYYY-MM-DD text that parse_date() refused is not a date, when it has that shape.
std::string date_hint(std::string_view text) {
    static constexpr std::string_view month_names[] = {"January",   "February", "March",    "April",
                                                       "May",       "June",     "July",     "August",
                                                       "September", "October",  "November", "December"};
    int year = 0;
    unsigned month = 0;
    unsigned day = 0;
    const auto digits = [&text](std::size_t pos, std::size_t len, auto& out) {
        const auto [end, ec] = std::from_chars(text.data() + pos, text.data() + pos + len, out);
        return ec == std::errc{} && end == text.data() + pos + len;
    };
    if (text.size() < 10 || text[4] != '-' || text[7] != '-' || !digits(0, 4, year) || !digits(5, 2, month) ||
        !digits(8, 2, day))
        return "";
    using namespace std::chrono;
    if (month < 1 || month > 12) return " (there is no month " + std::to_string(month) + ")";
    const year_month_day_last last{std::chrono::year{year}, month_day_last{std::chrono::month{month}}};
    const auto days_in_month = static_cast<unsigned>(last.day());
    if (day < 1 || day > days_in_month)
        return " (" + std::string{month_names[month - 1]} + " " + std::to_string(year) + " has " +
               std::to_string(days_in_month) + " days)";
    return "";
}

// ---- field checks ----------------------------------------------------------------------

// Records problems instead of throwing, so validation goes on after the first one.
class checker {
public:
    checker(std::vector<config_error>& errors, std::string program_file)
        : errors_(errors), program_file_(std::move(program_file)) {}

    void error(const source_mark& mark, const std::string& message) { errors_.emplace_back(mark, message); }

    void expected(const config_node& node, std::string_view what, std::string_view hint = {}) {
        error(node.mark(), "expected " + std::string{what} + " for " + quoted_path(node) + ", found " + describe(node) +
                               std::string{hint});
    }

    // Every key of `map` that is not in `allowed`, each at its own key.
    void check_keys(const config_node& map, const std::vector<std::string>& allowed) {
        for (const auto& e : map.entries()) {
            if (std::find(allowed.begin(), allowed.end(), e.key) != allowed.end()) continue;
            // The same wording as config_node::expect_keys, which plugins use for their
            // settings; the mark already says where the key is.
            std::string message = "unknown key '" + detail::printable(e.key) + "'";
            if (auto hint = closest_match(e.key, allowed); !hint.empty())
                message += "; did you mean '" + hint + "'?";
            else
                message += "; " + (map.path().empty() ? std::string{"a program"} : "'" + map.path() + "'") + " takes " +
                           one_of(allowed);
            error(e.key_mark.line > 0 ? e.key_mark : e.value.mark(), message);
        }
    }

    // A key that may be left out; null counts as left out (it is how a file unsets a
    // value its template sets).
    static const config_node* optional(const config_node& map, std::string_view key) {
        const auto* value = map.find(key);
        return value == nullptr || value->is_null() ? nullptr : value;
    }

    const config_node* required(const config_node& map, std::string_view key, std::string_view what) {
        const auto* value = map.find(key);
        if (value == nullptr) {
            std::string message = "missing required key '" + std::string{key} + "'";
            if (!map.path().empty()) message += " in '" + map.path() + "'";
            message += " (" + std::string{what} + ")";
            // The fix belongs in the program, not in the template the mapping came from.
            if (map.mark().file == program_file_) error(map.mark(), message);
            else error(source_mark{program_file_, 1, 1}, message + "; neither the program nor its templates set it");
            return nullptr;
        }
        if (value->is_null()) {
            expected(*value, what);
            return nullptr;
        }
        return value;
    }

    bool map(const config_node& node) {
        if (node.is_map()) return true;
        expected(node, "a mapping of 'key: value' lines");
        return false;
    }

    bool list(const config_node& node, std::string_view what) {
        if (node.is_sequence()) return true;
        expected(node, "a list of " + std::string{what} + " ('- ' lines)");
        return false;
    }

    std::optional<std::string> text(const config_node& node, std::string_view what) {
        if (!node.is_scalar() || node.text().empty()) {
            expected(node, what);
            return std::nullopt;
        }
        return node.text();
    }

    std::optional<long long> integer(const config_node& node, long long min, std::optional<long long> max = {}) {
        const std::string what = max ? "a whole number from " + std::to_string(min) + " to " + std::to_string(*max)
                                     : "a whole number of at least " + std::to_string(min);
        if (!node.is_scalar()) {
            expected(node, what);
            return std::nullopt;
        }
        const auto& t = node.text();
        long long value = 0;
        const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
        if (t.empty() || ec != std::errc{} || end != t.data() + t.size() || value < min || (max && value > *max)) {
            expected(node, what);
            return std::nullopt;
        }
        return value;
    }

    std::optional<bool> boolean(const config_node& node) {
        if (node.is_scalar()) {
            const auto& t = node.text();
            if (t == "true" || t == "yes" || t == "on") return true;
            if (t == "false" || t == "no" || t == "off") return false;
        }
        expected(node, "true or false");
        return std::nullopt;
    }

    std::optional<std::string> choice(const config_node& node, const std::vector<std::string>& allowed) {
        if (node.is_scalar() && std::find(allowed.begin(), allowed.end(), node.text()) != allowed.end())
            return node.text();
        std::string hint;
        if (node.is_scalar())
            if (auto close = suggestion(node.text(), allowed); !close.empty()) hint = "; did you mean '" + close + "'?";
        expected(node, one_of(allowed), hint);
        return std::nullopt;
    }

    std::optional<mentorkit::duration> duration(const config_node& node) {
        if (node.is_scalar())
            if (auto d = parse_duration(node.text())) return d;
        expected(node, duration_syntax, node.is_scalar() ? duration_hint(node.text()) : "");
        return std::nullopt;
    }

    std::optional<time_point> date(const config_node& node) {
        if (node.is_scalar())
            if (auto t = parse_date(node.text())) return t;
        expected(node, date_syntax, node.is_scalar() ? date_hint(node.text()) : "");
        return std::nullopt;
    }

private:
    std::vector<config_error>& errors_;
    std::string program_file_;
};

// ---- the schema ------------------------------------------------------------------------

const std::vector<std::string> top_level_keys = {"id",       "name",  "description", "timeline",  "participants",
                                                 "matching", "goals", "evaluation",  "rehearsal", "modules"};
const std::vector<std::string> rehearsal_keys = {"attendance",       "checkin_rate",         "rating_mean",
                                                 "rating_spread",    "goals_per_mentee",     "progress_per_meeting",
                                                 "dropout_per_month"};
const std::vector<std::string> timeline_keys = {"start",  "duration", "meeting_cadence", "meeting_length",
                                                "phases", "milestones"};
const std::vector<std::string> milestone_keys = {"name", "after", "from", "owner", "description"};
const std::vector<std::string> milestone_anchors = {"relationship", "start"};
const std::vector<std::string> milestone_owners = {"pair", "mentor", "mentee", "program_manager"};
const std::vector<std::string> phase_keys = {"name", "starts", "description"};
const std::vector<std::string> participants_keys = {"sources", "on_error"};
const std::vector<std::string> source_kinds = {"csv", "yaml", "europass"};
const std::vector<std::string> import_policies = {"stop", "skip"};
const std::vector<std::string> matching_keys = {"strategy", "capacity", "candidates", "weights", "constraints"};
const std::vector<std::string> strategies = {"optimal", "stable", "suggest"};
const std::vector<std::string> weight_keys = {"skills", "goals", "seniority", "language", "timezone"};
const std::vector<std::string> weight_levels = {"must", "high", "medium", "low", "none"};
const std::vector<std::string> constraint_keys = {"min_grade_gap", "max_grade_gap", "max_timezone_difference",
                                                  "language_min_level", "exclude_reporting_line"};
const std::vector<std::string> cefr_levels = {"A1", "A2", "B1", "B2", "C1", "C2"};
const std::vector<std::string> goals_keys = {"framework", "limit_per_mentee"};
const std::vector<std::string> goal_frameworks = {"smart", "okr", "free"};
// "at_risk" is known only to explain where it went (see check_evaluation).
const std::vector<std::string> evaluation_keys = {"surveys", "checkin_questions", "at_risk"};
const std::vector<std::string> question_keys = {"id", "text"};
const std::vector<std::string> survey_keys = {"name", "after", "at", "description"};
const std::vector<std::string> survey_anchors = {"end"};

// Calendar durations cannot be compared without a date; `start` gives one. When the
// start itself is wrong, any fixed date still orders offsets sensibly.
time_point reference_start(const std::optional<time_point>& start) {
    return start ? *start : *parse_date("2000-01-01");
}

void check_timeline(checker& check, const config_node& timeline) {
    if (!check.map(timeline)) return;
    check.check_keys(timeline, timeline_keys);

    std::optional<time_point> start;
    std::optional<mentorkit::duration> length;
    if (const auto* node = check.required(timeline, "start", "the day the program starts, as YYYY-MM-DD"))
        start = check.date(*node);
    if (const auto* node = check.required(timeline, "duration", "how long the program runs, such as '6 months'")) {
        length = check.duration(*node);
        if (length && length->is_zero()) {
            check.error(node->mark(), "the program duration must be longer than zero");
            length.reset();
        } else if (length && (length->months > detail::max_program_months ||
                              length->exact > std::chrono::days{31 * detail::max_program_months})) {
            // What a program generates grows with its length; a mentoring program runs months.
            check.error(node->mark(), "the program duration may be at most " +
                                          std::to_string(detail::max_program_months / 12) +
                                          " years (a typo such as '1000y'?); run a longer effort as programs in turn");
            length.reset();
        }
    }
    if (const auto* node = checker::optional(timeline, "meeting_cadence")) {
        if (const auto d = check.duration(*node))
            if (auto problem = meeting_cadence_problem(*d))
                check.error(node->mark(), "'" + node->path() + "' " + *problem);
    }
    if (const auto* node = checker::optional(timeline, "meeting_length")) {
        if (auto d = check.duration(*node)) {
            if (d->is_zero() || d->months != 0 || d->exact >= std::chrono::hours{24})
                check.error(node->mark(), "'" + node->path() +
                                              "' must be between zero and 24 hours (such as '45m' or '1h'), found '" +
                                              node->text() + "'");
        }
    }

    const auto* phases = checker::optional(timeline, "phases");
    if (phases == nullptr || !check.list(*phases, "phases, each with a name and when it starts")) return;
    const time_point origin = reference_start(start);
    std::map<std::string, int> names;  // name -> line of first use
    std::optional<std::pair<time_point, const config_node*>> previous;
    std::string previous_name;
    for (const auto& phase : phases->items()) {
        if (!check.map(phase)) continue;
        check.check_keys(phase, phase_keys);
        std::string name;
        if (const auto* node = check.required(phase, "name", "the phase's name, such as 'kickoff'")) {
            if (auto text = check.text(*node, "the phase's name")) {
                name = *text;
                if (auto [it, inserted] = names.emplace(name, node->mark().line); !inserted)
                    check.error(node->mark(), "phase name '" + name + "' is used twice (first at line " +
                                                  std::to_string(it->second) + ")");
            }
        }
        if (const auto* description = checker::optional(phase, "description"))
            check.text(*description, "a description of the phase");
        const auto* starts = check.required(
            phase, "starts", "when the phase starts, as a duration after timeline.start such as '0d' or '3w'");
        if (starts == nullptr) continue;
        const auto offset = check.duration(*starts);
        if (!offset) continue;
        const time_point at = origin + *offset;
        const std::string label = name.empty() ? "this phase" : "phase '" + name + "'";
        if (start && length && at >= *start + *length)
            check.error(starts->mark(), label + " starts at " + starts->text() +
                                            ", which is not before the program ends (duration " + to_string(*length) +
                                            "); a phase must start within the program");
        if (previous && at < previous->first)
            check.error(starts->mark(), label + " starts at " + starts->text() + ", before the phase above it" +
                                            (previous_name.empty() ? "" : " ('" + previous_name + "')") + " at " +
                                            previous->second->text() + "; list phases in the order they start");
        previous = std::pair{at, starts};
        previous_name = name;
    }
}

void check_milestones(checker& check, const config_node& timeline) {
    const auto* milestones = checker::optional(timeline, "milestones");
    if (milestones == nullptr || !check.list(*milestones, "milestones, each with a name and 'after'")) return;
    std::map<std::string, int> names;  // name -> line of first use
    for (const auto& milestone : milestones->items()) {
        if (!check.map(milestone)) continue;
        check.check_keys(milestone, milestone_keys);
        if (const auto* node = check.required(milestone, "name", "the milestone's name, such as 'goals-agreed'")) {
            if (auto text = check.text(*node, "the milestone's name")) {
                if (auto [it, inserted] = names.emplace(*text, node->mark().line); !inserted)
                    check.error(node->mark(), "milestone name '" + *text + "' is used twice (first at line " +
                                                  std::to_string(it->second) + ")");
            }
        }
        if (const auto* after = check.required(milestone, "after",
                                               "when it is due, as a duration after its 'from' such as '2w'"))
            check.duration(*after);
        if (const auto* node = checker::optional(milestone, "from")) check.choice(*node, milestone_anchors);
        if (const auto* node = checker::optional(milestone, "owner")) check.choice(*node, milestone_owners);
        if (const auto* node = checker::optional(milestone, "description"))
            check.text(*node, "a description of the milestone");
    }
}

void check_participants(checker& check, const config_node& participants) {
    if (!check.map(participants)) return;
    check.check_keys(participants, participants_keys);
    if (const auto* node = checker::optional(participants, "on_error")) check.choice(*node, import_policies);
    const auto* sources = checker::optional(participants, "sources");
    if (sources == nullptr || !check.list(*sources, "sources such as '{csv: people.csv}'")) return;
    for (const auto& source : sources->items()) {
        if (!source.is_map() || source.size() != 1) {
            check.expected(source, "one source, written as 'csv: <file>', 'yaml: <file>' or 'europass: <file or folder>'");
            continue;
        }
        check.check_keys(source, source_kinds);
        const auto& entry = source.entries().front();
        if (std::find(source_kinds.begin(), source_kinds.end(), entry.key) != source_kinds.end())
            check.text(entry.value, "the path of a " + entry.key + " file, relative to this file");
    }
}

void check_matching(checker& check, const config_node& matching) {
    if (!check.map(matching)) return;
    check.check_keys(matching, matching_keys);
    if (const auto* node = checker::optional(matching, "strategy")) check.choice(*node, strategies);
    if (const auto* node = checker::optional(matching, "capacity")) check.integer(*node, 1);
    if (const auto* node = checker::optional(matching, "candidates")) check.integer(*node, 1);

    if (const auto* weights = checker::optional(matching, "weights"); weights != nullptr && check.map(*weights)) {
        check.check_keys(*weights, weight_keys);
        for (const auto& e : weights->entries()) {
            const auto& value = e.value;
            if (value.is_null()) continue;
            if (value.is_scalar()) {
                const auto& t = value.text();
                if (std::find(weight_levels.begin(), weight_levels.end(), t) != weight_levels.end()) continue;
                double number = 0;
                const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), number);
                if (!t.empty() && ec == std::errc{} && end == t.data() + t.size() && std::isfinite(number) &&
                    number >= 0 && number <= 100)
                    continue;
            }
            std::string hint;
            if (value.is_scalar())
                if (auto close = suggestion(value.text(), weight_levels); !close.empty())
                    hint = "; did you mean '" + close + "'?";
            check.expected(value, one_of(weight_levels) + ", or a number from 0 to 100", hint);
        }
    }

    const auto* constraints = checker::optional(matching, "constraints");
    if (constraints == nullptr || !check.map(*constraints)) return;
    check.check_keys(*constraints, constraint_keys);
    std::optional<long long> min_gap;
    std::optional<long long> max_gap;
    // Gaps may be negative: a negative minimum allows reverse mentoring (a more senior mentee).
    constexpr long long any_gap = -1000;
    if (const auto* node = checker::optional(*constraints, "min_grade_gap")) min_gap = check.integer(*node, any_gap);
    if (const auto* node = checker::optional(*constraints, "max_grade_gap")) {
        max_gap = check.integer(*node, any_gap);
        if (min_gap && max_gap && *max_gap < *min_gap)
            check.error(node->mark(), "'" + node->path() + "' (" + std::to_string(*max_gap) +
                                          ") is smaller than min_grade_gap (" + std::to_string(*min_gap) +
                                          "): no pair could be matched");
    }
    if (const auto* node = checker::optional(*constraints, "max_timezone_difference")) {
        // Time zones on Earth span 26 hours (UTC-12 to UTC+14).
        if (auto d = check.duration(*node); d && (d->months != 0 || d->exact > std::chrono::hours{26}))
            check.error(node->mark(), "'" + node->path() +
                                          "' must be at most 26h (the widest gap between time zones), found '" +
                                          node->text() + "'");
    }
    if (const auto* node = checker::optional(*constraints, "language_min_level")) check.choice(*node, cefr_levels);
    if (const auto* node = checker::optional(*constraints, "exclude_reporting_line")) check.boolean(*node);
}

void check_goals(checker& check, const config_node& goals) {
    if (!check.map(goals)) return;
    check.check_keys(goals, goals_keys);
    if (const auto* node = checker::optional(goals, "framework")) check.choice(*node, goal_frameworks);
    if (const auto* node = checker::optional(goals, "limit_per_mentee")) check.integer(*node, 1);
}

// A number from `low` to `high` (decimals allowed).
void check_number(checker& check, const config_node& node, double low, double high, std::string_view what) {
    double value = 0;
    const auto& t = node.is_scalar() ? node.text() : std::string{};
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
    if (t.empty() || ec != std::errc{} || end != t.data() + t.size() || value < low || value > high)
        check.expected(node, what);
}

void check_rehearsal(checker& check, const config_node& rehearsal) {
    if (!check.map(rehearsal)) return;
    check.check_keys(rehearsal, rehearsal_keys);
    for (const char* key : {"attendance", "checkin_rate", "dropout_per_month"})
        if (const auto* node = checker::optional(rehearsal, key))
            check_number(check, *node, 0, 1, "a probability from 0 to 1, such as 0.85");
    if (const auto* node = checker::optional(rehearsal, "rating_mean"))
        check_number(check, *node, 1, 5, "a rating from 1 to 5, such as 4");
    if (const auto* node = checker::optional(rehearsal, "rating_spread"))
        check_number(check, *node, 0, 4, "a spread from 0 to 4, such as 0.8");
    if (const auto* node = checker::optional(rehearsal, "progress_per_meeting"))
        check_number(check, *node, 0, 100, "a percentage from 0 to 100, such as 12");
    if (const auto* node = checker::optional(rehearsal, "goals_per_mentee")) check.integer(*node, 0, 20);
}

void check_evaluation(checker& check, const config_node& evaluation) {
    if (!check.map(evaluation)) return;
    check.check_keys(evaluation, evaluation_keys);
    if (const auto* questions = checker::optional(evaluation, "checkin_questions");
        questions != nullptr && check.list(*questions, "check-in questions, each with an id and a text")) {
        std::map<std::string, int> ids;
        for (const auto& question : questions->items()) {
            if (!check.map(question)) continue;
            check.check_keys(question, question_keys);
            if (const auto* id = check.required(question, "id", "the question's id, such as 'usefulness'")) {
                if (auto text = check.text(*id, "the question's id")) {
                    if (auto [it, inserted] = ids.emplace(*text, id->mark().line); !inserted)
                        check.error(id->mark(), "question id '" + *text + "' is used twice (first at line " +
                                                    std::to_string(it->second) + ")");
                }
            }
            if (const auto* text = check.required(question, "text", "the question as participants read it"))
                check.text(*text, "the question as participants read it");
        }
    }
    // Programs written for mentorkit 0.1 kept these thresholds here.
    if (const auto* at_risk = evaluation.find("at_risk"))
        check.error(at_risk->mark(), "'evaluation.at_risk' has moved to the relationship module: write the same "
                                     "settings under 'modules.relationship.at_risk'");
    const auto* surveys = checker::optional(evaluation, "surveys");
    if (surveys == nullptr || !check.list(*surveys, "surveys, each with a name and 'after' or 'at'")) return;
    std::map<std::string, int> names;
    for (const auto& survey : surveys->items()) {
        if (!check.map(survey)) continue;
        check.check_keys(survey, survey_keys);
        if (const auto* node = check.required(survey, "name", "the survey's name, such as 'pulse'")) {
            if (auto text = check.text(*node, "the survey's name")) {
                if (auto [it, inserted] = names.emplace(*text, node->mark().line); !inserted)
                    check.error(node->mark(), "survey name '" + *text + "' is used twice (first at line " +
                                                  std::to_string(it->second) + ")");
            }
        }
        if (const auto* description = checker::optional(survey, "description"))
            check.text(*description, "a description of the survey");
        const auto* after = checker::optional(survey, "after");
        const auto* at = checker::optional(survey, "at");
        if (after != nullptr && at != nullptr) {
            check.error(at->mark(), "a survey has either 'after' (a duration after the match) or 'at: end', not both");
        } else if (after == nullptr && at == nullptr) {
            check.error(survey.mark(),
                        "a survey needs 'after' (a duration after the match, such as '30d') or 'at: end'");
        }
        if (after != nullptr) check.duration(*after);
        if (at != nullptr) check.choice(*at, survey_anchors);
    }
}

// Returns the modules in file order; problems go to `check`.
std::vector<module_settings> check_modules(checker& check, const config_node& modules) {
    std::vector<module_settings> out;
    if (!check.map(modules)) return out;
    for (const auto& e : modules.entries()) {
        const auto& mark = e.key_mark.line > 0 ? e.key_mark : e.value.mark();
        if (!detail::is_plugin_id(e.key))
            check.error(mark,
                        "module name '" + e.key +
                            "' must start with a lowercase letter and contain only lowercase letters, digits and '_'");
        if (e.value.is_null()) continue;  // unset (for instance by a program that extends a template)
        if (!e.value.is_map()) {
            check.expected(e.value, "true, false or a mapping of the module's settings");
            continue;
        }
        module_settings module{e.key, true, e.value, mark};
        if (const auto* enabled = checker::optional(e.value, "enabled")) {
            if (auto value = check.boolean(*enabled)) module.enabled = *value;
        }
        module.config.erase("enabled");
        out.push_back(std::move(module));
    }
    return out;
}

// ---- templates -------------------------------------------------------------------------

bool has_yaml_extension(const fs::path& p) { return p.extension() == ".yaml" || p.extension() == ".yml"; }

bool is_file(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

// The names of the templates in `dirs`, sorted, for "not found" messages.
std::vector<std::string> available_templates(const std::vector<fs::path>& dirs) {
    std::vector<std::string> names;
    for (const auto& dir : dirs) {
        std::error_code ec;
        for (fs::directory_iterator it{dir, ec}, end; !ec && it != end; it.increment(ec)) {
            if (has_yaml_extension(it->path()) && is_file(it->path())) names.push_back(it->path().stem().string());
        }
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
}

std::string dirs_text(const std::vector<fs::path>& dirs) {
    std::vector<std::string> texts;
    for (const auto& d : dirs) texts.push_back(d.string());
    return join_words(texts, ", ");
}

// `extends:` holds either a path (it has a '/'; taken from the extending file's folder;
// ".yaml" may be left out) or a template name looked up in the template folders.
std::optional<fs::path> find_template(const std::string& ref, const fs::path& from_file,
                                      const program_loader_options& options) {
    const fs::path written{ref};
    if (ref.find('/') != std::string::npos || written.is_absolute()) {
        const fs::path base = written.is_absolute() ? written : (from_file.parent_path() / written);
        std::vector<fs::path> candidates;
        if (has_yaml_extension(base))
            candidates = {base};
        else
            candidates = {fs::path{base} += ".yaml", fs::path{base} += ".yml"};
        for (const auto& c : candidates)
            if (is_file(c)) return c.lexically_normal();
        return std::nullopt;
    }
    const std::string name = has_yaml_extension(written) ? written.stem().string() : ref;
    for (const auto& dir : options.template_dirs) {
        for (const char* extension : {".yaml", ".yml"}) {
            const auto candidate = dir / (name + extension);
            if (is_file(candidate)) return candidate.lexically_normal();
        }
    }
    return std::nullopt;
}

std::string missing_template_message(const std::string& ref, const fs::path& from_file,
                                     const program_loader_options& options) {
    std::string message = "template '" + ref + "' not found";
    const fs::path written{ref};
    const bool is_path = ref.find('/') != std::string::npos || written.is_absolute();
    if (is_path) {
        auto looked_for = written.is_absolute() ? written : from_file.parent_path() / written;
        if (!has_yaml_extension(looked_for)) looked_for += ".yaml";
        message += " (looked for " + looked_for.lexically_normal().string() + ")";
    } else if (options.template_dirs.empty())
        message += ": no template folders are configured (template_dirs in the kernel config)";
    else
        message += " in " + dirs_text(options.template_dirs);
    if (options.template_dirs.empty()) return message;
    const auto names = available_templates(options.template_dirs);
    if (names.empty()) return message + "; there are no templates in " + dirs_text(options.template_dirs);
    if (!is_path) {
        const std::string stem = has_yaml_extension(fs::path{ref}) ? fs::path{ref}.stem().string() : ref;
        if (auto close = closest_match(stem, names); !close.empty()) message += "; did you mean '" + close + "'?";
    }
    return message + (message.back() == '?' ? " Available" : "; available") + " templates: " + join_words(names, ", ");
}

struct chain_link {
    fs::path file;
    fs::path identity;  // for cycle detection: the same file reached by two spellings is one file
    config_node root;
};

fs::path identity_of(const fs::path& p) {
    std::error_code ec;
    auto canonical = fs::weakly_canonical(p, ec);
    return ec ? fs::absolute(p, ec).lexically_normal() : canonical;
}

std::string cycle_text(const std::vector<chain_link>& chain, std::size_t from) {
    std::vector<fs::path> files;
    for (std::size_t i = from; i < chain.size(); ++i) files.push_back(chain[i].file);
    files.push_back(chain[from].file);
    // File names read best; full paths only when two files of the cycle share a name.
    bool names_unique = true;
    for (std::size_t i = 0; i + 1 < files.size(); ++i)
        for (std::size_t j = i + 1; j + 1 < files.size(); ++j)
            if (files[i].filename() == files[j].filename()) names_unique = false;
    std::string chain_text;
    for (const auto& f : files)
        chain_text += (chain_text.empty() ? "" : " \u2192 ") + (names_unique ? f.filename().string() : f.string());
    return chain_text;
}

// The folders templates may be read from, symbolic links resolved: the program's own and
// the template folders. `extends:` must not reach any other file on the machine.
std::vector<fs::path> template_roots(const fs::path& program_file, const program_loader_options& options) {
    std::vector<fs::path> roots{identity_of(fs::absolute(program_file).parent_path())};
    for (const auto& dir : options.template_dirs) roots.push_back(identity_of(dir));
    return roots;
}

bool is_within(const fs::path& file, const std::vector<fs::path>& roots) {
    return std::any_of(roots.begin(), roots.end(), [&file](const fs::path& root) {
        return std::mismatch(root.begin(), root.end(), file.begin(), file.end()).first == root.end();
    });
}

// The file and every template above it, the file first. Problems stop the walk.
std::vector<chain_link> load_chain(const fs::path& file, const program_loader_options& options,
                                   std::vector<config_error>& errors) {
    std::vector<chain_link> chain;
    const auto roots = template_roots(file, options);
    fs::path current = file;
    while (true) {
        config_node root;
        try {
            root = detail::load_yaml_file(current, detail::max_program_file_bytes, "a program definition");
        } catch (const detail::yaml_error& e) {
            errors.insert(errors.end(), e.errors().begin(), e.errors().end());
            return chain;
        } catch (const config_error& e) {
            errors.push_back(e);
            return chain;
        }
        chain.push_back(chain_link{current, identity_of(current), root});
        if (!root.is_map()) return chain;  // validation reports it for the program; see below for templates

        const auto* extends = root.find("extends");
        if (extends == nullptr || extends->is_null()) return chain;
        if (!extends->is_scalar() || extends->text().empty()) {
            errors.emplace_back(extends->mark(),
                                "expected a template name (such as 'standard-mentoring') or a path "
                                "(such as '../templates/base.yaml') for 'extends', found " +
                                    describe(*extends));
            return chain;
        }
        auto next = find_template(extends->text(), current, options);
        if (!next) {
            errors.emplace_back(extends->mark(), missing_template_message(extends->text(), current, options));
            return chain;
        }
        const auto identity = identity_of(*next);
        if (!is_within(identity, roots)) {
            errors.emplace_back(extends->mark(), "template '" + detail::printable(extends->text()) + "' is " +
                                                     identity.string() +
                                                     ", outside the program's folder and the template folders (" +
                                                     dirs_text(roots) + "); templates are read only from those");
            return chain;
        }
        for (std::size_t i = 0; i < chain.size(); ++i) {
            if (chain[i].identity == identity) {
                errors.emplace_back(extends->mark(), "templates extend each other in a cycle: " + cycle_text(chain, i));
                return chain;
            }
        }
        current = *next;
    }
}

// ---- merging ---------------------------------------------------------------------------

// `modules: {x: true}` is shorthand for `{x: {enabled: true}}`. Expanding it before the
// merge lets a program write `relationship: true` without losing the template's
// relationship settings (a scalar would otherwise replace the whole mapping).
void expand_module_shorthand(config_node& root) {
    auto* modules = root.find("modules");
    if (modules == nullptr || !modules->is_map()) return;
    std::vector<std::pair<std::string, config_node>> expanded;
    for (const auto& e : modules->entries()) {
        if (!e.value.is_scalar()) continue;
        const auto& t = e.value.text();
        if (t != "true" && t != "false" && t != "yes" && t != "no" && t != "on" && t != "off") continue;
        auto section = config_node::map(e.value.mark());
        section.set("enabled", e.value, e.value.mark());
        expanded.emplace_back(e.key, std::move(section));
    }
    for (auto& [key, section] : expanded) modules->set(key, std::move(section));
}

// Mappings merge key by key, the child winning; anything else in the child replaces the
// base whole. A null in the child removes the key. Nodes are copied, never rebuilt, so
// every value keeps the mark of the file that wrote it.
config_node merge(const config_node& base, const config_node& child) {
    if (!base.is_map() || !child.is_map()) return child;
    auto out = config_node::map(child.mark());
    for (const auto& e : base.entries()) {
        const auto over = std::find_if(child.entries().begin(), child.entries().end(),
                                       [&e](const config_entry& c) { return c.key == e.key; });
        if (over == child.entries().end())
            out.set(e.key, e.value, e.key_mark);
        else if (!over->value.is_null())
            out.set(e.key, merge(e.value, over->value), over->key_mark);
    }
    for (const auto& e : child.entries()) {
        if (!base.contains(e.key) && !e.value.is_null()) out.set(e.key, e.value, e.key_mark);
    }
    return out;
}

// ---- errors ----------------------------------------------------------------------------

std::string sort_and_join(std::vector<config_error>& errors) {
    const auto key = [](const config_error& e) { return std::tie(e.mark().file, e.mark().line, e.mark().column); };
    std::stable_sort(errors.begin(), errors.end(),
                     [&key](const config_error& a, const config_error& b) { return key(a) < key(b); });
    // The same node can be reached twice (a YAML alias); report it once.
    errors.erase(std::unique(errors.begin(), errors.end(),
                             [&key](const config_error& a, const config_error& b) {
                                 return key(a) == key(b) && a.message() == b.message();
                             }),
                 errors.end());
    if (errors.empty()) return "invalid program definition";
    std::string out;
    for (const auto& e : errors) {
        if (!out.empty()) out += '\n';
        out += e.what();
    }
    return out;
}

}  // namespace

std::optional<std::string> meeting_cadence_problem(duration cadence) {
    using namespace std::chrono;
    if (cadence.is_zero()) return "must be longer than zero (how often pairs meet, such as '2w')";
    // What the kernel publishes for each meeting of a pair: meeting.scheduled, meeting.due,
    // then meeting.missed or checkin.due (the role modules add their own reactions).
    constexpr long long events_per_meeting = 3;
    constexpr auto limit = static_cast<long long>(detail::max_events_per_relationship_per_day);
    constexpr milliseconds shortest = duration_cast<milliseconds>(hours{24}) * events_per_meeting / limit;
    if (cadence.months > 0 || cadence.exact >= shortest) return std::nullopt;
    std::string rate;
    if (cadence.exact.count() > 0) {
        const milliseconds day = hours{24};
        const auto meetings_a_day = (day + cadence.exact - milliseconds{1}) / cadence.exact;  // rounded up
        rate = " would make each pair generate up to " + std::to_string(meetings_a_day * events_per_meeting) +
               " events a day (" + std::to_string(events_per_meeting) + " per meeting), but";
    }
    return "of " + to_string(cadence) + rate + " at most " + std::to_string(limit) +
           " events per pair a day are allowed: meetings must be at least " + to_string(duration{0, shortest}) +
           " apart (such as '1w')";
}

program_error::program_error(std::vector<config_error> errors)
    : std::runtime_error(sort_and_join(errors)), errors_(std::move(errors)) {}

std::vector<const module_settings*> program_definition::enabled_modules() const {
    std::vector<const module_settings*> out;
    for (const auto& m : modules)
        if (m.enabled) out.push_back(&m);
    return out;
}

program_definition load_program(const std::filesystem::path& file, const program_loader_options& options) {
    std::vector<config_error> errors;
    auto chain = load_chain(file, options, errors);
    for (std::size_t i = 1; i < chain.size(); ++i) {
        if (!chain[i].root.is_map())
            errors.emplace_back(chain[i].root.mark(),
                                "a template must be a mapping of 'key: value' lines, found " + kind_of(chain[i].root));
    }
    if (!errors.empty()) throw program_error(std::move(errors));

    // The most general template first, each extending file merged over it.
    config_node merged;
    for (auto link = chain.rbegin(); link != chain.rend(); ++link) {
        link->root.erase("extends");
        expand_module_shorthand(link->root);
        merged = link == chain.rbegin() ? link->root : merge(merged, link->root);
    }
    merged.assign_paths("");

    if (!merged.is_map()) {
        errors.emplace_back(
            merged.mark(), merged.is_null() ? "the program definition is empty; it needs at least id, name and timeline"
                                            : "a program definition must be a mapping of 'key: value' lines, found " +
                                                  kind_of(merged));
        throw program_error(std::move(errors));
    }

    checker check{errors, chain.front().root.mark().file};
    check.check_keys(merged, top_level_keys);

    program_definition program;
    program.file = file;
    for (const auto& link : chain) program.chain.push_back(link.file);

    if (const auto* node =
            check.required(merged, "id", "the program's id: lowercase letters, digits and '-', such as 'eng-2027'")) {
        if (node->is_scalar() && is_lower_slug(node->text()))
            program.id = node->text();
        else
            check.expected(*node, "an id of lowercase letters, digits and '-', such as 'eng-2027'");
    }
    if (const auto* node = check.required(merged, "name", "the program's name, such as 'Engineering mentoring 2027'")) {
        if (auto text = check.text(*node, "the program's name as text")) program.name = *text;
    }
    if (const auto* node = checker::optional(merged, "description")) {
        if (auto text = check.text(*node, "a description as text")) program.description = *text;
    }
    if (const auto* timeline = check.required(merged, "timeline", "a mapping with at least start and duration")) {
        check_timeline(check, *timeline);
        if (timeline->is_map()) check_milestones(check, *timeline);
        if (timeline->is_map()) {
            if (const auto* start = checker::optional(*timeline, "start"); start && start->is_scalar())
                program.start = parse_date(start->text()).value_or(time_point{});
            if (const auto* length = checker::optional(*timeline, "duration"); length && length->is_scalar())
                program.length = parse_duration(length->text()).value_or(mentorkit::duration{});
        }
    }
    if (const auto* node = checker::optional(merged, "participants")) check_participants(check, *node);
    if (const auto* node = checker::optional(merged, "matching")) check_matching(check, *node);
    if (const auto* node = checker::optional(merged, "goals")) check_goals(check, *node);
    if (const auto* node = checker::optional(merged, "rehearsal")) check_rehearsal(check, *node);
    if (const auto* node = checker::optional(merged, "evaluation")) check_evaluation(check, *node);
    if (const auto* node = checker::optional(merged, "modules")) program.modules = check_modules(check, *node);

    if (!errors.empty()) throw program_error(std::move(errors));
    program.root = std::move(merged);
    return program;
}

}  // namespace mentorkit
