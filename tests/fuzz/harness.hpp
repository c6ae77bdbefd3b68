#pragma once
// Shared by the fuzz targets (tests/fuzz/README.md): invariants that end the
// process so that libFuzzer (or the replay driver) reports the input, and a
// scratch directory for the decoders that read files.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace regiebord::fuzz {

/// Prints what broke and traps: libFuzzer reports a "deadly signal" with the stack
/// and saves the input; the replay driver names the corpus file.
[[noreturn]] void fail(std::string_view what);

/// fail(what) unless condition holds.
inline void require(bool condition, std::string_view what) {
    if (!condition) fail(what);
}

/// fail() unless text is valid UTF-8 (everything we show or send must be).
void requireUtf8(std::string_view text, std::string_view what);

/// The fuzzer's bytes as text.
inline std::string_view asText(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

/// A directory of this process, created on first use (in /dev/shm when it exists, so that
/// the file-reading targets do not wear a disk) and removed when the process exits normally.
const std::string& scratchDir();

/// Writes bytes to path (created or truncated); fail()s when it cannot.
void writeFile(const std::string& path, std::string_view bytes);

/// Removes everything inside dir, keeping dir itself.
void clearDir(const std::string& dir);

} // namespace regiebord::fuzz
