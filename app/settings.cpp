#include "settings.hpp"

#include <filesystem>

namespace regiebord::ui {

std::optional<KioskSettings> kioskSettings(const KioskConfig& config, std::vector<ConfigProblem>& problems) {
    const auto token = readToken(config.tokenFile, problems);
    if (!token) return std::nullopt;
    const std::filesystem::path state(config.stateDir);
    KioskSettings k;
    k.stateDir = config.stateDir;
    k.language = config.language == "en" ? Language::English : Language::Dutch;

    SyncSettings& s = k.sync;
    s.hubUrl = config.hubUrl;
    s.boardId = config.boardId;
    s.token = *token;
    s.cachePath = (state / "cache.db").string();
    s.outboxPath = (state / "outbox.db").string();
    s.pollInterval = std::chrono::seconds(config.pollSeconds);
    s.maxBoardBytes = static_cast<std::size_t>(config.maxBoardMb) << 20U;
    s.http.caFile = config.caFile;
    s.http.pinnedPublicKey = config.pinnedKey;
    s.http.allowPlainHttp = config.allowPlainHttp;
    s.http.userAgent = std::string("regiebord/") + REGIEBORD_VERSION;

    DisplayOptions& d = k.display;
    d.fullscreen = config.fullscreen;
    d.width = config.width;
    d.height = config.height;
    d.renderer = config.renderer;
    d.fontDir = config.fontDir;
    d.rotation = config.rotation;
    d.room = config.room;

    k.chair.pinFile = config.pinFile();
    k.chair.guardFile = (state / "chair.db").string();
    k.chair.idleTimeout = std::chrono::minutes(config.chairIdleMinutes);

    SignageSettings& g = k.signage;
    g.idleBeforeCarousel = std::chrono::minutes(config.carouselAfterMinutes);
    g.carouselStep = std::chrono::seconds(config.carouselSeconds);
    if (const auto hours = parseOfficeHours(config.officeHours)) {
        g.scheduleEnabled = true;
        g.officeStartMinute = hours->first;
        g.officeEndMinute = hours->second;
    }
    g.weekdaysOnly = config.weekdaysOnly;
    g.blackOutsideHours = config.outsideHours == "black";
    g.pixelShift = config.pixelShift;
    k.staleAfter = std::chrono::minutes(config.staleMinutes);
    k.supportContact = config.supportContact;
    return k;
}

} // namespace regiebord::ui
