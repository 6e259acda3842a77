// counsel: the mentor as confidant and sounding board.
//
// Reads each check-in and piece of feedback (checkin.submitted, feedback.given) for signs
// of stress, conflict or disengagement: low wellbeing, a sharp fall in the rating, phrases
// in the comment, a run of low ratings. When it finds some, it raises counsel.flagged for
// the pair with a conversation guide from the catalog, and asks for notifications.
//
// Confidentiality is the design constraint, not a feature: what a mentee says reaches the
// pair only. The program manager learns that a flag exists (counsel.flag_noted) and, only
// when the person consented and the program allows it, its categories. No payload, log
// line or exception message ever carries the comment; evidence names the configured phrase
// that matched and the numbers.
//
// State (ratings per person and relationship, recent flags, consents) is folded from the
// program's history on start, so a restart neither forgets a rating nor repeats a flag.

#include "counsel_rules.hpp"

#include <mentorkit/mentorkit.hpp>

#include <chrono>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace {

using mentorkit::config_node;
using mentorkit::day_of;
using mentorkit::event;
using mentorkit::time_point;
namespace counsel = mentorkit::counsel;

// ---- reading payloads --------------------------------------------------------------

// A check-in or feedback, as far as counsel reads it. The comment is kept only long enough
// to be normalised and matched; it is never stored or copied into an output.
struct checkin_input {
    std::string relationship_id;
    std::string from;
    std::string on;  // YYYY-MM-DD
    int rating = 0;
    int wellbeing = 0;
    std::string comment;
};

checkin_input read_checkin(const event& e) {
    checkin_input c;
    c.relationship_id = mentorkit::required_text(e, "relationship_id");
    c.from = mentorkit::required_text(e, "from");
    c.rating = mentorkit::optional_int(e, "rating", 0, 5).value_or(0);  // 0: not rated
    c.wellbeing = mentorkit::optional_int(e, "wellbeing", 0, 5).value_or(0);
    if (const auto it = e.payload.find("comment"); it != e.payload.end() && !it->is_null()) {
        // Say what is wrong without echoing the value: it is confidential.
        if (!it->is_string()) throw std::invalid_argument(e.topic + " needs \"comment\" to be text");
        c.comment = it->get<std::string>();
    }
    c.on = day_of(mentorkit::optional_date(e, "on").value_or(e.time));
    return c;
}

// ---- settings ----------------------------------------------------------------------

// A list of non-empty phrases (a single value is a one-item list).
std::vector<counsel::phrase> read_phrases(const config_node& node, std::string_view what) {
    std::vector<counsel::phrase> out;
    const std::vector<config_node> single{node};
    for (const auto& item : node.is_sequence() ? node.items() : single) {
        auto p = counsel::make_phrase(item.text());
        if (std::none_of(p.normalized.begin(), p.normalized.end(), mentorkit::is_word_byte))
            item.fail(std::string{what} + " must have at least one letter or digit, found '" + item.text() + "'");
        out.push_back(std::move(p));
    }
    return out;
}

// A required list of non-empty texts.
std::vector<std::string> read_texts(const config_node& entry, std::string_view key, std::string_view guide_id,
                                    std::string_view what) {
    const auto* node = entry.find(key);
    if (node == nullptr || node->is_null())
        entry.fail("guide '" + std::string{guide_id} + "' is missing '" + std::string{key} + "' (" + std::string{what} +
                   ")");
    auto texts = node->as_string_list();
    if (texts.empty())
        node->fail("guide '" + std::string{guide_id} + "' needs at least one item in '" + std::string{key} + "'");
    for (std::size_t i = 0; i < texts.size(); ++i)
        if (mentorkit::trim(texts[i]).empty())
            (node->is_sequence() ? node->items()[i] : *node).fail("empty text in '" + std::string{key} + "'");
    return texts;
}

std::string category_list_text() {
    std::string out;
    for (auto c : counsel::categories) out += (out.empty() ? "" : ", ") + std::string{c};
    return out;
}

std::vector<counsel::guide> read_catalog(const config_node& root) {
    if (!root.is_map()) root.fail("a conversation-guides catalog is a mapping with a 'guides' list");
    root.expect_keys({"guides"});
    const auto& list = root.at("guides");
    if (!list.is_sequence() || list.size() == 0) list.fail("'guides' must be a list with at least one guide");

    std::vector<counsel::guide> guides;
    std::map<std::string, int> seen;  // id -> line
    for (const auto& entry : list.items()) {
        if (!entry.is_map()) entry.fail("a guide is a mapping with id, title, for, steps, questions, when_to_refer");
        entry.expect_keys({"id", "title", "for", "steps", "questions", "when_to_refer", "resources", "cues"});
        counsel::guide g;
        g.id = entry.at("id").text();
        if (g.id.empty()) entry.at("id").fail("a guide id must not be empty");
        if (const auto [it, fresh] = seen.emplace(g.id, entry.mark().line); !fresh)
            entry.at("id").fail("duplicate guide id '" + g.id + "' (first on line " + std::to_string(it->second) + ")");
        g.title = entry.at("title").text();
        if (g.title.empty()) entry.at("title").fail("guide '" + g.id + "' needs a title");

        const auto* for_node = entry.find("for");
        if (for_node == nullptr || for_node->is_null())
            entry.fail("guide '" + g.id + "' is missing 'for' (the categories it is for: " + category_list_text() +
                       ")");
        const std::vector<config_node> single{*for_node};
        for (const auto& item : for_node->is_sequence() ? for_node->items() : single) {
            const auto& name = item.text();
            const auto index = counsel::category_index(name);
            if (!index) {
                std::string message =
                    "unknown category '" + name + "' in guide '" + g.id + "'; expected one of " + category_list_text();
                if (auto hint = mentorkit::closest_match(
                        name, std::vector<std::string>(counsel::categories.begin(), counsel::categories.end()));
                    !hint.empty())
                    message += "; did you mean '" + hint + "'?";
                item.fail(message);
            }
            if (std::find(g.for_categories.begin(), g.for_categories.end(), *index) == g.for_categories.end())
                g.for_categories.push_back(*index);
        }
        if (g.for_categories.empty()) for_node->fail("guide '" + g.id + "' must be for at least one category");

        g.steps = read_texts(entry, "steps", g.id, "what the mentor does, in order");
        g.questions = read_texts(entry, "questions", g.id, "open questions to ask");
        g.when_to_refer = entry.at("when_to_refer").text();
        if (mentorkit::trim(g.when_to_refer).empty())
            entry.at("when_to_refer").fail("guide '" + g.id + "' needs when_to_refer text");
        if (const auto* resources = entry.find("resources"); resources != nullptr && !resources->is_null())
            g.resources = resources->as_string_list();
        if (const auto* cues = entry.find("cues"); cues != nullptr && !cues->is_null())
            g.cues = read_phrases(*cues, "a cue");
        guides.push_back(std::move(g));
    }
    // Every category must have a guide, so that every flag comes with one.
    for (std::size_t c = 0; c < counsel::categories.size(); ++c) {
        const bool covered = std::any_of(guides.begin(), guides.end(), [c](const counsel::guide& g) {
            return std::find(g.for_categories.begin(), g.for_categories.end(), c) != g.for_categories.end();
        });
        if (!covered)
            list.fail("no guide is for '" + std::string{counsel::categories[c]} + "'; every category (" +
                      category_list_text() + ") needs at least one guide");
    }
    return guides;
}

// A catalog text as a sentence: with a full stop unless it already ends a sentence.
std::string sentence(std::string text) {
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.pop_back();
    if (!text.empty() && text.back() != '.' && text.back() != '!' && text.back() != '?') text += '.';
    return text;
}

// ---- the plugin --------------------------------------------------------------------

class counsel_plugin final : public mentorkit::plugin {
public:
    static constexpr mentorkit::plugin_manifest manifest{
        .id = "counsel",
        .version = MENTORKIT_VERSION_STRING,
        .description =
            "Guides and counsels: notices stress, conflict or disengagement in check-ins and gives "
            "the pair a conversation guide, in confidence",
        .roles = "counsel",
        .depends_on = "",
        .consumes =
            "checkin.submitted,feedback.given,consent.given,consent.withdrawn,program.started,"
            "participant.enrolled,participant.updated,participant.withdrew,relationship.started,"
            "relationship.closed,goal.set,goal.progressed,goal.achieved,goal.at_risk,goal.abandoned",
        .produces = "counsel.flagged,counsel.flag_noted,notification.requested",
    };

private:
    void on_configure(const config_node& config) override {
        config.expect_keys({"wellbeing_at_or_below", "rating_drop", "rating_at_or_below", "low_rating_at_or_below",
                            "low_ratings_in_a_row", "phrases", "from", "notify_mentee", "program_manager_sees",
                            "cooldown", "catalog"});
        auto& t = thresholds_;
        t.wellbeing_at_or_below =
            config.get_in_range("wellbeing_at_or_below", t.wellbeing_at_or_below, 0, 4, "0 turns it off");
        t.rating_drop = config.get_in_range("rating_drop", t.rating_drop, 0, 4, "0 turns it off");
        t.rating_at_or_below = config.get_in_range("rating_at_or_below", t.rating_at_or_below, 0, 4, "0 turns it off");
        t.low_rating_at_or_below =
            config.get_in_range("low_rating_at_or_below", t.low_rating_at_or_below, 1, 4, "a rating this low is low");
        t.low_ratings_in_a_row =
            config.get_in_range("low_ratings_in_a_row", t.low_ratings_in_a_row, 0, 20, "0 turns it off");
        if (t.low_ratings_in_a_row == 1)
            config.at("low_ratings_in_a_row")
                .fail(
                    "low_ratings_in_a_row must be 0 (off) or at least 2: one low rating is not a run "
                    "(rating_at_or_below covers a single very low one)");

        if (const auto* phrases = config.find("phrases"); phrases != nullptr && !phrases->is_null()) {
            if (!phrases->is_map())
                phrases->fail(
                    "phrases must be a mapping of category to a list of phrases, e.g. "
                    "{stress: [overwhelmed], conflict: [toxic]}");
            phrases->expect_keys({"stress", "conflict", "disengagement"});
            // A category given replaces its defaults; one left out keeps them.
            for (std::size_t i = 0; i < counsel::categories.size(); ++i)
                if (const auto* list = phrases->find(counsel::categories[i]))
                    phrases_[i] = list->is_null() ? std::vector<counsel::phrase>{} : read_phrases(*list, "a phrase");
        }
        if (const auto* from = config.find("from"); from != nullptr && !from->is_null())
            counsel_mentor_ = from->as_enum({"mentee", "both"}) == "both";
        notify_mentee_ = config.get_or("notify_mentee", notify_mentee_);
        if (const auto* sees = config.find("program_manager_sees"); sees != nullptr && !sees->is_null())
            share_with_consent_ = sees->as_enum({"existence", "with_consent"}) == "with_consent";
        cooldown_ = config.get_or("cooldown", cooldown_);

        catalog_name_ = config.get_or("catalog", catalog_name_.c_str());
        const auto* catalog_node = config.find("catalog");
        if (catalog_name_.empty()) catalog_node->fail("catalog must name a catalog, e.g. conversation-guides");
        const config_node* catalog = nullptr;
        try {
            catalog = &ctx().catalog(catalog_name_);
        } catch (const mentorkit::config_error&) {
            throw;
        } catch (const std::runtime_error& error) {
            if (catalog_node != nullptr) catalog_node->fail(error.what());
            throw;
        }
        guides_ = read_catalog(*catalog);
    }

    void on_start() override {
        follow(roster_);
        fold_history();
        on("checkin.submitted", [this](const event& e) { on_checkin(e); });
        on("feedback.given", [this](const event& e) { on_checkin(e); });
        on("consent.given", [this](const event& e) { on_consent(e); });
        on("consent.withdrawn", [this](const event& e) { on_consent(e); });
    }

    // Picks up where the program is: earlier ratings, flags already raised, consents.
    // Payloads that cannot be read are skipped here (they were dead-lettered when new).
    void fold_history() {
        for (const auto& e : history_of({"checkin.submitted", "feedback.given"})) {
            try {
                const auto c = read_checkin(e);
                record_rating(c);
            } catch (const std::exception&) {
            }
        }
        for (const auto& e : ctx().history("consent.*")) {
            try {
                if (e.topic == "consent.given" || e.topic == "consent.withdrawn") on_consent(e);
            } catch (const std::exception&) {
            }
        }
        for (const auto& e : ctx().history("counsel.flagged")) {
            const auto& p = e.payload;
            const auto rel = p.value("relationship_id", std::string{});
            if (rel.empty()) continue;
            const auto subject = p.value("subject_id", p.value("mentee_id", std::string{}));
            ++flag_count_[rel];
            if (const auto cats = p.find("categories"); cats != p.end() && cats->is_array())
                for (const auto& c : *cats)
                    if (c.is_string())
                        if (const auto index = counsel::category_index(c.get<std::string>()))
                            last_flagged_[{rel, subject}][*index] = e.time;
        }
    }

    void on_consent(const event& e) {
        const auto person = mentorkit::required_text(e, "person_id");
        const auto scope = mentorkit::required_text(e, "scope");
        if (scope != "counsel") return;  // consent to something else
        if (e.topic == "consent.given")
            consented_.insert(person);
        else
            consented_.erase(person);
    }

    // Returns the person's earlier ratings in the relationship (oldest first) and records
    // this one. A second check-in on the same day replaces the first: a resubmission (or the
    // same input ingested twice) is not a new data point.
    std::vector<int> record_rating(const checkin_input& c) {
        auto& list = ratings_[{c.relationship_id, c.from}];
        if (c.rating > 0 && !list.empty() && list.back().first == c.on) list.pop_back();
        std::vector<int> earlier;
        for (const auto& [on, rating] : list) earlier.push_back(rating);
        if (c.rating > 0) list.emplace_back(c.on, c.rating);  // an unrated check-in is not a rating of 0
        return earlier;
    }

    void on_checkin(const event& e) {
        const auto c = read_checkin(e);
        const auto* r = roster_.find_relationship(c.relationship_id);
        if (r == nullptr || r->status != mentorkit::relationship_status::active) return;
        const bool from_mentee = c.from == r->mentee_id;
        if (!from_mentee && c.from != r->mentor_id) return;  // not one of the pair
        auto earlier = record_rating(c);
        if (!from_mentee && !counsel_mentor_) return;

        counsel::checkin_facts facts{c.rating, c.wellbeing, std::move(earlier), counsel::normalize_text(c.comment)};
        const auto findings = counsel::detect(facts, thresholds_, phrases_);
        if (findings.empty()) return;

        std::vector<std::size_t> detected;
        for (const auto& f : findings)
            if (detected.empty() || detected.back() != f.category) detected.push_back(f.category);

        // Cooldown: no new flag when every category was already flagged recently.
        auto& recent = last_flagged_[{c.relationship_id, c.from}];
        std::vector<std::string> still_cooling, fresh;
        for (auto cat : detected) {
            const auto it = recent.find(cat);
            const bool cooling = it != recent.end() && e.time < it->second + cooldown_;
            (cooling ? still_cooling : fresh).push_back(std::string{counsel::categories[cat]});
        }
        if (fresh.empty()) {
            ctx().log().debug("counsel: signs in {} again within the cooldown; no new flag", c.relationship_id);
            return;
        }
        for (auto cat : detected) recent[cat] = e.time;
        raise_flag(e, c, *r, from_mentee, findings, detected, {still_cooling, fresh}, facts.normalized_comment);
    }

    std::string name_of(const std::string& id) const {
        const auto* p = roster_.find_person(id);
        return p != nullptr && !p->name.empty() ? p->name : id;
    }

    void raise_flag(const event& e, const checkin_input& c, const mentorkit::relationship& r, bool from_mentee,
                    const std::vector<counsel::finding>& findings, const std::vector<std::size_t>& detected,
                    const std::pair<std::vector<std::string>, std::vector<std::string>>& cooling_and_fresh,
                    const std::string& normalized_comment) {
        auto& bus = ctx().bus();
        const auto flag_id = r.id + "/counsel-" + std::to_string(++flag_count_[r.id]);
        const auto raised_on = day_of(e.time);

        std::vector<std::string> category_names;
        for (auto cat : detected) category_names.emplace_back(counsel::categories[cat]);
        nlohmann::json evidence = nlohmann::json::array();
        for (const auto& f : findings) evidence.push_back(f.evidence);

        const auto choice = counsel::choose_guide(guides_, detected, normalized_comment);
        const auto& g = *choice.chosen;  // the catalog check guarantees a guide per category

        // A mentor's own check-in (from: both) is about the mentor: it goes to the mentor only.
        std::vector<std::string> to{r.mentor_id};
        if (from_mentee && notify_mentee_) to.push_back(r.mentee_id);
        const bool consented = share_with_consent_ && consented_.contains(c.from);
        const std::string subject_role = from_mentee ? "mentee" : "mentor";

        // why: the signs per category, the guide, and who sees what.
        std::string signs;
        for (std::size_t i = 0; i < detected.size(); ++i) {
            std::vector<std::string> reasons;
            for (const auto& f : findings)
                if (f.category == detected[i]) reasons.push_back(f.reason);
            if (i > 0) signs += i + 1 == detected.size() ? " and " : "; ";
            signs += std::string{counsel::categories[detected[i]]} + " (" + mentorkit::join_words(reasons, "; ") + ")";
        }
        std::vector<std::string> covered;
        for (auto cat : detected)
            if (std::find(g.for_categories.begin(), g.for_categories.end(), cat) != g.for_categories.end())
                covered.emplace_back(counsel::categories[cat]);
        std::string why = name_of(c.from) + " (" + subject_role + ")'s check-in of " + c.on + " shows signs of " +
                          signs + ". Guide '" + g.title + "' covers " + mentorkit::join_words(covered) + " (" +
                          std::to_string(choice.covered) + " of " + std::to_string(detected.size()) + ")";
        if (!choice.matched_cues.empty()) {
            std::vector<std::string> quoted;
            for (const auto& q : choice.matched_cues) quoted.push_back("'" + q + "'");
            why += " and fits what was said (" + mentorkit::join_words(quoted, ", ") + ")";
        }
        why += ".";
        if (const auto& [cooling, fresh] = cooling_and_fresh; !cooling.empty())
            why += " Already flagged within the cooldown of " + mentorkit::to_string(cooldown_) + ": " +
                   mentorkit::join_words(cooling) + "; new: " + mentorkit::join_words(fresh) + ".";
        std::vector<std::string> recipients;
        for (const auto& id : to) recipients.push_back(name_of(id));
        why += " Shared with " + mentorkit::join_words(recipients) + " only; the program manager sees " +
               (consented ? "that a flag exists and its categories (" + name_of(c.from) + " consented)"
                          : std::string{"only that a flag exists"}) +
               ".";

        const nlohmann::json guide_json{{"id", g.id},
                                        {"title", g.title},
                                        {"steps", g.steps},
                                        {"questions", g.questions},
                                        {"when_to_refer", g.when_to_refer},
                                        {"resources", g.resources},
                                        {"matched_cues", choice.matched_cues}};
        bus.publish("counsel.flagged", {{"flag_id", flag_id},
                                        {"relationship_id", r.id},
                                        {"mentor_id", r.mentor_id},
                                        {"mentee_id", r.mentee_id},
                                        {"subject_id", c.from},
                                        {"to", to},
                                        {"audience", "pair"},
                                        {"raised_on", raised_on},
                                        {"checkin_on", c.on},
                                        {"categories", category_names},
                                        {"evidence", evidence},
                                        {"guide", guide_json},
                                        {"cooldown_until", day_of(e.time + cooldown_)},
                                        {"why", why}});

        // The program manager's view: existence, and categories only with consent.
        nlohmann::json noted{{"flag_id", flag_id},      {"relationship_id", r.id},       {"raised_on", raised_on},
                             {"to", "program_manager"}, {"audience", "program_manager"}, {"detail_shared", consented}};
        if (consented) {
            noted["categories"] = category_names;
            noted["why"] = "A counselling flag was raised in " + r.id + " on " + raised_on +
                           " and the pair has a conversation guide. The participant consented to share its "
                           "categories; what was said stays with the pair.";
        } else {
            noted["why"] = "A counselling flag was raised in " + r.id + " on " + raised_on +
                           " and the pair has a conversation guide. What was said is confidential to the pair.";
        }
        bus.publish("counsel.flag_noted", noted);

        notify(r, c, from_mentee, flag_id, g, category_names, findings, consented);
        // Existence only: logs are read by operators, not the pair.
        ctx().log().info("counsel flag {} raised", flag_id);
    }

    void notify(const mentorkit::relationship& r, const checkin_input& c, bool from_mentee, const std::string& flag_id,
                const counsel::guide& g, const std::vector<std::string>& category_names,
                const std::vector<counsel::finding>& findings, bool consented) {
        auto& bus = ctx().bus();
        std::vector<std::string> reasons;
        for (const auto& f : findings) reasons.push_back(f.reason);
        const auto cats = mentorkit::join_words(category_names);
        const auto mentee = name_of(r.mentee_id);
        const auto mentor = name_of(r.mentor_id);
        const nlohmann::json context{{"relationship_id", r.id}, {"flag_id", flag_id}, {"guide_id", g.id}};

        std::string body;
        if (from_mentee) {
            body = mentee + "'s check-in of " + c.on + " shows signs of " + cats + " (" +
                   mentorkit::join_words(reasons, "; ") + "). Suggested conversation guide: '" + g.title +
                   "'. Start with: " + sentence(g.steps.front()) +
                   " When to bring in more help: " + sentence(g.when_to_refer) + " This stays between you and " +
                   mentee + ".";
        } else {
            body = "Your own check-in of " + c.on + " shows signs of " + cats + " (" +
                   mentorkit::join_words(reasons, "; ") + "). The guide '" + g.title +
                   "' may help you think it through. When to bring in more help: " + sentence(g.when_to_refer);
        }
        auto to_mentor = context;
        to_mentor["to"] = r.mentor_id;
        to_mentor["subject"] =
            from_mentee ? "A conversation to offer " + mentee : std::string{"Looking after yourself"};
        to_mentor["body"] = body;
        bus.publish("notification.requested", to_mentor);

        if (!from_mentee || !notify_mentee_) return;
        std::string mentee_body = "Thank you for your honest check-in. It suggests things may be hard at the moment (" +
                                  cats + "). " + mentor + " has a conversation guide, '" + g.title +
                                  "', to talk it through with you at your next meeting, or sooner if you ask. "
                                  "What you share stays between the two of you; the program manager sees only that "
                                  "a conversation was suggested" +
                                  (consented ? " and its topic, as you agreed." : ".");
        if (!g.resources.empty())
            mentee_body += " Support you can use: " + mentorkit::join_words(g.resources, "; ") + ".";
        auto to_mentee = context;
        to_mentee["to"] = r.mentee_id;
        to_mentee["subject"] = "Your mentor is here to talk";
        to_mentee["body"] = mentee_body;
        bus.publish("notification.requested", to_mentee);
    }

    mentorkit::roster roster_;
    counsel::thresholds thresholds_;
    counsel::phrase_book phrases_ = counsel::default_phrases();
    bool counsel_mentor_ = false;
    bool notify_mentee_ = true;
    bool share_with_consent_ = false;
    mentorkit::duration cooldown_{0, std::chrono::days{14}};
    std::string catalog_name_ = "conversation-guides";
    std::vector<counsel::guide> guides_;

    // (relationship, person) -> [(date, rating)] in arrival order.
    std::map<std::pair<std::string, std::string>, std::vector<std::pair<std::string, int>>> ratings_;
    // (relationship, subject) -> category -> when last flagged.
    std::map<std::pair<std::string, std::string>, std::map<std::size_t, time_point>> last_flagged_;
    std::map<std::string, int> flag_count_;
    std::set<std::string> consented_;
};

}  // namespace

MENTORKIT_EXPORT_PLUGIN(counsel_plugin)
