#include "report/report_figures.hpp"

#include <catch2/catch.hpp>

#include "temp_folder.hpp"

#include <set>

using namespace mentorkit;
using json = nlohmann::json;
using mentorkit::test_support::temp_folder;

namespace {

// A store of program "p" filled by hand, event by event, ids increasing.
struct journal_builder {
    explicit journal_builder(const std::filesystem::path& file = ":memory:") : s{file, "p"} {}

    void add(const std::string& date, std::string topic, json payload, std::string source = "input") {
        event e;
        e.id = next++;
        e.topic = std::move(topic);
        e.payload = std::move(payload);
        e.source = std::move(source);
        e.time = *parse_date(date);
        s.append(e);
    }
    void enrol(const std::string& id, const std::string& name, const std::string& role) {
        add("2027-01-04", "participant.enrolled", {{"id", id}, {"name", name}, {"role", role}}, "cli");
    }
    void propose(const std::string& date, const std::string& mentor, const std::string& mentee, double score) {
        add(date, "match.proposed", {{"mentor_id", mentor}, {"mentee_id", mentee}, {"score", score}, {"rank", 0}},
            "cli");
    }
    void unmatched(const std::string& date, const std::string& person, const std::string& role,
                   const std::string& reason) {
        add(date, "match.unmatched", {{"person_id", person}, {"role", role}, {"reason", reason}}, "cli");
    }
    void pair_event(const std::string& date, const std::string& topic, const std::string& mentor,
                    const std::string& mentee) {
        add(date, topic, {{"mentor_id", mentor}, {"mentee_id", mentee}});
    }
    void start(const std::string& date, const std::string& id, const std::string& mentor, const std::string& mentee,
               const std::string& source = "kernel") {
        add(date, "relationship.started", {{"relationship_id", id}, {"mentor_id", mentor}, {"mentee_id", mentee}},
            source);
    }
    void at_risk(const std::string& date, const std::string& id, const std::string& reason,
                 const std::string& suggestion) {
        add(date, "relationship.at_risk", {{"relationship_id", id}, {"reason", reason}, {"suggestion", suggestion}},
            "relationship");
    }
    void goal(const std::string& id, const std::string& mentee, const std::string& area) {
        add("2027-01-22", "goal.set",
            {{"id", id}, {"mentee_id", mentee}, {"relationship_id", ""}, {"title", "goal " + id}, {"area", area}});
    }

    store s;
    event_id next = 1;
};

program_definition pilot_program() {
    program_definition p;
    p.id = "p";
    p.name = "Pilot mentoring";
    p.start = *parse_date("2027-01-04");
    p.length = *parse_duration("3mo");
    const std::vector<std::pair<std::string, bool>> modules{
        {"relationship", true}, {"sponsor", true}, {"teach", false}, {"counsel", true}, {"motivate", true}};
    for (const auto& [name, enabled] : modules) {
        module_settings m;
        m.name = name;
        m.enabled = enabled;
        p.modules.push_back(std::move(m));
    }
    return p;
}

// The pilot, written out by hand. Every figure the tests expect is worked out from this
// list in the comments, not taken from the code's output.
void write_pilot(journal_builder& b) {
    b.add("2027-01-04", "program.started", {{"program", "p"}}, "kernel");
    // 3 mentors, 1 both, 5 mentees of whom E5 withdraws: people 8 = 3 + 1 + 4, withdrawn 1.
    b.enrol("M1", "Ana Mentor", "mentor");
    b.enrol("M2", "Ben, Mentor", "mentor");
    b.enrol("M3", "Cy Mentor", "mentor");
    b.enrol("B1", "Bo Both", "both");
    b.enrol("E1", "Eli One", "mentee");
    b.enrol("E2", "Eva Two", "mentee");
    b.enrol("E3", "Ez Three", "mentee");
    b.enrol("E4", "Em Four", "mentee");
    b.enrol("E5", "Ed Five", "mentee");

    // Run 1: one proposal, declined; its unmatched list is superseded by run 2's.
    b.propose("2027-01-05", "M3", "E3", 30);
    b.unmatched("2027-01-05", "E4", "mentee", "ignored: an earlier run");
    b.pair_event("2027-01-05", "match.declined", "M3", "E3");
    // Run 2: four proposals. (M3, E3) again, so its latest score is 55.5.
    // Scores 100, 10, 55.5, 9.99: mean 175.49 / 4 = 43.8725 -> 43.9; bins [0,10) [10,20) [50,60) [90,100].
    b.propose("2027-01-06", "M1", "E1", 100);
    b.propose("2027-01-06", "M2", "E2", 10);
    b.propose("2027-01-06", "M3", "E3", 55.5);
    b.propose("2027-01-06", "M1", "E4", 9.99);
    // Unmatched, latest per person and role: E5/mentee and B1/mentee "no mentor left with
    // capacity" (2), B1/mentor "every mentee excluded" (1), M2/mentor "spare capacity…" (1).
    b.unmatched("2027-01-06", "E5", "mentee", "to be replaced by the next one");
    b.unmatched("2027-01-06", "B1", "mentee", "no mentor left with capacity");
    b.unmatched("2027-01-06", "B1", "mentor", "every mentee excluded");
    b.unmatched("2027-01-06", "M2", "mentor", "spare capacity: no mentee fits");
    b.unmatched("2027-01-06", "E5", "mentee", "no mentor left with capacity");
    b.add("2027-01-07", "participant.withdrew", {{"person_id", "E5"}, {"reason", "left the company"}});
    // Latest per pair: 3 accepted (M3/E3 declined first, then accepted), 1 declined.
    b.pair_event("2027-01-10", "match.accepted", "M1", "E1");
    b.pair_event("2027-01-10", "match.accepted", "M2", "E2");
    b.pair_event("2027-01-10", "match.accepted", "M3", "E3");
    b.pair_event("2027-01-10", "match.declined", "M1", "E4");

    b.start("2027-01-11", "r1", "M1", "E1");
    b.start("2027-01-11", "r2", "M2", "E2");
    b.start("2027-01-11", "r3", "M3", "E3");
    b.add("2027-01-12", "meeting.scheduled", {{"relationship_id", "r1"}, {"meeting_id", "r1/kickoff"}}, "relationship");
    b.add("2027-01-18", "meeting.held", {{"relationship_id", "r1"}, {"meeting_id", "r1/1"}});
    b.add("2027-01-19", "meeting.held", {{"relationship_id", "r1"}, {"meeting_id", "r1/1"}});  // reported twice
    b.start("2027-01-20", "r4", "B1", "E4", "input");
    b.add("2027-01-20", "checkin.submitted",
          {{"relationship_id", "r1"}, {"from", "E1"}, {"on", "2027-01-20"}, {"rating", 5}, {"comment", "SECRET-c1"}});
    b.add("2027-01-21", "feedback.given", {{"relationship_id", "r1"}, {"from", "M1"}, {"rating", 4}});

    b.goal("g1", "E1", "leadership");
    b.goal("g2", "E1", "leadership");
    b.goal("g3", "E3", "communication");
    b.goal("g4", "E3", "");
    b.goal("g5", "E4", "leadership");
    b.goal("g6", "E2", "communication");
    b.goal("g7", "E2", "career");

    b.at_risk("2027-01-25", "r4", "low ratings", "talk");
    b.add("2027-01-25", "checkin.submitted", {{"relationship_id", "r3"}, {"from", "E3"}, {"rating", 0}});  // no rating
    b.add("2027-01-31", "meeting.missed", {{"relationship_id", "r2"}, {"meeting_id", "r2/1"}}, "kernel");
    b.at_risk("2027-02-01", "r3", "first reason", "first suggestion");

    // Surveys, in order of first appearance: midpoint (3 responses, rated 4 and 5: 4.5), pulse (1, rated 2).
    b.add("2027-02-01", "survey.completed", {{"survey", "midpoint"}, {"person_id", "E1"}, {"rating", 4}});
    b.add("2027-02-02", "survey.completed", {{"survey", "pulse"}, {"person_id", "E3"}, {"rating", 2}});
    b.add("2027-02-03", "survey.completed", {{"survey", "midpoint"}, {"person_id", "M1"}, {"rating", 5}});
    b.add("2027-02-04", "survey.completed", {{"survey", "midpoint"}, {"person_id", "E3"}});

    // sponsor: nomination.suggested 2, introduction.suggested 1, notification.requested 1 = 4.
    b.add("2027-02-05", "nomination.suggested", {{"mentee_id", "E1"}, {"why", "SECRET-why"}}, "sponsor");
    b.add("2027-02-05", "nomination.suggested", {{"mentee_id", "E3"}, {"why", "SECRET-why"}}, "sponsor");
    b.add("2027-02-05", "introduction.suggested", {{"mentee_id", "E1"}, {"contact_id", "M2"}}, "sponsor");
    b.add("2027-02-05", "notification.requested", {{"to", "E1"}, {"body", "SECRET-sponsor-body"}}, "sponsor");
    // teach is not enabled: its output is not reported.
    b.add("2027-02-06", "learning.recommended", {{"mentee_id", "E3"}, {"resource", "SECRET-teach"}}, "teach");

    b.at_risk("2027-02-10", "r2", "ratings fell", "meet in person");
    b.add("2027-02-15", "relationship.closed", {{"relationship_id", "r2"}, {"outcome", "closed_early"}});

    // Goals: g1 achieved; g2 at risk; g3 achieved; g4 abandoned; g5 at risk, then back on
    // track; g6 achieved and stays so after progress; g7 open.
    b.add("2027-02-20", "goal.achieved", {{"goal_id", "g1"}});
    b.add("2027-02-20", "goal.at_risk", {{"goal_id", "g2"}});
    b.add("2027-02-20", "goal.progressed", {{"goal_id", "g3"}, {"progress", 50}});
    b.add("2027-02-20", "goal.achieved", {{"goal_id", "g3"}});
    b.add("2027-02-20", "goal.abandoned", {{"goal_id", "g4"}});
    b.add("2027-02-20", "goal.at_risk", {{"goal_id", "g5"}});
    b.add("2027-02-20", "goal.progressed", {{"goal_id", "g5"}, {"progress", 20}});
    b.add("2027-02-20", "goal.achieved", {{"goal_id", "g6"}});
    b.add("2027-02-20", "goal.progressed", {{"goal_id", "g6"}, {"progress", 10}});

    // Reported in March, held in January.
    b.add("2027-03-01", "meeting.held", {{"relationship_id", "r3"}, {"meeting_id", "r3/1"}, {"held_on", "2027-01-29"}});
    b.add("2027-03-01", "relationship.closed", {{"relationship_id", "r1"}, {"outcome", "completed"}});
    // Submitted in March about 27 February: a February check-in.
    b.add("2027-03-03", "checkin.submitted",
          {{"relationship_id", "r3"}, {"from", "E3"}, {"on", "2027-02-27"}, {"rating", 2}, {"comment", "SECRET-c2"}});

    // counsel: counsel.flagged 2 (never counted), counsel.flag_noted 2, notification.requested 3 = 5.
    const json flagged{{"flag_id", "r3/counsel-1"},
                       {"relationship_id", "r3"},
                       {"audience", "pair"},
                       {"categories", {"stress"}},
                       {"guide", {{"title", "SECRET-guide"}}}};
    const json noted{{"flag_id", "r3/counsel-1"}, {"relationship_id", "r3"}, {"detail_shared", false}};
    b.add("2027-03-04", "counsel.flagged", flagged, "counsel");
    b.add("2027-03-04", "counsel.flag_noted", noted, "counsel");
    b.add("2027-03-04", "notification.requested", {{"to", "M3"}, {"body", "SECRET-counsel-1"}}, "counsel");
    b.add("2027-03-04", "notification.requested", {{"to", "E3"}, {"body", "SECRET-counsel-2"}}, "counsel");
    b.add("2027-03-05", "meeting.missed", {{"relationship_id", "r3"}, {"meeting_id", "r3/2"}}, "kernel");
    b.add("2027-03-08", "counsel.flagged", flagged, "counsel");
    b.add("2027-03-08", "counsel.flag_noted", noted, "counsel");
    b.add("2027-03-08", "notification.requested", {{"to", "M3"}, {"body", "SECRET-counsel-3"}}, "counsel");

    b.add("2027-03-10", "meeting.held", {{"relationship_id", "r4"}, {"meeting_id", "r4/1"}});
    b.add("2027-03-11", "checkin.submitted", {{"relationship_id", "r4"}, {"from", "E4"}, {"rating", 3}});
    b.add("2027-03-11", "feedback.given", {{"relationship_id", "r4"}, {"from", "B1"}});                 // no rating
    b.add("2027-03-11", "feedback.given", {{"relationship_id", "r4"}, {"from", "B1"}, {"rating", 7}});  // out of range
    b.at_risk("2027-03-12", "r3", "2 meetings missed in a row", "Call them, \"today\"\nthen plan");
    b.add("2027-03-12", "notification.requested", {{"to", "M3"}, {"body", "SECRET-relationship"}}, "relationship");
    // The last event: as_of is its day.
    b.add("2027-03-20T15:30:00Z", "meeting.missed", {{"relationship_id", "r4"}, {"meeting_id", "r4/2"}}, "kernel");
}

json rating_bins(std::initializer_list<int> counts) {
    auto out = json::array();
    int rating = 1;
    for (int c : counts) out.push_back({{"rating", rating++}, {"count", c}});
    return out;
}

const csv_table& table_named(const std::vector<csv_table>& tables, const std::string& name) {
    for (const auto& t : tables)
        if (t.name == name) return t;
    FAIL("no table " << name);
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("the report figures of a hand-written pilot program come out as worked out by hand", "[report]") {
    journal_builder b;
    write_pilot(b);
    const auto f = report_figures(b.s, pilot_program());

    SECTION("report and program") {
        CHECK(f["report"] == json{{"generated_for", "p"}, {"as_of", "2027-03-20"}, {"schema", 1}});
        CHECK(f["program"] == json{{"id", "p"},
                                   {"name", "Pilot mentoring"},
                                   {"start", "2027-01-04"},
                                   {"end", "2027-04-04"},
                                   {"status", "running"},
                                   {"modules", {"relationship", "sponsor", "counsel", "motivate"}}});
    }
    SECTION("enrolment") {
        CHECK(f["enrolment"] == json{{"people", 8}, {"mentors", 3}, {"mentees", 4}, {"both", 1}, {"withdrawn", 1}});
    }
    SECTION("matching: latest per pair, histogram edges, the last run's unmatched") {
        const auto& m = f["matching"];
        CHECK(m["proposals"] == 4);
        CHECK(m["accepted"] == 3);
        CHECK(m["declined"] == 1);
        CHECK(m["score_mean"] == 43.9);
        const std::vector<int> counts{1, 1, 0, 0, 0, 1, 0, 0, 0, 1};  // 9.99 | 10 | 55.5 | 100 in the last bin
        REQUIRE(m["score_histogram"].size() == 10);
        for (int i = 0; i < 10; ++i) {
            CAPTURE(i);
            CHECK(m["score_histogram"][i] == json{{"from", 10 * i}, {"to", 10 * i + 10}, {"count", counts[i]}});
        }
        CHECK(m["unmatched"] == 4);
        CHECK(m["unmatched_reasons"] == json::array({{{"reason", "no mentor left with capacity"}, {"count", 2}},
                                                     {{"reason", "every mentee excluded"}, {"count", 1}},
                                                     {{"reason", "spare capacity: no mentee fits"}, {"count", 1}}}));
    }
    SECTION("meetings by month, the empty February included") {
        // Held: r1/1 (Jan 18, reported twice), r3/1 (held_on Jan 29), r4/1 (Mar 10).
        // Missed: r2/1 (Jan 31), r3/2 (Mar 5), r4/2 (Mar 20).
        const auto& m = f["meetings"];
        CHECK(m["held"] == 3);
        CHECK(m["missed"] == 3);
        CHECK(m["adherence"] == 0.5);
        CHECK(m["by_month"] == json::array({{{"month", "2027-01"}, {"held", 2}, {"missed", 1}, {"adherence", 0.667}},
                                            {{"month", "2027-02"}, {"held", 0}, {"missed", 0}, {"adherence", 0.0}},
                                            {{"month", "2027-03"}, {"held", 1}, {"missed", 2}, {"adherence", 0.333}}}));
    }
    SECTION("goals by area, most goals first, then by name") {
        const auto& g = f["goals"];
        CHECK(g["set"] == 7);
        CHECK(g["achieved"] == 3);
        CHECK(g["at_risk"] == 1);
        CHECK(g["abandoned"] == 1);
        CHECK(g["attainment"] == 0.429);
        auto area = [](const char* name, int set, int achieved, int at_risk, int abandoned, double attainment) {
            return json{{"area", name},           {"set", set},
                        {"achieved", achieved},   {"at_risk", at_risk},
                        {"abandoned", abandoned}, {"attainment", attainment}};
        };
        CHECK(g["by_area"] ==
              json::array({area("leadership", 3, 1, 1, 0, 0.333), area("communication", 2, 2, 0, 0, 1.0),
                           area("career", 1, 0, 0, 0, 0.0), area("unspecified", 1, 0, 0, 1, 0.0)}));
    }
    SECTION("the goal figures agree with the store's goals table") {
        const auto state = b.s.snapshot();
        std::map<std::string, int> statuses;
        for (const auto& row : state["goals"])
            ++statuses[row[3].get<std::string>()];  // id, mentee, relationship, status
        CHECK(statuses == std::map<std::string, int>{{"achieved", 3}, {"abandoned", 1}, {"at_risk", 1}, {"open", 2}});
    }
    SECTION("relationships: recent risk only for active ones, the list active first then latest") {
        const auto& r = f["relationships"];
        CHECK(r["total"] == 4);
        CHECK(r["on_track"] == 1);  // r4: its only risk was 54 days before as_of
        CHECK(r["at_risk"] == 1);   // r3: raised 8 days before as_of
        CHECK(r["completed"] == 1);
        CHECK(r["closed_early"] == 1);
        CHECK(r["ever_at_risk"] == 3);
        const auto& list = r["at_risk_list"];
        REQUIRE(list.size() == 3);
        CHECK(list[0] == json{{"relationship_id", "r3"},
                              {"mentor_id", "M3"},
                              {"mentor_name", "Cy Mentor"},
                              {"mentee_id", "E3"},
                              {"mentee_name", "Ez Three"},
                              {"raised_on", "2027-03-12"},
                              {"times_raised", 2},
                              {"reason", "2 meetings missed in a row"},
                              {"suggestion", "Call them, \"today\"\nthen plan"},
                              {"status", "active"}});
        CHECK(list[1]["relationship_id"] == "r4");
        CHECK(list[1]["mentor_name"] == "Bo Both");
        CHECK(list[1]["raised_on"] == "2027-01-25");
        CHECK(list[1]["times_raised"] == 1);
        CHECK(list[1]["status"] == "active");
        CHECK(list[2]["relationship_id"] == "r2");
        CHECK(list[2]["mentor_name"] == "Ben, Mentor");
        CHECK(list[2]["raised_on"] == "2027-02-10");
        CHECK(list[2]["reason"] == "ratings fell");
        CHECK(list[2]["status"] == "closed_early");
    }
    SECTION("satisfaction: ratings 1..5 only, by the check-in's own date") {
        const auto& s = f["satisfaction"];
        CHECK(s["checkins"] == 4);  // 5, 4 in January; 2 in February; 3 in March
        CHECK(s["average_rating"] == 3.5);
        CHECK(s["rating_distribution"] == rating_bins({0, 1, 1, 1, 1}));
        CHECK(s["by_month"] == json::array({{{"month", "2027-01"}, {"checkins", 2}, {"average_rating", 4.5}},
                                            {{"month", "2027-02"}, {"checkins", 1}, {"average_rating", 2.0}},
                                            {{"month", "2027-03"}, {"checkins", 1}, {"average_rating", 3.0}}}));
        CHECK(s["surveys"] == json::array({{{"survey", "midpoint"},
                                            {"responses", 3},
                                            {"average_rating", 4.5},
                                            {"distribution", rating_bins({0, 0, 0, 1, 1})}},
                                           {{"survey", "pulse"},
                                            {"responses", 1},
                                            {"average_rating", 2.0},
                                            {"distribution", rating_bins({0, 1, 0, 0, 0})}}}));
    }
    SECTION("modules: every enabled one in the program's order, counts only") {
        auto topic = [](const char* name, int count) { return json{{"topic", name}, {"count", count}}; };
        CHECK(f["modules"] ==
              json::array({{{"module", "relationship"},
                            {"outputs", 6},
                            {"by_topic",
                             {topic("meeting.scheduled", 1), topic("notification.requested", 1),
                              topic("relationship.at_risk", 4)}}},
                           {{"module", "sponsor"},
                            {"outputs", 4},
                            {"by_topic",
                             {topic("introduction.suggested", 1), topic("nomination.suggested", 2),
                              topic("notification.requested", 1)}}},
                           {{"module", "counsel"},
                            {"outputs", 5},
                            {"by_topic", {topic("counsel.flag_noted", 2), topic("notification.requested", 3)}}},
                           {{"module", "motivate"}, {"outputs", 0}, {"by_topic", json::array()}}}));
        for (const auto& module : f["modules"]) {
            std::set<std::string> keys;
            for (const auto& [key, value] : module.items()) keys.insert(key);
            CHECK(keys == std::set<std::string>{"module", "outputs", "by_topic"});
            for (const auto& entry : module["by_topic"]) CHECK(entry.size() == 2);
        }
    }
    SECTION("no payload content of a module, nor anything of counsel.flagged, is in the figures") {
        const auto text = f.dump();
        CHECK(text.find("SECRET") == std::string::npos);
        CHECK(text.find("counsel.flagged") == std::string::npos);
        CHECK(text.find("stress") == std::string::npos);
        CHECK(text.find("teach") == std::string::npos);
    }
}

TEST_CASE("the report reads the store without changing it", "[report]") {
    temp_folder dir;
    journal_builder b{dir / "p.db"};
    write_pilot(b);
    const auto before = b.s.snapshot();
    const auto size = b.s.journal_size();
    const auto first = report_figures(b.s, pilot_program());
    CHECK(b.s.snapshot() == before);
    CHECK(b.s.journal_size() == size);
    CHECK(report_figures(b.s, pilot_program()) == first);
}

TEST_CASE("a relationship raised at risk 42 days before as_of is at risk, 43 days before on track", "[report]") {
    journal_builder b;
    b.start("2027-01-11", "r1", "M1", "E1");
    b.start("2027-01-11", "r2", "M2", "E2");
    b.at_risk("2027-01-17", "r1", "43 days", "");
    b.at_risk("2027-01-18", "r2", "42 days", "");
    b.add("2027-03-01T23:59:00Z", "meeting.missed", {{"relationship_id", "r1"}, {"meeting_id", "r1/3"}}, "kernel");
    const auto r = report_figures(b.s, pilot_program())["relationships"];
    CHECK(r["at_risk"] == 1);
    CHECK(r["on_track"] == 1);
    CHECK(r["ever_at_risk"] == 2);
    CHECK(r["at_risk_list"][0]["relationship_id"] == "r2");  // the later raise first
    CHECK(r["at_risk_list"][1]["relationship_id"] == "r1");
}

TEST_CASE("a closed program with no matching and no activity reports zeros", "[report]") {
    journal_builder b;
    b.add("2027-01-04", "program.started", {{"program", "p"}}, "kernel");
    b.unmatched("2027-01-05", "E1", "mentee", "no mentors enrolled");  // a run that proposed nothing
    b.add("2027-02-10", "program.closed", {{"program", "p"}}, "kernel");
    const auto f = report_figures(b.s, pilot_program());
    CHECK(f["report"]["as_of"] == "2027-02-10");
    CHECK(f["program"]["status"] == "closed");
    CHECK(f["matching"]["proposals"] == 0);
    CHECK(f["matching"]["score_mean"] == 0.0);
    CHECK(f["matching"]["unmatched"] == 1);
    CHECK(f["meetings"]["adherence"] == 0.0);
    CHECK(f["meetings"]["by_month"] ==
          json::array({{{"month", "2027-01"}, {"held", 0}, {"missed", 0}, {"adherence", 0.0}},
                       {{"month", "2027-02"}, {"held", 0}, {"missed", 0}, {"adherence", 0.0}}}));
    CHECK(f["goals"]["by_area"] == json::array());
    CHECK(f["relationships"]["at_risk_list"] == json::array());
    CHECK(f["satisfaction"]["rating_distribution"] == rating_bins({0, 0, 0, 0, 0}));
    CHECK(f["modules"].size() == 4);
    for (const auto& module : f["modules"]) CHECK(module["outputs"] == 0);
}

TEST_CASE("an empty store reports the program's first month as of its start", "[report]") {
    journal_builder b;
    const auto f = report_figures(b.s, pilot_program());
    CHECK(f["report"]["as_of"] == "2027-01-04");
    CHECK(f["program"]["status"] == "running");
    CHECK(f["matching"]["unmatched"] == 0);
    CHECK(f["matching"]["unmatched_reasons"] == json::array());
    CHECK(f["meetings"]["by_month"].size() == 1);
    CHECK(f["satisfaction"]["by_month"] ==
          json::array({{{"month", "2027-01"}, {"checkins", 0}, {"average_rating", 0.0}}}));
}

TEST_CASE("CSV fields with a comma, a quote, CR or LF are quoted, their quotes doubled", "[report]") {
    const csv_table t{
        "t", {"plain", "with, comma"}, {{"a \"quoted\" word", "line\nbreak"}, {"cr\rhere", ""}, {"x", "y"}}};
    CHECK(to_csv(t) ==
          "plain,\"with, comma\"\r\n"
          "\"a \"\"quoted\"\" word\",\"line\nbreak\"\r\n"
          "\"cr\rhere\",\r\n"
          "x,y\r\n");
}

TEST_CASE("CSV text fields a spreadsheet would evaluate get a leading apostrophe; numbers do not", "[report]") {
    const csv_table t{"t",
                      {"name", "value"},
                      {{"=HYPERLINK(\"http://x\",\"y\")", "-0.5"},
                       {"+1 555 0100", "+5"},
                       {"-cmd|' /C calc'!A0", "-12"},
                       {"@SUM(A1:A9)", "1e3"},
                       {"\tindented", "-"},
                       {"Ana = Bo", ""},
                       {"-inf", "-.5"},
                       {"+-5", "-nan"}}};
    CHECK(to_csv(t) ==
          "name,value\r\n"
          "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-0.5\r\n"
          "'+1 555 0100,+5\r\n"
          "'-cmd|' /C calc'!A0,-12\r\n"
          "'@SUM(A1:A9),1e3\r\n"
          "'\tindented,'-\r\n"
          "Ana = Bo,\r\n"
          "'-inf,-.5\r\n"
          "'+-5,'-nan\r\n");
}

TEST_CASE("the CSV tables render the figures, one table per figure", "[report]") {
    journal_builder b;
    write_pilot(b);
    const auto tables = report_tables(report_figures(b.s, pilot_program()));
    std::vector<std::string> names;
    for (const auto& t : tables) names.push_back(t.name);
    CHECK(names == std::vector<std::string>{"matching-scores", "unmatched-reasons", "meetings-by-month",
                                            "goals-by-area", "relationship-health", "at-risk", "satisfaction-by-month",
                                            "surveys", "modules"});

    const auto& scores = table_named(tables, "matching-scores");
    CHECK(scores.header == std::vector<std::string>{"from", "to", "count"});
    REQUIRE(scores.rows.size() == 10);
    CHECK(scores.rows[1] == std::vector<std::string>{"10", "20", "1"});
    CHECK(scores.rows[9] == std::vector<std::string>{"90", "100", "1"});

    CHECK(to_csv(table_named(tables, "unmatched-reasons")) ==
          "reason,count\r\nno mentor left with capacity,2\r\nevery mentee excluded,1\r\n"
          "spare capacity: no mentee fits,1\r\n");
    CHECK(to_csv(table_named(tables, "meetings-by-month")) ==
          "month,held,missed,adherence\r\n2027-01,2,1,0.667\r\n2027-02,0,0,0.0\r\n2027-03,1,2,0.333\r\n");
    CHECK(table_named(tables, "goals-by-area").rows.back() ==
          std::vector<std::string>{"unspecified", "1", "0", "0", "1", "0.0"});
    CHECK(to_csv(table_named(tables, "relationship-health")) ==
          "status,count\r\non_track,1\r\nat_risk,1\r\ncompleted,1\r\nclosed_early,1\r\n");

    const auto at_risk = to_csv(table_named(tables, "at-risk"));
    CHECK(at_risk ==
          "relationship_id,mentor_id,mentor_name,mentee_id,mentee_name,status,raised_on,times_raised,reason,"
          "suggestion\r\n"
          "r3,M3,Cy Mentor,E3,Ez Three,active,2027-03-12,2,2 meetings missed in a row,\"Call them, \"\"today\"\"\nthen "
          "plan\"\r\n"
          "r4,B1,Bo Both,E4,Em Four,active,2027-01-25,1,low ratings,talk\r\n"
          "r2,M2,\"Ben, Mentor\",E2,Eva Two,closed_early,2027-02-10,1,ratings fell,meet in person\r\n");

    CHECK(to_csv(table_named(tables, "satisfaction-by-month")) ==
          "month,checkins,average_rating\r\n2027-01,2,4.5\r\n2027-02,1,2.0\r\n2027-03,1,3.0\r\n");
    CHECK(to_csv(table_named(tables, "surveys")) ==
          "survey,responses,average_rating,rating_1,rating_2,rating_3,rating_4,rating_5\r\n"
          "midpoint,3,4.5,0,0,0,1,1\r\npulse,1,2.0,0,1,0,0,0\r\n");
    CHECK(to_csv(table_named(tables, "modules")) ==
          "module,topic,count\r\n"
          "relationship,meeting.scheduled,1\r\nrelationship,notification.requested,1\r\n"
          "relationship,relationship.at_risk,4\r\n"
          "sponsor,introduction.suggested,1\r\nsponsor,nomination.suggested,2\r\nsponsor,notification.requested,1\r\n"
          "counsel,counsel.flag_noted,2\r\ncounsel,notification.requested,3\r\n"
          "motivate,,0\r\n");
}
