#include "report/report_figures.hpp"

// The figures are a fold over the journal, read once in order, plus two state tables
// (people, relationships). Where the store's state has a figure the journal must give
// again (a goal's current status, who is withdrawn), the fold mirrors the projection's
// rules instead of querying per goal or person, so a 100k-event journal costs one read.

#include "output/csv_field.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace mentorkit {

namespace {

using json = nlohmann::json;

constexpr int schema_version = 1;
// A relationship counts as at risk now when it was last raised at risk this recently.
constexpr std::chrono::days at_risk_window{42};
constexpr int histogram_bins = 10;  // of 10 score points each; the last takes 100 too
constexpr std::string_view unspecified = "unspecified";

double rounded(double value, int decimals) {
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

// Ratios are 0..1 with 3 decimals; 0 when there is nothing to divide.
double ratio(std::size_t part, std::size_t whole) {
    return whole == 0 ? 0.0 : rounded(static_cast<double>(part) / static_cast<double>(whole), 3);
}

double mean(double sum, std::size_t count, int decimals) {
    return count == 0 ? 0.0 : rounded(sum / static_cast<double>(count), decimals);
}

std::string text_of(const json& payload, const char* field) {
    const auto it = payload.find(field);
    return it != payload.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

std::string or_unspecified(std::string text) { return text.empty() ? std::string{unspecified} : text; }

double number_of(const json& payload, const char* field) {
    const auto it = payload.find(field);
    return it != payload.end() && it->is_number() ? it->get<double>() : 0.0;
}

// A rating 1..5, or 0 when missing, 0, out of range or not a whole number (ignored).
int rating_of(const json& payload) {
    const double value = number_of(payload, "rating");
    if (value != std::floor(value) || value < 1 || value > 5) return 0;
    return static_cast<int>(value);
}

std::string day_text(time_point t) { return format_date(time_point{std::chrono::floor<std::chrono::days>(t)}); }

// Months as a running number (year * 12 + month - 1), so a range can be walked.
int month_of(time_point t) {
    const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(t)};
    return static_cast<int>(ymd.year()) * 12 + static_cast<int>(static_cast<unsigned>(ymd.month())) - 1;
}

std::string month_text(int month) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d", month / 12, month % 12 + 1);
    return buffer;
}

// A date a payload gives (held_on, on), else the event's own time.
time_point date_or(const json& payload, const char* field, time_point fallback) {
    const auto parsed = parse_date(text_of(payload, field));
    return parsed ? *parsed : fallback;
}

struct rating_tally {
    std::size_t count = 0;
    double sum = 0;
    std::array<std::size_t, 5> distribution{};

    void add(int rating) {
        ++count;
        sum += rating;
        ++distribution[static_cast<std::size_t>(rating - 1)];
    }
    double average() const { return mean(sum, count, 2); }
    json distribution_json() const {
        auto out = json::array();
        for (std::size_t i = 0; i < distribution.size(); ++i)
            out.push_back({{"rating", i + 1}, {"count", distribution[i]}});
        return out;
    }
};

struct month_tally {
    std::size_t held = 0;
    std::size_t missed = 0;
    rating_tally ratings;
};

struct pair_state {
    bool proposed = false;
    double score = 0;    // of the latest match.proposed
    std::string status;  // proposed, accepted or declined: the latest event's
};

struct goal_state {
    std::string area;
    std::string status;
};

struct at_risk_state {
    time_point last{};
    std::size_t times = 0;
    std::string reason;
    std::string suggestion;
};

struct unmatched_event {
    event_id id = 0;
    std::string person_id;
    std::string role;
    std::string reason;
};

struct survey_tally {
    std::string name;
    std::size_t responses = 0;
    rating_tally ratings;
};

// Everything the figures need from the journal, gathered in one pass.
class journal_tally {
public:
    void add(const event& e);

    std::optional<time_point> last_time;
    bool closed = false;
    std::unordered_map<std::string, std::string> names;  // person id → name, withdrawn people too
    std::unordered_map<std::string, bool> withdrawn;     // person id → withdrawn now (the people table's status)
    std::map<std::pair<std::string, std::string>, pair_state> pairs;  // (mentor, mentee)
    event_id last_proposed = 0;
    std::vector<unmatched_event> unmatched;
    std::map<int, month_tally> months;
    std::size_t held = 0;
    std::size_t missed = 0;
    std::unordered_map<std::string, goal_state> goals;
    std::unordered_map<std::string, at_risk_state> at_risk;  // relationship id →
    rating_tally checkins;
    std::vector<survey_tally> surveys;                                  // in order of first appearance
    std::map<std::string, std::map<std::string, std::size_t>> outputs;  // source → topic → events

private:
    std::unordered_set<std::string> held_meetings_, missed_meetings_;
    std::unordered_map<std::string, std::size_t> survey_index_;
};

void journal_tally::add(const event& e) {
    last_time = e.time;
    const auto& t = e.topic;
    const auto& p = e.payload;
    if (t == "participant.enrolled" || t == "participant.updated") {
        const auto id = text_of(p, "id");
        names[id] = text_of(p, "name");
        withdrawn[id] = false;
    } else if (t == "participant.withdrew") {
        // As the store: withdrawing someone never enrolled changes nothing.
        if (const auto it = withdrawn.find(text_of(p, "person_id")); it != withdrawn.end()) it->second = true;
    } else if (t == "match.proposed") {
        auto& pair = pairs[{text_of(p, "mentor_id"), text_of(p, "mentee_id")}];
        pair.proposed = true;
        pair.score = number_of(p, "score");
        pair.status = "proposed";
        last_proposed = e.id;
    } else if (t == "match.accepted" || t == "match.declined") {
        pairs[{text_of(p, "mentor_id"), text_of(p, "mentee_id")}].status =
            t == "match.accepted" ? "accepted" : "declined";
    } else if (t == "match.unmatched") {
        unmatched.push_back({e.id, text_of(p, "person_id"), text_of(p, "role"), text_of(p, "reason")});
    } else if (t == "meeting.held") {
        // A meeting reported held twice was held once (the runtime counts it so too).
        if (held_meetings_.insert(text_of(p, "meeting_id")).second) {
            ++held;
            ++months[month_of(date_or(p, "held_on", e.time))].held;
        }
    } else if (t == "meeting.missed") {
        if (missed_meetings_.insert(text_of(p, "meeting_id")).second) {
            ++missed;
            ++months[month_of(e.time)].missed;
        }
    } else if (t == "goal.set") {
        auto status = text_of(p, "status");
        if (status != "at_risk" && status != "achieved" && status != "abandoned") status = "open";
        goals[text_of(p, "id")] = {text_of(p, "area"), std::move(status)};
    } else if (t == "goal.progressed" || t == "goal.achieved" || t == "goal.at_risk" || t == "goal.abandoned") {
        const auto it = goals.find(text_of(p, "goal_id"));
        if (it == goals.end()) return;
        auto& status = it->second.status;
        // The projection's rule: progress puts a goal at risk back on track, but does not
        // reopen an achieved or abandoned one.
        if (t == "goal.progressed") {
            if (status != "achieved" && status != "abandoned") status = "open";
        } else {
            status = t.substr(std::string_view{"goal."}.size());
        }
    } else if (t == "relationship.at_risk") {
        auto& risk = at_risk[text_of(p, "relationship_id")];
        risk.last = e.time;
        ++risk.times;
        risk.reason = text_of(p, "reason");
        risk.suggestion = text_of(p, "suggestion");
    } else if (t == "checkin.submitted" || t == "feedback.given") {
        if (const int rating = rating_of(p); rating > 0) {
            checkins.add(rating);
            months[month_of(date_or(p, "on", e.time))].ratings.add(rating);
        }
    } else if (t == "survey.completed") {
        const auto name = or_unspecified(text_of(p, "survey"));
        const auto [it, added] = survey_index_.try_emplace(name, surveys.size());
        if (added) surveys.push_back({name, 0, {}});
        auto& survey = surveys[it->second];
        ++survey.responses;
        if (const int rating = rating_of(p); rating > 0) survey.ratings.add(rating);
    } else if (t == "program.closed") {
        closed = true;
    }
    // counsel.flagged is for the pair alone: the report does not even count it.
    if (t != "counsel.flagged") ++outputs[e.source][t];
}

json enrolment_figures(const store& s, const journal_tally& tally) {
    std::size_t mentors = 0, mentees = 0, both = 0;
    const auto people = s.people();
    for (const auto& person : people) {
        switch (person.role) {
            case participant_role::mentor:
                ++mentors;
                break;
            case participant_role::mentee:
                ++mentees;
                break;
            case participant_role::both:
                ++both;
                break;
        }
    }
    const auto withdrawn = static_cast<std::size_t>(
        std::count_if(tally.withdrawn.begin(), tally.withdrawn.end(), [](const auto& entry) { return entry.second; }));
    return {{"people", people.size()},
            {"mentors", mentors},
            {"mentees", mentees},
            {"both", both},
            {"withdrawn", withdrawn}};
}

json matching_figures(const journal_tally& tally) {
    std::size_t proposals = 0, accepted = 0, declined = 0;
    double score_sum = 0;
    std::array<std::size_t, histogram_bins> bins{};
    for (const auto& [key, pair] : tally.pairs) {
        if (pair.status == "accepted") ++accepted;
        if (pair.status == "declined") ++declined;
        if (!pair.proposed) continue;
        ++proposals;
        score_sum += pair.score;
        const auto bin = static_cast<int>(std::floor(pair.score / 10));
        ++bins[static_cast<std::size_t>(std::clamp(bin, 0, histogram_bins - 1))];
    }
    auto histogram = json::array();
    for (int i = 0; i < histogram_bins; ++i)
        histogram.push_back({{"from", i * 10}, {"to", (i + 1) * 10}, {"count", bins[static_cast<std::size_t>(i)]}});

    // The last run's: those after its proposals, the latest per person and role.
    std::map<std::pair<std::string, std::string>, std::string> unmatched;
    for (const auto& u : tally.unmatched)
        if (u.id > tally.last_proposed) unmatched[{u.person_id, u.role}] = u.reason;
    std::map<std::string, std::size_t> reason_counts;
    for (const auto& [who, reason] : unmatched) ++reason_counts[or_unspecified(reason)];
    std::vector<std::pair<std::string, std::size_t>> reasons{reason_counts.begin(), reason_counts.end()};
    std::stable_sort(reasons.begin(), reasons.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    auto reason_list = json::array();
    for (const auto& [reason, count] : reasons) reason_list.push_back({{"reason", reason}, {"count", count}});

    return {{"proposals", proposals},
            {"accepted", accepted},
            {"declined", declined},
            {"score_mean", mean(score_sum, proposals, 1)},
            {"score_histogram", std::move(histogram)},
            {"unmatched", unmatched.size()},
            {"unmatched_reasons", std::move(reason_list)}};
}

// Every month from the program's start to as_of, widened to any month that has data.
std::pair<int, int> month_range(const journal_tally& tally, time_point start, time_point as_of) {
    int first = month_of(start);
    int last = std::max(first, month_of(as_of));
    if (!tally.months.empty()) {
        first = std::min(first, tally.months.begin()->first);
        last = std::max(last, tally.months.rbegin()->first);
    }
    return {first, last};
}

json meeting_figures(const journal_tally& tally, std::pair<int, int> range) {
    auto by_month = json::array();
    for (int m = range.first; m <= range.second; ++m) {
        const auto it = tally.months.find(m);
        const month_tally none;
        const auto& month = it != tally.months.end() ? it->second : none;
        by_month.push_back({{"month", month_text(m)},
                            {"held", month.held},
                            {"missed", month.missed},
                            {"adherence", ratio(month.held, month.held + month.missed)}});
    }
    return {{"held", tally.held},
            {"missed", tally.missed},
            {"adherence", ratio(tally.held, tally.held + tally.missed)},
            {"by_month", std::move(by_month)}};
}

json goal_figures(const journal_tally& tally) {
    struct counts {
        std::size_t set = 0, achieved = 0, at_risk = 0, abandoned = 0;
        void add(const std::string& status) {
            ++set;
            if (status == "achieved") ++achieved;
            if (status == "at_risk") ++at_risk;
            if (status == "abandoned") ++abandoned;
        }
        json to_json() const {
            return {{"set", set},
                    {"achieved", achieved},
                    {"at_risk", at_risk},
                    {"abandoned", abandoned},
                    {"attainment", ratio(achieved, set)}};
        }
    };
    counts all;
    std::map<std::string, counts> areas;
    for (const auto& [id, g] : tally.goals) {
        all.add(g.status);
        areas[or_unspecified(g.area)].add(g.status);
    }
    std::vector<std::pair<std::string, counts>> sorted{areas.begin(), areas.end()};
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto& a, const auto& b) { return a.second.set > b.second.set; });
    auto by_area = json::array();
    for (const auto& [area, c] : sorted) {
        auto entry = c.to_json();
        entry["area"] = area;
        by_area.push_back(std::move(entry));
    }
    auto out = all.to_json();
    out["by_area"] = std::move(by_area);
    return out;
}

json relationship_figures(const store& s, const journal_tally& tally, time_point as_of) {
    const auto today = std::chrono::floor<std::chrono::days>(as_of);
    std::size_t active = 0, at_risk = 0, completed = 0, closed_early = 0;
    struct listed {
        json entry;
        bool active;
        time_point raised;
        std::string id;
    };
    std::vector<listed> list;
    auto name_of = [&tally](const std::string& id) {
        const auto it = tally.names.find(id);
        return it != tally.names.end() ? it->second : std::string{};
    };
    const auto relationships = s.relationships();
    for (const auto& r : relationships) {
        const bool is_active = r.status == relationship_status::active;
        if (is_active) ++active;
        if (r.status == relationship_status::completed) ++completed;
        if (r.status == relationship_status::closed_early) ++closed_early;
        const auto risk = tally.at_risk.find(r.id);
        if (risk == tally.at_risk.end()) continue;
        const auto& raised = risk->second;
        if (is_active && today - std::chrono::floor<std::chrono::days>(raised.last) <= at_risk_window) ++at_risk;
        list.push_back({{{"relationship_id", r.id},
                         {"mentor_id", r.mentor_id},
                         {"mentor_name", name_of(r.mentor_id)},
                         {"mentee_id", r.mentee_id},
                         {"mentee_name", name_of(r.mentee_id)},
                         {"raised_on", day_text(raised.last)},
                         {"times_raised", raised.times},
                         {"reason", raised.reason},
                         {"suggestion", raised.suggestion},
                         {"status", std::string{to_string(r.status)}}},
                        is_active,
                        raised.last,
                        r.id});
    }
    std::sort(list.begin(), list.end(), [](const listed& a, const listed& b) {
        if (a.active != b.active) return a.active;
        if (a.raised != b.raised) return a.raised > b.raised;
        return a.id < b.id;
    });
    auto at_risk_list = json::array();
    for (auto& item : list) at_risk_list.push_back(std::move(item.entry));
    return {{"total", relationships.size()},
            {"on_track", active - at_risk},
            {"at_risk", at_risk},
            {"completed", completed},
            {"closed_early", closed_early},
            {"ever_at_risk", list.size()},
            {"at_risk_list", std::move(at_risk_list)}};
}

json satisfaction_figures(const journal_tally& tally, std::pair<int, int> range) {
    auto by_month = json::array();
    for (int m = range.first; m <= range.second; ++m) {
        const auto it = tally.months.find(m);
        const auto& ratings = it != tally.months.end() ? it->second.ratings : rating_tally{};
        by_month.push_back(
            {{"month", month_text(m)}, {"checkins", ratings.count}, {"average_rating", ratings.average()}});
    }
    auto surveys = json::array();
    for (const auto& survey : tally.surveys)
        surveys.push_back({{"survey", survey.name},
                           {"responses", survey.responses},
                           {"average_rating", survey.ratings.average()},
                           {"distribution", survey.ratings.distribution_json()}});
    return {{"checkins", tally.checkins.count},
            {"average_rating", tally.checkins.average()},
            {"rating_distribution", tally.checkins.distribution_json()},
            {"by_month", std::move(by_month)},
            {"surveys", std::move(surveys)}};
}

json module_figures(const journal_tally& tally, const program_definition& program) {
    auto out = json::array();
    for (const auto* module : program.enabled_modules()) {
        std::size_t total = 0;
        auto by_topic = json::array();
        if (const auto it = tally.outputs.find(module->name); it != tally.outputs.end()) {
            for (const auto& [topic, count] : it->second) {  // a std::map: sorted by topic
                total += count;
                by_topic.push_back({{"topic", topic}, {"count", count}});
            }
        }
        out.push_back({{"module", module->name}, {"outputs", total}, {"by_topic", std::move(by_topic)}});
    }
    return out;
}

// ---- CSV -------------------------------------------------------------------------------

std::string cell(const json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_null()) return {};
    return value.dump();
}

const json& section(const json& figures, const char* name, const char* field) {
    static const json empty = json::array();
    const auto s = figures.find(name);
    if (s == figures.end()) return empty;
    const auto f = s->find(field);
    return f != s->end() ? *f : empty;
}

// One row per item of `items`, a column per field (empty when the item lacks it).
csv_table table_of(std::string name, const json& items, std::vector<std::string> fields) {
    csv_table table{std::move(name), std::move(fields), {}};
    for (const auto& item : items) {
        auto& row = table.rows.emplace_back();
        for (const auto& field : table.header) {
            const auto it = item.find(field);
            row.push_back(it != item.end() ? cell(*it) : std::string{});
        }
    }
    return table;
}

}  // namespace

nlohmann::json report_figures(const store& s, const program_definition& program) {
    journal_tally tally;
    for (const auto& e : s.journal()) tally.add(e);
    const auto as_of = tally.last_time.value_or(program.start);
    const auto months = month_range(tally, program.start, as_of);

    auto modules = json::array();
    for (const auto* module : program.enabled_modules()) modules.push_back(module->name);

    return {{"report", {{"generated_for", program.id}, {"as_of", day_text(as_of)}, {"schema", schema_version}}},
            {"program",
             {{"id", program.id},
              {"name", program.name},
              {"start", day_text(program.start)},
              {"end", day_text(program.end())},
              {"status", tally.closed ? "closed" : "running"},
              {"modules", std::move(modules)}}},
            {"enrolment", enrolment_figures(s, tally)},
            {"matching", matching_figures(tally)},
            {"meetings", meeting_figures(tally, months)},
            {"goals", goal_figures(tally)},
            {"relationships", relationship_figures(s, tally, as_of)},
            {"satisfaction", satisfaction_figures(tally, months)},
            {"modules", module_figures(tally, program)}};
}

std::vector<csv_table> report_tables(const nlohmann::json& figures) {
    std::vector<csv_table> tables;
    tables.push_back(
        table_of("matching-scores", section(figures, "matching", "score_histogram"), {"from", "to", "count"}));
    tables.push_back(
        table_of("unmatched-reasons", section(figures, "matching", "unmatched_reasons"), {"reason", "count"}));
    tables.push_back(table_of("meetings-by-month", section(figures, "meetings", "by_month"),
                              {"month", "held", "missed", "adherence"}));
    tables.push_back(table_of("goals-by-area", section(figures, "goals", "by_area"),
                              {"area", "set", "achieved", "at_risk", "abandoned", "attainment"}));

    csv_table health{"relationship-health", {"status", "count"}, {}};
    if (const auto r = figures.find("relationships"); r != figures.end())
        for (const char* status : {"on_track", "at_risk", "completed", "closed_early"})
            health.rows.push_back({status, r->contains(status) ? cell(r->at(status)) : std::string{}});
    tables.push_back(std::move(health));

    tables.push_back(table_of("at-risk", section(figures, "relationships", "at_risk_list"),
                              {"relationship_id", "mentor_id", "mentor_name", "mentee_id", "mentee_name", "status",
                               "raised_on", "times_raised", "reason", "suggestion"}));
    tables.push_back(table_of("satisfaction-by-month", section(figures, "satisfaction", "by_month"),
                              {"month", "checkins", "average_rating"}));

    csv_table surveys{
        "surveys",
        {"survey", "responses", "average_rating", "rating_1", "rating_2", "rating_3", "rating_4", "rating_5"},
        {}};
    for (const auto& survey : section(figures, "satisfaction", "surveys")) {
        std::vector<std::string> row{cell(survey.value("survey", json{})), cell(survey.value("responses", json{})),
                                     cell(survey.value("average_rating", json{}))};
        for (const auto& bin : survey.value("distribution", json::array()))
            row.push_back(cell(bin.value("count", json{})));
        row.resize(surveys.header.size());
        surveys.rows.push_back(std::move(row));
    }
    tables.push_back(std::move(surveys));

    // A module that produced nothing still has its row, so every enabled module shows.
    csv_table modules{"modules", {"module", "topic", "count"}, {}};
    if (const auto m = figures.find("modules"); m != figures.end())
        for (const auto& module : *m) {
            const auto name = cell(module.value("module", json{}));
            const auto topics = module.value("by_topic", json::array());
            if (topics.empty()) modules.rows.push_back({name, "", "0"});
            for (const auto& topic : topics)
                modules.rows.push_back({name, cell(topic.value("topic", json{})), cell(topic.value("count", json{}))});
        }
    tables.push_back(std::move(modules));
    return tables;
}

std::string to_csv(const csv_table& table) {
    std::string out;
    auto line = [&out](const std::vector<std::string>& fields) {
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (i > 0) out += ',';
            out += csv_field(fields[i]);
        }
        out += "\r\n";
    };
    line(table.header);
    for (const auto& row : table.rows) line(row);
    return out;
}

}  // namespace mentorkit
