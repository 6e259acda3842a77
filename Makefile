# The two commands: `make demo` and `make test`. Both install what is missing, configure
# and build incrementally in build/, then run.
BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

MENTORKIT := $(BUILD_DIR)/bin/mentorkit
DEMO_PROGRAM := config/programs/engineering-2027.yaml
DEMO_DIR := $(BUILD_DIR)/demo
DEMO_STORE := --store $(DEMO_DIR)/eng-2027.db
DEMO_SCRIPT := examples/data/rehearsal-events.jsonl

.PHONY: all deps test-deps configure build demo test clean

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

clean:
	rm -rf $(BUILD_DIR)
