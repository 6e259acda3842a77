#pragma once
// The participant behaviour model of a rehearsal: plays mentors and mentees through a
// program on the simulated clock — meetings held or not, check-ins with ratings, wellbeing
// and now and then a comment, goals drawn from the mentee's profile set and progressing,
// behaviours observed, surveys answered, people dropping out, some pairs struggling — so
// a program manager can see what a template and its modules will do before launch.
// Deterministic: one seed, one journal.

#include "program_loader.hpp"

#include <mentorkit/bus.hpp>
#include <mentorkit/domain.hpp>
#include <mentorkit/scheduler.hpp>

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace mentorkit {

/// The `rehearsal:` section of a program, with its defaults.
struct behaviour_settings {
    double attendance = 0.85;         //!< chance a due meeting is held
    double checkin_rate = 0.6;        //!< chance each person asked for a check-in (or survey) answers
    double rating_mean = 4.0;         //!< check-in ratings, 1..5
    double rating_spread = 0.8;
    int goals_per_mentee = 2;         //!< at most goals.limit_per_mentee
    double progress_per_meeting = 12; //!< average goal progress a held meeting brings, percent
    double dropout_per_month = 0.02;  //!< chance a pair stops in a given month
};

/// Reads `rehearsal:` (validated by the loader) and caps goals at goals.limit_per_mentee.
behaviour_settings read_behaviour_settings(const program_definition& program);

class rehearsal_model {
public:
    /// Subscribes to `bus`; publishes as source "rehearsal", later events (a kickoff held
    /// days after it was planned) through `timers`, which should publish as "rehearsal"
    /// too. `cadence_in_months` is the program's meeting cadence in months (for the dropout
    /// chance). Goals and behaviours come from the profiles of `people`.
    rehearsal_model(event_bus& bus, scheduler& timers, behaviour_settings settings, std::uint64_t seed,
                    double cadence_in_months, const std::vector<person>& people);
    rehearsal_model(const rehearsal_model&) = delete;
    rehearsal_model& operator=(const rehearsal_model&) = delete;

private:
    struct pair_state {
        std::string mentor_id;
        std::string mentee_id;
        bool active = true;
        bool struggling = false;  // a poor fit: lower ratings, attendance and progress
        std::vector<std::pair<std::string, int>> goals;  // id, progress
    };
    double uniform();        // [0, 1)
    double normal();         // mean 0, deviation 1
    void publish(std::string topic, nlohmann::json payload);
    void on_started(const event& e);
    void on_meeting_due(const event& e);
    void on_checkin_due(const event& e);
    void on_meeting_planned(const event& e);
    int rating(const pair_state& pair);  // 1..5 around the configured mean
    void set_goals(const std::string& relationship, pair_state& pair, time_point now);
    std::string comment(int wellbeing);


    event_bus& bus_;
    scheduler& timers_;
    behaviour_settings settings_;
    std::mt19937_64 random_;  // its sequence is fixed by the standard: the same on every platform
    double dropout_per_meeting_;
    std::map<std::string, pair_state> pairs_;
    std::map<std::string, person> people_;
    std::vector<subscription> subscriptions_;
};

}  // namespace mentorkit
