#!/usr/bin/env bash
# The hub beyond one machine (docs/scaling.md), two measurements in one run:
#
# 1. Scale-out: unchanged polls per second and decisions per second, side by side, for
#    one hub on SQLite, one hub on PostgreSQL, one behind HAProxy and two behind HAProxy
#    on the same PostgreSQL. wrk (Debian's) drives them closed-loop: SCALE_POLLERS
#    connections send /changes?since=SEQ with If-None-Match (a 304 each), then
#    SCALE_DECIDERS connections post decisions ("aangehouden", so the escalation stays
#    open), each for SCALE_SECONDS.
# 2. Failover: FAILOVER_KIOSKS simulated kiosks (regiebord-hub-load: own connection each,
#    poll every 30 s, heartbeat every 60 s) through HAProxy to two hubs on one PostgreSQL;
#    a decision every second (sent again with the same key until acknowledged, as a kiosk
#    does); at FAILOVER_KILL_AT s one hub gets kill -9, and 5 s later the board changes.
#    Afterwards the decisions acknowledged are compared with the rows PostgreSQL holds
#    (lost, duplicated), and the change's reach says when every kiosk was back on live data.
#
# Everything runs on this machine: PostgreSQL (tests/support/postgres.sh, as the user
# postgres when root), HAProxy with packaging/hub/haproxy.cfg.example filled in, the hubs
# and the load; on 2 cores they share the same cores, so the scale-out figure shows what
# each layer costs, not what more machines would add.
#
# Environment (defaults in brackets):
#   BUILD_DIR          build directory with regiebord-hub and regiebord-hub-load [$root/build-bench]
#   CLUSTER_OUT        logs and results.md [$root/out/hub-cluster]
#   SCALE_SECONDS [15]  SCALE_POLLERS [64]  SCALE_DECIDERS [8]
#   FAILOVER_KIOSKS    [10000]
#   FAILOVER_DURATION [180]  FAILOVER_KILL_AT [90]
#   SKIP_SCALE=1 / SKIP_FAILOVER=1   leave one part out
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$root/build-bench}"
out="${CLUSTER_OUT:-$root/out/hub-cluster}"
scale_seconds="${SCALE_SECONDS:-15}"
pollers="${SCALE_POLLERS:-64}"
deciders="${SCALE_DECIDERS:-8}"
duration="${FAILOVER_DURATION:-180}"
kill_at="${FAILOVER_KILL_AT:-90}"
board=demo-regio

log() { echo "hub_cluster: $*" >&2; }
die() { log "$*"; exit 1; }
for tool in wrk haproxy psql python3; do
  command -v "$tool" > /dev/null || die "$tool is missing (apt-get install wrk haproxy postgresql python3)"
done

if [ ! -x "$BUILD_DIR/server/regiebord-hub" ] || [ ! -x "$BUILD_DIR/bench/regiebord-hub-load" ]; then
  if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DREGIEBORD_BUILD_TESTS=OFF > /dev/null
  fi
  cmake --build "$BUILD_DIR" -j2 --target regiebord-hub regiebord-hub-load > /dev/null
fi
hub_bin="$BUILD_DIR/server/regiebord-hub"
load_bin="$BUILD_DIR/bench/regiebord-hub-load"

rm -rf "$out"
mkdir -p "$out"
pids=()
pg_dir="$out/pg"
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2> /dev/null || true; done
  "$root/tests/support/postgres.sh" stop "$pg_dir" > /dev/null 2>&1 || true
}
trap cleanup EXIT

# --- a database with the demo board and 100 devices; PostgreSQL gets copies by migrate-db --
template="$out/template.db"
"$hub_bin" --db "$template" import "$root/assets/demo/board.json" > /dev/null
: > "$out/tokens"
for i in $(seq 100); do
  "$hub_bin" --db "$template" device add --board "$board" --name "load-$i" --token-file "$out/token" > /dev/null
  cat "$out/token" >> "$out/tokens"
done
rm -f "$out/token"
token=$(head -n 1 "$out/tokens")

pg_url=$("$root/tests/support/postgres.sh" start "$pg_dir" 55433)
# A database per measurement: postgresql:///NAME?host=...&port=...
pg_db() {
  psql -q "$pg_url" -c "CREATE DATABASE $1" > /dev/null
  local url="${pg_url/\/postgres\?/\/$1?}"
  "$hub_bin" --db "$template" migrate-db --to "$url" > "$out/migrate-$1.log" 2>&1 || die "migrate-db failed: $out/migrate-$1.log"
  echo "$url"
}

# The hubs see every connection from HAProxy's one address: their own per-address cap is raised.
cat > "$out/hub.toml" << EOF
[server]
connections_per_address = 60000
max_connections = 60000
EOF

# start_hub NAME DB: a hub on a free port, written to $out/NAME.port (not in a $(...):
# the pids must stay in this shell).
start_hub() {
  local name="$1" db="$2"
  rm -f "$out/$name.port"
  (
    ulimit -n "$(ulimit -Hn)"
    exec "$hub_bin" -c "$out/hub.toml" --db "$db" serve --listen 127.0.0.1:0 --port-file "$out/$name.port"
  ) > "$out/$name.log" 2>&1 &
  pids+=($!)
  echo $! > "$out/$name.pid"
  for _ in $(seq 100); do [ -s "$out/$name.port" ] && break; sleep 0.1; done
  [ -s "$out/$name.port" ] || die "hub $name did not start (see $out/$name.log)"
}

# start_haproxy NAME MAXCONN PORT...: HAProxy from the shipped example in front of the ports;
# its own port in $out/NAME.port.
start_haproxy() {
  local name="$1" maxconn="$2"
  shift 2
  local port servers="" i=0
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  for p in "$@"; do
    i=$((i + 1))
    servers+="    server hub$i 127.0.0.1:$p check"$'\n'
  done
  # HAProxy wants two descriptors per connection for maxconn; where the hard limit is lower
  # (a container that root cannot raise), it is told to run with what there is: the hub
  # side of idle kiosks is pooled and shared (http-reuse), so it needs far fewer.
  local hard extra=""
  hard=$(ulimit -Hn)
  if [ "$hard" != unlimited ] && [ $((2 * maxconn + 1000)) -gt "$hard" ]; then
    extra="    ulimit-n $hard"$'\n'"    no strict-limits"
    log "HAProxy $name: maxconn $maxconn with $hard descriptors (ulimit-n, no strict-limits)"
  fi
  SERVERS="$servers" BIND="127.0.0.1:$port" MAXCONN="$maxconn" EXTRA="$extra" python3 - \
    "$root/packaging/hub/haproxy.cfg.example" > "$out/$name.cfg" << 'EOF'
import os, sys
text = open(sys.argv[1]).read()
for key in ("SERVERS", "BIND", "MAXCONN"):
    text = text.replace("@" + key + "@", os.environ[key].rstrip("\n"))
if os.environ["EXTRA"]:
    text = text.replace("\n    maxconn ", "\n" + os.environ["EXTRA"] + "\n    maxconn ", 1)
sys.stdout.write(text)
EOF
  (ulimit -n "$(ulimit -Hn)"; exec haproxy -db -f "$out/$name.cfg") > "$out/$name.log" 2>&1 &
  pids+=($!)
  echo "$port" > "$out/$name.port"
  sleep 2.5 # two health checks (inter 1s, rise 2) before the hubs are in rotation
}

stop_all() {
  for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2> /dev/null || true; done
  pids=()
}

machine() {
  echo "- $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  ps -eo pcpu=,ni=,args= --sort=-pcpu | head -n 3 | awk '{ c = $1; n = $2; $1 = ""; $2 = ""; printf "  - %s%% (nice %s)%s\n", c, n, substr($0, 1, 120) }'
}

{
  echo "# regiebord-hub: beyond one machine ($(git -C "$root" rev-parse --short HEAD 2> /dev/null || echo '?'))"
  echo
  echo "Machine at the start:"
  machine
  echo
} > "$out/results.md"

# --- 1. scale-out -------------------------------------------------------------------------
if [ "${SKIP_SCALE:-0}" != 1 ]; then
  cat > "$out/poll.lua" << 'EOF'
-- An unchanged poll: /changes?since=SEQ with If-None-Match "SEQ" (a 304).
local seq = os.getenv("SEQ")
wrk.method = "GET"
wrk.path = "/v1/boards/" .. os.getenv("BOARD") .. "/changes?since=" .. seq
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.headers["If-None-Match"] = '"' .. seq .. '"'
wrk.headers["Accept-Encoding"] = "gzip"
EOF
  cat > "$out/decide.lua" << 'EOF'
-- A decision "aangehouden" (the escalation stays open) with a new UUID key each time,
-- round-robin over the open escalations.
local escalations = {}
for id in string.gmatch(os.getenv("ESCALATIONS"), "[^,]+") do escalations[#escalations + 1] = id end
local n = 0
function setup(thread) thread:set("id", math.random(1, 1e9)) end
function init(args) math.randomseed(os.time() + (id or 0)) end
local function uuid()
  return string.format("%08x-%04x-4%03x-%04x-%012x", math.random(0, 0xffffffff), math.random(0, 0xffff),
    math.random(0, 0xfff), 0x8000 + math.random(0, 0x3fff), math.random(0, 0xffffffffffff))
end
request = function()
  n = n + 1
  local body = string.format(
    '{"escalation_id":"%s","outcome":"aangehouden","option_id":null,"note":"","decided_by":"wrk","decided_at":"2026-12-05T10:00:00Z"}',
    escalations[(n % #escalations) + 1])
  return wrk.format("POST", "/v1/boards/" .. os.getenv("BOARD") .. "/decisions",
    {["Authorization"] = "Bearer " .. os.getenv("TOKEN"), ["Content-Type"] = "application/json",
     ["Idempotency-Key"] = uuid()}, body)
end
EOF

  # measure LABEL PORT: one row of the table.
  measure() {
    local label="$1" port="$2" url="http://127.0.0.1:$2" seq escalations
    seq=$(curl -sf -o /dev/null -D - -H "Authorization: Bearer $token" "$url/v1/boards/$board/snapshot" |
      sed -n 's/^[Ee][Tt]ag: *"\([0-9]*\)".*/\1/p')
    [ -n "$seq" ] || die "no snapshot from $label"
    escalations=$(curl -sf -H "Authorization: Bearer $token" "$url/v1/boards/$board/snapshot" |
      python3 -c 'import json,sys; print(",".join(e["id"] for e in json.load(sys.stdin)["escalations"] if e["status"] in ("open","aangehouden")))')
    local name="${label// /-}"
    SEQ="$seq" BOARD="$board" TOKEN="$token" wrk -t1 -c"$pollers" -d"${scale_seconds}s" --latency -s "$out/poll.lua" "$url" \
      > "$out/wrk-poll-$name.txt" 2>&1
    ESCALATIONS="$escalations" BOARD="$board" TOKEN="$token" wrk -t1 -c"$deciders" -d"${scale_seconds}s" --latency \
      -s "$out/decide.lua" "$url" > "$out/wrk-decide-$name.txt" 2>&1
    python3 - "$label" "$out/wrk-poll-$name.txt" "$out/wrk-decide-$name.txt" << 'EOF'
import re, sys
def read(path):
    t = open(path).read()
    rate = float(re.search(r"Requests/sec:\s*([\d.]+)", t).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", t)
    p99ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    bad = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", t)
    err = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", t)
    errors = (int(bad.group(1)) if bad else 0) + (sum(int(x) for x in err.groups()) if err else 0)
    return rate, p99ms, errors
p, d = read(sys.argv[2]), read(sys.argv[3])
print(f"| {sys.argv[1]} | {p[0]:,.0f} | {p[1]:.2f} ms | {d[0]:,.0f} | {d[1]:.2f} ms | {p[2] + d[2]} |")
EOF
  }

  rows=()
  log "scale-out: one hub on SQLite"
  cp "$template" "$out/scale.db"
  start_hub sqlite1 "$out/scale.db"
  rows+=("$(measure "1 hub, SQLite" "$(cat "$out/sqlite1.port")")")
  stop_all

  url=$(pg_db scale_one)
  log "scale-out: one hub on PostgreSQL"
  start_hub pg1 "$url"
  rows+=("$(measure "1 hub, PostgreSQL" "$(cat "$out/pg1.port")")")
  log "scale-out: the same hub behind HAProxy"
  start_haproxy lb1 4000 "$(cat "$out/pg1.port")"
  rows+=("$(measure "1 hub, PostgreSQL, HAProxy" "$(cat "$out/lb1.port")")")
  stop_all

  url=$(pg_db scale_two)
  log "scale-out: two hubs on PostgreSQL behind HAProxy"
  start_hub pg2a "$url"
  start_hub pg2b "$url"
  start_haproxy lb2 4000 "$(cat "$out/pg2a.port")" "$(cat "$out/pg2b.port")"
  rows+=("$(measure "2 hubs, PostgreSQL, HAProxy" "$(cat "$out/lb2.port")")")
  stop_all

  {
    echo "## Scale-out: wrk, ${scale_seconds} s each, ${pollers} polling and ${deciders} deciding connections"
    echo
    echo "| setup | unchanged polls/s | poll p99 | decisions/s | decision p99 | errors |"
    echo "|---|---:|---:|---:|---:|---:|"
    printf '%s\n' "${rows[@]}"
    echo
  } | tee -a "$out/results.md"
fi

# --- 2. failover under load ----------------------------------------------------------------
if [ "${SKIP_FAILOVER:-0}" != 1 ]; then
  kiosks="${FAILOVER_KIOSKS:-10000}"
  maxconn=$((kiosks + 500))
  url=$(pg_db failover)
  start_hub fa "$url"
  start_hub fb "$url"
  start_haproxy lbf "$maxconn" "$(cat "$out/fa.port")" "$(cat "$out/fb.port")"
  lb=$(cat "$out/lbf.port")
  victim=$(cat "$out/fa.pid")
  cat > "$out/change.sh" << EOF
#!/bin/sh
# The board change after the kill: one figure changed, imported into PostgreSQL.
exec "$hub_bin" --db "$url" import "$out/board-b.json" > /dev/null
EOF
  chmod +x "$out/change.sh"
  python3 - "$root/assets/demo/board.json" "$out/board-b.json" << 'EOF'
import json, sys
board = json.load(open(sys.argv[1], encoding="utf-8"))
board["agreements"][0]["progress"]["realised"] += 1
json.dump(board, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
EOF
  log "failover: $kiosks kiosks through HAProxy (maxconn $maxconn) to two hubs; kill -9 of pid $victim at ${kill_at} s"
  (sleep "$kill_at"; kill -9 "$victim"; echo "$(date -u +%T) kill -9 $victim" > "$out/kill.txt") &
  killer=$!
  status=0
  (
    ulimit -n "$(ulimit -Hn)"
    exec "$load_bin" --hub "http://127.0.0.1:$lb" --tokens "$out/tokens" --kiosks "$kiosks" --poll 30 \
      --heartbeat 60 --ramp 30 --duration "$duration" --decision-every 1 --decision-keys "$out/keys.txt" \
      --change-command "$out/change.sh" --change-at "$((kill_at + 5))" --progress 10
  ) > "$out/failover-load.log" 2>&1 || status=$?
  wait "$killer" 2> /dev/null || true
  grep -E '^errors|^change|^decisions|^connections|^\| [0-9]' "$out/failover-load.log" >&2 || true
  # Exactly once: every key acknowledged is stored once; nothing stored that was not acknowledged.
  psql -At "$url" -c "SELECT d.idempotency_key FROM decision d JOIN device v ON v.id = d.device_id
                      WHERE v.name = 'load-1'" | sort > "$out/keys-stored.txt"
  cut -d' ' -f1 "$out/keys.txt" | sort > "$out/keys-acked.txt"
  acked=$(wc -l < "$out/keys-acked.txt")
  stored=$(wc -l < "$out/keys-stored.txt")
  lost=$(comm -23 "$out/keys-acked.txt" "$out/keys-stored.txt" | wc -l)
  unacked=$(comm -13 "$out/keys-acked.txt" "$out/keys-stored.txt" | wc -l)
  dup=$(uniq -d "$out/keys-stored.txt" | wc -l)
  dup_acked=$(uniq -d "$out/keys-acked.txt" | wc -l)
  replays=$(grep -c ' 200$' "$out/keys.txt" || true)
  stop_all
  {
    echo "## Failover: $kiosks kiosks through HAProxy to two hubs on PostgreSQL, kill -9 of one at ${kill_at} s"
    echo
    echo "$(sed -n 's/^regiebord-hub-load: \[\(.*\)\] change command.*/change (board import) at \1/p' "$out/failover-load.log" | tail -1);" \
      "$(cat "$out/kill.txt" 2> /dev/null || echo 'no kill recorded')"
    echo
    grep -A2 '^| kiosks' "$out/failover-load.log" || echo "(the load tool ended with exit $status: see failover-load.log)"
    echo
    grep -E '^errors|^decisions acknowledged|^change reach|^change [0-9]+ command' "$out/failover-load.log" | sed 's/^/    /' || true
    echo
    echo "| decisions acknowledged | of them replays (200) | stored in PostgreSQL | lost | stored twice | acknowledged twice | stored, never acknowledged |"
    echo "|---:|---:|---:|---:|---:|---:|---:|"
    echo "| $acked | $replays | $stored | $lost | $dup | $dup_acked | $unacked |"
    echo
  } | tee -a "$out/results.md"
  [ "$lost" -eq 0 ] && [ "$dup" -eq 0 ] && [ "$dup_acked" -eq 0 ] && [ "$unacked" -eq 0 ] ||
    log "FAILED: decisions lost or duplicated (see $out/results.md)"
fi
{
  echo "Machine at the end:"
  machine
} >> "$out/results.md"
log "results in $out/results.md"
