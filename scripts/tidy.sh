#!/usr/bin/env bash
# clang-tidy, with the checks in .clang-tidy (bugprone, clang-analyzer, cert, concurrency), on
# every sync/*.cpp and server/*.cpp and the headers of sync/ and server/ they include. Prints
# every warning and error and exits 1 when there is one, 0 when there is none.
#   tidy.sh [BUILD_DIR]   the compile database of BUILD_DIR (or $BUILD_DIR; default build-test, which
#                         scripts/test.sh builds); configured here if it has none
#   CLANG_TIDY=...        another clang-tidy (default clang-tidy-14, Debian 12's, which
#                         .clang-tidy is written for; a newer one has more checks)
# One clang-tidy per file, on all nproc cores. Measured on 2 cores that other builds shared:
# 2.5 to 3.5 minutes (21 files, about 3.5 CPU-minutes in all; sync/protocol.cpp alone 30 s).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$(realpath -m "${1:-${BUILD_DIR:-$root/build-test}}")"
tidy="${CLANG_TIDY:-$(command -v clang-tidy-14 || command -v clang-tidy || true)}"
if [ -z "$tidy" ]; then
  echo "tidy.sh: FAILED: no clang-tidy (package clang-tidy-14; scripts/install-deps.sh installs it)" >&2
  exit 1
fi

if [ ! -f "$build/compile_commands.json" ]; then
  echo "tidy.sh: configuring $build for its compile database"
  options=(-DCMAKE_EXPORT_COMPILE_COMMANDS=ON)
  if [ ! -f "$build/CMakeCache.txt" ]; then # a new build directory: as scripts/test.sh makes it
    options+=(-G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DREGIEBORD_BUILD_TESTS=ON -DREGIEBORD_WERROR=ON)
  fi
  cmake -S "$root" -B "$build" "${options[@]}" >/dev/null
fi

logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
cd "$root"
files=(sync/*.cpp server/*.cpp)
# One log per file, so that the output of parallel runs does not interleave.
# --warnings-as-errors: clang-tidy's exit code says whether there was a warning.
# -Wno-unknown-warning-option: the database holds GCC's flags; a GCC-only one (-Wno-restrict)
# is no error for clang.
export tidy build logs
printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -I{} bash -c \
  '"$tidy" -p "$build" --quiet --warnings-as-errors="*" --extra-arg=-Wno-unknown-warning-option \
     "$1" >"$logs/${1//\//_}.log" 2>&1 || echo "$1" >>"$logs/failed"' _ {}

if [ ! -s "$logs/failed" ]; then
  echo "tidy.sh: ${#files[@]} files, no warnings"
  exit 0
fi
while read -r file; do
  echo "== $file"
  grep -v -E '^[0-9]+ (warnings?|errors?)( and [0-9]+ errors?)? generated\.$' "$logs/${file//\//_}.log" || true
done < <(sort "$logs/failed")
echo "tidy.sh: FAILED: clang-tidy found something in $(wc -l <"$logs/failed") of ${#files[@]} files" >&2
exit 1
