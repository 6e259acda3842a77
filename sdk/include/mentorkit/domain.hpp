#pragma once
/// @file
/// The shared domain model: people and their profiles, relationships, goals, meetings,
/// check-ins, opportunities, signals and learning resources. Every type converts to and
/// from the JSON payloads of the events that carry it (docs/events.md), so plugins share
/// one vocabulary.

#include <nlohmann/json.hpp>

#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace mentorkit {

/// Common European Framework of Reference level of a language, A1 (beginner) to C2.
enum class cefr_level { a1 = 1, a2, b1, b2, c1, c2 };

/// "A1".."C2" (case-insensitive) to a level; nothing for any other text.
inline std::optional<cefr_level> parse_cefr(std::string_view text) {
    if (text.size() != 2) return std::nullopt;
    const char band = static_cast<char>(text[0] | 0x20);  // lower case
    const char step = text[1];
    if ((band != 'a' && band != 'b' && band != 'c') || (step != '1' && step != '2')) return std::nullopt;
    return static_cast<cefr_level>((band - 'a') * 2 + (step - '0'));
}

/// "A1".."C2".
inline std::string to_string(cefr_level level) {
    const int n = static_cast<int>(level);
    return std::string{static_cast<char>('A' + (n - 1) / 2), static_cast<char>('0' + (n - 1) % 2 + 1)};
}

/// A language someone speaks, at a CEFR level (mother tongue counts as C2).
struct language_skill {
    std::string language;  //!< lower-case name or ISO 639-1 code, as the organisation writes it
    cefr_level level = cefr_level::a1;
    friend bool operator==(const language_skill&, const language_skill&) = default;
};

/// A skill at a level from 1 (aware) to 5 (expert).
struct skill_level {
    std::string skill;  //!< lower-case name, e.g. "negotiation"
    int level = 1;
    friend bool operator==(const skill_level&, const skill_level&) = default;
};

/// What part someone takes in a program.
enum class participant_role { mentor, mentee, both };
inline std::optional<participant_role> parse_participant_role(std::string_view text) {
    if (text == "mentor") return participant_role::mentor;
    if (text == "mentee") return participant_role::mentee;
    if (text == "both") return participant_role::both;
    return std::nullopt;
}
inline std::string_view to_string(participant_role role) {
    switch (role) {
    case participant_role::mentor: return "mentor";
    case participant_role::mentee: return "mentee";
    case participant_role::both: return "both";
    }
    return "mentee";
}

/// A participant's profile, as imported from an HRIS export, a YAML file or a CV.
struct person {
    std::string id;                          //!< unique within the organisation, e.g. an employee number
    std::string name;
    std::string email;
    participant_role role = participant_role::mentee;
    std::string org_unit;
    std::string manager_id;                  //!< empty for the top of the organisation
    int grade = 0;                           //!< seniority grade; higher is more senior
    double years_experience = 0;
    std::string location;
    int utc_offset_minutes = 0;              //!< the person's time zone as an offset from UTC
    std::vector<language_skill> languages;
    std::vector<skill_level> skills;         //!< what they can do (and, as a mentor, offer)
    std::vector<std::string> skills_sought;  //!< what they want to learn (as a mentee)
    std::vector<std::string> interests;
    std::vector<std::string> goal_areas;     //!< areas of growth sought, e.g. "leadership"
    std::vector<std::string> values_sought;  //!< values and behaviours they want to adopt, e.g. "integrity"
    std::optional<int> mentor_capacity;      //!< mentees they can take; program default when empty
    std::vector<std::string> network;        //!< ids of people they know well enough to introduce
    std::vector<std::string> exclusions;     //!< ids of people they must not be matched with
    // From a CV (Europass) when one is imported; empty otherwise.
    std::string headline;                    //!< how they describe themselves, e.g. "Data engineer moving into ML"
    std::string position;                    //!< current job title
    std::string employer;                    //!< current employer
    int education_level = 0;                 //!< highest EQF level 1..8; 0 when unknown

    friend bool operator==(const person&, const person&) = default;
};

/// The state of a mentoring relationship.
enum class relationship_status { proposed, active, paused, completed, closed_early };
inline constexpr std::string_view relationship_status_names[] = {"proposed", "active", "paused", "completed",
                                                                 "closed_early"};
inline std::optional<relationship_status> parse_relationship_status(std::string_view text) {
    for (std::size_t i = 0; i < std::size(relationship_status_names); ++i)
        if (relationship_status_names[i] == text) return static_cast<relationship_status>(i);
    return std::nullopt;
}
inline std::string_view to_string(relationship_status status) {
    return relationship_status_names[static_cast<std::size_t>(status)];
}

struct relationship {
    std::string id;
    std::string mentor_id;
    std::string mentee_id;
    relationship_status status = relationship_status::proposed;
    std::string proposed_on;  //!< ISO dates; empty until it happens
    std::string started_on;
    std::string ended_on;
    std::string close_reason;
    friend bool operator==(const relationship&, const relationship&) = default;
};

enum class goal_status { open, at_risk, achieved, abandoned };

struct goal {
    std::string id;
    std::string mentee_id;
    std::string relationship_id;
    std::string title;
    std::string area;                        //!< goal area, e.g. "leadership"
    std::string measure;                     //!< how achievement is measured (the M of SMART)
    std::string target_date;                 //!< ISO date
    std::vector<skill_level> skills_needed;  //!< the skills (and levels) reaching it takes
    int progress = 0;                        //!< percent
    goal_status status = goal_status::open;
    friend bool operator==(const goal&, const goal&) = default;
};

struct meeting {
    std::string id;
    std::string relationship_id;
    std::string kind;      //!< "kickoff", "regular", "midpoint", "closing"
    std::string due_by;    //!< ISO date
    std::string held_on;   //!< ISO date, when held
    int minutes = 0;
    std::string status = "scheduled";  //!< scheduled, held, missed
    friend bool operator==(const meeting&, const meeting&) = default;
};

struct checkin {
    std::string relationship_id;
    std::string from;        //!< person id
    std::string on;          //!< ISO date
    int rating = 0;          //!< 1..5, how the relationship is going
    int wellbeing = 0;       //!< 1..5, 0 when not asked
    std::string comment;     //!< confidential to the pair
    friend bool operator==(const checkin&, const checkin&) = default;
};

struct opportunity {
    std::string id;
    std::string title;
    std::string kind;        //!< project, role, stretch, speaking, …
    std::string visibility;  //!< low, medium, high
    std::vector<skill_level> skills_needed;
    std::string closes_on;   //!< ISO date
    friend bool operator==(const opportunity&, const opportunity&) = default;
};

struct signal {
    std::string id;
    std::string kind;        //!< reorganisation, rumour, adversary, budget_change, initiative, assignment
    std::string org_unit;
    std::vector<std::string> people;  //!< person ids it concerns
    std::string description;
    std::string observed_on;
    friend bool operator==(const signal&, const signal&) = default;
};

struct learning_resource {
    std::string id;
    std::string title;
    std::string format;      //!< course, book, video, assignment, …
    std::vector<skill_level> teaches;  //!< skills and the level they bring a learner to
    int minutes = 0;
    friend bool operator==(const learning_resource&, const learning_resource&) = default;
};

// ---- JSON (event payloads) -----------------------------------------------------------
// Unknown fields are ignored and missing optional ones keep their defaults, so payloads
// can grow without breaking older plugins. Required: every `id` and the ids that link.

namespace detail {
// A required, non-empty string field.
inline std::string required_id(const nlohmann::json& j, const char* field) {
    const auto it = j.find(field);
    if (it == j.end() || !it->is_string() || it->get_ref<const std::string&>().empty())
        throw std::invalid_argument(std::string{"missing or empty \""} + field + "\"");
    return it->get<std::string>();
}
template <typename T>
void optional_field(const nlohmann::json& j, const char* field, T& target) {
    if (const auto it = j.find(field); it != j.end() && !it->is_null()) it->get_to(target);
}
}  // namespace detail

inline void to_json(nlohmann::json& j, cefr_level level) { j = to_string(level); }
inline void from_json(const nlohmann::json& j, cefr_level& level) {
    const auto parsed = j.is_string() ? parse_cefr(j.get<std::string>()) : std::nullopt;
    if (!parsed) throw std::invalid_argument("expected a CEFR level A1..C2, found " + j.dump());
    level = *parsed;
}
inline void to_json(nlohmann::json& j, const language_skill& l) { j = {{"language", l.language}, {"level", l.level}}; }
inline void from_json(const nlohmann::json& j, language_skill& l) {
    l.language = detail::required_id(j, "language");
    j.at("level").get_to(l.level);
}
inline void to_json(nlohmann::json& j, const skill_level& s) { j = {{"skill", s.skill}, {"level", s.level}}; }
inline void from_json(const nlohmann::json& j, skill_level& s) {
    s.skill = detail::required_id(j, "skill");
    detail::optional_field(j, "level", s.level);
}
inline void to_json(nlohmann::json& j, participant_role role) { j = std::string{to_string(role)}; }
inline void from_json(const nlohmann::json& j, participant_role& role) {
    const auto parsed = j.is_string() ? parse_participant_role(j.get<std::string>()) : std::nullopt;
    if (!parsed) throw std::invalid_argument("expected a role mentor, mentee or both, found " + j.dump());
    role = *parsed;
}
inline void to_json(nlohmann::json& j, const person& p) {
    j = {{"id", p.id},
         {"name", p.name},
         {"email", p.email},
         {"role", p.role},
         {"org_unit", p.org_unit},
         {"manager_id", p.manager_id},
         {"grade", p.grade},
         {"years_experience", p.years_experience},
         {"location", p.location},
         {"utc_offset_minutes", p.utc_offset_minutes},
         {"languages", p.languages},
         {"skills", p.skills},
         {"skills_sought", p.skills_sought},
         {"interests", p.interests},
         {"goal_areas", p.goal_areas},
         {"values_sought", p.values_sought},
         {"network", p.network},
         {"exclusions", p.exclusions}};
    if (p.mentor_capacity) j["mentor_capacity"] = *p.mentor_capacity;
    // Written only when known, so profiles without a CV stay as they were.
    if (!p.headline.empty()) j["headline"] = p.headline;
    if (!p.position.empty()) j["position"] = p.position;
    if (!p.employer.empty()) j["employer"] = p.employer;
    if (p.education_level != 0) j["education_level"] = p.education_level;
}
inline void from_json(const nlohmann::json& j, person& p) {
    p = person{};
    p.id = detail::required_id(j, "id");
    detail::optional_field(j, "name", p.name);
    detail::optional_field(j, "email", p.email);
    detail::optional_field(j, "role", p.role);
    detail::optional_field(j, "org_unit", p.org_unit);
    detail::optional_field(j, "manager_id", p.manager_id);
    detail::optional_field(j, "grade", p.grade);
    detail::optional_field(j, "years_experience", p.years_experience);
    detail::optional_field(j, "location", p.location);
    detail::optional_field(j, "utc_offset_minutes", p.utc_offset_minutes);
    detail::optional_field(j, "languages", p.languages);
    detail::optional_field(j, "skills", p.skills);
    detail::optional_field(j, "skills_sought", p.skills_sought);
    detail::optional_field(j, "interests", p.interests);
    detail::optional_field(j, "goal_areas", p.goal_areas);
    detail::optional_field(j, "values_sought", p.values_sought);
    detail::optional_field(j, "network", p.network);
    detail::optional_field(j, "exclusions", p.exclusions);
    detail::optional_field(j, "headline", p.headline);
    detail::optional_field(j, "position", p.position);
    detail::optional_field(j, "employer", p.employer);
    detail::optional_field(j, "education_level", p.education_level);
    if (const auto it = j.find("mentor_capacity"); it != j.end() && !it->is_null()) p.mentor_capacity = it->get<int>();
}
inline void to_json(nlohmann::json& j, relationship_status status) { j = std::string{to_string(status)}; }
inline void from_json(const nlohmann::json& j, relationship_status& status) {
    const auto parsed = j.is_string() ? parse_relationship_status(j.get<std::string>()) : std::nullopt;
    if (!parsed) throw std::invalid_argument("expected a relationship status, found " + j.dump());
    status = *parsed;
}
inline void to_json(nlohmann::json& j, const relationship& r) {
    j = {{"relationship_id", r.id},      {"mentor_id", r.mentor_id},   {"mentee_id", r.mentee_id},
         {"status", r.status},           {"proposed_on", r.proposed_on}, {"started_on", r.started_on},
         {"ended_on", r.ended_on},       {"close_reason", r.close_reason}};
}
inline void from_json(const nlohmann::json& j, relationship& r) {
    r = relationship{};
    r.id = detail::required_id(j, "relationship_id");
    r.mentor_id = detail::required_id(j, "mentor_id");
    r.mentee_id = detail::required_id(j, "mentee_id");
    detail::optional_field(j, "status", r.status);
    detail::optional_field(j, "proposed_on", r.proposed_on);
    detail::optional_field(j, "started_on", r.started_on);
    detail::optional_field(j, "ended_on", r.ended_on);
    detail::optional_field(j, "close_reason", r.close_reason);
}
NLOHMANN_JSON_SERIALIZE_ENUM(goal_status, {{goal_status::open, "open"},
                                           {goal_status::at_risk, "at_risk"},
                                           {goal_status::achieved, "achieved"},
                                           {goal_status::abandoned, "abandoned"}})
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(goal, id, mentee_id, relationship_id, title, area, measure,
                                                target_date, skills_needed, progress, status)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(meeting, id, relationship_id, kind, due_by, held_on, minutes, status)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(checkin, relationship_id, from, on, rating, wellbeing, comment)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(opportunity, id, title, kind, visibility, skills_needed, closes_on)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(signal, id, kind, org_unit, people, description, observed_on)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(learning_resource, id, title, format, teaches, minutes)

}  // namespace mentorkit
