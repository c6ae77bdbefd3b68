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

# shellcheck source=tests/support/node_hub.sh
source "$here/../support/node_hub.sh"
node_hub_packages node npm chromium sqlite3

# The accounts, as IT makes them: on the shell, the password from a file.
printf 'secretariaat-wachtwoord-1\n' >"$tmp/pw-secretaris"
printf 'kijker-wachtwoord-12\n' >"$tmp/pw-kijker"
hub user add secretaris --role secretariaat --password-file "$tmp/pw-secretaris" >/dev/null
hub user add kijker --role kijker --password-file "$tmp/pw-kijker" >/dev/null
printf 'it-wachtwoord-123456\n' >"$tmp/pw-it"
hub user add beheer --role it --password-file "$tmp/pw-it" >/dev/null

hub_serve

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
