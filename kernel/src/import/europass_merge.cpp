#include "import/europass.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>

namespace mentorkit {

// Indexed by name, so that merging is linear in the entries of both sides.
void merge_cv(person& participant, const person& cv) {
    std::unordered_map<std::string, std::size_t> language_at;
    for (std::size_t i = 0; i < participant.languages.size(); ++i)
        language_at.emplace(participant.languages[i].language, i);
    for (const auto& language : cv.languages) {
        // The CV's levels come from the person's own CEFR self-assessment.
        if (const auto same = language_at.find(language.language); same != language_at.end())
            participant.languages[same->second].level = language.level;
        else
            participant.languages.push_back(language);
    }
    std::unordered_map<std::string, std::size_t> skill_at;
    for (std::size_t i = 0; i < participant.skills.size(); ++i) skill_at.emplace(participant.skills[i].skill, i);
    for (const auto& skill : cv.skills) {
        if (const auto same = skill_at.find(skill.skill); same != skill_at.end())
            participant.skills[same->second].level = std::max(participant.skills[same->second].level, skill.level);
        else
            participant.skills.push_back(skill);
    }
    if (!cv.headline.empty()) participant.headline = cv.headline;
    if (!cv.position.empty()) participant.position = cv.position;
    if (!cv.employer.empty()) participant.employer = cv.employer;
    if (cv.education_level != 0) participant.education_level = cv.education_level;
    if (participant.years_experience == 0) participant.years_experience = cv.years_experience;
}

}  // namespace mentorkit
