# Cross-build for arm64 (aarch64) Debian 12 on an amd64 host, against the
# multiarch :arm64 -dev packages (see scripts/test-arm64.sh for the list).
#   cmake -S . -B build-arm64 -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake
# Tests run through qemu-user (CMAKE_CROSSCOMPILING_EMULATOR); no binfmt_misc needed.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
# Multiarch: libraries in /usr/lib/aarch64-linux-gnu, CMake package files there too.
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

# A cache entry: a plain variable is dropped by FindPkgConfig (CMP0102 warning).
# The wrapper searches only the arm64 .pc files (and the arch-independent ones).
set(PKG_CONFIG_EXECUTABLE /usr/bin/aarch64-linux-gnu-pkg-config CACHE FILEPATH "pkg-config for aarch64")

# ctest and catch_discover_tests run the arm64 binaries through this.
set(CMAKE_CROSSCOMPILING_EMULATOR /usr/bin/qemu-aarch64-static)

# The target "sysroot" is the host's / (multiarch), so there is no
# CMAKE_FIND_ROOT_PATH; only programs (node, openssl, sh) come from the host,
# libraries and headers are found through CMAKE_LIBRARY_ARCHITECTURE.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)

# libpq-dev cannot be installed for two architectures at once (it is not
# Multi-Arch: same), so the native one stays and gives the headers (libpq-fe.h
# is the same on both 64-bit targets); the arm64 library is libpq5:arm64's.
if(EXISTS /usr/lib/aarch64-linux-gnu/libpq.so.5 AND NOT EXISTS /usr/lib/aarch64-linux-gnu/libpq.so)
  set(PostgreSQL_LIBRARY /usr/lib/aarch64-linux-gnu/libpq.so.5 CACHE FILEPATH "arm64 libpq (libpq5:arm64)")
endif()
