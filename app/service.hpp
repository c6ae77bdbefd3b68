#pragma once
// systemd integration of the render loop: READY=1 once the display is up and
// the loop runs, WATCHDOG=1 from the loop itself (so a hung UI stops the pings
// and systemd restarts it), STOPPING=1 on the way out. Without systemd
// (NOTIFY_SOCKET unset) every call does nothing.

#include <chrono>
#include <string>

namespace regiebord::ui {

class ServiceNotifier {
public:
    /// Reads NOTIFY_SOCKET / WATCHDOG_USEC from the environment.
    ServiceNotifier();
    bool watchdogEnabled() const { return m_interval.count() > 0; }
    /// The longest the loop may sleep so that pings stay well inside WatchdogSec.
    std::chrono::milliseconds maxSleep() const;
    void ready(const std::string& status);
    /// Sends WATCHDOG=1 when a quarter of the interval has passed since the last ping.
    void ping(std::chrono::steady_clock::time_point now);
    void status(const std::string& status);
    void stopping();
    long pingsSent() const { return m_pings; }

private:
    std::chrono::microseconds m_interval{0};
    std::chrono::steady_clock::time_point m_lastPing{};
    bool m_notify = false;
    long m_pings = 0;
};

} // namespace regiebord::ui
