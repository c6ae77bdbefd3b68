# shellcheck shell=bash
# shellcheck disable=SC2154,SC2034  # the caller sets $run, $image, $vm, $py, $cpu; reads $ready, $option, $shown
# What scripts/test-appliance.sh does to the VM, as functions: power on, wait for the console,
# run commands in the guest, read the kiosk's UI map, tap through the touchscreen, compare the
# screen. Sourced; expects $root, $image, $run, $vm, $py (python3), $cpu and $ref (the host's reference
# picture directory) to be set, and keeps the QEMU process in $qemu_pid.

qemu_pid=""
# Touch coordinates are the panel's (the output's, 1280x800 here); the UI map's are the
# picture's. With display.rotation set, touch_at turns one into the other as the kiosk's
# Display::toPicture does in reverse.
rotation=0
output_w=1280
output_h=800

# Is phase $1 one to run? APPLIANCE_PHASES (comma-separated; default: every phase).
phase() {
  [ -z "${APPLIANCE_PHASES:-}" ] || [[ ",$APPLIANCE_PHASES," == *",$1,"* ]] || return 1
  echo "test-appliance: phase $1 (at $((SECONDS - phase_clock)) s)"
}
phase_clock=$SECONDS

fail() {
  echo "test-appliance: FAILED: $*" >&2
  # What the guest showed and logged at that moment, when it still answers (each step
  # bounded: a VM that hangs must not hang the report).
  if [ -z "${failing:-}" ] && [ -S "$run/qmp.sock" ]; then
    failing=1
    timeout 20 "$py" "$vm" qmp "$run/qmp.sock" screendump "$run/at-failure.ppm" 2>/dev/null &&
      "$py" "$root/scripts/appliance/png2ppm.py" --to-png "$run/at-failure.ppm" "$run/at-failure.png" 2>/dev/null
    timeout 30 "$py" "$vm" qga "$run/qga.sock" exec /bin/journalctl -b -o short-monotonic --no-pager \
      -u regiebord.service -u regiebord-touch-feeder.service >"$run/journal-at-failure.txt" 2>/dev/null || true
    [ -n "${map:-}" ] && [ -f "$map" ] && cp "$map" "$run/ui-map-at-failure.json"
    echo "test-appliance: at the failure: $run/at-failure.png, journal-at-failure.txt, ui-map-at-failure.json" >&2
  fi
  echo "test-appliance: the console: $run/serial.log; pictures in $run" >&2
  exit 1
}

# Powers the VM on from the overlay disk (QEMU in the background, $qemu_pid); the console
# log starts empty. No network unless BOOT_NIC gives QEMU's -nic (the boot benchmark's hub on
# the host).
# amd64: a q35 PC; arm64: QEMU's virt board with a Cortex-A72 (a Raspberry Pi 4's core).
boot() {
  : >"$run/serial.log"
  local machine console
  if [ "${arch:-amd64}" = arm64 ]; then
    machine=(qemu-system-aarch64 -machine virt -accel "tcg,thread=multi" -cpu cortex-a72)
    console=ttyAMA0
  else
    machine=(qemu-system-x86_64 -machine q35 -accel "tcg,thread=multi" -cpu "$cpu")
    console=ttyS0
  fi
  "${machine[@]}" -smp 2 -m 2048 \
    -kernel "$image/vmlinuz" -initrd "$image/initrd.img" \
    -append "root=/dev/vda rw console=$console systemd.journald.forward_to_console=1${BOOT_APPEND:+ $BOOT_APPEND}" \
    -drive file="$run/disk.qcow2",if=virtio,format=qcow2 \
    -vga none -device virtio-gpu-pci -display none -nic "${BOOT_NIC:-none}" \
    -chardev socket,path="$run/qga.sock",server=on,wait=off,id=qga0 \
    -device virtio-serial -device virtserialport,chardev=qga0,name=org.qemu.guest_agent.0 \
    -qmp unix:"$run/qmp.sock",server=on,wait=off \
    -serial file:"$run/serial.log" >"$run/qemu.log" 2>&1 &
  qemu_pid=$!
}

# The power cut: QEMU ends at once (QMP quit), nothing in the guest is told. What the guest
# had not written to its virtual disk is gone, as when the plug is pulled.
power_cut() {
  "$py" "$vm" qmp "$run/qmp.sock" quit
  for _ in $(seq 50); do
    kill -0 "$qemu_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$qemu_pid" 2>/dev/null || true
  wait "$qemu_pid" 2>/dev/null || true
  qemu_pid=""
}

# Waits until the console shows a line matching $1 (an extended regex), at most $2 seconds.
wait_console() {
  local deadline=$((SECONDS + $2))
  while [ $SECONDS -lt $deadline ]; do
    grep -qE "$1" "$run/serial.log" && return 0
    kill -0 "$qemu_pid" 2>/dev/null || fail "QEMU ended (see $run/qemu.log)"
    sleep 1
  done
  return 1
}

# Boots and waits for the kiosk's READY=1 and the guest agent; sets $ready (seconds).
boot_to_kiosk() {
  local start=$SECONDS
  boot
  wait_console 'Started regiebord.service' 600 || fail "regiebord.service did not report READY=1 within 600 s"
  ready=$((SECONDS - start))
  "$py" "$vm" qga "$run/qga.sock" wait 120 || fail "the guest agent did not answer"
}

guest() { "$py" "$vm" qga "$run/qga.sock" exec "$@"; }
main_pid() { guest /bin/systemctl show -p MainPID --value regiebord.service | tr -d '[:space:]'; }
# The hub's command line in the guest, as its service user (deployment.md).
guest_hub() { guest /sbin/runuser -u regiebord-hub -- /usr/bin/regiebord-hub "$@"; }

# Screendumps until the guest shows the reference picture $2 (default the board: $ref/screen.ppm)
# within the share $3 (default 0.08) of its pixels, at most $1 tries 3 s apart; sets $differ.
# With $4, the UI map written with the reference picture: the picture is compared moved by
# the burn-in pixel shift between the two (where tab.overzicht is on each), which moves the
# whole picture a few pixels every few minutes.
shows_board() {
  local reference="${2:-$ref/screen.ppm}" limit="${3:-0.08}" shift=(0 0) was now
  differ=1
  for _ in $(seq "$1"); do
    "$py" "$vm" qmp "$run/qmp.sock" screendump "$run/screen.ppm"
    if [ -n "${4:-}" ]; then
      fetch_map
      if was=$("$py" "$vm" uimap "$4" tab.overzicht) && now=$("$py" "$vm" uimap "$map" tab.overzicht); then
        read -r -a was <<<"$was"
        read -r -a now <<<"$now"
        shift=($((now[0] - was[0])) $((now[1] - was[1])))
      fi
    fi
    differ=$("$py" "$vm" compare "$run/screen.ppm" "$reference" --shift "${shift[@]}")
    awk -v d="$differ" -v l="$limit" 'BEGIN { exit !(d < l) }' && return 0
    sleep 3
  done
  return 1
}

# The kiosk's UI map (--ui-map): where each item is on the picture, written with each frame.
map="$run/ui-map.json"
fetch_map() { "$py" "$vm" qga "$run/qga.sock" cat /var/lib/regiebord/ui-map.json >"$map" 2>/dev/null || true; }
# Waits (at most $2 s) until the map has item $1; prints its centre. More arguments go to
# vm.py uimap (--except ...).
wait_item() {
  local name=$1 deadline=$((SECONDS + $2)) at
  shift 2
  while [ $SECONDS -lt $deadline ]; do
    fetch_map
    if at=$("$py" "$vm" uimap "$map" "$name" "$@"); then
      echo "$at"
      return 0
    fi
    sleep 1
  done
  return 1
}
# A tap at picture point ($1, $2): the panel's point under it, given the rotation.
touch_at() {
  local x y
  case "$rotation" in
    90) x=$((output_w - $2)) y=$1 ;;
    180) x=$((output_w - $1)) y=$((output_h - $2)) ;;
    270) x=$2 y=$((output_h - $1)) ;;
    *) x=$1 y=$2 ;;
  esac
  "$py" "$vm" qga "$run/qga.sock" write /run/touch.fifo "tap $x $y"
}
# Taps item $1 once it stands still in two maps in a row (a dialog is centred a frame after
# it opens; an emulated frame takes about 150 ms).
tap_item() {
  local at prev tries=0
  at=$(wait_item "$1" "${2:-30}") || fail "no $1 on the screen ($map)"
  while :; do
    sleep 0.3
    prev=$at
    at=$(wait_item "$1" 10) || fail "$1 went away ($map)"
    [ "$at" = "$prev" ] && break
    tries=$((tries + 1))
    [ "$tries" -lt 20 ] || fail "$1 does not stand still ($map)"
  done
  # shellcheck disable=SC2086
  touch_at $at
}
# Waits (at most $3 s) until item $1's text in the map is $2.
wait_text() {
  local deadline=$((SECONDS + $3))
  while [ $SECONDS -lt $deadline ]; do
    fetch_map
    [ "$("$py" -c 'import json, sys
print(next((i.get("text", "") for i in json.load(open(sys.argv[1]))["items"] if i["name"] == sys.argv[2]), ""))' \
      "$map" "$1" 2>/dev/null)" = "$2" ] && return 0
    sleep 1
  done
  return 1
}
# Waits (at most $2 s, default 30) until the map was written on screen $1.
screen_is() {
  local _
  for _ in $(seq "${2:-30}"); do
    fetch_map
    [ "$("$py" "$vm" uimap "$map" --screen)" = "$1" ] && return 0
    sleep 1
  done
  return 1
}

# Escalaties, then chair mode with the PIN (the demo's 2468).
unlock_chair() {
  tap_item tab.escalaties 60
  screen_is escalaties || fail "a tap on Escalaties did not open it"
  tap_item chair.button
  wait_item pin.dialog 30 >/dev/null || fail "the chair's keypad did not open"
  local digit
  for digit in 2 4 6 8; do
    tap_item "pin.key.$digit"
  done
  tap_item pin.key.ok
  wait_item chair.close 30 >/dev/null || fail "the PIN did not open chair mode"
}

# In chair mode on Escalaties: opens the first listed escalation not in $tried (decided,
# or queued, by this test), picks its first option and records it (record, confirm). Sets
# $escalation and $option (ids) and adds the escalation to $tried. Returns once the confirm
# button was tapped: the undo window runs, nothing is recorded yet.
tried=()
decide_first_open() {
  local name x y
  read -r name x y < <(wait_item 'escalation.open.*' 30 --except "${tried[@]}") ||
    fail "no open escalation listed (beside ${tried[*]})"
  escalation=${name#escalation.open.}
  tried+=("$escalation")
  touch_at "$x" "$y"
  read -r name x y < <(wait_item 'option.*' 30) || fail "no options on $escalation"
  option=${name#option.}
  touch_at "$x" "$y"
  sleep 0.5
  tap_item decision.record
  tap_item confirm.ok
}

# The state the open escalation's decision shows: "held N" (its undo window, N seconds left),
# recording, pending, sending, confirmed, ... ("" when none).
decision_state() {
  fetch_map
  "$py" -c 'import json, sys
items = json.load(open(sys.argv[1]))["items"]
state = next((i for i in items if i["name"].startswith("decision.state.")), None)
if state is None:
    print("")
elif state["name"] == "decision.state.held":
    print("held", state.get("text", "").split()[-2])  # "... 3 s"
else:
    print(state["name"][len("decision.state."):])' "$map" 2>/dev/null || true
}
now_ms() { date +%s%3N; }

# Waits (at most $1 s) until the screen shows the decision as recorded: queued in the outbox
# (pending), being sent, or confirmed by the hub. Sets $shown to the state.
wait_recorded() {
  local deadline=$((SECONDS + $1)) state
  shown=""
  while [ $SECONDS -lt $deadline ]; do
    fetch_map
    for state in pending sending confirmed; do
      if "$py" "$vm" uimap "$map" "decision.state.$state" >/dev/null; then
        shown=$state
        return 0
      fi
    done
    sleep 0.3
  done
  return 1
}

# Back to the list of escalations from an opened one.
back_to_list() {
  tap_item escalation.back
  wait_item 'escalation.*' 30 >/dev/null || fail "the list of escalations did not come back"
}

# The decisions the hub holds (regiebord-hub decisions) into $run/decisions.tsv; then
# decided_once ESCALATION OPTION: is it there exactly once, with that option?
hub_decisions() { guest_hub decisions --board demo-regio >"$run/decisions.tsv" || fail "regiebord-hub decisions failed"; }
decided_once() {
  [ "$(awk -F'\t' -v s="$1" -v o="$2" '$2 == s && $4 == o' "$run/decisions.tsv" | wc -l)" = 1 ] &&
    [ "$(awk -F'\t' -v s="$1" '$2 == s' "$run/decisions.tsv" | wc -l)" = 1 ]
}

# Waits (at most about 3 min) until each argument, "ESCALATION OPTION", is at the hub exactly
# once; sets $arrived to how many are. $run/decisions.tsv is the hub's list at the last look.
wait_at_hub_once() {
  local item
  for _ in $(seq 60); do
    hub_decisions
    arrived=0
    for item in "$@"; do
      # shellcheck disable=SC2086
      decided_once $item && arrived=$((arrived + 1))
    done
    [ "$arrived" = "$#" ] && return 0
    sleep 2
  done
  return 1
}

# Nothing at priority err or worse from the kiosk or the hub in this boot; $1 says when.
no_journal_errors() {
  guest /bin/journalctl -b -p err -o cat --no-pager -u regiebord.service -u regiebord-hub.service \
    >"$run/journal-errors.txt" || true
  [ ! -s "$run/journal-errors.txt" ] || fail "errors in the journal$1: $(head -3 "$run/journal-errors.txt")"
}
