// survey_environment: watches the horizon for mentees.
//
// Each signal.observed (a reorganisation, a rumour, someone taking an adversarial
// position, an assignment on offer, ...) is classified once by the first matching rule,
// then weighed against every mentee in an active relationship: their unit, their
// manager's unit, the people named, their network and their goals. A mentee it touches
// enough gets an alert.raised for their mentor, with the reasoning behind it, a horizon
// date and concrete advice; serious ones also become a notification to the mentor.
//
// Signals repeat: the same rumour is reported by three people, an ingest runs twice. The
// alerts already raised (folded from the journal on start, so a restart keeps them) stop
// a repeat from raising another alert for the same relationship, unless it raises the
// severity, in which case the mentor gets an update that names the alert it replaces.

#include "survey_environment_rules.hpp"

#include <mentorkit/mentorkit.hpp>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace {

using mentorkit::event;
namespace se = mentorkit::survey_environment;

// An alert raised earlier, as much as de-duplication needs of it.
struct raised_alert {
    std::string alert_id;
    std::string signal_id;
    std::string kind;
    std::string org_unit;
    std::string description;  // normalised
    mentorkit::time_point observed_on{};
    se::severity sev = se::severity::low;
};

class survey_environment_plugin final : public mentorkit::plugin {
public:
    static constexpr mentorkit::plugin_manifest manifest{
        .id = "survey_environment",
        .version = MENTORKIT_VERSION_STRING,
        .description =
            "Watches the horizon: turns organisational signals into threat and opportunity alerts, "
            "with advice and a horizon date, for the mentors of the mentees they touch",
        .roles = "survey_environment",
        .depends_on = "",
        .consumes =
            "signal.observed,program.started,participant.enrolled,participant.updated,participant.withdrew,"
            "relationship.started,relationship.closed,goal.set,goal.progressed,goal.achieved,goal.at_risk,"
            "goal.abandoned",
        .produces = "alert.raised,notification.requested",
    };

private:
    void on_configure(const mentorkit::config_node& config) override {
        config.expect_keys(
            {"relevance", "min_relevance", "notify_from", "dedupe_within", "rules", "extra_rules", "fallback"});
        if (const auto* r = config.find("relevance"); r != nullptr && !r->is_null()) {
            r->expect_keys({"own_unit", "managers_unit", "named", "manager_named", "mentor_named", "network", "goals"});
            for (auto [key, target] :
                 {std::pair{"own_unit", &weights_.own_unit}, std::pair{"managers_unit", &weights_.managers_unit},
                  std::pair{"named", &weights_.named}, std::pair{"manager_named", &weights_.manager_named},
                  std::pair{"mentor_named", &weights_.mentor_named}, std::pair{"network", &weights_.network},
                  std::pair{"goals", &weights_.goals}})
                *target = r->get_at_least(key, *target, 0);
        }
        min_relevance_ = config.get_at_least("min_relevance", min_relevance_, 0);
        if (const auto* n = config.find("notify_from"); n != nullptr && !n->is_null())
            notify_from_ = *se::parse_severity(n->as_enum({"low", "medium", "high"}));
        dedupe_within_ = config.get_or("dedupe_within", dedupe_within_);
        if (const auto* r = config.find("rules"); r != nullptr && !r->is_null()) rules_ = se::read_rules(*r);
        if (const auto* r = config.find("extra_rules"); r != nullptr && !r->is_null())
            extra_rules_ = se::read_rules(*r);
        if (const auto* f = config.find("fallback"); f != nullptr && !f->is_null()) {
            f->expect_keys({"class", "severity", "horizon", "advice"});
            se::read_conclusion(*f, fallback_, false);
            fallback_.origin = f->mark().to_string();
        }
    }

    void on_start() override {
        follow(roster_);
        // The alerts raised before a restart, so that a repeat of their signals stays quiet.
        for (const auto& e : ctx().history("alert.raised")) remember(e);
        on("signal.observed", [this](const event& e) { survey(e); });
    }

    void remember(const event& e) {
        try {
            const auto& p = e.payload;
            const auto& s = p.at("signal");
            raised_alert a;
            a.alert_id = p.at("alert_id").get<std::string>();
            a.signal_id = p.at("signal_id").get<std::string>();
            a.kind = s.at("kind").get<std::string>();
            a.org_unit = s.value("org_unit", "");
            a.description = se::normalise(s.value("description", ""));
            a.observed_on = mentorkit::parse_date(s.at("observed_on").get<std::string>()).value_or(e.time);
            a.sev = se::parse_severity(p.at("severity").get<std::string>()).value_or(se::severity::low);
            raised_[p.at("relationship_id").get<std::string>()].push_back(std::move(a));
        } catch (const std::exception& error) {  // a journal entry we cannot read only costs a possible repeat
            ctx().log().warn("skipping an alert.raised we cannot read (event {}): {}", e.id, error.what());
        }
    }

    // The latest alert for this relationship that `s` repeats: the same signal id, or the
    // same kind, unit and description observed within dedupe_within of it.
    const raised_alert* repeated(const std::string& relationship_id, const se::signal_facts& s,
                                 const std::string& description) const {
        const auto it = raised_.find(relationship_id);
        if (it == raised_.end()) return nullptr;
        for (auto a = it->second.rbegin(); a != it->second.rend(); ++a) {
            if (a->signal_id == s.id) return &*a;
            if (dedupe_within_.is_zero() || a->kind != s.kind || a->org_unit != s.org_unit ||
                a->description != description)
                continue;
            const auto earlier = std::min(a->observed_on, s.observed_on);
            const auto later = std::max(a->observed_on, s.observed_on);
            if (earlier + dedupe_within_ >= later) return &*a;
        }
        return nullptr;
    }

    std::string who(const std::string& id) const {
        const auto* p = roster_.find_person(id);
        return p != nullptr && !p->name.empty() ? p->name + " (" + id + ")" : id;
    }
    std::string first_name(const std::string& id) const {
        const auto* p = roster_.find_person(id);
        if (p == nullptr || p->name.empty()) return id;
        return p->name.substr(0, p->name.find(' '));
    }

    void survey(const event& e) {
        const auto s = se::read_signal(e.payload, e.time);
        const auto description = se::normalise(s.description);
        const auto decided = se::classify(s, extra_rules_, rules_, fallback_);
        const auto& r = *decided.decided_by;
        const auto horizon = s.horizon.value_or(s.observed_on + r.horizon);
        const auto horizon_date = mentorkit::day_of(horizon);
        const auto observed_date = mentorkit::day_of(s.observed_on);

        // "a threat of low severity", "something to watch of low severity"
        const std::string what = (r.cls == "opportunity" ? "an opportunity"
                                  : r.cls == "threat"    ? "a threat"
                                                         : "something to watch") +
                                 std::string{" of "} + std::string{to_string(r.sev)} + " severity";
        std::string rule_sentence = decided.fallback
                                        ? "No rule matched kind '" + s.kind + "', so the fallback makes it " + what
                                        : "Classified as " + what + " by " +
                                              (r.origin == "built-in" ? "the built-in rule '" + r.name + "'"
                                                                      : "rule '" + r.name + "' (" + r.origin + ")") +
                                              ", on " + decided.matched;
        rule_sentence += ".";
        const std::string horizon_sentence = s.horizon
                                                 ? "Horizon " + horizon_date + ": the date the signal gives."
                                                 : "Horizon " + horizon_date + ": observed on " + observed_date +
                                                       " plus the rule's " + mentorkit::to_string(r.horizon) + ".";

        for (const auto* rel : roster_.active_relationships()) {
            se::mentee_view m;
            m.mentee_id = rel->mentee_id;
            m.mentor_id = rel->mentor_id;
            m.mentee = roster_.find_person(rel->mentee_id);
            if (m.mentee != nullptr && !m.mentee->manager_id.empty())
                m.manager = roster_.find_person(m.mentee->manager_id);
            for (const auto* g : roster_.goals_of(rel->mentee_id))
                if (g->status != mentorkit::goal_status::achieved) m.goals.push_back(g);

            const auto links = se::find_links(s, m, weights_, [this](const std::string& id) { return who(id); });
            if (links.empty()) continue;
            double sum = 0;
            bool bump = false;
            for (const auto& l : links) {
                sum += l.weight;
                bump = bump || l.kind == "named" || l.kind == "goals";
            }
            const double relevance = se::round2(sum);
            if (relevance + 1e-9 < min_relevance_) {
                ctx().log().debug("signal {} is below min_relevance for {} ({} < {})", s.id, rel->id, relevance,
                                  min_relevance_);
                continue;
            }
            const auto sev = bump ? se::raised(r.sev) : r.sev;

            const auto* previous = repeated(rel->id, s, description);
            if (previous != nullptr && sev <= previous->sev) {
                ctx().log().info("signal {} repeats alert {} for {}: no new alert", s.id, previous->alert_id, rel->id);
                continue;
            }

            std::vector<std::string> reasoning{rule_sentence};
            for (const auto& l : links) reasoning.push_back(l.detail);
            if (bump) {
                const std::string because =
                    std::any_of(links.begin(), links.end(), [](const se::link& l) { return l.kind == "named"; })
                        ? "they are named in it"
                        : "it touches their goals";
                reasoning.push_back(sev != r.sev ? "Severity raised from " + std::string{to_string(r.sev)} + " to " +
                                                       std::string{to_string(sev)} + " because " + because + "."
                                                 : "Severity stays high (the highest) although " + because + ".");
            }
            reasoning.push_back("Relevance " + se::format_number(relevance) + " (alerts from " +
                                se::format_number(min_relevance_) + ").");
            reasoning.push_back(horizon_sentence);
            if (previous != nullptr)
                reasoning.push_back("Updates alert " + previous->alert_id + ": severity up from " +
                                    std::string{to_string(previous->sev)} + " to " + std::string{to_string(sev)} + ".");

            const auto& mentee_name = first_name(rel->mentee_id);
            const auto advice = se::render_advice(r.advice, [&](std::string_view key) -> std::string {
                if (key == "mentee") return mentee_name;
                if (key == "mentor") return first_name(rel->mentor_id);
                if (key == "org_unit") return s.org_unit.empty() ? std::string{"the organisation"} : s.org_unit;
                if (key == "kind") return s.kind;
                if (key == "horizon") return horizon_date;
                if (key == "description") return s.description;
                return "{" + std::string{key} + "}";
            });

            // One id per signal and relationship; an update of the same signal gets a number.
            std::size_t same_signal = 0;
            if (const auto it = raised_.find(rel->id); it != raised_.end())
                for (const auto& a : it->second) same_signal += a.signal_id == s.id ? 1 : 0;
            auto alert_id = "alert/" + s.id + "/" + rel->id;
            if (same_signal > 0) alert_id += "/" + std::to_string(same_signal + 1);

            nlohmann::json link_list = nlohmann::json::array();
            for (const auto& l : links)
                link_list.push_back({{"link", l.kind}, {"weight", l.weight}, {"detail", l.detail}});
            nlohmann::json alert{{"alert_id", alert_id},
                                 {"signal_id", s.id},
                                 {"to", {rel->mentor_id}},
                                 {"mentor_id", rel->mentor_id},
                                 {"mentee_id", rel->mentee_id},
                                 {"relationship_id", rel->id},
                                 {"class", r.cls},
                                 {"severity", std::string{to_string(sev)}},
                                 {"rule", r.name},
                                 {"horizon", horizon_date},
                                 {"reasoning", reasoning},
                                 {"advice", advice},
                                 {"relevance", relevance},
                                 {"min_relevance", min_relevance_},
                                 {"links", link_list},
                                 {"signal",
                                  {{"kind", s.kind},
                                   {"org_unit", s.org_unit},
                                   {"people", s.people},
                                   {"description", s.description},
                                   {"observed_on", observed_date}}}};
            if (previous != nullptr) alert["updates"] = previous->alert_id;

            raised_[rel->id].push_back(
                raised_alert{alert_id, s.id, s.kind, s.org_unit, description, s.observed_on, sev});
            ctx().bus().publish("alert.raised", alert);
            if (sev >= notify_from_) notify_mentor(alert, mentee_name);
        }
    }

    // The alert as a message to the mentor: what was seen, the advice, the horizon, and why.
    void notify_mentor(const nlohmann::json& alert, const std::string& mentee_name) {
        const auto& cls = alert["class"].get_ref<const std::string&>();
        const auto& sig = alert["signal"];
        const auto kind = sig["kind"].get<std::string>();
        const auto unit = sig["org_unit"].get<std::string>();
        const auto description = sig["description"].get<std::string>();
        const std::string what = cls == "opportunity" ? "An opportunity"
                                 : cls == "threat"    ? "A threat"
                                                      : "Something to watch";
        const std::string subject = (alert.contains("updates") ? "Update: " : "") + what + " on " + mentee_name +
                                    "'s horizon (" + alert["severity"].get<std::string>() + "): " + kind +
                                    (unit.empty() ? "" : " in " + unit);
        std::string body = "Observed on " + sig["observed_on"].get<std::string>() + ": " +
                           (description.empty() ? kind : description) + "\n" + alert["advice"].get<std::string>() +
                           "\nHorizon: " + alert["horizon"].get<std::string>() + ". Why:";
        // The classification is in the subject and the horizon above: the rest says why.
        const auto& reasoning = alert["reasoning"];
        for (std::size_t i = 1; i < reasoning.size(); ++i)
            if (!reasoning[i].get_ref<const std::string&>().starts_with("Horizon "))
                body += " " + reasoning[i].get<std::string>();
        ctx().bus().publish("notification.requested", {{"to", alert["mentor_id"]},
                                                       {"subject", subject},
                                                       {"body", body},
                                                       {"alert_id", alert["alert_id"]},
                                                       {"signal_id", alert["signal_id"]},
                                                       {"mentee_id", alert["mentee_id"]},
                                                       {"relationship_id", alert["relationship_id"]},
                                                       {"severity", alert["severity"]}});
    }

    mentorkit::roster roster_;
    se::relevance_weights weights_;
    double min_relevance_ = 0.5;
    se::severity notify_from_ = se::severity::medium;
    mentorkit::duration dedupe_within_{0, std::chrono::days{14}};
    std::vector<se::rule> extra_rules_;
    std::vector<se::rule> rules_ = se::default_rules();
    se::rule fallback_ = se::default_fallback();
    std::map<std::string, std::vector<raised_alert>, std::less<>> raised_;  // by relationship id, in raise order
};

}  // namespace

MENTORKIT_EXPORT_PLUGIN(survey_environment_plugin)
