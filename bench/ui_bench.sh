#!/usr/bin/env bash
# The kiosk UI benchmark (not part of ctest; see docs/performance.md, "Kiosk UI").
# In one run, under an Xvfb of its own, against real regiebord-hub processes:
#   1. idle CPU of the kiosk, normal vs --redraw-always (demo board), % of one core
#   2. frames drawn per idle minute, both modes
#   3. process start -> first frame, starting from the cache with the hub down
#   4. RSS/Pss of the kiosk (demo board, 10k board) next to a bare SDL window
#   5. frame time on the afspraken screen with --redraw-always, 100 vs 10k agreements
# and prints a Markdown table of the figures with the goals.
#
# Environment (defaults in brackets):
#   BUILD_DIR                 build directory [$root/build-bench]; built here (Release) if needed
#   UI_BENCH_SECONDS          idle measurement window per mode, seconds [60]
#   UI_BENCH_SETTLE           settle time before any measurement, seconds [5]
#   UI_BENCH_STARTS           number of starts from the cache [10]
#   UI_BENCH_COOL             quiet seconds before the starts (after the busy run) [30]
#   UI_BENCH_FRAME_SECONDS    --redraw-always run per board size, seconds [10]
#   UI_BENCH_SMALL / UI_BENCH_BIG   agreements of the two generated boards [100 / 10000]
#   UI_BENCH_RENDERER         --renderer for the kiosk and the bare window [software]
#                             (the kiosk's own default "auto" picks opengl when the
#                             X server has GLX, as Xvfb does, via Mesa llvmpipe)
#   UI_BENCH_OUT              where logs, databases and results.md go [$root/out/ui-bench]
# Quick run: UI_BENCH_SECONDS=20 bench/ui_bench.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$root/build-bench}"
idle_s="${UI_BENCH_SECONDS:-60}"
settle_s="${UI_BENCH_SETTLE:-5}"
starts="${UI_BENCH_STARTS:-10}"
cool_s="${UI_BENCH_COOL:-30}"
frame_s="${UI_BENCH_FRAME_SECONDS:-10}"
small_n="${UI_BENCH_SMALL:-100}"
big_n="${UI_BENCH_BIG:-10000}"
renderer="${UI_BENCH_RENDERER:-software}"
out="${UI_BENCH_OUT:-$root/out/ui-bench}"
size=1920x1080
clk_tck=$(getconf CLK_TCK)

log() { echo "ui_bench: $*" >&2; }
die() { log "$*"; exit 1; }

for tool in Xvfb python3 cmake awk; do
  command -v "$tool" > /dev/null || die "$tool is missing"
done

# --- build -----------------------------------------------------------------
if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
  log "configuring $BUILD_DIR (Release)"
  cmake -S "$root" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DREGIEBORD_BUILD_BENCH=ON \
    -DREGIEBORD_BUILD_TESTS=OFF > /dev/null
fi
log "building regiebord, regiebord-hub, regiebord-bare-window in $BUILD_DIR"
cmake --build "$BUILD_DIR" -j2 --target regiebord regiebord-hub regiebord-bare-window > /dev/null
kiosk_bin="$BUILD_DIR/app/regiebord"
hub_bin="$BUILD_DIR/server/regiebord-hub"
bare_bin="$BUILD_DIR/bench/regiebord-bare-window"
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD_DIR/CMakeCache.txt")

rm -rf "$out"
mkdir -p "$out"

# --- process bookkeeping ---------------------------------------------------
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done
  wait 2> /dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%s\", $* }"; }
# utime + stime of a process (all its threads), in clock ticks.
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
# busy and total jiffies of the whole machine (for the load column).
machine_jiffies() { awk '/^cpu / { print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9 }' /proc/stat; }
rss_mb() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
pss_mb() { awk '/^Pss:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/smaps_rollup"; }
load1() { cut -d' ' -f1-3 /proc/loadavg; }

# --- Xvfb ------------------------------------------------------------------
display=""
for ((n = 100 + $$ % 300; n < 1000; n++)); do
  [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || { display=":$n"; break; }
done
[ -n "$display" ] || die "no free X display number"
Xvfb "$display" -screen 0 "${size}x24" -noreset -nolisten tcp > "$out/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
[ -e "/tmp/.X11-unix/X${display#:}" ] || die "Xvfb did not start; see $out/xvfb.log"
export DISPLAY="$display"

# --- hubs ------------------------------------------------------------------
hub_pid=""
hub_url=""
start_hub() { # name [serve args...]
  local name=$1
  shift
  rm -f "$out/$name.port"
  "$hub_bin" --db "$out/$name.db" serve --listen 127.0.0.1:0 --port-file "$out/$name.port" "$@" \
    > "$out/$name.log" 2>&1 &
  hub_pid=$!
  pids+=("$hub_pid")
  for _ in $(seq 100); do [ -s "$out/$name.port" ] && break; sleep 0.1; done
  [ -s "$out/$name.port" ] || die "regiebord-hub did not start; see $out/$name.log"
  hub_url="http://127.0.0.1:$(cat "$out/$name.port")"
}
stop_hub() {
  kill "$hub_pid" 2> /dev/null || true
  wait "$hub_pid" 2> /dev/null || true
}
make_board_hub() { # name agreements
  local name=$1 n=$2
  python3 "$root/bench/make_board.py" "$root/assets/demo/board.json" "$n" "$out/$name.json"
  "$hub_bin" --db "$out/$name.db" import "$out/$name.json" > "$out/$name.import.log" 2>&1
  "$hub_bin" --db "$out/$name.db" device add --board demo-regio --name bench \
    --token bench-token-not-secret-123 >> "$out/$name.import.log" 2>&1
}

printf 'demo-token-not-secret\n' > "$out/demo.token"
printf 'bench-token-not-secret-123\n' > "$out/bench.token"
chmod 600 "$out/demo.token" "$out/bench.token"

# --- the kiosk -------------------------------------------------------------
kiosk_pid=""
kiosk_started=""
start_kiosk() { # log token state-dir [extra args...]
  local logfile=$1 token=$2 state=$3
  shift 3
  # The clock read just before the fork: /proc's start time has 10 ms ticks (app/start_clock.hpp).
  kiosk_started=$EPOCHREALTIME
  REGIEBORD_STARTED_AT=$kiosk_started "$kiosk_bin" --config /dev/null --hub "$hub_url" --board demo-regio --token-file "$token" \
    --state-dir "$state" --windowed --size "$size" --renderer "$renderer" "$@" 2> "$logfile" &
  kiosk_pid=$!
  pids+=("$kiosk_pid")
}
# SIGTERM (SDL turns it into SDL_QUIT; the kiosk prints its frame count and exits).
# --exit-after alone is not enough in idle mode: the kiosk only checks it when
# it wakes (next poll or next minute), up to 60 s late.
stop_kiosk() {
  kill -TERM "$kiosk_pid" 2> /dev/null || true
  wait "$kiosk_pid" 2> /dev/null || true
}
wait_kiosk() { # seconds: wait for the kiosk to exit by itself, else SIGTERM
  local limit=$1
  for _ in $(seq $((limit * 10))); do
    kill -0 "$kiosk_pid" 2> /dev/null || break
    sleep 0.1
  done
  stop_kiosk
}
frames_of() { sed -n 's/^regiebord: stopped after \([0-9]*\) frames\( and [0-9]* sync rounds\)\{0,1\}$/\1/p' "$1"; }
first_frame_of() { sed -n 's/^regiebord: first frame \([0-9.]*\) ms after process start$/\1/p' "$1"; }
renderer_of() { sed -n 's/.*display opened: video driver .*, renderer \([^,]*\),.*/\1/p' "$1"; }

# Idle CPU of one kiosk run: settle, then utime+stime over idle_s seconds.
# Sets: r_cpu r_busy r_frames r_fpm r_rss r_pss r_wall
measure_idle() { # name token state [extra args...]
  local name=$1 token=$2 state=$3
  shift 3
  start_kiosk "$out/$name.log" "$token" "$state" --exit-after $((settle_s + idle_s + 120)) "$@"
  sleep "$settle_s"
  kill -0 "$kiosk_pid" 2> /dev/null || die "the kiosk stopped early; see $out/$name.log"
  local c0 w0 m0 c1 w1 m1 end
  c0=$(cpu_ticks "$kiosk_pid"); w0=$(now); m0=$(machine_jiffies)
  sleep "$idle_s"
  c1=$(cpu_ticks "$kiosk_pid"); w1=$(now); m1=$(machine_jiffies)
  r_rss=$(rss_mb "$kiosk_pid"); r_pss=$(pss_mb "$kiosk_pid")
  stop_kiosk
  end=$(now)
  r_cpu=$(calc "($c1 - $c0) / $clk_tck / ($w1 - $w0) * 100")
  r_busy=$(echo "$m0 $m1" | awk '{ printf "%.0f", ($3 - $1) / ($4 - $2) * 100 }')
  r_frames=$(frames_of "$out/$name.log")
  [ -n "$r_frames" ] || die "no frame count in $out/$name.log"
  r_wall=$(calc "$end - $kiosk_started")
  r_fpm=$(calc "$r_frames * 60 / $r_wall")
}

echo "ui_bench: $(nproc) cores, load $(load1) at start, display $display, renderer $renderer," \
  "build $build_type, idle window ${idle_s} s after ${settle_s} s settle" >&2
load_start=$(load1)

# 1+2+4a. Demo board, idle: normal, then --redraw-always.
start_hub demo-hub --demo
log "idle, normal mode (${idle_s} s)"
measure_idle idle-normal "$out/demo.token" "$out/state-demo"
n_cpu=$r_cpu n_busy=$r_busy n_frames=$r_frames n_fpm=$r_fpm n_rss=$r_rss n_pss=$r_pss n_wall=$r_wall
kiosk_renderer=$(renderer_of "$out/idle-normal.log")
log "idle, --redraw-always (${idle_s} s)"
measure_idle idle-always "$out/demo.token" "$out/state-demo-always" --redraw-always
a_cpu=$r_cpu a_busy=$r_busy a_frames=$r_frames a_fpm=$r_fpm a_wall=$r_wall
stop_hub

# 3. Start to first frame from the cache: the normal idle run filled state-demo
# from the hub; the hub is down now, so the kiosk starts from that cache.
# First a cool-down: right after the --redraw-always run (both cores busy for
# UI_BENCH_SECONDS) every start here is ~30 ms slower for a while, the kiosk's
# and the bare window's alike, which says something about this VM, not about
# either program. A kiosk starts at boot or after a restart, not after that.
# Each kiosk start is followed by a bare-window start, so both see the same machine.
log "cool-down ${cool_s} s, then $starts starts from the cache (hub down), each with a bare window start"
sleep "$cool_s"
first_frames=()
bare_frames=()
for i in $(seq "$starts"); do
  start_kiosk "$out/start-$i.log" "$out/demo.token" "$out/state-demo" --exit-after 1
  wait_kiosk 15
  ff=$(first_frame_of "$out/start-$i.log")
  [ -n "$ff" ] || die "no first frame in $out/start-$i.log"
  first_frames+=("$ff")
  sleep 0.5
  bare_started=$EPOCHREALTIME
  REGIEBORD_STARTED_AT=$bare_started "$bare_bin" --size "$size" --renderer "$renderer" --exit-after 0.5 \
    2> "$out/bare-start-$i.log"
  bf=$(sed -n 's/^bare-window: first frame \([0-9.]*\) ms after process start$/\1/p' "$out/bare-start-$i.log")
  [ -n "$bf" ] && bare_frames+=("$bf")
  sleep 0.5
done
read -r ff_median ff_max ff_min < <(printf '%s\n' "${first_frames[@]}" | sort -n |
  awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m, v[NR], v[1] }')

# 4. Bare window in the same Xvfb.
log "bare SDL window"
"$bare_bin" --size "$size" --renderer "$renderer" --exit-after $((settle_s + 60)) 2> "$out/bare.log" &
bare_pid=$!
pids+=("$bare_pid")
sleep "$settle_s"
b_rss=$(rss_mb "$bare_pid"); b_pss=$(pss_mb "$bare_pid")
kill -TERM "$bare_pid"; wait "$bare_pid" 2> /dev/null || true
bare_renderer=$(sed -n 's/^bare-window: .*, renderer \([^,]*\),.*/\1/p' "$out/bare.log")
# The graphics stack's own share of the start: the bare window's first presents (above).
read -r bf_median bf_max < <(printf '%s\n' "${bare_frames[@]}" | sort -n |
  awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m, v[NR] }')

# 4b + 5. Generated boards: fill the cache (idle, overzicht; RSS), then
# --redraw-always on the afspraken screen from that cache, hub up.
declare -A f_ms f_frames f_fps f_rss f_pss f_busy f_cpu g_rss g_pss
for n in "$small_n" "$big_n"; do
  log "board of $n agreements"
  make_board_hub "board-$n" "$n"
  start_hub "board-$n"
  start_kiosk "$out/fill-$n.log" "$out/bench.token" "$out/state-$n"
  sleep $((settle_s + 5))
  g_rss[$n]=$(rss_mb "$kiosk_pid"); g_pss[$n]=$(pss_mb "$kiosk_pid")
  stop_kiosk
  m0=$(machine_jiffies)
  start_kiosk "$out/frames-$n.log" "$out/bench.token" "$out/state-$n" --screen afspraken --redraw-always \
    --exit-after "$frame_s"
  sleep $((frame_s > 2 ? frame_s - 1 : 1))
  f_rss[$n]=$(rss_mb "$kiosk_pid"); f_pss[$n]=$(pss_mb "$kiosk_pid")
  # The kiosk's own CPU since its start (near 100 % of a core: it got the CPU it wanted).
  f_cpu[$n]=$(calc "$(cpu_ticks "$kiosk_pid") / $clk_tck / ($(now) - $kiosk_started) * 100")
  wait_kiosk 60
  end=$(now)
  m1=$(machine_jiffies)
  f_busy[$n]=$(echo "$m0 $m1" | awk '{ printf "%.0f", ($3 - $1) / ($4 - $2) * 100 }')
  frames=$(frames_of "$out/frames-$n.log")
  ff=$(first_frame_of "$out/frames-$n.log")
  [ -n "$frames" ] && [ -n "$ff" ] || die "no frame count in $out/frames-$n.log"
  # Frames after the first one, over the time from the first frame to the exit.
  f_frames[$n]=$frames
  f_fps[$n]=$(calc "($frames - 1) / ($end - $kiosk_started - $ff / 1000)")
  f_ms[$n]=$(calc "1000 / ${f_fps[$n]}")
  stop_hub
done
load_end=$(load1)

# --- the table -------------------------------------------------------------
goal() { awk "BEGIN { exit !($1) }" && echo "met" || echo "**not met**"; }
fmt() { awk "BEGIN { printf \"$1\", $2 }"; }
add_demo=$(calc "$n_rss - $b_rss")
add_demo_pss=$(calc "$n_pss - $b_pss")
add_big=$(calc "${g_rss[$big_n]} - $b_rss")
add_big_pss=$(calc "${g_pss[$big_n]} - $b_pss")
ratio=$(calc "${f_ms[$big_n]} / ${f_ms[$small_n]}")
{
  echo "| figure | normal | --redraw-always | goal | |"
  echo "|---|---:|---:|---|---|"
  echo "| idle CPU, demo board (% of one core, ${idle_s} s after ${settle_s} s settle) |" \
    "$(fmt %.2f "$n_cpu") % | $(fmt %.1f "$a_cpu") % | normal ≤ 2 % | $(goal "$n_cpu <= 2") |"
  echo "| frames drawn per idle minute | $(fmt %.1f "$n_fpm") ($n_frames in $(fmt %.0f "$n_wall") s) |" \
    "$(fmt %.0f "$a_fpm") ($a_frames in $(fmt %.0f "$a_wall") s) | | |"
  echo "| machine busy during the idle window (both cores, all processes) | $n_busy % | $a_busy % | | |"
  echo
  echo "| figure | value | goal | |"
  echo "|---|---:|---|---|"
  echo "| process start → first frame, from the cache, hub down ($starts starts) |" \
    "median $(fmt %.0f "$ff_median") ms, max $(fmt %.0f "$ff_max") ms (min $(fmt %.0f "$ff_min")) |" \
    "≤ 190 ms | $(goal "$ff_median <= 190 && $ff_max <= 190") |"
  echo "| bare SDL window: process start → first present ($starts starts) |" \
    "median $(fmt %.0f "${bf_median:-0}") ms, max $(fmt %.0f "${bf_max:-0}") ms | | |"
  echo "| bare SDL window ($bare_renderer renderer): VmRSS / Pss | $b_rss / $b_pss MB | | |"
  echo "| kiosk, demo board (35 agreements), idle: VmRSS / Pss | $n_rss / $n_pss MB | | |"
  echo "| kiosk, $big_n agreements, idle on overzicht: VmRSS / Pss | ${g_rss[$big_n]} / ${g_pss[$big_n]} MB | | |"
  echo "| kiosk adds over a bare window, demo board (VmRSS / Pss) | $(fmt %.1f "$add_demo") / $(fmt %.1f "$add_demo_pss") MB |" \
    "≤ 25 MB | $(goal "$add_demo <= 25") |"
  echo "| kiosk adds over a bare window, $big_n agreements (VmRSS / Pss) | $(fmt %.1f "$add_big") / $(fmt %.1f "$add_big_pss") MB |" \
    "≤ 25 MB | $(goal "$add_big <= 25") |"
  echo "| afspraken screen, --redraw-always, $small_n agreements | $(fmt %.1f "${f_ms[$small_n]}") ms/frame ($(fmt %.1f "${f_fps[$small_n]}") fps, kiosk CPU $(fmt %.0f "${f_cpu[$small_n]}") %, machine busy ${f_busy[$small_n]} %, VmRSS ${f_rss[$small_n]} MB) | | |"
  echo "| afspraken screen, --redraw-always, $big_n agreements | $(fmt %.1f "${f_ms[$big_n]}") ms/frame ($(fmt %.1f "${f_fps[$big_n]}") fps, kiosk CPU $(fmt %.0f "${f_cpu[$big_n]}") %, machine busy ${f_busy[$big_n]} %, VmRSS ${f_rss[$big_n]} MB) | | |"
  echo "| frame time $big_n / $small_n agreements | $(fmt %.2f "$ratio") x | ≤ 2 x | $(goal "$ratio <= 2") |"
  echo
  echo "CPU time is read in clock ticks of $((1000 / clk_tck)) ms: over ${idle_s} s one tick is" \
    "$(fmt %.3f "100 / $clk_tck / $idle_s") % of a core. Machine busy: all processes on all cores, from /proc/stat."
  echo "Start times: from the script's clock just before it forks the process (\$EPOCHREALTIME, passed in" \
    "REGIEBORD_STARTED_AT) to the first present, for the kiosk and the bare window alike."
  echo "Machine: $(nproc) cores, $(uname -m), load average $load_start at start, $load_end at the end;" \
    "Xvfb $display ${size}x24; kiosk renderer $kiosk_renderer, bare window renderer $bare_renderer;" \
    "build $build_type; $(date -u +%Y-%m-%dT%H:%MZ)."
} | tee "$out/results.md"
log "logs and results.md in $out"
