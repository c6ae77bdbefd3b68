#include "config.hpp"

#include "signage.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace regiebord::ui {

namespace {

/// "HH:MM-HH:MM" (local time), start before end; "" = always on.
void hours(ConfigReader& r, const char* section, const char* key, std::string& out) {
    r.checkedString(
        section, key, out, [](const std::string& v) { return v.empty() || parseOfficeHours(v).has_value(); },
        "\"HH:MM-HH:MM\" with the start before the end, e.g. \"07:30-18:30\" (or \"\" for always on)");
}

} // namespace

KioskConfig loadConfig(const std::string& path, std::vector<ConfigProblem>& problems) {
    KioskConfig config;
    ConfigReader r(path, problems);
    if (!r.parsed()) return config;
    readConfig(r, config);
    r.unknownKeys();
    return config;
}

void readConfig(ConfigReader& r, KioskConfig& config) {
    r.string("hub", "url", config.hubUrl);
    r.string("hub", "board", config.boardId);
    r.string("hub", "token_file", config.tokenFile);
    r.string("hub", "ca_file", config.caFile);
    r.string("hub", "pinned_public_key", config.pinnedKey);
    r.boolean("hub", "allow_plain_http", config.allowPlainHttp);
    r.string("hub", "support_contact", config.supportContact);
    r.string("display", "language", config.language);
    r.boolean("display", "fullscreen", config.fullscreen);
    r.integer("display", "width", config.width, 320, 8192);
    r.integer("display", "height", config.height, 240, 8192);
    r.string("display", "renderer", config.renderer);
    r.string("display", "font_dir", config.fontDir);
    r.integer("display", "stale_minutes", config.staleMinutes, 1, 1440);
    r.integerOf("display", "rotation", config.rotation, {0, 90, 180, 270});
    r.integer("room", "screen_inches", config.room.screenInches, 7, 150);
    r.integer("room", "viewing_distance_cm", config.room.viewingDistanceCm, 50, 2000);
    r.integer("signage", "carousel_after_minutes", config.carouselAfterMinutes, 0, 1440);
    r.integer("signage", "carousel_seconds", config.carouselSeconds, 5, 3600);
    hours(r, "signage", "office_hours", config.officeHours);
    r.boolean("signage", "weekdays_only", config.weekdaysOnly);
    r.choice("signage", "outside_hours", config.outsideHours, {"dim", "black"});
    r.boolean("signage", "pixel_shift", config.pixelShift);
    r.string("storage", "state_dir", config.stateDir);
    r.integer("sync", "poll_seconds", config.pollSeconds, 5, 3600);
    r.integer("sync", "max_board_mb", config.maxBoardMb, 1, 1024);
    r.string("chair", "pin_file", config.chairPinFile);
    r.integer("chair", "idle_minutes", config.chairIdleMinutes, 1, 60);
}

void validateConfig(const KioskConfig& c, const std::string& source, std::vector<ConfigProblem>& problems) {
    const bool https = c.hubUrl.rfind("https://", 0) == 0;
    const bool http = c.hubUrl.rfind("http://", 0) == 0;
    if (!https && !http) problems.push_back({source, 0, "hub.url", "expected a URL starting with https://"});
    // The packaged file ships with placeholders: a kiosk must not start on them.
    if (c.hubUrl.find(".example.invalid") != std::string::npos)
        problems.push_back(
            {source, 0, "hub.url", "still the example address; expected your hub's https:// URL"});
    if (c.boardId.empty() || c.boardId.rfind("replace-with", 0) == 0)
        problems.push_back({source, 0, "hub.board", "expected the board id, e.g. \"demo-regio\""});
    if (c.language != "nl" && c.language != "en")
        problems.push_back({source, 0, "display.language", "expected \"nl\" or \"en\""});
    if (c.stateDir.empty()) problems.push_back({source, 0, "storage.state_dir", "expected a directory"});
    if (c.rotation != 0 && c.rotation != 90 && c.rotation != 180 && c.rotation != 270)
        problems.push_back({source, 0, "display.rotation", "expected one of 0 90 180 270"});
}

std::optional<std::string> readToken(const std::string& path, std::vector<ConfigProblem>& problems) {
    if (path.empty()) {
        problems.push_back({"(config)", 0, "hub.token_file", "expected the path of the device token file"});
        return std::nullopt;
    }
    struct stat st {};
    if (stat(path.c_str(), &st) != 0) {
        problems.push_back({path, 0, "hub.token_file", "file not found or not readable"});
        return std::nullopt;
    }
    if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
        problems.push_back(
            {path, 0, "hub.token_file", "must not be readable by group or others (chmod 600)"});
    std::ifstream in(path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string token = buffer.str();
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' '))
        token.pop_back();
    if (token.empty()) {
        problems.push_back({path, 0, "hub.token_file", "file is empty; expected the device token"});
        return std::nullopt;
    }
    return token;
}

} // namespace regiebord::ui
