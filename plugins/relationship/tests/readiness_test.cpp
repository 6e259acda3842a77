// Readiness at enrolment: what being matched takes, checked per role, said once per result.

#include "relationship_test_support.hpp"

#include <catch2/catch.hpp>

using namespace relationship_test;

namespace {

json mentor(json changes = json::object()) {
    json p{{"id", "E0002"},
           {"name", "Tyler Jackson"},
           {"role", "mentor"},
           {"org_unit", "Engineering"},
           {"grade", 9},
           {"years_experience", 20.5},
           {"skills", {{{"skill", "distributed systems"}, {"level", 4}}, {{"skill", "hiring"}, {"level", 5}}}},
           {"mentor_capacity", 3}};
    p.update(changes);
    return p;
}

json mentee(json changes = json::object()) {
    json p{{"id", "E0010"},
           {"name", "Rachel Brown"},
           {"role", "mentee"},
           {"org_unit", "Engineering"},
           {"grade", 5},
           {"years_experience", 10.5},
           {"skills_sought", {"facilitation", "hiring"}},
           {"goal_areas", {"promotion readiness", "strategic thinking"}}};
    p.update(changes);
    return p;
}

// The one check named `name` of an assessment.
json check_of(const json& assessment, const std::string& name) {
    for (const auto& c : assessment.at("checks"))
        if (c.at("check") == name) return c;
    FAIL("no check " << name << " in " << assessment.dump());
    return {};
}

json only_assessment(const harness& h) {
    const auto all = emitted(h, "readiness.assessed");
    REQUIRE(all.size() == 1);
    return all[0].payload;
}

}  // namespace

TEST_CASE("a mentor with capacity, experience and skills to offer is ready and is not nagged", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    h.start();
    h.publish("participant.enrolled", mentor());

    const auto a = only_assessment(h);
    CHECK(a["person_id"] == "E0002");
    CHECK(a["role"] == "mentor");
    CHECK(a["ready"] == true);
    CHECK(a["to"] == json{"E0002"});
    REQUIRE(a["checks"].size() == 3);
    CHECK(a["checks"][0] == json{{"check", "mentor_capacity"}, {"passed", true}, {"detail", "can take 3 mentees"}});
    CHECK(a["checks"][1] ==
          json{{"check", "experience"}, {"passed", true}, {"detail", "20.5 years of experience (at least 3 needed)"}});
    CHECK(a["checks"][2] == json{{"check", "skills_to_offer"},
                                 {"passed", true},
                                 {"detail", "offers distributed systems (4), hiring (5)"}});
    CHECK(a["suggestion"] == "Ready to mentor up to 3 mentees: nothing to do until a match is proposed.");
    CHECK(h.events("notification.requested").empty());
}

TEST_CASE("a mentor's capacity: absent takes default_capacity, 0 is not ready", "[relationship]") {
    SECTION("absent: the program default of 2") {
        harness h{RELATIONSHIP_PLUGIN_PATH};
        h.start();
        auto p = mentor();
        p.erase("mentor_capacity");
        h.publish("participant.enrolled", p);
        const auto c = check_of(only_assessment(h), "mentor_capacity");
        CHECK(c["passed"] == true);
        CHECK(c["detail"] == "can take 2 mentees (the program's default_capacity; the profile states none)");
    }
    SECTION("absent with default_capacity 0: not ready, and told what to do") {
        harness h{RELATIONSHIP_PLUGIN_PATH};
        h.with_config("default_capacity: 0\n").start();
        auto p = mentor();
        p.erase("mentor_capacity");
        h.publish("participant.enrolled", p);
        const auto a = only_assessment(h);
        CHECK(a["ready"] == false);
        CHECK(check_of(a, "mentor_capacity")["passed"] == false);
        CHECK(check_of(a, "experience")["passed"] == true);
        const auto notes = h.events("notification.requested");
        REQUIRE(notes.size() == 1);
        CHECK(notes[0].payload["to"] == "E0002");
        CHECK(notes[0].payload["person_id"] == "E0002");
        CHECK(notes[0].payload["failed_checks"] == json{"mentor_capacity"});
        CHECK(contains(notes[0].payload["body"], "mentor_capacity of at least 1"));
    }
    SECTION("stated as 0: not ready") {
        harness h{RELATIONSHIP_PLUGIN_PATH};
        h.start();
        h.publish("participant.enrolled", mentor({{"mentor_capacity", 0}}));
        const auto a = only_assessment(h);
        CHECK(a["ready"] == false);
        CHECK(check_of(a, "mentor_capacity") ==
              json{{"check", "mentor_capacity"}, {"passed", false}, {"detail", "mentor capacity is 0"}});
        CHECK(a["suggestion"] ==
              "Before you can be matched: State how many mentees you can take on (a "
              "mentor_capacity of at least 1).");
    }
    SECTION("stated as 1: ready") {
        harness h{RELATIONSHIP_PLUGIN_PATH};
        h.start();
        h.publish("participant.enrolled", mentor({{"mentor_capacity", 1}}));
        CHECK(check_of(only_assessment(h), "mentor_capacity")["detail"] == "can take 1 mentee");
    }
}

TEST_CASE("a mentor needs min_mentor_years of experience: 3 by default, the minimum itself is enough",
          "[relationship]") {
    SECTION("2.5 years is not enough") {
        harness h{RELATIONSHIP_PLUGIN_PATH};
        h.start();
        h.publish("participant.enrolled", mentor({{"years_experience", 2.5}}));
        const auto a = only_assessment(h);
        CHECK(a["ready"] == false);
        CHECK(check_of(a, "experience") == json{{"check", "experience"},
                                                {"passed", false},
                                                {"detail", "2.5 years of experience (at least 3 needed)"}});
        CHECK(contains(a["suggestion"], "at least 3 years of experience: join as a mentee first"));
        REQUIRE(h.events("notification.requested").size() == 1);
    }
    SECTION("exactly 3 years is enough") {
        harness h{RELATIONSHIP_PLUGIN_PATH};
        h.start();
        h.publish("participant.enrolled", mentor({{"years_experience", 3}}));
        CHECK(only_assessment(h)["ready"] == true);
    }
    SECTION("a program asking for 5 years and grade 6") {
        harness h{RELATIONSHIP_PLUGIN_PATH};
        h.with_config("min_mentor_years: 5\nmin_mentor_grade: 6\n").start();
        h.publish("participant.enrolled", mentor({{"id", "E0100"}, {"years_experience", 6}, {"grade", 5}}));
        h.publish("participant.enrolled", mentor({{"id", "E0101"}, {"years_experience", 4}, {"grade", 7}}));
        h.publish("participant.enrolled", mentor({{"id", "E0102"}, {"years_experience", 5}, {"grade", 6}}));
        const auto all = emitted(h, "readiness.assessed");
        REQUIRE(all.size() == 3);
        CHECK(check_of(all[0].payload, "experience") ==
              json{{"check", "experience"},
                   {"passed", false},
                   {"detail", "6 years of experience (at least 5 needed), grade 5 (at least 6 needed)"}});
        CHECK(check_of(all[1].payload, "experience")["passed"] == false);
        CHECK(check_of(all[2].payload, "experience")["passed"] == true);
        CHECK(contains(all[0].payload["suggestion"], "at least 5 years of experience and grade 6"));
    }
}

TEST_CASE("a mentor with no skills to offer is not ready", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    h.start();
    h.publish("participant.enrolled", mentor({{"skills", json::array()}}));
    const auto a = only_assessment(h);
    CHECK(a["ready"] == false);
    CHECK(check_of(a, "skills_to_offer") ==
          json{{"check", "skills_to_offer"}, {"passed", false}, {"detail", "no skills listed in the profile"}});
    CHECK(contains(a["suggestion"], "Add the skills you can offer a mentee"));
}

TEST_CASE("a mentee needs stated goals: goal areas or skills sought", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    h.start();
    h.publish("participant.enrolled", mentee());
    h.publish("participant.enrolled",
              mentee({{"id", "E0011"}, {"goal_areas", json::array()}, {"skills_sought", json::array()}}));
    h.publish("participant.enrolled", mentee({{"id", "E0012"}, {"goal_areas", json::array()}}));
    h.publish("participant.enrolled", mentee({{"id", "E0013"}, {"skills_sought", json::array()}}));

    const auto all = emitted(h, "readiness.assessed");
    REQUIRE(all.size() == 4);
    const auto& ready = all[0].payload;
    CHECK(ready["role"] == "mentee");
    CHECK(ready["ready"] == true);
    REQUIRE(ready["checks"].size() == 2);
    CHECK(ready["checks"][0] ==
          json{{"check", "goals"},
               {"passed", true},
               {"detail", "goal areas: promotion readiness, strategic thinking; skills sought: facilitation, hiring"}});
    CHECK(ready["checks"][1] ==
          json{{"check", "availability"}, {"passed", true}, {"detail", "not in an active mentoring relationship"}});
    CHECK(ready["suggestion"] == "Ready to be matched with a mentor: nothing to do until a match is proposed.");

    CHECK(all[1].payload["person_id"] == "E0011");
    CHECK(all[1].payload["ready"] == false);
    CHECK(check_of(all[1].payload, "goals")["detail"] == "no goal areas or skills sought stated");
    CHECK(contains(all[1].payload["suggestion"], "at least one goal area"));
    CHECK(all[2].payload["ready"] == true);  // skills sought alone
    CHECK(all[3].payload["ready"] == true);  // goal areas alone

    const auto notes = h.events("notification.requested");
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].payload["to"] == "E0011");
}

TEST_CASE("a mentee already in an active relationship is not available for another", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    h.start();
    h.publish("participant.enrolled", mentee());
    h.publish("relationship.started", {{"relationship_id", "r-5"}, {"mentor_id", "E0002"}, {"mentee_id", "E0010"}});
    h.clear_events();

    // Re-imported while mentored: the result changed, so it is news.
    h.publish("participant.updated", mentee());
    auto a = only_assessment(h);
    CHECK(a["ready"] == false);
    CHECK(check_of(a, "availability") == json{{"check", "availability"},
                                              {"passed", false},
                                              {"detail", "already mentored by E0002 in r-5 (since 2027-01-04)"}});
    CHECK(check_of(a, "goals")["passed"] == true);
    const auto notes = h.events("notification.requested");
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].payload["to"] == "E0010");
    CHECK(notes[0].payload["failed_checks"] == json{"availability"});
    CHECK(contains(notes[0].payload["body"], "already in an active mentoring relationship (r-5)"));

    // Once the relationship has closed the mentee is available again.
    h.publish("relationship.closed", {{"relationship_id", "r-5"}, {"outcome", "completed"}, {"reason", "done"}});
    h.clear_events();
    h.publish("participant.updated", mentee());
    a = only_assessment(h);
    CHECK(a["ready"] == true);
    CHECK(h.events("notification.requested").empty());
}

TEST_CASE("a person who is both mentor and mentee is checked for both roles", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    h.start();
    h.publish("participant.enrolled", mentor({{"role", "both"}, {"goal_areas", {"executive presence"}}}));
    const auto a = only_assessment(h);
    CHECK(a["role"] == "both");
    CHECK(a["ready"] == true);
    std::vector<std::string> names;
    for (const auto& c : a["checks"]) names.push_back(c["check"]);
    CHECK(names ==
          std::vector<std::string>{"mentor_capacity", "experience", "skills_to_offer", "goals", "availability"});
    CHECK(a["suggestion"] ==
          "Ready to mentor up to 3 mentees and to be matched with a mentor: nothing to do until a match is proposed.");
}

TEST_CASE("an update is re-assessed only when the result changes", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    h.start();
    h.publish("participant.enrolled", mentor());
    h.publish("participant.enrolled", mentor());                             // the same import twice
    h.publish("participant.updated", mentor({{"years_experience", 21.5}}));  // still ready, same checks
    CHECK(emitted(h, "readiness.assessed").size() == 1);

    h.publish("participant.updated", mentor({{"skills", json::array()}}));                 // now nothing to offer
    h.publish("participant.updated", mentor({{"skills", json::array()}, {"grade", 10}}));  // same result
    auto all = emitted(h, "readiness.assessed");
    REQUIRE(all.size() == 2);
    CHECK(all[1].payload["ready"] == false);
    CHECK(h.events("notification.requested").size() == 1);

    h.publish("participant.updated", mentor());  // skills back: ready again
    all = emitted(h, "readiness.assessed");
    REQUIRE(all.size() == 3);
    CHECK(all[2].payload["ready"] == true);
    CHECK(h.events("notification.requested").size() == 1);  // nothing to do, nothing sent
}

TEST_CASE("someone who withdrew and enrols again is assessed again", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    h.start();
    h.publish("participant.enrolled", mentee());
    h.publish("participant.withdrew", {{"person_id", "E0010"}, {"reason", "moved team"}});
    h.publish("participant.enrolled", mentee());
    CHECK(emitted(h, "readiness.assessed").size() == 2);
}

TEST_CASE("after a restart an assessment already made is not repeated", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    // History: the person was enrolled and assessed (ready) before the restart.
    h.publish("participant.enrolled", mentee());
    h.publish("readiness.assessed", {{"person_id", "E0010"},
                                     {"role", "mentee"},
                                     {"ready", true},
                                     {"checks",
                                      {{{"check", "goals"}, {"passed", true}, {"detail", "..."}},
                                       {{"check", "availability"}, {"passed", true}, {"detail", "..."}}}},
                                     {"suggestion", "Ready"},
                                     {"to", {"E0010"}}});
    h.start();
    h.publish("participant.updated", mentee({{"grade", 6}}));
    CHECK(emitted(h, "readiness.assessed").empty());
    h.publish("participant.updated", mentee({{"goal_areas", json::array()}, {"skills_sought", json::array()}}));
    const auto all = emitted(h, "readiness.assessed");
    REQUIRE(all.size() == 1);
    CHECK(all[0].payload["ready"] == false);
}

TEST_CASE("a profile that cannot be read is a dead letter", "[relationship]") {
    harness h{RELATIONSHIP_PLUGIN_PATH};
    h.start();
    h.publish("participant.enrolled", mentee({{"role", "captain"}}));
    CHECK(emitted(h, "readiness.assessed").empty());
    const auto dead = h.dead_letters();
    REQUIRE(dead.size() == 1);
    CHECK(dead[0].subscriber == "relationship");
    CHECK(dead[0].error.find("participant.enrolled carries no readable profile") == 0);
    CHECK(dead[0].error.find("captain") != std::string::npos);
}
