#!/usr/bin/env bash
# The boot benchmark of issue 18 (docs/performance.md, "Boot: the appliance against a Chromium
# kiosk"): the same appliance image booted BOOTS times (default 5) to the Regiebord kiosk and
# BOOTS times to a Chromium kiosk showing an equivalent static dashboard (bench/appliance-boot/
# dashboard.html on a bare X server: regiebord-bench-chromium.service), in turns, under QEMU's
# emulation (TCG, no KVM on this machine), each from a fresh overlay of the built disk.
# For each boot: power-on to the board on screen, and the display program's own share (from
# the console's "Starting <unit>" to the picture), both on the host's clock
# (bench/appliance-boot/boot_watch.py); at the end the medians, the ratio of the shares
# (goal: the kiosk's at most 1/5 of Chromium's), and the memory each takes in the VM (Pss of
# the kiosk; of Chromium's processes and the X server) against the VM's.
#   [BOOTS=5] [BENCH_HUB=host|vm|none] bench/appliance-boot/boot_bench.sh [amd64|arm64]
# BENCH_HUB: where the kiosk's hub runs. host (the default): this build's hub package on the
# host, which the guest reaches at its usual address (127.0.0.1:8080, a socket proxy in the
# guest) through QEMU's user networking, restricted to that one forward: as a room's box
# reaches its hub over the network. vm: the hub starts beside the program in each boot, as in
# the appliance test. none: no hub (the kiosk shows its cached board as offline).
# Builds the image first (build-image.sh with Chromium, Xorg and the dashboard added) into
# build-image-<arch>-bench/ unless it is there (REBUILD_IMAGE=1: again); needs the packages in
# dist/ (scripts/build-packages.sh <arch>) and root.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$root/bench/appliance-boot"
arch="${1:-amd64}"
boots="${BOOTS:-5}"
image="$(realpath -m "${OUT_DIR:-$root/build-image-$arch-bench}")"
py=/usr/bin/python3
vm="$root/scripts/appliance/vm.py"
run="$image/run"
case "$arch" in
  amd64) qemu_package=qemu-system-x86 qemu_binary=qemu-system-x86_64 ;;
  arm64) qemu_package=qemu-system-arm qemu_binary=qemu-system-aarch64 ;;
  *) echo "boot_bench.sh: $arch: amd64 or arm64" >&2; exit 2 ;;
esac
command -v "$qemu_binary" >/dev/null && command -v qemu-img >/dev/null || {
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$qemu_package" qemu-utils >/dev/null
}
if [ "${REBUILD_IMAGE:-0}" = 1 ] || [ ! -f "$image/disk.img" ]; then
  OUT_DIR="$image" IMAGE_EXTRA_PACKAGES=chromium,xserver-xorg-core,xserver-xorg-input-libinput,xinit,fonts-dejavu-core \
    IMAGE_EXTRA_HOOK="$here/chromium-hook.sh" "$root/scripts/build-image.sh" "$arch"
fi
rm -rf "$run"
mkdir -p "$run"
map="$run/ui-map.json"
qemu_pid=""
cpu="${QEMU_CPU:-max,-avx,-avx2}" # as scripts/test-appliance.sh (QEMU 7.2's AVX and llvmpipe)
# shellcheck source=scripts/appliance/lib.sh
. "$root/scripts/appliance/lib.sh"
hub_pid=""
trap '[ -n "$qemu_pid" ] && kill -9 "$qemu_pid" 2>/dev/null; [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null; true' EXIT

# Pss in MB of the processes whose command line matches $1, and the VM's memory in MB.
pss() {
  guest /bin/sh -c "t=0; for p in \$(pgrep -f '$1'); do k=\$(awk '/^Pss:/ { print \$2 }' /proc/\$p/smaps_rollup 2>/dev/null); t=\$((t + \${k:-0})); done; echo \$((t / 1024))"
}

# A room's boot, not a first boot: the disk has the kiosk's cached board and Chromium's profile
# from an earlier day. Both programs are booted once to their picture and shut down cleanly;
# every measured boot starts from an overlay of that disk. (Without this, the kiosk's first
# boot waits for its first answer from the hub, which starts beside it: 30 s of its 31.)
wait_poweroff() {
  guest /bin/systemctl poweroff >/dev/null 2>&1 || true
  for _ in $(seq 120); do kill -0 "$qemu_pid" 2>/dev/null || break; sleep 1; done
  kill -9 "$qemu_pid" 2>/dev/null || true
  wait "$qemu_pid" 2>/dev/null || true
  qemu_pid=""
}
# Where the hub runs (BENCH_HUB, above): each boot's kernel command line says which units start.
hub_mode="${BENCH_HUB:-host}"
case "$hub_mode" in
  host)
    # The hub of this build's package for the host's architecture, unpacked beside the run, with
    # its demo board and device. Each connection the guest opens to 10.0.2.100:8080 is one socat
    # to it (QEMU's guestfwd to a chardev would carry one connection only).
    command -v socat >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq socat >/dev/null
    dpkg-deb -x "$(ls -t "$root"/dist/regiebord-hub_*_"$(dpkg --print-architecture)".deb | head -1)" "$run/hub"
    "$run/hub/usr/bin/regiebord-hub" --db "$run/hub.db" serve --demo \
      --demo-file "$run/hub/usr/share/regiebord-hub/demo/board.json" --listen 127.0.0.1:0 \
      --port-file "$run/hub.port" >"$run/hub.log" 2>&1 &
    hub_pid=$!
    for _ in $(seq 100); do [ -s "$run/hub.port" ] && break; sleep 0.2; done
    [ -s "$run/hub.port" ] || fail "the hub on the host did not start: $(cat "$run/hub.log")"
    BOOT_NIC="user,model=virtio-net-pci,restrict=on,guestfwd=tcp:10.0.2.100:8080-cmd:socat STDIO TCP:127.0.0.1:$(tr -d '[:space:]' <"$run/hub.port")"
    hub_units="systemd.mask=regiebord-hub.service systemd.wants=systemd-networkd.service systemd.wants=regiebord-bench-hub-proxy.socket"
    ;;
  vm | 1) hub_units="" ;;
  none | 0) hub_units="systemd.mask=regiebord-hub.service" ;;
  *) echo "boot_bench.sh: BENCH_HUB=$hub_mode: host, vm or none" >&2; exit 2 ;;
esac

qemu-img create -q -f qcow2 -b "$image/disk.img" -F raw "$run/disk.qcow2"
for program in regiebord chromium; do
  if [ "$program" = chromium ]; then
    BOOT_APPEND="systemd.mask=regiebord.service systemd.wants=regiebord-bench-chromium.service $hub_units"
    unit=regiebord-bench-chromium.service
  else
    BOOT_APPEND="$hub_units" unit=regiebord.service
  fi
  boot
  "$py" "$here/boot_watch.py" "$run/qmp.sock" "$run/serial.log" "$unit" "$(date +%s.%N)" 900 15 >/dev/null ||
    fail "the priming boot to $program showed nothing"
  "$py" "$vm" qga "$run/qga.sock" wait 120 || fail "the priming boot's guest agent did not answer"
  wait_poweroff
done
mv "$run/disk.qcow2" "$run/primed.qcow2"
echo "boot_bench: primed (each program booted once, shut down cleanly)"

results="$run/boots.tsv"
printf 'program\tboot\tboard_s\tunit_start_s\tshare_s\tpss_mb\n' >"$results"
for i in $(seq "$boots"); do
  for program in regiebord chromium; do
    qemu-img create -q -f qcow2 -b "$run/primed.qcow2" -F qcow2 "$run/disk.qcow2"
    if [ "$program" = chromium ]; then
      BOOT_APPEND="systemd.mask=regiebord.service systemd.wants=regiebord-bench-chromium.service $hub_units"
      unit=regiebord-bench-chromium.service
      pattern='[c]hromium|[X]org' # not this shell's own command line
    else
      BOOT_APPEND="$hub_units"
      unit=regiebord.service
      pattern='^/usr/bin/regiebord '
    fi
    start=$(date +%s.%N)
    boot
    line=$("$py" "$here/boot_watch.py" "$run/qmp.sock" "$run/serial.log" "$unit" "$start" 900 15 "$run/$program-$i.timeline") ||
      fail "$program boot $i: $line"
    "$py" "$vm" qga "$run/qga.sock" wait 120 || fail "$program boot $i: the guest agent did not answer"
    mem=$(pss "$pattern")
    total=$(guest /bin/sh -c "awk '/^MemTotal:/ { print int(\$2 / 1024) }' /proc/meminfo")
    "$py" "$vm" qmp "$run/qmp.sock" screendump "$run/$program.ppm"
    read -r _ board _ unit_start _ share <<<"$line"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$program" "$i" "$board" "$unit_start" "$share" "$mem" >>"$results"
    echo "boot_bench: $program boot $i: board on screen ${board} s after power-on, its unit started at ${unit_start} s: share ${share} s; Pss ${mem} MB of the VM's ${total} MB"
    power_cut
  done
done
"$py" "$root/scripts/appliance/png2ppm.py" --to-png "$run/regiebord.ppm" "$run/regiebord.png"
"$py" "$root/scripts/appliance/png2ppm.py" --to-png "$run/chromium.ppm" "$run/chromium.png"
"$py" - "$results" "$arch" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
def med(program, key):
    return statistics.median(float(r[key]) for r in rows if r["program"] == program)
k, c = med("regiebord", "share_s"), med("chromium", "share_s")
print("boot_bench: %s, median of %d boots each:" % (sys.argv[2], len(rows) // 2))
print("  power-on to the board on screen: Regiebord %.1f s, Chromium %.1f s" % (med("regiebord", "board_s"), med("chromium", "board_s")))
print("  the display program's own share (unit start to the picture): Regiebord %.1f s, Chromium %.1f s; ratio %.2f (goal at most 0.20)" % (k, c, k / c))
print("  Pss: Regiebord %.0f MB, Chromium and Xorg %.0f MB" % (med("regiebord", "pss_mb"), med("chromium", "pss_mb")))
PY
echo "boot_bench: each boot in $results; the last pictures: $run/regiebord.png, $run/chromium.png"
