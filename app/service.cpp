#include "service.hpp"

#include <systemd/sd-daemon.h>

#include <cstdlib>

namespace regiebord::ui {

ServiceNotifier::ServiceNotifier() {
    m_notify = std::getenv("NOTIFY_SOCKET") != nullptr;
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) m_interval = std::chrono::microseconds(usec);
}

std::chrono::milliseconds ServiceNotifier::maxSleep() const {
    if (!watchdogEnabled()) return std::chrono::milliseconds::max();
    // Ping at a quarter of the interval; sleeping at most that long keeps a
    // missed ping from ever being the loop's fault.
    return std::max(std::chrono::milliseconds(50),
                    std::chrono::duration_cast<std::chrono::milliseconds>(m_interval / 4));
}

void ServiceNotifier::ready(const std::string& status) {
    if (!m_notify) return;
    sd_notify(0, ("READY=1\nSTATUS=" + status).c_str());
    if (watchdogEnabled()) {
        sd_notify(0, "WATCHDOG=1");
        m_lastPing = std::chrono::steady_clock::now();
        ++m_pings;
    }
}

void ServiceNotifier::ping(std::chrono::steady_clock::time_point now) {
    if (!watchdogEnabled() || now - m_lastPing < m_interval / 4) return;
    sd_notify(0, "WATCHDOG=1");
    m_lastPing = now;
    ++m_pings;
}

void ServiceNotifier::status(const std::string& status) {
    if (m_notify) sd_notify(0, ("STATUS=" + status).c_str());
}

void ServiceNotifier::stopping() {
    if (m_notify) sd_notify(0, "STOPPING=1");
}

} // namespace regiebord::ui
