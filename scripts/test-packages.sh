#!/usr/bin/env bash
# Installs, upgrades, rolls back and purges the amd64 packages on this machine
# and checks each step: the system user, the units (systemd-analyze verify),
# the installed binaries (--version, --check-config on a good and a bad file,
# the kiosk drawing the installed hub's demo board), and that the kiosk's
# decision outbox survives upgrade and rollback untouched.
#   scripts/test-packages.sh
# Needs root (dpkg -i). BUILD_DIR: the build tree to package (default: a
# Release tree build-pkg-amd64); scripts/test.sh passes its own.
# Refuses to run when regiebord or regiebord-hub is installed already: it
# purges them at the end.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD_DIR:-$root/build-pkg-amd64}"
recorder="${REGIEBORD_RECORDER:-$root/build-test/tests/crash/regiebord-crash-recorder}"

step() { printf '\n== %s\n' "$*"; }
fail() { echo "test-packages: FAILED: $*" >&2; exit 1; }
check() { local what="$1"; shift; if "$@"; then echo "ok: $what"; else fail "$what"; fi; }

[ "$(id -u)" -eq 0 ] || fail "needs root (dpkg -i); run it with sudo"
for p in regiebord regiebord-hub; do
  if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "installed"; then
    fail "$p is installed on this machine already; this test installs and purges it (dpkg --purge $p first)"
  fi
done
"$root/scripts/install-deps.sh"
# The tools this test uses, and the packages' own dependencies that the build set may lack
# (dpkg -i does not fetch dependencies).
missing=()
for p in systemd lintian adduser init-system-helpers fonts-dejavu-core sqlite3 \
  libgbm1 libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "test-packages: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

tmp="$(mktemp -d)"
hub_pid=""
cleanup() {
  [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null || true
  dpkg --purge regiebord regiebord-hub >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

step "build: revision 1 and a rebuilt revision 2"
rm -f "$root"/dist/regiebord*_amd64.deb
BUILD_DIR="$build" DEB_REVISION=1 "$root/scripts/build-packages.sh" amd64
BUILD_DIR="$build" DEB_REVISION=2 "$root/scripts/build-packages.sh" amd64
version=$(sed -n 's/^project(regiebord VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
v1="$version-1"; v2="$version-2"
deb() { echo "$root/dist/${1}_${2}_amd64.deb"; }

step "lintian"
lintian --fail-on error,warning "$(deb regiebord "$v2")" "$(deb regiebord-hub "$v2")" 2>&1 | grep -v "running with root" || true
check "lintian: no errors or warnings" lintian --fail-on error,warning "$(deb regiebord "$v2")" "$(deb regiebord-hub "$v2")"

step "install $v1"
dpkg -i "$(deb regiebord "$v1")" "$(deb regiebord-hub "$v1")"
check "regiebord $v1 installed" test "$(dpkg-query -W -f='${Version}' regiebord)" = "$v1"
check "system user regiebord" getent passwd regiebord
check "system user regiebord-hub" getent passwd regiebord-hub
check "regiebord is in the video, input and render groups" sh -c 'for g in video input render; do id -nG regiebord | grep -qw $g || exit 1; done'
check "/var/lib/regiebord is the service user's, mode 750" test "$(stat -c '%U %a' /var/lib/regiebord)" = "regiebord 750"
check "/etc/regiebord/regiebord.toml is a conffile" sh -c "dpkg-query -W -f='\${Conffiles}' regiebord | grep -q /etc/regiebord/regiebord.toml"
check "/etc/regiebord-hub/hub.toml is a conffile" sh -c "dpkg-query -W -f='\${Conffiles}' regiebord-hub | grep -q /etc/regiebord-hub/hub.toml"
check "kiosk unit enabled" test -L /etc/systemd/system/multi-user.target.wants/regiebord.service
check "hub unit enabled" test -L /etc/systemd/system/multi-user.target.wants/regiebord-hub.service
check "man pages in the packages" sh -c "dpkg-deb -c '$(deb regiebord "$v1")' | grep man1/regiebord.1.gz >/dev/null && dpkg-deb -c '$(deb regiebord-hub "$v1")' | grep man1/regiebord-hub.1.gz >/dev/null"
# Some container images tell dpkg to skip man pages; the units' man: links can then not resolve.
man_check=(); [ -f /usr/share/man/man1/regiebord.1.gz ] || man_check=(--man=no)
# systemd's own exposure score (0 = locked down, 10 = unprotected); the kiosk needs DRM, input and
# the network, the hub only the network.
exposure() { systemd-analyze security --offline=yes "$@" 2>&1 | tail -1; systemd-analyze security --offline=yes "$@" >/dev/null 2>&1; }
check "kiosk unit exposure at most 2.0 (systemd-analyze security)" exposure --threshold=20 /lib/systemd/system/regiebord.service
check "hub unit exposure at most 1.5 (systemd-analyze security)" exposure --threshold=15 /lib/systemd/system/regiebord-hub.service
check "units pass systemd-analyze verify" systemd-analyze verify "${man_check[@]}" /lib/systemd/system/regiebord.service /lib/systemd/system/regiebord-hub.service

step "installed binaries"
check "regiebord --version" sh -c "/usr/bin/regiebord --version | grep -qx 'regiebord $version'"
check "regiebord-hub --version" sh -c "/usr/bin/regiebord-hub --version | grep -qx 'regiebord-hub $version'"
check "the shipped hub config is good" /usr/bin/regiebord-hub --config /etc/regiebord-hub/hub.toml --check-config
# The shipped kiosk config is a template: it must be refused until IT fills it in.
set +e; out=$(/usr/bin/regiebord --config /etc/regiebord/regiebord.toml --check-config 2>&1); rc=$?; set -e
echo "$out"
check "the untouched kiosk template is refused (exit 2)" test "$rc" -eq 2
check "  and it says what to fill in" sh -c "echo \"\$1\" | grep -q 'hub.url'" _ "$out"
printf 'a-device-token-for-the-package-test\n' > /etc/regiebord/token
chmod 600 /etc/regiebord/token
cat > "$tmp/good.toml" <<'TOML'
[hub]
url = "https://hub.regio-voorbeeld.example"
board = "demo-regio"
[display]
rotation = 90
TOML
check "a good kiosk config passes" /usr/bin/regiebord --config "$tmp/good.toml" --check-config
printf '[hub]\nurl = "https://hub.regio-voorbeeld.example"\nboard = "demo-regio"\n[display]\nrotation = 45\n' > "$tmp/bad.toml"
set +e; out=$(/usr/bin/regiebord --config "$tmp/bad.toml" --check-config 2>&1); rc=$?; set -e
echo "$out"
check "a bad kiosk config exits 2" test "$rc" -eq 2
check "  naming file, line and key" sh -c "echo \"\$1\" | grep -q \"$tmp/bad.toml:5: display.rotation: expected one of 0 90 180 270\"" _ "$out"
# The unit has no ExecStartPre check: the kiosk itself refuses a bad file at start, the same way.
set +e; out=$(/usr/bin/regiebord --config "$tmp/bad.toml" 2>&1); rc=$?; set -e
check "the kiosk started with a bad config exits 2 at once" test "$rc" -eq 2
check "  naming file, line and key" sh -c "echo \"\$1\" | grep -q \"$tmp/bad.toml:5: display.rotation: expected one of 0 90 180 270\"" _ "$out"
printf '[server]\nlisten = "everywhere"\n' > "$tmp/bad-hub.toml"
set +e; out=$(/usr/bin/regiebord-hub --config "$tmp/bad-hub.toml" --check-config 2>&1); rc=$?; set -e
echo "$out"
check "a bad hub config exits 2" test "$rc" -eq 2
check "  naming file, line and key" sh -c "echo \"\$1\" | grep -q \"$tmp/bad-hub.toml:2: server.listen\"" _ "$out"

step "the installed kiosk draws the installed hub's demo board"
chmod 755 "$tmp"
install -d -o regiebord-hub "$tmp/hub"; install -d -o regiebord "$tmp/kiosk"
runuser -u regiebord-hub -- /usr/bin/regiebord-hub --db /var/lib/regiebord-hub/hub.db serve \
  --listen 127.0.0.1:0 --port-file "$tmp/hub/port" --demo > "$tmp/hub.log" 2>&1 &
hub_pid=$!
for _ in $(seq 100); do [ -s "$tmp/hub/port" ] && break; sleep 0.1; done
[ -s "$tmp/hub/port" ] || { cat "$tmp/hub.log"; fail "the installed hub did not start"; }
port=$(cat "$tmp/hub/port")
printf 'demo-token-not-secret\n' > "$tmp/demo-token"; chown regiebord "$tmp/demo-token"; chmod 600 "$tmp/demo-token"
runuser -u regiebord -- env SDL_VIDEODRIVER=offscreen /usr/bin/regiebord --config /dev/null \
  --hub "http://127.0.0.1:$port" --board demo-regio --token-file "$tmp/demo-token" --renderer software \
  --size 1280x720 --screenshot "$tmp/kiosk/installed.png" > "$tmp/kiosk.log" 2>&1 || { cat "$tmp/kiosk.log"; fail "installed kiosk"; }
check "the installed kiosk wrote a screenshot" test -s "$tmp/kiosk/installed.png"
check "  and filled its cache in /var/lib/regiebord" test -s /var/lib/regiebord/cache.db
kill "$hub_pid"; wait "$hub_pid" 2>/dev/null || true; hub_pid=""

step "decisions waiting in the outbox (hub unreachable)"
[ -x "$recorder" ] || fail "no decision recorder at $recorder (build the tests first, or set REGIEBORD_RECORDER)"
# The test suite's decision recorder (the sync engine and outbox the kiosk uses) records 25 decisions
# as the kiosk user; with no hub to deliver to they stay in the outbox.
runuser -u regiebord -- timeout -s KILL 30 "$recorder" http://127.0.0.1:9 demo-token-not-secret demo-regio \
  /var/lib/regiebord 25 > "$tmp/recorded.log" 2>&1 || true
queued() { sqlite3 -readonly /var/lib/regiebord/outbox.db "select count(*) from decision where state in ('queued','sending')"; }
outbox_sum() { cat /var/lib/regiebord/outbox.db* | sha256sum | cut -d' ' -f1; }
n=$(queued)
check "the outbox holds the 25 recorded decisions, undelivered ($n)" test "$n" -eq 25
sum=$(outbox_sum)
outbox_kept() {
  test "$(queued)" = "$n" &&
    test "$(outbox_sum)" = "$sum" &&
    test "$(sqlite3 -readonly /var/lib/regiebord/outbox.db 'pragma quick_check')" = ok &&
    test "$(stat -c %U /var/lib/regiebord/outbox.db)" = regiebord
}
echo "# an edit IT made" >> /etc/regiebord/regiebord.toml

step "upgrade $v1 -> $v2"
dpkg -i "$(deb regiebord "$v2")" "$(deb regiebord-hub "$v2")"
check "regiebord $v2 installed" test "$(dpkg-query -W -f='${Version}' regiebord)" = "$v2"
check "the outbox is kept, byte for byte" outbox_kept
check "the edited conffile is kept" grep -q "an edit IT made" /etc/regiebord/regiebord.toml
check "the token is kept" test -s /etc/regiebord/token

step "rollback $v2 -> $v1"
dpkg -i "$(deb regiebord "$v1")" "$(deb regiebord-hub "$v1")"
check "regiebord $v1 installed again" test "$(dpkg-query -W -f='${Version}' regiebord)" = "$v1"
check "the outbox is kept, byte for byte" outbox_kept
check "the edited conffile is kept" grep -q "an edit IT made" /etc/regiebord/regiebord.toml

step "remove (not purge) keeps the state"
dpkg --remove regiebord regiebord-hub
check "binary gone" test ! -e /usr/bin/regiebord
check "the outbox is kept after remove" outbox_kept
check "the config is kept after remove" test -f /etc/regiebord/regiebord.toml

step "purge"
dpkg --purge regiebord regiebord-hub
check "state removed" test ! -e /var/lib/regiebord -a ! -e /var/lib/regiebord-hub
check "config and token removed" test ! -e /etc/regiebord -a ! -e /etc/regiebord-hub
check "unit symlinks removed" test ! -e /etc/systemd/system/multi-user.target.wants/regiebord.service
check "dpkg knows nothing of them" sh -c "! dpkg-query -W regiebord regiebord-hub >/dev/null 2>&1"

echo
echo "test-packages: all checks passed (install $v1, upgrade to $v2, rollback to $v1, remove, purge)"
