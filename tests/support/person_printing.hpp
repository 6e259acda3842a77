#pragma once
// Catch prints a person as its JSON when a comparison of people fails.

#include <mentorkit/domain.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

namespace Catch {
template <>
struct StringMaker<mentorkit::person> {
    static std::string convert(const mentorkit::person& p) { return nlohmann::json(p).dump(); }
};
}  // namespace Catch
