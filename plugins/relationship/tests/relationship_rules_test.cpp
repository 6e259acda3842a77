// The pure rules of the relationship module, without a kernel.

#include "../relationship_rules.hpp"

#include <catch2/catch.hpp>

namespace rules = mentorkit::relationship_rules;

TEST_CASE("numbers are written as people write them", "[relationship]") {
    CHECK(rules::number_text(3) == "3");
    CHECK(rules::number_text(7.5) == "7.5");
    CHECK(rules::number_text(7.0 / 3) == "2.33");
    CHECK(rules::number_text(2.999) == "3");
    CHECK(rules::number_text(0.05) == "0.05");
    CHECK(rules::number_text(20.5) == "20.5");
}

TEST_CASE("a run of misses raises at the threshold, once per run", "[relationship]") {
    rules::track t;
    CHECK_FALSE(t.meeting_missed("r/1", 2));
    CHECK(t.meeting_missed("r/2", 2));
    CHECK_FALSE(t.meeting_missed("r/3", 2));
    t.meeting_held("r/4", "2027-03-01");
    CHECK(t.missed_run.empty());
    CHECK_FALSE(t.meeting_missed("r/5", 2));
    CHECK_FALSE(t.meeting_missed("r/5", 2));  // the same meeting again
    CHECK(t.meeting_missed("r/6", 2));
    CHECK(t.missed.size() == 5);
    CHECK(t.held.size() == 1);
}

TEST_CASE("a falling average raises once and again only after recovering", "[relationship]") {
    rules::track t;
    CHECK_FALSE(t.rated(1, 3, 2.5));
    CHECK_FALSE(t.rated(1, 3, 2.5));
    const auto first = t.rated(2, 3, 2.5);
    REQUIRE(first);
    CHECK(*first == Approx(4.0 / 3));
    CHECK_FALSE(t.rated(1, 3, 2.5));  // still low
    CHECK_FALSE(t.rated(5, 3, 2.5));  // (2 + 1 + 5) / 3 = 2.67: recovered
    CHECK(t.rated(1, 3, 2.5));        // (1 + 5 + 1) / 3 = 2.33: raised again
    CHECK(t.low_raised);
    CHECK(t.rating_count == 6);
    CHECK(*t.average_rating() == Approx(11.0 / 6));
}

TEST_CASE("a goal's agenda line asks the question that fits its status", "[relationship]") {
    mentorkit::goal g;
    g.title = "Lead a cross-team project";
    g.progress = 40;
    CHECK(rules::goal_agenda_item(g) ==
          "Review 'Lead a cross-team project' \u2014 40% (open): still the right goal? what is the next step?");
    g.status = mentorkit::goal_status::at_risk;
    CHECK(rules::goal_agenda_item(g).find("(at risk): what is in the way") != std::string::npos);
    g.status = mentorkit::goal_status::achieved;
    g.progress = 100;
    CHECK(rules::goal_agenda_item(g).find("100% (achieved): what made it work") != std::string::npos);
}
