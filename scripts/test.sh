#!/usr/bin/env bash
# Runs every test: installs the Debian packages, builds with tests, runs ctest,
# then the package cycle (build, install, upgrade, rollback, purge of the .debs), the
# appliance test (those packages booted in a VM), and the arm64 cross-build with its
# tests under qemu and its packages.
# The end-to-end tests start their own Xvfb and hub; nothing else is needed.
# Then the sanitizer builds (ASan + UBSan, TSan: scripts/test-sanitizers.sh); clang-tidy
# on sync/ and server/ (scripts/tidy.sh) runs beside them all, at the lowest priority.
#   SKIP_PACKAGES=1    leave out the package cycle (it needs root: dpkg -i)
#   SKIP_APPLIANCE=1   leave out the appliance test (scripts/test-appliance.sh: the packages
#                      booted in a QEMU VM; needs root for mmdebstrap)
#   SKIP_ARM64=1       leave out the arm64 cross-build and qemu run
#   SKIP_APPLIANCE_ARM64=1  leave out the arm64 appliance boot (scripts/test-appliance.sh arm64:
#                      the arm64 packages booted on QEMU's virt board, up to the board on screen)
#   SKIP_SANITIZERS=1  leave out the ASan+UBSan and TSan builds and their tests
#   SKIP_TIDY=1        leave out clang-tidy
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD_DIR:-$root/build-test}"
# Each stage's wall time and the CPU time of what it ran (user + system of the processes it
# waited for), printed at the end (docs/performance.md, "The test run's time"). On 2 cores
# the run cannot take less than half its CPU time.
stage_times=()
mark=$SECONDS
times_file="$(mktemp)"
# The children's CPU seconds so far into $cpu_now (bash's `times`, its second line:
# "XmY.YYYs XmY.YYYs"). `times` runs in this shell, never in $(...): a subshell has no
# children of its own to count (session 16's version printed 0 for every stage).
children_cpu() {
  times >"$times_file"
  cpu_now=$(tail -1 "$times_file" | tr 'ms' '  ' | awk '{ printf "%d", $1 * 60 + $2 + $3 * 60 + $4 }')
}
children_cpu
cpu_mark=$cpu_now
stage_done() {
  children_cpu
  stage_times+=("$1 $((SECONDS - mark)) s ($((cpu_now - cpu_mark)) CPU s)")
  mark=$SECONDS
  cpu_mark=$cpu_now
}
# -g1 (line tables: file:line in every backtrace) instead of -g: the packages made from
# this build are stripped anyway, and it compiles 10-20 % faster (docs/performance.md,
# "The test run's time").
BUILD_DIR="$build" "$root/scripts/build.sh" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DREGIEBORD_BUILD_TESTS=ON \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" \
  -DREGIEBORD_WERROR=ON -DCMAKE_INSTALL_PREFIX=/usr
stage_done build

# clang-tidy needs only the compile database and the sources: it runs beside the stages
# below at the lowest priority and takes the CPU they leave idle (tests waiting on a
# process, a timeout or dpkg). Its report and exit status come at the end.
tidy_pid=""
if [ "${SKIP_TIDY:-0}" != 1 ]; then
  tidy_log="$(mktemp)"
  nice -n 19 "$root/scripts/tidy.sh" "$build" >"$tidy_log" 2>&1 &
  tidy_pid=$!
  # A stage that fails ends the run: clang-tidy (tidy.sh, xargs, clang-tidy) with it.
  kill_tree() { local child; for child in $(pgrep -P "$1" || true); do kill_tree "$child"; done
                kill "$1" 2>/dev/null || true; }
  trap 'kill_tree "$tidy_pid"; rm -f "$tidy_log"' EXIT
fi

(cd "$build" && ctest --output-on-failure -j "$(nproc)" --timeout 600)
stage_done ctest

if [ "${SKIP_PACKAGES:-0}" != 1 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    # The packages are made from this same build (stripped), so nothing is compiled twice.
    BUILD_DIR="$build" REGIEBORD_RECORDER="$build/tests/crash/regiebord-crash-recorder" \
      "$root/scripts/test-packages.sh"
  elif sudo -n true 2>/dev/null; then
    sudo BUILD_DIR="$build" REGIEBORD_RECORDER="$build/tests/crash/regiebord-crash-recorder" \
      "$root/scripts/test-packages.sh"
  else
    echo "test.sh: FAILED: the package test needs root (dpkg -i); run as root or set SKIP_PACKAGES=1" >&2
    exit 1
  fi
  stage_done packages
fi

# The appliance test boots the packages just built (dist/, from test-packages.sh) in a VM
# with systemd, KMSDRM and a touchscreen (docs/appliance.md). Needs root like the package
# cycle; it builds its image first (mmdebstrap).
if [ "${SKIP_APPLIANCE:-0}" != 1 ] && [ "${SKIP_PACKAGES:-0}" != 1 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    BUILD_DIR="$build" REBUILD_IMAGE=1 "$root/scripts/test-appliance.sh" amd64
  elif sudo -n true 2>/dev/null; then
    sudo BUILD_DIR="$build" REBUILD_IMAGE=1 "$root/scripts/test-appliance.sh" amd64
  else
    echo "test.sh: FAILED: the appliance test needs root (mmdebstrap); run as root or set SKIP_APPLIANCE=1" >&2
    exit 1
  fi
  stage_done appliance
fi

if [ "${SKIP_ARM64:-0}" != 1 ]; then
  "$root/scripts/test-arm64.sh"
  stage_done arm64
  # The arm64 appliance: its image from the arm64 packages just made, the boot to the board
  # on QEMU's virt board (a Cortex-A72) with the same checks as amd64's up to there. About
  # 5 minutes, most of it the image (the packages' maintainer scripts under qemu-user).
  if [ "${SKIP_APPLIANCE_ARM64:-0}" != 1 ] && [ "${SKIP_APPLIANCE:-0}" != 1 ] && [ "${SKIP_PACKAGES:-0}" != 1 ]; then
    if [ "$(id -u)" -eq 0 ]; then
      BUILD_DIR="$build" REBUILD_IMAGE=1 "$root/scripts/test-appliance.sh" arm64
    else
      sudo BUILD_DIR="$build" REBUILD_IMAGE=1 "$root/scripts/test-appliance.sh" arm64
    fi
    stage_done "appliance arm64"
  fi
fi

if [ "${SKIP_SANITIZERS:-0}" != 1 ]; then
  "$root/scripts/test-sanitizers.sh" asan
  stage_done asan
  "$root/scripts/test-sanitizers.sh" tsan
  stage_done tsan
fi

if [ -n "$tidy_pid" ]; then
  tidy_status=0
  wait "$tidy_pid" || tidy_status=$?
  cat "$tidy_log"
  stage_done "tidy (the rest of it)"
  [ "$tidy_status" -eq 0 ] || { echo "test.sh: FAILED: clang-tidy (above)" >&2; exit 1; }
fi
children_cpu
echo "test.sh: stages: $(IFS=,; echo "${stage_times[*]}" | sed 's/,/, /g'); total $SECONDS s ($cpu_now CPU s)"
rm -f "$times_file"
echo "test.sh: all tests passed"
