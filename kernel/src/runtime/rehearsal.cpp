#include "runtime/rehearsal.hpp"

#include <algorithm>
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

rehearsal_model::rehearsal_model(event_bus& bus, behaviour_settings settings, std::uint64_t seed,
                                 double cadence_in_months)
    : bus_(bus), settings_(settings), random_(seed),
      dropout_per_meeting_(1 - std::pow(1 - settings.dropout_per_month, cadence_in_months)) {
    subscriptions_.push_back(bus_.subscribe("relationship.started", [this](const event& e) { on_started(e); }));
    subscriptions_.push_back(bus_.subscribe("meeting.due", [this](const event& e) { on_meeting_due(e); }));
    subscriptions_.push_back(bus_.subscribe("checkin.due", [this](const event& e) { on_checkin_due(e); }));
    subscriptions_.push_back(bus_.subscribe("relationship.closed", [this](const event& e) {
        if (auto it = pairs_.find(e.payload.value("relationship_id", "")); it != pairs_.end()) it->second.active = false;
    }));
    subscriptions_.push_back(bus_.subscribe("survey.due", [this](const event& e) {
        const auto relationship = e.payload.value("relationship_id", "");
        for (const auto& person : e.payload.value("respondents", nlohmann::json::array())) {
            if (uniform() >= settings_.checkin_rate) continue;
            publish("survey.completed", {{"survey", e.payload.value("survey", "")},
                                         {"relationship_id", relationship},
                                         {"person_id", person},
                                         {"rating", rating()}});
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
    for (int n = 1; n <= settings_.goals_per_mentee; ++n) {
        const auto id = relationship + "/goal-" + std::to_string(n);
        pair.goals.emplace_back(id, 0);
        publish("goal.set", {{"id", id},
                             {"mentee_id", pair.mentee_id},
                             {"relationship_id", relationship},
                             {"title", "Rehearsal goal " + std::to_string(n)},
                             {"measure", "agreed with the mentor"}});
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
    if (uniform() >= settings_.attendance) return;  // not held: the runtime will call it missed
    publish("meeting.held", {{"meeting_id", e.payload.value("meeting_id", "")},
                             {"relationship_id", relationship},
                             {"held_on", format_date(e.time).substr(0, 10)},
                             {"minutes", 45}});
    for (auto& [goal, progress] : pair.goals) {
        if (progress >= 100) continue;
        progress = std::min(100, progress + static_cast<int>(std::lround(2 * settings_.progress_per_meeting * uniform())));
        if (progress >= 100) publish("goal.achieved", {{"goal_id", goal}});
        else publish("goal.progressed", {{"goal_id", goal}, {"progress", progress}});
    }
}

int rehearsal_model::rating() {
    return std::clamp(static_cast<int>(std::lround(settings_.rating_mean + settings_.rating_spread * normal())), 1, 5);
}

void rehearsal_model::on_checkin_due(const event& e) {
    const auto relationship = e.payload.value("relationship_id", "");
    if (const auto found = pairs_.find(relationship); found == pairs_.end() || !found->second.active) return;
    for (const auto& person : e.payload.value("respondents", nlohmann::json::array())) {
        if (uniform() >= settings_.checkin_rate) continue;
        const int overall = rating();
        auto answers = nlohmann::json::object();
        for (const auto& question : e.payload.value("questions", nlohmann::json::array()))
            answers[question.value("id", "")] = std::clamp(overall + static_cast<int>(std::lround(normal() * 0.5)), 1, 5);
        publish("checkin.submitted", {{"relationship_id", relationship},
                                      {"from", person},
                                      {"on", format_date(e.time).substr(0, 10)},
                                      {"rating", overall},
                                      {"answers", answers}});
    }
}

}  // namespace mentorkit
