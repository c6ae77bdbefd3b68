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
#   [BOOTS=5] [BENCH_HUB=1] bench/appliance-boot/boot_bench.sh [amd64|arm64]
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
trap '[ -n "$qemu_pid" ] && kill -9 "$qemu_pid" 2>/dev/null || true' EXIT

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
qemu-img create -q -f qcow2 -b "$image/disk.img" -F raw "$run/disk.qcow2"
for program in regiebord chromium; do
  if [ "$program" = chromium ]; then
    BOOT_APPEND="systemd.mask=regiebord.service systemd.wants=regiebord-bench-chromium.service"
    unit=regiebord-bench-chromium.service
  else
    BOOT_APPEND="" unit=regiebord.service
  fi
  boot
  "$py" "$here/boot_watch.py" "$run/qmp.sock" "$run/serial.log" "$unit" "$(date +%s.%N)" 900 15 >/dev/null ||
    fail "the priming boot to $program showed nothing"
  "$py" "$vm" qga "$run/qga.sock" wait 120 || fail "the priming boot's guest agent did not answer"
  wait_poweroff
done
mv "$run/disk.qcow2" "$run/primed.qcow2"
echo "boot_bench: primed (each program booted once, shut down cleanly)"

# The hub starts beside the program in each boot, as in the appliance test. BENCH_HUB=0: the
# measured boots without it (a room's box reaches its hub over the network, and the hub's start
# takes 6-7 s of CPU under emulation); the kiosk then shows its cached board as offline (its
# first sync is refused), so its picture is not a room's with a reachable hub.
no_hub=""
[ "${BENCH_HUB:-1}" = 0 ] && no_hub=" systemd.mask=regiebord-hub.service"
results="$run/boots.tsv"
printf 'program\tboot\tboard_s\tunit_start_s\tshare_s\tpss_mb\n' >"$results"
for i in $(seq "$boots"); do
  for program in regiebord chromium; do
    qemu-img create -q -f qcow2 -b "$run/primed.qcow2" -F qcow2 "$run/disk.qcow2"
    if [ "$program" = chromium ]; then
      BOOT_APPEND="systemd.mask=regiebord.service systemd.wants=regiebord-bench-chromium.service$no_hub"
      unit=regiebord-bench-chromium.service
      pattern='[c]hromium|[X]org' # not this shell's own command line
    else
      BOOT_APPEND="${no_hub# }"
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
