#include "input_checks.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace mentorkit::detail {

namespace {

std::string in_mebibytes(std::size_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / static_cast<double>(mebibyte));
    return text;
}

bool starts_with_bytes(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// How many bytes the well-formed sequence at text[i] takes, or 0 when it is not one
// (Unicode's table 3-7 of well-formed UTF-8 byte sequences).
std::size_t sequence_length(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    if (lead == 0) return 0;
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) length = 2;
    else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;   // overlong
        if (lead == 0xED) high = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) low = 0x90;   // overlong
        if (lead == 0xF4) high = 0x8F;  // past U+10FFFF
    } else {
        return 0;
    }
    if (i + length > text.size()) return 0;
    if (byte(i + 1) < low || byte(i + 1) > high) return 0;
    for (std::size_t k = 2; k < length; ++k)
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    return length;
}

}  // namespace

std::optional<std::size_t> find_invalid_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        // ASCII runs are most of every file: skip them eight bytes at a time.
        while (i + 8 <= text.size()) {
            std::uint64_t word;
            std::memcpy(&word, text.data() + i, 8);
            const bool ascii = (word & 0x8080808080808080ULL) == 0;
            const bool has_nul = ((word - 0x0101010101010101ULL) & ~word & 0x8080808080808080ULL) != 0;
            if (!ascii || has_nul) break;
            i += 8;
        }
        if (i >= text.size()) break;
        const auto length = sequence_length(text, i);
        if (length == 0) return i;
        i += length;
    }
    return std::nullopt;
}

source_mark position_in(std::string_view text, std::size_t offset, const std::string& file) {
    int line = 1, column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++line;
            column = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++column;  // continuation bytes belong to the character before
        }
    }
    return {file, line, column};
}

void require_utf8(std::string_view text, const std::string& file, int first_line) {
    const char* encoding = nullptr;
    if (starts_with_bytes(text, std::string_view{"\xFF\xFE\x00\x00", 4}) ||
        starts_with_bytes(text, std::string_view{"\x00\x00\xFE\xFF", 4}))
        encoding = "UTF-32";
    else if (starts_with_bytes(text, "\xFF\xFE") || starts_with_bytes(text, "\xFE\xFF"))
        encoding = "UTF-16";
    else if (text.size() >= 4 && ((text[0] == '\0' && text[2] == '\0') || (text[1] == '\0' && text[3] == '\0')))
        encoding = "UTF-16 or UTF-32";  // no byte order mark, but every other byte of ASCII is NUL
    if (encoding != nullptr)
        throw config_error({file, first_line, 1}, std::string{"the text is encoded as "} + encoding +
                                                      "; save it as UTF-8");
    const auto bad = find_invalid_utf8(text);
    if (!bad) return;
    auto mark = position_in(text, *bad, file);
    mark.line += first_line - 1;
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[*bad]));
    throw config_error(std::move(mark), text[*bad] == '\0'
                                            ? std::string{"a NUL byte (0x00) is not allowed in text"}
                                            : std::string{"not valid UTF-8 (byte "} + byte +
                                                  "); save the file as UTF-8 (it may be Latin-1 or Windows-1252)");
}

std::string read_text_file(const std::filesystem::path& file, std::size_t max_bytes, std::string_view what) {
    const auto name = file.string();
    auto fail = [&](const std::string& message) { return config_error({name, 0, 0}, message); };
    struct stat info {};
    if (::stat(file.c_str(), &info) != 0) throw fail(std::string{"cannot read the file: "} + std::strerror(errno));
    if (S_ISDIR(info.st_mode)) throw fail("is a folder, not a file");
    // A device or a pipe may never end (/dev/zero, /dev/stdin): only regular files are read.
    if (!S_ISREG(info.st_mode)) throw fail("is not a regular file");
    if (static_cast<std::size_t>(info.st_size) > max_bytes)
        throw fail("is " + in_mebibytes(static_cast<std::size_t>(info.st_size)) + "; " + std::string{what} +
                   " may be at most " + in_mebibytes(max_bytes));
    std::ifstream in{file, std::ios::binary};
    if (!in) throw fail(std::string{"cannot read the file: "} + std::strerror(errno));
    std::string text;
    text.resize(static_cast<std::size_t>(info.st_size));
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    // It may have grown since stat(): whatever is past the limit is refused too.
    if (in && in.peek() != std::char_traits<char>::eof())
        throw fail("grew while it was read; " + std::string{what} + " may be at most " + in_mebibytes(max_bytes));
    require_utf8(text, name);
    return text;
}

std::optional<std::size_t> find_excess_json_nesting(std::string_view json, std::size_t max_depth) {
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (in_string) {
            if (c == '\\') ++i;  // an escaped character never ends the string
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth) return i;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return std::nullopt;
}

std::string printable(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    auto escape = [&out](unsigned char byte) {
        char escaped[8];
        std::snprintf(escaped, sizeof escaped, "\\x%02X", byte);
        out += escaped;
    };
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) escape(c);
            else out += static_cast<char>(c);
            ++i;
            continue;
        }
        // A byte outside a well-formed sequence (a lone 0x9B is CSI to some terminals), and
        // the C1 controls U+0080 to U+009F (0xC2 0x80..0x9F), are shown, not sent.
        const auto length = sequence_length(text, i);
        if (length == 0) {
            escape(c);
            ++i;
        } else if (c == 0xC2 && static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
            escape(static_cast<unsigned char>(text[i + 1]));
            i += 2;
        } else {
            out.append(text.substr(i, length));
            i += length;
        }
    }
    return out;
}

bool is_plugin_id(std::string_view text) {
    if (text.empty() || text.front() < 'a' || text.front() > 'z') return false;
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

}  // namespace mentorkit::detail
