#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <mentorkit/testing.hpp>

TEST_CASE("an achieved goal is recognised to the mentee and the mentor", "[kudos]") {
    mentorkit::testing::harness h{KUDOS_PLUGIN_PATH};
    h.with_config("signature: Ada, programme lead").start();
    h.publish("goal.achieved", {{"mentee_id", "p-2"}, {"mentor_id", "p-1"}, {"manager_id", "p-9"}, {"title", "Lead a design review"}});
    const auto notes = h.events("notification.requested");
    REQUIRE(notes.size() == 2);
    CHECK(notes[0].payload["to"] == "p-2");
    CHECK(notes[0].payload["subject"] == "Goal achieved: Lead a design review");
    CHECK(notes[1].payload["to"] == "p-1");
}

TEST_CASE("the manager is told only when configured", "[kudos]") {
    mentorkit::testing::harness h{KUDOS_PLUGIN_PATH};
    h.with_config("notify_manager: true").start();
    h.publish("goal.achieved", {{"mentee_id", "p-2"}, {"manager_id", "p-9"}});
    const auto notes = h.events("notification.requested");
    REQUIRE(notes.size() == 2);
    CHECK(notes[1].payload["to"] == "p-9");
}
