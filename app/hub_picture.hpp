#pragma once
// IT's picture of the screen (the hub's devices page, docs/deployment.md): a small PNG when
// the hub asked for one, and every few minutes when the screen changed. Only the pixel read
// is the frame's: shrinking and encoding take 30-38 ms of the build machine's core
// (bench/picture_bench.cpp), more on a Pi's, so they run on a helper thread, one picture at a
// time, and no flick or page turn stutters when IT looks.

#include <chrono>
#include <cstddef>
#include <future>
#include <optional>

namespace regiebord {
class SyncEngine;
}

namespace regiebord::ui {

class Display;

class HubPicture {
public:
    static constexpr std::chrono::minutes kEvery{5};
    static constexpr int kWidth = 960;

    /// After a settled frame with no modal open (the PIN keypad, a confirmation): takes a
    /// picture when the hub asked for one or one is due, and hands it to the engine. Never
    /// throws: a picture that cannot be taken, encoded or given a thread is logged and skipped.
    /// The engine must outlive this object (the helper thread hands it the picture).
    void offer(Display& display, SyncEngine& engine);

private:
    std::optional<std::chrono::steady_clock::time_point> m_at; ///< the last look at the screen
    std::size_t m_hash = 0;                                    ///< of the last picture sent
    /// The picture being shrunk and encoded; its destructor waits for it, so it is declared
    /// after what it uses.
    std::future<void> m_work;
};

} // namespace regiebord::ui
