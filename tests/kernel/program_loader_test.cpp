#include "program_loader.hpp"

#include <catch2/catch.hpp>

#include "temp_folder.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace mentorkit;
namespace fs = std::filesystem;
using mentorkit::test_support::temp_folder;

namespace {


// The smallest valid program, to which tests append what they check.
const std::string minimal =
    "id: test-program\n"
    "name: Test program\n"
    "timeline:\n"
    "  start: 2027-01-11\n"
    "  duration: 6 months\n";

std::vector<config_error> errors_of(const fs::path& file, const program_loader_options& options = {}) {
    try {
        load_program(file, options);
    } catch (const program_error& e) {
        return e.errors();
    }
    FAIL("the program loaded without errors: " << file.string());
    return {};
}

// The one error loading `file` gives; fails the test when there are none or several.
config_error only_error(const fs::path& file, const program_loader_options& options = {}) {
    auto errors = errors_of(file, options);
    INFO("errors: " << [&errors] {
        std::string all;
        for (const auto& e : errors) all += std::string{"\n  "} + e.what();
        return all;
    }());
    REQUIRE(errors.size() == 1);
    return errors.front();
}

void check_at(const config_error& e, const fs::path& file, int line, int column) {
    INFO(e.what());
    CHECK(e.mark().file == file.string());
    CHECK(e.mark().line == line);
    CHECK(e.mark().column == column);
}

}  // namespace

// ---- the shipped program -----------------------------------------------------------------

TEST_CASE("the shipped engineering-2027 program loads with the standard template", "[program_loader][shipped]") {
    const fs::path source{MENTORKIT_SOURCE_DIR};
    const auto file = source / "config" / "programs" / "engineering-2027.yaml";
    const auto templates = source / "config" / "templates";
    const auto program = load_program(file, {{templates}});

    CHECK(program.id == "eng-2027");
    CHECK(program.name == "Engineering mentoring 2027");
    CHECK_FALSE(program.description.empty());
    CHECK(program.start == *parse_date("2027-01-11"));
    CHECK(program.length == *parse_duration("9 months"));
    REQUIRE(program.chain.size() == 2);
    CHECK(program.chain[0] == file);
    CHECK(program.chain[1] == (templates / "standard-mentoring.yaml").lexically_normal());
    CHECK_FALSE(program.root.contains("extends"));

    // The program overrides capacity; the rest of `matching` comes from the template.
    const auto& matching = program.root.at("matching");
    CHECK(matching.at("capacity").as_int() == 2);
    CHECK(matching.at("capacity").mark().file == file.string());
    CHECK(matching.at("strategy").text() == "optimal");
    CHECK(matching.at("strategy").mark().file == program.chain[1].string());
    CHECK(matching.at("weights").at("seniority").text() == "low");
    CHECK(matching.at("weights").at("language").text() == "must");
    CHECK(program.root.at("timeline").at("meeting_cadence").as_duration() == *parse_duration("2w"));
    CHECK(program.root.at("timeline").at("phases").size() == 4);

    // The template's five modules in its order, then the two the program adds.
    const auto enabled = program.enabled_modules();
    std::vector<std::string> names;
    for (const auto* m : enabled) names.push_back(m->name);
    CHECK(names == std::vector<std::string>{"relationship", "teach", "counsel", "model", "motivate", "sponsor",
                                            "survey_environment"});
    const auto& relationship = *enabled.front();
    CHECK(relationship.name == "relationship");
    CHECK(enabled[5]->mark.file == program.chain[0].string());  // sponsor is enabled by the program itself
    CHECK(relationship.config.at("kickoff_within").as_duration() == *parse_duration("1w"));
    CHECK(relationship.config.at("first_checkin_after").as_duration() == *parse_duration("2w"));
    CHECK(relationship.config.at("agenda").as_string_list() ==
          std::vector<std::string>{"Get to know each other", "Expectations and ways of working",
                                   "Confidentiality agreement", "First goals"});
    CHECK_FALSE(relationship.config.contains("enabled"));
    CHECK(relationship.config.path() == "modules.relationship");
}

// ---- loading and the result ------------------------------------------------------------

TEST_CASE("a program without a template loads with its fields filled in", "[program_loader]") {
    temp_folder folder;
    const auto file = folder.write("p.yaml", minimal + "description: A short one.\n");
    const auto program = load_program(file);
    CHECK(program.file == file);
    CHECK(program.chain == std::vector<fs::path>{file});
    CHECK(program.id == "test-program");
    CHECK(program.name == "Test program");
    CHECK(program.description == "A short one.");
    CHECK(format_date(program.start) == "2027-01-11");
    CHECK(program.length.months == 6);
    CHECK(program.modules.empty());
    CHECK(program.root.at("timeline").at("start").path() == "timeline.start");
}

TEST_CASE("a full program with every section loads", "[program_loader]") {
    temp_folder folder;
    const auto file = folder.write("p.yaml", minimal + R"(  meeting_cadence: 2w
  meeting_length: 1h 30m
  phases:
    - {name: kickoff, starts: 0d}
    - {name: active, starts: 3w, description: Working on goals}
    - {name: wrap-up, starts: 5 months}
participants:
  sources:
    - csv: people.csv
    - yaml: more/people.yaml
matching:
  strategy: suggest
  capacity: 3
  candidates: 5
  weights: {skills: high, goals: 75, seniority: 0, language: must, timezone: none}
  constraints:
    min_grade_gap: -1
    max_grade_gap: 4
    max_timezone_difference: 5h
    language_min_level: C1
    exclude_reporting_line: no
goals:
  framework: okr
  limit_per_mentee: 5
evaluation:
  surveys:
    - {name: baseline, after: 0d}
    - {name: pulse, after: 30d}
    - {name: final, at: end}
)");
    const auto program = load_program(file);
    CHECK(program.root.at("matching").at("weights").at("goals").as_number() == 75);
    CHECK(program.root.at("participants").at("sources").items()[1].at("yaml").text() == "more/people.yaml");
}

// ---- modules -----------------------------------------------------------------------------

TEST_CASE("modules keep file order, default to enabled and hand over their settings without 'enabled'",
          "[program_loader][modules]") {
    temp_folder folder;
    const auto file = folder.write("p.yaml", minimal + R"(modules:
  relationship:
    kickoff_within: 1w
    custom_setting: [anything, the, plugin, checks]
  sponsor: true
  counsel: false
  teach:
    enabled: false
    catalog: learning.yaml
  model: {}
)");
    const auto program = load_program(file);
    REQUIRE(program.modules.size() == 5);
    CHECK(program.modules[0].name == "relationship");
    CHECK(program.modules[1].name == "sponsor");
    CHECK(program.modules[2].name == "counsel");
    CHECK(program.modules[3].name == "teach");
    CHECK(program.modules[4].name == "model");

    const auto& relationship = program.modules[0];
    CHECK(relationship.enabled);
    CHECK(relationship.config.size() == 2);
    CHECK(relationship.config.at("custom_setting").size() == 4);
    CHECK(relationship.mark.line == 7);
    CHECK(relationship.mark.column == 3);

    // `true` is shorthand for an empty section: the config is an empty mapping marked
    // where the section is written.
    const auto& sponsor = program.modules[1];
    CHECK(sponsor.enabled);
    CHECK(sponsor.config.is_map());
    CHECK(sponsor.config.size() == 0);
    CHECK(sponsor.config.mark().line == 10);
    CHECK(sponsor.config.mark().column == 12);
    CHECK(sponsor.config.path() == "modules.sponsor");

    CHECK_FALSE(program.modules[2].enabled);
    CHECK_FALSE(program.modules[3].enabled);
    CHECK(program.modules[3].config.at("catalog").text() == "learning.yaml");
    CHECK_FALSE(program.modules[3].config.contains("enabled"));
    CHECK(program.modules[4].enabled);
    CHECK(program.modules[4].config.size() == 0);
    CHECK(program.modules[4].config.mark().line == 15);

    const auto enabled = program.enabled_modules();
    REQUIRE(enabled.size() == 3);
    CHECK(enabled[0]->name == "relationship");
    CHECK(enabled[1]->name == "sponsor");
    CHECK(enabled[2]->name == "model");
}

TEST_CASE("a module section that is not a mapping or true/false is an error", "[program_loader][modules]") {
    temp_folder folder;
    const auto file = folder.write("p.yaml", minimal + "modules:\n  counsel: sometimes\n  teach: [a]\n");
    const auto errors = errors_of(file);
    REQUIRE(errors.size() == 2);
    check_at(errors[0], file, 7, 12);
    CHECK(errors[0].message() ==
          "expected true, false or a mapping of the module's settings for 'modules.counsel', found 'sometimes'");
    check_at(errors[1], file, 8, 10);
    CHECK_THAT(errors[1].message(), Catch::EndsWith("found a list"));
}

TEST_CASE("a module's enabled must be true or false", "[program_loader][modules]") {
    temp_folder folder;
    const auto file = folder.write("p.yaml", minimal + "modules:\n  counsel:\n    enabled: perhaps\n");
    const auto e = only_error(file);
    check_at(e, file, 8, 14);
    CHECK(e.message() == "expected true or false for 'modules.counsel.enabled', found 'perhaps'");
}

TEST_CASE("a module name must be a lowercase identifier", "[program_loader][modules]") {
    temp_folder folder;
    const auto file = folder.write("p.yaml", minimal + "modules:\n  Survey-Environment: true\n");
    const auto e = only_error(file);
    check_at(e, file, 7, 3);
    CHECK_THAT(e.message(), Catch::StartsWith("module name 'Survey-Environment' must start with a lowercase letter"));
}

TEST_CASE("the loader does not validate a module's own settings", "[program_loader][modules]") {
    temp_folder folder;
    const auto file = folder.write("p.yaml", minimal + "modules:\n  relationship:\n    kickof_within: 7 parsecs\n");
    CHECK_NOTHROW(load_program(file));
}

// ---- extends and merging -----------------------------------------------------------------

TEST_CASE("a mapping in the program is merged key by key into the template's", "[program_loader][extends]") {
    temp_folder folder;
    const auto base = folder.write("templates/base.yaml", R"(timeline:
  duration: 6 months
  meeting_cadence: 2w
matching:
  strategy: optimal
  capacity: 1
  weights: {skills: high, goals: medium}
)");
    const auto file = folder.write("p.yaml", R"(extends: base
id: p
name: P
timeline:
  start: 2027-01-11
matching:
  capacity: 2
  weights: {goals: low, timezone: low}
)");
    const auto program = load_program(file, {{folder / "templates"}});
    const auto& root = program.root;
    CHECK(root.at("timeline").at("duration").text() == "6 months");
    CHECK(root.at("timeline").at("start").text() == "2027-01-11");
    const auto& matching = root.at("matching");
    CHECK(matching.at("strategy").text() == "optimal");
    CHECK(matching.at("capacity").text() == "2");
    const auto& weights = matching.at("weights");
    CHECK(weights.at("skills").text() == "high");
    CHECK(weights.at("goals").text() == "low");
    CHECK(weights.at("timezone").text() == "low");
    // The template's keys keep their order; the program's new keys follow.
    REQUIRE(weights.size() == 3);
    CHECK(weights.entries()[0].key == "skills");
    CHECK(weights.entries()[1].key == "goals");
    CHECK(weights.entries()[2].key == "timezone");
    // Each value is marked where it was written.
    CHECK(matching.at("strategy").mark().file == base.string());
    CHECK(matching.at("strategy").mark().line == 5);
    CHECK(matching.at("capacity").mark().file == file.string());
    CHECK(matching.at("capacity").mark().line == 7);
    CHECK(root.at("timeline").at("duration").mark().file == base.string());
    CHECK_FALSE(root.contains("extends"));
    CHECK(program.chain == std::vector<fs::path>{file, base.lexically_normal()});
}

TEST_CASE("a list in the program replaces the template's list whole", "[program_loader][extends]") {
    temp_folder folder;
    folder.write("base.yaml", R"(timeline:
  duration: 6 months
  phases:
    - {name: kickoff, starts: 0d}
    - {name: active, starts: 3w}
    - {name: closing, starts: 5 months}
)");
    const auto file = folder.write("p.yaml", R"(extends: ./base
id: p
name: P
timeline:
  start: 2027-01-11
  phases:
    - {name: everything, starts: 0d}
)");
    const auto program = load_program(file);
    const auto& phases = program.root.at("timeline").at("phases");
    REQUIRE(phases.size() == 1);
    CHECK(phases.items()[0].at("name").text() == "everything");
}

TEST_CASE("null in the program removes the template's key", "[program_loader][extends]") {
    temp_folder folder;
    folder.write("base.yaml", R"(description: From the template.
timeline:
  duration: 6 months
  meeting_cadence: 2w
modules:
  relationship: {kickoff_within: 1w}
  counsel: {enabled: true}
)");
    const auto file = folder.write("p.yaml", R"(extends: ./base.yaml
id: p
name: P
description: ~
timeline:
  start: 2027-01-11
  meeting_cadence: null
modules:
  counsel:
)");
    const auto program = load_program(file);
    CHECK_FALSE(program.root.contains("description"));
    CHECK(program.description.empty());
    CHECK_FALSE(program.root.at("timeline").contains("meeting_cadence"));
    CHECK(program.root.at("timeline").contains("duration"));
    REQUIRE(program.modules.size() == 1);
    CHECK(program.modules[0].name == "relationship");
}

TEST_CASE("'module: true' in a program keeps the template's settings of that module", "[program_loader][extends]") {
    temp_folder folder;
    folder.write("base.yaml", "modules:\n  relationship:\n    enabled: false\n    kickoff_within: 1w\n");
    const auto file = folder.write("p.yaml", "extends: ./base\n" + minimal + "modules:\n  relationship: true\n");
    const auto program = load_program(file);
    REQUIRE(program.modules.size() == 1);
    CHECK(program.modules[0].enabled);
    CHECK(program.modules[0].config.at("kickoff_within").text() == "1w");
}

TEST_CASE("a bad value that comes from the template is reported in the template", "[program_loader][extends]") {
    temp_folder folder;
    const auto base = folder.write("templates/base.yaml", R"(timeline:
  duration: 6 months
  meeting_length: 45 mins
matching:
  capacity: 0
)");
    const auto file =
        folder.write("programs/p.yaml", "extends: ../templates/base\nid: p\nname: P\ntimeline:\n  start: 2027-01-11\n");
    const auto errors = errors_of(file, {{folder / "templates"}});
    REQUIRE(errors.size() == 2);
    const auto template_file = base.lexically_normal();
    check_at(errors[0], template_file, 3, 19);
    CHECK_THAT(errors[0].message(), Catch::Contains("'timeline.meeting_length'") &&
                                        Catch::Contains("found '45 mins'") && Catch::Contains("'mins' is not a unit"));
    check_at(errors[1], template_file, 5, 13);
    CHECK(errors[1].message() == "expected a whole number of at least 1 for 'matching.capacity', found '0'");
}

TEST_CASE("templates can extend templates", "[program_loader][extends]") {
    temp_folder folder;
    const auto root_template = folder.write("t/root.yaml", "timeline:\n  duration: 6 months\n  meeting_cadence: 1w\n");
    const auto middle =
        folder.write("t/middle.yaml", "extends: root\ntimeline:\n  meeting_cadence: 2w\n  meeting_length: 1h\n");
    const auto file = folder.write(
        "p.yaml", "extends: middle\nid: p\nname: P\ntimeline:\n  start: 2027-01-11\n  meeting_length: 30m\n");
    const auto program = load_program(file, {{folder / "t"}});
    REQUIRE(program.chain.size() == 3);
    CHECK(program.chain[1] == middle.lexically_normal());
    CHECK(program.chain[2] == root_template.lexically_normal());
    const auto& timeline = program.root.at("timeline");
    CHECK(timeline.at("duration").text() == "6 months");
    CHECK(timeline.at("meeting_cadence").text() == "2w");
    CHECK(timeline.at("meeting_length").text() == "30m");
}

TEST_CASE("a template name is looked up in the template folders in order", "[program_loader][extends]") {
    temp_folder folder;
    folder.write("first/base.yaml", "description: first\ntimeline: {duration: 6 months}\n");
    folder.write("second/base.yaml", "description: second\ntimeline: {duration: 6 months}\n");
    folder.write("second/other.yml", "description: other\ntimeline: {duration: 6 months}\n");
    const program_loader_options options{{folder / "missing-folder", folder / "first", folder / "second"}};

    const auto by_name = folder.write("a.yaml", "extends: base\nid: a\nname: A\ntimeline: {start: 2027-01-11}\n");
    CHECK(load_program(by_name, options).description == "first");
    const auto with_extension =
        folder.write("b.yaml", "extends: base.yaml\nid: b\nname: B\ntimeline: {start: 2027-01-11}\n");
    CHECK(load_program(with_extension, options).description == "first");
    const auto yml = folder.write("c.yaml", "extends: other\nid: c\nname: C\ntimeline: {start: 2027-01-11}\n");
    CHECK(load_program(yml, options).description == "other");
}

TEST_CASE("a template path is taken from the extending file's folder, '.yaml' optional", "[program_loader][extends]") {
    temp_folder folder;
    folder.write("shared/base.yaml", "description: shared\ntimeline: {duration: 6 months}\n");
    const program_loader_options shared{{folder / "shared"}};
    const auto without =
        folder.write("programs/a.yaml", "extends: ../shared/base\nid: a\nname: A\ntimeline: {start: 2027-01-11}\n");
    CHECK(load_program(without, shared).description == "shared");
    const auto with = folder.write("programs/b.yaml",
                                   "extends: ../shared/base.yaml\nid: b\nname: B\ntimeline: {start: 2027-01-11}\n");
    CHECK(load_program(with, shared).description == "shared");
    const auto absolute = folder.write("c.yaml", "extends: " + (folder / "shared" / "base").string() +
                                                     "\nid: c\nname: C\ntimeline: {start: 2027-01-11}\n");
    CHECK(load_program(absolute).description == "shared");
}

TEST_CASE("a cycle of templates is an error at the extends that closes it", "[program_loader][extends]") {
    temp_folder folder;
    const auto file = folder.write("a.yaml", "extends: ./b\n" + minimal);
    const auto b = folder.write("b.yaml", "extends: ./c.yaml\n");
    folder.write("c.yaml", "# closes the loop\nextends: ./a\n");
    const auto e = only_error(file);
    check_at(e, (folder / "c.yaml").lexically_normal(), 2, 10);
    CHECK(e.message() == "templates extend each other in a cycle: a.yaml \u2192 b.yaml \u2192 c.yaml \u2192 a.yaml");
    (void)b;
}

TEST_CASE("a template that extends itself is a cycle", "[program_loader][extends]") {
    temp_folder folder;
    const auto file = folder.write("p.yaml", "extends: base\n" + minimal);
    const auto base = folder.write("t/base.yaml", "extends: base\n");
    const auto e = only_error(file, {{folder / "t"}});
    check_at(e, base.lexically_normal(), 1, 10);
    CHECK(e.message() == "templates extend each other in a cycle: base.yaml \u2192 base.yaml");
}

TEST_CASE("a missing template is an error at the extends value listing the templates available",
          "[program_loader][extends]") {
    temp_folder folder;
    folder.write("t/standard-mentoring.yaml", "timeline: {duration: 6 months}\n");
    folder.write("t/group-mentoring.yml", "timeline: {duration: 3 months}\n");
    folder.write("t/notes.txt", "not a template\n");
    const program_loader_options options{{folder / "t"}};

    SECTION("a misspelt name gets a suggestion") {
        const auto file = folder.write("p.yaml", "id: p\nextends: standard-mentorin\n");
        const auto e = only_error(file, options);
        check_at(e, file, 2, 10);
        CHECK(e.message() == "template 'standard-mentorin' not found in " + (folder / "t").string() +
                                 "; did you mean 'standard-mentoring'? Available templates: group-mentoring, "
                                 "standard-mentoring");
    }
    SECTION("an unrelated name lists the templates") {
        const auto file = folder.write("p.yaml", "extends: reverse\n");
        const auto e = only_error(file, options);
        check_at(e, file, 1, 10);
        CHECK_THAT(e.message(), Catch::StartsWith("template 'reverse' not found in ") &&
                                    Catch::EndsWith("; available templates: group-mentoring, standard-mentoring"));
    }
    SECTION("a path says where it looked") {
        const auto file = folder.write("p.yaml", "extends: ../nowhere/base\n");
        const auto e = only_error(file, options);
        check_at(e, file, 1, 10);
        CHECK_THAT(e.message(),
                   Catch::Contains("looked for " + (folder.path().parent_path() / "nowhere" / "base.yaml").string()) &&
                       Catch::Contains("available templates: group-mentoring, standard-mentoring"));
    }
    SECTION("no template folders at all") {
        const auto file = folder.write("p.yaml", "extends: standard\n");
        const auto e = only_error(file);
        CHECK_THAT(e.message(), Catch::Contains("no template folders are configured"));
    }
}

TEST_CASE("extends must be a template name or path", "[program_loader][extends]") {
    temp_folder folder;
    const auto file = folder.write("p.yaml", "extends: [a, b]\n" + minimal);
    const auto e = only_error(file);
    check_at(e, file, 1, 10);
    CHECK_THAT(e.message(), Catch::StartsWith("expected a template name") && Catch::EndsWith("found a list"));
}

TEST_CASE("a syntax error in a template is reported in the template", "[program_loader][extends]") {
    temp_folder folder;
    const auto base = folder.write("base.yaml", "timeline:\n  duration: 6 months\n   meeting_cadence: 2w\n");
    const auto file = folder.write("p.yaml", "extends: ./base\n" + minimal);
    const auto e = only_error(file);
    CHECK(e.mark().file == base.lexically_normal().string());
    CHECK(e.mark().line == 3);
    CHECK_THAT(e.message(), Catch::StartsWith("YAML syntax error"));
}

TEST_CASE("a template that is not a mapping is an error", "[program_loader][extends]") {
    temp_folder folder;
    const auto base = folder.write("base.yaml", "- a\n- b\n");
    const auto file = folder.write("p.yaml", "extends: ./base\n" + minimal);
    const auto e = only_error(file);
    check_at(e, base.lexically_normal(), 1, 1);
    CHECK(e.message() == "a template must be a mapping of 'key: value' lines, found a list");
}

TEST_CASE("a template outside the program's folder and the template folders is refused unread",
          "[program_loader][extends]") {
    temp_folder folder;
    folder.write("secret.yaml", "password: hunter2\n");
    folder.write("templates/base.yaml", "timeline: {duration: 6 months}\n");
    const program_loader_options options{{folder / "templates"}};
    const auto outside = [&](const fs::path& file, const std::string& ref) {
        const auto e = only_error(file, options);
        check_at(e, file, 1, 10);
        CHECK_THAT(e.message(), Catch::StartsWith("template '" + ref + "' is " +
                                                  fs::weakly_canonical(folder / "secret.yaml").string() +
                                                  ", outside the program's folder and the template folders (") &&
                                    Catch::EndsWith("); templates are read only from those"));
        CHECK_THAT(e.what(), !Catch::Contains("hunter2"));
    };
    SECTION("a relative path climbing out") {
        outside(folder.write("programs/p.yaml", "extends: ../secret\n" + minimal), "../secret");
    }
    SECTION("an absolute path") {
        const auto ref = (folder / "secret.yaml").string();
        outside(folder.write("programs/p.yaml", "extends: " + ref + "\n" + minimal), ref);
    }
    SECTION("a symbolic link in the program's folder") {
        fs::create_directories(folder / "programs");
        fs::create_symlink(folder / "secret.yaml", folder / "programs" / "base.yaml");
        outside(folder.write("programs/p.yaml", "extends: ./base\n" + minimal), "./base");
    }
    SECTION("a symbolic link in a template folder") {
        fs::create_symlink(folder / "secret.yaml", folder / "templates" / "linked.yaml");
        outside(folder.write("programs/p.yaml", "extends: linked\n" + minimal), "linked");
    }
    SECTION("a template in a template folder may extend another there by path") {
        folder.write("templates/child.yaml", "extends: ./base\n");
        const auto file = folder.write("programs/p.yaml", "extends: child\n" + minimal);
        CHECK(load_program(file, options).chain.size() == 3);
    }
}

TEST_CASE("extends reads only YAML files, and an error quotes nothing of a file that is not a program",
          "[program_loader][extends]") {
    temp_folder folder;
    folder.write("passwd", "root:x:0:0:root:/root:/bin/bash\n");
    SECTION("a file without .yaml is not a template") {
        const auto file = folder.write("p.yaml", "extends: ./passwd\n" + minimal);
        const auto e = only_error(file);
        CHECK_THAT(e.message(), Catch::StartsWith("template './passwd' not found"));
        CHECK_THAT(e.what(), !Catch::Contains("root:"));
    }
    SECTION("a template that is a text") {
        folder.write("base.yaml", "root:x:0:0:root:/root:/bin/bash\n");
        const auto file = folder.write("p.yaml", "extends: ./base\n" + minimal);
        CHECK(only_error(file).message() == "a template must be a mapping of 'key: value' lines, found a text");
    }
    SECTION("a program file that is a text") {
        const auto e = only_error(folder / "passwd");
        CHECK(e.message() == "a program definition must be a mapping of 'key: value' lines, found a text");
    }
}

TEST_CASE("every duplicate key of a program is reported, in the program and in its templates",
          "[program_loader][keys]") {
    temp_folder folder;
    const auto file = folder.write("p.yaml", minimal + "name: Again\nid: again\n");
    const auto errors = errors_of(file);
    REQUIRE(errors.size() == 2);
    check_at(errors[0], file, 6, 1);
    CHECK(errors[0].message() == "duplicate key 'name' (first at line 2)");
    check_at(errors[1], file, 7, 1);
    CHECK(errors[1].message() == "duplicate key 'id' (first at line 1)");
}

TEST_CASE("a value or key quoted in an error has its control characters escaped", "[program_loader]") {
    temp_folder folder;
    const auto file =
        folder.write("p.yaml", minimal + "matching:\n  strategy: \"\\e[2Joptimal\"\n  \"\\e[31mcolour\": 1\n");
    const auto errors = errors_of(file);
    REQUIRE(errors.size() == 2);
    CHECK_THAT(errors[0].message(), Catch::EndsWith("found '\\x1B[2Joptimal'"));
    CHECK_THAT(errors[1].message(), Catch::StartsWith("unknown key '\\x1B[31mcolour'"));
    for (const auto& e : errors) CHECK_THAT(e.what(), !Catch::Contains("\x1B"));
}

// ---- keys --------------------------------------------------------------------------------

TEST_CASE("an unknown key is an error at the key with a did-you-mean hint", "[program_loader][keys]") {
    temp_folder folder;
    const auto file = folder.write("p.yaml", minimal + "  meeting_cadense: 2w\nmatchng:\n  capacity: 1\n");
    const auto errors = errors_of(file);
    REQUIRE(errors.size() == 2);
    check_at(errors[0], file, 6, 3);
    CHECK(errors[0].message() == "unknown key 'meeting_cadense'; did you mean 'meeting_cadence'?");
    check_at(errors[1], file, 7, 1);
    CHECK(errors[1].message() == "unknown key 'matchng'; did you mean 'matching'?");
}

TEST_CASE("an unknown key with no close match lists the keys allowed", "[program_loader][keys]") {
    SECTION("at the top") {
        temp_folder folder;
        const auto file = folder.write("p.yaml", minimal + "owner: HR\n");
        const auto e = only_error(file);
        check_at(e, file, 6, 1);
        CHECK(e.message() ==
              "unknown key 'owner'; a program takes id, name, description, timeline, participants, "
              "matching, goals, evaluation, rehearsal or modules");
    }
    SECTION("in a section") {
        temp_folder folder;
        const auto file = folder.write("p.yaml", minimal + "goals:\n  deadline: 3 months\n");
        const auto e = only_error(file);
        check_at(e, file, 7, 3);
        CHECK(e.message() == "unknown key 'deadline'; 'goals' takes framework or limit_per_mentee");
    }
}

TEST_CASE("a misspelt key is an error in every mapping of the program format, nested lists included",
          "[program_loader][keys]") {
    struct misspelling {
        const char* where;
        std::string yaml;  // appended to the minimal program
        const char* key;
        const char* meant;
    };
    const misspelling cases[] = {
        {"the program", "descriptoin: x\n", "descriptoin", "description"},
        {"timeline", "  meeting_lenght: 1h\n", "meeting_lenght", "meeting_length"},
        {"a phase", "  phases:\n    - name: kickoff\n      starts: 0d\n      descripton: x\n", "descripton",
         "description"},
        {"a milestone", "  milestones:\n    - name: goals-agreed\n      after: 2w\n      onwer: mentee\n", "onwer",
         "owner"},
        {"participants", "participants:\n  on_eror: skip\n", "on_eror", "on_error"},
        {"a participant source", "participants:\n  sources:\n    - csvv: people.csv\n", "csvv", "csv"},
        {"matching", "matching:\n  capcity: 2\n", "capcity", "capacity"},
        {"matching weights", "matching:\n  weights:\n    skils: high\n", "skils", "skills"},
        {"matching constraints", "matching:\n  constraints:\n    min_grade_gpa: 1\n", "min_grade_gpa", "min_grade_gap"},
        {"goals", "goals:\n  framwork: smart\n", "framwork", "framework"},
        {"evaluation", "evaluation:\n  survey: []\n", "survey", "surveys"},
        {"a survey", "evaluation:\n  surveys:\n    - name: pulse\n      after: 30d\n      descripton: x\n",
         "descripton", "description"},
        {"a check-in question",
         "evaluation:\n  checkin_questions:\n    - id: trust\n      text: How is it going\n      txt: x\n", "txt",
         "text"},
        {"rehearsal", "rehearsal:\n  attendence: 0.9\n", "attendence", "attendance"},
    };
    for (const auto& c : cases) {
        DYNAMIC_SECTION("in " << c.where) {
            temp_folder folder;
            const auto text = minimal + c.yaml;
            const auto file = folder.write("p.yaml", text);
            const auto e = only_error(file);
            // Where the misspelt key is written, counted in the text itself.
            const auto offset = text.rfind(std::string{c.key} + ":");
            const auto line_start = text.rfind('\n', offset) + 1;
            const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n');
            check_at(e, file, static_cast<int>(line), static_cast<int>(offset - line_start) + 1);
            CHECK(e.message() == "unknown key '" + std::string{c.key} + "'; did you mean '" + c.meant + "'?");
        }
    }
}

TEST_CASE("a meeting cadence that would flood the journal is refused at its key, with the reason",
          "[program_loader][values][rates]") {
    temp_folder folder;
    const auto with_cadence = [&](const std::string& cadence) {
        return folder.write("p.yaml", minimal + "  meeting_cadence: " + cadence + "\n");
    };
    SECTION("one second") {
        const auto file = with_cadence("1s");
        const auto e = only_error(file);
        check_at(e, file, 6, 20);
        CHECK(e.message() ==
              "'timeline.meeting_cadence' of 1s would make each pair generate up to 259200 events a day "
              "(3 per meeting), but at most 24 events per pair a day are allowed: meetings must be "
              "at least 3h apart (such as '1w')");
    }
    SECTION("just under the limit's cadence") {
        CHECK_THAT(
            only_error(with_cadence("2h 59m")).message(),
            Catch::StartsWith("'timeline.meeting_cadence' of 2h 59m would make each pair generate up to 27 events"));
    }
    SECTION("zero") {
        CHECK(only_error(with_cadence("0d")).message() ==
              "'timeline.meeting_cadence' must be longer than zero (how often pairs meet, such as '2w')");
    }
    SECTION("the shortest cadence allowed, and the usual ones") {
        for (const char* cadence : {"3h", "1d", "2w", "1mo"})
            CHECK(load_program(with_cadence(cadence)).id == "test-program");
    }
}

TEST_CASE("a duplicate key in a program is reported at the second with the line of the first",
          "[program_loader][keys]") {
    temp_folder folder;
    const auto file = folder.write("p.yaml", minimal + "name: Again\n");
    const auto e = only_error(file);
    check_at(e, file, 6, 1);
    CHECK(e.message() == "duplicate key 'name' (first at line 2)");
}

TEST_CASE("missing required fields are reported at the mapping that lacks them", "[program_loader][required]") {
    temp_folder folder;
    const auto file = folder.write("p.yaml", "# nothing but a description\ndescription: x\ntimeline:\n  phases: []\n");
    const auto errors = errors_of(file);
    REQUIRE(errors.size() == 4);
    check_at(errors[0], file, 2, 1);
    CHECK_THAT(errors[0].message(), Catch::StartsWith("missing required key 'id' ("));
    check_at(errors[1], file, 2, 1);
    CHECK_THAT(errors[1].message(), Catch::StartsWith("missing required key 'name' ("));
    check_at(errors[2], file, 4, 3);
    CHECK_THAT(errors[2].message(), Catch::StartsWith("missing required key 'start' in 'timeline' ("));
    check_at(errors[3], file, 4, 3);
    CHECK_THAT(errors[3].message(), Catch::StartsWith("missing required key 'duration' in 'timeline' ("));
}

TEST_CASE("a required field left empty is reported at its key", "[program_loader][required]") {
    temp_folder folder;
    const auto file = folder.write("p.yaml", "id: p\nname:\ntimeline:\n  start: 2027-01-11\n  duration: 6 months\n");
    const auto e = only_error(file);
    check_at(e, file, 2, 1);
    CHECK_THAT(e.message(),
               Catch::StartsWith("expected the program's name") && Catch::EndsWith("for 'name', found nothing"));
}

TEST_CASE("an empty program file is an error", "[program_loader][required]") {
    temp_folder folder;
    const auto file = folder.write("p.yaml", "# to do\n");
    const auto e = only_error(file);
    check_at(e, file, 1, 1);
    CHECK_THAT(e.message(), Catch::Contains("empty"));
}

TEST_CASE("a program file that cannot be read is an error naming it", "[program_loader]") {
    temp_folder folder;
    const auto e = only_error(folder / "nope.yaml");
    CHECK(e.mark().file == (folder / "nope.yaml").string());
    CHECK_THAT(e.what(), Catch::EndsWith("cannot read the file: No such file or directory"));
}

// ---- values ------------------------------------------------------------------------------

TEST_CASE("the id must be a lowercase slug", "[program_loader][values]") {
    temp_folder folder;
    const auto file =
        folder.write("p.yaml", "id: Eng_2027\nname: P\ntimeline: {start: 2027-01-11, duration: 6 months}\n");
    const auto e = only_error(file);
    check_at(e, file, 1, 5);
    CHECK(e.message() ==
          "expected an id of lowercase letters, digits and '-', such as 'eng-2027' for 'id', found 'Eng_2027'");
}

TEST_CASE("a date that is not in the calendar is an error", "[program_loader][values]") {
    temp_folder folder;
    SECTION("30 February") {
        const auto file =
            folder.write("p.yaml", "id: p\nname: P\ntimeline:\n  start: 2027-02-30\n  duration: 6 months\n");
        const auto e = only_error(file);
        check_at(e, file, 4, 10);
        CHECK(e.message() == "expected " + std::string{date_syntax} +
                                 " for 'timeline.start', found '2027-02-30' (February 2027 has 28 days)");
    }
    SECTION("month 13") {
        const auto file =
            folder.write("p.yaml", "id: p\nname: P\ntimeline:\n  start: 2027-13-01\n  duration: 6 months\n");
        CHECK_THAT(only_error(file).message(), Catch::EndsWith("(there is no month 13)"));
    }
    SECTION("not ISO") {
        const auto file =
            folder.write("p.yaml", "id: p\nname: P\ntimeline:\n  start: 11/01/2027\n  duration: 6 months\n");
        CHECK_THAT(only_error(file).message(), Catch::EndsWith("found '11/01/2027'"));
    }
    SECTION("29 February of a leap year is fine") {
        const auto file =
            folder.write("p.yaml", "id: p\nname: P\ntimeline:\n  start: 2028-02-29\n  duration: 6 months\n");
        CHECK(format_date(load_program(file).start) == "2028-02-29");
    }
}

TEST_CASE("a duration with an unknown unit is an error", "[program_loader][values]") {
    temp_folder folder;
    const auto file =
        folder.write("p.yaml", "id: p\nname: P\ntimeline:\n  start: 2027-01-11\n  duration: 2 fortnights\n");
    const auto e = only_error(file);
    check_at(e, file, 5, 13);
    CHECK(e.message() ==
          "expected " + std::string{duration_syntax} +
              " for 'timeline.duration', found '2 fortnights' ('fortnights' is not a unit; use ms, s, m, "
              "h, d, w, mo or y)");
}

TEST_CASE("a misspelt duration unit gets a suggestion", "[program_loader][values]") {
    temp_folder folder;
    const auto file = folder.write("p.yaml", minimal + "  meeting_cadence: 2 weeeks\n");
    CHECK_THAT(only_error(file).message(), Catch::EndsWith("('weeeks' is not a unit; did you mean 'weeks'?)"));
}

TEST_CASE("a negative duration is an error", "[program_loader][values]") {
    temp_folder folder;
    const auto file = folder.write("p.yaml", minimal + "  meeting_cadence: -3d\n");
    const auto e = only_error(file);
    check_at(e, file, 6, 20);
    CHECK(e.message() == "expected " + std::string{duration_syntax} +
                             " for 'timeline.meeting_cadence', found '-3d' (a duration cannot be negative)");
}

TEST_CASE("a program may run five years at most: what it generates grows with its length", "[program_loader][values]") {
    temp_folder folder;
    for (const char* duration : {"1000y", "61 months", "1900d"}) {
        INFO(duration);
        const auto file = folder.write("p.yaml", std::string{"id: p\nname: P\ntimeline:\n  start: 2027-01-11\n  duration: "} +
                                                     duration + "\n");
        const auto errors = errors_of(file);
        REQUIRE(errors.size() == 1);
        check_at(errors[0], file, 5, 13);
        CHECK_THAT(errors[0].message(), Catch::StartsWith("the program duration may be at most 5 years"));
    }
    const auto five = folder.write("five.yaml", "id: p\nname: P\ntimeline:\n  start: 2027-01-11\n  duration: 5y\n");
    CHECK(load_program(five).length.months == 60);
}

TEST_CASE("durations that make no sense for their field are errors", "[program_loader][values]") {
    temp_folder folder;
    const auto file = folder.write("p.yaml", R"(id: p
name: P
timeline:
  start: 2027-01-11
  duration: 0d
  meeting_cadence: 0w
  meeting_length: 25h
)");
    const auto errors = errors_of(file);
    REQUIRE(errors.size() == 3);
    check_at(errors[0], file, 5, 13);
    CHECK(errors[0].message() == "the program duration must be longer than zero");
    check_at(errors[1], file, 6, 20);
    CHECK_THAT(errors[1].message(), Catch::StartsWith("'timeline.meeting_cadence' must be longer than zero"));
    check_at(errors[2], file, 7, 19);
    CHECK_THAT(errors[2].message(), Catch::StartsWith("'timeline.meeting_length' must be between zero and 24 hours"));
}

TEST_CASE("phases have unique names and start in order within the program", "[program_loader][values]") {
    temp_folder folder;
    const auto file = folder.write("p.yaml", minimal + R"(  phases:
    - name: kickoff
      starts: 0d
    - name: active
      starts: 1 month
    - name: review
      starts: 3w
    - name: kickoff
      starts: 2 months
    - name: closing
      starts: 6 months
    - starts: 1y
    - closing
)");
    const auto errors = errors_of(file);
    REQUIRE(errors.size() == 6);
    check_at(errors[0], file, 12, 15);
    CHECK(errors[0].message() ==
          "phase 'review' starts at 3w, before the phase above it ('active') at 1 month; list phases "
          "in the order they start");
    check_at(errors[1], file, 13, 13);
    CHECK(errors[1].message() == "phase name 'kickoff' is used twice (first at line 7)");
    check_at(errors[2], file, 16, 15);
    CHECK(errors[2].message() ==
          "phase 'closing' starts at 6 months, which is not before the program ends (duration 6mo); "
          "a phase must start within the program");
    check_at(errors[3], file, 17, 7);
    CHECK_THAT(errors[3].message(), Catch::StartsWith("missing required key 'name' in 'timeline.phases[5]'"));
    check_at(errors[4], file, 17, 15);
    CHECK_THAT(errors[4].message(), Catch::StartsWith("this phase starts at 1y, which is not before the program ends"));
    check_at(errors[5], file, 18, 7);
    CHECK(errors[5].message() == "expected a mapping of 'key: value' lines for 'timeline.phases[6]', found 'closing'");
}

TEST_CASE("phases may start together and at the very start", "[program_loader][values]") {
    temp_folder folder;
    const auto file =
        folder.write("p.yaml", minimal + "  phases:\n    - {name: a, starts: 0d}\n    - {name: b, starts: 0d}\n");
    CHECK_NOTHROW(load_program(file));
}

TEST_CASE("matching settings are checked", "[program_loader][values]") {
    temp_folder folder;
    const auto file = folder.write("p.yaml", minimal + R"(matching:
  strategy: greedy
  capacity: 1.5
  candidates: 0
  weights: {skills: hig, goals: 100.5, seniority: -1, langauge: must, timezone: 0.5}
  constraints:
    min_grade_gap: 2
    max_grade_gap: 1
    max_timezone_difference: 1 month
    language_min_level: b2
    exclude_reporting_line: sometimes
)");
    const auto errors = errors_of(file);
    REQUIRE(errors.size() == 11);
    check_at(errors[0], file, 7, 13);
    CHECK(errors[0].message() == "expected optimal, stable or suggest for 'matching.strategy', found 'greedy'");
    check_at(errors[1], file, 8, 13);
    CHECK(errors[1].message() == "expected a whole number of at least 1 for 'matching.capacity', found '1.5'");
    check_at(errors[2], file, 9, 15);
    check_at(errors[3], file, 10, 21);
    CHECK(errors[3].message() ==
          "expected must, high, medium, low or none, or a number from 0 to 100 for "
          "'matching.weights.skills', found 'hig'; did you mean 'high'?");
    check_at(errors[4], file, 10, 33);
    CHECK_THAT(errors[4].message(), Catch::EndsWith("found '100.5'"));
    check_at(errors[5], file, 10, 51);
    check_at(errors[6], file, 10, 55);
    CHECK(errors[6].message() == "unknown key 'langauge'; did you mean 'language'?");
    check_at(errors[7], file, 13, 20);
    CHECK(errors[7].message() ==
          "'matching.constraints.max_grade_gap' (1) is smaller than min_grade_gap (2): no pair "
          "could be matched");
    check_at(errors[8], file, 14, 30);
    CHECK_THAT(errors[8].message(),
               Catch::StartsWith("'matching.constraints.max_timezone_difference' must be at most 26h"));
    check_at(errors[9], file, 15, 25);
    CHECK(errors[9].message() ==
          "expected A1, A2, B1, B2, C1 or C2 for 'matching.constraints.language_min_level', "
          "found 'b2'; did you mean 'B2'?");
    check_at(errors[10], file, 16, 29);
    CHECK(errors[10].message() ==
          "expected true or false for 'matching.constraints.exclude_reporting_line', found "
          "'sometimes'");
}

TEST_CASE("goal settings are checked", "[program_loader][values]") {
    temp_folder folder;
    const auto file = folder.write("p.yaml", minimal + "goals:\n  framework: OKR\n  limit_per_mentee: many\n");
    const auto errors = errors_of(file);
    REQUIRE(errors.size() == 2);
    check_at(errors[0], file, 7, 14);
    CHECK(errors[0].message() == "expected smart, okr or free for 'goals.framework', found 'OKR'; did you mean 'okr'?");
    check_at(errors[1], file, 8, 21);
    CHECK(errors[1].message() == "expected a whole number of at least 1 for 'goals.limit_per_mentee', found 'many'");
}

TEST_CASE("a survey has a unique name and either 'after' or 'at: end'", "[program_loader][values]") {
    temp_folder folder;
    const auto file = folder.write("p.yaml", minimal + R"(evaluation:
  surveys:
    - name: pulse
      after: 30d
    - name: pulse
      at: end
    - name: both
      after: 1w
      at: end
    - name: neither
    - name: wrong
      at: start
)");
    const auto errors = errors_of(file);
    REQUIRE(errors.size() == 4);
    check_at(errors[0], file, 10, 13);
    CHECK(errors[0].message() == "survey name 'pulse' is used twice (first at line 8)");
    check_at(errors[1], file, 14, 11);
    CHECK(errors[1].message() == "a survey has either 'after' (a duration after the match) or 'at: end', not both");
    check_at(errors[2], file, 15, 7);
    CHECK_THAT(errors[2].message(), Catch::StartsWith("a survey needs 'after'"));
    check_at(errors[3], file, 17, 11);
    CHECK(errors[3].message() == "expected end for 'evaluation.surveys[4].at', found 'start'");
}

TEST_CASE("participant sources are csv or yaml files or Europass CVs", "[program_loader][values]") {
    temp_folder folder;
    const auto file = folder.write("p.yaml", minimal + R"(participants:
  on_error: skip
  sources:
    - europass: cvs/
    - xlsx: people.xlsx
    - {csv: a.csv, yaml: b.yaml}
    - people.csv
    - csv:
)");
    const auto errors = errors_of(file);
    REQUIRE(errors.size() == 4);
    check_at(errors[0], file, 10, 7);
    CHECK(errors[0].message() == "unknown key 'xlsx'; 'participants.sources[1]' takes csv, yaml or europass");
    check_at(errors[1], file, 11, 7);
    CHECK(errors[1].message() ==
          "expected one source, written as 'csv: <file>', 'yaml: <file>' or 'europass: <file or folder>' for "
          "'participants.sources[2]', found a mapping");
    check_at(errors[2], file, 12, 7);
    check_at(errors[3], file, 13, 7);
    CHECK(errors[3].message() ==
          "expected the path of a csv file, relative to this file for 'participants.sources[4].csv', "
          "found nothing");
}

TEST_CASE("the import policy is stop or skip", "[program_loader][values]") {
    temp_folder folder;
    const auto file = folder.write("p.yaml", minimal + "participants:\n  on_error: ignore\n");
    const auto errors = errors_of(file);
    REQUIRE(errors.size() == 1);
    check_at(errors[0], file, 7, 13);
    CHECK_THAT(errors[0].message(), Catch::Contains("stop") && Catch::Contains("skip") &&
                                        Catch::Contains("'participants.on_error'"));
}

TEST_CASE("a section of the wrong kind is an error at the section", "[program_loader][values]") {
    temp_folder folder;
    const auto file = folder.write("p.yaml", minimal + "matching: optimal\ngoals: [smart]\n");
    const auto errors = errors_of(file);
    REQUIRE(errors.size() == 2);
    check_at(errors[0], file, 6, 11);
    CHECK(errors[0].message() == "expected a mapping of 'key: value' lines for 'matching', found 'optimal'");
    check_at(errors[1], file, 7, 8);
}

// ---- the error report --------------------------------------------------------------------

TEST_CASE("all errors are reported at once, one per line, sorted by file, line and column",
          "[program_loader][report]") {
    temp_folder folder;
    const auto base = folder.write("base.yaml", "goals:\n  framework: kpi\ntimeline: {duration: 6 months}\n");
    const auto file = folder.write("p.yaml", R"(extends: ./base
id: P
name: P
timeline:
  start: 2027-02-29
matching: {capacity: 0, strategy: best}
)");
    try {
        load_program(file);
        FAIL("no error");
    } catch (const program_error& e) {
        REQUIRE(e.errors().size() == 5);
        std::vector<std::string> lines;
        std::istringstream what{e.what()};
        for (std::string line; std::getline(what, line);) lines.push_back(line);
        REQUIRE(lines.size() == 5);
        for (std::size_t i = 0; i < lines.size(); ++i) CHECK(lines[i] == e.errors()[i].what());

        const std::string b = base.lexically_normal().string();
        const std::string p = file.string();
        // base.yaml sorts before p.yaml whatever the temporary folder is called.
        CHECK_THAT(lines[0], Catch::StartsWith(b + ":2:14: expected smart, okr or free for 'goals.framework'"));
        CHECK_THAT(lines[1], Catch::StartsWith(p + ":2:5: expected an id"));
        CHECK_THAT(lines[2], Catch::StartsWith(p + ":5:10: expected a date"));
        CHECK_THAT(lines[3], Catch::StartsWith(p + ":6:22: expected a whole number"));
        CHECK_THAT(lines[4], Catch::StartsWith(p + ":6:35: expected optimal, stable or suggest"));
    }
}

TEST_CASE("program_error sorts the errors it is given", "[program_loader][report]") {
    const program_error e{{config_error{{"b.yaml", 1, 1}, "third"}, config_error{{"a.yaml", 9, 2}, "second"},
                           config_error{{"a.yaml", 9, 1}, "first"}}};
    CHECK(std::string{e.what()} == "a.yaml:9:1: first\na.yaml:9:2: second\nb.yaml:1:1: third");
    REQUIRE(e.errors().size() == 3);
    CHECK(e.errors()[0].message() == "first");
}

TEST_CASE("rehearsal settings are checked, and at-risk thresholds point to the relationship module", "[program_loader]") {
    temp_folder dir;
    const auto good = dir.write("good.yaml", minimal +
                                                 "rehearsal:\n  attendance: 0.9\n  rating_mean: 3.5\n"
                                                 "  goals_per_mentee: 2\n");
    CHECK_NOTHROW(load_program(good));

    const auto bad_attendance = dir.write("a.yaml", minimal + "rehearsal:\n  attendance: 1.5\n");
    auto e = only_error(bad_attendance);
    check_at(e, bad_attendance, 7, 15);
    CHECK_THAT(e.message(), Catch::StartsWith("expected a probability from 0 to 1, such as 0.85"));

    const auto misspelled = dir.write("m.yaml", minimal + "rehearsal:\n  atendance: 0.5\n");
    CHECK_THAT(only_error(misspelled).message(), Catch::Contains("did you mean 'attendance'?"));

    const auto moved = dir.write("l.yaml", minimal + "evaluation:\n  at_risk:\n    rating_below: 2\n");
    e = only_error(moved);
    check_at(e, moved, 8, 5);
    CHECK_THAT(e.message(), Catch::Contains("moved to the relationship module") &&
                                Catch::Contains("'modules.relationship.at_risk'"));
}

TEST_CASE("milestones need a unique name and an 'after', and take known anchors and owners", "[program_loader]") {
    temp_folder dir;
    const auto file = dir.write("m.yaml", minimal +
                                              "  milestones:\n"
                                              "    - {name: a, after: 2w, owner: mentee}\n"
                                              "    - {name: a, after: 3w}\n"
                                              "    - {name: b, after: 1w, from: kickoff}\n"
                                              "    - {name: c, owner: boss, after: 1w}\n"
                                              "    - {name: d}\n");
    const auto errors = errors_of(file);
    REQUIRE(errors.size() == 4);
    CHECK(errors[0].message() == "milestone name 'a' is used twice (first at line 7)");
    CHECK_THAT(errors[1].message(), Catch::Contains("'kickoff'") && Catch::Contains("relationship"));
    CHECK_THAT(errors[2].message(), Catch::Contains("'boss'") && Catch::Contains("program_manager"));
    CHECK_THAT(errors[3].message(), Catch::StartsWith("missing required key 'after'"));
    CHECK(errors[3].mark().line == 11);
}

TEST_CASE("check-in questions need an id and a text, ids unique", "[program_loader]") {
    temp_folder dir;
    const auto file = dir.write("q.yaml", minimal +
                                              "evaluation:\n"
                                              "  checkin_questions:\n"
                                              "    - {id: trust, text: How openly could you speak}\n"
                                              "    - {id: trust, text: Again}\n"
                                              "    - {id: pace}\n");
    const auto errors = errors_of(file);
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].message() == "question id 'trust' is used twice (first at line 8)");
    CHECK_THAT(errors[1].message(), Catch::StartsWith("missing required key 'text'"));
}
