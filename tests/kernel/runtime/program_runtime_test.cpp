#include "logging.hpp"
#include "runtime/program_runtime.hpp"
#include "runtime/timer_service.hpp"

#include <catch2/catch.hpp>

#include "temp_folder.hpp"

using namespace mentorkit;
using mentorkit::test_support::temp_folder;

namespace {

time_point day(const char* date) { return *parse_date(date); }

runtime_settings eight_weeks() {
    runtime_settings s;
    s.program_id = "p";
    s.start = day("2027-01-04");
    s.end = day("2027-03-01");  // 8 weeks
    s.cadence = *parse_duration("2w");
    s.phases = {{"kickoff", *parse_duration("0d"), "meet"}, {"closing", *parse_duration("6w"), "wrap up"}};
    s.surveys = {{"pulse", *parse_duration("3w")}, {"final", std::nullopt}};
    return s;
}

// A program runtime on a bus with timers, optionally journaled in a store.
struct runtime_fixture {
    explicit runtime_fixture(runtime_settings settings = eight_weeks(), store* journal = nullptr)
        : bus{bus_options{1, 0, 100, journal != nullptr ? journal->last_event_id() + 1 : 1}, logs.make("bus"), clock},
          timers{bus, clock, journal},
          scheduler{timers.scoped("kernel")} {
        if (journal != nullptr) {
            bus.add_observer([journal](const event& e) { journal->append(e); });
            if (auto last = journal->last_event()) clock.set(last->time);
        }
        bus.add_observer([this](const event& e) { events.push_back(e); });
        runtime = std::make_unique<program_runtime>(bus, *scheduler, std::move(settings),
                                                    journal != nullptr ? journal->journal() : std::vector<event>{});
    }
    void at(const char* date, std::string topic, nlohmann::json payload) {
        timers.advance(clock, day(date));
        event e;
        e.topic = std::move(topic);
        e.payload = std::move(payload);
        e.source = "input";
        bus.publish(std::move(e));
    }
    void run_to_end() { timers.advance(clock, day("2027-03-01")); }
    std::vector<event> of(std::string_view topic) const {
        std::vector<event> out;
        for (const auto& e : events)
            if (e.topic == topic) out.push_back(e);
        return out;
    }

    simulated_clock clock{day("2027-01-04")};
    log_hub logs{"off"};
    in_process_bus bus;
    std::vector<event> events;
    timer_service timers;
    std::unique_ptr<mentorkit::scheduler> scheduler;
    std::unique_ptr<program_runtime> runtime;
};

const nlohmann::json pair{{"relationship_id", "r-1"}, {"mentor_id", "m"}, {"mentee_id", "e"}};

std::vector<std::string> dates(const std::vector<event>& events, const char* field = nullptr) {
    std::vector<std::string> out;
    for (const auto& e : events) out.push_back(field ? e.payload[field].get<std::string>() : format_date(e.time));
    return out;
}

}  // namespace

TEST_CASE("meetings follow the cadence from the relationship's start until the program ends", "[runtime]") {
    runtime_fixture f;
    f.bus.publish("program.started", {{"program", "p"}});
    f.at("2027-01-11", "relationship.started", pair);
    f.run_to_end();
    CHECK(dates(f.of("meeting.scheduled"), "due_by") == std::vector<std::string>{"2027-01-25", "2027-02-08", "2027-02-22"});
    CHECK(dates(f.of("meeting.due")) == std::vector<std::string>{"2027-01-25", "2027-02-08", "2027-02-22"});
    CHECK(f.of("meeting.due")[1].payload["meeting_id"] == "r-1/2");
    CHECK(f.of("meeting.scheduled")[0].payload["length"] == "1h");
}

TEST_CASE("a runtime refuses a meeting cadence validation would refuse, rather than run without end",
          "[runtime][rates]") {
    auto settings = eight_weeks();
    settings.cadence = *parse_duration("1s");
    CHECK_THROWS_WITH(runtime_fixture{settings},
                      Catch::StartsWith("the meeting cadence of 1s would make each pair generate up to 259200 events"));
    settings.cadence = duration{};
    CHECK_THROWS_WITH(runtime_fixture{settings}, Catch::StartsWith("the meeting cadence must be longer than zero"));
    settings.cadence = *parse_duration("3h");
    CHECK_NOTHROW(runtime_fixture{settings});
}

TEST_CASE("a meeting not held by the next one's due date is missed", "[runtime]") {
    runtime_fixture f;
    f.bus.publish("program.started", {{"program", "p"}});
    f.at("2027-01-11", "relationship.started", pair);
    f.run_to_end();
    // Nothing was held: all three missed (the last one judged at the end).
    CHECK(dates(f.of("meeting.missed"), "meeting_id") == std::vector<std::string>{"r-1/1", "r-1/2", "r-1/3"});
    CHECK(dates(f.of("meeting.missed")) == std::vector<std::string>{"2027-02-08", "2027-02-22", "2027-03-01"});
    // Keeping the pair on track is the relationship module's job, not the runtime's.
    CHECK(f.of("relationship.at_risk").empty());
}

TEST_CASE("held meetings are not missed", "[runtime]") {
    runtime_fixture f;
    f.bus.publish("program.started", {{"program", "p"}});
    f.at("2027-01-11", "relationship.started", pair);
    f.at("2027-01-26", "meeting.held", {{"meeting_id", "r-1/1"}, {"relationship_id", "r-1"}});
    f.at("2027-02-23", "meeting.held", {{"meeting_id", "r-1/3"}, {"relationship_id", "r-1"}});
    f.run_to_end();
    CHECK(dates(f.of("meeting.missed"), "meeting_id") == std::vector<std::string>{"r-1/2"});
}

TEST_CASE("phases are entered and surveys fall due on their dates", "[runtime]") {
    runtime_fixture f;
    f.bus.publish("program.started", {{"program", "p"}});
    f.at("2027-01-11", "relationship.started", pair);
    f.run_to_end();
    CHECK(dates(f.of("program.phase.entered"), "phase") == std::vector<std::string>{"kickoff", "closing"});
    CHECK(dates(f.of("program.phase.entered")) == std::vector<std::string>{"2027-01-04", "2027-02-15"});
    const auto surveys = f.of("survey.due");
    REQUIRE(surveys.size() == 2);
    CHECK(surveys[0].payload["survey"] == "pulse");
    CHECK(format_date(surveys[0].time) == "2027-02-01");
    CHECK(surveys[1].payload["survey"] == "final");
    CHECK(format_date(surveys[1].time) == "2027-03-01");
    CHECK(surveys[1].payload["respondents"] == nlohmann::json{"m", "e"});
}

TEST_CASE("a relationship closed early gets no more meetings or surveys", "[runtime]") {
    runtime_fixture f;
    f.bus.publish("program.started", {{"program", "p"}});
    f.at("2027-01-11", "relationship.started", pair);
    f.at("2027-01-20", "relationship.closed", {{"relationship_id", "r-1"}, {"outcome", "closed_early"}});
    f.run_to_end();
    CHECK(f.of("meeting.due").empty());
    CHECK(f.of("survey.due").empty());
    CHECK(f.of("program.closed")[0].payload["evaluation"]["closed_early"] == 1);
}

TEST_CASE("the program closes its relationships and reports the evaluation", "[runtime]") {
    runtime_fixture f;
    f.bus.publish("program.started", {{"program", "p"}});
    f.at("2027-01-11", "relationship.started", pair);
    f.at("2027-01-12", "relationship.started", {{"relationship_id", "r-2"}, {"mentor_id", "m2"}, {"mentee_id", "e2"}});
    f.at("2027-01-13", "goal.set", {{"id", "g-1"}, {"mentee_id", "e"}});
    f.at("2027-01-13", "goal.set", {{"id", "g-2"}, {"mentee_id", "e2"}});
    f.at("2027-01-26", "meeting.held", {{"meeting_id", "r-1/1"}, {"relationship_id", "r-1"}});
    f.at("2027-01-27", "checkin.submitted", {{"relationship_id", "r-1"}, {"from", "e"}, {"rating", 4}});
    f.at("2027-01-28", "checkin.submitted", {{"relationship_id", "r-2"}, {"from", "e2"}, {"rating", 5}});
    f.at("2027-02-09", "goal.achieved", {{"goal_id", "g-1"}});
    f.at("2027-02-10", "relationship.closed", {{"relationship_id", "r-2"}, {"outcome", "closed_early"}});
    f.run_to_end();

    const auto closures = f.of("relationship.closed");
    REQUIRE(closures.size() == 2);
    CHECK(closures[1].payload == nlohmann::json{{"relationship_id", "r-1"}, {"outcome", "completed"},
                                                {"reason", "the program ended"}});
    const auto closed = f.of("program.closed");
    REQUIRE(closed.size() == 1);
    CHECK(format_date(closed[0].time) == "2027-03-01");
    // By hand: r-1 had 3 meetings (1 held, 2 missed; the second miss is at the end, so it
    // raises no alarm), r-2 had 1 due before it closed (missed).
    const nlohmann::json expected{{"relationships", 2},    {"completed", 1},        {"closed_early", 1},
                                  {"at_risk_raised", 0},   {"meetings_held", 1},    {"meetings_missed", 3},
                                  {"meeting_adherence", 0.25}, {"checkins", 2},     {"average_rating", 4.5},
                                  {"goals_set", 2},        {"goals_achieved", 1},   {"goal_attainment", 0.5}};
    CHECK(closed[0].payload["evaluation"] == expected);
}

TEST_CASE("a restarted runtime carries on from the journal and its stored timers, as if never stopped",
          "[runtime]") {
    auto script = [](runtime_fixture& f, bool first_half, bool second_half) {
        if (first_half) {
            f.bus.publish("program.started", {{"program", "p"}});
            f.at("2027-01-11", "relationship.started", pair);
            f.at("2027-01-26", "meeting.held", {{"meeting_id", "r-1/1"}, {"relationship_id", "r-1"}});
            f.at("2027-02-01", "checkin.submitted", {{"relationship_id", "r-1"}, {"from", "e"}, {"rating", 2}});
        }
        if (second_half) {
            f.at("2027-02-09", "checkin.submitted", {{"relationship_id", "r-1"}, {"from", "e"}, {"rating", 2}});
            f.at("2027-02-10", "checkin.submitted", {{"relationship_id", "r-1"}, {"from", "e"}, {"rating", 3}});
            f.run_to_end();
        }
    };
    std::vector<nlohmann::json> uninterrupted;
    {
        store s{":memory:", "p"};
        runtime_fixture f{eight_weeks(), &s};
        script(f, true, true);
        for (const auto& e : s.journal()) uninterrupted.push_back(to_json(e));
    }
    temp_folder dir;
    const auto file = dir / "p.db";
    {
        store s{file, "p"};
        runtime_fixture f{eight_weeks(), &s};
        script(f, true, false);
    }
    std::vector<nlohmann::json> restarted;
    {
        store s{file, "p"};
        runtime_fixture f{eight_weeks(), &s};
        script(f, false, true);
        for (const auto& e : s.journal()) restarted.push_back(to_json(e));
    }
    CHECK(restarted.size() == uninterrupted.size());
    CHECK(restarted == uninterrupted);
}

TEST_CASE("milestones fall due after each pair's start or the program's, naming who is responsible", "[runtime]") {
    auto settings = eight_weeks();
    settings.milestones = {{"goals-agreed", *parse_duration("3w"), true, "pair", "write goals"},
                           {"feedback", *parse_duration("5w"), true, "mentee", ""},
                           {"review", *parse_duration("4w"), false, "program_manager", "look at the pairs"},
                           {"too-late", *parse_duration("10w"), true, "mentor", ""}};
    runtime_fixture f{settings};
    f.bus.publish("program.started", {{"program", "p"}});
    f.at("2027-01-11", "relationship.started", pair);
    f.run_to_end();
    const auto due = f.of("milestone.due");
    REQUIRE(due.size() == 3);  // "too-late" would fall after the program's end
    // Both due on 1 February: the program's was set first, so it comes first.
    CHECK(due[0].payload["milestone"] == "review");
    CHECK(format_date(due[0].time) == "2027-02-01");
    CHECK(due[0].payload["responsible"] == nlohmann::json::array());
    CHECK(due[1].payload["milestone"] == "goals-agreed");
    CHECK(format_date(due[1].time) == "2027-02-01");
    CHECK(due[1].payload["responsible"] == nlohmann::json{"m", "e"});
    CHECK(due[2].payload["milestone"] == "feedback");
    CHECK(due[2].payload["responsible"] == nlohmann::json{"e"});
}

TEST_CASE("after each held meeting both sides are asked the program's check-in questions", "[runtime]") {
    auto settings = eight_weeks();
    settings.checkin_questions = nlohmann::json::array({{{"id", "usefulness"}, {"text", "How useful?"}}});
    runtime_fixture f{settings};
    f.at("2027-01-11", "relationship.started", pair);
    f.at("2027-01-26", "meeting.held", {{"meeting_id", "r-1/1"}, {"relationship_id", "r-1"}});
    const auto asked = f.of("checkin.due");
    REQUIRE(asked.size() == 1);
    CHECK(asked[0].payload["meeting_id"] == "r-1/1");
    CHECK(asked[0].payload["due"] == "2027-01-29");
    CHECK(asked[0].payload["respondents"] == nlohmann::json{"m", "e"});
    CHECK(asked[0].payload["questions"][0]["id"] == "usefulness");
}
