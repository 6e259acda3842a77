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

.PHONY: all deps configure build demo test clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD_DIR)/build.ninja: | deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS)

configure: $(BUILD_DIR)/build.ninja

build: deps configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

# The sample program from scratch: enrol the sample cohort, match it with explanations
# and accept the matches (the relationship module plans each kickoff), check that the
# state rebuilt from the journal is identical, then rehearse the whole program.
demo: build
	@rm -rf $(DEMO_DIR) && mkdir -p $(DEMO_DIR)
	$(MENTORKIT) plugins
	$(MENTORKIT) validate $(DEMO_PROGRAM)
	$(MENTORKIT) run $(DEMO_PROGRAM) $(DEMO_STORE) --log-level warn
	$(MENTORKIT) import $(DEMO_PROGRAM) $(DEMO_STORE) --log-level warn
	$(MENTORKIT) match $(DEMO_PROGRAM) --accept --out $(DEMO_DIR) $(DEMO_STORE) --show 15 --log-level warn
	$(MENTORKIT) replay $(DEMO_PROGRAM) $(DEMO_STORE)
	$(MENTORKIT) simulate $(DEMO_PROGRAM) --seed 1 --store $(DEMO_DIR)/rehearsal.db --journal $(DEMO_DIR)/rehearsal.jsonl --log-level warn
	@echo "demo results in $(DEMO_DIR)/: eng-2027.db (store), eng-2027-matches.csv/.json (matches with explanations), rehearsal.db and rehearsal.jsonl (the rehearsed program)"

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD_DIR)
