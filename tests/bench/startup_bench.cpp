// Start-up: from nothing to the first event delivered, as `mentorkit run` does it. Read the
// shipped sample program (config/programs/engineering-2027.yaml and the template it
// extends), build the kernel (logging, clock, bus, plugin discovery: the seven role
// modules from the build's lib/mentorkit/plugins), configure the plugins for the program,
// start them, publish program.started, and stop the clock when a subscriber receives it.
//
//   startup           no store
//   startup_store     with a store created for the program first (a new SQLite file,
//                     schema migrations, every start-up event journaled), as a first run
//   dlopen_floor      the baseline: dlopen (RTLD_NOW | RTLD_LOCAL) and dlclose of the seven
//                     plugin libraries alone, the part of a start-up no kernel can skip
//
// Each phase's share is reported as a counter (milliseconds per start-up). Tearing down
// (stopping plugins, unloading libraries) is not timed.
//
//   build-release/bin/startup_bench

#include "kernel.hpp"
#include "program_loader.hpp"
#include "store/store.hpp"

#include <benchmark/benchmark.h>

#include <dlfcn.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

using namespace mentorkit;
namespace fs = std::filesystem;

namespace {

using steady = std::chrono::steady_clock;

const fs::path source_dir{MENTORKIT_SOURCE_DIR};
const fs::path plugin_dir{MENTORKIT_PLUGIN_DIR};
const fs::path program_file = source_dir / "config/programs/engineering-2027.yaml";

double ms(steady::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

struct phases {
    double program = 0, store = 0, kernel = 0, configure = 0, start = 0, first_event = 0;
};

void start_up(benchmark::State& state, bool with_store) {
    const auto db = fs::temp_directory_path() / "mentorkit-startup-bench.db";
    phases sum;
    std::size_t plugins = 0;
    for (auto _ : state) {
        for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
        const auto t0 = steady::now();
        const auto program = load_program(program_file, program_loader_options{{source_dir / "config/templates"}});
        const auto t1 = steady::now();
        std::optional<store> journal;
        if (with_store) journal.emplace(db, program.id);
        const auto t2 = steady::now();

        kernel_options options;
        options.config.plugin_paths = {plugin_dir};
        options.config.template_dirs = {source_dir / "config/templates"};
        options.config.catalog_dirs = {source_dir / "config/catalogs"};
        options.log_level = "off";
        options.simulated_start = program.start;
        options.journal = journal ? &*journal : nullptr;
        auto k = std::make_unique<kernel>(std::move(options));
        const auto t3 = steady::now();
        if (const auto errors = k->load_program(program); !errors.empty())
            throw std::runtime_error("the sample program does not load: " + errors.front().message());
        const auto t4 = steady::now();
        if (const auto failed = k->start(); !failed.empty())
            throw std::runtime_error("a plugin failed to start: " + failed.front());
        const auto t5 = steady::now();
        std::optional<steady::time_point> delivered;
        auto first = k->bus().subscribe("program.started", [&delivered](const event&) {
            if (!delivered) delivered = steady::now();
        });
        k->announce_start(program);
        if (!delivered) throw std::runtime_error("program.started was not delivered");
        state.SetIterationTime(std::chrono::duration<double>(*delivered - t0).count());

        sum.program += ms(t1 - t0);
        sum.store += ms(t2 - t1);
        sum.kernel += ms(t3 - t2);
        sum.configure += ms(t4 - t3);
        sum.start += ms(t5 - t4);
        sum.first_event += ms(*delivered - t5);
        plugins = k->plugins().status().size();
        first.reset();
        k.reset();
        journal.reset();
    }
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
    if (plugins != 7) state.SkipWithError("expected the seven role modules to run");
    const auto n = static_cast<double>(state.iterations());
    state.counters["plugins"] = static_cast<double>(plugins);
    state.counters["program_ms"] = sum.program / n;
    state.counters["store_ms"] = sum.store / n;
    state.counters["kernel_ms"] = sum.kernel / n;  // includes discovering and loading the plugins
    state.counters["configure_ms"] = sum.configure / n;
    state.counters["start_ms"] = sum.start / n;
    state.counters["first_event_ms"] = sum.first_event / n;
}

void startup(benchmark::State& state) { start_up(state, false); }
void startup_store(benchmark::State& state) { start_up(state, true); }

void dlopen_floor(benchmark::State& state) {
    std::vector<fs::path> libraries;
    for (const auto& entry : fs::directory_iterator(plugin_dir))
        if (entry.path().extension() == ".so") libraries.push_back(entry.path());
    std::sort(libraries.begin(), libraries.end());
    for (auto _ : state) {
        const auto t0 = steady::now();
        std::vector<void*> handles;
        for (const auto& file : libraries) {
            void* h = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
            if (h == nullptr) throw std::runtime_error(dlerror());
            handles.push_back(h);
        }
        state.SetIterationTime(std::chrono::duration<double>(steady::now() - t0).count());
        for (void* h : handles) dlclose(h);
    }
    state.counters["plugins"] = static_cast<double>(libraries.size());
}

}  // namespace

BENCHMARK(dlopen_floor)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(startup)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(startup_store)->UseManualTime()->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
