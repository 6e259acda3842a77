#pragma once
// The program runtime: what makes a program run over time. It enters the phases, keeps
// each relationship's meeting cadence (meeting.scheduled, meeting.due, meeting.missed),
// asks for check-ins and surveys, and at the end closes the relationships and publishes
// program.closed with the evaluation. Keeping a relationship on track (relationship.at_risk)
// is the relationship module's job.
//
// Its state is a fold over events: on a restart it reads the journal again, and its
// timers are in the store, so it carries on where it stopped.

#include "program_loader.hpp"

#include <mentorkit/bus.hpp>
#include <mentorkit/scheduler.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace mentorkit {

/// What the runtime reads from a program definition.
struct runtime_settings {
    std::string program_id;
    time_point start{};
    time_point end{};
    duration cadence{0, std::chrono::weeks{2}};
    duration meeting_length{0, std::chrono::hours{1}};
    struct phase {
        std::string name;
        duration starts;
        std::string description;
    };
    std::vector<phase> phases;
    struct survey {
        std::string name;
        std::optional<duration> after;  //!< after the relationship started; empty: at the program's end
    };
    std::vector<survey> surveys;
    struct milestone {
        std::string name;
        duration after;
        bool from_relationship = true;  //!< else from the program's start
        std::string owner = "pair";     //!< pair, mentor, mentee or program_manager
        std::string description;
    };
    std::vector<milestone> milestones;
    nlohmann::json checkin_questions = nlohmann::json::array();  //!< [{id, text}], asked after each held meeting
};

/// Reads the settings from a validated program (defaults as in docs/program-format.md).
runtime_settings read_runtime_settings(const program_definition& program);

class program_runtime {
public:
    /// Subscribes to `bus` and sets its timers through `timers`. `history` (the journal so
    /// far, in order) restores its state without publishing anything. Throws
    /// std::invalid_argument on a cadence meeting_cadence_problem() refuses.
    program_runtime(event_bus& bus, scheduler& timers, runtime_settings settings, const std::vector<event>& history);
    program_runtime(const program_runtime&) = delete;
    program_runtime& operator=(const program_runtime&) = delete;

private:
    struct relationship_state {
        std::string mentor_id;
        std::string mentee_id;
        time_point started{};
        bool active = true;
        int meetings_due = 0;             // meetings that have fallen due
        std::set<std::string> held;       // meeting ids held
    };
    struct totals {
        std::size_t meetings_held = 0, meetings_missed = 0, checkins = 0, goals_set = 0, goals_achieved = 0;
        std::size_t completed = 0, closed_early = 0, at_risk = 0;
        double rating_sum = 0;
    };

    void observe(const event& e);  // state only: also used to replay history
    void react(const event& e);    // timers and new events
    std::string meeting_id(const std::string& relationship, int number) const;
    time_point meeting_due(const relationship_state& r, int number) const;
    void schedule_meeting(const std::string& relationship, int number, time_point due);
    nlohmann::json evaluation() const;
    void close_program();

    event_bus& bus_;
    scheduler& timers_;
    runtime_settings settings_;
    std::map<std::string, relationship_state> relationships_;
    totals totals_;
    bool ending_ = false;  // program.ending seen: relationships are being closed
    std::vector<subscription> subscriptions_;
};

}  // namespace mentorkit
