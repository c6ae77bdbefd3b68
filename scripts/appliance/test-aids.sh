#!/usr/bin/env bash
# What the appliance test adds to the image beyond deployment.md (scripts/build-image.sh hook):
# - a touchscreen: touch-feeder (a uinput device, INPUT_PROP_DIRECT with MT slots, the size of
#   QEMU's virtio GPU picture) started before the kiosk, fed taps through /run/touch.fifo;
# - the kiosk's UI map (--ui-map) in /var/lib/regiebord/ui-map.json, where the test reads where
#   each button is (a drop-in; the shipped unit is untouched).
#   scripts/appliance/test-aids.sh ROOTFS TOUCH_FEEDER_BINARY
set -euo pipefail
tree="$1"
install -m 755 "$2" "$tree/usr/local/sbin/touch-feeder"
cat >"$tree/etc/systemd/system/regiebord-touch-feeder.service" <<'UNIT'
[Unit]
Description=Regiebord appliance test: a uinput touchscreen fed from the host
Before=regiebord.service

[Service]
ExecStartPre=/sbin/modprobe uinput
ExecStart=/usr/local/sbin/touch-feeder /run/touch.fifo 1280 800
Restart=on-failure

[Install]
WantedBy=multi-user.target
UNIT
ln -sf /etc/systemd/system/regiebord-touch-feeder.service \
  "$tree/etc/systemd/system/multi-user.target.wants/regiebord-touch-feeder.service"
mkdir -p "$tree/etc/systemd/system/regiebord.service.d"
cat >"$tree/etc/systemd/system/regiebord.service.d/test-ui-map.conf" <<'UNIT'
[Service]
ExecStart=
ExecStart=/usr/bin/regiebord --config /etc/regiebord/regiebord.toml --ui-map /var/lib/regiebord/ui-map.json
UNIT
