// yaml-cpp does the parsing; this file turns its nodes into config_node trees and its
// errors into config_error. Two things yaml-cpp does not do for us are done here:
// duplicate keys (yaml-cpp keeps both entries silently) and a sensible position for
// empty values (yaml-cpp marks an empty value at the *next* token, often a line below).

#include "yaml_source.hpp"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstdio>
#include <memory>
#include <optional>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace mentorkit::detail {
namespace {

// An alias can make a node contain itself (`&a [*a]`), and nested aliases can make a
// small file expand to billions of values; both limits are far above any real config.
constexpr int max_depth = 200;
constexpr std::size_t max_nodes = 1'000'000;

struct yaml_error_hint {
    std::string_view yaml_cpp_message;  // prefix of yaml-cpp's message
    std::string_view readable;
};

// yaml-cpp's messages are written for parser authors; a program manager editing a file
// needs to know what to change. Unlisted messages are shown as yaml-cpp writes them.
constexpr yaml_error_hint yaml_error_hints[] = {
    {"illegal map value",
     "unexpected ':' (is the indentation wrong, or does a value contain ': '? then put it in quotes)"},
    {"illegal map key", "unexpected mapping key here (check the indentation)"},
    {"end of map not found", "a mapping is not closed where expected (check the indentation of its keys)"},
    {"end of map flow not found", "a '{' mapping is not closed: missing '}'"},
    {"end of sequence not found", "a list is not closed where expected (check the indentation of its '-' items)"},
    {"end of sequence flow not found", "a '[' list is not closed: missing ']'"},
    {"illegal block entry", "unexpected '-' list item here (check the indentation)"},
    {"illegal flow end", "unexpected ']' or '}' without a matching opening bracket"},
    {"illegal EOF in scalar", "the file ends inside a quoted text: a closing quote is missing"},
    {"illegal document indicator in scalar", "'---' or '...' inside a quoted text: a closing quote is missing"},
    {"illegal tab when looking for indentation", "a tab is used for indentation; YAML indents with spaces only"},
    {"unknown escape character",
     "unknown escape sequence in a double-quoted text (use single quotes to write a backslash as is)"},
    {"the referenced anchor is not defined",
     "this alias (*name) refers to an anchor (&name) that is not defined above it"},
    {"cannot assign the same alias to multiple nodes", "the same anchor name is used twice"},
    {"unknown token", "unexpected character: not valid YAML here"},
    {"invalid character in single-quoted string", "invalid character in a single-quoted text"},
    {"cannot assign multiple anchors to the same node", "a value has more than one anchor (&name)"},
    {"cannot assign multiple tags to the same node", "a value has more than one tag (!tag)"},
};

std::string readable_yaml_message(const std::string& message) {
    for (const auto& hint : yaml_error_hints) {
        if (message.starts_with(hint.yaml_cpp_message)) {
            std::string out = "YAML syntax error: " + std::string{hint.readable};
            // Keep the detail yaml-cpp adds after a colon ("unknown escape character: q").
            auto detail = std::string_view{message}.substr(hint.yaml_cpp_message.size());
            while (!detail.empty() && (detail.front() == ':' || detail.front() == ' ')) detail.remove_prefix(1);
            if (!detail.empty()) out += " (found: " + std::string{detail} + ")";
            return out;
        }
    }
    return "YAML syntax error: " + message;
}

class converter {
public:
    converter(std::string_view text, const std::string& file_name) : text_(text), file_(file_name) {
        // yaml-cpp's positions (Mark::pos) do not count a byte order mark.
        if (text_.starts_with("\xEF\xBB\xBF")) text_.remove_prefix(3);
    }

    source_mark mark_of(const YAML::Mark& m) const {
        // A missing mark (an empty document) is placed at the start of the file.
        if (m.is_null() || m.line < 0) return source_mark{file_, 1, 1};
        return source_mark{file_, m.line + 1, m.column + 1};
    }

    config_node convert(const YAML::Node& node, const source_mark* owner_key, int depth) {
        if (depth > max_depth)
            throw config_error(mark_of(node.Mark()),
                               "values nested more than " + std::to_string(max_depth) +
                                   " levels deep (does an alias (*name) refer to its own anchor?)");
        if (++count_ > max_nodes)
            throw config_error(mark_of(node.Mark()), "the document expands to more than " + std::to_string(max_nodes) +
                                                         " values (aliases nested too deeply?)");
        switch (node.Type()) {
        case YAML::NodeType::Undefined:
        case YAML::NodeType::Null: return config_node::null(null_mark(node.Mark(), owner_key));
        case YAML::NodeType::Scalar:
            if (!is_quote_closed(node.Mark()))
                throw config_error(mark_of(node.Mark()),
                                   "YAML syntax error: a quoted text is not closed: the closing quote is missing");
            return config_node::scalar(node.Scalar(), mark_of(node.Mark()));
        case YAML::NodeType::Sequence: {
            auto out = config_node::sequence(mark_of(node.Mark()));
            for (const auto& item : node) out.push_back(convert(item, nullptr, depth + 1));
            return out;
        }
        case YAML::NodeType::Map: {
            auto out = config_node::map(mark_of(node.Mark()));
            for (const auto& entry : node) {
                const auto key_mark = mark_of(entry.first.Mark());
                if (!entry.first.IsScalar())
                    throw config_error(key_mark,
                                       entry.first.IsNull()
                                           ? "a mapping key is empty"
                                           : "a mapping key must be a single word or text, not a list or mapping");
                const std::string& key = entry.first.Scalar();
                for (const auto& seen : out.entries()) {
                    if (seen.key == key)
                        throw config_error(key_mark, "duplicate key '" + key + "' (first at line " +
                                                         std::to_string(seen.key_mark.line) + ")");
                }
                out.set(key, convert(entry.second, &key_mark, depth + 1), key_mark);
            }
            return out;
        }
        }
        return config_node::null(mark_of(node.Mark()));
    }

private:
    // `key: ~` and `key: null` are marked where the null is written, but an empty value
    // (`key:` alone, or a bare `-` item) is marked at the next token. An error about the
    // empty value then points at a different line, so put it where a reader looks for it:
    // at its key, or at its '-' indicator.
    source_mark null_mark(const YAML::Mark& m, const source_mark* owner_key) const {
        if (is_written_null(m)) return mark_of(m);
        if (owner_key != nullptr) return *owner_key;
        if (auto indicator = indicator_before(m)) return *indicator;
        return mark_of(m);
    }

    // yaml-cpp accepts a quoted text left open up to the end of the file when the file
    // ends with a line break, swallowing everything after the quote into one value.
    bool is_quote_closed(const YAML::Mark& m) const {
        if (m.is_null() || m.pos < 0 || static_cast<std::size_t>(m.pos) >= text_.size()) return true;
        const auto pos = static_cast<std::size_t>(m.pos);
        const char quote = text_[pos];
        if (quote != '"' && quote != '\'') return true;
        for (std::size_t i = pos + 1; i < text_.size(); ++i) {
            if (quote == '"' && text_[i] == '\\')
                ++i;  // an escape, such as \"
            else if (text_[i] == quote) {
                if (quote == '\'' && i + 1 < text_.size() && text_[i + 1] == '\'')
                    ++i;  // '' is a quote inside '...'
                else
                    return true;
            }
        }
        return false;
    }

    bool is_written_null(const YAML::Mark& m) const {
        if (m.is_null() || m.pos < 0 || static_cast<std::size_t>(m.pos) >= text_.size()) return false;
        const auto rest = text_.substr(static_cast<std::size_t>(m.pos));
        for (std::string_view literal : {"~", "null", "Null", "NULL"}) {
            if (rest.starts_with(literal) &&
                (rest.size() == literal.size() ||
                 std::string_view{" \t\r\n,]}#"}.find(rest[literal.size()]) != std::string_view::npos))
                return true;
        }
        return false;
    }

    // The '-', ',' or '[' that introduces an empty sequence item: the last thing before
    // yaml-cpp's mark that is not blank or a comment, when it is one of those.
    std::optional<source_mark> indicator_before(const YAML::Mark& m) const {
        if (m.pos < 0 || static_cast<std::size_t>(m.pos) > text_.size()) return std::nullopt;
        std::size_t end = static_cast<std::size_t>(m.pos);
        int line = m.line;
        while (line >= 0) {
            const std::size_t begin = end == 0 ? 0 : text_.rfind('\n', end - 1) + 1;  // npos + 1 == 0
            auto segment = text_.substr(begin, end - begin);
            for (std::size_t i = 0; i < segment.size(); ++i) {
                if (segment[i] == '#' && (i == 0 || segment[i - 1] == ' ' || segment[i - 1] == '\t')) {
                    segment = segment.substr(0, i);
                    break;
                }
            }
            while (!segment.empty() && std::string_view{" \t\r"}.find(segment.back()) != std::string_view::npos)
                segment.remove_suffix(1);
            if (!segment.empty()) {
                const char last = segment.back();
                if (last != '-' && last != ',' && last != '[') return std::nullopt;
                return source_mark{file_, line + 1, static_cast<int>(segment.size())};
            }
            if (begin == 0) break;
            end = begin - 1;  // the '\n' ending the previous line
            --line;
        }
        return std::nullopt;
    }

    std::string_view text_;
    const std::string& file_;
    std::size_t count_ = 0;
};

}  // namespace

config_node parse_yaml(std::string_view text, const std::string& file_name) {
    converter convert{text, file_name};
    std::vector<YAML::Node> documents;
    try {
        // LoadAll rather than Load: Load silently ignores every document after the first.
        documents = YAML::LoadAll(std::string{text});
    } catch (const YAML::ParserException& e) {
        throw config_error(convert.mark_of(e.mark), readable_yaml_message(e.msg));
    } catch (const YAML::Exception& e) {
        throw config_error(convert.mark_of(e.mark), "cannot read YAML: " + e.msg);
    }
    if (documents.size() > 1)
        throw config_error(convert.mark_of(documents[1].Mark()),
                           "a second YAML document starts here ('---'); a configuration file holds exactly one");

    config_node root = documents.empty() ? config_node::null(source_mark{file_name, 1, 1})
                                         : convert.convert(documents.front(), nullptr, 0);
    root.assign_paths("");
    return root;
}

config_node load_yaml_file(const std::filesystem::path& file) {
    const std::string name = file.string();
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec))
        throw config_error(source_mark{name}, "cannot read the file: it is a folder");

    // C stdio rather than iostreams: it reports why an open failed (errno).
    errno = 0;
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> stream{std::fopen(name.c_str(), "rb"), &std::fclose};
    if (!stream) {
        const int reason = errno != 0 ? errno : ENOENT;
        throw config_error(source_mark{name}, "cannot read the file: " + std::generic_category().message(reason));
    }
    std::string text;
    char buffer[65536];
    while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, stream.get())) text.append(buffer, n);
    if (std::ferror(stream.get()))
        throw config_error(source_mark{name},
                           "cannot read the file: " + std::generic_category().message(errno != 0 ? errno : EIO));
    return parse_yaml(text, name);
}

}  // namespace mentorkit::detail
