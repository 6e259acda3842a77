// yaml-cpp does the parsing; this file turns its nodes into config_node trees and its
// errors into config_error. Things yaml-cpp does not do for us are done here: duplicate
// keys (yaml-cpp keeps both entries silently), a sensible position for empty values
// (yaml-cpp marks an empty value at the *next* token, often a line below), and bounds on
// what an alias can expand to (yaml-cpp shares the aliased node; copying it into a tree
// is where a small file becomes gigabytes).

#include "yaml_source.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <utility>
#include <vector>

namespace mentorkit::detail {
namespace {

// Nested aliases can make a small file expand to billions of values; far above any real
// config. Their size in bytes is bounded too (parse_yaml's max_expanded_bytes): a few
// aliases of one long text expand just as far.
constexpr std::size_t max_nodes = 1'000'000;

std::string nesting_message() {
    return "values nested more than " + std::to_string(max_nesting_depth) +
           " levels deep (does an alias (*name) refer to its own anchor?)";
}

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
    {"cannot assign multiple aliases to the same node", "a value has more than one alias (*name)"},
    {"aliases can't have any content", "an alias (*name) stands for a value: nothing may follow it, not even a tag"},
    {"alias not found after *", "'*' must be followed by the name of an anchor"},
    {"anchor not found after &", "'&' must be followed by a name for the anchor"},
    {"illegal character found while scanning alias", "invalid character in an alias name (*name)"},
    {"illegal character found while scanning anchor", "invalid character in an anchor name (&name)"},
    {"illegal character in scalar", "invalid character in a value: put the value in quotes"},
    {"bad character found while scanning hex number", "invalid hexadecimal digit in an escape such as \\x41"},
    {"invalid unicode", "an escape such as \\u00e9 names no Unicode character"},
    {"cannot set zero indentation for a block scalar", "a '|' or '>' text cannot have an indentation of 0"},
    {"unexpected character in block scalar", "unexpected character after '|' or '>'"},
    {"illegal character found while scanning tag handle", "invalid character in a tag (!tag)"},
    {"tag handle with no suffix", "a tag (!tag) has no name"},
    {"end of verbatim tag not found", "a tag written as !<...> is not closed: missing '>'"},
    {"YAML directives must have exactly one argument", "the %YAML directive takes one version, such as %YAML 1.2"},
    {"bad YAML version", "the %YAML directive names an unknown version"},
    {"YAML major version too large", "the %YAML directive names a YAML version this reader does not know"},
    {"repeated YAML directive", "the %YAML directive is written twice"},
    {"TAG directives must have exactly two arguments", "the %TAG directive takes a handle and a prefix"},
    {"repeated TAG directive", "the %TAG directive is written twice for one handle"},
};

std::string readable_yaml_message(const std::string& message) {
    for (const auto& hint : yaml_error_hints) {
        if (message.starts_with(hint.yaml_cpp_message)) {
            std::string out = "YAML syntax error: " + std::string{hint.readable};
            // Keep the detail yaml-cpp adds after a colon ("unknown escape character: q"):
            // it is a piece of the input, so it is escaped before it reaches a terminal.
            auto detail = std::string_view{message}.substr(hint.yaml_cpp_message.size());
            while (!detail.empty() && (detail.front() == ':' || detail.front() == ' ')) detail.remove_prefix(1);
            if (!detail.empty()) out += " (found: " + printable(detail) + ")";
            return out;
        }
    }
    // A message this table does not know is worded for yaml-cpp's authors, not for a person.
    return "YAML syntax error: this is not valid YAML here";
}

// The column (1-based) of the first tab in the indentation of line `line` (1-based), if
// any. yaml-cpp names a tab as such only in some places; elsewhere a tab before a key
// reads as part of a value and the error is an unexpected ':' or '-'.
std::optional<int> tab_in_indentation(std::string_view text, int line) {
    std::size_t begin = 0;
    for (int i = 1; i < line; ++i) {
        begin = text.find('\n', begin);
        if (begin == std::string_view::npos) return std::nullopt;
        ++begin;
    }
    for (std::size_t i = begin; i < text.size() && (text[i] == ' ' || text[i] == '\t'); ++i)
        if (text[i] == '\t') return static_cast<int>(i - begin) + 1;
    return std::nullopt;
}

class converter {
public:
    converter(std::string_view text, const std::string& file_name, std::size_t max_bytes)
        : text_(text), file_(file_name), max_bytes_(max_bytes) {
        // yaml-cpp's positions (Mark::pos) do not count a byte order mark.
        if (text_.starts_with("\xEF\xBB\xBF")) text_.remove_prefix(3);
    }

    source_mark mark_of(const YAML::Mark& m) const {
        // A missing mark (an empty document) is placed at the start of the file.
        if (m.is_null() || m.line < 0) return source_mark{file_, 1, 1};
        return source_mark{file_, m.line + 1, m.column + 1};
    }

    std::string_view text() const { return text_; }
    // Problems that do not stop the conversion (duplicate keys), in the order found.
    std::vector<config_error>& problems() { return problems_; }

    config_node convert(const YAML::Node& node, const source_mark* owner_key, std::size_t depth) {
        // The root is at depth 0: max_nesting_depth levels in all, as for JSON.
        if (depth >= max_nesting_depth) throw config_error(mark_of(node.Mark()), nesting_message());
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
            spend(node.Scalar().size(), node.Mark());
            // A "\0" escape in a quoted text makes a NUL, which would cut the value short in
            // every C API further on (an email, an id).
            if (node.Scalar().find('\0') != std::string::npos)
                throw config_error(mark_of(node.Mark()), "a NUL character (\\0) is not allowed in a value");
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
                spend(key.size(), entry.first.Mark());
                if (key.find('\0') != std::string::npos)
                    throw config_error(key_mark, "a NUL character (\\0) is not allowed in a key");
                const auto seen = std::find_if(out.entries().begin(), out.entries().end(),
                                               [&key](const config_entry& e) { return e.key == key; });
                if (seen != out.entries().end()) {
                    // Reported, and the rest read on, so that every duplicate is listed at once;
                    // once only, though an alias reaches the same mapping again.
                    if (reported_.emplace(key_mark.line, key_mark.column).second)
                        problems_.emplace_back(key_mark, "duplicate key '" + key + "' (first at line " +
                                                             std::to_string(seen->key_mark.line) + ")");
                    continue;
                }
                out.set(key, convert(entry.second, &key_mark, depth + 1), key_mark);
            }
            return out;
        }
        }
        return config_node::null(mark_of(node.Mark()));
    }

private:
    // Counts the bytes of text a value or key adds to the tree, against the budget.
    void spend(std::size_t bytes, const YAML::Mark& at) {
        spent_ += bytes;
        if (spent_ <= max_bytes_) return;
        const auto limit = max_bytes_ % mebibyte == 0 ? std::to_string(max_bytes_ / mebibyte) + " MiB"
                                                      : std::to_string(max_bytes_) + " bytes";
        throw config_error(mark_of(at), "the document expands to more than " + limit +
                                            " of values once its aliases (*name) are replaced by what they refer "
                                            "to (an alias of a long text used many times?)");
    }

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
    std::size_t max_bytes_;
    std::size_t spent_ = 0;
    std::vector<config_error> problems_;
    std::set<std::pair<int, int>> reported_;  // line and column of each duplicate key reported
};

std::string all_messages(const std::vector<config_error>& errors) {
    std::string text = errors.front().message();
    for (std::size_t i = 1; i < errors.size(); ++i) text += "\n" + std::string{errors[i].what()};
    return text;
}

// Where each document of a YAML text starts. yaml-cpp's own LoadAll never returns on a text
// that starts with a stray flow indicator (a lone ",": yaml-cpp 0.7, Debian 12): its parser
// reports the same document, at the same place, again and again. Counting documents by
// where they start stops there.
class document_starts : public YAML::EventHandler {
public:
    static std::vector<YAML::Mark> of(const std::string& text) {
        std::istringstream in{text};
        YAML::Parser parser{in};
        document_starts handler;
        auto& starts = handler.starts_;
        while (parser.HandleNextDocument(handler)) {
            if (starts.size() >= 2 && starts.back().pos == starts[starts.size() - 2].pos) {
                starts.pop_back();
                break;
            }
        }
        return starts;
    }

    void OnDocumentStart(const YAML::Mark& mark) override { starts_.push_back(mark); }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}

private:
    std::vector<YAML::Mark> starts_;
};

}  // namespace

yaml_error::yaml_error(std::vector<config_error> errors)
    : config_error(errors.front().mark(), all_messages(errors)), errors_(std::move(errors)) {}

config_node parse_yaml(std::string_view text, const std::string& file_name, std::size_t max_expanded_bytes) {
    require_utf8(text, file_name);
    converter convert{text, file_name, max_expanded_bytes};
    YAML::Node document;
    std::vector<YAML::Mark> documents;
    try {
        // Load alone would silently ignore every document after the first.
        const std::string whole{text};
        documents = document_starts::of(whole);
        if (!documents.empty()) document = YAML::Load(whole);
    } catch (const YAML::DeepRecursion& e) {
        throw config_error(convert.mark_of(e.mark), nesting_message());
    } catch (const YAML::ParserException& e) {
        const auto mark = convert.mark_of(e.mark);
        if (const auto column = tab_in_indentation(convert.text(), mark.line))
            throw config_error({file_name, mark.line, *column},
                               readable_yaml_message(YAML::ErrorMsg::TAB_IN_INDENTATION));
        throw config_error(mark, readable_yaml_message(e.msg));
    } catch (const YAML::Exception& e) {
        throw config_error(convert.mark_of(e.mark), "YAML syntax error: this is not valid YAML here");
    }
    if (documents.size() > 1)
        throw config_error(convert.mark_of(documents[1]),
                           "a second YAML document starts here ('---'); a configuration file holds exactly one");

    config_node root = documents.empty() ? config_node::null(source_mark{file_name, 1, 1})
                                         : convert.convert(document, nullptr, 0);
    if (!convert.problems().empty()) throw yaml_error(std::move(convert.problems()));
    root.assign_paths("");
    return root;
}

config_node load_yaml_file(const std::filesystem::path& file, std::size_t max_bytes, std::string_view what) {
    return parse_yaml(read_text_file(file, max_bytes, what), file.string(), max_bytes);
}

}  // namespace mentorkit::detail
