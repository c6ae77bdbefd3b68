#!/usr/bin/env bash
# Builds a bootable Debian 12 appliance image with this build's packages installed the way
# docs/deployment.md tells IT to (apt install ./regiebord_*.deb, the token in /etc/regiebord/token,
# the config's hub.url and hub.board set, a chair PIN set with --set-pin), from Debian packages
# only: mmdebstrap into a directory, the distribution kernel, `mkfs.ext4 -d` (no loop mounts).
#   scripts/build-image.sh [amd64|arm64]
# Test aids (scripts/appliance/test-aids.sh): a uinput touchscreen fed from the host, the kiosk's
# UI map in its state directory. The hub runs in the same VM (regiebord-hub.service with its demo board on 127.0.0.1:8080), so
# the image boots to a working room without a network. Output in OUT_DIR (default
# build-image-<arch>/): disk.img (raw ext4, root=/dev/vda), vmlinuz, initrd.img, and the
# rootfs directory it was made from (kept for the next build's `rm`, not needed to boot).
# Packages: dist/regiebord_*_<arch>.deb and dist/regiebord-hub_*_<arch>.deb (build them with
# scripts/build-packages.sh <arch>; DIST_DIR to take them from elsewhere).
# The initrd holds only the modules a virtio disk needs (MODULES=list): ~45 s instead of minutes.
# Needs root (mmdebstrap's root mode: it mounts /proc and /dev inside the new tree only).
# For the boot benchmark (bench/appliance-boot/): IMAGE_EXTRA_PACKAGES (comma-separated Debian
# packages) and IMAGE_EXTRA_HOOK (a script run with the new tree as its argument) add to it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
arch="${1:-amd64}"
# arm64 on an amd64 host: the packages' maintainer scripts run through qemu-user, with a
# binfmt_misc registration private to the build (scripts/appliance/with-binfmt.sh).
case "$arch" in
  amd64) wrap=() cc=gcc ;;
  arm64) wrap=("$root/scripts/appliance/with-binfmt.sh" arm64) cc=aarch64-linux-gnu-gcc ;;
  *) echo "build-image.sh: $arch: amd64 or arm64" >&2; exit 2 ;;
esac
out="$(realpath -m "${OUT_DIR:-$root/build-image-$arch}")"
dist="$(realpath -m "${DIST_DIR:-$root/dist}")"
kiosk_deb=$(ls -t "$dist"/regiebord_*_"$arch".deb 2>/dev/null | head -1 || true)
hub_deb=$(ls -t "$dist"/regiebord-hub_*_"$arch".deb 2>/dev/null | head -1 || true)
if [ -z "$kiosk_deb" ] || [ -z "$hub_deb" ]; then
  echo "build-image.sh: no packages in $dist: run scripts/build-packages.sh $arch first" >&2
  exit 2
fi
[ "$(id -u)" = 0 ] || { echo "build-image.sh: needs root (mmdebstrap's root mode)" >&2; exit 2; }
need=()
command -v mmdebstrap >/dev/null || need+=(mmdebstrap)
command -v mkfs.ext4 >/dev/null || need+=(e2fsprogs)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

rm -rf "$out"
mkdir -p "$out"
# The test's touchscreen (scripts/appliance/touch-feeder.c), static: the image has no compiler.
"$cc" -O2 -Wall -Wextra -static -o "$out/touch-feeder" "$root/scripts/appliance/touch-feeder.c"
rootfs="$out/rootfs"
extra_hook=()
[ -z "${IMAGE_EXTRA_HOOK:-}" ] || extra_hook=(--customize-hook="$IMAGE_EXTRA_HOOK \"\$1\"")
echo "build-image.sh: $arch rootfs with $(basename "$kiosk_deb") and $(basename "$hub_deb")"
# Hooks run on the host with the new tree as $1; `chroot "$1"` runs inside it. Services are
# not started inside the tree (mmdebstrap's policy-rc.d); systemd enables them for the boot.
"${wrap[@]}" mmdebstrap --mode=root --variant=apt --architectures="$arch" \
  --include=systemd-sysv,udev,kmod,dbus,libpam-systemd,linux-image-"$arch",initramfs-tools,qemu-guest-agent${IMAGE_EXTRA_PACKAGES:+,$IMAGE_EXTRA_PACKAGES} \
  --setup-hook='mkdir -p "$1/etc/initramfs-tools/conf.d" "$1/usr/share/initramfs-tools/modules.d"' \
  --setup-hook='echo MODULES=list > "$1/etc/initramfs-tools/conf.d/regiebord-appliance"' \
  --setup-hook='printf "%s\n" virtio_pci virtio_blk virtio_mmio ext4 > "$1/usr/share/initramfs-tools/modules.d/regiebord-appliance"' \
  --customize-hook='mkdir -p "$1/root/debs"' \
  --customize-hook="copy-in $kiosk_deb $hub_deb /root/debs" \
  --customize-hook='chroot "$1" sh -c "cd /root/debs && DEBIAN_FRONTEND=noninteractive apt-get install -y -q ./*.deb"' \
  --customize-hook='rm -rf "$1/root/debs"' \
  --customize-hook="$root/scripts/appliance-setup.sh \"\$1\"" \
  --customize-hook="$root/scripts/appliance/test-aids.sh \"\$1\" $out/touch-feeder" \
  "${extra_hook[@]}" \
  bookworm "$rootfs"

# The packages in the image, for the test's upgrade and rollback.
mkdir -p "$out/debs"
cp "$kiosk_deb" "$hub_deb" "$out/debs/"
cp "$rootfs"/boot/vmlinuz-* "$out/vmlinuz"
cp "$rootfs"/boot/initrd.img-* "$out/initrd.img"
# Room for the cache, the outbox, the journal and an upgrade: the tree plus 1 GiB.
size_mb=$(($(du -sm "$rootfs" | cut -f1) + 1024))
mkfs.ext4 -q -L regiebord-root -d "$rootfs" "$out/disk.img" "${size_mb}M"
echo "build-image.sh: $out/disk.img (${size_mb} MiB), vmlinuz, initrd.img"
