#!/usr/bin/env bash
# The hub's web side in a real browser: starts a real regiebord-hub (SQLite, the demo
# board) on a free loopback port with accounts made on its shell, then drives Debian's
# Chromium with playwright-core (web.mjs), axe-core on every page.
#   tests/web/run.sh PATH/TO/regiebord-hub
#   REGIEBORD_WEB_SCREENSHOTS=DIR  also writes each page's picture into DIR (docs/web/)
# Exit code: web.mjs's (0 = all checks passed).
set -euo pipefail

HUB_BIN=${1:?usage: run.sh PATH/TO/regiebord-hub}
HUB_BIN=$(cd "$(dirname "$HUB_BIN")" && pwd)/$(basename "$HUB_BIN")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if ! command -v node >/dev/null 2>&1 || ! command -v chromium >/dev/null 2>&1 || ! command -v sqlite3 >/dev/null 2>&1; then
    echo "run.sh: node, chromium or sqlite3 not found; installing them" >&2
    "$here/../../scripts/install-deps.sh"
fi
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
# REGIEBORD_TEST_EMULATOR; node and Chromium run natively.
read -r -a emulator <<<"${REGIEBORD_TEST_EMULATOR:-}"
hub() { "${emulator[@]}" "$HUB_BIN" --db "$tmp/hub.db" "$@"; }
# The accounts, as IT makes them: on the shell, the password from a file.
printf 'secretariaat-wachtwoord-1\n' >"$tmp/pw-secretaris"
printf 'kijker-wachtwoord-12\n' >"$tmp/pw-kijker"
hub user add secretaris --role secretariaat --password-file "$tmp/pw-secretaris" >/dev/null
hub user add kijker --role kijker --password-file "$tmp/pw-kijker" >/dev/null
printf 'it-wachtwoord-123456\n' >"$tmp/pw-it"
hub user add beheer --role it --password-file "$tmp/pw-it" >/dev/null

hub serve --demo --listen 127.0.0.1:0 --port-file "$tmp/port" >"$tmp/hub.log" 2>&1 &
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
[ -s "$tmp/port" ] || { echo "run.sh: the hub did not write its port file within 20 s" >&2; cat "$tmp/hub.log" >&2; exit 1; }
port=$(tr -d '[:space:]' <"$tmp/port")

# Two viewing links, as the secretariat makes them on the shell (one to be revoked).
link=$(hub link add --board demo-regio --label "wethouder (test)" | grep '^/v/')
spare=$(hub link add --board demo-regio --label "huurdersvereniging (test)" | grep '^/v/')
spare_id=$(hub links | awk -F'\t' '$3 == "huurdersvereniging (test)" { print $1 }')

status=0
HUB_DB="$tmp/hub.db" HUB_BIN="$HUB_BIN" LINK="$link" TMPDIR="$tmp" EDIT_WORKBOOK="$here/../integration/edit_workbook.py" SPARE_LINK="$spare" SPARE_ID="$spare_id" \
    node "$here/web.mjs" "http://localhost:$port" || status=$?
if [ "$status" -ne 0 ]; then
    echo "--- hub log" >&2
    cat "$tmp/hub.log" >&2
fi
exit "$status"
