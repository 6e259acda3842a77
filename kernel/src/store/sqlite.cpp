#include "store/sqlite.hpp"

#include <sqlite3.h>

#include <cstdio>

namespace mentorkit::sqlite {

database::database(const std::filesystem::path& file, mode access) : file_(file) {
    int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
    flags |= access == mode::read_write ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    // As a URI, so that a file name holding '?' or '#' stays one name.
    std::string uri = "file:";
    for (const char c : file.string()) {
        if (c == '?' || c == '#' || c == '%') {
            char escaped[4];
            std::snprintf(escaped, sizeof escaped, "%%%02X", static_cast<unsigned char>(c));
            uri += escaped;
        } else {
            uri += c;
        }
    }
    if (access == mode::immutable) uri += "?immutable=1";
    const int rc = sqlite3_open_v2(file == ":memory:" ? ":memory:" : uri.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        const std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw sqlite_error(file.string() + ": cannot open the store: " + message);
    }
    sqlite3_extended_result_codes(db_, 1);
    // Another process (a second `mentorkit` on the same store) may hold the write lock briefly.
    sqlite3_busy_timeout(db_, 5000);
}

database::~database() { sqlite3_close(db_); }

void database::exec(std::string_view sql) {
    char* message = nullptr;
    const std::string text{sql};
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string error = message != nullptr ? message : sqlite3_errmsg(db_);
        sqlite3_free(message);
        throw sqlite_error(file_.string() + ": " + error);
    }
}

statement database::prepare(std::string_view sql) { return statement{*this, sql}; }

std::int64_t database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

statement::statement(database& db, std::string_view sql) : db_(db.handle()) {
    if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) != SQLITE_OK)
        throw sqlite_error(std::string{"cannot prepare '"} + std::string{sql.substr(0, 120)} + "': " + sqlite3_errmsg(db_));
}

statement::~statement() { sqlite3_finalize(stmt_); }

statement::statement(statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) { other.stmt_ = nullptr; }

void statement::fail() const {
    // SQLite's message says what went wrong ("database or disk is full"); the statement and
    // the step that failed mean nothing to the person who reads it.
    const char* file = sqlite3_db_filename(db_, "main");
    throw sqlite_error(std::string{file != nullptr && *file != '\0' ? file : "the store"} + ": " + sqlite3_errmsg(db_));
}

statement& statement::bind(int index, std::int64_t value) {
    if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) fail();
    return *this;
}

statement& statement::bind(int index, double value) {
    if (sqlite3_bind_double(stmt_, index, value) != SQLITE_OK) fail();
    return *this;
}

statement& statement::bind(int index, std::string_view text) {
    if (sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) != SQLITE_OK)
        fail();
    return *this;
}

statement& statement::bind_null(int index) {
    if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) fail();
    return *this;
}

bool statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail();
}

void statement::run() {
    while (step()) {
    }
}

void statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::int64_t statement::column_int(int index) const { return sqlite3_column_int64(stmt_, index); }

double statement::column_double(int index) const { return sqlite3_column_double(stmt_, index); }

std::string statement::column_text(int index) const {
    const auto* text = sqlite3_column_text(stmt_, index);
    return text == nullptr ? std::string{} : std::string{reinterpret_cast<const char*>(text),
                                                          static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index))};
}

bool statement::column_is_null(int index) const { return sqlite3_column_type(stmt_, index) == SQLITE_NULL; }

int statement::column_count() const { return sqlite3_column_count(stmt_); }

statement::kind statement::column_kind(int index) const {
    switch (sqlite3_column_type(stmt_, index)) {
    case SQLITE_INTEGER: return kind::integer;
    case SQLITE_FLOAT: return kind::real;
    case SQLITE_NULL: return kind::null;
    default: return kind::text;
    }
}

transaction::transaction(database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

transaction::~transaction() {
    if (done_) return;
    try {
        db_.exec("ROLLBACK");
    } catch (const sqlite_error&) {
        // The transaction is gone already (SQLite rolls back by itself on some errors).
    }
}

void transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

}  // namespace mentorkit::sqlite
