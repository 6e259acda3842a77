# The two commands: `make demo` and `make test`. Both install what is missing, configure
# and build incrementally in build/, then run.
BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

MENTORKIT := $(BUILD_DIR)/bin/mentorkit
DEMO_PROGRAM := config/programs/engineering-2027.yaml
DEMO_INPUT := examples/data/demo-events.jsonl

.PHONY: all deps configure build demo test clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD_DIR)/build.ninja: | deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS)

configure: $(BUILD_DIR)/build.ninja

build: deps configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

demo: build
	$(MENTORKIT) plugins
	$(MENTORKIT) validate $(DEMO_PROGRAM)
	$(MENTORKIT) run $(DEMO_PROGRAM) --input $(DEMO_INPUT) --trace

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD_DIR)
