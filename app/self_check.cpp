#include "self_check.hpp"

#include "sqlite.hpp"

#include <SDL.h>

#include <ctime>
#include <filesystem>
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

namespace {

/// "ok", "absent", or the first problems quick_check reported.
std::string quickCheck(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return "absent";
    try {
        sql::Database db(path, sql::Database::Mode::ReadOnly);
        return db.quickCheck();
    } catch (const std::exception& e) {
        return e.what();
    }
}

} // namespace

std::vector<CheckLine> checkStorage(const std::string& cachePath, const std::string& outboxPath) {
    std::vector<CheckLine> lines;
    const std::string cache = quickCheck(cachePath);
    if (cache == "ok" || cache == "absent") {
        lines.push_back({LogLevel::Info, "self-check: cache " + cachePath + ": " +
                                             (cache == "ok" ? "quick_check ok" : "none yet (first start)")});
    } else {
        std::error_code ec;
        const std::string aside = cachePath + ".damaged";
        std::filesystem::rename(cachePath, aside, ec);
        for (const char* suffix : {"-wal", "-shm"})
            std::filesystem::remove(cachePath + suffix, ec);
        lines.push_back({LogLevel::Warning, "self-check: cache " + cachePath + " failed quick_check (" +
                                                cache + "); moved to " + aside +
                                                ", the data is fetched again"});
    }
    const std::string outbox = quickCheck(outboxPath);
    if (outbox == "ok" || outbox == "absent") {
        lines.push_back({LogLevel::Info, "self-check: outbox " + outboxPath + ": " +
                                             (outbox == "ok" ? "quick_check ok" : "none yet (first start)")});
    } else {
        // Never deleted: renamed with its WAL, so whatever it holds can be recovered by hand; the
        // room keeps working with a fresh outbox instead of a screen stuck in a restart loop.
        const std::string aside = outboxPath + ".damaged-" + std::to_string(std::time(nullptr));
        std::error_code ec;
        std::filesystem::rename(outboxPath, aside, ec);
        for (const char* suffix : {"-wal", "-shm"})
            if (std::filesystem::exists(outboxPath + suffix))
                std::filesystem::rename(outboxPath + suffix, aside + suffix, ec);
        lines.push_back(
            {LogLevel::Error, "self-check: OUTBOX " + outboxPath + " FAILED quick_check (" + outbox +
                                  "); kept as " + aside +
                                  ": it may hold decisions not yet delivered, see "
                                  "/usr/share/doc/regiebord/deployment.md; starting a new outbox"});
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
