#include "plugin_host.hpp"
#include "yaml_source.hpp"

#include <catch2/catch.hpp>

#include "temp_folder.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <cstddef>
#include <fstream>

using namespace mentorkit;
namespace fs = std::filesystem;
using mentorkit::test_support::temp_folder;

namespace {

struct host_fixture {
    simulated_clock clock{*parse_date("2027-01-04")};
    log_hub logs{"off"};
    in_process_bus bus{bus_options{2, 3, 100}, logs.make("bus"), clock};
    std::vector<event> events;
    timer_service timers{bus, clock, nullptr};
    plugin_host host{bus, clock, logs, timers};

    host_fixture() {
        bus.add_observer([this](const event& e) { events.push_back(e); });
    }
    std::vector<event> published(std::string_view topic) const {
        std::vector<event> out;
        for (const auto& e : events)
            if (e.topic == topic) out.push_back(e);
        return out;
    }
    plugin_request request(const char* path, std::string_view config_yaml = "{}") {
        auto config = detail::parse_yaml(config_yaml, "program.yaml");
        return plugin_request{host.load(path), config, source_mark{"program.yaml", 7, 3}};
    }
};


bool library_is_loaded(const char* path) {
    void* handle = dlopen(fs::canonical(path).c_str(), RTLD_LAZY | RTLD_NOLOAD);
    if (handle == nullptr) return false;
    dlclose(handle);  // balance the reference RTLD_NOLOAD took
    return true;
}

std::string message_of_load(host_fixture& f, const fs::path& path) {
    try {
        f.host.load(path);
    } catch (const plugin_load_error& e) {
        CHECK(e.file() == path);
        return e.what();
    }
    FAIL("the load of " << path << " was not refused");
    return {};
}

}  // namespace

TEST_CASE("a good plugin's manifest is read before anything is created", "[plugin_host]") {
    host_fixture f;
    const auto lib = f.host.load(FIXTURE_GOOD_PLUGIN_PATH);
    CHECK(lib->id == "good");
    CHECK(lib->version == "1.2.3");
    CHECK(lib->description == "test fixture good");
    CHECK(lib->roles == std::vector<std::string>{"teach"});
    CHECK(lib->depends_on.empty());
    CHECK(lib->sdk_major == MENTORKIT_SDK_API_MAJOR);
    CHECK(lib->sdk_minor == MENTORKIT_SDK_API_MINOR);
    CHECK(lib->provides("good"));
    CHECK(lib->provides("teach"));
    CHECK_FALSE(lib->provides("sponsor"));
    CHECK(f.host.status().empty());  // loaded, nothing created
}

TEST_CASE("a plugin built against another SDK major version is refused, naming file and both versions",
          "[plugin_host]") {
    host_fixture f;
    const auto major = std::to_string(MENTORKIT_SDK_API_MAJOR);
    const auto ours = major + "." + std::to_string(MENTORKIT_SDK_API_MINOR);
    const auto theirs = std::to_string(MENTORKIT_SDK_API_MAJOR + 1) + "." + std::to_string(MENTORKIT_SDK_API_MINOR);
    CHECK(message_of_load(f, FIXTURE_WRONG_MAJOR_PLUGIN_PATH) ==
          std::string{FIXTURE_WRONG_MAJOR_PLUGIN_PATH} + ": built against mentorkit SDK " + theirs +
              ", but this kernel provides SDK " + ours + ": the major versions must be equal (rebuild the plugin "
              "against SDK " + major + ".x)");
}

TEST_CASE("a plugin built against an older SDK major version is refused with the same message", "[plugin_host]") {
    host_fixture f;
    const auto major = std::to_string(MENTORKIT_SDK_API_MAJOR);
    const auto ours = major + "." + std::to_string(MENTORKIT_SDK_API_MINOR);
    const auto theirs = std::to_string(MENTORKIT_SDK_API_MAJOR - 1) + "." + std::to_string(MENTORKIT_SDK_API_MINOR);
    CHECK(message_of_load(f, FIXTURE_OLDER_MAJOR_PLUGIN_PATH) ==
          std::string{FIXTURE_OLDER_MAJOR_PLUGIN_PATH} + ": built against mentorkit SDK " + theirs +
              ", but this kernel provides SDK " + ours +
              ": the major versions must be equal (rebuild the plugin "
              "against SDK " +
              major + ".x)");
    CHECK(f.host.libraries().empty());
}

TEST_CASE("a plugin built against a newer SDK minor version is refused", "[plugin_host]") {
    host_fixture f;
    const auto ours = std::to_string(MENTORKIT_SDK_API_MAJOR) + "." + std::to_string(MENTORKIT_SDK_API_MINOR);
    const auto theirs = std::to_string(MENTORKIT_SDK_API_MAJOR) + "." + std::to_string(MENTORKIT_SDK_API_MINOR + 1);
    CHECK(message_of_load(f, FIXTURE_NEWER_MINOR_PLUGIN_PATH) ==
          std::string{FIXTURE_NEWER_MINOR_PLUGIN_PATH} + ": built against mentorkit SDK " + theirs +
              ", newer than this kernel's SDK " + ours + " (upgrade the kernel, or rebuild the plugin against SDK " +
              ours + ")");
}

TEST_CASE("a plugin built for another C++ ABI is refused", "[plugin_host]") {
    host_fixture f;
    CHECK(message_of_load(f, FIXTURE_WRONG_ABI_PLUGIN_PATH) ==
          std::string{FIXTURE_WRONG_ABI_PLUGIN_PATH} + ": built for C++ ABI 'itanium-1002/libc++', but this kernel "
                                                       "uses '" MENTORKIT_CXX_ABI
                                                       "' (rebuild it with the kernel's compiler and standard library)");
}

TEST_CASE("a plugin whose C++ ABI only begins like the kernel's is refused", "[plugin_host]") {
    host_fixture f;
    CHECK(message_of_load(f, FIXTURE_LONGER_ABI_PLUGIN_PATH) ==
          std::string{FIXTURE_LONGER_ABI_PLUGIN_PATH} +
              ": built for C++ ABI '" MENTORKIT_CXX_ABI "-debug', but this kernel uses '" MENTORKIT_CXX_ABI
              "' (rebuild it with the kernel's compiler and standard library)");
}

TEST_CASE("a shared library without the entry symbol is refused", "[plugin_host]") {
    host_fixture f;
    CHECK(message_of_load(f, FIXTURE_NO_ENTRY_PLUGIN_PATH) ==
          std::string{FIXTURE_NO_ENTRY_PLUGIN_PATH} + ": not a mentorkit plugin: it has no version note (export the "
                                                      "plugin class with MENTORKIT_EXPORT_PLUGIN)");
}

TEST_CASE("a file that is not a shared library is refused", "[plugin_host]") {
    host_fixture f;
    temp_folder dir;
    const auto fake = dir / "notes.so";
    std::ofstream{fake} << "meeting notes, not a library\n";
    CHECK(message_of_load(f, fake) == fake.string() + ": not a shared library: it has no ELF header");
    const auto empty = dir.write("empty.so", "");
    CHECK(message_of_load(f, empty) == empty.string() + ": not a shared library: it has no ELF header");
}

TEST_CASE("a second plugin with the same id is refused", "[plugin_host]") {
    host_fixture f;
    const auto first = f.host.load(FIXTURE_GOOD_PLUGIN_PATH);
    CHECK(message_of_load(f, FIXTURE_DUPLICATE_PLUGIN_PATH) ==
          std::string{FIXTURE_DUPLICATE_PLUGIN_PATH} + ": duplicate plugin id 'good': already loaded from " +
              first->file.string());
    CHECK(f.host.libraries().size() == 1);
}

TEST_CASE("discovery loads every plugin in a folder and keeps the refusals", "[plugin_host]") {
    host_fixture f;
    temp_folder dir;
    fs::copy_file(FIXTURE_GOOD_PLUGIN_PATH, dir / "a_good.so");
    fs::copy_file(FIXTURE_WRONG_MAJOR_PLUGIN_PATH, dir / "b_wrong_major.so");
    fs::copy_file(FIXTURE_NEEDS_TEACH_PLUGIN_PATH, dir / "c_needs_teach.so");
    std::ofstream{dir / "d_text.so"} << "not a library";
    std::ofstream{dir / "README.txt"} << "ignored: not a .so";
    f.host.discover({dir.path(), dir / "missing-folder"});
    REQUIRE(f.host.libraries().size() == 2);
    CHECK(f.host.libraries()[0]->id == "good");
    CHECK(f.host.libraries()[1]->id == "needs_teach");
    REQUIRE(f.host.problems().size() == 2);
    CHECK(f.host.problems()[0].file() == dir / "b_wrong_major.so");
    CHECK(f.host.problems()[1].file() == dir / "d_text.so");
}

TEST_CASE("a missing extra plugin folder is an error naming it; a missing installed one is skipped", "[plugin_host]") {
    host_fixture f;
    temp_folder dir;
    CHECK_NOTHROW(f.host.discover({dir / "not-installed"}));
    try {
        f.host.discover({dir / "mistyped"}, plugin_folder::extra);
        FAIL("no error");
    } catch (const plugin_load_error& e) {
        CHECK(e.file() == dir / "mistyped");
        CHECK(std::string{e.what()} ==
              (dir / "mistyped").string() + ": no such folder (given as an extra plugin path)");
    }
    const auto file = dir.write("plugin.so", "");
    CHECK_THROWS_WITH(f.host.discover({file}, plugin_folder::extra),
                      file.string() + ": an extra plugin path must be a folder of plugins");
}

TEST_CASE("a plugin on an extra path replaces the installed plugin of the same id, with a notice naming both",
          "[plugin_host]") {
    host_fixture f;
    temp_folder extra, installed;
    fs::copy_file(FIXTURE_DUPLICATE_PLUGIN_PATH, extra / "good.so");  // id 'good', no roles
    fs::copy_file(FIXTURE_GOOD_PLUGIN_PATH, installed / "good.so");
    f.host.discover({extra.path()}, plugin_folder::extra);
    f.host.discover({installed.path()});
    REQUIRE(f.host.libraries().size() == 1);
    CHECK(f.host.find("good")->file == fs::canonical(extra / "good.so"));
    CHECK(f.host.problems().empty());
    REQUIRE(f.host.notices().size() == 1);
    CHECK(f.host.notices()[0] == "plugin 'good' from the extra plugin path (" +
                                     fs::canonical(extra / "good.so").string() + ") replaces the installed one (" +
                                     (installed / "good.so").string() + ")");
}

TEST_CASE("two installed plugins with one id are still a refusal, not a replacement", "[plugin_host]") {
    host_fixture f;
    temp_folder first, second;
    fs::copy_file(FIXTURE_GOOD_PLUGIN_PATH, first / "good.so");
    fs::copy_file(FIXTURE_DUPLICATE_PLUGIN_PATH, second / "good.so");
    f.host.discover({first.path(), second.path()});
    CHECK(f.host.notices().empty());
    REQUIRE(f.host.problems().size() == 1);
    CHECK_THAT(f.host.problems()[0].what(), Catch::Contains("duplicate plugin id 'good'"));
}

TEST_CASE("plugins start after what they depend on and are stopped in reverse", "[plugin_host]") {
    host_fixture f;
    // Requested dependent first: the host must reorder.
    const auto errors = f.host.configure({f.request(FIXTURE_NEEDS_TEACH_PLUGIN_PATH), f.request(FIXTURE_GOOD_PLUGIN_PATH)});
    REQUIRE(errors.empty());
    CHECK(f.host.start_all().empty());
    const auto started = f.published("plugin.started");
    REQUIRE(started.size() == 2);
    CHECK(started[0].payload["plugin"] == "good");
    CHECK(started[1].payload["plugin"] == "needs_teach");
    CHECK(started[0].payload["version"] == "1.2.3");

    f.bus.publish("ping", {{"n", 1}});
    CHECK(f.published("pong").size() == 2);
    CHECK(f.published("pong")[0].source == "good");

    f.host.stop_all();
    for (const auto& s : f.host.status()) CHECK(s.state == plugin_state::stopped);
    f.bus.publish("ping");  // nobody answers any more
    CHECK(f.published("pong").size() == 2);
}

TEST_CASE("a missing dependency is an error at the module that needs it", "[plugin_host]") {
    host_fixture f;
    const auto errors = f.host.configure({f.request(FIXTURE_NEEDS_MISSING_PLUGIN_PATH)});
    REQUIRE(errors.size() == 1);
    CHECK(std::string{errors[0].what()} ==
          "program.yaml:7:3: plugin 'needs_missing' depends on 'sponsor', which no enabled module provides; enable a "
          "module that is or provides 'sponsor'");
    CHECK(f.host.status().empty());  // nothing was created
}

TEST_CASE("a dependency cycle is an error naming the cycle", "[plugin_host]") {
    host_fixture f;
    const auto errors = f.host.configure({f.request(FIXTURE_CYCLE_A_PLUGIN_PATH), f.request(FIXTURE_CYCLE_B_PLUGIN_PATH)});
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].message() == "dependency cycle: cycle_a → cycle_b → cycle_a");
    CHECK(f.host.status().empty());
}

TEST_CASE("a plugin whose constructor throws is reported and the kernel goes on", "[plugin_host]") {
    host_fixture f;
    const auto errors =
        f.host.configure({f.request(FIXTURE_THROWS_IN_CONSTRUCTOR_PLUGIN_PATH), f.request(FIXTURE_GOOD_PLUGIN_PATH)});
    REQUIRE(errors.size() == 1);
    CHECK(std::string{errors[0].what()} ==
          "program.yaml:7:3: plugin 'throws_in_constructor' failed to construct: constructor exploded");
    CHECK(f.host.start_all().empty());  // the failed one is skipped, the good one starts
    const auto status = f.host.status();
    REQUIRE(status.size() == 2);
    CHECK(status[0].state == plugin_state::failed);
    CHECK(status[1].state == plugin_state::started);
}

TEST_CASE("a plugin whose configure throws is reported with its id", "[plugin_host]") {
    host_fixture f;
    const auto errors = f.host.configure({f.request(FIXTURE_THROWS_IN_CONFIGURE_PLUGIN_PATH)});
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].message() == "plugin 'throws_in_configure' failed to configure: configure exploded");
}

TEST_CASE("a plugin's own config_error reaches the caller with the location in the program", "[plugin_host]") {
    host_fixture f;
    const auto errors = f.host.configure({f.request(FIXTURE_GOOD_PLUGIN_PATH, "reply_topc: pong\n")});
    REQUIRE(errors.size() == 1);
    CHECK(std::string{errors[0].what()} == "program.yaml:1:1: unknown key 'reply_topc'; did you mean 'reply_topic'?");
}

TEST_CASE("a plugin whose start throws is marked failed, its subscriptions removed, the others run", "[plugin_host]") {
    host_fixture f;
    REQUIRE(f.host.configure({f.request(FIXTURE_THROWS_IN_START_PLUGIN_PATH), f.request(FIXTURE_GOOD_PLUGIN_PATH)})
                .empty());
    const auto failures = f.host.start_all();
    CHECK(failures == std::vector<std::string>{"throws_in_start: start exploded"});
    const auto failed = f.published("plugin.failed");
    REQUIRE(failed.size() == 1);
    CHECK(failed[0].payload == nlohmann::json{{"plugin", "throws_in_start"}, {"stage", "start"}, {"error", "start exploded"}});
    f.bus.publish("ping");
    CHECK(f.published("pong").size() == 1);  // from good only
    CHECK(f.bus.dead_letters().empty());
}

TEST_CASE("a plugin that depends on a failed plugin is not started", "[plugin_host]") {
    host_fixture f;
    // needs_teach depends on the role "teach", which only `good` provides; good fails to
    // configure when given a bad setting, so needs_teach must not start.
    const auto errors = f.host.configure(
        {f.request(FIXTURE_GOOD_PLUGIN_PATH, "unknown: 1\n"), f.request(FIXTURE_NEEDS_TEACH_PLUGIN_PATH)});
    REQUIRE(errors.size() == 1);
    const auto failures = f.host.start_all();
    CHECK(failures == std::vector<std::string>{"needs_teach: not started: it depends on 'good', which is failed"});
}

TEST_CASE("a plugin whose handler keeps throwing is quarantined; the others keep receiving", "[plugin_host]") {
    host_fixture f;
    REQUIRE(f.host.configure({f.request(FIXTURE_THROWS_IN_HANDLER_PLUGIN_PATH), f.request(FIXTURE_GOOD_PLUGIN_PATH)})
                .empty());
    REQUIRE(f.host.start_all().empty());
    for (int i = 0; i < 4; ++i) f.bus.publish("ping", {{"n", i}});
    CHECK(f.published("pong").size() == 4);
    const auto dead = f.bus.dead_letters();
    REQUIRE(dead.size() == 3);  // quarantined at the third failure, the fourth ping never reached it
    CHECK(dead[0].subscriber == "throws_in_handler");
    CHECK(dead[0].error == "handler exploded");
    const auto quarantined = f.published("plugin.quarantined");
    REQUIRE(quarantined.size() == 1);
    CHECK(quarantined[0].payload["plugin"] == "throws_in_handler");
    CHECK(f.host.status()[0].state == plugin_state::quarantined);
}

TEST_CASE("a plugin library stays loaded while an object it created is alive", "[plugin_host]") {
    std::shared_ptr<plugin> survivor;
    {
        host_fixture f;
        REQUIRE(f.host.configure({f.request(FIXTURE_GOOD_PLUGIN_PATH)}).empty());
        REQUIRE(f.host.start_all().empty());
        survivor = f.host.instance("good");
        REQUIRE(survivor != nullptr);
        CHECK(library_is_loaded(FIXTURE_GOOD_PLUGIN_PATH));
    }
    // Host, bus and every other reference are gone; the instance alone holds the library.
    CHECK(library_is_loaded(FIXTURE_GOOD_PLUGIN_PATH));
    survivor.reset();
    CHECK_FALSE(library_is_loaded(FIXTURE_GOOD_PLUGIN_PATH));
}

TEST_CASE("a plugin library stays loaded while a subscription made for it is alive", "[plugin_host]") {
    host_fixture f;
    subscription kept;
    {
        plugin_host host{f.bus, f.clock, f.logs, f.timers};
        auto lib = host.load(FIXTURE_GOOD_PLUGIN_PATH);
        kept = f.bus.subscribe_as("good", lib, "ping", [](const event&) {}, delivery::synchronous);
    }
    CHECK(library_is_loaded(FIXTURE_GOOD_PLUGIN_PATH));
    kept.reset();
    CHECK_FALSE(library_is_loaded(FIXTURE_GOOD_PLUGIN_PATH));
}

TEST_CASE("stopping twice after a quarantine is harmless", "[plugin_host]") {
    host_fixture f;
    REQUIRE(f.host.configure({f.request(FIXTURE_THROWS_IN_HANDLER_PLUGIN_PATH)}).empty());
    REQUIRE(f.host.start_all().empty());
    for (int i = 0; i < 3; ++i) f.bus.publish("ping");
    REQUIRE(f.host.status()[0].state == plugin_state::quarantined);
    f.host.stop_all();
    f.host.stop_all();
    CHECK(f.host.status()[0].state == plugin_state::quarantined);
    CHECK(f.host.instance("throws_in_handler") == nullptr);
}

namespace {

// A host whose plugins find `journal` as their history and `catalogs` as their catalogs,
// as the kernel gives them the store's journal and its catalog folders.
struct services_fixture : host_fixture {
    std::vector<event> journal;
    std::vector<std::string> asked;  // the patterns plugins asked the history for
    catalog_library catalogs;
    plugin_host served{bus, clock, logs, timers,
                       plugin_services{[this](std::string_view pattern) {
                                           asked.emplace_back(pattern);
                                           std::vector<event> out;
                                           for (const auto& e : journal)
                                               if (topic_matches(pattern, e.topic)) out.push_back(e);
                                           return out;
                                       },
                                       &catalogs}};

    void journaled(event_id id, std::string topic, nlohmann::json payload = nlohmann::json::object()) {
        event e;
        e.id = id;
        e.topic = std::move(topic);
        e.payload = std::move(payload);
        e.source = "kernel";
        journal.push_back(std::move(e));
    }
    void start_reader(std::string_view config_yaml = "{}") {
        auto config = detail::parse_yaml(config_yaml, "program.yaml");
        REQUIRE(served.configure({plugin_request{served.load(FIXTURE_READER_PLUGIN_PATH), config, {}}}).empty());
        REQUIRE(served.start_all().empty());
    }
    // Asks the reader fixture and returns its answer.
    nlohmann::json ask(nlohmann::json question) {
        const auto before = published("reader.answer").size();
        bus.publish("reader.ask", std::move(question));
        const auto answers = published("reader.answer");
        REQUIRE(answers.size() == before + 1);
        return answers.back().payload;
    }
};

}  // namespace

TEST_CASE("a plugin's manifest tells the events it consumes and produces", "[plugin_host]") {
    host_fixture f;
    const auto good = f.host.load(FIXTURE_GOOD_PLUGIN_PATH);
    CHECK(good->consumes == std::vector<std::string>{"ping"});
    CHECK(good->produces == std::vector<std::string>{"pong", "fixture.started"});
    const auto reader = f.host.load(FIXTURE_READER_PLUGIN_PATH);
    CHECK(reader->consumes == std::vector<std::string>{"reader.ask", "tally.*"});
    CHECK(reader->produces == std::vector<std::string>{"reader.started", "reader.answer"});
    CHECK(reader->roles.empty());
    CHECK(reader->depends_on.empty());
}

TEST_CASE("a plugin built against an older SDK minor loads, with no consumed or produced events", "[plugin_host]") {
    host_fixture f;
    const auto lib = f.host.load(FIXTURE_SDK_1_1_PLUGIN_PATH);
    CHECK(lib->id == "sdk_1_1");
    CHECK(lib->version == "1.1.0");
    CHECK(lib->description == "built against SDK 1.1");
    CHECK(lib->roles == std::vector<std::string>{"mentor"});
    CHECK(lib->depends_on.empty());
    CHECK(lib->consumes.empty());
    CHECK(lib->produces.empty());
    CHECK(lib->sdk_major == 1);
    CHECK(lib->sdk_minor == 1);

    // And it runs.
    REQUIRE(f.host.configure({plugin_request{lib, detail::parse_yaml("{}", "program.yaml"), {}}}).empty());
    REQUIRE(f.host.start_all().empty());
    f.bus.publish("ping", {{"n", 3}});
    const auto pongs = f.published("pong");
    REQUIRE(pongs.size() == 1);
    CHECK(pongs[0].source == "sdk_1_1");
    CHECK(pongs[0].payload == nlohmann::json{{"n", 3}});
}

TEST_CASE("a manifest layout that ends before depends_on is refused", "[plugin_host]") {
    host_fixture f;
    CHECK(message_of_load(f, FIXTURE_LAYOUT_TOO_OLD_PLUGIN_PATH) ==
          std::string{FIXTURE_LAYOUT_TOO_OLD_PLUGIN_PATH} + ": its manifest layout (" +
              std::to_string(offsetof(mentorkit_plugin_abi, depends_on)) +
              " bytes) is older than this kernel can read");
    CHECK(f.host.libraries().empty());
}

TEST_CASE("a plugin reads the history its host is given, filtered by its pattern", "[plugin_host]") {
    services_fixture f;
    f.journaled(1, "goal.set", {{"id", "g-1"}, {"mentee_id", "e-1"}});
    f.journaled(2, "ping");
    f.journaled(3, "goal.progressed", {{"goal_id", "g-1"}, {"progress", 40}});
    f.journaled(4, "goal.set.late");
    f.start_reader("history: 'goal.*'\n");

    const auto started = f.published("reader.started");
    REQUIRE(started.size() == 1);
    CHECK(started[0].payload["events"] == nlohmann::json::parse(R"([[1, "goal.set"], [3, "goal.progressed"]])"));
    CHECK(std::find(f.asked.begin(), f.asked.end(), "goal.*") != f.asked.end());  // the pattern reached the host

    CHECK(f.ask({{"history", "ping"}})["events"] == nlohmann::json::parse(R"([[2, "ping"]])"));
    CHECK(f.ask({{"history", "goal.#"}})["events"] ==
          nlohmann::json::parse(R"([[1, "goal.set"], [3, "goal.progressed"], [4, "goal.set.late"]])"));
    CHECK(f.ask({{"history", "meeting.*"}})["events"] == nlohmann::json::array());
}

TEST_CASE("a plugin folds the history into the views it follows, then keeps them current", "[plugin_host]") {
    services_fixture f;
    f.journaled(1, "program.started", {{"start", "2027-01-04"}, {"duration", "10w"}});
    f.journaled(2, "participant.enrolled", {{"id", "m-1"}, {"role", "mentor"}});
    f.journaled(3, "participant.enrolled", {{"id", "e-1"}});
    f.journaled(4, "relationship.started", {{"relationship_id", "r-1"}, {"mentor_id", "m-1"}, {"mentee_id", "e-1"}});
    f.journaled(5, "goal.set", {{"id", "g-1"}, {"mentee_id", "e-1"}});
    f.journaled(6, "goal.progressed", {{"goal_id", "g-1"}, {"progress", 40}});
    f.start_reader();

    auto answer = f.ask({{"roster", "e-1"}});
    CHECK(answer["people"] == nlohmann::json{"e-1", "m-1"});
    CHECK(answer["active"] == nlohmann::json{"r-1"});
    CHECK(answer["mentor"] == "r-1");
    CHECK(answer["goals"] == nlohmann::json::parse(R"([["g-1", "open", 40]])"));
    CHECK(answer["start"] == "2027-01-04");
    CHECK(answer["end"] == "2027-03-15");

    // After start, what is published reaches the view through its subscriptions.
    f.bus.publish("participant.enrolled", {{"id", "e-2"}});
    f.bus.publish("goal.achieved", {{"goal_id", "g-1"}});
    answer = f.ask({{"roster", "e-1"}});
    CHECK(answer["people"] == nlohmann::json{"e-1", "e-2", "m-1"});
    CHECK(answer["goals"] == nlohmann::json::parse(R"([["g-1", "achieved", 100]])"));
}

TEST_CASE("a plugin reads the catalogs its host is given", "[plugin_host]") {
    services_fixture f;
    temp_folder dir;
    const auto file = dir.write("opportunities.yaml", "- id: o-1\n  title: Lead the guild\n");
    f.catalogs.add_folder(dir.path());
    f.start_reader();

    const auto answer = f.ask({{"catalog", "opportunities"}});
    CHECK(answer["catalog"] == nlohmann::json::parse(R"([{"id": "o-1", "title": "Lead the guild"}])"));
    CHECK(answer["file"] == file.string());
    CHECK(answer["line"] == 1);
    CHECK(answer["column"] == 1);
    CHECK(f.ask({{"catalog", "resources"}})["error"] ==
          "no catalog 'resources' in " + dir.path().string() + "; available: opportunities");
    CHECK(f.ask({{"catalog", "../opportunities"}})["error"] ==
          "invalid catalog name '../opportunities': expected lower-case letters, digits, '-' or '_'");
}

TEST_CASE("a host given no journal and no catalogs offers an empty history and says it has no catalogs",
          "[plugin_host]") {
    host_fixture f;
    f.bus.publish("goal.set", {{"id", "g-1"}});  // published, but this host keeps no journal
    REQUIRE(f.host.configure({f.request(FIXTURE_READER_PLUGIN_PATH)}).empty());
    REQUIRE(f.host.start_all().empty());
    const auto started = f.published("reader.started");
    REQUIRE(started.size() == 1);
    CHECK(started[0].payload["events"] == nlohmann::json::array());
    f.bus.publish("reader.ask", {{"catalog", "opportunities"}});
    const auto answers = f.published("reader.answer");
    REQUIRE(answers.size() == 1);
    CHECK(answers[0].payload["error"] == "no catalog 'opportunities': this kernel has no catalogs");
}
