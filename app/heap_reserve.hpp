#pragma once
// Faults in a block of heap on a helper thread, to hand it to one large allocation later.
//
// Why: on the development VM a page fault costs ~13-20 us, and SDL's software renderer zeroes
// every page of a new texture. The kiosk's font texture (5.6 MB at 1080p) spent ~18 ms of each
// start faulting in 1,370 pages on the main thread, between SDL_Init and the first frame.
// A HeapReserve faults in that much heap on the start-up helper thread (faultIn(), while the
// main thread is in SDL_Init), and frees it right before the texture is made (release(), which
// stops a faultIn() still under way), so that malloc gives the texture those pages.
// The block is whole 2 MB pages on a 2 MB boundary, with transparent huge pages asked for
// (madvise): where the kernel grants them, the 1,400 faults are three (the reserve took ~1 ms
// with the memory at hand, 10-20 ms on a VM after a quiet spell, against ~17 ms and more page by
// page). Without huge pages it still works, page by page.
// Until done(), malloc serves blocks up to 16 MB from the heap and keeps freed heap
// (M_MMAP_THRESHOLD, M_TRIM_THRESHOLD); done() sets both back to glibc's 128 KB default.
// Pages nobody took are trimmed after the kiosk's third frame (kiosk.cpp).
// Needs one malloc arena (main.cpp sets M_ARENA_MAX=1): in an arena of its own the reserve's
// pages could never reach the main thread.

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>

namespace regiebord::ui {

class HeapReserve {
public:
    /// Nothing is faulted in yet; nothing at all happens for 0 or more than 16 MB.
    explicit HeapReserve(std::size_t bytes);
    HeapReserve(const HeapReserve&) = delete;
    HeapReserve& operator=(const HeapReserve&) = delete;
    ~HeapReserve();

    /// Allocates the block and writes one byte per page. Once; does nothing after release().
    void faultIn();
    /// Frees the block into the heap, where the next large allocation finds it; a faultIn() in
    /// progress stops after its current page. Call it right before that allocation. Idempotent.
    void release();
    /// After the large allocation: releases the block if that has not happened and restores
    /// malloc's thresholds. Idempotent; the destructor calls it.
    void done();

private:
    std::mutex m_mutex;
    std::condition_variable m_idle; ///< faultIn() has left its loop
    std::atomic<bool> m_stop{false};
    std::size_t m_bytes = 0;
    void* m_block = nullptr;
    void* m_pad = nullptr; ///< puts m_block on a 2 MB boundary (faultIn())
    bool m_faulting = false;
    bool m_released = false;
    bool m_done = false;
};

/// The font texture's size in bytes as the font cache file predicts it: its pixels are 1 byte
/// where the texture's are 4. 0 when there is no usable cache (the atlas is built then, and
/// that costs far more than the faults).
std::size_t fontTextureBytes(const std::string& fontCache);

} // namespace regiebord::ui
