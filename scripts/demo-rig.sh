# Sourced by the scripts that render the kiosk (screenshots.sh, visible-counts.sh): a demo hub
# on a fresh SQLite store in $work, the demo device's token, and an Xvfb of 3840x2160 on
# $display. Expects $build and $work; sets $hub, $display, $hub_pid, $xvfb_pid (the caller's
# cleanup stops them).
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
