#include "runtime/program_runtime.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace mentorkit {

namespace {

std::string text_of(const nlohmann::json& payload, const char* field) {
    const auto it = payload.find(field);
    return it != payload.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

double rounded(double value) { return std::round(value * 1000) / 1000; }

}  // namespace

runtime_settings read_runtime_settings(const program_definition& program) {
    runtime_settings s;
    s.program_id = program.id;
    s.start = program.start;
    s.end = program.start + program.length;
    const auto& root = program.root;
    if (const auto* timeline = root.find("timeline")) {
        s.cadence = timeline->get_or("meeting_cadence", s.cadence);
        s.meeting_length = timeline->get_or("meeting_length", s.meeting_length);
        if (const auto* milestones = timeline->find("milestones"); milestones != nullptr && milestones->is_sequence())
            for (const auto& m : milestones->items())
                s.milestones.push_back({m.at("name").text(), m.at("after").as_duration(),
                                        m.get_or<std::string>("from", "relationship") == "relationship",
                                        m.get_or<std::string>("owner", "pair"),
                                        m.get_or<std::string>("description", "")});
        if (const auto* phases = timeline->find("phases"); phases != nullptr && phases->is_sequence())
            for (const auto& p : phases->items())
                s.phases.push_back({p.at("name").text(), p.at("starts").as_duration(),
                                    p.get_or<std::string>("description", "")});
    }
    if (const auto* evaluation = root.find("evaluation")) {
        if (const auto* surveys = evaluation->find("surveys"); surveys != nullptr && surveys->is_sequence())
            for (const auto& survey : surveys->items()) {
                runtime_settings::survey entry{survey.at("name").text(), std::nullopt};
                if (const auto* after = survey.find("after"); after != nullptr && !after->is_null())
                    entry.after = after->as_duration();
                s.surveys.push_back(std::move(entry));
            }
        if (const auto* questions = evaluation->find("checkin_questions"); questions != nullptr)
            s.checkin_questions = questions->to_json();
    }
    return s;
}

program_runtime::program_runtime(event_bus& bus, scheduler& timers, runtime_settings settings,
                                 const std::vector<event>& history)
    : bus_(bus), timers_(timers), settings_(std::move(settings)) {
    // Validation refuses such a cadence; settings that reach here otherwise must not make a
    // run publish meetings without end.
    if (auto problem = meeting_cadence_problem(settings_.cadence))
        throw std::invalid_argument("the meeting cadence " + *problem);
    for (const auto& e : history) observe(e);
    for (const auto* topic : {"program.started", "program.ending", "relationship.started", "relationship.closed",
                              "meeting.due", "meeting.held", "meeting.missed", "checkin.submitted", "goal.set",
                              "goal.achieved", "relationship.at_risk"}) {
        subscriptions_.push_back(bus_.subscribe(topic, [this](const event& e) {
            observe(e);
            react(e);
        }));
    }
}

std::string program_runtime::meeting_id(const std::string& relationship, int number) const {
    return relationship + "/" + std::to_string(number);
}

time_point program_runtime::meeting_due(const relationship_state& r, int number) const {
    // Counted from the start, not from the previous meeting, so months do not drift.
    return r.started + duration{settings_.cadence.months * number, settings_.cadence.exact * number};
}

void program_runtime::observe(const event& e) {
    const auto& t = e.topic;
    const auto relationship = text_of(e.payload, "relationship_id");
    if (t == "relationship.started") {
        auto& r = relationships_[relationship];
        r.mentor_id = text_of(e.payload, "mentor_id");
        r.mentee_id = text_of(e.payload, "mentee_id");
        r.started = e.time;
        r.active = true;
        return;
    }
    if (t == "program.ending") ending_ = true;
    if (t == "goal.set") ++totals_.goals_set;
    if (t == "goal.achieved") ++totals_.goals_achieved;
    if (t == "relationship.at_risk") ++totals_.at_risk;
    const auto found = relationships_.find(relationship);
    if (found == relationships_.end()) return;
    auto& r = found->second;
    if (t == "relationship.closed") {
        if (r.active) ++(text_of(e.payload, "outcome") == "closed_early" ? totals_.closed_early : totals_.completed);
        r.active = false;
    } else if (t == "meeting.due") {
        r.meetings_due = std::max(r.meetings_due, e.payload.value("number", 0));
    } else if (t == "meeting.held") {
        if (r.held.insert(text_of(e.payload, "meeting_id")).second) ++totals_.meetings_held;
    } else if (t == "meeting.missed") {
        ++totals_.meetings_missed;
    } else if (t == "checkin.submitted") {
        const int rating = e.payload.value("rating", 0);
        if (rating < 1) return;
        ++totals_.checkins;
        totals_.rating_sum += rating;
    }
}

void program_runtime::schedule_meeting(const std::string& relationship, int number, time_point due) {
    const auto id = meeting_id(relationship, number);
    bus_.publish("meeting.scheduled", {{"meeting_id", id},
                                       {"relationship_id", relationship},
                                       {"kind", "regular"},
                                       {"number", number},
                                       {"due_by", format_date(due)},
                                       {"length", to_string(settings_.meeting_length)}});
    timers_.at(due, "meeting.due", {{"meeting_id", id}, {"relationship_id", relationship}, {"number", number}},
               "meeting/" + relationship);
}

void program_runtime::react(const event& e) {
    const auto& t = e.topic;
    if (t == "program.started") {
        for (const auto& phase : settings_.phases)
            timers_.at(settings_.start + phase.starts, "program.phase.entered",
                       {{"program", settings_.program_id}, {"phase", phase.name}, {"description", phase.description}},
                       "phase/" + phase.name);
        for (const auto& m : settings_.milestones)
            if (!m.from_relationship && settings_.start + m.after <= settings_.end)
                timers_.at(settings_.start + m.after, "milestone.due",
                           {{"program", settings_.program_id}, {"milestone", m.name}, {"owner", m.owner},
                            {"responsible", nlohmann::json::array()}, {"description", m.description}},
                           "milestone/" + m.name);
        timers_.at(settings_.end, "program.ending", {{"program", settings_.program_id}}, "program-end");
        return;
    }
    if (t == "program.ending") {
        bool any_active = false;
        for (auto& [id, r] : relationships_) {
            if (!r.active) continue;
            any_active = true;
            // The last meeting had no successor to judge it: judge it now.
            if (r.meetings_due > 0 && !r.held.contains(meeting_id(id, r.meetings_due)))
                bus_.publish("meeting.missed", {{"meeting_id", meeting_id(id, r.meetings_due)}, {"relationship_id", id}});
            for (const auto& survey : settings_.surveys)
                if (!survey.after)
                    bus_.publish("survey.due", {{"survey", survey.name}, {"relationship_id", id},
                                                {"respondents", {r.mentor_id, r.mentee_id}}});
            bus_.publish("relationship.closed",
                         {{"relationship_id", id}, {"outcome", "completed"}, {"reason", "the program ended"}});
        }
        // With relationships to close, program.closed follows the last closure (so that
        // the evaluation counts everything above); without, it follows now.
        if (!any_active) close_program();
        return;
    }

    const auto relationship = text_of(e.payload, "relationship_id");
    const auto found = relationships_.find(relationship);
    if (found == relationships_.end()) return;
    auto& r = found->second;

    if (t == "relationship.started") {
        if (const auto first = meeting_due(r, 1); first < settings_.end) schedule_meeting(relationship, 1, first);
        for (const auto& m : settings_.milestones) {
            if (!m.from_relationship || e.time + m.after > settings_.end) continue;
            // Who is responsible, by name: the program manager has no id in the relationship.
            auto responsible = nlohmann::json::array();
            if (m.owner == "mentor" || m.owner == "pair") responsible.push_back(r.mentor_id);
            if (m.owner == "mentee" || m.owner == "pair") responsible.push_back(r.mentee_id);
            timers_.at(e.time + m.after, "milestone.due",
                       {{"relationship_id", relationship}, {"milestone", m.name}, {"owner", m.owner},
                        {"responsible", responsible}, {"description", m.description}},
                       "milestone/" + m.name + "/" + relationship);
        }
        for (const auto& survey : settings_.surveys) {
            if (!survey.after) continue;  // end-of-program surveys are asked by program.ending
            const auto due = e.time + *survey.after;
            if (due > settings_.end) continue;
            timers_.at(due, "survey.due",
                       {{"survey", survey.name}, {"relationship_id", relationship},
                        {"respondents", {r.mentor_id, r.mentee_id}}},
                       "survey/" + survey.name + "/" + relationship);
        }
    } else if (t == "relationship.closed") {
        timers_.cancel(std::string_view{"meeting/" + relationship});
        for (const auto& survey : settings_.surveys)
            timers_.cancel(std::string_view{"survey/" + survey.name + "/" + relationship});
        for (const auto& m : settings_.milestones)
            timers_.cancel(std::string_view{"milestone/" + m.name + "/" + relationship});
        if (ending_ && std::none_of(relationships_.begin(), relationships_.end(),
                                    [](const auto& entry) { return entry.second.active; }))
            close_program();
    } else if (t == "meeting.due" && r.active) {
        const int number = e.payload.value("number", 0);
        // A meeting not held by the time the next falls due was missed.
        if (number > 1 && !r.held.contains(meeting_id(relationship, number - 1)))
            bus_.publish("meeting.missed",
                         {{"meeting_id", meeting_id(relationship, number - 1)}, {"relationship_id", relationship}});
        if (const auto next = meeting_due(r, number + 1); next < settings_.end)
            schedule_meeting(relationship, number + 1, next);
    } else if (t == "meeting.held" && r.active) {
        // Feedback goes both ways: after each meeting both are asked how it is going.
        bus_.publish("checkin.due", {{"relationship_id", relationship},
                                     {"meeting_id", text_of(e.payload, "meeting_id")},
                                     {"due", format_date(e.time + duration{0, std::chrono::days{3}})},
                                     {"respondents", {r.mentor_id, r.mentee_id}},
                                     {"questions", settings_.checkin_questions}});
    }
}

void program_runtime::close_program() {
    bus_.publish("program.closed", {{"program", settings_.program_id}, {"evaluation", evaluation()}});
}

nlohmann::json program_runtime::evaluation() const {
    const auto completed = totals_.completed;
    const auto meetings = totals_.meetings_held + totals_.meetings_missed;
    auto ratio = [](std::size_t part, std::size_t whole) { return whole == 0 ? 0.0 : rounded(double(part) / double(whole)); };
    return {{"relationships", relationships_.size()},
            {"completed", completed},
            {"closed_early", totals_.closed_early},
            {"at_risk_raised", totals_.at_risk},
            {"meetings_held", totals_.meetings_held},
            {"meetings_missed", totals_.meetings_missed},
            {"meeting_adherence", ratio(totals_.meetings_held, meetings)},
            {"checkins", totals_.checkins},
            {"average_rating", totals_.checkins == 0 ? 0.0 : rounded(totals_.rating_sum / double(totals_.checkins))},
            {"goals_set", totals_.goals_set},
            {"goals_achieved", totals_.goals_achieved},
            {"goal_attainment", ratio(totals_.goals_achieved, totals_.goals_set)}};
}

}  // namespace mentorkit
