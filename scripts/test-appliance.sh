#!/usr/bin/env bash
# The appliance test: boots the image of scripts/build-image.sh in QEMU (systemd as PID 1,
# the kiosk on KMSDRM through a virtio GPU, the hub in the same VM) and checks what a room
# gets after power-on:
#   - regiebord.service reaches READY=1 (Type=notify: "Started" in the journal);
#   - the kiosk picked a renderer that draws on this KMSDRM device, said so in the journal;
#   - QMP's screendump shows the Overzicht with the demo data: compared with the same
#     board rendered on the host at the same size (not a blank, an error or a "no data" screen);
#   - the journal shows the self-check lines and no errors;
#   - touch through a kernel touchscreen (a uinput device, scripts/appliance/touch-feeder.c):
#     Escalaties, the chair's PIN, a decision recorded, confirmed, and held by the hub once;
#     a drag on a list moves it and opens nothing;
#   - the watchdog restarts a stopped kiosk and the board comes back;
#   - turned 90° (display.rotation), a tap lands where the turned picture shows the item;
#   - with the hub down at boot the cached board shows under a red status bar, live again
#     once the hub runs;
#   - upgrade and rollback of the kiosk package (dpkg -i, as deployment.md) with decisions
#     queued in the outbox: the kiosk comes back after each, the decisions reach the hub once;
#   - power cuts (QMP quit, no shutdown) during a burst of decisions: after each boot, every
#     decision the screen showed as recorded is at the hub exactly once, the root filesystem
#     is mounted read-write, the kiosk starts. 3 rounds; --long: 20 (docs/reliability.md).
#   scripts/test-appliance.sh [--long] [amd64|arm64]
# Phases after the boot to the board, in this order: touch, drag, watchdog, rotation,
# hub-down, upgrade, power-cut; APPLIANCE_PHASES=upgrade,power-cut runs only those.
# Uses OUT_DIR's image (default build-image-<arch>/, made first if missing; rebuilt when
# REBUILD_IMAGE=1) and the host kiosk of BUILD_DIR (default build-test) for the reference
# picture. Logs and pictures in build-image-<arch>/run/. QEMU emulates (TCG): /dev/kvm here
# cannot run a stock kernel (../shared/PLATFORM-NOTES.md). arm64 (QEMU's virt board, a
# Cortex-A72): the boot to the board only, unless APPLIANCE_PHASES says otherwise.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds=3
[ "${1:-}" = --long ] && { rounds=20; shift; }
arch="${1:-amd64}"
image="$(realpath -m "${OUT_DIR:-$root/build-image-$arch}")"
build="$(realpath -m "${BUILD_DIR:-$root/build-test}")"
vm="$root/scripts/appliance/vm.py"
# The system's Python: the helpers run a few hundred times, and a version manager's shim in
# front of python3 (pyenv here) takes a second to start each time.
py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3)
run="$image/run"

case "$arch" in
  amd64) qemu_package=qemu-system-x86 qemu_binary=qemu-system-x86_64 ;;
  # arm64: the boot to the board only (the phases need the time of a CI run they do not have:
  # docs/appliance.md); APPLIANCE_PHASES runs some anyway.
  arm64) qemu_package=qemu-system-arm qemu_binary=qemu-system-aarch64 APPLIANCE_PHASES=${APPLIANCE_PHASES:-none} ;;
  *) echo "test-appliance.sh: $arch: amd64 or arm64" >&2; exit 2 ;;
esac
command -v "$qemu_binary" >/dev/null && command -v qemu-img >/dev/null || {
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$qemu_package" qemu-utils >/dev/null
}
if [ "${REBUILD_IMAGE:-0}" = 1 ] || [ ! -f "$image/disk.img" ]; then
  OUT_DIR="$image" "$root/scripts/build-image.sh" "$arch"
fi

rm -rf "$run"
mkdir -p "$run"
ref="$run/reference"
# shellcheck source=scripts/appliance/lib.sh
. "$root/scripts/appliance/lib.sh"
cleanup() {
  [ -n "$qemu_pid" ] && kill -9 "$qemu_pid" 2>/dev/null || true
}
trap cleanup EXIT

# The CPU: QEMU 7.2's TCG emulates AVX/AVX2 (new in 7.2) wrongly for the code llvmpipe's JIT
# makes: the guest's Mesa then gives a whole batch of triangles one colour (seen here: every
# tab blue, every bar white). Without AVX, llvmpipe takes its SSE path and draws right. Real
# hardware is not affected; QEMU_CPU=max shows the fault (the kiosk's renderer probe sees it).
cpu="${QEMU_CPU:-max,-avx,-avx2}"
# The disk stays as built: each boot writes to an overlay.
qemu-img create -q -f qcow2 -b "$image/disk.img" -F raw "$run/disk.qcow2"

echo "test-appliance: booting $arch"
boot_to_kiosk
echo "test-appliance: power-on to regiebord.service ready: ${ready} s (emulated)"
guest /bin/journalctl -b -o cat --no-pager -u regiebord.service >"$run/journal-kiosk.txt" || true
guest /bin/journalctl -b -o short-monotonic --no-pager >"$run/journal.txt" || true

# The renderer: the kiosk's own choice, logged at start-up.
grep -E 'self-check: display opened: video driver KMSDRM, renderer opengles2' "$run/journal-kiosk.txt" ||
  fail "the kiosk did not open KMSDRM with opengles2 (journal: $run/journal-kiosk.txt)"
for line in 'self-check: cache .*quick_check ok' 'self-check: outbox .*quick_check ok' 'self-check: .* MB free in /var/lib/regiebord'; do
  grep -qE "$line" "$run/journal-kiosk.txt" || fail "no self-check line '$line' in the journal"
done
# No errors: nothing at priority err or worse from the kiosk or the hub in this boot.
no_journal_errors ""

# The picture: the guest's mode from a first screendump, then the same board rendered on the
# host at that size (the same room profile and hub demo data, SDL's software renderer), then
# screendumps until the guest shows it (its first sync runs while the hub beside it starts).
"$py" "$vm" qmp "$run/qmp.sock" screendump "$run/screen.ppm"
mode=$(head -c 20 "$run/screen.ppm" | sed -n 2p | tr ' ' x)
mkdir -p "$ref"
"$build/server/regiebord-hub" --db "$ref/hub.db" serve --demo --listen 127.0.0.1:0 --port-file "$ref/port" \
  >"$ref/hub.log" 2>&1 &
hub_pid=$!
for _ in $(seq 100); do [ -s "$ref/port" ] && break; sleep 0.1; done
printf 'demo-token-not-secret\n' >"$ref/token"
chmod 600 "$ref/token"
display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 "${mode}x24" -nolisten tcp >"$ref/xvfb.log" 2>&1 &
xvfb_pid=$!
sleep 1
DISPLAY=$display "$build/app/regiebord" --config /dev/null --hub "http://127.0.0.1:$(cat "$ref/port")" \
  --board demo-regio --token-file "$ref/token" --state-dir "$ref/state" --renderer software \
  --windowed --size "$mode" --screenshot "$ref/screen.png" --wait-for-data 20 >"$ref/kiosk.log" 2>&1 || true
kill "$hub_pid" "$xvfb_pid" 2>/dev/null || true
[ -f "$ref/screen.png" ] || fail "no reference picture (see $ref/kiosk.log)"
"$py" "$root/scripts/appliance/png2ppm.py" "$ref/screen.png" "$ref/screen.ppm"
shows_board 30 || true
"$py" "$root/scripts/appliance/png2ppm.py" --to-png "$run/screen.ppm" "$run/screen.png"
echo "test-appliance: screen ${mode}; it differs from the host's rendering in ${differ} of its pixels"
awk -v d="$differ" 'BEGIN { exit !(d < 0.08) }' ||
  fail "the guest's screen is not the board (${differ} of the pixels differ; $run/screen.png, $ref/screen.png)"
echo "test-appliance: ok (boot to board)"

# At rest: the board standing still, nothing touched. SDL 2.26 on KMSDRM cannot sleep until an
# event comes and looks for input every millisecond. Counted as the main thread's wake-ups
# (voluntary context switches: the same under emulation as on hardware) and the kiosk's CPU
# (emulated, so only relative) over 20 s.
at_rest() {
  local pid
  pid=$(main_pid)
  guest /bin/sh -c "sed -n 's/^voluntary_ctxt_switches:[[:space:]]*//p' /proc/$pid/task/$pid/status; awk '{ print \$14 + \$15 }' /proc/$pid/stat"
}
sleep 5
read -r -d '' wakes_a ticks_a _ < <(at_rest) || true
sleep 20
read -r -d '' wakes_b ticks_b _ < <(at_rest) || true
wakeups=$(((wakes_b - wakes_a) / 20))
# Printed, not judged yet: about 900 a second with SDL's polling; the kiosk's own wait that
# brought it to 26 is withdrawn until the lost taps seen with it are understood
# (docs/performance.md, "At rest on KMSDRM").
echo "test-appliance: at rest: the kiosk's main thread wakes ${wakeups} times a second; its CPU $(((ticks_b - ticks_a) / 20)) % of one emulated core"
# Its memory in the room's machine: VmRSS and Pss (shared pages split between their users)
# against the VM's memory (docs/performance.md, "The appliance").
pid=$(main_pid)
memory=$(guest /bin/sh -c "sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' /proc/$pid/status; sed -n 's/^Pss:[[:space:]]*\([0-9]*\) kB/\1/p' /proc/$pid/smaps_rollup; sed -n 's/^MemTotal:[[:space:]]*\([0-9]*\) kB/\1/p' /proc/meminfo; sed -n 's/^MemAvailable:[[:space:]]*\([0-9]*\) kB/\1/p' /proc/meminfo" | tr '\n' ' ')
read -r rss_kb pss_kb total_kb available_kb <<<"$memory"
echo "test-appliance: at rest: the kiosk's VmRSS $((rss_kb / 1024)) MB, Pss $((pss_kb / 1024)) MB; the VM $((total_kb / 1024)) MB, of it $((available_kb / 1024)) MB available"

# Touch, through a kernel touchscreen (uinput, scripts/appliance/touch-feeder.c): libinput and
# SDL's evdev see finger events as from a panel. The taps go where the kiosk's UI map says.
if phase touch; then
  guest /bin/journalctl -b -o cat --no-pager -u regiebord.service | grep -q 'self-check: touch device "Regiebord test touchscreen"' ||
    fail "the kiosk did not find the touchscreen ($(guest /bin/journalctl -b -o cat --no-pager -u regiebord.service | grep -i touch))"
  unlock_chair
  decide_first_open
  wait_item 'decision.state.confirmed' 120 >/dev/null || fail "the decision ($option) was not confirmed by the hub"
  hub_decisions
  decided_once "$escalation" "$option" ||
    fail "the hub does not hold $escalation decided once as $option ($run/decisions.tsv)"
  echo "test-appliance: ok (touch: Escalaties, the PIN, $option recorded, confirmed, held by the hub once)"
fi

# A drag on the Afspraken list scrolls it. Before, a whole flick arriving between two slow
# frames was taken as a tap at its end point and opened an agreement.
if phase drag; then
  tap_item tab.afspraken
  wait_item 'agreement.card.*' 30 >/dev/null || fail "no agreement listed"
  sleep 1.5
  fetch_map
  cp "$map" "$run/ui-map-before-drag.json"
  "$py" "$vm" qga "$run/qga.sock" write /run/touch.fifo 'drag 640 620 640 420 250'
  # Until the list has settled: the map unchanged for 3 s (at most 40 s). The glide's last step
  # is drawn a frame after it is taken, and frames took 1.2 s with the host's cores kept busy.
  sleep 1
  settled=$((SECONDS + 40)) still=$SECONDS last=
  while [ $SECONDS -lt $settled ]; do
    fetch_map
    sum=$(cksum <"$map")
    if [ "$sum" != "$last" ]; then
      last=$sum still=$SECONDS
    elif [ $((SECONDS - still)) -ge 3 ]; then
      break
    fi
    sleep 0.5
  done
  # How far the cards that are in both maps moved (the list is virtualised: others come and go).
  moved=$("$py" - "$run/ui-map-before-drag.json" "$map" <<'PY'
import json, sys
def cards(path):
    return {i["name"]: i["y"] for i in json.load(open(path))["items"] if i["name"].startswith("agreement.card.")}
before, after = cards(sys.argv[1]), cards(sys.argv[2])
both = [before[n] - after[n] for n in before if n in after]
# none in both: the list moved further than the screen is high
print(int(sum(both) / len(both)) if both else 100000)
PY
  )
  # It follows the finger, glides on after the lift (an emulated frame takes 150 ms: the fling's
  # speed comes from the events' own times, tests/unit/test_touch_scroll.cpp) and opens nothing.
  [ "$moved" -ge 180 ] || fail "a 200 px flick moved the list ${moved} px"
  # Without the glide it moves 199 px (every failed run: 199); with it 224-319 px in the runs of
  # 2026-12-06/07. How far depends on how the slow frames bunch the events (the speed is the path's
  # mean over the last two takes of events; a flick taken whole in one take glides at its travel
  # over the time since the look before): the check asks for a glide, the unit tests
  # (tests/unit/test_touch_scroll.cpp) for its length.
  [ "$moved" -ge 205 ] || fail "a 200 px flick moved the list ${moved} px: it did not glide on after the lift"
  "$py" "$vm" uimap "$map" agreement.back >/dev/null && fail "the flick opened an agreement (taken as a tap)"
  echo "test-appliance: ok (flick: a 200 px flick in 250 ms moved the list ${moved} px (it glided on) and opened nothing)"
fi

# The watchdog: a kiosk that stops drawing (SIGSTOP: no more WATCHDOG=1) is restarted by
# systemd within WatchdogSec (30 s) + its stop and restart, and the board comes back.
if phase watchdog; then
  old=$(main_pid)
  [ -n "$old" ] && [ "$old" != 0 ] || fail "no kiosk process"
  guest /bin/systemctl kill --kill-whom=main -s SIGSTOP regiebord.service
  stopped=$SECONDS
  new=$old
  while [ $((SECONDS - stopped)) -lt 150 ]; do
    sleep 3
    new=$(main_pid)
    [ -n "$new" ] && [ "$new" != 0 ] && [ "$new" != "$old" ] &&
      guest /bin/systemctl is-active --quiet regiebord.service && break
  done
  [ "$new" != "$old" ] || fail "systemd did not restart the stopped kiosk within 150 s"
  restarted=$((SECONDS - stopped))
  guest /bin/journalctl -b -o cat --no-pager -u regiebord.service | grep -q 'Watchdog timeout' ||
    fail "the journal does not say the watchdog fired"
  shows_board 30 || fail "the board did not come back after the watchdog restart ($differ differ)"
  echo "test-appliance: ok (watchdog: SIGSTOP to a new kiosk showing the board in ${restarted} s; WatchdogSec=30)"
fi

# Turned 90° (display.rotation, a panel mounted upright): picture and touch turn together,
# so a tap on the panel lands on the item the turned picture shows there.
if phase rotation; then
  set_rotation() {
    guest /bin/rm -f /var/lib/regiebord/ui-map.json
    guest /bin/sed -i "s/^rotation = [0-9]*/rotation = $1/" /etc/regiebord/regiebord.toml
    guest /bin/systemctl restart regiebord.service
    rotation=$1
  }
  set_rotation 90
  guest /bin/journalctl -b -o cat --no-pager -u regiebord.service | grep 'display opened' | tail -1 |
    grep -q ', rotation 90,' || fail "the kiosk did not say it turned the picture 90°"
  # The picture is upright: 800 px wide, 1280 high. (Until the new kiosk draws, the map can
  # still be the old one's: it may write a last frame between the rm and its stop.)
  wide=0
  for _ in $(seq 60); do
    fetch_map
    wide=$("$py" -c 'import json, sys; print(int(max(i["x"] + i["w"] for i in json.load(open(sys.argv[1]))["items"])))' \
      "$map" 2>/dev/null || echo 0)
    [ "$wide" -gt 0 ] && [ "$wide" -le 800 ] && break
    sleep 1
  done
  [ "$wide" -gt 0 ] && [ "$wide" -le 800 ] || fail "turned 90°, the picture is still ${wide} px wide"
  wait_item tab.escalaties 60 >/dev/null || fail "no board after turning the picture"
  tap_item tab.escalaties
  screen_is escalaties || fail "turned 90°, a tap on Escalaties did not open it"
  "$py" "$vm" qmp "$run/qmp.sock" screendump "$run/rotated.ppm"
  "$py" "$root/scripts/appliance/png2ppm.py" --to-png "$run/rotated.ppm" "$run/rotated.png"
  set_rotation 0
  echo "test-appliance: ok (turned 90°: the picture upright, a tap on the panel opened Escalaties)"
fi

# The hub down at boot: the kiosk shows its cached board and says the hub is unreachable
# (the status bar red), then goes live when the hub comes.
if phase hub-down; then
  guest /bin/systemctl disable regiebord-hub.service >/dev/null 2>&1
  guest /bin/systemctl reboot >/dev/null 2>&1 || true
  sleep 5
  wait_console 'reboot: Restarting system' 120 || true
  # The console log continues in the same file: wait for the second "Started regiebord.service".
  deadline=$((SECONDS + 600))
  while [ "$(grep -c 'Started regiebord.service' "$run/serial.log")" -lt 2 ] && [ $SECONDS -lt $deadline ]; do
    sleep 2
  done
  [ "$(grep -c 'Started regiebord.service' "$run/serial.log")" -ge 2 ] || fail "no second boot to the kiosk"
  "$py" "$vm" qga "$run/qga.sock" wait 120 || fail "the guest agent did not answer after the reboot"
  red=0
  for _ in $(seq 40); do
    "$py" "$vm" qmp "$run/qmp.sock" screendump "$run/offline.ppm"
    red=$("$py" "$vm" band "$run/offline.ppm" 5A161E 0.9 1.0)
    awk -v r="$red" 'BEGIN { exit !(r > 0.3) }' && break
    sleep 3
  done
  "$py" "$root/scripts/appliance/png2ppm.py" --to-png "$run/offline.ppm" "$run/offline.png"
  awk -v r="$red" 'BEGIN { exit !(r > 0.3) }' || fail "no red status bar with the hub down ($run/offline.png)"
  cached=$("$py" "$vm" compare "$run/offline.ppm" "$ref/screen.ppm")
  awk -v d="$cached" 'BEGIN { exit !(d < 0.12) }' ||
    fail "with the hub down the screen is not the cached board (${cached} differ; $run/offline.png)"
  guest /bin/systemctl start regiebord-hub.service
  shows_board 40 || fail "the kiosk did not go live when the hub came ($differ differ)"
  echo "test-appliance: ok (hub down at boot: the cached board with a red status bar, live again once the hub runs)"
  guest /bin/systemctl enable regiebord-hub.service >/dev/null 2>&1
fi

# Upgrade and rollback with decisions queued (deployment.md, "Updates"): the hub is stopped,
# the chair records two decisions (the screen shows them queued), the kiosk package is
# upgraded with dpkg -i and rolled back the same way. The kiosk comes back after each and
# the queued decisions stay; with the hub back, both arrive once.
if phase upgrade; then
  guest /bin/systemctl stop regiebord-hub.service
  unlock_chair
  queued=()
  for _ in 1 2; do
    decide_first_open
    wait_recorded 90 || fail "the decision on $escalation was not shown as recorded"
    [ "$shown" = pending ] || fail "with the hub down the decision on $escalation shows $shown, not queued"
    queued+=("$escalation $option")
    back_to_list
  done
  kiosk_deb=$(ls "$image"/debs/regiebord_*.deb)
  installed=$(guest /usr/bin/dpkg-query -W -f='${Version}' regiebord)
  next="$installed+appliance1"
  # The next version: the same files, a higher version (its maintainer scripts run as on any upgrade).
  rm -rf "$run/next"
  dpkg-deb -R "$kiosk_deb" "$run/next"
  sed -i "s/^Version: .*/Version: $next/" "$run/next/DEBIAN/control"
  dpkg-deb -b --root-owner-group "$run/next" "$run/regiebord_next.deb" >/dev/null
  # Installs package $1 (a host file) in the guest; the kiosk must come back with the board.
  install_in_guest() {
    local old new
    old=$(main_pid)
    "$py" "$vm" qga "$run/qga.sock" push "$1" /var/tmp/regiebord.deb
    guest /usr/bin/dpkg -i /var/tmp/regiebord.deb >"$run/dpkg.log" 2>&1 || fail "dpkg -i $(basename "$1") failed ($run/dpkg.log)"
    [ "$(guest /usr/bin/dpkg-query -W -f='${Version}' regiebord)" = "$2" ] || fail "regiebord $2 is not installed"
    for _ in $(seq 60); do
      new=$(main_pid)
      [ -n "$new" ] && [ "$new" != 0 ] && [ "$new" != "$old" ] && guest /bin/systemctl is-active --quiet regiebord.service && break
      sleep 2
    done
    [ "$new" != "$old" ] || fail "the kiosk was not restarted by the package $2"
    # The board is back as it was (the cached one, the hub is down) and says the decisions still wait.
    wait_text status.outbox "$waiting" 90 || fail "after installing $2 the screen does not say '$waiting'"
    shows_board 20 "$run/before-upgrade.ppm" 0.05 "$run/before-upgrade.json" ||
      fail "after installing $2 the board did not come back ($differ differ)"
  }
  waiting="${#queued[@]} besluit(en) wachten op verzending"
  # The reference picture as a restarted kiosk shows it: Overzicht, chair mode closed.
  tap_item tab.overzicht
  screen_is overzicht || fail "a tap on Overzicht did not open it"
  tap_item chair.close
  wait_item chair.button 30 >/dev/null || fail "a tap on the chair's countdown did not close chair mode"
  wait_text status.outbox "$waiting" 30 || fail "the screen does not say '$waiting'"
  sleep 1
  "$py" "$vm" qmp "$run/qmp.sock" screendump "$run/before-upgrade.ppm"
  fetch_map
  cp "$map" "$run/before-upgrade.json"
  install_in_guest "$run/regiebord_next.deb" "$next"
  echo "test-appliance: ok (upgrade to $next with 2 decisions queued: the kiosk is back, both still queued)"
  install_in_guest "$kiosk_deb" "$installed"
  echo "test-appliance: ok (rollback to $installed: the kiosk is back, both still queued)"
  guest /bin/systemctl start regiebord-hub.service
  wait_at_hub_once "${queued[@]}" || fail "after the upgrade and rollback the queued decisions did not reach the hub once each ($run/decisions.tsv)"
  echo "test-appliance: ok (after upgrade and rollback both queued decisions reached the hub, once each)"
fi

# Power cuts during a burst of decisions: the chair records one or two decisions, and the VM
# is cut off (QMP quit) at a random moment from just before the last one leaves its undo
# window (its countdown's last second) to about 2 s after: in the undo window, while it is
# written to the outbox, sent, or confirmed. After each boot: every decision the screen showed as
# recorded (queued, being sent, confirmed) is at the hub exactly once, no escalation is
# decided twice, the root filesystem is mounted read-write, the kiosk starts.
if phase power-cut; then
  shown_list=()
  states=""
  # A round decides one or two escalations, and the demo board has 12 open ones: for more rounds
  # (--long) the hub imports the demo board with test escalations added (regiebord-hub import, as
  # the programme office would; the hub keeps its decisions on the others). They are "kritiek",
  # so the list shows them first.
  hub_decisions
  open_now=$((12 - $(awk -F'\t' 'NR > 1 && $2 ~ /^esc-/' "$run/decisions.tsv" | wc -l)))
  needed=$((rounds * 3 / 2 + 1))
  if [ "$needed" -gt "$open_now" ]; then
    added=$((needed - open_now + 4))
    "$py" "$root/scripts/appliance/test-escalations.py" "$root/assets/demo/board.json" "$added" >"$run/long-board.json"
    "$py" "$vm" qga "$run/qga.sock" push "$run/long-board.json" /tmp/long-board.json
    guest_hub import --by appliance-test /tmp/long-board.json >"$run/long-board-import.txt" ||
      fail "the hub did not import the board with test escalations ($run/long-board-import.txt)"
    echo "test-appliance: $added test escalations added for $rounds rounds (regiebord-hub import)"
  fi
  for round in $(seq "$rounds"); do
    round_start=$SECONDS
    unlock_chair
    unlocked=$((SECONDS - round_start))
    burst=$((1 + round % 2))
    for k in $(seq "$burst"); do
      decide_first_open
      if [ "$k" -lt "$burst" ]; then
        wait_recorded 90 || fail "round $round: the decision on $escalation was not shown as recorded"
        shown_list+=("$escalation $option")
        back_to_list
        continue
      fi
      # The last one: its undo window counts down on the screen; from its last second on,
      # the cut comes 0.5 to 2.5 s later, and the state is watched until then.
      cut_at=$(($(now_ms) + 60000))
      state=""
      recorded=0
      while [ "$(now_ms)" -lt "$cut_at" ]; do
        state=$(decision_state)
        case "$state" in
          "held 1" | "held 0") [ "$cut_at" -gt $(($(now_ms) + 3000)) ] && cut_at=$(($(now_ms) + 500 + RANDOM % 2000)) ;;
          pending | sending | confirmed)
            recorded=1
            [ "$cut_at" -gt $(($(now_ms) + 3000)) ] && cut_at=$(($(now_ms) + RANDOM % 1000))
            ;;
        esac
      done
      # Only what the screen showed before the cut counts as recorded.
      [ "$recorded" = 1 ] && shown_list+=("$escalation $option")
      state=${state:-none}
      states+=" ${state// /-}"
    done
    power_cut
    cut=$((SECONDS - round_start))
    boot_to_kiosk
    findmnt_opts=$(guest /bin/findmnt -no OPTIONS /)
    case "$findmnt_opts" in rw,*) ;; *) fail "round $round: the root filesystem is mounted $findmnt_opts" ;; esac
    wait_at_hub_once "${shown_list[@]}" ||
      fail "round $round: ${arrived} of ${#shown_list[@]} decisions shown as recorded are at the hub once ($run/decisions.tsv)"
    # No subject twice, whatever the screen showed.
    dup=$(awk -F'\t' 'NR > 1 { n[$2]++ } END { for (s in n) if (n[s] > 1) print s }' "$run/decisions.tsv")
    [ -z "$dup" ] || fail "round $round: decided twice at the hub: $dup"
    # Once nothing waits in the outbox, whatever the hub does not hold was lost in the cut
    # before it was recorded (its undo window is in memory only): it may be decided again.
    for _ in $(seq 90); do
      fetch_map
      "$py" "$vm" uimap "$map" status.outbox >/dev/null || break
      sleep 1
    done
    "$py" "$vm" uimap "$map" status.outbox >/dev/null && fail "round $round: decisions still wait in the outbox"
    hub_decisions
    mapfile -t tried < <(awk -F'\t' 'NR > 1 { print $2 }' "$run/decisions.tsv")
    echo "test-appliance: power cut $round of $rounds (burst of $burst, last state seen: ${states##* }): boot to ready ${ready} s, all ${#shown_list[@]} decisions shown as recorded are at the hub once (round ${unlocked}/${cut}/$((SECONDS - round_start)) s: unlocked/cut/checked)"
  done
  no_journal_errors " after the power cuts"
  echo "test-appliance: ok (power cuts: $rounds rounds, ${#shown_list[@]} decisions shown as recorded, each at the hub once; the last state seen before each cut:$states)"
fi
