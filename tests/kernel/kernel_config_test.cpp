#include "kernel_config.hpp"
#include "program_loader.hpp"

#include <mentorkit/config.hpp>

#include <catch2/catch.hpp>

#include "temp_folder.hpp"

#include <filesystem>
#include <fstream>
#include <string>

using namespace mentorkit;
namespace fs = std::filesystem;
using mentorkit::test_support::temp_folder;

namespace {


config_error config_error_of(const fs::path& file, const fs::path& prefix = "/opt/mentorkit") {
    try {
        load_kernel_config(file, prefix);
    } catch (const config_error& e) {
        return e;
    }
    FAIL("the kernel config loaded without errors");
    return config_error{{}, "not reached: FAIL throws"};
}

void check_at(const config_error& e, const fs::path& file, int line, int column) {
    INFO(e.what());
    CHECK(e.mark().file == file.string());
    CHECK(e.mark().line == line);
    CHECK(e.mark().column == column);
}

}  // namespace

TEST_CASE("the shipped kernel.yaml loads and finds the shipped templates", "[kernel_config][shipped]") {
    const fs::path source{MENTORKIT_SOURCE_DIR};
    const auto file = source / "config" / "kernel.yaml";
    const auto config = load_kernel_config(file, "/opt/mentorkit");
    CHECK(config.file == file);
    CHECK(config.plugin_paths == std::vector<fs::path>{"/opt/mentorkit/lib/mentorkit/plugins"});
    REQUIRE(config.template_dirs.size() == 1);
    CHECK(config.template_dirs[0] == fs::absolute(source / "config" / "templates").lexically_normal());
    CHECK(config.log_level == "info");
    CHECK(config.bus_workers == 2);
    CHECK(config.quarantine_after == 5);
    CHECK(config.dead_letter_capacity == 1000);

    // What the CLI does: the kernel config says where the templates are.
    const auto program = load_program(source / "config" / "programs" / "engineering-2027.yaml", {config.template_dirs});
    CHECK(program.id == "eng-2027");
}

TEST_CASE("relative paths are taken from the config file's folder and normalised", "[kernel_config]") {
    temp_folder folder;
    const auto file = folder.write("etc/kernel.yaml", R"(plugin_paths:
  - plugins/
  - ../lib/./more-plugins
  - /usr/lib/mentorkit/plugins
template_dirs: templates
)");
    const auto config = load_kernel_config(file, "/opt/mentorkit");
    const auto etc = fs::absolute(folder / "etc");
    CHECK(config.plugin_paths == std::vector<fs::path>{(etc / "plugins").lexically_normal(),
                                                       (folder / "lib" / "more-plugins").lexically_normal(),
                                                       "/usr/lib/mentorkit/plugins"});
    CHECK(config.template_dirs == std::vector<fs::path>{(etc / "templates").lexically_normal()});
}

TEST_CASE("${prefix} is replaced by the installation folder", "[kernel_config]") {
    temp_folder folder;
    const auto file =
        folder.write("kernel.yaml", "plugin_paths: ['${prefix}/lib/mentorkit/plugins', '${prefix}/../shared']\n");
    const auto config = load_kernel_config(file, "/opt/mentorkit/");
    CHECK(config.plugin_paths == std::vector<fs::path>{"/opt/mentorkit/lib/mentorkit/plugins", "/opt/shared"});
}

TEST_CASE("an unknown ${variable} is an error at its value", "[kernel_config]") {
    temp_folder folder;
    const auto file = folder.write("kernel.yaml", "template_dirs:\n  - ${home}/templates\n");
    const auto e = config_error_of(file);
    check_at(e, file, 2, 5);
    CHECK(e.message() == "unknown variable '${home}'; the only one is ${prefix} (the installation folder, above bin/)");
}

TEST_CASE("an empty kernel config keeps every default", "[kernel_config]") {
    temp_folder folder;
    const auto config = load_kernel_config(folder.write("kernel.yaml", "# defaults\n"), "/opt/mentorkit");
    const kernel_config defaults;
    CHECK(config.plugin_paths.empty());
    CHECK(config.template_dirs.empty());
    CHECK(config.log_level == defaults.log_level);
    CHECK(config.bus_workers == defaults.bus_workers);
    CHECK(config.quarantine_after == defaults.quarantine_after);
    CHECK(config.dead_letter_capacity == defaults.dead_letter_capacity);
}

TEST_CASE("an unknown key in the kernel config is an error with a did-you-mean hint", "[kernel_config]") {
    temp_folder folder;
    SECTION("at the top") {
        const auto file = folder.write("kernel.yaml", "log_level: info\nplugin_path: [plugins]\n");
        const auto e = config_error_of(file);
        check_at(e, file, 2, 1);
        CHECK(e.message() == "unknown key 'plugin_path'; did you mean 'plugin_paths'?");
    }
    SECTION("in bus") {
        const auto file = folder.write("kernel.yaml", "bus:\n  worker: 4\n");
        const auto e = config_error_of(file);
        check_at(e, file, 2, 3);
        CHECK(e.message() == "unknown key 'worker'; did you mean 'workers'?");
    }
}

TEST_CASE("log_level must be one of the levels", "[kernel_config]") {
    temp_folder folder;
    const auto file = folder.write("kernel.yaml", "log_level: warnn\n");
    const auto e = config_error_of(file);
    check_at(e, file, 1, 12);
    CHECK(e.message() ==
          "expected trace, debug, info, warn, error, critical or off for 'log_level', found 'warnn'; did you mean "
          "'warn'?");
    CHECK(load_kernel_config(folder.write("ok.yaml", "log_level: debug\n"), "/").log_level == "debug");
}

TEST_CASE("bus settings are checked against their ranges", "[kernel_config]") {
    temp_folder folder;
    SECTION("workers from 1 to 64") {
        const auto zero = folder.write("zero.yaml", "bus:\n  workers: 0\n");
        const auto e = config_error_of(zero);
        check_at(e, zero, 2, 12);
        CHECK(e.message() == "expected a whole number from 1 to 64 for 'bus.workers', found '0'");
        CHECK_THAT(config_error_of(folder.write("many.yaml", "bus: {workers: 65}\n")).message(),
                   Catch::EndsWith("found '65'"));
        CHECK_THAT(config_error_of(folder.write("text.yaml", "bus: {workers: two}\n")).message(),
                   Catch::EndsWith("found 'two'"));
    }
    SECTION("quarantine_after may be 0, not negative") {
        CHECK(load_kernel_config(folder.write("ok.yaml", "bus: {quarantine_after: 0}\n"), "/").quarantine_after == 0);
        const auto file = folder.write("bad.yaml", "bus: {quarantine_after: -1}\n");
        const auto e = config_error_of(file);
        check_at(e, file, 1, 25);
        CHECK(e.message() == "expected a whole number from 0 to 4294967295 for 'bus.quarantine_after', found '-1'");
    }
    SECTION("dead_letter_capacity at least 1") {
        const auto file = folder.write("bad.yaml", "bus:\n  dead_letter_capacity: 0\n");
        const auto e = config_error_of(file);
        check_at(e, file, 2, 25);
        CHECK(e.message() == "expected a whole number of at least 1 for 'bus.dead_letter_capacity', found '0'");
    }
    SECTION("all of them") {
        const auto config = load_kernel_config(
            folder.write("ok.yaml", "bus: {workers: 8, quarantine_after: 3, dead_letter_capacity: 50}\n"), "/");
        CHECK(config.bus_workers == 8);
        CHECK(config.quarantine_after == 3);
        CHECK(config.dead_letter_capacity == 50);
    }
}

TEST_CASE("a path list of the wrong kind is an error", "[kernel_config]") {
    temp_folder folder;
    const auto file = folder.write("kernel.yaml", "plugin_paths:\n  - {dir: plugins}\n");
    const auto e = config_error_of(file);
    check_at(e, file, 2, 5);
    CHECK(e.message() == "expected a folder path for 'plugin_paths[0]', found a mapping");
}

TEST_CASE("a kernel config that cannot be read is an error naming it", "[kernel_config]") {
    temp_folder folder;
    const auto missing = folder / "kernel.yaml";
    const auto e = config_error_of(missing);
    CHECK(std::string{e.what()} == missing.string() + ": cannot read the file: No such file or directory");
}

TEST_CASE("a kernel config that is not UTF-8 is an error at the byte, and a folder is not a config",
          "[kernel_config]") {
    temp_folder folder;
    const auto file = folder.write("kernel.yaml", "template_dirs: [mod\xE8les]\n");
    const auto e = config_error_of(file);
    check_at(e, file, 1, 20);
    CHECK_THAT(e.message(), Catch::StartsWith("not valid UTF-8 (byte 0xE8)"));
    CHECK_THAT(config_error_of(folder.path()).message(), Catch::Contains("is a folder"));
}

TEST_CASE("a value quoted in an error has its control characters escaped", "[kernel_config]") {
    temp_folder folder;
    const auto file = folder.write("kernel.yaml", "log_level: \"\\e[2Jdebug\"\n");
    const auto e = config_error_of(file);
    CHECK_THAT(e.message(), Catch::Contains("found '\\x1B[2Jdebug'"));
    CHECK_THAT(e.message(), !Catch::Contains("\x1B"));
}

TEST_CASE("the shipped kernel.yaml names the catalog folder next to it", "[kernel_config][shipped]") {
    const fs::path source{MENTORKIT_SOURCE_DIR};
    const auto config = load_kernel_config(source / "config" / "kernel.yaml", "/opt/mentorkit");
    CHECK(config.catalog_dirs ==
          std::vector<fs::path>{fs::absolute(source / "config" / "catalogs").lexically_normal()});
}

TEST_CASE("catalog_dirs are folders taken from the config file's folder, in order", "[kernel_config]") {
    temp_folder folder;
    SECTION("a list") {
        const auto file = folder.write("etc/kernel.yaml",
                                       "catalog_dirs:\n  - catalogs/\n  - ../shared/./catalogs\n"
                                       "  - ${prefix}/share/catalogs\n");
        const auto config = load_kernel_config(file, "/opt/mentorkit");
        const auto etc = fs::absolute(folder / "etc");
        CHECK(config.catalog_dirs == std::vector<fs::path>{(etc / "catalogs").lexically_normal(),
                                                           (folder / "shared" / "catalogs").lexically_normal(),
                                                           "/opt/mentorkit/share/catalogs"});
        CHECK(config.template_dirs.empty());  // a key of its own
    }
    SECTION("a single folder") {
        const auto file = folder.write("kernel.yaml", "catalog_dirs: /srv/catalogs\n");
        CHECK(load_kernel_config(file, "/opt/mentorkit").catalog_dirs == std::vector<fs::path>{"/srv/catalogs"});
    }
    SECTION("none unless configured") {
        const auto file = folder.write("kernel.yaml", "template_dirs: [templates]\n");
        CHECK(load_kernel_config(file, "/opt/mentorkit").catalog_dirs.empty());
        CHECK(kernel_config{}.catalog_dirs.empty());
    }
}

TEST_CASE("a catalog_dirs entry of the wrong kind is an error at it", "[kernel_config]") {
    temp_folder folder;
    const auto file = folder.write("kernel.yaml", "catalog_dirs:\n  - catalogs\n  - [nested]\n");
    const auto e = config_error_of(file);
    check_at(e, file, 3, 5);
    CHECK(e.message() == "expected a folder path for 'catalog_dirs[1]', found a list");
}

TEST_CASE("a misspelt catalog_dirs is an unknown key with a hint", "[kernel_config]") {
    temp_folder folder;
    const auto file = folder.write("kernel.yaml", "catalog_dir: [catalogs]\n");
    const auto e = config_error_of(file);
    check_at(e, file, 1, 1);
    CHECK(e.message() == "unknown key 'catalog_dir'; did you mean 'catalog_dirs'?");
}
