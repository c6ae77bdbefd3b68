#!/usr/bin/env bash
# Starts a real regiebord-hub with the demo board on a free loopback port and
# validates its responses against docs/schema with ajv (validate.mjs).
#   tests/schema/run.sh PATH/TO/regiebord-hub
# Exit code: validate.mjs's (0 = all checks passed).
set -euo pipefail

HUB_BIN=${1:?usage: run.sh PATH/TO/regiebord-hub}
HUB_BIN=$(cd "$(dirname "$HUB_BIN")" && pwd)/$(basename "$HUB_BIN")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
token=demo-token-not-secret

if ! command -v node >/dev/null 2>&1; then
    echo "run.sh: node not found; installing nodejs and npm" >&2
    "$here/../../scripts/install-deps.sh"
fi
command -v npm >/dev/null 2>&1 || { echo "run.sh: npm not found" >&2; exit 1; }

if [ ! -d "$here/node_modules" ]; then
    (cd "$here" && npm ci --no-audit --no-fund)
fi

tmp=$(mktemp -d)
hub_pid=""
cleanup() {
    if [ -n "$hub_pid" ] && kill -0 "$hub_pid" 2>/dev/null; then
        kill "$hub_pid" 2>/dev/null || true
        wait "$hub_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

# Cross-built (scripts/test-arm64.sh): the hub runs through the emulator named by
# REGIEBORD_TEST_EMULATOR (set by tests/CMakeLists.txt); node itself runs natively.
read -r -a emulator <<<"${REGIEBORD_TEST_EMULATOR:-}"
"${emulator[@]}" "$HUB_BIN" --db "$tmp/hub.db" serve --demo --listen 127.0.0.1:0 --port-file "$tmp/port" >"$tmp/hub.log" 2>&1 &
hub_pid=$!

for _ in $(seq 1 200); do
    [ -s "$tmp/port" ] && break
    if ! kill -0 "$hub_pid" 2>/dev/null; then
        echo "run.sh: the hub exited before listening:" >&2
        cat "$tmp/hub.log" >&2
        exit 1
    fi
    sleep 0.1
done
if [ ! -s "$tmp/port" ]; then
    echo "run.sh: the hub did not write its port file within 20 s:" >&2
    cat "$tmp/hub.log" >&2
    exit 1
fi
port=$(tr -d '[:space:]' <"$tmp/port")

status=0
node "$here/validate.mjs" "http://127.0.0.1:$port" "$token" || status=$?

kill "$hub_pid" 2>/dev/null || true
wait "$hub_pid" 2>/dev/null || true
hub_pid=""
exit "$status"
