#!/usr/bin/env bash
# Builds the Debian packages regiebord and regiebord-hub with CPack.
#   scripts/build-packages.sh [amd64|arm64|all]     (default: amd64)
# The packages land in dist/. Environment:
#   DEB_REVISION  Debian revision, the part after the dash (default 1)
#   BUILD_DIR     build tree to package (default build-pkg-<arch>, Release);
#                 scripts/test-packages.sh reuses the test build this way.
# arm64 is cross-built with Debian's g++-aarch64-linux-gnu and the multiarch
# -dev:arm64 packages (cmake/aarch64-linux-gnu.cmake); both are installed here
# when missing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
revision="${DEB_REVISION:-1}"
arches=("${1:-amd64}")
[ "${arches[0]}" = all ] && arches=(amd64 arm64)
mkdir -p "$root/dist"

for arch in "${arches[@]}"; do
  case "$arch" in
    amd64)
      "$root/scripts/install-deps.sh"
      toolchain=()
      ;;
    arm64)
      "$root/scripts/install-deps.sh" --arm64
      toolchain=(-DCMAKE_TOOLCHAIN_FILE="$root/cmake/aarch64-linux-gnu.cmake")
      # dpkg-shlibdeps reads the arm64 libraries' symbols files with the arm64 objdump.
      export DEB_HOST_ARCH=arm64 DEB_HOST_GNU_TYPE=aarch64-linux-gnu
      ;;
    *) echo "build-packages: unknown architecture \"$arch\" (amd64, arm64 or all)" >&2; exit 2 ;;
  esac
  build="${BUILD_DIR:-$root/build-pkg-$arch}"
  extra=()
  # A fresh packaging tree builds only what the packages hold.
  [ -f "$build/CMakeCache.txt" ] || extra=(-DCMAKE_BUILD_TYPE=Release -DREGIEBORD_BUILD_TESTS=OFF
                                           -DREGIEBORD_BUILD_BENCH=OFF -DREGIEBORD_WERROR=ON)
  cmake -S "$root" -B "$build" -G Ninja "${toolchain[@]}" "${extra[@]}" -DCMAKE_INSTALL_PREFIX=/usr \
    -DREGIEBORD_DEB_ARCH="$arch" -DREGIEBORD_DEB_REVISION="$revision" >/dev/null
  cmake --build "$build" -j "$(nproc)"
  (cd "$build" && cpack -G DEB >/dev/null)
  version="$(sed -n 's/^project(regiebord VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")-$revision"
  for pkg in regiebord regiebord-hub; do
    deb="$build/packages/${pkg}_${version}_${arch}.deb"
    [ -f "$deb" ] || { echo "build-packages: $deb was not made" >&2; exit 1; }
    cp "$deb" "$root/dist/"
    echo "build-packages: dist/$(basename "$deb")"
  done
done
