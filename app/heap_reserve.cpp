#include "heap_reserve.hpp"

#include <cstdlib>
#include <filesystem>
#include <malloc.h>
#include <system_error>
#include <unistd.h>

namespace regiebord::ui {
namespace {

constexpr std::size_t kMaxReserve = 16U << 20; // glibc caps the mmap threshold at 32 MB
constexpr int kDefaultThreshold = 128 << 10;   // glibc's default, now fixed

} // namespace

HeapReserve::HeapReserve(std::size_t bytes) {
    if (bytes == 0 || bytes > kMaxReserve) return;
    m_bytes = bytes;
    // From here until release(), blocks up to the reserve's size come from the heap (not from
    // mmap, whose pages would go back on free) and freed heap is kept (not trimmed).
    mallopt(M_MMAP_THRESHOLD, static_cast<int>(kMaxReserve));
    mallopt(M_TRIM_THRESHOLD, static_cast<int>(kMaxReserve));
}

HeapReserve::~HeapReserve() {
    done();
}

void HeapReserve::faultIn() {
    const std::lock_guard lock(m_mutex);
    if (m_released || m_block || m_bytes == 0) return;
    m_block = std::malloc(m_bytes);
    if (!m_block) return;
    // One write per page, through volatile: the compiler must not drop the writes (or the
    // whole malloc/free pair) as dead code.
    const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    auto* p = static_cast<volatile unsigned char*>(m_block);
    for (std::size_t i = 0; i < m_bytes; i += page)
        p[i] = 0;
}

void HeapReserve::release() {
    const std::lock_guard lock(m_mutex);
    m_released = true;
    std::free(m_block);
    m_block = nullptr;
}

void HeapReserve::done() {
    release();
    const std::lock_guard lock(m_mutex);
    if (m_done || m_bytes == 0) return;
    m_done = true;
    mallopt(M_MMAP_THRESHOLD, kDefaultThreshold);
    mallopt(M_TRIM_THRESHOLD, kDefaultThreshold);
}

std::size_t fontTextureBytes(const std::string& fontCache) {
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(fontCache, ec);
    if (ec || bytes == 0 || bytes > kMaxReserve / 4) return 0;
    return static_cast<std::size_t>(bytes) * 4 + (256U << 10); // + SDL's alignment, the first allocations
}

} // namespace regiebord::ui
