#pragma once
// The kiosk: one event-driven loop on the UI thread. It draws only when
// something changed (input, a new snapshot, the minute on the clock, a list
// gliding on after a fling) and otherwise sleeps in SDL_WaitEventTimeout.

#include "carousel.hpp"
#include "chair_ui.hpp"
#include "display.hpp"
#include "hub_picture.hpp"
#include "i18n.hpp"
#include "screens/device_screen.hpp"
#include "screens/registry.hpp"
#include "screens/screen.hpp"
#include "signage.hpp"
#include "sync_engine.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace regiebord::ui {

struct RunOptions {
    std::string screen = "overzicht"; ///< first screen, optionally "escalaties:<id>"
    std::string screenshotPath;       ///< render, write this PNG and exit
    std::string uiMapPath;            ///< test mode: write widget rectangles here
    double waitForDataSeconds = 15;   ///< screenshot mode: how long to wait for data
    double exitAfterSeconds = 0;      ///< >0: quit after this long (benchmarks, tests)
    bool redrawAlways = false;        ///< draw every frame (for comparison only)
    std::chrono::seconds staleAfter{std::chrono::minutes(10)}; ///< freshness turns amber after this
    SignageSettings signage;                                   ///< carousel, office hours, pixel shift
    /// Called once the loop runs (display open, first frame on its way): READY=1.
    std::function<void()> onRunning;
    /// Called on every pass of the loop, however idle: the watchdog ping.
    std::function<void(std::chrono::steady_clock::time_point)> onLoop;
    /// The loop never sleeps longer than this (so onLoop keeps its rhythm).
    std::chrono::milliseconds maxSleep = std::chrono::milliseconds::max();
};

class Kiosk final : public Commands {
public:
    Kiosk(Display& display, SyncEngine& engine, const ChairSettings& chair, const DeviceInfo& device);
    /// Runs until the window closes, SIGTERM, or a screenshot is written; returns the exit code.
    int run(const RunOptions& options);
    long framesDrawn() const { return m_framesDrawn; }

    void holdDecision(const DecisionRequest& request) override;
    bool undoDecision(const std::string& subject) override;
    std::optional<int> heldSecondsLeft(const std::string& subject) const override;
    std::string submittedKey(const std::string& subject) const override;
    bool chairActive() const override;
    void setCurrentItem(const std::string& meetingId, std::optional<int> order) override;
    void requestChair() override;
    void showScreen(const std::string& id) override;
    void syncNow() override;

private:
    void drawFrame(const Snapshot& snapshot);
    void drawTopBar(const UiContext& ctx);
    struct StatusItem {
        std::string text;
        ImU32 tone;
        std::string mapName;
    };
    std::vector<StatusItem> statusItems(const UiContext& ctx, bool& alarm, bool& stale) const;
    struct StatusLine {
        std::vector<StatusItem> items;
        bool alarm = false; ///< the hub is unreachable or refuses us: red
        bool stale = false; ///< the data is older than the threshold: amber
        struct Place {
            float x = 0;    ///< from the bar's left edge
            int row = 0;    ///< the row it starts on
            float wrap = 0; ///< > 0: wraps at this width (longer than a row)
        };
        std::vector<Place> places; ///< one per item
        float width = 0;
        float height = 0;
        float buttonHeight = 0; ///< the chair and language buttons on the first row
        float firstRowGain = 0; ///< what the first row grew by to hold them
    };
    StatusLine layoutStatusLine(const UiContext& ctx, float width) const;
    std::string chairLabel() const;
    float languageButtonWidth(const UiContext& ctx) const;
    /// The one sentence the room reads when the hub refuses (the detail is in the journal).
    std::string refusalSentence(HubRefusal refusal,
                                std::optional<std::chrono::system_clock::time_point> lastGood) const;
    void drawStatusLine(const UiContext& ctx, const StatusLine& status);
    Screen* current();
    /// Hands decisions whose undo window passed to the outbox.
    void releaseDecisions();
    /// Carousel, dimming and pixel shift for this moment.
    void applySignage(bool screenshot);
    /// The carousel's step for this moment: the next page or screen, or back at a touch.
    void applyCarousel(const SignageState& st, bool screenshot);
    /// The journal's line on a full cycle's pages and length, when it changed.
    void reportCycle();

    // The loop's steps (run()): how long to sleep, the input, what changed, after a frame.
    int sleepBudget(const RunOptions& options, double elapsed) const;
    void pumpEvents(int timeout);
    /// The next event, waiting at most `timeout` ms (see sdlSleepsUntilEvent in kiosk.cpp).
    bool waitEvent(SDL_Event& event, int timeout);
    /// SDL_PollEvent; when nothing is pending, tells the display when it looked (PointerPath).
    bool pollEvent(SDL_Event& event);
    bool m_sdlSleeps = false; ///< the video driver can sleep until an event comes
    std::chrono::steady_clock::time_point m_lastEventAt{};
    /// An input event kept for the next frame (see pumpEvents: a press or release gets a
    /// frame of its own).
    std::optional<SDL_Event> m_heldEvent;
    void noteChanges(const std::shared_ptr<const Snapshot>& snapshot, const RunOptions& options);
    void trimHeap(const Snapshot& snapshot);
    int writeScreenshot(const std::string& path);
    /// On the way out: decisions still in their undo window go to the outbox.
    void recordHeldDecisions();
    /// At least n more frames are to be drawn.
    void wantFrames(int n) { m_loop.framesPending = std::max(m_loop.framesPending, n); }
    struct LoopState {
        int framesPending = 2;
        std::uint64_t drawnVersion = 0;
        std::chrono::system_clock::time_point lastMinute{};
        std::chrono::steady_clock::time_point lastFrameAt{}; ///< when the latest frame began
        std::weak_ptr<const BoardData> trimmedBoard;   ///< the board drawn when the heap was last trimmed
        std::string loggedError;                       ///< the sync problem last written to the journal
        std::optional<std::array<float, 4>> modalRect; ///< the dialog's place and size in the last frame
        int modalFrames = 0;                           ///< frames in a row in which it moved
    };
    LoopState m_loop;

    Display& m_display;
    SyncEngine& m_engine;
    std::vector<ScreenEntry> m_screens; ///< makeScreens(): tab order, carousel
    std::size_t m_current = 0;
    std::unique_ptr<UiMap> m_uiMap;
    ChairMode m_chair;
    std::string m_supportContact;                   ///< hub.support_contact
    std::map<std::string, std::string> m_submitted; ///< decision subject -> idempotency key
    long m_framesDrawn = 0; ///< laid out (ImGui); a frame laid out again is not drawn or shown
    long m_framesShown = 0; ///< drawn and presented
    std::chrono::steady_clock::time_point m_lastTick{};
    std::chrono::seconds m_staleAfter{std::chrono::minutes(10)};
    Signage m_signage{SignageSettings{}, std::chrono::steady_clock::now()};
    Carousel m_carousel;
    std::string m_loggedCycle; ///< the cycle last written to the journal
    Dim m_dim = Dim::None;
    int m_shiftX = 0;
    int m_relayoutFrames = 0;
    int m_shiftY = 0;
    Uint32 m_wakeEvent = 0;
    float m_topBarHeight = 0;                  ///< the top bar's content height, last frame
    Language m_homeLanguage = Language::Dutch; ///< the configured one; the switch is a visitor's
    std::string m_roomScreenshot;              ///< where SIGUSR1 writes what the room sees
    /// IT's picture of the screen; last, so that its helper thread has ended before anything
    /// it uses goes.
    HubPicture m_picture;
};

/// Set by the SIGTERM/SIGINT handler; the loop ends at its next wake-up.
void requestQuit();
/// Writes the next frame to <state dir>/screen.png (any thread; `systemctl kill -s USR1`).
void requestScreenshot();
/// Wakes the loop (from any thread) to look at a new snapshot.
void requestWake();

} // namespace regiebord::ui
