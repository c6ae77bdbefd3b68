#!/bin/sh
# mmdebstrap customize hook for the boot benchmark's image (boot_bench.sh): the static
# dashboard and a unit that shows it in Chromium on a bare X server, as kiosk projects do.
# The unit is not enabled: the benchmark starts it from the kernel command line
# (systemd.wants=) and masks the Regiebord kiosk for those boots (systemd.mask=).
# Also the guest's side of the hub on the host (BENCH_HUB=host): a network file for
# systemd-networkd and a socket proxy at the appliance's hub address, started the same way.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$1/usr/local/share/regiebord-bench"
cp "$here/dashboard.html" "$1/usr/local/share/regiebord-bench/dashboard.html"
cp "$here/regiebord-bench-chromium.service" "$here/regiebord-bench-hub-proxy.socket" \
  "$here/regiebord-bench-hub-proxy.service" "$1/etc/systemd/system/"
# Translate off by policy, as kiosk deployments have it (--disable-features=Translate does not
# remove the offer in this Chromium).
mkdir -p "$1/etc/chromium/policies/managed"
printf '{ "TranslateEnabled": false }\n' >"$1/etc/chromium/policies/managed/regiebord-bench.json"
mkdir -p "$1/etc/systemd/network"
cp "$here/50-regiebord-bench.network" "$1/etc/systemd/network/"
