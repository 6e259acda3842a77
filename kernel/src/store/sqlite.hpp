#pragma once
// A thin RAII layer over SQLite's C API: a connection, prepared statements, transactions.
// Every failure throws sqlite_error with SQLite's own message and the statement's text.

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace mentorkit::sqlite {

class sqlite_error : public std::runtime_error {
public:
    explicit sqlite_error(const std::string& message) : std::runtime_error(message) {}
};

class statement;

class database {
public:
    enum class mode {
        read_write,  //!< created if needed
        read_only,   //!< neither created nor written
        immutable,   //!< read-only, and nobody else writes it either: no locks or -shm file needed
    };
    /// Opens `file`; ":memory:" is an in-memory database.
    explicit database(const std::filesystem::path& file, mode access = mode::read_write);
    ~database();
    database(const database&) = delete;
    database& operator=(const database&) = delete;

    /// Runs one or more statements that return no rows.
    void exec(std::string_view sql);
    statement prepare(std::string_view sql);
    std::int64_t last_insert_rowid() const;
    const std::filesystem::path& file() const { return file_; }
    sqlite3* handle() const { return db_; }

private:
    std::filesystem::path file_;
    sqlite3* db_ = nullptr;
};

class statement {
public:
    statement(database& db, std::string_view sql);
    ~statement();
    statement(statement&& other) noexcept;
    statement& operator=(statement&&) = delete;
    statement(const statement&) = delete;
    statement& operator=(const statement&) = delete;

    /// Binds parameters by 1-based index.
    statement& bind(int index, std::int64_t value);
    statement& bind(int index, double value);
    statement& bind(int index, std::string_view text);
    statement& bind_null(int index);
    /// Steps once: true when a row is available.
    bool step();
    /// Steps to completion, for statements that return no rows.
    void run();
    /// Ready for new bindings and a new run.
    void reset();

    std::int64_t column_int(int index) const;
    double column_double(int index) const;
    std::string column_text(int index) const;
    bool column_is_null(int index) const;
    enum class kind { integer, real, text, null };
    int column_count() const;
    kind column_kind(int index) const;

private:
    [[noreturn]] void fail() const;
    sqlite3* db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
};

/// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless commit() was called.
class transaction {
public:
    explicit transaction(database& db);
    ~transaction();
    transaction(const transaction&) = delete;
    transaction& operator=(const transaction&) = delete;
    void commit();

private:
    database& db_;
    bool done_ = false;
};

}  // namespace mentorkit::sqlite
