#pragma once
/// @file
/// A plugin's view of who is in the program: people and their profiles, relationships,
/// goals and the program's dates, folded from the events that carry them. Role modules
/// keep one and let plugin::follow() feed it:
///
///     void on_start() override {
///         follow(roster_);  // the history so far, then every new event
///         on("opportunity.posted", [this](const mentorkit::event& e) { ... roster_.people() ... });
///     }
///
/// Not thread-safe: use it from synchronous handlers (the default delivery).

#include <mentorkit/domain.hpp>
#include <mentorkit/event.hpp>
#include <mentorkit/time.hpp>

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mentorkit {

class roster {
public:
    /// The topics it folds (exact topics: history lookups stay cheap).
    static constexpr std::array<std::string_view, 11> topics{
        "program.started",      "participant.enrolled", "participant.updated", "participant.withdrew",
        "relationship.started", "relationship.closed",  "goal.set",            "goal.progressed",
        "goal.achieved",        "goal.at_risk",         "goal.abandoned"};

    /// Folds one event in. Payloads it cannot read are skipped: the kernel refuses
    /// malformed ones before delivery, and a view is not the place to complain.
    void observe(const event& e) {
        try {
            apply(e);
        } catch (const std::exception&) {  // nlohmann's errors and invalid_argument alike
        }
    }

    /// An enrolled (not withdrawn) person, or nullptr.
    const person* find_person(std::string_view id) const {
        const auto it = people_.find(id);
        return it == people_.end() ? nullptr : &it->second;
    }
    /// Enrolled people, by id.
    std::vector<const person*> people() const {
        std::vector<const person*> out;
        for (const auto& [id, p] : people_) out.push_back(&p);
        return out;
    }

    const relationship* find_relationship(std::string_view id) const {
        const auto it = relationships_.find(id);
        return it == relationships_.end() ? nullptr : &it->second;
    }
    /// Relationships in which `person_id` is the mentor or the mentee, active ones only
    /// unless `all`.
    std::vector<const relationship*> relationships_of(std::string_view person_id, bool all = false) const {
        std::vector<const relationship*> out;
        for (const auto& [id, r] : relationships_)
            if ((r.mentor_id == person_id || r.mentee_id == person_id) &&
                (all || r.status == relationship_status::active))
                out.push_back(&r);
        return out;
    }
    /// Active relationships, by id.
    std::vector<const relationship*> active_relationships() const {
        std::vector<const relationship*> out;
        for (const auto& [id, r] : relationships_)
            if (r.status == relationship_status::active) out.push_back(&r);
        return out;
    }
    /// The mentee's active relationship, or nullptr.
    const relationship* mentor_of(std::string_view mentee_id) const {
        for (const auto& [id, r] : relationships_)
            if (r.mentee_id == mentee_id && r.status == relationship_status::active) return &r;
        return nullptr;
    }

    const goal* find_goal(std::string_view id) const {
        const auto it = goals_.find(id);
        return it == goals_.end() ? nullptr : &it->second;
    }
    /// The mentee's goals in the order they were set, abandoned ones left out.
    std::vector<const goal*> goals_of(std::string_view mentee_id) const {
        std::vector<const goal*> out;
        for (const auto& id : goal_order_) {
            const auto& g = goals_.at(id);
            if (g.mentee_id == mentee_id && g.status != goal_status::abandoned) out.push_back(&g);
        }
        return out;
    }

    /// The program's first and last day, once program.started has been seen.
    std::optional<time_point> program_start() const { return start_; }
    std::optional<time_point> program_end() const { return end_; }
    /// Halfway between `from` and the program's end; nothing before program.started.
    std::optional<time_point> midpoint(time_point from) const {
        if (!end_ || *end_ <= from) return std::nullopt;
        return from + (*end_ - from) / 2;
    }

private:
    void apply(const event& e) {
        const auto& p = e.payload;
        const std::string_view topic = e.topic;
        // Each branch reads everything before it changes anything: a payload it cannot
        // read whole leaves the view as it was.
        if (topic == "program.started") {
            const auto start = parse_date(p.at("start").get<std::string>());
            const auto length = parse_duration(p.at("duration").get<std::string>());
            start_ = start;
            end_ = start && length ? std::optional{*start + *length} : std::nullopt;
        } else if (topic == "participant.enrolled" || topic == "participant.updated") {
            auto profile = p.get<person>();
            auto id = profile.id;
            people_.insert_or_assign(std::move(id), std::move(profile));
        } else if (topic == "participant.withdrew") {
            people_.erase(p.at("person_id").get<std::string>());
        } else if (topic == "relationship.started") {
            relationship r = p.get<relationship>();
            r.status = relationship_status::active;
            r.started_on = format_date(e.time).substr(0, 10);
            auto id = r.id;
            relationships_.insert_or_assign(std::move(id), std::move(r));
        } else if (topic == "relationship.closed") {
            const auto it = relationships_.find(p.at("relationship_id").get<std::string>());
            if (it == relationships_.end()) return;
            // As the store reads it: no outcome means the relationship ran its course.
            const auto status = p.value("outcome", "completed") == "closed_early" ? relationship_status::closed_early
                                                                                  : relationship_status::completed;
            auto reason = p.value("reason", "");
            it->second.status = status;
            it->second.ended_on = format_date(e.time).substr(0, 10);
            it->second.close_reason = std::move(reason);
        } else if (topic == "goal.set") {
            auto g = p.get<goal>();
            if (g.id.empty()) return;
            if (!goals_.contains(g.id)) goal_order_.push_back(g.id);
            auto id = g.id;
            goals_.insert_or_assign(std::move(id), std::move(g));
        } else {  // goal.progressed, achieved, at_risk, abandoned
            const auto it = goals_.find(p.at("goal_id").get<std::string>());
            if (it == goals_.end()) return;
            auto& g = it->second;
            if (const auto progress = p.find("progress"); progress != p.end() && progress->is_number_integer())
                g.progress = std::max(g.progress, std::clamp(progress->get<int>(), 0, 100));
            if (topic == "goal.achieved") {
                g.status = goal_status::achieved;
                g.progress = 100;
            } else if (topic == "goal.at_risk") {
                g.status = goal_status::at_risk;
            } else if (topic == "goal.abandoned") {
                g.status = goal_status::abandoned;
            } else if (g.status == goal_status::at_risk) {  // progress puts it back on track
                g.status = goal_status::open;
            }
        }
    }

    std::map<std::string, person, std::less<>> people_;
    std::map<std::string, relationship, std::less<>> relationships_;
    std::map<std::string, goal, std::less<>> goals_;
    std::vector<std::string> goal_order_;
    std::optional<time_point> start_, end_;
};

}  // namespace mentorkit
