#include "store/store.hpp"

#include <mentorkit/time.hpp>

#include <unistd.h>

namespace mentorkit {

namespace {

// Each entry moves the schema from version (index) to (index + 1). Never edit a released
// entry: append a new one, so every existing store can follow.
const char* const migrations[] = {
    // 1: journal, state, metadata
    R"sql(
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE journal (
        id INTEGER PRIMARY KEY,
        topic TEXT NOT NULL,
        time_ms INTEGER NOT NULL,
        source TEXT NOT NULL,
        correlation_id INTEGER NOT NULL DEFAULT 0,
        payload TEXT NOT NULL);
    CREATE INDEX journal_by_topic ON journal (topic);
    CREATE TABLE people (
        id TEXT PRIMARY KEY, role TEXT NOT NULL, status TEXT NOT NULL, profile TEXT NOT NULL,
        enrolled_event INTEGER NOT NULL, updated_event INTEGER NOT NULL);
    CREATE TABLE proposals (
        mentee_id TEXT NOT NULL, mentor_id TEXT NOT NULL, strategy TEXT NOT NULL, rank INTEGER NOT NULL,
        score REAL NOT NULL, explanation TEXT NOT NULL, status TEXT NOT NULL, event_id INTEGER NOT NULL,
        PRIMARY KEY (mentee_id, mentor_id));
    CREATE TABLE relationships (
        id TEXT PRIMARY KEY, mentor_id TEXT NOT NULL, mentee_id TEXT NOT NULL, status TEXT NOT NULL,
        started_on TEXT NOT NULL, ended_on TEXT NOT NULL, close_reason TEXT NOT NULL);
    CREATE TABLE goals (
        id TEXT PRIMARY KEY, mentee_id TEXT NOT NULL, relationship_id TEXT NOT NULL, status TEXT NOT NULL,
        progress INTEGER NOT NULL, data TEXT NOT NULL);
    CREATE TABLE meetings (
        id TEXT PRIMARY KEY, relationship_id TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL,
        due_by TEXT NOT NULL, held_on TEXT NOT NULL);
    CREATE TABLE checkins (
        event_id INTEGER PRIMARY KEY, relationship_id TEXT NOT NULL, person_id TEXT NOT NULL, on_date TEXT NOT NULL,
        rating INTEGER NOT NULL, wellbeing INTEGER NOT NULL, data TEXT NOT NULL);
    CREATE TABLE module_outputs (
        event_id INTEGER PRIMARY KEY, plugin TEXT NOT NULL, topic TEXT NOT NULL, payload TEXT NOT NULL);
    )sql",
    // 2: timers, kept apart from the projection: they are what is still to come, not history
    R"sql(
    CREATE TABLE timers (
        id INTEGER PRIMARY KEY, owner TEXT NOT NULL, key TEXT NOT NULL, due_ms INTEGER NOT NULL,
        period_months INTEGER NOT NULL, period_ms INTEGER NOT NULL, last_ms INTEGER,
        first_ms INTEGER NOT NULL, fired INTEGER NOT NULL, topic TEXT NOT NULL, payload TEXT NOT NULL);
    )sql",
};

constexpr int latest_version = static_cast<int>(std::size(migrations));

// What mentorkit stored as JSON. Anything else was changed by hand or by another tool, and is
// named rather than reported in the parser's words.
nlohmann::json parse_stored(const std::string& text, const std::string& what) {
    auto value = nlohmann::json::parse(text, nullptr, false);
    if (value.is_discarded())
        throw store_error(what + " is not valid JSON in the store (it was changed outside mentorkit); restore the "
                                 "store from a backup");
    return value;
}

person parse_person(const std::string& text) {
    const auto profile = parse_stored(text, "a participant's profile");
    try {
        return profile.get<person>();
    } catch (const nlohmann::json::exception&) {
        throw store_error("the stored profile of '" + profile.value("id", std::string{"?"}) +
                          "' is not a profile (the store was changed outside mentorkit); restore the store from a backup");
    }
}

event read_event(const sqlite::statement& row) {
    event e;
    auto payload = parse_stored(row.column_text(5), "the payload of journal event " + std::to_string(row.column_int(0)));
    e.id = static_cast<event_id>(row.column_int(0));
    e.topic = row.column_text(1);
    e.time = time_point{std::chrono::milliseconds{row.column_int(2)}};
    e.source = row.column_text(3);
    e.correlation_id = static_cast<event_id>(row.column_int(4));
    e.payload = std::move(payload);
    return e;
}

constexpr const char* select_journal = "SELECT id, topic, time_ms, source, correlation_id, payload FROM journal";

// A store in WAL mode is read through its -shm file, which a reader makes if it is missing.
// Where the reader may not make it (a folder it cannot write to) and there is neither a
// -shm nor a -wal file — the store was closed cleanly and no writer has it open — it is
// read as immutable.
sqlite::database::mode open_mode(const std::filesystem::path& file, store_access access) {
    if (access == store_access::read_write) return sqlite::database::mode::read_write;
    const auto folder = file.has_parent_path() ? file.parent_path() : std::filesystem::path{"."};
    std::error_code ec;
    const bool wal_files = std::filesystem::exists(file.string() + "-shm", ec) ||
                           std::filesystem::exists(file.string() + "-wal", ec);
    return !wal_files && ::access(folder.c_str(), W_OK) != 0 ? sqlite::database::mode::immutable
                                                             : sqlite::database::mode::read_only;
}

std::unique_ptr<store_lock> lock_for(const std::filesystem::path& file, store_access access) {
    if (access == store_access::read_only || file == ":memory:") return nullptr;
    return std::make_unique<store_lock>(file);
}

}  // namespace

int store::latest_schema_version() { return latest_version; }

store::store(const std::filesystem::path& file, const program_identity& program, store_access access) try
    : lock_(lock_for(file, access)), db_(file, open_mode(file, access)),
      read_only_(access == store_access::read_only) {
    if (read_only_) {
        // A reader changes nothing: no journal mode switch, no migration, nothing recorded.
        if (const int version = schema_version(); version != latest_version)
            throw store_error(file.string() + ": the store's schema version " + std::to_string(version) +
                              (version > latest_version ? " is newer than this mentorkit's; use a newer mentorkit"
                                                        : " is older than this mentorkit's; a command that writes "
                                                          "to the store (such as run) upgrades it"));
        check_identity(program);
        projection_ = std::make_unique<projection>(db_);
        return;
    }
    db_.exec("PRAGMA journal_mode = WAL");
    db_.exec("PRAGMA synchronous = NORMAL");
    migrate(program);
    projection_ = std::make_unique<projection>(db_);
    insert_event_ = std::make_unique<sqlite::statement>(
        db_.prepare("INSERT INTO journal (id, topic, time_ms, source, correlation_id, payload) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    statements_.save_timer = std::make_unique<sqlite::statement>(db_.prepare(
        "INSERT OR REPLACE INTO timers (id, owner, key, due_ms, period_months, period_ms, last_ms, first_ms, fired, "
        "topic, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"));
    statements_.delete_timer = std::make_unique<sqlite::statement>(db_.prepare("DELETE FROM timers WHERE id = ?1"));
    statements_.set_meta =
        std::make_unique<sqlite::statement>(db_.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)"));
} catch (const sqlite::sqlite_error& e) {
    throw store_error(e.what());  // it names the file
}

store::~store() = default;

int store::schema_version() const {
    auto s = db_.prepare("PRAGMA user_version");
    s.step();
    return static_cast<int>(s.column_int(0));
}

void store::migrate(const program_identity& program) {
    const int version = schema_version();
    if (version > latest_version)
        throw store_error(db_.file().string() + ": the store's schema version " + std::to_string(version) +
                          " is newer than this mentorkit's (" + std::to_string(latest_version) +
                          "); use a newer mentorkit");
    for (int v = version; v < latest_version; ++v) {
        sqlite::transaction t{db_};
        db_.exec(migrations[v]);
        db_.exec("PRAGMA user_version = " + std::to_string(v + 1));
        t.commit();
    }
    check_identity(program);
}

// The id, and the start and end dates once a definition with them has opened the store: a
// store made before they were recorded learns them then.
void store::check_identity(const program_identity& program) {
    auto stored = [&](const char* key) -> std::optional<std::string> {
        auto s = db_.prepare("SELECT value FROM meta WHERE key = ?1");
        s.bind(1, key);
        if (!s.step()) return std::nullopt;
        return s.column_text(0);
    };
    auto record = [&](const char* key, const std::string& value) {
        if (!read_only_) db_.prepare("INSERT INTO meta (key, value) VALUES (?1, ?2)").bind(1, key).bind(2, value).run();
    };
    // What the store recorded first must still hold; `refusal` says why, given the recorded
    // value and the definition's.
    auto check = [&](const char* key, const std::string& value, auto refusal) {
        if (const auto recorded = stored(key)) {
            if (*recorded != value) throw store_error(db_.file().string() + ": " + refusal(*recorded));
        } else {
            record(key, value);
        }
    };
    check("program", program.id, [&](const std::string& id) {
        return "this is the store of program '" + id + "', not of '" + program.id + "'";
    });
    const auto program_named = "program '" + program.id + "'";
    if (program.start)
        check("start", format_date(*program.start), [&](const std::string& first) {
            return program_named + " started on " + first + " when this store was made, but its definition now says " +
                   format_date(*program.start) +
                   ": its journal and timers follow the first start. Put the start date back, or give the program a "
                   "new id (and a new store) to start it again";
        });
    if (program.end)
        check("end", format_date(*program.end), [&](const std::string& first) {
            return program_named + " was to end on " + first + " when this store was made, but its definition now " +
                   "ends it on " + format_date(*program.end) +
                   " (timeline.duration): its end, and the timers leading to it, were set from the first. Put the "
                   "duration back, or give the program a new id (and a new store)";
        });
}

bool store::may_hold_rehearsal(const std::filesystem::path& file) {
    try {
        sqlite::database db{file, sqlite::database::mode::read_only};
        auto kind = db.prepare("SELECT value FROM meta WHERE key = 'kind'");
        if (kind.step()) return kind.column_text(0) == "rehearsal";
        auto events = db.prepare("SELECT count(*) FROM journal");
        return events.step() && events.column_int(0) == 0;
    } catch (const sqlite::sqlite_error&) {
        return false;  // not an SQLite file, or not a store
    }
}

bool store::is_rehearsal() const { return meta("kind") == "rehearsal"; }

void store::begin_rehearsal(time_point start) {
    std::lock_guard lock{mutex_};
    sqlite::transaction t{db_};
    auto kind = db_.prepare("SELECT value FROM meta WHERE key = 'kind'");
    auto events = db_.prepare("SELECT count(*) FROM journal");
    events.step();
    if (kind.step() ? kind.column_text(0) != "rehearsal" : events.column_int(0) != 0)
        throw store_error(db_.file().string() + ": not a rehearsal's store; a program's history is never erased");
    projection_->clear();
    db_.exec("DELETE FROM journal; DELETE FROM timers; DELETE FROM meta WHERE key != 'program'");
    db_.prepare("INSERT INTO meta (key, value) VALUES ('kind', 'rehearsal'), ('start', ?1)")
        .bind(1, format_date(start))
        .run();
    t.commit();
}

void store::append(const event& e) {
    std::lock_guard lock{mutex_};
    // The projection checks the payload before it writes anything, so a refused event
    // leaves no trace, inside a batch or not, without a savepoint per event.
    auto write = [&] {
        projection_->apply(e);
        auto& s = *insert_event_;
        s.reset();
        s.bind(1, static_cast<std::int64_t>(e.id)).bind(2, e.topic);
        s.bind(3, static_cast<std::int64_t>(e.time.time_since_epoch().count())).bind(4, e.source);
        s.bind(5, static_cast<std::int64_t>(e.correlation_id)).bind(6, e.payload.dump());
        s.run();
        s.reset();
    };
    if (batch_) {
        write();
        return;
    }
    sqlite::transaction t{db_};
    write();
    t.commit();
}

store::batch::batch(store& s) : store_(s) {
    std::lock_guard lock{store_.mutex_};
    if (store_.batch_) return;  // a batch inside a batch joins it
    store_.batch_ = std::make_unique<sqlite::transaction>(store_.db_);
    outermost_ = true;
}

store::batch::~batch() {
    if (done_ || !outermost_) return;
    std::lock_guard lock{store_.mutex_};
    store_.batch_.reset();  // rolls back
}

void store::batch::commit() {
    done_ = true;
    if (!outermost_) return;
    std::lock_guard lock{store_.mutex_};
    store_.batch_->commit();
    store_.batch_.reset();
}

event_id store::last_event_id() const {
    std::lock_guard lock{mutex_};
    auto s = db_.prepare("SELECT coalesce(max(id), 0) FROM journal");
    s.step();
    return static_cast<event_id>(s.column_int(0));
}

std::size_t store::journal_size() const {
    std::lock_guard lock{mutex_};
    auto s = db_.prepare("SELECT count(*) FROM journal");
    s.step();
    return static_cast<std::size_t>(s.column_int(0));
}

std::optional<event> store::last_event() const {
    std::lock_guard lock{mutex_};
    auto s = db_.prepare(std::string{select_journal} + " ORDER BY id DESC LIMIT 1");
    if (!s.step()) return std::nullopt;
    return read_event(s);
}

std::size_t store::count(std::string_view topic) const {
    std::lock_guard lock{mutex_};
    auto s = db_.prepare("SELECT count(*) FROM journal WHERE topic = ?1");
    s.bind(1, topic);
    s.step();
    return static_cast<std::size_t>(s.column_int(0));
}

std::vector<event> store::journal(event_id after) const {
    std::lock_guard lock{mutex_};
    auto s = db_.prepare(std::string{select_journal} + " WHERE id > ?1 ORDER BY id");
    s.bind(1, static_cast<std::int64_t>(after));
    std::vector<event> out;
    while (s.step()) out.push_back(read_event(s));
    return out;
}

std::vector<event> store::journal_matching(std::string_view pattern) const {
    std::lock_guard lock{mutex_};
    std::vector<event> out;
    // An exact topic is an index lookup; a pattern has to look at every event.
    const bool exact = pattern.find_first_of("*#") == std::string_view::npos;
    auto s = db_.prepare(std::string{select_journal} + (exact ? " WHERE topic = ?1 ORDER BY id" : " ORDER BY id"));
    if (exact) s.bind(1, pattern);
    while (s.step()) {
        if (!exact && !topic_matches(pattern, s.column_text(1))) continue;
        out.push_back(read_event(s));
    }
    return out;
}

std::vector<person> store::people() const {
    std::lock_guard lock{mutex_};
    auto s = db_.prepare("SELECT profile FROM people WHERE status = 'enrolled' ORDER BY id");
    std::vector<person> out;
    while (s.step()) out.push_back(parse_person(s.column_text(0)));
    return out;
}

std::optional<person> store::find_person(const std::string& id) const {
    std::lock_guard lock{mutex_};
    auto s = db_.prepare("SELECT profile FROM people WHERE id = ?1");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return parse_person(s.column_text(0));
}

std::vector<relationship> store::relationships() const {
    std::lock_guard lock{mutex_};
    auto s = db_.prepare(
        "SELECT id, mentor_id, mentee_id, status, started_on, ended_on, close_reason FROM relationships ORDER BY id");
    std::vector<relationship> out;
    while (s.step()) {
        relationship r;
        r.id = s.column_text(0);
        r.mentor_id = s.column_text(1);
        r.mentee_id = s.column_text(2);
        r.status = parse_relationship_status(s.column_text(3)).value_or(relationship_status::active);
        r.started_on = s.column_text(4);
        r.ended_on = s.column_text(5);
        r.close_reason = s.column_text(6);
        out.push_back(std::move(r));
    }
    return out;
}

std::map<std::string, std::size_t> store::goals_per_mentee() const {
    std::lock_guard lock{mutex_};
    auto s = db_.prepare("SELECT mentee_id, count(*) FROM goals WHERE status != 'abandoned' GROUP BY mentee_id");
    std::map<std::string, std::size_t> out;
    while (s.step()) out[s.column_text(0)] = static_cast<std::size_t>(s.column_int(1));
    return out;
}

std::map<std::string, std::string> store::goal_mentees() const {
    std::lock_guard lock{mutex_};
    auto s = db_.prepare("SELECT id, mentee_id FROM goals");
    std::map<std::string, std::string> out;
    while (s.step()) out.emplace(s.column_text(0), s.column_text(1));
    return out;
}

std::set<std::pair<std::string, std::string>> store::open_proposals() const {
    std::lock_guard lock{mutex_};
    auto s = db_.prepare("SELECT mentor_id, mentee_id FROM proposals WHERE status = 'proposed'");
    std::set<std::pair<std::string, std::string>> out;
    while (s.step()) out.emplace(s.column_text(0), s.column_text(1));
    return out;
}

nlohmann::json store::snapshot() const {
    std::lock_guard lock{mutex_};
    nlohmann::json out = nlohmann::json::object();
    for (const char* table : projection::tables) {
        auto s = db_.prepare(std::string{"SELECT * FROM "} + table + " ORDER BY 1, 2");
        auto rows = nlohmann::json::array();
        while (s.step()) {
            auto row = nlohmann::json::array();
            for (int i = 0; i < s.column_count(); ++i) {
                switch (s.column_kind(i)) {
                case sqlite::statement::kind::integer: row.push_back(s.column_int(i)); break;
                case sqlite::statement::kind::real: row.push_back(s.column_double(i)); break;
                case sqlite::statement::kind::null: row.push_back(nullptr); break;
                case sqlite::statement::kind::text: row.push_back(s.column_text(i)); break;
                }
            }
            rows.push_back(std::move(row));
        }
        out[table] = std::move(rows);
    }
    return out;
}

nlohmann::json store::replayed_snapshot() const {
    store rebuilt{":memory:", program_identity{meta("program").value_or("")}};
    std::lock_guard lock{mutex_};
    auto s = db_.prepare(std::string{select_journal} + " ORDER BY id");
    store::batch one_transaction{rebuilt};
    while (s.step()) rebuilt.append(read_event(s));
    one_transaction.commit();
    return rebuilt.snapshot();
}

std::size_t store::replay() {
    std::lock_guard lock{mutex_};
    if (batch_) throw store_error("cannot replay while a batch is open");
    sqlite::transaction t{db_};
    projection_->clear();
    auto s = db_.prepare(std::string{select_journal} + " ORDER BY id");
    std::size_t n = 0;
    while (s.step()) {
        projection_->apply(read_event(s));
        ++n;
    }
    t.commit();
    return n;
}

}  // namespace mentorkit

namespace mentorkit {

std::optional<std::string> store::meta(const std::string& key) const {
    std::lock_guard lock{mutex_};
    auto s = db_.prepare("SELECT value FROM meta WHERE key = ?1");
    s.bind(1, key);
    if (!s.step()) return std::nullopt;
    return s.column_text(0);
}

void store::set_meta(const std::string& key, const std::string& value) {
    std::lock_guard lock{mutex_};
    auto& s = *statements_.set_meta;
    s.bind(1, key).bind(2, value).run();
    s.reset();
}

void store::save_timer(const timer_record& t) {
    std::lock_guard lock{mutex_};
    auto& s = *statements_.save_timer;
    s.bind(1, static_cast<std::int64_t>(t.id)).bind(2, t.owner).bind(3, t.key);
    s.bind(4, static_cast<std::int64_t>(t.due.time_since_epoch().count()));
    s.bind(5, static_cast<std::int64_t>(t.period.months)).bind(6, static_cast<std::int64_t>(t.period.exact.count()));
    if (t.last) s.bind(7, static_cast<std::int64_t>(t.last->time_since_epoch().count()));
    else s.bind_null(7);
    s.bind(8, static_cast<std::int64_t>(t.first.time_since_epoch().count())).bind(9, t.fired);
    s.bind(10, t.topic).bind(11, t.payload.dump());
    s.run();
    s.reset();
}

void store::delete_timer(timer_id id) {
    std::lock_guard lock{mutex_};
    auto& s = *statements_.delete_timer;
    s.bind(1, static_cast<std::int64_t>(id)).run();
    s.reset();
}

std::vector<timer_record> store::timers() const {
    std::lock_guard lock{mutex_};
    auto s = db_.prepare(
        "SELECT id, owner, key, due_ms, period_months, period_ms, last_ms, first_ms, fired, topic, payload FROM timers "
        "ORDER BY id");
    std::vector<timer_record> out;
    while (s.step()) {
        timer_record t;
        t.id = static_cast<timer_id>(s.column_int(0));
        t.owner = s.column_text(1);
        t.key = s.column_text(2);
        t.due = time_point{std::chrono::milliseconds{s.column_int(3)}};
        t.period = duration{static_cast<std::int32_t>(s.column_int(4)), std::chrono::milliseconds{s.column_int(5)}};
        if (!s.column_is_null(6)) t.last = time_point{std::chrono::milliseconds{s.column_int(6)}};
        t.first = time_point{std::chrono::milliseconds{s.column_int(7)}};
        t.fired = s.column_int(8);
        t.topic = s.column_text(9);
        t.payload = parse_stored(s.column_text(10), "the payload of timer " + std::to_string(t.id));
        out.push_back(std::move(t));
    }
    return out;
}

}  // namespace mentorkit
