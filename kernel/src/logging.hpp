#pragma once
// The kernel owns the log sinks; each plugin gets its own named logger on them and never
// touches spdlog's global registry (which would be a second registry per plugin library).

#include <spdlog/logger.h>

#include <memory>
#include <string>
#include <string_view>

namespace mentorkit {

class log_hub {
public:
    /// Logs to standard error at `level` (trace, debug, info, warn, error, critical, off).
    /// Throws std::invalid_argument on an unknown level.
    explicit log_hub(std::string_view level = "info");

    /// A new logger called `name` on the shared sinks, at the hub's level.
    std::shared_ptr<spdlog::logger> make(const std::string& name) const;

    /// The level names accepted, for messages.
    static constexpr std::string_view levels = "trace, debug, info, warn, error, critical, off";

private:
    spdlog::sink_ptr sink_;
    spdlog::level::level_enum level_;
};

}  // namespace mentorkit
