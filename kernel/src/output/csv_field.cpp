#include "output/csv_field.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <system_error>

namespace mentorkit {

namespace {

bool reads_as_formula(std::string_view field) {
    if (field.empty() || std::string_view{"=+-@\t\r"}.find(field.front()) == std::string_view::npos) return false;
    // A number: a sign, then digits (from_chars alone would also take "inf" and "nan").
    const auto digits = field.substr(field.front() == '+' || field.front() == '-' ? 1 : 0);
    if (digits.empty() || !(std::isdigit(static_cast<unsigned char>(digits.front())) || digits.front() == '.'))
        return true;
    double number = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    return error != std::errc{} || end != digits.data() + digits.size() || !std::isfinite(number);
}

}  // namespace

std::string csv_field(std::string_view field) {
    const auto text = reads_as_formula(field) ? "'" + std::string{field} : std::string{field};
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

}  // namespace mentorkit
