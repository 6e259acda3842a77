#include "ingest/activity_checks.hpp"

#include <mentorkit/text.hpp>

#include <algorithm>
#include <filesystem>
#include <optional>

namespace mentorkit {

namespace {

struct relationship_state {
    std::string mentor_id, mentee_id;
    std::string closed_on;  // empty while open
};

// The activity seen so far, on top of what the program has stored.
class reference_checker {
public:
    explicit reference_checker(const activity_scope& scope) : scope_(scope) {
        people_ = scope.people;
        for (const auto& r : scope.relationships)
            relationships_[r.id] = {r.mentor_id, r.mentee_id,
                                    r.status == relationship_status::active ? std::string{} : r.ended_on};
        goals_ = scope.goals;  // id -> mentee
        goals_per_mentee_ = scope.goals_per_mentee;
        open_proposals_ = scope.open_proposals;
    }

    void check(const activity_record& a) {
        const auto& e = a.record.ev;
        if (a.file != at_.file) csv_ = to_lower(std::filesystem::path{a.file}.extension().string()) == ".csv";
        at_ = {a.file, a.record.line, 1};
        topic_ = e.topic;
        check_date(e.time);
        const auto& p = e.payload;
        auto* pair = relationship(p);
        for (const char* key : {"from", "observed_by", "person_id", "mentee_id", "mentor_id"}) {
            const auto id = text(p, key);
            if (!id) continue;
            if (!people_.contains(*id)) {
                problem(key, "'" + *id + "' is not enrolled in program '" + scope_.program_id + "'");
            } else if (pair != nullptr && std::string_view{key} != "person_id" && *id != pair->second.mentee_id &&
                       (std::string_view{key} == "mentee_id" || *id != pair->second.mentor_id)) {
                problem(key, "'" + *id + "' is not " +
                                 (std::string_view{key} == "mentee_id" ? "the mentee" : "the mentor or the mentee") +
                                 " of relationship '" + pair->first + "' (mentor " + pair->second.mentor_id +
                                 ", mentee " + pair->second.mentee_id + ")");
            }
        }
        if (const auto goal = text(p, "goal_id"); goal && !goals_.contains(*goal))
            problem("goal_id", "no goal '" + *goal + "' in program '" + scope_.program_id + "'");
        if (topic_ == "goal.set") set_goal(p);
        if (topic_ == "goal.abandoned")
            if (const auto goal = text(p, "goal_id"); goal && goals_.contains(*goal) && abandoned_.insert(*goal).second)
                if (auto& open = goals_per_mentee_[goals_[*goal]]; open > 0)
                    --open;  // its place is free for another, once
        if (topic_ == "match.accepted" || topic_ == "match.declined") answer_proposal(p);
        if (topic_ == "relationship.closed" && pair != nullptr) pair->second.closed_on = format_date(e.time).substr(0, 10);
        if (topic_ == "participant.withdrew")
            if (const auto id = text(p, "person_id")) people_.erase(*id);
    }

    std::vector<config_error> errors;

private:
    static std::optional<std::string> text(const nlohmann::json& payload, const char* key) {
        const auto it = payload.find(key);
        if (it == payload.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) return std::nullopt;
        return it->get<std::string>();
    }

    void problem(std::string_view key, const std::string& message) {
        // CSV files say person_id where the payload says who a check-in is from.
        if (csv_ && (key == "from" || key == "observed_by")) key = "person_id";
        errors.emplace_back(at_, topic_ + ": " + std::string{key} + ": " + message);
    }

    void check_date(time_point t) {
        const char* field = csv_ ? "date" : "time";
        const auto day = [](time_point x) { return format_date(x).substr(0, 10); };
        if (t < scope_.start)
            problem(field, day(t) + " is before the program's start (" + day(scope_.start) + ")");
        else if (t >= scope_.end)
            problem(field, day(t) + " is not before the program's end (" + day(scope_.end) +
                               "): activity happens within the program's timeline");
        else if (t < scope_.latest)
            problem(field, format_date(t) + " is before the program's latest event (" + format_date(scope_.latest) +
                               "): activity must be newer than what is stored");
    }

    std::pair<const std::string, relationship_state>* relationship(const nlohmann::json& payload) {
        const auto id = text(payload, "relationship_id");
        if (!id) return nullptr;
        const auto found = relationships_.find(*id);
        if (found == relationships_.end()) {
            problem("relationship_id", "no relationship '" + *id + "' in program '" + scope_.program_id + "'");
            return nullptr;
        }
        if (!found->second.closed_on.empty())
            problem("relationship_id", "relationship '" + *id + "' closed on " + found->second.closed_on +
                                           "; nothing more happens in it");
        return &*found;
    }

    void set_goal(const nlohmann::json& payload) {
        const auto id = text(payload, "id");
        const auto mentee = text(payload, "mentee_id");
        if (id && !goals_.emplace(*id, mentee.value_or("")).second)
            problem("goal_id", "goal '" + *id + "' exists already");
        if (!mentee) return;
        if (const auto n = ++goals_per_mentee_[*mentee]; n > scope_.goal_limit)
            problem("mentee_id", "mentee '" + *mentee + "' would have " + std::to_string(n) +
                                     " goals; the program allows " + std::to_string(scope_.goal_limit) +
                                     " (goals.limit_per_mentee)");
    }

    // An answer to a proposal matching made: the kernel starts the relationship of an
    // accepted one, which later records may then name.
    void answer_proposal(const nlohmann::json& payload) {
        const auto mentor = text(payload, "mentor_id"), mentee = text(payload, "mentee_id");
        if (!mentor || !mentee) return;
        if (open_proposals_.erase({*mentor, *mentee}) == 0) {
            problem("mentor_id", "no open proposal of mentor '" + *mentor + "' for mentee '" + *mentee +
                                     "': only a proposal matching made, not yet answered, can be accepted or declined");
            return;
        }
        if (topic_ == "match.accepted") relationships_["r-" + *mentor + "-" + *mentee] = {*mentor, *mentee, {}};
    }

    const activity_scope& scope_;
    std::set<std::string> people_;
    std::map<std::string, relationship_state> relationships_;
    std::map<std::string, std::string> goals_;  // id -> mentee
    std::map<std::string, std::size_t> goals_per_mentee_;
    std::set<std::string> abandoned_;  // goals abandoned in this activity: a place is freed once
    std::set<std::pair<std::string, std::string>> open_proposals_;
    source_mark at_;
    bool csv_ = false;
    std::string topic_;
};

}  // namespace

activity_scope scope_of(const program_definition& program, const store& journal) {
    activity_scope scope;
    scope.program_id = program.id;
    scope.start = program.start;
    scope.end = program.end();
    if (const auto last = journal.last_event(); last && last->time > scope.start) scope.latest = last->time;
    else scope.latest = scope.start;
    for (const auto& p : journal.people()) scope.people.insert(p.id);
    scope.relationships = journal.relationships();
    scope.goals = journal.goal_mentees();
    scope.goals_per_mentee = journal.goals_per_mentee();
    scope.open_proposals = journal.open_proposals();
    if (const auto* goals = program.root.find("goals"); goals != nullptr && goals->is_map())
        scope.goal_limit = goals->get_or<std::size_t>("limit_per_mentee", scope.goal_limit);
    return scope;
}

void check_activity(const std::vector<activity_record>& activity, const activity_scope& scope) {
    reference_checker checker{scope};
    for (const auto& a : activity) checker.check(a);
    if (!checker.errors.empty()) throw ingest_error(std::move(checker.errors));
}

}  // namespace mentorkit
