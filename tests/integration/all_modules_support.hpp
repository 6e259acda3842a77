#pragma once
// What the all-modules integration tests share: a small cast, a short program that enables
// the seven role modules, a kernel that loads them from disk and journals into a store in
// a temp folder on a simulated clock, and the script of a program's life.
//
// The cast is built so that each module has exactly one clear thing to do, and so that the
// expected outputs can be worked out by hand from the shipped catalogs (see the test file).

#include "kernel.hpp"
#include "temp_folder.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace mentorkit::test_support {

using nlohmann::json;

inline time_point day(const char* date) { return *parse_date(date); }

// ---- the cast ------------------------------------------------------------------------------

// Mentors M1..M3 take the four mentees; M4 takes nobody and is only in M1's network.
// Managers (E9xx) are not enrolled. Every skill, unit, value and goal area is one the
// shipped catalogs know.
inline json mentor(const char* id, const char* name, const char* unit, const char* manager, int grade, int years,
                   json skills, int capacity, json network) {
    return {{"id", id},
            {"name", name},
            {"email", std::string{id} + "@example.org"},
            {"role", "mentor"},
            {"org_unit", unit},
            {"manager_id", manager},
            {"grade", grade},
            {"years_experience", years},
            {"languages", {{{"language", "en"}, {"level", "C1"}}}},
            {"skills", std::move(skills)},
            {"mentor_capacity", capacity},
            {"network", std::move(network)}};
}

inline json mentee(const char* id, const char* name, const char* unit, const char* manager, json skills,
                   json skills_sought, json goal_areas, json values_sought, json network) {
    return {{"id", id},
            {"name", name},
            {"email", std::string{id} + "@example.org"},
            {"role", "mentee"},
            {"org_unit", unit},
            {"manager_id", manager},
            {"grade", 3},
            {"years_experience", 2},
            {"languages", {{{"language", "en"}, {"level", "C1"}}}},
            {"skills", std::move(skills)},
            {"skills_sought", std::move(skills_sought)},
            {"goal_areas", std::move(goal_areas)},
            {"values_sought", std::move(values_sought)},
            {"network", std::move(network)}};
}

inline json skill(const char* name, int level) { return {{"skill", name}, {"level", level}}; }

inline std::vector<json> cast() {
    return {
        mentor("M1", "Maria Lopez", "Sales", "E900", 7, 14,
               {skill("negotiation", 5), skill("account management", 4), skill("public speaking", 4)}, 1, {"M4"}),
        mentor("M2", "Tom Becker", "Engineering", "E910", 8, 12,
               {skill("cloud architecture", 5), skill("system design", 4), skill("devops", 4)}, 1, json::array()),
        mentor("M3", "Priya Nair", "Data & AI", "E920", 7, 9,
               {skill("data analysis", 5), skill("sql", 4), skill("python", 4)}, 2, json::array()),
        mentor("M4", "Sofia Rossi", "Marketing", "E930", 7, 10,
               {skill("public speaking", 5), skill("presentation", 4), skill("brand strategy", 4)}, 1, json::array()),
        mentee("E1", "Ana Lima", "Sales", "E901", {skill("negotiation", 1), skill("account management", 2)},
               {"negotiation", "public speaking"}, {"networking", "influence"}, {"giving credit", "integrity"},
               {"E3", "E903"}),
        mentee("E2", "Ben Okafor", "Engineering", "E911", {skill("cloud architecture", 2), skill("system design", 2)},
               {"cloud architecture"}, {"technical depth"}, {"ownership"}, {"E1"}),
        mentee("E3", "Chloe Martin", "Customer Success", "E902", {skill("data analysis", 1), skill("sql", 1)},
               {"data analysis"}, {"communication"}, {"customer focus"}, {"E1"}),
        mentee("E4", "Dev Patel", "Marketing", "E931", {skill("brand strategy", 2), skill("copywriting", 2)},
               {"public speaking"}, {"visibility"}, {"curiosity"}, json::array()),
    };
}

// The pairs the program manager accepts: mentor, mentee.
inline const std::vector<std::pair<std::string, std::string>> pairs{
    {"M1", "E1"}, {"M2", "E2"}, {"M3", "E3"}, {"M3", "E4"}};

// ---- the goals, the check-in and the opportunity of the script ------------------------------

inline json goal_e1() {
    return {{"id", "g-e1-deals"},
            {"mentee_id", "E1"},
            {"relationship_id", "r-M1-E1"},
            {"title", "Close two enterprise deals this quarter"},
            {"area", "networking"},
            {"measure", "Two signed contracts worth 200k revenue"},
            {"target_date", "2028-03-31"},
            {"skills_needed", {skill("negotiation", 4), skill("public speaking", 3)}},
            {"progress", 0},
            {"status", "open"}};
}

inline json goal_e2() {
    return {{"id", "g-e2-cloud"},
            {"mentee_id", "E2"},
            {"relationship_id", "r-M2-E2"},
            {"title", "Design the cloud migration of the billing service"},
            {"area", "technical depth"},
            {"measure", "Design approved at the architecture review"},
            {"target_date", "2028-02-25"},
            {"skills_needed", {skill("cloud architecture", 4), skill("system design", 3)}},
            {"progress", 0},
            {"status", "open"}};
}

inline json goal_e3() {
    return {{"id", "g-e3-churn"},
            {"mentee_id", "E3"},
            {"relationship_id", "r-M3-E3"},
            {"title", "Own the churn dashboard for Customer Success"},
            {"area", "communication"},
            {"measure", "Dashboard live and reviewed monthly"},
            {"target_date", "2028-02-28"},
            {"skills_needed", {skill("data analysis", 3), skill("sql", 2)}},
            {"progress", 0},
            {"status", "open"}};
}

// What Ben writes in his check-in: a stress phrase ("overwhelmed") among words that must
// never leave the pair ("Zanzibar" is in no phrase list and no catalog).
inline const std::string confidential_comment =
    "Honestly I feel overwhelmed since the Zanzibar migration started and I keep it from my team.";

inline json stressed_checkin() {
    return {{"relationship_id", "r-M2-E2"},
            {"from", "E2"},
            {"on", "2028-01-17"},
            {"rating", 4},
            {"wellbeing", 2},
            {"answers", {{"usefulness", 4}, {"trust", 4}}},
            {"comment", confidential_comment}};
}

inline json renewal_opportunity() {
    return {{"id", "opp-q1-renewals"},
            {"title", "Negotiation team for the Q1 enterprise renewals"},
            {"kind", "project"},
            {"visibility", "high"},
            {"skills_needed", {skill("negotiation", 2), skill("account management", 2)}},
            {"goal_areas", {"networking"}},
            {"org_unit", "Sales"},
            {"description", "Three renewals with the largest accounts; the team negotiates terms with Procurement."},
            {"posted_on", "2028-02-01"},
            {"closes_on", "2028-02-25"}};
}

// ---- the program --------------------------------------------------------------------------

// The shipped standard-mentoring template, cut to eight weeks from Monday 2028-01-03 (after
// every entry of the shipped opportunity feed has closed, so the sponsor's feed posts
// nothing), meetings every two weeks, with all seven modules enabled. `modules` overrides
// a module's value (e.g. {"sponsor", "false"} or {"counsel", "{program_manager_sees: with_consent}"}).
inline std::string program_yaml(const std::map<std::string, std::string>& overrides = {}) {
    std::map<std::string, std::string> modules{
        {"relationship", "true"}, {"sponsor", "true"}, {"survey_environment", "true"},
        {"counsel", "true"},      {"teach", "true"},   {"model", "true"},
        {"motivate", "true"}};
    for (const auto& [name, value] : overrides) modules[name] = value;
    std::string yaml =
        "extends: standard-mentoring\n"
        "id: all-modules-2028\n"
        "name: Every role module\n"
        "timeline:\n"
        "  start: 2028-01-03\n"
        "  duration: 8w\n"
        "  meeting_cadence: 2w\n"
        "  phases:\n"
        "    - {name: kickoff, starts: 0d}\n"
        "    - {name: active, starts: 2w}\n"
        "    - {name: closing, starts: 6w}\n"
        "modules:\n";
    for (const auto& [name, value] : modules) yaml += "  " + name + ": " + value + "\n";
    return yaml;
}

// ---- a kernel with every module, journaling into a store ------------------------------------

inline std::filesystem::path source_path(const char* relative) {
    return std::filesystem::path{MENTORKIT_SOURCE_DIR} / relative;
}

// One kernel on one store: loads the program and starts its plugins (from the folder the
// seven role modules are built into). Destroying it stops the kernel, then closes the store.
class program_run {
public:
    program_run(const std::filesystem::path& program_file, const std::filesystem::path& store_file)
        : program_{load_program(program_file, program_loader_options{{source_path("config/templates")}})},
          journal_{store_file, program_.id},
          kernel_{options(program_, journal_)} {
        const auto errors = kernel_.load_program(program_);
        for (const auto& e : errors) FAIL_CHECK(e.mark().to_string() << ": " << e.message());
        REQUIRE(errors.empty());
        const auto failed = kernel_.start();
        REQUIRE(failed.empty());
    }

    /// program.started, unless the store already has it (a restarted program).
    void announce_start() {
        if (journal_.count("program.started") == 0) kernel_.announce_start(program_);
    }
    /// What was due up to `date` happens first, then `topic` as input on that day.
    void at(const char* date, std::string topic, json payload) {
        kernel_.advance_to(day(date));
        event e;
        e.topic = std::move(topic);
        e.payload = std::move(payload);
        e.source = "input";
        kernel_.bus().publish(std::move(e));
        kernel_.bus().wait_idle();
    }
    void run_to_end() {
        kernel_.advance_to(program_.start + program_.length);
        kernel_.bus().wait_idle();
    }

    /// Journaled events of `topic`, from `source` when given.
    std::vector<event> events(std::string_view topic, std::string_view source = {}) const {
        auto all = journal_.journal_matching(topic);
        if (!source.empty()) std::erase_if(all, [&](const event& e) { return e.source != source; });
        return all;
    }
    /// The one journaled event of `topic` (from `source`) whose payload has `field` = `value`.
    event only(std::string_view topic, std::string_view source, const char* field, const std::string& value) const {
        std::vector<event> found;
        for (auto& e : events(topic, source))
            if (e.payload.value(field, std::string{}) == value) found.push_back(std::move(e));
        INFO(topic << " from " << source << " with " << field << " = " << value);
        REQUIRE(found.size() == 1);
        return found.front();
    }
    /// The values of `field` in the payloads of `topic` from `source`, in journal order.
    std::vector<std::string> field_of(std::string_view topic, std::string_view source, const char* field) const {
        std::vector<std::string> out;
        for (const auto& e : events(topic, source)) out.push_back(e.payload.value(field, std::string{"<none>"}));
        return out;
    }

    store& journal() { return journal_; }
    mentorkit::kernel& kernel() { return kernel_; }
    const program_definition& program() const { return program_; }

private:
    static kernel_options options(const program_definition& program, store& journal) {
        kernel_options k;
        k.config.plugin_paths = {std::filesystem::path{RELATIONSHIP_PLUGIN_PATH}.parent_path()};
        k.config.catalog_dirs = {source_path("config/catalogs")};
        k.config.template_dirs = {source_path("config/templates")};
        k.log_level = "off";
        k.journal = &journal;
        // As `mentorkit run` does: program time never runs backwards over a stored journal.
        auto start = program.start;
        if (const auto last = journal.last_event(); last && last->time > start) start = last->time;
        k.simulated_start = start;
        return k;
    }

    program_definition program_;
    store journal_;
    mentorkit::kernel kernel_;
};

// ---- the script -------------------------------------------------------------------------------

// The first day: everyone enrols, the program starts, and the four pairs are accepted (the
// kernel starts relationship r-<mentor>-<mentee> for each).
inline void open_program(program_run& run) {
    for (auto& person : cast()) run.at("2028-01-03", "participant.enrolled", std::move(person));
    run.announce_start();
    for (const auto& [mentor_id, mentee_id] : pairs)
        run.at("2028-01-03", "match.accepted", {{"mentor_id", mentor_id}, {"mentee_id", mentee_id}});
}

inline json held(const char* meeting_id, const char* relationship_id) {
    return {{"meeting_id", meeting_id}, {"relationship_id", relationship_id}};
}

struct script_options {
    bool consent_first = false;  // Ben consents to share counselling categories before his check-in
};

// Eight weeks of a program, from enrolment to the close. Pair r-M3-E4 never meets.
inline void play_script(program_run& run, script_options options = {}) {
    open_program(run);
    run.at("2028-01-05", "goal.set", goal_e1());
    run.at("2028-01-05", "goal.set", goal_e2());
    run.at("2028-01-05", "goal.set", goal_e3());
    run.at("2028-01-07", "meeting.held", held("r-M1-E1/kickoff", "r-M1-E1"));
    run.at("2028-01-07", "meeting.held", held("r-M2-E2/kickoff", "r-M2-E2"));
    run.at("2028-01-10", "meeting.held", held("r-M3-E3/kickoff", "r-M3-E3"));
    run.at("2028-01-14", "meeting.held", held("r-M1-E1/1", "r-M1-E1"));
    run.at("2028-01-14", "meeting.held", held("r-M2-E2/1", "r-M2-E2"));
    run.at("2028-01-14", "meeting.held", held("r-M3-E3/1", "r-M3-E3"));
    if (options.consent_first) run.at("2028-01-16", "consent.given", {{"person_id", "E2"}, {"scope", "counsel"}});
    run.at("2028-01-17", "checkin.submitted", stressed_checkin());
    run.at("2028-01-20", "signal.observed",
           {{"id", "s-1"},
            {"kind", "reorganisation"},
            {"org_unit", "Customer Success"},
            {"people", {"E903"}},
            {"description", "Two regional teams merge under one director in March"},
            {"observed_on", "2028-01-20"}});
    run.at("2028-01-21", "behaviour.observed",
           {{"relationship_id", "r-M1-E1"},
            {"value", "recognition"},
            {"behaviour", "named the two analysts who built the pricing model in the deal review"},
            {"observed_by", "M1"},
            {"on", "2028-01-21"}});
    run.at("2028-01-24", "goal.progressed", {{"goal_id", "g-e1-deals"}, {"progress", 30}});
    run.at("2028-01-28", "meeting.held", held("r-M1-E1/2", "r-M1-E1"));
    run.at("2028-02-01", "opportunity.posted", renewal_opportunity());
    run.at("2028-02-03", "goal.progressed", {{"goal_id", "g-e3-churn"}, {"progress", 60}});
    run.at("2028-02-07", "goal.achieved", {{"goal_id", "g-e2-cloud"}});
    run.run_to_end();
}

}  // namespace mentorkit::test_support
