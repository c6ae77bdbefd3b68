#include "self_check.hpp"

#include <SDL.h>

#include <sys/statvfs.h>

namespace regiebord::ui {

std::vector<CheckLine> checkTouch() {
    const int count = SDL_GetNumTouchDevices();
    if (count <= 0)
        return {{LogLevel::Warning,
                 std::string("self-check: NO TOUCH DEVICE found by the ") + SDL_GetCurrentVideoDriver() +
                     " video driver; the chair cannot decide by touch (check the cable, the input group, "
                     "and `libinput list-devices`)"}};
    std::vector<CheckLine> lines;
    for (int i = 0; i < count; ++i) {
        const SDL_TouchID id = SDL_GetTouchDevice(i);
        const char* name = SDL_GetTouchName(i);
        const bool direct = SDL_GetTouchDeviceType(id) == SDL_TOUCH_DEVICE_DIRECT;
        lines.push_back({LogLevel::Info, std::string("self-check: touch device \"") + (name ? name : "?") +
                                             "\"" + (direct ? " (touch screen)" : " (touch pad)")});
    }
    return lines;
}

std::vector<CheckLine> checkStorage(const StoreReport& report, const std::string& cachePath,
                                    const std::string& outboxPath) {
    std::vector<CheckLine> lines;
    if (report.cacheRebuilt)
        lines.push_back({LogLevel::Warning, "self-check: cache " + cachePath + " failed its check (" +
                                                report.cache + "); moved to " + cachePath +
                                                ".damaged, the data is fetched again"});
    else
        lines.push_back(
            {LogLevel::Info, "self-check: cache " + cachePath + ": " +
                                 (report.cache.empty() ? "not opened" : "quick_check " + report.cache)});
    if (const auto& d = report.outboxDamage) {
        // Never deleted: set aside byte for byte, so whatever it holds can be salvaged; the room
        // keeps working with a new outbox instead of a screen stuck in a restart loop.
        lines.push_back(
            {LogLevel::Error,
             "self-check: OUTBOX " + outboxPath + " DAMAGED (" + d->reason + "); set aside in " + d->movedTo +
                 " with " +
                 (d->undelivered ? std::to_string(*d->undelivered) : std::string("an unknown number of")) +
                 " undelivered decision(s); recover them with: regiebord --salvage-outbox " + d->movedTo +
                 "; starting a new outbox"});
    } else {
        lines.push_back(
            {report.outbox.empty() ? LogLevel::Error : LogLevel::Info,
             "self-check: outbox " + outboxPath + ": " +
                 (report.outbox.empty() ? "NOT OPENED: " + report.error : "quick_check " + report.outbox)});
    }
    return lines;
}

std::vector<CheckLine> checkDisk(const std::string& stateDir, std::uint64_t minFreeBytes) {
    struct statvfs fs {};
    if (statvfs(stateDir.c_str(), &fs) != 0)
        return {{LogLevel::Error, "self-check: cannot read free space of " + stateDir}};
    const std::uint64_t freeBytes = static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize;
    const std::string text = "self-check: " + std::to_string(freeBytes >> 20) + " MB free in " + stateDir;
    if (freeBytes < minFreeBytes)
        return {{LogLevel::Warning, text + " (LOW: below " + std::to_string(minFreeBytes >> 20) +
                                        " MB; the cache and outbox need room to stay safe)"}};
    return {{LogLevel::Info, text}};
}

} // namespace regiebord::ui
