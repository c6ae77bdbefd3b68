#!/usr/bin/env bash
# Cross-builds Regiebord for arm64 (aarch64) into build-arm64/ and runs its tests
# under qemu-user: the sync unit tests, the kiosk's view-logic tests (no window),
# the integration tests against the real hub (TLS and the fault proxy included),
# the SIGKILL crash test and the protocol-schema check. Children the tests start
# (hub, crash recorder) run through qemu too (REGIEBORD_TEST_EMULATOR, see
# tests/CMakeLists.txt), so binfmt_misc need not be registered.
#
# Then builds the arm64 packages from this build (scripts/build-packages.sh) and
# inspects them: architecture, dependencies found by dpkg-shlibdeps in the arm64
# binaries, the packaged binary running under qemu, lintian.
#
# Not built: the end-to-end tests. They need Xvfb and a GPU-less arm64 SDL/OpenGL
# stack under emulation; out of scope here. The kiosk itself is built (and must link
# against the arm64 libimgui.a), just not run.
#
# The crash test runs 50 rounds under qemu (REGIEBORD_CRASH_ROUNDS; one set in the
# environment wins): the native build runs its 200, and under emulation each round
# costs about ten times as much CPU, all of it on the test run's clock.
#
# Built -O2 without debug information: the cross build is the slowest part of
# the test run, and the packages made from it are stripped anyway.
#
# Installs what it needs (scripts/install-deps.sh --arm64). Extra arguments go
# to cmake's configure step. BUILD_DIR overrides build-arm64/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD_DIR:-$root/build-arm64}"
start=$SECONDS

"$root/scripts/install-deps.sh" --arm64

cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_TOOLCHAIN_FILE="$root/cmake/aarch64-linux-gnu.cmake" \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" -DCMAKE_C_FLAGS_RELEASE="-O2 -DNDEBUG" \
  -DREGIEBORD_BUILD_TESTS=ON -DREGIEBORD_BUILD_APP=ON -DREGIEBORD_BUILD_HUB=ON \
  -DREGIEBORD_BUILD_BENCH=OFF -DREGIEBORD_BUILD_E2E=OFF -DREGIEBORD_WERROR=ON -DCMAKE_INSTALL_PREFIX=/usr "$@" >/dev/null
cmake --build "$build" -j "$(nproc)"
built=$SECONDS

# Every binary the tests run must be arm64 (a host binary here would pass without
# testing anything under emulation).
binaries=(
  tests/regiebord_sync_tests tests/regiebord_ui_tests
  tests/integration/regiebord_integration_tests
  tests/crash/regiebord_crash_tests tests/crash/regiebord-crash-recorder
  server/regiebord-hub app/regiebord
)
for b in "${binaries[@]}"; do
  if ! file -b "$build/$b" | grep -q "ARM aarch64"; then
    echo "test-arm64: $b is not an arm64 binary: $(file -b "$build/$b")" >&2
    exit 1
  fi
done
echo "test-arm64: ${#binaries[@]} binaries are ARM aarch64"

cd "$build"
log="$build/ctest-arm64.log"
export REGIEBORD_CRASH_ROUNDS="${REGIEBORD_CRASH_ROUNDS:-50}"
status=0
# Not the web pages (label web): Chromium and its checks run on the host either way, and
# the hub's web code under emulation is what the unit tests already run here.
ctest --output-on-failure -j "$(nproc)" --timeout 600 -LE '^web$' 2>&1 | tee "$log" || status=$?

# ctest closes with "NN% tests passed, F tests failed out of T".
summary=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -1 || true)
if [ -z "$summary" ]; then
  echo "test-arm64: ctest printed no summary" >&2
  exit 1
fi
failed=$(sed -E 's/.* ([0-9]+) tests? failed out of.*/\1/' <<<"$summary")
total=$(sed -E 's/.* out of ([0-9]+)$/\1/' <<<"$summary")
tested=$SECONDS
[ "$status" -eq 0 ] || { echo "arm64: $((total - failed)) passed, $failed failed"; exit "$status"; }

# The arm64 packages, made from this same (tested) build, and inspected.
cd "$root"
rm -f dist/regiebord*_arm64.deb
BUILD_DIR="$build" DEB_REVISION=1 scripts/build-packages.sh arm64
version=$(sed -n 's/^project(regiebord VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)-1
for pkg in regiebord regiebord-hub; do
  deb="dist/${pkg}_${version}_arm64.deb"
  dpkg-deb -I "$deb"
  info=$(dpkg-deb -f "$deb" Architecture Depends)
  grep -qx "Architecture: arm64" <<<"$info" || { echo "test-arm64: $deb is not Architecture: arm64" >&2; exit 1; }
  # shlibdeps read the arm64 binaries: their libraries must be in Depends.
  for lib in libc6 libsqlite3-0 libsystemd0; do
    grep -q "$lib" <<<"$info" || { echo "test-arm64: $deb does not depend on $lib" >&2; exit 1; }
  done
  if [ "$pkg" = regiebord ]; then
    for lib in libsdl2-2.0-0 libcurl4 libssl3; do
      grep -q "$lib" <<<"$info" || { echo "test-arm64: $deb does not depend on $lib" >&2; exit 1; }
    done
  fi
  if [ "$pkg" = regiebord-hub ]; then
    # The besluitenlijst's PDF: pango and cairo (shlibdeps), and its font (listed by hand); the
    # workbook's export (libxlsxwriter) and import (libzip, pugixml), all from shlibdeps.
    for lib in libcairo2 libpango-1.0-0 libpangocairo-1.0-0 fonts-dejavu-core libxlsxwriter4 libzip4 libpugixml1v5; do
      grep -q "$lib" <<<"$info" || { echo "test-arm64: $deb does not depend on $lib" >&2; exit 1; }
    done
  fi
  tmpdir=$(mktemp -d)
  dpkg-deb -x "$deb" "$tmpdir"
  bin="$tmpdir/usr/bin/$pkg"
  file -b "$bin" | grep -q "ARM aarch64" || { echo "test-arm64: $bin in $deb is not arm64" >&2; exit 1; }
  # The packaged (stripped) binary runs under qemu.
  qemu-aarch64-static -L /usr/aarch64-linux-gnu "$bin" --version | grep -qx "$pkg ${version%-1}" ||
    { echo "test-arm64: the packaged $pkg does not run under qemu" >&2; exit 1; }
  rm -rf "$tmpdir"
  echo "test-arm64: $deb: arm64, dependencies from its binaries, runs under qemu"
done
lintian --fail-on error,warning dist/regiebord_"$version"_arm64.deb dist/regiebord-hub_"$version"_arm64.deb
echo "test-arm64: lintian: no errors or warnings on the arm64 packages"

echo "test-arm64: build $((built - start)) s, tests $((tested - built)) s, packages $((SECONDS - tested)) s (e2e not built)"
echo "arm64: $((total - failed)) passed, $failed failed; packages built and inspected"
