#pragma once
// For the outbox targets: puts right the checksums of a WAL file (SQLite's format,
// https://sqlite.org/fileformat2.html#walformat) so that the fuzzer reaches what is
// behind them: frames that sync/outbox_files.cpp takes as sound and replays. A random
// change to a frame almost never keeps its checksum, so without this the fuzzer would
// explore little more than the header checks.

#include <cstddef>
#include <cstdint>
#include <string>

namespace regiebord::fuzz {

namespace wal {

inline std::uint32_t get(const std::string& b, std::size_t at) {
    const auto u = [&](std::size_t i) { return std::uint32_t{static_cast<unsigned char>(b[at + i])}; };
    return (u(0) << 24U) | (u(1) << 16U) | (u(2) << 8U) | u(3);
}

inline void put(std::string& b, std::size_t at, std::uint32_t v) {
    for (std::size_t i = 0; i < 4; ++i)
        b[at + i] = static_cast<char>((v >> (24U - 8U * i)) & 0xFFU);
}

/// SQLite's WAL checksum over b[at, at + size) (a multiple of 8), continuing from s0, s1.
inline void checksum(const std::string& b, std::size_t at, std::size_t size, bool bigEndianWords,
                     std::uint32_t& s0, std::uint32_t& s1) {
    for (std::size_t i = at; i + 8 <= at + size; i += 8) {
        std::uint32_t x0 = get(b, i);
        std::uint32_t x1 = get(b, i + 4);
        if (!bigEndianWords) {
            x0 = __builtin_bswap32(x0);
            x1 = __builtin_bswap32(x1);
        }
        s0 += x0 + s1;
        s1 += x1 + s0;
    }
}

} // namespace wal

/// Rewrites the header checksum and every whole frame's checksum of the WAL in bytes,
/// in order, so that each holds. Leaves bytes alone when the header names no usable
/// page size.
inline void repairWal(std::string& bytes) {
    if (bytes.size() < 32) return;
    const std::uint32_t pageSize = wal::get(bytes, 8);
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) != 0) return;
    const bool bigWords = (wal::get(bytes, 0) & 1U) != 0;
    std::uint32_t s0 = 0;
    std::uint32_t s1 = 0;
    wal::checksum(bytes, 0, 24, bigWords, s0, s1);
    wal::put(bytes, 24, s0);
    wal::put(bytes, 28, s1);
    const std::size_t frameSize = 24 + std::size_t{pageSize};
    for (std::size_t at = 32; at + frameSize <= bytes.size(); at += frameSize) {
        wal::checksum(bytes, at, 8, bigWords, s0, s1);
        wal::checksum(bytes, at + 24, pageSize, bigWords, s0, s1);
        wal::put(bytes, at + 16, s0);
        wal::put(bytes, at + 20, s1);
    }
}

} // namespace regiebord::fuzz
