#!/usr/bin/env bash
# Installs every Debian 12 package Regiebord needs to build, test and demo.
# Idempotent: packages already present are left alone. Runs apt-get update only
# when something is missing.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config
  libsdl2-dev libimgui-dev libfreetype-dev libstb-dev
  libsqlite3-dev sqlite3 libcurl4-openssl-dev
  nlohmann-json3-dev libcpp-httplib-dev libtomlplusplus-dev libcli11-dev
  uuid-dev libsystemd-dev catch2
  fonts-dejavu-core
  xvfb xauth xdotool openssl
)

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

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
