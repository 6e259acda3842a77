#include "import/cohort.hpp"

#include "import/participant_import.hpp"
#include "text_records.hpp"

#include <algorithm>
#include <filesystem>
#include <unordered_set>

namespace mentorkit {

using detail::in_quotes;

void cohort::refuse(const std::vector<config_error>& problems) {
    auto& into = policy_ == import_policy::skip ? read_.skipped : read_.errors;
    into.insert(into.end(), problems.begin(), problems.end());
}

void cohort::add_people(const std::string& file, participant_file read) {
    auto& people = read.people;
    std::vector<config_error> problems;
    for (std::size_t i = 0; i < people.size(); ++i) {
        const auto& p = people[i];
        if (const auto it = index_of_id_.find(p.id); it != index_of_id_.end())
            problems.emplace_back(read.marks[i], "participant " + in_quotes(p.id) + " is also in " +
                                                     mark_of_[it->second].to_string());
        if (const auto it = index_of_email_.find(to_lower(p.email)); !p.email.empty() && it != index_of_email_.end())
            problems.emplace_back(read.marks[i], "participant " + in_quotes(p.id) + " has the email " +
                                                     in_quotes(p.email) + " of " +
                                                     in_quotes(read_.people[it->second].id) + " in " +
                                                     mark_of_[it->second].to_string() + "; letter case is ignored");
    }
    std::vector<const person*> all;
    for (const auto& p : read_.people) all.push_back(&p);
    for (const auto& p : people) all.push_back(&p);
    const auto mark_in_all = [&](std::size_t i) -> const source_mark& {
        return i < mark_of_.size() ? mark_of_[i] : read.marks[i - mark_of_.size()];
    };
    for (const auto& cycle : find_manager_cycles(all)) {
        // At the first of the circle in this file: the circle closes here.
        const auto here = std::find_if(cycle.begin(), cycle.end(), [&](std::size_t i) { return i >= mark_of_.size(); });
        std::string chain;
        for (const auto i : cycle)
            chain += (chain.empty() ? "" : ", ") + in_quotes(all[i]->id) + " (" + mark_in_all(i).to_string() +
                     ") is managed by " + in_quotes(all[i]->manager_id);
        problems.emplace_back(here == cycle.end() ? source_mark{file} : mark_in_all(*here),
                              "managers go round in a circle: " + chain);
    }
    if (!problems.empty()) {
        refuse(problems);
        return;
    }
    for (std::size_t i = 0; i < people.size(); ++i) {
        auto& p = people[i];
        index_of_id_.emplace(p.id, read_.people.size());
        if (!p.email.empty()) index_of_email_.emplace(to_lower(p.email), read_.people.size());
        mark_of_.push_back(std::move(read.marks[i]));
        cv_file_of_.push_back(std::move(read.cv_files[i]));
        read_.people.push_back(std::move(p));
    }
}

void cohort::add_cv(europass_cv cv) { cvs_.push_back(std::move(cv)); }

namespace {

// The same file however its path is written (people/../cvs/a.xml, ./cvs/a.xml).
std::string file_key(const std::filesystem::path& file) {
    std::error_code ec;
    auto canonical = std::filesystem::weakly_canonical(file, ec);
    return (ec ? file.lexically_normal() : canonical).string();
}

}  // namespace

void cohort::attach(const europass_cv& cv, std::size_t person, std::vector<const europass_cv*>& cv_of_person) {
    const source_mark mark{cv.file.string(), 0, 0};
    if (const auto* earlier = cv_of_person[person]) {
        refuse({config_error{mark, "not attached: " + earlier->file.string() + " is already the CV of " +
                                       in_quotes(read_.people[person].id) + "; a participant has one CV"}});
        return;
    }
    if (!cv.rejected.empty()) {
        refuse(cv.rejected);
        if (policy_ == import_policy::stop) return;
    }
    cv_of_person[person] = &cv;
    merge_cv(read_.people[person], cv.profile);
    ++read_.cvs;
}

cohort_read cohort::finish() && {
    std::unordered_map<std::string, std::size_t> named_by;  // CV file -> the participant naming it
    for (std::size_t i = 0; i < read_.people.size(); ++i) {
        if (cv_file_of_[i].empty()) continue;
        const auto [first, added] = named_by.emplace(file_key(cv_file_of_[i]), i);
        if (!added)
            refuse({config_error{mark_of_[i],
                                 "participant " + in_quotes(read_.people[i].id) + " names the CV " +
                                     cv_file_of_[i].string() + ", which " + in_quotes(read_.people[first->second].id) +
                                     " names already"}});
    }
    // CVs named by a participant first, reading those that were not among the sources.
    std::vector<const europass_cv*> cv_of_person(read_.people.size(), nullptr);
    std::vector<bool> named(cvs_.size(), false);
    std::unordered_set<std::string> read_already;
    for (std::size_t c = 0; c < cvs_.size(); ++c) {
        const auto key = file_key(cvs_[c].file);
        read_already.insert(key);
        if (const auto it = named_by.find(key); it != named_by.end()) {
            named[c] = true;
            attach(cvs_[c], it->second, cv_of_person);
        }
    }
    std::vector<europass_cv> only_named;  // kept here: cv_of_person points into it
    only_named.reserve(named_by.size());
    for (std::size_t i = 0; i < read_.people.size(); ++i) {
        if (cv_file_of_[i].empty() || read_already.contains(file_key(cv_file_of_[i]))) continue;
        if (named_by.at(file_key(cv_file_of_[i])) != i) continue;  // reported above
        try {
            attach(only_named.emplace_back(read_europass(cv_file_of_[i], as_of_)), i, cv_of_person);
        } catch (const import_error& e) {
            refuse(e.errors());
        }
    }
    for (std::size_t c = 0; c < cvs_.size(); ++c) {
        if (named[c]) continue;
        const auto& cv = cvs_[c];
        if (cv.no_email) {
            refuse({config_error{cv.no_email->mark(), "not attached: " + cv.no_email->message()}});
            continue;
        }
        const auto found = index_of_email_.find(to_lower(cv.profile.email));
        if (found == index_of_email_.end()) {
            refuse({config_error{source_mark{cv.file.string(), 0, 0},
                                 "not attached: no participant has the email " + cv.profile.email +
                                     " or names this file in their cv column; a CV adds to someone enrolled from a "
                                     "CSV or YAML source"}});
            continue;
        }
        attach(cv, found->second, cv_of_person);
    }
    read_.marks = std::move(mark_of_);
    return std::move(read_);
}

std::vector<config_error> check_against_enrolled(const std::vector<person>& imported,
                                                 const std::vector<source_mark>& marks,
                                                 const std::vector<person>& enrolled, const std::string& store_name) {
    std::unordered_set<std::string> imported_ids;
    for (const auto& p : imported) imported_ids.insert(p.id);
    // Everyone as they will be after the import: the enrolled people it leaves as they are,
    // then the imported ones.
    std::vector<const person*> all;
    std::unordered_map<std::string, const person*> enrolled_with_email;  // lower-cased
    for (const auto& p : enrolled) {
        if (imported_ids.contains(p.id)) continue;
        all.push_back(&p);
        if (!p.email.empty()) enrolled_with_email.emplace(to_lower(p.email), &p);
    }
    const auto first_imported = all.size();
    std::vector<config_error> problems;
    for (std::size_t i = 0; i < imported.size(); ++i) {
        const auto& p = imported[i];
        all.push_back(&p);
        if (const auto it = enrolled_with_email.find(to_lower(p.email)); !p.email.empty() && it != enrolled_with_email.end())
            problems.emplace_back(marks[i], "participant " + in_quotes(p.id) + " has the email " + in_quotes(p.email) +
                                                " of " + in_quotes(it->second->id) + ", enrolled in " + store_name +
                                                "; letter case is ignored");
    }
    const auto where = [&](std::size_t i) {
        return i < first_imported ? "enrolled in " + store_name : marks[i - first_imported].to_string();
    };
    for (const auto& cycle : find_manager_cycles(all)) {
        // A circle among the enrolled alone (from a store older than this check) is not this
        // import's doing; one that takes in an imported person closes at them.
        const auto here = std::find_if(cycle.begin(), cycle.end(), [&](std::size_t i) { return i >= first_imported; });
        if (here == cycle.end()) continue;
        std::string chain;
        for (const auto i : cycle)
            chain += (chain.empty() ? "" : ", ") + in_quotes(all[i]->id) + " (" + where(i) + ") is managed by " +
                     in_quotes(all[i]->manager_id);
        problems.emplace_back(marks[*here - first_imported], "managers go round in a circle: " + chain);
    }
    return problems;
}

}  // namespace mentorkit
