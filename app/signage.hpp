#pragma once
// Signage behaviour between meetings, without drawing: after some minutes
// without touch the kiosk cycles through its main screens; outside office
// hours the screen is dimmed or black; a touch always wakes it; and the whole
// picture moves a few pixels now and then against burn-in. Time is passed in.

#include <chrono>
#include <cstddef>
#include <ctime>
#include <optional>
#include <string>

namespace regiebord::ui {

struct SignageSettings {
    std::chrono::seconds idleBeforeCarousel{std::chrono::minutes(5)}; ///< 0 = no carousel
    std::chrono::seconds carouselStep{30};                            ///< per screen
    int officeStartMinute = 7 * 60 + 30;                              ///< local time, minutes after midnight
    int officeEndMinute = 18 * 60 + 30;
    bool weekdaysOnly = true;
    bool scheduleEnabled = false;                           ///< off: always "office hours"
    bool blackOutsideHours = false;                         ///< black instead of dimmed
    std::chrono::seconds wakeFor{std::chrono::minutes(10)}; ///< after a touch outside office hours
    bool pixelShift = true;
    int pixelShiftMax = 4; ///< px, at 1080 lines
    std::chrono::seconds pixelShiftEvery{std::chrono::minutes(3)};
};

/// "07:30-18:30" → minutes after midnight; nullopt when malformed.
std::optional<std::pair<int, int>> parseOfficeHours(const std::string& text);

enum class Dim { None, Dimmed, Black };

struct SignageState {
    /// Carousel turns taken since it started, when it runs: the kiosk shows its
    /// carousel screens (screens/registry.cpp) in turn, step modulo their number.
    std::optional<std::size_t> carouselTurn;
    Dim dim = Dim::None;
    int shiftX = 0;
    int shiftY = 0;
};

class Signage {
public:
    Signage(SignageSettings settings, std::chrono::steady_clock::time_point startedAt)
        : m_settings(settings), m_lastTouch(startedAt) {}
    void touched(std::chrono::steady_clock::time_point now) { m_lastTouch = now; }
    /// What the screen should do now. `local` is the local wall-clock time.
    SignageState state(std::chrono::steady_clock::time_point now, const std::tm& local) const;
    /// The latest time the loop should wake up to apply the next change.
    std::chrono::steady_clock::time_point nextChange(std::chrono::steady_clock::time_point now) const;
    bool officeHours(const std::tm& local) const;
    const SignageSettings& settings() const { return m_settings; }

private:
    SignageSettings m_settings;
    std::chrono::steady_clock::time_point m_lastTouch{};
};

} // namespace regiebord::ui
