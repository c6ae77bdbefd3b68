#!/usr/bin/env bash
# Fuzzes Regiebord's decoders of outside bytes with libFuzzer (tests/fuzz/README.md).
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
# SECONDS_PER_TARGET (default 60) is wall time per target; each target runs that long as
# one libFuzzer job per core (nproc), so a target gets SECONDS x nproc CPU seconds: for
# one CPU-hour per target on 2 cores, `scripts/fuzz.sh 1800`. TARGETs are names such as
# outbox_salvage (or fuzz_outbox_salvage); default: all of them, one after another.
#
# Builds with clang, ASan and UBSan into build-fuzz/ (REGIEBORD_FUZZ=ON; installs what it
# needs with scripts/install-deps.sh --fuzz). Each target starts from its corpus in
# tests/fuzz/corpus/<target>/ (read only) and writes:
#   build-fuzz/corpus/<target>/    new inputs (a scratch corpus, kept between runs);
#                                   to keep some, minimise them first (-merge=1) into the repo
#   build-fuzz/crashes/<target>/   crash-*, leak-*, timeout-*, oom-* inputs
#   build-fuzz/logs/<target>/      libFuzzer's log of each job
# and finally one line per target, a markdown table: executions, executions per second,
# CPU seconds, coverage (edges and features) with the seeds alone and with the scratch
# corpus added, and crashes. Exits 1 when any target left a crash.
#   FUZZ_JOBS=N   jobs per target instead of nproc
#   FUZZ_ARGS=... extra libFuzzer flags (e.g. -max_len=4096)
#   FUZZ_UNTIL_CPU=S  run each target in rounds of SECONDS until the campaign ledger
#                 holds at least S CPU seconds for it (a campaign can span days and
#                 share the machine: run it under `nice -n 19`, which this script also
#                 gives its autogroup)
# Every run of a target is added to the campaign ledger tests/fuzz/campaign.tsv (date,
# target, wall s, jobs, executions, CPU s, coverage, crashes; lines with # are notes). It
# is in the repository, so a campaign spread over days and machines is not lost with a
# build directory: commit it after a run. `scripts/fuzz.sh --ledger` prints its sums per
# target, the figures docs/reliability.md records.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD_DIR:-$root/build-fuzz}"
ledger="$root/tests/fuzz/campaign.tsv"
if [ "${1:-}" = --ledger ]; then
  [ -f "$ledger" ] || { echo "fuzz.sh: no campaign yet ($ledger)" >&2; exit 1; }
  echo "| target | runs | executions | CPU s | CPU hours | coverage (edges) at the last run | crashes |"
  echo "| --- | --: | --: | --: | --: | --: | --: |"
  awk -F'\t' '/^#/ { next } { runs[$2]++; ex[$2] += $5; cpu[$2] += $6; cov[$2] = $7; cr[$2] += $8 }
    END { for (t in runs) printf "| %s | %d | %d | %d | %.2f | %s | %d |\n", t, runs[t], ex[t], cpu[t], cpu[t] / 3600, cov[t], cr[t] }' \
    "$ledger" | sort
  exit 0
fi
seconds="${1:-60}"
[ $# -gt 0 ] && shift
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "usage: $0 [SECONDS_PER_TARGET] [TARGET...]" >&2
  exit 2
fi
jobs="${FUZZ_JOBS:-$(nproc)}"
until_cpu="${FUZZ_UNTIL_CPU:-0}"

"$root/scripts/install-deps.sh" --fuzz
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 -DREGIEBORD_FUZZ=ON \
  -DREGIEBORD_BUILD_TESTS=OFF -DREGIEBORD_BUILD_BENCH=OFF -DREGIEBORD_HARDENING=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target regiebord_fuzz

all=()
for src in "$root"/tests/fuzz/fuzz_*.cpp; do
  name=$(basename "$src" .cpp)
  all+=("${name#fuzz_}")
done
targets=()
for t in "${@:-${all[@]}}"; do
  t="${t#fuzz_}"
  if [ ! -x "$build/tests/fuzz/fuzz_$t" ]; then
    echo "fuzz.sh: no target $t; the targets are: ${all[*]}" >&2
    exit 2
  fi
  targets+=("$t")
done

# Under `nice`, the session's autogroup gets the same niceness: with autogroup scheduling
# (the kernel default) a campaign started from its own session (setsid, a new terminal)
# otherwise takes a full core from the day's builds whatever its nice value.
if [ "$(nice)" -gt 0 ] && [ -w /proc/self/autogroup ]; then
  echo "$(nice)" >/proc/self/autogroup 2>/dev/null || true
fi

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
export ASAN_SYMBOLIZER_PATH="${ASAN_SYMBOLIZER_PATH:-$(command -v llvm-symbolizer-14 || true)}"

# "cov ft" of a replay of the given corpus directories (-runs=0: every input once); an input
# that crashes the replay is saved to the target's crash directory like any other.
coverage() {
  local bin="$1" crashes="$2"
  shift 2
  "$bin" -runs=0 -artifact_prefix="$crashes/" "$@" 2>&1 |
    sed -n 's/.*INITED cov: \([0-9]*\) ft: \([0-9]*\).*/\1 \2/p' | tail -1
}

ledger_cpu() {
  [ -f "$ledger" ] || { echo 0; return; }
  awk -F'\t' -v t="$1" '!/^#/ && $2 == t { s += $6 } END { print s + 0 }' "$ledger"
}

rows=()
crashed=0
run_target() {
  local t="$1"
  bin="$build/tests/fuzz/fuzz_$t"
  seeds="$root/tests/fuzz/corpus/$t"
  scratch="$build/corpus/$t"
  crashes="$build/crashes/$t"
  logs="$build/logs/$t"
  mkdir -p "$scratch" "$crashes"
  rm -rf "$logs"
  mkdir -p "$logs"
  dict=()
  case "$t" in
    kiosk_config | hub_config) dict=(-dict="$root/tests/fuzz/config.dict") ;;
    board_* | changes | apply_delta | decision_* | error_response | heartbeat) dict=(-dict="$root/tests/fuzz/protocol.dict") ;;
  esac
  read -r cov0 ft0 <<<"$(coverage "$bin" "$crashes" "$seeds")"
  echo "fuzz.sh: $t for ${seconds} s, $jobs job(s); seeds: cov $cov0 ft $ft0"
  # New inputs go to the first directory (the scratch corpus); the seeds are only read.
  TIMEFORMAT='%R %U %S'
  { time (cd "$logs" && "$bin" -jobs="$jobs" -workers="$jobs" -max_total_time="$seconds" -timeout=10 \
      -print_final_stats=1 -artifact_prefix="$crashes/" "${dict[@]}" ${FUZZ_ARGS:-} \
      "$scratch" "$seeds" >"$logs/main.log" 2>&1) || true; } 2>"$logs/time"
  read -r real user sys <"$logs/time"
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.0f", u + s }')
  execs=$(cat "$logs"/fuzz-*.log 2>/dev/null | sed -n 's/^stat::number_of_executed_units: *//p' |
    awk '{ n += $1 } END { print n + 0 }')
  # Per second of the run's wall time: a job that crashes stops early.
  rate=$(awk -v n="$execs" -v s="$real" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
  read -r cov1 ft1 <<<"$(coverage "$bin" "$crashes" "$seeds" "$scratch")"
  # A timeout is wall time: a campaign under `nice -n 19` beside the day's builds can be
  # starved for seconds. Each timeout input is run again alone; one that then takes under a
  # tenth of the limit was the machine, not the input: it goes to unreproduced/ (kept, not
  # counted). One that is slow again is a finding like a crash.
  for slow in "$crashes"/timeout-*; do
    [ -f "$slow" ] || continue
    start=$(date +%s%N)
    if "$bin" -timeout=10 -runs=1 "$slow" >/dev/null 2>&1 &&
      [ $(( ($(date +%s%N) - start) / 1000000 )) -lt 1000 ]; then
      mkdir -p "$crashes/unreproduced"
      mv "$slow" "$crashes/unreproduced/"
      echo "fuzz.sh: $t: $(basename "$slow") ran in under 1 s alone: a starved machine, not counted"
    fi
  done
  found=$(find "$crashes" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
  [ "$found" -gt 0 ] && crashed=1
  inputs=$(find "$scratch" -type f | wc -l)
  rows+=("| $t | $seconds | $jobs | $execs | $rate | $cpu | $cov0 → $cov1 (+$((cov1 - cov0))) | $ft0 → $ft1 | $inputs | $found |")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$t" "$real" "$jobs" "$execs" "$cpu" "$cov1" "$found" >>"$ledger"
  echo "fuzz.sh: $t: $execs executions, $rate/s, ${cpu} CPU s, cov $cov0 → $cov1, $found crash(es); ledger: $(ledger_cpu "$t") CPU s"
}

for t in "${targets[@]}"; do
  run_target "$t"
  while [ "$until_cpu" -gt 0 ] && [ "$(ledger_cpu "$t")" -lt "$until_cpu" ] && [ "$crashed" -eq 0 ]; do
    run_target "$t"
  done
done

echo
echo "| target | seconds | jobs | executions | exec/s | CPU s | coverage (edges, seeds → end) | features | scratch inputs | crashes |"
echo "| --- | --: | --: | --: | --: | --: | --- | --- | --: | --: |"
printf '%s\n' "${rows[@]}"
if [ "$crashed" -ne 0 ]; then
  echo "fuzz.sh: crashes in $build/crashes/ (reproduce: build-fuzz/tests/fuzz/fuzz_TARGET FILE)" >&2
  exit 1
fi
