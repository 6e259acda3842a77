#pragma once
// The relationship module's judgement, apart from the bus: is a person ready to be matched,
// is a relationship drifting (meetings lapsing, ratings falling), which trust-building
// milestones has it reached, and what the midpoint review should talk about. Everything
// here is deterministic and free of I/O so that the rules read (and test) on their own.

#include <mentorkit/domain.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstddef>
#include <deque>
#include <numeric>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

// (Not mentorkit::relationship: that name is the SDK's relationship struct.)
namespace mentorkit::relationship_rules {

// ---- text helpers --------------------------------------------------------------------

/// A number as people write it: at most two decimals, no trailing zeros ("3", "7.5", "2.33").
inline std::string number_text(double value) {
    std::ostringstream out;
    out.setf(std::ios::fixed);
    out.precision(2);
    out << std::round(value * 100) / 100;
    auto text = out.str();
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') text.pop_back();
    return text;
}

/// Rounded to two decimals, for the numbers in payloads.
inline double rounded(double value) { return std::round(value * 100) / 100; }

inline std::string join(const std::vector<std::string>& items, const std::string& separator) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += separator;
        out += item;
    }
    return out;
}

// ---- readiness -----------------------------------------------------------------------

struct readiness_settings {
    int default_capacity = 2;     // mentees a mentor takes when the profile states none
    double min_mentor_years = 3;  // years_experience a mentor needs
    int min_mentor_grade = 0;     // grade a mentor needs; 0 = not checked
};

/// One readiness check: its name, whether it passed, the facts behind it, and (when it
/// failed) what the person can do about it.
struct check {
    std::string name;
    bool passed = false;
    std::string detail;
    std::string action;
};

struct assessment {
    std::string role;
    std::vector<check> checks;
    std::string suggestion;

    bool ready() const {
        for (const auto& c : checks)
            if (!c.passed) return false;
        return true;
    }
};

namespace detail {

inline std::string skills_offered(const std::vector<skill_level>& skills) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < skills.size() && i < 5; ++i)
        names.push_back(skills[i].skill + " (" + std::to_string(skills[i].level) + ")");
    auto text = join(names, ", ");
    if (skills.size() > 5) text += " and " + std::to_string(skills.size() - 5) + " more";
    return text;
}

inline void mentor_checks(const person& p, const readiness_settings& s, std::vector<check>& out) {
    const int capacity = p.mentor_capacity.value_or(s.default_capacity);
    const std::string capacity_source =
        p.mentor_capacity ? "" : " (the program's default_capacity; the profile states none)";
    out.push_back({"mentor_capacity", capacity > 0,
                   capacity > 0 ? "can take " + std::to_string(capacity) + " mentee" + (capacity == 1 ? "" : "s") +
                                      capacity_source
                                : "mentor capacity is 0" + capacity_source,
                   "State how many mentees you can take on (a mentor_capacity of at least 1)."});

    const bool years_ok = p.years_experience >= s.min_mentor_years;
    const bool grade_ok = s.min_mentor_grade <= 0 || p.grade >= s.min_mentor_grade;
    std::string detail = number_text(p.years_experience) + " years of experience (at least " +
                         number_text(s.min_mentor_years) + " needed)";
    if (s.min_mentor_grade > 0)
        detail +=
            ", grade " + std::to_string(p.grade) + " (at least " + std::to_string(s.min_mentor_grade) + " needed)";
    std::string action =
        "Mentoring in this program asks for at least " + number_text(s.min_mentor_years) + " years of experience";
    if (s.min_mentor_grade > 0) action += " and grade " + std::to_string(s.min_mentor_grade);
    action += ": join as a mentee first, or ask the program manager to review your case.";
    out.push_back({"experience", years_ok && grade_ok, detail, action});

    out.push_back({"skills_to_offer", !p.skills.empty(),
                   p.skills.empty() ? "no skills listed in the profile" : "offers " + skills_offered(p.skills),
                   "Add the skills you can offer a mentee to your profile, each with a level from 1 to 5."});
}

inline void mentee_checks(const person& p, const relationship* current, std::vector<check>& out) {
    const bool has_goals = !p.goal_areas.empty() || !p.skills_sought.empty();
    std::vector<std::string> stated;
    if (!p.goal_areas.empty()) stated.push_back("goal areas: " + join(p.goal_areas, ", "));
    if (!p.skills_sought.empty()) stated.push_back("skills sought: " + join(p.skills_sought, ", "));
    out.push_back({"goals", has_goals, has_goals ? join(stated, "; ") : "no goal areas or skills sought stated",
                   "Write down what you want from mentoring: at least one goal area (e.g. leadership, career "
                   "change) or a skill you want to learn."});

    out.push_back({"availability", current == nullptr,
                   current == nullptr ? "not in an active mentoring relationship"
                                      : "already mentored by " + current->mentor_id + " in " + current->id +
                                            (current->started_on.empty() ? "" : " (since " + current->started_on + ")"),
                   current == nullptr ? ""
                                      : "You are already in an active mentoring relationship (" + current->id +
                                            "); another can start when it closes. Talk to the program manager if "
                                            "you need a second mentor for a different goal."});
}

}  // namespace detail

/// Assesses whether `p` is ready to be matched in their role. `current` is the person's
/// active relationship as a mentee, if any (a mentee is in one relationship at a time).
inline assessment assess(const person& p, const readiness_settings& s, const relationship* current) {
    assessment a;
    a.role = std::string{to_string(p.role)};
    if (p.role != participant_role::mentee) detail::mentor_checks(p, s, a.checks);
    if (p.role != participant_role::mentor) detail::mentee_checks(p, current, a.checks);
    if (a.ready()) {
        std::vector<std::string> parts;
        if (p.role != participant_role::mentee) {
            const int capacity = p.mentor_capacity.value_or(s.default_capacity);
            parts.push_back("to mentor up to " + std::to_string(capacity) + " mentee" + (capacity == 1 ? "" : "s"));
        }
        if (p.role != participant_role::mentor) parts.push_back("to be matched with a mentor");
        a.suggestion = "Ready " + join(parts, " and ") + ": nothing to do until a match is proposed.";
    } else {
        std::vector<std::string> actions;
        for (const auto& c : a.checks)
            if (!c.passed) actions.push_back(c.action);
        a.suggestion = "Before you can be matched: " + join(actions, " ");
    }
    return a;
}

/// The checks as they travel in readiness.assessed.
inline nlohmann::json checks_payload(const assessment& a) {
    auto out = nlohmann::json::array();
    for (const auto& c : a.checks) out.push_back({{"check", c.name}, {"passed", c.passed}, {"detail", c.detail}});
    return out;
}

/// What makes two assessments "the same result": readiness and which checks passed (the
/// details may change, e.g. a year more of experience, without anything new to say).
inline std::string result_signature(bool ready, const nlohmann::json& checks) {
    std::string out = ready ? "ready" : "not-ready";
    for (const auto& c : checks) out += ";" + c.value("check", "") + "=" + (c.value("passed", false) ? "1" : "0");
    return out;
}

// ---- keeping a relationship on track -------------------------------------------------

struct at_risk_settings {
    int missed_in_a_row = 2;
    double rating_below = 2.5;
    int ratings_window = 3;
};

/// What the module knows about one relationship's meetings and check-ins.
struct track {
    // meetings
    std::set<std::string> held;           // distinct meeting ids held
    std::set<std::string> missed;         // distinct meeting ids missed
    std::vector<std::string> missed_run;  // missed since the last held meeting, in order
    std::string last_held_on;
    bool lapse_raised = false;  // at_risk raised for the current run of misses
    // ratings
    std::deque<int> window;   // the last ratings_window ratings
    bool low_raised = false;  // at_risk raised until the average recovers
    int rating_count = 0;
    int rating_sum = 0;
    std::set<std::string> checkins_seen;  // topic|from|on, so a repeated event counts once
    // trust
    std::optional<int> mentor_high, mentee_high;  // first rating >= 4 from each of the pair
    std::set<std::string> milestones;             // reached
    bool midpoint_done = false;

    /// A meeting was held: the run of misses (and its alert) ends.
    void meeting_held(const std::string& meeting_id, const std::string& on) {
        held.insert(meeting_id);
        if (!on.empty()) last_held_on = on;
        missed_run.clear();
        lapse_raised = false;
    }

    /// A meeting was missed. True when the run has just reached `threshold` and no alert
    /// was raised for it yet (the caller raises one now).
    bool meeting_missed(const std::string& meeting_id, int threshold) {
        if (held.contains(meeting_id) || !missed.insert(meeting_id).second) return false;
        missed_run.push_back(meeting_id);
        if (static_cast<int>(missed_run.size()) < threshold || lapse_raised) return false;
        lapse_raised = true;
        return true;
    }

    /// A rating (1..5) came in. The average of the last `window_size` ratings when it is below
    /// `below` and no alert is standing (the caller raises one now); a full window at or
    /// above `below` clears a standing alert so that a new fall raises again.
    std::optional<double> rated(int rating, std::size_t window_size, double below) {
        ++rating_count;
        rating_sum += rating;
        window.push_back(rating);
        while (window.size() > window_size) window.pop_front();
        if (window.size() < window_size) return std::nullopt;
        const double average = std::accumulate(window.begin(), window.end(), 0.0) / static_cast<double>(window.size());
        if (average >= below) {
            low_raised = false;
            return std::nullopt;
        }
        if (low_raised) return std::nullopt;
        low_raised = true;
        return average;
    }

    /// Average of every rating so far, or nothing before the first.
    std::optional<double> average_rating() const {
        if (rating_count == 0) return std::nullopt;
        return static_cast<double>(rating_sum) / rating_count;
    }
};

inline constexpr const char* lapse_suggestion =
    "Agree a fixed slot in both calendars (the same weekday and time every time) and hold shorter 30-minute "
    "meetings until the rhythm is back; if no slot works, ask the program manager to help find a cadence that fits.";

inline constexpr const char* low_rating_suggestion =
    "Hold a feedback conversation about what each of you needs from the relationship (topics, format, "
    "frequency) and agree one change to try; consider the program manager's help or a rematch if it does not "
    "improve over the next check-ins.";

// ---- midpoint review -----------------------------------------------------------------

/// One agenda line per goal: "Review 'Lead a cross-team project' — 40% (open): still the
/// right goal? what is the next step?" with the question fitting the goal's status.
inline std::string goal_agenda_item(const goal& g) {
    std::string status = "open", question = "still the right goal? what is the next step?";
    switch (g.status) {
        case goal_status::open:
            break;
        case goal_status::at_risk:
            status = "at risk";
            question = "what is in the way, and should the goal or the plan change?";
            break;
        case goal_status::achieved:
            status = "achieved";
            question = "what made it work, and which goal comes next?";
            break;
        case goal_status::abandoned:
            status = "abandoned";
            question = "what did you learn from letting it go?";
            break;
    }
    return "Review '" + g.title + "' \xE2\x80\x94 " + std::to_string(g.progress) + "% (" + status + "): " + question;
}

/// The midpoint review's agenda: the goals (or the lack of them), then the relationship.
inline std::vector<std::string> midpoint_agenda(const std::vector<const goal*>& goals, const track& t,
                                                const std::string& program_end) {
    std::vector<std::string> agenda;
    for (const auto* g : goals) agenda.push_back(goal_agenda_item(*g));
    if (goals.empty())
        agenda.push_back("No goals recorded yet: agree one to three goals, and how you will both know each is reached");
    std::string so_far = "How the relationship is going: " + std::to_string(t.held.size()) + " meeting" +
                         (t.held.size() == 1 ? "" : "s") + " held, " + std::to_string(t.missed.size()) + " missed, ";
    if (const auto average = t.average_rating())
        so_far += "average check-in rating " + number_text(*average) + " of 5 (" + std::to_string(t.rating_count) +
                  " rating" + (t.rating_count == 1 ? "" : "s") + ")";
    else
        so_far += "no check-in ratings yet";
    agenda.push_back(so_far + ": what works, and what should change?");
    agenda.push_back("Feedback both ways: what each of you needs from the other in the second half");
    agenda.push_back(program_end.empty() ? "Plan the second half: the next steps and the meeting rhythm until the "
                                           "relationship closes"
                                         : "Plan the second half: the next steps and the meeting rhythm until the "
                                           "program ends on " +
                                               program_end);
    return agenda;
}

}  // namespace mentorkit::relationship_rules
