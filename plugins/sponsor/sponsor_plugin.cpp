// sponsor: opens doors and advocates for the mentee.
//
// Four behaviours, each an answer to an event:
//  - opportunity.posted: score the mentees of active relationships against it (skill fit,
//    goal fit, readiness; sponsor_rules.hpp) and suggest the best few to their mentors;
//  - the opportunity feed: the catalog's opportunities are posted on their posted_on date
//    by keyed timers, so a restart neither loses nor repeats one;
//  - relationship.started / goal.set: suggest introductions to people in the mentor's
//    network (and their networks) who are strong where the mentee wants to grow;
//  - goal.achieved: suggest how to make the success seen, with a high-visibility
//    opportunity to build on when one is open.
// What it has already suggested is folded from the program's history on start, so a
// repeated or replayed event never brings the same suggestion twice.

#include "sponsor_rules.hpp"

#include <mentorkit/mentorkit.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace {

using mentorkit::config_node;
using mentorkit::day_of;
using mentorkit::event;
using mentorkit::required_text;
namespace rules = mentorkit::sponsor;

std::string one_decimal(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", value);
    return buffer;
}

// ---- settings ------------------------------------------------------------------------

std::string required_catalog_text(const config_node& entry, std::string_view key) {
    const auto& node = entry.at(key);
    const auto& text = node.text();
    if (text.empty()) node.fail("'" + std::string{key} + "' must not be empty");
    return text;
}

// One catalog entry, checked field by field so a program manager's typo is reported at its line.
rules::opportunity_post read_catalog_entry(const config_node& entry) {
    entry.expect_keys({"id", "title", "kind", "visibility", "skills_needed", "goal_areas", "org_unit", "description",
                       "posted_on", "closes_on"});
    rules::opportunity_post o;
    o.id = required_catalog_text(entry, "id");
    o.title = required_catalog_text(entry, "title");
    o.kind = mentorkit::normalise_name(required_catalog_text(entry, "kind"));
    o.visibility = entry.at("visibility").as_enum({"low", "medium", "high"});
    const auto& skills = entry.at("skills_needed");
    if (!skills.is_sequence() || skills.size() == 0)
        skills.fail("expected a list of {skill, level} with at least one skill");
    for (const auto& item : skills.items()) {
        item.expect_keys({"skill", "level"});
        mentorkit::skill_level s{mentorkit::normalise_name(required_catalog_text(item, "skill")), 0};
        const auto& level = item.at("level");
        const auto n = level.as_int();
        if (n < 1 || n > 5) level.fail("expected a skill level from 1 to 5, found '" + level.text() + "'");
        s.level = static_cast<int>(n);
        o.skills_needed.push_back(std::move(s));
    }
    if (const auto* areas = entry.find("goal_areas"); areas != nullptr && !areas->is_null())
        for (const auto& area : areas->as_string_list()) o.goal_areas.push_back(mentorkit::normalise_name(area));
    o.org_unit = entry.get_or("org_unit", "");
    o.description = entry.get_or("description", "");
    const auto posted = entry.at("posted_on").as_date();
    const auto& closes_node = entry.at("closes_on");
    const auto closes = closes_node.as_date();
    o.posted_on = day_of(posted);
    o.closes_on = day_of(closes);
    if (closes < posted) closes_node.fail("closes_on " + o.closes_on + " is before posted_on " + o.posted_on);
    return o;
}

class sponsor_plugin final : public mentorkit::plugin {
public:
    static constexpr mentorkit::plugin_manifest manifest{
        .id = "sponsor",
        .version = MENTORKIT_VERSION_STRING,
        .description =
            "Opens doors: matches opportunities to ready mentees, brokers introductions from the "
            "mentor's network, makes achievements visible",
        .roles = "sponsor",
        .depends_on = "",
        .consumes =
            "opportunity.posted,program.started,participant.enrolled,participant.updated,participant.withdrew,"
            "relationship.started,relationship.closed,goal.set,goal.progressed,goal.achieved,goal.at_risk,"
            "goal.abandoned",
        .produces =
            "nomination.suggested,introduction.suggested,visibility.suggested,opportunity.posted,"
            "notification.requested",
    };

private:
    void on_configure(const config_node& config) override {
        config.expect_keys({"weights", "stretch_kinds", "stretch_gap", "min_score", "max_nominations", "catalog",
                            "second_degree", "introduction_min_level", "max_introductions"});
        if (const auto* w = config.find("weights"); w != nullptr && !w->is_null()) {
            w->expect_keys({"skill_fit", "goal_fit", "readiness"});
            auto& weights = nominate_.weights;
            weights.skill_fit = w->get_in_range("skill_fit", weights.skill_fit, 0, 100);
            weights.goal_fit = w->get_in_range("goal_fit", weights.goal_fit, 0, 100);
            weights.readiness = w->get_in_range("readiness", weights.readiness, 0, 100);
            if (weights.sum() <= 0) w->fail("at least one of the weights must be above 0");
        }
        if (const auto* kinds = config.find("stretch_kinds"); kinds != nullptr && !kinds->is_null()) {
            nominate_.stretch_kinds.clear();
            for (const auto& kind : kinds->as_string_list())
                nominate_.stretch_kinds.insert(mentorkit::normalise_name(kind));
        }
        nominate_.stretch_gap = config.get_in_range("stretch_gap", nominate_.stretch_gap, 0, 4);
        nominate_.min_score = config.get_in_range("min_score", nominate_.min_score, 0, 100);
        nominate_.max_nominations = config.get_in_range("max_nominations", nominate_.max_nominations, 0, 100);
        introduce_.second_degree = config.get_or("second_degree", introduce_.second_degree);
        introduce_.min_level = config.get_in_range("introduction_min_level", introduce_.min_level, 1, 5);
        introduce_.max_introductions = config.get_in_range("max_introductions", introduce_.max_introductions, 0, 100);
        configure_catalog(config);
    }

    void configure_catalog(const config_node& config) {
        std::string name = "opportunities";
        const auto* setting = config.find("catalog");
        if (setting != nullptr && !setting->is_null()) {
            name = setting->text();
            if (name == "none" || name == "false" || name == "off" || name == "no") return;  // no feed
            if (name.ends_with(".yaml")) name.resize(name.size() - 5);
            const bool valid = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
                return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            });
            if (!valid)
                setting->fail("expected a catalog name (lower-case letters, digits, '-', '_') or none, found '" +
                              setting->text() + "'");
        }
        const config_node* root = nullptr;
        try {
            root = &ctx().catalog(name);
        } catch (const mentorkit::config_error&) {
            throw;  // the catalog's own YAML error, at its line
        } catch (const std::runtime_error& missing) {
            // Asked for by name: an error. The default missing: run without a feed.
            if (setting != nullptr && !setting->is_null()) setting->fail(missing.what());
            ctx().log().warn("no opportunity feed: {}", missing.what());
            return;
        }
        if (root->is_null()) return;  // an empty file: nothing to post
        root->expect_keys({"opportunities"});
        const auto* list = root->find("opportunities");
        if (list == nullptr || list->is_null()) return;
        if (!list->is_sequence()) list->fail("expected a list of opportunities, found a single value or a mapping");
        std::map<std::string, int> lines;  // id -> line, to point at the first of two
        for (const auto& entry : list->items()) {
            auto o = read_catalog_entry(entry);
            if (const auto [it, fresh] = lines.emplace(o.id, entry.at("id").mark().line); !fresh)
                entry.at("id").fail("duplicate opportunity id '" + o.id + "' (first at line " +
                                    std::to_string(it->second) + ")");
            catalog_.push_back(std::move(o));
        }
    }

    void on_start() override {
        follow(roster_);
        // What was suggested before a restart, so nothing is suggested twice.
        for (const auto& e : ctx().history("nomination.suggested"))
            nominated_[e.payload.value("opportunity_id", "")].insert(e.payload.value("mentee_id", ""));
        for (const auto& e : ctx().history("introduction.suggested")) {
            introduced_[e.payload.value("mentee_id", "")].insert(e.payload.value("contact_id", ""));
            introductions_done_.insert(e.payload.contains("goal_id")
                                           ? "goal/" + e.payload.value("goal_id", "")
                                           : "relationship/" + e.payload.value("relationship_id", ""));
        }
        for (const auto& e : ctx().history("visibility.suggested"))
            made_visible_.insert(e.payload.value("goal_id", ""));
        for (const auto& e : ctx().history("opportunity.posted")) {
            try {
                auto o = rules::read_opportunity(e.payload);
                posted_.insert_or_assign(o.id, std::move(o));
            } catch (const std::invalid_argument&) {  // was dead-lettered when it happened
            }
        }
        on("opportunity.posted", [this](const event& e) { nominate(e); });
        on("relationship.started", [this](const event& e) { introduce_on_start(e); });
        on("goal.set", [this](const event& e) { introduce_on_goal(e); });
        on("goal.achieved", [this](const event& e) { suggest_visibility(e); });
        schedule_feed();
    }

    // ---- the feed ------------------------------------------------------------------

    void schedule_feed() {
        const auto now = ctx().clock().now();
        for (const auto& o : catalog_) {
            if (posted_.contains(o.id) || o.closed_at(now)) continue;
            const auto posted_on = *mentorkit::parse_date(o.posted_on);
            // Already due (posted_on passed while still open): posted at once.
            ctx().scheduler().at(std::max(posted_on, now), "opportunity.posted", o.to_json(), "opportunity/" + o.id);
        }
    }

    // ---- nominations ---------------------------------------------------------------

    void nominate(const event& e) {
        auto o = rules::read_opportunity(e.payload);
        posted_.insert_or_assign(o.id, o);
        if (o.closed_at(e.time)) {
            ctx().log().info("opportunity {} closed on {}: no nominations", o.id, o.closes_on);
            return;
        }
        auto& already = nominated_[o.id];
        std::vector<rules::assessment> all;
        std::map<std::string, const mentorkit::relationship*> relationship_of;
        for (const auto* r : roster_.active_relationships()) {
            const auto* mentee = roster_.find_person(r->mentee_id);
            if (mentee == nullptr || !relationship_of.emplace(r->mentee_id, r).second) continue;
            all.push_back(rules::assess(o, *mentee, roster_.goals_of(mentee->id), nominate_));
        }
        const auto ranked = rules::shortlist(std::move(all), nominate_);
        auto slots = nominate_.max_nominations - static_cast<int>(already.size());
        for (std::size_t i = 0; i < ranked.size() && slots > 0; ++i) {
            const auto& a = ranked[i];
            if (already.contains(a.mentee_id)) continue;
            publish_nomination(o, a, static_cast<int>(i + 1), *relationship_of.at(a.mentee_id));
            already.insert(a.mentee_id);
            --slots;
        }
    }

    void publish_nomination(const rules::opportunity_post& o, const rules::assessment& a, int rank,
                            const mentorkit::relationship& r) {
        auto parts = nlohmann::json::array();
        for (const auto& p : a.parts)
            parts.push_back({{"criterion", p.criterion},
                             {"weight", p.weight},
                             {"value", p.value},
                             {"contribution", p.contribution},
                             {"detail", p.detail}});
        const auto name = rules::display_name(*roster_.find_person(a.mentee_id));
        auto& bus = ctx().bus();
        bus.publish("nomination.suggested", {{"opportunity_id", o.id},
                                             {"opportunity_title", o.title},
                                             {"kind", o.kind},
                                             {"visibility", o.visibility},
                                             {"mentee_id", a.mentee_id},
                                             {"mentee_name", name},
                                             {"mentor_id", r.mentor_id},
                                             {"relationship_id", r.id},
                                             {"rank", rank},
                                             {"score", a.score},
                                             {"min_score", nominate_.min_score},
                                             {"parts", parts},
                                             {"why", a.why},
                                             {"to", {r.mentor_id}},
                                             {"closes_on", o.closes_on}});
        bus.publish("notification.requested",
                    {{"to", r.mentor_id},
                     {"subject", "Consider nominating " + name + " for " + o.title},
                     {"body", a.why + (o.closes_on.empty() ? "" : " Nominations close on " + o.closes_on + ".")},
                     {"opportunity_id", o.id},
                     {"mentee_id", a.mentee_id},
                     {"relationship_id", r.id}});
        ctx().log().info("suggested {} (score {}) for {}", a.mentee_id, one_decimal(a.score), o.id);
    }

    // ---- introductions -------------------------------------------------------------

    void introduce_on_start(const event& e) {
        const auto relationship_id = required_text(e, "relationship_id");
        const auto mentor_id = required_text(e, "mentor_id");
        const auto mentee_id = required_text(e, "mentee_id");
        const auto* mentor = roster_.find_person(mentor_id);
        const auto* mentee = roster_.find_person(mentee_id);
        if (mentor == nullptr || mentee == nullptr) return;  // not enrolled: no profile to work from
        if (!introductions_done_.insert("relationship/" + relationship_id).second) return;  // a repeat
        introduce(relationship_id, *mentor, *mentee, rules::needs_of(*mentee, roster_.goals_of(mentee_id)), nullptr);
    }

    void introduce_on_goal(const event& e) {
        const auto goal_id = required_text(e, "id");
        const auto mentee_id = required_text(e, "mentee_id");
        const auto* g = roster_.find_goal(goal_id);
        if (g == nullptr) throw std::invalid_argument("goal.set: goal \"" + goal_id + "\" could not be read");
        const auto* r = roster_.find_relationship(g->relationship_id);
        if (r == nullptr || r->status != mentorkit::relationship_status::active || r->mentee_id != mentee_id)
            r = roster_.mentor_of(mentee_id);
        if (r == nullptr) return;  // no mentor (yet) to make introductions
        const auto* mentor = roster_.find_person(r->mentor_id);
        const auto* mentee = roster_.find_person(mentee_id);
        if (mentor == nullptr || mentee == nullptr) return;
        if (!introductions_done_.insert("goal/" + goal_id).second) return;  // a repeat
        introduce(r->id, *mentor, *mentee, rules::needs_of(*g), g);
    }

    void introduce(const std::string& relationship_id, const mentorkit::person& mentor, const mentorkit::person& mentee,
                   const rules::needs& wanted, const mentorkit::goal* for_goal) {
        if (introduce_.max_introductions == 0 || (wanted.skills.empty() && wanted.areas.empty())) return;
        auto& already = introduced_[mentee.id];
        const auto matches = rules::find_contacts(roster_, mentor, mentee, wanted, introduce_, already);
        const auto mentee_name = rules::display_name(mentee);
        auto& bus = ctx().bus();
        for (std::size_t i = 0; i < matches.size() && i < static_cast<std::size_t>(introduce_.max_introductions); ++i) {
            const auto& m = matches[i];
            const auto& contact = *m.contact;
            const auto contact_name = rules::display_name(contact);
            std::vector<std::string> skill_phrases, skill_names;
            for (const auto& s : m.matching_skills) {
                skill_phrases.push_back(s.skill + " (level " + std::to_string(s.level) + ")");
                skill_names.push_back(s.skill);
            }
            std::string why = contact_name + (contact.org_unit.empty() ? "" : " (" + contact.org_unit + ")");
            std::vector<std::string> offers;
            if (!skill_phrases.empty()) offers.push_back("is strong in " + mentorkit::join_words(skill_phrases));
            if (!m.shared_areas.empty())
                offers.push_back("shares the goal area " + mentorkit::join_words(m.shared_areas));
            why += " " + mentorkit::join_words(offers) + ", which " + mentee_name + " wants to grow in";
            if (for_goal != nullptr) why += " for the goal '" + for_goal->title + "'";
            std::string via_name = rules::display_name(mentor);
            if (m.degree == 1) {
                why += "; you know them directly.";
            } else {
                const auto* via = roster_.find_person(m.via);
                via_name = rules::display_name(*via);
                why += "; you can be introduced through " + via_name + ", who knows them.";
            }
            auto skills = nlohmann::json::array();
            for (const auto& s : m.matching_skills) skills.push_back(s);
            nlohmann::json payload{{"mentee_id", mentee.id},
                                   {"mentee_name", mentee_name},
                                   {"mentor_id", mentor.id},
                                   {"relationship_id", relationship_id},
                                   {"contact_id", contact.id},
                                   {"contact_name", contact_name},
                                   {"contact_org_unit", contact.org_unit},
                                   {"via", m.via},
                                   {"via_name", via_name},
                                   {"degree", m.degree},
                                   {"matching_skills", skills},
                                   {"shared_areas", m.shared_areas},
                                   {"strength", m.strength()},
                                   {"why", why},
                                   {"to", {mentor.id}}};
            if (for_goal != nullptr) payload["goal_id"] = for_goal->id;
            bus.publish("introduction.suggested", payload);
            bus.publish("notification.requested", {{"to", mentor.id},
                                                   {"subject", "Introduce " + mentee_name + " to " + contact_name},
                                                   {"body", why},
                                                   {"mentee_id", mentee.id},
                                                   {"contact_id", contact.id},
                                                   {"relationship_id", relationship_id}});
            already.insert(contact.id);
        }
    }

    // ---- visibility ----------------------------------------------------------------

    void suggest_visibility(const event& e) {
        const auto goal_id = required_text(e, "goal_id");
        if (made_visible_.contains(goal_id)) return;
        const auto* g = roster_.find_goal(goal_id);
        if (g == nullptr) {
            ctx().log().info("goal.achieved for unknown goal {}: nothing to make visible", goal_id);
            return;
        }
        mentorkit::person mentee;
        mentee.id = g->mentee_id;
        if (const auto* p = roster_.find_person(g->mentee_id)) mentee = *p;
        const auto* r = roster_.find_relationship(g->relationship_id);
        if (r == nullptr) r = roster_.mentor_of(g->mentee_id);
        const std::string mentor_id = r == nullptr ? "" : r->mentor_id;
        const std::string relationship_id = r == nullptr ? g->relationship_id : r->id;

        std::vector<rules::opportunity_post> known;
        for (const auto& [id, o] : posted_) known.push_back(o);
        for (const auto& o : catalog_)
            if (!posted_.contains(o.id)) known.push_back(o);
        const auto opportunity = rules::visibility_opportunity(known, *g, e.time);

        const auto name = rules::display_name(mentee);
        std::string action = rules::visibility_action(*g, mentee);
        std::string why = name + " achieved '" + g->title + "'" + (g->area.empty() ? "" : " (" + g->area + ")") +
                          "; results that others see are what sponsors can point to when doors open.";
        if (opportunity) {
            action += ", then go for '" + opportunity->title + "'";
            why += " '" + opportunity->title + "' is a high-visibility " + opportunity->kind + " that builds on it" +
                   (opportunity->closes_on.empty() ? "" : " (closes " + opportunity->closes_on + ")") + ".";
        }
        nlohmann::json to = nlohmann::json::array();
        if (!mentor_id.empty()) to.push_back(mentor_id);
        to.push_back(mentee.id);
        auto& bus = ctx().bus();
        bus.publish("visibility.suggested",
                    {{"goal_id", g->id},
                     {"goal_title", g->title},
                     {"mentee_id", mentee.id},
                     {"mentor_id", mentor_id},
                     {"relationship_id", relationship_id},
                     {"action", action},
                     {"opportunity_id", opportunity ? nlohmann::json(opportunity->id) : nlohmann::json(nullptr)},
                     {"opportunity_title", opportunity ? nlohmann::json(opportunity->title) : nlohmann::json(nullptr)},
                     {"why", why},
                     {"to", to}});
        for (const auto& person : to)
            bus.publish("notification.requested", {{"to", person},
                                                   {"subject", "Make '" + g->title + "' visible"},
                                                   {"body", "Suggested: " + action + ". " + why},
                                                   {"goal_id", g->id},
                                                   {"mentee_id", mentee.id},
                                                   {"relationship_id", relationship_id}});
        made_visible_.insert(goal_id);
    }

    mentorkit::roster roster_;
    rules::nomination_rules nominate_;
    rules::introduction_rules introduce_;
    std::vector<rules::opportunity_post> catalog_;
    std::map<std::string, rules::opportunity_post> posted_;    // by id, latest posting
    std::map<std::string, std::set<std::string>> nominated_;   // opportunity -> mentees
    std::map<std::string, std::set<std::string>> introduced_;  // mentee -> contacts
    std::set<std::string> introductions_done_;                 // "relationship/<id>", "goal/<id>"
    std::set<std::string> made_visible_;                       // goal ids
};

}  // namespace

MENTORKIT_EXPORT_PLUGIN(sponsor_plugin)
