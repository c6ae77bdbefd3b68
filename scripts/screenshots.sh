#!/usr/bin/env bash
# Renders the kiosk's screens against a demo hub into docs/screens/ (SDL's software renderer
# under Xvfb): every screen at 1920x1080 (the README's pictures), and the Overzicht and the
# Afspraken at 3840x2160, 800x480 and in portrait (1080x1920), with the default room profile
# (a 55" screen read from 5 m). Uses the binaries of BUILD_DIR (default build-test).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$(realpath -m "${BUILD_DIR:-$root/build-test}")"
out="$root/docs/screens"
work="$(mktemp -d)"
cleanup() { kill "${hub_pid:-}" "${xvfb_pid:-}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

"$build/server/regiebord-hub" --db "$work/hub.db" serve --demo --listen 127.0.0.1:0 --port-file "$work/port" \
  >"$work/hub.log" 2>&1 &
hub_pid=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
hub="http://127.0.0.1:$(cat "$work/port")"
echo demo-token-not-secret >"$work/token"
chmod 600 "$work/token"
display=":$((90 + RANDOM % 100))"
Xvfb "$display" -screen 0 3840x2160x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
sleep 1

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
for screen in overzicht afspraken vroegsignalering escalaties vergadering acties afsprakenkaart; do
  shot "$screen" 1920x1080 "$screen"
done
shot "escalaties:$escalation" 1920x1080 "escalaties-$escalation"
for size in 3840x2160 800x480 1080x1920; do
  for screen in overzicht afspraken; do
    shot "$screen" "$size" "$screen-$size"
  done
done
