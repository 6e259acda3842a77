#pragma once
// The store of one program: an SQLite file with the journal of every event and the current
// state projected from it. Versioned schema migrations run on open; WAL mode.
//
// Durability: each append commits before publish() returns (or, inside a batch, when the
// batch commits), so a killed process loses no acknowledged event. synchronous=NORMAL:
// a power cut may lose the last commits, never the file's consistency.

#include "store/projection.hpp"
#include "store/sqlite.hpp"

#include <mentorkit/domain.hpp>
#include <mentorkit/event.hpp>
#include <mentorkit/scheduler.hpp>

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace mentorkit {

class store_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A timer as kept in the store (see mentorkit/scheduler.hpp).
struct timer_record {
    timer_id id = 0;
    std::string owner;  //!< the plugin (or "kernel") that set it, and the source of its events
    std::string key;    //!< its name within the owner, or empty
    time_point due{};   //!< when it fires next
    duration period{};  //!< zero: fires once
    time_point first{};  //!< a periodic timer's first firing: the n-th is first + n periods (no month drift)
    std::int64_t fired = 0;  //!< how often it has fired
    std::optional<time_point> last;  //!< a periodic timer's last firing, if bounded
    std::string topic;
    nlohmann::json payload;
};

class store {
public:
    /// Opens or creates the store of program `program_id` at `file` (":memory:" for tests).
    /// Throws store_error when the file cannot be opened, belongs to another program, or
    /// has a schema newer than this build knows.
    store(const std::filesystem::path& file, const std::string& program_id);
    ~store();
    store(const store&) = delete;
    store& operator=(const store&) = delete;

    /// The schema version this build writes.
    static int latest_schema_version();
    int schema_version() const;
    const std::filesystem::path& file() const { return db_.file(); }

    /// Journals `e` and applies it to the state, atomically: committed before it returns,
    /// unless a batch is open. Throws (and stores nothing) when the payload is malformed.
    /// Use as the bus observer.
    void append(const event& e);

    /// Groups appends into one transaction: all of them are stored, or none. A batch opened
    /// inside another joins it: it stores with the outer one, or not at all.
    class batch {
    public:
        explicit batch(store& s);
        ~batch();  // rolls back unless committed
        batch(const batch&) = delete;
        batch& operator=(const batch&) = delete;
        void commit();

    private:
        store& store_;
        bool outermost_ = false;  // false: it joined a batch already open
        bool done_ = false;
    };

    /// The id of the last journaled event (0 when empty): the bus continues after it.
    event_id last_event_id() const;
    std::size_t journal_size() const;
    std::optional<event> last_event() const;
    /// How many journaled events have this topic.
    std::size_t count(std::string_view topic) const;
    /// Journaled events with id > `after`, in order.
    std::vector<event> journal(event_id after = 0) const;
    /// Journaled events whose topic matches `pattern` (an exact topic is an index lookup).
    std::vector<event> journal_matching(std::string_view pattern) const;

    /// Enrolled (not withdrawn) people, by id.
    std::vector<person> people() const;
    std::optional<person> find_person(const std::string& id) const;
    std::vector<relationship> relationships() const;
    /// Goals per mentee, not counting abandoned ones.
    std::map<std::string, std::size_t> goals_per_mentee() const;

    /// Small named values the kernel keeps with the program (e.g. the next timer id).
    std::optional<std::string> meta(const std::string& key) const;
    void set_meta(const std::string& key, const std::string& value);

    /// Timers still to fire; written in the same transaction as the events around them.
    void save_timer(const timer_record& timer);
    void delete_timer(timer_id id);
    std::vector<timer_record> timers() const;

    /// Every state table as JSON, rows in key order: equal snapshots mean equal state.
    nlohmann::json snapshot() const;
    /// Rebuilds the state from the journal in one transaction. Returns the events applied.
    std::size_t replay();

private:
    void migrate(const std::string& program_id);

    mutable std::mutex mutex_;
    mutable sqlite::database db_;
    std::unique_ptr<projection> projection_;
    std::unique_ptr<sqlite::statement> insert_event_;
    std::unique_ptr<sqlite::transaction> batch_;
    struct cached_statements {
        std::unique_ptr<sqlite::statement> save_timer, delete_timer, set_meta;
    } statements_;
};

}  // namespace mentorkit
