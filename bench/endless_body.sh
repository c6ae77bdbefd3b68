#!/usr/bin/env bash
# Memory of a kiosk polling a hub that answers with an endless body (issue 13, point 4;
# figures in docs/reliability.md). A small server answers every GET with 200 and streams
# bytes until the client hangs up; the kiosk polls it every ENDLESS_POLL_MS for
# ENDLESS_SECONDS under SDL's offscreen driver. Prints the kiosk's RSS once a second, its
# peak (VmHWM) and what the status line said.
#   bench/endless_body.sh [KIOSK_BINARY]   (default: build-bench/app/regiebord, built if needed)
#   ENDLESS_SECONDS [40]  ENDLESS_POLL_MS [2000] (whole seconds are used: --poll-seconds works in old builds too)  ENDLESS_OUT [$root/out/endless]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
kiosk="${1:-}"
if [ -z "$kiosk" ]; then
  BUILD_DIR="${BUILD_DIR:-$root/build-bench}"
  [ -f "$BUILD_DIR/CMakeCache.txt" ] || cmake -S "$root" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DREGIEBORD_BUILD_TESTS=OFF > /dev/null
  cmake --build "$BUILD_DIR" -j2 --target regiebord > /dev/null
  kiosk="$BUILD_DIR/app/regiebord"
fi
seconds="${ENDLESS_SECONDS:-40}"
poll_ms="${ENDLESS_POLL_MS:-2000}"
out="${ENDLESS_OUT:-$root/out/endless}"
rm -rf "$out"
mkdir -p "$out"
printf 'endless-not-a-secret\n' > "$out/token"
chmod 600 "$out/token"
port=$(( 20000 + RANDOM % 20000 ))
python3 - "$port" > "$out/server.log" 2>&1 <<'EOF' &
import socketserver, sys
class Endless(socketserver.StreamRequestHandler):
    def handle(self):
        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
            pass
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n[")
        chunk = b" " * 65536
        try:
            while True:
                self.wfile.write(chunk)
        except OSError:
            pass
socketserver.ThreadingTCPServer.allow_reuse_address = True
socketserver.ThreadingTCPServer(("127.0.0.1", int(sys.argv[1])), Endless).serve_forever()
EOF
server=$!
trap 'kill $server 2> /dev/null || true' EXIT
sleep 0.5
SDL_VIDEODRIVER=offscreen "$kiosk" --config /dev/null --hub "http://127.0.0.1:$port" --board demo-regio \
  --token-file "$out/token" --state-dir "$out/state" --renderer software --windowed --size 800x480 \
  --poll-seconds "$(( (poll_ms + 999) / 1000 ))" --exit-after "$seconds" > "$out/kiosk.log" 2>&1 &
pid=$!
max=0
samples=()
while kill -0 "$pid" 2> /dev/null; do
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2> /dev/null || echo 0)
  hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2> /dev/null || echo 0)
  [ -n "$rss" ] && samples+=("$rss")
  [ -n "$hwm" ] && [ "$hwm" -gt "$max" ] && max=$hwm
  sleep 1
done
wait "$pid" && status=0 || status=$?
echo "kiosk: $kiosk (exit $status)"
echo "RSS each second (MB): $(for s in "${samples[@]}"; do printf '%d ' $((s / 1024)); done)"
echo "peak RSS (VmHWM): $((max / 1024)) MB; last RSS: $(( ${samples[-1]:-0} / 1024 )) MB"
echo "what the kiosk said: $(grep -m1 -o 'sync: .*' "$out/kiosk.log" || echo '(nothing)')"
