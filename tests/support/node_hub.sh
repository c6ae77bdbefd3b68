# Sourced by the tests driven from Node (tests/schema/run.sh, tests/web/run.sh), after they set
# HUB_BIN (the hub binary) and `here` (their folder): the npm packages of their package-lock.json,
# a temporary directory removed at exit with the hub, and a real regiebord-hub on a free port.
#   node_hub_packages CMD...   installs the Debian packages (install-deps.sh) when a CMD is missing,
#                              then `npm ci` in $here when its node_modules is
#   hub ARGS...                regiebord-hub --db $tmp/hub.db ARGS, through REGIEBORD_TEST_EMULATOR
#                              when cross-built (scripts/test-arm64.sh); node runs natively
#   hub_serve                  `hub serve --demo` on 127.0.0.1, in the background: sets hub_pid and
#                              port, or exits with the hub's log
# shellcheck shell=bash

node_hub_packages() {
    local missing=0 cmd
    for cmd in "$@"; do command -v "$cmd" >/dev/null 2>&1 || missing=1; done
    if [ "$missing" -eq 1 ]; then
        echo "run.sh: one of $* is missing; installing the test dependencies" >&2
        # shellcheck disable=SC2154 # here: set by the script that sources this file
        "$here/../../scripts/install-deps.sh"
    fi
    if [ ! -d "$here/node_modules" ]; then
        (cd "$here" && npm ci --no-audit --no-fund)
    fi
}

tmp=$(mktemp -d)
hub_pid=""
node_hub_cleanup() {
    if [ -n "$hub_pid" ] && kill -0 "$hub_pid" 2>/dev/null; then
        kill "$hub_pid" 2>/dev/null || true
        wait "$hub_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap node_hub_cleanup EXIT

read -r -a node_hub_emulator <<<"${REGIEBORD_TEST_EMULATOR:-}"
hub() { "${node_hub_emulator[@]}" "$HUB_BIN" --db "$tmp/hub.db" "$@"; }

hub_serve() {
    # Not through hub(): a function in the background is a subshell, and $! would be its pid,
    # not the hub's (the cleanup would leave the hub running).
    "${node_hub_emulator[@]}" "$HUB_BIN" --db "$tmp/hub.db" serve --demo --listen 127.0.0.1:0 \
        --port-file "$tmp/port" >"$tmp/hub.log" 2>&1 &
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
    # shellcheck disable=SC2034 # port: for the script that sources this file
    port=$(tr -d '[:space:]' <"$tmp/port")
}
