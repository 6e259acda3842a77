#include "runtime/rehearsal.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <cmath>

namespace mentorkit {

behaviour_settings read_behaviour_settings(const program_definition& program) {
    behaviour_settings s;
    if (const auto* r = program.root.find("rehearsal"); r != nullptr && r->is_map()) {
        s.attendance = r->get_or("attendance", s.attendance);
        s.checkin_rate = r->get_or("checkin_rate", s.checkin_rate);
        s.rating_mean = r->get_or("rating_mean", s.rating_mean);
        s.rating_spread = r->get_or("rating_spread", s.rating_spread);
        s.goals_per_mentee = r->get_or("goals_per_mentee", s.goals_per_mentee);
        s.progress_per_meeting = r->get_or("progress_per_meeting", s.progress_per_meeting);
        s.dropout_per_month = r->get_or("dropout_per_month", s.dropout_per_month);
    }
    int limit = 3;
    if (const auto* goals = program.root.find("goals"); goals != nullptr && goals->is_map())
        limit = goals->get_or("limit_per_mentee", limit);
    s.goals_per_mentee = std::min(s.goals_per_mentee, limit);
    return s;
}

namespace {

// The share of pairs that are a poor fit, and how much that costs them.
constexpr double struggling_share = 0.15;
constexpr double struggling_rating_drop = 1.5;
constexpr double struggling_attendance = 0.6;  // times the usual attendance
constexpr double struggling_progress = 0.4;    // times the usual progress
// How often a check-in carries a comment, and a mentor notes a behaviour after a meeting.
constexpr double comment_rate = 0.25;
constexpr double observation_rate = 0.3;

// What people write in a check-in, by how they feel (wellbeing 1..5). The low ones carry
// the signs a counsellor listens for; the rest are ordinary.
constexpr std::array<std::array<std::string_view, 3>, 5> comments{{
    {"I feel overwhelmed and burnt out by the release deadlines", "Honestly these sessions feel pointless right now",
     "There is a conflict with my manager about priorities and I can't cope with it"},
    {"Too much on my plate, I had no time to prepare", "I am exhausted after the reorganisation",
     "An argument in the team last week is still weighing on me"},
    {"Busy month, we kept it short", "Useful, though we drifted off the goals", "Fine, nothing special this time"},
    {"Good session, the examples helped", "We agreed a clear next step", "Helpful feedback on my presentation"},
    {"Great conversation, I feel more confident", "Really valuable, I tried the approach the same week",
     "Best session so far"},
}};

}  // namespace

rehearsal_model::rehearsal_model(event_bus& bus, scheduler& timers, behaviour_settings settings, std::uint64_t seed,
                                 double cadence_in_months, const std::vector<person>& people)
    : bus_(bus), timers_(timers), settings_(settings), random_(seed),
      dropout_per_meeting_(1 - std::pow(1 - settings.dropout_per_month, cadence_in_months)) {
    for (const auto& p : people) people_.emplace(p.id, p);
    subscriptions_.push_back(bus_.subscribe("relationship.started", [this](const event& e) { on_started(e); }));
    subscriptions_.push_back(bus_.subscribe("meeting.due", [this](const event& e) { on_meeting_due(e); }));
    subscriptions_.push_back(bus_.subscribe("checkin.due", [this](const event& e) { on_checkin_due(e); }));
    subscriptions_.push_back(bus_.subscribe("meeting.scheduled", [this](const event& e) { on_meeting_planned(e); }));
    subscriptions_.push_back(bus_.subscribe("relationship.closed", [this](const event& e) {
        if (auto it = pairs_.find(e.payload.value("relationship_id", "")); it != pairs_.end()) it->second.active = false;
    }));
    subscriptions_.push_back(bus_.subscribe("survey.due", [this](const event& e) {
        const auto relationship = e.payload.value("relationship_id", "");
        const auto found = pairs_.find(relationship);
        if (found == pairs_.end()) return;
        for (const auto& person : e.payload.value("respondents", nlohmann::json::array())) {
            if (uniform() >= settings_.checkin_rate) continue;
            publish("survey.completed", {{"survey", e.payload.value("survey", "")},
                                         {"relationship_id", relationship},
                                         {"person_id", person},
                                         {"rating", rating(found->second)}});
        }
    }));
}

// Both from the generator's raw bits, not std:: distributions, whose algorithms the
// standard leaves to each library: a rehearsal must give the same journal everywhere.
double rehearsal_model::uniform() { return static_cast<double>(random_() >> 11) * 0x1.0p-53; }

double rehearsal_model::normal() {
    const double u1 = 1.0 - uniform();  // (0, 1]: log(0) is not an option
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * 3.14159265358979323846 * u2);
}

void rehearsal_model::publish(std::string topic, nlohmann::json payload) {
    event e;
    e.topic = std::move(topic);
    e.payload = std::move(payload);
    e.source = "rehearsal";
    bus_.publish(std::move(e));
}

void rehearsal_model::on_started(const event& e) {
    const auto relationship = e.payload.value("relationship_id", "");
    auto& pair = pairs_[relationship];
    pair.mentor_id = e.payload.value("mentor_id", "");
    pair.mentee_id = e.payload.value("mentee_id", "");
    pair.struggling = uniform() < struggling_share;
    set_goals(relationship, pair, e.time);
}

// Goals in the mentee's own goal areas, each needing a skill they seek at two levels above
// where they are (at least 3): what a pair would agree at the kickoff.
void rehearsal_model::set_goals(const std::string& relationship, pair_state& pair, time_point now) {
    const auto found = people_.find(pair.mentee_id);
    const person* mentee = found == people_.end() ? nullptr : &found->second;
    for (int n = 1; n <= settings_.goals_per_mentee; ++n) {
        const auto id = relationship + "/goal-" + std::to_string(n);
        const auto index = static_cast<std::size_t>(n - 1);
        nlohmann::json goal{{"id", id},
                            {"mentee_id", pair.mentee_id},
                            {"relationship_id", relationship},
                            {"title", "Rehearsal goal " + std::to_string(n)},
                            {"measure", "agreed with the mentor"},
                            {"target_date", format_date(now + duration{6, {}}).substr(0, 10)}};
        if (mentee != nullptr && !mentee->goal_areas.empty()) {
            const auto& area = mentee->goal_areas[index % mentee->goal_areas.size()];
            goal["area"] = area;
            auto skills = nlohmann::json::array();
            std::string title = "Grow in " + area;
            if (!mentee->skills_sought.empty()) {
                const auto& skill = mentee->skills_sought[index % mentee->skills_sought.size()];
                int current = 0;
                for (const auto& s : mentee->skills)
                    if (s.skill == skill) current = s.level;
                const int needed = std::clamp(current + 2, 3, 5);
                skills.push_back({{"skill", skill}, {"level", needed}});
                title += ": " + skill + " to level " + std::to_string(needed);
            }
            goal["title"] = title;
            goal["skills_needed"] = skills;
        }
        pair.goals.emplace_back(id, 0);
        publish("goal.set", std::move(goal));
    }
}

void rehearsal_model::on_meeting_due(const event& e) {
    const auto relationship = e.payload.value("relationship_id", "");
    const auto found = pairs_.find(relationship);
    if (found == pairs_.end() || !found->second.active) return;
    auto& pair = found->second;
    if (uniform() < dropout_per_meeting_) {
        publish("relationship.closed", {{"relationship_id", relationship},
                                        {"outcome", "closed_early"},
                                        {"reason", "rehearsal: the pair stopped meeting"}});
        return;
    }
    const double attendance = settings_.attendance * (pair.struggling ? struggling_attendance : 1.0);
    if (uniform() >= attendance) return;  // not held: the runtime will call it missed
    const auto today = format_date(e.time).substr(0, 10);
    publish("meeting.held", {{"meeting_id", e.payload.value("meeting_id", "")},
                             {"relationship_id", relationship},
                             {"held_on", today},
                             {"minutes", 45}});
    const double progress_per_meeting =
        settings_.progress_per_meeting * (pair.struggling ? struggling_progress : 1.0);
    for (auto& [goal, progress] : pair.goals) {
        if (progress >= 100) continue;
        const auto step = static_cast<int>(std::lround(2 * progress_per_meeting * uniform()));
        if (step == 0) continue;  // no progress this time: nothing to report
        progress = std::min(100, progress + step);
        if (progress >= 100) publish("goal.achieved", {{"goal_id", goal}});
        else publish("goal.progressed", {{"goal_id", goal}, {"progress", progress}});
    }
    // Now and then the mentor notes the mentee living one of the values they named.
    const auto mentee = people_.find(pair.mentee_id);
    if (mentee == people_.end() || mentee->second.values_sought.empty() || uniform() >= observation_rate) return;
    const auto& values = mentee->second.values_sought;
    const auto& value = values[static_cast<std::size_t>(uniform() * static_cast<double>(values.size()))];
    publish("behaviour.observed", {{"relationship_id", relationship},
                                   {"value", value},
                                   {"behaviour", "showed " + value + " in a situation discussed in the meeting"},
                                   {"observed_by", pair.mentor_id},
                                   {"note", "noted by the mentor after the meeting"},
                                   {"on", today}});
}

// Meetings a module plans outside the cadence (the kickoff, a midpoint review) are held,
// or not, on a day before they are due.
void rehearsal_model::on_meeting_planned(const event& e) {
    const auto kind = e.payload.value("kind", "");
    if (kind == "regular") return;  // the cadence's meetings are played on meeting.due
    const auto relationship = e.payload.value("relationship_id", "");
    const auto found = pairs_.find(relationship);
    const auto due = parse_date(e.payload.value("due_by", ""));
    if (found == pairs_.end() || !found->second.active || !due || *due <= e.time) return;
    const double attendance = settings_.attendance * (found->second.struggling ? struggling_attendance : 1.0);
    if (uniform() >= attendance) return;
    const auto days = std::chrono::duration_cast<std::chrono::days>(*due - e.time).count();
    const auto held = e.time + std::chrono::days{1 + static_cast<long>(uniform() * static_cast<double>(days))};
    timers_.at(std::min(held, *due), "meeting.held",
               {{"meeting_id", e.payload.value("meeting_id", "")},
                {"relationship_id", relationship},
                {"held_on", format_date(std::min(held, *due)).substr(0, 10)},
                {"minutes", 60}});
}

int rehearsal_model::rating(const pair_state& pair) {
    const double mean = settings_.rating_mean - (pair.struggling ? struggling_rating_drop : 0.0);
    return std::clamp(static_cast<int>(std::lround(mean + settings_.rating_spread * normal())), 1, 5);
}

std::string rehearsal_model::comment(int wellbeing) {
    const auto& options = comments[static_cast<std::size_t>(std::clamp(wellbeing, 1, 5) - 1)];
    return std::string{options[static_cast<std::size_t>(uniform() * static_cast<double>(options.size()))]};
}

void rehearsal_model::on_checkin_due(const event& e) {
    const auto relationship = e.payload.value("relationship_id", "");
    const auto found = pairs_.find(relationship);
    if (found == pairs_.end() || !found->second.active) return;
    for (const auto& person : e.payload.value("respondents", nlohmann::json::array())) {
        if (uniform() >= settings_.checkin_rate) continue;
        const int overall = rating(found->second);
        const int wellbeing = std::clamp(overall + static_cast<int>(std::lround(normal() * 0.7)), 1, 5);
        auto answers = nlohmann::json::object();
        for (const auto& question : e.payload.value("questions", nlohmann::json::array()))
            answers[question.value("id", "")] = std::clamp(overall + static_cast<int>(std::lround(normal() * 0.5)), 1, 5);
        nlohmann::json checkin{{"relationship_id", relationship},
                               {"from", person},
                               {"on", format_date(e.time).substr(0, 10)},
                               {"rating", overall},
                               {"wellbeing", wellbeing},
                               {"answers", answers}};
        if (uniform() < comment_rate) checkin["comment"] = comment(wellbeing);
        publish("checkin.submitted", std::move(checkin));
    }
}

}  // namespace mentorkit
