#include "signage.hpp"

#include <array>
#include <ctime>

namespace regiebord::ui {

std::optional<std::pair<int, int>> parseOfficeHours(const std::string& text) {
    int h1 = 0, m1 = 0, h2 = 0, m2 = 0;
    char tail = 0;
    if (text.size() != 11 || std::sscanf(text.c_str(), "%2d:%2d-%2d:%2d%c", &h1, &m1, &h2, &m2, &tail) != 4)
        return std::nullopt;
    if (h1 > 23 || h2 > 24 || m1 > 59 || m2 > 59 || (h2 == 24 && m2 != 0)) return std::nullopt;
    const int start = h1 * 60 + m1;
    const int end = h2 * 60 + m2;
    if (end <= start) return std::nullopt;
    return std::make_pair(start, end);
}

bool Signage::officeHours(const std::tm& local) const {
    if (!m_settings.scheduleEnabled) return true;
    if (m_settings.weekdaysOnly && (local.tm_wday == 0 || local.tm_wday == 6)) return false;
    const int minute = local.tm_hour * 60 + local.tm_min;
    return minute >= m_settings.officeStartMinute && minute < m_settings.officeEndMinute;
}

SignageState Signage::state(std::chrono::steady_clock::time_point now, const std::tm& local) const {
    SignageState s;
    const auto idle = now - m_lastTouch;
    if (!officeHours(local) && idle >= m_settings.wakeFor)
        s.dim = m_settings.blackOutsideHours ? Dim::Black : Dim::Dimmed;
    const auto before = m_settings.idleBeforeCarousel;
    if (before.count() > 0 && idle >= before && m_settings.carouselStep.count() > 0) {
        const auto steps = (idle - before) / m_settings.carouselStep;
        s.carouselTurn = static_cast<std::size_t>(steps);
    }
    if (m_settings.pixelShift && m_settings.pixelShiftEvery.count() > 0) {
        // A slow walk through nine positions around the centre, the same on every box.
        static constexpr std::array<std::pair<int, int>, 9> kWalk{
            {{0, 0}, {1, 0}, {1, 1}, {0, 1}, {-1, 1}, {-1, 0}, {-1, -1}, {0, -1}, {1, -1}}};
        const auto since = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch());
        const auto step = static_cast<std::size_t>(since / m_settings.pixelShiftEvery) % kWalk.size();
        s.shiftX = kWalk[step].first * m_settings.pixelShiftMax;
        s.shiftY = kWalk[step].second * m_settings.pixelShiftMax;
    }
    return s;
}

std::chrono::steady_clock::time_point Signage::nextChange(std::chrono::steady_clock::time_point now) const {
    // Coarse is enough: the carousel step and the shift period are tens of seconds or more.
    auto next = now + std::chrono::minutes(1);
    const auto idle = now - m_lastTouch;
    const auto before = m_settings.idleBeforeCarousel;
    if (before.count() > 0 && m_settings.carouselStep.count() > 0) {
        if (idle < before) {
            next = std::min(next, m_lastTouch + before);
        } else {
            const auto into = (idle - before) % m_settings.carouselStep;
            next = std::min(next, now + (m_settings.carouselStep - into));
        }
    }
    if (idle < m_settings.wakeFor) next = std::min(next, m_lastTouch + m_settings.wakeFor);
    return next;
}

} // namespace regiebord::ui
