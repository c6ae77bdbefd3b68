#include "heap_reserve.hpp"

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <malloc.h>
#include <sys/mman.h>
#include <system_error>
#include <unistd.h>

namespace regiebord::ui {
namespace {

constexpr std::size_t kMaxReserve = 16U << 20; // glibc caps the mmap threshold at 32 MB
constexpr int kDefaultThreshold = 128 << 10;   // glibc's default, now fixed

constexpr std::uintptr_t kHugePage = 2U << 20;

std::uintptr_t alignUp(std::uintptr_t address) {
    return (address + kHugePage - 1) & ~(kHugePage - 1);
}

// Transparent huge pages for the 2 MB-aligned part of [block, block + bytes): one fault per
// 2 MB instead of 512 where the kernel has THP in "madvise" mode (Debian's default).
void adviseHugePages(void* block, std::size_t bytes) {
    const auto begin = alignUp(reinterpret_cast<std::uintptr_t>(block));
    const auto end = (reinterpret_cast<std::uintptr_t>(block) + bytes) & ~(kHugePage - 1);
    if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

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
    {
        const std::lock_guard lock(m_mutex);
        if (m_released || m_block || m_bytes == 0) return;
        // Whole huge pages, starting on a 2 MB boundary: then the block, and the texture that
        // gets it, take one fault per 2 MB. The heap hands out its top from low to high, so
        // a pad block the size of the gap to the next boundary moves this block onto it.
        // glibc's chunks: a request of n bytes takes n + 8 rounded up to 16 (SIZE_SZ, MALLOC_ALIGNMENT
        // on 64-bit), so gap - 8 bytes fill the gap exactly. If another thread allocates in
        // between, the block simply stays unaligned (a few more faults, nothing worse).
        const std::size_t bytes = alignUp(m_bytes);
        m_block = std::malloc(bytes);
        if (!m_block) return;
        const auto at = reinterpret_cast<std::uintptr_t>(m_block);
        if (const std::uintptr_t gap = alignUp(at) - at; gap >= 64) {
            std::free(m_block);
            m_pad = std::malloc(gap - sizeof(std::size_t)); // freed in done(), after the texture
            m_block = std::malloc(bytes);
            if (!m_block) return;
        }
        m_bytes = bytes;
        m_faulting = true;
    }
    adviseHugePages(m_block, m_bytes);
    // One write per page, through volatile: the compiler must not drop the writes (or the
    // whole malloc/free pair) as dead code. release() stops the loop: the main thread never
    // waits for pages it could fault in itself.
    const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    auto* p = static_cast<volatile unsigned char*>(m_block);
    for (std::size_t i = 0; i < m_bytes && !m_stop.load(std::memory_order_relaxed); i += page)
        p[i] = 0;
    {
        const std::lock_guard lock(m_mutex);
        m_faulting = false;
    }
    m_idle.notify_all();
}

void HeapReserve::release() {
    m_stop.store(true, std::memory_order_relaxed);
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [this] { return !m_faulting; });
    m_released = true;
    std::free(m_block);
    m_block = nullptr;
}

void HeapReserve::done() {
    release();
    const std::lock_guard lock(m_mutex);
    if (m_done || m_bytes == 0) return;
    m_done = true;
    std::free(m_pad);
    m_pad = nullptr;
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
