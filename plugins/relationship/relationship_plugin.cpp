// relationship: develops and manages the mentoring relationship.
//
// When a relationship starts it plans the kickoff: a kickoff meeting with an agenda
// (getting to know each other, expectations, confidentiality, first goals) within a
// configured time, a notification to each of the pair with that agenda, and the first
// check-in, with a timer that announces it (checkin.due) when it falls due. Later issues add the readiness check, trust-building milestones and course
// corrections; they arrive as more handlers on the same bus.

#include <mentorkit/mentorkit.hpp>

#include <string>
#include <vector>

namespace {

using mentorkit::event;

// What a relationship.started event must carry.
struct relationship_started {
    std::string relationship_id;
    std::string mentor_id;
    std::string mentee_id;
};

relationship_started read_started(const event& e) {
    relationship_started r;
    for (auto [field, target] : {std::pair{"relationship_id", &r.relationship_id}, std::pair{"mentor_id", &r.mentor_id},
                                 std::pair{"mentee_id", &r.mentee_id}}) {
        const auto it = e.payload.find(field);
        if (it == e.payload.end() || !it->is_string() || it->get<std::string>().empty())
            throw std::invalid_argument(std::string{"relationship.started needs a non-empty string \""} + field +
                                        "\" in its payload");
        *target = it->get<std::string>();
    }
    return r;
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
        .description = "Develops and manages the relationship: kickoff agenda, first meeting and check-in",
        .roles = "relationship",
        .depends_on = "",
    };

private:
    void on_configure(const mentorkit::config_node& config) override {
        config.expect_keys({"kickoff_within", "kickoff_length", "first_checkin_after", "agenda"});
        kickoff_within_ = config.get_or("kickoff_within", kickoff_within_);
        kickoff_length_ = config.get_or("kickoff_length", kickoff_length_);
        first_checkin_after_ = config.get_or("first_checkin_after", first_checkin_after_);
        if (kickoff_within_.is_zero()) config.at("kickoff_within").fail("kickoff_within must be longer than 0");
        if (kickoff_length_.is_zero()) config.at("kickoff_length").fail("kickoff_length must be longer than 0");
        if (const auto* agenda = config.find("agenda")) {
            agenda_ = agenda->as_string_list();
            if (agenda_.empty()) agenda->fail("agenda needs at least one item");
        }
    }

    void on_start() override {
        on("relationship.started", [this](const event& e) { plan_kickoff(e); });
    }

    void plan_kickoff(const event& e) {
        const auto r = read_started(e);
        auto& bus = ctx().bus();
        const auto kickoff_at = e.time + kickoff_within_;
        const auto checkin_due = e.time + first_checkin_after_;
        const nlohmann::json agenda = agenda_;

        bus.publish("meeting.scheduled", {{"relationship_id", r.relationship_id},
                                          {"meeting_id", r.relationship_id + "/kickoff"},
                                          {"kind", "kickoff"},
                                          {"due_by", mentorkit::format_date(kickoff_at)},
                                          {"length", mentorkit::to_string(kickoff_length_)},
                                          {"participants", {r.mentor_id, r.mentee_id}},
                                          {"agenda", agenda}});
        for (const auto& [person, role] : {std::pair{r.mentor_id, "mentor"}, std::pair{r.mentee_id, "mentee"}}) {
            bus.publish("notification.requested",
                        {{"to", person},
                         {"relationship_id", r.relationship_id},
                         {"subject", "Your mentoring relationship starts: plan the kickoff"},
                         {"body", std::string{"As the "} + role + ", agree a kickoff meeting before " +
                                      mentorkit::format_date(kickoff_at) + ". Suggested agenda attached."},
                         {"agenda", agenda}});
        }
        const nlohmann::json checkin{{"relationship_id", r.relationship_id},
                                     {"due", mentorkit::format_date(checkin_due)},
                                     {"respondents", {r.mentor_id, r.mentee_id}}};
        bus.publish("checkin.scheduled", checkin);
        // When it falls due, both are asked; the key keeps one reminder per relationship.
        ctx().scheduler().at(checkin_due, "checkin.due", checkin, "first-checkin/" + r.relationship_id);
        ctx().log().info("planned kickoff of {} ({} mentoring {}) by {}", r.relationship_id, r.mentor_id, r.mentee_id,
                         mentorkit::format_date(kickoff_at));
    }

    mentorkit::duration kickoff_within_{0, std::chrono::weeks{1}};
    mentorkit::duration kickoff_length_{0, std::chrono::minutes{60}};
    mentorkit::duration first_checkin_after_{0, std::chrono::weeks{2}};
    std::vector<std::string> agenda_ = default_agenda;
};

}  // namespace

MENTORKIT_EXPORT_PLUGIN(relationship_plugin)
