// mentorkit ingest against careless and hostile activity: what it refers to must exist in the
// program, it must have happened within the program's timeline, only activity can be brought
// in, and a refused ingest leaves the journal exactly as it was.

#include <catch2/catch.hpp>

#include "cli_process.hpp"
#include "temp_folder.hpp"

#include "store/store.hpp"

#include <string>

using mentorkit::test_support::run_cli;
using mentorkit::test_support::temp_folder;

namespace {

const std::string program = std::string{MENTORKIT_SOURCE_DIR} + "/config/programs/engineering-2027.yaml";
const std::string people = std::string{MENTORKIT_SOURCE_DIR} + "/examples/data/people.csv";

// The sample cohort enrolled and matched: r-E0003-E0049 is one of its relationships.
struct matched_program {
    matched_program() {
        REQUIRE(run_cli("import " + program + " " + people + " --store " + store + " --log-level warn").exit_code == 0);
        REQUIRE(run_cli("match " + program + " --accept --out " + dir.path().string() + " --store " + store +
                        " --log-level warn")
                    .exit_code == 0);
    }
    mentorkit::test_support::cli_result ingest(const std::string& name, const std::string& text) const {
        return run_cli("ingest " + program + " " + dir.write(name, text).string() + " --store " + store +
                       " --log-level warn");
    }
    std::size_t journal_size() const { return mentorkit::store{store, "eng-2027"}.journal_size(); }

    temp_folder dir;
    std::string store = (dir / "eng.db").string();
};

const std::string checkin_header = "type,date,relationship_id,person_id,rating\n";

}  // namespace

TEST_CASE("ingest refuses activity dated outside the program's timeline and never lets it close the program",
          "[cli][ingest]") {
    matched_program p;
    const auto before = p.journal_size();
    const auto r = p.ingest("typo.csv", checkin_header + "checkin,2027-02-01,r-E0003-E0049,E0049,4\n"
                                                         "checkin,2027-10-11,r-E0003-E0049,E0003,3\n"
                                                         "checkin,2035-02-01,r-E0003-E0049,E0049,4\n");
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains("typo.csv:3:1: error: checkin.submitted: date: 2027-10-11 is not before the "
                                         "program's end (2027-10-11)"));
    CHECK_THAT(r.output, Catch::Contains("typo.csv:4:1: error: checkin.submitted: date: 2035-02-01 is not before"));
    CHECK_THAT(r.output, Catch::Contains("nothing ingested (2 errors)"));
    CHECK(p.journal_size() == before);  // not even a plugin.started
    const auto early = p.ingest("early.jsonl", R"({"topic": "checkin.submitted", "time": "2026-12-01", "payload": )"
                                               R"({"relationship_id": "r-E0003-E0049", "from": "E0049", "rating": 4}})"
                                               "\n");
    CHECK(early.exit_code == 1);
    CHECK_THAT(early.output, Catch::Contains("early.jsonl:1:1: error: checkin.submitted: time: 2026-12-01 is before "
                                             "the program's start (2027-01-11)"));
    // Real activity still comes in afterwards, up to the program's last day.
    const auto real = p.ingest("real.csv", checkin_header + "checkin,2027-01-11,r-E0003-E0049,E0049,4\n"
                                                            "checkin,2027-10-10T23:59,r-E0003-E0049,E0049,4\n");
    CHECK(real.exit_code == 0);
    CHECK_THAT(real.output, Catch::Contains("ingested 2 records"));
    CHECK(mentorkit::store{p.store, "eng-2027"}.count("program.closed") == 0);
}

TEST_CASE("ingest takes only activity: mentorkit's own topics and misspelt ones are refused", "[cli][ingest]") {
    matched_program p;
    const auto before = p.journal_size();
    const auto r = p.ingest("events.jsonl",
                            R"({"topic": "program.closed", "time": "2027-02-01", "payload": {}})"
                            "\n"
                            R"({"topic": "meeting.hled", "time": "2027-02-02", "payload": {}})"
                            "\n"
                            R"({"topic": "relationship.started", "time": "2027-02-03", "payload": )"
                            R"({"relationship_id": "r-x", "mentor_id": "E0003", "mentee_id": "E0001"}})"
                            "\n");
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains("events.jsonl:1:1: error: 'program.closed' is not activity that can be "
                                         "ingested; the topics are meeting.held, checkin.submitted"));
    CHECK_THAT(r.output, Catch::Contains("events.jsonl:2:1: error: 'meeting.hled' is not activity that can be "
                                         "ingested; did you mean 'meeting.held'?"));
    CHECK_THAT(r.output, Catch::Contains("events.jsonl:3:1: error: 'relationship.started' is not activity"));
    CHECK(p.journal_size() == before);
}

TEST_CASE("ingest checks every person, relationship and goal it names against the program", "[cli][ingest]") {
    matched_program p;
    const auto before = p.journal_size();
    const auto r = p.ingest(
        "refs.csv",
        "type,date,relationship_id,person_id,rating,goal_id,mentee_id,title,measure,target_date,progress\n"
        "checkin,2027-02-01,r-E9999-E0049,E0049,4,,,,,,\n"              // no such relationship
        "checkin,2027-02-02,r-E0003-E0049,E7777,4,,,,,,\n"              // nobody of that id
        "checkin,2027-02-03,r-E0003-E0049,E0074,4,,,,,,\n"              // enrolled, not in this pair
        "goal_set,2027-02-04,r-E0003-E0049,,,g-new,E0074,T,M,2027-06-01,\n"  // another pair's mentee
        "goal_progress,2027-02-05,,,,g-missing,,,,,50\n"                // no such goal
        "goal_set,2027-02-06,r-E0003-E0049,,,g-ok,E0049,T,M,2027-06-01,\n"
        "goal_progress,2027-02-07,,,,g-ok,,,,,50\n");                   // set just above: fine
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains("refs.csv:2:1: error: checkin.submitted: relationship_id: no relationship "
                                         "'r-E9999-E0049' in program 'eng-2027'"));
    CHECK_THAT(r.output, Catch::Contains("refs.csv:3:1: error: checkin.submitted: person_id: 'E7777' is not enrolled "
                                         "in program 'eng-2027'"));
    CHECK_THAT(r.output, Catch::Contains("refs.csv:4:1: error: checkin.submitted: person_id: 'E0074' is not the mentor "
                                         "or the mentee of relationship 'r-E0003-E0049' (mentor E0003, mentee E0049)"));
    CHECK_THAT(r.output, Catch::Contains("refs.csv:5:1: error: goal.set: mentee_id: 'E0074' is not the mentee of "
                                         "relationship 'r-E0003-E0049'"));
    CHECK_THAT(r.output, Catch::Contains("refs.csv:6:1: error: goal.progressed: goal_id: no goal 'g-missing'"));
    CHECK_THAT(r.output, Catch::Contains("nothing ingested (5 errors)"));
    CHECK(p.journal_size() == before);
}

TEST_CASE("ingest frees an abandoned goal's place, and takes only answers to open proposals", "[cli][ingest]") {
    matched_program p;
    const std::string header = "type,date,relationship_id,goal_id,mentee_id,title,measure,target_date,mentor_id\n";
    std::string goals;
    for (int n = 1; n <= 3; ++n)
        goals += "goal_set,2027-02-0" + std::to_string(n) + ",r-E0003-E0049,g-" + std::to_string(n) +
                 ",E0049,T,M,2027-06-01,\n";
    CHECK(p.ingest("three.csv", header + goals).exit_code == 0);  // at the limit of 3
    const auto fourth = p.ingest("fourth.csv", header + "goal_abandoned,2027-02-04,,g-1,,,,,\n"
                                                        "goal_set,2027-02-05,r-E0003-E0049,g-4,E0049,T,M,2027-06-01,\n");
    CHECK(fourth.exit_code == 0);
    // Abandoning the same goal again frees no second place.
    const auto twice = p.ingest("twice.csv", header + "goal_abandoned,2027-02-06,,g-2,,,,,\n"
                                                      "goal_abandoned,2027-02-06,,g-2,,,,,\n"
                                                      "goal_set,2027-02-06,r-E0003-E0049,g-5,E0049,T,M,2027-06-01,\n"
                                                      "goal_set,2027-02-06,r-E0003-E0049,g-6,E0049,T,M,2027-06-01,\n");
    CHECK(twice.exit_code == 1);
    CHECK_THAT(twice.output, Catch::Contains("twice.csv:5:1: error: goal.set: mentee_id: mentee 'E0049' would have 4 "
                                             "goals; the program allows 3"));
    // Matching accepted every proposal already (match --accept): there is nothing left to answer.
    const auto answer = p.ingest("answer.csv", "type,date,mentor_id,mentee_id\nmatch_accepted,2027-02-06,E0049,E0003\n");
    CHECK(answer.exit_code == 1);
    CHECK_THAT(answer.output, Catch::Contains("answer.csv:2:1: error: match.accepted: mentor_id: no open proposal of "
                                              "mentor 'E0049' for mentee 'E0003'"));
}

TEST_CASE("ingest refuses activity of someone who withdrew", "[cli][ingest]") {
    matched_program p;
    const auto r = p.ingest("withdrew.csv", "type,date,person_id,reason,relationship_id,rating\n"
                                            "withdrew,2027-02-01,E0049,left the company,,\n"
                                            "checkin,2027-02-02,E0049,,r-E0003-E0049,4\n");
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains("withdrew.csv:3:1: error: checkin.submitted: person_id: 'E0049' is not "
                                         "enrolled in program 'eng-2027'"));
}

TEST_CASE("ingest refuses activity in a relationship after it closed, and a goal id set twice", "[cli][ingest]") {
    matched_program p;
    const auto r = p.ingest("closed.csv",
                            "type,date,relationship_id,person_id,rating,outcome,goal_id,mentee_id,title,measure,"
                            "target_date\n"
                            "relationship_closed,2027-03-01,r-E0003-E0049,,,completed,,,,,\n"
                            "checkin,2027-03-02,r-E0003-E0049,E0049,4,,,,,,\n"
                            "relationship_closed,2027-03-03,r-E0003-E0049,,,completed,,,,,\n");
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.output, Catch::Contains("closed.csv:3:1: error: checkin.submitted: relationship_id: relationship "
                                         "'r-E0003-E0049' closed on 2027-03-01; nothing more happens in it"));
    CHECK_THAT(r.output, Catch::Contains("closed.csv:4:1: error: relationship.closed: relationship_id: relationship "
                                         "'r-E0003-E0049' closed on 2027-03-01"));
    const auto twice = p.ingest("twice.csv", "type,date,relationship_id,goal_id,mentee_id,title,measure,target_date\n"
                                             "goal_set,2027-03-01,r-E0003-E0049,g-twice,E0049,T,M,2027-06-01\n"
                                             "goal_set,2027-03-02,r-E0003-E0049,g-twice,E0049,T,M,2027-06-01\n");
    CHECK(twice.exit_code == 1);
    CHECK_THAT(twice.output, Catch::Contains("twice.csv:3:1: error: goal.set: goal_id: goal 'g-twice' exists already"));
}

TEST_CASE("ingest with unreadable bytes names the place, and no raw library message reaches the user",
          "[cli][ingest]") {
    matched_program p;
    const auto before = p.journal_size();
    const auto latin1 = p.ingest("latin1.csv", checkin_header + "checkin,2027-02-01,r-E0003-E0049,E0049,4\n"
                                                                "checkin,2027-02-02,r-E0003-E0049,Jos\xE9,4\n");
    CHECK(latin1.exit_code == 1);
    CHECK_THAT(latin1.output, Catch::Contains("latin1.csv:3:37: error: not valid UTF-8 (byte 0xE9)"));
    const auto huge = p.ingest("huge.jsonl", R"({"topic": "checkin.submitted", "time": "2027-02-01", "payload": )"
                                             R"({"relationship_id": "r-E0003-E0049", "from": "E0049", "rating": 1e400}})"
                                             "\n");
    CHECK(huge.exit_code == 1);
    CHECK_THAT(huge.output, Catch::Contains("huge.jsonl:1:1: error: a number too large to be read"));
    const auto deep = p.ingest("deep.jsonl", R"({"topic": "checkin.submitted", "time": "2027-02-01", "payload": )" +
                                                 std::string(100000, '[') + std::string(100000, ']') + "}\n");
    CHECK(deep.exit_code == 1);
    CHECK_THAT(deep.output, Catch::Contains("deep.jsonl:1:") && Catch::Contains("nested more than 64 deep"));
    const auto escape = p.ingest("escape.csv", "type,date\n\x1B[2Jcoffee,2027-02-01\n");
    CHECK(escape.exit_code == 1);
    CHECK_THAT(escape.output, Catch::Contains("\\x1B[2Jcoffee") && !Catch::Contains("\x1B"));
    for (const auto* output : {&latin1.output, &huge.output, &deep.output})
        CHECK_THAT(*output, !Catch::Contains("json.exception") && !Catch::Contains("what()"));
    CHECK(p.journal_size() == before);
}
