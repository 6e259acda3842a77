// relationship: develops and manages the mentoring relationship, from enrolment to close.
//
// - Readiness: each enrolled or updated person is checked for what being matched takes
//   (a mentor's capacity, experience and skills to offer; a mentee's stated goals and
//   availability) and told what to do when something is missing.
// - Kickoff: a started relationship gets a kickoff meeting with an agenda, a notification
//   to each of the pair and a first check-in (announced by a timer when due).
// - Trust: the milestones that show trust growing (kickoff held, a meeting rhythm,
//   both rating the relationship well) are published once each.
// - On track: meetings missed in a row or a falling average rating raise
//   relationship.at_risk once, with a concrete course correction sent to both.
// - Midpoint: halfway to the program's end a goal review meeting is scheduled, its agenda
//   built from the mentee's goals as they stand then.
//
// State is folded from events (and, on start, from the program's history, so a restart
// neither forgets nor repeats): the rules themselves live in relationship_rules.hpp.

#include "relationship_rules.hpp"

#include <mentorkit/mentorkit.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace {

using mentorkit::day_of;
using mentorkit::event;
using mentorkit::optional_text;
using mentorkit::required_text;
namespace rules = mentorkit::relationship_rules;

// What a relationship.started event must carry.
struct relationship_started {
    std::string relationship_id;
    std::string mentor_id;
    std::string mentee_id;
};

relationship_started read_started(const event& e) {
    return {required_text(e, "relationship_id"), required_text(e, "mentor_id"), required_text(e, "mentee_id")};
}

const std::vector<std::string> default_agenda{
    "Get to know each other: background, career so far, what each hopes to gain",
    "Expectations and ways of working: how often to meet, how to reach each other, how to give feedback",
    "Confidentiality agreement: what is said in the relationship stays in it",
    "First goals: what the mentee wants to achieve, and how both will know it is achieved",
};

class relationship_plugin final : public mentorkit::plugin {
public:
    static constexpr mentorkit::plugin_manifest manifest{
        .id = "relationship",
        .version = MENTORKIT_VERSION_STRING,
        .description =
            "Develops and manages the relationship: readiness check, kickoff, trust milestones, "
            "course corrections, midpoint goal review",
        .roles = "relationship",
        .depends_on = "",
        .consumes =
            "program.started,program.ending,participant.enrolled,participant.updated,participant.withdrew,"
            "relationship.started,relationship.closed,goal.set,goal.progressed,goal.achieved,goal.at_risk,"
            "goal.abandoned,meeting.held,meeting.missed,checkin.submitted,feedback.given,"
            "relationship.midpoint_due",
        .produces =
            "readiness.assessed,meeting.scheduled,checkin.scheduled,checkin.due,relationship.milestone,"
            "relationship.at_risk,relationship.midpoint_due,notification.requested",
    };

private:
    void on_configure(const mentorkit::config_node& config) override {
        config.expect_keys({"kickoff_within", "kickoff_length", "first_checkin_after", "agenda", "default_capacity",
                            "min_mentor_years", "min_mentor_grade", "trust_meetings", "at_risk", "midpoint_after",
                            "review_within", "review_length"});
        kickoff_within_ = config.get_positive_duration("kickoff_within", kickoff_within_);
        kickoff_length_ = config.get_positive_duration("kickoff_length", kickoff_length_);
        first_checkin_after_ = config.get_or("first_checkin_after", first_checkin_after_);
        if (const auto* agenda = config.find("agenda")) {
            agenda_ = agenda->as_string_list();
            if (agenda_.empty()) agenda->fail("agenda needs at least one item");
        }

        readiness_.default_capacity = config.get_at_least("default_capacity", readiness_.default_capacity, 0);
        readiness_.min_mentor_years = config.get_at_least("min_mentor_years", readiness_.min_mentor_years, 0);
        readiness_.min_mentor_grade = config.get_at_least("min_mentor_grade", readiness_.min_mentor_grade, 0);
        trust_meetings_ = config.get_at_least("trust_meetings", trust_meetings_, 1);

        if (const auto* at_risk = config.find("at_risk"); at_risk != nullptr && !at_risk->is_null()) {
            at_risk->expect_keys({"missed_in_a_row", "rating_below", "ratings_window"});
            at_risk_.missed_in_a_row = at_risk->get_at_least("missed_in_a_row", at_risk_.missed_in_a_row, 1);
            at_risk_.rating_below = at_risk->get_in_range("rating_below", at_risk_.rating_below, 1, 5);
            at_risk_.ratings_window = at_risk->get_at_least("ratings_window", at_risk_.ratings_window, 1);
        }

        midpoint_after_ = config.get_positive_duration("midpoint_after", midpoint_after_);
        review_within_ = config.get_positive_duration("review_within", review_within_);
        review_length_ = config.get_positive_duration("review_length", review_length_);
    }

    void on_start() override {
        follow(roster_);  // first: every handler below finds the roster current
        catch_up();
        on("participant.enrolled", [this](const event& e) { assess_readiness(e); });
        on("participant.updated", [this](const event& e) { assess_readiness(e); });
        on("participant.withdrew", [this](const event& e) { withdrawn(e); });
        on("relationship.started", [this](const event& e) { started(e); });
        on("relationship.closed", [this](const event& e) { closed(e); });
        on("program.ending", [this](const event&) { ending_ = true; });
        on("meeting.held", [this](const event& e) { meeting_held(e); });
        on("meeting.missed", [this](const event& e) { meeting_missed(e); });
        on("checkin.submitted", [this](const event& e) { rated(e); });
        on("feedback.given", [this](const event& e) { rated(e); });
        on("relationship.midpoint_due", [this](const event& e) { midpoint_due(e); });
    }

    // ---- restart ----------------------------------------------------------------------

    // Folds the program's history so far with the live handlers' own logic, publishing
    // nothing, plus what this module already published (so nothing is said twice), then
    // re-arms the midpoint timers of relationships still waiting for theirs.
    void catch_up() {
        const auto past = history_of({"program.ending", "participant.withdrew", "relationship.started",
                                      "meeting.held", "meeting.missed", "checkin.submitted", "feedback.given",
                                      "readiness.assessed", "relationship.milestone", "relationship.at_risk",
                                      "relationship.midpoint_due", "meeting.scheduled"});

        replaying_ = true;
        std::map<std::string, mentorkit::time_point> started_at;
        for (const auto& e : past) {
            try {
                const auto& t = e.topic;
                if (t == "program.ending")
                    ending_ = true;
                else if (t == "participant.withdrew")
                    withdrawn(e);
                else if (t == "relationship.started")
                    started_at[required_text(e, "relationship_id")] = e.time;
                else if (t == "meeting.held")
                    meeting_held(e);
                else if (t == "meeting.missed")
                    meeting_missed(e);
                else if (t == "checkin.submitted" || t == "feedback.given")
                    rated(e);
                else if (t == "readiness.assessed") {
                    assessed_[required_text(e, "person_id")] = rules::result_signature(
                        e.payload.value("ready", false), e.payload.value("checks", nlohmann::json::array()));
                } else if (t == "relationship.milestone") {
                    tracks_[required_text(e, "relationship_id")].milestones.insert(required_text(e, "milestone"));
                } else if (t == "relationship.at_risk") {
                    auto& track = tracks_[required_text(e, "relationship_id")];
                    const auto kind = optional_text(e, "kind");
                    if (kind == "meetings_lapsed") track.lapse_raised = true;
                    if (kind == "ratings_low") track.low_raised = true;
                } else if (t == "relationship.midpoint_due") {
                    tracks_[required_text(e, "relationship_id")].midpoint_done = true;
                } else if (t == "meeting.scheduled" && optional_text(e, "kind") == "midpoint") {
                    tracks_[required_text(e, "relationship_id")].midpoint_done = true;
                }
            } catch (const std::exception&) {
                // The kernel dead-lettered it the first time; a restart does not complain again.
            }
        }
        replaying_ = false;

        for (const auto& [id, when] : started_at) {
            const auto* r = roster_.find_relationship(id);
            if (r != nullptr && r->status == mentorkit::relationship_status::active && !tracks_[id].midpoint_done)
                arm_midpoint(*r, when);
        }
    }

    void publish(std::string topic, nlohmann::json payload) {
        if (!replaying_) ctx().bus().publish(std::move(topic), std::move(payload));
    }

    void notify(const std::string& to, const std::string& relationship_id, const std::string& subject,
                const std::string& body, nlohmann::json extra = nlohmann::json::object()) {
        nlohmann::json note{{"to", to}, {"subject", subject}, {"body", body}};
        if (!relationship_id.empty()) note["relationship_id"] = relationship_id;
        note.update(extra);
        publish("notification.requested", std::move(note));
    }

    // The active relationship an event is about, or nullptr when it is unknown or over.
    const mentorkit::relationship* active(const std::string& relationship_id) const {
        const auto* r = roster_.find_relationship(relationship_id);
        return r != nullptr && r->status == mentorkit::relationship_status::active ? r : nullptr;
    }

    // ---- readiness --------------------------------------------------------------------

    void assess_readiness(const event& e) {
        mentorkit::person p;
        try {
            p = e.payload.get<mentorkit::person>();
        } catch (const std::exception& ex) {
            throw std::invalid_argument(e.topic + " carries no readable profile: " + ex.what());
        }
        const auto* current = p.role == mentorkit::participant_role::mentor ? nullptr : roster_.mentor_of(p.id);
        const auto a = rules::assess(p, readiness_, current);
        const auto checks = rules::checks_payload(a);
        const bool ready = a.ready();
        auto signature = rules::result_signature(ready, checks);
        // Only a changed result is news: a re-import of the same profile says nothing new.
        if (const auto it = assessed_.find(p.id); it != assessed_.end() && it->second == signature) return;
        assessed_[p.id] = std::move(signature);

        publish("readiness.assessed", {{"person_id", p.id},
                                       {"role", a.role},
                                       {"ready", ready},
                                       {"checks", checks},
                                       {"suggestion", a.suggestion},
                                       {"to", nlohmann::json::array({p.id})}});
        if (!ready) {
            std::vector<std::string> failed;
            for (const auto& c : a.checks)
                if (!c.passed) failed.push_back(c.name);
            notify(p.id, "", "Before you can be matched in the mentoring program", a.suggestion,
                   {{"person_id", p.id}, {"failed_checks", failed}});
        }
        ctx().log().info("readiness of {} as {}: {}", p.id, a.role, ready ? "ready" : "not ready");
    }

    void withdrawn(const event& e) { assessed_.erase(required_text(e, "person_id")); }

    // ---- kickoff and midpoint timer ----------------------------------------------------

    void started(const event& e) {
        const auto r = read_started(e);
        plan_kickoff(r, e.time);
        if (const auto* known = active(r.relationship_id);
            known != nullptr && !tracks_[r.relationship_id].midpoint_done)
            arm_midpoint(*known, e.time);
    }

    void plan_kickoff(const relationship_started& r, mentorkit::time_point now) {
        const auto kickoff_at = now + kickoff_within_;
        const auto checkin_due = now + first_checkin_after_;
        const nlohmann::json agenda = agenda_;

        publish("meeting.scheduled", {{"relationship_id", r.relationship_id},
                                      {"meeting_id", r.relationship_id + "/kickoff"},
                                      {"kind", "kickoff"},
                                      {"due_by", mentorkit::format_date(kickoff_at)},
                                      {"length", mentorkit::to_string(kickoff_length_)},
                                      {"participants", {r.mentor_id, r.mentee_id}},
                                      {"agenda", agenda}});
        for (const auto& [person, role] : {std::pair{r.mentor_id, "mentor"}, std::pair{r.mentee_id, "mentee"}}) {
            notify(person, r.relationship_id, "Your mentoring relationship starts: plan the kickoff",
                   std::string{"As the "} + role + ", agree a kickoff meeting before " +
                       mentorkit::format_date(kickoff_at) + ". Suggested agenda attached.",
                   {{"agenda", agenda}});
        }
        const nlohmann::json checkin{{"relationship_id", r.relationship_id},
                                     {"due", mentorkit::format_date(checkin_due)},
                                     {"respondents", {r.mentor_id, r.mentee_id}}};
        publish("checkin.scheduled", checkin);
        // When it falls due, both are asked; the key keeps one reminder per relationship.
        ctx().scheduler().at(checkin_due, "checkin.due", checkin, "first-checkin/" + r.relationship_id);
        ctx().log().info("planned kickoff of {} ({} mentoring {}) by {}", r.relationship_id, r.mentor_id, r.mentee_id,
                         mentorkit::format_date(kickoff_at));
    }

    // Halfway from the relationship's start to the program's end (or midpoint_after when
    // the end is unknown); nothing when the program ends before the relationship began.
    void arm_midpoint(const mentorkit::relationship& r, mentorkit::time_point started) {
        mentorkit::time_point when;
        std::string basis;
        if (const auto half = roster_.midpoint(started)) {
            when = std::chrono::floor<std::chrono::days>(*half);
            basis = "halfway from the relationship's start on " + day_of(started) + " to the program's end on " +
                    day_of(*roster_.program_end());
        } else if (roster_.program_end()) {
            return;
        } else {
            when = started + midpoint_after_;
            basis = mentorkit::to_string(midpoint_after_) + " after the relationship's start on " + day_of(started) +
                    " (the program's end is not known)";
        }
        ctx().scheduler().at(when, "relationship.midpoint_due",
                             {{"relationship_id", r.id},
                              {"mentor_id", r.mentor_id},
                              {"mentee_id", r.mentee_id},
                              {"due", day_of(when)},
                              {"why", basis}},
                             "midpoint/" + r.id);
    }

    void midpoint_due(const event& e) {
        const auto id = required_text(e, "relationship_id");
        const auto* r = active(id);
        auto& track = tracks_[id];
        if (r == nullptr || track.midpoint_done) return;
        track.midpoint_done = true;

        const auto due_by = day_of(e.time + review_within_);
        std::vector<const mentorkit::goal*> goals;
        for (const auto* g : roster_.goals_of(r->mentee_id))
            if (g->relationship_id.empty() || g->relationship_id == id) goals.push_back(g);
        const auto program_end = roster_.program_end() ? day_of(*roster_.program_end()) : std::string{};
        const nlohmann::json agenda = rules::midpoint_agenda(goals, track, program_end);

        publish("meeting.scheduled", {{"relationship_id", id},
                                      {"meeting_id", id + "/midpoint-review"},
                                      {"kind", "midpoint"},
                                      {"due_by", due_by},
                                      {"length", mentorkit::to_string(review_length_)},
                                      {"participants", {r->mentor_id, r->mentee_id}},
                                      {"agenda", agenda},
                                      {"goals_reviewed", goals.size()},
                                      {"why",
                                       "Halfway through the relationship: review the mentee's goals and how "
                                       "the relationship is working while there is time to change course."}});
        for (const auto& [person, role] : {std::pair{r->mentor_id, "mentor"}, std::pair{r->mentee_id, "mentee"}}) {
            notify(person, id, "Halfway there: plan your midpoint goal review",
                   std::string{"As the "} + role + ", agree a midpoint review meeting before " + due_by +
                       ". Go through each goal's progress and decide together what changes for the second half. "
                       "Agenda attached.",
                   {{"agenda", agenda}, {"meeting_id", id + "/midpoint-review"}});
        }
    }

    // ---- closing ------------------------------------------------------------------------

    void closed(const event& e) {
        const auto id = required_text(e, "relationship_id");
        // Nothing more is due for a relationship that has ended.
        ctx().scheduler().cancel(std::string_view{"midpoint/" + id});
        ctx().scheduler().cancel(std::string_view{"first-checkin/" + id});
    }

    // ---- meetings: milestones and lapses ------------------------------------------------

    void meeting_held(const event& e) {
        const auto id = required_text(e, "relationship_id");
        const auto meeting = required_text(e, "meeting_id");
        auto held_on = optional_text(e, "held_on");
        if (held_on.empty()) held_on = day_of(e.time);
        const auto* r = active(id);
        if (r == nullptr) return;
        auto& track = tracks_[id];
        track.meeting_held(meeting, held_on);

        if (meeting == id + "/kickoff")
            reach(*r, "kickoff_held", held_on,
                  "The kickoff meeting " + meeting + " was held on " + held_on +
                      ": the pair has met, got to know each other and agreed how to work together.",
                  {{"meeting_id", meeting}});
        const auto held = static_cast<int>(track.held.size());
        if (held >= trust_meetings_)
            reach(*r, "rhythm_established", held_on,
                  std::to_string(held) + " meetings held (at least " + std::to_string(trust_meetings_) +
                      " establish a rhythm), the latest on " + held_on +
                      ": meeting regularly is what trust is built on.",
                  {{"meetings_held", held}, {"trust_meetings", trust_meetings_}});
    }

    void meeting_missed(const event& e) {
        const auto id = required_text(e, "relationship_id");
        const auto meeting = required_text(e, "meeting_id");
        const auto* r = active(id);
        if (r == nullptr) return;
        auto& track = tracks_[id];
        if (!track.meeting_missed(meeting, at_risk_.missed_in_a_row) || ending_) return;

        const auto run = static_cast<int>(track.missed_run.size());
        const std::string reason =
            std::to_string(run) + " meetings missed in a row (" + rules::join(track.missed_run, ", ") +
            "), reaching the limit of " + std::to_string(at_risk_.missed_in_a_row) +
            (track.last_held_on.empty() ? "; no meeting held yet"
                                        : "; the last meeting was held on " + track.last_held_on);
        raise_at_risk(
            *r, "meetings_lapsed", reason, rules::lapse_suggestion,
            {{"missed_in_a_row", run},
             {"threshold", at_risk_.missed_in_a_row},
             {"missed_meetings", track.missed_run},
             {"meetings_held", track.held.size()},
             {"last_held_on", track.last_held_on.empty() ? nlohmann::json() : nlohmann::json(track.last_held_on)}});
    }

    // ---- check-ins: milestones and falling ratings --------------------------------------

    void rated(const event& e) {
        const auto id = required_text(e, "relationship_id");
        const auto from = required_text(e, "from");
        const auto on = optional_text(e, "on");
        const int rating = mentorkit::optional_int(e, "rating", 0, 5).value_or(0);
        if (rating == 0) return;  // 0 or none: not rated
        const auto* r = active(id);
        if (r == nullptr) return;
        auto& track = tracks_[id];
        if (!on.empty() && !track.checkins_seen.insert(e.topic + "|" + from + "|" + on).second) return;  // repeated

        const auto reached_on = on.empty() ? day_of(e.time) : on;
        if (rating >= 4) {
            if (from == r->mentor_id && !track.mentor_high) track.mentor_high = rating;
            if (from == r->mentee_id && !track.mentee_high) track.mentee_high = rating;
            if (track.mentor_high && track.mentee_high)
                reach(*r, "mutual_trust", reached_on,
                      "Both rated the relationship 4 or higher in their check-ins (mentor " + r->mentor_id + ": " +
                          std::to_string(*track.mentor_high) + ", mentee " + r->mentee_id + ": " +
                          std::to_string(*track.mentee_high) + "): each trusts that it is working.",
                      {{"mentor_rating", *track.mentor_high}, {"mentee_rating", *track.mentee_high}});
        }

        const auto window = static_cast<std::size_t>(at_risk_.ratings_window);
        const auto average = track.rated(rating, window, at_risk_.rating_below);
        if (!average || ending_) return;
        std::vector<std::string> shown;
        for (const int x : track.window) shown.push_back(std::to_string(x));
        const std::string reason = "the average rating of the last " + std::to_string(window) + " check-ins is " +
                                   rules::number_text(*average) + " (" + rules::join(shown, ", ") + "), below " +
                                   rules::number_text(at_risk_.rating_below);
        raise_at_risk(*r, "ratings_low", reason, rules::low_rating_suggestion,
                      {{"average_rating", rules::rounded(*average)},
                       {"ratings", track.window},
                       {"ratings_window", at_risk_.ratings_window},
                       {"threshold", at_risk_.rating_below},
                       {"ratings_received", track.rating_count}});
    }

    // ---- outputs ------------------------------------------------------------------------

    void reach(const mentorkit::relationship& r, const std::string& milestone, const std::string& reached_on,
               const std::string& why, nlohmann::json evidence) {
        if (!tracks_[r.id].milestones.insert(milestone).second) return;  // once per relationship
        publish("relationship.milestone", {{"relationship_id", r.id},
                                           {"mentor_id", r.mentor_id},
                                           {"mentee_id", r.mentee_id},
                                           {"milestone", milestone},
                                           {"reached_on", reached_on},
                                           {"why", why},
                                           {"evidence", std::move(evidence)},
                                           {"to", {r.mentor_id, r.mentee_id}}});
    }

    void raise_at_risk(const mentorkit::relationship& r, const std::string& kind, const std::string& reason,
                       const std::string& suggestion, nlohmann::json evidence) {
        publish("relationship.at_risk", {{"relationship_id", r.id},
                                         {"mentor_id", r.mentor_id},
                                         {"mentee_id", r.mentee_id},
                                         {"kind", kind},
                                         {"reason", reason},
                                         {"suggestion", suggestion},
                                         {"evidence", std::move(evidence)},
                                         {"to", {r.mentor_id, r.mentee_id}}});
        for (const auto& person : {r.mentor_id, r.mentee_id})
            notify(person, r.id, "Your mentoring relationship needs a course correction",
                   "What we noticed: " + reason + ". What to do: " + suggestion, {{"suggestion", suggestion}});
        if (!replaying_) ctx().log().info("relationship {} at risk: {}", r.id, reason);
    }

    mentorkit::roster roster_;
    std::map<std::string, rules::track, std::less<>> tracks_;
    std::map<std::string, std::string, std::less<>> assessed_;  // person id -> result signature
    bool ending_ = false;
    bool replaying_ = false;

    mentorkit::duration kickoff_within_{0, std::chrono::weeks{1}};
    mentorkit::duration kickoff_length_{0, std::chrono::minutes{60}};
    mentorkit::duration first_checkin_after_{0, std::chrono::weeks{2}};
    std::vector<std::string> agenda_ = default_agenda;
    rules::readiness_settings readiness_;
    int trust_meetings_ = 3;
    rules::at_risk_settings at_risk_;
    mentorkit::duration midpoint_after_{3, {}};
    mentorkit::duration review_within_{0, std::chrono::weeks{2}};
    mentorkit::duration review_length_{0, std::chrono::minutes{60}};
};

}  // namespace

MENTORKIT_EXPORT_PLUGIN(relationship_plugin)
