#pragma once
// Faults in a block of heap on a helper thread, to hand it to one large allocation later.
//
// Why: on the development VM a page fault costs ~13-20 us, and SDL's software renderer zeroes
// every page of a new texture. The kiosk's font texture (5.6 MB at 1080p) spent ~18 ms of each
// start faulting in 1,370 pages on the main thread, between SDL_Init and the first frame.
// A HeapReserve faults in that much heap on the start-up helper thread once its own work is done
// (faultIn(), while the main thread is still in SDL_Init), and frees it right before the texture
// is made (release(), which stops a faultIn() still under way), so that malloc gives the
// texture those pages. In the 2 MB-aligned part of the block it asks for transparent huge pages.
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
#include <thread>

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

/// Faults in the pages of a block that is about to be written for the first time, on a thread
/// of its own, front to back, while the caller does other work; finish() stops it.
///
/// Why: the software renderer's window surface (8 MB at 1080p, shared memory with the X server)
/// is fresh memory whose first write, SDL's clear in the first present, took ~25 ms of page
/// faults on the main thread. The kiosk starts a warmer on it when the renderer is made and
/// finishes it before the first frame is rendered: fonts and the first layout run meanwhile.
/// The warmer writes a zero to each page. Nobody may touch the block until finish() returns.
class PageWarmer {
public:
    PageWarmer() = default;
    PageWarmer(const PageWarmer&) = delete;
    PageWarmer& operator=(const PageWarmer&) = delete;
    ~PageWarmer();

    /// Starts the thread on [block, block + bytes). Once; nothing happens for a null block.
    void start(void* block, std::size_t bytes);
    /// Stops the thread after the page it is on and waits for it. Returns the pages it wrote.
    /// Idempotent; the destructor calls it.
    std::size_t finish();
    /// Pages written so far (for tests and traces).
    std::size_t pagesDone() const { return m_pages.load(std::memory_order_relaxed); }

private:
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::atomic<std::size_t> m_pages{0};
};

/// The font texture's size in bytes as the font cache file predicts it: its pixels are 1 byte
/// where the texture's are 4. 0 when there is no usable cache (the atlas is built then, and
/// that costs far more than the faults).
std::size_t fontTextureBytes(const std::string& fontCache);

} // namespace regiebord::ui
