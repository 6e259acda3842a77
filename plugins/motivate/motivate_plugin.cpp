// motivate: motivates and inspires by linking the mentee's goals to the organisation's
// agenda and recognising progress.
//
// Three behaviours, each answering to an event:
//  * goal.set → goal.aligned: the goal scored against the organisation's objectives (the
//    objectives catalog), best first, each score explained; when nothing aligns, a prompt
//    for the mentor to connect the goal to the unit's agenda.
//  * goal.progressed / goal.achieved → recognition.given for the mentee and a
//    notification asking the mentor to say it personally: each progress mark once, the
//    goal achieved, and the relationship's first achieved goal.
//  * a check every `check_every`, and each check-in of the mentee → motivation.nudged for
//    the mentor when goals stall or the mentee's ratings fall, at most once per cooldown.
// State that must survive a restart is folded from the journal in on_start(): the goal
// events rebuild progress and timing, and the module's own outputs say what it already
// recognised, aligned and nudged.

#include "motivate_rules.hpp"

#include <mentorkit/mentorkit.hpp>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using mentorkit::config_node;
using mentorkit::day_of;
using mentorkit::event;
using mentorkit::time_point;
using nlohmann::json;
namespace rules = mentorkit::motivate;

// ---- payloads -------------------------------------------------------------------------

mentorkit::goal read_goal(const event& e) {
    mentorkit::required_text(e, "id");
    mentorkit::required_text(e, "mentee_id");
    mentorkit::optional_int(e, "progress", 0, 100);
    try {
        return e.payload.get<mentorkit::goal>();
    } catch (const std::exception& error) {
        throw std::invalid_argument(e.topic + " has a malformed payload: " + error.what());
    }
}

// ---- settings and catalog -------------------------------------------------------------

std::string entry_text(const config_node& item, std::string_view key) {
    const auto& node = item.at(key);
    auto text = mentorkit::trim(node.text());
    if (text.empty()) node.fail(std::string{key} + " must not be empty");
    return text;
}

std::string optional_entry_text(const config_node& item, std::string_view key) {
    const auto* node = item.find(key);
    return node == nullptr || node->is_null() ? std::string{} : mentorkit::trim(node->text());
}

std::vector<std::string> word_list(const config_node& item, std::string_view key) {
    std::vector<std::string> out;
    const auto* node = item.find(key);
    if (node == nullptr || node->is_null()) return out;
    if (!node->is_sequence() && !node->is_scalar())
        node->fail(std::string{key} + " must be a list of words, e.g. [leadership, visibility]");
    const std::vector<config_node> single{*node};
    for (const auto& entry : node->is_sequence() ? node->items() : single) {
        auto word = mentorkit::normalise_name(entry.text());
        if (word.empty()) entry.fail("an entry of " + std::string{key} + " is empty");
        if (std::find(out.begin(), out.end(), word) == out.end()) out.push_back(std::move(word));
    }
    return out;
}

std::vector<rules::objective> read_objectives(const config_node& root, const std::string& name) {
    if (!root.is_map() || !root.contains("objectives"))
        root.fail("the catalog '" + name + "' must be a mapping with a list 'objectives'");
    root.expect_keys({"objectives"});
    const auto& list = root.at("objectives");
    if (!list.is_sequence() || list.size() == 0) list.fail("'objectives' must be a list of at least one objective");
    std::vector<rules::objective> out;
    std::map<std::string, int> first_line;
    for (const auto& item : list.items()) {
        if (!item.is_map())
            item.fail("an objective must be a mapping with id, title, areas, skills, keywords and priority");
        item.expect_keys({"id", "title", "description", "owner_unit", "areas", "skills", "keywords", "priority"});
        rules::objective o;
        o.id = entry_text(item, "id");
        if (const auto [it, added] = first_line.emplace(o.id, item.at("id").mark().line); !added)
            item.at("id").fail("duplicate objective id '" + o.id + "' (first used on line " +
                               std::to_string(it->second) + ")");
        o.title = entry_text(item, "title");
        o.description = optional_entry_text(item, "description");
        o.owner_unit = optional_entry_text(item, "owner_unit");
        o.areas = word_list(item, "areas");
        o.skills = word_list(item, "skills");
        o.keywords = word_list(item, "keywords");
        if (o.areas.empty() && o.skills.empty() && o.keywords.empty())
            item.fail("objective '" + o.id +
                      "' needs at least one of areas, skills or keywords, or no goal can align with it");
        o.priority = item.get_in_range("priority", 2, 1, 3);
        out.push_back(std::move(o));
    }
    return out;
}

// ---- state ----------------------------------------------------------------------------

// What the module told about an objective a goal serves.
struct served_objective {
    std::string id;
    std::string title;
    int score = 0;
};

struct goal_state {
    std::string id;
    std::string mentee_id;
    std::string relationship_id;
    std::string title;
    std::string measure;
    int progress = 0;
    int recognised_up_to = 0;  // the highest progress mark recognised or passed
    bool achieved = false;
    bool abandoned = false;
    time_point last_moved{};  // when it was set or its progress last rose
    bool aligned = false;     // goal.aligned was published for it
    std::vector<served_objective> alignments;
};

struct pair_state {
    std::vector<rules::rating> ratings;        // the mentee's, in order
    std::vector<json> pending_rating_signals;  // not yet in a nudge
    std::optional<time_point> last_nudge;
    bool achieved_any = false;  // a goal of the relationship was achieved
};

// Events folded from the journal on start, in publish order.
constexpr std::string_view folded_topics[] = {"goal.set",       "goal.progressed",   "goal.achieved",
                                              "goal.abandoned", "checkin.submitted", "feedback.given",
                                              "goal.aligned",   "recognition.given", "motivation.nudged"};

class motivate_plugin final : public mentorkit::plugin {
public:
    static constexpr mentorkit::plugin_manifest manifest{
        .id = "motivate",
        .version = MENTORKIT_VERSION_STRING,
        .description =
            "Motivates and inspires: links goals to the organisation's objectives, recognises "
            "progress, nudges the mentor when motivation stalls",
        .roles = "motivate",
        .depends_on = "",
        .consumes =
            "program.started,participant.enrolled,participant.updated,participant.withdrew,"
            "relationship.started,relationship.closed,goal.set,goal.progressed,goal.achieved,goal.at_risk,"
            "goal.abandoned,checkin.submitted,feedback.given,motivation.check",
        .produces = "goal.aligned,recognition.given,motivation.nudged,motivation.check,notification.requested",
    };

private:
    void on_configure(const config_node& config) override {
        config.expect_keys({"catalog", "weights", "min_alignment", "max_alignments", "recognise_at", "stall_after",
                            "check_every", "rating_below", "rating_drop", "rating_window", "nudge_cooldown"});
        const auto* catalog_node = config.find("catalog");
        if (catalog_node != nullptr && !catalog_node->is_null()) {
            catalog_ = mentorkit::trim(catalog_node->text());
            if (catalog_.empty()) catalog_node->fail("catalog must name a catalog, e.g. 'objectives'");
        }
        if (const auto* node = config.find("weights"); node != nullptr && !node->is_null()) read_weights(*node);
        min_alignment_ = config.get_in_range("min_alignment", min_alignment_, 0, 100);
        max_alignments_ = config.get_in_range("max_alignments", max_alignments_, 1, 20);
        if (const auto* node = config.find("recognise_at"); node != nullptr && !node->is_null()) read_thresholds(*node);
        stall_after_ = config.get_positive_duration("stall_after", stall_after_);
        check_every_ = config.get_positive_duration("check_every", check_every_);
        // The kernel refuses a repeating timer more frequent than this (mentorkit::scheduler::every):
        // said here, so that validate finds it rather than the module's start.
        if (check_every_.months == 0 && check_every_.exact < std::chrono::hours{1})
            config.find("check_every")->fail("check_every must be at least 1h: a check repeats, and a module's "
                                             "timer may repeat at most 24 times a day");
        nudge_cooldown_ = config.get_positive_duration("nudge_cooldown", nudge_cooldown_);
        ratings_.below = config.get_in_range("rating_below", ratings_.below, 1, 5);
        ratings_.drop = config.get_in_range("rating_drop", ratings_.drop, 1, 4);
        ratings_.window = config.get_in_range("rating_window", ratings_.window, 1, 10);

        const config_node* root = nullptr;
        try {
            root = &ctx().catalog(catalog_);
        } catch (const mentorkit::config_error&) {
            throw;
        } catch (const std::runtime_error& error) {
            const auto& at = catalog_node != nullptr && !catalog_node->is_null() ? *catalog_node : config;
            at.fail(std::string{"cannot read the objectives catalog: "} + error.what());
        }
        objectives_ = read_objectives(*root, catalog_);
    }

    void read_weights(const config_node& node) {
        node.expect_keys({"area", "skills", "keywords", "unit", "priority"});
        weights_.area = node.get_in_range("area", weights_.area, 0, 100);
        weights_.skills = node.get_in_range("skills", weights_.skills, 0, 100);
        weights_.keywords = node.get_in_range("keywords", weights_.keywords, 0, 100);
        weights_.unit = node.get_in_range("unit", weights_.unit, 0, 100);
        weights_.priority = node.get_in_range("priority", weights_.priority, 0, 100);
        if (weights_.area + weights_.skills + weights_.keywords <= 0)
            node.fail("weights: at least one of area, skills and keywords must be above 0, or no goal can align");
    }

    void read_thresholds(const config_node& node) {
        if (!node.is_sequence()) node.fail("recognise_at must be a list of percentages, e.g. [25, 50, 75]");
        recognise_at_.clear();
        for (const auto& item : node.items()) {
            const auto value = item.as_int();
            if (value < 1 || value > 99)
                item.fail("recognise_at: a mark must be a percentage from 1 to 99 (100 is the goal achieved), found " +
                          item.text());
            if (!recognise_at_.empty() && value <= recognise_at_.back())
                item.fail("recognise_at must rise: " + item.text() + " comes after " +
                          std::to_string(recognise_at_.back()));
            recognise_at_.push_back(static_cast<int>(value));
        }
    }

    void on_start() override {
        follow(roster_);
        for (const auto& e : history_of(folded_topics)) {
            try {
                handle(e, false);
            } catch (const std::exception& error) {  // the kernel dead-lettered it when it happened
                ctx().log().debug("skipped event {} ({}) from the history: {}", e.id, e.topic, error.what());
            }
        }
        for (const auto topic :
             {"goal.set", "goal.progressed", "goal.achieved", "goal.abandoned", "checkin.submitted", "feedback.given"})
            on(topic, [this](const event& e) { handle(e, true); });
        on("motivation.check", [this](const event& e) { check(e.time); });
        // Once the program's end is known the checks stop there (the roster has seen it first).
        on("program.started", [this](const event&) { schedule_checks(); });
        schedule_checks();
    }

    // One periodic check per program, up to its end when known; the key makes a restart or
    // a later program.started replace it.
    void schedule_checks() {
        ctx().scheduler().every(ctx().clock().now() + check_every_, check_every_, "motivation.check",
                                json{{"stall_after", mentorkit::to_string(stall_after_)}}, roster_.program_end(),
                                "motivation-check");
    }

    // `live`: a new event, which may cause outputs; otherwise one folded from the journal.
    void handle(const event& e, bool live) {
        const std::string_view t = e.topic;
        if (t == "goal.set")
            goal_set(e, live);
        else if (t == "goal.progressed")
            goal_progressed(e, live);
        else if (t == "goal.achieved")
            goal_achieved(e, live);
        else if (t == "goal.abandoned")
            goal_abandoned(e);
        else if (t == "checkin.submitted" || t == "feedback.given")
            rating_given(e, live);
        else if (t == "goal.aligned")
            fold_aligned(e);
        else if (t == "recognition.given")
            fold_recognition(e);
        else if (t == "motivation.nudged")
            fold_nudge(e);
    }

    // ---- goals and alignment ---------------------------------------------------------

    void goal_set(const event& e, bool live) {
        const auto g = read_goal(e);
        auto [it, is_new] = goals_.try_emplace(g.id);
        auto& st = it->second;
        st.id = g.id;
        st.mentee_id = g.mentee_id;
        st.title = g.title;
        st.measure = g.measure;
        if (!g.relationship_id.empty())
            st.relationship_id = g.relationship_id;
        else if (const auto* r = roster_.mentor_of(g.mentee_id); r != nullptr && st.relationship_id.empty())
            st.relationship_id = r->id;
        const int progress = std::clamp(g.progress, 0, 100);
        if (is_new || progress > st.progress) st.last_moved = e.time;
        st.progress = std::max(st.progress, progress);
        // A goal that arrives part-way has passed its earlier marks: nothing to recognise.
        st.recognised_up_to = std::max(st.recognised_up_to, rules::passed_threshold(recognise_at_, st.progress));
        if (g.status == mentorkit::goal_status::achieved && !st.achieved) {
            st.achieved = true;
            st.progress = 100;
            pairs_[st.relationship_id].achieved_any = true;
        }
        st.abandoned = g.status == mentorkit::goal_status::abandoned;
        if (!live) return;
        const auto* r = active_relationship(st);
        if (r == nullptr) {
            ctx().log().debug("goal {} of {} has no active relationship: not aligned", g.id, g.mentee_id);
            return;
        }
        publish_alignment(g, st, *r);
    }

    void publish_alignment(const mentorkit::goal& g, goal_state& st, const mentorkit::relationship& r) {
        const auto* mentee = roster_.find_person(g.mentee_id);
        const std::string unit = mentee != nullptr ? mentee->org_unit : std::string{};
        const auto ranked = rules::rank(g, unit, objectives_, weights_);
        const auto best = rules::best_alignments(ranked, min_alignment_, static_cast<std::size_t>(max_alignments_));

        std::vector<served_objective> served;
        for (const auto& a : best) served.push_back({a.target->id, a.target->title, a.score});
        const bool same = st.aligned && served.size() == st.alignments.size() &&
                          std::equal(served.begin(), served.end(), st.alignments.begin(),
                                     [](const served_objective& x, const served_objective& y) {
                                         return x.id == y.id && x.score == y.score;
                                     });
        if (same) return;  // the same goal set again: already told
        st.aligned = true;
        st.alignments = served;

        auto alignments = json::array();
        for (const auto& a : best)
            alignments.push_back({{"objective", a.target->id},
                                  {"title", a.target->title},
                                  {"score", a.score},
                                  {"parts",
                                   {{"area", a.parts.area},
                                    {"skills", a.parts.skills},
                                    {"keywords", a.parts.keywords},
                                    {"unit", a.parts.unit},
                                    {"priority", a.parts.priority}}},
                                  {"because", a.because}});
        const auto name = mentee_label(g.mentee_id);
        json payload{{"goal_id", g.id},
                     {"mentee_id", g.mentee_id},
                     {"mentor_id", r.mentor_id},
                     {"relationship_id", r.id},
                     {"goal_title", g.title},
                     {"alignments", alignments},
                     {"min_alignment", min_alignment_},
                     {"to", {g.mentee_id, r.mentor_id}}};
        if (!best.empty()) {
            std::vector<std::string> named;
            for (const auto& a : best)
                named.push_back(rules::in_quotes(a.target->title) + " (score " + std::to_string(a.score) + ")");
            payload["why"] = rules::in_quotes(g.title) + " serves the organisation's " +
                             (best.size() == 1 ? "objective " : "objectives ") + mentorkit::join_words(named) + ": " +
                             mentorkit::join_words(best.front().because, "; ") + ". Talking about that link shows " +
                             name + " why the goal matters beyond their own growth.";
            ctx().bus().publish("goal.aligned", payload);
            ctx().log().info("goal {} of {} aligned with {} objective(s), best {} ({})", g.id, g.mentee_id, best.size(),
                             best.front().target->id, best.front().score);
            return;
        }

        // Nothing aligns: a prompt for the mentor, naming the unit's own objectives.
        std::vector<std::string> agenda;
        for (const auto& o : objectives_)
            if (!unit.empty() && mentorkit::normalise_name(o.owner_unit) == mentorkit::normalise_name(unit))
                agenda.push_back(rules::in_quotes(o.title));
        std::string where = "the objectives of " + unit;
        if (agenda.empty()) {
            for (const auto& o : objectives_)
                if (o.priority == 1) agenda.push_back(rules::in_quotes(o.title));
            where = "the organisation's top priorities";
        }
        std::string why = rules::in_quotes(g.title) + " does not clearly serve any of the organisation's " +
                          std::to_string(objectives_.size()) + " objectives";
        if (!ranked.empty() && ranked.front().score > 0) {
            const auto& top = ranked.front();
            why += " (closest: " + rules::in_quotes(top.target->title) + " at " + std::to_string(top.score) +
                   ", below " + std::to_string(min_alignment_) + ")";
            payload["closest"] = {{"objective", top.target->id}, {"title", top.target->title}, {"score", top.score}};
        }
        why += ". Mentor: talk with " + name + " about how the goal connects to " + where;
        if (!agenda.empty()) why += " (" + mentorkit::join_words(agenda) + ")";
        why +=
            ", and whether its measure or the skills it builds could tie it in: a goal that matters to the "
            "organisation too is easier to stay motivated for.";
        payload["why"] = why;
        payload["unit_objectives"] = json::array();
        for (const auto& o : objectives_)
            if (!unit.empty() && mentorkit::normalise_name(o.owner_unit) == mentorkit::normalise_name(unit))
                payload["unit_objectives"].push_back({{"objective", o.id}, {"title", o.title}});
        ctx().bus().publish("goal.aligned", payload);
        ctx().bus().publish("notification.requested",
                            {{"to", r.mentor_id},
                             {"subject", "Connect " + rules::in_quotes(g.title) + " to the organisation's agenda"},
                             {"body", why},
                             {"relationship_id", r.id},
                             {"mentee_id", g.mentee_id},
                             {"goal_id", g.id}});
        ctx().log().info("goal {} of {} aligns with no objective: prompted mentor {}", g.id, g.mentee_id, r.mentor_id);
    }

    // ---- recognition -----------------------------------------------------------------

    void goal_progressed(const event& e, bool live) {
        const auto id = mentorkit::required_text(e, "goal_id");
        const auto progress = mentorkit::required_int(e, "progress", 0, 100);
        const auto it = goals_.find(id);
        if (it == goals_.end()) return;
        auto& st = it->second;
        if (st.achieved || st.abandoned || progress <= st.progress) return;
        const int before = st.progress;
        st.progress = progress;
        st.last_moved = e.time;
        const auto crossed = rules::crossed_thresholds(recognise_at_, st.recognised_up_to, st.progress);
        if (crossed.empty()) return;
        // A jump over several marks is one recognition, for the highest: several messages at
        // once would read as automatic, and the highest mark is the news.
        st.recognised_up_to = crossed.back();
        if (!live) return;
        if (const auto* r = active_relationship(st))
            recognise(st, *r, "progress_" + std::to_string(crossed.back()), before, crossed, e.time);
    }

    void goal_achieved(const event& e, bool live) {
        const auto id = mentorkit::required_text(e, "goal_id");
        const auto it = goals_.find(id);
        if (it == goals_.end() || it->second.achieved) return;
        auto& st = it->second;
        const int before = st.progress;
        st.achieved = true;
        st.abandoned = false;
        st.progress = 100;
        st.last_moved = e.time;
        st.recognised_up_to = 100;
        auto& pair = pairs_[st.relationship_id];
        const bool first = !pair.achieved_any;
        pair.achieved_any = true;
        if (!live) return;
        if (const auto* r = active_relationship(st))
            recognise(st, *r, first ? "first_goal_achieved" : "achieved", before, {}, e.time);
    }

    void goal_abandoned(const event& e) {
        const auto id = mentorkit::required_text(e, "goal_id");
        if (const auto it = goals_.find(id); it != goals_.end() && !it->second.achieved) it->second.abandoned = true;
    }

    void recognise(const goal_state& st, const mentorkit::relationship& r, const std::string& milestone, int before,
                   const std::vector<int>& crossed, time_point when) {
        const auto first_name = first_name_of(st.mentee_id);
        const auto greeting = [&first_name](std::string opener) {
            return std::move(opener) + (first_name.empty() ? "!" : ", " + first_name + "!");
        };
        const served_objective* serves = st.alignments.empty() ? nullptr : &st.alignments.front();
        const auto title = rules::in_quotes(st.title);
        std::string message, why, subject;
        const auto mentee_name = full_name_of(st.mentee_id);

        if (!crossed.empty()) {
            const int mark = crossed.back();
            message = greeting(mark < 40   ? "Great start"
                               : mark < 60 ? "Halfway there"
                                           : "Nearly there") +
                      " " + title + " is at " + std::to_string(st.progress) + "%, past the " + std::to_string(mark) +
                      "% mark.";
            message += serves != nullptr ? " Every step also moves the organisation's objective " +
                                               rules::in_quotes(serves->title) + " forward."
                       : st.measure.empty() ? std::string{" Keep going."}
                                            : " The finish line: " + st.measure + ".";
            std::vector<std::string> marks;
            for (int c : crossed) marks.push_back(std::to_string(c) + "%");
            why = "progress on " + title + " rose from " + std::to_string(before) + "% to " +
                  std::to_string(st.progress) + "%, past " + mentorkit::join_words(marks) +
                  (crossed.size() > 1 ? "; one recognition for the highest mark crossed (" + marks.back() + ")" : "");
            subject = "Recognise " + mentee_name + "'s progress: " + title + " at " + std::to_string(st.progress) + "%";
        } else if (milestone == "first_goal_achieved") {
            const auto mentor_first = first_name_of(r.mentor_id);
            message = greeting("Congratulations") + " " + title +
                      " is the first goal you have achieved in your mentoring" +
                      (mentor_first.empty() ? std::string{} : " with " + mentor_first) +
                      (st.measure.empty() ? std::string{} : " (" + st.measure + ")") + ".";
            if (serves != nullptr) message += " It is a real contribution to " + rules::in_quotes(serves->title) + ".";
            message += " Take a moment to notice what made it work: it will carry the next goal too.";
            why = title + " is the first goal achieved in relationship " + r.id + " (on " + day_of(when) + ")";
            subject = mentee_name + " achieved their first goal: recognise it";
        } else {
            message = greeting("Well done") + " You achieved " + title +
                      (st.measure.empty() ? std::string{} : " (" + st.measure + ")") + ".";
            if (serves != nullptr) message += " It is a real contribution to " + rules::in_quotes(serves->title) + ".";
            why = title + " was achieved on " + day_of(when);
            subject = mentee_name + " achieved " + title + ": recognise it";
        }

        json payload{{"goal_id", st.id},         {"mentee_id", st.mentee_id},
                     {"mentor_id", r.mentor_id}, {"relationship_id", r.id},
                     {"milestone", milestone},   {"progress", st.progress},
                     {"goal_title", st.title},   {"objective", nullptr},
                     {"message", message},       {"why", why},
                     {"to", {st.mentee_id}},     {"suggested_by", r.mentor_id}};
        if (!crossed.empty()) payload["crossed"] = crossed;
        if (serves != nullptr) payload["objective"] = {{"objective", serves->id}, {"title", serves->title}};
        ctx().bus().publish("recognition.given", payload);

        std::string body = mentorkit::capitalised(why);
        body += ". A personal word from you means more than an automatic message: tell " +
                (first_name.empty() ? std::string{"them"} : first_name) + " what you saw them do to get there" +
                (serves != nullptr ? " and how it serves " + rules::in_quotes(serves->title) : std::string{}) +
                ". Suggested message: \"" + message + "\"";
        ctx().bus().publish("notification.requested", {{"to", r.mentor_id},
                                                       {"subject", subject},
                                                       {"body", body},
                                                       {"relationship_id", r.id},
                                                       {"mentee_id", st.mentee_id},
                                                       {"goal_id", st.id},
                                                       {"milestone", milestone}});
        ctx().log().info("recognised {} of goal {} ({})", milestone, st.id, st.mentee_id);
    }

    // ---- motivation ------------------------------------------------------------------

    void rating_given(const event& e, bool live) {
        const auto relationship_id = mentorkit::required_text(e, "relationship_id");
        const auto from = mentorkit::required_text(e, "from");
        const auto value = mentorkit::optional_int(e, "rating", 1, 5);
        if (!value) return;  // a check-in without a rating says nothing about it
        const auto* r = roster_.find_relationship(relationship_id);
        if (r == nullptr || from != r->mentee_id) return;  // only the mentee's own ratings
        std::string on = day_of(e.time);
        if (const auto it = e.payload.find("on");
            it != e.payload.end() && it->is_string() && !it->get<std::string>().empty())
            on = it->get<std::string>().substr(0, 10);
        auto& pair = pairs_[relationship_id];
        // The same check-in ingested twice is one rating.
        if (!pair.ratings.empty() && pair.ratings.back().on == on && pair.ratings.back().value == *value) return;
        pair.ratings.push_back({*value, on});
        pair.pending_rating_signals = rules::rating_signals(pair.ratings, ratings_);
        if (live && r->status == mentorkit::relationship_status::active) nudge_if_due(*r, e.time);
    }

    void check(time_point now) {
        for (const auto* r : roster_.active_relationships()) nudge_if_due(*r, now);
    }

    void nudge_if_due(const mentorkit::relationship& r, time_point now) {
        auto& pair = pairs_[r.id];
        if (pair.last_nudge && now < *pair.last_nudge + nudge_cooldown_) return;

        auto signals = json::array();
        std::vector<std::string> details, actions;
        const auto name = mentee_label(r.mentee_id);
        for (const auto& [id, g] : goals_) {
            if (g.relationship_id != r.id || g.achieved || g.abandoned || now < g.last_moved + stall_after_) continue;
            const auto days = std::chrono::floor<std::chrono::days>(now - g.last_moved).count();
            const auto weeks = days / 7;
            const auto since = day_of(g.last_moved);
            const auto title = rules::in_quotes(g.title);
            json s{{"kind", "goal_stalled"},
                   {"goal_id", id},
                   {"title", g.title},
                   {"progress", g.progress},
                   {"since", since},
                   {"days_without_progress", days},
                   {"weeks_without_progress", weeks},
                   {"stall_after", mentorkit::to_string(stall_after_)}};
            s["detail"] = title + " has stayed at " + std::to_string(g.progress) + "% for " + std::to_string(weeks) +
                          (weeks == 1 ? " week" : " weeks") + " (since " + since + ")";
            if (!g.alignments.empty()) {
                const auto& o = g.alignments.front();
                s["objective"] = {{"objective", o.id}, {"title", o.title}};
                actions.push_back("Reconnect " + title + " to the objective it serves, " + rules::in_quotes(o.title) +
                                  ": ask " + name +
                                  " what reaching it would change for them and for the organisation.");
            } else {
                actions.push_back("Reconnect " + title + " to why " + name +
                                  " chose it: what would reaching it change for them?");
            }
            actions.push_back("Break " + title + " into a smaller next step " + name +
                              " can finish before your next meeting.");
            details.push_back(s["detail"].get<std::string>());
            signals.push_back(std::move(s));
        }
        for (const auto& s : pair.pending_rating_signals) {
            details.push_back(s.at("detail").get<std::string>());
            signals.push_back(s);
        }
        if (signals.empty()) return;
        if (!pair.pending_rating_signals.empty())
            actions.push_back("Ask " + name +
                              " openly how the mentoring is going for them, and agree one thing to change in your next "
                              "meeting.");
        actions.push_back(celebration(r, name));

        std::string suggestion;
        for (const auto& a : actions) suggestion += (suggestion.empty() ? "" : " ") + a;
        const auto why = (name == "your mentee" ? std::string{"Your mentee"} : name) +
                         "'s motivation may be slipping: " + mentorkit::join_words(details, "; ") + ".";
        ctx().bus().publish("motivation.nudged", {{"relationship_id", r.id},
                                                  {"mentor_id", r.mentor_id},
                                                  {"mentee_id", r.mentee_id},
                                                  {"signals", signals},
                                                  {"suggestion", suggestion},
                                                  {"actions", actions},
                                                  {"why", why},
                                                  {"nudge_cooldown", mentorkit::to_string(nudge_cooldown_)},
                                                  {"to", {r.mentor_id}}});
        ctx().bus().publish(
            "notification.requested",
            {{"to", r.mentor_id},
             {"subject", "Keep " + (name == "your mentee" ? std::string{"your mentee"} : name) + "'s motivation up"},
             {"body", why + " " + suggestion},
             {"relationship_id", r.id},
             {"mentee_id", r.mentee_id}});
        pair.last_nudge = now;
        pair.pending_rating_signals.clear();
        ctx().log().info("nudged mentor {} of {}: {} signal(s)", r.mentor_id, r.id, signals.size());
    }

    // What to celebrate in the next meeting: achieved goals first, else progress so far.
    std::string celebration(const mentorkit::relationship& r, const std::string& name) const {
        std::vector<std::string> achieved, progressing;
        for (const auto& [id, g] : goals_) {
            if (g.relationship_id != r.id || g.abandoned) continue;
            if (g.achieved)
                achieved.push_back(rules::in_quotes(g.title));
            else if (g.progress > 0)
                progressing.push_back(rules::in_quotes(g.title) + " at " + std::to_string(g.progress) + "%");
        }
        if (!achieved.empty())
            return "Start by celebrating what " + name + " has already achieved: " + mentorkit::join_words(achieved) +
                   ".";
        if (!progressing.empty())
            return "Start by celebrating the progress so far: " + mentorkit::join_words(progressing) + ".";
        return "Start by naming one thing " + name +
               " has done well since you began, however small: recognition "
               "builds momentum.";
    }

    // ---- folds of the module's own outputs ------------------------------------------

    void fold_aligned(const event& e) {
        const auto it = goals_.find(e.payload.value("goal_id", ""));
        if (it == goals_.end()) return;
        it->second.aligned = true;
        it->second.alignments.clear();
        for (const auto& a : e.payload.value("alignments", json::array()))
            it->second.alignments.push_back({a.value("objective", ""), a.value("title", ""), a.value("score", 0)});
    }

    void fold_recognition(const event& e) {
        const auto it = goals_.find(e.payload.value("goal_id", ""));
        if (it == goals_.end()) return;
        auto& st = it->second;
        const auto milestone = e.payload.value("milestone", "");
        if (milestone.starts_with("progress_")) {
            try {
                st.recognised_up_to = std::max(st.recognised_up_to, std::stoi(milestone.substr(9)));
            } catch (const std::exception&) {
            }
        } else if (milestone == "achieved" || milestone == "first_goal_achieved") {
            st.recognised_up_to = 100;
            pairs_[st.relationship_id].achieved_any = true;
        }
    }

    void fold_nudge(const event& e) {
        auto& pair = pairs_[e.payload.value("relationship_id", "")];
        pair.last_nudge = e.time;
        pair.pending_rating_signals.clear();
    }

    // ---- people ----------------------------------------------------------------------

    const mentorkit::relationship* active_relationship(const goal_state& st) const {
        const auto* r = roster_.find_relationship(st.relationship_id);
        return r != nullptr && r->status == mentorkit::relationship_status::active ? r : nullptr;
    }

    std::string first_name_of(const std::string& id) const {
        const auto* p = roster_.find_person(id);
        if (p == nullptr) return {};
        const auto name = mentorkit::trim(p->name);
        return name.substr(0, name.find(' '));
    }
    std::string full_name_of(const std::string& id) const {
        const auto* p = roster_.find_person(id);
        return p == nullptr || mentorkit::trim(p->name).empty() ? id : mentorkit::trim(p->name);
    }
    std::string mentee_label(const std::string& id) const {
        auto name = first_name_of(id);
        return name.empty() ? std::string{"your mentee"} : name;
    }

    // Settings.
    std::string catalog_ = "objectives";
    rules::alignment_weights weights_;
    int min_alignment_ = 30;
    int max_alignments_ = 2;
    std::vector<int> recognise_at_{25, 50, 75};
    mentorkit::duration stall_after_{0, std::chrono::weeks{6}};
    mentorkit::duration check_every_{0, std::chrono::weeks{2}};
    mentorkit::duration nudge_cooldown_{0, std::chrono::weeks{4}};
    rules::rating_rules ratings_;
    std::vector<rules::objective> objectives_;

    // State.
    mentorkit::roster roster_;
    std::map<std::string, goal_state> goals_;
    std::map<std::string, pair_state> pairs_;
};

}  // namespace

MENTORKIT_EXPORT_PLUGIN(motivate_plugin)
