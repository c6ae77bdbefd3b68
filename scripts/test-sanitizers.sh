#!/usr/bin/env bash
# The unit, UI, integration, crash, fuzz-corpus and lint tests built and run under a
# sanitizer; any report fails the run (docs/reliability.md, "Sanitizers").
#   scripts/test-sanitizers.sh asan   ASan + UBSan, no recovery (build-asan/), built with
#                                     clang 14: it compiles an instrumented build in about
#                                     two thirds of GCC's time, and adds clang's warnings
#   scripts/test-sanitizers.sh tsan   ThreadSanitizer (build-tsan/, GCC; the kiosk's UI is
#                                     left out: its threads are the sync engine's, tested
#                                     here; so are the fuzz replays: one thread each)
# The end-to-end tests (the kiosk under Xvfb) run in the plain build only, the source rules
# (lint) too. The crash test runs REGIEBORD_CRASH_ROUNDS rounds (default here 40; the plain
# build runs 200).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
kind="${1:-}"
case "$kind" in
  asan) flags=(-DREGIEBORD_SANITIZE=ON -DREGIEBORD_BUILD_APP=ON
              -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14)
        labels='^(unit|integration|crash|fuzz|schema)$' ;;
  tsan) flags=(-DREGIEBORD_TSAN=ON -DREGIEBORD_BUILD_APP=OFF -DREGIEBORD_BUILD_FUZZ_REPLAY=OFF)
        labels='^(unit|integration|crash|schema)$' ;;
  *) echo "usage: $0 asan|tsan" >&2; exit 2 ;;
esac
build="${BUILD_DIR:-$root/build-$kind}"
# --fuzz: clang, its sanitizer runtimes and llvm-symbolizer (the ASan build's compiler).
"$root/scripts/install-deps.sh" --fuzz
# -O1 -g1 (line tables): what the sanitizers' own docs advise for usable speed and
# symbolized reports (file:line in every frame); it compiles in far less time than
# -O2 -g (docs/performance.md, "The test run's time"), and the sanitizer builds are two
# of the test run's four builds.
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DREGIEBORD_BUILD_TESTS=ON \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
  -DREGIEBORD_BUILD_E2E=OFF -DREGIEBORD_BUILD_BENCH=OFF -DREGIEBORD_WERROR=ON "${flags[@]}" > /dev/null
cmake --build "$build" -j "$(nproc)"
# Reports end the process with an error (halt_on_error); leaks are reports too.
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:abort_on_error=0:detect_stack_use_after_return=1"
# Leaks inside third-party libraries (fontconfig's cache, libxlsxwriter 1.1.4), and races
# inside fontconfig (uninstrumented), each named with why in tests/sanitizers/.
export LSAN_OPTIONS="suppressions=$root/tests/sanitizers/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export ASAN_SYMBOLIZER_PATH="${ASAN_SYMBOLIZER_PATH:-$(command -v llvm-symbolizer-14 || true)}"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$root/tests/sanitizers/tsan.supp"
export REGIEBORD_CRASH_ROUNDS="${REGIEBORD_CRASH_ROUNDS:-40}"
# By kind label (tests/CMakeLists.txt): not e2e (not built here), postgres or lint. Anchored,
# so that a part label (ui, hub, sync) never pulls in a test of another kind.
(cd "$build" && ctest --output-on-failure -j "$(nproc)" --timeout 900 -L "$labels")
echo "test-sanitizers.sh: $kind: all tests passed, no sanitizer report"
