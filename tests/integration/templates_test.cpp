// The shipped program templates (config/templates/*.yaml): a program that extends one loads,
// and every module it enables configures in a real kernel with the plugins loaded from disk.
// Each template also enables the modules, and sets the rules, that its comments promise.

#include "kernel.hpp"
#include "matching/matching.hpp"
#include "program_loader.hpp"

#include <catch2/catch.hpp>

#include "temp_folder.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

using namespace mentorkit;
namespace fs = std::filesystem;
using mentorkit::test_support::temp_folder;

namespace {

const fs::path source{MENTORKIT_SOURCE_DIR};
const fs::path template_dir = source / "config" / "templates";

// Every template in the source tree, found by listing the folder, so that a new template is
// covered without touching this file. Sorted, for a stable order of sections.
std::vector<std::string> template_names() {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(template_dir))
        if (entry.is_regular_file() && entry.path().extension() == ".yaml") names.push_back(entry.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

// The smallest program a user would write on top of a template: only what a template leaves out.
fs::path minimal_program(const temp_folder& folder, const std::string& template_name) {
    return folder.write(template_name + "-program.yaml", "extends: " + template_name +
                                                             "\n"
                                                             "id: " +
                                                             template_name +
                                                             "-test\n"
                                                             "name: Template check\n"
                                                             "timeline: {start: 2027-03-01}\n");
}

program_definition load_extending(const temp_folder& folder, const std::string& template_name) {
    return load_program(minimal_program(folder, template_name), program_loader_options{{template_dir}});
}

std::string describe(const std::vector<config_error>& errors) {
    std::string all;
    for (const auto& e : errors) all += std::string{"\n  "} + e.what();
    return all;
}

std::set<std::string> enabled_names(const program_definition& program) {
    std::set<std::string> names;
    for (const auto* m : program.enabled_modules()) names.insert(m->name);
    return names;
}

// The settings of an enabled module; fails the test when it is not enabled.
const config_node& settings_of(const program_definition& program, const std::string& name) {
    for (const auto* m : program.enabled_modules())
        if (m->name == name) return m->config;
    FAIL("module '" << name << "' is not enabled in " << program.file.string());
    throw std::logic_error("unreachable");
}

const config_node& constraints_of(const program_definition& program) {
    return program.root.at("matching").at("constraints");
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

// A kernel as `mentorkit run` makes one: the seven role modules' plugins from their build
// folder, the source tree's catalogs, a simulated clock.
kernel_options kernel_for_tests() {
    kernel_options options;
    options.config.plugin_paths = {fs::path{RELATIONSHIP_PLUGIN_PATH}.parent_path()};
    options.config.catalog_dirs = {source / "config" / "catalogs"};
    options.log_level = "warn";
    options.simulated_start = *parse_date("2027-03-01");
    return options;
}

person someone(const std::string& id, participant_role role, int grade) {
    person p;
    p.id = id;
    p.name = id;
    p.role = role;
    p.org_unit = "Unit " + id;  // nobody is in anyone's reporting line
    p.grade = grade;
    p.years_experience = 1;
    p.languages = {{"en", cefr_level::c1}};
    p.skills = {{"data analysis", 4}};
    p.skills_sought = {"data analysis"};
    p.goal_areas = {"technical depth"};
    return p;
}

}  // namespace

TEST_CASE("the template folder has the shipped templates", "[templates]") {
    const auto names = template_names();
    for (const auto* expected :
         {"standard-mentoring", "sponsorship", "new-manager", "graduate-onboarding", "reverse-mentoring"})
        CHECK(contains(names, expected));
}

TEST_CASE("a program extending each template loads and its modules configure in a real kernel", "[templates]") {
    const auto names = template_names();
    REQUIRE_FALSE(names.empty());
    for (const auto& name : names) {
        DYNAMIC_SECTION("template " << name) {
            temp_folder folder;
            program_definition program;
            try {
                program = load_extending(folder, name);
            } catch (const program_error& e) {
                FAIL("a program extending '" << name << "' does not load:" << describe(e.errors()));
            }
            REQUIRE(program.chain.size() >= 2);
            CHECK(program.chain[1] == (template_dir / (name + ".yaml")).lexically_normal());
            CHECK(program.id == name + "-test");
            // A template must leave a program nothing to add but id, name and start.
            CHECK_FALSE(program.length.is_zero());
            CHECK_FALSE(program.enabled_modules().empty());

            kernel k{kernel_for_tests()};
            const auto errors = k.load_program(program);
            INFO("module errors:" << describe(errors));
            CHECK(errors.empty());
            if (errors.empty()) {
                const auto failed = k.start();
                CHECK(failed.empty());
            }
            k.stop();
        }
    }
}

TEST_CASE("standard-mentoring enables the five mentoring modules and leaves sponsorship out", "[templates]") {
    temp_folder folder;
    const auto program = load_extending(folder, "standard-mentoring");
    CHECK(enabled_names(program) == std::set<std::string>{"relationship", "teach", "counsel", "model", "motivate"});
}

TEST_CASE("sponsorship: a year with senior sponsors, opening doors to stretch and visible work", "[templates]") {
    temp_folder folder;
    const auto program = load_extending(folder, "sponsorship");

    // Sponsor and survey_environment on with relationship, motivate, counsel; teach kept light,
    // model off.
    CHECK(enabled_names(program) ==
          std::set<std::string>{"relationship", "sponsor", "survey_environment", "motivate", "counsel", "teach"});
    CHECK(program.length == *parse_duration("12 months"));

    // Senior sponsors: at least three grades up, and never in the sponsee's reporting line.
    const auto& constraints = constraints_of(program);
    REQUIRE(constraints.contains("min_grade_gap"));
    CHECK(constraints.at("min_grade_gap").as_int() >= 3);
    if (const auto* max = constraints.find("max_grade_gap")) CHECK(max->as_int() >= 3);
    CHECK(constraints.at("exclude_reporting_line").as_bool());

    // More nominations and more room to stretch than the sponsor module's defaults
    // (max_nominations 3, stretch_gap 1, stretch_kinds [stretch]: docs/modules.md#sponsor).
    const auto& sponsor = settings_of(program, "sponsor");
    CHECK(sponsor.at("max_nominations").as_int() > 3);
    CHECK(sponsor.at("stretch_gap").as_int() > 1);
    const auto kinds = sponsor.at("stretch_kinds").as_string_list();
    CHECK(contains(kinds, "stretch"));
    CHECK(kinds.size() > 1);

    // High-visibility assignments are raised as opportunities by a rule of the template's own;
    // one set up to fail (no-win) is a threat, and its rule comes first, as caution must win.
    const auto& rules = settings_of(program, "survey_environment").at("extra_rules").items();
    const auto high_visibility = [](const config_node& rule) {
        const auto* visibility = rule.at("match").find("visibility");
        return visibility != nullptr && visibility->text() == "high";
    };
    const auto visible = std::find_if(rules.begin(), rules.end(), [&](const config_node& rule) {
        return high_visibility(rule) && !rule.at("match").contains("outcome");
    });
    REQUIRE(visible != rules.end());
    CHECK(visible->at("class").text() == "opportunity");
    for (auto rule = rules.begin(); rule != visible; ++rule)
        if (high_visibility(*rule)) CHECK(rule->at("class").text() == "threat");

    // Teaching is light: one resource per goal, no chasing of stalled goals.
    const auto& teach = settings_of(program, "teach");
    CHECK(teach.at("max_recommendations").as_int() == 1);
    CHECK(teach.at("max_stall_recommendations").as_int() == 0);

    // Surveys evaluate the sponsorship, ending with a final one.
    const auto& surveys = program.root.at("evaluation").at("surveys");
    CHECK(surveys.size() >= 2);
    CHECK(std::any_of(surveys.items().begin(), surveys.items().end(),
                      [](const config_node& s) { return s.contains("at") && s.at("at").text() == "end"; }));
}

TEST_CASE("new-manager: experienced managers teach, model and counsel first-time managers", "[templates]") {
    temp_folder folder;
    const auto program = load_extending(folder, "new-manager");

    CHECK(enabled_names(program) == std::set<std::string>{"relationship", "teach", "model", "counsel", "motivate"});
    CHECK(program.length == *parse_duration("6 months"));

    // Workshops and shadowing come first among resources that close as much of the gap.
    const auto formats = settings_of(program, "teach").at("prefer_formats").as_string_list();
    REQUIRE(formats.size() >= 2);
    CHECK(std::set<std::string>{formats[0], formats[1]} == std::set<std::string>{"workshop", "shadowing"});

    // Counsel listens for the stress of the new role beyond its default phrases.
    const auto stress = settings_of(program, "counsel").at("phrases").at("stress").as_string_list();
    CHECK(contains(stress, "overwhelmed"));  // a default kept
    CHECK(contains(stress, "imposter"));     // one the template adds

    // The mentor is more senior, never the new manager's own manager.
    const auto& constraints = constraints_of(program);
    CHECK(constraints.at("min_grade_gap").as_int() >= 1);
    CHECK(constraints.at("exclude_reporting_line").as_bool());
}

TEST_CASE("graduate-onboarding: three months of weekly half-hours with a peer a few grades up", "[templates]") {
    temp_folder folder;
    const auto program = load_extending(folder, "graduate-onboarding");

    CHECK(enabled_names(program) == std::set<std::string>{"relationship", "teach", "survey_environment", "counsel"});
    CHECK(program.length == *parse_duration("3 months"));
    const auto& timeline = program.root.at("timeline");
    CHECK(timeline.at("meeting_cadence").as_duration() == *parse_duration("1w"));
    CHECK(timeline.at("meeting_length").as_duration() == *parse_duration("30m"));

    // Peers a few grades up.
    const auto& constraints = constraints_of(program);
    CHECK(constraints.at("min_grade_gap").as_int() >= 1);
    CHECK(constraints.at("max_grade_gap").as_int() <= 3);

    // Milestones for the first weeks: something due in the first week of each pair, and every
    // milestone due before the program ends.
    const auto& milestones = timeline.at("milestones");
    REQUIRE(milestones.size() >= 3);
    const auto start = program.start;
    const auto end = start + program.length;
    bool first_week = false;
    for (const auto& m : milestones.items()) {
        INFO("milestone " << m.at("name").text());
        const auto due = start + m.at("after").as_duration();
        CHECK(due < end);
        if (due <= start + *parse_duration("1w")) first_week = true;
    }
    CHECK(first_week);

    // The kickoff is due within the first week.
    const auto& relationship = settings_of(program, "relationship");
    CHECK(start + relationship.at("kickoff_within").as_duration() <= start + *parse_duration("1w"));
}

TEST_CASE("reverse-mentoring: the mentee is the more senior of the pair", "[templates]") {
    temp_folder folder;
    const auto program = load_extending(folder, "reverse-mentoring");

    CHECK(enabled_names(program) == std::set<std::string>{"relationship", "teach", "model", "counsel"});

    // The grade gap is the mentor's grade minus the mentee's: negative, at most -1.
    const auto& constraints = constraints_of(program);
    REQUIRE(constraints.contains("min_grade_gap"));
    REQUIRE(constraints.contains("max_grade_gap"));
    CHECK(constraints.at("min_grade_gap").as_int() < 0);
    CHECK(constraints.at("max_grade_gap").as_int() <= -1);

    // Junior mentors bring skills, not years: the readiness check asks for no experience.
    CHECK(settings_of(program, "relationship").at("min_mentor_years").as_number() == 0);
    // Both sides are counselled: the junior mentor speaks up to a leader.
    CHECK(settings_of(program, "counsel").at("from").text() == "both");
}

TEST_CASE("reverse-mentoring's matching pairs a senior mentee with a junior mentor, never the other way",
          "[templates]") {
    temp_folder folder;
    const auto program = load_extending(folder, "reverse-mentoring");
    const auto settings = read_matching_settings(&program.root.at("matching"));

    // A leader (grade 8) and a junior (grade 2) who both want to be mentored; a junior mentor
    // (grade 4) and a senior mentor (grade 10) with the same skills.
    const std::vector<person> people{someone("leader", participant_role::mentee, 8),
                                     someone("junior", participant_role::mentee, 2),
                                     someone("junior-mentor", participant_role::mentor, 4),
                                     someone("senior-mentor", participant_role::mentor, 10)};
    const auto result = match(people, settings, people);

    REQUIRE(result.proposals.size() == 1);
    CHECK(result.proposals[0].mentee_id == "leader");
    CHECK(result.proposals[0].mentor_id == "junior-mentor");
    // Neither mentor is more junior than the junior mentee: nobody may mentor them.
    const auto unmatched = std::find_if(result.unmatched.begin(), result.unmatched.end(),
                                        [](const unmatched_person& u) { return u.person_id == "junior"; });
    REQUIRE(unmatched != result.unmatched.end());
    CHECK(unmatched->reason_code == "no_feasible_mentor");
}
