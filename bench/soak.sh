#!/usr/bin/env bash
# The soak campaign (not part of ctest; figures in docs/reliability.md, "Soak").
#   1. The kiosk: under an Xvfb of its own, drawing every frame (--redraw-always) and polling
#      the real hub every SOAK_POLL_MS with changing data (the board is re-imported with a
#      changed figure every SOAK_CHANGE_SECONDS), until it has drawn SOAK_FRAMES frames and run
#      SOAK_ROUNDS sync rounds. RSS and open file descriptors after a warm-up and at the end.
#   2. The hub: SOAK_REQUESTS requests from wrk on kept-alive connections (unchanged snapshot
#      and changes polls with If-None-Match, heartbeats). RSS and fds before and after.
# Goals (issue 13): kiosk grows <= 1 MB, hub <= 2 MB, no fd growth. Prints a Markdown table.
#
# Environment (defaults in brackets):
#   BUILD_DIR            build directory [$root/build-bench]; built here (Release) if needed
#   SOAK_FRAMES          kiosk frames [100000]
#   SOAK_ROUNDS          kiosk sync rounds [10000]
#   SOAK_POLL_MS         kiosk poll interval [50]
#   SOAK_CHANGE_SECONDS  seconds between board changes on the hub [2]
#   SOAK_WARMUP          seconds before the first kiosk reading [30]
#   SOAK_REQUESTS        hub requests [1000000]
#   SOAK_CONNECTIONS     wrk connections [64]
#   SOAK_KIOSK=0         leave out the kiosk (part 1): only the hub
#   SOAK_OUT             logs and results.md [$root/out/soak]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$root/build-bench}"
frames_goal="${SOAK_FRAMES:-100000}"
rounds_goal="${SOAK_ROUNDS:-10000}"
poll_ms="${SOAK_POLL_MS:-50}"
change_s="${SOAK_CHANGE_SECONDS:-2}"
warmup_s="${SOAK_WARMUP:-30}"
requests_goal="${SOAK_REQUESTS:-1000000}"
connections="${SOAK_CONNECTIONS:-64}"
kiosk_part="${SOAK_KIOSK:-1}"
out="${SOAK_OUT:-$root/out/soak}"

log() { echo "soak: $*" >&2; }
die() { log "$*"; exit 1; }
for tool in Xvfb python3 cmake wrk; do command -v "$tool" > /dev/null || die "$tool is missing (apt-get install xvfb wrk)"; done

if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DREGIEBORD_BUILD_TESTS=OFF > /dev/null
fi
if [ "$kiosk_part" = 1 ]; then targets=(regiebord regiebord-hub); else targets=(regiebord-hub); fi
cmake --build "$BUILD_DIR" -j2 --target "${targets[@]}" > /dev/null
kiosk_bin="$BUILD_DIR/app/regiebord"
hub_bin="$BUILD_DIR/server/regiebord-hub"
rm -rf "$out"
mkdir -p "$out"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done; wait 2> /dev/null || true; }
trap cleanup EXIT

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
fds() { ls "/proc/$1/fd" | wc -l; }

# --- the hub with the demo board -------------------------------------------------
"$hub_bin" --db "$out/hub.db" import "$root/assets/demo/board.json" > /dev/null
"$hub_bin" --db "$out/hub.db" device add --board demo-regio --name soak --token-file "$out/token" > /dev/null
"$hub_bin" --db "$out/hub.db" serve --listen 127.0.0.1:0 --port-file "$out/hub.port" > "$out/hub.log" 2>&1 &
hub_pid=$!
pids+=("$hub_pid")
for _ in $(seq 100); do [ -s "$out/hub.port" ] && break; sleep 0.1; done
hub="http://127.0.0.1:$(cat "$out/hub.port")"
token=$(cat "$out/token")

# --- 1. the kiosk -----------------------------------------------------------------
k_frames="-" k_rounds="-" k_rss0=0 k_rss1=0 k_fd0="-" k_fd1="-"
if [ "$kiosk_part" = 1 ]; then
display_num=$(( 200 + RANDOM % 100 ))
Xvfb ":$display_num" -screen 0 1280x720x24 -noreset -nolisten tcp > "$out/xvfb.log" 2>&1 &
pids+=($!)
sleep 1
# The changer: a figure of one agreement changes every few seconds, so polls bring deltas.
python3 - "$root/assets/demo/board.json" "$out" "$hub_bin" "$change_s" > "$out/changer.log" 2>&1 <<'EOF' &
import json, subprocess, sys, time
board_path, out, hub, every = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
board = json.load(open(board_path, encoding="utf-8"))
n = 0
while True:
    n += 1
    a = board["agreements"][n % len(board["agreements"])]
    a["progress"]["realised"] = (a["progress"]["realised"] + 1) % 1000
    path = f"{out}/board-change.json"
    json.dump(board, open(path, "w", encoding="utf-8"), ensure_ascii=False)
    subprocess.run([hub, "--db", f"{out}/hub.db", "import", path], check=False, stdout=subprocess.DEVNULL)
    time.sleep(every)
EOF
pids+=($!)
frame_ms_guess=6
seconds=$(( (rounds_goal * (poll_ms + 5) / 1000) > (frames_goal * frame_ms_guess / 1000) ?
            (rounds_goal * (poll_ms + 5) / 1000) : (frames_goal * frame_ms_guess / 1000) ))
seconds=$(( seconds + warmup_s + 30 ))
log "kiosk: --redraw-always, poll every ${poll_ms} ms, for ${seconds} s"
DISPLAY=":$display_num" "$kiosk_bin" --config /dev/null --hub "$hub" --board demo-regio --token-file "$out/token" \
  --state-dir "$out/kiosk" --renderer software --windowed --size 1280x720 --screen afspraken --redraw-always \
  --poll-ms "$poll_ms" --exit-after "$seconds" > "$out/kiosk.log" 2>&1 &
kiosk_pid=$!
sleep "$warmup_s"
k_rss0=$(rss_kb "$kiosk_pid"); k_fd0=$(fds "$kiosk_pid")
sleep $(( seconds - warmup_s - 5 ))
k_rss1=$(rss_kb "$kiosk_pid"); k_fd1=$(fds "$kiosk_pid")
wait "$kiosk_pid" || die "the kiosk failed: $(tail -5 "$out/kiosk.log")"
line=$(grep -o 'stopped after [0-9]* frames and [0-9]* sync rounds' "$out/kiosk.log" || true)
k_frames=$(echo "$line" | awk '{print $3}')
k_rounds=$(echo "$line" | awk '{print $6}')
[ -n "$k_frames" ] || die "no frame count in $out/kiosk.log"
[ "$k_frames" -ge "$frames_goal" ] || log "WARNING: only $k_frames frames (goal $frames_goal): raise the run time"
[ "$k_rounds" -ge "$rounds_goal" ] || log "WARNING: only $k_rounds sync rounds (goal $rounds_goal)"
kill "${pids[2]}" 2> /dev/null || true # the changer
fi

# --- 2. the hub -------------------------------------------------------------------
seq=$(python3 -c "import json,urllib.request;r=urllib.request.Request('$hub/v1/boards/demo-regio/snapshot',headers={'Authorization':'Bearer $token'});print(json.load(urllib.request.urlopen(r))['seq'])")
cat > "$out/soak.lua" <<EOF
local n = 0
request = function()
  n = n + 1
  local headers = {["Authorization"] = "Bearer $token"}
  if n % 30 == 0 then
    headers["Content-Type"] = "application/json"
    return wrk.format("POST", "/v1/boards/demo-regio/heartbeat", headers,
      '{"version":"soak","data_age_seconds":1,"outbox_depth":0,"last_error":"","uptime_seconds":1,"memory_kb":1}')
  end
  headers["If-None-Match"] = '"$seq"'
  if n % 2 == 0 then return wrk.format("GET", "/v1/boards/demo-regio/changes?since=$seq", headers) end
  return wrk.format("GET", "/v1/boards/demo-regio/snapshot", headers)
end
EOF
# A warm-up first: the start reading is of a hub that has served these connections once.
wrk -t2 -c"$connections" -d5s -s "$out/soak.lua" "$hub" > "$out/wrk-warmup.log" 2>&1
sleep 2
h_rss0=$(rss_kb "$hub_pid"); h_fd0=$(fds "$hub_pid")
total=0
while [ "$total" -lt "$requests_goal" ]; do
  wrk -t2 -c"$connections" -d30s -s "$out/soak.lua" "$hub" > "$out/wrk.log" 2>&1
  done_now=$(awk '/requests in/ {print $1}' "$out/wrk.log")
  errors=$(grep -E "Non-2xx|Socket errors" "$out/wrk.log" || true)
  total=$(( total + done_now ))
  log "hub: $total requests so far ${errors:+($errors)}"
done
sleep 2
h_rss1=$(rss_kb "$hub_pid"); h_fd1=$(fds "$hub_pid")

{
  echo "| process | work | RSS start | RSS end | growth | fds start | fds end |"
  echo "|---|---|---:|---:|---:|---:|---:|"
  [ "$kiosk_part" = 1 ] && echo "| kiosk | $k_frames frames, $k_rounds sync rounds | $((k_rss0 / 1024)) MB | $((k_rss1 / 1024)) MB | $(( (k_rss1 - k_rss0) )) kB | $k_fd0 | $k_fd1 |"
  echo "| hub | $total requests | $((h_rss0 / 1024)) MB | $((h_rss1 / 1024)) MB | $(( (h_rss1 - h_rss0) )) kB | $h_fd0 | $h_fd1 |"
} | tee "$out/results.md"
