#include "import/europass.hpp"

#include <algorithm>

namespace mentorkit {

void merge_cv(person& participant, const person& cv) {
    for (const auto& language : cv.languages) {
        const auto same = std::find_if(participant.languages.begin(), participant.languages.end(),
                                       [&](const language_skill& l) { return l.language == language.language; });
        if (same == participant.languages.end()) participant.languages.push_back(language);
        else same->level = language.level;  // the CV's levels come from the person's own CEFR self-assessment
    }
    for (const auto& skill : cv.skills) {
        const auto same = std::find_if(participant.skills.begin(), participant.skills.end(),
                                       [&](const skill_level& s) { return s.skill == skill.skill; });
        if (same == participant.skills.end()) participant.skills.push_back(skill);
        else same->level = std::max(same->level, skill.level);
    }
    if (!cv.headline.empty()) participant.headline = cv.headline;
    if (!cv.position.empty()) participant.position = cv.position;
    if (!cv.employer.empty()) participant.employer = cv.employer;
    if (cv.education_level != 0) participant.education_level = cv.education_level;
    if (participant.years_experience == 0) participant.years_experience = cv.years_experience;
}

}  // namespace mentorkit
