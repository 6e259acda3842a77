#include "catalog_library.hpp"
#include "yaml_source.hpp"

#include <catch2/catch.hpp>

#include "temp_folder.hpp"

#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace mentorkit;
namespace fs = std::filesystem;
using mentorkit::test_support::temp_folder;

namespace {

std::string message_of_get(catalog_library& catalogs, std::string_view name) {
    try {
        catalogs.get(name);
    } catch (const config_error& e) {
        FAIL("a config_error instead of a missing or invalid catalog: " << e.what());
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    FAIL("catalog '" << name << "' was found");
    return {};
}

}  // namespace

TEST_CASE("a catalog is found by name in the first folder that has it", "[catalog_library]") {
    temp_folder dir;
    dir.write("a/guides.yaml", "- id: first-meeting\n  title: The first meeting\n");
    dir.write("b/guides.yaml", "- id: from-b\n");
    const auto objectives = dir.write("b/objectives.yaml", "growth: [leadership, integrity]\n");
    catalog_library catalogs{{dir / "missing", dir / "a", dir / "b"}};

    const auto& guides = catalogs.get("guides");
    CHECK(guides.to_json() == nlohmann::json::parse(R"([{"id": "first-meeting", "title": "The first meeting"}])"));
    CHECK(guides.mark().file == (dir / "a" / "guides.yaml").string());
    // Every node knows where it was written: file, line and column.
    const auto& title = guides.items()[0].at("title");
    CHECK(title.mark().file == (dir / "a" / "guides.yaml").string());
    CHECK(title.mark().line == 2);
    CHECK(title.mark().column == 10);

    const auto& found = catalogs.get("objectives");  // only in the second folder
    CHECK(found.mark().file == objectives.string());
    CHECK(found.at("growth").as_string_list() == std::vector<std::string>{"leadership", "integrity"});
}

TEST_CASE("a folder entry that is not a file does not hide the catalog in a later folder", "[catalog_library]") {
    temp_folder dir;
    fs::create_directories(dir / "a" / "guides.yaml");
    const auto file = dir.write("b/guides.yaml", "kind: guides\n");
    catalog_library catalogs{{dir / "a", dir / "b"}};
    CHECK(catalogs.get("guides").mark().file == file.string());
}

TEST_CASE("a catalog is parsed once and the same node is returned every time", "[catalog_library]") {
    temp_folder dir;
    const auto file = dir.write("guides.yaml", "version: 1\n");
    catalog_library catalogs{{dir.path()}};
    const auto& first = catalogs.get("guides");
    dir.write("guides.yaml", "version: 2\n");  // edited after the first read: not read again
    const auto& second = catalogs.get("guides");
    CHECK(&first == &second);
    CHECK(second.at("version").text() == "1");
    fs::remove(file);
    CHECK(&catalogs.get("guides") == &first);
}

TEST_CASE("the same catalog asked for from many threads is one node", "[catalog_library]") {
    temp_folder dir;
    dir.write("guides.yaml", "- a\n- b\n");
    catalog_library catalogs{{dir.path()}};
    std::vector<const config_node*> seen(8, nullptr);
    {
        std::vector<std::jthread> threads;
        for (std::size_t i = 0; i < seen.size(); ++i)
            threads.emplace_back([&catalogs, &seen, i] { seen[i] = &catalogs.get("guides"); });
    }
    for (const auto* node : seen) CHECK(node == seen[0]);
    CHECK(seen[0]->size() == 2);
}

TEST_CASE("a catalog added by hand is served ahead of the folders", "[catalog_library]") {
    temp_folder dir;
    dir.write("guides.yaml", "source: folder\n");
    catalog_library catalogs{{dir.path()}};
    catalogs.add("guides", detail::parse_yaml("source: added\n", "<catalog guides>"));
    catalogs.add("extra", detail::parse_yaml("- x\n", "<catalog extra>"));
    const auto& guides = catalogs.get("guides");
    CHECK(guides.at("source").text() == "added");
    CHECK(guides.mark().file == "<catalog guides>");
    CHECK(&catalogs.get("guides") == &guides);
    CHECK(catalogs.get("extra").items()[0].text() == "x");
}

TEST_CASE("a folder added later is searched after the others", "[catalog_library]") {
    temp_folder dir;
    dir.write("a/guides.yaml", "from: a\n");
    dir.write("b/guides.yaml", "from: b\n");
    dir.write("b/objectives.yaml", "from: b\n");
    catalog_library catalogs{{dir / "a"}};
    CHECK_THAT(message_of_get(catalogs, "objectives"), Catch::StartsWith("no catalog 'objectives'"));
    catalogs.add_folder(dir / "b");
    CHECK(catalogs.get("guides").at("from").text() == "a");
    CHECK(catalogs.get("objectives").at("from").text() == "b");  // a miss is not remembered

    catalog_library empty;
    empty.add_folder(dir / "b");
    CHECK(empty.get("guides").at("from").text() == "b");
}

TEST_CASE("a catalog name is a name, not a path", "[catalog_library]") {
    temp_folder dir;
    dir.write("secret.yaml", "password: hunter2\n");  // next to the catalog folder
    dir.write("catalogs/sub/inner.yaml", "x: 1\n");   // below it
    dir.write("catalogs/career-paths_2027.yaml", "ok: true\n");
    catalog_library catalogs{{dir / "catalogs"}};
    for (const std::string name :
         {"../secret", "sub/inner", "sub\\inner", "/etc/passwd", "", "Guides", "guides.yaml", ".hidden", "two words"}) {
        INFO("name: '" << name << "'");
        CHECK(message_of_get(catalogs, name) ==
              "invalid catalog name '" + name + "': expected lower-case letters, digits, '-' or '_'");
    }
    CHECK(catalogs.get("career-paths_2027").at("ok").as_bool());
}

TEST_CASE("a missing catalog is an error naming the folders searched and the catalogs they hold", "[catalog_library]") {
    temp_folder dir;
    dir.write("a/objectives.yaml", "{}\n");
    dir.write("a/guides.yaml", "{}\n");
    dir.write("a/notes.txt", "not a catalog\n");
    dir.write("a/old.yml", "not a catalog either: only .yaml\n");
    dir.write("c/opportunities.yaml", "[]\n");
    dir.write("c/guides.yaml", "[]\n");  // listed once
    catalog_library catalogs{{dir / "a", dir / "b", dir / "c"}};
    catalogs.add("custom", config_node::map({"<catalog custom>", 1, 1}));
    CHECK(message_of_get(catalogs, "resources") == "no catalog 'resources' in " + (dir / "a").string() + " " +
                                                       (dir / "b").string() + " " + (dir / "c").string() +
                                                       "; available: custom guides objectives opportunities");
}

TEST_CASE("a missing catalog in folders that hold none is an error naming the folders", "[catalog_library]") {
    temp_folder dir;
    fs::create_directories(dir / "catalogs");
    catalog_library catalogs{{dir / "catalogs", dir / "missing"}};
    CHECK(message_of_get(catalogs, "resources") ==
          "no catalog 'resources' in " + (dir / "catalogs").string() + " " + (dir / "missing").string());
}

TEST_CASE("a missing catalog without catalog folders says where to configure them", "[catalog_library]") {
    catalog_library catalogs;
    CHECK(message_of_get(catalogs, "resources") ==
          "no catalog 'resources': no catalog folders are configured (catalog_dirs in the kernel config)");
}

TEST_CASE("a catalog that is not valid YAML is a config_error at its file, line and column", "[catalog_library]") {
    temp_folder dir;
    const auto file = dir.write("guides.yaml", "id: a\nname: x\nid: b\n");
    catalog_library catalogs{{dir.path()}};
    try {
        catalogs.get("guides");
        FAIL("an invalid catalog was read");
    } catch (const config_error& e) {
        CHECK(std::string{e.what()} == file.string() + ":3:1: duplicate key 'id' (first at line 1)");
        CHECK(e.mark().file == file.string());
    }
    // Nothing half-read is kept: once fixed, the catalog reads.
    dir.write("guides.yaml", "id: a\nname: x\n");
    CHECK(catalogs.get("guides").at("name").text() == "x");
}

TEST_CASE("a catalog is read under its own size limit and checked to be UTF-8", "[catalog_library]") {
    temp_folder dir;
    catalog_library catalogs{{dir.path()}};
    const auto latin1 = dir.write("guides.yaml", "guides:\n  - title: R\xE9union\n");
    try {
        catalogs.get("guides");
        FAIL("a catalog that is not UTF-8 was read");
    } catch (const config_error& e) {
        CHECK(e.mark().file == latin1.string());
        CHECK(e.mark().line == 2);
        CHECK(e.mark().column == 13);
        CHECK_THAT(e.message(), Catch::StartsWith("not valid UTF-8"));
    }
    // Larger than a program may be, smaller than a catalog may be.
    const std::string entry = "  - title: " + std::string(1000, 'x') + "\n";
    std::string large = "guides:\n";
    while (large.size() <= detail::max_program_file_bytes) large += entry;
    dir.write("resources.yaml", large);
    CHECK(catalogs.get("resources").at("guides").size() > 4000);
}
