#!/usr/bin/env bash
# Counts the items each list screen shows whole at once, per screen size, with the demo board
# and the default room profile (a 55" screen read from 5 m): the kiosk renders each screen once
# (screenshot mode, SDL's software renderer under Xvfb) and writes its UI map; an item counts
# when its whole rectangle lies above the status bar. Prints a Markdown table
# (docs/readability.md, "Items visible at once"). Uses the binaries of BUILD_DIR (default
# build-test).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$(realpath -m "${BUILD_DIR:-$root/build-test}")"
work="$(mktemp -d)"
cleanup() { kill "${hub_pid:-}" "${xvfb_pid:-}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# shellcheck source=scripts/demo-rig.sh
source "$root/scripts/demo-rig.sh"

sizes="1920x1080 3840x2160 800x480 1080x1920"
echo "| Screen (items) | ${sizes// / | } |"
echo "|---|---|---|---|---|"
for row in "afspraken agreement.card. Afspraken (agreements)" "vroegsignalering warning. Vroegsignalering (warnings)" \
  "escalaties escalation.open. Escalaties (open escalations)" "vergadering agenda. Vergadering (agenda items)" \
  "acties action. Acties (open actions)"; do
  read -r screen prefix label <<<"$row"
  line="| $label |"
  for size in $sizes; do
    rm -rf "$work/state"
    DISPLAY="$display" "$build/app/regiebord" --config /dev/null --hub "$hub" --board demo-regio \
      --token-file "$work/token" --state-dir "$work/state" --renderer software --windowed --size "$size" \
      --screen "$screen" --screenshot "$work/shot.png" --ui-map "$work/map.json" >"$work/kiosk.log" 2>&1
    read -r shown < <(python3 - "$work/map.json" "$prefix" <<'PY'
import json, sys
items = json.load(open(sys.argv[1]))["items"]
prefix = sys.argv[2]
bottom = min((i["y"] for i in items if i["name"] in ("chair.button", "language.toggle", "status.online")), default=1e9)
# The item of a whole card or row: its name is the prefix and an id (no part of one).
mine = [i for i in items if i["name"].startswith(prefix) and "." not in i["name"][len(prefix):]]
whole = [i for i in mine if i["y"] >= 0 and i["y"] + i["h"] <= bottom + 0.5]
print(len(whole))
PY
    )
    line="$line $shown |"
  done
  echo "$line"
done
