#include "hub_picture.hpp"

#include "display.hpp"
#include "log.hpp"
#include "start_clock.hpp"
#include "sync_engine.hpp"

#include <exception>
#include <functional>
#include <string>
#include <system_error>
#include <utility>

namespace regiebord::ui {

void HubPicture::offer(Display& display, SyncEngine& engine) {
    // One picture at a time: the last one is still being made.
    if (m_work.valid() && m_work.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
    const auto now = std::chrono::steady_clock::now();
    const bool asked = engine.screenshotAsked();
    // Not on the way to the first frame (the boot's figure): the first picture 10 s after the start.
    if (!asked && !m_at && msSinceProcessStart() < 10000) return;
    if (!asked && m_at && now - *m_at < kEvery) return;
    m_at = now;
    std::string error;
    auto pixels = display.readPixels(error);
    if (!pixels) {
        logLine(LogLevel::Warning, "screen picture for the hub: " + error);
        return;
    }
    // Only the read is the frame's; an exception stays in the helper and is logged.
    try {
        m_work = std::async(std::launch::async, [this, &engine, rgba = std::move(*pixels),
                                                 w = display.outputWidth(), h = display.outputHeight(),
                                                 asked] {
            try {
                auto png = Display::encodePicture(rgba, w, h, kWidth);
                if (!png) {
                    logLine(LogLevel::Warning, "screen picture for the hub: cannot encode the screen as PNG");
                    return;
                }
                const std::size_t hash = std::hash<std::string>{}(*png);
                if (!asked && hash == m_hash) return; // unchanged: nothing to send
                m_hash = hash;
                engine.submitScreenshot(std::move(*png));
            } catch (const std::exception& e) {
                logLine(LogLevel::Warning, std::string("screen picture for the hub: ") + e.what());
            }
        });
    } catch (const std::system_error& e) { // no thread to be had: this picture is skipped, the next one tried
        logLine(LogLevel::Warning, std::string("screen picture for the hub: ") + e.what());
    }
}

} // namespace regiebord::ui
