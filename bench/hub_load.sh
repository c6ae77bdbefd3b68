#!/usr/bin/env bash
# The hub-scaling benchmark: regiebord-hub-load against a fresh regiebord-hub with the demo
# board, once per size. Every simulated kiosk keeps its own connection, polls
# /changes?since= with If-None-Match and sends a heartbeat every LOAD_HEARTBEAT seconds;
# meanwhile a decision every LOAD_DECISION_EVERY seconds (timed to its 201) and a board
# change by import at LOAD_CHANGE_AT (the time until every kiosk has it). Prints a Markdown
# table, also written to $LOAD_OUT/results.md with what else ran on the machine. Figures in
# docs/performance.md.
#
# Environment (defaults in brackets):
#   BUILD_DIR            build directory [$root/build-bench]; built here (Release) if needed
#   LOAD_KIOSKS          sizes, one run each ["1000 5000 10000"]
#   LOAD_POLL            poll interval, seconds [30]
#   LOAD_HEARTBEAT       heartbeat interval, seconds [60]
#   LOAD_RAMP            ramp-up (connections opened evenly over it), seconds [30]
#   LOAD_DURATION        each run, ramp-up included, seconds [120]
#   LOAD_DECISION_EVERY  seconds between decisions, 0 for none [10]
#   LOAD_CHANGE_AT       seconds into the run of board changes, comma-separated [ramp + poll + 5]
#   LOAD_DEVICES         devices (tokens) added to the hub; the kiosks share them round-robin [100]
#   LOAD_QUICK=1         a quick check: sizes "50 500", poll 5, heartbeat 10, ramp 5, 60 s each
#                        (any of the above set explicitly still wins)
#   LOAD_HUB             the hub binary [$BUILD_DIR/server/regiebord-hub]
#   LOAD_OUT             logs and results.md [$root/out/hub-load]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$root/build-bench}"
if [ "${LOAD_QUICK:-0}" = 1 ]; then
  kiosk_sizes="${LOAD_KIOSKS:-50 500}"
  poll="${LOAD_POLL:-5}"
  heartbeat="${LOAD_HEARTBEAT:-10}"
  ramp="${LOAD_RAMP:-5}"
  duration="${LOAD_DURATION:-60}"
else
  kiosk_sizes="${LOAD_KIOSKS:-1000 5000 10000}"
  poll="${LOAD_POLL:-30}"
  heartbeat="${LOAD_HEARTBEAT:-60}"
  ramp="${LOAD_RAMP:-30}"
  duration="${LOAD_DURATION:-120}"
fi
decision_every="${LOAD_DECISION_EVERY:-10}"
change_at="${LOAD_CHANGE_AT:-$((ramp + poll + 5))}"
devices="${LOAD_DEVICES:-100}"
out="${LOAD_OUT:-$root/out/hub-load}"

log() { echo "hub_load: $*" >&2; }
die() { log "$*"; exit 1; }
command -v python3 > /dev/null || die "python3 is missing"

if [ -z "${LOAD_HUB:-}" ] || [ ! -x "$BUILD_DIR/bench/regiebord-hub-load" ]; then
  if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DREGIEBORD_BUILD_TESTS=OFF > /dev/null
  fi
  cmake --build "$BUILD_DIR" -j2 --target regiebord-hub regiebord-hub-load > /dev/null
fi
hub_bin="${LOAD_HUB:-$BUILD_DIR/server/regiebord-hub}"
load_bin="$BUILD_DIR/bench/regiebord-hub-load"
[ -x "$hub_bin" ] || die "no hub at $hub_bin"

rm -rf "$out"
mkdir -p "$out"
hub_pid=""
stop_hub() {
  if [ -n "$hub_pid" ]; then
    kill "$hub_pid" 2> /dev/null || true
    wait "$hub_pid" 2> /dev/null || true
    hub_pid=""
  fi
}
trap stop_hub EXIT

# What else runs on the machine: the figures depend on it (2 cores, shared).
machine() {
  echo "- $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  ps -eo pcpu=,args= --sort=-pcpu | head -n 4 | awk '{ $1 = $1 "%"; print "  - " substr($0, 1, 140) }'
}

# --- one database with the demo board and the devices, copied for every run -----------
log "a hub database with the demo board and $devices device(s)"
template="$out/template.db"
"$hub_bin" --db "$template" import "$root/assets/demo/board.json" > /dev/null
: > "$out/tokens"
for i in $(seq "$devices"); do
  "$hub_bin" --db "$template" device add --board demo-regio --name "load-$i" --token-file "$out/token" > /dev/null
  cat "$out/token" >> "$out/tokens"
done
rm -f "$out/token"

# A board change: the demo board and a copy with one figure changed, imported in turn.
python3 - "$root/assets/demo/board.json" "$out/board-b.json" <<'EOF'
import json, sys
board = json.load(open(sys.argv[1], encoding="utf-8"))
board["agreements"][0]["progress"]["realised"] += 1
json.dump(board, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
EOF
cat > "$out/change.sh" <<EOF
#!/bin/sh
# Usage: change.sh DB. Imports the changed copy and the demo board in turn (DB.flip says which is in).
if [ -e "\$1.flip" ]; then rm "\$1.flip"; f="$root/assets/demo/board.json"
else touch "\$1.flip"; f="$out/board-b.json"; fi
exec "$hub_bin" --db "\$1" import "\$f" > /dev/null
EOF
chmod +x "$out/change.sh"

{
  echo "# regiebord-hub-load: $(basename "$hub_bin") $(git -C "$root" rev-parse --short HEAD 2> /dev/null || echo '?')"
  echo
  echo "poll ${poll} s, heartbeat ${heartbeat} s, ramp-up ${ramp} s, ${duration} s per run, a decision every" \
       "${decision_every} s, a board change (import) at ${change_at} s, ${devices} device tokens shared"
  echo
  echo "Machine at the start:"
  machine
  echo
} > "$out/results.md"

rows=()
header=""
for n in $kiosk_sizes; do
  db="$out/hub-$n.db"
  cp "$template" "$db"
  for suffix in -wal -shm; do
    if [ -f "$template$suffix" ]; then cp "$template$suffix" "$db$suffix"; fi
  done
  rm -f "$out/hub.port"
  # The hub needs a descriptor per connection: the hard limit raised where allowed (root), then the soft.
  (
    ulimit -Hn 1048576 2> /dev/null || true
    ulimit -n "$(ulimit -Hn)"
    exec "$hub_bin" --db "$db" serve --listen 127.0.0.1:0 --port-file "$out/hub.port"
  ) > "$out/hub-$n.log" 2>&1 &
  hub_pid=$!
  for _ in $(seq 100); do [ -s "$out/hub.port" ] && break; sleep 0.1; done
  [ -s "$out/hub.port" ] || die "the hub did not start (see $out/hub-$n.log)"
  log "$n kiosks against the hub (pid $hub_pid) for ${duration} s; log in $out/load-$n.log"
  status=0
  "$load_bin" --hub "http://127.0.0.1:$(cat "$out/hub.port")" --tokens "$out/tokens" --kiosks "$n" \
    --poll "$poll" --heartbeat "$heartbeat" --ramp "$ramp" --duration "$duration" \
    --decision-every "$decision_every" --change-command "$out/change.sh $db" --change-at "$change_at" \
    --hub-pid "$hub_pid" > "$out/load-$n.log" 2>&1 || status=$?
  stop_hub
  grep -E '^\[|^errors|^change reach|^hub pid|^tool' "$out/load-$n.log" | tail -n 5 >&2 || true
  if [ "$status" -ne 0 ]; then
    rows+=("| $n | $poll s | failed (exit $status): see load-$n.log | | | | | | | | | |")
    continue
  fi
  [ -n "$header" ] || header="$(grep -A1 '^| kiosks' "$out/load-$n.log" | head -n 2)"
  rows+=("$(tail -n 1 "$out/load-$n.log")")
done

if [ -z "$header" ]; then # no run got as far as its table
  header="| kiosks | poll | polls answered | unchanged poll p50 | unchanged poll p99 | decision p99 | change reach (slowest) | within one interval | errors | refused | hub CPU | hub RSS |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
fi
{
  echo "$header"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Machine at the end:"
  machine
} | tee -a "$out/results.md"
