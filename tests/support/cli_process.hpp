#pragma once
// The mentorkit command run as a user runs it: a real process, its output and exit code.
// MENTORKIT_CLI_PATH is set for the test target at compile time.

#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace mentorkit::test_support {

struct cli_result {
    int exit_code = -1;
    std::string output;  // stdout and stderr together
};

/// Runs `mentorkit <arguments>` through the shell and waits for it to end; `wrapper` runs it
/// (such as "setpriv --reuid=65534" to run it as another user).
inline cli_result run_cli(const std::string& arguments, const std::string& wrapper = "") {
    const std::string command = wrapper + " " + MENTORKIT_CLI_PATH + " " + arguments + " 2>&1";
    cli_result r;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::array<char, 4096> buffer{};
    while (const auto n = fread(buffer.data(), 1, buffer.size(), pipe)) r.output.append(buffer.data(), n);
    const int status = pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

}  // namespace mentorkit::test_support
