# The two commands: `make demo` and `make test`. Both install what is missing, configure
# and build incrementally in build/, then run. `make bench` measures (a Release build in
# build-release/) and writes docs/benchmarks.md.
BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

MENTORKIT := $(BUILD_DIR)/bin/mentorkit
DEMO_PROGRAM := config/programs/engineering-2027.yaml
DEMO_DIR := $(BUILD_DIR)/demo
DEMO_STORE := --store $(DEMO_DIR)/eng-2027.db
DEMO_SCRIPT := examples/data/rehearsal-events.jsonl

.PHONY: all deps test-deps configure build demo test bench clean

all: build

deps:
	@scripts/install-deps.sh

test-deps:
	@scripts/install-deps.sh --tests

$(BUILD_DIR)/build.ninja: | deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS)

configure: $(BUILD_DIR)/build.ninja

build: deps configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

# The sample program from scratch: enrol the sample cohort, match it with explanations
# and accept the matches (the relationship module plans each kickoff), check that the
# state rebuilt from the journal is identical, then rehearse the whole program with all
# seven role modules and scripted organisational signals (the summary shows what each
# module did), and write its outcome report.
demo: build
	@rm -rf $(DEMO_DIR) && mkdir -p $(DEMO_DIR)
	$(MENTORKIT) plugins --details
	$(MENTORKIT) validate $(DEMO_PROGRAM)
	$(MENTORKIT) run $(DEMO_PROGRAM) $(DEMO_STORE) --log-level warn
	$(MENTORKIT) import $(DEMO_PROGRAM) $(DEMO_STORE) --log-level warn
	$(MENTORKIT) match $(DEMO_PROGRAM) --accept --out $(DEMO_DIR) $(DEMO_STORE) --show 15 --log-level warn
	$(MENTORKIT) replay $(DEMO_PROGRAM) $(DEMO_STORE)
	$(MENTORKIT) simulate $(DEMO_PROGRAM) --seed 1 --store $(DEMO_DIR)/rehearsal.db --journal $(DEMO_DIR)/rehearsal.jsonl --input $(DEMO_SCRIPT) --log-level warn
	$(MENTORKIT) report $(DEMO_PROGRAM) --store $(DEMO_DIR)/rehearsal.db --out $(DEMO_DIR)/report.html
	$(MENTORKIT) report $(DEMO_PROGRAM) --store $(DEMO_DIR)/rehearsal.db --format json --out $(DEMO_DIR)/report.json
	@echo "demo results in $(DEMO_DIR)/: eng-2027.db (store), eng-2027-matches.csv/.json (matches with explanations), rehearsal.db and rehearsal.jsonl (the rehearsed program)"
	@echo "the rehearsed program's outcome report (open it in a browser): $(abspath $(DEMO_DIR))/report.html"

test: build test-deps
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

# The benchmarks under tests/bench/ on a Release build of their own, each run writing JSON,
# then docs/benchmarks.md from the results (machine, date, commit, a table per area with
# the ratio to its baseline, and each goal met or missed). About 10 minutes on 2 cores,
# building included; run it on an otherwise idle machine.
BENCH_DIR ?= build-release
BENCH_JOBS ?= 2
BENCH_RESULTS := $(BENCH_DIR)/bench-results
BENCH_RUN = $(BENCH_DIR)/bin/$(1) --benchmark_out=$(BENCH_RESULTS)/$(1).json --benchmark_out_format=json $(2)
# Repetitions in random order, so a burst of load elsewhere spreads over several benchmarks
# instead of spoiling every repetition of one; the JSON keeps every repetition, and the page
# reports the fastest of each (the console shows only the aggregates).
BENCH_REPEATED := --benchmark_enable_random_interleaving=true --benchmark_display_aggregates_only=true

bench: deps
	@rm -rf $(BENCH_RESULTS) && mkdir -p $(BENCH_RESULTS) && date +%s > $(BENCH_RESULTS)/started
	cmake -S . -B $(BENCH_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DMENTORKIT_BUILD_TESTS=ON -DMENTORKIT_BUILD_BENCHMARKS=ON
	cmake --build $(BENCH_DIR) -j $(BENCH_JOBS) --target benchmarks
	@date +%s > $(BENCH_RESULTS)/built
	$(call BENCH_RUN,bus_bench,--benchmark_repetitions=10 --benchmark_min_time=0.1 $(BENCH_REPEATED))
	$(call BENCH_RUN,journal_bench,--benchmark_repetitions=5 --benchmark_min_time=0.2 $(BENCH_REPEATED))
	$(call BENCH_RUN,startup_bench,--benchmark_repetitions=5 --benchmark_min_time=0.2 $(BENCH_REPEATED))
	$(call BENCH_RUN,rehearsal_bench,--benchmark_repetitions=2 $(BENCH_REPEATED))
	$(call BENCH_RUN,matching_bench)
	@date +%s > $(BENCH_RESULTS)/finished
	python3 scripts/bench_report.py $(BENCH_RESULTS) docs/benchmarks.md

clean:
	rm -rf $(BUILD_DIR)

# Fuzzing (docs/reliability.md): each reader of a person's files under libFuzzer with ASan
# and UBSan, built by clang in build-fuzz/, run for FUZZ_SECONDS from the seeds in
# tests/fuzz/corpus/<reader>/. What the fuzzer learns stays in build-fuzz/corpus/; a crash,
# a sanitizer report, a timeout or an undocumented exception leaves its input in
# build-fuzz/findings/, and the run goes on to the next reader and fails at the end. The
# outer timeout bounds libFuzzer's own timeout report, which was once seen to hang.
FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_JOBS ?= 2
FUZZ_INPUTS := $(notdir $(wildcard tests/fuzz/corpus/*))

.PHONY: fuzz sanitize
fuzz:
	@scripts/install-deps.sh --fuzz
	CXX=clang++ cmake -S . -B $(FUZZ_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMENTORKIT_FUZZ=ON -DMENTORKIT_BUILD_BENCHMARKS=OFF
	cmake --build $(FUZZ_DIR) -j $(FUZZ_JOBS) --target fuzz_targets
	@failed=""; for input in $(FUZZ_INPUTS); do \
	  mkdir -p $(FUZZ_DIR)/corpus/$$input $(FUZZ_DIR)/findings; \
	  echo "== fuzzing $$input for $(FUZZ_SECONDS) s"; \
	  timeout --signal=KILL $$(($(FUZZ_SECONDS) + 60)) \
	  $(FUZZ_DIR)/bin/fuzz_$$input -max_total_time=$(FUZZ_SECONDS) -timeout=10 -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_DIR)/findings/$$input- $(FUZZ_DIR)/corpus/$$input tests/fuzz/corpus/$$input \
	    || failed="$$failed $$input"; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzzing found problems in:$$failed (inputs in $(FUZZ_DIR)/findings/)"; exit 1; fi

# Sanitizers (docs/reliability.md): the whole suite under ASan+UBSan in build-asan/ (any
# UBSan report fails its test), then the bus, runtime and timer tests under TSan in
# build-tsan/, where only kernel_test is built. Times on 2 cores are in docs/reliability.md.
SANITIZE_JOBS ?= 2
TSAN_FLAGS := -fsanitize=thread

sanitize: deps test-deps
	cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMENTORKIT_SANITIZE=ON -DMENTORKIT_BUILD_BENCHMARKS=OFF
	cmake --build build-asan -j $(SANITIZE_JOBS)
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ctest --test-dir build-asan --output-on-failure -j $(SANITIZE_JOBS)
	cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMENTORKIT_BUILD_BENCHMARKS=OFF \
	  -DCMAKE_CXX_FLAGS="$(TSAN_FLAGS)" -DCMAKE_EXE_LINKER_FLAGS="$(TSAN_FLAGS)" -DCMAKE_MODULE_LINKER_FLAGS="$(TSAN_FLAGS)"
	cmake --build build-tsan -j $(SANITIZE_JOBS) --target kernel_test
	TSAN_OPTIONS=halt_on_error=1 build-tsan/bin/kernel_test "[bus],[runtime],[timers]"
