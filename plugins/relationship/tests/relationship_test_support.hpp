#pragma once
// Payloads and small steps the relationship module's tests share.

#include <mentorkit/testing.hpp>

#include <string>

namespace relationship_test {

using mentorkit::testing::harness;
using nlohmann::json;

inline mentorkit::duration days(int n) { return *mentorkit::parse_duration(std::to_string(n) + "d"); }

inline const json started_payload{{"relationship_id", "r-17"}, {"mentor_id", "p-mentor"}, {"mentee_id", "p-mentee"}};

/// The program as the kernel announces it: 2027-01-04 for nine months (to 2027-10-04).
inline const json program_payload{{"program", "eng-2027"},
                                  {"name", "Engineering mentoring 2027"},
                                  {"start", "2027-01-04"},
                                  {"duration", "9mo"},
                                  {"modules", {"relationship"}}};

inline void held(harness& h, const std::string& meeting, const std::string& on,
                 const std::string& relationship = "r-17") {
    h.publish("meeting.held",
              {{"meeting_id", meeting}, {"relationship_id", relationship}, {"held_on", on}, {"minutes", 45}});
}

inline void missed(harness& h, const std::string& meeting, const std::string& relationship = "r-17") {
    h.publish("meeting.missed", {{"meeting_id", meeting}, {"relationship_id", relationship}});
}

inline void checkin(harness& h, const std::string& from, int rating, const std::string& on,
                    const std::string& relationship = "r-17", const std::string& topic = "checkin.submitted") {
    h.publish(topic, {{"relationship_id", relationship},
                      {"from", from},
                      {"on", on},
                      {"rating", rating},
                      {"wellbeing", 4},
                      {"answers", json::object()},
                      {"comment", "confidential"}});
}

/// The events of `topic` the plugin published (not the test's own history).
inline std::vector<mentorkit::event> emitted(const harness& h, const std::string& topic) {
    std::vector<mentorkit::event> out;
    for (auto& e : h.emitted())
        if (e.topic == topic) out.push_back(std::move(e));
    return out;
}

inline bool contains(const json& text, const std::string& part) {
    return text.is_string() && text.get<std::string>().find(part) != std::string::npos;
}

}  // namespace relationship_test
