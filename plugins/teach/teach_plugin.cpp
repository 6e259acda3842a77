// teach: imparts knowledge and shares experience.
//
// When a goal is set, the module works out the skill gap (what the goal needs minus what
// the mentee has) and recommends the catalog resources that close most of it, with at
// least one piece of learning on the job. When the goal then stalls — no progress for a
// while, or flagged at risk — it suggests a format not tried yet for that goal. And it asks
// the mentor to tell a story from their own experience in the skills where they are strong.
//
// What it recommended is kept in the journal (learning.recommended), so after a restart
// it folds that history back in: a stalled goal is not offered the same formats again and
// the number of stall suggestions per goal stays bounded.

#include "teach_rules.hpp"

#include <mentorkit/mentorkit.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace {

using mentorkit::event;
using mentorkit::time_point;
using nlohmann::json;
namespace teach = mentorkit::teach;

constexpr const char* stall_topic = "teach.stall_check";

// ---- reading payloads -------------------------------------------------------------------

std::optional<int> optional_progress(const json& p, std::string_view topic) {
    const auto it = p.find("progress");
    if (it == p.end() || it->is_null()) return std::nullopt;
    if (!it->is_number())
        throw std::invalid_argument(std::string{topic} + ": \"progress\" must be a number (percent), found " +
                                    it->dump());
    return static_cast<int>(std::clamp(it->get<double>(), 0.0, 100.0));
}

// The fields of goal.set this module reads.
struct goal_fields {
    std::string id, mentee_id, relationship_id, title, status;
    std::vector<mentorkit::skill_level> skills_needed;
    int progress = 0;
};

goal_fields read_goal(const json& p) {
    constexpr std::string_view topic = "goal.set";
    if (!p.is_object()) throw std::invalid_argument("goal.set needs an object payload");
    goal_fields g;
    g.id = mentorkit::required_text(p, topic, "id");
    g.mentee_id = mentorkit::required_text(p, topic, "mentee_id");
    g.relationship_id = mentorkit::optional_text(p, topic, "relationship_id");
    g.title = mentorkit::optional_text(p, topic, "title");
    if (g.title.empty()) g.title = g.id;
    g.status = mentorkit::optional_text(p, topic, "status");
    g.progress = optional_progress(p, topic).value_or(0);
    if (const auto it = p.find("skills_needed"); it != p.end() && !it->is_null()) {
        if (!it->is_array())
            throw std::invalid_argument("goal.set: \"skills_needed\" must be a list of {skill, level}");
        for (const auto& s : *it) {
            if (!s.is_object())
                throw std::invalid_argument("goal.set: each of \"skills_needed\" must be {skill, level}, found " +
                                            s.dump());
            mentorkit::skill_level need;
            need.skill = mentorkit::normalise_name(mentorkit::required_text(s, "goal.set skills_needed", "skill"));
            const auto level = s.find("level");
            if (level == s.end() || !level->is_number_integer() || level->get<std::int64_t>() < 1 ||
                level->get<std::int64_t>() > 5)
                throw std::invalid_argument("goal.set: skills_needed \"" + need.skill +
                                            "\" needs a \"level\" from 1 to 5");
            need.level = level->get<int>();
            g.skills_needed.push_back(std::move(need));
        }
    }
    return g;
}

// ---- wording ------------------------------------------------------------------------------

// How a format reads in a sentence: "a course", "a hands-on assignment", "shadowing".
std::string format_phrase(std::string_view format) {
    if (format == "assignment") return "a hands-on assignment";
    if (format == "shadowing") return "shadowing someone who does it well";
    if (format == "rotation") return "a rotation into the work";
    if (format == "coaching") return "coaching";
    return teach::with_article(format);
}

// "6 weeks", "3 months", "2 days", "7 hours", "8 minutes"; the SDK syntax for anything mixed.
std::string humanize(const mentorkit::duration& d) {
    const auto plural = [](long long n, const char* unit) {
        return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
    };
    if (d.months != 0 && d.exact.count() == 0) return plural(d.months, "month");
    if (d.months == 0) {
        constexpr std::pair<long long, const char*> units[] = {
            {604800000, "week"}, {86400000, "day"}, {3600000, "hour"}, {60000, "minute"}};
        const auto ms = d.exact.count();
        for (const auto& [size, unit] : units)
            if (ms >= size && ms % size == 0) return plural(ms / size, unit);
    }
    return mentorkit::to_string(d);
}

std::string first_name(const mentorkit::person* p, const std::string& fallback) {
    if (p == nullptr || p->name.empty()) return fallback;
    return p->name.substr(0, p->name.find(' '));
}

std::string describe_closes(const std::vector<teach::closure>& closes) {
    std::vector<std::string> parts;
    for (const auto& c : closes) parts.push_back(c.skill + " " + std::to_string(c.from) + "→" + std::to_string(c.to));
    return mentorkit::join_words(parts);
}

std::string describe_gap(const std::vector<teach::gap_item>& gap) {
    std::vector<std::string> parts;
    for (const auto& g : gap)
        parts.push_back(g.skill + " at " + std::to_string(g.needed) + " (now " + std::to_string(g.current) + ")");
    return mentorkit::join_words(parts);
}

json gap_json(const std::vector<teach::gap_item>& gap) {
    json out = json::array();
    for (const auto& g : gap) out.push_back({{"skill", g.skill}, {"current", g.current}, {"needed", g.needed}});
    return out;
}

// ---- the plugin ---------------------------------------------------------------------------

class teach_plugin final : public mentorkit::plugin {
public:
    static constexpr mentorkit::plugin_manifest manifest{
        .id = "teach",
        .version = MENTORKIT_VERSION_STRING,
        .description =
            "Closes skill gaps: recommends courses, books and on-the-job assignments for each goal, "
            "a different format when the goal stalls, and prompts the mentor to share experience",
        .roles = "teach",
        .depends_on = "",
        .consumes =
            "program.started,participant.enrolled,participant.updated,participant.withdrew,"
            "relationship.started,relationship.closed,goal.set,goal.progressed,goal.achieved,"
            "goal.at_risk,goal.abandoned,teach.stall_check",
        .produces = "learning.recommended,experience.prompted,notification.requested,teach.stall_check",
    };

private:
    // What the module remembers of a goal (folded from live events and, on start, history).
    struct goal_state {
        std::string mentee_id;
        std::string relationship_id;
        std::string title;
        std::vector<mentorkit::skill_level> skills_needed;
        time_point last_progress{};            // when progress last went up; first, when it was set
        std::optional<time_point> last_stall;  // the latest "stalled" recommendation
        int progress = 0;
        bool closed = false;       // achieved, abandoned, or its relationship closed
        bool recommended = false;  // the goal_set recommendation went out
        int stalls = 0;
        std::vector<std::string> formats;  // recommended so far, in order, once each
        std::set<std::string> resources;
    };

    // Who a goal concerns, as far as the roster knows.
    struct parties {
        const mentorkit::person* mentee = nullptr;
        const mentorkit::person* mentor = nullptr;
        std::string mentor_id;
        std::string relationship_id;
        const mentorkit::relationship* relationship = nullptr;
    };

    void on_configure(const mentorkit::config_node& config) override {
        config.expect_keys({"catalog", "max_recommendations", "prefer_formats", "include_assignment", "stall_after",
                            "max_stall_recommendations", "experience_prompts", "experience_min_level",
                            "use_skills_sought", "sought_level"});
        max_recommendations_ = config.get_in_range("max_recommendations", max_recommendations_, 1, 10);
        max_stalls_ = config.get_in_range("max_stall_recommendations", max_stalls_, 0, 10);
        experience_min_level_ = config.get_in_range("experience_min_level", experience_min_level_, 1, 5);
        sought_level_ = config.get_in_range("sought_level", sought_level_, 1, 5);
        include_assignment_ = config.get_or("include_assignment", include_assignment_);
        experience_prompts_ = config.get_or("experience_prompts", experience_prompts_);
        use_skills_sought_ = config.get_or("use_skills_sought", use_skills_sought_);
        stall_after_ = config.get_positive_duration("stall_after", stall_after_);
        if (const auto* prefer = config.find("prefer_formats"); prefer != nullptr && !prefer->is_null()) {
            if (!prefer->is_sequence() && !prefer->is_scalar())
                prefer->fail("prefer_formats is a list of formats, e.g. [workshop, assignment]");
            const auto items = prefer->is_sequence() ? prefer->items() : std::vector{*prefer};
            for (const auto& item : items) {
                auto format = teach::read_format(item);
                if (std::find(prefer_formats_.begin(), prefer_formats_.end(), format) != prefer_formats_.end())
                    item.fail("format '" + format + "' is listed twice in prefer_formats");
                prefer_formats_.push_back(std::move(format));
            }
        }

        const auto* name_node = config.find("catalog");
        const auto name = config.get_or("catalog", "learning-resources");
        try {
            catalog_ = teach::read_catalog(ctx().catalog(name));
        } catch (const mentorkit::config_error&) {
            throw;                               // already names the catalog file, line and column
        } catch (const std::runtime_error& e) {  // no such catalog
            const auto message = std::string{"cannot read the learning-resources catalog: "} + e.what();
            if (name_node != nullptr)
                name_node->fail(message + (name.ends_with(".yaml") ? " (write the name without .yaml)" : ""));
            config.fail(message);
        }
    }

    void on_start() override {
        follow(roster_);
        fold_history();
        on("goal.set", [this](const event& e) { goal_set(e); });
        on("goal.progressed", [this](const event& e) { goal_progressed(e); });
        on("goal.at_risk", [this](const event& e) { goal_at_risk(e); });
        on("goal.achieved", [this](const event& e) { goal_closed(e); });
        on("goal.abandoned", [this](const event& e) { goal_closed(e); });
        on("relationship.closed", [this](const event& e) { relationship_closed(e); });
        on(stall_topic, [this](const event& e) { stall_check(e); });
        // Timers live in the store and survive a restart, but re-arming them under the same
        // key at the same moment is harmless, and covers a store that kept none.
        for (auto& [id, st] : goals_) arm_stall_timer(id, st);
    }

    // ---- state ---------------------------------------------------------------------------

    // Records a goal.set; returns its state. Shared by the live handler and the history fold.
    goal_state& note_goal(const goal_fields& g, time_point when) {
        auto [it, fresh] = goals_.try_emplace(g.id);
        auto& st = it->second;
        if (fresh) st.last_progress = when;
        st.mentee_id = g.mentee_id;
        st.relationship_id = g.relationship_id;
        st.title = g.title;
        st.skills_needed = g.skills_needed;
        st.progress = std::max(st.progress, g.progress);
        if (g.status == "achieved" || g.status == "abandoned") st.closed = true;
        return st;
    }

    // Records progress; true when it went up.
    bool note_progress(goal_state& st, int progress, time_point when) {
        if (progress <= st.progress) return false;
        st.progress = progress;
        st.last_progress = when;
        return true;
    }

    void note_recommendation(goal_state& st, const json& p, time_point when) {
        if (p.value("reason", "") == "stalled") {
            ++st.stalls;
            st.last_stall = std::max(st.last_stall.value_or(when), when);
        } else {
            st.recommended = true;
        }
        for (const auto& r : p.value("recommendations", json::array())) {
            const auto format = r.value("format", "");
            if (!format.empty() && std::find(st.formats.begin(), st.formats.end(), format) == st.formats.end())
                st.formats.push_back(format);
            st.resources.insert(r.value("resource", ""));
        }
    }

    void fold_history() {
        // Each event was accepted when it happened; one that cannot be read now is skipped.
        const auto each = [this](std::string_view pattern, auto fold) {
            for (const auto& e : ctx().history(pattern)) {
                try {
                    fold(e);
                } catch (const std::exception&) {
                }
            }
        };
        each("goal.*", [this](const event& e) {
            if (e.topic == "goal.set") {
                note_goal(read_goal(e.payload), e.time);
                return;
            }
            const auto it = goals_.find(e.payload.value("goal_id", ""));
            if (it == goals_.end()) return;
            if (e.topic == "goal.progressed") {
                if (const auto progress = optional_progress(e.payload, e.topic))
                    note_progress(it->second, *progress, e.time);
            } else if (e.topic == "goal.achieved" || e.topic == "goal.abandoned") {
                it->second.closed = true;
            }
        });
        each("relationship.closed", [this](const event& e) {
            const auto id = e.payload.value("relationship_id", "");
            for (auto& [goal_id, st] : goals_)
                if (!id.empty() && st.relationship_id == id) st.closed = true;
        });
        each("learning.recommended", [this](const event& e) {
            const auto it = goals_.find(e.payload.value("goal_id", ""));
            if (it != goals_.end()) note_recommendation(it->second, e.payload, e.time);
        });
        each("experience.prompted", [this](const event& e) {
            prompted_.emplace(e.payload.value("goal_id", ""), e.payload.value("skill", ""));
        });
    }

    parties people_of(const goal_state& st) const {
        parties out;
        out.mentee = roster_.find_person(st.mentee_id);
        out.relationship_id = st.relationship_id;
        out.relationship = st.relationship_id.empty() ? roster_.mentor_of(st.mentee_id)
                                                      : roster_.find_relationship(st.relationship_id);
        if (out.relationship != nullptr && out.relationship->mentee_id == st.mentee_id) {
            out.mentor_id = out.relationship->mentor_id;
            out.relationship_id = out.relationship->id;
            out.mentor = roster_.find_person(out.mentor_id);
        }
        return out;
    }

    // What the goal needs: its skills_needed, or else the mentee's skills_sought at sought_level.
    std::vector<mentorkit::skill_level> needed_of(const goal_state& st, const parties& who, bool& from_sought) const {
        from_sought = false;
        if (!st.skills_needed.empty() || !use_skills_sought_ || who.mentee == nullptr) return st.skills_needed;
        from_sought = true;
        std::vector<mentorkit::skill_level> out;
        for (const auto& skill : who.mentee->skills_sought)
            out.push_back({mentorkit::normalise_name(skill), sought_level_});
        return out;
    }

    std::vector<teach::gap_item> gap_of(const goal_state& st, const parties& who, bool& from_sought,
                                        std::vector<teach::gap_item>* met = nullptr) const {
        return teach::skill_gap(needed_of(st, who, from_sought), who.mentee, met);
    }

    bool can_stall(const goal_state& st) const { return !st.closed && max_stalls_ > 0 && st.stalls < max_stalls_; }

    // What a stall would suggest now: resources closing part of the gap in formats not yet
    // recommended for the goal.
    std::vector<teach::candidate> fresh_candidates(const goal_state& st, const std::vector<teach::gap_item>& gap,
                                                   std::size_t limit) const {
        teach::exclusions excluded;
        excluded.formats.insert(st.formats.begin(), st.formats.end());
        excluded.resources = st.resources;
        return teach::rank(catalog_, gap, prefer_formats_, excluded, limit, include_assignment_);
    }

    // The stall timer of a goal falls due stall_after after its last progress (or last stall
    // suggestion). None runs when a stall could change nothing: no gap, or nothing in a new
    // format left to suggest.
    void arm_stall_timer(const std::string& goal_id, const goal_state& st) {
        const auto key = "teach/stall/" + goal_id;
        const auto who = people_of(st);
        bool from_sought = false;
        if (!can_stall(st) || fresh_candidates(st, gap_of(st, who, from_sought), 1).empty()) {
            ctx().scheduler().cancel(key);
            return;
        }
        const auto anchor = std::max(st.last_progress, st.last_stall.value_or(st.last_progress));
        ctx().scheduler().at(anchor + stall_after_, stall_topic, {{"goal_id", goal_id}}, key);
    }

    // ---- handlers ------------------------------------------------------------------------

    void goal_set(const event& e) {
        const auto g = read_goal(e.payload);
        auto& st = note_goal(g, e.time);
        if (st.closed) return;
        const auto who = people_of(st);
        bool from_sought = false;
        std::vector<teach::gap_item> met;
        const auto gap = gap_of(st, who, from_sought, &met);
        if (gap.empty()) {
            ctx().log().info("goal {} of {}: no skill gap ({} skill(s) needed, all met), nothing to recommend", g.id,
                             g.mentee_id, met.size());
            return;
        }
        if (!st.recommended) {
            const auto ranked = teach::rank(catalog_, gap, prefer_formats_, {},
                                            static_cast<std::size_t>(max_recommendations_), include_assignment_);
            if (ranked.empty()) {
                ctx().log().info("goal {} of {}: no catalog resource closes any of the gap ({})", g.id, g.mentee_id,
                                 describe_gap(gap));
            } else {
                std::string why = "'" + st.title + "' needs " + describe_gap(gap) + ": " +
                                  std::to_string(teach::gap_points(gap)) + " level(s) to close in all.";
                if (from_sought)
                    why = "'" + st.title + "' lists no skills_needed, so these are " +
                          first_name(who.mentee, st.mentee_id) + "'s skills_sought at level " +
                          std::to_string(sought_level_) + ". " + why;
                why += " Ranked by how much of that gap each resource closes";
                if (!prefer_formats_.empty())
                    why += ", then by the preferred formats (" + mentorkit::join_words(prefer_formats_) + ")";
                why += ", then shortest first.";
                publish_recommendation(e.time, g.id, st, who, gap, met, ranked, "goal_set", why, {});
            }
        }
        prompt_experience(g.id, st, who, gap);
        arm_stall_timer(g.id, st);
    }

    void goal_progressed(const event& e) {
        const auto goal_id = mentorkit::required_text(e, "goal_id");
        const auto progress = optional_progress(e.payload, e.topic);
        const auto it = goals_.find(goal_id);
        if (it == goals_.end() || !progress) return;
        if (note_progress(it->second, *progress, e.time)) arm_stall_timer(goal_id, it->second);
    }

    void goal_closed(const event& e) {
        const auto goal_id = mentorkit::required_text(e, "goal_id");
        const auto it = goals_.find(goal_id);
        if (it == goals_.end()) return;
        it->second.closed = true;
        ctx().scheduler().cancel("teach/stall/" + goal_id);
    }

    void relationship_closed(const event& e) {
        const auto id = mentorkit::required_text(e, "relationship_id");
        const auto* closed = roster_.find_relationship(id);
        for (auto& [goal_id, st] : goals_) {
            // A goal that names no relationship belongs to the mentee's (only) active one.
            const bool its = st.relationship_id == id ||
                             (st.relationship_id.empty() && closed != nullptr && closed->mentee_id == st.mentee_id);
            if (!its || st.closed) continue;
            st.closed = true;
            ctx().scheduler().cancel("teach/stall/" + goal_id);
        }
    }

    void goal_at_risk(const event& e) {
        const auto goal_id = mentorkit::required_text(e, "goal_id");
        const auto reason = mentorkit::optional_text(e, "reason");
        const auto it = goals_.find(goal_id);
        if (it == goals_.end() || !can_stall(it->second)) return;
        auto& st = it->second;
        // Flagged again with no progress since the last suggestion: that one still stands.
        if (st.last_stall && *st.last_stall >= st.last_progress) return;
        stalled(e.time, goal_id, st, "at_risk", reason);
    }

    void stall_check(const event& e) {
        const auto goal_id = mentorkit::required_text(e, "goal_id");
        const auto it = goals_.find(goal_id);
        if (it == goals_.end() || !can_stall(it->second)) return;
        auto& st = it->second;
        // A timer always falls due at the anchor plus stall_after; anything earlier is stale.
        const auto anchor = std::max(st.last_progress, st.last_stall.value_or(st.last_progress));
        if (e.time < anchor + stall_after_) return;
        stalled(e.time, goal_id, st, "no_progress", {});
    }

    void stalled(time_point now, const std::string& goal_id, goal_state& st, const std::string& trigger,
                 const std::string& at_risk_reason) {
        const auto who = people_of(st);
        if (who.relationship != nullptr && who.relationship->status != mentorkit::relationship_status::active) return;
        bool from_sought = false;
        std::vector<teach::gap_item> met;
        const auto gap = gap_of(st, who, from_sought, &met);
        if (gap.empty()) {
            ctx().log().info("goal {} stalled but has no skill gap left; nothing to recommend", goal_id);
            return;
        }
        const auto ranked = fresh_candidates(st, gap, static_cast<std::size_t>(max_recommendations_));
        if (ranked.empty()) {
            ctx().log().info("goal {} stalled; no resource in a format not yet tried ({}) closes any of its gap",
                             goal_id, mentorkit::join_words(st.formats));
            return;
        }
        std::vector<std::string> tried, next;
        for (const auto& f : st.formats) tried.push_back(format_phrase(f));
        for (const auto& c : ranked)
            if (std::find(next.begin(), next.end(), format_phrase(c.what->format)) == next.end())
                next.push_back(format_phrase(c.what->format));
        std::string why;
        if (trigger == "at_risk")
            why =
                "'" + st.title + "' was flagged at risk" + (at_risk_reason.empty() ? "" : " (" + at_risk_reason + ")");
        else
            why = "No progress on '" + st.title + "' for " + humanize(stall_after_) + " (since " +
                  mentorkit::day_of(st.last_progress) + ", still at " + std::to_string(st.progress) + "%)";
        if (!tried.empty()) why += " after " + mentorkit::join_words(tried);
        why += ": try a different format — " + mentorkit::join_words(next) + ". Still to close: " + describe_gap(gap) +
               ".";
        json stall{{"trigger", trigger},
                   {"number", st.stalls + 1},
                   {"of", max_stalls_},
                   {"progress", st.progress},
                   {"no_progress_since", mentorkit::day_of(st.last_progress)},
                   {"stall_after", mentorkit::to_string(stall_after_)},
                   {"excluded_formats", st.formats}};
        if (trigger == "at_risk") stall["at_risk_reason"] = at_risk_reason;
        publish_recommendation(now, goal_id, st, who, gap, met, ranked, "stalled", why, std::move(stall));
        arm_stall_timer(goal_id, st);
    }

    // ---- outputs -------------------------------------------------------------------------

    void publish_recommendation(time_point now, const std::string& goal_id, goal_state& st, const parties& who,
                                const std::vector<teach::gap_item>& gap, const std::vector<teach::gap_item>& met,
                                const std::vector<teach::candidate>& ranked, const std::string& reason,
                                const std::string& why, json stall) {
        const int total = teach::gap_points(gap);
        json recommendations = json::array();
        std::string list;
        int rank = 0;
        for (const auto& c : ranked) {
            const auto& r = *c.what;
            json closes = json::array();
            for (const auto& cl : c.closes) closes.push_back({{"skill", cl.skill}, {"from", cl.from}, {"to", cl.to}});
            std::string item_why = "Closes " + std::to_string(c.points) + " of the " + std::to_string(total) +
                                   " gap level(s): " + describe_closes(c.closes) + ". " +
                                   mentorkit::capitalised(format_phrase(r.format)) + ", " + humanize(r.length);
            if (!r.provider.empty()) item_why += ", " + r.provider;
            if (teach::is_on_the_job(r.format)) item_why += "; learning on the job";
            if (c.preference < static_cast<int>(prefer_formats_.size())) item_why += "; a preferred format";
            if (r.from_level > 0)
                item_why += "; for learners already at level " + std::to_string(r.from_level) + " or above";
            item_why += ".";
            json item{{"rank", ++rank},
                      {"resource", r.id},
                      {"title", r.title},
                      {"format", r.format},
                      {"duration", mentorkit::to_string(r.length)},
                      {"points", c.points},
                      {"closes", std::move(closes)},
                      {"why", item_why}};
            if (!r.provider.empty()) item["provider"] = r.provider;
            if (!r.url.empty()) item["url"] = r.url;
            recommendations.push_back(std::move(item));
            list += "\n" + std::to_string(rank) + ". " + r.title + " (" + r.format + ", " + humanize(r.length) +
                    "): " + describe_closes(c.closes) + (r.url.empty() ? "" : " — " + r.url);
        }
        json to = json::array({st.mentee_id});
        if (!who.mentor_id.empty()) to.push_back(who.mentor_id);
        json payload{{"mentee_id", st.mentee_id},
                     {"mentor_id", who.mentor_id},
                     {"relationship_id", who.relationship_id},
                     {"goal_id", goal_id},
                     {"goal_title", st.title},
                     {"gap", gap_json(gap)},
                     {"gap_points", total},
                     {"already_met", gap_json(met)},
                     {"recommendations", recommendations},
                     {"to", to},
                     {"reason", reason},
                     {"why", why}};
        if (!stall.is_null()) payload["stall"] = std::move(stall);
        note_recommendation(st, payload, now);
        auto& bus = ctx().bus();
        bus.publish("learning.recommended", payload);

        const auto mentee_name = first_name(who.mentee, st.mentee_id);
        const auto mentor_name =
            who.mentor_id.empty() ? std::string{"your mentor"} : first_name(who.mentor, who.mentor_id);
        const json context{{"goal_id", goal_id}, {"relationship_id", who.relationship_id}, {"mentee_id", st.mentee_id}};
        auto notify = [&](const std::string& person, const std::string& subject, const std::string& body) {
            json note{{"to", person}, {"subject", subject}, {"body", body}};
            note.update(context);
            bus.publish("notification.requested", note);
        };
        if (reason == "goal_set") {
            notify(st.mentee_id, "Learning suggestions for your goal '" + st.title + "'",
                   "To reach '" + st.title + "' you need " + describe_gap(gap) + ". These close most of that gap:" +
                       list + "\nPick one with " + mentor_name + " at your next meeting.");
        } else {
            notify(st.mentee_id, "'" + st.title + "' has stalled: try a different way to learn", why + list);
            if (!who.mentor_id.empty())
                notify(who.mentor_id, mentee_name + "'s goal '" + st.title + "' has stalled",
                       why + list + "\nAt your next meeting, agree with " + mentee_name + " which of these to try.");
        }
        ctx().log().info("goal {} of {}: recommended {} resource(s) ({})", goal_id, st.mentee_id, ranked.size(),
                         reason);
    }

    void prompt_experience(const std::string& goal_id, const goal_state& st, const parties& who,
                           const std::vector<teach::gap_item>& gap) {
        if (!experience_prompts_ || who.mentor == nullptr) return;
        const auto mentee_name = first_name(who.mentee, st.mentee_id);
        std::vector<std::string> prompts;
        json skills = json::array();
        for (const auto& g : gap) {
            const int mentor_level = teach::level_of(who.mentor, g.skill);
            if (mentor_level < experience_min_level_ || !prompted_.emplace(goal_id, g.skill).second) continue;
            const auto prompt = "You rate yourself " + std::to_string(mentor_level) + " in " + g.skill + ": tell " +
                                mentee_name + " about a time " + g.skill +
                                " went wrong for you and what you learned, and a time it went well and why.";
            const auto why = "'" + st.title + "' needs " + g.skill + " at " + std::to_string(g.needed) + " and " +
                             mentee_name + " is at " + std::to_string(g.current) + "; you are at " +
                             std::to_string(mentor_level) + " (prompted from level " +
                             std::to_string(experience_min_level_) +
                             "). A story from experience teaches what a course cannot.";
            ctx().bus().publish("experience.prompted", {{"mentor_id", who.mentor_id},
                                                        {"mentee_id", st.mentee_id},
                                                        {"relationship_id", who.relationship_id},
                                                        {"goal_id", goal_id},
                                                        {"goal_title", st.title},
                                                        {"skill", g.skill},
                                                        {"mentor_level", mentor_level},
                                                        {"mentee_level", g.current},
                                                        {"needed_level", g.needed},
                                                        {"prompt", prompt},
                                                        {"to", json::array({who.mentor_id})},
                                                        {"why", why}});
            prompts.push_back(prompt);
            skills.push_back(g.skill);
        }
        if (prompts.empty()) return;
        std::string body = mentee_name + " has set the goal '" + st.title + "'. You can help from your own experience:";
        for (const auto& p : prompts) body += "\n- " + p;
        ctx().bus().publish("notification.requested", {{"to", who.mentor_id},
                                                       {"subject", "Share your experience with " + mentee_name},
                                                       {"body", body},
                                                       {"goal_id", goal_id},
                                                       {"relationship_id", who.relationship_id},
                                                       {"mentee_id", st.mentee_id},
                                                       {"skills", skills}});
    }

    // Settings.
    int max_recommendations_ = 3;
    std::vector<std::string> prefer_formats_;
    bool include_assignment_ = true;
    mentorkit::duration stall_after_{0, std::chrono::weeks{6}};
    int max_stalls_ = 2;
    bool experience_prompts_ = true;
    int experience_min_level_ = 4;
    bool use_skills_sought_ = true;
    int sought_level_ = 3;
    std::vector<teach::resource> catalog_;

    // State.
    mentorkit::roster roster_;
    std::map<std::string, goal_state> goals_;
    std::set<std::pair<std::string, std::string>> prompted_;  // (goal, skill)
};

}  // namespace

MENTORKIT_EXPORT_PLUGIN(teach_plugin)
