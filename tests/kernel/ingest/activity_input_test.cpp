#include "ingest/activity_input.hpp"

#include <catch2/catch.hpp>

#include "temp_folder.hpp"

#include <filesystem>
#include <set>
#include <string>
#include <utility>
#include <vector>

using mentorkit::config_error;
using mentorkit::format_date;
using mentorkit::ingest_error;
using mentorkit::input_event;
using mentorkit::read_activity;
using mentorkit::test_support::temp_folder;
using nlohmann::json;

namespace {

// Every column, so that a record of any type can be written by naming its cells.
const std::vector<std::string> all_columns{
    "type",     "date",          "relationship_id", "meeting_id", "minutes",    "person_id", "rating",
    "wellbeing", "comment",      "goal_id",         "mentee_id",  "title",      "area",      "measure",
    "target_date", "progress",   "opportunity_id",  "kind",       "visibility", "skills",    "closes_on",
    "signal_id", "org_unit",     "people",          "description", "outcome",   "reason",    "values",
    "value",     "behaviour",    "note",            "scope"};

using cells = std::vector<std::pair<std::string, std::string>>;

// A CSV file with every column in the header and a record per entry of `records`; record
// i is on line i + 2.
std::string csv_of(const std::vector<cells>& records) {
    std::string text;
    for (const auto& c : all_columns) text += (text.empty() ? "" : ",") + c;
    text += "\n";
    for (const auto& record : records) {
        std::string line;
        for (std::size_t i = 0; i < all_columns.size(); ++i) {
            if (i > 0) line += ',';
            for (const auto& [column, value] : record)
                if (column == all_columns[i]) line += value;
        }
        text += line + "\n";
    }
    return text;
}

// The errors read_activity reports for `file`; none when it reads the file.
std::vector<config_error> errors_of(const std::filesystem::path& file) {
    try {
        read_activity(file);
    } catch (const ingest_error& e) {
        return e.errors();
    }
    return {};
}

// The one error read_activity reports for `file`, as "file:line:column: message" with the
// file name left out; "several errors: …" or "no error" otherwise.
std::string error_of(const std::filesystem::path& file) {
    const auto errors = errors_of(file);
    if (errors.empty()) return "no error";
    std::string text = errors.front().what();
    text = text.substr(file.string().size());
    if (errors.size() > 1) {
        std::string all;
        for (const auto& e : errors) all += std::string{"\n"} + e.what();
        return "several errors:" + all;
    }
    return text;
}

}  // namespace

TEST_CASE("every type of CSV record becomes the event the store expects, at its date", "[ingest]") {
    temp_folder folder;
    const auto file = folder.write(
        "activity.csv",
        csv_of({
            {{"type", "meeting_held"}, {"date", "2027-01-18T09:30:00Z"}, {"relationship_id", "r-E0003-E0016"},
             {"meeting_id", "r-E0003-E0016/kickoff"}, {"minutes", "60"}},
            {{"type", "checkin"}, {"date", "2027-01-19"}, {"relationship_id", "r-E0003-E0016"}, {"person_id", "E0016"},
             {"rating", "4"}, {"wellbeing", "3"}, {"comment", "\"Good start, clear plan\""}},
            {{"type", "checkin"}, {"date", "2027-01-19"}, {"relationship_id", "r-E0003-E0016"}, {"person_id", "E0003"},
             {"rating", "5"}},
            {{"type", "goal_set"}, {"date", "2027-01-20T10:00"}, {"goal_id", "g-1"}, {"mentee_id", "E0016"},
             {"relationship_id", "r-E0003-E0016"}, {"title", "Talk at the all-hands"}, {"area", " Visibility "},
             {"measure", "Talk given"}, {"target_date", "2027-05-15"}},
            {{"type", "goal_progress"}, {"date", "2027-02-01"}, {"goal_id", "g-1"}, {"progress", "40"}},
            {{"type", "goal_at_risk"}, {"date", "2027-02-02"}, {"goal_id", "g-1"}},
            {{"type", "goal_abandoned"}, {"date", "2027-02-03"}, {"goal_id", "g-2"}},
            {{"type", "goal_achieved"}, {"date", "2027-02-04"}, {"goal_id", "g-1"}},
            {{"type", "opportunity"}, {"date", "2027-02-05"}, {"opportunity_id", "opp-1"}, {"title", "Chair a review"},
             {"kind", "stretch"}, {"visibility", "High"}, {"skills", "System Design:4; stakeholder management:3"},
             {"closes_on", "2027-02-28"}},
            {{"type", "signal"}, {"date", "2027-02-06T08:00:00"}, {"signal_id", "sig-1"}, {"kind", "reorganisation"},
             {"org_unit", "Engineering"}, {"people", "E0005;E0011"}, {"description", "Teams merge in April"}},
            {{"type", "relationship_closed"}, {"date", "2027-03-01"}, {"relationship_id", "r-E0003-E0016"},
             {"outcome", "closed_early"}, {"reason", "Mentee moved team"}},
            {{"type", "Relationship Closed"}, {"date", "2027-03-02"}, {"relationship_id", "r-E0012-E0010"},
             {"outcome", "completed"}},
        }));
    const auto events = read_activity(file);
    REQUIRE(events.size() == 12);
    auto check = [&](std::size_t i, const std::string& topic, const std::string& time, const json& payload) {
        INFO("record " << i);
        CHECK(events[i].line == static_cast<int>(i) + 2);
        CHECK(events[i].ev.topic == topic);
        CHECK(format_date(events[i].ev.time) == time);
        CHECK(events[i].ev.payload == payload);
    };
    check(0, "meeting.held", "2027-01-18T09:30:00Z",
          {{"meeting_id", "r-E0003-E0016/kickoff"}, {"relationship_id", "r-E0003-E0016"}, {"held_on", "2027-01-18"},
           {"minutes", 60}});
    check(1, "checkin.submitted", "2027-01-19",
          {{"relationship_id", "r-E0003-E0016"}, {"from", "E0016"}, {"on", "2027-01-19"}, {"rating", 4},
           {"wellbeing", 3}, {"comment", "Good start, clear plan"}});
    // Optional cells left empty are left out, so the payload's defaults apply.
    check(2, "checkin.submitted", "2027-01-19",
          {{"relationship_id", "r-E0003-E0016"}, {"from", "E0003"}, {"on", "2027-01-19"}, {"rating", 5}});
    check(3, "goal.set", "2027-01-20T10:00:00Z",
          {{"id", "g-1"}, {"mentee_id", "E0016"}, {"relationship_id", "r-E0003-E0016"},
           {"title", "Talk at the all-hands"}, {"area", "visibility"}, {"measure", "Talk given"},
           {"target_date", "2027-05-15"}});
    check(4, "goal.progressed", "2027-02-01", {{"goal_id", "g-1"}, {"progress", 40}});
    check(5, "goal.at_risk", "2027-02-02", {{"goal_id", "g-1"}});
    check(6, "goal.abandoned", "2027-02-03", {{"goal_id", "g-2"}});
    check(7, "goal.achieved", "2027-02-04", {{"goal_id", "g-1"}, {"progress", 100}});
    check(8, "opportunity.posted", "2027-02-05",
          {{"id", "opp-1"}, {"title", "Chair a review"}, {"kind", "stretch"}, {"visibility", "high"},
           {"skills_needed",
            {{{"skill", "system design"}, {"level", 4}}, {{"skill", "stakeholder management"}, {"level", 3}}}},
           {"closes_on", "2027-02-28"}});
    check(9, "signal.observed", "2027-02-06T08:00:00Z",
          {{"id", "sig-1"}, {"kind", "reorganisation"}, {"org_unit", "Engineering"}, {"people", {"E0005", "E0011"}},
           {"description", "Teams merge in April"}, {"observed_on", "2027-02-06"}});
    check(10, "relationship.closed", "2027-03-01",
          {{"relationship_id", "r-E0003-E0016"}, {"outcome", "closed_early"}, {"reason", "Mentee moved team"}});
    check(11, "relationship.closed", "2027-03-02", {{"relationship_id", "r-E0012-E0010"}, {"outcome", "completed"}});
}

TEST_CASE("feedback, values named, behaviours observed and consent come from CSV as the modules read them",
          "[ingest]") {
    temp_folder folder;
    const auto file = folder.write(
        "activity.csv",
        csv_of({
            {{"type", "feedback"}, {"date", "2027-02-01"}, {"relationship_id", "r-1"}, {"person_id", "E2"},
             {"rating", "2"}, {"comment", "Hard to find time"}},
            {{"type", "values_named"}, {"date", "2027-02-02"}, {"mentee_id", "E2"},
             {"values", "Courage;  Calm under pressure ; Courage;"}},
            {{"type", "values_named"}, {"date", "2027-02-02"}, {"relationship_id", "r-1"}, {"values", "integrity"}},
            {{"type", "behaviour_observed"}, {"date", "2027-02-03T15:00"}, {"relationship_id", "r-1"},
             {"value", "Courage"}, {"behaviour", "Raised the risk in the review"}, {"person_id", "E1"},
             {"note", "\"First time, unprompted\""}},
            {{"type", "consent_given"}, {"date", "2027-02-04"}, {"person_id", "E2"}, {"scope", "counsel"}},
            {{"type", "Consent Withdrawn"}, {"date", "2027-02-05"}, {"person_id", "E2"}, {"scope", "counsel"}},
        }));
    const auto events = read_activity(file);
    REQUIRE(events.size() == 6);
    CHECK(events[0].ev.topic == "feedback.given");
    CHECK(events[0].ev.payload == json{{"relationship_id", "r-1"}, {"from", "E2"}, {"rating", 2},
                                       {"comment", "Hard to find time"}, {"on", "2027-02-01"}});
    CHECK(events[1].ev.topic == "values.named");
    // Value names stay as written (the model module shows them back), each once.
    CHECK(events[1].ev.payload == json{{"mentee_id", "E2"}, {"values", {"Courage", "Calm under pressure"}}});
    CHECK(events[2].ev.payload == json{{"relationship_id", "r-1"}, {"values", {"integrity"}}});
    CHECK(events[3].ev.topic == "behaviour.observed");
    CHECK(format_date(events[3].ev.time) == "2027-02-03T15:00:00Z");
    CHECK(events[3].ev.payload == json{{"relationship_id", "r-1"}, {"value", "Courage"},
                                       {"behaviour", "Raised the risk in the review"}, {"observed_by", "E1"},
                                       {"note", "First time, unprompted"}, {"on", "2027-02-03"}});
    CHECK(events[4].ev.topic == "consent.given");
    CHECK(events[4].ev.payload == json{{"person_id", "E2"}, {"scope", "counsel"}});
    CHECK(events[5].ev.topic == "consent.withdrawn");
}

TEST_CASE("values named need their mentee, and behaviours their value, in CSV and JSON Lines alike", "[ingest]") {
    temp_folder folder;
    auto error = [&](const std::string& name, const std::string& text) {
        return error_of(folder.write(name, text));
    };
    CHECK(error("a.csv", "type,date,mentee_id,relationship_id,values\nvalues_named,2027-01-01,,,courage\n") ==
          ":2:3: mentee_id: required when there is no relationship_id: the values named are a mentee's");
    CHECK(error("a.csv", "type,date,relationship_id,person_id,rating,comment\nfeedback,2027-01-01,r-1,E2,,\n") ==
          ":2:5: rating: feedback needs a rating or a comment");
    // With neither column in the header, the record's type is pointed at.
    CHECK(error("a.csv", "type,date,values\nvalues_named,2027-01-01,courage\n") ==
          ":2:1: mentee_id: required when there is no relationship_id: the values named are a mentee's");
    CHECK(error("a.csv", "type,date,mentee_id,values\nvalues_named,2027-01-01,E2,\n") ==
          ":2:4: values: required by type 'values_named': names separated by ';'");
    CHECK(error("a.csv",
                "type,date,relationship_id,value,behaviour,person_id\n"
                "behaviour_observed,2027-01-01,r-1,,Spoke up,E1\n") ==
          ":2:4: value: required by type 'behaviour_observed': a value");
    CHECK(error("a.csv", "type,date,person_id,scope\nconsent_given,2027-01-01,E2,\n") ==
          ":2:4: scope: required by type 'consent_given': a value");
    CHECK(error("a.jsonl", R"({"topic": "values.named", "time": "2027-01-01", "payload": {"values": ["Courage"]}})"
                           "\n") ==
          ":1:1: values.named: \"mentee_id\": required when there is no relationship_id: the values named are a "
          "mentee's");
    CHECK(error("a.jsonl",
                R"({"topic": "values.named", "time": "2027-01-01", "payload": {"mentee_id": "E2", "values": "Courage"}})"
                "\n") ==
          ":1:1: values.named: \"values\" must be a list of names (non-empty strings), found \"Courage\"");
    CHECK(error("a.jsonl",
                R"({"topic": "behaviour.observed", "time": "2027-01-01", "payload": {"relationship_id": "r", "value": "v", "behavior": "b", "observed_by": "E1"}})"
                "\n") ==
          "several errors:\n" + folder.path().string() +
              "/a.jsonl:1:1: behaviour.observed: unknown payload key \"behavior\"; did you mean \"behaviour\"?\n" +
              folder.path().string() +
              "/a.jsonl:1:1: behaviour.observed: missing \"behaviour\" (a non-empty string)");
    // Feedback may be words alone; a consent's scope is compared in lower case; null is "not given".
    const auto loose = read_activity(folder.write(
        "c.jsonl",
        R"({"topic": "feedback.given", "time": "2027-01-01", "payload": {"relationship_id": "r-1", "from": "E2", "comment": "Busy month", "wellbeing": null}})"
        "\n"
        R"({"topic": "consent.given", "time": "2027-01-02", "payload": {"person_id": "E2", "scope": " Counsel "}})"
        "\n"
        R"({"topic": "behaviour.observed", "time": "2027-01-03", "payload": {"relationship_id": "r-1", "value": "v", "behaviour": "b", "observed_by": "E1", "note": null}})"
        "\n"));
    REQUIRE(loose.size() == 3);
    CHECK(loose[0].ev.payload == json{{"relationship_id", "r-1"}, {"from", "E2"}, {"comment", "Busy month"}});
    CHECK(loose[1].ev.payload["scope"] == "counsel");
    CHECK_FALSE(loose[2].ev.payload.contains("note"));
    CHECK(error("a.jsonl", R"({"topic": "behaviour.observed", "time": "2027-01-03", "payload": {"relationship_id": "r-1", "value": null, "behaviour": "b", "observed_by": "E1"}})"
                           "\n") ==
          ":1:1: behaviour.observed: \"value\" must be a non-empty string, found null");
    // JSON Lines keeps value names as written too, trimmed and each once.
    const auto events = read_activity(folder.write(
        "b.jsonl",
        R"({"topic": "values.named", "time": "2027-01-01", "payload": {"relationship_id": "r-1", "values": [" Calm Under Pressure ", "Calm Under Pressure"]}})"
        "\n"));
    REQUIRE(events.size() == 1);
    CHECK(events[0].ev.payload["values"] == json{"Calm Under Pressure"});
}

TEST_CASE("a CSV file needs only the columns its records use, in any order", "[ingest]") {
    temp_folder folder;
    const auto file = folder.write("a.csv", "Goal ID,Progress,Date,Type\ng-1,10,2027-01-01,goal_progress\n"
                                            "g-1,,2027-01-02,goal-achieved\n");
    const auto events = read_activity(file);
    REQUIRE(events.size() == 2);
    CHECK(events[0].ev.payload == json{{"goal_id", "g-1"}, {"progress", 10}});
    CHECK(events[1].ev.topic == "goal.achieved");
}

TEST_CASE("a byte order mark, CRLF line ends, blank lines and quoted line breaks are read", "[ingest]") {
    temp_folder folder;
    const auto file = folder.write("a.csv",
                                   "\xEF\xBB\xBFtype,date,relationship_id,person_id,rating,comment\r\n"
                                   "\r\n"
                                   "checkin,2027-01-01,r-1,E1,4,\"first line\r\nsecond, line\"\r\n"
                                   ",,,,,\r\n"
                                   "checkin,2027-01-02,r-1,E1,9,\r\n");
    const auto errors = errors_of(file);
    REQUIRE(errors.size() == 1);
    // The record after the quoted line break is on physical line 5.
    CHECK(errors[0].what() == file.string() + ":6:5: rating: expected a whole number from 1 to 5, found '9'");

    const auto good = folder.write("b.csv", "\xEF\xBB\xBFtype,date,goal_id\r\ngoal_at_risk,2027-01-01,g-1\r\n");
    const auto events = read_activity(good);
    REQUIRE(events.size() == 1);
    CHECK(events[0].line == 2);
    CHECK(events[0].ev.payload == json{{"goal_id", "g-1"}});
}

TEST_CASE("each kind of CSV problem is named with line, column and message", "[ingest]") {
    temp_folder folder;
    auto error = [&](const std::string& text) { return error_of(folder.write("a.csv", text)); };

    SECTION("the header") {
        CHECK(error("type,date,goal_id,ratting\ngoal_at_risk,2027-01-01,g,\n") ==
              ":1:4: unknown column 'ratting'; did you mean 'rating'?");
        CHECK(error("type,date,goal_id,colour\ngoal_at_risk,2027-01-01,g,\n").starts_with(
            ":1:4: unknown column 'colour'; the columns are type, date, relationship_id, meeting_id, minutes"));
        CHECK(error("type,date,goal_id,Goal ID\ngoal_at_risk,2027-01-01,g,g\n") ==
              ":1:4: duplicate column 'goal_id' (first at column 3)");
        CHECK(error("type,goal_id\ngoal_at_risk,g\n") == ":1:1: missing required column 'date' in the header");
        CHECK(error("goal_at_risk,2027-01-01,g\n").starts_with(
            ":1:1: the first row is not a header: none of its values is a column name (type, date, "));
        CHECK(error("type,date,progress\ngoal_progress,2027-01-01,5\n") ==
              ":1:1: missing column 'goal_id' in the header: type 'goal_progress' needs it (first at line 2)");
        CHECK(error("type,date,goal_id,\ngoal_at_risk,2027-01-01,g,x\n") ==
              ":2:4: column 4 has no name in the header, but this row has a value in it: 'x'");
    }
    SECTION("no activity") {
        CHECK(error("") == ":1:1: no activity: the file is empty; it needs a header row and a row per record");
        CHECK(error("\xEF\xBB\xBF\r\n\r\n") ==
              ":1:1: no activity: the file is empty; it needs a header row and a row per record");
        CHECK(error("type,date,goal_id\n,,\n") == ":1:1: no activity: the file has a header row but no records");
    }
    SECTION("the type") {
        CHECK(error("type,date,goal_id\nmeeting_hled,2027-01-01,\n") ==
              ":2:1: type: unknown type 'meeting_hled'; did you mean 'meeting_held'?");
        CHECK(error("type,date,goal_id\ncoffee,2027-01-01,\n") ==
              ":2:1: type: unknown type 'coffee'; the types are meeting_held, checkin, feedback, goal_set, "
              "goal_progress, goal_achieved, goal_at_risk, goal_abandoned, opportunity, signal, relationship_closed, "
              "values_named, behaviour_observed, consent_given, consent_withdrawn, withdrew, match_accepted, match_declined");
        CHECK(error("type,date,goal_id\n,2027-01-01,g\n").starts_with(":2:1: type: required; one of meeting_held, "));
    }
    SECTION("the date") {
        CHECK(error("type,date,goal_id\ngoal_at_risk,2027-02-30,g\n") ==
              ":2:2: date: expected a date as YYYY-MM-DD, or a UTC time as YYYY-MM-DDTHH:MM[:SS][Z], found "
              "'2027-02-30'");
        CHECK(error("type,date,goal_id\ngoal_at_risk,,g\n") ==
              ":2:2: date: required: when it happened, a date as YYYY-MM-DD, or a UTC time as "
              "YYYY-MM-DDTHH:MM[:SS][Z]");
        CHECK(error("type,date,goal_id\ngoal_at_risk,2027-01-05T10:00,g\ngoal_at_risk,2027-01-05,g\n") ==
              ":3:2: date: 2027-01-05 is earlier than the date of the record at line 2 (2027-01-05T10:00:00Z); "
              "records must be in date order");
    }
    SECTION("cells") {
        CHECK(error("type,date,goal_id,rating\ngoal_at_risk,2027-01-01,g,4\n") ==
              ":2:4: column 'rating' is not used by type 'goal_at_risk'; leave it empty");
        CHECK(error("type,date,relationship_id,meeting_id,minutes\nmeeting_held,2027-01-01,r,m,\n") ==
              ":2:5: minutes: required by type 'meeting_held': a whole number from 1 to 1440");
        CHECK(error("type,date,relationship_id,meeting_id,minutes\nmeeting_held,2027-01-01,r,m,45.5\n") ==
              ":2:5: minutes: expected a whole number from 1 to 1440, found '45.5'");
        CHECK(error("type,date,goal_id,progress\ngoal_progress,2027-01-01,g,101\n") ==
              ":2:4: progress: expected a whole number from 0 to 100, found '101'");
        CHECK(error("type,date,relationship_id,person_id,rating,wellbeing\ncheckin,2027-01-01,r,p,3,0\n") ==
              ":2:6: wellbeing: expected a whole number from 1 to 5, found '0'");
        CHECK(error("type,date,opportunity_id,title,kind,visibility\nopportunity,2027-01-01,o,t,k,huge\n") ==
              ":2:6: visibility: expected one of low, medium, high, found 'huge'");
        CHECK(error("type,date,opportunity_id,title,kind,visibility,skills\n"
                    "opportunity,2027-01-01,o,t,k,low,python:4;sql\n") ==
              ":2:7: skills: expected skill:level with a level from 1 to 5, like python:4, found 'sql'");
        CHECK(error("type,date,opportunity_id,title,kind,visibility,skills\n"
                    "opportunity,2027-01-01,o,t,k,low,python:4;Python:3\n") ==
              ":2:7: skills: 'python' is listed twice");
        CHECK(error("type,date,opportunity_id,title,kind,visibility,closes_on\n"
                    "opportunity,2027-01-01,o,t,k,low,2027-02-01T10:00\n") ==
              ":2:7: closes_on: expected a date as YYYY-MM-DD, found '2027-02-01T10:00'");
        CHECK(error("type,date,signal_id,kind,description,people\nsignal,2027-01-01,s,k,d,E1 E2\n") ==
              ":2:6: people: expected person ids separated by ';', found 'E1 E2'");
        CHECK(error("type,date,relationship_id,outcome\nrelationship_closed,2027-01-01,r,done\n") ==
              ":2:4: outcome: expected one of completed, closed_early, found 'done'");
        CHECK(error("type,date,relationship_id,outcome,reason\nrelationship_closed,2027-01-01,r,closed_early,\n") ==
              ":2:5: reason: a relationship closed early needs a reason");
    }
    SECTION("rows") {
        CHECK(error("type,date,goal_id\ngoal_at_risk,2027-01-01,g,extra\n") ==
              ":2:4: this row has 4 values, the header has 3 (is a value with a comma in it not in double quotes?)");
        CHECK(error("type,date,goal_id\ngoal_at_risk,2027-01-01\n") ==
              ":2:3: this row has 2 values, the header has 3 (are values missing, or is a line break inside a value "
              "not in quotes?)");
        CHECK(error("type,date,goal_id\ngoal_at_risk,2027-01-01,g\"x\n") ==
              ":2:3: goal_id: malformed CSV: a double quote inside a value that does not start with one; put the "
              "whole value in double quotes and write each quote in it twice (\"\")");
    }
}

TEST_CASE("every CSV problem is collected, sorted by line and column", "[ingest]") {
    temp_folder folder;
    const auto file = folder.write("a.csv",
                                   "type,date,goal_id,progress,ratng\n"
                                   "goal_progress,2027-01-03,g,500,\n"
                                   "goal_achieved,2027-01-02,,7,\n"
                                   "goal_progres,2027-01-04,g,5,\n");
    const auto errors = errors_of(file);
    std::vector<std::string> found;
    for (const auto& e : errors) found.push_back(e.mark().to_string().substr(file.string().size()) + " " + e.message());
    CHECK(found == std::vector<std::string>{
                       ":1:5 unknown column 'ratng'; did you mean 'rating'?",
                       ":2:4 progress: expected a whole number from 0 to 100, found '500'",
                       ":3:2 date: 2027-01-02 is earlier than the date of the record at line 2 (2027-01-03); records "
                       "must be in date order",
                       ":3:3 goal_id: required by type 'goal_achieved': a value",
                       ":3:4 column 'progress' is not used by type 'goal_achieved'; leave it empty",
                       ":4:1 type: unknown type 'goal_progres'; did you mean 'goal_progress'?",
                   });
    try {
        read_activity(file);
        FAIL("no error");
    } catch (const ingest_error& e) {
        // One per line, in the same order.
        std::string expected;
        for (const auto& error : errors) expected += (expected.empty() ? "" : "\n") + std::string{error.what()};
        CHECK(std::string{e.what()} == expected);
    }
}

TEST_CASE("files of other kinds, and files that cannot be read, are refused", "[ingest]") {
    temp_folder folder;
    CHECK(error_of(folder.write("a.txt", "type,date\n")) ==
          ": cannot tell what kind of activity file this is: expected a .csv or .jsonl file");
    CHECK(error_of(folder / "missing.csv") == ": cannot read the file: No such file or directory");
}

TEST_CASE("JSON Lines activity is read with read_event_lines and held to the same rules", "[ingest]") {
    temp_folder folder;
    auto error = [&](const std::string& text) { return error_of(folder.write("a.jsonl", text)); };

    SECTION("good events, with names and choices put in the form CSV gives them") {
        const auto file = folder.write(
            "a.jsonl",
            R"({"topic": "meeting.held", "time": "2027-01-18T09:30:00Z", "payload": {"meeting_id": "m", "relationship_id": "r", "minutes": 45}})"
            "\n\n"
            R"({"topic": "opportunity.posted", "time": "2027-01-19", "payload": {"id": "o", "title": "t", "kind": "stretch", "visibility": "HIGH", "skills_needed": [{"skill": "System Design", "level": 4}]}})"
            "\n"
            R"({"topic": "match.accepted", "time": "2027-01-20", "payload": {"mentor_id": "E1", "mentee_id": "E2"}})"
            "\n");
        const auto events = read_activity(file);
        REQUIRE(events.size() == 3);
        CHECK(events[0].ev.topic == "meeting.held");
        CHECK(events[1].line == 3);
        CHECK(events[1].ev.payload["visibility"] == "high");
        CHECK(events[1].ev.payload["skills_needed"] == json{{{"skill", "system design"}, {"level", 4}}});
        // Topics a CSV file cannot write are passed on as read_event_lines read them.
        CHECK(events[2].ev.payload == json{{"mentor_id", "E1"}, {"mentee_id", "E2"}});
    }
    SECTION("payload problems point at the line, column 1") {
        CHECK(error(R"({"topic": "checkin.submitted", "time": "2027-01-01", "payload": {"relationship_id": "r", "from": "p", "rating": 6}})"
                    "\n") == ":1:1: checkin.submitted: \"rating\" must be a whole number from 1 to 5, found 6");
        CHECK(error(R"({"topic": "checkin.submitted", "time": "2027-01-01", "payload": {"relationship_id": "r", "from": "p", "rating": "4"}})"
                    "\n") == ":1:1: checkin.submitted: \"rating\" must be a whole number from 1 to 5, found \"4\"");
        CHECK(error(R"({"topic": "goal.progressed", "time": "2027-01-01", "payload": {"goal_id": "g"}})"
                    "\n") == ":1:1: goal.progressed: missing \"progress\" (a whole number from 0 to 100)");
        CHECK(error(R"({"topic": "goal.achieved", "time": "2027-01-01", "payload": {"goal_id": "g", "progres": 100}})"
                    "\n") == ":1:1: goal.achieved: unknown payload key \"progres\"; did you mean \"progress\"?");
        CHECK(error(R"({"topic": "goal.set", "time": "2027-01-01", "payload": {"id": "g", "mentee_id": "m", "relationship_id": "r", "title": "t", "measure": "m", "target_date": "2027-13-01"}})"
                    "\n") == ":1:1: goal.set: \"target_date\" must be a date as YYYY-MM-DD, found \"2027-13-01\"");
        CHECK(error(R"({"topic": "signal.observed", "time": "2027-01-01", "payload": {"id": "s", "kind": "k", "description": "d", "people": ["E1", ""]}})"
                    "\n") ==
              ":1:1: signal.observed: \"people\" must be a list of person ids (non-empty strings), found [\"E1\",\"\"]");
        CHECK(error(R"({"topic": "opportunity.posted", "time": "2027-01-01", "payload": {"id": "o", "title": "t", "kind": "k", "visibility": "low", "skills_needed": [{"skill": "sql", "level": 9}]}})"
                    "\n") ==
              ":1:1: opportunity.posted: \"skills_needed\" must be a list of {\"skill\", \"level\"} objects with levels "
              "from 1 to 5, found {\"level\":9,\"skill\":\"sql\"} in it");
        CHECK(error(R"({"topic": "relationship.closed", "time": "2027-01-01", "payload": {"relationship_id": "r", "outcome": "closed_early"}})"
                    "\n") == ":1:1: relationship.closed: \"reason\": a relationship closed early needs a reason");
        CHECK(error(R"({"topic": "meeting.held", "payload": {"meeting_id": "m", "relationship_id": "r", "minutes": 30}})"
                    "\n") ==
              ":1:1: meeting.held: missing \"time\": the date it happened, a date as YYYY-MM-DD, or a UTC time as "
              "YYYY-MM-DDTHH:MM[:SS][Z]");
    }
    SECTION("problems read_event_lines finds, and an empty file") {
        CHECK(error("{\"topic\": \"goal.set\",, }\n").starts_with(":1:22: malformed JSON: "));
        CHECK(error("\n\n") == ":1:1: no activity: the file has no events; it needs one per line");
    }
    SECTION("every problem is collected") {
        const auto file = folder.write(
            "a.jsonl",
            R"({"topic": "meeting.held", "time": "2027-01-01", "payload": {"relationship_id": "", "minutes": 0}})"
            "\n"
            R"({"topic": "goal.at_risk", "payload": {"goal_id": "g"}})"
            "\n");
        std::vector<std::string> found;
        for (const auto& e : errors_of(file)) found.push_back(std::to_string(e.mark().line) + " " + e.message());
        CHECK(found == std::vector<std::string>{
                           "1 meeting.held: \"minutes\" must be a whole number from 1 to 1440, found 0",
                           "1 meeting.held: \"relationship_id\" must be a non-empty string, found \"\"",
                           "1 meeting.held: missing \"meeting_id\" (a non-empty string)",
                           "2 goal.at_risk: missing \"time\": the date it happened, a date as YYYY-MM-DD, or a UTC "
                           "time as YYYY-MM-DDTHH:MM[:SS][Z]",
                       });
    }
}

TEST_CASE("ingest takes the fields the role modules read: goal areas, units and dates of opportunities, "
          "visibility and outcome of signals, check-in answers", "[ingest]") {
    temp_folder folder;
    const auto csv = folder.write("a.csv",
                                  "type,date,opportunity_id,title,kind,visibility,goal_areas,org_unit,description,"
                                  "posted_on,signal_id,outcome,horizon\n"
                                  "opportunity,2027-02-01,o-1,Demo day,speaking,high,Visibility; LEADERSHIP ;visibility,"
                                  "Sales,Present to the board,2027-02-01,,,\n"
                                  "signal,2027-02-02,,,assignment,low,,Sales,A stuck migration,,s-1,no_win,2027-04-01\n");
    const auto events = read_activity(csv);
    REQUIRE(events.size() == 2);
    const auto& o = events[0].ev.payload;
    CHECK(o["goal_areas"] == json{"visibility", "leadership"});  // names as profiles have them, once each
    CHECK(o["org_unit"] == "Sales");
    CHECK(o["description"] == "Present to the board");
    CHECK(o["posted_on"] == "2027-02-01");
    const auto& signal = events[1].ev.payload;
    CHECK(signal["visibility"] == "low");
    CHECK(signal["outcome"] == "no_win");
    CHECK(signal["horizon"] == "2027-04-01");

    const auto good = folder.write(
        "a.jsonl", R"({"topic": "checkin.submitted", "time": "2027-01-01", "payload": {"relationship_id": "r", "from": "p", "rating": 4, "answers": {"usefulness": 5, "trust": 3}}})"
                   "\n");
    CHECK(read_activity(good)[0].ev.payload["answers"] == json{{"usefulness", 5}, {"trust", 3}});
    const auto bad = folder.write(
        "b.jsonl", R"({"topic": "checkin.submitted", "time": "2027-01-01", "payload": {"relationship_id": "r", "from": "p", "rating": 4, "answers": {"usefulness": 9}}})"
                   "\n");
    CHECK(error_of(bad) == ":1:1: checkin.submitted: \"answers\" must be an object of question ids and ratings from 1 "
                           "to 5, like {\"usefulness\": 4}, found {\"usefulness\":9}");
}

TEST_CASE("the shipped sample activity reads without problems", "[ingest]") {
    const std::filesystem::path file = std::filesystem::path{MENTORKIT_SOURCE_DIR} / "examples/data/activity.csv";
    std::vector<input_event> events;
    REQUIRE_NOTHROW(events = read_activity(file));
    CHECK(events.size() >= 25);
    std::set<std::string> topics;
    for (const auto& e : events) {
        topics.insert(e.ev.topic);
        if (e.ev.payload.contains("relationship_id"))
            CHECK_THAT(e.ev.payload["relationship_id"].get<std::string>(), Catch::Matches("r-E[0-9]{4}-E[0-9]{4}"));
    }
    CHECK(topics == std::set<std::string>{"meeting.held", "checkin.submitted", "goal.set", "goal.progressed",
                                          "goal.achieved", "goal.at_risk", "goal.abandoned", "opportunity.posted",
                                          "signal.observed", "relationship.closed", "feedback.given",
                                          "values.named", "behaviour.observed", "consent.given"});
}
