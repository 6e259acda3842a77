#pragma once
// The store of one program: an SQLite file with the journal of every event and the current
// state projected from it. Versioned schema migrations run on open; WAL mode.
//
// Durability: each append commits before publish() returns (or, inside a batch, when the
// batch commits), so a killed process loses no acknowledged event. synchronous=NORMAL:
// a power cut may lose the last commits, never the file's consistency.

#include "store/projection.hpp"
#include "store/sqlite.hpp"
#include "store/store_lock.hpp"

#include <mentorkit/domain.hpp>
#include <mentorkit/event.hpp>
#include <mentorkit/scheduler.hpp>

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
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

/// What a store's journal depends on in its program's definition: the id, and the start and
/// end dates every timer and the program's phases were computed from. A store remembers them
/// from its creation and is refused to a definition that says otherwise.
struct program_identity {
    program_identity(std::string program_id, std::optional<time_point> program_start = std::nullopt,
                     std::optional<time_point> program_end = std::nullopt)
        : id(std::move(program_id)), start(program_start), end(program_end) {}
    program_identity(const char* program_id) : id(program_id) {}
    std::string id;
    std::optional<time_point> start;  //!< not checked when empty
    std::optional<time_point> end;    //!< not checked when empty
};

/// Readers (reports, checks) neither lock the store nor change it, and work on a store they
/// may not write to; writers hold its store_lock while it is open.
enum class store_access { read_write, read_only };

class store {
public:
    /// Opens or creates the store of `program` at `file` (":memory:" for tests); a writer
    /// locks it first. Throws store_error when the file cannot be opened or is not a store,
    /// another process is writing to it, it belongs to another program or to another start
    /// date, or its schema is newer than this build knows (or, read-only, older).
    store(const std::filesystem::path& file, const program_identity& program,
          store_access access = store_access::read_write);
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
    /// Every goal ever set, abandoned ones too: its id and its mentee's.
    std::map<std::string, std::string> goal_mentees() const;
    /// Proposals not yet accepted or declined, as (mentor id, mentee id).
    std::set<std::pair<std::string, std::string>> open_proposals() const;

    /// Small named values the kernel keeps with the program (e.g. the next timer id).
    std::optional<std::string> meta(const std::string& key) const;
    void set_meta(const std::string& key, const std::string& value);

    /// Timers still to fire; written in the same transaction as the events around them.
    void save_timer(const timer_record& timer);
    void delete_timer(timer_id id);
    std::vector<timer_record> timers() const;

    /// Whether a rehearsal may be written to `file`, looked at without changing it: a store
    /// made for a rehearsal (`mentorkit simulate`), or one that holds no event yet (a
    /// rehearsal killed before it marked its new store). Any other store holds a program's
    /// history, and no other file is a store: false.
    static bool may_hold_rehearsal(const std::filesystem::path& file);
    /// Whether this store was made for a rehearsal.
    bool is_rehearsal() const;
    /// Empties this store (journal, state, timers) for a new rehearsal starting at `start`
    /// and marks it as a rehearsal's, in one transaction. Throws store_error, erasing
    /// nothing, unless may_hold_rehearsal() holds for it.
    void begin_rehearsal(time_point start);

    /// Every state table as JSON, rows in key order: equal snapshots mean equal state.
    nlohmann::json snapshot() const;
    /// Rebuilds the state from the journal in one transaction. Returns the events applied.
    std::size_t replay();
    /// The state the journal rebuilds, as snapshot() gives it, without changing this store
    /// (it is rebuilt in memory): how a reader checks a store it may not write to.
    nlohmann::json replayed_snapshot() const;

private:
    void migrate(const program_identity& program);
    void check_identity(const program_identity& program);

    std::unique_ptr<store_lock> lock_;  // before db_: held before the file is opened, released after it is closed
    mutable std::mutex mutex_;
    mutable sqlite::database db_;
    bool read_only_ = false;
    std::unique_ptr<projection> projection_;
    std::unique_ptr<sqlite::statement> insert_event_;
    std::unique_ptr<sqlite::transaction> batch_;
    struct cached_statements {
        std::unique_ptr<sqlite::statement> save_timer, delete_timer, set_meta;
    } statements_;
};

}  // namespace mentorkit
