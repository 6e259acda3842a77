#pragma once
// Reading text files that people and HR systems write: blanks, letter case and header
// spellings evened out, and CSV records (parsed by libcsv) with the line each starts on,
// so that every error can name file, line and column. Shared by the participant import
// and the activity ingest.

#include <mentorkit/config.hpp>
#include <mentorkit/text.hpp>

#include <csv.h>

#include <cstddef>
#include <exception>
#include <new>
#include <string>
#include <string_view>
#include <vector>

namespace mentorkit::detail {

// ---- text ----------------------------------------------------------------------------
// Letter case, blanks and names as the SDK's text.hpp has them (plugins compare names in
// the same form); `trimmed` is its trim without a copy, for reading records field by field.

inline std::string_view trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(blank_characters);
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(blank_characters) - first + 1);
}

inline bool is_blank(std::string_view text) { return trimmed(text).empty(); }

// Enough to catch a name or a phone number where an email belongs; deliverability is the
// mail system's business.
inline bool looks_like_email(std::string_view text) {
    const auto at = text.find('@');
    if (at == std::string_view::npos || at == 0 || text.find('@', at + 1) != std::string_view::npos) return false;
    const auto domain = text.substr(at + 1);
    const auto dot = domain.find('.');
    return dot != std::string_view::npos && dot > 0 && dot + 1 < domain.size() &&
           text.find_first_of(blank_characters) == std::string_view::npos;
}

// Exports write headers and types as "Meeting ID" or "goal-set"; they mean meeting_id and
// goal_set.
inline std::string normalize_key(std::string_view text) {
    std::string out;
    for (const char c : to_lower(trimmed(text))) {
        const bool separator = c == ' ' || c == '\t' || c == '-' || c == '_';
        if (separator && !out.empty() && out.back() == '_') continue;
        out += separator ? '_' : c;
    }
    return out;
}

inline std::string in_quotes(std::string_view text) { return "'" + std::string{text} + "'"; }

// ---- CSV syntax ------------------------------------------------------------------------

struct csv_record {
    int line = 0;  // the physical line the record starts on
    std::vector<std::string> fields;
    bool broken = false;  // a syntax error was reported in it; its fields are incomplete
};

// libcsv does the parsing, as for participant files; it does not say where a record
// starts, which every message needs. So it is fed one physical line at a time: a record
// can only end at a line break, and it starts on the first line after the previous record
// that has more than blanks on it (libcsv skips blank lines the same way).
class csv_reader {
public:
    csv_reader(std::string file, std::vector<config_error>& errors) : file_(std::move(file)), errors_(errors) {
        start_parser();
    }
    ~csv_reader() { csv_free(&parser_); }
    csv_reader(const csv_reader&) = delete;
    csv_reader& operator=(const csv_reader&) = delete;

    // All records. A syntax error is reported and its record kept as broken. Reading goes
    // on at the next line when the broken record started on the line of the error;
    // otherwise (a quoted value spanning lines) it stops, since where the following
    // records start is then anybody's guess.
    std::vector<csv_record> read(std::string_view text) {
        // Spreadsheet programs start UTF-8 files with a byte order mark.
        if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
        int line = 1;
        std::size_t pos = 0;
        while (pos < text.size() && !stopped_) {
            const auto end = line_end(text, pos);
            const auto chunk = text.substr(pos, end - pos);
            if (!in_record_ && !is_blank(chunk)) {
                in_record_ = true;
                record_line_ = line;
            }
            const auto parsed = csv_parse(&parser_, chunk.data(), chunk.size(), &on_field, &on_record, this);
            if (failure_) std::rethrow_exception(failure_);
            if (parsed < chunk.size()) syntax_error(line, chunk[parsed]);
            pos = end;
            ++line;
        }
        if (!stopped_ && csv_fini(&parser_, &on_field, &on_record, this) != 0) {
            if (failure_) std::rethrow_exception(failure_);
            if (csv_error(&parser_) != CSV_EPARSE) throw std::bad_alloc{};
            // Only an unclosed quote is left for csv_fini to find.
            fail(record_line_,
                 "malformed CSV: a quoted value is not closed: the closing double quote is missing, so the rest "
                 "of the file was read as part of this value");
            records_.push_back(csv_record{record_line_, std::move(fields_), true});
            stopped_ = true;
        }
        if (failure_) std::rethrow_exception(failure_);
        return std::move(records_);
    }

    // Whether a syntax error ended reading before the end of the file.
    bool stopped() const noexcept { return stopped_; }

private:
    static constexpr unsigned char options = CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL;

    void start_parser() {
        if (csv_init(&parser_, options) != 0) throw std::bad_alloc{};
    }

    // The end of the physical line starting at `from`, past its line break (LF, CRLF or CR).
    static std::size_t line_end(std::string_view text, std::size_t from) {
        const auto brk = text.find_first_of("\r\n", from);
        if (brk == std::string_view::npos) return text.size();
        if (text[brk] == '\r' && brk + 1 < text.size() && text[brk + 1] == '\n') return brk + 2;
        return brk + 1;
    }

    // libcsv calls these from C: nothing may be thrown through it.
    static void on_field(void* data, std::size_t size, void* self) noexcept {
        auto& reader = *static_cast<csv_reader*>(self);
        try {
            reader.fields_.emplace_back(data == nullptr ? "" : static_cast<const char*>(data), size);
        } catch (...) {
            reader.failure_ = std::current_exception();
        }
    }
    static void on_record(int, void* self) noexcept {
        auto& reader = *static_cast<csv_reader*>(self);
        try {
            reader.records_.push_back(csv_record{reader.record_line_, std::move(reader.fields_)});
            reader.fields_.clear();
            reader.in_record_ = false;
        } catch (...) {
            reader.failure_ = std::current_exception();
        }
    }

    // The header's name for field `index` (0-based), once the header has been read.
    std::string field_name(std::size_t index) const {
        if (!records_.empty() && index < records_.front().fields.size()) {
            auto name = normalize_key(records_.front().fields[index]);
            if (!name.empty()) return name;
        }
        return "column " + std::to_string(index + 1);
    }

    void fail(int line, const std::string& message) {
        const auto field = fields_.size();  // the field being read when it went wrong
        errors_.emplace_back(source_mark{file_, line, static_cast<int>(field + 1)}, field_name(field) + ": " + message);
    }

    void syntax_error(int line, char found) {
        if (csv_error(&parser_) != CSV_EPARSE) throw std::bad_alloc{};
        // In strict mode libcsv stops at a quote inside an unquoted value, or at anything
        // but a comma or a line break after the closing quote of a quoted one.
        std::string message = "malformed CSV: ";
        if (found == '"')
            message +=
                "a double quote inside a value that does not start with one; put the whole value in double quotes "
                "and write each quote in it twice (\"\")";
        else
            message += in_quotes(std::string(1, found)) +
                       " after the closing quote of a quoted value; a quote inside a quoted value is written twice "
                       "(\"\")";
        const bool resumable = line == record_line_;
        if (!resumable)
            message += " (at line " + std::to_string(line) +
                       "; the rest of the file was not read, as a quoted value may have been opened by mistake above)";
        fail(record_line_, message);
        records_.push_back(csv_record{record_line_, std::move(fields_), true});
        fields_.clear();
        if (!resumable) {
            stopped_ = true;
            return;
        }
        csv_free(&parser_);
        start_parser();
        in_record_ = false;
    }

    std::string file_;
    std::vector<config_error>& errors_;
    csv_parser parser_{};
    std::vector<csv_record> records_;
    std::vector<std::string> fields_;
    bool in_record_ = false;
    int record_line_ = 0;
    bool stopped_ = false;
    std::exception_ptr failure_;
};


}  // namespace mentorkit::detail
