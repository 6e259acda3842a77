#!/usr/bin/env bash
# Packaging test: install mentorkit into a temporary prefix, build examples/custom-plugin
# against it with find_package(mentorkit), run the example's own harness tests, then have
# the installed kernel list the plugin and deliver events to it.
# Usage: build_example.sh <mentorkit build dir> <mentorkit source dir> <scratch dir>
set -euo pipefail
build=$1
source=$2
work=$3

rm -rf "$work"
mkdir -p "$work"
prefix=$work/prefix

echo "== install into $prefix"
cmake --install "$build" --prefix "$prefix" > "$work/install.log"

echo "== build examples/custom-plugin against the installed package"
cmake -S "$source/examples/custom-plugin" -B "$work/example" -G "${CMAKE_GENERATOR:-Ninja}" \
      -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Debug > "$work/configure.log"
cmake --build "$work/example" > "$work/build.log"

echo "== run the example's own tests"
ctest --test-dir "$work/example" --output-on-failure

mkdir -p "$work/plugins"
cp "$work/example/kudos.so" "$work/plugins/"
mentorkit=$prefix/bin/mentorkit

echo "== the installed kernel lists the plugin"
"$mentorkit" plugins --plugin-path "$work/plugins" | tee "$work/plugins.txt"
grep -q '^kudos  *1\.0\.0  *recognition' "$work/plugins.txt"
grep -q '^relationship ' "$work/plugins.txt"

echo "== the installed kernel delivers events to it"
"$mentorkit" validate "$source/examples/custom-plugin/program.yaml" --plugin-path "$work/plugins"
"$mentorkit" run "$source/examples/custom-plugin/program.yaml" --plugin-path "$work/plugins" \
    --input "$source/examples/custom-plugin/events.jsonl" --trace --log-level warn > "$work/run.txt"
cat "$work/run.txt"
grep -q '"source":"kudos","time":"2027-04-20","topic":"notification.requested"' "$work/run.txt"
grep -q '"source":"relationship"' "$work/run.txt"
grep -q 'stopped cleanly' "$work/run.txt"
echo "packaging test passed"
