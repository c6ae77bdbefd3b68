#!/usr/bin/env bash
# The web side's benchmark: a fresh regiebord-hub (SQLite, the demo board) with a viewing
# link, then web_bench.mjs (first render in Chromium; many viewers polling). Figures in
# docs/performance.md ("The web side").
#   BUILD_DIR=... bench/web/web_bench.sh      (RUNS, VIEWERS, DURATION, CHANGE_EVERY: see web_bench.mjs)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$root/bench/web"
hub_bin="${BUILD_DIR:-$root/build-bench}/server/regiebord-hub"
[ -x "$hub_bin" ] || { echo "web_bench.sh: no hub at $hub_bin (set BUILD_DIR)" >&2; exit 1; }
# playwright-core (Debian's Chromium) and undici (Node's fetch, for its connection pool settings)
[ -d "$here/node_modules" ] || (cd "$here" && npm ci --no-audit --no-fund)
tmp=$(mktemp -d)
trap 'kill "$hub_pid" 2>/dev/null; wait "$hub_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
# The viewers all come from 127.0.0.1: lift the per-address limit (browsers come from many).
printf '[server]\nconnections_per_address = 100000\n' >"$tmp/hub.toml"
"$hub_bin" -c "$tmp/hub.toml" --db "$tmp/hub.db" serve --demo --listen 127.0.0.1:0 --port-file "$tmp/port" >"$tmp/hub.log" 2>&1 &
hub_pid=$!
for _ in $(seq 1 100); do [ -s "$tmp/port" ] && break; sleep 0.1; done
link=$("$hub_bin" -c "$tmp/hub.toml" --db "$tmp/hub.db" link add --board demo-regio --label bench | grep '^/v/')
echo "web_bench: $(nproc) cores, hub $hub_bin (pid $hub_pid), $(date -u +%FT%TZ)"
port=$(cat "$tmp/port")
( sleep $(( ${DURATION:-60} / 2 + 20 )); echo "web_bench: connections open at the hub mid-run: $(ss -Htn state established "( sport = :$port )" | wc -l)" ) &
node "$here/web_bench.mjs" "http://127.0.0.1:$port" "$link" "$hub_pid"
