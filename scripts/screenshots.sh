#!/usr/bin/env bash
# Renders the kiosk's screens against a demo hub into docs/screens/ (SDL's software renderer
# under Xvfb), with the default room profile (a 55" screen read from 5 m):
# - every screen at 1920x1080 (<screen>.png, the README's pictures), 3840x2160, 800x480 and in
#   portrait 1080x1920 (<screen>-<size>.png), an escalation and an agreement opened;
# - at 1920x1080, what only touch reaches, tapped with xdotool where the kiosk's UI map says and
#   captured with SIGUSR1 (the kiosk writes <state>/screen.png): the PIN keypad, a decision's
#   confirmation, undo window and confirmation by the hub, an agenda item's decision with an
#   action, the besluitenlijst, the device screen, a signage page, and a disconnected screen.
# Uses the binaries of BUILD_DIR (default build-test).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$(realpath -m "${BUILD_DIR:-$root/build-test}")"
out="$root/docs/screens"
work="$(mktemp -d)"
cleanup() { kill "${kiosk_pid:-}" "${hub_pid:-}" "${xvfb_pid:-}" "${xvfb2_pid:-}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# shellcheck source=scripts/demo-rig.sh
source "$root/scripts/demo-rig.sh"

shot() { # screen size file
  rm -rf "$work/state"
  DISPLAY="$display" "$build/app/regiebord" --config /dev/null --hub "$hub" --board demo-regio \
    --token-file "$work/token" --state-dir "$work/state" --renderer software --size "$2" \
    --screen "$1" --screenshot "$out/$3.png" >"$work/kiosk.log" 2>&1 ||
    { cat "$work/kiosk.log" >&2; exit 1; }
  echo "screenshots: $3.png ($1, $2)"
}
escalation=$(curl -sf -H "Authorization: Bearer demo-token-not-secret" "$hub/v1/boards/demo-regio/snapshot" |
  python3 -c 'import json,sys; print(next(e["id"] for e in json.load(sys.stdin)["escalations"] if e["status"]=="open"))')
if [ -z "${INTERACTIVE_ONLY:-}" ]; then
screens="overzicht afspraken vroegsignalering escalaties vergadering acties afsprakenkaart"
for screen in $screens; do
  shot "$screen" 1920x1080 "$screen"
done
shot "escalaties:$escalation" 1920x1080 "escalaties-$escalation"
shot "afspraken:pa-01" 1920x1080 "afspraken-detail"
for size in 3840x2160 800x480 1080x1920; do
  for screen in $screens; do
    shot "$screen" "$size" "$screen-$size"
  done
done

fi

# --- What only touch reaches: a running kiosk, tapped where its UI map says (on an X screen of
# its own size: SDL centres the window, and the map is in the window's coordinates).
map="$work/map.json"
display2=":$((200 + RANDOM % 100))"
Xvfb "$display2" -screen 0 1920x1080x24 -nolisten tcp >"$work/xvfb2.log" 2>&1 &
xvfb2_pid=$!
sleep 1
center() { # name -> "x y list" of the item's centre (list: 1 in a scrolling list), once it is in the map
  for _ in $(seq 100); do
    if xy=$(python3 - "$map" "$1" <<'PY' 2>/dev/null
import json, sys
for i in json.load(open(sys.argv[1]))["items"]:
    if i["name"] == sys.argv[2]:
        print(int(i["x"] + i["w"] / 2), int(i["y"] + i["h"] / 2), int(i.get("list", False))); break
else:
    sys.exit(1)
PY
    ); then echo "$xy"; return 0; fi
    sleep 0.1
  done
  echo "screenshots: $1 did not show" >&2
  return 1
}
tapname() { # tap an item of the map by name (scrolled into view with the wheel when a list hides it)
  center "$1" >/dev/null
  sleep 0.3 # let a dialog settle where it is drawn
  local x y list wheel
  for _ in $(seq 20); do
    read -r x y list <<<"$(center "$1")"
    # In a list, and outside the band where this screen's lists show: scroll it there.
    if [ "$list" = 0 ]; then break; fi
    if [ "$y" -gt 800 ]; then wheel=5; elif [ "$y" -lt 400 ]; then wheel=4; else break; fi
    DISPLAY="$display2" xdotool mousemove "$x" 650 click "$wheel"
    sleep 0.2
  done
  DISPLAY="$display2" xdotool mousemove "$x" "$y" click 1
  sleep 0.3
}
capture() { # file: the next frame of the running kiosk
  rm -f "$work/state/screen.png"
  kill -USR1 "$kiosk_pid"
  for _ in $(seq 50); do [ -s "$work/state/screen.png" ] && break; sleep 0.1; done
  cp "$work/state/screen.png" "$out/$1.png"
  echo "screenshots: $1.png (interactive)"
}
start_kiosk() { # extra flags
  rm -rf "$work/state" "$map"
  mkdir -p "$work/state"
  printf '2468\n' | "$build/app/regiebord" --config /dev/null --state-dir "$work/state" --set-pin >/dev/null
  DISPLAY="$display2" "$build/app/regiebord" --config /dev/null --hub "$hub" --board demo-regio \
    --token-file "$work/token" --state-dir "$work/state" --renderer software --windowed --size 1920x1080 \
    --ui-map "$map" "$@" >"$work/kiosk.log" 2>&1 &
  kiosk_pid=$!
}
stop_kiosk() { kill "$kiosk_pid"; wait "$kiosk_pid" || true; }
nth_item() { # prefix n: the name of the n-th item (from 0) of the map with that prefix
  for _ in $(seq 100); do
    python3 - "$map" "$1" "$2" <<'PY' 2>/dev/null && return 0
import json, sys
names = [i["name"] for i in json.load(open(sys.argv[1]))["items"] if i["name"].startswith(sys.argv[2])]
print(names[int(sys.argv[3])])
PY
    sleep 0.1
  done
  return 1
}

start_kiosk --screen escalaties
tapname "$(nth_item escalation.open. 0)" # the first in the list, in view
tapname chair.open
capture chair-pin
for digit in 2 4 6 8 ok; do tapname "pin.key.$digit"; done
tapname "$(nth_item option. 0)"
tapname decision.record
tapname confirm.ok
sleep 1
capture decision-undo
for _ in $(seq 300); do grep -qs '"decision.state.confirmed"' "$map" && break; sleep 0.1; done
capture decision-confirmed
tapname tab.apparaat
capture apparaat
# An agenda item decided with an action, then the besluitenlijst.
tapname tab.vergadering
tapname agenda.1
tapname item.outcome.vastgesteld
tapname item.action.owner.gem-voorbeeldstad
tapname item.action.due.2
# The choices scrolled back to their top for the picture: outcome and owner in view.
read -r x _ _ <<<"$(center item.action.due.2)"
DISPLAY="$display2" xdotool mousemove "$x" 650 click --repeat 8 --delay 50 4
sleep 0.5
capture vergadering-besluit-actie
tapname item.decision.record
tapname item.confirm.ok
sleep 1
tapname meeting.toggle_list
capture vergadering-besluitenlijst
stop_kiosk

# Escalation: the confirmation dialog (a fresh kiosk, the escalation still open).
start_kiosk --screen escalaties
tapname "$(nth_item escalation.open. 1)"
tapname chair.open
for digit in 2 4 6 8 ok; do tapname "pin.key.$digit"; done
tapname "$(nth_item option. 0)"
tapname decision.record
center confirm.ok >/dev/null
sleep 0.5
capture decision-confirm
stop_kiosk

# Signage: the carousel's second page of the agreements.
start_kiosk --screen overzicht --carousel-after-seconds 1 --carousel-seconds 3
for _ in $(seq 300); do grep -qs '"text": "2/' "$map" && grep -qs '"screen": "afspraken"' "$map" && break; sleep 0.1; done
capture signage-afspraken
stop_kiosk

# A screen the hub disconnected: its board stays, the room reads whom to call.
start_kiosk --screen overzicht --poll-seconds 2
center overview.open_escalations >/dev/null
"$build/server/regiebord-hub" --db "$work/hub.db" device revoke demo-kiosk >/dev/null
for _ in $(seq 100); do grep -qs '"status.refused"' "$map" && break; sleep 0.1; done
capture losgekoppeld
stop_kiosk
