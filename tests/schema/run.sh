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

# shellcheck source=tests/support/node_hub.sh
source "$here/../support/node_hub.sh"
node_hub_packages node npm
hub_serve

status=0
node "$here/validate.mjs" "http://127.0.0.1:$port" "$token" || status=$?

kill "$hub_pid" 2>/dev/null || true
wait "$hub_pid" 2>/dev/null || true
hub_pid=""
exit "$status"
