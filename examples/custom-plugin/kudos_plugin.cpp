// kudos: recognises achieved goals. When a mentee achieves a goal, it asks for a
// congratulation to the mentee, a thank-you to the mentor and, when configured, a note to
// the mentee's manager so the achievement is seen.

#include <mentorkit/mentorkit.hpp>

namespace {

class kudos_plugin final : public mentorkit::plugin {
public:
    static constexpr mentorkit::plugin_manifest manifest{
        .id = "kudos",
        .version = "1.0.0",
        .description = "Recognises achieved goals: congratulates the mentee, thanks the mentor",
        .roles = "recognition",
        .depends_on = "",
    };

private:
    void on_configure(const mentorkit::config_node& config) override {
        config.expect_keys({"notify_manager", "signature"});
        notify_manager_ = config.get_or("notify_manager", false);
        signature_ = config.get_or<std::string>("signature", "The mentoring team");
    }

    void on_start() override {
        on("goal.achieved", [this](const mentorkit::event& e) { recognise(e); });
    }

    void recognise(const mentorkit::event& e) {
        const auto goal = e.payload.value("title", std::string{"your goal"});
        auto notify = [&](const std::string& to, const std::string& body) {
            ctx().bus().publish("notification.requested",
                                {{"to", to}, {"subject", "Goal achieved: " + goal}, {"body", body + "\n" + signature_}});
        };
        const auto mentee = e.payload.at("mentee_id").get<std::string>();
        notify(mentee, "Congratulations on achieving \"" + goal + "\".");
        if (e.payload.contains("mentor_id"))
            notify(e.payload["mentor_id"].get<std::string>(), "Your mentee achieved \"" + goal + "\". Thank you.");
        if (notify_manager_ && e.payload.contains("manager_id"))
            notify(e.payload["manager_id"].get<std::string>(), mentee + " achieved \"" + goal + "\".");
    }

    bool notify_manager_ = false;
    std::string signature_;
};

}  // namespace

MENTORKIT_EXPORT_PLUGIN(kudos_plugin)
