#!/usr/bin/env bash
# Runs every test: installs the Debian packages, builds with tests, runs ctest.
# The end-to-end tests start their own Xvfb and hub; nothing else is needed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD_DIR:-$root/build-test}"
BUILD_DIR="$build" "$root/scripts/build.sh" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DREGIEBORD_BUILD_TESTS=ON \
  -DREGIEBORD_WERROR=ON
cd "$build"
ctest --output-on-failure -j "$(nproc)" --timeout 600
