#include "logging.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>

#include <stdexcept>

namespace mentorkit {

namespace {
spdlog::level::level_enum parse_level(std::string_view text) {
    const auto level = spdlog::level::from_str(std::string{text});
    // from_str answers "off" for anything it does not know; only "off" itself means off.
    if (level == spdlog::level::off && text != "off")
        throw std::invalid_argument("unknown log level '" + std::string{text} + "'; expected one of " +
                                    std::string{log_hub::levels});
    return level;
}
}  // namespace

log_hub::log_hub(std::string_view level)
    : sink_(std::make_shared<spdlog::sinks::stderr_color_sink_mt>()), level_(parse_level(level)) {
    sink_->set_pattern("[%H:%M:%S.%e] [%n] [%^%l%$] %v");
}

std::shared_ptr<spdlog::logger> log_hub::make(const std::string& name) const {
    auto logger = std::make_shared<spdlog::logger>(name, sink_);
    logger->set_level(level_);
    return logger;
}

}  // namespace mentorkit
