#include "store/store.hpp"

#include <catch2/catch.hpp>

#include "temp_folder.hpp"

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

using namespace mentorkit;
using mentorkit::test_support::temp_folder;

namespace {

event make_event(event_id id, std::string topic, nlohmann::json payload, std::string source = "cli") {
    event e;
    e.id = id;
    e.topic = std::move(topic);
    e.payload = std::move(payload);
    e.source = std::move(source);
    e.time = *parse_date("2027-01-11") + duration{0, std::chrono::hours{static_cast<int>(id)}};
    return e;
}

nlohmann::json person_payload(const std::string& id, const std::string& name, const std::string& role = "mentee") {
    return {{"id", id}, {"name", name}, {"role", role}, {"grade", 3}, {"skills", {{{"skill", "python"}, {"level", 4}}}}};
}

std::string pragma(const std::filesystem::path& file, const std::string& name) {
    sqlite::database db{file};
    auto s = db.prepare("PRAGMA " + name);
    s.step();
    return s.column_text(0);
}

}  // namespace

TEST_CASE("a new store has the latest schema, WAL mode and its program's id", "[store]") {
    temp_folder dir;
    const auto file = dir / "eng.db";
    {
        store s{file, "eng-2027"};
        CHECK(s.schema_version() == store::latest_schema_version());
        CHECK(s.last_event_id() == 0);
    }
    CHECK(pragma(file, "journal_mode") == "wal");
    CHECK_THROWS_WITH((store{file, "sales-2027"}),
                      file.string() + ": this is the store of program 'eng-2027', not of 'sales-2027'");
    CHECK_NOTHROW(store{file, "eng-2027"});  // reopening runs no migration twice
}

TEST_CASE("a store written by a newer mentorkit is refused", "[store]") {
    temp_folder dir;
    const auto file = dir / "future.db";
    { sqlite::database{file}.exec("PRAGMA user_version = 99"); }
    CHECK_THROWS_WITH((store{file, "p"}), Catch::Contains("schema version 99 is newer than this mentorkit's"));
}

TEST_CASE("a file that is not a store is refused with its name", "[store]") {
    temp_folder dir;
    const auto file = dir.write("notes.db", "this is not an SQLite database, it is a text file of some length\n");
    CHECK_THROWS_AS((store{file, "p"}), store_error);
    CHECK_THROWS_WITH((store{file, "p"}), Catch::Contains(file.string()));
}

TEST_CASE("journaled events read back exactly, in order", "[store]") {
    store s{":memory:", "p"};
    auto e1 = make_event(1, "program.started", {{"program", "p"}}, "kernel");
    auto e2 = make_event(2, "meeting.scheduled", {{"meeting_id", "m-1"}, {"relationship_id", "r-1"}}, "relationship");
    e2.correlation_id = 1;
    s.append(e1);
    s.append(e2);
    const auto journal = s.journal();
    REQUIRE(journal.size() == 2);
    CHECK(to_json(journal[0]) == to_json(e1));
    CHECK(to_json(journal[1]) == to_json(e2));
    CHECK(journal[1].time == e2.time);
    CHECK(s.journal(1).size() == 1);
    CHECK(s.last_event_id() == 2);
    CHECK(s.journal_size() == 2);
}

TEST_CASE("enrolment and updates project to one row per person; withdrawal removes them from the roster",
          "[store]") {
    store s{":memory:", "p"};
    s.append(make_event(1, "participant.enrolled", person_payload("p-1", "Ada")));
    s.append(make_event(2, "participant.enrolled", person_payload("p-2", "Li")));
    s.append(make_event(3, "participant.updated", person_payload("p-1", "Ada Okafor", "mentor")));
    auto people = s.people();
    REQUIRE(people.size() == 2);
    CHECK(people[0].name == "Ada Okafor");
    CHECK(people[0].role == participant_role::mentor);
    CHECK(people[0].skills == std::vector<skill_level>{{"python", 4}});
    s.append(make_event(4, "participant.withdrew", {{"person_id", "p-2"}, {"reason", "left the company"}}));
    CHECK(s.people().size() == 1);
    CHECK(s.find_person("p-2").has_value());  // still known, no longer enrolled
}

TEST_CASE("an event with a malformed payload is refused and nothing is stored", "[store]") {
    store s{":memory:", "p"};
    CHECK_THROWS_WITH(s.append(make_event(1, "participant.enrolled", {{"name", "no id"}})),
                      Catch::Contains("participant.enrolled: malformed payload") && Catch::Contains("\"id\""));
    CHECK_THROWS_WITH(s.append(make_event(1, "relationship.closed", {{"relationship_id", "r"}, {"outcome", "meh"}})),
                      "relationship.closed: \"outcome\" must be completed or closed_early, found meh");
    CHECK(s.journal_size() == 0);
    s.append(make_event(1, "participant.enrolled", person_payload("p-1", "Ada")));  // the id is still free
    CHECK(s.journal_size() == 1);
}

TEST_CASE("a batch stores all of its events or none", "[store]") {
    store s{":memory:", "p"};
    s.append(make_event(1, "participant.enrolled", person_payload("p-1", "Ada")));
    {
        store::batch b{s};
        s.append(make_event(2, "participant.enrolled", person_payload("p-2", "Li")));
        s.append(make_event(3, "participant.enrolled", person_payload("p-3", "Sam")));
        // A refused event inside the batch leaves the rest of it intact.
        CHECK_THROWS(s.append(make_event(4, "participant.enrolled", {{"name", "no id"}})));
    }  // not committed
    CHECK(s.journal_size() == 1);
    CHECK(s.people().size() == 1);
    {
        store::batch b{s};
        s.append(make_event(2, "participant.enrolled", person_payload("p-2", "Li")));
        CHECK_THROWS(s.append(make_event(3, "participant.enrolled", {{"name", "no id"}})));
        s.append(make_event(3, "participant.enrolled", person_payload("p-3", "Sam")));
        b.commit();
    }
    CHECK(s.journal_size() == 3);
    CHECK(s.people().size() == 3);
}

TEST_CASE("replaying the journal rebuilds an identical state", "[store]") {
    store s{":memory:", "p"};
    event_id id = 0;
    auto add = [&](std::string topic, nlohmann::json payload, std::string source = "cli") {
        s.append(make_event(++id, std::move(topic), std::move(payload), std::move(source)));
    };
    add("participant.enrolled", person_payload("m-1", "Mentor", "mentor"));
    add("participant.enrolled", person_payload("e-1", "Mentee"));
    add("participant.updated", person_payload("e-1", "Mentee Two"));
    add("match.proposed", {{"mentor_id", "m-1"}, {"mentee_id", "e-1"}, {"score", 81.5}, {"strategy", "optimal"},
                           {"explanation", {{{"criterion", "skills"}, {"contribution", 40.0}}}}});
    add("match.accepted", {{"mentor_id", "m-1"}, {"mentee_id", "e-1"}});
    add("relationship.started", {{"relationship_id", "r-1"}, {"mentor_id", "m-1"}, {"mentee_id", "e-1"}}, "kernel");
    add("meeting.scheduled", {{"meeting_id", "r-1/kickoff"}, {"relationship_id", "r-1"}, {"kind", "kickoff"},
                              {"due_by", "2027-01-20"}}, "relationship");
    add("meeting.held", {{"meeting_id", "r-1/kickoff"}});
    add("goal.set", {{"id", "g-1"}, {"mentee_id", "e-1"}, {"relationship_id", "r-1"}, {"title", "Lead a review"}});
    add("goal.progressed", {{"goal_id", "g-1"}, {"progress", 40}});
    add("checkin.submitted", {{"relationship_id", "r-1"}, {"from", "e-1"}, {"rating", 4}, {"wellbeing", 3}});
    add("relationship.closed", {{"relationship_id", "r-1"}, {"outcome", "completed"}});
    add("participant.withdrew", {{"person_id", "m-1"}});

    const auto before = s.snapshot();
    CHECK(before["people"].size() == 2);
    CHECK(before["module_outputs"].size() == 1);
    CHECK(s.replay() == id);
    CHECK(s.snapshot() == before);
}

TEST_CASE("a process killed in the middle of a batch loses nothing committed and opens cleanly",
          "[store][crash]") {
    temp_folder dir;
    const auto file = dir / "crash.db";
    {
        store s{file, "p"};
        s.append(make_event(1, "participant.enrolled", person_payload("p-1", "Ada")));
    }
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // The child imports 5,000 people in one batch and is killed before it commits.
        store s{file, "p"};
        store::batch b{s};
        for (event_id id = 2; id < 5002; ++id)
            s.append(make_event(id, "participant.enrolled", person_payload("p-" + std::to_string(id), "Someone")));
        std::raise(SIGKILL);
        _exit(0);  // not reached
    }
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGKILL);

    store reopened{file, "p"};
    CHECK(reopened.journal_size() == 1);
    CHECK(reopened.people().size() == 1);
    CHECK(pragma(file, "integrity_check") == "ok");
    reopened.append(make_event(2, "participant.enrolled", person_payload("p-2", "Li")));  // writable again
    CHECK(reopened.people().size() == 2);
}

TEST_CASE("a process killed right after an append keeps that event", "[store][crash]") {
    temp_folder dir;
    const auto file = dir / "crash.db";
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        store s{file, "p"};
        for (event_id id = 1; id <= 50; ++id)
            s.append(make_event(id, "participant.enrolled", person_payload("p-" + std::to_string(id), "Someone")));
        std::raise(SIGKILL);
        _exit(0);
    }
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    REQUIRE(WIFSIGNALED(status));
    store reopened{file, "p"};
    CHECK(reopened.journal_size() == 50);
    CHECK(reopened.last_event_id() == 50);
}

TEST_CASE("journal_matching reads the events of one topic, or of a pattern, in order", "[store]") {
    store s{":memory:", "p"};
    std::vector<event> appended{
        make_event(1, "goal.set", {{"id", "g-1"}, {"mentee_id", "e-1"}}),
        make_event(2, "ping", {{"n", 1}}, "test"),
        make_event(3, "goal.progressed", {{"goal_id", "g-1"}, {"progress", 40}}),
        make_event(4, "goal.set", {{"id", "g-2"}, {"mentee_id", "e-1"}}),
        make_event(5, "goal.set.late", {{"id", "g-2"}}, "relationship"),
        make_event(6, "goal", {}, "kernel"),
        make_event(7, "goals.set", {}, "kernel"),
    };
    appended[2].correlation_id = 1;
    for (const auto& e : appended) s.append(e);
    auto ids = [&s](std::string_view pattern) {
        std::vector<event_id> out;
        for (const auto& e : s.journal_matching(pattern)) out.push_back(e.id);
        return out;
    };

    SECTION("an exact topic: that topic only") {
        CHECK(ids("goal.set") == std::vector<event_id>{1, 4});
        CHECK(ids("goal") == std::vector<event_id>{6});
        CHECK(ids("goal.abandoned").empty());
        const auto events = s.journal_matching("goal.progressed");
        REQUIRE(events.size() == 1);
        CHECK(to_json(events[0]) == to_json(appended[2]));  // read back whole
        CHECK(events[0].time == appended[2].time);
    }
    SECTION("a pattern: every topic it matches") {
        CHECK(ids("goal.*") == std::vector<event_id>{1, 3, 4});
        CHECK(ids("goal.#") == std::vector<event_id>{1, 3, 4, 5, 6});
        CHECK(ids("*.set") == std::vector<event_id>{1, 4, 7});
        CHECK(ids("goal.*.late") == std::vector<event_id>{5});
        CHECK(ids("*") == std::vector<event_id>{2, 6});
        CHECK(ids("#") == std::vector<event_id>{1, 2, 3, 4, 5, 6, 7});
        CHECK(ids("meeting.*").empty());
        const auto events = s.journal_matching("goal.#");
        REQUIRE(events.size() == 5);
        CHECK(to_json(events[4]) == to_json(appended[5]));
    }
}

TEST_CASE("journal_matching is in id order and sees a committed batch", "[store]") {
    store s{":memory:", "p"};
    {
        store::batch b{s};
        s.append(make_event(10, "plan.reviewed", {{"n", 10}}));
        s.append(make_event(20, "plan.drafted", {}));
        s.append(make_event(5, "plan.reviewed", {{"n", 5}}));
        b.commit();
    }
    {
        store::batch b{s};
        s.append(make_event(30, "plan.reviewed", {}));
    }  // rolled back
    const auto reviewed = s.journal_matching("plan.reviewed");
    REQUIRE(reviewed.size() == 2);
    CHECK(reviewed[0].id == 5);
    CHECK(reviewed[0].payload == nlohmann::json{{"n", 5}});
    CHECK(reviewed[1].id == 10);
    const auto plans = s.journal_matching("plan.*");
    REQUIRE(plans.size() == 3);
    CHECK(plans[0].id == 5);
    CHECK(plans[1].id == 10);
    CHECK(plans[2].id == 20);
}
