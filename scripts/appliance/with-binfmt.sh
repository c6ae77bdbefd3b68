#!/usr/bin/env bash
# Runs a command where the kernel runs programs of another architecture through qemu-user,
# without touching the machine's binfmt_misc (PLATFORM-NOTES, "arm64 rootfs"):
#   scripts/appliance/with-binfmt.sh ARCH COMMAND [ARG...]      (ARCH: arm64)
# The command runs as root of a new user and mount namespace that maps uids and gids 0-65535
# to themselves (files it writes belong to the same users as outside), with a binfmt_misc
# instance of its own (kernel >= 6.7: an instance per user namespace, inherited by the
# namespaces below it, such as chroots and mmdebstrap's), where qemu-<arch>-static is
# registered with the F flag (opened now, so it works inside any chroot) and C (set-uid
# programs run with their credentials). Nothing is registered machine-wide; it all ends with
# the command. Needs root (to map more than one id) and qemu-user-static.
set -euo pipefail
arch="${1:?usage: with-binfmt.sh ARCH COMMAND [ARG...]}"
shift
case "$arch" in
  arm64) qemu=aarch64 ;;
  *) echo "with-binfmt.sh: $arch: not known" >&2; exit 2 ;;
esac
[ "$(id -u)" = 0 ] || { echo "with-binfmt.sh: needs root (the namespace maps 65536 ids)" >&2; exit 2; }
interpreter="/usr/bin/qemu-$qemu-static"
[ -x "$interpreter" ] || { echo "with-binfmt.sh: no $interpreter (qemu-user-static)" >&2; exit 2; }
# Magic and mask as Debian's qemu-user-static registers them (/usr/lib/binfmt.d).
rule=$(sed -n "s|^:qemu-$qemu:M::\([^:]*\):\([^:]*\):.*|\1:\2|p" "/usr/lib/binfmt.d/qemu-$qemu.conf")
[ -n "$rule" ] || { echo "with-binfmt.sh: no magic for $qemu in /usr/lib/binfmt.d/qemu-$qemu.conf" >&2; exit 2; }

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkfifo "$dir/ready" "$dir/go"
# Inside: wait until the id maps are written, mount the private binfmt_misc, register, run.
# shellcheck disable=SC2016  # expanded by the inner shell
unshare --user --mount --propagation private bash -c '
  echo >"$1/ready"
  read -r _ <"$1/go"
  mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
  printf "%s" ":qemu-$2:M::$3:$4:OCF" >/proc/sys/fs/binfmt_misc/register
  shift 4
  exec "$@"' inner "$dir" "$qemu" "$rule" "$interpreter" "$@" &
pid=$!
read -r _ <"$dir/ready"
# Root outside may map any ids; newuidmap (what unshare --map-users uses) would want
# /etc/subuid entries, a machine-wide change.
echo "0 0 65536" >"/proc/$pid/uid_map"
echo "0 0 65536" >"/proc/$pid/gid_map"
echo >"$dir/go"
wait "$pid"
