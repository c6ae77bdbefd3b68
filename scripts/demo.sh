#!/usr/bin/env bash
# Shows Regiebord working on the embedded default: builds, starts
# regiebord-hub on a local SQLite database loaded with the bundled demo data,
# and starts the kiosk against it.
#  - With a display ($DISPLAY or $WAYLAND_DISPLAY): the kiosk opens in a window;
#    close it (or Ctrl-C) to stop the demo.
#  - Without a display: the kiosk runs under Xvfb and writes screenshots of the
#    main screens to out/screenshots/, printing where they are.
# Options: --screenshots forces the screenshot mode; --fullscreen for a real kiosk screen.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
mode=auto
fullscreen=0
for arg in "$@"; do
  case "$arg" in
    --screenshots) mode=screenshots ;;
    --fullscreen) fullscreen=1 ;;
    *) echo "usage: $0 [--screenshots] [--fullscreen]" >&2; exit 2 ;;
  esac
done

BUILD_DIR="$root/build" "$root/scripts/build.sh" -DCMAKE_BUILD_TYPE=Release -DREGIEBORD_BUILD_TESTS=OFF
bin="$root/build"
out="$root/out/demo"
mkdir -p "$out"
# The demo token is public and fixed (regiebord-hub serve --demo creates it).
printf 'demo-token-not-secret\n' > "$out/token"
chmod 600 "$out/token"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

rm -f "$out/hub.port"
"$bin/server/regiebord-hub" --db "$out/hub.db" serve --demo --listen 127.0.0.1:0 --port-file "$out/hub.port" \
  > "$out/hub.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -s "$out/hub.port" ] && break; sleep 0.1; done
[ -s "$out/hub.port" ] || { echo "regiebord-hub did not start; see $out/hub.log" >&2; cat "$out/hub.log" >&2; exit 1; }
hub="http://127.0.0.1:$(cat "$out/hub.port")"
echo "regiebord-hub: $hub (database $out/hub.db, log $out/hub.log)"
# The board in a browser too (docs/web.md): a viewing link, made as IT makes one.
link=$("$bin/server/regiebord-hub" --db "$out/hub.db" link add --board demo-regio --label "demo" | grep '^/v/')
echo "live view in a browser: http://localhost:$(cat "$out/hub.port")$link"
# The demo's past meeting with its decisions and an action, recorded through the API.
"$root/scripts/demo-decisions.sh" "$hub"

kiosk=("$bin/app/regiebord" --config /dev/null --hub "$hub" --board demo-regio --token-file "$out/token"
       --state-dir "$out/kiosk-state" --poll-seconds 10)

if [ "$mode" = auto ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
  if [ "$fullscreen" = 1 ]; then "${kiosk[@]}"; else "${kiosk[@]}" --windowed --size 1920x1080; fi
  exit 0
fi

# No display: Xvfb, then one screenshot per main screen.
shots="$root/out/screenshots"
mkdir -p "$shots"
display_num=$(( 90 + RANDOM % 100 ))
Xvfb ":$display_num" -screen 0 1920x1080x24 -noreset -nolisten tcp > "$out/xvfb.log" 2>&1 &
pids+=($!)
sleep 1
first_open=$(grep -o '"id": *"esc-[^"]*"' "$root/assets/demo/board.json" | head -1 | sed 's/.*"\(esc-[^"]*\)"/\1/')
# Every screen the kiosk registers outside chair mode (regiebord --list-screens), and one escalation.
screens=$("$bin/app/regiebord" --list-screens | awk '$0 !~ / chair/ { print $1 }')
for screen in $screens "escalaties:$first_open"; do
  name="${screen//:/-}"
  DISPLAY=":$display_num" "${kiosk[@]}" --size 1920x1080 --screen "$screen" --screenshot "$shots/$name.png" \
    2>>"$out/kiosk.log" | sed 's/^/  /'
done
echo "Screenshots of the demo are in $shots/"
