#!/usr/bin/env bash
# Installs every Debian 12 package Regiebord needs to build, test (scripts/tidy.sh too) and demo.
# Idempotent: packages already present are left alone. Runs apt-get update only
# when something is missing.
#   --arm64: also the arm64 cross-build (scripts/test-arm64.sh): the cross compiler,
#   qemu-user and the :arm64 libraries. Header-only packages (json, CLI11, Catch2,
#   stb) come from the native set. libpq-dev is not Multi-Arch: same (its :arm64
#   would replace the native one), so the cross-build takes the native libpq
#   headers and links libpq5:arm64's libpq.so.5 (cmake/aarch64-linux-gnu.cmake).
#   --fuzz: also the libFuzzer build (scripts/fuzz.sh) and the ASan build
#   (scripts/test-sanitizers.sh): clang, its sanitizer and libFuzzer runtimes, and
#   llvm-symbolizer for the stacks in crash reports.
set -euo pipefail

arm64=0
fuzz=0
case "${1:-}" in
  --arm64) arm64=1 ;;
  --fuzz) fuzz=1 ;;
  "") ;;
  *) echo "usage: $0 [--arm64|--fuzz]" >&2; exit 2 ;;
esac

packages=(
  cmake ninja-build g++ pkg-config
  libsdl2-dev libimgui-dev libfreetype-dev libstb-dev
  libsqlite3-dev sqlite3 libcurl4-openssl-dev
  nlohmann-json3-dev libcpp-httplib-dev libtomlplusplus-dev libcli11-dev libutfcpp-dev
  uuid-dev libsystemd-dev catch2
  libboost1.74-dev "libpq-dev:$(dpkg --print-architecture)" libssl-dev zlib1g-dev postgresql haproxy  # hub: Beast/Asio, libpq; tests: PostgreSQL, HAProxy
  libcairo2-dev libpango1.0-dev poppler-utils  # hub: the besluitenlijst's PDF (pango + cairo); tests: pdftotext, pdftoppm
  libxlsxwriter-dev python3-openpyxl  # hub: export-workbook; tests: read the workbook back
  libzip-dev libpugixml-dev  # hub: import of .xlsx workbooks (the zip, the XML inside)
  libsodium-dev  # hub: the web side's accounts (argon2id password hashes)
  fonts-dejavu-core
  xvfb xauth xdotool openssl curl
  chromium  # tests: the hub's web pages in a real browser (tests/web, playwright-core from npm)
  clang-tidy-14 clang-format-14  # scripts/tidy.sh; the layout check (tests/lint/run.sh)
)

if [ "$arm64" -eq 1 ]; then
  packages+=(
    g++-aarch64-linux-gnu qemu-user-static file lintian
    libsqlite3-dev:arm64 libcurl4-openssl-dev:arm64 libssl-dev:arm64 uuid-dev:arm64
    libcpp-httplib-dev:arm64 libtomlplusplus-dev:arm64 libboost1.74-dev:arm64 libpq5:arm64 zlib1g-dev:arm64
    libxlsxwriter-dev:arm64 libzip-dev:arm64 libpugixml-dev:arm64 libsodium-dev:arm64
    libsdl2-dev:arm64 libimgui-dev:arm64 libfreetype-dev:arm64 libsystemd-dev:arm64
    libcairo2-dev:arm64 libpango1.0-dev:arm64
  )
fi

if [ "$fuzz" -eq 1 ]; then
  packages+=(clang-14 libclang-rt-14-dev llvm-14)
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# The :arm64 packages need the foreign architecture (then apt-get update, below).
if [ "$arm64" -eq 1 ] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
  echo "install-deps: adding the arm64 architecture"
  $SUDO dpkg --add-architecture arm64
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# The protocol-schema test runs ajv on Node.js; any Node >= 18 will do.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
