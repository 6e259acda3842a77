// The rehearsal at scale: a 12-month program with 10,000 relationships, every event
// journaled in SQLite, against the same rehearsal with no journal (the baseline, run in
// the same process: the ratio is what this machine's noise leaves comparable).

#include "logging.hpp"
#include "runtime/program_runtime.hpp"
#include "runtime/rehearsal.hpp"
#include "runtime/timer_service.hpp"

#include <benchmark/benchmark.h>

#include <filesystem>
#include <memory>

using namespace mentorkit;

namespace {

runtime_settings twelve_months() {
    runtime_settings s;
    s.program_id = "bench";
    s.start = *parse_date("2027-01-04");
    s.end = s.start + duration{12, {}};
    s.cadence = *parse_duration("2w");
    s.phases = {{"kickoff", *parse_duration("0d"), ""}, {"closing", duration{11, {}}, ""}};
    s.surveys = {{"pulse", *parse_duration("30d")}, {"final", std::nullopt}};
    s.checkin_questions = nlohmann::json::array({{{"id", "usefulness"}, {"text", "How useful?"}}});
    return s;
}

void rehearse(benchmark::State& state, bool journaled) {
    const auto relationships = static_cast<int>(state.range(0));
    const auto file = std::filesystem::temp_directory_path() / "mentorkit-rehearsal-bench.db";
    std::size_t events = 0;
    for (auto _ : state) {
        for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file.string() + suffix);
        const auto settings = twelve_months();
        simulated_clock clock{settings.start};
        log_hub logs{"off"};
        std::unique_ptr<store> journal;
        if (journaled) journal = std::make_unique<store>(file, "bench");
        in_process_bus bus{bus_options{}, logs.make("bus"), clock};
        if (journal) bus.add_observer([&journal](const event& e) { journal->append(e); });
        timer_service timers{bus, clock, journal.get()};
        auto scheduler = timers.scoped("kernel");
        program_runtime runtime{bus, *scheduler, settings, {}};
        auto rehearsal_timers = timers.scoped("rehearsal");
        rehearsal_model model{bus, *rehearsal_timers, behaviour_settings{}, 1, 0.46, {}};

        auto in_batch = [&journal](auto&& step) {
            std::optional<store::batch> batch;
            if (journal) batch.emplace(*journal);
            step();
            if (batch) batch->commit();
        };
        in_batch([&] {
            bus.publish("program.started", {{"program", "bench"}});
            for (int i = 0; i < relationships; ++i)
                bus.publish("relationship.started", {{"relationship_id", "r-" + std::to_string(i)},
                                                     {"mentor_id", "m-" + std::to_string(i / 3)},
                                                     {"mentee_id", "e-" + std::to_string(i)}});
        });
        for (int month = 1; month <= 12; ++month)
            in_batch([&] { timers.advance(clock, settings.start + duration{month, {}}); });
        events = bus.published_count();
    }
    state.counters["events"] = static_cast<double>(events);
    state.counters["events_per_s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}

void rehearsal_without_journal(benchmark::State& state) { rehearse(state, false); }
void rehearsal_journaled(benchmark::State& state) { rehearse(state, true); }

}  // namespace

BENCHMARK(rehearsal_without_journal)->Arg(10000)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();
BENCHMARK(rehearsal_journaled)->Arg(10000)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

BENCHMARK_MAIN();
