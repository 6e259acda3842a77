#include <mentorkit/domain.hpp>

#include <catch2/catch.hpp>

using namespace mentorkit;

TEST_CASE("CEFR levels read A1 to C2 in either case and nothing else", "[domain]") {
    CHECK(parse_cefr("A1") == cefr_level::a1);
    CHECK(parse_cefr("b2") == cefr_level::b2);
    CHECK(parse_cefr("C2") == cefr_level::c2);
    CHECK_FALSE(parse_cefr("C3").has_value());
    CHECK_FALSE(parse_cefr("D1").has_value());
    CHECK_FALSE(parse_cefr("B").has_value());
    for (auto level : {cefr_level::a1, cefr_level::a2, cefr_level::b1, cefr_level::b2, cefr_level::c1, cefr_level::c2})
        CHECK(parse_cefr(to_string(level)) == level);
    CHECK(cefr_level::c1 > cefr_level::b2);
}

TEST_CASE("a person survives the trip through an event payload", "[domain]") {
    person p;
    p.id = "E0042";
    p.name = "Ada Okafor";
    p.email = "ada@example.org";
    p.role = participant_role::both;
    p.org_unit = "Platform";
    p.manager_id = "E0001";
    p.grade = 7;
    p.years_experience = 12.5;
    p.utc_offset_minutes = 60;
    p.languages = {{"en", cefr_level::c2}, {"de", cefr_level::b1}};
    p.skills = {{"python", 5}, {"negotiation", 3}};
    p.skills_sought = {"public speaking"};
    p.goal_areas = {"leadership"};
    p.mentor_capacity = 2;
    p.exclusions = {"E0009"};
    const nlohmann::json payload = p;
    CHECK(payload["languages"][1] == nlohmann::json{{"language", "de"}, {"level", "B1"}});
    CHECK(payload["role"] == "both");
    CHECK(payload.get<person>() == p);
}

TEST_CASE("missing optional fields keep their defaults; a missing id is an error", "[domain]") {
    const auto p = nlohmann::json{{"id", "x"}, {"unknown_field", 1}}.get<person>();
    CHECK(p.role == participant_role::mentee);
    CHECK_FALSE(p.mentor_capacity.has_value());
    CHECK_THROWS_WITH(nlohmann::json({{"name", "no id"}}).get<person>(), "missing or empty \"id\"");
    CHECK_THROWS_WITH((nlohmann::json{{"id", "x"}, {"role", "boss"}}.get<person>()),
                      "expected a role mentor, mentee or both, found \"boss\"");
    CHECK_THROWS_WITH((nlohmann::json{{"id", "x"}, {"languages", {{{"language", "en"}, {"level", "Z9"}}}}}.get<person>()),
                      "expected a CEFR level A1..C2, found \"Z9\"");
}

TEST_CASE("relationships, goals and the other records convert both ways", "[domain]") {
    relationship r{"r-1", "m", "e", relationship_status::closed_early, "2027-01-04", "2027-01-11", "2027-03-01", "moved"};
    CHECK(nlohmann::json(r).get<relationship>() == r);
    CHECK(nlohmann::json(r)["status"] == "closed_early");
    CHECK_THROWS_WITH((nlohmann::json{{"relationship_id", "r"}, {"mentor_id", "m"}}.get<relationship>()),
                      "missing or empty \"mentee_id\"");

    goal g;
    g.id = "g-1";
    g.title = "Give a conference talk";
    g.skills_needed = {{"public speaking", 4}};
    g.status = goal_status::at_risk;
    CHECK(nlohmann::json(g).get<goal>() == g);
    CHECK(nlohmann::json(g)["status"] == "at_risk");

    const opportunity o{"o-1", "Lead the migration", "stretch", "high", {{"system design", 4}}, "2027-05-01"};
    CHECK(nlohmann::json(o).get<opportunity>() == o);
    const learning_resource l{"l-1", "Negotiation basics", "course", {{"negotiation", 3}}, 240};
    CHECK(nlohmann::json(l).get<learning_resource>() == l);
}
