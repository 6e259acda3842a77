// The journal against raw SQLite: events per second through store::append, against the
// same rows inserted with one prepared sqlite3 statement (the floor), in the same schema,
// with the same pragmas (WAL, synchronous = NORMAL) and the same transactions.
//
//   append_batched / raw_batched      20,000 events in one transaction (store::batch), as
//                                     the kernel journals a month of a rehearsal
//   append_each / raw_each            2,000 events, each committed on its own, as a live
//                                     program journals an event that arrives alone
//   append_projected                  20,000 events of topics the state tables follow too
//                                     (meetings held, check-ins, goal progress): the journal
//                                     row plus a projection row per event. For information:
//                                     the floor inserts only the journal row.
//
// The rows are those the kernel writes: id, topic, time, source, correlation id and the
// payload as JSON text. The floor binds the payload text serialised beforehand; the store
// serialises it itself, which is part of what it costs.
//
//   build-release/bin/journal_bench

#include "store/store.hpp"

#include <sqlite3.h>

#include <benchmark/benchmark.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

using namespace mentorkit;

namespace {

constexpr std::size_t batched_events = 20000;
constexpr std::size_t single_events = 2000;

// n events, one every minute from the program's first day; `fill(i, e)` sets the topic and
// payload of the i-th, and the source.
template <typename Fill>
std::vector<event> events_of(std::size_t n, Fill fill) {
    std::vector<event> out;
    out.reserve(n);
    const auto start = *parse_date("2027-01-04");
    for (std::size_t i = 0; i < n; ++i) {
        event e;
        fill(i, e);
        e.time = start + std::chrono::minutes{i};
        out.push_back(std::move(e));
    }
    return out;
}

// Events a program journals that no state table follows: reminders and notices from the
// kernel, with payloads of the usual size.
std::vector<event> journal_only_events(std::size_t n) {
    return events_of(n, [](std::size_t i, event& e) {
        const auto r = "r-" + std::to_string(i % 3000);
        switch (i % 3) {
            case 0:
                e.topic = "meeting.due";
                e.payload = {
                    {"relationship_id", r}, {"meeting_id", r + "/" + std::to_string(i % 26)}, {"due_by", "2027-03-01"}};
                break;
            case 1:
                e.topic = "checkin.requested";
                e.payload = {
                    {"relationship_id", r}, {"person_id", "e-" + std::to_string(i % 3000)}, {"question", "usefulness"}};
                break;
            default:
                e.topic = "survey.sent";
                e.payload = {{"survey", "pulse"}, {"person_id", "m-" + std::to_string(i % 1000)}};
                break;
        }
        e.source = "kernel";
        e.correlation_id = i % 5 == 0 ? 0 : i;
    });
}

// Events the state tables follow as well (one projection row each).
std::vector<event> projected_events(std::size_t n) {
    return events_of(n, [](std::size_t i, event& e) {
        const auto r = "r-" + std::to_string(i % 3000);
        switch (i % 3) {
            case 0:
                e.topic = "meeting.held";
                e.payload = {{"relationship_id", r}, {"meeting_id", r + "/" + std::to_string(i % 26)}};
                break;
            case 1:
                e.topic = "checkin.submitted";
                e.payload = {{"relationship_id", r},
                             {"from", "e-" + std::to_string(i % 3000)},
                             {"rating", 4},
                             {"wellbeing", 3},
                             {"answers", {{"usefulness", 4}}}};
                break;
            default:
                e.topic = "goal.progressed";
                e.payload = {{"goal_id", "g-" + std::to_string(i % 5000)}, {"progress", static_cast<int>(i % 100)}};
                break;
        }
        e.source = "rehearsal";
    });
}

// A fresh store file for each benchmark; the raw floor writes into the very same schema.
std::filesystem::path fresh_file(const char* name) {
    const auto file = std::filesystem::temp_directory_path() / (std::string{"mentorkit-journal-bench-"} + name + ".db");
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file.string() + suffix);
    return file;
}

void remove_file(const std::filesystem::path& file) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file.string() + suffix);
}

void rates(benchmark::State& state, std::size_t per_iteration) {
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * per_iteration));
    state.counters["events"] = static_cast<double>(per_iteration);
}

void append(benchmark::State& state, const std::vector<event>& source, bool batched, const char* name) {
    const auto file = fresh_file(name);
    {
        store journal{file, "bench"};
        auto events = source;
        event_id next = 1;
        for (auto _ : state) {
            for (auto& e : events) e.id = next++;
            if (batched) {
                store::batch batch{journal};
                for (const auto& e : events) journal.append(e);
                batch.commit();
            } else {
                for (const auto& e : events) journal.append(e);
            }
        }
        if (journal.journal_size() != next - 1) state.SkipWithError("an event was not journaled");
    }
    remove_file(file);
    rates(state, source.size());
}

// The floor: one prepared INSERT, bound and stepped per row, committed like the store does.
class raw_journal {
public:
    explicit raw_journal(const std::filesystem::path& file) {
        { store schema{file, "bench"}; }  // the same tables and indexes, then closed
        if (sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK)
            throw std::runtime_error("cannot open " + file.string());
        exec("PRAGMA journal_mode = WAL");
        exec("PRAGMA synchronous = NORMAL");
        const char* sql =
            "INSERT INTO journal (id, topic, time_ms, source, correlation_id, payload) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
        if (sqlite3_prepare_v2(db_, sql, -1, &insert_, nullptr) != SQLITE_OK)
            throw std::runtime_error(sqlite3_errmsg(db_));
    }
    ~raw_journal() {
        sqlite3_finalize(insert_);
        sqlite3_close(db_);
    }
    raw_journal(const raw_journal&) = delete;
    raw_journal& operator=(const raw_journal&) = delete;

    void exec(const char* sql) {
        if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
            throw std::runtime_error(sqlite3_errmsg(db_));
    }
    void insert(std::int64_t id, const event& e, const std::string& payload) {
        sqlite3_bind_int64(insert_, 1, id);
        sqlite3_bind_text(insert_, 2, e.topic.data(), static_cast<int>(e.topic.size()), SQLITE_STATIC);
        sqlite3_bind_int64(insert_, 3, static_cast<std::int64_t>(e.time.time_since_epoch().count()));
        sqlite3_bind_text(insert_, 4, e.source.data(), static_cast<int>(e.source.size()), SQLITE_STATIC);
        sqlite3_bind_int64(insert_, 5, static_cast<std::int64_t>(e.correlation_id));
        sqlite3_bind_text(insert_, 6, payload.data(), static_cast<int>(payload.size()), SQLITE_STATIC);
        if (sqlite3_step(insert_) != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(db_));
        sqlite3_reset(insert_);
    }
    std::int64_t rows() {
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db_, "SELECT count(*) FROM journal", -1, &s, nullptr);
        sqlite3_step(s);
        const auto n = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
        return n;
    }

private:
    sqlite3* db_ = nullptr;
    sqlite3_stmt* insert_ = nullptr;
};

void raw(benchmark::State& state, const std::vector<event>& events, bool batched, const char* name) {
    std::vector<std::string> payloads;
    for (const auto& e : events) payloads.push_back(e.payload.dump());
    const auto file = fresh_file(name);
    {
        raw_journal db{file};
        std::int64_t next = 1;
        for (auto _ : state) {
            if (batched) db.exec("BEGIN IMMEDIATE");
            for (std::size_t i = 0; i < events.size(); ++i) {
                if (!batched) db.exec("BEGIN IMMEDIATE");
                db.insert(next++, events[i], payloads[i]);
                if (!batched) db.exec("COMMIT");
            }
            if (batched) db.exec("COMMIT");
        }
        if (db.rows() != next - 1) state.SkipWithError("a row was not inserted");
    }
    remove_file(file);
    rates(state, events.size());
}

void append_batched(benchmark::State& state) {
    append(state, journal_only_events(batched_events), true, "append-batched");
}
void raw_batched(benchmark::State& state) { raw(state, journal_only_events(batched_events), true, "raw-batched"); }
void append_each(benchmark::State& state) { append(state, journal_only_events(single_events), false, "append-each"); }
void raw_each(benchmark::State& state) { raw(state, journal_only_events(single_events), false, "raw-each"); }
void append_projected(benchmark::State& state) {
    append(state, projected_events(batched_events), true, "append-projected");
}

}  // namespace

BENCHMARK(raw_batched)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(append_batched)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(raw_each)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(append_each)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(append_projected)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
