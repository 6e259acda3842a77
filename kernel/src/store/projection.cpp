#include "store/projection.hpp"

#include <mentorkit/domain.hpp>

#include <stdexcept>

namespace mentorkit {

namespace {

std::string day_of(const event& e) { return format_date(e.time).substr(0, 10); }

// A required non-empty string in a payload, with the topic in the message.
std::string field(const event& e, const char* name) {
    const auto it = e.payload.find(name);
    if (it == e.payload.end() || !it->is_string() || it->get_ref<const std::string&>().empty())
        throw std::invalid_argument(e.topic + ": the payload needs a non-empty string \"" + name + "\"");
    return it->get<std::string>();
}

// Events whose source is one of these come from people (for real or rehearsed) or the
// kernel, not from a role module.
bool from_module(const event& e) {
    return e.source != "kernel" && e.source != "input" && e.source != "cli" && e.source != "test" &&
           e.source != "rehearsal";
}

template <typename T>
T payload_as(const event& e) {
    try {
        return e.payload.get<T>();
    } catch (const std::exception& ex) {
        throw std::invalid_argument(e.topic + ": malformed payload: " + ex.what());
    }
}

}  // namespace

struct projection::statements {
    explicit statements(sqlite::database& db)
        : upsert_person(db.prepare(
              "INSERT INTO people (id, role, status, profile, enrolled_event, updated_event) "
              "VALUES (?1, ?2, 'enrolled', ?3, ?4, ?4) ON CONFLICT(id) DO UPDATE SET role = ?2, status = 'enrolled', "
              "profile = ?3, updated_event = ?4")),
          person_status(db.prepare("UPDATE people SET status = ?2, updated_event = ?3 WHERE id = ?1")),
          upsert_proposal(db.prepare(
              "INSERT INTO proposals (mentee_id, mentor_id, strategy, rank, score, explanation, status, event_id) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'proposed', ?7) ON CONFLICT(mentee_id, mentor_id) DO UPDATE SET "
              "strategy = ?3, rank = ?4, score = ?5, explanation = ?6, status = 'proposed', event_id = ?7")),
          proposal_status(db.prepare(
              "INSERT INTO proposals (mentee_id, mentor_id, strategy, rank, score, explanation, status, event_id) "
              "VALUES (?1, ?2, '', 0, 0, '[]', ?3, ?4) ON CONFLICT(mentee_id, mentor_id) DO UPDATE SET status = ?3, "
              "event_id = ?4")),
          start_relationship(db.prepare(
              "INSERT INTO relationships (id, mentor_id, mentee_id, status, started_on, ended_on, close_reason) "
              "VALUES (?1, ?2, ?3, 'active', ?4, '', '') ON CONFLICT(id) DO UPDATE SET status = 'active', "
              "started_on = ?4")),
          close_relationship(db.prepare(
              "UPDATE relationships SET status = ?2, ended_on = ?3, close_reason = ?4 WHERE id = ?1")),
          upsert_goal(db.prepare("INSERT INTO goals (id, mentee_id, relationship_id, status, progress, data) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(id) DO UPDATE SET mentee_id = ?2, "
                                 "relationship_id = ?3, status = ?4, progress = ?5, data = ?6")),
          // Progress puts a goal at risk back on track; it does not reopen an achieved or abandoned one.
          goal_progress(db.prepare("UPDATE goals SET status = CASE WHEN ?2 = 'open' AND status IN ('achieved', "
                                   "'abandoned') THEN status ELSE ?2 END, progress = max(progress, ?3) WHERE id = ?1")),
          upsert_meeting(db.prepare("INSERT INTO meetings (id, relationship_id, kind, status, due_by, held_on) "
                                    "VALUES (?1, ?2, ?3, 'scheduled', ?4, '') ON CONFLICT(id) DO UPDATE SET "
                                    "relationship_id = ?2, kind = ?3, due_by = ?4")),
          meeting_status(db.prepare("UPDATE meetings SET status = ?2, held_on = ?3 WHERE id = ?1")),
          insert_checkin(db.prepare("INSERT INTO checkins (event_id, relationship_id, person_id, on_date, rating, "
                                    "wellbeing, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")),
          insert_output(db.prepare("INSERT INTO module_outputs (event_id, plugin, topic, payload) "
                                   "VALUES (?1, ?2, ?3, ?4)")) {}

    sqlite::statement upsert_person, person_status, upsert_proposal, proposal_status, start_relationship,
        close_relationship, upsert_goal, goal_progress, upsert_meeting, meeting_status, insert_checkin, insert_output;
};

projection::projection(sqlite::database& db) : db_(db), sql_(std::make_unique<statements>(db)) {}

projection::~projection() = default;

void projection::clear() {
    for (const char* table : tables) db_.exec(std::string{"DELETE FROM "} + table);
}

void projection::apply(const event& e) {
    const auto id = static_cast<std::int64_t>(e.id);
    // Reset in every case: a statement left mid-run would refuse the next bindings.
    auto run = [](sqlite::statement& s) {
        try {
            s.run();
        } catch (...) {
            s.reset();
            throw;
        }
        s.reset();
    };
    const std::string& t = e.topic;

    if (t == "participant.enrolled" || t == "participant.updated") {
        const auto p = payload_as<person>(e);
        auto& s = sql_->upsert_person;
        s.bind(1, p.id).bind(2, to_string(p.role)).bind(3, nlohmann::json(p).dump()).bind(4, id);
        run(s);
    } else if (t == "participant.withdrew") {
        auto& s = sql_->person_status;
        s.bind(1, field(e, "person_id")).bind(2, std::string_view{"withdrawn"}).bind(3, id);
        run(s);
    } else if (t == "match.proposed") {
        auto& s = sql_->upsert_proposal;
        s.bind(1, field(e, "mentee_id")).bind(2, field(e, "mentor_id"));
        s.bind(3, e.payload.value("strategy", std::string{}));
        s.bind(4, static_cast<std::int64_t>(e.payload.value("rank", 0)));
        s.bind(5, e.payload.value("score", 0.0));
        s.bind(6, e.payload.value("explanation", nlohmann::json::array()).dump()).bind(7, id);
        run(s);
    } else if (t == "match.accepted" || t == "match.declined") {
        auto& s = sql_->proposal_status;
        s.bind(1, field(e, "mentee_id")).bind(2, field(e, "mentor_id"));
        s.bind(3, std::string_view{t == "match.accepted" ? "accepted" : "declined"}).bind(4, id);
        run(s);
    } else if (t == "relationship.started") {
        const auto r = payload_as<relationship>(e);
        auto& s = sql_->start_relationship;
        s.bind(1, r.id).bind(2, r.mentor_id).bind(3, r.mentee_id).bind(4, day_of(e));
        run(s);
    } else if (t == "relationship.closed") {
        const auto outcome = e.payload.value("outcome", std::string{"completed"});
        if (outcome != "completed" && outcome != "closed_early")
            throw std::invalid_argument(t + ": \"outcome\" must be completed or closed_early, found " + outcome);
        auto& s = sql_->close_relationship;
        s.bind(1, field(e, "relationship_id")).bind(2, outcome).bind(3, day_of(e));
        s.bind(4, e.payload.value("reason", std::string{}));
        run(s);
    } else if (t == "goal.set") {
        auto g = payload_as<goal>(e);
        if (g.id.empty()) field(e, "id");
        auto& s = sql_->upsert_goal;
        s.bind(1, g.id).bind(2, g.mentee_id).bind(3, g.relationship_id);
        s.bind(4, nlohmann::json(g.status).get<std::string>()).bind(5, static_cast<std::int64_t>(g.progress));
        s.bind(6, nlohmann::json(g).dump());
        run(s);
    } else if (t == "goal.progressed" || t == "goal.achieved" || t == "goal.at_risk" || t == "goal.abandoned") {
        const auto status = t == "goal.achieved" ? "achieved"
                            : t == "goal.at_risk" ? "at_risk"
                            : t == "goal.abandoned" ? "abandoned"
                                                    : "open";
        const int progress = t == "goal.achieved" ? 100 : e.payload.value("progress", 0);
        auto& s = sql_->goal_progress;
        s.bind(1, field(e, "goal_id")).bind(2, std::string_view{status}).bind(3, static_cast<std::int64_t>(progress));
        run(s);
    } else if (t == "meeting.scheduled") {
        auto& s = sql_->upsert_meeting;
        s.bind(1, field(e, "meeting_id")).bind(2, field(e, "relationship_id"));
        s.bind(3, e.payload.value("kind", std::string{"regular"})).bind(4, e.payload.value("due_by", std::string{}));
        run(s);
    } else if (t == "meeting.held" || t == "meeting.missed") {
        auto& s = sql_->meeting_status;
        s.bind(1, field(e, "meeting_id")).bind(2, std::string_view{t == "meeting.held" ? "held" : "missed"});
        s.bind(3, t == "meeting.held" ? e.payload.value("held_on", day_of(e)) : std::string{});
        run(s);
    } else if (t == "checkin.submitted") {
        const auto c = payload_as<checkin>(e);
        auto& s = sql_->insert_checkin;
        s.bind(1, id).bind(2, field(e, "relationship_id")).bind(3, field(e, "from"));
        s.bind(4, c.on.empty() ? day_of(e) : c.on).bind(5, static_cast<std::int64_t>(c.rating));
        s.bind(6, static_cast<std::int64_t>(c.wellbeing)).bind(7, e.payload.dump());
        run(s);
    }

    if (from_module(e)) {
        auto& s = sql_->insert_output;
        s.bind(1, id).bind(2, e.source).bind(3, t).bind(4, e.payload.dump());
        run(s);
    }
}

}  // namespace mentorkit
