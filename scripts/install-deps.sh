#!/usr/bin/env bash
# Installs the Debian packages mentorkit builds and tests with. Idempotent, and a fast
# no-op when everything is present. Uses sudo when not root.
#
#     scripts/install-deps.sh            # what building and the demo need
#     scripts/install-deps.sh --tests    # and what the tests need too (a headless browser)
#     scripts/install-deps.sh --fuzz     # and clang with libFuzzer, for `make fuzz`
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libboost-dev libspdlog-dev libfmt-dev libyaml-cpp-dev nlohmann-json3-dev libcli11-dev
  libsqlite3-dev catch2 libbenchmark-dev liblemon-dev libcsv-dev libpugixml-dev
  libsigc++-3.0-dev  # a contender in the event bus benchmark (tests/bench), built with the tests
)
# The HTML report is rendered by Chromium in a test, to prove it opens and draws.
# The fuzz targets (tests/fuzz) are built by clang, whose libFuzzer runtime is packaged apart.
for option in "$@"; do
  case "$option" in
    --tests) packages+=(chromium) ;;
    --fuzz) packages+=(clang libclang-rt-14-dev) ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
