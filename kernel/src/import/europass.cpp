// Europass CVs come in three shapes that say the same things: the SkillsPassport XML of
// schema v3.x, its JSON binding (the same element names, lists as arrays and dates as
// {Year, Month, Day} objects), and the 2020+ "Candidate" XML built on HR-XML/OAGIS.
//
// The text is parsed by real parsers (pugixml for XML, nlohmann::json for JSON) and then
// copied into one small element tree that remembers, for every element, its path
// (SkillsPassport/LearnerInfo/WorkExperienceList/WorkExperience[2]/Period/From) and its
// line and column, because every problem has to be reported there. pugixml gives byte
// offsets; nlohmann::json (3.11) gives no positions at all, so after it has accepted the
// text a short walk over the same text records where each value starts. The two
// SkillsPassport syntaxes are then read by the same code, and the Candidate by its own.
//
// Mapping rules (docs/europass.md is written from these):
// - name: FirstName + Surname (GivenName + FamilyName), blanks evened out; email: the
//   Email contact (the Communication whose ChannelCode is Email). A CV is matched to an
//   enrolled participant by it, unless the participant names the CV's file (cohort.hpp).
// - headline: Headline/Description/Label; in a Candidate the ExecutiveSummary, HTML
//   stripped.
// - years of experience: the union of the work periods, so overlapping jobs count once,
//   in years of 365.25 days rounded to one decimal. A start without a day is the 1st of
//   its month, without a month 1 January; an end counts to the end of its day, month or
//   year ("2009 to 2010" is two years). A period without
//   an end runs to `as_of` unless it is marked not current (Current / CurrentIndicator
//   false), in which case its end is unknown and it adds nothing. Ends after `as_of`
//   are cut there.
// - position and employer: of the current work experience (no end, or marked current);
//   of several, or when none is current, of the one that started last; without any
//   dates, of the first listed.
// - education_level: the highest EQF level (1..8) of the education entries.
// - languages: a mother tongue is C2. A foreign language is the median of the CEFR levels
//   of its dimensions (Listening, Reading, SpokenInteraction, SpokenProduction, Writing;
//   the Candidate's CEF-* dimensions), of those given, the lower middle one when their
//   number is even; a foreign language without any level is left out. Languages are
//   named by their ISO 639-1 code (language_codes.hpp): from their code (three-letter
//   ISO 639-2 codes of the Candidate too) or else their label; a code or label written
//   as a name ("ENGLISH", "Deutsch") is turned into its code.
// - skills, lower-cased with single spaces, each named once at its highest level:
//   digital competences (Computer/ProficiencyLevel) as "digital information",
//   "digital communication", "digital content creation", "digital safety", "digital
//   problem solving" with A (basic) 2, B (independent) 3, C (proficient) 4; the free text
//   of Computer, JobRelated, Communication, Organisational and Other as items at level 3
//   (see skill_items); a Candidate's PersonCompetency that is not a language at the
//   level of a numeric score 1..5, or 3.

#include "import/europass.hpp"

#include "import/language_codes.hpp"
#include "input_checks.hpp"
#include "text_records.hpp"

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>

namespace mentorkit {
namespace {

using namespace detail;  // text helpers (text_records.hpp)
namespace chrono = std::chrono;

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";
constexpr std::string_view candidate_namespace = "http://www.europass.eu/";

// ---- positions -------------------------------------------------------------------------

// Byte offsets to 1-based lines and columns; columns count characters (UTF-8 code
// points), as editors show them, and a byte order mark is no column. The walks ask for
// offsets in document order, so counting goes on from the last answer when it can: a
// minified JSON file is one long line.
class text_positions {
public:
    text_positions(std::string file, std::string_view text) : file_(std::move(file)), text_(text) {
        line_starts_.push_back(0);
        for (std::size_t i = 0; i < text.size(); ++i)
            if (text[i] == '\n') line_starts_.push_back(i + 1);
    }

    source_mark mark(std::size_t offset) const {
        offset = std::min(offset, text_.size());
        const auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
        const auto line = static_cast<std::size_t>(after - line_starts_.begin());
        std::size_t from = line_starts_[line - 1];
        if (from == 0 && text_.starts_with(utf8_bom) && offset >= utf8_bom.size()) from = utf8_bom.size();
        int column = 1;
        if (last_.line == line && last_.offset >= from && last_.offset <= offset) {
            from = last_.offset;
            column = last_.column;
        }
        for (std::size_t i = from; i < offset; ++i)
            if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
        last_ = {line, offset, column};
        return source_mark{file_, static_cast<int>(line), column};
    }

private:
    struct position {
        std::size_t line = 0;
        std::size_t offset = 0;
        int column = 1;
    };

    std::string file_;
    std::string_view text_;
    std::vector<std::size_t> line_starts_;
    mutable position last_;
};

// ---- the element tree --------------------------------------------------------------------

struct attribute {
    std::string name;  // local name
    std::string value;
    source_mark mark;
};

// An XML element or a JSON value. JSON arrays become repeated elements named by their key,
// as XML repeats an element, so one reader serves both syntaxes.
struct element {
    std::string name;  // local name (XML, namespace prefix dropped) or key (JSON)
    std::string text;  // character data (XML) or the scalar as written (JSON)
    std::string path;  // SkillsPassport/LearnerInfo/WorkExperience[2]/Period, for messages
    source_mark mark;
    std::vector<attribute> attributes;
    std::vector<element> children;

    const element* child(std::string_view wanted) const {
        for (const auto& c : children)
            if (c.name == wanted) return &c;
        return nullptr;
    }
    std::vector<const element*> all(std::string_view wanted) const {
        std::vector<const element*> out;
        for (const auto& c : children)
            if (c.name == wanted) out.push_back(&c);
        return out;
    }
    const attribute* attr(std::string_view wanted) const {
        for (const auto& a : attributes)
            if (a.name == wanted) return &a;
        return nullptr;
    }
};

std::string join_path(const std::string& parent, std::string_view name) {
    return parent.empty() ? std::string{name} : parent + "/" + std::string{name};
}

std::string_view local_name(std::string_view name) {
    const auto colon = name.rfind(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// The element at `path` ("Description/Label") below `e`; nullptr when absent.
const element* find(const element* e, std::string_view path) {
    while (e != nullptr && !path.empty()) {
        const auto slash = path.find('/');
        e = e->child(path.substr(0, slash));
        path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
    }
    return e;
}
// Its text, trimmed; empty when absent.
std::string text_at(const element* e, std::string_view path) {
    const auto* found = find(e, path);
    return found == nullptr ? std::string{} : std::string{trimmed(found->text)};
}

// The children of `e` named `name`; none when `e` is absent.
std::vector<const element*> all_of(const element* e, std::string_view name) {
    return e == nullptr ? std::vector<const element*>{} : e->all(name);
}

// Runs of blanks (line breaks too) made one space, for names and titles kept as written.
std::string single_spaced(std::string_view text) {
    std::string out;
    bool gap = false;
    for (const char c : trimmed(text)) {
        if (blank_characters.find(c) != std::string_view::npos) {
            gap = true;
            continue;
        }
        if (gap) out += ' ';
        gap = false;
        out += c;
    }
    return out;
}

// ---- problems ------------------------------------------------------------------------------

// Collects what is wrong, so one round of fixes is usually enough; problems after which
// nothing can be read (not Europass, malformed, unknown version) are thrown at once.
class problems {
public:
    void add(const source_mark& mark, const std::string& path, const std::string& message) {
        list_.emplace_back(mark, path.empty() ? message : path + ": " + message);
    }
    void add(const element& e, const std::string& message) { add(e.mark, e.path, message); }
    // A value the profile can do without (a level): the rest of the CV stands, and the
    // import policy decides (europass_cv::rejected).
    void reject(const element& e, const std::string& message) { rejected_.emplace_back(e.mark, e.path + ": " + message); }
    // With the rejected values: a file refused anyway is fixed in one round.
    void throw_if_any() {
        if (list_.empty()) return;
        list_.insert(list_.end(), rejected_.begin(), rejected_.end());
        throw import_error(std::move(list_));
    }
    std::vector<config_error> rejected() && { return std::move(rejected_); }

private:
    std::vector<config_error> list_;
    std::vector<config_error> rejected_;
};

[[noreturn]] void fail_now(const source_mark& mark, const std::string& path, const std::string& message) {
    throw import_error({config_error{mark, path.empty() ? message : path + ": " + message}});
}

// ---- XML -----------------------------------------------------------------------------------

// Character data of an element: its text and CDATA children, comments skipped.
std::string xml_text(pugi::xml_node node) {
    std::string out;
    for (auto c = node.first_child(); c; c = c.next_sibling())
        if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
    return out;
}

// Where each attribute of the start tag at `name_offset` is. pugixml keeps no offsets
// for attributes, and a month of 13 is best shown where it is written; the tag has been
// parsed already, so a plain walk over it is enough.
std::vector<std::pair<std::string, std::size_t>> attribute_offsets(std::string_view text, std::size_t name_offset) {
    std::vector<std::pair<std::string, std::size_t>> out;
    std::size_t i = name_offset;
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (i < text.size() && !is_space(text[i]) && text[i] != '>' && text[i] != '/') ++i;
    while (i < text.size()) {
        while (i < text.size() && is_space(text[i])) ++i;
        if (i >= text.size() || text[i] == '>' || text[i] == '/') break;
        const std::size_t start = i;
        while (i < text.size() && text[i] != '=' && !is_space(text[i])) ++i;
        out.emplace_back(std::string{text.substr(start, i - start)}, start);
        while (i < text.size() && text[i] != '"' && text[i] != '\'') ++i;
        if (i >= text.size()) break;
        const char quote = text[i++];
        while (i < text.size() && text[i] != quote) ++i;
        ++i;
    }
    return out;
}

class xml_converter {
public:
    xml_converter(std::string_view text, const text_positions& positions) : text_(text), positions_(positions) {}

    element convert(pugi::xml_node node, const std::string& path, std::size_t depth) const {
        element e;
        e.name = std::string{local_name(node.name())};
        e.path = path;
        e.text = xml_text(node);
        // offset_debug points at the name; the element starts at its '<'.
        const auto name_offset = static_cast<std::size_t>(std::max<std::ptrdiff_t>(node.offset_debug(), 1));
        e.mark = positions_.mark(name_offset - 1);
        if (depth > max_nesting_depth)
            fail_now(e.mark, path,
                     "elements nested more than " + std::to_string(max_nesting_depth) +
                         " deep; a Europass CV needs fewer than 15 levels");
        // A map, as a start tag may carry any number of attributes.
        const auto offsets = attribute_offsets(text_, name_offset);
        const std::unordered_map<std::string, std::size_t> offset_of(offsets.begin(), offsets.end());
        for (auto a = node.first_attribute(); a; a = a.next_attribute()) {
            const auto found = offset_of.find(a.name());
            const auto at = found == offset_of.end() ? name_offset : found->second;
            e.attributes.push_back({std::string{local_name(a.name())}, a.value(), positions_.mark(at)});
        }
        // XPath style: an index only where siblings share the name.
        std::map<std::string, int> totals;
        for (auto c = node.first_child(); c; c = c.next_sibling())
            if (c.type() == pugi::node_element) ++totals[std::string{local_name(c.name())}];
        std::map<std::string, int> seen;
        for (auto c = node.first_child(); c; c = c.next_sibling()) {
            if (c.type() != pugi::node_element) continue;
            const std::string name{local_name(c.name())};
            const int index = ++seen[name];
            const auto step = totals[name] > 1 ? name + "[" + std::to_string(index) + "]" : name;
            e.children.push_back(convert(c, join_path(path, step), depth + 1));
        }
        return e;
    }

private:
    std::string_view text_;
    const text_positions& positions_;
};

// The namespace of an element, from the xmlns attribute its prefix points to.
std::string xml_namespace(pugi::xml_node node) {
    const std::string_view name = node.name();
    const auto colon = name.find(':');
    const std::string wanted =
        colon == std::string_view::npos ? "xmlns" : "xmlns:" + std::string{name.substr(0, colon)};
    for (auto n = node; n; n = n.parent())
        if (const auto a = n.attribute(wanted.c_str())) return a.value();
    return {};
}

// The innermost element open where parsing stopped. pugixml's partial tree cannot say
// whether its last element was closed before the damage, so the tags of the text it did
// read (well-formed up to there) are followed instead.
std::string open_element_path(std::string_view text) {
    struct open_element {
        std::string step;
        std::map<std::string, int> children_seen;  // for the index of the next child of a name
    };
    std::vector<open_element> open;
    std::map<std::string, int> roots_seen;
    const auto skip_past = [&](std::size_t from, std::string_view end) {
        const auto at = text.find(end, from);
        return at == std::string_view::npos ? text.size() : at + end.size();
    };
    for (std::size_t i = text.find('<'); i < text.size(); i = text.find('<', i)) {
        const auto rest = text.substr(i);
        if (rest.starts_with("<!--")) i = skip_past(i, "-->");
        else if (rest.starts_with("<![CDATA[")) i = skip_past(i, "]]>");
        else if (rest.starts_with("<?") || rest.starts_with("<!")) i = skip_past(i, ">");
        else if (rest.starts_with("</")) {
            // An end tag cut short is where the parser stopped: its element is still open.
            const auto close = text.find('>', i);
            if (close == std::string_view::npos) break;
            if (!open.empty()) open.pop_back();
            i = close + 1;
        } else {
            const auto name_end = text.find_first_of(" \t\r\n/>", i + 1);
            const std::string name{local_name(text.substr(i + 1, name_end - (i + 1)))};
            auto close = i + 1;
            for (char quote = 0; close < text.size(); ++close) {
                const char c = text[close];
                if (quote != 0) {
                    if (c == quote) quote = 0;
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '>') {
                    break;
                }
            }
            auto& seen = open.empty() ? roots_seen : open.back().children_seen;
            const int index = ++seen[name];
            if (close >= text.size() || text[close - 1] != '/')
                open.push_back({index > 1 ? name + "[" + std::to_string(index) + "]" : name, {}});
            i = close + 1;
        }
    }
    std::string path;
    for (const auto& e : open) path = join_path(path, e.step);
    return path;
}

// ---- JSON ----------------------------------------------------------------------------------

// Builds the element tree from JSON that nlohmann::json has accepted (which is also what
// decodes the strings), recording where each value starts. Run on the text before a syntax
// error instead, it stops at the end of that text and tells which value was open there.
class json_walker {
public:
    struct end_of_input {};

    json_walker(std::string_view text, const text_positions& positions, bool truncated)
        : text_(text), positions_(positions), truncated_(truncated) {
        if (text_.starts_with(utf8_bom)) pos_ = utf8_bom.size();
    }

    // The top-level value, its members as children.
    element root() {
        skip_blanks();
        return value("", "");
    }

    // The path of the innermost value open when the text ran out.
    std::string open_path() const { return open_.empty() ? std::string{} : open_.back(); }

    // The first key given twice in one object: the reader would see only one of its values.
    struct repeated_key {
        std::string key, path;
        source_mark mark, first;
    };
    const std::optional<repeated_key>& repeated() const { return repeated_; }

private:
    char peek() {
        if (pos_ >= text_.size()) throw end_of_input{};
        return text_[pos_];
    }
    void skip_blanks() {
        while (pos_ < text_.size() && blank_characters.find(text_[pos_]) != std::string_view::npos) ++pos_;
    }
    void expect(char c) {
        skip_blanks();
        if (peek() == c) ++pos_;
    }

    std::string string_token() {
        const std::size_t start = pos_++;
        bool escaped = false;
        while (peek() != '"') {
            if (text_[pos_] == '\\') {
                escaped = true;
                ++pos_;
                peek();
            }
            ++pos_;
        }
        ++pos_;
        const auto raw = text_.substr(start, pos_ - start);
        return escaped ? nlohmann::json::parse(raw).get<std::string>() : std::string{raw.substr(1, raw.size() - 2)};
    }

    std::string scalar_token() {
        const std::size_t start = pos_;
        while (pos_ < text_.size() && std::string_view{",]} \t\r\n"}.find(text_[pos_]) == std::string_view::npos)
            ++pos_;
        if (pos_ >= text_.size() && truncated_) throw end_of_input{};
        if (pos_ == start) ++pos_;  // never stall on a stray character
        return std::string{text_.substr(start, pos_ - start)};
    }

    element value(const std::string& name, const std::string& path) {
        element e;
        e.name = name;
        e.path = path;
        e.mark = positions_.mark(pos_);
        open_.push_back(path);
        const char c = peek();
        if (c == '{') {
            ++pos_;
            skip_blanks();
            std::unordered_map<std::string, std::size_t> keys;  // where each key is
            while (peek() != '}') {
                skip_blanks();
                const auto at = pos_;
                const auto key = string_token();
                if (const auto [first, added] = keys.emplace(key, at); !added && !repeated_)
                    repeated_ = {key, path, positions_.mark(at), positions_.mark(first->second)};
                expect(':');
                skip_blanks();
                members(e, key);
                skip_blanks();
                if (peek() == ',') ++pos_;
                skip_blanks();
            }
            ++pos_;
        } else if (c == '[') {
            items(e, name, path);
        } else if (c == '"') {
            e.text = string_token();
        } else {
            e.text = scalar_token();
        }
        open_.pop_back();
        return e;
    }

    // A member of `parent`: an array becomes one child per item, all named `key`; null is
    // left out, as if absent.
    void members(element& parent, const std::string& key) {
        const auto path = join_path(parent.path, key);
        if (peek() == '[') {
            open_.push_back(path);
            items(parent, key, path);
            open_.pop_back();
        } else if (peek() == 'n') {
            scalar_token();
        } else {
            parent.children.push_back(value(key, path));
        }
    }

    void items(element& parent, const std::string& name, const std::string& path) {
        ++pos_;
        skip_blanks();
        for (int index = 1; peek() != ']'; ++index) {
            if (peek() == 'n') {
                scalar_token();
            } else {
                parent.children.push_back(value(name, path + "[" + std::to_string(index) + "]"));
            }
            skip_blanks();
            if (peek() == ',') ++pos_;
            skip_blanks();
        }
        ++pos_;
    }

    std::string_view text_;
    const text_positions& positions_;
    bool truncated_;
    std::size_t pos_ = 0;
    std::vector<std::string> open_;
    std::optional<repeated_key> repeated_;
};

// Checks JSON syntax without building a value. parse() would throw what this hook is
// given: syntax errors, and as out_of_range a number too large for a double (1e400),
// which a parse_error handler would not catch; here both arrive with their place.
class json_syntax_check {
public:
    using json = nlohmann::json;

    bool null() { return true; }
    bool boolean(bool) { return true; }
    bool number_integer(json::number_integer_t) { return true; }
    bool number_unsigned(json::number_unsigned_t) { return true; }
    bool number_float(json::number_float_t, const std::string&) { return true; }
    bool string(std::string&) { return true; }
    bool binary(json::binary_t&) { return true; }
    bool start_object(std::size_t) { return true; }
    bool key(std::string&) { return true; }
    bool end_object() { return true; }
    bool start_array(std::size_t) { return true; }
    bool end_array() { return true; }

    // `position` counts the characters read, the one at fault (or the whole token) included.
    bool parse_error(std::size_t position, const std::string& token, const json::exception& e) {
        if (e.id == 406) {
            offset_ = position - std::min(position, token.size());
            read_to_ = position;
            message_ = "the number " + token + " is too large to be read";
        } else {
            offset_ = position > 0 ? position - 1 : 0;
            read_to_ = offset_;
            // Without its "[json.exception.parse_error.101] parse error at line 1, column 2: ".
            const std::string_view what = e.what();
            const auto column = what.find("column ");
            const auto colon = column == std::string_view::npos ? column : what.find(": ", column);
            message_ = colon == std::string_view::npos ? what : what.substr(colon + 2);
        }
        return false;
    }

    std::size_t offset() const { return offset_; }
    // Where the text read up to the problem ends: past a number too large, so that the
    // walk names the value it was meant for.
    std::size_t read_to() const { return read_to_; }
    const std::string& message() const { return message_; }

private:
    std::size_t offset_ = 0;
    std::size_t read_to_ = 0;
    std::string message_;
};

// JSON decodes the escape of code point 0 to a NUL, which no text a person writes holds
// and at which C APIs would cut the text (an email, say); XML's &#0; pugixml cuts itself.
void report_nul_characters(const element& e, problems& found) {
    if (e.text.find('\0') != std::string::npos) found.add(e, "a NUL character (\\u0000) is not allowed in text");
    for (const auto& c : e.children) report_nul_characters(c, found);
}

// The offset of the first character reference to NUL (&#0;, &#x00;), which is no XML
// character; pugixml would end the text there without a word.
std::optional<std::size_t> find_nul_reference(std::string_view text) {
    for (auto at = text.find("&#"); at != std::string_view::npos; at = text.find("&#", at + 2)) {
        auto i = at + 2;
        const bool hex = i < text.size() && (text[i] == 'x' || text[i] == 'X');
        if (hex) ++i;
        const auto digits_start = i;
        while (i < text.size() && text[i] == '0') ++i;
        if (i > digits_start && i < text.size() && text[i] == ';') return at;
    }
    return std::nullopt;
}

// ---- dates ---------------------------------------------------------------------------------

constexpr std::array<std::string_view, 12> month_names{"January",   "February", "March",    "April",
                                                       "May",       "June",     "July",     "August",
                                                       "September", "October",  "November", "December"};

// A date as a CV gives it: a year, maybe a month, maybe a day.
struct cv_date {
    int year = 0;
    unsigned month = 0;  // 0 when not given
    unsigned day = 0;    // 0 when not given

    // A date without a day is read as the 1st of its month, without a month as 1 January.
    chrono::sys_days first_day() const {
        return chrono::sys_days{chrono::year{year} / chrono::month{month == 0 ? 1 : month} /
                                chrono::day{day == 0 ? 1 : day}};
    }
    // The day after the last one the date covers: "to 2010" worked through December 2010,
    // "to 2002-02" through February, so a job from 2002-03 follows without a gap.
    chrono::sys_days end_day() const {
        if (month == 0) return chrono::sys_days{chrono::year{year + 1} / 1 / 1};
        if (day == 0) {
            const auto next = chrono::year_month{chrono::year{year}, chrono::month{month}} + chrono::months{1};
            return chrono::sys_days{next / 1};
        }
        return first_day() + chrono::days{1};
    }
    std::string text() const {
        char out[32];  // room for any int and unsigned, though dates have four and two digits
        if (month == 0)
            std::snprintf(out, sizeof out, "%04d", year);
        else if (day == 0)
            std::snprintf(out, sizeof out, "%04d-%02u", year, month);
        else
            std::snprintf(out, sizeof out, "%04d-%02u-%02u", year, month, day);
        return out;
    }
};

// One part of a date as written, and where.
struct date_part {
    std::optional<std::string> text;
    source_mark mark;
};

std::optional<int> whole_number(std::string_view text) {
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

bool all_digits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Checks a date part by part; every problem is reported as an impossible date at the part
// at fault. XML writes months and days as xsd:gMonth "--03" and xsd:gDay "---15"; the
// plain "3" and "15" of JSON and of hand-written files are read too.
std::optional<cv_date> check_date(problems& found, const element& where, const date_part& year, const date_part& month,
                                  const date_part& day) {
    cv_date date;
    if (!year.text || trimmed(*year.text).empty()) {
        found.add(where, "impossible date: no year");
        return std::nullopt;
    }
    const auto year_text = trimmed(*year.text);
    if (year_text.size() != 4 || !all_digits(year_text)) {
        found.add(year.mark, where.path, "impossible date: " + in_quotes(year_text) + " is not a year");
        return std::nullopt;
    }
    date.year = *whole_number(year_text);
    if (month.text && !trimmed(*month.text).empty()) {
        auto text = trimmed(*month.text);
        if (text.starts_with("--")) text.remove_prefix(2);
        const auto n = all_digits(text) && text.size() <= 2 ? whole_number(text) : std::nullopt;
        if (!n) {
            found.add(month.mark, where.path, "impossible date: " + in_quotes(trimmed(*month.text)) + " is not a month");
            return std::nullopt;
        }
        if (*n < 1 || *n > 12) {
            char shown[8];
            std::snprintf(shown, sizeof shown, "%02d", *n);
            found.add(month.mark, where.path,
                      "impossible date " + std::string{year_text} + "-" + shown + ": there is no month " +
                          std::to_string(*n) + " (months are 1 to 12)");
            return std::nullopt;
        }
        date.month = static_cast<unsigned>(*n);
    }
    if (day.text && !trimmed(*day.text).empty()) {
        auto text = trimmed(*day.text);
        if (text.starts_with("---")) text.remove_prefix(3);
        if (date.month == 0) {
            found.add(day.mark, where.path, "impossible date: a day without a month");
            return std::nullopt;
        }
        const auto n = all_digits(text) && text.size() <= 2 ? whole_number(text) : std::nullopt;
        if (!n) {
            found.add(day.mark, where.path, "impossible date: " + in_quotes(trimmed(*day.text)) + " is not a day");
            return std::nullopt;
        }
        const auto last = static_cast<int>(unsigned{
            chrono::year_month_day_last{chrono::year{date.year} / chrono::month{date.month} / chrono::last}.day()});
        if (*n < 1 || *n > last) {
            cv_date shown = date;
            shown.day = static_cast<unsigned>(std::max(*n, 0));
            found.add(day.mark, where.path,
                      "impossible date " + shown.text() + ": " + std::string{month_names[date.month - 1]} + " " +
                          std::to_string(date.year) + " has " + std::to_string(last) + " days");
            return std::nullopt;
        }
        date.day = static_cast<unsigned>(*n);
    }
    return date;
}

// SkillsPassport: <From year="2019" month="--03" day="---15"/> in XML,
// "From": {"Year": 2019, "Month": 3, "Day": 15} in JSON.
std::optional<cv_date> skills_passport_date(problems& found, const element& e) {
    const auto part = [&](std::string_view attribute_name, std::string_view child_name) {
        if (const auto* a = e.attr(attribute_name)) return date_part{a->value, a->mark};
        if (const auto* c = e.child(child_name)) return date_part{c->text, c->mark};
        return date_part{std::nullopt, e.mark};
    };
    return check_date(found, e, part("year", "Year"), part("month", "Month"), part("day", "Day"));
}

// Candidate: <FormattedDateTime>2019-03-15</FormattedDateTime>, also 2019, 2019-03 and
// 2019-03-15T09:00:00 (the time is not needed).
std::optional<cv_date> candidate_date(problems& found, const element& e) {
    const auto written = trimmed(e.text);
    const auto date_text = written.substr(0, written.find('T'));
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        const auto dash = date_text.find('-', start);
        parts.push_back(date_text.substr(start, dash == std::string_view::npos ? dash : dash - start));
        if (dash == std::string_view::npos) break;
        start = dash + 1;
    }
    const bool well_formed =
        parts.size() <= 3 && parts[0].size() == 4 &&
        std::all_of(parts.begin(), parts.end(), [](std::string_view p) { return all_digits(p) && p.size() <= 4; }) &&
        std::all_of(parts.begin() + 1, parts.end(), [](std::string_view p) { return p.size() <= 2; });
    if (!well_formed) {
        found.add(e, "expected a date like 2019, 2019-03 or 2019-03-15, found " + in_quotes(written));
        return std::nullopt;
    }
    const auto part = [&](std::size_t i) {
        return date_part{i < parts.size() ? std::optional<std::string>{std::string{parts[i]}} : std::nullopt, e.mark};
    };
    return check_date(found, e, part(0), part(1), part(2));
}

std::optional<bool> read_flag(problems& found, const element* e) {
    if (e == nullptr || trimmed(e->text).empty()) return std::nullopt;
    const auto text = to_lower(trimmed(e->text));
    if (text == "true" || text == "1") return true;
    if (text == "false" || text == "0") return false;
    found.add(*e, "expected true or false, found " + in_quotes(trimmed(e->text)));
    return std::nullopt;
}

// ---- levels --------------------------------------------------------------------------------

// Nothing for an empty level (the schema allows one), a problem for anything but A1..C2.
std::optional<cefr_level> read_cefr(problems& found, const element& e) {
    const auto text = trimmed(e.text);
    if (text.empty()) return std::nullopt;
    const auto level = parse_cefr(text);
    if (!level) found.reject(e, "expected a CEFR level A1, A2, B1, B2, C1 or C2, found " + in_quotes(text));
    return level;
}

// "6"; also "EQF 6" and the code list's URI ".../eqf/6", which files written by tools use.
std::optional<int> read_eqf(problems& found, const element& e) {
    const auto text = trimmed(e.text);
    if (text.empty()) return std::nullopt;
    auto digits = text;
    if (!all_digits(text) && to_lower(text).find("eqf") != std::string::npos) {
        const auto last = text.find_last_not_of("0123456789");
        digits = last == std::string_view::npos ? text : text.substr(last + 1);
    }
    const auto level = all_digits(digits) ? whole_number(digits) : std::nullopt;
    if (!level || *level < 1 || *level > 8) {
        found.reject(e, "expected an EQF level from 1 to 8, found " + in_quotes(text));
        return std::nullopt;
    }
    return level;
}

// The median of the levels given, the lower middle one when their number is even.
cefr_level overall_level(std::vector<cefr_level> levels) {
    std::sort(levels.begin(), levels.end());
    return levels[(levels.size() - 1) / 2];
}

// ---- names ---------------------------------------------------------------------------------

// A language by its code, or by its label when there is none; language_code() makes
// either the ISO 639-1 code participant files use.
std::string language_name(std::string_view code, std::string_view label) {
    return language_code(trimmed(code).empty() ? label : code);
}

// The Europass editor writes rich text as HTML (escaped inside the XML, raw in JSON):
// tags become `separator`, the common entities their characters. One pass, as a
// description may be megabytes long.
std::string html_to_text(std::string_view html, char separator) {
    constexpr std::array<std::pair<std::string_view, std::string_view>, 7> entities{{{"&lt;", "<"},
                                                                                     {"&gt;", ">"},
                                                                                     {"&quot;", "\""},
                                                                                     {"&apos;", "'"},
                                                                                     {"&#39;", "'"},
                                                                                     {"&nbsp;", " "},
                                                                                     {"&amp;", "&"}}};
    std::string out;
    out.reserve(html.size());
    for (std::size_t i = 0; i < html.size(); ++i) {
        const char c = html[i];
        const char next = i + 1 < html.size() ? html[i + 1] : '\0';
        const char letter = static_cast<char>(next | 0x20);
        const bool tag = c == '<' && (next == '/' || next == '!' || (letter >= 'a' && letter <= 'z'));
        if (tag) {
            const auto close = html.find('>', i);
            if (close != std::string_view::npos) {
                out += separator;
                i = close;
                continue;
            }
        }
        if (c == '&') {
            const auto rest = html.substr(i);
            const auto entity = std::find_if(entities.begin(), entities.end(),
                                             [&](const auto& e) { return rest.starts_with(e.first); });
            if (entity != entities.end()) {
                out += entity->second;
                i += entity->first.size() - 1;
                continue;
            }
        }
        out += c;
    }
    return out;
}

std::size_t word_count(std::string_view normalized) {
    return normalized.empty() ? 0 : static_cast<std::size_t>(std::count(normalized.begin(), normalized.end(), ' ')) + 1;
}

constexpr std::size_t max_skill_words = 6;

// The lines of free text, bullets ("-", "*", "•") dropped, and a line of prose wrapped in
// the middle of a phrase joined to the next line again: a line of more than six words
// that ends without a full stop, colon or semicolon, followed by one that starts with a
// lower-case letter and no bullet, is one sentence.
std::vector<std::string> text_lines(std::string_view text) {
    std::vector<std::string> lines;
    bool long_line = false;  // the last line has more than six words
    bool open_sentence = false;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find_first_of("\r\n", start);
        if (end == std::string_view::npos) end = text.size();
        auto line = trimmed(text.substr(start, end - start));
        start = end + 1;
        bool bulleted = false;
        for (bool more = true; more;) {
            more = false;
            for (std::string_view bullet : {"-", "*", "\xE2\x80\xA2"}) {
                if (line.starts_with(bullet)) {
                    line = trimmed(line.substr(bullet.size()));
                    bulleted = more = true;
                }
            }
        }
        if (line.empty()) continue;
        const auto first = static_cast<unsigned char>(line.front());
        const bool continues = !bulleted && ((first >= 'a' && first <= 'z') || first >= 0x80);
        if (open_sentence && continues) {
            lines.back() += " " + std::string{line};  // still more than six words: counted once
        } else {
            lines.emplace_back(line);
            long_line = word_count(normalise_name(line)) > max_skill_words;
        }
        open_sentence = long_line && std::string_view{".;:!?"}.find(lines.back().back()) == std::string_view::npos;
    }
    return lines;
}

// Skill names in free text such as "Data modelling, SQL; ETL" or the HTML lists the
// Europass editor writes: one item per line, comma or semicolon, each lower-cased with
// single spaces, a final full stop dropped. Each line is judged whole, as people write
// sentences as well as lists:
// - a line ending in a colon introduces what follows and gives nothing;
// - "label: a, b" gives the items a and b; "label: an explanation" gives the label; a
//   "label" of more than six words is a sentence that happens to hold a colon;
// - a line with an item of more than six words is prose and gives nothing, not even its
//   short pieces.
std::vector<std::string> skill_items(std::string_view text) {
    const auto split = [](std::string_view line) {
        std::vector<std::string> items;
        std::size_t start = 0;
        while (start <= line.size()) {
            // One search for both: a line may hold millions of items.
            const auto end = line.find_first_of(",;", start);
            auto item = trimmed(line.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
            while (item.ends_with('.')) item.remove_suffix(1);
            if (auto name = normalise_name(item); !name.empty()) items.push_back(std::move(name));
            if (end == std::string_view::npos) break;
            start = end + 1;
        }
        return items;
    };
    const auto short_enough = [](const std::vector<std::string>& items) {
        return std::all_of(items.begin(), items.end(),
                           [](const std::string& item) { return word_count(item) <= max_skill_words; });
    };
    std::vector<std::string> out;
    for (const std::string_view line : text_lines(html_to_text(text, '\n'))) {
        if (line.ends_with(':')) continue;
        std::vector<std::string> items;
        if (const auto colon = line.find(':'); colon != std::string_view::npos) {
            const auto label = normalise_name(line.substr(0, colon));
            if (word_count(label) > max_skill_words) continue;
            items = split(line.substr(colon + 1));
            if (items.size() < 2 || !short_enough(items)) items = {label};
        } else {
            items = split(line);
        }
        if (!short_enough(items)) continue;
        for (auto& item : items) out.push_back(std::move(item));
    }
    return out;
}

// ---- the profile ---------------------------------------------------------------------------

// One work experience (a SkillsPassport WorkExperience, a Candidate PositionHistory).
struct work_entry {
    std::optional<chrono::sys_days> start;
    std::optional<chrono::sys_days> end;  // when given
    bool running = false;                 // no end, and not marked finished: runs to as_of
    bool current = false;                 // running, or marked current
    std::string position;
    std::string employer;
};

// Reads a period from its parts; `period` is where problems with the period as a whole
// are reported.
void read_period(problems& found, const element& period, std::string_view start_name,
                 const std::optional<cv_date>& from, bool from_given, const std::optional<cv_date>& to,
                 std::optional<bool> current, work_entry& entry) {
    if (!from_given) found.add(period, "a period needs a start date (" + std::string{start_name} + ")");
    if (from) entry.start = from->first_day();
    if (to) entry.end = to->end_day();
    if (from && to && *entry.end <= *entry.start) {
        found.add(period, "the period ends (" + to->text() + ") before it starts (" + from->text() + ")");
        entry.end = entry.start;
    }
    entry.running = !to && current != false;
    entry.current = entry.running || current == true;
}

class profile_builder {
public:
    // Each language and skill once, at the highest level the CV gives it. Found through an
    // index: free text can name tens of thousands of skills.
    void add_language(const std::string& name, cefr_level level) {
        if (name.empty()) return;
        const auto [at, added] = language_index_.emplace(name, languages_.size());
        if (added) languages_.push_back(language_skill{name, level});
        else languages_[at->second].level = std::max(languages_[at->second].level, level);
    }
    void add_skill(const std::string& name, int level) {
        if (name.empty()) return;
        if (skills_.size() == max_cv_skills && !skill_index_.contains(name)) {
            skills_over_limit_ = true;
            return;
        }
        const auto [at, added] = skill_index_.emplace(name, skills_.size());
        if (added) skills_.push_back(skill_level{name, level});
        else skills_[at->second].level = std::max(skills_[at->second].level, level);
    }
    // A CV naming more skills than anyone has is refused rather than cut short unnoticed.
    void check_skill_count(problems& found, const element& where) const {
        if (skills_over_limit_)
            found.add(where, "names more than " + std::to_string(max_cv_skills) +
                                 " different skills; a CV may name at most " + std::to_string(max_cv_skills));
    }
    void add_education(int eqf) { education_level_ = std::max(education_level_, eqf); }
    void add_work(work_entry entry) { work_.push_back(std::move(entry)); }

    void finish(person& p, chrono::sys_days as_of) const {
        p.languages = languages_;
        p.skills = skills_;
        p.education_level = education_level_;
        p.years_experience = years(as_of);
        if (const auto* latest = current_work()) {
            p.position = latest->position;
            p.employer = latest->employer;
        }
    }

private:
    // The union of the work periods, so that overlapping jobs count once.
    double years(chrono::sys_days as_of) const {
        std::vector<std::pair<chrono::sys_days, chrono::sys_days>> spans;
        for (const auto& w : work_) {
            if (!w.start) continue;
            auto end = w.running ? as_of : w.end.value_or(*w.start);
            end = std::min(end, as_of);
            if (*w.start < end) spans.emplace_back(*w.start, end);
        }
        std::sort(spans.begin(), spans.end());
        long long days = 0;
        std::optional<std::pair<chrono::sys_days, chrono::sys_days>> open;
        for (const auto& span : spans) {
            if (open && span.first <= open->second) {
                open->second = std::max(open->second, span.second);
                continue;
            }
            if (open) days += (open->second - open->first).count();
            open = span;
        }
        if (open) days += (open->second - open->first).count();
        return std::round(static_cast<double>(days) / 365.25 * 10) / 10;
    }

    // The current experience that started last, else the one that started last, else the
    // first listed; ties go to the one listed first.
    const work_entry* current_work() const {
        const work_entry* best = nullptr;
        const auto better = [](const work_entry& a, const work_entry* b) {
            if (b == nullptr) return true;
            if (a.current != b->current) return a.current;
            return a.start.has_value() && (!b->start || *a.start > *b->start);
        };
        for (const auto& w : work_)
            if (better(w, best)) best = &w;
        return best;
    }

    std::vector<language_skill> languages_;
    std::unordered_map<std::string, std::size_t> language_index_;
    std::vector<skill_level> skills_;
    std::unordered_map<std::string, std::size_t> skill_index_;
    bool skills_over_limit_ = false;
    std::vector<work_entry> work_;
    int education_level_ = 0;
};

// The email: a CV is added to the participant enrolled with it, unless a participant
// names the CV's file. Without one, `cv.no_email` says where it belongs (`expected_path`;
// `closest` is the nearest element the file has), for when no participant names the file.
std::string read_email(problems& found, const element* contact, const element& closest,
                       const std::string& expected_path, europass_cv& cv) {
    const auto text = contact == nullptr ? std::string{} : std::string{trimmed(contact->text)};
    if (text.empty()) {
        cv.no_email = config_error{closest.mark, expected_path + ": no email address; a CV is matched to its "
                                                                 "participant by email, or named in their cv column"};
        return {};
    }
    if (!looks_like_email(text)) {
        found.add(*contact, "expected an email address like ana.silva@example.org, found " + in_quotes(text));
        return {};
    }
    return text;
}

// The deepest of the elements along `path` below `from` that the file has.
const element& nearest(const element& from, std::string_view path) {
    const element* at = &from;
    while (!path.empty()) {
        const auto slash = path.find('/');
        const auto* next = at->child(path.substr(0, slash));
        if (next == nullptr) break;
        at = next;
        path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
    }
    return *at;
}

// ---- SkillsPassport (XML and JSON) -------------------------------------------------------

// The XML wraps repeated elements in a list (WorkExperienceList/WorkExperience); the JSON
// binding gives them as an array under the item's own name (WorkExperience: [...]).
std::vector<const element*> listed(const element* parent, std::string_view list, std::string_view item) {
    std::vector<const element*> out;
    if (parent == nullptr) return out;
    if (const auto* wrapper = parent->child(list)) out = wrapper->all(item);
    for (const auto* e : parent->all(item)) out.push_back(e);
    return out;
}

constexpr std::array<std::string_view, 5> language_dimensions{"Listening", "Reading", "SpokenInteraction",
                                                              "SpokenProduction", "Writing"};

constexpr std::array<std::pair<std::string_view, std::string_view>, 5> digital_areas{{
    {"Information", "digital information"},
    {"Communication", "digital communication"},
    {"ContentCreation", "digital content creation"},
    {"Safety", "digital safety"},
    {"ProblemSolving", "digital problem solving"},
}};

// The skill level of a digital competence: A (basic user) 2, B (independent) 3, C (proficient) 4.
std::optional<int> read_digital_level(problems& found, const element& e) {
    const auto text = trimmed(e.text);
    if (text.empty()) return std::nullopt;
    const auto letter = to_lower(text);
    if (letter == "a") return 2;
    if (letter == "b") return 3;
    if (letter == "c") return 4;
    found.reject(e, "expected a digital competence level A (basic), B (independent) or C (proficient), found " +
                        in_quotes(text));
    return std::nullopt;
}

constexpr int free_text_skill_level = 3;

// Only V3.x is read: V2 had another structure, and a V4 would be a new format. V3.0 to
// V3.4 are published, some as three parts (V3.1.2); the schema promises that documents
// stay valid within a major version, so the major is checked and the minor must be a number.
bool known_skills_passport_version(std::string_view version) {
    if (!version.starts_with("V3.")) return false;
    const auto minor_and_patch = version.substr(3);
    const auto dot = minor_and_patch.find('.');
    return all_digits(minor_and_patch.substr(0, dot)) &&
           (dot == std::string_view::npos || all_digits(minor_and_patch.substr(dot + 1)));
}

europass_cv read_skills_passport(const element& root, chrono::sys_days as_of, problems& found) {
    europass_cv cv;
    const auto* version = find(&root, "DocumentInfo/XSDVersion");
    const auto version_path = root.path + "/DocumentInfo/XSDVersion";
    if (version == nullptr || trimmed(version->text).empty())
        fail_now(nearest(root, "DocumentInfo").mark, version_path,
                 "no schema version; expected V3.x, such as V3.4 (a SkillsPassport v3)");
    cv.version = std::string{trimmed(version->text)};
    if (!known_skills_passport_version(cv.version))
        fail_now(version->mark, version->path,
                 "unknown Europass schema version " + in_quotes(cv.version) +
                     "; this reader knows the SkillsPassport schema V3.x (any V3 version, such as V3.4 or V3.1.2)");

    profile_builder builder;
    person& p = cv.profile;
    const auto* learner = root.child("LearnerInfo");
    const auto* identification = find(learner, "Identification");
    p.name = single_spaced(text_at(identification, "PersonName/FirstName") + " " +
                           text_at(identification, "PersonName/Surname"));
    p.email = read_email(found, find(identification, "ContactInfo/Email/Contact"),
                         nearest(root, "LearnerInfo/Identification/ContactInfo/Email/Contact"),
                         root.path + "/LearnerInfo/Identification/ContactInfo/Email/Contact", cv);
    p.headline = single_spaced(html_to_text(text_at(learner, "Headline/Description/Label"), ' '));

    for (const auto* work : listed(learner, "WorkExperienceList", "WorkExperience")) {
        work_entry entry;
        entry.position = single_spaced(text_at(work, "Position/Label"));
        entry.employer = single_spaced(text_at(work, "Employer/Name"));
        if (const auto* period = work->child("Period")) {
            const auto* from = period->child("From");
            const auto* to = period->child("To");
            const auto start = from ? skills_passport_date(found, *from) : std::nullopt;
            const auto end = to ? skills_passport_date(found, *to) : std::nullopt;
            read_period(found, *period, "From", start, from != nullptr, end, read_flag(found, period->child("Current")),
                        entry);
        }
        builder.add_work(std::move(entry));
    }
    for (const auto* education : listed(learner, "EducationList", "Education"))
        if (const auto* code = find(education, "Level/Code"))
            if (const auto eqf = read_eqf(found, *code)) builder.add_education(*eqf);

    const auto* skills = find(learner, "Skills");
    const auto* linguistic = find(skills, "Linguistic");
    for (const auto* mother : listed(linguistic, "MotherTongueList", "MotherTongue"))
        builder.add_language(language_name(text_at(mother, "Description/Code"), text_at(mother, "Description/Label")),
                             cefr_level::c2);
    for (const auto* foreign : listed(linguistic, "ForeignLanguageList", "ForeignLanguage")) {
        std::vector<cefr_level> levels;
        const auto* proficiency = foreign->child("ProficiencyLevel");
        for (const auto dimension : language_dimensions)
            if (const auto* e = find(proficiency, dimension))
                if (const auto level = read_cefr(found, *e)) levels.push_back(*level);
        if (!levels.empty())
            builder.add_language(
                language_name(text_at(foreign, "Description/Code"), text_at(foreign, "Description/Label")),
                overall_level(levels));
    }
    if (const auto* computer = find(skills, "Computer")) {
        const auto* proficiency = computer->child("ProficiencyLevel");
        for (const auto& [area, skill] : digital_areas)
            if (const auto* e = find(proficiency, area))
                if (const auto level = read_digital_level(found, *e)) builder.add_skill(std::string{skill}, *level);
    }
    for (std::string_view kind : {"Computer", "JobRelated", "Communication", "Organisational", "Other"})
        for (const auto& item : skill_items(text_at(skills, std::string{kind} + "/Description")))
            builder.add_skill(item, free_text_skill_level);
    builder.check_skill_count(found, skills != nullptr ? *skills : root);

    builder.finish(p, as_of);
    return cv;
}

// ---- Candidate (2020+) -------------------------------------------------------------------

// Every element named `name` below `e`, in document order.
void collect(const element& e, std::string_view name, std::vector<const element*>& out) {
    for (const auto& c : e.children) {
        if (c.name == name) out.push_back(&c);
        collect(c, name, out);
    }
}

// A CEF-* dimension (CEF-Understanding-Listening, …, CEF-Writing-Production) is a CEFR level.
bool is_cef_dimension(const element& dimension) {
    return to_lower(text_at(&dimension, "CompetencyDimensionTypeCode")).starts_with("cef");
}

constexpr int default_competency_level = 3;

// Candidate codes name their code list; FREE_TEXT means a label rather than a code.
bool is_free_text(const element& e, std::string_view attribute_name) {
    const auto* a = e.attr(attribute_name);
    return a != nullptr && to_lower(trimmed(a->value)) == "free_text";
}

europass_cv read_candidate(const element& root, const std::string& namespace_uri, chrono::sys_days as_of,
                           problems& found) {
    europass_cv cv;
    // The version is the namespace's: http://www.europass.eu/1.0 is the one published.
    cv.version = namespace_uri.substr(candidate_namespace.size());
    const bool known = cv.version.starts_with("1.") && all_digits(std::string_view{cv.version}.substr(2));
    if (!known)
        fail_now(root.mark, root.path,
                 "unknown Europass Candidate schema version " + in_quotes(cv.version) + " (namespace " + namespace_uri +
                     "); this reader knows http://www.europass.eu/1.0");

    profile_builder builder;
    person& p = cv.profile;
    const auto* candidate_person = root.child("CandidatePerson");
    p.name = single_spaced(text_at(candidate_person, "PersonName/GivenName") + " " +
                           text_at(candidate_person, "PersonName/FamilyName"));
    const element* email = nullptr;
    for (const auto* channel : all_of(candidate_person, "Communication"))
        if (email == nullptr && to_lower(text_at(channel, "ChannelCode")) == "email") email = find(channel, "URI");
    p.email =
        read_email(found, email, nearest(root, "CandidatePerson"), root.path + "/CandidatePerson/Communication/URI", cv);
    // Mother tongues: a code (name="NORMAL", ISO 639-2) or, with name="FREE_TEXT", a label.
    for (const auto* tongue : all_of(candidate_person, "PrimaryLanguageCode"))
        builder.add_language(
            is_free_text(*tongue, "name") ? language_name({}, tongue->text) : language_name(tongue->text, {}),
            cefr_level::c2);

    const auto* profile = root.child("CandidateProfile");
    p.headline = single_spaced(html_to_text(text_at(profile, "ExecutiveSummary"), ' '));

    for (const auto* employer : all_of(find(profile, "EmploymentHistory"), "EmployerHistory")) {
        const auto organisation = single_spaced(text_at(employer, "OrganizationName"));
        const auto positions = employer->all("PositionHistory");
        if (positions.empty()) builder.add_work(work_entry{{}, {}, false, false, {}, organisation});
        for (const auto* position : positions) {
            work_entry entry;
            entry.employer = organisation;
            entry.position = single_spaced(text_at(position, "PositionTitle"));
            if (const auto* period = position->child("EmploymentPeriod")) {
                const auto* from = find(period, "StartDate/FormattedDateTime");
                const auto* to = find(period, "EndDate/FormattedDateTime");
                const auto start = from ? candidate_date(found, *from) : std::nullopt;
                const auto end = to ? candidate_date(found, *to) : std::nullopt;
                read_period(found, *period, "StartDate", start, from != nullptr, end,
                            read_flag(found, period->child("CurrentIndicator")), entry);
            }
            builder.add_work(std::move(entry));
        }
    }

    for (const auto* attendance : all_of(find(profile, "EducationHistory"), "EducationOrganizationAttendance")) {
        // The level may be given in several code lists (BR-COM-44); only EQF is read. The
        // EURES documentation spells the element EducationalLevelCode, files EducationLevelCode.
        auto codes = attendance->all("EducationLevelCode");
        for (const auto* e : attendance->all("EducationalLevelCode")) codes.push_back(e);
        for (const auto* code : codes) {
            const auto* list = code->attr("listName");
            if (list != nullptr && to_lower(trimmed(list->value)) != "eqf") continue;
            if (const auto eqf = read_eqf(found, *code)) builder.add_education(*eqf);
        }
    }

    std::vector<const element*> competencies;
    if (profile != nullptr) collect(*profile, "PersonCompetency", competencies);
    for (const auto* competency : competencies) {
        const auto dimensions = competency->all("CompetencyDimension");
        const bool language =
            to_lower(text_at(competency, "TaxonomyID")) == "language" ||
            std::any_of(dimensions.begin(), dimensions.end(), [](const element* d) { return is_cef_dimension(*d); });
        const auto* id = competency->child("CompetencyID");
        if (language) {
            std::vector<cefr_level> levels;
            for (const auto* dimension : dimensions)
                if (is_cef_dimension(*dimension))
                    if (const auto* score = find(dimension, "Score/ScoreText"))
                        if (const auto level = read_cefr(found, *score)) levels.push_back(*level);
            const auto name = id == nullptr                     ? std::string{}
                              : is_free_text(*id, "schemeName") ? language_name({}, id->text)
                                                                : language_name(id->text, {});
            if (!levels.empty()) builder.add_language(name, overall_level(levels));
            continue;
        }
        auto name = normalise_name(text_at(competency, "CompetencyName"));
        if (name.empty() && id != nullptr) name = normalise_name(id->text);
        int level = default_competency_level;
        for (const auto* dimension : dimensions) {
            const auto score = whole_number(trimmed(text_at(dimension, "Score/ScoreText")));
            if (score && *score >= 1 && *score <= 5) {
                level = *score;
                break;
            }
        }
        builder.add_skill(name, level);
    }
    builder.check_skill_count(found, profile != nullptr ? *profile : root);

    builder.finish(p, as_of);
    return cv;
}

// ---- reading a file ------------------------------------------------------------------------

std::size_t first_character(std::string_view text) {
    std::size_t first = text.starts_with(utf8_bom) ? utf8_bom.size() : 0;
    return text.find_first_not_of(blank_characters, first);
}

constexpr std::string_view what_europass_is =
    "a Europass CV is XML with a SkillsPassport (schema v3) or Candidate (2020+) root element, or JSON with a "
    "SkillsPassport object";

europass_cv read_xml(const std::string& text, const text_positions& positions, chrono::sys_days as_of) {
    if (const auto nul = find_nul_reference(text))
        fail_now(positions.mark(*nul), "", "a NUL character (&#0;) is not allowed in XML");
    pugi::xml_document doc;
    const auto result = doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!result) {
        std::string description = result.description();
        if (!description.empty()) description[0] = to_lower(description.substr(0, 1))[0];
        const auto offset = static_cast<std::size_t>(std::max<std::ptrdiff_t>(result.offset, 0));
        fail_now(positions.mark(offset),
                 open_element_path(std::string_view{text}.substr(0, offset)), "malformed XML: " + description);
    }
    const auto root = doc.document_element();
    const xml_converter converter{text, positions};
    const std::string root_name{local_name(root.name())};
    const auto root_mark =
        positions.mark(static_cast<std::size_t>(std::max<std::ptrdiff_t>(root.offset_debug() - 1, 0)));
    problems found;
    europass_cv cv;
    if (root_name == "SkillsPassport") {
        cv = read_skills_passport(converter.convert(root, root_name, 0), as_of, found);
        cv.format = "skillspassport-xml";
    } else if (root_name == "Candidate") {
        const auto uri = xml_namespace(root);
        if (!uri.starts_with(candidate_namespace))
            fail_now(root_mark, root_name,
                     "not a Europass CV: this Candidate is in the namespace " +
                         (uri.empty() ? std::string{"(none)"} : in_quotes(uri)) +
                         ", not Europass's http://www.europass.eu/1.0 (an HR-XML candidate is not a Europass CV)");
        cv = read_candidate(converter.convert(root, root_name, 0), uri, as_of, found);
        cv.format = "candidate-xml";
    } else {
        fail_now(
            root_mark, root_name,
            "not a Europass CV: the root element is " + in_quotes(root_name) + "; " + std::string{what_europass_is});
    }
    found.throw_if_any();
    cv.rejected = std::move(found).rejected();
    return cv;
}

europass_cv read_json(const std::string& text, const text_positions& positions, chrono::sys_days as_of) {
    // Before anything walks it: the walk below recurses once per level.
    if (const auto deep = find_excess_json_nesting(text))
        fail_now(positions.mark(*deep), "",
                 "values nested more than " + std::to_string(max_nesting_depth) +
                     " deep; a Europass CV needs fewer than 15 levels");
    // Only the syntax is checked here; the walk below reads the values with their places.
    json_syntax_check check;
    if (!nlohmann::json::sax_parse(text, &check)) {
        const auto offset = std::min(check.offset(), text.size());
        json_walker walker{std::string_view{text}.substr(0, check.read_to()), positions, true};
        try {
            walker.root();
        } catch (const json_walker::end_of_input&) {
        }
        fail_now(positions.mark(offset), walker.open_path(), "malformed JSON: " + check.message());
    }
    json_walker walker{text, positions, false};
    const auto root = walker.root();
    if (const auto& repeated = walker.repeated())
        fail_now(repeated->mark, repeated->path,
                 "the key " + in_quotes(repeated->key) + " is given twice in this object (first at line " +
                     std::to_string(repeated->first.line) + ", column " + std::to_string(repeated->first.column) +
                     "); which value is meant cannot be known");
    const auto* sp = root.child("SkillsPassport");
    if (sp == nullptr || (sp->children.empty() && !sp->text.empty()))
        fail_now(
            root.mark, "",
            "not a Europass CV: this JSON has no top-level SkillsPassport object; " + std::string{what_europass_is});
    problems found;
    report_nul_characters(root, found);
    auto cv = read_skills_passport(*sp, as_of, found);
    cv.format = "europass-json";
    found.throw_if_any();
    cv.rejected = std::move(found).rejected();
    return cv;
}

}  // namespace

bool is_europass_file(const std::filesystem::path& file) {
    std::string text;
    try {
        text = read_text_file(file, max_cv_file_bytes, "a Europass CV");
    } catch (const config_error&) {
        return false;
    }
    const auto first = first_character(text);
    if (first == std::string::npos) return false;
    if (text[first] == '<') {
        // A damaged file still gives the elements read before the damage, its root among
        // them, so that read_europass can say what is wrong with it.
        pugi::xml_document doc;
        doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
        const auto root = doc.document_element();
        const auto name = local_name(root.name());
        return name == "SkillsPassport" ||
               (name == "Candidate" && xml_namespace(root).starts_with(candidate_namespace));
    }
    if (text[first] == '{') {
        // Too deep to parse safely counts as damaged.
        const auto json = find_excess_json_nesting(text) ? nlohmann::json{nlohmann::json::value_t::discarded}
                                                         : nlohmann::json::parse(text, nullptr, false);
        if (!json.is_discarded())
            return json.is_object() && json.contains("SkillsPassport") && json["SkillsPassport"].is_object();
        // Damaged: by its first key.
        const auto key = text.find_first_not_of(blank_characters, first + 1);
        return key != std::string::npos && std::string_view{text}.substr(key).starts_with("\"SkillsPassport\"");
    }
    return false;
}

europass_cv read_europass(const std::filesystem::path& file, time_point as_of) {
    const std::string name = file.string();
    std::string text;
    try {
        text = read_text_file(file, max_cv_file_bytes, "a Europass CV");
    } catch (const config_error& e) {
        throw import_error({e});
    }
    const text_positions positions{name, text};
    const auto day = chrono::floor<chrono::days>(as_of);
    const auto first = first_character(text);
    if (first == std::string::npos) fail_now(source_mark{name, 1, 1}, "", "not a Europass CV: the file is empty");
    europass_cv cv;
    if (text[first] == '<')
        cv = read_xml(text, positions, day);
    else if (text[first] == '{' || text[first] == '[')
        cv = read_json(text, positions, day);
    else
        fail_now(positions.mark(first), "", "not a Europass CV: " + std::string{what_europass_is});
    cv.file = file;
    return cv;
}

}  // namespace mentorkit
