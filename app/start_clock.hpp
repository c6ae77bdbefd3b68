#pragma once
// Start-up timing shared by the kiosk and the bench's bare window, so both
// report "first frame N ms after process start" the same way. Header-only:
// the bare window links nothing of ours.

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <sstream>
#include <string>
#include <unistd.h>

namespace regiebord {

/// Milliseconds since the kernel started this process (field 22 of
/// /proc/self/stat against CLOCK_BOOTTIME), so start-up includes the loader.
/// That start time is truncated to whole clock ticks (10 ms), which makes a start look
/// 0-10 ms (on average 5 ms) longer than it was. A launcher that reads a finer clock
/// just before it forks (bench/ui_bench.sh, bash's $EPOCHREALTIME) passes that reading in
/// REGIEBORD_STARTED_AT (seconds since the epoch); it is used instead when present.
inline double msSinceProcessStart() {
    if (const char* at = std::getenv("REGIEBORD_STARTED_AT"); at && *at) {
        char* end = nullptr;
        const double started = std::strtod(at, &end);
        if (end != at && started > 0) {
            timespec now{};
            clock_gettime(CLOCK_REALTIME, &now);
            return (static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9 - started) * 1e3;
        }
    }
    std::FILE* f = std::fopen("/proc/self/stat", "r");
    if (!f) return -1;
    char buffer[1024] = {};
    const std::size_t n = std::fread(buffer, 1, sizeof buffer - 1, f);
    std::fclose(f);
    const std::string stat(buffer, n);
    const auto close = stat.rfind(')'); // the command name may hold spaces
    if (close == std::string::npos) return -1;
    std::istringstream fields(stat.substr(close + 2));
    std::string field;
    for (int i = 3; i <= 22 && fields >> field; ++i) {
    }
    const double startTicks = std::strtod(field.c_str(), nullptr);
    timespec now{};
    clock_gettime(CLOCK_BOOTTIME, &now);
    const double nowMs = static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
    return nowMs - startTicks * 1e3 / static_cast<double>(sysconf(_SC_CLK_TCK));
}

/// With REGIEBORD_TRACE_START=1 in the environment, prints "start trace: <what> at N ms"
/// to stderr: the phases of a start, for docs/performance.md. Otherwise does nothing.
inline void traceStart(const char* what) {
    static const bool enabled = [] {
        const char* v = std::getenv("REGIEBORD_TRACE_START");
        return v && *v && *v != '0';
    }();
    if (enabled) std::fprintf(stderr, "start trace: %s at %.1f ms\n", what, msSinceProcessStart());
}

} // namespace regiebord
