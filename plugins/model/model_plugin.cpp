// model: role modelling — values, ethics and standards.
//
// A mentor teaches values mostly by example, and a mentee adopts them by noticing and
// practising. This module keeps the values a mentee named in view: after meetings it sends
// the mentee one reflection prompt on one value (the value reflected on least so far, ties
// in the order named, so a fixed list goes round in turn and newly named values come up
// next), records behaviours someone saw the mentee show, and summarises growth per value
// at the relationship's midpoint and at its close.
//
// Its counts (meetings, reflections, observations, summaries) are folded from the
// program's history on start, so a restarted program continues the rotation where it was.

#include "model_rules.hpp"

#include <mentorkit/mentorkit.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace {

using mentorkit::day_of;
using mentorkit::event;
using mentorkit::optional_text;
using mentorkit::required_text;
using nlohmann::json;
namespace model = mentorkit::model;

const std::vector<std::string> default_generic_prompts{
    "What would {value} look like in your work this week, in a way {mentor} could notice?",
    "Think of a recent moment where {value} mattered. What did you do, and what would you do differently?",
    "Who do you know who shows {value} well? What exactly do they do that you could try?",
    "{mentee}, what makes {value} hard for you, and what small step could you practise before the next meeting?",
};

constexpr const char* review_topic = "growth.review.due";

// A date field as YYYY-MM-DD: the event's own day when absent.
std::string date_field(const event& e, const char* field) {
    return day_of(mentorkit::optional_date(e, field).value_or(e.time));
}

// ---- what the module remembers of each relationship ------------------------------------

struct observation {
    std::string on;  // YYYY-MM-DD
    std::string behaviour;
    std::string observed_by;
};

struct pair_state {
    std::set<std::string> meetings_held;                           // meeting ids, counted once each
    std::map<std::string, std::size_t> reflections;                // by value key
    std::map<std::string, std::vector<observation>> observations;  // by value key
    std::set<std::string> observation_keys;                        // to drop repeated observations
    bool midpoint_done = false;
    bool close_done = false;
};

std::string observation_key(const std::string& value, const observation& o) {
    return value + '\n' + model::normalise(o.behaviour) + '\n' + o.observed_by + '\n' + o.on;
}

class model_plugin final : public mentorkit::plugin {
public:
    static constexpr mentorkit::plugin_manifest manifest{
        .id = "model",
        .version = MENTORKIT_VERSION_STRING,
        .description =
            "Role modelling: reflection prompts on the values a mentee wants to adopt, observed "
            "behaviours, growth summaries at midpoint and close",
        .roles = "model",
        .depends_on = "",
        .consumes =
            "program.started,participant.enrolled,participant.updated,participant.withdrew,"
            "relationship.started,relationship.closed,goal.set,goal.progressed,goal.achieved,goal.at_risk,"
            "goal.abandoned,meeting.held,values.named,behaviour.observed,growth.review.due",
        .produces =
            "reflection.prompted,behaviour.recorded,growth.summarised,growth.review.due,"
            "notification.requested",
    };

private:
    // ---- settings ----------------------------------------------------------------------

    void on_configure(const mentorkit::config_node& config) override {
        config.expect_keys({"catalog", "generic_prompts", "every_nth_meeting", "midpoint_after"});
        const auto* catalog_setting = config.find("catalog");
        if (catalog_setting != nullptr && !catalog_setting->is_null()) {
            catalog_name_ = catalog_setting->text();
            if (catalog_name_.empty()) catalog_setting->fail("catalog must name a catalog, e.g. 'values'");
        }
        every_nth_meeting_ = config.get_at_least("every_nth_meeting", every_nth_meeting_, 1, "1 is every meeting");
        midpoint_after_ = config.get_positive_duration("midpoint_after", midpoint_after_);
        if (const auto* prompts = config.find("generic_prompts"); prompts != nullptr && !prompts->is_null())
            generic_prompts_ = model::read_prompts(*prompts, "generic_prompts");

        try {
            catalog_ = model::values_catalog::read(ctx().catalog(catalog_name_));
        } catch (const mentorkit::config_error&) {
            throw;  // already names the catalog's file, line and column
        } catch (const std::runtime_error& error) {
            // No such catalog: point at the setting that named it (or the module's section).
            const auto mark = catalog_setting != nullptr ? catalog_setting->mark() : config.mark();
            throw mentorkit::config_error(mark, "values catalog '" + catalog_name_ + "': " + error.what());
        }
    }

    // ---- start: fold the history, then listen ------------------------------------------

    void on_start() override {
        follow(roster_);
        fold_history();
        on("program.started", [this](const event&) { rearm_midpoints(); });
        on("relationship.started", [this](const event& e) { on_relationship_started(e); });
        on("relationship.closed", [this](const event& e) { on_relationship_closed(e); });
        on("meeting.held", [this](const event& e) { on_meeting_held(e); });
        on("values.named", [this](const event& e) { on_values_named(e); });
        on("behaviour.observed", [this](const event& e) { on_behaviour_observed(e); });
        on(review_topic, [this](const event& e) { on_review_due(e); });
        // Timers of a previous run may be gone (or the program end may be known by now).
        rearm_midpoints();
    }

    // Rebuilds what earlier runs counted. Meetings come from the input; reflections,
    // observations and summaries from what this module published, so nothing is sent twice.
    void fold_history() {
        for (const auto& e : ctx().history("values.named")) {
            try {
                remember_named(e);
            } catch (const std::exception&) {  // was dead-lettered when it happened
            }
        }
        for (const auto& e : ctx().history("meeting.held")) {
            const auto rid = e.payload.value("relationship_id", std::string{});
            const auto mid = e.payload.value("meeting_id", std::string{});
            try {
                (void)date_field(e, "held_on");  // a bad date was refused (dead-lettered) when it happened
            } catch (const std::invalid_argument&) {
                continue;
            }
            if (!rid.empty() && !mid.empty() && roster_.find_relationship(rid) != nullptr)
                pairs_[rid].meetings_held.insert(mid);
        }
        for (const auto& e : ctx().history("reflection.prompted")) {
            const auto rid = e.payload.value("relationship_id", std::string{});
            const auto value = e.payload.value("value", std::string{});
            if (!rid.empty() && !value.empty()) ++pairs_[rid].reflections[value];
        }
        for (const auto& e : ctx().history("behaviour.recorded")) {
            const auto rid = e.payload.value("relationship_id", std::string{});
            const auto value = e.payload.value("value", std::string{});
            if (rid.empty() || value.empty()) continue;
            observation o{e.payload.value("on", day_of(e.time)), e.payload.value("behaviour", std::string{}),
                          e.payload.value("observed_by", std::string{})};
            auto& st = pairs_[rid];
            if (st.observation_keys.insert(observation_key(value, o)).second) st.observations[value].push_back(o);
        }
        for (const auto& e : ctx().history("growth.summarised")) {
            const auto rid = e.payload.value("relationship_id", std::string{});
            if (rid.empty()) continue;
            const auto stage = e.payload.value("stage", std::string{});
            if (stage == "midpoint") pairs_[rid].midpoint_done = true;
            if (stage == "close") pairs_[rid].close_done = true;
        }
    }

    // ---- the values a mentee named -----------------------------------------------------

    // The mentee's values: their profile's values_sought, then those named later, each
    // once (matched through the catalog), blank names skipped.
    std::vector<model::resolved_value> values_of(const std::string& mentee_id) const {
        std::vector<model::resolved_value> out;
        auto add = [&](const std::string& written) {
            auto v = model::resolve(catalog_, written);
            if (v.key.empty()) return;
            for (const auto& existing : out)
                if (existing.key == v.key) return;
            out.push_back(std::move(v));
        };
        if (const auto* p = roster_.find_person(mentee_id))
            for (const auto& written : p->values_sought) add(written);
        if (const auto it = named_.find(mentee_id); it != named_.end())
            for (const auto& written : it->second) add(written);
        return out;
    }

    // values.named {relationship_id?, mentee_id?, values}: returns the mentee and how many
    // names were new.
    std::pair<std::string, std::size_t> remember_named(const event& e) {
        const auto rid = optional_text(e, "relationship_id");
        auto mentee = optional_text(e, "mentee_id");
        const auto* r = rid.empty() ? nullptr : roster_.find_relationship(rid);
        if (mentee.empty()) {
            if (r == nullptr)
                throw std::invalid_argument(
                    "values.named needs a non-empty string \"mentee_id\" (or the \"relationship_id\" of a known "
                    "relationship) in its payload");
            mentee = r->mentee_id;
        } else if (r != nullptr && r->mentee_id != mentee) {
            throw std::invalid_argument("values.named: relationship " + rid + " is " + r->mentee_id + "'s, not " +
                                        mentee + "'s");
        }
        if (!e.payload.contains("values") || e.payload["values"].is_null())
            throw std::invalid_argument("values.named needs a list of value names \"values\" in its payload");
        const auto values = mentorkit::string_list(e, "values");
        if (std::any_of(values.begin(), values.end(), [](const std::string& v) { return model::normalise(v).empty(); }))
            throw std::invalid_argument("values.named needs \"values\" to be a list of value names, found " +
                                        e.payload["values"].dump());
        auto& list = named_[mentee];
        std::size_t added = 0;
        for (const auto& v : values) {
            const auto written = mentorkit::collapse_spaces(v);
            const bool known = std::any_of(list.begin(), list.end(), [&](const std::string& w) {
                return model::resolve(catalog_, w).key == model::resolve(catalog_, written).key;
            });
            if (!known) {
                list.push_back(written);
                ++added;
            }
        }
        return {mentee, added};
    }

    void on_values_named(const event& e) {
        const auto [mentee, added] = remember_named(e);
        ctx().log().info("{} named {} value(s), {} new; now {} in all", mentee, e.payload.at("values").size(), added,
                         values_of(mentee).size());
    }

    // ---- reflection prompts after meetings ---------------------------------------------

    void on_meeting_held(const event& e) {
        const auto rid = required_text(e, "relationship_id");
        const auto mid = required_text(e, "meeting_id");
        const auto held_on = date_field(e, "held_on");
        const auto* r = roster_.find_relationship(rid);
        if (r == nullptr || r->status != mentorkit::relationship_status::active) {
            ctx().log().debug("meeting {} of {}: not an active relationship, no reflection prompt", mid, rid);
            return;
        }
        auto& st = pairs_[rid];
        if (!st.meetings_held.insert(mid).second) {
            ctx().log().debug("meeting {} of {} was already counted", mid, rid);
            return;
        }
        const auto number = st.meetings_held.size();
        if (number % static_cast<std::size_t>(every_nth_meeting_) != 0) {
            ctx().log().debug("meeting {} is number {} of {}: prompts come every {} meetings", mid, number, rid,
                              every_nth_meeting_);
            return;
        }
        const auto values = values_of(r->mentee_id);
        if (values.empty()) {
            ctx().log().debug("{} (mentee of {}) has named no values: no reflection prompt", r->mentee_id, rid);
            return;
        }

        // The value reflected on least so far; ties go to the one named first.
        std::size_t pick = 0;
        for (std::size_t i = 1; i < values.size(); ++i)
            if (st.reflections[values[i].key] < st.reflections[values[pick].key]) pick = i;
        const auto& value = values[pick];
        const auto& prompts = value.entry != nullptr ? value.entry->prompts : generic_prompts_;
        const auto done = st.reflections[value.key];
        const auto prompt_index = done % prompts.size();
        const auto mentee_name = name_of(r->mentee_id);
        const auto mentor_name = name_of(r->mentor_id);
        const auto prompt = model::fill(prompts[prompt_index], mentee_name, mentor_name, value.name);
        std::string counts;
        for (const auto& v : values)
            counts += (counts.empty() ? "" : ", ") + v.name + " " + std::to_string(st.reflections[v.key]);
        ++st.reflections[value.key];

        const std::string why = "Meeting " + std::to_string(number) + " of " + rid + " was held on " + held_on + "; " +
                                value.name + " is next in turn among the " + std::to_string(values.size()) +
                                " value(s) " + mentee_name + " named (reflections so far: " + counts + "). Prompt " +
                                std::to_string(prompt_index + 1) + " of " + std::to_string(prompts.size()) + " for it" +
                                (value.entry != nullptr ? "." : ", a generic prompt: it is not in the values catalog.");
        const json behaviours = value.entry != nullptr ? json(value.entry->behaviours) : json::array();
        auto& bus = ctx().bus();
        bus.publish("reflection.prompted", {{"relationship_id", rid},
                                            {"mentee_id", r->mentee_id},
                                            {"mentor_id", r->mentor_id},
                                            {"meeting_id", mid},
                                            {"meeting_number", number},
                                            {"value", value.key},
                                            {"value_name", value.name},
                                            {"in_catalog", value.entry != nullptr},
                                            {"prompt", prompt},
                                            {"prompt_number", prompt_index + 1},
                                            {"prompts_for_value", prompts.size()},
                                            {"reflection_number", done + 1},
                                            {"behaviours", behaviours},
                                            {"why", why},
                                            {"to", json::array({r->mentee_id})}});
        std::string body = prompt;
        if (value.entry != nullptr)
            body += " Behaviours to watch for in yourself and in " + mentor_name + ": " +
                    mentorkit::join_words(value.entry->behaviours) + ".";
        bus.publish("notification.requested", {{"to", r->mentee_id},
                                               {"subject", "A question to reflect on: " + value.name},
                                               {"body", body},
                                               {"relationship_id", rid},
                                               {"meeting_id", mid},
                                               {"value", value.key}});
    }

    std::string name_of(const std::string& person_id) const {
        const auto* p = roster_.find_person(person_id);
        return p != nullptr && !p->name.empty() ? p->name : person_id;
    }

    // ---- observed behaviours -----------------------------------------------------------

    void on_behaviour_observed(const event& e) {
        const auto rid = required_text(e, "relationship_id");
        const auto written = required_text(e, "value");
        observation o{date_field(e, "on"), mentorkit::collapse_spaces(required_text(e, "behaviour")),
                      required_text(e, "observed_by")};
        const auto note = optional_text(e, "note");
        if (model::normalise(written).empty() || o.behaviour.empty())
            throw std::invalid_argument("behaviour.observed: \"value\" and \"behaviour\" must not be blank");
        const auto* r = roster_.find_relationship(rid);
        if (r == nullptr || r->status != mentorkit::relationship_status::active) {
            ctx().log().info("behaviour observed in {}, which is not an active relationship: not recorded", rid);
            return;
        }
        const auto value = model::resolve(catalog_, written);
        auto& st = pairs_[rid];
        if (!st.observation_keys.insert(observation_key(value.key, o)).second) {
            ctx().log().debug("behaviour '{}' of {} on {} by {} was already recorded", o.behaviour, rid, o.on,
                              o.observed_by);
            return;
        }
        auto& list = st.observations[value.key];
        list.push_back(o);
        const auto mentee_values = values_of(r->mentee_id);
        const bool named = std::any_of(mentee_values.begin(), mentee_values.end(),
                                       [&](const model::resolved_value& v) { return v.key == value.key; });
        const std::string role = o.observed_by == r->mentor_id   ? "mentor"
                                 : o.observed_by == r->mentee_id ? "mentee"
                                                                 : "other";
        const std::string who = role == "mentor"   ? name_of(o.observed_by) + " (the mentor)"
                                : role == "mentee" ? name_of(o.observed_by) + " (the mentee, about themselves)"
                                                   : name_of(o.observed_by);
        std::string why = "Seen by " + who + " on " + o.on + ": " + o.behaviour + ". ";
        if (named)
            why += mentorkit::capitalised(value.name) + " is one of the values " + name_of(r->mentee_id) +
                   " named; this is observation " + std::to_string(list.size()) + " of it.";
        else
            why += mentorkit::capitalised(value.name) + " is not among the values " + name_of(r->mentee_id) +
                   " named; recorded anyway (observation " + std::to_string(list.size()) +
                   ") so the pair can talk about it.";
        ctx().bus().publish("behaviour.recorded", {{"relationship_id", rid},
                                                   {"mentee_id", r->mentee_id},
                                                   {"mentor_id", r->mentor_id},
                                                   {"value", value.key},
                                                   {"value_name", value.name},
                                                   {"in_catalog", value.entry != nullptr},
                                                   {"named", named},
                                                   {"behaviour", o.behaviour},
                                                   {"observed_by", o.observed_by},
                                                   {"observer_role", role},
                                                   {"on", o.on},
                                                   {"note", note},
                                                   {"count_for_value", list.size()},
                                                   {"why", why},
                                                   {"to", json::array({r->mentee_id, r->mentor_id})}});
    }

    // ---- growth summaries --------------------------------------------------------------

    void on_relationship_started(const event& e) {
        const auto rid = required_text(e, "relationship_id");
        required_text(e, "mentor_id");
        required_text(e, "mentee_id");
        if (const auto* r = roster_.find_relationship(rid)) arm_midpoint(*r);
    }

    // The midpoint timer: halfway between the relationship's start and the program's end,
    // or midpoint_after from its start while that end is unknown. One per relationship.
    void arm_midpoint(const mentorkit::relationship& r) {
        if (r.status != mentorkit::relationship_status::active || pairs_[r.id].midpoint_done) return;
        const auto start = mentorkit::parse_date(r.started_on);
        if (!start) return;
        using std::chrono::floor;
        std::string basis;
        mentorkit::time_point due;
        if (const auto halfway = roster_.midpoint(*start)) {
            due = floor<std::chrono::days>(*halfway);
            basis = "halfway between the relationship's start on " + r.started_on + " and the program's end on " +
                    day_of(*roster_.program_end());
        } else {
            due = floor<std::chrono::days>(*start + midpoint_after_);
            basis =
                mentorkit::to_string(midpoint_after_) + " after the relationship's start on " + r.started_on +
                (roster_.program_end() ? " (it started after the program's end)" : " (the program's end is not known)");
        }
        ctx().scheduler().at(due, review_topic,
                             {{"relationship_id", r.id},
                              {"mentee_id", r.mentee_id},
                              {"mentor_id", r.mentor_id},
                              {"stage", "midpoint"},
                              {"due", day_of(due)},
                              {"basis", basis}},
                             "midpoint/" + r.id);
    }

    void rearm_midpoints() {
        for (const auto* r : roster_.active_relationships()) arm_midpoint(*r);
    }

    void on_review_due(const event& e) {
        const auto rid = required_text(e, "relationship_id");
        const auto* r = roster_.find_relationship(rid);
        if (r == nullptr || r->status != mentorkit::relationship_status::active) {
            ctx().log().debug("midpoint of {}: not an active relationship, no summary", rid);
            return;
        }
        if (pairs_[rid].midpoint_done) return;
        pairs_[rid].midpoint_done = true;
        const auto basis = e.payload.value("basis", std::string{});
        summarise(*r, "midpoint", e.time, "Midpoint of the relationship" + (basis.empty() ? "" : ": " + basis) + ".");
    }

    void on_relationship_closed(const event& e) {
        const auto rid = required_text(e, "relationship_id");
        const auto* r = roster_.find_relationship(rid);
        if (r == nullptr) {
            ctx().log().debug("{} closed, but it never started: no summary", rid);
            return;
        }
        ctx().scheduler().cancel("midpoint/" + rid);
        if (pairs_[rid].close_done) return;
        pairs_[rid].close_done = true;
        const auto outcome = e.payload.value("outcome", std::string{"closed"});
        const auto reason = e.payload.value("reason", std::string{});
        summarise(*r, "close", e.time,
                  "The relationship closed on " + day_of(e.time) + " (" + outcome +
                      (reason.empty() ? "" : ": " + reason) + ").");
    }

    void summarise(const mentorkit::relationship& r, const std::string& stage, mentorkit::time_point now,
                   const std::string& why) {
        auto& st = pairs_[r.id];
        const auto start = mentorkit::parse_date(r.started_on).value_or(now);
        std::vector<model::value_growth> growth;
        std::set<std::string> listed;
        auto add = [&](const std::string& key, const std::string& name, bool named) {
            model::value_growth g{key, name, named, st.reflections[key], {}, {}, 0, 0};
            for (const auto& o : st.observations[key]) g.observed.push_back(o.on);
            model::split_halves(g, start, now);
            growth.push_back(std::move(g));
            listed.insert(key);
        };
        for (const auto& v : values_of(r.mentee_id)) add(v.key, v.name, true);
        for (const auto& [key, list] : st.observations)
            if (!list.empty() && !listed.contains(key)) add(key, model::resolve(catalog_, key).name, false);

        json values = json::array();
        for (const auto& g : growth)
            values.push_back({{"value", g.key},
                              {"value_name", g.name},
                              {"named", g.named},
                              {"reflections", g.reflections},
                              {"observations", g.observed.size()},
                              {"last_observed", g.last_observed.empty() ? json(nullptr) : json(g.last_observed)},
                              {"trend", model::trend(g)}});
        const auto text = model::summary(growth);
        const std::string stage_words = stage == "midpoint" ? "Midpoint" : "Closing";
        auto& bus = ctx().bus();
        bus.publish("growth.summarised", {{"relationship_id", r.id},
                                          {"mentee_id", r.mentee_id},
                                          {"mentor_id", r.mentor_id},
                                          {"stage", stage},
                                          {"since", r.started_on},
                                          {"as_of", day_of(now)},
                                          {"values", values},
                                          {"summary", text},
                                          {"why", why},
                                          {"to", json::array({r.mentee_id, r.mentor_id})}});
        for (const auto& person : {r.mentee_id, r.mentor_id})
            bus.publish("notification.requested",
                        {{"to", person},
                         {"subject", stage_words + " review: how " + name_of(r.mentee_id) + "'s values are growing"},
                         {"body", text},
                         {"relationship_id", r.id},
                         {"stage", stage}});
    }

    std::string catalog_name_ = "values";
    std::vector<std::string> generic_prompts_ = default_generic_prompts;
    int every_nth_meeting_ = 1;
    mentorkit::duration midpoint_after_{3, {}};
    model::values_catalog catalog_;

    mentorkit::roster roster_;
    std::map<std::string, std::vector<std::string>> named_;  // mentee id -> names written later, in order
    std::map<std::string, pair_state> pairs_;                // relationship id -> what happened in it
};

}  // namespace

MENTORKIT_EXPORT_PLUGIN(model_plugin)
