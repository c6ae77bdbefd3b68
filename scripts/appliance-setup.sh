#!/usr/bin/env bash
# Finishes an appliance tree the way docs/deployment.md tells IT to, after the packages are
# installed: the hub's demo board (the hub runs in the same box for the appliance test), the
# device token, the kiosk's config (hub.url, hub.board) and the chair PIN. Called by
# scripts/build-image.sh as an mmdebstrap hook with the tree's path:
#   scripts/appliance-setup.sh ROOTFS
# PIN: APPLIANCE_PIN (default 2468, the demo's).
set -euo pipefail
tree="$1"
pin="${APPLIANCE_PIN:-2468}"

echo regiebord-appliance >"$tree/etc/hostname"
printf '%s\n' '/dev/vda / ext4 defaults,errors=remount-ro 0 1' >"$tree/etc/fstab"

# The hub (deployment.md, "The hub"): its demo board and demo device, on 127.0.0.1:8080.
sed -i '/^\[demo\]/,/^\[/ s/^enabled = false/enabled = true/' "$tree/etc/regiebord-hub/hub.toml"
grep -q '^enabled = true' "$tree/etc/regiebord-hub/hub.toml"
chroot "$tree" regiebord-hub --config /etc/regiebord-hub/hub.toml --check-config

# The kiosk (deployment.md, "A room"): step 4, the token; step 5, the config; step 6, the PIN.
printf '%s\n' demo-token-not-secret >"$tree/root/demo.token"
chroot "$tree" install -m 600 -o root -g root /root/demo.token /etc/regiebord/token
rm -f "$tree/root/demo.token"
sed -i -e 's|^url = .*|url = "http://127.0.0.1:8080"|' -e 's|^board = .*|board = "demo-regio"|' \
  "$tree/etc/regiebord/regiebord.toml"
chroot "$tree" regiebord --config /etc/regiebord/regiebord.toml --check-config
echo "$pin" | chroot "$tree" runuser -u regiebord -- regiebord --config /etc/regiebord/regiebord.toml --set-pin
